"""Every validation problem of a document at once, each located, with "did you mean"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_main
from transfer_advisor import InputError, load_manifest_text
from transfer_advisor.errors import RulebookError

THREE_TYPOS = """\
name: demo
task:
  type: clasification
data:
  labeled_exampels: 500
model:
  name: gpt2
  paramters: 7B
"""


def _problems(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        load_manifest_text(text, "m.yaml")
    return info.value


def test_three_typos_are_reported_in_one_run_in_document_order() -> None:
    error = _problems(THREE_TYPOS)
    assert [str(p) for p in error.problems] == [
        "m.yaml:3:9: task.type: Input should be 'classification', 'extraction', 'generation', "
        "'summarization', 'chat', 'code', 'question-answering', 'ranking', "
        "'speech-recognition', 'image-classification', 'regression', 'forecasting', "
        "'translation', 'segmentation', 'embedding', 'object-detection' or 'other' "
        "(got 'clasification'); did you mean 'classification'?",
        "m.yaml:5:3: data.labeled_exampels: unknown field; did you mean 'labeled_examples'?",
        "m.yaml:8:3: model.paramters: unknown field; did you mean 'parameters'?",
    ]
    # The misspelling explains the missing field: it is not reported a second time.
    assert not any("required field is missing" in str(p) for p in error.problems)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("transcription", "speech-recognition"),  # not the closer spelling 'translation'
        ("automatic-speech-recognition", "speech-recognition"),
        ("feature-extraction", "embedding"),  # Hugging Face's, not 'extraction'
        ("NER", "extraction"),
        ("token_classification", "extraction"),
        ("text generation", "generation"),
        ("summarizaton", "summarization"),  # a plain misspelling still gets the closest
        ("language-identification", "classification"),  # not 'image-classification'
        ("entity-recognition", "extraction"),  # not 'speech-recognition'
        ("mask-generation", "segmentation"),  # Hugging Face's SAM task, not 'generation'
    ],
)
def test_a_task_type_another_tool_names_is_answered_with_ours(written: str, meant: str) -> None:
    error = _problems(f"name: x\ntask: {{type: {written}}}\ndata: {{labeled_examples: 5}}\n"
                      "model: {name: a}\n")  # fmt: skip
    assert str(error.problems[0]).endswith(f"(got {written!r}); did you mean {meant!r}?")


def test_models_task_option_names_our_task_type_for_another_tools(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(["models", "--task", "transcription"], capsys)
    assert code == 2
    assert err.strip().endswith("(got 'transcription'); did you mean 'speech-recognition'?")


def test_the_first_problem_stays_on_the_exception_for_compatibility() -> None:
    error = _problems(THREE_TYPOS)
    assert (error.source, error.line, error.column, error.field) == ("m.yaml", 3, 9, "task.type")
    assert str(error).endswith("did you mean 'classification'? (and 2 more problems)")
    assert "\n" not in str(error)


def test_a_missing_field_with_no_misspelling_is_still_reported() -> None:
    error = _problems("name: x\ndata: {labeled_exampels: 5, domian: legal}\nmodel: {name: a}\n")
    messages = [f"{p.field}: {p.message}" for p in error.problems]
    assert messages == [
        "data.labeled_exampels: unknown field; did you mean 'labeled_examples'?",
        "data.domian: unknown field; did you mean 'domain'?",
    ]
    error = _problems("name: x\ndata: {zzz: 5}\nmodel: {name: a}\n")
    messages = [f"{p.field}: {p.message}" for p in error.problems]
    # A missing field is located at the mapping that should hold it, so it comes first.
    assert messages == [
        "data.labeled_examples: required field is missing",
        "data.zzz: unknown field",
    ]


def test_a_nested_and_listed_section_suggests_its_own_keys() -> None:
    text = "name: x\ndata: {labeled_examples: 5}\nmodel: {name: a}\nignore:\n  - {rul: r1}\n"
    error = _problems(text)
    assert [f"{p.field}: {p.message}" for p in error.problems] == [
        "ignore[0].rul: unknown field; did you mean 'rule'?"
    ]


def test_problems_are_bounded_and_the_rest_counted() -> None:
    extra = "".join(f"  unknown_{i}: 1\n" for i in range(30))
    error = _problems(f"name: x\ndata:\n  labeled_examples: 1\n{extra}model: {{name: a}}\n")
    assert len(error.problems) == 20
    assert error.more == 10
    assert str(error).endswith("(and 29 more problems)")
    assert error.lines()[-1] == "and 10 more problems not shown"


def test_the_command_line_prints_one_located_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(THREE_TYPOS, encoding="utf-8")
    code, out, err = run_main(["advise", str(path)], capsys)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert [line.split(": ")[3] for line in lines] == [
        "task.type", "data.labeled_exampels", "model.paramters"
    ]  # fmt: skip
    assert all(line.startswith(f"transfer-advisor: error: {path}:") for line in lines)


def test_check_reports_a_finding_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(THREE_TYPOS, encoding="utf-8")
    code, out, _ = run_main(["check", str(path), "--format", "json"], capsys)
    assert code == 1 or code == 2
    report = json.loads(out)
    findings = report["results"][0]["findings"]
    assert [(f["line"], f["field"]) for f in findings] == [
        (3, "task.type"), (5, "data.labeled_exampels"), (8, "model.paramters")
    ]  # fmt: skip


def test_a_rulebook_typo_gets_a_suggestion(tmp_path: Path) -> None:
    from transfer_advisor.rules.load import load_rulebook

    path = tmp_path / "rules.yaml"
    path.write_text("schema_version: 1\nname: x\nfindigs: []\n", encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        load_rulebook(path)
    assert "did you mean 'findings'?" in str(info.value)


def test_every_other_tools_task_name_stands_for_one_of_ours() -> None:
    import typing

    from transfer_advisor.vocabulary import TASK_TYPE_SYNONYMS, TaskType

    ours = set(typing.get_args(TaskType))
    assert set(TASK_TYPE_SYNONYMS.values()) <= ours
    assert not set(TASK_TYPE_SYNONYMS) & ours
