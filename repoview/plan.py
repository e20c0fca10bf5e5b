"""Fitting a pack to a token budget: breadth first, then depth, decided from size classes.

Each file may carry one of four tiers: its full text, its outline, its signatures (one line
per definition) or nothing (listed: path only). A tier that does not save at least a third of
the richer tier's tokens is not offered, and data files (SVG, JSON...) are never outlined.

The plan is a pure function of each file's own score, size classes (estimated tokens rounded
up to steps of about 9%) and place in the output, so an edit to one file rarely changes the
decision for another, and the packs of consecutive commits stay byte-identical up to the
first file the commit touched (prompt caches keep hitting):

1. hubs: the code's most imported modules in full, smallest first, each up to an eighth of
   the room (depth: a quarter), all up to an eighth of it (depth: half);
2. breadth: in rank order, source first, every other file gets its cheapest informative tier
   while the room allows; then the hubs the first share left out;
3. depth: upgrades by value per token (rank weight times what the tier adds, over what it
   costs), taken in value levels down to a bar that moves only in steps;
4. the rest of the room to the files at the end of the output (the most recently changed),
   last first, so that what flips between commits flips near the end.

The pack is then counted exactly; the estimate's error is corrected once by a quantised
ratio, and the last decisions are undone (or more taken) until the exact count fits the
budget and fills at least 90% of it. Files that end up listed are never counted, so the cost
follows the budget, not the repository.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import lazyre
from .analyze.languages import is_manifest, is_readme
from .compress import OUTLINE_ID, handwritten, outlined
from .errors import BudgetError
from .model import PackedFile
from .render.tree import numbers, whole_size
from .signature_langs import reexports
from .signature_lines import C_LIKE
from .signature_prose import PROSE

__all__ = [
    "FILL_TARGET",
    "FOCUSES",
    "PINNED_SHARE",
    "TIERS",
    "Fitter",
    "Item",
    "outline_estimate",
    "plan_tiers",
    "weight",
]

FILL_TARGET = 0.90
PLAN_TARGET = 0.96  # what the plan aims at: exact counts land near it, and a diff's delta fits
CHARS_PER_TOKEN = 3.6  # o200k_base on source code, measured on CPython's stdlib
# Text that tokenizes far denser than source: an SVG's coordinates and a CSV's numbers come
# to about 2.0 characters a token (measured over 380 SVG and 113 CSV files of 90 projects),
# where most languages are within 3.0-4.2. Estimated at 3.6, a large SVG was planned at 60%
# of its cost, and the plan either went over or was cut back far below the budget. (The
# plan's estimates stay on one scale, which its correction ratio adjusts per repository;
# what a reader is told a file costs is `whole_size`'s, by language.)
_DENSE = {"SVG": 2.0, "CSV": 2.0}
HEADER_ESTIMATE = 45  # tokens a file's own header and wrapper add
OUTLINE_SHARE = 0.4  # an outline's length against the file's, before it is made
SAVING = 2 / 3  # a cheaper tier must cost at most this share of the richer one
TIERS = ("listed", "signatures", "compressed", "full")  # poorest first
FOCUSES = ("breadth", "depth")
# What each tier is worth to a reader, by focus: breadth favours outlines of many files,
# depth full text of the central ones.
_GAIN = {
    "breadth": {"listed": 0.0, "signatures": 1.0, "compressed": 1.7, "full": 2.4},
    "depth": {"listed": 0.0, "signatures": 1.0, "compressed": 1.4, "full": 3.5},
}
# What a hub's upgrade is worth by focus, per power of two of the source files that use it
# (`Item.core`): depth reads the central files first, whatever their size (a weight alone
# stops at 1.0 for a module a dozen files use, and value per token then favours the small).
_HUB_VALUE = {"breadth": 0.0, "depth": 1.0}
_SECONDARY = 0.3  # weight of tests, docs, examples and data against source
_CLASS_STEP = 2 ** (1 / 8)
_BREADTH_SHARE = 4  # a file's cheapest tier may take up to 4x an even share of the room
_BREADTH_MIN = 1024
# A file with no definitions to list (a stylesheet, a small component) gets its full text in
# the breadth pass up to this many times its weight of the even share: a file nothing
# imports (weight ~0.06) up to a quarter of it, a module a few import up to twice.
_SHARE_SCALE = 4
_MAX_ROUNDS = 8
# A tier's own error counts as if this share of the budget (1/16) more had been estimated
# right: a few files correct it a little, a tier that fills the pack all but wholly.
_EVIDENCE = 16
# A hub's full text may take up to this share of the room (1/8; depth, which reads the
# central files first, 1/4).
_CORE_SHARE = {"breadth": 8, "depth": 4}
_HUB_SHARE = 4  # a hub's cheapest tier may take up to this share (1/4) of the room
# The hubs' text may take up to this share of the room before the breadth pass (1/8; depth,
# which reads the central files first, 1/2).
_HUBS_FIRST = {"breadth": 8, "depth": 2}
# What the breadth pass may fill, in quarters of the room: depth keeps a quarter for the
# full text of central files (signatures of every file of a large C server took 90k of 128k).
_BREADTH_ROOM = {"breadth": 4, "depth": 3}
# A hub whose full text takes at most this share of the room (and this many tokens): in
# full at once, in the breadth pass.
_SMALL_HUB, _SMALL_HUB_MAX = 64, 2048
_README_SHARE = 16  # the README's cheapest tier may take up to this share (1/16) of the room
# A root build manifest's, up to this share (1/32): a workspace's list of members and
# dependencies is read before the signatures of its thousandth module.
_MANIFEST_SHARE = 32
COLD = 0.01  # the heat of a file with no change in the history read
_FILL_ENOUGH = 0.95  # of the room: the last pass stops there
# Under this share of the budget, exact counts below the estimates left room: plan with more.
_REFILL = 0.94
# The files named to carry in full first (`focus` globs) may take up to this share of the
# budget: what is left gives the others their cheapest tiers.
PINNED_SHARE = 0.75
_ALL_FULL = 1.3  # estimated size, against the budget, up to which everything in full is tried
CORE_SCORE = 2.5  # a source file about 40 others import (fewer for an entry point)

Change = tuple[PackedFile, str]


def size_class(tokens: float) -> int:
    """`tokens` rounded up to the next size class (steps of about 9%)."""
    if tokens <= 16:
        return 16
    return math.ceil(_CLASS_STEP ** math.ceil(math.log(tokens, _CLASS_STEP) - 1e-9))


@dataclass(frozen=True)
class Item:
    """What the planner knows of one file: its estimated cost per tier offered, and weight."""

    costs: dict[str, int]  # tier -> estimated tokens, for the tiers offered (never "listed")
    weight: float  # how much a reader needs this file (rank and role)
    primary: bool = True  # source (or what the focus asks for): placed first in the breadth pass
    heat: float = 0.0  # how often and how lately it changed (later in the output when hot)
    # A hub of the code (0: none): in full first, while it is not too large; the higher
    # (the power of two of the source files that import it), the earlier.
    core: int = 0
    bodies: bool = False  # the bodies its header declares (a C file): an outline for a hub
    readme: bool = False  # the project's README: its cheapest tier in the breadth pass
    translation: bool = False  # a document another one says in the original: filled last
    # The power of two of the source files that use it (a primary file, hub or not): depth's
    # value per token weighs it, so a module seven files use is read before one used once.
    users: int = 0
    manifest: bool = False  # a root build manifest: read first, as the README is


@dataclass
class Plan:
    """Each file's tier, and the decisions in the order they were taken (to undo the last)."""

    tiers: list[str]
    steps: list[tuple[int, str, str]] = field(default_factory=list)  # (file, from, to)
    used: int = 0


