"""The cyclic garbage collector paused while a command starts, and resumed for the long run.

Starting a command imports typer, rich, pydantic and the shipped data: thousands of long-lived
objects and no garbage cycles worth collecting, yet the collector walks them all several times
on the way (about 20 ms of a 250 ms ``check``, measured with ``benchmarks/startup.py``). The
console script pauses it (:func:`pause`); a command that may then run long (``check`` over
thousands of files, ``batch`` over millions of rows) resumes it once its start-up is done
(:func:`resume`), first moving everything built so far out of its reach (``gc.freeze``), so
cycles made by the work itself are still collected and memory stays flat. Called from Python
(the library), nothing was paused and :func:`resume` does nothing.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the collector off for the start of a command."""
    global _paused
    gc.disable()
    _paused = True


def resume() -> None:
    """Turn it back on (after :func:`pause` only), leaving what exists now to live for good."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def freeze() -> None:
    """Move every object out of the collector's reach before the interpreter exits.

    Python's shutdown collects once more, walking every object that is still alive (about 25 ms
    after a command, more than the command's own work): frozen objects are skipped, and the
    process frees its memory at exit anyway. Files are closed and flushed as usual.
    """
    gc.freeze()
