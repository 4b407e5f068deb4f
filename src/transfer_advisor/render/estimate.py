"""The output of ``transfer-advisor estimate``: its JSON document and its text rendering.

The document is the contract of ``estimate --format json``; the text is rendered with rich,
imported only when it is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from transfer_advisor.render.common import to_json

if TYPE_CHECKING:
    from transfer_advisor.estimate.results import Estimates
    from transfer_advisor.manifest import Manifest


def estimate_data(
    manifest: Manifest, estimates: Estimates, facts: Mapping[str, Any]
) -> dict[str, Any]:
    """The estimates of ``manifest`` as a JSON-ready document, with the GPUs they assumed."""
    return {"schema_version": 1, "name": manifest.name, "model": manifest.model.name,
            **estimates.to_dict(), "gpu": facts["budget.gpu"] or facts["budget.gpu_unlisted"],
            "cost_gpu": facts["budget.cost_gpu"], "gpus": facts["budget.gpus"],
            "labeled_examples": facts["data.labeled_examples"]}  # fmt: skip


def format_estimate(
    manifest: Manifest,
    estimates: Estimates,
    facts: Mapping[str, Any],
    fmt: str,
    *,
    color: bool = False,
    width: int = 100,
) -> str:
    """The estimates in ``fmt``: ``json``, or ``text`` (a table, then every memory term)."""
    data = estimate_data(manifest, estimates, facts)
    if fmt == "json":
        return to_json(data)
    from transfer_advisor.render.terminal import render_estimate

    return render_estimate(data, color=color, width=width)
