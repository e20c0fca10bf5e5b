"""`--split-tokens N`: several prompts instead of one, each at most N tokens.

Every part carries the shared header, the tree and an index of which files are in which
part; files keep their order and are cut across parts only when one alone is larger than a
part can hold. Each part is rendered and counted exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import BudgetError
from .model import PackedFile
from .plan import HEADER_ESTIMATE
from .render import RenderContext, render
from .tokens import TokenCounter

__all__ = ["Part", "SplitCost", "split_pack"]


@dataclass
class Part:
    """One prompt of a split pack."""

    chunks: list[str]
    tokens: int
    paths: list[str]
    name: str = ""  # the file it was written to


def _pieces(f: PackedFile, capacity: int) -> list[PackedFile]:
    """`f` cut at line ends into pieces that fit `capacity` tokens (estimated, then checked)."""
    per_token = max(len(f.text) / max(f.tokens, 1), 0.5)
    size = max(int(capacity * 0.85 * per_token), 1)
    lines = f.text.splitlines(keepends=True)
    chunks: list[str] = []
    current = ""
    for line in lines:
        while len(line) > size:  # one huge line (minified code): cut it anywhere
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:size])
            line = line[size:]
        if current and len(current) + len(line) > size:
            chunks.append(current)
            current = ""
        current += line
    if current:
        chunks.append(current)
    return [
        replace(
            f,
            path=f"{f.path} [piece {i} of {len(chunks)}]",
            text=chunk,
            text_id=b"",
            _compressed=None,
            _signatures=None,
            imports=f.imports if i == 1 else [],
            imported_by=[],
        )
        for i, chunk in enumerate(chunks, 1)
    ]


def _index(parts: list[list[str]], budget: int, counter: TokenCounter) -> str:
    """Which paths each part holds (`parts`: the paths of each part)."""
    lines = []
    for i, paths in enumerate(parts, 1):
        lines.append(f"part {i}: " + ", ".join(paths))
    text = "\n".join(lines) + "\n"
    if counter.count(text) <= budget // 10:
        return text
    return "".join(  # too long to list every file: the first and last of each part
        f"part {i}: {len(paths)} files, from {paths[0]} to {paths[-1]}\n"
        for i, paths in enumerate(parts, 1)
    )


def _paths(groups: list[list[PackedFile]]) -> list[list[str]]:
    return [[f.path for f in group] for group in groups]


def _overhead(ctx: RenderContext, fmt: str, limit: int, counter: TokenCounter) -> tuple[int, int]:
    """What every part carries besides its files (estimated), and the room left for files."""
    probe = replace(ctx, part_files=[], index_text="part 1: -\n", part=(1, 1))
    overhead = render(fmt, probe, counter)[1] + HEADER_ESTIMATE
    return overhead, limit - overhead - limit // 10  # (the tenth kept for the index)


class SplitCost:
    """What the parts of a split pack add to the one pack they are cut from: each part
    repeats the header, the tree and the closing, and carries the index of every part.

    `extra` groups the files a pack shows as `split_pack` will and renders one part's
    frame with that index, so that a budget can hold the total of the parts (what is paid
    for) rather than the pack before the split. `ctx` must have its tree chosen."""

    def __init__(self, ctx: RenderContext, fmt: str, limit: int, counter: TokenCounter) -> None:
        self.ctx, self.fmt, self.limit, self.counter = ctx, fmt, limit, counter
        self.overhead, self.capacity = _overhead(ctx, fmt, limit, counter)

    def parts(self, shown: list[PackedFile]) -> list[list[str]]:
        """The paths of each part `split_pack` would make of `shown` (pieces estimated)."""
        groups: list[list[str]] = [[]]
        used = 0
        room = max(self.capacity, 64)
        for f in shown:
            cost = f.tokens + HEADER_ESTIMATE
            if cost > room:  # cut into pieces of about 85% of a part, as `_pieces` cuts
                n = -(-f.tokens // max(int(room * 0.85), 1))
                size = f.tokens // n + HEADER_ESTIMATE
                items = [(f"{f.path} [piece {i} of {n}]", size) for i in range(1, n + 1)]
            else:
                items = [(f.path, cost)]
            for path, size in items:
                if groups[-1] and used + size > room:
                    groups.append([])
                    used = 0
                groups[-1].append(path)
                used += size
        return groups

    def extra(self, shown: list[PackedFile], fitting: bool = False) -> int:
        """Tokens the parts of `shown` would take beyond the pack of `shown` unsplit
        (`fitting`: each part's revision id counted as a fit counts it, `render`)."""
        groups = self.parts(shown)
        n = len(groups)
        pieces = sum(len(g) for g in groups) - len(shown)
        if n == 1 and not pieces:
            return 0
        index = _index(groups, self.limit, self.counter)
        frame = replace(self.ctx, part_files=[], index_text=index, part=(n, n))
        whole = replace(self.ctx, part_files=[])
        per_part = render(self.fmt, frame, self.counter, fitting)[1]
        unsplit = render(self.fmt, whole, self.counter, fitting)[1]
        return n * per_part - unsplit + pieces * HEADER_ESTIMATE


def _budget_shows(ctx: RenderContext, counter: TokenCounter, budget: int) -> int:
    """What a pack fit to `budget` shows at most: the budget, or every file in full when
    the repository is smaller (a larger budget then shows nothing more)."""
    total = 0
    for f in ctx.files:
        if f.carrier:
            total += (
                f.tokens if f.mode == "full" else counter.count(f.full_text)
            ) + HEADER_ESTIMATE
            if total >= budget:
                return budget
    return total


def _smallest(
    ctx: RenderContext,
    fmt: str,
    counter: TokenCounter,
    per_part: float,
    total: int,
    limit: int,
    budget: int | None,
) -> int:
    """The smallest part size whose index of parts fits the room kept for it (estimated).

    At a larger size every part carries a larger tree (chosen for the part), and a pack fit
    to `budget` shows more files: each size is judged with its own tree and, under a
    budget, with as much text as the budget holds, so that the size named works when asked
    for (estimating from this split alone, 1,000 named 1,800, which named 2,500)."""
    if budget is not None:
        total = max(total, _budget_shows(ctx, counter, budget))
    frames: dict[str, int] = {}  # a part's frame, by the tree it carries
    size = limit
    while True:
        size = int(size * 1.05) + 1
        probe = replace(ctx)
        probe.choose_tree(counter, min(budget, size) if budget is not None else size)
        if probe.tree_detail not in frames:
            frames[probe.tree_detail] = _overhead(probe, fmt, size, counter)[0]
        capacity = size - frames[probe.tree_detail] - size // 10
        if capacity >= 64 and per_part * (total * 1.2 / capacity + 1) <= size // 10:
            return -(-size // 100) * 100


def split_pack(
    ctx: RenderContext,
    fmt: str,
    limit: int,
    counter: TokenCounter,
    tree_chosen: bool = False,
    budget: int | None = None,
) -> list[Part]:
    """Render `ctx` as parts of at most `limit` tokens each. The tree is chosen for
    `limit` unless `tree_chosen` (the fit of a budget chose it, for the parts it sized);
    `budget`, the budget the parts were fit to, if any (for the size an error names)."""
    shown = ctx.shown
    if not tree_chosen:
        ctx.choose_tree(counter, limit)
    overhead, capacity = _overhead(ctx, fmt, limit, counter)
    if capacity < 64:
        # The size named must also hold the index of the parts it makes: a line a part, at
        # least (the short form each line takes when the long one does not fit).
        ends = (shown[0].path, shown[-1].path) if shown else ("-", "-")
        line = counter.count(f"part 10: 10 files, from {ends[0]} to {ends[1]}\n")
        total = sum(f.tokens + HEADER_ESTIMATE for f in shown)
        smallest = _smallest(ctx, fmt, counter, line, total, overhead * 2 + 1000, budget)
        raise BudgetError(
            f"--split-tokens {limit:,} leaves no room for files after the {overhead:,}-token "
            f"header; use --split-tokens {smallest:,} or more"
        )
    items: list[PackedFile] = []
    for f in shown:
        items.extend(_pieces(f, capacity) if f.tokens + HEADER_ESTIMATE > capacity else [f])
    pieces = [f for f in items if f not in shown]
    if pieces:
        ctx.count_bodies(counter, pieces)
    groups: list[list[PackedFile]] = [[]]
    used = 0
    for f in items:
        cost = f.tokens + HEADER_ESTIMATE
        if groups[-1] and used + cost > capacity:
            groups.append([])
            used = 0
        groups[-1].append(f)
        used += cost
    # Every part repeats the index, and the index grows with the number of parts: past the
    # room kept for it every part is over, and moving files on only makes more parts.
    first_index = counter.count(_index(_paths(groups), limit, counter))
    if first_index > limit // 10:
        smallest = _smallest(
            ctx,
            fmt,
            counter,
            first_index / len(groups),
            sum(f.tokens + HEADER_ESTIMATE for f in items),
            limit,
            budget,
        )
        raise BudgetError(
            f"--split-tokens {limit:,} makes {len(groups):,} parts, too many for the index each "
            f"part carries; use --split-tokens {smallest:,} or more"
        )
    for _ in range(len(items) + 1):
        index = _index(_paths(groups), limit, counter)
        parts = []
        over = -1
        for i, group in enumerate(groups, 1):
            part_ctx = replace(ctx, part_files=group, part=(i, len(groups)), index_text=index)
            chunks, tokens = render(fmt, part_ctx, counter)
            if tokens > limit and over < 0:
                over = i - 1
            parts.append(Part(chunks, tokens, [f.path for f in group]))
        if over < 0:
            return parts
        # The last files of a part that is over move on, as many as its excess takes at the
        # rate its files rendered (a json pack's escapes cost more than the files' counts:
        # one file at a time, a pack of many parts ran out of rounds).
        group = groups[over]
        estimated = sum(f.tokens + HEADER_ESTIMATE for f in group)
        rate = parts[over].tokens / max(estimated, 1)
        excess: float = parts[over].tokens - limit
        moving: list[PackedFile] = []
        while group and excess > 0:
            moving.insert(0, group.pop())
            excess -= (moving[0].tokens + HEADER_ESTIMATE) * rate
        if not group:
            raise BudgetError(f"--split-tokens {limit:,} is too small for {moving[-1].path}")
        if over + 1 == len(groups):
            groups.append([])
        groups[over + 1][:0] = moving
    raise BudgetError(f"could not split the pack into parts of {limit:,} tokens")
