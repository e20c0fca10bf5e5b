"""The reporting both forges share: keep, update, post or resolve inline comments by the
place of their finding, then write the one summary comment."""

from __future__ import annotations

import email.utils
import random
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import httpx

from ..errors import ForgeError
from ..reviewer import unreviewed_parts
from . import CiContext, Placement, Posted, match
from .text import Stamp, edited, finding_comment, parse_stamp, summary_comment

__all__ = ["Reporter"]


class NewComment(NamedTuple):
    """An inline comment to post: the finding's index, where it goes, and its text."""

    finding: int  # its index in the report
    path: str
    line: int  # on the new side
    start: int | None  # first line of a range, else None
    body: str
    old_path: str  # the path before the change (differs on a rename)
    old_line: int | None  # where `line` was before the change; None: the change added it


T = TypeVar("T")

# Answers worth asking again: rate limits and the gateways' 5xx (GitHub answers 502 now and
# then under load). The review is paid for by then; one of these must not lose it.
_AGAIN = frozenset({429, 500, 502, 503, 504})


def transient(r: httpx.Response) -> bool:
    """A rate limit or a server failure: the same call may well work a little later."""
    if r.status_code in _AGAIN:
        return True
    # GitHub's secondary rate limit is a 403 with Retry-After (or saying so); its primary
    # one a 403 with no request remaining until the reset its headers give.
    return r.status_code == 403 and (
        "retry-after" in r.headers
        or "rate limit" in r.text[:500].lower()
        or _reset(r.headers) is not None
    )


def answer(r: httpx.Response, what: str) -> Any:
    """The JSON a forge answered with; ForgeError, in one line, when the body is none (an
    HTML page a proxy sent, an answer cut short). No status: a write may have landed, and
    `post_once` looks before it writes again."""
    try:
        return r.json()
    except ValueError:
        kind = r.headers.get("content-type", "no content type").split(";")[0]
        raise ForgeError(
            f"{what}: HTTP {r.status_code} with a body that is no JSON ({kind}, "
            f"{len(r.content):,} bytes): a proxy in the way, or an answer cut short"
        ) from None


def refuse_write(forge: str, method: str, url: str, r: httpx.Response, fix: str) -> None:
    """ForgeError naming `fix` when a write was refused (a 403 that is no rate limit): the
    token may read the request, and the review is paid for by then."""
    if r.status_code == 403 and method != "GET" and not transient(r):
        raise ForgeError(
            f"{forge} API {method} {url}: HTTP 403 {brief(r)}: {fix}", r.status_code, r.text
        )


def brief(r: httpx.Response) -> str:
    """What an error answer says, in a line: its JSON message, an HTML page's title, else
    its first 200 characters."""
    text = r.text
    reset = _reset(r.headers)
    if reset is not None:  # (not the body: GitHub's names a page of its documentation)
        return f"(the API rate limit is spent; it resets in {reset / 60:.0f} min)"
    if "html" in r.headers.get("content-type", "") or text.lstrip()[:1] == "<":
        title = _TITLE.search(text)
        return f"(an HTML page: {title.group(1).strip()})" if title else "(an HTML page)"
    return " ".join(text[:200].split())


_TITLE = re.compile(r"<title>([^<]{1,120})</title>", re.I)


def _reset(headers: httpx.Headers) -> float | None:
    """Seconds until a spent rate limit resets: GitHub's `x-ratelimit-reset` and GitLab's
    `RateLimit-Reset` (epoch seconds), with no requests remaining."""
    if headers.get("x-ratelimit-remaining", headers.get("ratelimit-remaining")) != "0":
        return None
    value = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
    try:
        return max(float(value) - time.time(), 0.0) + 1 if value else None
    except ValueError:
        return None


def _seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        when = email.utils.parsedate_tz(value)
        return max(email.utils.mktime_tz(when) - time.time(), 0.0) if when else None


