"""Rendering a pack as xml, markdown, plain or json, and counting the result exactly.

Each renderer returns segments: glue (headers, tree, wrappers) and file bodies. Bodies are
cut at token-safe places (see tokens.is_safe_cut) so their counts come from the cache, and
only the glue around them is counted afresh; the sum is the exact count of the output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import __version__
from ..errors import ConfigError
from ..model import PackedFile
from ..tokens import SAFE_CUT, TokenCounter, is_safe_cut, safe_cuts
from . import formats
from .tree import TREE_DETAILS, Tree

__all__ = ["FORMATS", "RenderContext", "body_of", "render", "split_safe"]

_COUNT_GROUP = 4 << 20  # characters of bodies cut and counted together
_OUTPUT_PIECE = 1 << 20  # characters of glue joined into one piece of output at most

# Names where bodies are cut (the cut rule) in cached facts about bodies.
_CUTS_ID = hashlib.blake2b(SAFE_CUT.pattern.encode(), digest_size=8).hexdigest().encode()

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
    # Source files too large to read (over --max-file-size): the summary names them, as the
    # code shown uses what they define
    oversized: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # vendored folders, generated files left out
    diff_spec: str | None = None
    diff_text: str = ""
    delta_files: list[PackedFile] = field(default_factory=list)  # after the pack: the change
    delta_changed: set[str] = field(default_factory=set)  # which of them the change touches
    delta_head: str = ""
    change_log: str = ""  # with --include-logs: the change's commits, before its diff
    # Changed files whose new text, at the tier it got, is what the base pack shows for them
    # already: path -> that tier. The change part gives each one line instead of its text.
    delta_unchanged: dict[str, str] = field(default_factory=dict)
    tree_detail: str = "full"
    part: tuple[int, int] | None = None  # (this part, parts) of a split pack
    part_files: list[PackedFile] | None = None  # the files this part carries
    index_text: str = ""  # which files each part of a split pack holds
    header_text: str = ""  # the user's text before everything else
    closing: tuple[tuple[str, str], ...] = ()  # (name, text) sections after the files
    id_length: int = 40  # the repository's commit ids' (64 in a SHA-256 one): `render`
    # Bodies already cut and counted, by id(): render() reuses them instead of hashing again.
    # (body, end of head, end of middle, tokens of the middle, whether it holds "]]>")
    _counted: dict[int, tuple[str, int, int, int, bool]] = field(default_factory=dict)
    _bodies: dict[int, str] = field(default_factory=dict)  # by id(): a path may show twice
    # The longest line of '=' of each text the plain format has read, by id() (`formats`)
    rule_lines: dict[int, tuple[str, int]] = field(default_factory=dict)

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

    @property
    def delta_shown(self) -> list[PackedFile]:
        """The change's files that carry text (the rest gave way: their diff stays)."""
        return [f for f in self.delta_files if f.mode != "listed"]

    @property
    def delta_entries(self) -> list[PackedFile]:
        """The change's files the change part names: those with text, and those whose text
        the base pack shows as it is now (one line each, in their place)."""
        return [f for f in self.delta_files if f.mode != "listed" or f.path in self.delta_unchanged]

    def forget(self, files: list[PackedFile]) -> None:
        """Drop the bodies made for `files` (their text changed)."""
        for f in files:
            self._bodies.pop(id(f), None)

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
        # The version guards against a future release decoding the same bytes otherwise.
        variant = f"|{__version__}|{'numbered' if self.line_numbers else 'plain'}|".encode()
        # What a body was found to be before (its cuts, its three counts, whether it holds
        # "]]>"), one row per file: no cut search, no hashing and a third of the look-ups.
        # (The prefix keeps these keys apart from those that open with a content digest.)
        tag = b"|body:%s|%s|" % (counter.encoding.encode(), _CUTS_ID)
        facts: list[bytes | None] = [
            b"body|" + f.text_id + variant + f.mode.encode() + tag if f.text_id else None
            for f in shown
        ]
        cache = counter.cache
        known = cache.get_many([k for k in facts if k], "facts") if cache is not None else {}
        todo: list[tuple[PackedFile, str, bytes | None]] = []
        for f, body, key in zip(shown, bodies, facts, strict=True):
            found = _body_fact(known.get(key)) if key is not None else None
            if found is None:
                todo.append((f, body, key))
                continue
            a, b, head_n, mid_n, tail_n, cdata_end = found
            f.tokens = head_n + mid_n + tail_n
            self._counted[id(body)] = (body, a, b, mid_n, bool(cdata_end))
        counter.hits += 3 * (len(shown) - len(todo))
        if todo:
            fresh = self._count_afresh(counter, todo, variant)
            if cache is not None:
                cache.put_many(fresh, "facts")

    def _count_afresh(
        self,
        counter: TokenCounter,
        todo: list[tuple[PackedFile, str, bytes | None]],
        variant: bytes,
    ) -> list[tuple[bytes, str]]:
        """Cut and count bodies not seen before; the facts to remember about them."""
        # What was counted ahead first: its last batches are not held while bodies are cut.
        counter.finish_ahead()
        fresh: list[tuple[bytes, str]] = []
        keyed = all(f.text_id for f, _, _ in todo)
        # A few MB of bodies at a time: each body's middle is a copy of nearly all of it, and
        # holding every middle at once made a cold pack of the stdlib peak 36 MB higher.
        start = 0
        while start < len(todo):
            end, size = start, 0
            while end < len(todo) and (end == start or size < _COUNT_GROUP):
                size += len(todo[end][1])
                end += 1
            self._count_group(counter, todo[start:end], variant, keyed, fresh)
            start = end
        return fresh

    def _count_group(
        self,
        counter: TokenCounter,
        todo: list[tuple[PackedFile, str, bytes | None]],
        variant: bytes,
        keyed: bool,
        fresh: list[tuple[bytes, str]],
    ) -> None:
        parts = [split_safe(body) for _, body, _ in todo]
        texts = [p for trio in parts for p in trio]
        keys: list[bytes] | None = None
        if keyed:
            keys = [
                f.text_id + variant + f.mode.encode() + b"|%d" % i
                for f, _, _ in todo
                for i in range(3)
            ]
        counts = counter.count_many(texts, keys)
        for i, ((f, body, key), (head, middle, _)) in enumerate(zip(todo, parts, strict=True)):
            f.tokens = sum(counts[3 * i : 3 * i + 3])
            a, b = len(head), len(head) + len(middle)
            cdata_end = "]]>" in body
            self._counted[id(body)] = (body, a, b, counts[3 * i + 1], cdata_end)
            if key is not None:
                n = counts[3 * i : 3 * i + 3]
                fresh.append((key, f"{a},{b},{n[0]},{n[1]},{n[2]},{int(cdata_end)}"))

    def holds_cdata_end(self, body: str) -> bool:
        """Whether `body` (as `body()` gave it) holds "]]>", from what counting found."""
        seen = self._counted.get(id(body))
        return seen[4] if seen is not None and seen[0] is body else "]]>" in body


