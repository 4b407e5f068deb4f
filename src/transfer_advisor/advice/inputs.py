"""What a task's description says its inputs are: raw biological or chemical sequences
(amino-acid, DNA or SMILES strings), or prose written in a natural language; and whether a
model was pre-trained on such sequences alone.

A sequence model (ESM, Nucleotide Transformer, ChemBERTa) has no vocabulary for prose, and a
text model none for residues, bases or SMILES symbols, whatever the manifest's domain tag says:
"abstracts about proteins" are English, and "amino-acid sequences" are not biomedical text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from transfer_advisor.advice.labels import READ_LIMIT
from transfer_advisor.rules.model import SequenceInputs, Tables

#: How many words before a match a negation denies it: "free-text sentences, not amino-acid
#: sequences", "one-letter codes, no prose", "rather than SMILES".
_NEGATION_WINDOW = 3


def _normal(text: str) -> str:
    """Lower case, with "-", "_" and "/" read as spaces: "amino-acid" is "amino acid"."""
    return re.sub(r"[-_/]+", " ", text.lower())


@lru_cache(maxsize=64)
def _alternatives(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` in the order a pattern of them tries them: normalised, longest first."""
    return tuple(_normal(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=256)
def _compiled(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(word) for word in alternatives)
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})(?:e?s)?(?![a-z0-9])")


def _pattern(words: tuple[str, ...], text: str) -> re.Pattern[str] | None:
    """Any of ``words`` whole, a plural allowed, as a pattern for ``text``; None when ``text``
    holds none of them at all.

    The pattern holds only the words ``text`` contains: one it does not contain cannot match,
    and leaving it out changes no match (the others keep their order). Most descriptions name
    none of the hundreds of language names, and compiling a pattern of all of them took about
    4 ms of every start.
    """
    present = tuple(word for word in _alternatives(words) if word in text)
    return _compiled(present) if present else None


def _first_said(
    text: str, pattern: re.Pattern[str] | None, negations: frozenset[str]
) -> int | None:
    """Where ``pattern`` first matches ``text`` undenied, or None."""
    if pattern is None:
        return None
    for match in pattern.finditer(text):
        before = re.findall(r"[a-z]+", text[: match.start()])[-_NEGATION_WINDOW:]
        if not negations.intersection(before):
            return match.start()
    return None


def _sequence_kind(
    text: str, kinds: Mapping[str, SequenceInputs], negations: frozenset[str]
) -> tuple[int, str] | None:
    """The kind of sequence first named undenied, with its place."""
    found = []
    for index, (kind, entry) in enumerate(kinds.items()):
        at = _first_said(text, _pattern(tuple(entry["words"]), text), negations)
        if at is not None:
            found.append((at, index, kind))
    return min(found)[::2] if found else None


def _prose_pattern(tables: Tables, text: str) -> re.Pattern[str] | None:
    # A language's name, not a code: "per" in "per-residue" is no Persian.
    names = tuple(name for name in tables.language_names if len(name) > 3)
    return _pattern(tuple(tables.prose_words) + names, text)


#: How many words before a named sequence may say it is not the input ("extract the SMILES
#: strings", "abstracts that mention amino-acid sequences").
_MENTION_WINDOW = 4


def _sequence_not_input(text: str, at: int, words: frozenset[str]) -> bool:
    """Whether one of ``words`` (or its "s", "es" or "ing" form) is among the few words before
    the sequence named at ``at``: the task writes it, or prose mentions it."""
    before = re.findall(r"[a-z]+", text[:at])[-_MENTION_WINDOW:]
    return any(
        word in words or word.removesuffix("s") in words or word.removesuffix("es") in words
        or word.removesuffix("ing") in words or word.removesuffix("ing") + "e" in words
        for word in before
    )  # fmt: skip


def input_facts(description: str, tables: Tables) -> tuple[str | None, bool]:
    """The kind of raw sequence the description says the inputs are (a key of
    ``tables.sequence_inputs``: protein, genomics, chemistry; the first named wins), and
    whether it says they are prose: where it names both, prose when the sequence is what the
    task writes or what the prose mentions (``tables.sequence_mention_words`` just before
    it), else the sequences."""
    if not description:
        return None, False
    text = _normal(description)
    negations: frozenset[str] = frozenset(tables.negations)
    prose = _first_said(text, _prose_pattern(tables, text), negations) is not None
    named = _sequence_kind(text, tables.sequence_inputs, negations)
    if named is None:
        return None, prose
    if prose and _sequence_not_input(text, named[0], frozenset(tables.sequence_mention_words)):
        return None, True
    return named[1], False


def imaging_domain(description: str, tables: Tables) -> str | None:
    """The domain of the imagery a description says its images are (a key of
    ``tables.imaging_domains``: "satellite imagery" is remote sensing, "H&E slides" pathology;
    the first named undenied wins), or None."""
    if not description or not tables.imaging_domains:
        return None
    text = _normal(description[:READ_LIMIT])
    named = _sequence_kind(text, tables.imaging_domains, frozenset(tables.negations))
    return named[1] if named is not None else None


def _sequence_domain(domain: str, tables: Tables) -> bool:
    """Whether a model's domain tag names a kind of raw sequence: a kind of
    ``sequence_inputs`` (genomics), or a domain related to one and to no domain of prose
    (``dna``, ``smiles``; not ``bioinformatics``, which medical text relates to too)."""
    related = tables.related_domains
    if domain in tables.sequence_inputs:
        return True
    return any(domain in related.get(kind, ()) for kind in tables.sequence_inputs) and not any(
        domain in values for key, values in related.items() if key not in tables.sequence_inputs
    )


def sequence_model(domains: Any, family: list[str], tables: Tables) -> bool:
    """Whether a model was pre-trained on raw sequences alone: every domain it is tagged with
    names a kind of sequence, and so does every domain of the family its name names; for a
    model the rulebook and catalog do not know, a tag of a kind's own sequences (dna, smiles)
    says so, where "chemistry" or "protein" alone is also a field of prose (MatSciBERT)."""
    if not all(_sequence_domain(d, tables) for d in (*domains, *family)):
        return False
    return bool(family) or any(d not in tables.sequence_inputs for d in domains)
