"""The recipes against the real trainers: optional, marked slow, skipped unless transformers,
peft and trl are installed (they are not in CI; see the README's "Recipes" for when it ran).

The generated sections go through the real parsers (TrainingArguments, TRL's parser of
``trl sft --config``, LoraConfig, BitsAndBytesConfig), then a tiny randomly initialised Llama,
built from tests/data/configs/ with its sizes shrunk (no download), takes two optimizer steps
with PEFT and transformers' Trainer under the recipe's own settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, ROOT
from transfer_advisor.manifest import load_manifest
from transfer_advisor.recipes import build_recipe, recipe_text

pytest.importorskip("transformers")
pytest.importorskip("peft")
pytest.importorskip("trl")
pytestmark = pytest.mark.slow


def _config(stem: str, target: str) -> dict[str, Any]:
    recipe = build_recipe(load_manifest(ROOT / "examples" / f"{stem}.yaml"), target)
    return yaml.safe_load(recipe_text(recipe))  # what the file holds, comments dropped


def test_trl_parses_the_trl_recipe(tmp_path: Path) -> None:
    from trl import DatasetMixtureConfig, ModelConfig, ScriptArguments, SFTConfig, TrlParser

    config = _config("small-gpu-qlora", "trl")
    config["bf16"] = False  # the CPU here has no bf16 mixed precision
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    parser = TrlParser((ScriptArguments, SFTConfig, ModelConfig, DatasetMixtureConfig))
    _, sft, model, mixture = parser.parse_yaml_file(str(path), allow_extra_keys=False)
    assert sft.per_device_train_batch_size == config["per_device_train_batch_size"]
    assert model.load_in_4bit and model.bnb_4bit_quant_type == "nf4" and model.use_bnb_nested_quant
    assert mixture.datasets[0].path == "json"


def test_transformers_recipe_trains_two_steps(tmp_path: Path) -> None:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import (
        BitsAndBytesConfig,
        LlamaConfig,
        LlamaForCausalLM,
        Trainer,
        TrainingArguments,
    )

    recipe = _config("small-gpu-qlora", "transformers")
    BitsAndBytesConfig(**recipe["quantization"])  # accepted (4-bit needs a GPU to load)
    real = json.loads((DATA / "configs" / "meta-llama-3-8b.json").read_text(encoding="utf-8"))
    tiny = {**real, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 256}  # fmt: skip
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(**{k: v for k, v in tiny.items() if k != "model_type"}))
    model = get_peft_model(model, LoraConfig(**recipe["lora"]))
    args = dict(recipe["training_arguments"])
    args |= {"output_dir": str(tmp_path), "max_steps": 2, "bf16": False, "fp16": False,
             "eval_strategy": "no", "save_strategy": "no", "optim": "adamw_torch",
             "use_cpu": True}  # fmt: skip
    ids = torch.randint(0, 256, (64, 16))
    data = [{"input_ids": row, "labels": row} for row in ids]
    before = [p.detach().clone() for p in model.parameters() if p.requires_grad]
    trainer = Trainer(model=model, args=TrainingArguments(**args), train_dataset=data)
    trainer.train()
    assert trainer.state.global_step == 2
    after = [p for p in model.parameters() if p.requires_grad]
    assert any(not torch.equal(a, b) for a, b in zip(after, before, strict=True))
