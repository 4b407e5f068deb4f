"""The GitHub Action's steps, run the way the runner runs them: its check script with the
runner's environment files, and the Markdown summary it writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from transfer_advisor.check.summary import summary_markdown

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "action-check.sh"


def _command() -> str:
    beside = Path(sys.executable).parent / "transfer-advisor"  # the venv that runs the tests
    found = str(beside) if beside.is_file() else shutil.which("transfer-advisor")
    assert found, "the package's console script must be installed"
    return found


def _run(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {**os.environ, "TRANSFER_ADVISOR": _command(), "SUMMARY_PY": sys.executable,
           "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
           **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}  # fmt: skip
    done = subprocess.run(["bash", str(SCRIPT)], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done, outputs


def test_the_action_declares_its_inputs_and_uploads_sarif() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert {"paths", "fail-on", "rules", "format", "sarif-file", "version"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("actions/cache@") for u in uses)
    install = next(s for s in steps if s.get("id") == "install")["run"]
    assert "--constraint" in install and "action-constraints.txt" in install
    assert (ROOT / "action-constraints.txt").is_file()
    for step in steps:  # inputs reach scripts through env only, never ${{ }} in run:
        assert "${{" not in step.get("run", ""), step


def test_the_check_step_annotates_writes_sarif_and_a_summary(tmp_path: Path) -> None:
    sarif = tmp_path / "findings.sarif"
    done, outputs = _run(tmp_path, paths="tests/data/check/warning.yaml tests/data/check/clean.yaml",
                         fail_on="warning", sarif_file=str(sarif))  # fmt: skip
    assert done.returncode == 0  # the script always lets the SARIF upload run
    assert outputs["code"] == "1"  # ... and hands check's exit code to the failing step
    assert "::warning file=tests/data/check/warning.yaml,line=10" in done.stdout
    assert outputs["sarif"] == str(sarif)
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## transfer-advisor check")
    assert "| `tests/data/check/warning.yaml` | peft (lora) | warning `forgetting-risk`" in summary


def test_the_check_step_takes_a_format_and_never_evaluates_paths(tmp_path: Path) -> None:
    done, outputs = _run(tmp_path, paths="tests/data/check/clean.yaml $(touch pwned)",
                         format="json")  # fmt: skip
    assert not (ROOT / "pwned").exists() and not Path("pwned").exists()
    assert outputs["code"] == "2"  # the second "path" is not a file: an error, not a command
    assert json.loads(done.stdout)["schema_version"] == 1


def test_the_summary_escapes_what_it_shows() -> None:
    report = {"summary": {"files": 1}, "results": [{"path": "a|b.yaml", "strategy": None,
              "findings": [{"severity": "error", "rule": "x\n|y", "suppressed": False}]}]}  # fmt: skip
    text = summary_markdown(report)
    assert "`a\\|b.yaml` | invalid | error `x\\x0a\\|y`" in text  # a new line shown, not kept