def _body_fact(value: object) -> tuple[int, ...] | None:
    """The six numbers of a stored body fact, or None when it is missing or not one."""
    if not isinstance(value, str):
        return None
    try:
        found = tuple(map(int, value.split(",")))
    except ValueError:
        return None
    return found if len(found) == 6 else None


def body_of(f: PackedFile, line_numbers: bool) -> str:
    """The text a pack carries for `f`, numbered when asked (numbers lead, so cuts stay safe).
    Only full text is numbered: an outline's or signatures' lines are not the file's, and
    numbered 1..N they would send a finding to the wrong line."""
    if not line_numbers or not f.text or f.mode != "full":
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
    a, b = _cuts(text)
    return text[:a], text[a:b], text[b:]


def _cuts(text: str) -> tuple[int, int]:
    """Where `split_safe` ends the head and the middle."""
    first, last = safe_cuts(text)
    if last <= first:  # fewer than two safe places: a middle needs two
        return len(text), len(text)
    return first, last


def render(
    fmt: str, ctx: RenderContext, counter: TokenCounter, fitting: bool = False
) -> tuple[list[str], int]:
    """Render the pack in `fmt`; return the text (in pieces) and its exact token count.

    `fitting`: the count a fit decides by, which no revision id moves. Each id the pack
    names (its revision, "work tree", a change's head) is counted as the most any id takes,
    so a clean work tree and `--rev HEAD`, or two commits, get one plan (a 40-hex id is 20
    to 45 tokens: enough to tip a file into another tier), and the pack as written, with
    its real ids, is never over what was counted."""
    try:
        renderer = FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    named = (ctx.rev, ctx.delta_head)
    # (the repository's ids: 40 characters, 64 in a SHA-256 one; "work tree" is shorter)
    longest = max(len(ctx.rev or ""), len(ctx.delta_head), ctx.id_length)
    if fitting:
        ctx.rev, ctx.delta_head = ID_STAND_IN, ID_STAND_IN if ctx.delta_head else ""
    try:
        segments = renderer(ctx)
    finally:
        ctx.rev, ctx.delta_head = named
    if ctx.header_text or ctx.closing:
        from ..extras import add_extras

        segments = add_extras(fmt, segments, ctx.header_text, ctx.closing)
    ids = 0
    if fitting:
        stand_ins = sum(t.count(ID_STAND_IN) for kind, t in segments if kind != formats.BODY)
        # (one token a character at most, and one for the character before it, which a
        # letter may take into its token where a digit does not)
        ids = stand_ins * max(longest + 1 - counter.count(ID_STAND_IN), 0)
    chunks: list[str] = []  # counted afresh: glue, with the heads and tails of bodies
    known = 0  # tokens of middles counted before, left out of `chunks`
    glue: list[str] = []  # the chunk being built
    # What is written: glue, and each body whole (a body's middle is never copied out).
    output: list[str] = []
    shown: list[str] = []  # the piece of output being built
    shown_size = 0
    for kind, text in segments:
        if kind == formats.BODY:
            seen = ctx._counted.get(id(text))
            if seen is not None and seen[0] is text:
                _, a, b, n, _ = seen
            else:
                a, b = _cuts(text)
                n = -1
            if a < b:
                glue.append(text[:a])
                chunks.append("".join(glue))
                if n >= 0:
                    known += n
                else:
                    chunks.append(text[a:b])
                glue = [text[b:]]
                if shown:
                    output.append("".join(shown))
                output.append(text)
                shown, shown_size = [], 0
                continue
        elif kind == formats.CUT:
            joined = "".join(glue)
            if joined.endswith("\n") and text and is_safe_cut("\n" + text, 1):
                chunks.append(joined)
                glue = []
            else:
                glue = [joined]
        glue.append(text)
        shown.append(text)
        shown_size += len(text)
        if kind == formats.CUT or shown_size >= _OUTPUT_PIECE:
            # Pieces of output may end anywhere. A pack without bodies (json: each file is
            # one escaped line of glue, opening with a cut) was one string, four bytes a
            # character as soon as one character needed it; ended at each cut, its pieces
            # are the lines themselves, not copies (the stdlib's json pack: 330 MiB, now 150).
            output.append("".join(shown))
            shown, shown_size = [], 0
    chunks.append("".join(glue))
    output.append("".join(shown))
    total = known + _glue_tokens(counter, [c for c in chunks if c]) + ids
    return output, total


# What stands for a revision id when a fit counts the pack: digits, which the tokenizers'
# pre-split keeps apart from the text around them (three to a token), and no id's form.
ID_STAND_IN = "8642097531" * 4


def _glue_tokens(counter: TokenCounter, texts: list[str]) -> int:
    """The summed counts of `texts`, remembered for the whole sequence as well as for each
    text: an unchanged pack needs one look-up, not one hash and look-up per file."""
    cache = counter.cache
    if cache is None or not texts:
        return sum(counter.count_many(texts))
    h = hashlib.blake2b(counter.encoding.encode(), digest_size=16, person=b"glue-sum")
    h.update(",".join([str(len(t)) for t in texts]).encode() + b"\0")
    # Piece by piece, the same bytes as the whole: joined, the glue of the stdlib's pack
    # was held three times over (as text up to four bytes a character, and as UTF-8).
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass"))
    key = h.digest()
    known = cache.get_many([key]).get(key)
    if known is not None:
        counter.hits += len(texts)
        return int(known)
    misses = counter.misses
    total = sum(counter.count_many(texts))
    # Kept once every piece was known: a pack being fitted renders many states, and a
    # second write per state would double its cache commits.
    if counter.misses == misses:
        cache.put_many([(key, total)])
    return total
