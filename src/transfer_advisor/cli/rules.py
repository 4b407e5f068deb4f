"""The ``rules`` group: ``rules show``, ``rules validate`` and ``rules init``.

They read the active rulebook and write what they find, or write a starting rulebook; they
decide nothing about a project. Only typer is imported at the top: the rulebook, rich and
PyYAML are imported inside the commands, so ``--help`` and shell completion start fast.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from transfer_advisor.cli.common import (
    UsageError,
    configured_rules,
    refuse_existing,
    stdout_style,
    suggest,
    text_or_json,
    write_new,
    write_output,
    yes_no,
)
from transfer_advisor.cli.options import ForceOption, NoConfigOption, TextOrJsonOption

if TYPE_CHECKING:
    from transfer_advisor.rules.rulebook import Origin, Rulebook

#: The ``rules`` group; :func:`register` adds its commands and adds it to the app.
rules_app = typer.Typer(
    name="rules",
    help="Inspect the active rulebook, or start a rulebook of your own.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add the ``rules`` group (``show``, ``init``, ``validate``) to ``app``."""
    rules_app.command("show")(rules_show)
    rules_app.command("init")(rules_init)
    rules_app.command("validate")(rules_validate)
    app.add_typer(rules_app, name="rules")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _where(origin: "Origin", *more: str | int) -> dict[str, Any]:
    mark = origin.mark(*more)
    return {
        "file": origin.source,
        "line": mark.line if mark else None,
        "column": mark.column if mark else None,
    }


def _where_text(where: dict[str, Any]) -> str:
    parts = [str(where[k]) for k in ("file", "line", "column") if where[k] is not None]
    return ":".join(parts)


def _all_rules(rulebook: "Rulebook") -> list[tuple[str, Any]]:
    """Every rule as (kind, compiled rule), in the order the engine evaluates them."""
    return (
        [("strategy", r) for r in rulebook.strategy]
        + [("technique", r) for r in rulebook.technique]
        + [("finding", r) for r in rulebook.findings]
    )


def rulebook_summary(rulebook: "Rulebook") -> dict[str, Any]:
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


def _fact_meaning(rulebook: "Rulebook", name: str) -> str:
    from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS

    if name.startswith("thresholds."):
        return f"threshold, {rulebook.thresholds.get(name.split('.', 1)[1])} in this rulebook"
    for fact in rulebook.facts:
        if fact.name == name:
            return f"{fact.description} (derived: {_one_line(fact.value.text)})"
    return BASE_FACTS.get(name) or DECISION_FACTS.get(name, "")


def rule_detail(rulebook: "Rulebook", rule_id: str) -> dict[str, Any] | None:
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


def _rulebook_text(summary: dict[str, Any], *, color: bool, width: int) -> str:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.render.console import print_to_text
    from transfer_advisor.render.terminal import _t

    head = Text("Rulebook ").append_text(_t(summary["name"], "bold"))
    head.append("  (").append_text(_t(" + ".join(summary["sources"]))).append(")")
    items: list[Any] = [head]
    if summary["description"]:
        items.append(_t(summary["description"]))
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("what it checks", ratio=3)
    table.add_column("source", ratio=2)
    for rule in summary["rules"]:
        table.add_row(
            _t(rule["id"], "bold"),
            rule["kind"],
            rule["severity"] or "",
            _t(rule["description"]),
            _t(rule["source"]),
        )
    items += [Text(), table, Text()]
    thresholds = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    thresholds.add_column("threshold", no_wrap=True)
    thresholds.add_column("value", justify="right", no_wrap=True)
    thresholds.add_column("set in", no_wrap=True)
    for item in summary["thresholds"]:
        thresholds.add_row(
            _t(item["name"]), _t(str(item["value"])), _t(_where_text(item["defined"]))
        )
    items.append(thresholds)
    if summary["disabled"]:
        items += [Text(), Text("disabled: ").append_text(_t(", ".join(summary["disabled"])))]
    return print_to_text(*items, color=color, width=width)


# The rows of `rules show RULE_ID`, in reading order: what it decides, when, what it says.
_LABELS = {
    "strategy": "strategy",
    "technique": "technique",
    "position": "order",
    "finding": "finding id",
    "severity": "severity",
    "field": "field",
    "check_only": "check only",
    "when": "when",
    "rationale": "rationale",
    "message": "message",
    "details": "detail",
    "source": "source",
    "defined": "defined at",
}


