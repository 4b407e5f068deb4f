"""The authoring commands: ``models``, ``schema``, ``init`` and the ``rules`` group.

They read the catalog, the rulebook and the pydantic models and write what they find; they
decide nothing about a project. Only typer is imported at the top: the library, rich and
PyYAML are imported inside the commands, so ``--help`` and shell completion start fast.
"""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from transfer_advisor.cli.options import ForceOption, NoConfigOption, OutputOption, TextOrJsonOption

if TYPE_CHECKING:
    from transfer_advisor.catalog import ModelEntry
    from transfer_advisor.rules.load import Origin, Rulebook

#: The ``rules`` group. Other modules add commands to it (``rules validate``).
rules_app = typer.Typer(
    name="rules",
    help="Inspect the active rulebook, or start a rulebook of your own.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_TEXT_FORMATS = ("text", "json")


def register(app: typer.Typer) -> None:
    """Add ``models``, ``schema``, ``init`` and the ``rules`` group to ``app``."""
    app.command("models")(models)
    app.command("schema")(schema)
    app.command("init")(init)
    app.add_typer(rules_app, name="rules")


# --- shared helpers ----------------------------------------------------------------------------


def _usage(message: str, **where: Any) -> Exception:
    from transfer_advisor.cli.common import UsageError

    return UsageError(message, **where)


def _check_format(fmt: str) -> str:
    if fmt not in _TEXT_FORMATS:
        raise _usage(f"--format must be one of: {', '.join(_TEXT_FORMATS)}")
    return fmt


def _suggest(wanted: str, candidates: list[str]) -> str:
    """``; did you mean 'x'?`` for the closest candidate (case-insensitive), or nothing."""
    import difflib

    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(candidate.lower(), candidate)
    close = difflib.get_close_matches(wanted.lower(), list(by_key), n=1)
    return f"; did you mean {by_key[close[0]]!r}?" if close else ""


def _stdout_style() -> tuple[bool, int]:
    """Color and width for text written to standard output.

    A terminal gets its own width; a pipe or file gets a wide, fixed one, so names are never
    wrapped there and the output does not depend on who runs it.
    """
    from transfer_advisor.cli.common import stream_is_tty, terminal_width, use_color

    tty = stream_is_tty(sys.stdout)
    return use_color(tty), terminal_width() if tty else 160


def _render(*items: Any, color: bool, width: int) -> str:
    """Print rich renderables to a string (markup off: text from data is never styled)."""
    from transfer_advisor.render.console import print_to_text

    return print_to_text(*items, color=color, width=width)


def _write(text: str) -> None:
    from transfer_advisor.cli.common import write_output

    write_output(text, None)


def _write_new(path: Path, text: str, *, force: bool) -> None:
    """Create ``path`` with ``text``; an existing file is replaced only with ``force``."""
    from transfer_advisor.errors import TransferAdvisorError

    _refuse_existing(path, force)
    try:
        with open(path, "w" if force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise _usage("already exists; pass --force to overwrite it", source=str(path)) from None
    except OSError as exc:
        raise TransferAdvisorError(f"cannot write: {exc.strerror}", source=str(path)) from None


def _refuse_existing(path: Path, force: bool) -> None:
    if path.is_dir():
        raise _usage("is a directory; give a file name", source=str(path))
    if path.exists() and not force:
        raise _usage("already exists; pass --force to overwrite it", source=str(path))


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- models ------------------------------------------------------------------------------------


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
        raise _usage(f"{option} must be one of: {', '.join(choices)} (got {value!r})")
    return value.lower()


def _count_option(option: str, value: str | None) -> int | None:
    from transfer_advisor.manifest import parse_count

    if value is None:
        return None
    try:
        count = parse_count(value)
    except ValueError as exc:
        raise _usage(f"{option}: {exc}") from None
    if not isinstance(count, int):
        raise _usage(f"{option}: expected a parameter count such as 110M, 7B or 1.5e9")
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
            humanize_count(m.parameters),
            _t(m.architecture),
            _yes_no(m.instruction_tuned),
            context,
            _t(m.modality),
        )
    return _render(table, color=color, width=width)


def _model_card(m: "ModelEntry", *, color: bool, width: int) -> str:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.render.terminal import _t

    def listed(values: list[str]) -> Text:
        return _t(", ".join(values)) if values else Text("—", style="dim")

    def maybe(value: str | None) -> Text:
        return _t(value) if value else Text("—", style="dim")

    table = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    context = "—" if m.context_window is None else f"{m.context_window:,} tokens"
    # The architecture values the estimates use (see models.yaml), or none: then the estimates
    # approximate the shape from the parameter count.
    config = (
        Text("— (shape approximated from the parameter count)", style="dim")
        if m.config is None
        else _t(", ".join(f"{k}: {json.dumps(v)}" for k, v in m.config.as_config().items()))
    )
    rows: list[tuple[str, Text | str]] = [
        ("aliases", listed(m.aliases)),
        ("family", _t(m.family)),
        ("parameters", f"{humanize_count(m.parameters)} ({m.parameters:,})"),
        ("architecture", _t(m.architecture)),
        ("instruction-tuned", _yes_no(m.instruction_tuned)),
        ("instruct variant", maybe(m.instruct_variant)),
        ("base variant", maybe(m.base_variant)),
        ("context window", context),
        ("modality", _t(m.modality)),
        ("languages", listed(m.languages)),
        ("domains", listed(m.domains)),
        ("promptable", _yes_no(m.promptable)),
        ("license", maybe(m.license)),
        ("source", _t(m.source)),
        ("config.json", config),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return _render(_t(m.name, "bold"), table, color=color, width=width)


def models(
    name: Annotated[
        str | None,
        typer.Argument(
            help="Show this model in full: a catalog name or alias, in any case.",
            show_default=False,
            autocompletion=_complete_model,
        ),
    ] = None,
    modality: Annotated[
        str | None,
        typer.Option(
            help="Only models pre-trained on this: text, code, image, audio, video, multimodal."
        ),
    ] = None,
    architecture: Annotated[
        str | None, typer.Option(help="Only encoder, decoder or encoder-decoder models.")
    ] = None,
    instruction_tuned: Annotated[
        bool | None,
        typer.Option(
            "--instruction-tuned/--base", help="Only instruction-tuned models, or only base ones."
        ),
    ] = None,
    min_params: Annotated[
        str | None, typer.Option("--min-params", help="At least this many parameters, e.g. 1B.")
    ] = None,
    max_params: Annotated[
        str | None, typer.Option("--max-params", help="At most this many parameters, e.g. 70B.")
    ] = None,
    fmt: TextOrJsonOption = "text",
) -> None:
    """List the models in the catalog, or show one in full.

    The catalog is what the advisor knows about a model named in a manifest: its size,
    architecture, modality, languages, domains and instruction-tuned variant.
    """
    from transfer_advisor.catalog import default_catalog
    from transfer_advisor.render.common import to_json

    fmt = _check_format(fmt)
    catalog = default_catalog()
    filters = (modality, architecture, instruction_tuned, min_params, max_params)
    if name is not None:
        if any(f is not None for f in filters):
            raise _usage("give a model NAME or filters, not both")
        entry = catalog.model(name)
        if entry is None:
            candidates = [
                key
                for m in catalog.models
                for key in (m.name, m.name.rsplit("/", 1)[-1], *m.aliases)
            ]
            raise _usage(
                f"unknown model {name!r}{_suggest(name, candidates)} "
                "(list them with: transfer-advisor models)"
            )
        if fmt == "json":
            _write(to_json(entry.model_dump(mode="json")))
        else:
            _write(_model_card(entry, **_style_kwargs()))
        return

    wanted_modality = _pick("--modality", modality, "modality")
    wanted_architecture = _pick("--architecture", architecture, "architecture")
    low = _count_option("--min-params", min_params)
    high = _count_option("--max-params", max_params)
    entries = [
        m
        for m in catalog.models
        if (wanted_modality is None or m.modality == wanted_modality)
        and (wanted_architecture is None or m.architecture == wanted_architecture)
        and (instruction_tuned is None or m.instruction_tuned == instruction_tuned)
        and (low is None or m.parameters >= low)
        and (high is None or m.parameters <= high)
    ]
    if fmt == "json":
        _write(to_json([m.model_dump(mode="json") for m in entries]))
        return
    if not entries:
        sys.stderr.write("transfer-advisor: no model in the catalog matches these filters\n")
        return
    _write(_model_table(entries, **_style_kwargs()))


def _style_kwargs() -> dict[str, Any]:
    color, width = _stdout_style()
    return {"color": color, "width": width}


# --- schema ------------------------------------------------------------------------------------


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
            metavar="manifest|rulebook|output",
        ),
    ],
    output: OutputOption = None,
) -> None:
    """Write the JSON Schema of a manifest, a rulebook or the JSON output.

    Editors use it to check and complete YAML as you type; see docs/authoring.md.
    """
    from transfer_advisor.cli.common import write_output
    from transfer_advisor.schemas import KINDS, schema_text

    if kind not in KINDS:
        raise _usage(
            f"unknown schema {kind!r}{_suggest(kind, list(KINDS))} "
            f"(choose from: {', '.join(KINDS)})"
        )
    write_output(schema_text(kind), output)


