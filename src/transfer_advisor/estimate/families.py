"""Count a model's parameters from its Hugging Face ``config.json``: one counter per family.

The count is worked out from the architecture the config describes (embeddings, attention with
grouped-query KV heads, gated or plain MLPs, norms, biases, tied or untied output embeddings),
family by family, without torch, transformers or the network. For the common checkpoints it
equals the published figure exactly.

What is counted, per kind of model:

* decoder-only language models (llama, mistral, mixtral, qwen2, qwen3, gemma, gemma2,
  gemma3_text, phi, phi3, starcoder2, gpt2): the causal-LM model including its output head, the
  head counted once when it is tied to the input embeddings;
* encoders (bert, roberta, xlm-roberta): the encoder with its pooler, the figure usually
  published for them (masked-LM and NSP heads, which fine-tuning replaces, are not counted);
* t5: the full encoder-decoder with its shared embedding and, when untied, its LM head;
* vit: patch embedding, class token, position embeddings, encoder and final norm, plus the
  pooler (``ViTModel``) or the image-classification head (``ViTForImageClassification``),
  whichever ``architectures`` names.
"""

from __future__ import annotations

from collections.abc import Callable

from transfer_advisor.estimate.configfields import (
    ConfigFacts,
    _describe,
    _linear,
    _norm,
    _Reader,
)
from transfer_advisor.estimate.decoders import _DECODERS, _decoder, _DecoderStyle
from transfer_advisor.estimate.shape import ModelShape

__all__ = ["SUPPORTED_MODEL_TYPES"]


# --------------------------------------------------------------------------------------------
# Families with their own layout


def _gpt2(r: _Reader) -> ConfigFacts:
    vocab = r.integer("vocab_size")
    hidden = r.integer("n_embd", "hidden_size")
    layers = r.integer("n_layer", "num_hidden_layers")
    heads = r.integer("n_head", "num_attention_heads")
    positions = r.integer("n_positions", "max_position_embeddings")
    inter = r.integer("n_inner", default=4 * hidden)
    if hidden % heads:
        raise r.error("n_head", f"must divide n_embd ({hidden}) evenly, got {heads}")
    tied = r.flag("tie_word_embeddings", True)

    # Conv1D layers, all with biases; two LayerNorms per block.
    per_layer = (
        _linear(hidden, 3 * hidden, True)  # c_attn: q, k, v
        + _linear(hidden, hidden, True)  # attn c_proj
        + _linear(hidden, inter, True)  # mlp c_fc
        + _linear(inter, hidden, True)  # mlp c_proj
        + 2 * _norm(hidden, True)
    )
    total = (
        vocab * hidden  # wte
        + positions * hidden  # wpe
        + layers * per_layer
        + _norm(hidden, True)  # ln_f
        + (0 if tied else vocab * hidden)
    )
    return ConfigFacts(
        family=r.family,
        architecture="decoder",
        modality="text",
        parameters=total,
        context_window=positions,
        shape=ModelShape(
            parameters=total,
            layers=layers,
            hidden_size=hidden,
            num_heads=heads,
            num_kv_heads=heads,
            head_dim=hidden // heads,
            intermediate_size=inter,
            vocab_size=vocab,
            tie_word_embeddings=tied,
        ),
    )


def _encoder_layer(hidden: int, inter: int, qkv_bias: bool = True) -> int:
    """One post-LN BERT/ViT block: attention, output dense, MLP, two LayerNorms, biases."""
    return (
        3 * _linear(hidden, hidden, qkv_bias)
        + _linear(hidden, hidden, True)
        + _linear(hidden, inter, True)
        + _linear(inter, hidden, True)
        + 2 * _norm(hidden, True)
    )


def _bert(r: _Reader) -> ConfigFacts:
    vocab = r.integer("vocab_size")
    hidden = r.integer("hidden_size")
    layers = r.integer("num_hidden_layers")
    heads = r.integer("num_attention_heads")
    inter = r.integer("intermediate_size")
    positions = r.integer("max_position_embeddings")
    token_types = r.integer("type_vocab_size", default=2, minimum=0)
    if hidden % heads:
        raise r.error(
            "num_attention_heads", f"must divide the hidden size ({hidden}) evenly, got {heads}"
        )
    head_dim = hidden // heads
    position_type = r.text("position_embedding_type", "absolute")
    if position_type not in ("absolute", "relative_key", "relative_key_query"):
        raise r.error(
            "position_embedding_type",
            "must be one of absolute, relative_key, relative_key_query, "
            f"got {_describe(position_type)}",
        )

    per_layer = _encoder_layer(hidden, inter)
    if position_type != "absolute":
        per_layer += (2 * positions - 1) * head_dim  # distance_embedding in each self-attention
    embeddings = (vocab + positions + token_types) * hidden + _norm(hidden, True)
    pooler = _linear(hidden, hidden, True)
    total = embeddings + layers * per_layer + pooler

    context = positions
    if r.family in ("roberta", "xlm-roberta"):
        # RoBERTa numbers positions from padding_idx + 1, so 514 embeddings hold 512 tokens.
        context = positions - (r.integer("pad_token_id", default=1, minimum=0) + 1)
        if context < 1:
            raise r.error(
                "max_position_embeddings",
                f"leaves no positions after the padding offset, got {positions}",
            )
    return ConfigFacts(
        family=r.family,
        architecture="encoder",
        modality="text",
        parameters=total,
        context_window=context,
        shape=ModelShape(
            parameters=total,
            layers=layers,
            hidden_size=hidden,
            num_heads=heads,
            num_kv_heads=heads,
            head_dim=head_dim,
            intermediate_size=inter,
            vocab_size=vocab,
            tie_word_embeddings=None,  # no output embedding is counted
        ),
    )


