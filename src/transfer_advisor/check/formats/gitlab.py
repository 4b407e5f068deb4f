"""The gitlab format of a ``check`` report: a GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

from typing import Any

from transfer_advisor.check.formats.common import dump, findings_shown, fingerprint
from transfer_advisor.check.model import INVALID_MANIFEST, CheckReport

_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def gitlab_list(report: CheckReport) -> list[dict[str, Any]]:
    issues = []
    for result, finding in findings_shown(report):
        severity = _GITLAB_SEVERITY[finding.severity]
        if finding.id == INVALID_MANIFEST:
            severity = "blocker"
        issues.append({
            "description": finding.message,
            "check_name": finding.rule,
            "fingerprint": fingerprint(result.path, finding),
            "severity": severity,
            "location": {"path": result.path, "lines": {"begin": finding.line or 1}},
        })  # fmt: skip
    return issues


def to_gitlab(report: CheckReport) -> str:
    """A GitLab Code Quality report: a JSON array of issues (suppressed ones left out)."""
    return dump(gitlab_list(report))
