"""What every rendering shares: the strategy and technique labels, the output formats, JSON
and YAML, and the rows of the estimates, trace and what-if tables.

Formatters only format: every decision is already in the recommendation. Nothing here
imports rich, so JSON output never pays for it.
"""

from __future__ import annotations

import enum
import json
from typing import Any, NoReturn

from transfer_advisor.advice.recommendation import Recommendation
from transfer_advisor.estimate.results import money

STRATEGY_LABELS = {
    "in_context": "In-context learning",
    "peft": "Parameter-efficient fine-tuning",
    "full_fine_tune": "Full fine-tuning",
    "change_base_model": "Change the base model",
}
TECHNIQUE_LABELS = {
    "zero_shot": "the model as it is (zero-shot)",
    "few_shot": "few-shot prompting",
    "retrieval": "retrieval-augmented prompting",
    "hosted_tuning": "the provider's fine-tuning service",
    "lora": "LoRA",
    "qlora": "QLoRA",
    "adapters": "adapters",
    "full": "all weights",
}


class OutputFormat(str, enum.Enum):
    """The formats ``advise`` can write."""

    text = "text"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"


def assert_never(value: NoReturn) -> NoReturn:  # pragma: no cover - a type-checker guard
    raise AssertionError(f"unhandled value: {value!r}")


