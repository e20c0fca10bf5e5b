"""Brackets and separators in one line of code: where a bracket closes, and splitting at the
top level (outside brackets and strings). Shared by the signature scanners."""

from __future__ import annotations

from . import lazyre

__all__ = ["NOT_ASSIGN", "OPEN_SPACE", "match_bracket", "split_top"]

_NESTING = lazyre.compile(r"[()\[\]{}<>\"'`]")
_SPECIAL = lazyre.compile(r"[()\[\]{}<>\"'`,=:|]")
OPEN_SPACE = lazyre.compile(r"([(\[])\s+")
NOT_ASSIGN = lazyre.compile(r"==|[!<>]=|=>")


def match_bracket(text: str, start: int) -> int:
    """The index of the bracket closing the one at `text[start]`, or -1."""
    depth = 0
    for m in _BRACKET.finditer(text, start):
        k = m.start()
        c = m.group()
        if c in "<>" and _comparison(text, k):
            continue
        if c in "([{" or (c == "<" and text[k - 1 : k + 1] != "<<"):
            depth += 1
        elif c in ")]}" or (c == ">" and text[k - 1] not in "-="):
            depth -= 1
            if depth == 0:
                return k
    return -1


def _comparison(text: str, k: int) -> bool:
    """`a > 0` or `n < 2`, a space on each side: an operator, not a template's bracket."""
    return 0 < k < len(text) - 1 and text[k - 1] == " " and text[k + 1] in " ="


_BRACKET = lazyre.compile(r"[()\[\]{}<>]")


def split_top(text: str, sep: str, quotes: str = "\"'`") -> list[str]:
    """`text` split at the `sep` characters outside brackets and strings."""
    if not _NESTING.search(text):
        return text.split(sep) if sep != "=" or not NOT_ASSIGN.search(text) else [text]
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    for m in _SPECIAL.finditer(text):
        k = m.start()
        c = m.group()
        if quote:
            if c == quote and text[k - 1] != "\\":
                quote = ""
        elif c in quotes:
            quote = c
        elif c in "<>" and _comparison(text, k):
            continue
        elif c in "([{" or (c == "<" and sep != "<"):
            depth += 1
        elif c in ")]}" or (c == ">" and text[k - 1] not in "-="):
            depth = max(depth - 1, 0)
        elif c == sep and depth == 0:
            if sep == "=" and (text[k + 1 : k + 2] in ("=", ">") or text[k - 1] in "=!<>"):
                continue
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return parts