class Reporter(ABC):
    """One forge's API, in the few verbs reporting needs."""

    limit = 65_536  # characters in one comment
    attempts = 4  # tries of one call that fails with a rate limit, a 5xx or no connection
    backoff = 1.0  # seconds before the second try (then 2, 4, ...) without Retry-After
    max_wait = 60.0
    sleep: Callable[[float], None] = staticmethod(time.sleep)

    def __init__(self, ctx: CiContext, say: Callable[[str], None]) -> None:
        self.ctx = ctx
        self.say = say
        self.seen: dict[str, Any] | None = None  # our summary comment, as found at the start
        self.head_seen: str | None = None  # the request's head, as the preflight read it
        self.looked = False  # whether the start looked for it

    def _wait(self, attempt: int, headers: httpx.Headers | None = None) -> float:
        told = None
        if headers is not None:
            told = _seconds(headers.get("retry-after"))
            told = _reset(headers) if told is None else told
        delay = (
            told
            if told is not None
            else self.backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)
        )
        return min(delay, self.max_wait)

    def retrying(
        self, what: str, send: Callable[[], httpx.Response], may_repeat: bool
    ) -> httpx.Response:
        """`send()`, tried again on a rate limit, a 5xx or a failed connection, waiting as
        Retry-After says (else 1, 2, 4 s). A call that must not be repeated (a POST that
        creates a comment) is tried again only when it cannot have taken effect (a rate
        limit, no connection); after anything else its caller looks first (`post_once`)."""
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                r = send()
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                if last:
                    raise
                why, wait = type(exc).__name__, self._wait(attempt)
            except httpx.TransportError as exc:
                if last or not may_repeat:
                    raise
                why = (
                    "no answer in time"
                    if isinstance(exc, httpx.TimeoutException)
                    else "the connection dropped"
                )
                wait = self._wait(attempt)
            else:
                limited = r.status_code in (403, 429)
                if last or not transient(r) or not (may_repeat or limited):
                    return r
                wait = self._wait(attempt, r.headers)
                told = _reset(r.headers)
                if told is not None and told > self.max_wait:
                    return r  # (a limit spent for longer than a job waits: said as it is)
                why = f"HTTP {r.status_code}"
            self.say(f"repoview: {what}: {why}; trying again in {wait:.0f} s")
            self.sleep(wait)
        raise AssertionError("unreachable")

    def post_once(self, what: str, post: Callable[[], T], landed: Callable[[], T | None]) -> T:
        """`post()`, which creates something; when it fails in a way that may still have
        created it (a 5xx, a dropped connection), `landed()` looks for it before it is sent
        again, so that one finding never gets two comments."""
        for attempt in range(1, self.attempts + 1):
            try:
                return post()
            except ForgeError as exc:
                if attempt == self.attempts or not (exc.status is None or exc.status >= 500):
                    raise
                wait = self._wait(attempt)
                self.say(
                    f"repoview: {what} failed ({exc.status or 'no answer'}); looking "
                    f"whether it was made, then trying again in {wait:.0f} s"
                )
                self.sleep(wait)
                found = landed()
                if found is not None:
                    return found
        raise AssertionError("unreachable")

    @abstractmethod
    def preflight(self) -> None:
        """Check the token and what it may do; ConfigError naming the variable if not."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def current_head(self) -> str | None:
        """The commit the pull or merge request's head is at now (None: not said)."""

    @abstractmethod
    def posted(self) -> list[Posted]:
        """repoview's own inline comments from earlier runs (by this token's user)."""

    @abstractmethod
    def update(self, old: Posted, body: str) -> None: ...

    @abstractmethod
    def post(self, new: list[NewComment], placement: Placement) -> dict[int, str]:
        """Post inline comments (`placement`: where they go in the diff); the URL of each one
        the forge took, by finding index."""

    @abstractmethod
    def resolve(self, old: Posted, resolved: bool) -> None: ...

    @abstractmethod
    def delete(self, old: Posted) -> None:
        """Delete an inline comment of repoview's (ForgeError 404 if it is gone)."""

    def _without_twins(
        self, earlier: list[Posted], new: list[NewComment], placement: Placement
    ) -> None:
        """Two runs on one head at once (a push and a re-run) each post the same findings:
        of the comments made since this run listed them, each place this run posted to keeps
        as many as this run posted there, the first made; the other run, deciding the same,
        keeps the same ones. A place only the other run posted to is its own to keep."""
        counts: dict[Any, int] = {}
        for c in new:
            ident = placement.idents[c.finding]
            counts[ident] = counts.get(ident, 0) + 1
        before = {p.comment_id for p in earlier}
        made: dict[Any, list[Posted]] = {}
        for p in self.posted():
            if p.comment_id not in before and p.ident in counts:
                made.setdefault(p.ident, []).append(p)
        twins = [
            p
            for ident, found in made.items()
            for p in sorted(found, key=lambda p: p.comment_id)[counts[ident] :]
        ]
        for p in twins:
            try:
                self.delete(p)
            except ForgeError as exc:
                if exc.status != 404:  # (the other run deleted it first)
                    raise
        if twins:
            self.say(
                f"repoview: deleted {len(twins)} inline comment(s) a concurrent run posted too"
            )

    def _without_doubles(self, earlier: list[Posted]) -> list[Posted]:
        """A post that landed twice after its run last listed (a gateway took a retry the
        forge had done already): of repoview's open comments at one place with one text,
        the first made stays and the later go, rather than being resolved as findings no
        longer reported. (Two findings at one place have two texts.)"""
        first: dict[tuple[Any, str], Posted] = {}
        doubles: list[Posted] = []
        for p in sorted(earlier, key=lambda p: p.comment_id):
            if p.resolved:
                continue
            key = (p.ident, p.body.strip())
            if key in first:
                doubles.append(p)
            else:
                first[key] = p
        for p in doubles:
            try:
                self.delete(p)
            except ForgeError as exc:
                if exc.status != 404:  # (gone already)
                    raise
        if doubles:
            self.say(f"repoview: deleted {len(doubles)} inline comment(s) posted twice")
        gone = {id(p) for p in doubles}
        return [p for p in earlier if id(p) not in gone]

    @abstractmethod
    def summaries(self) -> list[dict[str, Any]]:
        """The summary comments this token's user wrote, as the forge lists them (one,
        unless two runs posted at once)."""

    def find_summary(self) -> dict[str, Any] | None:
        """The summary comment this token's user wrote (the first), or None."""
        return next(iter(self.summaries()), None)

    @abstractmethod
    def summary_place(self, mine: dict[str, Any]) -> str:
        """Where the summary comment `mine` is: a link, else its id."""

    @abstractmethod
    def edit_summary(self, mine: dict[str, Any], body: str) -> None:
        """Replace the text of the summary comment `mine` (ForgeError 404 if it is gone)."""

    @abstractmethod
    def new_summary(self, body: str) -> None:
        """Post the summary comment (once, even when the answer to the post is lost)."""

    @abstractmethod
    def delete_summary(self, mine: dict[str, Any]) -> None:
        """Delete the summary comment `mine` (ForgeError 404 if it is gone)."""

    def own_summary(self) -> tuple[str, str] | None:
        """The summary comment this token's user wrote: its body, and where it is."""
        self.looked = True
        mine = self.seen = self.find_summary()
        return (str(mine.get("body") or ""), self.summary_place(mine)) if mine else None

    def write_summary(self, body: str) -> None:
        """Create or update the summary comment this token's user wrote."""
        # The comment found at the start is edited without listing every comment again; a
        # run that did not look at the start (forced) looks now.
        mine = self.seen if self.looked else self.find_summary()
        if mine is not None and self._edited(mine, body):
            return
        self.new_summary(body)
        # Two runs on one pull request at once (a push and a re-run) each found none and
        # each posted one: the first stays, with this text, the later ones go.
        ours = self.summaries()
        if len(ours) > 1:
            first = min(ours, key=lambda c: int(c["id"]))
            for other in ours:
                if other is not first:
                    self._gone(other)
            if first.get("body") != body:  # (the first may be the one just posted)
                self._edited(first, body)

    def _edited(self, mine: dict[str, Any], body: str) -> bool:
        """Edit `mine`; False if it is gone (deleted since it was listed)."""
        try:
            self.edit_summary(mine, body)
        except ForgeError as exc:
            if exc.status != 404:
                raise
            return False
        return True

    def _gone(self, mine: dict[str, Any]) -> None:
        try:
            self.delete_summary(mine)
        except ForgeError as exc:
            if exc.status != 404:  # (the other run deleted it first)
                raise

    def earlier(self, key: bytes) -> tuple[Stamp, str] | None:
        """What our summary comment says it was the review of, and where it is. Another
        user's comment, or a stamp that is missing, malformed, edited or not sealed with
        `key`, counts for nothing."""
        found = self.own_summary()
        stamp = parse_stamp(found[0], key) if found else None
        return (stamp, found[1]) if stamp and found else None

    def publish(
        self,
        report: dict[str, Any],
        placement: Placement,
        note: str,
        stamp: Stamp | None = None,
    ) -> None:
        earlier = self._without_doubles(self.posted())
        matched = match(placement, earlier)
        # A comment left where the code changed under it (a force-push moved the finding):
        # the finding is posted again where it is now, and the old thread resolved below.
        for i in [i for i, old in matched.items() if i in placement.spots]:
            if matched[i].stale(self.ctx.head, placement.spots[i][0]):
                del matched[i]
        links: dict[int, str] = {}
        kept = updated = by_hand = 0
        for i, old in matched.items():
            ident = placement.idents[i]
            assert ident is not None  # only findings with an identity are matched
            body = finding_comment(placement.findings[i], ident)
            if old.body.strip() == body.strip():
                kept += 1
            elif edited(old.body):  # a person's words (a note, a tracking link) stay
                by_hand += 1
            else:
                self.update(old, body)
                updated += 1
            # A thread repoview resolved is reopened when its finding is back; one a person
            # resolved ("won't fix") stays as they left it.
            if old.resolved and not old.held:
                self.resolve(old, False)
            if old.url:
                links[i] = old.url
        new = []
        for i, (line, start) in sorted(placement.spots.items()):
            ident = placement.idents[i]
            if i in matched or ident is None:
                continue
            old_path, old_line = placement.before(ident.path, line)
            body = finding_comment(placement.findings[i], ident)
            new.append(NewComment(i, ident.path, line, start, body, old_path, old_line))
        if new:
            try:
                links.update(self.post(new, placement))
            except ForgeError as exc:  # the summary still names every finding
                self.say(
                    f"repoview: warning: the inline comments were not posted: {exc}; the "
                    "summary lists every finding (a re-run of this head posts nothing more: "
                    "REPOVIEW_CI_FORCE=1 reviews it again)"
                )
            else:
                self._without_twins(earlier, new, placement)
        taken = {id(p) for p in matched.values()}
        # A change that was not reviewed (the provider failed, the answer was unreadable)
        # says nothing about earlier findings: their threads stay as they are.
        # (nor one with a part that failed: a finding of the files it held is not gone)
        unreviewed = bool(note or report.get("raw") or unreviewed_parts(report))
        gone = [] if unreviewed else [p for p in earlier if id(p) not in taken and not p.resolved]
        for old in gone:
            self.resolve(old, True)
        if kept or updated or gone or by_hand:
            edits = f", {by_hand} left as a person edited them" if by_hand else ""
            self.say(
                f"repoview: inline comments: {kept} kept, {updated} updated, {len(gone)} "
                f"resolved{edits}"
            )
        # Written last: a job stopped before this leaves no stamp, and the next run reviews.
        self.write_summary(summary_comment(report, links, len(gone), note, self.limit, stamp))
