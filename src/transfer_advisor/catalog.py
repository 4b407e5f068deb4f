"""The model and GPU catalogs: facts about real models and accelerators, kept as YAML data."""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_serializer,
    model_validator,
)

from transfer_advisor._internal.construct import construct
from transfer_advisor._internal.shipped import shipped_data
from transfer_advisor._internal.validation import validation_problems
from transfer_advisor._internal.yaml import load_document
from transfer_advisor.errors import CatalogError
from transfer_advisor.vocabulary import (
    Architecture,
    Checkpoint,
    InContextLearning,
    InputModality,
    ModelModality,
    TaskType,
    Weights,
)

if TYPE_CHECKING:
    from transfer_advisor.estimate.shape import ModelShape


class _Strict(BaseModel):
    # The shipped catalog is built without validation (the tests validate it); defer the
    # validation schema until someone loads a catalog that needs it.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


_Count = Annotated[int, Field(gt=0)]


class ModelConfig(_Strict):
    """The architecture values of a model's Hugging Face ``config.json``, under its key names.

    Only what :mod:`~transfer_advisor.estimate.hfconfig` reads to count the parameters and shape the
    estimates; a key left out takes the family's default, as it does in ``transformers``.
    """

    model_type: Annotated[str, Field(min_length=1)]
    architectures: list[str] | None = None
    vocab_size: _Count | None = None
    # Decoders, BERT-style encoders and ViT
    hidden_size: _Count | None = None
    num_hidden_layers: _Count | None = None
    num_attention_heads: _Count | None = None
    num_key_value_heads: _Count | None = None
    head_dim: _Count | None = None
    intermediate_size: _Count | None = None
    max_position_embeddings: _Count | None = None
    tie_word_embeddings: bool | None = None
    attention_bias: bool | None = None
    mlp_bias: bool | None = None
    use_bias: bool | None = None
    qk_layernorm: bool | None = None
    num_local_experts: _Count | None = None
    num_experts: _Count | None = None
    moe_intermediate_size: _Count | None = None
    num_experts_per_tok: _Count | None = None
    type_vocab_size: Annotated[int, Field(ge=0)] | None = None
    position_embedding_type: Literal["absolute", "relative_key", "relative_key_query"] | None = None
    pad_token_id: Annotated[int, Field(ge=0)] | None = None
    # GPT-2
    n_embd: _Count | None = None
    n_layer: _Count | None = None
    n_head: _Count | None = None
    n_inner: _Count | None = None
    n_positions: _Count | None = None
    # T5
    d_model: _Count | None = None
    d_kv: _Count | None = None
    d_ff: _Count | None = None
    num_heads: _Count | None = None
    num_layers: _Count | None = None
    num_decoder_layers: _Count | None = None
    relative_attention_num_buckets: _Count | None = None
    feed_forward_proj: Annotated[str, Field(min_length=1)] | None = None
    # ViT
    image_size: _Count | None = None
    patch_size: _Count | None = None
    num_channels: _Count | None = None
    qkv_bias: bool | None = None
    num_labels: Annotated[int, Field(ge=0)] | None = None

    @model_serializer(mode="plain")
    def as_config(self) -> dict[str, Any]:
        """The keys given, as a ``config.json`` mapping (what hfconfig reads)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


class DefaultEpochs(_Strict):
    """How a tuning service picks its epochs when the job names none: ``target``, unless the
    examples times it fall below ``min_trained_examples`` (then more, up to ``max``) or above
    ``max_trained_examples`` (then fewer, at least one)."""

    target: Annotated[int, Field(ge=1)]
    min_trained_examples: Annotated[int, Field(ge=1)]
    max_trained_examples: Annotated[int, Field(ge=1)]
    max: Annotated[int, Field(ge=1)]
    source: str


class Tuning(_Strict):
    """The fine-tuning a provider offers for a hosted model, with its documented minimums."""

    service: str
    methods: list[str] = []
    min_examples: Annotated[int, Field(ge=0)] | None = None
    recommended_examples: Annotated[int, Field(ge=0)] | None = None
    source: str
    #: The price of training, in US dollars per million training tokens (the examples' tokens
    #: times the epochs), and the price list it comes from.
    usd_per_million_training_tokens: Annotated[float, Field(gt=0)] | None = None
    price_source: str | None = None
    #: The epochs the service runs when the job names none.
    default_epochs: DefaultEpochs | None = None

    @model_validator(mode="after")
    def _priced_with_source(self) -> Tuning:
        if self.usd_per_million_training_tokens is not None and not self.price_source:
            raise ValueError("usd_per_million_training_tokens needs its price_source")
        return self


class ModelEntry(_Strict):
    """One catalog model; the manifest's ``model`` fields override these."""

    name: str
    aliases: list[str] = []
    family: str
    #: None only for a hosted model whose size is not published.
    parameters: Annotated[int, Field(gt=0)] | None
    architecture: Architecture
    instruction_tuned: bool
    context_window: Annotated[int, Field(gt=0)] | None = None
    modality: ModelModality
    #: For a multimodal model, what it reads (text, image, audio, video), from its card; empty:
    #: not said, so it may read any kind of data in part.
    inputs: list[InputModality] = []
    languages: list[str] = []
    #: False when the card claims more languages than it lists: a language missing from
    #: ``languages`` is then unknown, not uncovered.
    languages_complete: bool = True
    #: For a translation model trained on some directions only, the languages it translates
    #: from and into (each one of ``languages``); empty: any of its languages.
    translates_from: list[str] = []
    translates_into: list[str] = []
    #: For a family published as one checkpoint per direction under names that give it
    #: (``Helsinki-NLP/opus-mt-{source}-{target}``): another pair's name is read as this
    #: model translating that direction.
    direction_pattern: str | None = None
    domains: list[str] = ["general"]
    promptable: bool
    zero_shot_tasks: list[TaskType] = []
    #: The task a checkpoint's head was trained for when it predicts a fixed label set (an
    #: ImageNet classifier, a COCO detector): none of a user's tasks as it is, so not in
    #: ``zero_shot_tasks``, but the kind of model to fine-tune for that task, and no other.
    trained_for: list[TaskType] = []
    #: The labels such a head predicts, as its card names them ("the 80 object categories of
    #: COCO 2017"): with no labeled examples it does the task as it is for those, and no others.
    label_set: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    #: Words that name the label set in a task's description ("coco", "imagenet").
    label_set_terms: list[Annotated[str, Field(min_length=2, max_length=40)]] = []
    #: The label set's classes by name, one entry per class with its other names after a slash
    #: ("person/people/pedestrian"): a description that lists two or more of them, and nothing
    #: else beside them, names the label set ("count people, cars and bicycles").
    label_set_classes: Annotated[
        list[Annotated[str, Field(min_length=2, max_length=80)]], Field(max_length=2000)
    ] = []
    in_context_learning: InContextLearning | None = None
    #: For a multimodal model, the images one prompt may hold as its card or paper says (1: no
    #: image demonstrations beside the input); None: not said.
    images_per_prompt: Annotated[int, Field(ge=1)] | None = None
    #: The longest audio one input holds, in seconds (Whisper: 30); longer recordings are cut.
    input_seconds: Annotated[float, Field(gt=0)] | None = None
    checkpoint: Checkpoint | None = None
    weights: Weights = "open"
    tuning: Tuning | None = None
    active_parameters: Annotated[int, Field(gt=0)] | None = None
    #: Bits per weight the checkpoint is published in, where servers load it as it is but
    #: trainers dequantize it (gpt-oss's MXFP4 experts: 4): the serving estimate holds it.
    serving_bits: Annotated[int, Field(ge=1, le=16)] | None = None
    capability_source: str | None = None
    instruct_variant: str | None = None
    base_variant: str | None = None
    license: str | None = None
    source: str
    config: ModelConfig | None = None


