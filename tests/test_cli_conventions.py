"""Command-line conventions: -h and -V, one metavar style, completion of option values, the
questions asked on a terminal, and init's placeholders that check refuses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from transfer_advisor.cli.completion import complete_gpu, complete_model, complete_task
from transfer_advisor.cli.prompts import parse_answer_count, resolve_model

from .conftest import ROOT, run_main, run_on_a_terminal

COMMANDS = [["advise"], ["estimate"], ["check"], ["batch"], ["models"], ["schema"], ["init"],
            ["rules", "show"], ["rules", "init"], ["rules", "validate"], ["rules"],
            ["recipe"]]  # fmt: skip


def test_short_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    from transfer_advisor import __version__

    code, out, _ = run_main(["-V"], capsys)
    assert (code, out) == (0, f"transfer-advisor {__version__}\n")
    code, out, _ = run_main(["-h"], capsys)
    assert code == 0 and "Usage: transfer-advisor" in out and "-h, --help" in out
    code, out, _ = run_main(["advise", "-h"], capsys)
    assert code == 0 and "Usage: transfer-advisor advise" in out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_every_value_the_same_way(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main([*command, "--help"], capsys)
    assert code == 0
    # No Python types (<str>, <list[str]>), no braces ({INPUT}), no lower-case placeholders.
    assert not re.search(r"<[a-z]|\{[A-Za-z]|list\[", out), out
    usage = out.splitlines()[0]
    assert re.fullmatch(r"Usage: transfer-advisor [a-z ]+\[OPTIONS\]( [A-Z_\[\]. ]+)?", usage)
    for line in out.splitlines():
        option = re.match(r"\s+(?:-\w, )?--[a-z-]+ (\S+)\s", line)
        if option and not option.group(1).startswith("/"):
            assert re.fullmatch(r"[A-Z][A-Z_]*", option.group(1)), line


def _complete(words: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "_TRANSFER_ADVISOR_COMPLETE":
           "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
    script = "from transfer_advisor.cli.app import main\nmain()\n"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    return done.stdout.split()


def test_the_shell_completes_option_values() -> None:
    assert "classification" in _complete("transfer-advisor advise --task cla")
    assert "A100-80GB" in _complete("transfer-advisor estimate --gpu A1")
    assert "llama-3-8b" in _complete("transfer-advisor advise --model llama-3-8")
    assert _complete("transfer-advisor advise --format ma") == ["markdown"]
    assert "sarif" not in _complete("transfer-advisor batch --format ")
    assert "jsonl" in _complete("transfer-advisor batch --format ")


def test_completion_functions_know_the_vocabulary_and_the_catalog() -> None:
    assert complete_task("se") == ["segmentation"]
    assert "A100-80GB" in complete_gpu("a1") and "H100-80GB" not in complete_gpu("a1")
    assert "a100" in complete_gpu("a100")  # an alias, as a manifest may write it
    assert all(m.lower().startswith("qwen") for m in complete_model("qwen"))
    assert complete_model("qwen")


@pytest.mark.parametrize(
    ("text", "count"),
    [("500", 500), ("2k", 2000), ("2K", 2000), ("1.5e4", 15000), ("2,000", 2000), ("0", 0),
     ("1.5k", 1500), ("-3", None), ("10.5", None), ("many", None), ("", None)],
)  # fmt: skip
def test_a_count_is_read_as_a_person_types_it(text: str, count: int | None) -> None:
    assert parse_answer_count(text) == count


def test_a_model_name_is_resolved_in_the_catalog() -> None:
    assert resolve_model("llama 3 8b") == ("llama-3-8b", None)
    assert resolve_model("Llama-3-8B") == ("Llama-3-8B", None)
    assert resolve_model("lama-3-8b")[1] is not None  # a typo: the closest is offered
    assert resolve_model("acme/in-house-model") == ("acme/in-house-model", None)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_advise_asks_reads_2k_resolves_the_model_and_saves_the_answers(tmp_path: Path) -> None:
    # "lots" is asked again; "llama 3 8b" is the catalog's llama-3-8b; the answers are saved.
    answers = "llama 3 8b\nlots\n2k\ny\nmine.yaml\n"
    shown = run_on_a_terminal(["advise", "--task", "classification", "--format", "json"],
                           answers, tmp_path)  # fmt: skip
    assert "Please give a whole number" in shown
    assert "Using llama-3-8b from the catalog." in shown
    saved = yaml.safe_load((tmp_path / "mine.yaml").read_text(encoding="utf-8"))
    assert saved["model"]["name"] == "llama-3-8b"
    assert saved["data"]["labeled_examples"] == 2000
    assert saved["task"]["type"] == "classification"
    assert '"strategy"' in shown
    code = subprocess.run([sys.executable, "-m", "transfer_advisor", "advise", "mine.yaml",
                           "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=False)  # fmt: skip
    assert code.returncode == 0 and json.loads(code.stdout)["strategy"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_misspelt_model_is_offered_the_closest_catalog_name(tmp_path: Path) -> None:
    shown = run_on_a_terminal(["estimate", "--format", "json"], "lama-3-8b\ny\n500\nn\n", tmp_path)
    assert "'lama-3-8b' is not in the catalog. Did you mean" in shown
    assert not (tmp_path / "transfer-advisor.yaml").exists()  # declined: nothing written


def test_init_placeholders_fail_check_until_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "transfer-advisor.yaml"
    code, _, err = run_main(["init", str(target)], capsys)
    assert code == 0 and "placeholders" in err
    code, out, _ = run_main(["check", str(target), "--format", "json"], capsys)
    assert code == 1
    findings = json.loads(out)["results"][0]["findings"]
    placeholders = [f for f in findings if f["id"] == "init-placeholder"]
    assert [f["field"] for f in placeholders] == ["task.type", "data.labeled_examples",
                                                  "model.name"]  # fmt: skip
    assert all(f["severity"] == "error" and f["line"] for f in placeholders)
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"  # PLACEHOLDER.*", "", text)
    text = text.replace("type: other", "type: classification")
    text = text.replace("labeled_examples: 0", "labeled_examples: 40")
    target.write_text(text, encoding="utf-8")
    code, out, _ = run_main(["check", str(target), "--format", "json"], capsys)
    findings = json.loads(out)["results"][0]["findings"]
    assert not [f for f in findings if f["id"] == "init-placeholder"]


def test_a_placeholder_word_inside_a_quoted_value_is_not_a_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "m.yaml"
    target.write_text('name: "a # PLACEHOLDER b"\ndata: {labeled_examples: 5}\n'
                      "model: {name: gpt2}\n", encoding="utf-8")  # fmt: skip
    _, out, _ = run_main(["check", str(target), "--format", "json"], capsys)
    assert "init-placeholder" not in out


def test_a_bad_flag_value_is_located_at_the_flag_not_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "project.yaml"
    manifest.write_text("name: x\nmodel: {name: gpt2}\ndata: {labeled_examples: -3}\n"
                        "budget: {level: low}\n")  # fmt: skip
    code, out, err = run_main(["advise", str(manifest), "--gpus", "-1"], capsys)
    assert (code, out) == (2, "")
    # The flag's value is not on any line of the file; the file's own mistake keeps its line.
    assert sorted(err.splitlines()) == [
        "transfer-advisor: error: --gpus: budget.gpus: Input should be greater than 0 "
        "(got the number -1)",
        f"transfer-advisor: error: {manifest}:3:26: data.labeled_examples: Input should be "
        "greater than or equal to 0 (got the number -3)",
    ]
    code, _, err = run_main(["recipe", "--for", "trl", "--model", "gpt2", "--examples", "-5"],
                            capsys)  # fmt: skip
    assert code == 2
    assert err.startswith("transfer-advisor: error: --examples: data.labeled_examples: ")


_ALONE_CASES = [
    [],
    ["--help"],
    ["-V"],
    ["nope"],
    ["advise", "--help"],
    ["advise", "examples/legal-clause-classifier.yaml", "-f", "json"],
    ["advise", "examples/legal-clause-classifier.yaml", "--nope"],
    ["advise", "examples/legal-clause-classifier.yaml", "--gpus", "x"],
    ["estimate", "examples/small-gpu-qlora.yaml"],
    ["recipe", "examples/small-gpu-qlora.yaml", "--for", "trl"],
    ["check", "examples/legal-clause-classifier.yaml", "--format", "junit"],
    ["batch", "--help"],
    ["models", "--help"],
    ["schema", "manifest"],
    ["init", "--help"],
    ["rules", "--help"],
    ["rules", "show", "--help"],
    ["rules", "nope"],
]


@pytest.mark.parametrize("args", _ALONE_CASES, ids=" ".join)
def test_a_command_run_alone_behaves_as_in_the_whole_app(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # main() builds an app holding only the command named first (typer then builds that
    # command's parameters alone); its output, errors and exit code are the whole app's.
    from transfer_advisor.cli import app as cli

    monkeypatch.chdir(ROOT)
    alone = run_main(args, capsys)
    monkeypatch.setattr(cli, "_app_for", lambda args: cli.app)
    whole = run_main(args, capsys)
    assert alone == whole
