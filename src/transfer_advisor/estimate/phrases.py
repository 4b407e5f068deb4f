"""The explanation text of the memory terms: the fragments that depend only on the constants
(built once per :class:`~transfer_advisor.estimate.constants.EstimateConstants`) and the number
formats (6.74B, 16–20, 2 GPUs) the per-model texts are put together with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from transfer_advisor.estimate.results import _BITS_PER_BYTE, Range

if TYPE_CHECKING:
    from transfer_advisor.estimate.constants import EstimateConstants


def _count(n: float) -> str:
    """6.74B, 41.9M, 12.3K, 512."""
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


@dataclass(slots=True)
class _Phrases:
    """Explanation fragments that depend only on the constants (built once per constants)."""

    full_weights: str
    full_gradients: str
    full_optimizer: str
    lora_base: str
    lora_adapters: str
    adapter_gradients: str
    lora_optimizer: str
    qlora_base: str
    qlora_constants: str  # + embedding parameter count
    qlora_adapters: str
    qlora_optimizer: str
    qlora_resident: str
    logits: str
    without_checkpointing: tuple[str, str, str]  # + hidden
    checkpointing: str  # + hidden
    recomputed: tuple[str, str, str]
    gathered: str
    overhead: str
    inference_weights: str
    kv_bytes: str
    inference_activations: str

    @staticmethod
    def build(c: EstimateConstants) -> _Phrases:
        qc = c.qlora_constant_bits
        aw = _span(c.lora_adapter_weight_bytes)
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
            full_weights=(
                f"bf16 working copy + fp32 master copy: {_span(c.full_weight_bytes)} bytes × "
            ),
            full_gradients=f"bf16 to fp32 gradients: {_span(c.full_gradient_bytes)} bytes × ",
            full_optimizer=f"AdamW m and v in fp32: {_span(c.full_optimizer_bytes)} bytes × ",
            lora_base=f"frozen 16-bit base: {_span(c.lora_base_bytes)} bytes × ",
            lora_adapters=f" parameters, plus LoRA adapters at {aw} bytes: ",
            adapter_gradients=(
                "adapter gradients only (the base is frozen): "
                f"{_span(c.lora_adapter_gradient_bytes)} bytes × "
            ),
            lora_optimizer=(
                "AdamW m and v in fp32 for the adapter only: "
                f"{_span(c.lora_adapter_optimizer_bytes)} bytes × "
            ),
            qlora_base=f"4-bit NF4 base: {c.qlora_base_bits / _BITS_PER_BYTE:g} bytes × ",
            qlora_constants=(
                f" parameters plus quantization constants of {qc.low:g} (double quantization) to "
                f"{qc.high:g} (without) bits per parameter; the high end keeps embeddings and "
                "lm_head ("
            ),
            qlora_adapters=f" parameters) in 16-bit; plus LoRA adapters at {aw} bytes: ",
            qlora_optimizer=(
                "paged AdamW, m and v in fp32 for the adapter: "
                f"{_span(c.lora_adapter_optimizer_bytes)} bytes × "
            ),
            qlora_resident=(
                f" trainable parameters, {_span(c.qlora_optimizer_resident, '.0%')} resident on "
                "the GPU (paged to CPU memory under pressure), "
            ),
            logits=f"logits ({_span(c.logits_bytes)} bytes × vocabulary ",
            without_checkpointing=(without[0], without[1], without[2]),
            checkpointing=f"gradient checkpointing: {c.checkpoint_bytes:g} bytes × hidden ",
            recomputed=(recomputed[0], recomputed[1], recomputed[2]),
            gathered=(
                f"ZeRO-3/FSDP gathers {_span(c.gathered_layers)} layer(s) of full weights at "
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
