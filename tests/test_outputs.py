"""Where output goes and how a run ends: no device or link replaced, no partial file left behind,
and every I/O failure or signal one line on stderr with its documented exit code.

Devices are never used as a destination here: FIFOs and links live in tmp_path, and
``/dev/stdout`` is only written by a child process whose standard output is a pipe.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, run_main

ROWS = DATA / "batch" / "rows.jsonl"
EXAMPLE = str(ROOT / "examples" / "legal-clause-classifier.yaml")
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "transfer_advisor", *args]


class _Reader(threading.Thread):
    """Reads a FIFO to its end in the background, as a consumer process would."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.data = b""

    def run(self) -> None:
        with open(self.path, "rb") as handle:
            self.data = handle.read()


# --------------------------------------------------------------------------------------------
# Destinations
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-o", "--report"])
def test_a_symlinked_destination_stays_a_link_and_its_file_gets_the_output(
    flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.out"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "link.out"
    link.symlink_to(real)
    code, _, err = run_main(["batch", str(ROWS), flag, str(link)], capsys)
    assert code == 1, err  # the sample has rows with errors
    assert link.is_symlink() and os.readlink(link) == str(real)
    text = real.read_text()
    assert text != "old\n" and (
        "<html" in text.lower() if flag == "--report" else '"row":1' in text
    )
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file's permissions are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.out", "real.out"]


@pytest.mark.parametrize(
    "args", [["batch", str(ROWS), "-o"], ["advise", EXAMPLE, "-f", "json", "-o"]]
)
def test_a_fifo_is_written_through_not_replaced(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = _Reader(fifo)
    reader.start()
    code, _, err = run_main([*args, str(fifo)], capsys)
    reader.join(timeout=30)
    assert code in (0, 1), err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not a plain file
    first = json.loads(reader.data.splitlines()[0] if args[0] == "batch" else reader.data)
    assert first["schema_version"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file


def test_a_regular_file_is_replaced_whole_and_keeps_its_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "advice.json"
    out.write_text("x" * 100_000)
    out.chmod(0o600)
    code, _, _ = run_main(["advise", EXAMPLE, "-f", "json", "-o", str(out)], capsys)
    assert code == 0
    assert json.loads(out.read_text())["name"] == "legal-clause-classifier"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["advice.json"]


def test_dev_stdout_is_standard_output() -> None:
    plain = subprocess.run(_command("batch", str(ROWS)), env=ENV, capture_output=True,
                           check=False, timeout=120)  # fmt: skip
    result = subprocess.run(_command("batch", str(ROWS), "-o", "/dev/stdout"), env=ENV,
                            capture_output=True, check=False, timeout=120)  # fmt: skip
    assert result.returncode == plain.returncode == 1, result.stderr  # some rows have errors
    assert result.stdout == plain.stdout and result.stdout.count(b"\n") == 16


# --------------------------------------------------------------------------------------------
# Signals: a message, 128+N, and no partial file
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("signum", "code", "words"), [
    (signal.SIGTERM, 128 + signal.SIGTERM, "terminated by signal 15"),
    (signal.SIGINT, 130, "interrupted"),
])  # fmt: skip
def test_a_signal_mid_run_leaves_no_partial_file(
    signum: int, code: int, words: str, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    # A shell without job control starts background jobs with SIGINT ignored, and a child
    # inherits that: give the run the default disposition a terminal's Ctrl-C meets.
    child = subprocess.Popen(_command("batch", "-", "--input-format", "jsonl", "-o", str(out)),
                             stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                             preexec_fn=lambda: signal.signal(signum, signal.SIG_DFL))  # fmt: skip
    assert child.stdin is not None and child.stderr is not None
    child.stdin.write(ROWS.read_bytes())
    child.stdin.flush()  # the input stays open: the run is waiting for more rows
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline, "the run never opened its output"
        time.sleep(0.05)
    time.sleep(0.3)
    child.send_signal(signum)
    try:
        _, err_bytes = child.communicate(timeout=60)
    finally:
        child.kill()
    err = err_bytes.decode()
    assert child.returncode == code, err
    assert err.strip().endswith(words) and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # neither the output nor its temporary file


# --------------------------------------------------------------------------------------------
# Standard streams: closed, full, broken
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "redirect", "words"), [
    (["advise", EXAMPLE, "-f", "json"], ">&-", "standard output is closed"),
    (["batch", str(ROWS)], ">&-", "standard output is closed"),
    (["check", str(ROOT / "examples")], ">&-", "standard output is closed"),
    (["advise", "-"], "<&-", "standard input is closed"),
    (["batch", "-", "--input-format", "jsonl"], "<&-", "standard input is closed"),
])  # fmt: skip
def test_a_closed_standard_stream_is_exit_4(args: list[str], redirect: str, words: str) -> None:
    shell = ["sh", "-c", f'exec "$@" {redirect}', "sh", *_command(*args)]
    result = subprocess.run(shell, env=ENV, capture_output=True, text=True, check=False,
                            timeout=120)  # fmt: skip
    assert result.returncode == 4, result.stderr
    assert result.stderr == f"transfer-advisor: error: {words}\n"


def test_a_closed_stderr_changes_nothing_but_the_messages(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    shell = ["sh", "-c", 'exec "$@" 2>&-', "sh", *_command("batch", str(ROWS), "-o", str(out))]
    result = subprocess.run(shell, env=ENV, capture_output=True, check=False, timeout=120)
    assert result.returncode == 1  # rows with errors, as with stderr open
    assert len(out.read_text().splitlines()) == 16


class _FullDisk:
    """A standard output on a full disk."""

    encoding = "utf-8"

    def __init__(self) -> None:
        self.buffer = self

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "no descriptor")


@pytest.mark.parametrize("args", [
    ["advise", EXAMPLE], ["batch", str(ROWS)], ["check", str(ROOT / "examples")],
    ["models"], ["schema", "manifest"],
])  # fmt: skip
def test_a_full_disk_on_stdout_is_exit_4(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    from transfer_advisor.cli.app import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 4, err
    assert err.splitlines()[-1] == (
        "transfer-advisor: error: cannot write standard output: No space left on device"
    )
    assert "Traceback" not in err


def test_an_unexpected_exception_is_an_internal_error_not_findings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import transfer_advisor.advice.engine as engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr(engine, "advise", broken)
    monkeypatch.delenv("TRANSFER_ADVISOR_TRACEBACK", raising=False)
    code, _, err = run_main(["advise", EXAMPLE], capsys)
    assert code == 3
    assert err.startswith("transfer-advisor: internal error: RuntimeError: a bug over two lines")
    assert err.count("\n") == 1
