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
from transfer_advisor.cli.completion import choices
from transfer_advisor.cli.options import (
    AvgTokensOption,
    BudgetOption,
    ComplexityOption,
    DomainOption,
    ExamplesOption,
    GpuHoursOption,
    GpuMemoryOption,
    GpuOption,
    GpusOption,
    InstructionTunedOption,
    LanguageOption,
    ManifestArgument,
    MeetsTargetOption,
    ModalityOption,
    ModelConfigOption,
    ModelOption,
    NameOption,
    NoConfigOption,
    OutputOption,
    ParametersOption,
    PlanOption,
    PreserveGeneralOption,
    PromptingTriedOption,
    RulesOption,
    TaskOption,
    UsdOption,
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
    manifest: ManifestArgument = None,
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
    name: NameOption = None,
    examples: ExamplesOption = None,
    model: ModelOption = None,
    task: TaskOption = None,
    complexity: ComplexityOption = None,
    domain: DomainOption = None,
    language: LanguageOption = None,
    modality: ModalityOption = None,
    avg_tokens: AvgTokensOption = None,
    parameters: ParametersOption = None,
    instruction_tuned: InstructionTunedOption = None,
    budget: BudgetOption = None,
    gpu: GpuOption = None,
    gpu_memory: GpuMemoryOption = None,
    gpus: GpusOption = None,
    gpu_hours: GpuHoursOption = None,
    usd: UsdOption = None,
    prompting_tried: PromptingTriedOption = None,
    meets_target: MeetsTargetOption = None,
    preserve_general: PreserveGeneralOption = None,
    plan: PlanOption = None,
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
