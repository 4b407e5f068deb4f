"""The ``models`` command: list the model catalog, or show one model in full.

It reads the catalog and writes what it finds; it decides nothing about a project. Only typer
is imported at the top: the catalog, rich and PyYAML are imported inside the command.
"""

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from transfer_advisor.cli.common import (
    UsageError,
    stdout_style,
    suggest,
    text_or_json,
    write_output,
)
from transfer_advisor.cli.options import TextOrJsonOption

if TYPE_CHECKING:
    from transfer_advisor.catalog import ModelEntry


def register(app: typer.Typer) -> None:
    """Add the ``models`` command to ``app``."""
    app.command("models")(models)


def humanize_count(count: int) -> str:
    """``8030261248`` -> ``8.0B``, ``109482240`` -> ``109M``, ``1500`` -> ``2K``."""
    units = ((10**12, "T", 1), (10**9, "B", 1), (10**6, "M", 0), (10**3, "K", 0))
    for i, (size, suffix, digits) in enumerate(units):
        if count >= size:
            shown = round(count / size, digits)
            if shown >= 1000 and i > 0:  # 999,885,952 is 1.0B, not 1000M
                size, suffix, digits = units[i - 1]
                shown = round(count / size, digits)
            return f"{shown:.{digits}f}{suffix}"
    return str(count)


def _choices(field: str) -> tuple[str, ...]:
    import typing

    from transfer_advisor.catalog import ModelEntry

    return tuple(str(v) for v in typing.get_args(ModelEntry.model_fields[field].annotation))


def _pick(option: str, value: str | None, field: str) -> str | None:
    if value is None:
        return None
    choices = _choices(field)
    if value.lower() not in choices:
        raise UsageError(f"{option} must be one of: {', '.join(choices)} (got {value!r})")
    return value.lower()


def _pick_task(value: str | None) -> str | None:
    import typing

    from transfer_advisor.vocabulary import TaskType

    if value is None:
        return None
    from transfer_advisor._internal.validation import choice_meant

    choices = typing.get_args(TaskType)
    if value.lower() not in choices:
        meant = choice_meant(value, list(choices))
        hint = f"; did you mean {meant!r}?" if meant else ""
        raise UsageError(f"--task must be one of: {', '.join(choices)} (got {value!r}){hint}")
    return value.lower()


def _language_code(value: str | None) -> str | None:
    """An ISO code as the catalog writes it, from a code or a name the rulebook knows."""
    from transfer_advisor.advice.situation import language_tag_code
    from transfer_advisor.rules.load import default_rulebook

    if value is None:
        return None
    code = language_tag_code(value, default_rulebook().tables)
    if code is None:  # what advise calls language-unknown
        raise UsageError(f"--language: {value!r} is neither a language code nor a name the "
                         "rulebook knows; write its ISO 639 code (e.g. yo, haw)")  # fmt: skip
    return code


def _count_option(option: str, value: str | None) -> int | None:
    from transfer_advisor.manifest import parse_count

    if value is None:
        return None
    try:
        count = parse_count(value)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if not isinstance(count, int):
        raise UsageError(f"{option}: expected a parameter count such as 110M, 7B or 1.5e9")
    return count


def _complete_model(incomplete: str) -> list[str]:
    from transfer_advisor.catalog import default_catalog

    # Shells keep only candidates that start with what was typed, so "Llama" is completed with
    # the short names ("Llama-3.1-8B") and "llama" with the aliases ("llama-3.1-8b-instruct"),
    # which are accepted wherever a name is.
    found: list[str] = []
    for m in default_catalog().models:
        for name in (m.name, m.name.rsplit("/", 1)[-1], *m.aliases):
            if name.startswith(incomplete) and name not in found:
                found.append(name)
    return found


