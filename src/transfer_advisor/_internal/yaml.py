"""Safe YAML loading that remembers where every value came from.

PyYAML composes the document into nodes (libyaml when available); we build the Python values
ourselves so that we can refuse what a manifest or rulebook must never contain and keep a
1-based line and column for every key and value:

* only the plain YAML types (mappings, sequences, strings, numbers, booleans, null); any other
  tag (``!!python/object``, ``!custom``, ``!!binary``, ``!!set``) is an error;
* duplicate keys are an error (YAML says they are, PyYAML silently keeps the last);
* merge keys (``<<``) are not supported;
* aliases are expanded against a node budget, so an alias bomb ("billion laughs") or a
  recursive alias fails fast instead of exhausting memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor

from transfer_advisor._internal.records import FrozenRecord, Record
from transfer_advisor.errors import TransferAdvisorError

try:  # libyaml is much faster; fall back to the pure-Python loader where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Values built from one document at most; generous for any real manifest or rulebook.
MAX_NODES = 100_000
#: Deepest nesting accepted (a recursive alias nests forever).
MAX_DEPTH = 64
#: Largest document accepted, in characters.
MAX_CHARS = 5_000_000
#: Largest integer accepted, in bits (about 10^308, the largest float), and in digits.
MAX_INT_BITS = 1024
MAX_INT_DIGITS = 308

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = SafeConstructor()


class Mark(FrozenRecord):
    """A 1-based position in a source document."""

    __slots__ = ("line", "column")

    line: int
    column: int

    def __init__(self, line: int, column: int) -> None:
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "column", column)


class Document(Record):
    """A loaded YAML document: the plain Python value and the position of every part of it."""

    __slots__ = ("data", "source", "key_marks", "value_marks")

    data: Any
    source: str
    key_marks: dict[Path, Mark]
    value_marks: dict[Path, Mark]

    def __init__(
        self, data: Any, source: str, key_marks: dict[Path, Mark], value_marks: dict[Path, Mark]
    ) -> None:
        self.data = data
        self.source = source
        self.key_marks = key_marks
        self.value_marks = value_marks

    def mark(self, path: Path) -> Mark | None:
        """Where ``path`` is written: its key if it is a mapping entry, else its value.

        Falls back to the nearest enclosing part that exists, so a missing field is located
        at the mapping that should have held it.
        """
        while True:
            found = self.key_marks.get(path) or self.value_marks.get(path)
            if found is not None or not path:
                return found
            path = path[:-1]

    def value_mark(self, path: Path) -> Mark | None:
        """Where the value at ``path`` is written (nearest enclosing part if it is missing)."""
        while True:
            found = self.value_marks.get(path)
            if found is not None or not path:
                return found
            path = path[:-1]


def field_path(loc: tuple[Any, ...]) -> str:
    """``("data", "labeled_examples")`` -> ``data.labeled_examples``; ``("ignore", 0)`` -> ``ignore[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


_DIGITS = re.compile(r"[-+]?_*[0-9][0-9_]*")  # what !!int reads in base 10


def _unreadable(node: yaml.ScalarNode) -> str:
    """Why a scalar could not be read as its tag says."""
    value = str(node.value)
    if node.tag == _TAG + "int" and _DIGITS.fullmatch(value):  # fails only when too long
        return f"number too large: {len(value):,} characters"
    tag = node.tag.removeprefix(_TAG)
    kind = {"bool": "boolean", "int": "integer", "float": "number"}.get(tag, tag)
    shown = value if len(value) <= 40 else value[:39] + "…"
    return f"not a valid {kind} (tagged !!{tag}): {shown!r}"


class _Builder:
    def __init__(self, source: str, error: type[TransferAdvisorError]) -> None:
        self.source = source
        self.error = error
        self.budget = MAX_NODES
        self.key_marks: dict[Path, Mark] = {}
        self.value_marks: dict[Path, Mark] = {}

    def fail(self, node: yaml.Node, message: str, path: Path = ()) -> TransferAdvisorError:
        m = _mark(node)
        return self.error(message, source=self.source, line=m.line, column=m.column,
                          field=field_path(path) or None)  # fmt: skip

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.fail(
                node,
                f"document too large: more than {MAX_NODES:,} values once aliases are expanded"
                " (an alias bomb?)",
            )
        if len(path) > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep (a recursive alias?)")
        if path not in self.value_marks:
            self.value_marks[path] = _mark(node)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                raise self.fail(node, f"YAML tag {tag!r} is not allowed here", path)
            if tag == _TAG + "str" or tag == _TAG + "timestamp":
                return node.value  # dates stay text: no field here is a date
            try:
                value = _constructor.construct_object(node)
            except Exception:  # PyYAML's constructors raise many kinds (IndexError on '')
                # An explicit tag on a value it cannot hold (`!!bool maybe`, `!!int abc`), or an
                # integer of more than 4,300 digits, which Python refuses to read.
                raise self.fail(node, _unreadable(node), path) from None
            if type(value) is int and value.bit_length() > MAX_INT_BITS:
                # Hex, octal, binary and sexagesimal integers have no digit limit in Python:
                # refuse them here, so no message ever has to print one.
                raise self.fail(node, f"number too large: {len(str(node.value)):,} characters "
                                f"(at most about {MAX_INT_DIGITS} digits)", path)  # fmt: skip
            return value
        if isinstance(node, yaml.SequenceNode):
            if tag != _TAG + "seq":
                raise self.fail(node, f"YAML tag {tag!r} is not allowed here", path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if tag != _TAG + "map":
                raise self.fail(node, f"YAML tag {tag!r} is not allowed here", path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _TAG + "merge":
                    raise self.fail(key_node, "merge keys ('<<') are not supported")
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                    raise self.fail(key_node, "mapping keys must be plain strings")
                # The key as written: YAML 1.1 would turn `on:` or `no:` into booleans.
                key = str(key_node.value)
                if key in result:
                    first = self.key_marks.get((*path, key))
                    where = f" (first at line {first.line})" if first else ""
                    raise self.fail(key_node, f"duplicate key {key!r}{where}", (*path, key))
                self.key_marks[path + (key,)] = _mark(key_node)  # noqa: RUF005 (3.10 syntax)
                result[key] = self.build(value_node, (*path, key))
            return result
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover


def _compose_error(
    exc: yaml.YAMLError, source: str, error: type[TransferAdvisorError], text: str
) -> Any:
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (NUL, other controls): locate it in the text.
        position = min(max(exc.position, 0), len(text))
        at_line = text.count("\n", 0, position) + 1
        at_column = position - (text.rfind("\n", 0, position) + 1) + 1
        char = exc.character
        code = ord(char) if isinstance(char, str) else int(char)
        return error(f"invalid YAML: character U+{code:04X} is not allowed",
                     source=source, line=at_line, column=at_column)  # fmt: skip
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if problem == "but found another document":  # PyYAML's half sentence, made whole
        problem = "expected one document, but another one starts here"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return error(f"invalid YAML: {problem}", source=source, line=line, column=column)


def _check_size(text: str, source: str, error: type[TransferAdvisorError]) -> None:
    if len(text) > MAX_CHARS:
        raise error(f"file too large: more than {MAX_CHARS:,} characters", source=source)


def load_document(
    text: str, source: str, *, error: type[TransferAdvisorError] = TransferAdvisorError
) -> Document:
    """Load exactly one YAML document from ``text``; raise ``error`` on anything unsafe."""
    _check_size(text, source, error)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _compose_error(exc, source, error, text) from None
    builder = _Builder(source, error)
    data = None if node is None else builder.build(node, ())
    return Document(data, source, builder.key_marks, builder.value_marks)


class BadDocument(NamedTuple):
    """A document of a stream that parsed but cannot be loaded (a key given twice, a tag)."""

    line: int
    name: str | None  #: its top-level ``name:``, if it has a plain one
    error: TransferAdvisorError


def load_documents(
    text: str, source: str, *, error: type[TransferAdvisorError] = TransferAdvisorError
) -> Iterator[Document | BadDocument]:
    """Load every document of a multi-document YAML stream, one at a time.

    A document the parser read but that cannot be loaded safely (a duplicate key, a Python tag,
    an alias bomb, a huge number) is a :class:`BadDocument` and the stream goes on: documents
    are composed one at a time, so the next one does not depend on it. A syntax error ends the
    stream and raises ``error``: the parser cannot tell where the next document starts.
    """
    _check_size(text, source, error)
    try:
        for node in yaml.compose_all(text, Loader=_Loader):
            if node is None:
                yield Document(None, source, {}, {})
                continue
            builder = _Builder(source, error)
            try:
                data = builder.build(node, ())
            except TransferAdvisorError as exc:
                yield BadDocument(node.start_mark.line + 1, _plain_name(node), exc)
                continue
            yield Document(data, source, builder.key_marks, builder.value_marks)
    except yaml.YAMLError as exc:
        raise _compose_error(exc, source, error, text) from None


def _plain_name(node: yaml.Node) -> str | None:
    """The plain-text ``name:`` at the top of a document's node, without loading it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (isinstance(key, yaml.ScalarNode) and key.value == "name"
                    and isinstance(value, yaml.ScalarNode) and value.tag == _TAG + "str"):  # fmt: skip
                return str(value.value)
    return None


def load_trusted(text: str) -> Any:
    """Load YAML shipped inside this package (already validated by the test suite).

    Still the safe loader (no Python tags); it only skips keeping positions, which user input
    needs for located errors and shipped data does not.
    """
    return yaml.load(text, Loader=_Loader)


class LazyDocument:
    """A document whose positions are computed only when someone asks for one."""

    __slots__ = ("_document", "error", "source", "text")

    def __init__(self, text: str, source: str, error: type[TransferAdvisorError]) -> None:
        self.text = text
        self.source = source
        self.error = error
        self._document: Document | None = None

    def get(self) -> Document:
        if self._document is None:
            self._document = load_document(self.text, self.source, error=self.error)
        return self._document
