"""The model of a manifest, resolved: its facts from the manifest, a config.json, the catalog
or the rulebook's assumptions, and where each came from. Memoised per model description.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Literal

from transfer_advisor._internal.didyoumean import closest
from transfer_advisor.advice.plan import _MODELS_LIMIT, _Memo, _ModelInfo, _remember
from transfer_advisor.advice.recommendation import ResolvedModel
from transfer_advisor.catalog import Catalog, ModelEntry
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.model import Tables
from transfer_advisor.rules.rulebook import Rulebook

_ASSUMABLE = ("architecture", "instruction_tuned", "context_window", "modality")
_FROM_CONFIG = ("parameters", "architecture", "context_window", "modality")

#: A size in a model's name: "13b", "1.5B", "350m", or a mixture's "8x7b" (8 experts of 7B).
_NAME_SIZE = re.compile(r"(?<![a-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([bm])(?![a-z0-9])", re.I)
#: An instruction-tuned checkpoint's name: "-instruct", "-chat", "-it", or Flan's
#: instruction tuning (flan-ul2; Chung et al. 2022).
_NAME_INSTRUCT = re.compile(r"(?<![a-z0-9])(instruct|chat|it|flan)(?![a-z0-9])", re.I)
_NAME_UNIT = {"b": 10**9, "m": 10**6}
#: A base checkpoint's name: "base" or "pt" (pre-trained) right after the size, "-7B-Base".
_NAME_BASE_CHECKPOINT = re.compile(r"\d[bm][-_](base|pt)(?![a-z0-9])", re.I)
#: Names of encoder families: BERT and its descendants, and the sentence encoders built on them.
_NAME_ENCODER = re.compile(
    r"(?<![a-z0-9])(bert|roberta|deberta|distilbert|albert|electra|xlm-r|xlm-roberta|"
    r"modernbert|minilm|mpnet|e5|bge|gte|longformer|bigbird)(?![a-z])",
    re.I,
)
#: Names of encoder-decoder families: BART, T5 and their descendants, LED (Longformer's
#: encoder-decoder), Pegasus, Marian, NLLB and M2M-100.
_NAME_SEQ2SEQ = re.compile(
    r"(?<![a-z0-9])(bart|mbart|t5|mt5|byt5|flan-t5|codet5|codet5p|ul2|led|pegasus|marian|nllb|"
    r"m2m100|m2m-100)(?![a-z])",
    re.I,
)


def architecture_from_name(name: str) -> str | None:
    """The architecture a model's name says: an encoder family's (``acme/bert-base-legal``) or a
    sequence-to-sequence family's (``facebook/bart-base``, ``allenai/led-base-16384``)."""
    short = name.rsplit("/", 1)[-1]
    if _NAME_SEQ2SEQ.search(short) is not None:
        return "encoder-decoder"
    if _NAME_ENCODER.search(short) is not None:
        return "encoder"
    return None


#: A word of a model's name that may state its context window: "8k", "128K", "16384", "1M".
_NAME_WINDOW = re.compile(r"(?<![a-z0-9.])(\d+)(k|m)?(?![a-z0-9.])", re.I)


def _power_of_two(value: int) -> bool:
    return value > 0 and value & (value - 1) == 0


def _window_words(short: str) -> list[tuple[int, str]]:
    """The context windows the words of a model's short name state, with each word: "4k" and
    "128k" count in 1,024s (4,096 and 131,072 tokens), "262k" and "1048k" are the power of two
    they round (262,144 and 1,048,576), "200k" is 200,000; a bare number is a window only as a
    power of two from 2,048 ("longformer-base-4096"), and "1M" only after a size in billions
    ("Qwen2.5-7B-Instruct-1M", where a size in millions would make two sizes). Other numbers
    ("22k", ImageNet-22K's classes; "224", an image size) are not windows."""
    found: list[tuple[int, str]] = []
    billions = re.search(r"\d(?:\.\d+)?b(?![a-z0-9])", short, re.I)
    for match in _NAME_WINDOW.finditer(short):
        number, unit = int(match.group(1)), (match.group(2) or "").lower()
        if unit == "k":
            if number < 2:  # "1k" is ImageNet-1k's classes, never a window
                continue
            if _power_of_two(number):
                found.append((number * 1024, match.group(0)))
                continue
            nearest = 1 << round(math.log2(number * 1000)) if number else 0
            if nearest and abs(nearest - number * 1000) <= nearest / 100:
                found.append((nearest, match.group(0)))
            elif number % 100 == 0:
                found.append((number * 1000, match.group(0)))
        elif unit == "m":
            if billions is not None and billions.start() < match.start() and number <= 10:
                found.append((number * 1_000_000, match.group(0)))
        elif number >= 2048 and _power_of_two(number):
            found.append((number, match.group(0)))
    return found


