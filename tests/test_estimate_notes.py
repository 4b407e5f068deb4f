"""What the estimates table says about its GPUs, its time and its cost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_main

ROOT = Path(__file__).resolve().parents[1]
LEGAL = str(ROOT / "examples" / "legal-clause-classifier.yaml")
LARGE = str(ROOT / "examples" / "large-scale-full-fine-tune.yaml")


@pytest.mark.parametrize("gpu", ["A100", "a100", "a100-80gb", "A100-80GB"])
def test_a_gpu_alias_or_lowercase_is_the_gpu_of_the_manifest(
    gpu: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["estimate", LEGAL, "--gpu", gpu], capsys)
    assert code == 0
    assert "no GPU in the manifest" not in out
    code, out, _ = run_main(["estimate", LEGAL, "--gpu", gpu, "--format", "json"], capsys)
    data = json.loads(out)
    assert (data["gpu"], data["cost_gpu"]) == ("A100-80GB", "A100-80GB")


# The names nvidia-smi prints (NVIDIA's product names, with its brand words and memory kind).
NVIDIA_SMI = [
    ("Tesla T4", "T4"),
    ("Tesla V100-SXM2-32GB", "V100-32GB"),
    ("Tesla V100-PCIE-16GB", "V100-16GB"),
    ("Tesla V100-DGXS-32GB", "V100-32GB"),
    ("NVIDIA A100-SXM4-40GB", "A100-40GB"),
    ("NVIDIA A100 80GB PCIe", "A100-80GB"),
    ("NVIDIA H100 80GB HBM3", "H100-80GB"),
    ("NVIDIA H100 PCIe", "H100-PCIe-80GB"),
    ("NVIDIA GeForce RTX 4090", "RTX-4090"),
    ("NVIDIA RTX A6000", "RTX-A6000"),
]


@pytest.mark.parametrize(("gpu", "entry"), NVIDIA_SMI)
def test_a_gpu_named_as_nvidia_smi_prints_it_is_that_gpu(
    gpu: str, entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["estimate", LEGAL, "--gpu", gpu, "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["cost_gpu"] == entry


def test_a_gpu_the_catalog_lacks_is_still_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    # H100 NVL (94 GB) is neither the SXM nor the PCIe card: no guess from its shared words.
    code, _, err = run_main(["estimate", LEGAL, "--gpu", "NVIDIA H100 NVL"], capsys)
    assert code == 2
    assert "unknown GPU 'NVIDIA H100 NVL'" in err


def test_no_two_catalog_gpus_share_a_name_by_its_words() -> None:
    from transfer_advisor.catalog import _gpu_words, default_catalog

    owners: dict[frozenset[str], str] = {}
    for gpu in default_catalog().gpus:
        for name in (gpu.name, *gpu.aliases):
            assert owners.setdefault(_gpu_words(name), gpu.name) == gpu.name, name


def test_a_short_gpu_name_in_a_shipped_example_is_resolved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in (["estimate", LARGE], ["advise", LARGE]):
        code, out, _ = run_main(command, capsys)
        assert code == 0
        assert "no GPU in the manifest" not in out


def test_without_a_gpu_the_note_names_the_assumed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: x\ndata: {labeled_examples: 500}\nmodel: {name: gpt2}\n", "utf-8")
    code, out, _ = run_main(["estimate", str(path)], capsys)
    assert code == 0
    assert "time and cost on A100-80GB GPUs (no GPU in the manifest)" in out


def test_wall_clock_time_is_the_gpu_hours_spread_over_the_gpus(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run_main(["estimate", LARGE, "--format", "json"], capsys)
    hours = json.loads(out)["full"]["gpu_hours"]
    gpus = json.loads(out)["gpus"]
    assert code == 0 and gpus == 8
    code2, out, _ = run_main(["estimate", LARGE], capsys)
    row = next(line for line in out.splitlines() if line.startswith("Full fine-tuning"))
    assert code2 == 0
    assert "Wall-clock (8 GPUs)" in out
    expected = f"{hours['low'] / gpus:,.1f}–{hours['high'] / gpus:,.1f} h"
    assert expected in row
    assert "wall-clock = GPU-hours / 8 GPUs, assuming perfect scaling" in out
    _code, out, _ = run_main(["advise", LARGE, "--format", "markdown"], capsys)
    assert "| wall-clock (8 gpus) |" in out
    assert expected in out


def test_a_short_run_is_told_in_minutes_not_as_zero_hours(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _code, out, _ = run_main(["estimate", LEGAL, "--gpu", "A100"], capsys)
    row = next(line for line in out.splitlines() if line.startswith("Full fine-tuning"))
    assert " min" in row
    assert " 0.0 " not in row


ZERO = "name: z\ntask: {type: classification}\ndata: {labeled_examples: 0}\nmodel: {name: llama-3-8b}\n"


@pytest.mark.parametrize("command", ["estimate", "advise"])
def test_nothing_is_trained_without_examples_so_no_zero_costs(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(ZERO, encoding="utf-8")
    args = [command, str(path)] + (["--what-if", "--explain"] if command == "advise" else [])
    code, out, _ = run_main(args, capsys)
    assert code == 0
    assert "$0" not in out and "0.00" not in out
    assert "about $0" not in out
    if command == "estimate":
        row = next(line for line in out.splitlines() if line.startswith("Full fine-tuning"))
        assert row.split()[-3:] == ["–", "–", "–"]
        assert "no labeled examples, so nothing is trained" in out


def test_a_hosted_model_is_not_said_to_lack_a_parameter_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(
        ["estimate", "--model", "openai/gpt-4o", "--parameters", "200B", "--examples", "1000"],
        capsys,
    )
    assert code == 2
    assert "openai/gpt-4o is hosted: its provider trains and serves it" in err
    assert "parameter count is unknown" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_gpu_not_in_the_catalog_with_its_memory_is_estimated_and_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "name: x\ndata: {labeled_examples: 500}\nmodel: {name: gpt2}\n"
        "budget: {gpu: RTX 4060 Laptop, gpu_memory_gb: 8}\n",
        "utf-8",
    )
    code, out, _ = run_main(["estimate", str(path)], capsys)
    assert code == 0
    assert "time and cost on A100-80GB GPUs (RTX 4060 Laptop is not in the GPU catalog)" in out
    path.write_text(
        "name: x\ndata: {labeled_examples: 500}\nmodel: {name: gpt2}\nbudget: {gpu: RTX 4060}\n",
        "utf-8",
    )
    code, _, err = run_main(["estimate", str(path)], capsys)
    assert code == 2
    assert "unknown GPU 'RTX 4060'" in err and "give its memory in budget.gpu_memory_gb" in err
