"""Throughput and memory of ``transfer-advisor batch``, measured against a floor.

1. Generates N synthetic use cases (``generate_usecases.py``) into a temporary JSONL file.
2. Floor: reads the file and ``json.loads`` every line (best of three).
3. Batch: advises every row in this process (``workers=1``), writing JSONL to /dev/null, and
   optionally again with several worker processes.
4. Memory: runs the real command (``python -m transfer_advisor batch - -o OUT``) in child
   processes fed from the generator through a pipe, and reads each child's peak RSS from
   ``os.wait4``: flat memory means the peak barely moves from 1,000 to 100,000 to 1,000,000 rows.
   OUT is a regular file in a temporary folder, deleted after each run (about 1 GB for a
   million rows): never a device, which ``-o`` must not be pointed at in scripts.
   The command is started by a small launcher process, not by this one: Linux counts in a
   child's peak RSS the memory of the process it was forked from (the peak is carried over
   ``exec``), and this process has by then advised 100,000 rows itself.

Run it with the Python of a non-editable install (``pip install .``): it measures the installed
package, as users run it.

    python benchmarks/batch_throughput.py                      # 100,000 rows, memory up to 1M
    python benchmarks/batch_throughput.py --rows 20000 --memory-rows 1000,20000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # generate_usecases; transfer_advisor is the installed one

from generate_usecases import generate, write_jsonl  # noqa: E402

from transfer_advisor.batch.read import open_input  # noqa: E402
from transfer_advisor.batch.run import run_batch  # noqa: E402
from transfer_advisor.batch.summary import Brief  # noqa: E402
from transfer_advisor.rules.load import default_rulebook  # noqa: E402


def floor(path: str) -> float:
    """Seconds to read ``path`` and parse every line with json.loads (best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with open(path, "rb") as handle:
            for line in handle:
                try:
                    json.loads(line)
                except ValueError:  # a bad row: parsed as far as it goes, like the batch
                    continue
        best = min(best, time.perf_counter() - started)
    return best


def advise_file(path: str, workers: int, fmt: str) -> tuple[float, int, int]:
    """Seconds to advise every row of ``path``; rows and errors."""
    rulebook = default_rulebook()
    seen = [0]

    def in_order(brief: Brief) -> None:  # every row comes out once, in input order
        seen[0] += 1
        if brief.row != seen[0]:
            raise SystemExit(f"row {brief.row} came out as number {seen[0]}")

    with open(os.devnull, "wb") as sink:
        started = time.perf_counter()
        with open_input(path) as batch_input:
            summary = run_batch(batch_input, sink, fmt=fmt, rulebook=rulebook, workers=workers,
                                observe=in_order)  # fmt: skip
        elapsed = time.perf_counter() - started
    return elapsed, summary.rows, summary.errors


#: Runs the command given in its arguments (standard input passed on) and prints its peak RSS
#: and exit code. Being a fresh, small process, it is what the command is forked from.
LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def peak_rss_mb(rows: int, seed: int, workers: int) -> tuple[float, float]:
    """Peak RSS (MB) of the batch command over ``rows`` piped rows, and its wall time."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "transfer_advisor", "batch", "-", "--input-format",
                   "jsonl", "-o", os.path.join(tmp, "out.jsonl"), "--workers", str(workers)]  # fmt: skip
        started = time.perf_counter()
        launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, *command],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)  # fmt: skip
        assert launcher.stdin is not None
        with open(launcher.stdin.fileno(), "w", encoding="utf-8", closefd=False) as pipe:
            write_jsonl(generate(rows, seed), pipe)
        launcher.stdin.close()
        assert launcher.stdout is not None
        said = launcher.stdout.read()
        launcher.wait()
    maxrss, code = (int(word) for word in said.split())
    if launcher.returncode != 0 or code not in (0, 1):
        raise SystemExit(f"batch failed with exit code {code}")
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    return maxrss * scale, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--workers", type=int, default=0,
                        help="also measure this many worker processes (0: skip)")  # fmt: skip
    parser.add_argument("--memory-rows", default="1000,100000,1000000",
                        help="row counts for the peak-memory runs ('' to skip)")  # fmt: skip
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "usecases.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            write_jsonl(generate(args.rows, args.seed), out)
        size_mb = os.path.getsize(path) / 1e6
        print(f"input: {args.rows:,} rows, {size_mb:.1f} MB of JSONL (seed {args.seed})")

        base = floor(path)
        print(f"floor (read + json.loads per line):  {base:6.2f} s  "
              f"{args.rows / base:>10,.0f} rows/s")  # fmt: skip
        elapsed, rows, errors = advise_file(path, 1, args.format)
        assert rows == args.rows, (rows, args.rows)  # one row out per row in
        print(f"batch, 1 process, {args.format:<5} output:      {elapsed:6.2f} s  "
              f"{rows / elapsed:>10,.0f} rows/s  ({errors:,} error rows)  "
              f"= {elapsed / base:.1f}x the floor")  # fmt: skip
        if args.workers > 1:
            elapsed, rows, _ = advise_file(path, args.workers, args.format)
            print(f"batch, {args.workers} worker processes:          {elapsed:6.2f} s  "
                  f"{rows / elapsed:>10,.0f} rows/s  = {elapsed / base:.1f}x the floor "
                  f"({os.cpu_count()} CPUs)")  # fmt: skip

    counts = [int(n) for n in args.memory_rows.split(",") if n.strip()]
    results = []
    for count in counts:
        peak, wall = peak_rss_mb(count, args.seed, 1)
        results.append((count, peak))
        print(f"peak RSS, {count:>9,} rows piped through the command: {peak:7.1f} MB "
              f"({wall:.0f} s)")  # fmt: skip
    if len(results) > 1:
        (small, low), (large, high) = results[0], results[-1]
        print(f"peak RSS growth from {small:,} to {large:,} rows: {high - low:+.1f} MB")


if __name__ == "__main__":
    main()
