"""One home for turning a pydantic validation error into located, readable problems.

Every strict pydantic model the tool validates user input with (the manifest, rulebooks, the
catalog, the estimate constants, ``[tool.transfer-advisor]`` settings) describes an error
through :func:`describe_error` (the sentence, in YAML terms) and :func:`locate_error` (the field
and where it is written); :func:`validation_problems` turns a whole ``ValidationError`` into
every problem at once (the first :data:`MAX_PROBLEMS`), in document order, with "did you mean"
for a misspelt key or value.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from transfer_advisor._internal.didyoumean import closest
from transfer_advisor._internal.yaml import Document, Mark, field_path
from transfer_advisor.vocabulary import TASK_TYPE_SYNONYMS

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from transfer_advisor.errors import TransferAdvisorError

#: At most this many problems of one document are reported (the rest are counted).
MAX_PROBLEMS = 20


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


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model class an annotation holds (through ``X | None``, ``list[X]`` and
    ``Annotated``), or None."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def known_keys(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The field names (as written in YAML) of the mapping at ``loc`` in ``model``; empty if
    ``loc`` leads outside the models."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue  # an item of a list: the same model as the list's
        field = current.model_fields.get(part)
        current = None if field is None else _model_in(field.annotation)
    if current is None:
        return []
    return [field.alias or name for name, field in current.model_fields.items()]


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def choice_meant(value: str, choices: list[str]) -> str | None:
    """The choice a value not among ``choices`` probably meant: the task type another tool's
    name stands for ("transcription", "ner", "feature-extraction"), else the closest spelling."""
    other = TASK_TYPE_SYNONYMS.get(re.sub(r"[\s_]+", "-", value.strip().lower()))
    if other in choices:
        return other
    return closest(value, choices, fold_case=True)


def _suggestion(error: Mapping[str, Any], model: type[BaseModel] | None) -> str | None:
    """The word an unknown key or a misspelt choice probably meant, or None."""
    loc = _clean_loc(tuple(error["loc"]))
    value = error.get("input")
    if error["type"] == "extra_forbidden" and model is not None and loc:
        key = loc[-1]
        if isinstance(key, str):
            return closest(key, known_keys(model, loc[:-1]), fold_case=True)
    if error["type"] == "literal_error" and isinstance(value, str):
        expected = _QUOTED.findall(str((error.get("ctx") or {}).get("expected", "")))
        found = choice_meant(value, expected)
        return found if found != value else None
    return None


def _position(problem: TransferAdvisorError) -> tuple[int, int]:
    big = 1 << 30
    line = problem.line if problem.line is not None else big
    return line, problem.column if problem.column is not None else big


E = TypeVar("E", bound="TransferAdvisorError")


def validation_problems(
    exc: ValidationError,
    *,
    source: str,
    document: Document | None,
    error: type[E],
    model: type[BaseModel] | None = None,
    limit: int = MAX_PROBLEMS,
) -> E:
    """Every problem of ``exc`` as one ``error``: the first problem (in document order) gives
    its message and location, and ``.problems`` holds them all (at most ``limit``, with
    ``.more`` counting the rest). An unknown key that is a misspelling of a missing required
    one is told once, as the misspelling with its "did you mean".
    """
    errors = list(exc.errors(include_url=False))
    suggestions = [_suggestion(e, model) for e in errors]
    # "labeled_exampels: unknown field; did you mean 'labeled_examples'?" already explains
    # why labeled_examples is missing: drop the second report.
    meant = {
        (*_clean_loc(tuple(e["loc"]))[:-1], hint)
        for e, hint in zip(errors, suggestions, strict=True)
        if e["type"] == "extra_forbidden" and hint is not None
    }
    problems: list[E] = []
    for e, hint in zip(errors, suggestions, strict=True):
        if e["type"] == "missing" and _clean_loc(tuple(e["loc"])) in meant:
            continue
        field, mark = locate_error(e, document)
        message = describe_error(e) + (f"; did you mean {hint!r}?" if hint else "")
        problems.append(
            error(
                message,
                source=source,
                line=mark.line if mark else None,
                column=mark.column if mark else None,
                field=field,
            )
        )
    problems.sort(key=_position)  # stable: pydantic's order among problems at one place
    first = problems[0]
    result = error(
        first.message, source=source, line=first.line, column=first.column, field=first.field
    )
    result.problems = tuple(problems[:limit])
    result.more = len(problems) - len(result.problems)
    return result
