"""How a model the catalog does not list is read: what its name relates it to
(advice.relatives) and where each of its fields comes from (advice.fields)."""

from __future__ import annotations

from typing import Any

import pytest

from transfer_advisor import advise, load_rulebook
from transfer_advisor.advice.fields import Fields, read_fields
from transfer_advisor.advice.relatives import Relatives, relatives, same_size_model
from transfer_advisor.catalog import default_catalog
from transfer_advisor.manifest import Manifest

RULEBOOK = load_rulebook()
CATALOG = default_catalog()


def _related(name: str) -> Relatives:
    return relatives(name, CATALOG, RULEBOOK.tables)


def _fields(**model: Any) -> Fields:
    manifest = Manifest.model_validate(
        {"name": "t", "data": {"labeled_examples": 10}, "model": model}
    )
    spec = manifest.model
    return read_fields(spec, None, _related(spec.name), RULEBOOK, CATALOG)


def test_a_catalog_model_relates_to_nothing_else() -> None:
    rel = _related("meta-llama/Llama-3.1-8B-Instruct")
    assert rel.entry is not None and rel.entry.name == "meta-llama/Llama-3.1-8B-Instruct"
    assert (rel.like, rel.directed, rel.listed, rel.role, rel.family) == (
        None,
        None,
        [],
        None,
        None,
    )
    fields = _fields(name="meta-llama/Llama-3.1-8B-Instruct")
    assert fields.assumed == [] and fields.values["context_window"] == 131072


def test_a_derivative_takes_the_shape_of_the_catalog_model_its_name_contains() -> None:
    rel = _related("TheBloke/Mistral-7B-Instruct-v0.2-GPTQ")
    assert rel.like is not None and rel.like.name == "mistralai/Mistral-7B-Instruct-v0.2"
    assert rel.like_name == rel.like_key and rel.base_name is None and rel.sibling is None
    fields = _fields(name="TheBloke/Mistral-7B-Instruct-v0.2-GPTQ")
    assert fields.values["parameters"] == rel.like.parameters
    assert fields.assumed[0].endswith(
        "of mistralai/Mistral-7B-Instruct-v0.2 (the name contains it)"
    )
    assert "parameters" in fields.from_like


def test_an_instruct_models_name_less_its_instruction_word_is_its_base_checkpoint() -> None:
    rel = _related("meta-llama/Llama-3.2-11B-Vision")
    assert rel.base_name is not None and rel.base_named
    assert rel.like is not None and rel.like.name == "meta-llama/Llama-3.2-11B-Vision-Instruct"
    fields = _fields(name="meta-llama/Llama-3.2-11B-Vision")
    assert fields.values["instruction_tuned"] is False
    assert "instruction_tuned=false (the name says base)" in fields.assumed
    assert fields.assumed[0].endswith("(the name is its base checkpoint's)")


def test_a_sibling_of_another_size_keeps_its_own_size() -> None:
    fields = _fields(name="HuggingFaceTB/SmolLM2-360M-Instruct")
    assert fields.values["parameters"] == 360_000_000
    assert "parameters=360,000,000 (from the name)" in fields.assumed
    assert "parameters" not in fields.from_like
    assert fields.values["instruction_tuned"] is True


def test_a_sibling_of_another_size_is_built_as_its_family_builds_that_size() -> None:
    sibling = CATALOG.model("deepseek-ai/DeepSeek-R1-Distill-Llama-8B")
    assert sibling is not None
    # Llama 3 70B (70.55B) is nearer than Llama 2 70B (68.98B) to a stated 70.6B.
    same = same_size_model(CATALOG, sibling, 70_600_000_000)
    assert same is not None and same.family == "llama"
    assert same.parameters == 70_553_706_496 and same.config is not None
    assert same.config.num_key_value_heads == 8
    # Nothing of the family within the rounding of a name: no shape is borrowed.
    assert same_size_model(CATALOG, sibling, 30_000_000_000) is None
    # A "llama" of another line (deepseek-coder's 32,256-token vocabulary) is not built as
    # Llama 3.2 1B is, though the size and the model_type agree.
    coder = CATALOG.model("deepseek-ai/deepseek-coder-6.7b-instruct")
    assert coder is not None and coder.family == "llama"
    assert same_size_model(CATALOG, coder, 1_300_000_000) is None


def test_a_siblings_stated_size_takes_the_shape_of_its_familys_model_of_that_size() -> None:
    from transfer_advisor.advice.facts import gather_facts

    manifest = Manifest.model_validate(
        {
            "name": "t",
            "data": {"labeled_examples": 10},
            "model": {
                "name": "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B",
                "parameters": 14_800_000_000,
            },
        }
    )
    facts, _ = gather_facts(manifest, RULEBOOK, CATALOG)
    assert facts["model.shape_of"] == "Qwen/Qwen2.5-14B"
    assert "shape of Qwen/Qwen2.5-14B, the qwen2 model of its size" in facts["model.assumed"]


def test_a_direction_in_an_opus_mt_name_gives_the_languages() -> None:
    rel = _related("Helsinki-NLP/opus-mt-en-fr")
    assert rel.directed is not None and rel.like is rel.directed[0]
    fields = _fields(name="Helsinki-NLP/opus-mt-en-fr")
    assert fields.values["languages"] == ["en", "fr"]
    assert fields.assumed[0].endswith("and the direction en → fr from the name")


def test_a_listed_family_gives_what_its_cards_say() -> None:
    rel = _related("allenai/OLMo-2-1124-7B-Instruct")
    assert [family["family"] for family in rel.listed] == ["OLMo 2"]
    fields = _fields(name="allenai/OLMo-2-1124-7B-Instruct")
    assert fields.values["context_window"] == 4096
    assert "context_window=4,096 (from the name: OLMo 2)" in fields.assumed
    assert fields.from_family == {"context_window", "languages"}


