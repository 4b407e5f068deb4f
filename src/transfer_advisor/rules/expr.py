"""A small, safe expression language for rule conditions (``when:``): parsing and compiling.

Conditions are written like Python (``data.labeled_examples < thresholds.in_context_max_examples
and not prompting.tried``) but never reach ``eval``: the text is parsed with :mod:`ast`, every
node is checked against a short allow-list, and the tree is compiled once into plain closures, so
evaluating a rule for a batch row costs a few function calls. Dotted names are facts; an unknown
fact is a rulebook error at load time, not a surprise at run time.

Missing facts are ``None``; an ordering comparison (``<``, ``>=``...) with ``None`` is false and
arithmetic with ``None`` gives ``None``, so a rule about an unknown budget simply does not fire
(the operators and closures that do so are in ``closures``; message templates in ``template``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from typing import Any

from transfer_advisor._internal.didyoumean import did_you_mean
from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.rules.bounds import UNKNOWN, Bound, BoundError, check_shape, measure
from transfer_advisor.rules.closures import (
    _ARITH_OPS,
    Facts,
    Fn,
    _closure,
    _comparison,
    _fast_compare,
    _list_of,
    _safe_arith,
    negate,
    safe_call,
)


class ExprError(ValueError):
    """An expression or template is not valid; ``offset`` is the 0-based column in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


_CONSTANT_NAMES = {"true": True, "false": False, "null": None, "none": None,
                   "True": True, "False": False, "None": None}  # fmt: skip

_FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "len": len}


class Expression(FrozenRecord):
    """A compiled condition: call it with the facts. ``size`` counts its parse-tree parts (the
    rulebook's evaluation budget counts them) and ``bound`` is its value's bound."""

    __slots__ = ("text", "names", "fn", "size", "bound")

    text: str
    names: frozenset[str]
    fn: Fn
    size: int
    bound: Bound

    def __init__(
        self, text: str, names: frozenset[str], fn: Fn, size: int = 1, bound: Bound = UNKNOWN
    ) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "bound", bound)

    def __call__(self, facts: Facts) -> Any:
        return self.fn(facts)


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _unknown(name: str, known: Collection[str], offset: int) -> ExprError:
    return ExprError(f"unknown fact {name!r}{did_you_mean(name, known)}", offset)


