"""Which catalog model a name not in the catalog is related to: the one it contains (a
derivative), its instruct model less the instruction word (a base checkpoint), one of another
size (a sibling), a non-text family and what all its models do, a family named for its
translation directions, and the model a typo meant. ``advice.names`` reads the name's own
words; ``advice.model`` decides which reading a fact comes from.
"""

from __future__ import annotations

import math
import re

from transfer_advisor._internal.didyoumean import closest
from transfer_advisor.advice.names import (
    NAME_SIZE,
    TEXT_KINDS,
    instruct_from_name,
    short_key,
    size_from_name,
)
from transfer_advisor.advice.plan import _remember
from transfer_advisor.catalog import Catalog, ModelEntry
from transfer_advisor.rules.model import Tables
from transfer_advisor.vocabulary import TaskType


def decoder_family_named(catalog: Catalog, name: str) -> bool:
    """Whether a name names a catalog family whose every model is a decoder, where a word
    starts (``bge-multilingual-gemma2``, ``gte-Qwen2-7B-instruct``): a model built on it is a
    decoder whatever encoder word its name also holds."""
    found = catalog.suggestions.get(("decoder-family", name))
    if found is None:
        kinds: dict[str, set[str]] = {}
        for model in catalog.models:
            kinds.setdefault(model.family.lower(), set()).add(model.architecture)
        short = name.rsplit("/", 1)[-1].lower()
        found = [family for family, seen in sorted(kinds.items()) if seen == {"decoder"}
                 and family in short
                 and re.search(rf"(?<![a-z0-9]){re.escape(family)}(?![a-z])", short)]  # fmt: skip
        _remember(catalog.suggestions, ("decoder-family", name), found[:1])
    return bool(found)


def _family_at(short: str, family: str) -> int | None:
    """Where the lower-case ``family`` first starts a word of the short name ``short`` (as
    written): after a non-alphanumeric character, or where a capital starts a word joined to
    a prefix (``PhoWhisper``); and ends one, or is followed by a version (``convnextv2``)."""
    lowered = short.lower()
    if family not in lowered:  # the pattern's literal part: no pattern to build
        return None
    for match in re.finditer(rf"{re.escape(family)}(?:v\d|(?![a-z]))", lowered):
        start = match.start()
        if (start == 0 or not lowered[start - 1].isalnum()
                or (short[start - 1].islower() and short[start].isupper())
                or (len(family) >= 4 and lowered[start - 1].isalpha())):  # fmt: skip
            # A family's name joined in lower case too (medsiglip, bioclip, phowhisper), where
            # it ends the word: "eclipse" names no CLIP.
            return start
    return None


def family_from_name(catalog: Catalog, name: str) -> ModelEntry | None:
    """A catalog model of the non-text family a name names (``facebook/convnext-tiny-224``:
    ConvNeXt; ``vinai/PhoWhisper-large``: Whisper), when every catalog model of that family
    reads the same kind of data with the same architecture; the family named first wins
    (``detr-resnet-50`` is a DETR with a ResNet backbone). None otherwise."""
    found = catalog.suggestions.get(("family-from-name", name))
    if found is None:
        kinds: dict[str, set[tuple[str, str]]] = {}
        first: dict[str, ModelEntry] = {}
        for model in catalog.models:
            kinds.setdefault(model.family.lower(), set()).add((model.modality, model.architecture))
            first.setdefault(model.family.lower(), model)
        short = name.rsplit("/", 1)[-1]
        # An image-text model's name often names its image backbone too (ViT-SO400M-14-SigLIP,
        # BiomedCLIP-...-vit_base): the image-text family wins over an image-only one.
        named = [(next(iter(seen))[0] != "multimodal", at, -len(family), first[family].name)
                 for family, seen in kinds.items()
                 if len(seen) == 1 and _not_text(next(iter(seen)))
                 and (at := _family_at(short, family)) is not None]  # fmt: skip
        found = [min(named)[3]] if named else []
        _remember(catalog.suggestions, ("family-from-name", name), found)
    return catalog.model(found[0]) if found else None


