"""C and C++ outlines where the grammar gives up: what a tree-sitter parse of real C gets wrong
and how the outline recovers.

- A struct's bare macro members (`UV_HANDLE_FIELDS`) and a header's `extern "C" {` in
  `#ifdef __cplusplus` are read as blanks and the file parsed again.
- A body whose `#ifdef` branches open two `{` that one `}` closes ends at its `}` at the margin.
- A stretch the grammar could not parse has its bodies found by their braces, and the
  declarations it did read in it are kept.
- A class's export macro (`class FOO_EXPORT DB {`) is read as a blank.
- A long macro is cut with its brackets closed.
- Comments are cut to their first sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from . import lazyre

__all__ = [
    "C_FAMILY",
    "TRANSPARENT",
    "c_bodies_by_braces",
    "c_body_end",
    "c_class_macros_blanked",
    "c_comments",
    "c_error_parts",
    "c_macro_cut",
    "c_without_member_macros",
]

C_FAMILY = frozenset({"C", "C++"})

# Blocks looked into rather than cut (preprocessor conditions, `extern "C"`, namespaces):
# what they hold are the file's declarations.
TRANSPARENT = (
    "preproc_if",
    "preproc_ifdef",
    "preproc_else",
    "preproc_elif",
    "linkage_specification",
    "namespace_definition",
    "declaration_list",
)
_C_COMMENT_WIDTH = 100
_C_MEMBERS = frozenset({"field_declaration_list", "enumerator_list"})


def c_comments(data: bytes, comments: list[Any]) -> list[tuple[int, int, bytes]]:
    """C and C++ comments cut to their first sentence, and those after code dropped: in a
    header they are a third of the tokens (a 46k-token header: 16k), and the declarations are
    what an outline is for; a member's own comment is its docstring, and its first sentence
    stays as a function's does. A run of `//` lines is one comment.
    """
    cuts: list[tuple[int, int, bytes]] = []
    ordered = sorted(comments, key=lambda c: c.start_byte)
    runs = _line_runs(data, ordered)
    prev_end_row = -2
    for comment in ordered:
        start, end = comment.start_byte, comment.end_byte
        line_start = data.rfind(b"\n", 0, start) + 1
        after_code = data[line_start:start].strip() != b""
        text = data[start:end].decode("utf-8", "replace")
        block = text.startswith("/*")
        continued = not block and not after_code and comment.start_point[0] == prev_end_row + 1
        prev_end_row = comment.end_point[0] if not block and not after_code else -2
        if continued:  # the second and later lines of a `//` run
            cuts.append((line_start, min(end + 1, len(data)), b""))
            continue
        if comment.start_byte in runs:  # the run read as one comment: its sentence goes on
            text = runs[comment.start_byte]
        if after_code:
            space = start
            while space > line_start and data[space - 1 : space] in (b" ", b"\t"):
                space -= 1
            cuts.append((space, end, b""))
            continue
        if "\n" not in text and len(text) <= _C_COMMENT_WIDTH:
            continue
        words = _first_words(text)
        if not words:
            cuts.append((start, end, b""))
        elif block:
            cuts.append((start, end, f"/* {words} */".encode()))
        else:
            cuts.append((start, end, f"// {words}".encode()))
    return cuts


def _line_runs(data: bytes, comments: list[Any]) -> dict[int, str]:
    """The runs of two or more `//` lines (each alone on its line, one row after another),
    by where each run starts: its lines' text, joined by line ends."""
    runs: dict[int, str] = {}
    first: Any = None
    lines: list[str] = []
    last_row = -2
    for comment in comments:
        start = comment.start_byte
        line_start = data.rfind(b"\n", 0, start) + 1
        alone = data[line_start:start].strip() == b"" and data[start : start + 2] == b"//"
        if alone and first is not None and comment.start_point[0] == last_row + 1:
            lines.append(data[start : comment.end_byte].decode("utf-8", "replace"))
        else:
            if first is not None and len(lines) > 1:
                runs[first.start_byte] = "\n".join(lines)
            first, lines = (
                (comment, [data[start : comment.end_byte].decode("utf-8", "replace")])
                if alone
                else (None, [])
            )
        last_row = comment.end_point[0] if alone else -2
    if first is not None and len(lines) > 1:
        runs[first.start_byte] = "\n".join(lines)
    return runs