# --- init --------------------------------------------------------------------------------------


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


def _ask_count(prompt: str, default: int) -> int:
    while True:
        answer = typer.prompt(prompt, default=default, type=int)
        if isinstance(answer, int) and answer >= 0:
            return answer
        typer.echo("Please give a whole number, 0 or more.", err=True)


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the manifest.")] = Path(
        "transfer-advisor.yaml"
    ),
    force: ForceOption = False,
) -> None:
    """Write a commented manifest for a new project.

    On a terminal it asks for the project name, task type, number of labeled examples and
    model; otherwise it writes placeholders that are valid, to edit by hand.
    """
    import typing

    from transfer_advisor.catalog import default_catalog
    from transfer_advisor.cli.common import stdin_is_tty
    from transfer_advisor.cli.starters import (
        DEFAULT_EXAMPLES,
        DEFAULT_MODEL,
        DEFAULT_TASK,
        manifest_template,
        project_name,
    )
    from transfer_advisor.manifest import TaskType, load_manifest_text

    _refuse_existing(path, force)
    name = project_name(path.resolve().parent.name)
    task_type, examples, model = DEFAULT_TASK, DEFAULT_EXAMPLES, DEFAULT_MODEL
    if stdin_is_tty():
        name = _ask_text("Project name", name)
        task_type = _ask_choice("Task type", typing.get_args(TaskType), task_type)
        examples = _ask_count("Labeled examples you have now", examples)
        model = _ask_text("Model (catalog name or Hugging Face id)", model)
    text = manifest_template(
        name=name, task_type=task_type, labeled_examples=examples, model=model, path=path.name
    )
    load_manifest_text(text, str(path))  # what is written must load; a bug if it does not
    _write_new(path, text, force=force)
    note = ""
    if default_catalog().model(model) is None:
        note = f"; {model!r} is not in the catalog, so describe it under model:"
    sys.stderr.write(f"Wrote {path}{note}. Next: transfer-advisor advise {path}\n")


