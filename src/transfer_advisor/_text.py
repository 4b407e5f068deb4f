"""The terminal rendering of a recommendation, with rich.

Every string from the input is wrapped in ``rich.text.Text`` (never parsed as markup) and
stripped of control characters, so a model name cannot restyle or hijack the terminal.
"""

from __future__ import annotations

import io
import re

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .formats import STRATEGY_LABELS, TECHNIQUE_LABELS
from .recommendation import Recommendation

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def clean(text: str) -> str:
    """Replace terminal control characters (escape sequences, bells) with a visible mark."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def render_text(rec: Recommendation, *, color: bool, width: int = 100) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    headline = Text()
    headline.append(STRATEGY_LABELS[rec.strategy], style="bold green")
    if rec.technique:
        headline.append(" — ")
        headline.append(TECHNIQUE_LABELS[rec.technique], style="bold")
    title = Text("transfer-advisor: ")
    title.append_text(_t(rec.name, "bold"))
    console.print(Panel(headline, title=title, title_align="left", expand=False))

    console.print(Text("Why", style="bold underline"))
    for reason in rec.rationale:
        console.print(Text("  • ").append_text(_t(reason)))

    if rec.findings:
        console.print()
        console.print(Text("Findings", style="bold underline"))
        for severity in ("error", "warning", "info"):
            group = [f for f in rec.findings if f.severity == severity]
            for finding in group:
                line = Text("  ")
                line.append(f"{severity:<7}", style=_STYLE[severity])
                line.append(" ")
                line.append_text(_t(finding.id, "bold"))
                line.append("  ")
                line.append_text(_t(finding.message))
                console.print(line)

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
        for i, step in enumerate(rec.next_steps, 1):
            console.print(Text(f"  {i}. ").append_text(_t(step)))
    return buffer.getvalue()


def render_trace(rec: Recommendation, *, color: bool, width: int = 100) -> str:
    """Every rule evaluated: fired or not, and the facts it read (for ``--explain``)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False,
                      emoji=False, markup=False)  # fmt: skip
    table = Table(title="Trace: every rule evaluated", title_justify="left", header_style="bold")
    table.add_column("kind")
    table.add_column("rule")
    table.add_column("fired")
    table.add_column("facts used")
    for entry in rec.trace or ():
        facts = ", ".join(f"{k}={v!r}" for k, v in entry.facts.items())
        if entry.kind == "fact":
            facts = f"= {entry.result!r}" + (f"  ({facts})" if facts else "")
        fired = Text("yes", style="green") if entry.fired else Text("no", style="dim")
        if entry.result == "not reached":
            fired = Text("not reached", style="dim")
        table.add_row(entry.kind, _t(entry.rule), fired, _t(facts))
    console.print()
    console.print(table)
    return buffer.getvalue()
