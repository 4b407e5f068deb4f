"""Exception hierarchy: every user-facing problem is a TransferAdvisorError with a location."""

from __future__ import annotations


class TransferAdvisorError(Exception):
    """Base class for problems a user can fix (bad input, bad rulebook, bad flags).

    The CLI prints ``str(error)`` on one line and exits 2; no traceback reaches the user.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        self._problems: tuple[TransferAdvisorError, ...] = ()
        #: How many problems were found beyond those in :attr:`problems`.
        self.more = 0

    @property
    def problems(self) -> tuple[TransferAdvisorError, ...]:
        """Every problem found (a document's validation reports up to 20 at once), each with
        its own ``source``/``line``/``column``/``field``; the first is where this error points."""
        return self._problems or (self,)

    @problems.setter
    def problems(self, value: tuple[TransferAdvisorError, ...]) -> None:
        self._problems = tuple(value)

    def lines(self) -> list[str]:
        """One located line per problem (and one counting any not listed)."""
        if len(self.problems) == 1 and not self.more:
            return [str(self)]
        out = [problem._one_line() for problem in self.problems]
        if self.more:
            out.append(f"and {self.more} more problem{'s' if self.more > 1 else ''} not shown")
        return out

    def location(self) -> str:
        """``file:line:col`` (as much of it as is known), or an empty string."""
        parts: list[str] = []
        if self.source is not None:
            parts.append(self.source)
            if self.line is not None:
                parts.append(str(self.line))
                if self.column is not None:
                    parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = self._one_line()
        rest = len(self.problems) - 1 + self.more
        if rest > 0:
            text += f" (and {rest} more problem{'s' if rest > 1 else ''})"
        return text

    def _one_line(self) -> str:
        where = self.location()
        what = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{where}: {what}" if where else what
        # One line, always: a multi-line message from a library is folded, and a name from
        # the input cannot hide in it or rewrite the terminal.
        from transfer_advisor._internal.visible import visible

        return visible(" ".join(text.split()))


class InputError(TransferAdvisorError):
    """A manifest (or other input document) is unreadable or invalid."""


class CheckError(TransferAdvisorError):
    """A problem with how ``check`` was asked to run: no manifest, bad configuration."""


class RulebookError(TransferAdvisorError):
    """A rulebook is unreadable, invalid, or semantically inconsistent."""


class CatalogError(TransferAdvisorError):
    """A shipped or user-provided catalog (models, GPUs) is invalid."""


class ConfigError(TransferAdvisorError):
    """A Hugging Face ``config.json`` cannot be read or understood."""


class StreamError(TransferAdvisorError):
    """Output or input failed as a stream: a full disk, a closed standard stream, an I/O error.

    The CLI exits with its own code (4) for these, not 2: the input was fine, the output was not.
    """
