"""The ``rules`` group: ``rules show``, ``rules validate`` and ``rules init``.

They read the active rulebook and write what they find, or write a starting rulebook; they
decide nothing about a project. Only typer is imported at the top: the rulebook, rich and
PyYAML are imported inside the commands, so ``--help`` and shell completion start fast.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from transfer_advisor.cli.common import (
    UsageError,
    configured_rules,
    refuse_existing,
    stdout_style,
    suggest,
    text_or_json,
    write_new,
    write_output,
)
from transfer_advisor.cli.options import ForceOption, NoConfigOption, TextOrJsonOption

if TYPE_CHECKING:
    from transfer_advisor.rules.rulebook import Rulebook


def register(app: typer.Typer) -> typer.Typer:
    """Add the ``rules`` group (``show``, ``init``, ``validate``) to ``app``; the group (a new
    one each time, so an app may be built more than once in a process)."""
    rules_app = typer.Typer(
        name="rules",
        help="Inspect the active rulebook, or start a rulebook of your own.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    rules_app.command("show")(rules_show)
    rules_app.command("init")(rules_init)
    rules_app.command("validate")(rules_validate)
    app.add_typer(rules_app, name="rules")
    return rules_app


def _complete_rule(ctx: typer.Context, incomplete: str) -> list[str]:
    from transfer_advisor.errors import TransferAdvisorError
    from transfer_advisor.rules.load import load_rulebook

    try:
        rulebook = load_rulebook(ctx.params.get("rules"))
    except TransferAdvisorError:
        return []
    return [r for r in rulebook.rule_ids() if r.startswith(incomplete)]


def rules_show(
    rule_id: Annotated[
        str | None,
        typer.Argument(
            metavar="RULE_ID",
            help="Show this rule in full: its condition, text, facts and where it is defined "
            "(a group id such as domain-mismatch: each rule of the group).",
            show_default=False,
            autocompletion=_complete_rule,
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", metavar="FILE", help="Show this rulebook instead of the default."),
    ] = None,
    fmt: TextOrJsonOption = "text",
    no_config: NoConfigOption = False,
    recipes: Annotated[
        Path | None,
        typer.Option(
            "--recipes", metavar="FILE", help="With 'recipes': show this recipes file instead."
        ),
    ] = None,
) -> None:
    """List the rules and thresholds of the active rulebook, or show one rule in full.

    The active rulebook is --rules, else the one pyproject.toml's [tool.transfer-advisor]
    names for the current folder, else the default. `rules show recipes` lists the defaults
    of training recipes (data/recipes.yaml, or --recipes FILE) with their sources.
    """
    from transfer_advisor.render.common import to_json
    from transfer_advisor.render.rulebook import recipes_text, rule_text, rulebook_text
    from transfer_advisor.rules.introspect import rule_detail, rulebook_summary
    from transfer_advisor.rules.load import load_rulebook

    fmt = text_or_json(fmt)
    if rule_id == "recipes":
        from transfer_advisor.recipes.defaults import defaults_summary, load_recipe_defaults

        summary = defaults_summary(load_recipe_defaults(recipes))
        write_output(
            to_json(summary) if fmt == "json" else recipes_text(summary, **stdout_style()), None
        )
        return
    rulebook = load_rulebook(rules if rules is not None or no_config else configured_rules(None))
    if rule_id is None:
        summary = rulebook_summary(rulebook)
        write_output(
            to_json(summary) if fmt == "json" else rulebook_text(summary, **stdout_style()), None
        )
        return
    if rule_id in rulebook.disabled:
        raise UsageError(_unknown_rule(rulebook, rule_id))
    detail = rule_detail(rulebook, rule_id)
    # An id that names a group (domain-mismatch) shows every rule of the group.
    group = [r for r in rulebook.rule_ids() if r.startswith(rule_id + "/")]
    if detail is None and not group:
        raise UsageError(_unknown_rule(rulebook, rule_id))
    details = [detail] if detail is not None else [rule_detail(rulebook, r) for r in group]
    if fmt == "json":
        write_output(
            to_json(detail if detail is not None else {"group": rule_id, "rules": details}), None
        )
        return
    total = {"strategy": len(rulebook.strategy), "technique": len(rulebook.technique)}
    style = stdout_style()
    write_output("\n".join(rule_text(d, total, **style) for d in details if d is not None), None)


def _unknown_rule(rulebook: "Rulebook", rule_id: str) -> str:
    if rule_id in rulebook.disabled:
        return f"rule {rule_id!r} is disabled in this rulebook"
    ids = rulebook.rule_ids()
    return (f"unknown rule {rule_id!r}{suggest(rule_id, ids)} "
            "(list them with: transfer-advisor rules show)")  # fmt: skip


def rules_init(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the rulebook.")
    ] = Path("transfer-advisor-rules.yaml"),
    force: ForceOption = False,
) -> None:
    """Write a starting rulebook that extends the default one, with comments.

    It overrides two thresholds, shows how to disable a rule and adds a finding of its own.
    """
    from transfer_advisor.cli.starters import rulebook_template
    from transfer_advisor.rules.load import load_rulebook_text

    refuse_existing(path, force)
    template = rulebook_template(path.name)
    load_rulebook_text(template, str(path), cache=False)  # what is written must load
    write_new(path, template, force=force)
    sys.stderr.write(f"Wrote {path}. Use it: transfer-advisor advise --rules {path} MANIFEST\n")


def rules_validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE", help="Rulebook to check (default: the shipped one).", show_default=False
        ),
    ] = None,
) -> None:
    """Check a rulebook: schema, unknown facts, templates, threshold order, bands, rule order."""
    from transfer_advisor.rules.load import default_rulebook_text, load_rulebook, load_rulebook_text

    # Every check, every time: neither the trusted fast path nor the rule cache.
    if path is None:
        rulebook = load_rulebook_text(default_rulebook_text(), "default.yaml", cache=False)
        name = "default rulebook"
    else:
        rulebook = load_rulebook(path, cache=False)
        name = str(path)
    counts = (len(rulebook.strategy), len(rulebook.technique), len(rulebook.findings))
    sys.stdout.write(
        f"{name}: valid ({counts[0]} strategy, {counts[1]} technique and {counts[2]} finding"
        f" rules; {len(rulebook.thresholds)} thresholds)\n"
    )
