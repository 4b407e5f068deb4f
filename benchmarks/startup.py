"""How long `transfer-advisor advise EXAMPLE --format json` takes, against the floor of merely
importing its dependencies (`python -c "import typer, rich, pydantic, yaml"`).

Run: python benchmarks/startup.py [--runs 21] [--example examples/legal-clause-classifier.yaml]
Prints the median wall time of each command and their ratio (the issue asks for <= ~1.5x).
It also times two reference programs that do no advising at all:

- the smallest typer program that parses one integer option: typer 0.20 and newer converts
  option values with pydantic, so this is the floor of any typer command line;
- the same program validating one pydantic model with one field: the floor of any typer
  command that validates its input with pydantic, as ``advise`` must.

Runs of the commands alternate, so a change in the machine's load hits all of them alike.
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
TYPER_AND_PYDANTIC_APP = """
import typer
from pydantic import BaseModel
class M(BaseModel):
    x: int
app = typer.Typer()
@app.command()
def a(x: int = 1) -> None:
    M(x=x)
@app.command()
def b() -> None: pass
app(["a", "--x", "2"], standalone_mode=False)
"""


def median_seconds(commands: list[list[str]], runs: int) -> list[float]:
    """The median wall time of each command, over ``runs`` interleaved rounds."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, spent in zip(commands, times, strict=True):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


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
    validating_cmd = [sys.executable, "-c", TYPER_AND_PYDANTIC_APP]
    commands = [floor_cmd, typer_cmd, validating_cmd, advise]
    # Warm the file cache and bytecode first so every command is measured alike.
    median_seconds(commands, 2)
    floor, trivial, validating, ours = median_seconds(commands, args.runs)
    print(f"median of {args.runs} interleaved runs each")
    print(f"import typer, rich, pydantic, yaml:        {floor * 1000:7.1f} ms")
    print(
        f"a typer app parsing one int option:        {trivial * 1000:7.1f} ms ({trivial / floor:.2f}x)"
    )
    print(
        f"... that also validates a one-field model: {validating * 1000:7.1f} ms ({validating / floor:.2f}x)"
    )
    print(f"transfer-advisor advise --format json:     {ours * 1000:7.1f} ms ({ours / floor:.2f}x)")


if __name__ == "__main__":
    main()
