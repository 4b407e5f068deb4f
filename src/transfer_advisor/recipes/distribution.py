"""How a trainer's config shares the GPUs: the manifest's training.parallelism (DDP, ZeRO-2,
ZeRO-3, FSDP) and cpu_offload, in each trainer's own terms (axolotl's deepspeed_configs/ and
FSDP2 settings, LLaMA-Factory's examples/deepspeed/ and examples/accelerate/, TRL's
--accelerate_config, TrainingArguments' deepspeed and fsdp), with a note that says which.
"""

from __future__ import annotations

from typing import Any

from transfer_advisor.recipes.model import Hyperparameters

__all__ = [
    "axolotl_distribution",
    "llama_factory_distribution",
    "transformers_distribution",
    "trl_distribution",
]

#: accelerate launch's --mixed_precision for each precision.
_MIXED = {"bf16": "bf16", "fp16": "fp16", "fp32": "no"}
_SHARED = {
    "ddp": "DDP (a full copy of the model on every GPU{offload})",
    "zero2": "DeepSpeed ZeRO-2 (gradients and optimizer states sharded, a full copy of the "
             "weights on every GPU{offload})",
    "zero3": "DeepSpeed ZeRO-3 (weights, gradients and optimizer states sharded{offload})",
    "fsdp": "FSDP (weights, gradients and optimizer states sharded{offload})",
}  # fmt: skip
_OFFLOAD = {"zero2": "; optimizer states offloaded to the CPU",
            "zero3": "; optimizer states and weights offloaded to the CPU",
            "fsdp": "; weights, gradients and optimizer states offloaded to the CPU"}  # fmt: skip


def _shared(h: Hyperparameters, how: str) -> str:
    """The note that says how the GPUs share the run, and with what config."""
    p = str(h.parallelism)
    return _SHARED[p].format(offload=_OFFLOAD[p] if h.cpu_offload else "") + ", " + how


def axolotl_distribution(h: Hyperparameters, c: dict[str, Any]) -> tuple[str, ...]:
    """axolotl's DeepSpeed, FSDP or DDP settings (its docs, multi-gpu: DDP is its default on
    several GPUs; the DeepSpeed configs it ships in deepspeed_configs/)."""
    p = h.parallelism
    if p is None:
        return ()
    fetch = "copy deepspeed_configs/ from its repository, or run `axolotl fetch deepspeed_configs`"
    if p == "ddp":
        return (_shared(h, "axolotl's default on several GPUs: nothing to set"),)
    if p == "fsdp":
        if c.get("optimizer") in ("adamw_8bit", "adamw_bnb_8bit"):
            # axolotl's validation: "FSDP2 not compatible with adamw_8bit, use adamw_torch_8bit".
            c["optimizer"] = "adamw_torch_8bit"
        c["fsdp_version"] = 2
        c["fsdp_config"] = {"offload_params": h.cpu_offload,
                            "auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
                            "state_dict_type": "FULL_STATE_DICT",
                            "reshard_after_forward": True}  # fmt: skip
        return (_shared(h, "through axolotl's FSDP2 settings, wrapping the model's own layers"),)
    notes = []
    if p == "zero2" and h.cpu_offload:
        # axolotl's zero2.json offloads the optimizer states to the CPU (its deepspeed_configs/).
        c["deepspeed"] = "deepspeed_configs/zero2.json"
    elif p == "zero2":
        # ... so without offload the config is written inline (axolotl takes a dict).
        c["deepspeed"] = _zero_config(2, offload=False)
        return (_shared(h, "configured inline: axolotl's own zero2.json offloads the optimizer "
                           "states to the CPU"),)  # fmt: skip
    elif h.cpu_offload and h.precision == "bf16":
        c["deepspeed"] = "deepspeed_configs/zero3_bf16_cpuoffload_all.json"
    else:
        c["deepspeed"] = (
            "deepspeed_configs/zero3_bf16.json" if h.precision == "bf16"
            else "deepspeed_configs/zero3.json"
        )  # fmt: skip
        if h.cpu_offload:
            notes.append("axolotl ships ZeRO-3 offload configs for bf16 only: add "
                         '"offload_optimizer" and "offload_param" ({"device": "cpu"}) to '
                         "zero_optimization in it")  # fmt: skip
    return (_shared(h, f"with the config axolotl ships ({fetch})"), *notes)


