"""The CSV reader of ``batch``: a header of dotted manifest paths, then one row per record.

The header is checked once (every column a manifest field, see :mod:`transfer_advisor.flat`); a
record that the csv module cannot read (most often a quote that never closes) becomes one bad
row at the line where it starts, and reading goes on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from transfer_advisor._internal.didyoumean import did_you_mean
from transfer_advisor.batch.input import _BOM, BatchInput, RawRow
from transfer_advisor.errors import InputError
from transfer_advisor.flat import FieldKind, field_kinds


@dataclass(frozen=True, slots=True)
class CsvColumn:
    """A CSV input column: the manifest path it fills and how its text is converted."""

    path: tuple[str, ...]
    kind: FieldKind


def csv_columns(header: Sequence[str], source: str) -> tuple[CsvColumn, ...]:
    """Check a CSV header (dotted manifest paths) and say how to convert each column."""
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
                reason = "is not a manifest field" + did_you_mean(name, kinds)
            raise InputError(f"{where}: {name!r} {reason}", source=source, line=1)
        if kind == "unsupported":
            raise InputError(f"{where}: {name!r} cannot be given in CSV (use JSONL or YAML)",
                             source=source, line=1)  # fmt: skip
        columns.append(CsvColumn(tuple(name.split(".")), kind))
    return tuple(columns)


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
