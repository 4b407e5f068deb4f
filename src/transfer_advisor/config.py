"""The project settings: the ``[tool.transfer-advisor]`` table of the nearest ``pyproject.toml``.

The one walk up the folders to that file (:class:`ConfigFinder`), used by ``check`` for each
manifest's folder and by every command that advises for the ``rules`` setting; the table
validated (``rules``, ``fail-on``, ``ignore``), with a bad setting reported at its line and
column. Light to import: pydantic and the YAML helpers load only when a table is validated.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from transfer_advisor._internal.files import read_text_file, toml_loads
from transfer_advisor.errors import CheckError

PYPROJECT = "pyproject.toml"
TOOL_TABLE = "tool.transfer-advisor"

FailOn = Literal["error", "warning", "info", "never"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "info", "never")
DEFAULT_FAIL_ON: FailOn = "error"


@functools.cache
def _tool_table() -> Any:
    """The pydantic model of the table, made on first use: every command that advises walks up
    to the nearest pyproject.toml, and where none names the tool, pydantic is not imported."""
    from pydantic import BaseModel, ConfigDict, Field

    # defer_build: most runs find no configuration and never need these validators.
    class _IgnoreEntry(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

        rule: str = Field(min_length=1)
        reason: str | None = None

    class _ToolTable(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

        rules: Annotated[str, Field(min_length=1)] | None = None
        fail_on: FailOn | None = Field(default=None, alias="fail-on")
        ignore: list[_IgnoreEntry] = []

    return _ToolTable


_CONFIG_KEYS = "rules, fail-on, ignore"


# NamedTuple, not dataclass: every command that advises imports this module, and making two
# frozen dataclasses costs more start-up time than the walk itself.
class IgnoreSetting(NamedTuple):
    """An entry of the ``ignore`` setting: a finding id or rule id, and why (None: not said)."""

    rule: str
    reason: str | None = None


class Config(NamedTuple):
    """The settings from one pyproject.toml (``path`` None: no configuration found)."""

    path: str | None = None
    rules: Path | None = None
    fail_on: FailOn | None = None
    ignore: tuple[IgnoreSetting, ...] = ()
    #: Where the ``ignore`` key is written, to locate an entry that names no known rule.
    ignore_at: tuple[int | None, int | None] = (None, None)
    #: Why ``rules`` cannot be used (a missing file), said at the setting when it is needed:
    #: ``--rules`` on the command line makes it moot.
    rules_error: CheckError | None = None

    def rules_path(self) -> Path | None:
        """The rulebook the setting names; raises when that file is not there."""
        if self.rules_error is not None:
            raise self.rules_error
        return self.rules


def shown_path(path: Path, cwd: Path) -> str:
    """``path`` as messages name it: relative to ``cwd`` where it can be."""
    try:
        return os.path.relpath(path, cwd).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return str(path)


# Patterns, compiled on first use (by ``re``): most runs never locate a setting.
_TOML_AT = r"\s*\(at line (\d+), column (\d+)\)\s*$"
_TABLE_HEADER = r"""^\s*\[\s*tool\s*\.\s*(["']?)transfer-advisor\1\s*(?:\.\s*(["']?)([A-Za-z0-9_-]+)\2\s*)?\]"""  # fmt: skip
_ANY_HEADER = r"^\s*\["
#: Every way TOML can spell the key path tool -> transfer-advisor with the name written out:
#: ``tool.transfer-advisor`` as a table header or dotted key (each part bare or quoted, spaces
#: around the dot), a ``[tool]`` table holding it as a key, or ``tool = {...}`` inline; and the
#: name unquoted in any table header, so that a mistyped one such as ``[tool,transfer-advisor]``
#: is still reported as invalid TOML. A file that matches none (and has no backslash, which
#: could spell ``tool`` as an escape) holds no such table: the project's own name or a
#: dependency on the tool is not worth parsing.
_TABLE_PATHS = (
    r"""["']?tool["']?\s*\.\s*["']?transfer-advisor"""
    r"""|^\s*\[\s*["']?tool["']?\s*\]"""
    r"""|["']?tool["']?\s*="""
    r"""|^\s*\[[^=#"'\n]*transfer-advisor"""
)


def may_hold_table(text: str) -> bool:
    """Whether ``text`` is worth parsing for a ``[tool.transfer-advisor]`` table: never False
    when it holds one with the tool's name written out (see ``_TABLE_PATHS``; a name spelled
    only with escapes is not looked for)."""
    if "transfer-advisor" not in text:
        return False
    return "\\" in text or re.search(_TABLE_PATHS, text, re.MULTILINE) is not None


def _key_position(text: str, key: str | None) -> tuple[int | None, int | None]:
    """Line and column of ``key`` in the ``[tool.transfer-advisor]`` table (or of the table,
    when ``key`` is None or cannot be found, e.g. in an inline table)."""
    inside = False
    table: tuple[int, int] | None = None
    escaped = re.escape(key) if key is not None else r"(?!)"
    assignment = re.compile(rf"""^(\s*)(["']?){escaped}\2\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(_TABLE_HEADER, line)
        if header is not None:
            if header.group(3) == key:
                return number, line.index("[") + 1
            inside = header.group(3) is None
            table = table or (number, line.index("[") + 1)
            continue
        if re.match(_ANY_HEADER, line):
            inside = False
            continue
        if inside:
            found = assignment.match(line)
            if found is not None:
                return number, len(found.group(1)) + 1
    if table is None:
        for number, line in enumerate(text.splitlines(), 1):
            if "transfer-advisor" in line:
                return number, line.index("transfer-advisor") + 1
    return table if table is not None else (None, None)


def _config_error(text: str, shown: str, loc: tuple[Any, ...], message: str) -> CheckError:
    """A located error about ``loc`` in the table (the table itself when ``loc`` is empty)."""
    line, column = _key_position(text, str(loc[0]) if loc else None)
    from transfer_advisor._internal.yaml import field_path

    where = f"{TOOL_TABLE}.{field_path(loc)}" if loc else TOOL_TABLE
    return CheckError(message, source=shown, line=line, column=column, field=where)


def parse_config(text: str, path: Path, cwd: Path) -> Config | None:
    """The ``[tool.transfer-advisor]`` table of a pyproject.toml, validated (None: no table)."""
    shown = shown_path(path, cwd)
    if not may_hold_table(text):
        return None
    try:
        data = toml_loads(text)
    except ValueError as exc:
        message = str(exc)
        at = re.search(_TOML_AT, message)
        line, column = (int(at.group(1)), int(at.group(2))) if at else (None, None)
        raise CheckError(f"invalid TOML: {re.sub(_TOML_AT, '', message)}", source=shown,
                         line=line, column=column) from None  # fmt: skip
    tool = data.get("tool")
    table = tool.get("transfer-advisor") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise _config_error(text, shown, (), "must be a table")
    raw = dict(table)
    if isinstance(raw.get("ignore"), list):
        raw["ignore"] = [{"rule": x} if isinstance(x, str) else x for x in raw["ignore"]]
    from pydantic import ValidationError

    try:
        parsed = _tool_table().model_validate(raw)
    except ValidationError as exc:
        from transfer_advisor._internal.validation import describe_error

        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        kind = first["type"]
        if kind == "extra_forbidden":
            message = "unknown key " + (
                f"(known keys: {_CONFIG_KEYS})" if len(loc) == 1
                else "(an ignore entry has rule and reason)"
            )  # fmt: skip
        elif kind == "literal_error":
            message = f"must be one of: {', '.join(FAIL_ON)} (got {first.get('input')!r})"
        elif loc[:1] == ("ignore",) and kind == "model_type":
            message = "each entry must be a rule id or a table {rule = ..., reason = ...}"
        else:
            message = describe_error(first)
        raise _config_error(text, shown, loc, message) from None
    rules = None
    if parsed.rules is not None:
        rules = Path(parsed.rules)
        rules = rules if rules.is_absolute() else path.parent / rules
    rules_error = None
    if rules is not None and not rules.is_file():
        # Located at the setting, or the user sees a missing file they never named.
        problem = "is a folder, not a file" if rules.is_dir() else "file not found"
        rules_error = _config_error(text, shown, ("rules",), f"{problem}: {shown_path(rules, cwd)}")
    return Config(
        path=shown,
        rules=rules,
        fail_on=parsed.fail_on,
        ignore=tuple(IgnoreSetting(e.rule, e.reason) for e in parsed.ignore),
        ignore_at=_key_position(text, "ignore") if parsed.ignore else (None, None),
        rules_error=rules_error,
    )


#: The quick look passes over a larger pyproject.toml (reading one says it is too large).
_QUICK_LIMIT = 10_000_000


def _names_tool(candidate: Path) -> bool:
    """A quick look, reading no TOML: whether ``candidate`` is a file that can be read and
    whose bytes name the tool (most pyproject.toml files say not a word about us)."""
    try:
        if not candidate.is_file() or candidate.stat().st_size > _QUICK_LIMIT:
            return False
        raw = candidate.read_bytes()
    except OSError:
        return False
    return b"transfer-advisor" in raw


class ConfigFinder:
    """The nearest pyproject.toml with a ``[tool.transfer-advisor]`` table, upward from a
    folder; each folder is looked at once per run.

    ``quick``: pass over a pyproject.toml that cannot be read, or whose bytes do not name the
    tool, without a word (for the commands that advise); ``check`` reports one it cannot read.
    A file that names the tool is read and validated the same way in both.
    """

    def __init__(self, cwd: Path, *, quick: bool = False) -> None:
        self.cwd = cwd
        self.quick = quick
        self.by_dir: dict[Path, Config] = {}

    def find(self, start: Path) -> Config:
        visited: list[Path] = []
        config = Config()
        for folder in (start, *start.parents):
            cached = self.by_dir.get(folder)
            if cached is not None:
                config = cached
                break
            visited.append(folder)
            candidate = folder / PYPROJECT
            if not (_names_tool(candidate) if self.quick else candidate.is_file()):
                continue
            try:
                text = read_text_file(str(candidate), CheckError)
            except CheckError as exc:
                raise CheckError(f"cannot read: {exc.message}",
                                 source=shown_path(candidate, self.cwd)) from None  # fmt: skip
            found = parse_config(text, candidate, self.cwd)
            if found is not None:
                config = found
                break
        for folder in visited:
            self.by_dir[folder] = config
        return config


def find_config(start: Path, cwd: Path | None = None, *, quick: bool = False) -> Config:
    """The configuration that applies in folder ``start``: the nearest pyproject.toml upward
    with a ``[tool.transfer-advisor]`` table (an empty Config when there is none); ``quick``:
    see :class:`ConfigFinder`."""
    return ConfigFinder(cwd if cwd is not None else Path.cwd(), quick=quick).find(start)
