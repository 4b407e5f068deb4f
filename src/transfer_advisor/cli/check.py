"""The ``check`` command: a CI gate over project manifests, like a linter.

Only typer is imported at the top; the checker and the reporters load when the command runs.
"""

from pathlib import Path
from typing import Annotated

import typer

from transfer_advisor.cli.options import NoConfigOption

_FORMATS = ("auto", "text", "json", "sarif", "junit", "github", "gitlab")


def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Manifests, or directories to search for them; '-' reads standard input. "
            "Default: transfer-advisor.yaml in the current directory.",
            metavar="PATH",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Report format: auto (github under GitHub Actions, else text), text, json, "
            "sarif, junit, github or gitlab.",
        ),
    ] = "auto",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to this file ('-': stdout)."
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", metavar="FILE", help="Use this rulebook instead of the default."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit 1 on findings at or above: error (default), warning, info or never.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="The same as --fail-on warning.")
    ] = False,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            metavar="RULE",
            help="Suppress a finding id or rule id (repeatable).",
            show_default=False,
        ),
    ] = None,
    no_config: NoConfigOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary on standard error.")
    ] = False,
) -> None:
    """Check project manifests against the evidence, for CI and pre-commit.

    Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 a usage
    error or an unreadable or invalid manifest (reported, and the other files still checked).
    """
    import os
    import sys

    from transfer_advisor.check.formats import CheckFormat, format_report, summary_line
    from transfer_advisor.check.run import CheckOptions, run_check
    from transfer_advisor.cli.common import (
        EXIT_ERROR,
        EXIT_FINDINGS,
        EXIT_OK,
        UsageError,
        output_color,
        write_output,
    )
    from transfer_advisor.config import FAIL_ON, FailOn

    if fmt not in _FORMATS:
        raise UsageError(f"--format must be one of: {', '.join(_FORMATS)}")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on must be one of: {', '.join(FAIL_ON)}")
    if strict and fail_on not in (None, "warning"):
        raise UsageError("--strict means --fail-on warning; give only one of them")
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    chosen: FailOn | None = None
    if strict:
        chosen = "warning"
    elif fail_on is not None:
        chosen = FAIL_ON[FAIL_ON.index(fail_on)]
    options = CheckOptions(
        rules=rules,
        fail_on=chosen,
        ignore=tuple(dict.fromkeys(ignore or ())),
        use_config=not no_config,
    )
    report = run_check(paths or [], options)
    color = output_color(output)
    write_output(format_report(report, CheckFormat(fmt), color=color), output)
    if not quiet:
        sys.stderr.write(summary_line(report) + "\n")
    summary = report.summary()
    code = EXIT_ERROR if summary.invalid else EXIT_FINDINGS if summary.failing else EXIT_OK
    if code != EXIT_OK:
        # SystemExit rather than typer.Exit: the latter's code is lost when the app runs
        # with standalone_mode=False, as cli.main() does.
        raise SystemExit(code)


def register(app: typer.Typer) -> None:
    """Add the `check` command to ``app``."""
    app.command("check")(check)