# --- rules -------------------------------------------------------------------------------------


def _where(origin: "Origin", *more: str | int) -> dict[str, Any]:
    mark = origin.mark(*more)
    return {
        "file": origin.source,
        "line": mark.line if mark else None,
        "column": mark.column if mark else None,
    }


def _where_text(where: dict[str, Any]) -> str:
    parts = [str(where[k]) for k in ("file", "line", "column") if where[k] is not None]
    return ":".join(parts)


def _all_rules(rulebook: "Rulebook") -> list[tuple[str, Any]]:
    """Every rule as (kind, compiled rule), in the order the engine evaluates them."""
    return (
        [("strategy", r) for r in rulebook.strategy]
        + [("technique", r) for r in rulebook.technique]
        + [("finding", r) for r in rulebook.findings]
    )


def rulebook_summary(rulebook: "Rulebook") -> dict[str, Any]:
    """The rulebook's rules and thresholds as JSON-ready data (for ``rules show``)."""
    rules = []
    for kind, compiled in _all_rules(rulebook):
        rule = compiled.rule
        rules.append(
            {
                "id": rule.id,
                "kind": kind,
                "severity": rule.severity if kind == "finding" else None,
                "description": rule.description,
                "source": rule.source,
                "defined": _where(compiled.origin),
            }
        )
    thresholds = [
        {"name": name, "value": value, "defined": _where(rulebook.threshold_origins[name])}
        for name, value in rulebook.thresholds.items()
    ]
    return {
        "name": rulebook.name,
        "description": _one_line(rulebook.description),
        "sources": list(rulebook.sources),
        "rules": rules,
        "thresholds": thresholds,
        "disabled": list(rulebook.disabled),
    }