def window_from_name(name: str, families: Mapping[str, int]) -> int | None:
    """The context window a model's name states (see ``_window_words``), else the window of a
    long-input family the name names (``families``: ``bigbird`` 4,096, ``led`` 16,384), else
    None; several different windows in one name say none."""
    short = name.rsplit("/", 1)[-1]
    windows = {window for window, _ in _window_words(short)}
    if len(windows) == 1:
        return windows.pop()
    if windows:
        return None
    lowered = short.lower()
    for family, window in sorted(families.items(), key=lambda item: (-len(item[0]), item[0])):
        if re.search(rf"(?<![a-z0-9]){re.escape(family.lower())}(?![a-z])", lowered):
            return window
    return None


#: Words of a name that say a model covers many languages (its languages are then unknown).
_NAME_MULTILINGUAL = frozenset({"multilingual", "xlm", "mbert", "polyglot"})


def languages_from_name(name: str, names: Mapping[str, str]) -> tuple[str, ...] | None:
    """The languages a model's name states: the code of each language it names by its English
    name (``bert-base-german-cased``: de; ``names`` maps names to codes), () for a name that
    says multilingual, None for a name that says neither. Three-letter codes are not read
    (``cat`` is a word before it is Catalan)."""
    words = re.split(r"[^a-z]+", name.rsplit("/", 1)[-1].lower())
    if _NAME_MULTILINGUAL.intersection(words):
        return ()
    found = [names[w] for w in words if len(w) > 3 and w in names]
    return tuple(dict.fromkeys(found)) or None


#: What a catalog model of each family reads, for the families that read no text.
_TEXT_KINDS = ("text", "code", "multimodal")


def family_from_name(catalog: Catalog, name: str) -> ModelEntry | None:
    """A catalog model of the non-text family a name names where a word starts
    (``facebook/convnext-tiny-224``: ConvNeXt), when every catalog model of that family reads
    the same kind of data with the same architecture; None otherwise."""
    found = catalog.suggestions.get(("family-from-name", name))
    if found is None:
        kinds: dict[str, set[tuple[str, str]]] = {}
        first: dict[str, ModelEntry] = {}
        for model in catalog.models:
            kinds.setdefault(model.family.lower(), set()).add((model.modality, model.architecture))
            first.setdefault(model.family.lower(), model)
        short = name.rsplit("/", 1)[-1].lower()
        found = [first[family].name for family, seen in sorted(kinds.items())
                 if len(seen) == 1 and next(iter(seen))[0] not in _TEXT_KINDS
                 and re.search(rf"(?<![a-z0-9]){re.escape(family)}(?![a-z])", short)]  # fmt: skip
        _remember(catalog.suggestions, ("family-from-name", name), found[:1])
    return catalog.model(found[0]) if found else None


def size_from_name(name: str) -> int | None:
    """The parameter count a model's name states (``acme/foo-13b-instruct``: 13 billion); a
    window the name states ("-1M" after "-7B") is not a size."""
    short = name.rsplit("/", 1)[-1]
    windows = {word.lower() for _, word in _window_words(short) if word[-1] in "mM"}
    found = [size for size in _NAME_SIZE.findall(short)
             if f"{size[1]}{size[2]}".lower() not in windows or size[0]]  # fmt: skip
    if len(found) != 1:  # none, or several: not a size to trust
        return None
    experts, size, unit = found[0]
    count = float(size) * _NAME_UNIT[unit.lower()] * (int(experts) if experts else 1)
    return round(count) if 1 <= count <= 1e15 else None


def instruct_from_name(name: str) -> bool:
    """Whether a model's name says it is instruction-tuned (``-instruct``, ``-chat``, ``-it``)."""
    return _NAME_INSTRUCT.search(name.rsplit("/", 1)[-1]) is not None


def base_from_name(name: str) -> bool:
    """Whether a model's name says it is a pre-trained (base) checkpoint: ``base`` or ``pt``
    right after its size (``SmolLM3-3B-Base``, ``gemma-3-270m-pt``), not BERT-base's size word."""
    return _NAME_BASE_CHECKPOINT.search(name.rsplit("/", 1)[-1]) is not None


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


#: The shortest catalog name a model's name must contain to be read as a derivative of it.
_LIKE_MIN_LENGTH = 6


def derived_from(catalog: Catalog, name: str) -> ModelEntry | None:
    """The catalog model a name not in the catalog is derived from, if its name contains one:
    ``acme/Llama-3.1-8B-Instruct-support`` is a fine-tune of Llama-3.1-8B-Instruct (the
    longest catalog name or alias it contains where a word starts, of at least six
    characters)."""
    found = catalog.suggestions.get(("derived-from", name))
    if found is None:
        short = " ".join(name.rsplit("/", 1)[-1].lower().replace("_", "-").split())
        keys = catalog.model_keys()
        matches = [k for k in keys if "/" not in k and len(k) >= _LIKE_MIN_LENGTH
                   and _contains_at_start_of_word(short, k)]  # fmt: skip
        found = [keys[max(matches, key=lambda k: (len(k), k))]] if matches else []
        _remember(catalog.suggestions, ("derived-from", name), found)
    return catalog.model(found[0]) if found else None


