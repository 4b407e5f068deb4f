"""The ``batch`` command: advise many manifests, stream the rows, summarise on stderr.

The work is :mod:`transfer_advisor.batch.run`'s; this module picks the streams, shows a progress bar
and a summary when standard error is a terminal (a one-line summary otherwise), writes the
report and chooses the exit code. Only typer is imported at the top, so ``--help`` stays fast.
"""

from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from transfer_advisor.cli.completion import choices, complete_fields
from transfer_advisor.cli.options import NoConfigOption, OutputOption, RulesOption

if TYPE_CHECKING:
    from rich.console import Console

    from transfer_advisor.batch.input import BatchInput
    from transfer_advisor.batch.summary import BatchSummary

_BAR_WIDTH = 30
_SHOWN_ERRORS = 3


def register(app: typer.Typer) -> None:
    """Add the `batch` command to ``app``."""
    app.command("batch")(batch)


def batch(
    input_path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="JSONL, CSV or multi-document YAML file, a directory of manifests, or '-' "
            "for standard input.",
            show_default=False,
        ),
    ],
    output: OutputOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output: jsonl, csv, json, markdown or table.",
            autocompletion=choices("jsonl", "csv", "json", "markdown", "table"),
        ),
    ] = "jsonl",
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="FORMAT",
            help="Input: jsonl, csv or yaml (default: by extension, else sniffed).",
            autocompletion=choices("jsonl", "csv", "yaml"),
        ),
    ] = None,
    rules: RulesOption = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", metavar="FILE", help="Also write a self-contained HTML report here."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            metavar="N",
            help="Worker processes (1: in this process; 0: one per CPU).",
        ),
    ] = 1,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="COLUMNS",
            help="Only these output columns, comma-separated (row,name,strategy,...), or 'slim'"
            " (JSONL, JSON and CSV; see docs/batch.md).",
            autocompletion=complete_fields,
        ),
    ] = None,
    no_config: NoConfigOption = False,
) -> None:
    """Advise every use case of a portfolio: one output row per input row, in order.

    Exit code 0 when every row was advised, 1 when some rows had errors (reported in their
    output rows), 2 when the input cannot be read.
    """
    import sys

    from transfer_advisor.cli.common import configured_rules, stream_is_tty

    if rules is None and not no_config:
        rules = configured_rules(input_path)
    code = run_command(
        input_path,
        output=output,
        fmt=fmt,
        input_format=input_format,
        rules=rules,
        report=report,
        workers=workers,
        fields=fields,
        stdin=_buffer(sys.stdin),
        stdout=_buffer(sys.stdout),
        stderr=sys.stderr,
        stderr_tty=stream_is_tty(sys.stderr),
        stdout_tty=stream_is_tty(sys.stdout),
    )
    raise typer.Exit(code)


def _buffer(stream: Any) -> Any:
    """A standard stream's bytes, or a closed stream's stand-in (using it is an error)."""
    from transfer_advisor.cli.streams import ClosedStream

    return stream if isinstance(stream, ClosedStream) else stream.buffer


