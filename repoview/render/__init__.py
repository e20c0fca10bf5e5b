"""Rendering a pack as xml, markdown, plain or json, and counting the result exactly.

Each renderer returns segments: glue (headers, tree, wrappers) and file bodies. Bodies are
cut at token-safe places (see tokens.is_safe_cut) so their counts come from the cache, and
only the glue around them is counted afresh; the sum is the exact count of the output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ConfigError
from ..model import PackedFile
from ..tokens import TokenCounter, is_safe_cut
from . import formats
from .tree import render_tree

__all__ = ["FORMATS", "RenderContext", "body_of", "count_bodies", "render"]

FORMATS: dict[str, Callable[[RenderContext], list[formats.Segment]]] = {
    "xml": formats.render_xml,
    "markdown": formats.render_markdown,
    "plain": formats.render_plain,
    "json": formats.render_json,
}


@dataclass
class RenderContext:
    """What every format shows: the repository, its tree, and the files in order."""

    name: str
    rev: str | None
    files: list[PackedFile]
    excluded_count: int
    line_numbers: bool = False

    @property
    def tree(self) -> str:
        return render_tree(self.name, self.files)

    @property
    def shown(self) -> list[PackedFile]:
        return [f for f in self.files if f.mode != "listed"]

    def body(self, f: PackedFile) -> str:
        return body_of(f, self.line_numbers)


def body_of(f: PackedFile, line_numbers: bool) -> str:
    """The text a pack carries for `f`, numbered when asked (numbers lead, so cuts stay safe)."""
    if not line_numbers or not f.text:
        return f.text
    lines = f.text.split("\n")
    if lines[-1] == "":
        lines.pop()
        end = "\n"
    else:
        end = ""
    width = len(str(len(lines)))
    return "\n".join(f"{i:<{width}}| {line}" for i, line in enumerate(lines, 1)) + end


def split_safe(text: str) -> tuple[str, str, str]:
    """Cut `text` at its first and last token-safe places: head, middle, tail."""
    first = last = -1
    i = text.find("\n")
    while i != -1:
        if is_safe_cut(text, i + 1):
            first = i + 1
            break
        i = text.find("\n", i + 1)
    if first == -1:
        return text, "", ""
    i = text.rfind("\n")
    while i >= first - 1:
        if is_safe_cut(text, i + 1):
            last = i + 1
            break
        i = text.rfind("\n", 0, i)
    if last <= first:  # one safe place only: a middle needs two
        return text, "", ""
    return text[:first], text[first:last], text[last:]


def count_bodies(files: list[PackedFile], line_numbers: bool, counter: TokenCounter) -> None:
    """Set each file's `tokens` to the exact count of the body the pack carries for it."""
    parts: list[str] = []
    for f in files:
        parts.extend(split_safe(body_of(f, line_numbers)))
    counts = counter.count_many(parts)
    for i, f in enumerate(files):
        f.tokens = sum(counts[3 * i : 3 * i + 3])


def render(fmt: str, ctx: RenderContext, counter: TokenCounter) -> tuple[str, int]:
    """Render the pack in `fmt`; return the text and its exact token count."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    segments = renderer(ctx)
    chunks: list[str] = []
    glue: list[str] = []
    for kind, text in segments:
        if kind == formats.BODY:
            head, middle, tail = split_safe(text)
            glue.append(head)
            if middle:
                chunks.append("".join(glue))
                chunks.append(middle)
                glue = [tail]
            else:
                glue.append(tail)
        elif kind == formats.CUT:
            joined = "".join(glue)
            if joined.endswith("\n") and text and is_safe_cut("\n" + text, 1):
                chunks.append(joined)
                glue = []
            else:
                glue = [joined]
            glue.append(text)
        else:
            glue.append(text)
    chunks.append("".join(glue))
    chunks = [c for c in chunks if c]
    total = sum(counter.count_many(chunks))
    return "".join(chunks), total
