"""The pre-commit snippet of docs/check.md, run by the real pre-commit against a tag of this
repository (cloned into a temporary folder and tagged v0.1.0, as a release would be)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = ROOT / "docs" / "check.md"


def _snippet() -> str:
    """The first .pre-commit-config.yaml block of docs/check.md, as written there."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(repos:\n  - repo: https://github.com/OWNER/.*?)```", text, re.S)
    assert found, "docs/check.md lost its pre-commit snippet"
    return found.group(1)


def test_the_documented_pre_commit_hook_runs_against_a_tag(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.is_file():
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of this repository")
    hooks = tmp_path / "hooks"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(hooks)], check=True)
    subprocess.run(["git", "-C", str(hooks), "tag", "v0.1.0"], check=True)
    project = tmp_path / "project"
    project.mkdir()
    config = _snippet().replace("https://github.com/OWNER/transfer-advisor", str(hooks))
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=env)

    def run(manifest: str) -> subprocess.CompletedProcess[str]:
        shutil.copy(ROOT / "tests" / "data" / "check" / manifest,
                    project / "transfer-advisor.yaml")  # fmt: skip
        subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
        return subprocess.run([str(pre_commit), "run", "--all-files"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600, check=False)  # fmt: skip

    clean = run("clean.yaml")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "transfer-advisor check" in clean.stdout and "Passed" in clean.stdout
    failing = run("error.yaml")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "error plan-mismatch/much-heavier" in failing.stdout
