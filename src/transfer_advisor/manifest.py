"""The project manifest: what a team knows before it adapts a model (a public contract).

Loaded from YAML (or any mapping), validated strictly with pydantic: unknown fields, wrong types
(``labeled_examples: true`` or ``10.5``) and out-of-range values are errors that name the file,
line, column and field.
"""

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from transfer_advisor._internal.validation import validation_problems
from transfer_advisor._internal.values import (
    Name,
    NonNegativeInt,
    ParameterCount,
    PositiveFloat,
    PositiveInt,
    Tag,
    TokenCount,
)
from transfer_advisor._internal.values import parse_count as parse_count
from transfer_advisor._internal.yaml import Document, load_document
from transfer_advisor.errors import InputError, TransferAdvisorError
from transfer_advisor.vocabulary import (
    Architecture,
    Checkpoint,
    DataModality,
    InContextLearning,
    InputModality,
    KnowledgeSource,
    LabelSource,
    Level,
    ModelModality,
    Strategy,
    TaskType,
    TechniqueName,
    Weights,
)

SCHEMA_VERSION = 1


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Knowledge(_Section):
    """Facts the task needs that the model was not trained on (private or changing data)."""

    required: bool | None = None
    source: KnowledgeSource | None = None
    documents: NonNegativeInt | None = None
    changes: bool | None = None


class Task(_Section):
    type: TaskType = "other"
    complexity: Level = "medium"
    description: str | None = None
    source_language: Tag | None = None
    target_language: Tag | None = None
    knowledge: Knowledge | None = None

    @field_validator("target_language")
    @classmethod
    def _two_languages(cls, target: str | None, info: ValidationInfo) -> str | None:
        source = info.data.get("source_language")
        if (info.data.get("type") == "translation" and source is not None and target is not None
                and source.casefold() == target.casefold()):  # fmt: skip
            raise ValueError(
                f"the same language as source_language ({source!r}): a translation is from "
                "one language into another"
            )
        return target


class Data(_Section):
    labeled_examples: NonNegativeInt
    avg_tokens_per_example: PositiveInt | None = None
    modality: DataModality | None = None
    domain: Tag | None = None
    language: Tag | None = None
    max_tokens_per_example: PositiveInt | None = None
    unlabeled_tokens: TokenCount | None = None
    labels_from: LabelSource | None = None
    teacher_model: Name | None = None

    @model_validator(mode="after")
    def _average_within_longest(self) -> "Data":
        average, longest = self.avg_tokens_per_example, self.max_tokens_per_example
        if average is not None and longest is not None and average > longest:
            raise ValueError(
                f"avg_tokens_per_example ({average:,}) cannot exceed max_tokens_per_example "
                f"({longest:,}): an average is at most the longest"
            )
        return self


class Model(_Section):
    name: Name
    parameters: ParameterCount | None = None
    architecture: Architecture | None = None
    instruction_tuned: bool | None = None
    context_window: PositiveInt | None = None
    modality: ModelModality | None = None
    inputs: Annotated[list[InputModality], Field(min_length=1)] | None = None
    domains: list[Tag] | None = None
    languages: list[Tag] | None = None
    config: Annotated[str, Field(min_length=1)] | None = None
    zero_shot_tasks: list[TaskType] | None = None
    in_context_learning: InContextLearning | None = None
    checkpoint: Checkpoint | None = None
    weights: Weights | None = None
    active_parameters: ParameterCount | None = None

    @model_validator(mode="after")
    def _inputs_of_a_multimodal_model(self) -> "Model":
        if self.inputs is not None and len(set(self.inputs)) < len(self.inputs):
            twice = next(x for x in self.inputs if self.inputs.count(x) > 1)
            raise ValueError(f"inputs lists {twice} twice")
        # A single-modality model may name its own modality: consistent, and nothing to add.
        if (self.inputs is not None and self.modality not in (None, "multimodal")
                and list(self.inputs) != [self.modality]):  # fmt: skip
            raise ValueError(
                f"inputs lists what a multimodal model reads; this model's modality is "
                f"{self.modality}"
            )
        return self

    @model_validator(mode="after")
    def _active_within_total(self) -> "Model":
        if (
            self.active_parameters is not None
            and self.parameters is not None
            and self.active_parameters > self.parameters
        ):
            raise ValueError(
                f"active_parameters ({self.active_parameters:,}) cannot exceed parameters "
                f"({self.parameters:,}): a mixture of experts runs a share of its weights"
            )
        return self


