"""The rulebook document as written: the pydantic models that validate one rulebook file.

Each section of a rulebook file (thresholds, tables, facts, strategy, technique and finding
rules, alternatives, next steps, bands) has a strict model here; the shipped rulebook is built
from them without validation, a user's file is validated against them (the JSON schema of
``transfer-advisor schema rulebook`` is theirs too). Merging and compiling are elsewhere.
"""

import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
)
from typing_extensions import Required, TypedDict

from transfer_advisor.vocabulary import (
    Architecture,
    Checkpoint,
    DataModality,
    InContextLearning,
    InputModality,
    ModelModality,
    Severity,
    StrategyName,
    TaskType,
    TechniqueName,
    Weights,
)

RuleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")]
Condition = str | bool


class _Strict(BaseModel):
    # defer_build: the shipped rulebook is built without validation, so most runs never need
    # the validation schema; a user's rulebook builds it on first use.
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, defer_build=True
    )


def _number(value: Any) -> int | float:
    # One check with one message, not pydantic's two ("a valid integer", "a valid number") with
    # the union's branch names in the location; and NaN, which compares false with everything,
    # would silently turn off every rule that uses the threshold.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("expected a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


#: A threshold: an integer or a finite number.
Number = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]
#: A word or short phrase of a table, a name family or a role.
Word = Annotated[str, Field(min_length=2, max_length=40)]


class FactDef(_Strict):
    """A derived fact: a name and the expression that computes it."""

    name: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$")]
    value: Condition
    description: str = ""


class StrategyRule(_Strict):
    """Chooses the strategy; the first rule whose ``when`` holds decides."""

    id: RuleId
    description: str
    when: Condition
    strategy: StrategyName
    rationale: str
    source: str
    before: RuleId | None = None


class TechniqueRule(_Strict):
    """Chooses the technique within a strategy; the first rule whose ``when`` holds decides."""

    id: RuleId
    description: str
    strategy: StrategyName
    when: Condition = True
    technique: TechniqueName | None
    rationale: str | None = None
    source: str
    before: RuleId | None = None


class Detail(_Strict):
    when: Condition = True
    text: str


class FindingRule(_Strict):
    """Raises a finding when ``when`` holds."""

    id: RuleId
    finding: RuleId | None = None
    description: str
    severity: Severity
    field: str | None = None
    when: Condition
    message: str
    details: list[Detail] = []
    check_only: bool = False
    source: str


class WhyNot(_Strict):
    when: Condition = True
    why_not: str


class Step(_Strict):
    when: Condition = True
    text: str


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected a whole number")
    if not 1 <= value <= 1_000_000:
        raise ValueError(f"must be from 1 to 1,000,000, got {value}")
    return value


def _name_word(word: str) -> str:
    """A word of ``name_families`` as names are compared: lower case, with "-" for "_"."""
    compared = " ".join(word.lower().replace("_", "-").split())
    if compared != word:
        raise ValueError(f"names are compared in lower case with '-' for '_': write {compared!r}")
    return word


def _positive(value: Any) -> int | float:
    number = _number(value)
    if not 0 < number <= 1_000_000:
        raise ValueError(f"must be above 0 and at most 1,000,000, got {number}")
    return number


#: A count the estimates use as it is (a micro-batch size, a LoRA rank).
Count = Annotated[int, PlainValidator(_count), WithJsonSchema({"type": "integer", "minimum": 1})]
#: A positive number (epochs).
Positive = Annotated[int | float, PlainValidator(_positive),
                     WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]  # fmt: skip


class TrainingDefaults(TypedDict, total=False):
    """What the estimates assume where a manifest's ``training`` section says nothing; checked
    here, so that a bad default is the rulebook's error and not every manifest's."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    micro_batch_size: Count
    lora_rank: Count
    epochs: Positive
    gradient_checkpointing: bool


class AssumedModel(TypedDict, total=False):
    """What is assumed about a model no source describes (its values are facts, so they are
    limited to what the manifest could say)."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    architecture: Architecture
    instruction_tuned: bool
    context_window: Annotated[int, Field(gt=0)]
    #: The window of an encoder no source describes (BERT's 512 learned positions).
    encoder_context_window: Annotated[int, Field(gt=0)]
    modality: ModelModality


