"""What the words of a model's name say, for a model the catalog does not list: its size and
active parameters, instruction tuning, architecture, context window, languages, role and the
rulebook's listed families it names. ``advice.kin`` relates the name to catalog models. Each
reading is a heuristic with its reason in its docstring; ``advice.model`` decides which one a
fact comes from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Mapping, Sequence

from transfer_advisor.rules.model import NameFamily, NameRole

#: Words after a number that say what it counts, when that is neither parameters nor tokens
#: of context: "1M-steps", "100k-steps", "-500k-samples".
_COUNTED = r"(?![-_ ]?(?:steps?|samples?|examples?|tokens?|toks|iters?|iterations?|epochs?|hours?|hrs|words?|pairs?|docs?|sents?|sentences?|images?|rows?)(?![a-z]))"
#: A size in a model's name: "13b", "1.5B", "350m", or a mixture's "8x7b" (8 experts of 7B).
NAME_SIZE = re.compile(
    rf"(?<![a-z0-9.])(?:(\d+)x)?(\d+(?:\.\d+)?)([bm])(?![a-z0-9]){_COUNTED}", re.I
)
#: An instruction-tuned checkpoint's name: "-instruct", "-chat", "-it", Flan's instruction
#: tuning (flan-ul2; Chung et al. 2022), or "-thinking", a post-trained reasoning chat model
#: (Qwen3-30B-A3B-Thinking-2507 and moonshotai/Kimi-K2-Thinking cards).
_NAME_INSTRUCT = re.compile(r"(?<![a-z0-9])(instruct|chat|it|flan|thinking)(?![a-z0-9])", re.I)
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
    ("22k", ImageNet-22K's classes; "224", an image size) are not windows, unless "seqlen"
    beside them says so ("hyenadna-medium-160k-seqlen": 160,000; "large-1m-seqlen": 1,000,000)."""
    found: list[tuple[int, str]] = []
    billions = re.search(r"\d(?:\.\d+)?b(?![a-z0-9])", short, re.I)
    for match in _NAME_WINDOW.finditer(short):
        number, unit = int(match.group(1)), (match.group(2) or "").lower()
        beside = short[max(0, match.start() - 7) : match.end() + 7].lower()
        if unit == "m" and number and "seqlen" in beside:
            # A stated sequence length (HyenaDNA's names): "1m-seqlen".
            found.append((number * 1_000_000, match.group(0)))
            continue
        if unit == "k":
            if number < 2 and "seqlen" not in beside:  # "1k": ImageNet-1k's classes
                continue
            if _power_of_two(number):
                found.append((number * 1024, match.group(0)))
                continue
            nearest = 1 << round(math.log2(number * 1000)) if number else 0
            if nearest and abs(nearest - number * 1000) <= nearest / 100:
                found.append((nearest, match.group(0)))
            elif number % 100 == 0 or "seqlen" in beside:
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
        lowered = family.lower()
        if lowered in short and re.search(rf"(?<![a-z0-9]){re.escape(lowered)}(?![a-z])", short):
            return window
    return None


def _names_word(name: str, word: str) -> bool:
    """Whether ``word`` occurs in the lower-case ``name`` as a whole word (or words)."""
    lowered = word.lower()
    return lowered in name and (
        re.search(rf"(?<![a-z0-9]){re.escape(lowered)}(?![a-z0-9])", name) is not None
    )


def domains_from_name(
    name: str,
    words: Mapping[str, Sequence[str]],
    stems: frozenset[str],
    languages: Container[str] = (),
) -> list[str]:
    """The pre-training domains the words of a model's name say (``words``: words by domain),
    in the table's order. A word matches a word of the name's last part, or its start when the
    word has four letters or more (RemoteCLIP, CodeGemma) or what follows it begins one of
    ``stems``, the catalog's family names (MedSigLIP, BioGPT; not medium or finetuned). A word
    of the name that names a language (``languages``: mms-tts-fin is Finnish) says none."""
    tokens = [t for t in re.split(r"[^a-z0-9]+", name.lower().rsplit("/", 1)[-1])
              if t and t not in languages]  # fmt: skip
    found: list[str] = []
    for domain, listed in words.items():
        if any(_joined(token, word.lower(), stems) for token in tokens for word in listed):
            found.append(domain)
    return found


