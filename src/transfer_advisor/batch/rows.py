"""A row's advice: one raw input row -> one output record -> one piece of output text.

:class:`RowProcessor` parses a row's payload (a JSONL line, CSV cells, a YAML document, a manifest
file), validates it as any manifest is validated and advises it. A row that cannot be advised
(invalid JSON, a missing field, an unknown GPU...) becomes an *error row* (:func:`error_record`)
carrying its row number, the input's ``name`` if any and the located error; the batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transfer_advisor._internal.files import DuplicateKey, unique_keys
from transfer_advisor._internal.yaml import Document, load_document
from transfer_advisor.advice.engine import advise
from transfer_advisor.advice.recommendation import OUTPUT_SCHEMA_VERSION
from transfer_advisor.batch.input import RawRow
from transfer_advisor.batch.read_csv import CsvColumn
from transfer_advisor.batch.summary import Brief, brief
from transfer_advisor.batch.write import (
    CSV_COLUMNS,
    BatchFormat,
    _csv_cell,
    _md,
    _table_line,
    encode_record,
    flat_record,
    terminal_text,
)
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.errors import InputError, TransferAdvisorError
from transfer_advisor.flat import convert_text, set_path
from transfer_advisor.manifest import Manifest, manifest_from_mapping
from transfer_advisor.render.common import assert_never
from transfer_advisor.rules.rulebook import Rulebook

__all__ = [
    "RowProcessor",
]


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


def internal_error_record(
    row: int, source: str, line: int | None, exc: BaseException
) -> dict[str, Any]:
    """The output record of a row whose advice met a bug (an exception the tool does not
    expect): the row is reported, marked ``internal``, and the batch goes on."""
    try:
        what = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    except Exception:  # an exception whose text cannot be made
        what = type(exc).__name__
    return {
        "row": row,
        "schema_version": OUTPUT_SCHEMA_VERSION,
        "name": None,
        "error": {
            "source": source,
            "line": line,
            "column": None,
            "field": None,
            "message": f"internal error (a bug in transfer-advisor; please report it): {what}",
            "internal": True,
        },
    }


class RowProcessor:
    """Advise raw rows and format them; one per process (workers build their own)."""

    def __init__(
        self,
        rulebook: Rulebook,
        catalog: Catalog | None = None,
        fmt: BatchFormat | str = "jsonl",
        fields: tuple[str, ...] | None = None,
    ) -> None:
        self.rulebook = rulebook
        self.catalog = catalog if catalog is not None else default_catalog()
        self.fmt = BatchFormat(fmt)
        #: ``--fields``: the flat columns to write (None: the whole record, or every column).
        self.fields = fields
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
        except Exception as exc:  # a bug: this row is reported, the batch goes on
            return internal_error_record(raw.row, raw.source, raw.line, exc)
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
        except Exception as exc:  # a bug: this record is reported, the loop goes on
            return internal_error_record(row, source, None, exc)
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
        fields = self.fields
        if fmt is BatchFormat.jsonl or fmt is BatchFormat.json:
            if fields is not None:
                flat = flat_record(record)
                return encode_record({c: flat[c] for c in fields})
            return encode_record(record)
        if fmt is BatchFormat.csv:
            flat = flat_record(record)
            self._csv_writer.writerow([_csv_cell(flat[c]) for c in fields or CSV_COLUMNS])
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
        """The output text and brief of one row; never raises for the row's sake."""
        try:
            record = self.record(raw)
            return self.format(record), brief(record)
        except Exception as exc:  # a bug in formatting: still one output row for this row
            record = internal_error_record(raw.row, raw.source, raw.line, exc)
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
            set_path(data, path, value)
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
