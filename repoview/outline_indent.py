"""Outlines of Kotlin and Ruby, which have no grammar here, read from their indentation.

A statement is a line and the lines indented deeper under it, up to its closing line at its
own indentation (`}` or `end`). A function's body is elided and its head and closing line
kept; a class or module is looked into; any other statement that holds a function is looked
into too, and one that holds none and is long (a big literal, a spec's `describe` block) is
cut to its first line. Comments and the insides of strings never open or close a statement,
and doc comments keep their first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["INDENT_LANGUAGES", "outline_by_indent"]

_DOC_LINES = 6  # a doc comment's first paragraph, at most this many lines
_LONG = 12  # longer statements with no function inside are cut to their first line
_SIGNATURE_LINES = 30  # a head whose parentheses stay open longer is not a head


@dataclass(frozen=True)
class _Syntax:
    function: re.Pattern[str]  # a head whose body is elided
    container: re.Pattern[str]  # a head whose inside is looked into
    closer: re.Pattern[str]  # the line that closes a statement, at its indentation
    go_on: re.Pattern[str]  # a line at the head's indentation that continues it
    line_comment: str
    marker: str  # an elision marker, `{}` for what it says


_KOTLIN_MODIFIERS = (
    r"(?:(?:@[\w.]+(?:\([^()]*\))?|public|private|protected|internal|override|open|final|"
    r"abstract|suspend|inline|infix|operator|tailrec|external|actual|expect|data|sealed|"
    r"inner|enum|annotation|value|companion)\s+)*"
)
_RUBY_MODIFIERS = (
    r"(?:(?:private|public|protected|module_function|private_class_method|"
    r"public_class_method|memoize|memoize_method)\s+)*"
)
_KOTLIN_CONSTRUCTOR = re.compile(r"^\s*" + _KOTLIN_MODIFIERS + r"constructor\b")
_KOTLIN = _Syntax(
    function=re.compile(
        r"^\s*" + _KOTLIN_MODIFIERS + r"(?:fun\b(?!\s+interface\b)|init\s*\{|constructor\b"
        r"|(?:get|set)\s*\()"
    ),
    container=re.compile(
        r"^\s*" + _KOTLIN_MODIFIERS + r"(?:class|interface|object|fun\s+interface)\b"
    ),
    closer=re.compile(r"^\s*[})\]]"),
    # `} else {`, `} catch (e: E) {`, `}.also {` and a chain's `.map {` at the same margin
    go_on=re.compile(r"^\s*(?:[})\]].*[{(\[]\s*$|\.|\?\.|\?:|else\b|catch\b|finally\b)"),
    line_comment="//",
    marker="/* {} */",
)
_RUBY = _Syntax(
    function=re.compile(r"^\s*" + _RUBY_MODIFIERS + r"def\s"),
    container=re.compile(r"^\s*(?:class|module)\b"),
    closer=re.compile(r"^\s*(?:end\b|[})\]])"),
    go_on=re.compile(r"^\s*(?:(?:rescue|ensure|else|elsif|when|in|then)\b|\.|&\.)"),
    line_comment="#",
    marker="# {}",
)
INDENT_LANGUAGES = {"Kotlin": _KOTLIN, "Ruby": _RUBY}

_BLANK, _COMMENT, _TEXT, _CODE = range(4)  # TEXT: inside a multi-line string or heredoc
_STRINGS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_RAW_STRING = re.compile(r'""".*?"""')
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/")
_HEREDOC = re.compile(r"<<[~-]?([\"'`])(\w+)\1|<<[~-](\w+)|<<([A-Z_][A-Z0-9_]*)\b")
_ASSIGN = re.compile(r"(?<![=!<>])=(?![=>])")
_RUBY_ENDLESS = re.compile(r"^\s*(?:\w+\s+)*def\s+[\w.]+[?!=]?\s*(?:\([^()]*\))?\s*=(?!=)")


def outline_by_indent(lines: list[str], language: str) -> list[str]:
    """The outline of a file's `lines` in `language` (one of INDENT_LANGUAGES)."""
    syntax = INDENT_LANGUAGES[language]
    kinds, codes = _classify(lines, language, syntax)
    indents = [len(line) - len(line.lstrip()) for line in lines]
    walk = _Walk(lines, kinds, codes, indents, syntax)
    walk.region(0, len(lines))
    return walk.output()


