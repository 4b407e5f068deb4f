"""The inputs and results of an estimate: a :class:`TrainingSetup` goes in, :class:`Estimates`
come out, one :class:`TechniqueEstimate` per technique with its per-GPU memory as named
:class:`MemoryTerm` s; every figure is a low-high :class:`Range`, never one falsely precise number,
and ``to_dict`` gives the JSON-ready form with the rounding the output contract promises.
"""

from __future__ import annotations

from dataclasses import dataclass

from transfer_advisor._internal.records import Record

__all__ = ["Estimates", "MemoryTerm", "Range", "TechniqueEstimate", "TrainingSetup"]

# Unit conversions (structural, not estimates).
_TERA = 1e12
_SECONDS_PER_HOUR = 3600.0
_PER_MILLION = 1e6
_BITS_PER_BYTE = 8.0


@dataclass(frozen=True, slots=True)
class TrainingSetup:
    """What the project would train on and with; the caller fills the defaults it knows."""

    examples: int
    avg_tokens: int  # tokens per example
    sequence_length: int  # for activations (default by caller: avg_tokens clipped to context)
    micro_batch_size: int = 1
    gradient_checkpointing: bool = True
    lora_rank: int = 16
    epochs: float = 3.0
    gpus: int = 1
    gpu_memory_gb: float | None = None  # per GPU
    gpu_bf16_tflops: float | None = None
    gpu_usd_per_hour: float | None = None
    prompt_examples: int | None = None  # examples in a few-shot prompt (default: what fits)
    request_tokens: int | None = None  # the longest request served (default: avg_tokens)
    lora_targets: tuple[str, ...] = ("q", "k", "v", "o", "mlp")  # modules with adapters
    precision: str = "bf16-mixed"  # bf16-mixed | fp16-mixed | bf16-true | fp32
    attention: str = "sdpa"  # sdpa (fused/flash: no scores stored) | eager
    # None: AdamW for full fine-tuning and LoRA, paged 32-bit AdamW for QLoRA (its paper's).
    optimizer: str | None = None  # adamw | adamw_8bit | paged_adamw_8bit | paged_adamw_32bit
    # ddp | zero2 | zero3 | fsdp: what is split over the GPUs; None: fsdp, and the estimate
    # says it assumed so (the multi-GPU fine-tuning recipes of torchtune and Lit-GPT shard).
    parallelism: str | None = None
    cpu_offload: bool = False  # optimizer state (and, sharded, weights) in CPU memory
    # Bits per weight of a checkpoint published quantized (GPTQ, AWQ: 4; FP8: 8): LoRA's
    # frozen base and the served weights are held at that width. None: 16-bit weights.
    weight_bits: int | None = None
    # Bits per weight a checkpoint is published in for serving only (gpt-oss's MXFP4 experts:
    # 4): servers load it as it is, while trainers dequantize it to 16 bits (OpenAI's gpt-oss
    # fine-tuning cookbook), so LoRA's base stays 16-bit. Ignored when weight_bits is set.
    serving_bits: int | None = None


#: What ``TrainingSetup.lora_targets`` may name; "mlp" is every MLP projection.
LORA_MODULES = ("q", "k", "v", "o", "mlp")
#: Presets for the LoRA target modules, by name.
LORA_PRESETS: dict[str, tuple[str, ...]] = {
    "all": LORA_MODULES,
    "attention": ("q", "k", "v", "o"),
    "qv": ("q", "v"),
}
PRECISIONS = ("bf16-mixed", "fp16-mixed", "bf16-true", "fp32")
ATTENTIONS = ("sdpa", "eager")
OPTIMIZERS = ("adamw", "adamw_8bit", "paged_adamw_8bit", "paged_adamw_32bit")
PARALLELISMS = ("ddp", "zero2", "zero3", "fsdp")


class Range(Record):
    """A low-high estimate (``low <= high``)."""

    __slots__ = ("low", "high")

    low: float
    high: float

    def __init__(self, low: float, high: float) -> None:
        self.low = low
        self.high = high


class MemoryTerm(Record):
    """One named contribution to a technique's per-GPU memory, with how it was computed."""

    __slots__ = ("name", "gb", "explanation")

    name: str
    gb: Range
    explanation: str

    def __init__(self, name: str, gb: Range, explanation: str) -> None:
        self.name = name
        self.gb = gb
        self.explanation = explanation


