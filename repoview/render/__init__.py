"""Rendering a pack as xml, markdown, plain or json, and counting the result exactly.

Each renderer returns segments: glue (headers, tree, wrappers) and file bodies. Bodies are
cut at token-safe places (see tokens.is_safe_cut) so their counts come from the cache, and
only the glue around them is counted afresh; the sum is the exact count of the output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import __version__
from ..errors import ConfigError
from ..model import PackedFile
from ..tokens import TokenCounter, is_safe_cut, safe_cuts
from . import formats
from .tree import TREE_DETAILS, Tree

__all__ = ["FORMATS", "RenderContext", "body_of", "render", "split_safe"]

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
    diff_spec: str | None = None
    diff_text: str = ""
    delta_files: list[PackedFile] = field(default_factory=list)  # after the pack: the change
    delta_changed: set[str] = field(default_factory=set)  # which of them the change touches
    delta_head: str = ""
    tree_detail: str = "full"
    part: tuple[int, int] | None = None  # (this part, parts) of a split pack
    part_files: list[PackedFile] | None = None  # the files this part carries
    index_text: str = ""  # which files each part of a split pack holds
    header_text: str = ""  # the user's text before everything else
    closing: tuple[tuple[str, str], ...] = ()  # (name, text) sections after the files
    # Bodies already cut and counted, by id(): render() reuses them instead of hashing again.
    _counted: dict[int, tuple[str, str, str, str, int]] = field(default_factory=dict)
    _bodies: dict[int, str] = field(default_factory=dict)  # by id(): a path may show twice

    _tree: Tree | None = None

    @property
    def tree(self) -> str:
        if self._tree is None:
            self._tree = Tree(self.files)
        return self._tree.render(self.name, self.tree_detail)

    def choose_tree(self, counter: TokenCounter, budget: int) -> None:
        """The most detailed tree that takes at most a sixteenth of `budget`, and every file
        only within a thirty-second (the tree does not depend on the fit, so neither does this
        choice). Naming each test and data file of an 800-file crate took 5k of a 128k pack;
        its source files, 2k."""
        for detail in TREE_DETAILS:
            self.tree_detail = detail
            if counter.count(self.tree) <= budget // (32 if detail == "full" else 16):
                break

    @property
    def shown(self) -> list[PackedFile]:
        if self.part_files is not None:
            return self.part_files
        return [f for f in self.files if f.mode != "listed"]

    def body(self, f: PackedFile) -> str:
        """The body of `f` as carried (one string object per file, reused by every caller)."""
        body = self._bodies.get(id(f))
        if body is None:
            body = self._bodies[id(f)] = body_of(f, self.line_numbers)
        return body

    def count_bodies(self, counter: TokenCounter, files: list[PackedFile] | None = None) -> None:
        """Set `files`' (default: every shown file's) `tokens` to the exact count of its body."""
        shown = self.shown if files is None else files
        for f in shown:
            self._bodies.pop(id(f), None)
        bodies = [self.body(f) for f in shown]
        parts = [split_safe(b) for b in bodies]
        texts = [p for trio in parts for p in trio]
        keys: list[bytes] | None = None
        if all(f.text_id for f in shown):
            # The version guards against a future release decoding the same bytes otherwise.
            variant = f"|{__version__}|{'numbered' if self.line_numbers else 'plain'}|".encode()
            keys = [
                f.text_id + variant + f.mode.encode() + b"|%d" % i for f in shown for i in range(3)
            ]
        counts = counter.count_many(texts, keys)
        for i, (f, body, (head, middle, tail)) in enumerate(zip(shown, bodies, parts, strict=True)):
            f.tokens = sum(counts[3 * i : 3 * i + 3])
            self._counted[id(body)] = (body, head, middle, tail, counts[3 * i + 1])


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
    first, last = safe_cuts(text)
    if last <= first:  # fewer than two safe places: a middle needs two
        return text, "", ""
    return text[:first], text[first:last], text[last:]


def render(fmt: str, ctx: RenderContext, counter: TokenCounter) -> tuple[list[str], int]:
    """Render the pack in `fmt`; return the text (in pieces) and its exact token count."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    segments = renderer(ctx)
    if ctx.header_text or ctx.closing:
        from ..extras import add_extras

        segments = add_extras(fmt, segments, ctx.header_text, ctx.closing)
    chunks: list[str] = []
    known = 0  # tokens of middles counted before, left out of `chunks`
    output: list[str] = []
    glue: list[str] = []
    for kind, text in segments:
        if kind == formats.BODY:
            seen = ctx._counted.get(id(text))
            if seen is not None and seen[0] is text:
                _, head, middle, tail, n = seen
            else:
                head, middle, tail = split_safe(text)
                n = -1
            glue.append(head)
            if middle:
                chunks.append("".join(glue))
                output.append(chunks[-1])
                output.append(middle)
                if n >= 0:
                    known += n
                else:
                    chunks.append(middle)
                glue = [tail]
            else:
                glue.append(tail)
        elif kind == formats.CUT:
            joined = "".join(glue)
            if joined.endswith("\n") and text and is_safe_cut("\n" + text, 1):
                chunks.append(joined)
                output.append(joined)
                glue = []
            else:
                glue = [joined]
            glue.append(text)
        else:
            glue.append(text)
    chunks.append("".join(glue))
    output.append(chunks[-1])
    total = known + sum(counter.count_many([c for c in chunks if c]))
    return output, total
