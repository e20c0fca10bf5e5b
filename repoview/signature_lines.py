"""The signatures tier: one line per definition, like a repository map.

What a reader needs to find their way round a file it cannot read whole: each definition's
name and parameters, methods under their class (one space deeper: o200k reads " def" as one
token, so deeper indents cost a token a line for nothing), and nothing else: no bodies,
docstrings, annotations, return types, `self`, or default values that run long. Where types
are the declaration itself (C and C++) they stay, without parameter names; constants (macros
without parameters) are left to the outline, as they are in every language. A
definition shown twice (overloads, a property and its setter, a prototype and its body) is
shown once. On a 900-file library this halved the signatures (202k tokens to 103k).

A scan of lines that knows where multi-line strings and block comments are, not a parse: every
file's signatures are sized. Python, most of what is sized, looks line by line only at the lines
that define, end a scope or hold a triple quote, found by C-level searches: on the standard
library that is twice as fast as looking at every line, with the same output.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from .brackets import OPEN_SPACE, match_bracket, split_top
from .signature_c import C_POINTER, format_c, macro
from .signature_prose import PROSE, headings
from .signature_scan import (
    JOIN_LINES,
    PY_COMMENT,
    SPACES,
    join_definition,
    lines_after,
    python_signature,
    run_on,
    still_open,
)

__all__ = ["C_LIKE", "MODIFIERS", "signatures"]

# Words (and same-line annotations: Swift's `@objc`, Kotlin's `@JvmStatic`) that may stand
# before a definition's keyword, in the languages outlined line by line.
MODIFIERS = (
    r"(?:(?:export|default|public|private|protected|internal|static|final|abstract|"
    r"async|inline|extern|virtual|unsafe|const|declare|override|open|data|sealed|inner|"
    r"companion|value|suspend|actual|expect|operator|infix|tailrec|external|annotation|"
    r"fileprivate|convenience|required|mutating|nonmutating|dynamic|indirect|partial|readonly|ref|"
    r"@[\w.]+(?:\([^()]*\))?|pub(?:\([\w: ]+\))?)\s+)*"
)
_DEFINITION = re.compile(
    r"^[ \t]*" + MODIFIERS + r"(?:def|class|function\*?|fn|func|@?interface|struct|enum|trait|"
    r"impl|type|module|namespace|union|typedef|macro_rules!|defmodule|defp?|sub|record|object|fun|"
    r"extension|protocol|actor|typealias|defmacrop?|defprotocol|defimpl|defdelegate|defguardp?|"
    r"@callback|@macrocallback)"
    r"(?:\s+[\w$<(&*]|[<!*])"
)
# The definitions whose parameters are shown by name; the rest keep their line as written.
_FUNCTION = re.compile(
    r"^(?P<head>"
    + MODIFIERS
    + r"(?:async\s+)?(?:def|function\*?|fn|func|fun)\s*(?:\([^()]*\)\s*)?)"
    r"(?P<name>[\w$]+)\s*(?P<rest>[(<\[].*)$"
)
# Kotlin's: type parameters before the name, given to no one (`fun <T> adapter(`), and the
# receiver of an extension, shown with the name (`fun String.toSnakeCase(`).
_KOTLIN_FUNCTION = re.compile(
    r"^(?P<head>" + MODIFIERS + r"fun)\s*(?:<(?:[^<>]|<[^<>]*>)*>\s*)?"
    r"(?P<name>(?:\w[\w.]*(?:<(?:[^<>]|<[^<>]*>)*>)?\??\.)?\w+)\s*(?P<rest>\(.*)$"
)
# C and C++ function definitions and prototypes: a type, a name, an opening parenthesis.
_C_FUNCTION = re.compile(
    r"^[A-Za-z_][\w \t\*&:<>,]*[\s\*&]\**"
    r"(?:(?:[\w:~]*::)?operator\s*(?:\(\)|\[\]|[^\s\w(]+)|[A-Za-z_][\w:~]*)\s*\("
)
# `static struct cmdq_list *` alone on a line, and `cmdq_get(struct client *c)` below it.
# A return type alone on its line: `static int`, `std::string`, `tl::expected<void, Error>`.
_C_RETURN_TYPE = re.compile(r"^[A-Za-z_][\w \t:<>,*&]*[\w*&>]$")
# A C++ constructor or destructor defined outside its class: `Client::Client(`, `A::~A(`.
_C_CTOR = re.compile(r"^(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)::~?\1\s*\(")
_ACCESS_LABEL = re.compile(r"(?:public|private|protected)\s*:(?!:)")
_TEST_WORDS = ("describe", "context", "it", "test", "specify")
_TEST_NAME = r"(?:\"(?:\\.|[^\"\\\n]){1,300}\"|'(?:\\.|[^'\\\n]){1,300}'|`[^`\n]{1,300}`)"
# `it "works" do` and `describe Rack::Lint do` (Ruby), `test("works", () => ...)` (JS), with
# the runners' modifiers: `test.serial(`, `it.skip(`, `describe.each([1, 2])(`.
_TEST_BLOCK = re.compile(
    rf"(?P<kind>{'|'.join(_TEST_WORDS)})(?:\s+(?:{_TEST_NAME}|[A-Z][\w:]*)"
    rf"|(?:\.\w+(?:\((?:[^()\n]|\([^()\n]*\))*\))?){{0,3}}\s*\(\s*{_TEST_NAME})"
)
_C_BARE_NAME = re.compile(r"^[A-Za-z_][\w:~]*\s*\(")
# What a C declaration may carry that is no part of its type or name: compiler attributes,
# and an annotation comment before it (`/*@null@*/ static PyObject*`).
_C_NOISE = re.compile(
    r"__attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)[ \t]*|__declspec\s*\([^()]*\)\s*"
    r"|^[ \t]*/\*[^*\n]*\*/[ \t]*(?=[A-Za-z_])"
    r"|^[A-Z][A-Z0-9_]*\(\"[^\"\n]*\"\)[ \t]+(?=[A-Za-z_])",  # `DEPRECATED("use g") int f(`
    re.M,
)
# Words that open a statement, not a declaration, when a line looks like `word name(`.
_STATEMENT_WORDS = frozenset(
    {
        "return",
        "if",
        "while",
        "for",
        "switch",
        "else",
        "case",
        "do",
        "throw",
        "delete",
        "new",
        "co_return",
        "co_await",
        "goto",
        "sizeof",
        "static_assert",
        "using",
        "friend",
        "await",
        "yield",
        "typeof",
    }
)
C_LIKE = frozenset({"C", "C++", "Objective-C"})
# A C++ class's name (past export macros in capitals), and a constructor or destructor.
_C_CLASS = re.compile(r"\b(?:class|struct)\s+(?:[A-Z_][A-Z0-9_]*\s+)*([A-Za-z_]\w*)")
_C_MAKER = re.compile(r"(?:(?:explicit|constexpr|inline|virtual)\s+)*~?([A-Za-z_]\w*)\s*\(")
# Languages written `name: type` (or without types): a parameter is named by its first part.
_NAME_FIRST = frozenset(
    {
        "Python",
        "JavaScript",
        "JSX",
        "TypeScript",
        "TSX",
        "Rust",
        "Go",
        "Kotlin",
        "Swift",
        "Scala",
        "Elixir",
    }
)
_CONTAINER = re.compile(
    r"\b(?:class|struct|impl|trait|interface|enum|namespace|module|object|record|union|"
    r"extension|protocol|actor)\b|^declare\s+global\b"
)
_WIDTH = 100  # measured: at 160, a large library's signatures cost 40% more
_NAMES_WIDTH = 160  # a Python definition's parameter names alone, once defaults are dropped
_DEFAULT_WIDTH = 12  # longer default values are shown as "…": the reader learns it is optional
# JavaScript and TypeScript define much without a keyword: methods in a class body, and
# functions bound to a name.
_JS_METHOD = re.compile(
    r"^(?P<head>(?:(?:static|async|get|set|private|public|protected|readonly|override|abstract|"
    r"declare)\s+)*\*?)(?P<name>#?[\w$]+)\??\s*(?P<rest>(?:<.*?>)?\(.*)$"
)
_JS_BINDING = re.compile(
    r"^(?P<head>(?:export\s+)?(?:const|let|var)\s+)(?P<name>[\w$]+)\s*(?::[^=]*)?=\s*"
    r"(?P<async>async\s+)?(?P<fn>function\*?\s*[\w$]*\s*)?"
    r"(?P<rest>(?:<(?:[^<>()]|<[^<>()]*>)*>)?\(.*)$"  # type parameters, with defaults
)
# A method of a Go interface: a name and its parameters, no keyword.
_GO_METHOD = re.compile(r"^(?P<head>)(?P<name>[A-Za-z_]\w*)\s*(?P<rest>\(.*)$")
# Go's receiver: `func (h *Head) MinTime()` and `func (h *RangeHead) MinTime()` are two.
_GO_RECEIVER = re.compile(r"\(\s*(?:\w+\s+)?\*?\s*([\w.]+)")
# What a Ruby class body says besides its methods: mixins, attributes, RuboCop-style node
# matchers, and a bare `private` or `protected` (the methods below it are).
_RUBY_MEMBER = re.compile(
    r"(?:include|extend|prepend|attr_reader|attr_writer|attr_accessor|def_node_matcher"
    r"|def_node_search)[ \t]+[\w:@]|(?:private|protected|public)[ \t]*(?:#.*)?$"
)
# A function given to a property: `res.json = function json(obj) {`, `exports.f = (a) =>`.
_JS_ASSIGNED = re.compile(
    r"^(?P<head>)(?P<name>(?:[\w$]+\.)+[\w$]+)\s*=\s*"
    r"(?P<async>async\s+)?(?P<fn>function\*?\s*[\w$]*\s*)?(?P<rest>\(.*)$"
)
# A class field holding a function: `private onClick = async (event) => {`.
_JS_FIELD = re.compile(
    r"^(?P<head>(?:(?:static|private|public|protected|readonly|override|declare)\s+)*)"
    r"(?P<name>#?[\w$]+)\??\s*(?::(?:[^=]|=>)*)?=(?!>)\s*"
    r"(?P<async>async\s+)?(?P<fn>function\*?\s*[\w$]*\s*)?"
    r"(?P<rest>(?:<(?:[^<>()]|<[^<>()]*>)*>)?\(.*)$"  # type parameters, with defaults
)
# A type's arguments, nested three deep: `<ActionResult<IEnumerable<T>>>`. (Each dot of a
# qualified type is taken by one part only: `[\w.]+` then `(\.\w+)*` split a line of dots in
# every way, and took hours on one.)
_TYPE_ARGS = r"(?:<(?:[^<>()]|<(?:[^<>()]|<[^<>()]*>)*>)*>)"
_TYPED_METHOD = re.compile(
    r"^(?:(?:@[\w.]+(?:\([^()]*\))?|public|private|protected|internal|static|final|abstract|"
    r"synchronized|native|override|virtual|async|sealed|default|extern|unsafe|new|partial|"
    r"readonly)\s+)*"
    # type parameters, then a return type (`Map<String, ClassName>`, `int[]`, `string?`)
    r"(?:" + _TYPE_ARGS + r"\s+)?(?P<type>\w+" + _TYPE_ARGS + r"?(?:\.\w+" + _TYPE_ARGS + r"?)*"
    r"(?:\[\])*\??\s+)?"
    r"(?P<name>[A-Za-z_]\w*)\s*" + _TYPE_ARGS + r"?\s*\("  # a generic method: `Parse<T>(`
)
_TYPED_METHODS = frozenset({"Java", "C#"})
# A field's value that is an anonymous class: `= new Comparator<String>() {`.
_ANONYMOUS_CLASS = re.compile(r"\bnew\s+[\w.]+\s*(?:<[^;{}]*>)?\s*\([^;{}]*\)\s*\{$")
_JAVA_ENUM = re.compile(r"\benum\s")
_TYPED_OBJECT = re.compile(r"object\s+\w+\s*[=;,)]")
# A line at a definition's own indent that goes on with it, not a new one: Rust's `where`
# clause, Kotlin's `private constructor(` below its class's name.
_CONTINUATION = {
    "Rust": re.compile(r"where\b"),
    "Kotlin": re.compile(r"(?:(?:private|protected|internal|public|@\w+)\s+)*constructor\b"),
}
_RUST_MOD = re.compile(r"^[ \t]*(?:pub(?:\([\w: ]+\))?\s+)?mod\s+\w")
# A Java or C# type's name: its constructors bear it (a member without a return type that
# is not one is a call, an initializer's line: `newFactory(A.class, X)`).
_TYPED_CLASS = re.compile(
    r"\b(?:class|struct|record(?:\s+(?:struct|class))?|enum|interface)\s+([A-Za-z_]\w*)"
)
_TS_DECLARE = re.compile(r"(?:export\s+)?declare\s+(?:module\s*['\"]|global\b)")
_JS = frozenset({"JavaScript", "JSX", "TypeScript", "TSX"})
_BINDINGS = ("export const ", "export let ", "const ", "let ", "var ")
# fmt: off
_NOT_METHODS = frozenset([
    "if", "for", "while", "switch", "catch", "return", "function", "super", "await", "new",
    "typeof", "throw", "yield", "do", "else", "with", "delete", "void",
])
# fmt: on
_TYPE_IMPORT = re.compile(r"^type\s+[\w$]+,?$")
_VISIBILITY = re.compile(r"^pub\([^)]*\)\s*")
# The quote of a string that may run over lines, by language (C's strings cannot; Python's
# are followed by `_python_definitions`). Text inside it, often at column 0, ends no scope.
_LONG_STRING = {
    "Rust": '"',
    "Kotlin": '"""',
    "Swift": '"""',
    "Scala": '"""',
    "Java": '"""',
    "C#": '"""',
    "Elixir": '"""',
}
# Languages whose `#if`, `#region`, `#endif` lines (at the margin) are directives, not code.
_DIRECTIVES = frozenset({"C#", "Swift"})
_LONG_STRING.update(dict.fromkeys(("JavaScript", "JSX", "TypeScript", "TSX", "Go"), "`"))
# A C declaration that gives a value (`struct s *p = f(x);`): a variable, not a definition.
_C_INITIALIZED = re.compile(r"^[^({=]*[^=!<>]=(?!=)")


