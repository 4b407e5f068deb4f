"""Read a Hugging Face ``config.json`` and count the model's parameters analytically: the public
entry points, :func:`load_config` for a file or a model folder and :func:`count_parameters` for a
parsed config, which hand the counting to the model's family
(:mod:`~transfer_advisor.estimate.families`). Every problem with the input raises
:class:`~transfer_advisor.errors.ConfigError` naming the file and the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from transfer_advisor.errors import ConfigError
from transfer_advisor.estimate.configfields import ConfigFacts, _describe, _Reader
from transfer_advisor.estimate.families import _COUNTERS, SUPPORTED_MODEL_TYPES

__all__ = ["count_parameters", "load_config"]


def count_parameters(config: Mapping[str, object], *, source: str | None = None) -> ConfigFacts:
    """Count a model's parameters from its parsed ``config.json``.

    ``source`` (a file name) is used only to locate errors. Raises ConfigError for a missing,
    ill-typed or out-of-range field, and for a ``model_type`` not in SUPPORTED_MODEL_TYPES.
    """
    if not isinstance(config, Mapping):
        raise ConfigError(
            f"a model config must be a JSON object, got {_describe(config)}", source=source
        )
    model_type = config.get("model_type")
    if model_type is None:
        raise ConfigError(
            "is missing; supported model types: " + ", ".join(SUPPORTED_MODEL_TYPES),
            source=source,
            field="model_type",
        )
    if not isinstance(model_type, str):
        raise ConfigError(
            f"must be a string, got {_describe(model_type)}", source=source, field="model_type"
        )
    family = model_type.strip().lower()
    counter = _COUNTERS.get(family)
    if counter is None:
        raise ConfigError(
            f"{model_type!r} is not supported; supported model types: "
            + ", ".join(SUPPORTED_MODEL_TYPES),
            source=source,
            field="model_type",
        )
    return counter(_Reader(config, source, family))


def load_config(path: str | os.PathLike[str]) -> ConfigFacts:
    """Read a ``config.json`` (or a model directory holding one) and count its parameters."""
    file = Path(path)
    if file.is_dir():
        if not (file / "config.json").exists():
            raise ConfigError("is a folder with no config.json in it", source=str(file))
        file = file / "config.json"
    source = str(file)
    from transfer_advisor._internal.files import DuplicateKey, read_text_file, unique_keys

    text = read_text_file(source, ConfigError, regular_only=True)  # never wait on a FIFO
    try:
        config: object = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"invalid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
        ) from None
    except DuplicateKey as exc:  # the last one would silently win, as in no other input
        raise ConfigError(f"invalid JSON: {exc}", source=source) from None
    except ValueError:  # Python refuses to read integers of more than 4,300 digits
        raise ConfigError("invalid JSON: a number too large to read", source=source) from None
    except RecursionError:
        raise ConfigError("invalid JSON: nested too deeply", source=source) from None
    if not isinstance(config, dict):
        raise ConfigError(
            f"a model config must be a JSON object, got {_describe(config)}", source=source
        )
    facts = count_parameters(config, source=source)
    if facts.parameters > MAX_CONFIG_PARAMETERS:  # bounded as a manifest's parameters are
        raise ConfigError(f"describes about {facts.parameters:.3g} parameters, more than the "
                          f"{MAX_CONFIG_PARAMETERS:.0e} a manifest may state", source=source)  # fmt: skip
    return facts


#: The most parameters a config may describe: the manifest's own limit (model.parameters).
MAX_CONFIG_PARAMETERS = 10**15
