"""The summary counts of a batch: what each output row leaves behind (:class:`Brief`) and the
counts over every row (:class:`BatchSummary`), for the summary line, the JSON and Markdown
footers and the HTML report. No timings: the same input gives the same summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "BatchSummary",
    "Brief",
]


STRATEGY_ORDER = ("in_context", "peft", "full_fine_tune", "change_base_model")
TECHNIQUE_ORDER = (
    "zero_shot",
    "few_shot",
    "retrieval",
    "lora",
    "qlora",
    "adapters",
    "full",
    "hosted_tuning",
)


class Brief(NamedTuple):
    """What the summary and the HTML report keep of an output row."""

    row: int
    name: str | None
    model: str | None
    strategy: str | None
    technique: str | None
    findings: tuple[tuple[str, str], ...]  # (id, severity)
    error: str | None
    #: The rule of each finding (a group such as domain-mismatch has several rules per id).
    rules: tuple[str, ...] = ()
    #: The estimate of the recommended technique: fits, GPU-hours and USD (high end; low end).
    fits: str | None = None
    gpu_hours: float | None = None
    usd_low: float | None = None
    usd_high: float | None = None
    #: The error is a bug in the tool, not a problem with the row.
    internal: bool = False


def _error_text(error: Mapping[str, Any]) -> str:
    """``source:line: field: message``, one line."""
    where = ":".join(str(p) for p in (error["source"], error["line"]) if p is not None)
    what = f"{error['field']}: {error['message']}" if error["field"] else error["message"]
    return f"{where}: {what}" if where else str(what)


def brief(record: Mapping[str, Any]) -> Brief:
    """The summary's view of an output record."""
    error = record.get("error")
    if error is not None:
        return Brief(record["row"], record.get("name"), None, None, None, (), _error_text(error),
                     internal=bool(error.get("internal")))  # fmt: skip
    model = record.get("model")
    findings = record["findings"]
    chosen = _chosen_estimate(record)
    hours = chosen.get("gpu_hours") if chosen else None
    usd = chosen.get("usd") if chosen else None
    return Brief(
        record["row"],
        record["name"],
        model.get("name") if isinstance(model, dict) else None,
        record["strategy"],
        record["technique"],
        tuple((f["id"], f["severity"]) for f in findings),
        None,
        tuple(f.get("rule", f["id"]) for f in findings),
        chosen.get("fits") if chosen else None,
        hours.get("high") if isinstance(hours, dict) else None,
        usd.get("low") if isinstance(usd, dict) else None,
        usd.get("high") if isinstance(usd, dict) else None,
    )


#: The estimate that goes with each technique (as the CSV output's ``estimate.*`` columns).
ESTIMATE_OF = {"few_shot": "in_context", "lora": "lora", "qlora": "qlora", "full": "full"}


def _chosen_estimate(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """The estimate of the recommended technique, if there is one."""
    estimates = record.get("estimates")
    key = ESTIMATE_OF.get(record.get("technique") or "")
    chosen = estimates.get(key) if isinstance(estimates, dict) and key else None
    return chosen if isinstance(chosen, dict) else None


@dataclass
class BatchSummary:
    """Counts over every output row (no timings: the same input gives the same summary)."""

    rows: int = 0
    errors: int = 0
    strategies: Counter[str] = field(default_factory=Counter)
    techniques: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    severities: dict[str, str] = field(default_factory=dict)  # finding id -> severity
    first_errors: list[tuple[int, str]] = field(default_factory=list)
    #: Rows whose error is a bug in the tool (counted in ``errors`` too).
    internal_errors: int = 0
    #: Rows raising each finding id (a row raising one id twice counts once).
    finding_rows: Counter[str] = field(default_factory=Counter)
    #: Totals of the recommended technique's estimates, over the rows that have one.
    costed: int = 0
    usd_low: float = 0.0
    usd_high: float = 0.0
    gpu_hours: float = 0.0

    def add(self, item: Brief) -> None:
        self.rows += 1
        if item.error is not None:
            self.errors += 1
            if item.internal:
                self.internal_errors += 1
            if len(self.first_errors) < 5:
                self.first_errors.append((item.row, item.error))
            return
        self.strategies[item.strategy or "none"] += 1
        self.techniques[item.technique or "none"] += 1
        for finding_id, severity in item.findings:
            self.findings[finding_id] += 1
            self.severities.setdefault(finding_id, severity)
        self.finding_rows.update({finding_id for finding_id, _ in item.findings})
        if item.usd_high is not None:
            self.costed += 1
            self.usd_low += item.usd_low or 0.0
            self.usd_high += item.usd_high
            self.gpu_hours += item.gpu_hours or 0.0

    @property
    def advised(self) -> int:
        return self.rows - self.errors

    def strategy_counts(self) -> list[tuple[str, int]]:
        return _ordered(self.strategies, STRATEGY_ORDER)

    def technique_counts(self) -> list[tuple[str, int]]:
        return _ordered(self.techniques, (*TECHNIQUE_ORDER, "none"))

    def top_findings(self, limit: int | None = 10) -> list[tuple[str, int]]:
        ranked = sorted(self.findings.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked if limit is None else ranked[:limit]

    def top_finding_rows(self, limit: int | None = 10) -> list[tuple[str, int]]:
        """The finding ids raised by the most rows, with how many rows raise each."""
        ranked = sorted(self.finding_rows.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked if limit is None else ranked[:limit]

    def to_dict(self) -> dict[str, Any]:
        counts: dict[str, Any] = {"rows": self.rows, "advised": self.advised,
                                  "errors": self.errors}  # fmt: skip
        if self.internal_errors:  # only then: a run without bugs reads as it always has
            counts["internal_errors"] = self.internal_errors
        return {
            **counts,
            "strategies": dict(self.strategy_counts()),
            "techniques": dict(self.technique_counts()),
            "findings": dict(self.top_findings(None)),
        }


def _ordered(counts: Counter[str], order: Sequence[str]) -> list[tuple[str, int]]:
    known = [(k, counts[k]) for k in order if counts.get(k)]
    rest = sorted((k, v) for k, v in counts.items() if k not in order and v)
    return known + rest
