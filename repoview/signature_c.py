"""C, C++ and Objective-C signatures: which lines define (functions, prototypes, members of a
class), and a definition's line shown with its parameters' types, typedefs named where they
close, function-like macros."""

from __future__ import annotations

import re

from . import lazyre
from .brackets import OPEN_SPACE, match_bracket, split_top
from .signature_scan import JOIN_LINES, c_code

__all__ = [
    "ACCESS_LABEL",
    "C_BARE_NAME",
    "C_CLASS",
    "C_CTOR",
    "C_FUNCTION",
    "C_INITIALIZED",
    "C_LIKE",
    "C_MAKER",
    "C_NOISE",
    "C_POINTER",
    "C_RETURN_TYPE",
    "c_function_arity",
    "c_macro_defined",
    "c_name_alone",
    "c_part_of_statement",
    "format_c",
    "macro",
    "parser_c",
    "preprocessor_line",
    "template_end",
]

C_LIKE = frozenset({"C", "C++", "Objective-C"})

# Macros in capitals that stand for a return type and its linkage, the type an argument:
# `GIT_EXTERN(int)`, `EXPORT_API(const char *)` (a library's whole API may be declared so).
_MACRO_TYPE = r"(?:[A-Z][A-Z0-9_]*[ \t]*\([^()]*\)[ \t]*)+"
# What may follow them before the name: more of the type (`STACK_OF(X509) *`). The name is
# not in capitals: `LBL(1) LBL(2)` and `ATTR(malloc) ALLOC_SIZE(1)` are macros in a row.
_AFTER_MACRO = r"[ \t\*&]*(?:[A-Za-z_][\w \t\*&:<>,]*[\s\*&])?\**(?![A-Z][A-Z0-9_]*\s*\()"
# What a C++ type may hold besides names: a template's arguments, and its packs'
# `...` (`template <typename... T> void f(T&&... a)`), not a lone dot (`a.b`).
_TYPE_WORDS = r"[A-Za-z_][\w \t\*&:<>,]*(?:\.\.\.[\w \t\*&:<>,]*)*"
# C and C++ function definitions and prototypes: a type, a name, an opening parenthesis.
C_FUNCTION = lazyre.compile(
    rf"^(?:(?:{_TYPE_WORDS}[ \t])?" + _MACRO_TYPE + _AFTER_MACRO + rf"|{_TYPE_WORDS}[\s\*&]\**)"
    r"(?:(?:[\w:~]*::)?operator\s*(?:\(\)|\[\]|[^\s\w(]+)|[A-Za-z_][\w:~]*)\s*\("
)
# `static struct cmdq_list *` alone on a line, and `cmdq_get(struct client *c)` below it.
# A return type alone on its line: `static int`, `std::string`, `tl::expected<void, Error>`.
C_RETURN_TYPE = lazyre.compile(r"^[A-Za-z_][\w \t:<>,*&]*[\w*&>]$")
C_BARE_NAME = lazyre.compile(r"^[A-Za-z_][\w:~]*\s*\(")
# A C++ constructor or destructor defined outside its class: `Client::Client(`, `A::~A(`.
C_CTOR = lazyre.compile(r"^(?:[A-Za-z_]\w*::)*([A-Za-z_]\w*)::~?\1\s*\(")
ACCESS_LABEL = lazyre.compile(r"(?:public|private|protected)\s*:(?!:)")
# What a C declaration may carry that is no part of its type or name: compiler attributes,
# and an annotation comment before it (`/*@null@*/ static PyObject*`). The comment goes, not
# the indent before it: a line of arguments (`/*exclude=*/nullptr,`) taken to the margin
# ended the class it is in.
C_NOISE = lazyre.compile(
    r"__attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)[ \t]*|__declspec\s*\([^()]*\)\s*"
    r"|(?:^|(?<=[ \t]))/\*[^*\n]*\*/[ \t]*(?=[A-Za-z_])"
    r"|^[A-Z][A-Z0-9_]*\(\"[^\"\n]*\"\)[ \t]+(?=[A-Za-z_])",  # `DEPRECATED("use g") int f(`
    re.M,
)
# A C++ class's name (past export macros in capitals), and a constructor or destructor.
C_CLASS = lazyre.compile(r"\b(?:class|struct)\s+(?:[A-Z_][A-Z0-9_]*\s+)*([A-Za-z_]\w*)")
C_MAKER = lazyre.compile(r"(?:(?:explicit|constexpr|inline|virtual)\s+)*~?([A-Za-z_]\w*)\s*\(")
# A C declaration that gives a value (`struct s *p = f(x);`): a variable, not a definition.
C_INITIALIZED = lazyre.compile(r"^[^({=]*[^=!<>]=(?!=)")
# A function pointer declared at the top level (a plugin API's table): `int (*Name)(...)`.
# (A calling convention may stand before the star: `typedef NTSTATUS (NTAPI *sNtClose)(`;
# or a macro in capitals may hold the star: `typedef void (APIENTRYP PFNGLCLEARPROC) (`.)
C_POINTER = lazyre.compile(
    r"^[A-Za-z_][\w \t\*]*\(\s*(?:(?:[A-Za-z_]\w*\s+)?\*|[A-Z][A-Z0-9_]*\s)\s*"
    r"([A-Za-z_]\w*)\s*\)\s*\("
)
_C_NAME = lazyre.compile(
    r"((?:[\w:~]*::)?operator\s*(?:\(\)|\[\]|[^\s\w(]+)|~?[A-Za-z_][\w:~]*)\s*\("
)
# After a C++ member function's parameters: the qualifiers, before an initializer list, a
# body or a trailing return type. `= 0` (the class is abstract) and `= delete` (no copy:
# without it a deleted copy constructor read as one) are kept; `const`, `override`,
# `noexcept` and the like are left to the outline.
_C_QUALIFIERS = lazyre.compile(
    r"\s*(?:(?:const|volatile|override|final|noexcept(?:\s*\([^()]*\))?|&&?)\s*)*"
    r"=\s*(0|delete)\b"
)
# A function whose return type is in a macro: where its name starts.
_MACRO_TYPED = lazyre.compile(
    r"^(?:[A-Za-z_][\w \t\*&:<>,]*[ \t])?"
    + _MACRO_TYPE
    + _AFTER_MACRO
    + r"(?=[A-Za-z_][\w:~]*\s*\()"
)
# A function whose name a macro in capitals wraps (to place or rename it per build):
# `int WRAP(f)(int a)` defines `f`, and takes `(int a)`.
_C_WRAPPED_NAME = lazyre.compile(r"([A-Z][A-Z0-9_]*)\s*\(\s*([A-Za-z_]\w*)\s*\)\s*\(")
_C_MACRO = lazyre.compile(r"^#\s*define\s+(\w+)(\([^)]*\))?\s*(.*)$")
_C_DEFAULT = lazyre.compile(r"\s*(?<![=!<>])=(?!=).*$", re.S)
_C_ENUM = lazyre.compile(r"^(?:typedef\s+)?enum\b")
# Words that end a C parameter's type, never its name: `unsigned int`, `struct tag`.
# fmt: off
_C_TYPE_WORDS = frozenset([
    "int", "char", "long", "short", "unsigned", "signed", "float", "double", "void", "bool",
    "_Bool", "const", "volatile", "struct", "enum", "union", "size_t",
])
# fmt: on
_C_TAGS = frozenset({"struct", "enum", "union", "const", "volatile"})
# An array parameter's brackets, and how long a size they show (`[16]`, `[HUF_SYMBOLS]`).
_C_DIMENSION = lazyre.compile(r"\[([^\[\]]*)\]")
_C_DIMENSION_WIDTH = 16
# What marks a parameter the body does not use: `__unused int fd`, `[[maybe_unused]] int fd`.
_C_UNUSED = lazyre.compile(r"\b__(?:maybe_)?unused\b\s*|\[\[\s*maybe_unused\s*\]\]\s*")


