"""A recommendation as a small HTML fragment, for notebooks (``Recommendation._repr_html_``).

Every string from the input is HTML-escaped and its hidden characters made visible, as in
every other format; no script, no style sheet, no external asset.
"""

from __future__ import annotations

from html import escape

from transfer_advisor._internal.visible import visible
from transfer_advisor.advice.recommendation import Recommendation
from transfer_advisor.render.common import STRATEGY_LABELS, TECHNIQUE_LABELS


def _text(value: object) -> str:
    return escape(visible(str(value)))


def to_html(rec: Recommendation) -> str:
    """The headline, why, findings, alternatives and next steps of ``rec``."""
    headline = STRATEGY_LABELS.get(rec.strategy, rec.strategy)
    if rec.technique is not None:
        headline += f" — {TECHNIQUE_LABELS.get(rec.technique, rec.technique)}"
    parts = [
        f"<div class='transfer-advisor'><h4>{_text(rec.name)}: {_text(headline)}</h4>",
        "<p><b>Why</b></p><ul>",
        *(f"<li>{_text(line)}</li>" for line in rec.rationale),
        "</ul>",
    ]
    if rec.findings:
        parts.append("<p><b>Findings</b></p><table><tr><th>severity</th><th>id</th>"
                     "<th>message</th></tr>")  # fmt: skip
        parts += [
            f"<tr><td>{_text(f.severity)}</td><td><code>{_text(f.rule)}</code></td>"
            f"<td>{_text(f.message)}</td></tr>"
            for f in rec.findings
        ]
        parts.append("</table>")
    if rec.alternatives:
        parts.append("<p><b>Alternatives</b></p><ul>")
        parts += [
            f"<li>{_text(STRATEGY_LABELS.get(a.strategy, a.strategy))}: {_text(a.why_not)}</li>"
            for a in rec.alternatives
        ]
        parts.append("</ul>")
    parts.append("<p><b>Next steps</b></p><ol>")
    parts += [f"<li>{_text(step)}</li>" for step in rec.next_steps]
    parts.append("</ol></div>")
    return "\n".join(parts)
