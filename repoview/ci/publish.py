"""The reporting both forges share: keep, update, post or resolve inline comments by the
place of their finding, then write the one summary comment."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from . import CiContext, Placement, Posted, match
from .text import finding_comment, summary_comment

__all__ = ["Reporter"]

NewComment = tuple[int, str, int, int | None, str]  # index, path, line, start_line, body


class Reporter(ABC):
    """One forge's API, in the few verbs reporting needs."""

    limit = 65_536  # characters in one comment

    def __init__(self, ctx: CiContext, say: Callable[[str], None]) -> None:
        self.ctx = ctx
        self.say = say

    @abstractmethod
    def preflight(self) -> None:
        """Check the token and what it may do; ConfigError naming the variable if not."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def posted(self) -> list[Posted]:
        """repoview's own inline comments from earlier runs (by this token's user)."""

    @abstractmethod
    def update(self, old: Posted, body: str) -> None: ...

    @abstractmethod
    def post(self, new: list[NewComment]) -> dict[int, str]:
        """Post inline comments; the URL of each one the forge took, by finding index."""

    @abstractmethod
    def resolve(self, old: Posted, resolved: bool) -> None: ...

    @abstractmethod
    def write_summary(self, body: str) -> None:
        """Create or update the summary comment this token's user wrote."""

    def publish(self, report: dict[str, Any], placement: Placement, note: str) -> None:
        earlier = self.posted()
        matched = match(placement, earlier)
        links: dict[int, str] = {}
        kept = updated = 0
        for i, old in matched.items():
            ident = placement.idents[i]
            assert ident is not None  # only findings with an identity are matched
            body = finding_comment(placement.findings[i], ident)
            if old.body.strip() != body.strip():
                self.update(old, body)
                updated += 1
            else:
                kept += 1
            if old.resolved:
                self.resolve(old, False)
            if old.url:
                links[i] = old.url
        new = []
        for i, (line, start) in sorted(placement.spots.items()):
            ident = placement.idents[i]
            if i in matched or ident is None:
                continue
            new.append((i, ident.path, line, start, finding_comment(placement.findings[i], ident)))
        if new:
            links.update(self.post(new))
        taken = {id(p) for p in matched.values()}
        # A change that was not reviewed (the provider failed, the answer was unreadable)
        # says nothing about earlier findings: their threads stay as they are.
        unreviewed = bool(note or report.get("raw"))
        gone = [] if unreviewed else [p for p in earlier if id(p) not in taken and not p.resolved]
        for old in gone:
            self.resolve(old, True)
        if kept or updated or gone:
            self.say(
                f"repoview: inline comments: {kept} kept, {updated} updated, {len(gone)} resolved"
            )
        self.write_summary(summary_comment(report, links, len(gone), note, self.limit))
