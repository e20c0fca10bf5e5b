"""What definitions look like in the languages scanned line by line: the patterns that find
them, and the shapes only one language has (Java's enum constants, Ruby's heredocs and =begin
comments, Rust's `where` and Kotlin's `constructor` lines, test-case titles in specs)."""

from __future__ import annotations

import re
from bisect import bisect_left

from . import lazyre

__all__ = [
    "ANONYMOUS_CLASS",
    "BINDINGS",
    "CONTAINER",
    "CS_ATTRIBUTED",
    "CS_DEFINITION",
    "CS_DELEGATE",
    "CS_EVENT",
    "CS_INDEXER",
    "CS_OPERATOR",
    "CS_PROPERTY",
    "DEFINITION",
    "DIRECTIVES",
    "FUNCTION",
    "GO_DEFINITION",
    "GO_EMBEDDED",
    "GO_FIELD",
    "GO_METHOD",
    "GO_RECEIVER",
    "JAVA_ENUM",
    "JS",
    "JS_ASSIGNED",
    "JS_BINDING",
    "JS_FIELD",
    "JS_METHOD",
    "KOTLIN_COMPANION",
    "KOTLIN_CONSTRUCTOR",
    "KOTLIN_FUNCTION",
    "KOTLIN_PROPERTY",
    "LONG_STRING",
    "LUA_BLOCK",
    "LUA_DEFINITION",
    "MODIFIERS",
    "NAME_FIRST",
    "NOT_METHODS",
    "PHP_CLOSURE",
    "PHP_TRAIT_HOLDER",
    "RUBY_MEMBER",
    "RUST_MOD",
    "STATEMENT_WORDS",
    "SWIFT_FUNCTION",
    "SWIFT_INIT",
    "TEST_BLOCK",
    "TEST_WORDS",
    "TS_DECLARE",
    "TS_FIELD",
    "TS_INTERFACE",
    "TS_OBJECT_ALIAS",
    "TYPED_CLASS",
    "TYPED_METHOD",
    "TYPED_METHODS",
    "TYPED_OBJECT",
    "TYPE_IMPORT",
    "VISIBILITY",
    "constant_names",
    "continues",
    "go_type_group",
    "is_enum_constant",
    "is_method",
    "lua_code",
    "overload_key",
    "reexports",
    "ruby_closers",
    "ruby_text_end",
    "without_type_params",
]

