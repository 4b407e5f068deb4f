"""Batch evaluation: many manifests in, one output row per input row, streamed in input order.

This module owns the readers (JSONL, CSV, multi-document YAML, a directory of manifests), the row
loop (in-process or across worker processes, order preserved, memory bounded), the row writers
(JSONL, CSV, JSON, Markdown, a plain table) and the summary counts. It prints nothing and knows
nothing of terminals: the ``batch`` command (``_cli_batch``) decides what to show.

A row that cannot be advised (invalid JSON, a missing field, an unknown GPU...) becomes an
*error row* carrying its row number, the input's ``name`` if any and the located error; the batch
goes on. Only an input that cannot be read at all (missing file, bad CSV header, broken YAML)
raises :class:`InputError`.

The Python API for notebooks and data pipelines is :func:`advise_records` (one output record per
input mapping, errors as records) and :func:`flat_record` (one flat row, as in the CSV output).
"""

from __future__ import annotations

import csv
import enum
import io
import json
import math
import os
import re
import types
import typing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator
from pydantic_core import PydanticSerializationError
from pydantic_core import to_json as _to_json

from transfer_advisor._internal.discover import walk_manifests
from transfer_advisor._internal.files import DuplicateKey, unique_keys, utf_encoding
from transfer_advisor._internal.visible import visible
from transfer_advisor._internal.yaml import Document, load_document, load_documents
from transfer_advisor.advice.engine import advise
from transfer_advisor.advice.recommendation import OUTPUT_SCHEMA_VERSION
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.errors import InputError, TransferAdvisorError
from transfer_advisor.manifest import Manifest, manifest_from_mapping
from transfer_advisor.render.common import assert_never
from transfer_advisor.rules.load import load_rulebook
from transfer_advisor.rules.rulebook import Rulebook

__all__ = [
    "CSV_COLUMNS",
    "REPORT_ROW_LIMIT",
    "BatchFormat",
    "BatchInput",
    "BatchSummary",
    "Brief",
    "InputFormat",
    "RawRow",
    "RowProcessor",
    "advise_records",
    "flat_record",
    "mapping_from_flat",
    "open_input",
    "run_batch",
]

#: Rows the HTML report's table holds at most (the charts count every row).
REPORT_ROW_LIMIT = 5_000
#: Rows sent to a worker process at a time, and chunks in flight per worker: together they bound
#: the memory a multi-process run holds, whatever the input size.
CHUNK_ROWS = 256
CHUNKS_PER_WORKER = 4
#: Rows written per write() call.
_FLUSH_ROWS = 256

STRATEGY_ORDER = ("in_context", "peft", "full_fine_tune", "change_base_model")
TECHNIQUE_ORDER = ("few_shot", "lora", "qlora", "adapters", "full")
#: The estimate that goes with each technique, for the CSV columns.
_ESTIMATE_OF = {"few_shot": "in_context", "lora": "lora", "qlora": "qlora", "full": "full"}
_ESTIMATE_KEYS = ("full", "lora", "qlora", "in_context")


class InputFormat(str, enum.Enum):
    """What ``batch`` reads (a directory of manifests is recognised by itself)."""

    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"


class BatchFormat(str, enum.Enum):
    """What ``batch`` writes."""

    jsonl = "jsonl"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    table = "table"


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------

RowKind = Literal["json", "cells", "document", "file", "bad"]


@dataclass(frozen=True, slots=True)
class RawRow:
    """One input row, as read: cheap to make and to send to a worker process.

    ``row`` counts rows from 1 (blank lines are not rows); ``line`` is where the row starts in
    ``source``. ``payload`` is a JSONL line (bytes), CSV ``(cells, columns)``, a YAML
    :class:`Document`, a manifest file's ``(path, text or None)``, or (``bad``) the reason the
    row is unreadable: text, or a located error and the row's name.
    """

    row: int
    line: int | None
    source: str
    kind: RowKind
    payload: Any
    base_dir: Path | None = None


class Brief(NamedTuple):
    """What the summary and the HTML report keep of an output row."""

    row: int
    name: str | None
    model: str | None
    strategy: str | None
    technique: str | None
    findings: tuple[tuple[str, str], ...]  # (id, severity)
    error: str | None


# --------------------------------------------------------------------------------------------
# Manifest field kinds: how a CSV cell (or a flat mapping's value) becomes a manifest value
# --------------------------------------------------------------------------------------------

