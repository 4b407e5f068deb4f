"""FitCheck (the peer tool, PyPI ``fitcheck-llm``) on the calibration points, beside ours.

Run in a throwaway virtual environment that has fitcheck-llm installed (it is not a dependency
of this project), from the repository root, offline:

    python -m venv /tmp/venv-fitcheck && /tmp/venv-fitcheck/bin/pip install fitcheck-llm pyyaml
    PYTHONPATH=src /tmp/venv-fitcheck/bin/python benchmarks/fitcheck_compare.py

FitCheck reads a model's config.json from the Hugging Face cache; this script lays the points'
config.json files (tests/data/configs, tests/data/calibration) out as a cache under a temporary
folder and sets HF_HUB_OFFLINE, so nothing is downloaded. FitCheck's total is compared with
``process`` points as it is, and with its overhead term taken off for ``allocated`` ones (the
same treatment as ours). Points it cannot take (no config.json here, several GPUs, which it
does not model) are listed as not covered. Prints per point both midpoints' errors, then each
tool's median absolute error on the points both cover.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
CONFIGS = {
    "google/gemma-2b": "tests/data/configs/gemma-2b.json",
    "google/gemma-7b": "tests/data/configs/gemma-7b.json",
    "meta-llama/Llama-2-7b-hf": "tests/data/configs/llama-2-7b-hf.json",
    "meta-llama/Meta-Llama-3-8B": "tests/data/configs/meta-llama-3-8b.json",
    "mistralai/Mistral-7B-v0.1": "tests/data/configs/mistral-7b-v0.1.json",
    "microsoft/phi-2": "tests/data/configs/phi-2.json",
    "google-bert/bert-large-uncased": "tests/data/configs/bert-large-uncased.json",
    "tinyllama-1.1b.json": "tests/data/calibration/tinyllama-1.1b.json",
    "phi-1_5.json": "tests/data/calibration/phi-1_5.json",
}
_TARGETS = {"q": ["q_proj"], "k": ["k_proj"], "v": ["v_proj"], "o": ["o_proj"],
            "mlp": ["gate_proj", "up_proj", "down_proj"]}  # fmt: skip


def _cache(folder: Path) -> None:
    """A Hugging Face hub cache holding each config.json, as hf_hub_download lays it out."""
    for model, path in CONFIGS.items():
        repo = folder / ("models--" + model.replace("/", "--").replace(".json", ""))
        snapshot = repo / "snapshots" / ("0" * 40)
        snapshot.mkdir(parents=True)
        shutil.copy(ROOT / path, snapshot / "config.json")
        (repo / "refs").mkdir()
        (repo / "refs" / "main").write_text("0" * 40)


def _fitcheck(point: dict[str, Any]) -> float | None:
    """FitCheck's estimate of the point's quantity, GB; None where it does not cover it."""
    import fitcheck

    model = point.get("model") or point["config"]
    if model not in CONFIGS or point["gpus"] > 1:
        return None
    config = fitcheck.fetch_model_config(model.replace(".json", ""))
    precision = point["precision"]
    targets = [
        m for t in point.get("lora_targets", ["q", "k", "v", "o", "mlp"]) for m in _TARGETS[t]
    ]
    # Unset: torch AdamW (states in the parameters' dtype), or for QLoRA the paged 32-bit one.
    optimizer = point.get("optimizer") or (
        "paged_adamw_32bit" if point["technique"] == "qlora" else "adamw"
    )
    training = fitcheck.TrainingConfig(
        precision={"fp32": "fp32", "fp16-mixed": "fp16"}.get(precision, "bf16"),
        quantization="nf4" if point["technique"] == "qlora" else "none",
        optimizer="adamw8bit" if optimizer.endswith("8bit") else "adamw",  # paging: not modelled
        optimizer_dtype="bf16" if precision == "bf16-true" and optimizer == "adamw" else "fp32",
        batch_size=point["micro_batch"],
        seq_len=point["sequence_length"],
        lora_rank=None if point["technique"] == "full" else point.get("lora_rank", 16),
        lora_targets=targets,
        grad_checkpoint=point["checkpointing"],
        flash_attn=point["attention"] == "sdpa",
    )
    report = fitcheck.estimate(config, training, fitcheck.get_gpu(vram_mib=200_000))
    total = report.total_mib
    if point["quantity"] == "allocated":
        total -= report.overhead_mib
    return total * 2**20 / 1e9


def main() -> int:
    import calibration

    folder = Path(tempfile.mkdtemp())
    try:
        _cache(folder)
        os.environ["HF_HUB_CACHE"] = str(folder)
        os.environ["HF_HUB_OFFLINE"] = "1"
        ours_err, theirs_err, closer = [], [], 0
        print(f"{'point':34} {'measured':>8} {'ours':>7} {'FitCheck':>8}")
        for point in calibration.load_points():
            if point.get("excluded"):
                continue
            ours = calibration.evaluate(point)
            try:
                theirs = _fitcheck(point)
            except Exception as exc:  # a point FitCheck refuses: say why, go on
                print(f"{point['id']:34} FitCheck refused: {exc}")
                continue
            if theirs is None:
                print(f"{point['id']:34} {ours.measured:8.2f} {ours.error:+7.1%}  not covered")
                continue
            theirs_error = theirs / ours.measured - 1.0
            ours_err.append(abs(ours.error))
            theirs_err.append(abs(theirs_error))
            closer += abs(ours.error) < abs(theirs_error)
            print(f"{point['id']:34} {ours.measured:8.2f} {ours.error:+7.1%} {theirs_error:+8.1%}")
        print(
            f"\n{len(ours_err)} points both cover: median absolute error ours "
            f"{statistics.median(ours_err):.1%}, FitCheck {statistics.median(theirs_err):.1%}; "
            f"ours closer on {closer}"
        )
    finally:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
