"""What-if: where the recommendation flips along data volume and budget, for one use case.

The engine is run again with only the number of labeled examples changed (and, for the second
ladder, with an unlimited budget), so the flip points come from the active rulebook and the
estimates, not from a copy of the thresholds. Pure: no I/O.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from transfer_advisor.advice.engine import advise
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.manifest import Manifest, manifest_from_mapping
from transfer_advisor.rules.load import default_rulebook
from transfer_advisor.rules.rulebook import Rulebook

#: The largest data volume explored.
MAX_EXAMPLES = 10_000_000
_UNLIMITED_USD = 1e12


def _grid(rulebook: Rulebook, current: int) -> list[int]:
    points = {0, current, MAX_EXAMPLES}
    value = 1
    while value < MAX_EXAMPLES:
        points.update({value, 2 * value, 5 * value})
        value *= 10
    for threshold in rulebook.thresholds.values():
        if isinstance(threshold, int | float) and 0 <= threshold <= MAX_EXAMPLES:
            points.update({int(threshold) - 1, int(threshold)})
    return sorted(p for p in points if 0 <= p <= MAX_EXAMPLES)


def _ladder(strategy_at: Any, grid: list[int]) -> list[dict[str, Any]]:
    """Bands of equal strategy, finding each flip between grid points by bisection."""
    values = [strategy_at(n) for n in grid]
    flips: list[int] = []
    for (low, a), (high, b) in itertools.pairwise(zip(grid, values, strict=True)):
        if a == b:
            continue
        lo, hi = low, high  # strategy_at(lo) == a, strategy_at(hi) != a
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if strategy_at(mid) == a:
                lo = mid
            else:
                hi = mid
        flips.append(hi)
    bands: list[dict[str, Any]] = []
    start = 0
    for flip in [*flips, None]:
        strategy = strategy_at(start)
        end = None if flip is None else flip - 1
        if bands and bands[-1]["strategy"] == strategy:
            bands[-1]["to"] = end
        else:
            bands.append({"strategy": strategy, "from": start, "to": end})
        if flip is not None:
            start = flip
    return bands


def what_if(
    manifest: Manifest | Mapping[str, Any],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """The data-volume ladder for this use case as it is, and with an unlimited budget (a
    :class:`Manifest` or a plain mapping; the ``what_if`` of ``advise --what-if`` JSON): where
    full fine-tuning starts then, what it costs there, and whether only ``budget.level: low``
    stands in its way (the money given covers it)."""
    if not isinstance(manifest, Manifest):
        manifest = manifest_from_mapping(manifest)
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    cache: dict[tuple[int, bool], Any] = {}

    def variant(examples: int, unlimited: bool) -> Manifest:
        update: dict[str, Any] = {
            "data": manifest.data.model_copy(update={"labeled_examples": examples})
        }
        if unlimited:
            update["budget"] = manifest.budget.model_copy(
                update={"usd": _UNLIMITED_USD, "gpu_hours": None, "level": "high"}
            )
        return manifest.model_copy(update=update)

    def run(examples: int, unlimited: bool) -> Any:
        key = (examples, unlimited)
        if key not in cache:
            cache[key] = advise(variant(examples, unlimited), rulebook, catalog=catalog)
        return cache[key]

    grid = _grid(rulebook, manifest.data.labeled_examples)
    current = _ladder(lambda n: run(n, False).strategy, grid)
    unlimited = _ladder(lambda n: run(n, True).strategy, grid)
    result: dict[str, Any] = {
        "examples": manifest.data.labeled_examples,
        "strategy": run(manifest.data.labeled_examples, False).strategy,
        "ladder": current,
        "ladder_unlimited_budget": unlimited,
        "full_fine_tune_from": None,
        "full_fine_tune_usd": None,
        "full_fine_tune_level_blocks": False,
    }
    # Where full fine-tuning starts once money is no object, and what it costs there.
    for band in unlimited:
        if band["strategy"] == "full_fine_tune":
            start = band["from"]
            result["full_fine_tune_from"] = start
            estimates = run(start, True).estimates or {}
            usd = (estimates.get("full") or {}).get("usd") or {}
            result["full_fine_tune_usd"] = usd.get("high")
            # Where the money given already covers it, only budget.level low stands in its way.
            given = manifest.budget.usd
            result["full_fine_tune_level_blocks"] = bool(
                manifest.budget.level == "low" and given is not None
                and usd.get("high") is not None and given >= usd["high"]
            )  # fmt: skip
            break
    return result
