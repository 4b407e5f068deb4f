"""Memory, time and cost estimates for full fine-tuning, LoRA, QLoRA and in-context learning.

A pure module: plain arithmetic on a :class:`~transfer_advisor.estimate.shape.ModelShape` and a
:class:`TrainingSetup`, fast enough to run for every row of a batch of 100,000+ manifests.
Every constant (bytes per parameter, activation factors, utilisation, prices...) comes from
``data/estimates.yaml`` with its source next to it; this module holds only structural arithmetic
and unit conversions. Results are ranges (low-high), never one falsely precise number.

Memory is per GPU. With ``gpus > 1`` whatever a technique holds (weights and, where it trains
them, gradients and optimizer states) is sharded ZeRO-3/FSDP style; activations and framework
overhead are per GPU.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transfer_advisor._internal.shipped import shipped_data
from transfer_advisor._internal.yaml import load_document
from transfer_advisor.errors import CatalogError, InputError
from transfer_advisor.estimate.shape import ModelShape
from transfer_advisor.manifest import describe_error, locate_error

__all__ = [
    "DEFAULT_CONSTANTS_PATH",
    "EstimateConstants",
    "Estimates",
    "MemoryTerm",
    "Range",
    "TechniqueEstimate",
    "TrainingSetup",
    "estimate",
    "load_constants",
]

DEFAULT_CONSTANTS_PATH = Path(__file__).resolve().parent.parent / "data" / "estimates.yaml"

# Unit conversions (structural, not estimates).
_TERA = 1e12
_SECONDS_PER_HOUR = 3600.0
_PER_MILLION = 1e6
_BITS_PER_BYTE = 8.0


# --------------------------------------------------------------------------------------------
# Public result types
# --------------------------------------------------------------------------------------------


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


@dataclass(slots=True)
class Range:
    """A low-high estimate (``low <= high``)."""

    low: float
    high: float


@dataclass(slots=True)
class MemoryTerm:
    """One named contribution to a technique's per-GPU memory, with how it was computed."""

    name: str
    gb: Range
    explanation: str


@dataclass(slots=True)
class TechniqueEstimate:
    """Memory (per GPU), verdict, time and cost of one technique."""

    technique: str  # "full" | "lora" | "qlora" | "in_context"
    memory_gb: Range  # per GPU
    terms: tuple[MemoryTerm, ...]
    fits: str | None  # "yes" | "tight" | "no" | None (GPU memory unknown)
    margin_gb: float | None  # available - high estimate
    trainable_parameters: int
    gpu_hours: Range | None  # None for in_context, or when the GPU's throughput is unknown
    usd: Range | None  # None when gpu_hours or the price is unknown

    def to_dict(self, *, terms: bool = True) -> dict[str, object]:
        """JSON-ready form: GB rounded to 0.1, hours and USD to 0.01; ``terms=False`` leaves
        out the memory terms and their explanations."""
        out: dict[str, object] = {
            "memory_gb": _range_dict(self.memory_gb, 1),
            "fits": self.fits,
            "margin_gb": None if self.margin_gb is None else _round(self.margin_gb, 1),
            "gpu_hours": None if self.gpu_hours is None else _range_dict(self.gpu_hours, 2),
            "usd": None if self.usd is None else _range_dict(self.usd, 2),
            "trainable_parameters": self.trainable_parameters,
        }
        if terms:
            out["terms"] = [
                {"name": t.name, "gb": _range_dict(t.gb, 1), "explanation": t.explanation}
                for t in self.terms
            ]
        return out


@dataclass(slots=True)
class Estimates:
    """The four techniques side by side, plus the in-context break-even."""

    full: TechniqueEstimate
    lora: TechniqueEstimate
    qlora: TechniqueEstimate
    in_context: TechniqueEstimate
    prompt_tokens_per_request: int  # extra prompt tokens the few-shot examples add
    break_even_requests: int | None  # requests after which the cheapest fitting fine-tune pays

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


def _range_dict(r: Range, digits: int) -> dict[str, float]:
    return {"low": _round(r.low, digits), "high": _round(r.high, digits)}