FieldKind = Literal["int", "float", "bool", "str", "list", "raw", "unsupported"]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type under Optional/Annotated, and whether a before-validator parses text itself."""
    raw = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            raw = raw or any(isinstance(m, BeforeValidator) for m in args[1:])
            annotation = args[0]
        elif origin is typing.Union or origin is types.UnionType:
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, raw
            annotation = members[0]
        else:
            return annotation, raw


def _kind(annotation: Any) -> FieldKind | type[BaseModel]:
    base, raw = _unwrap(annotation)
    if raw:
        return "raw"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return base
    origin = typing.get_origin(base)
    if origin is Literal:
        values = typing.get_args(base)
        if all(isinstance(v, bool) for v in values):
            return "bool"
        return "int" if all(isinstance(v, int) for v in values) else "str"
    if origin is list:
        (item,) = typing.get_args(base)
        item_base, _ = _unwrap(item)
        if isinstance(item_base, type) and issubclass(item_base, BaseModel):
            return "unsupported"
        return "list"
    for python_type, name in ((bool, "bool"), (int, "int"), (float, "float"), (str, "str")):
        if base is python_type:
            return typing.cast(FieldKind, name)
    return "unsupported"


@cache
def field_kinds() -> dict[str, FieldKind]:
    """Every leaf field of the manifest by dotted path (``data.labeled_examples``) and kind."""
    kinds: dict[str, FieldKind] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            kind = _kind(info.annotation)
            if any(isinstance(m, BeforeValidator) for m in info.metadata):
                kind = "raw"
            if isinstance(kind, type):
                walk(kind, f"{prefix}{name}.")
            else:
                kinds[prefix + name] = kind

    walk(Manifest, "")
    return kinds


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
#: Digits an integer cell may have: far more than any field's bound (at most 10**15) needs, and
#: far below what Python refuses to convert (4,300 digits by default, 640 at the least), so the
#: answer does not depend on how Python was configured.
MAX_INT_DIGITS = 100


def _int(value: str) -> int:
    """Digits (``_INT``) as an integer; too many digits are an out-of-range error."""
    sign = "-" if value.startswith("-") else ""
    digits = value.lstrip("+-").lstrip("0") or "0"
    if len(digits) > MAX_INT_DIGITS:
        raise InputError(f"an integer of {len(digits):,} digits is out of range")
    return int(sign + digits)


def convert_text(text: str, kind: FieldKind) -> Any:
    """A CSV cell as the manifest field's type: ``"5000"`` -> 5000 for an integer field.

    Text that is not a clean value of the type stays text, so validation rejects it with the
    manifest's own message (``"10.5"`` or ``"yes"`` for an integer field is an error). An
    integer of more than :data:`MAX_INT_DIGITS` digits raises :class:`InputError` (out of
    range), without the field: the caller knows it.
    """
    if kind == "str":
        return text
    value = text.strip()
    if kind == "int":
        return _int(value) if _INT.fullmatch(value) else value
    if kind == "float":
        if _INT.fullmatch(value):
            return _int(value)  # as JSON and YAML read it; a float field accepts it
        return float(value) if _FLOAT.fullmatch(value) else value
    if kind == "bool":
        lowered = value.lower()
        return True if lowered == "true" else False if lowered == "false" else value
    if kind == "list":
        return [item.strip() for item in value.split(";") if item.strip()]
    return value  # "raw": the field parses text itself (parameter counts such as 7B)


def _convert_value(value: Any, kind: FieldKind) -> Any:
    """A flat mapping's value (from pandas, Spark, a dict) as the manifest field's type."""
    if isinstance(value, str):
        return convert_text(value, kind)
    item = getattr(value, "item", None)  # a NumPy scalar: its Python value
    if callable(item) and not isinstance(value, list | tuple | dict):
        try:
            value = item()
        except (TypeError, ValueError):
            return value
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)  # a pandas integer column with gaps is a float column
    return value


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' markers, recognised without pandas
        return True
    isnull = getattr(value, "__float__", None)  # e.g. a NumPy NaN
    if callable(isnull) and not isinstance(value, int | bool):
        try:
            return math.isnan(isnull())
        except (TypeError, ValueError):
            return False
    return False


def _set_path(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    node = data
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[path[-1]] = value


def mapping_from_flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A nested manifest mapping from a flat one with dotted keys (a CSV row, a DataFrame row).

    Missing values (None, NaN, empty text) are left out; text is converted by the field's type
    as in CSV input; lists may be given as lists or as ``;``-separated text. Unknown keys are
    kept, so validation reports them. Raises :class:`InputError` (with the key as its field)
    for text that cannot be converted: an integer too long to be in range.
    """
    kinds = field_kinds()
    data: dict[str, Any] = {}
    for key, value in row.items():
        if _is_missing(value):
            continue
        kind = kinds.get(key, "str")
        try:
            converted = _convert_value(value, kind)
        except InputError as exc:
            raise InputError(exc.message, field=key) from None
        _set_path(data, key.split("."), converted)
    return data


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
_YAML_FIRST_LINE = re.compile(rb"\s*(---|%|#|[^,]*:(\s|$))")


