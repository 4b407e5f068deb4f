"""Where a batch row's time goes: microseconds per row in each stage of ``transfer-advisor batch``.

Run on an installed (not editable) package, from the repository root:

    python benchmarks/batch_stages.py                 # 20,000 generated rows, seed 7
    python benchmarks/batch_stages.py --rows 100000

Generates the rows (``generate_usecases.py``), then advises them the way ``batch`` does (one
``RowProcessor`` over JSONL rows) twice: once plain, for the total, and once with a timer
wrapped around each stage the engine calls, so a stage's share is measured where it runs rather
than re-implemented here. The stages:

- parse: ``json.loads`` of the line (with the duplicate-key check);
- validate: the manifest's pydantic validation;
- facts: gathering facts from the manifest, catalog and rulebook tables (suggestions included);
- estimates: memory, time and cost of each technique, and their facts;
- feasibility: what fits, smaller models, GPUs needed;
- rules: the rule phase (derived facts, strategy, technique, findings, alternatives, next
  steps and their messages): what is left of the engine once the stages above are taken out;
- to_dict: the recommendation as the output record;
- encode: the record as one line of output.

The timers add a little per call; the plain run's total is the figure to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_usecases import generate  # noqa: E402

import transfer_advisor.advice.engine as engine  # noqa: E402
import transfer_advisor.batch.rows as rows  # noqa: E402
from transfer_advisor.advice.recommendation import Recommendation  # noqa: E402
from transfer_advisor.batch.input import RawRow  # noqa: E402
from transfer_advisor.batch.rows import RowProcessor  # noqa: E402
from transfer_advisor.rules.load import default_rulebook  # noqa: E402

STAGES = ("parse", "validate", "facts", "estimates", "feasibility", "rules", "to_dict", "encode")


def timed(spent: dict[str, float], stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its wall time added to ``spent[stage]``."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - started

    return wrapper


def run(lines: list[bytes], spent: dict[str, float] | None) -> float:
    """Seconds to advise and format every line, as ``batch`` does; with ``spent``, per stage."""
    processor = RowProcessor(default_rulebook())
    raws = [RawRow(i + 1, i + 1, "<bench>", "json", line) for i, line in enumerate(lines)]
    patches: list[tuple[Any, str, Any]] = []
    if spent is not None:
        decoder = rows._JSON_ROW
        originals = [
            (engine, "_gather", "facts"),
            (engine, "_estimate", "estimates"),
            (engine, "_estimate_facts", "estimates"),
            (engine, "feasibility_facts", "feasibility"),
            (rows, "encode_record", "encode"),
            (Recommendation, "to_dict", "to_dict"),
            (rows, "manifest_from_mapping", "validate"),
        ]
        for owner, name, stage in originals:
            patches.append((owner, name, getattr(owner, name)))
            setattr(owner, name, timed(spent, stage, getattr(owner, name)))
        patches.append((engine, "advise", engine.advise))
        rows.advise = timed(spent, "engine", engine.advise)  # type: ignore[attr-defined]
        patches.append((rows, "advise", engine.advise))
        patches.append((rows, "_JSON_ROW", decoder))
        rows._JSON_ROW = _TimedDecoder(decoder, spent)  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        for raw in raws:
            processor.process(raw)
        return time.perf_counter() - started
    finally:
        for owner, name, original in reversed(patches):
            setattr(owner, name, original)


class _TimedDecoder:
    def __init__(self, decoder: json.JSONDecoder, spent: dict[str, float]) -> None:
        self._decoder = decoder
        self._spent = spent

    def decode(self, text: str) -> Any:
        started = time.perf_counter()
        try:
            return self._decoder.decode(text)
        finally:
            self._spent["parse"] += time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    lines = [json.dumps(row).encode() for row in generate(args.rows, args.seed)]
    run(lines[:500], None)  # warm the caches every real batch warms in its first rows
    total = run(lines, None)
    spent = dict.fromkeys((*STAGES, "engine"), 0.0)
    timed_total = run(lines, spent)
    engine_inner = spent["facts"] + spent["estimates"] + spent["feasibility"]
    spent["rules"] = spent.pop("engine") - engine_inner
    per_row = 1e6 / args.rows
    print(f"{args.rows:,} rows (seed {args.seed}): {total:.2f} s, {args.rows / total:,.0f} rows/s, "
          f"{total * per_row:.1f} µs per row")  # fmt: skip
    print(f"with timers: {timed_total * per_row:.1f} µs per row, of which")
    for stage in STAGES:
        print(f"  {stage:<12} {spent[stage] * per_row:7.1f} µs  {spent[stage] / timed_total:6.1%}")
    rest = timed_total - sum(spent.values())
    print(
        f"  {'the rest':<12} {rest * per_row:7.1f} µs  {rest / timed_total:6.1%}  "
        "(batch bookkeeping, error records)"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as _tmp:
        os.chdir(_tmp)  # nothing is written; relative paths in rows resolve nowhere
        main()
