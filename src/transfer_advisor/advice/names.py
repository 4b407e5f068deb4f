"""What a model's name says, for a model the catalog does not list: its size, instruction tuning,
architecture, context window, languages and family, the catalog model it derives from, the
translation direction a family's naming pattern gives, the catalog model of another size
it is a sibling of, and the catalog model a typo meant.
Each reading is a heuristic with its reason in its docstring; ``advice.model`` decides which
one a fact comes from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from transfer_advisor._internal.didyoumean import closest
from transfer_advisor.advice.plan import _remember
from transfer_advisor.catalog import Catalog, ModelEntry
from transfer_advisor.rules.model import NameFamily, NameRole, Tables
from transfer_advisor.vocabulary import TaskType

#: Words after a number that say what it counts, when that is neither parameters nor tokens
#: of context: "1M-steps", "100k-steps", "-500k-samples".
_COUNTED = r"(?![-_ ]?(?:steps?|samples?|examples?|tokens?|toks|iters?|iterations?|epochs?|hours?|hrs|words?|pairs?|docs?|sents?|sentences?|images?|rows?)(?![a-z]))"
#: A size in a model's name: "13b", "1.5B", "350m", or a mixture's "8x7b" (8 experts of 7B).
_NAME_SIZE = re.compile(
    rf"(?<![a-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([bm])(?![a-z0-9]){_COUNTED}", re.I
)
#: An instruction-tuned checkpoint's name: "-instruct", "-chat", "-it", or Flan's
#: instruction tuning (flan-ul2; Chung et al. 2022).
_NAME_INSTRUCT = re.compile(r"(?<![a-z0-9])(instruct|chat|it|flan)(?![a-z0-9])", re.I)
_NAME_UNIT = {"b": 10**9, "m": 10**6}
#: A base checkpoint's name: "base" or "pt" (pre-trained) right after the size, "-7B-Base".
_NAME_BASE_CHECKPOINT = re.compile(r"\d[bm][-_](base|pt)(?![a-z0-9])", re.I)
#: Names of encoder families: BERT and its descendants (a word ending in "bert": CamemBERT,
#: PhoBERT, CodeBERT), and the sentence encoders built on them.
_NAME_ENCODER = re.compile(
    r"(?<![a-z0-9])([a-z]*bert|roberta|deberta|mdeberta|distilbert|albert|electra|xlm-r|xlm-roberta|"
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
_NAME_WINDOW = re.compile(rf"(?<![a-z0-9.])(\d+)(k|m)?(?![a-z0-9.]){_COUNTED}", re.I)


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
    return _family_window(short.lower(), families)


def _family_window(short: str, families: Mapping[str, int]) -> int | None:
    """The window of the longest family the lower-case short name names as a word."""
    for family, window in sorted(families.items(), key=lambda item: (-len(item[0]), item[0])):
        if re.search(rf"(?<![a-z0-9]){re.escape(family.lower())}(?![a-z])", short):
            return window
    return None


def _names_word(name: str, word: str) -> bool:
    """Whether ``word`` occurs in the lower-case ``name`` as a whole word (or words)."""
    return re.search(rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9])", name) is not None


def role_from_name(name: str, roles: Sequence[NameRole]) -> NameRole | None:
    """The role the words of a model's full name give it, the first that matches
    (``Qwen/Qwen3-Embedding-8B``: embedder; ``BAAI/bge-reranker-base``: reranker), or None."""
    lowered = name.lower()
    return next((entry for entry in roles
                 if any(_names_word(lowered, word) for word in entry["words"])), None)  # fmt: skip


def family_word_length(name: str, family: NameFamily) -> int:
    """The length of the longest of ``family``'s words the model's short name names (0 for
    none): how specific the reading is, beside a catalog name the model's name contains."""
    short = _short_key(name)
    return max((len(word) for word in family["words"] if re.search(
        rf"(?<![a-z0-9]){re.escape(word.lower())}(?![a-z0-9]|\.\d)", short)), default=0)  # fmt: skip


def named_families(name: str, families: Sequence[NameFamily]) -> list[NameFamily]:
    """The families of the rulebook's ``name_families`` a model's short name names with their
    versions, the longest word first (``llava-v1.6-vicuna-7b-hf``: LLaVA, then Vicuna): each
    fact comes from the first that gives it. A word must start and end a word of the name, so
    ``granite-3.1`` is not ``granite-3.10``."""
    short = _short_key(name)
    found: dict[int, tuple[int, int, NameFamily]] = {}
    for index, entry in enumerate(families):
        for word in entry["words"]:
            word = word.lower()
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9]|\.\d)", short):
                longest = max(len(word), found.get(index, (0, 0, entry))[0])
                found[index] = (longest, index, entry)
    return [entry for _, _, entry in sorted(found.values(), key=lambda x: (-x[0], x[1]))]