@dataclass(frozen=True, slots=True)
class CsvColumn:
    """A CSV input column: the manifest path it fills and how its text is converted."""

    path: tuple[str, ...]
    kind: FieldKind


def csv_columns(header: Sequence[str], source: str) -> tuple[CsvColumn, ...]:
    """Check a CSV header (dotted manifest paths) and say how to convert each column."""
    import difflib

    kinds = field_kinds()
    columns: list[CsvColumn] = []
    seen: set[str] = set()
    for index, raw_name in enumerate(header, 1):
        name = raw_name.strip()
        where = f"column {index}"
        if not name:
            raise InputError(f"{where} of the header has no name", source=source, line=1)
        if name in seen:
            raise InputError(f"{where}: {name!r} appears twice in the header",
                             source=source, line=1)  # fmt: skip
        seen.add(name)
        kind = kinds.get(name)
        if kind is None:
            section = name + "."
            if any(k.startswith(section) for k in kinds):
                reason = "is a section; name its fields, e.g. " + next(
                    k for k in kinds if k.startswith(section)
                )
            else:
                close = difflib.get_close_matches(name, list(kinds), n=1)
                reason = "is not a manifest field" + (
                    f"; did you mean {close[0]!r}?" if close else ""
                )
            raise InputError(f"{where}: {name!r} {reason}", source=source, line=1)
        if kind == "unsupported":
            raise InputError(f"{where}: {name!r} cannot be given in CSV (use JSONL or YAML)",
                             source=source, line=1)  # fmt: skip
        columns.append(CsvColumn(tuple(name.split(".")), kind))
    return tuple(columns)


class BatchInput:
    """An open batch input: an iterator of :class:`RawRow` and how far reading has got.

    ``position`` and ``total`` are in ``unit`` (bytes of a file, or files of a directory;
    ``total`` is None when unknown, e.g. for standard input).
    """

    def __init__(self, source: str, fmt: str, rows: Iterator[RawRow], *, total: int | None,
                 unit: str, handle: IO[bytes] | None = None) -> None:  # fmt: skip
        self.source = source
        self.format = fmt
        self.total = total
        self.unit = unit
        self.position = 0
        self._rows = rows
        self._handle = handle

    def __iter__(self) -> Iterator[RawRow]:
        return self._rows

    def close(self) -> None:
        if self._handle is not None and not self._handle.closed:
            self._handle.close()

    def __enter__(self) -> BatchInput:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(lines: Iterator[bytes]) -> tuple[list[bytes], bytes | None]:
    """Read up to the first non-blank line; return what was read and that line (BOM-free)."""
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if len(head) == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        if line.strip():
            return head, line
    return head, None


def sniff(first: bytes | None) -> InputFormat:
    """Guess the format from the first non-blank line: ``{`` JSONL, ``key:`` YAML, else CSV."""
    if first is None:
        return InputFormat.jsonl  # empty input: no rows in any format
    stripped = first.lstrip()
    if stripped.startswith(b"{"):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            return InputFormat.yaml  # a JSON document written over several lines
        return InputFormat.jsonl if isinstance(parsed, dict) else InputFormat.yaml
    if stripped.startswith(b"["):
        raise InputError(
            "a list of manifests is not supported: write one manifest per line (JSONL, e.g. "
            "jq -c '.[]'), or YAML documents separated by ---"
        )
    if _YAML_FIRST_LINE.match(first):
        return InputFormat.yaml
    return InputFormat.csv


_SUFFIX_FORMATS = {".jsonl": InputFormat.jsonl, ".ndjson": InputFormat.jsonl,
                   ".csv": InputFormat.csv, ".yaml": InputFormat.yaml, ".yml": InputFormat.yaml}  # fmt: skip


