"""Command-line options that several commands share, declared once so they read alike."""

from pathlib import Path
from typing import Annotated

import typer

OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file ('-': stdout).")
]
RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Use this rulebook instead of the default.")
]
NoConfigOption = Annotated[
    bool, typer.Option("--no-config", help="Ignore [tool.transfer-advisor] in pyproject.toml.")
]
TextOrJsonOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="Output format: text or json.",
        autocompletion=lambda: ["text", "json"],
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")]

# Flags that set manifest fields, shared by advise and estimate.
ExamplesOption = Annotated[int | None, typer.Option(help="Number of labeled examples.")]
ModelOption = Annotated[str | None, typer.Option(help="Model: catalog name or HF id.")]
ParametersOption = Annotated[str | None, typer.Option(help="Model parameters, e.g. 7B.")]
AvgTokensOption = Annotated[int | None, typer.Option(help="Average tokens per example.")]
GpuMemoryOption = Annotated[float | None, typer.Option(help="GPU memory per GPU, in GB.")]
GpusOption = Annotated[int | None, typer.Option(help="Number of GPUs.")]
GpuOption = Annotated[str | None, typer.Option(help="GPU type from the catalog, e.g. A100-80GB.")]
ModelConfigOption = Annotated[
    Path | None, typer.Option("--model-config", help="A Hugging Face config.json.")
]
