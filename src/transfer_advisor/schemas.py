"""JSON Schemas of the public contracts: the manifest, the rulebook file and the JSON output.

Each schema is generated from the classes that validate or produce the document, so it cannot
drift from them. It is only adjusted where the generated text would be wrong for editors and
validators: ``model.parameters`` also takes strings such as ``7B``, pydantic's raw ``gt``
bounds become JSON Schema keywords, and the output's objects are closed, like the old
``extra="forbid"`` models they replace.
"""

from __future__ import annotations

import json
from typing import Any

#: The JSON Schema dialect of every schema written here.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The schemas ``transfer-advisor schema`` can write, in the order its help lists them.
KINDS = ("manifest", "rulebook", "output")

#: The strings ``manifest.parse_count`` accepts: a number with an optional K, M, B or T suffix.
#: It checks the shape only; ``0`` or ``1e20`` fit it and are still refused by the loader.
COUNT_PATTERN = r"^\s*[0-9][0-9,_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?\s*[KkMmBbTt]?\s*$"

_ABOUT = {
    "manifest": (
        "transfer-advisor project manifest",
        "What a project knows before it adapts a pre-trained model: its task, data, model, "
        "budget and plan. Read by `transfer-advisor advise`.",
    ),
    "rulebook": (
        "transfer-advisor rulebook",
        "Thresholds, tables, derived facts and rules that decide between in-context learning, "
        "parameter-efficient fine-tuning and full fine-tuning. Use with `--rules FILE`.",
    ),
    "output": (
        "transfer-advisor recommendation",
        "The JSON written by `transfer-advisor advise --format json`.",
    ),
}

_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind`` (one of :data:`KINDS`); ``ValueError`` for anything else."""
    body: dict[str, Any]
    if kind == "manifest":
        from transfer_advisor.manifest import Manifest

        body = Manifest.model_json_schema()
        _widen_parameter_count(body)
    elif kind == "rulebook":
        from transfer_advisor.rules.model import RulebookFile

        body = RulebookFile.model_json_schema()
    elif kind == "output":
        from pydantic import TypeAdapter

        from transfer_advisor.advice.recommendation import Recommendation

        body = TypeAdapter(Recommendation).json_schema(mode="serialization")
        _close_objects(body)
    else:
        raise ValueError(f"unknown schema {kind!r}; expected one of: {', '.join(KINDS)}")
    _fix_bounds(body)
    title, description = _ABOUT[kind]
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DIALECT, "title": title, "description": description, **body}


def schema_text(kind: str) -> str:
    """:func:`json_schema` as JSON text: two-space indent, stable key order, final newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


#: The counts that also take "7B"-style strings, and what each is.
_COUNTS = (
    ("Model", "parameters", "Total parameter count: an integer, or a string such as 110M, 7B or "
     "1.5e9. Only needed for a model that is not in the catalog."),
    ("Model", "active_parameters", "Parameters active per token of a mixture of experts: an "
     "integer, or a string such as 3B."),
    ("Data", "unlabeled_tokens", "Tokens of unlabeled in-domain text: an integer, or a string "
     "such as 500M or 2B."),
)  # fmt: skip


def _widen_parameter_count(body: dict[str, Any]) -> None:
    # pydantic describes each count by its result (an integer); the BeforeValidator also takes
    # "7B"-style strings, and the schema must accept everything the loader accepts.
    for section, name, description in _COUNTS:
        try:
            prop = body["$defs"][section]["properties"][name]
            branches: list[dict[str, Any]] = prop["anyOf"]
        except (KeyError, TypeError):
            raise RuntimeError(f"manifest schema: {name} changed shape") from None
        integers = [i for i, b in enumerate(branches) if b.get("type") == "integer"]
        if len(integers) != 1:
            raise RuntimeError(f"manifest schema: {name} has no single integer branch")
        branches.insert(integers[0] + 1, {"type": "string", "pattern": COUNT_PATTERN})
        prop["description"] = description


def _fix_bounds(node: Any) -> None:
    """Rename bounds that pydantic copies verbatim (``gt``) to their JSON Schema keywords."""
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for raw, keyword in _BOUNDS.items():
                if raw in node and keyword not in node:
                    node[keyword] = node.pop(raw)
        for value in node.values():
            _fix_bounds(value)
    elif isinstance(node, list):
        for item in node:
            _fix_bounds(item)


def _close_objects(body: dict[str, Any]) -> None:
    """Forbid unknown keys in every object with fixed properties (maps stay open)."""
    for node in (body, *body.get("$defs", {}).values()):
        if "properties" in node:
            node.setdefault("additionalProperties", False)
