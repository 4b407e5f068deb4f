"""The terminal rendering of a recommendation, with rich.

Every string from the input is wrapped in ``rich.text.Text`` (never parsed as markup) and
stripped of control characters, so a model name cannot restyle or hijack the terminal.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from transfer_advisor._internal.visible import visible
from transfer_advisor.advice.recommendation import Recommendation
from transfer_advisor.render.common import (
    ESTIMATE_ROWS,
    ESTIMATES_LEFT_OUT,
    STRATEGY_LABELS,
    TECHNIQUE_LABELS,
    estimate_notes,
    estimate_rows,
    full_fine_tune_note,
    ladder_rows,
    span,
    trace_rows,
    wall_clock_header,
)
from transfer_advisor.render.console import make_console, rendered

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_LADDER_STYLE = {"in_context": "green", "peft": "cyan"}


def clean(text: str) -> str:
    """Terminal escapes, bells, bidirectional overrides and invisible characters as visible
    marks; tabs and line breaks stay."""
    return visible(text, keep="\t\n")


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def _bullets(rows: list[tuple[str, Text]]) -> Table:
    """Marked items whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for mark, text in rows:
        grid.add_row(mark, text)
    return grid


def render_text(rec: Recommendation, *, color: bool, width: int = 100) -> str:
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=width)
    headline = Text()
    headline.append(STRATEGY_LABELS[rec.strategy], style="bold green")
    if rec.technique:
        headline.append(" — ")
        headline.append(TECHNIQUE_LABELS[rec.technique], style="bold")
    title = Text("transfer-advisor: ")
    title.append_text(_t(rec.name, "bold"))
    console.print(Panel(headline, title=title, title_align="left", expand=False))

    console.print(Text("Why", style="bold underline"))
    console.print(_bullets([("  •", _t(reason)) for reason in rec.rationale]))

    if rec.findings:
        console.print()
        console.print(Text("Findings", style="bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column()
        for finding in rec.findings:  # already ordered: errors, warnings, information
            grid.add_row(
                Text(f"  {finding.severity}", style=_STYLE[finding.severity]),
                _t(finding.id, "bold"),
                _t(finding.message),
            )
        console.print(grid)

    if rec.estimates and rec.strategy == "change_base_model":
        # Costs of adapting a model the advice replaces would only distract; the JSON keeps them.
        console.print()
        console.print(Text(ESTIMATES_LEFT_OUT, style="dim"))
    elif rec.estimates:
        console.print()
        console.print(estimates_table(rec.estimates))
        notes = clean(estimate_notes(rec.estimates))
        if notes:
            console.print(Text(notes, style="dim"))

    if rec.alternatives:
        console.print()
        table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("Alternative", no_wrap=True)
        table.add_column("Why not")
        for alt in rec.alternatives:
            table.add_row(_t(STRATEGY_LABELS[alt.strategy]), _t(alt.why_not))
        console.print(Group(Text("Alternatives", style="bold underline"), table))

    if rec.next_steps:
        console.print()
        console.print(Text("Next steps", style="bold underline"))
        console.print(_bullets([(f"  {i}.", _t(s)) for i, s in enumerate(rec.next_steps, 1)]))
    return rendered(buffer)


def render_trace(rec: Recommendation, *, color: bool, width: int = 100) -> str:
    """Every rule evaluated: fired or not, and the facts it read (for ``--explain``)."""
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=width)
    table = Table(title="Trace: every rule evaluated", title_justify="left", header_style="bold")
    table.add_column("kind")
    table.add_column("rule")
    table.add_column("fired")
    table.add_column("facts used")
    for kind, rule, fired, facts in trace_rows(rec):
        style = "green" if fired == "yes" else "dim"
        table.add_row(kind, _t(rule), Text(fired, style=style), _t(facts))
    console.print()
    console.print(table)
    return rendered(buffer)


_FITS_STYLE = {"yes": "green", "tight": "yellow", "no": "bold red"}


def estimates_table(estimates: dict[str, Any]) -> Table:
    """The techniques side by side: memory per GPU, whether it fits, time and cost."""
    table = Table(title="Estimates", title_justify="left", header_style="bold", box=None,
                  pad_edge=False)  # fmt: skip
    table.add_column("Technique", no_wrap=True)
    table.add_column("Memory/GPU (GB)", justify="right")
    table.add_column("Fits", justify="center")
    table.add_column("GPU-hours", justify="right")
    table.add_column(wall_clock_header(estimates), justify="right")
    table.add_column("Cost (USD)", justify="right")
    for label, memory, fits, hours, wall, usd in estimate_rows(estimates):
        table.add_row(label, memory, Text(fits or "?", style=_FITS_STYLE.get(fits or "", "dim")),
                      hours, wall, usd)  # fmt: skip
    return table


def render_estimate(estimates: dict[str, Any], *, color: bool, width: int = 100) -> str:
    """``transfer-advisor estimate``: the table, then every memory term explained."""
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=width)
    console.print(estimates_table(estimates))
    notes = clean(estimate_notes(estimates))
    if notes:
        console.print(Text(notes, style="dim"))
    for key, label in ESTIMATE_ROWS:
        item = estimates.get(key)
        if not item or not item.get("terms"):
            continue
        console.print()
        console.print(Text(f"{label}: memory per GPU", style="bold underline"))
        for term in item["terms"]:
            line = Text(f"  {span(term['gb']):>11} GB  ")
            line.append(term["name"], style="bold")
            line.append("  ")
            line.append_text(_t(term["explanation"]))
            console.print(line)
    return rendered(buffer)


def render_what_if(data: dict[str, Any], *, color: bool, width: int = 100) -> str:
    """The data-volume ladder as a small chart, with this use case marked."""
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=width)
    here = data["examples"]

    def ladder(title: str, bands: list[dict[str, Any]]) -> None:
        console.print(Text(title, style="bold underline"))
        for text, strategy, ours in ladder_rows(bands, here):
            line = Text(f"  {text:>24}  ")
            line.append("█" * 4, style=_LADDER_STYLE.get(strategy, "magenta"))
            line.append(f"  {STRATEGY_LABELS[strategy]}")
            if ours:
                plural = "example" if here == 1 else "examples"
                line.append(f"   ◀ this use case ({here:,} {plural})", style="bold")
            console.print(line)

    console.print()
    ladder("What if: labeled examples, with this budget", data["ladder"])
    if data["ladder_unlimited_budget"] != data["ladder"]:
        console.print()
        ladder("... and with an unlimited budget", data["ladder_unlimited_budget"])
    note = full_fine_tune_note(data)
    if note:
        console.print(Text(note, style="dim"))
    return rendered(buffer)
