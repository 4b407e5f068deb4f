"""Gathering the facts of a manifest: everything a rulebook's conditions can read.

From the manifest, the model catalog (or a config.json) and the rulebook's tables: the model
and what is assumed about it, whether it can read the data's modality, language and domain (with
catalog suggestions when not), how many examples fit a prompt, and the GPUs. Per-model and
per-GPU work is memoised on the rulebook's plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, cast

from transfer_advisor.advice.plan import (
    _MODEL_MEMO_LIMIT,
    _MODELS_LIMIT,
    _Memo,
    _ModelInfo,
    _remember,
    decision_plan,
)
from transfer_advisor.advice.recommendation import ResolvedModel
from transfer_advisor.catalog import Catalog, ModelEntry
from transfer_advisor.errors import InputError
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.model import Tables
from transfer_advisor.rules.rulebook import Rulebook

_FINE_TUNING = frozenset({"peft", "full_fine_tune"})
_ASSUMABLE = ("architecture", "instruction_tuned", "context_window", "modality")
_FROM_CONFIG = ("parameters", "architecture", "context_window", "modality")


def _located_error(manifest: Manifest, path: tuple[str, ...], message: str) -> InputError:
    document = manifest.document
    mark = document.value_mark(path) if document is not None else None
    return InputError(
        message,
        source=document.source if document is not None else manifest.source,
        line=mark.line if mark else None,
        column=mark.column if mark else None,
        field=".".join(path),
    )


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


def _model_info(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog, memo: _Memo
) -> _ModelInfo:
    spec = manifest.model
    if config is not None:  # a config.json's facts: rare, not memoised
        return _model_facts(manifest, config, rulebook, catalog)
    key = (spec.name, spec.parameters, spec.architecture, spec.instruction_tuned,
           spec.context_window, spec.modality,
           None if spec.domains is None else tuple(spec.domains),
           None if spec.languages is None else tuple(spec.languages))  # fmt: skip
    info = memo.models.get(key)
    if info is None:
        info = _model_facts(manifest, None, rulebook, catalog)
        _remember(memo.models, key, info, _MODELS_LIMIT)
    return info


def _model_facts(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog
) -> _ModelInfo:
    """The model facts of ``manifest``; ``config`` is its ``model_config_facts``."""
    spec = manifest.model
    entry = catalog.model(spec.name)
    assumed_defaults: Mapping[str, object] = rulebook.tables.assumed_model
    assumed: list[str] = []
    values: dict[str, Any] = {}
    for name in ("parameters", "architecture", "instruction_tuned", "context_window",
                 "modality", "domains", "languages"):  # fmt: skip
        value = getattr(spec, name)
        if value is None and config is not None and name in _FROM_CONFIG:
            value = getattr(config, name)
        if value is None and entry is not None:
            value = getattr(entry, name)
        if value is None and name in _ASSUMABLE and name in assumed_defaults:
            value = assumed_defaults[name]
            assumed.append(f"{name}={_show(value)}")
        values[name] = value
    architecture = values["architecture"]
    modality = values["modality"]
    overridden = spec.architecture is not None or spec.modality is not None
    if entry is not None and not overridden:
        promptable = entry.promptable
    else:
        promptable = architecture in ("decoder", "encoder-decoder") and modality in (
            "text", "code", "multimodal")  # fmt: skip
    parameters = values["parameters"]
    facts = {
        "model.name": spec.name,
        "model.catalog_name": entry.name if entry else None,
        "model.in_catalog": entry is not None,
        "model.parameters": parameters,
        "model.architecture": architecture,
        "model.instruction_tuned": values["instruction_tuned"],
        "model.context_window": values["context_window"],
        "model.modality": modality,
        "model.domains": tuple(values["domains"] or ("general",)),
        "model.languages": tuple(values["languages"] or ()),
        "model.promptable": promptable,
        "model.generative": architecture in ("decoder", "encoder-decoder"),
        "model.instruct_variant": entry.instruct_variant if entry else None,
        "model.assumed": ", ".join(assumed),
        "model.weights_gb": None if parameters is None else round(parameters * 2 / 1e9, 1),
    }  # fmt: skip
    source: Literal["manifest", "catalog", "config", "assumed"]
    if assumed:
        source = "assumed"
    elif config is not None:
        source = "config"
    elif entry is not None and any(getattr(spec, n) is None for n in ("parameters", *_ASSUMABLE)):
        source = "catalog"
    else:
        source = "manifest"
    resolved = ResolvedModel(
        name=spec.name,
        parameters=parameters,
        architecture=architecture,
        instruction_tuned=values["instruction_tuned"],
        context_window=values["context_window"],
        source=source,
    )
    return _ModelInfo(facts, resolved)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _primary_language(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _modality_match(
    info: _ModelInfo, modality: str, tables: Tables, catalog: Catalog
) -> tuple[str, list[str] | None, Any]:
    """Can the model read data of this modality: the match, the suggestions (None for none)
    and the modalities compatible with the data."""
    found = info.modality.get(modality)
    if found is None:
        compat = cast(Mapping[str, Any], tables.modality_compatibility).get(modality, {})
        compatible = compat.get("compatible", ())
        model_modality = info.facts["model.modality"]
        if model_modality in compatible:
            match = "yes"
        elif model_modality in compat.get("partial", ()):
            match = "partial"
        else:
            match = "no"
        suggestions = (
            _suggest(catalog, compatible, key="modality", primary=modality)
            if match != "yes"
            else None
        )
        found = (match, suggestions, compatible)
        _remember(info.modality, modality, found, _MODEL_MEMO_LIMIT)
    return found


def _language_match(info: _ModelInfo, language: str, tables: Tables) -> bool:
    found = info.language.get(language)
    if found is None:
        wanted = _primary_language(language)
        wanted = tables.language_names.get(wanted, wanted)
        found = wanted in {_primary_language(x) for x in info.facts["model.languages"]}
        _remember(info.language, language, found, _MODEL_MEMO_LIMIT)
    return found


def _domain_match(
    info: _ModelInfo, domain: str, modality: str, compatible: Any, tables: Tables, catalog: Catalog
) -> tuple[str, list[str] | None]:
    """``same``, ``related`` or ``distant``, and the suggestions (None for none)."""
    key = (domain, modality)
    found = info.domain.get(key)
    if found is None:
        lowered = domain.lower()
        domains = info.facts["model.domains"]
        if lowered in {d.lower() for d in domains}:
            match = "same"
        elif any(lowered in tables.related_domains.get(d.lower(), ()) for d in domains):
            match = "related"
        else:
            match = "distant"
        suggestions = (
            _suggest(catalog, [lowered], key="domain", modalities=compatible)
            if match == "distant"
            else None
        )
        found = (match, suggestions)
        _remember(info.domain, key, found, _MODEL_MEMO_LIMIT)
    return found


def _budget_facts(
    manifest: Manifest, tables: Tables, catalog: Catalog, memo: _Memo
) -> dict[str, Any]:
    """The facts of the manifest's GPUs (memoised by GPU name, memory and count)."""
    budget = manifest.budget
    # The type too: 80 and 80.0 are equal keys but show differently in a trace.
    key = (budget.gpu, budget.gpu_memory_gb, type(budget.gpu_memory_gb), budget.gpus)
    found = memo.budgets.get(key)
    if found is not None:
        return found
    gpu_memory = budget.gpu_memory_gb
    if budget.gpu is not None:
        gpu = catalog.gpu(budget.gpu)
        if gpu is None:
            known = ", ".join(g.name for g in catalog.gpus)
            raise _located_error(
                manifest, ("budget", "gpu"), f"unknown GPU {budget.gpu!r}; known GPUs: {known}"
            )
        gpu_memory = gpu_memory if gpu_memory is not None else gpu.memory_gb
    else:
        gpu = None
    # Time and cost need a GPU's speed and price: without one, a reference GPU is assumed.
    cost_gpu = catalog.gpu(tables.reference_gpu) if gpu is None and tables.reference_gpu else gpu
    gpus = budget.gpus or 1
    found = {
        "budget.gpu": budget.gpu,
        "budget.gpu_memory_gb": gpu_memory,
        "budget.gpus": gpus,
        "budget.total_gpu_memory_gb": None if gpu_memory is None else gpu_memory * gpus,
        "budget.gpu_bf16_tflops": cost_gpu.bf16_tflops if cost_gpu else None,
        "budget.gpu_usd_per_hour": cost_gpu.usd_per_hour if cost_gpu else None,
        "budget.cost_gpu": cost_gpu.name if cost_gpu else None,
    }
    _remember(memo.budgets, key, found)
    return found


