"""What every command shares: exit codes, terminal detection, color policy, writing output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from transfer_advisor.errors import TransferAdvisorError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class OutputClosed(Exception):
    """Standard output was closed by its reader (``| head``): stop quietly with exit 0.

    Raised instead of BrokenPipeError because the command-line parser turns any OSError that
    escapes a command into exit code 1, which would read as "findings" or "rows with errors".
    """


def silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class UsageError(TransferAdvisorError):
    """Flags or arguments that do not fit together."""


def stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def stream_is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:
        return False


def use_color(stream_tty: bool) -> bool:
    """Color on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it on."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream_tty


def terminal_width() -> int:
    try:
        return max(60, min(os.get_terminal_size().columns, 120))
    except OSError:
        return 100


def write_output(text: str, output: Path | None) -> None:
    """Write the report to ``output`` (``-`` or None: standard output)."""
    if output is None or str(output) == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise OutputClosed from None
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise TransferAdvisorError(f"cannot write: {exc.strerror}", source=str(output)) from None


def configured_rules(start: str | Path | None) -> Path | None:
    """The rulebook named by ``[tool.transfer-advisor]`` in the nearest pyproject.toml above
    ``start`` (a file, a folder, ``-`` or None for the current folder), as ``check`` uses it.

    Every command that advises reads it, so that ``advise`` on a developer's machine agrees
    with ``check`` in CI. It is found by the walk ``check`` makes (see ``config.ConfigFinder``),
    with a quick look for the tool's name first, so folders without such a file do not pay for
    reading TOML; a pyproject.toml that cannot be read is passed over.
    """
    here = Path.cwd()
    if start is None or str(start) == "-":
        base = here
    else:
        path = Path(start) if Path(start).is_absolute() else here / start
        base = path if path.is_dir() else path.parent
    from transfer_advisor.config import find_config

    return find_config(Path(os.path.abspath(base)), here, quick=True).rules_path()