def _first_words(comment: str) -> str:
    """The first sentence of a comment, without its comment markers: its first line of words
    and the lines that finish the sentence, within its paragraph (a cut at the end of the first
    line could say the opposite of the comment: "an event should no"). A first line that only
    names what it documents (`Function: publish`) is kept before it."""
    title = words = first = ""
    for line in comment.split("\n"):
        text = line.strip().strip("/*!<-=#").strip()
        if words:
            if not _continues(words, text):
                break  # the sentence ends with its line (a title, a list), or its paragraph
            words = f"{words} {text}"
        elif not any(c.isalnum() for c in text):
            continue
        elif not title and _TITLE_ONLY.match(text):
            title = text
            continue
        else:
            words = first = text
        # (the first line stays whole, as it did: its sentence is finished after it)
        end = _SENTENCE_END.search(words, max(len(first) - 1, 0))
        if end is not None or len(words) > _C_SENTENCE_WIDTH:
            words = words[: end.end()] if end is not None else words
            break
    if title:
        words = f"{title} - {words}" if words else title
    if len(words) > _C_SENTENCE_WIDTH:
        words = words[: _C_SENTENCE_WIDTH - 1].rsplit(" ", 1)[0] + " …"
    return words.replace("*/", "* /")


def _continues(words: str, line: str) -> bool:
    """Whether `line` goes on with the sentence `words` left open: it starts in lower case,
    or `words` ends in a comma or a little word (`the`, `and`); not a doc tag (`@param`)."""
    if not line or line.startswith(("@", "\\")):
        return False
    last = words.rsplit(" ", 1)[-1]
    return line[0].islower() or words.endswith((",", "(")) or last in _JOINING_WORDS


_JOINING_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "from"}
    | {"with", "by", "as", "is", "are", "be", "if", "than", "that", "no", "not"}
)
# A sentence's end: not an abbreviation's dot (`e.g.`, `Inc. and`) nor a list's number (`1.`)
_SENTENCE_END = lazyre.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\s\d)[.!?](?=$|\s+[^a-z\s])")
_C_SENTENCE_WIDTH = 200  # a longer first sentence is cut at a word, and says so


# A doc comment's title that only names its subject (NaturalDocs: `Function: name`).
_TITLE_ONLY = lazyre.compile(r"^[A-Z][a-z]+:\s*[\w:.~]+$")


# A C function's head at the margin (`static int`, `name(args)`), and its braces at the margin.
_C_HEAD = lazyre.compile(
    rb"^(?!(?:class|struct|union|enum|typedef|namespace|template)\b)[A-Za-z_][\w \t*&:,<>~]*\("
)


def c_body_end(data: bytes, body: Any, def_starts: list[int]) -> int | None:
    """Where a C function's body really ends when it took in the functions after it (None:
    it did not): its `#ifdef` branches open two `{` that one `}` closes, and its `}` at the
    indent of the line its `{` is on (the margin, or a method's in a class), before the
    first function it holds, is the end."""
    if not body.has_error:
        return None
    line = data.rfind(b"\n", 0, body.start_byte) + 1
    before = data[line : body.start_byte]
    indent = before[: len(before) - len(before.lstrip(b" \t"))]
    i = bisect.bisect_right(def_starts, body.start_byte)
    while i < len(def_starts) and def_starts[i] < body.end_byte:
        stray = body.descendant_for_byte_range(def_starts[i], def_starts[i] + 1)
        while stray is not None and stray.type != "function_definition":
            stray = stray.parent
        if stray is not None and _in_statements(stray, body):
            close = data.rfind(b"\n" + indent + b"}", body.start_byte, stray.start_byte)
            branches = data.find(b"\n#", body.start_byte, close)
            return close + 2 + len(indent) if close >= 0 and branches >= 0 else None
        i += 1
    return None


def _in_statements(node: Any, body: Any) -> bool:
    """Whether `node` sits among `body`'s statements, not in a class or lambda declared there
    (where a function inside a function is legal C++)."""
    parent = node.parent
    while parent is not None and parent != body:
        if parent.type in _C_MEMBERS or parent.type.startswith("lambda"):
            return False
        parent = parent.parent
    return parent is not None


