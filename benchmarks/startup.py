"""How long `transfer-advisor advise EXAMPLE --format json` takes, against the floor of merely
importing its dependencies (`python -c "import typer, rich, pydantic, yaml"`).

Run: python benchmarks/startup.py [--runs 21] [--example examples/legal-clause-classifier.yaml]
Prints the median wall time of each command and their ratio (the issue asks for <= ~1.5x).
It also times the smallest typer program that parses one integer option, because typer
(0.20 and newer) converts option values with pydantic: that is the floor of any typer
command line, whatever it does.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL_TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def a(x: int = 1) -> None: pass
@app.command()
def b() -> None: pass
app(["a", "--x", "2"], standalone_mode=False)
"""


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--example", default="examples/legal-clause-classifier.yaml")
    args = parser.parse_args()
    exe = shutil.which("transfer-advisor")
    advise = [exe] if exe else [sys.executable, "-m", "transfer_advisor"]
    advise += ["advise", args.example, "--format", "json"]
    floor_cmd = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]
    typer_cmd = [sys.executable, "-c", TRIVIAL_TYPER_APP]
    # Warm the file cache and bytecode first so both sides are measured alike.
    median_seconds(floor_cmd, 2)
    median_seconds(advise, 2)
    floor = median_seconds(floor_cmd, args.runs)
    trivial = median_seconds(typer_cmd, args.runs)
    ours = median_seconds(advise, args.runs)
    print(
        f"import typer, rich, pydantic, yaml:      {floor * 1000:7.1f} ms (median of {args.runs})"
    )
    print(
        f"a typer app parsing one int option:      {trivial * 1000:7.1f} ms ({trivial / floor:.2f}x)"
    )
    print(f"transfer-advisor advise --format json:   {ours * 1000:7.1f} ms ({ours / floor:.2f}x)")


if __name__ == "__main__":
    main()
