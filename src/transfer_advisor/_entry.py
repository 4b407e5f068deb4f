"""The ``transfer-advisor`` console script: the command line, started as fast as it can be.

Starting a command imports typer, rich, pydantic and the shipped data: thousands of long-lived
objects and no garbage cycles worth collecting, yet the cyclic garbage collector walks them all
several times on the way (about 13 ms of a 238 ms ``advise``, measured with
``benchmarks/startup.py``). A one-shot command therefore runs with the collector off; ``batch``
and ``check``, which may read millions of rows or thousands of files, keep it on.
"""

from __future__ import annotations

import gc
import sys

#: Commands that may run long: the collector stays on for them.
_LONG_RUNNING = frozenset({"batch", "check"})


def main() -> None:
    """Run the command line (see :func:`transfer_advisor.cli.app.main`)."""
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    if command not in _LONG_RUNNING:
        gc.disable()
    from transfer_advisor.cli.app import main as run

    run()
