"""One trainer's configuration from the trainer-independent hyperparameters.

Each function returns the configuration (a mapping in the trainer's own key names, checked in
the tests against snapshots of the keys each trainer accepts: tests/data/trainer_keys/), the
command that runs it, the JSONL fields the trainer reads, and notes.
"""

from __future__ import annotations

from typing import Any

from transfer_advisor.recipes.defaults import RecipeDefaults, llama_factory
from transfer_advisor.recipes.model import Hyperparameters

__all__ = ["LLM_TARGETS", "target_config"]

#: transformers 5 folded warmup_ratio into warmup_steps (a float: below 1, a share of the steps);
#: the configs follow the versions in tests/data/trainer_keys/.

#: Trainers for decoder language models only.
LLM_TARGETS = ("axolotl", "llama-factory", "trl")
_TRAIN_FILE = "data/train.jsonl"
_Result = tuple[dict[str, Any], str, dict[str, Any], tuple[str, ...]]

_ALPACA = {
    "fields": ["instruction", "input", "output"],
    "example": {"instruction": "<what to do>", "input": "<the example's text>",
                "output": "<the expected answer>"},
}  # fmt: skip


def target_config(target: str, h: Hyperparameters, config_name: str, d: RecipeDefaults) -> _Result:
    """The configuration, command, dataset format and notes for ``target``."""
    if target == "axolotl":
        return _axolotl(h, config_name)
    if target == "llama-factory":
        return _llama_factory(h, config_name, d)
    if target == "trl":
        return _trl(h, config_name)
    return _transformers(h, config_name)


def _peft_targets(h: Hyperparameters) -> list[str] | str:
    return "all-linear" if h.target_modules is None else list(h.target_modules)


def _axolotl(h: Hyperparameters, config_name: str) -> _Result:
    fit = h.fit
    c: dict[str, Any] = {"base_model": h.model}
    if h.technique == "qlora":
        c |= {"load_in_4bit": True, "adapter": "qlora",
              "bnb_config_kwargs": {"bnb_4bit_quant_type": "nf4",
                                    "bnb_4bit_use_double_quant": True}}  # fmt: skip
    elif h.technique == "lora":
        c["adapter"] = "lora"
    if h.technique != "full":
        c |= {"lora_r": h.lora_rank, "lora_alpha": h.lora_alpha,
              "lora_dropout": h.lora_dropout}  # fmt: skip
        if h.target_modules is None:
            c["lora_target_linear"] = True
        else:
            c["lora_target_modules"] = list(h.target_modules)
    c |= {
        "datasets": [{"path": _TRAIN_FILE, "type": "alpaca", "ds_type": "json"}],
        "val_set_size": h.evaluation_fraction,
        "output_dir": "outputs/recipe",
        "sequence_len": h.sequence_length,
        "micro_batch_size": fit.micro_batch_size,
        "gradient_accumulation_steps": fit.gradient_accumulation_steps,
        "num_epochs": h.epochs,
        "optimizer": h.optimizer,
        "learning_rate": h.learning_rate,
        "lr_scheduler": h.scheduler,
        "warmup_ratio": h.warmup_ratio,
        "weight_decay": h.weight_decay,
        "max_grad_norm": h.max_grad_norm,
        "bf16": h.precision == "bf16",
        "fp16": h.precision == "fp16",
        "gradient_checkpointing": fit.gradient_checkpointing,
        "logging_steps": 10,
        "evals_per_epoch": 4,
        "saves_per_epoch": 1,
    }
    notes = _axolotl_distribution(h, c)
    return c, f"axolotl train {config_name}", {"file": _TRAIN_FILE, **_ALPACA}, notes


def _llama_factory(h: Hyperparameters, config_name: str, d: RecipeDefaults) -> _Result:
    fit = h.fit
    c: dict[str, Any] = {"model_name_or_path": h.model}
    if h.technique == "qlora":
        c |= {"quantization_bit": 4, "quantization_method": "bnb", "quantization_type": "nf4",
              "double_quantization": True}  # fmt: skip
    c |= {"stage": "sft", "do_train": True,
          "finetuning_type": "full" if h.technique == "full" else "lora"}  # fmt: skip
    if h.technique != "full":
        c |= {"lora_rank": h.lora_rank, "lora_alpha": h.lora_alpha,
              "lora_dropout": h.lora_dropout,
              "lora_target": "all" if h.target_modules is None else ",".join(h.target_modules)}  # fmt: skip
    template = llama_factory(d).template.pick(h.model, h.family)
    c |= {
        "dataset": "recipe_train",
        "dataset_dir": "data",
        "template": template,
        "cutoff_len": h.sequence_length,
        "val_size": h.evaluation_fraction,
        "output_dir": "saves/recipe",
        "per_device_train_batch_size": fit.micro_batch_size,
        "gradient_accumulation_steps": fit.gradient_accumulation_steps,
        "learning_rate": h.learning_rate,
        "num_train_epochs": h.epochs,
        "lr_scheduler_type": h.scheduler,
        "warmup_steps": h.warmup_ratio,  # transformers 5: below 1 is a share of the steps
        "weight_decay": h.weight_decay,
        "max_grad_norm": h.max_grad_norm,
        "optim": h.optimizer,
        "bf16": h.precision == "bf16",
        "fp16": h.precision == "fp16",
        "disable_gradient_checkpointing": not fit.gradient_checkpointing,
        "per_device_eval_batch_size": fit.micro_batch_size,
        "eval_strategy": "epoch",
        "logging_steps": 10,
        "save_strategy": "epoch",
        "plot_loss": True,
        "report_to": "none",
    }
    if h.pure_bf16:
        # bf16-true: LLaMA-Factory keeps fp32 copies of the trained weights unless told not to
        # (finetuning_args.py: pure_bf16, "train model in purely bf16 precision (without AMP)").
        c["pure_bf16"] = True
    command = f"llamafactory-cli train {config_name}"
    notes = ["register the data in data/dataset_info.json: "
             '{"recipe_train": {"file_name": "train.jsonl", "formatting": "alpaca"}}',
             f"template {template!r} is the chat template LLaMA-Factory uses for this model "
             "(recipes.yaml llama_factory.template); check it against the model's own"]  # fmt: skip
    command = _llama_factory_distribution(h, c, command, config_name, notes)
    return c, command, {"file": _TRAIN_FILE, **_ALPACA}, tuple(notes)