class NameRole(TypedDict):
    """What a model not in the catalog does, by a word of its name: an embedder returns
    vectors, a reranker scores pairs; neither generates text nor takes a prompt."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    #: The role's name (``model.role``): embedder, reranker.
    role: Word
    #: Words of the name (or of its owner, ``sentence-transformers/``), each matched whole.
    words: Annotated[list[Word], Field(min_length=1)]
    #: What such a model does as it is (its ``model.zero_shot_tasks``).
    zero_shot_tasks: list[TaskType]
    #: What it is, for messages: "a text embedder: it returns one vector per input".
    description: Annotated[str, Field(min_length=1, max_length=200)]


class NameFamily(TypedDict, total=False):
    """What the cards of a model family the catalog does not list say of all its models, for a
    model not in the catalog whose name names the family with its version (``olmo-2``,
    ``granite-3.1``): each fact applies where the manifest and the name's own words say none."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    #: The family, for messages: "Granite 3.1".
    family: Required[Annotated[str, Field(min_length=2, max_length=60)]]
    #: Words of the name, each matched where a word starts and ends; the longest wins. Names
    #: are compared in lower case with "_" as "-", so a word is written that way.
    words: Required[
        Annotated[
            list[Annotated[str, Field(min_length=2, max_length=40), AfterValidator(_name_word)]],
            Field(min_length=1),
        ]
    ]
    architecture: Architecture
    context_window: Annotated[int, Field(gt=0)]
    modality: ModelModality
    #: What a multimodal family reads.
    inputs: list[InputModality]
    languages: list[Annotated[str, Field(min_length=2, max_length=3)]]
    #: False when the card claims more languages than it names.
    languages_complete: bool
    #: Weights published (open), tuned only through the provider (hosted) or not at all
    #: (closed): the c4ai Command R checkpoints are open, the hosted Command R is not.
    weights: Weights
    #: The domains of its pre-training beyond general text (Meditron: medical).
    domains: list[Word]
    #: Every published checkpoint is post-trained (Aya Expanse has no "-instruct" in its name).
    instruction_tuned: bool
    #: Its checkpoints, as the catalog's field: ``pretrained`` for a family published to be
    #: fine-tuned (ESM-2, ChemBERTa), with no instruction-tuned variant to prefer.
    checkpoint: Checkpoint
    #: What the checkpoints the words name do as they are, beyond what every instruction-tuned
    #: model does (``instruct_zero_shot_tasks``): Gemma 3n and MMS-1B-all transcribe.
    zero_shot_tasks: list[TaskType]
    #: For a task checkpoint with a fixed head (an SST-2 sentiment classifier, a CoNLL-2003
    #: tagger): the task it was trained for, its labels as its card names them, the words that
    #: name them and the labels by name (as the catalog's fields of the same names).
    trained_for: list[TaskType]
    label_set: Annotated[str, Field(min_length=1, max_length=200)]
    label_set_terms: list[Word]
    label_set_classes: Annotated[
        list[Annotated[str, Field(min_length=2, max_length=80)]], Field(max_length=2000)
    ]
    #: The parameters of a family of one size whose names do not state it (DeepSeek-R1: 671B),
    #: and how many a mixture of experts routes each token through (37B).
    parameters: Annotated[int, Field(gt=0)]
    active_parameters: Annotated[int, Field(gt=0)]
    #: How well its models learn from examples in the prompt, where the card says (DeepSeek-R1:
    #: few-shot prompting degrades it, so weak).
    in_context_learning: InContextLearning
    #: The parameter-efficient technique its card adapts it with, where the model is built for
    #: one (MMS-1B-all: a small adapter per language beside frozen weights).
    card_technique: Literal["adapters"]
    #: Its extraction is reading text out (OCR): plain text, no named fields or structure.
    transcribes: bool
    #: Its provider's guide says to prompt it zero-shot first (OpenAI's reasoning models).
    zero_shot_first: bool
    #: The word of its post-trained checkpoints where its base ones say "Base" (Kimi-K2-Base:
    #: Kimi-K2-Instruct); without it the post-trained name has none (GLM-4.5-Air-Base).
    instruct_word: Annotated[str, Field(min_length=2, max_length=20)]
    #: The card, paper or vendor page the facts come from.
    source: Required[Annotated[str, Field(min_length=5, max_length=400)]]


