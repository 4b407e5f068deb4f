"""One flat input mapper: manifest fields named by dotted path, with their values, as a manifest.

A flat input names each leaf field of the manifest by its dotted path (``data.labeled_examples``)
and gives its value as text (a CSV cell) or as a Python value (a DataFrame row). This module knows
each field's kind (:func:`field_kinds`), turns text into the field's type (:func:`convert_text`)
and builds the nested mapping (:func:`mapping_from_flat`); validating it stays the manifest's job.
The ``batch`` CSV reader, the Python API's ``dotted=True`` rows and the command line's field
flags (``--examples`` sets ``data.labeled_examples``) all go through it.
"""

from __future__ import annotations

import math
import re
import types
import typing
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, BeforeValidator

from transfer_advisor.errors import InputError
from transfer_advisor.manifest import Manifest

__all__ = [
    "get_path",
    "mapping_from_flat",
    "set_path",
]


FieldKind = Literal["int", "float", "bool", "str", "list", "raw", "unsupported"]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type under Optional/Annotated, and whether a before-validator parses text itself."""
    raw = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            raw = raw or any(isinstance(m, BeforeValidator) for m in args[1:])
            annotation = args[0]
        elif origin is typing.Union or origin is types.UnionType:
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation, raw
            annotation = members[0]
        else:
            return annotation, raw


def _kind(annotation: Any) -> FieldKind | type[BaseModel]:
    base, raw = _unwrap(annotation)
    if raw:
        return "raw"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return base
    origin = typing.get_origin(base)
    if origin is Literal:
        values = typing.get_args(base)
        if all(isinstance(v, bool) for v in values):
            return "bool"
        return "int" if all(isinstance(v, int) for v in values) else "str"
    if origin is list:
        (item,) = typing.get_args(base)
        item_base, _ = _unwrap(item)
        if isinstance(item_base, type) and issubclass(item_base, BaseModel):
            return "unsupported"
        return "list"
    for python_type, name in ((bool, "bool"), (int, "int"), (float, "float"), (str, "str")):
        if base is python_type:
            return typing.cast(FieldKind, name)
    return "unsupported"


@cache
def field_kinds() -> dict[str, FieldKind]:
    """Every leaf field of the manifest by dotted path (``data.labeled_examples``) and kind."""
    kinds: dict[str, FieldKind] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            kind = _kind(info.annotation)
            if any(isinstance(m, BeforeValidator) for m in info.metadata):
                kind = "raw"
            if isinstance(kind, type):
                walk(kind, f"{prefix}{name}.")
            else:
                kinds[prefix + name] = kind

    walk(Manifest, "")
    return kinds


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
#: Digits an integer cell may have: far more than any field's bound (at most 10**15) needs, and
#: far below what Python refuses to convert (4,300 digits by default, 640 at the least), so the
#: answer does not depend on how Python was configured.
MAX_INT_DIGITS = 100


def _int(value: str) -> int:
    """Digits (``_INT``) as an integer; too many digits are an out-of-range error."""
    sign = "-" if value.startswith("-") else ""
    digits = value.lstrip("+-").lstrip("0") or "0"
    if len(digits) > MAX_INT_DIGITS:
        raise InputError(f"an integer of {len(digits):,} digits is out of range")
    return int(sign + digits)


def convert_text(text: str, kind: FieldKind) -> Any:
    """A CSV cell as the manifest field's type: ``"5000"`` -> 5000 for an integer field.

    Text that is not a clean value of the type stays text, so validation rejects it with the
    manifest's own message (``"10.5"`` or ``"yes"`` for an integer field is an error). An
    integer of more than :data:`MAX_INT_DIGITS` digits raises :class:`InputError` (out of
    range), without the field: the caller knows it.
    """
    if kind == "str":
        return text
    value = text.strip()
    if kind == "int":
        return _int(value) if _INT.fullmatch(value) else value
    if kind == "float":
        if _INT.fullmatch(value):
            return _int(value)  # as JSON and YAML read it; a float field accepts it
        return float(value) if _FLOAT.fullmatch(value) else value
    if kind == "bool":
        lowered = value.lower()
        return True if lowered == "true" else False if lowered == "false" else value
    if kind == "list":
        return [item.strip() for item in value.split(";") if item.strip()]
    return value  # "raw": the field parses text itself (parameter counts such as 7B)


def _convert_value(value: Any, kind: FieldKind) -> Any:
    """A flat mapping's value (from pandas, Spark, a dict) as the manifest field's type."""
    if isinstance(value, str):
        return convert_text(value, kind)
    item = getattr(value, "item", None)  # a NumPy scalar: its Python value
    if callable(item) and not isinstance(value, list | tuple | dict):
        try:
            value = item()
        except (TypeError, ValueError):
            return value
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)  # a pandas integer column with gaps is a float column
    return value


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' markers, recognised without pandas
        return True
    isnull = getattr(value, "__float__", None)  # e.g. a NumPy NaN
    if callable(isnull) and not isinstance(value, int | bool):
        try:
            return math.isnan(isnull())
        except (TypeError, ValueError):
            return False
    return False


def set_path(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    """Set the field at ``path`` (its keys) in a nested manifest mapping, making the sections
    on the way (a section given as something other than a mapping is replaced)."""
    node = data
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[path[-1]] = value


def get_path(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    """The field at ``path`` in a nested manifest mapping (None where it is not given)."""
    node: Any = data
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def mapping_from_flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A nested manifest mapping from a flat one with dotted keys (a CSV row, a DataFrame row).

    Missing values (None, NaN, empty text) are left out; text is converted by the field's type
    as in CSV input; lists may be given as lists or as ``;``-separated text. Unknown keys are
    kept, so validation reports them. Raises :class:`InputError` (with the key as its field)
    for text that cannot be converted: an integer too long to be in range.
    """
    kinds = field_kinds()
    data: dict[str, Any] = {}
    for key, value in row.items():
        if _is_missing(value):
            continue
        kind = kinds.get(key, "str")
        try:
            converted = _convert_value(value, kind)
        except InputError as exc:
            raise InputError(exc.message, field=key) from None
        set_path(data, key.split("."), converted)
    return data