def plan_tiers(items: list[Item], room: int, focus: str = "breadth", more: int = 0) -> Plan:
    """Tiers for `items` (in rank order) that fit `room` estimated tokens; `more`: room the
    last pass may take beyond it (the other passes, and their bar, decided by `room`)."""
    gain = _GAIN[focus]
    plan = Plan(["listed"] * len(items))
    order = [i for i, it in enumerate(items) if it.primary]
    # The central modules (the code's hubs) in full, each that takes no more than
    # an eighth of the room: they are what a reader opens first, and value per token would
    # rank a large one below many small peripheral files. Each is decided on its own size (not
    # on what the others took, while the room lasts), so an edit to one moves no other. The
    # most imported go first (a library can have fifty hubs, more than the room holds), and
    # within a power of two of importers the smallest, so a large hub cannot crowd out
    # several small ones. They go before the breadth pass, up to a share of the room
    # (`_HUBS_FIRST`): in a library of a thousand modules the signatures of all of them
    # would otherwise take the whole room, and its most imported modules would show no line
    # of code; what the share leaves out is offered again after the breadth pass.
    # A C file central through its header (nothing includes it) gets its outline here, not
    # its full text: the header, read whole, is what the others use, and the bodies then
    # compete by value per token (the full text of a few would take the room the outlines of
    # all need: a C server has seventy such files). A hub too large to be read whole keeps
    # its outline too, whatever the focus.
    hubs = sorted(
        (i for i in order if items[i].core), key=lambda i: (-items[i].core, items[i].costs["full"])
    )
    cap = size_class(room // _CORE_SHARE[focus])  # in size classes, as the costs are
    _hubs(plan, items, hubs, room // _HUBS_FIRST[focus], cap)
    # Breadth: the cheapest informative tier of every primary file, in rank order.
    # A file whose cheapest tier is large (no definitions to list) waits for the depth pass,
    # where it is weighed by value per token: it does not crowd out the next hundred files.
    # Tests, docs and examples are left to the depth pass, where they weigh less.
    cap_even = max(_BREADTH_SHARE * room // max(len(order), 1), _BREADTH_MIN)
    breadth_room = room * _BREADTH_ROOM[focus] // 4
    # The README and the root manifests first: what a reader opens before any module, not
    # left for when a thousand modules' signatures have taken the room.
    openers = [i for i in order if items[i].readme or items[i].manifest]
    for i in openers + [i for i in order if not (items[i].readme or items[i].manifest)]:
        if plan.tiers[i] != "listed":
            continue  # a hub, shown already
        cheapest = next((t for t in TIERS[1:] if t in items[i].costs), None)
        # Signatures grow with what a file defines, so a central module's are taken at up to
        # an eighth of the room (a hub's, a quarter: the header 300 files include is not left
        # a bare path); other cheapest tiers get an even share, scaled by the rank weight (a
        # peripheral file's full text waits for the depth pass, where it competes).
        # A hub whose cheapest tier is its outline (its signatures saved too little against
        # it) gets the same share: at a larger budget, where the outline is made, it must not
        # lose the text a smaller one gave it.
        share = min(max(_SHARE_SCALE * items[i].weight, 0.1), 2.0)
        sigs_share = _HUB_SHARE if items[i].core else 8
        outline_hub = cheapest == "compressed" and items[i].core
        limit = (
            max(room // sigs_share, cap_even)
            if cheapest == "signatures" or outline_hub
            else int(cap_even * share)
        )
        if items[i].readme:  # what a reader opens first: not left to value per token, where
            limit = max(limit, room // _README_SHARE)  # a thousand signatures cost less
        elif items[i].manifest:
            limit = max(limit, room // _MANIFEST_SHARE)
        if cheapest is not None and items[i].costs[cheapest] <= limit:
            # A small hub (an exceptions module a hundred files import) is read whole: its
            # full text costs little more than its signatures, and it is what they all use.
            full = items[i].costs["full"]
            small = min(room // _SMALL_HUB, _SMALL_HUB_MAX)
            small_hub = items[i].core and cheapest != "full" and full <= small
            _take(plan, items, breadth_room, i, "full" if small_hub else cheapest)
    _hubs(plan, items, hubs, room, cap)  # those the first share left out, while room lasts
    # Depth, by value per token in levels (steps of about 19%). Where the room runs out
    # decides which files get what, and an edit anywhere moves that point a little: so an
    # upgrade is bought only by a level taken whole (the bar moves only when the point
    # crosses a level), and what that leaves is given to the files at the end of the
    # output, the most recently changed, last first. A flip then happens near the end of
    # the pack, and the prefix that consecutive packs share (and the provider caches)
    # stays. (A coarser bar, every other level or every fourth, left more to that last
    # pass, which reaches further back: over the last 10 commits of nine repositories at
    # 512k, the median shared prefix was lower or the same on each: twisted 76.9% against
    # 88.4%, celery 62.1% against 66.3%.)
    hub = _HUB_VALUE[focus]
    trial = Plan(list(plan.tiers), list(plan.steps), plan.used)
    stop = _upgrade(trial, items, room, gain, hub, lambda i, level: True, whole=True)
    if stop is None:
        return trial  # every upgrade fits
    bar = stop + 1  # the level above the one that did not fit
    _upgrade(plan, items, room, gain, hub, lambda i, level: level >= bar, whole=False)
    # Only as far as the fill needs: every file this fill reaches stands before the ones it
    # reached first, and the furthest back is where a flip would end the shared prefix.
    # Source first, then the rest: tests, docs and CI files change often and stand at the
    # end, and would otherwise take this room ahead of the code.
    room += more
    enough = int(room * _FILL_ENOUGH)
    last_first = sorted(range(len(items)), key=lambda i: (_output_key(items[i]), i))
    first = [i for i in last_first if items[i].primary]
    rest = [i for i in last_first if not items[i].translation]
    for i in first + rest + last_first:
        if plan.used >= enough:
            break
        for tier in reversed(TIERS[TIERS.index(plan.tiers[i]) + 1 :]):  # the richest that fits
            if tier in items[i].costs and _take(plan, items, room, i, tier):
                break
    return plan


def _merged(plan: Plan, grown: Plan, items: list[Item], room: int) -> Plan:
    """`plan` with the upgrades `grown` made, in the order it made them, each that still
    fits `room`: no file shows less than in `plan` (a file before the first upgrade keeps
    its tier, and so the pack its bytes); `plan`'s steps first, so the last undone first."""
    merged = Plan(list(plan.tiers), list(plan.steps), plan.used)
    for i, _before, after in grown.steps:
        if TIERS.index(after) > TIERS.index(merged.tiers[i]):
            _take(merged, items, room, i, after)
    return merged


def _k(tokens: int) -> str:
    """Tokens in thousands, as a note gives them: 60.8k."""
    return f"{tokens / 1000:.1f}k" if tokens >= 1000 else str(tokens)


def _output_key(item: Item) -> float:
    """Where a file would stand in the output at its richest tier (`output_order`: the
    smaller, the later): tokens shown over heat."""
    return max(item.costs.values()) / (item.heat + COLD)


def _take(plan: Plan, items: list[Item], room: int, i: int, tier: str) -> bool:
    extra = items[i].costs[tier] - items[i].costs.get(plan.tiers[i], 0)
    if extra > room - plan.used:
        return False
    plan.steps.append((i, plan.tiers[i], tier))
    plan.tiers[i] = tier
    plan.used += extra
    return True


def _hubs(plan: Plan, items: list[Item], hubs: list[int], room: int, cap: int) -> None:
    """The hubs in full while `room` lasts, each that costs at most `cap`; a C file with its
    header, or a hub larger than that, in outline if that costs at most `cap` too."""
    for i in hubs:
        costs = items[i].costs
        if costs["full"] <= cap and not items[i].bodies:
            if plan.tiers[i] != "full":
                _take(plan, items, room, i, "full")
        elif costs.get("compressed", cap + 1) <= cap and plan.tiers[i] in ("listed", "signatures"):
            _take(plan, items, room, i, "compressed")


def _upgrade(
    plan: Plan,
    items: list[Item],
    room: int,
    gain: dict[str, float],
    hub: float,
    eligible: Callable[[int, int], bool],
    whole: bool,
) -> int | None:
    """Take upgrades best level first (a file's next upgrades join once it is upgraded);
    `hub`: what each power of two of a hub's users adds to its value (`_HUB_VALUE`).

    `whole`: a level is taken whole or not at all; returns the first level that did not fit
    (None: all did). Otherwise each upgrade that fits is taken.
    """
    heap: list[tuple[int, int, str, str]] = []

    def offer(i: int) -> None:
        current = TIERS.index(plan.tiers[i])
        base = items[i].costs.get(plan.tiers[i], 0)
        for tier in TIERS[current + 1 :]:
            if tier not in items[i].costs:
                continue
            extra = max(items[i].costs[tier] - base, 1)
            worth = items[i].weight * (1 + hub * (items[i].core or items[i].users))
            value = worth * (gain[tier] - gain[plan.tiers[i]]) / extra
            level = math.floor(4 * math.log2(value)) if value > 0 else -(10**6)
            if eligible(i, level):
                heapq.heappush(heap, (-level, i, tier, plan.tiers[i]))

    for i in range(len(items)):
        offer(i)
    while heap and plan.used < room:
        top = heap[0][0]
        level = []
        while heap and heap[0][0] == top:
            entry = heapq.heappop(heap)
            if entry[3] == plan.tiers[entry[1]]:  # else stale: the file has left that tier
                level.append(entry)
        if whole:
            extra = sum(items[i].costs[t] - items[i].costs.get(b, 0) for _, i, t, b in level)
            if extra > room - plan.used:
                return -top
        for _, i, tier, base in level:
            if base == plan.tiers[i] and _take(plan, items, room, i, tier):
                offer(i)
    return None


def weight(score: float, primary: bool) -> float:
    """How much a reader needs a file, from its rank score alone (so that one file's edit
    moves no other file's weight): doubling every 1/6 of a point, 1.0 from a score of 2
    (a central module) up; secondary files weigh less."""
    return (1.0 if primary else _SECONDARY) * min(2 ** (6 * (score - 2.0)), 1.0)


@dataclass
class Fitter:
    """Chooses each file's tier so the rendered pack fits `budget` exactly."""

    budget: int
    files: list[PackedFile]  # the files that may carry text, best first
    apply: Callable[[list[Change]], None]  # give files their text for a mode; count exactly
    measure: Callable[[], int]  # render the pack as it stands; its exact token count
    focus: str = "breadth"
    spare: int = 0  # tokens to leave free when not every file fits in full (tool answers)
    primary_roles: frozenset[str] = frozenset({"source"})
    outline: Callable[[list[PackedFile]], None] | None = None  # makes outlines in one batch
    target: float = PLAN_TARGET
    scores: dict[str, float] = field(default_factory=dict)  # rank scores by path
    heat: dict[str, float] = field(default_factory=dict)  # by path (`History.heat`)
    central: dict[str, float] = field(default_factory=dict)  # by path (`centrality`, uncapped)
    # Estimated signature sizes by path (`signatures_estimate`), made here when missing.
    signature_sizes: dict[str, int] = field(default_factory=dict)
    fixed: frozenset[str] = frozenset()  # paths to carry in full first (`focus` globs)
    copies: dict[str, str] = field(default_factory=dict)  # path -> a better-ranked same text
    translated: frozenset[str] = frozenset()  # documents that translate another (`translations`)
    # The exact count of the pack as written, where `measure` counts more (the revision id at
    # the most any id takes, `render`'s `fitting`): whether the pack fits at all, or whole,
    # is the written pack's to say.
    written: Callable[[], int] | None = None
    _outline_room: int = 0  # estimated outline tokens made for candidates (0: half the budget)
    # The tiers of the fullest pack counted that fitted, and its count (-1: none yet): a plan
    # whose estimates swing (a header of 50,000 prototypes counted 36% over its estimate,
    # then under it once the correction turned) may end over the budget, and undoing its
    # last decisions frees the small files the last pass took, not the one misjudged.
    _best: tuple[list[str], int] = ([], -1)
    unpinned: list[str] = field(default_factory=list)  # of `fixed`: not in full, over budget

    def run(self) -> int:
        if self.focus not in FOCUSES:
            raise BudgetError(f"unknown focus {self.focus!r}; choose one of: {', '.join(FOCUSES)}")
        written = self.written or self.measure
        self.apply([(f, "listed") for f in self.files])
        floor = self.measure()
        need = written() if floor > self.budget else floor
        if need > self.budget:
            raise BudgetError(
                f"budget {self.budget:,} is below the {need:,} tokens this repository's "
                f"header and tree need; use --budget {need:,} or more"
            )
        if floor + sum(self._raw(f, "full") for f in self.files) <= self.budget * _ALL_FULL:
            # Everything may fit as it is (the estimate is off by a few percent either way):
            # the exact count says. What gets counted is bounded by the budget, so the cost
            # still follows it; no focus degrades a file when the whole repository fits.
            self.apply([(f, "full") for f in self.files])
            total = written()
            if total <= self.budget:
                return total
            self.apply([(f, "listed") for f in self.files])
        # Not everything fits: a file whose text a better-ranked file already carries word
        # for word (a template's six style sheets) is listed, and says where its text is.
        copies = [f for f in self.files if f.path in self.copies and f.path not in self.fixed]
        for f in copies:
            same = f"the same text as {self.copies[f.path]}"
            f.note = f"{same}; {f.note}" if f.note else same
        self.files = [f for f in self.files if f.path not in self.copies or f.path in self.fixed]
        if self.spare:  # (never above the budget: the floor counted may be over it)
            self.budget = min(max(self.budget - self.spare, self.budget // 2, floor), self.budget)
        # The files named first, in full; the plan shares out what is left.
        pinned, floor = self._pinned(floor)
        ratio = dict.fromkeys(TIERS[1:], 1.0)
        items = self._items(ratio)
        room = int(self.budget * self.target) - floor
        plan = plan_tiers(items, room, self.focus)
        total = self._show(plan)
        # Correct the estimates by a ratio per tier in steps of about 4% (at most three
        # times), so that the same repository keeps the same correction from one commit to
        # the next. Each tier errs its own way (C signatures estimated 60% high where full
        # text is 12% high): one ratio for all would overshoot, and which plan it then
        # settled on would turn on the last few files a commit moved.
        for _ in range(3):
            estimated = plan.used + floor
            if estimated <= 0 or abs(total / estimated - 1) <= 0.02:
                break
            ratio = self._corrected(ratio, plan, items, total - floor)
            items = self._items(ratio)
            plan = plan_tiers(items, room, self.focus)
            total = self._show(plan)
        total = self._settle(plan, items, room, total, ratio)
        full = {f.path: it.costs["full"] for f, it in zip(self.files, items, strict=True)}
        hubs = {f.path for f, it in zip(self.files, items, strict=True) if it.core}
        cap = size_class(room // _CORE_SHARE[self.focus])
        self.files = pinned + self.files
        for rank, f in enumerate(self.files, 1):
            if f.mode != "full":
                why = f"{f.mode} to fit the budget (rank {rank} of {len(self.files)}"
                if f.path in full:  # what the full text would have cost, and why it did not
                    # (the size the tree gives: the same at every budget)
                    why += f"; full text about {_k(whole_size(f))} tokens"
                    if f.path in hubs and full[f.path] > cap and whole_size(f) > cap:
                        why += f", over the {_k(cap)} a central module may take at this budget"
                why += ")"
                f.note = f"{why}; {f.note}" if f.note else why
        # A copy whose original is listed too says so: its text is not in the pack either.
        modes = {f.path: f.mode for f in self.files}
        for f in copies:
            original = self.copies[f.path]
            if modes.get(original) == "listed":
                same = f"the same text as {original}"
                f.note = f.note.replace(same, f"{same}, which is listed too", 1)
        return total

    def _pinned(self, floor: int) -> tuple[list[PackedFile], int]:
        """The files named to carry in full (`fixed`), best first, as many as fit in
        `PINNED_SHARE` of the budget (taken out of `files`), and the pack's count with them;
        those that do not fit are fitted as the others are and named in `unpinned`."""
        named = [f for f in self.files if f.path in self.fixed]
        most = int(self.budget * PINNED_SHARE)
        pinned, used = [], floor
        for f in named:
            cost = self._raw(f, "full")
            if used + cost <= most:
                pinned.append(f)
                used += cost
        if pinned:
            self.apply([(f, "full") for f in pinned])
            # The estimate can be low (a dense file): the count says, the worst file first.
            while (floor := self.measure()) > most and pinned:
                self.apply([(pinned.pop(), "listed")])
        held = {id(f) for f in pinned}
        self.unpinned = [f.path for f in named if id(f) not in held]
        self.files = [f for f in self.files if id(f) not in held]
        return pinned, floor

    def _show(self, plan: Plan) -> int:
        changes = [(f, t) for f, t in zip(self.files, plan.tiers, strict=True) if f.mode != t]
        self.apply(changes)
        total = self.measure()
        self._keep(total)
        return total

    def _keep(self, total: int) -> None:
        if self._best[1] < total <= self.budget:
            self._best = ([f.mode for f in self.files], total)

    def _settle(
        self, plan: Plan, items: list[Item], room: int, total: int, ratio: dict[str, float]
    ) -> int:
        """Undo the last decisions while over the budget; plan with more room while under 94%
        (90% once a plan went over), and if that does not reach 90%, with outlines offered for
        more files. Ends with the fullest pack that fitted: undoing the last decisions of a
        plan that went over can free far more than the plan it grew from had left."""
        first_room = room
        for widen in (False, True):
            if widen:
                if total >= FILL_TARGET * self.budget or self._outline_room:
                    break
                # Prose's outlines are a tenth of the estimate that chose the candidates:
                # more files are offered one (what is parsed stays bounded by the budget).
                self._outline_room = self.budget * 4
                items = self._items(ratio)
                room = first_room
                plan = plan_tiers(items, room, self.focus)
                total = self._show(plan)
            refill = _REFILL  # until a plan went over: then only up to the 90% promised
            for _ in range(_MAX_ROUNDS):
                if total > self.budget:
                    refill = FILL_TARGET
                    over = total - self.budget
                    undo: dict[int, str] = {}
                    freed = 0
                    while plan.steps and freed <= over:
                        i, before, _after = plan.steps.pop()
                        f = self.files[i]
                        freed += self._now(f) - (items[i].costs.get(before, 0))
                        undo[i] = before
                        plan.tiers[i] = before
                    self.apply([(self.files[i], t) for i, t in undo.items()])
                elif total < refill * self.budget:
                    # In steps of a 64th of the budget (a small edit leaves the room as it
                    # was), as many as the plan needs to take more: the room the last pass
                    # stops at grows with it.
                    step = max(self.budget // 64, 1)
                    short = -(-(int(self.budget * self.target) - total) // step) * step
                    # The value bar kept (a plan made afresh for the larger room would
                    # move it, and flip files anywhere in the pack), the last pass alone
                    # takes the room it adds: from the end of the output back.
                    grown = plan
                    for _ in range(_MAX_ROUNDS):
                        room += short
                        more = room - first_room
                        grown = _merged(
                            plan, plan_tiers(items, first_room, self.focus, more), items, room
                        )
                        if grown.tiers != plan.tiers:
                            break
                    if grown.tiers == plan.tiers:
                        break  # nothing more to take
                    plan = grown
                    self.apply(
                        [(f, t) for f, t in zip(self.files, plan.tiers, strict=True) if f.mode != t]
                    )
                else:
                    break
                total = self.measure()
                self._keep(total)
            total = self._fullest(total)
        while total > self.budget:  # exact now: each round strictly shrinks the pack
            shown = [f for f in reversed(self.files) if f.mode != "listed"]
            if not shown:
                break
            f = shown[0]
            was = TIERS.index(f.mode)
            # The next poorer tier that the file really takes: signatures that save too
            # little give way to the full text (`_made_tier`), and asking for them again
            # would cycle between tiers for ever.
            for poorer in reversed(TIERS[:was]):
                self.apply([(f, poorer)])
                if TIERS.index(f.mode) < was:
                    break
            total = self.measure()
        return self._fullest(total)  # (over still as the rounds ran out, and cut back too far)

    def _fullest(self, total: int) -> int:
        """The pack as it stands (counted `total`), or the fullest one that fitted if that is
        fuller; its count."""
        if total >= self._best[1]:
            return total
        modes = self._best[0]
        self.apply([(f, t) for f, t in zip(self.files, modes, strict=True) if f.mode != t])
        return self.measure()

    def _corrected(
        self, ratio: dict[str, float], plan: Plan, items: list[Item], shown: int
    ) -> dict[str, float]:
        """Each tier's ratio times what its files counted against their estimate (drawn
        towards 1 by `_EVIDENCE`: a tier with few tokens shown keeps about its own), all
        scaled so that this plan would have been estimated at the `shown` tokens it counted;
        in steps of 2^(1/16)."""
        estimated = dict.fromkeys(TIERS[1:], 0)
        counted = dict.fromkeys(TIERS[1:], 0)
        for f, it, tier in zip(self.files, items, plan.tiers, strict=True):
            if tier != "listed":
                estimated[tier] += it.costs[tier]
                counted[tier] += self._now(f)
        prior = self.budget // _EVIDENCE
        own = {t: (counted[t] + prior) / (estimated[t] + prior) for t in estimated}
        # (the headers and the file list: what the per-file counts leave out)
        projected = sum(estimated[t] * own[t] for t in estimated)
        scale = shown / projected if projected > 0 else 1.0
        return {t: ratio[t] * 2 ** (round(16 * math.log2(own[t] * scale)) / 16) for t in ratio}

    @staticmethod
    def _now(f: PackedFile) -> int:
        return f.tokens + HEADER_ESTIMATE if f.mode != "listed" else 0

    @staticmethod
    def _raw(f: PackedFile, tier: str) -> int:
        return int(len(f.full_text) * numbers(f) / chars_per_token(f.language)) + HEADER_ESTIMATE

    def _items(self, ratio: dict[str, float]) -> list[Item]:
        # The project's own description and manifest are read first, whatever their role;
        # a manifest that takes more than its share of the room (a CMakeLists.txt of 9k
        # tokens, lists of sources and options) is weighed as the other build files are,
        # not above the code's own headers.
        most = self.budget // _MANIFEST_SHARE
        primary = [
            f.role in self.primary_roles
            or is_readme(f.path)
            or (is_manifest(f.path) and self._raw(f, "full") <= most)
            for f in self.files
        ]
        outlined = self._outline_candidates()
        items = []
        for f, p, want_outline in zip(self.files, primary, outlined, strict=True):
            w = weight(self.scores.get(f.path, 0.0), p)
            at = self.heat.get(f.path, 0.0)
            core = users = 0
            if p:
                users = int(7 * self.central.get(f.path, 0.0) + 1e-9)
                if self.scores.get(f.path, 0.0) >= CORE_SCORE:
                    core = 1 + users
            sigs = self.signature_sizes.get(f.path)
            if sigs is None:  # counted once, not once per ratio tried
                sigs = self.signature_sizes[f.path] = signatures_estimate(f.full_text, f.language)
            costs = _costs(f, ratio, want_outline, sigs)
            bodies = f.path.rpartition(".")[2] in _C_BODIES and not f.used_by
            readme, translation = is_readme(f.path), f.path in self.translated
            manifest = is_manifest(f.path)
            items.append(Item(costs, w, p, at, core, bodies, readme, translation, users, manifest))
        return items

    def _outline_candidates(self) -> list[bool]:
        """Outlines are made (a parse each) only for the files a budget of this size could
        show as outlines: best first, until their estimated outlines fill half the budget."""
        out = []
        room = self._outline_room or self.budget // 2  # measured: at 2x the budget, a 4x
        # corpus cost 2.55x the time
        for f in self.files:
            est = int(len(f.full_text) * OUTLINE_SHARE / CHARS_PER_TOKEN)
            ok = room > 0 and outlined(f.language)
            out.append(ok)
            if ok:
                room -= est
        if self.outline is not None:
            self.outline([f for f, ok in zip(self.files, out, strict=True) if ok])
        return out


# C and C++ implementation files: what their headers declare, with the bodies.
_C_BODIES = frozenset({"c", "cc", "cpp", "cxx", "m", "mm", "cu"})
_README_WHOLE = 32_000  # characters (about 8k tokens)


def chars_per_token(language: str) -> float:
    """About how many characters of text in `language` make one token."""
    return _DENSE.get(language, CHARS_PER_TOKEN)


def _costs(f: PackedFile, ratio: dict[str, float], want_outline: bool, sigs: int) -> dict[str, int]:
    """The tiers offered for `f` and their estimated cost, in size classes (`ratio`: the
    correction of each tier's estimates)."""
    full = len(f.full_text)
    per_token = chars_per_token(f.language)

    def tokens(chars: int, tier: str) -> int:
        return size_class((chars / per_token + HEADER_ESTIMATE) * ratio[tier])

    costs = {"full": tokens(int(full * numbers(f)), "full")}
    richer = full
    if not outlined(f.language):
        return costs
    if is_readme(f.path) and full <= _README_WHOLE:  # a README is read whole or not at all...
        return costs  # ...unless it is a manual (30k tokens, a quarter of a 128k pack)
    if want_outline:
        outline = len(f.compressed_text())
        # An outline shorter than the file's signatures lost what it should show (a macro
        # that opens a namespace read by the grammar as a function, body and all).
        if outline > 0 and sigs <= outline <= richer * SAVING:
            costs["compressed"] = tokens(outline, "compressed")
            richer = outline
    if sigs and sigs <= richer * SAVING:
        costs["signatures"] = tokens(sigs, "signatures")
    return costs


# Lines that open a definition in most languages, and C's function definitions (a name and
# "(" at the start of a line). The signatures tier shows about one line of this many
# characters per definition (measured: the stdlib, SQLAlchemy, redis, tokio, zod).
# (Each starts at a newline: a literal first lets the search skip ahead fast.)
_DEFINITION = lazyre.compile(
    r"\n[ \t]*(?:(?:pub(?:\([\w ]+\))?|export|async|static|public|private|protected|default"
    r"|abstract|final|override|inline|extern|unsafe|declare|internal|sealed|partial|open|data"
    r"|suspend|virtual|readonly|fileprivate)\s+)*"
    r"(?:def|class|fn|func|function|struct|enum|trait|interface|union|impl|type|fun|record"
    r"|protocol|extension|defp?|defmodule)\s"
)
# Java and C# methods have no keyword: an access word, a type, a name and "(".
_TYPED_DEFINITION = lazyre.compile(
    r"\n[ \t]*(?:public|private|protected|internal)\s+(?:[\w<>\[\],.?@]+\s+)+\w+\s*\("
)
_TYPED = frozenset({"Java", "C#"})
# Cython's definitions: Python's, `cdef` and `cpdef` functions (not `cdef int n = f(x)`),
# its classes and C types, and the C functions an extern block declares without a keyword.
_CYTHON_DEFINITION = lazyre.compile(
    r"\n[ \t]*(?:(?:c?p?def|ctypedef|class|struct|enum|union|cppclass)\s(?:[^=\n]*\(|[^=\n(]*:)"
    r"|ctypedef\s"
    r"|(?!(?:return|yield|raise|assert|if|elif|while|with|del|not|await|print|else|in|is|and"
    r"|or|for|lambda)\b)[A-Za-z_][\w.]*[ \t*&]+(?:[\w.]+[ \t*&]+){0,3}\w+\()"
)
# (A typedef is counted by its line's length; a comment may stand before a function's type.)
_C_DEFINITION = lazyre.compile(r"\n(?:/\*[^*\n]*\*/[ \t]*)?(?!typedef\b)[A-Za-z_][\w \t*]*\(")
# A C++ member function declared inside its class: a type of a few words, a name and "(".
_CPP_MEMBER = lazyre.compile(
    r"\n[ \t]+(?!(?:return|else|if|while|for|switch|case|delete|new|throw|goto|sizeof|typedef"
    r"|do)\b)[A-Za-z_][\w:<>,*&]*+[ \t*&]++(?:[\w:<>,*&]++[ \t*&]++){0,3}~?\w+\("
)
_C_TYPEDEF = lazyre.compile(r"\n[ \t]*typedef\b[^\n]*")
_C_MACRO_HEAD = lazyre.compile(r"\n[ \t]*#[ \t]*define[ \t]+\w+\([^)\n]*\)?")
# A C function's line keeps its parameters' types (measured on 13,000 C and C++ files: the
# estimate's median and total then match the signatures' size); a line is cut at 100.
_CHARS_PER_C_FUNCTION = 40
_C_LINE = 100
_KEYWORDS = {
    "Python": ("def ", "class "),
    "JavaScript": ("function ", "class "),
    "TypeScript": ("function ", "class ", "interface ", "type ", "enum "),
    "Go": ("func ", "type "),
    "Rust": ("fn ", "struct ", "enum ", "trait ", "impl ", "mod "),
}
# Each word as a literal pattern: its search takes half the time of `str.count`, and finds
# the same occurrences (non-overlapping, from the left).
_KEYWORD_SEARCHES = {
    language: tuple(lazyre.compile(re.escape(w)) for w in words)
    for language, words in _KEYWORDS.items()
}
_CHARS_PER_SIGNATURE = 32
# Prose shows its headings as signatures: Markdown's `#` lines, reStructuredText's
# underlines and directives.
_PROSE_HEADING = lazyre.compile(r"\n(?:#{1,6}[ \t]|([=\-~^*#])\1{2,}[ \t]*(?=\n)|\.\. )")
# Names the estimate in caches: it changes with any of its patterns, words or constants.
SIGNATURES_ESTIMATE_ID = hashlib.blake2b(
    repr(
        (
            _DEFINITION.pattern,
            _C_DEFINITION.pattern,
            _CPP_MEMBER.pattern,
            _C_TYPEDEF.pattern,
            _C_MACRO_HEAD.pattern,
            _CHARS_PER_C_FUNCTION,
            _C_LINE,
            _TYPED_DEFINITION.pattern,
            _CYTHON_DEFINITION.pattern,
            _PROSE_HEADING.pattern,
            sorted(PROSE),
            _KEYWORDS,
            _CHARS_PER_SIGNATURE,
            OUTLINE_ID,  # the signature code, whose hand-on patterns the estimate counts
            sorted(C_LIKE),
        )
    ).encode(),
    digest_size=8,
).digest()


def signatures_estimate(text: str, language: str) -> int:
    """About how many characters the signatures tier of `text` takes, without making it.

    Making every file's signatures cost a few seconds on a large repository; the plan only
    needs their size (its estimates are corrected against exact counts), and only the files
    it shows as signatures are then made. The same text always gives the same estimate, so
    a cold and a warm pack plan alike."""
    text, note = handwritten(text, language)  # (the signatures leave a generated part out)
    if note:
        return signatures_estimate(text, language) + len(note)
    words = _KEYWORD_SEARCHES.get(language)
    if words is not None:  # counting words is ten times faster than one pattern for all
        n = sum(len(word.findall(text)) for word in words)
        # What an entry point hands on (`export * from`, `pub use`; a Python package that
        # defines nothing: its `from .x import` lines) is listed too, as long as it is: a
        # package's `__init__` that only hands on names shows about its whole text.
        handed = sum(len(line) + 1 for line in reexports(text, language, n > 0))
        return n * _CHARS_PER_SIGNATURE + handed
    if language in PROSE:
        n = len(_PROSE_HEADING.findall("\n" + text))
    elif language == "Cython":
        n = len(_CYTHON_DEFINITION.findall("\n" + text))
    else:
        text = "\n" + text
        n = len(_DEFINITION.findall(text))
        if language in C_LIKE:
            return n * _CHARS_PER_SIGNATURE + _c_estimate(text, language)
        if language in _TYPED:
            n += len(_TYPED_DEFINITION.findall(text))
    return n * _CHARS_PER_SIGNATURE


def _c_estimate(text: str, language: str) -> int:
    """What C's own definitions add: functions and prototypes (and C++'s member functions),
    typedefs and function-like macros, which the signatures tier shows as written. A header
    of macros or of typedefs alone is sized by them, not taken to show nothing."""
    functions = len(_C_DEFINITION.findall(text))
    if language == "C++":
        functions += len(_CPP_MEMBER.findall(text))
    typedefs = sum(min(len(line), _C_LINE) for line in _C_TYPEDEF.findall(text))
    macros = sum(len(head) for head in _C_MACRO_HEAD.findall(text))
    return functions * _CHARS_PER_C_FUNCTION + typedefs + macros


def outline_estimate(files: list[PackedFile]) -> int:
    """Roughly what the pack would take if every file were an outline."""
    return sum(
        int(len(f.full_text) * OUTLINE_SHARE / CHARS_PER_TOKEN) + HEADER_ESTIMATE for f in files
    )
