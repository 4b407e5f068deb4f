"""Compiled conditions of a team's rulebook, kept on disk between runs of the command line.

Compiling a rulebook's conditions (parsing each, checking it against the evaluation bounds,
building its functions) is most of the time it takes to load: about 11 ms of every start for
a rulebook that ``extends: default``, against about 2 ms with its conditions already compiled.
The shipped rulebook's are precompiled in the package (``rules/precompiled.py``); a team's own
(``--rules``) are compiled once, after every check has passed, and written here as the byte
code of the functions the engine generates for a batch (:func:`~.codegen.module_source`).

The cache is for the command line only: the library never writes one unless asked
(``load_rulebook(..., cache=True)``). It is never trusted blindly:

- an entry is found by a SHA-256 key of everything its code depends on: the text of the
  rulebook and of every file it extends, the package version, the Python byte-code version
  (its tag and magic number),
  and the size and time of the compiler's own modules (an edited checkout compiles afresh);
- an entry records its key and the SHA-256 of its contents, and is used only when both match
  (a truncated or corrupt file is ignored), only when it is a regular file of at most
  ``_MAX_BYTES``, and, where files have owners, only when it and its folder belong to the user
  and cannot be written by anyone else;
- an entry is written to a temporary file in the same folder and renamed into place, so a
  reader never sees half of one; at most ``_MAX_ENTRIES`` are kept (the oldest go first), and
  temporary files a killed writer left are removed after an hour;
- anything that goes wrong (no home folder, a read-only disk, a bad entry) only means the
  rulebook compiles as it always could: the cache never changes an answer or an error.

Where: ``$TRANSFER_ADVISOR_CACHE_DIR`` (an absolute path; ``~`` is expanded), else ``$XDG_CACHE_HOME/transfer-advisor``, else
``~/.cache/transfer-advisor`` (``%LOCALAPPDATA%\\transfer-advisor\\cache`` on Windows). Set
``TRANSFER_ADVISOR_NO_CACHE=1`` to neither read nor write it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # precompiled imports the code generator, which start-up does not need
    from transfer_advisor.rules.precompiled import Table
    from transfer_advisor.rules.rulebook import Rulebook

#: Whether loading a rulebook from a file uses the cache when not told (the command line sets
#: it for the run of a command; the library leaves it off).
ENABLED = False

#: The entry format: part of the key, so a new format never reads an old entry.
FORMAT = 1
_MAGIC = b"transfer-advisor compiled rulebook conditions\n"
_MAX_ENTRIES = 32
_MAX_BYTES = 8 * 1024 * 1024
_PREFIX = "rules-"
_SUFFIX = ".bin"
_TEMPORARY = ".tmp"
#: A temporary file older than this was left by a writer that was killed.
_STALE_SECONDS = 3600


def directory() -> Path | None:
    """The cache folder, or None when the cache is off or there is nowhere to put it."""
    env = os.environ
    if env.get("TRANSFER_ADVISOR_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no"):
        return None
    if sys.implementation.cache_tag is None:  # no byte-code version to key entries by
        return None
    explicit = env.get("TRANSFER_ADVISOR_CACHE_DIR")
    if explicit:
        # As XDG_CACHE_HOME: a relative path (which would put a cache in whatever folder the
        # command runs in) turns the cache off.
        chosen = Path(explicit).expanduser()
        return chosen if chosen.is_absolute() else None
    if sys.platform == "win32":
        local = env.get("LOCALAPPDATA")
        return Path(local) / "transfer-advisor" / "cache" if local else None
    base = env.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "transfer-advisor"
    try:
        return Path.home() / ".cache" / "transfer-advisor"
    except RuntimeError:  # no home folder
        return None


def key_for(texts: Sequence[str]) -> str:
    """The key of the compiled conditions of the rulebook read from ``texts`` (the file and
    every file it extends, in the order they were read)."""
    import hashlib
    from importlib.util import MAGIC_NUMBER

    from transfer_advisor import __version__

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{sys.implementation.cache_tag}\0".encode())
    digest.update(MAGIC_NUMBER)  # the byte code's own version, which marshal writes
    for path in _compiler_files():
        try:
            info = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path.name}:{info.st_size}:{info.st_mtime_ns}\0".encode())
    for text in texts:
        raw = text.encode("utf-8", "surrogatepass")
        digest.update(len(raw).to_bytes(8, "little"))
        digest.update(raw)
    return digest.hexdigest()


def _compiler_files() -> list[Path]:
    """The modules whose code decides what a condition compiles to."""
    here = Path(__file__).resolve().parent
    return [*sorted(here.glob("*.py")), here.parent / "vocabulary.py"]


def load(folder: Path, key: str) -> Table | None:
    """The conditions stored under ``key``; None when there is no usable entry."""
    import hashlib
    import marshal

    raw = _read(folder, folder / f"{_PREFIX}{key}{_SUFFIX}")
    if raw is None or not raw.startswith(_MAGIC):
        return None
    header_end = len(_MAGIC) + 64 + 1 + 64 + 1
    header, payload = raw[len(_MAGIC) : header_end], raw[header_end:]
    if header != f"{key}\n{hashlib.sha256(payload).hexdigest()}\n".encode():
        return None  # another key, or the contents are not what was written
    try:
        code = marshal.loads(payload)
        namespace: dict[str, Any] = {"__name__": "transfer_advisor.rules._cached_conditions"}
        exec(code, namespace)  # written by store() from conditions that passed every check
    except Exception:  # unreadable for this Python, or broken: compile instead
        return None
    table = namespace.get("CONDITIONS")
    if not isinstance(table, dict) or not all(
        isinstance(text, str)
        and isinstance(entry, tuple)
        and len(entry) == 2
        and callable(entry[0])
        and isinstance(entry[1], tuple)
        for text, entry in table.items()
    ):
        return None
    return table


def _owned(info: os.stat_result) -> bool:
    """Whether a file or folder is the user's own and no one else can write it."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: its access lists are not the owner and mode bits
        return True
    return info.st_uid == getuid() and not info.st_mode & 0o022


