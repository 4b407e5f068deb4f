"""The model of a manifest, resolved: its facts from the manifest, a config.json, the catalog
or the rulebook's assumptions, and where each came from. Memoised per model description.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from transfer_advisor.advice.fields import (
    ASSUMABLE,
    TEXT_DATA,
    DataKind,
    family_fact,
    languages_summary,
    listed_fact,
    named_languages,
    read_fields,
)
from transfer_advisor.advice.inputs import sequence_model
from transfer_advisor.advice.kin import did_you_mean, family_tasks, specific_tasks
from transfer_advisor.advice.names import (
    active_from_name,
    family_word_length,
    instruct_name,
    quantized_from_name,
)
from transfer_advisor.advice.plan import _MODELS_LIMIT, _Memo, _ModelInfo, _remember
from transfer_advisor.advice.recommendation import ResolvedModel
from transfer_advisor.advice.relatives import relatives, same_size_model
from transfer_advisor.catalog import Catalog, ModelEntry, same_owner
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.model import NameFamily
from transfer_advisor.rules.rulebook import Rulebook


def translation_directions(entry: ModelEntry | None) -> str | None:
    """A translation model's trained directions, ``de → en`` or ``any → en``; None when its
    card does not limit them."""
    if entry is None or not (entry.translates_from or entry.translates_into):
        return None
    sources = ", ".join(entry.translates_from) or "any"
    targets = ", ".join(entry.translates_into) or "any"
    return f"{sources} → {targets}"


def _model_info(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog, memo: _Memo,
    data: DataKind = TEXT_DATA,
) -> _ModelInfo:  # fmt: skip
    """The model's facts; ``data``: what an undescribed model is assumed to read (see
    ``read_fields``)."""
    spec = manifest.model
    if config is not None:  # a config.json's facts: rare, not memoised
        return _model_facts(manifest, config, rulebook, catalog, data)
    key = (spec.name, data, spec.parameters, spec.architecture, spec.instruction_tuned,
           spec.context_window, spec.modality,
           None if spec.inputs is None else tuple(spec.inputs),
           None if spec.domains is None else tuple(spec.domains),
           None if spec.languages is None else tuple(spec.languages),
           None if spec.zero_shot_tasks is None else tuple(spec.zero_shot_tasks),
           spec.in_context_learning, spec.checkpoint, spec.weights,
           spec.active_parameters)  # fmt: skip
    info = memo.models.get(key)
    if info is None:
        info = _model_facts(manifest, None, rulebook, catalog, data)
        _remember(memo.models, key, info, _MODELS_LIMIT)
    return info


def _model_facts(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog,
    data: DataKind = TEXT_DATA,
) -> _ModelInfo:  # fmt: skip
    """The model facts of ``manifest``; ``config`` is its ``model_config_facts``."""
    spec = manifest.model
    tables = rulebook.tables
    rel = relatives(spec.name, catalog, tables)
    entry, directed, like, listed, family, role = (
        rel.entry,
        rel.directed,
        rel.like,
        rel.listed,
        rel.family,
        rel.role,
    )
    like_name, sibling, base_named = rel.like_name, rel.sibling, rel.base_named
    base_name, post_trained = rel.base_name, rel.post_trained
    fields = read_fields(spec, config, rel, rulebook, catalog, data)
    values, assumed, from_family = fields.values, fields.assumed, fields.from_family
    architecture = values["architecture"]
    modality = values["modality"]
    # An architecture or modality other than the named model's describes another model.
    reference = entry if entry is not None else like
    overridden = reference is not None and (
        (spec.architecture is not None and spec.architecture != reference.architecture)
        or (spec.modality is not None and spec.modality != reference.modality))  # fmt: skip
    # Stated to learn from examples in its prompt (SegGPT's image-mask pairs); an encoder
    # (BERT) reads no prompt to learn from, whatever the manifest says.
    if spec.in_context_learning in ("strong", "weak") and architecture != "encoder":
        promptable = True
    elif entry is not None and not overridden:
        promptable = entry.promptable
    elif role is not None:
        promptable = False  # an embedder or reranker takes inputs to encode, not a prompt
    elif like is not None and not overridden:
        promptable = like.promptable  # a fine-tune of a summarizer is no more promptable
    else:
        # A denoising encoder-decoder (BART, T5 v1.1) is fine-tuned before use; Flan-T5 is not.
        promptable = (architecture == "decoder" or (
            architecture == "encoder-decoder" and values["instruction_tuned"] is True)) and (
            modality in ("text", "code", "multimodal"))  # fmt: skip
    parameters = values["parameters"]
    instruction_tuned = values["instruction_tuned"]
    # What the model does as it is: stated, else the catalog's, else (an instruction-tuned
    # generative text model) the tasks the rulebook says such models do zero-shot; not the
    # named model's when the manifest redefines its architecture or modality (another model).
    known = entry if entry is not None and not overridden else None
    if known is None and like is not None and not overridden and not base_named:
        known = like  # a derivative does what the model it is derived from does
    if role is not None and known is not None and known.promptable:
        known = None  # an embedder built on a chat model does not chat
    zero_shot = spec.zero_shot_tasks
    if zero_shot is None and role is not None:
        zero_shot = role["zero_shot_tasks"]
        assumed.append(f"zero_shot_tasks={', '.join(zero_shot)} (its name says {role['role']})")
    # A listed family's tasks, where its word is more specific than the catalog name the
    # model's contains (donut-base-finetuned-cord-v2 parses receipts; donut-base does not).
    listed_tasks, tasks_family = listed_fact(listed, "zero_shot_tasks")
    if (zero_shot is None and listed_tasks and like_name is not None
            and family_word_length(spec.name, tasks_family) > len(like_name)):  # fmt: skip
        zero_shot = list(listed_tasks)
        assumed.append(f"zero_shot_tasks={', '.join(zero_shot)} (from the name: "
                       f"{tasks_family['family']})")  # fmt: skip
    if zero_shot is None and known is not None:
        zero_shot = known.zero_shot_tasks
    if zero_shot is None and family is not None and not _overridden_family(spec, family):
        shared_tasks = family_tasks(catalog, family)
        if shared_tasks:
            zero_shot = list(shared_tasks)
            assumed.append(f"zero_shot_tasks={', '.join(shared_tasks)} (what every "
                           f"{family.family} model does, from the name)")  # fmt: skip
    if zero_shot is None:
        zero_shot = tables.instruct_zero_shot_tasks if instruction_tuned and promptable else []
        by_modality = tables.modality_zero_shot_tasks.get(modality) if promptable else None
        if by_modality and architecture in ("decoder", "encoder-decoder"):
            zero_shot = [*zero_shot, *(t for t in by_modality if t not in zero_shot)]
        zero_shot = [*zero_shot, *(t for t in listed_fact(listed, "zero_shot_tasks")[0] or ()
                                   if t not in zero_shot)]  # fmt: skip
    # What a model reads: a listed family's, when its word is more specific than the catalog
    # name the model's contains (gpt-4o-transcribe is no gpt-4o), else the known model's.
    listed_inputs, inputs_family = listed_fact(listed, "inputs")
    if listed_inputs and (like_name is None or family_word_length(spec.name, inputs_family)
                          > len(like_name)):  # fmt: skip
        inputs = spec.inputs or listed_inputs
    else:
        # A base checkpoint (gemma-3-12b-pt) reads what its catalog sibling reads, though it
        # does not do that sibling's tasks as it is.
        read_like = known if known is not None else (like if not overridden else None)
        inputs = (spec.inputs or (read_like.inputs if read_like is not None else None)
                  or listed_inputs or [])  # fmt: skip
    zero_shot = specific_tasks(zero_shot, {*inputs, modality}, tables)
    checkpoint = spec.checkpoint or (known.checkpoint if known else None)
    if checkpoint is None and entry is None:
        checkpoint = listed_fact(listed, "checkpoint")[0]  # a listed family's (ESM-2: pretrained)
    if checkpoint is None and role is not None:
        checkpoint = "task"  # trained for its role
    if checkpoint is None and base_named:
        checkpoint = "base"
    if checkpoint is None and instruction_tuned:
        checkpoint = "instruct"
    # A derivative of a hosted model (gpt-4-32k) is hosted too, unless a family says not.
    listed_weights = listed_fact(listed, "weights")[0]
    hosted_like = (like if entry is None and like is not None and like.weights != "open"
                   and listed_weights is None else None)  # fmt: skip
    weights = spec.weights or (entry.weights if entry else (
        listed_weights or (hosted_like.weights if hosted_like is not None else "open")))  # fmt: skip
    # Open weights the catalog knows of, whatever the manifest says (Llama 3.1 on Bedrock).
    published = (entry.weights == "open" if entry is not None else
                 like.weights == "open" if like is not None else listed_weights == "open")  # fmt: skip
    # Under another provider's name (bedrock/gpt-4o-mini), not its maker's tuning service.
    source_entry = entry or (hosted_like if same_owner(spec.name, hosted_like) else None)
    tuning = source_entry.tuning if source_entry is not None and weights == "hosted" else None
    active = spec.active_parameters or (entry.active_parameters if entry else None)
    if active is None and entry is None and spec.active_parameters is None:
        # A mixture of experts routes each token through its active experts: a derivative
        # keeps the catalog model's count with its size, and a name may state it ("-A3B").
        if like is not None and like.active_parameters and parameters == like.parameters:
            active = like.active_parameters
            assumed.append(f"active_parameters of {like.name}")
        else:
            active = active_from_name(spec.name)
            if active is not None and (parameters is None or active < parameters):
                assumed.append(f"active_parameters={active:,} (from the name)")
            elif "parameters" in from_family:
                # The family's routed count goes with the family's size.
                active = family_fact(listed, "active_parameters", assumed, from_family)
            else:
                active = None
    # A checkpoint published quantized (GPTQ, AWQ): its stored width, 0 if its name lacks it.
    quantized = quantized_from_name(spec.name, tables.quantized_words) if entry is None else None
    if quantized:
        assumed.append(f"weights quantized to {quantized} bits (from the name)")
    # A listed task checkpoint's fixed head: what it was trained for and its labels.
    head = listed_fact(listed, "label_set")[1] if entry is None else cast(NameFamily, {})
    domains = tuple(values["domains"] or ("general",))
    implied_domain = tables.modality_domains.get(modality) if modality else None
    if implied_domain and implied_domain not in domains:
        domains = (*domains, implied_domain)
    # A derivative of a catalog model of its size (a fine-tune, a quantized copy, a base
    # checkpoint) has that model's architecture too, whether it takes the size or the manifest
    # states it (the estimates check that the stated size is that model's). A sibling of
    # another size is built as its line builds that size: the catalog's model of that size
    # with the sibling's architecture lends its shape.
    shape_of = (like.name if entry is None and directed is None and like is not None
                and sibling is None and not overridden else None)  # fmt: skip
    if like is not None and sibling is not None and not overridden and parameters is not None:
        same = same_size_model(catalog, like, parameters)
        if same is not None:
            shape_of = same.name
            assumed.append(f"shape of {same.name}, the {same.family} model of its size")
    lineage = entry if entry is not None else like  # the catalog model it is or derives from
    languages, many = named_languages(values["languages"], tables.many_languages_tags)
    facts = {
        "model.name": spec.name,
        "model.catalog_name": entry.name if entry else None,
        "model.shape_of": shape_of,
        "model.in_catalog": entry is not None,
        "model.parameters": parameters,
        "model.architecture": architecture,
        "model.instruction_tuned": values["instruction_tuned"],
        "model.context_window": values["context_window"],
        "model.window_assumed": fields.defaulted("context_window"),
        "model.modality": modality,
        "model.inputs": tuple(inputs) if modality == "multimodal" else (),
        "model.reads": _reads(modality, inputs),
        "model.domains": domains,
        # Whether the domains were stated, catalogued or read (name, listed family), not defaulted.
        "model.domains_known": values["domains"] is not None,
        # Pre-trained only on raw sequences (ESM, Nucleotide Transformer, ChemBERTa): a model
        # that also read prose (Galactica: science, chemistry, biology) is not one, though
        # the manifest tags it with its sequences' domain alone (MolT5 told "chemistry").
        "model.sequence_model": sequence_model(domains, _family_domains(listed, entry or like),
                                               tables),
        "model.languages": languages,
        "model.promptable": promptable,
        # An embedder or reranker returns vectors or scores, whatever its architecture.
        "model.generative": architecture in ("decoder", "encoder-decoder") and role is None,
        "model.role": role["role"] if role is not None else None,
        "model.role_description": role["description"] if role is not None else None,
        # A sibling's instruct variant is of another size.
        "model.instruct_variant": _instruct_variant(
            entry, like if sibling is None else None, base_named, instruction_tuned, spec.name,
            listed_fact(listed, "instruct_word")[0] or "" if post_trained else None),
        "model.base_variant": entry.base_variant if entry else None,
        "model.family": entry.family if entry else None,
        "model.fp16_unstable": lineage is not None
        and lineage.family in tables.fp16_unstable_families,
        "model.languages_summary": languages_summary(languages),
        # The card's directions (none where the manifest redefines the architecture or modality).
        "model.translates_from": tuple(known.translates_from) if known is not None else (),
        "model.translates_into": tuple(known.translates_into) if known is not None else (),
        "model.directions": translation_directions(known),
        "model.assumed": ", ".join(assumed),
        "model.weights_gb": None if parameters is None else round(parameters * 2 / 1e9, 1),
        "model.zero_shot_tasks": tuple(zero_shot),
        "model.trained_for": (
            tuple(known.trained_for) if known is not None and known.trained_for
            else tuple(head.get("trained_for", ()))),
        # A head's label set is the catalog checkpoint's own: a derivative has its own head
        # (vit-base-patch16-224-in21k, a fine-tune on beans); else a listed task checkpoint's
        # (distilbert-base-uncased-finetuned-sst-2-english: positive and negative).
        "model.label_set": (
            entry.label_set if entry is not None and known is entry else head.get("label_set")),
        "model.label_set_terms": (
            tuple(entry.label_set_terms) if entry is not None and known is entry
            else tuple(head.get("label_set_terms", ()))),
        "model.label_set_classes": (
            tuple(entry.label_set_classes) if entry is not None and known is entry
            else tuple(head.get("label_set_classes", ()))),
        "model.in_context_learning": (
            spec.in_context_learning or _in_context_learning(known, sibling, rulebook)
            or (listed_fact(listed, "in_context_learning")[0] if entry is None else None)),
        "model.images_per_prompt": known.images_per_prompt if known is not None else None,
        "model.input_seconds": known.input_seconds if known is not None else None,
        "model.card_technique": listed_fact(listed, "card_technique")[0] if entry is None else None,
        "model.transcribes": bool(known.transcribes if known else listed_fact(listed, "transcribes")[0]),
        "model.zero_shot_first": bool(
            known.zero_shot_first if known else listed_fact(listed, "zero_shot_first")[0]),
        "model.checkpoint": checkpoint,
        "model.weights": weights,
        "model.weights_published": published,
        "model.quantized": quantized is not None,
        "model.quantized_bits": quantized or None,
        "model.serving_bits": entry.serving_bits if entry is not None else None,
        "model.tuning.service": tuning.service if tuning else None,
        "model.tuning.min_examples": tuning.min_examples if tuning else None,
        "model.tuning.recommended_examples": tuning.recommended_examples if tuning else None,
        "model.tuning.source": tuning.source if tuning else None,
        **{f"model.tuning.{key}": getattr(tuning, key) if tuning else None
           for key in ("new_customers_until", "jobs_until", "idle_since", "idle_days", "adapter")},
        "model.tuning.usd_per_million_tokens": tuning and tuning.usd_per_million_training_tokens,
        # How the service picks its epochs when the job names none (catalog.DefaultEpochs).
        "model.tuning.default_epochs": (
            (tuning.default_epochs.target, tuning.default_epochs.min_trained_examples,
             tuning.default_epochs.max_trained_examples, tuning.default_epochs.max)
            if tuning and tuning.default_epochs else None),
        "model.active_parameters": active,
        "model.languages_many": many,
        "model.languages_complete": not many and (
            spec.languages is not None or (entry.languages_complete if entry is not None else (
                "languages" not in from_family
                or listed_fact(listed, "languages")[1].get("languages_complete", True)))),
        "model.did_you_mean": (
            did_you_mean(catalog, spec.name)
            if entry is None and directed is None and base_name is None else None),
    }  # fmt: skip
    source: Literal["manifest", "catalog", "config", "assumed"]
    if assumed:
        source = "assumed"
    elif config is not None:
        source = "config"
    elif entry is not None and any(getattr(spec, n) is None for n in ("parameters", *ASSUMABLE)):
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


def _overridden_family(spec: Any, family: ModelEntry) -> bool:
    """Whether the manifest gives the model another architecture or modality than its family's:
    it then describes another model, which does not do what the family does."""
    return (spec.architecture is not None and spec.architecture != family.architecture) or (
        spec.modality is not None and spec.modality != family.modality
    )


def _family_domains(listed: list[NameFamily], like: ModelEntry | None) -> list[str]:
    """The domains of the family a model's name names, or of the catalog model it relates
    to: what its cards say it was pre-trained on, whatever the manifest states."""
    domains = listed_fact(listed, "domains")[0]
    return list(domains or (like.domains if like is not None else ()))


def _in_context_learning(
    known: ModelEntry | None, sibling: str | None, rulebook: Rulebook
) -> str | None:
    """How well the model learns from examples in its prompt, as the catalog says; for a
    sibling of another size, only what its card says of the family: the catalog's weak
    learners below the size rule's thresholds are weak for their size (gpt2, Qwen2.5-0.5B),
    while an instruction-tuned one above it is weak by its training (DeepSeek-R1's distills:
    few-shot prompting degrades them, whatever their size)."""
    if known is None:
        return None
    if sibling is None:
        return known.in_context_learning
    trained_weak = (
        known.in_context_learning == "weak" and known.instruction_tuned is True
        and known.parameters is not None
        and known.parameters >= rulebook.thresholds.get("weak_in_context_max_parameters", 0))  # fmt: skip
    return "weak" if trained_weak else None


def _reads(modality: str | None, inputs: Any) -> str | None:
    """What a model reads, in words: its modality, or a multimodal model's inputs."""
    if modality != "multimodal":
        return modality
    kinds = list(inputs)
    if not kinds:
        return "several kinds of data"
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"


def _instruct_variant(
    entry: ModelEntry | None,
    like: ModelEntry | None,
    base_named: bool,
    instruction_tuned: Any,
    name: str,
    post_trained: str | None,
) -> str | None:
    """The instruction-tuned sibling: the catalog's; for a base checkpoint named beside an
    instruct catalog model, that model; for a base derivative (gemma-2-9b-pt), its base's; for
    a "-Base" checkpoint of a listed family whose models are post-trained (``post_trained``:
    their word for "Base", "" for none), its name so (GLM-4.5-Air-Base: GLM-4.5-Air)."""
    if entry is not None:
        return entry.instruct_variant
    if like is None:
        tuned = instruction_tuned is False and post_trained is not None
        return instruct_name(name, post_trained or None) if tuned else None
    if base_named:
        return like.name
    return like.instruct_variant if instruction_tuned is False else None
