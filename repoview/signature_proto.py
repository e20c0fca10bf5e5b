"""Protocol Buffers schemas (`.proto`): their signatures (one line per message, enum, oneof,
service and rpc, nested ones one space deeper) and their outline (every declaration and
field, each comment cut to its first line). A schema is the source of the code generated
from it, which the pack leaves out: at a tight budget these stand for it."""

from __future__ import annotations

import re

from . import lazyre
from .signature_format import cut

__all__ = ["proto_outline", "proto_signatures"]

# Comments and strings, blanked before reading: an option's `body: "*"` or a comment's
# `message {` is no declaration. (An unclosed string or comment runs to its line's end.)
_NOISE = lazyre.compile(
    r'//[^\n]*|/\*.*?(?:\*/|$)|"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\'\\\n])*\'?', re.S
)
_TOKEN = lazyre.compile(
    r"\b(?P<kind>message|enum|service|oneof|extend)\s+(?P<name>[\w.]+)\s*\{"
    r"|\brpc\s+(?P<rpc>\w+)\s*\(\s*(?P<in>(?:stream\s+)?[\w.]+)\s*\)"
    r"\s*returns\s*\(\s*(?P<out>(?:stream\s+)?[\w.]+)\s*\)"
    r"|(?:(?<=[;{])|^)\s*(?P<value>[A-Za-z_]\w*)\s*=\s*-?(?:0[xX][\da-fA-F]+|\d+)"
    r"|(?P<open>\{)|(?P<close>\})",
    re.M,
)


def proto_signatures(text: str) -> list[str]:
    """`message RangeRequest`, ` enum SortOrder { NONE, ASCEND, DESCEND }`, `service KV`,
    ` rpc Range(RangeRequest) returns (RangeResponse)`: what the schema defines, fields
    aside (as a struct's are in other languages)."""
    code = _NOISE.sub(lambda m: "\n" * m.group(0).count("\n") or " ", text)
    out: list[str] = []
    # Each open brace: the kind it opened ("" for an rpc's options or an option's value)
    # and, for an enum, its line in `out` and its values so far.
    stack: list[tuple[str, int, list[str]]] = []
    for m in _TOKEN.finditer(code):
        depth = sum(1 for kind, _, _ in stack if kind)
        if m.group("kind"):
            kind, name = m.group("kind"), m.group("name")
            stack.append((kind, len(out), []))
            out.append(" " * depth + f"{kind} {name}")
        elif m.group("rpc"):
            takes, gives = _spaced(m.group("in")), _spaced(m.group("out"))
            out.append(" " * depth + f"rpc {m.group('rpc')}({takes}) returns ({gives})")
        elif m.group("value"):
            if stack and stack[-1][0] == "enum":
                kind, at, values = stack[-1]
                values.append(m.group("value"))
                head = out[at].partition(" {")[0]
                out[at] = cut(f"{head} {{ {', '.join(values)} }}")
        elif m.group("open"):
            stack.append(("", -1, []))
        elif stack:
            stack.pop()
    return [cut(line) for line in out]


def _spaced(name: str) -> str:
    return re.sub(r"\s+", " ", name)


_COMMENT = lazyre.compile(r"[ \t]*(?://|/\*|\*)")
# An option whose value is a message written out (`option (google.api.http) = {`)
_OPTION_VALUE = lazyre.compile(r"([ \t]*option\s*\(?[\w.]+\)?[\w.]*\s*=\s*)\{")


def proto_outline(lines: list[str]) -> list[str]:
    """The schema's every line of code, with each comment cut to its first line and runs of
    blank lines to one: the messages' fields are the schema, their prose is most of its
    size."""
    out: list[str] = []
    in_block = False
    in_comment = False  # the line before was a comment: its run's first line is kept
    value = 0  # the braces still open in an option's value being left out
    for line in lines:
        stripped = line.strip()
        if value:
            value += stripped.count("{") - stripped.count("}")
            continue
        if in_block:
            in_block = "*/" not in stripped
            continue
        if stripped.startswith("/*"):
            in_block = "*/" not in stripped[2:]
            if not in_comment:
                out.append(line if not in_block else line.rstrip() + " */")
            in_comment = True
            continue
        if _COMMENT.match(line) and stripped.startswith("//"):
            if not in_comment:
                out.append(line)
            in_comment = True
            continue
        in_comment = False
        if not stripped and out and not out[-1].strip():
            continue
        opened = _OPTION_VALUE.match(line)
        if opened and (value := stripped.count("{") - stripped.count("}")) > 0:
            # (an HTTP route or an OpenAPI annotation, often longer than the message it is on)
            out.append(opened.group(1) + "{ ... };")
            continue
        out.append(line)
    return out
