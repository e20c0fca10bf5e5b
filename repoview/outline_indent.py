"""Outlines of Kotlin, Swift, C#, Dart, PHP, Ruby, Elixir, Lua, shell and Cython, which have
no grammar here, read from their indentation.

A statement is a line and the lines indented deeper under it, up to its closing line at its
own indentation (`}` or `end`). A function's body is elided and its head and closing line
kept; a class or module is looked into; any other statement that holds a function is looked
into too, and one that holds none and is long (a big literal, a spec's `describe` block) is
cut to its first line. Comments and the insides of strings never open or close a statement,
and doc comments (and Elixir's `@doc` heredocs) keep their first paragraph. Cython, whose
blocks have no closing line, is outlined as Python is (see `outline_cython`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lazyre
from .signature_langs import lua_code

__all__ = [
    "INDENT_LANGUAGES",
    "SHELL_FUNCTION",
    "SHELL_HEREDOC",
    "outline_by_indent",
    "outline_cython",
]

_DOC_LINES = 6  # a doc comment's first paragraph, at most this many lines
# What ends a doc comment's first paragraph besides a blank line: the parameters, return value
# and remarks after a summary (C#'s XML tags, KDoc's and Javadoc's block tags)
_DOC_TAG = lazyre.compile(
    r"<(?:param|typeparam|returns|exception|remarks|example|seealso|value)\b"
    r"|@(?:param|return|returns|throws|exception|sample|see)\b"
)
_LDOC_TAG = lazyre.compile(r"@\w")
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
    doc: re.Pattern[str] | None = None  # a line that opens a doc heredoc (Elixir's `@doc """`)
    own_line_braces: bool = False  # a body's `{` may stand on the line below its head


_KOTLIN_MODIFIERS = (
    r"(?:(?:@[\w.]+(?:\([^()]*\))?|public|private|protected|internal|override|open|final|"
    r"abstract|suspend|inline|infix|operator|tailrec|external|actual|expect|data|sealed|"
    r"inner|enum|annotation|value|companion)\s+)*"
)
_RUBY_MODIFIERS = (
    r"(?:(?:private|public|protected|module_function|private_class_method|"
    r"public_class_method|memoize|memoize_method)\s+)*"
)
_KOTLIN_CONSTRUCTOR = lazyre.compile(r"^\s*" + _KOTLIN_MODIFIERS + r"constructor\b")
_KOTLIN = _Syntax(
    function=lazyre.compile(
        r"^\s*" + _KOTLIN_MODIFIERS + r"(?:fun\b(?!\s+interface\b)|init\s*\{|constructor\b"
        r"|(?:get|set)\s*\()"
    ),
    container=lazyre.compile(
        r"^\s*" + _KOTLIN_MODIFIERS + r"(?:class|interface|object|fun\s+interface)\b"
    ),
    closer=lazyre.compile(r"^\s*[})\]]"),
    # `} else {`, `} catch (e: E) {`, `}.also {` and a chain's `.map {` at the same margin
    go_on=lazyre.compile(r"^\s*(?:[})\]].*[{(\[]\s*$|\.|\?\.|\?:|else\b|catch\b|finally\b)"),
    line_comment="//",
    marker="/* {} */",
)
_RUBY = _Syntax(
    function=lazyre.compile(r"^\s*" + _RUBY_MODIFIERS + r"def\s"),
    container=lazyre.compile(r"^\s*(?:class|module)\b"),
    closer=lazyre.compile(r"^\s*(?:end\b|[})\]])"),
    go_on=lazyre.compile(r"^\s*(?:(?:rescue|ensure|else|elsif|when|in|then)\b|\.|&\.)"),
    line_comment="#",
    marker="# {}",
)
# Swift: Kotlin's shape. An initializer, a subscript, an accessor and a computed property
# (`var body: some View {`) have bodies as a function has; `class func` is a function.
_SWIFT_MODIFIERS = (
    r"(?:(?:@[\w.]+(?:\([^()]*\))?|public|private|fileprivate|internal|package|open|final|"
    r"static|class|override|mutating|nonmutating|convenience|required|dynamic|lazy|weak|"
    r"unowned|indirect|nonisolated|isolated|optional|prefix|postfix|infix|distributed)"
    r"(?:\(set\))?\s+)*"
)
_SWIFT = _Syntax(
    function=lazyre.compile(
        r"^\s*" + _SWIFT_MODIFIERS + r"(?:func\b|(?:init|subscript)[?!]?\s*[(<]|deinit\b"
        r"|(?:get|set|willSet|didSet|_read|_modify)\s*(?:\(\w*\)\s*)?\{"
        r"|var\s+[\w`]+\s*:[^=]*\{\s*(?://.*)?$)"
    ),
    container=lazyre.compile(
        r"^\s*" + _SWIFT_MODIFIERS + r"(?:class|struct|enum|protocol|extension|actor)\b"
        r"(?!\s+(?:func|var|let|subscript)\b)"
    ),
    closer=lazyre.compile(r"^\s*[})\]]"),
    go_on=lazyre.compile(r"^\s*(?:[})\]].*[{(\[]\s*$|\.|\?\.|else\b|catch\b)"),
    line_comment="//",
    marker="/* {} */",
)
# What may follow a Swift function's parameters on lines of their own, before its body
# An Elixir guard on the line below its function's parameters, and the `do` (or `do:`) that
# ends a head
_ELIXIR_GUARD = lazyre.compile(r"\s*when\s")
_ELIXIR_DO = lazyre.compile(r"(?:^|\s)do\s*$|\bdo:")
_SWIFT_HEAD_GOES_ON = lazyre.compile(r"\s*(?:->|where\b|throws\b|rethrows\b|async\b|\{)")
_ELIXIR = _Syntax(
    function=lazyre.compile(r"^\s*(?:defp?|defmacrop?|defguardp?|defnp?)\s"),
    container=lazyre.compile(r"^\s*(?:defmodule|defprotocol|defimpl)\b"),
    closer=lazyre.compile(r"^\s*(?:end\b|[})\]])"),
    go_on=lazyre.compile(r"^\s*(?:(?:else|rescue|catch|after)\b|\|>)"),
    line_comment="#",
    marker="# {}",
    doc=lazyre.compile(r"^\s*@(?:moduledoc|doc|typedoc)\s+(?:~[sS])?(?:\"\"\"|''')\s*$"),
)
# C#: a member's head is its type and name (no keyword); braces often on a line of their own
# (`{` at the head's indentation goes on with it). An accessor (`get {`) has a body as a
# method has, so a property's are elided and the property is looked into.
_CS_MODIFIERS = (
    r"(?:(?:\[[^\]]*\]\s*)|(?:public|private|protected|internal|static|virtual|override|"
    r"abstract|sealed|async|extern|unsafe|new|partial|readonly|required|file|const|volatile|"
    r"implicit|explicit|ref)\s+)*"
)
# A statement's word, which a body's line starts with (not a return type)
_CS_STATEMENT = (
    r"(?!(?:return|new|throw|await|yield|else|if|while|for|foreach|switch|using|lock|catch|"
    r"case|var|do|try|fixed|checked|unchecked|typeof|sizeof|nameof|default|when|goto|base|"
    r"this)\b)"
)
_TYPE_ARGS = r"(?:<[^;={}()]*>)?"
_CS = _Syntax(
    function=lazyre.compile(
        r"^\s*"
        + _CS_MODIFIERS
        + _CS_STATEMENT
        + r"(?:(?:[\w.]+"
        + _TYPE_ARGS
        + r"(?:\[[\s,]*\])*\??\s+)?(?:operator\s*[^\s(]+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"
        + _TYPE_ARGS
        + r"\s*\(|(?:get|set|init|add|remove)\s*(?:\{|=>|$))"
    ),
    container=lazyre.compile(
        r"^\s*" + _CS_MODIFIERS + r"(?:class|struct|interface|record|enum|namespace)\b"
    ),
    closer=lazyre.compile(r"^\s*[})\]]"),
    go_on=lazyre.compile(r"^\s*(?:\{|[})\]].*[{(\[]\s*$|\.|\?\.|else\b|catch\b|finally\b)"),
    line_comment="//",
    marker="/* {} */",
    own_line_braces=True,
)
# Dart: typed heads as C#'s, getters and setters by their word, `=>` bodies.
_DART_MODIFIERS = (
    r"(?:(?:@[\w.]+(?:\([^()]*\))?|static|final|const|external|factory|abstract|late|"
    r"covariant)\s+)*"
)
_DART_STATEMENT = (
    r"(?!(?:return|if|for|while|switch|catch|else|new|await|throw|assert|super|this|do|try|"
    r"yield|case|var|final)\b)"
)
_DART_TYPE = r"(?:[\w.]+" + _TYPE_ARGS + r"\??\s+)?"
_DART = _Syntax(
    function=lazyre.compile(
        r"^\s*"
        + _DART_MODIFIERS
        + _DART_STATEMENT
        + _DART_TYPE
        + r"(?:(?:set|operator\s*[^\s(]+)\s*\(|get\s+[A-Za-z_$][\w$]*\s*(?:\{|=>|async\b)"
        + r"|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?"
        + _TYPE_ARGS
        + r"\s*\()"
    ),
    container=lazyre.compile(
        r"^\s*(?:@[\w.]+(?:\([^()]*\))?\s+)*(?:(?:abstract|base|final|sealed|interface|mixin)"
        r"\s+)*(?:class|mixin|extension|enum)\b"
    ),
    closer=lazyre.compile(r"^\s*[})\]]"),
    go_on=lazyre.compile(r"^\s*(?:[})\]].*[{(\[]\s*$|\.|\?\.|else\b|catch\b|on\b|finally\b)"),
    line_comment="//",
    marker="/* {} */",
)
# PHP: a function's head by its word (`public static function name(`), its `{` on the line
# below (PSR-12) or at the head's end; a class, interface, trait or enum is looked into, and
# its constants, properties, enum cases and `use Trait;` lines kept. Strings may run over
# lines, heredocs too, and `#` opens a comment unless it opens an attribute (`#[...]`).
_PHP_MODIFIERS = (
    r"(?:(?:#\[.*\]\s*)|(?:public|private|protected|static|abstract|final|readonly)\s+)*"
)
_PHP = _Syntax(
    function=lazyre.compile(
        r"^\s*" + _PHP_MODIFIERS + r"function\s+&?\s*[A-Za-z_\x80-\uffff]\w*\s*\("
    ),
    container=lazyre.compile(
        r"^\s*(?:(?:abstract|final|readonly)\s+)*(?:class|interface|trait|enum)\s+\w"
        r"|^\s*namespace\b[\w\\\s]*\{"
    ),
    closer=lazyre.compile(r"^\s*[})\]]"),
    go_on=lazyre.compile(
        r"^\s*(?:\{|[})\]].*[{(\[]\s*$|->|\?->|else\b|elseif\b|catch\b|finally\b)"
    ),
    line_comment="//",
    marker="/* {} */",
    own_line_braces=True,
)
# Shell: a function's body is a `{` block (its brace maybe on the next line); nothing is a
# container. `function name`, `name()`, `function name()`.
SHELL_FUNCTION = lazyre.compile(
    r"^\s*(?:function\s+([\w:.@/-]+)(?:\s*\(\s*\))?|([A-Za-z_][\w:.@/-]*)\s*\(\s*\))"
    r"\s*(?:\{|\(|$|#)"
)
# A here-document: `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<"EOF"`, `<<\EOF` (not `<<<`, a string)
SHELL_HEREDOC = lazyre.compile(r"(?<!<)<<-?[ \t]*(?!<)([\"']?)\\?([A-Za-z_]\w*)\1")
_SHELL = _Syntax(
    function=SHELL_FUNCTION,
    container=lazyre.compile(r"(?!)"),
    closer=lazyre.compile(r"^\s*[})]"),
    go_on=lazyre.compile(r"^\s*\{"),
    line_comment="#",
    marker="# {}",
    own_line_braces=True,
)
# Lua: a named function's body is elided to its `end` at the head's indentation (an anonymous
# one passed as an argument is part of its call); a table constructor that holds functions
# is looked into.
_LUA = _Syntax(
    function=lazyre.compile(
        r"^\s*(?:local\s+function\s+\w+|function\s+[\w.:\s]+?"
        r"|(?:local\s+)?[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?\s*=\s*function)\s*\("
    ),
    container=lazyre.compile(r"(?!)"),
    closer=lazyre.compile(r"^\s*(?:(?:end|until)\b|[})\]])"),
    go_on=lazyre.compile(r"^\s*(?:else|elseif)\b"),
    line_comment="--",
    marker="-- {}",
)
INDENT_LANGUAGES = {
    "Bash": _SHELL,
    "Kotlin": _KOTLIN,
    "Swift": _SWIFT,
    "Ruby": _RUBY,
    "Elixir": _ELIXIR,
    "C#": _CS,
    "Dart": _DART,
    "PHP": _PHP,
    "Lua": _LUA,
}
# Strings that run over lines, by language
_LONG_QUOTES = {
    "Kotlin": ('"""',),
    "Swift": ('"""',),
    "C#": ('"""',),
    "Dart": ('"""', "'''"),
}
# `#if`, `#else`, `#endif` (C#'s `#region` too), often at the margin inside a body: they end
# no statement
_DIRECTIVE = lazyre.compile(r"\s*#(?:if|elseif|elif|else|endif|region|endregion|pragma|nullable)\b")

_BLANK, _COMMENT, _TEXT, _CODE = range(4)  # TEXT: inside a multi-line string or heredoc
_STRINGS = lazyre.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_HEREDOC = lazyre.compile(r"<<[~-]?([\"'`])(\w+)\1|<<[~-](\w+)|<<([A-Z_][A-Z0-9_]*)\b")
_ASSIGN = lazyre.compile(r"(?<![=!<>])=(?![=>])")
# An Elixir heredoc's opening, at a line's end (a sigil's too: `~S"""`)
_ELIXIR_HEREDOC = lazyre.compile(r"(?:~[A-Za-z]\w*)?(\"\"\"|''')\s*$")
_LUA_LONG_COMMENT = lazyre.compile(r"\s*--\[(=*)\[(?!.*\]\1\])")  # (not closed on its line)
_RUBY_ENDLESS = lazyre.compile(r"^\s*(?:\w+\s+)*def\s+[\w.]+[?!=]?\s*(?:\([^()]*\))?\s*=(?!=)")


def outline_by_indent(lines: list[str], language: str) -> list[str] | None:
    """The outline of a file's `lines` in `language` (one of INDENT_LANGUAGES); None for a
    PHP file that is not all PHP code (a template that leaves PHP for HTML with `?>`)."""
    syntax = INDENT_LANGUAGES[language]
    if language == "PHP":
        classified = _php_classify(lines)
        if classified is None:
            return None
        kinds, codes = classified
    else:
        kinds, codes = _classify(lines, language, syntax)
    indents = [len(line) - len(line.lstrip()) for line in lines]
    if language == "PHP":
        indents = _bracket_indents(kinds, codes, indents)
    walk = _Walk(lines, kinds, codes, indents, syntax)
    walk.region(0, len(lines))
    return walk.output()


def _classify(lines: list[str], language: str, syntax: _Syntax) -> tuple[list[int], list[str]]:
    """Each line's kind, and its code with strings and trailing comments taken out."""
    if language == "Lua":
        return _lua_classify(lines)
    kinds = []
    codes = []
    ends: list[str] = []  # what closes the string or comment we are in, innermost last
    for line in lines:
        stripped = line.strip()
        if ends and language == "Elixir":
            _elixir_text(ends, line)
            kinds.append(_TEXT)
            codes.append("")
            continue
        if ends:
            end = ends[0]
            closed = stripped == end if language in ("Ruby", "Bash") else end in line
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
        if language in ("Swift", "C#") and _DIRECTIVE.match(line):
            kinds.append(_TEXT)  # (kept where it stands, and part of the statement it is in)
            codes.append("")
            continue
        if language in _LONG_QUOTES:
            code, left_open = _c_style_code(line, _LONG_QUOTES[language])
            if left_open:
                ends.append(left_open)
        elif language == "Elixir":
            heredoc = _ELIXIR_HEREDOC.search(line)
            if heredoc is not None and "#" not in _STRINGS.sub("", line[: heredoc.start()]):
                ends.append(heredoc.group(1))
                code = line[: heredoc.start()] + '""'
            code = _STRINGS.sub(_blank_string, code)
        else:
            code = _STRINGS.sub(_blank_string, code)  # (heredoc names are looked for in line)
            cut = code.find("#")
            before = line if cut < 0 else line[:cut]
            if language == "Bash":
                ends.extend(m.group(2) for m in SHELL_HEREDOC.finditer(before))
            else:
                ends.extend(next(g for g in m.groups()[1:] if g) for m in _HEREDOC.finditer(before))
        cut = code.find(syntax.line_comment)
        if cut >= 0:
            code = code[:cut]
        kinds.append(_CODE if code.strip() else _COMMENT)
        codes.append(code.rstrip())
    return kinds, codes


_PHP_OPEN = lazyre.compile(r"\ufeff?\s*(?:#!.*\n\s*)?<\?php\b")
_PHP_HEREDOC = lazyre.compile(r"<<<[ \t]*([\"']?)([A-Za-z_]\w*)\1[ \t]*$")


def _php_classify(lines: list[str]) -> tuple[list[int], list[str]] | None:
    """`_classify` for PHP, whose strings may run over lines and whose heredocs and nowdocs
    (`<<<EOT`, `<<<'EOT'`) end at a line that starts with their name; None when the file
    does not open with `<?php` or leaves PHP (`?>`) for text that follows."""
    if not _PHP_OPEN.match("\n".join(lines[:2])):
        return None
    kinds: list[int] = []
    codes: list[str] = []
    state = ""  # "" code, "*/" a block comment, a quote a string, else a heredoc's name
    closing: re.Pattern[str] | None = None
    for k, line in enumerate(lines):
        line = line.rstrip("\r")  # (Windows line ends)
        started = state
        if state and closing is not None:  # inside a heredoc: its last line closes it
            end = closing.match(line)
            if end is not None:  # (what follows the name is code: `EOT;`, `EOT, $x);`)
                line = " " * end.end() + line[end.end() :]
                state = ""
            else:
                kinds.append(_TEXT)
                codes.append("")
                continue
        code, state, closing, left = _php_code(line, state)
        if left >= 0 and any(ln.strip() for ln in [line[left:], *lines[k + 1 :]]):
            return None  # `?>` and text after it: a template
        if not line.strip():
            kinds.append(_TEXT if started and started != "*/" else _BLANK)
        elif started == "*/":
            kinds.append(_COMMENT)
        elif started:
            kinds.append(_TEXT)
        else:
            kinds.append(_CODE if code.strip() else _COMMENT)
        codes.append(code.rstrip())
    return kinds, codes


def _bracket_indents(kinds: list[int], codes: list[str], indents: list[int]) -> list[int]:
    """Indentations as the brackets say: a line of code inside a bracket opened on a line
    above is deeper than that line (a heredoc's `<<<EOT` at the margin of an array in a
    method), and a line that starts by closing it stands where that line stands."""
    out = list(indents)
    stack: list[int] = []  # the indentation of the line that opened each open bracket
    for k, code in enumerate(codes):
        if kinds[k] == _CODE and stack:
            first = code.lstrip()[:1]
            out[k] = stack[-1] if first in ")]}" else max(indents[k], stack[-1] + 1)
        for c in code:
            if c in "([{":
                stack.append(out[k])
            elif c in ")]}" and stack:
                stack.pop()
    return out


def _php_code(line: str, state: str) -> tuple[str, str, re.Pattern[str] | None, int]:
    """A line of PHP read from `state` (see `_php_classify`): its code with strings blanked
    and comments out, the state at its end, the pattern of the line that closes a heredoc
    opened on it, and where text after a `?>` starts (-1: none)."""
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if state == "*/":
            close = line.find("*/", i)
            if close < 0:
                return "".join(out), state, None, -1
            out.append(" ")
            state, i = "", close + 2
            continue
        if state:  # inside a string
            if c == "\\":
                i += 2
                continue
            if c == state:
                out.append(state)
                state = ""
            elif c == "{" and state == '"' and line.startswith("{$", i):
                depth = 0
                while i < n:  # an interpolation: `{$a['k']}`
                    depth += {"{": 1, "}": -1}.get(line[i], 0)
                    if depth == 0:
                        break
                    i += 1
            i += 1
            continue
        if (c == "/" and line.startswith("//", i)) or (c == "#" and not line.startswith("#[", i)):
            break
        if c == "/" and line.startswith("/*", i):
            state = "*/"
            i += 2
            continue
        if c == "?" and line.startswith("?>", i):
            return "".join(out), "", None, i + 2
        if c == "<" and line.startswith("<<<", i):
            heredoc = _PHP_HEREDOC.match(line, i)
            if heredoc is not None:
                out.append('""')
                name = heredoc.group(2)
                return "".join(out), name, re.compile(r"\s*" + name + r"\b"), -1
        if c in "'\"`":
            out.append(c)
            state = c
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out), state, None, -1


def _lua_classify(lines: list[str]) -> tuple[list[int], list[str]]:
    """`_classify` for Lua, whose comments and strings may be long (`--[[ ... ]]`): a line
    that starts inside a long string is text, one that holds only comments a comment."""
    kinds = []
    codes = []
    lexed = lua_code("\n".join(lines), "\0", "\1").split("\n")
    last = ""  # the last line with something on it
    for k, (line, code) in enumerate(zip(lines, lexed, strict=True)):
        stripped = code.lstrip()
        if code:
            last = code
        if stripped.startswith("\0"):
            kinds.append(_TEXT)
            codes.append("")
        elif not line.strip():
            # (a blank line inside a long comment is the comment's: its run goes on)
            inside = last.endswith("\1") and _next_code(lexed, k).startswith("\1")
            kinds.append(_COMMENT if inside else _BLANK)
            codes.append("")
        else:
            code = code.replace("\0", " ").replace("\1", " ").rstrip()
            kinds.append(_CODE if code.strip() else _COMMENT)
            codes.append(code)
    return kinds, codes


def _next_code(lexed: list[str], k: int) -> str:
    """The first line after `k` with something on it, or ""."""
    return next((lexed[j] for j in range(k + 1, len(lexed)) if lexed[j]), "")


def _c_style_code(line: str, long_quotes: tuple[str, ...]) -> tuple[str, str]:
    """A line's code read left to right as the compiler does: strings blanked to `""`,
    comments out; and what it leaves open (a long string's quotes, or `*/`), or "". (In
    order: `/// any type (*/*)` is a line comment, not a block comment's start.)"""
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == "/" and line.startswith("//", i):
            break
        if c == "/" and line.startswith("/*", i):
            close = line.find("*/", i + 2)
            if close < 0:
                return "".join(out), "*/"
            out.append(" ")
            i = close + 2
            continue
        if c in "\"'":
            quote = next((q for q in long_quotes if line.startswith(q, i)), "")
            if quote:
                close = line.find(quote, i + 3)
                if close < 0:
                    return "".join(out), quote
                out.append('""')
                i = close + 3
                continue
            j = i + 1
            while j < n and line[j] != c:
                j += 2 if line[j] == "\\" else 1
            out.append('""')
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out), ""