def _model_table(entries: list["ModelEntry"], *, color: bool, width: int) -> str:
    from rich.table import Table

    from transfer_advisor.render.common import yes_no
    from transfer_advisor.render.console import print_to_text
    from transfer_advisor.render.terminal import _t

    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("name", overflow="fold")
    table.add_column("family", no_wrap=True)
    table.add_column("params", justify="right", no_wrap=True)
    table.add_column("architecture", no_wrap=True)
    table.add_column("instruct", no_wrap=True)
    table.add_column("context", justify="right", no_wrap=True)
    table.add_column("modality", no_wrap=True)
    for m in entries:
        context = "—" if m.context_window is None else f"{m.context_window:,}"
        table.add_row(
            _t(m.name, "bold"),
            _t(m.family),
            "—" if m.parameters is None else humanize_count(m.parameters),
            _t(m.architecture),
            yes_no(m.instruction_tuned),
            context,
            _t(m.modality),
        )
    return print_to_text(table, color=color, width=width)


def _model_card(m: "ModelEntry", *, color: bool, width: int) -> str:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.advice.model import translation_directions
    from transfer_advisor.render.common import yes_no
    from transfer_advisor.render.console import print_to_text
    from transfer_advisor.render.terminal import _t

    def listed(values: Sequence[str]) -> Text:
        return _t(", ".join(values)) if values else Text("—", style="dim")

    def maybe(value: str | None) -> Text:
        return _t(value) if value else Text("—", style="dim")

    table = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    context = "—" if m.context_window is None else f"{m.context_window:,} tokens"
    # The architecture values the estimates use (see models.yaml), or none: then the estimates
    # approximate the shape from the parameter count.
    if m.config is not None:
        config = _t(", ".join(f"{k}: {json.dumps(v)}" for k, v in m.config.as_config().items()))
    elif m.parameters is None:
        config = Text("— (no estimates: the provider trains and serves it)", style="dim")
    else:
        config = Text("— (shape approximated from the parameter count)", style="dim")
    weights: str = m.weights
    if m.tuning is not None:
        least = (
            ""
            if m.tuning.min_examples is None
            else f", at least {m.tuning.min_examples:,} examples"
        )
        price = (
            ""
            if m.tuning.usd_per_million_training_tokens is None
            else f", ${m.tuning.usd_per_million_training_tokens:,.2f} per million training tokens"
        )
        weights = f"{m.weights}: tuned through {m.tuning.service}{least}{price}"
    directions = translation_directions(m)
    rows: list[tuple[str, Text | str]] = [
        ("aliases", listed(m.aliases)),
        ("family", _t(m.family)),
        (
            "parameters",
            "not published"
            if m.parameters is None
            else f"{humanize_count(m.parameters)} ({m.parameters:,})",
        ),
        ("architecture", _t(m.architecture)),
        ("instruction-tuned", yes_no(m.instruction_tuned)),
        ("instruct variant", maybe(m.instruct_variant)),
        ("base variant", maybe(m.base_variant)),
        ("context window", context),
        ("modality", _t(m.modality)),
        *([("reads", listed(m.inputs))] if m.modality == "multimodal" else []),
        *(
            [("images per prompt", _t(f"{m.images_per_prompt:,}"))]
            if m.images_per_prompt is not None
            else []
        ),
        ("languages", listed(m.languages)),
        *([("with images", listed(m.image_languages))] if m.image_languages else []),
        *([("translates", _t(f"{directions} only"))] if directions else []),
        ("domains", listed(m.domains)),
        ("promptable", yes_no(m.promptable)),
        ("does as it is", listed(m.zero_shot_tasks)),
        (
            "in-context",
            _t(f"{m.in_context_learning} (zero-shot first)")
            if m.zero_shot_first
            else maybe(m.in_context_learning),
        ),
        ("checkpoint", maybe(m.checkpoint)),
        ("weights", _t(weights)),
        ("license", maybe(m.license)),
        ("source", _t(m.source)),
        ("config.json", config),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return print_to_text(_t(m.name, "bold"), table, color=color, width=width)


def models(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="MODEL",
            help="Show this model in full: a catalog name or alias, in any case.",
            show_default=False,
            autocompletion=_complete_model,
        ),
    ] = None,
    modality: Annotated[
        str | None,
        typer.Option(
            metavar="MODALITY",
            help="Only models pre-trained on this: text, code, image, audio, video, tabular,"
            " time-series, multimodal.",
        ),
    ] = None,
    architecture: Annotated[
        str | None,
        typer.Option(
            metavar="ARCHITECTURE", help="Only encoder, decoder or encoder-decoder models."
        ),
    ] = None,
    instruction_tuned: Annotated[
        bool | None,
        typer.Option(
            "--instruction-tuned/--base", help="Only instruction-tuned models, or only base ones."
        ),
    ] = None,
    min_params: Annotated[
        str | None,
        typer.Option(
            "--min-params", metavar="COUNT", help="At least this many parameters, e.g. 1B."
        ),
    ] = None,
    max_params: Annotated[
        str | None,
        typer.Option(
            "--max-params", metavar="COUNT", help="At most this many parameters, e.g. 70B."
        ),
    ] = None,
    task: Annotated[
        str | None,
        typer.Option(
            metavar="TASK",
            help="Only models that do this task as they are (zero-shot), e.g. speech-recognition.",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            metavar="LANGUAGE",
            help="Only models pre-trained on this language (an ISO code or its English name).",
        ),
    ] = None,
    fmt: TextOrJsonOption = "text",
) -> None:
    """List the models in the catalog, or show one in full.

    The catalog is what the advisor knows about a model named in a manifest: its size,
    architecture, modality, languages, domains and instruction-tuned variant.
    """
    from transfer_advisor.catalog import default_catalog
    from transfer_advisor.render.common import to_json

    fmt = text_or_json(fmt)
    catalog = default_catalog()
    filters = (modality, architecture, instruction_tuned, min_params, max_params, task, language)
    if name is not None:
        if any(f is not None for f in filters):
            raise UsageError("give a model NAME or filters, not both")
        entry = catalog.model(name)
        if entry is None:
            candidates = [
                key
                for m in catalog.models
                for key in (m.name, m.name.rsplit("/", 1)[-1], *m.aliases)
            ]
            raise UsageError(
                f"unknown model {name!r}{suggest(name, candidates)} "
                "(list them with: transfer-advisor models)"
            )
        if fmt == "json":
            write_output(to_json(entry.model_dump(mode="json")), None)
        else:
            write_output(_model_card(entry, **stdout_style()), None)
        return

    wanted_task = _pick_task(task)
    wanted_language = _language_code(language)
    wanted_modality = _pick("--modality", modality, "modality")
    wanted_architecture = _pick("--architecture", architecture, "architecture")
    low = _count_option("--min-params", min_params)
    high = _count_option("--max-params", max_params)
    from transfer_advisor.advice.situation import covers, languages_as_codes
    from transfer_advisor.rules.load import default_rulebook

    tables = default_rulebook().tables
    entries = [
        m
        for m in catalog.models
        if (wanted_modality is None or m.modality == wanted_modality)
        and (wanted_architecture is None or m.architecture == wanted_architecture)
        and (instruction_tuned is None or m.instruction_tuned == instruction_tuned)
        and (low is None or (m.parameters is not None and m.parameters >= low))
        and (high is None or (m.parameters is not None and m.parameters <= high))
        and (wanted_task is None or wanted_task in m.zero_shot_tasks)
        # As advise reads them: a macrolanguage covers its members (Norwegian and Bokmål).
        and (
            wanted_language is None
            or covers(wanted_language, languages_as_codes(tuple(m.languages), tables), tables)
        )
    ]
    if fmt == "json":
        write_output(to_json([m.model_dump(mode="json") for m in entries]), None)
        return
    if not entries:
        sys.stderr.write("transfer-advisor: no model in the catalog matches these filters\n")
        return
    write_output(_model_table(entries, **stdout_style()), None)
