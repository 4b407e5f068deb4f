"""The memory estimates against published, measured peak memory of fine-tuning runs.

Run: python benchmarks/calibration.py
Reads tests/data/calibration/calibration.yaml (each point's source, setup and which quantity was
measured), estimates each setup and prints, per point, the measured value, our low-high range
and midpoint, then the coverage (share of counted points inside the range) and the median
absolute error of the midpoint. A point measured as ``allocated``
(torch.cuda.max_memory_allocated) is compared with the tensors the estimate counts, without the
CUDA context and allocator overhead; a ``process`` point (nvidia-smi / NVML) with the full
estimate. tests/test_calibration.py holds the figures this prints, so a regression fails.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from transfer_advisor.advice.estimates import _catalog_shape
from transfer_advisor.catalog import default_catalog
from transfer_advisor.estimate.hfconfig import load_config
from transfer_advisor.estimate.memory import estimate
from transfer_advisor.estimate.results import TechniqueEstimate, TrainingSetup
from transfer_advisor.estimate.shape import ModelShape

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "calibration"
_UNIT_BYTES = {"GB": 1e9, "MiB": 2.0**20}
# Setup fields the estimator may take, from the point's keys (older estimators lack some).
_OPTIONAL = {
    "lora_targets": "lora_targets",
    "precision": "precision",
    "attention": "attention",
    "optimizer": "optimizer",
    "parallelism": "parallelism",
    "cpu_offload": "cpu_offload",
}


@dataclass(frozen=True)
class Result:
    """One point: what was measured and what we estimate (GB, the same quantity)."""

    id: str
    measured: float
    low: float
    high: float
    excluded: str | None
    gpus: int = 1

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2.0

    @property
    def inside(self) -> bool:
        return self.low <= self.measured <= self.high

    @property
    def error(self) -> float:
        """Signed relative error of the midpoint (positive: we estimate more)."""
        return self.mid / self.measured - 1.0


def load_points(path: Path = DATA / "calibration.yaml") -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        points: list[dict[str, Any]] = yaml.safe_load(f)["points"]
    return points


def _shape(point: dict[str, Any]) -> ModelShape:
    if "config" in point:
        return load_config(DATA / point["config"]).shape
    shape = _catalog_shape(default_catalog(), point["model"])
    if shape is None:
        raise ValueError(f"{point['id']}: catalog model {point['model']} has no config block")
    return shape


def _setup(point: dict[str, Any]) -> TrainingSetup:
    fields = {f.name for f in dataclasses.fields(TrainingSetup)}
    extra = {
        name: tuple(point[key]) if isinstance(point[key], list) else point[key]
        for key, name in _OPTIONAL.items()
        if key in point and name in fields
    }
    return TrainingSetup(
        examples=1,
        avg_tokens=point["sequence_length"],
        sequence_length=point["sequence_length"],
        micro_batch_size=point["micro_batch"],
        gradient_checkpointing=point["checkpointing"],
        lora_rank=point.get("lora_rank", 16),
        gpus=point["gpus"],
        **extra,
    )


def evaluate(point: dict[str, Any]) -> Result:
    result = estimate(_shape(point), _setup(point))
    technique: TechniqueEstimate = getattr(result, point["technique"])
    low, high = technique.memory_gb.low, technique.memory_gb.high
    if point["quantity"] == "allocated":
        overhead = next(t for t in technique.terms if t.name == "overhead")
        low, high = low - overhead.gb.low, high - overhead.gb.high
    measured = point["measured"]["value"] * _UNIT_BYTES[point["measured"]["unit"]] / 1e9
    return Result(point["id"], measured, low, high, point.get("excluded"), point["gpus"])


def summary(results: list[Result]) -> tuple[float, float]:
    """Coverage and median absolute midpoint error of the counted (not excluded) points."""
    counted = [r for r in results if r.excluded is None]
    coverage = sum(r.inside for r in counted) / len(counted)
    return coverage, statistics.median(abs(r.error) for r in counted)


def multi_gpu_errors(results: list[Result]) -> list[float]:
    """Absolute midpoint errors of the counted points spread over several GPUs."""
    return [abs(r.error) for r in results if r.excluded is None and r.gpus > 1]


def main() -> int:
    results = [evaluate(p) for p in load_points()]
    print(f"{'point':34} {'measured':>8} {'low':>7} {'high':>7} {'mid':>7} {'error':>7}  in")
    for r in results:
        mark = "yes" if r.inside else "no"
        if r.excluded:
            mark += " (not counted)"
        print(
            f"{r.id:34} {r.measured:8.2f} {r.low:7.2f} {r.high:7.2f} {r.mid:7.2f} "
            f"{r.error:+7.1%}  {mark}"
        )
    coverage, error = summary(results)
    counted = sum(r.excluded is None for r in results)
    print(
        f"\n{counted} counted points of {len(results)}: range holds {coverage:.1%}, "
        f"midpoint median absolute error {error:.1%}"
    )
    multi = multi_gpu_errors(results)
    if multi:
        print(f"{len(multi)} counted multi-GPU points: largest absolute error {max(multi):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
