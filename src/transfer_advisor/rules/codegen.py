"""Rule conditions as generated Python: one plain function per phase of the engine.

The closures of :mod:`~transfer_advisor.rules.expr` cost one Python call per node of a
condition. For a batch the same conditions run on every row, so the engine's phases (the
derived facts, the strategy and technique rules, the findings) are also written out as the
source of one ordinary function each, from the same conditions, and compiled once:

    def phase(facts):
        get = facts.get
        if (get('data.labeled_examples') == 0 and not get('prompting.tried')):
            return 0
        ...

Only conditions that have already compiled (and so passed every check of ``expr`` and
``bounds``) are generated, node by node with the same meaning as their closures: a fact is
``get(name)`` (None when missing), a threshold is its value, and every operator that can meet
``None`` or a value of the wrong type calls the very helper the closure calls (``closures``),
so the two paths cannot drift apart; ``tests/test_codegen.py`` compares them on thousands of
generated manifests. Nothing of the rulebook's text reaches the source but fact names and
constants, both written with :func:`repr` (or, for a value that has no literal, taken from a
table), and the source is compiled with no builtins in reach.
"""

from __future__ import annotations

import ast
import math
import operator
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from transfer_advisor.rules.closures import (
    _ARITH_OPS,
    _ORDER_OPS,
    Facts,
    _contains,
    _not_contains,
    _safe_arith,
    _safe_order,
    list_value,
    negate,
    safe_call,
)
from transfer_advisor.rules.expr import _CONSTANT_NAMES, _FUNCTIONS, _dotted

#: What a phase function returns: see :func:`build_phases`.
Phase = Callable[[Facts], Any]


def _chain(*parts: Any) -> bool:
    """``a OP b OP c``: ``parts`` is the first value, then (operator, thunk) pairs."""
    a = parts[0]
    for at in range(1, len(parts), 2):
        b = parts[at + 1]()
        if not parts[at](a, b):
            return False
        a = b
    return True


#: The helpers generated code calls, by the name it calls them.
HELPERS: dict[str, Any] = {
    "_neg": negate,
    "_list": list_value,
    "_chain": _chain,
    "_in": _contains,
    "_not_in": _not_contains,
    **{f"_call_{name}": safe_call(fn) for name, fn in _FUNCTIONS.items()},
    **{f"_arith_{op.__name__}": _safe_arith(fn) for op, fn in _ARITH_OPS.items()},
    **{f"_order_{op.__name__}": _safe_order(fn) for op, fn in _ORDER_OPS.items()},
    "_eq": operator.eq,
    "_ne": operator.ne,
    "_is": operator.is_,
    "_is_not": operator.is_not,
}
_CHAIN_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "_eq",
    ast.NotEq: "_ne",
    ast.Is: "_is",
    ast.IsNot: "_is_not",
    ast.In: "_in",
    ast.NotIn: "_not_in",
    **{op: f"_order_{op.__name__}" for op in _ORDER_OPS},
}
_INLINE_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
}


class _Closure(Exception):
    """A condition the generated code could not give the same answer for: it stays a call to
    its own compiled function."""


#: Constants that are one object wherever they are written, so ``is`` means the same in
#: generated code as in a closure.
_SINGLETONS = (None, True, False)


class _Writer:
    """Python source for conditions over ``facts``, with ``constants`` folded in."""

    def __init__(self, constants: Mapping[str, Any]) -> None:
        self.constants = constants
        #: Values with no exact literal (inf, nan), referred to as _K[i].
        self.table: list[Any] = []

    def constant(self, value: Any) -> str:
        if value is None or isinstance(value, bool | int | str):
            return repr(value)
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)  # repr of a finite float reads back as the same float
        self.table.append(value)
        return f"_K[{len(self.table) - 1}]"

    def expression(self, text: str | bool) -> str:
        if isinstance(text, bool):
            return repr(text)
        tree = ast.parse(f"({text.strip()}\n)", mode="eval")
        return self.node(tree.body)

    def node(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, ast.Name | ast.Attribute):
            name = _dotted(node)
            if name is None:  # refused by the compiler before this point
                raise ValueError("only dotted fact names are allowed")
            if name in _CONSTANT_NAMES:
                return repr(_CONSTANT_NAMES[name])
            if name in self.constants:
                return self.constant(self.constants[name])
            return f"get({name!r})"
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + joiner.join(self.node(v) for v in node.values) + ")"
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return f"(not {self.node(node.operand)})"
            if isinstance(node.op, ast.USub):
                return f"_neg({self.node(node.operand)})"
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH_OPS:
            return (
                f"_arith_{type(node.op).__name__}({self.node(node.left)}, {self.node(node.right)})"
            )
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.List | ast.Tuple):
            return "_list((" + "".join(f"{self.node(e)}, " for e in node.elts) + "))"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = ", ".join(self.node(a) for a in node.args)
            return f"_call_{node.func.id}({args})"
        if isinstance(node, ast.IfExp):
            return (f"({self.node(node.body)} if {self.node(node.test)} "
                    f"else {self.node(node.orelse)})")  # fmt: skip
        raise ValueError(f"{type(node).__name__} is not allowed in a condition")

    def _identity_safe(self, node: ast.expr) -> bool:
        """Whether ``is`` with ``node`` as a side means the same in generated code: a fact's
        value, or None/true/false. A string or number written in the condition is another
        object in compiled code (which interns and shares its constants) than the one the
        closure holds, so ``x is 'text'`` could hold in one and not the other."""
        if isinstance(node, ast.Constant):
            return any(node.value is singleton for singleton in _SINGLETONS)
        if isinstance(node, ast.Name | ast.Attribute):
            name = _dotted(node)
            if name in _CONSTANT_NAMES:
                return any(_CONSTANT_NAMES[name] is singleton for singleton in _SINGLETONS)
            return name not in self.constants
        return True  # computed at run time the same way in both

    def compare(self, node: ast.Compare) -> str:
        sides = [node.left, *node.comparators]
        for op, lhs, rhs in zip(node.ops, sides, sides[1:], strict=False):
            if isinstance(op, ast.Is | ast.IsNot) and not (
                self._identity_safe(lhs) and self._identity_safe(rhs)
            ):
                raise _Closure
        left = self.node(node.left)
        if len(node.ops) == 1:
            op, right = node.ops[0], self.node(node.comparators[0])
            inline = _INLINE_OPS.get(type(op))
            if inline is not None:  # never raises for the values facts hold
                return f"({left} {inline} {right})"
            return f"{_CHAIN_OPS[type(op)]}({left}, {right})"
        # A chain evaluates each side once, the later ones only while it holds.
        steps = "".join(
            f", {_CHAIN_OPS[type(op)]}, lambda: {self.node(c)}"
            for op, c in zip(node.ops, node.comparators, strict=True)
        )
        return f"_chain({left}{steps})"