def open_input(
    path: str, input_format: InputFormat | str | None = None, *, stdin: IO[bytes] | None = None
) -> BatchInput:
    """Open ``path`` (``-``: ``stdin``, standard input by default; a directory: every manifest
    in it) for :func:`run_batch`. The format is ``input_format``, else the file's extension,
    else sniffed from the first line. Raises :class:`InputError` if the input cannot be read.
    """
    fmt = InputFormat(input_format) if input_format is not None else None
    if path != "-" and os.path.isdir(path):
        if fmt is not None:
            raise InputError("--input-format does not apply to a directory", source=path)
        return _directory_input(path)
    if path == "-":
        import sys

        handle: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
        source, total, base_dir = "<stdin>", None, Path.cwd()
    else:
        from transfer_advisor._internal.files import check_readable

        check_readable(path, InputError)
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed by BatchInput)
        except FileNotFoundError:
            raise InputError("file not found", source=path) from None
        except OSError as exc:
            raise InputError(exc.strerror or "cannot be read", source=path) from None
        source, base_dir = path, Path(path).resolve().parent
        try:
            total = os.fstat(handle.fileno()).st_size
        except OSError:
            total = None
        if total is not None and utf_encoding(handle.peek(4)[:4]):
            # Read as UTF-8 lines, so the bytes counted are not the file's: no percentage.
            total = None
        if fmt is None:
            fmt = _SUFFIX_FORMATS.get(Path(path).suffix.lower())
    from transfer_advisor._internal.files import bounded_lines

    lines = bounded_lines(handle, source, InputError)
    try:
        head, first = _first_line(lines)
        if fmt is None:
            try:
                fmt = sniff(first)
            except InputError as exc:
                raise InputError(exc.message, source=source) from None
    except OSError as exc:
        handle.close()
        raise InputError(exc.strerror or "cannot be read", source=source) from None
    except BaseException:
        handle.close()
        raise
    batch_input = BatchInput(source, fmt.value, iter(()), total=total, unit="bytes",
                             handle=handle if path != "-" else None)  # fmt: skip
    all_lines = _chain(head, lines)
    if fmt is InputFormat.jsonl:
        batch_input._rows = _jsonl_rows(batch_input, all_lines, source, base_dir)
    elif fmt is InputFormat.csv:
        batch_input._rows = _csv_rows(batch_input, all_lines, source, base_dir)
    elif fmt is InputFormat.yaml:
        batch_input._rows = _yaml_rows(batch_input, all_lines, source, base_dir)
    else:  # pragma: no cover
        assert_never(fmt)
    return batch_input


