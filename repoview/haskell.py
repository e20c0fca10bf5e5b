"""A Haskell module's outline: its interface kept whole, bodies elided.

Kept: the module head and its export list, imports, pragmas, top-level comments, type
signatures over all their lines, `data`, `newtype`, `type` and `pattern` declarations whole
(constructors, records' fields, GADTs), `class` and `instance` heads with their members'
signatures; elided: equations (a function with no signature keeps its first line) and a
class's or instance's method bodies (a function's first line is kept: its arguments).
"""

from __future__ import annotations

from collections.abc import Callable

from . import lazyre
from .signature_lines import hs_code

__all__ = ["haskell_outline"]

_WHOLE = frozenset({"module", "import", "data", "newtype", "type", "pattern", "infixl", "infixr"})
_HEADS = frozenset({"class", "instance", "deriving"})
_SIGNATURE = lazyre.compile(
    r"^\s*(?:[a-z_][\w']*|\([^)\s]+\))(?:\s*,\s*(?:[a-z_][\w']*|\([^)\s]+\)))*\s*::"
)
_NAME = lazyre.compile(r"^([a-z_][\w']*)")


def haskell_outline(lines: list[str], elided: Callable[[int], str]) -> list[str]:
    """`lines` (a module) as its outline; empty when nothing would be elided."""
    code = hs_code("\n".join(lines)).split("\n")
    n = len(lines)
    keep = [False] * n
    seen: set[str] = set()  # the functions whose first line is kept
    starts = [i for i in range(n) if code[i][:1] not in ("", " ", "\t")]
    for i in range(n):  # top-level comments, pragmas and blank lines stand as they are
        if not code[i].strip() and lines[i][:1] not in (" ", "\t"):
            keep[i] = True
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else n
        while end > i + 1 and not code[end - 1].strip():
            end -= 1  # (the comments before the next declaration are its own)
        word = code[i].split(None, 1)[0]
        if word in _WHOLE or code[i].startswith("{-#") or _SIGNATURE.match(code[i]):
            for j in range(i, end):
                keep[j] = True
        elif word in _HEADS:
            head = i
            while head < end - 1 and "where" not in code[head].split():
                head += 1
            for j in range(i, head + 1):
                keep[j] = True
            j = head + 1
            while j < end:  # members: their signatures (over their lines) kept
                if _SIGNATURE.match(code[j]):
                    indent = len(code[j]) - len(code[j].lstrip())
                    keep[j] = True
                    j += 1
                    while j < end and (
                        not code[j].strip() or len(code[j]) - len(code[j].lstrip()) > indent
                    ):
                        keep[j] = bool(code[j].strip()) or keep[j]
                        j += 1
                    continue
                j += 1
        else:
            name = _NAME.match(code[i])
            if name is not None and name.group(1) not in seen:
                keep[i] = True  # (a function's first equation's first line: its arguments)
                seen.add(name.group(1))
    if all(keep):
        return []
    out: list[str] = []
    skipped = 0
    for i in range(n):
        if keep[i]:
            if skipped:
                out.append(elided(skipped))
                skipped = 0
            out.append(lines[i])
        else:
            skipped += 1
    if skipped:
        out.append(elided(skipped))
    return out