class Budget(_Section):
    level: Level | None = None
    gpu: Tag | None = None
    gpu_memory_gb: PositiveFloat | None = None
    gpus: PositiveInt | None = None
    gpu_hours: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = None
    usd: Annotated[float, Field(ge=0, le=1e15, allow_inf_nan=False)] | None = None
    #: The machine's CPU memory (RAM), in GB: what CPU offload holds there is checked against it.
    cpu_memory_gb: PositiveFloat | None = None


class Serving(_Section):
    """How the adapted model will be served: what decides a small student against a large
    prompted model."""

    requests_per_day: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = None
    latency_ms: PositiveFloat | None = None


class Prompting(_Section):
    tried: bool = False
    meets_target: bool | None = None


class Constraints(_Section):
    #: Must the adapted model keep its general skills? None: not said (the forgetting risk
    #: is then named); false: the team has decided they do not matter.
    preserve_general_capabilities: bool | None = None


#: The techniques of each planned strategy.
_PLAN_TECHNIQUES = {
    "in_context": ("zero_shot", "few_shot", "retrieval"),
    "peft": ("lora", "qlora", "adapters", "hosted_tuning"),
    "full_fine_tune": ("full",),
}


#: The one strategy each planned technique belongs to.
_PLAN_STRATEGY = {t: s for s, techniques in _PLAN_TECHNIQUES.items() for t in techniques}


class Plan(_Section):
    strategy: Strategy | None = None
    technique: TechniqueName | None = None

    @model_validator(mode="after")
    def _technique_of_the_strategy(self) -> "Plan":
        if self.strategy is None and self.technique is not None:
            # `plan: {technique: lora}` plans PEFT: checked as such, not taken for no plan.
            object.__setattr__(self, "strategy", _PLAN_STRATEGY[self.technique])
        elif self.strategy is not None and self.technique is not None:
            allowed = _PLAN_TECHNIQUES[self.strategy]
            if self.technique not in allowed:
                raise ValueError(
                    f"technique {self.technique} is not a way to do {self.strategy} "
                    f"(its techniques: {', '.join(allowed)})"
                )
        return self


class Training(_Section):
    sequence_length: PositiveInt | None = None
    micro_batch_size: PositiveInt | None = None
    gradient_checkpointing: bool | None = None
    lora_rank: PositiveInt | None = None
    epochs: PositiveFloat | None = None
    # What decides memory and is commonly set; None: what most trainers do (the estimate says).
    lora_targets: (
        Literal["all", "attention", "qv"]
        | Annotated[list[Literal["q", "k", "v", "o", "mlp"]], Field(min_length=1)]
        | None
    ) = None
    precision: Literal["bf16-mixed", "fp16-mixed", "bf16-true", "fp32"] | None = None
    attention: Literal["sdpa", "eager"] | None = None
    optimizer: Literal["adamw", "adamw_8bit", "paged_adamw_8bit", "paged_adamw_32bit"] | None = None
    parallelism: Literal["ddp", "zero2", "zero3", "fsdp"] | None = None
    cpu_offload: bool | None = None

    @model_validator(mode="after")
    def _offload_needs_sharding(self) -> "Training":
        if self.cpu_offload and self.parallelism == "ddp":
            raise ValueError("cpu_offload: DDP has no CPU offload; use zero2, zero3 or fsdp")
        return self


class Ignore(_Section):
    rule: Tag
    reason: str | None = None


