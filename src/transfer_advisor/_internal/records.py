"""Plain records for the internal data built while a command starts.

A ``@dataclass`` writes and compiles the source of its methods when its class is created: about
0.4 ms for a frozen, slotted one, and a command's start creates dozens of them (issue 21 timed
17 ms of dataclass creation in one ``advise``). Internal records are therefore plain classes:
``__slots__`` and a hand-written ``__init__``, with this base giving them what the dataclasses
gave (equality and a hash by their fields, in order, a readable ``repr``, and pickling and
copying), defined once.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any


class Record:
    """Equality and repr by the fields named in the subclass's ``__slots__`` (or, when some
    slots hold derived values, by those named in its ``_compared``); a hash only when frozen."""

    __slots__ = ()
    _compared: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared or self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        # Like a dataclass with eq and without frozen: a record that can change is not
        # hashable (FrozenRecord hashes its fields).
        raise TypeError(f"unhashable type: {type(self).__name__!r}")

    def __getstate__(self) -> tuple[Any, ...]:
        names: tuple[str, ...] = self.__slots__
        return tuple(getattr(self, name) for name in names)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        # Through object.__setattr__, so that pickle and copy restore frozen records too.
        names: tuple[str, ...] = self.__slots__
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        names = self._compared or self.__slots__
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__name__}({fields})"


class FrozenRecord(Record):
    """A :class:`Record` whose fields cannot be reassigned (as a frozen dataclass's): its
    ``__init__`` sets them with ``object.__setattr__``."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
