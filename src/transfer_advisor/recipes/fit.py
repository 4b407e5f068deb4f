"""Fitting a training setup to the GPUs with the memory estimator.

The largest micro-batch whose high memory estimate leaves the estimator's safety margin (its
``yes`` verdict: ``verdict.tight_margin`` in ``estimates.yaml``) on ``budget.gpu_memory_gb``,
first without gradient checkpointing, then, only when nothing fits without it, with it;
gradient accumulation makes up the effective batch. Every estimate goes through the advice's
own bridge (:func:`~transfer_advisor.advice.estimates.estimate_for`), so the recipe's figures
are those ``advise`` and ``estimate`` print for the same setup.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from transfer_advisor.advice.estimates import estimate_for
from transfer_advisor.catalog import Catalog
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.rulebook import Rulebook

__all__ = ["Fit", "fit_to_gpu"]


@dataclass(frozen=True, slots=True)
class Fit:
    """The fitted batch and memory settings of a recipe, and what the estimator says of them."""

    technique: str  # "full" | "lora" | "qlora" (the estimator's name)
    micro_batch_size: int
    gradient_accumulation_steps: int
    effective_batch_size: int
    gradient_checkpointing: bool
    fitted: bool  # False: no GPU memory known, nothing was fitted
    fits: str | None  # the estimator's verdict for this setup: yes | tight | no | None
    memory_gb: tuple[float, float] | None  # per GPU, low-high
    gpu_memory_gb: float | None
    gpu_hours: tuple[float, float] | None
    wall_clock_hours: tuple[float, float] | None
    usd: tuple[float, float] | None
    cost_gpu: str | None  # the GPU time and cost are priced on


def _setup(manifest: Manifest, **training: Any) -> Manifest:
    return manifest.model_copy(
        update={"training": manifest.training.model_copy(update=training)}, deep=False
    )


def _estimate(
    manifest: Manifest,
    facts: Mapping[str, Any],
    rulebook: Rulebook,
    catalog: Catalog,
    technique: str,
    **training: Any,
) -> Any:
    estimates = estimate_for(_setup(manifest, **training), facts, rulebook, catalog=catalog)
    return None if estimates is None else getattr(estimates, technique)


def _candidates(largest: int) -> list[int]:
    """Micro-batch sizes to try, largest first: powers of two up to ``largest``."""
    sizes = [1]
    while sizes[-1] * 2 <= largest:
        sizes.append(sizes[-1] * 2)
    return sizes[::-1]


def fit_to_gpu(
    manifest: Manifest,
    facts: Mapping[str, Any],
    rulebook: Rulebook,
    catalog: Catalog,
    *,
    technique: str,
    effective_batch: int,
    max_micro_batch: int,
    sequence_length: int,
    lora_rank: int,
    epochs: float,
    precision: str | None = None,
    parallelism: str | None = None,
) -> Fit:
    """The largest micro-batch (and, only if needed, gradient checkpointing) that fits.

    ``precision`` and ``parallelism`` are the estimator's settings where the recipe picks one
    the manifest does not state (``fp32``; ``zero3``); None keeps the manifest's (or the
    estimator's default)."""
    gpus = int(facts["budget.gpus"] or 1)
    fixed: dict[str, Any] = {"sequence_length": sequence_length, "lora_rank": lora_rank,
                             "epochs": epochs}  # fmt: skip
    if precision is not None:  # the recipe's own choice where the manifest sets none
        fixed["precision"] = precision
    if parallelism is not None:  # likewise: the ZeRO-3 it writes where none is set
        fixed["parallelism"] = parallelism
    largest = max(1, min(max_micro_batch, math.ceil(effective_batch / gpus)))
    chosen: tuple[int, bool, Any] | None = None
    fitted = facts["budget.gpu_memory_gb"] is not None
    if fitted:
        for checkpointing in (False, True):
            for size in _candidates(largest):
                item = _estimate(manifest, facts, rulebook, catalog, technique,
                                 micro_batch_size=size, gradient_checkpointing=checkpointing,
                                 **fixed)  # fmt: skip
                if item is not None and item.fits == "yes":
                    chosen = (size, checkpointing, item)
                    break
            if chosen is not None:
                break
    if chosen is None:
        # Nothing fits with the margin (or no GPU memory is known): the smallest footprint.
        item = _estimate(manifest, facts, rulebook, catalog, technique,
                         micro_batch_size=1, gradient_checkpointing=True, **fixed)  # fmt: skip
        chosen = (1, True, item)
    size, checkpointing, item = chosen
    accumulation = max(1, math.ceil(effective_batch / (size * gpus)))

    def pair(value: Any, scale: float = 1.0) -> tuple[float, float] | None:
        return None if value is None else (value.low / scale, value.high / scale)

    return Fit(
        technique=technique,
        micro_batch_size=size,
        gradient_accumulation_steps=accumulation,
        effective_batch_size=size * accumulation * gpus,
        gradient_checkpointing=checkpointing,
        fitted=fitted,
        fits=None if item is None else item.fits,
        memory_gb=None if item is None else pair(item.memory_gb),
        gpu_memory_gb=facts["budget.gpu_memory_gb"],
        gpu_hours=None if item is None else pair(item.gpu_hours),
        wall_clock_hours=None if item is None else pair(item.gpu_hours, gpus),
        usd=None if item is None else pair(item.usd),
        cost_gpu=facts["budget.cost_gpu"],
    )