class Manifest(_Section):
    """A validated project manifest. Field names are a public contract (see the README)."""

    schema_version: Literal[1] = 1
    name: Name
    task: Task = Task()
    data: Data
    model: Model
    budget: Budget = Budget()
    serving: Serving = Serving()
    prompting: Prompting = Prompting()
    constraints: Constraints = Constraints()
    plan: Plan = Plan()
    training: Training = Training()
    ignore: list[Ignore] = []

    _document: Document | None = PrivateAttr(default=None)
    _base_dir: Path | None = PrivateAttr(default=None)
    _config: Any = PrivateAttr(default=None)
    _source: str | None = PrivateAttr(default=None)

    @property
    def source(self) -> str | None:
        """Where the manifest came from (a path, ``<stdin>``, ``<flags>``), if it was said."""
        return self._source

    @property
    def model_config_facts(self) -> Any:
        """What ``model.config`` (a Hugging Face config.json) says, read when loading."""
        return self._config

    @property
    def document(self) -> Document | None:
        """The YAML document this manifest was loaded from (for locating findings)."""
        return self._document

    @property
    def base_dir(self) -> Path | None:
        """The folder relative paths in the manifest (``model.config``) are resolved against."""
        return self._base_dir


def validation_error(
    exc: ValidationError, source: str, document: Document | None = None
) -> InputError:
    """Every validation problem (the first 20) as one located :class:`InputError`: its own
    location is the first problem's, ``.problems`` lists them all, and an unknown key or value
    says which known one it probably meant."""
    return validation_problems(
        exc, source=source, document=document, error=InputError, model=Manifest
    )


def manifest_from_mapping(
    data: Any,
    *,
    source: str = "<manifest>",
    document: Document | None = None,
    base_dir: Path | None = None,
) -> Manifest:
    """Validate a mapping (from YAML, JSON, CSV or Python) as a :class:`Manifest`."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise InputError(f"a manifest must be a mapping of fields, got {kind}", source=source)
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, source, document) from None
    manifest._document = document
    manifest._base_dir = base_dir
    manifest._source = None if source == "<manifest>" else source
    if manifest.model.config is not None:
        manifest._config = _read_model_config(manifest, source, document, base_dir)
    return manifest


def _read_model_config(
    manifest: Manifest, source: str, document: Document | None, base_dir: Path | None
) -> Any:
    from transfer_advisor.errors import ConfigError
    from transfer_advisor.estimate.hfconfig import load_config

    assert manifest.model.config is not None
    mark = document.value_mark(("model", "config")) if document is not None else None
    if "://" in manifest.model.config:  # read as a relative path, it would be "not found"
        raise InputError(
            f"{manifest.model.config}: is a URL, and URLs are not fetched: give the path of a "
            "downloaded config.json (or of the model's folder)",
            source=source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field="model.config",
        )
    path = Path(manifest.model.config)
    if not path.is_absolute():
        path = (base_dir or Path.cwd()) / path
    try:
        return load_config(path)
    except ConfigError as exc:
        # Say which manifest field pointed at the file (as written there, so the message does
        # not depend on where the project is checked out), then what is wrong with it.
        where = manifest.model.config
        if exc.line is not None:
            where += f":{exc.line}" + (f":{exc.column}" if exc.column is not None else "")
        what = f"{exc.field}: {exc.message}" if exc.field else exc.message
        raise InputError(
            f"{where}: {what}",
            source=source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field="model.config",
        ) from None


def read_text(
    path: str | os.PathLike[str],
    *,
    error: type[TransferAdvisorError] = InputError,
    regular_only: bool = False,
) -> str:
    """Read a UTF-8 text file (``-`` is standard input); problems become located errors.

    Only regular files and pipes (``regular_only``: not pipes, for a path written in a
    document), and at most 10 MB: a device or a huge file is refused.
    """
    from transfer_advisor._internal.files import read_text_file

    return read_text_file(os.fspath(path), error, regular_only=regular_only)


def load_manifest_text(
    text: str, source: str = "<manifest>", base_dir: Path | None = None
) -> Manifest:
    """Parse and validate one manifest from YAML (or JSON) text."""
    document = load_document(text, source, error=InputError)
    return manifest_from_mapping(document.data, source=source, document=document, base_dir=base_dir)


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Load and validate a manifest file (``-`` reads standard input)."""
    name = os.fspath(path)
    text = read_text(name)
    source = "<stdin>" if name == "-" else name
    base_dir = Path.cwd() if name == "-" else Path(name).resolve().parent
    return load_manifest_text(text, source, base_dir)
