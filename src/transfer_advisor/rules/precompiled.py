"""The shipped rulebook's conditions, precompiled into a module of plain Python functions.

Compiling the default rulebook's conditions (parsing each with :mod:`ast` and building its
closures) is about 4.5 ms of every start. ``rules/_default_conditions.py`` holds them already
written as functions (:func:`~transfer_advisor.rules.codegen.module_source`, the same code the
engine generates for a batch), so a start imports byte-compiled functions instead. The module
records the size and CRC-32 of the rulebook text it was written from: it is used only for that
exact text, so an edited rulebook compiles as before (slower, never wrong); the tests fail while
it is stale. Regenerate it with ``python -m transfer_advisor.rules.precompiled``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from transfer_advisor._internal.shipped import _fingerprint
from transfer_advisor.rules.codegen import module_source
from transfer_advisor.rules.expr import Expression
from transfer_advisor.rules.rulebook import Rulebook

MODULE = "transfer_advisor.rules._default_conditions"
PATH = Path(__file__).resolve().parent / "_default_conditions.py"

#: A condition's text -> its function and the fact names it reads.
Table = dict[str, tuple[Any, tuple[str, ...]]]


def table_for(text: str) -> Table | None:
    """The precompiled conditions of the rulebook ``text``; None when the module is missing,
    broken or was written from another text."""
    try:
        module = importlib.import_module(MODULE)
    except Exception:  # missing or broken: the conditions compile as they always could
        return None
    if getattr(module, "FINGERPRINT", None) != _fingerprint(text):
        return None
    conditions = getattr(module, "CONDITIONS", None)
    return conditions if isinstance(conditions, dict) else None


def expressions(rulebook: Rulebook) -> Iterator[Expression]:
    """Every compiled condition of ``rulebook``, in rulebook order."""
    for fact in rulebook.facts:
        yield fact.value
    for strategy in rulebook.strategy:
        yield strategy.when
    for technique in rulebook.technique:
        yield technique.when
    for finding in rulebook.findings:
        yield finding.when
        for when, _ in finding.details:
            yield when
    for pairs in (*rulebook.alternatives.values(), *rulebook.next_steps.values()):
        for when, _ in pairs:
            yield when


def build_source() -> str:
    """The module's source for the shipped rulebook, compiled with every check first."""
    from transfer_advisor.rules.load import default_rulebook_text, load_rulebook_text

    text = default_rulebook_text()
    rulebook = load_rulebook_text(text, "rules/default.yaml")
    return module_source(conditions_of(rulebook), rulebook.threshold_facts, _fingerprint(text),
                         "rules/default.yaml")  # fmt: skip


def conditions_of(rulebook: Rulebook) -> list[tuple[str, tuple[str, ...]]]:
    """Each distinct condition text of ``rulebook`` and the fact names it reads, in order."""
    conditions: dict[str, tuple[str, ...]] = {}
    for expression in expressions(rulebook):
        conditions.setdefault(expression.text, tuple(sorted(expression.names)))
    return list(conditions.items())


def main() -> int:
    source = build_source()
    if PATH.exists() and PATH.read_text(encoding="utf-8") == source:
        print(f"{PATH} is up to date")
        return 0
    PATH.write_text(source, encoding="utf-8")
    print(f"wrote {PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
