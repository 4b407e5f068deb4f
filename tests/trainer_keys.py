"""Validate a generated trainer config against the snapshot of the keys the trainer accepts.

The snapshots (tests/data/trainer_keys/*.json) hold each trainer's accepted key names and their
declared type annotations, extracted from the real packages by
benchmarks/extract_trainer_keys.py. A value is checked against its annotation where the
annotation is made of builtins, Literal, Optional/Union, list and dict; a class the snapshot
names but does not describe (an enum, a nested model) accepts a string or a mapping.
"""

from __future__ import annotations

import ast
import json
from functools import cache
from pathlib import Path
from typing import Any

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "trainer_keys"


@cache
def snapshot(name: str) -> dict[str, Any]:
    return json.loads((SNAPSHOTS / f"{name}.json").read_text(encoding="utf-8"))


def keys_of(*names: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name in names:
        keys.update(snapshot(name)["keys"])
    return keys


def _accepts(node: ast.expr, value: Any) -> bool:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):  # a forward reference
            return _accepts(ast.parse(node.value, mode="eval").body, value)
        return node.value is None and value is None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _accepts(node.left, value) or _accepts(node.right, value)
    if isinstance(node, ast.Subscript):
        outer = ast.unparse(node.value).rsplit(".", 1)[-1]
        inner = node.slice
        items = inner.elts if isinstance(inner, ast.Tuple) else [inner]
        if outer in ("Optional",):
            return value is None or _accepts(items[0], value)
        if outer == "Union":
            return any(_accepts(i, value) for i in items)
        if outer == "Annotated":
            return _accepts(items[0], value)
        if outer == "Literal":
            return any(isinstance(i, ast.Constant) and i.value == value
                       and type(i.value) is type(value) for i in items)  # fmt: skip
        if outer in ("list", "List", "Sequence", "tuple"):
            return isinstance(value, list)
        if outer in ("dict", "Dict", "Mapping"):
            return isinstance(value, dict)
        return True
    name = ast.unparse(node).rsplit(".", 1)[-1]
    simple = {
        "bool": lambda v: isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "str": lambda v: isinstance(v, str),
        "dict": lambda v: isinstance(v, dict),
        "list": lambda v: isinstance(v, list),
        "None": lambda v: v is None,
        "NoneType": lambda v: v is None,
    }
    if name in simple:
        return simple[name](value)
    # Any, an enum or a nested model: a string or a mapping is what YAML can give it.
    return name in ("Any", "object") or isinstance(value, str | dict)


def problems(config: dict[str, Any], accepted: dict[str, str]) -> list[str]:
    """Every key the trainer does not accept, or whose value its declared type refuses."""
    found = []
    for key, value in config.items():
        annotation = accepted.get(key)
        if annotation is None:
            found.append(f"{key}: not a key the trainer accepts")
        elif not _accepts(ast.parse(annotation, mode="eval").body, value):
            found.append(f"{key}: {value!r} does not fit the declared type {annotation}")
    return found
