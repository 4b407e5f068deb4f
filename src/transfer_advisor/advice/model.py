"""The model of a manifest, resolved: its facts from the manifest, a config.json, the catalog
or the rulebook's assumptions, and where each came from. Memoised per model description.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from transfer_advisor.advice.kin import (
    base_key,
    base_of,
    decoder_family_named,
    derived_key,
    did_you_mean,
    directed_model,
    family_from_name,
    family_tasks,
    member_size,
    sibling_key,
)
from transfer_advisor.advice.names import (
    TEXT_KINDS,
    active_from_name,
    architecture_from_name,
    base_from_name,
    encoder_window,
    family_word_length,
    instruct_from_name,
    languages_from_name,
    named_families,
    quantized_from_name,
    role_from_name,
    size_from_name,
    window_from_name,
    without_base_word,
)
from transfer_advisor.advice.plan import _MODELS_LIMIT, _Memo, _ModelInfo, _remember
from transfer_advisor.advice.recommendation import ResolvedModel
from transfer_advisor.catalog import Catalog, ModelEntry
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.model import NameFamily
from transfer_advisor.rules.rulebook import Rulebook

_ASSUMABLE = ("architecture", "instruction_tuned", "context_window", "modality")
_FROM_CONFIG = ("parameters", "architecture", "context_window", "modality")


def translation_directions(entry: ModelEntry | None) -> str | None:
    """A translation model's trained directions, ``de → en`` or ``any → en``; None when its
    card does not limit them."""
    if entry is None or not (entry.translates_from or entry.translates_into):
        return None
    sources = ", ".join(entry.translates_from) or "any"
    targets = ", ".join(entry.translates_into) or "any"
    return f"{sources} → {targets}"


def _languages_summary(languages: Any) -> str:
    """A model's languages as a person reads them: all of a few, or the first and a count."""
    shown = list(languages)
    if not shown:
        return "no language listed"
    if len(shown) <= 8:
        return ", ".join(shown)
    return f"{', '.join(shown[:6])} and {len(shown) - 6} more"


