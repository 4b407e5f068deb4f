"""Shared fixtures: paths to the repository's examples and test data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The command line keeps compiled team rulebooks on disk (rules/cache.py): never in the home
# folder of whoever runs the tests, and never one left from an earlier run.
_CACHE = tempfile.TemporaryDirectory(prefix="transfer-advisor-test-cache-")
os.environ["TRANSFER_ADVISOR_CACHE_DIR"] = _CACHE.name
os.environ.pop("TRANSFER_ADVISOR_NO_CACHE", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real entry point; return its exit code, standard output and standard error."""
    from transfer_advisor.cli.app import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out, err = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), out, err


def run_on_a_terminal(args: list[str], answers: str, cwd: Path) -> str:
    """Run the command on a pseudo-terminal with these answers typed; its transcript."""
    import pty
    import select
    import subprocess
    import sys
    import time

    script = f"from transfer_advisor.cli import app as cli\ncli.main({args!r})\n"
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=slave, stdout=slave,
                            stderr=slave, cwd=cwd, env=env)  # fmt: skip
    os.close(slave)
    os.write(master, answers.encode())
    transcript = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            transcript += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    if proc.poll() is None:
        proc.kill()
    shown = transcript.decode(errors="replace")
    assert proc.wait(timeout=10) == 0, shown
    return shown


@pytest.fixture
def examples_dir() -> Path:
    return ROOT / "examples"