def _joined(token: str, word: str, stems: frozenset[str]) -> bool:
    """Whether ``token`` is ``word``, or starts with it as ``domains_from_name`` says."""
    if not token.startswith(word):
        return False
    rest = token[len(word) :]
    if not rest or rest.isdigit() or len(word) >= 4:
        return True
    return any(rest.startswith(stem) or (len(rest) >= 3 and stem.startswith(rest))
               for stem in stems)  # fmt: skip


def quantized_from_name(name: str, words: Mapping[str, int]) -> int | None:
    """The bits per weight a model's full name says its weights are quantized to, by the
    ``words`` it has as whole words (``TheBloke/Llama-2-13B-chat-GPTQ``: 4,
    ``Qwen2.5-7B-Instruct-GPTQ-Int8``: 8, the widest stated; 0 when a word says quantized but
    not how wide, as ``-GGUF``); None when none says quantized."""
    lowered = name.lower()
    found = [bits for word, bits in words.items() if _names_word(lowered, word)]
    return max(found) if found else None


def role_from_name(name: str, roles: Sequence[NameRole]) -> NameRole | None:
    """The role the words of a model's full name give it, the first that matches
    (``Qwen/Qwen3-Embedding-8B``: embedder; ``BAAI/bge-reranker-base``: reranker), or None."""
    lowered = name.lower()
    return next((entry for entry in roles
                 if any(_names_word(lowered, word) for word in entry["words"])), None)  # fmt: skip


#: A one-digit version written with "_" (NVIDIA's ``Llama-3_1-Nemotron``, ``InternVL2_5``).
_UNDERSCORE_VERSION = re.compile(r"(?<![0-9])(\d)_(\d)(?![0-9])")

#: The same in a family word, where names are compared with "-" for "_" (``internvl2-5``).
_HYPHEN_VERSION = re.compile(r"(?<![0-9])(\d)-(\d)(?![0-9])")


def _word_length(short: str, family: NameFamily) -> int:
    # A form that is not in the name at all needs no pattern (most of them, for most names).
    return max((len(word) for word in family["words"] if any(form in short and re.search(
        rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9]|\.\d)", short)
        for form in {word, _HYPHEN_VERSION.sub(r"\1.\2", word)})), default=0)  # fmt: skip


def _name_forms(name: str) -> tuple[str, ...]:
    """The forms a name's family words are looked for in: a one-digit version written with
    "_" read as one written with "." first, then as written (``InternVL3_5``, whose family word
    is ``internvl3``)."""
    short = short_key(name)
    dotted = short_key(_UNDERSCORE_VERSION.sub(r"\1.\2", name))
    return (dotted, short) if dotted != short else (short,)


def family_word_length(name: str, family: NameFamily) -> int:
    """The length of the longest of ``family``'s words the model's short name names, its
    version included (0 for none): a word must start and end a word of the name, so
    ``granite-3.1`` is not ``granite-3.10``. A one-digit version written with "_" reads as
    one written with "." (``Llama-3_1-Nemotron`` is Llama 3.1, not Llama 3), and a word written
    for the "_" spelling (``internvl2-5``) names both; where the dotted form names nothing of
    the family, the name as written is read."""
    for short in _name_forms(name):
        length = _word_length(short, family)
        if length:
            return length
    return 0


def named_families(name: str, families: Sequence[NameFamily]) -> list[NameFamily]:
    """The families of the rulebook's ``name_families`` a model's name names, the longest word
    first (``llava-v1.6-vicuna-7b-hf``: LLaVA, then Vicuna): each fact comes from the first
    that gives it. A name whose "_" version reads as a dotted one is read so where that names
    any family (``Llama-3_1``: Llama 3.1 only, not Llama 3 too), else as written."""
    for short in _name_forms(name):
        found = [(length, index, entry) for index, entry in enumerate(families)
                 if (length := _word_length(short, entry))]  # fmt: skip
        if found:
            return [entry for _, _, entry in sorted(found, key=lambda item: (-item[0], item[1]))]
    return []


def encoder_window(name: str, families: Mapping[str, int]) -> int | None:
    """The learned positions of the encoder family a name names, the longest family name first
    (``BAAI/bge-small-en-v1.5``: BGE's 512), or None."""
    return _family_window(name.rsplit("/", 1)[-1].lower(), families)


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