def _trl_dtype(h: Hyperparameters) -> str:
    """The dtype TRL loads the model in. fp16 mixed precision unscales fp32 gradients: a model
    trained whole must load in float32 (PyTorch AMP docs, GradScaler; loaded in float16 it
    fails with "Attempting to unscale FP16 gradients"); adapters are kept in float32 by PEFT
    over a float16 base."""
    if h.precision != "fp16":
        return _DTYPE[h.precision]
    return "float32" if h.technique == "full" else "float16"


def _trl(h: Hyperparameters, config_name: str) -> _Result:
    c: dict[str, Any] = {"model_name_or_path": h.model, "dtype": _trl_dtype(h)}
    if h.technique != "full":
        c |= {"use_peft": True, "lora_r": h.lora_rank, "lora_alpha": h.lora_alpha,
              "lora_dropout": h.lora_dropout,
              # A list (ModelConfig's type); TRL turns a one-item list into the string PEFT reads.
              "lora_target_modules": list(h.target_modules or ("all-linear",))}  # fmt: skip
    if h.technique == "qlora":
        c |= {"load_in_4bit": True, "bnb_4bit_quant_type": "nf4", "use_bnb_nested_quant": True}
        if h.parallelism in _SHARDS_WEIGHTS:
            c["bnb_4bit_quant_storage"] = _DTYPE[h.precision]
    c |= {
        "datasets": [{"path": "json", "data_files": _TRAIN_FILE}],
        "test_split_size": h.evaluation_fraction,
        "output_dir": "outputs/recipe",
        "max_length": h.sequence_length,
        **_training_arguments(h),
    }
    command = f"trl sft --config {config_name}"
    notes: tuple[str, ...] = ()
    if h.parallelism is not None:
        command, notes = _trl_distribution(h, command)
    fmt = {"file": _TRAIN_FILE, "fields": ["prompt", "completion"],
           "example": {"prompt": "<the example's text>", "completion": "<the expected answer>"}}  # fmt: skip
    return c, command, fmt, notes


_AUTO_CLASS = {
    "causal-lm": "AutoModelForCausalLM",
    "sequence-classification": "AutoModelForSequenceClassification",
    "token-classification": "AutoModelForTokenClassification",
    "question-answering": "AutoModelForQuestionAnswering",
    "seq2seq-lm": "AutoModelForSeq2SeqLM",
    "image-classification": "AutoModelForImageClassification",
    "speech-seq2seq": "AutoModelForSpeechSeq2Seq",
    "ctc": "AutoModelForCTC",
}
#: PEFT's task type by head (None: PEFT has none; the head is kept trainable by name).
_TASK_TYPE = {"causal-lm": "CAUSAL_LM", "sequence-classification": "SEQ_CLS",
              "token-classification": "TOKEN_CLS", "question-answering": "QUESTION_ANS",
              "seq2seq-lm": "SEQ_2_SEQ_LM", "speech-seq2seq": "SEQ_2_SEQ_LM",
              "image-classification": None, "ctc": None}  # fmt: skip
