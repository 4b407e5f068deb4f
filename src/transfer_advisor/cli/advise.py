"""The ``advise`` command: recommend a strategy and technique for one manifest (or flags).

It builds the manifest, runs the engine and writes the recommendation in the chosen format;
it decides nothing itself. Only typer is imported at the top, so ``--help`` and JSON output
start fast.
"""

# No `from __future__ import annotations` in the command modules: typer re-evaluates string
# annotations with eval() several times per parameter on every run (about 25 ms for all our
# commands), while real annotations are built once, at import.
from typing import Annotated

import typer

from transfer_advisor.cli.common import (
    UsageError,
    build_manifest,
    output_color,
    rulebook_path,
    terminal_width,
    write_output,
)
from transfer_advisor.cli.completion import (
    choices,
    complete_level,
    complete_modality,
    complete_strategy,
    complete_task,
)
from transfer_advisor.cli.options import (
    AvgTokensOption,
    ExamplesOption,
    GpuMemoryOption,
    GpuOption,
    GpusOption,
    ModelConfigOption,
    ModelOption,
    NoConfigOption,
    OutputOption,
    ParametersOption,
    RulesOption,
)

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: text, json, yaml or markdown.",
        autocompletion=choices("text", "json", "yaml", "markdown"),
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``advise`` command to ``app``."""
    app.command("advise")(advise)


def advise(
    manifest: Annotated[
        str | None,
        typer.Argument(
            metavar="MANIFEST",
            help="Project manifest (YAML); '-' reads standard input.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = "text",
    output: OutputOption = None,
    rules: RulesOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every rule evaluated and the facts it used.")
    ] = False,
    what_if: Annotated[
        bool,
        typer.Option("--what-if", help="Show where the advice flips along data volume and budget."),
    ] = False,
    name: Annotated[str | None, typer.Option(metavar="NAME", help="Project name.")] = None,
    examples: ExamplesOption = None,
    model: ModelOption = None,
    task: Annotated[
        str | None,
        typer.Option(
            metavar="TASK", help="Task type, e.g. classification.", autocompletion=complete_task
        ),
    ] = None,
    complexity: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="Task complexity: low, medium or high.",
            autocompletion=complete_level,
        ),
    ] = None,
    domain: Annotated[
        str | None, typer.Option(metavar="TAG", help="Data domain, e.g. legal.")
    ] = None,
    language: Annotated[
        str | None, typer.Option(metavar="TAG", help="Data language, e.g. en.")
    ] = None,
    modality: Annotated[
        str | None,
        typer.Option(
            metavar="MODALITY",
            help="Data modality, e.g. text, image.",
            autocompletion=complete_modality,
        ),
    ] = None,
    avg_tokens: AvgTokensOption = None,
    parameters: ParametersOption = None,
    instruction_tuned: Annotated[
        bool | None,
        typer.Option("--instruction-tuned/--base", help="The model is instruction-tuned or base."),
    ] = None,
    budget: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="Budget level: low, medium or high.",
            autocompletion=complete_level,
        ),
    ] = None,
    gpu: GpuOption = None,
    gpu_memory: GpuMemoryOption = None,
    gpus: GpusOption = None,
    gpu_hours: Annotated[
        float | None, typer.Option(metavar="HOURS", help="GPU-hours available.")
    ] = None,
    usd: Annotated[float | None, typer.Option(metavar="USD", help="Budget in US dollars.")] = None,
    prompting_tried: Annotated[
        bool | None,
        typer.Option("--prompting-tried/--prompting-not-tried", help="A few-shot baseline exists."),
    ] = None,
    meets_target: Annotated[
        bool | None,
        typer.Option("--meets-target/--misses-target", help="The few-shot baseline's result."),
    ] = None,
    preserve_general: Annotated[
        bool | None,
        typer.Option("--preserve-general", help="The model must keep its general skills."),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            metavar="STRATEGY",
            help="Planned strategy: in_context, peft or full_fine_tune.",
            autocompletion=complete_strategy,
        ),
    ] = None,
    model_config: ModelConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Recommend a strategy and technique for one project manifest (or flags)."""
    from transfer_advisor.advice.engine import advise as run_advise
    from transfer_advisor.render.common import OutputFormat
    from transfer_advisor.render.recommendation import format_recommendation
    from transfer_advisor.rules.load import load_rulebook

    try:
        output_format = OutputFormat(fmt)
    except ValueError:
        formats = ", ".join(f.value for f in OutputFormat)
        raise UsageError(f"--format must be one of: {formats}") from None
    flags = {
        "name": name, "examples": examples, "model": model, "task": task,
        "complexity": complexity, "domain": domain, "language": language, "modality": modality,
        "avg_tokens": avg_tokens, "parameters": parameters,
        "instruction_tuned": instruction_tuned, "budget": budget, "gpu": gpu,
        "gpu_memory": gpu_memory, "gpus": gpus, "gpu_hours": gpu_hours, "usd": usd,
        "prompting_tried": prompting_tried, "meets_target": meets_target,
        "preserve_general": preserve_general, "plan": plan, "model_config": model_config,
    }  # fmt: skip
    rulebook = load_rulebook(rulebook_path(rules, manifest, no_config))
    loaded = build_manifest(manifest, flags)
    recommendation = run_advise(loaded, rulebook, explain=explain)
    if what_if:
        import dataclasses

        from transfer_advisor.advice.whatif import what_if as run_what_if

        recommendation = dataclasses.replace(recommendation, what_if=run_what_if(loaded, rulebook))
    color = output_color(output)
    text = format_recommendation(recommendation, output_format, color=color, width=terminal_width())
    write_output(text, output)
