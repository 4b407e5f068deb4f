"""The self-contained HTML report of a batch: charts of the mix, the top findings, a table.

A pure function of the batch's summary counts and the first rows (at most
:data:`REPORT_ROW_LIMIT`, so memory stays flat on any input): no scripts, fonts, images or styles
from anywhere else, and a Content-Security-Policy that forbids them, so the report opens offline
and cannot call out. Every string from the input goes through
:func:`html.escape`. No timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as _escape_html

from transfer_advisor._internal.visible import visible
from transfer_advisor.batch.summary import BatchSummary, Brief
from transfer_advisor.render.common import STRATEGY_LABELS, TECHNIQUE_LABELS


def escape(text: str) -> str:
    """Input text for the page: HTML-escaped, with hidden characters and lone surrogates (which
    cannot even be written as UTF-8) shown as escapes."""
    return _escape_html(visible(text))


#: Rows the HTML report's table holds at most (the charts count every row).
REPORT_ROW_LIMIT = 5_000

_STRATEGY_COLORS = {
    "in_context": "#4e79a7",
    "peft": "#59a14f",
    "full_fine_tune": "#e15759",
    "change_base_model": "#f28e2b",
}
_ERROR_COLOR = "#9d9d9d"
_TECHNIQUE_COLOR = "#76b7b2"
_SEVERITY_COLORS = {"error": "#d62728", "warning": "#e6a700", "info": "#1f77b4"}

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;
color:#1d1d1f;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.lead{color:#555;margin:0 0 1.5rem}.stats{display:flex;gap:1rem;flex-wrap:wrap}
.stat{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;min-width:8rem}
.stat b{display:block;font-size:1.4rem}.charts{display:flex;gap:2rem;flex-wrap:wrap}
svg text{font:12px system-ui,sans-serif;fill:#1d1d1f}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6;position:sticky;top:0}td.n{text-align:right;color:#666}
tr.err td{background:#fff4f4}.f{display:inline-block;border-radius:3px;padding:0 .3rem;
margin:0 .2rem .1rem 0;font-size:12px;color:#fff}
.f.error{background:#d62728}.f.warning{background:#b07d00}.f.info{background:#1f77b4}
.note{background:#fffbe6;border:1px solid #f0d870;padding:.5rem 1rem;border-radius:6px}
"""


class ReportTable:
    """The rows the report's table shows: the first ``limit``, plus a count of all rows."""

    def __init__(self, limit: int = REPORT_ROW_LIMIT) -> None:
        self.limit = limit
        self.rows: list[Brief] = []
        self.total = 0

    def add(self, item: Brief) -> None:
        self.total += 1
        if len(self.rows) < self.limit:
            self.rows.append(item)

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


def bar_chart(
    items: Sequence[tuple[str, int, str]], *, title: str, width: int = 520, label_width: int = 200
) -> str:
    """A horizontal bar chart as inline SVG: ``(label, count, color)`` per bar."""
    bar_height, gap, top = 22, 6, 26
    height = top + len(items) * (bar_height + gap) + 4
    largest = max((count for _, count, _ in items), default=0) or 1
    total = sum(count for _, count, _ in items) or 1
    room = width - label_width - 90
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, count, color) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(1, round(room * count / largest)) if count else 0
        share = 100 * count / total
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{escape(color)}"><title>{escape(label)}: {count:,}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + 15}">{count:,} ({share:.1f}%)</text>'
        )
    if not items:
        parts.append(f'<text x="0" y="{top + 14}">no rows</text>')
    parts.append("</svg>")
    return "".join(parts)


def _findings_cell(item: Brief) -> str:
    if item.error is not None:
        return f"<span class='f error'>input error</span> <bdi>{escape(item.error)}</bdi>"
    return "".join(
        f"<span class='f {escape(severity)}'>{escape(finding_id)}</span>"
        for finding_id, severity in item.findings
    )


def _table(table: ReportTable) -> str:
    head = ("<table><thead><tr><th>row</th><th>name</th><th>model</th><th>strategy</th>"
            "<th>technique</th><th>findings</th></tr></thead><tbody>")  # fmt: skip
    rows = [head]
    for item in table.rows:
        strategy = STRATEGY_LABELS.get(item.strategy or "", item.strategy or "")
        technique = TECHNIQUE_LABELS.get(item.technique or "", item.technique or "")
        css = " class='err'" if item.error is not None else ""
        rows.append(
            # <bdi>: a right-to-left override in a name stays inside its own cell.
            f"<tr{css}><td class='n'>{item.row}</td><td><bdi>{escape(item.name or '')}</bdi></td>"
            f"<td><bdi>{escape(item.model or '')}</bdi></td><td>{escape(strategy)}</td>"
            f"<td>{escape(technique)}</td><td>{_findings_cell(item)}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "\n".join(rows)


def render_report(summary: BatchSummary, table: ReportTable, *, source: str) -> str:
    """The whole report as one HTML document."""
    strategies = [
        (STRATEGY_LABELS.get(k, k), v, _STRATEGY_COLORS.get(k, _TECHNIQUE_COLOR))
        for k, v in summary.strategy_counts()
    ]
    if summary.errors:
        strategies.append(("not advised (input error)", summary.errors, _ERROR_COLOR))
    techniques = [
        (TECHNIQUE_LABELS.get(k, "no technique" if k == "none" else k), v, _TECHNIQUE_COLOR)
        for k, v in summary.technique_counts()
    ]
    findings = [
        (k, v, _SEVERITY_COLORS.get(summary.severities.get(k, ""), _TECHNIQUE_COLOR))
        for k, v in summary.top_findings(15)
    ]
    title = f"transfer-advisor batch report: {source}"
    stats = [("use cases", summary.rows), ("advised", summary.advised),
             ("input errors", summary.errors)]  # fmt: skip
    if table.capped:
        note = (f"<p class='note'>The table shows the first {len(table.rows):,} of "
                f"{table.total:,} use cases; the charts count all of them.</p>")  # fmt: skip
    else:
        note = ""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Batch report</h1><p class='lead'>{escape(source)}</p>",
        "<div class='stats'>"
        + "".join(f"<div class='stat'><b>{n:,}</b>{escape(label)}</div>" for label, n in stats)
        + "</div>",
        "<h2>Recommendations</h2><div class='charts'>",
        bar_chart(strategies, title="Strategy"),
        bar_chart(techniques, title="Technique"),
        "</div>",
        "<h2>Most frequent findings</h2>",
        bar_chart(findings, title="Findings (rows raising each)", label_width=240),
        "<h2>Use cases</h2>",
        note,
        _table(table),
        "</body></html>",
        "",
    ])  # fmt: skip
