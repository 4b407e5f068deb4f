"""``batch --fields``: the output columns to keep, by name, or a named set of them.

The columns are the flat ones of the CSV output (:data:`~transfer_advisor.batch.write.CSV_COLUMNS`);
with ``--fields``, JSONL and JSON rows are flat objects of just those keys, and CSV has just
those columns, in the order given.
"""

from __future__ import annotations

from transfer_advisor._internal.didyoumean import did_you_mean
from transfer_advisor.batch.write import CSV_COLUMNS
from transfer_advisor.errors import TransferAdvisorError

#: Named sets of columns.
PRESETS: dict[str, tuple[str, ...]] = {
    # What a portfolio view needs per row: the advice, its findings and its price.
    "slim": ("row", "name", "status", "strategy", "technique", "findings", "worst_severity",
             "estimate.fits", "estimate.usd.high", "error.message"),
    "all": CSV_COLUMNS,
}  # fmt: skip


def parse_fields(text: str) -> tuple[str, ...]:
    """``row,name,strategy`` or a preset (``slim``, ``all``) as a tuple of column names, each
    once; an unknown name is an error that suggests the closest column."""
    names: list[str] = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        if name in PRESETS:
            names += PRESETS[name]
            continue
        if name not in CSV_COLUMNS:
            hint = did_you_mean(name, [*CSV_COLUMNS, *PRESETS])
            raise TransferAdvisorError(
                f"--fields: unknown column {name!r}{hint} (the columns: {', '.join(CSV_COLUMNS)};"
                f" or a set: {', '.join(PRESETS)})"
            )
        names.append(name)
    if not names:
        raise TransferAdvisorError("--fields: give at least one column (or slim, or all)")
    return tuple(dict.fromkeys(names))