def family_position(name: str, family: ModelEntry) -> int | None:
    """Where ``family``'s name starts a word of the short name ``name`` (see ``_family_at``)."""
    return _family_at(name.rsplit("/", 1)[-1], family.family.lower())


def _not_text(kind: tuple[str, str]) -> bool:
    """Whether a family's one (modality, architecture) reads other data than text: images,
    audio or series, or images beside text through an encoder (CLIP, SigLIP: no language
    model, whose derivatives' names say nothing of what they were tuned to do)."""
    modality, architecture = kind
    return modality not in TEXT_KINDS or (modality == "multimodal" and architecture == "encoder")


def family_window(catalog: Catalog, model: ModelEntry) -> int | None:
    """The context window every catalog model of ``model``'s family shares (CLIP's 77 text
    tokens), or None when they differ or have none."""
    windows = {m.context_window for m in catalog.models if m.family == model.family}
    return next(iter(windows)) if len(windows) == 1 else None


def family_tasks(catalog: Catalog, model: ModelEntry) -> tuple[TaskType, ...]:
    """What every catalog model of ``model``'s family does as it is (every Whisper transcribes
    speech), in the first model's order; none when a model of the family has a fixed label set,
    whose classes a derivative may have replaced (a ViT fine-tuned on beans)."""
    members = [m for m in catalog.models if m.family == model.family]
    if len(members) < 2 or any(m.label_set is not None for m in members):
        return ()  # one model is no family's rule (a fine-tuned HuBERT; pre-trained ones do not)
    shared = set(members[0].zero_shot_tasks).intersection(*(m.zero_shot_tasks for m in members))
    return tuple(task for task in members[0].zero_shot_tasks if task in shared)


#: The shortest catalog name a model's name must contain to be read as a derivative of it.
_LIKE_MIN_LENGTH = 6


def derived_key(catalog: Catalog, name: str) -> str | None:
    """The catalog name or alias (lower case) ``name`` derives from, or None: the one it
    contains as whole words, of at least six characters (``acme/Llama-3.1-8B-Instruct-support``
    is a fine-tune of Llama-3.1-8B-Instruct), the first named, then the longest."""
    found = catalog.suggestions.get(("derived-from", name))
    if found is None:
        short = short_key(name)
        matches = [k for k in catalog.model_keys() if "/" not in k and len(k) >= _LIKE_MIN_LENGTH
                   and _contains_at_start_of_word(short, k)]  # fmt: skip
        # The model named first is the one published: a teacher named later ("-distilled-
        # from-Qwen2.5-72B-Instruct") is not it. At one place, the longest name wins.
        found = [min(matches, key=lambda k: (_word_start(short, k), -len(k), k))] if matches else []
        _remember(catalog.suggestions, ("derived-from", name), found)
    return found[0] if found else None


def base_key(catalog: Catalog, name: str) -> str | None:
    """The catalog name (lower case) of the instruction-tuned model whose name, less its
    instruction word, is ``name``'s (``meta-llama/Llama-3.2-11B-Vision`` beside
    ``Llama-3.2-11B-Vision-Instruct``): ``name`` is its base checkpoint. None otherwise."""
    found = catalog.suggestions.get(("base-of", name))
    if found is None:
        short = short_key(name)
        found = [key for key in (short_key(m.name) for m in catalog.models if m.instruction_tuned)
                 if _NAME_INSTRUCT_WORD.sub("", key) == short != key][:1]  # fmt: skip
        _remember(catalog.suggestions, ("base-of", name), found)
    return found[0] if found else None


#: A size token in a lower-case short name, for reading siblings: "7b", "1.5b", "350m", "8x7b".
_SIZE_TOKEN = re.compile(r"(?<![a-z0-9.])(?:\d+x)?\d+(?:\.\d+)?[bm](?![a-z0-9])")


def _without_size(short: str) -> str | None:
    """A lower-case short name with its one size token replaced by ``{}``, or None for a name
    with no size or several."""
    found = _SIZE_TOKEN.findall(short)
    return _SIZE_TOKEN.sub("{}", short) if len(found) == 1 else None


