"""Compiling a merged rulebook: every condition and message checked and compiled, in order.

The merged sections (``_Merged``, what ``load`` builds from a file and the files it extends)
become a :class:`Rulebook`: thresholds checked against their declared order and bands, derived
facts, strategy, technique and finding rules, alternatives and next steps compiled over the facts
known at their point, and rules that could never fire rejected, each problem located.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Any, get_args

from transfer_advisor._internal.records import Record
from transfer_advisor.rules.bounds import MAX_TOTAL_NODES, Bound
from transfer_advisor.rules.expr import ExprError, Expression, compile_expression
from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS, ESTIMATE_TECHNIQUES
from transfer_advisor.rules.model import (
    Band,
    Condition,
    FactDef,
    FindingRule,
    Step,
    StrategyRule,
    Tables,
    TechniqueRule,
    WhyNot,
)
from transfer_advisor.rules.rulebook import (
    CompiledFact,
    CompiledFinding,
    CompiledStrategy,
    CompiledTechnique,
    Origin,
    Rulebook,
    _located,
)
from transfer_advisor.rules.template import Template, compile_template
from transfer_advisor.vocabulary import (
    Architecture,
    Checkpoint,
    DataModality,
    InContextLearning,
    KnowledgeSource,
    LabelSource,
    Level,
    ModelModality,
    Strategy,
    StrategyName,
    TaskType,
    TechniqueName,
    Weights,
)


class _Merged(Record):
    """The sections of a rulebook and the files it extends, merged, before compiling."""

    __slots__ = ("name", "description", "sources", "thresholds", "tables", "facts", "strategy",
                 "technique", "findings", "alternatives", "next_steps", "disabled", "bands",
                 "ordered", "texts")  # fmt: skip

    def __init__(self) -> None:
        #: The text of each file read, in the order read (the key of ``rules/cache.py``).
        self.texts: list[str] = []
        self.name = ""
        self.description = ""
        self.sources: list[str] = []
        self.thresholds: dict[str, tuple[int | float, Origin]] = {}
        self.tables: dict[str, tuple[Any, Origin]] = {}
        self.facts: dict[str, tuple[FactDef, Origin]] = {}
        self.strategy: dict[str, tuple[StrategyRule, Origin]] = {}
        self.technique: dict[str, tuple[TechniqueRule, Origin]] = {}
        self.findings: dict[str, tuple[FindingRule, Origin]] = {}
        self.alternatives: dict[str, tuple[list[WhyNot], Origin]] = {}
        self.next_steps: dict[str, tuple[list[Step], Origin]] = {}
        self.disabled: list[str] = []
        self.bands: tuple[list[Band], Origin] | None = None
        self.ordered: list[tuple[list[str], Origin]] = []


@functools.cache
def _fact_values() -> dict[str, tuple[str, ...]]:
    """Every fact with a fixed set of string values, and those values: a rule comparing one
    of them with another string is rejected when the rulebook is loaded. The rest are
    numbers, booleans, lists or open text."""
    techniques = get_args(TechniqueName)
    fits = ("yes", "tight", "no")
    return {
        "modality.match": ("yes", "partial", "no"),
        "domain.match": ("same", "related", "distant", "unknown"),
        "estimates.plan.fits": fits,
        **{f"estimates.longest.{t}.fits": fits for t in ("full", "lora", "qlora", "plan")},
        **{f"estimates.{t}.fits": fits for t in ESTIMATE_TECHNIQUES},
        "task.type": get_args(TaskType),
        "task.complexity": get_args(Level),
        "budget.level": get_args(Level),
        "data.modality": get_args(DataModality),
        "model.modality": get_args(ModelModality),
        "model.architecture": get_args(Architecture),
        "model.in_context_learning": get_args(InContextLearning),
        "model.checkpoint": get_args(Checkpoint),
        "model.weights": get_args(Weights),
        "task.knowledge.source": get_args(KnowledgeSource),
        "data.labels_from": get_args(LabelSource),
        "plan.strategy": get_args(Strategy),
        "plan.technique": techniques,
        "recommendation.strategy": get_args(StrategyName),
        "recommendation.technique": techniques,
    }


class _Compiler:
    def __init__(
        self,
        thresholds: dict[str, int | float],
        trusted: bool = False,
        conditions: Mapping[str, tuple[Any, tuple[str, ...]]] | None = None,
    ) -> None:
        #: The shipped rulebook: its bounds are checked by the tests, not on every start.
        self.trusted = trusted
        #: Its conditions already written as functions (``rules/precompiled.py``), by text.
        self.conditions = conditions if trusted else None
        self.known: set[str] = set(BASE_FACTS) | {f"thresholds.{k}" for k in thresholds}
        #: Thresholds are the same for every manifest: conditions use them as constants.
        self.constants = {f"thresholds.{k}": v for k, v in thresholds.items()}
        #: The bound of each derived fact's value so far (see ``bounds``).
        self.bounds: dict[str, Bound] = {}
        #: Parts of every expression so far: the rulebook's evaluation budget.
        self.total = 0
        #: The known facts with the decision facts, and how many facts were known when it was
        #: built (facts are only ever added): built once, not for every rule after a decision.
        self._decided: tuple[int, set[str]] | None = None

    def _with_decisions(self) -> set[str]:
        if self._decided is None or self._decided[0] != len(self.known):
            self._decided = (len(self.known), self.known | set(DECISION_FACTS))
        return self._decided[1]

    def expr(self, text: Condition, origin: Origin, *where: str | int) -> Expression:
        if self.conditions is not None:
            key = text if isinstance(text, str) else str(text).lower()
            found = self.conditions.get(key)
            if found is not None:
                return Expression(key, frozenset(found[1]), found[0])
        try:
            compiled = compile_expression(
                text, self.known, self.constants, values=_fact_values(),
                bounds=None if self.trusted else self.bounds, checked=not self.trusted,
            )  # fmt: skip
        except ExprError as exc:
            raise _located(origin, str(exc), *where, offset=exc.offset) from None
        self.total += compiled.size
        if self.total > MAX_TOTAL_NODES:
            raise _located(origin, f"the rulebook is too large to evaluate: its conditions have "
                           f"more than {MAX_TOTAL_NODES:,} parts in all", *where)  # fmt: skip
        return compiled

    def template(self, text: str, origin: Origin, *where: str | int, decided: bool) -> Template:
        known = self._with_decisions() if decided else self.known
        try:
            return compile_template(text, known)
        except ExprError as exc:
            raise _located(origin, str(exc), *where, offset=exc.offset) from None

    def decided_expr(self, text: Condition, origin: Origin, *where: str | int) -> Expression:
        saved = self.known
        self.known = self._with_decisions()
        try:
            return self.expr(text, origin, *where)
        finally:
            self.known = saved


#: Thresholds the engine itself reads (not only rules), and the range each must be in, so that
#: a bad one is the rulebook's error and not every manifest's.
_ENGINE_THRESHOLDS = {
    "default_avg_tokens_per_example": (1, 10**9),
    "prompt_reserve_tokens": (0, 10**9),
    "prompt_reserve_max_share": (0, 1),
    "max_examples_in_prompt": (0, 10**9),
}


def _check_thresholds(merged: _Merged) -> None:
    """Bands that leave no gap and do not overlap; thresholds in their declared order and the
    engine's own in their ranges."""
    values = {k: v for k, (v, _) in merged.thresholds.items()}
    for name, (low, high) in _ENGINE_THRESHOLDS.items():
        if name in values and not low <= values[name] <= high:
            raise _located(merged.thresholds[name][1], f"threshold {name} must be from {low:,} "
                           f"to {high:,}, got {values[name]:,}")  # fmt: skip

    def known(name: str | None, origin: Origin, *where: str | int) -> None:
        if name is not None and name not in values:
            raise _located(origin, f"unknown threshold {name!r}", *where)

    for names, origin in merged.ordered:
        for i, name in enumerate(names):
            known(name, origin, i)
        for a, b in itertools.pairwise(names):
            if values[a] > values[b]:
                where = merged.thresholds[a][1]
                raise _located(where, f"threshold {a} ({values[a]:,}) is above {b} "
                               f"({values[b]:,}); they must be in increasing order")  # fmt: skip
    if merged.bands is None:
        return
    bands, origin = merged.bands
    for i, band in enumerate(bands):
        known(band.from_, origin, i, "from")
        known(band.below, origin, i, "below")
    if bands[0].from_ is not None:
        raise _located(origin, "the first band must start at 0 examples (no 'from')", 0)
    if bands[-1].below is not None:
        raise _located(origin, "the last band must be open-ended (no 'below')", len(bands) - 1)
    for i in range(1, len(bands)):
        before, band = bands[i - 1], bands[i]
        if band.from_ != before.below:
            kind = "overlap" if band.from_ is None else "a gap or an overlap"
            raise _located(origin, f"band {i + 1} starts at {band.from_!r} but band {i} ends "
                           f"below {before.below!r}: {kind}", i)  # fmt: skip
        start, end = values.get(band.from_ or ""), values.get(band.below or "")
        if start is not None and end is not None and start >= end:
            raise _located(origin, f"band {i + 1} is empty: {band.from_} ({start:,}) is not "
                           f"below {band.below} ({end:,})", i)  # fmt: skip


