"""The ``transfer-advisor`` app: the Typer app, its global options, and ``main``.

Each command lives in a module of its own (``cli/advise.py``, ``cli/rules.py``, ...) that
exposes ``register(app)``; this module builds an app of the command a command line names (or of
all of them) and turns errors into one line and an exit code. Heavy modules are imported inside
the commands, so ``--help`` and JSON output start fast.
"""

import functools
import os
import sys
from typing import Annotated, Any

import typer

from transfer_advisor._internal.visible import visible
from transfer_advisor.cli.common import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_IO,
    EXIT_OK,
    OutputClosed,
    silence_stdout,
)
from transfer_advisor.errors import StreamError, TransferAdvisorError

_SETTINGS: dict[str, Any] = {
    "name": "transfer-advisor",
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "help": "Decide how to adapt a pre-trained model: in-context learning, parameter-efficient "
    "fine-tuning (LoRA, QLoRA) or full fine-tuning.",
    "no_args_is_help": True,
    "add_completion": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
#: The command modules, in the order of --help; each exposes ``register(app)`` and adds the
#: command (or, for ``rules``, the group) of its own name.
COMMANDS = ("advise", "estimate", "recipe", "check", "batch", "models", "schema", "init", "rules")


def _version(value: bool) -> None:
    if value:
        from transfer_advisor import __version__

        sys.stdout.write(f"transfer-advisor {__version__}\n")
        raise typer.Exit(EXIT_OK)


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


def build_app(commands: tuple[str, ...] = COMMANDS) -> typer.Typer:
    """A Typer app with the root options and ``commands`` (every one by default). The command
    modules import only typer (and the light cli helpers) at the top, so start-up stays fast."""
    import importlib

    built = typer.Typer(**_SETTINGS)
    built.callback()(_root)
    for name in commands:
        importlib.import_module(f"transfer_advisor.cli.{name}").register(built)
    return built


@functools.cache
def whole_app() -> typer.Typer:
    """The app with every command, built once, on first use."""
    return build_app()


def __getattr__(name: str) -> Any:
    """``app`` is :func:`whole_app`, built on first use: a command line that names its
    command builds an app of that command alone (:func:`_app_for`)."""
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run ``args`` with: when they start with a command's name, an app that holds
    that command alone (with the root options), so neither the other command modules nor their
    parameters are built; else (no command, an option first, an unknown name) the whole app."""
    if args and args[0] in COMMANDS:
        return build_app((args[0],))
    return whole_app()


#: Ctrl-C (SIGINT): 128 + 2, as shells report it.
EXIT_INTERRUPTED = 130


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (so temporary files are removed), then exit 128+N."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _install_signal_handlers() -> list[tuple[int, Any]]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` (main thread only); the old handlers."""
    import signal
    import threading

    saved: list[tuple[int, Any]] = []
    if threading.current_thread() is not threading.main_thread():
        return saved
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            saved.append((signum, signal.signal(signum, _terminate)))
    return saved


def _say(text: str) -> None:
    """A line on standard error; nothing if standard error itself is closed or broken."""
    try:
        sys.stderr.write(f"transfer-advisor: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; every outcome is one line on stderr and a documented exit code
    (README, "Exit codes"): never a traceback."""
    import signal

    from transfer_advisor.cli.streams import guard_streams

    guard_streams()
    saved = _install_signal_handlers()
    # The command line keeps a team rulebook's compiled conditions on disk (rules/cache.py).
    from transfer_advisor.rules import cache as rule_cache

    cached, rule_cache.ENABLED = rule_cache.ENABLED, True
    try:
        code = _run(argv)
        code = _flush_stdout(code)
    except KeyboardInterrupt:  # Ctrl-C while flushing, or between the two
        _say("interrupted")
        code = EXIT_INTERRUPTED
    except Terminated as exc:
        _say(f"terminated by signal {exc.signum}")
        code = 128 + exc.signum
    finally:
        rule_cache.ENABLED = cached
        for signum, handler in saved:
            signal.signal(signum, handler)
    sys.exit(code)


def _flush_stdout(code: int) -> int:
    """Flush standard output now, so that a full disk is reported, not lost at shutdown."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except (OSError, ValueError) as exc:
        silence_stdout()
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
        _say(f"error: cannot write standard output: {why}")
        return EXIT_IO
    return code


def _run(argv: list[str] | None) -> int:
    """Run the app; the exit code of every outcome."""
    try:
        # Outside standalone mode a command's `typer.Exit(code)` comes back as the return value.
        args = sys.argv[1:] if argv is None else argv
        returned = _app_for(args)(args=args, prog_name="transfer-advisor", standalone_mode=False)
    except StreamError as exc:
        silence_stdout()
        _say(f"error: {exc}")
        return EXIT_IO
    except TransferAdvisorError as exc:
        # Every problem found at once (a manifest's first 20), one located line each.
        for line in exc.lines():
            _say(f"error: {line}")
        return EXIT_ERROR
    except typer.Exit as exc:
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except (BrokenPipeError, OutputClosed):
        # The reader went away (e.g. `| head`): not an error worth a message.
        silence_stdout()
        return EXIT_OK
    except OSError as exc:
        # An I/O error no command turned into a message (a full disk, a vanished device).
        silence_stdout()
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"error: {where}I/O error: {exc.strerror or exc}")
        return EXIT_IO
    except Exception as exc:
        return _other(exc)
    if returned == EXIT_INTERRUPTED:  # typer turns Ctrl-C into this code, with no message
        _say("interrupted")
    return returned if isinstance(returned, int) else EXIT_OK


def _other(exc: Exception) -> int:
    """The command-line parser's own errors (typer's vendored click, or click itself); any
    other exception is a bug in the tool, said so in one line with its own exit code."""
    name = type(exc).__name__
    if name == "Abort":
        _say("aborted")
        return EXIT_ERROR
    format_message = getattr(exc, "format_message", None)
    if name == "NoArgsIsHelpError" and callable(format_message):
        sys.stdout.write(f"{format_message()}\n")
        return EXIT_OK
    if callable(format_message) and hasattr(exc, "exit_code"):
        message = " ".join(str(format_message()).split())
        _say(f"error: {message} (see --help)")
        return EXIT_ERROR
    if os.environ.get("TRANSFER_ADVISOR_TRACEBACK"):
        import traceback

        traceback.print_exception(exc)
    try:
        what = visible(" ".join(f"{name}: {exc}".split()))[:300]
    except Exception:  # an exception whose text cannot be made
        what = name
    _say(
        f"internal error: {what} (a bug in "
        "transfer-advisor: please report it; TRANSFER_ADVISOR_TRACEBACK=1 shows where)"
    )
    return EXIT_INTERNAL
