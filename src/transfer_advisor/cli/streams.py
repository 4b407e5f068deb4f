"""Standard streams that were closed before the tool started (``>&-``, ``<&-``, ``2>&-``).

Python sets such a stream to None, so the first ``sys.stdout.write`` would be an
AttributeError traceback. :func:`guard_streams` puts a stand-in there instead: using closed
standard input or output is a :class:`~transfer_advisor.errors.StreamError` (one line, exit
code 4), and messages for a closed standard error go nowhere.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, NoReturn

from transfer_advisor.errors import StreamError


class ClosedStream:
    """Stands in for a standard stream that is closed: every use of it is a StreamError."""

    def __init__(self, what: str) -> None:
        self.what = what

    def _fail(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise StreamError(f"{self.what} is closed")

    read = readline = write = _fail

    def flush(self) -> None:  # nothing was written: nothing to flush (as at shutdown)
        pass

    def close(self) -> None:
        pass

    @property
    def buffer(self) -> NoReturn:
        self._fail()

    def fileno(self) -> int:
        raise OSError(errno.EBADF, f"{self.what} is closed")

    def isatty(self) -> bool:
        return False


def guard_streams() -> None:
    """Replace each closed standard stream (None) by a stand-in."""
    if sys.stdin is None:
        sys.stdin = ClosedStream("standard input")
    if sys.stdout is None:
        sys.stdout = ClosedStream("standard output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
