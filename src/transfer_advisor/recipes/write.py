"""A recipe as text: the trainer's YAML config under a comment header (the command, the data
format, the fitted batch, the estimate of this setup, what was assumed), or the JSON form.

Deterministic: the same recipe always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from transfer_advisor.recipes.model import Recipe

__all__ = ["recipe_text", "summary_lines"]


def _range(value: dict[str, float] | None, unit: str = "", prefix: str = "") -> str:
    if value is None:
        return "unknown"
    low, high = value["low"], value["high"]
    return f"{prefix}{low:g}{unit}" if low == high else f"{prefix}{low:g}-{high:g}{unit}"


def summary_lines(recipe: Recipe) -> list[str]:
    """What a person reads first: what to run, on what data, and what it will cost."""
    lines = [f"transfer-advisor recipe for {recipe.target}: {recipe.name}",
             f"Advice: {recipe.strategy}" + (f" ({recipe.technique})" if recipe.technique else "")
             + f"; model: {recipe.model}"]  # fmt: skip
    plan = recipe.plan
    if recipe.kind == "evaluation_plan" and plan is not None:
        lines.append(f"Nothing to train: {plan['what']}.")
        lines += [f"  {i}. {step}" for i, step in enumerate(plan["steps"], 1)]
    elif recipe.kind == "hosted" and plan is not None:
        lines.append(plan["what"] + ".")
        lines.append(f"Tuning service: {plan['service']}"
                     + (f" ({plan['service_source']})" if plan["service_source"] else ""))  # fmt: skip
        if plan["jsonl_line"]:
            lines.append(f"Training file: JSONL, one line per example: {plan['jsonl_line']}")
    h = recipe.hyperparameters
    if recipe.kind == "train" and h is not None:
        fit = h.fit
        lines.append(f"Run: {recipe.command}")
        fmt = recipe.dataset_format or {}
        example = json.dumps(fmt.get("example"), ensure_ascii=False)
        lines.append(f"Data: {fmt.get('file')}, one JSON object a line: {example}")
        gpu = f"{fit.gpu_memory_gb:g} GB" if fit.gpu_memory_gb is not None else "unknown memory"
        lines.append(
            f"Fitted to {h.gpus} GPU(s) of {gpu}: micro-batch {fit.micro_batch_size} x "
            f"accumulation {fit.gradient_accumulation_steps} x {h.gpus} GPU(s) = "
            f"{fit.effective_batch_size} examples per step; gradient checkpointing "
            f"{'on' if fit.gradient_checkpointing else 'off'}; {h.precision}; sequence length "
            f"{h.sequence_length}; {h.technique}"
            + (f" rank {h.lora_rank}, alpha {h.lora_alpha}" if h.technique != "full" else "")
            + f"; learning rate {h.learning_rate:g}; {h.epochs:g} epoch(s)"
        )
        e = recipe.estimate_dict() or {}
        fits = f" (fits: {e['fits']})" if e.get("fits") else ""
        priced = f", priced on {e['priced_on']}" if e.get("priced_on") else ""
        lines.append(
            f"Estimate of this setup: {_range(e.get('memory_gb_per_gpu'), ' GB')} per GPU{fits}; "
            f"{_range(e.get('gpu_hours'))} GPU-hours, {_range(e.get('wall_clock_hours'), ' h')} "
            f"wall clock, {_range(e.get('usd'), prefix='$')}{priced}"
        )
    for label, items in (("Assumed", recipe.assumed), ("Note", recipe.notes)):
        lines += [f"{label}: {item}" for item in items]
    lines.append("Sources of every default: transfer-advisor rules show recipes")
    return lines


def _comment(lines: list[str]) -> str:
    return "".join(f"# {line}\n" for line in lines)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=100)  # fmt: skip


def recipe_text(recipe: Recipe, fmt: str = "yaml") -> str:
    """The recipe as ``yaml`` (the trainer's config, or the plan, under a comment header) or
    ``json`` (everything, as :meth:`Recipe.to_dict`)."""
    if fmt == "json":
        return json.dumps(recipe.to_dict(), ensure_ascii=False, indent=2) + "\n"
    header = _comment(summary_lines(recipe))
    if recipe.kind == "train":
        return header + _dump(recipe.config)
    return header + _dump({"plan": recipe.plan})