@dataclass(slots=True)
class _Scope:
    indent: int
    container: bool
    names: set[str] = field(default_factory=set)
    member: int = -1  # the indent of a container's first line inside: its members'
    name: str = ""  # a C++ class's name (its constructors bear it)
    constants: list[str] | None = None  # a Java enum's constants, once listed on `line`
    line: int = -1


def _enum_constants(stripped: str, indent: int, stack: list[_Scope], out: list[str]) -> bool:
    """Whether `stripped`, a line at a Java enum's members' indent, names its constants
    (`RED, GREEN,`, `Data {`, `MINUTES(60),`): they are then added to the enum's one line of
    them, and a constant's body is opened as a scope whose methods (overrides) are not listed."""
    holder = stack[-1]
    m = _ENUM_CONSTANT.match(stripped)
    if m is None or m.group(1) == holder.name or holder.constants is None:
        return False
    # Arguments, as in `MINUTES(60, "m")`, name no constant: taken out as brackets are.
    head = stripped.split("//")[0].split("{")[0].replace("(", "<").replace(")", ">")
    if holder.line < 0 or not out[holder.line].endswith("…"):  # (a full line takes no more)
        holder.constants += _ENUM_NAME.findall(_without_type_params(head))
        shown = " " * len(stack) + _cut(", ".join(holder.constants))
        if holder.line < 0:
            holder.line = len(out)
            out.append(shown)
        else:
            out[holder.line] = shown
    if stripped.rstrip().endswith("{"):
        stack.append(_Scope(indent, False))
    return True


