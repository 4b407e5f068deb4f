"""Writing a command's output file (``--output``, ``batch --report``) without clobbering anything.

What the destination is decides how it is written:

* a new path or a regular file: written to a hidden temporary file beside it
  (``.NAME.XXXXXXXX.partial``) that replaces it only when the command succeeds, so a failed or
  interrupted run never leaves a truncated file that looks like a result; an existing file's
  permissions are kept;
* a symbolic link: followed. The file it points to is replaced as above (the link stays a
  link); a link to a device or a FIFO is written through;
* ``/dev/stdout`` (and ``/dev/fd/1``, ``/proc/self/fd/1``): standard output, as ``-`` is;
* a character device (``/dev/null``, a terminal), a FIFO, or anything under ``/dev`` or
  ``/proc``: written through, never replaced (renaming over ``/dev/null`` as root would
  replace the machine's ``/dev/null``);
* a folder, a block device or a socket: refused with a one-line error before anything is read.

The temporary file is removed when the run fails, on Ctrl-C, SIGTERM and SIGHUP (``main``
turns those into exceptions so that this cleanup runs); only SIGKILL can leave one behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import IO

from transfer_advisor.errors import TransferAdvisorError

#: Paths that mean standard output.
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
#: Nothing under these folders is ever replaced: only written through.
_SPECIAL_ROOTS = ("/dev/", "/proc/")


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """Whether ``path`` (None: not given) means standard output."""
    return path is None or os.fspath(path) in STDOUT_NAMES


def _cannot(path: Path, why: str | None) -> TransferAdvisorError:
    return TransferAdvisorError(f"cannot write: {why or 'unknown error'}", source=str(path))


class OutputFile:
    """One output destination: :meth:`open`, write, then :meth:`commit` or :meth:`discard`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp: str | None = None
        self.target: str | None = None
        self.handle: IO[bytes] | None = None
        self.mode: int | None = None

    def _plan(self) -> None:
        """Decide between an atomic replace (``self.target`` set) and writing through."""
        name = os.fspath(self.path)
        if "\x00" in name:
            raise _cannot(self.path, "the name holds a NUL character")
        absolute = os.path.abspath(name)
        try:
            info = os.stat(name)  # follows symbolic links
        except FileNotFoundError:
            info = None
        except OSError as exc:
            raise _cannot(self.path, exc.strerror) from None
        if info is not None:
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                raise _cannot(self.path, "is a folder")
            if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
                raise _cannot(self.path, "is a block device or a socket, not a file")
            if not stat.S_ISREG(mode):  # a character device or a FIFO
                return
        if absolute.startswith(_SPECIAL_ROOTS):
            return
        # A regular file, or a new one: replace the file a link points to, not the link.
        target = os.path.realpath(name)
        if target.startswith(_SPECIAL_ROOTS):
            return
        self.target = target
        self.mode = stat.S_IMODE(info.st_mode) if info is not None else None

    def open(self) -> IO[bytes]:
        """Open the destination; a problem with it is found now, before any work is done."""
        self._plan()
        try:
            if self.target is None:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY)
            else:
                folder, base = os.path.split(self.target)
                self.temp = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.partial")
                fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                if self.mode is not None:
                    os.fchmod(fd, self.mode)
        except OSError as exc:
            self.temp = None
            raise _cannot(self.path, exc.strerror) from None
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def commit(self) -> None:
        """Finish: close, and (for a regular file) put the new file in place."""
        assert self.handle is not None
        try:
            self.handle.close()
            if self.temp is not None and self.target is not None:
                os.replace(self.temp, self.target)
                self.temp = None
        except OSError as exc:
            raise _cannot(self.path, exc.strerror) from None

    def discard(self) -> None:
        """Give up: close, and remove the temporary file if there is one (never raises)."""
        if self.handle is not None and not self.handle.closed:
            with contextlib.suppress(OSError):
                self.handle.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` by the rules above, all or nothing for a regular file."""
    target = OutputFile(path)
    try:
        target.open().write(data)
        target.commit()
    except OSError as exc:
        raise _cannot(path, exc.strerror) from None
    finally:
        target.discard()
