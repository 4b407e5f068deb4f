"""The github format of a ``check`` report: GitHub Actions workflow commands (``::error``), one
per finding that counts, escaped as workflow commands require.
"""

from __future__ import annotations

from transfer_advisor._internal.visible import visible
from transfer_advisor.check.formats.common import findings_shown
from transfer_advisor.check.model import TOOL_NAME, CheckReport

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, carriage return and newline escaped (and other
    control characters made visible, as in the text format)."""
    # Workflow commands escape carriage returns and newlines their own way (%0D, %0A).
    text = visible(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: CheckReport) -> str:
    """``::error file=...,line=...,col=...,title=...::message``, one per finding that counts."""
    lines = []
    for result, finding in findings_shown(report):
        props = [f"file={escape_property(result.path)}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
            props.append(f"col={finding.column or 1}")
        props.append(f"title={escape_property(f'{TOOL_NAME} {finding.rule}')}")
        level = _GITHUB_LEVEL[finding.severity]
        lines.append(f"::{level} {','.join(props)}::{escape_data(finding.message)}\n")
    return "".join(lines)
