"""The `batch` command and the batch module: every row in, one row out, in order, streaming.

Golden files for the table, Markdown and CSV outputs live in tests/data/batch/golden; after an
intended change to the rules or the formats, regenerate them with
``TRANSFER_ADVISOR_UPDATE_GOLDEN=1 pytest tests/test_batch.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from transfer_advisor import advise
from transfer_advisor.batch.html import ReportTable, render_report
from transfer_advisor.batch.input import RawRow
from transfer_advisor.batch.read import InputFormat, open_input
from transfer_advisor.batch.run import advise_records, iter_results, run_batch
from transfer_advisor.batch.summary import BatchSummary, Brief
from transfer_advisor.batch.write import CSV_COLUMNS, BatchFormat, flat_record, neutralise
from transfer_advisor.cli.app import app, main
from transfer_advisor.errors import InputError, TransferAdvisorError
from transfer_advisor.flat import field_kinds, mapping_from_flat
from transfer_advisor.manifest import load_manifest, manifest_from_mapping
from transfer_advisor.rules.load import default_rulebook

from .conftest import DATA, EXAMPLES, ROOT, run_main

BATCH = DATA / "batch"
GOLDEN = BATCH / "golden"
runner = CliRunner()

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_usecases import flatten, generate, write_csv, write_jsonl  # noqa: E402


def batch(*args: str, input: str | bytes | None = None) -> Any:
    return runner.invoke(app, ["batch", *args], input=input)


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 synthetic use cases with a few percent of bad rows (deterministic)."""
    path = tmp_path_factory.mktemp("portfolio") / "usecases.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_jsonl(generate(2000, seed=11), out)
    return path


# --- every row in, one row out --------------------------------------------------------------


def test_every_row_advised_in_order_and_bad_rows_reported(portfolio: Path) -> None:
    result = batch(str(portfolio))
    lines = [line for line in portfolio.read_text("utf-8").splitlines() if line.strip()]
    records = jsonl(result.stdout)
    assert len(records) == len(lines) == 2000
    assert [r["row"] for r in records] == list(range(1, 2001))
    rulebook = default_rulebook()
    errors = 0
    for line_number, (line, record) in enumerate(zip(lines, records, strict=True), 1):
        # Each row is exactly what `advise` says for that manifest alone.
        try:
            expected: dict[str, Any] | None = advise(json.loads(line), rulebook).to_dict()
        except (ValueError, InputError):
            expected = None
        if expected is None:
            errors += 1
            assert set(record) == {"row", "schema_version", "name", "error"}
            assert record["error"]["line"] == line_number
            assert record["error"]["source"] == str(portfolio)
            assert record["error"]["message"]
        else:
            assert record == {"row": record["row"], **expected}
    assert 20 < errors < 120  # the generator spoils about 3% of the rows
    assert result.exit_code == 1
    assert f"{errors:,} with errors" in result.stderr


def test_jsonl_rows_are_the_standard_librarys_compact_json(portfolio: Path) -> None:
    # The rows are written by pydantic-core's faster encoder; a consumer comparing them with
    # what json.dumps writes (or with an earlier run's output) must see the same bytes.
    lines = batch(str(portfolio)).stdout.splitlines()
    assert len(lines) == 2000
    for line in lines:
        assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))


def test_a_lone_surrogate_in_a_name_survives_as_its_escape() -> None:
    row = json.loads((BATCH / "rows.jsonl").read_text("utf-8").splitlines()[0])
    row["name"] = "bad-\ud800-name"
    result = batch("-", "--input-format", "jsonl", input=json.dumps(row) + "\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("transfer-advisor: 1 row: 0 advised, 1 with errors")
    (record,) = jsonl(result.stdout)  # the row is still one line of valid JSON
    assert record["name"] == "bad-\ud800-name"
    assert record["error"]["field"] == "name"
    assert record["error"]["message"].startswith(
        "not valid Unicode text: it holds a lone surrogate"
    )


def test_summary_counts_errors_in_words_that_agree_with_the_number() -> None:
    result = batch("-", "--input-format", "jsonl", input="{\n" * 4)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("transfer-advisor: 4 rows: 0 advised, 4 with errors")
    assert [line.split(":")[1] for line in lines[1:4]] == [" row 1", " row 2", " row 3"]
    assert lines[4] == ("transfer-advisor: ... and 1 more row with errors "
                        "(see their output rows)")  # fmt: skip


def test_workers_give_the_same_bytes_as_one_process(portfolio: Path, tmp_path: Path) -> None:
    one = batch(str(portfolio), "--format", "csv")
    two = batch(str(portfolio), "--format", "csv", "--workers", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    rules = str(BATCH / "rules.yaml")
    one = batch(str(portfolio), "--rules", rules)
    two = batch(str(portfolio), "--rules", rules, "--workers", "2")
    assert one.stdout == two.stdout  # the workers load the --rules rulebook too
    assert one.stdout != batch(str(portfolio)).stdout
    assert batch(str(portfolio), "--rules", rules, "-w", "0").stdout == one.stdout


@pytest.mark.parametrize(("cpus", "asked", "started"), [(1, 0, None), (4, 0, 4), (2, 8, 2)])
def test_workers_zero_is_one_per_cpu_and_never_more_than_the_cpus(
    monkeypatch: pytest.MonkeyPatch, cpus: int, asked: int, started: int | None
) -> None:
    import concurrent.futures

    from transfer_advisor.batch import run as batch_run

    pools: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counted(max_workers: int, **kwargs: Any) -> Any:
        pools.append(max_workers)
        return real(max_workers, **kwargs)

    monkeypatch.setattr(batch_run, "available_cpus", lambda: cpus)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counted)
    line = b'{"name": "x", "data": {"labeled_examples": 50}, "model": {"name": "gpt2"}}'
    rows = [RawRow(1, 1, "<test>", "json", line)]
    results = list(iter_results(iter(rows), fmt=BatchFormat.jsonl, workers=asked))
    assert len(results) == 1
    assert pools == ([] if started is None else [started])


@pytest.mark.parametrize("fmt", [f.value for f in BatchFormat])
def test_output_is_deterministic(fmt: str) -> None:
    first = batch(str(BATCH / "rows.jsonl"), "--format", fmt)
    second = batch(str(BATCH / "rows.jsonl"), "--format", fmt)
    assert first.exit_code == 1
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes


def test_all_good_rows_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text("\n".join(json.dumps(load_manifest(p).model_dump(exclude_defaults=True))
                              for p in EXAMPLES if "config" not in p.read_text()) + "\n")  # fmt: skip
    result = batch(str(path))
    assert result.exit_code == 0, result.stderr
    assert "0 with errors" in result.stderr


# --- JSONL input ----------------------------------------------------------------------------


def test_jsonl_rows_errors_and_blank_lines() -> None:
    records = jsonl(batch(str(BATCH / "rows.jsonl")).stdout)
    by_name = {r["name"]: r for r in records if r["name"]}
    assert [r["row"] for r in records] == list(range(1, 17))  # blank lines are not rows
    decimal = by_name["decimal-count"]["error"]
    assert decimal == {"source": str(BATCH / "rows.jsonl"), "line": 4, "column": None,
                       "field": "data.labeled_examples",
                       "message": "Input should be a valid integer (got '10.5')"}  # fmt: skip
    broken = records[3]
    assert broken["name"] is None and broken["error"]["line"] == 5
    assert broken["error"]["message"].startswith("invalid JSON:")
    assert "mapping" in records[4]["error"]["message"]
    assert by_name["unknown-gpu"]["error"]["field"] == "budget.gpu"
    # As in YAML input, a key given twice is an error, not "the last one wins".
    assert (
        by_name["duplicate-key"]["error"]["message"]
        == "invalid JSON: duplicate key 'labeled_examples'"
    )
    assert by_name["float-count"]["error"]["field"] == "data.labeled_examples"
    assert by_name["nan-budget"]["error"]["field"] == "budget.usd"
    assert by_name["text-bool"]["error"]["field"] == "prompting.tried"
    assert by_name["crlf-line"]["strategy"] == "full_fine_tune"
    # model.config is read relative to the input file's folder, and its errors are row errors.
    assert by_name["with-config"]["model"]["source"] == "config"
    assert by_name["missing-config"]["error"]["field"] == "model.config"
    assert "nope.json: file not found" in by_name["missing-config"]["error"]["message"]


def test_jsonl_bom_and_invalid_utf8_line(tmp_path: Path) -> None:
    good = b'{"name": "ok", "data": {"labeled_examples": 50}, "model": {"name": "gpt2"}}\n'
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + good + b'{"name": "caf\xe9"}\n' + good)
    result = batch(str(path))
    records = jsonl(result.stdout)
    assert [r.get("strategy") for r in records] == ["change_base_model", None, "change_base_model"]
    assert records[1]["error"]["message"].startswith("not UTF-8 text")
    assert records[1]["error"]["line"] == 2