def _contains_at_start_of_word(name: str, key: str) -> bool:
    """Whether ``key`` occurs in ``name`` where a word starts: ``mbart-large-50`` and
    ``mt5-small`` are other families than ``bart-large`` and ``t5-small``."""
    start = name.find(key)
    while start != -1:
        if start == 0 or not name[start - 1].isalnum():
            return True
        start = name.find(key, start + 1)
    return False


#: A name's word for a base (pre-trained, not instruction-tuned) checkpoint: Qwen3-0.6B-Base.
_NAME_BASE = re.compile(r"(?<![a-z0-9])base(?![a-z0-9])", re.I)
#: ... or "pt" (pre-trained) right after the model's name: gemma-3-12b-pt beside gemma-3-12b-it
#: (not "pt" elsewhere, as in a Portuguese fine-tune's "-pt-br").
_NAME_PT_AFTER = re.compile(r"[-_]pt(?![a-z0-9])", re.I)


def base_of(name: str, like: ModelEntry) -> bool:
    """Whether ``name``, read as a derivative of the instruction-tuned ``like``, names its base
    checkpoint instead: the rest of the name says ``base`` (``Qwen/Qwen3-0.6B-Base`` contains
    ``Qwen3-0.6B``, a post-trained model, but is its pre-trained checkpoint), or ``pt`` right
    after the name (``google/gemma-3-12b-pt``)."""
    if not like.instruction_tuned:
        return False
    short = " ".join(name.rsplit("/", 1)[-1].lower().replace("_", "-").split())
    for key in (like.name, *like.aliases):
        key = " ".join(key.rsplit("/", 1)[-1].lower().replace("_", "-").split())
        if key in short:
            after = short[short.index(key) + len(key) :]
            return _NAME_BASE.search(short.replace(key, " ", 1)) is not None or (
                _NAME_PT_AFTER.match(after) is not None and not instruct_from_name(key)
            )
    return False


def _directed(catalog: Catalog, name: str, tables: Tables) -> tuple[ModelEntry, str] | None:
    """For a name that follows a catalog model's ``direction_pattern`` with two language codes
    (two letters, or three the language table knows: not a group such as ``mul``), that model
    as the checkpoint of the name's direction, and the catalog model's name."""
    found = catalog.direction_model(name)
    if found is None:
        return None
    model, source, target = found
    codes = [tables.language_names.get(code, code) for code in (source, target)]
    if any(len(code) != 2 for code in codes) or codes[0] == codes[1]:
        return None
    update = {"name": name, "aliases": [], "languages": codes, "translates_from": codes[:1],
              "translates_into": codes[1:], "config": None, "direction_pattern": None,
              "instruct_variant": None, "base_variant": None}  # fmt: skip
    return model.model_copy(update=update), model.name