def _check_technique_order(technique: tuple[CompiledTechnique, ...]) -> None:
    """No technique rule may hide behind an always-true one for the same strategy."""
    catch_all: dict[str, str] = {}
    for rule in technique:
        earlier = catch_all.get(rule.rule.strategy)
        if earlier is not None:
            raise _located(rule.origin, f"technique rule {rule.rule.id!r} can never fire: "
                           f"{earlier!r} before it always matches (use 'before: {earlier}')",
                           "id")  # fmt: skip
        if rule.when.text.strip().lower() == "true":
            catch_all[rule.rule.strategy] = rule.rule.id


def _check_strategy_order(strategy: tuple[CompiledStrategy, ...]) -> None:
    """The strategy list must end with a catch-all, and nothing may hide behind one."""
    for i, rule in enumerate(strategy):
        always = rule.when.text.strip().lower() == "true"
        if always and i < len(strategy) - 1:
            hidden = strategy[i + 1].rule.id
            raise _located(strategy[i + 1].origin,
                           f"strategy rule {hidden!r} can never fire: {rule.rule.id!r} before it "
                           f"always matches (use 'before: {rule.rule.id}')", "id")  # fmt: skip
    if strategy and strategy[-1].when.text.strip().lower() != "true":
        raise _located(strategy[-1].origin, "the last strategy rule must have 'when: true' so "
                       "that every manifest gets a strategy", "when")  # fmt: skip