def llama_factory_distribution(
    h: Hyperparameters, c: dict[str, Any], command: str, config_name: str, notes: list[str]
) -> str:
    """LLaMA-Factory's DeepSpeed configs (examples/deepspeed/), its FSDP accelerate configs
    (examples/accelerate/, launched with accelerate) or plain DDP through torchrun."""
    p = h.parallelism
    if p is None:
        return command
    clone = "run from a clone of its repository"
    if p == "fsdp":
        config = ("examples/accelerate/fsdp_config_offload.yaml" if h.cpu_offload
                  else "examples/accelerate/fsdp2_config.yaml")  # fmt: skip
        notes.append(
            _shared(h, f"with the accelerate config LLaMA-Factory ships, {config} ({clone})")
        )
        return (f"accelerate launch --config_file {config} --num_processes {h.gpus} "
                f"--mixed_precision {_MIXED[h.precision]} src/train.py {config_name}")  # fmt: skip
    if p == "ddp":
        notes.append(_shared(h, "through torchrun, with no DeepSpeed config"))
    else:
        stage = "z2" if p == "zero2" else "z3"
        offload = "_offload" if h.cpu_offload else ""
        c["deepspeed"] = f"examples/deepspeed/ds_{stage}{offload}_config.json"
        notes.append(
            _shared(h, f"with the config LLaMA-Factory ships in examples/deepspeed/ ({clone})")
        )
    return f"FORCE_TORCHRUN=1 {command}"


#: TRL's shipped accelerate configs (trl/accelerate_configs/) by parallelism.
_TRL_CONFIG = {"ddp": "multi_gpu", "zero2": "zero2", "zero3": "zero3", "fsdp": "fsdp2"}


def trl_distribution(h: Hyperparameters, command: str) -> tuple[str, tuple[str, ...]]:
    """TRL's --accelerate_config; its configs fix 8 processes and bf16, which accelerate
    launch's own --num_processes and --mixed_precision override (the DeepSpeed and FSDP
    sections of a config file are not overridden from the command line)."""
    p = str(h.parallelism)
    name = _TRL_CONFIG[p]
    command += (f" --accelerate_config {name} --num_processes {h.gpus} "
                f"--mixed_precision {_MIXED[h.precision]}")  # fmt: skip
    notes = [_shared(h, f"through the accelerate config TRL ships ({name})")]
    if h.cpu_offload:
        field = {"fsdp": "fsdp_offload_params: true",
                 "zero2": "offload_optimizer_device: cpu",
                 "zero3": "offload_optimizer_device: cpu and offload_param_device: cpu"}[p]  # fmt: skip
        notes.append(f"TRL's {name} config offloads nothing: copy it from trl/accelerate_configs/ "
                     f"with {field}, and pass the copy's path to --accelerate_config")  # fmt: skip
    return command, tuple(notes)


def transformers_distribution(
    h: Hyperparameters, args: dict[str, Any], command: str, notes: list[str]
) -> str:
    """TrainingArguments' inline DeepSpeed config, its FSDP option, or plain DDP."""
    p = h.parallelism
    if p == "fsdp":
        args["fsdp"] = "full_shard auto_wrap" + (" offload" if h.cpu_offload else "")
        notes.append(_shared(h, "through TrainingArguments' fsdp option"))
    elif p in ("zero2", "zero3"):
        args["deepspeed"] = _zero_config(2 if p == "zero2" else 3, offload=h.cpu_offload)
        notes.append(_shared(h, "configured inline (needs the deepspeed package)"))
    else:
        notes.append(_shared(h, "through torchrun, with no DeepSpeed config"))
    return f"torchrun --nproc_per_node {h.gpus} {command[len('python ') :]}"


def _zero_config(stage: int, *, offload: bool) -> dict[str, Any]:
    """An inline DeepSpeed ZeRO config, its sizes left to the trainer ("auto")."""
    zero: dict[str, Any] = {"stage": stage, "overlap_comm": True}
    if stage == 3:
        zero["stage3_gather_16bit_weights_on_model_save"] = True
    if offload:
        zero["offload_optimizer"] = {"device": "cpu"}
        if stage == 3:
            zero["offload_param"] = {"device": "cpu"}
    return {
        "zero_optimization": zero,
        "bf16": {"enabled": "auto"}, "fp16": {"enabled": "auto"},
        "train_micro_batch_size_per_gpu": "auto", "gradient_accumulation_steps": "auto",
        "gradient_clipping": "auto",
    }  # fmt: skip
