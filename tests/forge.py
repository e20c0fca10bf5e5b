"""Stand-ins for the GitHub REST and GraphQL APIs and the GitLab API: real HTTP servers on
127.0.0.1 with the real paths, pagination (Link / X-Next-Page), authors, review threads and
discussions that resolve, status codes and payload checks."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse


class _Server:
    page_size = 2  # small pages, so every listing is paginated

    def __init__(self, token_header: str, token: str) -> None:
        self.token_header, self.token = token_header, token
        self.requests: list[tuple[str, str, Any]] = []
        # Failures to answer with, the first that matches each request: see `fail`.
        self.faults: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                url = urlparse(self.path)
                with server.lock:
                    server.requests.append((method, url.path, body))
                expected = (
                    server.token
                    if server.token_header != "Authorization"
                    else (f"Bearer {server.token}")
                )
                if self.headers.get(server.token_header) != expected:
                    return self._reply(401, {"message": "Bad credentials"})
                with server.lock:
                    fault = server._fault(method, url.path)
                    if fault is None or fault["land"]:
                        status, payload, headers = server.route(
                            method, url.path, parse_qs(url.query), body
                        )
                    if fault is not None:  # the error, whether or not the request took effect
                        status, payload = (
                            fault["status"],
                            fault["raw"] or {"message": "Bad gateway"},
                        )
                        # (a value may be made when the request comes: a rate limit's reset)
                        headers = {
                            k: v() if callable(v) else v for k, v in fault["headers"].items()
                        }
                self._reply(status, payload, headers)

            def _reply(
                self, status: int, payload: Any, headers: dict[str, str] | None = None
            ) -> None:
                # (a fault's raw bytes: an HTML page a proxy sends, an answer cut short)
                raw = isinstance(payload, bytes)
                data = payload if raw else b"" if status == 204 else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if raw else "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PATCH(self) -> None:
                self._handle("PATCH")

            def do_PUT(self) -> None:
                self._handle("PUT")

            def do_DELETE(self) -> None:
                self._handle("DELETE")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    def fail(
        self,
        method: str,
        path: str,
        status: int = 502,
        *,
        times: int = 1,
        land: bool = False,
        headers: dict[str, Any] | None = None,
        raw: bytes | None = None,
    ) -> None:
        """Answer the next `times` requests `method` to a path matching the regular expression
        `path` with `status`; `land`: the request takes effect all the same (as a gateway
        that times out after the API wrote the comment)."""
        self.faults.append(
            {
                "method": method,
                "path": re.compile(path),
                "status": status,
                "times": times,
                "land": land,
                "headers": headers or {},
                "raw": raw,
            }
        )

    def _fault(self, method: str, path: str) -> dict[str, Any] | None:
        for fault in self.faults:
            if fault["times"] and fault["method"] == method and fault["path"].search(path):
                fault["times"] -= 1
                return fault
        return None

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _delete(
        self, items: list[dict[str, Any]], cid: int, author: str
    ) -> tuple[int, Any, dict[str, str]]:
        """Delete a comment or note: its author only, as the forges allow; 204, no body."""
        for c in items:
            if c["id"] == cid:
                if c[author] != self.me:  # type: ignore[attr-defined]
                    return 403, {"message": "403 Forbidden"}, {}
                items.remove(c)
                return 204, None, {}
        return 404, {"message": "Not Found"}, {}

    def page(
        self, items: list[Any], query: dict[str, list[str]], path: str, style: str
    ) -> tuple[int, Any, dict[str, str]]:
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        headers = {}
        if page * self.page_size < len(items):
            # GitHub pages by Link only; GitLab sends both a Link header and X-Next-Page.
            headers["Link"] = f'<{self.url}{path}?per_page=100&page={page + 1}>; rel="next"'
            if style != "link":
                headers["X-Next-Page"] = str(page + 1)
        return 200, chunk, headers


HUMAN = {"login": "octocat", "id": 1}


class FakeGitHub(_Server):
    """/repos/{owner}/{repo}/... for one pull request, /user, and GraphQL review threads.

    `integration=True` answers GET /user as GitHub does for GITHUB_TOKEN (403), and then
    writes as the Actions bot, as GitHub does.
    """

    def __init__(
        self,
        token: str,
        repo: str,
        number: int,
        login: str = "repoview-bot",
        integration: bool = False,
    ) -> None:
        super().__init__("Authorization", token)
        self.prefix = f"/repos/{repo}"
        self.number = number
        self.integration = integration
        self.me = {"login": "github-actions[bot]" if integration else login, "id": 41898282}
        self.issue_comments: list[dict[str, Any]] = [
            {"id": 1, "body": "LGTM from a human", "user": HUMAN},
            {"id": 2, "body": "another", "user": HUMAN},
            {"id": 3, "body": "a third, so the listing has two pages", "user": HUMAN},
        ]
        self.review_comments: list[dict[str, Any]] = []
        self.threads: list[dict[str, Any]] = []  # {"id", "isResolved", "comments": [ids]}
        self.reviews: list[dict[str, Any]] = []
        self.valid_lines: set[tuple[str, int]] = set()
        self.read_only = False
        self.reject_reviews = False
        self.scopes: str | None = None  # X-OAuth-Scopes of a classic token; None: not one
        self.head: str | None = None  # the pull request's head commit, when a test sets it
        self.next_id = 100

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def comment_url(self, cid: int) -> str:
        return f"https://github.example/{self.prefix[7:]}/pull/{self.number}#discussion_r{cid}"

    def route(self, method, path, query, body):  # type: ignore[no-untyped-def]
        p, n = self.prefix, self.number
        if method == "GET" and path == "/user":
            if self.integration:
                return 403, {"message": "Resource not accessible by integration"}, {}
            return 200, self.me, {"X-OAuth-Scopes": self.scopes} if self.scopes is not None else {}
        if method == "POST" and path == "/graphql":
            return self.graphql(body)
        if self.read_only and method in ("POST", "PATCH"):
            return 403, {"message": "Resource not accessible by integration"}, {}
        if method == "GET" and path == f"{p}/pulls/{n}":
            pr: dict[str, Any] = {"number": n, "state": "open"}
            if self.head is not None:
                pr["head"] = {"sha": self.head, "ref": "f"}
            return 200, pr, {}
        if method == "GET" and path == f"{p}/issues/{n}/comments":
            return self.page(self.issue_comments, query, path, "link")
        if method == "GET" and path == f"{p}/pulls/{n}/comments":
            return self.page(self.review_comments, query, path, "link")
        m = re.fullmatch(rf"{p}/pulls/{n}/reviews/(\d+)/comments", path)
        if method == "GET" and m:
            rid = int(m.group(1))
            mine = [c for c in self.review_comments if c.get("pull_request_review_id") == rid]
            return self.page(mine, query, path, "link")
        if method == "POST" and path == f"{p}/issues/{n}/comments":
            cid = self._new_id()
            self.issue_comments.append(
                {
                    "id": cid,
                    "body": body["body"],
                    "user": self.me,
                    "html_url": f"https://github.example/{p[7:]}/pull/{n}#issuecomment-{cid}",
                }
            )
            return 201, self.issue_comments[-1], {}
        m = re.fullmatch(rf"{p}/issues/comments/(\d+)", path)
        if method == "PATCH" and m:
            return self._edit(self.issue_comments, int(m.group(1)), body)
        if method == "DELETE" and m:
            return self._delete(self.issue_comments, int(m.group(1)), "user")
        m = re.fullmatch(rf"{p}/pulls/comments/(\d+)", path)
        if method == "PATCH" and m:
            return self._edit(self.review_comments, int(m.group(1)), body)
        if method == "DELETE" and m:
            cid = int(m.group(1))
            self.threads = [t for t in self.threads if t["comments"][0] != cid]
            return self._delete(self.review_comments, cid, "user")
        m = re.fullmatch(rf"{p}/pulls/{n}/comments/(\d+)/replies", path)
        if method == "POST" and m:
            parent = next((c for c in self.review_comments if c["id"] == int(m.group(1))), None)
            if parent is None:
                return 404, {"message": "Not Found"}, {}
            cid = self._new_id()
            self.review_comments.append(
                {
                    "id": cid,
                    "body": body["body"],
                    "user": self.me,
                    "in_reply_to_id": parent["id"],
                    "path": parent["path"],
                    "html_url": self.comment_url(cid),
                }
            )
            return 201, self.review_comments[-1], {}
        if method == "POST" and path == f"{p}/pulls/{n}/reviews":
            return self._review(body)
        return 404, {"message": "Not Found"}, {}

    def _edit(
        self, items: list[dict[str, Any]], cid: int, body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        for c in items:
            if c["id"] == cid:
                if c["user"] != self.me:  # as on GitHub: only the author edits a comment
                    return 403, {"message": "Must have admin rights to Repository."}, {}
                c["body"] = body["body"]
                return 200, c, {}
        return 404, {"message": "Not Found"}, {}

    def _review(self, body: Any) -> tuple[int, Any, dict[str, str]]:
        if not isinstance(body.get("comments"), list) or body.get("event") != "COMMENT":
            return 422, {"message": "Validation Failed"}, {}
        for c in body["comments"]:
            ok = (
                c.get("side") == "RIGHT"
                and (c["path"], c["line"]) in self.valid_lines
                and ("start_line" not in c or (c["path"], c["start_line"]) in self.valid_lines)
            )
            if self.reject_reviews or not ok:
                return (
                    422,
                    {
                        "message": "Validation Failed",
                        "errors": ["pull_request_review_thread.line must be part of the diff"],
                    },
                    {},
                )
        rid = self._new_id()
        self.reviews.append({"id": rid, **body})
        for c in body["comments"]:
            cid = self._new_id()
            self.review_comments.append(
                {
                    "id": cid,
                    **c,
                    "user": self.me,
                    "pull_request_review_id": rid,
                    "html_url": self.comment_url(cid),
                }
            )
            self.threads.append({"id": f"PRRT_{cid}", "isResolved": False, "comments": [cid]})
        return 200, {"id": rid, "state": "COMMENTED"}, {}

    def graphql(self, body: Any) -> tuple[int, Any, dict[str, str]]:
        query, variables = body.get("query", ""), body.get("variables") or {}
        for verb, state in (("unresolveReviewThread", False), ("resolveReviewThread", True)):
            if verb in query:
                thread = next((t for t in self.threads if t["id"] == variables.get("id")), None)
                if thread is None:
                    return 200, {"data": None, "errors": [{"message": "Could not resolve"}]}, {}
                thread["isResolved"] = state
                # (GraphQL names a bot without REST's `[bot]`)
                login = str(self.me["login"]).removesuffix("[bot]")
                thread["resolvedBy"] = {"login": login} if state else None
                return 200, {"data": {verb: {"thread": {"id": thread["id"]}}}}, {}
        if "reviewThreads" in query and variables.get("number") == self.number:
            start = int(variables.get("after") or 0)
            chunk = self.threads[start : start + self.page_size]
            nodes = [
                {
                    "id": t["id"],
                    "isResolved": t["isResolved"],
                    "resolvedBy": t.get("resolvedBy"),
                    "comments": {"nodes": [{"databaseId": t["comments"][0]}]},
                }
                for t in chunk
            ]
            more = start + self.page_size < len(self.threads)
            info = {"hasNextPage": more, "endCursor": str(start + self.page_size)}
            data = {
                "repository": {"pullRequest": {"reviewThreads": {"pageInfo": info, "nodes": nodes}}}
            }
            return 200, {"data": data}, {}
        return 200, {"errors": [{"message": "unknown query"}]}, {}


GITLAB_HUMAN = {"id": 1, "username": "alice"}


LINE_CODE = '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}'


# GitLab's line code of each new-side line a diff shows, by (repo, start, head, new path):
# the new path's SHA-1, the old side's line number there (for an added line, the number of
# the next old line, as GitLab's diff parser counts), the new line's number.
LINE_CODES: dict[tuple[str, str, str, str], dict[int, str]] = {}


def diff_positions(repo: Path, start: str, head: str) -> dict[str, tuple[str, set[Any]]]:
    """What GitLab lets a diff note sit on, from `git diff start..head` with renames: per
    new path, its old path and the (old_line, new_line) of each line the hunks show: both
    for an unchanged line, (None, n) for an added one, (n, None) for a removed one."""
    codes: dict[int, str] = {}
    diff = subprocess.run(
        ["git", "-c", "core.quotepath=off", "diff", "--no-color", "-M", start, head],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    out: dict[str, tuple[str, set[Any]]] = {}
    lines: set[Any] = set()
    old_path = new_path = ""
    old = new = -1  # -1: in a file's header, before its first hunk
    for raw in diff.splitlines():
        if raw.startswith("diff --git "):
            old = new = -1
        elif old < 0 and raw.startswith("--- "):
            old_path = raw[4:].split("\t")[0].removeprefix("a/")
        elif old < 0 and raw.startswith("+++ "):
            new_path = raw[4:].split("\t")[0].removeprefix("b/")
            if old_path == "/dev/null":  # an added file: GitLab wants its path on both sides
                old_path = new_path
            lines, codes = set(), {}
            out[new_path] = (old_path, lines)
            LINE_CODES[(str(repo), start, head, new_path)] = codes
        elif raw.startswith("@@"):
            m = re.match(r"@@ -(\d+)(?:,\d+)? \+(\d+)", raw)
            assert m is not None
            old, new = int(m.group(1)), int(m.group(2))
        elif old >= 0 and raw.startswith("+"):
            lines.add((None, new))
            codes[new] = f"{hashlib.sha1(new_path.encode()).hexdigest()}_{old}_{new}"
            new += 1
        elif old >= 0 and raw.startswith("-"):
            lines.add((old, None))
            old += 1
        elif old >= 0 and raw.startswith(" "):
            lines.add((old, new))
            codes[new] = f"{hashlib.sha1(new_path.encode()).hexdigest()}_{old}_{new}"
            old, new = old + 1, new + 1
    return out


class FakeGitLab(_Server):
    """/projects/:id/merge_requests/:iid/... for one merge request, /user and token scopes.

    Given the repository, a discussion's position is checked as GitLab checks it: the line
    must be one the diff shows, at that exact (old_line, new_line) pair, in the file named
    by new_path with old_path its path before the change. Without it, `valid_lines`
    (path, new_line) says where a note may go."""

    def __init__(
        self,
        token: str,
        project: str,
        iid: int,
        refs: dict[str, str],
        scopes: tuple[str, ...] = ("api",),
        repo: Path | None = None,
    ) -> None:
        super().__init__("PRIVATE-TOKEN", token)
        self.repo = repo
        self.prefix = f"/api/v4/projects/{project}/merge_requests/{iid}"
        self.refs = refs
        self.scopes = list(scopes)
        self.me = {"id": 77, "username": "project_42_bot"}
        self.web_url = f"https://gitlab.example/group/app/-/merge_requests/{iid}"
        self.notes: list[dict[str, Any]] = [
            {"id": 1, "body": "human note", "author": GITLAB_HUMAN},
            {"id": 2, "body": "another", "author": GITLAB_HUMAN},
            {"id": 3, "body": "third", "author": GITLAB_HUMAN},
        ]
        self.discussions: list[dict[str, Any]] = []
        self.valid_lines: set[tuple[str, int]] = set()
        self.refuse_ranges = False
        self.next_id = 100

    def route(self, method, path, query, body):  # type: ignore[no-untyped-def]
        p = self.prefix
        if method == "GET" and path == "/api/v4/user":
            return 200, self.me, {}
        if method == "GET" and path == "/api/v4/personal_access_tokens/self":
            return 200, {"id": 5, "name": "repoview", "scopes": self.scopes, "active": True}, {}
        if method == "GET" and path == p:
            return 200, {"iid": 1, "diff_refs": self.refs, "web_url": self.web_url}, {}
        if method == "GET" and path == f"{p}/notes":
            return self.page(self.notes, query, path, "header")
        if method == "GET" and path == f"{p}/discussions":
            return self.page(self.discussions, query, path, "header")
        if method == "POST" and path == f"{p}/notes":
            self.next_id += 1
            self.notes.append({"id": self.next_id, "body": body["body"], "author": self.me})
            return 201, self.notes[-1], {}
        m = re.fullmatch(rf"{p}/notes/(\d+)", path)
        if method == "PUT" and m:
            return self._edit([n for n in self.notes if n["id"] == int(m.group(1))], body)
        if method == "DELETE" and m:
            return self._delete(self.notes, int(m.group(1)), "author")
        m = re.fullmatch(rf"{p}/discussions/([^/]+)/notes/(\d+)", path)
        if method == "PUT" and m:
            d = self._discussion(m.group(1))
            notes = [n for n in (d or {}).get("notes", []) if n["id"] == int(m.group(2))]
            return self._edit(notes, body)
        if method == "DELETE" and m:
            d = self._discussion(m.group(1))
            if d is None:
                return 404, {"message": "404 Not found"}, {}
            status, payload, headers = self._delete(d["notes"], int(m.group(2)), "author")
            if not d["notes"]:  # (its only note gone, so is the discussion)
                self.discussions.remove(d)
            return status, payload, headers
        m = re.fullmatch(rf"{p}/discussions/([^/]+)", path)
        if method == "PUT" and m:
            d = self._discussion(m.group(1))
            if d is None or "resolved" not in query:
                return 404 if d is None else 400, {"message": "400 Bad request"}, {}
            for n in d["notes"]:
                n["resolved"] = query["resolved"][0] == "true"
                n["resolved_by"] = {"id": self.me["id"]} if n["resolved"] else None
            return 200, d, {}
        if method == "POST" and path == f"{p}/discussions":
            return self._open(body)
        return 404, {"message": "404 Not found"}, {}

    def _discussion(self, did: str) -> dict[str, Any] | None:
        return next((d for d in self.discussions if d["id"] == did), None)

    def _edit(self, notes: list[dict[str, Any]], body: Any) -> tuple[int, Any, dict[str, str]]:
        if not notes:
            return 404, {"message": "404 Not found"}, {}
        if notes[0]["author"] != self.me:  # as on GitLab: only the author edits a note
            return 403, {"message": "403 Forbidden"}, {}
        notes[0]["body"] = body["body"]
        return 200, notes[0], {}

    def _open(self, body: Any) -> tuple[int, Any, dict[str, str]]:
        pos = body.get("position") or {}
        needed = {"position_type", "base_sha", "start_sha", "head_sha", "old_path", "new_path"}
        if (
            not needed <= set(pos)
            or not ({"old_line", "new_line"} & set(pos))
            or pos["base_sha"] != self.refs["base_sha"]
            or not self._on_diff(pos)
        ):
            return 400, {"message": LINE_CODE}, {}
        self.next_id += 1
        note = {
            "id": self.next_id,
            "body": body["body"],
            "position": pos,
            "author": self.me,
            "resolvable": True,
            "resolved": False,
        }
        self.discussions.append({"id": f"d{self.next_id:040x}"[-40:], "notes": [note]})
        return 201, self.discussions[-1], {}

    def _on_diff(self, pos: dict[str, Any]) -> bool:
        if self.repo is None:
            return (pos["new_path"], pos.get("new_line")) in self.valid_lines
        files = diff_positions(self.repo, pos["start_sha"], pos["head_sha"])
        old_path, lines = files.get(pos["new_path"], ("", set()))
        if old_path != pos["old_path"] or (pos.get("old_line"), pos.get("new_line")) not in lines:
            return False
        if "line_range" not in pos:
            return True
        if self.refuse_ranges:  # as an older GitLab, or one that counts the lines otherwise
            return False
        # A multi-line note: both ends by their line codes, "new" for an added line and
        # "old" otherwise, the end on the position's own line, in order.
        codes = LINE_CODES[(str(self.repo), pos["start_sha"], pos["head_sha"], pos["new_path"])]
        ends = pos["line_range"]
        ok = isinstance(ends, dict) and all(
            isinstance(ends.get(k), dict)
            and ends[k].get("line_code") == codes.get(ends[k].get("new_line"))
            and ends[k].get("type") == ("new" if (None, ends[k]["new_line"]) in lines else "old")
            for k in ("start", "end")
        )
        return (
            ok
            and ends["end"]["new_line"] == pos["new_line"]
            and ends["start"]["new_line"] < ends["end"]["new_line"]
        )
