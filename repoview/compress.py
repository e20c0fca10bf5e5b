"""The cheaper tiers of a file: its outline, and its signatures (one line per definition).

Outline: tree-sitter parses the languages it has a grammar for (from the per-language
wheels, which work offline); bodies of functions and methods are replaced by a marker, while
imports, class and type declarations, signatures, constants and the first paragraph of each
docstring stay. Preprocessor blocks (a C header's include guard) are looked into, not elided.
Other text keeps its definition-like lines (headings for prose) and its head. What C and
C++ need beyond the grammar's parse is in outline_c.py.

Signatures (one line per definition, like a repository map) are made in signature_lines.py.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from . import lazyre
from .analyze.languages import is_code
from .grammars import load_language
from .haskell import haskell_outline
from .outline_c import (
    C_FAMILY,
    TRANSPARENT,
    c_bodies_by_braces,
    c_body_end,
    c_class_macros_blanked,
    c_comments,
    c_error_parts,
    c_macro_comments_blanked,
    c_macro_cut,
    c_without_member_macros,
)
from .outline_indent import INDENT_LANGUAGES, outline_by_indent, outline_cython
from .signature_lines import MODIFIERS
from .signature_lines import signatures as _signatures
from .signature_prose import PROSE
from .signature_proto import proto_outline
from .vimscript import vim_outline

__all__ = ["NON_CODE", "OUTLINE_ID", "compress", "outlined", "signatures"]

# Names the tiers' code in caches: any change to it changes the outlines' and signatures' ids.
OUTLINE_ID = hashlib.blake2b(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in (
            "compress.py",
            "outline_c.py",
            "outline_indent.py",
            "signature_lines.py",
            "signature_c.py",
            "signature_format.py",
            "signature_langs.py",
            "signature_prose.py",
            "signature_proto.py",
            "signature_scan.py",
            "brackets.py",
            "vimscript.py",
            "haskell.py",
        )
    ),
    digest_size=8,
).digest()

# language -> (grammar module, function in it, node types whose "body" field is elided)
_GRAMMARS: dict[str, tuple[str, str, frozenset[str]]] = {
    "Python": ("tree_sitter_python", "language", frozenset({"function_definition"})),
    "JavaScript": (
        "tree_sitter_javascript",
        "language",
        frozenset(
            {
                "function_declaration",
                "method_definition",
                "generator_function_declaration",
                "function_expression",
                "arrow_function",
                "function",
            }
        ),
    ),
    "JSX": (
        "tree_sitter_javascript",
        "language",
        frozenset(
            {"function_declaration", "method_definition", "function_expression", "arrow_function"}
        ),
    ),
    "TypeScript": (
        "tree_sitter_typescript",
        "language_typescript",
        frozenset(
            {
                "function_declaration",
                "method_definition",
                "generator_function_declaration",
                "function_expression",
                "arrow_function",
            }
        ),
    ),
    "TSX": (
        "tree_sitter_typescript",
        "language_tsx",
        frozenset(
            {"function_declaration", "method_definition", "function_expression", "arrow_function"}
        ),
    ),
    "Go": (
        "tree_sitter_go",
        "language",
        frozenset({"function_declaration", "method_declaration", "func_literal"}),
    ),
    "Rust": ("tree_sitter_rust", "language", frozenset({"function_item"})),
    "Java": (
        "tree_sitter_java",
        "language",
        frozenset({"method_declaration", "constructor_declaration"}),
    ),
    "C": ("tree_sitter_c", "language", frozenset({"function_definition"})),
    "C++": ("tree_sitter_cpp", "language", frozenset({"function_definition"})),
}
_HASH_COMMENT = {
    "Python",
    "Cython",
    "Bash",
    "Ruby",
    "Perl",
    "R",
    "YAML",
    "TOML",
    "Makefile",
    "Elixir",
}
_SIGNATURE = lazyre.compile(
    r"^\s*" + MODIFIERS + r"(?:def|class|function|fn|func|fun|interface|struct|enum|trait|impl|"
    r"type|module|namespace|object|extension|protocol|actor|typealias|init|constructor|"
    r"macro|defmodule|defp?|defmacrop?|defprotocol|defimpl|defdelegate|defguardp?|@callback|"
    r"@macrocallback|sub|package|import|from|use|#include|#define)\b"
    # a class's constants (PHP's `public const SUCCESS = 0;`): a name in capitals, near the margin
    r"|^[ \t]{0,4}(?:(?:public|private|protected|final)\s+)*const\s+[A-Z_][A-Z0-9_]*\s*="
    # a class's properties, declared with their visibility (PHP's `private ?string $title`)
    r"|^\s*(?:(?:public|private|protected|var|static|readonly)\s+)+(?:\??[\w\\|]+\s+)?\$\w"
)
_CONTAINERS = (
    *("class", "struct", "impl", "trait", "interface", "enum", "namespace", "type", "union"),
    # an abstract class, a Java annotation type or record: members as a class's
    *("abstract_class", "annotation_type", "record"),
)
# Blocks of declarations (a TypeScript namespace or `declare module`, a Rust inline `mod` or
# `extern` block): their members are judged one by one, as the file's own statements are;
# a block of types cut to its head lost its members and its closing brace.
_MODULES = frozenset({"internal_module", "module", "mod_item", "foreign_mod_item"})
# What wraps a declaration: `export ...`, `declare ...`, and a namespace as a statement
_WRAPPERS = frozenset({"export_statement", "ambient_declaration", "expression_statement"})
# Text that is data, not code: its "outline" would be a cut-off copy that misleads.
NON_CODE = frozenset(
    {
        "SVG",
        "JSON",
        "CSV",
        "TSV",
        "XML",
        "YAML",
        "TOML",
        "INI",
        "Text",
        "HTML",
        "CSS",
        "SCSS",
        "Batchfile",
    }
)
# Markdown's `#` headings and AsciiDoc's `==` titles; reStructuredText's and AsciiDoc's
# underlines (their title is the line above).
_HEADING = lazyre.compile(r"^(?:#{1,6}\s|={1,6}\s+\S|([=\-~^*+#])\1{2,}\s*$)")
# Python's top-level conditions and fallbacks hold imports (`if backend == "jax":`,
# `try: import x`): each statement inside is judged on its own, not the whole cut.
_PY_TRANSPARENT = frozenset(
    {"if_statement", "elif_clause", "else_clause", "try_statement", "except_clause"}
    | {"finally_clause", "block"}
)
# Long statements kept whole: a Go `const (...)` block lists a package's constants, its API.
# Long statements kept whole: a Go constant block (the package's API) and a long import
# list (what the file depends on).
_KEPT_WHOLE = frozenset(
    {
        ("Go", "const_declaration"),
        ("Go", "import_declaration"),
        ("Rust", "use_declaration"),
        ("Python", "import_from_statement"),
        *((lang, "import_statement") for lang in ("JavaScript", "JSX", "TypeScript", "TSX")),
    }
)
# A Python module's `__all__`: the names it exports, its public interface in a few tokens
_PY_ALL = lazyre.compile(rb"__all__\s*\+?=")
_C_MACROS = frozenset({"preproc_def", "preproc_function_def"})
_MACRO_DEPTH = 3  # macro blocks inside macro blocks, outlined this deep
_DOC_LINES = 6  # a doc comment's first paragraph, at most this many lines
_PARAGRAPH = lazyre.compile(r"\n[ \t]*\n")
_HEAD_LINES = 20
_TOP_LEVEL_MAX = 12  # longer top-level statements (big literals, tables) are cut to their head


@cache
def _parser(language: str) -> tuple[Any, Any] | None:
    """A parser and a query for the bodies to elide, or None without a usable grammar."""
    spec = _GRAMMARS.get(language)
    if spec is None:
        return None
    lang = load_language(spec[0], spec[1])
    if lang is None:
        return None  # grammar missing or built for another tree-sitter: use the fallback
    import tree_sitter

    patterns = []
    for node_type in sorted(spec[2]):
        pattern = f"({node_type} body: (_) @body)"
        try:  # grammar versions differ in node names: keep the ones this one knows
            tree_sitter.Query(lang, pattern)
        except Exception:
            continue
        patterns.append(pattern)
    if not patterns:
        return None
    extra = ["(comment) @comment", "(line_comment) @comment", "(block_comment) @comment"]
    if language == "Rust":
        extra.append("(macro_invocation (token_tree) @macro)")
    if language == "Java":
        # An initializer block (`static { ... }`, or a bare `{ ... }` among the members) is
        # code as a method's body is, and is elided as one (its block is no "body" field).
        extra += ["(static_initializer (block) @body)", "(class_body (block) @body)"]
    if language == "Python":
        extra += [
            "(module . (expression_statement (string) @doc))",
            "(block . (expression_statement (string) @doc))",
            # an attribute's docstring, the string below it in a class's body
            "(class_definition body: (block (expression_statement (assignment))"
            " . (expression_statement (string) @doc)))",
            # a class is a definition too, when it holds no function (a TypedDict)
            "(class_definition) @class",
        ]
    for pattern in extra:
        try:
            tree_sitter.Query(lang, pattern)
        except Exception:
            continue
        patterns.append(pattern)
    return tree_sitter.Parser(lang), tree_sitter.Query(lang, " ".join(patterns))


def _elided(language: str, lines: int) -> str:
    what = f"... {_lines(lines)} elided"
    if language in PROSE:  # prose has no comment syntax a reader would not take as text
        return f"[{what}]"
    return _comment(language, what)


_LICENCE_WORDS = lazyre.compile(r"licen[cs]e|copyright|\(c\)", re.I)
_COMMENT_LINE = lazyre.compile(r"\s*(?:/\*|\*|//|<!--|--)")
_HASH_LINE = lazyre.compile(r"\s*#(?!!)")


_BRACE_DASH = frozenset({"Haskell", "Elm", "PureScript"})


def _licence_block(lines: list[str], language: str) -> int:
    """How many lines the licence comment opening a file takes (0: it opens with none);
    `#` opens a comment only in the languages where it does (not `#import` in C)."""
    hashes = language in _HASH_COMMENT
    # (Haskell's, Elm's and PureScript's block comments are `{- -}`)
    opener, closer = ("{-", "-}") if language in _BRACE_DASH else ("/*", "*/")
    end = 0
    in_block = False
    for i, line in enumerate(lines[:60]):
        stripped = line.strip()
        if in_block:
            if closer in stripped:
                in_block, end = False, i + 1
            continue
        if stripped.startswith(opener) and not stripped.startswith("{-#"):
            in_block, end = closer not in stripped[2:], i + 1
        elif stripped and (_COMMENT_LINE.match(line) or (hashes and _HASH_LINE.match(line))):
            end = i + 1
        elif stripped or end:
            break
    if in_block or end < 3:
        return 0
    return end if _LICENCE_WORDS.search("\n".join(lines[:end])) else 0


def _lines(n: int) -> str:
    return "1 line" if n == 1 else f"{n} lines"


# The comment a marker is written as in the languages whose comments are neither `#` nor
# `/* */` (a marker a reader takes for code misleads).
_OTHER_COMMENTS = {
    **dict.fromkeys(("Lua", "Haskell", "SQL", "Elm", "Ada", "VHDL", "PureScript"), "-- {}"),
    **dict.fromkeys(("Clojure", "Common Lisp", "Scheme", "Racket", "EmacsLisp"), ";; {}"),
    **dict.fromkeys(("Erlang", "MATLAB", "Matlab", "Octave", "Prolog"), "% {}"),
    **dict.fromkeys(("OCaml", "F#", "Pascal"), "(* {} *)"),
    **dict.fromkeys(("Tcl", "PowerShell", "Julia", "Nim", "jq"), "# {}"),
    "Fortran": "! {}",
    "VimL": '" {}',
    "Zig": "// {}",
}


def _comment(language: str, text: str) -> str:
    if language in _HASH_COMMENT:
        return f"# {text}"
    other = _OTHER_COMMENTS.get(language)
    return f"/* {text} */" if other is None else other.format(text)


def outlined(language: str) -> bool:
    """Whether files in `language` have an outline and signatures: program text and prose,
    never data, markup, or text no lexer named as code (a man page, a grammar file)."""
    return language not in NON_CODE and (
        is_code(language)
        or language in PROSE
        or language in _GRAMMARS
        or language == "Protocol Buffer"
    )


def compress(text: str, language: str) -> str:
    """An outline of `text` that keeps its interfaces and elides its bodies; a part a
    comment says is generated is left out, with a line saying so (`handwritten`)."""
    kept, note = handwritten(text, language)
    if note:
        return _outline(kept, language).rstrip("\n") + "\n" + note + "\n"
    return _outline(text, language)


def signatures(text: str, language: str) -> str:
    """One line per definition of `text`; a part a comment says is generated is left out,
    with a line saying so (`handwritten`)."""
    kept, note = handwritten(text, language)
    if note:
        made = _signatures(kept, language)
        return (made.rstrip("\n") + "\n" if made.strip() else "") + note + "\n"
    return _signatures(text, language)


# A comment that says the rest of the file (or the part up to an end marker) is generated:
# "Everything below this line is automatically generated by generate-fmtargs.py",
# "BEGIN GENERATED CODE" ... "END GENERATED CODE". It counts only in a comment of the file's
# own language (a template string's `/* ... */` line in Python is no comment): where a
# comment line starts, by language.
_HASH = r"#"
_SLASH = r"/[/*]|\*"
_LEADERS = {
    **dict.fromkeys(
        (
            "Python",
            "Cython",
            "Ruby",
            "Bash",
            "Shell",
            "Perl",
            "R",
            "YAML",
            "TOML",
            "Makefile",
            "CMake",
            "PowerShell",
            "Elixir",
            "Julia",
            "Nim",
            "Tcl",
            "Docker",
            "Crystal",
        ),
        _HASH,
    ),
    **dict.fromkeys(
        (
            "C",
            "C++",
            "Objective-C",
            "Java",
            "Kotlin",
            "Scala",
            "Groovy",
            "JavaScript",
            "TypeScript",
            "TSX",
            "JSX",
            "Go",
            "Rust",
            "C#",
            "Swift",
            "Dart",
            "Zig",
            "Protocol Buffer",
            "Solidity",
        ),
        _SLASH,
    ),
    "PHP": _SLASH + "|#",
    **dict.fromkeys(("SQL", "Lua", "Haskell", "Ada", "Elm"), r"--"),
    **dict.fromkeys(("EmacsLisp", "Clojure", "Scheme", "Common Lisp"), r";"),
    **dict.fromkeys(("Erlang", "TeX", "MATLAB", "Prolog"), r"%"),
    **dict.fromkeys(("HTML", "XML", "Markdown", "Vue", "Svelte"), r"<!--"),
}
_MARKER_SAYS = (
    r"\b(?:(?:everything|anything|all|the rest|code|text)\b[^\n]{0,24}?"
    r"\b(?:below|after|following)[ \t]+(?:this|here)\b[^\n]{0,40}?"
    r"\b(?:is|are|was|were|has been|gets)\b[^\n]{0,24}?\bgenerated\b"
    r"|the rest of (?:this|the) file\b[^\n]{0,24}?\b(?:is|was|has been)\b[^\n]{0,24}?"
    r"\bgenerated\b"
    r"|generated (?:code|content|section|part|definitions) (?:follows|below)\b"
    r"|(?:begin|start)(?: of)?(?: the)? (?:auto[- ]?|automatically )?generated"
    r"(?: code| section| part| content)?\b(?![ \t]+\w))[^\n]*"
)
_GENERATED_WORD = lazyre.compile(r"generated", re.I)
_MARKER_END = r"\bend(?: of)?(?: the)? (?:auto[- ]?|automatically )?generated\b[^\n]*"


@cache
def _markers(language: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The patterns of a generated part's start and end marker in `language`'s comments."""
    leader = _LEADERS.get(language)
    if leader is None:
        return None
    line = rf"^[ \t]*(?:{leader})[^\n]*?"
    return re.compile(line + _MARKER_SAYS, re.I | re.M), re.compile(line + _MARKER_END, re.I | re.M)


