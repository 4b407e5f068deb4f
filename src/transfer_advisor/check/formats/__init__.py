"""Reports of ``transfer-advisor check``: pure functions from a CheckReport to text, one module
per format; this one chooses the format and writes the summary line.

text (``path:line:col: severity rule message``), json (this tool's contract), SARIF 2.1.0,
JUnit XML, GitHub Actions workflow commands and GitLab Code Quality. Formatters only format:
which files, which findings and which are suppressed is already decided in the report. Every
string from the input is escaped for its format (control characters, XML, workflow commands);
nothing here depends on the clock or the machine, so the same report gives the same bytes.
"""

from __future__ import annotations

import enum

from transfer_advisor.check.model import CheckReport
from transfer_advisor.render.common import assert_never


class CheckFormat(str, enum.Enum):
    """The formats ``check`` can write (``auto`` is resolved by the CLI before this)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"


def format_report(report: CheckReport, fmt: CheckFormat, *, color: bool = False) -> str:
    """Render ``report`` in ``fmt``; every member of CheckFormat is handled. Each reporter is
    imported when its format is asked for (a run writes one)."""
    if fmt is CheckFormat.text:
        from transfer_advisor.check.formats.text import to_text

        return to_text(report, color=color)
    if fmt is CheckFormat.json:
        from transfer_advisor.check.formats.json import to_json

        return to_json(report)
    if fmt is CheckFormat.sarif:
        from transfer_advisor.check.formats.sarif import to_sarif

        return to_sarif(report)
    if fmt is CheckFormat.junit:
        from transfer_advisor.check.formats.junit import to_junit

        return to_junit(report)
    if fmt is CheckFormat.github:
        from transfer_advisor.check.formats.github import to_github

        return to_github(report)
    if fmt is CheckFormat.gitlab:
        from transfer_advisor.check.formats.gitlab import to_gitlab

        return to_gitlab(report)
    assert_never(fmt)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: CheckReport) -> str:
    """One line for standard error, e.g. ``2 manifests checked: 1 error, 1 warning, 0 info``."""
    s = report.summary()
    text = (
        f"{_plural(s.files, 'manifest')} checked: {_plural(s.errors, 'error')}, "
        f"{_plural(s.warnings, 'warning')}, {s.info} info"
    )
    if s.suppressed:
        text += f", {s.suppressed} suppressed"
    if s.invalid:
        text += f" ({_plural(s.invalid, 'invalid manifest')})"
    return text
