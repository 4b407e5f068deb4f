"""Parameter counts of the decoder-only families built from the llama-style template (llama,
mistral, mixtral, qwen2, qwen3, gemma, gemma2, gemma3_text, phi, phi3, starcoder2): one counter
for all of them, and a :class:`_DecoderStyle` per family that says how it differs from the plain
llama layout (biases, norms, gated or plain MLP, mixture of experts, head size, tying).
"""

from __future__ import annotations

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.estimate.configfields import ConfigFacts, _linear, _norm, _Reader
from transfer_advisor.estimate.shape import ModelShape


def _head_dim(r: _Reader, hidden: int, heads: int, heads_field: str, default: int | None) -> int:
    """``head_dim`` from the config, else the family default, else hidden / heads."""
    explicit = r.optional_integer("head_dim")
    if explicit is not None:
        return explicit
    if default is not None:
        return default
    if hidden % heads:
        raise r.error(heads_field, f"must divide the hidden size ({hidden}) evenly, got {heads}")
    return hidden // heads


def _kv_heads(r: _Reader, heads: int) -> int:
    kv = r.integer("num_key_value_heads", default=heads)
    if heads % kv:
        raise r.error(
            "num_key_value_heads",
            f"must divide num_attention_heads ({heads}) evenly, got {kv}",
        )
    return kv


class _DecoderStyle(FrozenRecord):
    """How a decoder family differs from the plain llama layout."""

    __slots__ = (
        "tie_default",
        "qkv_bias",
        "o_bias",
        "mlp_gated",
        "mlp_bias",
        "norm_bias",
        "norms_per_layer",
        "lm_head_bias",
        "default_head_dim",
        "bias_fields",
        "attention_bias_field",
        "moe",
        "expert_moe",
        "qk_layernorm_field",
        "qk_norm",
        "use_bias_field",
    )

    tie_default: bool
    qkv_bias: bool
    o_bias: bool
    mlp_gated: bool
    mlp_bias: bool
    norm_bias: bool  # LayerNorm (True) or RMSNorm (False)
    norms_per_layer: int
    lm_head_bias: bool
    default_head_dim: int | None
    bias_fields: bool  # reads llama's ``attention_bias`` / ``mlp_bias`` switches
    attention_bias_field: bool  # reads ``attention_bias`` alone (gemma)
    moe: bool  # mixtral: num_local_experts copies of the MLP in every layer
    expert_moe: bool  # qwen3_moe: num_experts smaller MLPs (moe_intermediate_size) per layer
    qk_layernorm_field: bool  # phi: optional LayerNorms on queries and keys
    qk_norm: bool  # qwen3, gemma3: an RMSNorm over head_dim on queries and on keys
    use_bias_field: bool  # starcoder2: ``use_bias`` switches every projection's bias

    def __init__(
        self,
        tie_default: bool,
        qkv_bias: bool = False,
        o_bias: bool = False,
        mlp_gated: bool = True,
        mlp_bias: bool = False,
        norm_bias: bool = False,
        norms_per_layer: int = 2,
        lm_head_bias: bool = False,
        default_head_dim: int | None = None,
        bias_fields: bool = False,
        attention_bias_field: bool = False,
        moe: bool = False,
        expert_moe: bool = False,
        qk_layernorm_field: bool = False,
        qk_norm: bool = False,
        use_bias_field: bool = False,
    ) -> None:
        object.__setattr__(self, "tie_default", tie_default)
        object.__setattr__(self, "qkv_bias", qkv_bias)
        object.__setattr__(self, "o_bias", o_bias)
        object.__setattr__(self, "mlp_gated", mlp_gated)
        object.__setattr__(self, "mlp_bias", mlp_bias)
        object.__setattr__(self, "norm_bias", norm_bias)
        object.__setattr__(self, "norms_per_layer", norms_per_layer)
        object.__setattr__(self, "lm_head_bias", lm_head_bias)
        object.__setattr__(self, "default_head_dim", default_head_dim)
        object.__setattr__(self, "bias_fields", bias_fields)
        object.__setattr__(self, "attention_bias_field", attention_bias_field)
        object.__setattr__(self, "moe", moe)
        object.__setattr__(self, "expert_moe", expert_moe)
        object.__setattr__(self, "qk_layernorm_field", qk_layernorm_field)
        object.__setattr__(self, "qk_norm", qk_norm)
        object.__setattr__(self, "use_bias_field", use_bias_field)


