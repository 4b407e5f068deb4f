"""Reports of ``transfer-advisor check``: pure functions from a CheckReport to text.

text (``path:line:col: severity rule message``), json (this tool's contract), SARIF 2.1.0,
JUnit XML, GitHub Actions workflow commands and GitLab Code Quality. Formatters only format:
which files, which findings and which are suppressed is already decided in the report. Every
string from the input is escaped for its format (control characters, XML, workflow commands);
nothing here depends on the clock or the machine, so the same report gives the same bytes.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from transfer_advisor._internal.visible import escape_match, visible
from transfer_advisor.check.model import (
    CHECK_SCHEMA_VERSION,
    INVALID_MANIFEST,
    CheckFinding,
    CheckReport,
    FileResult,
    RuleInfo,
)
from transfer_advisor.render.common import assert_never

TOOL_NAME = "transfer-advisor"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# XML 1.0 cannot carry these at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class CheckFormat(str, enum.Enum):
    """The formats ``check`` can write (``auto`` is resolved by the CLI before this)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"


def format_report(report: CheckReport, fmt: CheckFormat, *, color: bool = False) -> str:
    """Render ``report`` in ``fmt``; every member of CheckFormat is handled."""
    if fmt is CheckFormat.text:
        return to_text(report, color=color)
    if fmt is CheckFormat.json:
        return to_json(report)
    if fmt is CheckFormat.sarif:
        return to_sarif(report)
    if fmt is CheckFormat.junit:
        return to_junit(report)
    if fmt is CheckFormat.github:
        return to_github(report)
    if fmt is CheckFormat.gitlab:
        return to_gitlab(report)
    assert_never(fmt)


def clean(text: str) -> str:
    """Control characters (escape sequences, bells, newlines) as visible ``\\xNN`` marks, so
    a name from the input can neither restyle the terminal nor break a line in two."""
    return visible(text)


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


def _shown(report: CheckReport) -> list[tuple[FileResult, CheckFinding]]:
    return [(r, f) for r in report.files for f in r.findings if not f.suppressed]


def _where(result: FileResult, finding: CheckFinding) -> str:
    if finding.line is None:
        return clean(result.path)
    return f"{clean(result.path)}:{finding.line}:{finding.column or 1}"


# --- text --------------------------------------------------------------------------------------


def to_text(report: CheckReport, *, color: bool = False) -> str:
    """One line per finding that counts; suppressed ones are left to the summary."""
    shown = _shown(report)
    if not color:
        return "".join(
            f"{_where(r, f)}: {f.severity} {clean(f.rule)} {clean(f.message)}\n" for r, f in shown
        )
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=10_000,
                      highlight=False, emoji=False, markup=False, soft_wrap=True)  # fmt: skip
    for result, finding in shown:
        line = Text()
        line.append(_where(result, finding), style="bold")
        line.append(": ")
        line.append(finding.severity, style=_STYLE[finding.severity])
        line.append(" ")
        line.append(clean(finding.rule), style="dim")
        line.append(" ")
        line.append(clean(finding.message))
        console.print(line)
    return buffer.getvalue()


# --- json --------------------------------------------------------------------------------------


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _finding_dict(finding: CheckFinding) -> dict[str, Any]:
    s = finding.suppression
    suppression = None if s is None else {"kind": s.kind, "rule": s.rule, "reason": s.reason}
    return {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "field": finding.field,
        "line": finding.line,
        "column": finding.column,
        "suppressed": s is not None,
        "suppression": suppression,
    }


def report_dict(report: CheckReport) -> dict[str, Any]:
    """The JSON contract: ``schema_version``, ``tool``, ``results`` (one per file), ``summary``."""
    s = report.summary()
    return {
        "schema_version": CHECK_SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.version},
        "results": [
            {
                "path": r.path,
                "valid": not r.invalid,
                "name": r.name,
                "strategy": r.strategy,
                "technique": r.technique,
                "fail_on": r.fail_on,
                "findings": [_finding_dict(f) for f in r.findings],
            }
            for r in report.files
        ],
        "summary": {
            "files": s.files,
            "invalid": s.invalid,
            "errors": s.errors,
            "warnings": s.warnings,
            "info": s.info,
            "suppressed": s.suppressed,
            "failing": s.failing,
        },
    }


def to_json(report: CheckReport) -> str:
    return _dump(report_dict(report))


# --- SARIF 2.1.0 -------------------------------------------------------------------------------


def fingerprint(path: str, finding: CheckFinding) -> str:
    """Stable across runs and line moves: the file, the rule and the field, hashed."""
    key = "\0".join((path, finding.rule, finding.field or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


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
    return _dump(sarif_dict(report))


# --- JUnit XML ---------------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(escape_match, text)


def to_junit(report: CheckReport) -> str:
    """One testsuite per file, one testcase per rule applied to it.

    A testcase fails when its rule raised a finding that fails the check (not suppressed, at
    or above the file's ``--fail-on``); a suppressed finding is ``skipped`` with its reason; a
    finding below the threshold passes and is kept in ``system-out``. An invalid manifest is
    one testcase, ``invalid-manifest``, in ``error``.
    """
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name=TOOL_NAME)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in report.files:
        path = _xml_text(result.path)
        suite = ET.SubElement(root, "testsuite", name=path)
        failing = set(map(id, result.failing()))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for rule in result.rules:
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", name=rule.id, classname=path, file=path)
            mine = [f for f in result.findings if f.rule == rule.id]
            lines = "\n".join(
                _xml_text(f"{_where(result, f)}: {f.severity} {f.rule} {f.message}") for f in mine
            )
            if not mine:
                continue
            first = mine[0]
            if rule.id == INVALID_MANIFEST:
                counts["errors"] += 1
                error = ET.SubElement(case, "error", message=_xml_text(first.message),
                                      type=rule.id)  # fmt: skip
                error.text = lines
            elif any(id(f) in failing for f in mine):
                counts["failures"] += 1
                bad = next(f for f in mine if id(f) in failing)
                failure = ET.SubElement(case, "failure", message=_xml_text(bad.message),
                                        type=bad.severity)  # fmt: skip
                failure.text = lines
            elif all(f.suppressed for f in mine):
                counts["skipped"] += 1
                reason = first.suppression.justification if first.suppression else ""
                ET.SubElement(case, "skipped", message=_xml_text(f"suppressed: {reason}"))
            else:
                out = ET.SubElement(case, "system-out")
                out.text = lines
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


# --- GitHub Actions workflow commands ----------------------------------------------------------


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
    for result, finding in _shown(report):
        props = [f"file={escape_property(result.path)}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
            props.append(f"col={finding.column or 1}")
        props.append(f"title={escape_property(f'{TOOL_NAME} {finding.rule}')}")
        level = _GITHUB_LEVEL[finding.severity]
        lines.append(f"::{level} {','.join(props)}::{escape_data(finding.message)}\n")
    return "".join(lines)


# --- GitLab Code Quality -----------------------------------------------------------------------


def gitlab_list(report: CheckReport) -> list[dict[str, Any]]:
    issues = []
    for result, finding in _shown(report):
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
    return _dump(gitlab_list(report))
