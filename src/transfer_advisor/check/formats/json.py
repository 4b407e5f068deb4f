"""The json format of a ``check`` report: this tool's own contract (see
:func:`transfer_advisor.check.model.report_dict`).
"""

from __future__ import annotations

from transfer_advisor.check.formats.common import dump
from transfer_advisor.check.model import CheckReport, report_dict


def to_json(report: CheckReport) -> str:
    return dump(report_dict(report))
