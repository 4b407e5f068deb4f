"""Output formats for a recommendation: pure functions from a Recommendation to text.

Formatters only format: every decision is already in the recommendation. ``text`` is rendered
with rich (imported lazily, so JSON output never pays for it).
"""

from __future__ import annotations

import enum
import json
import re
from typing import Any, NoReturn

from transfer_advisor._internal.visible import visible
from transfer_advisor.advice.recommendation import Recommendation

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


def format_recommendation(
    recommendation: Recommendation, fmt: OutputFormat, *, color: bool = False, width: int = 100
) -> str:
    """Render ``recommendation`` in ``fmt``; every member of OutputFormat is handled."""
    if fmt is OutputFormat.json:
        return to_json(recommendation.to_dict())
    if fmt is OutputFormat.yaml:
        return to_yaml(recommendation.to_dict())
    if fmt is OutputFormat.markdown:
        return to_markdown(recommendation)
    if fmt is OutputFormat.text:
        from transfer_advisor.render.terminal import render_text

        return render_text(recommendation, color=color, width=width)
    assert_never(fmt)


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


def estimate_rows(estimates: dict[str, Any]) -> list[tuple[str, str, str | None, str, str]]:
    """Per technique: label, memory per GPU (GB), fits (None: unknown), GPU-hours, cost."""
    rows = []
    for key, label in ESTIMATE_ROWS:
        item = estimates.get(key)
        if not item:
            continue
        usd = item.get("usd")
        money = "{:,.2f}" if usd and usd["high"] < 100 else "{:,.0f}"
        rows.append((label, span(item.get("memory_gb")), item.get("fits"),
                     span(item.get("gpu_hours")), span(usd, money)))  # fmt: skip
    return rows


def estimate_notes(estimates: dict[str, Any]) -> str:
    """What the estimates table assumed, in one line."""
    notes = []
    gpu = estimates.get("gpu")
    cost_gpu = estimates.get("cost_gpu")
    if cost_gpu and cost_gpu != gpu:
        notes.append(f"time and cost on one {cost_gpu} (no GPU in the manifest)")
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
    money = f"{usd:,.2f}" if usd < 100 else f"{usd:,.0f}"
    return (f"Full fine-tuning from {start:,} examples once the budget covers about ${money} "
            f"(the estimate at {start:,} examples).")  # fmt: skip


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Escape text for Markdown so names from the input cannot inject markup or HTML; line
    breaks become spaces, and terminal escapes, bidirectional overrides and invisible characters
    are shown, not obeyed (as in every other output)."""
    flat = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return visible(_MD_SPECIAL.sub(r"\\\1", flat))


def to_markdown(rec: Recommendation) -> str:
    technique = TECHNIQUE_LABELS.get(rec.technique or "", "")
    lines = [
        f"# {_md(rec.name)}",
        "",
        f"**Recommendation: {STRATEGY_LABELS[rec.strategy]}**"
        + (f" ({_md(technique)})" if technique else ""),
        "",
        "## Why",
        "",
        *(f"- {_md(r)}" for r in rec.rationale),
        "",
    ]
    if rec.findings:
        lines += ["## Findings", "", "| severity | id | message |", "| --- | --- | --- |"]
        lines += [f"| {f.severity} | `{f.id}` | {_md(f.message)} |" for f in rec.findings]
        lines.append("")
    if rec.estimates and rec.strategy == "change_base_model":
        lines += [f"_{ESTIMATES_LEFT_OUT}_", ""]  # our words, with `code` meant as code
    elif rec.estimates:
        lines += ["## Estimates", "",
                  "| technique | memory/GPU (GB) | fits | GPU-hours | cost (USD) |",
                  "| --- | ---: | :---: | ---: | ---: |"]  # fmt: skip
        lines += [f"| {label} | {memory} | {fits or '?'} | {hours} | {usd} |"
                  for label, memory, fits, hours, usd in estimate_rows(rec.estimates)]  # fmt: skip
        notes = estimate_notes(rec.estimates)
        lines += ["", f"_{_md(notes)}_", ""] if notes else [""]
    if rec.alternatives:
        lines += ["## Alternatives", ""]
        lines += [
            f"- **{STRATEGY_LABELS[a.strategy]}**: {_md(a.why_not)}" for a in rec.alternatives
        ]
        lines.append("")
    if rec.next_steps:
        lines += ["## Next steps", ""]
        lines += [f"{i}. {_md(s)}" for i, s in enumerate(rec.next_steps, 1)]
        lines.append("")
    if rec.what_if is not None:
        lines += _markdown_what_if(rec.what_if)
    if rec.trace is not None:
        lines += ["## Trace: every rule evaluated", "", "| kind | rule | fired | facts used |",
                  "| --- | --- | --- | --- |"]  # fmt: skip
        lines += [f"| {kind} | {_md(rule)} | {fired} | {_md(facts)} |"
                  for kind, rule, fired, facts in trace_rows(rec)]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def _markdown_what_if(data: dict[str, Any]) -> list[str]:
    here = data["examples"]
    lines: list[str] = []
    ladders = [("What if: labeled examples, with this budget", data["ladder"])]
    if data["ladder_unlimited_budget"] != data["ladder"]:
        ladders.append(("... and with an unlimited budget", data["ladder_unlimited_budget"]))
    for title, bands in ladders:
        lines += [f"## {_md(title)}", "", "| labeled examples | strategy |", "| ---: | --- |"]
        for text, strategy, ours in ladder_rows(bands, here):
            mark = f" **◀ this use case ({here:,} examples)**" if ours else ""
            lines.append(f"| {text} | {STRATEGY_LABELS[strategy]}{mark} |")
        lines.append("")
    note = full_fine_tune_note(data)
    if note:
        lines += [f"_{_md(note)}_", ""]
    return lines
