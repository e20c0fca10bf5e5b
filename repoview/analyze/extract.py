"""What a file names as imports, read from its syntax tree (before any resolution).

tree-sitter parses each language it has a grammar for, so an import inside a string, a
docstring or a comment is not an import. Python, the costliest to parse and the most
common, is read without a tree (`pyimports.py`: strings and comments blanked, then the
statements matched). The answer is plain JSON-able data (a list of specs, each a list of
strings) so it can be cached by content:

- Python: ``["import", "a.b"]`` or ``["import", "a.b", "alias"]``; ``["from", "..pkg", "x,y"]``
  (leading dots: relative level; "*" among the names for `import *`), followed by
  ``["as", "..pkg", "x=alias"]`` when some names are renamed
- JS/TS: ``["module", "./x", "a,default"]``: an import and the names it takes ("*": all or
  unknown: `import * as ns` used bare, require(); "": none, a side-effect import or an
  `import()` whose names are not read);
  ``["reexport", "./x", "a,b=c,ns=*"]``: `export ... from` (exported=name there; "*" alone
  for `export *`); ``["exports", "", "a,b"]``: the names the file itself defines and exports;
  in JavaScript, the types its JSDoc takes (`@import { A } from "./x"`, `import("./x").A`)
  as imports too
- Go: ``["module", "example.com/m/pkg"]``; Java: ``["module", "a.b.C"]`` or ``"a.b.*"``
- Rust: ``["mod", "name"]`` and ``["use", "crate::a::b"]``, one per item of a use tree;
  ``["pub", "a::B=C"]`` or ``["pub", "a::*"]`` for a `pub use` (a re-export, "=C" its new
  name); ``["defines", "A,B"]``: the public items the file itself defines; ``["code",
  "crate::a::f"]``: a path its code writes out (`rust_code_paths`)
- C/C++: ``["quote", "x.h"]`` or ``["angle", "sys/x.h"]``; ``["static", "A,B"]``: the macros
  it defines as `static`; then ``["defines", "a,b"]``: the functions and variables the file
  defines for other files (not `static`, at the top level), ``["defines_under", "M T=c"]``:
  those whose head has other words (macros, types: shared unless a macro is `static`),
  ``["names", "c,d"]``: the names its code uses that it does not define itself, and
  ``["program", "main"]`` when it defines a program's `main`
- C#/Swift: ``["declares", "A,B"]`` and ``["names", "C,D"]`` (`typerefs.py`); Java and
  Kotlin add these two to their imports; Scala: ``["module", "a.b.C"]`` or ``"a.b.*"``
  for each name imported, ``["renamed", "E"]`` (the new names of renamed ones), these two,
  ``["package", "a.b.c"]`` and ``["enclosing", "a.b"]``
- Ruby: ``["relative", "x"]`` or ``["load", "rack/request"]`` (a `require`, an `autoload`),
  then its constants by namespace (`ruby_constants`); Elixir: ``["module",
  "Phoenix.Socket"]`` for each module its directives or its code name, then ``["defines",
  "A,A.B"]``: the modules it defines, by their whole names
- Haskell: ``["module", "Data.Map"]`` for each module it imports
- Lua: ``["require", "a.b"]`` for each module it requires, and ``["path", "lib/?.lua"]`` for
  each template a `package.path` assignment adds (`lua_requires`)
- PHP: ``["module", "A\\B\\C"]`` for each class it names with its namespace (a `use`, a
  qualified type), ``["local", "C"]`` for each class of its own namespace it names bare,
  ``["function", "A\\f"]`` for each `use function`, ``["require", "../x.php"]`` for each file
  it includes by its own folder (`__DIR__ . '/x.php'`), ``["functions", "A\\f,A\\g"]``: the
  functions it defines at its top level
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from itertools import pairwise
from typing import Any

from .. import lazyre
from ..brackets import split_top
from ..grammars import load_language
from ..signature_c import PARSER_SOURCES, parser_c
from .pyimports import python_imports
from .typerefs import (
    CONSTANT_LANGUAGES,
    PACKAGE_LANGUAGES,
    RUBY_NOISE,
    TYPE_LANGUAGES,
    type_specs,
    without_heredocs,
)

__all__ = ["GRAMMAR_LANGUAGES", "c_names", "extract"]

Spec = list[str]

_JS_QUERY = (
    "(import_statement) @n (export_statement) @n"
    " (call_expression function: (import)) @n"
    ' (call_expression function: (identifier) @f (#eq? @f "require")) @n'
)
# language -> (grammar module, function in it, query naming the nodes worth reading)
_GRAMMARS: dict[str, tuple[str, str, str]] = {
    "JavaScript": ("tree_sitter_javascript", "language", _JS_QUERY),
    "JSX": ("tree_sitter_javascript", "language", _JS_QUERY),
    "TypeScript": ("tree_sitter_typescript", "language_typescript", _JS_QUERY),
    "TSX": ("tree_sitter_typescript", "language_tsx", _JS_QUERY),
    "Go": ("tree_sitter_go", "language", "(import_spec) @n"),
    "Rust": (
        "tree_sitter_rust",
        "language",
        "(use_declaration) @n (mod_item) @n (macro_invocation) @n (macro_definition) @n"
        " (extern_crate_declaration) @n",
    ),
    "Java": ("tree_sitter_java", "language", "(import_declaration) @n"),
    "C": ("tree_sitter_c", "language", "(preproc_include) @n"),
    "C++": ("tree_sitter_cpp", "language", "(preproc_include) @n"),
    "Objective-C": ("tree_sitter_c", "language", "(preproc_include) @n"),
}
# Single-file components: their <script> blocks are TypeScript or JavaScript.
_COMPONENTS = frozenset({"Vue", "Svelte"})
_SCRIPT = lazyre.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
# Languages without a grammar here whose imports one line says: `use A\B\C;` (PHP),
# `import a.b.C` (Kotlin). The lines are read where they stand before the first declaration.
_PHP_USE = lazyre.compile(r"^use\s+(?!function\b|const\b)([\w\\]+)(?:\s*\\?\{([^}]*)\})?", re.M)
# (A name in backticks may hold what a plain one cannot: `` import a.`-Utf8Reader`.of ``.)
_KOTLIN_IMPORT = lazyre.compile(r"^import\s+((?:[\w.]|`[^`\n]+`)+)", re.M)
# `require "x"`, `require_relative "x"`, and `autoload :X, "x"` (loaded as `require` would,
# when X is first named).
_RUBY_REQUIRE = lazyre.compile(
    r"""^[ \t]*(require(?:_relative)?|autoload)[ \t(]+(?::\w+[ \t]*,[ \t]*)?['"]([^'"\n]+)['"]""",
    re.M,
)
_ELIXIR_USE = lazyre.compile(
    r"^[ \t]*(?:alias|import|require|use)[ \t]+([A-Z][\w.]*?)(?:\.\{([^}]*)\})?(?=[\s,]|$)", re.M
)
_LINE_IMPORTS = frozenset({"PHP", "Kotlin", "Ruby", "Elixir", "Scala"})
# A PHP file's namespace, and the classes it names without one: what it extends, implements,
# makes, calls statically or catches.
_PHP_NAMESPACE = lazyre.compile(r"^namespace\s+([\w\\]+)\s*;", re.M)
_PHP_BARE = lazyre.compile(
    r"(?:\bextends\s+|\bnew\s+|\binstanceof\s+|\bcatch\s*\(\s*)([A-Z]\w*)\b(?!\\)"
    r"|(?<![\w\\$>:])([A-Z]\w*)::"
)
_PHP_IMPLEMENTS = lazyre.compile(r"\bimplements\s+([A-Z]\w*(?:\s*,\s*[A-Z]\w*)*)")
_PHP_SELF = frozenset({"self", "static", "parent"})
_PHP_ALIAS = lazyre.compile(r"\s+as\s+(\w+)")
# Comments and strings, blanked before types are read (a docblock's `@param Foo $x` is no type)
# (and heredocs: `<<<EOT` to the line that starts with `EOT`)
_PHP_NOISE = lazyre.compile(
    r"/\*.*?\*/|(?://|#(?!\[))[^\n]*|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
    r"|<<<[ \t]*([\"']?)([A-Za-z_]\w*)\1[ \t]*\n.*?\n[ \t]*\2\b",
    re.S,
)
# A function's or a closure's parameters open here; its return type follows their `)`
_PHP_PARAMETERS = lazyre.compile(r"(?<![\w$>:\\])(?:function|fn)\b\s*&?\s*\w*\s*\(")
_PHP_RETURN = lazyre.compile(r"\s*(?:use\s*\([^()]*\)\s*)?:\s*([\w\\|&?() ]+)")
# A property's type (`private ?Foo $foo`, `public readonly A|B $x`)
_PHP_PROPERTY = lazyre.compile(
    r"^[ \t]*(?:(?:public|private|protected|readonly|static|var)\s+)+"
    r"(?!function\b|const\b)([\w\\|&?() ]+?)\s+\$",
    re.M,
)
# A trait a class uses, in its body (indented, where a file-level `use` is not)
_PHP_TRAIT_USE = lazyre.compile(r"^[ \t]+use\s+([\w\\]+(?:\s*,\s*[\w\\]+)*)\s*[;{]", re.M)
_PHP_TYPE_NAME = lazyre.compile(r"\\?[A-Za-z_\x80-\uffff][\w\\]*")
_PHP_PROMOTED = lazyre.compile(r"#\[.*?\]|\b(?:public|private|protected|readonly)\b", re.S)
# Types that are no class: PHP's own (case does not matter)
_PHP_BUILTIN_TYPES = frozenset(
    {
        *("int", "integer", "float", "double", "string", "bool", "boolean", "array", "object"),
        *("mixed", "void", "null", "never", "false", "true", "callable", "iterable"),
        *("resource", "self", "static", "parent"),
    }
)
_PHP_USE_FUNCTION = lazyre.compile(r"^use\s+function\s+([\w\\]+)(?:\s*\\?\{([^}]*)\})?", re.M)
_PHP_FUNCTION_DEF = lazyre.compile(r"^function\s+&?\s*(\w+)\s*\(", re.M)
# ... indented too (under `if (!function_exists('f')) {`) in a file that declares no class
_PHP_NESTED_FUNCTION = lazyre.compile(r"^[ \t]*function\s+&?\s*(\w+)\s*\(", re.M)
_PHP_CLASS_LIKE = lazyre.compile(r"\b(?:class|interface|trait|enum)\b")
# `require __DIR__ . '/x.php'`, `include_once dirname(__DIR__) . "/x.php"` (a parent folder),
# `require dirname(__FILE__) . '/x.php'`
_PHP_REQUIRE = lazyre.compile(
    r"\b(?:require|include)(?:_once)?\s*\(?\s*"
    r"(__DIR__|dirname\(\s*__FILE__\s*\)|dirname\(\s*__DIR__\s*(?:,\s*(\d)\s*)?\))"
    r"\s*\.\s*(['\"])(/[^'\"$\n]+\.php)\3"
)
GRAMMAR_LANGUAGES = (
    frozenset(_GRAMMARS)
    | _COMPONENTS
    | _LINE_IMPORTS
    | TYPE_LANGUAGES
    | PARSER_SOURCES
    | {"Python", "Cython", "Lua", "Haskell"}
)
# A Haskell import at the start of a line: `import qualified Data.Map.Strict as M`, `import
# safe "pkg" Foo.Bar (x)`, GHC's `import Foo qualified as F`.
_HASKELL_IMPORT = lazyre.compile(
    r"^import[ \t]+(?:safe[ \t]+)?(?:qualified[ \t]+)?(?:\"[^\"\n]*\"[ \t]+)?"
    r"([A-Z][\w']*(?:\.[A-Z][\w']*)*)",
    re.M,
)
# Cython's `import` as a word of its own, and its `cimport` (of a module's .pxd declarations).
_PY_IMPORT = lazyre.compile(r"\bimport\b")
_CIMPORT = lazyre.compile(r"\bcimport\b")

# Inside a macro call (Rust's `cfg_rt! { pub mod rt; }`) the grammar sees only tokens; the
# items there are still code (strings are separate tokens), so their text is read directly.
_MACRO_MOD = lazyre.compile(r"(?:^|[;}\s])mod\s+(r#)?(\w+)\s*;")
_MACRO_USE = lazyre.compile(r"(?:^|[;}\s])(pub(?:\([\w\s:]*\))?\s+)?use\s+([\w:{}\s,*]+?)\s*;")
_RUST_COMMENT = lazyre.compile(r"//[^\n]*|/\*.*?\*/", re.S)
# A public item at the margin (rustfmt's place for a module's own items; those of an `impl`
# or an inline module are indented): what a `pub use a::*` of this module hands on.
_RUST_ITEM = lazyre.compile(
    r"^pub(?:\([\w\s:]*\))?\s+"
    r'(?:(?:unsafe|async|const|extern(?:\s+"[^"\n]*")?)\s+)*'
    r"(?:struct|enum|union|trait|type|fn|const|static(?:\s+mut)?|mod)\s+(?:r#)?(\w+)",
    re.M,
)
_RUST_PATH = lazyre.compile(r'#\[\s*path\s*=\s*"([^"\\]+)"\s*\]')
# Comments, strings and character literals (a lifetime `'a` is neither), blanked before
# paths are read from the code.
# A type's (or a trait's, a constant's) name as code names it: capitalised, two letters or
# more (`T` is a type parameter), not after `::` (a variant or an associated item).
_RUST_TYPE_NAME = lazyre.compile(r"(?<![\w:])[A-Z][A-Za-z0-9_]+\b")
_RUST_NOISE = lazyre.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\\n])'", re.S)
# A path written out in code (`crate::a::f()`, `lexer::Tokens` in a signature): from a
# lower-case first name (a type's `Vec::new` is no module's), not after `$` (a macro's
# `$crate`) nor inside another path, up to its first capitalised name. Read from each `::`:
# the name before it from the reversed text (searching for a name's start at each letter
# took four times as long), the rest forwards.
_RUST_HEAD_REVERSED = lazyre.compile(r"[ \t]*(\w*[a-z_])(?![\w:$])")
_RUST_TAIL = lazyre.compile(r"(?:[ \t]*::[ \t]*[a-z_]\w*)*[ \t]*::[ \t]*[A-Za-z_]\w*")
_RUST_USE_ITEM = lazyre.compile(r"use(?<![\w.$]use)[ \t\n]+[^;]*;")  # (read as imports already)
_RUST_BANG = lazyre.compile(r"[ \t]*!(?!=)")
_RUST_LOCAL = frozenset({"std", "core", "alloc"})  # (the standard library: no edge)
_RUST_INLINE_MOD = lazyre.compile(r"mod(?<![\w$]mod)[ \t]+\w+[ \t]*\{")


@cache
def _tools(language: str) -> tuple[Any, Any] | None:
    spec = _GRAMMARS.get(language)
    if spec is None:
        return None
    lang = load_language(spec[0], spec[1])
    if lang is None:
        return None
    import tree_sitter

    try:
        return tree_sitter.Parser(lang), tree_sitter.Query(lang, spec[2])
    except Exception:  # a query this grammar version does not know
        return None


def extract(language: str, text: str, names: bool = False) -> list[Spec] | None:
    """The import specs of `text`; None for a language without a usable grammar. `names`: a
    C or C++ implementation file's definitions and uses too (`c_names`)."""
    if language in PARSER_SOURCES:  # a grammar's or scanner's C includes as a .c file's
        return _imports("C", parser_c(text))
    if language in _C_LANGUAGES:
        imports = _imports(language, text)
        if imports is None:
            return None
        return imports + c_static_macros(text) + (c_names(text) if names else [])
    if language == "Ruby":
        imports = _imports(language, text)
        return None if imports is None else imports + ruby_constants(text)
    if language == "Scala":  # (its imports are read with its types, from blanked code)
        return type_specs(text, language)
    if language in PACKAGE_LANGUAGES or language in CONSTANT_LANGUAGES:
        imports = _imports(language, text)
        return None if imports is None else imports + type_specs(text, language)
    if language == "Go":
        imports = _imports(language, text)
        return None if imports is None else imports + _go_names(text)
    if language == "Rust":
        imports = _imports(language, text)
        if imports is None:
            return None
        defined = sorted(set(_RUST_ITEM.findall(text)))
        if defined:
            imports.append(["defines", ",".join(defined)])
        if any(kind == "use" and value.endswith("::*") for kind, value in imports):
            # A glob import (`use super::*` under a crate root that re-exports every type):
            # the types its code names say which of them it uses.
            named = set(_RUST_TYPE_NAME.findall(_RUST_NOISE.sub(" ", text))) - set(defined)
            if named:
                imports.append(["names", ",".join(sorted(named))])
        return imports + [["code", p] for p in rust_code_paths(text)]
    return _imports(language, text)


def _imports(language: str, text: str) -> list[Spec] | None:
    if language == "Python":
        return python_imports(text)
    if language == "Cython":
        return _cython_imports(text)
    if language in _COMPONENTS:
        return _imports("TypeScript", "\n".join(m.group(1) for m in _SCRIPT.finditer(text)))
    if language == "PHP":
        return _php_uses(text)
    if language in TYPE_LANGUAGES:
        return type_specs(text, language)
    if language == "Kotlin":
        return [["module", m.group(1).replace("`", "")] for m in _KOTLIN_IMPORT.finditer(text)]
    if language == "Elixir":  # `alias Phoenix.{Socket, Channel}`: each module named
        return _elixir_uses(text)
    if language == "Lua":
        return lua_requires(text)
    if language == "Haskell":  # ["module", "Text.Pandoc.Shared"]: each module it imports
        return [["module", m.group(1)] for m in _HASKELL_IMPORT.finditer(text)]
    if language == "Ruby":  # ["relative", "constants"] or ["load", "rack/request"]
        return [
            ["relative" if m.group(1) == "require_relative" else "load", m.group(2)]
            for m in _RUBY_REQUIRE.finditer(text)
        ]
    tools = _tools(language)
    if tools is None:
        return None
    import tree_sitter

    parser, query = tools
    data = text.encode("utf-8", "surrogatepass")
    end = _parse_end(data, _KEYWORDS[language])
    if end == 0:
        return []
    # Only the text up to the last import needs a tree: most files import at the top, and
    # parsing is nearly all of the cost (the stdlib: 4 of 5 s for whole files).
    root = parser.parse(data[:end]).root_node
    if root.has_error and end < len(data):
        # The cut fell inside something (a docstring with examples): parse it all.
        root = parser.parse(data).root_node
    nodes = tree_sitter.QueryCursor(query).captures(root).get("n", [])
    nodes.sort(key=lambda n: n.start_byte)
    if language in _JS_LANGUAGES:
        if language in ("JavaScript", "JSX") and _jsdoc_imports_in(text):
            whole = root if end >= len(data) else parser.parse(data).root_node
            return _js_module(nodes, text) + _jsdoc_imports(_doc_comments(language, whole, data))
        return _js_module(nodes, text)
    read = _READERS[language]
    specs: list[Spec] = []
    for node in nodes:
        found = read(node)
        if language == "Rust" and found:
            found = _in_inline_module(node, found)
        specs.extend(found)
    if language in _C_LANGUAGES:
        specs.extend(_c_includes_unparsed(data[:end], root, nodes))
    return specs


_C_INCLUDE = lazyre.compile(rb"^[ \t]*#[ \t]*include[ \t]*(?:\"([^\"\n]+)\"|<([^>\n]+)>)", re.M)


def _c_includes_unparsed(data: bytes, root: Any, nodes: list[Any]) -> list[Spec]:
    """The `#include` lines the grammar did not read as directives: inside an initializer
    (`static const char *names[] = {` then `#include "ops.h"`, a table made by the
    preprocessor), where it sees tokens. Not those in comments."""
    seen = {n.start_byte for n in nodes}
    out: list[Spec] = []
    for m in _C_INCLUDE.finditer(data):
        at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if at in seen:
            continue
        node = root.descendant_for_byte_range(at, at + 1)
        while node is not None and node.type not in ("comment", "preproc_include"):
            node = node.parent
        if node is None:
            quoted = m.group(1) is not None
            name = (m.group(1) if quoted else m.group(2)).decode("utf-8", "replace").strip()
            out.append(["quote" if quoted else "angle", name])
    return out


def _cython_imports(text: str) -> list[Spec]:
    """Cython's imports as Python's, and its cimports as ["cimport", "a.b"] and
    ["cfrom", "a.b", "x,y"] (Python's reader, given the text with the keywords swapped)."""
    specs = python_imports(text)  # (`cimport` is no `import` to it)
    swapped = _CIMPORT.sub("import", _PY_IMPORT.sub("_import_", text))
    kinds = {"import": "cimport", "from": "cfrom"}
    return specs + [
        [kinds[kind], *rest] for kind, *rest in python_imports(swapped) if kind in kinds
    ]


# Elixir's strings, heredocs (`@doc """`), sigils (`~S"""`, `~r/x/`, `~w(a b)`), char
# literals (`?"`) and comments, blanked before modules are read from the code; each
# alternative opens with its own character.
# (each written as runs of plain characters between escapes: the engine takes a run at once)
_EX_DELIMITED = (
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"[^"\\]*(?:\\.[^"\\]*)*"'
    r"|'[^'\\]*(?:\\.[^'\\]*)*'"
)
_EX_NOISE = lazyre.compile(
    rf"~[a-zA-Z]\w*(?:{_EX_DELIMITED}|\([^)\\]*(?:\\.[^)\\]*)*\)|\[[^\]\\]*(?:\\.[^\]\\]*)*\]"
    r"|\{[^}\\]*(?:\\.[^}\\]*)*\}|<[^>\\]*(?:\\.[^>\\]*)*>"
    r"|/[^/\\\n]*(?:\\.[^/\\\n]*)*/|\|[^|\\\n]*(?:\\.[^|\\\n]*)*\|)"
    rf"|{_EX_DELIMITED}|#[^\n]*|\?(?<![\w?!]\?)\\?.",
    re.S,
)
# A module named in code: `Phoenix.Controller.render(...)`, `%Phoenix.Socket{}`,
# `@behaviour Plug` (not a field or function after a `.`); and the module `defmodule` names.
_EX_MODULE = lazyre.compile(r"[A-Z](?<![\w.][A-Z])\w*(?:\.[A-Z]\w*)*")
_EX_DEFMODULE = lazyre.compile(r"defmodule(?<![\w.]defmodule)[ \t]+[\w.]+")
_EX_AS = lazyre.compile(r"[ \t]*,[ \t]*as:[ \t]*([A-Z]\w*)")
# A module defined: `defmodule A.B do`, `defprotocol P do`, `defmodule __MODULE__.C do`.
_EX_DEFINED = lazyre.compile(
    r"^([ \t]*)def(?:module|protocol)[ \t]+((?:__MODULE__|[A-Z]\w*)(?:\.[A-Z]\w*)*)(?![\w.])",
    re.M,
)


def _elixir_defined(code: str) -> tuple[list[str], dict[str, str]]:
    """The modules `code` (its strings and comments blanked) defines, by their whole names,
    and the aliases nesting makes: inside `defmodule A`, `defmodule B.C` defines `A.B.C`
    and names it `B.C` (`B` is an alias of `A.B`). A line at a module's column or left of
    it closes the module (`end`)."""
    names: list[str] = []
    aliases: dict[str, str] = {}
    stack: list[tuple[int, str]] = []  # (column, whole name)
    pos = 0
    for m in _EX_DEFINED.finditer(code):
        while stack and (
            len(m.group(1)) <= stack[-1][0] or _dedent(stack[-1][0]).search(code, pos, m.start())
        ):
            stack.pop()
        pos = m.end()
        name = m.group(2)
        outer = stack[-1][1] if stack else ""
        if name.startswith("__MODULE__"):
            if not outer:
                continue
            whole = outer + name.removeprefix("__MODULE__")
        elif outer and not name.startswith("Elixir."):
            whole = f"{outer}.{name}"
            head = name.partition(".")[0]
            aliases.setdefault(head, f"{outer}.{head}")
        else:
            whole = name.removeprefix("Elixir.")
        names.append(whole)
        stack.append((len(m.group(1)), whole))
    return names, aliases


def _elixir_uses(text: str) -> list[Spec]:
    """The modules `alias`, `import`, `use` and `require` name, then every module the code
    names (a remote call `Mod.fun()`, a struct `%Mod{}`), an alias's short name expanded
    (`alias Phoenix.Socket` then `Socket.Broadcast` is `Phoenix.Socket.Broadcast`)."""
    specs: list[Spec] = []
    aliases: dict[str, str] = {}

    def directive(m: re.Match[str]) -> str:  # (read once: it names no further module)
        group = m.group(2)
        names = (
            [m.group(1)]
            if group is None
            else [f"{m.group(1)}.{n.strip()}" for n in group.split(",")]
        )
        specs.extend(["module", n] for n in names if n)
        if m.group(0).lstrip().startswith("alias"):
            renamed = _EX_AS.match(m.string, m.end()) if group is None else None
            for n in names:
                if n:
                    aliases[renamed.group(1) if renamed else n.rpartition(".")[2]] = n
        return " "

    blanked = _EX_NOISE.sub(" ", text)
    defined, nested = _elixir_defined(blanked)
    for short, name in nested.items():
        aliases.setdefault(short, name)
    code = _ELIXIR_USE.sub(directive, blanked)
    seen = {n for _, n in specs}
    for found in dict.fromkeys(_EX_MODULE.findall(_EX_DEFMODULE.sub(" ", code))):
        head, dot, rest = found.partition(".")
        name = aliases[head] + dot + rest if head in aliases else found
        if name not in seen:
            seen.add(name)
            specs.append(["module", name])
    if defined:
        specs.append(["defines", ",".join(dict.fromkeys(defined))])
    return specs


# Lua's comments and strings (long ones too: `--[==[ ... ]==]`, `[[ ... ]]`), read in one
# pass with the `require`s among them, so that a `require` in a comment (an LDoc usage
# example) or a string is none: `require "a.b"`, `require("a.b")`, `pcall(require, "a.b")`.
# (Each alternative opens with its own characters: the engine skips ahead at C speed.)
_LUA_TOKENS = lazyre.compile(
    r"""r(?<![\w.:]r)equire[ \t]*(?:\([ \t]*)?(?:"([^"\\\n]+)"|'([^'\\\n]+)')"""
    r"""|p(?<![\w.:]p)call[ \t]*\([ \t]*require[ \t]*,[ \t]*(?:"([^"\\\n]+)"|'([^'\\\n]+)')"""
    r"|--\[(=*)\[.*?\]\5\]|--[^\n]*|\[(=*)\[.*?\]\6\]"
    r"""|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'""",
    re.S,
)
# `package.path = "./lib/?.lua;" .. package.path`: the templates of the folders it adds.
_LUA_PACKAGE_PATH = lazyre.compile(r"\bpackage\.path[ \t]*=[^\n]*")
_LUA_TEMPLATE = lazyre.compile(r"""["']([^"'\n]*)["']""")
_LUA_MODULE = lazyre.compile(r"[\w-]+(?:[./][\w-]+)*")


def lua_requires(text: str) -> list[Spec]:
    """The modules a Lua file requires (``["require", "a.b"]``, in order, once each) and the
    `package.path` templates it adds (``["path", "lib/?.lua"]``)."""
    specs: list[Spec] = []
    seen: set[str] = set()
    for m in _LUA_TOKENS.finditer(text):
        name = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        if name and name not in seen and _LUA_MODULE.fullmatch(name):
            seen.add(name)
            specs.append(["require", name])
    if "package.path" in text:
        for line in _LUA_PACKAGE_PATH.findall(text):
            for literal in _LUA_TEMPLATE.findall(line):
                specs.extend(["path", t] for t in literal.split(";") if "?" in t)
    return specs


# `class A::B < C`, `module ::M`: the declared name, whole, after the word.
_RB_DECLARATION = lazyre.compile(
    r"(class|module)(?<![\w.:]class)(?<![\w.:]module)[ \t]+(::)?((?:[A-Z]\w*::)*[A-Z]\w*)"
)
# A constant named, maybe qualified (`Rack::Utils`, `::Top`); not a `$` or `@` variable's
# name nor `\A` in a regular expression.
# (Each alternative opens with its characters and looks behind afterwards: the engine
# then skips ahead to the next candidate at C speed.)
_RB_CONSTANT = lazyre.compile(
    r"(::)(?<![\w.$@\\:]::)([A-Z]\w*(?:::[A-Z]\w*)*)|([A-Z](?<![\w.$@\\:][A-Z])\w*(?:::[A-Z]\w*)*)"
)


# A method defined (`def x`, `def self.x`, `attr_reader :x`, `define_method(:x)`).
_RB_METHOD = lazyre.compile(r"^[ \t]*(?:def|attr_(?:reader|writer|accessor)|define_method)\b", re.M)


def ruby_constants(text: str) -> list[Spec]:
    """Ruby's constants with their namespaces: ``["rbdecl", "A,A::B"]`` every class and
    module declared, by its whole name; ``["rbopens", "A"]`` the modules opened around
    deeper declarations (namespaces); ``["rbdefs", "A::B"]`` those that define methods
    here, in their own body; and per lexical scope ``["rbref", "A::B|A", "C,D::E"]``
    the constants named there, a leading "::" for a top-level one. The scopes are read from
    indentation (`end` is not matched: a block's `end` looks like a method's): a line at
    a declaration's column or left of it closes the declaration."""
    found: list[re.Match[str]] = []

    def blank(m: re.Match[str]) -> str:  # (the declared name is no constant named)
        found.append(m)
        return m.group(1) + " " * (m.end() - m.end(1))

    code = _RB_DECLARATION.sub(blank, RUBY_NOISE.sub(" ", without_heredocs(text)))
    stack: list[tuple[int, str, str]] = []  # (column, whole name, word)
    declared: set[str] = set()
    opens: set[str] = set()
    methods: set[str] = set()
    refs: dict[str, set[str]] = defaultdict(set)
    pos = 0  # where the text not yet read begins: a line's start

    def read(end: int) -> None:  # the constants of code[pos:end], in the current scope
        names = refs["|".join(name for _, name, _ in reversed(stack))]
        found = _RB_CONSTANT.findall(code, pos, end)
        names.update(t + n if n else b for t, n, b in found if len(n or b) > 1)
        if stack and stack[-1][1] not in methods and _RB_METHOD.search(code, pos, end):
            methods.add(stack[-1][1])

    # Only declarations and the lines closing them change the scope: between those the
    # text is read whole (a line at a time costs a sixth of a pack's time on Ruby).
    def close(start: int, stop: int) -> None:  # the declarations lines before `start` end
        nonlocal pos
        while stack:
            line = _dedent(stack[-1][0]).search(code, pos, stop)
            if line is None or line.start() > start:
                return
            read(line.start())
            pos = line.start()
            stack.pop()

    for m in found:
        start = code.rfind("\n", 0, m.start()) + 1
        if start >= pos:
            stop = code.find("\n", m.start())
            stop = len(code) if stop < 0 else stop
            close(start, stop)
            read(stop)  # the declaring line, in the scope around it (`class A < Base`)
            pos = stop
        column = m.start() - start
        while stack and stack[-1][0] >= column:  # `end; class B` on the line
            stack.pop()
        outer = stack[-1] if stack else None
        whole = m.group(3) if m.group(2) or outer is None else f"{outer[1]}::{m.group(3)}"
        if outer is not None and outer[2] == "module":
            opens.add(outer[1])
        declared.add(whole)
        stack.append((column, whole, m.group(1)))
    close(len(code), len(code))
    read(len(code))
    specs = [["rbdecl", ",".join(sorted(declared))], ["rbopens", ",".join(sorted(opens))]]
    if methods:
        specs.append(["rbdefs", ",".join(sorted(methods))])
    specs.extend(
        ["rbref", scope, ",".join(sorted(names))] for scope, names in refs.items() if names
    )
    return specs


@cache
def _dedent(column: int) -> re.Pattern[str]:
    """A line of code indented `column` or less: it closes a declaration at `column`."""
    return re.compile(rf"^[ \t]{{0,{column}}}(?=[^ \t\n])", re.M)


def _php_uses(text: str) -> list[Spec]:
    """`use A\\B;`, `use A\\B as C;` and `use A\\{B, C\\D};` at the margin: class names;
    and the classes of the file's own namespace it names bare (`extends OutputStyle`,
    `new Table(`, `Helper::`), which need no `use`."""
    specs: list[Spec] = []
    imported: set[str] = set()
    for m in _PHP_USE.finditer(text):
        base, group = m.group(1).strip("\\"), m.group(2)
        if group is None:
            specs.append(["module", base])
            alias = _PHP_ALIAS.match(text, m.end())
            imported.add(alias.group(1) if alias else base.rsplit("\\", 1)[-1])
            continue
        for item in group.split(","):
            name = item.strip().split()[0] if item.strip() else ""
            if name and name not in ("function", "const"):
                specs.append(["module", f"{base}\\{name}"])
                imported.add(name.rsplit("\\", 1)[-1])
    if _PHP_NAMESPACE.search(text):
        named = {a or b for a, b in _PHP_BARE.findall(text)}
        for listed in _PHP_IMPLEMENTS.findall(text):
            named.update(n.strip() for n in listed.split(","))
        specs.extend(["local", name] for name in sorted(named - imported - _PHP_SELF))
    return specs + _php_more(text, imported)


def _php_more(text: str, imported: set[str]) -> list[Spec]:
    """What `_php_uses` adds to a file's `use` lines: the classes its code names as types (of
    parameters, return values, properties) and the traits its classes use, by namespace (a
    bare name is of the file's own); its `use function`s; the files it includes by its own
    folder; and the functions it defines."""
    code = _PHP_NOISE.sub("''", text)
    found = _PHP_NAMESPACE.search(code)
    namespace = found.group(1).strip("\\") if found else ""
    aliases: dict[str, str] = {}  # (`use A\\B as C;`: `C\\D` is `A\\B\\D`)
    for m in _PHP_USE.finditer(code):
        if m.group(2) is None:
            alias = _PHP_ALIAS.match(code, m.end())
            base = m.group(1).strip("\\")
            aliases[alias.group(1) if alias else base.rsplit("\\", 1)[-1]] = base
    types: set[str] = set()
    for m in _PHP_PARAMETERS.finditer(code):
        end = _closing_paren(code, m.end())
        if end < 0:
            continue
        for parameter in split_top(code[m.end() : end], ","):
            before = parameter.split("$", 1)[0] if "$" in parameter else ""
            types.update(_PHP_TYPE_NAME.findall(_PHP_PROMOTED.sub(" ", before)))
        returned = _PHP_RETURN.match(code, end + 1)
        if returned is not None:
            types.update(_PHP_TYPE_NAME.findall(returned.group(1)))
    for m in _PHP_PROPERTY.finditer(code):
        types.update(_PHP_TYPE_NAME.findall(m.group(1)))
    if namespace:  # (an indented `use` in a file of `namespace A;` is a trait's)
        for m in _PHP_TRAIT_USE.finditer(code):
            types.update(n.strip() for n in m.group(1).split(","))
    specs: list[Spec] = []
    for name in sorted(types):
        if name.lower() in _PHP_BUILTIN_TYPES or name.lower().startswith("namespace\\"):
            continue
        if name.startswith("\\"):
            if "\\" in name[1:]:  # (a global `\\Countable` is PHP's own)
                specs.append(["module", name[1:]])
        elif "\\" in name:
            first, rest = name.split("\\", 1)
            if first in aliases:
                specs.append(["module", f"{aliases[first]}\\{rest}"])
            elif namespace:
                specs.append(["module", f"{namespace}\\{name}"])
        elif name in aliases:
            continue  # (its `use` is an edge already)
        elif namespace and name not in imported:
            specs.append(["local", name])
    for m in _PHP_USE_FUNCTION.finditer(code):
        base, group = m.group(1).strip("\\"), m.group(2)
        items = (
            [base]
            if group is None
            else [f"{base}\\{i.split()[0]}" for i in group.split(",") if i.strip()]
        )
        specs.extend(["function", item] for item in items)
    for m in _PHP_REQUIRE.finditer(text):
        up = 0 if m.group(1) == "__DIR__" or "__FILE__" in m.group(1) else int(m.group(2) or 1)
        specs.append(["require", "../" * up + m.group(4)[1:]])
    definitions = _PHP_NESTED_FUNCTION if not _PHP_CLASS_LIKE.search(code) else _PHP_FUNCTION_DEF
    defined = [f"{namespace}\\{n}" if namespace else n for n in definitions.findall(code)]
    if defined:
        specs.append(["functions", ",".join(sorted(set(defined)))])
    return specs


def _closing_paren(code: str, start: int) -> int:
    """Where the `(` before `start` closes (-1: not in the text)."""
    depth = 1
    for k in range(start, min(len(code), start + 4000)):
        c = code[k]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _parse_end(data: bytes, keywords: tuple[bytes, ...] | re.Pattern[bytes]) -> int:
    """Where parsing may stop: past the statement holding the last keyword (0: none)."""
    if isinstance(keywords, tuple):
        last = max(data.rfind(k) for k in keywords)
    else:
        starts = keywords.findall(data)
        last = data.rfind(starts[-1]) if starts else -1
    if last == -1:
        return 0
    # A blank line ends the statement (a parenthesised list of names has none inside).
    stop = data.find(b"\n\n", last)
    return len(data) if stop == -1 else stop + 1


def _text(node: Any) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _string_of(node: Any) -> str | None:
    for child in node.children:
        if child.type == "string_fragment":
            return _text(child)
    return None if node.children else _text(node).strip("'\"`")


def _js_call(node: Any) -> str | None:
    """The module a `require("x")` or `import("x")` names, if a plain string."""
    func = node.child_by_field_name("function")
    if func is None or not (func.type == "import" or _text(func) == "require"):
        return None
    args = node.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    if first is None or first.type != "string":
        return None  # a computed name: nothing to resolve
    return _string_of(first) or None


def _js_required(
    node: Any, value: str, bound: dict[str, tuple[str, str]], namespaces: dict[str, Spec]
) -> Spec:
    """A `require("x")` and the names taken from it: `const { a, b: c } = require()` takes
    a and b; `require().a` takes a; `const x = require()` is a namespace whose members the
    code reads (`x.a`). Else (passed on whole) all of it."""
    spec = ["module", value, "*"]
    parent = node.parent
    func = node.child_by_field_name("function")
    if parent is None or func is None:
        return spec
    if func.type == "import":
        return _js_dynamic(node, value, bound, namespaces)
    return _js_taken(node, parent, value, bound, namespaces, spec)


def _js_taken(
    node: Any,
    parent: Any,
    value: str,
    bound: dict[str, tuple[str, str]],
    namespaces: dict[str, Spec],
    spec: Spec,
) -> Spec:
    """`spec` with the names the code takes from module `node` evaluates to, `parent` being
    what holds it: a member read of it, a name bound to it, or a pattern that takes some."""
    if parent.type == "member_expression" and parent.child_by_field_name("object") == node:
        prop = parent.child_by_field_name("property")
        return ["module", value, _text(prop)] if prop is not None else spec
    if parent.type != "variable_declarator" or parent.child_by_field_name("value") != node:
        return spec
    target = parent.child_by_field_name("name")
    if target is not None and target.type == "identifier":
        bound[_text(target)] = (value, "*")
        namespaces[_text(target)] = spec
    elif target is not None and target.type == "object_pattern":
        spec[2] = _pattern_names(target) or spec[2]
    return spec


def _pattern_names(pattern: Any) -> str:
    """The keys a destructuring pattern takes (`{ a, b: c, "d": e }`), or "" if it may take
    others (`...rest`, a computed key)."""
    names = []
    for part in pattern.named_children:
        if part.type == "pair_pattern":
            part = part.child_by_field_name("key")
        elif part.type == "object_assignment_pattern":
            part = part.child_by_field_name("left")
        if part is None or part.type not in _JS_KEYS:
            return ""
        names.append(_name(part))
    return ",".join(names)


def _js_dynamic(
    node: Any, value: str, bound: dict[str, tuple[str, str]], namespaces: dict[str, Spec]
) -> Spec:
    """An `import("x")` and the names taken from it, read as a `require()`'s once awaited
    (`const { a } = await import()`, `(await import()).a`, `const m = await import()` then
    `m.a`) or in the callback its promise is handed (`.then(m => m.a)`, `.then(({ a }) =>`).
    When they cannot be read it takes none: an edge to the module itself, not to all that
    a folder's index re-exports (a lazily loaded package is one dependency, not the whole
    of it)."""
    spec = ["module", value, ""]
    parent = node.parent
    if parent.type == "await_expression" and parent.parent is not None:
        outer = parent.parent
        if outer.type == "parenthesized_expression" and outer.parent is not None:
            parent, outer = outer, outer.parent  # `(await import("x")).a`
        return _js_taken(parent, outer, value, bound, namespaces, spec)
    prop = parent.child_by_field_name("property") if parent.type == "member_expression" else None
    call = parent.parent
    if prop is None or _text(prop) != "then" or call is None or call.type != "call_expression":
        return spec
    args = call.child_by_field_name("arguments")
    callback = args.named_children[0] if args is not None and args.named_children else None
    if callback is None or callback.type not in ("arrow_function", "function_expression"):
        return spec
    param = callback.child_by_field_name("parameter")
    if param is None and (params := callback.child_by_field_name("parameters")) is not None:
        param = params.named_children[0] if params.named_children else None
    if param is not None and param.type in ("required_parameter", "optional_parameter"):
        param = param.child_by_field_name("pattern")
    body = callback.child_by_field_name("body")
    if param is None or body is None:
        return spec
    if param.type == "object_pattern":
        spec[2] = _pattern_names(param)
    elif param.type == "identifier":
        members = _members(_text(param), _JS_PROSE.sub(_blanked, _text(body)))
        spec[2] = "" if members == "*" else members
    return spec


# A key of a destructured `require()`: `{ a, b: c, "d": e }`.
_JS_KEYS = frozenset({"shorthand_property_identifier_pattern", "property_identifier", "string"})


def _name(node: Any | None) -> str:
    if node is None:
        return ""
    return (_string_of(node) or "") if node.type == "string" else _text(node)


def _js_module(nodes: list[Any], text: str) -> list[Spec]:
    """A JS/TS module's imports (with the names taken), re-exports and own exports."""
    specs: list[Spec] = []
    bound: dict[str, tuple[str, str]] = {}  # local name -> (module, its name there or "*")
    namespaces: dict[str, Spec] = {}  # `import * as ns`: its spec, names filled in below
    local: list[str] = []
    clauses: list[Any] = []  # `export { a, b as c }` without `from`: read once all is bound
    for node in nodes:
        if node.type == "call_expression":
            value = _js_call(node)
            if value:
                specs.append(_js_required(node, value, bound, namespaces))
        elif node.type == "import_statement":
            specs.extend(_js_import(node, bound, namespaces))
        elif node.type == "export_statement":
            source = node.child_by_field_name("source")
            if source is not None:
                value = _string_of(source)
                if value:
                    specs.append(["reexport", value, _reexported(node)])
                continue
            decl = node.child_by_field_name("declaration")
            if any(c.type == "default" for c in node.children):
                local.append("default")
            elif decl is not None:
                local.extend(_declared(decl))
            else:
                clauses.extend(c for c in node.named_children if c.type == "export_clause")
    for clause in clauses:
        for item in (c for c in clause.named_children if c.type == "export_specifier"):
            name = _name(item.child_by_field_name("name"))
            exported = _name(item.child_by_field_name("alias")) or name
            if name in bound:  # `import { x } from "./y"; export { x }` re-exports y's x
                module, there = bound[name]
                specs.append(
                    ["reexport", module, exported + ("" if there == exported else "=" + there)]
                )
            elif exported:
                local.append(exported)
    if namespaces:
        code = _JS_PROSE.sub(_blanked, text)
        for ns, spec in namespaces.items():
            members = _members(ns, code)
            # (an awaited `import()` whose members are not read takes none: `_js_dynamic`)
            spec[2] = "" if members == "*" and not spec[2] else members
    if local:
        specs.append(["exports", "", ",".join(dict.fromkeys(local))])
    return specs


def _js_import(
    node: Any, bound: dict[str, tuple[str, str]], namespaces: dict[str, Spec]
) -> list[Spec]:
    source = node.child_by_field_name("source")
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    req = next((c for c in node.named_children if c.type == "import_require_clause"), None)
    if source is None:  # `import x = require("y")` keeps its string one level down
        source = req.child_by_field_name("source") if req is not None else None
    value = _string_of(source) if source is not None else None
    if not value:
        return []
    if clause is None:
        held = req.named_children if req is not None else []
        ident = next((c for c in held if c.type == "identifier"), None)
        if ident is None:
            return [["module", value, ""]]  # a side effect: it takes no name
        whole: Spec = ["module", value, "*"]  # `import x = require()`: as `import * as x`
        bound[_text(ident)] = (value, "*")
        namespaces[_text(ident)] = whole
        return [whole]
    names: list[str] = []
    spec: Spec = ["module", value, ""]
    for part in clause.named_children:
        if part.type == "identifier":
            names.append("default")
            bound[_text(part)] = (value, "default")
        elif part.type == "namespace_import":
            ident = next((c for c in part.named_children if c.type == "identifier"), None)
            if ident is not None:
                bound[_text(ident)] = (value, "*")
                namespaces[_text(ident)] = spec
            else:
                names.append("*")
        elif part.type == "named_imports":
            for item in (c for c in part.named_children if c.type == "import_specifier"):
                name = _name(item.child_by_field_name("name"))
                alias = item.child_by_field_name("alias")
                names.append(name)
                bound[_text(alias) if alias is not None else name] = (value, name)
    spec[2] = ",".join(names) or "*"
    return [spec]


def _reexported(node: Any) -> str:
    """`export * from`: "*"; `export * as ns from`: "ns=*"; `export { a, b as c } from`: "a,c=b"."""
    pairs: list[str] = []
    for part in node.named_children:
        if part.type == "namespace_export":
            ident = next((c for c in part.named_children if c.type != "*"), None)
            pairs.append(_name(ident) + "=*")
        elif part.type == "export_clause":
            for item in (c for c in part.named_children if c.type == "export_specifier"):
                name = _name(item.child_by_field_name("name"))
                alias = _name(item.child_by_field_name("alias"))
                pairs.append(f"{alias}={name}" if alias and alias != name else name)
    return ",".join(p for p in pairs if p and not p.startswith("=")) or "*"


_DECLARED_NAMES = frozenset(
    {"identifier", "type_identifier", "shorthand_property_identifier_pattern"}
)


def _declared(decl: Any) -> list[str]:
    """The names an exported declaration defines (`export const a = 1, { b } = c`: a, b)."""
    if decl.type == "ambient_declaration":  # `export declare ...`
        return [n for c in decl.named_children for n in _declared(c)]
    if decl.type in ("lexical_declaration", "variable_declaration"):
        out: list[str] = []
        for d in (c for c in decl.named_children if c.type == "variable_declarator"):
            pattern = d.child_by_field_name("name")
            stack = [pattern] if pattern is not None else []
            while stack:
                n = stack.pop()
                if n.type in _DECLARED_NAMES:
                    out.append(_text(n))
                elif n.type == "pair_pattern":
                    value = n.child_by_field_name("value")
                    stack.extend([value] if value is not None else [])
                else:
                    stack.extend(reversed(n.named_children))
        return out
    name = decl.child_by_field_name("name")
    if name is None and decl.type == "import_alias":  # `export import A = N.B`
        name = next((c for c in decl.named_children if c.type == "identifier"), None)
    return [_text(name)] if name is not None else []


# Comments and plain strings, where a namespace's name is prose, not a use.
_JS_PROSE = lazyre.compile(r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'""", re.S)


def _blanked(m: re.Match[str]) -> str:
    """A comment or string of `_JS_PROSE` as code without it: `""` for a string, a space."""
    return m.group(0)[0] * 2 if m.group(0)[0] in "'\"" else " "


def _members(ns: str, code: str) -> str:
    """The names `code` (comments and strings blanked) reads from namespace `ns` (`ns.a`,
    `ns.B<T>`), or "*" when it also uses `ns` bare (passes it on) or reads nothing from it."""
    word = re.escape(ns)
    members = re.findall(rf"(?<![\w$.]){word}\s*\.\s*([A-Za-z_$][\w$]*)", code)
    bare = re.findall(rf"(?<![\w$.]){word}(?![\w$])(?!\s*\.)", code)
    if not members or len(bare) > 1:  # `import * as ns` itself is one bare use
        return "*"
    return ",".join(sorted(set(members)))


def _go(node: Any) -> list[Spec]:
    path = node.child_by_field_name("path")
    if path is None:
        return []
    spec = [["module", _text(path).strip('"`')]]
    name = node.child_by_field_name("name")
    if name is not None:  # `lbl "example.com/x/labels"`: the package is `lbl` here
        spec.append(["alias", f"{_text(name)}={spec[0][1]}"])
    return spec


# What a Go file declares at package level (names at the margin, and in `type (`, `var (`,
# `const (` groups; a method's `func (r *T) name` is no package name), its package clause,
# and the names it uses: the exported ones it takes from packages, and all it uses bare.
_GO_GROUP = lazyre.compile(r"^(?:type|var|const)[ \t]*\([ \t]*$(.*?)^\)", re.M | re.S)
# (An unclosed string or comment runs to its line's or the text's end: each is read once.)
_GO_NOISE = lazyre.compile(
    r'//[^\n]*|/\*(?:.*?\*/|.*)|"(?:\\.|[^"\\\n])*"?|`[^`]*`?|\'(?:\\.|[^\'\\\n])+\'',
    re.S,
)
_GO_MARGIN = lazyre.compile(r"^(?:func|type|var|const)[ \t]+([A-Za-z_]\w*)", re.M)
_GO_MEMBER = lazyre.compile(r"^\t([A-Za-z_]\w*)\b", re.M)
_GO_PACKAGE = lazyre.compile(r"^package[ \t]+(\w+)", re.M)
# Runs of words and dots (`a.b.C`, `x`): one scan gives both the bare names (a run's first
# word) and the selectors (`pkg.Name`) of a file; a regex per kind cost twice as much. A run
# takes along what shows it names a local (`x :=`, `x, err :=`, a parameter or field `x T`,
# a key `x: v`): a lower-case name the file declares so is not its package's (gofmt's
# spacing is what tells `x *T` from `x * y`).
_GO_RUN = lazyre.compile(r"[\w.]+(?: :=|: | +(?=[\w\[]|\*\S))?")
# `x, err :=`: found from its `:=` back, the names before it read on at most a line's length
# (a run read forward from each word of a 100 kB line of `0x00, 0x01, ...` took minutes).
_GO_MULTI = lazyre.compile(r", \w+ :=")
_GO_ASSIGNED = lazyre.compile(r"(?:\w+, )+\w+ :=$")
_GO_BACK = 200
# A method's name where it is declared (`func (r *T) name(`): not a use of a package's name.
_GO_METHOD = lazyre.compile(r"\) (\w+)\(")
_GO_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
# Words no file can declare (`_` and `init` cannot be named by another file either).
_GO_KEYWORDS = frozenset(
    (
        *("break", "case", "chan", "const", "continue", "default", "defer", "else"),
        *("fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map"),
        *("package", "range", "return", "select", "struct", "switch", "type", "var"),
        *("_", "init"),
    )
)


def _go_names(text: str) -> list[Spec]:
    """``[["package", "p"], ["declares", "A,b"], ["names", "labels.Labels,.Context,.b"]]``:
    what ties a file to the files of an imported package that declare what it uses
    (`labels.Labels`), and to the files of its own package (what it uses bare, exported or
    not: the package's other files declare it, as Java's package does)."""
    code = _GO_NOISE.sub(" ", text)
    found = _GO_PACKAGE.search(code)
    package = found.group(1) if found else ""
    if found:  # (`package redirect` is no use of the package's `type redirect struct`)
        code = code[: found.start(1)] + code[found.end(1) :]
    declared = set(_GO_MARGIN.findall(code))
    for group in _GO_GROUP.finditer(code):
        declared.update(_GO_MEMBER.findall(group.group(1)))
    declared -= _GO_KEYWORDS
    names: set[str] = set()
    bare: set[str] = set()
    local = set(_GO_METHOD.findall(code))
    for m in _GO_MULTI.finditer(code):
        before = code[max(m.start() - _GO_BACK, 0) : m.end()].rpartition("\n")[2]
        if found := _GO_ASSIGNED.search(before):
            local.update(found.group(0)[:-3].split(", "))
    for run in set(_GO_RUN.findall(code)):
        if run[-1] in " =":
            run = run.rstrip(" :=")
            if "." not in run:
                local.add(run)
        if "." not in run:
            bare.add(run)
            continue
        parts = run.split(".")
        bare.add(parts[0])  # (`x.Field`: `x` is used bare; `.5`, `a..b` give "")
        for a, b in pairwise(parts):
            if a and b and ("a" <= a[0] <= "z" or a[0] == "_") and "A" <= b[0] <= "Z":
                names.add(f"{a}.{b}")
    bare -= declared
    bare -= _GO_KEYWORDS
    # (An exported name is no local's: `Handler Handler` is a field of the type it names.)
    bare -= {n for n in local if not "A" <= n[:1] <= "Z"}
    names.update("." + n for n in bare if n[:1] in _GO_START)  # (not `5`, ``)
    return [
        ["package", package],
        ["declares", ",".join(sorted(declared))],
        ["names", ",".join(sorted(names))],
    ]


def _java(node: Any) -> list[Spec]:
    names = [c for c in node.named_children if c.type in ("scoped_identifier", "identifier")]
    if not names:
        return []
    star = any(c.type == "asterisk" for c in node.children)
    return [["module", _text(names[0]) + (".*" if star else "")]]


def _c(node: Any) -> list[Spec]:
    path = node.child_by_field_name("path")
    if path is None:
        return []
    if path.type == "system_lib_string":
        return [["angle", _text(path)[1:-1].strip()]]
    if path.type == "string_literal":
        return [["quote", _text(path)[1:-1].strip()]]
    return []  # a macro naming the header: not resolvable without the preprocessor


def _rust(node: Any) -> list[Spec]:
    if node.type == "mod_item":
        if node.child_by_field_name("body") is not None:
            return []  # an inline module: its items live in this file
        # `#[path = "core/de/mod.rs"] mod de;`: the file is where the attribute says
        attr = node.prev_named_sibling
        if attr is not None and attr.type == "attribute_item":
            where = _RUST_PATH.fullmatch(_text(attr))
            if where:
                return [["path", where.group(1)]]
        name = node.child_by_field_name("name")
        return [["mod", _text(name).removeprefix("r#")]] if name is not None else []
    if node.type == "extern_crate_declaration":
        # `pub extern crate grep_cli as cli;`: a facade crate's parts, or an old crate's
        # dependencies (the 2015 edition's way to use one)
        name = node.child_by_field_name("name")
        if name is None or _text(name) in ("std", "core", "alloc", "self"):
            return []
        public = any(c.type == "visibility_modifier" for c in node.children)
        alias = node.child_by_field_name("alias")  # (`as printer`: the name it is reached by)
        renamed = f"={_text(alias)}" if alias is not None else ""
        return [["pub" if public else "use", _text(name) + renamed]]
    if node.type == "use_declaration":
        arg = node.child_by_field_name("argument")
        if arg is None:
            return []
        if any(c.type == "visibility_modifier" for c in node.children):
            return [["pub", p] for p in use_paths(_text(arg), exported=True)]
        return [["use", p] for p in use_paths(_text(arg))]
    out: list[Spec] = []
    # A macro's call, or a `macro_rules!` whose expansion declares the crate's modules
    # (`crate_root! {}` expanding to `mod de; mod ser;`): read as the items they become.
    trees = [node] if node.type == "macro_definition" else node.children
    for tree in (c for c in trees if c.type in ("token_tree", "macro_definition")):
        body = _RUST_COMMENT.sub("", _text(tree))  # doc examples say `use` too
        out.extend(["mod", m.group(2)] for m in _MACRO_MOD.finditer(body))
        for m in _MACRO_USE.finditer(body):
            if m.group(1):
                out.extend(["pub", p] for p in use_paths(m.group(2), exported=True))
            else:
                out.extend(["use", p] for p in use_paths(m.group(2)))
    return out


def rust_code_paths(text: str) -> list[str]:
    """The paths a Rust file's code writes out, `use` lines aside (`crate::a::f`,
    `super::b::C`, `other_crate::Type`), each once, cut after its first capitalised name.
    A `self::`/`super::` path inside an inline module (`mod tests { super::f() }`) is read
    from there, not from the file: those after the first inline module are left out."""
    if "::" not in text:
        return []
    code = _RUST_USE_ITEM.sub(" ", _RUST_NOISE.sub(" ", text))
    inline = _RUST_INLINE_MOD.search(code)
    cut = inline.start() if inline else len(code)
    found: set[str] = set()
    reverse, size, end = code[::-1], len(code), -1
    at = code.find("::")
    while at != -1:
        head = _RUST_HEAD_REVERSED.match(reverse, size - at) if at >= end else None
        if head is not None:
            start = size - head.end(1)
            tail = _RUST_TAIL.match(code, start + len(head.group(1)))
            if tail is not None:
                end = tail.end()
                path = "".join(code[start:end].split())
                first = path.partition("::")[0]
                inside = first in ("self", "super") and start > cut
                # (a macro's call: exported at its crate's root, wherever it is defined)
                if first not in _RUST_LOCAL and not inside and not _RUST_BANG.match(code, end):
                    found.add(path)
        at = code.find("::", at + 2)
    return sorted(found)


def _in_inline_module(node: Any, specs: list[Spec]) -> list[Spec]:
    """The specs of an item inside inline modules (`mod tests { use super::*; }`) as the
    file's module sees them: there `super` is the file itself, and a `pub use` hands a name
    on from the inline module, not from the file."""
    inner: list[str] = []  # the inline modules around the item, outermost first
    parent = node.parent
    while parent is not None:
        if parent.type == "declaration_list" and parent.parent is not None:
            name = parent.parent.child_by_field_name("name")
            if parent.parent.type == "mod_item" and name is not None:
                inner.insert(0, _text(name).removeprefix("r#"))
        parent = parent.parent
    if not inner:
        return specs
    out: list[Spec] = []
    for kind, value in specs:
        if kind in ("use", "pub"):
            out.append(["use", _from_file(inner, value.partition("=")[0].removesuffix("::*"))])
        elif kind == "mod":  # `mod tests { mod util; }`: tests/util.rs beside the file's own
            out.append(["mod", "/".join([*inner, value])])
        else:
            out.append([kind, value])
    return out


def _from_file(inner: list[str], path: str) -> str:
    """A `use` path written inside the inline modules `inner`, relative to the file's own
    module: `super::x` in `mod tests` is `self::x`; a path that leaves the file keeps the
    `super`s left over."""
    parts = path.split("::")
    level = list(inner)
    ups = 0
    while parts and parts[0] in ("self", "super"):
        if parts.pop(0) == "super":
            if level:
                level.pop()
            else:
                ups += 1
    if ups or path.split("::")[0] not in ("self", "super"):
        return "::".join(["super"] * ups + parts) if ups else path
    return "::".join(["self", *level, *parts])


_MAX_NESTING = 64


def use_paths(tree: str, exported: bool = False) -> list[str]:
    """Every path a Rust use tree names: `a::{b, c::{self, D}}` -> a::b, a::c, a::c::D.

    A glob keeps its `::*` (`use super::*`: the names the code uses say what it takes);
    `exported` (a `pub use`): a renamed item its new name after "=" (`a::{B as C, d::*}` ->
    a::B=C, a::d::*), which is what the module hands on."""
    alias = r"=\1" if exported else ""
    text = re.sub(r"\s+", "", re.sub(r"\s+as\s+(\w+)", alias, tree))
    if text.count("{") > _MAX_NESTING:
        return []  # no real use tree nests this deep; a hostile one must not recurse forever
    out: list[str] = []
    _expand("", text, out, exported)
    return out


def _expand(prefix: str, text: str, out: list[str], exported: bool) -> None:
    for item in _split_top(text):
        brace = item.find("{")
        if brace == -1:
            # `self` and `*` name the module the tree is in; `a::*` names a (its items,
            # when exported).
            glob = item == "*" or item.endswith("::*")
            item = item.removesuffix("::*").removesuffix("::self")
            if item in ("self", "*"):
                item = ""
            full = f"{prefix}::{item}" if prefix and item else prefix or item
            if full:
                out.append(full + "::*" if glob else full)
            continue
        head = item[:brace].rstrip(":")
        inner = item[brace + 1 : item.rfind("}")]
        _expand(f"{prefix}::{head}" if prefix and head else prefix or head, inner, out, exported)


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p]


_JS_WORDS = (b"import", b"require", b"export")
# C's #include directives open a line. The grammar then decides which are code; the last
# one is where parsing may stop.
_C_DIRECTIVE = lazyre.compile(rb"^[ \t]*#[ \t]*include[^\n]*", re.M)
_KEYWORDS: dict[str, tuple[bytes, ...] | re.Pattern[bytes]] = {
    "JavaScript": _JS_WORDS,
    "JSX": _JS_WORDS,
    "TypeScript": _JS_WORDS,
    "TSX": _JS_WORDS,
    "Go": (b"import",),
    "Rust": (b"use", b"mod", b"extern"),
    "Java": (b"import",),
    "C": _C_DIRECTIVE,
    "C++": _C_DIRECTIVE,
    "Objective-C": _C_DIRECTIVE,
}
_JS_LANGUAGES = frozenset({"JavaScript", "JSX", "TypeScript", "TSX"})
_READERS = {
    "Go": _go,
    "Rust": _rust,
    "Java": _java,
    "C": _c,
    "C++": _c,
    "Objective-C": _c,
}


# -- C's definitions and uses --------------------------------------------------------------
_C_LANGUAGES = frozenset({"C", "C++", "Objective-C"})
# Nothing includes a .c file: what ties one to the others is the functions and variables it
# defines that they use (through the header that declares them). A definition is read where
# every style puts the file's own (its type or its name at the line's start: a body is
# indented), from the text as it is; the names used, from the code alone.

# A function: its type from the margin (with `static`, if it is one), its name (at the margin
# itself in BSD style, the type on the line before), its parameters, then the body's `{`. (A
# member of a C++ class, `A::f`, is left out: its name alone says nothing of which class.)
# (Parameters are bounded: a long run of text with no `;`, `{` or `}` is read in linear time.)
# A name a macro in capitals wraps, `int WRAP(f)(int a) {` (to place or rename it per
# build), is the function's: the macro is no function of the file.
_C_FUNCTION = lazyre.compile(
    r"\n([A-Za-z_][^;{}()=\n]*?)[ \t*\n]\**"
    r"(?:[A-Z][A-Z0-9_]*[ \t]*\([ \t]*([A-Za-z_]\w*)[ \t]*\)|([A-Za-z_]\w*))"
    r"[ \t]*\([^;{}]{0,1000}?\)[ \t]*\n?\{"
)
# A variable: a type and a name from the margin, then `=` or `;` (`int debug;`,
# `const struct entry x = {`, `char *paths[] = {`).
_C_VARIABLE = lazyre.compile(
    r"\n([A-Za-z_][\w \t*]*?)[ \t*]\**([A-Za-z_]\w*)[ \t]*(?:\[[^\]\n]*\][ \t]*)*[=;]"
)
# What a macro named for it defines at the margin: `DEFINE_MUTEX(lock);`,
# `MP_DEFINE_CONST_OBJ_TYPE(mp_type_list, ...)`, its first argument (`static` before it, the
# file's own).
_C_MACRO_DEFINED = lazyre.compile(
    r"\n(static[ \t]+)?(?:[A-Z][A-Z0-9_]*_)?DEFINE[A-Z0-9_]*[ \t]*\(\s*([A-Za-z_]\w*)\s*[,)]"
)
# A type's name by C's conventions (`u64`, `size_t`): a macro's first argument that names
# the type of what it defines (`DEFINE_PER_CPU(u64, ticks)`), not the thing defined.
_C_TYPE_NAME = lazyre.compile(r"(?:[us](?:8|16|32|64|128)|\w+_t)$")
_C_NOT_DEFINITION = lazyre.compile(r"\b(?:typedef|extern|return|goto|case|else)\b")
_C_STATIC = lazyre.compile(r"\bstatic\b")
# A macro that stands for `static` (`#define LOCAL static`, `#define MEM_STATIC static inline`):
# an object-like `#define`, its replacement to the line's end (continued lines too).
_C_DEFINE = lazyre.compile(
    r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?![\w(])((?:[^\n\\]|\\.)*)", re.M | re.S
)
_C_WORD = lazyre.compile(r"[A-Za-z_]\w*")
# Any macro the file defines: its uses of that name are its own macro's, not a function of
# another file's that shares the name (a debug print each file defines away, one defines).
_C_MACRO_NAME = lazyre.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)", re.M)
# The names the code uses are read from its words once comments and strings are blanked:
# each other mark splits them, and a member (`s->free`, `x.write`) is dropped with the `.` or
# `>` before it (the object, `x`, is kept): half the time a pattern finding every name takes.
# (An unclosed comment or string runs to its line's or the text's end.)
_C_PROSE = lazyre.compile(
    r'/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|/\*.*|//[^\n]*|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?', re.S
)
_C_MARKS = {ord(c): " " for c in "!\"#$%&'()*+,-/:;<=?@[\\]^`{|}~"} | {ord("."): 1, ord(">"): 1}
_C_MEMBER = lazyre.compile("\x01\\w*")
_C_KEYWORD_NAMES = """auto break case char const continue default do double else enum extern float
    for goto if inline int long register restrict return short signed sizeof static struct switch
    typedef union unsigned void volatile while bool true false NULL _Bool size_t ssize_t
    uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t u_int u_char u_short
    u_long off_t time_t pid_t uid_t gid_t mode_t FILE class public private protected virtual
    template typename namespace using new delete this operator nullptr constexpr override
    final noexcept std string vector __attribute__ __inline__ __restrict __extension__
    __typeof__ typeof define undef ifdef ifndef endif elif include pragma defined"""
_C_KEYWORDS = frozenset(_C_KEYWORD_NAMES.split())
# The C library's functions and variables (ISO C, POSIX, the BSDs' additions): a project that
# defines one (a compat/ copy, built where the system lacks it) is not what its callers call.
_C_LIBRARY_NAMES = """strlcpy strlcat strndup strnlen strdup strsep strtonum strcasestr
    strcasecmp strncasecmp memmem memrchr memmove memcpy memset memcmp memchr strchr strrchr strstr
    strtok strtok_r strerror strsignal strspn strcspn strpbrk strcoll strxfrm reallocarray
    recallocarray freezero explicit_bzero timingsafe_bcmp timingsafe_memcmp asprintf vasprintf
    snprintf vsnprintf sprintf vsprintf printf fprintf dprintf vdprintf sscanf setenv unsetenv
    getenv putenv clearenv daemon closefrom getdtablecount getdtablesize getprogname
    setprogname setproctitle getopt getopt_long getopt_long_only optarg optind opterr optopt
    optreset err errx warn warnx verr verrx vwarn vwarnx errc warnc fgetln getline getdelim
    forkpty openpty login_tty cfmakeraw cfsetspeed b64_ntop b64_pton htonll ntohll htobe64
    be64toh vis strvis strnvis stravis strunvis unvis strsvis fparseln basename dirname
    realpath strptime strftime timegm clock_gettime gettimeofday nanosleep usleep
    arc4random arc4random_buf arc4random_uniform getentropy getrandom mkdtemp mkstemp
    mkstemps pledge unveil inet_pton inet_ntop inet_aton inet_ntoa getaddrinfo freeaddrinfo
    gai_strerror getnameinfo getpeereid fnmatch glob globfree regcomp regexec regfree
    regerror qsort bsearch heapsort mergesort radixsort malloc calloc realloc free
    posix_memalign aligned_alloc atoi atol atoll strtol strtoul strtoll strtoull strtod
    strtof strtold strtoimax strtoumax isblank wcwidth wcswidth mbtowc wctomb mbrtowc wcrtomb
    wcsdup wcslcpy wcslcat utimes futimes futimens utimensat flock pipe2 dup3 accept4
    socketpair sigaction signal raise abort exit atexit getpagesize sysconf setlinebuf
    setvbuf getcwd chdir open close read write pread pwrite readv writev poll select fsync
    fdatasync ftruncate truncate pselect ppoll memccpy stpcpy stpncpy strverscmp ffs ffsl
    fls flsl bzero bcopy bcmp index rindex random srandom rand srand getpass readpassphrase
    getusershell setusershell endusershell getgrouplist initgroups setresuid setresgid
    getresuid getresgid issetugid fts_open fts_read fts_close tzset localtime_r gmtime_r
    ctime_r asctime_r localtime gmtime mktime difftime environ errno stdin stdout stderr
    __progname main strlen strcmp strncmp strcpy strncpy strcat strncat puts putchar
    fputs fputc fgets fgetc getc getchar putc ungetc fopen fclose fread fwrite fflush fseek
    ftell rewind perror remove rename tmpfile abs labs llabs div ldiv isalpha isdigit
    isalnum isspace isupper islower isprint ispunct isxdigit iscntrl isgraph toupper tolower
    sqrt pow exp log log10 log2 sin cos tan asin acos atan atan2 sinh cosh tanh floor ceil
    fabs fmod round trunc frexp ldexp modf sqrtf powf expf logf sinf cosf tanf floorf ceilf
    fabsf fmodf roundf truncf nan nanf isnan isinf isfinite
    link symlink readlink unlink sleep alarm fork waitpid wait pipe dup dup2 fcntl kill uname
    getpwuid getpwnam getuid geteuid getgid getegid getpid getppid setsid isatty umask access
    chmod fchmod chown mkdir rmdir stat lstat fstat lseek opendir readdir closedir mmap
    munmap setitimer getitimer sigprocmask sigemptyset sigaddset execv execvp popen pclose
    fdopen socket connect bind listen accept shutdown getsockopt setsockopt getsockname
    getpeername recv send recvfrom sendto gethostbyname utime mkfifo fseeko ftello
    pthread_create pthread_join pthread_self pthread_exit pthread_mutex_init
    pthread_mutex_lock pthread_mutex_unlock pthread_mutex_destroy pthread_cond_init
    pthread_cond_wait pthread_cond_signal pthread_cond_broadcast pthread_cond_destroy
    pthread_key_create pthread_getspecific pthread_setspecific"""
_C_LIBRARY = frozenset(_C_LIBRARY_NAMES.split())


def c_static_macros(text: str) -> list[Spec]:
    """``[["static", "A,B"]]``: the macros this file defines as `static` (more than half of
    its definitions of each say it: `#ifdef` branches for each compiler all do; a macro
    `static` in one branch of two stays open: an amalgamation's private functions are
    called across files when built apart, and a unit-test switch's left out of the tests'
    build look the same), or nothing."""
    if "static" not in text:
        return []
    said: dict[str, list[bool]] = defaultdict(list)
    for name, body in _C_DEFINE.findall(text):
        said[name].append(bool(_C_STATIC.search(_C_PROSE.sub(" ", body))))
    found = sorted(n for n, says in said.items() if any(says) and 2 * sum(says) > len(says))
    return [["static", ",".join(found)]] if found else []


def c_names(text: str) -> list[Spec]:
    """``[["defines", "a,b"], ["names", "c,d"]]``: what a C file defines for the others (its
    functions and variables, not `static`), and the names its code uses but does not define
    (other than the language's words)."""
    own: set[str] = set()  # every name the file defines
    shared: set[str] = set()  # those other files may use
    # Those whose head has words that may be macros (`MEM_STATIC U32 f(`): shared unless one
    # of these stands for `static`, which only the repository's headers may say.
    under: dict[str, set[str]] = defaultdict(set)
    found = [(head, wrapped or name) for head, wrapped, name in _C_FUNCTION.findall("\n" + text)]
    if "DEFINE" in text:
        found += [d for d in _C_MACRO_DEFINED.findall("\n" + text) if not _C_TYPE_NAME.match(d[1])]
    for head, name in found + _C_VARIABLE.findall("\n" + text):
        if name in _C_KEYWORDS or _C_NOT_DEFINITION.search(head):
            continue  # (`typedef int x;`, `extern int y;`, `return x;`: no definition)
        own.add(name)
        if _C_STATIC.search(head):
            continue
        words = sorted(set(_C_WORD.findall(head)) - _C_KEYWORDS)
        if words:
            under[" ".join(words)].add(name)
        else:
            shared.add(name)
    code = _C_MEMBER.sub(" ", _C_PROSE.sub(" ", text).translate(_C_MARKS))
    used = {w for w in set(code.split()) if len(w) > 2 and not w[0].isdigit()}
    used -= own
    used -= _C_KEYWORDS
    if "define" in text:
        used.difference_update(_C_MACRO_NAME.findall(text))
    program = "main" in shared  # (a program's own: `_c_callees`)
    shared -= _C_LIBRARY
    out = [["defines", ",".join(sorted(shared))], ["names", ",".join(sorted(used))]]
    if program:
        out.append(["program", "main"])
    for head_words, defined in sorted(under.items()):
        if defined - _C_LIBRARY:
            out.append(["defines_under", f"{head_words}={','.join(sorted(defined - _C_LIBRARY))}"])
    return out


# A JavaScript file typed with JSDoc takes its types in its doc comments: `/** @import {
# A, B } from "./types" */` (TypeScript 5.5) and `{import("./types").A}` in a tag. They are
# imports as TypeScript checks them (a file of types a hundred modules use is imported by
# them all), though no code runs them.


def _jsdoc_imports_in(text: str) -> bool:
    """Whether some `/** ... */` holds the word `import` (a quick look, in one pass: every
    `/**` before the first `*/` ends there, so each stretch is read once, and a `/**` in a
    glob string, `"src/**"`, costs no scan to the end of the file)."""
    at = text.find("/**")
    while at >= 0:
        end = text.find("*/", at + 3)
        if end < 0:
            return False
        if "import" in text[at:end]:
            return True
        at = text.find("/**", end + 2)
    return False


@cache
def _comment_query(language: str) -> Any:
    import tree_sitter

    module, function, _ = _GRAMMARS[language]
    lang = load_language(module, function)
    assert lang is not None  # (the tree being read was parsed with it)
    return tree_sitter.Query(lang, "(comment) @c")


def _doc_comments(language: str, root: Any, data: bytes) -> list[str]:
    """The text of each `/** ... */` comment in the tree (not one in a string)."""
    import tree_sitter

    nodes = tree_sitter.QueryCursor(_comment_query(language)).captures(root).get("c", [])
    return [
        data[n.start_byte : n.end_byte].decode("utf-8", "replace")
        for n in nodes
        if data.startswith(b"/**", n.start_byte) and b"import" in data[n.start_byte : n.end_byte]
    ]


_JSDOC_IMPORT = lazyre.compile(
    r"@import\s+(?:\{([^}]*)\}|\*\s+as\s+\w+|(\w+))\s+from\s+(['\"])([^'\"\n]+)\3"
)
_JSDOC_TYPE_IMPORT = lazyre.compile(r"\bimport\(\s*(['\"])([^'\"\n]+)\1\s*\)(?:\.(\w+))?")


def _jsdoc_imports(docs: list[str]) -> list[Spec]:
    """The modules JSDoc comments import types from (``["module", "./x", "A,B"]``)."""
    specs: list[Spec] = []
    for block in docs:
        for m in _JSDOC_IMPORT.finditer(block):
            if m.group(1) is not None:
                names = [n.split(" as ")[0].strip() for n in m.group(1).split(",")]
                taken = ",".join(n for n in names if n)
            else:
                taken = "default" if m.group(2) else "*"
            specs.append(["module", m.group(4), taken])
        for m in _JSDOC_TYPE_IMPORT.finditer(block):
            specs.append(["module", m.group(2), m.group(3) or "*"])
    return specs