# --------------------------------------------------------------------------------------------
# Constants: the validated contents of estimates.yaml, flattened for the hot path
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EstimateConstants:
    """Every number of ``estimates.yaml``, flattened for plain attribute access.

    ``sources`` maps each constant's dotted key (``qlora.time_factor``) to its citation, for
    reports that want to show where a figure comes from. Build one with :func:`load_constants`;
    ``dataclasses.replace`` works for what-if variants (the derived fields are rebuilt).
    """

    path: str
    bytes_per_gb: float
    full_weight_bytes: Range
    full_gradient_bytes: Range
    full_optimizer_bytes: Range
    lora_base_bytes: Range
    lora_adapter_weight_bytes: Range
    lora_adapter_gradient_bytes: Range
    lora_adapter_optimizer_bytes: Range
    qlora_base_bits: float
    qlora_constant_bits: Range
    qlora_optimizer_resident: Range
    qlora_time_factor: Range
    checkpoint_bytes: float
    layer_bytes_full: Range
    layer_bytes_lora: Range
    layer_bytes_qlora: Range
    logits_bytes: Range
    cuda_context_gb: Range
    fragmentation: Range
    gathered_layers: Range
    gathered_bytes: float
    inference_weight_bytes: float
    kv_bytes: float
    inference_working_fraction: Range
    prompt_token_budget: int
    input_price_by_size: tuple[tuple[float, float], ...]  # (up to parameters, USD per 1M)
    forward_flops: float
    backward_input_flops: float
    backward_weight_flops: float
    mfu: Range
    tight_margin: float
    params_per_layer_hidden_squared: float
    default_head_dim: int
    mlp_ratio: float
    default_vocab_size: int
    layers_by_size: tuple[tuple[float, int], ...]  # (up to parameters, layers)
    sources: Mapping[str, str] = field(hash=False)
    # Per-(shape, rank, gpus) numbers and texts, filled by estimate(); not part of equality.
    prepared_cache: dict[tuple[ModelShape, int, int], _Prepared] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # Explanation fragments that depend only on the constants above.
    phrases: _Phrases = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "phrases", _Phrases.build(self))


def load_constants(path: str | None = None) -> EstimateConstants:
    """Load and validate ``estimates.yaml`` (the shipped one, cached, when ``path`` is None).

    Raises :class:`CatalogError` with file, line and column when the file is unreadable,
    not YAML, or not of the expected form.
    """
    if path is None:
        return _load_default()
    return _load(path)


@lru_cache(maxsize=1)
def _load_default() -> EstimateConstants:
    # The shipped file is validated by the test suite; here it is built without validation,
    # which saves building the schema on every start of the command line.
    return _flatten(shipped_data("data/estimates.yaml"), str(DEFAULT_CONSTANTS_PATH))


