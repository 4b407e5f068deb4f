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
import typing
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
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
                    close = difflib.get_close_matches(other.value, list(allowed), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
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
                # Numbers only, like the arithmetic: -'text' is null, not an error mid-advice.
                return lambda facts: -v if isinstance(v := operand(facts), int | float) else None
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


def _closure(operand: tuple[str, Any]) -> Fn:
    kind, value = operand
    if kind == "const":
        return lambda facts: value
    if kind == "fact":
        return lambda facts: facts.get(value)
    return typing.cast(Fn, value)


def _not_contains(a: Any, b: Any) -> bool:
    return not _contains(a, b)


def _comparison(op: ast.cmpop) -> Callable[[Any, Any], Any]:
    """The function a comparison step applies (the reference semantics)."""
    if isinstance(op, ast.Eq):
        return operator.eq
    if isinstance(op, ast.NotEq):
        return operator.ne
    if isinstance(op, ast.Is):
        return operator.is_
    if isinstance(op, ast.IsNot):
        return operator.is_not
    if isinstance(op, ast.In):
        return _contains
    if isinstance(op, ast.NotIn):
        return _not_contains
    return _safe_order(_ORDER_OPS[type(op)])


def _fast_compare(op: ast.cmpop, left: tuple[str, Any], right: tuple[str, Any]) -> Fn | None:
    """One closure for ``fact OP constant`` and ``fact OP fact`` (None for other shapes).

    Same results as the reference chain: ``==`` and ``!=`` as Python compares, an ordering
    with a None side (or of incomparable values) is false.
    """
    (lkind, a), (rkind, b) = left, right
    if lkind != "fact" or rkind not in ("const", "fact"):
        return None
    name = a
    if rkind == "fact":
        other = b
        if isinstance(op, ast.Eq):
            return lambda facts: facts.get(name) == facts.get(other)
        if isinstance(op, ast.NotEq):
            return lambda facts: facts.get(name) != facts.get(other)
        return None
    constant = b
    if isinstance(op, ast.Eq):
        return lambda facts: facts.get(name) == constant
    if isinstance(op, ast.NotEq):
        return lambda facts: facts.get(name) != constant
    if isinstance(op, ast.Is):
        return lambda facts: facts.get(name) is constant
    if isinstance(op, ast.IsNot):
        return lambda facts: facts.get(name) is not constant
    order = _ORDER_OPS.get(type(op))
    if order is None:
        return None
    if constant is None:
        return lambda facts: False
    return _ordered_with_constant(name, order, constant)


def _ordered_with_constant(name: str, order: Callable[[Any, Any], bool], constant: Any) -> Fn:
    def compare(facts: Facts) -> bool:
        value = facts.get(name)
        if value is None:
            return False
        try:
            return order(value, constant)
        except TypeError:
            return False

    if isinstance(constant, int | float) and not isinstance(constant, bool):
        # The common case (a count against a threshold), with the operator written out.
        if order is operator.lt:

            def less(facts: Facts) -> bool:
                value = facts.get(name)
                if value is None:
                    return False
                try:
                    return bool(value < constant)
                except TypeError:
                    return False

            return less
        if order is operator.ge:

            def at_least(facts: Facts) -> bool:
                value = facts.get(name)
                if value is None:
                    return False
                try:
                    return bool(value >= constant)
                except TypeError:
                    return False

            return at_least
    return compare


def compile_expression(
    text: str | bool,
    known: Collection[str],
    constants: Mapping[str, Any] | None = None,
    *,
    fast: bool = True,
    values: Mapping[str, Collection[str]] | None = None,
) -> Expression:
    """Compile ``text`` over the fact names in ``known``; raise :class:`ExprError` if invalid.

    ``constants`` are facts whose value is the same for every evaluation (a rulebook's
    thresholds): they are folded in. ``values`` lists the only strings some facts can hold;
    comparing such a fact with another string is an error. ``fast=False`` gives the plain
    reference closures.
    """
    if isinstance(text, bool):  # `when: true` in YAML
        value = text
        return Expression(str(text).lower(), frozenset(), lambda facts: value)
    try:
        # Inside parentheses, a condition may span lines the way YAML folds them.
        tree = ast.parse(f"({text.strip()}\n)", mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"invalid condition: {exc.msg}", max((exc.offset or 2) - 2, 0)) from None
    compiler = _Compiler(known, constants, fast, values)
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
    #: :meth:`render` as one closure, with a formatter chosen once per placeholder.
    renderer: Callable[[Facts], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "renderer", _renderer(self))

    def render(self, facts: Facts) -> str:
        return self.renderer(facts)

    def render_plain(self, facts: Facts) -> str:
        """The reference rendering, one part at a time (:meth:`render` gives the same text)."""
        out: list[str] = []
        for literal, name, spec in self.parts:
            out.append(literal)
            if name is not None:
                out.append(_format_value(facts.get(name), spec))
        out.append(self.tail)
        return "".join(out)


def _renderer(template: Template) -> Callable[[Facts], str]:
    """A closure that renders ``template`` as :meth:`Template.render_plain` does."""
    tail = template.tail
    steps = [
        (literal, name, _formatter(spec))
        for literal, name, spec in template.parts
        if name is not None
    ]
    if len(steps) != len(template.parts):  # a part without a fact: not from compile_template
        return template.render_plain
    if not steps:
        return lambda facts: tail
    if len(steps) == 1:
        ((literal, name, fmt),) = steps
        return lambda facts: literal + fmt(facts.get(name)) + tail
    if len(steps) == 2:
        (literal, name, fmt), (literal2, name2, fmt2) = steps
        return lambda facts: (
            literal + fmt(facts.get(name)) + literal2 + fmt2(facts.get(name2)) + tail
        )

    def render(facts: Facts) -> str:
        get = facts.get
        return "".join([literal + fmt(get(name)) for literal, name, fmt in steps]) + tail

    return render


def _formatter(spec: str) -> Callable[[Any], str]:
    """``_format_value`` with ``spec`` fixed, with a short path for strings and numbers."""
    if not spec:

        def plain(value: Any) -> str:
            kind = type(value)
            if kind is str:
                return typing.cast(str, value)
            if kind is int:
                return str(value)
            return _format_value(value, "")

        return plain

    def formatted(value: Any) -> str:
        kind = type(value)
        if kind is int or kind is float:
            try:
                return format(value, spec)
            except (ValueError, TypeError):
                return str(value)
        return _format_value(value, spec)

    return formatted


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
