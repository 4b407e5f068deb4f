"""transfer-advisor: decide how to adapt a pre-trained model to a task.

In-context learning, parameter-efficient fine-tuning or full fine-tuning, decided by a YAML
rulebook from what a project knows: its data, task, model and budget.

>>> from transfer_advisor import advise, load_manifest
>>> advise(load_manifest("examples/legal-clause-classifier.yaml")).strategy  # doctest: +SKIP
'peft'

The names below are imported on first use, so the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "advise": "advice.engine",
    "advise_many": "advice.engine",
    "advise_frame": "batch.frame",
    "advise_records": "batch.run",
    "what_if": "advice.whatif",
    "Alternative": "advice.recommendation",
    "Finding": "advice.recommendation",
    "Recommendation": "advice.recommendation",
    "CatalogError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "RulebookError": "errors",
    "TransferAdvisorError": "errors",
    "Manifest": "manifest",
    "load_manifest": "manifest",
    "load_manifest_text": "manifest",
    "manifest_from_mapping": "manifest",
    "Rulebook": "rules.rulebook",
    "load_rulebook": "rules.load",
    "load_rulebook_text": "rules.load",
}

__all__ = [
    "Alternative",
    "CatalogError",
    "ConfigError",
    "Finding",
    "InputError",
    "Manifest",
    "Recommendation",
    "Rulebook",
    "RulebookError",
    "TransferAdvisorError",
    "__version__",
    "advise",
    "advise_frame",
    "advise_many",
    "advise_records",
    "load_manifest",
    "load_manifest_text",
    "load_rulebook",
    "load_rulebook_text",
    "manifest_from_mapping",
    "what_if",
]

if TYPE_CHECKING:
    from transfer_advisor.advice.engine import advise, advise_many
    from transfer_advisor.advice.recommendation import Alternative, Finding, Recommendation
    from transfer_advisor.advice.whatif import what_if
    from transfer_advisor.batch.frame import advise_frame
    from transfer_advisor.batch.run import advise_records
    from transfer_advisor.errors import (
        CatalogError,
        ConfigError,
        InputError,
        RulebookError,
        TransferAdvisorError,
    )
    from transfer_advisor.manifest import (
        Manifest,
        load_manifest,
        load_manifest_text,
        manifest_from_mapping,
    )
    from transfer_advisor.rules.load import load_rulebook, load_rulebook_text
    from transfer_advisor.rules.rulebook import Rulebook


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'transfer_advisor' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
