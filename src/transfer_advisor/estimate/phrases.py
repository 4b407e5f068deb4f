"""The explanation text of the memory terms: the fragments that depend only on the constants
(built once per :class:`~transfer_advisor.estimate.constants.EstimateConstants`) and the number
formats (6.74B, 16–20, 2 GPUs) the per-model texts are put together with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfer_advisor._internal.records import Record
from transfer_advisor.estimate.results import _BITS_PER_BYTE, Range

if TYPE_CHECKING:
    from transfer_advisor.estimate.constants import EstimateConstants


def _count(n: float) -> str:
    """6.74B, 41.9M, 12.3K, 512; a count that rounds up to the next unit is shown in it
    (999,885,952: 1B, not 1e+03M)."""
    n = float(f"{n:.3g}")
    for divisor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if n >= divisor:
            return f"{n / divisor:.3g}{suffix}"
    return f"{n:.0f}"


def _span(r: Range, fmt: str = "g") -> str:
    if r.low == r.high:
        return format(r.low, fmt)
    return f"{format(r.low, fmt)}–{format(r.high, fmt)}"


def _gpus(g: int) -> str:
    return f"{g} GPU" if g == 1 else f"{g} GPUs"


def precision_words(
    precision: str, c: EstimateConstants, master_apart: bool = False
) -> tuple[str, str, str]:
    """How full fine-tuning holds its weights and gradients, and what a frozen base is
    stored in, under ``precision`` (bf16-mixed, fp16-mixed, bf16-true, fp32); with
    ``master_apart``, the fp32 master copy is held apart, with the optimizer state."""
    if precision == "bf16-true":
        return "bf16 weights, no fp32 master copy (bf16-true)", "bf16 gradients", "bf16"
    if precision == "fp32":
        return "fp32 weights (fp32 training)", "fp32 gradients", "fp32"
    half = precision.split("-")[0]
    if master_apart:
        return f"{half} working copy", f"{half} to fp32 gradients", "16-bit"
    return f"{half} working copy + fp32 master copy", f"{half} to fp32 gradients", "16-bit"


class _Phrases(Record):
    """Explanation fragments that depend only on the constants (built once per constants)."""

    __slots__ = (
        "qlora_base",
        "qlora_constants",
        "qlora_untied_head",
        "qlora_tied_head",
        "logits",
        "without_checkpointing",
        "checkpointing",
        "recomputed",
        "gathered",
        "root_unit",
        "overhead",
        "inference_weights",
        "kv_bytes",
        "inference_activations",
    )

    qlora_base: str
    qlora_constants: str  # + input embedding parameter count
    qlora_untied_head: str  # + embeddings and lm_head parameter count
    qlora_tied_head: str
    logits: str
    without_checkpointing: tuple[str, str, str]  # + hidden
    checkpointing: str  # + hidden
    recomputed: tuple[str, str, str]
    gathered: str
    root_unit: str  # + count + " parameters) whole ..."
    overhead: str
    inference_weights: str
    kv_bytes: str
    inference_activations: str

    def __init__(
        self,
        qlora_base: str,
        qlora_constants: str,
        qlora_untied_head: str,
        qlora_tied_head: str,
        logits: str,
        without_checkpointing: tuple[str, str, str],
        checkpointing: str,
        recomputed: tuple[str, str, str],
        gathered: str,
        root_unit: str,
        overhead: str,
        inference_weights: str,
        kv_bytes: str,
        inference_activations: str,
    ) -> None:
        self.qlora_base = qlora_base
        self.qlora_constants = qlora_constants
        self.qlora_untied_head = qlora_untied_head
        self.qlora_tied_head = qlora_tied_head
        self.logits = logits
        self.without_checkpointing = without_checkpointing
        self.checkpointing = checkpointing
        self.recomputed = recomputed
        self.gathered = gathered
        self.root_unit = root_unit
        self.overhead = overhead
        self.inference_weights = inference_weights
        self.kv_bytes = kv_bytes
        self.inference_activations = inference_activations

    @staticmethod
    def build(c: EstimateConstants) -> _Phrases:
        qc = c.qlora_constant_bits
        layer_bytes = (c.layer_bytes_full, c.layer_bytes_lora, c.layer_bytes_qlora)
        without = tuple(
            f"no gradient checkpointing: {_span(r)} bytes × hidden " for r in layer_bytes
        )
        recomputed = tuple(
            f" per token kept at layer boundaries, plus one layer recomputed ({_span(r)} bytes × "
            "hidden per token) and "
            for r in layer_bytes
        )
        return _Phrases(
            qlora_base=f"4-bit NF4 base: {c.qlora_base_bits / _BITS_PER_BYTE:g} bytes × ",
            qlora_constants=(
                f" parameters plus quantization constants of {qc.low:g} (double quantization) to "
                f"{qc.high:g} (without) bits per parameter; the input embeddings stay 16-bit "
                "(bitsandbytes quantizes linear layers only: "
            ),
            qlora_untied_head=" parameters), and the high end keeps lm_head 16-bit too (",
            qlora_tied_head=" parameters, tied to lm_head)",
            logits=f"logits ({_span(c.logits_bytes)} bytes × vocabulary ",
            without_checkpointing=(without[0], without[1], without[2]),
            checkpointing=f"gradient checkpointing: {c.checkpoint_bytes:g} bytes × hidden ",
            recomputed=(recomputed[0], recomputed[1], recomputed[2]),
            gathered=(
                f"ZeRO-3/FSDP gathers {_span(c.gathered_layers)} layer(s) of full weights at "
                f"{c.gathered_bytes:g} bytes × "
            ),
            root_unit=(
                "; FSDP keeps its root unit (input embeddings and lm_head, "
                f"{c.gathered_bytes:g} bytes × "
            ),
            overhead=(
                f"CUDA context {_span(c.cuda_context_gb)} GB plus allocator fragmentation "
                f"{_span(c.fragmentation, '.0%')} of the other terms; per GPU"
            ),
            inference_weights=(
                f"16-bit weights for inference: {c.inference_weight_bytes:g} bytes × "
            ),
            kv_bytes=f" × {c.kv_bytes:g} bytes, split by heads over ",
            inference_activations=(
                "prefill working memory and logits: "
                f"{_span(c.inference_working_fraction, '.0%')} of the weights; per GPU"
            ),
        )