def format_c(sig: str, lines: list[str], after: int) -> tuple[str | None, str, bool]:
    declared = sig.rstrip().endswith(";")
    sig = re.sub(r"/\*.*?\*/|//.*$", "", sig).strip()
    sig = OPEN_SPACE.sub(r"\1", sig).rstrip(" {;")
    if re.match(r"^(?:typedef\s+)?(?:struct|enum|union|class)\b[^(]*$", sig):
        if not sig.startswith("typedef"):
            if declared and "{" not in sig:
                return None, "", False  # a forward declaration
            sig = sig.split("{")[0].strip()
        elif not declared:
            # `typedef struct [tag] {` is named on its closing line, `} name;`
            name = _closing_name(lines, after)
            sig = sig.split("{")[0].strip() + (f" {name}" if name else "")
        # A class, struct or union holds member functions (C++); an enum only names values.
        return sig, sig, not _C_ENUM.match(sig)
    wrapped = _MACRO_TYPED.match(sig)  # (its "(" is not the function's)
    m = C_POINTER.match(sig) or _C_NAME.search(sig, wrapped.end() if wrapped else 0)
    if m is None:
        return sig, sig, False
    if sig.count("<", 0, m.start()) > sig.count(">", 0, m.start()):
        return sig, sig, False  # `struct has_x<T, decltype(T::x)>`: the "(" is a template's
    close = match_bracket(sig, m.end() - 1)
    name = m.group(1)
    wrapper = _C_WRAPPED_NAME.match(sig, m.start()) if close > 0 else None
    if wrapper is not None:  # `MACRO(name)(params)`: the parameters are the second list
        name, close = wrapper.group(2), match_bracket(sig, wrapper.end() - 1)
        m = wrapper
    if close > 0 and not sig.startswith("typedef"):
        params = _c_params(sig[m.end() : close])
        tail = _c_tail(sig[close + 1 :])
        sig = f"{sig[: m.end()]}{params}){tail}"
        return sig, f"{name}({params}){tail}", False  # C++ overloads are each shown
    return sig, name, False


