"""Which files in a directory are manifests: one answer for ``check`` and ``batch``.

A file named like a manifest (``transfer-advisor.yaml``, ``.transfer-advisor.yml``,
``contracts.transfer-advisor.yaml``) always is one. Any other YAML or JSON file is one when it
has top-level ``model`` and ``data`` sections, so a repository's CI files, rulebooks and
configurations are passed over. Hidden folders and vendored ones (``node_modules``, virtual
environments) are not entered; hidden files are looked at like any other. The order is stable: a folder's files by name, then its
subfolders by name.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from transfer_advisor._internal.files import MAX_FILE_BYTES, utf_encoding
from transfer_advisor.errors import TransferAdvisorError

#: A file with such a name is a manifest wherever it is found (the pre-commit hook's pattern).
MANIFEST_NAME = re.compile(r"^(?:\.?transfer-advisor|[^/]+\.transfer-advisor)\.ya?ml$")
_SUFFIXES = (".yaml", ".yml", ".json")
# Cheap tests on the raw bytes, no YAML parse: a manifest that does not parse, or is not UTF-8,
# is still found, so that it is reported (a bad row, an invalid manifest) rather than skipped.
# Top-level `model:` and `data:` alone would also match the configs ML repositories are full
# of (Lightning CLI, Hydra, Helm values), so the manifest's one required count must be there.
_YAML_SECTIONS = (re.compile(rb"""^["']?model["']?[ \t]*:""", re.MULTILINE),
                  re.compile(rb"""^["']?data["']?[ \t]*:""", re.MULTILINE))  # fmt: skip
_MARKER = re.compile(rb"""\blabeled_examples["']?\s*:""")
# A YAML document written as one flow mapping ({name: x, data: {...}, model: {...}}), maybe
# after comments, directives (%YAML 1.2) and a document start (---).
_FLOW_START = re.compile(rb"\A(?:\s|#[^\n]*\n|%[^\n]*\n|---[ \t]*(?:\n|\Z))*\{")
_FLOW_KEYS = (re.compile(rb"""[{,]\s*["']?model["']?\s*:"""),
              re.compile(rb"""[{,]\s*["']?data["']?\s*:"""))  # fmt: skip
_BOM = b"\xef\xbb\xbf"
_NOT_REGULAR = "not a regular file (a pipe or a device), so it was not read"
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


def looks_like_manifest(raw: bytes, *, json_text: bool = False) -> bool:
    """Whether a file's bytes are (or try to be) a manifest: a mapping with ``model`` and
    ``data`` at the top and a ``labeled_examples`` count. JSON that parses is judged by its
    top-level keys; other text by patterns (top-level keys in block YAML, keys of a flow
    mapping)."""
    if _MARKER.search(raw) is None:
        return False
    if json_text or _FLOW_START.match(raw):
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            return all(pattern.search(raw) for pattern in _FLOW_KEYS)  # broken, or YAML flow
        return isinstance(data, dict) and "model" in data and "data" in data
    return all(pattern.search(raw) for pattern in _YAML_SECTIONS)


class Found(NamedTuple):
    """A manifest found under a folder."""

    relative: str  #: its path from the folder, with /
    path: Path
    text: str | None = None  #: its text, if finding it read it and it is UTF-8
    problem: str | None = None  #: why it cannot be read, if it cannot (to be reported)


def walk_manifests(
    root: Path, error: type[TransferAdvisorError] = TransferAdvisorError
) -> Iterator[Found]:
    """Each manifest under ``root``. A folder that cannot be read raises ``error``: a CI gate
    must not pass because it could not look."""

    def unreadable(exc: OSError) -> None:
        raise error(f"cannot read this folder: {exc.strerror or exc}",
                    source=str(exc.filename or root)) from None  # fmt: skip

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        relative = os.path.relpath(folder, root)
        for name in sorted(filenames):
            shown = (name if relative == "." else f"{relative}/{name}").replace(os.sep, "/")
            path = Path(folder, name)
            named = MANIFEST_NAME.match(name) is not None
            if not named and not name.lower().endswith(_SUFFIXES):
                continue
            try:
                info = os.stat(path)
            except OSError:
                if named:  # a manifest's name on a dangling link: reported as not found
                    yield Found(shown, path)
                continue
            if not stat.S_ISREG(info.st_mode):
                # A FIFO or a device would block or never end, so it is not opened. Named like a
                # manifest, it is still reported: a CI gate must not pass a file it never read.
                if named:
                    yield Found(shown, path, problem=_NOT_REGULAR)
                continue
            if named:
                yield Found(shown, path)
                continue
            if info.st_size > MAX_FILE_BYTES:
                continue  # too large to be a manifest; not ours
            try:
                raw = path.read_bytes()
            except OSError:
                continue  # not named like a manifest, and not readable: not ours
            # UTF-16 and UTF-32 (a byte-order mark says which) are recognised in UTF-8 too.
            encoding = utf_encoding(raw)
            if encoding is not None:
                raw = raw.decode(encoding, errors="replace").encode("utf-8")
            if not looks_like_manifest(
                raw.removeprefix(_BOM), json_text=name.lower().endswith(".json")
            ):
                continue
            try:
                text = raw.decode("utf-8") if encoding is None else None
            except UnicodeDecodeError:
                text = None  # read again, and reported with the byte that is not UTF-8
            # A UTF-16 file is read again too, so that a bad byte in it is reported, not replaced.
            yield Found(shown, path, text)
