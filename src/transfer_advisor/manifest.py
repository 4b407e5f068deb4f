"""The project manifest: what a team knows before it adapts a model (a public contract).

Loaded from YAML (or any mapping), validated strictly with pydantic: unknown fields, wrong types
(``labeled_examples: true`` or ``10.5``) and out-of-range values are errors that name the file,
line, column and field.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError

from transfer_advisor._internal.yaml import Document, Mark, field_path, load_document
from transfer_advisor.errors import InputError, TransferAdvisorError

SCHEMA_VERSION = 1

TaskType = Literal[
    "classification",
    "extraction",
    "generation",
    "summarization",
    "chat",
    "code",
    "question-answering",
    "ranking",
    "speech-recognition",
    "image-classification",
    "other",
]
Level = Literal["low", "medium", "high"]
DataModality = Literal["text", "code", "image", "audio", "video", "tabular", "multimodal"]
ModelModality = Literal["text", "code", "image", "audio", "video", "multimodal"]
Architecture = Literal["encoder", "decoder", "encoder-decoder"]
Strategy = Literal["in_context", "peft", "full_fine_tune"]

_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([KkMmBbTt]?)\s*$")
_SUFFIX = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}


def parse_count(value: Any) -> Any:
    """Turn ``110M``, ``7B``, ``1.5e9`` or ``110000000`` into an integer parameter count.

    Anything else is passed through unchanged for pydantic to reject with its own message.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        return value
    if isinstance(value, str):
        match = _COUNT.match(value.replace(",", "").replace("_", ""))
        if match is None:
            raise ValueError(f"expected a parameter count such as 110M, 7B or 1.5e9, got {value!r}")
        number = float(match.group(1)) * _SUFFIX[match.group(2).lower()]
        if not math.isfinite(number) or number > 1e15:
            raise ValueError(f"parameter count {value!r} is out of range")
        if number < 1:
            raise ValueError(f"a parameter count is at least 1, got {value!r}")
        return round(number)
    return value


