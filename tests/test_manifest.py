"""Loading manifests: strict validation, located one-line errors, hostile YAML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from transfer_advisor import InputError, advise, load_manifest, load_manifest_text
from transfer_advisor.manifest import parse_count

VALID = """\
name: demo
data:
  labeled_examples: 10
model:
  name: gpt2
"""


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    message = str(info.value)
    assert "\n" not in message
    return info.value


def test_valid_manifest_has_defaults() -> None:
    manifest = load_manifest_text(VALID, "m.yaml")
    assert manifest.schema_version == 1
    assert manifest.task.complexity == "medium"
    assert manifest.prompting.tried is False


@pytest.mark.parametrize("value", ["0.5", "0.4", "0"])
def test_a_parameter_count_below_one_says_so(value: str) -> None:
    with pytest.raises(ValueError, match=f"a parameter count is at least 1, got '{value}'"):
        parse_count(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("110M", 110_000_000), ("7B", 7_000_000_000), ("1.5e9", 1_500_000_000), (110000000, 110000000),
     ("7b", 7_000_000_000), ("1,000,000", 1_000_000), (1.5e9, 1_500_000_000), ("0.5B", 500_000_000)],
)  # fmt: skip
def test_parameter_counts(value: object, expected: int) -> None:
    assert parse_count(value) == expected
    text = VALID.replace("name: gpt2", f"name: gpt2\n  parameters: {value}")
    assert load_manifest_text(text).model.parameters == expected


@pytest.mark.parametrize(
    ("field_line", "field", "line", "needle"),
    [
        ("labeled_examples: true", "data.labeled_examples", 3, "valid integer"),
        ("labeled_examples: 10.5", "data.labeled_examples", 3, "valid integer"),
        ("labeled_examples: -5", "data.labeled_examples", 3, "greater than or equal to 0"),
        ("labeled_examples: '10'", "data.labeled_examples", 3, "valid integer"),
        ("labeled_examples: 10\n  colour: red", "data.colour", 4, "unknown field"),
        ("labeled_examples: 10\n  modality: smell", "data.modality", 4, "'smell'"),
        ("labeled_examples: 10\n  language: no", "data.language", 4, "quote the value"),
    ],
)
def test_type_errors_are_located(field_line: str, field: str, line: int, needle: str) -> None:
    error = _error(VALID.replace("labeled_examples: 10", field_line))
    assert error.field == field
    assert error.line == line
    assert str(error).startswith(f"m.yaml:{line}:")
    assert needle in str(error)


def test_missing_required_field_is_located_at_its_section() -> None:
    error = _error("name: x\ndata: {}\nmodel: {name: gpt2}\n")
    assert error.field == "data.labeled_examples"
    assert error.line == 2
    assert "required field is missing" in str(error)


def test_bad_parameter_count() -> None:
    error = _error(VALID.replace("name: gpt2", "name: gpt2\n  parameters: lots"))
    assert error.field == "model.parameters"
    assert "110M" in str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\ndata: 5\nmodel: {name: gpt2}\n",
         "m.yaml:2:7: data: expected a mapping of fields (got the number 5)"),
        ("name: x\ndata: {labeled_examples: 5}\nmodel: [gpt2]\n",
         "m.yaml:3:8: model: expected a mapping of fields (got a list)"),
        ("name: x\ndata: {labeled_examples: 5}\nmodel: gpt2\n",
         "m.yaml:3:8: model: expected a mapping of fields (got the string 'gpt2')"),
        ("name: x\ndata: {labeled_examples: 5}\nmodel: {name: gpt2, domains: general}\n",
         "m.yaml:3:30: model.domains: Input should be a valid list (got 'general')"),
    ],
)  # fmt: skip
def test_a_section_of_the_wrong_kind_is_named_in_yaml_terms(text: str, expected: str) -> None:
    # Never pydantic's Python wording ("instance of Data") for someone who wrote YAML.
    assert str(_error(text)) == expected


def test_more_problems_are_counted() -> None:
    error = _error("name: 1\ndata: {labeled_examples: x}\nmodel: {}\n")
    assert "more problem" in str(error)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            "name: x\nname: y\ndata: {labeled_examples: 1}\nmodel: {name: a}\n",
            "m.yaml:2:1: name: duplicate key 'name' (first at line 1)",
        ),
        ("!!python/object/apply:os.system ['echo hi']\n", "not allowed"),
        ("name: !!python/name:os.system x\n", "not allowed"),
        ("name: !custom x\n", "not allowed"),
        ("data: !!set {a, b}\n", "not allowed"),
        ("base: &b {labeled_examples: 1}\ndata:\n  <<: *b\n", "merge keys"),
        ("name: [unclosed\n", "invalid YAML"),
        ("name: a\n---\nname: b\n", "m.yaml:2:1: invalid YAML: expected one document, but another"),
        ("- a\n- b\n", "must be a mapping"),
        ("", "got empty"),
        ("x: &a [*a]\n", "recursive alias"),
        ("name: a\x00\n", "m.yaml:1:8: invalid YAML: character U+0000 is not allowed"),
        # An explicit tag on a value it cannot hold.
        (
            "name: x\ndata: {labeled_examples: !!bool maybe}\n",
            "not a valid boolean (tagged !!bool): 'maybe'",
        ),
        (
            "name: x\ndata: {labeled_examples: !!int 0o19}\n",
            "not a valid integer (tagged !!int): '0o19'",
        ),
        ("name: !!float xyz\n", "m.yaml:1:7: name: not a valid number (tagged !!float): 'xyz'"),
        ("name: !!int ''\n", "m.yaml:1:7: name: not a valid integer (tagged !!int): ''"),
        ("name: !!int +_\n", "not a valid integer (tagged !!int): '+_'"),
        # Python will not read an integer of more than 4,300 digits.
        (
            f"name: x\ndata: {{labeled_examples: {'9' * 5000}}}\n",
            "m.yaml:2:26: data.labeled_examples: number too large",
        ),
    ],
)
def test_hostile_or_broken_yaml(text: str, needle: str) -> None:
    error = _error(text)
    assert needle in str(error)
    assert str(error).startswith("m.yaml")


def test_alias_bomb_fails_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    error = _error("\n".join(lines) + "\n")
    assert "alias bomb" in str(error)
    # Not a timing test: a bomb of 10^12 values must not be expanded at all.
    assert time.perf_counter() - started < 30


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_manifest(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="directory"):
        load_manifest(tmp_path)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(InputError, match=r"latin1\.yaml: not UTF-8 text \(byte 10\)"):
        load_manifest(latin1)
    broken = tmp_path / "broken16.yaml"
    broken.write_bytes("name: x\n".encode("utf-16") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(InputError, match=r"broken16\.yaml: not UTF-16 text"):
        load_manifest(broken)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    # Windows PowerShell's `>` writes UTF-16 with a byte-order mark; YAML allows it.
    path = tmp_path / "m.yaml"
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    path.write_bytes(bom + VALID.replace("demo", "démo").encode(encoding))
    assert load_manifest(path).name == "démo"


def test_load_manifest_from_file(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(VALID)
    manifest = load_manifest(path)
    assert manifest.name == "demo"
    assert manifest.base_dir == tmp_path.resolve()
    assert manifest.document is not None
    assert manifest.document.mark(("data", "labeled_examples")).line == 3  # type: ignore[union-attr]


@pytest.mark.parametrize("field_line", ["labeled_examples: 1000000000000000000000000000000",
                                        "labeled_examples: 10\n  avg_tokens_per_example: 1e21"])  # fmt: skip
def test_absurdly_large_numbers_are_errors(field_line: str) -> None:
    error = _error(VALID.replace("labeled_examples: 10", field_line))
    assert "less than or equal to" in str(error) or "valid integer" in str(error)


def test_devices_are_refused_without_reading_them() -> None:
    import os

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with pytest.raises(InputError, match="not a regular file"):
        load_manifest("/dev/zero")


def test_a_model_config_that_is_a_device_or_too_deep(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    for target, needle in (("deep.json", "nested too deeply"), ("/dev/zero", "not a regular file")):
        path = tmp_path / "m.yaml"
        path.write_text(VALID.replace("name: gpt2", f"name: gpt2\n  config: {target}"))
        if target.startswith("/dev") and not Path(target).exists():
            continue
        with pytest.raises(InputError, match=needle) as info:
            load_manifest(path)
        assert info.value.field == "model.config" and info.value.line == 6


def test_a_model_config_url_is_refused_with_what_to_give_instead(tmp_path: Path) -> None:
    url = "https://huggingface.co/acme/model/resolve/main/config.json"
    path = tmp_path / "m.yaml"
    path.write_text(VALID.replace("name: gpt2", f"name: gpt2\n  config: {url}"))
    with pytest.raises(InputError, match="is a URL, and URLs are not fetched") as info:
        load_manifest(path)
    assert info.value.field == "model.config" and info.value.line == 6
    assert "give the path of a downloaded config.json" in str(info.value)


def test_active_parameters_above_the_total_are_a_located_error() -> None:
    text = "name: t\ndata: {labeled_examples: 5}\nmodel: {name: x, parameters: 7B, active_parameters: 13B}\n"
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == "model"
    assert "cannot exceed parameters" in str(info.value)


def test_a_translation_into_its_own_language_is_a_located_error() -> None:
    text = (
        "name: t\ntask:\n  type: translation\n  source_language: de\n  target_language: DE\n"
        "data: {labeled_examples: 5}\nmodel: {name: gpt2}\n"
    )
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == "task.target_language" and info.value.line == 5
    assert "the same language as source_language ('de')" in str(info.value)
    # A regional variant into another (localisation) is two languages.
    load_manifest_text(text.replace("target_language: DE", "target_language: de-AT"), "m.yaml")
    # Only a translation needs two: a summary of German text in German is no error.
    load_manifest_text(text.replace("type: translation", "type: summarization"), "m.yaml")


def test_an_average_length_above_the_longest_is_a_located_error() -> None:
    text = "name: t\ndata:\n  labeled_examples: 5\n  avg_tokens_per_example: 900\n  max_tokens_per_example: 400\nmodel: {name: gpt2}\n"
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == "data"
    assert "avg_tokens_per_example (900) cannot exceed max_tokens_per_example (400)" in str(
        info.value
    )


def test_a_planned_technique_of_another_strategy_is_a_located_error() -> None:
    text = "name: t\ndata: {labeled_examples: 5}\nmodel: {name: x}\nplan: {strategy: full_fine_tune, technique: lora}\n"
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == "plan" and info.value.line == 4
    assert "technique lora is not a way to do full_fine_tune" in str(info.value)


@pytest.mark.parametrize(
    ("technique", "strategy"),
    [
        ("few_shot", "in_context"),
        ("qlora", "peft"),
        ("hosted_tuning", "peft"),
        ("full", "full_fine_tune"),
    ],
)
def test_a_plan_that_names_only_its_technique_plans_that_techniques_strategy(
    technique: str, strategy: str
) -> None:
    text = f"name: t\ndata: {{labeled_examples: 5}}\nmodel: {{name: x}}\nplan: {{technique: {technique}}}\n"
    plan = load_manifest_text(text, "m.yaml").plan
    assert (plan.strategy, plan.technique) == (strategy, technique)


def test_inputs_are_for_a_multimodal_model_and_located() -> None:
    text = (
        "name: t\ndata: {labeled_examples: 5}\nmodel: {name: x, modality: text, inputs: [image]}\n"
    )
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == "model" and info.value.line == 3
    assert "inputs lists what a multimodal model reads" in str(info.value)


@pytest.mark.parametrize(
    ("data", "model"),
    [
        ("{labeled_examples: 500, modality: video}",
         "{name: acme/videomae, parameters: 86M, architecture: encoder, modality: video, inputs: [video]}"),
        ("{labeled_examples: 500}",
         "{name: acme/tiny-lm, parameters: 270M, architecture: decoder, inputs: [text]}"),
    ],
)  # fmt: skip
def test_a_single_modality_model_may_name_its_own_modality_as_its_inputs(
    data: str, model: str
) -> None:
    # Consistent, if redundant: a video encoder that reads video, a text model that reads text.
    rec = advise(load_manifest_text(f"name: t\ndata: {data}\nmodel: {model}\n", "m.yaml"))
    assert rec.strategy in ("peft", "full_fine_tune")
    assert not [f for f in rec.findings if f.id == "domain-mismatch"]


def test_inputs_listed_twice_are_a_located_error() -> None:
    text = "name: t\ndata: {labeled_examples: 5}\nmodel: {name: x, inputs: [text, image, text]}\n"
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == "model" and "inputs lists text twice" in str(info.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("name: t\ndata: {labeled_examples: 5}\nmodel: {name: '   '}\n", "model.name"),
        ("name: t\ndata: {labeled_examples: 5, language: ' '}\nmodel: {name: gpt2}\n", "data.language"),
        ("name: '  '\ndata: {labeled_examples: 5}\nmodel: {name: gpt2}\n", "name"),
    ],
)  # fmt: skip
def test_a_blank_name_or_tag_is_a_located_error(text: str, field: str) -> None:
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    assert info.value.field == field
    assert "must not be blank" in str(info.value)
