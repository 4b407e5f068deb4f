"""Build pydantic models from data that is already known to be valid, without validating it.

Shipped data (the default rulebook, the model and GPU catalogs) is validated by the test suite;
at run time, building it through ``model_construct`` saves the schema build and validation on
every start of the command line.
"""

from __future__ import annotations

import copy
import functools
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

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


#: Defaults that are never copied: model_construct hands these objects out as they are.
_SHARED_DEFAULTS = (type(None), bool, int, float, str, bytes)
_SHARED, _COPIED, _FACTORY, _REQUIRED = range(4)


@functools.cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, int, Any], ...] | None:
    """For one model class, each field with how ``model_construct`` fills it when it is not
    given; None for a class it treats specially (validation aliases, extra fields kept, a
    post-init hook, a root model), which goes through ``model_construct`` itself."""
    if (cls.__pydantic_post_init__ or cls.__pydantic_root_model__
            or cls.model_config.get("extra") == "allow"):  # fmt: skip
        return None
    plan: list[tuple[str, int, Any]] = []
    for name, field in cls.model_fields.items():
        if field.validation_alias is not None:
            return None
        if field.default_factory is not None:
            if getattr(field, "default_factory_takes_validated_data", False):
                return None
            plan.append((name, _FACTORY, field.default_factory))
        elif field.default is PydanticUndefined:
            plan.append((name, _REQUIRED, None))
        elif type(field.default) in _SHARED_DEFAULTS or field.default in ((), frozenset()):
            plan.append((name, _SHARED, field.default))
        elif type(field.default) in (list, dict, set) and not field.default:
            # A fresh empty container, as deepcopy would give, without deepcopy's bookkeeping.
            plan.append((name, _FACTORY, type(field.default)))
        else:  # pydantic copies a mutable default for every instance
            plan.append((name, _COPIED, field.default))
    return tuple(plan)


def construct(cls: type[M], data: dict[str, Any]) -> M:
    """``cls.model_construct`` applied recursively to nested models, lists and dicts of them.

    The instance is filled the way ``model_construct`` fills it (fields in definition order,
    defaults copied where pydantic copies them), without its per-field bookkeeping.
    """
    by_alias, nested = _plan(cls)
    fields = cls.model_fields
    values = {}
    for key, value in data.items():
        name = by_alias.get(key, key)
        values[name] = _build(fields[name].annotation, value) if name in nested else value
    plan = _fields(cls)
    if plan is None:
        return cls.model_construct(_fields_set=set(values), **values)
    filled: dict[str, Any] = {}
    for name, how, default in plan:
        if name in values:
            filled[name] = values[name]
        elif how == _SHARED:
            filled[name] = default
        elif how == _COPIED:
            filled[name] = copy.deepcopy(default)
        elif how == _FACTORY:
            filled[name] = default()
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", filled)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model
