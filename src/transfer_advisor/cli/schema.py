"""The ``schema`` command: write the JSON Schema of a manifest, a rulebook or the JSON output.

Only typer is imported at the top; the schemas are built inside the command.
"""

from typing import Annotated

import typer

from transfer_advisor.cli.common import UsageError, suggest, write_output
from transfer_advisor.cli.options import OutputOption


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command to ``app``."""
    app.command("schema")(schema)


def _complete_kind() -> list[str]:
    from transfer_advisor.schemas import KINDS

    return list(KINDS)


def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help="Which document: manifest, rulebook or output (the JSON of advise).",
            show_default=False,
            autocompletion=_complete_kind,
            metavar="KIND",
        ),
    ],
    output: OutputOption = None,
) -> None:
    """Write the JSON Schema of a manifest, a rulebook or the JSON output.

    Editors use it to check and complete YAML as you type; see docs/authoring.md.
    """
    from transfer_advisor.schemas import KINDS, schema_text

    if kind not in KINDS:
        raise UsageError(
            f"unknown schema {kind!r}{suggest(kind, list(KINDS))} (choose from: {', '.join(KINDS)})"
        )
    write_output(schema_text(kind), output)
