"""The rulebook: thresholds, tables, derived facts and rules, loaded from YAML and compiled.

A rulebook file is validated with pydantic; ``extends:`` (``default`` or a path) merges it over
another rulebook by threshold name, table name, fact name and rule id, and ``disable:`` removes
rules by id. Every ``when:`` and message is compiled once (see ``_expr``), and every problem is
reported at its file, line and column.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)
from typing_extensions import TypedDict

from transfer_advisor._internal.construct import construct
from transfer_advisor._internal.shipped import shipped_data, shipped_text
from transfer_advisor._internal.yaml import Document, LazyDocument, Mark
from transfer_advisor._internal.yaml import Path as YamlPath
from transfer_advisor.errors import RulebookError
from transfer_advisor.manifest import (
    Architecture,
    DataModality,
    Level,
    ModelModality,
    Strategy,
    TaskType,
    describe_error,
    locate_error,
    read_text,
)
from transfer_advisor.rules.expr import (
    ExprError,
    Expression,
    Template,
    compile_expression,
    compile_template,
)
from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS, FACT_VALUES

Severity = Literal["error", "warning", "info"]
StrategyName = Literal["in_context", "peft", "full_fine_tune", "change_base_model"]
TechniqueName = Literal["few_shot", "lora", "qlora", "adapters", "full"]
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")]
Condition = str | bool


class _Strict(BaseModel):
    # defer_build: the shipped rulebook is built without validation, so most runs never need
    # the validation schema; a user's rulebook builds it on first use.
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, defer_build=True
    )


def _number(value: Any) -> int | float:
    # One check with one message, not pydantic's two ("a valid integer", "a valid number") with
    # the union's branch names in the location; and NaN, which compares false with everything,
    # would silently turn off every rule that uses the threshold.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


#: A threshold: an integer or a finite number.
Number = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]


class FactDef(_Strict):
    """A derived fact: a name and the expression that computes it."""

    name: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$")]
    value: Condition
    description: str = ""


class StrategyRule(_Strict):
    """Chooses the strategy; the first rule whose ``when`` holds decides."""

    id: RuleId
    description: str
    when: Condition
    strategy: StrategyName
    rationale: str
    source: str
    before: RuleId | None = None


class TechniqueRule(_Strict):
    """Chooses the technique within a strategy; the first rule whose ``when`` holds decides."""

    id: RuleId
    description: str
    strategy: StrategyName
    when: Condition = True
    technique: TechniqueName | None
    rationale: str | None = None
    source: str
    before: RuleId | None = None


class Detail(_Strict):
    when: Condition = True
    text: str


class FindingRule(_Strict):
    """Raises a finding when ``when`` holds."""

    id: RuleId
    finding: RuleId | None = None
    description: str
    severity: Severity
    field: str | None = None
    when: Condition
    message: str
    details: list[Detail] = []
    check_only: bool = False
    source: str


class WhyNot(_Strict):
    when: Condition = True
    why_not: str


class Step(_Strict):
    when: Condition = True
    text: str


class AssumedModel(TypedDict, total=False):
    """What is assumed about a model no source describes (its values are facts, so they are
    limited to what the manifest could say)."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    architecture: Architecture
    instruction_tuned: bool
    context_window: Annotated[int, Field(gt=0)]
    modality: ModelModality


class Tables(_Strict):
    # Modalities and task types are the manifest's own words: a table cannot invent one that
    # no manifest or catalog model could match (and that rules could not test for).
    modality_compatibility: dict[
        DataModality, dict[Literal["compatible", "partial"], list[ModelModality]]
    ] = {}
    related_domains: dict[str, list[str]] = {}
    implied_modality: dict[TaskType, DataModality] = {}
    strategy_weight: dict[str, int] = {}
    reference_gpu: str | None = None
    language_names: dict[str, str] = {}
    training_defaults: dict[str, int | float | bool] = {}
    assumed_model: AssumedModel = {}


