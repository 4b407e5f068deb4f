"""Catalog models to suggest: which models read the data, know its domain, do the task.

Suggestions are short (the smallest model of each family, preferred kinds first) and memoised
on the catalog, which never changes while the process runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from transfer_advisor.advice.plan import _remember
from transfer_advisor.catalog import Catalog, ModelEntry


def _suggest(
    catalog: Catalog,
    wanted: Iterable[str],
    *,
    key: str,
    primary: str | None = None,
    modalities: Iterable[str] | None = None,
    limit: int = 3,
) -> list[str]:
    """Up to ``limit`` catalog models whose ``key`` (modality or a domain) is in ``wanted``:
    the smallest of each family, those of the ``primary`` modality first, then
    instruction-tuned ones, so the list is short and useful. Memoised per catalog."""
    allowed = frozenset(modalities) if modalities is not None else None
    cache_key = (key, frozenset(wanted), primary, allowed, limit)
    cached = catalog.suggestions.get(cache_key)
    if cached is not None:
        return cached

    def rank(entry: ModelEntry) -> tuple[bool, bool, bool, int, str]:
        # Open weights before hosted ones, whose size is often not published.
        return (entry.modality != primary if primary else False, not entry.instruction_tuned,
                entry.parameters is None, entry.parameters or 0, entry.name)  # fmt: skip

    best: dict[str, ModelEntry] = {}
    for entry in catalog.models:
        values = {entry.modality} if key == "modality" else set(entry.domains)
        if not values & cache_key[1] or (allowed is not None and entry.modality not in allowed):
            continue
        current = best.get(entry.family)
        if current is None or rank(entry) < rank(current):
            best[entry.family] = entry
    found = [e.name for e in sorted(best.values(), key=rank)[:limit]]
    _remember(catalog.suggestions, cache_key, found)  # bounded: domains come from the input
    return found
