"""The model and GPU catalogs: facts about real models and accelerators, kept as YAML data."""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from transfer_advisor._internal.construct import construct
from transfer_advisor._internal.shipped import shipped_data
from transfer_advisor._internal.validation import validation_problems
from transfer_advisor._internal.yaml import load_document
from transfer_advisor.catalog.entries import (
    DefaultEpochs,
    GpuEntry,
    ModelConfig,
    ModelEntry,
    Tuning,
    _GpuFile,
    _ModelFile,
    _Strict,
)
from transfer_advisor.errors import CatalogError

if TYPE_CHECKING:
    from transfer_advisor.estimate.shape import ModelShape

__all__ = [
    "Catalog",
    "DefaultEpochs",
    "GpuEntry",
    "ModelConfig",
    "ModelEntry",
    "Tuning",
    "default_catalog",
    "load_catalog",
    "same_owner",
    "split_direction_pattern",
]


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


def same_owner(name: str, entry: ModelEntry | None) -> bool:
    """Whether a catalog entry is given and a name has no owner or the entry's (``openai/``)."""
    if entry is None:
        return False
    return "/" not in name or name.split("/", 1)[0].lower() == entry.name.split("/", 1)[0].lower()


def _key(name: str) -> str:
    return " ".join(name.lower().replace("_", "-").split())


#: Words of a GPU's name that tell neither the chip nor its memory size: the vendor's brands
#: (nvidia-smi prints "Tesla T4", "NVIDIA GeForce RTX 4090") and the memory's kind ("NVIDIA
#: H100 80GB HBM3").
_GPU_NOISE = frozenset({"nvidia", "tesla", "geforce", "amd", "hbm2", "hbm2e", "hbm3", "hbm3e"})


def _gpu_words(name: str) -> frozenset[str]:
    return frozenset(re.split(r"[\s\-_]+", name.lower())) - _GPU_NOISE - {""}


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
        #: The same names as sets of words, for spellings in another order or with the vendor's
        #: words (nvidia-smi's "Tesla V100-SXM2-16GB", "NVIDIA H100 80GB HBM3").
        self._gpu_words: dict[frozenset[str], GpuEntry] = {}
        #: The words of each alias that names other cards too, with those cards.
        self._gpu_shared: dict[frozenset[str], tuple[str, ...]] = {}
        for gpu in gpus:
            for key in (gpu.name, *gpu.aliases):
                self._gpus.setdefault(_key(key), gpu)
                self._gpu_words.setdefault(_gpu_words(key), gpu)
            for alias, others in gpu.shared_aliases.items():
                self._gpu_shared[_gpu_words(alias)] = tuple(others)

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
            # A hosted model under another owner (bedrock/...) is another provider's, not this.
            if found is not None and (found.weights == "open" or same_owner(key, found)):
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
        """The GPU of this name or alias, or of the same words in another order, less the
        vendor's brand words and the memory's kind (as ``nvidia-smi`` names a GPU)."""
        found = self._gpus.get(_key(name))
        return found if found is not None else self._gpu_words.get(_gpu_words(name))

    def gpu_others(self, name: str) -> tuple[str, ...]:
        """The other cards a GPU name may mean (a bare "A100": the 40 GB card too), where the
        catalog says it names several; () else."""
        return self._gpu_shared.get(_gpu_words(name), ())


def _load(text: str, source: str, schema: type[_Strict]) -> _Strict:
    document = load_document(text, source, error=CatalogError)
    try:
        return schema.model_validate(document.data)
    except ValidationError as exc:
        raise validation_problems(
            exc, source=source, document=document, error=CatalogError, model=schema
        ) from None


def _check(catalog: Catalog, source: str) -> None:
    for gpu in catalog.gpus:
        for alias in gpu.shared_aliases:
            if catalog.gpu(alias) is not gpu:
                raise CatalogError(f"{gpu.name}: shared_aliases: {alias!r} is not one of its "
                                   "aliases", source=f"{source}/gpus.yaml")  # fmt: skip
    names = {_key(m.name) for m in catalog.models}
    for model in catalog.models:
        for ref in (model.instruct_variant, model.base_variant, model.same_model_as):
            if ref is not None and _key(ref) not in names:
                raise CatalogError(f"{model.name}: {ref!r} is not a model in the catalog",
                                   source=source)  # fmt: skip
        if len(set(model.inputs)) < len(model.inputs):
            raise CatalogError(f"{model.name}: inputs lists a kind of input twice",
                               source=f"{source}/models.yaml")  # fmt: skip
        if model.weak_languages and not model.weak_languages_source:
            raise CatalogError(f"{model.name}: weak_languages needs its weak_languages_source",
                               source=f"{source}/models.yaml")  # fmt: skip
        for field in ("translates_from", "translates_into", "image_languages", "weak_languages"):
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
