"""The ``init`` command: write a commented manifest for a new project, asking on a terminal.

Only typer is imported at the top; the catalog, the manifest model and the starter template
are imported inside the command.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from transfer_advisor.cli.common import refuse_existing, stdin_is_tty, write_new
from transfer_advisor.cli.options import ForceOption
from transfer_advisor.cli.prompts import ask_count, ask_model


def register(app: typer.Typer) -> None:
    """Add the ``init`` command to ``app``."""
    app.command("init")(init)


def _ask_text(prompt: str, default: str, *, limit: int = 200) -> str:
    while True:
        answer = str(typer.prompt(prompt, default=default)).strip()
        if answer and answer.isprintable() and len(answer) <= limit:
            return answer
        typer.echo(f"Please give a single line of 1 to {limit} characters.", err=True)


def _ask_choice(prompt: str, choices: tuple[str, ...], default: str) -> str:
    while True:
        answer = str(typer.prompt(f"{prompt} ({', '.join(choices)})", default=default))
        if answer.strip().lower() in choices:
            return answer.strip().lower()
        typer.echo(f"Please choose one of: {', '.join(choices)}.", err=True)


def init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the manifest.")
    ] = Path("transfer-advisor.yaml"),
    force: ForceOption = False,
) -> None:
    """Write a commented manifest for a new project.

    On a terminal it asks for the project name, task type, number of labeled examples and
    model; otherwise it writes valid placeholders, marked so that `check` fails until they are
    replaced by hand.
    """
    import typing

    from transfer_advisor.catalog import default_catalog
    from transfer_advisor.cli.starters import (
        DEFAULT_EXAMPLES,
        DEFAULT_MODEL,
        DEFAULT_TASK,
        manifest_template,
        project_name,
    )
    from transfer_advisor.manifest import load_manifest_text
    from transfer_advisor.vocabulary import TaskType

    refuse_existing(path, force)
    name = project_name(path.resolve().parent.name)
    task_type, examples, model = DEFAULT_TASK, DEFAULT_EXAMPLES, DEFAULT_MODEL
    knowledge: bool | None = None
    asked = stdin_is_tty()
    if asked:
        name = _ask_text("Project name", name)
        task_type = _ask_choice("Task type", typing.get_args(TaskType), task_type)
        if task_type in ("question-answering", "chat"):
            # What decides retrieval against fine-tuning, and what a newcomer rarely states.
            knowledge = typer.confirm(
                "Does it need facts the model was not trained on (private documents, recent data)?",
                default=False,
            )
        examples = ask_count("Labeled examples you have now (500, 2k, 1.5e4)", examples)
        model = ask_model("Model (catalog name or Hugging Face id)", model)
    text = manifest_template(
        name=name,
        task_type=task_type,
        labeled_examples=examples,
        model=model,
        path=path.name,
        knowledge=knowledge,
        placeholders=not asked,
    )
    load_manifest_text(text, str(path))  # what is written must load; a bug if it does not
    write_new(path, text, force=force)
    note = ""
    if default_catalog().model(model) is None:
        note = f"; {model!r} is not in the catalog, so describe it under model:"
    if not asked:
        note += (
            "; the task, labeled examples and model are placeholders (marked '# PLACEHOLDER'):"
            " replace them, or `check` fails"
        )
    sys.stderr.write(f"Wrote {path}{note}. Next: transfer-advisor advise {path}\n")