def _function(name: str, body: list[str]) -> str:
    return "\n".join([f"def {name}(facts):", "    get = facts.get", *body, ""])


Condition = tuple[str | bool, Callable[[Facts], Any]]


def build_phases(
    constants: Mapping[str, Any],
    *,
    assign: Sequence[tuple[str, Condition]] = (),
    first: Mapping[str, Sequence[Condition]] | None = None,
    every: Mapping[str, Sequence[Condition]] | None = None,
) -> dict[str, Phase]:
    """Compile the phases of a rulebook into functions of the facts, by name:

    - ``"assign"``: sets each ``(fact, condition)`` of ``assign`` in order (later conditions
      read the facts set before them) and returns None;
    - each key of ``first``: the index of the first condition that holds, or -1;
    - each key of ``every``: the indexes of the conditions that hold, in order.

    A condition is its text, which compiled with ``constants`` (see ``compile.expr``), and
    its compiled function, which the generated code calls where it cannot write the condition
    with the same meaning (``is`` against a written constant).
    """
    writer = _Writer(constants)
    functions: list[Callable[[Facts], Any]] = []

    def source(condition: Condition) -> str:
        text, fn = condition
        try:
            return writer.expression(text)
        except _Closure:
            functions.append(fn)
            return f"_F[{len(functions) - 1}](facts)"

    sources = [_function("assign", [f"    facts[{name!r}] = {source(c)}"
                                    for name, c in assign] or ["    return None"])]  # fmt: skip
    names = {"assign": "assign"}
    for number, (key, conditions) in enumerate((first or {}).items()):
        body = [f"    if {source(c)}:\n        return {i}" for i, c in enumerate(conditions)]
        sources.append(_function(f"first_{number}", [*body, "    return -1"]))
        names[key] = f"first_{number}"
    for number, (key, conditions) in enumerate((every or {}).items()):
        body = [f"    if {source(c)}:\n        out.append({i})" for i, c in enumerate(conditions)]
        sources.append(_function(f"every_{number}", ["    out = []", *body, "    return out"]))
        names[key] = f"every_{number}"
    namespace: dict[str, Any] = {
        "__builtins__": {}, "_K": tuple(writer.table), "_F": tuple(functions), **HELPERS,
    }  # fmt: skip
    with warnings.catch_warnings():  # nothing the compiler could warn about reaches a user
        warnings.simplefilter("ignore")
        code = compile("\n".join(sources), "<transfer-advisor rule phases>", "exec")
    exec(code, namespace)  # our own source, written from conditions that compiled
    return {key: namespace[function] for key, function in names.items()}


_REGENERATE = (
    "Regenerate with ``python -m transfer_advisor.rules.precompiled`` (the tests fail when it "
    "is stale)."
)


def module_source(
    conditions: Sequence[tuple[str, tuple[str, ...]]],
    constants: Mapping[str, Any],
    fingerprint: Mapping[str, int],
    origin: str,
    note: str = _REGENERATE,
) -> str:
    """The source of a module holding one function per condition (its text and the fact names
    it reads): for the rulebook that ships with the package (``rules/precompiled.py``), or a
    team's, cached (``rules/cache.py``); ``note`` ends its docstring."""
    writer = _Writer(constants)
    functions = []
    table = []
    for number, (text, names) in enumerate(conditions):
        try:
            body = writer.expression(text)
        except _Closure:  # left out: it compiles at load time as any condition can
            continue
        functions.append(f"def _c{number}(facts: Facts) -> Any:\n    get = facts.get\n"
                         f"    return {body}\n")  # fmt: skip
        table.append(f"    {text!r}: (_c{number}, {tuple(sorted(names))!r}),\n")
    helpers = "".join(f"{name} = HELPERS[{name!r}]\n" for name in sorted(HELPERS))
    special = ", ".join(f"float({str(value)!r})" for value in writer.table)
    return (
        f'"""The conditions of {origin}, as Python functions: generated, do not edit.\n\n'
        f'{note}\n"""\n\n'
        "from typing import Any\n\n"
        "from transfer_advisor.rules.closures import Facts\n"
        "from transfer_advisor.rules.codegen import HELPERS\n\n"
        f"{helpers}"
        f"_K = ({special}{',' if len(writer.table) == 1 else ''})\n"
        f"FINGERPRINT = {dict(fingerprint)!r}\n\n\n"
        + "\n\n".join(functions)
        + "\n\nCONDITIONS: dict[str, tuple[Any, tuple[str, ...]]] = {\n"
        + "".join(table)
        + "}\n"
    )
