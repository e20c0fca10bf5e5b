"""`create_app()`: the Flask application behind `repoview web`.

Security: bound to 127.0.0.1 by default, where requests whose Host header is not the bound
address are refused (DNS rebinding). Beyond loopback every request, every route, needs the
access token printed at start (then kept in a same-site cookie). Every state-changing request
carries a CSRF token; a Content-Security-Policy allows no inline script; no page shows an API
key; files are served only when they are files of the packed repository; repositories come
from the command line or from inside the configured root only.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, render_template, request

from repoview.errors import RepoviewError
from repoview.tokens import default_home

from .reviews import bp as reviews_bp
from .state import State
from .views import bp as views_bp

__all__ = ["create_app"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
TOKEN_COOKIE = "repoview_token"


def assets() -> Path:
    """Templates and static files: inside the package when installed from a wheel, in the
    source tree's top-level web/ folder otherwise (editable installs)."""
    here = Path(__file__).resolve().parent
    packaged = here / "assets"
    return packaged if packaged.is_dir() else here.parent.parent / "web"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; `config` as for Flask's from_mapping, then REPOVIEW_WEB_* variables.

    Keys: REPOS (folders to show), HOME (REPOVIEW_HOME), ROOT (folders inside it may be added
    from the page), TOKEN (required on every request when set), ALLOWED_HOSTS (Host headers
    accepted without a token; default any), MAX_STREAMS and STREAMS_PER_CLIENT (open event
    streams), STREAM_SECONDS (one stream's life before the browser reconnects).
    """
    folder = assets()
    app = Flask(
        __name__, template_folder=str(folder / "templates"), static_folder=str(folder / "static")
    )
    app.config.from_mapping(
        REPOS=[],
        HOME=None,
        ROOT=None,
        TOKEN=None,
        ALLOWED_HOSTS=None,
        ENV_VARS=None,
        MAX_STREAMS=4,
        STREAMS_PER_CLIENT=2,
        STREAM_SECONDS=300,
        CSRF_TOKEN=secrets.token_urlsafe(32),
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    if config:
        app.config.from_mapping(config)
    app.config.from_prefixed_env("REPOVIEW_WEB")
    home = Path(app.config["HOME"]) if app.config["HOME"] else default_home()
    root = Path(app.config["ROOT"]).expanduser() if app.config["ROOT"] else None
    cfg = app.config
    state = State(
        [Path(p) for p in cfg["REPOS"]],
        home,
        dict(cfg["ENV_VARS"] or os.environ),
        root,
        int(cfg["MAX_STREAMS"]),
        int(cfg["STREAMS_PER_CLIENT"]),
    )
    app.extensions["repoview"] = state
    app.before_request(_guard)
    app.after_request(_headers)
    app.register_error_handler(RepoviewError, _repoview_error)
    app.register_error_handler(404, _not_found)
    app.register_blueprint(views_bp)
    app.register_blueprint(reviews_bp)
    return app


def _refuse(message: str) -> Response:
    return Response(message + "\n", 403, mimetype="text/plain")


def _guard() -> Response | None:
    from flask import current_app

    cfg = current_app.config
    token = cfg["TOKEN"]
    if token:
        auth = request.headers.get("Authorization", "")
        sent = (
            request.args.get("token")
            or request.cookies.get(TOKEN_COOKIE)
            or (auth[7:] if auth.startswith("Bearer ") else "")
        )
        if not hmac.compare_digest(sent.encode(), str(token).encode()):
            return _refuse(
                "this report needs its access token: open the address "
                "`repoview web` printed, with ?token="
            )
        g.set_token_cookie = request.args.get("token") is not None
    else:
        allowed = cfg["ALLOWED_HOSTS"]
        if allowed is not None and request.host not in allowed:
            return _refuse("unknown Host header (DNS rebinding guard)")
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # A browser says which site the page sending a request is from: another site's page
        # is refused even when it holds the token. `Origin: null` is a page with no site of
        # its own (a sandboxed frame, a file:// or data: page): this report's own pages send
        # their origin (the Referrer-Policy keeps it for same-origin requests). A request
        # with no Origin at all is not a browser's form, and still needs the CSRF token.
        site = request.headers.get("Sec-Fetch-Site")
        origin = request.headers.get("Origin")
        if site not in (None, "same-origin", "none") or (
            origin is not None and urlsplit(origin).netloc != request.host
        ):
            return _refuse("a request from another site's page")
        sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
        if not hmac.compare_digest(sent.encode(), str(cfg["CSRF_TOKEN"]).encode()):
            return _refuse("missing or wrong CSRF token")
    g.csrf_token = cfg["CSRF_TOKEN"]
    return None


def _headers(resp: Response) -> Response:
    from flask import current_app

    if g.get("set_token_cookie"):
        resp.set_cookie(
            TOKEN_COOKIE, str(current_app.config["TOKEN"]), httponly=True, samesite="Strict"
        )
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["X-Frame-Options"] = "DENY"
    # Other sites learn nothing of this report's paths; its own forms still say their origin.
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return resp


def _repoview_error(exc: RepoviewError) -> tuple[str, int]:
    return render_template("error.html", message=str(exc)), 400


def _not_found(_exc: Exception) -> tuple[str, int] | tuple[Response, int]:
    message = (
        "No such page: the repository, folder or file is not one this report shows "
        "(a file must be one the pack holds; it may have been deleted or excluded)."
    )
    if request.path.endswith(".json"):  # (the page's script reads the error as JSON)
        from flask import jsonify

        return jsonify({"error": message}), 404
    return render_template("error.html", message=message), 404
