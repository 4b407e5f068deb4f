"""The generated rule phases give exactly what the closures give.

Once a plan is hot the engine evaluates its rules through generated functions
(``rules/codegen.py``); the closures stay the reference. Each condition shape is compared on
awkward values, then whole advice on every shipped example, every test case and 10,000
generated use cases.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from transfer_advisor.advice import plan as engine_plan
from transfer_advisor.rules.codegen import build_phases
from transfer_advisor.rules.expr import compile_expression
from transfer_advisor.rules.load import default_rulebook_text, load_rulebook_text
from transfer_advisor.rules.rulebook import Rulebook

from .conftest import ROOT
from .test_fast_paths import (
    CONSTANTS,
    EXPRESSIONS,
    KNOWN,
    VALUES,
    _outcome,
    _run,
    _same,
    _varied,
)

MORE = [
    "a - b", "a / b", "a // 2", "a % b", "a * a * a > 10", "max(a, b, c)", "min(a)", "len(a)",
    "-a", "-(a + 1)", "a < b < c", "a in b in c", "a is b is not c", "a < b == c",
    "[a, [b]]", "[a, b]", "[]", "a if b else (c if a else b)", "not (a and b) or c",
    "a in [1, 2, 'a']", "a not in [null]", "thresholds.f < a <= thresholds.t", "false",
    "a == thresholds.big", "a < thresholds.big", "a * thresholds.nan", "a != thresholds.nan",
    # Identity with a written constant: compiled code interns and shares its constants, so
    # these stay calls to their closures; with a fact or None/true/false they are generated.
    "a is 'no'", "a is not 'a'", "a is 2", "a is 100", "a is thresholds.t", "'a' is a",
    "a is b is 'a'", "a is b", "a is not b", "a is true", "a is not false", "(a is null) or c",
]  # fmt: skip
BIG = {**CONSTANTS, "thresholds.big": math.inf, "thresholds.nan": math.nan}


@pytest.mark.parametrize("text", EXPRESSIONS + MORE)
def test_each_condition_shape_is_generated_with_its_closures_meaning(text: str) -> None:
    known = KNOWN | set(BIG)
    closure = compile_expression(text, known, BIG)
    true = compile_expression("true", known)
    condition = (text, closure.fn)
    phases = build_phases(BIG, assign=[("out", condition)], first={"first": [condition]},
                          every={"every": [condition, ("true", true.fn)]})  # fmt: skip
    for a, b, c in itertools.product(VALUES, repeat=3):
        facts = {"a": a, "b": b, "c": c, **BIG}
        expected = _run(closure, facts)
        assigned = dict(facts)
        got = _run(lambda f: (phases["assign"](f), f["out"])[1], assigned)
        if isinstance(expected, float) and math.isnan(expected):
            assert isinstance(got, float) and math.isnan(got), (text, a, b, c)
        else:
            assert _same(got, expected), (text, a, b, c, got, expected)
        if isinstance(expected, type):  # an exception: the same one either way
            continue
        assert phases["first"](facts) == (0 if expected else -1), (text, a, b, c)
        assert phases["every"](facts) == ([0, 1] if expected else [1]), (text, a, b, c)


def test_generated_code_reaches_no_builtins() -> None:
    phases = build_phases({}, first={"x": [("a", lambda facts: facts.get("a"))]})
    assert phases["x"].__globals__["__builtins__"] == {}


def _rulebooks(monkeypatch: pytest.MonkeyPatch, hot_after: int) -> Rulebook:
    monkeypatch.setattr(engine_plan, "_HOT_AFTER", hot_after)
    return load_rulebook_text(default_rulebook_text(), "<default rulebook>")


def _every_test_manifest() -> list[Any]:
    found = [yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "examples").glob("*.yaml"))]  # fmt: skip
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")).get("cases", []):
            if isinstance(case, dict) and isinstance(case.get("manifest"), dict):
                found.append(case["manifest"])
    return found


def test_generated_and_closure_advice_agree_on_every_test_manifest_and_10000_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifests = _every_test_manifest()
    assert len(manifests) > 150
    from generate_usecases import generate

    manifests += list(generate(8000, 23)) + _varied(2000, seed=31)
    hot = _rulebooks(monkeypatch, 1)  # generated from its first advice on
    assert engine_plan.decision_plan(hot).phases() is not None
    cold = _rulebooks(monkeypatch, 10**9)  # never generated: the closures
    order = list(range(len(manifests)))
    random.Random(2).shuffle(order)
    for i in order:
        for check in (False, True):
            assert _outcome(manifests[i], hot, check=check) == _outcome(
                manifests[i], cold, check=check
            ), manifests[i]
    assert engine_plan.decision_plan(cold).phases() is None


def test_a_plan_generates_its_phases_only_once_hot(monkeypatch: pytest.MonkeyPatch) -> None:
    rulebook = _rulebooks(monkeypatch, 3)
    plan = engine_plan.decision_plan(rulebook)
    data = yaml.safe_load((ROOT / "examples" / "legal-clause-classifier.yaml").read_text())
    seen = []
    for _ in range(4):
        _outcome(data, rulebook)
        seen.append(plan.phases() is not None)
    assert seen == [False, True, True, True]  # each call above also counts one use


def test_a_rulebook_python_cannot_compile_keeps_its_closures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = _rulebooks(monkeypatch, 1)
    plan = engine_plan.decision_plan(rulebook)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise RecursionError

    monkeypatch.setattr(engine_plan, "build_phases", refuse)
    assert plan.phases() is None
    data = yaml.safe_load(Path(ROOT / "examples" / "small-gpu-qlora.yaml").read_text())
    assert not _outcome(data, rulebook).startswith("error")


def test_the_precompiled_conditions_of_the_shipped_rulebook_are_fresh() -> None:
    from transfer_advisor.rules import precompiled

    current = precompiled.PATH.read_text(encoding="utf-8")
    assert current == precompiled.build_source(), (
        "run: python -m transfer_advisor.rules.precompiled"
    )


def test_the_shipped_rulebook_takes_its_precompiled_conditions_and_advises_the_same() -> None:
    # default_rulebook() calls the precompiled functions (also through --explain's trace, one
    # condition at a time); a validating load of the same text compiles closures.
    from transfer_advisor.rules import precompiled
    from transfer_advisor.rules.load import default_rulebook

    shipped = default_rulebook()
    assert shipped.strategy[0].when.fn.__module__ == precompiled.MODULE
    checked = load_rulebook_text(default_rulebook_text(), "<default rulebook>")
    assert checked.strategy[0].when.fn.__module__ != precompiled.MODULE
    for data in _every_test_manifest() + _varied(600, seed=41):
        for options in ({"explain": True, "check": True}, {}):
            assert _outcome(data, shipped, **options) == _outcome(data, checked, **options), data


def test_precompiled_conditions_serve_only_the_text_they_were_written_from() -> None:
    from transfer_advisor.rules import precompiled

    text = default_rulebook_text()
    assert precompiled.table_for(text) is not None
    assert precompiled.table_for(text.replace("when:", "when:  ", 1)) is None


def test_identity_with_a_written_constant_keeps_its_closure() -> None:
    # 'classification' in the facts is the interned object the manifest's Literal holds, as
    # it is in compiled code; the closure's constant is another object, so `is` is false.
    text = "t is 'classification'"
    closure = compile_expression(text, {"t"})
    facts = {"t": "classification"}
    assert closure(facts) is False
    phases = build_phases({}, first={"x": [(text, closure.fn)]}, every={"y": [(text, closure.fn)]})
    assert phases["x"](facts) == -1 and phases["y"](facts) == []
    assert phases["x"].__globals__["_F"] == (closure.fn, closure.fn)  # its own closure, called


def test_a_plan_past_its_threshold_generates_even_if_the_count_skipped_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Threads advising at once can miscount (two increments, one comparison): a plan whose
    # count went past the threshold still generates its phases.
    plan = engine_plan.decision_plan(_rulebooks(monkeypatch, 64))
    plan._uses = 70
    assert plan.phases() is not None
