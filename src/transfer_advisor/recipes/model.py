"""What a recipe is: the trainer's configuration, the command to run it, the data format it
expects, the estimate of this very setup, and every value that was assumed rather than known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from transfer_advisor.errors import TransferAdvisorError
from transfer_advisor.estimate.results import upper_bound
from transfer_advisor.recipes.fit import Fit

__all__ = ["TARGETS", "Hyperparameters", "Precision", "Recipe", "RecipeError", "Target"]

Target = Literal["axolotl", "llama-factory", "trl", "transformers"]
#: The trainers a recipe can be written for, in the order --help lists them.
TARGETS: tuple[Target, ...] = ("axolotl", "llama-factory", "trl", "transformers")
#: What the config trains in: bf16 or fp16 mixed precision, or neither (fp32).
Precision = Literal["bf16", "fp16", "fp32"]


class RecipeError(TransferAdvisorError):
    """No recipe can be written for this advice and trainer (the message says why, and what to
    do instead)."""


@dataclass(frozen=True, slots=True)
class Hyperparameters:
    """The trainer-independent settings of a fine-tuning run."""

    model: str  # the checkpoint to train
    family: str | None  # the model's architecture family (model_type), if known
    architecture: str  # decoder | encoder | encoder-decoder
    modality: str  # the data's modality
    task: str  # the manifest's task type
    head: str  # causal-lm | sequence-classification | ... (see build._head)
    technique: str  # full | lora | qlora
    lora_rank: int
    lora_alpha: int
    lora_dropout: float
    target_modules: tuple[str, ...] | None  # None: every linear layer (the trainer's switch)
    learning_rate: float
    epochs: float
    scheduler: str
    warmup_ratio: float
    weight_decay: float
    optimizer: str
    max_grad_norm: float
    sequence_length: int
    evaluation_fraction: float
    evaluation_examples: int
    precision: Precision
    pure_bf16: bool  # bf16-true: the weights themselves in bf16, no fp32 master copy
    gpus: int
    #: How the GPUs share the run: ddp | zero2 | zero3 | fsdp (None: one GPU, nothing shared).
    parallelism: str | None
    cpu_offload: bool  # optimizer states (and, fully sharded, the weights) held on the CPU
    fit: Fit


@dataclass(frozen=True, slots=True)
class Recipe:
    """A training recipe (or, for in-context advice, an evaluation plan).

    ``kind`` is ``train`` (``config`` is the trainer's configuration), ``evaluation_plan``
    (``plan``: nothing is trained) or ``hosted`` (the provider trains: ``plan`` names its
    tuning service and training-file format).
    """

    name: str
    target: Target
    kind: Literal["train", "evaluation_plan", "hosted"]
    strategy: str
    technique: str | None
    model: str
    config: dict[str, Any] = field(default_factory=dict)
    config_name: str = "recipe.yaml"
    command: str | None = None
    dataset_format: dict[str, Any] | None = None
    hyperparameters: Hyperparameters | None = None
    plan: dict[str, Any] | None = None
    assumed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)

    def estimate_dict(self) -> dict[str, Any] | None:
        """The estimate of this setup as JSON-ready data (GB to 0.1, hours and USD to 0.01)."""
        if self.hyperparameters is None:
            return None
        fit = self.hyperparameters.fit

        def pair(value: tuple[float, float] | None, digits: int) -> dict[str, float] | None:
            if value is None:
                return None
            return {
                "low": round(value[0], digits) + 0.0,
                "high": upper_bound(value[1], digits) + 0.0,
            }

        return {
            "technique": fit.technique,
            "memory_gb_per_gpu": pair(fit.memory_gb, 1),
            "gpu_memory_gb": fit.gpu_memory_gb,
            "fits": fit.fits,
            "gpu_hours": pair(fit.gpu_hours, 2),
            "wall_clock_hours": pair(fit.wall_clock_hours, 2),
            "usd": pair(fit.usd, 2),
            "priced_on": fit.cost_gpu,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, keys in a fixed order (``recipe --format json``)."""
        h = self.hyperparameters
        return {
            "schema_version": 1,
            "name": self.name,
            "target": self.target,
            "kind": self.kind,
            "strategy": self.strategy,
            "technique": self.technique,
            "model": self.model,
            "fitted": None if h is None else {
                "micro_batch_size": h.fit.micro_batch_size,
                "gradient_accumulation_steps": h.fit.gradient_accumulation_steps,
                "effective_batch_size": h.fit.effective_batch_size,
                "gradient_checkpointing": h.fit.gradient_checkpointing,
                "precision": h.precision,
                "sequence_length": h.sequence_length,
                "gpus": h.gpus,
                "parallelism": h.parallelism,
                "cpu_offload": h.cpu_offload,
            },
            "estimate": self.estimate_dict(),
            "config_name": self.config_name if self.kind == "train" else None,
            "config": self.config if self.kind == "train" else None,
            "command": self.command,
            "dataset_format": self.dataset_format,
            "plan": self.plan,
            "assumed": list(self.assumed),
            "notes": list(self.notes),
            "sources": dict(self.sources),
        }  # fmt: skip
