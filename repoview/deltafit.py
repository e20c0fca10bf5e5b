"""Fitting a `--diff` pack's change into the room its base pack leaves: what gives way, in
which order, so that the base pack's cached prefix stays as long as it can."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from . import lazyre
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

    def measure(self) -> int: ...  # the count a fit decides by: the written pack's or more

    def written(self) -> int: ...  # the exact count of the pack as written


def fit_delta(
    ctx: RenderContext,
    stage: Stage,
    budget: int,
    diff: ShownDiff | None = None,
    review: bool = False,
    base_total: int = 0,
) -> list[str]:
    """Make room for the change, keeping the base pack whole as far as it can be (its
    prefix is what the provider has cached): drop the new text of changed files the base
    pack shows in full first (that text and the diff say what it says), then up to 2% of
    the base pack from its end, then the neighbours, then the new text of changed docs, tests
    and data (shorter, else none: their diff stays), then shorten the changed code's new
    text (outline, then signatures), then deleted files' diffs (one line each), then more of
    the base pack, the change's last; when
    every file is listed and the pack is still over, the diff itself (`diff`, the one
    ctx.diff_text shows) is shortened. A changed file whose new text, at the tier it has,
    is what the base pack shows for it already is one line instead (see _same_as_base).
    When the base files that gave way are back as far as they fit, the room left gives the
    changed files' new text back its richer tiers. Returns what was cut or shortened, in
    words for the user (`review`: the change already has a quarter of the budget).

    A base file that gives way ends the shared prefix there, and the closing part (the tree,
    the lists after the files) goes with it: with `base_total`, the base pack's count, what
    the base may give is what keeps `_BASE_KEEPS` of it shared, its closing counted (at
    128k, a tree and import lists of 12% of the pack leave nothing to give first).

    The base pack gives way from its end only, whatever the files there are: any file cut
    earlier would end the prefix it shares with the pack of the base at that file.
    """
    full = {f.path for f in ctx.files if f.mode == "full"}
    changed = full & ctx.delta_changed
    # (each file with its header: at the end of a pack, small files are mostly headers)
    files = sum(_shown(f) for f in ctx.files if f.mode != "listed")
    allowance = files * _BASE_GIVES // 100
    if base_total:
        closing = max(base_total - files, 0)  # (and the opening header, a few hundred)
        allowance = min(allowance, max(base_total * (100 - _BASE_KEEPS) // 100 - closing, 0))
    was = {id(f): (f.mode, f.note) for f in ctx.files}
    start = {id(f): f.mode for f in ctx.delta_files}
    near = [f for f in ctx.delta_files if f.path not in ctx.delta_changed and f.mode != "listed"]
    shows = {f.path: f.mode for f in ctx.files}  # what the base pack shows of each file
    words = _diff_words(diff)
    _same_as_base(ctx, stage, words)
    total = stage.measure()
    cut = None
    last_resort = False  # the base gave more than its few files from the end
    # Each round takes, in the first kind that has any, as many steps as the estimate says
    # free what is over (a step at a time would render and count the pack hundreds of
    # times for a large change), then counts exactly again.
    while total > budget:
        over = total - budget
        neighbours = [f for f in ctx.delta_files if f.path not in ctx.delta_changed]
        restated = [f for f in ctx.delta_files if f.path in ctx.delta_changed and f.path in full]
        # A changed file the base shows in full gives its text last: its new text is the
        # base's and the diff, and without it the model sees only hunks of the file the
        # change is about (the base still gives way from its end: a prefix ends at the
        # first file that gave way, wherever the files kept after it stand).
        base = [f for f in reversed(ctx.files) if f.mode != "listed" and f.path not in changed]
        keep = [f for f in reversed(ctx.files) if f.mode != "listed" and f.path in changed]
        if restated:
            for f in _enough(list(reversed(restated)), over):
                ctx.delta_files.remove(f)
        elif base and _shown(base[0]) <= allowance:
            taken: list[PackedFile] = []
            for f in base:
                if _shown(f) > allowance or sum(_shown(g) for g in taken) > over:
                    break
                allowance -= _shown(f)
                taken.append(f)
            _make_way(stage, taken)
        elif steps := [
            (f, t)
            for f in neighbours
            if (t := _shorter(f)) is not None and _RANK[t] > _RANK[shows.get(f.path, "listed")]
        ]:
            # A neighbour too long in full tells more as an outline than the base's
            # signatures do: a tier down, while it is still above the base's.
            stage.apply(_largest_first(steps, over))
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
        elif diff is not None and not diff.drop_deleted and diff.deleted_shown():
            # Deleted files' lines, text that is no more, give way before the base pack.
            diff.drop_deleted = True  # (the next count makes the diff without them)
        else:
            gone = _enough(
                base + [f for f in reversed(ctx.delta_files) if f.mode != "listed"] + keep, over
            )
            if not gone:
                cut = _shorten_diff(ctx, stage, budget, diff)
                break
            in_base = {id(f) for f in base + keep}
            last_resort = last_resort or any(id(f) in in_base for f in gone)
            _make_way(stage, gone)
        _same_as_base(ctx, stage, words)
        total = stage.measure()
    _restore(ctx, stage, budget, was)
    # (a base file given back may show what a changed file's copy does)
    _same_as_base(ctx, stage, words)
    _enrich(ctx, stage, budget, start, words)
    said = [cut] if cut else []
    # A changed file whose base text gave way after its new text did (the last resort):
    # the diff is all the model sees of it.
    shown_new = {f.path for f in ctx.delta_files if f.mode != "listed"}
    lost = [f.path for f in ctx.files if f.path in changed and f.mode != "full"]
    shortened = _shortened(ctx, start, near, review, [p for p in lost if p not in shown_new])
    if shortened:
        said.append(shortened)
    dropped = diff.deleted_dropped() if diff is not None else []
    if dropped:
        n = len(dropped)
        said.append(
            f"the change {ctx.diff_spec} is cut to fit the budget: "
            + ("1 deleted file's diff" if n == 1 else f"{n:,} deleted files' diffs")
            + f" shown as one line of counts ({', '.join(dropped[:3])}{', ...' if n > 3 else ''})"
        )
    cut_base = [f for f in ctx.files if _RANK[f.mode] < _RANK[was[id(f)][0]]]
    if last_resort and cut_base and base_total:
        # Past what it may give (a few files from its end, the prefix kept): the pack of the
        # base is no longer the one a push or CI run before this one sent, and whoever
        # counts on the provider's cache should know.
        first = next(i for i, f in enumerate(ctx.files) if f is cut_base[0])
        kept = sum(_shown(f) for f in ctx.files[:first] if f.mode != "listed")
        if kept * 100 < base_total * _BASE_KEEPS:
            said.append(
                f"the base pack is cut to fit the change: {len(cut_base):,} of its files "
                f"shorter, from {cut_base[0].path} on; the pack matches the base's (what a "
                "provider's prompt cache of it reuses) only up to that file; a larger budget, "
                "the same for every pack against this base, keeps it whole"
            )
    return said


def _shorten_diff(ctx: RenderContext, stage: Stage, budget: int, diff: ShownDiff | None) -> str:
    """Shorten the diff, the last part of the pack to give way, until the pack fits: every
    file's hunks cut to their first lines (the same number for each, as many as fit, down to
    _FEWEST_LINES: the longest diffs lose most), then the largest files' diffs to one line
    of counts each. Returns what was cut, in words for the user."""
    if diff is None:
        raise BudgetError(f"the change does not fit in {budget:,} tokens; raise the budget")

    count = stage.measure

    def fits(cap: int | None, brief: int) -> bool:
        ctx.diff_text = diff.text(cap, brief)
        return count() <= budget

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
            # (the last word is the written pack's: the fit's count keeps room for any id)
            count = stage.written
            if not fits(cap, brief):
                logs = (
                    f", fewer --include-logs (the change's commit messages take about "
                    f"{int(len(ctx.change_log) / CHARS_PER_TOKEN):,} tokens)"
                    if ctx.change_log
                    else ""
                )
                raise BudgetError(
                    f"the change {ctx.diff_spec} does not fit in {budget:,} tokens even with "
                    f"every file listed and each changed file's diff as one line "
                    f"({count():,} tokens); use a larger budget{logs} or a smaller change"
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
    now = [(f, f.mode) for f in gone]  # (what each gave way to: signatures, or listed)
    lo, hi, mid = 0, len(gone), len(gone)  # the most of `gone`, from the first, that fit
    while lo < hi:
        stage.apply([(f, was[id(f)][0]) for f in gone[:mid]])
        if stage.measure() <= budget:
            lo = mid
        else:
            hi = mid - 1
        stage.apply(now[:mid])
        mid = (lo + hi + 1) // 2
    stage.apply([(f, was[id(f)][0]) for f in gone[:lo]])
    for f in gone[:lo]:
        f.note = was[id(f)][1]


Said = Mapping[str, tuple[frozenset[str], frozenset[str]]]


def _diff_words(diff: ShownDiff | None) -> Said:
    """Per file whose diff the pack shows: the words of the lines it removes, and of those
    it adds."""
    out = {}
    for f in diff.files if diff is not None else []:
        if not f.note:
            removed = " ".join(line for line in f.body if line.startswith("-"))
            added = " ".join(line for line in f.body if line.startswith("+"))
            out[f.path] = (frozenset(_WORD.findall(removed)), frozenset(_WORD.findall(added)))
    return out


_WORD = lazyre.compile(r"\w+")


def _shown_by_diff(old: str, new: str, words: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether `new` (a changed file's outline or signatures) differs from `old` (what the
    base pack shows at that tier) only in a few lines that the file's diff shows: each line
    it lost made of words the diff removes, each line it gained of words the diff adds (a
    method added: `+    def f(self, e):` gives the signature `def f(e)`)."""
    a, b = old.splitlines(), new.splitlines()
    lost: list[str] = []
    gained: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            lost += a[i1:i2]
            gained += b[j1:j2]
    if (len(lost) + len(gained)) * _RESTATE >= max(len(a), len(b)):
        return False
    removed, added = words
    return all(set(_WORD.findall(line)) <= removed for line in lost) and all(
        set(_WORD.findall(line)) <= added for line in gained
    )


