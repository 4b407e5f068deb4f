"""What the training strategy changes in the memory a technique holds: the optimizer's bytes
per trained parameter (and whether it is paged out), and what the parallelism keeps on each GPU
(DDP replicates everything; ZeRO-2 shards gradients and optimizer state; ZeRO-3 and FSDP shard
the weights too; CPU offload moves the optimizer state (with the fp32 master weights) and the
gradients to CPU memory, and under ZeRO-3/FSDP the weights too). Pure arithmetic on the
constants, with the explanation text.
"""

from __future__ import annotations

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.errors import InputError
from transfer_advisor.estimate.constants import EstimateConstants
from transfer_advisor.estimate.phrases import _gpus, _span
from transfer_advisor.estimate.results import OPTIMIZERS, PARALLELISMS, Range

_NAMES = {"ddp": "DDP", "zero2": "ZeRO-2", "zero3": "ZeRO-3", "fsdp": "FSDP"}
_SHARDS_WEIGHTS = ("zero3", "fsdp")


class _Share(FrozenRecord):
    """The fraction of a held term on each GPU, and the text that says why."""

    __slots__ = ("factor", "text")

    factor: float
    text: str

    def __init__(self, factor: float, text: str) -> None:
        object.__setattr__(self, "factor", factor)
        object.__setattr__(self, "text", text)


class _Split(FrozenRecord):
    __slots__ = ("weights", "gradients", "optimizer", "gathers")
    weights: _Share
    gradients: _Share
    optimizer: _Share
    gathers: bool  # ZeRO-3/FSDP gather each layer's weights while computing it

    def __init__(
        self, weights: _Share, gradients: _Share, optimizer: _Share, gathers: bool
    ) -> None:
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "gradients", gradients)
        object.__setattr__(self, "optimizer", optimizer)
        object.__setattr__(self, "gathers", gathers)


def check(optimizer: str | None, parallelism: str, cpu_offload: bool) -> None:
    """Raise InputError for an unknown optimizer or parallelism, or DDP with CPU offload."""
    if optimizer is not None and optimizer not in OPTIMIZERS:
        raise InputError(f"must be one of {', '.join(OPTIMIZERS)}", field="optimizer")
    if parallelism not in PARALLELISMS:
        raise InputError(f"must be one of {', '.join(PARALLELISMS)}", field="parallelism")
    if cpu_offload and parallelism == "ddp":
        raise InputError("DDP has no CPU offload: use zero2, zero3 or fsdp", field="cpu_offload")


def split(gpus: int, parallelism: str, cpu_offload: bool) -> _Split:
    """What of weights, gradients and optimizer state each GPU holds."""
    name = _NAMES[parallelism]
    shards_weights = parallelism in _SHARDS_WEIGHTS
    if gpus == 1:
        kept = _Share(1.0, "on 1 GPU")
        sharded = replicated = kept
    else:
        on = _gpus(gpus)
        sharded = _Share(1.0 / gpus, f"sharded over {on} ({name})")
        replicated = _Share(1.0, f"replicated on each of {on} ({name})")
    offloaded = _Share(0.0, f"offloaded to CPU memory ({name} CPU offload)")
    optimizer = sharded if parallelism != "ddp" else replicated
    gradients = optimizer
    weights = sharded if shards_weights else replicated
    if cpu_offload:
        # ZeRO-Offload moves the gradients to CPU memory with the optimizer state, which
        # does the update there (Ren et al. 2021, ZeRO-Offload, Sec. 4).
        optimizer = gradients = offloaded
        if shards_weights:
            weights = offloaded
    gathers = shards_weights and (gpus > 1 or cpu_offload)
    return _Split(weights, gradients, optimizer, gathers)


def parallelism_note(gpus: int, parallelism: str | None, cpu_offload: bool) -> str:
    """The assumption stated when the manifest leaves the parallelism unset on several GPUs."""
    if gpus == 1 or parallelism is not None:
        return ""
    return (
        "; parallelism not set: fully sharded (FSDP/ZeRO-3) assumed, as multi-GPU fine-tuning "
        "recipes do (set training.parallelism: ddp if every GPU holds a full copy)"
    )


def optimizer_bytes(
    technique: str, optimizer: str | None, precision: str, adapter: bool, c: EstimateConstants
) -> tuple[Range, Range, str]:
    """Bytes per trained parameter, the share resident on the GPU, and the text's head
    ("AdamW m and v in fp32: 8 bytes × "); ``optimizer`` None is the technique's default."""
    chosen = optimizer or ("paged_adamw_32bit" if technique == "qlora" else "adamw")
    fp32 = c.lora_adapter_optimizer_bytes if adapter else c.full_optimizer_bytes
    resident = Range(1.0, 1.0)
    paged = chosen.startswith("paged_")
    if paged:
        resident = c.qlora_optimizer_resident
    if chosen == "adamw" and precision == "bf16-true":
        b = c.pure_16bit_optimizer_bytes
        size, head = Range(b, b), "AdamW m and v in bf16 (bf16-true: in the parameters' dtype)"
    elif chosen == "adamw":
        size, head = fp32, "AdamW m and v in fp32"
    elif chosen.endswith("8bit"):
        b = c.eight_bit_optimizer_bytes
        size, head = Range(b, b), "8-bit AdamW (bitsandbytes), m and v in 1 byte each"
    else:
        size, head = fp32, "32-bit AdamW (bitsandbytes), m and v in fp32"
    if paged:
        head = "paged " + head
    if optimizer is None:
        head += " (optimizer not set: the default)"
    whose = " for the adapter only" if adapter else ""
    text = f"{head}{whose}: {_span(size)} bytes × "
    return size, resident, text
