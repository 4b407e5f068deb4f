"""The JUnit XML format of a ``check`` report: one testsuite per file, one testcase per rule."""

from __future__ import annotations

import re

from transfer_advisor._internal.visible import escape_match
from transfer_advisor.check.formats.common import where
from transfer_advisor.check.model import INVALID_MANIFEST, TOOL_NAME, CheckReport

# XML 1.0 cannot carry these at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
                _xml_text(f"{where(result, f)}: {f.severity} {f.rule} {f.message}") for f in mine
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
