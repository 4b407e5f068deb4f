"""Command-line options that several commands share, declared once so they read alike."""

from pathlib import Path
from typing import Annotated

import typer

OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file ('-': stdout).")
]
RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Use this rulebook instead of the default.")
]
NoConfigOption = Annotated[
    bool, typer.Option("--no-config", help="Ignore [tool.transfer-advisor] in pyproject.toml.")
]
TextOrJsonOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: text or json.",
        autocompletion=lambda: ["text", "json"],
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")]