_DECODERS: dict[str, _DecoderStyle] = {
    "llama": _DecoderStyle(tie_default=False, bias_fields=True),
    "mistral": _DecoderStyle(tie_default=False),
    "mixtral": _DecoderStyle(tie_default=False, moe=True),
    "qwen2": _DecoderStyle(tie_default=False, qkv_bias=True),
    "gemma": _DecoderStyle(tie_default=True, default_head_dim=256, attention_bias_field=True),
    "gemma2": _DecoderStyle(
        tie_default=True, default_head_dim=256, attention_bias_field=True, norms_per_layer=4
    ),
    # phi-2: parallel attention and MLP behind one LayerNorm, biases everywhere, GELU MLP.
    "phi": _DecoderStyle(
        tie_default=False,
        qkv_bias=True,
        o_bias=True,
        mlp_gated=False,
        mlp_bias=True,
        norm_bias=True,
        norms_per_layer=1,
        lm_head_bias=True,
        qk_layernorm_field=True,
    ),
    # phi3 fuses q/k/v and gate/up into single matrices: the same number of weights.
    "phi3": _DecoderStyle(tie_default=False),
    "qwen3": _DecoderStyle(
        tie_default=False, default_head_dim=128, attention_bias_field=True, qk_norm=True
    ),
    # Gemma 3's text-only checkpoints (gemma-3-1b); the larger ones are multimodal ("gemma3").
    "gemma3_text": _DecoderStyle(
        tie_default=True,
        default_head_dim=256,
        attention_bias_field=True,
        norms_per_layer=4,
        qk_norm=True,
    ),
    # Qwen3's mixtures of experts (Qwen3-30B-A3B): qwen3's attention, and in every layer
    # num_experts gated MLPs of moe_intermediate_size behind a router.
    "qwen3_moe": _DecoderStyle(
        tie_default=False,
        default_head_dim=128,
        attention_bias_field=True,
        qk_norm=True,
        expert_moe=True,
    ),
    # gpt-oss: mixtral's routed experts (num_local_experts, num_experts_per_tok), with biases
    # on every expert projection and, by attention_bias, on the attention's (OpenAI 2025,
    # gpt-oss model card, Sec. 2.1; transformers' GptOssConfig). Its per-head attention sinks
    # and router biases (a few thousand parameters) are not counted.
    "gpt_oss": _DecoderStyle(tie_default=False, attention_bias_field=True, mlp_bias=True, moe=True),
    # starcoder2: LayerNorms, a plain GELU MLP (c_fc, c_proj), biases unless use_bias is false.
    "starcoder2": _DecoderStyle(
        tie_default=True, mlp_gated=False, norm_bias=True, use_bias_field=True
    ),
}


def _decoder(r: _Reader, style: _DecoderStyle) -> ConfigFacts:
    vocab = r.integer("vocab_size")
    hidden = r.integer("hidden_size")
    layers = r.integer("num_hidden_layers")
    heads = r.integer("num_attention_heads")
    inter = r.integer("intermediate_size")
    kv = _kv_heads(r, heads)
    head_dim = _head_dim(r, hidden, heads, "num_attention_heads", style.default_head_dim)
    tied = r.flag("tie_word_embeddings", style.tie_default)
    context = r.optional_integer("max_position_embeddings")

    qkv_bias, o_bias, mlp_bias = style.qkv_bias, style.o_bias, style.mlp_bias
    if style.bias_fields:
        qkv_bias = o_bias = r.flag("attention_bias", False)
        mlp_bias = r.flag("mlp_bias", False)
    elif style.attention_bias_field:
        qkv_bias = o_bias = r.flag("attention_bias", False)
    elif style.use_bias_field:
        qkv_bias = o_bias = mlp_bias = r.flag("use_bias", True)

    q_width, kv_width = heads * head_dim, kv * head_dim
    attention = (
        _linear(hidden, q_width, qkv_bias)
        + 2 * _linear(hidden, kv_width, qkv_bias)
        + _linear(q_width, hidden, o_bias)
    )
    if style.mlp_gated:
        mlp = 2 * _linear(hidden, inter, mlp_bias) + _linear(inter, hidden, mlp_bias)
    else:
        mlp = _linear(hidden, inter, mlp_bias) + _linear(inter, hidden, mlp_bias)
    experts: int | None = None
    routed: int | None = None
    if style.moe:
        experts = r.integer("num_local_experts")
        mlp = experts * mlp + hidden * experts  # the experts and the router
        # Each token runs through num_experts_per_tok experts: that is the MLP width whose
        # activations training stores (Jiang et al. 2024, Mixtral, Sec. 2.1: two of eight).
        routed = r.integer("num_experts_per_tok", default=2)
        inter *= routed
    elif style.expert_moe:
        experts = r.integer("num_experts")
        inter = r.integer("moe_intermediate_size")
        if r.integer("decoder_sparse_step", default=1) != 1:
            raise r.error(
                "decoder_sparse_step", "must be 1: only experts in every layer are counted"
            )
        if r.integer_list("mlp_only_layers"):
            raise r.error(
                "mlp_only_layers", "must be empty: only experts in every layer are counted"
            )
        expert = 2 * _linear(hidden, inter, mlp_bias) + _linear(inter, hidden, mlp_bias)
        mlp = experts * expert + hidden * experts  # the experts and the router
        routed = r.integer("num_experts_per_tok", default=8)  # as for mixtral, above
        inter *= routed
    per_layer = attention + mlp + style.norms_per_layer * _norm(hidden, style.norm_bias)
    if style.qk_layernorm_field and r.flag("qk_layernorm", False):
        per_layer += 2 * _norm(head_dim, True)
    if style.qk_norm:
        per_layer += 2 * _norm(head_dim, False)

    embeddings = vocab * hidden
    head = (0 if tied else vocab * hidden) + (vocab if style.lm_head_bias else 0)
    total = embeddings + layers * per_layer + _norm(hidden, style.norm_bias) + head
    return ConfigFacts(
        family=r.family,
        architecture="decoder",
        modality="text",
        parameters=total,
        context_window=context,
        shape=ModelShape(
            parameters=total,
            layers=layers,
            hidden_size=hidden,
            num_heads=heads,
            num_kv_heads=kv,
            head_dim=head_dim,
            intermediate_size=inter,
            vocab_size=vocab,
            tie_word_embeddings=tied,
            num_experts=experts,
            experts_per_token=routed,
        ),
    )