class TechniqueEstimate(Record):
    """Memory (per GPU), verdict, time and cost of one technique."""

    __slots__ = (
        "technique",
        "memory_gb",
        "terms",
        "fits",
        "margin_gb",
        "trainable_parameters",
        "gpu_hours",
        "usd",
        "tensors_gb",
        "sequence_gb",
        "host_memory_gb",
    )

    technique: str  # "full" | "lora" | "qlora" | "in_context"
    memory_gb: Range  # per GPU
    terms: tuple[MemoryTerm, ...]
    fits: str | None  # "yes" | "tight" | "no" | None (GPU memory unknown)
    margin_gb: float | None  # available - high estimate
    trainable_parameters: int
    gpu_hours: Range | None  # None for in_context, or when the GPU's throughput is unknown
    usd: Range | None  # None when gpu_hours or the price is unknown
    # The tensors alone (what torch.cuda.max_memory_allocated() reports): memory_gb less the
    # CUDA context and allocator slack. memory_gb is what nvidia-smi shows; the verdict uses it.
    tensors_gb: Range | None
    # The memory that grows with the tokens held: the activations of a trained technique, the
    # KV cache of in-context serving (a term of memory_gb; not in to_dict, the terms show it).
    sequence_gb: Range | None
    # What CPU offload holds in the machine's CPU memory (all GPUs' share together); None
    # without offload (and then not in to_dict).
    host_memory_gb: Range | None

    def __init__(
        self,
        technique: str,
        memory_gb: Range,
        terms: tuple[MemoryTerm, ...],
        fits: str | None,
        margin_gb: float | None,
        trainable_parameters: int,
        gpu_hours: Range | None,
        usd: Range | None,
        tensors_gb: Range | None = None,
        sequence_gb: Range | None = None,
        host_memory_gb: Range | None = None,
    ) -> None:
        self.technique = technique
        self.memory_gb = memory_gb
        self.terms = terms
        self.fits = fits
        self.margin_gb = margin_gb
        self.trainable_parameters = trainable_parameters
        self.gpu_hours = gpu_hours
        self.usd = usd
        self.tensors_gb = tensors_gb
        self.sequence_gb = sequence_gb
        self.host_memory_gb = host_memory_gb

    def to_dict(self, *, terms: bool = True) -> dict[str, object]:
        """JSON-ready form: GB rounded to 0.1, hours and USD to 0.01; ``terms=False`` leaves
        out the memory terms and their explanations."""
        out: dict[str, object] = {
            "memory_gb": _range_dict(self.memory_gb, 1),
            "tensors_gb": None if self.tensors_gb is None else _range_dict(self.tensors_gb, 1),
            "fits": self.fits,
            "margin_gb": None if self.margin_gb is None else _round(self.margin_gb, 1),
            "gpu_hours": None if self.gpu_hours is None else _cost_dict(self.gpu_hours),
            "usd": None if self.usd is None else _cost_dict(self.usd),
            "trainable_parameters": self.trainable_parameters,
        }
        if self.host_memory_gb is not None:
            out["host_memory_gb"] = _range_dict(self.host_memory_gb, 1)
        if terms:
            out["terms"] = [
                {"name": t.name, "gb": _range_dict(t.gb, 1), "explanation": t.explanation}
                for t in self.terms
            ]
        return out


class Estimates(Record):
    """The four techniques side by side, plus the in-context break-even."""

    __slots__ = (
        "full",
        "lora",
        "qlora",
        "in_context",
        "prompt_tokens_per_request",
        "break_even_requests",
    )

    full: TechniqueEstimate
    lora: TechniqueEstimate
    qlora: TechniqueEstimate
    in_context: TechniqueEstimate
    prompt_tokens_per_request: int  # extra prompt tokens the few-shot examples add
    break_even_requests: int | None  # requests after which the cheapest fitting fine-tune pays

    def __init__(
        self,
        full: TechniqueEstimate,
        lora: TechniqueEstimate,
        qlora: TechniqueEstimate,
        in_context: TechniqueEstimate,
        prompt_tokens_per_request: int,
        break_even_requests: int | None,
    ) -> None:
        self.full = full
        self.lora = lora
        self.qlora = qlora
        self.in_context = in_context
        self.prompt_tokens_per_request = prompt_tokens_per_request
        self.break_even_requests = break_even_requests

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (see :meth:`TechniqueEstimate.to_dict`)."""
        return {
            "full": self.full.to_dict(),
            "lora": self.lora.to_dict(),
            "qlora": self.qlora.to_dict(),
            "in_context": self.in_context.to_dict(),
            "prompt_tokens_per_request": self.prompt_tokens_per_request,
            "break_even_requests": self.break_even_requests,
        }


def _round(value: float, digits: int) -> float:
    return round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def upper_bound(value: float, digits: int) -> float:
    """The high end of a range rounded to ``digits``, never down to zero from above it: an
    upper bound of $0.004 is "up to $0.01", not "up to $0.00"."""
    rounded = _round(value, digits)
    return 10.0**-digits if rounded == 0 and value > 0 else rounded


def money(usd: float) -> str:
    """An amount of dollars as the tables show it: to the cent under $100 ("0.01", "12.50"),
    in whole dollars from $100 ("1,234"), so a small cost never reads "0"."""
    return f"{usd:,.2f}" if usd < 100 else f"{usd:,.0f}"


def _range_dict(r: Range, digits: int) -> dict[str, float]:
    return {"low": _round(r.low, digits), "high": _round(r.high, digits)}


def _cost_dict(r: Range) -> dict[str, float]:
    """GPU-hours or dollars to the cent, the high end at least one cent above zero."""
    return {"low": _round(r.low, 2), "high": upper_bound(r.high, 2)}
