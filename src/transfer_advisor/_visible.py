"""Text from the input, shown to people: characters that could hide or rewrite what they see
become visible escapes (``\\x1b``, ``\\u202e``).

That covers C0 and C1 controls (terminal escape sequences, bells, backspaces), bidirectional
overrides and isolates (which reorder a line on screen), and zero-width or otherwise invisible
format characters (which make two different names look the same).
"""

from __future__ import annotations

import functools
import re

_INVISIBLE = "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@functools.cache
def _pattern(keep: str) -> re.Pattern[str]:
    if not keep:
        return re.compile(f"[{_INVISIBLE}]")
    kept = "".join(re.escape(ch) for ch in keep)
    return re.compile(f"(?![{kept}])[{_INVISIBLE}]")


def visible(text: str, keep: str = "") -> str:
    """``text`` with every hidden character escaped, except those in ``keep`` (e.g. ``"\\n"``)."""
    return _pattern(keep).sub(_escape, text)