def _t5(r: _Reader) -> ConfigFacts:
    vocab = r.integer("vocab_size")
    d_model = r.integer("d_model")
    d_kv = r.integer("d_kv")
    d_ff = r.integer("d_ff")
    heads = r.integer("num_heads")
    encoder_layers = r.integer("num_layers")
    decoder_layers = r.integer("num_decoder_layers", default=encoder_layers)
    buckets = r.integer("relative_attention_num_buckets", default=32)
    tied = r.flag("tie_word_embeddings", True)
    projection = r.text("feed_forward_proj", "relu")
    parts = projection.split("-")
    if not parts[-1] or len(parts) > 2 or (len(parts) == 2 and parts[0] != "gated"):
        raise r.error(
            "feed_forward_proj",
            f"must be an activation name or 'gated-' and one, got {_describe(projection)}",
        )
    gated = len(parts) == 2  # t5 v1.0 uses "relu"; t5 v1.1 / flan-t5 "gated-gelu"

    inner = heads * d_kv
    attention = 3 * d_model * inner + inner * d_model  # q, k, v, o: T5 has no biases
    feed_forward = (3 if gated else 2) * d_model * d_ff
    encoder_block = attention + feed_forward + 2 * d_model  # RMS-style norms, weight only
    decoder_block = 2 * attention + feed_forward + 3 * d_model  # plus cross-attention
    relative_bias = buckets * heads  # only the first block of each stack has one
    encoder = encoder_layers * encoder_block + relative_bias + d_model
    decoder = decoder_layers * decoder_block + relative_bias + d_model
    shared = vocab * d_model
    total = shared + encoder + decoder + (0 if tied else vocab * d_model)
    return ConfigFacts(
        family=r.family,
        architecture="encoder-decoder",
        modality="text",
        parameters=total,
        context_window=None,  # relative position buckets: no fixed limit
        shape=ModelShape(
            parameters=total,
            layers=encoder_layers + decoder_layers,
            hidden_size=d_model,
            num_heads=heads,
            num_kv_heads=heads,
            head_dim=d_kv,
            intermediate_size=d_ff,
            vocab_size=vocab,
            tie_word_embeddings=tied,
        ),
    )


def _vit(r: _Reader) -> ConfigFacts:
    hidden = r.integer("hidden_size")
    layers = r.integer("num_hidden_layers")
    heads = r.integer("num_attention_heads")
    inter = r.integer("intermediate_size")
    image_h, image_w = r.image_side("image_size")
    patch_h, patch_w = r.image_side("patch_size")
    channels = r.integer("num_channels", default=3)
    qkv_bias = r.flag("qkv_bias", True)
    if hidden % heads:
        raise r.error(
            "num_attention_heads", f"must divide the hidden size ({hidden}) evenly, got {heads}"
        )
    patches = (image_h // patch_h) * (image_w // patch_w)
    if patches == 0:
        raise r.error("patch_size", f"is larger than the image ({image_h}x{image_w})")

    backbone = (
        _linear(channels * patch_h * patch_w, hidden, True)  # patch embedding (a conv)
        + hidden  # class token
        + (patches + 1) * hidden  # position embeddings
        + layers * _encoder_layer(hidden, inter, qkv_bias)
        + _norm(hidden, True)  # final LayerNorm
    )
    names = r.architectures()
    head = 0
    if "ViTForImageClassification" in names:
        labels = r.label_count()
        head = _linear(hidden, labels, True) if labels else 0  # no pooler in this model
    elif not names or "ViTModel" in names:
        head = _linear(hidden, r.integer("pooler_output_size", default=hidden), True)
    total = backbone + head
    return ConfigFacts(
        family=r.family,
        architecture="encoder",
        modality="image",
        parameters=total,
        context_window=patches + 1,
        shape=ModelShape(
            parameters=total,
            layers=layers,
            hidden_size=hidden,
            num_heads=heads,
            num_kv_heads=heads,
            head_dim=hidden // heads,
            intermediate_size=inter,
            vocab_size=None,
            tie_word_embeddings=None,
        ),
    )


def _decoder_counter(style: _DecoderStyle) -> Callable[[_Reader], ConfigFacts]:
    return lambda r: _decoder(r, style)


_COUNTERS: dict[str, Callable[[_Reader], ConfigFacts]] = {
    **{family: _decoder_counter(style) for family, style in _DECODERS.items()},
    "gpt2": _gpt2,
    "bert": _bert,
    "roberta": _bert,
    "xlm-roberta": _bert,
    "t5": _t5,
    "vit": _vit,
}

SUPPORTED_MODEL_TYPES: tuple[str, ...] = tuple(sorted(_COUNTERS))
"""The ``model_type`` values :func:`~transfer_advisor.estimate.hfconfig.count_parameters`
understands."""
