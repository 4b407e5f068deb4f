"""What the formats of a ``check`` report share: the findings shown, where each is, input made
safe to print, JSON output and a finding's fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from transfer_advisor._internal.visible import visible
from transfer_advisor.check.model import CheckFinding, CheckReport, FileResult


def clean(text: str) -> str:
    """Control characters (escape sequences, bells, newlines) as visible ``\\xNN`` marks, so
    a name from the input can neither restyle the terminal nor break a line in two."""
    return visible(text)


def findings_shown(report: CheckReport) -> list[tuple[FileResult, CheckFinding]]:
    """The findings that count (not suppressed), each with its file, in report order."""
    return [(r, f) for r in report.files for f in r.findings if not f.suppressed]


def where(result: FileResult, finding: CheckFinding) -> str:
    """``path:line:col`` of a finding, or the path alone when it has no line."""
    if finding.line is None:
        return clean(result.path)
    return f"{clean(result.path)}:{finding.line}:{finding.column or 1}"


def dump(data: Any) -> str:
    """JSON as every JSON format writes it: indented, UTF-8 as it is, a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def fingerprint(path: str, finding: CheckFinding) -> str:
    """Stable across runs and line moves: the file, the rule and the field, hashed."""
    key = "\0".join((path, finding.rule, finding.field or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
