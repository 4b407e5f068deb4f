"""What a ``check`` run reports: the rules applied, each finding with its place in the file and
its suppression, the result of each file and of the whole run.

Plain data, decided by the checker (:mod:`transfer_advisor.check.run`) and formatted by the
reporters (:mod:`transfer_advisor.check.formats`); which findings fail the check
(:meth:`FileResult.failing`) is decided here, once, for every format and the exit code. The
JSON contract of a report (:func:`report_dict`) is written here too.
"""

from __future__ import annotations

from typing import Any, Literal

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.advice.recommendation import SEVERITY_RANK, Severity
from transfer_advisor.config import PYPROJECT, FailOn

CHECK_SCHEMA_VERSION = 1
TOOL_NAME = "transfer-advisor"

INVALID_MANIFEST = "invalid-manifest"
SUPPRESSION_WITHOUT_REASON = "suppression-without-reason"
SUPPRESSION_UNKNOWN_RULE = "suppression-unknown-rule"


class RuleInfo(FrozenRecord):
    """A rule that ``check`` applies: for SARIF rule descriptors and JUnit test cases."""

    __slots__ = ("id", "finding_id", "severity", "description", "source", "help")

    id: str
    finding_id: str
    severity: Severity
    description: str
    source: str
    #: How to resolve a finding of this rule (None: change the field, or suppress it).
    help: str | None

    def __init__(
        self,
        id: str,
        finding_id: str,
        severity: Severity,
        description: str,
        source: str,
        help: str | None = None,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "finding_id", finding_id)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "help", help)


_CHECK = "transfer-advisor check"
#: Rules of ``check`` itself, beside the rulebook's finding rules.
INVALID_MANIFEST_RULE = RuleInfo(
    INVALID_MANIFEST, INVALID_MANIFEST, "error",
    "the manifest cannot be read, parsed or validated, so nothing else in it was checked",
    _CHECK, "Fix the manifest at the place given: the message names the field and the problem.",
)  # fmt: skip
SUPPRESSION_RULES = (
    RuleInfo(SUPPRESSION_WITHOUT_REASON, SUPPRESSION_WITHOUT_REASON, "warning",
             "an entry of the manifest's ignore list gives no reason", _CHECK,
             "Add a reason to the entry (reason: ...) that says why the finding does not apply."),
    RuleInfo(SUPPRESSION_UNKNOWN_RULE, SUPPRESSION_UNKNOWN_RULE, "warning",
             "an entry of the manifest's ignore list names a rule the rulebook does not have",
             _CHECK, "Correct the rule id of the entry (the message suggests the closest one), "
             "or remove the entry."),
)  # fmt: skip


class Suppression(FrozenRecord):
    """Why a finding does not count: where it was suppressed, and the reason given (if any)."""

    __slots__ = ("kind", "rule", "reason", "origin")

    kind: Literal["manifest", "config", "flag"]
    rule: str
    reason: str | None
    #: The pyproject.toml of a ``config`` suppression.
    origin: str | None

    def __init__(
        self,
        kind: Literal["manifest", "config", "flag"],
        rule: str,
        reason: str | None = None,
        origin: str | None = None,
    ) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "origin", origin)

    def matches(self, finding_id: str, rule: str) -> bool:
        return self.rule in (finding_id, rule)

    @property
    def justification(self) -> str:
        """The reason, or a statement of where the suppression came from."""
        if self.reason:
            return self.reason
        if self.kind == "flag":
            return f"suppressed with --ignore {self.rule} (no reason given)"
        if self.kind == "config":
            return f"suppressed in {self.origin or PYPROJECT} (no reason given)"
        return "suppressed in the manifest (no reason given)"


