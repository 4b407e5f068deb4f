"""What several commands share: exit codes, terminal detection, color policy, building a
manifest from flags, "did you mean" hints, writing output and new files.

Only typer and light modules are imported at the top; the library is imported inside the
helpers that need it, so ``--help`` and shell completion start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from transfer_advisor.errors import InputError, TransferAdvisorError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
#: A bug in the tool (an exception it does not expect): reported as one line, never as findings.
EXIT_INTERNAL = 3
#: Output or input failed as a stream: a full disk, a closed standard stream, an I/O error.
EXIT_IO = 4


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


def stdout_failed(exc: OSError) -> TransferAdvisorError:
    """The error for standard output that cannot be written (a full disk, an I/O error)."""
    from transfer_advisor.errors import StreamError

    return StreamError(f"cannot write standard output: {exc.strerror or exc}")


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


def output_color(output: Path | None) -> bool:
    """Color for a report written to ``output``: never in a file, else as for standard output."""
    from transfer_advisor.cli.outfile import is_stdout

    to_file = not is_stdout(output)
    return use_color(False if to_file else stream_is_tty(sys.stdout))


def stdout_style() -> dict[str, Any]:
    """Color and width (as keyword arguments) for text written to standard output.

    A terminal gets its own width; a pipe or file gets a wide, fixed one, so names are never
    wrapped there and the output does not depend on who runs it.
    """
    tty = stream_is_tty(sys.stdout)
    return {"color": use_color(tty), "width": terminal_width() if tty else 160}


_TEXT_FORMATS = ("text", "json")


def text_or_json(fmt: str) -> str:
    """``fmt`` if it is ``text`` or ``json``; a usage error otherwise."""
    if fmt not in _TEXT_FORMATS:
        raise UsageError(f"--format must be one of: {', '.join(_TEXT_FORMATS)}")
    return fmt


def suggest(wanted: str, candidates: list[str]) -> str:
    """``; did you mean 'x'?`` for the closest candidate (case-insensitive), or nothing."""
    from transfer_advisor._internal.didyoumean import did_you_mean

    return did_you_mean(wanted, candidates, fold_case=True)


def _fail(message: str) -> NoReturn:
    raise TransferAdvisorError(message)


# Flags of `advise` that set manifest fields: (option name, manifest field).
FLAG_FIELDS = {
    "name": "name",
    "examples": "data.labeled_examples",
    "model": "model.name",
    "task": "task.type",
    "complexity": "task.complexity",
    "domain": "data.domain",
    "language": "data.language",
    "modality": "data.modality",
    "avg_tokens": "data.avg_tokens_per_example",
    "parameters": "model.parameters",
    "instruction_tuned": "model.instruction_tuned",
    "budget": "budget.level",
    "gpu": "budget.gpu",
    "gpu_memory": "budget.gpu_memory_gb",
    "gpus": "budget.gpus",
    "gpu_hours": "budget.gpu_hours",
    "usd": "budget.usd",
    "prompting_tried": "prompting.tried",
    "meets_target": "prompting.meets_target",
    "preserve_general": "constraints.preserve_general_capabilities",
    "plan": "plan.strategy",
    "model_config": "model.config",
}


def build_manifest(manifest_path: str | None, flags: dict[str, Any]) -> Any:
    """Load the manifest (if any), apply the flags over it, prompt for what is missing."""
    from transfer_advisor._internal.yaml import load_document
    from transfer_advisor.flat import get_path, set_path
    from transfer_advisor.manifest import load_manifest_text, manifest_from_mapping, read_text

    given = {k: v for k, v in flags.items() if v is not None}
    if manifest_path is None and not given and not stdin_is_tty():
        _fail("no manifest given: pass a file, '-' for standard input, or flags such as "
                  "--examples and --model")  # fmt: skip
    if manifest_path is not None and not given:
        text = read_text(manifest_path)
        source = "<stdin>" if manifest_path == "-" else manifest_path
        base = Path.cwd() if manifest_path == "-" else Path(manifest_path).resolve().parent
        return load_manifest_text(text, source, base)

    data: dict[str, Any] = {}
    document = None
    source = "<flags>"
    base_dir = Path.cwd()
    if manifest_path is not None:
        source = "<stdin>" if manifest_path == "-" else manifest_path
        document = load_document(read_text(manifest_path), source, error=InputError)
        if not isinstance(document.data, dict):
            raise InputError("a manifest must be a mapping of fields", source=source)
        data = document.data
        if manifest_path != "-":
            base_dir = Path(manifest_path).resolve().parent
    for key, value in given.items():
        if key == "model_config" and "://" not in value:  # a URL is refused, located, later
            value = str(Path(value).resolve())
        set_path(data, FLAG_FIELDS[key].split("."), value)
    if manifest_path is None:
        data.setdefault("name", "untitled")
    if stdin_is_tty():
        from transfer_advisor.cli.prompts import ask_missing, offer_to_save

        if ask_missing(data):
            manifest = _flagged(given, manifest_from_mapping, data, source=source,
                                document=document, base_dir=base_dir)  # fmt: skip
            offer_to_save(data)
            return manifest
    for dotted, flag in (("data.labeled_examples", "--examples"), ("model.name", "--model")):
        if get_path(data, dotted.split(".")) is None:
            raise InputError(f"required field is missing (give {flag} or a manifest)",
                             source=source, field=dotted)  # fmt: skip
    return _flagged(given, manifest_from_mapping, data, source=source, document=document,
                    base_dir=base_dir)  # fmt: skip


def _flagged(given: dict[str, Any], build: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``build(*args, **kwargs)``, with a problem in a field a flag set located at that flag.

    A value from ``--gpus`` is not on the manifest's line for ``budget:``, so the error names
    the flag (``--gpus: budget.gpus: ...``) rather than a line the user did not write.
    """
    try:
        return build(*args, **kwargs)
    except TransferAdvisorError as error:
        flags = {FLAG_FIELDS[key]: "--" + key.replace("_", "-") for key in given}
        for problem in {id(p): p for p in (error, *error.problems)}.values():
            flag = flags.get(problem.field or "")
            if flag is not None:
                problem.source, problem.line, problem.column = flag, None, None
        raise


def rulebook_path(rules: Path | None, manifest: str | None, no_config: bool) -> Path | None:
    """``--rules``, else the rulebook pyproject.toml names for the manifest (as check reads it)."""
    if rules is not None or no_config:
        return rules
    return configured_rules(manifest)


def write_new(path: Path, text: str, *, force: bool) -> None:
    """Create ``path`` with ``text``; an existing file is replaced only with ``force``."""
    refuse_existing(path, force)
    try:
        with open(path, "w" if force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError("already exists; pass --force to overwrite it", source=str(path)) from None
    except OSError as exc:
        raise TransferAdvisorError(f"cannot write: {exc.strerror}", source=str(path)) from None


def refuse_existing(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError("is a directory; give a file name", source=str(path))
    if path.exists() and not force:
        raise UsageError("already exists; pass --force to overwrite it", source=str(path))


def write_output(text: str, output: Path | None) -> None:
    """Write the report to ``output`` (``-``, ``/dev/stdout`` or None: standard output); a file
    is written as :mod:`transfer_advisor.cli.outfile` says (never a device replaced)."""
    from transfer_advisor.cli.outfile import is_stdout, write_file

    if output is None or is_stdout(output):
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise OutputClosed from None
        except OSError as exc:
            raise stdout_failed(exc) from None
        return
    write_file(output, text.encode("utf-8"))


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
