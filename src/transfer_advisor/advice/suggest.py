"""Catalog models to suggest: which models read the data, know its domain, do the task.

Suggestions are short (one model of each family, preferred kinds first) and memoised
on the catalog, which never changes while the process runs.
"""

from __future__ import annotations

import bisect
import functools
import math
import unicodedata
from collections.abc import Iterable, Mapping
from typing import get_args

from transfer_advisor.advice.plan import _remember
from transfer_advisor.catalog import Catalog, ModelEntry
from transfer_advisor.vocabulary import InputModality

#: The kinds of data a multimodal catalog model lists among its inputs.
_INPUTS = frozenset(get_args(InputModality))


def trained_for_another(entry: ModelEntry, task: str) -> bool:
    """Whether a checkpoint was trained for tasks other than ``task``: a task checkpoint's own
    tasks, or the task a fixed-label head was trained for (an object detector, for image
    classification)."""
    # A task not named (other) rules out no fixed-label head: it is what such tasks fine-tune.
    trained = entry.trained_for if task != "other" else ()
    tasks = [*(entry.zero_shot_tasks if entry.checkpoint == "task" else ()), *trained]
    if task == "classification":  # image classification is classification too
        return bool(tasks) and not any(t.endswith("classification") for t in tasks)
    return bool(tasks) and task not in tasks


def _suggest(
    catalog: Catalog,
    wanted: Iterable[str],
    *,
    key: str,
    primary: str | None = None,
    modalities: Iterable[str] | None = None,
    task: str | None = None,
    generative: bool = False,
    limit: int = 3,
    languages: frozenset[str] = frozenset(),
    min_context: int | None = None,
    near: int | None = None,
) -> list[str]:
    """Up to ``limit`` catalog models whose ``key`` (modality or a domain) is in ``wanted``:
    one of each family, those that do ``task`` as they are or were trained for it
    first (a detector before an image backbone), of the ``primary`` modality first, then
    instruction-tuned ones, so the list is short and useful; none that misses the data's
    ``languages`` (an English-only speech model for German speech); never
    an encoder for a ``generative`` task, nor a model trained for another task than ``task``
    (an object detector for image classification). Models whose window holds ``min_context``
    tokens (the inputs) come before all others (an encoder of the domain that must cut the
    inputs is still better than none), and the size nearest ``near`` (the model it replaces)
    before the smallest, where given. Memoised per catalog."""
    allowed = frozenset(modalities) if modalities is not None else None
    min_context = _window_floor(catalog, min_context)
    wanted = frozenset(wanted)
    cache_key = (key, wanted, primary, allowed, task, generative, limit, languages,
                 min_context, near)  # fmt: skip
    cached = catalog.suggestions.get(cache_key)
    if cached is not None:
        return cached
    # The filter takes few values and the ranking many (``near`` is the replaced model's
    # size): the filtered list is memoised on its own, and each ranking is of that list only.
    entries, number = _matching(catalog, key, wanted, primary, allowed, generative, task,
                                languages)  # fmt: skip
    ranked_key = ("suggest-ranked", number, primary, task, min_context, near, limit)
    found = catalog.suggestions.get(ranked_key)
    if found is not None:
        _remember(catalog.suggestions, cache_key, found, _SUGGESTIONS_LIMIT)
        return found

    def rank(
        entry: ModelEntry,
    ) -> tuple[bool, bool, bool, bool, bool, bool, bool, float, int, str]:
        does = task is None or task in entry.zero_shot_tasks
        trained = task is None or task in entry.trained_for
        short = min_context is not None and (entry.context_window or min_context) < min_context
        size = entry.parameters
        distance = abs(math.log(size / near)) if near and size else 0.0
        # Open weights before hosted ones, whose size is often not published.
        return (short, not (does or trained),
                entry.modality != primary if primary else False,
                not does, not trained,
                not entry.instruction_tuned, size is None, distance, size or 0,
                entry.name)  # fmt: skip

    best: dict[str, ModelEntry] = {}
    for entry in entries:
        current = best.get(entry.family)
        if current is None or rank(entry) < rank(current):
            best[entry.family] = entry
    found = [e.name for e in sorted(best.values(), key=rank)[:limit]]
    # Bounded: domains come from the input.
    _remember(catalog.suggestions, ranked_key, found, _SUGGESTIONS_LIMIT)
    _remember(catalog.suggestions, cache_key, found, _SUGGESTIONS_LIMIT)
    return found