def _model_info(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog, memo: _Memo
) -> _ModelInfo:
    spec = manifest.model
    if config is not None:  # a config.json's facts: rare, not memoised
        return _model_facts(manifest, config, rulebook, catalog)
    key = (spec.name, spec.parameters, spec.architecture, spec.instruction_tuned,
           spec.context_window, spec.modality,
           None if spec.inputs is None else tuple(spec.inputs),
           None if spec.domains is None else tuple(spec.domains),
           None if spec.languages is None else tuple(spec.languages),
           None if spec.zero_shot_tasks is None else tuple(spec.zero_shot_tasks),
           spec.in_context_learning, spec.checkpoint, spec.weights,
           spec.active_parameters)  # fmt: skip
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
    tables = rulebook.tables
    entry = catalog.model(spec.name)
    # A name that follows a catalog family's direction pattern (opus-mt-en-fr) is that model
    # for the direction the name gives; else a name containing a catalog model's derives from it.
    directed = directed_model(catalog, spec.name, tables) if entry is None else None
    like_key = derived_key(catalog, spec.name) if entry is None and not directed else None
    # Else a name that is a catalog instruct model's less its instruction word is its base
    # checkpoint (Llama-3.2-11B-Vision): its shape and what it reads, not its tuning.
    base_name = (base_key(catalog, spec.name)
                 if entry is None and not directed and like_key is None else None)  # fmt: skip
    # Else a name that is a catalog model's with another size is its sibling: it shares what
    # the card says of the family (what it reads, its window, its tuning), not its size.
    sibling = (sibling_key(catalog, spec.name) if entry is None and not directed
               and like_key is None and base_name is None else None)  # fmt: skip
    like_name = like_key or sibling or base_name
    like = directed[0] if directed else (
        catalog.model(catalog.model_keys()[like_name]) if like_name is not None else None)  # fmt: skip
    # A family the catalog does not list, named with its version (OLMo 2, Granite 3.1): what
    # its cards say of all its models.
    listed = named_families(spec.name, tables.name_families) if entry is None else []
    # The base checkpoint of an instruction-tuned catalog model shares its shape, not its
    # tuning; a name of a listed family whose models are post-trained is no base unless it
    # says so (Phi-4-mini-flash-reasoning is not Phi-4-mini-instruct's base).
    post_trained = any(listed_family.get("instruction_tuned") is True for listed_family in listed)
    base_named = (like is not None and base_of(spec.name, like)
                  and (not post_trained or base_from_name(spec.name)))  # fmt: skip
    # A model of a non-text family the name names (and no catalog model it contains): what
    # it reads and its architecture are its family's.
    family = family_from_name(catalog, spec.name) if entry is None and like is None else None
    # What the name says the model does (an embedder, a reranker) beats what the model it
    # contains does: e5-mistral-7b-instruct embeds, though Mistral-7B-Instruct chats.
    role = role_from_name(spec.name, tables.name_roles) if entry is None else None
    reads_text = (
        spec.modality
        or _listed_fact(listed, "modality")[0]
        or next((m.modality for m in (entry, like, family) if m is not None), "text")
    ) in TEXT_KINDS
    assumed_defaults: Mapping[str, object] = rulebook.tables.assumed_model
    assumed: list[str] = []
    from_like: list[str] = []
    from_family: set[str] = set()
    values: dict[str, Any] = {}
    for name in ("parameters", "architecture", "instruction_tuned", "context_window",
                 "modality", "domains", "languages"):  # fmt: skip
        value = getattr(spec, name)
        if value is None and config is not None and name in _FROM_CONFIG:
            value = getattr(config, name)
        if value is None and entry is not None:
            value = getattr(entry, name)
        if value is None and base_named and name == "instruction_tuned":
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if (value is None and entry is None and name == "instruction_tuned"
                and instruct_from_name(spec.name)):  # fmt: skip
            # Before the model the name contains: SmolLM2-360M-Instruct is not its base sibling.
            value = True
            assumed.append("instruction_tuned=true (from the name)")
        if value is None and entry is None and name == "context_window" and reads_text:
            # A window the name states beats the one of the model it derives from
            # (Llama-3-8B-Instruct-Gradient-1048k is not Llama 3's 8,192); a speech or image
            # model's numbers are hours or classes (wav2vec2-large-100k-voxpopuli).
            value = window_from_name(spec.name, {})
            if value is not None:
                assumed.append(f"context_window={value:,} (from the name)")
        if (value is None and entry is None and name == "instruction_tuned" and family is None
                and without_base_word(spec.name) and base_from_name(spec.name)):  # fmt: skip
            # The name's own "Base" beats its family's post-training: SmolLM3-3B-Base.
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if value is None and name not in ("languages", "parameters"):
            value = _from_family(listed, name, assumed, from_family)
        if value is None and entry is None and name == "context_window" and reads_text:
            value = window_from_name(spec.name, tables.name_windows)
            if value is not None:
                assumed.append(f"context_window={value:,} (from the name)")
        if value is None and entry is None and name == "languages":
            named = languages_from_name(spec.name, tables.language_names)
            if named is not None:
                # A German BERT is not the English BERT its name contains; a multilingual one's
                # languages are unknown rather than its base model's.
                value = list(named)
                if named:
                    assumed.append(f"languages={', '.join(named)} (from the name)")
                # A decoder adapted to a language keeps the languages of the model it was
                # adapted from (Command R7B Arabic also reads English and the rest).
                parent, of = _parent_languages(listed, like if directed is None else None)
                if named and parent and values["architecture"] == "decoder":
                    value += [code for code in parent if code not in named]
                    assumed[-1] += f" and {_languages_summary(parent)} (those of {of})"
                values[name] = value or None
                continue
        if value is None and name == "languages":
            value = _from_family(listed, name, assumed, from_family)
        if value is None and like is not None and name != "parameters":
            value = getattr(like, name)
            if value is not None:
                from_like.append(name)
        if value is None and entry is None and name == "parameters" and base_name is None:
            # A derivative has the size of the catalog model it contains, unless its name
            # states another member of the family (SmolLM2-360M beside SmolLM2-1.7B); a base
            # checkpoint has its instruct variant's.
            value = size_from_name(spec.name) if like_key is None else (
                member_size(spec.name, like_key) if not directed else None)  # fmt: skip
            if value is not None:
                assumed.append(f"parameters={value:,} (from the name)")
        if (value is None and entry is None and name == "instruction_tuned"
                and instruct_from_name(spec.name)):  # fmt: skip
            value = True
            assumed.append("instruction_tuned=true (from the name)")
        if (value is None and entry is None and name == "instruction_tuned" and family is None
                and base_from_name(spec.name)):  # fmt: skip
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if value is None and entry is None and name == "architecture":
            value = architecture_from_name(spec.name)
            if value == "encoder" and decoder_family_named(catalog, spec.name):
                # An embedder built on a decoder (gte-Qwen2-7B-instruct) is no BERT,
                # whatever its "gte" or "bge".
                value = None
            if value is not None:
                assumed.append(f"architecture={value} (from the name)")
        if value is None and family is not None and name in ("architecture", "modality"):
            value = getattr(family, name)
            assumed.append(f"{name}={value} (a {family.family} model, from the name)")
        if (value is None and entry is None and name == "context_window"
                and values["architecture"] == "encoder"):  # fmt: skip
            # An encoder of a BERT family has that family's learned positions (bge-small: 512).
            value = encoder_window(spec.name, tables.encoder_windows)
            if value is not None:
                assumed.append(f"context_window={value:,} (its encoder family's, from the name)")
        # A catalog entry's null (no fixed context window) is a fact, not a gap to assume.
        if (value is None and entry is None and like is not None and name == "parameters"
                and sibling is None):  # fmt: skip
            value = like.parameters
            if value is not None:
                from_like.append(name)
        if value is None and entry is None and name == "parameters":
            # A family of one size whose names do not state it (DeepSeek-R1-0528: 671B).
            value = _from_family(listed, name, assumed, from_family)
        if (
            value is None
            and entry is None
            and name in _ASSUMABLE
            and name in assumed_defaults
            and (reads_text or name != "context_window")
        ):  # no token window for images
            value = assumed_defaults[name]
            assumed.append(f"{name}={_show(value)}")
        values[name] = value
    if directed is not None and from_like:
        # The languages are the name's, not the family model's.
        shared = ", ".join(name for name in from_like if name != "languages")
        assumed.insert(0, f"{shared} of {directed[1]}, its family's model, and the direction "
                          f"{' → '.join(directed[0].languages)} from the name")  # fmt: skip
    elif like is not None and from_like and base_name is not None:
        assumed.insert(0, f"{', '.join(from_like)} of {like.name} (the name is its base "
                          "checkpoint's)")  # fmt: skip
    elif like is not None and from_like and sibling is not None:
        assumed.insert(0, f"{', '.join(from_like)} of {like.name}, a sibling of another size "
                          "(from the name)")  # fmt: skip
    elif like is not None and from_like:
        assumed.insert(0, f"{', '.join(from_like)} of {like.name} (the name contains it)")
    architecture = values["architecture"]
    modality = values["modality"]
    # An architecture or modality other than the named model's describes another model (one
    # that only restates them does not).
    reference = entry if entry is not None else like
    overridden = reference is not None and (
        (spec.architecture is not None and spec.architecture != reference.architecture)
        or (spec.modality is not None and spec.modality != reference.modality))  # fmt: skip
    if entry is not None and not overridden:
        promptable = entry.promptable
    elif role is not None:
        promptable = False  # an embedder or reranker takes inputs to encode, not a prompt
    elif like is not None and not overridden:
        promptable = like.promptable  # a fine-tune of a summarizer is no more promptable
    else:
        # An encoder-decoder pre-trained only as a denoiser (BART, T5 v1.1, mT5) is fine-tuned
        # before use (their cards); instruction tuning makes one promptable (Flan-T5).
        promptable = (architecture == "decoder" or (
            architecture == "encoder-decoder" and values["instruction_tuned"] is True)) and (
            modality in ("text", "code", "multimodal"))  # fmt: skip
    parameters = values["parameters"]
    instruction_tuned = values["instruction_tuned"]
    # What the model does as it is: stated, else the catalog's, else (an instruction-tuned
    # generative text model) the tasks the rulebook says such models do zero-shot.
    # A manifest that redefines the model's architecture or modality describes another
    # model: the catalog's capabilities of the named one no longer apply.
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
    listed_tasks, tasks_family = _listed_fact(listed, "zero_shot_tasks")
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
        zero_shot = [*zero_shot, *(t for t in _listed_fact(listed, "zero_shot_tasks")[0] or ()
                                   if t not in zero_shot)]  # fmt: skip
    # What a model reads: a listed family's, when its word is more specific than the catalog
    # name the model's contains (gpt-4o-transcribe is no gpt-4o), else the known model's.
    listed_inputs, inputs_family = _listed_fact(listed, "inputs")
    if listed_inputs and (like_name is None or family_word_length(spec.name, inputs_family)
                          > len(like_name)):  # fmt: skip
        inputs = spec.inputs or listed_inputs
    else:
        inputs = spec.inputs or (known.inputs if known is not None else None) or listed_inputs or []
    checkpoint = spec.checkpoint or (known.checkpoint if known else None)
    if checkpoint is None and role is not None:
        checkpoint = "task"  # trained for its role
    if checkpoint is None and base_named:
        checkpoint = "base"
    if checkpoint is None and instruction_tuned:
        checkpoint = "instruct"
    # A name derived from a hosted or closed model (gpt-4-32k) is served by its provider too.
    # ... unless a listed family says otherwise (CohereForAI/c4ai-command-r-v01 is open).
    listed_weights = _listed_fact(listed, "weights")[0]
    hosted_like = (like if entry is None and like is not None and like.weights != "open"
                   and listed_weights is None else None)  # fmt: skip
    weights = spec.weights or (entry.weights if entry else (
        listed_weights or (hosted_like.weights if hosted_like is not None else "open")))  # fmt: skip
    source_entry = entry if entry is not None else hosted_like
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
                active = _from_family(listed, "active_parameters", assumed, from_family)
            else:
                active = None
    # A checkpoint published quantized (GPTQ, AWQ): its stored width, 0 when its name does not
    # say it.
    quantized = quantized_from_name(spec.name, tables.quantized_words) if entry is None else None
    if quantized:
        assumed.append(f"weights quantized to {quantized} bits (from the name)")
    # A listed task checkpoint's fixed head: what it was trained for and its labels.
    head = _listed_fact(listed, "label_set")[1] if entry is None else cast(NameFamily, {})
    domains = tuple(values["domains"] or ("general",))
    implied_domain = tables.modality_domains.get(modality) if modality else None
    if implied_domain and implied_domain not in domains:
        domains = (*domains, implied_domain)
    facts = {
        "model.name": spec.name,
        "model.catalog_name": entry.name if entry else None,
        # A derivative of the catalog model whose size it takes (a fine-tune, a quantized
        # copy, a base checkpoint) has that model's architecture too.
        "model.shape_of": (
            like.name if entry is None and directed is None and like is not None
            and "parameters" in from_like else None),
        "model.in_catalog": entry is not None,
        "model.parameters": parameters,
        "model.architecture": architecture,
        "model.instruction_tuned": values["instruction_tuned"],
        "model.context_window": values["context_window"],
        "model.modality": modality,
        "model.inputs": tuple(inputs) if modality == "multimodal" else (),
        "model.reads": _reads(modality, inputs),
        "model.domains": domains,
        "model.languages": tuple(values["languages"] or ()),
        "model.promptable": promptable,
        # An embedder or reranker returns vectors or scores, whatever its architecture.
        "model.generative": architecture in ("decoder", "encoder-decoder") and role is None,
        "model.role": role["role"] if role is not None else None,
        "model.role_description": role["description"] if role is not None else None,
        # A sibling's instruct variant is of another size.
        "model.instruct_variant": _instruct_variant(
            entry, like if sibling is None else None, base_named, instruction_tuned, spec.name,
            post_trained),
        "model.base_variant": entry.base_variant if entry else None,
        "model.family": entry.family if entry else None,
        "model.languages_summary": _languages_summary(values["languages"] or ()),
        # The directions of the checkpoint the card describes (none when the manifest redefines
        # the model's architecture or modality: another model).
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
            or (_listed_fact(listed, "in_context_learning")[0] if entry is None else None)),
        "model.checkpoint": checkpoint,
        "model.weights": weights,
        "model.quantized": quantized is not None,
        "model.quantized_bits": quantized or None,
        "model.tuning.service": tuning.service if tuning else None,
        "model.tuning.min_examples": tuning.min_examples if tuning else None,
        "model.tuning.recommended_examples": tuning.recommended_examples if tuning else None,
        "model.tuning.source": tuning.source if tuning else None,
        "model.active_parameters": active,
        "model.languages_complete": (
            spec.languages is not None or (entry.languages_complete if entry is not None else (
                "languages" not in from_family
                or _listed_fact(listed, "languages")[1].get("languages_complete", True)))),
        "model.did_you_mean": (
            did_you_mean(catalog, spec.name)
            if entry is None and directed is None and base_name is None else None),
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