# A line that starts with a Java enum's constant: a name, then its arguments, its body or
# the next constant (not `static {`, an initializer).
_ENUM_CONSTANT = re.compile(r"(?!static\b)([A-Za-z_]\w*)\s*(?:[({,;]|//|$)")
_ENUM_NAME = re.compile(r"[A-Za-z_]\w*")


def signatures(text: str, language: str) -> str:
    """One line per definition: what the file defines and with which parameters."""
    from .compress import NON_CODE

    if language in PROSE:
        out = [_cut(line) for line in headings(text, language)]
    elif language in NON_CODE:
        return ""
    else:
        out = _definitions(text, language)
    return "\n".join(out) + "\n" if out else ""


def _ruby_text_end(line: str, after: int, closers: dict[str, list[int]]) -> str:
    """The line that ends the text `line` opens (a heredoc's tag, as in `<<~RUBY`, or `=end`),
    when one follows at or after `lines[after]`: `"<<EOF"` in a string opens nothing."""
    m = None if line.startswith("=begin") else _RUBY_HEREDOC.search(line)
    if m is None and not line.startswith("=begin"):
        return ""
    end = "=end" if m is None else m.group(2)
    found = closers.get(end, [])
    return end if bisect_left(found, after) < len(found) else ""


def _ruby_closers(lines: list[str]) -> dict[str, list[int]]:
    """Where the lines that may end a heredoc or a =begin comment stand, by what they say."""
    closers: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        word = line.strip().partition(" ")[0]
        if word == "=end" or _RUBY_TAG.fullmatch(word):
            closers.setdefault(word, []).append(k)
    return closers