class GpuEntry(_Strict):
    """One accelerator: memory per GPU, dense bf16 peak, an indicative hourly price and whether
    it computes in bf16."""

    name: str
    aliases: list[str] = []
    memory_gb: Annotated[float, Field(gt=0)]
    bf16_tflops: Annotated[float, Field(gt=0)]
    usd_per_hour: Annotated[float, Field(ge=0)] | None = None
    #: Computes in bfloat16 (Ampere and newer); None: not known, recipes then assume it does.
    bf16: bool | None = None
    source: str


class _ModelFile(_Strict):
    schema_version: Literal[1] = 1
    models: list[ModelEntry]


class _GpuFile(_Strict):
    schema_version: Literal[1] = 1
    gpus: list[GpuEntry]


#: A language code in a model's name: ISO 639-1 or 639-3 letters.
_CODE = re.compile(r"[a-z]{2,3}")


def split_direction_pattern(pattern: str) -> tuple[str, str, str] | None:
    """A ``direction_pattern``'s normalised text before ``{source}``, between it and
    ``{target}``, and after; None unless it holds each placeholder once, source first, with
    text between them."""
    if pattern.count("{source}") != 1 or pattern.count("{target}") != 1:
        return None
    before, rest = pattern.split("{source}")
    separator, after = rest.split("{target}") if "{target}" in rest else ("", "")
    if not separator or "{target}" in before:
        return None
    return _key(before), _key(separator), _key(after)


