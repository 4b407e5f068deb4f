"""Rulebooks: custom ones that extend the default, and every semantic problem located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from transfer_advisor import RulebookError, advise, load_rulebook, load_rulebook_text
from transfer_advisor.cli.app import app, main
from transfer_advisor.rules.load import default_rulebook_text

from .conftest import ROOT

runner = CliRunner()
LLAMA = {"name": "meta-llama/Llama-3.1-8B-Instruct"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "team.yaml"
    path.write_text(text)
    return path


def test_extends_default_moves_a_threshold(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\nthresholds:\n  in_context_max_examples: 50\n")
    manifest = {"name": "x", "data": {"labeled_examples": 80}, "model": LLAMA}
    assert advise(manifest).strategy == "in_context"
    assert advise(manifest, load_rulebook(path)).strategy == "peft"


def test_a_disabled_rule_no_longer_fires(tmp_path: Path) -> None:
    manifest = {"name": "x", "data": {"labeled_examples": 2000}, "model": LLAMA}
    assert any(f.id == "prompting-first" for f in advise(manifest).findings)
    path = _write(tmp_path, "extends: default\ndisable: [prompting-first]\n")
    assert not any(
        f.id == "prompting-first" for f in advise(manifest, load_rulebook(path)).findings
    )


def test_override_a_rule_by_id_and_add_one_before_the_catch_all(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
extends: default
strategy:
  - id: legal-lora-early
    description: our legal team gets good results with LoRA from 30 examples
    when: data.domain == 'legal' and data.labeled_examples >= 30
    strategy: peft
    rationale: Team experience with legal data.
    source: internal retrospective 2026
    before: few-examples
findings:
  - id: base-model
    description: stricter
    severity: error
    field: model.name
    when: (recommendation.fine_tuning or plan.fine_tuning) and model.instruction_tuned == false
    message: "{model.name} is a base model."
    source: team policy
""",
    )
    rulebook = load_rulebook(path)
    legal = {"name": "x", "data": {"labeled_examples": 40, "domain": "legal"}, "model": LLAMA}
    assert advise(legal, rulebook).strategy == "peft"
    base = {"name": "x", "data": {"labeled_examples": 2000},
            "model": {"name": "meta-llama/Meta-Llama-3-8B"}}  # fmt: skip
    assert [f.severity for f in advise(base, rulebook).findings if f.id == "base-model"] == [
        "error"
    ]


