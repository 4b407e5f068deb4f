"""Output formats for a recommendation: pure functions from a Recommendation to text.

Formatters only format: every decision is already in the recommendation. ``text`` is rendered
with rich (imported lazily, so JSON output never pays for it).
"""

from __future__ import annotations

import enum
import json
from typing import Any, NoReturn

from .recommendation import Recommendation

STRATEGY_LABELS = {
    "in_context": "In-context learning",
    "peft": "Parameter-efficient fine-tuning",
    "full_fine_tune": "Full fine-tuning",
    "change_base_model": "Change the base model",
}
TECHNIQUE_LABELS = {
    "few_shot": "few-shot prompting",
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
        from ._text import render_text

        return render_text(recommendation, color=color, width=width)
    assert_never(fmt)


def to_json(data: Any) -> str:
    """Deterministic JSON: keys in contract order, UTF-8 text, two-space indent, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_yaml(data: Any) -> str:
    import yaml

    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def _md(text: str) -> str:
    """Escape text for Markdown so names from the input cannot inject markup or HTML."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|":
            out.append("\\" + ch)
        elif ch in "\r\n\t":
            out.append(" ")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or 0x202A <= ord(ch) <= 0x202E \
                or 0x2066 <= ord(ch) <= 0x2069:  # fmt: skip
            # Terminal escapes, NUL and bidirectional overrides: shown, not obeyed.
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


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
    return "\n".join(lines)