def _key(name: str) -> str:
    return " ".join(name.lower().replace("_", "-").split())


def _variants(key: str) -> list[str]:
    """Other spellings of one checkpoint's id, most specific first."""
    short = key.rsplit("/", 1)[-1]
    found = [short]
    for form in (key, short):
        if form.endswith("-hf"):
            found.append(form.removesuffix("-hf"))
        if form.endswith("-latest"):
            # A provider's alias for the newest snapshot of the model (Anthropic's models
            # overview: claude-3-5-sonnet-latest; Mistral's mistral-large-latest).
            found.append(form.removesuffix("-latest"))
        if "meta-llama-3.1-" in form or "meta-llama-3.2-" in form or "meta-llama-3.3-" in form:
            found.append(form.replace("meta-llama-3.", "llama-3."))
    return [f for f in found if f != key]


class Catalog:
    """Case-insensitive lookup of models (by name or alias) and GPUs."""

    def __init__(self, models: list[ModelEntry], gpus: list[GpuEntry]) -> None:
        self.models = models
        self.gpus = gpus
        self._models: dict[str, ModelEntry] = {}
        #: Memoised model suggestions (see ``advice.facts._suggest``); the catalog never changes.
        self.suggestions: dict[tuple[object, ...], list[str]] = {}
        #: Memoised filtered models before ranking (see ``advice.suggest._candidates``).
        self.candidates: dict[tuple[object, ...], tuple[tuple[ModelEntry, ...], int]] = {}
        #: The number of each such list, by its entries' identities, from a counter.
        self.candidate_lists: dict[tuple[int, ...], int] = {}
        self.candidate_numbers = itertools.count()
        #: Every context window of the catalog's models, sorted (0 for none).
        self.windows: list[int] = sorted({model.context_window or 0 for model in models})
        #: Every modality some catalog model reads.
        self.modalities: frozenset[str] = frozenset(model.modality for model in models)
        #: The letters that begin each catalog family's name, three or more (``gpt`` of
        #: ``gpt_neox``): what a domain prefix is joined to in a model's name (BioGPT).
        self.family_stems: frozenset[str] = frozenset(
            stem for model in models
            if len(stem := re.sub(r"[^a-z].*", "", model.family.lower())) >= 3)  # fmt: skip
        #: Memoised shapes from the models' ``config`` blocks (see ``advice.estimates``), by model name.
        self.shapes: dict[str, ModelShape] = {}
        self._gpus: dict[str, GpuEntry] = {}
        #: (prefix, separator, suffix, model) of each ``direction_pattern``, normalised.
        self._direction_patterns: list[tuple[str, str, str, ModelEntry]] = []
        for model in models:
            if model.direction_pattern is not None:
                parts = split_direction_pattern(model.direction_pattern)
                if parts is not None:
                    self._direction_patterns.append((*parts, model))
            for key in (model.name, model.name.rsplit("/", 1)[-1], *model.aliases):
                # The short form of an id ("Llama-2-7b-hf") is only a fallback.
                self._models.setdefault(_key(key), model)
                if key.endswith("-hf"):  # meta-llama/Llama-2-7b-chat is the same checkpoint
                    self._models.setdefault(_key(key.removesuffix("-hf")), model)
        for gpu in gpus:
            for key in (gpu.name, *gpu.aliases):
                self._gpus.setdefault(_key(key), gpu)

    def model(self, name: str) -> ModelEntry | None:
        """The model of this name or alias; else of the same name under another organisation,
        or without the ``-hf`` suffix of converted checkpoints, or under Meta's older
        ``Meta-Llama-3.1`` naming (each of these names one published checkpoint)."""
        key = _key(name)
        found = self._models.get(key)
        if found is not None:
            return found
        for candidate in _variants(key):
            found = self._models.get(candidate)
            if found is not None:
                return found
        return None

    def direction_model(self, name: str) -> tuple[ModelEntry, str, str] | None:
        """The catalog model whose ``direction_pattern`` ``name`` follows, with the source and
        target codes the name gives (two or three lowercase letters each), for a name not in
        the catalog: ``Helsinki-NLP/opus-mt-en-fr`` is OPUS-MT's English-to-French model. The
        organisation may be left out, not changed."""
        key = _key(name)
        for prefix, separator, suffix, model in self._direction_patterns:
            if "/" in key:
                if not key.startswith(prefix):
                    continue
                middle = key[len(prefix) :]
            else:
                short = prefix.rsplit("/", 1)[-1]
                if not key.startswith(short):
                    continue
                middle = key[len(short) :]
            if suffix:
                if not middle.endswith(suffix):
                    continue
                middle = middle[: -len(suffix)]
            codes = middle.split(separator)
            if len(codes) == 2 and all(_CODE.fullmatch(code) for code in codes):
                return model, codes[0], codes[1]
        return None

    def model_keys(self) -> dict[str, str]:
        """Every lookup key (names and aliases, normalised) and the model name it finds."""
        return {key: model.name for key, model in self._models.items()}

    def gpu(self, name: str) -> GpuEntry | None:
        return self._gpus.get(_key(name))


