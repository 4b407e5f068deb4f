"""``python -m transfer_advisor``: the same as the ``transfer-advisor`` command."""

from __future__ import annotations

from transfer_advisor._entry import main

if __name__ == "__main__":
    main()
