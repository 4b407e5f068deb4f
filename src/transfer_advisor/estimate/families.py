"""Read a Hugging Face ``config.json`` and count the model's parameters analytically.

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

Every problem with the input raises :class:`~transfer_advisor.errors.ConfigError` naming the
file and the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from transfer_advisor.errors import ConfigError
from transfer_advisor.estimate.shape import ModelShape

__all__ = ["SUPPORTED_MODEL_TYPES", "ConfigFacts", "count_parameters", "load_config"]


@dataclass(frozen=True, slots=True)
class ConfigFacts:
    """What a ``config.json`` says about a model, with its analytic parameter count."""

    family: str
    """The normalised ``model_type`` (``"llama"``, ``"qwen2"``, ``"t5"``, ...)."""
    architecture: str
    """``"encoder"``, ``"decoder"`` or ``"encoder-decoder"``."""
    modality: str
    """``"text"`` or ``"image"``."""
    parameters: int
    context_window: int | None
    """Longest input in tokens (patches plus the class token for ViT); None when the model has
    no fixed limit (T5's relative positions) or the config does not say."""
    shape: ModelShape


# --------------------------------------------------------------------------------------------
# Reading fields


_MISSING = object()


def _describe(value: object) -> str:
    """A value as a user would recognise it from the JSON file, with its JSON type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, int):
        return f"{value} (an integer)"
    if isinstance(value, float):
        return f"{value!r} (a number with a fraction)"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"{json.dumps(text)} (a string)"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


class _Reader:
    """Typed access to one config mapping; every failure is a ConfigError naming the field."""

    def __init__(self, config: Mapping[str, object], source: str | None, family: str) -> None:
        self._config = config
        self._source = source
        self.family = family

    def error(self, field: str, message: str) -> ConfigError:
        return ConfigError(message, source=self._source, field=field)

    def _lookup(self, names: tuple[str, ...]) -> tuple[str, object]:
        """The first of ``names`` present with a non-null value, or (names[0], _MISSING)."""
        for name in names:
            value = self._config.get(name)
            if value is not None:
                return name, value
        return names[0], _MISSING

    def has(self, name: str) -> bool:
        return self._config.get(name) is not None

    def integer(self, *names: str, default: int | None = None, minimum: int = 1) -> int:
        """A required integer >= ``minimum`` (under any of ``names``), or ``default``."""
        field, value = self._lookup(names)
        if value is _MISSING:
            if default is not None:
                return default
            raise self.error(field, f"is required for model_type {self.family!r} but is missing")
        return self._check_int(field, value, minimum)

    def optional_integer(self, *names: str, minimum: int = 1) -> int | None:
        """An integer >= ``minimum`` if present and non-null, else None."""
        field, value = self._lookup(names)
        if value is _MISSING:
            return None
        return self._check_int(field, value, minimum)

    def _check_int(self, field: str, value: object, minimum: int) -> int:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        # A bool is an int to Python but never a count in a config.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be {kind}, got {_describe(value)}")
        if value < minimum:
            raise self.error(field, f"must be {kind}, got {value}")
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self._config.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, f"must be true or false, got {_describe(value)}")
        return value

    def text(self, name: str, default: str) -> str:
        value = self._config.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(name, f"must be a string, got {_describe(value)}")
        return value

    def architectures(self) -> list[str]:
        value = self._config.get("architectures")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(
                "architectures", f"must be an array of strings, got {_describe(value)}"
            )
        return list(value)

    def label_count(self) -> int:
        """Number of classification labels: ``id2label``'s size, else ``num_labels``, else 2."""
        value = self._config.get("id2label")
        if value is not None:
            if not isinstance(value, Mapping):
                raise self.error("id2label", f"must be an object, got {_describe(value)}")
            return len(value)
        return self.integer("num_labels", default=2, minimum=0)

    def image_side(self, name: str, default: int | None = None) -> tuple[int, int]:
        """An image or patch size: one positive integer, or [height, width]."""
        value = self._config.get(name)
        if value is None:
            if default is not None:
                return default, default
            raise self.error(name, f"is required for model_type {self.family!r} but is missing")
        if isinstance(value, list) and len(value) == 2:
            return self._check_int(name, value[0], 1), self._check_int(name, value[1], 1)
        side = self._check_int(name, value, 1)
        return side, side


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


def _linear(inputs: int, outputs: int, bias: bool) -> int:
    return inputs * outputs + (outputs if bias else 0)


def _norm(width: int, bias: bool) -> int:
    """RMSNorm has a weight only; LayerNorm a weight and a bias."""
    return width * (2 if bias else 1)


# --------------------------------------------------------------------------------------------
# Decoder-only models built from the llama-style template


@dataclass(frozen=True, slots=True)
class _DecoderStyle:
    """How a decoder family differs from the plain llama layout."""

    tie_default: bool
    qkv_bias: bool = False
    o_bias: bool = False
    mlp_gated: bool = True
    mlp_bias: bool = False
    norm_bias: bool = False  # LayerNorm (True) or RMSNorm (False)
    norms_per_layer: int = 2
    lm_head_bias: bool = False
    default_head_dim: int | None = None
    bias_fields: bool = False  # reads llama's ``attention_bias`` / ``mlp_bias`` switches
    attention_bias_field: bool = False  # reads ``attention_bias`` alone (gemma)
    moe: bool = False
    qk_layernorm_field: bool = False  # phi: optional LayerNorms on queries and keys
    qk_norm: bool = False  # qwen3, gemma3: an RMSNorm over head_dim on queries and on keys
    use_bias_field: bool = False  # starcoder2: ``use_bias`` switches every projection's bias


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
    if style.moe:
        experts = r.integer("num_local_experts")
        mlp = experts * mlp + hidden * experts  # the experts and the router
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
        ),
    )


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
"""The ``model_type`` values :func:`count_parameters` understands."""


