"""A small, safe expression language for rule conditions (``when:``) and message templates.

Conditions are written like Python (``data.labeled_examples < thresholds.in_context_max_examples
and not prompting.tried``) but never reach ``eval``: the text is parsed with :mod:`ast`, every
node is checked against a short allow-list, and the tree is compiled once into plain closures, so
evaluating a rule for a batch row costs a few function calls. Dotted names are facts; an unknown
fact is a rulebook error at load time, not a surprise at run time.

Missing facts are ``None``; an ordering comparison (``<``, ``>=``...) with ``None`` is false and
arithmetic with ``None`` gives ``None``, so a rule about an unknown budget simply does not fire.
"""

from __future__ import annotations

import ast
import difflib
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

Facts = Mapping[str, Any]
Fn = Callable[[Facts], Any]


class ExprError(ValueError):
    """An expression or template is not valid; ``offset`` is the 0-based column in its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


_CONSTANT_NAMES = {"true": True, "false": False, "null": None, "none": None,
                   "True": True, "False": False, "None": None}  # fmt: skip

_ORDER_OPS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITH_OPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "len": len}


@dataclass(frozen=True, slots=True)
class Expression:
    """A compiled condition: call it with the facts."""

    text: str
    names: frozenset[str]
    fn: Fn

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
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return ExprError(f"unknown fact {name!r}{hint}", offset)


def _safe_order(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return False
        try:
            return op(a, b)
        except TypeError:
            return False

    return compare


def _safe_arith(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        # Numbers only: 'x' * 10**11 must not be able to exhaust memory.
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return None
        try:
            return op(a, b)
        except (TypeError, ZeroDivisionError):
            return None

    return apply


def _contains(a: Any, b: Any) -> bool:
    try:
        return b is not None and a in b
    except TypeError:
        return False


class _Compiler:
    def __init__(self, known: Collection[str]) -> None:
        self.known = known
        self.names: set[str] = set()

    def compile(self, node: ast.expr) -> Fn:
        if isinstance(node, ast.Constant):
            value = node.value
            if not isinstance(value, str | int | float | bool) and value is not None:
                raise ExprError("only numbers, strings, true/false and null are allowed",
                                node.col_offset)  # fmt: skip
            return lambda facts: value
        if isinstance(node, ast.Name | ast.Attribute):
            name = _dotted(node)
            if name is None:
                raise ExprError("only dotted fact names are allowed", node.col_offset)
            if name in _CONSTANT_NAMES:
                constant = _CONSTANT_NAMES[name]
                return lambda facts: constant
            if name not in self.known:
                raise _unknown(name, self.known, node.col_offset)
            self.names.add(name)
            return lambda facts: facts.get(name)
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v) for v in node.values]
            if isinstance(node.op, ast.And):

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
        if isinstance(node, ast.UnaryOp):
            operand = self.compile(node.operand)
            if isinstance(node.op, ast.Not):
                return lambda facts: not operand(facts)
            if isinstance(node.op, ast.USub):
                return lambda facts: None if (v := operand(facts)) is None else -v
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
            items = [self.compile(e) for e in node.elts]
            return lambda facts: tuple(item(facts) for item in items)
        if isinstance(node, ast.Call):
            fname = node.func.id if isinstance(node.func, ast.Name) else None
            if fname not in _FUNCTIONS or node.keywords:
                raise ExprError(
                    f"only the functions {', '.join(sorted(_FUNCTIONS))} may be called",
                    node.col_offset,
                )
            func = _FUNCTIONS[fname]
            args = [self.compile(a) for a in node.args]

            def call(facts: Facts) -> Any:
                values = [a(facts) for a in args]
                try:
                    return func(*values)
                except (TypeError, ValueError):
                    return None

            return call
        if isinstance(node, ast.IfExp):
            test, body, orelse = (self.compile(node.test), self.compile(node.body),
                                  self.compile(node.orelse))  # fmt: skip
            return lambda facts: body(facts) if test(facts) else orelse(facts)
        raise ExprError(f"{type(node).__name__} is not allowed in a condition", node.col_offset)

    def _compare(self, node: ast.Compare) -> Fn:
        left = self.compile(node.left)
        steps: list[tuple[Callable[[Any, Any], Any], Fn]] = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            fn: Callable[[Any, Any], Any]
            if isinstance(op, ast.Eq):
                fn = operator.eq
            elif isinstance(op, ast.NotEq):
                fn = operator.ne
            elif isinstance(op, ast.Is):
                fn = operator.is_
            elif isinstance(op, ast.IsNot):
                fn = operator.is_not
            elif isinstance(op, ast.In):
                fn = _contains
            elif isinstance(op, ast.NotIn):

                def fn(a: Any, b: Any) -> bool:
                    return not _contains(a, b)

            else:
                fn = _safe_order(_ORDER_OPS[type(op)])
            steps.append((fn, self.compile(comparator)))

        def compare(facts: Facts) -> bool:
            a = left(facts)
            for fn, right in steps:
                b = right(facts)
                if not fn(a, b):
                    return False
                a = b
            return True

        return compare


def compile_expression(text: str | bool, known: Collection[str]) -> Expression:
    """Compile ``text`` over the fact names in ``known``; raise :class:`ExprError` if invalid."""
    if isinstance(text, bool):  # `when: true` in YAML
        value = text
        return Expression(str(text).lower(), frozenset(), lambda facts: value)
    try:
        # Inside parentheses, a condition may span lines the way YAML folds them.
        tree = ast.parse(f"({text.strip()}\n)", mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"invalid condition: {exc.msg}", max((exc.offset or 2) - 2, 0)) from None
    compiler = _Compiler(known)
    try:
        fn = compiler.compile(tree.body)
    except ExprError as exc:
        raise ExprError(str(exc), max(exc.offset - 1, 0)) from None  # the added "("
    return Expression(text, frozenset(compiler.names), fn)


_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^{}]*))?\}|[{}]")


@dataclass(frozen=True, slots=True)
class Template:
    """A message with ``{fact.name}`` or ``{fact.name:,}`` placeholders, checked at load time."""

    text: str
    names: frozenset[str]
    parts: tuple[tuple[str, str | None, str], ...]  # (literal before, fact, format spec)
    tail: str

    def render(self, facts: Facts) -> str:
        out: list[str] = []
        for literal, name, spec in self.parts:
            out.append(literal)
            if name is not None:
                out.append(_format_value(facts.get(name), spec))
        out.append(self.tail)
        return "".join(out)


def _format_value(value: Any, spec: str) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "none"
    if spec:
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: The format specs a template may use: thousands separators and a few decimals or a percent.
_SPEC = re.compile(r",?(\.[0-9][f%])?")


def compile_template(text: str, known: Collection[str]) -> Template:
    """Compile a message template; ``{{`` and ``}}`` are literal braces.

    Unknown placeholders and stray braces raise :class:`ExprError`.
    """
    parts: list[tuple[str, str | None, str]] = []
    names: set[str] = set()
    literal: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        name = match.group(1)
        if name is None:
            raise ExprError(
                "unbalanced '{' or '}' in template (placeholders are {fact.name}; "
                "write {{ or }} for a brace)",
                match.start(),
            )
        if name not in known:
            raise _unknown(name, known, match.start())
        spec = match.group(2) or ""
        if not _SPEC.fullmatch(spec):
            raise ExprError(
                f"format {spec!r} is not allowed: use ',' for thousands and '.Nf' for decimals"
                " (e.g. {data.labeled_examples:,} or {estimates.full.usd:,.0f})",
                match.start(),
            )
        names.add(name)
        parts.append(("".join(literal), name, spec))
        literal = []
    literal.append(text[pos:])
    return Template(text, frozenset(names), tuple(parts), "".join(literal))