def _read(folder: Path, path: Path) -> bytes | None:
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if not _owned(os.stat(folder)):
            return None
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _owned(info) or info.st_size > _MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def store(folder: Path, key: str, rulebook: Rulebook) -> None:
    """Write the compiled conditions of ``rulebook`` (which has just passed every check)
    under ``key``; quietly nothing when the folder cannot be used, or the conditions cannot be
    written as byte code. The folder is checked first, so an unusable one costs nothing."""
    import tempfile

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _owned(os.stat(folder)):
            return
    except OSError:
        return
    data = _entry(key, rulebook)
    if data is None:
        return
    temporary: str | None = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{_PREFIX}", suffix=_TEMPORARY, dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, folder / f"{_PREFIX}{key}{_SUFFIX}")
        temporary = None
        _prune(folder)
    except OSError:
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _entry(key: str, rulebook: Rulebook) -> bytes | None:
    """The bytes of the entry for ``rulebook``; None when it cannot be written (a constant
    too large to print, more nesting than Python's compiler takes, a bug here): the rulebook
    then compiles on every start, as it would with the cache off."""
    import hashlib
    import marshal
    import warnings

    from transfer_advisor.rules.codegen import module_source
    from transfer_advisor.rules.precompiled import conditions_of

    try:
        source = module_source(conditions_of(rulebook), rulebook.threshold_facts, {},
                               "a rulebook, cached", note="A cache entry of rules/cache.py.")  # fmt: skip
        with warnings.catch_warnings():  # nothing the compiler could warn about reaches a user
            warnings.simplefilter("ignore")
            payload = marshal.dumps(compile(source, f"<{_PREFIX}{key}>", "exec"))
    except Exception:  # the cache must never stop a rulebook that loads from loading
        return None
    data = _MAGIC + f"{key}\n{hashlib.sha256(payload).hexdigest()}\n".encode() + payload
    return data if len(data) <= _MAX_BYTES else None


def _prune(folder: Path) -> None:
    """Keep the newest ``_MAX_ENTRIES`` entries, and remove the temporary files of writers
    that were killed (those older than ``_STALE_SECONDS``: a younger one may be being
    written)."""
    import time

    entries = []
    for path in folder.glob(f"{_PREFIX}*{_SUFFIX}"):
        try:
            entries.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    stale = [path for _, _, path in entries[_MAX_ENTRIES:]]
    now = time.time()
    for path in folder.glob(f".{_PREFIX}*{_TEMPORARY}"):
        try:
            if now - path.stat().st_mtime > _STALE_SECONDS:
                stale.append(path)
        except OSError:
            continue
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()