ParameterCount = Annotated[int, BeforeValidator(parse_count), Field(gt=0)]
# Upper bounds far above any real project, so absurd input is an error rather than a
# recommendation printed with thirty-digit numbers.
PositiveInt = Annotated[int, Field(gt=0, le=10**9)]
NonNegativeInt = Annotated[int, Field(ge=0, le=10**12)]
PositiveFloat = Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Tag = Annotated[str, Field(min_length=1, max_length=64)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Task(_Section):
    type: TaskType = "other"
    complexity: Level = "medium"
    description: str | None = None


class Data(_Section):
    labeled_examples: NonNegativeInt
    avg_tokens_per_example: PositiveInt | None = None
    modality: DataModality | None = None
    domain: Tag | None = None
    language: Tag | None = None


class Model(_Section):
    name: Name
    parameters: ParameterCount | None = None
    architecture: Architecture | None = None
    instruction_tuned: bool | None = None
    context_window: PositiveInt | None = None
    modality: ModelModality | None = None
    domains: list[Tag] | None = None
    languages: list[Tag] | None = None
    config: Annotated[str, Field(min_length=1)] | None = None


class Budget(_Section):
    level: Level | None = None
    gpu: Tag | None = None
    gpu_memory_gb: PositiveFloat | None = None
    gpus: PositiveInt | None = None
    gpu_hours: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None = None
    usd: Annotated[float, Field(ge=0, le=1e15, allow_inf_nan=False)] | None = None


class Prompting(_Section):
    tried: bool = False
    meets_target: bool | None = None


class Constraints(_Section):
    preserve_general_capabilities: bool = False


class Plan(_Section):
    strategy: Strategy | None = None
    technique: Literal["few_shot", "lora", "qlora", "adapters", "full"] | None = None


class Training(_Section):
    sequence_length: PositiveInt | None = None
    micro_batch_size: PositiveInt | None = None
    gradient_checkpointing: bool | None = None
    lora_rank: PositiveInt | None = None
    epochs: PositiveFloat | None = None
    # What decides memory and is commonly set; None: what most trainers do (the estimate says).
    lora_targets: (
        Literal["all", "attention", "qv"] | list[Literal["q", "k", "v", "o", "mlp"]] | None
    ) = None
    precision: Literal["bf16-mixed", "fp16-mixed", "bf16-true", "fp32"] | None = None
    attention: Literal["sdpa", "eager"] | None = None


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


def _yaml_kind(value: Any) -> str:
    """How a value reads in YAML terms (never a Python class name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


_BOUND_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal",
                           "too_short", "too_long", "string_pattern_mismatch", "multiple_of"})  # fmt: skip


def describe_error(error: Mapping[str, Any]) -> str:
    """One pydantic error as a sentence for people who wrote YAML, not Python."""
    kind = error.get("type", "")
    message = str(error.get("msg", "invalid value"))
    value = error.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind in ("model_type", "model_attributes_type", "dict_type", "dataclass_type"):
        # pydantic's own words name a Python class ("instance of Data"); say it in YAML terms.
        return f"expected a mapping of fields (got {_yaml_kind(value)})"
    if kind == "string_unicode":  # a lone surrogate, as a JSON "\\ud800" escape gives
        return f"not valid Unicode text: it holds a lone surrogate (got {value!r})"
    if kind in ("string_type", "literal_error") and isinstance(value, bool):
        return f"{message}; quote the value: YAML reads yes/no/on/off as true/false"
    if kind == "literal_error":
        return f"{message} (got {value!r})"
    if kind.startswith(("int_", "float_", "bool_", "string_", "list_")) or kind == "value_error":
        message = message.removeprefix("Value error, ")
        if ", got " in message:  # our own validators already say what they got
            return message
        return f"{message} (got {_yaml_kind(value) if isinstance(value, dict | list) else repr(value)})"
    if kind in _BOUND_ERRORS and "got" not in message and len(repr(value)) <= 40:
        return f"{message} (got {_yaml_kind(value)})"
    return message


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # pydantic adds validator names (e.g. "function-before[...]") to some locations.
    return tuple(p for p in loc if isinstance(p, int) or "[" not in str(p))


def locate_error(
    error: Mapping[str, Any], document: Document | None
) -> tuple[str | None, Mark | None]:
    """The field of one pydantic error and where it is written in ``document``: a missing or
    unknown key, or a key a table does not allow, at the key; anything else at its value."""
    raw = tuple(error["loc"])
    loc = _clean_loc(raw)
    mark = None
    if document is not None:
        at_key = error["type"] in ("missing", "extra_forbidden") or raw[-1:] == ("[key]",)
        mark = (document.mark(loc) if at_key else None) or document.value_mark(loc)
    return field_path(loc) or None, mark


def validation_error(
    exc: ValidationError, source: str, document: Document | None = None
) -> InputError:
    """The first validation problem as a located :class:`InputError` (with a count of the rest)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    field, mark = locate_error(first, document)
    message = describe_error(first)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(
        message,
        source=source,
        line=mark.line if mark else None,
        column=mark.column if mark else None,
        field=field,
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
    path = Path(manifest.model.config)
    if not path.is_absolute():
        path = (base_dir or Path.cwd()) / path
    try:
        return load_config(path)
    except ConfigError as exc:
        # Say which manifest field pointed at the file (as written there, so the message does
        # not depend on where the project is checked out), then what is wrong with it.
        mark = document.value_mark(("model", "config")) if document is not None else None
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
    path: str | os.PathLike[str], *, error: type[TransferAdvisorError] = InputError
) -> str:
    """Read a UTF-8 text file (``-`` is standard input); problems become located errors.

    Only regular files and pipes, and at most 10 MB: a device or a huge file is refused.
    """
    from transfer_advisor._internal.files import read_text_file

    return read_text_file(os.fspath(path), error)


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
