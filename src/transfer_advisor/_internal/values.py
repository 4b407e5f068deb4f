"""The value types of a manifest's fields: counts written as ``7B`` or ``1.5e9``, numbers with
bounds far above any real project, and names and tags that hold more than spaces."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*([KkMmBbTt]?)\s*$")
_SUFFIX = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}


def parse_count(value: Any) -> Any:
    """Turn ``110M``, ``7B``, ``1.5e9`` or ``110000000`` into an integer parameter count.

    Anything else is passed through unchanged for pydantic to reject with its own message.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        return value
    if isinstance(value, str):
        match = _COUNT.match(value.replace(",", "").replace("_", ""))
        if match is None:
            raise ValueError(f"expected a parameter count such as 110M, 7B or 1.5e9, got {value!r}")
        number = float(match.group(1)) * _SUFFIX[match.group(2).lower()]
        if not math.isfinite(number) or number > 1e15:
            raise ValueError(f"parameter count {value!r} is out of range")
        if number < 1:
            raise ValueError(f"a parameter count is at least 1, got {value!r}")
        return round(number)
    return value


ParameterCount = Annotated[int, BeforeValidator(parse_count), Field(gt=0)]
#: A token count written like a parameter count (``2B``, ``2e9``), at most 10^15.
TokenCount = Annotated[int, BeforeValidator(parse_count), Field(gt=0)]
# Upper bounds far above any real project, so absurd input is an error rather than a
# recommendation printed with thirty-digit numbers.
PositiveInt = Annotated[int, Field(gt=0, le=10**9)]
NonNegativeInt = Annotated[int, Field(ge=0, le=10**12)]
PositiveFloat = Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank (only spaces)")
    return value


Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_not_blank)]
Tag = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_not_blank)]
