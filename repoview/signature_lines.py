"""The signatures tier: one line per definition, like a repository map.

What a reader needs to find their way round a file it cannot read whole: each definition's
name and parameters, methods under their class (one space deeper: o200k reads " def" as one
token, so deeper indents cost a token a line for nothing), and nothing else: no bodies,
docstrings, annotations, return types (Java's, Go's, Kotlin's and Swift's aside), `self`, or
default values that run long. Where types
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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from . import lazyre
from .brackets import split_top
from .outline_indent import SHELL_FUNCTION, SHELL_HEREDOC
from .signature_c import (
    ACCESS_LABEL,
    C_BARE_NAME,
    C_CLASS,
    C_CTOR,
    C_FUNCTION,
    C_INITIALIZED,
    C_LIKE,
    C_MAKER,
    C_NOISE,
    C_POINTER,
    C_RETURN_TYPE,
    PARSER_SOURCES,
    c_function_arity,
    c_macro_defined,
    c_name_alone,
    c_part_of_statement,
    macro,
    parser_c,
    preprocessor_line,
    template_end,
)
from .signature_format import (
    CY_MODIFIERS,
    IMPLIED,
    TRAILING_COMMENT,
    WIDTH,
    cs_member,
    cut,
    cut_definition,
    cut_names,
    cut_php,
    cut_python,
    format_cython,
    format_definition,
    format_field,
    format_go_field,
    format_kotlin_property,
    format_python,
    format_swift_member,
    kotlin_cut_properties,
    py_decorators,
    shown_decorators,
    typed_definition,
    was_cut,
)
from .signature_langs import (
    ANONYMOUS_CLASS,
    BINDINGS,
    CS_ATTRIBUTED,
    CS_DEFINITION,
    CS_DELEGATE,
    DEFINITION,
    DIRECTIVES,
    GO_DEFINITION,
    GO_EMBEDDED,
    GO_METHOD,
    JAVA_DEFINITION,
    JAVA_ENUM,
    JAVA_PARENTS,
    JS,
    JS_ASSIGNED,
    JS_BINDING,
    JS_FIELD,
    JS_METHOD,
    KOTLIN_COMPANION,
    KOTLIN_CONSTRUCTOR,
    LONG_STRING,
    LUA_BLOCK,
    LUA_DEFINITION,
    MODIFIERS,
    PHP_CLOSURE,
    PHP_TRAIT_HOLDER,
    RUBY_MEMBER,
    RUST_MOD,
    STATEMENT_WORDS,
    SWIFT_INIT,
    TEST_BLOCK,
    TEST_WORDS,
    TS_DECLARE,
    TS_INTERFACE,
    TS_OBJECT_ALIAS,
    TYPED_CLASS,
    TYPED_METHOD,
    TYPED_METHODS,
    TYPED_OBJECT,
    constant_names,
    continues,
    go_type_group,
    is_enum_constant,
    is_method,
    lua_code,
    overload_key,
    reexports,
    ruby_closers,
    ruby_text_end,
)
from .signature_prose import PROSE, headings
from .signature_proto import proto_signatures
from .signature_scan import (
    JOIN_LINES,
    PY_COMMENT,
    SPACES,
    c_code,
    join_definition,
    join_tail,
    lines_after,
    python_signature,
    run_on,
    still_open,
)
from .vimscript import vim_definitions

__all__ = ["C_LIKE", "MODIFIERS", "signatures"]


@dataclass(slots=True)
class _Scope:
    indent: int
    container: bool
    names: set[str] = field(default_factory=set)
    member: int = -1  # the indent of a container's first line inside: its members'
    name: str = ""  # a C++ class's name (its constructors bear it)
    constants: list[str] | None = None  # a Java enum's constants, once listed on `line`
    line: int = -1
    declared: bool = False  # a C declaration (`int f(void);`): no body, nothing inside it
    fields: bool = False  # a TypeScript interface, a Go struct: its fields are listed too
    traits: bool = False  # a PHP class, trait or enum: its `use` lines name its traits
    companion: bool = False  # a Kotlin companion object: its constants are the outline's
    singleton: bool = False  # a Kotlin object declaration: its `const val`s are its API
    exposed: bool = False  # a Swift protocol or public extension: its members are public too
    opened: bool = True  # a Kotlin definition whose line opened its body (`{`), or not a Kotlin one


def _list_constants(enum: _Scope, names: list[str], depth: int, out: list[str]) -> None:
    """Add `names` to the one line that lists a Java enum's constants."""
    listed = enum.constants if enum.constants is not None else []
    listed += names
    shown = " " * depth + cut(", ".join(listed))
    if enum.line < 0:
        enum.line = len(out)
        out.append(shown)
    else:
        out[enum.line] = shown


def signatures(text: str, language: str) -> str:
    """One line per definition: what the file defines and with which parameters."""
    from .compress import NON_CODE

    if language in PROSE:
        out = [cut(line) for line in headings(text, language)]
    elif language == "Protocol Buffer":
        out = proto_signatures(text)
    elif language in NON_CODE:
        return ""
    elif language in PARSER_SOURCES:
        out = _definitions(parser_c(text), "C")
        if language == "Yacc":  # and the grammar's rules by name, one line each
            out += [f"{name}:" for name in dict.fromkeys(_yacc_rules(text))]
    elif language == "Python" and text.startswith(NOTEBOOK_CELL):
        out = _notebook_signatures(text)
    else:
        tests: list[tuple[str, list[str]]] = []
        if language == "Rust" and "cfg" in text:
            text, tests = _rust_tests_blanked(text)
        out = _definitions(text, language)
        if tests:
            _name_tests(out, tests)
        out = [cut_definition(line) for line in reexports(text, language, bool(out))] + out
        if language == "Python" and len(out) <= _FEW_DEFINITIONS:
            out += _python_settings(text)
    return "\n".join(out) + "\n" if out else ""


# A Rust test module's head: `#[cfg(test)]` (or `cfg(all(test, ...))`), maybe more
# attributes and comments, then `mod name {`.
_RUST_TEST_MOD = lazyre.compile(
    r"#\[\s*cfg\s*\((?:\s*all\s*\()?\s*test\b[^\n]*\n"
    r"(?:[ \t]*(?://[^\n]*|#\[[^\n]*)\n){0,8}"
    r"[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+\w+[ \t]*\{"
)
# (bounded: a string or comment left open is not read to the end at every quote)
_RUST_TOKEN = lazyre.compile(
    r"//[^\n]*|/\*[^*]{0,4000}\*+(?:[^/*][^*]{0,4000}\*+){0,64}/"
    r"|b?r(#{1,5})\"[\s\S]{0,20000}?\"\1|b?r\"[^\"]{0,20000}\""  # raw strings
    r"|\"(?:\\[\s\S]|[^\"\\]){0,4000}\"|'(?:\\.|[^'\\\n])'|[{}]"
)


_RUST_FN = lazyre.compile(r"\bfn[ \t]+(\w+)")
_TESTS_NAMED = 24  # test functions a test module's line names at most


def _name_tests(out: list[str], tests: list[tuple[str, list[str]]]) -> None:
    """Each test module's line (`mod tests`) naming its functions, as its outline does."""
    for name, functions in tests:
        at = next((k for k, line in enumerate(out) if line.strip() == f"mod {name}"), None)
        if at is None or not functions:
            continue
        shown = ", ".join(functions[:_TESTS_NAMED])
        more = f", … {len(functions) - _TESTS_NAMED} more" if len(functions) > _TESTS_NAMED else ""
        out[at] = f"{out[at]} {{ {shown}{more} }}"