def run_command(
    input_path: str,
    *,
    output: Path | None,
    fmt: str,
    input_format: str | None,
    rules: Path | None,
    report: Path | None,
    workers: int,
    stdin: IO[bytes],
    stdout: IO[bytes],
    stderr: IO[str],
    stderr_tty: bool,
    stdout_tty: bool = False,
    fields: str | None = None,
) -> int:
    """Run the command against explicit streams; ``stderr_tty`` selects the decorated output
    (progress bar, summary tables) or the plain one-line summary. Returns the exit code."""
    import time

    from transfer_advisor._internal import collector
    from transfer_advisor.batch.read import InputFormat, open_input
    from transfer_advisor.batch.run import run_batch
    from transfer_advisor.batch.write import BatchFormat
    from transfer_advisor.cli.common import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, UsageError
    from transfer_advisor.rules.load import load_rulebook

    try:
        batch_format = BatchFormat(fmt)
    except ValueError:
        raise UsageError(
            f"--format must be one of: {', '.join(f.value for f in BatchFormat)}"
        ) from None
    if input_format is not None and input_format not in {f.value for f in InputFormat}:
        raise UsageError(
            f"--input-format must be one of: {', '.join(f.value for f in InputFormat)}"
        )
    if workers < 0:
        raise UsageError("--workers must be 0 (one per CPU) or more")
    columns = None
    if fields is not None:
        from transfer_advisor.batch.fields import parse_fields

        if batch_format.value not in ("jsonl", "json", "csv"):
            raise UsageError("--fields applies to --format jsonl, json or csv")
        columns = parse_fields(fields)
    from transfer_advisor.cli.outfile import OutputFile, is_stdout

    to_file = not is_stdout(output)
    if to_file and report is not None and output is not None and _same_path(output, report):
        raise UsageError("--output and --report name the same file")
    for path, flag in ((output if to_file else None, "--output"), (report, "--report")):
        if path is not None and input_path != "-" and _same_file(Path(input_path), path):
            raise UsageError(f"{flag} would overwrite the input {input_path}")

    rulebook = load_rulebook(rules)  # a bad rulebook stops here, before any output
    collector.resume()  # start-up is over; rows may be millions
    table = None
    if report is not None:
        from transfer_advisor.batch.html import ReportTable

        table = ReportTable()
    console = _console(stderr, stderr_tty) if stderr_tty else None
    # A regular file is written beside its destination and appears only when the whole run
    # succeeds; a device or FIFO is written through (see cli/outfile.py). Opening both first
    # finds a destination that cannot be written before anything is read or advised (so no
    # rows reach standard output either).
    report_file = OutputFile(report) if report is not None else None
    target = OutputFile(output) if to_file and output is not None else None
    started = time.perf_counter()
    try:
        report_out = report_file.open() if report_file is not None else None
        out = target.open() if target is not None else stdout
        with open_input(input_path, input_format, stdin=stdin) as batch_input:
            show_progress = console is not None and (to_file or not stdout_tty)
            with _progress(console if show_progress else None, batch_input) as tick:
                summary = run_batch(
                    batch_input,
                    out,
                    fmt=batch_format,
                    rulebook=rulebook,
                    rules=str(rules) if rules is not None else None,
                    workers=workers,
                    observe=table.add if table is not None else None,
                    tick=tick,
                    fields=columns,
                )
        elapsed = time.perf_counter() - started
        if report_file is not None and report_out is not None and table is not None:
            from transfer_advisor.batch.html import render_report

            text = render_report(summary, table, source=batch_input.source)
            report_out.write(text.encode("utf-8", "backslashreplace"))
            report_file.commit()
        if target is not None:  # last: a run that fails leaves no output file
            target.commit()
    except BrokenPipeError:
        from transfer_advisor.cli.common import OutputClosed

        raise OutputClosed from None
    except OSError as exc:  # a full disk, an I/O error: the output, not the input, failed
        from transfer_advisor.cli.common import stdout_failed
        from transfer_advisor.errors import StreamError

        if target is None:
            raise stdout_failed(exc) from None
        raise StreamError(f"cannot write: {exc.strerror or exc}", source=str(output)) from None
    finally:
        for pending in (target, report_file):
            if pending is not None:
                pending.discard()
    if console is not None:
        _rich_summary(console, summary, elapsed)
    else:
        stderr.write(_plain_summary(summary, elapsed))
        stderr.flush()
    if summary.internal_errors:
        return EXIT_INTERNAL
    return EXIT_FINDINGS if summary.errors else EXIT_OK


