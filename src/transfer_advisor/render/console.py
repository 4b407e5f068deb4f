"""The one place that builds rich consoles, and prints renderables to text.

Every console here writes to the file it is given, never interprets markup, emoji codes or
highlighting in the text it prints (text from the input is data, not styling), and colors
only when asked. Rendered text is stripped of the spaces rich pads lines with.
"""

from __future__ import annotations

import io
from typing import IO, Any, Literal

from rich.console import Console


def make_console(
    file: IO[str],
    *,
    color: bool,
    width: int | None = None,
    terminal: bool | None = None,
    soft_wrap: bool = False,
) -> Console:
    """A console that writes to ``file``.

    Without ``terminal`` it renders text into a buffer: as a terminal with the 16 standard
    colors when ``color``, else with no styles at all. With ``terminal`` it is a live console
    on a real stream (the batch progress bar on standard error): a terminal when ``terminal``
    says so, with rich's own choice of colors, and no colors unless ``color``. ``width``
    None: rich asks the terminal (COLUMNS, else 80).
    """
    color_system: Literal["auto", "standard"] | None = "auto"
    force_terminal = terminal
    if terminal is None:
        force_terminal, color_system = color, "standard" if color else None
    return Console(
        file=file,
        width=width,
        force_terminal=force_terminal,
        no_color=not color,
        color_system=color_system,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=soft_wrap,
    )


def rendered(buffer: io.StringIO) -> str:
    """What a console printed, without the spaces rich pads lines with (they end up in files)."""
    text = buffer.getvalue()
    if not text:
        return text
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def print_to_text(*items: Any, color: bool, width: int) -> str:
    """Print rich renderables to a string (markup off: text from data is never styled)."""
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=width)
    for item in items:
        console.print(item)
    return rendered(buffer)
