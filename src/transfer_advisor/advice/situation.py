"""The facts of a project's situation beyond "N labeled examples": the languages it needs,
whether its inputs fit the model's window, the knowledge it depends on, an unlabeled corpus,
where its labels come from and how it will be served, and the catalog models that do its task.
"""

from __future__ import annotations

from typing import Any

from transfer_advisor.advice.label_facts import label_set_facts
from transfer_advisor.advice.labels import READ_LIMIT, first_term, states_classes
from transfer_advisor.advice.names import size_from_name
from transfer_advisor.advice.suggest import (
    _primary_language,
    language_code,
    language_codes,
    models_for,
)
from transfer_advisor.catalog import Catalog
from transfer_advisor.manifest import Manifest, Task
from transfer_advisor.rules.model import Tables

#: Task types whose output is generated text: only a decoder or encoder-decoder learns them.
GENERATIVE_TASKS = frozenset({"generation", "summarization", "chat", "translation", "code"})
#: ISO 639-1 codes have two letters, 639-2 and 639-3 three: anything longer is a name.
_LONGEST_CODE = 3
#: Task types whose output no prompt gives: a generative model prompted writes text, not the
#: vectors an embedding task needs (BehnamGhader et al. 2024, LLM2Vec, Sec. 1).
NOT_PROMPTED_TASKS = frozenset({"embedding"})
#: Data whose length in tokens is what the model's window holds: text and code, and the text of
#: image-text pairs (CLIP's text tower stops at 77 tokens: Zhang et al. 2024, Long-CLIP).
_TOKEN_DATA = frozenset({"text", "code", "multimodal"})
#: Data a generative multimodal model reads as tokens in its window, with the text.
_MEDIA_DATA = frozenset({"image", "video", "audio"})


#: Data that gives a model images (a model's image languages apply to it).
_WITH_IMAGES = ("image", "video", "multimodal")
#: Kinds of data a tuning service may not take (its ``inputs``).
_NOT_TEXT_INPUTS = ("image", "audio", "video")


def needed_languages(manifest: Manifest, tables: Tables) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The languages the task needs, as the catalog's codes: the data's, and a translation's
    source and target, once each, in that order; and the tags that are neither a code nor a
    name the rulebook's table knows (longer than an ISO 639 code), left out of the check:
    nothing says whether a model covers them."""
    found: list[str] = []
    unknown: list[str] = []
    task = manifest.task
    for tag in (manifest.data.language, task.source_language, task.target_language):
        if tag:
            code = language_tag_code(tag, tables)
            if code is None:
                unknown.append(tag)
            elif code not in found:
                found.append(code)
    return tuple(found), tuple(unknown)


def language_tag_code(tag: str, tables: Tables) -> str | None:
    """A language tag or name as the catalog's code; None for a name the table does not know,
    a two-letter code that is no ISO 639-1 language (the table names every one), or no
    letters at all ("123")."""
    code = language_code(_primary_language(tag), tables.language_names)
    if len(code) > _LONGEST_CODE or (len(code) < _LONGEST_CODE and code not in _two_letter(tables)):
        return None
    if not code.isalpha():
        return None
    return code


#: The ISO 639-1 codes the language table knows, by table (one entry: the rulebook in use).
_TWO_LETTER: dict[int, tuple[Tables, frozenset[str]]] = {}


def _two_letter(tables: Tables) -> frozenset[str]:
    found = _TWO_LETTER.get(id(tables))
    if found is None or found[0] is not tables:
        codes = {c for c in tables.language_names.values() if len(c) == 2}
        codes |= {c for pair in tables.macrolanguages.items() for c in pair if len(c) == 2}
        _TWO_LETTER.clear()
        found = _TWO_LETTER[id(tables)] = (tables, frozenset(codes))
    return found[1]


def _teacher_parameters(name: str | None, catalog: Catalog) -> int | None:
    """The teacher model's size: the catalog's, else the one its name states."""
    if not name:
        return None
    entry = catalog.model(name)
    if entry is not None:
        return entry.parameters
    return size_from_name(name)


def _direction(task: Task, tables: Tables) -> tuple[str | None, str | None] | None:
    """A translation's (source, target) codes, either None when not given or not known; None
    when neither is known."""
    if task.type != "translation":
        return None
    source = language_tag_code(task.source_language, tables) if task.source_language else None
    target = language_tag_code(task.target_language, tables) if task.target_language else None
    return None if source is None and target is None else (source, target)


def covers(code: str, languages: frozenset[str], tables: Tables) -> bool:
    """Whether a model of ``languages`` covers ``code``: itself, or its macrolanguage or a
    member of it (Bokmål for a model of Norwegian, Norwegian for one of Bokmål)."""
    if code in languages:
        return True
    macro = tables.macrolanguages.get(code)
    if macro is not None and macro in languages:
        return True
    return any(tables.macrolanguages.get(other) == code for other in languages)


def languages_as_codes(languages: tuple[str, ...], tables: Tables) -> frozenset[str]:
    """A model's languages as codes: a name the table knows (``German``) is its code."""
    codes = language_codes(languages)
    return frozenset(tables.language_names.get(code, code) for code in codes)