# A heredoc's opening: `<<~RUBY`, `<<-'EOS'`, `<<SQL` (not `class << self` or `a << b`).
_RUBY_TAG = re.compile(r"[A-Z_][A-Z0-9_]*")
_RUBY_HEREDOC = re.compile(r"<<[~-]?([\"'`]?)([A-Z_][A-Z0-9_]*)\1")


def _c_macro_defined(line: str, lines: list[str], after: int) -> bool:
    """Whether `line` defines a function through a macro at the margin, its body below:
    `TEST_IMPL(loop_alive) {` (a test file's cases are what it holds)."""
    if _C_MACRO_DEFINITION.match(line) is None:
        return False
    return line.rstrip().endswith("{") or (after < len(lines) and lines[after].startswith("{"))


_C_MACRO_DEFINITION = re.compile(r"[A-Z][A-Z0-9_]*\([^()]*\)[ \t]*\{?[ \t]*$")


def _continues(language: str, stripped: str) -> bool:
    continuation = _CONTINUATION.get(language)
    return continuation is not None and continuation.match(stripped) is not None


def _definitions(text: str, language: str) -> list[str]:
    if language == "Python":
        return _python_definitions(text)
    c_like = language in C_LIKE
    directives = c_like or language in _DIRECTIVES
    long_quote = _LONG_STRING.get(language, "")
    if c_like and any(noise in text for noise in ("__attribute__", "__declspec", "*/ ", '("')):
        text = _C_NOISE.sub("", text)
    lines = text.split("\n")
    out: list[str] = []
    stack: list[_Scope] = []
    top: set[str] = set()
    open_quote: str | None = None  # the string or comment still open at the end of a line
    ruby = language == "Ruby"
    closers = _ruby_closers(lines) if ruby and ("<<" in text or "=begin" in text) else {}
    text_end = ""  # the line that ends the Ruby heredoc or =begin comment we are in
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        # Most lines open nothing and define nothing: the checks below are ordered so that
        # such a line costs a few substring tests.
        if open_quote is not None:
            if open_quote in line:
                open_quote = still_open(line, open_quote, False, long_quote)
            continue
        if text_end:  # in a Ruby heredoc or =begin block: only its last line matters
            if line.strip().partition(" ")[0] == text_end:
                text_end = ""
            continue
        stripped = line.lstrip()
        if not stripped:
            continue
        if ruby and ("<<" in line or line.startswith("=begin")):
            text_end = _ruby_text_end(line, i, closers)
            if line.startswith("=begin"):
                continue
        if "/*" in line or (long_quote and long_quote in line and line.count(long_quote) % 2):
            open_quote = still_open(line, None, False, long_quote)
        if stripped.startswith(("//", "*", "/*")):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith(">"):
            continue  # the end of type parameters over several lines: `> extends Base {`
        if stripped[0] == "{" and stack and stack[-1].indent == indent:
            continue  # the brace that opens the definition above (C's, C#'s style)
        if stack and stack[-1].indent == indent and _continues(language, stripped):
            i = join_definition(lines, i - 1, False)[1]
            continue
        if c_like and _ACCESS_LABEL.match(stripped):
            continue  # `public:` at the margin inside a class (LLVM's style) ends nothing
        if directives and stripped.startswith("#"):  # at the margin inside a class: ends nothing
            shown = macro(stripped.rstrip()) if c_like else None
            if shown:
                _add(out, top, shown[0], shown[1], 0)
            continue
        while stack and stack[-1].indent >= indent:
            stack.pop()
        if stack and stack[-1].member < 0:
            stack[-1].member = indent
        stripped = stripped.rstrip()
        # (the type may be indented, the name at the margin: `    int` then `name(void)`)
        bsd = c_like and not stack and i < len(lines) and _C_RETURN_TYPE.match(stripped)
        if (
            bsd
            and stripped.split(None, 1)[0] not in _STATEMENT_WORDS
            and _C_BARE_NAME.match(lines[i])
            and not lines[i].rstrip().endswith(";")
        ):
            # BSD style: the return type on its own line, the name at the margin below.
            lines[i] = f"{stripped} {lines[i]}"
            continue
        is_c_function = False
        if c_like:
            is_c_function = (
                _C_FUNCTION.match(line) or C_POINTER.match(line) or _C_CTOR.match(line)
            ) is not None or (not stack and _c_macro_defined(line, lines, i))
            if not is_c_function and stack and stack[-1].container:
                # A member function of a class or struct, one level inside it; a
                # constructor or destructor by the class's name; a friend operator.
                holder = stack[-1]
                member = indent <= holder.indent + 8
                m = _C_FUNCTION.match(stripped) if member else None
                first = m.group(0).split()[0] if m is not None else ""
                is_c_function = m is not None and (
                    first not in _STATEMENT_WORDS or (first == "friend" and "operator" in m[0])
                )
                if not is_c_function and member and holder.name:
                    made = _C_MAKER.match(stripped)
                    is_c_function = made is not None and made.group(1) == holder.name
        if not c_like and stripped.startswith(_TEST_WORDS) and (t := _TEST_BLOCK.match(stripped)):
            # A spec's groups and cases (RSpec, minitest, Jest, Mocha): what a test file holds.
            depth = len(stack)
            case = t.group(0) + (")" if "(" in t.group(0) else "")
            _add(out, stack[-1].names if stack else top, case, _cut(case), depth)
            stack.append(_Scope(indent, t.group("kind") in ("describe", "context")))
            continue
        if language == "Ruby" and stack and stack[-1].container and _RUBY_MEMBER.match(stripped):
            # A class's mixins, attributes and node matchers, and where `private` starts (each
            # visibility line shown where it stands: `private`, `public`, `private` again).
            member_line = _cut(SPACES.sub(" ", PY_COMMENT.sub("", stripped)))
            key = f"{member_line}@{i}" if " " not in member_line else member_line
            _add(out, stack[-1].names, key, member_line, len(stack))
            continue
        form: re.Pattern[str] | None = None
        if is_c_function or (
            _DEFINITION.match(line)
            # (Kotlin's and Scala's `object`; in C# and Java a variable of type object)
            and not (language in _TYPED_METHODS and _TYPED_OBJECT.match(stripped))
        ):
            pass
        elif language == "Rust" and _RUST_MOD.match(line):
            pass  # `pub mod channel;`, `mod tests {`
        elif language in _JS and _TS_DECLARE.match(stripped):
            pass  # `declare module 'svelte' {`, `declare global {`: what they hold is theirs
        elif language in _TYPED_METHODS:
            in_enum = bool(stack) and stack[-1].constants is not None
            if (
                in_enum
                and indent == stack[-1].member
                and _enum_constants(stripped, indent, stack, out)
            ):
                continue
            anonymous = stripped.endswith("{") and "new " in stripped  # (searched for only then)
            if anonymous and stack and stack[-1].container and _ANONYMOUS_CLASS.search(stripped):
                stack.append(_Scope(indent, False))  # an anonymous class: its methods are not ours
                continue
            typed = _TYPED_METHOD.match(stripped)
            if not (stack and stack[-1].container and _is_method(typed)):
                continue
            assert typed is not None
            if typed.group("type") is None and typed.group("name") != stack[-1].name:
                continue  # no return type, and not a constructor
            form = _TYPED_METHOD  # a Java or C# method: its type first, no keyword
        elif language == "Go" and stack and stack[-1].container:
            if not _GO_METHOD.match(stripped) or indent > stack[-1].member:
                continue
            form = _GO_METHOD  # a method an interface asks for
        elif language not in _JS:
            continue
        elif stack and stack[-1].container and indent > stack[-1].member:
            continue  # inside a member that is not a scope (a field's value): no member here
        elif stack and stack[-1].container and _is_method(_JS_METHOD.match(stripped)):
            form = _JS_METHOD  # a method of a class or an interface
        elif stack and stack[-1].container and _JS_FIELD.match(stripped):
            form = _JS_FIELD  # a field that holds a function
        elif not stack and stripped.startswith(_BINDINGS) and "=" in stripped:
            form = _JS_BINDING  # a function bound to a name: `export const f = (a) => ...`
        elif not stack and indent == 0 and "." in stripped and _JS_ASSIGNED.match(stripped):
            form = _JS_ASSIGNED  # a function given to a property: `res.send = function (b) {`
        else:
            continue
        sig, joined = join_definition(lines, i - 1, False)
        if joined != i:  # the definition ran over lines: what its last one leaves open
            last = lines[joined - 1]
            opens = "/*" in last or (long_quote and last.count(long_quote) % 2)
            open_quote = still_open(last, None, False, long_quote) if opens else None
            i = joined
        if is_c_function and sig.endswith(";") and "(" not in sig:
            continue  # a variable or a forward declaration, not a definition
        if is_c_function and sig.startswith("template") and sig.endswith(">"):
            continue  # `template <typename T, FMT_ENABLE_IF(...)>`: the declaration follows
        if c_like and sig.startswith("typedef") and i < len(lines) and lines[i].lstrip()[:1] == "(":
            # `typedef int` then `(*cb)(void *p);` on the next line: joined to where it closes
            sig, used = run_on(sig, lines[i : i + JOIN_LINES], False)
            i += used
        declared = c_like and not is_c_function and sig.endswith(";")
        if declared and not sig.startswith("typedef") and not any(c in sig for c in "({"):
            continue  # `static struct list *queue;`: a variable of a struct type
        if c_like and not is_c_function and _C_INITIALIZED.match(sig):
            continue  # `struct s *p = f(x);` in a function body, or a table's initializer
        shown_line, key, container = _format(sig, language, lines, i, form)
        if shown_line is None:
            continue
        scope = stack[-1].names if stack else top
        depth = len(stack)
        named = None  # (a class's name: its constructors bear it)
        if container and (c_like or language in _TYPED_METHODS):
            named = (_C_CLASS if c_like else _TYPED_CLASS).search(shown_line)
        is_enum = named is not None and language == "Java" and _JAVA_ENUM.search(shown_line)
        constants: list[str] | None = [] if is_enum else None
        stack.append(
            _Scope(indent, container, name=named.group(1) if named else "", constants=constants)
        )
        _add(out, scope, key, shown_line, depth)
    return out


