"""The SARIF 2.1.0 format of a ``check`` report: rule descriptors, located results with stable
fingerprints, and suppressions with their justification.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from transfer_advisor.check.formats.common import dump, fingerprint
from transfer_advisor.check.model import TOOL_NAME, CheckFinding, CheckReport, FileResult, RuleInfo

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _help(rule: RuleInfo) -> str:
    if rule.help is not None:
        return rule.help
    return (
        f"{rule.description[:1].upper()}{rule.description[1:]}. Change the manifest field the "
        f"finding points to, or suppress it with a reason: "
        f'ignore: [{{rule: {rule.id}, reason: "..."}}]. Source: {rule.source}.'
    )


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": f"{rule.description} (source: {rule.source})"},
        "help": {"text": _help(rule)},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"finding": rule.finding_id},
    }


def _artifact(path: str) -> dict[str, Any]:
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def _sarif_result(result: FileResult, finding: CheckFinding, index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(result.path)}
    if finding.line is not None:
        physical["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"transferAdvisor/v1": fingerprint(result.path, finding)},
    }
    if finding.field:
        out["properties"] = {"field": finding.field}
    s = finding.suppression
    if s is not None:
        out["suppressions"] = [{
            "kind": "inSource" if s.kind == "manifest" else "external",
            "status": "accepted",
            "justification": s.justification,
        }]  # fmt: skip
    return out


def sarif_dict(report: CheckReport) -> dict[str, Any]:
    rules = report.rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [
        _sarif_result(r, f, index[f.rule])
        for r in report.files
        for f in r.findings
        if f.rule in index
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": report.version,
                "rules": [_descriptor(rule) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }  # fmt: skip


def to_sarif(report: CheckReport) -> str:
    return dump(sarif_dict(report))
