"""The memory estimates against published, measured peak memory (the calibration suite).

tests/data/calibration/calibration.yaml holds the points, each with its source, setup and
which quantity was measured; benchmarks/calibration.py prints them against the estimates. The
bounds below are what the model reaches now, slightly loosened, so a regression fails.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(_ROOT / "benchmarks"))

# Measured with benchmarks/calibration.py: 24 of 28 counted points inside the range (85.7%),
# midpoint median absolute error 6.2%; loosened to one point fewer and 7%. (Before the memory
# model followed the architecture: 64.3% and 14.4%.)
_MIN_COVERAGE = 0.82
_MAX_MEDIAN_ERROR = 0.07


@pytest.fixture(scope="module")
def report() -> ModuleType:
    import calibration

    return calibration


def test_every_point_names_its_source_setup_and_quantity(report: ModuleType) -> None:
    points = report.load_points()
    assert len([p for p in points if "excluded" not in p]) >= 25
    ids = [p["id"] for p in points]
    assert len(ids) == len(set(ids))
    for p in points:
        assert p["source"].startswith("https://"), p["id"]
        assert p["verified"], p["id"]
        assert p["quantity"] in ("allocated", "process"), p["id"]
        assert p["technique"] in ("full", "lora", "qlora"), p["id"]
        assert ("model" in p) != ("config" in p), p["id"]
        assert p["measured"]["unit"] in ("GB", "MiB"), p["id"]


def test_coverage_and_median_error_hold(report: ModuleType) -> None:
    results = [report.evaluate(p) for p in report.load_points()]
    coverage, error = report.summary(results)
    assert coverage >= _MIN_COVERAGE, f"range holds {coverage:.1%} of the measured points"
    assert error <= _MAX_MEDIAN_ERROR, f"midpoint median absolute error {error:.1%}"


def test_a_point_outside_the_range_is_counted_as_such(report: ModuleType) -> None:
    inside = report.Result("a", 10.0, 9.0, 11.0, None)
    outside = report.Result("b", 20.0, 9.0, 11.0, None)
    ignored = report.Result("c", 99.0, 9.0, 11.0, "not a training peak")
    coverage, error = report.summary([inside, outside, ignored])
    assert coverage == 0.5
    assert error == pytest.approx((0.0 + 0.5) / 2)


def test_manifest_memory_choices_reach_the_estimate() -> None:
    from transfer_advisor import manifest_from_mapping
    from transfer_advisor.advice.estimates import estimate_manifest

    def lora(**training: object) -> tuple[int, float]:
        m = manifest_from_mapping(
            {
                "name": "t",
                "data": {"labeled_examples": 1000, "avg_tokens_per_example": 512},
                "model": {"name": "meta-llama/Llama-2-7b-hf"},
                "training": training,
            }
        )
        estimates = estimate_manifest(m)[0]
        assert estimates is not None
        result = estimates.lora
        return result.trainable_parameters, result.memory_gb.high

    default = lora()
    assert lora(lora_targets="qv")[0] < lora(lora_targets="attention")[0] < default[0]
    assert lora(lora_targets=["v", "q"])[0] == lora(lora_targets="qv")[0]
    assert lora(precision="fp32")[1] > default[1]
    assert lora(attention="eager")[1] > default[1]
