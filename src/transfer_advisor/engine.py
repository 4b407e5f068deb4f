"""The decision engine: a pure function from a manifest and a rulebook to a recommendation.

No I/O, no printing, no clock: the same manifest and rulebook always give the same answer. The
engine gathers facts (manifest, catalog, rulebook tables), then lets the rulebook decide: derived
facts, the first matching strategy rule, the first matching technique rule, every finding rule,
the reasons against the other strategies and the next steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from .catalog import Catalog, ModelEntry, default_catalog
from .errors import InputError, RulebookError
from .facts import ESTIMATE_TECHNIQUES
from .manifest import Manifest, manifest_from_mapping
from .recommendation import (
    SEVERITY_RANK,
    Alternative,
    Finding,
    Recommendation,
    ResolvedModel,
    TraceEntry,
)
from .rulebook import Rulebook, default_rulebook
from .shape import ModelShape

if TYPE_CHECKING:
    from .estimate import Estimates

_MAIN_STRATEGIES = ("in_context", "peft", "full_fine_tune")
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

    def rank(entry: ModelEntry) -> tuple[bool, bool, int, str]:
        return (entry.modality != primary if primary else False, not entry.instruction_tuned,
                entry.parameters, entry.name)  # fmt: skip

    best: dict[str, ModelEntry] = {}
    for entry in catalog.models:
        values = {entry.modality} if key == "modality" else set(entry.domains)
        if not values & cache_key[1] or (allowed is not None and entry.modality not in allowed):
            continue
        current = best.get(entry.family)
        if current is None or rank(entry) < rank(current):
            best[entry.family] = entry
    found = [e.name for e in sorted(best.values(), key=rank)[:limit]]
    catalog.suggestions[cache_key] = found
    return found


def _model_facts(
    manifest: Manifest, rulebook: Rulebook, catalog: Catalog, facts: dict[str, Any]
) -> ResolvedModel:
    spec = manifest.model
    entry = catalog.model(spec.name)
    config = manifest.model_config_facts
    assumed_defaults = rulebook.tables.assumed_model
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
    facts.update({
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
    })  # fmt: skip
    source: Literal["manifest", "catalog", "config", "assumed"]
    if assumed:
        source = "assumed"
    elif config is not None:
        source = "config"
    elif entry is not None and any(getattr(spec, n) is None for n in ("parameters", *_ASSUMABLE)):
        source = "catalog"
    else:
        source = "manifest"
    return ResolvedModel(
        name=spec.name,
        parameters=parameters,
        architecture=architecture,
        instruction_tuned=values["instruction_tuned"],
        context_window=values["context_window"],
        source=source,
    )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _primary_language(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def gather_facts(
    manifest: Manifest, rulebook: Rulebook, catalog: Catalog
) -> tuple[dict[str, Any], ResolvedModel]:
    """Every base fact the rulebook can use, from the manifest, catalog and rulebook tables."""
    facts: dict[str, Any] = dict(rulebook.threshold_facts)
    tables = rulebook.tables
    task, data, budget = manifest.task, manifest.data, manifest.budget
    facts["task.type"] = task.type
    facts["task.complexity"] = task.complexity
    resolved = _model_facts(manifest, rulebook, catalog, facts)

    modality = data.modality or tables.implied_modality.get(task.type, "text")
    avg_tokens = data.avg_tokens_per_example or rulebook.thresholds.get(
        "default_avg_tokens_per_example"
    )
    facts.update({
        "data.labeled_examples": data.labeled_examples,
        "data.avg_tokens_per_example": avg_tokens,
        "data.modality": modality,
        "data.domain": data.domain,
        "data.language": data.language,
    })  # fmt: skip

    # Can the model read this kind of data?
    compat = tables.modality_compatibility.get(modality, {})
    model_modality = facts["model.modality"]
    if model_modality in compat.get("compatible", ()):
        match = "yes"
    elif model_modality in compat.get("partial", ()):
        match = "partial"
    else:
        match = "no"
    facts["modality.match"] = match
    facts["modality.suggestions"] = (
        _suggest(catalog, compat.get("compatible", ()), key="modality", primary=modality)
        if match != "yes"
        else []
    )

    languages = facts["model.languages"]
    if data.language and languages:
        wanted = _primary_language(data.language)
        wanted = tables.language_names.get(wanted, wanted)
        facts["language.match"] = wanted in {_primary_language(x) for x in languages}
    else:
        facts["language.match"] = None

    domain = data.domain.lower() if data.domain else None
    if domain is None:
        facts["domain.match"] = None
    elif domain in {d.lower() for d in facts["model.domains"]}:
        facts["domain.match"] = "same"
    elif any(domain in tables.related_domains.get(d.lower(), ()) for d in facts["model.domains"]):
        facts["domain.match"] = "related"
    else:
        facts["domain.match"] = "distant"
    facts["domain.suggestions"] = (
        _suggest(catalog, [domain], key="domain", modalities=compat.get("compatible", ()))
        if domain and facts["domain.match"] == "distant"
        else []
    )

    # How much of the data fits into a few-shot prompt?
    context = facts["model.context_window"]
    reserve = rulebook.thresholds.get("prompt_reserve_tokens", 0)
    share = rulebook.thresholds.get("prompt_reserve_max_share")
    if context and share is not None:
        reserve = min(reserve, context * share)
    prompt_tokens = data.labeled_examples * avg_tokens if avg_tokens else None
    fit = max(0, int((context - reserve) // avg_tokens)) if context and avg_tokens else None
    facts["examples.prompt_reserve"] = int(reserve) if context else None
    facts["examples.prompt_tokens"] = prompt_tokens
    facts["examples.fit_in_context"] = fit
    in_prompt = data.labeled_examples if fit is None else min(data.labeled_examples, fit)
    most = rulebook.thresholds.get("max_examples_in_prompt")
    facts["examples.in_prompt"] = int(min(in_prompt, most)) if most is not None else in_prompt

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
    facts.update({
        "budget.level": budget.level,
        "budget.gpu": budget.gpu,
        "budget.gpu_memory_gb": gpu_memory,
        "budget.gpus": gpus,
        "budget.total_gpu_memory_gb": None if gpu_memory is None else gpu_memory * gpus,
        "budget.gpu_hours": budget.gpu_hours,
        "budget.usd": budget.usd,
        "prompting.tried": manifest.prompting.tried,
        "prompting.meets_target": manifest.prompting.meets_target,
        "constraints.preserve_general_capabilities":
            manifest.constraints.preserve_general_capabilities,
        "plan.strategy": manifest.plan.strategy,
        "plan.technique": manifest.plan.technique,
        "plan.fine_tuning": manifest.plan.strategy in _FINE_TUNING,
        "budget.gpu_bf16_tflops": cost_gpu.bf16_tflops if cost_gpu else None,
        "budget.gpu_usd_per_hour": cost_gpu.usd_per_hour if cost_gpu else None,
        "budget.cost_gpu": cost_gpu.name if cost_gpu else None,
    })  # fmt: skip
    return facts, resolved


def estimate_for(
    manifest: Manifest, facts: Mapping[str, Any], rulebook: Rulebook
) -> Estimates | None:
    """Memory, time and cost of each technique for this manifest (None without a parameter
    count). Uses the facts already gathered, so the defaults match the advice."""
    parameters = facts["model.parameters"]
    if parameters is None:
        return None
    # Imported here: the estimator is only needed once a parameter count is known.
    from .estimate import TrainingSetup, estimate

    config = manifest.model_config_facts
    shape = config.shape if config is not None else ModelShape(parameters=parameters)
    if shape.parameters != parameters:  # the manifest overrode the config's count
        shape = ModelShape(parameters=parameters)
    training = manifest.training
    defaults = rulebook.tables.training_defaults
    avg_tokens = int(facts["data.avg_tokens_per_example"] or 1)
    context = facts["model.context_window"]
    sequence = training.sequence_length or (min(avg_tokens, context) if context else avg_tokens)
    setup = TrainingSetup(
        examples=facts["data.labeled_examples"],
        avg_tokens=avg_tokens,
        sequence_length=sequence,
        micro_batch_size=training.micro_batch_size or int(defaults.get("micro_batch_size", 1)),
        gradient_checkpointing=bool(
            defaults.get("gradient_checkpointing", True)
            if training.gradient_checkpointing is None
            else training.gradient_checkpointing
        ),
        lora_rank=training.lora_rank or int(defaults.get("lora_rank", 16)),
        epochs=float(training.epochs or defaults.get("epochs", 3)),
        gpus=facts["budget.gpus"],
        gpu_memory_gb=facts["budget.gpu_memory_gb"],
        gpu_bf16_tflops=facts["budget.gpu_bf16_tflops"],
        gpu_usd_per_hour=facts["budget.gpu_usd_per_hour"],
        prompt_examples=facts["examples.in_prompt"],
    )
    return estimate(shape, setup)


def estimate_manifest(
    manifest: Manifest, rulebook: Rulebook | None = None, *, catalog: Catalog | None = None
) -> tuple[Estimates | None, dict[str, Any]]:
    """The estimates alone (for ``transfer-advisor estimate``), with the facts they used."""
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    facts, _ = gather_facts(manifest, rulebook, catalog)
    return estimate_for(manifest, facts, rulebook), facts


_PLAN_TECHNIQUE = {"lora": "lora", "qlora": "qlora", "full": "full", "adapters": "lora"}


def _estimate_facts(estimates: Estimates | None, manifest: Manifest, facts: dict[str, Any]) -> None:
    facts["estimates.known"] = estimates is not None
    for technique in ESTIMATE_TECHNIQUES:
        item = getattr(estimates, technique) if estimates is not None else None
        facts[f"estimates.{technique}.fits"] = item.fits if item else None
        facts[f"estimates.{technique}.memory_gb"] = round(item.memory_gb.high, 1) if item else None
        facts[f"estimates.{technique}.gpu_hours"] = (
            round(item.gpu_hours.high, 2) if item and item.gpu_hours else None
        )
        facts[f"estimates.{technique}.usd"] = round(item.usd.high, 2) if item and item.usd else None
    facts["estimates.fitting"] = tuple(
        t for t in ("full", "lora", "qlora") if facts[f"estimates.{t}.fits"] in ("yes", "tight")
    )
    plan = manifest.plan
    planned = _PLAN_TECHNIQUE.get(plan.technique or "") or (
        "full" if plan.strategy == "full_fine_tune" else None
    )
    facts["estimates.plan.fits"] = facts.get(f"estimates.{planned}.fits") if planned else None
    facts["estimates.plan.memory_gb"] = (
        facts.get(f"estimates.{planned}.memory_gb") if planned else None
    )
    facts["estimates.prompt_tokens_per_request"] = (
        estimates.prompt_tokens_per_request if estimates else None
    )
    facts["estimates.break_even_requests"] = estimates.break_even_requests if estimates else None


def _used(names: Iterable[str], facts: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _jsonable(facts.get(name)) for name in sorted(names)}


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def advise(
    manifest: Manifest | Mapping[str, Any],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
    explain: bool = False,
    check: bool = False,
) -> Recommendation:
    """Recommend how to adapt the manifest's model to its task, by the rulebook's rules.

    ``manifest`` may be a :class:`Manifest` or a plain mapping (validated here). With
    ``explain=True`` the recommendation carries the full trace of every rule evaluated;
    ``check=True`` also applies the rules meant for ``transfer-advisor check`` only.
    Raises :class:`InputError` for an invalid manifest and :class:`RulebookError` for a
    rulebook that cannot decide (no strategy rule matched).
    """
    if not isinstance(manifest, Manifest):
        manifest = manifest_from_mapping(manifest)
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    facts, resolved = gather_facts(manifest, rulebook, catalog)
    estimates = estimate_for(manifest, facts, rulebook)
    _estimate_facts(estimates, manifest, facts)
    trace: list[TraceEntry] | None = [] if explain else None

    for fact in rulebook.facts:
        value = fact.value.fn(facts)
        facts[fact.name] = value
        if trace is not None:
            trace.append(TraceEntry(rule=fact.name, kind="fact", fired=bool(value),
                                    facts=_used(fact.value.names, facts),
                                    result=_jsonable(value)))  # fmt: skip

    chosen = None
    for srule in rulebook.strategy:
        if chosen is not None:
            # Only for the trace: rules after the first match are listed as not reached.
            assert trace is not None
            trace.append(TraceEntry(rule=srule.rule.id, kind="strategy", fired=False,
                                    facts=_used(srule.when.names, facts),
                                    result="not reached"))  # fmt: skip
            continue
        fired = bool(srule.when.fn(facts))
        if trace is not None:
            trace.append(TraceEntry(rule=srule.rule.id, kind="strategy", fired=fired,
                                    facts=_used(srule.when.names, facts),
                                    result=srule.rule.strategy if fired else None))  # fmt: skip
        if fired:
            chosen = srule
            if trace is None:
                break
    if chosen is None:
        raise RulebookError(
            "no strategy rule matched; end the 'strategy' list with a rule whose when is true",
            source=rulebook.sources[-1],
        )
    strategy = chosen.rule.strategy
    facts["recommendation.strategy"] = strategy
    facts["recommendation.fine_tuning"] = strategy in _FINE_TUNING
    weights = rulebook.tables.strategy_weight
    planned = manifest.plan.strategy
    facts["recommendation.plan_gap"] = (
        weights[planned] - weights[strategy] if planned in weights and strategy in weights else None
    )
    rationale = [chosen.rationale.render(facts)]

    technique = None
    for trule in rulebook.technique:
        if trule.rule.strategy != strategy:
            continue
        fired = bool(trule.when.fn(facts))
        if trace is not None:
            trace.append(TraceEntry(rule=trule.rule.id, kind="technique", fired=fired,
                                    facts=_used(trule.when.names, facts),
                                    result=trule.rule.technique if fired else None))  # fmt: skip
        if fired:
            technique = trule.rule.technique
            if trule.rationale is not None:
                facts["recommendation.technique"] = technique
                rationale.append(trule.rationale.render(facts))
            break
    facts["recommendation.technique"] = technique

    findings: list[Finding] = []
    for frule in rulebook.findings:
        if frule.rule.check_only and not check:
            continue
        fired = bool(frule.when.fn(facts))
        if trace is not None:
            trace.append(TraceEntry(rule=frule.rule.id, kind="finding", fired=fired,
                                    facts=_used(frule.when.names, facts)))  # fmt: skip
        if not fired:
            continue
        message = frule.message.render(facts)
        extra = [text.render(facts) for when, text in frule.details if when(facts)]
        if extra:
            message = " ".join([message, *extra])
        findings.append(Finding(id=frule.finding_id, severity=frule.rule.severity,
                                message=message, rule=frule.rule.id,
                                field=frule.rule.field))  # fmt: skip
    # Errors first, then warnings, then information; rulebook order within each.
    findings.sort(key=lambda f: SEVERITY_RANK[f.severity])

    alternatives = []
    for other in _MAIN_STRATEGIES:
        if other == strategy:
            continue
        for when, why_not in rulebook.alternatives.get(other, ()):
            if when(facts):
                alternatives.append(Alternative(strategy=other, why_not=why_not.render(facts)))
                break

    next_steps = [
        text.render(facts)
        for key in (strategy, "any")
        for when, text in rulebook.next_steps.get(key, ())
        if when(facts)
    ]
    return Recommendation(
        name=manifest.name,
        strategy=strategy,
        technique=technique,
        rationale=rationale,
        findings=findings,
        alternatives=alternatives,
        next_steps=next_steps,
        model=resolved,
        estimates=_estimates_dict(estimates, facts),
        trace=trace,
    )


def _estimates_dict(estimates: Estimates | None, facts: Mapping[str, Any]) -> dict[str, Any] | None:
    """The JSON form of the estimates for a recommendation (the memory terms are left to
    ``transfer-advisor estimate``, which explains them)."""
    if estimates is None:
        return None
    out: dict[str, Any] = {}
    for technique in ESTIMATE_TECHNIQUES:
        out[technique] = getattr(estimates, technique).to_dict(terms=False)
    out["prompt_tokens_per_request"] = estimates.prompt_tokens_per_request
    out["break_even_requests"] = estimates.break_even_requests
    out["gpu"] = facts["budget.gpu"]
    out["cost_gpu"] = facts["budget.cost_gpu"]
    return out


def advise_many(
    manifests: Iterable[Manifest | Mapping[str, Any]],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
) -> Iterator[Recommendation]:
    """Advise each manifest in turn, lazily: a generator for notebooks and data pipelines."""
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    for manifest in manifests:
        yield advise(manifest, rulebook, catalog=catalog)
