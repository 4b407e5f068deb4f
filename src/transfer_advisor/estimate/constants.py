"""The constants of the estimates: ``data/estimates.yaml`` loaded, validated and flattened into
one :class:`EstimateConstants` for the hot path. Every number the arithmetic uses (bytes per
parameter, activation factors, utilisation, prices...) comes from that file with its source next
to it; the shipped file is read from its snapshot without validation, any other is validated
against :mod:`~transfer_advisor.estimate.schema` with its errors located by line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor._internal.shipped import shipped_data
from transfer_advisor._internal.validation import describe_error, locate_error
from transfer_advisor._internal.yaml import load_document
from transfer_advisor.errors import CatalogError
from transfer_advisor.estimate.phrases import _Phrases
from transfer_advisor.estimate.results import Range
from transfer_advisor.estimate.shape import ModelShape

if TYPE_CHECKING:
    from transfer_advisor.estimate.prepare import _Prepared

__all__ = ["DEFAULT_CONSTANTS_PATH", "EstimateConstants", "load_constants"]

DEFAULT_CONSTANTS_PATH = Path(__file__).resolve().parent.parent / "data" / "estimates.yaml"


class EstimateConstants(FrozenRecord):
    """Every number of ``estimates.yaml``, flattened for plain attribute access.

    ``sources`` maps each constant's dotted key (``qlora.time_factor``) to its citation, for
    reports that want to show where a figure comes from. Build one with :func:`load_constants`;
    :meth:`replace` gives a what-if variant (the derived fields are rebuilt).
    """

    __slots__ = (
        "path",
        "bytes_per_gb",
        "full_weight_bytes",
        "full_gradient_bytes",
        "full_optimizer_bytes",
        "lora_base_bytes",
        "lora_adapter_weight_bytes",
        "lora_adapter_gradient_bytes",
        "lora_adapter_optimizer_bytes",
        "qlora_base_bits",
        "qlora_constant_bits",
        "qlora_optimizer_resident",
        "qlora_time_factor",
        "checkpoint_bytes",
        "layer_bytes_full",
        "layer_bytes_lora",
        "layer_bytes_qlora",
        "logits_bytes",
        "gated_mlp_bytes",
        "plain_mlp_bytes",
        "qlora_mlp_extra_bytes",
        "lora_dropout_bytes",
        "eager_attention_bytes",
        "autocast_eager_extra_bytes",
        "pure_16bit_optimizer_bytes",
        "fp32_bytes",
        "eight_bit_optimizer_bytes",
        "cuda_context_gb",
        "fragmentation",
        "gathered_layers",
        "gathered_bytes",
        "fsdp_root_unsharded",
        "unsharded_gradient_layers",
        "offload_host_buffer",
        "inference_weight_bytes",
        "kv_bytes",
        "inference_working_fraction",
        "prompt_token_budget",
        "input_price_by_size",
        "forward_flops",
        "backward_input_flops",
        "backward_weight_flops",
        "mfu",
        "tight_margin",
        "params_per_layer_hidden_squared",
        "default_head_dim",
        "mlp_ratio",
        "default_vocab_size",
        "layers_by_size",
        "sources",
        "prepared_cache",
        "phrases",
    )
    #: The constants and their sources: equality, the hash and replace() use these, not the
    #: two derived fields after them.
    _compared = __slots__[:-2]

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
    gated_mlp_bytes: float
    plain_mlp_bytes: float
    qlora_mlp_extra_bytes: float
    lora_dropout_bytes: Range
    eager_attention_bytes: float
    autocast_eager_extra_bytes: float
    pure_16bit_optimizer_bytes: float
    fp32_bytes: float
    eight_bit_optimizer_bytes: float
    cuda_context_gb: Range
    fragmentation: Range
    gathered_layers: Range
    gathered_bytes: float
    fsdp_root_unsharded: float
    unsharded_gradient_layers: Range
    offload_host_buffer: Range
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
    sources: Mapping[str, str]
    # Per-(shape, rank, gpus) numbers and texts, filled by estimate(); not part of equality.
    prepared_cache: dict[
        tuple[ModelShape, int, int, tuple[str, ...], str, str, str, bool, int | None, int | None],
        _Prepared,
    ]
    # Explanation fragments that depend only on the constants above.
    phrases: _Phrases

    def __init__(self, **values: Any) -> None:
        """Every field of ``_compared`` by keyword (see :func:`_flatten`), none other."""
        names = set(self._compared)
        if set(values) != names:
            missing, unknown = sorted(names - set(values)), sorted(set(values) - names)
            raise TypeError(f"EstimateConstants: missing {missing}, unknown {unknown}")
        for name in self._compared:
            object.__setattr__(self, name, values[name])
        object.__setattr__(self, "prepared_cache", {})
        object.__setattr__(self, "phrases", _Phrases.build(self))

    def __hash__(self) -> int:  # the sources are a mapping, and only cite the numbers
        return hash(self._values()[:-1])

    def replace(self, **changes: Any) -> EstimateConstants:
        """A copy with ``changes`` (keyword per field), its derived fields rebuilt."""
        values = {name: getattr(self, name) for name in self._compared}
        values.update(changes)
        return EstimateConstants(**values)


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
        gated_mlp_bytes=act["gated_mlp_bytes_per_token_intermediate"]["value"],
        plain_mlp_bytes=act["plain_mlp_bytes_per_token_intermediate"]["value"],
        qlora_mlp_extra_bytes=act["qlora_extra_bytes_per_token_intermediate"]["value"],
        lora_dropout_bytes=_bound(act["lora_dropout_bytes_per_adapted_input"]),
        eager_attention_bytes=act["eager_attention_bytes_per_token_head_position"]["value"],
        autocast_eager_extra_bytes=act["autocast_eager_extra_bytes_per_token_head_position"][
            "value"
        ],
        pure_16bit_optimizer_bytes=f["precision"]["pure_16bit_optimizer_bytes_per_param"]["value"],
        fp32_bytes=f["precision"]["fp32_bytes_per_value"]["value"],
        eight_bit_optimizer_bytes=f["precision"]["eight_bit_optimizer_bytes_per_param"]["value"],
        cuda_context_gb=_bound(overhead["cuda_context_gb"]),
        fragmentation=_bound(overhead["fragmentation_fraction"]),
        gathered_layers=_bound(f["sharding"]["gathered_layers"]),
        gathered_bytes=f["sharding"]["gathered_bytes_per_param"]["value"],
        fsdp_root_unsharded=f["sharding"]["fsdp_root_unit_unsharded"]["value"],
        unsharded_gradient_layers=_bound(f["sharding"]["unsharded_gradient_layers"]),
        offload_host_buffer=_bound(f["sharding"]["offload_host_buffer"]),
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


def _lookup(table: tuple[tuple[float, Any], ...], parameters: int) -> Any:
    for up_to, value in table:
        if parameters <= up_to:
            return value
    return table[-1][1]
