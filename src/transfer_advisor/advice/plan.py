"""The per-rulebook working state of the engine: the rules laid out for its hot loop, and memos.

A rulebook is laid out once (kept in ``rulebook.memo``) as plain functions in the order
:func:`~transfer_advisor.advice.engine.advise` walks them, with the thresholds and tables the
facts need; beside it live bounded memos of per-model and per-GPU work, so memory stays flat on
any input.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from transfer_advisor.advice.recommendation import SEVERITY_RANK, ResolvedModel, Severity
from transfer_advisor.catalog import Catalog
from transfer_advisor.estimate.shape import ModelShape
from transfer_advisor.rules.codegen import Phase, build_phases
from transfer_advisor.rules.rulebook import CompiledFinding, CompiledTechnique, Rulebook
from transfer_advisor.vocabulary import StrategyName

_MAIN_STRATEGIES = ("in_context", "peft", "full_fine_tune")
#: Every strategy a rule may choose.
_STRATEGIES: tuple[str, ...] = typing.get_args(StrategyName)

Fn = Callable[[Mapping[str, Any]], Any]
Render = Callable[[Mapping[str, Any]], str]

#: Entries a memo holds at most before it starts again: memory stays flat on any input
#: (1,024 models, each with 3 x 32 data matches, and 1,024 of the rest: about 20 MB when
#: full). A model is a name and its stated fields with the kind of data it is given, and
#: 100,000 generated rows hold 1,004 of them: 256 started again every few hundred rows.
_MEMO_LIMIT = 1024
_MODELS_LIMIT = 1024
_MODEL_MEMO_LIMIT = 32
#: Advice (without a trace) given with a plan before its phases are generated and compiled:
#: compiling costs a few milliseconds, which a one-off ``advise`` would not win back.
_HOT_AFTER = 64


class Phases(NamedTuple):
    """The rule phases as generated functions (see :mod:`~transfer_advisor.rules.codegen`):
    ``assign`` sets the derived facts the rules read; ``strategy`` and each of ``technique``
    (by strategy) give the index of the first rule that holds, or -1; ``findings`` and
    ``findings_check`` the indexes of the finding rules that hold; each of ``alternatives``
    (by the other strategy) the index of the first reason against it that holds, or -1; each
    of ``next_steps`` (by chosen strategy) the indexes of its next steps that hold."""

    assign: Phase
    strategy: Phase
    technique: dict[str, Phase]
    findings: Phase
    findings_check: Phase
    alternatives: dict[str, Phase]
    next_steps: dict[str, Phase]


class _FindingPlan(NamedTuple):
    when: Fn
    rule: CompiledFinding
    message: Render
    details: tuple[tuple[Fn, Render], ...]
    finding_id: str
    severity: Severity
    rule_id: str
    field: str | None
    rank: int


class DecisionPlan:
    """A rulebook laid out for :func:`advise`: every condition and template as a plain function
    in the order the engine walks them, and the thresholds and tables the facts need. Built once
    per rulebook (kept in ``rulebook.memo``)."""

    def __init__(self, rulebook: Rulebook) -> None:
        tables, thresholds = rulebook.tables, rulebook.thresholds
        self.facts = tuple((f.name, f.value.fn, f) for f in rulebook.facts)
        #: The derived facts some rule or message reads (directly or through another fact):
        #: the others are computed only for a trace (``--explain``).
        needed = _read_by_rules(rulebook)
        self.needed_facts = tuple(f for f in self.facts if f[0] in needed)
        self.strategy = tuple((r.when.fn, r) for r in rulebook.strategy)
        technique: dict[str, list[tuple[Fn, CompiledTechnique]]] = {}
        for t in rulebook.technique:
            technique.setdefault(t.rule.strategy, []).append((t.when.fn, t))
        self.technique = {k: tuple(v) for k, v in technique.items()}
        every = tuple(
            _FindingPlan(
                f.when.fn,
                f,
                f.message.renderer,
                tuple((w.fn, t.renderer) for w, t in f.details),
                f.finding_id,
                f.rule.severity,
                f.rule.id,
                f.rule.field,
                SEVERITY_RANK[f.rule.severity],
            )
            for f in rulebook.findings
        )
        self.findings_check = every
        self.findings = tuple(f for f in every if not f.rule.rule.check_only)
        self._alternatives = rulebook.alternatives
        self._next_steps = rulebook.next_steps
        #: By chosen strategy: the reasons against each other main strategy, in order.
        self.alternatives: dict[str, tuple[tuple[str, tuple[tuple[Fn, Render], ...]], ...]] = {}
        #: By chosen strategy: its next steps, then those for any strategy.
        self.next_steps: dict[str, tuple[tuple[Fn, Render], ...]] = {}
        self.strategy_weight = tables.strategy_weight
        self.implied_modality = tables.implied_modality
        self.default_avg_tokens = thresholds.get("default_avg_tokens_per_example")
        self.prompt_reserve_tokens = thresholds.get("prompt_reserve_tokens", 0)
        self.prompt_reserve_max_share = thresholds.get("prompt_reserve_max_share")
        self.max_examples_in_prompt = thresholds.get("max_examples_in_prompt")
        defaults = tables.training_defaults
        self.micro_batch_size = int(defaults.get("micro_batch_size", 1))
        self.gradient_checkpointing = defaults.get("gradient_checkpointing", True)
        self.lora_rank = int(defaults.get("lora_rank", 16))
        self.epochs = defaults.get("epochs", 3)
        #: Per catalog: model facts by the manifest's model fields, budget facts by GPU.
        self.memos: dict[Catalog, _Memo] = {}
        #: Model shapes known only by their parameter count, by (count, type of count, active
        #: parameters of a mixture of experts).
        self.shapes: dict[tuple[Any, type, int | None], ModelShape] = {}
        self._thresholds = rulebook.threshold_facts
        self._uses = 0
        self._generated = False
        self._phases: Phases | None = None

    def phases(self) -> Phases | None:
        """The generated phases once this plan has advised ``_HOT_AFTER`` times (None
        before, or if the rulebook's conditions cannot be generated: the closures serve).
        Threads advising at once may miscount the uses; the phases are still generated (at
        worst twice, alike), since the count is compared with ``>=``."""
        if self._generated:
            return self._phases
        self._uses += 1
        if self._uses >= _HOT_AFTER:
            self._phases = self.generate()
            self._generated = True
        return self._phases

    def generate(self) -> Phases | None:
        """Write and compile the phases now (None if Python cannot compile them)."""
        techniques = {key: [(t.when.text, t.when.fn) for _, t in rules]
                      for key, rules in self.technique.items()}  # fmt: skip
        # The reasons against each main strategy are the same whichever strategy was chosen;
        # the next steps are those of the chosen strategy, then those for any.
        reasons = {other: [(w.text, w.fn) for w, _ in self._alternatives.get(other, ())]
                   for other in _MAIN_STRATEGIES}  # fmt: skip
        steps = {strategy: [(w.text, w.fn) for key in (strategy, "any")
                            for w, _ in self._next_steps.get(key, ())]
                 for strategy in _STRATEGIES}  # fmt: skip
        try:
            built = build_phases(
                self._thresholds,
                assign=[(name, (fact.value.text, fn)) for name, fn, fact in self.needed_facts],
                first={"strategy": [(r.when.text, fn) for fn, r in self.strategy],
                       **{"technique:" + k: v for k, v in techniques.items()},
                       **{"alternative:" + k: v for k, v in reasons.items()}},
                every={"findings": [(f.rule.when.text, f.when) for f in self.findings],
                       "findings_check": [(f.rule.when.text, f.when)
                                          for f in self.findings_check],
                       **{"next_steps:" + k: v for k, v in steps.items()}},
            )  # fmt: skip
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None  # too large or deep for Python's compiler: the closures serve
        return Phases(
            built["assign"],
            built["strategy"],
            {k: built["technique:" + k] for k in techniques},
            built["findings"],
            built["findings_check"],
            {k: built["alternative:" + k] for k in reasons},
            {k: built["next_steps:" + k] for k in steps},
        )

    def alternatives_for(
        self, strategy: str
    ) -> tuple[tuple[str, tuple[tuple[Fn, Render], ...]], ...]:
        found = self.alternatives.get(strategy)
        if found is None:
            found = self.alternatives[strategy] = tuple(
                (other, tuple((w.fn, t.renderer) for w, t in self._alternatives.get(other, ())))
                for other in _MAIN_STRATEGIES
                if other != strategy
            )
        return found

    def next_steps_for(self, strategy: str) -> tuple[tuple[Fn, Render], ...]:
        found = self.next_steps.get(strategy)
        if found is None:
            found = self.next_steps[strategy] = tuple(
                (w.fn, t.renderer)
                for key in (strategy, "any")
                for w, t in self._next_steps.get(key, ())
            )
        return found

    def memo(self, catalog: Catalog) -> _Memo:
        memo = self.memos.get(catalog)
        if memo is None:
            if len(self.memos) >= 4:
                self.memos.clear()
            memo = self.memos[catalog] = _Memo()
        return memo


class _Memo:
    """Bounded memos for one rulebook and one catalog; each result depends only on its key."""

    __slots__ = ("budgets", "models")

    def __init__(self) -> None:
        self.models: dict[tuple[Any, ...], _ModelInfo] = {}
        self.budgets: dict[tuple[Any, ...], dict[str, Any]] = {}


def _read_by_rules(rulebook: Rulebook) -> set[str]:
    """Every fact name a rule's condition or message reads, and the facts those depend on."""
    needed: set[str] = set()
    for strategy in rulebook.strategy:
        needed |= strategy.when.names | strategy.rationale.names
    for technique in rulebook.technique:
        needed |= technique.when.names
        if technique.rationale is not None:
            needed |= technique.rationale.names
    for finding in rulebook.findings:
        needed |= finding.when.names | finding.message.names
        for when, text in finding.details:
            needed |= when.names | text.names
    for pairs in (*rulebook.alternatives.values(), *rulebook.next_steps.values()):
        for when, text in pairs:
            needed |= when.names | text.names
    for fact in reversed(rulebook.facts):  # a fact reads only the facts before it
        if fact.name in needed:
            needed |= fact.value.names
    return needed


def decision_plan(rulebook: Rulebook) -> DecisionPlan:
    """The plan of ``rulebook``, built on first use and kept in ``rulebook.memo``."""
    plan = rulebook.memo.get("engine")
    if plan is None:
        plan = rulebook.memo["engine"] = DecisionPlan(rulebook)
    return typing.cast(DecisionPlan, plan)


def _remember(memo: dict[Any, Any], key: Any, value: Any, limit: int | None = None) -> None:
    """Store ``value``; a memo that is full starts again (cheaper than tracking use)."""
    if len(memo) >= (_MEMO_LIMIT if limit is None else limit):
        memo.clear()
    memo[key] = value


class _ModelInfo:
    """The resolved model of a manifest, and what follows from it and a few data fields.

    ``facts`` and ``resolved`` depend only on the manifest's ``model`` fields (and the catalog
    and rulebook tables); the three small memos add one data field each to that.
    """

    __slots__ = ("domain", "facts", "language", "modality", "resolved")

    def __init__(self, facts: dict[str, Any], resolved: ResolvedModel) -> None:
        self.facts = facts
        self.resolved = resolved
        self.modality: dict[str, tuple[str, list[str] | None, Any]] = {}
        self.language: dict[str, bool] = {}
        self.domain: dict[tuple[str, str], tuple[str, list[str] | None]] = {}