def _c_tail(rest: str) -> str:
    """What a signature shows after its parameters: ` = 0`, ` = delete`, or nothing."""
    m = _C_QUALIFIERS.match(rest)
    return f" = {m.group(1)}" if m is not None else ""


def _c_params(inner: str) -> str:
    """C parameters by type: `(const char *s, size_t len)` -> `(const char *, size_t)`."""
    shown = []
    if "unused" in inner:  # (said of the body: a caller passes the argument all the same)
        inner = _C_UNUSED.sub("", inner)
    for param in split_top(inner, ","):
        param = _C_DEFAULT.sub("", param).strip()  # `bool check = true`: the default goes
        if not param:
            continue  # (`(void)` stays: in C, `()` says nothing of the parameters)
        declarator = param.split("[")[0]
        words = re.findall(r"[A-Za-z_]\w*|\.\.\.", declarator)
        unnamed = (
            len(words) < 2
            or param.endswith(("*", "&", ">"))
            # (a pack with no name, `const Tail&...`, `type_list<Args...>`: its `...` is
            # what makes the function variadic)
            or words[-1] == "..."
            or words[-1] in _C_TYPE_WORDS
            or (len(words) == 2 and words[0] in _C_TAGS)  # `struct tag`, `const T`
            or "(" in param  # a function pointer: kept whole
            or '"' in param  # a macro's argument (`TEST_CASE("lexer class")`): text, whole
            or "'" in param
            or param.endswith(f"::{words[-1]}")  # `std::nullptr_t`: a type with no name
        )
        if unnamed:
            shown.append(param)
        else:  # an array keeps its brackets: `char *argv[]` is no `char *`
            dims = map(_short_dimension, _C_DIMENSION.finditer(param, len(declarator)))
            shown.append(declarator.rsplit(words[-1], 1)[0].strip() + "".join(dims))
    return ", ".join(shown)


def _short_dimension(m: re.Match[str]) -> str:
    """An array's size as the parameter shows it: `[16]`, `[N]`; a long expression as `[]`."""
    size = " ".join(m.group(1).split())
    return f"[{size}]" if len(size) <= _C_DIMENSION_WIDTH else "[]"


def c_function_arity(key: str) -> tuple[str, int] | None:
    """A C function's name and how many parameters it takes, from its key (`name(types)`);
    None for what is no function (a macro's name in capitals, `STACK_OF(X509)`, included)."""
    name, paren, params = key.partition("(")
    if not paren or not params.endswith(")") or name.isupper():
        return None
    params = params[:-1].strip()
    if params in ("", "void"):
        return name, 0
    return name, len(split_top(params, ","))


def _closing_name(lines: list[str], start: int) -> str:
    for k in range(start, min(len(lines), start + 5000)):
        if lines[k].startswith("}"):
            closing = lines[k]
            if closing.strip() == "}":  # Allman style: `}` alone, the name on the line below
                closing += " " + next((line for line in lines[k + 1 : k + 3] if line.strip()), "")
            m = re.match(r"^}\s*([\w, *]+?)\s*;", closing)
            return m.group(1) if m else ""
    return ""


