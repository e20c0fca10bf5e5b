"""Reporting to a GitLab merge request: one note kept up to date, inline discussions matched
to findings by place, discussions resolved when their finding is gone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from urllib.parse import quote

import httpx

from ..errors import ConfigError, ForgeError
from . import CiContext, Placement, Posted
from .publish import NewComment, Reporter, answer, brief, refuse_write
from .text import MARKER, parse_identity

__all__ = ["GitLab"]

_WRITE_FIX = (
    "GITLAB_TOKEN may read the merge request but not write notes to it; give its user at "
    "least the Reporter role in the project (and a project that lets that role comment)"
)


class GitLab(Reporter):
    limit = 1_000_000  # GitLab's note length limit

    def __init__(self, ctx: CiContext, say: Callable[[str], None]) -> None:
        super().__init__(ctx, say)
        self.http = httpx.Client(
            base_url=ctx.api,
            timeout=30.0,
            headers={"PRIVATE-TOKEN": ctx.token or "", "User-Agent": "repoview"},
        )
        self.mr = f"/projects/{quote(ctx.project, safe='')}/merge_requests/{ctx.number}"
        self.user_id: int | None = None
        self.refs: dict[str, str] = {}
        self.web_url = ""

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            r = self.retrying(
                f"GitLab API {method} {url}",
                lambda: self.http.request(method, url, **kw),
                may_repeat=method != "POST",
            )
        except httpx.HTTPError as exc:
            raise ForgeError(f"cannot reach the GitLab API at {self.ctx.api}: {exc}") from None
        refuse_write("GitLab", method, url, r, _WRITE_FIX)
        if r.status_code >= 400 and r.status_code not in (400, 422):
            raise ForgeError(
                f"GitLab API {method} {url}: HTTP {r.status_code} {brief(r)}",
                r.status_code,
                r.text,
            )
        return r

    def _pages(self, url: str) -> Iterator[dict[str, Any]]:
        next_url: str | None = url
        params: dict[str, Any] | None = {"per_page": 100}
        while next_url:
            r = self._call("GET", next_url, params=params)
            yield from answer(r, f"GitLab API GET {next_url}")
            # GitLab sends a Link header and X-Next-Page; either names the next page.
            link = r.links.get("next", {}).get("url")
            page = r.headers.get("x-next-page")
            if link:
                next_url, params = link, None
            elif page:
                next_url, params = url, {"per_page": 100, "page": page}
            else:
                next_url = None

    def preflight(self) -> None:
        if not self.ctx.token:
            raise ConfigError(
                "GITLAB_TOKEN is not set: add a project access token with the "
                "`api` scope as the masked CI/CD variable GITLAB_TOKEN"
            )
        if not self.ctx.api:
            raise ConfigError("CI_API_V4_URL is not set: run `repoview ci` inside GitLab CI")
        try:
            user, token, mr = (
                self.retrying(f"GitLab API GET {url}", partial(self.http.get, url), True)
                for url in ("/user", "/personal_access_tokens/self", self.mr)
            )
        except httpx.HTTPError as exc:
            raise ForgeError(f"cannot reach the GitLab API at {self.ctx.api}: {exc}") from None
        for reply in (user, mr):
            if reply.status_code >= 500:  # not a word about the token: the job cannot go on
                raise ForgeError(
                    f"GitLab API GET {reply.url.path}: HTTP {reply.status_code}",
                    reply.status_code,
                    reply.text,
                )
        if user.status_code == 401:
            raise ConfigError(
                "GITLAB_TOKEN was rejected by GitLab (HTTP 401): set it to a "
                "valid project access token with the `api` scope"
            )
        scopes = (
            answer(token, "GitLab API GET /personal_access_tokens/self").get("scopes") or []
            if token.status_code == 200
            else ["api"]  # (a token that cannot read itself: its writes tell)
        )
        if "api" not in scopes:
            raise ConfigError(
                "GITLAB_TOKEN lacks the `api` scope needed to write merge "
                "request notes: create the token with `api`"
            )
        if mr.status_code != 200:
            raise ConfigError(
                f"GITLAB_TOKEN cannot read merge request !{self.ctx.number} of "
                f"project {self.ctx.project} (HTTP {mr.status_code}): give the "
                "token at least the Reporter role and the `api` scope"
            )
        me = answer(user, "GitLab API GET /user") if user.status_code == 200 else {}
        self.user_id = me.get("id")
        data = answer(mr, f"GitLab API GET {self.mr}")
        self.web_url = str(data.get("web_url") or "")
        self.head_seen = self._head(data)

    def current_head(self) -> str | None:
        return self._head(answer(self._call("GET", self.mr), f"GitLab API GET {self.mr}"))

    def _head(self, mr: Any) -> str | None:
        """The merge request's head, as its object `mr` says; its diff refs kept, which the
        positions of new notes name."""
        if not isinstance(mr, dict):
            return None
        self.refs = mr.get("diff_refs") or self.refs
        head = mr.get("sha") or self.refs.get("head_sha")
        return str(head) if head else None

    def _ours(self, note: dict[str, Any]) -> bool:
        return self.user_id is not None and (note.get("author") or {}).get("id") == self.user_id

    def _url(self, note_id: Any) -> str:
        return f"{self.web_url}#note_{note_id}" if self.web_url else ""

    def posted(self) -> list[Posted]:
        out = []
        for d in self._pages(f"{self.mr}/discussions"):
            notes = d.get("notes") or []
            first = notes[0] if notes else {}
            ident = parse_identity(first.get("body") or "")
            if ident is None or not self._ours(first):
                continue
            pos = first.get("position") or {}
            out.append(
                Posted(
                    ident,
                    int(first["id"]),
                    first.get("body") or "",
                    self._url(first["id"]),
                    thread=str(d["id"]),
                    resolved=bool(first.get("resolved")),
                    held=bool(first.get("resolved")) and _by_other(first, self.user_id),
                    head=pos.get("head_sha") if isinstance(pos, dict) else None,
                    line=pos.get("new_line") if isinstance(pos, dict) else None,
                )
            )
        return out

    def update(self, old: Posted, body: str) -> None:
        self._call(
            "PUT", f"{self.mr}/discussions/{old.thread}/notes/{old.comment_id}", json={"body": body}
        )

    def delete(self, old: Posted) -> None:
        self._call("DELETE", f"{self.mr}/discussions/{old.thread}/notes/{old.comment_id}")

    def resolve(self, old: Posted, resolved: bool) -> None:
        self._call(
            "PUT",
            f"{self.mr}/discussions/{old.thread}",
            params={"resolved": "true" if resolved else "false"},
        )

    def post(self, new: list[NewComment], placement: Placement) -> dict[int, str]:
        urls = {}
        for i, path, line, start, body, old_path, old_line in new:
            position: dict[str, Any] = {
                "position_type": "text",
                "base_sha": self.refs.get("base_sha", self.ctx.base),
                "start_sha": self.refs.get("start_sha", self.ctx.base),
                "head_sha": self.refs.get("head_sha", self.ctx.head),
                "old_path": old_path,
                "new_path": path,
                "new_line": line,
            }
            if old_line is not None:  # an unchanged line: GitLab finds it only by both sides
                position["old_line"] = old_line
            if start is not None:  # a range: each end by its line code
                ends = {"start": start, "end": line}
                position["line_range"] = {
                    k: _range_end(placement, path, n) for k, n in ends.items()
                }
            note = self.post_once(
                "opening a discussion",
                partial(self._discuss, body, position),
                partial(self._discussion, body),
            )
            if note is None and position.pop("line_range", None) is not None:
                # A range GitLab would not take: on its last line, as GitHub shows it too.
                note = self.post_once(
                    "opening a discussion",
                    partial(self._discuss, body, position),
                    partial(self._discussion, body),
                )
            if note is None:
                continue  # not a line GitLab takes a note on: the summary has it in full
            urls[i] = self._url(note.get("id"))
        if urls:
            self.say(f"repoview: opened {len(urls)} inline discussion(s)")
        return urls

    def _discuss(self, body: str, position: dict[str, Any]) -> dict[str, Any] | None:
        """Open a discussion on a line: its first note, or None where GitLab takes none."""
        r = self._call("POST", f"{self.mr}/discussions", json={"body": body, "position": position})
        if r.status_code in (400, 422):
            return None
        return dict((answer(r, f"GitLab API POST {self.mr}/discussions").get("notes") or [{}])[0])

    def _discussion(self, body: str) -> dict[str, Any] | None:
        """The first note of our discussion with this body, if one was opened."""
        for d in self._pages(f"{self.mr}/discussions"):
            first = (d.get("notes") or [{}])[0]
            if self._ours(first) and first.get("body") == body:
                return dict(first)
        return None

    def summaries(self) -> list[dict[str, Any]]:
        return [
            n
            for n in self._pages(f"{self.mr}/notes")
            if MARKER in (n.get("body") or "") and self._ours(n)
        ]

    def summary_place(self, mine: dict[str, Any]) -> str:
        return self._url(mine["id"]) or f"note {mine['id']}"

    def edit_summary(self, mine: dict[str, Any], body: str) -> None:
        self._call("PUT", f"{self.mr}/notes/{mine['id']}", json={"body": body})
        self.say(f"repoview: updated the summary note {mine['id']}")

    def delete_summary(self, mine: dict[str, Any]) -> None:
        self._call("DELETE", f"{self.mr}/notes/{mine['id']}")
        self.say(f"repoview: deleted the summary note {mine['id']}, a concurrent run's twin")

    def new_summary(self, body: str) -> None:
        made = self.post_once(
            "posting the summary note",
            lambda: answer(
                self._call("POST", f"{self.mr}/notes", json={"body": body}),
                f"GitLab API POST {self.mr}/notes",
            ),
            self.find_summary,
        )
        self.say(f"repoview: posted the summary note {made.get('id')}")


def _by_other(note: dict[str, Any], me: int | None) -> bool:
    """Whether someone other than this token's user resolved the note's discussion."""
    who = note.get("resolved_by")
    return isinstance(who, dict) and who.get("id") is not None and who.get("id") != me


def _range_end(placement: Placement, path: str, line: int) -> dict[str, Any]:
    """One end of a multi-line note: its line code, and "new" for a line the change added,
    "old" for an unchanged one (with both its numbers)."""
    code, old = placement.line_code(path, line)
    end: dict[str, Any] = {"line_code": code, "type": "new" if old is None else "old"}
    end.update(new_line=line, old_line=old)
    return end
