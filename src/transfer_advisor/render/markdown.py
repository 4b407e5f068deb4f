"""The Markdown rendering of a recommendation, trace and what-if included.

Every string from the input is escaped, so a name cannot inject markup or HTML.
"""

from __future__ import annotations

import re
from typing import Any

from transfer_advisor._internal.visible import visible
from transfer_advisor.advice.recommendation import Recommendation
from transfer_advisor.render.common import (
    ESTIMATES_LEFT_OUT,
    STRATEGY_LABELS,
    TECHNIQUE_LABELS,
    estimate_notes,
    estimate_rows,
    full_fine_tune_note,
    ladder_rows,
    trace_rows,
    wall_clock_header,
)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Escape text for Markdown so names from the input cannot inject markup or HTML; line
    breaks become spaces, and terminal escapes, bidirectional overrides and invisible characters
    are shown, not obeyed (as in every other output)."""
    flat = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return visible(_MD_SPECIAL.sub(r"\\\1", flat))


def to_markdown(rec: Recommendation) -> str:
    technique = TECHNIQUE_LABELS.get(rec.technique or "", "")
    lines = [
        f"# {_md(rec.name)}",
        "",
        f"**Recommendation: {STRATEGY_LABELS[rec.strategy]}**"
        + (f" ({_md(technique)})" if technique else ""),
        "",
        "## Why",
        "",
        *(f"- {_md(r)}" for r in rec.rationale),
        "",
    ]
    if rec.findings:
        lines += ["## Findings", "", "| severity | id | message |", "| --- | --- | --- |"]
        lines += [f"| {f.severity} | `{f.id}` | {_md(f.message)} |" for f in rec.findings]
        lines.append("")
    if rec.estimates and rec.strategy == "change_base_model":
        lines += [f"_{ESTIMATES_LEFT_OUT}_", ""]  # our words, with `code` meant as code
    elif rec.estimates:
        lines += ["## Estimates", "",
                  "| technique | memory/GPU (GB) | fits | GPU-hours | "
                  f"{wall_clock_header(rec.estimates).lower()} | cost (USD) |",
                  "| --- | ---: | :---: | ---: | ---: | ---: |"]  # fmt: skip
        lines += [f"| {label} | {memory} | {fits or '?'} | {hours} | {wall} | {usd} |"
                  for label, memory, fits, hours, wall, usd in estimate_rows(rec.estimates)]  # fmt: skip
        notes = estimate_notes(rec.estimates)
        lines += ["", f"_{_md(notes)}_", ""] if notes else [""]
    if rec.alternatives:
        lines += ["## Alternatives", ""]
        lines += [
            f"- **{STRATEGY_LABELS[a.strategy]}**: {_md(a.why_not)}" for a in rec.alternatives
        ]
        lines.append("")
    if rec.next_steps:
        lines += ["## Next steps", ""]
        lines += [f"{i}. {_md(s)}" for i, s in enumerate(rec.next_steps, 1)]
        lines.append("")
    if rec.what_if is not None:
        lines += _markdown_what_if(rec.what_if)
    if rec.trace is not None:
        lines += ["## Trace: every rule evaluated", "", "| kind | rule | fired | facts used |",
                  "| --- | --- | --- | --- |"]  # fmt: skip
        lines += [f"| {kind} | {_md(rule)} | {fired} | {_md(facts)} |"
                  for kind, rule, fired, facts in trace_rows(rec)]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def _markdown_what_if(data: dict[str, Any]) -> list[str]:
    here = data["examples"]
    lines: list[str] = []
    ladders = [("What if: labeled examples, with this budget", data["ladder"])]
    if data["ladder_unlimited_budget"] != data["ladder"]:
        ladders.append(("... and with an unlimited budget", data["ladder_unlimited_budget"]))
    for title, bands in ladders:
        lines += [f"## {_md(title)}", "", "| labeled examples | strategy |", "| ---: | --- |"]
        for text, strategy, ours in ladder_rows(bands, here):
            plural = "example" if here == 1 else "examples"
            mark = f" **◀ this use case ({here:,} {plural})**" if ours else ""
            lines.append(f"| {text} | {STRATEGY_LABELS[strategy]}{mark} |")
        lines.append("")
    note = full_fine_tune_note(data)
    if note:
        lines += [f"_{_md(note)}_", ""]
    return lines
