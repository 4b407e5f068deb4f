"""Loading a rulebook: reading its file and the files it ``extends``, and merging them.

A rulebook file is validated with pydantic (``model``); ``extends:`` (``default`` or a path)
merges it over another rulebook by threshold name, table name, fact name and rule id, and
``disable:`` removes rules by id. The merged result is compiled once (``compile``), and every
problem is reported at its file, line and column.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from transfer_advisor._internal.construct import construct
from transfer_advisor._internal.shipped import shipped_data, shipped_text
from transfer_advisor._internal.validation import validation_problems
from transfer_advisor._internal.yaml import LazyDocument
from transfer_advisor.errors import RulebookError
from transfer_advisor.manifest import read_text
from transfer_advisor.rules.compile import _compile, _Merged
from transfer_advisor.rules.model import RulebookFile
from transfer_advisor.rules.rulebook import Origin, Rulebook, _located


def _parse_file(text: str, source: str, trusted: bool = False) -> tuple[RulebookFile, LazyDocument]:
    lazy = LazyDocument(text, source, RulebookError)
    if trusted:
        return construct(RulebookFile, shipped_data(_DEFAULT_FILE, text)), lazy
    document = lazy.get()
    if not isinstance(document.data, dict):
        raise RulebookError("a rulebook must be a mapping", source=source, line=1, column=1)
    try:
        parsed = RulebookFile.model_validate(document.data)
    except ValidationError as exc:
        raise validation_problems(
            exc, source=source, document=document, error=RulebookError, model=RulebookFile
        ) from None
    return parsed, lazy


DEFAULT_NAME = "default"
#: The source name of the shipped rulebook; only this text is loaded without validation.
_DEFAULT_SOURCE = "<default rulebook>"
_DEFAULT_FILE = "rules/default.yaml"


def default_rulebook_text() -> str:
    """The text of the rulebook shipped with the package."""
    return shipped_text(_DEFAULT_FILE)


def _merge(merged: _Merged, parsed: RulebookFile, document: LazyDocument, source: str) -> None:
    def origin(*path: str | int) -> Origin:
        return Origin(source, document, path)

    merged.sources.append(source)
    if parsed.name:
        merged.name = parsed.name
    if parsed.description:
        merged.description = parsed.description
    for key, value in parsed.thresholds.items():
        merged.thresholds[key] = (value, origin("thresholds", key))
    for key in parsed.tables.model_fields_set:
        merged.tables[key] = (getattr(parsed.tables, key), origin("tables", key))
    sections: list[tuple[str, dict[str, Any], list[Any]]] = [
        ("strategy", merged.strategy, parsed.strategy),
        ("technique", merged.technique, parsed.technique),
        ("findings", merged.findings, parsed.findings),
    ]
    seen: dict[str, str] = {}
    for i, fact in enumerate(parsed.facts):
        merged.facts[fact.name] = (fact, origin("facts", i))
    for section, target, items in sections:
        for i, rule in enumerate(items):
            if rule.id in seen:
                raise _located(origin(section, i), f"duplicate rule id {rule.id!r}", "id")
            seen[rule.id] = section
            # Overriding a rule keeps its place in the order; a new rule goes last, or just
            # before the rule its `before:` names.
            before = getattr(rule, "before", None)
            if before is not None and rule.id not in target:
                if before not in target:
                    raise _located(origin(section, i), f"'before' names unknown rule {before!r}",
                                   "before")  # fmt: skip
                items = list(target.items())
                at = [k for k, _ in items].index(before)
                items.insert(at, (rule.id, (rule, origin(section, i))))
                target.clear()
                target.update(items)
            else:
                target[rule.id] = (rule, origin(section, i))
    if parsed.bands:
        merged.bands = (parsed.bands, origin("bands"))
    for i, names in enumerate(parsed.ordered_thresholds):
        merged.ordered.append((names, origin("ordered_thresholds", i)))
    for key, whys in parsed.alternatives.items():
        merged.alternatives[key] = (whys, origin("alternatives", key))
    for key, steps in parsed.next_steps.items():
        merged.next_steps[key] = (steps, origin("next_steps", key))
    for i, rule_id in enumerate(parsed.disable):
        merged.disabled.append(rule_id)
        known = rule_id in merged.strategy or rule_id in merged.technique
        group = any(r.startswith(rule_id + "/") for r in merged.findings)
        if not (known or group or rule_id in merged.findings):
            raise _located(origin("disable", i), f"cannot disable unknown rule {rule_id!r}")


def _resolve_extends(
    parsed: RulebookFile, document: LazyDocument, source: str, base_dir: Path | None, depth: int
) -> tuple[str, str, Path | None, bool] | None:
    if parsed.extends is None:
        return None
    if depth > 8:
        raise _located(Origin(source, document, ()), "extends nests too deeply (a cycle?)",
                       "extends")  # fmt: skip
    if parsed.extends == DEFAULT_NAME:
        return default_rulebook_text(), _DEFAULT_SOURCE, None, True
    target = Path(parsed.extends)
    if not target.is_absolute() and base_dir is not None:
        target = base_dir / target
    try:
        text = read_text(target, error=RulebookError, regular_only=True)
    except RulebookError as exc:
        raise _located(Origin(source, document, ()), f"cannot read extended rulebook "
                       f"{str(target)!r}: {exc.message}", "extends") from None  # fmt: skip
    return text, os.fspath(target), target.parent, False


def _collect(
    text: str, source: str, base_dir: Path | None, merged: _Merged, depth: int, trusted: bool
) -> None:
    # Only the shipped text itself is trusted, never a file that happens to have its name.
    merged.texts.append(text)
    parsed, document = _parse_file(text, source, trusted=trusted)
    parent = _resolve_extends(parsed, document, source, base_dir, depth)
    if parent is not None:
        _collect(parent[0], parent[1], parent[2], merged, depth + 1, parent[3])
    _merge(merged, parsed, document, source)


def load_rulebook_text(
    text: str,
    source: str = "<rulebook>",
    base_dir: Path | None = None,
    *,
    cache: bool | None = None,
) -> Rulebook:
    """Load, merge (``extends``) and compile a rulebook from its YAML text.

    With ``cache`` (default: on for the command line, off for the library) its compiled
    conditions are kept on disk and taken from there while nothing they depend on changes
    (see :mod:`transfer_advisor.rules.cache`); the files are read and validated either way.
    """
    merged = _Merged()
    _collect(text, source, base_dir, merged, 0, trusted=False)
    from transfer_advisor.rules import cache as disk

    folder = disk.directory() if (disk.ENABLED if cache is None else cache) else None
    if folder is None:
        return _compile(merged)
    key = disk.key_for(merged.texts)
    conditions = disk.load(folder, key)
    if conditions is not None:
        # These exact files compiled, and passed every check, with this very code before.
        return _compile(merged, trusted=True, conditions=conditions)
    rulebook = _compile(merged)
    disk.store(folder, key, rulebook)
    return rulebook


@functools.lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    """The rulebook shipped with the package (compiled once per process)."""
    from transfer_advisor.rules.precompiled import table_for

    text = default_rulebook_text()
    merged = _Merged()
    _collect(text, _DEFAULT_SOURCE, None, merged, 0, trusted=True)
    return _compile(merged, trusted=True, conditions=table_for(text))


def load_rulebook(
    path: str | os.PathLike[str] | None = None, *, cache: bool | None = None
) -> Rulebook:
    """Load a rulebook file, or the shipped default when ``path`` is None (``cache``: see
    :func:`load_rulebook_text`)."""
    if path is None:
        return default_rulebook()
    name = os.fspath(path)
    text = read_text(name, error=RulebookError)
    return load_rulebook_text(text, name, Path(name).resolve().parent, cache=cache)
