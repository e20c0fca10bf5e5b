"""`create_app()`: the Flask application behind `repoview web`.

Security: bound to 127.0.0.1 by default; requests whose Host header is not the bound
address are refused (DNS rebinding); every state-changing request carries a CSRF token;
a Content-Security-Policy allows no inline script; no page shows an API key; files are
served only when they are files of the packed repository.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, render_template, request

from repoview.errors import RepoviewError
from repoview.gitutil import locate
from repoview.packer import PackOptions, build_pack
from repoview.store import RunStore
from repoview.tokens import default_home

from . import views

__all__ = ["create_app"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def repo_id(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:10]


@dataclass
class Job:
    """A review running in the background, with the events its page streams."""

    id: str
    repo: str
    task: str
    events: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    run_id: int | None = None
    error: str | None = None
    cond: threading.Condition = field(default_factory=threading.Condition)

    def emit(self, kind: str, **data: Any) -> None:
        with self.cond:
            self.events.append({"event": kind, **data})
            self.cond.notify_all()


class State:
    """Repositories, their packs (cached per revision), and the one running review."""

    def __init__(self, paths: list[Path], home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = env
        self.lock = threading.Lock()
        self.repos: dict[str, str] = {}
        self.packs: dict[str, tuple[str, Any]] = {}
        self.jobs: dict[str, Job] = {}
        self.active: Job | None = None
        self._saved = home / "web-repos.json"
        for p in paths:
            self.add(p)
        for saved in self._load_saved():
            self.add(Path(saved), save=False)
        try:
            store = RunStore(home / "runs.sqlite")
            for known in store.repos():
                if Path(known).is_dir():
                    self.add(Path(known), save=False)
            store.close()
        except RepoviewError:
            pass

    def _load_saved(self) -> list[str]:
        try:
            data = json.loads(self._saved.read_text())
        except (OSError, ValueError):
            return []
        return [p for p in data if isinstance(p, str)] if isinstance(data, list) else []

    def add(self, path: Path, save: bool = True) -> str:
        """Validate and register a repository folder; its id."""
        info = locate(path)
        if not os.access(info.path, os.R_OK | os.X_OK):
            raise RepoviewError(f"cannot read {info.path}")
        root = str(info.toplevel or info.path)
        rid = repo_id(root)
        with self.lock:
            new = rid not in self.repos
            self.repos[rid] = root
        if new and save:
            saved = self._load_saved()
            if root not in saved:
                self._saved.parent.mkdir(parents=True, exist_ok=True)
                self._saved.write_text(json.dumps([*saved, root]))
        return rid

    def pack(self, rid: str) -> Any:
        """The pack of a repository's work tree, rebuilt when files change (the cache makes
        that cheap)."""
        root = self.repos.get(rid)
        if root is None:
            abort(404)
        stamp = _stamp(Path(root))
        cached = self.packs.get(rid)
        if cached and cached[0] == stamp:
            return cached[1]
        pack = build_pack(PackOptions(path=Path(root), fmt="xml", home=self.home))
        self.packs[rid] = (stamp, pack)
        return pack


def _stamp(root: Path) -> str:
    """Cheap change detector: git's view of HEAD and the dirty files."""
    from repoview.gitutil import git

    head = git(["rev-parse", "-q", "--verify", "HEAD"], root, check=False)
    status = git(["status", "--porcelain", "-z"], root, check=False)
    return hashlib.sha1(head + b"\0" + status).hexdigest()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; `config` as for Flask's from_mapping, then REPOVIEW_WEB_* variables.

    Keys: REPOS (folders to show), HOME (REPOVIEW_HOME), ALLOWED_HOSTS (Host headers
    accepted; default the loopback names on the bound port), PORT.
    """
    app = Flask(__name__, root_path=str(Path(__file__).parent))
    app.config.from_mapping(
        REPOS=[], HOME=None, ALLOWED_HOSTS=None, PORT=None, ENV_VARS=None,
        CSRF_TOKEN=secrets.token_urlsafe(32), MAX_CONTENT_LENGTH=64 * 1024,
    )  # fmt: skip
    if config:
        app.config.from_mapping(config)
    app.config.from_prefixed_env("REPOVIEW_WEB")
    home = Path(app.config["HOME"]) if app.config["HOME"] else default_home()
    env = dict(app.config["ENV_VARS"] or os.environ)
    state = State([Path(p) for p in app.config["REPOS"]], home, env)
    app.extensions["repoview"] = state

    @app.before_request
    def _guard() -> Response | None:
        allowed = app.config["ALLOWED_HOSTS"]
        if allowed is not None and request.host not in allowed:
            return Response("unknown Host header (DNS rebinding guard)\n", 403,
                            mimetype="text/plain")  # fmt: skip
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
            if not hmac.compare_digest(sent, app.config["CSRF_TOKEN"]):
                return Response("missing or wrong CSRF token\n", 403, mimetype="text/plain")
        g.csrf_token = app.config["CSRF_TOKEN"]
        return None

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return resp

    @app.errorhandler(RepoviewError)
    def _repoview_error(exc: RepoviewError) -> tuple[str, int]:
        return render_template("error.html", message=str(exc)), 400

    views.register(app, state)
    return app


def stream_job(job: Job) -> Iterator[str]:
    """Server-sent events for a job, from its first event to its end."""
    sent = 0
    deadline = time.monotonic() + 3600
    while time.monotonic() < deadline:
        with job.cond:
            if sent >= len(job.events) and not job.done:
                job.cond.wait(timeout=15)
            batch = job.events[sent:]
            finished = job.done
        if not batch:
            yield ": keep-alive\n\n"
        for ev in batch:
            sent += 1
            yield f"event: {ev['event']}\ndata: {json.dumps(ev)}\n\n"
        if finished and sent >= len(job.events):
            return