def _elixir_text(ends: list[str], line: str) -> None:
    """Follow a line inside an Elixir heredoc: `ends` (innermost last) loses what the line
    closes and gains what it opens. An interpolation left open (`#{if x do`) is code that
    may hold a heredoc of its own, until its `}`."""
    if ends[-1] == "}":
        heredoc = _ELIXIR_HEREDOC.search(line)
        if heredoc is not None:
            ends.append(heredoc.group(1))
        elif line.count("}") > line.count("{"):
            ends.pop()
    elif line.strip().startswith(ends[-1]):  # (`"""` then maybe a sigil's modifiers)
        ends.pop()
    elif "#{" in line and line.count("{") > line.count("}"):
        ends.append("}")


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
        self.dropped: dict[int, int] = {}  # first line -> lines left out, with no marker

    def region(self, lo: int, hi: int, injected: bool = False) -> None:
        """Outline the statements between lines `lo` and `hi`; `injected`: they are an
        Elixir macro's body, where only the definitions it injects are kept, and each run of
        other statements is elided."""
        i = lo
        run: tuple[int, int] | None = None  # (first line, line after) of such a run
        while i < hi:
            if self.kinds[i] != _CODE:
                i += 1
                continue
            if injected:
                parts, end, closed = self.extent(i, i, hi)
                after = end + 1 if closed else end
                if not self.defines(i, parts):
                    run = (i if run is None else run[0], after)
                    i = after
                    continue
                if run is not None:
                    self.elide(*run)
                    run = None
            i = self.statement(i, hi)
        if run is not None:
            self.elide(*run)

    def defines(self, i: int, parts: list[tuple[int, int]]) -> bool:
        """Whether the statement at line `i` is or holds a definition, or documents one."""
        syntax, line = self.syntax, self.lines[i]
        return bool(
            syntax.function.match(line)
            or syntax.container.match(line)
            or (syntax.doc is not None and syntax.doc.match(line))
            or self.holds_function(parts)
        )

    def statement(self, i: int, hi: int) -> int:
        """Outline the statement opened at line `i`; the line after it."""
        syntax, line = self.syntax, self.lines[i]
        if syntax.doc is not None and syntax.doc.match(line):
            return self.doc(i, hi)
        function = bool(syntax.function.match(line)) and not _RUBY_ENDLESS.match(line)
        function = function and not self.primary_constructor(i)
        head_end = self.signature_end(i, hi) if function else i
        if head_end is None:
            function, head_end = False, i
        parts, end, closed = self.extent(i, head_end, hi)
        if not parts:
            return end + 1 if closed else end
        body = self.body(head_end, i) if function else None
        # (an Elixir macro's `quote` block defines functions in the module that uses it:
        # those are looked into as a module's)
        injects = syntax is _ELIXIR and body is not None and self.holds_function(parts)
        if body is not None and (closed or body == "expression") and not injects:
            # (a `{` of its own line is kept with the head: the body is what goes)
            brace = self.brace_below(head_end, i) if self.syntax.own_line_braces else None
            self.elide((head_end if brace is None else brace) + 1, end)
        elif syntax.container.match(line) or self.holds_function(parts):
            for lo, part_hi in parts:
                self.region(lo, part_hi, injected=injects)
        elif end - i > _LONG:
            self.elide(i + 1, end)
        return end + 1 if closed else end

    def doc(self, i: int, hi: int) -> int:
        """A doc heredoc opened at line `i` kept to its first paragraph and its closing
        line (its examples are text, not code); the line after it."""
        end = i + 1
        while end < hi and self.kinds[end] == _TEXT:
            end += 1
        closing = end - 1
        if closing <= i or self.lines[closing].strip()[:3] not in ('"""', "'''"):
            return end  # (not closed where expected: left as it is)
        first = next((j for j in range(i + 1, closing) if self.lines[j].strip()), closing)
        keep = next((j for j in range(first + 1, closing) if not self.lines[j].strip()), closing)
        keep = min(keep, first + _DOC_LINES)
        if keep < closing:
            self.dropped[keep] = closing - keep
        return end

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
                if self.syntax is _SWIFT:
                    return self.swift_head_end(j, hi)
                return self.elixir_head_end(j, hi) if self.syntax is _ELIXIR else j
        return None

    def elixir_head_end(self, j: int, hi: int) -> int:
        """The last line of an Elixir function's head whose parentheses close at line `j`:
        a guard may follow on lines of its own (`when is_binary(topic) do`), up to its `do`."""
        if _ELIXIR_DO.search(self.codes[j]):
            return j
        k = next((k for k in range(j + 1, hi) if self.kinds[k] == _CODE), hi)
        if k >= hi or not _ELIXIR_GUARD.match(self.codes[k]):
            return j
        for m in range(k, min(hi, k + _SIGNATURE_LINES)):
            if self.kinds[m] == _CODE and _ELIXIR_DO.search(self.codes[m]):
                return m
        return j

    def swift_head_end(self, j: int, hi: int) -> int:
        """The last line of a Swift function's head whose parentheses close at line `j`: its
        return type, `throws` or `where` clause may follow on lines of their own."""
        for _ in range(_SIGNATURE_LINES):
            if self.codes[j].endswith("{"):
                return j
            k = next((k for k in range(j + 1, hi) if self.kinds[k] == _CODE), hi)
            if k >= hi or not (
                _SWIFT_HEAD_GOES_ON.match(self.codes[k]) or self.codes[j].endswith((",", "->"))
            ):
                return j
            j = k
        return j

    def body(self, head_end: int, start: int) -> str | None:
        """How a function's body follows its head: a `{` block or a Ruby `def` ends with a
        closing line, an expression (`= ...`) does not; None: the head has no body (an
        abstract `fun`, a primary `constructor(` that the class's supertypes follow)."""
        if self.syntax is _RUBY or self.syntax is _ELIXIR or self.syntax is _LUA:
            return "block"
        code = self.codes[head_end]
        if code.endswith("{"):
            return "block"
        if self.syntax.own_line_braces and self.brace_below(head_end, start) is not None:
            return "block"
        if self.syntax is _SWIFT:
            return None  # (no `= expression` body)
        return "expression" if _ASSIGN.search(code, code.rfind(")") + 1) else None

    def brace_below(self, head_end: int, start: int) -> int | None:
        """The line of the body's `{` when it stands alone at the head's indentation below
        the head (maybe after a constructor's `: base(...)` or a `where` clause)."""
        for k in range(head_end + 1, min(head_end + _SIGNATURE_LINES, len(self.lines))):
            if self.kinds[k] != _CODE:
                continue
            if self.codes[k].strip() == "{" and self.indents[k] == self.indents[start]:
                return k
            if self.indents[k] <= self.indents[start]:
                return None
        return None

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
            dropped = self.dropped.get(i)
            if dropped is not None:
                i += dropped
                continue
            skip = self.elided.get(i)
            if skip is not None:
                first = next((j for j in range(i, i + skip) if self.kinds[j] != _BLANK), i)
                line = self.lines[first]
                indent = line[: min(self.indents[first], len(line) - len(line.lstrip()))]
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
        marks = "/*#!-[]=" if self.syntax is _LUA else "/*#!"  # (Lua's `--`, `--[[`, `]]`)
        texts = [self.lines[k].strip().strip(marks).strip() for k in range(i, j)]
        first = next((k for k, t in enumerate(texts) if t), 0)
        tag = _LDOC_TAG if self.syntax is _LUA else _DOC_TAG  # (LDoc's tags are many)
        keep = next(
            (k for k in range(first + 1, len(texts)) if not texts[k] or tag.match(texts[k])),
            len(texts),
        )
        keep = min(keep, first + _DOC_LINES)
        out.extend(self.lines[i : i + keep])
        block = self.lines[i].lstrip().startswith("/*") and "*/" not in self.lines[i]
        if keep < len(texts) and block:
            out.append(self.lines[i][: self.indents[i]] + " */")
        elif keep < len(texts) and self.lines[j - 1].strip() == "=end":
            out.append("=end")
        elif keep < len(texts) and (long := _LUA_LONG_COMMENT.match(self.lines[i])):
            out.append(self.lines[i][: self.indents[i]] + f"]{long.group(1)}]")
        return j


