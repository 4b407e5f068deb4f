"""The recipe defaults: ``data/recipes.yaml`` (or a team's copy of it) loaded and validated.

Every hyperparameter a recipe writes that the estimator does not fit to the GPU comes from this
file with its source beside it; ``rules show recipes`` lists them (:func:`defaults_summary`).
The shipped file is read through its snapshot without validation (the tests validate it); any
other file is validated, its errors located by line and column.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from transfer_advisor._internal.construct import construct
from transfer_advisor._internal.shipped import shipped_data
from transfer_advisor._internal.validation import describe_error, locate_error
from transfer_advisor._internal.yaml import load_document
from transfer_advisor.errors import CatalogError

__all__ = ["RecipeDefaults", "default_recipe_defaults", "defaults_summary", "load_recipe_defaults"]

_Source = Annotated[str, Field(min_length=1)]
_Positive = Annotated[float, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class ExamplesRow(_Strict):
    up_to_examples: _Positive
    value: _Positive


class ParametersRow(_Strict):
    up_to_parameters: _Positive
    value: _Positive


class ByExamples(_Strict):
    source: _Source
    by_examples: Annotated[list[ExamplesRow], Field(min_length=1)]

    def pick(self, examples: int) -> float:
        return _pick([(r.up_to_examples, r.value) for r in self.by_examples], examples)


class Value(_Strict):
    value: float | str
    source: _Source


class TargetModules(_Strict):
    source: _Source
    by_family: dict[str, Annotated[list[str], Field(min_length=1)]]


class LayerRoles(_Strict):
    """Module names by family for each layer a manifest's ``training.lora_targets`` names."""

    source: _Source
    by_family: dict[
        str,
        dict[Literal["q", "k", "v", "o", "mlp"], Annotated[list[str], Field(min_length=1)]],
    ] = {}


class Lora(_Strict):
    rank: ByExamples
    alpha_per_rank: Value
    dropout: Value
    target_modules: TargetModules
    layer_roles: LayerRoles | None = None


class LearningRate(_Strict):
    source: _Source
    by_technique: dict[
        Literal["full", "lora", "qlora"], Annotated[list[ParametersRow], Field(min_length=1)]
    ]

    def pick(self, technique: str, parameters: int) -> float:
        rows = self.by_technique[technique]  # type: ignore[index]
        return _pick([(r.up_to_parameters, r.value) for r in rows], parameters)


class Schedule(_Strict):
    scheduler: Literal["cosine", "linear", "constant", "constant_with_warmup"]
    warmup_ratio: Annotated[float, Field(ge=0, lt=1)]
    source: _Source


class Schedules(_Strict):
    decoder: Schedule
    encoder: Schedule


class SequenceLength(_Strict):
    headroom_over_average: Annotated[float, Field(ge=1)]
    multiple_of: Annotated[int, Field(ge=1)]
    minimum: Annotated[int, Field(ge=1)]
    source: _Source


class EvaluationSplit(_Strict):
    fraction: Annotated[float, Field(gt=0, lt=1)]
    max_examples: Annotated[int, Field(ge=1)]
    min_examples: Annotated[int, Field(ge=1)]
    source: _Source


class HeldOut(_Strict):
    fraction: Annotated[float, Field(gt=0, lt=1)]
    max_examples: Annotated[int, Field(ge=1)]
    source: _Source


class MetricByTask(_Strict):
    source: _Source
    by_task: dict[str, str]


class InContext(_Strict):
    held_out: HeldOut
    metric_by_task: MetricByTask


class Hosted(_Strict):
    source: _Source
    by_family: dict[str, str]


_Name = Annotated[str, Field(min_length=1)]


class NameRow(_Strict):
    contains: Annotated[str, Field(min_length=1, pattern=r"^[^A-Z]*$")]  # matched in lower case
    value: _Name


class ChatTemplate(_Strict):
    """A trainer's chat template for a model: the first ``by_name`` row whose text is in the
    model's name (lower case), else the model's family, else ``otherwise``."""

    source: _Source
    by_name: list[NameRow] = []
    by_family: dict[str, _Name] = {}
    otherwise: _Name

    def pick(self, model: str, family: str | None) -> str:
        name = model.lower()
        for row in self.by_name:
            if row.contains in name:
                return row.value
        return self.by_family.get(family or "", self.otherwise)


class LlamaFactory(_Strict):
    template: ChatTemplate