def sibling_key(catalog: Catalog, name: str) -> str | None:
    """The catalog name (lower case) of which ``name`` is a sibling of another size:
    the name contains the catalog name where a word starts, with the one size it states
    replaced by another (``Qwen/Qwen2.5-VL-72B-Instruct`` beside ``Qwen2.5-VL-7B-Instruct``;
    ``deepseek-coder-33b-instruct`` beside ``deepseek-coder-6.7b-instruct``). The name whose
    part that is not the size is the longest wins, then the nearest size, however the sizes
    are written (DeepSeek-R1-Distill-Qwen-14B beside -7B, not -1.5B); that part must be at
    least six characters long."""
    found = catalog.suggestions.get(("sibling-of", name))
    if found is None:
        short = short_key(name)
        own = _without_size(short)
        matches: list[str] = []
        canonical = {short_key(model.name): model for model in catalog.models}
        if own is not None:
            # The catalog's own names only: an alias may drop the instruct word (gemma-3-27b).
            for key in canonical:
                pattern = _without_size(key)
                if (pattern is not None and not pattern.startswith("{}")
                        and len(pattern) - 2 >= _LIKE_MIN_LENGTH
                        and _contains_at_start_of_word(own, pattern)):  # fmt: skip
                    matches.append(key)
        # The longest name less its size wins, then the nearest size (gemma-3-1b for
        # gemma-3-270m).
        size = size_from_name(name) or 0

        def rank(key: str) -> tuple[int, float, str]:
            other = canonical[key].parameters or size_from_name(key) or 0
            distance = abs(math.log(other / size)) if other and size else math.inf
            return (-len(_without_size(key) or key), distance, key)

        if not matches and own is not None:
            # A name less its checkpoint word may still name a line whose catalog names all
            # carry one (google/gemma-3-270m beside gemma-3-1b-pt and gemma-3-1b-it): the
            # checkpoint of its own kind is its sibling, a base one for a name that says none.
            line = _line_pattern(own)
            instruct = instruct_from_name(name)
            matches = [key for key in canonical if line is not None
                       and _line_pattern(_without_size(key) or "") == line
                       and bool(canonical[key].instruction_tuned) == instruct]  # fmt: skip
        found = [min(matches, key=rank)] if matches else []
        _remember(catalog.suggestions, ("sibling-of", name), found)
    return found[0] if found else None


#: A checkpoint's word after the size: instruction-tuned or pre-trained (base, pt).
_CHECKPOINT_WORD = re.compile(r"[-_](instruct|chat|it|base|pt)(?=[-_]|$)", re.I)


def _line_pattern(pattern: str) -> str | None:
    """A name's size pattern (``_without_size``) less its checkpoint words, the line's for
    every size and checkpoint (``qwen2.5-coder-{}`` for Qwen2.5-Coder-0.5B-Instruct and
    Qwen2.5-Coder-1.5B); None for a pattern of fewer than six characters beside the size."""
    line = _CHECKPOINT_WORD.sub("", pattern)
    return line if "{}" in line and len(line) - 2 >= _LIKE_MIN_LENGTH else None


def nearest_of_line(catalog: Catalog, name: str) -> ModelEntry | None:
    """The catalog model of ``name``'s line nearest its size, whatever its checkpoint: a line
    keeps its window across base and instruct checkpoints, but not across sizes (Qwen2.5-
    Coder's 0.5B to 3B read 32,768 tokens, its 7B and larger 131,072; Gemma 3's 270M and 1B
    32K, its 4B and larger 128K). None when the name states no one size or the catalog has
    none of its line."""
    found = catalog.suggestions.get(("nearest-of-line", name))
    if found is None:
        own = _without_size(short_key(name))
        line = _line_pattern(own) if own is not None else None
        size = size_from_name(name)
        members = [] if line is None or not size else [
            (abs(math.log(model.parameters / size)), short_key(model.name), model.name)
            for model in catalog.models
            if model.parameters and _line_pattern(_without_size(short_key(model.name)) or "") == line]  # fmt: skip
        found = [min(members)[2]] if members else []
        _remember(catalog.suggestions, ("nearest-of-line", name), found)
    return catalog.model(found[0]) if found else None


