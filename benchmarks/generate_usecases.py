"""Generate N realistic synthetic AI use cases as JSONL (or CSV) manifests, deterministically.

A mix of catalog models (and a few in-house ones), sizes, tasks, domains, languages, data
volumes and budgets, with a few percent of bad rows of the kinds real exports contain: numbers
as text, a decimal count, an unknown GPU or field, a missing model, a truncated JSON line.
The same seed always gives the same bytes.

    python benchmarks/generate_usecases.py 100000 --seed 7 > usecases.jsonl
    python benchmarks/generate_usecases.py 2000 --format csv -o usecases.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from transfer_advisor.catalog import default_catalog

TASKS = [("classification", 30), ("extraction", 14), ("generation", 12), ("summarization", 9),
         ("chat", 9), ("question-answering", 9), ("code", 6), ("ranking", 4),
         ("speech-recognition", 3), ("image-classification", 3), ("other", 1)]  # fmt: skip
DOMAINS = ["general", "legal", "medical", "finance", "e-commerce", "customer-support", "code",
           "insurance", "hr", "biomedical", "manufacturing", "telecom", "education"]  # fmt: skip
LANGUAGES = [("en", 60), ("de", 9), ("fr", 8), ("es", 7), ("ja", 5), ("pt-BR", 4), ("zh", 4),
             ("nl", 3)]  # fmt: skip
IN_HOUSE = [("acme/support-llm-13b", "13B", "decoder"), ("acme/risk-encoder", "340M", "encoder"),
            ("contoso/doc-t5-3b", "3B", "encoder-decoder")]  # fmt: skip
BAD_RATE = 0.03


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _examples(rng: random.Random) -> int:
    """Labeled examples, log-uniform over 0 to 500,000 with extra weight on round numbers."""
    if rng.random() < 0.04:
        return 0
    value = int(10 ** rng.uniform(0.5, 5.7))
    return round(value, -2) if value > 1000 and rng.random() < 0.5 else value


def usecase(rng: random.Random, index: int, models: list[str], gpus: list[str]) -> dict[str, Any]:
    """One valid manifest."""
    task = _weighted(rng, TASKS)
    domain = rng.choice(DOMAINS)
    manifest: dict[str, Any] = {
        "name": f"uc-{index:07d}-{domain}-{task}",
        "task": {"type": task, "complexity": rng.choice(["low", "medium", "medium", "high"])},
        "data": {"labeled_examples": _examples(rng)},
    }
    data = manifest["data"]
    if rng.random() < 0.7:
        data["avg_tokens_per_example"] = rng.choice([40, 80, 150, 300, 600, 1200, 2500])
    if rng.random() < 0.8:
        data["domain"] = domain
    if rng.random() < 0.7:
        data["language"] = _weighted(rng, LANGUAGES)
    if rng.random() < 0.06:
        name, parameters, architecture = rng.choice(IN_HOUSE)
        manifest["model"] = {"name": name, "parameters": parameters, "architecture": architecture}
    else:
        manifest["model"] = {"name": rng.choice(models)}
    budget: dict[str, Any] = {}
    if rng.random() < 0.6:
        budget["level"] = rng.choice(["low", "medium", "medium", "high"])
    if rng.random() < 0.5:
        budget["gpu"] = rng.choice(gpus)
        budget["gpus"] = rng.choice([1, 1, 1, 2, 4, 8])
    if rng.random() < 0.2:
        budget["gpu_hours"] = rng.choice([10, 50, 200, 1000])
    if rng.random() < 0.2:
        budget["usd"] = rng.choice([500, 2000, 10000, 50000])
    if budget:
        manifest["budget"] = budget
    if rng.random() < 0.35:
        tried = {"tried": True}
        if rng.random() < 0.8:
            tried["meets_target"] = rng.random() < 0.4
        manifest["prompting"] = tried
    if rng.random() < 0.1:
        manifest["constraints"] = {"preserve_general_capabilities": True}
    if rng.random() < 0.3:
        manifest["plan"] = {
            "strategy": rng.choice(["in_context", "peft", "peft", "full_fine_tune"])
        }
    return manifest


def _spoil(rng: random.Random, manifest: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """Make a manifest invalid the way real exports are; None means a broken JSON line."""
    kind = rng.choice(["decimal", "text-bool", "unknown-gpu", "unknown-field", "no-model",
                       "negative", "truncated"])  # fmt: skip
    if kind == "decimal":
        manifest["data"]["labeled_examples"] = "10.5"
    elif kind == "text-bool":
        manifest["prompting"] = {"tried": "yes"}
    elif kind == "unknown-gpu":
        manifest["budget"] = {"gpu": "TPU-v9000"}
    elif kind == "unknown-field":
        manifest["data"]["colour"] = "red"
    elif kind == "no-model":
        del manifest["model"]
    elif kind == "negative":
        manifest["data"]["labeled_examples"] = -5
    else:
        return None, kind
    return manifest, kind


def generate(
    rows: int, seed: int = 7, bad_rate: float = BAD_RATE
) -> Iterator[dict[str, Any] | None]:
    """``rows`` manifests (None: a row that is not even valid JSON), deterministic by seed."""
    catalog = default_catalog()
    models = sorted(m.name for m in catalog.models)
    gpus = sorted(g.name for g in catalog.gpus)
    rng = random.Random(seed)
    for index in range(1, rows + 1):
        manifest = usecase(rng, index, models, gpus)
        if rng.random() < bad_rate:
            yield _spoil(rng, manifest)[0]
        else:
            yield manifest


def write_jsonl(rows: Iterator[dict[str, Any] | None], out: TextIO) -> None:
    for manifest in rows:
        if manifest is None:
            out.write('{"name": "broken-export", "data": {"labeled_exa\n')
        else:
            out.write(json.dumps(manifest, separators=(",", ":")) + "\n")


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested manifest as dotted keys (``data.labeled_examples``), as CSV columns name them."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


CSV_FIELDS = ["name", "task.type", "task.complexity", "data.labeled_examples",
              "data.avg_tokens_per_example", "data.domain", "data.language", "data.colour",
              "model.name", "model.parameters", "model.architecture", "budget.level",
              "budget.gpu", "budget.gpus", "budget.gpu_hours", "budget.usd", "prompting.tried",
              "prompting.meets_target", "constraints.preserve_general_capabilities",
              "plan.strategy"]  # fmt: skip


def write_csv(rows: Iterator[dict[str, Any] | None], out: TextIO) -> None:
    """CSV with dotted columns; spoiled rows become bad values (an unknown column would make
    the whole file unreadable, so ``data.colour`` rows carry it as a bad number instead)."""
    fields = [f for f in CSV_FIELDS if f != "data.colour"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for manifest in rows:
        flat = flatten(manifest) if manifest is not None else {"name": "broken-export"}
        if manifest is None or "data.colour" in flat:
            flat["data.labeled_examples"] = "about 500"
        writer.writerow([_cell(flat[f]) if f in flat else "" for f in fields])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, help="number of use cases")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bad-rate", type=float, default=BAD_RATE, help="share of bad rows")
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        rows = generate(args.rows, args.seed, args.bad_rate)
        (write_csv if args.format == "csv" else write_jsonl)(rows, out)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
