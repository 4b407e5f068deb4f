"""One home for "did you mean": the closest known word to a mistyped one.

Used wherever a name is looked up in a known set: rulebook facts and fact values, check's
rule ids, CSV column names, catalog models, GPUs and rule ids on the command line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(
    word: str, known: Iterable[str], *, cutoff: float = 0.6, fold_case: bool = False
) -> str | None:
    """The known word closest to ``word`` (``difflib``'s ratio of at least ``cutoff``), or
    None; with ``fold_case``, compared without case and returned as it is spelt in ``known``."""
    by_key: dict[str, str] = {}
    for candidate in known:
        by_key.setdefault(candidate.lower() if fold_case else candidate, candidate)
    wanted = word.lower() if fold_case else word
    found = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=cutoff)
    return by_key[found[0]] if found else None


def did_you_mean(
    word: str, known: Iterable[str], *, cutoff: float = 0.6, fold_case: bool = False
) -> str:
    """``"; did you mean 'x'?"`` for the closest known word, or ``""``: the tail of a message."""
    found = closest(word, known, cutoff=cutoff, fold_case=fold_case)
    return f"; did you mean {found!r}?" if found is not None else ""