def language_suffix(name: str, names: Mapping[str, str], decoder: bool = True) -> str | None:
    """The two-letter language code that ends a derivative's name, the language it was
    trained for (``eustlb/distil-large-v3-fr``), or a locale's language (``whisper-small-sv-SE``,
    ``-pt-br``); None for none, for a pair of codes (a direction: ``opus-mt-en-de``), for the
    abbreviations ``mt``, ``sm`` and ``sa``, and, for a ``decoder`` language model, ``it`` and
    ``pt``, which end its names as instruct and pre-trained checkpoints (gemma-3-4b-it)."""
    short = name.rsplit("/", 1)[-1]
    words = re.split(r"[^a-z0-9]+", short.lower())
    codes = set(names.values())
    if len(words) > 1 and words[-1] in _REGIONS and words[-2] in codes:
        return words[-2]  # a locale: sv-SE, pt-br, zh-TW
    last = words[-1]
    if len(last) != 2 or last not in codes or last in _NOT_LANGUAGES:
        return None
    if decoder and last in ("it", "pt"):
        return None
    if len(words) > 1 and len(words[-2]) == 2 and words[-2] in codes:
        return None
    return last


#: Regions that end a locale (pt-BR, zh-TW, sv-SE), not a second language: no direction
#: into Breton, Twi or Northern Sami is what such a name means.
_REGIONS = frozenset({"br", "tw", "cn", "hk", "us", "gb", "mx", "se"})
#: Two-letter words that end model names as abbreviations before languages: machine
#: translation, small, self-attention.
_NOT_LANGUAGES = frozenset({"mt", "sm", "sa"})


#: What a catalog model of each family reads, for the families that read no text.
TEXT_KINDS = ("text", "code", "multimodal")


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
    # A size written with "_" for its point is that size: stablelm-2-1_6b is 1.6B.
    short = _UNDERSCORE_VERSION.sub(r"\1.\2", name.rsplit("/", 1)[-1])
    windows = {word.lower() for _, word in _window_words(short) if word[-1] in "mM"}
    found = [size for size in NAME_SIZE.findall(short)
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


#: "Base" as a word of a name, before a format suffix or at its end: GLM-4.5-Air-Base,
#: ERNIE-4.5-21B-A3B-Base-PT.
_NAME_BASE_WORD = re.compile(r"[-_]base(?=[-_](?:pt|paddle)$|$)", re.I)


def without_base_word(name: str) -> str | None:
    """A name less its "Base" word (``zai-org/GLM-4.5-Air-Base``: ``zai-org/GLM-4.5-Air``), or
    None when it has none."""
    if _NAME_BASE_WORD.search(name) is None:
        return None
    return _NAME_BASE_WORD.sub("", name, count=1)


#: "Base" as a whole word of a name, wherever it is: Mistral-Small-3.1-24B-Base-2503.
_NAME_BASE_ANYWHERE = re.compile(r"(?<=[-_])base(?=[-_]|$)", re.I)
#: "Base" at a name's end or before its release date only: a checkpoint as its maker names it,
#: not a team's derivative of one (Kimi-K2-Base-legal has no Instruct twin).
_NAME_BASE_RELEASE = re.compile(r"(?<=[-_])base(?=(?:[-_]\d{4})?$)", re.I)


def has_base_word(name: str) -> bool:
    """Whether "Base" is a whole word of a name (``Mistral-Small-3.1-24B-Base-2503``)."""
    return _NAME_BASE_ANYWHERE.search(name) is not None


def instruct_name(name: str, word: str | None) -> str | None:
    """The name of a base checkpoint's post-trained sibling: its "Base" word (at the end or
    before a release date) replaced by ``word``, where the family names them so
    (``Kimi-K2-Base``: ``Kimi-K2-Instruct``), else left out (:func:`without_base_word`); None
    when the name has no such word."""
    if word is None:
        return without_base_word(name)
    if _NAME_BASE_RELEASE.search(name) is None:
        return None
    return _NAME_BASE_RELEASE.sub(word, name, count=1)


def short_key(name: str) -> str:
    """A name's last part, lower case, with "_" as "-" and runs of space as one: the form names
    are compared in (``Qwen/Qwen2.5_VL`` → ``qwen2.5-vl``)."""
    return " ".join(name.rsplit("/", 1)[-1].lower().replace("_", "-").split())