def _same_path(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


# --------------------------------------------------------------------------------------------
# stderr: progress and summary
# --------------------------------------------------------------------------------------------


def _console(stderr: IO[str], tty: bool) -> "Console":
    from transfer_advisor.cli.common import use_color
    from transfer_advisor.render.console import make_console

    # Live stderr (for the progress bar), not a buffer; no width: rich asks the terminal
    # (COLUMNS, else 80). Input is never read as markup.
    return make_console(stderr, color=use_color(tty), terminal=tty)


class _progress:
    """A transient progress bar on the console while the batch runs (a no-op without one)."""

    def __init__(self, console: "Console | None", batch_input: "BatchInput") -> None:
        self.console = console
        self.batch_input = batch_input
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if self.console is None:
            return None
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("advising"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:,} rows, {task.fields[errors]:,} errors"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.progress.add_task("batch", total=self.batch_input.total, rows=0, errors=0)
        self.progress.start()
        return self.tick

    def tick(self, summary: "BatchSummary") -> None:
        self.progress.update(self.task, completed=self.batch_input.position, rows=summary.rows,
                             errors=summary.errors)  # fmt: skip

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def _rate(rows: int, elapsed: float) -> str:
    return f"{rows / elapsed:,.0f} rows/s" if elapsed > 0 else "-"


def _plain_summary(summary: "BatchSummary", elapsed: float) -> str:
    from transfer_advisor.batch.write import terminal_text

    mix = ", ".join(f"{k} {v:,}" for k, v in summary.strategy_counts())
    noun = "row" if summary.rows == 1 else "rows"
    line = (f"transfer-advisor: {summary.rows:,} {noun}: {summary.advised:,} advised, "
            f"{summary.errors:,} with errors"
            + (f" ({summary.internal_errors:,} of them internal errors, bugs in "
               "transfer-advisor)" if summary.internal_errors else "")
            + (f" ({mix})" if mix else "")
            + f" in {elapsed:.1f} s ({_rate(summary.rows, elapsed)})\n")  # fmt: skip
    for row, error in summary.first_errors[:_SHOWN_ERRORS]:
        line += f"transfer-advisor: row {row}: {terminal_text(error)}\n"
    if summary.errors > _SHOWN_ERRORS:
        more = summary.errors - _SHOWN_ERRORS
        line += (f"transfer-advisor: ... and {more:,} more {'row' if more == 1 else 'rows'} with "
                 "errors (see their output rows)\n")  # fmt: skip
    return line


def _rich_summary(console: "Console", summary: "BatchSummary", elapsed: float) -> None:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.batch.write import terminal_text
    from transfer_advisor.render.common import STRATEGY_LABELS, TECHNIQUE_LABELS

    colors = {"in_context": "blue", "peft": "green", "full_fine_tune": "red",
              "change_base_model": "yellow"}  # fmt: skip
    rows = summary.rows or 1
    mix = Table(title="Strategy mix", title_justify="left", box=None, pad_edge=False)
    mix.add_column("strategy")
    mix.add_column("rows", justify="right")
    mix.add_column("")
    mix.add_column("share", justify="right")
    entries = [(STRATEGY_LABELS.get(k, k), v, colors.get(k, "cyan"))
               for k, v in summary.strategy_counts()]  # fmt: skip
    if summary.errors:
        entries.append(("input errors", summary.errors, "bright_black"))
    for label, count, color in entries:
        bar = "█" * max(1, round(_BAR_WIDTH * count / rows))
        mix.add_row(Text(label), f"{count:,}", Text(bar, style=color), f"{100 * count / rows:.1f}%")
    console.print(mix)
    techniques = ", ".join(
        f"{TECHNIQUE_LABELS.get(k, 'no technique' if k == 'none' else k)} {v:,}"
        for k, v in summary.technique_counts()
    )
    if techniques:
        console.print(Text(f"Techniques: {techniques}"))
    top = summary.top_findings(5)
    if top:
        console.print(Text("Most frequent findings: " + ", ".join(f"{terminal_text(k)} {v:,}"
                                                                 for k, v in top)))  # fmt: skip
    for row, error in summary.first_errors[:_SHOWN_ERRORS]:
        console.print(Text(f"row {row}: {terminal_text(error)}", style="red"))
    done = Text(f"{summary.rows:,} rows: {summary.advised:,} advised, ")
    done.append(f"{summary.errors:,} with errors", style="bold red" if summary.errors else "")
    done.append(f" in {elapsed:.1f} s ({_rate(summary.rows, elapsed)})")
    console.print(done)
