"""Build pydantic models from data that is already known to be valid, without validating it.

Shipped data (the default rulebook, the model and GPU catalogs) is validated by the test suite;
at run time, building it through ``model_construct`` saves the schema build and validation on
every start of the command line.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def _build(annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _build(typing.get_args(annotation)[0], value)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(annotation):
            if (
                isinstance(option, type)
                and issubclass(option, BaseModel)
                and isinstance(value, dict)
            ):
                return construct(option, value)
        return value
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(annotation)
        return [_build(item, v) for v in value]
    if origin is dict and isinstance(value, dict):
        _, item = typing.get_args(annotation)
        return {k: _build(item, v) for k, v in value.items()}
    if (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and isinstance(value, dict)
    ):
        return construct(annotation, value)
    return value


def _holds_model(annotation: Any) -> bool:
    """Whether a value of this type can contain a pydantic model (and so needs building)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[dict[str, str], frozenset[str]]:
    """For one model class: its field name by alias, and the fields that need building."""
    fields = cls.model_fields
    by_alias = {f.alias: name for name, f in fields.items() if f.alias}
    nested = frozenset(name for name, f in fields.items() if _holds_model(f.annotation))
    return by_alias, nested


def construct(cls: type[M], data: dict[str, Any]) -> M:
    """``cls.model_construct`` applied recursively to nested models, lists and dicts of them."""
    by_alias, nested = _plan(cls)
    fields = cls.model_fields
    values = {}
    for key, value in data.items():
        name = by_alias.get(key, key)
        values[name] = _build(fields[name].annotation, value) if name in nested else value
    return cls.model_construct(_fields_set=set(values), **values)