def member_size(name: str, key: str) -> int | None:
    """The size a derivative's name states for itself, beside the catalog model ``key`` it
    contains: only a size right after a key that states none names another member of the
    family (``SmolLM2-360M-Instruct`` beside ``smollm2``). A size the key states is the catalog
    model's own, whose count is exact (``Mixtral-8x7B-v0.1-32k``: 46.7B, not 8 x 7B), and a
    size elsewhere counts something else (``twitter-roberta-large-2022-154m``: tweets)."""
    size = size_from_name(name)
    if size is None or size_from_name(key) is not None:
        return None
    short = short_key(name)
    after = short[short.index(key) + len(key) :] if key in short else ""
    return size if NAME_SIZE.match(after.lstrip("-. ")) and after[:1] in "-. " else None


def _word_start(name: str, key: str) -> int:
    """Where ``key`` first occurs in ``name`` as whole words (see
    ``_contains_at_start_of_word``), or the name's length."""
    start = name.find(key)
    while start != -1:
        end = start + len(key)
        if (start == 0 or not name[start - 1].isalnum()) and (
                end == len(name) or not name[end].isalnum()):  # fmt: skip
            return start
        start = name.find(key, start + 1)
    return len(name)


def _contains_at_start_of_word(name: str, key: str) -> bool:
    """Whether ``key`` occurs in ``name`` as whole words: where a word starts (``mbart-large-50``
    and ``mt5-small`` are other families than ``bart-large`` and ``t5-small``) and where one
    ends (``c4ai-command-r7b`` is not ``command-r``; a point release such as
    ``distil-large-v3.5`` still derives from ``distil-large-v3``)."""
    return _word_start(name, key) < len(name)


#: A name's word for a base (pre-trained, not instruction-tuned) checkpoint: Qwen3-0.6B-Base.
_NAME_BASE = re.compile(r"(?<![a-z0-9])base(?![a-z0-9])", re.I)
#: ... or "pt" (pre-trained) right after the model's name: gemma-3-12b-pt beside gemma-3-12b-it
#: (not "pt" elsewhere, as in a Portuguese fine-tune's "-pt-br").
_NAME_PT_AFTER = re.compile(r"[-_]pt(?![a-z0-9])", re.I)


#: The instruction word in an instruct checkpoint's name, between words: Mixtral-8x22B-Instruct-v0.1.
_NAME_INSTRUCT_WORD = re.compile(r"[-_](instruct|chat|it)(?=[-_]|$)", re.I)


def base_of(name: str, like: ModelEntry) -> bool:
    """Whether ``name``, read as a derivative of the instruction-tuned ``like``, names its base
    checkpoint instead: the rest of the name says ``base`` (``Qwen/Qwen3-0.6B-Base`` contains
    ``Qwen3-0.6B``, a post-trained model, but is its pre-trained checkpoint), ``pt`` right
    after the name (``google/gemma-3-12b-pt``), or the name is the catalog model's without its
    instruction word and says none of its own (``Mixtral-8x22B-v0.1`` beside
    ``Mixtral-8x22B-Instruct-v0.1``)."""
    if not like.instruction_tuned:
        return False
    short = short_key(name)
    stripped = _NAME_INSTRUCT_WORD.sub("", short_key(like.name))
    if (stripped != short_key(like.name) and not instruct_from_name(name)
            and _contains_at_start_of_word(short, stripped)):  # fmt: skip
        return True
    for key in (like.name, *like.aliases):
        key = short_key(key)
        if key in short:
            after = short[short.index(key) + len(key) :]
            return _NAME_BASE.search(short.replace(key, " ", 1)) is not None or (
                _NAME_PT_AFTER.match(after) is not None and not instruct_from_name(key)
            )
    return False


def directed_model(catalog: Catalog, name: str, tables: Tables) -> tuple[ModelEntry, str] | None:
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


def specific_tasks(tasks: list[TaskType], reads: set[str], tables: Tables) -> list[TaskType]:
    """``tasks`` with the specific type of each generic one for a modality the model reads
    (``modality_task_types``): GPT-4o classifies, and reads images, so it classifies images."""
    for kind, types in tables.modality_task_types.items():
        if kind in reads:
            tasks = [*tasks, *(specific for generic, specific in types.items()
                               if generic in tasks and specific not in tasks)]  # fmt: skip
    return tasks
