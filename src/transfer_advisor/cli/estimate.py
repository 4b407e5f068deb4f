"""The ``estimate`` command: memory, fit, GPU-hours and cost of each way to adapt a model.

Only typer is imported at the top; the engine and the renderers load when the command runs.
"""

# No `from __future__ import annotations` in the command modules: typer re-evaluates string
# annotations with eval() several times per parameter on every run (about 25 ms for all our
# commands), while real annotations are built once, at import.

import typer

from transfer_advisor.cli.common import (
    build_manifest,
    output_color,
    rulebook_path,
    terminal_width,
    text_or_json,
    write_output,
)
from transfer_advisor.cli.options import (
    AvgTokensOption,
    ExamplesOption,
    GpuMemoryOption,
    GpuOption,
    GpusOption,
    ManifestArgument,
    ModelConfigOption,
    ModelOption,
    NoConfigOption,
    OutputOption,
    ParametersOption,
    RulesOption,
    TextOrJsonOption,
)
from transfer_advisor.errors import InputError


def register(app: typer.Typer) -> None:
    """Add the ``estimate`` command to ``app``."""
    app.command("estimate")(estimate)


def estimate(
    manifest: ManifestArgument = None,
    fmt: TextOrJsonOption = "text",
    output: OutputOption = None,
    examples: ExamplesOption = None,
    model: ModelOption = None,
    parameters: ParametersOption = None,
    avg_tokens: AvgTokensOption = None,
    gpu: GpuOption = None,
    gpu_memory: GpuMemoryOption = None,
    gpus: GpusOption = None,
    model_config: ModelConfigOption = None,
    rules: RulesOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Memory per GPU, fit, GPU-hours and cost of full fine-tuning, LoRA, QLoRA and prompting."""
    from transfer_advisor.advice.estimates import estimate_manifest
    from transfer_advisor.render.estimate import format_estimate

    text_or_json(fmt)
    flags = {"examples": examples, "model": model, "parameters": parameters,
             "avg_tokens": avg_tokens, "gpu": gpu, "gpu_memory": gpu_memory, "gpus": gpus,
             "model_config": model_config}  # fmt: skip
    from transfer_advisor.rules.load import load_rulebook

    rulebook = load_rulebook(rulebook_path(rules, manifest, no_config))
    loaded = build_manifest(manifest, flags)
    estimates, facts = estimate_manifest(loaded, rulebook)
    if estimates is None and facts["model.weights"] != "open":
        raise InputError(
            f"{facts['model.name']} is {facts['model.weights']}: its provider trains and serves"
            " it on its own GPUs, so there is no memory or GPU time to estimate (set"
            " model.weights: open to estimate training published weights yourself)",
            field="model.weights",
        )
    if estimates is None:
        raise InputError(
            "the parameter count is unknown: set model.parameters (or --parameters), or give a"
            " config.json (--model-config)",
            field="model.parameters",
        )
    color = output_color(output)
    text = format_estimate(loaded, estimates, facts, fmt, color=color, width=terminal_width())
    write_output(text, output)