def test_jsonl_rows_are_validated_like_any_other_input() -> None:
    """Every row of rows.jsonl equals the reference: the parsed object (duplicate keys
    refused), manifest_from_mapping, advise; error rows carry the reference's error."""
    path = BATCH / "rows.jsonl"
    lines = [x for x in path.read_bytes().splitlines() if x.strip()]
    records = jsonl(batch(str(path)).stdout)
    assert len(records) == len(lines)

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({k for k, _ in pairs}) != len(pairs):
            raise ValueError("duplicate key")
        return dict(pairs)

    for line, record in zip(lines, records, strict=True):
        try:
            data = json.loads(line, object_pairs_hook=no_duplicates)
        except ValueError:
            assert record["error"]["message"].startswith(("invalid JSON", "not UTF-8"))
            continue
        try:
            manifest = manifest_from_mapping(data, source=str(path), base_dir=BATCH)
            expected = advise(manifest).to_dict()
        except InputError as exc:
            assert (record["error"]["field"], record["error"]["message"]) == (exc.field,
                                                                              exc.message)  # fmt: skip
        else:
            assert record == {"row": record["row"], **expected}


# --- CSV input ------------------------------------------------------------------------------


@pytest.mark.parametrize("tail_lines", [3, 20_000])  # a few lines, and past csv's field limit
def test_a_quote_that_never_closes_costs_one_row_not_the_rest_of_the_file(tail_lines: int) -> None:
    rows = [f"r{n},{50 + n},gpt2" for n in range(tail_lines)]
    text = 'name,data.labeled_examples,model.name\na,50,gpt2\n"b,60,gpt2\n' + "\n".join(rows) + "\n"
    result = batch("-", "--input-format", "csv", input=text)
    records = jsonl(result.stdout)
    assert [r["name"] for r in records] == ["a", None, *(f"r{n}" for n in range(tail_lines))]
    assert records[1]["error"]["line"] == 3
    assert records[1]["error"]["message"] == (
        "invalid CSV: a quoted cell that opens on this line never closes"
    )
    assert all("strategy" in r for r in records[2:])
    assert result.exit_code == 1


def test_lines_that_each_open_a_quote_each_get_a_bad_row() -> None:
    # Each `a","x` line leaves a quote open whether read alone or inside a quoted cell. After
    # the first broken record, the lines it swallowed are read again one at a time (never a
    # third time: the work stays linear), so each still gets its own row.
    text = "name,data.labeled_examples,model.name\n" + 'a","x\n' * 4000
    records = jsonl(batch("-", "--input-format", "csv", input=text).stdout)
    assert [r["error"]["line"] for r in records] == list(range(2, 4002))


def test_good_rows_swallowed_by_two_broken_ones_are_kept() -> None:
    text = ("name,data.labeled_examples,model.name\n"
            '"x,50,gpt2\n'  # opens a quote that never closes
            'y,60,gpt2",",note\n'  # broken again when read alone
            "z,70,gpt2\nw,80,gpt2\n")  # fmt: skip
    records = jsonl(batch("-", "--input-format", "csv", input=text).stdout)
    assert [r["name"] or r["error"]["line"] for r in records] == [2, 3, "z", "w"]
    assert records[1]["error"]["message"].startswith("invalid CSV: ")


