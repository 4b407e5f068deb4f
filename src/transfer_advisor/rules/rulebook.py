"""The compiled rulebook: every rule with its conditions and messages compiled, and its origin.

:class:`Rulebook` is what :func:`transfer_advisor.advise` takes; each compiled part keeps the
:class:`Origin` it was written at, so a problem found while compiling (or ``rules show``) can
point at its file, line and column (:func:`_located`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transfer_advisor._internal.records import Record
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


class Origin(Record):
    """Where a part of the rulebook was written (for located errors and ``rules show``)."""

    __slots__ = ("source", "lazy", "path")

    def __init__(self, source: str, lazy: LazyDocument, path: YamlPath) -> None:
        self.source = source
        self.lazy = lazy
        self.path = path

    @property
    def document(self) -> Document:
        return self.lazy.get()

    def mark(self, *more: str | int) -> Mark | None:
        return self.document.value_mark((*self.path, *more))


class CompiledFact(Record):
    __slots__ = ("name", "value", "description", "origin")

    def __init__(self, name: str, value: Expression, description: str, origin: Origin) -> None:
        self.name = name
        self.value = value
        self.description = description
        self.origin = origin


class CompiledStrategy(Record):
    __slots__ = ("rule", "when", "rationale", "origin")

    def __init__(
        self, rule: StrategyRule, when: Expression, rationale: Template, origin: Origin
    ) -> None:
        self.rule = rule
        self.when = when
        self.rationale = rationale
        self.origin = origin


class CompiledTechnique(Record):
    __slots__ = ("rule", "when", "rationale", "origin")

    def __init__(
        self, rule: TechniqueRule, when: Expression, rationale: Template | None, origin: Origin
    ) -> None:
        self.rule = rule
        self.when = when
        self.rationale = rationale
        self.origin = origin


class CompiledFinding(Record):
    __slots__ = ("rule", "finding_id", "when", "message", "details", "origin")

    def __init__(
        self,
        rule: FindingRule,
        finding_id: str,
        when: Expression,
        message: Template,
        details: tuple[tuple[Expression, Template], ...],
        origin: Origin,
    ) -> None:
        self.rule = rule
        self.finding_id = finding_id
        self.when = when
        self.message = message
        self.details = details
        self.origin = origin


@dataclass(frozen=True, slots=True)
class Rulebook:
    """A loaded, merged and compiled rulebook, ready for :func:`transfer_advisor.advise`."""

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
    disabled: tuple[str, ...] = ()
    bands: tuple[Band, ...] = ()
    threshold_origins: dict[str, Origin] = field(default_factory=dict)
    #: The thresholds as facts (``thresholds.NAME``), built once per rulebook.
    threshold_facts: dict[str, int | float] = field(default_factory=dict)
    #: The engine's per-rulebook working state: the rules laid out for its hot loop and
    #: bounded memos of per-model work (see ``advice.plan``). Not part of the rulebook's value.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

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