class SequenceInputs(TypedDict, total=False):
    """How a description names one kind of input: raw sequences or imagery (see ``Tables``)."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]

    #: What the inputs are, for messages: "raw amino-acid sequences".
    describes: Required[Annotated[str, Field(min_length=2, max_length=80)]]
    #: Words that say the inputs are such sequences, in lower case with " " for "-" ("amino
    #: acid sequence" matches "amino-acid sequences"); a plural "s" is allowed.
    words: Required[Annotated[list[Word], Field(min_length=1)]]


class Tables(_Strict):
    # Modalities and task types are the manifest's own words: a table cannot invent one that
    # no manifest or catalog model could match (and that rules could not test for).
    modality_compatibility: dict[
        DataModality, dict[Literal["compatible", "partial"], list[ModelModality]]
    ] = {}
    related_domains: dict[str, list[str]] = {}
    implied_modality: dict[TaskType, DataModality] = {}
    strategy_weight: dict[str, int] = {}
    reference_gpu: str | None = None
    language_names: dict[str, str] = {}
    #: Individual languages and the macrolanguage they belong to (ISO 639-3): a model of one
    #: covers the other.
    macrolanguages: dict[str, str] = {}
    #: The pre-training domain a model's modality implies (a code model's domain is code).
    modality_domains: dict[ModelModality, str] = {}
    #: What an instruction-tuned generative text model not in the catalog does as it is.
    instruct_zero_shot_tasks: list[TaskType] = []
    #: What a generative model pre-trained on a modality, not in the catalog, does as it is,
    #: instruction-tuned or not (a code model completes code).
    modality_zero_shot_tasks: dict[ModelModality, list[TaskType]] = {}
    #: Words of a task's description that say its output is code (SQL, function calls): a code
    #: model reads such a task's text instructions.
    code_output_terms: list[Word] = []
    #: Words that make a classification name the language used ("identify the spoken language").
    language_identification_terms: list[Word] = []
    #: Words of an extraction task's description that ask for named fields or structure
    #: (key-value pairs, JSON), which a model that only transcribes text does not give.
    structured_extraction_terms: list[Word] = []
    #: Tags in a model's languages that say "many" rather than name one (multilingual, mul).
    many_languages_tags: list[Word] = []
    #: A generic task type given with data of a modality that has its own task type: the
    #: modality's (classification of images is image-classification).
    modality_task_types: dict[DataModality, dict[TaskType, TaskType]] = {}
    #: Words of a `code` task's description that make it code written from natural-language
    #: instructions, and words that keep it code completion (which wins when both appear).
    code_instruction_terms: list[Word] = []
    code_completion_terms: list[Word] = []
    #: Words of a model's name that say it reads images, audio or video, whatever its size or
    #: publisher (EVA-CLIP-8B, granite-speech): an undescribed model so named reads the data.
    non_text_name_words: list[Word] = []
    #: Catalog families whose activations overflow fp16's range (pre-trained in bf16): on a GPU
    #: without bf16 they train in fp32, not fp16.
    fp16_unstable_families: list[Word] = []
    #: For each pre-training domain, words of an undescribed model's name that say it was
    #: pre-trained on that domain (MedSigLIP, RemoteCLIP, CodeGemma): a word of the name, or
    #: its start when four letters or more, or a shorter one joined to a model family's name.
    name_domain_words: dict[Word, list[Word]] = {}
    #: Words that make a generation task text completion (autocomplete): what a base language
    #: model does as it is.
    text_completion_terms: list[Word] = []
    #: Words that deny what follows them in a description ("not a COCO category").
    negations: list[Word] = []
    #: Words of a name that say its weights are quantized (``-GPTQ``, ``-bnb-4bit``, ``-GGUF``),
    #: with the bits per weight each says (0: not said; the widest wins, so ``GPTQ-Int8`` is
    #: 8): adapters can train on top, the weights cannot.
    quantized_words: dict[Word, Annotated[int, Field(ge=0, le=16)]] = {}
    #: Words just before a list of classes that make them where the targets are ("on cars").
    place_words: list[Word] = []
    #: Verbs that ask to find the one class after them ("detect people in lobby footage").
    detection_verbs: list[Word] = []
    medium_words: list[Word] = []  # what a class is heard or seen in: "angry callers"
    further_task_verbs: list[Word] = []  # asking more of one found class: "describe its breed"
    beyond_label_set: list[Word] = []  # "only knows": the task needs classes beyond the set
    #: Words of a video task that turns on what changes across frames (motion, order).
    temporal_terms: list[Word] = []
    temporal_exclusions: list[Word] = []  # phrases of such words that are no change ("motion blur")
    #: Words that name a class per pixel ("semantic segmentation"), which SAM does not give.
    class_naming_terms: list[Word] = []
    #: Raw biological or chemical sequences a task's description may say its inputs are, by
    #: the domain of the models pre-trained on them (protein, genomics, chemistry): the
    #: words that say so, and what to call them.
    sequence_inputs: dict[Word, SequenceInputs] = {}
    imaging_domains: dict[Word, SequenceInputs] = {}  # imagery a description names, by domain
    #: Words of a description that say its inputs are prose ("free text", "sentences"); a
    #: language's name (``language_names``) says so too.
    prose_words: list[Word] = []
    #: Words that, among the four before a sequence a description names beside prose, say the
    #: sequence is not the input: what the task writes ("extract", "generate") or what the
    #: prose mentions ("mention", "quote"); "s", "es" and "ing" forms match too.
    sequence_mention_words: list[Word] = []
    name_windows: dict[Word, Annotated[int, Field(gt=0)]] = {}  # unlisted names: bigbird 4,096
    #: The learned positions of encoder families (BERT and its descendants), for an encoder
    #: not in the catalog whose name names the family and whose source gives no window.
    encoder_windows: dict[Word, Annotated[int, Field(gt=0)]] = {}
    #: Roles a name's words give a model not in the catalog, in order: the first that matches
    #: wins (a reranker's name may also say ``bge``).
    name_roles: list[NameRole] = []
    #: Families the catalog does not list, by the words of their names (see ``NameFamily``).
    name_families: list[NameFamily] = []
    training_defaults: TrainingDefaults = {}
    assumed_model: AssumedModel = {}


class Band(_Strict):
    """One band of the data-volume ladder: from one threshold (inclusive) below another."""

    strategy: StrategyName
    from_: str | None = Field(default=None, alias="from")
    below: str | None = None
    description: str = ""


class RulebookFile(_Strict):
    """One rulebook file as written; every section is optional when it ``extends`` another."""

    schema_version: Literal[1] = 1
    name: str | None = None
    description: str | None = None
    extends: str | None = None
    disable: list[RuleId] = []
    thresholds: dict[str, Number] = {}
    tables: Tables = Tables.model_construct()  # validating it would build its schema at import
    facts: list[FactDef] = []
    strategy: list[StrategyRule] = []
    technique: list[TechniqueRule] = []
    findings: list[FindingRule] = []
    alternatives: dict[StrategyName, list[WhyNot]] = {}
    next_steps: dict[StrategyName | Literal["any"], list[Step]] = {}
    bands: list[Band] = []
    ordered_thresholds: list[list[str]] = []
