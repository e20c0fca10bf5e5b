"""Python's import statements, read without a syntax tree.

`import` and `from` are hard keywords: once strings and comments are gone, every `import`
left in a file belongs to an import statement. One substitution blanks the strings and
comments (the regular expression engine runs it in C, with no Python object per match),
and a second expression reads the statements from what is left. On CPython's standard
library this is several times faster than parsing the part of each file that holds
imports with tree-sitter, and it finds the same imports (bench/imports_bench.py).

What it reads: `import a.b as c, d`; `from ..pkg import (x as y,\\n z)`; backslash
continuations; statements after `;` or `:` (`try: import x`); `from __future__ import ...`.
What it cannot see: an import inside an f-string's replacement field that reuses the
string's own quote (Python 3.12), which no real code puts there.
"""

from __future__ import annotations

from .. import lazyre

__all__ = ["python_imports", "strip_python"]

Spec = list[str]

# Strings (any prefix: a prefix changes what the body means, never where it ends; even a
# raw string's backslash keeps the next quote inside) and comments. A string left open ends
# at its line's end (one quote) or at the end of the text (three).
_NOISE = lazyre.compile(
    r"#[^\n]*"
    r'|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"?'
    r"|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'?"
)
# Space inside one logical line: blanks, and a backslash that joins the next line.
_WS = r"(?:[ \t\f\r]|\\\r?\n)"
# The keyword comes first and the word boundary before it is a look-behind, so the engine
# jumps from one `f`/`i` to the next instead of trying the pattern at every character.
_STATEMENT = lazyre.compile(
    rf"(?:from(?<!\wfrom){_WS}+(?P<module>(?:\.{_WS}*)*(?:\w+(?:{_WS}*\.{_WS}*\w+)*)?)"
    rf"{_WS}*import|import(?<!\wimport))\b{_WS}*"
    # What follows `import`: a parenthesised list (newlines allowed inside), or the rest of
    # the logical line up to `;`.
    r"(?:\((?P<group>[^()]*)\)|(?P<names>(?:[^\n;\\()]|\\\r?\n)*))"
)
_NAME = lazyre.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*\Z")


def strip_python(text: str) -> str:
    """`text` with every string literal and comment replaced by one space."""
    return _NOISE.sub(" ", text)


def python_imports(text: str) -> list[Spec]:
    """The import specs of Python source `text`, in order (see extract.py for the shape)."""
    last = text.rfind("import")
    if last == -1:
        return []
    # Nothing after the statement holding the last `import` matters. A blank line ends that
    # statement, unless it opened a parenthesised list that has not closed by then.
    end = text.find("\n\n", last)
    if end == -1 or ("(" in text[last:end] and ")" not in text[last:end]):
        end = len(text)
    specs: list[Spec] = []
    for m in _STATEMENT.finditer(strip_python(text[:end])):
        items = m.group("group")
        names = _names(m.group("names") if items is None else items)
        module = m.group("module")
        if module is None:
            specs.extend(["import", n, alias] if alias else ["import", n] for n, alias in names)
            continue
        module = "".join(module.replace("\\", " ").split())
        if module:
            specs.append(["from", module, ",".join(n for n, _ in names if "." not in n)])
            renamed = ",".join(f"{n}={alias}" for n, alias in names if alias and "." not in n)
            if renamed:
                specs.append(["as", module, renamed])
    return specs


def _names(items: str) -> list[tuple[str, str]]:
    """The names an import list brings in, each with its alias or "" (`a.b as c, d` ->
    (a.b, c), (d, "")); `*` is kept (what a package's `__init__` hands on)."""
    names = []
    for item in items.split(","):
        words = item.replace("\\", " ").split()
        alias = ""
        if "as" in words:
            at = words.index("as")
            words, alias = words[:at], "".join(words[at + 1 :])
        name = "".join(words)  # blanks may sit around a dotted name's dots
        if _NAME.match(name) or name == "*":
            names.append((name, alias if _NAME.match(alias) and "." not in alias else ""))
    return names