# A macro alone on its line (`UV_HANDLE_FIELDS`, `PyObject_HEAD`, `UV_REQ_TYPE_MAP(XX)` among
# a struct's members), unless it is a keyword, or the return type of a function head on the
# next line, or the head of a body that follows.
_C_LONE_NAME = lazyre.compile(
    rb"^[ \t]*([A-Za-z_]\w*|[A-Z_][A-Z0-9_]*[ \t]*\([^;{}\n]*\))[ \t]*\r?$", re.M
)
_C_NEXT_HEAD = lazyre.compile(rb"\s*(?:\{|\**[A-Za-z_]\w*[ \t]*\()")
# A header's `extern "C" {` and its `}`, each in an `#ifdef __cplusplus` of its own: the
# grammar reads both branches, and the brace left open takes in the whole header.
_C_PLUS_PLUS_ONLY = lazyre.compile(
    rb'^#[ \t]*ifdef[ \t]+__cplusplus[ \t]*\r?\n[ \t]*(extern[ \t]+"C"[ \t]*\{|\})'
    rb"[ \t]*(?:/\*[^\n]*\*/[ \t]*|//[^\n]*)?\r?\n#[ \t]*endif",
    re.M,
)
_C_WORDS = frozenset(
    b"else do try public private protected default break continue return void int char short "
    b"long float double signed unsigned bool const static inline extern struct union enum "
    b"typedef volatile register auto template typename class namespace virtual explicit "
    b"friend operator case goto".split()
)


# A `#define` over several lines, and a block comment (`/* public */`) inside it.
_C_DEFINE_RUN = lazyre.compile(
    rb"^[ \t]*#[ \t]*define\b[^\n]*\\\r?\n(?:[^\n]*\\\r?\n)*[^\n]*", re.M
)
_C_BLOCK_COMMENT = lazyre.compile(rb"/\*.*?\*/", re.S)


def c_macro_comments_blanked(data: bytes) -> bytes:
    """`data` with the block comments inside multi-line macros as blanks: the grammar ends
    `#define F \\` at a `/* public */` on its next line and reads the rest of the macro
    as code (a struct of one such macro was taken for a function). Blanks keep
    every byte where it was, so the outline still shows the comments."""
    if b"/*" not in data or (b"\\\n" not in data and b"\\\r\n" not in data):
        return data
    blanked = bytearray(data)
    for run in _C_DEFINE_RUN.finditer(data):
        for c in _C_BLOCK_COMMENT.finditer(data, run.start(), run.end()):
            blanked[c.start() : c.end()] = bytes(
                b if b in b"\r\n" else 32 for b in data[c.start() : c.end()]
            )
    return bytes(blanked)


# A class head with macros in capitals between its keyword and its name: an export or
# attribute macro (`class LIB_EXPORT DB {`, `struct API Options : Base {`). The grammar reads
# `class LIB_EXPORT` as a type, `DB` as a function's name and the members as its body, and the
# outline cut the whole class as a body.
_C_CLASS_MACROS = lazyre.compile(
    rb"\b(?:class|struct|union)[ \t]+((?:[A-Z_][A-Z0-9_]*[ \t]+)+)"
    rb"[A-Za-z_]\w*\s*(?:final\s*)?(?:\{|:(?!:))"
)


# A macro in capitals alone on the line above a namespace's or a class's head: one that
# opens a versioned namespace (`NLOHMANN_JSON_NAMESPACE_BEGIN`) or stands for a template
# head (`JSON_TPL_DECLARATION`). The grammar reads it as a return type, the head as a
# function's, and the namespace's whole body as that function's: the outline cut it all.
_C_MACRO_ABOVE_HEAD = lazyre.compile(
    rb"^[ \t]*([A-Z_][A-Z0-9_]{2,})[ \t]*\r?\n(?=[ \t]*(?:namespace|class|struct|union)\b)",
    re.M,
)


