"""The groundwork of counting a model's parameters from its Hugging Face ``config.json``: typed,
validated reading of the config's fields (every failure a
:class:`~transfer_advisor.errors.ConfigError` naming the field), the sizes of the layers every
family is built from, and :class:`ConfigFacts`, what a count gives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from transfer_advisor._internal.records import FrozenRecord
from transfer_advisor.errors import ConfigError
from transfer_advisor.estimate.shape import ModelShape

__all__ = ["ConfigFacts"]


class ConfigFacts(FrozenRecord):
    """What a ``config.json`` says about a model, with its analytic parameter count.

    ``family`` is the normalised ``model_type`` (``"llama"``, ``"qwen2"``, ``"t5"``, ...);
    ``architecture`` is ``"encoder"``, ``"decoder"`` or ``"encoder-decoder"``; ``modality``
    ``"text"`` or ``"image"``; ``context_window`` the longest input in tokens (patches plus the
    class token for ViT), None when the model has no fixed limit (T5's relative positions) or
    the config does not say.
    """

    __slots__ = ("family", "architecture", "modality", "parameters", "context_window", "shape")

    family: str
    architecture: str
    modality: str
    parameters: int
    context_window: int | None
    shape: ModelShape

    def __init__(
        self,
        family: str,
        architecture: str,
        modality: str,
        parameters: int,
        context_window: int | None,
        shape: ModelShape,
    ) -> None:
        object.__setattr__(self, "family", family)
        object.__setattr__(self, "architecture", architecture)
        object.__setattr__(self, "modality", modality)
        object.__setattr__(self, "parameters", parameters)
        object.__setattr__(self, "context_window", context_window)
        object.__setattr__(self, "shape", shape)


# --------------------------------------------------------------------------------------------
# Reading fields


_MISSING = object()


def _describe(value: object) -> str:
    """A value as a user would recognise it from the JSON file, with its JSON type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, int):
        return f"{value} (an integer)"
    if isinstance(value, float):
        return f"{value!r} (a number with a fraction)"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"{json.dumps(text)} (a string)"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


class _Reader:
    """Typed access to one config mapping; every failure is a ConfigError naming the field."""

    def __init__(self, config: Mapping[str, object], source: str | None, family: str) -> None:
        self._config = config
        self._source = source
        self.family = family

    def error(self, field: str, message: str) -> ConfigError:
        return ConfigError(message, source=self._source, field=field)

    def _lookup(self, names: tuple[str, ...]) -> tuple[str, object]:
        """The first of ``names`` present with a non-null value, or (names[0], _MISSING)."""
        for name in names:
            value = self._config.get(name)
            if value is not None:
                return name, value
        return names[0], _MISSING

    def has(self, name: str) -> bool:
        return self._config.get(name) is not None

    def integer(self, *names: str, default: int | None = None, minimum: int = 1) -> int:
        """A required integer >= ``minimum`` (under any of ``names``), or ``default``."""
        field, value = self._lookup(names)
        if value is _MISSING:
            if default is not None:
                return default
            raise self.error(field, f"is required for model_type {self.family!r} but is missing")
        return self._check_int(field, value, minimum)

    def optional_integer(self, *names: str, minimum: int = 1) -> int | None:
        """An integer >= ``minimum`` if present and non-null, else None."""
        field, value = self._lookup(names)
        if value is _MISSING:
            return None
        return self._check_int(field, value, minimum)

    def _check_int(self, field: str, value: object, minimum: int) -> int:
        kind = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        # A bool is an int to Python but never a count in a config.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be {kind}, got {_describe(value)}")
        if value < minimum:
            raise self.error(field, f"must be {kind}, got {value}")
        return value

    def integer_list(self, name: str) -> list[int]:
        """A list of integers >= 0 if present and non-null, else an empty list."""
        value = self._config.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, f"must be a list of integers, got {_describe(value)}")
        return [self._check_int(name, item, 0) for item in value]

    def flag(self, name: str, default: bool) -> bool:
        value = self._config.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(name, f"must be true or false, got {_describe(value)}")
        return value

    def text(self, name: str, default: str) -> str:
        value = self._config.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.error(name, f"must be a string, got {_describe(value)}")
        return value

    def architectures(self) -> list[str]:
        value = self._config.get("architectures")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(
                "architectures", f"must be an array of strings, got {_describe(value)}"
            )
        return list(value)

    def label_count(self) -> int:
        """Number of classification labels: ``id2label``'s size, else ``num_labels``, else 2."""
        value = self._config.get("id2label")
        if value is not None:
            if not isinstance(value, Mapping):
                raise self.error("id2label", f"must be an object, got {_describe(value)}")
            return len(value)
        return self.integer("num_labels", default=2, minimum=0)

    def image_side(self, name: str, default: int | None = None) -> tuple[int, int]:
        """An image or patch size: one positive integer, or [height, width]."""
        value = self._config.get(name)
        if value is None:
            if default is not None:
                return default, default
            raise self.error(name, f"is required for model_type {self.family!r} but is missing")
        if isinstance(value, list) and len(value) == 2:
            return self._check_int(name, value[0], 1), self._check_int(name, value[1], 1)
        side = self._check_int(name, value, 1)
        return side, side


def _linear(inputs: int, outputs: int, bias: bool) -> int:
    return inputs * outputs + (outputs if bias else 0)


def _norm(width: int, bias: bool) -> int:
    """RMSNorm has a weight only; LayerNorm a weight and a bias."""
    return width * (2 if bias else 1)