def _rust_tests_blanked(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """`text` with the bodies of its test modules (`#[cfg(test)] mod tests { ... }`) blanked,
    line breaks kept, and each module's name with the functions it defines: the module is
    one line of its signatures naming them, not a line for every test and helper (a fifth
    of a Rust workspace's signatures were its tests')."""
    out, pos = [], 0
    tests: list[tuple[str, list[str]]] = []
    for m in _RUST_TEST_MOD.finditer(text):
        if m.start() < pos:
            continue
        depth, end = 0, -1
        for t in _RUST_TOKEN.finditer(text, m.end() - 1):
            if t.group() == "{":
                depth += 1
            elif t.group() == "}":
                depth -= 1
                if depth == 0:
                    end = t.start()
                    break
        if end < 0:
            break  # (unclosed: left as it is)
        body = text[m.end() : end]
        name = m.group().rstrip(" \t{").rsplit(None, 1)[-1]
        tests.append((name, list(dict.fromkeys(_RUST_FN.findall(body)))))
        out.append(text[pos : m.end()])
        out.append(re.sub(r"[^\n]", "", body))
        pos = end
    out.append(text[pos:])
    return "".join(out), tests


_FEW_DEFINITIONS = 2
# A Swift function's effects and result on the line below its parameters.
_SWIFT_RESULT_BELOW = lazyre.compile(r"[ \t]*(?:(?:async|throws|rethrows)\b[ \t]*)*->")
# A TypeScript type alias whose tuple goes on over the lines below (`type P = [`).
_TS_TUPLE_ALIAS = lazyre.compile(r"(?:export\s+)?(?:declare\s+)?type\s+[\w$]++[^=]*=\s*\[\s*$")


def _ts_decorators(lines: list[str], start: int, indent: int) -> str:
    """The decorators on the lines above the TypeScript definition at `start`, top to bottom,
    as shown before it (`@Get(':id') `, `@Component(…) `: arguments over lines or long, by
    the name alone): what makes a class a controller or an entity, a method a route and a
    field a column. The nearest few only."""
    found: list[str] = []
    k = start - 1
    while k >= 0 and len(found) < _DECORATORS_SHOWN:
        line = lines[k]
        stripped = line.strip()
        if len(line) - len(line.lstrip()) != indent or not stripped:
            break
        if stripped[0] in ")}]" and stripped.rstrip(";").endswith(")"):
            # The end of a decorator's arguments over lines (`@Component({` ... `})`): its
            # `@` line is the nearest above at the same indent, every line between deeper.
            top = k - 1
            while top > max(k - _DECORATOR_LINES, 0) and (
                not lines[top].strip() or len(lines[top]) - len(lines[top].lstrip()) > indent
            ):
                top -= 1
            head = lines[top].strip() if top < k - 1 else ""
            m = _TS_DECORATOR_OPEN.fullmatch(head) if head.startswith("@") else None
            if m is None or len(lines[top]) - len(lines[top].lstrip()) != indent:
                break
            found.append(f"@{m.group(1)}(…)")
            k = top - 1
            continue
        m = _TS_DECORATOR.match(stripped)
        if m is None or m.end() != len(stripped.rstrip(";")):
            break
        found.append(_decorator(m))
        k -= 1
    return "".join(f"{d} " for d in reversed(found))


def _ts_decorated_field(
    stripped: str, lines: list[str], start: int, indent: int
) -> tuple[str, str] | None:
    """A TypeScript class's field as shown with its decorators (those above it, or on its
    line: `@Input() value: string`) and its key; None for a field without one."""
    inline = _TS_INLINE_DECORATORS.match(stripped)
    above = _ts_decorators(lines, start, indent)
    if not inline and not above:
        return None  # (most fields: not read further)
    rest = _TS_MODIFIERS.sub("", stripped[inline.end() :] if inline else stripped)
    field = format_field(rest.replace("!:", ":", 1))
    if field is None:
        named = _TS_FIELD_NAME.match(rest)  # `@Output() deleted = new EventEmitter<Hero>();`
        if named is None:
            return None
        field = (named.group(1), named.group(1))
    on_line = "".join(
        f"{_decorator(m)} " for m in _TS_DECORATOR.finditer(inline.group() if inline else "")
    )
    return above + on_line + field[0], field[1]


def _decorator(m: re.Match[str]) -> str:
    """A decorator as shown: its name, and its arguments while short (`(…)` else)."""
    args = m.group(2) or ""
    return f"@{m.group(1)}{args if len(args) <= _DECORATOR_ARGS else '(…)'}"


_DECORATORS_SHOWN = 3  # the nearest decorators of a definition shown with it
_DECORATOR_LINES = 60  # how far above its closing line a decorator's `@` is looked for
_DECORATOR_ARGS = 24  # longer arguments are shown as `(…)`
# A field's modifiers (not shown: a decorated field is the framework's, whoever sees it).
_TS_MODIFIERS = lazyre.compile(
    r"^(?:(?:public|protected|private|readonly|static|override|declare|accessor)[ \t]+)+"
)
# A field by its name, its value or nothing after it.
_TS_FIELD_NAME = lazyre.compile(r"([A-Za-z_$][\w$]*)[?!]?\s*(?:=|;|$)")
_TS_INLINE_DECORATORS = lazyre.compile(r"(?:@[\w$.]+(?:\([^()\n]*\))?[ \t]+)+")
# A decorator whose arguments go on below: `@Component({`, `@Module(`.
_TS_DECORATOR_OPEN = lazyre.compile(r"@([\w$.]+)\([ \t]*[{\[]?")
# A decorator: its name, and its arguments on its line (one level of brackets inside).
_TS_DECORATOR = lazyre.compile(r"@([\w$.]+)(\((?:[^()\n]|\([^()\n]*\))*\))?")


def _tuple_alias(sig: str, lines: list[str], joined: int) -> tuple[str, int]:
    """`export type Pair = [` then its members line by line: the tuple on one line while it
    fits and its members are plain (`first: string,`), else `[…]` (the alias cut at its "["
    read as an array of nothing); and the line after the tuple's "]"."""
    members: list[str] = []
    plain = True
    depth = 1
    for k in range(joined, min(joined + _TUPLE_LINES, len(lines))):
        member = TRAILING_COMMENT.sub("", lines[k]).strip()
        depth += sum(member.count(c) for c in "([{") - sum(member.count(c) for c in ")]}")
        if depth <= 0:
            closing = member.startswith("]") and depth == 0
            whole = f"{sig}{', '.join(m.rstrip(',') for m in members)}{member.rstrip(';')}"
            shown = whole if plain and closing and len(whole) <= WIDTH else f"{sig}…]"
            return shown, k + 1
        if member.startswith(("/*", "*")):
            continue  # (a comment's lines)
        plain = plain and not any(c in member for c in "()[]{}'\"`")
        if member:
            members.append(member)
    return f"{sig}…]", joined


_TUPLE_LINES = 50  # a tuple alias's lines read, at most


# A TypeScript type alias whose union goes on over the lines below (`type S =` / `| 'a'`).
_TS_UNION_ALIAS = lazyre.compile(r"(?:export\s+)?(?:declare\s+)?type\s+[\w$]++[^=]*=\s*(?:\|.*)?$")
# A PHP heredoc or nowdoc opening at a line's end (`->setHelp(<<<EOT`, `<<<'SQL'`), and the
# line that closes it: its word first (PHP 7.3 lets it be indented and followed by `;`, `)`).
_PHP_HEREDOC = lazyre.compile(r"(?<!<)<<<[ \t]*(['\"]?)([A-Za-z_]\w*)\1[ \t]*$")
_PHP_CLOSING = lazyre.compile(r"[ \t]*([A-Za-z_]\w*)\b(?![ \t]*[=(\[])")
NOTEBOOK_CELL = "# %%"  # how a notebook's cells open, as the packer reads them (`notebook`)
_HEADING = lazyre.compile(r"# (#{1,6} \S.*)$")
_CELL_KIND = lazyre.compile(r"^ ?\[(markdown|md|raw)\]", re.I)  # right after the `# %%`


def _php_closings(lines: list[str]) -> dict[str, int]:
    """Per word, the last line that could close a PHP heredoc it opens: one whose closing
    line never comes (a `<<<EOT` in a string) is no heredoc, and hides nothing."""
    out: dict[str, int] = {}
    for k, line in enumerate(lines):
        if (m := _PHP_CLOSING.match(line)) is not None:
            out[m.group(1)] = k
    return out


def _notebook_signatures(text: str) -> list[str]:
    """A notebook's headings and definitions in their order, cell by cell: a chapter of
    sixty cells that defines two helpers is its sections, not two lines."""
    out: list[str] = []
    for cell in text.split("\n" + NOTEBOOK_CELL):
        head, _, body = cell.partition("\n")
        kind = _CELL_KIND.search(head.removeprefix(NOTEBOOK_CELL))
        if kind is None:  # a code cell (`# %% tags=["parameters"]`, `# %% Load [data]`)
            out += _python_definitions(body)
        elif kind.group(1).lower() in ("markdown", "md"):
            out += [cut(m.group(1)) for line in body.split("\n") if (m := _HEADING.match(line))]
    return out


# A rule of a Yacc grammar: its name (and Bison's `[alias]`), then `:`, on its line or the
# next (`Exp: Term '+' Term`, `expr` then `  : term`). Once comments, strings and actions
# are blanked, a colon follows nothing else.
_YACC_RULE = lazyre.compile(r"([A-Za-z_][\w.]*)\s*(?:\[[\w.]+\]\s*)?:")
_YACC_NOISE = lazyre.compile(r"/\*.*?\*/|//[^\n]*|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"", re.S)


def _yacc_rules(text: str) -> list[str]:
    """The names of the rules a Yacc grammar defines (its section between the `%%` lines)."""
    parts = re.split(r"^%%[ \t]*$", text, maxsplit=2, flags=re.M)
    if len(parts) < 2:
        return []
    rules = _YACC_NOISE.sub(" ", parts[1])
    out, depth, start = [], 0, 0  # the text outside actions' braces, piece by piece
    for k, c in enumerate(rules):
        if c == "{":
            if depth == 0:
                out.append(rules[start:k])
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                start = k + 1
    if depth == 0:
        out.append(rules[start:])
    return _YACC_RULE.findall(" ".join(out))


# A module-level constant: `NAME = ...` or `NAME: type = ...` at the margin
_PY_SETTING = lazyre.compile(r"^([A-Z][A-Z0-9_]*[A-Z0-9])[ \t]*(?::[^=\n]+)?=(?!=)", re.M)
_MIN_SETTINGS = 8


def _python_settings(text: str) -> list[str]:
    """The constants of a module made of them (a settings module's two hundred defaults),
    one `NAME = …` line each: what its signatures say, where it defines one function or
    none. Fewer than eight say little: the module's definitions stand alone."""
    names = list(dict.fromkeys(_PY_SETTING.findall(text)))
    return [f"{name} = …" for name in names] if len(names) >= _MIN_SETTINGS else []


def _definitions(text: str, language: str) -> list[str]:
    if language == "Python":
        return _python_definitions(text)
    if language == "Bash":
        return _shell_definitions(text)
    if language == "Haskell":
        return _haskell_definitions(text)
    if language == "Lua":
        return _lua_definitions(text)
    if language == "VimL":
        return vim_definitions(text)
    if language == "Cython":  # Python's syntax, with C's declarations among its definitions
        return _python_definitions(text, cython=True)
    c_like = language in C_LIKE
    directives = c_like or language in DIRECTIVES
    long_quote = LONG_STRING.get(language, "")
    long_quotes = tuple(long_quote[k : k + 3] for k in range(0, len(long_quote), 3))
    if c_like and any(noise in text for noise in ("__attribute__", "__declspec", "*/ ", '("')):
        text = C_NOISE.sub("", text)
    lines = text.split("\n")
    out: list[str] = []
    stack: list[_Scope] = []
    top: set[str] = set()
    # (a function's line by names and scope: where it is, and its line with types)
    shared: dict[tuple[int, str], tuple[int, str | None, set[str]]] = {}
    open_quote: str | None = None  # the string or comment still open at the end of a line
    ruby = language == "Ruby"
    typed_language = language in TYPED_METHODS
    conditional = 0  # how many C `#if` blocks the line is in
    # C's top-level prototypes and definitions, by name (C has no overloads)
    c_named: dict[str, _CNamed] | None = {} if language in _C_PROTOTYPED else None
    closers = ruby_closers(lines) if ruby and ("<<" in text or "=begin" in text) else {}
    # A C definition's lines joined from below an indented return type: its scope is at the
    # type's indent (` static int` then `f(void)` then `{` at the margin: its body's braces,
    # at the margin too, then close it, or the next definition would be read as inside it).
    type_indent: dict[int, int] = {}
    text_end = ""  # the line that ends the Ruby heredoc or =begin comment we are in
    php = language == "PHP"
    # (a Swift file that marks its API `public`: its other properties are its types' state)
    swift_library = language == "Swift" and _SWIFT_PUBLIC_LINE.search(text) is not None
    php_end = ""  # the word that ends the PHP heredoc or nowdoc we are in
    php_closings: dict[str, int] | None = None  # (`_php_closings`, read at the first heredoc)
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
        if php_end:  # in a PHP heredoc: its text (often at the margin) ends no scope
            if (php_close := _PHP_CLOSING.match(line)) and php_close.group(1) == php_end:
                php_end = ""
            continue
        stripped = line.lstrip()
        if not stripped:
            continue
        if (
            php
            and "<<<" in line
            and not stripped.startswith(("//", "#", "*", "/*"))
            and (php_open := _PHP_HEREDOC.search(line))
        ):
            php_closings = _php_closings(lines) if php_closings is None else php_closings
            if php_closings.get(php_open.group(2), -1) >= i:
                php_end = php_open.group(2)
        if ruby and ("<<" in line or line.startswith("=begin")):
            text_end = ruby_text_end(line, i, closers)
            if line.startswith("=begin"):
                continue
        if "/*" in line or any(q in line and line.count(q) % 2 for q in long_quotes):
            open_quote = still_open(line, None, False, long_quote)
        if typed_language and stripped.startswith("/*") and (shut := stripped.find("*/", 2)) > 0:
            # A comment in place of a modifier (`/* public */ boolean isConnected() {`): the
            # line is read from the code after it (and joined from there, if it goes on).
            line = line[: len(line) - len(stripped)] + stripped[shut + 2 :].lstrip()
            lines[i - 1] = line
            stripped = line.lstrip()
            if not stripped:
                continue
        if (
            language == "C#"
            and stripped[0] == "["
            and (attributes := CS_ATTRIBUTED.match(stripped))
        ):
            # `[Fact] public void Adds() { }`: read from the declaration after its attributes
            line = line[: len(line) - len(stripped)] + stripped[attributes.end() :]
            lines[i - 1] = line
            stripped = line.lstrip()
        if stripped.startswith(("//", "*", "/*")) and not (
            language == "Go" and stripped[0] == "*"  # (Go's comments are followed: `*Base` embeds)
        ):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith(">"):
            continue  # the end of type parameters over several lines: `> extends Base {`
        if stripped[0] == "{" and stack and stack[-1].indent == indent:
            continue  # the brace that opens the definition above (C's, C#'s style)
        if (
            stack
            and stack[-1].indent == indent
            and continues(language, stripped)
            # (a secondary constructor: inside a class's body, or after a member)
            and not (language == "Kotlin" and (stack[-1].opened or not stack[-1].container))
        ):
            i = join_definition(lines, i - 1, False)[1]
            continue
        if c_like and ACCESS_LABEL.match(stripped):
            continue  # `public:` at the margin inside a class (LLVM's style) ends nothing
        if directives and stripped.startswith("#"):  # at the margin inside a class: ends nothing
            if not c_like:
                continue
            # (its lines over `\` are read with it: a macro's parameters, and its body's lines,
            # which are not code of the file's own)
            directive, after = preprocessor_line(lines, i - 1)
            if after > i and open_quote is not None:  # a comment the lines it goes on to close
                open_quote = still_open(directive, None, False)
            i = after
            shown = macro(directive)
            if shown:
                _add(out, top, shown[0], shown[1], 0)
            word = directive[1:].lstrip()
            if word.startswith("if"):
                conditional += 1
            elif word.startswith("endif"):
                conditional = max(conditional - 1, 0)
            continue
        if (
            stack
            and stack[-1].indent >= indent
            and (
                typed_language or (indent == 0 and language in JS)
            )  # (TS lists `a,` then `b,`: siblings)
            and _continued(lines[i - 2], stripped)
        ):
            continue  # an argument at the margin (`String.format(` then `"%s",`): the body goes on
        while stack and stack[-1].indent >= indent:
            stack.pop()
        if stack and stack[-1].member < 0:
            stack[-1].member = indent
        stripped = stripped.rstrip()
        if c_like and stripped.startswith("template") and (header := template_end(lines, i - 1)):
            # Template parameters over several lines belong to the declaration after them:
            # read from what follows the closing `>`, at the template's indent.
            closing, rest = header
            if rest:
                lines[closing] = line[:indent] + rest
            i = closing if rest else closing + 1
            continue
        # (the type may be indented, the name at the margin: `    int` then `name(void)`)
        bsd = (
            c_like
            and (not stack or (len(stack) == 1 and stack[0].declared))
            and i < len(lines)
            and C_RETURN_TYPE.match(stripped)
            and stripped.split(None, 1)[0] not in STATEMENT_WORDS
        )
        if bsd and C_BARE_NAME.match(lines[i]) and not lines[i].rstrip().endswith(";"):
            # BSD style: the return type on its own line, the name at the margin below.
            lines[i] = f"{stripped} {lines[i]}"
            type_indent[i] = indent
            continue
        if bsd and (params := c_name_alone(lines, i)):
            # The name alone on its line too, the parameters below it (` double` then
            # `strtod` then ` (const char *s, char **end)` then `{`): one line of the three.
            lines[params] = f"{stripped} {lines[i].strip()}{lines[params].lstrip()}"
            type_indent[params] = indent
            i = params
            continue
        is_c_function = False
        if c_like:
            is_c_function = (
                C_FUNCTION.match(line) or C_POINTER.match(line) or C_CTOR.match(line)
            ) is not None or (not stack and c_macro_defined(line, lines, i))
            at_top = not stack or (len(stack) == 1 and stack[0].declared)
            if not is_c_function and at_top and conditional and indent:
                # A prototype or definition indented inside `#if` (`  static FILE *f(...)`).
                # (Not an argument over lines, `ptr, sizeof(x));`, in a body whose head, split
                # by `#if`, was not read as one.)
                m = C_FUNCTION.match(stripped)
                is_c_function = (
                    m is not None
                    and stripped.split(None, 1)[0] not in STATEMENT_WORDS
                    and "," not in m.group(0)
                    and not _continued(lines[i - 2], stripped)
                )
                if is_c_function:
                    stack.clear()  # (the declaration before it holds nothing)
            if not is_c_function and stack and stack[-1].container:
                # A member function of a class or struct, one level inside it; a
                # constructor or destructor by the class's name; a friend operator.
                holder = stack[-1]
                member = indent <= holder.indent + 8
                m = C_FUNCTION.match(stripped) if member else None
                first = m.group(0).split()[0] if m is not None else ""
                is_c_function = m is not None and (
                    first not in STATEMENT_WORDS or (first == "friend" and "operator" in m[0])
                )
                if not is_c_function and member and holder.name:
                    made = C_MAKER.match(stripped)
                    is_c_function = made is not None and made.group(1) == holder.name
        if not c_like and stripped.startswith(TEST_WORDS) and (t := TEST_BLOCK.match(stripped)):
            # A spec's groups and cases (RSpec, minitest, Jest, Mocha): what a test file holds.
            depth = len(stack)
            case = t.group(0) + (")" if "(" in t.group(0) else "")
            _add(out, stack[-1].names if stack else top, case, cut(case), depth)
            stack.append(_Scope(indent, t.group("kind") in ("describe", "context")))
            continue
        if language == "Ruby" and stack and stack[-1].container and RUBY_MEMBER.match(stripped):
            # A class's mixins, attributes and node matchers, and where `private` starts (each
            # visibility line shown where it stands: `private`, `public`, `private` again).
            said = PY_COMMENT.sub("", stripped).rstrip()
            while said.endswith(",") and i < len(lines):  # `attr_reader :a, :b,` goes on
                said += " " + PY_COMMENT.sub("", lines[i]).strip()
                i += 1
            for member_line in _ruby_member_lines(SPACES.sub(" ", said)):
                key = f"{member_line}@{i}" if " " not in member_line else member_line
                _add(out, stack[-1].names, key, member_line, len(stack))
            continue
        if language == "PHP":
            if PHP_CLOSURE.match(stripped):
                continue  # an argument over lines in a body: `fn ($x) => $x->id,`
            if (
                stack
                and stack[-1].traits
                and stripped.startswith("use ")
                and indent == stack[-1].member
            ):
                # Its traits: much of a class's behaviour (an ORM model's) is theirs.
                traits, i = _php_traits(lines, i - 1)
                for mixin in traits:
                    _add(out, stack[-1].names, mixin, mixin, len(stack), cut_php)
                continue
        if (
            language == "Go"
            and stripped.startswith("type (")
            and stripped[6:].lstrip()[:2] in ("", "//")
        ):
            go_type_group(lines, i - 1)  # its types are read one by one, each on its line
            continue
        form: re.Pattern[str] | None = None
        if is_c_function or (
            (_DEFINITIONS.get(language) or DEFINITION).match(line)
            # (Kotlin's and Scala's `object`; in C# and Java a variable of type object)
            and not (language in TYPED_METHODS and TYPED_OBJECT.match(stripped))
        ):
            pass
        elif language == "Kotlin" and stack and KOTLIN_COMPANION.match(stripped):
            pass  # `companion object {`: its members are the class's, not its instances'
        elif language == "Rust" and RUST_MOD.match(line):
            pass  # `pub mod channel;`, `mod tests {`
        elif language == "Swift" and SWIFT_INIT.match(line):
            pass  # `public init(session: URLSession,`, `subscript(key: Key) -> Value {`
        elif language == "Swift" and stack and stack[-1].container:
            holder = stack[-1]
            if indent != holder.member:
                continue
            if holder.constants is not None and (cases := _SWIFT_CASE.match(stripped)):
                # An enum's cases, on one line as a Java enum's constants (`case a, b`)
                if holder.line < 0 or not was_cut(out[holder.line]):
                    names = [
                        n.group()
                        for part in split_top(cases.group(1), ",", '"')
                        if (n := _SWIFT_CASE_NAME.match(part.strip()))
                    ]
                    if holder.line < 0 and names:
                        names[0] = f"case {names[0]}"
                    _list_constants(holder, names, len(stack), out)
            elif swift_member := format_swift_member(
                stripped, swift_library and not holder.exposed
            ):
                # A property (`public var value: T`, a protocol's `var x: Int { get }`) or an
                # associated type: as much a type's API as its functions
                _add(out, holder.names, swift_member[1], swift_member[0], len(stack))
            continue
        elif language in JS and TS_DECLARE.match(stripped):
            pass  # `declare module 'svelte' {`, `declare global {`: what they hold is theirs
        elif language in TYPED_METHODS:
            enum = stack[-1] if stack and stack[-1].constants is not None else None
            if enum is not None and indent == enum.member and is_enum_constant(stripped, enum.name):
                if enum.line < 0 or not was_cut(out[enum.line]):  # (a full line takes no more)
                    _list_constants(enum, constant_names(stripped), len(stack), out)
                if stripped.endswith("{"):  # a constant's body: its overrides are not listed
                    stack.append(_Scope(indent, False))
                continue
            anonymous = stripped.endswith("{") and "new " in stripped  # (searched for only then)
            if anonymous and stack and stack[-1].container and ANONYMOUS_CLASS.search(stripped):
                stack.append(_Scope(indent, False))  # an anonymous class: its methods are not ours
                continue
            if (
                language == "C#"
                and stack
                and stack[-1].container
                and indent == stack[-1].member
                and (cs := cs_member(stripped, lines, i))
            ):
                # A property, event, indexer or operator: much of a C# type's API
                _add(out, stack[-1].names, cs[1], cs[0], len(stack))
                stack.append(_Scope(indent, False))  # (its accessors' bodies hold no members)
                continue
            if (
                language == "C#"
                and (not stack or stack[-1].container)
                and CS_DELEGATE.match(stripped)
            ):
                form = CS_DELEGATE  # a delegate type: `public delegate void Callback(object o);`
            else:
                typed = TYPED_METHOD.match(stripped)
                # (Dart's functions stand at the top level too, their return type first)
                top_level = language == "Dart" and not stack and not indent
                if not ((top_level or (stack and stack[-1].container)) and is_method(typed)):
                    continue
                assert typed is not None
                if top_level and typed.group("type") is None:
                    continue  # a call at the margin (`main() {` alone is rare; `f(x);` is not)
                if language == "Dart" and typed.group("name") == "Function":
                    continue  # a field of a function's type: `final void Function(int) onDone;`
                if typed.group("type") is None and (
                    not stack or typed.group("name") != stack[-1].name
                ):
                    continue  # no return type, and not a constructor
                form = TYPED_METHOD  # a Java or C# method: its type first, no keyword
        elif language == "Go" and stack and stack[-1].container:
            embedded = GO_EMBEDDED.match(stripped) if indent == stack[-1].member else None
            if embedded is not None:  # `io.Reader`: the methods it brings are the holder's
                embeds = SPACES.sub(" ", embedded.group("type"))
                embeds += " …" if embeds.endswith("|") else ""  # (a type set over lines)
                _add(out, stack[-1].names, embeds, embeds, len(stack))
                continue
            if stack[-1].fields:  # a struct: its exported fields, as much its API as methods
                if indent == stack[-1].member and (go_field := format_go_field(stripped)):
                    _add(out, stack[-1].names, go_field[1], go_field[0], len(stack))
                continue
            if not GO_METHOD.match(stripped) or indent > stack[-1].member:
                continue
            form = GO_METHOD  # a method an interface asks for
        elif language == "Kotlin" and not stack and indent == 0:
            if prop := format_kotlin_property(stripped):
                # A top-level property is the file's API as much as its functions
                # (`val defaultClient: Client`, `val String.isBlank: Boolean`)
                _add(out, top, prop[1], prop[0], 0)
            continue
        elif (
            language == "Kotlin"
            and stack
            and stack[-1].container
            and indent == stack[-1].member
            and KOTLIN_CONSTRUCTOR.match(stripped)
        ):
            if not stack[-1].opened:
                continue  # (the primary one, below its class's name: `class A` then `constructor(`)
            form = KOTLIN_CONSTRUCTOR  # a secondary constructor: `constructor() : this(Builder())`
        elif language == "Kotlin" and stack and stack[-1].container:
            holder = stack[-1]
            if (
                holder.constants is not None
                and indent == holder.member
                and (constant := _KOTLIN_ENUM_CONSTANT.match(stripped))
            ):
                # An enum's constants (`BEGIN_ARRAY,`, `@Json(name = "b") B("b"),`), listed
                # on one line as a Java enum's are
                if holder.line < 0 or not was_cut(out[holder.line]):
                    names = constant_names(stripped[constant.start(1) :])
                    _list_constants(holder, names, len(stack), out)
                if stripped.endswith("{"):  # a constant's body: its overrides are not listed
                    stack.append(_Scope(indent, False))
                continue
            if indent == holder.member and (
                prop := format_kotlin_property(
                    stripped, constants=holder.companion or holder.singleton
                )
            ):
                if (
                    holder.companion
                    and not prop[0].startswith("const ")
                    and _CONSTANT_NAME.fullmatch(prop[1].partition(" ")[2])
                ):
                    continue  # `@JvmField val TLS_AES_128 = init(...)`: a constant, as `const val`
                # A property: in Kotlin, much of a class's API (`val dispatcher: Dispatcher`)
                _add(out, stack[-1].names, prop[1], prop[0], len(stack))
            continue
        elif language not in JS:
            continue
        elif stack and stack[-1].container and indent > stack[-1].member:
            continue  # inside a member that is not a scope (a field's value): no member here
        elif stack and stack[-1].container and is_method(JS_METHOD.match(stripped)):
            form = JS_METHOD  # a method of a class or an interface
        elif stack and stack[-1].container and JS_FIELD.match(stripped):
            form = JS_FIELD  # a field that holds a function
        elif stack and stack[-1].fields and (ts_field := format_field(stripped)):
            # What an interface is made of, as much as its methods (`line: number`)
            _add(out, stack[-1].names, ts_field[1], ts_field[0], len(stack))
            continue
        elif (
            stack
            and stack[-1].container
            and indent == stack[-1].member
            and (decorated := _ts_decorated_field(stripped, lines, i - 1, indent))
        ):
            # A class's field with a decorator: an entity's column, a component's input, an
            # injected service (`@Column() name: string`); its other fields are its own
            _add(out, stack[-1].names, decorated[1], decorated[0], len(stack))
            continue
        elif not stack and stripped.startswith(BINDINGS) and "=" in stripped:
            form = JS_BINDING  # a function bound to a name: `export const f = (a) => ...`
        elif not stack and indent == 0 and "." in stripped and JS_ASSIGNED.match(stripped):
            form = JS_ASSIGNED  # a function given to a property: `res.send = function (b) {`
        else:
            continue
        if language == "Kotlin" and form is None and (below := _kotlin_primary_below(lines, i - 1)):
            i = below  # (read from there: the type's line with its constructor's)
            continue
        start = i - 1
        sig, joined = join_definition(lines, start, False, c_like)
        tail = _TAIL_ENDS.get(language)
        if tail is not None and sig.endswith(tail[0]) and tail[1].match(sig):
            sig, joined = join_tail(sig, lines, joined, tail[0])
        if (
            language == "Elixir"
            and joined < len(lines)
            and _ELIXIR_GUARD.match(lines[joined])
            and not _ELIXIR_DO.search(sig)
        ):
            # `def broadcast(server, topic)` then `    when is_binary(topic) do`: the guard is
            # the head's, as on its line (up to its `do`)
            parts, k = [sig], joined
            while k < len(lines) and k - joined < JOIN_LINES:
                parts.append(lines[k].strip())
                k += 1
                if _ELIXIR_DO.search(parts[-1]):
                    break
            guarded = SPACES.sub(" ", " ".join(parts))
            # (too long with it, the head alone: a cut would lose its last parameters)
            if len(_ELIXIR_BODY.sub("", guarded)) <= WIDTH:
                sig = guarded
            joined = k
        if (
            language == "Swift"
            and joined < len(lines)
            and "{" not in sig
            and _SWIFT_RESULT_BELOW.match(lines[joined])
        ):
            # swift-format's wrapping: `) throws` / `-> Self {` on the line below the
            # parameters: the result is the function's, as on its line
            sig = f"{sig} {lines[joined].strip()}"
            joined += 1
        if language == "Java" and form is None and not sig.endswith(("{", ";", "}")):
            sig, joined = _java_parents(sig, lines, joined)
        elif language == "Scala" and not sig.endswith(("{", ";", "}", "=")):
            # (scalafmt wraps a type's parents: `trait Monad[F[_]]` then `extends FlatMap[F]`
            # then `with Applicative[F] {`: the type's place in the hierarchy)
            sig, joined = _java_parents(sig, lines, joined, _SCALA_PARENTS)
        if language in JS and "=" in sig and _TS_UNION_ALIAS.match(sig):
            # `export type Status =` then `  | 'idle'` line by line: the union whole, as far as
            # the line goes (its first member alone read as a type of one value)
            while joined < len(lines) and lines[joined].lstrip().startswith("|"):
                sig = f"{sig.rstrip(';')} {lines[joined].strip()}"
                joined += 1
            sig = re.sub(r"=\s*\|\s*", "= ", sig, count=1)
        elif language in JS and sig.rstrip().endswith("[") and _TS_TUPLE_ALIAS.match(sig):
            sig, joined = _tuple_alias(sig.rstrip(), lines, joined)
        if (
            language == "Rust"
            and joined < len(lines)
            and sig.startswith(("impl", "unsafe impl"))
            and not sig.endswith(("{", "}", ";"))  # (still open: not a loop after it)
            and lines[joined].lstrip().startswith("for ")
        ):
            # `impl<'s, F> Builder<'s>` then `    for FnBuilder<F>` below (rustfmt's wrap of a
            # long header): the type it is for is the line's point.
            sig, joined = f"{sig} {lines[joined].strip()}", joined + 1
        if joined != i:  # the definition ran over lines: what its last one leaves open
            last = lines[joined - 1]
            opens = "/*" in last or any(last.count(q) % 2 for q in long_quotes)
            open_quote = still_open(last, None, False, long_quote) if opens else None
            i = joined
        if c_like and not is_c_function and c_part_of_statement(lines, start, sig, i):
            continue  # a member among several, a function pointer's parameter, a variable
        if is_c_function and sig.endswith(";") and "(" not in sig:
            continue  # a variable or a forward declaration, not a definition
        if is_c_function and sig.startswith("template") and sig.endswith(">"):
            continue  # `template <typename T, FMT_ENABLE_IF(...)>`: the declaration follows
        if c_like and sig.startswith("typedef") and i < len(lines) and lines[i].lstrip()[:1] == "(":
            # `typedef int` then `(*cb)(void *p);` on the next line: joined to where it closes
            sig, used = run_on(sig, (c_code(line) for line in lines[i : i + JOIN_LINES]), False)
            i += used
        declared = c_like and not is_c_function and sig.endswith(";")
        if declared and not sig.startswith("typedef") and not any(c in sig for c in "({"):
            continue  # `static struct list *queue;`: a variable of a struct type
        if c_like and not is_c_function and C_INITIALIZED.match(sig):
            continue  # `struct s *p = f(x);` in a function body, or a table's initializer
        shown_line, key, container = format_definition(sig, language, lines, i, form)
        if shown_line is None:
            continue
        if language in JS and start and lines[start - 1].lstrip().startswith(("@", ")", "}")):
            shown_line = _ts_decorators(lines, start, indent) + shown_line
        if language == "Swift" and not container:
            key = overload_key(sig)  # overloads are each shown (ten `upload(...)` are ten)
        scope = stack[-1].names if stack else top
        depth = len(stack)
        named = None  # (a class's name: its constructors bear it)
        if container and (c_like or language in TYPED_METHODS):
            named = (C_CLASS if c_like else TYPED_CLASS).search(shown_line)
        is_enum = (
            (named is not None and language == "Java" and JAVA_ENUM.search(shown_line))
            or (container and language == "Kotlin" and _KOTLIN_ENUM.match(shown_line) is not None)
            or (container and language == "Swift" and _SWIFT_ENUM.match(shown_line) is not None)
        )
        constants: list[str] | None = [] if is_enum else None
        stack.append(
            _Scope(
                type_indent.get(start, indent),
                container,
                name=named.group(1) if named else "",
                constants=constants,
                declared=c_like and sig.endswith(";"),
                fields=container
                and (
                    (
                        language in JS
                        and (
                            TS_INTERFACE.search(shown_line) is not None
                            or TS_OBJECT_ALIAS.match(shown_line) is not None
                        )
                    )
                    or (language == "Go" and shown_line.endswith(" struct"))
                ),
                companion=language == "Kotlin" and KOTLIN_COMPANION.match(shown_line) is not None,
                singleton=language == "Kotlin" and _KOTLIN_OBJECT.match(shown_line) is not None,
                exposed=language == "Swift" and _SWIFT_EXPOSED.match(shown_line) is not None,
                opened=language != "Kotlin" or "{" in sig,
                traits=container
                and language == "PHP"
                and PHP_TRAIT_HOLDER.search(shown_line) is not None,
            )
        )
        shown_before = len(out)
        if language == "Kotlin" and not container and _hidden_kotlin(lines, start, indent):
            continue  # (its scope is open: what its body holds is not the class's)
        # (A Java method's line holds its parameters' names alone, and so does a long Kotlin
        # or Java type's, its parents after its name: nothing to drop first.)
        names_only = (language == "Java" and (form is TYPED_METHOD or container)) or (
            language == "Kotlin" and container
        )
        cutter = cut_php if language == "PHP" else cut_definition
        if language in _OVERLOADED and not container:
            source = (sig, language, form)
            shown_cut = cut_names if names_only else cutter
            _add_overload(out, scope, key, shown_line, depth, source, shared, shown_cut)
            continue
        _add(out, scope, key, shown_line, depth, cut_names if names_only else cutter)
        if language == "Kotlin" and container and len(out) > shown_before and was_cut(out[-1]):
            # A primary constructor too long for its line: the properties cut off it are
            # listed as those declared in the body are.
            props, end = kotlin_cut_properties(lines, start, out[-1])
            for shown_prop, prop_key in props:
                _add(out, stack[-1].names, prop_key, shown_prop, depth + 1)
            if end > i:  # (more lines than are joined: its body starts below them)
                i, open_quote = end, None  # (a KDoc the joined lines left open is closed)
                stack[-1].opened = "{" in lines[end - 1]
        if (
            c_named is not None
            and is_c_function
            and scope is top
            and ((prototype := sig.endswith(";")) or key.partition("(")[0] in c_named)
        ):
            added = len(out) > shown_before
            _note_c_function(c_named, key, shown_line, prototype, shown_before, added)
    if c_named:
        out = _one_line_per_c_function(out, c_named)
    if language == "Kotlin" and "companion object" in text:
        out = _without_empty_companions(out)
    return out


# What defines, where DEFINITION's words would read too much as a definition.
_DEFINITIONS = {"Java": JAVA_DEFINITION, "Go": GO_DEFINITION, "C#": CS_DEFINITION}


# Haskell: a declaration at the margin (a class's method signatures one level in)
_HS_DECLARATION = lazyre.compile(
    r"^(?:(?:data|newtype|type|class|instance|pattern)\s|[a-z_][\w']*(?:\s*,\s*[a-z_][\w']*)*"
    r"\s*::|\([^)\s]+\)\s*::)"
)
_HS_EQUATION = lazyre.compile(r"^([a-z_][\w']*)\b[^=\n]*?(?:=|\|)")
_HS_KEYWORDS = frozenset(
    {
        "module",
        "import",
        "where",
        "let",
        "in",
        "case",
        "of",
        "if",
        "then",
        "else",
        "do",
        "deriving",
        "infixl",
        "infixr",
        "infix",
        "foreign",
        "default",
    }
)


def _haskell_definitions(text: str) -> list[str]:
    """A Haskell module's declarations: type signatures (`name :: type`, joined over their
    lines, their `-- ^` comments left out), `data` and `newtype` with their constructors
    and record fields, `type`, `class` and `instance` heads (up to `where`, over lines), a
    class's method signatures under it, and a function with no signature by its name."""
    out: list[str] = []
    typed: set[str] = set()
    lines = hs_code(text).split("\n")
    in_class = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.strip()
        if not stripped:
            continue
        indent = len(line) - len(line.lstrip())
        if indent and not (in_class and "::" in stripped):
            continue
        if not indent:
            in_class = stripped.startswith("class ")
        if _HS_DECLARATION.match(stripped):
            block = [stripped]
            head = stripped.split(None, 1)[0]
            while i < len(lines):
                nxt = lines[i]
                if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                    break  # (the next declaration, or a class's next member)
                if head in ("class", "instance") and "where" in " ".join(block).split():
                    break  # (a class's members are declarations of their own)
                if "::" not in " ".join(block) and head not in _HS_BLOCKS:
                    break
                if nxt.strip():
                    block.append(nxt.strip())
                i += 1
                if head not in _HS_BLOCKS and "=" in nxt.split("::")[-1].replace("=>", ""):
                    break  # (a body's first line: `f x = ...` under its signature)
            sig = " ".join(block)
            if head in ("data", "newtype"):
                sig = _hs_data(sig)
            else:
                sig = re.split(r"\s+where\b|\s=(?![>=])", sig, maxsplit=1)[0].rstrip()
            name = sig.split("::", 1)[0].strip() if "::" in sig and head not in _HS_BLOCKS else ""
            typed.update(n.strip() for n in name.split(","))
            out.append((" " if indent else "") + cut_definition(" ".join(sig.split())))
            continue
        eq = _HS_EQUATION.match(stripped) if not indent else None
        if eq and eq.group(1) not in typed and eq.group(1) not in _HS_KEYWORDS:
            typed.add(eq.group(1))
            out.append(eq.group(1))
    return out


_HS_BLOCKS = frozenset({"data", "newtype", "class", "instance", "type", "pattern"})


def hs_code(text: str) -> str:
    """Haskell `text` with its comments blanked (`--` to the line's end, `{- -}` blocks,
    pragmas `{-# #-}` kept out too); strings are left as they are."""
    out: list[str] = []
    depth = 0
    for line in text.split("\n"):
        kept = []
        k = 0
        while k < len(line):
            if depth:
                end = line.find("-}", k)
                opened = line.find("{-", k)
                if opened >= 0 and (end < 0 or opened < end):
                    depth, k = depth + 1, opened + 2
                elif end >= 0:
                    depth, k = depth - 1, end + 2
                else:
                    k = len(line)
                continue
            if line.startswith("{-", k):
                depth, k = 1, k + 2
                continue
            if line.startswith("--", k):
                dashes = len(line) - len(line[k:].lstrip("-")) - k
                after = line[k + dashes : k + dashes + 1]
                if not after or after not in _HS_SYMBOLS:
                    break  # (`-->` is an operator: dashes then a symbol)
            kept.append(line[k])
            k += 1
        out.append("".join(kept).rstrip())
    return "\n".join(out)


_HS_SYMBOLS = "!#$%&*+./<=>?@\\^|~:"
_HS_FIELD = lazyre.compile(r"[{,]\s*([a-z_][\w']*(?:\s*,\s*[a-z_][\w']*)*)\s*::")


def _hs_data(sig: str) -> str:
    """A `data` or `newtype` declaration on one line: its head, then each constructor by
    name, a record's with its fields' names (`Options {readerExtensions, readerStandalone}`),
    a GADT's after `where`; deriving clauses left out."""
    sig = re.split(r"\s+deriving\b", sig, maxsplit=1)[0]
    if re.search(r"\swhere\b", sig):  # a GADT: `data T where A :: ... B :: ...`
        head, _, body = sig.partition(" where")
        names = re.findall(r"(?:^|\s)([A-Z][\w']*)\s*::", body)
        return f"{head} where " + ", ".join(dict.fromkeys(names)) if names else head
    head, eq, body = sig.partition(" = ")
    if not eq:
        return sig
    shown = []
    for con in split_top(body, "|", '"'):  # (`'` is a name's prime: `Plus'`)
        con = con.strip()
        name = con.split("{", 1)[0].split(None, 1)[0] if con.split("{", 1)[0].strip() else ""
        if "{" in con:
            fields = [f for m in _HS_FIELD.finditer(con) for f in re.split(r"\s*,\s*", m.group(1))]
            shown.append(f"{name} {{{', '.join(fields)}}}")
        elif name:
            shown.append(name)
    return f"{head} = " + " | ".join(shown)


def _shell_definitions(text: str) -> list[str]:
    """A shell script's functions, `name()` each, in their order; a here-document's lines are
    text (a script that writes a page's JavaScript defines none of it)."""
    out: list[str] = []
    seen: set[str] = set()
    ends: list[str] = []  # the here-documents still open, first first
    for line in text.split("\n"):
        if ends:
            if line.strip() == ends[0]:
                ends.pop(0)
            continue
        m = SHELL_FUNCTION.match(line)
        if m is not None:
            name = m.group(1) or m.group(2)
            if name not in seen:
                seen.add(name)
                out.append(f"{name}()")
        if "<<" in line:
            ends.extend(h.group(2) for h in SHELL_HEREDOC.finditer(line.split(" #", 1)[0]))
    return out


_LUA_NAME_SPACES = lazyre.compile(r"\s*([.:])\s*")  # `M . f` is `M.f`
# A module's table opened as a constructor at the top (`local M = {`, `return {`), and a
# function among its fields (`new = function(`)
_LUA_TABLE = lazyre.compile(r"[ \t]*(?:return|(?:local[ \t]+)?([A-Za-z_][\w.]*)[ \t]*=)[ \t]*\{")
_LUA_FIELD_FUNCTION = lazyre.compile(r"[ \t]*[A-Za-z_]\w*[ \t]*=[ \t]*function[ \t]*\(")


def _lua_definitions(text: str) -> list[str]:
    """A Lua file's named functions outside every function's body (a module's, its local
    helpers too, as C's `static` ones are shown), each with its parameters, in their order;
    and the functions of a module's table written as a constructor (`local M = {` or
    `return {` at the top, then `new = function(args)`). Comments, strings, the functions
    a body holds, a call's arguments and the fields of other tables are left out."""
    lines = lua_code(text).split("\n")
    out: list[str] = []
    seen: set[str] = set()
    blocks: list[bool] = []  # the blocks open, innermost last: whether each is a function
    brackets = 0  # the `(` and `{` open: a field of a table or an argument is no definition
    holder: str | None = None  # the module table whose constructor is open ("": returned)
    for i, line in enumerate(lines):
        m = None
        if True not in blocks:
            if not brackets:
                m = LUA_DEFINITION.match(line)
            elif brackets == 1 and holder is not None:
                m = _LUA_FIELD_FUNCTION.match(line)
        if m is not None:
            head = _LUA_NAME_SPACES.sub(r"\1", SPACES.sub(" ", m.group(0)[:-1].strip()))
            if brackets:
                head = f"{holder}.{head}" if holder else head
            params = _lua_parameters(lines, i, m.end())
            key = head.replace(" ", "")
            if params is not None and key not in seen:
                seen.add(key)
                out.append(cut_definition(head + params))
        if "end" in line or "do" in line or "if" in line or "function" in line or "repeat" in line:
            for word in LUA_BLOCK.findall(line):
                if word in ("end", "until"):
                    if blocks:
                        blocks.pop()
                else:
                    blocks.append(word == "function")
        if "(" in line or "{" in line or ")" in line or "}" in line:
            opened = line.count("(") + line.count("{")
            was = brackets
            brackets = max(brackets + opened - line.count(")") - line.count("}"), 0)
            if not was and brackets == 1 and True not in blocks:
                table = _LUA_TABLE.match(line)
                holder = None if table is None else table.group(1) or ""
            elif not brackets:
                holder = None
    return out


def _lua_parameters(lines: list[str], i: int, start: int) -> str | None:
    """The parameters of the Lua function whose `(` ends at `start` of `lines[i]`, up to
    its `)` (maybe lines below); None when it does not close."""
    parts: list[str] = []
    text = lines[i][start:]
    for k in range(i, min(i + JOIN_LINES, len(lines))):
        if k > i:
            text = lines[k]
        close = text.find(")")
        if close >= 0:
            parts.append(text[:close])
            return ", ".join(p.strip() for p in " ".join(parts).split(",")).join("()")
        parts.append(text)
    return None


_SCALA_PARENTS = lazyre.compile(r"(?:extends|with|derives)\s")


def _java_parents(
    sig: str, lines: list[str], after: int, parents: re.Pattern[str] = JAVA_PARENTS
) -> tuple[str, int]:
    """`sig`, a Java type's first line, with the lines below that name its parents
    (`extends Base<T>`, then `implements A,`, `B {`), and the index after the last taken;
    `parents`: what such a line opens with (Scala's `extends`, `with`)."""
    parts = [sig]
    k = after
    while k < len(lines) and k - after < JOIN_LINES and not parts[-1].endswith(("{", ";", "}")):
        part = lines[k].partition("//")[0].strip()
        if not (parents.match(part) or (parts[-1].endswith(",") and part)):
            break
        parts.append(part)
        k += 1
    return SPACES.sub(" ", " ".join(parts)), k


# A constant's name by convention (Kotlin's, Java's): `MAX_SIZE`, a registry's
# `TLS_DH_anon_WITH_RC4_128_MD5`.
_CONSTANT_NAME = lazyre.compile(r"[A-Z][A-Z0-9]*(?:_\w*)?")


def _ruby_member_lines(said: str) -> list[str]:
    """A class's member line, each of its names kept: a long `attr_accessor` list goes on
    over lines that repeat its word (cut at the width, 28 of a class's 86 attributes were
    lost)."""
    if len(said) <= WIDTH:
        return [said]
    word, _, names = said.partition(" ")
    if not word.startswith("attr_") or "(" in said:
        return [cut(said)]
    out, line = [], word
    for name in (n.strip() for n in names.split(",")):
        if line != word and len(line) + len(name) + 2 > WIDTH:
            out.append(line)
            line = word
        line += (" " if line == word else ", ") + name
    out.append(line)
    return [cut(x) for x in out]


def _without_empty_companions(out: list[str]) -> list[str]:
    """`out` without the lines of companion objects that show nothing (their members private
    or constants): such a line says nothing of the class. One that names its parent type
    (`companion object : EntityClass<User>(Users)`, a DAO's finder) stays."""
    kept: list[str] = []
    hidden = -1  # the depth of a private companion object whose members are being left out
    for k, line in enumerate(out):
        depth = len(line) - len(line.lstrip())
        if hidden >= 0 and depth > hidden:
            continue  # (a private companion's members are no one else's API)
        hidden = -1
        if line.lstrip().startswith("private companion object"):
            hidden = depth
            continue
        if line.endswith("companion object"):
            below = out[k + 1] if k + 1 < len(out) else ""
            if len(below) - len(below.lstrip()) <= depth:
                continue
        kept.append(line)
    return kept


# What a definition's line may end with when it goes on below with its brackets closed, in
# which definitions: a Kotlin type's parent types (`) : Call.Factory,`) and a Rust or
# TypeScript type alias (`type MoveFn =`, `export type Handler<E> =`).
_TS_ALIAS = lazyre.compile(r"(?:export\s+)?(?:declare\s+)?type\s")
_TAIL_ENDS: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "Kotlin": ((",", ":"), lazyre.compile(r".*\b(?:class|interface|object)\b")),
    "Rust": (("=",), lazyre.compile(r"(?:pub(?:\([\w: ]+\))?\s+)?type\s")),
    "TypeScript": (("=",), _TS_ALIAS),
    "TSX": (("=",), _TS_ALIAS),
}


# A Kotlin enum class (its constants are listed), an object declaration (its `const val`s
# are its API, as a companion object's are) and a line that starts with an enum's constant
# (not `init {`, a function or a property: a name, then its arguments, body or the next one).
_KOTLIN_ENUM = lazyre.compile(r"(?:[\w@.]+\s+)*enum\s+class\s")
_KOTLIN_OBJECT = lazyre.compile(r"(?:[\w@.]+\s+)*object\s+[\w`]")
_KOTLIN_ENUM_CONSTANT = lazyre.compile(
    r"(?:@[\w.:]+(?:\((?:[^()]|\([^()]*\))*\))?\s*)*(?<![\w.:])(?!init\b)([A-Za-z_]\w*)\s*(?:[({,;]|//|$)"
)
# A Swift enum (its cases are listed), and a line of its cases (`case a, b`, `indirect case
# node(Tree)`, `case json = "application/json"`), each named first.
# An Elixir guard on the line below its function's parameters, and the `do` that ends a head
_ELIXIR_GUARD = lazyre.compile(r"[ \t]*when\s")
_ELIXIR_DO = lazyre.compile(r"(?:^|\s)do\s*$|\bdo:")
_ELIXIR_BODY = lazyre.compile(r"(?:,\s*do:.*|\s+do)$")
_SWIFT_PUBLIC_LINE = lazyre.compile(r"^[ \t]*(?:@\w+\s+)*(?:public|open)\s", re.M)
_SWIFT_EXPOSED = lazyre.compile(
    r"(?:[\w@.()]+\s+)*protocol\s|(?:@\w+\s+)*(?:public|open|package)\s+(?:\w+\s+)*extension\s"
)
_SWIFT_ENUM = lazyre.compile(r"(?:[\w@.()]+\s+)*enum\s")
_SWIFT_CASE = lazyre.compile(r"(?:indirect\s+)?case\s+(.+?)\s*(?://.*)?$")
_SWIFT_CASE_NAME = lazyre.compile(r"[A-Za-z_]\w*|`[^`]+`")
_KOTLIN_TYPE_NAME = lazyre.compile(
    r"(?:[\w@.]+\s+)*(?:class|object)\s+[\w`]+(?:<.*>)?\s*(?://.*)?$"
)
_KOTLIN_ANNOTATION_LINE = lazyre.compile(r"@[\w.:]+(?:\((?:[^()]|\([^()]*\))*\))?\s*$")
_KOTLIN_PRIMARY = lazyre.compile(
    r"(?:(?:private|protected|internal|public|@[\w.]+)\s+)*constructor\s*\("
)


def _kotlin_primary_below(lines: list[str], start: int) -> int:
    """Where the Kotlin type at `lines[start]`, its name alone on its line, has its primary
    constructor below (`class A` then `@JvmOverloads` then `constructor(`): that line's index,
    its text now the type's line, the annotations and the constructor's joined to it (0:
    none, the line is left as it was). Its parameters are how the type is made."""
    line = lines[start]
    stripped = line.strip()
    if "(" in stripped or "{" in stripped or not _KOTLIN_TYPE_NAME.match(stripped):
        return 0
    annotations: list[str] = []
    for k in range(start + 1, min(start + 4, len(lines))):
        below = lines[k].strip()
        if _KOTLIN_PRIMARY.match(below):
            indent = line[: len(line) - len(line.lstrip())]
            lines[k] = " ".join(
                [indent + stripped.partition("//")[0].rstrip(), *annotations, below]
            )
            return k
        if not _KOTLIN_ANNOTATION_LINE.match(below):
            return 0
        annotations.append(below)
    return 0


# An annotation that makes a Kotlin definition uncallable: a binary-compatibility bridge kept
# for Java callers (`@Deprecated(..., level = DeprecationLevel.ERROR)`), not the API.
_HIDDEN_LEVEL = lazyre.compile(r"\blevel\s*=\s*(?:DeprecationLevel\.)?(?:ERROR|HIDDEN)\b")
_ANNOTATION_LINES = 12  # how far above a definition its annotations are read


def _hidden_kotlin(lines: list[str], start: int, indent: int) -> bool:
    """Whether the annotations above the Kotlin definition at `lines[start]` hide it."""
    above: list[str] = []
    for k in range(start - 1, max(start - 1 - _ANNOTATION_LINES, -1), -1):
        line = lines[k]
        stripped = line.lstrip()
        if not stripped or (
            len(line) - len(stripped) <= indent and not stripped.startswith(("@", ")"))
        ):
            break  # (a blank line, the end of a comment, the member above)
        above.append(stripped)
    # (only an annotation's lines: those of the member above, an expression body run on
    # under it, say nothing of this one)
    marked = any(a.startswith(("@Deprecated", "@kotlin.Deprecated")) for a in above)
    return marked and _HIDDEN_LEVEL.search(" ".join(above)) is not None


# Languages with no overloads: a prototype and a definition of one name are one function.
_C_PROTOTYPED = frozenset({"C", "Objective-C"})


@dataclass(slots=True)
class _CNamed:
    """The top-level prototype and definitions of one C function name: (their line in the
    signatures, how many parameters they take, whether `static`)."""

    prototype: tuple[int, int, bool] | None = None
    prototype_key: str = ""
    definitions: list[tuple[int, int, bool]] = field(default_factory=list)
    matched: bool = False  # a definition in the prototype's words: shown once already


def _note_c_function(
    c_named: dict[str, _CNamed], key: str, text: str, declared: bool, line: int, shown: bool
) -> None:
    function = c_function_arity(key)
    if function is None:
        return
    name, arity = function
    if declared:
        named = c_named.setdefault(name, _CNamed())
    elif (found := c_named.get(name)) is not None:
        named = found
    else:
        return  # (a definition with no prototype above: nothing to pair it with)
    static = "static" in text.partition("(")[0].split()
    if shown and declared and named.prototype is None:
        named.prototype, named.prototype_key = (line, arity, static), key
    elif shown and not declared:
        named.definitions.append((line, arity, static))
    elif not shown and not declared and key == named.prototype_key:
        named.matched = True


def _one_line_per_c_function(out: list[str], c_named: dict[str, _CNamed]) -> list[str]:
    """`out` with each C function whose prototype and definition are worded differently (`void
    *` there, `__unused void *data` here, or a typedef's other name) shown once: the
    definition's line in the prototype's place. Only when one definition may be the
    prototype's: two (`#ifdef` branches) are other builds', and so is a `static` one after
    a prototype that is not (C forbids that in one build), or one with another count of
    parameters."""
    gone: set[int] = set()
    for named in c_named.values():
        if named.prototype is None or named.matched:
            continue
        line, arity, static = named.prototype
        bodies = [
            at
            for at, count, body_static in named.definitions
            if count == arity and (static or not body_static)
        ]
        if len(bodies) == 1:
            out[line] = out[bodies[0]]
            gone.add(bodies[0])
    return [shown for k, shown in enumerate(out) if k not in gone] if gone else out


def _php_traits(lines: list[str], start: int) -> tuple[list[str], int]:
    """The `use` lines a PHP class's `use A, B;` at `lines[start]` is shown as (over lines too,
    up to its `;` or the `{` of its conflict rules), and the index after its last line. A
    list too long for one line drops the traits' namespaces, then goes on to another `use`
    line: each trait, not only the first few, is what the class does."""
    parts: list[str] = []
    k = start
    while k < len(lines) and k - start < JOIN_LINES:
        part = lines[k].split("//")[0].strip()
        k += 1
        end = min((p for p in (part.find(";"), part.find("{")) if p >= 0), default=-1)
        parts.append(part if end < 0 else part[:end])
        if end >= 0:
            break
    names = [name.strip() for name in " ".join(parts)[4:].split(",") if name.strip()]
    line = "use " + ", ".join(names)
    if len(line) <= WIDTH:
        return [line], k
    names = [name.rpartition("\\")[2] for name in names]
    shown = ["use " + names[0]]
    for name in names[1:]:
        if len(shown[-1]) + len(name) + 2 <= WIDTH:
            shown[-1] += ", " + name
        else:
            shown.append("use " + name)
    return shown, k


def _continued(before: str, line: str) -> bool:
    """Whether `line` goes on with an expression the line `before` left open (a call's
    argument, a string added to), not a line that can end a scope."""
    end = before.rstrip()[-1:]
    return (
        end in ("(", ",", "+")
        and not line.startswith(("}", ")", "]", "@"))
        and not before.lstrip().startswith(("//", "*", "/*", "@"))
    )


def _python_definitions(text: str, cython: bool = False) -> list[str]:
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
    # The `@overload` stubs shown for a name, by its scope and key: their line in `out`.
    stubs: dict[tuple[int, str], tuple[set[str], int]] = {}
    for m in (_CY_DEF if cython else _PY_DEF).finditer(text):
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
        if cython and m.group(3) and not (stack and _C_HOLDER in stack[-1][1]):
            pos = start  # a line of code (`return f(x)`), not a C declaration
            continue
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
        # (a method's receiver: a function's `self`, nested in a method, is a parameter)
        implied = IMPLIED if stack and _CLASS in stack[-1][1] else _NONE
        if cython:
            cy_shown, key = format_cython(sig, implied, m.group(3) is not None)
            if cy_shown is None:
                continue  # (a variable's line, or a function pointer's): no definition
            shown = cy_shown
        else:
            shown, key = format_python(sig, implied)
        scope = stack[-1][1] if stack else top
        stub = stubs.get((id(scope), key)) if stubs and key in scope else None
        if key not in scope or stub is not None:  # `_add`, inlined
            above = text[start - 2 : start - 1]  # the end of the line above the definition
            # (a decorator's arguments over lines may hide its `@` far above: a bracket
            # closes the line that ends them)
            decorators: list[str] = []
            if above != "\n" and (above in ")]}" or "@" in text[max(start - 200, 0) : start]):
                decorators = py_decorators(text, start, indent)
                if implied and "staticmethod" in decorators:  # it takes no instance
                    if cython:
                        shown = format_cython(sig, _NONE, m.group(3) is not None)[0] or shown
                    else:
                        shown = format_python(sig)[0]
                shown = shown_decorators(decorators) + shown
            line = " " * len(stack) + cut_python(shown)
            if stub is not None:
                if "overload" not in decorators:
                    # The implementation after its `@overload` stubs: its parameters are
                    # the ones every call may pass, where a stub's are one case of them.
                    out[stub[1]] = line
                    del stubs[(id(scope), key)]
            else:
                scope.add(key)
                if "overload" in decorators:  # (the scope is kept: its id names it)
                    stubs[(id(scope), key)] = (scope, len(out))
                out.append(line)
        holds = {_C_HOLDER} if cython and _CY_HOLDS_C.match(sig) else set()
        if sig.startswith("class ") or (cython and _CY_CLASS.match(sig)):
            holds.add(_CLASS)
        stack.append((indent, holds))
    return out


# A line that defines: the newline before it, its indent, and the rest of it; or (no groups)
# a line of code at the margin. Possessive: an indent is never given back to try again.
_PY_DEF = lazyre.compile(
    r"\n(?:([ \t]*+)((?:def |class |async [^\S\n]*(?:def|class)[^\S\n])[^\S\n]*[\w$][^\n]*)"
    r"|(?=[^\s#>]))"
)

# Cython's too: `cdef class`, a `cdef` or `cpdef` function (a return type, maybe a C tuple's
# or with brackets, then a name and its "("; not `cdef int n = len(a)`), a C struct, enum or
# union, a `ctypedef`, a `cdef extern from` block; and (group 3) what such a block or a C++
# class declares without a keyword: `int f(int a)`, `struct s:` (outside one, a line of code).
_CY_DEF = lazyre.compile(
    r"\n(?:([ \t]*+)((?:def |class |async [^\S\n]*(?:def|class)[^\S\n])[^\S\n]*[\w$][^\n]*"
    r"|(?:cpdef|ctypedef)[^\S\n][^\n]*"
    r"|cdef[^\S\n]+(?:(?:" + CY_MODIFIERS + r")[^\S\n]+)*(?:class|cppclass|struct|union|enum)\b"
    r"[^\n]*"
    r"|cdef[^\S\n]+extern[^\S\n]+from\b[^\n]*"
    r"|cdef[^\S\n]+(?:\([^()\n=]*\))?(?:[^=\n(\[]|\[[^\]\n]*\])*?\w[^\S\n]*\([^\n]*"
    r"|((?:(?:packed[^\S\n]+)?(?:struct|union|enum|cppclass)[^\S\n]+\w"
    r"|(?:[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?[ \t*&]+)+[A-Za-z_]\w*[^\S\n]*\()[^\n]*))"
    r"|(?=[^\s#>]))"
)
# The definitions whose lines inside declare C's functions and types without a keyword.
_CY_HOLDS_C = lazyre.compile(r"cdef\s+(?:extern\s+from\b|(?:\w+\s+)*cppclass\b)|cppclass\b")
_C_HOLDER = "\0"  # among a scope's names: it is one of those
_CLASS = "\1"  # among a scope's names: it is a class's (its methods take a receiver)
_NONE: frozenset[str] = frozenset()
# Cython's extension types: `cdef class`, `cdef public class` (their methods take `self`).
_CY_CLASS = lazyre.compile(r"c?p?def\s+(?:(?:public|api|final|readonly)\s+)*class\s")

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


# Where a function's parameters are shown by name alone, though overloads differ by their
# types: `void write(int b)` and `void write(byte[] b)` would read as one.
_OVERLOADED = frozenset({"Java", "Kotlin", "Swift"})


def _add_overload(
    out: list[str],
    seen: set[str],
    key: str,
    line: str,
    depth: int,
    source: tuple[str, str, re.Pattern[str] | None],
    shared: dict[tuple[int, str], tuple[int, str | None, set[str]]],
    cut_line: Callable[[str], str],
) -> None:
    """`_add` for a function that may be an overload: shown by its parameters' names, unless
    another of its scope shows so too; then both show their types."""
    if key in seen:
        return
    seen.add(key)
    typed = typed_definition(*source)
    earlier = shared.get((id(seen), line))
    if earlier is not None and typed is not None:
        at, earlier_typed, _ = earlier
        if earlier_typed is not None:
            out[at] = " " * depth + cut_names(earlier_typed)
        shared[(id(seen), line)] = (len(out), None, seen)  # (the earlier one is typed now)
        out.append(" " * depth + cut_names(typed))
        return
    # (`seen` held: the id of a scope's names must not pass to a later scope's)
    shared[(id(seen), line)] = (len(out), typed, seen)
    out.append(" " * depth + cut_line(line))


@cache
def _shallow(width: int) -> re.Pattern[str]:
    """A newline before a line that does not start with `width` spaces and is not empty."""
    return re.compile(rf"\n(?! {{{width}}}|\n)")


def _add(
    out: list[str],
    seen: set[str],
    key: str,
    line: str,
    depth: int,
    cut_line: Callable[[str], str] = cut_definition,
) -> None:
    if key in seen:
        return
    seen.add(key)
    out.append(" " * depth + cut_line(line))
