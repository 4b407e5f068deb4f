"""The decision engine: a pure function from a manifest and a rulebook to a recommendation.

No I/O, no printing, no clock: the same manifest and rulebook always give the same answer. The
engine gathers facts (manifest, catalog, rulebook tables; see ``facts`` and ``estimates``), then
lets the rulebook decide: derived facts, the first matching strategy rule, the first matching
technique rule, every finding rule, the reasons against the other strategies and the next steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from transfer_advisor.advice.estimates import (
    UNSHARDED,
    _estimate,
    _estimate_facts,
    planned_technique,
)
from transfer_advisor.advice.facts import _FINE_TUNING, _gather
from transfer_advisor.advice.feasibility import feasibility_facts
from transfer_advisor.advice.plan import decision_plan
from transfer_advisor.advice.recommendation import (
    Alternative,
    Finding,
    Recommendation,
    TraceEntry,
)
from transfer_advisor.catalog import Catalog, default_catalog
from transfer_advisor.errors import RulebookError
from transfer_advisor.manifest import Manifest, manifest_from_mapping
from transfer_advisor.rules.load import default_rulebook
from transfer_advisor.rules.rulebook import Rulebook


def _used(names: Iterable[str], facts: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _jsonable(facts.get(name)) for name in sorted(names)}


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def advise(
    manifest: Manifest | Mapping[str, Any],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
    explain: bool = False,
    check: bool = False,
) -> Recommendation:
    """Recommend how to adapt the manifest's model to its task, by the rulebook's rules.

    ``manifest`` may be a :class:`Manifest` or a plain mapping (validated here). With
    ``explain=True`` the recommendation carries the full trace of every rule evaluated;
    ``check=True`` also applies the rules meant for ``transfer-advisor check`` only.
    Raises :class:`InputError` for an invalid manifest and :class:`RulebookError` for a
    rulebook that cannot decide (no strategy rule matched).
    """
    if not isinstance(manifest, Manifest):
        manifest = manifest_from_mapping(manifest)
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    plan = decision_plan(rulebook)
    manifest = _specific_task(manifest, rulebook)
    config = manifest.model_config_facts
    facts, resolved = _gather(manifest, config, rulebook, catalog)
    # The advice is decided on what the GPUs hold sharded: a parallelism that keeps the weights
    # on every GPU (DDP) is a setting to change, which a finding names; unless the plan fits
    # as the manifest sets it, which is then the setup the advice is for.
    estimates = _estimate(manifest, config, facts, rulebook, catalog, sharded=True)
    stated = (
        _estimate(manifest, config, facts, rulebook, catalog)
        if manifest.training.parallelism in UNSHARDED and facts["budget.gpus"] > 1
        else None
    )
    planned = planned_technique(manifest)
    if stated is not None and planned and getattr(stated, planned).fits in ("yes", "tight"):
        estimates, stated = stated, None
    estimates_out = _estimate_facts(estimates, manifest, facts, stated)
    feasibility_facts(estimates, manifest, config, facts, rulebook, catalog)
    trace: list[TraceEntry] | None = [] if explain else None

    # Without a trace (the batch path) the loops do nothing but evaluate; once the plan is
    # hot, through its generated phases (the same conditions as plain functions).
    phases = plan.phases() if trace is None else None
    if phases is not None:
        phases.assign(facts)
        at = phases.strategy(facts)
        chosen = plan.strategy[at][1] if at >= 0 else None
    elif trace is None:
        for name, value_fn, _ in plan.needed_facts:  # facts no rule reads are not computed
            facts[name] = value_fn(facts)
        chosen = next((srule for when, srule in plan.strategy if when(facts)), None)
    else:
        for name, value_fn, fact in plan.facts:
            value = value_fn(facts)
            facts[name] = value
            trace.append(TraceEntry(rule=name, kind="fact", fired=bool(value),
                                    facts=_used(fact.value.names, facts),
                                    result=_jsonable(value)))  # fmt: skip
        chosen = None
        for when, srule in plan.strategy:
            if chosen is not None:
                # Rules after the first match are listed as not reached.
                trace.append(TraceEntry(rule=srule.rule.id, kind="strategy", fired=False,
                                        facts=_used(srule.when.names, facts),
                                        result="not reached"))  # fmt: skip
                continue
            fired = bool(when(facts))
            trace.append(TraceEntry(rule=srule.rule.id, kind="strategy", fired=fired,
                                    facts=_used(srule.when.names, facts),
                                    result=srule.rule.strategy if fired else None))  # fmt: skip
            if fired:
                chosen = srule
    if chosen is None:
        raise RulebookError(
            "no strategy rule matched; end the 'strategy' list with a rule whose when is true",
            source=rulebook.sources[-1],
        )
    strategy = chosen.rule.strategy
    facts["recommendation.strategy"] = strategy
    facts["recommendation.fine_tuning"] = strategy in _FINE_TUNING
    weights = plan.strategy_weight
    planned = manifest.plan.strategy
    facts["recommendation.plan_gap"] = (
        weights[planned] - weights[strategy] if planned in weights and strategy in weights else None
    )
    rationale = [chosen.rationale.render(facts)]

    technique = None
    rules_for = plan.technique.get(strategy, ())
    if phases is not None and rules_for:
        at = phases.technique[strategy](facts)
        rules_for = rules_for[at:] if at >= 0 else ()
    for when, trule in rules_for:
        fired = True if phases is not None else bool(when(facts))
        if trace is not None:
            trace.append(TraceEntry(rule=trule.rule.id, kind="technique", fired=fired,
                                    facts=_used(trule.when.names, facts),
                                    result=trule.rule.technique if fired else None))  # fmt: skip
        if fired:
            technique = trule.rule.technique
            if trule.rationale is not None:
                facts["recommendation.technique"] = technique
                rationale.append(trule.rationale.render(facts))
            break
    facts["recommendation.technique"] = technique

    # Errors first, then warnings, then information; rulebook order within each.
    by_rank: tuple[list[Finding], list[Finding], list[Finding]] = ([], [], [])
    rules = plan.findings_check if check else plan.findings
    if phases is not None:
        fired_rules = [
            rules[i] for i in (phases.findings_check if check else phases.findings)(facts)
        ]
    elif trace is None:
        fired_rules = [frule for frule in rules if frule.when(facts)]
    else:
        fired_rules = []
        for frule in rules:
            fired = bool(frule.when(facts))
            trace.append(TraceEntry(rule=frule.rule_id, kind="finding", fired=fired,
                                    facts=_used(frule.rule.when.names, facts)))  # fmt: skip
            if fired:
                fired_rules.append(frule)
    for frule in fired_rules:
        message = frule.message(facts)
        if frule.details:
            extra = [render(facts) for when, render in frule.details if when(facts)]
            if extra:
                message = " ".join([message, *extra])
        by_rank[frule.rank].append(Finding(frule.finding_id, frule.severity, message,
                                           frule.rule_id, frule.field))  # fmt: skip
    findings = by_rank[0] + by_rank[1] + by_rank[2]

    alternatives = []
    steps = plan.next_steps_for(strategy)
    if phases is not None:
        for other, reasons in plan.alternatives_for(strategy):
            at = phases.alternatives[other](facts)
            if at >= 0:
                alternatives.append(Alternative(other, reasons[at][1](facts)))
        next_steps = [steps[i][1](facts) for i in phases.next_steps[strategy](facts)]
    else:
        for other, reasons in plan.alternatives_for(strategy):
            for when, why_not in reasons:
                if when(facts):
                    alternatives.append(Alternative(other, why_not(facts)))
                    break
        next_steps = [text(facts) for when, text in steps if when(facts)]
    return Recommendation(
        name=manifest.name,
        strategy=strategy,
        technique=technique,
        rationale=rationale,
        findings=findings,
        alternatives=alternatives,
        next_steps=next_steps,
        model=resolved,
        estimates=estimates_out,
        trace=trace,
    )


def _specific_task(manifest: Manifest, rulebook: Rulebook) -> Manifest:
    """The manifest with its task type made specific to its data's stated modality where the
    rulebook's ``modality_task_types`` has one (classification of images is
    image-classification): every rule, message and suggestion then reads the same type."""
    modality, task = manifest.data.modality, manifest.task
    specific = (
        rulebook.tables.modality_task_types.get(modality, {}).get(task.type) if modality else None
    )
    if specific is None:
        return manifest
    return manifest.model_copy(update={"task": task.model_copy(update={"type": specific})})


def advise_many(
    manifests: Iterable[Manifest | Mapping[str, Any]],
    rulebook: Rulebook | None = None,
    *,
    catalog: Catalog | None = None,
) -> Iterator[Recommendation]:
    """Advise each manifest in turn, lazily: a generator for notebooks and data pipelines."""
    rulebook = rulebook if rulebook is not None else default_rulebook()
    catalog = catalog if catalog is not None else default_catalog()
    for manifest in manifests:
        yield advise(manifest, rulebook, catalog=catalog)
