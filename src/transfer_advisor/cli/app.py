"""The ``transfer-advisor`` command: parse flags, call the library, write, choose the exit code.

It decides nothing about models or strategies. Heavy modules are imported inside the commands,
so ``--help`` and JSON output start fast.
"""

# No `from __future__ import annotations` in the command modules: typer re-evaluates string
# annotations with eval() several times per parameter on every run (about 25 ms for all our
# commands), while real annotations are built once, at import.
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from transfer_advisor.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    OutputClosed,
    UsageError,
    configured_rules,
    silence_stdout,
    stdin_is_tty,
    stream_is_tty,
    terminal_width,
    use_color,
    write_output,
)
from transfer_advisor.cli.options import NoConfigOption, OutputOption, RulesOption, TextOrJsonOption
from transfer_advisor.errors import InputError, TransferAdvisorError

app = typer.Typer(
    name="transfer-advisor",
    help="Decide how to adapt a pre-trained model: in-context learning, parameter-efficient "
    "fine-tuning (LoRA, QLoRA) or full fine-tuning.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from transfer_advisor import __version__

        sys.stdout.write(f"transfer-advisor {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Decide how to adapt a pre-trained model to a task."""


def _fail(message: str) -> NoReturn:
    raise TransferAdvisorError(message)


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = data
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[leaf] = value


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for key in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


# Flags of `advise` that set manifest fields: (option name, manifest field).
FLAG_FIELDS = {
    "name": "name",
    "examples": "data.labeled_examples",
    "model": "model.name",
    "task": "task.type",
    "complexity": "task.complexity",
    "domain": "data.domain",
    "language": "data.language",
    "modality": "data.modality",
    "avg_tokens": "data.avg_tokens_per_example",
    "parameters": "model.parameters",
    "instruction_tuned": "model.instruction_tuned",
    "budget": "budget.level",
    "gpu": "budget.gpu",
    "gpu_memory": "budget.gpu_memory_gb",
    "gpus": "budget.gpus",
    "gpu_hours": "budget.gpu_hours",
    "usd": "budget.usd",
    "prompting_tried": "prompting.tried",
    "meets_target": "prompting.meets_target",
    "preserve_general": "constraints.preserve_general_capabilities",
    "plan": "plan.strategy",
    "model_config": "model.config",
}


def build_manifest(manifest_path: str | None, flags: dict[str, Any]) -> Any:
    """Load the manifest (if any), apply the flags over it, prompt for what is missing."""
    from transfer_advisor._internal.yaml import load_document
    from transfer_advisor.manifest import load_manifest_text, manifest_from_mapping, read_text

    given = {k: v for k, v in flags.items() if v is not None}
    if manifest_path is None and not given and not stdin_is_tty():
        _fail("no manifest given: pass a file, '-' for standard input, or flags such as "
                  "--examples and --model")  # fmt: skip
    if manifest_path is not None and not given:
        text = read_text(manifest_path)
        source = "<stdin>" if manifest_path == "-" else manifest_path
        base = Path.cwd() if manifest_path == "-" else Path(manifest_path).resolve().parent
        return load_manifest_text(text, source, base)

    data: dict[str, Any] = {}
    document = None
    source = "<flags>"
    base_dir = Path.cwd()
    if manifest_path is not None:
        source = "<stdin>" if manifest_path == "-" else manifest_path
        document = load_document(read_text(manifest_path), source, error=InputError)
        if not isinstance(document.data, dict):
            raise InputError("a manifest must be a mapping of fields", source=source)
        data = document.data
        if manifest_path != "-":
            base_dir = Path(manifest_path).resolve().parent
    for key, value in given.items():
        if key == "model_config":
            value = str(Path(value).resolve())
        _set(data, FLAG_FIELDS[key], value)
    if manifest_path is None:
        data.setdefault("name", "untitled")
    if stdin_is_tty():
        if _get(data, "model.name") is None:
            _set(data, "model.name", typer.prompt("Model (catalog name or Hugging Face id)"))
        if _get(data, "data.labeled_examples") is None:
            _set(data, "data.labeled_examples", typer.prompt("Labeled examples", type=int))
    for dotted, flag in (("data.labeled_examples", "--examples"), ("model.name", "--model")):
        if _get(data, dotted) is None:
            raise InputError(f"required field is missing (give {flag} or a manifest)",
                             source=source, field=dotted)  # fmt: skip
    return manifest_from_mapping(data, source=source, document=document, base_dir=base_dir)


# Field flags that advise and estimate share.
_Examples = Annotated[int | None, typer.Option(help="Number of labeled examples.")]
_Model = Annotated[str | None, typer.Option(help="Model: catalog name or HF id.")]
_Parameters = Annotated[str | None, typer.Option(help="Model parameters, e.g. 7B.")]
_AvgTokens = Annotated[int | None, typer.Option(help="Average tokens per example.")]
_GpuMemory = Annotated[float | None, typer.Option(help="GPU memory per GPU, in GB.")]
_Gpus = Annotated[int | None, typer.Option(help="Number of GPUs.")]
_Gpu = Annotated[str | None, typer.Option(help="GPU type from the catalog, e.g. A100-80GB.")]
_ModelConfig = Annotated[
    Path | None, typer.Option("--model-config", help="A Hugging Face config.json.")
]

FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help="Output format: text, json, yaml or markdown."),
]


