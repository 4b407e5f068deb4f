"""``batch --fields``: choose the output columns, or the slim set."""

from __future__ import annotations

import csv
import io
import json

import pytest

from transfer_advisor.batch.fields import PRESETS, parse_fields
from transfer_advisor.batch.write import CSV_COLUMNS
from transfer_advisor.errors import TransferAdvisorError

from .conftest import DATA, ROOT, run_main

ROWS = str(DATA / "batch" / "rows.jsonl")


def test_jsonl_rows_keep_only_the_fields_asked_for_in_that_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_main(["batch", ROWS, "--fields", "strategy,row,name"], capsys)
    assert code in (0, 1)
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(list(r) == ["strategy", "row", "name"] for r in records)
    code, full, _ = run_main(["batch", ROWS], capsys)
    whole = [json.loads(line) for line in full.splitlines()]
    assert [r["strategy"] for r in records] == [r.get("strategy") for r in whole]


def test_the_slim_set_is_a_fraction_of_the_full_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, slim, _ = run_main(["batch", str(ROOT / "examples"), "--fields", "slim"], capsys)
    _, full, _ = run_main(["batch", str(ROOT / "examples")], capsys)
    assert all(list(json.loads(line)) == list(PRESETS["slim"]) for line in slim.splitlines())
    assert len(slim) * 5 < len(full)


def test_csv_and_json_follow_the_fields(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_main(["batch", ROWS, "-f", "csv", "--fields", "row,findings"], capsys)
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["row", "findings"] and all(len(r) == 2 for r in table)
    _, out, _ = run_main(["batch", ROWS, "-f", "json", "--fields", "row,status"], capsys)
    document = json.loads(out)
    assert all(list(r) == ["row", "status"] for r in document["results"])
    assert "summary" in document


def test_an_unknown_field_is_a_usage_error_with_a_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(["batch", ROWS, "--fields", "row,strategi"], capsys)
    assert code == 2 and out == ""
    assert "unknown column 'strategi'; did you mean 'strategy'?" in err
    code, _, err = run_main(["batch", ROWS, "-f", "table", "--fields", "row"], capsys)
    assert code == 2 and "--fields applies to --format jsonl, json or csv" in err


def test_parse_fields() -> None:
    assert parse_fields("row, name,row") == ("row", "name")
    assert parse_fields("all") == CSV_COLUMNS
    assert parse_fields("slim,model")[-1] == "model"
    with pytest.raises(TransferAdvisorError):
        parse_fields(" , ")


def test_the_shell_completes_column_names() -> None:
    from transfer_advisor.cli.completion import complete_fields

    assert "row,strategy" in complete_fields("row,strat")
    assert "slim" in complete_fields("sl")
