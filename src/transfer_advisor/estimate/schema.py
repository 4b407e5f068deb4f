"""The schema of ``data/estimates.yaml``, for validating an estimates file.

Kept apart from the estimator: the shipped file is validated by the test suite and read
without validation at run time, so most runs never import this module.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    # defer_build: the schema is built on the first load, not when the module is imported.
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, defer_build=True
    )


class _Value(_Strict):
    value: float = Field(ge=0)
    source: str = Field(min_length=1)


class _PositiveValue(_Value):
    value: float = Field(gt=0)


class _Margin(_Value):
    value: float = Field(ge=0, lt=1)


class _Bound(_Strict):
    low: float = Field(ge=0)
    high: float = Field(ge=0)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> _Bound:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) is greater than high ({self.high:g})")
        return self


class _PositiveBound(_Bound):
    low: float = Field(gt=0)
    high: float = Field(gt=0)


class _FractionBound(_Bound):
    low: float = Field(ge=0, le=1)
    high: float = Field(ge=0, le=1)


class _UtilisationBound(_Bound):
    low: float = Field(gt=0, le=1)
    high: float = Field(gt=0, le=1)


class _PriceRow(_Strict):
    up_to_parameters: float = Field(gt=0)
    usd: float = Field(ge=0)


class _LayersRow(_Strict):
    up_to_parameters: float = Field(gt=0)
    layers: int = Field(ge=1)


def _check_ascending(limits: Sequence[float]) -> None:
    for before, after in itertools.pairwise(limits):
        if after <= before:
            raise ValueError("by_size rows must have strictly increasing up_to_parameters")


class _PriceTable(_Strict):
    source: str = Field(min_length=1)
    by_size: list[_PriceRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _ascending(self) -> _PriceTable:
        _check_ascending([row.up_to_parameters for row in self.by_size])
        return self


class _LayersTable(_Strict):
    source: str = Field(min_length=1)
    by_size: list[_LayersRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _ascending(self) -> _LayersTable:
        _check_ascending([row.up_to_parameters for row in self.by_size])
        return self


class _Units(_Strict):
    bytes_per_gb: _PositiveValue


class _Full(_Strict):
    weights_bytes_per_param: _Bound
    gradient_bytes_per_param: _Bound
    optimizer_bytes_per_param: _Bound


class _Lora(_Strict):
    base_bytes_per_param: _Bound
    adapter_weight_bytes_per_param: _Bound
    adapter_gradient_bytes_per_param: _Bound
    adapter_optimizer_bytes_per_param: _Bound


class _Qlora(_Strict):
    base_bits_per_param: _PositiveValue
    quantization_constant_bits_per_param: _Bound
    optimizer_resident_fraction: _FractionBound
    time_factor: _PositiveBound


class _Activations(_Strict):
    checkpoint_bytes_per_token_layer_hidden: _Value
    layer_bytes_per_token_hidden_full: _Bound
    layer_bytes_per_token_hidden_lora: _Bound
    layer_bytes_per_token_hidden_qlora: _Bound
    gated_mlp_bytes_per_token_intermediate: _Value
    plain_mlp_bytes_per_token_intermediate: _Value
    qlora_extra_bytes_per_token_intermediate: _Value
    lora_dropout_bytes_per_adapted_input: _Bound
    eager_attention_bytes_per_token_head_position: _Value
    logits_bytes_per_token_vocab: _Bound
    autocast_eager_extra_bytes_per_token_head_position: _Value


class _Precision(_Strict):
    pure_16bit_optimizer_bytes_per_param: _Value
    fp32_bytes_per_value: _PositiveValue
    eight_bit_optimizer_bytes_per_param: _Value


class _Overhead(_Strict):
    cuda_context_gb: _Bound
    fragmentation_fraction: _FractionBound


class _Sharding(_Strict):
    gathered_layers: _Bound
    gathered_bytes_per_param: _Value
    fsdp_root_unit_unsharded: _Value
    unsharded_gradient_layers: _Bound
    offload_host_buffer: _Bound


class _InContext(_Strict):
    weight_bytes_per_param: _PositiveValue
    kv_bytes_per_value: _PositiveValue
    working_memory_fraction_of_weights: _Bound
    default_prompt_token_budget: _PositiveValue
    usd_per_million_input_tokens: _PriceTable


class _Compute(_Strict):
    forward_flops_per_param_token: _Value
    backward_input_flops_per_param_token: _Value
    backward_weight_flops_per_param_token: _Value
    model_flops_utilisation: _UtilisationBound


class _Verdict(_Strict):
    tight_margin: _Margin


class _ShapeApproximation(_Strict):
    params_per_layer_hidden_squared: _PositiveValue
    head_dim: _PositiveValue
    mlp_ratio: _PositiveValue
    vocab_size: _PositiveValue
    layers_by_size: _LayersTable


class EstimatesFile(_Strict):
    schema_version: Literal[1]
    units: _Units
    full: _Full
    lora: _Lora
    qlora: _Qlora
    activations: _Activations
    precision: _Precision
    overhead: _Overhead
    sharding: _Sharding
    in_context: _InContext
    compute: _Compute
    verdict: _Verdict
    shape_approximation: _ShapeApproximation