def c_part_of_statement(lines: list[str], start: int, sig: str, after: int) -> bool:
    """Whether `sig`, a declaration read from `lines[start]` up to `lines[after]` (comments
    gone), is part of a statement or list rather than a definition: a parameter of a function
    pointer (or of a head not read as one) over lines, after a line that ends in `(` or `,`;
    the first of several members (`struct pool *a,` then `*b;`); a variable whose value is on
    the line below (`struct s *p` then `= &x;`)."""
    if sig.endswith(",") and not sig.startswith("typedef") and not any(c in sig for c in "<:{"):
        return True  # (`struct has_x<A,`, `class B : public A,`, `enum e { A,` are heads)
    if after < len(lines) and _C_VALUE_BELOW.match(lines[after]):
        return True
    if (
        after < len(lines)
        and not sig.startswith("typedef")
        and not any(c in sig for c in "({")
        and _C_DECLARATOR_BELOW.match(lines[after])
    ):
        return True  # a member's type, its name below: `struct hist` then `*latency;`
    if start == 0:
        return False
    before = lines[start - 1]
    if before.lstrip().startswith(("*", "#")) or (
        start > 1 and lines[start - 2].rstrip().endswith("\\")
    ):
        return False  # a comment's line, or a directive's (`#define X(name) name,`)
    # (a macro's arguments may go on over `\`: `SYM(void, f, (struct frame *, \`)
    return c_code(before).rstrip(" \t\\").endswith(("(", ","))


_C_VALUE_BELOW = lazyre.compile(r"\s*=(?!=)")
# (a star then a space starts a comment's line, not a declarator)
_C_DECLARATOR_BELOW = lazyre.compile(
    r"\s*(?:\*+(?=[A-Za-z_]))?[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*[;,=]"
)


def macro(line: str) -> tuple[str, str] | None:
    m = _C_MACRO.match(line)
    if m is None:
        return None
    name, params = m.group(1), m.group(2)
    if not params:
        # A constant, as `X = 1` in Python or `const X` in Rust: the outline shows it with its
        # value (a core header's 485 flags took a fifth of its signatures).
        return None
    return name, f"#define {name}{params}"  # a function-like macro: its body is elided


def preprocessor_line(lines: list[str], start: int) -> tuple[str, int]:
    """The directive at `lines[start]` with the lines its `\\` continues onto, as one line
    (`#define MULTI(a, \\` then `b)`), and the index of the line after it."""
    parts = [lines[start].strip()]
    k = start + 1
    while parts[-1].endswith("\\") and k < len(lines):
        parts[-1] = parts[-1][:-1].rstrip()
        parts.append(lines[k].strip())
        k += 1
    return " ".join(parts), k


def c_macro_defined(line: str, lines: list[str], after: int) -> bool:
    """Whether `line` defines a function through a macro at the margin, its body below:
    `TEST_IMPL(loop_alive) {` (a test file's cases are what it holds)."""
    if _C_MACRO_DEFINITION.match(line) is None:
        return False
    return line.rstrip().endswith("{") or (after < len(lines) and lines[after].startswith("{"))


_C_MACRO_DEFINITION = lazyre.compile(r"[A-Z][A-Z0-9_]*\([^()]*\)[ \t]*\{?[ \t]*$")


def c_name_alone(lines: list[str], at: int) -> int:
    """Where the parameters start (a line's index) when `lines[at]`, after a line with a
    return type, is a function's name alone at the margin and its parameters follow on the
    next line, then its body (` double` then `strtod` then ` (const char *s, char **se)` then
    `{`); 0 when not. A body must follow the closing parenthesis: a macro called on its own
    line, its arguments below, and a K&R definition's declarations (kept from the shown line
    by `(a, b)` alone) are not taken."""
    params = at + 1
    if params >= len(lines) or not _C_NAME_ALONE.match(lines[at]):
        return 0
    if not lines[params].lstrip().startswith("("):
        return 0
    text = "\n".join(c_code(line) for line in lines[params : params + JOIN_LINES])
    close = match_bracket(text, text.index("("))
    if close < 0:
        return 0
    rest = text[close + 1 :].lstrip()
    return params if rest.startswith("{") else 0


_C_NAME_ALONE = lazyre.compile(r"[A-Za-z_][\w:~]*[ \t]*$")


