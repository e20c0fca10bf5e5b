"""Reporting to a GitHub pull request: one summary comment kept up to date, one review with
inline comments on changed lines, nothing posted twice."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from ..errors import ProviderError
from . import MARKER, CiContext, Placement, finding_comment, fingerprint, summary_comment

__all__ = ["GitHub"]

_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
_FINGERPRINT = re.compile(r"<!-- repoview:finding:([0-9a-f]{12}) -->")


class ReadOnly(Exception):
    """The token may not write here (pull requests from forks)."""


class GitHub:
    def __init__(self, ctx: CiContext, say: Callable[[str], None]) -> None:
        if not ctx.token:
            raise ProviderError("GITHUB_TOKEN is not set; give the job `pull-requests: write`")
        self.ctx = ctx
        self.say = say
        self.http = httpx.Client(base_url=ctx.api, timeout=30.0, headers={
            "Authorization": f"Bearer {ctx.token}", "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "repoview"})  # fmt: skip
        self.repo = f"/repos/{ctx.project}"

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            r = self.http.request(method, url, **kw)
        except httpx.HTTPError as exc:
            raise ProviderError(f"cannot reach the GitHub API at {self.ctx.api}: {exc}") from None
        if r.status_code == 403 and "not accessible" in r.text.lower():
            raise ReadOnly(r.text)
        if r.status_code >= 400 and r.status_code != 422:
            raise ProviderError(f"GitHub API {method} {url}: HTTP {r.status_code} {r.text[:200]}",
                                r.status_code, r.text)  # fmt: skip
        return r

    def _pages(self, url: str) -> Iterator[dict[str, Any]]:
        next_url: str | None = url + ("&" if "?" in url else "?") + "per_page=100"
        while next_url:
            r = self._call("GET", next_url)
            yield from r.json()
            m = _NEXT.search(r.headers.get("link", ""))
            next_url = m.group(1) if m else None

    def publish(self, report: dict[str, Any], placement: Placement, note: str) -> None:
        number = self.ctx.number
        try:
            posted = {m.group(1) for c in self._pages(f"{self.repo}/pulls/{number}/comments")
                      for m in [_FINGERPRINT.search(c.get("body") or "")] if m}  # fmt: skip
            fresh = [(f, line, start) for f, line, start in placement.inline
                     if fingerprint(f) not in posted]  # fmt: skip
            extra = list(placement.summary_only)
            if fresh:
                comments = []
                for f, line, start in fresh:
                    c: dict[str, Any] = {"path": f["path"], "line": line, "side": "RIGHT",
                                         "body": finding_comment(f)}  # fmt: skip
                    if start is not None:
                        c["start_line"], c["start_side"] = start, "RIGHT"
                    comments.append(c)
                review = {"commit_id": self.ctx.head, "event": "COMMENT", "comments": comments,
                          "body": f"repoview: {len(comments)} inline finding(s)"}  # fmt: skip
                r = self._call("POST", f"{self.repo}/pulls/{number}/reviews", json=review)
                if r.status_code == 422:
                    self.say("repoview: GitHub refused the inline comments (422); "
                             "they are in the summary instead")  # fmt: skip
                    extra += [f for f, _, _ in fresh]
                else:
                    self.say(f"repoview: posted a review with {len(comments)} inline comment(s)")
            body = summary_comment(report, extra, note)
            mine = next((c for c in self._pages(f"{self.repo}/issues/{number}/comments")
                         if MARKER in (c.get("body") or "")), None)  # fmt: skip
            if mine is not None:
                self._call(
                    "PATCH", f"{self.repo}/issues/comments/{mine['id']}", json={"body": body}
                )
                self.say(f"repoview: updated the summary comment {mine['id']}")
            else:
                r = self._call("POST", f"{self.repo}/issues/{number}/comments", json={"body": body})
                self.say(f"repoview: posted the summary comment {r.json().get('id')}")
        except ReadOnly:
            self.say("repoview: warning: the token cannot comment here (a pull request from a "
                     "fork?); the report is in the job summary")  # fmt: skip