def _python_definitions(text: str) -> list[str]:
    """What `_definitions` would show for Python, looking only where a line can matter.

    A pattern finds the lines that define or sit at the margin; between two, the lines that
    hold a triple quote (found with `str.find`) are followed as `_definitions` would. The
    others (most of a file) can only end scopes, which matters once the next definition
    opens: then a search finds the few shallow enough to (`_pop_between`).
    """
    text = "\n" + text  # every line now follows a newline, the first one too
    out: list[str] = []
    stack: _Stack = []  # the open scopes' indents and the names defined in them
    top: set[str] = set()
    n = len(text)
    find = text.find
    skipped: list[tuple[int, int]] = []  # code passed over since the last definition
    pos = 1  # the start of the next line to look at; before it all is done
    after = 1  # where to look for the next triple quote (lines before it hold none open)
    double = single = quote = -1  # the next `"""`, `'''`, either, at or after `after`
    for m in _PY_DEF.finditer(text):
        start = m.start() + 1
        if start < pos:
            continue  # in a string, or a line of the definition before
        while quote < start:  # the strings that open before this line
            if double < after:
                double = find('"""', after) % (n + 1)
            if single < after:
                single = find("'''", after) % (n + 1)
            quote = min(double, single)
            if quote >= start:
                break
            line_at = text.rfind("\n", 0, quote) + 1
            end = find("\n", quote) % (n + 1)
            open_quote = still_open(text[line_at:end], None, True)
            after = end + 1
            if open_quote is None:  # closed on the line: code, like any other
                continue
            skipped.append((pos, after))
            pos = after
            while open_quote is not None:  # inside, only the line that ends it matters
                k = find(open_quote, pos)
                if k < 0:
                    return out
                line_at = text.rfind("\n", 0, k) + 1
                end = find("\n", k) % (n + 1)
                open_quote = still_open(text[line_at:end], open_quote, True)
                pos = after = end + 1
        if start < pos:
            continue
        margin, sig = m.group(1, 2)
        if margin is None:  # code at the margin: it ends every scope
            stack.clear()
            skipped.clear()
            pos = start
            continue
        indent = len(margin)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if start > pos:
            skipped.append((pos, start))
        if stack and stack[-1][0] and skipped:  # (lines at the margin were matched)
            _pop_between(text, skipped, stack)
        skipped.clear()
        # `join_definition`, inlined for the first line (this runs once per definition)
        if "#" in sig:
            sig = PY_COMMENT.sub("", sig)
        sig = sig.rstrip()
        if sig.count("(") > sig.count(")") or sig.count("[") > sig.count("]"):
            # Over several lines: followed as Python reads it (strings hold brackets and
            # `def` lines of their own), else joined line by line.
            found = python_signature(text, start)
            if found is not None:
                sig, pos = found
            else:
                sig, used = run_on(sig, lines_after(text, start), True)
                pos = start
                for _ in range(used + 1):
                    pos = find("\n", pos) + 1 or n + 1
        else:
            if "  " in sig or "\t" in sig:
                sig = SPACES.sub(" ", sig)
            pos = m.end() + 1
        after = pos
        shown, key = _format_python(sig, _IMPLIED if stack else frozenset())
        scope = stack[-1][1] if stack else top
        if key not in scope:  # `_add`, inlined
            scope.add(key)
            if text[start - 2 : start - 1] != "\n" and "@" in text[max(start - 200, 0) : start]:
                shown = _py_decorated(text, start, shown)
            out.append(" " * len(stack) + _cut_python(shown))
        stack.append((indent, set()))
    return out