# Words (and same-line annotations: Swift's `@objc`, Kotlin's `@JvmStatic`) that may stand
# before a definition's keyword, in the languages outlined line by line. Scala's `case` only
# before `class` or `object` (elsewhere it is a `match`'s or a Swift enum's), and its scoped
# access, `private[http]`.
MODIFIERS = (
    r"(?:(?:export|default|public|private|protected|internal|static|final|abstract|"
    r"async|inline|extern|virtual|unsafe|const|declare|override|open|data|sealed|inner|"
    r"companion|value|suspend|actual|expect|operator|infix|tailrec|external|annotation|"
    r"fileprivate|convenience|required|mutating|nonmutating|dynamic|indirect|partial|readonly|ref|"
    r"implicit|opaque|transparent|case(?=\s+(?:class|object)\s)|(?:private|protected)\[[\w.]*\]|"
    # Dart's class modifiers (`abstract mixin class`, `base class`, `interface class`)
    r"(?:base|mixin|interface)(?=\s+(?:(?:base|mixin)\s+)?class\s)|base(?=\s+mixin\s)|"
    # Swift's `package` access (not Java's or Go's `package` line)
    r"package(?=\s+(?:(?:final|static|class|override|mutating|convenience|required)\s+)*"
    r"(?:struct|class|enum|protocol|actor|func|init|var|let|typealias|extension|subscript)\b)|"
    r"@[\w.]+(?:\([^()]*\))?|pub(?:\([\w: ]+\))?)\s+)*"
)
# An operator's name (`==`, `+`, `<=>`, Ruby's `[]=`) or a Swift name in backticks
# (`default`), which a function may have
# (not a lone `=`: `func = () => ...` assigns)
_OPERATOR_NAME = r"(?:[-+*/%<>!&|^~?.][-+*/%=<>!&|^~?.]*|=[=~][-+*/%=<>!&|^~?.]*|\[\]=?|`[^`\s]+`)"
DEFINITION = lazyre.compile(
    r"^[ \t]*" + MODIFIERS + r"(?:def|class|function\*?|fn|func|@?interface|struct|enum|trait|"
    r"impl|type|module|namespace|union|typedef|macro_rules!|defmodule|defp?|sub|record|object|fun|"
    r"extension|protocol|actor|typealias|defmacrop?|defprotocol|defimpl|defdelegate|defguardp?|mixin|"
    r"@callback|@macrocallback)"
    r"(?:\s+[\w$<(&*]|[<!*])"
    rf"|^[ \t]*{MODIFIERS}(?:func|def)\s+{_OPERATOR_NAME}\s*[(<]"
)
# What declares a type in Java: the other languages' words above are names there (a body's
# `object instanceof Throwable ? ...` is no Kotlin object, `type = ...` no alias);
# `module` declares in a module-info.java.
JAVA_DEFINITION = lazyre.compile(
    r"^[ \t]*"
    + MODIFIERS
    + r"(?:non-sealed\s+)?(?:class|@?interface|enum|record|module)(?:\s+[\w$<]|<)"
)
# What declares a type in C# (`object`, `type`, `module` are names there: `private readonly
# object _lock = new();` is a field).
CS_DEFINITION = lazyre.compile(
    r"^[ \t]*" + MODIFIERS + r"(?:class|struct|@?interface|enum|record|namespace)(?:\s+[\w<(]|<)"
)
# A Java type's parents on the lines below its name (google-java-format wraps them there):
# `extends Base<T>`, `implements A, B {`, a sealed type's `permits`.
JAVA_PARENTS = lazyre.compile(r"(?:extends|implements|permits)\s")
# The definitions whose parameters are shown by name; the rest keep their line as written.
FUNCTION = lazyre.compile(
    r"^(?P<head>"
    + MODIFIERS
    + r"(?:async\s+)?(?:def|function\*?|fn|func|fun)\s*(?:\([^()]*\)\s*)?)"
    r"(?P<name>[\w$]+)\s*(?P<rest>[(<\[].*)$"
)
# Swift's: initializers and subscripts have no keyword before their name (`public init?(`).
SWIFT_FUNCTION = lazyre.compile(
    r"^(?P<head>" + MODIFIERS + r"(?:func\s+|(?=(?:init|subscript)\b)))"
    r"(?P<name>init[?!](?=\s*[(<])|[\w$]+|" + _OPERATOR_NAME + r")\s*(?P<rest>[(<\[].*)$"
)
# Swift's initializers and subscripts, which DEFINITION's keywords miss
SWIFT_INIT = lazyre.compile(r"^[ \t]*" + MODIFIERS + r"(?:init[?!]?|subscript)\s*[(<]")
# Kotlin's: type parameters before the name (`fun <T> adapter(`: an extension's receiver may
# be one, `fun <C : ColumnSet> C.join(`), and the receiver of an extension, shown with the
# name (`fun String.toSnakeCase(`).
KOTLIN_FUNCTION = lazyre.compile(
    r"^(?P<head>" + MODIFIERS + r"fun)\s*(?:(?P<types><(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)\s*)?"
    r"(?P<name>(?:\w[\w.]*(?:<(?:[^<>]|<[^<>]*>)*>)?\??\.)?\w+)\s*(?P<rest>\(.*)$"
)
# A Kotlin class's companion object with no name (`companion object {`, `companion object :
# Factory {`), which DEFINITION misses: a container, so that its members (a class's
# factories, its `@JvmStatic` functions) are not read as the instances'.
KOTLIN_COMPANION = lazyre.compile(MODIFIERS + r"companion\s+object\b")
# A Kotlin class's secondary constructor (`constructor() : this(Builder())`, `internal
# constructor(port: Int)`): how a class is made, as much as its primary one.
KOTLIN_CONSTRUCTOR = lazyre.compile(
    r"^(?P<head>" + MODIFIERS + r")(?P<name>constructor)\s*(?P<rest>\(.*)$"
)
# A Kotlin property: its modifiers and annotations (`@get:JvmName("x")`), `val` or `var`, its
# name (an extension's with its receiver: `String.isBlank`) and what follows (its type, value).
KOTLIN_PROPERTY = lazyre.compile(
    r"(?P<mods>(?:(?:@[\w.:]+(?:\((?:[^()]|\([^()]*\))*\))?|public|private|protected|internal|"
    r"override|open|abstract|final|lateinit|const|actual|expect|external)\s+)*)"
    # (an extension property's receiver, generic or not: `Array<Annotation>.jsonAnnotations`)
    r"(?P<kind>val|var)\s+(?:<[^<>]*>\s*)?"
    r"(?P<name>(?:[\w.]+(?:<(?:[^<>]|<[^<>]*>)*>)?\??\.)?[\w`]+)\s*(?P<rest>.*)$"
)
# A field of a TypeScript interface: `readonly name?: Type;` (a method has its "(" first).
TS_FIELD = lazyre.compile(
    r"(?:readonly\s+)?(?P<name>[\w$]+|'[^']*'|\"[^\"]*\")(?P<optional>\??)\s*:(?P<rest>.*)$"
)
TS_INTERFACE = lazyre.compile(r"\binterface\s")
# A type alias of an object type (`export type Env = {`, `type Blank = {}`): shown with its
# brace, its fields listed as an interface's are.
TS_OBJECT_ALIAS = lazyre.compile(
    r"(?:export\s+)?(?:declare\s+)?type\s+[\w$]+(?:<.*>)?\s*=\s*\{\s*\}?$"
)

