"""Regular expressions compiled on first use, not when their module is imported.

The packer's modules hold about 600 patterns, most of them for languages a given
repository does not have; compiling them all took half of the time every command spends
importing repoview (about 0.1 s of a 0.7 s warm pack). `compile` returns a stand-in that
compiles its pattern the first time a method is looked up on it, then keeps the compiled
pattern's methods as its own attributes, so later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

__all__ = ["compile"]

# What a compiled pattern offers, kept on the stand-in once it is compiled.
_ATTRS = (
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "scanner",
    "flags",
    "groups",
    "groupindex",
)


class _Later:
    """A pattern that compiles itself when first used (see the module's docstring)."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern  # (read when composing patterns: no compile needed)
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # Called only for a name not yet set on the stand-in: the first use.
        if name.startswith("__") or name == "_flags":
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attr in _ATTRS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Later, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r})"


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, compiled when first used. (Not a `re.Pattern` for
    `isinstance`, nor one `re.sub` and the like accept in place of a pattern string.)"""
    return cast("re.Pattern[AnyStr]", _Later(pattern, flags))