# A line that defines: the newline before it, its indent, and the rest of it; or (no groups)
# a line of code at the margin. Possessive: an indent is never given back to try again.
_PY_DEF = re.compile(
    r"\n(?:([ \t]*+)((?:def |class |async [^\S\n]*(?:def|class)[^\S\n])[^\S\n]*\w[^\n]*)"
    r"|(?=[^\s#>]))"
)


# `_Scope` without `container`: only languages whose methods have no keyword need it.
_Stack = list[tuple[int, set[str]]]


def _pop_between(text: str, spans: list[tuple[int, int]], stack: _Stack) -> None:
    """Close the scopes that lines in `spans` (code, none of them looked at yet) end.

    A line ends a scope when it is code indented no deeper than the scope's definition. A
    line that starts with more spaces than the innermost scope's indent cannot: only the
    others (few, where code is indented with spaces) are looked at one by one."""
    for pos, end in spans:
        k = pos - 1  # a line starts after a newline: search from the one before `pos`
        while stack:
            m = _shallow(stack[-1][0] + 1).search(text, k, end - 1)
            if m is None:
                break
            start = m.start() + 1
            k = text.find("\n", start) % (len(text) + 1)
            line = text[start:k]
            stripped = line.lstrip()
            if not stripped or stripped.startswith(("#", ">")):
                continue
            indent = len(line) - len(stripped)
            while stack and stack[-1][0] >= indent:
                stack.pop()


@cache
def _shallow(width: int) -> re.Pattern[str]:
    """A newline before a line that does not start with `width` spaces and is not empty."""
    return re.compile(rf"\n(?! {{{width}}}|\n)")


def _is_method(m: re.Match[str] | None) -> bool:
    # `throw error(...)`, `return build(...)`: a statement's word taken for a return type.
    return (
        m is not None
        and m.group("name") not in _NOT_METHODS
        and m.group(0).split(None, 1)[0] not in _STATEMENT_WORDS
    )


def _add(out: list[str], seen: set[str], key: str, line: str, depth: int) -> None:
    if key in seen:
        return
    seen.add(key)
    out.append(" " * depth + _cut(line))


