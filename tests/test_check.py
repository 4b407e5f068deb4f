"""`transfer-advisor check`: exit codes, located findings, suppressions, configuration, and every
report format (golden files, SARIF schema, JUnit counts, workflow-command escaping).

The command runs end to end: through typer's CliRunner on ``transfer_advisor.cli.app.app``, and
through ``transfer_advisor.cli.app.main`` where the exit code of the real entry point matters.
Golden files: regenerate with ``UPDATE_GOLDEN=1 pytest tests/test_check.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import transfer_advisor
from transfer_advisor._internal.discover import MANIFEST_NAME
from transfer_advisor.check import run as check_module
from transfer_advisor.check.formats import CheckFormat, format_report
from transfer_advisor.check.formats.github import escape_data, escape_property
from transfer_advisor.check.run import CheckOptions, field_parts, run_check
from transfer_advisor.cli.app import app, main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "data" / "check"
GOLDEN = TESTS / "golden" / "check"


def _sarif_schema() -> Path:
    """The official SARIF 2.1.0 schema: $SARIF_SCHEMA, else shared/schemas/ beside the
    repository root (../shared/schemas) or beside any folder above it."""
    import os

    if os.environ.get("SARIF_SCHEMA"):
        return Path(os.environ["SARIF_SCHEMA"])
    root = TESTS.parent.resolve()
    for folder in root.parents:
        candidate = folder / "shared" / "schemas" / "sarif-schema-2.1.0.json"
        if candidate.is_file():
            return candidate
    return root.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


SARIF_SCHEMA = _sarif_schema()
GOLDEN_SET = [
    "clean.yaml",
    "warning.yaml",
    "error.yaml",
    "invalid.yaml",
    "located.yaml",
    "suppressed.yaml",
    "hostile.yaml",
]
GOLDEN_FILES = {
    CheckFormat.text: "report.txt",
    CheckFormat.json: "report.json",
    CheckFormat.sarif: "report.sarif",
    CheckFormat.junit: "report.xml",
    CheckFormat.github: "report.github.txt",
    CheckFormat.gitlab: "report.gitlab.json",
}
runner = CliRunner()


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite may itself run under GitHub Actions, or in a terminal that forces color.
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(transfer_advisor, "__version__", "0.0.0-test")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixtures as the current directory, so reported paths are relative."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURES, target)
    monkeypatch.chdir(target)
    return target


def invoke(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, ["check", *args], input=input)


def exit_code(*args: str) -> int:
    """Run the real entry point, as the installed command does."""
    with pytest.raises(SystemExit) as info:
        main(["check", *args])
    code = info.value.code
    return code if isinstance(code, int) else 0


def report_json(*args: str, input: str | None = None) -> dict[str, Any]:
    result = invoke("--format", "json", *args, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def findings_of(data: dict[str, Any], path: str) -> list[dict[str, Any]]:
    (result,) = [r for r in data["results"] if r["path"] == path]
    findings: list[dict[str, Any]] = result["findings"]
    return findings


# --- exit codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["clean.yaml"], 0),
        (["warning.yaml"], 0),
        (["info.yaml"], 0),
        (["error.yaml"], 1),
        (["invalid.yaml"], 2),
        (["invalid.yaml", "clean.yaml"], 2),
        (["error.yaml", "invalid.yaml"], 2),
        (["missing.yaml"], 2),
        (["warning.yaml", "--fail-on", "warning"], 1),
        (["warning.yaml", "--strict"], 1),
        (["warning.yaml", "--strict", "--fail-on", "warning"], 1),
        (["info.yaml", "--fail-on", "warning"], 0),
        (["info.yaml", "--fail-on", "info"], 1),
        (["error.yaml", "--fail-on", "never"], 0),
        (["invalid.yaml", "--fail-on", "never"], 2),
        (["clean.yaml", "--strict"], 0),
        (["error.yaml", "--ignore", "plan-mismatch"], 0),
        (["error.yaml", "--ignore", "plan-mismatch/much-heavier"], 0),
        (["error.yaml", "--ignore", "plan-mismatch/heavier"], 1),
        (["clean.yaml", "--fail-on", "sometimes"], 2),
        (["clean.yaml", "--strict", "--fail-on", "error"], 2),
        (["clean.yaml", "--format", "yaml"], 2),
        (["clean.yaml", "--ignore", "no-such-rule"], 2),
        (["clean.yaml", "--rules", "no-such-rulebook.yaml"], 2),
        (["clean.yaml", "--no-such-flag"], 2),
    ],
)
def test_exit_codes(repo: Path, args: list[str], expected: int) -> None:
    assert exit_code(*args) == expected


def test_user_errors_are_one_located_line_without_traceback(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_code("bad-config") == 2
    err = capsys.readouterr().err
    assert err == (
        "transfer-advisor: error: bad-config/pyproject.toml:6:1: "
        "tool.transfer-advisor.fail_on_warning: unknown key (known keys: rules, fail-on, ignore)\n"
    )
    assert exit_code("clean.yaml", "--ignore", "plan-mismach") == 2
    err = capsys.readouterr().err
    assert "did you mean 'plan-mismatch'?" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_invalid_manifest_is_reported_and_the_others_still_checked(repo: Path) -> None:
    result = invoke("invalid.yaml", "error.yaml", "missing.yaml")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "invalid.yaml:3:21: error invalid-manifest data.labeled_examples: "
        "Input should be a valid integer (got 'many')"
    )
    assert any(
        line.startswith("error.yaml:12:3: error plan-mismatch/much-heavier") for line in lines
    )
    assert "missing.yaml: error invalid-manifest file not found" in lines
    assert (
        result.stderr == "3 manifests checked: 3 errors, 3 warnings, 0 info (2 invalid manifests)\n"
    )


# --- locations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "field", "line", "column"),
    [
        ("domain-mismatch/domain", "data.domain", 8, 3),
        ("domain-mismatch/language", "data.language", 9, 3),
        ("base-model", "model.name", 11, 5),  # indented by four spaces
        ("prompting-first", "prompting.tried", 13, 3),
        ("plan-mismatch/heavier", "plan.strategy", 14, 25),  # inside a flow mapping
        ("forgetting-risk", "plan.strategy", 14, 25),
    ],
)
def test_each_finding_is_located_at_its_field(
    repo: Path, rule: str, field: str, line: int, column: int
) -> None:
    findings = findings_of(report_json("located.yaml"), "located.yaml")
    (finding,) = [f for f in findings if f["rule"] == rule]
    assert (finding["field"], finding["line"], finding["column"]) == (field, line, column)
    text = invoke("located.yaml").stdout
    assert f"located.yaml:{line}:{column}: warning {rule} " in text


def test_a_plan_written_as_its_technique_is_located_at_the_technique(repo: Path) -> None:
    (repo / "technique.yaml").write_text(
        "name: t\n"
        "task: {type: classification}\n"
        "data: {labeled_examples: 40, avg_tokens_per_example: 120}\n"
        "model: {name: meta-llama/Llama-3.1-8B-Instruct}\n"
        "plan:\n"
        "  technique: lora\n",
        encoding="utf-8",
    )
    findings = findings_of(report_json("technique.yaml"), "technique.yaml")
    (finding,) = [f for f in findings if f["rule"] == "plan-mismatch/heavier"]
    assert (finding["field"], finding["line"], finding["column"]) == ("plan.strategy", 6, 3)


def test_located_in_other_files_too(repo: Path) -> None:
    found = findings_of(report_json("error.yaml"), "error.yaml")
    (finding,) = [f for f in found if f["rule"] == "plan-mismatch/much-heavier"]
    assert (finding["line"], finding["column"]) == (12, 3)
    invalid = findings_of(report_json("invalid.yaml"), "invalid.yaml")
    assert [(f["id"], f["field"], f["line"], f["column"]) for f in invalid] == [
        ("invalid-manifest", "data.labeled_examples", 3, 21)
    ]


@pytest.mark.parametrize(
    ("dotted", "parts"),
    [
        ("data.labeled_examples", ("data", "labeled_examples")),
        ("plan", ("plan",)),
        ("ignore[2].rule", ("ignore", 2, "rule")),
    ],
)
def test_field_parts(dotted: str, parts: tuple[str | int, ...]) -> None:
    assert field_parts(dotted) == parts


# --- suppressions ------------------------------------------------------------------------------


def test_manifest_suppressions(repo: Path) -> None:
    data = report_json("suppressed.yaml")
    findings = {f["rule"]: f for f in findings_of(data, "suppressed.yaml")}
    base = findings["base-model"]
    assert base["suppressed"] is True
    assert base["suppression"] == {
        "kind": "manifest",
        "rule": "base-model",
        "reason": "We measure the base model on purpose; the instruct variant is the next run.",
    }
    assert findings["prompting-first"]["suppression"]["reason"] is None
    no_reason = findings["suppression-without-reason"]
    assert (no_reason["severity"], no_reason["field"], no_reason["line"], no_reason["column"]) == (
        "warning", "ignore[1]", 13, 5)  # fmt: skip
    assert no_reason["suppressed"] is False
    unknown = findings["suppression-unknown-rule"]
    assert (unknown["field"], unknown["line"], unknown["column"]) == ("ignore[2].rule", 14, 5)
    assert "did you mean 'plan-mismatch'?" in unknown["message"]
    assert data["summary"]["suppressed"] == 2
    # Suppressed findings are not in the text report, and do not count.
    text = invoke("suppressed.yaml").stdout
    assert "base-model" not in text and "prompting-first " not in text
    assert exit_code("suppressed.yaml", "--fail-on", "warning") == 1
    assert exit_code("suppressed.yaml", "--fail-on", "warning", "--ignore",
                     "suppression-without-reason", "--ignore", "suppression-unknown-rule") == 0  # fmt: skip


def test_a_manifest_cannot_excuse_its_own_missing_reason(tmp_path: Path) -> None:
    manifest = (FIXTURES / "clean.yaml").read_text() + (
        "ignore:\n  - rule: suppression-without-reason\n"
    )
    (tmp_path / "m.yaml").write_text(manifest)
    report = run_check([str(tmp_path / "m.yaml")], CheckOptions(), cwd=tmp_path)
    (finding,) = report.files[0].findings
    assert finding.id == "suppression-without-reason" and not finding.suppressed


def test_flag_suppressions_by_finding_id_or_rule_id(repo: Path) -> None:
    for name in ("plan-mismatch", "plan-mismatch/much-heavier"):
        findings = findings_of(report_json("error.yaml", "--ignore", name), "error.yaml")
        (mismatch,) = [f for f in findings if f["id"] == "plan-mismatch"]
        assert mismatch["suppression"] == {"kind": "flag", "rule": name, "reason": None}
    findings = findings_of(
        report_json("located.yaml", "--ignore", "domain-mismatch"), "located.yaml"
    )
    assert {f["rule"] for f in findings if f["suppressed"]} == {
        "domain-mismatch/domain", "domain-mismatch/language"}  # fmt: skip


def test_suppressions_in_sarif_carry_the_justification(repo: Path) -> None:
    sarif = json.loads(invoke("suppressed.yaml", "--ignore", "plan-missing", "-f", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["base-model"]["suppressions"] == [{
        "kind": "inSource", "status": "accepted",
        "justification": "We measure the base model on purpose; the instruct variant is the next run.",
    }]  # fmt: skip
    assert by_rule["prompting-first"]["suppressions"][0]["justification"] == (
        "suppressed in the manifest (no reason given)"
    )
    assert "suppressions" not in by_rule["suppression-without-reason"]


# --- configuration -----------------------------------------------------------------------------


def test_pyproject_configuration_applies(repo: Path) -> None:
    data = report_json("project")
    (result,) = data["results"]
    assert result["path"] == "project/manifests/assistant.yaml"
    assert result["fail_on"] == "warning"
    # The team rulebook (rules = "rules/team.yaml", relative to the pyproject) recommends a full
    # fine-tune from 2,000 examples: the planned PEFT is lighter.
    assert result["strategy"] == "full_fine_tune"
    findings = {f["rule"]: f for f in result["findings"]}
    assert findings["plan-mismatch/lighter"]["suppressed"] is False
    assert findings["forgetting-risk"]["suppression"] == {
        "kind": "config", "rule": "forgetting-risk", "reason": None}  # fmt: skip
    assert findings["prompting-first"]["suppression"]["reason"] == (
        "The prompting baseline lives in another repository."
    )
    assert exit_code("project") == 1  # fail-on = "warning"
    assert exit_code("project", "--fail-on", "error") == 0  # the flag wins


def test_configuration_is_found_upward_from_the_manifest(repo: Path) -> None:
    manifest = "project/manifests/assistant.yaml"
    assert report_json(manifest)["results"][0]["fail_on"] == "warning"
    assert report_json(manifest, "--no-config")["results"][0]["fail_on"] == "error"
    assert report_json(manifest, "--no-config")["results"][0]["strategy"] == "peft"


def test_standard_input_uses_the_configuration_of_the_current_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (repo / "project" / "manifests" / "assistant.yaml").read_text()
    monkeypatch.chdir(repo / "project")
    data = report_json("-", input=text)
    (result,) = data["results"]
    assert (result["path"], result["fail_on"], result["strategy"]) == (
        "<stdin>", "warning", "full_fine_tune")  # fmt: skip


def test_rules_flag_overrides_the_configuration(repo: Path) -> None:
    (repo / "plain.yaml").write_text("extends: default\nname: plain\n")
    data = report_json("project", "--rules", "plain.yaml")
    assert data["results"][0]["strategy"] == "peft"
    assert data["results"][0]["fail_on"] == "warning"  # the rest of the configuration stays


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('fail-on = "sometimes"', "pyproject.toml:2:1: tool.transfer-advisor.fail-on: must be "
                                  "one of: error, warning, info, never (got 'sometimes')"),
        ("rules = 3", "pyproject.toml:2:1: tool.transfer-advisor.rules: Input should be a valid string"),
        ('ignore = ["base-model", {rule = "x", why = "y"}]',
         "pyproject.toml:2:1: tool.transfer-advisor.ignore[1].why: unknown key (an ignore "
         "entry has rule and reason)"),
        ("ignore = [3]", "pyproject.toml:2:1: tool.transfer-advisor.ignore[0]: each entry must "
                         "be a rule id or a table {rule = ..., reason = ...}"),
        ('[tool]\ntransfer-advisor = "yes"',
         "pyproject.toml:2:1: tool.transfer-advisor: must be a table"),
        ('ignore = ["base-modle"]',
         "pyproject.toml:2:1: tool.transfer-advisor.ignore: 'base-modle' is not a rule of the "
         "rulebook 'default'; did you mean 'base-model'?"),
        ('[tool.transfer-advisor.extra]\nx = 1',
         "pyproject.toml:1:1: tool.transfer-advisor.extra: unknown key"),
        ('fail-on = "error', "pyproject.toml:2:"),
    ],
)  # fmt: skip
def test_configuration_errors_are_located(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    table: str,
    message: str,
) -> None:
    header = "" if table.startswith("[") else "[tool.transfer-advisor]\n"
    (tmp_path / "pyproject.toml").write_text(header + table + "\n")
    shutil.copy(FIXTURES / "clean.yaml", tmp_path / "transfer-advisor.yaml")
    monkeypatch.chdir(tmp_path)
    assert exit_code() == 2
    err = capsys.readouterr().err
    assert err.startswith(f"transfer-advisor: error: {message}"), err
    assert err.count("\n") == 1


def test_a_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.transfer-advisor]\nfail-on = "info"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "transfer-advisor"\n')
    shutil.copy(FIXTURES / "info.yaml", tmp_path / "sub" / "m.yaml")
    report = run_check(["sub/m.yaml"], CheckOptions(), cwd=tmp_path)
    assert report.files[0].fail_on == "info"


#: Every TOML spelling of the table: each must be read (a spelling the quick look before parsing
#: missed would silently drop the configuration).
TABLE_SPELLINGS = [
    '[tool.transfer-advisor]\nfail-on = "info"\n',
    '[ tool . "transfer-advisor" ]\nfail-on = "info"\n',
    "['tool'.'transfer-advisor']\nfail-on = 'info'\n",
    'tool.transfer-advisor.fail-on = "info"\n',
    'tool . transfer-advisor = { fail-on = "info" }\n',
    '[tool]\ntransfer-advisor = { fail-on = "info" }\n',
    '[tool]\ntransfer-advisor.fail-on = "info"\n',
    '[ "tool" ]  # the tools\n"transfer-advisor".fail-on = "info"\n',
    'tool = { transfer-advisor = { fail-on = "info" } }\n',
    '"tool" = { "transfer-advisor" = { fail-on = "info" } }\n',
    '"\\u0074ool".transfer-advisor.fail-on = "info"\n',
    '[project]\nname = "transfer-advisor"\n\n[tool.transfer-advisor]\nfail-on = "info"\n',
]


@pytest.mark.parametrize("text", TABLE_SPELLINGS)
def test_every_spelling_of_the_table_is_read(tmp_path: Path, text: str) -> None:
    from transfer_advisor._internal.files import toml_loads
    from transfer_advisor.config import parse_config

    assert toml_loads(text)["tool"]["transfer-advisor"]["fail-on"] == "info"
    config = parse_config(text, tmp_path / "pyproject.toml", tmp_path)
    assert config is not None and config.fail_on == "info"


@pytest.mark.parametrize(
    "text",
    ['[tool,transfer-advisor]\nfail-on = "info"\n', '[tool transfer-advisor]\n',
     '[[tool.transfer-advisor]\n'],
)  # fmt: skip
def test_a_mistyped_table_is_reported_not_skipped(tmp_path: Path, text: str) -> None:
    from transfer_advisor.config import parse_config
    from transfer_advisor.errors import CheckError

    with pytest.raises(CheckError, match="invalid TOML"):
        parse_config(text, tmp_path / "pyproject.toml", tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "transfer-advisor"\n\n[project.scripts]\n'
        'transfer-advisor = "transfer_advisor._entry:main"\n',
        '[project.optional-dependencies]\ndev = ["transfer-advisor>=0.1"]\n\n'
        "[tool.ruff]\nline-length = 100\n",
        '[dependency-groups]\ndev = [\n    "pytest",\n    "transfer-advisor>=0.1",\n]\n',
    ],
)
def test_a_pyproject_that_only_names_the_tool_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    import transfer_advisor.config as config_module

    def refuse(text: str) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(config_module, "toml_loads", refuse)
    assert config_module.parse_config(text, tmp_path / "pyproject.toml", tmp_path) is None


# --- finding the manifests ---------------------------------------------------------------------


def test_no_path_checks_the_manifest_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert exit_code() == 2
    assert "no transfer-advisor.yaml in the current directory" in capsys.readouterr().err
    shutil.copy(FIXTURES / "error.yaml", tmp_path / ".transfer-advisor.yaml")
    result = invoke()
    assert result.exit_code == 1
    assert result.stdout.startswith(".transfer-advisor.yaml:")


def test_directories_are_searched_for_manifests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ml" / "sub").mkdir(parents=True)
    (tmp_path / "ml" / ".hidden").mkdir()
    (tmp_path / "ml" / "node_modules").mkdir()
    shutil.copy(FIXTURES / "clean.yaml", tmp_path / "ml" / "a.yaml")
    shutil.copy(FIXTURES / "clean.yaml", tmp_path / "ml" / "sub" / "b.yml")
    # Saved as UTF-16 (Windows PowerShell's `>`): still found, and read.
    text = (FIXTURES / "clean.yaml").read_text("utf-8")
    (tmp_path / "ml" / "sub" / "c16.yaml").write_bytes(text.encode("utf-16"))
    shutil.copy(FIXTURES / "clean.yaml", tmp_path / "ml" / ".hidden" / "c.yaml")
    shutil.copy(FIXTURES / "clean.yaml", tmp_path / "ml" / "node_modules" / "d.yaml")
    (tmp_path / "ml" / "ci.yaml").write_text("jobs:\n  test:\n    runs-on: ubuntu-latest\n")
    (tmp_path / "ml" / "notes.txt").write_text("model:\ndata:\n")
    # Named as a manifest: checked even though it is not one.
    (tmp_path / "ml" / "team.transfer-advisor.yaml").write_text("just: text\n")
    data = report_json("ml", "ml/a.yaml")  # a file given twice is checked once
    assert [r["path"] for r in data["results"]] == [
        "ml/a.yaml", "ml/team.transfer-advisor.yaml", "ml/sub/b.yml", "ml/sub/c16.yaml"]  # fmt: skip
    assert [r["valid"] for r in data["results"]] == [True, False, True, True]
    assert data["results"][3]["findings"] == data["results"][2]["findings"]
    assert exit_code("ml") == 2


def test_a_directory_without_manifests_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert exit_code("empty") == 2
    assert "no manifests found in empty" in capsys.readouterr().err


def test_standard_input(repo: Path) -> None:
    result = invoke("-", input=(repo / "error.yaml").read_text())
    assert result.exit_code == 1
    assert any(
        line.startswith("<stdin>:12:3: error plan-mismatch/much-heavier")
        for line in result.stdout.splitlines()
    )


def test_hundreds_of_manifests_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "manifests"
    folder.mkdir()
    template = (FIXTURES / "error.yaml").read_text()
    for i in range(200):
        examples = 50 + 100 * i  # from the error band up into the PEFT and full bands
        (folder / f"m{i:03d}.yaml").write_text(
            template.replace("labeled_examples: 80", f"labeled_examples: {examples}")
        )
    loads: list[object] = []
    real = check_module.load_rulebook

    def counting(path: Any = None) -> Any:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(check_module, "load_rulebook", counting)
    data = report_json("manifests")
    assert len(loads) == 1
    paths = [r["path"] for r in data["results"]]
    assert paths == [f"manifests/m{i:03d}.yaml" for i in range(200)]
    assert data["summary"]["files"] == 200 and data["summary"]["invalid"] == 0
    errors = [r for r in data["results"] if any(f["severity"] == "error" for f in r["findings"])]
    assert 0 < len(errors) < 200


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(CheckFormat), ids=lambda f: f.value)
def test_golden(repo: Path, fmt: CheckFormat) -> None:
    result = invoke("--format", fmt.value, *GOLDEN_SET)
    assert result.exit_code == 2, result.output  # invalid.yaml is in the set
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_every_format_has_a_golden_file_and_renders() -> None:
    report = run_check([str(FIXTURES / "error.yaml")], CheckOptions(use_config=False))
    for fmt in CheckFormat:
        assert fmt in GOLDEN_FILES
        assert format_report(report, fmt).strip()


def test_format_auto(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("error.yaml").stdout.startswith("error.yaml:")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert invoke("error.yaml").stdout.startswith("::warning file=error.yaml,")
    assert invoke("error.yaml", "-f", "text").stdout.startswith("error.yaml:")


def test_json_is_an_object_with_schema_version(repo: Path) -> None:
    data = report_json(*GOLDEN_SET)
    assert list(data) == ["schema_version", "tool", "results", "summary"]
    assert data["schema_version"] == 1
    assert data["tool"] == {"name": "transfer-advisor", "version": "0.0.0-test"}
    assert data["summary"] == {"files": 7, "invalid": 1, "errors": 2, "warnings": 13,
                               "info": 1, "suppressed": 3, "failing": 2}  # fmt: skip


def test_sarif_validates_against_the_2_1_0_schema(repo: Path) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(
            f"SARIF schema not found at {SARIF_SCHEMA} (nor in shared/schemas/ beside "
            "any folder above the repository; set $SARIF_SCHEMA to its path)"
        )
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    sarif = json.loads(invoke("-f", "sarif", *GOLDEN_SET).stdout)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["plan-mismatch/much-heavier"] == "error"
    assert levels["plan-mismatch/heavier"] == "warning"
    assert levels["model-assumed"] == "note"
    text = json.dumps(sarif)
    # No run timestamps (startTimeUtc, endTimeUtc): the report is deterministic.
    assert "timeutc" not in text.lower() and "0.0.0-test" in text


def test_junit_counts(repo: Path) -> None:
    result = invoke("-f", "junit", "clean.yaml", "warning.yaml", "error.yaml", "invalid.yaml",
                    "suppressed.yaml")  # fmt: skip
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["clean.yaml", "warning.yaml", "error.yaml", "invalid.yaml",
                            "suppressed.yaml"]  # fmt: skip
    rules = len(transfer_advisor.load_rulebook().findings) + 2  # and the two suppression rules
    for name, suite in suites.items():
        cases = suite.findall("testcase")
        assert int(suite.get("tests", -1)) == len(cases) == (1 if name == "invalid.yaml" else rules)
        assert int(suite.get("failures", -1)) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors", -1)) == len(suite.findall("testcase/error"))
        assert int(suite.get("skipped", -1)) == len(suite.findall("testcase/skipped"))
    counts = {n: (s.get("failures"), s.get("errors"), s.get("skipped")) for n, s in suites.items()}
    assert counts == {
        "clean.yaml": ("0", "0", "0"),
        "warning.yaml": ("0", "0", "0"),  # warnings pass under the default --fail-on error
        "error.yaml": ("1", "0", "0"),
        "invalid.yaml": ("0", "1", "0"),
        "suppressed.yaml": ("0", "0", "2"),
    }
    (failure,) = suites["error.yaml"].findall("testcase/failure")
    assert failure.get("type") == "error"
    assert "error.yaml:12:3: error plan-mismatch/much-heavier" in (failure.text or "")
    assert root.get("tests") == str(sum(int(s.get("tests", 0)) for s in suites.values()))
    assert root.get("failures") == "1" and root.get("errors") == "1" and root.get("skipped") == "2"
    strict = ET.fromstring(invoke("-f", "junit", "--strict", "warning.yaml").stdout)
    assert strict.get("failures") == "2"  # forgetting-risk and plan-mismatch/heavier


def test_junit_escapes_names_from_the_input(repo: Path) -> None:
    out = invoke("-f", "junit", "--fail-on", "info", "hostile.yaml").stdout
    root = ET.fromstring(out)  # parses: nothing from the input broke the XML
    assert "<b>" not in out and "\x1b" not in out
    (failure,) = root.findall(".//testcase[@name='model-assumed']/failure")
    assert "acme/evil <b>&amp;</b> 100%, a:b::c" in (failure.get("message") or "")


_WORKFLOW_COMMAND = re.compile(
    r"^::(error|warning|notice) file=[^,:\r\n]+(,line=\d+,col=\d+)?,title=[^,:\r\n]+::[^\r\n]*$"
)


def test_github_workflow_commands(repo: Path) -> None:
    out = invoke("-f", "github", *GOLDEN_SET).stdout
    lines = out.splitlines()
    assert lines and all(_WORKFLOW_COMMAND.match(line) for line in lines), out
    assert (
        "::error file=error.yaml,line=12,col=3,title=transfer-advisor plan-mismatch/much-heavier"
        "::The plan is full_fine_tune, but the evidence supports in_context: far more compute, "
        "data and risk than needed."
    ) in lines
    (hostile,) = [line for line in lines if line.startswith("::notice file=hostile.yaml")]
    assert "acme/evil <b>&amp;</b> 100%25, a:b::c%0D%0Anext line \\x1b[31mred" in hostile
    assert not any("base-model" in line for line in lines if "suppressed.yaml" in line)


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("\x1b[31m") == "\\x1b[31m"


def test_github_escapes_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "error.yaml", tmp_path / "odd, 100%.yaml")
    out = invoke("-f", "github", "odd, 100%.yaml").stdout
    assert "::error file=odd%2C 100%25.yaml,line=12,col=3," in out


def test_gitlab_code_quality(repo: Path) -> None:
    issues = json.loads(invoke("-f", "gitlab", *GOLDEN_SET).stdout)
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    by_check = {(i["location"]["path"], i["check_name"]): i for i in issues}
    assert by_check[("error.yaml", "plan-mismatch/much-heavier")]["severity"] == "major"
    assert by_check[("invalid.yaml", "invalid-manifest")]["severity"] == "blocker"
    assert ("suppressed.yaml", "base-model") not in by_check  # suppressed
    # Stable: the same finding on another line keeps its fingerprint.
    again = json.loads(invoke("-f", "gitlab", "error.yaml").stdout)
    (repo / "error.yaml").write_text("# moved down\n" + (repo / "error.yaml").read_text())
    moved = json.loads(invoke("-f", "gitlab", "error.yaml").stdout)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in again]
    assert [i["location"]["lines"]["begin"] for i in moved] != [
        i["location"]["lines"]["begin"] for i in again]  # fmt: skip


def test_output_file(repo: Path) -> None:
    result = invoke("-f", "sarif", "-o", "report.sarif", "error.yaml")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads((repo / "report.sarif").read_text())["version"] == "2.1.0"
    assert invoke("-o", "-", "error.yaml").stdout.startswith("error.yaml:")


def test_color_on_request_and_never_from_the_input(repo: Path) -> None:
    plain = invoke("--fail-on", "info", "hostile.yaml", "error.yaml").stdout
    assert "\x1b" not in plain
    colored = runner.invoke(app, ["check", "hostile.yaml", "error.yaml"],
                            env={"FORCE_COLOR": "1"}).stdout  # fmt: skip
    assert "\x1b[" in colored
    assert "\x1b[31mred" not in colored and "\\x1b[31mred" in colored
    assert (
        "\x1b"
        not in runner.invoke(
            app, ["check", "error.yaml"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
        ).stdout
    )


def test_quiet_leaves_standard_error_empty(repo: Path) -> None:
    assert invoke("-q", "error.yaml").stderr == ""
    assert invoke("error.yaml").stderr == "1 manifest checked: 1 error, 3 warnings, 0 info\n"


# --- integrations: pre-commit hook and GitHub Action -------------------------------------------

REPO = TESTS.parent


def test_pre_commit_hook() -> None:
    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "transfer-advisor-check"
    assert hook["entry"] == "transfer-advisor check"
    assert hook["language"] == "python" and hook["require_serial"] is True
    files = re.compile(hook["files"])
    for path in ("transfer-advisor.yaml", ".transfer-advisor.yml", "ml/transfer-advisor.yaml",
                 "ml/.transfer-advisor.yaml", "ml/contracts.transfer-advisor.yaml"):  # fmt: skip
        assert files.search(path), path
    for path in ("transfer-advisor.yaml.bak", "my-transfer-advisor.yaml", "ci.yaml",
                 "transfer-advisor.json"):  # fmt: skip
        assert not files.search(path), path
    # The names the hook matches are the names `check` finds in a directory.
    assert MANIFEST_NAME.match("contracts.transfer-advisor.yaml")


def test_github_action_passes_inputs_only_through_the_environment() -> None:
    import yaml

    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert set(action["inputs"]) == {"paths", "fail-on", "rules", "format", "sarif-file", "version"}
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    scripts = [s for s in steps if "run" in s]
    for step in scripts:
        assert "${{" not in step["run"], step["name"]  # no expression inside a script
        assert step["shell"] == "bash"
    install = next(s for s in steps if s.get("id") == "install")
    check = next(s for s in steps if s.get("id") == "check")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]
    assert {v for v in check["env"].values() if "inputs." in v} == {
        "${{ inputs.paths }}", "${{ inputs.fail-on }}", "${{ inputs.rules }}",
        "${{ inputs.format }}", "${{ inputs.sarif-file }}"}  # fmt: skip
    assert check["run"] == 'bash "$ACTION_PATH/scripts/action-check.sh"'
    fail = steps[-1]  # the last step ends the job with check's own exit code
    assert fail["env"]["CODE"] == "${{ steps.check.outputs.code }}" and "exit" in fail["run"]