def _condition_text(when: str | bool) -> str:
    return str(when).lower() if isinstance(when, bool) else _one_line(when)


def _fact_meaning(rulebook: "Rulebook", name: str) -> str:
    from transfer_advisor.rules.facts import BASE_FACTS, DECISION_FACTS

    if name.startswith("thresholds."):
        return f"threshold, {rulebook.thresholds.get(name.split('.', 1)[1])} in this rulebook"
    for fact in rulebook.facts:
        if fact.name == name:
            return f"{fact.description} (derived: {_one_line(fact.value.text)})"
    return BASE_FACTS.get(name) or DECISION_FACTS.get(name, "")


def rule_detail(rulebook: "Rulebook", rule_id: str) -> dict[str, Any] | None:
    """One rule in full as JSON-ready data, or None if the rulebook has no such rule."""
    found = [(kind, r) for kind, r in _all_rules(rulebook) if r.rule.id == rule_id]
    if not found:
        return None
    kind, compiled = found[0]
    rule = compiled.rule
    when = _one_line(compiled.when.text)
    out: dict[str, Any] = {"id": rule.id, "kind": kind, "description": rule.description}
    if kind in ("strategy", "technique"):
        section = rulebook.strategy if kind == "strategy" else rulebook.technique
        out["position"] = section.index(compiled) + 1
    if kind == "finding":
        out["finding"] = compiled.finding_id
        out["severity"] = rule.severity
        out["field"] = rule.field
        out["check_only"] = rule.check_only
    else:
        out["strategy"] = rule.strategy
    if kind == "technique":
        out["technique"] = rule.technique
    out["when"] = when
    if kind == "finding":
        out["message"] = _one_line(rule.message)
        out["details"] = [
            {"when": _condition_text(d.when), "text": _one_line(d.text)} for d in rule.details
        ]
    else:
        out["rationale"] = None if rule.rationale is None else _one_line(rule.rationale)
    ordered = sorted(compiled.when.names, key=lambda n: (when.find(n), n))
    out["facts"] = [{"name": n, "meaning": _fact_meaning(rulebook, n)} for n in ordered]
    out["source"] = rule.source
    out["defined"] = _where(compiled.origin)
    return out


def _rulebook_text(summary: dict[str, Any], *, color: bool, width: int) -> str:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.render.terminal import _t

    head = Text("Rulebook ").append_text(_t(summary["name"], "bold"))
    head.append("  (").append_text(_t(" + ".join(summary["sources"]))).append(")")
    items: list[Any] = [head]
    if summary["description"]:
        items.append(_t(summary["description"]))
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("what it checks", ratio=3)
    table.add_column("source", ratio=2)
    for rule in summary["rules"]:
        table.add_row(
            _t(rule["id"], "bold"),
            rule["kind"],
            rule["severity"] or "",
            _t(rule["description"]),
            _t(rule["source"]),
        )
    items += [Text(), table, Text()]
    thresholds = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    thresholds.add_column("threshold", no_wrap=True)
    thresholds.add_column("value", justify="right", no_wrap=True)
    thresholds.add_column("set in", no_wrap=True)
    for item in summary["thresholds"]:
        thresholds.add_row(
            _t(item["name"]), _t(str(item["value"])), _t(_where_text(item["defined"]))
        )
    items.append(thresholds)
    if summary["disabled"]:
        items += [Text(), Text("disabled: ").append_text(_t(", ".join(summary["disabled"])))]
    return _render(*items, color=color, width=width)


# The rows of `rules show RULE_ID`, in reading order: what it decides, when, what it says.
_LABELS = {
    "strategy": "strategy",
    "technique": "technique",
    "position": "order",
    "finding": "finding id",
    "severity": "severity",
    "field": "field",
    "check_only": "check only",
    "when": "when",
    "rationale": "rationale",
    "message": "message",
    "details": "detail",
    "source": "source",
    "defined": "defined at",
}


