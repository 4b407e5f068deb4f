"""What a task's description says its inputs are: raw biological or chemical sequences
(amino-acid, DNA or SMILES strings), or prose written in a natural language.

A sequence model (ESM, Nucleotide Transformer, ChemBERTa) has no vocabulary for prose, and a
text model none for residues, bases or SMILES symbols, whatever the manifest's domain tag says:
"abstracts about proteins" are English, and "amino-acid sequences" are not biomedical text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from transfer_advisor.rules.model import SequenceInputs, Tables

#: How many words before a match a negation denies it: "free-text sentences, not amino-acid
#: sequences", "one-letter codes, no prose", "rather than SMILES".
_NEGATION_WINDOW = 3


def _normal(text: str) -> str:
    """Lower case, with "-", "_" and "/" read as spaces: "amino-acid" is "amino acid"."""
    return re.sub(r"[-_/]+", " ", text.lower())


@lru_cache(maxsize=32)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words`` whole, a plural allowed."""
    alternation = "|".join(re.escape(_normal(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})(?:e?s)?(?![a-z0-9])")


def _first_said(
    text: str, pattern: re.Pattern[str], negations: frozenset[str], start: int = 0
) -> int | None:
    """Where ``pattern`` first matches ``text`` undenied, from ``start`` on, or None."""
    for match in pattern.finditer(text, start):
        before = re.findall(r"[a-z]+", text[: match.start()])[-_NEGATION_WINDOW:]
        if not negations.intersection(before):
            return match.start()
    return None


def _sequence_kind(
    text: str, kinds: Mapping[str, SequenceInputs], negations: frozenset[str], start: int = 0
) -> tuple[int, str] | None:
    """The kind of sequence first named undenied from ``start`` on, with its place."""
    found = []
    for index, (kind, entry) in enumerate(kinds.items()):
        at = _first_said(text, _pattern(tuple(entry["words"])), negations, start)
        if at is not None:
            found.append((at, index, kind))
    return min(found)[::2] if found else None


def _prose_pattern(tables: Tables) -> re.Pattern[str]:
    # A language's name, not a code: "per" in "per-residue" is no Persian.
    names = tuple(name for name in tables.language_names if len(name) > 3)
    return _pattern(tuple(tables.prose_words) + names)


def _prose_is_input(text: str, tables: Tables, negations: frozenset[str]) -> bool:
    """Whether, of a description that names both sequences and prose, the prose is the
    input: named first after the first of ``tables.input_markers`` followed by either
    ("extract SMILES from the prose of patents"; not "a caption given its SMILES")."""
    prose = _prose_pattern(tables)
    for marker in tables.input_markers:
        word = rf"(?<![a-z0-9]){re.escape(_normal(marker))}(?![a-z0-9])"
        for found in re.finditer(word, text):
            sequence = _sequence_kind(text, tables.sequence_inputs, negations, found.end())
            said = _first_said(text, prose, negations, found.end())
            if said is not None:
                return sequence is None or said < sequence[0]
            if sequence is not None:
                return False
    return False


def input_facts(description: str, tables: Tables) -> tuple[str | None, bool]:
    """The kind of raw sequence the description says the inputs are (a key of
    ``tables.sequence_inputs``: protein, genomics, chemistry; the first named wins), and
    whether it says they are prose: where it names both, what it names as the input (see
    ``tables.input_markers``), else the sequences."""
    if not description:
        return None, False
    text = _normal(description)
    negations: frozenset[str] = frozenset(tables.negations)
    prose = _first_said(text, _prose_pattern(tables), negations) is not None
    named = _sequence_kind(text, tables.sequence_inputs, negations)
    if named is None:
        return None, prose
    if prose and _prose_is_input(text, tables, negations):
        return None, True
    return named[1], False
