"""How a definition is shown on its one line: its name and its parameters' names (C's by
type), defaults kept when short, and the line cut to a width."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lazyre
from .brackets import OPEN_SPACE, match_bracket, split_top
from .signature_c import C_LIKE, format_c
from .signature_langs import (
    CONTAINER,
    CS_DELEGATE,
    CS_EVENT,
    CS_INDEXER,
    CS_NOT_TYPES,
    CS_OPERATOR,
    CS_PROPERTY,
    FUNCTION,
    GO_FIELD,
    GO_METHOD,
    GO_RECEIVER,
    JAVA_ENUM,
    JS,
    JS_ASSIGNED,
    JS_BINDING,
    JS_FIELD,
    JS_METHOD,
    KOTLIN_CONSTRUCTOR,
    KOTLIN_FUNCTION,
    KOTLIN_PROPERTY,
    NAME_FIRST,
    RUST_MOD,
    SWIFT_FUNCTION,
    TS_FIELD,
    TS_OBJECT_ALIAS,
    TYPE_IMPORT,
    TYPED_METHOD,
    VISIBILITY,
    constant_names,
    without_type_params,
)
from .signature_scan import SPACES

__all__ = [
    "CY_MODIFIERS",
    "IMPLIED",
    "TRAILING_COMMENT",
    "WIDTH",
    "cs_member",
    "cs_types_only",
    "cut",
    "cut_definition",
    "cut_names",
    "cut_php",
    "cut_python",
    "format_cython",
    "format_definition",
    "format_field",
    "format_kotlin_property",
    "format_python",
    "format_swift_member",
    "php_function",
    "py_decorated",
    "py_decorators",
    "shown_decorators",
    "typed_definition",
]

_WIDTH = 100  # measured: at 160, a large library's signatures cost 40% more
WIDTH = _WIDTH
_NAMES_WIDTH = 160  # a Python definition's parameter names alone, once defaults are dropped
_DEFAULT_WIDTH = 12  # longer default values are shown as "…": the reader learns it is optional


def cut(line: str) -> str:
    return line if len(line) <= _WIDTH else line[: _WIDTH - 1] + "…"


def cut_definition(line: str) -> str:
    """`cut`, keeping a long name whole: cut inside it, two definitions whose names differ
    only at their ends (long test names) would show as the same line."""
    if len(line) <= _WIDTH:
        return line
    paren = line.find("(")
    # (A name stands just before its "(": not `= (` nor `? (`, a type's value; past
    # _NAMES_WIDTH, a line of something else.)
    if _WIDTH - 1 <= paren < _NAMES_WIDTH and (line[paren - 1].isalnum() or line[paren - 1] == "_"):
        return line if len(line) <= _NAMES_WIDTH else line[: paren + 1] + "…)"
    # After the last parameter (or exported name) that fits whole (`int status, … 2 more)`),
    # saying how many are left out (a C prototype's types alone: the arity is what shows
    # which call is meant): cut inside one, a type or a name reads as another (`const ch…`).
    room = _WIDTH - len(", … 99 more })")
    top = list(_top_level(line, "([{", ")]}"))
    commas = [k for k, c, depth in top[: room + 1] if c == "," and depth == 1]
    opener = min((k for k in map(line.find, "([{") if k >= 0), default=-1)
    # (not inside a type's arguments: `Map<String, …` names half a type)
    end = next((k for k in reversed(commas) if _angles_closed(line[opener:k])), -1)
    if not 0 <= opener < end:
        return cut(line)
    more, item = 1, end + 1
    for k, c, depth in top[end + 1 :]:
        if depth < 1:
            break  # (the list closed)
        # (a comma of a type's arguments, `Map<String, Integer>`, starts no parameter)
        if c == "," and depth == 1 and _angles_closed(line[item:k]):
            more += bool(line[k + 1 :].strip(" )]}"))
            item = k + 1
    # (the list reads as closed, as it is: `{ a, b, … 3 more }` spaced as it opened; the
    # list the cut is in, which need not be the line's first: Go's `F[T, U](a, b, … 3 more)`)
    opened = _list_opener(line, end, opener)
    closer = ")]}"["([{".index(line[opened])]
    pad = " " if closer == "}" and line[opened + 1 : opened + 2] == " " else ""
    return line[:end] + f", … {more} more{pad}{closer}"


def _list_opener(line: str, at: int, first: int) -> int:
    """Where the bracket opens that holds position `at` of `line` (`first` if none does)."""
    stack: list[int] = []
    for k, c in enumerate(line[:at]):
        if c in "([{":
            stack.append(k)
        elif c in ")]}" and stack:
            stack.pop()
    return stack[-1] if stack else first


_WAS_CUT = lazyre.compile(r"…(?: \d+ more)?(?: ?[)\]}])?$")


def was_cut(line: str) -> bool:
    """Whether a shown line ends where `cut_definition` (or `cut`) cut it."""
    return _WAS_CUT.search(line) is not None


def _angles_closed(text: str) -> bool:
    """Whether every `<` of `text` is closed (an arrow's `>` aside)."""
    text = text.replace("->", "").replace("=>", "")
    return text.count("<") <= text.count(">")


def cut_names(line: str) -> str:
    """`cut` for a line that names its parameters only, with no types or defaults to give up
    first: as long as a Python definition's names alone, so that the last ones show."""
    return line if len(line) <= _NAMES_WIDTH else cut_definition(line)


def cut_python(line: str) -> str:
    """`cut`, after giving up default values but not that they are there (`=…`): every
    parameter's name, and whether a call may leave it out, shows before any is cut off."""
    if len(line) <= _WIDTH or "=" not in line:
        return cut_definition(line)
    marked = _PY_DEFAULT.sub("=…", line)
    if len(marked) <= _WIDTH:
        return marked
    # (a little longer lines, for the names to show; dropping the `=` too would make an
    # optional parameter read as a required one, and a call be written with all of them)
    return marked if len(marked) <= _NAMES_WIDTH else _cut_parameters(marked)


def _cut_parameters(line: str) -> str:
    """`line` cut to `_NAMES_WIDTH` after its last parameter that fits whole: cut inside
    one, `b=…` could show as `b`, a parameter that must be passed."""
    room = _NAMES_WIDTH - len(", …")
    top = _top_level(line[: room + 1], "([{", ")]}")
    end = max((k for k, c, depth in top if c == "," and depth == 1), default=-1)
    if end > 0:
        return line[:end] + ", …"
    return cut_definition(line) if line.find("(") >= _WIDTH - 1 else line[: _NAMES_WIDTH - 1] + "…"


def cut_php(line: str) -> str:
    """`cut` for a PHP line. A function's parameters give up, in turn, their attributes
    (`#[\\SensitiveParameter]`) and default values (`=…` stays: the parameter is optional),
    then their types, so that every name shows; as Python's, names alone may take
    `_NAMES_WIDTH`. A class's `implements` list, or a `use` line's traits, is cut after a
    whole name: `HasBroadcastC…` names nothing."""
    if len(line) <= _WIDTH:
        return line
    m = _PHP_FUNCTION.search(line)
    if m is None:
        return _cut_after_name(line, _WIDTH)
    params, close = _python_params(line[m.end() - 1 :])  # (no generics: `<` is an operator)
    if close < 0:
        return cut_definition(line)
    head, tail = line[: m.end()], line[m.end() - 1 + close :]
    plain = [_php_param(param, typed=True) for param in params]
    shown = f"{head}{', '.join(filter(None, plain))}{tail}"
    if len(shown) <= _WIDTH:
        return shown
    names = [_php_param(param, typed=False) for param in params]
    shown = f"{head}{', '.join(filter(None, names))}{tail}"
    return shown if len(shown) <= _NAMES_WIDTH else _cut_parameters(shown)


def _php_param(param: str, typed: bool) -> str:
    """A PHP parameter without its attributes, its default as `=…`; its name alone (with
    `...` or `&`, and the visibility of a promoted one) when not `typed`."""
    while (at := param.find("#[")) >= 0:
        end = match_bracket(param, at + 1)
        param = param[:at] + (param[end + 1 :] if end > 0 else "")
    declared, *default = split_top(param, "=", "\"'") if "=" in param else (param,)
    declared = " ".join(declared.split())
    if not typed:
        name = _PHP_PARAM_NAME.search(declared)
        # (a constructor's promoted parameter keeps its visibility: it is a property too)
        promoted = [word for word in declared.split()[:-1] if word in _PHP_PROMOTED]
        declared = " ".join([*promoted, name.group(0)]) if name else declared
    return declared + ("=…" if default else "")


_PHP_PROMOTED = frozenset({"public", "protected", "private", "readonly"})


_PHP_FUNCTION = lazyre.compile(r"\bfunction\s*&?\s*\w+\s*\(")
_PHP_PARAM_NAME = lazyre.compile(r"&?(?:\.\.\.)?\$\w+$")


def php_function(sig: str) -> str:
    """A PHP function's line: its head, its parameters and its return type, without a body
    on its line (`function f($a) { return $a; }`)."""
    m = _PHP_FUNCTION.search(sig)
    if m is None:
        return sig
    close = _python_params(sig[m.end() - 1 :])[1]
    if close < 0:
        return sig
    end = m.end() + close  # (after the ")")
    returned = re.match(r"\s*:\s*[^{;]*", sig[end:])
    # (parameters over lines end with a comma: `$b, )` read `$b)`)
    return _KOTLIN_CLOSE.sub("", sig[:end]) + (returned.group(0).rstrip() if returned else "")


def _cut_after_name(line: str, width: int) -> str:
    """`line` cut after the last whole name of its list that fits in `width`, with `, …`
    (or, before a list, after its last whole word: `extends Base implements …`)."""
    end = line.rfind(", ", 0, width - len(", …") + 1)
    if end > 0:
        return line[:end] + ", …"
    end = line.rfind(" ", 0, width - len(" …") + 1)
    return line[:end] + " …" if end > 0 else cut(line)


# A parameter's default as `_plain_params` shows it (12 characters at most, or "…").
# (a bracketed one too: `=()`, `=[]`, `=(1, 2)`: every default goes, or none)
_PY_DEFAULT = lazyre.compile(
    r"=(?:\"[^\"]*\"|'[^']*'|\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|[^,()\[\]{}\"'])*(?=[,)])"
)
# The first parameter every method of its kind has: the line above says whose it is. Only a
# method's first (a function's `cls` or `self`, a static method's, or a second one, as in
# `register(self, cls)`, is a parameter like any other).
IMPLIED = frozenset({"self", "cls"})
# Decorators that change what a definition is: shown before its `def`.
_SHOWN_DECORATORS = frozenset(
    {"property", "cached_property", "staticmethod", "classmethod", "abstractmethod"}
)


def py_decorated(text: str, start: int, indent: int, shown: str) -> str:
    """`shown` with the decorators above the definition at `start`, `indent` deep, that say
    what it is (a property is read, not called; a static method takes no instance)."""
    return shown_decorators(py_decorators(text, start, indent)) + shown


def shown_decorators(names: list[str]) -> str:
    """Of decorators' `names`, top to bottom, those shown before a `def`: `@property `, and a
    web route with its path (`@get("/items/{item_id}") `: the endpoint the function serves)."""
    return "".join(
        f"@{name} " for name in names if name in _SHOWN_DECORATORS or _ROUTE_SHOWN.match(name)
    )


# A web framework's route decorator (`@app.get("/items")`, `@router.post(...)`, Flask's
# `@bp.route("/x")`), shown by its method and path alone.
_ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "route", "api_route", "websocket"}
)
_ROUTE_PATH = lazyre.compile(r"""\(\s*(?:path\s*=\s*)?(["'])(/[^"'\n]{0,80})\1""")  # (over lines)
_ROUTE_SHOWN = lazyre.compile(r"(?:" + "|".join(sorted(_ROUTE_METHODS)) + r')\("/')


