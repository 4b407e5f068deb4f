"""transfer-advisor: decide how to adapt a pre-trained model to a task.

In-context learning, parameter-efficient fine-tuning or full fine-tuning, decided by a YAML
rulebook from what a project knows: its data, task, model and budget.

>>> from transfer_advisor import advise, load_manifest, load_rulebook
>>> recommendation = advise(load_manifest("examples/legal-clause-classifier.yaml"))  # doctest: +SKIP
>>> recommendation.strategy  # doctest: +SKIP
'peft'
"""

from __future__ import annotations

from .engine import advise, advise_many
from .errors import CatalogError, ConfigError, InputError, RulebookError, TransferAdvisorError
from .manifest import Manifest, load_manifest, load_manifest_text, manifest_from_mapping
from .recommendation import Alternative, Finding, Recommendation
from .rulebook import Rulebook, load_rulebook, load_rulebook_text

__version__ = "0.1.0"

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
    "advise_many",
    "load_manifest",
    "load_manifest_text",
    "load_rulebook",
    "load_rulebook_text",
    "manifest_from_mapping",
]
