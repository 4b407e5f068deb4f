"""Numbers of any size and base, and paths with NUL bytes or FIFOs: a located one-line error
(exit 2), never a traceback or a run that waits forever."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_main

EXAMPLE = ROOT / "examples" / "legal-clause-classifier.yaml"
HUGE = {
    "hex": "0x" + "f" * 5000,
    "binary": "0b" + "1" * 20000,
    "octal": "0" + "7" * 6000,  # YAML 1.1 octal
    "sexagesimal": "1" + ":59" * 3000,
}


@pytest.mark.parametrize("base", sorted(HUGE))
@pytest.mark.parametrize("command", ["advise", "check", "batch"])
def test_a_huge_integer_in_any_base_is_a_located_error(
    base: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(f"name: x\ndata: {{labeled_examples: {HUGE[base]}}}\nmodel: {{name: gpt2}}\n")
    code, out, err = run_main([command, str(path)], capsys)
    assert "Traceback" not in err and "internal error" not in err
    if command == "check":  # check reports it as an invalid manifest, in its report
        assert code == 2 and "huge.yaml:2:" in out and "number too large" in out
    elif command == "batch":
        assert code == 1
        row = json.loads(out)
        assert row["error"]["line"] == 2 and "number too large" in row["error"]["message"]
    else:
        assert code == 2 and err.startswith(f"transfer-advisor: error: {path}:2:26: ")
        assert "number too large" in err and err.count("\n") == 1


def test_a_huge_threshold_is_a_located_rulebook_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "team.yaml"
    rules.write_text(f"extends: default\nthresholds:\n  in_context_max_examples: {HUGE['hex']}\n")
    code, _, err = run_main(["rules", "validate", str(rules)], capsys)
    assert (
        code == 2 and err.startswith(f"transfer-advisor: error: {rules}:3:") and "too large" in err
    )


@pytest.mark.parametrize(("setting", "words"), [
    ("fail-on = " + HUGE["hex"], "a number too large (more than about 308 digits)"),
    ("rules = " + "[" * 600 + "]" * 600, "nested too deeply"),
])  # fmt: skip
def test_a_hostile_pyproject_is_a_located_error(
    setting: str, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    (tmp_path / "pyproject.toml").write_text(f"[tool.transfer-advisor]\n{setting}\n")
    shutil.copy(EXAMPLE, tmp_path / "transfer-advisor.yaml")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_main(["check", "."], capsys)
    assert code == 2, err
    assert err == f"transfer-advisor: error: pyproject.toml: invalid TOML: {words}\n"


def test_a_config_json_describing_too_many_parameters_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32,
              "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 10**20}  # fmt: skip
    (tmp_path / "config.json").write_text(json.dumps(config))
    manifest = tmp_path / "m.yaml"
    manifest.write_text("name: x\ndata: {labeled_examples: 500}\n"
                        "model: {name: my/model, config: config.json}\n")  # fmt: skip
    code, _, err = run_main(["advise", str(manifest)], capsys)
    assert code == 2 and f"{manifest}:3:" in err and "more than the 1e+15" in err


@pytest.mark.parametrize("how", ["nul", "fifo"])
def test_a_nul_or_fifo_path_in_a_document_is_refused(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "pipe")  # with no writer: opening it would wait forever
    target = '"a\\0b"' if how == "nul" else "pipe"
    manifest = tmp_path / "m.yaml"
    manifest.write_text(f"name: x\ndata: {{labeled_examples: 5}}\n"
                        f"model: {{name: gpt2, config: {target}}}\n")  # fmt: skip
    rules = tmp_path / "team.yaml"
    rules.write_text(f"extends: {target}\n")
    code, _, err = run_main(["advise", str(manifest)], capsys)
    assert code == 2 and f"{manifest}:3:" in err and "model.config" in err
    code, _, err = run_main(["rules", "validate", str(rules)], capsys)
    assert code == 2 and f"{rules}:1:" in err and "extended rulebook" in err
    assert ("NUL" in err) if how == "nul" else ("not a regular file" in err)


def test_a_file_named_like_the_default_rulebook_is_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("<default rulebook>").write_text("thresholds: {x: not-a-number}\n")
    code, _, err = run_main(["rules", "validate", "<default rulebook>"], capsys)
    assert code == 2 and "thresholds.x: expected a number" in err


def test_a_jsonl_line_over_10_mb_is_one_bad_row_named_by_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = json.dumps({"name": "r", "data": {"labeled_examples": 5}, "model": {"name": "gpt2"}})
    path = tmp_path / "rows.jsonl"
    long_line = '{"name": "' + "x" * (11 * 1024 * 1024) + '"}\n'
    path.write_text(f"{row}\n{row}\n" + long_line + f"{row}\n")
    code, out, err = run_main(["batch", str(path)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    # Rows in = rows out: the long line is one error row, and the row after it is advised.
    assert code == 1 and [r["row"] for r in records] == [1, 2, 3, 4]
    assert records[2]["error"]["message"] == "a line longer than 10 MB"
    assert records[2]["error"]["line"] == 3 and "strategy" in records[3]
    assert "a line longer than 10 MB" in err


def test_a_key_holding_a_bracket_is_located_at_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('name: x\ndata:\n  labeled_examples: 5\n  "a[b": 1\nmodel: {name: gpt2}\n')
    code, _, err = run_main(["advise", str(path)], capsys)
    assert code == 2
    assert err.startswith(f"transfer-advisor: error: {path}:4:3: data.a[b: unknown field")