def py_decorators(text: str, start: int, indent: int) -> list[str]:
    """The names of the decorators above the definition at `start`, `indent` deep, top to
    bottom, each without its arguments or module (`@typing.overload`: `overload`).

    Read upwards from the definition. A decorator is a line at the definition's indent that
    starts with `@` and whose expression, followed as Python reads it, ends where the next
    decorator (or the definition) starts: one whose arguments run over lines (`@deprecated(`,
    `"use g",`, `)`) stands between two others like any one-line one, and an `@` in a string
    or a comment counts for nothing. A line that closes more brackets than it opens may end
    such arguments: its decorator can only be the nearest line above that starts with `@` at
    the definition's indent, found by one search, not by reading the lines between."""
    names: list[str] = []
    margin = text[start : start + indent]
    tail = start - 1  # the newline that ends the lines not yet read as a decorator
    while tail > 0:
        begin = text.rfind("\n", 0, tail) + 1
        at = begin + indent
        if text.startswith("@", at) and text.startswith(margin, begin):
            name = text[at + 1 : tail]
            # (most decorators: on one line, nothing on it that could go on below)
            plain = name.isidentifier() or _ONE_LINE_DECORATOR.fullmatch(name)
            if not plain and not _decorator_ends_at(text, at, tail):
                break
        else:
            code = text[begin:tail]
            if text[tail - 1] not in _MAY_END_ARGUMENTS and "#" not in code:
                break  # (most often: the line above the decorators, a blank one or code)
            code = code.strip()
            if code[:1] == "#":
                tail = begin - 1  # a comment between two decorators
                continue
            if "#" in code:
                code = _ONE_LINE_STRING.sub("", code).partition("#")[0].rstrip()
            if not code or code.count(code[-1]) <= code.count(_OPENER.get(code[-1], "")):
                break  # code: no decorator's arguments end on it (`return f(x)`: not these)
            begin = text.rfind("\n" + margin + "@", max(tail - _DECORATOR_CHARS, 0), tail) + 1
            at = begin + indent
            if begin == 0 or not _decorator_ends_at(text, at, tail):
                break
            name = text[at + 1 : text.find("\n", at)]
        if not name.isidentifier():  # `@functools.cache`, `@deprecated("use g")`
            raw = text[at + 1 : tail]  # (all its lines: a route's path may be on the next)
            name = name.split("(", 1)[0].split("#", 1)[0].rsplit(".", 1)[-1].strip()
            if name in _ROUTE_METHODS and (path := _ROUTE_PATH.match(raw, raw.find("("))):
                name = f'{name}("{path.group(2)}")'
        names.append(name)
        tail = begin - 1
    return names[::-1]


# How far above the line that ends a decorator's arguments its `@` may be.
_DECORATOR_CHARS = 20_000
_OPENER = {")": "(", "]": "[", "}": "{"}
_MAY_END_ARGUMENTS = frozenset(")]} \t\r")  # (after a space, the bracket may be before it)
# A decorator whose line holds all of it: `functools.cache`, `app.route("/x", methods=m)`.
_ONE_LINE_DECORATOR = lazyre.compile(
    r"[\w.]++[ \t]*+(?:\((?:[^()\[\]{}'\"#\\\n]++|\"[^\"\\\n]*+\"|'[^'\\\n]*+'"
    r"|\((?:[^()\[\]{}'\"#\\\n]++|\"[^\"\\\n]*+\"|'[^'\\\n]*+')*+\))*+\))?[ \t]*+"
)
_ONE_LINE_STRING = lazyre.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
# What a decorator's expression may hold that decides where it ends.
_PY_EXPRESSION_MARK = lazyre.compile(r"\"\"\"|'''|[\"'#()\[\]{}\\\n]")
_PY_LONG_STRING_END = {q: lazyre.compile(rf"(?:[^\\]|\\.)*?{q}", re.S) for q in ('"""', "'''")}
_PY_SHORT_STRING_END = {q: lazyre.compile(rf"(?:[^\\{q}\n]|\\.)*{q}") for q in "\"'"}


def _decorator_ends_at(text: str, at: int, end: int) -> bool:
    """Whether the expression that starts at `text[at]` ends with the newline at `end`: no
    sooner (a line of its own, then others), no later (its brackets still open there)."""
    depth = 0
    k = at
    while (m := _PY_EXPRESSION_MARK.search(text, k, end + 1)) is not None:
        mark = m.group()
        k = m.end()
        if mark == "\n":
            if depth <= 0:
                return m.start() == end
        elif mark in "([{":
            depth += 1
        elif mark in ")]}":
            depth -= 1
        elif mark == "#":
            k = text.find("\n", k, end + 1)  # (the newline is then read as any other)
            if k < 0:
                return False
        elif mark == "\\":
            k += 1  # (what it escapes, a newline too: the line goes on)
        else:
            closing = (_PY_LONG_STRING_END if len(mark) == 3 else _PY_SHORT_STRING_END)[mark]
            string = closing.match(text, k, end + 1)
            if string is None:
                return False
            k = string.end()
    return False


# An exported binding of a value, with its type if it is given (`=>` within the type).
_JS_EXPORTED_VALUE = lazyre.compile(
    r"^(?P<head>export\s+(?:const|let|var)\s+)(?P<name>[\w$]+)\s*(?P<type>:(?:[^=]|=>)*?)?\s*=(?!>)"
)