def _load(text: str, source: str, schema: type[_Strict]) -> _Strict:
    document = load_document(text, source, error=CatalogError)
    try:
        return schema.model_validate(document.data)
    except ValidationError as exc:
        raise validation_problems(
            exc, source=source, document=document, error=CatalogError, model=schema
        ) from None


def _check(catalog: Catalog, source: str) -> None:
    names = {_key(m.name) for m in catalog.models}
    for model in catalog.models:
        for ref in (model.instruct_variant, model.base_variant):
            if ref is not None and _key(ref) not in names:
                raise CatalogError(f"{model.name}: {ref!r} is not a model in the catalog",
                                   source=source)  # fmt: skip
        if len(set(model.inputs)) < len(model.inputs):
            raise CatalogError(f"{model.name}: inputs lists a kind of input twice",
                               source=f"{source}/models.yaml")  # fmt: skip
        for field in ("translates_from", "translates_into"):
            stray = [x for x in getattr(model, field) if x not in model.languages]
            if stray:
                raise CatalogError(f"{model.name}: {field}: {', '.join(stray)} is not one of "
                                   "its languages", source=f"{source}/models.yaml")  # fmt: skip
        if model.direction_pattern is not None:
            _check_direction_pattern(catalog, model, source)
        if model.inputs and model.modality != "multimodal":
            raise CatalogError(f"{model.name}: inputs are listed for a multimodal model only "
                               f"(this one is {model.modality})",
                               source=f"{source}/models.yaml")  # fmt: skip
        if model.config is not None:
            # The block must describe a model hfconfig can count (a supported model_type with
            # the fields that family needs); the tests also compare the count with `parameters`.
            from transfer_advisor.errors import ConfigError
            from transfer_advisor.estimate.hfconfig import count_parameters

            try:
                count_parameters(model.config.as_config())
            except ConfigError as exc:
                field = f"config.{exc.field}" if exc.field else "config"
                raise CatalogError(f"{model.name}: {field}: {exc.message}",
                                   source=f"{source}/models.yaml") from None  # fmt: skip


def _check_direction_pattern(catalog: Catalog, model: ModelEntry, source: str) -> None:
    """A model's ``direction_pattern`` must hold both placeholders, and its own name must
    follow it for its own single direction."""
    where = f"{source}/models.yaml"
    pattern = model.direction_pattern
    assert pattern is not None
    if split_direction_pattern(pattern) is None:
        raise CatalogError(f"{model.name}: direction_pattern: {pattern!r} must hold {{source}} "
                           "and then {target}, with text between them", source=where)  # fmt: skip
    found = catalog.direction_model(model.name)
    if (found is None or found[0] is not model
            or [found[1]] != model.translates_from or [found[2]] != model.translates_into):  # fmt: skip
        raise CatalogError(f"{model.name}: direction_pattern: {pattern!r} does not give its own "
                           "name and its one direction (translates_from, translates_into)",
                           source=where)  # fmt: skip


def load_catalog(models_text: str, gpus_text: str, source: str = "catalog") -> Catalog:
    """Build and validate a catalog from the text of a models file and a GPUs file."""
    models = _load(models_text, f"{source}/models.yaml", _ModelFile)
    gpus = _load(gpus_text, f"{source}/gpus.yaml", _GpuFile)
    assert isinstance(models, _ModelFile) and isinstance(gpus, _GpuFile)
    catalog = Catalog(models.models, gpus.gpus)
    _check(catalog, source)
    return catalog


@functools.lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog shipped with the package (loaded once per process).

    Built without validation: the test suite validates the shipped files.
    """
    return Catalog(
        construct(_ModelFile, shipped_data("data/models.yaml")).models,
        construct(_GpuFile, shipped_data("data/gpus.yaml")).gpus,
    )
