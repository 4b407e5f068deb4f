"""The authoring commands end to end: models, schema, init, rules show and rules init."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer
import yaml
from typer.testing import CliRunner

from transfer_advisor.advice.engine import advise
from transfer_advisor.catalog import ModelEntry, default_catalog
from transfer_advisor.cli import app as cli
from transfer_advisor.cli import models as cli_models
from transfer_advisor.cli import rules as cli_rules
from transfer_advisor.cli import starters as templates
from transfer_advisor.errors import InputError
from transfer_advisor.manifest import load_manifest, load_manifest_text, parse_count
from transfer_advisor.rules.load import default_rulebook_text, load_rulebook, load_rulebook_text
from transfer_advisor.schemas import COUNT_PATTERN, DIALECT, KINDS, json_schema, schema_text
from transfer_advisor.vocabulary import TaskType

from .conftest import EXAMPLES, ROOT, run_main, run_on_a_terminal

app = cli.app
runner = CliRunner()
Validator = jsonschema.Draft202012Validator


def assert_user_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    assert err.startswith("transfer-advisor: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


def json_out(args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_commands_are_registered() -> None:
    result = runner.invoke(app, ["--help"])
    for name in ("models", "schema", "init", "rules"):
        assert re.search(rf"^\s+{name}\s", result.stdout, re.MULTILINE), name
    group = cli_rules.register(typer.Typer())
    assert {c.name for c in group.registered_commands} >= {"show", "init", "validate"}


def test_importing_the_module_loads_only_typer() -> None:
    code = (
        "import sys, transfer_advisor.cli.models, transfer_advisor.cli.schema\n"
        "import transfer_advisor.cli.init, transfer_advisor.cli.rules\n"
        "heavy = ('rich', 'pydantic', 'yaml', 'transfer_advisor.catalog', "
        "'transfer_advisor.rules.load')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


# --- models ------------------------------------------------------------------------------------


def test_models_lists_the_whole_catalog_in_order() -> None:
    data = json_out(["models", "--format", "json"])
    assert [m["name"] for m in data] == [m.name for m in default_catalog().models]
    assert set(data[0]) == set(ModelEntry.model_fields)


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (["--modality", "audio"], lambda m: m.modality == "audio"),
        (["--modality", "IMAGE"], lambda m: m.modality == "image"),
        (["--architecture", "encoder-decoder"], lambda m: m.architecture == "encoder-decoder"),
        (["--instruction-tuned"], lambda m: m.instruction_tuned),
        (["--base"], lambda m: not m.instruction_tuned),
        (
            ["--min-params", "1B", "--max-params", "8.1B"],
            lambda m: m.parameters is not None and 1e9 <= m.parameters <= 8.1e9,
        ),
        (
            ["--max-params", "150M", "--architecture", "encoder"],
            lambda m: (
                m.parameters is not None and m.parameters <= 150e6 and m.architecture == "encoder"
            ),
        ),
        (
            ["--modality", "code", "--instruction-tuned"],
            lambda m: m.modality == "code" and m.instruction_tuned,
        ),
    ],
)
def test_models_filters(args: list[str], keep: Any) -> None:
    names = [m["name"] for m in json_out(["models", *args, "-f", "json"])]
    expected = [m.name for m in default_catalog().models if keep(m)]
    assert expected, "the filter should match some models"
    assert names == expected


def test_models_table_shows_humanized_sizes_and_whole_names() -> None:
    result = runner.invoke(app, ["models", "--modality", "text"])
    assert result.exit_code == 0
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines[0] == "name family params architecture instruct context modality"
    rows = {line.split()[0]: line for line in lines[1:]}
    assert rows["meta-llama/Llama-3.1-8B-Instruct"].endswith(" llama 8.0B decoder yes 131,072 text")
    assert rows["google-bert/bert-base-uncased"].endswith(" bert 109M encoder no 512 text")
    text_models = [m.name for m in default_catalog().models if m.modality == "text"]
    assert list(rows) == text_models


def test_a_models_card_shows_how_many_images_one_prompt_holds_where_the_catalog_says() -> None:
    one_image = runner.invoke(app, ["models", "llava-hf/llava-1.5-7b-hf"], env={"COLUMNS": "100"})
    text_model = runner.invoke(app, ["models", "meta-llama/Llama-3.1-8B-Instruct"])
    assert one_image.exit_code == 0 and text_model.exit_code == 0
    shown = [" ".join(line.split()) for line in one_image.stdout.splitlines()]
    assert "images per prompt 1" in shown
    assert "images per prompt" not in text_model.stdout


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("meta-llama/Llama-3.1-8", "meta-llama/Llama-3.1-8B-Instruct"),
        ("Llama-3.1-8", "Llama-3.1-8B-Instruct"),  # the name without its owner
        ("llama-3.1-8b-i", "llama-3.1-8b-instruct"),  # an alias
        ("gpt", "gpt2"),
    ],
)
def test_model_names_complete_from_what_a_shell_keeps(typed: str, expected: str) -> None:
    # Shells drop candidates that do not start with the word typed, case included.
    found = cli_models._complete_model(typed)
    assert expected in found
    assert all(name.startswith(typed) for name in found)
    for name in found:
        assert runner.invoke(app, ["models", name, "-f", "json"]).exit_code == 0


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (8_030_261_248, "8.0B"),
        (109_482_240, "109M"),
        (494_032_768, "494M"),
        (405_853_388_800, "405.9B"),
        (1_200_000_000_000, "1.2T"),
        (1_500, "2K"),
        (999, "999"),
        (999_885_952, "1.0B"),  # Gemma 3 1B: not "1000M"
        (999_600, "1M"),
    ],
)
def test_humanize_count(count: int, shown: str) -> None:
    assert cli_models.humanize_count(count) == shown


@pytest.mark.parametrize(
    "name", ["LLAMA-3.1-8B-INSTRUCT", "meta-llama/Llama-3.1-8B-Instruct", "Llama-3.1-8B-Instruct"]
)
def test_one_model_by_name_or_alias_in_any_case(name: str) -> None:
    data = json_out(["models", name, "-f", "json"])
    assert data["name"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert data["base_variant"] == "meta-llama/Llama-3.1-8B"
    assert data["source"].startswith("https://")


def test_one_model_in_text_shows_every_field() -> None:
    result = runner.invoke(app, ["models", "gpt2"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "openai-community/gpt2"
    for label, value in [
        ("aliases", "gpt2, gpt-2"),
        ("parameters", "124M (124,439,808)"),
        ("instruction-tuned", "no"),
        ("instruct variant", "—"),
        ("context window", "1,024 tokens"),
        ("promptable", "yes"),
        ("license", "mit"),
        ("source", "https://huggingface.co/openai-community/gpt2"),
        ("weights", "open"),
    ]:
        assert re.search(rf"^{label}\s+{re.escape(value)}$", out, re.MULTILINE), label


def test_a_translation_model_shows_the_directions_it_was_trained_on() -> None:
    out = runner.invoke(app, ["models", "opus-mt-de-en"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"^translates\s+de → en only$", out, re.MULTILINE), out
    out = runner.invoke(app, ["models", "openai/whisper-small"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"^translates\s+any → en only$", out, re.MULTILINE), out
    out = runner.invoke(app, ["models", "facebook/nllb-200-3.3B"], env={"COLUMNS": "200"}).stdout
    assert not re.search(r"^translates", out, re.MULTILINE), out


def test_one_hosted_multimodal_model_shows_what_it_reads_and_how_it_is_tuned() -> None:
    out = runner.invoke(app, ["models", "openai/gpt-4o-mini"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"^reads\s+text, image$", out, re.MULTILINE), out
    assert re.search(
        r"^weights\s+hosted: tuned through OpenAI fine-tuning API, at least 10 examples, "
        r"\$3\.00 per million training tokens$",
        out,
        re.MULTILINE,
    ), out
    assert "approximated from the parameter count" not in out


def test_unknown_model_suggests_a_close_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["models", "lama-3.1-8b"], capsys)
    assert_user_error(code, err, "unknown model 'lama-3.1-8b'", "did you mean 'Llama-3.1-8B'?")
    assert out == ""


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["models", "--min-params", "lots"], "--min-params: expected a parameter count"),
        (["models", "--max-params", "-3"], "--max-params"),
        (["models", "--modality", "smell"], "--modality must be one of: text, code"),
        (["models", "--architecture", "rnn"], "--architecture must be one of"),
        (["models", "gpt2", "--base"], "a model NAME or filters, not both"),
        (["models", "--format", "xml"], "--format must be one of: text, json"),
        (["rules", "show", "--format", "yaml"], "--format must be one of: text, json"),
    ],
)
def test_bad_flags_are_one_line_errors(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(args, capsys)
    assert_user_error(code, err, needle)


def test_no_match_says_so_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["models", "--modality", "video"], capsys)
    assert (code, out) == (0, "")
    assert "no model in the catalog matches" in err
    assert json_out(["models", "--modality", "video", "-f", "json"]) == []


def test_names_from_data_are_never_markup_or_escape_codes() -> None:
    evil = ModelEntry.model_construct(
        name="[bold red]evil[/]\x1b[2J",
        family="[link=x]f",
        parameters=7,
        architecture="decoder",
        instruction_tuned=True,
        context_window=None,
        modality="text",
        promptable=True,
        source="s",
        aliases=[],
        languages=[],
        domains=[],
        instruct_variant=None,
        base_variant=None,
        license=None,
    )
    for text in (
        cli_models._model_table([evil], color=True, width=120),
        cli_models._model_card(evil, color=False, width=120),
    ):
        assert "[bold red]evil[/]\\x1b[2J" in text
        assert "\x1b[2J" not in text
    assert "[link=x]f" in cli_models._model_table([evil], color=False, width=120)


# --- schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_valid_2020_12_and_stable(kind: str) -> None:
    schema = json_schema(kind)
    Validator.check_schema(schema)
    assert list(schema)[:3] == ["$schema", "title", "description"]
    assert schema["$schema"] == DIALECT
    assert "$id" not in json.dumps(schema)
    assert '"gt"' not in json.dumps(schema)  # pydantic's raw bound, not a JSON Schema keyword
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0
    assert result.stdout == schema_text(kind) == runner.invoke(app, ["schema", kind]).stdout
    assert json.loads(result.stdout) == schema


def test_schema_output_file(tmp_path: Path) -> None:
    target = tmp_path / "transfer-advisor.schema.json"
    result = runner.invoke(app, ["schema", "manifest", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == schema_text("manifest")


def test_unknown_schema_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["schema", "manfest"], capsys)
    assert_user_error(code, err, "unknown schema 'manfest'", "did you mean 'manifest'?")


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_manifest_schema_accepts_every_example(example: Path) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    errors = [e.message for e in Validator(json_schema("manifest")).iter_errors(data)]
    assert errors == []


def _manifest(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "demo",
        "data": {"labeled_examples": 10},
        "model": {"name": "gpt2"},
    }
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        if value is _DROP:
            del node[leaf]
        else:
            node[leaf] = value
    return data


_DROP = object()
MANIFEST_CASES = [
    ("valid", _manifest(), True),
    ("examples-true", _manifest(data__labeled_examples=True), False),
    ("examples-negative", _manifest(data__labeled_examples=-5), False),
    ("examples-fraction", _manifest(data__labeled_examples=10.5), False),
    ("examples-string", _manifest(data__labeled_examples="10"), False),
    ("unknown-field", _manifest(data__colour="red"), False),
    ("unknown-section", _manifest(extras={"a": 1}), False),
    ("bad-enum", _manifest(task__type="poetry"), False),
    ("bad-level", _manifest(budget__level="huge"), False),
    ("missing-model-name", _manifest(model__name=_DROP, model__parameters="7B"), False),
    ("missing-data", _manifest(data=_DROP), False),
    ("parameters-7B", _manifest(model__parameters="7B"), True),
    ("parameters-1.5e9", _manifest(model__parameters="1.5e9"), True),
    ("parameters-commas", _manifest(model__parameters="1,000,000"), True),
    ("parameters-integer", _manifest(model__parameters=110_000_000), True),
    ("parameters-word", _manifest(model__parameters="seven"), False),
    ("parameters-bool", _manifest(model__parameters=True), False),
    ("parameters-zero", _manifest(model__parameters=0), False),
    ("yaml-no-as-language", _manifest(data__language=False), False),
    ("gpu-memory-zero", _manifest(budget__gpu_memory_gb=0), False),
]


@pytest.mark.parametrize(
    ("data", "valid"), [c[1:] for c in MANIFEST_CASES], ids=[c[0] for c in MANIFEST_CASES]
)
def test_manifest_schema_agrees_with_the_loader(data: dict[str, Any], valid: bool) -> None:
    schema_ok = Validator(json_schema("manifest")).is_valid(data)
    try:
        load_manifest_text(yaml.safe_dump(data), "m.yaml")
        loader_ok = True
    except InputError:
        loader_ok = False
    assert (schema_ok, loader_ok) == (valid, valid)


@pytest.mark.parametrize(
    "text", ["7B", "110M", "1.5e9", " 7 B ", "1,000", "0.5b", "12T", "3k", "1_000_000", "2.5E+9"]
)
def test_count_pattern_accepts_what_parse_count_accepts(text: str) -> None:
    assert re.search(COUNT_PATTERN, text)
    assert isinstance(parse_count(text), int)


@pytest.mark.parametrize("text", ["seven", "7 billion", "B7", "1.2.3", "7BB", "", "-7B", "7 M B"])
def test_count_pattern_refuses_what_parse_count_refuses(text: str) -> None:
    assert not re.search(COUNT_PATTERN, text)
    with pytest.raises(ValueError):
        parse_count(text)


def test_rulebook_schema_accepts_the_default_and_refuses_mistakes() -> None:
    validator = Validator(json_schema("rulebook"))
    assert list(validator.iter_errors(yaml.safe_load(default_rulebook_text()))) == []
    assert validator.is_valid(yaml.safe_load(templates.RULEBOOK_TEMPLATE))
    assert not validator.is_valid({"extends": "default", "treshholds": {}})
    bad_finding = {
        "id": "x",
        "description": "d",
        "severity": "fatal",
        "when": True,
        "message": "m",
        "source": "s",
    }
    assert not validator.is_valid({"findings": [bad_finding]})
    assert not validator.is_valid({"strategy": [{"id": "Bad Id"}]})


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_output_schema_accepts_real_output(example: Path) -> None:
    validator = Validator(json_schema("output"))
    for explain in (False, True):
        output = advise(load_manifest(example), explain=explain, check=True).to_dict()
        assert [e.message for e in validator.iter_errors(json.loads(json.dumps(output)))] == []
    assert not validator.is_valid({**output, "surprise": 1})


# --- init --------------------------------------------------------------------------------------


def test_init_without_a_terminal_writes_a_valid_template(tmp_path: Path) -> None:
    folder = tmp_path / "Legal Bot"
    folder.mkdir()
    target = folder / "transfer-advisor.yaml"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # no prompt was shown
    assert "Wrote" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=" + templates.MANIFEST_SCHEMA_FILE
    )
    manifest = load_manifest(target)
    assert manifest.name == "legal-bot"
    assert manifest.model.name == templates.DEFAULT_MODEL
    assert manifest.data.labeled_examples == templates.DEFAULT_EXAMPLES
    assert advise(manifest).strategy == "in_context"
    assert Validator(json_schema("manifest")).is_valid(yaml.safe_load(text))


def test_init_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert (tmp_path / templates.MANIFEST_FILE).is_file()
    assert runner.invoke(app, ["rules", "init"]).exit_code == 0
    assert (tmp_path / templates.RULEBOOK_FILE).is_file()


@pytest.mark.parametrize("command", [["init"], ["rules", "init"]])
def test_init_never_overwrites_without_force(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "existing.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = run_main([*command, str(target)], capsys)
    assert_user_error(code, err, "existing.yaml: already exists", "--force")
    assert target.read_text(encoding="utf-8") == "keep me\n"
    code, _, _ = run_main([*command, str(target), "--force"], capsys)
    assert code == 0
    assert target.read_text(encoding="utf-8") != "keep me\n"


def test_init_into_a_directory_or_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(["init", str(tmp_path)], capsys)
    assert_user_error(code, err, "is a directory")
    code, _, err = run_main(["init", str(tmp_path / "no" / "such.yaml")], capsys)
    assert_user_error(code, err, "cannot write")


def test_template_lists_every_task_type() -> None:
    text = templates.manifest_template(name="x")
    comment = " ".join(
        line.strip("# ")
        for line in text.splitlines()
        if "ranking" in line or "classification," in line or "object-detection" in line
    )
    for task_type in typing.get_args(TaskType):
        assert task_type in comment


@pytest.mark.parametrize(
    "value",
    [
        "plain-name",
        "yes",
        "No",
        "null",
        "true",
        "1e5",
        "007",
        "a: b",
        "# hash",
        'quote"s',
        "back\\slash",
        "tab\there",
        "new\nline",
        "\x1b[31mred",
        "ünïcödé",
        "😀 emoji",
        "\u2028sep",
        " leading",
        "trailing ",
        "- dash",
        "{braces}",
        "[list]",
        "*alias",
        "&anchor",
        "!tag",
        "%",
    ],
)
def test_answers_cannot_break_the_template(value: str) -> None:
    text = templates.manifest_template(name=value, model=value, task_type="chat")
    manifest = load_manifest_text(text)
    assert (manifest.name, manifest.model.name, manifest.task.type) == (value, value, "chat")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_init_on_a_terminal_asks_and_fills_in(tmp_path: Path) -> None:
    # A wrong task type and a negative count are asked again.
    answers = "Clause finder\npoetry\nclassification\n-3\n250\ngpt2\n"
    shown = run_on_a_terminal(["init"], answers, tmp_path)
    assert "Project name" in shown and "Please choose one of" in shown
    assert "Please give a whole number" in shown
    manifest = load_manifest(tmp_path / templates.MANIFEST_FILE)
    assert manifest.name == "Clause finder"
    assert manifest.task.type == "classification"
    assert manifest.data.labeled_examples == 250
    assert manifest.model.name == "gpt2"
    # GPT-2 is small and made to be fine-tuned whole: with 250 examples that is cheap.
    assert advise(manifest).strategy == "full_fine_tune"


# --- rules -------------------------------------------------------------------------------------


def _lines_of_ids(text: str) -> dict[str, int]:
    """Rule id -> the 1-based line of its `- id:` in a rulebook's text."""
    return {
        m.group(1): text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r"^[ \t]*- id: (\S+)$", text, re.MULTILINE)
    }