class Band(_Strict):
    """One band of the data-volume ladder: from one threshold (inclusive) below another."""

    strategy: StrategyName
    from_: str | None = Field(default=None, alias="from")
    below: str | None = None
    description: str = ""


class RulebookFile(_Strict):
    """One rulebook file as written; every section is optional when it ``extends`` another."""

    schema_version: Literal[1] = 1
    name: str | None = None
    description: str | None = None
    extends: str | None = None
    disable: list[RuleId] = []
    thresholds: dict[str, Number] = {}
    tables: Tables = Tables()
    facts: list[FactDef] = []
    strategy: list[StrategyRule] = []
    technique: list[TechniqueRule] = []
    findings: list[FindingRule] = []
    alternatives: dict[StrategyName, list[WhyNot]] = {}
    next_steps: dict[StrategyName | Literal["any"], list[Step]] = {}
    bands: list[Band] = []
    ordered_thresholds: list[list[str]] = []


# --- compiled form -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a part of the rulebook was written (for located errors and ``rules show``)."""

    source: str
    lazy: LazyDocument
    path: YamlPath

    @property
    def document(self) -> Document:
        return self.lazy.get()

    def mark(self, *more: str | int) -> Mark | None:
        return self.document.value_mark((*self.path, *more))


@dataclass(frozen=True, slots=True)
class CompiledFact:
    name: str
    value: Expression
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledStrategy:
    rule: StrategyRule
    when: Expression
    rationale: Template
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledTechnique:
    rule: TechniqueRule
    when: Expression
    rationale: Template | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class CompiledFinding:
    rule: FindingRule
    finding_id: str
    when: Expression
    message: Template
    details: tuple[tuple[Expression, Template], ...]
    origin: Origin


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
    #: bounded memos of per-model work (see ``engine``). Not part of the rulebook's value.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def rule_ids(self) -> list[str]:
        ids = [r.rule.id for r in self.strategy] + [r.rule.id for r in self.technique]
        return ids + [r.rule.id for r in self.findings]


# --- loading and merging -----------------------------------------------------------------------


def _located(origin: Origin | None, message: str, *more: str | int, offset: int = 0,
             source: str | None = None) -> RulebookError:  # fmt: skip
    if origin is None:
        return RulebookError(message, source=source)
    mark = origin.mark(*more)
    line = mark.line if mark else None
    column = mark.column + offset if mark else None
    return RulebookError(message, source=origin.source, line=line, column=column)


def _parse_file(text: str, source: str, trusted: bool = False) -> tuple[RulebookFile, LazyDocument]:
    lazy = LazyDocument(text, source, RulebookError)
    if trusted:
        return construct(RulebookFile, shipped_data(_DEFAULT_FILE, text)), lazy
    document = lazy.get()
    if not isinstance(document.data, dict):
        raise RulebookError("a rulebook must be a mapping", source=source, line=1, column=1)
    try:
        parsed = RulebookFile.model_validate(document.data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field, mark = locate_error(first, document)
        raise RulebookError(
            describe_error(first),
            source=source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field=field,
        ) from None
    return parsed, lazy


DEFAULT_NAME = "default"
#: The source name of the shipped rulebook; only this text is loaded without validation.
_DEFAULT_SOURCE = "<default rulebook>"
_DEFAULT_FILE = "rules/default.yaml"


def default_rulebook_text() -> str:
    """The text of the rulebook shipped with the package."""
    return shipped_text(_DEFAULT_FILE)


@dataclass
class _Merged:
    name: str = ""
    description: str = ""
    sources: list[str] = field(default_factory=list)
    thresholds: dict[str, tuple[int | float, Origin]] = field(default_factory=dict)
    tables: dict[str, tuple[Any, Origin]] = field(default_factory=dict)
    facts: dict[str, tuple[FactDef, Origin]] = field(default_factory=dict)
    strategy: dict[str, tuple[StrategyRule, Origin]] = field(default_factory=dict)
    technique: dict[str, tuple[TechniqueRule, Origin]] = field(default_factory=dict)
    findings: dict[str, tuple[FindingRule, Origin]] = field(default_factory=dict)
    alternatives: dict[str, tuple[list[WhyNot], Origin]] = field(default_factory=dict)
    next_steps: dict[str, tuple[list[Step], Origin]] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)
    bands: tuple[list[Band], Origin] | None = None
    ordered: list[tuple[list[str], Origin]] = field(default_factory=list)