@app.command()
def advise(
    manifest: Annotated[
        str | None,
        typer.Argument(
            help="Project manifest (YAML); '-' reads standard input.", show_default=False
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
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
    examples: _Examples = None,
    model: _Model = None,
    task: Annotated[str | None, typer.Option(help="Task type, e.g. classification.")] = None,
    complexity: Annotated[
        str | None, typer.Option(help="Task complexity: low|medium|high.")
    ] = None,
    domain: Annotated[str | None, typer.Option(help="Data domain, e.g. legal.")] = None,
    language: Annotated[str | None, typer.Option(help="Data language, e.g. en.")] = None,
    modality: Annotated[str | None, typer.Option(help="Data modality, e.g. text, image.")] = None,
    avg_tokens: _AvgTokens = None,
    parameters: _Parameters = None,
    instruction_tuned: Annotated[
        bool | None,
        typer.Option("--instruction-tuned/--base", help="The model is instruction-tuned or base."),
    ] = None,
    budget: Annotated[str | None, typer.Option(help="Budget level: low|medium|high.")] = None,
    gpu: _Gpu = None,
    gpu_memory: _GpuMemory = None,
    gpus: _Gpus = None,
    gpu_hours: Annotated[float | None, typer.Option(help="GPU-hours available.")] = None,
    usd: Annotated[float | None, typer.Option(help="Budget in US dollars.")] = None,
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
        str | None, typer.Option(help="Planned strategy: in_context|peft|full_fine_tune.")
    ] = None,
    model_config: _ModelConfig = None,
    no_config: NoConfigOption = False,
) -> None:
    """Recommend a strategy and technique for one project manifest (or flags)."""
    from transfer_advisor.advice.engine import advise as run_advise
    from transfer_advisor.render.common import OutputFormat, format_recommendation
    from transfer_advisor.rules.load import load_rulebook

    try:
        output_format = OutputFormat(fmt)
    except ValueError:
        _usage(f"--format must be one of: {', '.join(f.value for f in OutputFormat)}")
    flags = {
        "name": name, "examples": examples, "model": model, "task": task,
        "complexity": complexity, "domain": domain, "language": language, "modality": modality,
        "avg_tokens": avg_tokens, "parameters": parameters,
        "instruction_tuned": instruction_tuned, "budget": budget, "gpu": gpu,
        "gpu_memory": gpu_memory, "gpus": gpus, "gpu_hours": gpu_hours, "usd": usd,
        "prompting_tried": prompting_tried, "meets_target": meets_target,
        "preserve_general": preserve_general, "plan": plan, "model_config": model_config,
    }  # fmt: skip
    rulebook = load_rulebook(_rulebook_path(rules, manifest, no_config))
    loaded = build_manifest(manifest, flags)
    recommendation = run_advise(loaded, rulebook, explain=explain)
    if what_if:
        import dataclasses

        from transfer_advisor.advice.whatif import what_if as run_what_if

        recommendation = dataclasses.replace(recommendation, what_if=run_what_if(loaded, rulebook))
    to_file = output is not None and str(output) != "-"
    color = use_color(False if to_file else stream_is_tty(sys.stdout))
    text = format_recommendation(recommendation, output_format, color=color, width=terminal_width())
    if explain and output_format.value == "text":
        from transfer_advisor.render.terminal import render_trace

        text += render_trace(recommendation, color=color, width=terminal_width())
    if what_if and output_format.value == "text" and recommendation.what_if is not None:
        from transfer_advisor.render.terminal import render_what_if

        text += render_what_if(recommendation.what_if, color=color, width=terminal_width())
    write_output(text, output)


def _rulebook_path(rules: Path | None, manifest: str | None, no_config: bool) -> Path | None:
    """``--rules``, else the rulebook pyproject.toml names for the manifest (as check reads it)."""
    if rules is not None or no_config:
        return rules
    return configured_rules(manifest)


def _usage(message: str) -> NoReturn:
    raise UsageError(message)


@app.command()
def estimate(
    manifest: Annotated[
        str | None,
        typer.Argument(
            help="Project manifest (YAML); '-' reads standard input.", show_default=False
        ),
    ] = None,
    fmt: TextOrJsonOption = "text",
    output: OutputOption = None,
    examples: _Examples = None,
    model: _Model = None,
    parameters: _Parameters = None,
    avg_tokens: _AvgTokens = None,
    gpu: _Gpu = None,
    gpu_memory: _GpuMemory = None,
    gpus: _Gpus = None,
    model_config: _ModelConfig = None,
    rules: RulesOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Memory per GPU, fit, GPU-hours and cost of full fine-tuning, LoRA, QLoRA and prompting."""
    from transfer_advisor.advice.engine import estimate_manifest
    from transfer_advisor.render.common import to_json

    if fmt not in ("text", "json"):
        _usage("--format must be one of: text, json")
    flags = {"examples": examples, "model": model, "parameters": parameters,
             "avg_tokens": avg_tokens, "gpu": gpu, "gpu_memory": gpu_memory, "gpus": gpus,
             "model_config": model_config}  # fmt: skip
    from transfer_advisor.rules.load import load_rulebook

    rulebook = load_rulebook(_rulebook_path(rules, manifest, no_config))
    loaded = build_manifest(manifest, flags)
    estimates, facts = estimate_manifest(loaded, rulebook)
    if estimates is None:
        raise InputError(
            "the parameter count is unknown: set model.parameters (or --parameters), or give a"
            " config.json (--model-config)",
            field="model.parameters",
        )
    data: dict[str, Any] = {"schema_version": 1, "name": loaded.name, "model": loaded.model.name,
                            **estimates.to_dict(), "gpu": facts["budget.gpu"],
                            "cost_gpu": facts["budget.cost_gpu"]}  # fmt: skip
    if fmt == "json":
        text = to_json(data)
    else:
        from transfer_advisor.render.terminal import render_estimate

        to_file = output is not None and str(output) != "-"
        color = use_color(False if to_file else stream_is_tty(sys.stdout))
        text = render_estimate(data, color=color, width=terminal_width())
    write_output(text, output)


# Commands that live in their own modules register themselves here. Those modules import only
# typer at the top, so start-up stays fast.
from transfer_advisor.cli import batch as _cli_batch  # noqa: E402
from transfer_advisor.cli import check as _cli_check  # noqa: E402
from transfer_advisor.cli import rules as _cli_more  # noqa: E402

_cli_check.register(app)
_cli_batch.register(app)
_cli_more.register(app)


@_cli_more.rules_app.command("validate")
def rules_validate(
    path: Annotated[
        Path | None,
        typer.Argument(help="Rulebook to check (default: the shipped one).", show_default=False),
    ] = None,
) -> None:
    """Check a rulebook: schema, unknown facts, templates, threshold order, bands, rule order."""
    from transfer_advisor.rules.load import default_rulebook_text, load_rulebook, load_rulebook_text

    if path is None:
        # Validate the shipped rulebook for real, not through the trusted fast path.
        rulebook = load_rulebook_text(default_rulebook_text(), "default.yaml")
        name = "default rulebook"
    else:
        rulebook = load_rulebook(path)
        name = str(path)
    counts = (len(rulebook.strategy), len(rulebook.technique), len(rulebook.findings))
    sys.stdout.write(
        f"{name}: valid ({counts[0]} strategy, {counts[1]} technique and {counts[2]} finding"
        f" rules; {len(rulebook.thresholds)} thresholds)\n"
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every user error into one line and exit code 2."""
    try:
        # Outside standalone mode a command's `typer.Exit(code)` comes back as the return value.
        returned = app(args=argv, prog_name="transfer-advisor", standalone_mode=False)
    except TransferAdvisorError as exc:
        sys.stderr.write(f"transfer-advisor: error: {exc}\n")
        sys.exit(EXIT_ERROR)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("transfer-advisor: interrupted\n")
        sys.exit(130)
    except (BrokenPipeError, OutputClosed):
        # The reader went away (e.g. `| head`): not an error worth a message.
        silence_stdout()
        sys.exit(EXIT_OK)
    except Exception as exc:
        # The command-line parser's own errors (typer's vendored click, or click itself).
        name = type(exc).__name__
        if name == "Abort":
            sys.stderr.write("transfer-advisor: aborted\n")
            sys.exit(EXIT_ERROR)
        format_message = getattr(exc, "format_message", None)
        if name == "NoArgsIsHelpError" and callable(format_message):
            sys.stdout.write(f"{format_message()}\n")
            sys.exit(EXIT_OK)
        if callable(format_message) and hasattr(exc, "exit_code"):
            message = " ".join(str(format_message()).split())
            sys.stderr.write(f"transfer-advisor: error: {message} (see --help)\n")
            sys.exit(EXIT_ERROR)
        raise
    sys.exit(returned if isinstance(returned, int) else EXIT_OK)
