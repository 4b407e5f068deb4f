"""What a compiled rulebook holds, as plain data: its rules in order, each rule's detail (its
condition, the facts it reads and what they mean, where it is defined), thresholds and what is
disabled. ``rules show`` renders it; the JSON form is this data as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transfer_advisor.rules.rulebook import Origin, Rulebook


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _where(origin: Origin, *more: str | int) -> dict[str, Any]:
    mark = origin.mark(*more)
    return {
        "file": origin.source,
        "line": mark.line if mark else None,
        "column": mark.column if mark else None,
    }


def _where_text(where: dict[str, Any]) -> str:
    parts = [str(where[k]) for k in ("file", "line", "column") if where[k] is not None]
    return ":".join(parts)


def _all_rules(rulebook: Rulebook) -> list[tuple[str, Any]]:
    """Every rule as (kind, compiled rule), in the order the engine evaluates them."""
    return (
        [("strategy", r) for r in rulebook.strategy]
        + [("technique", r) for r in rulebook.technique]
        + [("finding", r) for r in rulebook.findings]
    )


def rulebook_summary(rulebook: Rulebook) -> dict[str, Any]:
    """The rulebook's rules and thresholds as JSON-ready data (for ``rules show``)."""
    rules = []
    for kind, compiled in _all_rules(rulebook):
        rule = compiled.rule
        rules.append(
            {
                "id": rule.id,
                "kind": kind,
                "severity": rule.severity if kind == "finding" else None,
                "description": rule.description,
                "source": rule.source,
                "defined": _where(compiled.origin),
            }
        )
    thresholds = [
        {"name": name, "value": value, "defined": _where(rulebook.threshold_origins[name])}
        for name, value in rulebook.thresholds.items()
    ]
    return {
        "name": rulebook.name,
        "description": _one_line(rulebook.description),
        "sources": list(rulebook.sources),
        "rules": rules,
        "thresholds": thresholds,
        "disabled": list(rulebook.disabled),
    }


def _condition_text(when: str | bool) -> str:
    return str(when).lower() if isinstance(when, bool) else _one_line(when)


def _fact_meaning(rulebook: Rulebook, name: str) -> str:
    from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS

    if name.startswith("thresholds."):
        return f"threshold, {rulebook.thresholds.get(name.split('.', 1)[1])} in this rulebook"
    for fact in rulebook.facts:
        if fact.name == name:
            return f"{fact.description} (derived: {_one_line(fact.value.text)})"
    return BASE_FACTS.get(name) or DECISION_FACTS.get(name, "")


def rule_detail(rulebook: Rulebook, rule_id: str) -> dict[str, Any] | None:
    """One rule in full as JSON-ready data, or None if the rulebook has no such rule."""
    found = [(kind, r) for kind, r in _all_rules(rulebook) if r.rule.id == rule_id]
    if not found:
        return None
    kind, compiled = found[0]
    rule = compiled.rule
    when = _one_line(compiled.when.text)
    out: dict[str, Any] = {"id": rule.id, "kind": kind, "description": rule.description}
    if kind in ("strategy", "technique"):
        section = rulebook.strategy if kind == "strategy" else rulebook.technique
        out["position"] = section.index(compiled) + 1
    if kind == "finding":
        out["finding"] = compiled.finding_id
        out["severity"] = rule.severity
        out["field"] = rule.field
        out["check_only"] = rule.check_only
    else:
        out["strategy"] = rule.strategy
    if kind == "technique":
        out["technique"] = rule.technique
    out["when"] = when
    if kind == "finding":
        out["message"] = _one_line(rule.message)
        out["details"] = [
            {"when": _condition_text(d.when), "text": _one_line(d.text)} for d in rule.details
        ]
    else:
        out["rationale"] = None if rule.rationale is None else _one_line(rule.rationale)
    ordered = sorted(compiled.when.names, key=lambda n: (when.find(n), n))
    out["facts"] = [{"name": n, "meaning": _fact_meaning(rulebook, n)} for n in ordered]
    out["source"] = rule.source
    out["defined"] = _where(compiled.origin)
    return out