@pytest.mark.parametrize(
    ("name", "domains"),
    [
        ("google/medsiglip-448", ["medical"]),  # a short word joined to a family's name
        # LLaVA-Med is Mistral trained further: it keeps what Mistral read.
        ("microsoft/llava-med-v1.5-mistral-7b", ["medical", "general", "code"]),
        ("chendelong/RemoteCLIP-ViT-B-32", ["remote-sensing"]),  # a longer word's start
        ("microsoft/biogpt", ["biomedical"]),  # gpt begins gpt2's and gpt_neox's family
        ("google/codegemma-7b", ["code"]),
        ("acme/gpt-medium", None),  # medium is no medical word
        ("acme/vit-base-finetuned-flowers", None),  # nor finetuned a financial one
        ("cross-encoder/ms-marco-MiniLM-L-6-v2", None),  # the publisher is not read
        ("facebook/mms-tts-fin", None),  # fin is Finnish (ISO 639-3), not finance
    ],
)
def test_a_domain_word_in_the_name_gives_the_models_domain(
    name: str, domains: list[str] | None
) -> None:
    fields = _fields(name=name)
    if domains is None:
        assert not any(note.startswith("domains=") for note in fields.assumed)
        assert fields.values["domains"] in (None, ["general"])
    else:
        assert fields.values["domains"] == domains
        assert any(note.startswith(f"domains={', '.join(domains)} (from the name")
                   for note in fields.assumed)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "languages"),
    [
        ("eustlb/distil-large-v3-fr", ["fr"]),  # distilled for French from an English model
        ("google/gemma-3-12b-pt", None),  # a pre-trained checkpoint, not Portuguese
        ("acme/t5-base-finetuned-en-de", None),  # a direction, not German
        ("my-north-ai/whisper-small-pt", ["pt"]),  # Whisper has no pt checkpoints
        ("irena/whisper-small-sv-SE", ["sv"]),  # a locale, not two languages
        ("acme/whisper-small-mt", None),  # machine translation, not Maltese
    ],
)
def test_a_language_code_ending_a_derivatives_name_gives_its_language(
    name: str, languages: list[str] | None
) -> None:
    fields = _fields(name=name)
    noted = [note for note in fields.assumed if note.startswith("languages=")]
    if languages is None:
        assert not any("(from the name)" in note for note in noted)
    else:
        assert fields.values["languages"] == languages
        assert f"languages={', '.join(languages)} (from the name)" in noted


def test_the_name_gives_a_role_that_beats_the_model_it_contains() -> None:
    rel = _related("intfloat/e5-mistral-7b-instruct")
    assert rel.role is not None and rel.role["role"] == "embedder"
    assert rel.like is not None and rel.like.name == "mistralai/Mistral-7B-v0.1"


def test_a_non_text_family_named_gives_its_architecture_and_modality() -> None:
    rel = _related("vinai/PhoWhisper-large")
    assert rel.like is None and rel.family is not None and rel.family.family == "whisper"
    fields = _fields(name="vinai/PhoWhisper-large")
    assert (fields.values["architecture"], fields.values["modality"]) == (
        "encoder-decoder",
        "audio",
    )
    assert fields.values["context_window"] is None  # no token window for audio


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ({"name": "TheBloke/Mistral-7B-Instruct-v0.2-GPTQ", "context_window": 4096},
         "context_window", 4096),
        ({"name": "my-org/mystery-model", "architecture": "encoder"}, "architecture", "encoder"),
        ({"name": "meta-llama/Llama-3.2-11B-Vision", "instruction_tuned": True},
         "instruction_tuned", True),
    ],
)  # fmt: skip
def test_what_the_manifest_states_beats_every_other_source(
    model: dict[str, Any], field: str, value: Any
) -> None:
    fields = _fields(**model)
    assert fields.values[field] == value
    assert not any(note.startswith(f"{field}=") for note in fields.assumed)


def test_an_unknown_name_takes_the_rulebooks_assumptions_and_says_so() -> None:
    fields = _fields(name="my-org/mystery-model")
    defaults = RULEBOOK.tables.assumed_model
    assert fields.values["architecture"] == defaults["architecture"]
    assert f"architecture={defaults['architecture']}" in fields.assumed
    assert fields.values["parameters"] is None  # never assumed: the estimates say they need it


def _overflow_messages(model: dict[str, Any]) -> list[str]:
    manifest = Manifest.model_validate({
        "name": "t",
        "task": {"type": "summarization"},
        "data": {"labeled_examples": 0, "avg_tokens_per_example": 6000},
        "model": model,
    })  # fmt: skip
    recommendation = advise(manifest, RULEBOOK)
    return [f.message for f in recommendation.findings if f.id == "input-overflow"]


@pytest.mark.parametrize(
    ("model", "assumed"),
    [
        # Nothing names its window: the rulebook's default is what overflows.
        ({"name": "acme/legal-llm-7b-instruct"}, True),
        # The window comes from the catalog, the name or the manifest: a fact, not a guess.
        ({"name": "google/flan-t5-base"}, False),
        ({"name": "acme/legal-llm-7b-instruct-4k"}, False),
        ({"name": "acme/legal-llm-7b-instruct", "context_window": 4096}, False),
    ],
)
def test_an_overflow_says_when_the_window_it_overflows_is_assumed(
    model: dict[str, Any], assumed: bool
) -> None:
    (message,) = _overflow_messages(model)
    assert ("is assumed: nothing names the window" in message) is assumed
    assert fields_defaulted(model) is assumed


def fields_defaulted(model: dict[str, Any]) -> bool:
    return _fields(**model).defaulted("context_window")
