"""The ``transfer-advisor`` app: the Typer app, its global options, and ``main``.

Each command lives in a module of its own (``cli/advise.py``, ``cli/rules.py``, ...) that
exposes ``register(app)``; this module registers them all and turns errors into one line and
an exit code. Heavy modules are imported inside the commands, so ``--help`` and JSON output
start fast.
"""

import sys
from typing import Annotated

import typer

from transfer_advisor.cli import advise as _advise
from transfer_advisor.cli import batch as _batch
from transfer_advisor.cli import check as _check
from transfer_advisor.cli import estimate as _estimate
from transfer_advisor.cli import init as _init
from transfer_advisor.cli import models as _models
from transfer_advisor.cli import rules as _rules
from transfer_advisor.cli import schema as _schema
from transfer_advisor.cli.common import EXIT_ERROR, EXIT_OK, OutputClosed, silence_stdout
from transfer_advisor.errors import TransferAdvisorError

app = typer.Typer(
    name="transfer-advisor",
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Decide how to adapt a pre-trained model: in-context learning, parameter-efficient "
    "fine-tuning (LoRA, QLoRA) or full fine-tuning.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from transfer_advisor import __version__

        sys.stdout.write(f"transfer-advisor {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Decide how to adapt a pre-trained model to a task."""


def _plain_arguments() -> None:
    """Show an argument as its metavar alone (``MANIFEST``, ``[PATH]...``), as options are.

    typer 0.2x writes an argument's Python type after its name (``PATH <list[str]>``) and a
    required one in braces on the usage line (``{INPUT}``); our metavars already say what the
    value is. Older typer versions have neither method, and are left as they are.
    """
    from typer.core import TyperArgument

    if not hasattr(TyperArgument, "display_type_rich"):
        return

    def display_type_rich(self: TyperArgument, ctx: object) -> str | None:
        return None

    def usage_name(self: TyperArgument) -> str:
        name = str(self.metavar or self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign,assignment]
    TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]


_plain_arguments()

# Every command module exposes `register(app)`; the order here is the order of --help. The
# modules import only typer (and the light cli helpers) at the top, so start-up stays fast.
for _module in (_advise, _estimate, _check, _batch, _models, _schema, _init, _rules):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every user error into one line and exit code 2."""
    try:
        # Outside standalone mode a command's `typer.Exit(code)` comes back as the return value.
        returned = app(args=argv, prog_name="transfer-advisor", standalone_mode=False)
    except TransferAdvisorError as exc:
        # Every problem found at once (a manifest's first 20), one located line each.
        sys.stderr.writelines(f"transfer-advisor: error: {line}\n" for line in exc.lines())
        sys.exit(EXIT_ERROR)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("transfer-advisor: interrupted\n")
        sys.exit(130)
    except (BrokenPipeError, OutputClosed):
        # The reader went away (e.g. `| head`): not an error worth a message.
        silence_stdout()
        sys.exit(EXIT_OK)
    except Exception as exc:
        # The command-line parser's own errors (typer's vendored click, or click itself).
        name = type(exc).__name__
        if name == "Abort":
            sys.stderr.write("transfer-advisor: aborted\n")
            sys.exit(EXIT_ERROR)
        format_message = getattr(exc, "format_message", None)
        if name == "NoArgsIsHelpError" and callable(format_message):
            sys.stdout.write(f"{format_message()}\n")
            sys.exit(EXIT_OK)
        if callable(format_message) and hasattr(exc, "exit_code"):
            message = " ".join(str(format_message()).split())
            sys.stderr.write(f"transfer-advisor: error: {message} (see --help)\n")
            sys.exit(EXIT_ERROR)
        raise
    sys.exit(returned if isinstance(returned, int) else EXIT_OK)
