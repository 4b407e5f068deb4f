"""The catalog's ``config`` blocks: data checks, and the estimates they feed.

A block holds a model's config.json values. hfconfig counts the parameters from it exactly as
from the file, so a mistyped value shows up as a parameter count that no longer equals the
entry's published ``parameters``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from transfer_advisor.advice import estimates
from transfer_advisor.advice.engine import advise
from transfer_advisor.advice.estimates import estimate_manifest
from transfer_advisor.catalog import ModelEntry, default_catalog, load_catalog
from transfer_advisor.errors import CatalogError
from transfer_advisor.estimate.hfconfig import count_parameters, load_config
from transfer_advisor.manifest import manifest_from_mapping

from .conftest import ROOT

CONFIGS = ROOT / "tests" / "data" / "configs"
DATA = ROOT / "src" / "transfer_advisor" / "data"
WITH_CONFIG = [m for m in default_catalog().models if m.config is not None]

# Catalog entries whose published config.json is also a test fixture: the block must describe
# the same model as the whole file does.
FIXTURES = {
    "google-bert/bert-base-uncased": "bert-base-uncased",
    "google-bert/bert-large-uncased": "bert-large-uncased",
    "google/flan-t5-large": "flan-t5-large",
    "google/gemma-2-9b": "gemma-2-9b",
    "google/gemma-2b": "gemma-2b",
    "google/gemma-7b": "gemma-7b",
    "openai-community/gpt2": "gpt2",
    "openai-community/gpt2-xl": "gpt2-xl",
    "meta-llama/Llama-2-7b-hf": "llama-2-7b-hf",
    "meta-llama/Llama-3.1-70B": "llama-3.1-70b",
    "meta-llama/Meta-Llama-3-8B": "meta-llama-3-8b",
    "mistralai/Mistral-7B-v0.1": "mistral-7b-v0.1",
    "mistralai/Mixtral-8x7B-v0.1": "mixtral-8x7b-v0.1",
    "microsoft/phi-2": "phi-2",
    "microsoft/Phi-3-mini-4k-instruct": "phi-3-mini-4k-instruct",
    "Qwen/Qwen2.5-0.5B": "qwen2.5-0.5b",
    "Qwen/Qwen2.5-7B": "qwen2.5-7b",
    "FacebookAI/roberta-base": "roberta-base",
    "google-t5/t5-base": "t5-base",
    "google/vit-base-patch16-224": "vit-base-patch16-224",
}


def _shape_fields(shape: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(shape).items() if k != "source"}


# --------------------------------------------------------------------------------------------
# The data


def test_the_decoder_llms_carry_a_config_block() -> None:
    # Not every entry can have one (unsupported model types, unsourced configs), but the
    # catalog's popular decoder LLMs do; losing them brings back the approximated shape.
    assert len(WITH_CONFIG) >= 70
    families = {m.config.model_type for m in WITH_CONFIG if m.config is not None}
    assert {"llama", "mistral", "mixtral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text",
            "phi", "phi3", "gpt2"} <= families  # fmt: skip


@pytest.mark.parametrize("entry", WITH_CONFIG, ids=[m.name for m in WITH_CONFIG])
def test_config_block_counts_the_catalog_parameters(entry: ModelEntry) -> None:
    assert entry.config is not None
    facts = count_parameters(entry.config.as_config(), source=entry.name)
    # Every model type hfconfig supports is counted exactly (tests/test_hfconfig.py checks it
    # against published totals), so the block and `parameters` must agree to the parameter.
    assert facts.parameters == entry.parameters, (
        f"{entry.name}: the config block gives {facts.parameters:,} parameters, the entry "
        f"{entry.parameters:,} (off by {facts.parameters - entry.parameters:+,})"
    )
    assert facts.architecture == entry.architecture
    if facts.context_window is not None:  # learned positions: GPT-2, BERT, RoBERTa, ViT
        assert facts.context_window == entry.context_window


@pytest.mark.parametrize(("name", "fixture"), sorted(FIXTURES.items()))
def test_config_block_matches_the_published_file(name: str, fixture: str) -> None:
    entry = default_catalog().model(name)
    assert entry is not None and entry.config is not None, name
    from_file = load_config(CONFIGS / f"{fixture}.json")
    from_block = count_parameters(entry.config.as_config())
    assert _shape_fields(from_block.shape) == _shape_fields(from_file.shape)
    # and every value in the block is the file's own
    published = json.loads((CONFIGS / f"{fixture}.json").read_text(encoding="utf-8"))
    assert {k: published[k] for k in entry.config.as_config()} == entry.config.as_config()


def test_a_mistyped_value_is_caught_by_the_count() -> None:
    entry = default_catalog().model("meta-llama/Llama-3.1-8B-Instruct")
    assert entry is not None and entry.config is not None
    wrong = {**entry.config.as_config(), "num_key_value_heads": 32}
    assert count_parameters(wrong).parameters != entry.parameters


def _catalog_text(old: str, new: str) -> str:
    text = (DATA / "models.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      num_key_value_heads: 8\n", "      num_key_value_heads: 8\n      kv_heads: 8\n",
         "config.kv_heads: unknown field"),
        ("      num_key_value_heads: 8\n", "      num_key_value_heads: eight\n",
         "num_key_value_heads"),
        ("      num_key_value_heads: 8\n", "      num_key_value_heads: 0\n",
         "num_key_value_heads"),
        ("      model_type: llama\n", "      model_type: falcon\n", "is not supported"),
        ("      hidden_size: 4096\n", "", "config.hidden_size"),
        ("    inputs: [text, image, video]", "    inputs: [text, image, image]",
         "inputs lists a kind of input twice"),
        ("    translates_from: [de]", "    translates_from: [fr]",
         "Helsinki-NLP/opus-mt-de-en: translates_from: fr is not one of its languages"),
        ("    image_languages: [en]", "    image_languages: [ja]",
         "image_languages: ja is not one of its languages"),
        ('      closing_source: &openai-closing "https://platform.openai.com/docs/deprecations (2026-05-07: self-serve fine-tuning)"',
         "      closing_source: &openai-closing null",
         "a closing service needs its closing_source"),
        ("    weak_languages: {af: 91.2,", "    weak_languages: {xx: 91.2,",
         "openai/whisper-tiny: weak_languages: xx is not one of its languages"),
        ('      jobs_until: &openai-jobs "2027-01-06"', '      jobs_until: &openai-jobs "6 Jan 2027"',
         "jobs_until"),
    ],
)  # fmt: skip
def test_a_bad_catalog_entry_is_a_catalog_error(old: str, new: str, message: str) -> None:
    gpus = (DATA / "gpus.yaml").read_text(encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(_catalog_text(old, new), gpus)
    assert message in str(caught.value)


# --------------------------------------------------------------------------------------------
# The estimates

L4_FEW_SHOT = {
    "name": "l4-few-shot",
    "task": {"type": "classification"},
    "data": {"labeled_examples": 60, "avg_tokens_per_example": 400},
    "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"},
    "budget": {"gpu": "L4"},
}


def _with_model(**model: Any) -> dict[str, Any]:
    return {**L4_FEW_SHOT, "model": {**L4_FEW_SHOT["model"], **model}}


def _serving(data: dict[str, Any], base_dir: Path | None = None) -> Any:
    estimates, _ = estimate_manifest(manifest_from_mapping(data, base_dir=base_dir))
    assert estimates is not None
    return estimates.in_context


def test_llama_3_1_8b_on_an_l4_fits_when_served_few_shot() -> None:
    # The reviewer's case: 60 examples of 400 tokens for Llama-3.1-8B on a 24 GB L4, of which
    # the prompt holds 32 (the rulebook's max_examples_in_prompt). With 8 KV heads (GQA) the
    # KV cache of that 13,800-token prompt is under 2 GB, not the 7.5 GB of 32 KV heads.
    recommendation = advise(L4_FEW_SHOT, check=True)
    assert "exceeds-gpu-memory" not in {f.id for f in recommendation.findings}
    assert recommendation.model.source == "catalog"
    serving = _serving(L4_FEW_SHOT)
    assert serving.fits == "tight"
    assert serving.memory_gb.low >= 18.0 and serving.memory_gb.high <= 28.0
    kv = next(t for t in serving.terms if t.name == "kv_cache")
    assert "8 KV heads" in kv.explanation
    assert "shape from the catalog's config.json values for meta-llama/Llama-3.1-8B-Instruct" in (
        kv.explanation
    )
    assert "approximated" not in kv.explanation


def test_the_catalog_block_estimates_like_the_real_config_file() -> None:
    # Same model, same prompt: the config.json (whose max_position_embeddings is Llama 3's
    # 8,192, so the window is pinned to the catalog's) gives the same serving memory.
    with_file = _with_model(config="meta-llama-3-8b.json", context_window=131072)
    from_file = _serving(with_file, base_dir=CONFIGS)
    from_catalog = _serving(L4_FEW_SHOT)
    assert from_catalog.memory_gb == from_file.memory_gb
    assert [t.gb for t in from_catalog.terms] == [t.gb for t in from_file.terms]


def test_without_the_block_the_shape_is_approximated_and_warns() -> None:
    # The same parameter count under a name the catalog does not know: no GQA is assumed and
    # the KV cache no longer fits, which is the false finding the block removes.
    unknown = _with_model(name="acme/in-house-8b", parameters=8030261248,
                          architecture="decoder", context_window=131072)  # fmt: skip
    serving = _serving(unknown)
    assert serving.fits == "no"
    kv = next(t for t in serving.terms if t.name == "kv_cache")
    assert "shape approximated from 8.03B parameters" in kv.explanation
    assert "no grouped-query attention" in kv.explanation
    findings = {f.id for f in advise(unknown, check=True).findings}
    assert "exceeds-gpu-memory" in findings


@pytest.mark.parametrize("stated", ["8B", 8030261248, "7.5B"])
def test_a_parameter_count_rounded_as_names_round_it_is_the_same_model(stated: object) -> None:
    # "8B" for Llama 3.1 8B's 8.03 billion: the catalog's shape still applies, so no false
    # exceeds-gpu-memory warning appears.
    manifest = _with_model(parameters=stated)
    kv = next(t for t in _serving(manifest).terms if t.name == "kv_cache")
    assert "8 KV heads" in kv.explanation and "catalog's config.json" in kv.explanation
    rounded = "parameters taken as its 8,030,261,248, rounded" in kv.explanation
    assert rounded == (stated != 8030261248)  # the substitution is said, never silent
    assert "exceeds-gpu-memory" not in {f.id for f in advise(manifest, check=True).findings}


def test_a_parameter_count_far_from_the_catalogs_means_another_model() -> None:
    other = _with_model(parameters="7B")  # 13% below 8.03B: not this checkpoint
    kv = next(t for t in _serving(other).terms if t.name == "kv_cache")
    assert "shape approximated from 7B parameters" in kv.explanation


def test_a_catalog_model_without_a_block_keeps_the_approximation() -> None:
    whisper = _with_model(name="openai/whisper-small")
    kv = next(t for t in _serving(whisper).terms if t.name == "kv_cache")
    assert "shape approximated from" in kv.explanation


def test_the_catalog_shape_is_counted_once_per_catalog() -> None:
    catalog = default_catalog()
    first = estimates._catalog_shape(catalog, "meta-llama/Llama-3.1-8B-Instruct")
    again = estimates._catalog_shape(catalog, "llama-3.1-8b-instruct")  # an alias
    assert first is not None and first is again
    assert first.num_kv_heads == 8 and first.parameters == 8030261248
    assert estimates._catalog_shape(catalog, "openai/whisper-small") is None
    assert estimates._catalog_shape(catalog, None) is None


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("meta-llama/Llama-2-7b-chat", "meta-llama/Llama-2-7b-chat-hf"),  # Meta's own repo
        ("meta-llama/Meta-Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"),  # old id
        ("huggingface/gpt2", "openai-community/gpt2"),  # another organisation, same checkpoint
        ("Llama-3.1-70B-Instruct", "meta-llama/Llama-3.1-70B-Instruct"),
        ("GPT2", "openai-community/gpt2"),
        ("anthropic/claude-3-5-haiku-latest", "anthropic/claude-3-5-haiku"),  # the alias
        ("azure/gpt-4o-mini-2024-07-18", "azure/gpt-4o-mini"),  # Microsoft's dated name
    ],
)
def test_other_spellings_of_one_checkpoint_find_its_entry(written: str, found: str) -> None:
    entry = default_catalog().model(written)
    assert entry is not None and entry.name == found


@pytest.mark.parametrize(
    "written",
    ["bedrock/gpt-4o-mini", "openrouter/openai/gpt-4o-mini", "vertex_ai/claude-3-5-haiku"],
)
def test_a_hosted_model_under_another_provider_is_not_its_makers_entry(written: str) -> None:
    # Another provider serves (and tunes, if at all) a hosted model its own way.
    assert default_catalog().model(written) is None


def test_a_near_miss_is_not_taken_for_a_catalog_model_but_suggested() -> None:
    rec = advise({"name": "t", "data": {"labeled_examples": 500},
                  "model": {"name": "bert-base-uncasd"}})  # fmt: skip
    assert rec.model.source == "assumed"
    (assumed,) = [f for f in rec.findings if f.id == "model-assumed"]
    assert "Did you mean google-bert/bert-base-uncased?" in assumed.message


def test_inputs_are_for_a_multimodal_model_only() -> None:
    gpus = (DATA / "gpus.yaml").read_text(encoding="utf-8")
    models = (DATA / "models.yaml").read_text(encoding="utf-8")
    old = "  - name: google-bert/bert-base-uncased\n"
    at = models.index(old)
    tail = models[at:].replace(
        "    modality: text\n", "    modality: text\n    inputs: [text]\n", 1
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(models[:at] + tail, gpus)
    assert "google-bert/bert-base-uncased: inputs are listed for a multimodal model only" in str(
        caught.value
    )


def test_a_vision_language_model_reads_video_frames_in_part_and_no_audio() -> None:
    base = {
        "name": "t",
        "data": {"labeled_examples": 40},
        "model": {"name": "llava-hf/llava-1.5-7b-hf"},
    }
    facts = {
        modality: {
            f.rule
            for f in advise({**base, "data": {**base["data"], "modality": modality}}).findings
            if f.id == "domain-mismatch"
        }
        for modality in ("text", "image", "video", "audio")
    }
    assert facts == {
        "text": set(),
        "image": set(),
        "video": {"domain-mismatch/modality-partial"},
        "audio": {"domain-mismatch/modality"},
    }


def test_a_shared_gpu_alias_must_be_the_entrys_own() -> None:
    models = (DATA / "models.yaml").read_text(encoding="utf-8")
    gpus = (DATA / "gpus.yaml").read_text(encoding="utf-8")
    old = "shared_aliases: {a100: [A100-40GB]}"
    assert old in gpus
    with pytest.raises(CatalogError) as caught:
        load_catalog(models, gpus.replace(old, "shared_aliases: {h100: [A100-40GB]}"))
    assert "A100-80GB: shared_aliases: 'h100' is not one of its aliases" in str(caught.value)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("Helsinki-NLP/opus-mt-{target}-{source}", "must hold {source} and then {target}"),
        ("Helsinki-NLP/opus-mt-{source}{target}", "must hold {source} and then {target}"),
        ("Helsinki-NLP/opus-mt-{source}", "must hold {source} and then {target}"),
        ("Helsinki-NLP/marian-{source}-{target}", "does not give its own name"),
    ],
)
def test_a_direction_pattern_must_give_the_models_own_name_and_direction(
    pattern: str, problem: str
) -> None:
    gpus = (DATA / "gpus.yaml").read_text(encoding="utf-8")
    text = _catalog_text(
        "    direction_pattern: Helsinki-NLP/opus-mt-{source}-{target}",
        f"    direction_pattern: {pattern}",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(text, gpus)
    assert "Helsinki-NLP/opus-mt-de-en: direction_pattern:" in str(caught.value)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("name", "direction"),
    [
        ("Helsinki-NLP/opus-mt-en-fr", ("en", "fr")),
        ("helsinki-nlp/OPUS-MT-fr-en", ("fr", "en")),
        ("opus-mt-en-de", ("en", "de")),
        ("Helsinki-NLP/opus-mt-en-ceb", ("en", "ceb")),
        ("Helsinki-NLP/opus-mt-en-ROMANCE", None),  # a group, not a language
        ("Helsinki-NLP/opus-mt-tc-big-en-fr", None),  # another architecture
        ("acme/opus-mt-en-fr", None),  # another organisation's model
        ("Helsinki-NLP/opus-mt-en-fr-finetuned", None),
    ],
)
def test_a_name_that_follows_a_direction_pattern_gives_the_direction(
    name: str, direction: tuple[str, str] | None
) -> None:
    found = default_catalog().direction_model(name)
    assert (found[1:] if found else None) == direction
    if found:
        assert found[0].name == "Helsinki-NLP/opus-mt-de-en"


def test_an_opus_mt_pair_is_the_catalog_model_for_its_direction() -> None:
    rec = advise(
        {
            "name": "t",
            "task": {"type": "translation", "source_language": "en", "target_language": "fr"},
            "data": {"labeled_examples": 0},
            "model": {"name": "Helsinki-NLP/opus-mt-en-fr"},
        }
    )
    assert rec.model.architecture == "encoder-decoder"
    assert (rec.strategy, rec.technique) == ("in_context", "zero_shot")
    assumed = next(f.message for f in rec.findings if f.id == "model-assumed")
    assert (
        "domains of Helsinki-NLP/opus-mt-de-en, its family's model, and the direction en → fr "
        "from the name" in assumed
    )
    assert "languages of" not in assumed
    assert "Did you mean" not in assumed
    # A group code is no language: not read as a pair, not checked as a direction.
    group = advise(
        {
            "name": "t",
            "task": {"type": "translation", "source_language": "de", "target_language": "en"},
            "data": {"labeled_examples": 0},
            "model": {"name": "Helsinki-NLP/opus-mt-mul-en"},
        }
    )
    assert not [f for f in group.findings if f.rule == "domain-mismatch/direction"]
