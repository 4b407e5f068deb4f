"""One home for turning a pydantic validation error into a located, readable problem.

Every strict pydantic model the tool validates user input with (the manifest, rulebooks, the
catalog, the estimate constants, ``[tool.transfer-advisor]`` settings) reports its first error
through :func:`describe_error` (the sentence, in YAML terms) and :func:`locate_error` (the field
and where it is written).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transfer_advisor._internal.yaml import Document, Mark, field_path


def _yaml_kind(value: Any) -> str:
    """How a value reads in YAML terms (never a Python class name)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_shown(value)}"
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
        return f"{message} (got {_shown(value)})"
    if kind.startswith(("int_", "float_", "bool_", "string_", "list_")) or kind == "value_error":
        message = message.removeprefix("Value error, ")
        if ", got " in message:  # our own validators already say what they got
            return message
        if kind == "value_error" and isinstance(value, dict):  # a check across a section's fields
            return message
        return f"{message} (got {_yaml_kind(value) if isinstance(value, dict | list) else _shown(value)})"
    if kind in _BOUND_ERRORS and "got" not in message and len(_shown(value)) <= 40:
        return f"{message} (got {_yaml_kind(value)})"
    return message


def _clean_loc(loc: tuple[Any, ...], data: Any = None) -> tuple[str | int, ...]:
    # pydantic adds validator names (e.g. "function-before[...]") to some locations; a key of
    # the input that holds a "[" is kept.
    kept: list[str | int] = []
    for part in loc:
        if isinstance(part, int) or "[" not in str(part):
            kept.append(part)
        elif isinstance(data, dict) and part in data:
            kept.append(str(part))
        else:
            continue
        try:
            data = data[part] if data is not None else None
        except (KeyError, IndexError, TypeError):
            data = None
    return tuple(kept)


def _shown(value: Any) -> str:
    """``repr(value)``, but never a number too long to print (hex YAML has no digit limit) and
    no more than the start of a long string."""
    if type(value) is int and value.bit_length() > 1024:
        return "a number too large to show"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:59]) + "…"
    return repr(value)


def locate_error(
    error: Mapping[str, Any], document: Document | None
) -> tuple[str | None, Mark | None]:
    """The field of one pydantic error and where it is written in ``document``: a missing or
    unknown key, or a key a table does not allow, at the key; anything else at its value."""
    raw = tuple(error["loc"])
    loc = _clean_loc(raw, document.data if document is not None else None)
    mark = None
    if document is not None:
        at_key = error["type"] in ("missing", "extra_forbidden") or raw[-1:] == ("[key]",)
        mark = (document.mark(loc) if at_key else None) or document.value_mark(loc)
    return field_path(loc) or None, mark
