"""What the advisor answers: the recommendation, its findings and its trace (a public contract).

Plain frozen dataclasses: built once per manifest in the hot path of batch runs, so they carry
no validation cost. Their JSON Schema (``transfer-advisor schema output``) is generated from
these same classes with pydantic's ``TypeAdapter``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from transfer_advisor.vocabulary import SEVERITY_RANK, Severity, StrategyName, TechniqueName

OUTPUT_SCHEMA_VERSION = 1

__all__ = [
    "SEVERITY_RANK",
    "Alternative",
    "Finding",
    "Recommendation",
    "Severity",
    "Span",
    "TechniqueFigures",
    "TraceEntry",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A low-high range of an estimate (GB, GPU-hours or US dollars)."""

    low: float
    high: float

    @staticmethod
    def of(value: Any) -> Span | None:
        return None if value is None else Span(float(value["low"]), float(value["high"]))


@dataclass(frozen=True, slots=True)
class TechniqueFigures:
    """One technique's estimate, typed (the JSON output's ``estimates.<technique>``)."""

    memory_gb: Span
    tensors_gb: Span | None
    fits: Literal["yes", "tight", "no"] | None
    margin_gb: float | None
    gpu_hours: Span | None
    usd: Span | None
    trainable_parameters: int
    #: What CPU offload holds in the machine's CPU memory (all GPUs together); None without.
    host_memory_gb: Span | None = None

    @staticmethod
    def from_dict(item: dict[str, Any]) -> TechniqueFigures:
        memory = Span.of(item["memory_gb"])
        assert memory is not None  # every technique estimate has its memory
        return TechniqueFigures(
            memory_gb=memory,
            tensors_gb=Span.of(item.get("tensors_gb")),
            fits=item.get("fits"),
            margin_gb=item.get("margin_gb"),
            gpu_hours=Span.of(item.get("gpu_hours")),
            usd=Span.of(item.get("usd")),
            trainable_parameters=int(item.get("trainable_parameters") or 0),
            host_memory_gb=Span.of(item.get("host_memory_gb")),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem or caveat: a stable ``id``, the ``rule`` that raised it, and the manifest
    ``field`` it is about (used to locate it in the file)."""

    id: str
    severity: Severity
    message: str
    rule: str
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "message": self.message,
                "rule": self.rule, "field": self.field}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Alternative:
    """A strategy that was not chosen, and why not."""

    strategy: str
    why_not: str

    def to_dict(self) -> dict[str, Any]:
        return {"strategy": self.strategy, "why_not": self.why_not}


@dataclass(frozen=True, slots=True)
class ResolvedModel:
    """The model facts the advice used, and where they came from."""

    name: str
    parameters: int | None
    architecture: str | None
    instruction_tuned: bool | None
    context_window: int | None
    source: Literal["manifest", "catalog", "config", "assumed"]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "parameters": self.parameters,
                "architecture": self.architecture, "instruction_tuned": self.instruction_tuned,
                "context_window": self.context_window, "source": self.source}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One rule evaluation: whether it fired and the facts it read."""

    rule: str
    kind: Literal["fact", "strategy", "technique", "finding"]
    fired: bool
    facts: dict[str, Any]
    result: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "fired": self.fired,
                "facts": self.facts, "result": self.result}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The advice for one manifest. ``to_dict`` gives the JSON contract."""

    name: str
    strategy: StrategyName
    technique: TechniqueName | None
    rationale: list[str]
    findings: list[Finding]
    alternatives: list[Alternative]
    next_steps: list[str]
    model: ResolvedModel
    estimates: dict[str, Any] | None = None
    trace: list[TraceEntry] | None = None
    what_if: dict[str, Any] | None = None
    schema_version: int = field(default=OUTPUT_SCHEMA_VERSION)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict, keys in contract order; optional parts only when present."""
        out: dict[str, Any] = {
            "schema_version": self.schema_version,
            "name": self.name,
            "strategy": self.strategy,
            "technique": self.technique,
            "rationale": list(self.rationale),
            "findings": [f.to_dict() for f in self.findings],
            "alternatives": [a.to_dict() for a in self.alternatives],
            "next_steps": list(self.next_steps),
            "model": self.model.to_dict(),
        }
        if self.estimates is not None:
            out["estimates"] = self.estimates
        if self.what_if is not None:
            out["what_if"] = self.what_if
        if self.trace is not None:
            out["trace"] = [t.to_dict() for t in self.trace]
        return out

    def worst_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return min((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)

    def estimate_figures(self) -> dict[str, TechniqueFigures]:
        """The estimates as typed records, by technique (``full``, ``lora``, ``qlora``,
        ``in_context``); empty when nothing could be estimated (no parameter count, or a
        hosted model)."""
        out: dict[str, TechniqueFigures] = {}
        for technique, item in (self.estimates or {}).items():
            if isinstance(item, dict) and "memory_gb" in item:
                out[technique] = TechniqueFigures.from_dict(item)
        return out

    def _repr_html_(self) -> str:
        """The recommendation as HTML, for Jupyter and other notebooks (rendered by render/)."""
        from transfer_advisor.render.html import to_html

        return to_html(self)
