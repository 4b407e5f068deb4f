"""Which files in a directory are manifests: one answer for ``check`` and ``batch``.

A file named like a manifest (``transfer-advisor.yaml``, ``.transfer-advisor.yml``,
``contracts.transfer-advisor.yaml``) always is one. Any other YAML or JSON file is one when it
has top-level ``model`` and ``data`` sections, so a repository's CI files, rulebooks and
configurations are passed over. Hidden folders and vendored ones (``node_modules``, virtual
environments) are not entered. The order is stable: a folder's files by name, then its
subfolders by name.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from ._files import read_text_file
from .errors import TransferAdvisorError

#: A file with such a name is a manifest wherever it is found (the pre-commit hook's pattern).
MANIFEST_NAME = re.compile(r"^(?:\.?transfer-advisor|[^/]+\.transfer-advisor)\.ya?ml$")
_SUFFIXES = (".yaml", ".yml", ".json")
_SECTION_MODEL = re.compile(r"^model[ \t]*:", re.MULTILINE)
_SECTION_DATA = re.compile(r"^data[ \t]*:", re.MULTILINE)
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


def looks_like_manifest(text: str, *, json_text: bool = False) -> bool:
    """A YAML text with top-level ``model:`` and ``data:`` sections (a cheap test, no parse),
    or, with ``json_text``, a JSON object with ``model`` and ``data`` keys."""
    if not json_text:
        return bool(_SECTION_MODEL.search(text) and _SECTION_DATA.search(text))
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and "model" in data and "data" in data


def walk_manifests(root: Path) -> Iterator[tuple[str, Path, str | None]]:
    """``(path relative to root with /, path, text if it had to be read)`` of each manifest."""
    # Folders that cannot be read are passed over, as `find` would.
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        relative = os.path.relpath(folder, root)
        for name in sorted(filenames):
            shown = (name if relative == "." else f"{relative}/{name}").replace(os.sep, "/")
            path = Path(folder, name)
            if MANIFEST_NAME.match(name):
                yield shown, path, None
                continue
            if name.startswith(".") or not name.lower().endswith(_SUFFIXES):
                continue
            try:
                text = read_text_file(str(path), TransferAdvisorError)
            except TransferAdvisorError:
                continue  # not named like a manifest, and not readable as one: not ours
            if looks_like_manifest(text, json_text=name.lower().endswith(".json")):
                yield shown, path, text
