"""Opening a batch input: a file, standard input or a directory, read as a stream of raw rows.

:func:`open_input` picks the format (given, from the file's extension, or sniffed from the first
line) and hands back a :class:`~transfer_advisor.batch.input.BatchInput` over JSONL lines,
CSV records (:mod:`transfer_advisor.batch.read_csv`), YAML documents or the manifests of a
directory. Only an input that cannot be read at all (missing file, bad CSV header, broken YAML)
raises :class:`InputError`; a row that cannot be advised is the row processor's to report.
"""

from __future__ import annotations

import enum
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from transfer_advisor._internal.discover import walk_manifests
from transfer_advisor._internal.files import utf_encoding
from transfer_advisor._internal.yaml import Document, load_documents
from transfer_advisor.batch.input import _BOM, BatchInput, RawRow
from transfer_advisor.batch.read_csv import _csv_rows
from transfer_advisor.errors import InputError
from transfer_advisor.render.common import assert_never

__all__ = [
    "InputFormat",
    "open_input",
]


class InputFormat(str, enum.Enum):
    """What ``batch`` reads (a directory of manifests is recognised by itself)."""

    jsonl = "jsonl"
    csv = "csv"
    yaml = "yaml"


_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
_YAML_FIRST_LINE = re.compile(rb"\s*(---|%|#|[^,]*:(\s|$))")


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
    in it) for :func:`~transfer_advisor.batch.run.run_batch`. The format is ``input_format``,
    else the file's extension, else sniffed from the first line. Raises :class:`InputError` if
    the input cannot be read.
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

    lines = bounded_lines(handle, source, InputError, skip_long=True)
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
        batch_input._rows = _csv_rows(batch_input, _refuse_long(all_lines, source), source,
                                      base_dir)  # fmt: skip
    elif fmt is InputFormat.yaml:
        batch_input._rows = _yaml_rows(batch_input, _refuse_long(all_lines, source), source,
                                       base_dir)  # fmt: skip
    else:  # pragma: no cover
        assert_never(fmt)
    return batch_input


def _refuse_long(lines: Iterator[bytes], source: str) -> Iterator[bytes]:
    """CSV and YAML records can span lines, so an over-long line stops the stream there."""
    from transfer_advisor._internal.files import MAX_LINE_BYTES, TOO_LONG

    for number, line in enumerate(lines, 1):
        if line is TOO_LONG:
            raise InputError(f"a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB",
                             source=source, line=number)  # fmt: skip
        yield line


def _chain(head: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest


def _jsonl_rows(
    state: BatchInput, lines: Iterator[bytes], source: str, base_dir: Path | None
) -> Iterator[RawRow]:
    row = 0
    position = 0
    from transfer_advisor._internal.files import MAX_LINE_BYTES, TOO_LONG

    for number, line in enumerate(lines, 1):
        if line is TOO_LONG:  # one record, read past: the rows after it are read as usual
            row += 1
            limit = MAX_LINE_BYTES // (1024 * 1024)
            yield RawRow(row, number, source, "bad", f"a line longer than {limit} MB", base_dir)
            continue
        position += len(line)
        state.position = position
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        if line.isspace() or not line:
            continue  # blank lines are not rows
        row += 1
        yield RawRow(row, number, source, "json", line, base_dir)


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
    """The manifests under ``root``, found as ``check`` finds them (see
    :mod:`transfer_advisor._internal.discover`).

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