def c_class_macros_blanked(data: bytes) -> bytes:
    """`data` with the macros of its class heads, and those alone above a namespace's or a
    class's head, as blanks (the same offsets, so the outline still shows them)."""
    if not any(w in data for w in (b"class", b"struct", b"union", b"namespace")):
        return data
    blanked = bytearray(data)
    for m in _C_CLASS_MACROS.finditer(data):
        blanked[m.start(1) : m.end(1)] = b" " * (m.end(1) - m.start(1))
    for m in _C_MACRO_ABOVE_HEAD.finditer(data):
        blanked[m.start(1) : m.end(1)] = b" " * (m.end(1) - m.start(1))
    return bytes(blanked)


def c_without_member_macros(data: bytes, parser: Any, root: Any) -> Any:
    """The tree of `data` read with its lone macro lines as blanks, if then it parses:
    the grammar takes a struct's `UV_HANDLE_FIELDS` for a type and swallows what follows
    (in libuv's uv.h, 76 prototypes). Blanks keep every byte where it was."""
    blanked = bytearray(data)
    for m in _C_LONE_NAME.finditer(data):
        if m.group(1) in _C_WORDS or _C_NEXT_HEAD.match(data, m.end()):
            continue
        if _in_body(root.descendant_for_byte_range(m.start(1), m.end(1))):
            continue  # code, not a declaration: left as the grammar read it
        blanked[m.start(1) : m.end(1)] = b" " * (m.end(1) - m.start(1))
    braces = [m.span(1) for m in _C_PLUS_PLUS_ONLY.finditer(data)]
    opened = sum(data[start] == ord("e") for start, _ in braces)
    if opened * 2 == len(braces):  # each `{` with its `}`, or none
        for start, end in braces:
            blanked[start:end] = b" " * (end - start)
    if blanked == data:
        return root
    other = parser.parse(bytes(blanked)).root_node
    better = _parses_at_top_level(other) and _error_bytes(other) <= _error_bytes(root)
    return other if better else root


def _in_body(node: Any) -> bool:
    while node is not None:
        if node.type == "compound_statement":
            return True
        node = node.parent
    return False


def _error_bytes(root: Any) -> int:
    """How much of a tree the grammar could not parse."""
    total = 0
    nodes = [root]
    while nodes:
        node = nodes.pop()
        if node.type == "ERROR" or node.is_missing:
            total += max(node.end_byte - node.start_byte, 1)
        else:
            nodes.extend(child for child in node.children if child.has_error)
    return total


def _parses_at_top_level(root: Any) -> bool:
    """Whether no top-level statement of a tree (in preprocessor blocks too) is one the
    grammar could not parse."""
    nodes = [root]
    while nodes:
        node = nodes.pop()
        if node.type == "ERROR":
            return False
        if node is root or node.type.startswith(TRANSPARENT):
            nodes.extend(child for child in node.children if child.has_error)
    return True


def c_bodies_by_braces(data: bytes, start: int, end: int) -> list[tuple[int, int, bytes]]:
    """The bodies of the functions in a stretch the grammar could not parse (an `if` whose
    head `#ifdef` splits in two): a `{` at the margin, or at the end of a head there, to the
    next `}` at the margin."""
    cuts = []
    lines = data[start:end].split(b"\n")
    offset = start
    head_at = -10  # the line of the last head seen (where its parameters close)
    head_open = 0  # the parentheses of that head still open
    open_at = -1  # the byte where the open body starts
    for i, line in enumerate(lines):
        if open_at < 0:
            if head_open > 0 and i == head_at + 1 and b";" not in line:
                # a head's parameters over several lines: the head ends where they close
                head_at, head_open = i, head_open + line.count(b"(") - line.count(b")")
            elif _C_HEAD.match(line) and not line.rstrip().endswith(b";") and b"=" not in line:
                head_at, head_open = i, line.count(b"(") - line.count(b")")
            brace = line == b"{" or (line.endswith(b"{") and i == head_at)
            if brace and i - head_at <= 3 and not line.startswith(b"}"):
                open_at = offset + len(line) - 1
        elif line.startswith(b"}"):
            if i > 1:
                cuts.append((open_at, offset + 1, b"{ /* ... */ }"))
            open_at, head_at, head_open = -1, -10, 0
        offset += len(line) + 1
    return cuts


