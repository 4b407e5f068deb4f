"""Which manifests ``check`` reads: files as given, manifests found in folders, standard input,
or ``transfer-advisor.yaml`` in the current folder when no path is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from transfer_advisor._internal.discover import walk_manifests
from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.errors import CheckError

#: Looked for in the current directory when ``check`` is given no path.
DEFAULT_NAMES = (
    "transfer-advisor.yaml",
    ".transfer-advisor.yaml",
    "transfer-advisor.yml",
    ".transfer-advisor.yml",
)

STDIN_NAME = "<stdin>"


class Target(FrozenRecord):
    """One manifest to check: its name in reports, its file (None: standard input) and, when
    discovery already read it, its text."""

    __slots__ = ("display", "path", "text", "problem")

    display: str
    path: Path | None
    text: str | None
    problem: str | None  #: why discovery could not read it

    def __init__(
        self, display: str, path: Path | None, text: str | None = None, problem: str | None = None
    ) -> None:
        object.__setattr__(self, "display", display)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "problem", problem)


def _display(raw: str) -> str:
    return os.path.normpath(raw).replace(os.sep, "/")


def _walk(display: str, root: Path) -> Iterable[Target]:
    """Manifests under ``root`` (see :mod:`._discover`), named as the user wrote the folder."""
    for found in walk_manifests(root, CheckError):
        relative = found.relative
        shown = relative if display == "." else f"{display.rstrip('/')}/{relative}"
        yield Target(shown, found.path, found.text, found.problem)


def discover(paths: Sequence[str], cwd: Path) -> list[Target]:
    """The manifests to check: files as given, manifests found in directories, ``-`` for
    standard input; with no path, ``transfer-advisor.yaml`` (or a variant) in ``cwd``."""
    if not paths:
        found = [Target(name, cwd / name) for name in DEFAULT_NAMES if (cwd / name).is_file()]
        if not found:
            raise CheckError(
                "no manifest given and no transfer-advisor.yaml in the current directory: "
                "pass files or directories, or '-' for standard input"
            )
        return found
    targets: list[Target] = []
    seen: set[str] = set()
    folders: list[str] = []

    def add(target: Target) -> None:
        key = STDIN_NAME if target.path is None else os.path.realpath(target.path)
        if key not in seen:
            seen.add(key)
            targets.append(target)

    for raw in paths:
        if raw == "-":
            add(Target(STDIN_NAME, None))
            continue
        path = Path(raw) if os.path.isabs(raw) else cwd / raw
        if path.is_dir():
            folders.append(raw)
            for target in _walk(_display(raw), path):
                add(target)
        else:
            add(Target(_display(raw), path))  # a missing file is reported as invalid
    if not targets:
        where = ", ".join(_display(f) for f in folders)
        raise CheckError(f"no manifests found in {where} (a manifest is a YAML file with "
                         "'model:' and 'data:' sections, or named transfer-advisor.yaml)")  # fmt: skip
    return targets