def _same_as_base(ctx: RenderContext, stage: Stage, said: Said) -> None:
    """Give each changed file whose new text, at the tier it has, is the text the base pack
    shows for it (an edit inside a body its signatures leave out), or is that text but for
    a few lines its diff shows (a method added), one line instead of that text, and give
    back its text to one whose base copy no longer shows it (it gave way)."""
    base = {f.path: f for f in ctx.files}
    changed = [f for f in ctx.delta_files if f.path in ctx.delta_changed]
    live = {f.path for f in changed}
    for path in [p for p in ctx.delta_unchanged if p not in live]:
        del ctx.delta_unchanged[path]  # its new text gave way altogether
    back = []
    for f in changed:
        tier = ctx.delta_unchanged.get(f.path)
        if tier is not None and base[f.path].mode != tier:
            del ctx.delta_unchanged[f.path]
            back.append((f, tier))
    if back:
        stage.apply(back)
    same = []
    for f in changed:
        b = base.get(f.path)
        if f.mode == "listed" or b is None or b.mode != f.mode:
            continue
        if b.text == f.text or (
            f.mode in ("signatures", "compressed")
            and f.path in said
            and _shown_by_diff(b.text, f.text, said[f.path])
        ):
            ctx.delta_unchanged[f.path] = f.mode
            same.append((f, "listed"))
    if same:
        stage.apply(same)


