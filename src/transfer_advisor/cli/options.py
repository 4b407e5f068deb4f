"""Command-line options that several commands share, declared once so they read alike."""

from pathlib import Path
from typing import Annotated

import typer

from transfer_advisor.cli.completion import (
    choices,
    complete_gpu,
    complete_level,
    complete_modality,
    complete_model,
    complete_strategy,
    complete_task,
)

# Metavars: one upper-case word per kind of value (FILE, FORMAT, N, GB, ...), the same in every
# command's --help.

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file ('-': stdout)."),
]
RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", metavar="FILE", help="Use this rulebook instead of the default."),
]
NoConfigOption = Annotated[
    bool, typer.Option("--no-config", help="Ignore [tool.transfer-advisor] in pyproject.toml.")
]
TextOrJsonOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: text or json.",
        autocompletion=choices("text", "json"),
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")]

ManifestArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="MANIFEST",
        help="Project manifest (YAML); '-' reads standard input.",
        show_default=False,
    ),
]

# Flags that set manifest fields, shared by advise, estimate and recipe.
ExamplesOption = Annotated[
    int | None, typer.Option(metavar="N", help="Number of labeled examples.")
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        metavar="MODEL", help="Model: catalog name or HF id.", autocompletion=complete_model
    ),
]
ParametersOption = Annotated[
    str | None, typer.Option(metavar="COUNT", help="Model parameters, e.g. 7B.")
]
AvgTokensOption = Annotated[
    int | None, typer.Option(metavar="N", help="Average tokens per example.")
]
GpuMemoryOption = Annotated[
    float | None, typer.Option(metavar="GB", help="GPU memory per GPU, in GB.")
]
GpusOption = Annotated[int | None, typer.Option(metavar="N", help="Number of GPUs.")]
GpuOption = Annotated[
    str | None,
    typer.Option(
        metavar="GPU",
        help="GPU type from the catalog, e.g. A100-80GB.",
        autocompletion=complete_gpu,
    ),
]
ModelConfigOption = Annotated[
    # A string, not a Path: a URL must reach the manifest's check intact (a Path folds "//").
    str | None,
    typer.Option("--model-config", metavar="FILE", help="A Hugging Face config.json."),
]
NameOption = Annotated[str | None, typer.Option(metavar="NAME", help="Project name.")]
TaskOption = Annotated[
    str | None,
    typer.Option(
        metavar="TASK", help="Task type, e.g. classification.", autocompletion=complete_task
    ),
]
ComplexityOption = Annotated[
    str | None,
    typer.Option(
        metavar="LEVEL", help="Task complexity: low, medium or high.", autocompletion=complete_level
    ),
]
DomainOption = Annotated[str | None, typer.Option(metavar="TAG", help="Data domain, e.g. legal.")]
LanguageOption = Annotated[str | None, typer.Option(metavar="TAG", help="Data language, e.g. en.")]
ModalityOption = Annotated[
    str | None,
    typer.Option(
        metavar="MODALITY",
        help="Data modality, e.g. text, image.",
        autocompletion=complete_modality,
    ),
]
InstructionTunedOption = Annotated[
    bool | None,
    typer.Option("--instruction-tuned/--base", help="The model is instruction-tuned or base."),
]
BudgetOption = Annotated[
    str | None,
    typer.Option(
        metavar="LEVEL", help="Budget level: low, medium or high.", autocompletion=complete_level
    ),
]
GpuHoursOption = Annotated[float | None, typer.Option(metavar="HOURS", help="GPU-hours available.")]
UsdOption = Annotated[float | None, typer.Option(metavar="USD", help="Budget in US dollars.")]
PromptingTriedOption = Annotated[
    bool | None,
    typer.Option("--prompting-tried/--prompting-not-tried", help="A few-shot baseline exists."),
]
MeetsTargetOption = Annotated[
    bool | None,
    typer.Option("--meets-target/--misses-target", help="The few-shot baseline's result."),
]
PreserveGeneralOption = Annotated[
    bool | None,
    typer.Option("--preserve-general", help="The model must keep its general skills."),
]
PlanOption = Annotated[
    str | None,
    typer.Option(
        metavar="STRATEGY",
        help="Planned strategy: in_context, peft or full_fine_tune.",
        autocompletion=complete_strategy,
    ),
]