def _matching(
    catalog: Catalog,
    key: str,
    wanted: frozenset[str],
    primary: str | None,
    allowed: frozenset[str] | None,
    generative: bool,
    task: str | None,
    languages: frozenset[str],
) -> tuple[tuple[ModelEntry, ...], int]:
    """The catalog models :func:`_suggest` ranks, in catalog order, and the number of that
    list (as :func:`_candidates` numbers its lists). Memoised per catalog."""
    memo_key = ("suggest-matching", key, wanted, primary, allowed, generative, task, languages)
    cached = catalog.candidates.get(memo_key)
    if cached is not None:
        return cached
    found: list[ModelEntry] = []
    for entry in catalog.models:
        values = {entry.modality} if key == "modality" else set(entry.domains)
        if not values & wanted or (allowed is not None and entry.modality not in allowed):
            continue
        if entry.same_model_as is not None:
            continue  # as in _candidates
        if (
            key == "modality"
            and primary in _INPUTS
            and entry.inputs
            and primary not in entry.inputs
        ):
            continue  # a multimodal model that does not read this kind of data
        if generative and entry.architecture == "encoder":
            continue
        if task is not None and trained_for_another(entry, task):
            continue
        if (languages and entry.languages and entry.languages_complete
                and not languages.issubset(entry.languages)):  # fmt: skip
            continue  # its card lists its languages in full, and not the data's
        found.append(entry)
    return _numbered(catalog, memo_key, found)


def _primary_language(tag: str) -> str:
    """A language tag's language: its first subtag, or the extended language subtag after it
    (RFC 5646, Sec. 2.2.2: ``zh-yue`` is yue, Cantonese, not Chinese)."""
    parts = tag.strip().replace("_", "-").lower().split("-")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 3 and parts[1].isalpha() else parts[0]


