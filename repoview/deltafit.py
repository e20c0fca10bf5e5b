"""Fitting a `--diff` pack's change into the room its base pack leaves: what gives way, in
which order, so that the base pack's cached prefix stays as long as it can."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .compress import outlined
from .errors import BudgetError
from .model import PackedFile
from .plan import CHARS_PER_TOKEN, HEADER_ESTIMATE, SAVING
from .render import RenderContext

if TYPE_CHECKING:
    from .diffctx import ShownDiff

__all__ = ["Stage", "fit_delta"]

Change = tuple[PackedFile, str]


class Stage(Protocol):
    """What fitting needs of the pack being made: give files a mode, and count it exactly."""

    def apply(self, changes: list[Change]) -> None: ...

    def measure(self) -> int: ...


def fit_delta(
    ctx: RenderContext, stage: Stage, budget: int, diff: ShownDiff | None = None
) -> str | None:
    """Make room for the change, keeping the base pack whole as far as it can be (its
    prefix is what the provider has cached): drop the new text of changed files the base
    pack shows in full first (that text and the diff say what it says), then up to 3% of
    the base pack from its end, then the neighbours, then the new text of changed docs, tests
    and data (shorter, else none: their diff stays), then shorten the changed code's new
    text (outline, then signatures), then more of the base pack, the change's last; when
    every file is listed and the pack is still over, the diff itself (`diff`, the one
    ctx.diff_text shows) is shortened. Returns what that cut, for the user, or None.

    The base pack gives way from its end only, whatever the files there are: any file cut
    earlier would end the prefix it shares with the pack of the base at that file.
    """
    full = {f.path for f in ctx.files if f.mode == "full"}
    allowance = sum(f.tokens for f in ctx.files if f.mode != "listed") * _BASE_GIVES // 100
    was = {id(f): (f.mode, f.note) for f in ctx.files}
    total = stage.measure()
    cut = None
    # Each round takes, in the first kind that has any, as many steps as the estimate says
    # free what is over (a step at a time would render and count the pack hundreds of
    # times for a large change), then counts exactly again.
    while total > budget:
        over = total - budget
        neighbours = [f for f in ctx.delta_files if f.path not in ctx.delta_changed]
        restated = [f for f in ctx.delta_files if f.path in ctx.delta_changed and f.path in full]
        base = [f for f in reversed(ctx.files) if f.mode != "listed"]
        if restated:
            for f in _enough(list(reversed(restated)), over):
                ctx.delta_files.remove(f)
        elif base and base[0].tokens <= allowance:
            taken: list[PackedFile] = []
            for f in base:
                if f.tokens > allowance or sum(g.tokens for g in taken) > over:
                    break
                allowance -= f.tokens
                taken.append(f)
            _make_way(stage, taken)
        elif neighbours:
            for f in _enough(list(reversed(neighbours)), over):
                ctx.delta_files.remove(f)
        elif aside := [
            (f, _shorter(f) or "listed")
            for f in ctx.delta_files
            if f.role != "source" and f.mode != "listed"
        ]:
            # Changed docs, tests and data give way before changed code (their diff stays).
            stage.apply(_largest_first(aside, over))
        elif shorter := [(f, t) for f in ctx.delta_files if (t := _shorter(f)) is not None]:
            stage.apply(_largest_first(shorter, over))
        else:
            gone = _enough(
                base + [f for f in reversed(ctx.delta_files) if f.mode != "listed"], over
            )
            if not gone:
                cut = _shorten_diff(ctx, stage, budget, diff)
                break
            _make_way(stage, gone)
        total = stage.measure()
    _restore(ctx, stage, budget, was)
    return cut


def _shorten_diff(ctx: RenderContext, stage: Stage, budget: int, diff: ShownDiff | None) -> str:
    """Shorten the diff, the last part of the pack to give way, until the pack fits: every
    file's hunks cut to their first lines (the same number for each, as many as fit, down to
    _FEWEST_LINES: the longest diffs lose most), then the largest files' diffs to one line
    of counts each. Returns what was cut, in words for the user."""
    if diff is None:
        raise BudgetError(f"the change does not fit in {budget:,} tokens; raise the budget")

    def fits(cap: int | None, brief: int) -> bool:
        ctx.diff_text = diff.text(cap, brief)
        return stage.measure() <= budget

    cap, brief = _FEWEST_LINES, 0
    if diff.longest() > _FEWEST_LINES and fits(_FEWEST_LINES, 0):
        hi = diff.longest() - 1  # every file's diff whole is over
        while cap < hi:  # the most lines per file that fit (`cap` always fits)
            mid = (cap + hi + 1) // 2
            if fits(mid, 0):
                cap = mid
            else:
                hi = mid - 1
    else:
        brief = diff.shown()
        if not fits(cap, brief):
            raise BudgetError(
                f"the change {ctx.diff_spec} does not fit in {budget:,} tokens even with "
                f"every file listed and each changed file's diff as one line "
                f"({stage.measure():,} tokens); use a larger budget or a smaller change"
            )
        low = 0  # the fewest largest files' diffs that, as one line each, let the pack fit
        while low < brief:
            mid = (low + brief) // 2
            if fits(cap, mid):
                brief = mid
            else:
                low = mid + 1
    ctx.diff_text = diff.text(cap, brief)
    return (
        f"the change {ctx.diff_spec} does not fit in {budget:,} tokens even with every file "
        f"listed, so its diff is shortened: {diff.cuts(cap, brief)}"
    )


def _restore(
    ctx: RenderContext, stage: Stage, budget: int, was: dict[int, tuple[str, str]]
) -> None:
    """Give back the base files that made way, first first, as far as the room the later
    steps freed allows (they were taken before the change was known to need less)."""
    gone = [f for f in ctx.files if f.mode != was[id(f)][0]]
    lo, hi, mid = 0, len(gone), len(gone)  # the most of `gone`, from the first, that fit
    while lo < hi:
        stage.apply([(f, was[id(f)][0]) for f in gone[:mid]])
        if stage.measure() <= budget:
            lo = mid
        else:
            hi = mid - 1
        stage.apply([(f, "listed") for f in gone[:mid]])
        mid = (lo + hi + 1) // 2
    stage.apply([(f, was[id(f)][0]) for f in gone[:lo]])
    for f in gone[:lo]:
        f.note = was[id(f)][1]


def _make_way(stage: Stage, files: list[PackedFile]) -> None:
    """List `files` to make room for the change, and say so in their notes."""
    stage.apply([(f, "listed") for f in files])
    for f in files:
        f.note = "listed to make room for the change"


def _enough(files: list[PackedFile], over: int) -> list[PackedFile]:
    """The first of `files` whose text, by its count, frees more than `over` tokens."""
    out, freed = [], 0
    for f in files:
        if freed > over:
            break
        out.append(f)
        freed += f.tokens + HEADER_ESTIMATE
    return out


def _largest_first(steps: list[tuple[PackedFile, str]], over: int) -> list[tuple[PackedFile, str]]:
    """The steps to take, largest file first, until they free more than `over` tokens by
    estimate (a shorter tier's text at CHARS_PER_TOKEN)."""
    out, freed = [], 0
    for f, tier in sorted(steps, key=lambda ft: -ft[0].tokens):
        if freed > over:
            break
        out.append((f, tier))
        after = {"compressed": f.compressed_text, "signatures": f.signatures_text}.get(tier)
        freed += f.tokens - (int(len(after()) / CHARS_PER_TOKEN) if after else -HEADER_ESTIMATE)
    return out


def _shorter(f: PackedFile) -> str | None:
    """The next tier down for a changed file's new text, down to its signatures (None: it
    is at its shortest informative tier already)."""
    if f.mode == "full" and outlined(f.language):
        outline = f.compressed_text()
        if len(outline) <= len(f.full_text) * SAVING:
            return "compressed"
    shortest = f.mode in ("full", "compressed") and outlined(f.language)
    if shortest and 0 < len(f.signatures_text()) <= len(f.text) * SAVING:
        return "signatures"
    return None


_FEWEST_LINES = 20  # hunk lines a file's diff keeps before it is one line of counts
_BASE_GIVES = 3  # percent of the base pack that may go before the change is shortened
