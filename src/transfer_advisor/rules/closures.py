"""What a compiled condition does at run time: the operators, safe with null, and the closures.

The expression compiler (``expr``) turns each node into a closure; this module holds what those
closures apply: comparisons and arithmetic that treat ``None`` and mismatched types as "no
answer" rather than an error, and the specialised one-call closures for the common shapes (a
fact compared with a constant or with another fact), which give the same results as the
reference chain of :func:`_comparison` steps.
"""

from __future__ import annotations

import ast
import operator
import typing
from collections.abc import Callable, Mapping
from typing import Any

from transfer_advisor.rules.bounds import MAX_BITS

Facts = Mapping[str, Any]
Fn = Callable[[Facts], Any]

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


def _safe_order(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return False
        try:
            return op(a, b)
        except TypeError:
            return False

    return compare


#: Integers past this (in absolute value) are no answer: see ``bounds.MAX_BITS``.
_INT_LIMIT = 1 << MAX_BITS


def _safe_arith(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        # Numbers only: 'x' * 10**11 must not be able to exhaust memory.
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return None
        try:
            result = op(a, b)
        except (TypeError, ZeroDivisionError, OverflowError):
            return None
        # Bounded at run time too, so a manifest's own huge number cannot be squared and
        # squared again into a hang.
        if type(result) is int and not -_INT_LIMIT < result < _INT_LIMIT:
            return None
        return result

    return apply


def list_value(values: tuple[Any, ...]) -> Any:
    """A list literal's value: a list of lists of lists is no answer (see ``bounds``)."""
    for value in values:
        if isinstance(value, tuple | list) and any(isinstance(v, tuple | list) for v in value):
            return None
    return values


def negate(value: Any) -> Any:
    """``-value`` for numbers only, like the arithmetic: -'text' is null, not an error."""
    return -value if isinstance(value, int | float) else None


def safe_call(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` (min, max, len) with a wrong argument giving no answer instead of an error."""

    def call(*values: Any) -> Any:
        try:
            return func(*values)
        except (TypeError, ValueError):
            return None

    return call


def _list_of(items: list[Fn]) -> Fn:
    """A list literal's closure (:func:`list_value` of its items)."""
    return lambda facts: list_value(tuple(item(facts) for item in items))


def _contains(a: Any, b: Any) -> bool:
    try:
        return b is not None and a in b
    except TypeError:
        return False


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
