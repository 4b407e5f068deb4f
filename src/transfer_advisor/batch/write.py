"""The batch output formats: each record as a row of text, and the framing around the rows.

JSONL and JSON rows are compact JSON (:func:`encode_record`); CSV rows are :func:`flat_record`'s
columns (:data:`CSV_COLUMNS`) with spreadsheet formulas neutralised (:func:`neutralise`);
Markdown and the plain table escape every string from the input. :class:`_Writer` adds each
format's header and footer and writes UTF-8 a few hundred rows at a time.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping, Sequence
from typing import IO, Any

from pydantic_core import PydanticSerializationError
from pydantic_core import to_json as _to_json

from transfer_advisor._internal.visible import visible
from transfer_advisor.advice.recommendation import OUTPUT_SCHEMA_VERSION
from transfer_advisor.batch.summary import BatchSummary
from transfer_advisor.render.common import assert_never

__all__ = [
    "CSV_COLUMNS",
    "BatchFormat",
    "flat_record",
]


#: Rows written per write() call.
_FLUSH_ROWS = 256


#: The estimate that goes with each technique, for the CSV columns.
_ESTIMATE_OF = {"few_shot": "in_context", "lora": "lora", "qlora": "qlora", "full": "full"}
_ESTIMATE_KEYS = ("full", "lora", "qlora", "in_context")


class BatchFormat(str, enum.Enum):
    """What ``batch`` writes."""

    jsonl = "jsonl"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    table = "table"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Defuse spreadsheet formula injection: a cell starting with = + - @ tab or CR gets a
    leading single quote, so a spreadsheet shows it as text instead of running it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


CSV_COLUMNS = (
    "row", "name", "status", "strategy", "technique", "findings", "worst_severity",
    "model", "model.parameters",
    "estimate.technique", "estimate.memory_gb.low", "estimate.memory_gb.high", "estimate.fits",
    "estimate.gpu_hours.low", "estimate.gpu_hours.high", "estimate.usd.low", "estimate.usd.high",
    "full.fits", "lora.fits", "qlora.fits", "in_context.fits",
    "error.line", "error.field", "error.message",
)  # fmt: skip
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _low_high(value: Any) -> tuple[Any, Any]:
    if isinstance(value, dict):
        return value.get("low"), value.get("high")
    return None, None


def flat_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """One flat row per output record (the CSV output's columns, :data:`CSV_COLUMNS`): the
    strategy, technique, finding ids and the main estimates; None where there is no value."""
    out: dict[str, Any] = dict.fromkeys(CSV_COLUMNS)
    out["row"] = record["row"]
    out["name"] = record.get("name")
    error = record.get("error")
    if error is not None:
        out["status"] = "error"
        out["error.line"] = error.get("line")
        out["error.field"] = error.get("field")
        out["error.message"] = error.get("message")
        return out
    out["status"] = "ok"
    out["strategy"] = record["strategy"]
    out["technique"] = record["technique"]
    findings = record["findings"]
    out["findings"] = ";".join(f["id"] for f in findings)
    if findings:
        out["worst_severity"] = min(
            (f["severity"] for f in findings), key=_SEVERITY_RANK.__getitem__
        )
    model = record.get("model") or {}
    out["model"] = model.get("name")
    out["model.parameters"] = model.get("parameters")
    estimates = record.get("estimates")
    if isinstance(estimates, dict):
        key = _ESTIMATE_OF.get(record["technique"] or "")
        chosen = estimates.get(key) if key else None
        if isinstance(chosen, dict):
            out["estimate.technique"] = key
            low, high = _low_high(chosen.get("memory_gb"))
            out["estimate.memory_gb.low"], out["estimate.memory_gb.high"] = low, high
            out["estimate.fits"] = chosen.get("fits")
            low, high = _low_high(chosen.get("gpu_hours"))
            out["estimate.gpu_hours.low"], out["estimate.gpu_hours.high"] = low, high
            low, high = _low_high(chosen.get("usd"))
            out["estimate.usd.low"], out["estimate.usd.high"] = low, high
        for name in _ESTIMATE_KEYS:
            entry = estimates.get(name)
            if isinstance(entry, dict):
                out[f"{name}.fits"] = entry.get("fits")
    return out


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# check_circular=False: a record is a tree of fresh dicts and lists (no cycles), and checking
# for cycles costs a dict insert per container.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def encode_record(record: dict[str, Any]) -> str:
    """One output record as compact JSON, the same text as ``_ENCODER`` gives.

    pydantic-core's encoder (already installed with pydantic) writes a 3 KB record in about a
    third of the standard library's time, which is a sixth of the batch's time per row. Its text
    is the same for every value a record holds: strings, integers, and floats rounded to at most
    two decimals (the two differ only in the exponent of floats below 1e-4, which no record
    holds). A string that cannot be UTF-8 (a lone surrogate from a ``\\ud800`` escape in the
    input) is left to the standard library, as before.
    """
    try:
        return _to_json(record).decode("utf-8")
    except PydanticSerializationError:
        return _ENCODER.encode(record)


def terminal_text(text: str) -> str:
    """Text safe for a terminal line: control, bidirectional and invisible characters shown,
    not obeyed."""
    return visible(text.replace("\n", " "), keep="\t")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def _md(text: str) -> str:
    """Escape text for a Markdown table cell: no markup, HTML, column breaks, terminal escapes
    or hidden characters from input."""
    return _MD_SPECIAL.sub(r"\\\1", visible(" ".join(text.split())))


_TABLE_WIDTHS = (7, 30, 18, 10)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table_line(cells: Sequence[str], last: str) -> str:
    row, name, strategy, technique = cells
    w = _TABLE_WIDTHS
    return (f"{row:>{w[0] - 1}} {_fit(name, w[1] - 1):<{w[1]}}{_fit(strategy, w[2] - 1):<{w[2]}}"
            f"{_fit(technique, w[3] - 1):<{w[3]}}{last}").rstrip() + "\n"  # fmt: skip


# --------------------------------------------------------------------------------------------
# Writers: the framing around the rows of each format
# --------------------------------------------------------------------------------------------


def _header(fmt: BatchFormat, source: str, fields: tuple[str, ...] | None = None) -> str:
    if fmt is BatchFormat.jsonl:
        return ""
    if fmt is BatchFormat.json:
        return f'{{\n  "schema_version": {OUTPUT_SCHEMA_VERSION},\n  "results": ['
    if fmt is BatchFormat.csv:
        return ",".join(fields or CSV_COLUMNS) + "\n"
    if fmt is BatchFormat.markdown:
        return (f"# Batch advice: {_md(source)}\n\n"
                "| row | name | strategy | technique | findings | error |\n"
                "| ---: | --- | --- | --- | --- | --- |\n")  # fmt: skip
    if fmt is BatchFormat.table:
        return _table_line(("ROW", "NAME", "STRATEGY", "TECHNIQUE"), "FINDINGS")
    assert_never(fmt)


def _footer(fmt: BatchFormat, summary: BatchSummary) -> str:
    if fmt is BatchFormat.json:
        body = json.dumps(summary.to_dict(), ensure_ascii=False, separators=(", ", ": "))
        return ("\n  ]" if summary.rows else "]") + f',\n  "summary": {body}\n}}\n'
    if fmt is BatchFormat.markdown:
        lines = ["", "## Summary", "",
                 f"- rows: {summary.rows:,} ({summary.advised:,} advised, "
                 f"{summary.errors:,} with errors)"]  # fmt: skip
        lines += [f"- {_md(k)}: {v:,}" for k, v in summary.strategy_counts()]
        top = summary.top_findings()
        if top:
            lines += ["", "Most frequent findings:", ""]
            lines += [f"- {_md(k)}: {v:,}" for k, v in top]
        return "\n".join(lines) + "\n"
    if fmt is BatchFormat.jsonl or fmt is BatchFormat.csv or fmt is BatchFormat.table:
        return ""
    assert_never(fmt)


class _Writer:
    """Frames rows and writes them as UTF-8, a few hundred rows per write."""

    def __init__(self, out: IO[bytes], fmt: BatchFormat) -> None:
        self.out = out
        self.fmt = fmt
        self.parts: list[str] = []
        self.count = 0
        if fmt is BatchFormat.json:
            self.first, self.between, self.end = "\n    ", ",\n    ", ""
        elif fmt is BatchFormat.jsonl:
            self.first, self.between, self.end = "", "", "\n"
        else:
            self.first, self.between, self.end = "", "", ""

    def text(self, text: str) -> None:
        self.parts.append(text)

    def row(self, text: str) -> None:
        self.parts.append(self.between if self.count else self.first)
        self.parts.append(text)
        if self.end:
            self.parts.append(self.end)
        self.count += 1
        if self.count % _FLUSH_ROWS == 0:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            # A lone surrogate (from a JSON \ud800 escape) is written as \ud800, not a crash.
            self.out.write("".join(self.parts).encode("utf-8", "backslashreplace"))
            self.parts.clear()
        self.out.flush()