# Multi-line string quotes, by language: a marker inside one is text, not a comment.
_LONG_STRINGS = {
    **dict.fromkeys(("Python", "Cython"), ('"""', "'''")),
    **dict.fromkeys(("JavaScript", "TypeScript", "TSX", "JSX", "Go"), ("`",)),
}
_GENERATED_LINES = 20  # a generated part shorter than this stays (cutting it saves little)


def handwritten(text: str, language: str) -> tuple[str, str]:
    """`text` without the parts a comment in it says are generated (each from the line after
    its comment to an end marker, or to the end), and a line for each saying what was left
    out; (`text`, "") when no comment of `language`'s says so, or each part is under
    `_GENERATED_LINES` lines."""
    if "enerated" not in text and "ENERATED" not in text:  # (most files: one quick scan)
        return text, ""
    markers = _markers(language)
    if markers is None:
        return text, ""
    kept: list[str] = []
    notes: list[str] = []
    at = 0  # where the text not yet looked at starts
    while True:
        part = _generated_part(text, at, language, markers)
        if part is None:
            break
        said, start, stop = part
        first = text.count("\n", 0, start) + 1
        last = first + text.count("\n", start, stop) - 1
        if last - first + 1 >= _GENERATED_LINES:
            kept.append(text[at:start])
            notes.append(
                f"... lines {first:,}-{last:,} are generated (line {said:,} says so): not shown"
            )
        else:
            kept.append(text[at:stop])
        at = stop
    if not notes:
        return text, ""
    return "".join(kept) + text[at:], "\n".join(notes)


