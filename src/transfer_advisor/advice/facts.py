"""Gathering the facts of a manifest: everything a rulebook's conditions can read.

From the manifest, the model catalog (or a config.json) and the rulebook's tables: the model
and what is assumed about it, whether it can read the data's modality, language and domain (with
catalog suggestions when not), how many examples fit a prompt, and the GPUs. Per-model and
per-GPU work is memoised on the rulebook's plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from transfer_advisor.advice.inputs import imaging_domain, input_facts
from transfer_advisor.advice.labels import first_term
from transfer_advisor.advice.model import _model_info
from transfer_advisor.advice.plan import (
    _MODEL_MEMO_LIMIT,
    _Memo,
    _ModelInfo,
    _remember,
    decision_plan,
)
from transfer_advisor.advice.recommendation import ResolvedModel
from transfer_advisor.advice.situation import GENERATIVE_TASKS, needed_languages, situation_facts
from transfer_advisor.advice.suggest import _suggest
from transfer_advisor.catalog import Catalog
from transfer_advisor.errors import InputError
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.model import Tables
from transfer_advisor.rules.rulebook import Rulebook

_FINE_TUNING = frozenset({"peft", "full_fine_tune"})
#: Kinds of data a model nothing describes is assumed to read (text keeps the text default).
#: Not tables: a model named for a table is rarely a tabular foundation model (a language model
#: reading rows, a tree ensemble), and the advice for tables does not rest on it.
_NOT_TEXT = frozenset({"image", "audio", "video", "time-series"})


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


def _modality_match(
    info: _ModelInfo,
    modality: str,
    tables: Tables,
    catalog: Catalog,
    task: str = "other",
    languages: frozenset[str] = frozenset(),
    tokens: int | None = None,
) -> tuple[str, list[str] | None, Any]:
    """Can the model read data of this modality: the match, the suggestions (None for none;
    models that cover ``languages`` and do ``task`` first, and those whose window holds the
    inputs' ``tokens``; none trained for another task) and the modalities compatible with the
    data."""
    memo_key = f"{modality}\0{task}\0{','.join(sorted(languages))}\0{tokens}"
    found = info.modality.get(memo_key)
    if found is None:
        compat = cast(Mapping[str, Any], tables.modality_compatibility).get(modality, {})
        compatible = compat.get("compatible", ())
        model_modality = info.facts["model.modality"]
        # A multimodal model whose card lists what it reads is matched on those: a
        # vision-language model hears no audio; Gemini does.
        reads = info.facts["model.inputs"] or (model_modality,)
        partial = compat.get("partial", ())
        if modality == model_modality or any(m in compatible for m in reads):
            match = "yes"
        elif any(m in partial for m in reads):
            match = "partial"
        else:
            match = "no"
        suggestions = (
            _suggest(
                catalog,
                compatible,
                key="modality",
                primary=modality,
                task=task,
                generative=task in GENERATIVE_TASKS,
                languages=languages,
                min_context=tokens,
                # A model of the same kind of data at its size (a code model's text sibling);
                # across modalities the size says nothing.
                near=info.facts["model.parameters"] if match == "partial" else None,
            )
            if match != "yes"
            else None
        )
        found = (match, suggestions, compatible)
        _remember(info.modality, memo_key, found, _MODEL_MEMO_LIMIT)
    return found


def _known_domain(domain: str, tables: Tables) -> bool:
    """Whether the rulebook's domain table names ``domain``, as a key or a related domain."""
    related = tables.related_domains
    return domain in related or any(domain in values for values in related.values())


def _domain_match(
    info: _ModelInfo,
    domain: str,
    modality: str,
    compatible: Any,
    tables: Tables,
    catalog: Catalog,
    task: str = "other",
    raw: bool = False,
    tokens: int | None = None,
) -> tuple[str, list[str] | None]:
    """``same``, ``related``, ``distant`` or ``unknown`` (a tag the rulebook's domain table
    does not know: nothing to say it is distant), and the suggestions (None for none). For
    ``raw`` sequences only a model of them is ``same``: prose of their domain is not them."""
    key = (domain, f"{modality}\0{task}\0{raw}\0{tokens}")
    found = info.domain.get(key)
    if found is None:
        lowered = domain.lower()
        domains = info.facts["model.domains"]
        own = {d.lower() for d in domains}
        if lowered in own:
            match = "same"
        elif raw:
            match = (
                "same" if own.intersection(tables.related_domains.get(lowered, ())) else "distant"
            )
        elif any(lowered in tables.related_domains.get(d.lower(), ()) for d in domains):
            match = "related"
        elif not _known_domain(lowered, tables):
            match = "unknown"
        else:
            match = "distant"
        suggestions = (
            _suggest(
                catalog,
                [lowered],
                key="domain",
                modalities=compatible,
                task=task,
                generative=task in GENERATIVE_TASKS or info.facts["model.generative"],
                min_context=tokens,
                near=info.facts["model.parameters"],
            )
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
    unlisted = None
    if budget.gpu is not None:
        gpu = catalog.gpu(budget.gpu)
        if gpu is None and gpu_memory is None:
            known = ", ".join(g.name for g in catalog.gpus)
            raise _located_error(
                manifest,
                ("budget", "gpu"),
                f"unknown GPU {budget.gpu!r}; known GPUs: {known} (for another GPU, give its "
                "memory in budget.gpu_memory_gb)",
            )
        if gpu is None:
            # A GPU the catalog does not list, with its memory stated: the fit is checked
            # against that memory; time and cost fall back to the reference GPU.
            unlisted = budget.gpu
        else:
            gpu_memory = gpu_memory if gpu_memory is not None else gpu.memory_gb
    else:
        gpu = None
    # Time and cost need a GPU's speed and price: without one, a reference GPU is assumed.
    cost_gpu = catalog.gpu(tables.reference_gpu) if gpu is None and tables.reference_gpu else gpu
    # Other cards the name may mean (a bare "A100": the 40 GB card too), unless the manifest
    # states the memory.
    others = (
        catalog.gpu_others(budget.gpu)
        if gpu is not None and budget.gpu is not None and budget.gpu_memory_gb is None
        else ()
    )
    smaller = [
        card.memory_gb
        for other in others
        if (card := catalog.gpu(other)) is not None
        and gpu is not None
        and card.memory_gb < gpu.memory_gb
    ]
    gpus = budget.gpus or 1
    found = {
        # The catalog's name, whatever alias or case the manifest wrote ("a100", "H100").
        "budget.gpu": gpu.name if gpu is not None else None,
        "budget.gpu_unlisted": unlisted,
        "budget.gpu_memory_gb": gpu_memory,
        "budget.gpus": gpus,
        "budget.total_gpu_memory_gb": None if gpu_memory is None else gpu_memory * gpus,
        # The memory of the GPU time and cost are estimated on: with no GPU named, what the
        # full fine-tune's memory is checked against too (one server, thresholds.gpus_per_node).
        "budget.cost_gpu_memory_gb": cost_gpu.memory_gb if cost_gpu else None,
        "budget.gpu_bf16_tflops": cost_gpu.bf16_tflops if cost_gpu else None,
        "budget.gpu_usd_per_hour": cost_gpu.usd_per_hour if cost_gpu else None,
        # Whether the named GPU computes in bf16 (Ampere and later); null: not named or not said.
        "budget.gpu_bf16": gpu.bf16 if gpu is not None else None,
        "budget.gpu_others": others,
        # The least memory among those the catalog lists, where less than the card taken.
        "budget.gpu_others_smaller_gb": min(smaller) if smaller else None,
        "budget.cost_gpu": cost_gpu.name if cost_gpu else None,
    }
    _remember(memo.budgets, key, found)
    return found


def gather_facts(
    manifest: Manifest, rulebook: Rulebook, catalog: Catalog
) -> tuple[dict[str, Any], ResolvedModel]:
    """Every base fact the rulebook can use, from the manifest, catalog and rulebook tables."""
    return _gather(manifest, manifest.model_config_facts, rulebook, catalog)


def _writes_code(description: str | None, terms: list[str]) -> bool:
    """Whether a task's description says its output is code (SQL, a function call)."""
    text = (description or "").lower()
    return any(term in text for term in terms)


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
    facts["task.described"] = bool(task.description and task.description.strip())
    implied = plan.implied_modality.get(task.type)
    # Data of a modality's own domain is that modality's: `domain: code` is code, whatever the
    # task does with it (code summarization, defect detection: Lu et al. 2021, CodeXGLUE).
    if implied is None and data.domain is not None:
        implied = next((m for m, d in tables.modality_domains.items()
                        if d == data.domain.lower()), None)  # fmt: skip
    stated = data.modality or implied
    data_kind = (stated if stated in _NOT_TEXT else None, task.type in GENERATIVE_TASKS)
    info = _model_info(manifest, config, rulebook, catalog, memo, data_kind)
    facts.update(info.facts)
    if (manifest.model.inputs is not None and info.facts["model.modality"] != "multimodal"
            and list(manifest.model.inputs) != [info.facts["model.modality"]]):  # fmt: skip
        raise _located_error(
            manifest,
            ("model", "inputs"),
            f"inputs lists what a multimodal model reads; {manifest.model.name} reads "
            f"{info.facts['model.modality']} only",
        )

    modality = stated or "text"
    # A task that reads audio, images or series gives the model those, whatever text the data
    # also holds (the transcripts of speech recognition): text stated for it is its labels.
    if modality == "text" and implied is not None and implied != "code":
        modality = implied
    avg_tokens = data.avg_tokens_per_example or plan.default_avg_tokens
    examples = data.labeled_examples
    facts["data.labeled_examples"] = examples
    facts["data.avg_tokens_per_example"] = avg_tokens
    facts["data.modality"] = modality
    facts["data.domain"] = data.domain
    facts["data.language"] = data.language

    # Can the model read this kind of data?
    # A model suggested instead must hold the inputs: the longest, else the average stated.
    tokens = data.max_tokens_per_example or data.avg_tokens_per_example
    match, suggestions, compatible = _modality_match(
        info, modality, tables, catalog, task.type,
        frozenset(needed_languages(manifest, tables)[0]), tokens,
    )  # fmt: skip
    # A code model writes SQL from questions stated as text (Hui et al. 2024, Qwen2.5-Coder,
    # Sec. 6: text-to-SQL): a code task's text is a code model's to read, and so is that of a
    # task of another type whose description says it writes code (code_output_terms).
    if match != "yes" and modality == "text" and (
        info.facts["model.modality"] == implied
        or (info.facts["model.modality"] == "code"
            and _writes_code(task.description, tables.code_output_terms))
    ):  # fmt: skip
        match, suggestions = "yes", None
    facts["modality.match"] = match
    facts["modality.suggestions"] = suggestions if suggestions is not None else []
    # A video task that turns on what changes across frames (motion, order, one object
    # followed) is none that a model of single images does frame by frame.
    # Tracking by detection links a detector's boxes across frames (Zhang et al. 2022,
    # ByteTrack): a detector is used on each frame whatever the video asks.
    term = (first_term(task.description or "", tables.temporal_terms, tables.temporal_exclusions)
            if modality == "video" else None)  # fmt: skip
    facts["task.temporal_term"] = term
    # A model that takes several images in one prompt sees a clip's frames together, in order.
    name = info.facts["model.catalog_name"]
    listed = catalog.model(name) if term is not None and name else None
    facts["model.multi_image"] = listed is not None and listed.multi_image
    facts["modality.frames_only"] = (match == "partial" and term is not None
                                     and task.type != "object-detection"
                                     and not facts["model.multi_image"])  # fmt: skip

    # What the description says the inputs are: raw sequences are compared as themselves.
    sequences, prose = input_facts(task.description or "", tables)
    facts["data.sequences"] = sequences
    facts["data.prose"] = prose
    # Code data with no domain tag is of the code domain: a model pre-trained on no code is
    # distant from it (Chen et al. 2021, Codex, Sec. 3: GPT-3 solves no HumanEval problem);
    # only where the model's domains are known, not the general default of a model nothing
    # describes (most language models of its size read code).
    compared = sequences or data.domain or (
        tables.modality_domains.get(modality)
        if data.modality == "code" and info.facts["model.domains_known"] else None)  # fmt: skip
    # Images with no domain tag are of the domain of the imagery the description names
    # (satellite, histopathology, thermal): far from the web photos most encoders saw.
    imagery = (imaging_domain(task.description or "", tables)
               if compared is None and modality in ("image", "video") else None)  # fmt: skip
    compared = compared or imagery
    facts["domain.compared"] = compared
    if compared:
        match, suggestions = _domain_match(info, compared, modality, compatible, tables,
                                           catalog, task.type, raw=sequences is not None,
                                           tokens=tokens)  # fmt: skip
        facts["domain.match"] = match
        facts["domain.suggestions"] = suggestions if suggestions is not None else []
        facts["domain.described"] = (
            tables.sequence_inputs[sequences]["describes"] if sequences
            else tables.imaging_domains[imagery]["describes"] if imagery
            else f"from the '{compared}' domain")  # fmt: skip
    else:
        facts["domain.match"] = None
        facts["domain.suggestions"] = []
        facts["domain.described"] = None

    situation_facts(manifest, facts, tables, catalog, compatible)

    # How much of the data fits into a few-shot prompt?
    context = info.facts["model.context_window"]
    reserve = plan.prompt_reserve_tokens
    share = plan.prompt_reserve_max_share
    if context and share is not None:
        reserve = min(reserve, context * share)
    # ... and never less than the input itself: the request is one more example's worth of
    # tokens beside the demonstrations (Brown et al. 2020, Sec. 2).
    if avg_tokens and avg_tokens > reserve:
        reserve = avg_tokens
    prompt_tokens = examples * avg_tokens if avg_tokens else None
    fit = max(0, int((context - reserve) // avg_tokens)) if context and avg_tokens else None
    facts["examples.prompt_reserve"] = int(reserve) if context else None
    facts["examples.prompt_tokens"] = prompt_tokens
    facts["examples.fit_in_context"] = fit
    in_prompt = examples if fit is None else min(examples, fit)
    most = plan.max_examples_in_prompt
    facts["examples.in_prompt"] = int(min(in_prompt, most)) if most is not None else in_prompt
    # The demonstrations' tokens on every request, whatever the model (hosted ones too).
    facts["examples.in_prompt_tokens"] = (
        int(facts["examples.in_prompt"] * avg_tokens) if avg_tokens else None
    )

    facts["budget.level"] = budget.level
    facts.update(_budget_facts(manifest, tables, catalog, memo))
    facts["budget.gpu_hours"] = budget.gpu_hours
    facts["budget.usd"] = budget.usd
    facts["budget.cpu_memory_gb"] = budget.cpu_memory_gb
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