def _chain(head: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def _jsonl_rows(
    state: BatchInput, lines: Iterator[bytes], source: str, base_dir: Path | None
) -> Iterator[RawRow]:
    row = 0
    position = 0
    for number, line in enumerate(lines, 1):
        position += len(line)
        state.position = position
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        if line.isspace() or not line:
            continue  # blank lines are not rows
        row += 1
        yield RawRow(row, number, source, "json", line, base_dir)


class _DecodedLines:
    """Decode lines one at a time; remember the line numbers that were not UTF-8."""

    def __init__(self, state: BatchInput, lines: Iterator[bytes]) -> None:
        self.state = state
        self.lines = lines
        self.number = 0
        self.bad: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        position = 0
        for line in self.lines:
            self.number += 1
            position += len(line)
            self.state.position = position
            if self.number == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError:
                self.bad.add(self.number)
                yield line.decode("utf-8", errors="replace")


class _LineFeed:
    """Lines for the CSV parser, numbered; ``taken`` holds the lines of the current record."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._source = iter(lines)
        self._number = 0
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        text = next(self._source)
        self._number += 1
        self.taken.append((self._number, text))
        return text


def _csv_rows(
    state: BatchInput, lines: Iterator[bytes], source: str, base_dir: Path | None
) -> Iterator[RawRow]:
    decoded = _DecodedLines(state, lines)
    feed = _LineFeed(decoded)
    # strict: a quote that never closes ends in an error at the end of the input (or at the
    # field size limit) instead of silently taking every following line into one cell.
    reader = csv.reader(feed, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"invalid CSV header: {_csv_reason(exc)}", source=source, line=1) from None
    if header is None:
        return
    if decoded.bad:
        raise InputError("the header is not UTF-8 text", source=source, line=1)
    columns = csv_columns(header, source)
    row = 0

    def bad(number: int | None, exc: csv.Error, lines: int = 1) -> RawRow:
        reason = _csv_reason(exc, lines)
        return RawRow(row, number, source, "bad", f"invalid CSV: {reason}", base_dir)

    def cells_row(cells: list[str], numbers: list[int]) -> RawRow:
        if decoded.bad and any(n in decoded.bad for n in numbers):
            return RawRow(row, numbers[0], source, "bad", "not UTF-8 text", base_dir)
        return RawRow(row, numbers[0] if numbers else None, source, "cells", (cells, columns),
                      base_dir)  # fmt: skip

    while True:
        feed.taken = []
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # A broken record (most often a quote that never closes) is one bad row, at the line
            # where it starts. The lines it swallowed are read again one at a time, where no
            # record can span them: none is lost, and none is read more than twice.
            taken = feed.taken
            reader = csv.reader(feed, strict=True)
            row += 1
            yield bad(taken[0][0] if taken else None, exc, len(taken))
            for number, text in taken[1:]:
                try:
                    cells = next(csv.reader([text], strict=True), [])
                except csv.Error as again:
                    row += 1
                    yield bad(number, again)
                    continue
                if any(cell.strip() for cell in cells):
                    row += 1
                    yield cells_row(cells, [number])
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        row += 1
        yield cells_row(cells, [number for number, _ in feed.taken])


def _csv_reason(exc: csv.Error, lines: int = 1) -> str:
    """The csv module's complaint in the words of someone who exported a spreadsheet;
    ``lines``: how many lines the broken record had taken."""
    message = str(exc)
    if "unexpected end of data" in message:
        return "a quoted cell that opens on this line never closes"
    if "field larger than field limit" in message:
        if lines > 1:  # a quoted cell ran on over line after line
            return "a quoted cell that opens on this line never closes"
        return f"a cell longer than {csv.field_size_limit():,} characters"
    if "new-line character seen in unquoted field" in message:
        return "a line break (carriage return) inside a cell that is not quoted"
    if "expected after" in message:
        return 'text after a closing quote (a quote inside a quoted cell is written "")'
    return message


def _yaml_rows(
    state: BatchInput, lines: Iterator[bytes], source: str, base_dir: Path | None
) -> Iterator[RawRow]:
    # A YAML stream is parsed as a whole (up to the loader's size limit); JSONL streams.
    data = b"".join(lines)
    state.position = len(data)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:  # UTF-8: bounded_lines has re-encoded a UTF-16 or UTF-32 stream
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start + 1})", source=source) from None
    del data
    row = 0
    for item in load_documents(text, source, error=InputError):
        if isinstance(item, Document):
            if item.data is None:
                continue  # an empty document (e.g. a trailing ---) is not a row
            row += 1
            start = item.value_marks.get(())
            yield RawRow(row, start.line if start else None, source, "document", item, base_dir)
        else:
            row += 1
            yield RawRow(row, item.line, source, "bad", (item.error, item.name), base_dir)


def _directory_input(root: str) -> BatchInput:
    """The manifests under ``root``, found as ``check`` finds them (see :mod:`._discover`).

    A folder with none is an input error, as it is for ``check``: a mistyped folder in CI must
    not pass as an empty portfolio.
    """
    state = BatchInput(root, "directory", iter(()), total=None, unit="files")
    walk = walk_manifests(Path(root), InputError)
    first = next(walk, None)
    if first is None:
        raise InputError("no manifests found in this folder (a manifest is a YAML or JSON file "
                         "with 'model' and 'data' sections and a labeled_examples count, or a "
                         "file named transfer-advisor.yaml)", source=root)  # fmt: skip

    def everything() -> Iterator[Any]:
        yield first
        yield from walk

    def rows() -> Iterator[RawRow]:
        for row, found in enumerate(everything(), 1):
            state.position = row
            path = str(found.path)
            if found.problem is not None:
                yield RawRow(row, None, path, "bad", found.problem)
            else:
                yield RawRow(row, None, path, "file", (path, found.text),
                             found.path.resolve().parent)  # fmt: skip

    state._rows = rows()
    return state


# --------------------------------------------------------------------------------------------
# The row processor: one input row -> one output record -> one piece of output text
# --------------------------------------------------------------------------------------------


def _name_of(data: Any) -> str | None:
    if isinstance(data, dict):
        name = data.get("name")
        if isinstance(name, str):
            return name
    return None


def error_record(
    row: int, name: str | None, exc: TransferAdvisorError, source: str, line: int | None
) -> dict[str, Any]:
    """The output record of a row that could not be advised: where, which field, why."""
    if exc.source is None or exc.source == source:
        line = exc.line if exc.line is not None else line
        column = exc.column if exc.line is not None else None
    else:  # the problem is in another file the row refers to (e.g. a model config)
        source, line, column = exc.source, exc.line, exc.column
    return {
        "row": row,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "name": name,
        "error": {
            "source": source,
            "line": line,
            "column": column,
            "field": exc.field,
            "message": " ".join(exc.message.split()),
        },
    }


def _error_text(error: Mapping[str, Any]) -> str:
    """``source:line: field: message``, one line."""
    where = ":".join(str(p) for p in (error["source"], error["line"]) if p is not None)
    what = f"{error['field']}: {error['message']}" if error["field"] else error["message"]
    return f"{where}: {what}" if where else str(what)


def brief(record: Mapping[str, Any]) -> Brief:
    """The summary's view of an output record."""
    error = record.get("error")
    if error is not None:
        return Brief(record["row"], record.get("name"), None, None, None, (), _error_text(error))
    model = record.get("model")
    return Brief(
        record["row"],
        record["name"],
        model.get("name") if isinstance(model, dict) else None,
        record["strategy"],
        record["technique"],
        tuple((f["id"], f["severity"]) for f in record["findings"]),
        None,
    )


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


class RowProcessor:
    """Advise raw rows and format them; one per process (workers build their own)."""

    def __init__(
        self, rulebook: Rulebook, catalog: Catalog | None = None, fmt: BatchFormat | str = "jsonl"
    ) -> None:
        self.rulebook = rulebook
        self.catalog = catalog if catalog is not None else default_catalog()
        self.fmt = BatchFormat(fmt)
        self._csv_buffer = io.StringIO()
        self._csv_writer = csv.writer(self._csv_buffer, lineterminator="\n")

    # -- advising --------------------------------------------------------------------------

    def record(self, raw: RawRow) -> dict[str, Any]:
        """The output record of one row: the advise contract plus ``row``, or an error."""
        data: Any = None
        manifest: Manifest | None = None
        try:
            if raw.kind == "json":
                manifest = _manifest_from_json(raw.payload, raw.source, raw.base_dir)
            else:
                data, document = self._mapping(raw)
                manifest = manifest_from_mapping(data, source=raw.source, document=document,
                                                 base_dir=raw.base_dir)  # fmt: skip
            recommendation = advise(manifest, self.rulebook, catalog=self.catalog)
        except _RowError as exc:
            return error_record(raw.row, exc.name, exc.error, raw.source, raw.line)
        except TransferAdvisorError as exc:
            name = manifest.name if manifest is not None else _name_of(data)
            return error_record(raw.row, name, exc, raw.source, raw.line)
        record: dict[str, Any] = {"row": raw.row}
        record.update(recommendation.to_dict())
        return record

    def advise_mapping(self, row: int, data: Any, source: str = "<batch>") -> dict[str, Any]:
        """The output record for an in-memory mapping (the Python API's path)."""
        try:
            recommendation = advise(manifest_from_mapping(data, source=source), self.rulebook,
                                    catalog=self.catalog)  # fmt: skip
        except TransferAdvisorError as exc:
            return error_record(row, _name_of(data), exc, source, None)
        record: dict[str, Any] = {"row": row}
        record.update(recommendation.to_dict())
        return record

    def _mapping(self, raw: RawRow) -> tuple[Any, Document | None]:
        kind = raw.kind
        if kind == "cells":
            cells, columns = raw.payload
            return _cells_mapping(cells, columns), None
        if kind == "document":
            document = raw.payload
            return document.data, document
        if kind == "file":
            return _load_file(*raw.payload)
        if kind == "bad":
            payload = raw.payload
            if isinstance(payload, tuple):  # a located error and the row's name
                raise _RowError(*payload)
            raise InputError(str(payload))
        raise AssertionError(f"unknown row kind {kind!r}")  # pragma: no cover

    # -- formatting ------------------------------------------------------------------------

    def format(self, record: dict[str, Any]) -> str:
        """One row of output text in this processor's format (framing is the writer's)."""
        fmt = self.fmt
        if fmt is BatchFormat.jsonl or fmt is BatchFormat.json:
            return encode_record(record)
        if fmt is BatchFormat.csv:
            flat = flat_record(record)
            self._csv_writer.writerow([_csv_cell(flat[c]) for c in CSV_COLUMNS])
            text = self._csv_buffer.getvalue()
            self._csv_buffer.seek(0)
            self._csv_buffer.truncate()
            return text
        if fmt is BatchFormat.markdown:
            b = brief(record)
            cells = [str(b.row), _md(b.name or ""), _md(b.strategy or ""), _md(b.technique or ""),
                     _md(", ".join(i for i, _ in b.findings)),
                     _md(b.error or "")]  # fmt: skip
            return "| " + " | ".join(cells) + " |\n"
        if fmt is BatchFormat.table:
            b = brief(record)
            if b.error is not None:
                last = "error: " + terminal_text(b.error)
            else:
                last = ", ".join(i for i, _ in b.findings) or "-"
            name = terminal_text(b.name) if b.name is not None else "-"
            strategy = b.strategy or ("(error)" if b.error else "-")
            return _table_line((str(b.row), name, strategy, b.technique or "-"), last)
        assert_never(fmt)

    def process(self, raw: RawRow) -> tuple[str, Brief]:
        record = self.record(raw)
        return self.format(record), brief(record)


class _RowError(Exception):
    """A row that cannot be advised, with the row's name if it has one."""

    def __init__(self, error: TransferAdvisorError, name: str | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.name = name


_JSON_ROW = json.JSONDecoder(object_pairs_hook=unique_keys)


def _manifest_from_json(line: bytes, source: str, base_dir: Path | None) -> Manifest:
    """Validate a JSONL line as a manifest, exactly as any other input is validated.

    The line is parsed by the standard library with a check for duplicate keys (which pydantic's
    own JSON parser would let the last one win), then validated by :func:`manifest_from_mapping`.
    """
    data: Any = None
    try:
        try:
            data = _JSON_ROW.decode(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start + 1} of the line)") from None
        except DuplicateKey as exc:
            data = _loads_anyway(line)  # for the row's name in the error row
            raise InputError(f"invalid JSON: {exc}") from None
        except ValueError as exc:
            raise InputError(f"invalid JSON: {_json_reason(exc)}") from None
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply") from None
        return manifest_from_mapping(data, source=source, base_dir=base_dir)
    except TransferAdvisorError as exc:
        raise _RowError(exc, _name_of(data)) from None


def _loads_anyway(line: bytes) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        return None


def _json_reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    # The only other ValueError json raises: Python refuses integers of over 4,300 digits.
    return "a number too large to read"


def _cells_mapping(cells: Sequence[str], columns: Sequence[CsvColumn]) -> dict[str, Any]:
    if len(cells) > len(columns):
        error = InputError(f"the row has {len(cells)} cells but the header only {len(columns)}")
        raise _RowError(error, _cells_name(cells, columns))
    data: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=False):  # fewer cells: the rest are empty
        if not cell or cell.isspace():
            continue  # an empty cell is an absent field
        path = column.path
        try:
            value = convert_text(cell, column.kind)
        except InputError as exc:
            error = InputError(exc.message, field=".".join(path))
            raise _RowError(error, _cells_name(cells, columns)) from None
        if len(path) == 1:
            data[path[0]] = value
        else:
            _set_path(data, path, value)
    return data