def template_end(lines: list[str], start: int) -> tuple[int, str] | None:
    """Where the template parameter list that `lines[start]` opens (`template <`) closes:
    that line's index and what follows its `>` there (the declaration's first words, or
    nothing). None when it closes on its own line before anything but a class (a function
    keeps its template on its line), does not close within JOIN_LINES, or cannot be told
    (a block comment left open inside it)."""
    m = _TEMPLATE.match(lines[start])
    if m is None:
        return None
    depth = 0  # of angle brackets, counted outside parentheses, brackets and braces only
    nested = 0  # `(N > 4)` and `[]{ return a > b; }` hold comparisons, not brackets
    pos = m.end() - 1
    for k in range(start, min(len(lines), start + JOIN_LINES)):
        line = lines[k]
        for token in _TEMPLATE_TOKEN.finditer(line, pos):
            c = token.group()
            if c == "<":
                depth += nested == 0
            elif c == ">":
                depth -= nested == 0
                if depth == 0:
                    rest = line[token.end() :].strip()
                    return (k, rest) if k > start or _TYPE_HEAD.match(rest) else None
            elif c in "([{":
                nested += 1
            elif c in ")]}":
                nested = max(nested - 1, 0)
            elif c == "/*":
                return None  # a comment over lines: its text is not counted
            elif c == "//":
                break
        pos = 0
    return None


_TEMPLATE = lazyre.compile(r"\s*template\s*<")
_TYPE_HEAD = lazyre.compile(r"(?:class|struct|union)\b")
# What a template's parameters may hold that counts: brackets, and what only looks like
# one (`a << 2`, `->`, a closed comment, a character or string literal) taken whole.
_TEMPLATE_TOKEN = lazyre.compile(
    r"<<|->|/\*.*?\*/|/\*|//|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|[<>()[\]{}]"
)


PARSER_SOURCES = frozenset({"Yacc", "Lex"})


def parser_c(text: str) -> str:
    """The C of a Yacc grammar or a lex scanner, its other lines blanked (they keep their
    numbers): the `%{ ... %}` blocks of its declarations, Bison's `%code [where] { ... }`
    and flex's `%top{ ... }`, and all after its second `%%`. The rules between are not C,
    and their actions are bodies of the parser's."""
    out: list[str] = []
    sections = 0
    in_block = False
    braces = 0  # how deep a `%code {` block is open
    comment = False  # inside a `/* ... */` of that block
    waiting = False  # a `%code` line whose `{` opens the next line
    for line in text.split("\n"):
        if in_block:
            in_block = not line.startswith("%}")
            out.append(line if in_block else "")
        elif braces:
            change, comment = _brace_change(line, comment)
            braces += change
            out.append(line if braces > 0 else line[: line.rfind("}")])
            braces = max(braces, 0)
        elif sections >= 2:
            out.append(line)
        else:
            if line.startswith("%%"):
                sections += 1
            in_block = sections == 0 and line.startswith("%{")
            opened = _CODE_BLOCK.match(line) if sections == 0 else None
            if waiting and line.lstrip().startswith("{"):
                opened = re.match(r"\s*\{", line)
            waiting = sections == 0 and _CODE_HEAD.match(line) is not None
            if opened:
                change, comment = _brace_change(line[opened.end() - 1 :], False)
                braces = max(change, 0)
                rest = line[opened.end() :]
                # a block on one line (`%code { int depth; }`): its C, in its place
                out.append(rest[: rest.rfind("}")].strip() if not braces and "}" in rest else "")
            else:
                out.append("")
    return "\n".join(out)


# Bison's `%code requires {`, `%code {`; flex's `%top{`: C up to the brace that closes it.
_CODE_BLOCK = lazyre.compile(r"%(?:code(?:\s+\w+)?|top)\s*\{")
_CODE_HEAD = lazyre.compile(r"%(?:code(?:\s+\w+)?|top)\s*$")  # its `{` on the next line
_C_TOKEN = lazyre.compile(r'/\*|\*/|//|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[{}]')


def _brace_change(line: str, comment: bool) -> tuple[int, bool]:
    """How much deeper in braces `line` ends (its strings, characters and comments aside),
    and whether it ends inside a `/* ... */` (`comment`: whether it starts in one)."""
    depth = 0
    for m in _C_TOKEN.finditer(line):
        token = m.group()
        if comment:
            comment = token != "*/"
        elif token == "/*":
            comment = True
        elif token == "//":
            break
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
    return depth, comment
