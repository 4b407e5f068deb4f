"""Memory, time and cost estimates for full fine-tuning, LoRA, QLoRA and in-context learning.

A pure module: plain arithmetic on a :class:`~transfer_advisor.estimate.shape.ModelShape` and a
:class:`~transfer_advisor.estimate.results.TrainingSetup`, fast enough to run for every row of a
batch of 100,000+ manifests. Every constant comes from ``data/estimates.yaml``
(:mod:`~transfer_advisor.estimate.constants`); what depends only on the model is worked out once
per model by :mod:`~transfer_advisor.estimate.geometry`, and this module adds what depends on the
setup (activations, KV cache, overhead), the verdict against the GPU's memory, GPU-hours, cost
and the in-context break-even. Results are ranges (low-high), never one falsely precise number.

Memory is per GPU. With ``gpus > 1`` what a technique holds is split as the setup's parallelism
splits it (:mod:`~transfer_advisor.estimate.strategy`: DDP replicates, ZeRO-2 shards gradients
and optimizer state, ZeRO-3/FSDP the weights too; FSDP when unset); activations and framework
overhead are per GPU. ``memory_gb`` is what nvidia-smi shows (the tensors plus the CUDA context
and allocator slack), ``tensors_gb`` what torch.cuda.max_memory_allocated() reports.
"""

from __future__ import annotations

import math

from transfer_advisor.errors import InputError
from transfer_advisor.estimate.constants import EstimateConstants, _load_default
from transfer_advisor.estimate.phrases import _span
from transfer_advisor.estimate.prepare import _prepare, _Prepared
from transfer_advisor.estimate.results import (
    _SECONDS_PER_HOUR,
    _TERA,
    ATTENTIONS,
    LORA_MODULES,
    PRECISIONS,
    Estimates,
    MemoryTerm,
    Range,
    TechniqueEstimate,
    TrainingSetup,
)
from transfer_advisor.estimate.shape import ModelShape
from transfer_advisor.estimate.strategy import check
from transfer_advisor.estimate.terms import _Held

__all__ = ["estimate"]

_PREPARED_CACHE_LIMIT = 1024  # bounded: a large cache of live objects slows the GC


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
    if setup.request_tokens is not None and setup.request_tokens < 1:
        raise InputError(f"must be at least 1, got {setup.request_tokens}", field="request_tokens")
    raise InputError(f"must not be negative, got {setup.prompt_examples}", field="prompt_examples")


def _finish(
    technique: str,
    held: _Held,
    term: MemoryTerm | None,
    trainable: int,
    p: _Prepared,
    setup: TrainingSetup,
    c: EstimateConstants,
    gb: Range | None = None,
) -> TechniqueEstimate:
    """Assemble a technique: its fixed terms, ``term`` (activations or KV cache), overhead,
    the verdict against the GPU's memory, GPU-hours and USD. Without ``term`` (numbers only)
    the technique has no terms and ``gb`` is the activations' or KV cache's memory."""
    added = term.gb if term is not None else gb
    assert added is not None
    low = held.low + added.low
    high = held.high + added.high
    context, fragmentation = c.cuda_context_gb, c.fragmentation
    overhead_low = context.low + fragmentation.low * low
    overhead_high = context.high + fragmentation.high * high
    terms: tuple[MemoryTerm, ...] = ()
    if term is not None:
        overhead = MemoryTerm("overhead", Range(overhead_low, overhead_high), p.overhead_text)
        terms = (*held.before, term, *held.after, overhead)
    tensors = Range(low, high)
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
        terms,
        fits,
        margin,
        trainable,
        hours,
        usd,
        tensors,
        added,
        held.host,
    )


