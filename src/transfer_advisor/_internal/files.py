"""Reading input files safely: only regular files (or a pipe), and never more than a limit.

``/dev/zero``, a terminal device or a multi-gigabyte file must end in a one-line error, not in
a process that reads until memory runs out.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Iterator
from typing import IO, Any

from transfer_advisor.errors import TransferAdvisorError

#: Largest manifest, rulebook or config.json accepted, in bytes.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Longest line of a streamed batch input (one JSONL row or CSV record), in bytes.
MAX_LINE_BYTES = 10 * 1024 * 1024


def check_readable(
    name: str, error: type[TransferAdvisorError], *, regular_only: bool = False
) -> os.stat_result:
    """Refuse what is not a regular file or a pipe (devices, sockets), and missing paths.

    ``regular_only`` refuses pipes too: for a path written in a document (``extends:``,
    ``model.config``), where a FIFO with no writer would block forever.
    """
    if "\x00" in name:
        raise error("the path holds a NUL character", source=name.replace("\x00", "\\0"))
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise error("file not found", source=name) from None
    except OSError as exc:
        raise error(exc.strerror or "cannot be read", source=name) from None
    if stat.S_ISDIR(info.st_mode):
        raise error("is a directory, not a file", source=name)
    if not (stat.S_ISREG(info.st_mode) or (stat.S_ISFIFO(info.st_mode) and not regular_only)):
        raise error("not a regular file", source=name)
    return info


class DuplicateKey(ValueError):
    """A JSON object with a key given twice (see :func:`unique_keys`)."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json``: an object's members as a dict, and a key given twice
    an error, as it is in YAML input (the standard library would let the last one win)."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(f"duplicate key {key!r}")
            seen.add(key)
    return data


def _too_large(name: str, error: type[TransferAdvisorError], limit: int) -> TransferAdvisorError:
    return error(f"file too large: more than {limit // (1024 * 1024)} MB", source=name)


def read_text_file(
    name: str,
    error: type[TransferAdvisorError],
    *,
    limit: int = MAX_FILE_BYTES,
    regular_only: bool = False,
) -> str:
    """The UTF-8 text of file ``name`` (``-``: standard input), at most ``limit`` bytes;
    ``regular_only``: see :func:`check_readable`."""
    shown = "<stdin>" if name == "-" else name
    try:
        if name == "-":
            buffer = getattr(sys.stdin, "buffer", None)
            if buffer is None:  # a text stream without bytes underneath (tests, notebooks)
                text = sys.stdin.read(limit + 1)
                if len(text) > limit:
                    raise _too_large(shown, error, limit)
                return text
            data = buffer.read(limit + 1)
        else:
            info = check_readable(name, error, regular_only=regular_only)
            if info.st_size > limit:
                raise _too_large(shown, error, limit)
            with open(name, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise error(exc.strerror or "cannot be read", source=shown) from None
    if len(data) > limit:
        raise _too_large(shown, error, limit)
    # YAML allows UTF-16 and UTF-32 with a byte-order mark, which some editors and Windows
    # PowerShell's `>` write; anything else must be UTF-8.
    encoding = utf_encoding(data) or "utf-8"
    try:
        return str(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise error(f"not {encoding.upper()} text (byte {exc.start + 1})", source=shown) from None


_UTF_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def utf_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when ``data`` starts with that encoding's byte-order mark."""
    for mark, encoding in _UTF_BOMS:
        if data.startswith(mark):
            return encoding
    return None


#: Given by :func:`bounded_lines` with ``skip_long`` in place of a line longer than
#: :data:`MAX_LINE_BYTES`, which it has read past (compare with ``is``).
TOO_LONG = bytes(bytearray(b"<a line too long>"))  # a distinct object, never interned


def bounded_lines(
    handle: IO[bytes],
    source: str,
    error: type[TransferAdvisorError],
    *,
    skip_long: bool = False,
) -> Iterator[bytes]:
    """The lines of a stream as UTF-8 bytes, refusing one longer than :data:`MAX_LINE_BYTES`
    (with ``skip_long``, a UTF-8 stream's over-long line is read past and given as
    :data:`TOO_LONG`, so a line-per-record reader can report that one record and go on).

    A stream that starts with a UTF-16 or UTF-32 byte-order mark (Windows PowerShell's ``>``
    writes UTF-16) is decoded as it is read and its lines given in UTF-8, so every reader
    downstream sees one encoding.
    """
    first = handle.readline(MAX_LINE_BYTES + 1)
    encoding = utf_encoding(first)
    lines = _lines(handle, first) if encoding is None else _recoded(handle, first, encoding)
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_BYTES:
            if skip_long and encoding is None:
                while line and not line.endswith(b"\n"):  # read past the rest of it
                    line = handle.readline(MAX_LINE_BYTES + 1)
                yield TOO_LONG
                continue
            raise error(f"a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB",
                        source=source, line=number)  # fmt: skip
        yield line


def _lines(handle: IO[bytes], first: bytes) -> Iterator[bytes]:
    line = first
    while line:
        yield line
        line = handle.readline(MAX_LINE_BYTES + 1)


def _recoded(handle: IO[bytes], first: bytes, encoding: str) -> Iterator[bytes]:
    """The lines of a UTF-16 or UTF-32 stream (``first``: its start), in UTF-8."""
    # Bytes that are not valid in the encoding become one byte that is not valid UTF-8 either
    # (0xFF), so the line holding them is a bad row, as a broken line of a UTF-8 file is, and
    # the rows around it are read as usual.
    decoder = codecs.getincrementaldecoder(encoding)(_INVALID)  # drops the byte-order mark
    pending = ""
    chunk = first
    while True:
        pending += decoder.decode(chunk, final=not chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield (line + "\n").encode("utf-8", "surrogateescape")
        if len(pending) > MAX_LINE_BYTES:  # a line too long: let the caller refuse it
            yield pending.encode("utf-8", "surrogateescape")
            return
        if not chunk:
            if pending:
                yield pending.encode("utf-8", "surrogateescape")
            return
        chunk = handle.read(64 * 1024)


def _mark_invalid(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return "\udcff", exc.end  # encoded back with surrogateescape: the byte 0xFF


_INVALID = "transfer-advisor-invalid"
codecs.register_error(_INVALID, _mark_invalid)


def toml_loads(text: str) -> dict[str, Any]:
    """Parse TOML (``tomllib``, or ``tomli`` on Python 3.10); ValueError when it is invalid."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:  # arrays or tables nested hundreds deep
        raise ValueError("nested too deeply") from None
    _refuse_huge_integers(data)
    return data


def _refuse_huge_integers(data: Any) -> None:
    """ValueError for an integer past 1,024 bits anywhere in ``data`` (TOML reads hex, octal
    and binary integers of any length, which no message could print)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif type(value) is int and value.bit_length() > 1024:
            raise ValueError("a number too large (more than about 308 digits)")