# Brackets, and what hides them: a comment, a string, a character.
_C_BRACKET = lazyre.compile(
    rb"/\*.*?(?:\*/|$)|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|[(){}\[\]]", re.S
)


def _balanced(text: bytes) -> bool:
    """Whether every bracket in `text` closes, and none before it opens."""
    depth = 0
    for m in _C_BRACKET.finditer(text):
        c = m.group()
        if c.startswith(b"/*") and not c.endswith(b"*/"):
            return False  # a comment left open
        if len(c) == 1:
            depth += 1 if c in b"({[" else -1
            if depth < 0:
                return False
    return depth == 0


def c_macro_cut(
    data: bytes, node: Any, marker: Callable[[int], bytes]
) -> list[tuple[int, int, bytes]]:
    """A long multi-line `#define` cut so that what is left still closes: its first lines
    and its last (`do {` ... `} while (0)`), or its first lines alone, or its name and
    parameters. Cut after its third line, a macro left two `{` open and the marker ended it
    (in a header of list macros, 73 `{` against 64 `}`). `marker(n)` says n lines are elided."""
    end = node.end_byte - (data[node.end_byte - 1 : node.end_byte] == b"\n")
    lines = data[node.start_byte : end].split(b"\n")
    if len(lines) < 3:
        return []
    starts = [node.start_byte]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    indent = lines[1][: len(lines[1]) - len(lines[1].lstrip(b" \t"))]

    for keep in (3, 2, 1):  # the head and the last line, which closes what the head opened
        if (
            keep < len(lines) - 1
            and lines[-1].strip()
            and _balanced(b"\n".join([*lines[:keep], lines[-1]]))
        ):
            elided = len(lines) - keep - 1
            cut_from = starts[keep] - 1
            return [(cut_from, starts[-1], b"\n" + indent + marker(elided) + b" \\\n")]
    for keep in (3, 2, 1):  # the head alone: the marker is the macro's last line
        if keep < len(lines) and _balanced(b"\n".join(lines[:keep])):
            return [(starts[keep] - 1, end, b"\n" + indent + marker(len(lines) - keep))]
    # The first line opens a bracket it does not close: the name and parameters stand alone.
    params = node.child_by_field_name("parameters") or node.child_by_field_name("name")
    if params is None:
        return []
    return [(params.end_byte, end, b" " + marker(len(lines)))]


# What the grammar reads as a statement of a file inside a stretch it could not parse; other
# children are fragments (a table's row, a call of a list macro, a piece of an expression).
_C_STATEMENTS = frozenset(
    {"declaration", "type_definition", "function_definition", "linkage_specification"}
    | {"struct_specifier", "union_specifier", "enum_specifier", "class_specifier"}
    | {"namespace_definition", "template_declaration", "alias_declaration"}
)


def c_error_parts(
    node: Any, max_lines: int, bodies: list[tuple[int, int]]
) -> tuple[list[Any], list[tuple[int, int]]]:
    """What a long stretch the grammar could not parse holds, outside the function `bodies`
    found in it (whose local declarations are no part of an outline): the statements it read
    there (declarations, preprocessor blocks, long stretches of their own), to be judged one
    by one, and the spans of its runs of fragments longer than `max_lines` (a table, a list
    of macro calls), to be cut to their head as a long statement is."""
    statements: list[Any] = []
    runs: list[list[Any]] = []
    open_run = False
    for child in node.children:
        kind = child.type
        if any(start < child.end_byte and child.start_byte < end for start, end in bodies):
            open_run = False
            continue
        long = child.end_point[0] - child.start_point[0] > max_lines
        if kind in _C_STATEMENTS or kind.startswith("preproc_") or (kind == "ERROR" and long):
            statements.append(child)
            open_run = False
        elif kind in ("comment", ";"):
            if open_run:  # (a comment among a table's rows)
                runs[-1][1] = child
        elif open_run:
            runs[-1][1] = child
        else:
            runs.append([child, child])
            open_run = True
    spans = [
        (first.start_byte, last.end_byte)
        for first, last in runs
        if last.end_point[0] - first.start_point[0] > max_lines
    ]
    return statements, spans