def _generated_part(
    text: str, at: int, language: str, markers: tuple[re.Pattern[str], re.Pattern[str]]
) -> tuple[int, int, int] | None:
    """The next part of `text` from `at` that a comment says is generated: the line of the
    comment, and where the part starts and stops; None when no comment says so."""
    below, end_marker = markers
    # The marker's line holds the word: the pattern is tried only at the start of those
    # lines (searched for across a file, it took 2 ms a file that says "generated").
    m = None
    pos = at
    while (word := _GENERATED_WORD.search(text, pos)) is not None:
        line = text.rfind("\n", at, word.start()) + 1 or at
        if (at == 0 or text[line - 1] == "\n") and (m := below.match(text, line)) is not None:
            break
        pos = text.find("\n", word.end()) + 1  # (each line tried once, however often it says so)
        if pos == 0:
            break
    if m is None or any(text.count(q, 0, m.start()) % 2 for q in _LONG_STRINGS.get(language, ())):
        return None
    said = text.count("\n", 0, m.start()) + 1
    m_end = m.end()
    if m.group(0).rfind("/*") > m.group(0).rfind("*/"):  # a block comment that goes on
        m_end = text.find("*/", m.end())
        if m_end < 0:
            return None
    start = text.find("\n", m_end)
    if start < 0:
        return None
    start += 1
    stop = len(text)
    end = end_marker.search(text, start)
    if end is not None:
        stop = text.rfind("\n", 0, end.start()) + 1
    return said, start, stop


_PARAMETER_TEXT = 80  # characters of a string in a parameter list kept whole


def _parameter_texts(data: bytes, bodies: list[Any]) -> list[tuple[int, int, bytes]]:
    """The long strings of Python functions' parameters (`Annotated[str, Doc(\"\"\"...
    \"\"\")]`, a `Field(description=...)` default) cut to their first line: each is the
    parameter's documentation, a docstring by another name (fastapi's `routing.py` outline
    was 31k tokens, 58% of it such text, the same paragraph in every `get()`, `post()`)."""
    cuts = []
    for body in bodies:
        function = body.parent
        params = function.child_by_field_name("parameters") if function is not None else None
        if params is None or params.end_byte - params.start_byte <= _PARAMETER_TEXT:
            continue
        nodes = [params]
        while nodes:
            node = nodes.pop()
            if node.type != "string":
                nodes.extend(node.children)
                continue
            if node.end_byte - node.start_byte <= _PARAMETER_TEXT:
                continue
            start = node.children[0] if node.children else None
            quote = data[start.start_byte : start.end_byte] if start is not None else b'"'
            words = data[node.start_byte + len(quote) : node.end_byte].decode("utf-8", "replace")
            first = next((w.strip() for w in words.split("\n") if w.strip()), "")[:60]
            closing = quote.lstrip(b"rRbBuUfF")
            cuts.append(
                (node.start_byte, node.end_byte, quote + first.encode() + "…".encode() + closing)
            )
    return cuts


def _outline(text: str, language: str) -> str:
    if language in _COMPONENTS:
        return _component(text)
    if language in _PARSER_SOURCES:
        return _grammar(text, language)
    tools = _parser(language)
    if tools is not None:
        try:
            return _with_tree(text, language, *tools)
        except (ValueError, RecursionError):
            pass
    return _by_lines(text, language)