def encoder_window(name: str, families: Mapping[str, int]) -> int | None:
    """The learned positions of the encoder family a name names, the longest family name first
    (``BAAI/bge-small-en-v1.5``: BGE's 512), or None."""
    return _family_window(name.rsplit("/", 1)[-1].lower(), families)


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
                 and re.search(rf"(?<![a-z0-9]){re.escape(family)}(?![a-z])", short)]  # fmt: skip
        _remember(catalog.suggestions, ("decoder-family", name), found[:1])
    return bool(found)


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
TEXT_KINDS = ("text", "code", "multimodal")


def _family_at(short: str, family: str) -> int | None:
    """Where the lower-case ``family`` first starts a word of the short name ``short`` (as
    written): after a non-alphanumeric character, or where a capital starts a word joined to
    a prefix (``PhoWhisper``); and ends one, or is followed by a version (``convnextv2``)."""
    lowered = short.lower()
    for match in re.finditer(rf"{re.escape(family)}(?:v\d|(?![a-z]))", lowered):
        start = match.start()
        if (start == 0 or not lowered[start - 1].isalnum()
                or (short[start - 1].islower() and short[start].isupper())):  # fmt: skip
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
        named = [(at, -len(family), first[family].name) for family, seen in kinds.items()
                 if len(seen) == 1 and next(iter(seen))[0] not in TEXT_KINDS
                 and (at := _family_at(short, family)) is not None]  # fmt: skip
        found = [min(named)[2]] if named else []
        _remember(catalog.suggestions, ("family-from-name", name), found)
    return catalog.model(found[0]) if found else None


def family_tasks(catalog: Catalog, model: ModelEntry) -> tuple[TaskType, ...]:
    """What every catalog model of ``model``'s family does as it is (every Whisper transcribes
    speech), in the first model's order; none when a model of the family has a fixed label set,
    whose classes a derivative may have replaced (a ViT fine-tuned on beans)."""
    members = [m for m in catalog.models if m.family == model.family]
    if len(members) < 2 or any(m.label_set is not None for m in members):
        return ()  # one model is no family's rule (a fine-tuned HuBERT; pre-trained ones do not)
    shared = set(members[0].zero_shot_tasks).intersection(*(m.zero_shot_tasks for m in members))
    return tuple(task for task in members[0].zero_shot_tasks if task in shared)


#: A mixture's active parameters in its name: Qwen's "-A3B" (30B total, about 3B active),
#: Granite's "-a800m".
_NAME_ACTIVE = re.compile(r"(?<![a-z0-9.])a(\d+(?:\.\d+)?)([bm])(?![a-z0-9])", re.I)


#: A mixture's number of experts in its name: Llama 4's "-16E", "-128E".
_NAME_EXPERTS = re.compile(r"(?<![a-z0-9.])\d+e(?![a-z0-9])", re.I)


def active_from_name(name: str) -> int | None:
    """The active parameter count a mixture of experts' name states (``Qwen3-30B-A3B``: 3
    billion; ``Llama-4-Scout-17B-16E``, whose size beside an expert count is the active one),
    or None."""
    short = name.rsplit("/", 1)[-1]
    if _NAME_EXPERTS.search(short) is not None:
        return _stated_size(name)
    found = _NAME_ACTIVE.findall(short)
    if len(found) != 1:
        return None
    size, unit = found[0]
    count = float(size) * _NAME_UNIT[unit.lower()]
    return round(count) if count >= 1 else None


def size_from_name(name: str) -> int | None:
    """The parameter count a model's name states (``acme/foo-13b-instruct``: 13 billion); a
    window the name states ("-1M" after "-7B") is not a size, nor the active count a mixture
    states beside its number of experts (``Llama-4-Scout-17B-16E``)."""
    if _NAME_EXPERTS.search(name.rsplit("/", 1)[-1]) is not None:
        return None
    return _stated_size(name)


def _stated_size(name: str) -> int | None:
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


#: "Base" as the last word of a name: DeepSeek-Coder-V2-Lite-Base.
_NAME_BASE_LAST = re.compile(r"[-_]base$", re.I)