def format_definition(
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
    if language == "Scala" and _SCALA_TYPE_OPERATOR.search(sig):
        # `A <: B`, `A =:= B`: operators of types, not a bracket nor a default's `=`. Read
        # with their characters standing for nothing else, then shown as written.
        masked = _SCALA_TYPE_OPERATOR.sub(lambda o: o.group().translate(_MASK), sig)
        shown, key, holds = format_definition(masked, language, lines, after, form, implied)
        unmask = _UNMASK
        return (shown.translate(unmask) if shown else shown), key.translate(unmask), holds
    if OPEN_SPACE.search(sig):
        sig = OPEN_SPACE.sub(r"\1", sig)
    if form is TYPED_METHOD or form is CS_DELEGATE:
        m = form.match(sig)
        close = match_bracket(sig, m.end() - 1) if m else -1
        shown = sig[: close + 1] if close > 0 else _strip_body(sig, language)
        if m is None:
            return shown, shown, False
        if language == "Java" and close > 0:
            # Parameters by name, as in the other languages (their types made half the line,
            # and a long list was cut with its last names lost); keyed by their types, so
            # that overloads are each a line (`typed_definition` tells them apart).
            params = split_top(sig[m.end() : close], ",", "\"'")
            names = f"({', '.join(filter(None, map(_java_param, params)))})"
            head = _java_head(sig[: m.end() - 1], names)
            types = ", ".join(_java_typed(p)[0] for p in params if p.strip())
            return head + names, f"{m.group('name')}({types})", False
        # Overloads are each shown: a constructor with and without its options are two.
        key = m.group("name") + SPACES.sub(" ", sig[m.end() - 1 : close + 1])
        if language == "C#":
            shown = cs_types_only(SPACES.sub(" ", shown))
        return shown, key, False
    if form is not None:
        m = form.match(sig)
        # (no arrow or keyword to look for)
        plain = form is JS_METHOD or form is GO_METHOD or form is KOTLIN_CONSTRUCTOR
        if m is None or (not plain and "=>" not in sig and "function" not in sig):
            if form is JS_BINDING and (value := _JS_EXPORTED_VALUE.match(sig)):
                # What a module exports besides functions (`export const nodeOps: Omit<...>
                # = {`, a table, a config object) is what others import: its name and type
                shown = f"{value.group('head')}{value.group('name')}{value.group('type') or ''}"
                return SPACES.sub(" ", shown).rstrip(), value.group("name"), False
            return None, "", False  # a value, not a function
    else:
        forms = {"Kotlin": KOTLIN_FUNCTION, "Swift": SWIFT_FUNCTION}
        m = forms.get(language, FUNCTION).match(sig)
        m = m if language in NAME_FIRST else None
    if m is None and language in JS and TS_OBJECT_ALIAS.match(sig := sig.rstrip()):
        # `export type Env = {`: an object type, its fields listed below as an interface's
        head = sig[: sig.rindex("{")].rstrip()
        empty = sig.endswith("}")
        return head + (" {}" if empty else " {"), head, not empty
    if m is None:
        shown = _strip_body(php_function(sig) if language == "PHP" else sig, language)
        if language in JS and TYPE_IMPORT.match(shown):
            return None, "", False  # `import { type A, ... }`: a name brought in, not defined
        bare = VISIBILITY.sub("", shown)  # `pub(crate) struct S(u8)`: S is before the "("
        # (past annotations first: `@SuppressWarnings("x") public class A` holds members)
        head = _ANNOTATIONS.sub("", bare).split("(")[0]
        container = CONTAINER.search(head) is not None or (
            language == "Rust" and RUST_MOD.match(bare) is not None  # `mod tests {`
        )
        if language == "Elixir" and (key := _elixir_key(shown)):
            return shown, key, container
        if language == "Ruby":  # `def self.name` and `def name=` are not `def name`
            return shown, shown if container else bare.split("(")[0].strip(), container
        if language == "Go" and bare.startswith("type "):  # `type F func(a A) error`: F
            return shown, bare.split()[1], container
        if language == "Kotlin" and container:
            shown = _kotlin_header(shown)
        elif language == "Java" and container and "{" in shown:
            shown = _java_one_line_type(shown)
        return shown, shown if container else _name_of(bare), container
    rest = m.group("rest")
    type_params = ""
    ts_params = ""  # a TypeScript function's type parameters, by name: its API's generics
    if rest.startswith(("<", "[")):  # type parameters: not what the reader looks for
        close = match_bracket(rest, 0)
        if language == "Go" and close > 0:  # (but a Go function's: nothing else names them)
            type_params = SPACES.sub(" ", rest[: close + 1])
        elif language in JS and close > 0 and rest[0] == "<":
            names_of = [
                _TS_TYPE_PARAM.match(p.strip()) for p in split_top(rest[1:close], ",", "'\"`")
            ]
            ts_params = "<" + ", ".join(n.group(0) for n in names_of if n) + ">"
            ts_params = "" if ts_params == "<>" else ts_params
        rest = rest[close + 1 :].lstrip() if close > 0 else rest
    if not rest.startswith("("):
        return _strip_body(sig, language), m.group("name"), False
    if language == "Elixir" and m.group("name") == "unquote":
        return _elixir_unquoted(m.group("head"), rest)
    if language == "Python":
        params, close = _python_params(rest)
    else:
        close = match_bracket(rest, 0)
        params = split_top(rest[1:close] if close > 0 else rest[1:], ",", _quotes(language))
    bound = form is JS_BINDING or form is JS_FIELD or form is JS_ASSIGNED  # `x = (a) =>`
    if bound and not m.group("fn"):
        # An arrow function: `=>` after its parameters (and type); not `(function(){})()`.
        # (Parameters that did not close within the lines joined are given the benefit.)
        tail = rest[close + 1 :].lstrip() if close > 0 else "=>"
        if not tail.startswith(("=>", ":")):  # an arrow, or its return type first
            return None, "", False
    names = _param_names(params, language, implied)
    if bound:
        run = "async " if m.group("async") else ""
        shown = f"{m.group('head')}{m.group('name')} = {run}{ts_params}({names}) =>"
        return shown, m.group("name"), False
    head = m.group("head")
    if (
        language == "Kotlin" and head and not head[-1].isspace()
    ):  # (`fun`: its spaces are not in it)
        head += " "
    key = m.group("name")
    if language == "Elixir":  # (`config/1` and `config/2` are two functions)
        key = _elixir_key(sig) or key
    if language == "Go" and (receiver := GO_RECEIVER.search(m.group("head"))):
        key = f"{receiver.group(1)}.{key}"
    elif language in JS:
        key = f"{key}({names})"  # overloads are each shown: `f(a)` and `f(a, options)`
    elif language == "Kotlin":  # overloads too: keyed by their parameters and types
        key = f"{key}({', '.join(f'{n}: {t}' for n, t in _kotlin_typed(params))})"
        if type_args := m.groupdict().get("types"):  # (a constructor has none)
            shown = f"{head}{SPACES.sub(' ', type_args)} {m.group('name')}({names})"
            shown += _kotlin_result(rest[close + 1 :]) if close > 0 else ""
            if len(shown) <= _WIDTH:
                return shown, key, False
            # (too long with their bounds: their names, which the parameters' types use)
            compact = [_kotlin_type_param(t) for t in split_top(type_args[1:-1], ",", '"')]
            head += f"<{', '.join(compact)}> "
    # A Go function's results (`error`, `(*Command, []string, error)`): what a caller must
    # check, which no other line shows; a Kotlin function's return type (`: String`), as a
    # Java method's stands before its name.
    results = ""
    if language == "Go" and close > 0:
        results = _go_results(rest[close + 1 :])
    elif language == "Kotlin" and form is None and close > 0:
        results = _kotlin_result(rest[close + 1 :])
    elif language == "Swift" and close > 0:
        results = _swift_result(rest[close + 1 :])
    elif (language == "Rust" or language in JS) and close > 0:
        results = _declared_result(rest[close + 1 :], "->" if language == "Rust" else ":")
    if type_params:
        shown = f"{head}{m.group('name')}{type_params}({names}){results}"
        if len(shown) <= _WIDTH:
            return shown, key, False
        # (too long with their constraints: their names, which the parameters' types use)
        named = [p.split()[0] for p in split_top(type_params[1:-1], ",", "`") if p.split()]
        head = f"{head}{m.group('name')}[{', '.join(named)}]"
        return f"{head}({names}){results}", key, False
    return f"{head}{m.group('name')}{ts_params}({names}){results}", key, False


def _elixir_unquoted(head: str, rest: str) -> tuple[str, str, bool]:
    """A function a macro names: `def unquote(:"#{helper}_path")(conn, opts)`, its name's
    expression kept whole (each expression a function, keyed by it), then its parameters."""
    close = match_bracket(rest, 0)
    if close < 0:
        return _strip_body(head + "unquote" + rest, "Elixir"), "unquote", False
    name = "unquote" + SPACES.sub(" ", rest[: close + 1])
    params = rest[close + 1 :].lstrip()
    if not params.startswith("("):  # (`def unquote(name), do: x`: no parameters)
        return f"{head}{name}", name, False
    end = match_bracket(params, 0)
    listed = split_top(params[1:end] if end > 0 else params[1:], ",", _quotes("Elixir"))
    return f"{head}{name}({_param_names(listed, 'Elixir')})", name, False


_TS_TYPE_PARAM = lazyre.compile(r"(?:const\s+|in\s+|out\s+)*[A-Za-z_$][\w$]*")
_GO_BRACED_TYPE = lazyre.compile(r"\b(?:interface|struct)\s*$")


def _before_body(tail: str) -> str:
    """`tail` up to the "{" that opens a Go function's body: an `interface{}` or a
    `struct{...}` among its results is part of them."""
    at = 0
    while (brace := tail.find("{", at)) >= 0:
        if not _GO_BRACED_TYPE.search(tail, 0, brace):
            return tail[:brace]
        close = match_bracket(tail, brace)
        if close < 0:
            return tail[:brace]
        at = close + 1
    return tail


_GO_RESULTS_WIDTH = 60  # longer (a func type with its own results): left to the outline
_KOTLIN_RESULT_WIDTH = 40  # longer: the type without its arguments (`Map`), or none
_KOTLIN_BODY = lazyre.compile(r"\{|(?<![-=!<>])=(?![=>])|\swhere\s|//|/\*")


# What a Swift function's parameters are followed by: its effects (`async`, `throws`, a typed
# `throws(ParseError)`, `rethrows`), then its result after `->`.
_SWIFT_EFFECTS = lazyre.compile(
    r"(?:(?:(?:async|reasync|rethrows)\b|throws\b(?:\s*\([^()]*\))?)\s*)*"
)
_SWIFT_BODY = lazyre.compile(r"\{|\swhere\s|//|/\*")


# A Swift property (`@Published public private(set) var value: T`, `static let shared =
# B()`, a protocol's `var x: Int { get }`), or an associated type a protocol declares.
_SWIFT_PROPERTY = lazyre.compile(
    r"(?P<mods>(?:(?:@[\w.]+(?:\((?:[^()]|\([^()]*\))*\))?|(?:public|private|fileprivate|"
    r"internal|package|open)(?:\(set\))?|static|class|final|lazy|weak|unowned(?:\(\w+\))?|"
    r"override|nonisolated|dynamic|required|optional|mutating|nonmutating)\s+)*)"
    r"(?P<kind>var|let)\s+(?P<name>[A-Za-z_]\w*|`[^`]+`)\s*(?P<rest>.*)$"
)
_SWIFT_ACCESSORS = lazyre.compile(r"\{\s*(get)\b(?:\s+(?:async|throws))*(?:\s+(set))?\s*\}")
_SWIFT_PUBLIC = frozenset({"public", "open", "package"})
_SWIFT_ASSOCIATED = lazyre.compile(r"associatedtype\s+(?P<name>\w+)")


def format_swift_member(stripped: str, public_only: bool = False) -> tuple[str, str] | None:
    """A Swift type's property as shown (`public var value: T`, `var x: Int { get }`: its
    modifiers but not its attributes, its type while short, a protocol's accessors) or a
    protocol's `associatedtype`, and its key; None for anything else, and for a private
    property (its type's state, no one else's), or with `public_only` (a library's file,
    which marks its API) one not marked `public`, `open` or `package`."""
    if m := _SWIFT_ASSOCIATED.match(stripped):
        shown = cut(SPACES.sub(" ", TRAILING_COMMENT.sub("", stripped)))
        return shown, f"associatedtype {m.group('name')}"
    m = _SWIFT_PROPERTY.match(stripped)
    if m is None:
        return None
    mods = [w for w in m.group("mods").split() if not w.startswith("@")]
    if "private" in mods or "fileprivate" in mods:
        return None
    if public_only and not _SWIFT_PUBLIC.intersection(mods):
        return None
    rest = m.group("rest")
    accessors = _SWIFT_ACCESSORS.search(rest)
    declared = rest.partition("{")[0]
    typed = _short_type(declared, '"') if declared.lstrip().startswith(":") else ""
    shown = " ".join([*mods, m.group("kind"), m.group("name")]) + typed
    if accessors:
        shown += " { " + " ".join(filter(None, accessors.groups())) + " }"
    return shown, f"{m.group('kind')} {m.group('name')}"


def _swift_result(tail: str) -> str:
    """` async throws -> T` for what follows a Swift function's parameters: its effects and
    its result type (long, without its type's arguments; cut off by the lines joined,
    none); "" when it declares neither."""
    tail = tail.lstrip()
    effects = _SWIFT_EFFECTS.match(tail)
    shown = SPACES.sub(" ", effects.group()).strip() if effects else ""
    tail = tail[effects.end() :] if effects else tail
    if tail.startswith("->"):
        typed = tail[2:]
        if body := _SWIFT_BODY.search(typed):
            typed = typed[: body.start()]
        typed = SPACES.sub(" ", typed).strip()
        plain = typed.replace("->", "")
        balanced = all(plain.count(a) == plain.count(b) for a, b in ("()", "[]", "<>"))
        if typed and balanced and not typed.endswith(("->", ",", ".", "&")):
            typed = _raw_type(typed) if len(typed) > _KOTLIN_RESULT_WIDTH else typed
            if len(typed) <= _KOTLIN_RESULT_WIDTH:
                shown = f"{shown} -> {typed}".lstrip()
    # A `where` clause: what tells overloads apart (`init(...) where Value == T?` and
    # `... where Value == [T]`), while short.
    where = _SWIFT_WHERE.search(tail)
    if where is not None:
        clause = SPACES.sub(" ", where.group(1)).strip().rstrip(",")
        if clause and len(clause) <= _KOTLIN_RESULT_WIDTH:
            shown = f"{shown} where {clause}".lstrip()
    return f" {shown}" if shown else ""


_SWIFT_WHERE = lazyre.compile(r"\swhere\s+([^{}/]*?)\s*(?:\{|//|/\*|$)")


def _kotlin_result(tail: str) -> str:
    """`: Type` for the return type declared after a Kotlin function's parameters (up to its
    body, its `= expression` or its `where` clause); "" when none is declared, or it is cut
    off by the lines joined."""
    tail = tail.lstrip()
    if not tail.startswith(":"):
        return ""
    typed = tail[1:]
    if body := _KOTLIN_BODY.search(typed):
        typed = typed[: body.start()]
    typed = SPACES.sub(" ", typed).strip()
    plain = typed.replace("->", "")
    if not typed or typed.endswith((",", "->", ".")):
        return ""
    if any(plain.count(a) != plain.count(b) for a, b in ("()", "[]", "<>")):
        return ""
    if len(typed) > _KOTLIN_RESULT_WIDTH:
        typed = _raw_type(typed)
    return f": {typed}" if len(typed) <= _KOTLIN_RESULT_WIDTH else ""


def _declared_result(tail: str, mark: str) -> str:
    """` -> T` for a Rust function's return type, `: T` for a TypeScript one's (up to its
    body, `where` clause or `;` outside brackets and strings), while short; "" when none is
    declared, it is long, or it is cut off by the lines joined."""
    tail = tail.lstrip()
    if not tail.startswith(mark):
        return ""
    typed = tail[len(mark) : len(mark) + _RESULT_READ]  # (no return type is longer)
    quotes = "\"'`" if mark == ":" else '"'  # (Rust's `'` begins a lifetime: `&'static str`)
    depth, quote, k = 0, "", 0
    while k < len(typed):
        c = typed[k]
        if quote:
            if c == "\\":
                k += 1
            elif c == quote:
                quote = ""
        elif c in quotes:
            quote = c
        elif typed.startswith(("=>", "->"), k):
            k += 1  # (an arrow's ">" closes nothing)
        elif c in "([<":
            depth += 1
        elif c in ")]>":
            depth -= 1
        elif depth == 0 and (
            c in "{;" or typed.startswith(("//", "/*"), k) or _RESULT_WHERE.match(typed, k)
        ):
            break
        k += 1
    typed = SPACES.sub(" ", typed[:k]).strip()
    plain = typed.replace("->", "").replace("=>", "")
    if (
        not typed
        or len(typed) > _RESULT_WIDTH
        or quote
        or typed.endswith(("|", "&", ",", "=>", "->"))
        or any(plain.count(a) != plain.count(b) for a, b in ("()", "[]", "{}", "<>"))
    ):
        return ""
    return f" -> {typed}" if mark == "->" else f": {typed}"


_RESULT_READ = 400  # characters of a declared return type read, at most
# A Rust or TypeScript return type longer than this is left to the outline (measured: at 40,
# tokio's 128k pack showed 90.8% of its definitions, not 99.6%, excalidraw's 79.6%, not 94.1%:
# signatures that grew past their share of the room were listed)
_RESULT_WIDTH = 12
_RESULT_WHERE = lazyre.compile(r"(?<!\w)where\b")  # a Rust `where` clause after the type


def _go_results(tail: str) -> str:
    """The results after a Go function's parameters, as written (" error", " (n int, err
    error)"), spaces made one; "" when there are none, or they are too long to show."""
    results = SPACES.sub(" ", _before_body(tail)).strip()
    if not results or len(results) > _GO_RESULTS_WIDTH or "//" in results:
        return ""
    if any(results.count(a) != results.count(b) for a, b in ("()", "[]")):
        return ""  # (cut off: the lines joined ended inside them)
    return " " + results


def typed_definition(sig: str, language: str, form: re.Pattern[str] | None = None) -> str | None:
    """A Java or Kotlin function's line with its parameters' types (`void write(int b)`), for
    an overload whose line by names alone would read as another's; None for anything else."""
    if OPEN_SPACE.search(sig):
        sig = OPEN_SPACE.sub(r"\1", sig)
    if language == "Java" and form is TYPED_METHOD and (m := form.match(sig)):
        close = match_bracket(sig, m.end() - 1)
        if close < 0:
            return None
        params = split_top(sig[m.end() : close], ",", "\"'")
        pairs = [_java_typed(p) for p in params if p.strip()]
        typed = f"({', '.join(' '.join(filter(None, p)) for p in pairs)})"
        head = _java_head(sig[: m.end() - 1], typed)
        shown = head + typed
        if len(shown) <= _NAMES_WIDTH:
            return shown
        # (cut, two long overloads would read as one again: their types' arguments go first)
        raw = (" ".join(filter(None, (_raw_type(t), n))) for t, n in pairs)
        return f"{head}({', '.join(raw)})"
    if language == "Swift" and form is None:
        return _swift_typed(sig.strip())
    if language != "Kotlin" or form not in (None, KOTLIN_CONSTRUCTOR):
        return None
    if m := (form or KOTLIN_FUNCTION).match(sig):
        rest = m.group("rest")
        close = match_bracket(rest, 0)
        if close < 0:
            return None
        params = split_top(rest[1:close], ",", '"')
        pairs = _kotlin_typed(params)
        typed = ", ".join(f"{n}: {t}" if t else n for n, t in pairs)
        if len(m.group("head")) + len(typed) > _NAMES_WIDTH - 40:  # (as Java's, for the cut)
            typed = ", ".join(f"{n}: {_raw_type(t)}" if t else n for n, t in pairs)
        tail = f"{m.group('name')}({typed})"
        tail += _kotlin_result(rest[close + 1 :]) if form is None else ""
        head = m.group("head")
        head += " " if head and not head[-1].isspace() else ""  # (`fun`; a constructor's: none)
        if types := m.groupdict().get("types"):
            shown = f"{head}{SPACES.sub(' ', types)} {tail}"
            if len(shown) <= _WIDTH:  # (as `format_definition` shows them)
                return shown
            compact = [_kotlin_type_param(t) for t in split_top(types[1:-1], ",", '"')]
            head += f"<{', '.join(compact)}> "
        return head + tail
    return None


_TYPE_ARGUMENTS = lazyre.compile(r"<[^<>]*>")


def _raw_type(written: str) -> str:
    """A type without its arguments: `Map<K, List<V>>` as `Map`, `Column<T>?` as `Column?`."""
    while "<" in written and (shorter := _TYPE_ARGUMENTS.sub("", written)) != written:
        written = shorter
    return written


def _kotlin_typed(params: list[str]) -> list[tuple[str, str]]:
    """Each Kotlin parameter's name and type as written (spaces made one; ` = …` after it
    when it has a default: a call may leave it out)."""
    typed = []
    for param in params:
        if not param.strip():
            continue
        declared, *default = split_top(param, "=", '"') if "=" in param else (param,)
        name, *types = split_top(declared, ":", '"')
        written = SPACES.sub(" ", ":".join(types).strip())
        typed.append((_ANNOTATIONS.sub("", name.strip()), written + (" = …" if default else "")))
    return typed


def _kotlin_type_param(declared: str) -> str:
    """A Kotlin type parameter's name, without its bound or `reified` (`in`, `out` stay)."""
    words = split_top(declared, ":", '"')[0].split()
    return " ".join(w for w in words if w != "reified") if words else declared.strip()


# Annotations before a definition on its line (`@Suppress("x")`, `@Serializable(with = S::class)`).
_ANNOTATIONS = lazyre.compile(r"^(?:@(?!interface\b)[\w.]+(?:\([^()]*\))?\s+)+")

# In a Java parameter, what says nothing of its name: annotations (`@Nullable`,
# `@SuppressWarnings("x")`) and type arguments standing apart from a type's name.
_JAVA_ANNOTATION = r"@[\w.]+(?:\((?:[^()]|\([^()]*\))*\))?\s*"
_JAVA_TYPE_PARAMS = r"(?<![\w>])<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>"
_JAVA_HEAD_NOISE = lazyre.compile(_JAVA_ANNOTATION + "|" + _JAVA_TYPE_PARAMS + r"\s*")
_JAVA_ANNOTATIONS = lazyre.compile(_JAVA_ANNOTATION)
_JAVA_METHOD_TYPES = lazyre.compile(_JAVA_TYPE_PARAMS)


def _java_head(head: str, params: str) -> str:
    """A Java method's line up to its parameters, without annotations. Its type parameters
    stay (`<T, R> List<R> map`: they declare what the return type names), by their names
    alone when their bounds would make the line too long."""
    head = _JAVA_ANNOTATIONS.sub("", head).strip()
    m = _JAVA_METHOD_TYPES.search(head)
    if m is not None and len(head) + len(params) > _WIDTH:
        names = [p.split()[0] for p in split_top(m.group()[1:-1], ",", "") if p.strip()]
        head = f"{head[: m.start()]}<{', '.join(names)}>{head[m.end() :]}"
    return head


_JAVA_PARAM_NAME = lazyre.compile(r"([A-Za-z_$][\w$]*)\s*(?:\[\s*\]\s*)*$")


def _java_param(param: str) -> str:
    """A Java parameter's name (`...args` for varargs), without its annotations, modifiers
    and type."""
    param = _JAVA_HEAD_NOISE.sub("", param).strip()
    m = _JAVA_PARAM_NAME.search(param)
    if m is None:
        return param
    return ("..." if param[: m.start()].rstrip().endswith("...") else "") + m.group(1)


def _java_typed(param: str) -> tuple[str, str]:
    """A Java parameter's type (`byte[]`, `String...`) and name, without its annotations and
    modifiers."""
    param = _JAVA_HEAD_NOISE.sub("", param).strip()
    param = re.sub(r"^(?:final\s+)+", "", param)
    m = _JAVA_PARAM_NAME.search(param)
    if m is None:
        return SPACES.sub(" ", param), ""
    dims = re.sub(r"\s+", "", param[m.end(1) :])  # `int a[]`: an array all the same
    return SPACES.sub(" ", param[: m.start()].strip()) + dims, m.group(1)


_FIELD_TYPE_WIDTH = 30  # a longer type is left to the outline: the name is what is looked for
TRAILING_COMMENT = lazyre.compile(r"\s*(?://.*|/\*.*?\*/\s*)$")


def _short_type(declared: str, quotes: str) -> str:
    """`: Type` from what follows a field's name, when it is there, whole and short."""
    declared = declared.strip()
    if not declared.startswith(":"):
        return ""
    if "/" in declared:  # (a comment after it: `line: number; // zero-based`)
        declared = TRAILING_COMMENT.sub("", declared)
    typed = split_top(declared[1:], "=", quotes)[0] if "=" in declared else declared[1:]
    typed = typed.partition(" by ")[0].strip().rstrip(";,").strip()
    plain = typed.replace("->", "").replace("=>", "")
    if any(plain.count(a) != plain.count(b) for a, b in ("()", "[]", "{}", "<>")):
        # A bracket left open: the type goes on below. Its name says what it is
        # (`procedure: ProcedureBuilder<` / `TContext,` / `>`: `ProcedureBuilder<…>`).
        head = _OPEN_TYPE.match(typed)
        return f": {head.group(1)}…{_CLOSER[head.group(2)]}" if head else ""
    if not typed or typed.endswith(("|", "&", "=>", "->")):
        return ""
    typed = SPACES.sub(" ", typed)
    typed = typed if len(typed) <= _FIELD_TYPE_WIDTH else _shortened(typed, quotes)
    return ": " + typed if typed else ""


def _shortened(typed: str, quotes: str, depth: int = 0) -> str:
    """A type too long for a field's line, shortened to what still says what it is: a
    function type to its result (`(…) => Promise<void>`), a union to its first members
    (`"GET" | "POST" | …`), a generic type to its name (`Map<…>`); "" for anything else."""
    if typed.startswith("(") and (close := match_bracket(typed, 0)) > 0:
        after = typed[close + 1 :].strip()
        if after.startswith(("=>", "->")):
            result = after[2:].strip()
            if len(result) > _FIELD_TYPE_WIDTH:
                result = _shortened(result, quotes, depth + 1) if depth < 2 else ""
            return f"(…) {after[:2]} {result}" if result else ""
        return ""
    members = split_top(typed, "|", quotes)
    if len(members) > 1:
        kept = ""
        for member in (m.strip() for m in members):
            if len(kept) + len(member) + 3 > _FIELD_TYPE_WIDTH - 4:
                break
            kept += f"{member} | "
        return kept + "…" if kept else ""
    head = _OPEN_TYPE.match(typed)
    if head and match_bracket(typed, head.end() - 1) == len(typed) - 1:
        return f"{head.group(1)}…{_CLOSER[head.group(2)]}"
    return ""


_OPEN_TYPE = lazyre.compile(r"([A-Za-z_$][\w.$]{0,60}([<(\[{]))")
_CLOSER = {"<": ">", "(": ")", "[": "]", "{": "}"}


def format_kotlin_property(stripped: str, constants: bool = False) -> tuple[str, str] | None:
    """A Kotlin class's property as shown (`var retries: Int`) and its key; None for what a
    reader of the class's API does not see (a private or internal one) or looks for in the
    outline (a `const`, unless `constants`: a companion's, `const val VERSION`, are the
    class's API as its functions are)."""
    m = KOTLIN_PROPERTY.match(stripped)
    if m is None:
        return None
    mods = m.group("mods").split()
    if "private" in mods or "internal" in mods or ("const" in mods and not constants):
        return None  # (a builder's state, `internal var cache: Cache?`, is no one else's)
    # (`@JvmField`: to Java callers, a field, not a getter)
    shown = " ".join(w for w in ("@JvmField", "protected", "const") if w in mods)
    name = m.group("name")
    # (a getter on the property's line is its body: `val String.isBlank: Boolean get() = ...`)
    typed = _short_type(_KOTLIN_ACCESSOR.split(m.group("rest"), 1)[0], '"')
    shown = f"{shown} {m.group('kind')} {name}{typed}".lstrip()
    return shown, f"{m.group('kind')} {name}"


# (a Go field's line is its name and type alone: a hook's, `func(cmd *Command, args []string)
# error`, says what it is called with)
_GO_FIELD_TYPE_WIDTH = 50


def format_go_field(stripped: str) -> tuple[str, str] | None:
    """A Go struct's exported field as shown (`Name string`, `X, Y int`; a long type, or a
    struct's own, left to the outline) and its key; None for an unexported one."""
    m = GO_FIELD.match(stripped)
    if m is None:
        return None
    names = [n.strip() for n in m.group("names").split(",") if n.strip()[:1].isupper()]
    if not names:
        return None
    typed = SPACES.sub(" ", m.group("type")).removesuffix("{").strip()
    shown = ", ".join(names)
    plain = typed.replace("<-", "")
    if len(typed) <= _GO_FIELD_TYPE_WIDTH and all(
        plain.count(a) == plain.count(b) for a, b in ("()", "[]", "{}")
    ):
        shown += " " + typed
    return shown, "." + shown.partition(" ")[0]


def format_field(stripped: str) -> tuple[str, str] | None:
    """A TypeScript interface's field as shown (`name?: string`) and its key."""
    m = TS_FIELD.match(stripped)
    if m is None:
        return None
    name = m.group("name") + m.group("optional")
    return name + _short_type(":" + m.group("rest"), _quotes("TypeScript")), m.group("name")


def _kotlin_header(shown: str) -> str:
    """A Kotlin type's line, its primary constructor's parameters joined from several lines
    (`(builder: Builder, )` read `(builder: Builder)`); when too long to show whole, the
    parameters by name (`val host`: which are properties), types and defaults dropped."""
    if "/*" in shown:  # (a property's KDoc among the parameters; one cut off ends them)
        shown = _BLOCK_COMMENT.sub("", shown).partition("/*")[0].rstrip()
    shown = _KOTLIN_CLOSE.sub("", shown)
    if "{" in shown and not _KOTLIN_ENUM.match(shown):  # (an enum's `{ A, B }` names it all)
        shown = _head_of(shown, "{")  # `class Cursor(val pos: Int) { fun next() = pos }`
    if len(shown) <= _WIDTH:
        return shown
    m = _KOTLIN_CONSTRUCTOR.search(shown)
    if m is None:
        return shown
    close = match_bracket(shown, m.end() - 1)
    params = split_top(shown[m.end() : close if close > 0 else len(shown)], ",", '"')
    if close < 0:  # (more lines than are joined: the last one read is cut off)
        params[-1], close, shown = "…", len(shown), shown + ")"
    names = []
    for param in params:
        declared = _KOTLIN_ANNOTATION.sub("", param)  # (`@get:JvmName("x")`: a colon too)
        declared = split_top(declared, "=", '"')[0] if "=" in declared else declared
        declared = split_top(declared, ":", '"')[0] if ":" in declared else declared
        words = declared.split()
        # (a private one is the constructor's alone, as a plain parameter is)
        shown_words = () if "private" in words else ("val", "var", "vararg")
        kept = [w for w in words[:-1] if w in shown_words] + words[-1:]
        names.append(" ".join(kept))
    return f"{shown[: m.end()]}{', '.join(filter(None, names))}{shown[close:]}"


_PROPERTY_LINES = 300  # how far below a Kotlin type's name its primary constructor is read
_LINE_COMMENT = lazyre.compile(r"\s//[^\"]*$")
_BLOCK_COMMENT_LINES = lazyre.compile(r"/\*.*?\*/")


def kotlin_cut_properties(
    lines: list[str], start: int, shown: str
) -> tuple[list[tuple[str, str]], int]:
    """The public properties of the Kotlin type at `lines[start]` its primary constructor
    declares (`val dns: Dns`) and its line `shown`, cut, does not name: each as shown and
    keyed as one declared in its body (types kept while short, defaults and annotations
    dropped); and the index of the line after the one that closes that constructor (-1: not
    found), which may be further than a definition's lines are joined."""
    parts = [_LINE_COMMENT.sub("", line) for line in lines[start : start + _PROPERTY_LINES]]
    text = " ".join(parts)
    if "/*" in text:  # (a property's KDoc: one character for each, so that lines count)
        text = _BLOCK_COMMENT_LINES.sub(lambda c: " " * len(c.group()), text)
    m = _KOTLIN_CONSTRUCTOR.search(text)
    if m is None:
        return [], -1
    close = match_bracket(text, m.end() - 1)
    found = []
    for param in split_top(text[m.end() : close if close > 0 else len(text)], ",", '"'):
        prop = format_kotlin_property(SPACES.sub(" ", param).strip())
        if prop is None:
            continue
        name = re.escape(prop[1].partition(" ")[2])
        if not re.search(rf"\b(?:val|var) {name}(?:[,)]|$)", shown):
            found.append(prop)
    if close < 0:
        return found, -1
    end, at = start, 0
    for part in parts:  # (the line that holds the `)`)
        at += len(part) + 1
        end += 1
        if at > close:
            break
    return found, end


def _java_one_line_type(shown: str) -> str:
    """A Java type written on one line with its body (`record Point(int x, int y) { ... }`)
    as its head; an enum's with its constants (`enum Color { RED, GREEN }`), as an enum over
    lines shows them."""
    head = _head_of(shown, "{")
    if head == shown:
        return shown
    if JAVA_ENUM.search(head):
        body = shown[shown.index("{", len(head)) + 1 :]
        names = constant_names(body.partition(";")[0].rstrip().removesuffix("}"))
        if names:
            return f"{head} {{ {', '.join(names)} }}"
    return head


def _head_of(sig: str, ends: str) -> str:
    """`sig` up to the first of `ends` outside brackets and strings (its body on its line, a
    Scala self-type's `{ self: A =>`), without the spaces before it. An `=` ends it alone,
    not in `=>`, `==`, `<=`, `>=` or `!=`."""
    for k, c, depth in _top_level(sig, "([", ")]"):
        if depth == 0 and c in ends:
            if c == "=" and (
                sig[k + 1 : k + 2] in ("=", ">") or sig[k - 1 : k] in ("=", "<", ">", "!")
            ):
                continue
            return sig[:k].rstrip()
    return sig


def _top_level(text: str, opens: str, closes: str) -> Iterator[tuple[int, str, int]]:
    """Each character of `text` outside quoted strings, its index and the depth of `opens`
    around it (a bracket's own: the depth inside it). Unlike `split_top`, it counts only the
    brackets named: `<` is a comparison, and `{` a body to stop at, in a Scala line."""
    depth = 0
    quote = ""
    for k, c in enumerate(text):
        if quote:
            if c == quote and text[k - 1] != "\\":
                quote = ""
        elif c in "\"'":
            quote = c
        else:
            if c in opens:
                depth += 1
            elif c in closes:
                depth -= 1
            yield k, c, depth


_KOTLIN_ENUM = lazyre.compile(r"(?:\w+\s+)*enum\s+class\b")
_BLOCK_COMMENT = lazyre.compile(r"/\*.*?\*/\s*")
_KOTLIN_ACCESSOR = lazyre.compile(r"\s+(?:(?:private|protected|internal)\s+)?[gs]et\s*\(")
_KOTLIN_ANNOTATION = lazyre.compile(r"@[\w.:]+(?:\((?:[^()]|\([^()]*\))*\))?\s*")
_KOTLIN_CLOSE = lazyre.compile(r",?\s*(?=\))|(?<=\()\s+")  # `( a, )` read `(a)`
# The "(" of a Kotlin type's primary constructor: after its name and type parameters, or
# after `constructor` (`class A @Inject internal constructor(`), past an annotation's own
# (`class A @Throws(IOException::class) constructor(`).
_KOTLIN_CONSTRUCTOR = lazyre.compile(
    r"\b(?:class|object)\s+[\w`]+\s*(?:<(?:[^<>]|<[^<>]*>)*>)?"
    r"(?:[^(:{@]|@[\w.]+(?:\((?:[^()]|\([^()]*\))*\))?){0,200}?\(|\bconstructor\s*\("
)


def format_python(sig: str, implied: frozenset[str] = frozenset()) -> tuple[str, str]:
    """`format_definition` for Python (shown, key), sooner for `def f(a, b=1):` and
    `class C(B):`."""
    m = _PY_PLAIN_DEF.match(sig)
    if m is not None:
        # Nothing in the parentheses nests or quotes: they close at the first ")", and space
        # after the "(" is stripped off the first parameter anyway.
        head, name, inner = m.groups()
        return f"{head}{name}({_plain_params(inner, implied)})", name
    if sig.startswith("class ") and not OPEN_SPACE.search(sig):
        shown = _class_header(sig.rstrip())
        container = CONTAINER.search(shown.split("(")[0]) is not None
        return shown, shown if container else _name_of(shown)
    shown_line, key, _ = format_definition(sig, "Python", [], 0, implied=implied)
    if sig.startswith("class ") and shown_line:
        # Bases over lines, joined: `class C(B, )` as `class C(B)` (the key was the line)
        shown_line = key = _CLOSE_SPACE.sub(r"\1", shown_line)
    return shown_line or "", key


# Words that may stand between Cython's `cdef` and what it declares.
CY_MODIFIERS = "public|api|readonly|final|packed|extern|inline|static|nogil|const"
_CY_TYPE = lazyre.compile(
    rf"(?P<kind>c?p?def|ctypedef)\s+(?:(?:{CY_MODIFIERS})\s+)*"
    r"(?:(?P<what>class|cppclass|struct|union|enum|fused)\b)?"
)
# A C declarator's name: the last word, after its type and any `*` (`const char *s`).
_C_POINTER = lazyre.compile(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(")  # `int (*cmp)(int, int)`
_C_DECLARATOR = lazyre.compile(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$")


def format_cython(
    sig: str, implied: frozenset[str] = frozenset(), c_declaration: bool = False
) -> tuple[str | None, str]:
    """`format_python` for Cython (shown, key; shown None: not a definition), and for the C
    declarations of a `cdef extern from` block (`c_declaration`: no keyword before them).

    Functions are shown as Python's, with their keyword: `cdef push(value, ref=0)`. Their C
    types, the parameters' and the return type, are dropped as Python's annotations are: the
    name and the parameters' names are what a reader looks for. A type's declaration (a
    `cdef class`, a C struct, a `ctypedef`) shows its line as written."""
    sig = SPACES.sub(" ", sig).strip()
    if c_declaration:
        if _C_TYPE.match(sig):  # `struct s:`, `cppclass vector[T]:`
            return _class_header(sig.removesuffix(":").rstrip() + ":"), sig
        f = _CY_NAMED.match(sig)
        return _cython_function("", f.group("name"), f.group("rest"), implied) if f else (None, "")
    if sig.startswith("cdef extern"):
        shown = _class_header(sig.removesuffix(":").rstrip() + ":")
        return shown, shown
    m = _CY_TYPE.match(sig)
    if m is None or (m.group("kind") == "def" and m.group("what") is None):
        if sig.startswith(("class ", "async ")):
            return format_python(sig, implied)
        m = _CY_FUNCTION.match(sig)
        if m is None:
            return None, ""
        return _cython_function("def", m.group("name"), m.group("rest"), implied)
    if m.group("kind") == "ctypedef" or m.group("what"):
        shown = _class_header(sig.removesuffix(":").rstrip() + ":")
        if m.group("kind") == "ctypedef":
            return shown, shown  # (`ctypedef void (*f)(int)`: the name is not last)
        words = re.findall(r"[A-Za-z_]\w*", shown[m.end() :].split("(")[0].split("[")[0])
        return (shown, words[-1]) if words else (None, "")
    rest = sig[m.end() :].lstrip()
    if rest.startswith("("):  # a C tuple returned: `cdef (int, int) f(x)`
        close = match_bracket(rest, 0)
        rest = rest[close + 1 :] if close > 0 else rest
    f = _CY_NAMED.match(rest)
    if f is None:
        return None, ""
    return _cython_function(m.group("kind"), f.group("name"), f.group("rest"), implied)


_C_TYPE = lazyre.compile(r"(?:packed\s+)?(?:struct|union|enum|cppclass)\s")
_CY_FUNCTION = lazyre.compile(r"def\s+(?P<name>\w+)\s*(?P<rest>\(.*)$")
# After the return type: the function's name and its parameters.
_CY_NAMED = lazyre.compile(r"(?:[^=(\[]|\[[^\]]*\])*?(?P<name>\w+)\s*(?P<rest>\(.*)$")


def _cython_function(
    keyword: str, name: str, rest: str, implied: frozenset[str]
) -> tuple[str | None, str]:
    """`keyword name(parameter names)`, from the parameters `rest` opens with."""
    params, close = _python_params(rest)
    if close > 0 and rest[close + 1 :].lstrip().startswith("("):
        return None, ""  # `cdef int (*handler)(int)`: a variable that holds a function
    names: list[str] = []
    skipped = False
    for param in params:
        shown = _cython_param(param)
        if not shown:
            continue
        if shown in implied and not names and not skipped:
            skipped = True  # the receiver: only the first parameter may be one
            continue
        names.append(shown)
    return f"{keyword} {name}({', '.join(names)})".lstrip(), name


def _cython_param(param: str) -> str:
    """A parameter's name (and short default) from Python's `a: int = 1` or C's `int a=1`,
    `double[:, ::1] a`, `ndarray a not None`; a C prototype's bare type (`int`) as written."""
    declared, *default = split_top(param, "=", "\"'") if "=" in param else (param.strip(),)
    declared = re.sub(r"\s+(?:not|or)\s+None$", "", declared.strip())
    if ":" in declared:
        declared = split_top(declared, ":", "\"'")[0].strip()
    if " " in declared or "*" in declared.lstrip("*"):
        named = _C_POINTER.search(declared) or _C_DECLARATOR.search(declared)
        declared = named.group(1) if named else declared
    if default and declared:
        value = "=".join(default).strip()
        declared += "=" + (value if len(value) <= _DEFAULT_WIDTH else "…")
    return declared


_CLOSE_SPACE = lazyre.compile(r",?\s+([)\]])")


def _class_header(sig: str) -> str:
    """`class C(B)` from `class C(B):`, and from `class C(B): x = 1`, a body on its line."""
    if sig.endswith(":") and sig.count(":") == 1:
        return sig[:-1]
    depth = 0
    for k, c in enumerate(sig):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == ":" and depth == 0:
            return sig[:k]
    return sig


def _plain_params(inner: str, implied: frozenset[str]) -> str:
    """`_param_names` for Python parameters without brackets or quotes, so split as written."""
    if "=" not in inner and ":" not in inner:  # the most common: bare names
        bare = [name for name in map(str.strip, inner.split(",")) if name]
        skip = 1 if bare and bare[0] in implied else 0
        if skip and skip < len(bare) and bare[skip] == "/":
            skip += 1  # `self, /`: the marker would stand first, which no signature can
        return ", ".join(bare[skip:])
    names: list[str] = []
    skipped = False
    for param in inner.split(","):
        if "=" in param and "==" not in param and "!=" not in param:  # (no "<=", ">=", "=>")
            declared, _, value = param.partition("=")
        else:
            declared, value = param, None
        if value is None and not param.strip():
            continue
        name = declared.partition(":")[0].strip()
        if not names and ((name in implied and not skipped) or (name == "/" and skipped)):
            skipped = True  # (`self, /`: the marker would stand first, which no signature can)
            continue
        if value is not None:
            value = value.strip()
            name += "=" + (value if len(value) <= _DEFAULT_WIDTH else "…")
        names.append(name)
    return ", ".join(names)


_PY_PLAIN_DEF = lazyre.compile(r"((?:async\s+)?def\s+)([\w$]+)\s*\(([^()\[\]{}<>\"'`]*)\)")


def _strip_body(sig: str, language: str) -> str:
    sig = sig.rstrip()
    if language == "Python":
        return sig.removesuffix(":")
    sig = re.sub(r"\s*\bwhere\b.*$", "", sig) if language == "Rust" else sig
    if language == "Scala":
        # Not a body on its line: `def toString = s"..."` (a declared type stays), `class A
        # { def f = 1 }`; nor a self-type, `trait T { self: Controller =>`.
        sig = _head_of(sig, "{=" if _SCALA_DEF.match(sig) else "{")
    if language == "Elixir":  # `def f(x) when is_atom(x), do: x` and `defmodule M do`
        sig = re.sub(r"(?:,\s*do:.*|\s+do)$", "", sig)
    sig = sig.removesuffix("{}").rstrip(" {;")
    if language in JS and sig.endswith(("&", "|")) and not sig.endswith(("&&", "||")):
        return sig + " …"  # `type P = A &`: the rest of the type is on the lines below
    return sig


# Scala's bounds (`A <: B`, `A >: B`, a view bound `A <% B`) and evidence (`A =:= B`,
# `A <:< B`); and characters, found in no code, that stand for theirs while a line is read.
_SCALA_TYPE_OPERATOR = lazyre.compile(r"<:<|=:=|<:|>:|<%")
_MASK = str.maketrans({"<": "\ue000", ">": "\ue001", "=": "\ue002"})
_UNMASK = str.maketrans({"\ue000": "<", "\ue001": ">", "\ue002": "="})
_SCALA_DEF = lazyre.compile(r"(?:[\w@.\[\]]+\s+)*def\s")


# An Elixir function whose name ends in `!` or `?` (`broadcast!`, `server?`), which FUNCTION
# does not read, or a callback: a function of its own for each name, mark and arity.
_ELIXIR_NAMED = lazyre.compile(
    r"\s*(?P<kind>@(?:macro)?callback|def\w*)\s+(?P<name>[\w$]+[!?]?)\s*(?P<open>\()?"
)


def _elixir_key(line: str) -> str:
    """`broadcast!/3`, `callback broadcast/3`: what makes an Elixir definition a repeat."""
    m = _ELIXIR_NAMED.match(line)
    if m is None:
        return ""
    arity = 0
    if m.group("open"):
        close = match_bracket(line, m.start("open"))
        inner = line[m.end("open") : close] if close > 0 else line[m.end("open") :]
        arity = len([p for p in split_top(inner, ",", _quotes("Elixir")) if p.strip()])
    kind = "callback " if m.group("kind").startswith("@") else ""
    return f"{kind}{m.group('name')}/{arity}"


def _name_of(line: str) -> str:
    head = line.split("(")[0]
    if "<" in head:  # type parameters name no definition: `type A<T> = ...` is `A`
        head = without_type_params(head)
    words = re.findall(r"[\w$]+", head.split("=")[0])
    return words[-1] if words else line


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


_PY_PARAM_MARK = lazyre.compile(r"[\"'()\[\]{},]")
# The rest of a string after its opening quote: escapes step over the character they escape.
_PY_STRING_END = {q: lazyre.compile(rf"(?:[^\\{q}]|\\.)*{q}") for q in "\"'"}


def _param_names(params: list[str], language: str, implied: frozenset[str] = frozenset()) -> str:
    names: list[str] = []
    skipped = False
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
        if (
            language == "Python"
            and not names
            and ((name in implied and not skipped) or (skipped and name == "/"))
        ):
            skipped = True  # every method has it: the class above says whose it is
            continue  # (and `self, /` would leave the marker first, which no signature can)
        if default:
            value = "=".join(default).strip()
            name += "=" + (value if len(value) <= _DEFAULT_WIDTH else "…")
        names.append(name)
    return ", ".join(names)


_CS_ACCESSOR = lazyre.compile(
    r"(?:(?:private|protected|internal)\s+)*(?:get|set|init|add|remove)\b"
)
_CS_DECLARING = frozenset(
    {"class", "struct", "interface", "enum", "record", "namespace", "delegate"}
)
# Attributes before a parameter or an accessor (`[NotNullWhen(true)] out T? value`): at its
# start only, so an array's brackets (`int[] indices`, `params object[] args`) stay its type's.
_CS_ATTRIBUTES = lazyre.compile(r"^(?:\s*\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\])+\s*")


def cs_member(stripped: str, lines: list[str], after: int) -> tuple[str, str] | None:
    """A C# property, event, indexer or operator on this line (a type's member): its line
    as shown (accessors, not bodies or initial values) and its key; None for anything else
    (a field, a method, a statement). `after`: the index of the line below it."""
    if m := CS_OPERATOR.match(stripped):
        close = match_bracket(stripped, m.end() - 1)
        if close < 0:
            return None
        head = SPACES.sub(" ", m.group("head").strip())
        line = f"{head}{stripped[m.end() - 1 : close + 1]}"
        return cs_types_only(line), f"{head}({_cs_types(stripped[m.end() : close])})"
    if m := CS_EVENT.match(stripped):
        return SPACES.sub(" ", f"{m.group('head')} {m.group('name')}"), m.group("name")
    if m := CS_INDEXER.match(stripped):
        close = match_bracket(stripped, m.end() - 1)
        if close < 0:
            return None
        line = f"{m.group('head')} {m.group('name')}{stripped[m.end() - 1 : close + 1]}"
        rest = stripped[close + 1 :].strip()
        return SPACES.sub(" ", line) + _cs_accessors(rest, lines, after), m.group("name")
    m = CS_PROPERTY.match(stripped)
    if m is None:
        return None
    words = m.group("head").split()
    if words[-1] in CS_NOT_TYPES or _CS_DECLARING.intersection(words):
        return None
    rest = m.group("rest")
    if not rest:  # its accessors on the lines below (`{` alone on the next line)
        below = next((x.strip() for x in lines[after : after + 3] if x.strip()), "")
        if not below.startswith("{"):
            return None
    line = SPACES.sub(" ", f"{m.group('head')} {m.group('name')}")
    return line + _cs_accessors(rest, lines, after), m.group("name")


def _cs_accessors(rest: str, lines: list[str], after: int) -> str:
    """` { get; private set; }` for a property's accessors, from its line or the body below."""
    if rest.startswith("=>"):
        return " { get; }"
    body_lines = [rest]
    depth, opened = rest.count("{") - rest.count("}"), "{" in rest
    # (over lines: up to where its braces close; a long getter is rare)
    for x in lines[after : after + 40] if depth > 0 or not rest else ():
        body_lines.append(x)
        depth += x.count("{") - x.count("}")
        opened = opened or "{" in x
        if depth <= 0 and opened:
            break
    body = "\n".join(body_lines)
    found: list[str] = []
    for part in re.split(r"[{};]", body):
        a = _CS_ATTRIBUTES.sub("", part.strip())
        if (k := _CS_ACCESSOR.match(a)) and k.group() not in found:
            found.append(SPACES.sub(" ", k.group()))
    return " { " + "; ".join(found) + "; }" if found else ""


def _cs_types(params: str) -> str:
    """A C# parameter list by its types alone (with `out`, `ref`, `in`, `this`, `params`):
    what tells overloads apart."""
    out = []
    for p in split_top(params, ",", "\"'"):
        p = _CS_ATTRIBUTES.sub("", p).strip()
        if not p:
            continue
        p, eq, _ = p.partition("=")
        words = p.split()
        typed = " ".join(words[:-1]) if len(words) > 1 else p.strip()
        out.append(SPACES.sub(" ", typed) + (" = …" if eq else ""))
    return ", ".join(out)


def cs_types_only(line: str) -> str:
    """A C# definition's line, its parameters by their types alone when it is too long
    whole (cut at the width, a long list lost the types that tell overloads apart)."""
    if len(line) <= _WIDTH:
        return line
    open_ = line.find("(")
    close = match_bracket(line, open_) if open_ > 0 else -1
    if close < 0:
        return line
    return f"{line[:open_]}({_cs_types(line[open_ + 1 : close])}){line[close + 1 :]}"


_SWIFT_ATTRIBUTES = lazyre.compile(r"@\w+(?:\([^()]*\))?\s*")


def _swift_typed(sig: str) -> str | None:
    """A Swift function's line with its parameters' labels and types (`perform handler:
    (HTTPURLResponse) -> Void`), for an overload its labels alone would show as another."""
    m = SWIFT_FUNCTION.match(sig)
    if m is None:
        return None
    rest = m.group("rest")
    opener = rest.find("(")
    close = match_bracket(rest, opener) if opener >= 0 else -1
    if close < 0:
        return None
    typed = []
    for p in split_top(rest[opener + 1 : close], ",", '"'):
        label, colon, declared = p.partition(":")
        if not colon:
            continue
        kind, eq, _ = declared.partition("=")
        kind = _SWIFT_ATTRIBUTES.sub("", kind).strip()
        typed.append(
            f"{SPACES.sub(' ', label.strip())}: {SPACES.sub(' ', kind)}" + (" = …" if eq else "")
        )
    results = _swift_result(rest[close + 1 :])
    return f"{m.group('head')}{m.group('name')}{rest[:opener]}({', '.join(typed)}){results}"