def _rule_text(detail: dict[str, Any], total: dict[str, int], *, color: bool, width: int) -> str:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.render.console import print_to_text
    from transfer_advisor.render.terminal import _t

    kind = detail["kind"]
    head = _t(detail["id"], "bold").append(f"  ({kind} rule)")
    table = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("checks", _t(detail["description"]))
    for key, label in _LABELS.items():
        value = detail.get(key)
        if value is None:
            continue
        if key == "details":
            for item in value:
                line = Text("if ").append_text(_t(item["when"], "italic")).append(": ")
                table.add_row(label, line.append_text(_t(item["text"])))
            continue
        if key == "defined":
            value = _where_text(value)
        elif key == "position":
            scope = "for the chosen strategy " if kind == "technique" else ""
            value = (
                f"{value} of {total[kind]} {kind} rules (the first one {scope}whose "
                "condition holds decides)"
            )
        elif isinstance(value, bool):
            value = yes_no(value)
        table.add_row(label, _t(str(value)))
    items: list[Any] = [head, table]
    if detail["facts"]:
        facts = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
        facts.add_column("fact the condition reads", no_wrap=True)
        facts.add_column("meaning")
        for fact in detail["facts"]:
            facts.add_row(_t(fact["name"]), _t(fact["meaning"]))
        items += [Text(), facts]
    return print_to_text(*items, color=color, width=width)


def _complete_rule(ctx: typer.Context, incomplete: str) -> list[str]:
    from transfer_advisor.errors import TransferAdvisorError
    from transfer_advisor.rules.load import load_rulebook

    try:
        rulebook = load_rulebook(ctx.params.get("rules"))
    except TransferAdvisorError:
        return []
    return [r for r in rulebook.rule_ids() if r.startswith(incomplete)]


def rules_show(
    rule_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[RULE_ID]",
            help="Show this rule in full: its condition, text, facts and where it is defined "
            "(a group id such as domain-mismatch: each rule of the group).",
            show_default=False,
            autocompletion=_complete_rule,
        ),
    ] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Show this rulebook instead of the default.")
    ] = None,
    fmt: TextOrJsonOption = "text",
    no_config: NoConfigOption = False,
) -> None:
    """List the rules and thresholds of the active rulebook, or show one rule in full.

    The active rulebook is --rules, else the one pyproject.toml's [tool.transfer-advisor]
    names for the current folder, else the default.
    """
    from transfer_advisor.render.common import to_json
    from transfer_advisor.rules.load import load_rulebook

    fmt = text_or_json(fmt)
    rulebook = load_rulebook(rules if rules is not None or no_config else configured_rules(None))
    if rule_id is None:
        summary = rulebook_summary(rulebook)
        write_output(
            to_json(summary) if fmt == "json" else _rulebook_text(summary, **stdout_style()), None
        )
        return
    if rule_id in rulebook.disabled:
        raise UsageError(_unknown_rule(rulebook, rule_id))
    detail = rule_detail(rulebook, rule_id)
    # An id that names a group (domain-mismatch) shows every rule of the group.
    group = [r for r in rulebook.rule_ids() if r.startswith(rule_id + "/")]
    if detail is None and not group:
        raise UsageError(_unknown_rule(rulebook, rule_id))
    details = [detail] if detail is not None else [rule_detail(rulebook, r) for r in group]
    if fmt == "json":
        write_output(
            to_json(detail if detail is not None else {"group": rule_id, "rules": details}), None
        )
        return
    total = {"strategy": len(rulebook.strategy), "technique": len(rulebook.technique)}
    style = stdout_style()
    write_output("\n".join(_rule_text(d, total, **style) for d in details if d is not None), None)


def _unknown_rule(rulebook: "Rulebook", rule_id: str) -> str:
    if rule_id in rulebook.disabled:
        return f"rule {rule_id!r} is disabled in this rulebook"
    ids = rulebook.rule_ids()
    return (f"unknown rule {rule_id!r}{suggest(rule_id, ids)} "
            "(list them with: transfer-advisor rules show)")  # fmt: skip


def rules_init(
    path: Annotated[Path, typer.Argument(help="Where to write the rulebook.")] = Path(
        "transfer-advisor-rules.yaml"
    ),
    force: ForceOption = False,
) -> None:
    """Write a starting rulebook that extends the default one, with comments.

    It overrides two thresholds, shows how to disable a rule and adds a finding of its own.
    """
    from transfer_advisor.cli.starters import RULEBOOK_TEMPLATE
    from transfer_advisor.rules.load import load_rulebook_text

    refuse_existing(path, force)
    load_rulebook_text(RULEBOOK_TEMPLATE, str(path))  # what is written must load
    write_new(path, RULEBOOK_TEMPLATE, force=force)
    sys.stderr.write(f"Wrote {path}. Use it: transfer-advisor advise --rules {path} MANIFEST\n")


def rules_validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="Rulebook to check (default: the shipped one).", show_default=False),
    ] = None,
) -> None:
    """Check a rulebook: schema, unknown facts, templates, threshold order, bands, rule order."""
    from transfer_advisor.rules.load import default_rulebook_text, load_rulebook, load_rulebook_text

    if path is None:
        # Validate the shipped rulebook for real, not through the trusted fast path.
        rulebook = load_rulebook_text(default_rulebook_text(), "default.yaml")
        name = "default rulebook"
    else:
        rulebook = load_rulebook(path)
        name = str(path)
    counts = (len(rulebook.strategy), len(rulebook.technique), len(rulebook.findings))
    sys.stdout.write(
        f"{name}: valid ({counts[0]} strategy, {counts[1]} technique and {counts[2]} finding"
        f" rules; {len(rulebook.thresholds)} thresholds)\n"
    )
