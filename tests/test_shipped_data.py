"""The data shipped in the package is valid: the fast start-up path trusts it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from transfer_advisor import load_rulebook_text
from transfer_advisor._internal import shipped as _shipped
from transfer_advisor._internal.yaml import load_trusted
from transfer_advisor.catalog import default_catalog, load_catalog
from transfer_advisor.rules.load import default_rulebook, default_rulebook_text

DATA = resources.files("transfer_advisor") / "data"


def test_shipped_catalog_validates_and_matches_the_fast_path() -> None:
    validated = load_catalog(
        (DATA / "models.yaml").read_text("utf-8"), (DATA / "gpus.yaml").read_text("utf-8")
    )
    fast = default_catalog()
    assert [m.model_dump() for m in validated.models] == [m.model_dump() for m in fast.models]
    assert [g.model_dump() for g in validated.gpus] == [g.model_dump() for g in fast.gpus]
    assert len(validated.models) >= 40


def test_shipped_rulebook_validates_and_matches_the_fast_path() -> None:
    # The untrusted path checks every condition's size, depth and value bounds, which the
    # trusted start-up path skips for the shipped rulebook.
    validated = load_rulebook_text(default_rulebook_text(), "default.yaml")
    fast = default_rulebook()
    assert validated.thresholds == fast.thresholds
    assert validated.tables == fast.tables
    assert [r.rule for r in validated.strategy] == [r.rule for r in fast.strategy]
    assert [r.rule for r in validated.technique] == [r.rule for r in fast.technique]
    assert [r.rule for r in validated.findings] == [r.rule for r in fast.findings]


def test_catalog_covers_the_kinds_of_model_the_advice_needs() -> None:
    catalog = default_catalog()
    kinds = {(m.architecture, m.modality, m.instruction_tuned) for m in catalog.models}
    for needed in [("encoder", "text", False), ("decoder", "text", False),
                   ("decoder", "text", True), ("encoder-decoder", "text", True),
                   ("encoder", "image", False), ("encoder-decoder", "audio", False),
                   ("decoder", "code", False)]:  # fmt: skip
        assert needed in kinds, needed


@pytest.mark.parametrize("name", ["bert-base-uncased", "BERT-BASE-UNCASED", "llama-2-7b", "gpt2"])
def test_catalog_lookup_is_case_insensitive_and_knows_aliases(name: str) -> None:
    assert default_catalog().model(name) is not None


def test_every_base_variant_points_back() -> None:
    catalog = default_catalog()
    for model in catalog.models:
        if model.instruct_variant:
            sibling = catalog.model(model.instruct_variant)
            assert sibling is not None and sibling.instruction_tuned, model.name


def test_shipped_estimate_constants_validate_and_match_the_fast_path() -> None:
    from transfer_advisor.estimate.constants import DEFAULT_CONSTANTS_PATH, _load, load_constants

    validated = _load(str(DEFAULT_CONSTANTS_PATH))
    fast = load_constants()
    assert len(validated._compared) > 40
    for name in validated._compared:  # every constant and its source, not the derived fields
        assert getattr(validated, name) == getattr(fast, name), name
    assert validated == fast


def test_the_json_snapshot_of_the_shipped_yaml_is_fresh() -> None:
    # The fast start-up path reads this snapshot; a stale one would only be slower, but keep it
    # fresh: `python -m transfer_advisor._internal.shipped` rewrites it.
    current = _shipped.SNAPSHOT_PATH.read_text(encoding="utf-8")
    assert current == _shipped.build_snapshot(), "run: python -m transfer_advisor._internal.shipped"
    for relative in _shipped.SHIPPED_FILES:
        assert _shipped.shipped_data(relative) == load_trusted(_shipped.shipped_text(relative))


def test_a_file_edited_after_the_snapshot_is_read_from_its_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _shipped.shipped_text("data/gpus.yaml")
    edited = text.replace("memory_gb: 80", "memory_gb: 81", 1)
    assert load_trusted(edited) != load_trusted(text)
    # The snapshot's entry describes the unedited file, so the edit must not be hidden by it.
    served = _shipped.shipped_data("data/gpus.yaml", edited)
    assert served == load_trusted(edited)
    stale = json.loads(_shipped.SNAPSHOT_PATH.read_text(encoding="utf-8"))["files"]
    stale["data/gpus.yaml"]["data"]["gpus"] = []
    monkeypatch.setattr(_shipped, "_snapshot", stale)
    assert _shipped.shipped_data("data/gpus.yaml", edited)["gpus"] != []
    assert _shipped.shipped_data("data/gpus.yaml", text)["gpus"] == []  # fresh entry: served


def test_a_missing_or_broken_snapshot_falls_back_to_the_yaml(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fresh = json.loads(_shipped.SNAPSHOT_PATH.read_text(encoding="utf-8"))["files"]
    without_data = {k: {"fingerprint": v["fingerprint"]} for k, v in fresh.items()}
    for content in (None, "{not json", "[]", '{"files": []}', '{"files": {"rules/default.yaml": 3}}',
                    json.dumps({"files": without_data})):  # fmt: skip
        path = tmp_path / "snapshot.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        monkeypatch.setattr(_shipped, "SNAPSHOT_PATH", path)
        monkeypatch.setattr(_shipped, "_snapshot", None)
        relative = "rules/default.yaml"
        assert _shipped.shipped_data(relative) == load_trusted(_shipped.shipped_text(relative))


def test_shipped_data_is_built_as_model_construct_builds_it() -> None:
    # construct() fills instances itself (fields in order, defaults copied where pydantic
    # copies them); each must be what model_construct gives for the same values.
    from pydantic import BaseModel

    from transfer_advisor._internal import construct as fast

    seen = 0

    def same(model: Any) -> None:
        nonlocal seen
        if isinstance(model, BaseModel):
            values = {name: getattr(model, name) for name in model.model_fields_set}
            reference = type(model).model_construct(_fields_set=set(values), **values)
            assert list(model.__dict__.items()) == list(reference.__dict__.items())
            assert model.model_fields_set == reference.model_fields_set
            assert model.__pydantic_extra__ == reference.__pydantic_extra__
            assert model.__pydantic_private__ == reference.__pydantic_private__
            for name, field in type(model).model_fields.items():
                if name not in model.model_fields_set and isinstance(field.default, list | dict):
                    assert model.__dict__[name] is not field.default  # a copy, never shared
            seen += 1
            for value in model.__dict__.values():
                same(value)
        elif isinstance(value := model, list | tuple):
            for item in value:
                same(item)
        elif isinstance(model, dict):
            for item in model.values():
                same(item)

    catalog = default_catalog()
    for model in (*catalog.models, *catalog.gpus):
        same(model)
    rulebook = default_rulebook()
    for rule in (*rulebook.strategy, *rulebook.technique, *rulebook.findings):
        same(rule.rule)
    assert seen > 400
    assert fast._fields(type(catalog.models[0])) is not None  # the fast path was taken