def did_you_mean(catalog: Catalog, name: str) -> str | None:
    """The catalog model a name not in the catalog was probably meant to be (a typo), never
    one whose name states another size: 0.6B is not a typo of 8B."""
    found = catalog.suggestions.get(("did-you-mean", name))
    if found is None:
        keys = catalog.model_keys()
        close = closest(name.lower(), keys, cutoff=0.85)
        size = size_from_name(name)
        if close is not None and size is not None:
            other = size_from_name(keys[close])
            if other is not None and other != size:
                close = None
        found = [keys[close]] if close is not None else []
        _remember(catalog.suggestions, ("did-you-mean", name), found)
    return found[0] if found else None


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
    directed = _directed(catalog, spec.name, tables) if entry is None else None
    like = (
        directed[0] if directed else (derived_from(catalog, spec.name) if entry is None else None)
    )
    # The base checkpoint of an instruction-tuned catalog model shares its shape, not its tuning.
    base_named = like is not None and base_of(spec.name, like)
    # A model of a non-text family the name names (and no catalog model it contains): what
    # it reads and its architecture are its family's.
    family = family_from_name(catalog, spec.name) if entry is None and like is None else None
    reads_text = (
        spec.modality or next((m.modality for m in (entry, like, family) if m is not None), "text")
    ) in _TEXT_KINDS
    assumed_defaults: Mapping[str, object] = rulebook.tables.assumed_model
    assumed: list[str] = []
    from_like: list[str] = []
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
                values[name] = value or None
                continue
        if value is None and like is not None and name != "parameters":
            value = getattr(like, name)
            if value is not None:
                from_like.append(name)
        if value is None and entry is None and name == "parameters":
            value = size_from_name(spec.name)
            if value is not None:
                assumed.append(f"parameters={value:,} (from the name)")
        if (value is None and entry is None and name == "instruction_tuned"
                and instruct_from_name(spec.name)):  # fmt: skip
            value = True
            assumed.append("instruction_tuned=true (from the name)")
        if (value is None and entry is None and name == "instruction_tuned"
                and base_from_name(spec.name)):  # fmt: skip
            value = False
            assumed.append("instruction_tuned=false (the name says base)")
        if value is None and entry is None and name == "architecture":
            value = architecture_from_name(spec.name)
            if value is not None:
                assumed.append(f"architecture={value} (from the name)")
        if value is None and family is not None and name in ("architecture", "modality"):
            value = getattr(family, name)
            assumed.append(f"{name}={value} (a {family.family} model, from the name)")
        # A catalog entry's null (no fixed context window) is a fact, not a gap to assume.
        if value is None and entry is None and like is not None and name == "parameters":
            value = like.parameters
            if value is not None:
                from_like.append(name)
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
    zero_shot = spec.zero_shot_tasks
    if zero_shot is None and known is not None:
        zero_shot = known.zero_shot_tasks
    if zero_shot is None:
        zero_shot = tables.instruct_zero_shot_tasks if instruction_tuned and promptable else []
        by_modality = tables.modality_zero_shot_tasks.get(modality) if promptable else None
        if by_modality and architecture in ("decoder", "encoder-decoder"):
            zero_shot = [*zero_shot, *(t for t in by_modality if t not in zero_shot)]
    checkpoint = spec.checkpoint or (known.checkpoint if known else None)
    if checkpoint is None and base_named:
        checkpoint = "base"
    if checkpoint is None and instruction_tuned:
        checkpoint = "instruct"
    # A name derived from a hosted or closed model (gpt-4-32k) is served by its provider too.
    hosted_like = like if entry is None and like is not None and like.weights != "open" else None
    weights = spec.weights or (entry.weights if entry else (
        hosted_like.weights if hosted_like is not None else "open"))  # fmt: skip
    source_entry = entry if entry is not None else hosted_like
    tuning = source_entry.tuning if source_entry is not None and weights == "hosted" else None
    active = spec.active_parameters or (entry.active_parameters if entry else None)
    domains = tuple(values["domains"] or ("general",))
    implied_domain = tables.modality_domains.get(modality) if modality else None
    if implied_domain and implied_domain not in domains:
        domains = (*domains, implied_domain)
    facts = {
        "model.name": spec.name,
        "model.catalog_name": entry.name if entry else None,
        "model.in_catalog": entry is not None,
        "model.parameters": parameters,
        "model.architecture": architecture,
        "model.instruction_tuned": values["instruction_tuned"],
        "model.context_window": values["context_window"],
        "model.modality": modality,
        "model.inputs": (
            tuple(spec.inputs or (known.inputs if known is not None else ()))
            if modality == "multimodal" else ()),
        "model.reads": _reads(modality, spec.inputs or (known.inputs if known is not None else ())),
        "model.domains": domains,
        "model.languages": tuple(values["languages"] or ()),
        "model.promptable": promptable,
        "model.generative": architecture in ("decoder", "encoder-decoder"),
        "model.instruct_variant": _instruct_variant(entry, like, base_named, instruction_tuned),
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
        "model.in_context_learning": (
            spec.in_context_learning or (known.in_context_learning if known else None)),
        "model.checkpoint": checkpoint,
        "model.weights": weights,
        "model.tuning.service": tuning.service if tuning else None,
        "model.tuning.min_examples": tuning.min_examples if tuning else None,
        "model.tuning.recommended_examples": tuning.recommended_examples if tuning else None,
        "model.tuning.source": tuning.source if tuning else None,
        "model.active_parameters": active,
        "model.languages_complete": (
            spec.languages is not None or entry is None or entry.languages_complete),
        "model.did_you_mean": (
            did_you_mean(catalog, spec.name) if entry is None and directed is None else None),
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


def _reads(modality: str | None, inputs: Any) -> str | None:
    """What a model reads, in words: its modality, or a multimodal model's inputs."""
    if modality != "multimodal":
        return modality
    kinds = list(inputs)
    if not kinds:
        return "several kinds of data"
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"


def _instruct_variant(
    entry: ModelEntry | None, like: ModelEntry | None, base_named: bool, instruction_tuned: Any
) -> str | None:
    """The instruction-tuned sibling: the catalog's; for a base checkpoint named beside an
    instruct catalog model, that model; for a base derivative of a base catalog model
    (gemma-2-9b-pt beside gemma-2-9b), that model's sibling."""
    if entry is not None:
        return entry.instruct_variant
    if like is None:
        return None
    if base_named:
        return like.name
    return like.instruct_variant if instruction_tuned is False else None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
