"""`transfer-advisor recipe`: configs fitted to the GPU, accepted by each trainer's keys,
deterministic, with golden files for the shipped examples."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, run_main
from tests.trainer_keys import keys_of, problems, snapshot
from transfer_advisor.advice.estimates import estimate_manifest
from transfer_advisor.manifest import load_manifest, manifest_from_mapping
from transfer_advisor.recipes import TARGETS, RecipeError, build_recipe, recipe_text
from transfer_advisor.recipes.defaults import load_recipe_defaults_text

GOLDEN = Path(__file__).resolve().parent / "golden" / "recipes"
LLAMA = {"name": "fit", "data": {"labeled_examples": 5000, "avg_tokens_per_example": 512},
         "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"},
         "prompting": {"tried": True, "meets_target": False}, "task": {"type": "chat"}}  # fmt: skip


def _manifest(**budget: Any) -> Any:
    return manifest_from_mapping({**LLAMA, "budget": budget})


def _recipes() -> list[tuple[str, str]]:
    return [(path.stem, target) for path in EXAMPLES for target in TARGETS]


def _build(stem: str, target: str) -> Any:
    return build_recipe(load_manifest(ROOT / "examples" / f"{stem}.yaml"), target)


# --- the trainer accepts what is written ------------------------------------------------------


def _validate(target: str, config: dict[str, Any]) -> list[str]:
    if target == "axolotl":
        found = problems(config, keys_of("axolotl"))
        nested = snapshot("axolotl")["nested"]["datasets"]
        for item in config["datasets"]:
            found += problems(item, nested)
        return found
    if target == "llama-factory":
        return problems(config, keys_of("llama-factory", "transformers-seq2seq"))
    if target == "trl":
        found = problems(config, keys_of("trl"))
        for item in config["datasets"]:
            found += problems(item, snapshot("trl")["nested"]["datasets"])
        return found
    found = problems(config["training_arguments"], keys_of("transformers"))
    found += problems(config.get("lora", {}), keys_of("peft-lora"))
    found += problems(config.get("quantization", {}), keys_of("bitsandbytes-config"))
    return found


@pytest.mark.parametrize(("stem", "target"), _recipes())
def test_every_config_is_accepted_by_its_trainer(stem: str, target: str) -> None:
    try:
        recipe = _build(stem, target)
    except RecipeError:
        return  # an LLM trainer for an encoder, or nothing to train: tested below
    if recipe.kind == "train":
        assert _validate(target, recipe.config) == []


def test_a_wrong_key_or_type_is_caught() -> None:
    # The validator is not a rubber stamp: a misspelt key and a wrong type are both reported.
    config = dict(_build("small-gpu-qlora", "axolotl").config)
    config["lora_rnak"] = 8
    config["bf16"] = "yes"
    assert sorted(p.split(":")[0] for p in _validate("axolotl", config)) == ["bf16", "lora_rnak"]


# --- fitted to the GPU ------------------------------------------------------------------------


@pytest.mark.parametrize("gpu", ["T4", "L4", "A100-80GB", "H100"])
def test_micro_batch_fits_the_estimate_and_the_next_one_does_not(gpu: str) -> None:
    manifest = _manifest(gpu=gpu)
    recipe = build_recipe(manifest, "trl")
    fit = recipe.hyperparameters.fit
    training = {"micro_batch_size": fit.micro_batch_size, "lora_rank": recipe.hyperparameters.lora_rank,
                "gradient_checkpointing": fit.gradient_checkpointing,
                "sequence_length": recipe.hyperparameters.sequence_length}  # fmt: skip
    technique = fit.technique
    chosen, _ = estimate_manifest(manifest_from_mapping({**LLAMA, "budget": {"gpu": gpu},
                                                         "training": training}))  # fmt: skip
    assert fit.micro_batch_size * fit.gradient_accumulation_steps == fit.effective_batch_size == 16
    if getattr(chosen, technique).fits != "yes":
        # The advised technique is only "tight" here: the smallest footprint, and a note says so.
        assert gpu == "L4"
        assert (fit.micro_batch_size, fit.gradient_checkpointing) == (1, True)
        assert any("may not fit" in note for note in recipe.notes)
        return
    assert getattr(chosen, technique).memory_gb.high <= 0.9 * chosen_memory(gpu)
    bigger = {**training, "micro_batch_size": fit.micro_batch_size * 2}
    larger, _ = estimate_manifest(manifest_from_mapping({**LLAMA, "budget": {"gpu": gpu},
                                                         "training": bigger}))  # fmt: skip
    if fit.micro_batch_size * 2 <= 16:  # within the effective batch of 5,000 examples
        assert getattr(larger, technique).fits != "yes"
        if not fit.gradient_checkpointing:
            return
        # Checkpointing only when needed: without it, even micro-batch 1 does not fit.
        plain = {**training, "micro_batch_size": 1, "gradient_checkpointing": False}
        single, _ = estimate_manifest(manifest_from_mapping({**LLAMA, "budget": {"gpu": gpu},
                                                             "training": plain}))  # fmt: skip
        assert getattr(single, technique).fits != "yes"


def chosen_memory(gpu: str) -> float:
    from transfer_advisor.catalog import default_catalog

    entry = default_catalog().gpu(gpu)
    assert entry is not None
    return entry.memory_gb


def test_the_config_changes_with_the_gpu() -> None:
    t4 = build_recipe(_manifest(gpu="T4"), "axolotl").config
    h100 = build_recipe(_manifest(gpu="H100"), "axolotl").config
    assert (t4["fp16"], t4["bf16"]) == (True, False)  # no bf16 on Turing
    assert (h100["fp16"], h100["bf16"]) == (False, True)
    assert t4["adapter"] == "qlora" and h100["adapter"] == "lora"  # LoRA does not fit 16 GB
    # The 16 GB card needs recomputation to hold a micro-batch the 80 GB card holds without it.
    assert t4["micro_batch_size"] <= h100["micro_batch_size"]
    assert t4["gradient_checkpointing"] and not h100["gradient_checkpointing"]


def test_several_gpus_get_zero3() -> None:
    one = build_recipe(_manifest(gpu="A100-80GB"), "llama-factory")
    eight = build_recipe(_manifest(gpu="A100-80GB", gpus=8), "llama-factory")
    assert "deepspeed" not in one.config
    assert eight.config["deepspeed"] == "examples/deepspeed/ds_z3_config.json"
    assert eight.command.startswith("FORCE_TORCHRUN=1 ")
    fit = eight.hyperparameters.fit
    assert fit.micro_batch_size * fit.gradient_accumulation_steps * 8 == fit.effective_batch_size
    trl = build_recipe(_manifest(gpus=2, gpu="L4"), "trl").command
    # TRL's shipped configs say 8 processes and bf16: the command says what this run has.
    assert trl.endswith("--accelerate_config zero3 --num_processes 2 --mixed_precision bf16")


# What each trainer is told, by the manifest's training.parallelism (trainers' docs: axolotl
# docs/multi-gpu.qmd, LLaMA-Factory examples/deepspeed and examples/accelerate, TRL
# trl/accelerate_configs, transformers TrainingArguments deepspeed/fsdp).
PARALLEL_CONFIG = {
    ("axolotl", "ddp"): {},
    # axolotl's own zero2.json offloads the optimizer (its deepspeed_configs/): inline instead.
    ("axolotl", "zero2"): {
        "deepspeed": {
            "zero_optimization": {"stage": 2, "overlap_comm": True},
            "bf16": {"enabled": "auto"},
            "fp16": {"enabled": "auto"},
            "train_micro_batch_size_per_gpu": "auto",
            "gradient_accumulation_steps": "auto",
            "gradient_clipping": "auto",
        }
    },
    ("axolotl", "zero3"): {"deepspeed": "deepspeed_configs/zero3_bf16.json"},
    ("axolotl", "fsdp"): {"fsdp_version": 2},
    ("llama-factory", "ddp"): {},
    ("llama-factory", "zero2"): {"deepspeed": "examples/deepspeed/ds_z2_config.json"},
    ("llama-factory", "zero3"): {"deepspeed": "examples/deepspeed/ds_z3_config.json"},
    ("llama-factory", "fsdp"): {},
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("parallelism", ["ddp", "zero2", "zero3", "fsdp"])
def test_the_config_shares_the_gpus_as_the_manifest_says(target: str, parallelism: str) -> None:
    data = {**LLAMA, "budget": {"gpu": "A100-80GB", "gpus": 4},
            "training": {"parallelism": parallelism}}  # fmt: skip
    recipe = build_recipe(manifest_from_mapping(data), target)
    config = recipe.config
    assert _validate(target, config) == []
    sharded = {"deepspeed", "fsdp", "fsdp_version", "fsdp_config"}
    if target == "trl":
        name = {"ddp": "multi_gpu", "zero2": "zero2", "zero3": "zero3", "fsdp": "fsdp2"}
        assert f"--accelerate_config {name[parallelism]} --num_processes 4 " in recipe.command
    elif target == "transformers":
        args = config["training_arguments"]
        stage = {"zero2": 2, "zero3": 3}.get(parallelism)
        found = args.get("deepspeed", {}).get("zero_optimization", {}).get("stage")
        assert found == stage
        assert ("fsdp" in args) == (parallelism == "fsdp")
        assert recipe.command.startswith("torchrun --nproc_per_node 4 ")
    else:
        expected = PARALLEL_CONFIG[target, parallelism]
        assert {k: config[k] for k in sharded if k in config and k != "fsdp_config"} == expected
    if target == "llama-factory" and parallelism == "fsdp":
        assert recipe.command.startswith("accelerate launch --config_file examples/accelerate/")
    assert recipe.hyperparameters.parallelism == parallelism


def test_ddp_is_estimated_above_full_sharding_on_the_same_gpus() -> None:
    def memory(parallelism: str) -> float:
        data = {**LLAMA, "budget": {"gpu": "A100-80GB", "gpus": 4},
                "training": {"parallelism": parallelism, "micro_batch_size": 1}}  # fmt: skip
        recipe = build_recipe(manifest_from_mapping(data), "axolotl")
        fit = recipe.hyperparameters.fit
        assert fit.memory_gb is not None
        return fit.memory_gb[0] / fit.micro_batch_size

    assert memory("ddp") > memory("zero3")


def test_cpu_offload_picks_the_trainers_offload_configs() -> None:
    data = {**LLAMA, "budget": {"gpu": "A100-80GB", "gpus": 2},
            "training": {"parallelism": "zero3", "cpu_offload": True}}  # fmt: skip
    manifest = manifest_from_mapping(data)
    assert build_recipe(manifest, "llama-factory").config["deepspeed"] == (
        "examples/deepspeed/ds_z3_offload_config.json")  # fmt: skip
    assert build_recipe(manifest, "axolotl").config["deepspeed"] == (
        "deepspeed_configs/zero3_bf16_cpuoffload_all.json")  # fmt: skip
    zero = build_recipe(manifest, "transformers").config["training_arguments"]["deepspeed"]
    assert zero["zero_optimization"]["offload_param"] == {"device": "cpu"}
    trl = build_recipe(manifest, "trl")
    assert any("offloads nothing" in note for note in trl.notes)


def test_the_stated_optimizer_and_precision_are_written() -> None:
    data = {**LLAMA, "budget": {"gpu": "A100-80GB"},
            "training": {"optimizer": "adamw_8bit", "precision": "fp32"}}  # fmt: skip
    manifest = manifest_from_mapping(data)
    axolotl = build_recipe(manifest, "axolotl").config
    assert axolotl["optimizer"] == "adamw_8bit"
    assert (axolotl["bf16"], axolotl["fp16"]) == (False, False)
    assert build_recipe(manifest, "trl").config["dtype"] == "float32"
    adamw = manifest_from_mapping({**data, "training": {"optimizer": "adamw"}})
    assert build_recipe(adamw, "llama-factory").config["optim"] == "adamw_torch"


def test_a_family_that_overflows_fp16_trains_in_fp32_on_a_gpu_without_bf16() -> None:
    data = {"name": "t5", "task": {"type": "summarization"},
            "data": {"labeled_examples": 20000, "avg_tokens_per_example": 400},
            "model": {"name": "google/flan-t5-base"}, "budget": {"gpu": "T4"}}  # fmt: skip
    recipe = build_recipe(manifest_from_mapping(data), "transformers")
    args = recipe.config["training_arguments"]
    assert (args["bf16"], args["fp16"]) == (False, False)
    assert any(note.startswith("fp32: T4 has no bf16") for note in recipe.notes)
    # A family that fp16 suits keeps it on the same card.
    bert = {**data, "task": {"type": "classification"}, "model": {"name": "bert-base-uncased"}}
    assert build_recipe(manifest_from_mapping(bert), "transformers").config[
        "training_arguments"]["fp16"] is True  # fmt: skip


@pytest.mark.parametrize("target", TARGETS)
def test_the_stated_lora_targets_are_the_layers_trained(target: str) -> None:
    # The estimate counts the adapters of the stated layers only; the config trains the same.
    data = {**LLAMA, "budget": {"gpu": "A100-80GB"}, "training": {"lora_targets": "qv"}}
    recipe = build_recipe(manifest_from_mapping(data), target)
    config = recipe.config
    assert _validate(target, config) == []
    written = {
        "axolotl": lambda: config["lora_target_modules"],
        "llama-factory": lambda: config["lora_target"].split(","),
        "trl": lambda: config["lora_target_modules"],
        "transformers": lambda: config["lora"]["target_modules"],
    }[target]()
    assert written == ["q_proj", "v_proj"]
    assert "lora_target_linear" not in config


def test_lora_targets_follow_the_familys_own_layer_names() -> None:
    phi = {**LLAMA, "model": {"name": "microsoft/Phi-3-mini-4k-instruct"},
           "training": {"lora_targets": ["q", "v", "mlp"]}}  # fmt: skip
    config = build_recipe(manifest_from_mapping(phi), "trl").config
    assert config["lora_target_modules"] == ["qkv_proj", "gate_up_proj", "down_proj"]
    falcon = {**phi, "model": {"name": "tiiuae/falcon-7b-instruct"}}
    config = build_recipe(manifest_from_mapping(falcon), "trl").config
    assert config["lora_target_modules"] == ["query_key_value", "dense_h_to_4h", "dense_4h_to_h"]
    bloom = {**phi, "model": {"name": "bigscience/bloomz-560m"}}
    recipe = build_recipe(manifest_from_mapping(bloom), "trl")
    assert recipe.config["lora_target_modules"] == ["all-linear"]
    assert any(note.startswith("training.lora_targets (q, v, mlp) is not written: no layer "
                               "names for family 'bloom'") for note in recipe.notes)  # fmt: skip


# LLaMA-Factory's README, "Supported Models" (Template column), and its data/template.py.
LLAMA_FACTORY_TEMPLATES = [
    ("meta-llama/Llama-3.1-8B-Instruct", "llama3"),
    ("meta-llama/Llama-2-7b-chat-hf", "llama2"),  # Llama 2: llama2, not llama3
    ("codellama/CodeLlama-7b-Instruct-hf", "llama2"),  # the Llama 2 chat format
    ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "deepseekr1"),  # a Llama config, R1's format
    ("deepseek-ai/deepseek-coder-6.7b-instruct", "deepseekcoder"),
    ("HuggingFaceTB/SmolLM2-1.7B-Instruct", "smollm2"),
    ("Qwen/Qwen2.5-7B-Instruct", "qwen"),
    ("Qwen/Qwen3-8B", "qwen3"),
    ("Qwen/Qwen3-30B-A3B", "qwen3"),  # Qwen3 MoE
    ("google/gemma-7b-it", "gemma"),
    ("google/gemma-2-9b-it", "gemma2"),
    ("google/gemma-3-4b-it", "gemma3"),
    ("microsoft/Phi-3.5-mini-instruct", "phi"),
    ("microsoft/phi-4", "phi4"),  # model_type phi3, but Phi-4's own template
    ("microsoft/Phi-4-mini-instruct", "phi4_mini"),
    ("mistralai/Mixtral-8x7B-Instruct-v0.1", "mistral"),
    ("openai-community/gpt2", "default"),  # "-": no template of its own
]


@pytest.mark.parametrize(("model", "template"), LLAMA_FACTORY_TEMPLATES)
def test_llama_factory_uses_the_models_own_chat_template(model: str, template: str) -> None:
    manifest = manifest_from_mapping({**LLAMA, "model": {"name": model}})
    recipe = build_recipe(manifest, "llama-factory")
    assert recipe.config["template"] == template
    assert any(repr(template) in note for note in recipe.notes)


def test_a_team_recipes_file_sets_the_template_or_keeps_the_shipped_table() -> None:
    text = (ROOT / "src/transfer_advisor/data/recipes.yaml").read_text(encoding="utf-8")
    manifest = _manifest()
    changed = load_recipe_defaults_text(
        text.replace("      llama: llama3\n", "      llama: our_llama\n"), "team.yaml"
    )
    assert build_recipe(manifest, "llama-factory", defaults=changed).config["template"] == (
        "our_llama"
    )
    # A copy made before the table existed still loads, and gets the shipped templates.
    start = text.index("\nllama_factory:\n")
    older = text[:start] + text[text.index("\nhosted:\n") :]
    assert "llama_factory" not in older
    defaults = load_recipe_defaults_text(older, "older.yaml")
    assert build_recipe(manifest, "llama-factory", defaults=defaults).config["template"] == (
        "llama3"
    )
    with pytest.raises(Exception, match="contains"):  # matched in lower case: say so
        load_recipe_defaults_text(text.replace("contains: smollm2", "contains: SmolLM2"), "t.yaml")


def test_qlora_is_nf4_with_double_quantization() -> None:
    config = _build("small-gpu-qlora", "transformers").config
    assert config["quantization"] == {"load_in_4bit": True, "bnb_4bit_quant_type": "nf4",
                                      "bnb_4bit_use_double_quant": True,
                                      "bnb_4bit_compute_dtype": "bfloat16"}  # fmt: skip
    trl = _build("small-gpu-qlora", "trl").config
    assert (trl["load_in_4bit"], trl["bnb_4bit_quant_type"], trl["use_bnb_nested_quant"]) == (
        True, "nf4", True)  # fmt: skip
    assert trl["optim"] == "paged_adamw_32bit"


def test_no_gpu_given_is_said_to_be_assumed() -> None:
    recipe = build_recipe(_manifest(), "axolotl")
    assert recipe.config["micro_batch_size"] == 1 and recipe.config["gradient_checkpointing"]
    assert any("no GPU memory given" in a for a in recipe.assumed)
    assert any(a.startswith("bf16") for a in recipe.assumed)


def test_the_sequence_length_is_the_longest_example_and_memory_is_fitted_there() -> None:
    data = {**LLAMA["data"], "max_tokens_per_example": 1500}
    # The longest example given: the length is it, rounded up to a multiple of 64.
    recipe = build_recipe(manifest_from_mapping({**LLAMA, "data": data, "budget": {"gpu": "A10G"}}),
                          "axolotl")  # fmt: skip
    assert recipe.config["sequence_len"] == 1536
    assert any("the longest example's 1,500 tokens" in a for a in recipe.assumed)
    # A length stated above it stays the trainer's cap, but a batch holds only its longest
    # example: the micro-batch is fitted as for 1,536 tokens, not 32,768.
    capped = build_recipe(manifest_from_mapping(
        {**LLAMA, "data": data, "budget": {"gpu": "A10G"},
         "training": {"sequence_length": 32768}}), "axolotl")  # fmt: skip
    assert capped.config["sequence_len"] == 32768
    assert any("memory fitted at the longest example's 1,500 tokens" in a for a in capped.assumed)
    assert capped.config["micro_batch_size"] >= recipe.config["micro_batch_size"]
    assert not any("may not fit" in note for note in capped.notes)


def test_hyperparameters_follow_the_data_file() -> None:
    recipe = _build("base-model-about-to-be-fine-tuned", "axolotl")
    # 3,000 examples: rank 16, alpha 32, 3 epochs; LoRA on a 7B model: 2e-4; the instruct sibling.
    c = recipe.config
    assert (c["lora_r"], c["lora_alpha"], c["num_epochs"], c["learning_rate"]) == (
        16,
        32,
        3.0,
        2e-4,
    )
    assert c["base_model"] == "mistralai/Mistral-7B-Instruct-v0.1"
    text = (ROOT / "src/transfer_advisor/data/recipes.yaml").read_text(encoding="utf-8")
    changed = text.replace(
        "- {up_to_examples: 20000, value: 16}", "- {up_to_examples: 20000, value: 4}"
    )
    defaults = load_recipe_defaults_text(changed, "team-recipes.yaml")
    manifest = load_manifest(ROOT / "examples" / "base-model-about-to-be-fine-tuned.yaml")
    assert build_recipe(manifest, "axolotl", defaults=defaults).config["lora_r"] == 4


def test_a_full_fine_tune_clips_at_one_and_adapters_at_qloras_value() -> None:
    # Devlin et al. 2019 (BERT's code) clip at 1.0; the QLoRA paper's 0.3 is for adapters.
    full = load_manifest(ROOT / "examples" / "legal-clause-classifier.yaml")
    assert build_recipe(full, "transformers").config["training_arguments"]["max_grad_norm"] == 1.0
    lora = load_manifest(ROOT / "examples" / "base-model-about-to-be-fine-tuned.yaml")
    assert build_recipe(lora, "axolotl").config["max_grad_norm"] == 0.3


def test_a_full_fine_tune_in_fp16_loads_the_model_in_float32_for_trl() -> None:
    # PyTorch AMP's GradScaler unscales fp32 gradients: a model loaded in float16 and trained
    # whole with fp16 fails with "Attempting to unscale FP16 gradients".
    manifest = {"name": "t4", "task": {"type": "classification"},
                "data": {"labeled_examples": 30000, "avg_tokens_per_example": 200},
                "model": {"name": "Qwen/Qwen2.5-0.5B-Instruct"},
                "budget": {"level": "low", "usd": 300, "gpu": "T4"},
                "prompting": {"tried": True, "meets_target": False}}  # fmt: skip
    recipe = build_recipe(manifest, "trl")
    assert recipe.hyperparameters.technique == "full" and recipe.hyperparameters.precision == "fp16"
    assert recipe.config["dtype"] == "float32"
    lora = load_manifest(ROOT / "examples" / "base-model-about-to-be-fine-tuned.yaml")
    assert build_recipe(lora, "trl").config["dtype"] in ("bfloat16", "float16")


def test_a_team_copy_with_one_clip_for_every_technique_still_loads() -> None:
    text = (ROOT / "src/transfer_advisor/data/recipes.yaml").read_text(encoding="utf-8")
    start = text.index("max_grad_norm:")
    end = text.index("\n\n", start)
    older = text[:start] + 'max_grad_norm:\n  value: 0.5\n  source: "our runs"' + text[end:]
    defaults = load_recipe_defaults_text(older, "team-recipes.yaml")
    full = load_manifest(ROOT / "examples" / "legal-clause-classifier.yaml")
    config = build_recipe(full, "transformers", defaults=defaults).config
    assert config["training_arguments"]["max_grad_norm"] == 0.5


def test_a_bad_recipes_file_is_located() -> None:
    with pytest.raises(Exception) as info:
        load_recipe_defaults_text("schema_version: 1\nlora: 3\n", "bad.yaml")
    assert "bad.yaml:2" in str(info.value)


# --- what is not trained ----------------------------------------------------------------------


def test_in_context_advice_writes_an_evaluation_plan() -> None:
    recipe = _build("support-ticket-few-shot", "axolotl")
    assert recipe.kind == "evaluation_plan" and recipe.config == {}
    assert recipe.plan["held_out_examples"] == 12  # a fifth of 60
    assert recipe.plan["metric"] == "accuracy and macro-F1"
    assert 0 < recipe.plan["examples_in_prompt"] <= 48


def test_hosted_model_points_to_the_providers_api() -> None:
    manifest = manifest_from_mapping({"name": "h", "data": {"labeled_examples": 500},
                                      "model": {"name": "openai/gpt-4o-mini"}})  # fmt: skip
    recipe = build_recipe(manifest, "axolotl")
    assert recipe.kind == "hosted" and recipe.plan["service"] == "OpenAI fine-tuning API"
    assert json.loads(recipe.plan["jsonl_line"])["messages"][0]["role"] == "system"


def test_llm_trainers_refuse_an_encoder_and_name_the_alternative() -> None:
    with pytest.raises(RecipeError, match="use --for transformers"):
        _build("legal-clause-classifier", "axolotl")
    config = _build("legal-clause-classifier", "transformers").config
    assert config["model"]["auto_class"] == "AutoModelForSequenceClassification"
    assert _build("speech-recognition-accents", "transformers").config["head"] == "speech-seq2seq"


@pytest.mark.parametrize("target", TARGETS)
def test_an_embedder_is_not_given_a_supervised_fine_tuning_config(target: str) -> None:
    # Embedders learn from pairs with a contrastive loss (Reimers & Gurevych 2019; Wang et al.
    # 2024): next-token or classification training would not give embeddings.
    manifest = {"name": "e", "task": {"type": "embedding"},
                "data": {"labeled_examples": 20000, "avg_tokens_per_example": 200},
                "model": {"name": "mistralai/Mistral-7B-v0.1"}, "budget": {"gpu": "A100-80GB"}}  # fmt: skip
    with pytest.raises(RecipeError, match="contrastive"):
        build_recipe(manifest, target)


@pytest.mark.parametrize("target", TARGETS)
def test_a_forecaster_is_not_given_a_text_models_config(target: str) -> None:
    # Chronos-Bolt is loaded by chronos-forecasting's pipeline and fine-tuned by it or by
    # AutoGluon (amazon/chronos-bolt-base card), not as a text seq2seq model with a text dataset.
    manifest = {"name": "f", "task": {"type": "forecasting"},
                "data": {"labeled_examples": 500, "modality": "time-series"},
                "model": {"name": "amazon/chronos-bolt-base"}, "budget": {"level": "low"},
                "prompting": {"tried": True, "meets_target": False}}  # fmt: skip
    with pytest.raises(
        RecipeError, match=r"time-series model.*huggingface\.co/amazon/chronos-bolt"
    ):
        build_recipe(manifest, target)


def test_setfits_advice_says_the_config_is_not_setfit() -> None:
    # Tunstall et al. 2022: SetFit tunes the embedder on pairs, then fits a head; a task-head
    # fine-tune is another method, and the recipe must not pass it off as the advice.
    manifest = {"name": "s", "task": {"type": "classification"},
                "data": {"labeled_examples": 48, "avg_tokens_per_example": 30},
                "model": {"name": "sentence-transformers/all-mpnet-base-v2"}}  # fmt: skip
    assert any("setfit library" in note for note in build_recipe(manifest, "transformers").notes)
    manifest["data"]["labeled_examples"] = 5000  # ordinary fine-tuning: no such note
    assert not any("setfit" in note for note in build_recipe(manifest, "transformers").notes)


def test_change_base_model_has_nothing_to_train() -> None:
    with pytest.raises(RecipeError, match="change the base model"):
        _build("text-model-for-medical-images", "trl")


# --- command line, determinism, golden files --------------------------------------------------


def test_cli_writes_the_file_and_says_what_to_run(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "train.yaml"
    code, stdout, err = run_main(["recipe", str(ROOT / "examples/small-gpu-qlora.yaml"),
                                  "--for", "axolotl", "--output", str(out)], capsys)  # fmt: skip
    assert code == 0 and stdout == ""
    assert "Run: axolotl train train.yaml" in err
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["adapter"] == "qlora"


def test_cli_field_flags_and_errors(capsys: Any) -> None:
    code, out, _ = run_main(["recipe", "--examples", "5000", "--model", "Qwen/Qwen2.5-7B-Instruct",
                             "--gpu", "L4", "--for", "trl", "--format", "json"], capsys)  # fmt: skip
    assert code == 0 and json.loads(out)["fitted"]["precision"] == "bf16"
    code, _, err = run_main(["recipe", "--examples", "5", "--model", "gpt2", "--for", "keras"],
                            capsys)  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "--for must be one of" in err
    code, _, err = run_main(["recipe", str(ROOT / "examples/legal-clause-classifier.yaml"),
                             "--for", "trl"], capsys)  # fmt: skip
    assert code == 2 and "use --for transformers" in err and "Traceback" not in err


def test_rules_show_recipes_lists_every_default_with_its_source(capsys: Any) -> None:
    code, out, _ = run_main(["rules", "show", "recipes", "--format", "json"], capsys)
    assert code == 0
    rows = json.loads(out)["defaults"]
    assert {"lora.rank", "learning_rate.lora", "epochs", "lora.target_modules"} <= {
        r["name"] for r in rows}  # fmt: skip
    assert all(r["source"] for r in rows)
    code, out, _ = run_main(["rules", "show", "recipes"], capsys)
    assert code == 0 and "Biderman" in out


@pytest.mark.parametrize(("stem", "target"), _recipes())
def test_golden(stem: str, target: str) -> None:
    try:
        text = recipe_text(_build(stem, target))
        assert text == recipe_text(_build(stem, target))  # byte-identical for the same input
    except RecipeError as exc:
        text = f"error: {exc}\n"
    golden = GOLDEN / f"{stem}.{target}.yaml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8", newline="")
    assert text == golden.read_text(encoding="utf-8")


def test_shipped_recipes_file_validates_and_every_default_has_a_source() -> None:
    path = ROOT / "src/transfer_advisor/data/recipes.yaml"
    defaults = load_recipe_defaults_text(path.read_text(encoding="utf-8"), str(path))
    assert defaults.lora.rank.pick(500) == 8 and defaults.lora.rank.pick(500_000) == 64
    assert defaults.learning_rate.pick("lora", 8_000_000_000) == 2e-4
    # LoRA's learning rate is about 10x full fine-tuning's (Biderman et al. 2024).
    full, lora = (defaults.learning_rate.pick(t, 110_000_000) for t in ("full", "lora"))
    assert full * 10 == pytest.approx(lora)


IMAGE_TASKS_WITHOUT_A_CLASSIFIER_HEAD = [
    # (model, task): a detector, a segmenter and vision-language decoders, each of which loads
    # through another Auto class than AutoModelForImageClassification (transformers docs).
    ("facebook/detr-resnet-50", "object-detection"),
    ("facebook/sam-vit-base", "segmentation"),
    ("google/paligemma-3b-mix-224", "question-answering"),
    ("Qwen/Qwen2.5-VL-7B-Instruct", "classification"),
]


@pytest.mark.parametrize(("model", "task"), IMAGE_TASKS_WITHOUT_A_CLASSIFIER_HEAD)
def test_no_image_classifier_config_for_other_image_models(model: str, task: str) -> None:
    data = {"name": "img", "task": {"type": task},
            "data": {"labeled_examples": 3000, "modality": "image"},
            "model": {"name": model}, "prompting": {"tried": True, "meets_target": False},
            "budget": {"gpu": "A100-80GB"}}  # fmt: skip
    with pytest.raises(RecipeError, match="no config for") as caught:
        build_recipe(manifest_from_mapping(data), "transformers")
    assert "AutoModelForImageClassification" not in str(caught.value)


def test_an_image_classifier_still_gets_its_config() -> None:
    data = {"name": "img", "task": {"type": "classification"},
            "data": {"labeled_examples": 3000, "modality": "image"},
            "model": {"name": "google/vit-base-patch16-224"},
            "budget": {"gpu": "A100-80GB"}}  # fmt: skip
    recipe = build_recipe(manifest_from_mapping(data), "transformers")
    assert recipe.config["model"]["auto_class"] == "AutoModelForImageClassification"


def test_sharded_runs_follow_each_trainers_own_rules() -> None:
    def recipe(target: str, **training: Any) -> Any:
        # Four 24 GB cards hold a 70B model only as QLoRA: the advice is QLoRA.
        data = {**LLAMA, "model": {"name": "meta-llama/Llama-3.1-70B-Instruct"},
                "budget": {"gpu": "RTX-4090", "gpus": 4}, "training": training}  # fmt: skip
        made = build_recipe(manifest_from_mapping(data), target)
        return made

    # FSDP and ZeRO-3 shard floating-point tensors only: QLoRA stores its 4-bit weights in the
    # training dtype (bitsandbytes docs, FSDP-QLoRA).
    trl = recipe("trl", parallelism="fsdp")
    assert trl.technique == "qlora"
    assert trl.config["bnb_4bit_quant_storage"] == "bfloat16"
    quantization = recipe("transformers", parallelism="zero3").config["quantization"]
    assert quantization["bnb_4bit_quant_storage"] == "bfloat16"
    assert "bnb_4bit_quant_storage" not in recipe("trl", parallelism="ddp").config  # not sharded
    # axolotl refuses bitsandbytes' 8-bit AdamW under FSDP2 and names its torch one.
    fsdp = recipe("axolotl", parallelism="fsdp", optimizer="adamw_8bit").config
    assert fsdp["optimizer"] == "adamw_torch_8bit"
    # axolotl's zero2.json is the one that offloads.
    offload = recipe("axolotl", parallelism="zero2", cpu_offload=True).config
    assert offload["deepspeed"] == "deepspeed_configs/zero2.json"


def test_precision_the_trainer_cannot_do_is_said_or_refused() -> None:
    base = {"name": "p", "task": {"type": "chat"},
            "data": {"labeled_examples": 5000, "avg_tokens_per_example": 300}}  # fmt: skip
    # Gemma 3 on a T4 trains in fp32, which LLaMA-Factory cannot (it computes in the model's
    # own dtype with bf16 and fp16 off: its patcher.py).
    gemma = {**base, "model": {"name": "google/gemma-3-1b-it"}, "budget": {"gpu": "T4"}}
    with pytest.raises(RecipeError, match="no fp32 training"):
        build_recipe(manifest_from_mapping(gemma), "llama-factory")
    assert build_recipe(manifest_from_mapping(gemma), "trl").config["dtype"] == "float32"
    # bf16-true keeps no fp32 copy of the weights: LLaMA-Factory's pure_bf16 ...
    llama = {**base, "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"},
             "budget": {"gpu": "H100"}, "training": {"precision": "bf16-true"}}  # fmt: skip
    assert build_recipe(manifest_from_mapping(llama), "llama-factory").config["pure_bf16"]
    # ... which it refuses under ZeRO-3.
    sharded = {**llama, "budget": {"gpu": "H100", "gpus": 4},
               "training": {"precision": "bf16-true", "parallelism": "zero3"}}  # fmt: skip
    with pytest.raises(RecipeError, match="pure_bf16"):
        build_recipe(manifest_from_mapping(sharded), "llama-factory")
    # A stated bf16 on a T4 is written as stated, and the note says what the advice warns.
    t4 = {**llama, "budget": {"gpu": "T4"}, "training": {"precision": "bf16-mixed"}}
    notes = build_recipe(manifest_from_mapping(t4), "trl").notes
    assert any("precision/no-bf16" in note for note in notes)


def test_a_plan_the_recipe_does_not_follow_is_said() -> None:
    data = {**LLAMA, "budget": {"gpu": "A100-80GB"},
            "plan": {"strategy": "peft", "technique": "qlora"}}  # fmt: skip
    recipe = build_recipe(manifest_from_mapping(data), "trl")
    assert recipe.technique == "lora"
    assert any(note.startswith("the plan's technique is qlora; this recipe follows the advice")
               for note in recipe.notes)  # fmt: skip


def test_a_parallelism_one_gpu_cannot_use_is_said() -> None:
    data = {**LLAMA, "budget": {"gpu": "A100-80GB"}, "training": {"parallelism": "fsdp"}}
    recipe = build_recipe(manifest_from_mapping(data), "axolotl")
    assert "fsdp_version" not in recipe.config
    assert any(note.startswith("training.parallelism fsdp is not written") for note in recipe.notes)


def test_the_transformers_recipe_says_the_dtype_to_load_in() -> None:
    # Without it from_pretrained's default decides: fp32 on transformers 4, the checkpoint's
    # own dtype on 5 (bf16 for Gemma 3), whatever the precision the recipe fitted.
    t5 = {"name": "t5", "task": {"type": "summarization"},
          "data": {"labeled_examples": 20000, "avg_tokens_per_example": 400},
          "model": {"name": "google/flan-t5-base"}, "budget": {"gpu": "T4"}}  # fmt: skip
    assert build_recipe(manifest_from_mapping(t5), "transformers").config["model"]["dtype"] == (
        "float32")  # fmt: skip
    h100 = {**t5, "budget": {"gpu": "H100"}}
    assert build_recipe(manifest_from_mapping(h100), "transformers").config["model"]["dtype"] == (
        "bfloat16")  # fmt: skip


def test_a_warm_up_written_as_a_share_of_steps_says_which_transformers_reads_it() -> None:
    """transformers 5 reads a warmup_steps below 1 as a share of the steps; 4.x takes it as a
    step count, which is no warm-up: the recipes that write it say so, axolotl's (which writes
    warmup_ratio) does not."""
    manifest = manifest_from_mapping(LLAMA)
    for target in ("llama-factory", "trl"):
        built = build_recipe(manifest, target)
        assert 0 < built.config["warmup_steps"] < 1
        assert any("warmup_ratio" in note for note in built.notes)
    axolotl = build_recipe(manifest, "axolotl")
    assert "warmup_ratio" in axolotl.config
    assert not any("warmup_ratio" in note for note in axolotl.notes)
