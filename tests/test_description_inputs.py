"""What a task's description says its inputs are (advice.inputs): raw sequences or prose."""

from __future__ import annotations

import pytest

from transfer_advisor import load_rulebook
from transfer_advisor.advice.inputs import input_facts

TABLES = load_rulebook().tables


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Predict enzyme class from raw amino-acid sequences", ("protein", False)),
        ("Classify 600-bp DNA windows as enhancer or not", ("genomics", False)),
        # A length alone is no sequence: basis points, kilobytes.
        ("Summarize news of a 25 bp rate move", (None, False)),
        ("Answer support emails, each under 20 kb of plain text", (None, True)),
        ("Predict gene expression from 20 kb DNA windows", ("genomics", False)),
        ("Predict Tox21 labels from SMILES strings such as CC(=O)O", ("chemistry", False)),
        # The first kind named wins: a drug-target pair is read as its first input.
        ("Score SMILES against protein sequences for binding", ("chemistry", False)),
        ("Classify English PubMed abstracts by topic", (None, True)),
        ("Sort the free-text comments by urgency", (None, True)),
        ("Summarize support tickets", (None, True)),
        ("Predict the melting point of each enzyme", (None, False)),
        ("", (None, False)),
    ],
)
def test_the_description_says_what_the_inputs_are(
    description: str, expected: tuple[str | None, bool]
) -> None:
    assert input_facts(description, TABLES) == expected


def test_a_denied_kind_does_not_count() -> None:
    abstracts = "English abstracts about proteins (free-text sentences, not amino-acid sequences)"
    assert input_facts(abstracts, TABLES) == (None, True)
    assert input_facts("one-letter codes, no prose, in FASTA", TABLES) == ("protein", False)


def test_a_language_code_in_a_word_is_not_prose() -> None:
    # "per" is a code of Persian, and "per-residue" says nothing of prose.
    assert input_facts("Per-residue secondary structure (helix, strand, coil)", TABLES) == (
        None,
        False,
    )
