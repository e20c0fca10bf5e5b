"""Text from files and models shown safely: no control characters reach a terminal or a
one-line header, where an escape sequence or a carriage return could rewrite what is seen."""

from __future__ import annotations

import re

from . import lazyre

__all__ = ["oneline", "terminal"]

# C0 controls but tab and newline, DEL, and C1 controls (0x9b is a CSI on some terminals);
# also the bidi overrides that reorder what a line appears to say.
_CONTROL = lazyre.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NL = lazyre.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def terminal(text: str) -> str:
    """`text` for a terminal: lines kept, every other control character shown escaped."""
    return _CONTROL.sub(_escape, text)


def oneline(text: str) -> str:
    """`text` for a single line (a header, a path, a title): newlines escaped too."""
    return _CONTROL_NL.sub(_escape, text)