def test_csv_messages_say_what_is_wrong_with_the_cell() -> None:
    header = "name,data.labeled_examples,model.name\n"
    cases = {
        'b,"closed"then,gpt2\n': 'text after a closing quote (a quote inside a quoted cell is written "")',
        "c," + "9" * 200_000 + ",gpt2\n": "a cell longer than 131,072 characters",
    }  # fmt: skip
    for line, message in cases.items():
        (record,) = jsonl(batch("-", "--input-format", "csv", input=header + line).stdout)
        assert record["error"]["message"] == f"invalid CSV: {message}"
    broken_header = runner.invoke(app, ["batch", "-", "--input-format", "csv"], input='"name,x\n')
    assert str(broken_header.exception) == (
        "<stdin>:1: invalid CSV header: a quoted cell that opens on this line never closes"
    )


def test_csv_quoted_cells_may_span_lines_and_broken_ones_are_bad_rows() -> None:
    text = ('name,task.description,data.labeled_examples,model.name\n'
            'a,"two\nlines, and a ""quote""",50,gpt2\n'
            'b,"closed"then-text,60,gpt2\n'
            'c,plain,70,gpt2\n')  # fmt: skip
    records = jsonl(batch("-", "--input-format", "csv", input=text).stdout)
    assert [r["name"] for r in records] == ["a", None, "c"]
    assert [r["error"]["line"] for r in records if "error" in r] == [4]  # b starts on line 4
    assert records[1]["error"]["message"].startswith("invalid CSV: ")


def test_csv_cells_are_converted_by_field_type() -> None:
    records = jsonl(batch(str(BATCH / "rows.csv")).stdout)
    by_name = {r["name"]: r for r in records}
    assert by_name["decimal-count"]["error"]["message"] == (
        "Input should be a valid integer (got '10.5')"
    )
    assert by_name["decimal-count"]["error"]["line"] == 5
    assert by_name["text-bool"]["error"]["field"] == "prompting.tried"
    assert by_name["in-house"]["model"]["parameters"] == 13_000_000_000
    assert by_name["multi\nline name"]["strategy"] == "full_fine_tune"
    assert "the header only 16" in by_name["too-many-cells"]["error"]["message"]
    assert len(records) == 8  # the blank line is not a row


def test_csv_input_gives_the_same_mapping_as_yaml(tmp_path: Path) -> None:
    """CSV round trip: every example manifest, flattened to dotted columns, reads back as the
    same manifest (numbers, booleans, lists, parameter counts)."""
    manifests = [load_manifest(p) for p in EXAMPLES]
    flat_rows = [flatten(m.model_dump(exclude_defaults=True)) for m in manifests]
    columns = sorted({k for row in flat_rows for k in row})
    path = tmp_path / "examples.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in flat_rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    with open_input(str(path)) as batch_input:
        rows = list(batch_input)
    assert len(rows) == len(manifests)
    for raw, manifest in zip(rows, manifests, strict=True):
        cells, cols = raw.payload
        from transfer_advisor.batch.rows import _cells_mapping

        data = _cells_mapping(cells, cols)
        assert manifest_from_mapping(data).model_dump() == manifest.model_dump()
        expected = manifest.model_dump(exclude_defaults=True)
        # Counts ("7B", "2B" tokens) stay text until validated.
        for section, name in (("model", "parameters"), ("model", "active_parameters"),
                              ("data", "unlabeled_tokens")):  # fmt: skip
            if name in expected.get(section, {}):
                expected[section][name] = str(expected[section][name])
        assert data == expected


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


