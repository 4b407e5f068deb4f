"""A Markdown summary of a ``check`` run, for a CI job's summary page.

Reads the JSON report (``check --format json``) on standard input and writes Markdown: the
counts, then one row per manifest with its advice and findings. The GitHub Action appends it to
``$GITHUB_STEP_SUMMARY``; ``python -m transfer_advisor.check.summary`` runs it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from transfer_advisor._internal.visible import visible


def _cell(text: object) -> str:
    """Input text for a Markdown table cell: visible, pipes and new lines escaped."""
    return visible(str(text)).replace("|", "\\|").replace("\n", " ")


def summary_markdown(report: dict[str, Any]) -> str:
    """The run's counts and a table of its manifests, as Markdown."""
    counts = report.get("summary", {})
    lines = [
        "## transfer-advisor check",
        "",
        f"{counts.get('files', 0):,} manifests checked: {counts.get('errors', 0):,} errors, "
        f"{counts.get('warnings', 0):,} warnings, {counts.get('info', 0):,} info "
        f"({counts.get('invalid', 0):,} invalid, {counts.get('suppressed', 0):,} suppressed).",
        "",
        "| manifest | advice | findings |",
        "| --- | --- | --- |",
    ]
    for result in report.get("results", []):
        advice = result.get("strategy") or "invalid"
        if result.get("technique"):
            advice += f" ({result['technique']})"
        shown = [
            f"{f['severity']} `{_cell(f['rule'])}`"
            for f in result.get("findings", [])
            if not f.get("suppressed")
        ]
        lines.append(
            f"| `{_cell(result.get('path', ''))}` | {_cell(advice)} | "
            f"{', '.join(shown) or 'none'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Read a JSON check report on standard input, write its Markdown summary."""
    sys.stdout.write(summary_markdown(json.load(sys.stdin)))


if __name__ == "__main__":
    main()
