"""Message templates: ``{fact.name}`` placeholders, checked when the rulebook is loaded.

A rule's rationale, message, details and next steps are templates. :func:`compile_template`
checks every placeholder against the known facts and every format against a short allow-list
(a count may add its forms: ``{data.labeled_examples:,|# example|# examples}``),
and :class:`Template` renders one through a closure chosen once per placeholder (with
:meth:`Template.render_plain` as the reference it must match). Missing facts read "unknown",
booleans "yes"/"no" and lists are joined with commas.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Collection
from typing import Any

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.estimate.results import money
from transfer_advisor.rules.closures import Facts
from transfer_advisor.rules.expr import ExprError, _unknown

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^{}]*))?\}|[{}]")


class Template(FrozenRecord):
    """A message with ``{fact.name}`` or ``{fact.name:,}`` placeholders, checked at load time.

    ``parts`` are (literal before, fact, format spec); ``renderer`` is :meth:`render` as one
    closure, with a formatter chosen once per placeholder.
    """

    __slots__ = ("text", "names", "parts", "tail", "renderer")

    text: str
    names: frozenset[str]
    parts: tuple[tuple[str, str | None, str], ...]
    tail: str
    renderer: Callable[[Facts], str]
    _compared = ("text", "names", "parts", "tail")

    def __init__(
        self,
        text: str,
        names: frozenset[str],
        parts: tuple[tuple[str, str | None, str], ...],
        tail: str,
    ) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "tail", tail)
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
    if "|" in spec:
        number, *forms = spec.split("|")
        fmt = _formatter(number)
        return lambda value: _choose(value, forms).replace("#", fmt(value))
    if spec == "money":
        return lambda value: (
            money(value) if type(value) in (int, float) else _format_value(value, "")
        )
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
    if "|" in spec:
        number, *forms = spec.split("|")
        return _choose(value, forms).replace("#", _format_value(value, number))
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else "none"
    if spec == "money" and isinstance(value, int | float):
        return money(value)
    if spec:
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choose(value: Any, forms: list[str]) -> str:
    """The form of a count: ``[one, other]`` or ``[zero, one, other]``."""
    if type(value) is int or type(value) is float:
        if value == 1:
            return forms[-2]
        if value == 0 and len(forms) == 3:
            return forms[0]
    return forms[-1]


#: The format specs a template may use: thousands separators and a few decimals or a percent,
#: or ``money`` for dollars as the tables show them (cents under $100, whole dollars above).
_SPEC = re.compile(r",?(\.[0-9][f%])?|money")
#: A count's forms after its spec: ``|one|other`` or ``|zero|one|other``, ``#`` the number.
_FORM = re.compile(r"[^|{}]+")


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
        number, *forms = spec.split("|")
        if not _SPEC.fullmatch(number):
            raise ExprError(
                f"format {number!r} is not allowed: use ',' for thousands, '.Nf' for decimals"
                " or 'money' for dollars (e.g. {data.labeled_examples:,} or"
                " {estimates.full.usd:money})",
                match.start(),
            )
        if forms and (len(forms) not in (2, 3) or not all(map(_FORM.fullmatch, forms))):
            raise ExprError(
                "a count's forms are '|one|other' or '|zero|one|other', none empty, with # for "
                "the number (e.g. {data.labeled_examples:,|# example|# examples})",
                match.start(),
            )
        names.add(name)
        parts.append(("".join(literal), name, spec))
        literal = []
    literal.append(text[pos:])
    return Template(text, frozenset(names), tuple(parts), "".join(literal))