def _says(task: Task, task_type: str, terms: list[str]) -> bool:
    """Whether a ``task_type`` task's description has one of ``terms`` (lower case)."""
    if task.type != task_type or not task.description:
        return False
    words = task.description.lower()
    return any(term in words for term in terms)


def _code_from_instructions(task: Task, tables: Tables) -> bool:
    """A `code` task whose description says the code is written from natural-language
    instructions (requests, questions, chat) rather than completed or infilled (words of
    completion win)."""
    return _says(task, "code", tables.code_instruction_terms) and not _says(
        task, "code", tables.code_completion_terms
    )


def _text_completion(task: Task, tables: Tables) -> bool:
    """A generation task whose description says it continues the user's text (autocomplete,
    the next words), rather than following an instruction."""
    return _says(task, "generation", tables.text_completion_terms)


def _share_percent(share: float) -> float | int:
    """A share as a percent to show: whole from 1% up, else to one significant digit (a
    4,097-token input in a 4,096-token window loses 0.02%, not "about 1%")."""
    percent = 100 * share
    return round(percent) if percent >= 1 else float(f"{percent:.1g}")


def situation_facts(
    manifest: Manifest,
    facts: dict[str, Any],
    tables: Tables,
    catalog: Catalog,
    compatible: Any,
) -> None:
    """Add the situation's facts to ``facts`` (the model's and the data's are already there)."""
    task, data, serving = manifest.task, manifest.data, manifest.serving
    knowledge = task.knowledge
    facts["task.source_language"] = task.source_language
    facts["task.target_language"] = task.target_language
    facts["task.knowledge.required"] = knowledge.required if knowledge else None
    facts["task.knowledge.source"] = knowledge.source if knowledge else None
    facts["task.knowledge.documents"] = knowledge.documents if knowledge else None
    facts["task.knowledge.changes"] = knowledge.changes if knowledge else None
    facts["task.code_from_instructions"] = _code_from_instructions(task, tables)
    facts["task.text_completion"] = _text_completion(task, tables)
    described = (task.description or "") if task.type == "extraction" else ""
    facts["task.structured_extraction"] = (
        first_term(described, tables.structured_extraction_terms) is not None)  # fmt: skip
    facts["task.language_identification"] = _says(
        task, "classification", tables.language_identification_terms
    )
    label_set_facts(task.description or "", facts, tables)
    facts["data.max_tokens_per_example"] = data.max_tokens_per_example
    facts["training.sequence_length"] = manifest.training.sequence_length
    facts["training.micro_batch_size"] = manifest.training.micro_batch_size
    facts["training.cpu_offload"] = manifest.training.cpu_offload
    facts["training.parallelism"] = manifest.training.parallelism
    facts["training.precision"] = manifest.training.precision
    facts["data.unlabeled_tokens"] = data.unlabeled_tokens
    facts["data.labels_from"] = data.labels_from
    facts["data.teacher_model"] = data.teacher_model
    facts["data.teacher_parameters"] = _teacher_parameters(data.teacher_model, catalog)
    facts["serving.requests_per_day"] = serving.requests_per_day
    facts["serving.latency_ms"] = serving.latency_ms
    # A model of raw sequences (proteins, DNA) given sequences is replaced only by another of
    # its domains: a chat model of prose is no substitute for it.
    kin = (frozenset(facts["model.domains"])
           if facts["model.sequence_model"] and not facts["data.prose"] else None)  # fmt: skip

    listed = catalog.model(facts["model.catalog_name"]) if facts["model.catalog_name"] else None
    facts["model.identifies_language"] = listed is not None and listed.identifies_language
    # Classes asked of a segmenter whose masks have none (read only for such a model).
    facts["model.class_agnostic"] = listed is not None and listed.class_agnostic
    facts["task.states_classes"] = facts["model.class_agnostic"] and states_classes(
        (task.description or "")[:READ_LIMIT].lower(), tables.class_naming_terms)  # fmt: skip
    facts["model.tuning.methods"] = (
        tuple(listed.tuning.methods) if listed is not None and listed.tuning is not None else ()
    )
    modality = facts["data.modality"]
    # A hosted model whose tuning service does not take the data's kind of input (OpenAI
    # tunes gpt-4o-mini on text only): for these examples it is as untunable as a closed one.
    # A video's frames are images to a tuning service that takes images, unless the task
    # turns on what changes across them (task.temporal_term: no frame shows it) and an
    # example holds one image (OpenAI's vision fine-tuning takes many per example).
    taken = listed.tuning.inputs if listed is not None and listed.tuning is not None else []
    as_frames = (
        modality == "video"
        and "video" not in taken
        and (not facts["task.temporal_term"] or facts["model.multi_image"])
    )
    facts["model.tuning_excludes"] = None
    if (facts["model.weights"] == "hosted" and taken and modality in _NOT_TEXT_INPUTS
            and ("image" if as_frames else modality) not in taken):  # fmt: skip
        facts["model.tuning_excludes"] = modality
        facts["model.weights"] = "closed"
    generative = task.type in GENERATIVE_TASKS
    own = (modality,) if modality in catalog.modalities else ()
    readers = own or tuple(compatible or ())

    # A translation's (source, target): models suggested for it must translate that way.
    direction = _direction(task, tables)
    # Languages: every one the task needs must be one the model was pre-trained on.
    languages, facts["language.unrecognised"] = needed_languages(manifest, tables)
    # One it covers but transcribes poorly as it is (Whisper on Yoruba: FLEURS, Table 13).
    weak = listed.weak_languages if listed is not None else {}
    facts["language.weak"] = next((code for code in languages if code in weak), None)
    facts["language.weak_error"] = weak.get(facts["language.weak"] or "")
    # Its shortest name in the table ("Swahili", not "Kiswahili"), else the code.
    weak_code = facts["language.weak"]
    names = [name for name, code in tables.language_names.items()
             if code == weak_code and len(name) > _LONGEST_CODE] if weak_code else []  # fmt: skip
    facts["language.weak_name"] = (
        min(names, key=lambda name: (len(name), name)).title() if names else weak_code
    )
    model_languages = languages_as_codes(tuple(facts["model.languages"]), tables)
    if listed is not None and listed.image_languages and modality in _WITH_IMAGES:
        # Its card supports fewer languages with images (Llama 3.2 Vision: English only).
        model_languages = languages_as_codes(tuple(listed.image_languages), tables)
        facts["model.languages_summary"] = (
            f"{', '.join(listed.image_languages)} with images; "
            f"{facts['model.languages_summary']} in text alone"
        )
    # A speech model hears the source language only: the target of a speech translation is
    # text, which it writes only if it translates that direction (the direction check below).
    heard = languages
    if modality == "audio" and direction is not None and direction[1] is not None and (
            direction[1] not in (data.language and language_tag_code(data.language, tables),
                                 direction[0])):  # fmt: skip
        heard = tuple(code for code in languages if code != direction[1])
    missing = tuple(x for x in heard if not covers(x, model_languages, tables))
    facts["language.unlisted"] = ()
    if missing and not facts["model.languages_complete"]:
        # The card claims more languages than it lists: a missing one is unknown.
        facts["language.unlisted"] = (
            missing if model_languages or facts["model.languages_many"] else ()
        )
        model_languages = frozenset()
    if languages and model_languages:
        facts["language.match"] = not missing
        facts["language.missing"] = missing
        suggestions: list[str] = []
        if missing:
            common: dict[str, Any] = dict(
                domains=kin,
                modalities=readers,
                languages=languages,
                generative=generative or facts["model.generative"],
                architecture=facts["model.architecture"],
                family=facts["model.family"],
                near=facts["model.parameters"],
                for_task=task.type,
                direction=direction,
                checkpoint="task" if facts["model.checkpoint"] == "task" else None,
            )
            # A model that does the task as it is first (a translation model replaced by
            # another that translates), else any that covers the languages.
            if task.type in facts["model.zero_shot_tasks"]:
                suggestions = models_for(catalog, task=task.type, **common)
            suggestions = suggestions or models_for(catalog, **common)
        # Not the model itself (Llama 3.2 Vision reads German text, not German images).
        own = facts["model.catalog_name"]
        facts["language.suggestions"] = [name for name in suggestions if name != own]
    else:
        facts["language.match"] = None
        facts["language.missing"] = ()
        facts["language.suggestions"] = []

    # A translation model trained on some directions only (OPUS-MT: one per direction; Whisper
    # into English): the task's direction must be one of them.
    facts["language.direction_match"] = None
    facts["language.direction_suggestions"] = []
    facts["language.cascade_suggestions"] = []
    facts["language.direction"] = (
        None if direction is None else " → ".join(code or "?" for code in direction)
    )
    match: bool | None = None
    if direction is not None and facts["language.match"] is not False:
        if facts["model.translates_from"] or facts["model.translates_into"]:
            source, target = direction
            trained_from = language_codes(facts["model.translates_from"])
            trained_into = language_codes(facts["model.translates_into"])
            match = (
                source is None or not trained_from or covers(source, trained_from, tables)
            ) and (target is None or not trained_into or covers(target, trained_into, tables))
        elif (facts["model.generative"] and facts["model.checkpoint"] == "task"
              and facts["model.zero_shot_tasks"]
              and "translation" not in facts["model.zero_shot_tasks"]):  # fmt: skip
            # A checkpoint trained for another task (whisper-large-v3-turbo: transcription
            # only) translates no direction as it is.
            match = False
    if match is not None and direction is not None:
        facts["language.direction_match"] = match
        if not match:
            facts["language.direction_suggestions"] = models_for(
                catalog, modalities=readers, task="translation",
                languages=[code for code in direction if code is not None],
                generative=True, near=facts["model.parameters"], for_task="translation",
                direction=direction, checkpoint="task", strong_in_context=True,
            )  # fmt: skip
            if not facts["language.direction_suggestions"] and modality == "audio":
                # No speech model translates it: a cascade, transcription then text translation.
                facts["language.cascade_suggestions"] = models_for(
                    catalog, modalities=("text",), task="translation",
                    languages=[code for code in direction if code is not None],
                    generative=True, for_task="translation", direction=direction,
                    checkpoint="task", strong_in_context=True, near=facts["model.parameters"],
                )  # fmt: skip

    # Catalog models that do this task as they are, for the data's modality and languages.
    # A translation is best started from a model built to translate (NLLB Team 2022), before
    # a general chat model of the same languages.
    facts["task.suggestions"] = models_for(
        catalog, modalities=readers, task=task.type, languages=languages, domains=kin,
        generative=generative, strong_in_context=True, for_task=task.type,
        direction=direction, checkpoint="task" if task.type == "translation" else None,
    )  # fmt: skip
    if facts["task.states_classes"]:  # not another segmenter whose masks have no class
        facts["task.suggestions"] = [
            name
            for name in facts["task.suggestions"]
            if not getattr(catalog.model(name), "class_agnostic", False)
        ]

    # Inputs against the model's window, whatever the strategy (text, code, image-text pairs).
    window = facts["model.context_window"]
    longest = max(data.max_tokens_per_example or 0, data.avg_tokens_per_example or 0) or None
    # A forecaster's window counts observations, one token each (Ansari et al. 2024, Chronos);
    # a multimodal decoder's holds its image, video or audio tokens with the text (LLaVA-1.5:
    # 576 tokens an image in a 4,096-token window; Liu et al. 2024, Sec. 3), where an
    # encoder-decoder such as BLIP reads the image with its own encoder.
    measured = (
        modality in _TOKEN_DATA
        or (modality == "time-series" and facts["model.modality"] == "time-series")
        or (modality in _MEDIA_DATA and facts["model.modality"] == "multimodal"
            and facts["model.architecture"] == "decoder")
    )  # fmt: skip
    overflow = bool(window and longest and measured and longest > window)
    average = data.avg_tokens_per_example
    facts["input.longest_tokens"] = longest
    facts["input.overflow"] = overflow
    facts["input.average_overflows"] = bool(overflow and average and average > window)
    facts["input.average_lost_percent"] = (
        _share_percent(1 - window / average) if overflow and average and average > window else None
    )
    # Images, video or audio that overflow a multimodal decoder's window need another such
    # model, one that reads that kind of data.
    media = modality in _MEDIA_DATA and facts["model.modality"] == "multimodal"
    # A model that did the task as it is is replaced by one that does too (an embedder by an
    # embedder, not a chat model that returns no vectors).
    does = task.type in facts["model.zero_shot_tasks"]
    facts["input.suggestions"] = (
        models_for(
            catalog,
            task=task.type if does else None,
            modalities=("multimodal",) if media else readers,
            reads=modality if media else None,
            languages=languages,
            generative=generative or facts["model.generative"],
            min_context=longest,
            architecture=facts["model.architecture"],
            family=facts["model.family"],
            near=facts["model.parameters"],
            for_task=task.type,
            domains=kin,
        )
        if overflow
        else []
    )
