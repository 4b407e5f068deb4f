"""Serving memory: the weights as served (16-bit, or at the width a checkpoint is published
or served in) and the prefill's working memory. The KV cache depends on the prompt and is added
per row (:mod:`transfer_advisor.estimate.memory`)."""

from __future__ import annotations

from transfer_advisor.estimate.constants import EstimateConstants
from transfer_advisor.estimate.phrases import _count, _gpus, _span
from transfer_advisor.estimate.results import _BITS_PER_BYTE, MemoryTerm, Range
from transfer_advisor.estimate.terms import _Held, _quantized


def serving_terms(
    n: int,
    inp: int,
    emb: int,
    active: int,
    gpus: int,
    c: EstimateConstants,
    base: Range,
    weight_bits: int | None,
    serving_bits: int | None,
) -> _Held:
    """In-context use of ``n`` parameters (``inp`` input-embedding and ``emb`` embedding
    parameters, ``active`` of them run per token) on ``gpus`` GPUs; ``base`` is the 16-bit
    width that quantized checkpoints keep their embeddings at."""
    ph = c.phrases
    qc = c.qlora_constant_bits
    count_n = _count(n)
    shard = ", sharded over " + _gpus(gpus)
    sharded = 1.0 / (c.bytes_per_gb * gpus)  # inference weights: split by tensor parallelism

    # In-context: 16-bit inference weights (or those of a checkpoint published quantized) and
    # the prefill's working memory.
    served_bits = weight_bits if weight_bits is not None else serving_bits
    if served_bits is None:
        served = Range(n * c.inference_weight_bytes, n * c.inference_weight_bytes)
        served_text = ph.inference_weights + count_n + " parameters" + shard
    else:
        served = _quantized(n, inp, emb, served_bits, qc, base)
        served_text = (
            f"weights quantized to {served_bits} bits (as published; quantization constants "
            f"add {_span(qc)} bits per parameter, and the embeddings stay 16-bit): "
            f"{served_bits / _BITS_PER_BYTE:g} bytes × {count_n} parameters{shard}"
        )
    weights = Range(served.low * sharded, served.high * sharded)
    work = c.inference_working_fraction
    # The prefill's working memory follows the computation each token runs: a mixture of
    # experts' routed share of the weights, not every expert's.
    routed = active / n
    working = Range(weights.low * routed * work.low, weights.high * routed * work.high)
    return _Held(
        before=(MemoryTerm("weights", weights, served_text),),
        after=(
            MemoryTerm(
                "activations",
                working,
                ph.inference_activations
                if active == n
                else f"{ph.inference_activations}; a mixture of experts: of the "
                f"{routed:.1%} of the weights each token runs through",
            ),
        ),
        low=weights.low + working.low,
        high=weights.high + working.high,
        flops_per_token=None,
    )