def _load(path: str) -> EstimateConstants:
    from pydantic import ValidationError

    from transfer_advisor.estimate.schema import EstimatesFile

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(
            f"cannot read estimates file: {exc.strerror or exc}", source=path
        ) from None
    except UnicodeDecodeError as exc:
        raise CatalogError(f"estimates file is not UTF-8 text: {exc.reason}", source=path) from None
    document = load_document(text, path, error=CatalogError)
    if not isinstance(document.data, dict):
        raise CatalogError("expected a mapping of constants at the top level", source=path, line=1)
    try:
        parsed = EstimatesFile.model_validate(document.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A misspelt key also makes the intended one "missing": report the misspelling.
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        field, mark = locate_error(first, document)
        message = describe_error(first)
        more = exc.error_count() - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise CatalogError(
            message,
            source=path,
            line=None if mark is None else mark.line,
            column=None if mark is None else mark.column,
            field=field,
        ) from None
    return _flatten(parsed.model_dump(), path)


def _bound(b: dict[str, Any]) -> Range:
    return Range(b["low"], b["high"])


def _flatten(f: dict[str, Any], path: str) -> EstimateConstants:
    """The constants from the data of an estimates file (already validated, or shipped)."""
    sources: dict[str, str] = {}

    def collect(prefix: str, node: dict[str, Any]) -> None:
        for name, item in node.items():
            key = f"{prefix}.{name}" if prefix else name
            if isinstance(item, dict):
                if isinstance(item.get("source"), str):
                    sources[key] = item["source"]
                collect(key, item)

    collect("", f)
    act, sa, ic, comp = f["activations"], f["shape_approximation"], f["in_context"], f["compute"]
    full, lora, qlora, overhead = f["full"], f["lora"], f["qlora"], f["overhead"]
    return EstimateConstants(
        path=path,
        bytes_per_gb=f["units"]["bytes_per_gb"]["value"],
        full_weight_bytes=_bound(full["weights_bytes_per_param"]),
        full_gradient_bytes=_bound(full["gradient_bytes_per_param"]),
        full_optimizer_bytes=_bound(full["optimizer_bytes_per_param"]),
        lora_base_bytes=_bound(lora["base_bytes_per_param"]),
        lora_adapter_weight_bytes=_bound(lora["adapter_weight_bytes_per_param"]),
        lora_adapter_gradient_bytes=_bound(lora["adapter_gradient_bytes_per_param"]),
        lora_adapter_optimizer_bytes=_bound(lora["adapter_optimizer_bytes_per_param"]),
        qlora_base_bits=qlora["base_bits_per_param"]["value"],
        qlora_constant_bits=_bound(qlora["quantization_constant_bits_per_param"]),
        qlora_optimizer_resident=_bound(qlora["optimizer_resident_fraction"]),
        qlora_time_factor=_bound(qlora["time_factor"]),
        checkpoint_bytes=act["checkpoint_bytes_per_token_layer_hidden"]["value"],
        layer_bytes_full=_bound(act["layer_bytes_per_token_hidden_full"]),
        layer_bytes_lora=_bound(act["layer_bytes_per_token_hidden_lora"]),
        layer_bytes_qlora=_bound(act["layer_bytes_per_token_hidden_qlora"]),
        logits_bytes=_bound(act["logits_bytes_per_token_vocab"]),
        cuda_context_gb=_bound(overhead["cuda_context_gb"]),
        fragmentation=_bound(overhead["fragmentation_fraction"]),
        gathered_layers=_bound(f["sharding"]["gathered_layers"]),
        gathered_bytes=f["sharding"]["gathered_bytes_per_param"]["value"],
        inference_weight_bytes=ic["weight_bytes_per_param"]["value"],
        kv_bytes=ic["kv_bytes_per_value"]["value"],
        inference_working_fraction=_bound(ic["working_memory_fraction_of_weights"]),
        prompt_token_budget=max(1, int(ic["default_prompt_token_budget"]["value"])),
        input_price_by_size=tuple(
            (row["up_to_parameters"], row["usd"])
            for row in ic["usd_per_million_input_tokens"]["by_size"]
        ),
        forward_flops=comp["forward_flops_per_param_token"]["value"],
        backward_input_flops=comp["backward_input_flops_per_param_token"]["value"],
        backward_weight_flops=comp["backward_weight_flops_per_param_token"]["value"],
        mfu=_bound(comp["model_flops_utilisation"]),
        tight_margin=f["verdict"]["tight_margin"]["value"],
        params_per_layer_hidden_squared=sa["params_per_layer_hidden_squared"]["value"],
        default_head_dim=max(1, round(sa["head_dim"]["value"])),
        mlp_ratio=sa["mlp_ratio"]["value"],
        default_vocab_size=max(1, round(sa["vocab_size"]["value"])),
        layers_by_size=tuple(
            (row["up_to_parameters"], row["layers"]) for row in sa["layers_by_size"]["by_size"]
        ),
        sources=MappingProxyType(sources),
    )


# --------------------------------------------------------------------------------------------
# Estimation
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Geometry:
    """A ModelShape with every field filled, exactly or by the documented approximations."""

    parameters: int
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int
    vocab: int
    gated_mlp: bool
    embedding_parameters: int  # input embeddings + lm_head (once if tied), at most parameters
    adapter_width: int  # sum of (d_in + d_out) over every adapted matrix of every layer
    note: str  # "", "; shape from ..." or "; shape approximated ...": appended to the terms
    # that depend on the shape


@dataclass(slots=True)
class _Held:
    """What a technique holds whatever the setup: its fixed terms and their sums (GB/GPU)."""

    before: tuple[MemoryTerm, ...]  # weights, gradients, optimizer (or weights for inference)
    after: tuple[MemoryTerm, ...]  # sharding buffers when gpus > 1
    low: float
    high: float
    flops_per_token: tuple[float, float] | None  # training FLOPs per training token


@dataclass(slots=True)
class _Prepared:
    """Everything that depends only on (shape, LoRA rank, GPU count), with the constants.

    Batch runs repeat the same catalog models and GPU counts, so this is computed once per key
    and the per-row work is the setup-dependent arithmetic.
    """

    geo: _Geometry
    adapter: int  # LoRA/QLoRA trainable parameters
    full: _Held
    lora: _Held
    qlora: _Held
    in_context: _Held  # weights and working memory; the KV cache depends on the prompt
    activation_texts: tuple[tuple[str, str, str], tuple[str, str, str]]  # [checkpointing][tech]
    activation_suffix: str
    overhead_text: str
    kv_text: tuple[str, str]  # text before and after "<context> tokens (...)"
    usd_per_prompt_token: float


_PREPARED_CACHE_LIMIT = 1024  # bounded: a large cache of live objects slows the GC


def _lookup(table: tuple[tuple[float, Any], ...], parameters: int) -> Any:
    for up_to, value in table:
        if parameters <= up_to:
            return value
    return table[-1][1]


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


def _geometry(shape: ModelShape, c: EstimateConstants) -> _Geometry:
    for name in (
        "layers",
        "hidden_size",
        "num_heads",
        "num_kv_heads",
        "head_dim",
        "intermediate_size",
        "vocab_size",
    ):
        value = getattr(shape, name)
        if value is not None and value < 1:
            raise InputError(f"must be at least 1, got {value}", field=name)
    n = shape.parameters
    approximated: list[str] = []
    layers = shape.layers
    if layers is None:
        layers = int(_lookup(c.layers_by_size, n))
        approximated.append(f"{layers} layers (size table)")
    heads = shape.num_heads
    head_dim = shape.head_dim
    hidden = shape.hidden_size
    if hidden is None:
        # N ≈ k × layers × hidden², rounded to a whole number of heads.
        unit = head_dim or c.default_head_dim
        raw = math.sqrt(n / (c.params_per_layer_hidden_squared * layers))
        hidden = max(1, round(raw / unit)) * unit
        approximated.append(
            f"hidden √(N / ({c.params_per_layer_hidden_squared:g} × layers)) ≈ {hidden:,}"
        )
    if head_dim is None:
        head_dim = max(1, hidden // heads) if heads is not None else c.default_head_dim
    if heads is None:
        heads = max(1, round(hidden / head_dim))
        approximated.append(f"{heads} heads of {head_dim}")
    kv_heads = shape.num_kv_heads
    if kv_heads is None:
        kv_heads = heads
        if shape.num_heads is None:
            approximated.append("no grouped-query attention")
    vocab = shape.vocab_size
    if vocab is None:
        vocab = c.default_vocab_size
        approximated.append(f"vocabulary {vocab:,}")
    tied = bool(shape.tie_word_embeddings)
    embedding = min(n, vocab * hidden * (1 if tied else 2))
    q_width = heads * head_dim
    kv_width = kv_heads * head_dim
    attention_params = hidden * q_width * 2 + hidden * kv_width * 2
    intermediate = shape.intermediate_size
    if intermediate is None:
        intermediate = max(1, round(c.mlp_ratio * hidden))
        gated = True
        approximated.append(f"gated MLP {intermediate:,} ({c.mlp_ratio:g} × hidden)")
    else:
        # Gated (SwiGLU: gate, up, down) or plain (up, down) MLP: whichever matches N better.
        gated_total = layers * (attention_params + 3 * hidden * intermediate) + embedding
        plain_total = layers * (attention_params + 2 * hidden * intermediate) + embedding
        gated = abs(gated_total - n) <= abs(plain_total - n)
    attention_width = (hidden + q_width) * 2 + (hidden + kv_width) * 2  # q, o, k, v
    mlp_width = (3 if gated else 2) * (hidden + intermediate)
    note = ""
    if approximated:
        rest = "the rest" if shape.source else "shape"
        note = f"; {rest} approximated from {_count(n)} parameters: " + ", ".join(approximated)
    if shape.source:
        note = f"; shape from {shape.source}" + note
    return _Geometry(
        parameters=n,
        layers=layers,
        hidden=hidden,
        heads=heads,
        kv_heads=kv_heads,
        head_dim=head_dim,
        intermediate=intermediate,
        vocab=vocab,
        gated_mlp=gated,
        embedding_parameters=embedding,
        adapter_width=layers * (attention_width + mlp_width),
        note=note,
    )


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


def _prepare(shape: ModelShape, rank: int, gpus: int, c: EstimateConstants) -> _Prepared:
    geo = _geometry(shape, c)
    ph = c.phrases
    n = geo.parameters
    adapter = rank * geo.adapter_width
    count_n, count_a = _count(n), _count(adapter)
    on_gpus = _gpus(gpus)
    shard = ", sharded over " + on_gpus
    note = geo.note
    mlp = "gate, up, down" if geo.gated_mlp else "up, down"
    adapter_text = (
        f"rank {rank} × (d_in + d_out) on every attention (q, k, v, o) and MLP ({mlp}) "
        f"projection of {geo.layers} layers = {count_a} parameters;{shard[1:]}{note}"
    )
    trainable_n = " trainable parameters" + shard
    trainable_a = count_a + trainable_n
    full_texts = (
        ph.full_weights + count_n + " parameters" + shard,
        ph.full_gradients + count_n + trainable_n,
        ph.full_optimizer + count_n + trainable_n,
    )
    adapter_gradients = ph.adapter_gradients + trainable_a
    lora_texts = (
        ph.lora_base + count_n + ph.lora_adapters + adapter_text,
        adapter_gradients,
        ph.lora_optimizer + trainable_a,
    )
    qlora_texts = (
        ph.qlora_base
        + count_n
        + ph.qlora_constants
        + _count(geo.embedding_parameters)
        + ph.qlora_adapters
        + adapter_text,
        adapter_gradients,
        ph.qlora_optimizer + count_a + ph.qlora_resident + shard[2:],
    )
    layers = geo.layers
    shape_text = f"{geo.hidden:,} × {layers} layers"
    logits = f"{ph.logits}{geo.vocab:,} per token)"
    without = ph.without_checkpointing
    with_ckpt = tuple(ph.checkpointing + shape_text + r + logits for r in ph.recomputed)
    sharded = 1.0 / (c.bytes_per_gb * gpus)  # bytes a technique holds -> GB per GPU
    after: tuple[MemoryTerm, ...] = ()
    buffers_low = buffers_high = 0.0
    if gpus > 1:
        per_layer = (n - geo.embedding_parameters) / layers
        gl, gb = c.gathered_layers, c.gathered_bytes
        buffers_low = gl.low * per_layer * gb / c.bytes_per_gb
        buffers_high = gl.high * per_layer * gb / c.bytes_per_gb
        after = (
            MemoryTerm(
                "sharding_buffers",
                Range(buffers_low, buffers_high),
                f"{ph.gathered}{_count(per_layer)} parameters each while computing; per GPU",
            ),
        )

    def held(
        texts: tuple[str, str, str],
        weights: Range,
        gradients: Range,
        optimizer: Range,
        flops_per_token: tuple[float, float],
    ) -> _Held:
        return _Held(
            before=(
                MemoryTerm("weights", weights, texts[0]),
                MemoryTerm("gradients", gradients, texts[1]),
                MemoryTerm("optimizer", optimizer, texts[2]),
            ),
            after=after,
            low=weights.low + gradients.low + optimizer.low + buffers_low,
            high=weights.high + gradients.high + optimizer.high + buffers_high,
            flops_per_token=flops_per_token,
        )

    # Full fine-tuning: mixed-precision AdamW on every parameter; 6 × N FLOPs per token.
    fw, fg, fo = c.full_weight_bytes, c.full_gradient_bytes, c.full_optimizer_bytes
    per_token = (c.forward_flops + c.backward_input_flops + c.backward_weight_flops) * n
    full = held(
        full_texts,
        Range(n * fw.low * sharded, n * fw.high * sharded),
        Range(n * fg.low * sharded, n * fg.high * sharded),
        Range(n * fo.low * sharded, n * fo.high * sharded),
        (per_token, per_token),
    )

    # LoRA: frozen 16-bit base; adapters train. Forward and activation gradients run through
    # the whole model (about 4 × N FLOPs per token), weight gradients only for the adapter.
    base, aw = c.lora_base_bytes, c.lora_adapter_weight_bytes
    ag, ao = c.lora_adapter_gradient_bytes, c.lora_adapter_optimizer_bytes
    gradients = Range(adapter * ag.low * sharded, adapter * ag.high * sharded)
    per_token = (c.forward_flops + c.backward_input_flops) * (n + adapter)
    per_token += c.backward_weight_flops * adapter
    lora = held(
        lora_texts,
        Range(
            (n * base.low + adapter * aw.low) * sharded,
            (n * base.high + adapter * aw.high) * sharded,
        ),
        gradients,
        Range(adapter * ao.low * sharded, adapter * ao.high * sharded),
        (per_token, per_token),
    )

    # QLoRA: NF4 base + quantization constants (16-bit embeddings and lm_head in the high end),
    # adapters as in LoRA, paged optimizer; dequantization slows every matmul down.
    bits, qc, resident = c.qlora_base_bits, c.qlora_constant_bits, c.qlora_optimizer_resident
    emb = geo.embedding_parameters
    tf = c.qlora_time_factor
    qlora = held(
        qlora_texts,
        Range(
            (n * (bits + qc.low) / _BITS_PER_BYTE + adapter * aw.low) * sharded,
            ((n - emb) * (bits + qc.high) / _BITS_PER_BYTE + emb * base.high + adapter * aw.high)
            * sharded,
        ),
        gradients,
        Range(
            adapter * ao.low * resident.low * sharded, adapter * ao.high * resident.high * sharded
        ),
        (per_token * tf.low, per_token * tf.high),
    )

    # In-context: 16-bit inference weights and the prefill's working memory.
    weights = n * c.inference_weight_bytes * sharded
    wf = c.inference_working_fraction
    in_context = _Held(
        before=(
            MemoryTerm(
                "weights",
                Range(weights, weights),
                ph.inference_weights + count_n + " parameters" + shard,
            ),
        ),
        after=(
            MemoryTerm(
                "activations",
                Range(weights * wf.low, weights * wf.high),
                ph.inference_activations,
            ),
        ),
        low=weights * (1.0 + wf.low),
        high=weights * (1.0 + wf.high),
        flops_per_token=None,
    )
    return _Prepared(
        geo=geo,
        adapter=adapter,
        full=full,
        lora=lora,
        qlora=qlora,
        in_context=in_context,
        activation_texts=(
            (
                without[0] + shape_text + " per token, plus " + logits,
                without[1] + shape_text + " per token, plus " + logits,
                without[2] + shape_text + " per token, plus " + logits,
            ),
            (with_ckpt[0], with_ckpt[1], with_ckpt[2]),
        ),
        activation_suffix="; flash/memory-efficient attention assumed; per GPU" + note,
        overhead_text=ph.overhead,
        kv_text=(
            f"KV cache: 2 × {layers} layers × {geo.kv_heads} KV heads × head_dim {geo.head_dim} × ",
            ph.kv_bytes + on_gpus + note,
        ),
        usd_per_prompt_token=float(_lookup(c.input_price_by_size, n)) / _PER_MILLION,
    )


def _reject(shape: ModelShape, setup: TrainingSetup) -> None:
    """Raise InputError naming the first impossible field (the fast check found one)."""
    if shape.parameters < 1:
        raise InputError(f"must be at least 1, got {shape.parameters}", field="parameters")
    if setup.examples < 0:
        raise InputError(f"must not be negative, got {setup.examples}", field="examples")
    for name in ("avg_tokens", "sequence_length", "micro_batch_size", "lora_rank", "gpus"):
        value = getattr(setup, name)
        if value < 1:
            raise InputError(f"must be at least 1, got {value}", field=name)
    if not 0.0 < setup.epochs < math.inf:
        raise InputError(f"must be a positive number, got {setup.epochs}", field="epochs")
    for name in ("gpu_memory_gb", "gpu_bf16_tflops"):
        value = getattr(setup, name)
        if value is not None and not 0.0 < value < math.inf:
            raise InputError(f"must be a positive number, got {value}", field=name)
    price = setup.gpu_usd_per_hour
    if price is not None and not 0.0 <= price < math.inf:
        raise InputError(f"must be a non-negative number, got {price}", field="gpu_usd_per_hour")
    raise InputError(f"must not be negative, got {setup.prompt_examples}", field="prompt_examples")


def _finish(
    technique: str,
    held: _Held,
    term: MemoryTerm,
    trainable: int,
    p: _Prepared,
    setup: TrainingSetup,
    c: EstimateConstants,
) -> TechniqueEstimate:
    """Assemble a technique: its fixed terms, ``term`` (activations or KV cache), overhead,
    the verdict against the GPU's memory, GPU-hours and USD."""
    low = held.low + term.gb.low
    high = held.high + term.gb.high
    context, fragmentation = c.cuda_context_gb, c.fragmentation
    overhead_low = context.low + fragmentation.low * low
    overhead_high = context.high + fragmentation.high * high
    overhead = MemoryTerm("overhead", Range(overhead_low, overhead_high), p.overhead_text)
    low += overhead_low
    high += overhead_high
    available = setup.gpu_memory_gb
    fits: str | None = None
    margin: float | None = None
    if available is not None:
        margin = available - high
        if high <= available * (1.0 - c.tight_margin):
            fits = "yes"
        elif low <= available:
            fits = "tight"
        else:
            fits = "no"
    hours: Range | None = None
    usd: Range | None = None
    flops = held.flops_per_token
    tflops = setup.gpu_bf16_tflops
    if flops is not None and tflops is not None:
        # GPU-hours = FLOPs / (per-GPU bf16 throughput × utilisation); the wall-clock time is
        # this divided by the number of GPUs.
        train_tokens = setup.examples * setup.avg_tokens * setup.epochs
        per_flop = train_tokens / (tflops * _TERA * _SECONDS_PER_HOUR)
        hours_low = flops[0] * per_flop / c.mfu.high
        hours_high = flops[1] * per_flop / c.mfu.low
        hours = Range(hours_low, hours_high)
        price = setup.gpu_usd_per_hour
        if price is not None:
            usd = Range(hours_low * price, hours_high * price)
    return TechniqueEstimate(
        technique,
        Range(low, high),
        (*held.before, term, *held.after, overhead),
        fits,
        margin,
        trainable,
        hours,
        usd,
    )


def estimate(
    shape: ModelShape, setup: TrainingSetup, constants: EstimateConstants | None = None
) -> Estimates:
    """Estimate per-GPU memory, verdicts, GPU-hours and cost of every technique.

    ``constants`` defaults to the shipped ``estimates.yaml`` (loaded once). Raises
    :class:`InputError` for impossible setups (negative counts, zero tokens...).
    """
    c = constants if constants is not None else _load_default()
    s = setup
    if not (
        shape.parameters >= 1
        and s.examples >= 0
        and s.avg_tokens >= 1
        and s.sequence_length >= 1
        and s.micro_batch_size >= 1
        and s.lora_rank >= 1
        and s.gpus >= 1
        and 0.0 < s.epochs < math.inf
        and (s.gpu_memory_gb is None or 0.0 < s.gpu_memory_gb < math.inf)
        and (s.gpu_bf16_tflops is None or 0.0 < s.gpu_bf16_tflops < math.inf)
        and (s.gpu_usd_per_hour is None or 0.0 <= s.gpu_usd_per_hour < math.inf)
        and (s.prompt_examples is None or s.prompt_examples >= 0)
    ):
        _reject(shape, s)
    cache = c.prepared_cache
    key = (shape, s.lora_rank, s.gpus)
    p = cache.get(key)
    if p is None:
        p = _prepare(shape, s.lora_rank, s.gpus, c)
        if len(cache) >= _PREPARED_CACHE_LIMIT:
            cache.clear()
        cache[key] = p
    geo = p.geo
    per_gb = 1.0 / c.bytes_per_gb

    # Activations (per GPU): checkpointed layer inputs or every layer, plus the logits.
    tokens = s.sequence_length * s.micro_batch_size
    h = geo.hidden
    if s.gradient_checkpointing:
        kept = c.checkpoint_bytes * h * geo.layers
        layer_scale = tokens * h * per_gb
        texts = p.activation_texts[1]
    else:
        kept = 0.0
        layer_scale = tokens * h * geo.layers * per_gb
        texts = p.activation_texts[0]
    logits = c.logits_bytes
    base_low = (kept + logits.low * geo.vocab) * tokens * per_gb
    base_high = (kept + logits.high * geo.vocab) * tokens * per_gb
    suffix = (
        f"; {tokens:,} tokens (sequence {s.sequence_length:,} × micro-batch "
        f"{s.micro_batch_size}){p.activation_suffix}"
    )

    def trained(
        technique: str, held: _Held, lb: Range, text: str, trainable: int
    ) -> TechniqueEstimate:
        activations = Range(base_low + lb.low * layer_scale, base_high + lb.high * layer_scale)
        term = MemoryTerm("activations", activations, text + suffix)
        return _finish(technique, held, term, trainable, p, s, c)

    full = trained("full", p.full, c.layer_bytes_full, texts[0], geo.parameters)
    lora = trained("lora", p.lora, c.layer_bytes_lora, texts[1], p.adapter)
    qlora = trained("qlora", p.qlora, c.layer_bytes_qlora, texts[2], p.adapter)

    # In-context: the KV cache of the examples and the request, split by heads over the GPUs.
    prompt_examples = s.prompt_examples
    if prompt_examples is None:
        room = max(0, (c.prompt_token_budget - s.avg_tokens) // s.avg_tokens)
        prompt_examples = min(s.examples, room)
    prompt_tokens = prompt_examples * s.avg_tokens
    context = prompt_tokens + s.avg_tokens
    kv = 2.0 * geo.layers * geo.kv_heads * geo.head_dim * context * c.kv_bytes * per_gb / s.gpus
    in_context = _finish(
        "in_context",
        p.in_context,
        MemoryTerm(
            "kv_cache",
            Range(kv, kv),
            f"{p.kv_text[0]}{context:,} tokens ({prompt_examples:,} examples + the request, "
            f"{s.avg_tokens:,} tokens each){p.kv_text[1]}",
        ),
        0,
        p,
        s,
        c,
    )

    # Break-even: requests after which the cheapest fine-tune that may fit (at its high cost)
    # is cheaper than the extra prompt tokens the examples add to every request.
    break_even: int | None = None
    if prompt_tokens > 0 and p.usd_per_prompt_token > 0:
        cheapest: float | None = None
        for t in (full, lora, qlora):
            if t.usd is not None and t.fits != "no" and (cheapest is None or t.usd.high < cheapest):
                cheapest = t.usd.high
        if cheapest is not None:
            break_even = math.ceil(cheapest / (prompt_tokens * p.usd_per_prompt_token))

    return Estimates(full, lora, qlora, in_context, prompt_tokens, break_even)