class RecipeDefaults(_Strict):
    """The contents of ``recipes.yaml``."""

    schema_version: Literal[1] = 1
    lora: Lora
    learning_rate: LearningRate
    epochs: ByExamples
    effective_batch_size: ByExamples
    max_micro_batch_size: Value
    schedule: Schedules
    weight_decay: dict[Literal["full", "lora"], Value]
    optimizer: dict[Literal["full", "lora", "qlora"], Value]
    #: One for a full fine-tune and one for adapters (a team's copy written before the split
    #: gives one value for both).
    max_grad_norm: dict[Literal["full", "lora"], Value]
    sequence_length: SequenceLength
    evaluation_split: EvaluationSplit
    in_context: InContext
    hosted: Hosted
    #: Optional, so that a team's copy written before it existed still loads; the shipped
    #: table applies then (:func:`llama_factory`).
    llama_factory: LlamaFactory | None = None
    #: Where the defaults were read from (not a field of the file).
    origin: str = "recipes.yaml"

    @field_validator("max_grad_norm", mode="before")
    @classmethod
    def _one_clip_for_both(cls, value: Any) -> Any:
        # The older form, {value, source}: the same clip for full fine-tunes and adapters.
        if isinstance(value, dict) and "value" in value:
            return {"full": value, "lora": value}
        return value


def _pick(rows: list[tuple[float, float]], value: float) -> float:
    for up_to, picked in rows:
        if value <= up_to:
            return picked
    return rows[-1][1]


def load_recipe_defaults_text(text: str, source: str) -> RecipeDefaults:
    """Validate the text of a recipes file; errors name the file, line, column and field."""
    document = load_document(text, source, error=CatalogError)
    data = document.data
    if not isinstance(data, dict):
        raise CatalogError("a recipes file must be a mapping", source=source)
    try:
        defaults = RecipeDefaults.model_validate({**data, "origin": source})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field, mark = locate_error(first, document)
        raise CatalogError(
            describe_error(first),
            source=source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field=field,
        ) from None
    _check(defaults, source)
    return defaults


def grad_norm(defaults: RecipeDefaults, technique: str) -> float:
    """The gradient-clipping norm for ``technique`` (full, lora or qlora)."""
    return float(defaults.max_grad_norm["full" if technique == "full" else "lora"].value)


def _check(defaults: RecipeDefaults, source: str) -> None:
    for name in ("full", "lora", "qlora"):
        if name not in defaults.learning_rate.by_technique:
            raise CatalogError(f"learning_rate.by_technique needs a {name!r} table", source=source)
    for name in ("full", "lora"):
        if name not in defaults.weight_decay:
            raise CatalogError(f"weight_decay needs a {name!r} entry", source=source)
    if set(defaults.max_grad_norm) != {"full", "lora"}:
        raise CatalogError("max_grad_norm needs 'full' and 'lora' entries", source=source)
    if set(defaults.optimizer) != {"full", "lora", "qlora"}:
        raise CatalogError("optimizer needs 'full', 'lora' and 'qlora' entries", source=source)
    if not isinstance(defaults.max_micro_batch_size.value, int | float) or not (
        1 <= defaults.max_micro_batch_size.value <= 4096
    ):
        raise CatalogError("max_micro_batch_size.value must be a number from 1 to 4096",
                           source=source)  # fmt: skip


def load_recipe_defaults(path: str | Path | None = None) -> RecipeDefaults:
    """The recipe defaults of ``path`` (a team's copy of recipes.yaml), or the shipped ones."""
    if path is None:
        return default_recipe_defaults()
    from transfer_advisor.manifest import read_text

    return load_recipe_defaults_text(read_text(str(path)), str(path))


@lru_cache(maxsize=1)
def default_recipe_defaults() -> RecipeDefaults:
    """The shipped ``data/recipes.yaml`` (loaded once; the tests validate it)."""
    data = dict(shipped_data("data/recipes.yaml"))
    return construct(RecipeDefaults, {**data, "origin": "recipes.yaml (shipped)"})


def llama_factory(defaults: RecipeDefaults) -> LlamaFactory:
    """LLaMA-Factory's settings: the file's own, else the shipped ones."""
    own = defaults.llama_factory
    if own is not None:
        return own
    shipped = default_recipe_defaults().llama_factory
    assert shipped is not None  # the tests validate the shipped file
    return shipped