def _rule_text(detail: dict[str, Any], total: dict[str, int], *, color: bool, width: int) -> str:
    from rich.table import Table
    from rich.text import Text

    from transfer_advisor.render.terminal import _t

    kind = detail["kind"]
    head = _t(detail["id"], "bold").append(f"  ({kind} rule)")
    table = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("checks", _t(detail["description"]))
    for key, label in _LABELS.items():
        value = detail.get(key)
        if value is None:
            continue
        if key == "details":
            for item in value:
                line = Text("if ").append_text(_t(item["when"], "italic")).append(": ")
                table.add_row(label, line.append_text(_t(item["text"])))
            continue
        if key == "defined":
            value = _where_text(value)
        elif key == "position":
            scope = "for the chosen strategy " if kind == "technique" else ""
            value = (
                f"{value} of {total[kind]} {kind} rules (the first one {scope}whose "
                "condition holds decides)"
            )
        elif isinstance(value, bool):
            value = _yes_no(value)
        table.add_row(label, _t(str(value)))
    items: list[Any] = [head, table]
    if detail["facts"]:
        facts = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
        facts.add_column("fact the condition reads", no_wrap=True)
        facts.add_column("meaning")
        for fact in detail["facts"]:
            facts.add_row(_t(fact["name"]), _t(fact["meaning"]))
        items += [Text(), facts]
    return _render(*items, color=color, width=width)


def _complete_rule(ctx: typer.Context, incomplete: str) -> list[str]:
    from transfer_advisor.errors import TransferAdvisorError
    from transfer_advisor.rules.load import load_rulebook

    try:
        rulebook = load_rulebook(ctx.params.get("rules"))
    except TransferAdvisorError:
        return []
    return [r for r in rulebook.rule_ids() if r.startswith(incomplete)]


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[RULE_ID]",
            help="Show this rule in full: its condition, text, facts and where it is defined "
            "(a group id such as domain-mismatch: each rule of the group).",
            show_default=False,
            autocompletion=_complete_rule,
        ),
    ] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Show this rulebook instead of the default.")
    ] = None,
    fmt: TextOrJsonOption = "text",
    no_config: NoConfigOption = False,
) -> None:
    """List the rules and thresholds of the active rulebook, or show one rule in full.

    The active rulebook is --rules, else the one pyproject.toml's [tool.transfer-advisor]
    names for the current folder, else the default.
    """
    from transfer_advisor.cli.common import configured_rules
    from transfer_advisor.render.common import to_json
    from transfer_advisor.rules.load import load_rulebook

    fmt = _check_format(fmt)
    rulebook = load_rulebook(rules if rules is not None or no_config else configured_rules(None))
    if rule_id is None:
        summary = rulebook_summary(rulebook)
        _write(to_json(summary) if fmt == "json" else _rulebook_text(summary, **_style_kwargs()))
        return
    detail = rule_detail(rulebook, rule_id)
    # An id that names a group (domain-mismatch) shows every rule of the group.
    group = [r for r in rulebook.rule_ids() if r.startswith(rule_id + "/")]
    if detail is None and not group:
        raise _usage(_unknown_rule(rulebook, rule_id))
    details = [detail] if detail is not None else [rule_detail(rulebook, r) for r in group]
    if fmt == "json":
        _write(to_json(detail if detail is not None else {"group": rule_id, "rules": details}))
        return
    total = {"strategy": len(rulebook.strategy), "technique": len(rulebook.technique)}
    style = _style_kwargs()
    _write("\n".join(_rule_text(d, total, **style) for d in details if d is not None))


def _unknown_rule(rulebook: "Rulebook", rule_id: str) -> str:
    if rule_id in rulebook.disabled:
        return f"rule {rule_id!r} is disabled in this rulebook"
    ids = rulebook.rule_ids()
    return (f"unknown rule {rule_id!r}{_suggest(rule_id, ids)} "
            "(list them with: transfer-advisor rules show)")  # fmt: skip


@rules_app.command("init")
def rules_init(
    path: Annotated[Path, typer.Argument(help="Where to write the rulebook.")] = Path(
        "transfer-advisor-rules.yaml"
    ),
    force: ForceOption = False,
) -> None:
    """Write a starting rulebook that extends the default one, with comments.

    It overrides two thresholds, shows how to disable a rule and adds a finding of its own.
    """
    from transfer_advisor.cli.starters import RULEBOOK_TEMPLATE
    from transfer_advisor.rules.load import load_rulebook_text

    _refuse_existing(path, force)
    load_rulebook_text(RULEBOOK_TEMPLATE, str(path))  # what is written must load
    _write_new(path, RULEBOOK_TEMPLATE, force=force)
    sys.stderr.write(f"Wrote {path}. Use it: transfer-advisor advise --rules {path} MANIFEST\n")