# Cython: Python's syntax with C's declarations. A statement is a logical line (brackets,
# strings and a trailing backslash carry it on) and, when it ends with `:`, the lines indented
# deeper under it. A function's body is elided to `...` after its docstring's first paragraph,
# as Python's outlines are; a class, a struct, an enum, a fused type or an `extern` block is
# looked into (the last keeps every declaration: it is the interface to the C code).
_CY_MODIFIERS = r"(?:(?:public|api|readonly|packed|inline|extern|nogil)\s+)*"
_CY_CONTAINER = lazyre.compile(
    r"^\s*(?:(?:cdef|cpdef|ctypedef)\s+" + _CY_MODIFIERS + r"(?:class|struct|union|enum|"
    r"cppclass|fused|extern)\b|(?:cdef|ctypedef)\s*(?:public\s*)?:|class\s|property\s)"
)
_CY_EXTERN = lazyre.compile(r"^\s*(?:cdef\s+)?extern\b")
_CY_FUNCTION = lazyre.compile(r"^\s*(?:async\s+def|c?p?def)\s")
# A block that holds any of these is looked into, not cut to its head
_CY_DEFINITION = lazyre.compile(r"^\s*(?:@|(?:async\s+def|c?p?def|class|ctypedef|DEF|include)\b)")
# ... and a condition or a fallback, also when it holds an import (`try: cimport x`)
_CY_BRANCH = lazyre.compile(r"^\s*(?:if|elif|else|try|except|finally|IF|ELIF|ELSE)\b")
_CY_IMPORT = lazyre.compile(r"^\s*(?:c?import|from)\s")
# Long statements kept whole, as in Python's outlines: an import list (what the file depends
# on), `__all__` (what it exports) and a decorator (part of the definition below it)
_CY_KEPT_WHOLE = lazyre.compile(r"^\s*(?:__all__\s*\+?=|from\s|c?import\s|@)")
_CY_DECLARATION = lazyre.compile(r"(?:cdef|cpdef|ctypedef)\s")
_CY_DOCSTRING = lazyre.compile(r'^(?:[rRbBuUfF]*""\s*)+$')  # (strings blanked to `""`)
_OPENERS = {"(": ")", "[": "]", "{": "}"}