def _cut(line: str) -> str:
    return line if len(line) <= _WIDTH else line[: _WIDTH - 1] + "…"


def _cut_python(line: str) -> str:
    """`_cut`, after giving up default values (`=…`, then the `=` too): every parameter's name
    shows before any is cut off."""
    if len(line) <= _WIDTH or "=" not in line:
        return _cut(line)
    marked = _PY_DEFAULT.sub("=…", line)
    if len(marked) <= _WIDTH:
        return marked
    names = _PY_DEFAULT.sub("", line)  # (a little longer lines, for the names to show)
    return names if len(names) <= _NAMES_WIDTH else names[: _NAMES_WIDTH - 1] + "…"


# A parameter's default as `_plain_params` shows it (12 characters at most, or "…").
_PY_DEFAULT = re.compile(r"=(?:\"[^\"]*\"|'[^']*'|[^,()\[\]]*)(?=[,)])")
# The first parameter every method of its kind has: the line above says whose it is (at the
# module's top level, a function's `cls` or `self` is a parameter like any other).
_IMPLIED = frozenset({"self", "cls"})
# Decorators that change what a definition is: shown before its `def`.
_SHOWN_DECORATORS = frozenset(
    {"property", "cached_property", "staticmethod", "classmethod", "abstractmethod"}
)


def _py_decorated(text: str, start: int, shown: str) -> str:
    """`shown` with the decorators above the definition at `start` that say what it is (a
    property is read, not called; a static method takes no instance)."""
    names: list[str] = []
    end = start - 1  # the newline before the definition's line
    for _ in range(6):
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if not line.startswith("@"):
            break
        name = line[1:].split("(")[0].rsplit(".", 1)[-1].strip()
        if name in _SHOWN_DECORATORS:
            names.append(f"@{name} ")
        end = begin - 1
        if end < 0:
            break
    return "".join(reversed(names)) + shown if names else shown


def _format(
    sig: str,
    language: str,
    lines: list[str],
    after: int,
    form: re.Pattern[str] | None = None,
    implied: frozenset[str] = frozenset(),
) -> tuple[str | None, str, bool]:
    """How a definition is shown, the key that makes it a repeat, and whether it holds others."""
    if language in C_LIKE:
        return format_c(sig, lines, after)
    if OPEN_SPACE.search(sig):
        sig = OPEN_SPACE.sub(r"\1", sig)
    if form is _TYPED_METHOD:
        m = form.match(sig)
        close = match_bracket(sig, m.end() - 1) if m else -1
        shown = sig[: close + 1] if close > 0 else _strip_body(sig, language)
        if m is None:
            return shown, shown, False
        # Overloads are each shown: a constructor with and without its options are two.
        return shown, m.group("name") + SPACES.sub(" ", sig[m.end() - 1 : close + 1]), False
    if form is not None:
        m = form.match(sig)
        plain = form is _JS_METHOD or form is _GO_METHOD  # no arrow or keyword to look for
        if m is None or (not plain and "=>" not in sig and "function" not in sig):
            return None, "", False  # a value, not a function
    else:
        m = (_KOTLIN_FUNCTION if language == "Kotlin" else _FUNCTION).match(sig)
        m = m if language in _NAME_FIRST else None
    if m is None:
        shown = _strip_body(sig, language)
        if language in _JS and _TYPE_IMPORT.match(shown):
            return None, "", False  # `import { type A, ... }`: a name brought in, not defined
        bare = _VISIBILITY.sub("", shown)  # `pub(crate) struct S(u8)`: S is before the "("
        container = _CONTAINER.search(bare.split("(")[0]) is not None or (
            language == "Rust" and _RUST_MOD.match(bare) is not None  # `mod tests {`
        )
        if language == "Ruby":  # `def self.name` and `def name=` are not `def name`
            return shown, shown if container else bare.split("(")[0].strip(), container
        return shown, shown if container else _name_of(bare), container
    rest = m.group("rest")
    if rest.startswith(("<", "[")):  # type parameters: not what the reader looks for
        close = match_bracket(rest, 0)
        rest = rest[close + 1 :].lstrip() if close > 0 else rest
    if not rest.startswith("("):
        return _strip_body(sig, language), m.group("name"), False
    if language == "Python":
        params, close = _python_params(rest)
    else:
        close = match_bracket(rest, 0)
        params = split_top(rest[1:close] if close > 0 else rest[1:], ",", _quotes(language))
    bound = form is _JS_BINDING or form is _JS_FIELD or form is _JS_ASSIGNED  # `x = (a) =>`
    if bound and not m.group("fn"):
        # An arrow function: `=>` after its parameters (and type); not `(function(){})()`.
        # (Parameters that did not close within the lines joined are given the benefit.)
        tail = rest[close + 1 :].lstrip() if close > 0 else "=>"
        if not tail.startswith(("=>", ":")):  # an arrow, or its return type first
            return None, "", False
    names = _param_names(params, language, implied)
    if bound:
        run = "async " if m.group("async") else ""
        return f"{m.group('head')}{m.group('name')} = {run}({names}) =>", m.group("name"), False
    head = m.group("head") + (" " if language == "Kotlin" else "")  # (its spaces are not in it)
    key = m.group("name")
    if language == "Go" and (receiver := _GO_RECEIVER.search(m.group("head"))):
        key = f"{receiver.group(1)}.{key}"
    elif language in _JS:
        key = f"{key}({names})"  # overloads are each shown: `f(a)` and `f(a, options)`
    elif language == "Kotlin":  # overloads too, told apart by their parameters' types
        key = f"{key}({SPACES.sub(' ', ','.join(params))})"
    return f"{head}{m.group('name')}({names})", key, False