def _cells_name(cells: Sequence[str], columns: Sequence[CsvColumn]) -> str | None:
    """The ``name`` cell of a CSV row that cannot be advised, for its error row."""
    names = [cell for column, cell in zip(columns, cells, strict=False) if column.path == ("name",)]
    return names[0] if names and names[0] else None


def _load_file(path: str, text: str | None) -> tuple[Any, Document]:
    """A manifest file's document; ``text`` is the file's if discovery already read it."""
    if text is None:
        from transfer_advisor.manifest import read_text

        text = read_text(path)
    document = load_document(text, path, error=InputError)
    return document.data, document


# --------------------------------------------------------------------------------------------
# The row loop: in order, one row at a time, in-process or across worker processes
# --------------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules: str | None, fmt: str) -> None:
    """Pool initializer: load the rulebook once per worker process."""
    try:
        _WORKER["processor"] = RowProcessor(load_rulebook(rules), default_catalog(), fmt)
    except BaseException as exc:  # reported by the first task, not by respawning forever
        _WORKER["error"] = exc


def _work(chunk: list[RawRow]) -> list[tuple[str, Brief]]:
    processor = _WORKER.get("processor")
    if processor is None:
        raise _WORKER.get("error") or RuntimeError("worker not initialised")
    return [processor.process(raw) for raw in chunk]


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for raw in rows:
        chunk.append(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iter_results(
    rows: Iterable[RawRow],
    *,
    fmt: BatchFormat,
    rulebook: Rulebook | None = None,
    rules: str | None = None,
    workers: int = 1,
) -> Iterator[tuple[str, Brief]]:
    """``(output text, brief)`` for each row, in input order.

    ``workers=1`` runs in this process with ``rulebook`` (loaded from ``rules`` if None). More
    workers each load ``rules`` once; at most ``workers * CHUNKS_PER_WORKER`` chunks of
    ``CHUNK_ROWS`` rows are in flight, so memory stays bounded however long the input.
    """
    # More processes than cores only adds start-up time and memory.
    workers = min(workers, os.cpu_count() or 1)
    if workers <= 1:
        processor = RowProcessor(rulebook if rulebook is not None else load_rulebook(rules),
                                 default_catalog(), fmt)  # fmt: skip
        process = processor.process
        for raw in rows:
            yield process(raw)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    # spawn, not fork: the caller may run threads (a progress display), and fork with threads
    # can deadlock the child. An executor rather than multiprocessing.Pool: when the reader
    # stops early (`| head`, an exception), Pool.terminate() can deadlock against a worker
    # that is waiting for work, while the executor cancels what has not started and lets the
    # few running chunks finish.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(rules, fmt.value)) as executor:  # fmt: skip
        pending: deque[Future[list[tuple[str, Brief]]]] = deque()
        window = workers * CHUNKS_PER_WORKER
        try:
            for chunk in _chunks(rows, CHUNK_ROWS):
                pending.append(executor.submit(_work, chunk))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """Counts over every output row (no timings: the same input gives the same summary)."""

    rows: int = 0
    errors: int = 0
    strategies: Counter[str] = field(default_factory=Counter)
    techniques: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    severities: dict[str, str] = field(default_factory=dict)  # finding id -> severity
    first_errors: list[tuple[int, str]] = field(default_factory=list)

    def add(self, item: Brief) -> None:
        self.rows += 1
        if item.error is not None:
            self.errors += 1
            if len(self.first_errors) < 5:
                self.first_errors.append((item.row, item.error))
            return
        self.strategies[item.strategy or "none"] += 1
        self.techniques[item.technique or "none"] += 1
        for finding_id, severity in item.findings:
            self.findings[finding_id] += 1
            self.severities.setdefault(finding_id, severity)

    @property
    def advised(self) -> int:
        return self.rows - self.errors

    def strategy_counts(self) -> list[tuple[str, int]]:
        return _ordered(self.strategies, STRATEGY_ORDER)

    def technique_counts(self) -> list[tuple[str, int]]:
        return _ordered(self.techniques, (*TECHNIQUE_ORDER, "none"))

    def top_findings(self, limit: int | None = 10) -> list[tuple[str, int]]:
        ranked = sorted(self.findings.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked if limit is None else ranked[:limit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "advised": self.advised,
            "errors": self.errors,
            "strategies": dict(self.strategy_counts()),
            "techniques": dict(self.technique_counts()),
            "findings": dict(self.top_findings(None)),
        }


def _ordered(counts: Counter[str], order: Sequence[str]) -> list[tuple[str, int]]:
    known = [(k, counts[k]) for k in order if counts.get(k)]
    rest = sorted((k, v) for k, v in counts.items() if k not in order and v)
    return known + rest


# --------------------------------------------------------------------------------------------
# Writers: the framing around the rows of each format
# --------------------------------------------------------------------------------------------


def _header(fmt: BatchFormat, source: str) -> str:
    if fmt is BatchFormat.jsonl:
        return ""
    if fmt is BatchFormat.json:
        return f'{{\n  "schema_version": {OUTPUT_SCHEMA_VERSION},\n  "results": ['
    if fmt is BatchFormat.csv:
        return ",".join(CSV_COLUMNS) + "\n"
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


def run_batch(
    batch_input: Iterable[RawRow] | BatchInput,
    out: IO[bytes],
    *,
    fmt: BatchFormat | str = BatchFormat.jsonl,
    rulebook: Rulebook | None = None,
    rules: str | None = None,
    workers: int = 1,
    source: str = "<batch>",
    observe: Callable[[Brief], None] | None = None,
    tick: Callable[[BatchSummary], None] | None = None,
    tick_every: int = 200,
) -> BatchSummary:
    """Advise every row of ``batch_input`` and write one output row each to ``out``.

    ``observe`` sees every row's :class:`Brief` (e.g. for a report); ``tick`` is called every
    ``tick_every`` rows (e.g. for a progress bar). Raises :class:`InputError` if the input
    becomes unreadable part-way (a YAML syntax error), once every row before it has been advised
    and written; the footer (the JSON document's end, the Markdown summary) is not.
    """
    fmt = BatchFormat(fmt)
    if isinstance(batch_input, BatchInput):
        source = batch_input.source
    summary = BatchSummary()
    writer = _Writer(out, fmt)
    writer.text(_header(fmt, source))
    add = summary.add
    row = writer.row
    stopped: list[TransferAdvisorError] = []
    rows = _until_unreadable(batch_input, stopped)
    for text, item in iter_results(rows, fmt=fmt, rulebook=rulebook, rules=rules,
                                   workers=workers):  # fmt: skip
        row(text)
        add(item)
        if observe is not None:
            observe(item)
        if tick is not None and summary.rows % tick_every == 0:
            tick(summary)
    if stopped:
        if summary.rows:
            writer.flush()
        raise stopped[0]
    writer.text(_footer(fmt, summary))
    writer.flush()
    return summary


def _until_unreadable(
    rows: Iterable[RawRow], stopped: list[TransferAdvisorError]
) -> Iterator[RawRow]:
    """``rows`` until the input cannot be read any further; the error goes to ``stopped``.

    Ending the rows instead of raising lets the rows already read (some of them in worker
    processes) be advised and written before the error is raised.
    """
    try:
        yield from rows
    except TransferAdvisorError as exc:
        stopped.append(exc)


# --------------------------------------------------------------------------------------------
# Python API
# --------------------------------------------------------------------------------------------


def advise_records(
    manifests: Iterable[Mapping[str, Any]],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
    dotted: bool = False,
) -> Iterator[dict[str, Any]]:
    """Advise each mapping, lazily, one output record per input (the ``batch`` JSONL rows).

    Unlike :func:`~transfer_advisor.advise_many` an invalid manifest does not stop the loop: its
    record has ``row``, ``name`` and ``error`` instead of a strategy. With ``dotted=True`` the
    mappings are flat, keyed by dotted paths (``data.labeled_examples``) as in a DataFrame row:
    see :func:`mapping_from_flat`.
    """
    processor = RowProcessor(rulebook if rulebook is not None else load_rulebook(), catalog)
    for row, manifest in enumerate(manifests, 1):
        data: Any = manifest
        if dotted:
            try:
                data = mapping_from_flat(manifest)
            except InputError as exc:
                yield error_record(row, _name_of(dict(manifest)), exc, "<batch>", None)
                continue
        if isinstance(data, Mapping) and not isinstance(data, dict):
            data = dict(data)
        yield processor.advise_mapping(row, data)