def to_json(data: Any) -> str:
    """Deterministic JSON: keys in contract order, UTF-8 text, two-space indent, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_yaml(data: Any) -> str:
    import yaml

    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


# --- pieces shared by the text and Markdown renderings ------------------------------------

ESTIMATE_ROWS = (("full", "Full fine-tuning"), ("lora", "LoRA"), ("qlora", "QLoRA"),
                 ("in_context", "In-context (serving)"))  # fmt: skip
ESTIMATES_LEFT_OUT = ("Estimates are left out: they would be for the model to replace "
                      "(`transfer-advisor estimate` shows them).")  # fmt: skip


def span(value: dict[str, float] | None, fmt: str = "{:,.1f}") -> str:
    """A low–high range as text (one number when both ends agree; – when absent)."""
    if not value:
        return "–"
    low, high = fmt.format(value["low"]), fmt.format(value["high"])
    return low if low == high else f"{low}–{high}"


def _nothing_to_train(estimates: dict[str, Any]) -> bool:
    return estimates.get("labeled_examples") == 0


def _hours(hours: dict[str, float] | None) -> str:
    """GPU-hours: one decimal, two below one hour, and ``<0.01`` rather than a false zero."""
    if not hours:
        return "–"
    if hours["high"] < 0.005:
        return "<0.01"
    return span(hours, "{:,.2f}" if hours["high"] < 1 else "{:,.1f}")


def _wall_clock(hours: dict[str, float] | None, gpus: int) -> str:
    """GPU-hours spread over ``gpus`` GPUs (perfect scaling): in minutes under an hour, in
    days from two days on, else in hours."""
    if not hours:
        return "–"
    low, high = hours["low"] / gpus, hours["high"] / gpus
    if high < 1:
        if high * 60 < 0.5:
            return "<1 min"
        return span({"low": low * 60, "high": high * 60}, "{:,.0f}") + " min"
    if high >= 48:
        return span({"low": low / 24, "high": high / 24}) + " d"
    return span({"low": low, "high": high}) + " h"


def wall_clock_header(estimates: dict[str, Any]) -> str:
    """The title of the wall-clock column: on how many GPUs."""
    gpus = int(estimates.get("gpus") or 1)
    return f"Wall-clock ({gpus} GPU{'s' if gpus > 1 else ''})"


EstimateRow = tuple[str, str, str | None, str, str, str]


def estimate_rows(estimates: dict[str, Any]) -> list[EstimateRow]:
    """Per technique: label, memory per GPU (GB), fits (None: unknown), GPU-hours, wall-clock
    time on the budget's GPUs, cost. Nothing is trained without labeled examples: no time or
    cost is shown then (never "0.0 GPU-hours, $0.00")."""
    rows = []
    gpus = int(estimates.get("gpus") or 1)
    idle = _nothing_to_train(estimates)
    for key, label in ESTIMATE_ROWS:
        item = estimates.get(key)
        if not item:
            continue
        usd = item.get("usd")
        hours = item.get("gpu_hours")
        if idle:
            hours = usd = None
        money = "{:,.2f}" if usd and usd["high"] < 100 else "{:,.0f}"
        rows.append((label, span(item.get("memory_gb")), item.get("fits"), _hours(hours),
                     _wall_clock(hours, gpus), span(usd, money)))  # fmt: skip
    return rows


def estimate_notes(estimates: dict[str, Any]) -> str:
    """What the estimates table assumed, in one line."""
    notes = []
    if any(isinstance(estimates.get(key), dict) for key, _ in ESTIMATE_ROWS):
        notes.append(
            "memory per GPU is what nvidia-smi shows: the tensors plus the CUDA context and "
            "allocator slack (the verdict uses it)"
        )
    gpu = estimates.get("gpu")
    cost_gpu = estimates.get("cost_gpu")
    gpus = int(estimates.get("gpus") or 1)
    if _nothing_to_train(estimates):
        notes.append("no labeled examples, so nothing is trained: no training time or cost")
    elif cost_gpu and gpu is None:
        notes.append(f"time and cost on {cost_gpu} GPUs (no GPU in the manifest)")
    elif cost_gpu and gpu != cost_gpu:
        notes.append(f"time and cost on {cost_gpu} GPUs ({gpu} is not in the GPU catalog)")
    if not _nothing_to_train(estimates) and gpus > 1:
        notes.append(f"wall-clock = GPU-hours / {gpus} GPUs, assuming perfect scaling")
    offloaded = [
        f"{span(item['host_memory_gb'])} GB for {label if key != 'full' else 'a full fine-tune'}"
        for key, label in ESTIMATE_ROWS
        if isinstance(item := estimates.get(key), dict) and item.get("host_memory_gb")
    ]
    if offloaded:
        notes.append(
            f"CPU offload holds {', '.join(offloaded)} in the machine's CPU memory (all GPUs "
            "together); the GPU-hours leave out its transfers, which slow training"
        )
    if estimates.get("in_context", {}).get("fits") is None:
        notes.append("'?': give budget.gpu or budget.gpu_memory_gb for a verdict")
    tokens = estimates.get("prompt_tokens_per_request")
    if tokens:
        notes.append(f"the few-shot examples add {tokens:,} prompt tokens per request")
    even = estimates.get("break_even_requests")
    if even:
        noun = "request" if even == 1 else "requests"
        notes.append(f"a fine-tune pays for itself after about {even:,} {noun}")
    return "; ".join(notes)


def trace_rows(rec: Recommendation) -> list[tuple[str, str, str, str]]:
    """Per rule evaluated (``--explain``): kind, rule, yes / no / not reached, facts used."""
    rows: list[tuple[str, str, str, str]] = []
    for entry in rec.trace or ():
        facts = ", ".join(f"{k}={v!r}" for k, v in entry.facts.items())
        if entry.kind == "fact":
            facts = f"= {entry.result!r}" + (f"  ({facts})" if facts else "")
        fired = "not reached" if entry.result == "not reached" else "yes" if entry.fired else "no"
        rows.append((entry.kind, entry.rule, fired, facts))
    return rows


def _count(n: int | None) -> str:
    return "∞" if n is None else f"{n:,}"


def ladder_rows(bands: list[dict[str, Any]], here: int) -> list[tuple[str, str, bool]]:
    """``--what-if``: per band of labeled examples, its span, strategy, and whether it is ours."""
    rows = []
    for band in bands:
        low, high = band["from"], band["to"]
        text = _count(low) if low == high else f"{_count(low)} – {_count(high)}"
        ours = low <= here and (high is None or here <= high)
        rows.append((text, band["strategy"], ours))
    return rows


def full_fine_tune_note(data: dict[str, Any]) -> str | None:
    """``--what-if``: from how many examples, and at what cost, full fine-tuning comes in."""
    start, usd = data.get("full_fine_tune_from"), data.get("full_fine_tune_usd")
    if start is None or usd is None:
        return None
    if usd < 0.005:  # would read "about $0.00"
        return (f"Full fine-tuning from {start:,} examples, at under a cent of compute "
                f"(the estimate at {start:,} examples).")  # fmt: skip
    if data.get("full_fine_tune_level_blocks"):
        return (f"Full fine-tuning from {start:,} examples once budget.level is medium or high: "
                f"the money given already covers its estimate, about ${money(usd)} at "
                f"{start:,} examples.")  # fmt: skip
    return (f"Full fine-tuning from {start:,} examples once the budget covers about ${money(usd)} "
            f"(the estimate at {start:,} examples).")  # fmt: skip


def yes_no(value: bool | None) -> str:
    """A yes/no fact as a person reads it (``unknown`` when not known)."""
    return "unknown" if value is None else ("yes" if value else "no")