def _with_tree(text: str, language: str, parser: Any, query: Any, depth: int = 0) -> str:
    import tree_sitter

    data = text.encode("utf-8", "surrogatepass")
    read = data
    if language in C_FAMILY:  # (the same offsets)
        read = c_class_macros_blanked(c_macro_comments_blanked(data))
    root = parser.parse(read).root_node
    if language in C_FAMILY and root.has_error:
        root = c_without_member_macros(read, parser, root)
    if language in ("TypeScript", "TSX") and root.has_error:
        root = _ts_call_signatures_apart(read, parser, root)
    cuts: list[tuple[int, int, bytes]] = []
    captures = tree_sitter.QueryCursor(query).captures(root)
    bodies = captures.get("body", [])
    classes = captures.get("class", [])
    # (which statements hold definitions)
    def_starts = sorted(b.start_byte for b in [*bodies, *classes])
    held = _declared_inside(bodies) if language in _FACTORY_LANGUAGES else {}
    for body in bodies:
        inside = held.get((body.start_byte, body.end_byte))
        if inside is not None and body.end_point[0] > body.start_point[0]:
            cuts.extend(_elide_around(data, body, inside, language))
            continue
        if language in C_FAMILY and depth < _MACRO_DEPTH and _misread_container(read, body):
            # A class or namespace the grammar took for a function (macros around it): its
            # members are outlined as code of their own, not cut as one body.
            inner = data[body.start_byte + 1 : body.end_byte - 1].decode("utf-8", "surrogatepass")
            outline = _with_tree(inner, language, parser, query, depth + 1)
            cuts.append(
                (body.start_byte + 1, body.end_byte - 1, outline.encode("utf-8", "surrogatepass"))
            )
            continue
        if body.end_point[0] > body.start_point[0]:  # one-line bodies cost little: keep them
            end = c_body_end(data, body, def_starts) if language in C_FAMILY else None
            if end is None:
                cuts.append(_elide_body(data, body, language))
                continue
            # The body took in the definitions after it: they are outlined as top-level code.
            cuts.append((body.start_byte, end, b"{ /* ... */ }"))
            tail = data[end : body.end_byte].decode("utf-8", "surrogatepass")
            outline = tail
            if depth < _MACRO_DEPTH:
                outline = _with_tree(tail, language, parser, query, depth + 1)
            cuts.append((end, body.end_byte, outline.encode("utf-8", "surrogatepass")))
    if language == "Rust":
        cuts.extend(_rust_tests(data, root))
    if language == "Python":
        cuts.extend(_parameter_texts(data, bodies))
    docs = set()
    for doc in captures.get("doc", []):
        cuts.extend(_first_paragraph(data, doc))
        docs.add(doc.start_byte)
    macros = captures.get("macro", [])
    for tree in macros if depth < _MACRO_DEPTH else []:
        # A Rust macro block (`cfg_rt! { ... }`) holds items the grammar leaves unparsed:
        # its inside is outlined as source of its own (in a large async runtime, most of the
        # code sits in such blocks).
        if (
            tree.end_point[0] - tree.start_point[0] > _TOP_LEVEL_MAX
            and data[tree.start_byte : tree.start_byte + 1] == b"{"
        ):
            inner = data[tree.start_byte + 1 : tree.end_byte - 1].decode("utf-8", "surrogatepass")
            outline = _with_tree(inner, language, parser, query, depth + 1)
            if outline != inner:
                cut = (
                    tree.start_byte + 1,
                    tree.end_byte - 1,
                    outline.encode("utf-8", "surrogatepass"),
                )
                cuts.append(cut)
    comments = captures.get("comment", [])
    if language in C_FAMILY:
        cuts.extend(c_comments(data, comments))
        # A stretch the grammar could not parse, but where it found definitions (else it is
        # looked into below): the bodies it missed, by their braces.
        for node in root.children:
            long = node.end_point[0] - node.start_point[0] > _TOP_LEVEL_MAX
            if node.type == "ERROR" and long and _holds_definitions(node, def_starts):
                cuts.extend(c_bodies_by_braces(data, node.start_byte, node.end_byte))
    else:
        cuts.extend(_doc_comments(data, comments, language))
    # Long top-level statements with no definitions inside (tables, big literals): keep
    # their head. The captures tell which ones hold definitions.
    nodes = list(reversed(root.children))
    while nodes:
        node = nodes.pop()
        if node.type.startswith(TRANSPARENT) or (
            language == "Python"
            and node.type in _PY_TRANSPARENT
            and _holds_imports(data, node, def_starts)
        ):
            nodes.extend(reversed(node.children))
            continue
        lines = node.end_point[0] - node.start_point[0]
        members = _members(node) if lines > _TOP_LEVEL_MAX else None
        if members is not None:
            nodes.extend(reversed(members))
            continue
        # (`export enum E {...}`: the container is what the export statement declares)
        kind = _declared(node).type
        if lines <= _TOP_LEVEL_MAX or kind.startswith(_CONTAINERS) or "comment" in node.type:
            continue
        if macros and node.type == "macro_invocation":
            continue  # outlined above
        if _holds_definitions(node, def_starts) or (language, node.type) in _KEPT_WHOLE:
            continue
        if language == "Python" and _PY_ALL.match(data, node.start_byte):
            continue
        if language in C_FAMILY and node.type == "ERROR":
            # A stretch the grammar could not parse (one `enum __attribute__((packed)) e {`
            # in a header's include guard makes the whole guard one): the statements it read
            # there are judged one by one, the function bodies in it found by their braces,
            # and its long runs of fragments (a table, a list of macro calls) cut to their
            # head. Cut whole, a header lost all its types.
            braced = c_bodies_by_braces(data, node.start_byte, node.end_byte)
            cuts.extend(braced)
            spans = [(start, end) for start, end, _ in braced]
            statements, runs = c_error_parts(node, _TOP_LEVEL_MAX, spans)
            nodes.extend(reversed(statements))
            for start, end in runs:
                cuts.extend(_cut_to_end(data, node, _line_end(data, start, 3), end, language))
            continue
        if language in C_FAMILY and node.type in _C_MACROS:
            cuts.extend(c_macro_cut(data, node, lambda n: _elided(language, n).encode()))
            continue
        block = _py_block_statement(data, node, docs) if language == "Python" else None
        cuts.extend(_head(data, node, language, docs) if block is None else block)
    if not cuts:
        return text
    out = bytearray()
    pos = 0
    for start, end, marker in sorted(cuts):
        if start < pos:
            continue  # inside a body already elided
        out += data[pos:start] + marker
        pos = end
    out += data[pos:]
    return out.decode("utf-8", "replace")


# A class's or namespace's head, comments aside: its keyword and name, and no parentheses
# anywhere (`struct s *make(int n) {` is a function returning a pointer, `f(struct s *p) {`
# one taking one)
_CONTAINER_HEAD = lazyre.compile(
    rb"[^()]*\b(?:class|struct|union|namespace)[ \t\r\n]+[A-Za-z_][^()]*$"
)
_C_COMMENT = lazyre.compile(rb"//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/")


def _misread_container(data: bytes, body: Any) -> bool:
    """Whether `body`, a function's as the grammar read it, is a class's or a namespace's:
    its head names one and has no parameters."""
    parent = body.parent
    opens = data[body.start_byte : body.start_byte + 1] == b"{"
    if parent is None or parent.type != "function_definition" or not opens:
        return False
    head = _C_COMMENT.sub(b" ", data[parent.start_byte : body.start_byte])
    # (what the grammar took in before it, up to the last statement's end, is not the head)
    last = max(head.rfind(b";"), head.rfind(b"}"), head.rfind(b"{"))
    return _CONTAINER_HEAD.match(head, last + 1) is not None


# A call signature (`<T>(recipe: R): T`) on the line after a member whose type ends in a name
# or a bracket: the grammar reads its `<` as that type's arguments, and the rest of the
# interface, often the rest of the file, becomes one error the outline cut to its head. Its
# indentation's first character, made a `;` (the same offsets), parts the two members.
_TS_CALL_SIGNATURE = lazyre.compile(
    rb"[\w)\]>?](?:[ \t]*(?://[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)?[ \t]*\r?\n)+([ \t]+)<(?=[\w\s])"
)


def _ts_call_signatures_apart(data: bytes, parser: Any, root: Any) -> Any:
    """The tree of `data` with its call signatures parted from the member before them, if the
    grammar reads that with fewer errors (else `root`: in TSX such a line may be markup)."""
    parted = bytearray(data)
    for m in _TS_CALL_SIGNATURE.finditer(data):
        parted[m.start(1)] = ord(";")
    if parted == data:
        return root
    other = parser.parse(bytes(parted)).root_node
    return other if _errors(other) < _errors(root) else root


def _errors(root: Any) -> int:
    """How many errors and missing tokens the grammar found under `root`."""
    count = 0
    nodes = [root]
    while nodes:
        node = nodes.pop()
        count += node.type == "ERROR" or node.is_missing
        if node.has_error:
            nodes.extend(node.children)
    return count