@dataclass
class _Lexed:
    """Each line of a Cython file read as Python's tokenizer would, coarsely."""

    kinds: list[int]
    codes: list[str]  # the line's code, its strings blanked to `""`, its comment taken out
    starts: list[bool]  # whether a logical line starts here
    strings: list[tuple[int, str] | None]  # the string open at the line's end: (id, quotes)
    opened: list[str]  # the brackets open at the line's end, outermost first


def _lex(lines: list[str]) -> _Lexed:
    """Where strings, comments and brackets open and close, line by line: a `def` or a `#`
    inside a docstring is text, not a head or a comment."""
    lexed = _Lexed([], [], [], [], [])
    string: tuple[int, str] | None = None
    stack: list[str] = []
    carried = False  # a backslash ended the line before
    count = 0
    for line in lines:
        lexed.starts.append(string is None and not stack and not carried)
        in_text = string is not None
        code: list[str] = []
        i, n = 0, len(line)
        while i < n:
            ch = line[i]
            if string is not None:
                quotes = string[1]
                if ch == "\\":
                    i += 2
                    continue
                if line.startswith(quotes, i):
                    string = None
                    i += len(quotes)
                    continue
                i += 1
                continue
            if ch == "#":
                break
            if ch in "'\"":
                quotes = line[i : i + 3] if line.startswith(ch * 3, i) else ch
                count += 1
                string = (count, quotes)
                code.append('""')
                i += len(quotes)
                continue
            if ch in _OPENERS:
                stack.append(ch)
            elif ch in ")]}" and stack:
                stack.pop()
            code.append(ch)
            i += 1
        if string is not None and len(string[1]) == 1 and not line.endswith("\\"):
            string = None  # an unclosed one-line string ends with its line
        text = "".join(code).rstrip()
        carried = text.endswith("\\") and string is None  # (not a comment's backslash)
        if in_text and not text.strip(' "'):
            kind = _TEXT if line.strip() else _BLANK
        elif not line.strip():
            kind = _BLANK
        else:
            kind = _CODE if text.strip() or in_text else _COMMENT
        lexed.kinds.append(kind)
        lexed.codes.append(text)
        lexed.strings.append(string)
        lexed.opened.append("".join(stack))
    return lexed


