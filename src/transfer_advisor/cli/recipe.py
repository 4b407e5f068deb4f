"""The ``recipe`` command: a ready training config for a trainer, fitted to the GPUs.

It builds the manifest as ``advise`` does (the same field flags), asks the recipes package for
the recipe and writes it; it decides nothing itself. Only typer is imported at the top.
"""

# No `from __future__ import annotations`: see cli/advise.py.
import sys
from pathlib import Path
from typing import Annotated

import typer

from transfer_advisor.cli.common import UsageError, build_manifest, rulebook_path, write_output
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

_TARGETS = ("axolotl", "llama-factory", "trl", "transformers")


def register(app: typer.Typer) -> None:
    """Add the ``recipe`` command to ``app``."""
    app.command("recipe")(recipe)


def recipe(
    manifest: ManifestArgument = None,
    target: Annotated[
        str,
        typer.Option(
            "--for",
            metavar="TRAINER",
            help="Trainer: axolotl, llama-factory, trl or transformers.",
            autocompletion=choices(*_TARGETS),
        ),
    ] = "",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: yaml (the trainer's config) or json.",
            autocompletion=choices("yaml", "json"),
        ),
    ] = "yaml",
    output: OutputOption = None,
    rules: RulesOption = None,
    recipes: Annotated[
        Path | None,
        typer.Option(
            "--recipes", metavar="FILE", help="Recipe defaults to use instead of the shipped ones."
        ),
    ] = None,
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
    """Write a ready training config for a trainer, fitted to the GPUs by the estimator.

    The config's comment header says what to run, the data format, the fitted batch, the
    estimated memory, time and cost of this setup, and what was assumed.
    """
    from transfer_advisor.recipes import build_recipe, load_recipe_defaults, recipe_text
    from transfer_advisor.rules.load import load_rulebook

    if target not in _TARGETS:
        given = f" (got {target!r})" if target else ""
        raise UsageError(f"--for must be one of: {', '.join(_TARGETS)}{given}")
    if fmt not in ("yaml", "json"):
        raise UsageError("--format must be one of: yaml, json")
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
    defaults = load_recipe_defaults(recipes)
    loaded = build_manifest(manifest, flags)
    to_file = output is not None and str(output) != "-"
    config_name = output.name if to_file and output is not None else "recipe.yaml"
    built = build_recipe(
        loaded, target, rulebook=rulebook, defaults=defaults, config_name=config_name
    )
    write_output(recipe_text(built, fmt), output)
    if to_file and built.command:
        sys.stderr.write(f"Wrote {output}. Run: {built.command}\n")