def _classify(lines: list[str], language: str, syntax: _Syntax) -> tuple[list[int], list[str]]:
    """Each line's kind, and its code with strings and trailing comments taken out."""
    kinds = []
    codes = []
    ends: list[str] = []  # what closes the string or comment we are in, innermost last
    for line in lines:
        stripped = line.strip()
        if ends:
            end = ends[0]
            closed = stripped == end if language == "Ruby" else end in line
            if closed:
                ends.pop(0)
            kinds.append(_COMMENT if end in ("*/", "=end") else _TEXT)
            codes.append("")
            continue
        if not stripped:
            kinds.append(_BLANK)
            codes.append("")
            continue
        if language == "Ruby" and line.startswith("=begin"):
            ends.append("=end")
            kinds.append(_COMMENT)
            codes.append("")
            continue
        if language == "Ruby" and line.rstrip() == "__END__":
            ends.append("\0")  # the rest is data
        code = line
        if language == "Kotlin":
            code = _RAW_STRING.sub('""', code)
            if '"""' in code:
                ends.append('"""')
                code = code[: code.index('"""')]
            code = _BLOCK_COMMENT.sub(" ", _STRINGS.sub('""', code))
            opened = code.find("/*")
            if opened >= 0:
                ends.append("*/")
                code = code[:opened]
        else:
            code = _STRINGS.sub(_blank_string, code)  # (heredoc names are looked for in line)
            cut = code.find("#")
            before = line if cut < 0 else line[:cut]
            ends.extend(next(g for g in m.groups()[1:] if g) for m in _HEREDOC.finditer(before))
        cut = code.find(syntax.line_comment)
        if cut >= 0:
            code = code[:cut]
        kinds.append(_CODE if code.strip() else _COMMENT)
        codes.append(code.rstrip())
    return kinds, codes


def _blank_string(m: re.Match[str]) -> str:
    """A string literal as one of the same length that holds nothing."""
    return m[0][0] + " " * (len(m[0]) - 2) + m[0][0]


