"""The ``transfer-advisor`` console script: the command line, started as fast as it can be.

The cyclic garbage collector is paused while the command starts (see
:mod:`transfer_advisor._internal.collector`): a one-shot command ends before it would matter;
``batch`` and ``check``, which may read millions of rows or thousands of files, resume it once
their start-up is done. Whatever the command, everything is frozen out of the collector's reach
before the interpreter exits, so its final collection has nothing to walk.
"""

from __future__ import annotations


def main() -> None:
    """Run the command line (see :func:`transfer_advisor.cli.app.main`)."""
    from transfer_advisor._internal.collector import freeze, pause

    pause()
    try:
        from transfer_advisor.cli.app import main as run

        run()
    finally:
        freeze()
