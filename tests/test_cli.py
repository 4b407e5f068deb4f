"""The `advise` command end to end, through typer's CliRunner and the real entry point."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from transfer_advisor.cli.app import app

from .conftest import EXAMPLES, ROOT, run_main

runner = CliRunner()

CONTRACT_KEYS = ["schema_version", "name", "strategy", "technique", "rationale", "findings",
                 "alternatives", "next_steps", "model"]  # fmt: skip


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_prints_the_json_contract(example: Path) -> None:
    result = runner.invoke(app, ["advise", str(example), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert data["schema_version"] == 1
    assert data["strategy"] in {"in_context", "peft", "full_fine_tune", "change_base_model"}
    assert data["technique"] in {"zero_shot", "few_shot", "retrieval", "lora", "qlora",
                                 "adapters", "full", "hosted_tuning", None}  # fmt: skip
    assert data["rationale"] and all(isinstance(r, str) and r for r in data["rationale"])
    for finding in data["findings"]:
        assert set(finding) >= {"id", "severity", "message", "rule"}
        assert finding["severity"] in {"info", "warning", "error"}
    for alternative in data["alternatives"]:
        assert alternative["strategy"] != data["strategy"] and alternative["why_not"]
    assert data["next_steps"]


@pytest.mark.parametrize(
    ("example", "strategy", "technique"),
    [
        ("legal-clause-classifier", "full_fine_tune", "full"),
        ("support-ticket-few-shot", "in_context", "few_shot"),
        ("text-model-for-medical-images", "change_base_model", None),
        ("large-scale-full-fine-tune", "full_fine_tune", "full"),
        ("small-gpu-qlora", "peft", "qlora"),
        ("preserve-general-capabilities", "peft", None),
        ("prompting-already-meets-target", "in_context", "few_shot"),
        ("whisper-transcription-as-is", "in_context", "zero_shot"),
        ("translation-low-resource", "in_context", "zero_shot"),
        ("base-code-model-completion", "in_context", "zero_shot"),
        ("encoder-asked-to-summarize", "change_base_model", None),
        ("small-decoder-few-examples", "peft", "lora"),
        ("german-data-english-model", "change_base_model", None),
        ("hosted-model-fine-tuning", "peft", "hosted_tuning"),
        ("mixture-of-experts", "peft", "lora"),
        ("private-documents-qa", "in_context", "retrieval"),
        ("domain-corpus-continued-pretraining", "full_fine_tune", "full"),
        ("distil-a-teacher", "peft", "lora"),
        ("long-documents-short-window", "full_fine_tune", "full"),
        ("tabular-churn", "change_base_model", None),
        ("sales-forecasting", "change_base_model", None),
        ("model-too-big-for-the-gpu", "change_base_model", None),
    ],
)
def test_examples_get_the_advice_their_story_needs(
    example: str, strategy: str, technique: str | None
) -> None:
    result = runner.invoke(app, ["advise", f"examples/{example}.yaml", "-f", "json"])
    data = json.loads(result.stdout)
    assert data["strategy"] == strategy
    if technique is not None:
        assert data["technique"] == technique


@pytest.mark.parametrize(
    ("example", "present", "absent"),
    [
        ("whisper-transcription-as-is", "prompting-first", "not-promptable"),
        ("base-code-model-completion", "prompting-first", "base-model"),
        ("base-code-model-completion", "prompting-first", "domain-mismatch"),
        ("encoder-asked-to-summarize", "architecture-mismatch", "forgetting-risk"),
        ("small-decoder-few-examples", "weak-in-context-learner", "prompting-first"),
        ("german-data-english-model", "domain-mismatch", "exceeds-gpu-memory"),
        ("hosted-model-fine-tuning", "hosted-model", "exceeds-gpu-memory"),
        ("private-documents-qa", "knowledge-needed", "knowledge-unknown"),
        ("domain-corpus-continued-pretraining", "continued-pretraining", "forgetting-risk"),
        ("distil-a-teacher", "distillation", "exceeds-gpu-memory"),
        ("long-documents-short-window", "input-overflow", "forgetting-risk"),
        ("tabular-churn", "tabular-data", "prompting-first"),
        ("sales-forecasting", "time-series-data", "prompting-first"),
        ("model-too-big-for-the-gpu", "exceeds-gpu-memory", "forgetting-risk"),
        ("legal-clause-classifier", "", "forgetting-risk"),
    ],
)
def test_examples_raise_the_findings_their_story_needs(
    example: str, present: str, absent: str
) -> None:
    result = runner.invoke(app, ["advise", f"examples/{example}.yaml", "-f", "json"])
    ids = {f["id"] for f in json.loads(result.stdout)["findings"]}
    assert not present or present in ids, ids
    assert absent not in ids, ids


def test_json_output_is_byte_identical_across_runs() -> None:
    args = ["advise", "examples/base-model-about-to-be-fine-tuned.yaml", "-f", "json"]
    first = runner.invoke(app, args).stdout
    assert first == runner.invoke(app, args).stdout
    assert first.endswith("\n")


def test_text_output_shows_strategy_findings_and_steps() -> None:
    result = runner.invoke(app, ["advise", "examples/base-model-about-to-be-fine-tuned.yaml"])
    assert result.exit_code == 0
    out = result.stdout
    assert "Parameter-efficient fine-tuning" in out
    assert "base-model" in out and "prompting-first" in out
    assert "Next steps" in out and "Alternatives" in out
    assert "\x1b[" not in out  # not a terminal: no color


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_text_written_to_a_file_has_no_trailing_spaces(example: Path) -> None:
    result = runner.invoke(app, ["advise", str(example), "--explain", "--what-if"])
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line != line.rstrip()] == []


def test_estimates_are_left_out_when_the_model_must_change() -> None:
    # Costs of fine-tuning a text model for images would only distract from "change the model".
    args = ["advise", "examples/text-model-for-medical-images.yaml"]
    out = runner.invoke(app, args).stdout
    assert "Change the base model" in out
    assert "Estimates are left out" in out and "Memory/GPU" not in out
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert data["estimates"]["full"]["memory_gb"]  # the JSON keeps them for tools
    kept = runner.invoke(app, ["advise", "examples/legal-clause-classifier.yaml"]).stdout
    assert "Memory/GPU" in kept and "Estimates are left out" not in kept


@pytest.mark.parametrize("fmt", ["yaml", "markdown"])
def test_other_formats(fmt: str) -> None:
    result = runner.invoke(app, ["advise", "examples/legal-clause-classifier.yaml", "-f", fmt])
    assert result.exit_code == 0
    assert "legal-clause-classifier" in result.stdout
    if fmt == "yaml":
        import yaml

        assert yaml.safe_load(result.stdout)["strategy"] == "full_fine_tune"
    else:
        assert result.stdout.startswith("# legal-clause-classifier")


def test_markdown_carries_what_the_text_shows() -> None:
    # Estimates, --what-if and --explain, as in the text and YAML output.
    args = ["advise", "examples/small-gpu-qlora.yaml", "--what-if", "--explain"]
    markdown = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    data = yaml.safe_load(runner.invoke(app, [*args, "-f", "yaml"]).stdout)
    qlora = data["estimates"]["qlora"]
    low, high = qlora["memory_gb"]["low"], qlora["memory_gb"]["high"]
    assert f"| QLoRA | {low:,.1f}–{high:,.1f} | {qlora['fits']} |" in markdown
    assert "## What if: labeled examples, with this budget" in markdown
    here = f"**◀ this use case ({data['what_if']['examples']:,} examples)**"
    assert markdown.count(here) == 1
    assert "## Trace: every rule evaluated" in markdown
    fired = [t["rule"] for t in data["trace"] if t["fired"] and t["kind"] == "strategy"]
    assert f"| strategy | {fired[0].replace('_', chr(92) + '_')} | yes |" in markdown
    one = runner.invoke(app, ["advise", "--examples", "1", "--model", "Qwen/Qwen2.5-0.5B-Instruct",
                              "--what-if", "-f", "markdown"]).stdout  # fmt: skip
    assert "◀ this use case (1 example)**" in one  # one example, not "1 examples"
    # Without the flags, neither section appears.
    plain = runner.invoke(app, ["advise", "examples/small-gpu-qlora.yaml", "-f", "markdown"])
    assert "## Estimates" in plain.stdout
    assert "What if" not in plain.stdout and "Trace" not in plain.stdout


@pytest.mark.parametrize(("even", "said"), [(1, "about 1 request"), (1500, "about 1,500 requests")])
def test_the_break_even_note_counts_in_words_that_agree(even: int, said: str) -> None:
    from transfer_advisor.render.common import estimate_notes

    note = estimate_notes({"in_context": {"fits": "yes"}, "break_even_requests": even})
    assert note.endswith(f"; a fine-tune pays for itself after {said}")
    # The table's memory is the whole process's, as nvidia-smi shows it, and the note says so.
    assert note.startswith("memory per GPU is what nvidia-smi shows")


def test_flags_alone_make_a_manifest() -> None:
    args = ["advise", "--examples", "5000", "--model", "bert-base-uncased", "--task",
            "classification", "--domain", "legal", "-f", "json"]  # fmt: skip
    data = json.loads(runner.invoke(app, args).stdout)
    # A 110M encoder made to be fine-tuned whole: its full fine-tune costs cents.
    assert data["strategy"] == "full_fine_tune" and data["model"]["parameters"] == 109482240


def test_no_labeled_examples_yet_means_a_zero_shot_prompt_and_labelling() -> None:
    # What `init` writes until the team fills in its count: advice must not read
    # "0 labeled examples ... enough for a few-shot prompt" or "a prompt with 0 examples".
    args = [
        "advise",
        "--examples",
        "0",
        "--model",
        "meta-llama/Llama-3.1-8B-Instruct",
        "-f",
        "json",
    ]
    data = json.loads(runner.invoke(app, args).stdout)
    assert data["strategy"] == "in_context"
    assert "zero-shot prompt" in data["rationale"][0]
    text = json.dumps(data)
    assert "0 labeled examples" not in text and "with 0 " not in text
    assert data["next_steps"][0].startswith("Write a zero-shot prompt")
    assert [a["why_not"] for a in data["alternatives"]] == [
        "There are no labeled examples to fine-tune on yet."
    ] * 2


def test_flags_override_the_manifest() -> None:
    args = ["advise", "examples/legal-clause-classifier.yaml", "--examples", "50", "-f", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    # 50 examples and an encoder: no prompting possible, so a small fine-tune with a warning.
    assert any(f["id"] == "not-promptable" for f in data["findings"])


def test_stdin_manifest() -> None:
    text = Path(ROOT / "examples/support-ticket-few-shot.yaml").read_text()
    result = runner.invoke(app, ["advise", "-", "-f", "json"], input=text)
    assert json.loads(result.stdout)["strategy"] == "in_context"


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    args = ["advise", "examples/legal-clause-classifier.yaml", "-f", "json", "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["strategy"] == "full_fine_tune"


def test_a_threshold_change_in_the_rulebook_changes_the_advice(tmp_path: Path) -> None:
    rules = (ROOT / "rules" / "default.yaml").read_text()
    assert "  in_context_max_examples: 100\n" in rules
    custom = tmp_path / "rules.yaml"
    custom.write_text(rules.replace("  in_context_max_examples: 100\n",
                                    "  in_context_max_examples: 500\n"))  # fmt: skip
    args = ["advise", "--examples", "300", "--model", "meta-llama/Llama-3.1-8B-Instruct", "-f",
            "json"]  # fmt: skip
    assert json.loads(runner.invoke(app, args).stdout)["strategy"] == "peft"
    custom_args = [*args, "--rules", str(custom)]
    assert json.loads(runner.invoke(app, custom_args).stdout)["strategy"] == "in_context"


def test_explain_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(
        ["advise", "examples/base-model-about-to-be-fine-tuned.yaml", "--explain", "-f", "json"],
        capsys,
    )
    assert code == 0
    trace = json.loads(out)["trace"]
    from transfer_advisor import load_rulebook

    rulebook = load_rulebook()
    expected = set(rulebook.rule_ids())
    expected -= {r.rule.id for r in rulebook.technique if r.rule.strategy != "peft"}
    expected -= {r.rule.id for r in rulebook.findings if r.rule.check_only}
    assert {t["rule"] for t in trace} >= expected
    assert any(t["fired"] for t in trace) and any(not t["fired"] for t in trace)


def test_markup_and_escape_sequences_in_names_are_shown_literally() -> None:
    text = ('name: "[bold red]pwn[/] \\e[31mred"\ndata: {labeled_examples: 50}\n'
            "model: {name: '[link=http://x]m[/link]'}\n")  # fmt: skip
    result = runner.invoke(app, ["advise", "-"], input=text)
    assert result.exit_code == 0
    assert "[bold red]pwn[/]" in result.stdout
    assert "[link=http://x]m[/link]" in result.stdout
    assert "\x1b" not in result.stdout and "\\x1b[31mred" in result.stdout


@pytest.mark.parametrize(
    ("char", "shown"),
    [("\x1b", "\\x1b"), ("\xad", "\\xad"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066"),
     ("\u3164", "\\u3164"), ("\u180e", "\\u180e"), ("\ufeff", "\\ufeff"),
     ("\U000e0041", "\\U000e0041")],
)  # fmt: skip
def test_hidden_characters_are_escaped_and_ordinary_text_is_not(char: str, shown: str) -> None:
    from transfer_advisor._internal.visible import visible

    assert visible(f"a{char}b") == f"a{shown}b"
    for text in ("Müller", "日本語", "\u2764\ufe0f emoji", "tab\tkept"):
        assert visible(text, keep="\t") == text


def test_bidirectional_and_invisible_characters_in_names_are_made_visible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # U+202E reverses the rest of a line on screen; U+200B and U+FEFF make names look alike.
    text = ('name: "invoice\u202egpj.exe"\ndata: {labeled_examples: 50}\n'
            'model: {name: "gpt\u200b2"}\n')  # fmt: skip
    result = runner.invoke(app, ["advise", "-"], input=text)
    assert result.exit_code == 0
    assert "invoice\\u202egpj.exe" in result.stdout and "\u202e" not in result.stdout
    assert "gpt\\u200b2" in result.stdout and "\u200b" not in result.stdout
    bad = tmp_path / "m.yaml"
    bad.write_text("name: x\ndata: {labeled_examples: 5, \ufeffdomain: a}\nmodel: {name: gpt2}\n")
    code, out, err = run_main(["advise", str(bad)], capsys)
    assert out == ""
    assert code == 2
    assert "data.\\ufeffdomain: unknown field" in err and "\ufeff" not in err


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["advise", "missing.yaml"], None, "missing.yaml: file not found"),
        (["advise", "-"], "name: x\ndata: {labeled_examples: true}\nmodel: {name: gpt2}\n",
         "<stdin>:2:26: data.labeled_examples: Input should be a valid integer"),
        (["advise", "-"], "a: !!python/object/apply:os.system [ls]\n", "not allowed"),
        (["advise", "--examples", "5"], None, "model.name: required field is missing"),
        (["advise", "x.yaml", "--format", "pdf"], None, "--format must be one of"),
        (["advise", "--examples", "five"], None, "Invalid value for '--examples'"),
        (["advise", "--examples", "5", "--model", "gpt2", "--gpu", "Z80"], None, "unknown GPU 'Z80'"),
        (["advise", "--examples", "5", "--model", "gpt2", "--rules", "nope.yaml"], None, "nope.yaml: file not found"),
        (["nonsense"], None, "No such command"),
        (["advise", "-"], "name: x\ndata: {labeled_examples: 5}\nmodel:\n  name: bert-base-uncased\n  inputs: [text, image]\n",
         "<stdin>:5:11: model.inputs: inputs lists what a multimodal model reads; bert-base-uncased reads text only"),
    ],
)  # fmt: skip
def test_bad_input_is_one_located_line_and_exit_2(
    args: list[str], stdin: str | None, needle: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    code, out, err = run_main(args, capsys)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("transfer-advisor: error: ")
    assert needle in lines[0]
    assert "Traceback" not in err


def test_python_dash_m_and_the_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "transfer_advisor", "advise", "examples/small-gpu-qlora.yaml",
         "-f", "json"], capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["technique"] == "qlora"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("transfer-advisor ")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    row = json.dumps({"name": "r", "data": {"labeled_examples": 500}, "model": {"name": "gpt2"}})
    rows = tmp_path / "rows.jsonl"
    rows.write_text((row + "\n") * 3000)  # far more output than a pipe buffer holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "transfer_advisor", "batch", str(rows)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert json.loads(proc.stdout.readline())["row"] == 1
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err


def test_markdown_shows_control_characters_instead_of_obeying_them() -> None:
    text = 'name: "a\\e[31mred\\u202e\\0z"\ndata: {labeled_examples: 50}\nmodel: {name: gpt2}\n'
    out = runner.invoke(app, ["advise", "-", "-f", "markdown"], input=text).stdout
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    assert "\\x1b" in out and "\\u202e" in out


@pytest.mark.parametrize(
    "args",
    [
        ["advise", "examples/base-model-about-to-be-fine-tuned.yaml", "-f", "json", "--explain",
         "--what-if"],
        ["check", "examples", "--format", "sarif"],
        ["batch", "tests/data/batch/rows.jsonl", "--format", "csv"],
    ],
)  # fmt: skip
def test_output_is_byte_identical_whatever_the_hash_seed(args: list[str]) -> None:
    import os

    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "transfer_advisor", *args], cwd=ROOT,
                                env=env, capture_output=True, check=False)  # fmt: skip
        assert result.stdout, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def _team_project(root: Path, pyproject: str) -> Path:
    """A repository whose pyproject.toml names a team rulebook: in-context up to 1,000 examples."""
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (root / "ml").mkdir()
    (root / "rules").mkdir()
    (root / "rules" / "team.yaml").write_text(
        "extends: default\nthresholds:\n  in_context_max_examples: 1000\n", encoding="utf-8"
    )
    manifest = root / "ml" / "transfer-advisor.yaml"
    manifest.write_text(
        "name: triage\ndata: {labeled_examples: 500}\n"
        "model: {name: meta-llama/Llama-3.1-8B-Instruct}\nplan: {strategy: in_context}\n",
        encoding="utf-8",
    )
    return manifest


CONFIGURED = '[project]\nname = "x"\n\n[tool.transfer-advisor]\nrules = "rules/team.yaml"\n'


def test_every_command_reads_the_rulebook_pyproject_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # advise on a laptop must agree with check in CI: both use the team's rulebook.
    manifest = _team_project(tmp_path, CONFIGURED)
    monkeypatch.chdir(tmp_path / "ml")
    code, out, _ = run_main(["advise", str(manifest), "-f", "json"], capsys)
    assert (code, json.loads(out)["strategy"]) == (0, "in_context")
    code, out, _ = run_main(["advise", str(manifest), "-f", "json", "--no-config"], capsys)
    assert (code, json.loads(out)["strategy"]) == (0, "peft")
    code, out, _ = run_main(["check", str(manifest), "-f", "json"], capsys)
    assert code == 0
    (result,) = json.loads(out)["results"]
    assert result["strategy"] == "in_context"
    assert "plan-mismatch" not in {f["id"] for f in result["findings"]}
    code, out, _ = run_main(["batch", str(manifest.parent), "-o", "-"], capsys)
    assert json.loads(out.splitlines()[0])["strategy"] == "in_context"
    for flags, expected in (([], 1000), (["--no-config"], 100)):
        code, out, _ = run_main(["rules", "show", "-f", "json", *flags], capsys)
        values = {t["name"]: t["value"] for t in json.loads(out)["thresholds"]}
        assert values["in_context_max_examples"] == expected
    # From standard input, the current folder decides.
    monkeypatch.setattr("sys.stdin", io.StringIO(manifest.read_text(encoding="utf-8")))
    code, out, _ = run_main(["advise", "-", "-f", "json"], capsys)
    assert json.loads(out)["strategy"] == "in_context"


def test_a_pyproject_without_the_table_or_with_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = _team_project(tmp_path, '[project]\ndependencies = ["transfer-advisor"]\n')
    code, out, _ = run_main(["advise", str(manifest), "-f", "json"], capsys)
    assert (code, json.loads(out)["strategy"]) == (0, "peft")  # the default rulebook
    (tmp_path / "pyproject.toml").write_text("[tool.transfer-advisor]\nrules = 3\n")
    code, out, err = run_main(["advise", str(manifest)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("transfer-advisor: error: ") and "pyproject.toml:2:" in err
    assert err.count("\n") == 1
    (tmp_path / "pyproject.toml").write_text('[tool.transfer-advisor]\nrules = "a\n')
    code, out, err = run_main(["advise", str(manifest)], capsys)
    assert code == 2 and "pyproject.toml:2:" in err and "invalid TOML" in err
    # A rulebook the setting names but that is not there: said at the setting, for every command.
    (tmp_path / "pyproject.toml").write_text('[tool.transfer-advisor]\nrules = "gone.yaml"\n')
    for command in (["advise", str(manifest)], ["check", str(manifest)]):
        code, out, err = run_main(command, capsys)
        assert code == 2
        assert "pyproject.toml:2:1: tool.transfer-advisor.rules: file not found: " in err
        assert err.rstrip().endswith("gone.yaml")
    # --rules makes the setting moot: no command complains about it then.
    good = tmp_path / "rules" / "team.yaml"
    for command in (["advise", str(manifest)], ["check", str(manifest)]):
        code, _, err = run_main([*command, "--rules", str(good)], capsys)
        assert code == 0, err


def test_the_plan_memory_error_reads_well_with_and_without_a_technique() -> None:
    full = json.loads(
        runner.invoke(
            app, ["advise", "examples/preserve-general-capabilities.yaml", "-f", "json"]
        ).stdout
    )
    (message,) = [f["message"] for f in full["findings"] if f["rule"] == "exceeds-gpu-memory/plan"]
    needed = full["estimates"]["full"]["memory_gb"]["high"]
    assert message.startswith(f"The plan (full_fine_tune) needs about {needed} GB per GPU")
    assert "unknown" not in message
    text = ("name: x\ndata: {labeled_examples: 5000}\nmodel: {name: meta-llama/Llama-3.1-70B-Instruct}\n"
            "budget: {gpu: A100-80GB}\nplan: {strategy: peft, technique: lora}\n")  # fmt: skip
    lora = json.loads(runner.invoke(app, ["advise", "-", "-f", "json"], input=text).stdout)
    (message,) = [f["message"] for f in lora["findings"] if f["rule"] == "exceeds-gpu-memory/plan"]
    assert message.endswith("That is for the planned technique, lora. What fits: qlora.")


def test_every_strategy_and_technique_has_a_label_in_every_format() -> None:
    import typing

    from transfer_advisor.render.common import STRATEGY_LABELS, TECHNIQUE_LABELS
    from transfer_advisor.vocabulary import StrategyName, TechniqueName

    assert set(STRATEGY_LABELS) == set(typing.get_args(StrategyName))
    assert set(TECHNIQUE_LABELS) == set(typing.get_args(TechniqueName))
    for args, headline in [
        (["--model", "openai/whisper-small", "--task", "speech-recognition", "--examples", "0"],
         "the model as it is (zero-shot)"),
        (["--model", "gpt-4o-mini", "--examples", "500"], "the provider's fine-tuning service"),
    ]:  # fmt: skip
        for fmt in ("text", "markdown"):
            result = runner.invoke(app, ["advise", *args, "-f", fmt])
            assert result.exit_code == 0, result.output
            assert headline in result.stdout


@pytest.mark.parametrize(
    ("argv", "collector_on"),
    [
        (["advise", "examples/legal-clause-classifier.yaml", "-f", "json"], False),
        (["check", "examples/legal-clause-classifier.yaml"], True),
        (["batch", "examples/legal-clause-classifier.yaml", "-f", "jsonl"], True),
    ],
)
def test_commands_start_without_the_cyclic_collector_and_long_ones_resume_it(
    argv: list[str], collector_on: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # One-shot commands end with the collector off; check and batch turn it back on once
    # started (what start-up built is frozen out of its reach), so their long runs collect.
    # Either way everything is frozen at the end: the interpreter's exit does not walk it.
    import gc

    from transfer_advisor import _entry
    from transfer_advisor._internal import collector

    seen: list[bool] = []
    real_resume = collector.resume

    def resume() -> None:
        seen.append(gc.isenabled())  # still paused when start-up ends
        real_resume()

    monkeypatch.setattr(collector, "resume", resume)
    monkeypatch.setattr(sys, "argv", ["transfer-advisor", *argv, "-o", str(tmp_path / "out")])
    monkeypatch.chdir(ROOT)
    gc.enable()
    try:
        with contextlib.suppress(SystemExit):
            _entry.main()
        assert gc.isenabled() is collector_on
        assert seen[:1] == ([False] if collector_on else [])
        assert gc.get_freeze_count() > 0  # and everything is frozen before the exit
    finally:
        gc.unfreeze()
        gc.enable()
        collector._paused = False


def test_the_console_script_writes_every_byte_before_it_exits(tmp_path: Path) -> None:
    # The entry point freezes the collector before the interpreter exits (no final walk of
    # every object): files and standard output must still be complete.
    out = tmp_path / "advice.json"
    rows = tmp_path / "rows.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for args, target in (
        (["advise", "examples/legal-clause-classifier.yaml", "-f", "json", "-o", str(out)], out),
        (["batch", "examples", "-f", "jsonl", "-o", str(rows)], rows),
    ):
        done = subprocess.run([sys.executable, "-m", "transfer_advisor", *args], cwd=ROOT,
                              env=env, capture_output=True, text=True)  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        expected = runner.invoke(app, [*args[:-2]])
        assert target.read_text(encoding="utf-8") == expected.stdout
    piped = subprocess.run([sys.executable, "-m", "transfer_advisor", "advise",
                            "examples/legal-clause-classifier.yaml", "-f", "json"], cwd=ROOT,
                           env=env, capture_output=True, text=True)  # fmt: skip
    assert piped.stdout == out.read_text(encoding="utf-8")


def test_the_what_if_cost_of_a_tiny_full_fine_tune_is_not_zero_dollars() -> None:
    from transfer_advisor.render.common import full_fine_tune_note

    note = full_fine_tune_note({"full_fine_tune_from": 100, "full_fine_tune_usd": 0.001})
    assert note is not None and "$0.00" not in note and "under a cent" in note
    note = full_fine_tune_note({"full_fine_tune_from": 10_000, "full_fine_tune_usd": 12.5})
    assert note is not None and "about $12.50" in note


def test_a_model_config_flag_given_a_url_says_urls_are_not_fetched(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "https://huggingface.co/acme/model/resolve/main/config.json"
    code, out, err = run_main(["advise", "--model", "acme/model", "--examples", "100",
                               "--model-config", url], capsys)  # fmt: skip
    assert (code, out) == (2, "")
    assert f"--model-config: model.config: {url}: is a URL, and URLs are not fetched" in err
