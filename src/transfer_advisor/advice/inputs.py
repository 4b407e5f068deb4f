"""What a task's description says its inputs are: raw biological or chemical sequences
(amino-acid, DNA or SMILES strings), or prose written in a natural language.

A sequence model (ESM, Nucleotide Transformer, ChemBERTa) has no vocabulary for prose, and a
text model none for residues, bases or SMILES symbols, whatever the manifest's domain tag says:
"abstracts about proteins" are English, and "amino-acid sequences" are not biomedical text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
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


def _first_said(text: str, pattern: re.Pattern[str], negations: frozenset[str]) -> int | None:
    """Where ``pattern`` first matches ``text`` undenied, or None."""
    for match in pattern.finditer(text):
        before = re.findall(r"[a-z]+", text[: match.start()])[-_NEGATION_WINDOW:]
        if not negations.intersection(before):
            return match.start()
    return None


def _sequence_kind(
    text: str, kinds: Mapping[str, SequenceInputs], negations: frozenset[str]
) -> str | None:
    found = []
    for index, (kind, entry) in enumerate(kinds.items()):
        pattern = _pattern(tuple(entry["words"]))
        at = _first_said(text, pattern, negations)
        if at is not None:
            found.append((at, index, kind))
    return min(found)[2] if found else None


def _says_prose(
    text: str, words: Iterable[str], languages: Iterable[str], negations: frozenset[str]
) -> bool:
    return _first_said(text, _pattern(tuple(words) + tuple(languages)), negations) is not None


def input_facts(description: str, tables: Tables) -> tuple[str | None, bool]:
    """The kind of raw sequence the description says the inputs are (a key of
    ``tables.sequence_inputs``: protein, genomics, chemistry; the first named wins), and
    whether it says they are prose (only where it names no sequence)."""
    if not description:
        return None, False
    text = _normal(description)
    negations: frozenset[str] = frozenset(tables.negations)
    kind = _sequence_kind(text, tables.sequence_inputs, negations)
    if kind is not None:
        return kind, False
    # A language's name, not a code: "per" in "per-residue" is no Persian.
    names: Sequence[str] = tuple(name for name in tables.language_names if len(name) > 3)
    return None, _says_prose(text, tables.prose_words, names, negations)