def base_from_name(name: str) -> bool:
    """Whether a model's name says it is a pre-trained (base) checkpoint: ``base`` or ``pt``
    right after its size (``SmolLM3-3B-Base``, ``gemma-3-270m-pt``), or ``base`` as its last
    word when it names no encoder or encoder-decoder family (``DeepSeek-Coder-V2-Lite-Base``;
    ``roberta-base`` and ``t5-base`` are sizes)."""
    short = name.rsplit("/", 1)[-1]
    return _NAME_BASE_CHECKPOINT.search(short) is not None or (
        _NAME_BASE_LAST.search(short) is not None and architecture_from_name(name) is None
    )


#: The shortest catalog name a model's name must contain to be read as a derivative of it.
_LIKE_MIN_LENGTH = 6


def derived_from(catalog: Catalog, name: str) -> ModelEntry | None:
    """The catalog model a name not in the catalog is derived from, if its name contains one:
    ``acme/Llama-3.1-8B-Instruct-support`` is a fine-tune of Llama-3.1-8B-Instruct (the
    longest catalog name or alias it contains where a word starts, of at least six
    characters)."""
    key = derived_key(catalog, name)
    return catalog.model(catalog.model_keys()[key]) if key is not None else None


def derived_key(catalog: Catalog, name: str) -> str | None:
    """The catalog name or alias (lower case) that makes ``name`` a derivative (see
    ``derived_from``), or None."""
    found = catalog.suggestions.get(("derived-from", name))
    if found is None:
        short = _short_key(name)
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
        short = _short_key(name)
        found = [key for key in (_short_key(m.name) for m in catalog.models if m.instruction_tuned)
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
    """The catalog name or alias (lower case) of which ``name`` is a sibling of another size:
    the name contains the catalog name where a word starts, with the one size it states
    replaced by another (``Qwen/Qwen2.5-VL-72B-Instruct`` beside ``Qwen2.5-VL-7B-Instruct``;
    ``deepseek-coder-33b-instruct`` beside ``deepseek-coder-6.7b-instruct``). The longest such
    name wins; the part of it that is not the size must be at least six characters long."""
    found = catalog.suggestions.get(("sibling-of", name))
    if found is None:
        short = _short_key(name)
        own = _without_size(short)
        matches: list[str] = []
        canonical = {_short_key(model.name): model for model in catalog.models}
        if own is not None:
            # The catalog's own names only: an alias may drop the instruct word (gemma-3-27b).
            for key in canonical:
                pattern = _without_size(key)
                if (pattern is not None and not pattern.startswith("{}")
                        and len(pattern) - 2 >= _LIKE_MIN_LENGTH
                        and pattern != key and _contains_at_start_of_word(own, pattern)
                        and _SIZE_TOKEN.search(key) is not None):  # fmt: skip
                    matches.append(key)
        # The longest name wins, then the nearest size (gemma-3-1b for gemma-3-270m).
        size = size_from_name(name) or 0

        def rank(key: str) -> tuple[int, float, str]:
            other = canonical[key].parameters or size_from_name(key) or 0
            distance = abs(math.log(other / size)) if other and size else math.inf
            return (-len(key), distance, key)

        found = [min(matches, key=rank)] if matches else []
        _remember(catalog.suggestions, ("sibling-of", name), found)
    return found[0] if found else None


def _short_key(name: str) -> str:
    return " ".join(name.rsplit("/", 1)[-1].lower().replace("_", "-").split())


def member_size(name: str, key: str) -> int | None:
    """The size a derivative's name states for itself, beside the catalog model ``key`` it
    contains: only a size right after a key that states none names another member of the
    family (``SmolLM2-360M-Instruct`` beside ``smollm2``). A size the key states is the catalog
    model's own, whose count is exact (``Mixtral-8x7B-v0.1-32k``: 46.7B, not 8 x 7B), and a
    size elsewhere counts something else (``twitter-roberta-large-2022-154m``: tweets)."""
    size = size_from_name(name)
    if size is None or size_from_name(key) is not None:
        return None
    short = _short_key(name)
    after = short[short.index(key) + len(key) :] if key in short else ""
    return size if _NAME_SIZE.match(after.lstrip("-. ")) and after[:1] in "-. " else None


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
    short = " ".join(name.rsplit("/", 1)[-1].lower().replace("_", "-").split())
    stripped = _NAME_INSTRUCT_WORD.sub("", _short_key(like.name))
    if (stripped != _short_key(like.name) and not instruct_from_name(name)
            and _contains_at_start_of_word(short, stripped)):  # fmt: skip
        return True
    for key in (like.name, *like.aliases):
        key = " ".join(key.rsplit("/", 1)[-1].lower().replace("_", "-").split())
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
