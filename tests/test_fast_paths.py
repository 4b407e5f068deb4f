"""The engine's fast paths give exactly what the plain paths give.

Conditions compile into specialised closures (with the thresholds folded in) and templates
render through one formatter per placeholder. Each is checked here against its plain reference
on hand-picked awkward values.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any

import pytest

from transfer_advisor._expr import compile_expression, compile_template
from transfer_advisor.facts import BASE_FACTS, DECISION_FACTS
from transfer_advisor.rulebook import Rulebook, default_rulebook

# --- conditions ---------------------------------------------------------------------------------

VALUES: list[Any] = [None, 0, 1, 2, 2.5, -1, 100, "no", "a", "", True, False, (), ("a",),
                     ("a", "b"), [], ["a"]]  # fmt: skip
KNOWN = {"a", "b", "c", "thresholds.t", "thresholds.f"}
CONSTANTS = {"thresholds.t": 2, "thresholds.f": 2.5}
EXPRESSIONS = [
    "a < 3", "a <= 2.5", "a > thresholds.t", "a >= thresholds.f", "a < thresholds.t",
    "a >= thresholds.t", "a < 'b'", "a >= true", "a < null", "a >= none",
    "a == 'no'", "a != 'no'", "a == null", "a != null", "a is null", "a is not null",
    "a == true", "a == 2", "a == b", "a != b", "a in b", "a not in b", "'a' in b", "a in 'xa'",
    "a < b", "a >= b", "3 < a", "1 < a < thresholds.t", "a == b == c", "not a", "not (a < 3)",
    "not not a", "a and b", "a or b", "a and b and c", "a or b or c", "a and b or c",
    "a and b and c and a", "a or b or c or 0", "(a or b) and not c and a != 'no'",
    "a + 1 > 2", "-a < 0", "a * thresholds.t", "len(b) > 1", "min(a, 3) == 2",
    "a if b else c", "[a, b] == [1, 2]", "(a, thresholds.t)", "thresholds.t", "true", "a",
]  # fmt: skip


def _same(x: Any, y: Any) -> bool:
    return type(x) is type(y) and x == y


def _run(expression: Any, facts: dict[str, Any]) -> Any:
    try:
        return expression(facts)
    except Exception as exc:  # the same failure either way (e.g. -'text')
        return type(exc)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_fast_conditions_match_the_plain_ones(text: str) -> None:
    fast = compile_expression(text, KNOWN, CONSTANTS)
    plain = compile_expression(text, KNOWN, fast=False)
    assert fast.names == plain.names
    for a, b, c in itertools.product(VALUES, repeat=3):
        facts = {"a": a, "b": b, "c": c, **CONSTANTS}
        got, want = _run(fast, facts), _run(plain, facts)
        assert _same(got, want), (text, a, b, c, got, want)


def test_thresholds_are_folded_but_still_listed() -> None:
    fast = compile_expression("a < thresholds.t", KNOWN, CONSTANTS)
    assert fast.names == {"a", "thresholds.t"}
    # Folded: the facts' copy of the threshold is not read.
    assert fast({"a": 1, "thresholds.t": 0}) is True


# --- templates ----------------------------------------------------------------------------------

TEMPLATE_VALUES: list[Any] = [*VALUES, 1234567, 1234.5, 0.125, 1e20, -0.0, float("inf"), 3.0,
                              "ünïcode", ("x", 2)]  # fmt: skip


def test_fast_templates_match_the_plain_ones() -> None:
    text = "{a} and {a:,} {{literal}} {a:.1f}/{a:,.0f} ({a:.0%}) {b}: {c:,.2f}"
    template = compile_template(text, KNOWN)
    for a, b in itertools.product(TEMPLATE_VALUES, repeat=2):
        facts = {"a": a, "b": b, "c": a}
        assert template.render(facts) == template.render_plain(facts)
    assert compile_template("no placeholders", KNOWN).render({}) == "no placeholders"


def _templates(rulebook: Rulebook) -> Iterator[Any]:
    for rule in rulebook.strategy:
        yield rule.rationale
    for technique in rulebook.technique:
        if technique.rationale is not None:
            yield technique.rationale
    for finding in rulebook.findings:
        yield finding.message
        yield from (text for _, text in finding.details)
    for pairs in (*rulebook.alternatives.values(), *rulebook.next_steps.values()):
        yield from (text for _, text in pairs)


def test_the_default_rulebooks_templates_render_as_before() -> None:
    rng = random.Random(3)
    names = sorted({*BASE_FACTS, *DECISION_FACTS, *default_rulebook().threshold_facts})
    for template in _templates(default_rulebook()):
        for _ in range(40):
            facts = {name: rng.choice(TEMPLATE_VALUES) for name in names}
            assert template.render(facts) == template.render_plain(facts)
