"""How long `transfer-advisor advise EXAMPLE --format json` and `check EXAMPLE` take, against
the floor of the stack they are built on.

Run on an installed (not editable) package: python benchmarks/startup.py [--runs 21]
[--example examples/legal-clause-classifier.yaml]. Prints the median wall time of each command
and their ratios. The floor (issue 21) is the smallest program that does what every such
command must: a typer app that parses a path and an option, reads the manifest with PyYAML and
validates a one-field pydantic model (typer 0.20 and newer converts option values with
pydantic). Two more references are printed for context: importing the four dependencies, and
the smallest typer program that parses one integer option. Last, `check EXAMPLE --rules
TEAM.yaml` with the team rulebook `rules init` writes, with its compiled conditions taken from
the cache (``rules/cache.py``, in a temporary folder) and with ``TRANSFER_ADVISOR_NO_CACHE=1``.

Runs of the commands alternate, so a change in the machine's load hits all of them alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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
#: The floor: parse a path and an option, read the manifest with PyYAML, validate one field.
READING_APP = """
import sys
import typer
import yaml
from pydantic import BaseModel
class M(BaseModel):
    name: str
app = typer.Typer()
@app.command()
def a(path: str, format: str = "text") -> None:
    with open(path, encoding="utf-8") as f:
        M.model_validate({"name": yaml.safe_load(f)["name"]})
@app.command()
def b() -> None: pass
app(["a", sys.argv[1], "--format", "json"], standalone_mode=False)
"""


def median_seconds(
    commands: list[list[str]], runs: int, envs: list[dict[str, str] | None] | None = None
) -> list[float]:
    """The median wall time of each command (in its environment), over ``runs`` interleaved
    rounds."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, env, spent in zip(commands, envs or [None] * len(commands), times,
                                       strict=True):  # fmt: skip
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=ROOT, env=env)  # fmt: skip
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--example", default="examples/legal-clause-classifier.yaml")
    args = parser.parse_args()
    exe = shutil.which("transfer-advisor")
    ours = [exe] if exe else [sys.executable, "-m", "transfer_advisor"]
    advise = [*ours, "advise", args.example, "--format", "json"]
    check = [*ours, "check", args.example]
    imports = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]
    trivial = [sys.executable, "-c", TRIVIAL_TYPER_APP]
    floor = [sys.executable, "-c", READING_APP, args.example]
    with tempfile.TemporaryDirectory() as tmp:
        team = os.path.join(tmp, "team.yaml")
        cached = {**os.environ, "TRANSFER_ADVISOR_CACHE_DIR": os.path.join(tmp, "cache")}
        subprocess.run([*ours, "rules", "init", team], check=True, capture_output=True,
                       env=cached)  # fmt: skip
        check_team = [*check, "--rules", team]
        uncached = {**cached, "TRANSFER_ADVISOR_NO_CACHE": "1"}
        commands = [imports, trivial, floor, advise, check, check_team, check_team]
        envs = [None, None, None, None, None, cached, uncached]
        # Warm the file cache, bytecode and rule cache first so every command is measured alike.
        median_seconds(commands, 2, envs)
        times = median_seconds(commands, args.runs, envs)
    base = times[2]
    print(f"median of {args.runs} interleaved runs each; the floor is the typer app that reads "
          "the manifest with PyYAML and validates a one-field model")  # fmt: skip
    labels = ["import typer, rich, pydantic, yaml", "a typer app parsing one int option",
              "the floor", "transfer-advisor advise --format json",
              "transfer-advisor check", "check --rules TEAM.yaml, cached",
              "check --rules TEAM.yaml, no cache"]  # fmt: skip
    for label, spent in zip(labels, times, strict=True):
        print(f"{label + ':':40} {spent * 1000:7.1f} ms ({spent / base:.2f}x the floor)")


if __name__ == "__main__":
    main()