def defaults_summary(defaults: RecipeDefaults) -> dict[str, Any]:
    """Every default with its value and source, as JSON-ready rows (for ``rules show recipes``)."""

    def table(rows: list[Any], key: str) -> str:
        return ", ".join(f"≤{getattr(r, key):,.0f}: {_num(r.value)}" for r in rows)

    d = defaults
    lora = d.lora
    rows: list[dict[str, Any]] = [
        {"name": "lora.rank", "value": table(lora.rank.by_examples, "up_to_examples") + " examples",
         "source": lora.rank.source},
        {"name": "lora.alpha_per_rank", "value": _num(lora.alpha_per_rank.value),
         "source": lora.alpha_per_rank.source},
        {"name": "lora.dropout", "value": _num(lora.dropout.value), "source": lora.dropout.source},
        {"name": "lora.target_modules",
         "value": "all linear layers; " + "; ".join(
             f"{k}: {','.join(v)}" for k, v in lora.target_modules.by_family.items()),
         "source": lora.target_modules.source},
    ]  # fmt: skip
    if lora.layer_roles is not None:
        rows.append({"name": "lora.layer_roles",
                     "value": "; ".join(f"{k}: " + ", ".join(
                         f"{role}={'+'.join(names)}" for role, names in v.items())
                         for k, v in lora.layer_roles.by_family.items()),
                     "source": lora.layer_roles.source})  # fmt: skip
    for technique, lr_rows in d.learning_rate.by_technique.items():
        rows.append({"name": f"learning_rate.{technique}",
                     "value": table(lr_rows, "up_to_parameters") + " parameters",
                     "source": d.learning_rate.source})  # fmt: skip
    for name, by in (("epochs", d.epochs), ("effective_batch_size", d.effective_batch_size)):
        rows.append({"name": name, "value": table(by.by_examples, "up_to_examples") + " examples",
                     "source": by.source})  # fmt: skip
    rows.append({"name": "max_micro_batch_size", "value": _num(d.max_micro_batch_size.value),
                 "source": d.max_micro_batch_size.source})  # fmt: skip
    for arch in ("decoder", "encoder"):
        s = getattr(d.schedule, arch)
        rows.append({"name": f"schedule.{arch}",
                     "value": f"{s.scheduler}, warm-up {_num(s.warmup_ratio)}",
                     "source": s.source})  # fmt: skip
    for group in ("weight_decay", "optimizer"):
        for key, item in getattr(d, group).items():
            rows.append({"name": f"{group}.{key}", "value": _num(item.value),
                         "source": item.source})  # fmt: skip
    for key, item in d.max_grad_norm.items():
        rows.append({"name": f"max_grad_norm.{key}", "value": _num(item.value),
                     "source": item.source})  # fmt: skip
    s = d.sequence_length
    rows.append({"name": "sequence_length",
                 "value": f"{_num(s.headroom_over_average)} x average tokens, multiple of "
                          f"{s.multiple_of}, at least {s.minimum}", "source": s.source})  # fmt: skip
    e = d.evaluation_split
    rows.append({"name": "evaluation_split",
                 "value": f"{_num(e.fraction)} of the examples, {e.min_examples}-{e.max_examples}",
                 "source": e.source})  # fmt: skip
    h = d.in_context.held_out
    rows.append({"name": "in_context.held_out",
                 "value": f"{_num(h.fraction)} of the examples, at most {h.max_examples}",
                 "source": h.source})  # fmt: skip
    m = d.in_context.metric_by_task
    rows.append({"name": "in_context.metric",
                 "value": "; ".join(f"{k}: {v}" for k, v in m.by_task.items()),
                 "source": m.source})  # fmt: skip
    t = llama_factory(d).template
    rows.append({"name": "llama_factory.template",
                 "value": "; ".join([*(f"{r.contains}: {r.value}" for r in t.by_name),
                                     *(f"{k}: {v}" for k, v in t.by_family.items()),
                                     f"otherwise: {t.otherwise}"]),
                 "source": t.source})  # fmt: skip
    rows.append({"name": "hosted.format", "value": ", ".join(d.hosted.by_family),
                 "source": d.hosted.source})  # fmt: skip
    return {"origin": d.origin, "defaults": [{**r, "source": _one_line(r["source"])} for r in rows]}


def _num(value: float | str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1:
        return str(int(value))
    return f"{value:g}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
