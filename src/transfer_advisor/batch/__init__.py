"""Batch evaluation: many manifests in, one output row per input row (see ``docs/batch.md``).

The modules, from the bottom up: :mod:`.input` (a raw row), :mod:`.read_csv` and :mod:`.read`
(the readers), :mod:`.summary` (the counts), :mod:`.write` (the output formats), :mod:`.rows`
(one row's advice), :mod:`.run` (the row loop and the Python API) and :mod:`.html` (the report).

The names below are the documented Python API (``from transfer_advisor.batch import
advise_records, flat_record``); they are imported on first use, so importing the package is
cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CSV_COLUMNS": "write",
    "flat_record": "write",
    "advise_records": "run",
}

__all__ = ["CSV_COLUMNS", "advise_records", "flat_record"]

if TYPE_CHECKING:
    from transfer_advisor.batch.run import advise_records
    from transfer_advisor.batch.write import CSV_COLUMNS, flat_record


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'transfer_advisor.batch' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
