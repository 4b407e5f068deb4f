"""The facts a task's description gives about a fixed head's label set (``advice.labels`` reads
the lists and classes), and whether it says the set lacks classes the task needs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from transfer_advisor.advice.labels import (
    _LIST_END,
    _LIST_JOINER,
    _LOOK_AHEAD,
    _LOOK_BACK,
    _THOUSANDS,
    READ_LIMIT,
    _class_names,
    first_term,
    lists_classes,
    names_label_set,
    names_one_class,
    states_other_labels,
)
from transfer_advisor.rules.model import Tables


def label_set_facts(description: str, facts: dict[str, Any], tables: Tables) -> None:
    """Add ``task.names_label_set``, ``task.states_other_labels`` and
    ``task.beyond_label_set`` to ``facts`` (the
    model's label-set facts are already there). Only the description's first
    ``READ_LIMIT`` characters are read: a task is stated well within them, and the readers'
    time stays bounded whatever a manifest holds."""
    description = description[:READ_LIMIT]
    text = description.lower()
    classes = facts["model.label_set_classes"]
    # A language detector's classes are languages, which most descriptions name to say what
    # the data is written in ("German or French reviews"): listed, they name its set only where
    # the description asks for the language ("by language:", "whether ... German or French").
    listed = classes
    if classes and all(c.split("/")[0].strip().lower() in tables.language_names for c in classes):
        asks = first_term(text, tables.language_identification_terms) or re.search(
            r"\b(?:whether|which|language)\b", text)  # fmt: skip
        listed = classes if asks else ()
    facts["task.names_label_set"] = names_label_set(
        description,
        facts["model.label_set_terms"],
        tables.negations,
        facts["model.label_set"] or "",
    ) or lists_classes(
        text, listed, tables.negations, tables.place_words, tables.language_names
    ) or names_one_class(text, listed, tables.detection_verbs, tables.place_words,
                         tables.negations, tables.medium_words,
                         tables.further_task_verbs)  # fmt: skip
    facts["task.states_other_labels"] = states_other_labels(
        text, classes, [t.lower() for t in facts["model.label_set_terms"]], tables.language_names
    )
    # A head's classes are known by a label set, or not known (a task checkpoint's card).
    fixed = facts["model.label_set"] is not None or facts["model.checkpoint"] == "task"
    terms = [t.lower() for t in facts["model.label_set_terms"]]
    # A language identifier asked for the language and more ("and the sentiment of each").
    identifier = not set(terms).isdisjoint(tables.language_identification_terms)
    facts["task.beyond_label_set"] = fixed and (
        says_beyond_set(text, tables.beyond_label_set, tables.negations, classes, terms)
        or (identifier and _AND_MORE.search(text) is not None)
    )


def says_beyond_set(
    text: str,
    beyond: Sequence[str],
    negations: Sequence[str] = (),
    classes: Sequence[str] = (),
    terms: Sequence[str] = (),
) -> bool:
    """Whether a (lower-case) description says the task needs classes a label set lacks: one
    it is said not to have ("COCO has no forklift or pallet class", "lacks a forklift
    category", "the COCO classes are not enough"), more than the set its term names ("the COCO
    classes plus forklifts"), a phrase of ``beyond`` ("new classes") or a
    count of classes added ("add 25 of our own", "plus 1,500 new ones"); not one of the last
    two with a negation among the three words before it ("no new classes are needed"). A
    phrase that starts with "only" must be followed, in its clause, by the set (one of its
    ``classes`` or ``terms``) or a list ("the checkpoint only knows PER, ORG, LOC and MISC";
    not "the team only knows Python")."""
    if _LACKS_CLASS.search(text) is not None or _adds_to_set(text, terms):
        return True
    said = [match for match in _ADDS_CLASSES.finditer(text)] + [
        match
        for term in beyond
        if term in text
        for match in re.finditer(rf"(?<![a-z]){re.escape(term)}", text)
        if not term.startswith("only ") or _names_what_follows(text, match.end(), classes, terms)
    ]
    denied = frozenset(negations)
    return any(
        denied.isdisjoint(
            re.findall(r"[a-z]+", text[max(0, match.start() - _LOOK_BACK) : match.start()])[-3:]
        )
        for match in said
    )


def _adds_to_set(text: str, terms: Sequence[str]) -> bool:
    """Whether a term that names the set is followed by more than it: "the COCO classes plus
    forklifts", "all COCO categories and also helmets", "COCO objects as well as logos"."""
    return any(
        re.search(rf"(?<![a-z0-9]){re.escape(term)}(?:\s+[a-z]+){{0,2}}?\s*{_ADDS_MORE}\s+[a-z]",
                  text) is not None
        for term in terms if term in text
    )  # fmt: skip


#: Something more asked beside a language: "the language and the sentiment", "and its topic".
_AND_MORE = re.compile(r"\band\s+(?:the|its|their)\s+(?!languages?\b)[a-z]")
#: What adds items to a set a term names (a plain "and" may go on to a verb: "and track them").
_ADDS_MORE = (
    r"(?:\bplus\b|\bas well as\b|\band also\b|\balong with\b|\btogether with\b"
    r"|[;.]\s*also\b)"
)


def _names_what_follows(text: str, at: int, classes: Sequence[str], terms: Sequence[str]) -> bool:
    """Whether the clause from ``at`` names the label set (a class or a term) or lists two or
    more items."""
    end = _LIST_END.search(text, at, at + _LOOK_AHEAD)
    clause = _THOUSANDS.sub("", text[at : end.start() if end else at + _LOOK_AHEAD])
    if classes and _class_names(tuple(classes))[0].search(clause):
        return True
    if any(term in clause for term in terms):
        return True
    return len([item for item in _LIST_JOINER.split(clause) if item.strip()]) >= 2


#: A class a description says the set lacks: "no forklift or pallet class", "without a
#: neutral class" (a word before "class": not "no class imbalance").
_LACKS_CLASS = re.compile(
    r"\b(?:no|without\s+an?|lacks?(?:\s+(?:an?|the|any))?)\s+"
    r"(?:[a-z][a-z-]*\s+(?:(?:or|and)\s+)?){1,3}(?:class|category|label|entity\s+type)\b"
    r"|\bno\s+(?:class|category|label)\s+for\b"
    r"|\b(?:classes|categories|labels|tags)\s+(?:are|is)\s+not\s+enough\b"
)


#: Classes added to a set's: "add 25 of our own", "adding 3 new ones", "add 12 more".
_ADDS_CLASSES = re.compile(
    r"\b(?:add(?:ing|s)?|plus)\s+(?:another\s+)?\d{1,3}(?:,\d{3})*\s+"
    r"(?:of\s+our\s+own|new|more|extra|additional|custom)\b"
)
