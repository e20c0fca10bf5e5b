"""Reporting to a GitLab merge request: one note kept up to date, inline discussions on
changed lines, nothing posted twice."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import httpx

from ..errors import ProviderError
from . import MARKER, CiContext, Placement, finding_comment, fingerprint, summary_comment

__all__ = ["GitLab"]

_FINGERPRINT = re.compile(r"<!-- repoview:finding:([0-9a-f]{12}) -->")


class GitLab:
    def __init__(self, ctx: CiContext, say: Callable[[str], None]) -> None:
        if not ctx.token:
            raise ProviderError("GITLAB_TOKEN is not set; give the job a token with `api` scope")
        if not ctx.api:
            raise ProviderError("CI_API_V4_URL is not set; run inside GitLab CI")
        self.ctx = ctx
        self.say = say
        self.http = httpx.Client(base_url=ctx.api, timeout=30.0, headers={
            "PRIVATE-TOKEN": ctx.token, "User-Agent": "repoview"})  # fmt: skip
        self.mr = f"/projects/{quote(ctx.project, safe='')}/merge_requests/{ctx.number}"

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            r = self.http.request(method, url, **kw)
        except httpx.HTTPError as exc:
            raise ProviderError(f"cannot reach the GitLab API at {self.ctx.api}: {exc}") from None
        if r.status_code >= 400 and r.status_code not in (400, 422):
            raise ProviderError(f"GitLab API {method} {url}: HTTP {r.status_code} {r.text[:200]}",
                                r.status_code, r.text)  # fmt: skip
        return r

    def _pages(self, url: str) -> Iterator[dict[str, Any]]:
        page: str | None = "1"
        while page:
            r = self._call("GET", url, params={"per_page": 100, "page": page})
            yield from r.json()
            page = r.headers.get("x-next-page") or None

    def publish(self, report: dict[str, Any], placement: Placement, note: str) -> None:
        refs = self._call("GET", self.mr).json().get("diff_refs") or {}
        posted = {m.group(1) for d in self._pages(f"{self.mr}/discussions")
                  for n in d.get("notes", []) for m in [_FINGERPRINT.search(n.get("body") or "")]
                  if m}  # fmt: skip
        extra = list(placement.summary_only)
        sent = 0
        for f, line, _start in placement.inline:
            if fingerprint(f) in posted:
                continue
            position = {
                "position_type": "text",
                "base_sha": refs.get("base_sha", self.ctx.base),
                "start_sha": refs.get("start_sha", self.ctx.base),
                "head_sha": refs.get("head_sha", self.ctx.head),
                "old_path": f["path"], "new_path": f["path"], "new_line": line,
            }  # fmt: skip
            r = self._call("POST", f"{self.mr}/discussions",
                           json={"body": finding_comment(f), "position": position})  # fmt: skip
            if r.status_code in (400, 422):
                extra.append(f)
            else:
                sent += 1
        if sent:
            self.say(f"repoview: opened {sent} inline discussion(s)")
        body = summary_comment(report, extra, note)
        mine = next((n for n in self._pages(f"{self.mr}/notes")
                     if MARKER in (n.get("body") or "")), None)  # fmt: skip
        if mine is not None:
            self._call("PUT", f"{self.mr}/notes/{mine['id']}", json={"body": body})
            self.say(f"repoview: updated the summary note {mine['id']}")
        else:
            r = self._call("POST", f"{self.mr}/notes", json={"body": body})
            self.say(f"repoview: posted the summary note {r.json().get('id')}")
