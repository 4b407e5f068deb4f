"""What a batch reader hands on: the open input (:class:`BatchInput`) and its rows, as read.

A :class:`RawRow` is cheap to make and to send to a worker process: the readers only split the
input into rows, and each row is parsed and advised later (:mod:`transfer_advisor.batch.rows`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

__all__ = [
    "BatchInput",
    "RawRow",
]


_BOM = b"\xef\xbb\xbf"


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
