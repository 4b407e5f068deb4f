"""The self-contained HTML report of a batch: totals, charts of the mix, the findings raised,
and a table to sort, filter and page through.

A pure function of the batch's summary counts and the first rows (at most
:data:`REPORT_ROW_LIMIT`, so memory stays flat on any input; the totals and charts count every
row). No fonts, images, styles or scripts from anywhere else: one inline script, allowed by its
hash in the Content-Security-Policy, which forbids everything else, so the report opens offline
and cannot call out. The table's first page is plain HTML and works without the script. Every
string from the input goes through :func:`html.escape` (or, in the script, ``textContent``).
No timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from html import escape as _escape_html
from typing import Any

from transfer_advisor._internal.visible import visible
from transfer_advisor.batch.html_assets import CSS, SCRIPT, script_hash
from transfer_advisor.batch.summary import BatchSummary, Brief
from transfer_advisor.estimate.results import money
from transfer_advisor.render.common import STRATEGY_LABELS, TECHNIQUE_LABELS


def escape(text: str) -> str:
    """Input text for the page: HTML-escaped, with hidden characters and lone surrogates (which
    cannot even be written as UTF-8) shown as escapes."""
    return _escape_html(visible(text))


#: Rows the HTML report's table holds at most (the totals and charts count every row).
REPORT_ROW_LIMIT = 20_000
#: Rows on one page of the table.
PAGE_ROWS = 100

_STRATEGY_COLORS = {
    "in_context": "#4e79a7",
    "peft": "#59a14f",
    "full_fine_tune": "#e15759",
    "change_base_model": "#f28e2b",
}
_ERROR_COLOR = "#9d9d9d"
_TECHNIQUE_COLOR = "#76b7b2"
_SEVERITY_COLORS = {"error": "#d62728", "warning": "#e6a700", "info": "#1f77b4"}
#: A generous width of one character of the charts' 12 px sans-serif text (digits and most
#: letters are 6.5-7 px), so that the layout leaves room for the text in any common font.
_CHAR_PX = 7.5
#: The most room a chart gives its labels.
_MAX_LABEL_PX = 320


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


def _text_px(text: str) -> int:
    return math.ceil(len(text) * _CHAR_PX)


def _fit_label(label: str, width: int) -> str:
    """``label``, cut with an ellipsis to fit ``width`` pixels (the full label is its title)."""
    if _text_px(label) <= width:
        return label
    return label[: max(3, int(width / _CHAR_PX) - 1)] + "…"


def bar_chart(
    items: Sequence[tuple[str, int, str]],
    *,
    title: str,
    width: int = 560,
    share_of: int | None = None,
) -> str:
    """A horizontal bar chart as inline SVG: ``(label, count, color)`` per bar, each with its
    count and its share of ``share_of`` (default: the sum of the counts). The labels get the
    room the longest one needs (up to :data:`_MAX_LABEL_PX`, beyond which a label is cut with
    an ellipsis and shown whole as its tooltip), and the bars are scaled to leave room for the
    widest count, so no number is cut off at the edge."""
    bar_height, gap, top = 22, 6, 26
    longest = max((_text_px(label) for label, _, _ in items), default=0)
    label_width = min(max(longest, 60), _MAX_LABEL_PX) + 8
    height = top + len(items) * (bar_height + gap) + 4
    largest = max((count for _, count, _ in items), default=0) or 1
    total = share_of if share_of is not None else sum(count for _, count, _ in items)
    total = total or 1
    values = [f"{count:,} ({100 * count / total:.1f}%)" for _, count, _ in items]
    room = width - label_width - 8 - max((_text_px(v) for v in values), default=0)
    room = max(room, 40)
    width = max(width, _text_px(title))
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    for index, ((label, count, color), value) in enumerate(zip(items, values, strict=True)):
        y = top + index * (bar_height + gap)
        length = max(1, round(room * count / largest)) if count else 0
        shown = _fit_label(label, label_width - 8)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">'
            f"{escape(shown)}<title>{escape(label)}</title></text>"
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{escape(color)}"><title>{escape(label)}: {count:,}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + 15}">{value}</text>'
        )
    if not items:
        parts.append(f'<text x="0" y="{top + 14}">no rows</text>')
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _chips(item: Brief) -> list[tuple[str, str, str]]:
    """``(shown, severity, rule)`` per finding: an id raised more than once in the row is told
    apart by its rule (``domain-mismatch/language``)."""
    rules = item.rules if len(item.rules) == len(item.findings) else [i for i, _ in item.findings]
    ids = [i for i, _ in item.findings]
    return [(rule if ids.count(i) > 1 else i, severity, rule)
            for (i, severity), rule in zip(item.findings, rules, strict=True)]  # fmt: skip


def _findings_cell(item: Brief) -> str:
    if item.error is not None:
        return f"<span class='f error'>input error</span> <bdi>{escape(item.error)}</bdi>"
    return "".join(
        f"<span class='f {escape(severity)}' title='rule {escape(rule)}'>{escape(shown)}</span>"
        for shown, severity, rule in _chips(item)
    )


def _row_data(item: Brief) -> dict[str, Any]:
    return {
        "row": item.row, "name": item.name, "model": item.model,
        "strategy": STRATEGY_LABELS.get(item.strategy or "", item.strategy or ""),
        "technique": TECHNIQUE_LABELS.get(item.technique or "", item.technique or ""),
        "fits": item.fits, "gpu_hours": item.gpu_hours, "usd": item.usd_high,
        "findings": _chips(item), "error": item.error,
    }  # fmt: skip


_COLUMNS = (("row", "row"), ("name", "name"), ("model", "model"), ("strategy", "strategy"),
            ("technique", "technique"), ("fits", "fits"), ("gpu_hours", "GPU-hours"),
            ("usd", "cost (USD, high)"), ("findings", "findings"))  # fmt: skip


def _table(table: ReportTable, summary: BatchSummary) -> str:
    head = "".join(f"<th data-key='{k}'>{escape(label)}</th>" for k, label in _COLUMNS)
    rows = [f"<table id='rows'><thead><tr>{head}</tr></thead><tbody>"]
    for item in table.rows[:PAGE_ROWS]:
        data = _row_data(item)
        css = " class='err'" if item.error is not None else ""
        cells = "".join(f"<td><bdi>{escape(data[k] or '')}</bdi></td>"
                        for k in ("name", "model", "strategy", "technique", "fits"))  # fmt: skip
        rows.append(
            # <bdi>: a right-to-left override in a name stays inside its own cell.
            f"<tr{css}><td class='n row'>{item.row}</td>{cells}"
            f"<td class='n'>{_number(item.gpu_hours)}</td><td class='n'>{_number(item.usd_high)}"
            f"</td><td>{_findings_cell(item)}</td></tr>"
        )
    rows.append(
        "</tbody><tfoot><tr><td colspan='6'>total of all "
        f"{summary.rows:,} use cases ({summary.costed:,} with a cost)</td>"
        f"<td class='n'>{_number(summary.gpu_hours)}</td>"
        f"<td class='n'>{_number(summary.usd_high)}</td><td></td></tr></tfoot></table>"
    )
    return "\n".join(rows)


def _controls(summary: BatchSummary) -> str:
    options = "".join(
        f"<option>{escape(STRATEGY_LABELS.get(k, k))}</option>"
        for k, _ in summary.strategy_counts()
    )
    return (
        "<div class='controls' id='controls' hidden>"
        "<label>Search <input id='q' type='search' placeholder='name, model, finding'></label>"
        f"<label>Strategy <select id='strategy'><option value=''>any</option>{options}"
        "</select></label>"
        "<label><input id='flagged' type='checkbox'> only rows with findings or errors</label>"
        "<span class='pager'><button id='prev' type='button'>previous</button>"
        "<span id='info'></span><button id='next' type='button'>next</button></span></div>"
    )


def _json_block(rows: list[dict[str, Any]]) -> str:
    # No "<", ">" or "&" at all (JSON escapes instead), so nothing in a name can end the
    # element or start another; ASCII only, so a lone surrogate from the input stays an escape.
    text = json.dumps(rows, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="rows-data">{text}</script>'


def _money(value: float) -> str:
    return f"${money(value)}"


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
        for k, v in summary.top_finding_rows(15)
    ]
    title = f"transfer-advisor batch report: {source}"
    cost = (f"{_money(summary.usd_low)}–{_money(summary.usd_high)}"
            if summary.costed else "–")  # fmt: skip
    stats = [("use cases", f"{summary.rows:,}"), ("advised", f"{summary.advised:,}"),
             ("input errors", f"{summary.errors:,}"),
             (f"estimated cost of {summary.costed:,} recommended fine-tunes", cost),
             ("GPU-hours (high)", f"{summary.gpu_hours:,.1f}")]  # fmt: skip
    note = ""
    if table.capped:
        note = (f"<p class='note'>The table holds the first {len(table.rows):,} of "
                f"{table.total:,} use cases; the totals and charts count all of them.</p>")  # fmt: skip
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src {script_hash()}"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>Batch report</h1><p class='lead'>{escape(source)}</p>",
        "<div class='stats'>"
        + "".join(f"<div class='stat'><b>{n}</b>{escape(label)}</div>" for label, n in stats)
        + "</div>",
        "<h2>Recommendations</h2><div class='charts'>",
        bar_chart(strategies, title="Strategy"),
        bar_chart(techniques, title="Technique"),
        "</div>",
        "<h2>Most frequent findings</h2>",
        bar_chart(findings, title="Findings: rows raising each (share of advised rows)",
                  share_of=summary.advised),
        "<h2>Use cases</h2>",
        note,
        _controls(summary),
        _table(table, summary),
        _json_block([_row_data(item) for item in table.rows]),
        f"<script>{SCRIPT}</script>",
        "</body></html>",
        "",
    ])  # fmt: skip
