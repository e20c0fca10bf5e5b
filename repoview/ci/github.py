"""Reporting to a GitHub pull request: one summary comment kept up to date, inline review
comments matched to findings by place, threads resolved when their finding is gone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx

from ..errors import ConfigError, ForgeError
from . import CiContext, Placement, Posted
from .publish import NewComment, Reporter, answer, brief, refuse_write
from .text import MARKER, REOPENED, RESOLVED, Stamp, parse_identity

__all__ = ["GitHub"]

# GITHUB_TOKEN is an installation token: GET /user is refused, and what it writes is
# signed by the Actions app's bot user.
ACTIONS_BOT = "github-actions[bot]"
_THREADS = """query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) {
    reviewThreads(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id isResolved resolvedBy { login }
        comments(first: 1) { nodes { databaseId } } } } } } }"""
_RESOLVE = "mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id } } }"
_REOPEN = "mutation($id: ID!) { unresolveReviewThread(input: {threadId: $id}) { thread { id } } }"


_WRITE_FIX = (
    "the token may read the pull request but not write to it; give the job `pull-requests: "
    "write` (a personal token: the `repo` scope and write access to the repository)"
)


def _bare(login: str) -> str:
    """A login as both APIs name it: REST's `github-actions[bot]` is GraphQL's
    `github-actions`."""
    return login.removesuffix("[bot]").lower()


def _head_sha(head: Any) -> str | None:
    """A pull request's `head` object's commit, if it names one."""
    return str(head["sha"]) if isinstance(head, dict) and head.get("sha") else None


class ReadOnly(Exception):
    """The token may not write here (pull requests from forks)."""


def graphql_url(api: str, env_url: str | None) -> str:
    """Actions sets GITHUB_GRAPHQL_URL; otherwise derive it (GHES serves it at /api/graphql)."""
    if env_url:
        return env_url
    return api[: -len("/v3")] + "/graphql" if api.endswith("/api/v3") else api + "/graphql"


class GitHub(Reporter):
    def __init__(self, ctx: CiContext, say: Callable[[str], None]) -> None:
        super().__init__(ctx, say)
        self.http = httpx.Client(
            base_url=ctx.api,
            timeout=30.0,
            headers={
                "Authorization": f"Bearer {ctx.token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "repoview",
            },
        )
        self.repo = f"/repos/{ctx.project}"
        self.pr = f"{self.repo}/pulls/{ctx.number}"
        self.login = ""
        self.read_only = False

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, url: str, **kw: Any) -> httpx.Response:
        try:
            r = self.retrying(
                f"GitHub API {method} {url}",
                lambda: self.http.request(method, url, **kw),
                may_repeat=method != "POST",
            )
        except httpx.HTTPError as exc:
            raise ForgeError(f"cannot reach the GitHub API at {self.ctx.api}: {exc}") from None
        if r.status_code == 403 and "not accessible" in r.text.lower():
            raise ReadOnly(r.text)
        refuse_write("GitHub", method, url, r, _WRITE_FIX)
        if r.status_code >= 400 and r.status_code != 422:
            raise ForgeError(
                f"GitHub API {method} {url}: HTTP {r.status_code} {brief(r)}",
                r.status_code,
                r.text,
            )
        return r

    def _pages(self, url: str) -> Iterator[dict[str, Any]]:
        next_url: str | None = url
        params: dict[str, Any] | None = {"per_page": 100}
        while next_url:
            r = self._call("GET", next_url, params=params)
            yield from answer(r, f"GitHub API GET {next_url}")
            next_url, params = r.links.get("next", {}).get("url"), None

    def preflight(self) -> None:
        if not self.ctx.token:
            raise ConfigError(
                "GITHUB_TOKEN is not set: pass `github-token` to the action (or set "
                "GITHUB_TOKEN) and give the job `pull-requests: write`"
            )
        try:
            r = self.retrying("GitHub API GET /user", lambda: self.http.get("/user"), True)
            pr = self.retrying(f"GitHub API GET {self.pr}", lambda: self.http.get(self.pr), True)
        except httpx.HTTPError as exc:
            raise ForgeError(f"cannot reach the GitHub API at {self.ctx.api}: {exc}") from None
        for reply in (r, pr):
            if reply.status_code >= 500:  # not a word about the token: the job cannot go on
                raise ForgeError(
                    f"GitHub API GET {reply.url.path}: HTTP {reply.status_code}",
                    reply.status_code,
                    reply.text,
                )
        if r.status_code == 401 or pr.status_code == 401:
            raise ConfigError(
                "GITHUB_TOKEN was rejected by GitHub (HTTP 401): set it to a valid "
                "token (in Actions: ${{ github.token }})"
            )
        self.login = (
            answer(r, "GitHub API GET /user").get("login", "")
            if r.status_code == 200
            else ACTIONS_BOT
        )
        if pr.status_code == 200:
            head = answer(pr, f"GitHub API GET {self.pr}").get("head")
            self.head_seen = _head_sha(head)
        if pr.status_code in (403, 404):
            raise ConfigError(
                f"GITHUB_TOKEN cannot read pull request #{self.ctx.number} of "
                f"{self.ctx.project} (HTTP {pr.status_code}): give the job "
                "`pull-requests: write` and `contents: read`"
            )
        scopes = r.headers.get("x-oauth-scopes")
        if scopes is not None and not {"repo", "public_repo"} & {
            s.strip() for s in scopes.split(",")
        }:
            raise ConfigError(
                "GITHUB_TOKEN lacks the `repo` (or `public_repo`) scope needed to "
                "comment on pull requests"
            )

    def current_head(self) -> str | None:
        pr = answer(self._call("GET", self.pr), f"GitHub API GET {self.pr}")
        return _head_sha(pr.get("head") if isinstance(pr, dict) else None)

    def _ours(self, c: dict[str, Any]) -> bool:
        return bool((c.get("user") or {}).get("login") == self.login)

    def posted(self) -> list[Posted]:
        comments = list(self._pages(f"{self.pr}/comments"))
        out = []
        for c in comments:
            ident = parse_identity(c.get("body") or "")
            if ident is None or not self._ours(c) or c.get("in_reply_to_id"):
                continue
            # Without GraphQL, our last reply in the thread says whether it is resolved.
            states = [
                RESOLVED in body
                for r in comments
                if r.get("in_reply_to_id") == c["id"] and self._ours(r)
                for body in [r.get("body") or ""]
                if RESOLVED in body or REOPENED in body
            ]
            out.append(
                Posted(
                    ident,
                    int(c["id"]),
                    c.get("body") or "",
                    c.get("html_url", ""),
                    resolved=bool(states and states[-1]),
                    outdated="line" in c and c.get("line") is None,
                )
            )
        if out:
            self._threads(out)
        return out

    def _graphql(self, query: str, **variables: Any) -> dict[str, Any] | None:
        url = graphql_url(self.ctx.api, self.ctx.graphql)
        try:  # queries, and mutations that set a state: asking twice does no harm
            r = self.retrying(
                "GitHub GraphQL",
                lambda: self.http.post(url, json={"query": query, "variables": variables}),
                may_repeat=True,
            )
            data = r.json()
        except (httpx.HTTPError, ValueError):
            return None
        if r.status_code != 200 or data.get("errors") or not isinstance(data.get("data"), dict):
            return None
        return dict(data["data"])

    def _threads(self, posted: list[Posted]) -> None:
        """Fill in each comment's review thread and whether it is resolved (GraphQL only)."""
        owner, _, name = self.ctx.project.partition("/")
        by_id = {p.comment_id: p for p in posted}
        after: str | None = None
        while True:
            data = self._graphql(
                _THREADS, owner=owner, name=name, number=self.ctx.number, after=after
            )
            threads = ((data or {}).get("repository") or {}).get("pullRequest") or {}
            page = threads.get("reviewThreads") or {}
            for t in page.get("nodes") or []:
                first = (t.get("comments") or {}).get("nodes") or [{}]
                p = by_id.get(first[0].get("databaseId"))
                if p is not None:
                    p.thread, p.resolved = t["id"], bool(t.get("isResolved"))
                    who = str((t.get("resolvedBy") or {}).get("login") or "")
                    p.held = p.resolved and bool(who) and _bare(who) != _bare(self.login)
            info = page.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return
            after = info.get("endCursor")

    def update(self, old: Posted, body: str) -> None:
        self._call("PATCH", f"{self.repo}/pulls/comments/{old.comment_id}", json={"body": body})

    def delete(self, old: Posted) -> None:
        self._call("DELETE", f"{self.repo}/pulls/comments/{old.comment_id}")

    def resolve(self, old: Posted, resolved: bool) -> None:
        if old.thread and self._graphql(_RESOLVE if resolved else _REOPEN, id=old.thread):
            return
        # No GraphQL (or no thread): say so in the thread instead.
        at = self.ctx.head[:12]
        text = (
            f"Resolved: repoview no longer reports this at {at}.\n\n{RESOLVED}"
            if resolved
            else f"Reopened: repoview reports this again at {at}.\n\n{REOPENED}"
        )
        self._call("POST", f"{self.pr}/comments/{old.comment_id}/replies", json={"body": text})

    def post(self, new: list[NewComment], placement: Placement) -> dict[int, str]:
        comments = []
        for n in new:  # GitHub addresses a line by the new side alone
            c: dict[str, Any] = {"path": n.path, "line": n.line, "side": "RIGHT", "body": n.body}
            if n.start is not None:
                c["start_line"], c["start_side"] = n.start, "RIGHT"
            comments.append(c)
        review = {
            "commit_id": self.ctx.head,
            "event": "COMMENT",
            "comments": comments,
            "body": f"repoview: {len(comments)} inline finding(s)",
        }

        def send() -> list[dict[str, Any]] | None:
            r = self._call("POST", f"{self.pr}/reviews", json=review)
            if r.status_code == 422:
                return None
            made = answer(r, f"GitHub API POST {self.pr}/reviews")
            return list(self._pages(f"{self.pr}/reviews/{made['id']}/comments"))

        def landed() -> list[dict[str, Any]] | None:
            # A review is made whole or not at all: any of its comments means it was.
            bodies = {c["body"] for c in comments}
            found = [
                c
                for c in self._pages(f"{self.pr}/comments")
                if self._ours(c) and c.get("body") in bodies
            ]
            return found or None

        listed = self.post_once("posting the review", send, landed)
        if listed is None:
            self.say(
                "repoview: GitHub refused the inline comments (422); they are in the "
                "summary instead"
            )
            return {}
        self.say(f"repoview: posted a review with {len(comments)} inline comment(s)")
        urls = {}
        for n in new:
            url = next((c.get("html_url") for c in listed if c.get("body") == n.body), None)
            if url:
                urls[n.finding] = url
        return urls

    def summaries(self) -> list[dict[str, Any]]:
        return [
            c
            for c in self._pages(f"{self.repo}/issues/{self.ctx.number}/comments")
            if MARKER in (c.get("body") or "") and self._ours(c)
        ]

    def summary_place(self, mine: dict[str, Any]) -> str:
        return str(mine.get("html_url") or f"comment {mine['id']}")

    def earlier(self, key: bytes) -> tuple[Stamp, str] | None:
        try:
            return super().earlier(key)
        except ReadOnly:  # nothing of ours can be there to read
            return None

    def edit_summary(self, mine: dict[str, Any], body: str) -> None:
        self._call("PATCH", f"{self.repo}/issues/comments/{mine['id']}", json={"body": body})
        self.say(f"repoview: updated the summary comment {mine['id']}")

    def delete_summary(self, mine: dict[str, Any]) -> None:
        self._call("DELETE", f"{self.repo}/issues/comments/{mine['id']}")
        self.say(f"repoview: deleted the summary comment {mine['id']}, a concurrent run's twin")

    def new_summary(self, body: str) -> None:
        url = f"{self.repo}/issues/{self.ctx.number}/comments"
        made = self.post_once(
            "posting the summary",
            lambda: answer(self._call("POST", url, json={"body": body}), f"GitHub API POST {url}"),
            self.find_summary,
        )
        self.say(f"repoview: posted the summary comment {made.get('id')}")

    def publish(
        self, report: dict[str, Any], placement: Any, note: str, stamp: Stamp | None = None
    ) -> None:
        try:
            super().publish(report, placement, note, stamp)
        except ReadOnly:
            self.say(
                "repoview: warning: the token cannot comment here (a pull request from a "
                "fork?); the report is in the job summary"
            )
