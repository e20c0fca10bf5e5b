"""The import graph of languages whose files name types, not files: C# and Swift; and in
Java and Kotlin, the types of a file's own package, which it uses without an import.

A C# `using` names a namespace and a Swift module sees all of its files, so what ties two
files together is a type: a file that names `JsonReader` depends on the file that declares
it. Each file's specs are the types it declares and the capitalised names it uses (comments
and strings blanked); an edge goes to the file declaring a used name, when at most a few
files declare it (C#'s partial classes: each part). A name many files declare (`Error`,
nested `Builder`s) says nothing about which one is meant and makes no edge.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

__all__ = ["PACKAGE_LANGUAGES", "TYPE_LANGUAGES", "Declared", "type_specs"]

TYPE_LANGUAGES = frozenset({"C#", "Swift"})
PACKAGE_LANGUAGES = frozenset({"Java", "Kotlin"})  # imports, and their own package's types
_MOST_DECLARING = 3  # files declaring one name beyond which it makes no edge

# Comments and strings (C# verbatim and raw strings, Swift multi-line ones), and import
# lines (Swift's `public import struct Foundation.Data` declares nothing), blanked first.
_NOISE = re.compile(
    r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|@"(?:[^"]|"")*"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])\''
    r"|^[ \t]*(?:@?\w+[ \t]+){0,3}?import\b[^\n]*",
    re.S | re.M,
)
# (No `\b` before the keyword: twice as fast, and `xclass Name` is no code in these languages.)
_DECLARED = re.compile(
    r"(?:class|struct|interface|enum|record|protocol|actor|typealias|object"
    r"|delegate\s+[\w<>\[\],.? ]+?)\s+([A-Z]\w*)"
)
_NAME = re.compile(r"\b[A-Z]\w*")


def type_specs(text: str) -> list[list[str]]:
    """``[["declares", "A,B"], ["names", "C,D"]]``: the outermost types `text` declares, and
    the other capitalised names it uses. Nested types (a `Result` or `State` inside a class)
    are not declarations here: their names are often those of the language's own types."""
    code = _NOISE.sub(" ", text)
    found: list[tuple[int, str]] = []
    for m in _DECLARED.finditer(code):
        start = code.rfind("\n", 0, m.start()) + 1
        line = code[start : m.start()]
        found.append((len(line) - len(line.lstrip()), m.group(1)))
    outer = min((depth for depth, _ in found), default=0)
    declared = {name for depth, name in found if depth == outer}
    inner = {name for depth, name in found if depth != outer}
    used = set(_NAME.findall(code)) - declared - inner
    return [["declares", ",".join(sorted(declared))], ["names", ",".join(sorted(used))]]


class Declared:
    """Which files of one language declare each type name."""

    def __init__(self, specs: Iterable[tuple[str, list[list[str]]]]) -> None:
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for path, found in specs:
            for kind, names in found:
                if kind == "declares" and names:
                    for name in names.split(","):
                        self.by_name[name].append(path)

    def targets(
        self, path: str, found: list[list[str]], same_folder: bool = False
    ) -> Iterable[str]:
        """The files declaring the names `found` uses (`same_folder`: only those beside
        `path`, its package's)."""
        here = posixpath.dirname(path)
        for kind, names in found:
            if kind != "names" or not names:
                continue
            for name in names.split(","):
                where = self.by_name.get(name)
                if where and same_folder:
                    where = [p for p in where if posixpath.dirname(p) == here]
                if where and len(where) <= _MOST_DECLARING:
                    yield from (p for p in where if p != path)