class _Walk:
    """The statements of a file, read from its indentation, and what of them is kept."""

    def __init__(
        self,
        lines: list[str],
        kinds: list[int],
        codes: list[str],
        indents: list[int],
        syntax: _Syntax,
    ) -> None:
        self.lines, self.kinds, self.codes, self.indents = lines, kinds, codes, indents
        self.syntax = syntax
        self.elided: dict[int, int] = {}  # first line -> lines elided from there

    def region(self, lo: int, hi: int) -> None:
        """Outline the statements between lines `lo` and `hi`."""
        i = lo
        while i < hi:
            if self.kinds[i] != _CODE:
                i += 1
                continue
            i = self.statement(i, hi)

    def statement(self, i: int, hi: int) -> int:
        """Outline the statement opened at line `i`; the line after it."""
        syntax, line = self.syntax, self.lines[i]
        function = bool(syntax.function.match(line)) and not _RUBY_ENDLESS.match(line)
        function = function and not self.primary_constructor(i)
        head_end = self.signature_end(i, hi) if function else i
        if head_end is None:
            function, head_end = False, i
        parts, end, closed = self.extent(i, head_end, hi)
        if not parts:
            return end + 1 if closed else end
        body = self.body(head_end) if function else None
        if body is not None and (closed or body == "expression"):
            self.elide(head_end + 1, end)
        elif syntax.container.match(line) or self.holds_function(parts):
            for lo, part_hi in parts:
                self.region(lo, part_hi)
        elif end - i > _LONG:
            self.elide(i + 1, end)
        return end + 1 if closed else end

    def primary_constructor(self, i: int) -> bool:
        """Whether line `i` is a Kotlin class's `constructor(` on a line of its own below the
        class's name: what follows its parameters is the class's body, not a function's."""
        if not _KOTLIN_CONSTRUCTOR.match(self.lines[i]):
            return False
        j = i - 1
        while j > 0 and (self.kinds[j] != _CODE or self.lines[j].lstrip().startswith("@")):
            j -= 1
        above = self.codes[j]
        return bool(self.syntax.container.match(above)) and not above.endswith("{")

    def signature_end(self, i: int, hi: int) -> int | None:
        """The last line of a function's head: where its parentheses close."""
        depth = 0
        for j in range(i, min(hi, i + _SIGNATURE_LINES)):
            code = self.codes[j]
            depth += code.count("(") - code.count(")")
            if depth <= 0 and self.kinds[j] == _CODE:
                return j
        return None

    def body(self, head_end: int) -> str | None:
        """How a function's body follows its head: a `{` block or a Ruby `def` ends with a
        closing line, an expression (`= ...`) does not; None: the head has no body (an
        abstract `fun`, a primary `constructor(` that the class's supertypes follow)."""
        if self.syntax is _RUBY:
            return "block"
        code = self.codes[head_end]
        if code.endswith("{"):
            return "block"
        return "expression" if _ASSIGN.search(code, code.rfind(")") + 1) else None

    def extent(self, i: int, head_end: int, hi: int) -> tuple[list[tuple[int, int]], int, bool]:
        """The stretches of lines indented deeper than the statement at `i`, where they end,
        and whether a closing line (`}`, `end`) follows there."""
        indent = self.indents[i]
        parts = []
        k = head_end + 1
        while True:
            lo = last = k  # `last`: after the last line that belongs to the stretch
            while k < hi and (self.kinds[k] != _CODE or self.indents[k] > indent):
                if self.kinds[k] in (_CODE, _TEXT):  # (comments after it are the next one's)
                    last = k + 1
                k += 1
            at_margin = k < hi and self.indents[k] == indent
            if at_margin and self.syntax.go_on.match(self.codes[k]):
                parts.append((lo, k))
                k += 1
                continue
            closed = at_margin and bool(self.syntax.closer.match(self.codes[k]))
            end = k if closed else last
            if end > lo:
                parts.append((lo, end))
            return parts, end, closed

    def holds_function(self, parts: list[tuple[int, int]]) -> bool:
        match = self.syntax.function.match
        return any(
            self.kinds[j] == _CODE and match(self.lines[j])
            for lo, hi in parts
            for j in range(lo, hi)
        )

    def elide(self, lo: int, hi: int) -> None:
        if hi - lo >= 2:
            self.elided[lo] = hi - lo

    def output(self) -> list[str]:
        out: list[str] = []
        i = 0
        n = len(self.lines)
        while i < n:
            skip = self.elided.get(i)
            if skip is not None:
                first = next((j for j in range(i, i + skip) if self.kinds[j] != _BLANK), i)
                indent = self.lines[first][: self.indents[first]]
                what = f"... {skip} lines elided"
                out.append(indent + self.syntax.marker.format(what))
                i += skip
            elif self.kinds[i] == _COMMENT:
                i = self.comment(i, out)
            else:
                out.append(self.lines[i])
                i += 1
        return out

    def comment(self, i: int, out: list[str]) -> int:
        """A run of comment lines from `i`, kept to its first paragraph; the line after it."""
        j = i
        while j < len(self.lines) and self.kinds[j] == _COMMENT and j not in self.elided:
            j += 1
        texts = [self.lines[k].strip().strip("/*#!").strip() for k in range(i, j)]
        first = next((k for k, t in enumerate(texts) if t), 0)
        keep = next((k for k in range(first + 1, len(texts)) if not texts[k]), len(texts))
        keep = min(keep, first + _DOC_LINES)
        out.extend(self.lines[i : i + keep])
        block = self.lines[i].lstrip().startswith("/*") and "*/" not in self.lines[i]
        if keep < len(texts) and block:
            out.append(self.lines[i][: self.indents[i]] + " */")
        elif keep < len(texts) and self.lines[j - 1].strip() == "=end":
            out.append("=end")
        return j