def _merge(merged: _Merged, parsed: RulebookFile, document: LazyDocument, source: str) -> None:
    def origin(*path: str | int) -> Origin:
        return Origin(source, document, path)

    merged.sources.append(source)
    if parsed.name:
        merged.name = parsed.name
    if parsed.description:
        merged.description = parsed.description
    for key, value in parsed.thresholds.items():
        merged.thresholds[key] = (value, origin("thresholds", key))
    for key in parsed.tables.model_fields_set:
        merged.tables[key] = (getattr(parsed.tables, key), origin("tables", key))
    sections: list[tuple[str, dict[str, Any], list[Any]]] = [
        ("strategy", merged.strategy, parsed.strategy),
        ("technique", merged.technique, parsed.technique),
        ("findings", merged.findings, parsed.findings),
    ]
    seen: dict[str, str] = {}
    for i, fact in enumerate(parsed.facts):
        merged.facts[fact.name] = (fact, origin("facts", i))
    for section, target, items in sections:
        for i, rule in enumerate(items):
            if rule.id in seen:
                raise _located(origin(section, i), f"duplicate rule id {rule.id!r}", "id")
            seen[rule.id] = section
            # Overriding a rule keeps its place in the order; a new rule goes last, or just
            # before the rule its `before:` names.
            before = getattr(rule, "before", None)
            if before is not None and rule.id not in target:
                if before not in target:
                    raise _located(origin(section, i), f"'before' names unknown rule {before!r}",
                                   "before")  # fmt: skip
                items = list(target.items())
                at = [k for k, _ in items].index(before)
                items.insert(at, (rule.id, (rule, origin(section, i))))
                target.clear()
                target.update(items)
            else:
                target[rule.id] = (rule, origin(section, i))
    if parsed.bands:
        merged.bands = (parsed.bands, origin("bands"))
    for i, names in enumerate(parsed.ordered_thresholds):
        merged.ordered.append((names, origin("ordered_thresholds", i)))
    for key, whys in parsed.alternatives.items():
        merged.alternatives[key] = (whys, origin("alternatives", key))
    for key, steps in parsed.next_steps.items():
        merged.next_steps[key] = (steps, origin("next_steps", key))
    for i, rule_id in enumerate(parsed.disable):
        merged.disabled.append(rule_id)
        known = rule_id in merged.strategy or rule_id in merged.technique
        if not (known or rule_id in merged.findings):
            raise _located(origin("disable", i), f"cannot disable unknown rule {rule_id!r}")


def _resolve_extends(
    parsed: RulebookFile, document: LazyDocument, source: str, base_dir: Path | None, depth: int
) -> tuple[str, str, Path | None] | None:
    if parsed.extends is None:
        return None
    if depth > 8:
        raise _located(Origin(source, document, ()), "extends nests too deeply (a cycle?)",
                       "extends")  # fmt: skip
    if parsed.extends == DEFAULT_NAME:
        return default_rulebook_text(), _DEFAULT_SOURCE, None
    target = Path(parsed.extends)
    if not target.is_absolute() and base_dir is not None:
        target = base_dir / target
    try:
        text = read_text(target, error=RulebookError)
    except RulebookError:
        raise _located(Origin(source, document, ()), f"cannot read extended rulebook {str(target)!r}",
                       "extends") from None  # fmt: skip
    return text, os.fspath(target), target.parent


