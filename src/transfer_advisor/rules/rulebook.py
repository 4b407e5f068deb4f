"""The compiled rulebook: every rule with its conditions and messages compiled, and its origin.

:class:`Rulebook` is what :func:`transfer_advisor.advise` takes; each compiled part keeps the
:class:`Origin` it was written at, so a problem found while compiling (or ``rules show``) can
point at its file, line and column (:func:`_located`).
"""

from __future__ import annotations

from typing import Any

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor._internal.yaml import Document, LazyDocument, Mark
from transfer_advisor._internal.yaml import Path as YamlPath
from transfer_advisor.errors import RulebookError
from transfer_advisor.rules.expr import Expression
from transfer_advisor.rules.model import (
    Band,
    FindingRule,
    StrategyRule,
    Tables,
    TechniqueRule,
)
from transfer_advisor.rules.template import Template


class Origin(FrozenRecord):
    """Where a part of the rulebook was written (for located errors and ``rules show``)."""

    __slots__ = ("source", "lazy", "path")

    source: str
    lazy: LazyDocument
    path: YamlPath

    def __init__(self, source: str, lazy: LazyDocument, path: YamlPath) -> None:
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "lazy", lazy)
        object.__setattr__(self, "path", path)

    @property
    def document(self) -> Document:
        return self.lazy.get()

    def mark(self, *more: str | int) -> Mark | None:
        return self.document.value_mark((*self.path, *more))


class CompiledFact(FrozenRecord):
    __slots__ = ("name", "value", "description", "origin")

    name: str
    value: Expression
    description: str
    origin: Origin

    def __init__(self, name: str, value: Expression, description: str, origin: Origin) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "origin", origin)


class CompiledStrategy(FrozenRecord):
    __slots__ = ("rule", "when", "rationale", "origin")

    rule: StrategyRule
    when: Expression
    rationale: Template
    origin: Origin

    def __init__(
        self, rule: StrategyRule, when: Expression, rationale: Template, origin: Origin
    ) -> None:
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "when", when)
        object.__setattr__(self, "rationale", rationale)
        object.__setattr__(self, "origin", origin)


class CompiledTechnique(FrozenRecord):
    __slots__ = ("rule", "when", "rationale", "origin")

    rule: TechniqueRule
    when: Expression
    rationale: Template | None
    origin: Origin

    def __init__(
        self, rule: TechniqueRule, when: Expression, rationale: Template | None, origin: Origin
    ) -> None:
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "when", when)
        object.__setattr__(self, "rationale", rationale)
        object.__setattr__(self, "origin", origin)


class CompiledFinding(FrozenRecord):
    __slots__ = ("rule", "finding_id", "when", "message", "details", "origin")

    rule: FindingRule
    finding_id: str
    when: Expression
    message: Template
    details: tuple[tuple[Expression, Template], ...]
    origin: Origin

    def __init__(
        self,
        rule: FindingRule,
        finding_id: str,
        when: Expression,
        message: Template,
        details: tuple[tuple[Expression, Template], ...],
        origin: Origin,
    ) -> None:
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "finding_id", finding_id)
        object.__setattr__(self, "when", when)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "details", details)
        object.__setattr__(self, "origin", origin)


class Rulebook(FrozenRecord):
    """A loaded, merged and compiled rulebook, ready for :func:`transfer_advisor.advise`.

    ``threshold_facts`` are the thresholds as facts (``thresholds.NAME``), built once per
    rulebook. ``memo`` is the engine's per-rulebook working state: the rules laid out for its
    hot loop and bounded memos of per-model work (see ``advice.plan``); it is not part of the
    rulebook's value (equality and repr leave it out).
    """

    __slots__ = ("name", "description", "sources", "thresholds", "tables", "facts", "strategy",
                 "technique", "findings", "alternatives", "next_steps", "disabled", "bands",
                 "threshold_origins", "threshold_facts", "memo")  # fmt: skip
    _compared = __slots__[:-1]

    name: str
    description: str
    sources: tuple[str, ...]
    thresholds: dict[str, int | float]
    tables: Tables
    facts: tuple[CompiledFact, ...]
    strategy: tuple[CompiledStrategy, ...]
    technique: tuple[CompiledTechnique, ...]
    findings: tuple[CompiledFinding, ...]
    alternatives: dict[str, tuple[tuple[Expression, Template], ...]]
    next_steps: dict[str, tuple[tuple[Expression, Template], ...]]
    disabled: tuple[str, ...]
    bands: tuple[Band, ...]
    threshold_origins: dict[str, Origin]
    threshold_facts: dict[str, int | float]
    memo: dict[str, Any]

    def __init__(
        self,
        name: str,
        description: str,
        sources: tuple[str, ...],
        thresholds: dict[str, int | float],
        tables: Tables,
        facts: tuple[CompiledFact, ...],
        strategy: tuple[CompiledStrategy, ...],
        technique: tuple[CompiledTechnique, ...],
        findings: tuple[CompiledFinding, ...],
        alternatives: dict[str, tuple[tuple[Expression, Template], ...]],
        next_steps: dict[str, tuple[tuple[Expression, Template], ...]],
        disabled: tuple[str, ...] = (),
        bands: tuple[Band, ...] = (),
        threshold_origins: dict[str, Origin] | None = None,
        threshold_facts: dict[str, int | float] | None = None,
    ) -> None:
        values: tuple[Any, ...] = (name, description, sources, thresholds, tables, facts, strategy, technique,
                  findings, alternatives, next_steps, disabled, bands,
                  threshold_origins if threshold_origins is not None else {},
                  threshold_facts if threshold_facts is not None else {}, {})  # fmt: skip
        for slot, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, slot, value)

    def rule_ids(self) -> list[str]:
        ids = [r.rule.id for r in self.strategy] + [r.rule.id for r in self.technique]
        return ids + [r.rule.id for r in self.findings]


def _located(origin: Origin | None, message: str, *more: str | int, offset: int = 0,
             source: str | None = None) -> RulebookError:  # fmt: skip
    if origin is None:
        return RulebookError(message, source=source)
    mark = origin.mark(*more)
    line = mark.line if mark else None
    column = mark.column + offset if mark else None
    return RulebookError(message, source=origin.source, line=line, column=column)
