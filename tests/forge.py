"""Stand-ins for the GitHub REST API and the GitLab API: real HTTP servers on 127.0.0.1
with the real paths, pagination (Link / X-Next-Page), status codes and payload checks."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class _Server:
    page_size = 2  # small pages, so every listing is paginated

    def __init__(self, token_header: str, token: str) -> None:
        self.token_header, self.token = token_header, token
        self.requests: list[tuple[str, str, Any]] = []
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
                expected = server.token if server.token_header != "Authorization" else (
                    f"Bearer {server.token}")  # fmt: skip
                if self.headers.get(server.token_header) != expected:
                    return self._reply(401, {"message": "Bad credentials"})
                with server.lock:
                    status, payload, headers = server.route(method, url.path,
                                                            parse_qs(url.query), body)  # fmt: skip
                self._reply(status, payload, headers)

            def _reply(
                self, status: int, payload: Any, headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
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

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(self, method: str, path: str, query: dict[str, list[str]],
              body: Any) -> tuple[int, Any, dict[str, str]]:  # fmt: skip
        raise NotImplementedError

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def page(self, items: list[Any], query: dict[str, list[str]], path: str,
             style: str) -> tuple[int, Any, dict[str, str]]:  # fmt: skip
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        headers = {}
        if page * self.page_size < len(items):
            if style == "link":
                headers["Link"] = f'<{self.url}{path}?per_page=100&page={page + 1}>; rel="next"'
            else:
                headers["X-Next-Page"] = str(page + 1)
        return 200, chunk, headers


class FakeGitHub(_Server):
    """/repos/{owner}/{repo}/... for one pull request."""

    def __init__(self, token: str, repo: str, number: int) -> None:
        super().__init__("Authorization", token)
        self.prefix = f"/repos/{repo}"
        self.number = number
        self.issue_comments: list[dict[str, Any]] = [
            {"id": 1, "body": "LGTM from a human"}, {"id": 2, "body": "another"},
            {"id": 3, "body": "a third, so the listing has two pages"}]  # fmt: skip
        self.review_comments: list[dict[str, Any]] = []
        self.reviews: list[dict[str, Any]] = []
        self.valid_lines: set[tuple[str, int]] = set()
        self.read_only = False
        self.reject_reviews = False
        self.next_id = 100

    def route(self, method, path, query, body):  # type: ignore[no-untyped-def]
        p, n = self.prefix, self.number
        if self.read_only and method in ("POST", "PATCH"):
            return 403, {"message": "Resource not accessible by integration"}, {}
        if method == "GET" and path == f"{p}/issues/{n}/comments":
            return self.page(self.issue_comments, query, path, "link")
        if method == "GET" and path == f"{p}/pulls/{n}/comments":
            return self.page(self.review_comments, query, path, "link")
        if method == "POST" and path == f"{p}/issues/{n}/comments":
            self.next_id += 1
            self.issue_comments.append({"id": self.next_id, "body": body["body"]})
            return 201, self.issue_comments[-1], {}
        m = re.fullmatch(rf"{p}/issues/comments/(\d+)", path)
        if method == "PATCH" and m:
            for c in self.issue_comments:
                if c["id"] == int(m.group(1)):
                    c["body"] = body["body"]
                    return 200, c, {}
            return 404, {"message": "Not Found"}, {}
        if method == "POST" and path == f"{p}/pulls/{n}/reviews":
            if not isinstance(body.get("comments"), list) or body.get("event") != "COMMENT":
                return 422, {"message": "Validation Failed"}, {}
            for c in body["comments"]:
                ok = (c.get("side") == "RIGHT" and (c["path"], c["line"]) in self.valid_lines
                      and ("start_line" not in c or (c["path"], c["start_line"]) in self.valid_lines))  # fmt: skip
                if self.reject_reviews or not ok:
                    return 422, {"message": "Validation Failed", "errors": [
                        "pull_request_review_thread.line must be part of the diff"]}, {}  # fmt: skip
            self.reviews.append(body)
            for c in body["comments"]:
                self.next_id += 1
                self.review_comments.append({"id": self.next_id, **c})
            return 200, {"id": self.next_id, "state": "COMMENTED"}, {}
        return 404, {"message": "Not Found"}, {}


class FakeGitLab(_Server):
    """/projects/:id/merge_requests/:iid/... for one merge request."""

    def __init__(self, token: str, project: str, iid: int, refs: dict[str, str]) -> None:
        super().__init__("PRIVATE-TOKEN", token)
        self.prefix = f"/api/v4/projects/{project}/merge_requests/{iid}"
        self.refs = refs
        self.notes: list[dict[str, Any]] = [{"id": 1, "body": "human note"},
                                            {"id": 2, "body": "another"},
                                            {"id": 3, "body": "third"}]  # fmt: skip
        self.discussions: list[dict[str, Any]] = []
        self.valid_lines: set[tuple[str, int]] = set()
        self.next_id = 100

    def route(self, method, path, query, body):  # type: ignore[no-untyped-def]
        p = self.prefix
        if method == "GET" and path == p:
            return 200, {"iid": 1, "diff_refs": self.refs}, {}
        if method == "GET" and path == f"{p}/notes":
            return self.page(self.notes, query, path, "header")
        if method == "GET" and path == f"{p}/discussions":
            return self.page(self.discussions, query, path, "header")
        if method == "POST" and path == f"{p}/notes":
            self.next_id += 1
            self.notes.append({"id": self.next_id, "body": body["body"]})
            return 201, self.notes[-1], {}
        m = re.fullmatch(rf"{p}/notes/(\d+)", path)
        if method == "PUT" and m:
            for note in self.notes:
                if note["id"] == int(m.group(1)):
                    note["body"] = body["body"]
                    return 200, note, {}
            return 404, {"message": "404 Not found"}, {}
        if method == "POST" and path == f"{p}/discussions":
            pos = body.get("position") or {}
            needed = {"position_type", "base_sha", "start_sha", "head_sha", "old_path",
                      "new_path", "new_line"}  # fmt: skip
            if not needed <= set(pos) or pos["base_sha"] != self.refs["base_sha"] or (
                    (pos["new_path"], pos["new_line"]) not in self.valid_lines):  # fmt: skip
                return (
                    400,
                    {"message": "400 Bad request - Note {:line_code=>['can't be blank']}"},
                    {},
                )
            self.next_id += 1
            self.discussions.append({"id": str(self.next_id), "notes": [
                {"id": self.next_id, "body": body["body"], "position": pos}]})  # fmt: skip
            return 201, self.discussions[-1], {}
        return 404, {"message": "404 Not found"}, {}
