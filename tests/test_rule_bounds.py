"""Hostile rulebooks cannot hang or exhaust memory: every bound is a located load-time error from
``rules validate`` and every command that loads the rulebook, and holds at run time too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_main
from transfer_advisor import RulebookError, load_rulebook, load_rulebook_text
from transfer_advisor.rules.bounds import MAX_BITS
from transfer_advisor.rules.expr import compile_expression

EXAMPLE = str(ROOT / "examples" / "legal-clause-classifier.yaml")


def _facts(first: str, step: str, count: int) -> str:
    """A rulebook of ``count`` derived facts, each ``step`` with {p} the one before."""
    lines = ["extends: default", "facts:", "  - name: x.f0", f"    value: '{first}'"]
    for i in range(1, count + 1):
        lines += [f"  - name: x.f{i}", f"    value: '{step.format(p=f'x.f{i - 1}')}'"]
    return "\n".join(lines) + "\n"


HOSTILE = {
    # 26 facts each squaring the one before: 2^26 times the bits of a count.
    "squares": (_facts("data.labeled_examples + 2", "{p} * {p}", 26), 12, "bits"),
    # 30 facts of [prev, prev]: 2^30 elements once written out.
    "lists": (_facts("[1, 2]", "[{p}, {p}]", 30), 6, "a list may not hold another list"),
    "long-sum": ("extends: default\nfacts:\n  - name: x.p\n    value: '"
                 + "+".join(["1"] * 400) + "'\n", 4, "condition too deeply nested"),
    "many-nots": ("extends: default\nfacts:\n  - name: x.p\n    value: '"
                  + "not " * 500 + "true'\n", 4, "condition too deeply nested"),
    "wide": ("extends: default\nfacts:\n  - name: x.p\n    value: '"
             + " or ".join(["data.labeled_examples > 1"] * 200) + "'\n", 4,
             "condition too long: more than 500 parts"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["validate", "advise", "check", "batch"])
def test_a_hostile_rulebook_is_a_located_error_everywhere(
    case: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, words = HOSTILE[case]
    rules = tmp_path / "team.yaml"
    rules.write_text(text)
    args = {
        "validate": ["rules", "validate", str(rules)],
        "advise": ["advise", EXAMPLE, "--rules", str(rules)],
        "check": ["check", EXAMPLE, "--rules", str(rules)],
        "batch": ["batch", str(ROOT / "tests" / "data" / "batch" / "rows.jsonl"), "--rules",
                  str(rules)],
    }[command]  # fmt: skip
    code, out, err = run_main(args, capsys)
    assert code == 2, err
    # (check names files relative to the current folder)
    assert err.startswith("transfer-advisor: error: ") and f"team.yaml:{line}:" in err
    assert words in err
    assert err.count("\n") == 1 and out == ""


def test_a_hostile_rulebook_named_by_pyproject_stops_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "team.yaml").write_text(HOSTILE["squares"][0])
    (tmp_path / "pyproject.toml").write_text('[tool.transfer-advisor]\nrules = "team.yaml"\n')
    shutil.copy(EXAMPLE, tmp_path / "transfer-advisor.yaml")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(["check", "."], capsys)
    assert code == 2 and "team.yaml:12:" in err and "bits" in err


def test_a_rulebook_too_large_to_evaluate_is_refused() -> None:
    condition = " or ".join(["data.labeled_examples > 1"] * 60)  # about 250 parts each
    facts = "".join(f"  - name: x.f{i}\n    value: '{condition}'\n" for i in range(250))
    with pytest.raises(RulebookError, match="too large to evaluate"):
        load_rulebook_text("extends: default\nfacts:\n" + facts)


def test_a_few_products_are_fine() -> None:
    rulebook = load_rulebook_text(_facts("data.labeled_examples", "{p} * {p}", 3))
    assert [f.name for f in rulebook.facts][-1] == "x.f3"


@pytest.mark.parametrize(("expression", "facts"), [
    ("x * x * x * x", {"x": 1 << 400}),  # a manifest's own huge count
    ("x + x", {"x": (1 << MAX_BITS) - 1}),
    ("[[x, x], [x, x]] == 1 or [x, [[1]]]", {"x": (1,)}),
    ("x / 3", {"x": 10**400}),  # too large for a float: no answer, not an OverflowError
])  # fmt: skip
def test_values_are_bounded_at_run_time_too(expression: str, facts: dict[str, object]) -> None:
    compiled = compile_expression(expression, {"x"})
    assert compiled(facts) is None or compiled(facts) is False


def test_a_list_of_lists_of_lists_is_no_answer() -> None:
    compiled = compile_expression("[x, 1]", {"x"})
    assert compiled({"x": ((1,),)}) is None and compiled({"x": (1, 2)}) == ((1, 2), 1)


def test_facts_no_rule_reads_are_not_computed(tmp_path: Path) -> None:
    from transfer_advisor.advice.plan import decision_plan

    rulebook = load_rulebook_text("""\
extends: default
facts:
  - name: x.read_through
    value: data.labeled_examples * 2
  - name: x.read
    value: x.read_through > 10
  - name: x.unread
    value: data.labeled_examples * 3
findings:
  - {id: x-read, description: d, severity: info, when: x.read, message: m, source: s}
""")
    plan = decision_plan(rulebook)
    needed = {name for name, _, _ in plan.needed_facts}
    assert {"x.read", "x.read_through", "data.few"} <= needed
    assert "x.unread" not in needed


@pytest.mark.parametrize(("table", "words"), [
    ("  training_defaults: {micro_batch_size: 0}", "micro_batch_size: must be from 1"),
    ("  training_defaults: {lora_rank: 2.5}", "lora_rank: expected a whole number"),
    ("  training_defaults: {epochs: -1}", "epochs: must be above 0"),
    ("  training_defaults: {batch: 4}", "unknown field"),
])  # fmt: skip
def test_bad_training_defaults_are_the_rulebooks_error(
    table: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "team.yaml"
    rules.write_text(f"extends: default\ntables:\n{table}\n")
    for args in (["rules", "validate", str(rules)], ["check", EXAMPLE, "--rules", str(rules)]):
        code, _, err = run_main(args, capsys)
        assert code == 2 and err.startswith("transfer-advisor: error: ") and "team.yaml:3:" in err
        assert words in err and "invalid-manifest" not in err


@pytest.mark.parametrize(("name", "value"), [
    ("default_avg_tokens_per_example", 0), ("prompt_reserve_max_share", 1.5),
    ("prompt_reserve_tokens", -1), ("max_examples_in_prompt", -3),
])  # fmt: skip
def test_thresholds_the_engine_reads_are_checked(name: str, value: float) -> None:
    with pytest.raises(RulebookError, match=f"threshold {name} must be from") as info:
        load_rulebook_text(f"extends: default\nthresholds:\n  {name}: {value}\n", "team.yaml")
    assert info.value.line == 3


def test_the_shipped_rulebook_is_within_every_bound() -> None:
    assert load_rulebook().facts  # loading it checks the bounds