def test_rules_show_lists_every_rule_and_threshold() -> None:
    rulebook = load_rulebook()
    data = json_out(["rules", "show", "-f", "json"])
    assert [r["id"] for r in data["rules"]] == rulebook.rule_ids()
    kinds = {r["id"]: r["kind"] for r in data["rules"]}
    assert (kinds["few-examples"], kinds["technique/lora"], kinds["base-model"]) == (
        "strategy",
        "technique",
        "finding",
    )
    severities = {r["id"]: r["severity"] for r in data["rules"]}
    assert (severities["few-examples"], severities["plan-mismatch/much-heavier"]) == (None, "error")
    lines = _lines_of_ids(default_rulebook_text())
    for rule in data["rules"]:
        assert rule["defined"]["file"] == "<default rulebook>"
        assert rule["defined"]["line"] == lines[rule["id"]], rule["id"]
    assert {t["name"]: t["value"] for t in data["thresholds"]} == rulebook.thresholds
    assert data["disabled"] == []


def test_rules_show_text() -> None:
    result = runner.invoke(app, ["rules", "show"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Rulebook default  (<default rulebook>)")
    assert re.search(r"^id\s+kind\s+severity\s+what it checks\s+source$", out, re.MULTILINE)
    for rule_id in load_rulebook().rule_ids():
        assert re.search(rf"^{re.escape(rule_id)}\s", out, re.MULTILINE), rule_id
    assert re.search(r"^in_context_max_examples\s+100\s+<default rulebook>:\d+", out, re.M)


def test_rules_show_one_rule_in_text() -> None:
    result = runner.invoke(app, ["rules", "show", "few-examples"])
    assert result.exit_code == 0
    out = result.stdout
    line = _lines_of_ids(default_rulebook_text())["few-examples"]
    strategy = load_rulebook().strategy
    position = [r.rule.id for r in strategy].index("few-examples") + 1
    rule = strategy[position - 1].rule
    assert out.startswith("few-examples  (strategy rule)\n")
    for label, value in [
        ("when", " ".join(str(rule.when).split())),
        ("strategy", "in_context"),
        ("order", f"{position} of {len(strategy)} strategy rules"),
        ("source", rule.source),
        ("defined at", f"<default rulebook>:{line}:"),
    ]:
        assert re.search(rf"^{label}\s+{re.escape(value)}", out, re.MULTILINE), label
    assert "{data.labeled_examples:,|# labeled example|# labeled examples} is fewer than" in out
    assert re.search(r"^data\.few\s+fewer labeled examples .*\(derived: ", out, re.MULTILINE)
    assert "never used" not in out


def test_rules_show_one_finding_in_json() -> None:
    data = json_out(["rules", "show", "domain-mismatch/modality", "-f", "json"])
    assert data["kind"] == "finding"
    assert (data["finding"], data["severity"], data["field"]) == (
        "domain-mismatch",
        "error",
        "data.modality",
    )
    assert data["when"] == "modality.match == 'no'"
    assert data["details"] == [
        {
            "when": "modality.suggestions",
            "text": "Models pre-trained on {data.modality}: {modality.suggestions}.",
        }
    ]
    assert [f["name"] for f in data["facts"]] == ["modality.match"]
    assert data["facts"][0]["meaning"].startswith("yes, partial or no")


@pytest.mark.parametrize(
    ("rule_id", "needle"),
    [
        ("few-example", "did you mean 'few-examples'?"),
        ("no-such-thing-at-all", "unknown rule 'no-such-thing-at-all' (list them with"),
    ],
)
def test_unknown_rule_ids(rule_id: str, needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["rules", "show", rule_id], capsys)
    assert_user_error(code, err, needle)


def test_a_group_id_shows_every_rule_of_the_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["rules", "show", "domain-mismatch", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["group"] == "domain-mismatch"
    assert [r["id"] for r in data["rules"]] == [
        "domain-mismatch/modality", "domain-mismatch/frames", "domain-mismatch/modality-partial",
        "domain-mismatch/prose", "domain-mismatch/language", "domain-mismatch/direction",
        "domain-mismatch/domain",
        "domain-mismatch/domain-broad"]  # fmt: skip
    code, out, _ = run_main(["rules", "show", "domain-mismatch"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines() if "(finding rule)" in line] == [
        r["id"] for r in data["rules"]
    ]


def test_rules_init_writes_a_rulebook_that_changes_the_advice(tmp_path: Path) -> None:
    target = tmp_path / "team-rules.yaml"
    result = runner.invoke(app, ["rules", "init", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text == templates.rulebook_template("team-rules.yaml")
    assert "--rules team-rules.yaml" in text and "transfer-advisor-rules" not in text
    assert "our legal team gets good results with lora from 50 examples" in text.lower()
    rulebook = load_rulebook(target)
    assert rulebook.thresholds["in_context_max_examples"] == 50
    manifest = {
        "name": "legal",
        "data": {"labeled_examples": 80},
        "model": {"name": "meta-llama/Llama-3.1-8B-Instruct"},
    }
    assert advise(manifest).strategy == "in_context"
    rec = advise(manifest, rulebook)
    assert rec.strategy == "peft"
    assert "small-test-set" in [f.id for f in rec.findings]
    assert Validator(json_schema("rulebook")).is_valid(yaml.safe_load(text))


def test_rules_init_commented_disable_example_works() -> None:
    text = templates.RULEBOOK_TEMPLATE.replace("# disable: [", "disable: [")
    assert text != templates.RULEBOOK_TEMPLATE
    rulebook = load_rulebook_text(text, "team.yaml")
    assert "prompting-first" in rulebook.disabled
    manifest = {"name": "legal", "data": {"labeled_examples": 80}, "model": {"name": "gpt2"}}
    assert "prompting-first" not in [f.id for f in advise(manifest, rulebook).findings]


def test_rules_show_with_a_team_rulebook(tmp_path: Path) -> None:
    target = tmp_path / "team-rules.yaml"
    target.write_text(templates.RULEBOOK_TEMPLATE, encoding="utf-8")
    data = json_out(["rules", "show", "--rules", str(target), "-f", "json"])
    assert data["sources"] == ["<default rulebook>", str(target)]
    thresholds = {t["name"]: t for t in data["thresholds"]}
    line = next(
        i
        for i, text in enumerate(templates.RULEBOOK_TEMPLATE.splitlines(), 1)
        if text.startswith("  in_context_max_examples:")
    )
    assert thresholds["in_context_max_examples"]["value"] == 50
    assert thresholds["in_context_max_examples"]["defined"]["file"] == str(target)
    assert thresholds["in_context_max_examples"]["defined"]["line"] == line
    assert thresholds["significant_usd"]["defined"]["file"] == "<default rulebook>"
    assert data["rules"][-1]["id"] == "small-test-set"
    detail = json_out(["rules", "show", "small-test-set", "--rules", str(target), "-f", "json"])
    assert detail["defined"]["line"] == _lines_of_ids(templates.RULEBOOK_TEMPLATE)["small-test-set"]
    assert {
        "name": "thresholds.min_examples_with_test_set",
        "meaning": "threshold, 500 in this rulebook",
    } in detail["facts"]


def test_rules_show_refuses_a_rule_that_could_never_fire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "team.yaml"
    target.write_text(
        "extends: default\n"
        "disable: [prompting-first]\n"
        "strategy:\n"
        "  - id: legal-full\n"
        "    description: legal data is fully fine-tuned\n"
        "    when: data.domain == 'legal'\n"
        "    strategy: full_fine_tune\n"
        "    rationale: Our policy.\n"
        "    source: us\n",
        encoding="utf-8",
    )
    code, _, err = run_main(["rules", "show", "legal-full", "--rules", str(target)], capsys)
    assert_user_error(code, err, "'legal-full' can never fire: 'peft-default' before it")
    target.write_text(target.read_text().replace("    source: us\n", "    source: us\n"
                                                 "    before: peft-default\n"))  # fmt: skip
    detail = json_out(["rules", "show", "legal-full", "--rules", str(target), "-f", "json"])
    assert detail["id"] == "legal-full"
    code, _, err = run_main(["rules", "show", "prompting-first", "--rules", str(target)], capsys)
    assert_user_error(code, err, "rule 'prompting-first' is disabled in this rulebook")


def test_rules_show_reports_a_broken_rulebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "broken.yaml"
    target.write_text("extends: default\nthresholds:\n  in_context_max_examples: many\n")
    code, _, err = run_main(["rules", "show", "--rules", str(target)], capsys)
    assert_user_error(code, err, f"{target}:3:28")


# --- shell completion --------------------------------------------------------------------------


def _complete(words: str) -> list[str]:
    env = {
        "_TRANSFER_ADVISOR_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = runner.invoke(app, [], env=env, prog_name="transfer-advisor")
    return result.stdout.split()


def test_completion_of_models_kinds_and_rule_ids() -> None:
    assert _complete("transfer-advisor models Qwen/Qwen2.5-7") == [
        "Qwen/Qwen2.5-7B",
        "Qwen/Qwen2.5-7B-Instruct",
        "Qwen/Qwen2.5-72B",
        "Qwen/Qwen2.5-72B-Instruct",
    ]
    assert _complete("transfer-advisor schema ") == list(KINDS)
    assert _complete("transfer-advisor rules show plan-mismatch/") == [
        "plan-mismatch/another-model",
        "plan-mismatch/no-rows",
        "plan-mismatch/missed-in-context",
        "plan-mismatch/not-offered",
        "plan-mismatch/quantized",
        "plan-mismatch/much-heavier",
        "plan-mismatch/heavier",
        "plan-mismatch/lighter",
        "plan-mismatch/technique",
    ]


# --- the authoring guide -----------------------------------------------------------------------


FACTS_START = "<!-- facts: generated from src/transfer_advisor/facts.py, checked by the tests -->"
FACTS_END = "<!-- end of facts -->"


def facts_block() -> str:
    """The fact tables of docs/authoring.md, as they must read for the current facts.py."""
    from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS

    lines = [FACTS_START]
    for title, facts in [
        ("Manifest and engine facts", BASE_FACTS),
        ("Decision facts", DECISION_FACTS),
    ]:
        lines += ["", f"{title}:", "", "| Fact | Meaning |", "| --- | --- |"]
        for name, meaning in facts.items():
            escaped = meaning.replace("|", "\\|")
            lines.append(f"| `{name}` | {escaped} |")
    return "\n".join([*lines, "", FACTS_END])


def test_the_guide_lists_every_fact_and_table() -> None:
    from transfer_advisor.rules.model import Tables

    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    block = facts_block()
    assert block in guide, f"docs/authoring.md: replace the facts block with:\n{block}"
    for table in Tables.model_fields:
        assert f"- `{table}` → " in guide, table
    for command in ("init", "models", "schema", "rules init", "rules show"):
        assert f"transfer-advisor {command}" in guide


@pytest.mark.parametrize(("knowledge", "technique"), [(True, "retrieval"), (False, "few_shot")])
def test_init_writes_the_knowledge_answer_that_decides_retrieval(
    knowledge: bool, technique: str
) -> None:
    text = templates.manifest_template(
        name="x",
        task_type="question-answering",
        labeled_examples=40,
        model="meta-llama/Llama-3.1-8B-Instruct",
        knowledge=knowledge,
    )
    manifest = load_manifest_text(text, "init.yaml")
    assert manifest.task.knowledge is not None
    assert manifest.task.knowledge.required is knowledge
    assert advise(manifest).technique == technique


def test_init_without_the_question_leaves_knowledge_commented_and_asks_later() -> None:
    text = templates.manifest_template(name="x", task_type="question-answering")
    manifest = load_manifest_text(text, "init.yaml")
    assert manifest.task.knowledge is None
    assert "knowledge-unknown" in {f.id for f in advise(manifest).findings}


def test_models_filter_by_what_a_model_does_as_it_is_and_its_language() -> None:
    data = json_out(
        ["models", "--task", "speech-recognition", "--language", "German", "-f", "json"]
    )
    names = [m["name"] for m in data]
    assert "openai/whisper-large-v3" in names
    assert "distil-whisper/distil-large-v3" not in names  # English only
    assert all("speech-recognition" in m["zero_shot_tasks"] for m in data)
    forecasting = json_out(["models", "--task", "forecasting", "-f", "json"])
    assert forecasting and all(m["modality"] == "time-series" for m in forecasting)


def test_models_reads_a_language_name_with_its_accents_and_refuses_an_unknown_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    accented = json_out(["models", "--language", "Yorùbá", "-f", "json"])
    assert accented == json_out(["models", "--language", "yo", "-f", "json"])
    assert "openai/whisper-small" in [m["name"] for m in accented]
    # A macrolanguage covers its members, as advise reads them: Whisper lists Norwegian (no).
    bokmal = json_out(["models", "--language", "Norwegian Bokmal", "-f", "json"])
    assert "openai/whisper-large-v3" in [m["name"] for m in bokmal]
    assert bokmal == json_out(["models", "--language", "no", "-f", "json"])
    # An unknown name is said to be unknown, not answered with "no model matches".
    for unknown in ("Klingon", "xx", "", "123"):
        code, _, err = run_main(["models", "--language", unknown], capsys)
        assert_user_error(code, err, "is neither a language code nor a name the rulebook knows")


def test_models_refuses_an_unknown_task(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["models", "--task", "dancing"], capsys)
    assert_user_error(code, err, "--task must be one of")