def _enrich(
    ctx: RenderContext, stage: Stage, budget: int, start: dict[int, str], said: Said
) -> None:
    """Give changed files' new text that fitting shortened or dropped its richer tiers back,
    one tier at a time, changed code first and the cheapest first, as far as the room the
    pack leaves allows (a file whose text turned out to be the base pack's frees its room
    after the files were shortened)."""
    failed: set[tuple[int, str]] = set()
    total = stage.measure()
    for _ in range(_ENRICH_TRIES):
        room = budget - total
        steps = []
        for f in ctx.delta_files:
            if f.path not in ctx.delta_changed or id(f) not in start:
                continue
            now = ctx.delta_unchanged.get(f.path, f.mode)
            tier = _richer(f, now)
            if tier is None or _RANK[tier] > _RANK[start[id(f)]] or (id(f), tier) in failed:
                continue
            cost = _estimate(f, tier) - f.tokens
            if cost <= room:
                steps.append((f.role != "source", cost, f.path, f, tier))
        if not steps:
            return
        *_, f, tier = min(steps, key=lambda s: s[:3])
        was, unchanged = f.mode, ctx.delta_unchanged.pop(f.path, None)
        stage.apply([(f, tier)])
        _same_as_base(ctx, stage, said)
        after = stage.measure()
        if after <= budget:
            total = after
            continue
        failed.add((id(f), tier))
        ctx.delta_unchanged.pop(f.path, None)
        stage.apply([(f, was)])
        if unchanged is not None:
            ctx.delta_unchanged[f.path] = unchanged


def _richer(f: PackedFile, tier: str) -> str | None:
    """The next tier up from `tier` for a changed file's new text that tells more than
    `tier` (the tiers _shorter would step down through), or None at full text."""
    if tier == "full":
        return None
    if outlined(f.language):
        sig = f.signatures_text()
        if tier == "listed" and 0 < len(sig) <= len(f.full_text) * SAVING:
            return "signatures"
        if tier in ("listed", "signatures"):
            outline = f.compressed_text()
            if outline.strip() and len(outline) <= len(f.full_text) * SAVING:
                return "compressed"
    return "full"


def _estimate(f: PackedFile, tier: str) -> int:
    """Tokens `f` would carry at `tier`, by its length (CHARS_PER_TOKEN) and a header."""
    text = {"compressed": f.compressed_text, "signatures": f.signatures_text}.get(tier)
    size = len(text()) if text is not None else len(f.full_text)
    return int(size / CHARS_PER_TOKEN) + HEADER_ESTIMATE