def _collect(text: str, source: str, base_dir: Path | None, merged: _Merged, depth: int) -> None:
    parsed, document = _parse_file(text, source, trusted=source == _DEFAULT_SOURCE)
    parent = _resolve_extends(parsed, document, source, base_dir, depth)
    if parent is not None:
        _collect(parent[0], parent[1], parent[2], merged, depth + 1)
    _merge(merged, parsed, document, source)


# --- compiling ---------------------------------------------------------------------------------


@functools.cache
def _fact_values() -> dict[str, tuple[str, ...]]:
    """Every fact with a fixed set of string values, and those values."""
    techniques = get_args(TechniqueName)
    return {
        **FACT_VALUES,
        "task.type": get_args(TaskType),
        "task.complexity": get_args(Level),
        "budget.level": get_args(Level),
        "data.modality": get_args(DataModality),
        "model.modality": get_args(ModelModality),
        "model.architecture": get_args(Architecture),
        "plan.strategy": get_args(Strategy),
        "plan.technique": techniques,
        "recommendation.strategy": get_args(StrategyName),
        "recommendation.technique": techniques,
    }


class _Compiler:
    def __init__(self, thresholds: dict[str, int | float]) -> None:
        self.known: set[str] = set(BASE_FACTS) | {f"thresholds.{k}" for k in thresholds}
        #: Thresholds are the same for every manifest: conditions use them as constants.
        self.constants = {f"thresholds.{k}": v for k, v in thresholds.items()}

    def expr(self, text: Condition, origin: Origin, *where: str | int) -> Expression:
        try:
            return compile_expression(text, self.known, self.constants, values=_fact_values())
        except ExprError as exc:
            raise _located(origin, str(exc), *where, offset=exc.offset) from None

    def template(self, text: str, origin: Origin, *where: str | int, decided: bool) -> Template:
        known = self.known | set(DECISION_FACTS) if decided else self.known
        try:
            return compile_template(text, known)
        except ExprError as exc:
            raise _located(origin, str(exc), *where, offset=exc.offset) from None

    def decided_expr(self, text: Condition, origin: Origin, *where: str | int) -> Expression:
        saved = self.known
        self.known = saved | set(DECISION_FACTS)
        try:
            return self.expr(text, origin, *where)
        finally:
            self.known = saved


def _check_thresholds(merged: _Merged) -> None:
    """Bands that leave no gap and do not overlap; thresholds in their declared order."""
    values = {k: v for k, (v, _) in merged.thresholds.items()}

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


def _compile(merged: _Merged) -> Rulebook:
    _check_thresholds(merged)
    thresholds = {k: v for k, (v, _) in merged.thresholds.items()}
    compiler = _Compiler(thresholds)
    facts: list[CompiledFact] = []
    for name, (fact, origin) in merged.facts.items():
        if name in compiler.known or name in DECISION_FACTS:
            raise _located(origin, f"fact {name!r} is already defined", "name")
        facts.append(CompiledFact(name, compiler.expr(fact.value, origin, "value"),
                                  fact.description, origin))  # fmt: skip
        compiler.known.add(name)
    disabled = set(merged.disabled)
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
    tables = Tables(**{k: v for k, (v, _) in merged.tables.items()})
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


def load_rulebook_text(
    text: str, source: str = "<rulebook>", base_dir: Path | None = None
) -> Rulebook:
    """Load, merge (``extends``) and compile a rulebook from its YAML text."""
    merged = _Merged()
    _collect(text, source, base_dir, merged, 0)
    return _compile(merged)


@functools.lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    """The rulebook shipped with the package (compiled once per process)."""
    return load_rulebook_text(default_rulebook_text(), _DEFAULT_SOURCE)


def load_rulebook(path: str | os.PathLike[str] | None = None) -> Rulebook:
    """Load a rulebook file, or the shipped default when ``path`` is None."""
    if path is None:
        return default_rulebook()
    name = os.fspath(path)
    text = read_text(name, error=RulebookError)
    return load_rulebook_text(text, name, Path(name).resolve().parent)
