"""The cost bounds of a rulebook, checked when it is loaded: no rulebook can hang or exhaust memory.

Rulebooks arrive in pull requests, so a short file must not be able to stall ``check`` in CI.
Three bounds make every manifest's evaluation small, whatever the rulebook:

* **shape**: an expression has at most :data:`MAX_NODES` parts and nests at most
  :data:`MAX_DEPTH` deep, and a rulebook has at most :data:`MAX_TOTAL_NODES` parts in all its
  conditions together. Every condition and derived fact is evaluated at most once per manifest,
  so this bounds the number of steps;
* **numbers**: each derived fact's integers are estimated from how they are composed (a sum
  adds a bit, a product adds the bits of both sides); one that could exceed
  :data:`MAX_BITS` bits (``x * x`` squared again and again) is refused;
* **lists**: a list may hold numbers, strings, booleans and null, not other lists, so
  ``[prev, prev]`` cannot double a value's size fact after fact.

The same bounds hold at run time (see ``closures``): arithmetic whose integer result is larger
than :data:`MAX_BITS` bits gives null, and a list built of lists of lists gives null, so
a manifest's own huge numbers cannot get round them either.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from transfer_advisor._internal.records import FrozenRecord

#: Parts (parse-tree nodes) of one expression; the shipped rulebook's largest has 86.
MAX_NODES = 500
#: Nesting depth of one expression; the shipped rulebook's deepest is 9.
MAX_DEPTH = 50
#: Parts of all a rulebook's expressions together; the shipped rulebook has about 3,000.
MAX_TOTAL_NODES = 50_000
#: Largest integer a derived fact may hold, in bits (about 10^308, the largest float).
MAX_BITS = 1024
#: The bits assumed for a fact the engine fills (it is bounded at run time all the same).
FACT_BITS = 64

#: Facts the engine fills with a list.
LIST_FACTS = frozenset({
    "model.domains", "model.languages", "model.assumed", "model.zero_shot_tasks",
    "task.suggestions", "language.missing", "language.suggestions", "input.suggestions",
    "feasibility.suggestions", "modality.suggestions", "domain.suggestions", "estimates.fitting",
})  # fmt: skip


class BoundError(ValueError):
    """An expression exceeds a bound; ``offset`` is the 0-based column of the part at fault."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


class Bound(FrozenRecord):
    """What a fact's value can be, at most: integer bits, and whether it may be a list."""

    __slots__ = ("bits", "is_list")

    bits: int
    is_list: bool

    def __init__(self, bits: int = 1, is_list: bool = False) -> None:
        object.__setattr__(self, "bits", bits)
        object.__setattr__(self, "is_list", is_list)


def check_shape(tree: ast.AST) -> int:
    """Refuse an expression with too many parts or nested too deep; its number of parts."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise BoundError(f"condition too long: more than {MAX_NODES} parts (split it into "
                             "derived facts)")  # fmt: skip
        if depth > MAX_DEPTH:
            raise BoundError(f"condition too deeply nested: more than {MAX_DEPTH} levels (split "
                             "it into derived facts)")  # fmt: skip
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return count


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class _Measure:
    def __init__(self, facts: Mapping[str, Bound], constants: Mapping[str, Any]) -> None:
        self.facts = facts
        self.constants = constants

    def constant(self, value: Any) -> Bound:
        if isinstance(value, bool) or not isinstance(value, int):
            return Bound(FACT_BITS if isinstance(value, float) else 1)
        return Bound(max(1, value.bit_length()))

    def of(self, node: ast.expr) -> Bound:
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.Name | ast.Attribute):
            name = _dotted(node) or ""
            if name in self.constants:
                return self.constant(self.constants[name])
            found = self.facts.get(name)
            if found is not None:
                return found
            return Bound(FACT_BITS, name in LIST_FACTS)
        if isinstance(node, ast.BinOp):
            left, right = self.of(node.left), self.of(node.right)
            if isinstance(node.op, ast.Mult):
                bits = left.bits + right.bits
            elif isinstance(node.op, ast.Add | ast.Sub):
                bits = max(left.bits, right.bits) + 1
            elif isinstance(node.op, ast.Mod):
                bits = right.bits
            else:  # / gives a float, // no more than its left side
                bits = left.bits
            return Bound(bits)  # arithmetic gives numbers only
        if isinstance(node, ast.UnaryOp):
            inner = self.of(node.operand)
            return Bound(inner.bits if isinstance(node.op, ast.USub) else 1)
        if isinstance(node, ast.List | ast.Tuple):
            for element in node.elts:
                if self.of(element).is_list:
                    raise BoundError("a list may not hold another list (a list literal or a "
                                     "fact that holds one)", element.col_offset)  # fmt: skip
            return Bound(1, True)
        if isinstance(node, ast.BoolOp):
            return _widest([self.of(v) for v in node.values])
        if isinstance(node, ast.IfExp):
            self.of(node.test)
            return _widest([self.of(node.body), self.of(node.orelse)])
        if isinstance(node, ast.Call):
            args = [self.of(a) for a in node.args]
            if isinstance(node.func, ast.Name) and node.func.id == "len":
                return Bound(FACT_BITS)
            # min and max give one of their arguments, or an element of a list argument.
            return Bound(max((a.bits for a in args), default=1))
        for child in ast.iter_child_nodes(node):  # comparisons: true or false
            if isinstance(child, ast.expr):
                self.of(child)
        return Bound(1)


def _widest(bounds: list[Bound]) -> Bound:
    return Bound(max(b.bits for b in bounds), any(b.is_list for b in bounds))


def measure(
    tree: ast.Expression, facts: Mapping[str, Bound], constants: Mapping[str, Any]
) -> Bound:
    """The bound of an expression's value, given the bounds of the derived facts before it;
    :class:`BoundError` if it could hold a number larger than :data:`MAX_BITS` bits."""
    found = _Measure(facts, constants).of(tree.body)
    if found.bits > MAX_BITS:
        raise BoundError(f"its value can grow to a number of about {found.bits:,} bits, more "
                         f"than the limit of {MAX_BITS:,} (each product adds the sizes of its "
                         "sides: do not multiply a fact by itself fact after fact)")  # fmt: skip
    return found


#: The bound of a value nothing is known about (a condition compiled outside a rulebook).
UNKNOWN = Bound()
