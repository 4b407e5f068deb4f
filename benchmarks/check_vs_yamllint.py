"""Time ``transfer-advisor check`` against ``yamllint`` on the same manifest, as subprocesses.

Both are linters a pre-commit hook or CI job starts once per run, so what counts is the wall
time of a whole process: interpreter start-up, imports, loading and checking one file. The
target is ``check`` within about 1.5 times ``yamllint``.

    python benchmarks/check_vs_yamllint.py [--runs 30] [--installed] [MANIFEST]
    python benchmarks/check_vs_yamllint.py --files 1000 [--runs 5]

A third command is timed alongside, as a reference: ``python -c "from pydantic import BaseModel;
import yaml"``, the imports that any linter validating YAML with pydantic models pays before it
reads a file.

``--files N`` also times both tools on one directory of N manifests (copies of the files in
``examples/``, each renamed), which separates the fixed cost of starting from the cost per file.

By default ``check`` runs from this working tree (``python -m transfer_advisor`` with ``src``
on ``PYTHONPATH``); ``--installed`` runs the ``transfer-advisor`` command found on PATH instead.
yamllint is looked for beside this interpreter, then on PATH, then as ``python -m yamllint``.
Runs alternate between the two tools after a warm-up, and the script prints the median and
the fastest run of each and the ratio of the medians. Timings never go in the test suite.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MANIFEST = ROOT / "examples" / "legal-clause-classifier.yaml"
TARGET_RATIO = 1.5
REFERENCE = "from pydantic import BaseModel; import yaml"


def _search_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def yamllint_command() -> tuple[list[str], str] | None:
    """How to run yamllint here, and where it was found (None: it is not installed)."""
    found = shutil.which("yamllint", path=_search_path())
    if found:
        return [found], found
    if importlib.util.find_spec("yamllint") is not None:
        return [sys.executable, "-m", "yamllint"], f"{sys.executable} -m yamllint"
    return None


def check_command(installed: bool) -> tuple[list[str], dict[str, str], str] | None:
    """How to run ``transfer-advisor check``, its environment, and a description."""
    env = dict(os.environ)
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR"):
        env.pop(name, None)  # the same plain text report in every run
    if installed:
        found = shutil.which("transfer-advisor", path=_search_path())
        if found is None:
            return None
        return [found, "check", "--quiet"], env, found
    source = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "transfer_advisor", "check", "--quiet"]
    return command, env, f"{sys.executable} -m transfer_advisor (from {source})"


def time_once(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)  # fmt: skip
    return time.perf_counter() - start


def make_tree(folder: Path, count: int) -> None:
    """``count`` manifests in ``folder``, cycling through the shipped examples."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for number in range(count):
        source = examples[number % len(examples)]
        (folder / f"{number:05d}-{source.name}").write_bytes(source.read_bytes())


def time_tree(check: list[str], env: dict[str, str], lint: list[str], files: int,
              runs: int) -> None:  # fmt: skip
    """Time both tools on one directory of ``files`` manifests and print the cost per file."""
    with tempfile.TemporaryDirectory() as folder:
        make_tree(Path(folder), files)
        time_once([*check, folder], env)  # warm the file cache
        time_once([*lint, folder])
        ours = statistics.median(time_once([*check, folder], env) for _ in range(runs))
        theirs = statistics.median(time_once([*lint, folder]) for _ in range(runs))
    print(f"a directory of {files} manifests, median of {runs} runs each:")
    print(f"transfer-advisor check {ours:7.2f} s   {ours / files * 1000:6.2f} ms per file")
    print(f"yamllint               {theirs:7.2f} s   {theirs / files * 1000:6.2f} ms per file")
    print(f"ratio:                 {ours / theirs:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest", nargs="?", type=Path, default=DEFAULT_MANIFEST)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each tool")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each tool first")
    parser.add_argument("--installed", action="store_true",
                        help="time the transfer-advisor command on PATH, not this tree")  # fmt: skip
    parser.add_argument("--files", type=int, default=0,
                        help="also time both tools on a directory of this many manifests")  # fmt: skip
    args = parser.parse_args(argv)
    manifest = str(args.manifest)
    if not args.manifest.is_file():
        print(f"no such manifest: {manifest}", file=sys.stderr)
        return 2

    lint = yamllint_command()
    if lint is None:
        print("yamllint is not installed (not beside this Python, not on PATH, not importable):"
              " install it to compare, e.g. with pip install yamllint", file=sys.stderr)  # fmt: skip
        return 2
    ours = check_command(args.installed)
    if ours is None:
        print("transfer-advisor is not on PATH; install it or run without --installed",
              file=sys.stderr)  # fmt: skip
        return 2
    check, env, check_where = ours
    lint_command, lint_where = lint

    # Both must work on this file before their times mean anything.
    probe = subprocess.run([*check, manifest], env=env, capture_output=True, text=True,
                           check=False)  # fmt: skip
    if probe.returncode not in (0, 1):
        print(f"transfer-advisor check failed (exit {probe.returncode}):\n{probe.stderr}",
              file=sys.stderr)  # fmt: skip
        return 2

    for _ in range(args.warmup):
        time_once([*check, manifest], env)
        time_once([*lint_command, manifest])
    reference = [sys.executable, "-c", REFERENCE]
    ours_times: list[float] = []
    lint_times: list[float] = []
    reference_times: list[float] = []
    for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
        ours_times.append(time_once([*check, manifest], env))
        lint_times.append(time_once([*lint_command, manifest]))
        reference_times.append(time_once(reference))

    ours_median = statistics.median(ours_times)
    lint_median = statistics.median(lint_times)
    ratio = ours_median / lint_median
    print(f"manifest:              {manifest}")
    print(f"python:                {sys.version.split()[0]} ({sys.executable})")
    print(f"transfer-advisor:      {check_where}")
    print(f"yamllint:              {lint_where}")
    print(f"runs:                  {args.runs} each, after {args.warmup} warm-up runs")
    print(f"transfer-advisor check median {ours_median * 1000:7.1f} ms   "
          f"min {min(ours_times) * 1000:7.1f} ms")  # fmt: skip
    print(f"yamllint               median {lint_median * 1000:7.1f} ms   "
          f"min {min(lint_times) * 1000:7.1f} ms")  # fmt: skip
    verdict = "within" if ratio <= TARGET_RATIO else "over"
    print(f"ratio (medians):       {ratio:.2f}x  ({verdict} the {TARGET_RATIO}x target)")
    reference_median = statistics.median(reference_times)
    print(f"reference: python -c {REFERENCE!r}\n"
          f"                       median {reference_median * 1000:7.1f} ms "
          f"= {reference_median / lint_median:.2f}x yamllint")  # fmt: skip
    if args.files > 0:
        time_tree(check, env, lint_command, args.files, max(1, min(args.runs, 5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