def test_a_technique_rule_placed_before_the_default(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
extends: default
technique:
  - id: encoders-use-adapters
    description: our encoders are adapted with bottleneck adapters
    strategy: peft
    when: model.architecture == 'encoder'
    technique: adapters
    source: team practice
    before: technique/lora
""",
    )
    # Parameter-efficient for this encoder: it must keep its general skills.
    manifest = {"name": "x", "data": {"labeled_examples": 2000}, "model": {"name": "roberta-base"},
                "constraints": {"preserve_general_capabilities": True}}  # fmt: skip
    assert advise(manifest).technique == "lora"
    assert advise(manifest, load_rulebook(path)).technique == "adapters"


def test_extends_a_path_relative_to_the_rulebook(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "extends: default\nthresholds:\n  full_min_examples: 20000\n"
    )
    path = _write(tmp_path, "extends: base.yaml\nthresholds:\n  in_context_max_examples: 10\n")
    rulebook = load_rulebook(path)
    assert rulebook.thresholds["full_min_examples"] == 20000
    assert rulebook.thresholds["in_context_max_examples"] == 10


BROKEN = [
    # (id, rulebook text, line, needle)
    ("unknown-fact", "extends: default\nfindings:\n  - id: x\n    description: d\n    severity: info\n"
     "    when: data.exampels > 3\n    message: m\n    source: s\n", 6, "unknown fact 'data.exampels'; did you mean 'data.labeled_examples'"),
    ("unknown-template-field", "extends: default\nfindings:\n  - id: x\n    description: d\n"
     "    severity: info\n    when: 'true'\n    message: 'see {model.nam}'\n    source: s\n", 7, "unknown fact 'model.nam'"),
    ("count-with-one-form", "extends: default\nfindings:\n  - id: x\n    description: d\n"
     "    severity: info\n    when: 'true'\n    message: 'has {data.labeled_examples:,|# rows}'\n    source: s\n", 7,
     "a count's forms are '|one|other' or '|zero|one|other'"),
    ("unknown-severity", "extends: default\nfindings:\n  - id: x\n    description: d\n"
     "    severity: fatal\n    when: 'true'\n    message: m\n    source: s\n", 5, "'error', 'warning' or 'info'"),
    ("duplicate-id", "extends: default\nfindings:\n  - {id: x, description: d, severity: info, when: 'true', message: m, source: s}\n"
     "  - {id: x, description: d, severity: info, when: 'true', message: m, source: s}\n", 4, "duplicate rule id 'x'"),
    ("thresholds-out-of-order", "extends: default\nthresholds:\n  in_context_max_examples: 20000\n", 3,
     "in_context_max_examples (20,000) is above low_complexity_in_context_max_examples"),
    ("band-gap", "extends: default\nbands:\n  - {strategy: in_context, below: in_context_max_examples}\n"
     "  - {strategy: peft, from: low_complexity_in_context_max_examples, below: full_min_examples}\n"
     "  - {strategy: full_fine_tune, from: full_min_examples}\n", 4, "a gap or an overlap"),
    ("band-open-start", "extends: default\nbands:\n  - {strategy: peft, from: in_context_max_examples}\n", 3,
     "the first band must start at 0"),
    ("unknown-threshold-in-band", "extends: default\nbands:\n  - {strategy: peft, below: nope}\n  - {strategy: full_fine_tune, from: nope}\n", 3,
     "unknown threshold 'nope'"),
    ("unreachable-rule", "extends: default\nstrategy:\n  - {id: late, description: d, when: 'true', strategy: peft, rationale: r, source: s}\n", 3,
     "can never fire"),
    ("unreachable-technique", "extends: default\ntechnique:\n  - {id: t-late, description: d, strategy: peft, when: 'true', technique: adapters, source: s}\n", 3,
     "'technique/lora' before it"),
    ("no-catch-all", "extends: default\ndisable: [peft-default]\n", None, "must have 'when: true'"),
    ("eval-is-refused", "extends: default\nfindings:\n  - {id: x, description: d, severity: info, when: \"__import__('os')\", message: m, source: s}\n",
     3, "only the functions"),
    ("attribute-escape-is-refused", "extends: default\nfindings:\n  - {id: x, description: d, severity: info, when: \"().__class__\", message: m, source: s}\n",
     3, "dotted fact names"),
    ("unknown-field", "extends: default\nthreshold:\n  a: 1\n", 2, "unknown field"),
    ("disable-unknown", "extends: default\ndisable: [nope]\n", 2, "cannot disable unknown rule 'nope'"),
    ("bad-yaml", "extends: default\nthresholds: [\n", 3, "invalid YAML"),
    ("extends-missing", "extends: nothere.yaml\n", 1, "cannot read extended rulebook"),
    # A string a fact can never hold: the rule would silently never fire.
    ("value-typo", "extends: default\nfindings:\n  - id: x\n    description: d\n    severity: info\n"
     "    when: plan.strategy == 'full-fine-tune'\n    message: m\n    source: s\n", 6,
     "plan.strategy is never 'full-fine-tune' (its values: in_context, peft, full_fine_tune); did you mean 'full_fine_tune'?"),
    ("value-typo-in-a-list", "extends: default\nfindings:\n  - {id: x, description: d, severity: info, when: \"domain.match in ['distant', 'unrelated']\", message: m, source: s}\n",
     3, "domain.match is never 'unrelated' (its values: same, related, distant, unknown)"),
    # Tables cannot invent a modality no manifest could state (rules could not test for it).
    ("table-invents-a-modality", "extends: default\ntables:\n  implied_modality:\n    speech-recognition: speech\n",
     4, "tables.implied_modality.speech-recognition: Input should be 'text'"),
    # NaN compares false with everything: every rule using the threshold would go quiet.
    ("threshold-nan", "extends: default\nthresholds:\n  in_context_max_examples: .nan\n",
     3, "thresholds.in_context_max_examples: expected a finite number (got nan)"),
    ("threshold-text", "extends: default\nthresholds:\n  significant_usd: lots\n",
     3, "thresholds.significant_usd: expected a number (got 'lots')"),
    ("assumed-model-unknown-key", "extends: default\ntables:\n  assumed_model:\n    colour: blue\n",
     4, "tables.assumed_model.colour: unknown field"),
    # Names are compared in lower case with "-" for "_": a word written otherwise never matches.
    ("family-word-never-matches", "extends: default\ntables:\n  name_families:\n    - {family: ESM, words: [esm2, Prot_Bert], source: a card}\n",
     4, "names are compared in lower case with '-' for '_': write 'prot-bert' (got 'Prot_Bert')"),
    ("value-typo-on-the-left", "extends: default\nfindings:\n  - {id: x, description: d, severity: info, when: \"'lora ' != recommendation.technique\", message: m, source: s}\n",
     3, "recommendation.technique is never 'lora '"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "needle"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_rulebooks_are_reported_where_they_break(
    tmp_path: Path, text: str, line: int | None, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RulebookError) as info:
        load_rulebook(path)
    message = str(info.value)
    assert "\n" not in message
    assert needle in message
    if line is not None:
        assert info.value.line == line, message
    # The command says the same, on one line, with exit code 2.
    with pytest.raises(SystemExit) as exit_info:
        main(["rules", "validate", str(path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err


@pytest.mark.parametrize(
    ("entry", "column"),
    [("imagez-classification: image", 5), ("image-classification: imagez", 27)],
    ids=["bad-key", "bad-value"],
)
def test_a_bad_table_entry_is_pointed_at_where_it_is_wrong(
    tmp_path: Path, entry: str, column: int
) -> None:
    text = f"extends: default\ntables:\n  implied_modality:\n    {entry}\n"
    with pytest.raises(RulebookError) as info:
        load_rulebook(_write(tmp_path, text))
    assert (info.value.line, info.value.column) == (4, column), str(info.value)


def test_rules_validate_passes_on_the_default_rulebook() -> None:
    result = runner.invoke(app, ["rules", "validate"])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout
    result = runner.invoke(app, ["rules", "validate", str(ROOT / "rules" / "default.yaml")])
    assert result.exit_code == 0, result.output


def test_what_if_flip_points_match_the_thresholds() -> None:
    args = ["advise", "--examples", "5000", "--model", "meta-llama/Llama-3.1-8B-Instruct",
            "--budget", "high", "--what-if", "-f", "json"]  # fmt: skip
    data = json.loads(runner.invoke(app, args).stdout)["what_if"]
    assert data["ladder"] == [
        {"strategy": "in_context", "from": 0, "to": 99},
        {"strategy": "peft", "from": 100, "to": 9999},
        {"strategy": "full_fine_tune", "from": 10000, "to": None},
    ]
    assert data["full_fine_tune_from"] == 10000 and data["full_fine_tune_usd"] > 0


def test_what_if_names_the_level_when_the_money_given_already_covers_a_full_fine_tune(
    tmp_path: Path,
) -> None:
    manifest = tmp_path / "low.yaml"
    manifest.write_text(
        "name: t\ntask: {type: extraction, complexity: high}\n"
        "data: {labeled_examples: 50000, avg_tokens_per_example: 600}\n"
        "model: {name: meta-llama/Llama-3.1-8B-Instruct}\n"
        "budget: {level: low, usd: 5000, gpu: H100-80GB, gpus: 8}\n"
        "prompting: {tried: true, meets_target: false}\n",
        encoding="utf-8",
    )
    args = ["advise", str(manifest), "--what-if"]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)["what_if"]
    assert data["full_fine_tune_from"] == 10000 and data["full_fine_tune_level_blocks"] is True
    text = " ".join(runner.invoke(app, [*args, "-f", "markdown"]).stdout.split())
    assert "once budget.level is medium or high" in text
    assert "once the budget covers" not in text
    # With no money given, the money is what stands in the way.
    data = json.loads(runner.invoke(app, [*args, "--usd", "0", "-f", "json"]).stdout)
    assert data["what_if"]["full_fine_tune_level_blocks"] is False


def test_what_if_follows_a_custom_rulebook(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\nthresholds:\n  in_context_max_examples: 50\n")
    args = ["advise", "--examples", "5000", "--model", "meta-llama/Llama-3.1-8B-Instruct",
            "--what-if", "-f", "json", "--rules", str(path)]  # fmt: skip
    data = json.loads(runner.invoke(app, args).stdout)["what_if"]
    assert data["ladder"][0] == {"strategy": "in_context", "from": 0, "to": 49}
    # No budget figure: full fine-tuning only appears once money is no object.
    assert data["ladder"][-1]["strategy"] == "peft"
    assert data["ladder_unlimited_budget"][-1] == {"strategy": "full_fine_tune", "from": 10000,
                                                   "to": None}  # fmt: skip


def test_what_if_text_marks_the_use_case() -> None:
    args = ["advise", "examples/legal-clause-classifier.yaml", "--what-if"]
    out = runner.invoke(app, args).stdout
    assert "What if" in out and "◀ this use case (5,000 examples)" in out


def test_the_default_rulebook_loads_from_text_with_validation() -> None:
    rulebook = load_rulebook_text(default_rulebook_text(), "default.yaml")
    assert rulebook.thresholds["in_context_max_examples"] == 100
    assert rulebook.thresholds["full_min_examples"] == 10000


def test_values_a_fact_can_hold_are_accepted_and_open_ones_are_not_checked(
    tmp_path: Path,
) -> None:
    conditions = ["task.type == 'image-classification'", "estimates.qlora.fits != 'tight'",
                  "model.modality in ('audio', 'image')", "data.domain == 'anything-goes'",
                  "'legal' in model.domains", "recommendation.strategy == plan.strategy"]  # fmt: skip
    rules = [f'  - {{id: x{n}, description: d, severity: info, when: "{c}", message: m, source: s}}\n'
             for n, c in enumerate(conditions)]  # fmt: skip
    text = "extends: default\nfindings:\n" + "".join(rules)
    load_rulebook(_write(tmp_path, text))  # no error


def test_a_negated_text_fact_is_null_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "extends: default\nfindings:\n  - {id: neg, description: d, "
                            "severity: info, when: '-model.name < 0', message: m, source: s}\n")  # fmt: skip
    manifest = {"name": "x", "data": {"labeled_examples": 5}, "model": LLAMA}
    recommendation = advise(manifest, load_rulebook(path))
    assert recommendation.strategy == "in_context"
    assert not any(f.id == "neg" for f in recommendation.findings)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("len('x' * 100000000000) > 0", "m"),  # arithmetic on text: refused at run time
        ("true", "{data.labeled_examples:>100000000}"),  # a format that pads without limit
    ],
)
def test_a_rulebook_cannot_exhaust_memory(tmp_path: Path, when: str, message: str) -> None:
    path = _write(
        tmp_path,
        f"""\
extends: default
findings:
  - id: hostile
    description: d
    severity: info
    when: "{when}"
    message: '{message}'
    source: s
""",
    )
    manifest = {"name": "x", "data": {"labeled_examples": 5}, "model": LLAMA}
    try:
        rulebook = load_rulebook(path)
    except RulebookError as exc:
        assert "format" in str(exc)  # the padding format is refused when loading
        return
    assert not any(f.id == "hostile" for f in advise(manifest, rulebook).findings)


@pytest.mark.parametrize(
    "when",
    ["1" + "+1" * 100_000 + " > 0", "not " * 500 + "true"],
    ids=["long-chain", "deep-not"],
)
def test_a_condition_too_deep_to_compile_is_a_located_error(
    tmp_path: Path, when: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        f"""\
extends: default
findings:
  - id: deep
    description: d
    severity: info
    when: "{when}"
    message: m
    source: s
""",
    )
    with pytest.raises(RulebookError) as info:
        load_rulebook(path)
    message = str(info.value)
    assert "\n" not in message and "condition too deeply nested" in message
    assert (info.value.line, info.value.column) == (6, 11), message
    with pytest.raises(SystemExit) as exit_info:
        main(["rules", "validate", str(path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{path}:6:11: condition too deeply nested" in err
