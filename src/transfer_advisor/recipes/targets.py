"""One trainer's configuration from the trainer-independent hyperparameters.

Each function returns the configuration (a mapping in the trainer's own key names, checked in
the tests against snapshots of the keys each trainer accepts: tests/data/trainer_keys/), the
command that runs it, the JSONL fields the trainer reads, and notes.
"""

from __future__ import annotations

from typing import Any

from transfer_advisor.recipes.defaults import RecipeDefaults, llama_factory
from transfer_advisor.recipes.distribution import (
    axolotl_distribution,
    llama_factory_distribution,
    transformers_distribution,
    trl_distribution,
)
from transfer_advisor.recipes.model import Hyperparameters

__all__ = ["LLM_TARGETS", "target_config"]

#: transformers 5 folded warmup_ratio into warmup_steps (a float: below 1, a share of the steps);
#: the configs follow the versions in tests/data/trainer_keys/.
#: What the header says of it: on transformers 4.x a warmup_steps below 1 is no warm-up at all
#: (get_warmup_steps returns it as a step count).
_WARMUP_NOTE = (
    "warmup_steps below 1 is a share of the steps on transformers 5; on transformers 4.x write "
    "it as warmup_ratio instead"
)

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
    notes = axolotl_distribution(h, c)
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
    command = llama_factory_distribution(h, c, command, config_name, notes)
    notes.append(_WARMUP_NOTE)
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
        command, notes = trl_distribution(h, command)
    fmt = {"file": _TRAIN_FILE, "fields": ["prompt", "completion"],
           "example": {"prompt": "<the example's text>", "completion": "<the expected answer>"}}  # fmt: skip
    return c, command, fmt, (*notes, _WARMUP_NOTE)


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
        command = transformers_distribution(h, args, command, notes)
    c["training_arguments"] = args
    c["data"] = {"train_file": _TRAIN_FILE, "evaluation_fraction": h.evaluation_fraction,
                 "max_length": h.sequence_length}  # fmt: skip
    fmt = {"file": _TRAIN_FILE, **_FORMATS[h.head]}
    if h.head in ("sequence-classification", "token-classification", "image-classification"):
        notes.append("set model.num_labels to your number of labels (labels are 0-based integers)")
        model["num_labels"] = 2
    notes.append(_WARMUP_NOTE)
    return c, command, fmt, tuple(notes)


#: The torch dtype of each precision (the 4-bit compute dtype, the load dtype).
_DTYPE = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}
#: Parallelisms that shard the weights: FSDP and ZeRO-3 shard only floating-point tensors, so
#: QLoRA's 4-bit weights are stored in the training dtype (bitsandbytes docs, "FSDP-QLoRA":
#: bnb_4bit_quant_storage; axolotl and LLaMA-Factory set it themselves).
_SHARDS_WEIGHTS = ("zero3", "fsdp")