def gather_facts(
    manifest: Manifest, rulebook: Rulebook, catalog: Catalog
) -> tuple[dict[str, Any], ResolvedModel]:
    """Every base fact the rulebook can use, from the manifest, catalog and rulebook tables."""
    return _gather(manifest, manifest.model_config_facts, rulebook, catalog)


def _gather(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog
) -> tuple[dict[str, Any], ResolvedModel]:
    # ``config`` is manifest.model_config_facts, read once per manifest by the caller: reading
    # a pydantic private attribute costs about 2 us.
    plan = decision_plan(rulebook)
    memo = plan.memo(catalog)
    facts: dict[str, Any] = dict(rulebook.threshold_facts)
    tables = rulebook.tables
    task, data, budget = manifest.task, manifest.data, manifest.budget
    facts["task.type"] = task.type
    facts["task.complexity"] = task.complexity
    info = _model_info(manifest, config, rulebook, catalog, memo)
    facts.update(info.facts)

    modality = data.modality or plan.implied_modality.get(task.type, "text")
    avg_tokens = data.avg_tokens_per_example or plan.default_avg_tokens
    examples = data.labeled_examples
    facts["data.labeled_examples"] = examples
    facts["data.avg_tokens_per_example"] = avg_tokens
    facts["data.modality"] = modality
    facts["data.domain"] = data.domain
    facts["data.language"] = data.language

    # Can the model read this kind of data?
    match, suggestions, compatible = _modality_match(info, modality, tables, catalog)
    facts["modality.match"] = match
    facts["modality.suggestions"] = suggestions if suggestions is not None else []

    if data.language and info.facts["model.languages"]:
        facts["language.match"] = _language_match(info, data.language, tables)
    else:
        facts["language.match"] = None

    if data.domain:
        match, suggestions = _domain_match(info, data.domain, modality, compatible, tables,
                                           catalog)  # fmt: skip
        facts["domain.match"] = match
        facts["domain.suggestions"] = suggestions if suggestions is not None else []
    else:
        facts["domain.match"] = None
        facts["domain.suggestions"] = []

    # How much of the data fits into a few-shot prompt?
    context = info.facts["model.context_window"]
    reserve = plan.prompt_reserve_tokens
    share = plan.prompt_reserve_max_share
    if context and share is not None:
        reserve = min(reserve, context * share)
    prompt_tokens = examples * avg_tokens if avg_tokens else None
    fit = max(0, int((context - reserve) // avg_tokens)) if context and avg_tokens else None
    facts["examples.prompt_reserve"] = int(reserve) if context else None
    facts["examples.prompt_tokens"] = prompt_tokens
    facts["examples.fit_in_context"] = fit
    in_prompt = examples if fit is None else min(examples, fit)
    most = plan.max_examples_in_prompt
    facts["examples.in_prompt"] = int(min(in_prompt, most)) if most is not None else in_prompt

    facts["budget.level"] = budget.level
    facts.update(_budget_facts(manifest, tables, catalog, memo))
    facts["budget.gpu_hours"] = budget.gpu_hours
    facts["budget.usd"] = budget.usd
    prompting, planned = manifest.prompting, manifest.plan
    facts["prompting.tried"] = prompting.tried
    facts["prompting.meets_target"] = prompting.meets_target
    facts["constraints.preserve_general_capabilities"] = (
        manifest.constraints.preserve_general_capabilities
    )
    facts["plan.strategy"] = planned.strategy
    facts["plan.technique"] = planned.technique
    facts["plan.fine_tuning"] = planned.strategy in _FINE_TUNING
    return facts, info.resolved
