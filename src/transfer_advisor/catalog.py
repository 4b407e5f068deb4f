"""The model and GPU catalogs: facts about real models and accelerators, kept as YAML data."""

from __future__ import annotations

import functools
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._construct import construct
from ._shipped import shipped_data
from ._yaml import load_document
from .errors import CatalogError
from .manifest import describe_error, field_path


class _Strict(BaseModel):
    # The shipped catalog is built without validation (the tests validate it); defer the
    # validation schema until someone loads a catalog that needs it.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class ModelEntry(_Strict):
    """One catalog model; the manifest's ``model`` fields override these."""

    name: str
    aliases: list[str] = []
    family: str
    parameters: Annotated[int, Field(gt=0)]
    architecture: Literal["encoder", "decoder", "encoder-decoder"]
    instruction_tuned: bool
    context_window: Annotated[int, Field(gt=0)] | None = None
    modality: Literal["text", "code", "image", "audio", "video", "multimodal"]
    languages: list[str] = []
    domains: list[str] = ["general"]
    promptable: bool
    instruct_variant: str | None = None
    base_variant: str | None = None
    license: str | None = None
    source: str


class GpuEntry(_Strict):
    """One accelerator: memory per GPU, dense bf16 peak and an indicative hourly price."""

    name: str
    aliases: list[str] = []
    memory_gb: Annotated[float, Field(gt=0)]
    bf16_tflops: Annotated[float, Field(gt=0)]
    usd_per_hour: Annotated[float, Field(ge=0)] | None = None
    source: str


class _ModelFile(_Strict):
    schema_version: Literal[1] = 1
    models: list[ModelEntry]


class _GpuFile(_Strict):
    schema_version: Literal[1] = 1
    gpus: list[GpuEntry]


def _key(name: str) -> str:
    return " ".join(name.lower().replace("_", "-").split())


class Catalog:
    """Case-insensitive lookup of models (by name or alias) and GPUs."""

    def __init__(self, models: list[ModelEntry], gpus: list[GpuEntry]) -> None:
        self.models = models
        self.gpus = gpus
        self._models: dict[str, ModelEntry] = {}
        #: Memoised model suggestions (see ``engine._suggest``); the catalog never changes.
        self.suggestions: dict[tuple[object, ...], list[str]] = {}
        self._gpus: dict[str, GpuEntry] = {}
        for model in models:
            for key in (model.name, model.name.rsplit("/", 1)[-1], *model.aliases):
                # The short form of an id ("Llama-2-7b-hf") is only a fallback.
                self._models.setdefault(_key(key), model)
        for gpu in gpus:
            for key in (gpu.name, *gpu.aliases):
                self._gpus.setdefault(_key(key), gpu)

    def model(self, name: str) -> ModelEntry | None:
        return self._models.get(_key(name))

    def gpu(self, name: str) -> GpuEntry | None:
        return self._gpus.get(_key(name))


def _load(text: str, source: str, schema: type[_Strict]) -> _Strict:
    document = load_document(text, source, error=CatalogError)
    try:
        return schema.model_validate(document.data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        mark = document.value_mark(loc)
        raise CatalogError(
            describe_error(first),
            source=source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field=field_path(loc),
        ) from None


def _check(catalog: Catalog, source: str) -> None:
    names = {_key(m.name) for m in catalog.models}
    for model in catalog.models:
        for ref in (model.instruct_variant, model.base_variant):
            if ref is not None and _key(ref) not in names:
                raise CatalogError(f"{model.name}: {ref!r} is not a model in the catalog",
                                   source=source)  # fmt: skip


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
