"""Command-line options that several commands share, declared once so they read alike."""

from pathlib import Path
from typing import Annotated

import typer

from transfer_advisor.cli.completion import choices, complete_gpu, complete_model

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

# Flags that set manifest fields, shared by advise and estimate.
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
    Path | None,
    typer.Option("--model-config", metavar="FILE", help="A Hugging Face config.json."),
]