def _overridden_family(spec: Any, family: ModelEntry) -> bool:
    """Whether the manifest gives the model another architecture or modality than its family's:
    it then describes another model, which does not do what the family does."""
    return (spec.architecture is not None and spec.architecture != family.architecture) or (
        spec.modality is not None and spec.modality != family.modality
    )


def _listed_fact(listed: list[NameFamily], name: str) -> tuple[Any, NameFamily]:
    """The fact ``name`` of the first listed family that gives it, with that family; (None,
    {}) when none does."""
    for family in listed:
        value = cast("Mapping[str, Any]", family).get(name)
        if value is not None:
            return value, family
    return None, cast(NameFamily, {})


def _parent_languages(listed: list[NameFamily], like: ModelEntry | None) -> tuple[list[str], str]:
    """The languages of the model a name derives from, a listed family's before a catalog
    model's it contains, with that model's name; ([], "") when neither gives them."""
    value, family = _listed_fact(listed, "languages")
    if value:
        return list(value), family["family"]
    if like is not None and like.languages:
        return list(like.languages), like.name
    return [], ""


def _from_family(
    listed: list[NameFamily], name: str, assumed: list[str], from_family: set[str]
) -> Any:
    """The fact ``name`` of the listed families a model's name names, noted among the assumed
    facts and in ``from_family``, or None."""
    value, family = _listed_fact(listed, name)
    if value is not None:
        from_family.add(name)
        shown = ", ".join(value) if isinstance(value, list) else (
            f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else _show(value))  # fmt: skip
        assumed.append(f"{name}={shown} (from the name: {family['family']})")
    return value


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
    post_trained: bool,
) -> str | None:
    """The instruction-tuned sibling: the catalog's; for a base checkpoint named beside an
    instruct catalog model, that model; for a base derivative of a base catalog model
    (gemma-2-9b-pt beside gemma-2-9b), that model's sibling; for a "-Base" checkpoint of a
    listed family whose published models are post-trained, its name without "-Base"
    (GLM-4.5-Air-Base: GLM-4.5-Air)."""
    if entry is not None:
        return entry.instruct_variant
    if like is None:
        return without_base_word(name) if instruction_tuned is False and post_trained else None
    if base_named:
        return like.name
    return like.instruct_variant if instruction_tuned is False else None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