def _declared(node: Any) -> Any:
    """What a statement declares, looked into its wrappers (`export declare class`)."""
    while node.type in _WRAPPERS:
        inner = node.child_by_field_name("declaration")
        if inner is None and node.named_child_count == 1:
            inner = node.named_children[0]
        if inner is None or (node.type == "expression_statement" and inner.type not in _MODULES):
            break
        node = inner
    return node


def _members(node: Any) -> list[Any] | None:
    """The members of a block of declarations (a namespace, `declare global { ... }`, a Rust
    `mod`), or None for any other statement."""
    declared = _declared(node)
    if declared.type == "statement_block" and declared.parent.type == "ambient_declaration":
        return list(declared.children)
    if declared.type not in _MODULES:
        return None
    body = declared.child_by_field_name("body")
    if body is None:
        body = next((c for c in declared.children if c.type == "declaration_list"), None)
    return None if body is None else list(body.children)


def _head(data: bytes, node: Any, language: str, docs: set[int]) -> list[tuple[int, int, bytes]]:
    """A long statement cut to its first lines. A string open where a cut starts keeps its
    closing line and what follows it: cut inside it, the rest would read as text."""
    start = _line_end(data, node.start_byte, 3)
    cuts: list[tuple[int, int, bytes]] = []
    while (string := _string_at(node, start)) is not None:
        if string.start_byte in docs:
            return cuts  # a docstring, cut to its first paragraph
        # Strings chained over lines with as many brackets opened as closed between them
        # (`"""...""" + """...`, `f("""...""", """...`, `"""...""") + g("""...`): one cut from
        # inside the first to the last one's closing line keeps what is left balanced.
        while (chained := _string_at(node, _line_end(data, string.end_byte, 1))) is not None:
            between = data[string.end_byte : chained.start_byte]
            opened = sum(between.count(b) for b in (b"(", b"[", b"{"))
            if chained.start_byte <= string.start_byte or opened != sum(
                between.count(b) for b in (b")", b"]", b"}")
            ):
                break
            string = chained
        closing = data.rfind(b"\n", start, string.end_byte)
        if start < closing:
            lines = data.count(b"\n", start + 1, closing + 1)
            line_start = _line_start(data, string.start_byte)
            indent = re.match(rb"[ \t]*", data[line_start : string.start_byte])
            marker = _comment(language, f"... {_lines(lines)} elided").encode()
            cuts.append((start, closing, b"\n" + (indent.group() if indent else b"") + marker))
        if node.end_point[0] - string.end_point[0] <= _TOP_LEVEL_MAX:
            return cuts
        # (`b"""...""" + f(b"""...""")`: the rest may open another string)
        start = _line_end(data, string.end_byte, 1)
    # A preprocessor line's node holds its newline: keep it, so what follows the marker
    # (the next `#define`) starts a line of its own.
    end = node.end_byte - (data[node.end_byte - 1 : node.end_byte] == b"\n")
    if start >= end:
        return cuts
    return cuts + _cut_to_end(data, node, start, end, language)


def _string_at(node: Any, at: int) -> Any:
    """The outermost string over several lines below `node` that holds byte `at`, or None."""
    string = None
    inner = None if node.has_error else node.descendant_for_byte_range(at, at)
    while inner is not None and inner != node:
        one = "string" in inner.type and not inner.type.startswith("concatenated")
        if one and inner.end_point[0] > inner.start_point[0]:
            string = inner
        inner = inner.parent
    return string


# A Python block statement (`if`, `for`, `try`, `with`) cut to its first lines could leave a
# block with no statement, a `try` with no `except` or a bracket open, and the outline would
# no longer parse: each of its clauses keeps its head and its body's first lines instead.
_PY_BODY_LINES = 3


def _py_block_statement(
    data: bytes, node: Any, docs: set[int]
) -> list[tuple[int, int, bytes]] | None:
    """A long Python block statement cut clause by clause, or None for a simple statement."""
    clauses = [c for c in (node, *node.children) if _py_block(c) is not None]
    if not clauses:
        return None
    cuts = []
    for clause in clauses:
        block = _py_block(clause)
        for child in clause.children:
            if child == block:
                break
            if child.end_point[0] - child.start_point[0] > _TOP_LEVEL_MAX:
                cuts += _head(data, child, "Python", docs)  # (`for op in [` and a long list)
        cuts += _py_body(data, block, docs)
    return cuts


def _py_block(node: Any) -> Any:
    return next((c for c in node.children if c.type == "block"), None)


def _py_body(data: bytes, block: Any, docs: set[int]) -> list[tuple[int, int, bytes]]:
    """A block's first lines kept, the rest elided; a long first statement is cut itself, so
    the block keeps one statement at least."""
    statements = [c for c in block.children if c.type != "comment"]
    if not statements:
        return []
    first = statements[0]
    cuts = []
    if first.end_point[0] - first.start_point[0] > _PY_BODY_LINES:
        inner = _py_block_statement(data, first, docs)
        cuts = _head(data, first, "Python", docs) if inner is None else inner
        kept = 1
    else:
        last_row = block.start_point[0] + _PY_BODY_LINES
        beyond = (k for k, s in enumerate(statements) if s.end_point[0] >= last_row)
        kept = max(next(beyond, len(statements)), 1)
    if kept == len(statements):
        return cuts
    end = statements[kept - 1].end_byte
    line_end = data.find(b"\n", end)
    if 0 <= line_end < statements[kept].start_byte:
        end = line_end  # (a comment after the last statement kept is on its line)
    lines = data.count(b"\n", end, block.end_byte)
    indent = _indent(data, _line_start(data, first.start_byte))
    marker = _comment("Python", f"... {_lines(lines)} elided").encode()
    return [*cuts, (end, block.end_byte, b"\n" + indent + marker)]


_CLOSING = {"}": "{", "]": "[", ")": "("}


def _cut_to_end(
    data: bytes, node: Any, start: int, end: int, language: str
) -> list[tuple[int, int, bytes]]:
    """A statement's text from `start` (a line's end) to `end` replaced by a marker, then the
    brackets open at `start` closed: a cut initializer keeps its `};` and a cut Python list
    still parses."""
    closers = [] if node.has_error else _open_groups(node, start)
    rest: list[tuple[int, int, bytes]] = []
    if closers and b"\n" in data[closers[-1].end_byte : end]:
        if language != "Python":
            closers = []  # more of the statement after its brackets: cut it all, as before
        else:  # (`x: T[...] = f(...)`): the rest is cut after its closing line the same way
            rest_start = data.find(b"\n", closers[-1].end_byte)
            rest = _cut_to_end(data, node, rest_start, end, language)
    if not closers:
        lines = data.count(b"\n", start, end)
        return [(start, end, b"\n" + _comment(language, f"... {_lines(lines)} elided").encode())]
    resume = closers[-1].start_byte
    line_start = data.rfind(b"\n", start, resume) + 1
    before = data[line_start:resume]  # what precedes the outer closing bracket on its line
    lines = data.count(b"\n", start, resume) - (not before.strip())
    if before.strip():  # (`    last_item]`): the closing line is cut as well
        before = _indent(data, _line_start(data, node.start_byte))
    # (the marker indented as the lines it stands for, the closing line as it was)
    margin = _indent(data, start + 1)
    cut = b"\n" + margin + _comment(language, f"... {_lines(lines)} elided").encode()
    if language == "Python" and _emptied_subscript(data, closers[0], start):
        cut += b"\n" + margin + b"..."  # (`x[]` does not parse)
    # In Python, read by its indentation, an inner bracket closes on a line of its own,
    # indented as the line that opened it, unless the outer one opened on that line too
    # (`f([`: `])`).
    outer = _line_start(data, _opener(closers[-1], start))
    joined = b""
    for line, group in groupby(closers[:-1], lambda c: _line_start(data, _opener(c, start))):
        closing = b"".join(data[c.start_byte : c.end_byte] for c in group)
        if line == outer or language != "Python":
            joined += closing
        else:
            cut += b"\n" + _indent(data, line) + closing
    return [(start, resume, cut + b"\n" + before + joined), *rest]


