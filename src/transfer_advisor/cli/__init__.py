"""The command line: the Typer app (``app.py``), one module per command group, and the
helpers and options they share (``common.py``, ``options.py``)."""