def estimate(
    shape: ModelShape,
    setup: TrainingSetup,
    constants: EstimateConstants | None = None,
    *,
    explain: bool = True,
) -> Estimates:
    """Estimate per-GPU memory, verdicts, GPU-hours and cost of every technique.

    ``constants`` defaults to the shipped ``estimates.yaml`` (loaded once). With
    ``explain=False`` only the figures are computed: each technique's ``terms`` (the memory
    terms with their explanations) is empty. Raises :class:`InputError` for impossible setups
    (negative counts, zero tokens...).
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
        and (s.request_tokens is None or s.request_tokens >= 1)
        and (s.weight_bits is None or 1 <= s.weight_bits <= 16)
        and (s.serving_bits is None or 1 <= s.serving_bits <= 16)
    ):
        _reject(shape, s)
    if s.precision not in PRECISIONS:
        raise InputError(f"must be one of {', '.join(PRECISIONS)}", field="precision")
    if s.attention not in ATTENTIONS:
        raise InputError(f"must be one of {', '.join(ATTENTIONS)}", field="attention")
    if not s.lora_targets:
        raise InputError("must name at least one module", field="lora_targets")
    for target in s.lora_targets:
        if target not in LORA_MODULES:
            raise InputError(f"must name {', '.join(LORA_MODULES)}", field="lora_targets")
    check(s.optimizer, s.parallelism or "fsdp", s.cpu_offload)
    cache = c.prepared_cache
    key = (
        shape, s.lora_rank, s.gpus, s.lora_targets, s.precision, s.optimizer or "",
        s.parallelism or "", s.cpu_offload, s.weight_bits, s.serving_bits,
    )  # fmt: skip
    p = cache.get(key)
    if p is None:
        p = _prepare(
            shape, s.lora_rank, s.gpus, s.lora_targets, s.precision, c, s.optimizer,
            s.parallelism, s.cpu_offload, s.weight_bits, s.serving_bits,
        )  # fmt: skip
        if len(cache) >= _PREPARED_CACHE_LIMIT:
            cache.clear()
        cache[key] = p
    geo = p.geo
    per_gb = 1.0 / c.bytes_per_gb

    # Activations (per GPU): checkpointed layer inputs or every layer, plus the logits. A layer
    # stores a share per hidden unit (attention, norms, residual), one per MLP intermediate
    # unit, the adapters' dropout copies of their inputs, and with eager attention the scores.
    tokens = s.sequence_length * s.micro_batch_size
    h = geo.hidden
    scale = c.fp32_bytes / c.lora_base_bytes.low if s.precision == "fp32" else 1.0
    mlp_bytes = (c.gated_mlp_bytes if geo.gated_mlp else c.plain_mlp_bytes) * geo.intermediate
    eager = 0.0
    eager_text = "; fused (sdpa/flash) attention: no attention scores stored"
    if s.attention == "eager":
        score_bytes = c.eager_attention_bytes
        if s.precision.endswith("-mixed"):  # autocast keeps the softmax output in fp32
            score_bytes += c.autocast_eager_extra_bytes
        eager = score_bytes * geo.heads * s.sequence_length
        eager_text = (
            f"; eager attention: {score_bytes:g} bytes × {geo.heads} heads × "
            f"sequence {s.sequence_length:,} per token for the scores"
        )
    if s.gradient_checkpointing:
        kept = c.checkpoint_bytes * h * geo.layers
        layers_stored = 1
        texts = p.activation_texts[1]
    else:
        kept = 0.0
        layers_stored = geo.layers
        texts = p.activation_texts[0]
    logits = c.logits_bytes
    per_gb_scaled = tokens * per_gb * scale
    base_low = (kept + logits.low * geo.vocab) * per_gb_scaled
    base_high = (kept + logits.high * geo.vocab) * per_gb_scaled
    dropout = c.lora_dropout_bytes
    precision_text = "; fp32 activations (twice the 16-bit bytes)" if scale != 1.0 else ""
    suffix = (
        f"; MLP {mlp_bytes / geo.intermediate:g} bytes × intermediate {geo.intermediate:,}"
        f"{eager_text}{precision_text}; {tokens:,} tokens (sequence {s.sequence_length:,} × "
        f"micro-batch {s.micro_batch_size}){p.activation_suffix}"
        if explain
        else ""
    )

    def trained(
        technique: str, held: _Held, lb: Range, text: str, trainable: int
    ) -> TechniqueEstimate:
        fixed = mlp_bytes + eager
        if technique == "qlora":
            fixed += c.qlora_mlp_extra_bytes * geo.intermediate
        low = lb.low * h + fixed
        high = lb.high * h + fixed
        extra = ""
        if technique != "full":
            low += dropout.low * p.adapter_inputs / geo.layers
            high += dropout.high * p.adapter_inputs / geo.layers
            extra = f"; adapter dropout {_span(dropout)} bytes × each adapted input"
        layer_scale = layers_stored * per_gb_scaled
        activations = Range(base_low + low * layer_scale, base_high + high * layer_scale)
        if not explain:
            return _finish(technique, held, None, trainable, p, s, c, activations)
        term = MemoryTerm("activations", activations, text + extra + suffix)
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
    # The server holds the longest request, not the average one (a 120,000-token transcript
    # pasted whole needs its own KV cache).
    request = max(s.request_tokens or s.avg_tokens, s.avg_tokens)
    context = prompt_tokens + request
    kv = 2.0 * geo.layers * geo.kv_heads * geo.head_dim * context * c.kv_bytes * per_gb / s.gpus
    kv_gb = Range(kv, kv)
    longest = "the request" if request == s.avg_tokens else "the longest request"
    if prompt_examples == 0:
        made_of = f"{longest} alone, {request:,} tokens"
    elif request == s.avg_tokens:
        made_of = f"{prompt_examples:,} examples + the request, {s.avg_tokens:,} tokens each"
    else:
        made_of = (f"{prompt_examples:,} examples of {s.avg_tokens:,} tokens + the longest "
                   f"request, {request:,} tokens")  # fmt: skip
    kv_term = (
        MemoryTerm("kv_cache", kv_gb, f"{p.kv_text[0]}{context:,} tokens ({made_of}){p.kv_text[1]}")
        if explain
        else None
    )
    in_context = _finish("in_context", p.in_context, kv_term, 0, p, s, c, kv_gb)

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
