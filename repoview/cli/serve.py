"""`repoview web` and `repoview mcp`: the local web report and the MCP server."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import ConfigError, InputError, RepoviewError
from ..gitutil import locate
from ..settings import resolve
from .base import _env, _fail, _say, _settings, cli


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback is reachable by others.",
)
@click.option("--port", default=8765, show_default=True, help="Port (0 picks a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the report in a browser.")
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Repositories inside this folder may also be added from the page ([web] root).",
)
def web(
    paths: tuple[Path, ...], host: str, port: int, open_browser: bool, root: Path | None
) -> None:
    """Start the local web report for these repositories (default: this one)."""
    import secrets
    import socket
    import webbrowser

    from ..webui import create_app
    from ..webui.server import LOOPBACK, serve

    folders = list(paths) or [Path(".")]
    try:
        seen: dict[Path, Path] = {}
        for p in folders:
            info = locate(p)
            if info.bare:  # (its pages read the files as the work tree holds them)
                raise InputError(
                    f"{p} is a bare repository: the web report shows a work tree; clone it "
                    f"(git clone {p} DIR) and pass DIR"
                )
            top = (info.toplevel or info.path).resolve()
            if not info.is_git:
                # (run by mistake in a home folder, it would show every file below it)
                _say(
                    f"repoview: warning: {p} is not in a git repository: the report shows "
                    f"every file under {top}, by the default exclusions only"
                )
            if top in seen:
                _say(f"repoview: warning: {p} is in the repository {seen[top]} names: shown once")
            elif top != p.resolve():
                _say(f"repoview: warning: {p} is inside {top}: the whole repository is shown")
            seen.setdefault(top, p)
        settings = _settings(folders[0], {"web.root": str(root) if root else None})
    except RepoviewError as exc:
        _fail(exc)
    root = Path(settings["web.root"]) if settings.get("web.root") else None
    if port == 0:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
    # Beyond loopback, anyone who reaches the port could read the code and spend the key:
    # every request must then carry a token only the person who started it has seen.
    token = None if host in LOOPBACK else (_env("REPOVIEW_WEB_TOKEN") or secrets.token_urlsafe(24))
    names = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
    app = create_app(
        {
            "REPOS": [str(p) for p in folders],
            "ALLOWED_HOSTS": names,
            "TOKEN": token,
            "ROOT": str(root) if root else None,
        }
    )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    if token:
        url += f"?token={token}"
        click.echo(f"repoview: listening on {host}: every request needs this token", err=True)
    click.echo(f"repoview: web report at {url} (Ctrl-C stops it)", err=True)
    if open_browser:
        webbrowser.open(url)
    serve(app, host, port)


@cli.command("mcp")
@click.option(
    "--max-cost",
    type=float,
    help="The review tool refuses above this estimate in USD (without it: no reviews).",
)
@click.option(
    "--inline-tokens",
    type=int,
    default=25_000,
    show_default=True,
    help="Packs up to this size come back whole; larger ones as a handle.",
)
@click.option(
    "--root",
    "roots",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Also serve the repositories inside this folder ([mcp] root); repeatable.",
)
def mcp_command(max_cost: float | None, inline_tokens: int, roots: tuple[Path, ...]) -> None:
    """Serve packs, search and reviews to coding agents (Model Context Protocol, stdio).

    The tools read only the repository the server starts in and the --root folders.
    """
    import importlib.util

    if importlib.util.find_spec("mcp") is None:
        _fail(ConfigError("repoview mcp needs the MCP SDK: pip install 'repoview-llm[mcp]'"))
    from ..mcp_server import ServerSettings, serve, served_roots

    try:
        # Where keys go is the person's choice (flag, environment, own config), never a
        # repository's: the server's endpoint comes from settings without a repository.
        s = resolve(None, {}, os.environ)
        settings = ServerSettings(
            max_cost=max_cost,
            inline_tokens=inline_tokens,
            base_url=s.get("review.base_url"),
            models=dict(s.models),
            roots=served_roots(Path.cwd(), roots or _configured(s.get("mcp.root"))),
        )
    except RepoviewError as exc:
        _fail(exc)
    serve(settings)


def _configured(root: str | None) -> tuple[Path, ...]:
    return (Path(root),) if root else ()