@pytest.mark.parametrize(
    ("header", "needle"),
    [
        ("name,data.colour", "'data.colour' is not a manifest field"),
        ("name,data.labeled_exmaples", "did you mean 'data.labeled_examples'?"),
        ("name,name", "appears twice"),
        ("name,,model.name", "column 2 of the header has no name"),
        ("name,budget", "is a section"),
        ("name,ignore", "cannot be given in CSV"),
    ],
)
def test_bad_csv_header_is_an_unreadable_input(
    header: str, needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"{header}\nx,1\n")
    code, out, err = run_main(["batch", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"transfer-advisor: error: {path}:1: ")
    assert needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_convert_text_by_kind() -> None:
    kinds = field_kinds()
    assert kinds["data.labeled_examples"] == "int"
    assert kinds["budget.usd"] == "float"
    assert kinds["prompting.tried"] == "bool"
    assert kinds["model.domains"] == "list"
    assert kinds["model.parameters"] == "raw"
    assert kinds["task.type"] == "str"
    assert kinds["schema_version"] == "int"
    assert kinds["ignore"] == "unsupported"
    flat = {"name": "x", "data.labeled_examples": "5000", "budget.usd": "10.5",
            "budget.gpus": "", "prompting.tried": "FALSE", "model.domains": "legal; finance;",
            "model.parameters": "7B", "model.name": "gpt2", "budget.gpu_hours": "24"}  # fmt: skip
    assert mapping_from_flat(flat) == {
        "name": "x",
        "data": {"labeled_examples": 5000},
        "budget": {"usd": 10.5, "gpu_hours": 24},
        "prompting": {"tried": False},
        "model": {"domains": ["legal", "finance"], "parameters": "7B", "name": "gpt2"},
    }
    assert mapping_from_flat({"data.labeled_examples": "yes"}) == {
        "data": {"labeled_examples": "yes"}  # left for validation to reject
    }


@pytest.mark.parametrize("column", ["data.labeled_examples", "budget.usd"])  # int, float
def test_a_huge_integer_in_a_csv_cell_is_a_bad_row_and_the_batch_goes_on(
    column: str, tmp_path: Path
) -> None:
    path = tmp_path / "portfolio.csv"
    huge = "9" * 5000  # Python refuses to turn more than 4,300 digits into an int
    row_b = {"data.labeled_examples": f"b,{huge},gpt2,", "budget.usd": f"b,50,gpt2,-{huge}"}
    path.write_text("name,data.labeled_examples,model.name,budget.usd\n"
                    f"a,50,gpt2,\n{row_b[column]}\nc,50,gpt2,\n", encoding="utf-8")  # fmt: skip
    result = batch(str(path))
    assert "Traceback" not in result.output
    records = jsonl(result.stdout)
    assert [r["name"] for r in records] == ["a", "b", "c"]
    assert "error" not in records[0] and "error" not in records[2]
    assert records[1]["error"] == {"source": str(path), "line": 3, "column": None, "field": column,
                                   "message": "an integer of 5,000 digits is out of range"}  # fmt: skip
    assert result.exit_code == 1


def test_a_huge_integer_from_a_dataframe_is_an_error_record() -> None:
    rows = [
        {"name": "a", "data.labeled_examples": "50", "model.name": "gpt2"},
        {"name": "b", "data.labeled_examples": "9" * 5000, "model.name": "gpt2"},
        {"name": "c", "data.labeled_examples": "0" * 5000 + "50", "model.name": "gpt2"},
    ]
    a, b, c = advise_records(rows, dotted=True)
    assert a["strategy"] == c["strategy"] == "change_base_model"  # leading zeros do not count
    assert b["name"] == "b" and b["row"] == 2
    assert b["error"]["field"] == "data.labeled_examples"
    assert b["error"]["message"] == "an integer of 5,000 digits is out of range"
    with pytest.raises(InputError) as info:
        mapping_from_flat({"budget.gpus": "1" + "0" * 100})
    assert str(info.value) == "budget.gpus: an integer of 101 digits is out of range"
    assert mapping_from_flat({"budget.gpus": "1" + "0" * 99}) == {"budget": {"gpus": 10**99}}


# --- YAML, directories, standard input ------------------------------------------------------


def test_multi_document_yaml_is_located() -> None:
    records = jsonl(batch(str(BATCH / "rows.yaml")).stdout)
    assert [r["name"] for r in records] == ["legal-clauses", "bad-examples", "chat-assistant"]
    assert records[1]["error"]["line"] == 8 and records[1]["error"]["column"] == 21


_GOOD_DOC = "name: {}\ndata: {{labeled_examples: 50}}\nmodel: {{name: gpt2}}\n"


@pytest.mark.parametrize(
    ("document", "line", "message"),
    [
        (
            "name: b\ndata: {labeled_examples: 50}\ndata: {labeled_examples: 60}\n"
            "model: {name: gpt2}\n",
            7,
            "duplicate key 'data' (first at line 6)",
        ),
        (
            "name: b\ndata: !!python/object:os.system {labeled_examples: 50}\nmodel: {name: gpt2}\n",
            6,
            "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed here",
        ),
        (
            "name: b\nmodel: &m {name: gpt2}\n<<: *m\ndata: {labeled_examples: 50}\n",
            7,
            "merge keys ('<<') are not supported",
        ),
    ],
    ids=["duplicate-key", "python-tag", "merge-key"],
)
def test_a_yaml_document_the_loader_refuses_is_an_error_row_and_the_batch_goes_on(
    document: str, line: int, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "portfolio.yaml"
    path.write_text(_GOOD_DOC.format("a") + "---\n" + document + "---\n" + _GOOD_DOC.format("c"))
    result = batch(str(path))
    records = jsonl(result.stdout)
    assert [r["name"] for r in records] == ["a", "b", "c"]
    assert [r["row"] for r in records] == [1, 2, 3]
    assert "error" not in records[0] and "error" not in records[2]
    assert records[1]["error"]["source"] == str(path)
    assert records[1]["error"]["line"] == line
    assert records[1]["error"]["message"] == message
    assert result.exit_code == 1
    assert batch(str(path), "--workers", "2").stdout == result.stdout


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_yaml_syntax_error_stops_the_batch_after_the_rows_before_it(
    workers: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m3.yaml"
    path.write_text(_GOOD_DOC.format("a") + "---\nname: [b\ndata: {labeled_examples: 50}\n---\n"
                    + _GOOD_DOC.format("c"))  # fmt: skip
    code, out, err = run_main(["batch", str(path), "--format", "table", "-w", workers], capsys)
    assert code == 2
    assert [line.split()[:2] for line in out.splitlines()] == [["ROW", "NAME"], ["1", "a"]]
    assert (
        err
        == f"transfer-advisor: error: {path}:6:5: invalid YAML: did not find expected ',' or ']'\n"
    )
    code, out, _ = run_main(["batch", str(path)], capsys)
    assert code == 2
    assert [r["name"] for r in jsonl(out)] == ["a"]


def test_directory_of_manifests_in_sorted_order() -> None:
    result = batch(str(BATCH / "manifests"))
    records = jsonl(result.stdout)
    sources = [r.get("error", {}).get("source") for r in records]
    assert [r["name"] for r in records] == ["legal-clauses", None, "support-few-shot"]
    assert sources[1] == str(BATCH / "manifests" / "b-broken.yaml")  # a bad file is a bad row
    assert result.exit_code == 1


@pytest.mark.parametrize("contents", [{}, {"ci.yml": "jobs: {}\n", "notes.txt": "data: x\n"}])
def test_a_folder_with_no_manifest_exits_2_as_check_does(
    contents: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "portfolio"  # e.g. a mistyped path in CI: it must not pass as 0 rows
    folder.mkdir()
    for name, text in contents.items():
        (folder / name).write_text(text)
    out = tmp_path / "out.jsonl"
    code, stdout, err = run_main(["batch", str(folder), "-o", str(out)], capsys)
    assert code == 2
    assert stdout == ""
    assert err.startswith(f"transfer-advisor: error: {folder}: no manifests found in this folder")
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio"]  # no output file
    assert run_main(["check", str(folder)], capsys)[0] == 2


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_an_empty_file_or_stdin_is_an_empty_portfolio(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    with _stdin(b""):
        code, stdout, err = run_main(["batch", str(path) if source == "file" else "-"], capsys)
    assert (code, stdout) == (0, "")
    assert err.startswith("transfer-advisor: 0 rows: 0 advised, 0 with errors")


def test_batch_and_check_agree_on_which_files_in_a_folder_are_manifests(tmp_path: Path) -> None:
    # A repository holds other YAML too (CI, a rulebook, vendored packages): not use cases.
    manifest = "name: {}\ndata: {{labeled_examples: 50}}\nmodel: {{name: gpt2}}\n"
    files = {
        "ml/a.yaml": manifest.format("a"),
        "ml/.transfer-advisor.yaml": manifest.format("hidden-name"),
        "ml/team-rules.yaml": "extends: default\nthresholds: {in_context_max_examples: 50}\n",
        "ml/b.json": json.dumps(
            {"name": "b", "data": {"labeled_examples": 5}, "model": {"name": "gpt2"}}
        ),
        "ml/package.json": '{"name": "web", "version": "1.0.0"}',
        "ci.yml": "jobs:\n  test:\n    runs-on: ubuntu-latest\n",
        "node_modules/pkg/x.transfer-advisor.yaml": manifest.format("vendored"),
        ".cache/c.yaml": manifest.format("cached"),
        # Manifests written in other ways are still found (and, if broken, reported).
        "ml/c-bom.json": "\ufeff"
        + json.dumps({"name": "c", "data": {"labeled_examples": 5}, "model": {"name": "gpt2"}}),
        # ML repositories are full of configs with model and data sections: not manifests.
        "conf/lightning.yaml": "model:\n  lr: 0.001\ndata:\n  batch_size: 32\n",
        "web/scripts.json": json.dumps(
            {"scripts": {"train:model": "x", "fetch:data": "y", "labeled_examples: 5": "z"}}
        ),
        "k8s/configmap.json": json.dumps(
            {"metadata": {"name": "m"}, "data": {"model": "llama", "labeled_examples": "5"}}
        ),
        "ml/d-flow.yaml": "# one line\n{name: d, data: {labeled_examples: 5}, model: {name: gpt2}}\n",
        "ml/e-quoted.yaml": '"name": e\n"data": {labeled_examples: 5}\n"model": {name: gpt2}\n',
        "ml/.f-hidden.yaml": manifest.format("f"),
        "ml/g-broken.json": '{"name": "g", "data": {"labeled_examples": 5}, "model": ',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "ml" / "h-latin1.yaml").write_bytes(
        b"name: h\xe9\ndata: {labeled_examples: 5}\nmodel: {name: gpt2}\n"
    )
    (tmp_path / "ml" / "i-doc.yaml").write_text(
        "%YAML 1.2\n---\n{name: i, data: {labeled_examples: 5}, model: {name: gpt2}}\n"
    )
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "transfer-advisor.yaml").symlink_to(tmp_path / "gone.yaml")
    fifo = hasattr(os, "mkfifo")
    if fifo:  # read, they would block for ever
        os.mkfifo(tmp_path / "ml" / "pipe.yaml")  # not ours: passed over
        (tmp_path / "pipe").mkdir()
        os.mkfifo(tmp_path / "pipe" / "transfer-advisor.yaml")  # a manifest: reported
    result = batch(str(tmp_path))
    records = jsonl(result.stdout)
    # Each row: the manifest's name, or the file of an error row. A folder's files come by name.
    rows = [r["name"] if "error" not in r else Path(r["error"]["source"]).name for r in records]
    expected = ["f", "hidden-name", "a", "b", "c", "d", "e", "g-broken.json", "h-latin1.yaml",
                "i", "transfer-advisor.yaml"]  # fmt: skip
    if fifo:
        expected.append("transfer-advisor.yaml")
        assert records[-1]["error"]["message"] == (
            "not a regular file (a pipe or a device), so it was not read"
        )
        assert records[-1]["error"]["source"] == str(tmp_path / "pipe" / "transfer-advisor.yaml")
    assert rows == expected
    assert "not UTF-8" in records[7 + 1]["error"]["message"]
    assert "not found" in records[10]["error"]["message"]  # a manifest's name on a dead link
    assert result.exit_code == 1  # the broken manifests are reported, not skipped
    checked = runner.invoke(app, ["check", str(tmp_path), "-f", "json"])
    assert checked.exit_code == 2  # unreadable manifests, reported like findings
    results = json.loads(checked.stdout)["results"]
    assert [Path(r["path"]).name for r in results] == [
        ".f-hidden.yaml", ".transfer-advisor.yaml", "a.yaml", "b.json", "c-bom.json",
        "d-flow.yaml", "e-quoted.yaml", "g-broken.json", "h-latin1.yaml", "i-doc.yaml",
        "transfer-advisor.yaml", *(["transfer-advisor.yaml"] if fifo else []),
    ]  # fmt: skip
    if fifo:
        assert results[-1]["path"].endswith("pipe/transfer-advisor.yaml")
        assert "not a regular file" in json.dumps(results[-1])


@pytest.mark.parametrize("name", ["rows.jsonl", "rows.csv", "rows.yaml"])
def test_stdin_format_is_sniffed(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BATCH)  # relative model.config paths: the input's folder, or the cwd
    from_file = batch(str(BATCH / name), "--format", "csv")
    from_stdin = batch("-", "--format", "csv", input=(BATCH / name).read_bytes())
    assert from_stdin.exit_code == 1
    assert from_stdin.stdout == from_file.stdout.replace(str(BATCH / name), "<stdin>")


def test_input_format_option_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "rows.txt"
    shutil.copy(BATCH / "rows.csv", path)
    sniffed = batch(str(path))
    forced = batch(str(path), "--input-format", "csv")
    assert sniffed.stdout == forced.stdout
    wrong = batch(str(path), "--input-format", "jsonl")
    assert all("error" in r for r in jsonl(wrong.stdout))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["missing.jsonl"], "missing.jsonl: file not found"),
        (["ROWS", "--format", "xml"], "--format must be one of: jsonl, csv, json"),
        (["ROWS", "--input-format", "xls"], "--input-format must be one of"),
        (["ROWS", "--workers", "-1"], "--workers must be 0 (one per CPU) or more"),
        (["ROWS", "--output", "ROWS"], "--output would overwrite the input"),
        (["ROWS", "-o", "x.html", "--report", "x.html"], "name the same file"),
        (["ROWS", "--rules", "missing.yaml"], "missing.yaml: file not found"),
        (["DIR", "--input-format", "csv"], "does not apply to a directory"),
    ],
)
def test_unreadable_input_and_bad_flags_exit_2(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    swap = {"ROWS": str(BATCH / "rows.jsonl"), "DIR": str(BATCH / "manifests")}
    code, out, err = run_main(["batch", *[swap.get(a, a) for a in args]], capsys)
    assert code == 2
    assert out == ""
    assert needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_json_list_is_refused_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info, _stdin(b'[{"name": "a"}]\n'):
        main(["batch", "-"])
    assert info.value.code == 2
    assert "jq -c" in capsys.readouterr().err


class _stdin:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __enter__(self) -> None:
        self.saved = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(self.data))

    def __exit__(self, *exc: object) -> None:
        sys.stdin = self.saved


def test_input_unreadable_part_way_exits_2_and_leaves_no_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    good = (BATCH / "rows.yaml").read_text().rstrip("-\n")
    path.write_text(good + "\n---\nname: [unclosed\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run_main(["batch", str(path), "-o", str(out)], capsys)
    assert code == 2
    assert f"{path}:" in err and "invalid YAML" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]  # no partial file left behind


@pytest.mark.parametrize("destination", ["missing-folder/report.html", "a-folder"])
@pytest.mark.parametrize("to_file", [True, False])
def test_a_report_that_cannot_be_written_fails_before_any_row(
    destination: str, to_file: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-folder").mkdir()
    report = tmp_path / destination
    out = ["-o", str(tmp_path / "out.jsonl")] if to_file else []
    code, stdout, err = run_main(["batch", str(BATCH / "rows.csv"), *out, "--report", str(report)],
                                 capsys)  # fmt: skip
    assert code == 2
    assert stdout == ""  # failed before advising: not a row on standard output either
    assert err.startswith(f"transfer-advisor: error: {report}: cannot write: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"]  # no output, no partials
    assert list((tmp_path / "a-folder").iterdir()) == []


def test_a_run_that_fails_part_way_writes_neither_output_nor_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(_GOOD_DOC.format("a") + "---\nname: [unclosed\n")
    out, report = tmp_path / "out.jsonl", tmp_path / "report.html"
    code, stdout, _ = run_main(["batch", str(path), "-o", str(out), "--report", str(report)],
                               capsys)  # fmt: skip
    assert (code, stdout) == (2, "")
    assert list(tmp_path.iterdir()) == [path]


def test_output_file_and_report_are_written(tmp_path: Path) -> None:
    out, report = tmp_path / "out.csv", tmp_path / "report.html"
    result = batch(str(BATCH / "rows.jsonl"), "-f", "csv", "-o", str(out), "--report",
                   str(report))  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == ""
    assert out.read_text("utf-8") == batch(str(BATCH / "rows.jsonl"), "-f", "csv").stdout
    assert report.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "report.html"]


# --- output formats -------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("markdown", "md"), ("csv", "csv")])
def test_golden_output(fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # golden files hold paths relative to the repository
    text = batch("tests/data/batch/rows.jsonl", "--format", fmt).stdout
    golden = GOLDEN / f"rows.{suffix}"
    if os.environ.get("TRANSFER_ADVISOR_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_every_format_is_handled() -> None:
    rows = list(open_input(str(BATCH / "rows.jsonl")))
    for fmt in BatchFormat:
        out = io.BytesIO()
        summary = run_batch(rows, out, fmt=fmt, rulebook=default_rulebook())
        assert summary.rows == 16 and out.getvalue()


def test_json_output_is_one_valid_document() -> None:
    data = json.loads(batch(str(BATCH / "rows.jsonl"), "--format", "json").stdout)
    assert list(data) == ["schema_version", "results", "summary"]
    assert [r["row"] for r in data["results"]] == list(range(1, 17))
    assert data["summary"]["rows"] == 16
    assert data["summary"]["errors"] == sum("error" in r for r in data["results"])
    empty = json.loads(batch("-", "--format", "json", input="").stdout)
    assert empty["results"] == [] and empty["summary"]["rows"] == 0


def test_csv_output_round_trips_and_neutralises_formulas() -> None:
    text = batch(str(BATCH / "rows.csv"), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    names = [r["name"] for r in rows]
    assert names == ["legal-clauses", "support-few-shot", "decimal-count", "text-bool",
                     "in-house", "'=1+2, with a \"comma\"", "multi\nline name",
                     "too-many-cells"]  # fmt: skip
    assert rows[0]["findings"] == "" and rows[0]["strategy"] == "full_fine_tune"
    assert rows[4]["model.parameters"] == "13000000000"
    assert rows[2]["status"] == "error" and rows[2]["error.field"] == "data.labeled_examples"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise(start: str) -> None:
    assert neutralise(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"
    assert neutralise(f"a{start}") == f"a{start}"


def test_markdown_and_table_escape_names() -> None:
    markdown = batch(str(BATCH / "rows.jsonl"), "--format", "markdown").stdout
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\*\\*bold\\*\\*" in markdown
    table = batch(str(BATCH / "rows.jsonl"), "--format", "table").stdout
    assert "\x1b" not in table
    escape = runner.invoke(app, ["batch", "-", "-f", "table"],
                           input='{"name": "a\\u001b[31mred", "data": {"labeled_examples": 5}, '
                           '"model": {"name": "gpt2"}}\n')  # fmt: skip
    assert "\x1b" not in escape.stdout and "a\\x1b[31mred" in escape.stdout
    bidi = runner.invoke(app, ["batch", "-", "-f", "table"],
                         input='{"name": "invoice\\u202egpj.exe", "data": {"labeled_examples": 5}, '
                         '"model": {"name": "gpt2"}}\n')  # fmt: skip
    assert "\u202e" not in bidi.stdout and "invoice\\u202egpj.exe" in bidi.stdout
    markdown_out = runner.invoke(app, ["batch", "-", "-f", "markdown"],
                                 input='{"name": "a\\u001b[31m\\u202e", "data": {"labeled_examples": 5}, '
                                 '"model": {"name": "gpt2"}}\n').stdout  # fmt: skip
    assert "\x1b" not in markdown_out and "\u202e" not in markdown_out


def test_flat_record_with_estimates() -> None:
    record = {"row": 1, "name": "n", "strategy": "peft", "technique": "qlora",
              "findings": [{"id": "a", "severity": "info"}, {"id": "b", "severity": "warning"}],
              "model": {"name": "m", "parameters": 7},
              "estimates": {"qlora": {"memory_gb": {"low": 6.5, "high": 9.0}, "fits": "yes",
                                      "gpu_hours": {"low": 1.0, "high": 2.0}, "usd": None},
                            "full": {"memory_gb": {"low": 90, "high": 120}, "fits": "no"}}}  # fmt: skip
    flat = flat_record(record)
    assert flat["findings"] == "a;b" and flat["worst_severity"] == "warning"
    assert flat["estimate.technique"] == "qlora"
    assert (flat["estimate.memory_gb.low"], flat["estimate.memory_gb.high"]) == (6.5, 9.0)
    assert flat["estimate.fits"] == "yes" and flat["estimate.usd.low"] is None
    assert flat["full.fits"] == "no" and flat["lora.fits"] is None
    assert flat_record({**record, "estimates": None})["estimate.fits"] is None


# --- streaming and memory -------------------------------------------------------------------


def _endless() -> Iterator[RawRow]:
    line = b'{"name": "x", "data": {"labeled_examples": 50}, "model": {"name": "gpt2"}}\n'
    for row in itertools.count(1):
        yield RawRow(row, row, "<endless>", "json", line)


@pytest.mark.parametrize("workers", [1, 2])
def test_rows_stream_from_an_endless_input(workers: int) -> None:
    """The loop pulls rows as it goes (bounded in flight with workers), so an endless input
    yields results instead of being read to the end first."""
    results = iter_results(_endless(), fmt=BatchFormat.jsonl, workers=workers)
    first = list(itertools.islice(results, 600))
    results.close()  # type: ignore[attr-defined]
    assert [brief.row for _, brief in first] == list(range(1, 601))


# --- summary and progress on stderr ---------------------------------------------------------


def test_piped_stderr_gets_one_plain_summary_line(portfolio: Path) -> None:
    result = batch(str(portfolio))
    lines = result.stderr.splitlines()
    assert lines[0].startswith("transfer-advisor: 2,000 rows: ")
    assert "rows/s" in lines[0]
    assert all(line.startswith("transfer-advisor: ") for line in lines)
    assert len(lines) <= 5  # the summary, up to three errors and a count of the rest
    assert "\x1b" not in result.stderr and "█" not in result.stderr


def test_terminal_stderr_gets_progress_and_summary(portfolio: Path) -> None:
    from transfer_advisor.cli.batch import run_command

    stderr, stdout = io.StringIO(), io.BytesIO()
    code = run_command(str(portfolio), output=None, fmt="jsonl", input_format=None, rules=None,
                       report=None, workers=1, stdin=io.BytesIO(), stdout=stdout, stderr=stderr,
                       stderr_tty=True, stdout_tty=False)  # fmt: skip
    text = stderr.getvalue()
    assert code == 1
    assert "advising" in text  # the progress bar was drawn (then cleared)
    assert "Strategy mix" in text and "█" in text
    assert "Most frequent findings" in text and "rows/s" in text
    assert stdout.getvalue().count(b"\n") == 2000


# --- HTML report ----------------------------------------------------------------------------


def _report(limit: int = 5000) -> str:
    rows = open_input(str(BATCH / "rows.jsonl"))
    table = ReportTable(limit)
    summary = run_batch(rows, io.BytesIO(), rulebook=default_rulebook(), observe=table.add)
    return render_report(summary, table, source="<b>rows</b>.jsonl")


def test_html_report_is_self_contained_and_escaped() -> None:
    page = _report()
    assert page.count("<svg") == 3
    assert page.count("<tr") == 18  # the header, 16 rows and the totals
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    # Our two script elements (the rows as JSON data, the table's code) and nothing else:
    # the names from the input are escaped.
    assert page.lower().count("<script") == 2
    # Names sit in <bdi>, so a right-to-left override cannot reorder the rest of the row.
    assert (
        "<td><bdi>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; | **bold**</bdi></td>" in page
    )
    assert "&lt;b&gt;rows&lt;/b&gt;.jsonl" in page
    assert "default-src 'none'" in page
    assert "holds the first" not in page


def test_html_report_charts_are_well_formed_svg() -> None:
    import xml.etree.ElementTree as ET

    charts = [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", _report(), re.S)]
    labels = [[t.text for t in chart.iter("text")] for chart in charts]
    bars = [len(list(chart.iter("rect"))) for chart in charts]
    assert labels[0][0] == "Strategy" and "Parameter-efficient fine-tuning" in labels[0]
    assert "not advised (input error)" in labels[0]
    assert bars[0] == 4  # in-context, PEFT, full fine-tuning, input errors
    assert "LoRA" in labels[1] and "prompting-first" in labels[2]


def test_html_report_table_is_capped() -> None:
    page = _report(limit=5)
    assert page.count("<tr") == 7
    assert "The table holds the first 5 of 16 use cases" in page


def test_report_counts_every_row() -> None:
    summary = BatchSummary()
    for brief in [Brief(1, "a", "m", "peft", "lora", (("x", "warning"),), None),
                  Brief(2, "b", "m", "peft", None, (("x", "warning"), ("y", "info")), None),
                  Brief(3, None, None, None, None, (), "bad")]:  # fmt: skip
        summary.add(brief)
    assert summary.to_dict() == {"rows": 3, "advised": 2, "errors": 1,
                                 "strategies": {"peft": 2},
                                 "techniques": {"lora": 1, "none": 1},
                                 "findings": {"x": 2, "y": 1}}  # fmt: skip


# --- Python API -----------------------------------------------------------------------------


class NAType:
    """Stands in for pandas.NA (recognised by its type's name)."""

    def __float__(self) -> float:
        raise TypeError("float() argument must not be NA")


_NA = NAType


class _NumpyLike:
    """Stands in for a NumPy scalar (no NumPy in the test dependencies)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def item(self) -> Any:
        return self.value


def test_advise_records_is_lazy_and_reports_bad_rows() -> None:
    def manifests() -> Iterator[dict[str, Any]]:
        yield {"name": "ok", "data": {"labeled_examples": 50}, "model": {"name": "gpt2"}}
        yield {"name": "bad", "data": {"labeled_examples": "many"}, "model": {"name": "gpt2"}}
        raise AssertionError("read past what was asked for")

    records = advise_records(manifests())
    assert next(records)["strategy"] == "change_base_model"
    bad = next(records)
    assert bad["row"] == 2 and bad["name"] == "bad"
    assert bad["error"]["field"] == "data.labeled_examples"


def test_advise_records_from_dataframe_like_rows() -> None:
    nan = float("nan")
    rows = [
        {"name": "a", "data.labeled_examples": 5000.0, "model.name": "bert-base-uncased",
         "budget.gpu": nan, "prompting.tried": _NumpyLike(True), "budget.gpus": _NumpyLike(2)},
        {"name": "b", "data.labeled_examples": nan, "model.name": "gpt2", "budget.gpu": _NA(),
         "prompting.tried": _NumpyLike(False), "budget.gpus": _NumpyLike(1)},
    ]  # fmt: skip
    first, second = advise_records(rows, dotted=True)
    assert first["strategy"] == "full_fine_tune"
    assert second["error"]["field"] == "data"  # no data field at all
    assert second["error"]["message"] == "required field is missing"
    assert [flat_record(r)["status"] for r in (first, second)] == ["ok", "error"]


def test_csv_generator_output_is_read_back(tmp_path: Path) -> None:
    path = tmp_path / "usecases.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(generate(300, seed=3), out)
    result = batch(str(path))
    records = jsonl(result.stdout)
    assert len(records) == 300
    assert InputFormat.csv.value == "csv"
    assert 0 < sum("error" in r for r in records) < 30


def test_a_folder_that_cannot_be_read_stops_the_run_instead_of_being_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As root the permission bits are not enforced, so the refusal is simulated.
    import transfer_advisor._internal.discover as discover

    def walk(top: Any, onerror: Any = None) -> Iterator[Any]:
        yield str(top), ["locked"], []
        onerror(PermissionError(13, "Permission denied", str(Path(top) / "locked")))

    monkeypatch.setattr(discover.os, "walk", walk)
    for command in (["batch", str(tmp_path)], ["check", str(tmp_path)]):
        with pytest.raises(SystemExit) as exit_info:
            main(command)
        err = capsys.readouterr().err
        assert exit_info.value.code == 2, command
        assert f"{tmp_path / 'locked'}: cannot read this folder: Permission denied" in err


@pytest.mark.parametrize("name", ["rows.yaml", "rows.jsonl", "rows.csv"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_input_saved_as_utf16_or_utf32_is_read(tmp_path: Path, name: str, encoding: str) -> None:
    # Windows PowerShell's `>` writes UTF-16 with a byte-order mark.
    folder = shutil.copytree(BATCH, tmp_path / "batch")  # rows name config files beside them
    text = (folder / name).read_text("utf-8")
    expected = batch(str(folder / name)).stdout
    (folder / name).write_bytes(text.encode(encoding))
    assert batch(str(folder / name)).stdout == expected
    with open_input(str(folder / name)) as recoded:  # bytes read are not the file's: no %
        assert recoded.total is None
    piped = batch("-", input=text.encode(encoding)).stdout  # sniffed, as UTF-8 input is
    assert piped == batch("-", input=text.encode("utf-8")).stdout


def test_a_broken_code_unit_in_utf16_input_costs_one_row_not_the_rest() -> None:
    row = '{"name": "%s", "data": {"labeled_examples": 5}, "model": {"name": "gpt2"}}\n'
    data = (row % "one").encode("utf-16")  # with its byte-order mark
    data += (row % "two")[:10].encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    data += (row % "two")[10:].encode("utf-16-le") + (row % "three").encode("utf-16-le")
    result = batch("-", "--input-format", "jsonl", input=data)
    assert result.exit_code == 1
    one, two, three = jsonl(result.stdout)
    assert (one["name"], three["name"]) == ("one", "three")
    assert two["error"]["line"] == 2 and two["error"]["message"].startswith("not UTF-8 text")


def test_a_jsonl_number_python_will_not_read_is_a_bad_row() -> None:
    huge = '{"name": "big", "data": {"labeled_examples": ' + "9" * 5000 + '}, "model": {}}\n'
    good = json.dumps({"name": "ok", "data": {"labeled_examples": 5}, "model": {"name": "gpt2"}})
    result = batch("-", "--input-format", "jsonl", input=huge + good + "\n")
    assert result.exit_code == 1
    bad, ok = jsonl(result.stdout)
    assert bad["error"]["message"] == "invalid JSON: a number too large to read"
    assert ok["name"] == "ok" and ok["strategy"] == "change_base_model"


def test_advise_frame_gives_one_advised_row_per_dataframe_row() -> None:
    pd = pytest.importorskip("pandas")  # the [pandas] extra; the test extra installs it
    from transfer_advisor import advise_frame

    frame = pd.DataFrame(
        {"name": ["few", "bad", "many"], "data.labeled_examples": [50, -1, 5000],
         "model.name": ["meta-llama/Llama-3.1-8B-Instruct", "gpt2", "bert-base-uncased"]},
        index=["x", "y", "z"],
    )  # fmt: skip
    out = advise_frame(frame, columns=["name", "status", "strategy", "error.field"])
    assert list(out.index) == ["x", "y", "z"]
    assert out.loc["x", "strategy"] == "in_context" and out.loc["z", "strategy"] == "full_fine_tune"
    assert pd.isna(out.loc["y", "strategy"])  # an invalid row has no advice
    assert list(out["status"]) == ["ok", "error", "ok"]
    assert out.loc["y", "error.field"] == "data.labeled_examples"
    with pytest.raises(TransferAdvisorError, match="unknown output columns: nope"):
        advise_frame(frame, columns=["nope"])


def test_what_if_and_notebook_html_from_python() -> None:
    from transfer_advisor import advise, what_if

    ladder = what_if({"name": "x", "data": {"labeled_examples": 500},
                      "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"}})  # fmt: skip
    assert ladder["examples"] == 500 and ladder["strategy"] == "peft"
    assert [band["strategy"] for band in ladder["ladder"]][:2] == ["in_context", "peft"]
    rec = advise({"name": "<b>x</b>", "data": {"labeled_examples": 50},
                  "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"}})  # fmt: skip
    html = rec._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;: In-context learning" in html and "<script" not in html