TEST_WORDS = ("describe", "context", "it", "test", "specify")
_TEST_NAME = r"(?:\"(?:\\.|[^\"\\\n]){1,300}\"|'(?:\\.|[^'\\\n]){1,300}'|`[^`\n]{1,300}`)"
# `it "works" do` and `describe Rack::Lint do` (Ruby), `test("works", () => ...)` (JS), with
# the runners' modifiers: `test.serial(`, `it.skip(`, `describe.each([1, 2])(`.
TEST_BLOCK = lazyre.compile(
    rf"(?P<kind>{'|'.join(TEST_WORDS)})(?:\s+(?:{_TEST_NAME}|[A-Z][\w:]*)"
    rf"|(?:\.\w+(?:\((?:[^()\n]|\([^()\n]*\))*\))?){{0,3}}\s*\(\s*{_TEST_NAME})"
)

# Words that open a statement, not a declaration, when a line looks like `word name(`.
STATEMENT_WORDS = frozenset(
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

# Languages written `name: type` (or without types): a parameter is named by its first part.
NAME_FIRST = frozenset(
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
CONTAINER = lazyre.compile(
    r"\b(?:class|struct|impl|trait|interface|enum|namespace|module|object|record|union|"
    r"extension|protocol|actor)\b|^declare\s+global\b"
)

# JavaScript and TypeScript define much without a keyword: methods in a class body, and
# functions bound to a name.
JS_METHOD = lazyre.compile(
    r"^(?P<head>(?:(?:static|async|get|set|private|public|protected|readonly|override|abstract|"
    r"declare)\s+)*\*?)(?P<name>#?[\w$]+)\??\s*(?P<rest>(?:<.*?>)?\(.*|<)$"
)
JS_BINDING = lazyre.compile(
    r"^(?P<head>(?:export\s+)?(?:const|let|var)\s+)(?P<name>[\w$]+)\s*(?::[^=]*)?=\s*"
    r"(?P<async>async\s+)?(?P<fn>function\*?\s*[\w$]*\s*)?"
    r"(?P<rest>(?:<(?:[^<>()]|<[^<>()]*>)*>)?\(.*)$"  # type parameters, with defaults
)
# A method of a Go interface: a name and its parameters, no keyword.
GO_METHOD = lazyre.compile(r"^(?P<head>)(?P<name>[A-Za-z_]\w*)\s*(?P<rest>\(.*)$")
# What a Go struct or interface embeds: a type named alone on its line (`io.Reader`, `*Base`,
# `List[T]`, with a struct's tag or a comment after it), whose methods (and fields) become the
# holder's; or an interface's type set (`~int | ~float64`). Without it, an interface made of
# others (`Reader` and `Writer`) reads as one with no methods.
_GO_TYPE = r"~?\*?[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?"
GO_EMBEDDED = lazyre.compile(
    rf"(?P<type>{_GO_TYPE}(?:\s*\|\s*{_GO_TYPE})*(?:\s*\|)?)\s*(?:`[^`]*`)?\s*(?://.*)?$"
)
# A field of a Go struct: its names (`X, Y`) and type, then maybe a tag and a comment.
GO_FIELD = lazyre.compile(
    r"(?P<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+(?P<type>[^`\s/][^`]*?)\s*"
    r"(?:`[^`]*`)?\s*(?://.*)?$"
)
# What defines in Go: a function or a type (DEFINITION's other words are names there: a
# struct's `fn func(a, b int)` field is no Rust function).
GO_DEFINITION = lazyre.compile(r"^[ \t]*(?:func|type)\s+[\w(]")
# Go's receiver: `func (h *Head) MinTime()` and `func (h *RangeHead) MinTime()` are two.
GO_RECEIVER = lazyre.compile(r"\(\s*(?:\w+\s+)?\*?\s*([\w.]+)")
# What a Ruby class body says besides its methods: mixins, attributes, RuboCop-style node
# matchers, and a bare `private` or `protected` (the methods below it are).
RUBY_MEMBER = lazyre.compile(
    r"(?:include|extend|prepend|attr_reader|attr_writer|attr_accessor|def_node_matcher"
    r"|def_node_search)[ \t]+[\w:@]|(?:private|protected|public)[ \t]*(?:#.*)?$"
)
# A PHP closure starting a line in a body (an argument over lines): `fn ($x) => $x->id,`,
# `static function (Builder $q) use ($id) {`. A value, not a definition.
PHP_CLOSURE = lazyre.compile(r"(?:static\s+)?(?:fn|function)\s*&?\s*\(")
# The PHP types whose body may `use` traits (not a braced `namespace`, whose `use` imports).
PHP_TRAIT_HOLDER = lazyre.compile(r"\b(?:class|trait|enum)\b")
# A function given to a property: `res.json = function json(obj) {`, `exports.f = (a) =>`.
JS_ASSIGNED = lazyre.compile(
    r"^(?P<head>)(?P<name>(?:[\w$]+\.)+[\w$]+)\s*=\s*"
    r"(?P<async>async\s+)?(?P<fn>function\*?\s*[\w$]*\s*)?(?P<rest>\(.*)$"
)
# A class field holding a function: `private onClick = async (event) => {`.
JS_FIELD = lazyre.compile(
    r"^(?P<head>(?:(?:static|private|public|protected|readonly|override|declare)\s+)*)"
    r"(?P<name>#?[\w$]+)\??\s*(?::(?:[^=]|=>)*)?=(?!>)\s*"
    r"(?P<async>async\s+)?(?P<fn>function\*?\s*[\w$]*\s*)?"
    r"(?P<rest>(?:<(?:[^<>()]|<[^<>()]*>)*>)?\(.*)$"  # type parameters, with defaults
)
# A type's arguments, nested three deep: `<ActionResult<IEnumerable<T>>>`. (Each dot of a
# qualified type is taken by one part only: `[\w.]+` then `(\.\w+)*` split a line of dots in
# every way, and took hours on one.)
_TYPE_ARGS = r"(?:<(?:[^<>()]|<(?:[^<>()]|<[^<>()]*>)*>)*>)"
TYPED_METHOD = lazyre.compile(
    r"^(?:(?:@[\w.]+(?:\([^()]*\))?|public|private|protected|internal|static|final|abstract|"
    r"synchronized|native|override|virtual|async|sealed|default|extern|unsafe|new|partial|"
    r"readonly|factory|external|covariant)\s+)*"
    # type parameters, then a return type (`Map<String, ClassName>`, `int[]`, `string?`)
    r"(?:" + _TYPE_ARGS + r"\s+)?(?P<type>\w+" + _TYPE_ARGS + r"?(?:\.\w+" + _TYPE_ARGS + r"?)*"
    r"(?:\[\])*\??\s+)?"
    r"(?P<name>[A-Za-z_]\w*)\s*" + _TYPE_ARGS + r"?\s*\("  # a generic method: `Parse<T>(`
)
TYPED_METHODS = frozenset({"Java", "C#", "Dart"})
# A field's value that is an anonymous class: `= new Comparator<String>() {`.
ANONYMOUS_CLASS = lazyre.compile(r"\bnew\s+[\w.]+\s*(?:<[^;{}]*>)?\s*\([^;{}]*\)\s*\{$")
JAVA_ENUM = lazyre.compile(r"\benum\s")
TYPED_OBJECT = lazyre.compile(r"object\s+\w+\s*[=;,)]")
# A line at a definition's own indent that goes on with it, not a new one: Rust's `where`
# clause, Kotlin's `private constructor(` below its class's name.
_CONTINUATION = {
    "Rust": lazyre.compile(r"where\b"),
    "Kotlin": lazyre.compile(r"(?:(?:private|protected|internal|public|@\w+)\s+)*constructor\b"),
}
RUST_MOD = lazyre.compile(r"^[ \t]*(?:pub(?:\([\w: ]+\))?\s+)?mod\s+\w")
# A Java or C# type's name: its constructors bear it (a member without a return type that
# is not one is a call, an initializer's line: `newFactory(A.class, X)`).
TYPED_CLASS = lazyre.compile(
    r"\b(?:class|struct|record(?:\s+(?:struct|class))?|enum|interface)\s+([A-Za-z_]\w*)"
)
TS_DECLARE = lazyre.compile(r"(?:export\s+)?declare\s+(?:module\s*['\"]|global\b)")
JS = frozenset({"JavaScript", "JSX", "TypeScript", "TSX"})
BINDINGS = ("export const ", "export let ", "const ", "let ", "var ")
# fmt: off
NOT_METHODS = frozenset([
    "if", "for", "while", "switch", "catch", "return", "function", "super", "await", "new",
    "typeof", "throw", "yield", "do", "else", "with", "delete", "void",
])
# fmt: on
TYPE_IMPORT = lazyre.compile(r"^type\s+[\w$]+,?$")
VISIBILITY = lazyre.compile(r"^pub\([^)]*\)\s*")
# The quote of a string that may run over lines, by language (C's strings cannot; Python's
# are followed by `_python_definitions`). Text inside it, often at column 0, ends no scope.
# A language with two such quotes has both, one after the other (three characters each).
LONG_STRING = {
    "Rust": '"',
    "Kotlin": '"""',
    "Swift": '"""',
    "Scala": '"""',
    "Java": '"""',
    "C#": '"""',
    "Elixir": '"""',
    "Dart": "'''" + '"""',
}
# Languages whose `#if`, `#region`, `#endif` lines (at the margin) are directives, not code.
DIRECTIVES = frozenset({"C#", "Swift"})
LONG_STRING.update(dict.fromkeys(("JavaScript", "JSX", "TypeScript", "TSX", "Go"), "`"))

# A line that starts with a Java enum's constant: a name, then its arguments, its body or
# the next constant (not `static {`, an initializer).
_ENUM_CONSTANT = lazyre.compile(r"(?!static\b)([A-Za-z_]\w*)\s*(?:[({,;]|//|$)")
_ENUM_NAME = lazyre.compile(r"[A-Za-z_]\w*")


def is_enum_constant(stripped: str, enum_name: str) -> bool:
    """Whether `stripped`, a line at a Java enum's members' indent, starts with one of its
    constants (`RED, GREEN,`, `Data {`, `MINUTES(60),`), not a method or a field."""
    m = _ENUM_CONSTANT.match(stripped)
    return m is not None and m.group(1) != enum_name


def constant_names(stripped: str) -> list[str]:
    """The Java enum constants a line of them names."""
    # Arguments, as in `MINUTES(60, "m")`, name no constant: taken out as brackets are.
    head = stripped.split("//")[0].split("{")[0].replace("(", "<").replace(")", ">")
    return _ENUM_NAME.findall(without_type_params(head))


def ruby_text_end(line: str, after: int, closers: dict[str, list[int]]) -> str:
    """The line that ends the text `line` opens (a heredoc's tag, as in `<<~RUBY`, or `=end`),
    when one follows at or after `lines[after]`: `"<<EOF"` in a string opens nothing."""
    m = None if line.startswith("=begin") else _RUBY_HEREDOC.search(line)
    if m is None and not line.startswith("=begin"):
        return ""
    end = "=end" if m is None else m.group(2)
    found = closers.get(end, [])
    return end if bisect_left(found, after) < len(found) else ""


def ruby_closers(lines: list[str]) -> dict[str, list[int]]:
    """Where the lines that may end a heredoc or a =begin comment stand, by what they say."""
    closers: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        word = line.strip().partition(" ")[0]
        if word == "=end" or _RUBY_TAG.fullmatch(word):
            closers.setdefault(word, []).append(k)
    return closers


# A heredoc's opening: `<<~RUBY`, `<<-'EOS'`, `<<SQL` (not `class << self` or `a << b`).
_RUBY_TAG = lazyre.compile(r"[A-Z_][A-Z0-9_]*")
_RUBY_HEREDOC = lazyre.compile(r"<<[~-]?([\"'`]?)([A-Z_][A-Z0-9_]*)\1")


def continues(language: str, stripped: str) -> bool:
    continuation = _CONTINUATION.get(language)
    return continuation is not None and continuation.match(stripped) is not None


def go_type_group(lines: list[str], start: int) -> None:
    """Give each type a Go `type (` group at `lines[start]` declares its own `type` line, as
    if declared alone: `Name pb.Name` becomes `type Name pb.Name`, shown as a single one is
    (joined, the group would be one line cut at its width, most names lost)."""
    member = -1  # the members' indent (gofmt's: one tab), once the first is seen
    for k in range(start + 1, len(lines)):
        line = lines[k]
        stripped = line.lstrip()
        if not stripped or stripped.startswith(("//", "/*", "*")):
            continue
        indent = len(line) - len(stripped)
        if member < 0:
            member = indent
        if indent < member or (indent == member and stripped.startswith(")")):
            return  # the group's closing parenthesis
        if indent == member and not stripped.startswith("}"):
            lines[k] = f"{line[:indent]}type {stripped}"


def is_method(m: re.Match[str] | None) -> bool:
    # `throw error(...)`, `return build(...)`: a statement's word taken for a return type.
    if m is None or m.group(0).split(None, 1)[0] in STATEMENT_WORDS:
        return False
    name = m.group("name")
    return name not in NOT_METHODS or (name in _KEYWORD_NAMES and _declares(m))


# Words that open a statement yet name methods too: a fluent API's `with(...)`, a
# repository's `delete<T>(...)`, a thread's `yield()`.
_KEYWORD_NAMES = frozenset({"with", "delete", "new", "yield"})


def _declares(m: re.Match[str]) -> bool:
    """Whether a method named by a keyword is declared, not the statement: its parameters
    follow the name at once (`with (x)` is the statement's spacing) and a return type comes
    before it (Java, C#) or a body or a return type after (`delete(id): void;`, `with(x) {`)."""
    if m.string[m.end("name")] not in "(<":
        return False
    if "type" in m.re.groupindex:
        return m.group("type") is not None
    line = m.string.rstrip()
    return line.endswith("{") or "):" in line


def without_type_params(text: str) -> str:
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


# What a module hands on from others: its API when it is an entry point (`index.ts`,
# `__init__.py`, `lib.rs`). JavaScript's `export * from` / `export { a, b } from` and an
# `export { a, b }` list; Rust's `pub use` at the margin; a Python package's `from .x import`
# lines at the margin (only where it defines nothing itself: elsewhere they are its imports).
_JS_REEXPORT = lazyre.compile(
    r"^export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^{}]*\})(?:\s*from\s*['\"][^'\"\n]+['\"])?",
    re.M,
)
_RUST_REEXPORT = lazyre.compile(r"^pub(?:\([\w: ]+\))?\s+use\s+[^;]+;", re.M)
_PY_REEXPORT = lazyre.compile(r"^from[ \t]+\.[\w.]*[ \t]+import[ \t]+(?:\([^)]*\)|[^\n#]+)", re.M)
_JS_LANGS = frozenset({"JavaScript", "TypeScript", "JSX", "TSX"})


def reexports(text: str, language: str, defines: bool) -> list[str]:
    """The lines by which `text` hands on other modules' names, each on one line."""
    if language in _JS_LANGS:
        found = _JS_REEXPORT.findall(text) if "export" in text else []
    elif language == "Rust":
        found = _RUST_REEXPORT.findall(text) if "pub" in text else []
    elif language == "Python" and not defines:
        found = [re.sub(r"[()]|,\s*\)", " ", line) for line in _PY_REEXPORT.findall(text)]
    else:
        return []
    return [" ".join(line.split()).rstrip(",") for line in found]


def overload_key(sig: str) -> str:
    """What tells a Swift function from its overloads: its name and its whole parameter
    list, labels and types (`upload(_ data: Data, to:` and `upload(_ fileURL: URL, to:`)."""
    m = SWIFT_FUNCTION.match(sig.strip())
    if m is None:
        return sig
    rest = without_type_params(m.group("rest"))  # (`<T: P>(`: the parameters follow)
    depth = 0
    for k, c in enumerate(rest):
        depth += (c == "(") - (c == ")")
        if depth == 0 and c == ")":
            rest = rest[: k + 1]
            break
    return m.group("name") + " ".join(rest.split())


# Lua: its comments and strings (long ones too, `--[==[ ... ]==]` and `[[ ... ]]`), in one
# pass in the order they open (`"--"` is a string, `-- "x"` a comment).
_LUA_LEXEMES = lazyre.compile(
    r"--\[(=*)\[.*?\]\1\]|--[^\n]*|\[(=*)\[.*?\]\2\]"
    r"""|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?""",
    re.S,
)
_NOT_NEWLINE = lazyre.compile(r"[^\n]")


def lua_code(text: str, text_fill: str = " ", comment_fill: str = " ") -> str:
    """Lua `text` with its comments blanked to spaces (a long one's, after its opening
    bracket, to `comment_fill`) and its strings' insides to spaces (a long string's, through
    its closing bracket, to `text_fill`), lines and columns kept."""

    def blank(m: re.Match[str]) -> str:
        found = m.group(0)
        if m.group(1) is not None:
            opening = len(m.group(1)) + 4
            return " " * opening + _NOT_NEWLINE.sub(comment_fill, found[opening:])
        if found.startswith("--"):
            return _NOT_NEWLINE.sub(" ", found)
        if found.startswith("["):
            opening = len(m.group(2)) + 2
            return found[:opening] + _NOT_NEWLINE.sub(text_fill, found[opening:])
        closed = len(found) > 1 and found[-1] == found[0]
        inside = found[1:-1] if closed else found[1:]
        return found[0] + _NOT_NEWLINE.sub(" ", inside) + (found[0] if closed else "")

    return _LUA_LEXEMES.sub(blank, text) if any(c in text for c in "-[\"'") else text


# A Lua function with a name: `local function f(`, `function M.f(`, `function M:f(`, and a
# function given to a name or a field: `M.f = function(`, `local f = function(` (an
# anonymous one passed as an argument, `awful.key({}, "x", function ()`, is none).
LUA_DEFINITION = lazyre.compile(
    r"[ \t]*(?:local[ \t]+function[ \t]+[A-Za-z_]\w*"
    r"|function[ \t]+[A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*(?:[ \t]*:[ \t]*[A-Za-z_]\w*)?"
    r"|(?:local[ \t]+)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*[ \t]*=[ \t]*function)[ \t]*\("
)
# The words that open and close Lua's blocks (`while`'s and `for`'s is their `do`, `if`'s
# lasts to its `end` through `elseif` and `else`)
LUA_BLOCK = lazyre.compile(r"\b(?:function|do|if|repeat|end|until)\b")


# C#'s members besides methods, one level inside a type: properties (`public double Ratio
# { get; set; } = 0.1;`, `=> x;`, or a body on the lines below), events, indexers and
# operators. Much of a C# type's API is its properties: an options class is nothing else.
_CS_MODIFIERS = (
    r"(?:(?:public|protected|internal|private|static|virtual|override|abstract|sealed|new|"
    r"readonly|required|extern|unsafe|partial|async|ref)\s+)*"
)
_CS_TYPE = (
    r"(?:\((?:[^()]|\([^()]*\))*\)|[A-Za-z_]\w*" + _TYPE_ARGS + r"?(?:\.\w+" + _TYPE_ARGS + r"?)*)"
    r"(?:\[[,\s]*\]|\?|\*)*"
)
CS_PROPERTY = lazyre.compile(
    r"^(?P<head>" + _CS_MODIFIERS + _CS_TYPE + r")\s+(?P<name>[A-Za-z_][\w.]*(?:<[^<>]*>)?)\s*"
    r"(?P<rest>\{.*|=>.*|)$"
)
CS_EVENT = lazyre.compile(
    r"^(?P<head>"
    + _CS_MODIFIERS
    + r"event\s+"
    + _CS_TYPE
    + r")\s+(?P<name>[\w.]+(?:\s*,\s*\w+)*)\s*[;{]"
)
CS_INDEXER = lazyre.compile(
    r"^(?P<head>" + _CS_MODIFIERS + _CS_TYPE + r")\s+(?P<name>(?:\w+\.)?this)\s*\["
)
CS_OPERATOR = lazyre.compile(
    r"^(?P<head>"
    + _CS_MODIFIERS
    + r"(?:(?:implicit|explicit)\s+operator\s+"
    + _CS_TYPE
    + r"|"
    + _CS_TYPE
    + r"\s+operator\s*(?:[-+*/%&|^!~<>=]+|true|false))\s*)\("
)
# A delegate type: `public delegate void Callback(object state);` (not an anonymous method,
# `delegate (object s) {`, nor `delegate {`: a return type and a name come first).
CS_DELEGATE = lazyre.compile(
    r"^" + _CS_MODIFIERS + r"delegate\s+(?P<type>" + _CS_TYPE + r")\s+"
    r"(?P<name>[A-Za-z_]\w*)\s*" + _TYPE_ARGS + r"?\s*\("
)
# Attributes before a declaration on its line (`[Fact] public void Adds()`, `[HttpGet("{id}")]
# public IActionResult Get(int id)`): the declaration is read from after them, as it is below
# an attribute on its own line.
CS_ATTRIBUTED = lazyre.compile(r"(?:\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]\s*)+(?=[A-Za-z_])")
CS_NOT_TYPES = frozenset(
    {"return", "throw", "var", "await", "yield", "using", "case", "goto", "else", "new"}
)