def _shortened(
    ctx: RenderContext,
    start: dict[int, str],
    near: list[PackedFile],
    review: bool,
    lost: list[str],
) -> str | None:
    """One line for the user when fitting left the changed files' new text shorter than
    it was to be, or no neighbour at all (None when the change is shown as meant); `lost`:
    changed files the base showed in full that are now shown by their diff alone."""
    short: list[str] = []
    dropped: list[str] = list(lost)
    as_base: list[str] = []  # brought down to what the base pack shows: its one line says so
    for f in ctx.delta_files:
        if f.path not in ctx.delta_changed:
            continue
        mode = ctx.delta_unchanged.get(f.path, f.mode)
        if _RANK[mode] < _RANK[start.get(id(f), "listed")]:
            if f.path in ctx.delta_unchanged:
                as_base.append(f.path)
            else:
                (dropped if mode == "listed" else short).append(f.path)
    there = {id(f) for f in ctx.delta_files if f.mode != "listed"}
    kept = sum(id(f) in there for f in near)
    if not short and not dropped and not as_base and (kept or not near):
        return None
    said = []
    if short:
        said.append(f"{_files(short)} only an outline or signatures ({_some(short)})")
    if as_base:
        n = len(as_base)
        said.append(
            ("1 changed file is" if n == 1 else f"{n:,} changed files are")
            + f" shown only by the outline or signatures the base pack shows and the diff "
            f"({_some(as_base)})"
        )
    if dropped:
        said.append(f"{_by_diff(dropped)} ({_some(dropped)})")
    if kept < len(near):
        left = [f.path for f in near if id(f) not in there]
        base = next((f.mode for f in ctx.files if f.path == near[0].path), "listed")
        said.append(
            f"{near[0].path}, which imports the changed files or which they import, and which "
            f"the base pack does not show in full, does not fit (the base pack shows "
            f"{_BASE_SHOWS.get(base, 'only its path')})"
            if len(near) == 1
            else f"{'none' if kept == 0 else f'only {kept:,}'} of the {len(near):,} files "
            "that import the changed files or that they import, and that the base pack does "
            f"not show in full, fit (left out: {_some(left)})"
        )
    more = (
        # (a review packs to the model's window unless a budget caps it: the budget of the
        # surface that ran it, or another model)
        "a larger budget (`--budget`, or `budget` in [review], [hook] or [ci]) or a model "
        "with a larger window shows more"
        if review
        else "use a larger --budget or `review --task diff`"
    )
    return f"the change {ctx.diff_spec} is cut to fit the budget: {'; '.join(said)}; {more}"


def _files(paths: list[str]) -> str:
    if len(paths) == 1:
        return "1 changed file's new text is"
    return f"{len(paths):,} changed files' new text is"


def _by_diff(paths: list[str]) -> str:
    if len(paths) == 1:
        return "1 changed file is shown by its diff alone"
    return f"{len(paths):,} changed files are shown by their diff alone"


def _some(paths: list[str]) -> str:
    """The first few of `paths`, and how many more."""
    shown = ", ".join(paths[:_NAMED])
    return shown if len(paths) <= _NAMED else f"{shown} and {len(paths) - _NAMED:,} more"


def _make_way(stage: Stage, files: list[PackedFile]) -> None:
    """Shorten `files` to make room for the change, and say so in their notes: source to its
    signatures first (the code beside the change keeps a line per definition; the next
    round lists it, if it must), the rest listed."""
    steps = [(f, _way(f)) for f in files]
    stage.apply(steps)
    for f, tier in steps:
        f.note = f"{tier} to make room for the change"


def _way(f: PackedFile) -> str:
    """The tier `f` gives way to (`_make_way`)."""
    code = f.role == "source" and f.mode in ("full", "compressed") and outlined(f.language)
    if code and 0 < len(f.signatures_text()) <= len(f.text) * SAVING:
        return "signatures"
    return "listed"


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


_RESTATE = 4  # a few lines: under a quarter of the tier's text
_RANK = {"listed": 0, "signatures": 1, "compressed": 2, "full": 3}
_BASE_SHOWS = {"compressed": "its outline", "signatures": "its signatures"}  # (in a warning)
_ENRICH_TRIES = 24  # steps up tried at most: each counts the whole pack again
_NAMED = 3  # files a warning names before "and N more"
_FEWEST_LINES = 20  # hunk lines a file's diff keeps before it is one line of counts


def _shown(f: PackedFile) -> int:
    """What a file takes in the pack: its text and its header."""
    return f.tokens + HEADER_ESTIMATE


_BASE_GIVES = 2  # percent of the base pack that may go before the change is shortened...
_BASE_KEEPS = 95  # ...while this share of it (in tokens) is still the diff pack's prefix