def _opener(closer: Any, pos: int) -> int:
    """Where the bracket that `closer` closes is, before `pos`."""
    opening = _CLOSING[closer.type]
    kids = closer.parent.children
    return next(
        (k.start_byte for k in reversed(kids) if k.type == opening and k.end_byte <= pos), pos
    )


def _line_start(data: bytes, pos: int) -> int:
    """Where the line holding byte `pos` starts."""
    return data.rfind(b"\n", 0, pos) + 1


def _emptied_subscript(data: bytes, closer: Any, start: int) -> bool:
    """Whether the group `closer` ends is a subscript (`Annotated[`) that keeps nothing
    before `start` but comments."""
    if closer.type != "]":
        return False
    opener = _opener(closer, start)
    if opener >= start:
        return False
    kept = (k for k in closer.parent.children if opener < k.start_byte < start)
    if any(k.type != "comment" for k in kept):
        return False
    before = data[_line_start(data, opener) : opener].rstrip()
    return bool(before) and (before[-1:].isalnum() or before[-1:] in b"_])")


def _open_groups(node: Any, pos: int) -> list[Any]:
    """The closing brackets of the groups inside `node` open at `pos`, innermost first."""
    closers = []
    inner = node.descendant_for_byte_range(pos, pos)
    while inner is not None:
        kids = inner.children
        opener = _CLOSING.get(kids[-1].type) if kids else None
        if (
            opener is not None
            and kids[-1].start_byte >= pos
            and any(k.type == opener and k.end_byte <= pos for k in kids[:-1])
        ):
            closers.append(kids[-1])
        if inner == node:
            break
        inner = inner.parent
    return closers


def _indent(data: bytes, line_start: int) -> bytes:
    m = re.match(rb"[ \t]*", data[line_start : line_start + 200])
    return m.group() if m else b""


def _first_paragraph(data: bytes, doc: Any) -> list[tuple[int, int, bytes]]:
    """A docstring cut to its first paragraph (the summary a reader needs), quotes kept."""
    end = doc.children[-1] if doc.children else None
    if end is None or end.type != "string_end" or doc.end_point[0] == doc.start_point[0]:
        return []
    text = data[doc.start_byte : end.start_byte].decode("utf-8", "replace")
    m = _PARAGRAPH.search(text)
    if m is None:
        return []
    start = doc.start_byte + len(text[: m.start()].encode("utf-8", "surrogatepass"))
    indent = b" " * doc.start_point[1]
    return [(start, end.start_byte, b"\n" + indent)]


def _doc_comments(data: bytes, comments: list[Any], language: str) -> list[tuple[int, int, bytes]]:
    """Doc comments cut to their first paragraph, as docstrings are: a run of `///`, `//` or
    `#` lines, or a `/** ... */` block (in a documented Rust crate they were a third of the
    text, and its outlines saved less than a third). JavaScript's JSDoc blocks also keep
    their type tags, the types of the code."""
    cuts: list[tuple[int, int, bytes]] = []
    runs: list[list[Any]] = []
    for comment in sorted(comments, key=lambda c: c.start_byte):
        start = comment.start_byte
        line_start = _line_start(data, start)
        if data[line_start:start].strip():
            continue  # after code on its line: short, and about that line
        if language in _JSDOC and data.startswith(b"/**", start):
            cuts.extend(_jsdoc_block(data, comment))
        elif data.startswith(b"/*", start):
            cuts.extend(_block_paragraph(data, comment, line_start))
        elif runs and comment.start_point[0] == runs[-1][-1].start_point[0] + 1:
            runs[-1].append(comment)
        else:
            runs.append([comment])
    for run in runs:
        texts = [data[c.start_byte : c.end_byte].strip().lstrip(b"/!#").strip() for c in run]
        keep = next((k for k, t in enumerate(texts) if k and not t), len(run))
        keep = min(keep, _DOC_LINES)
        if keep >= len(run):
            continue
        cut_from = data.rfind(b"\n", 0, run[keep].start_byte)
        end = data.find(b"\n", run[-1].start_byte)
        cuts.append((cut_from, len(data) if end < 0 else end, b""))
    return cuts


def _block_paragraph(data: bytes, comment: Any, line_start: int) -> list[tuple[int, int, bytes]]:
    lines = data[comment.start_byte : comment.end_byte].split(b"\n")
    if len(lines) <= 3:
        return []
    texts = [line.strip().lstrip(b"/*!").strip() for line in lines]
    first = next((k for k, t in enumerate(texts) if t), 0)
    keep = next((k for k in range(first + 1, len(lines)) if not texts[k]), len(lines))
    keep = min(keep, first + _DOC_LINES)
    if keep >= len(lines) - 1:
        return []
    start = comment.start_byte + sum(len(line) + 1 for line in lines[:keep]) - 1
    indent = data[line_start : comment.start_byte]
    return [(start, comment.end_byte, b"\n" + indent + b" */")]


# Untyped JavaScript's types are in its JSDoc tags (`@param {T} name`, `@returns {T}`,
# `@template T`): without them an outline of a JSDoc-typed runtime had signatures with no
# types at all. TypeScript has them in the signature, and keeps only the first paragraph.
_JSDOC = frozenset({"JavaScript", "JSX"})
# Tags that declare types, or the modifiers TypeScript reads in JavaScript: always kept, or
# (the second set) kept when they name a `{type}`
_JSDOC_DECLARING = frozenset(
    {"template", "typedef", "callback", "overload", "import", "extends", "augments", "implements"}
    | {"public", "private", "protected", "readonly", "override", "deprecated"}
)
_JSDOC_TYPED = frozenset(
    {"param", "arg", "argument", "property", "prop", "returns", "return", "yields", "yield"}
    | {"type", "this", "enum", "satisfies"}
)
_JSDOC_NAMED = frozenset(
    {"param", "arg", "argument", "property", "prop", "typedef", "callback", "template"}
)
_JSDOC_TAG = lazyre.compile(r"@(\w+)")
_JSDOC_NAME = lazyre.compile(r"\s*(?:\[[^\]]*\]|[\w$.]+(?:\s*,\s*[\w$]+)*)")
_JSDOC_DESCRIPTION = 40  # a tag's description longer than this many characters is cut


