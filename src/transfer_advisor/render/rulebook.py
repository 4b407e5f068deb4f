"""The terminal rendering of ``rules show``: the rulebook summary and one rule's detail, with
rich, from the plain data of :mod:`transfer_advisor.rules.introspect`.
"""

from __future__ import annotations

from typing import Any

from transfer_advisor.render.common import yes_no
from transfer_advisor.rules.introspect import _where_text


def rulebook_text(summary: dict[str, Any], *, color: bool, width: int) -> str:
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


def rule_text(detail: dict[str, Any], total: dict[str, int], *, color: bool, width: int) -> str:
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


def recipes_text(summary: dict[str, Any], *, color: bool, width: int) -> str:
    """The recipe defaults (``rules show recipes``): each default, its value and its source."""
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.render.console import print_to_text
    from transfer_advisor.render.terminal import _t

    head = Text("Recipe defaults ").append_text(_t(summary["origin"], "bold"))
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("default", no_wrap=True)
    table.add_column("value", ratio=2)
    table.add_column("source", ratio=3)
    for row in summary["defaults"]:
        table.add_row(_t(row["name"], "bold"), _t(row["value"]), _t(row["source"]))
    return print_to_text(head, Text(), table, color=color, width=width)