def _format_python(sig: str, implied: frozenset[str] = frozenset()) -> tuple[str, str]:
    """`_format` for Python (shown, key), sooner for `def f(a, b=1):` and `class C(B):`."""
    m = _PY_PLAIN_DEF.match(sig)
    if m is not None:
        # Nothing in the parentheses nests or quotes: they close at the first ")", and space
        # after the "(" is stripped off the first parameter anyway.
        head, name, inner = m.groups()
        return f"{head}{name}({_plain_params(inner, implied)})", name
    if sig.startswith("class ") and not OPEN_SPACE.search(sig):
        shown = sig.rstrip().removesuffix(":")
        container = _CONTAINER.search(shown.split("(")[0]) is not None
        return shown, shown if container else _name_of(shown)
    shown_line, key, _ = _format(sig, "Python", [], 0, implied=implied)
    return shown_line or "", key


def _plain_params(inner: str, implied: frozenset[str]) -> str:
    """`_param_names` for Python parameters without brackets or quotes, so split as written."""
    if "=" not in inner and ":" not in inner:  # the most common: bare names
        bare = [name for name in map(str.strip, inner.split(",")) if name]
        skip = 0
        while skip < len(bare) and bare[skip] in implied:
            skip += 1
        return ", ".join(bare[skip:])
    names: list[str] = []
    for param in inner.split(","):
        if "=" in param and "==" not in param and "!=" not in param:  # (no "<=", ">=", "=>")
            declared, _, value = param.partition("=")
        else:
            declared, value = param, None
        if value is None and not param.strip():
            continue
        name = declared.partition(":")[0].strip()
        if name in implied and not names:
            continue
        if value is not None:
            value = value.strip()
            name += "=" + (value if len(value) <= _DEFAULT_WIDTH else "…")
        names.append(name)
    return ", ".join(names)


_PY_PLAIN_DEF = re.compile(r"((?:async\s+)?def\s+)([\w$]+)\s*\(([^()\[\]{}<>\"'`]*)\)")


def _strip_body(sig: str, language: str) -> str:
    sig = sig.rstrip()
    if language == "Python":
        return sig.removesuffix(":")
    sig = re.sub(r"\s*\bwhere\b.*$", "", sig) if language == "Rust" else sig
    if language == "Elixir":  # `def f(x) when is_atom(x), do: x` and `defmodule M do`
        sig = re.sub(r"(?:,\s*do:.*|\s+do)$", "", sig)
    return sig.removesuffix("{}").rstrip(" {;")


def _name_of(line: str) -> str:
    head = line.split("(")[0]
    if "<" in head:  # type parameters name no definition: `type A<T> = ...` is `A`
        head = _without_type_params(head)
    words = re.findall(r"[\w$]+", head.split("=")[0])
    return words[-1] if words else line


def _without_type_params(text: str) -> str:
    """`text` without what its `<...>` enclose (nested ones too), in one pass; an unclosed
    `<` (`operator<`) is kept as written."""
    out: list[str] = []
    depth = 0
    start = 0  # where the outermost open `<` stands
    for i, c in enumerate(text):
        if c == "<":
            if depth == 0:
                start = i
            depth += 1
        elif c == ">" and depth:
            depth -= 1
        elif depth == 0:
            out.append(c)
    if depth:  # never closed: keep the rest as it was
        out.append(text[start:])
    return "".join(out)


def _quotes(language: str) -> str:
    return '"' if language == "Rust" else "\"'`"  # a Rust quote opens a lifetime


def _python_params(rest: str) -> tuple[list[str], int]:
    """The parameters in the parentheses that open `rest`, and where those close (-1: not
    in `rest`). Read as Python reads them: a bracket in a string (`a=")"`, `r"[^[]"`) nests
    nothing, and `<`, `>` are operators (`a=2 << 13`), never type brackets."""
    params: list[str] = []
    depth = 0
    start = 1
    k = 0
    while (m := _PY_PARAM_MARK.search(rest, k)) is not None:
        k = m.end()
        c = m.group()
        if c in "\"'":
            end = _PY_STRING_END[c].match(rest, k)
            k = end.end() if end else len(rest)
        elif c == ",":
            if depth == 1:
                params.append(rest[start : k - 1])
                start = k
        elif c in "([{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                params.append(rest[start : k - 1])
                return params, k - 1
    params.append(rest[start:])
    return params, -1


_PY_PARAM_MARK = re.compile(r"[\"'()\[\]{},]")
# The rest of a string after its opening quote: escapes step over the character they escape.
_PY_STRING_END = {q: re.compile(rf"(?:[^\\{q}]|\\.)*{q}") for q in "\"'"}


def _param_names(params: list[str], language: str, implied: frozenset[str] = frozenset()) -> str:
    names: list[str] = []
    quotes = _quotes(language)
    for param in params:
        param = param.strip()
        if not param:
            continue
        declared, *default = split_top(param, "=", quotes) if "=" in param else (param,)
        if language == "Go":
            name = declared.split()[0] if declared.split() else declared
        elif ":" in declared:
            name = split_top(declared, ":", quotes)[0].strip()
        else:
            name = declared.strip()
        if language == "Rust":
            name = re.sub(r"'\w+\s*", "", name).removeprefix("mut ")
        if language == "Python" and name in implied and not names:
            continue  # every method has it: the class above says whose it is
        if default:
            value = "=".join(default).strip()
            name += "=" + (value if len(value) <= _DEFAULT_WIDTH else "…")
        names.append(name)
    return ", ".join(names)