#: The head's modules, trained in full beside the adapters (transformers' modeling files).
_HEAD_MODULES = {"image-classification": ["classifier"], "ctc": ["lm_head"]}
_FORMATS = {
    "causal-lm": {"fields": ["text"], "example": {"text": "<prompt and answer, as one text>"}},
    "sequence-classification": {"fields": ["text", "label"],
                                "example": {"text": "<the example's text>", "label": 0}},
    "token-classification": {"fields": ["tokens", "labels"],
                             "example": {"tokens": ["<word>", "<word>"], "labels": [0, 1]}},
    "question-answering": {"fields": ["question", "context", "answers"],
                           "example": {"question": "<question>", "context": "<passage>",
                                       "answers": {"text": ["<span>"], "answer_start": [0]}}},
    "seq2seq-lm": {"fields": ["source", "target"],
                   "example": {"source": "<input text>", "target": "<output text>"}},
    "image-classification": {"fields": ["image", "label"],
                             "example": {"image": "<path/to/image.png>", "label": 0}},
    "speech-seq2seq": {"fields": ["audio", "text"],
                       "example": {"audio": "<path/to/clip.wav>", "text": "<transcript>"}},
    "ctc": {"fields": ["audio", "text"],
            "example": {"audio": "<path/to/clip.wav>", "text": "<transcript>"}},
}  # fmt: skip


def _training_arguments(h: Hyperparameters) -> dict[str, Any]:
    """transformers' TrainingArguments for the fitted batch (TRL's SFTConfig extends them)."""
    fit = h.fit
    return {
        "per_device_train_batch_size": fit.micro_batch_size,
        "per_device_eval_batch_size": fit.micro_batch_size,
        "gradient_accumulation_steps": fit.gradient_accumulation_steps,
        "gradient_checkpointing": fit.gradient_checkpointing,
        "learning_rate": h.learning_rate,
        "num_train_epochs": h.epochs,
        "lr_scheduler_type": h.scheduler,
        "warmup_steps": h.warmup_ratio,  # transformers 5: below 1 is a share of the steps
        "weight_decay": h.weight_decay,
        "max_grad_norm": h.max_grad_norm,
        "optim": h.optimizer,
        "bf16": h.precision == "bf16",
        "fp16": h.precision == "fp16",
        "eval_strategy": "epoch",
        "save_strategy": "epoch",
        "logging_steps": 10,
        "report_to": "none",
    }


def _transformers(h: Hyperparameters, config_name: str) -> _Result:
    # The dtype to load in, as TRL's: without it from_pretrained's default decides (fp32 on
    # transformers 4, the checkpoint's own on 5), whatever the precision says.
    model: dict[str, Any] = {"name_or_path": h.model, "auto_class": _AUTO_CLASS[h.head],
                             "dtype": _trl_dtype(h)}  # fmt: skip
    c: dict[str, Any] = {"model": model, "head": h.head}
    if h.technique != "full":
        lora: dict[str, Any] = {"r": h.lora_rank, "lora_alpha": h.lora_alpha,
                                "lora_dropout": h.lora_dropout,
                                "target_modules": _peft_targets(h)}  # fmt: skip
        task_type = _TASK_TYPE[h.head]
        if task_type is not None:
            lora["task_type"] = task_type
        if h.head in _HEAD_MODULES:
            lora["modules_to_save"] = _HEAD_MODULES[h.head]
        c["lora"] = lora
    if h.technique == "qlora":
        dtype = _DTYPE[h.precision]
        c["quantization"] = {"load_in_4bit": True, "bnb_4bit_quant_type": "nf4",
                             "bnb_4bit_use_double_quant": True, "bnb_4bit_compute_dtype": dtype}  # fmt: skip
        if h.parallelism in _SHARDS_WEIGHTS:
            c["quantization"]["bnb_4bit_quant_storage"] = dtype
    args: dict[str, Any] = {"output_dir": "outputs/recipe", **_training_arguments(h)}
    # transformers has no command-line trainer: the sections are keyword arguments for its
    # classes, loaded by a script of the user's (README: "Recipes" shows the ten lines).
    command = (
        f"python train.py {config_name}  (your script: model.auto_class.from_pretrained, "
        "peft.LoraConfig(**lora), transformers.TrainingArguments(**training_arguments))"
    )
    notes: list[str] = []
    if h.parallelism is not None:
        command = _transformers_distribution(h, args, command, notes)
    c["training_arguments"] = args
    c["data"] = {"train_file": _TRAIN_FILE, "evaluation_fraction": h.evaluation_fraction,
                 "max_length": h.sequence_length}  # fmt: skip
    fmt = {"file": _TRAIN_FILE, **_FORMATS[h.head]}
    if h.head in ("sequence-classification", "token-classification", "image-classification"):
        notes.append("set model.num_labels to your number of labels (labels are 0-based integers)")
        model["num_labels"] = 2
    return c, command, fmt, tuple(notes)


#: The torch dtype of each precision (the 4-bit compute dtype, the load dtype).
_DTYPE = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}
#: Parallelisms that shard the weights: FSDP and ZeRO-3 shard only floating-point tensors, so
#: QLoRA's 4-bit weights are stored in the training dtype (bitsandbytes docs, "FSDP-QLoRA":
#: bnb_4bit_quant_storage; axolotl and LLaMA-Factory set it themselves).
_SHARDS_WEIGHTS = ("zero3", "fsdp")
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


def _axolotl_distribution(h: Hyperparameters, c: dict[str, Any]) -> tuple[str, ...]:
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


def _llama_factory_distribution(
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


def _trl_distribution(h: Hyperparameters, command: str) -> tuple[str, tuple[str, ...]]:
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


def _transformers_distribution(
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