# --------------------------------------------------------------------------------------------
# Public entry points


def count_parameters(config: Mapping[str, object], *, source: str | None = None) -> ConfigFacts:
    """Count a model's parameters from its parsed ``config.json``.

    ``source`` (a file name) is used only to locate errors. Raises ConfigError for a missing,
    ill-typed or out-of-range field, and for a ``model_type`` not in SUPPORTED_MODEL_TYPES.
    """
    if not isinstance(config, Mapping):
        raise ConfigError(
            f"a model config must be a JSON object, got {_describe(config)}", source=source
        )
    model_type = config.get("model_type")
    if model_type is None:
        raise ConfigError(
            "is missing; supported model types: " + ", ".join(SUPPORTED_MODEL_TYPES),
            source=source,
            field="model_type",
        )
    if not isinstance(model_type, str):
        raise ConfigError(
            f"must be a string, got {_describe(model_type)}", source=source, field="model_type"
        )
    family = model_type.strip().lower()
    counter = _COUNTERS.get(family)
    if counter is None:
        raise ConfigError(
            f"{model_type!r} is not supported; supported model types: "
            + ", ".join(SUPPORTED_MODEL_TYPES),
            source=source,
            field="model_type",
        )
    return counter(_Reader(config, source, family))


def load_config(path: str | os.PathLike[str]) -> ConfigFacts:
    """Read a ``config.json`` (or a model directory holding one) and count its parameters."""
    file = Path(path)
    if file.is_dir():
        if not (file / "config.json").exists():
            raise ConfigError("is a folder with no config.json in it", source=str(file))
        file = file / "config.json"
    source = str(file)
    from transfer_advisor._internal.files import DuplicateKey, read_text_file, unique_keys

    text = read_text_file(source, ConfigError)
    try:
        config: object = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"invalid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
        ) from None
    except DuplicateKey as exc:  # the last one would silently win, as in no other input
        raise ConfigError(f"invalid JSON: {exc}", source=source) from None
    except ValueError:  # Python refuses to read integers of more than 4,300 digits
        raise ConfigError("invalid JSON: a number too large to read", source=source) from None
    except RecursionError:
        raise ConfigError("invalid JSON: nested too deeply", source=source) from None
    if not isinstance(config, dict):
        raise ConfigError(
            f"a model config must be a JSON object, got {_describe(config)}", source=source
        )
    return count_parameters(config, source=source)
