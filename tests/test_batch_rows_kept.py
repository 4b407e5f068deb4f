"""batch never loses a row: a bug met while advising one row makes that row an error row marked
``internal``, the run goes on, and the exit code says "a bug" (3), not "rows with errors" (1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_main


def _rows(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "rows.jsonl"
    lines = []
    for i in range(1, count + 1):
        name = "boom" if i % 7 == 0 else f"r{i}"
        lines.append(json.dumps({"name": name, "data": {"labeled_examples": 500},
                                 "model": {"name": "gpt2"}}))  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def buggy_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    import transfer_advisor.batch.rows as rows

    real = rows.advise

    def advise(manifest: Any, *args: Any, **kwargs: Any) -> Any:
        if manifest.name == "boom":
            raise KeyError("a bug")
        return real(manifest, *args, **kwargs)

    monkeypatch.setattr(rows, "advise", advise)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_a_bug_in_one_row_is_that_rows_error_and_the_run_goes_on(
    fmt: str, buggy_engine: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rows(tmp_path, 601)
    out = tmp_path / f"out.{fmt}"
    code, _, err = run_main(["batch", str(path), "-f", fmt, "-o", str(out)], capsys)
    assert code == 3, err
    bad = 601 // 7
    assert f"601 rows: {601 - bad} advised, {bad} with errors ({bad} of them internal" in err
    assert "Traceback" not in err
    text = out.read_text()
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert [r["row"] for r in records] == list(range(1, 602))  # every row, in order
        broken = [r for r in records if "error" in r]
        assert [r["row"] for r in broken] == list(range(7, 602, 7))
        first = broken[0]["error"]
        assert first["internal"] is True and first["line"] == 7
        assert first["message"].startswith("internal error (a bug in transfer-advisor")
        assert "KeyError" in first["message"]
    elif fmt == "csv":
        assert len(text.splitlines()) == 602  # the header and one line per row
    else:
        summary = json.loads(text)["summary"]
        assert summary["rows"] == 601 and summary["internal_errors"] == bad


def test_the_python_api_reports_a_bug_as_a_record(buggy_engine: None) -> None:
    from transfer_advisor.batch.run import advise_records

    given = [{"name": n, "data": {"labeled_examples": 500}, "model": {"name": "gpt2"}}
             for n in ("a", "boom", "c")]  # fmt: skip
    records = list(advise_records(given))
    assert [r["row"] for r in records] == [1, 2, 3]
    assert records[1]["error"]["internal"] is True and "strategy" in records[2]


def test_a_bug_in_the_reader_keeps_the_rows_before_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import transfer_advisor.batch.read as read

    real = read._jsonl_rows

    def failing(*args: Any) -> Iterator[Any]:
        for number, row in enumerate(real(*args), 1):
            if number == 5:
                raise RuntimeError("reader bug")
            yield row

    monkeypatch.setattr(read, "_jsonl_rows", failing)
    code, out, err = run_main(["batch", str(_rows(tmp_path, 20))], capsys)
    assert code == 3
    assert [json.loads(line)["row"] for line in out.splitlines()] == [1, 2, 3, 4]
    assert err.startswith("transfer-advisor: internal error: RuntimeError: reader bug")


_DYING_WORKER = """
import io, json, os, sys
import transfer_advisor.batch.run as run

def die(chunk):  # the worker holding row 300 dies, as a killed process would
    if any(raw.row == 300 for raw in chunk):
        os._exit(9)
    return [run._WORKER["processor"].process(raw) for raw in chunk]

if __name__ == "__main__":
    run._work = die
    from transfer_advisor.batch.read import open_input
    out = io.BytesIO()
    with open_input(sys.argv[1]) as batch_input:
        summary = run.run_batch(batch_input, out, workers=2)
    rows = [json.loads(line)["row"] for line in out.getvalue().splitlines()]
    print(summary.rows, summary.errors, rows == list(range(1, summary.rows + 1)))
"""


def test_a_dying_worker_loses_no_row(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = tmp_path / "dying_worker.py"
    script.write_text(_DYING_WORKER)
    path = tmp_path / "rows.jsonl"
    row = json.dumps({"name": "r", "data": {"labeled_examples": 500}, "model": {"name": "gpt2"}})
    path.write_text((row + "\n") * 1200)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, str(script), str(path)], capture_output=True,
                            text=True, env=env, check=False, timeout=300)  # fmt: skip
    assert result.stdout.split() == ["1200", "0", "True"], result.stderr