def _jsdoc_block(data: bytes, comment: Any) -> list[tuple[int, int, bytes]]:
    """A JSDoc block kept to its first paragraph and its type tags, each without a long
    description; the rest of its prose (and its examples) goes, as in other languages."""
    original = data[comment.start_byte : comment.end_byte]
    lines = original.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) <= 3:
        return []
    last = len(lines) - 1
    texts = [_jsdoc_text(line, k == last) for k, line in enumerate(lines)]
    first = next((k for k, t in enumerate(texts) if t), last)
    prose_end = first
    while (
        prose_end <= last
        and prose_end < first + _DOC_LINES
        and texts[prose_end]
        and not texts[prose_end].startswith(("@", "```"))
    ):
        prose_end += 1
    kept = [lines[0], *lines[max(first, 1) : prose_end]]
    closed = prose_end > last
    fenced = False
    k = prose_end
    while k <= last:
        text = texts[k]
        fenced ^= text.startswith("```")
        tag = _JSDOC_TAG.match(text)
        name = tag.group(1) if tag and not fenced else ""
        typed = tag is not None and text[tag.end() :].lstrip().startswith("{")
        if name not in _JSDOC_DECLARING and not (name in _JSDOC_TYPED and typed):
            k += 1
            continue
        assert tag is not None
        end, pos = _jsdoc_type_end(texts, k, tag.end()) if typed else (k, tag.end())
        if end == k and name != "import":
            # (a description going on over the next lines is long)
            going_on = k < last and texts[k + 1] != "" and not texts[k + 1].startswith("@")
            line = _jsdoc_short(lines[k], text, pos, name, k == last, going_on)
        else:
            line = lines[k]  # a type over several lines, kept whole
        kept += [line] if k else []  # (the opening line is kept already)
        kept += lines[k + 1 : end + 1]
        closed = end == last
        k = end + 1
    if not closed:
        kept.append(lines[last][: len(lines[last]) - len(lines[last].lstrip())] + "*/")
    rebuilt = "\n".join(kept).encode("utf-8", "surrogateescape")
    if rebuilt == original:
        return []
    return [(comment.start_byte, comment.end_byte, rebuilt)]


def _jsdoc_text(line: str, last: bool) -> str:
    text = line.strip()
    if last and text.endswith("*/"):
        text = text[:-2].rstrip()
    return text.lstrip("/*!").strip()


def _jsdoc_type_end(texts: list[str], k: int, pos: int) -> tuple[int, int]:
    """Where the `{type}` opening after `pos` on line `k` closes: its line and, on that line,
    the position after it (an unbalanced one ends its own line)."""
    depth = 0
    pos = texts[k].index("{", pos)
    for j in range(k, min(len(texts), k + _TOP_LEVEL_MAX)):
        for i in range(pos if j == k else 0, len(texts[j])):
            depth += {"{": 1, "}": -1}.get(texts[j][i], 0)
            if depth == 0:
                return j, i + 1
    return k, len(texts[k])


def _jsdoc_short(line: str, text: str, pos: int, name: str, last: bool, going_on: bool) -> str:
    """A tag's line without its description when that is long (the type is what is kept)."""
    if name in _JSDOC_NAMED:
        m = _JSDOC_NAME.match(text, pos)
        if m:
            pos = m.end()
    if len(text[pos:].strip(" -")) <= (0 if going_on else _JSDOC_DESCRIPTION):
        return line
    head = line[: line.index(text)] + text[:pos].rstrip()
    return head + " */" if last else head + line[len(line.rstrip("\r")) :]


def _line_end(data: bytes, start: int, lines: int) -> int:
    pos = start
    for _ in range(lines):
        nl = data.find(b"\n", pos)
        if nl == -1:
            return len(data)
        pos = nl + 1
    return pos - 1


# `#[cfg(test)]`, `#[cfg(all(test, feature = "x"))]`: what follows is built for tests only.
_CFG_TEST = lazyre.compile(rb"#\[\s*cfg\s*\((?:\s*all\s*\()?\s*test\b")


def _rust_tests(data: bytes, root: Any) -> list[tuple[int, int, bytes]]:
    """The bodies of a Rust file's test modules (`#[cfg(test)] mod tests { ... }`), each cut
    to a line naming its functions: the tests of a crate's modules, their helpers and cases
    with attributes and comments, took 13.5% of the outlines of two crates' source files,
    and tests come after source."""
    cuts = []
    todo = list(root.children)
    while todo:
        node = todo.pop()
        body = node.child_by_field_name("body") if node.type == "mod_item" else None
        if body is None:
            continue
        attribute = node.prev_named_sibling
        while attribute is not None and attribute.type in ("line_comment", "block_comment"):
            attribute = attribute.prev_named_sibling
        tests = False
        while attribute is not None and attribute.type == "attribute_item":
            tests = tests or bool(_CFG_TEST.match(data, attribute.start_byte))
            attribute = attribute.prev_named_sibling
        if not tests:
            todo.extend(body.children)  # (a module of its own may hold one)
        elif body.end_point[0] - body.start_point[0] > 1:
            lines = body.end_point[0] - body.start_point[0] - 1
            names = ", ".join(_rust_functions(data, body))
            marker = (
                f"{{ /* ... {_lines(lines)} of tests elided{': ' if names else ''}{names} */ }}"
            )
            cuts.append((body.start_byte, body.end_byte, marker.encode()))
    return cuts


def _rust_functions(data: bytes, body: Any) -> list[str]:
    """The names of the functions a Rust module's body defines, nested modules' too."""
    names = []
    todo = list(reversed(body.children))
    while todo:
        node = todo.pop()
        if node.type == "function_item":
            name = node.child_by_field_name("name")
            if name is not None:
                names.append(data[name.start_byte : name.end_byte].decode("utf-8", "replace"))
        elif node.type == "mod_item" and (inner := node.child_by_field_name("body")) is not None:
            todo.extend(reversed(inner.children))
    return names


# A module that is one factory function (`function fastify (opts) { ... }` defining the
# instance's methods as functions inside it, 700 lines): its outline names those, as its
# signatures do, instead of one elided body that hides the module's whole API.
_FACTORY_LANGUAGES = frozenset({"JavaScript", "JSX", "TypeScript", "TSX"})
_FACTORY_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_FACTORY_MIN = 2  # functions declared in a body, for their heads to stay in its outline


def _declared_inside(bodies: list[Any]) -> dict[tuple[int, int], list[Any]]:
    """The bodies (by span) that declare functions of their own as statements, two at least,
    with those declarations in order."""
    spans = {(b.start_byte, b.end_byte) for b in bodies}
    inside: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for b in bodies:
        node = b.parent
        block = node.parent if node is not None else None
        if node is None or block is None or node.type not in _FACTORY_DECLARATIONS:
            continue
        if (block.start_byte, block.end_byte) in spans:
            inside[(block.start_byte, block.end_byte)].append(node)
    return {
        span: sorted(nodes, key=lambda n: n.start_byte)
        for span, nodes in inside.items()
        if len(nodes) >= _FACTORY_MIN
    }


def _elide_around(
    data: bytes, body: Any, inside: list[Any], language: str
) -> list[tuple[int, int, bytes]]:
    """`body` elided but for the functions declared in it: each stretch of other code
    between them is one marker at their indentation (their own bodies are elided as any
    function's are)."""
    cuts = []
    pos = body.start_byte + 1  # after the `{`
    nl = b"\r\n" if b"\r\n" in data[body.start_byte : body.end_byte] else b"\n"
    ends = [_comments_above(data, _line_start(data, n.start_byte)) for n in inside]
    closing = _line_start(data, body.end_byte - 1)
    stops = [*zip(ends, inside, strict=True), (closing, None)]
    for stop, node in stops:
        gap = data[pos:stop]
        lines = gap.count(b"\n") - 1
        if gap.strip() and lines > 0:
            # (at the next declaration's indentation; the last stretch, at the first one's)
            indent = _indent(data, stop if node is not None else ends[0])
            marker = _elided(language, lines).encode()
            cuts.append((pos, stop, nl + indent + marker + nl))
        if node is not None:
            pos = node.end_byte
    return cuts


def _comments_above(data: bytes, line_start: int) -> int:
    """Where the comment lines right above the line at `line_start` begin (their doc
    comment, kept as a declaration's is elsewhere), or `line_start` itself."""
    start = line_start
    while start > 0:
        above = data.rfind(b"\n", 0, start - 1) + 1
        text = data[above : start - 1].strip()
        if not text.startswith((b"//", b"/*", b"*")):
            break
        start = above
    return start


