"""How much of the advisor's time per manifest goes to the memory, time and cost estimates.

Run: python benchmarks/estimate_share.py [--n 10000] [--repeat 5]
Builds N varied manifests (catalog models, GPU types and counts, data sizes), then times
(1) the estimates of all of them (given the facts the advisor gathers anyway) and (2) advising
all of them (which includes the estimates), in one process, alternating, the fastest of
--repeat runs of each, and prints both and the share.
"""

from __future__ import annotations

import argparse
import random
import time

from transfer_advisor import Manifest, advise, manifest_from_mapping
from transfer_advisor.advice.estimates import estimate_for
from transfer_advisor.advice.facts import gather_facts
from transfer_advisor.catalog import default_catalog
from transfer_advisor.rules.load import default_rulebook


def manifests(n: int, seed: int = 7) -> list[Manifest]:
    rng = random.Random(seed)
    catalog = default_catalog()
    models = [m.name for m in catalog.models]
    gpus = [g.name for g in catalog.gpus]
    out = []
    for i in range(n):
        out.append(
            manifest_from_mapping(
                {
                    "name": f"case-{i}",
                    "data": {
                        "labeled_examples": rng.choice([20, 300, 5000, 40000, 250000]),
                        "avg_tokens_per_example": rng.choice([64, 256, 1024]),
                    },
                    "model": {"name": rng.choice(models)},
                    "budget": {"gpu": rng.choice(gpus), "gpus": rng.choice([1, 2, 8])},
                }
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each loop (fastest counts)")
    args = parser.parse_args()
    rulebook = default_rulebook()
    catalog = default_catalog()
    cases = manifests(args.n)
    facts = [gather_facts(case, rulebook, catalog)[0] for case in cases]
    # Each loop runs several times, alternating, and the fastest run counts: both then run with
    # the same warm per-model memos, and a burst of load on the machine hits neither.
    estimating = advising = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        for case, known in zip(cases, facts, strict=True):
            estimate_for(case, known, rulebook)
        estimating = min(estimating, time.perf_counter() - started)
        started = time.perf_counter()
        for case in cases:
            advise(case, rulebook)
        advising = min(advising, time.perf_counter() - started)
    per = 1e6 / args.n
    print(f"{args.n:,} manifests")
    print(f"the estimates alone: {estimating:6.2f} s ({estimating * per:6.1f} µs each)")
    print(f"advise (all of it):  {advising:6.2f} s ({advising * per:6.1f} µs each)")
    print(f"estimates' share of the advisor's time: {estimating / advising:.0%}")


if __name__ == "__main__":
    main()
