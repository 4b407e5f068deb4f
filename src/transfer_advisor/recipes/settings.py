"""The training settings a recipe takes from the manifest where it states them (precision,
parallelism and offload, optimizer, LoRA layers), else the recipe's own choices, with what was
assumed or noted on the way: the estimate counts the stated settings, so the config writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transfer_advisor.catalog import Catalog
from transfer_advisor.estimate.results import LORA_PRESETS
from transfer_advisor.manifest import Manifest
from transfer_advisor.recipes.defaults import RecipeDefaults
from transfer_advisor.recipes.model import Precision

__all__ = ["distribution", "optimizer", "precision", "stated_targets"]


def stated_targets(
    manifest: Manifest, family: str | None, d: RecipeDefaults, notes: list[str]
) -> list[str] | None:
    """The module names of the layers training.lora_targets names (the estimate counts only
    those), from recipes.yaml lora.layer_roles; None where it names every layer, or where the
    family's names are not known (a note says so)."""
    stated = manifest.training.lora_targets
    if stated is None or stated == "all":
        return None
    roles = LORA_PRESETS[stated] if isinstance(stated, str) else tuple(dict.fromkeys(stated))
    if set(roles) == set(LORA_PRESETS["all"]):
        return None
    table = d.lora.layer_roles.by_family if d.lora.layer_roles is not None else {}
    names = table.get(family or "")
    said = stated if isinstance(stated, str) else ", ".join(stated)
    if names is None:
        of = f"family {family!r}" if family else "this model's family (unknown)"
        notes.append(f"training.lora_targets ({said}) is not written: no layer names for {of} "
                     "in recipes.yaml (lora.layer_roles); set the trainer's target modules to "
                     "those layers, as the estimate counts only them")  # fmt: skip
        return None
    if any(role not in names for role in roles):
        notes.append(f"training.lora_targets ({said}) is not written: family {family!r} has no "
                     f"separate module for {', '.join(r for r in roles if r not in names)} in "
                     "recipes.yaml (lora.layer_roles); set the trainer's target modules by hand")  # fmt: skip
        return None
    return list(dict.fromkeys(name for role in roles for name in names[role]))  # type: ignore[index]


#: The manifest's training.precision as the trainers' switch: bf16, fp16 or neither (fp32).
_PRECISION: dict[str, Precision] = {
    "bf16-mixed": "bf16",
    "bf16-true": "bf16",
    "fp16-mixed": "fp16",
    "fp32": "fp32",
}
#: The manifest's optimizer as transformers' OptimizerNames (the others are spelled alike).
_OPTIMIZER = {"adamw": "adamw_torch"}


def precision(
    manifest: Manifest,
    facts: Mapping[str, Any],
    catalog: Catalog,
    assumed: list[str],
    notes: list[str],
) -> tuple[Precision, str | None]:
    """The precision the config trains in, and the estimator's setting for it where the
    manifest leaves it unset and it is not the estimator's default (bf16 mixed)."""
    stated = manifest.training.precision
    gpu = catalog.gpu(facts["budget.gpu"]) if facts["budget.gpu"] else None
    if stated is not None:
        # Written as stated; what the advice warns of it (precision/no-bf16,
        # precision/fp16-overflow) is said here too.
        chosen = _PRECISION[stated]
        if chosen == "bf16" and gpu is not None and gpu.bf16 is False:
            notes.append(f"training.precision {stated} on {facts['budget.gpu']}, which has no "
                         "bf16: the trainer refuses or emulates it (precision/no-bf16)")  # fmt: skip
        if chosen == "fp16" and facts["model.fp16_unstable"]:
            notes.append(f"training.precision {stated}, but {manifest.model.name}'s activations "
                         "overflow fp16 (precision/fp16-overflow): bf16 or fp32 instead")  # fmt: skip
        return chosen, None
    if gpu is None and facts["budget.gpu"]:
        assumed.append(f"bf16 ({facts['budget.gpu']} is not in the catalog: set "
                       "training.precision fp16-mixed if it is older than Ampere)")  # fmt: skip
        return "bf16", None
    if gpu is None or gpu.bf16 is None:
        assumed.append("bf16 (no GPU named: fp16 instead on GPUs older than Ampere, T4 or V100)")
        return "bf16", None
    if gpu.bf16:
        return "bf16", None
    if facts["model.fp16_unstable"]:
        # The rulebook's fp16_unstable_families: activations that overflow fp16's range.
        notes.append(f"fp32: {facts['budget.gpu']} has no bf16 and {manifest.model.name}'s "
                     "activations overflow fp16 (the rulebook's fp16_unstable_families)")  # fmt: skip
        return "fp32", "fp32"
    return "fp16", "fp16-mixed"


def distribution(manifest: Manifest, gpus: int) -> tuple[str | None, bool]:
    """How the GPUs share the run (the manifest's training.parallelism; DeepSpeed ZeRO-3, fully
    sharded, where it is unset, which the fit then estimates) and whether states are offloaded
    to the CPU. None on one GPU without offload: nothing to share."""
    training = manifest.training
    offload = bool(training.cpu_offload)
    if gpus == 1 and not offload:
        return None, False
    parallelism = training.parallelism or "zero3"
    if gpus == 1 and parallelism == "ddp":
        return None, False
    return parallelism, offload


def optimizer(manifest: Manifest, d: RecipeDefaults, technique: str) -> str:
    """The manifest's optimizer, which the estimate counts, else the recipe default."""
    stated = manifest.training.optimizer
    if stated is not None:
        return _OPTIMIZER.get(stated, stated)
    return str(d.optimizer[technique].value)  # type: ignore[index]
