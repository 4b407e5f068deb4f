"""Many use cases from a pandas DataFrame: one advised row per input row, as a DataFrame.

pandas is an optional extra (``pip install 'transfer-advisor[pandas]'``); it is imported only
when :func:`advise_frame` runs. Columns are dotted manifest paths (``data.labeled_examples``,
as in batch CSV input) or the nested top-level sections; the result has the batch CSV output's
columns, one row per input row, on the input's index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from transfer_advisor.batch.run import advise_records
from transfer_advisor.batch.write import CSV_COLUMNS, flat_record
from transfer_advisor.errors import TransferAdvisorError
from transfer_advisor.rules.rulebook import Rulebook


def advise_frame(
    frame: Any, rulebook: Rulebook | None = None, *, columns: Sequence[str] | None = None
) -> Any:
    """Advise every row of ``frame`` and return the advice as a DataFrame.

    A row that is not a valid manifest gets ``status`` "error" and its message in
    ``error.message``;
    the other rows are advised. ``columns`` picks output columns (default: all of the batch CSV
    output's).
    """
    try:
        import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise TransferAdvisorError(
            "advise_frame needs pandas: pip install 'transfer-advisor[pandas]'"
        ) from None
    chosen = list(columns) if columns is not None else list(CSV_COLUMNS)
    unknown = [c for c in chosen if c not in CSV_COLUMNS]
    if unknown:
        raise TransferAdvisorError(f"unknown output columns: {', '.join(unknown)}")
    dotted = any("." in str(column) for column in frame.columns)
    rows = frame.to_dict(orient="records")
    flat = [flat_record(record) for record in advise_records(rows, rulebook, dotted=dotted)]
    return pd.DataFrame([{c: row.get(c) for c in chosen} for row in flat], index=frame.index,
                        columns=chosen)  # fmt: skip
