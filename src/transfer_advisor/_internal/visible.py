"""Text from the input, shown to people: characters that could hide or rewrite what they see
become visible escapes (``\\x1b``, ``\\u202e``).

That covers C0 and C1 controls (terminal escape sequences, bells, backspaces), bidirectional
overrides and isolates (which reorder a line on screen), and zero-width or otherwise invisible
format characters (which make two different names look the same).
"""

from __future__ import annotations

import functools
import re

# Controls, then Unicode's default-ignorable code points (drawn as nothing): soft hyphen,
# combining grapheme joiner, Arabic letter mark, Hangul fillers, Khmer and Mongolian format
# characters, zero-width characters and directional marks, line and paragraph separators,
# bidirectional embeddings, overrides and isolates, invisible operators, the byte-order mark,
# interlinear annotation marks, and tag characters; and lone surrogates (a JSON "\\ud800"
# escape), which are no character at all and cannot even be written as UTF-8. Emoji variation selectors (U+FE00-FE0F)
# are left alone: they change how a visible character looks, they do not hide one.
_INVISIBLE = (
    "\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)


def escape_match(match: re.Match[str]) -> str:
    """The visible escape of one matched character (``\\x1b``, ``\\u202e``, ``\\U000e0041``)."""
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@functools.cache
def _pattern(keep: str) -> re.Pattern[str]:
    if not keep:
        return re.compile(f"[{_INVISIBLE}]")
    kept = "".join(re.escape(ch) for ch in keep)
    return re.compile(f"(?![{kept}])[{_INVISIBLE}]")


def visible(text: str, keep: str = "") -> str:
    """``text`` with every hidden character escaped, except those in ``keep`` (e.g. ``"\\n"``)."""
    return _pattern(keep).sub(escape_match, text)