class CheckFinding(FrozenRecord):
    """A finding with its place in the file and its suppression (None: it counts)."""

    __slots__ = ("id", "rule", "severity", "message", "field", "line", "column", "suppression")

    id: str
    rule: str
    severity: Severity
    message: str
    field: str | None
    line: int | None
    column: int | None
    suppression: Suppression | None

    def __init__(
        self,
        id: str,
        rule: str,
        severity: Severity,
        message: str,
        field: str | None,
        line: int | None,
        column: int | None,
        suppression: Suppression | None = None,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "suppression", suppression)

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None

    def suppressed_by(self, suppression: Suppression | None) -> CheckFinding:
        """This finding with ``suppression`` (None: it counts)."""
        return CheckFinding(self.id, self.rule, self.severity, self.message, self.field,
                            self.line, self.column, suppression)  # fmt: skip


class FileResult(FrozenRecord):
    """Everything ``check`` found in one manifest."""

    __slots__ = ("path", "findings", "rules", "fail_on", "name", "strategy", "technique")

    path: str
    findings: tuple[CheckFinding, ...]
    #: The rules applied to this file (only ``invalid-manifest`` when it is invalid).
    rules: tuple[RuleInfo, ...]
    fail_on: FailOn
    name: str | None
    strategy: str | None
    technique: str | None

    def __init__(
        self,
        path: str,
        findings: tuple[CheckFinding, ...],
        rules: tuple[RuleInfo, ...],
        fail_on: FailOn,
        name: str | None = None,
        strategy: str | None = None,
        technique: str | None = None,
    ) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "findings", findings)
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "fail_on", fail_on)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "strategy", strategy)
        object.__setattr__(self, "technique", technique)

    @property
    def invalid(self) -> bool:
        return any(f.id == INVALID_MANIFEST for f in self.findings)

    def failing(self) -> list[CheckFinding]:
        """The findings that fail the check: not suppressed, at or above ``fail_on``."""
        if self.fail_on == "never":
            return [f for f in self.findings if f.id == INVALID_MANIFEST]
        limit = SEVERITY_RANK[self.fail_on]
        return [f for f in self.findings
                if not f.suppressed and SEVERITY_RANK[f.severity] <= limit]  # fmt: skip


class Summary(FrozenRecord):
    __slots__ = ("files", "invalid", "errors", "warnings", "info", "suppressed", "failing")
    files: int
    invalid: int
    errors: int
    warnings: int
    info: int
    suppressed: int
    failing: int

    def __init__(
        self,
        files: int,
        invalid: int,
        errors: int,
        warnings: int,
        info: int,
        suppressed: int,
        failing: int,
    ) -> None:
        object.__setattr__(self, "files", files)
        object.__setattr__(self, "invalid", invalid)
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "warnings", warnings)
        object.__setattr__(self, "info", info)
        object.__setattr__(self, "suppressed", suppressed)
        object.__setattr__(self, "failing", failing)


class CheckReport(FrozenRecord):
    """The result of one ``check`` run, in the order the files were given."""

    __slots__ = ("files", "version")

    files: tuple[FileResult, ...]
    version: str

    def __init__(self, files: tuple[FileResult, ...], version: str) -> None:
        object.__setattr__(self, "files", files)
        object.__setattr__(self, "version", version)

    def rules(self) -> tuple[RuleInfo, ...]:
        """Every rule applied to some file, each once (first definition wins), then ours."""
        seen: dict[str, RuleInfo] = {}
        for result in self.files:
            for rule in result.rules:
                seen.setdefault(rule.id, rule)
        seen.setdefault(INVALID_MANIFEST, INVALID_MANIFEST_RULE)
        return tuple(seen.values())

    def summary(self) -> Summary:
        counted = [f for r in self.files for f in r.findings if not f.suppressed]
        return Summary(
            files=len(self.files),
            invalid=sum(1 for r in self.files if r.invalid),
            errors=sum(1 for f in counted if f.severity == "error"),
            warnings=sum(1 for f in counted if f.severity == "warning"),
            info=sum(1 for f in counted if f.severity == "info"),
            suppressed=sum(1 for r in self.files for f in r.findings if f.suppressed),
            failing=sum(len(r.failing()) for r in self.files),
        )


# --- the JSON contract ---------------------------------------------------------------------------


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
