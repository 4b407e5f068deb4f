"""The records and the one formula that the training and serving memory terms share."""

from __future__ import annotations

from transfer_advisor._internal.records import Record
from transfer_advisor.estimate.results import _BITS_PER_BYTE, MemoryTerm, Range


class _Held(Record):
    """What a technique holds whatever the setup: its fixed terms and their sums (GB/GPU)."""

    __slots__ = ("before", "after", "low", "high", "flops_per_token", "host")

    before: tuple[MemoryTerm, ...]  # weights, gradients, optimizer (or weights for inference)
    after: tuple[MemoryTerm, ...]  # sharding buffers when gpus > 1
    low: float
    high: float
    flops_per_token: tuple[float, float] | None  # training FLOPs per training token
    host: Range | None  # GB in the machine's CPU memory under CPU offload; None without

    def __init__(
        self,
        before: tuple[MemoryTerm, ...],
        after: tuple[MemoryTerm, ...],
        low: float,
        high: float,
        flops_per_token: tuple[float, float] | None,
        host: Range | None = None,
    ) -> None:
        self.before = before
        self.after = after
        self.low = low
        self.high = high
        self.flops_per_token = flops_per_token
        self.host = host


def _quantized(n: int, inp: int, emb: int, bits: float, constants: Range, base: Range) -> Range:
    """Bytes of weights stored at ``bits`` per linear-layer parameter plus the quantization
    constants, with the input embeddings (and, at the high end, every embedding, lm_head
    included) at the 16-bit ``base`` width."""
    return Range(
        (n - inp) * (bits + constants.low) / _BITS_PER_BYTE + inp * base.low,
        (n - emb) * (bits + constants.high) / _BITS_PER_BYTE + emb * base.high,
    )
