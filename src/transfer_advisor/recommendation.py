"""What the advisor answers: the recommendation, its findings and its trace (a public contract)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

OUTPUT_SCHEMA_VERSION = 1

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Out):
    """A problem or caveat: a stable ``id``, the ``rule`` that raised it, and the manifest
    ``field`` it is about (used to locate it in the file)."""

    id: str
    severity: Severity
    message: str
    rule: str
    field: str | None = None


class Alternative(_Out):
    strategy: str
    why_not: str


class ResolvedModel(_Out):
    """The model facts the advice used, and where they came from."""

    name: str
    parameters: int | None
    architecture: str | None
    instruction_tuned: bool | None
    context_window: int | None
    source: Literal["manifest", "catalog", "config", "assumed"]


class TraceEntry(_Out):
    """One rule evaluation: whether it fired and the facts it read."""

    rule: str
    kind: Literal["fact", "strategy", "technique", "finding"]
    fired: bool
    facts: dict[str, Any]
    result: Any = None


class Recommendation(_Out):
    """The advice for one manifest. ``to_dict`` gives the JSON contract."""

    schema_version: int = OUTPUT_SCHEMA_VERSION
    name: str
    strategy: Literal["in_context", "peft", "full_fine_tune", "change_base_model"]
    technique: Literal["few_shot", "lora", "qlora", "adapters", "full"] | None
    rationale: list[str]
    findings: list[Finding]
    alternatives: list[Alternative]
    next_steps: list[str]
    model: ResolvedModel
    estimates: dict[str, Any] | None = None
    trace: list[TraceEntry] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict, keys in contract order; optional parts only when present."""
        out = self.model_dump(mode="json", exclude={"trace", "estimates"})
        if self.estimates is not None:
            out["estimates"] = self.estimates
        if self.trace is not None:
            out["trace"] = [t.model_dump(mode="json") for t in self.trace]
        return out

    def worst_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return min((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)
