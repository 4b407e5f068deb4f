"""The decision engine: a pure function from a manifest and a rulebook to a recommendation.

No I/O, no printing, no clock: the same manifest and rulebook always give the same answer. The
engine gathers facts (manifest, catalog, rulebook tables), then lets the rulebook decide: derived
facts, the first matching strategy rule, the first matching technique rule, every finding rule,
the reasons against the other strategies and the next steps.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from transfer_advisor.advice.recommendation import (
    SEVERITY_RANK,
    Alternative,
    Finding,
    Recommendation,
    ResolvedModel,
    Severity,
    TraceEntry,
)
from transfer_advisor.catalog import Catalog, ModelEntry, default_catalog
from transfer_advisor.errors import InputError, RulebookError
from transfer_advisor.estimate.shape import ModelShape
from transfer_advisor.manifest import Manifest, manifest_from_mapping
from transfer_advisor.rules.facts import ESTIMATE_TECHNIQUES
from transfer_advisor.rules.load import (
    CompiledFinding,
    CompiledTechnique,
    Rulebook,
    Tables,
    default_rulebook,
)

if TYPE_CHECKING:
    from transfer_advisor.estimate.results import Estimates, Range, TrainingSetup

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
    _remember(catalog.suggestions, cache_key, found)  # bounded: domains come from the input
    return found


# --------------------------------------------------------------------------------------------
# Per-rulebook working state: the rules as flat tuples, and bounded memos of per-model work
# --------------------------------------------------------------------------------------------

Fn = Callable[[Mapping[str, Any]], Any]
Render = Callable[[Mapping[str, Any]], str]

#: Entries a memo holds at most before it starts again: memory stays flat on any input
#: (at worst a few MB: 256 models, each with 3 x 32 data matches, and 1,024 of the rest).
_MEMO_LIMIT = 1024
_MODELS_LIMIT = 256
_MODEL_MEMO_LIMIT = 32


class _FindingPlan(NamedTuple):
    when: Fn
    rule: CompiledFinding
    message: Render
    details: tuple[tuple[Fn, Render], ...]
    finding_id: str
    severity: Severity
    rule_id: str
    field: str | None
    rank: int


class _Plan:
    """A rulebook laid out for :func:`advise`: every condition and template as a plain function
    in the order the engine walks them, and the thresholds and tables the facts need. Built once
    per rulebook (kept in ``rulebook.memo``)."""

    def __init__(self, rulebook: Rulebook) -> None:
        tables, thresholds = rulebook.tables, rulebook.thresholds
        self.facts = tuple((f.name, f.value.fn, f) for f in rulebook.facts)
        self.strategy = tuple((r.when.fn, r) for r in rulebook.strategy)
        technique: dict[str, list[tuple[Fn, CompiledTechnique]]] = {}
        for t in rulebook.technique:
            technique.setdefault(t.rule.strategy, []).append((t.when.fn, t))
        self.technique = {k: tuple(v) for k, v in technique.items()}
        every = tuple(
            _FindingPlan(
                f.when.fn,
                f,
                f.message.renderer,
                tuple((w.fn, t.renderer) for w, t in f.details),
                f.finding_id,
                f.rule.severity,
                f.rule.id,
                f.rule.field,
                SEVERITY_RANK[f.rule.severity],
            )
            for f in rulebook.findings
        )
        self.findings_check = every
        self.findings = tuple(f for f in every if not f.rule.rule.check_only)
        self._alternatives = rulebook.alternatives
        self._next_steps = rulebook.next_steps
        #: By chosen strategy: the reasons against each other main strategy, in order.
        self.alternatives: dict[str, tuple[tuple[str, tuple[tuple[Fn, Render], ...]], ...]] = {}
        #: By chosen strategy: its next steps, then those for any strategy.
        self.next_steps: dict[str, tuple[tuple[Fn, Render], ...]] = {}
        self.strategy_weight = tables.strategy_weight
        self.implied_modality = tables.implied_modality
        self.default_avg_tokens = thresholds.get("default_avg_tokens_per_example")
        self.prompt_reserve_tokens = thresholds.get("prompt_reserve_tokens", 0)
        self.prompt_reserve_max_share = thresholds.get("prompt_reserve_max_share")
        self.max_examples_in_prompt = thresholds.get("max_examples_in_prompt")
        defaults = tables.training_defaults
        self.micro_batch_size = int(defaults.get("micro_batch_size", 1))
        self.gradient_checkpointing = defaults.get("gradient_checkpointing", True)
        self.lora_rank = int(defaults.get("lora_rank", 16))
        self.epochs = defaults.get("epochs", 3)
        #: Per catalog: model facts by the manifest's model fields, budget facts by GPU.
        self.memos: dict[Catalog, _Memo] = {}
        #: Model shapes known only by their parameter count, by (count, type of count).
        self.shapes: dict[tuple[Any, type], ModelShape] = {}

    def alternatives_for(
        self, strategy: str
    ) -> tuple[tuple[str, tuple[tuple[Fn, Render], ...]], ...]:
        found = self.alternatives.get(strategy)
        if found is None:
            found = self.alternatives[strategy] = tuple(
                (other, tuple((w.fn, t.renderer) for w, t in self._alternatives.get(other, ())))
                for other in _MAIN_STRATEGIES
                if other != strategy
            )
        return found

    def next_steps_for(self, strategy: str) -> tuple[tuple[Fn, Render], ...]:
        found = self.next_steps.get(strategy)
        if found is None:
            found = self.next_steps[strategy] = tuple(
                (w.fn, t.renderer)
                for key in (strategy, "any")
                for w, t in self._next_steps.get(key, ())
            )
        return found

    def memo(self, catalog: Catalog) -> _Memo:
        memo = self.memos.get(catalog)
        if memo is None:
            if len(self.memos) >= 4:
                self.memos.clear()
            memo = self.memos[catalog] = _Memo()
        return memo


class _Memo:
    """Bounded memos for one rulebook and one catalog; each result depends only on its key."""

    __slots__ = ("budgets", "models")

    def __init__(self) -> None:
        self.models: dict[tuple[Any, ...], _ModelInfo] = {}
        self.budgets: dict[tuple[Any, ...], dict[str, Any]] = {}


def _plan(rulebook: Rulebook) -> _Plan:
    plan = rulebook.memo.get("engine")
    if plan is None:
        plan = rulebook.memo["engine"] = _Plan(rulebook)
    return typing.cast(_Plan, plan)


def _remember(memo: dict[Any, Any], key: Any, value: Any, limit: int | None = None) -> None:
    """Store ``value``; a memo that is full starts again (cheaper than tracking use)."""
    if len(memo) >= (_MEMO_LIMIT if limit is None else limit):
        memo.clear()
    memo[key] = value


class _ModelInfo:
    """The resolved model of a manifest, and what follows from it and a few data fields.

    ``facts`` and ``resolved`` depend only on the manifest's ``model`` fields (and the catalog
    and rulebook tables); the three small memos add one data field each to that.
    """

    __slots__ = ("domain", "facts", "language", "modality", "resolved")

    def __init__(self, facts: dict[str, Any], resolved: ResolvedModel) -> None:
        self.facts = facts
        self.resolved = resolved
        self.modality: dict[str, tuple[str, list[str] | None, Any]] = {}
        self.language: dict[str, bool] = {}
        self.domain: dict[tuple[str, str], tuple[str, list[str] | None]] = {}


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
    plan = _plan(rulebook)
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


_Estimator = tuple["type[TrainingSetup]", Callable[["ModelShape", "TrainingSetup"], "Estimates"]]
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
    return _estimate(manifest, manifest.model_config_facts, facts, rulebook, catalog)


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


#: How far a stated parameter count may be from a config's and still name the same checkpoint,
#: rounded as model names round it: "8B" for Llama 3.1 8B's 8.03 billion, "7B" for Qwen2.5-7B's
#: 7.62 billion. Further off, it is another model, and its shape is approximated.
_ROUNDING = 0.1


def _same_checkpoint(counted: int, stated: int) -> bool:
    return abs(counted - stated) <= _ROUNDING * counted


def _estimate(
    manifest: Manifest,
    config: Any,
    facts: Mapping[str, Any],
    rulebook: Rulebook,
    catalog: Catalog,
) -> Estimates | None:
    parameters = facts["model.parameters"]
    if parameters is None:
        return None
    # Imported on first use: the estimator is only needed once a parameter count is known.
    estimator = _ESTIMATOR or _load_estimator()
    setup_class, estimate = estimator
    plan = _plan(rulebook)
    # The shape: the manifest's config.json, else the catalog entry's config block, each only
    # while it describes the model the advice counts (a manifest's own `parameters` that
    # differs from it means another model); else the parameter count alone.
    shape: ModelShape | None = None
    known = (
        config.shape if config is not None else _catalog_shape(catalog, facts["model.catalog_name"])
    )
    if known is not None and _same_checkpoint(known.parameters, parameters):
        shape = known
        if known.parameters != parameters:  # say so: the estimates count the config's
            shape = replace(known, source=f"{known.source or 'the config'} (the stated "
                            f"{parameters:,} parameters taken as its {known.parameters:,}, "
                            "rounded)")  # fmt: skip
    if shape is None:
        key = (parameters, type(parameters))
        shape = plan.shapes.get(key)
        if shape is None:
            shape = ModelShape(parameters=parameters)
            _remember(plan.shapes, key, shape)
    training = manifest.training
    avg_tokens = int(facts["data.avg_tokens_per_example"] or 1)
    context = facts["model.context_window"]
    sequence = training.sequence_length or (min(avg_tokens, context) if context else avg_tokens)
    setup = setup_class(
        examples=facts["data.labeled_examples"],
        avg_tokens=avg_tokens,
        sequence_length=sequence,
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
    "estimates.fitting": (),
    "estimates.plan.fits": None,
    "estimates.plan.memory_gb": None,
    "estimates.prompt_tokens_per_request": None,
    "estimates.break_even_requests": None,
}


def _cents(value: Range | None) -> tuple[float | None, dict[str, float] | None]:
    """A range to two decimals: its high end (the fact rules read) and its JSON form."""
    if value is None:
        return None, None
    high = round(value.high, 2)
    return high, {"low": round(value.low, 2) + 0.0, "high": high + 0.0}


def _estimate_facts(
    estimates: Estimates | None, manifest: Manifest, facts: dict[str, Any]
) -> dict[str, Any] | None:
    """Set the ``estimates.*`` facts and return the JSON form of the estimates for the
    recommendation (None without estimates), rounding each figure once for both.

    The memory terms are left out (``transfer-advisor estimate`` explains them); each
    technique's dict is the one ``TechniqueEstimate.to_dict(terms=False)`` gives.
    """
    if estimates is None:
        facts.update(_NO_ESTIMATE_FACTS)
        return None
    facts["estimates.known"] = True
    out: dict[str, Any] = {}
    fitting = []
    for technique, fits_key, memory_key, hours_key, usd_key in _ESTIMATE_KEYS:
        item = getattr(estimates, technique)
        fits = item.fits
        memory = item.memory_gb
        high = round(memory.high, 1)
        facts[fits_key] = fits
        facts[memory_key] = high
        facts[hours_key], hours_out = _cents(item.gpu_hours)
        facts[usd_key], usd_out = _cents(item.usd)
        margin = item.margin_gb
        out[technique] = {
            "memory_gb": {"low": round(memory.low, 1) + 0.0, "high": high + 0.0},
            "fits": fits,
            "margin_gb": None if margin is None else round(margin, 1) + 0.0,
            "gpu_hours": hours_out,
            "usd": usd_out,
            "trainable_parameters": item.trainable_parameters,
        }
        if technique != "in_context" and (fits == "yes" or fits == "tight"):
            fitting.append(technique)
    facts["estimates.fitting"] = tuple(fitting)
    plan = manifest.plan
    planned = _PLAN_TECHNIQUE.get(plan.technique or "") or (
        "full" if plan.strategy == "full_fine_tune" else None
    )
    facts["estimates.plan.fits"] = facts.get(f"estimates.{planned}.fits") if planned else None
    facts["estimates.plan.memory_gb"] = (
        facts.get(f"estimates.{planned}.memory_gb") if planned else None
    )
    facts["estimates.prompt_tokens_per_request"] = estimates.prompt_tokens_per_request
    facts["estimates.break_even_requests"] = estimates.break_even_requests
    out["prompt_tokens_per_request"] = estimates.prompt_tokens_per_request
    out["break_even_requests"] = estimates.break_even_requests
    out["gpu"] = facts["budget.gpu"]
    out["cost_gpu"] = facts["budget.cost_gpu"]
    return out


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
    plan = _plan(rulebook)
    config = manifest.model_config_facts
    facts, resolved = _gather(manifest, config, rulebook, catalog)
    estimates = _estimate(manifest, config, facts, rulebook, catalog)
    estimates_out = _estimate_facts(estimates, manifest, facts)
    trace: list[TraceEntry] | None = [] if explain else None

    # Without a trace (the batch path) the loops do nothing but evaluate.
    if trace is None:
        for name, value_fn, _ in plan.facts:
            facts[name] = value_fn(facts)
        chosen = next((srule for when, srule in plan.strategy if when(facts)), None)
    else:
        for name, value_fn, fact in plan.facts:
            value = value_fn(facts)
            facts[name] = value
            trace.append(TraceEntry(rule=name, kind="fact", fired=bool(value),
                                    facts=_used(fact.value.names, facts),
                                    result=_jsonable(value)))  # fmt: skip
        chosen = None
        for when, srule in plan.strategy:
            if chosen is not None:
                # Rules after the first match are listed as not reached.
                trace.append(TraceEntry(rule=srule.rule.id, kind="strategy", fired=False,
                                        facts=_used(srule.when.names, facts),
                                        result="not reached"))  # fmt: skip
                continue
            fired = bool(when(facts))
            trace.append(TraceEntry(rule=srule.rule.id, kind="strategy", fired=fired,
                                    facts=_used(srule.when.names, facts),
                                    result=srule.rule.strategy if fired else None))  # fmt: skip
            if fired:
                chosen = srule
    if chosen is None:
        raise RulebookError(
            "no strategy rule matched; end the 'strategy' list with a rule whose when is true",
            source=rulebook.sources[-1],
        )
    strategy = chosen.rule.strategy
    facts["recommendation.strategy"] = strategy
    facts["recommendation.fine_tuning"] = strategy in _FINE_TUNING
    weights = plan.strategy_weight
    planned = manifest.plan.strategy
    facts["recommendation.plan_gap"] = (
        weights[planned] - weights[strategy] if planned in weights and strategy in weights else None
    )
    rationale = [chosen.rationale.render(facts)]

    technique = None
    for when, trule in plan.technique.get(strategy, ()):
        fired = bool(when(facts))
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

    # Errors first, then warnings, then information; rulebook order within each.
    by_rank: tuple[list[Finding], list[Finding], list[Finding]] = ([], [], [])
    rules = plan.findings_check if check else plan.findings
    if trace is None:
        fired_rules = [frule for frule in rules if frule.when(facts)]
    else:
        fired_rules = []
        for frule in rules:
            fired = bool(frule.when(facts))
            trace.append(TraceEntry(rule=frule.rule_id, kind="finding", fired=fired,
                                    facts=_used(frule.rule.when.names, facts)))  # fmt: skip
            if fired:
                fired_rules.append(frule)
    for frule in fired_rules:
        message = frule.message(facts)
        if frule.details:
            extra = [render(facts) for when, render in frule.details if when(facts)]
            if extra:
                message = " ".join([message, *extra])
        by_rank[frule.rank].append(Finding(frule.finding_id, frule.severity, message,
                                           frule.rule_id, frule.field))  # fmt: skip
    findings = by_rank[0] + by_rank[1] + by_rank[2]

    alternatives = []
    for other, reasons in plan.alternatives_for(strategy):
        for when, why_not in reasons:
            if when(facts):
                alternatives.append(Alternative(other, why_not(facts)))
                break

    next_steps = [text(facts) for when, text in plan.next_steps_for(strategy) if when(facts)]
    return Recommendation(
        name=manifest.name,
        strategy=strategy,
        technique=technique,
        rationale=rationale,
        findings=findings,
        alternatives=alternatives,
        next_steps=next_steps,
        model=resolved,
        estimates=estimates_out,
        trace=trace,
    )


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
