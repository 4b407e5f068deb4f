"""The data files shipped inside the package, read through a JSON snapshot when it is fresh.

The YAML files (the default rulebook, the model and GPU catalogs, the estimate constants) are
the source of truth: people read, review and edit them. Parsing them is most of what a single
``advise`` or ``check`` costs at start-up (libyaml needs about 16 ms for the four files, the
standard ``json`` module under 1 ms for the same data), so the package also ships
``data/_snapshot.json``: for each file, its size, its CRC-32 and the data it parses to.

A snapshot entry is used only while it still describes the file byte for byte; a file edited
without refreshing the snapshot is parsed from its YAML as before, so the snapshot can make the
tool slower but never wrong. The test suite fails when the snapshot is stale; refresh it with
``python -m transfer_advisor._internal.shipped``.
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path
from typing import Any

from transfer_advisor._internal.yaml import load_trusted

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SNAPSHOT_PATH = PACKAGE_DIR / "data" / "_snapshot.json"
#: Paths of the shipped YAML files, relative to the package directory.
SHIPPED_FILES = (
    "data/estimates.yaml",
    "data/gpus.yaml",
    "data/models.yaml",
    "data/recipes.yaml",
    "rules/default.yaml",
)

_snapshot: dict[str, Any] | None = None


def shipped_text(relative: str) -> str:
    """The text of one shipped file."""
    return (PACKAGE_DIR / relative).read_text(encoding="utf-8")


def _fingerprint(text: str) -> dict[str, int]:
    raw = text.encode("utf-8")
    return {"size": len(raw), "crc32": zlib.crc32(raw)}


def _load_snapshot() -> dict[str, Any]:
    global _snapshot
    if _snapshot is None:
        try:
            loaded = json.loads(SNAPSHOT_PATH.read_bytes())
        except (OSError, ValueError, RecursionError):
            loaded = {}
        files = loaded.get("files") if isinstance(loaded, dict) else None
        _snapshot = files if isinstance(files, dict) else {}
    return _snapshot


def shipped_data(relative: str, text: str | None = None) -> Any:
    """The parsed data of one shipped file: from the snapshot if it is fresh, else its YAML."""
    if text is None:
        text = shipped_text(relative)
    entry = _load_snapshot().get(relative)
    # Anything unexpected in the snapshot (a damaged file, another layout) means: read the YAML.
    if (
        isinstance(entry, dict)
        and "data" in entry
        and entry.get("fingerprint") == _fingerprint(text)
    ):
        return entry["data"]
    return load_trusted(text)


def build_snapshot() -> str:
    """The JSON text of a fresh snapshot of every shipped file.

    Raises ValueError when a file holds data that JSON cannot carry unchanged (a date, a
    non-string key): such a file could not be served from the snapshot.
    """
    files = {}
    for relative in SHIPPED_FILES:
        text = shipped_text(relative)
        data = load_trusted(text)
        if json.loads(json.dumps(data)) != data:
            raise ValueError(f"{relative}: its data does not survive a JSON round trip")
        files[relative] = {"fingerprint": _fingerprint(text), "data": data}
    snapshot = {
        "about": "Generated from the YAML files beside it by `python -m transfer_advisor._internal.shipped`;"
        " do not edit. Entries that no longer match their file are ignored.",
        "files": files,
    }
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def main() -> None:
    """Refresh the snapshot (``--check``: only say whether it is fresh, exit 1 if not)."""
    fresh = build_snapshot()
    current = SNAPSHOT_PATH.read_text(encoding="utf-8") if SNAPSHOT_PATH.exists() else ""
    if "--check" in sys.argv[1:]:
        if fresh != current:
            sys.stderr.write(
                f"{SNAPSHOT_PATH} is stale: run python -m transfer_advisor._internal.shipped\n"
            )
            sys.exit(1)
        return
    if fresh != current:
        SNAPSHOT_PATH.write_text(fresh, encoding="utf-8")
        sys.stdout.write(f"wrote {SNAPSHOT_PATH}\n")
    else:
        sys.stdout.write(f"{SNAPSHOT_PATH} is up to date\n")


if __name__ == "__main__":
    main()