def _elide_body(data: bytes, body: Any, language: str) -> tuple[int, int, bytes]:
    if language != "Python":
        return body.start_byte, body.end_byte, b"{ /* ... */ }"
    # Keep the docstring; the rest of the block becomes `...` at the block's indentation.
    first = body.children[0] if body.children else None
    start = body.start_byte
    if (
        first is not None
        and first.type == "expression_statement"
        and first.children
        and first.children[0].type == "string"
    ):
        start = first.end_byte
        if first.end_point[0] == body.end_point[0]:
            return body.end_byte, body.end_byte, b""
    indent = b" " * body.start_point[1]
    sep = b"\n" + indent if start != body.start_byte else b""
    return start, body.end_byte, sep + b"..."


def _holds_imports(data: bytes, node: Any, def_starts: list[int]) -> bool:
    """Whether a Python block holds an import or a definition (else it is a script's body,
    cut like any long statement)."""
    return _holds_definitions(node, def_starts) or (
        _PY_IMPORT.search(data, node.start_byte, node.end_byte) is not None
    )


def _holds_definitions(node: Any, def_starts: list[int]) -> bool:
    """Whether a definition the grammar found (`def_starts`, sorted) starts inside `node`."""
    i = bisect.bisect_left(def_starts, node.start_byte)
    return i < len(def_starts) and def_starts[i] < node.end_byte


_PY_IMPORT = lazyre.compile(rb"^[ \t]*(?:import|from)[ \t]+[\w.]+", re.M)


# A single-file component (Vue, Svelte): each <script> outlined in its own language, its
# markup and styles cut to their head like any long statement.
_COMPONENTS = frozenset({"Vue", "Svelte"})
_PARSER_SOURCES = frozenset({"Yacc", "Lex"})
# A quoted token or string (`'{'`, `"}"`), whose braces are no block's.
_ESCAPED = lazyre.compile(r"\\.")  # a pattern's `\{`: a brace matched, no block opened
_LINE_COMMENT = lazyre.compile(r"/\*.*?(?:\*/|$)|//.*")
_QUOTED = lazyre.compile(r"'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"")


def _grammar(text: str, language: str) -> str:
    """A Yacc grammar or a lex scanner without its actions: its declarations, and every rule
    or pattern line outside braces, the C blocks' bodies elided (the rules are what a reader
    needs of a parser; the actions are C that builds what they match)."""
    lines = text.split("\n")
    if len(lines) <= _HEAD_LINES * 2:
        return text
    out: list[str] = []
    depth = skipped = 0
    for line in lines:
        if depth > 0:
            skipped += 1
        else:
            if skipped:
                out.append(_elided(language, skipped))
                skipped = 0
            out.append(line)
        if line.startswith(("%%", "%{", "%}", "%code", "%top")):
            # A section, or a prologue's C (`%{`, Bison's `%code {`, flex's `%top{`), opens
            # at the margin and ends what was open; that C is shown, as a header is.
            depth = 0
            continue
        code = _LINE_COMMENT.sub("", _QUOTED.sub("", _ESCAPED.sub("", line)))
        depth = max(depth + code.count("{") - code.count("}"), 0)
    if skipped:
        out.append(_elided(language, skipped))
    return "\n".join(out)


_COMPONENT_PART = lazyre.compile(
    r"(<(script|style|template)\b([^>]*)>)(.*?)(</\2\s*>)", re.S | re.I
)


def _component(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _COMPONENT_PART.finditer(text):
        out.append(_markup(text[pos : m.start()]))
        inner = m.group(4)
        if m.group(2).lower() == "script":
            ts = re.search(r"""lang\s*=\s*["']?ts""", m.group(3)) is not None
            inner = compress(inner, "TypeScript" if ts else "JavaScript")
        else:
            inner = _markup(inner)
        out.append(m.group(1) + inner + m.group(5))
        pos = m.end()
    out.append(_markup(text[pos:]))
    return "".join(out)


def _markup(text: str) -> str:
    """Markup or a style sheet: a long stretch keeps its first and last lines."""
    lines = text.split("\n")
    if len(lines) <= _TOP_LEVEL_MAX + 2:
        return text
    cut = len(lines) - 4
    return "\n".join([*lines[:3], f"<!-- ... {_lines(cut)} elided -->", lines[-1]])


def _by_lines(text: str, language: str) -> str:
    lines = text.split("\n")
    if len(lines) <= _HEAD_LINES * 2:
        return text
    prose = language in PROSE
    licence = 0 if prose else _licence_block(lines, language)
    out: list[str] = []
    if licence:
        # The licence every file repeats: its first words stand for it (a dozen lines a file
        # in a repository of a few hundred, a fifth of a 128k pack).
        first = next(ln.strip(" */#-{}") for ln in lines[:licence] if ln.strip(" */#-{}"))
        out.append(_comment(language, f"{first} [licence header, {_lines(licence)}]"))
    if language == "Cython":
        out += outline_cython(lines[licence:])
    elif language == "Protocol Buffer":
        out += proto_outline(lines[licence:])
    elif language == "Haskell" and (
        declared := haskell_outline(lines[licence:], lambda n: _elided(language, n))
    ):
        out += declared
    elif language == "VimL" and (
        functions := vim_outline(lines[licence:], lambda n: _elided(language, n))
    ):
        out += functions
    elif language in INDENT_LANGUAGES and (
        by_indent := outline_by_indent(lines[licence:], language)
    ):
        out += by_indent
    else:
        out += _marked_lines(lines, licence, language)
    if text.count("\r\n") * 2 > len(lines):  # Windows line ends: the markers made here too
        last = len(out) - 1 if text.endswith("\n") and out[-1] != "" else len(out) - 2
        out = [ln + "\r" if i <= last and not ln.endswith("\r") else ln for i, ln in enumerate(out)]
    return "\n".join(out) + ("\n" if text.endswith("\n") and out[-1] != "" else "")


# Haskell's declarations at the margin: its module line, imports, types, classes,
# instances and type signatures (a function's equations are its body)
_HASKELL_MARKS = lazyre.compile(
    r"^(?:module|import|data|newtype|type|class|instance|pattern)\b|^\{-#"
    r"|^[a-z_][\w']*(?:\s*,\s*[a-z_][\w']*)*\s*::|^\s+[a-z_][\w']*\s*::"
    r"|^[a-z_][\w']*\b[^=\n]*?[^=<>/!:]=(?!=)"  # an equation's first line
)


def _marked_lines(lines: list[str], licence: int, language: str) -> list[str]:
    """The file's head and its definition-like lines (headings for prose), from the line
    after its licence on."""
    prose = language in PROSE
    marks = _HEADING if prose else _HASKELL_MARKS if language == "Haskell" else _SIGNATURE
    # (the file's first lines stand for what no mark finds; Haskell's marks find it all, and
    # its first lines may be a body's)
    head = 0 if marks is _HASKELL_MARKS else _HEAD_LINES
    keep = [i < head or bool(marks.match(line)) for i, line in enumerate(lines)]
    lines, keep = lines[licence:], keep[licence:]
    if prose:  # an underline's title, the line above it
        for i in range(1, len(lines)):
            underline = keep[i] and set(lines[i].strip()) <= set("=-~^*+#")
            if underline and not lines[i].startswith("#") and lines[i - 1].strip():
                keep[i - 1] = True
    out: list[str] = []
    skipped = 0
    for line, k in zip(lines, keep, strict=True):
        if k:
            if skipped:
                out.append(_elided(language, skipped))
                skipped = 0
            out.append(line)
        else:
            skipped += 1
    if skipped:
        out.append(_elided(language, skipped))
    return out
