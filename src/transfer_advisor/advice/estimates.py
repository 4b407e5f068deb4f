"""The bridge from a manifest to the estimator: memory, time and cost, and their facts.

The estimator is imported on first use (only once a parameter count is known). The model's
shape comes from the manifest's config.json, else the catalog entry's config block, else the
parameter count alone; the training setup from the manifest and the rulebook's defaults. The
results become the ``estimates.*`` facts and the JSON form of the recommendation's estimates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from transfer_advisor.advice.facts import gather_facts
from transfer_advisor.advice.plan import _remember, decision_plan
from transfer_advisor.advice.relatives import same_checkpoint
from transfer_advisor.advice.situation import NOT_PROMPTED_TASKS
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.estimate.results import LORA_PRESETS, upper_bound
from transfer_advisor.estimate.shape import ModelShape
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.facts import ESTIMATE_TECHNIQUES
from transfer_advisor.rules.load import default_rulebook
from transfer_advisor.rules.rulebook import Rulebook

if TYPE_CHECKING:
    from transfer_advisor.estimate.results import Estimates, Range, TrainingSetup

_Estimator = tuple["type[TrainingSetup]", Callable[..., "Estimates"]]
_ESTIMATOR: _Estimator | None = None


def _load_estimator() -> _Estimator:
    global _ESTIMATOR
    from transfer_advisor.estimate.memory import estimate
    from transfer_advisor.estimate.results import TrainingSetup

    _ESTIMATOR = (TrainingSetup, estimate)
    return _ESTIMATOR


def estimate_for(
    manifest: Manifest,
    facts: Mapping[str, Any],
    rulebook: Rulebook,
    *,
    catalog: Catalog | None = None,
) -> Estimates | None:
    """Memory, time and cost of each technique for this manifest (None without a parameter
    count). Uses the facts already gathered (with ``catalog``, the shipped one by default), so
    the defaults match the advice."""
    catalog = catalog if catalog is not None else default_catalog()
    return _estimate(manifest, manifest.model_config_facts, facts, rulebook, catalog, explain=True)


def _catalog_shape(catalog: Catalog, name: str | None) -> ModelShape | None:
    """The shape the ``config`` block of catalog model ``name`` describes, if it has one.

    Counted by hfconfig from the block exactly as from a config.json, once per catalog.
    """
    entry = catalog.model(name) if name is not None else None
    if entry is None or entry.config is None:
        return None
    shape = catalog.shapes.get(entry.name)
    if shape is None:
        from transfer_advisor.estimate.hfconfig import count_parameters

        counted = count_parameters(entry.config.as_config(), source=entry.name)
        source = f"the catalog's config.json values for {entry.name}"
        shape = catalog.shapes[entry.name] = replace(counted.shape, source=source)
    return shape


def _estimate(
    manifest: Manifest,
    config: Any,
    facts: Mapping[str, Any],
    rulebook: Rulebook,
    catalog: Catalog,
    *,
    explain: bool = False,
    sequence: int | None = None,
    sharded: bool = False,
) -> Estimates | None:
    """The estimates for the advice: figures only, unless ``explain`` (the memory terms with
    their explanations, which the advice never shows); training holds ``sequence`` tokens per
    sequence where given (the longest example), else the manifest's or the average. With
    ``sharded``, what the GPUs can hold: a stated parallelism that keeps a copy of the weights
    on each GPU (DDP, ZeRO-2) is a setting to change, not a limit of the hardware, so the
    default sharding (FSDP) is estimated instead."""
    parameters = facts["model.parameters"]
    if parameters is None or facts["model.weights"] != "open":
        # No size, or a hosted model: its provider trains and serves it, on its own GPUs.
        return None
    # Imported on first use: the estimator is only needed once a parameter count is known.
    estimator = _ESTIMATOR or _load_estimator()
    setup_class, estimate = estimator
    plan = decision_plan(rulebook)
    # The shape: the manifest's config.json, else the catalog entry's config block, each only
    # while it describes the model the advice counts (a manifest's own `parameters` that
    # differs from it means another model); else the parameter count alone.
    shape: ModelShape | None = None
    known = (
        config.shape
        if config is not None
        else _catalog_shape(catalog, facts["model.catalog_name"] or facts["model.shape_of"])
    )
    if known is not None and same_checkpoint(known.parameters, parameters):
        shape = known
        if known.parameters != parameters:  # say so: the estimates count the config's
            # The count may be the manifest's or the name's ("70B"): "the", not "the stated".
            shape = replace(known, source=f"{known.source or 'the config'} (the "
                            f"{parameters:,} parameters taken as its {known.parameters:,}, "
                            "rounded)")  # fmt: skip
    active = facts["model.active_parameters"]
    active = active if active is not None and active < parameters else None
    if shape is None:
        key = (parameters, type(parameters), active)
        shape = plan.shapes.get(key)
        if shape is None:
            shape = ModelShape(parameters=parameters, active_parameters=active)
            _remember(plan.shapes, key, shape)
    elif shape.active_parameters != active:
        shape = replace(shape, active_parameters=active)
    training = manifest.training
    avg_tokens = int(facts["data.avg_tokens_per_example"] or 1)
    context = facts["model.context_window"]
    longest = facts["data.max_tokens_per_example"]
    sequence = (
        sequence
        or held_sequence(training.sequence_length, longest)
        or (min(avg_tokens, context) if context else avg_tokens)
    )
    setup = setup_class(
        examples=facts["data.labeled_examples"],
        avg_tokens=avg_tokens,
        sequence_length=sequence,
        # A request longer than the window is cut to it before it reaches the KV cache.
        request_tokens=(min(longest, context) if context else longest) if longest else None,
        micro_batch_size=training.micro_batch_size or plan.micro_batch_size,
        gradient_checkpointing=bool(
            plan.gradient_checkpointing
            if training.gradient_checkpointing is None
            else training.gradient_checkpointing
        ),
        lora_rank=training.lora_rank or plan.lora_rank,
        epochs=float(training.epochs or plan.epochs),
        gpus=facts["budget.gpus"],
        gpu_memory_gb=facts["budget.gpu_memory_gb"],
        gpu_bf16_tflops=facts["budget.gpu_bf16_tflops"],
        gpu_usd_per_hour=facts["budget.gpu_usd_per_hour"],
        # Only a model that can be prompted with examples has a few-shot prompt to pay for, and
        # not for embeddings, which a prompt cannot give (LLM2Vec, Sec. 1).
        prompt_examples=(
            facts["examples.in_prompt"]
            if facts["model.promptable"] and facts["task.type"] not in NOT_PROMPTED_TASKS
            else 0
        ),
        weight_bits=facts["model.quantized_bits"],
        serving_bits=facts["model.serving_bits"],
        **_memory_choices(training, sharded and facts["budget.gpus"] > 1),
    )
    return estimate(shape, setup, explain=explain)


#: Parallelisms that keep a full copy of the weights on each GPU (ZeRO stage 2 shards only
#: the gradients and optimizer states: Rajbhandari et al. 2020, Sec. 5).
UNSHARDED = ("ddp", "zero2")


def _memory_choices(training: Any, sharded: bool = False) -> dict[str, Any]:
    """The manifest's LoRA targets, precision, attention, optimizer and parallelism, where it
    sets them; the setup's defaults (adapters on every linear layer, bf16 mixed precision,
    fused attention, AdamW (paged for QLoRA), FSDP-style sharding, no offload) else."""
    out: dict[str, Any] = {}
    targets = training.lora_targets
    if targets is not None:
        out["lora_targets"] = (
            LORA_PRESETS[targets] if isinstance(targets, str) else tuple(dict.fromkeys(targets))
        )
    if training.precision is not None:
        out["precision"] = training.precision
    if training.attention is not None:
        out["attention"] = training.attention
    if training.optimizer is not None:
        out["optimizer"] = training.optimizer
    if training.parallelism is not None and not (sharded and training.parallelism in UNSHARDED):
        out["parallelism"] = training.parallelism
    if training.cpu_offload is not None:
        out["cpu_offload"] = training.cpu_offload
    return out


def estimate_manifest(
    manifest: Manifest, rulebook: Rulebook | None = None, *, catalog: Catalog | None = None
) -> tuple[Estimates | None, dict[str, Any]]:
    """The estimates alone (for ``transfer-advisor estimate``), with the facts they used."""
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    facts, _ = gather_facts(manifest, rulebook, catalog)
    return estimate_for(manifest, facts, rulebook, catalog=catalog), facts


_PLAN_TECHNIQUE = {"lora": "lora", "qlora": "qlora", "full": "full", "adapters": "lora"}
#: Per technique: the keys of its facts (fits, memory, GPU-hours, USD).
_ESTIMATE_KEYS = tuple(
    (t, f"estimates.{t}.fits", f"estimates.{t}.memory_gb", f"estimates.{t}.gpu_hours",
     f"estimates.{t}.usd")
    for t in ESTIMATE_TECHNIQUES
)  # fmt: skip
#: The estimate facts when nothing can be estimated (no parameter count).
_NO_ESTIMATE_FACTS: dict[str, Any] = {
    "estimates.known": False,
    **{key: None for keys in _ESTIMATE_KEYS for key in keys[1:]},
    **{f"estimates.{t}.host_memory_gb": None for t in ESTIMATE_TECHNIQUES[:3]},
    "estimates.fitting": (),
    "estimates.qlora.sequence_percent": None,
    "estimates.plan.fits": None,
    "estimates.plan.memory_gb": None,
    "estimates.plan.host_memory_gb": None,
    "estimates.plan.sharded_fits": None,
    **{
        f"estimates.stated.{t}.{k}": None
        for t in ("full", "lora", "qlora")
        for k in ("fits", "memory_gb")
    },
    "estimates.prompt_tokens_per_request": None,
    "estimates.break_even_requests": None,
}


def held_sequence(stated: int | None, longest: int | None) -> int | None:
    """The tokens a batch holds under ``training.sequence_length``: no more than the longest
    example, as the trainers the recipes write for pad a batch to its own longest example
    (Transformers' padding "longest"; no recipe packs examples) and truncate at the cap."""
    return min(stated, longest) if stated and longest else stated


def planned_technique(manifest: Manifest) -> str | None:
    """The estimate the plan is checked against: its technique's, or a full fine-tune's."""
    plan = manifest.plan
    return _PLAN_TECHNIQUE.get(plan.technique or "") or (
        "full" if plan.strategy == "full_fine_tune" else None
    )


def longest_tokens(manifest: Manifest, facts: Mapping[str, Any]) -> int | None:
    """The tokens of the longest examples, cut to the window, where that is longer than what
    the estimates train on (the average, cut to the window) and no training.sequence_length
    cuts them: the sequence a batch holding one of them needs memory for. Else None."""
    longest = facts["data.max_tokens_per_example"]
    if not longest or manifest.training.sequence_length is not None:
        return None
    average = facts["data.avg_tokens_per_example"] or 1
    context = facts["model.context_window"]
    if context:
        longest, average = min(longest, context), min(average, context)
    return longest if longest > average else None


def _cents(value: Range | None) -> tuple[float | None, dict[str, float] | None]:
    """A range to two decimals: its high end (the fact rules read) and its JSON form; a high end
    above zero is at least 0.01 ("up to $0.01", not "up to $0.00")."""
    if value is None:
        return None, None
    high = upper_bound(value.high, 2)
    return high, {"low": round(value.low, 2) + 0.0, "high": high + 0.0}


def _estimate_facts(
    estimates: Estimates | None,
    manifest: Manifest,
    facts: dict[str, Any],
    stated: Estimates | None = None,
) -> dict[str, Any] | None:
    """Set the ``estimates.*`` facts and return the JSON form of the estimates for the
    recommendation (None without estimates), rounding each figure once for both.

    The memory terms are left out (``transfer-advisor estimate`` explains them); each
    technique's dict is the one ``TechniqueEstimate.to_dict(terms=False)`` gives.
    """
    if estimates is None:
        facts.update(_NO_ESTIMATE_FACTS)
        return None
    # ``stated``: the estimates with the manifest's own unsharded parallelism (DDP, ZeRO-2),
    # where it sets one for several GPUs; ``estimates`` then shard as the hardware allows.
    facts["estimates.known"] = True
    out: dict[str, Any] = {}
    fitting = []
    # With no labeled examples nothing is trained: no time or cost for rules to quote ("$0").
    nothing_to_train = facts["data.labeled_examples"] == 0
    for technique, fits_key, memory_key, hours_key, usd_key in _ESTIMATE_KEYS:
        item = getattr(estimates, technique)
        fits = item.fits
        memory = item.memory_gb
        high = round(memory.high, 1)
        facts[fits_key] = fits
        facts[memory_key] = high
        facts[hours_key], hours_out = _cents(item.gpu_hours)
        facts[usd_key], usd_out = _cents(item.usd)
        if nothing_to_train and technique != "in_context":
            facts[hours_key] = facts[usd_key] = None
        margin = item.margin_gb
        tensors = item.tensors_gb
        out[technique] = {
            "memory_gb": {"low": round(memory.low, 1) + 0.0, "high": high + 0.0},
            "tensors_gb": None
            if tensors is None
            else {"low": round(tensors.low, 1) + 0.0, "high": round(tensors.high, 1) + 0.0},
            "fits": fits,
            "margin_gb": None if margin is None else round(margin, 1) + 0.0,
            "gpu_hours": hours_out,
            "usd": usd_out,
            "trainable_parameters": item.trainable_parameters,
        }
        host = item.host_memory_gb
        if host is not None:
            out[technique]["host_memory_gb"] = {
                "low": round(host.low, 1) + 0.0,
                "high": round(host.high, 1) + 0.0,
            }
        if technique != "in_context":
            facts[f"estimates.{technique}.host_memory_gb"] = (
                None if host is None else round(host.high, 1) + 0.0
            )
        if technique != "in_context" and (fits == "yes" or fits == "tight"):
            fitting.append(technique)
    facts["estimates.fitting"] = tuple(fitting)
    # How much of QLoRA's memory grows with the sequence: where it is most, shorter sequences
    # (not more GPUs sharding the model) are what makes it fit.
    grows = estimates.qlora.sequence_gb
    facts["estimates.qlora.sequence_percent"] = (
        round(100 * grows.high / estimates.qlora.memory_gb.high) if grows is not None else None
    )
    planned = planned_technique(manifest)
    facts["estimates.plan.fits"] = facts.get(f"estimates.{planned}.fits") if planned else None
    facts["estimates.plan.memory_gb"] = (
        facts.get(f"estimates.{planned}.memory_gb") if planned else None
    )
    # As the manifest's parallelism sets it, where that keeps the weights on every GPU: the
    # plan is checked as it would run.
    facts["estimates.plan.sharded_fits"] = facts["estimates.plan.fits"]
    for technique in ("full", "lora", "qlora"):
        item = getattr(stated, technique) if stated is not None else None
        facts[f"estimates.stated.{technique}.fits"] = item.fits if item is not None else None
        facts[f"estimates.stated.{technique}.memory_gb"] = (
            round(item.memory_gb.high, 1) if item is not None else None
        )
    facts["estimates.plan.host_memory_gb"] = (
        facts.get(f"estimates.{planned}.host_memory_gb") if planned else None
    )
    if stated is not None and planned:
        facts["estimates.plan.fits"] = facts[f"estimates.stated.{planned}.fits"]
        facts["estimates.plan.memory_gb"] = facts[f"estimates.stated.{planned}.memory_gb"]
        host = getattr(stated, planned).host_memory_gb
        facts["estimates.plan.host_memory_gb"] = None if host is None else round(host.high, 1) + 0.0
    facts["estimates.prompt_tokens_per_request"] = estimates.prompt_tokens_per_request
    facts["estimates.break_even_requests"] = estimates.break_even_requests
    out["prompt_tokens_per_request"] = estimates.prompt_tokens_per_request
    out["break_even_requests"] = estimates.break_even_requests
    out["gpu"] = facts["budget.gpu"] or facts["budget.gpu_unlisted"]
    out["cost_gpu"] = facts["budget.cost_gpu"]
    out["gpus"] = facts["budget.gpus"]
    out["labeled_examples"] = facts["data.labeled_examples"]
    return out