def _compile(
    merged: _Merged,
    *,
    trusted: bool = False,
    conditions: Mapping[str, tuple[Any, tuple[str, ...]]] | None = None,
) -> Rulebook:
    """The compiled rulebook; ``trusted`` skips the evaluation bounds and takes its
    ``conditions`` precompiled where they are: the shipped rulebook's, or those of files that
    compiled with every check before (``rules/cache.py``)."""
    _check_thresholds(merged)
    thresholds = {k: v for k, (v, _) in merged.thresholds.items()}
    compiler = _Compiler(thresholds, trusted, conditions)
    facts: list[CompiledFact] = []
    for name, (fact, origin) in merged.facts.items():
        if name in compiler.known or name in DECISION_FACTS:
            raise _located(origin, f"fact {name!r} is already defined", "name")
        value = compiler.expr(fact.value, origin, "value")
        facts.append(CompiledFact(name, value, fact.description, origin))
        compiler.known.add(name)
        compiler.bounds[name] = value.bound
    # A disabled id removes that rule and, for a finding id, every rule of its group
    # (``prompting-first`` also removes ``prompting-first/as-is``).
    disabled = set(merged.disabled)
    disabled |= {
        rule.id
        for rule, _ in merged.findings.values()
        if rule.id.split("/", 1)[0] in merged.disabled
    }
    strategy = tuple(
        CompiledStrategy(
            rule,
            compiler.expr(rule.when, origin, "when"),
            compiler.template(rule.rationale, origin, "rationale", decided=False),
            origin,
        )
        for rule, origin in merged.strategy.values()
        if rule.id not in disabled
    )
    _check_strategy_order(strategy)
    technique = tuple(
        CompiledTechnique(
            rule,
            compiler.expr(rule.when, origin, "when"),
            None
            if rule.rationale is None
            else compiler.template(rule.rationale, origin, "rationale", decided=True),
            origin,
        )
        for rule, origin in merged.technique.values()
        if rule.id not in disabled
    )
    _check_technique_order(technique)
    findings = []
    for rule, origin in merged.findings.values():
        if rule.id in disabled:
            continue
        if rule.field is not None and rule.field.split(".")[0] not in _MANIFEST_SECTIONS:
            raise _located(origin, f"field {rule.field!r} is not a manifest field", "field")
        details = tuple(
            (
                compiler.decided_expr(d.when, origin, "details", i, "when"),
                compiler.template(d.text, origin, "details", i, "text", decided=True),
            )
            for i, d in enumerate(rule.details)
        )
        findings.append(
            CompiledFinding(
                rule,
                rule.finding or rule.id.split("/")[0],
                compiler.decided_expr(rule.when, origin, "when"),
                compiler.template(rule.message, origin, "message", decided=True),
                details,
                origin,
            )
        )
    alternatives = {
        key: tuple(
            (
                compiler.decided_expr(w.when, origin, i, "when"),
                compiler.template(w.why_not, origin, i, "why_not", decided=True),
            )
            for i, w in enumerate(whys)
        )
        for key, (whys, origin) in merged.alternatives.items()
    }
    next_steps = {
        key: tuple(
            (
                compiler.decided_expr(s.when, origin, i, "when"),
                compiler.template(s.text, origin, i, "text", decided=True),
            )
            for i, s in enumerate(steps)
        )
        for key, (steps, origin) in merged.next_steps.items()
    }
    # Each file's tables were validated with it (or are the shipped, trusted ones).
    tables = Tables.model_construct(**{k: v for k, (v, _) in merged.tables.items()})
    return Rulebook(
        name=merged.name or "unnamed",
        description=merged.description,
        sources=tuple(merged.sources),
        thresholds=thresholds,
        tables=tables,
        facts=tuple(facts),
        strategy=strategy,
        technique=technique,
        findings=tuple(findings),
        alternatives=alternatives,
        next_steps=next_steps,
        disabled=tuple(merged.disabled),
        bands=tuple(merged.bands[0]) if merged.bands else (),
        threshold_origins={k: o for k, (_, o) in merged.thresholds.items()},
        threshold_facts={f"thresholds.{k}": v for k, v in thresholds.items()},
    )


_MANIFEST_SECTIONS = {"name", "task", "data", "model", "budget", "prompting", "constraints",
                      "plan", "training", "ignore"}  # fmt: skip