class _CythonWalk:
    """The statements of a Cython file, and what of them is kept."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.lex = _lex(lines)
        self.indents = [len(line) - len(line.lstrip()) for line in lines]
        self.replaced: dict[int, tuple[int, list[str]]] = {}  # lo -> (hi, lines instead)

    def logical_end(self, i: int, hi: int) -> int:
        """The line after the logical line that starts at `i`."""
        j = i + 1
        while j < hi and not self.lex.starts[j]:
            j += 1
        return j

    def head(self, i: int, end: int) -> str:
        return " ".join(self.lex.codes[i:end]).strip()

    def region(self, lo: int, hi: int, docstring: bool, extern: bool = False) -> None:
        """Outline the statements between lines `lo` and `hi`; `docstring`: the first one
        may be a docstring; `extern`: they are declarations of C code, kept."""
        i = lo
        first = True
        while i < hi:
            if self.lex.kinds[i] != _CODE or not self.lex.starts[i]:
                i += 1
                continue
            head_end = self.logical_end(i, hi)
            head = self.head(i, head_end)
            end = self.block_end(i, head_end, hi) if head.endswith(":") else head_end
            if first and docstring and _CY_DOCSTRING.match(head):
                self.first_paragraph(i, head_end)
            elif head.endswith(":"):
                self.compound(i, head_end, end, extern)
            elif end - i > _LONG + 1 and self.cuttable(i, head, extern):
                self.cut(i, end)
            first = False
            i = end

    def cuttable(self, i: int, head: str, extern: bool) -> bool:
        """Whether a long simple statement may be cut to its head: not an import,
        `__all__` or a declaration; in an `extern` block only a string (verbatim C code)."""
        if extern:
            return bool(_CY_DOCSTRING.match(head))
        if _CY_DECLARATION.match(head) and "=" not in head.split("(")[0]:
            return False  # a C declaration (`cdef extern int f(...)`): part of the interface
        return not _CY_KEPT_WHOLE.match(self.lines[i])

    def block_end(self, i: int, head_end: int, hi: int) -> int:
        """The line after the block under the head at `i` (trailing comments are the next
        statement's)."""
        k = last = head_end
        while k < hi and (
            self.lex.kinds[k] != _CODE
            or not self.lex.starts[k]
            or self.indents[k] > self.indents[i]
        ):
            if self.lex.kinds[k] in (_CODE, _TEXT):
                last = k + 1
            k += 1
        return last

    def compound(self, i: int, head_end: int, end: int, extern: bool) -> None:
        line = self.lines[i]
        if _CY_CONTAINER.match(line) or extern:
            inner = extern or bool(_CY_EXTERN.match(line))
            self.region(head_end, end, docstring=not inner, extern=inner)
        elif _CY_FUNCTION.match(line):
            self.function(head_end, end)
        elif self.holds_definition(head_end, end, _CY_BRANCH.match(line) is not None):
            self.region(head_end, end, docstring=False)
        elif end - i > _LONG + 1:
            self.cut(i, end)

    def holds_definition(self, lo: int, hi: int, imports: bool) -> bool:
        """Whether lines `lo` to `hi` hold a definition (or, with `imports`, an import)."""
        lex = self.lex
        return any(
            lex.starts[j]
            and lex.kinds[j] == _CODE
            and bool(
                _CY_DEFINITION.match(self.lines[j]) or (imports and _CY_IMPORT.match(self.lines[j]))
            )
            for j in range(lo, hi)
        )

    def function(self, lo: int, hi: int) -> None:
        """A function's body (lines `lo` to `hi`) elided after its docstring's first paragraph;
        the comments that open it are kept (they say what it does), and a one-line body
        costs little and is kept too."""
        body = next((j for j in range(lo, hi) if self.lex.kinds[j] == _CODE), hi)
        if hi - body <= 1:
            return
        indent = self.lines[body][: self.indents[body]]
        doc_end = self.logical_end(body, hi)
        if _CY_DOCSTRING.match(self.head(body, doc_end)):
            self.first_paragraph(body, doc_end)
            if any(self.lex.kinds[j] == _CODE for j in range(doc_end, hi)):
                self.replaced[doc_end] = (hi, [indent + "..."])
        else:
            self.replaced[body] = (hi, [indent + "..."])

    def first_paragraph(self, lo: int, hi: int) -> None:
        """A docstring (lines `lo` to `hi`) cut to its first paragraph, its quotes closed."""
        blank = next((j for j in range(lo + 1, hi) if not self.lines[j].strip()), None)
        string = None if blank is None else self.lex.strings[blank - 1]
        if blank is not None and string is not None:
            self.replaced[blank] = (hi, [self.lines[lo][: self.indents[lo]] + string[1]])

    def cut(self, i: int, end: int) -> None:
        """A long statement with no definition in it cut to its first lines; a string open
        there keeps its closing line, and the brackets open are closed."""
        lex = self.lex
        out = self.lines[i : i + 3]
        pos = i + 3
        while pos < end:
            string = lex.strings[pos - 1]
            if string is not None:  # resume at the line that closes it
                close = next((j for j in range(pos, end) if lex.strings[j] != string), end - 1)
                if close > pos:
                    out.append(self.marker(pos, close - pos))
                out.append(self.lines[close])
                pos = close + 1
                continue
            if end - pos <= 1:
                out += self.lines[pos:end]
                break
            closers = "".join(_OPENERS[c] for c in reversed(lex.opened[pos - 1]))
            last = end - 1
            if closers and lex.codes[last].strip().rstrip(",;") == closers:
                out += [self.marker(pos, last - pos), self.lines[last]]
            elif closers:
                out += [self.marker(pos, end - pos), self.lines[i][: self.indents[i]] + closers]
            else:
                out.append(self.marker(pos, end - pos))
            break
        self.replaced[i] = (end, out)

    def marker(self, lo: int, lines: int) -> str:
        return self.lines[lo][: self.indents[lo]] + f"# ... {lines} lines elided"

    def output(self) -> list[str]:
        out: list[str] = []
        i, n = 0, len(self.lines)
        while i < n:
            replaced = self.replaced.get(i)
            if replaced is not None:
                out += replaced[1]
                i = replaced[0]
            elif self.lex.kinds[i] == _COMMENT:
                j = i
                while j < n and self.lex.kinds[j] == _COMMENT and j not in self.replaced:
                    j += 1
                texts = [self.lines[k].strip().lstrip("#").strip() for k in range(i, j)]
                first = next((k for k, t in enumerate(texts) if t), 0)
                keep = next((k for k in range(first + 1, j - i) if not texts[k]), j - i)
                out += self.lines[i : i + min(keep, first + _DOC_LINES)]
                i = j
            else:
                out.append(self.lines[i])
                i += 1
        return out


def outline_cython(lines: list[str]) -> list[str]:
    """The outline of a Cython file's `lines`."""
    walk = _CythonWalk(lines)
    walk.region(0, len(lines), docstring=True)
    return walk.output()
