"""The pydantic models of the catalogs' entries: one model (with its config block and tuning
service) and one GPU, and the files that list them."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from transfer_advisor.vocabulary import (
    Architecture,
    Checkpoint,
    InContextLearning,
    InputModality,
    ModelModality,
    TaskType,
    Weights,
)


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


#: A day as ISO 8601 writes it: "2027-01-06".
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class Tuning(_Strict):
    """The fine-tuning a provider offers for a hosted model, with its documented minimums."""

    service: str
    #: What the service trains, where its docs say: ``lora`` (low-rank adapters, Azure OpenAI).
    adapter: Literal["lora"] | None = None
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
    #: What the tuning service takes in its training examples, where it takes less than the
    #: model reads (OpenAI tunes gpt-4o-mini on text only); empty: what the model reads.
    inputs: list[InputModality] = []
    #: A service being wound down: the day since which it takes no new customers, the day
    #: after which it runs no new jobs (ISO dates), and the notice that says so.
    new_customers_until: IsoDate | None = None
    jobs_until: IsoDate | None = None
    #: The day since which a customer with no tuned model used in ``idle_days`` cannot start.
    idle_since: IsoDate | None = None
    idle_days: Annotated[int, Field(gt=0)] | None = None
    closing_source: str | None = None

    @model_validator(mode="after")
    def _priced_with_source(self) -> "Tuning":
        if self.usd_per_million_training_tokens is not None and not self.price_source:
            raise ValueError("usd_per_million_training_tokens needs its price_source")
        if (self.new_customers_until or self.jobs_until or self.idle_since) and not (
            self.closing_source
        ):
            raise ValueError("a closing service needs its closing_source")
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
    #: The provider's prompting guide says to prompt it zero-shot first and add examples only
    #: if needed (OpenAI's reasoning models), though it learns from them.
    zero_shot_first: bool = False
    #: Its extraction is reading text out of an image or recording (OCR): plain text, with no
    #: named fields or structure (Florence-2's <OCR> prompt).
    transcribes: bool = False
    #: It names the language spoken in a recording as a trained task of its own (Whisper's
    #: language identification, Radford et al. 2022, Sec. 2.3).
    identifies_language: bool = False
    #: Its masks carry no class (SAM, SAM 2: promptable, class-agnostic segmentation), so a
    #: task that names classes per pixel is not one it does as it is.
    class_agnostic: bool = False
    #: It takes several images in one prompt, in order (GPT-4o, Claude, Gemma 3), so a video's
    #: frames can be sent together; set where a source says so.
    multi_image: bool = False
    #: The languages its card supports when the input holds images, where fewer than
    #: ``languages`` (Llama 3.2 Vision: English only for image and text together).
    image_languages: list[Annotated[str, Field(min_length=2, max_length=3)]] = []
    #: For a multimodal model, the images one prompt may hold as its card or paper says (1: no
    #: image demonstrations beside the input); None: not said.
    images_per_prompt: Annotated[int, Field(ge=1)] | None = None
    #: Languages it covers but transcribes poorly as it is: each with its word error rate on a
    #: public benchmark (Whisper's on FLEURS, 50% or more), and the table that gives them.
    weak_languages: dict[Annotated[str, Field(min_length=2, max_length=3)], float] = {}
    weak_languages_source: str | None = None
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
    #: The catalog model this entry is, served and tuned on another provider's platform
    #: (azure/gpt-4.1: openai/gpt-4.1): suggestions name that one.
    same_model_as: str | None = None
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
    #: Aliases that name other cards too (the bare "a100" of a 40 GB and an 80 GB card), each
    #: with those cards: this entry is taken for them, and the advice says which it took.
    shared_aliases: dict[str, list[str]] = {}
    source: str


class _ModelFile(_Strict):
    schema_version: Literal[1] = 1
    models: list[ModelEntry]


class _GpuFile(_Strict):
    schema_version: Literal[1] = 1
    gpus: list[GpuEntry]
