"""Fitting a pack to a token budget: full text, then signatures only, then the path only.

The plan starts from estimates, then works with exact counts: files get text in the order
of their rank while the estimate fits, the pack is rendered and counted exactly, and the
lowest-ranked files are demoted (or the next ones promoted) until the exact count is within
the budget and, when the repository is larger, fills at least 90% of it. Files that end up
listed are never counted at all, so the cost follows the budget, not the repository.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import BudgetError
from .model import PackedFile

__all__ = ["FILL_TARGET", "Fitter", "outline_estimate"]

FILL_TARGET = 0.90
CHARS_PER_TOKEN = 3.6  # o200k_base on source code, measured on CPython's stdlib
HEADER_ESTIMATE = 45  # tokens a file's own header and wrapper add
OUTLINE_SHARE = 0.4  # an outline's length against the file's, before it is made
FULL_SHARE = 0.6  # of the room, what full texts may take before outlines get the rest
_MAX_ROUNDS = 12

Change = tuple[PackedFile, str]


@dataclass
class Fitter:
    """Chooses each file's mode so the rendered pack fits `budget` exactly."""

    budget: int
    files: list[PackedFile]  # the files that may carry text, best first
    apply: Callable[[list[Change]], None]  # give files their text for a mode; count exactly
    measure: Callable[[], int]  # render the pack as it stands; its exact token count
    fixed: frozenset[str] = frozenset()  # paths that must stay full (a diff's files)
    spare: int = 0  # tokens to leave free when not every file fits in full (tool answers)

    def run(self) -> int:
        self.apply([(f, "listed") for f in self.files])
        floor = self.measure()
        if floor > self.budget:
            raise BudgetError(
                f"budget {self.budget:,} is below the {floor:,} tokens this repository's "
                f"header and tree need; use --budget {floor:,} or more"
            )
        if floor + sum(self.estimate(f, "full") for f in self.files) <= self.budget * 1.15:
            # Everything may fit as it is (the estimate has slack): try that first; what
            # gets counted is bounded by the budget, so the cost still follows it.
            self.apply([(f, "full") for f in self.files])
            total = self.measure()
            if total <= self.budget:
                return total
            self.apply([(f, "listed") for f in self.files])
        if self.spare:
            self.budget = max(self.budget - self.spare, self.budget // 2, floor)
        self.apply(self._greedy(self.budget - floor))
        total = self.measure()
        for _ in range(_MAX_ROUNDS):
            if total > self.budget:
                changes = self._demote(total - self.budget)
            elif total < FILL_TARGET * self.budget:
                changes = self._promote(self.budget - total) or self._swap(self.budget - total)
            else:
                break
            if not changes:
                break
            self.apply(changes)
            total = self.measure()
        while total > self.budget:  # exact counts now: each round strictly shrinks the pack
            self.apply(self._demote(total - self.budget, force=True))
            total = self.measure()
        for rank, f in enumerate(self.files, 1):
            if f.mode != "full":
                why = f"{f.mode} to fit the budget (rank {rank} of {len(self.files)})"
                f.note = f"{why}; {f.note}" if f.note else why
        return total

    @staticmethod
    def estimate(f: PackedFile, mode: str) -> int:
        """Tokens `f` would cost in `mode`: exact when known, else from its length."""
        if mode == "listed":
            return 0
        if mode == f.mode:
            return f.tokens + HEADER_ESTIMATE
        if mode == "full":
            size = len(f.full_text)
        elif f.has_outline():
            size = len(f.compressed_text())
        else:  # outlines are made only for files that get one: guess until then
            size = int(len(f.full_text) * OUTLINE_SHARE)
        return int(size / CHARS_PER_TOKEN) + HEADER_ESTIMATE

    @staticmethod
    def cost(f: PackedFile) -> int:
        return f.tokens + HEADER_ESTIMATE if f.mode != "listed" else 0

    def _greedy(self, room: int) -> list[Change]:
        changes: list[Change] = []
        for f in self.files:
            if f.path in self.fixed:
                changes.append((f, "full"))
                room -= self.estimate(f, "full")
        # Full text for the best files, up to a share of the room; outlines for the next ones.
        full_room = int(room * FULL_SHARE)
        for f in self.files:
            if f.path in self.fixed:
                continue
            full = self.estimate(f, "full")
            # One file may not eat most of what is left: outlined, it leaves room for more.
            if full <= full_room and full <= max(full_room // 3, 4096):
                changes.append((f, "full"))
                room -= full
                full_room -= full
                continue
            comp = self.estimate(f, "compressed")
            if comp <= room - max(full_room, 0) or (comp <= room and full_room <= 0):
                changes.append((f, "compressed"))
                room -= comp
        return changes

    def _demote(self, over: int, force: bool = False) -> list[Change]:
        changes: list[Change] = []
        freed = 0
        for f in reversed(self.files):
            if freed > over:
                break
            if f.mode == "listed" or (f.path in self.fixed and not force):
                continue
            before = self.cost(f)
            target = "listed"
            if f.mode == "full" and self.estimate(f, "compressed") < before * 0.8:
                target = "compressed"
            changes.append((f, target))
            freed += before - self.estimate(f, target)
        if not changes and force:  # the fixed files themselves must give way
            for f in reversed(self.files):
                if f.mode != "listed":
                    return [(f, "compressed" if f.mode == "full" else "listed")]
        return changes

    def _promote(self, room: int) -> list[Change]:
        """Breadth first: outlines for listed files, then full text for outlined ones."""
        changes: list[Change] = []
        for source, target in (("listed", "compressed"), ("compressed", "full")):
            for f in self.files:
                if room <= HEADER_ESTIMATE:
                    return changes
                if f.mode != source or any(c[0] is f for c in changes):
                    continue
                extra = self.estimate(f, target) - self.cost(f)
                if 0 < extra <= room:
                    changes.append((f, target))
                    room -= extra
        return changes

    def _swap(self, room: int) -> list[Change]:
        """When nothing fits as is: give the best outlined file its full text, paid for by
        listing the lowest-ranked outlines (the pack gets fuller, not emptier)."""
        for f in self.files:
            if f.mode != "compressed":
                continue
            need = self.estimate(f, "full") - self.cost(f) - room
            victims: list[Change] = []
            freed = 0
            for v in reversed(self.files):
                if freed >= need:
                    break
                if v is f or v.mode != "compressed" or v.path in self.fixed:
                    continue
                victims.append((v, "listed"))
                freed += self.cost(v)
            if freed >= need and freed < need + room + self.estimate(f, "full") // 2:
                return [(f, "full"), *victims]
            return []
        return []


def outline_estimate(files: list[PackedFile]) -> int:
    """Roughly what the pack would take if every file were an outline."""
    return sum(int(len(f.full_text) * OUTLINE_SHARE / CHARS_PER_TOKEN) + HEADER_ESTIMATE
               for f in files)  # fmt: skip
