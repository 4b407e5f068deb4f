"""What the estimates know of a model before any training setup: its geometry, a
:class:`~transfer_advisor.estimate.shape.ModelShape` with every field filled, exactly or by the
approximations ``estimates.yaml`` documents, with a note that says which (the fixed memory terms
built from it are in :mod:`~transfer_advisor.estimate.prepare`).
"""

from __future__ import annotations

import math

from transfer_advisor._internal.records import Record
from transfer_advisor.errors import InputError
from transfer_advisor.estimate.constants import EstimateConstants, _lookup
from transfer_advisor.estimate.phrases import _count
from transfer_advisor.estimate.shape import ModelShape


class _Geometry(Record):
    """A ModelShape with every field filled, exactly or by the documented approximations."""

    __slots__ = (
        "parameters",
        "layers",
        "hidden",
        "heads",
        "kv_heads",
        "head_dim",
        "intermediate",
        "vocab",
        "gated_mlp",
        "embedding_parameters",
        "input_embedding_parameters",
        "modules",
        "experts",
        "routed",
        "note",
    )

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
    input_embedding_parameters: int  # the input embeddings alone, at most embedding_parameters
    modules: dict[str, tuple[tuple[int, int], ...]]  # LoRA target -> (d_in, d_out) per matrix
    experts: int  # copies of the "mlp" matrices per layer: a mixture's experts (1: dense)
    routed: int  # of which a token runs through (1: dense)
    note: str  # "", "; shape from ..." or "; shape approximated ...": appended to the terms
    # that depend on the shape

    def __init__(
        self,
        parameters: int,
        layers: int,
        hidden: int,
        heads: int,
        kv_heads: int,
        head_dim: int,
        intermediate: int,
        vocab: int,
        gated_mlp: bool,
        embedding_parameters: int,
        input_embedding_parameters: int,
        modules: dict[str, tuple[tuple[int, int], ...]],
        note: str,
        experts: int = 1,
        routed: int = 1,
    ) -> None:
        self.parameters = parameters
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kv_heads = kv_heads
        self.head_dim = head_dim
        self.intermediate = intermediate
        self.vocab = vocab
        self.gated_mlp = gated_mlp
        self.embedding_parameters = embedding_parameters
        self.input_embedding_parameters = input_embedding_parameters
        self.modules = modules
        self.experts = experts
        self.routed = routed
        self.note = note


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
    # A mixture of experts: `intermediate` is the routed experts' width; each expert's is a share.
    experts, routed = shape.num_experts or 1, shape.experts_per_token or 1
    if intermediate is None:
        intermediate = max(1, round(c.mlp_ratio * hidden))
        experts = routed = 1
        gated = True
        approximated.append(f"gated MLP {intermediate:,} ({c.mlp_ratio:g} × hidden)")
    else:
        # Gated (SwiGLU: gate, up, down) or plain (up, down) MLP: whichever matches N better.
        held = experts * (intermediate // routed)
        gated_total = layers * (attention_params + 3 * hidden * held) + embedding
        plain_total = layers * (attention_params + 2 * hidden * held) + embedding
        gated = abs(gated_total - n) <= abs(plain_total - n)
    width = intermediate // routed
    mlp = ((hidden, width),) * (2 if gated else 1) + ((width, hidden),)
    modules = {
        "q": ((hidden, q_width),),
        "k": ((hidden, kv_width),),
        "v": ((hidden, kv_width),),
        "o": ((q_width, hidden),),
        "mlp": mlp,
    }
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
        input_embedding_parameters=min(embedding, vocab * hidden),
        modules=modules,
        note=note,
        experts=experts,
        routed=routed,
    )
