"""Values ``transfer-advisor init`` wrote as placeholders, still in a manifest.

Without a terminal to ask on, ``init`` writes valid placeholder values (no labeled examples,
task ``other``, a default model), each marked with a :data:`PLACEHOLDER_MARK` comment; until a
person replaces them, ``check`` reports each one as an error, so a placeholder manifest never
passes a gate.
"""

from __future__ import annotations

import re

from transfer_advisor._internal.yaml import Document, field_path
from transfer_advisor.check.model import CheckFinding, RuleInfo

PLACEHOLDER = "init-placeholder"
#: The comment ``init`` ends a placeholder line with.
PLACEHOLDER_MARK = "# PLACEHOLDER: put this project's value here, then delete this comment"
_MARK = re.compile(r"#\s*PLACEHOLDER\b")

PLACEHOLDER_RULE = RuleInfo(
    PLACEHOLDER, PLACEHOLDER, "error",
    "a value `transfer-advisor init` wrote as a placeholder has not been replaced",
    "transfer-advisor check",
    "Put the project's own value in the field, then delete its '# PLACEHOLDER' comment.",
)  # fmt: skip


def placeholder_findings(text: str, document: Document | None) -> list[CheckFinding]:
    """One error per line of ``text`` that still carries the placeholder mark, located at the
    field written on that line."""
    findings = []
    keys = {} if document is None else {m.line: p for p, m in document.key_marks.items()}
    for number, line in enumerate(text.splitlines(), 1):
        found = _MARK.search(line)
        if found is None or _in_quotes(line[: found.start()]):
            continue
        path = keys.get(number)
        field = field_path(path) if path else None
        column = document.key_marks[path].column if document is not None and path else 1
        what = f"{field} is" if field else "this line is"
        findings.append(CheckFinding(
            PLACEHOLDER, PLACEHOLDER, "error",
            f"{what} still the placeholder `transfer-advisor init` wrote: put this project's "
            "value here, then delete the '# PLACEHOLDER' comment",
            field, number, column,
        ))  # fmt: skip
    return findings


def _in_quotes(before: str) -> bool:
    """Whether a ``#`` after ``before`` is inside a quoted string, not a comment."""
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1