def _unaccented(text: str) -> str:
    """``text`` without its accents: "yorùbá" is "yoruba", "volapük" is "volapuk"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


#: A language table's names without their accents, by table (one entry: the rulebook in use).
_UNACCENTED: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}


def language_code(name: str, names: Mapping[str, str]) -> str:
    """The code of a lower-case language name or code, from the rulebook's table of names;
    its accents are optional ("yorùbá" and "yoruba" are both yo, "volapuk" is "volapük"'s
    code). A name the table does not know is given back as it is."""
    code = names.get(name)
    if code is not None:
        return code
    found = _UNACCENTED.get(id(names))
    if found is None or found[0] is not names:
        folded: dict[str, str] = {}
        for known, value in names.items():
            folded.setdefault(_unaccented(known), value)
        _UNACCENTED.clear()
        found = _UNACCENTED[id(names)] = (names, folded)
    return found[1].get(_unaccented(name), name)


#: How many suggestion lists the catalog keeps before it starts again.
_SUGGESTIONS_LIMIT = 8192


def _window_floor(catalog: Catalog, min_context: int | None) -> int | None:
    """The smallest catalog window of at least ``min_context`` tokens (one past the largest
    when none is): a model's window passes ``>= min_context`` exactly when it passes this, so
    the candidates of every length between two catalog windows are one list."""
    if min_context is None:
        return None
    windows = catalog.windows
    at = bisect.bisect_left(windows, min_context)
    return windows[at] if at < len(windows) else windows[-1] + 1


def _candidates(
    catalog: Catalog,
    allowed: frozenset[str],
    task: str | None,
    wanted_languages: frozenset[str],
    generative: bool,
    min_context: int | None,
    max_parameters: int | None,
    strong_in_context: bool,
    for_task: str | None,
    direction: tuple[str | None, str | None] | None = None,
    reads: str | None = None,
    domains: frozenset[str] | None = None,
) -> tuple[tuple[ModelEntry, ...], int]:
    """The catalog models :func:`models_for` may suggest, in catalog order, before ranking,
    and the number of that list: filters that let the same models through share a number, so
    their rankings are memoised once. Memoised per catalog (the filters take far fewer values
    than the ranking does)."""
    min_context = _window_floor(catalog, min_context)
    key = ("candidates", allowed, task, wanted_languages, generative, min_context,
           max_parameters, strong_in_context, for_task, direction, reads, domains)  # fmt: skip
    cached = catalog.candidates.get(key)
    if cached is not None:
        return cached
    found: list[ModelEntry] = []
    for entry in catalog.models:
        if entry.modality not in allowed or entry.same_model_as is not None:
            continue  # another platform's copy of a model is suggested as its maker's
        if task is not None and task not in entry.zero_shot_tasks:
            continue
        if generative and entry.architecture == "encoder":
            continue
        if for_task is not None and trained_for_another(entry, for_task):
            continue
        if strong_in_context and entry.in_context_learning == "weak":
            continue
        if wanted_languages and not wanted_languages <= language_codes(tuple(entry.languages)):
            continue
        if wanted_languages and not wanted_languages.isdisjoint(entry.weak_languages):
            continue  # it covers the language but transcribes it poorly (weak_languages)
        if min_context is not None and (entry.context_window or 0) < min_context:
            continue
        if direction is not None and not translates(entry, *direction):
            continue
        if (reads is not None and entry.modality == "multimodal" and entry.inputs
                and reads not in entry.inputs):  # fmt: skip
            continue  # a vision-language model that reads no video, for video
        if max_parameters is not None and (
            entry.parameters is None or entry.parameters >= max_parameters
        ):
            continue
        if domains is not None and domains.isdisjoint(entry.domains):
            continue  # a protein model replaced by a chat model of prose
        found.append(entry)
    return _numbered(catalog, key, found)


def _numbered(
    catalog: Catalog, key: tuple[object, ...], found: list[ModelEntry]
) -> tuple[tuple[ModelEntry, ...], int]:
    """``found`` with the number of its list, memoised under ``key``: filters that let the
    same models through share a number, so their rankings are memoised once."""
    result = tuple(found)
    # Entries by identity: a user catalog may name one model twice, under two families.
    same = tuple(map(id, found))
    number = catalog.candidate_lists.get(same)
    if number is None:
        # Never reused, even after the memo starts again: a number names one list for good.
        number = next(catalog.candidate_numbers)
        _remember(catalog.candidate_lists, same, number, _SUGGESTIONS_LIMIT)
    _remember(catalog.candidates, key, (result, number), _SUGGESTIONS_LIMIT)
    return result, number


@functools.lru_cache(maxsize=1024)
def language_codes(languages: tuple[str, ...]) -> frozenset[str]:
    """A language list as primary codes, computed once per list (a list can hold 200)."""
    return frozenset(_primary_language(x) for x in languages)


def translates(entry: ModelEntry, source: str | None, target: str | None) -> bool:
    """Whether a model's trained directions, where its card limits them, include ``source``
    into ``target`` (primary language codes; None: not given)."""
    return (source is None or not entry.translates_from
            or source in language_codes(tuple(entry.translates_from))) and (
        target is None or not entry.translates_into
        or target in language_codes(tuple(entry.translates_into)))  # fmt: skip


def models_for(
    catalog: Catalog,
    *,
    modalities: Iterable[str],
    task: str | None = None,
    languages: Iterable[str] = (),
    generative: bool = False,
    min_context: int | None = None,
    max_parameters: int | None = None,
    strong_in_context: bool = False,
    architecture: str | None = None,
    family: str | None = None,
    near: int | None = None,
    for_task: str | None = None,
    direction: tuple[str | None, str | None] | None = None,
    checkpoint: str | None = None,
    reads: str | None = None,
    domains: frozenset[str] | None = None,
    limit: int = 3,
) -> list[str]:
    """Up to ``limit`` catalog models that could take over the task: of a modality that reads
    the data, doing ``task`` as they are (when given), covering every one of ``languages``,
    generating text (when asked), with a window of at least ``min_context`` tokens, under
    ``max_parameters``, not weak in-context learners (when asked), and not a model trained for
    another task than ``for_task`` (an object detector for image classification), translating
    ``direction`` (source, target) where a model's card limits its directions, and reading
    ``reads`` (the data's kind) where a multimodal model's card lists what it reads, and
    sharing one of ``domains`` (when given: a sequence model's, proteins or DNA). Open weights
    first, then the preferred ``architecture``, ``family`` and ``checkpoint`` (a model trained
    for one task replaced by another trained for it), then the size nearest ``near``
    (else instruction-tuned ones and the smallest), one per family. Memoised per catalog."""
    wanted_languages = frozenset(_primary_language(x) for x in languages)
    allowed = frozenset(modalities)
    min_context = _window_floor(catalog, min_context)
    cache_key = ("for", allowed, task, wanted_languages, generative, min_context,
                 max_parameters, strong_in_context, architecture, family, near, for_task,
                 direction, checkpoint, reads, domains, limit)  # fmt: skip
    cached = catalog.suggestions.get(cache_key)
    if cached is not None:
        return cached
    entries, number = _candidates(catalog, allowed, task, wanted_languages, generative,
                                  min_context, max_parameters, strong_in_context, for_task,
                                  direction, reads, domains)  # fmt: skip
    # Many filters let the same models through (another task, language or input length): the
    # ranking depends only on the list and the model it replaces.
    ranked_key = ("ranked", number, architecture, family, checkpoint, near, limit)
    found = catalog.suggestions.get(ranked_key)
    if found is not None:
        _remember(catalog.suggestions, cache_key, found, _SUGGESTIONS_LIMIT)
        return found

    def rank(entry: ModelEntry) -> tuple[bool, bool, bool, bool, float, bool, bool, int, str]:
        # The same architecture and family as the model it replaces first, when asked (an
        # encoder with a longer window for an encoder's task), then the nearest size.
        size = entry.parameters
        distance = abs(math.log(size / near)) if near and size else 0.0
        return (entry.weights != "open",
                architecture is not None and entry.architecture != architecture,
                family is not None and entry.family != family,
                checkpoint is not None and entry.checkpoint != checkpoint, distance,
                not entry.instruction_tuned, size is None, size or 0, entry.name)  # fmt: skip

    best: dict[
        str, tuple[tuple[bool, bool, bool, bool, float, bool, bool, int, str], ModelEntry]
    ] = {}
    for entry in entries:
        ranked = rank(entry)
        current = best.get(entry.family)
        if current is None or ranked < current[0]:
            best[entry.family] = (ranked, entry)
    found = [entry.name for _, entry in sorted(best.values(), key=lambda pair: pair[0])[:limit]]
    _remember(catalog.suggestions, ranked_key, found, _SUGGESTIONS_LIMIT)
    _remember(catalog.suggestions, cache_key, found, _SUGGESTIONS_LIMIT)
    return found