class _Compiler:
    """Compile an allow-listed ``ast`` tree into closures.

    With ``fast`` (the default) the common shapes get closures of their own, so a rule costs
    one or two Python calls instead of one per node: a fact compared with a constant, ``and``
    and ``or`` of two or three parts, ``not`` of a fact. Facts in ``constants`` (a rulebook's
    thresholds, which no row can change) are folded into the closures as constants; they are
    still listed in ``names``. ``fast=False`` compiles every node the plain way: the reference
    the tests compare the fast closures against.
    """

    def __init__(
        self,
        known: Collection[str],
        constants: Mapping[str, Any] | None = None,
        fast: bool = True,
        values: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.known = known
        self.constants = constants if constants is not None and fast else {}
        self.fast = fast
        self.values = values or {}
        self.names: set[str] = set()

    def check_values(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> None:
        """A fact with a fixed set of values, compared with a string it can never hold, is a
        typo that would make the rule silently never (or always) fire: say so."""
        if isinstance(op, ast.Eq | ast.NotEq):
            pairs = [(left, [right]), (right, [left])]
        elif isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.List | ast.Tuple):
            pairs = [(left, list(right.elts))]
        else:
            return
        for fact_node, others in pairs:
            name = _dotted(fact_node) if isinstance(fact_node, ast.Name | ast.Attribute) else None
            allowed = self.values.get(name) if name is not None else None
            if allowed is None:
                continue
            for other in others:
                if isinstance(other, ast.Constant) and isinstance(other.value, str) \
                        and other.value not in allowed:  # fmt: skip
                    hint = did_you_mean(other.value, allowed)
                    raise ExprError(f"{name} is never {other.value!r} (its values: "
                                    f"{', '.join(allowed)}){hint}", other.col_offset)  # fmt: skip

    def operand(self, node: ast.expr) -> tuple[str, Any]:
        """``("const", value)``, ``("fact", name)`` or ``("fn", closure)`` for ``node``."""
        if isinstance(node, ast.Constant):
            value = node.value
            if not isinstance(value, str | int | float | bool) and value is not None:
                raise ExprError("only numbers, strings, true/false and null are allowed",
                                node.col_offset)  # fmt: skip
            return "const", value
        if isinstance(node, ast.Name | ast.Attribute):
            name = _dotted(node)
            if name is None:
                raise ExprError("only dotted fact names are allowed", node.col_offset)
            if name in _CONSTANT_NAMES:
                return "const", _CONSTANT_NAMES[name]
            if name not in self.known:
                raise _unknown(name, self.known, node.col_offset)
            self.names.add(name)
            if name in self.constants:
                return "const", self.constants[name]
            return "fact", name
        return "fn", self._compile(node)

    def compile(self, node: ast.expr) -> Fn:
        return _closure(self.operand(node))

    def _compile(self, node: ast.expr) -> Fn:
        if isinstance(node, ast.BoolOp):
            return self._bool_op(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                kind, operand_value = self.operand(node.operand)
                if self.fast and kind == "fact":
                    name = operand_value
                    return lambda facts: not facts.get(name)
                operand = _closure((kind, operand_value))
                return lambda facts: not operand(facts)
            if isinstance(node.op, ast.USub):
                operand = self.compile(node.operand)
                return lambda facts: negate(operand(facts))
            raise ExprError("unsupported operator", node.col_offset)
        if isinstance(node, ast.BinOp):
            arith = _ARITH_OPS.get(type(node.op))
            if arith is None:
                raise ExprError("unsupported operator", node.col_offset)
            left, right, op = self.compile(node.left), self.compile(node.right), _safe_arith(arith)
            return lambda facts: op(left(facts), right(facts))
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.List | ast.Tuple):
            return _list_of([self.compile(e) for e in node.elts])
        if isinstance(node, ast.Call):
            fname = node.func.id if isinstance(node.func, ast.Name) else None
            if fname not in _FUNCTIONS or node.keywords:
                raise ExprError(
                    f"only the functions {', '.join(sorted(_FUNCTIONS))} may be called",
                    node.col_offset,
                )
            func = safe_call(_FUNCTIONS[fname])
            args = [self.compile(a) for a in node.args]
            return lambda facts: func(*[a(facts) for a in args])
        if isinstance(node, ast.IfExp):
            test, body, orelse = (self.compile(node.test), self.compile(node.body),
                                  self.compile(node.orelse))  # fmt: skip
            return lambda facts: body(facts) if test(facts) else orelse(facts)
        raise ExprError(f"{type(node).__name__} is not allowed in a condition", node.col_offset)

    def _bool_op(self, node: ast.BoolOp) -> Fn:
        parts = [self.compile(v) for v in node.values]
        conjunction = isinstance(node.op, ast.And)
        if self.fast and len(parts) == 2:
            first, second = parts
            if conjunction:
                return lambda facts: first(facts) and second(facts)
            return lambda facts: first(facts) or second(facts)
        if self.fast and len(parts) == 3:
            first, second, third = parts
            if conjunction:
                return lambda facts: first(facts) and second(facts) and third(facts)
            return lambda facts: first(facts) or second(facts) or third(facts)
        if conjunction:

            def all_of(facts: Facts) -> Any:
                result: Any = True
                for part in parts:
                    result = part(facts)
                    if not result:
                        return result
                return result

            return all_of

        def any_of(facts: Facts) -> Any:
            result: Any = False
            for part in parts:
                result = part(facts)
                if result:
                    return result
            return result

        return any_of

    def _compare(self, node: ast.Compare) -> Fn:
        sides = [node.left, *node.comparators]
        for op, lhs, rhs in zip(node.ops, sides, sides[1:], strict=False):
            self.check_values(lhs, op, rhs)
        if self.fast and len(node.ops) == 1:
            left = self.operand(node.left)
            right = self.operand(node.comparators[0])
            fast = _fast_compare(node.ops[0], left, right)
            if fast is not None:
                return fast
            return self._chain(_closure(left), [(node.ops[0], _closure(right))])
        left_fn = self.compile(node.left)
        return self._chain(
            left_fn,
            [(op, self.compile(c)) for op, c in zip(node.ops, node.comparators, strict=True)],
        )

    def _chain(self, left: Fn, ops: list[tuple[ast.cmpop, Fn]]) -> Fn:
        steps: list[tuple[Callable[[Any, Any], Any], Fn]] = [
            (_comparison(op), right) for op, right in ops
        ]

        def compare(facts: Facts) -> bool:
            a = left(facts)
            for fn, right in steps:
                b = right(facts)
                if not fn(a, b):
                    return False
                a = b
            return True

        return compare


#: Why a condition the parser or the compiler cannot descend into is refused.
_TOO_DEEP = "condition too deeply nested (split it into derived facts)"


def compile_expression(
    text: str | bool,
    known: Collection[str],
    constants: Mapping[str, Any] | None = None,
    *,
    fast: bool = True,
    values: Mapping[str, Collection[str]] | None = None,
    bounds: Mapping[str, Bound] | None = None,
    checked: bool = True,
) -> Expression:
    """Compile ``text`` over the fact names in ``known``; raise :class:`ExprError` if invalid.

    ``constants`` are facts whose value is the same for every evaluation (a rulebook's
    thresholds): they are folded in. ``values`` lists the only strings some facts can hold;
    comparing such a fact with another string is an error. ``fast=False`` gives the plain
    reference closures. With ``bounds`` (the bounds of the derived facts so far) the value's
    bound is measured, and one past the limits of ``bounds`` (the module) is an error.
    ``checked=False`` skips the size and depth limits: only for the shipped rulebook, which
    the tests compile with every check.
    """
    if isinstance(text, bool):  # `when: true` in YAML
        value = text
        return Expression(str(text).lower(), frozenset(), lambda facts: value)
    try:
        # Inside parentheses, a condition may span lines the way YAML folds them.
        tree = ast.parse(f"({text.strip()}\n)", mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"invalid condition: {exc.msg}", max((exc.offset or 2) - 2, 0)) from None
    except (RecursionError, MemoryError):
        # Python's parser gives up on a long chain ('1+1+1...') or deep nesting this way.
        raise ExprError(_TOO_DEEP) from None
    compiler = _Compiler(known, constants, fast, values)
    try:
        size = check_shape(tree) if checked else 1  # before anything recurses into the tree
        fn = compiler.compile(tree.body)
        bound = measure(tree, bounds, constants or {}) if bounds is not None else UNKNOWN
    except (ExprError, BoundError) as exc:
        raise ExprError(str(exc), max(exc.offset - 1, 0)) from None  # the added "("
    except (RecursionError, MemoryError):
        # The compiler recurses once per nested node ('not not not ...').
        raise ExprError(_TOO_DEEP) from None
    return Expression(text, frozenset(compiler.names), fn, size, bound)
