"""The model of a manifest, resolved: its facts from the manifest, a config.json, the catalog
or the rulebook's assumptions, and where each came from. Memoised per model description.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from transfer_advisor.advice.plan import _MODELS_LIMIT, _Memo, _ModelInfo, _remember
from transfer_advisor.advice.recommendation import ResolvedModel
from transfer_advisor.catalog import Catalog
from transfer_advisor.manifest import Manifest
from transfer_advisor.rules.rulebook import Rulebook

_ASSUMABLE = ("architecture", "instruction_tuned", "context_window", "modality")
_FROM_CONFIG = ("parameters", "architecture", "context_window", "modality")


def _model_info(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog, memo: _Memo
) -> _ModelInfo:
    spec = manifest.model
    if config is not None:  # a config.json's facts: rare, not memoised
        return _model_facts(manifest, config, rulebook, catalog)
    key = (spec.name, spec.parameters, spec.architecture, spec.instruction_tuned,
           spec.context_window, spec.modality,
           None if spec.domains is None else tuple(spec.domains),
           None if spec.languages is None else tuple(spec.languages))  # fmt: skip
    info = memo.models.get(key)
    if info is None:
        info = _model_facts(manifest, None, rulebook, catalog)
        _remember(memo.models, key, info, _MODELS_LIMIT)
    return info


def _model_facts(
    manifest: Manifest, config: Any, rulebook: Rulebook, catalog: Catalog
) -> _ModelInfo:
    """The model facts of ``manifest``; ``config`` is its ``model_config_facts``."""
    spec = manifest.model
    entry = catalog.model(spec.name)
    assumed_defaults: Mapping[str, object] = rulebook.tables.assumed_model
    assumed: list[str] = []
    values: dict[str, Any] = {}
    for name in ("parameters", "architecture", "instruction_tuned", "context_window",
                 "modality", "domains", "languages"):  # fmt: skip
        value = getattr(spec, name)
        if value is None and config is not None and name in _FROM_CONFIG:
            value = getattr(config, name)
        if value is None and entry is not None:
            value = getattr(entry, name)
        if value is None and name in _ASSUMABLE and name in assumed_defaults:
            value = assumed_defaults[name]
            assumed.append(f"{name}={_show(value)}")
        values[name] = value
    architecture = values["architecture"]
    modality = values["modality"]
    overridden = spec.architecture is not None or spec.modality is not None
    if entry is not None and not overridden:
        promptable = entry.promptable
    else:
        promptable = architecture in ("decoder", "encoder-decoder") and modality in (
            "text", "code", "multimodal")  # fmt: skip
    parameters = values["parameters"]
    facts = {
        "model.name": spec.name,
        "model.catalog_name": entry.name if entry else None,
        "model.in_catalog": entry is not None,
        "model.parameters": parameters,
        "model.architecture": architecture,
        "model.instruction_tuned": values["instruction_tuned"],
        "model.context_window": values["context_window"],
        "model.modality": modality,
        "model.domains": tuple(values["domains"] or ("general",)),
        "model.languages": tuple(values["languages"] or ()),
        "model.promptable": promptable,
        "model.generative": architecture in ("decoder", "encoder-decoder"),
        "model.instruct_variant": entry.instruct_variant if entry else None,
        "model.assumed": ", ".join(assumed),
        "model.weights_gb": None if parameters is None else round(parameters * 2 / 1e9, 1),
    }  # fmt: skip
    source: Literal["manifest", "catalog", "config", "assumed"]
    if assumed:
        source = "assumed"
    elif config is not None:
        source = "config"
    elif entry is not None and any(getattr(spec, n) is None for n in ("parameters", *_ASSUMABLE)):
        source = "catalog"
    else:
        source = "manifest"
    resolved = ResolvedModel(
        name=spec.name,
        parameters=parameters,
        architecture=architecture,
        instruction_tuned=values["instruction_tuned"],
        context_window=values["context_window"],
        source=source,
    )
    return _ModelInfo(facts, resolved)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
