"""The `repoview` command line: a thin layer of click over the library."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import ConfigError, RepoviewError
from .gitutil import RepoInfo, locate
from .registry import budget_for, registry
from .settings import Settings, resolve
from .textsafe import oneline, terminal

if TYPE_CHECKING:
    from .report import Reader

__all__ = ["main"]


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _say(line: str) -> None:
    """A progress or result line on stderr, with control characters shown escaped."""
    click.echo(terminal(line), err=True)


def _settings(
    path: Path,
    flags: dict[str, Any],
    names: dict[str, str] | None = None,
    say_warnings: bool = True,
    info: RepoInfo | None = None,
) -> Settings:
    """Resolve settings for the repository holding `path` (located already as `info`, when
    given); warnings go to stderr."""
    info = info or locate(path)
    s = resolve(info.toplevel or info.path, flags, os.environ, flag_names=names)
    if say_warnings:
        for w in s.warnings:
            _say(f"repoview: warning: {w}")
    return s


def _fail(exc: RepoviewError) -> NoReturn:
    if _env("REPOVIEW_DEBUG") == "1":
        import traceback

        traceback.print_exception(exc)
    click.echo(f"repoview: error: {oneline(str(exc))}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repoview")
def cli() -> None:
    """Review whole codebases with long-context language models."""


def _target(spec: str, ref: str | None, rev: str | None) -> tuple[Path, str | None]:
    from .remote import resolve_target

    return resolve_target(spec, ref, rev, lambda w: click.echo(f"repoview: warning: {w}", err=True))


@cli.command()
@click.argument("path", default=".")
@click.option("--rev", help="Pack this commit from the object store instead of the work tree.")
@click.option("--ref", help="With a URL: the branch, tag or commit to pack (default: HEAD).")
@click.option("--budget", help="Token budget: a number, 200k, or 128k|256k|512k|1m|2m.")
@click.option("--model", help="Size the budget for this model (see `repoview models`).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xml", "markdown", "plain", "json"]),
    default=None,
    help="Output format (default: xml).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@click.option("--manifest", type=click.Path(path_type=Path), help="Write the JSON manifest here.")
@click.option("--include", multiple=True, help="Keep only paths matching this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Leave out paths matching this glob (repeatable).")
@click.option("--no-default-excludes", is_flag=True, help="Keep lockfiles, vendored files, etc.")
@click.option("--diff", help="Put the diff BASE..HEAD (or BASE) and the files it touches first.")
@click.option("--line-numbers", is_flag=True, help="Number every line of file text.")
@click.option("--split-tokens", type=int, help="Write several parts of at most N tokens each.")
@click.option(
    "--focus",
    type=click.Choice(["breadth", "depth"]),
    help="With a budget: every file's outline first (breadth, default), or full "
    "text for the central files first (depth).",
)
@click.option("--no-secret-scan", is_flag=True, help="Do not look for secrets (not advised).")
@click.option(
    "--explain-secrets",
    is_flag=True,
    help="List in the manifest each secret candidate, redacted or kept, and why.",
)
@click.option("--encoding", help="Tokenizer: o200k_base (default) or cl100k_base.")
@click.option("--max-file-size", help="Leave out files larger than this (default 1mb).")
@click.option("--compress", is_flag=True, help="Every file as an outline (no budget needed).")
@click.option("--remove-comments", is_flag=True, help="Leave comments out of file text.")
@click.option("--include-logs", type=int, help="Add the last N commits at the end of the pack.")
@click.option(
    "--stdin", "from_stdin", is_flag=True, help="Pack only the paths read from stdin, one per line."
)
@click.option(
    "--token-count-tree",
    "count_tree",
    is_flag=False,
    flag_value=0,
    type=int,
    default=None,
    metavar="[MIN]",
    help="Print the tree with token counts (entries of at least MIN) instead.",
)
@click.option("--header-text", help="Text placed at the very start of the pack.")
@click.option(
    "--instruction-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file whose text ends the pack (e.g. what to do with it).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the pack.")
def pack(**kw: Any) -> None:
    """Pack a repository (or a folder, or a commit) into one prompt."""
    from .manifest import manifest_json
    from .options import pack_options, pack_size
    from .packer import build_pack
    from .summary import ProgressLine, format_summary

    try:
        path, rev = _target(kw["path"], kw["ref"], kw["rev"])
        flags = {
            "budget": kw["budget"],
            "model": kw["model"],
            "format": kw["fmt"],
            "include": kw["include"] or None,
            "encoding": kw["encoding"],
            "max_file_size": kw["max_file_size"],
            "default_excludes": False if kw["no_default_excludes"] else None,
            "line_numbers": True if kw["line_numbers"] else None,
            "secret_scan": False if kw["no_secret_scan"] else None,
            "focus": kw["focus"],
            "compress": True if kw["compress"] else None,
            "remove_comments": True if kw["remove_comments"] else None,
            "include_logs": kw["include_logs"] or None,
            "header_text": kw["header_text"],
            "instruction_file": str(kw["instruction_file"]) if kw["instruction_file"] else None,
        }
        info = locate(path)  # once: each look costs a git process
        s = _settings(
            path,
            flags,
            {
                "format": "--format",
                "secret_scan": "--no-secret-scan",
                "default_excludes": "--no-default-excludes",
            },
            info=info,
        )
        budget, model_name = pack_size(s, bool(kw["model"]), bool(kw["budget"]))
        if kw["split_tokens"] is not None and kw["split_tokens"] <= 0:
            raise ConfigError("--split-tokens must be a positive number of tokens")
        if kw["split_tokens"] and (not kw["output"] or str(kw["output"]) == "-"):
            raise ConfigError("--split-tokens writes several files: give -o FILE as their stem")
        if not s["secret_scan"] and not kw["quiet"]:
            _say(
                f"repoview: warning: secret scanning is off ({s.source('secret_scan')}): "
                "secrets in these files are not redacted"
            )
        opts = pack_options(
            s,
            path,
            rev=rev,
            budget=budget,
            model=model_name,
            exclude=kw["exclude"],
            diff=kw["diff"],
            split_tokens=kw["split_tokens"],
            explain_secrets=kw["explain_secrets"],
        )
        from .extras import everyday_options

        stdin_text = sys.stdin.read() if kw["from_stdin"] else None
        opts = everyday_options(opts, s, info, stdin_text)
        progress = ProgressLine(enabled=None if not kw["quiet"] else False)
        result = build_pack(opts, progress)
        progress.clear()
    except RepoviewError as exc:
        _fail(exc)
    # Encoded piece by piece as it is written: the whole pack is never held twice, as text
    # and as bytes (the peak comes earlier, while files are read, so it stays as it was).
    data: Iterable[bytes] = (c.encode("utf-8", "replace") for c in result.chunks)
    if kw["count_tree"] is not None:
        from .extras import token_count_tree

        data = [token_count_tree(result.files, result.name, kw["count_tree"]).encode()]
    size = 0
    if result.parts:
        out: Path = kw["output"]
        for i, part in enumerate(result.parts, 1):
            part.name = str(out.with_name(f"{out.stem}.part{i}{out.suffix}"))
            _write(Path(part.name), (c.encode("utf-8", "replace") for c in part.chunks))
    else:
        size = _write(kw["output"] or Path("-"), data)
    if kw["manifest"]:
        _write(kw["manifest"], [manifest_json(result).encode()])
    if not kw["quiet"]:
        click.echo(terminal(format_summary(result, size)), err=True, nl=False)


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing .repoview.toml.")
def init(path: Path, force: bool) -> None:
    """Write a commented .repoview.toml at the root of this repository."""
    from .extras import INIT_TEXT

    try:
        info = locate(path)
    except RepoviewError as exc:
        _fail(exc)
    target = (info.toplevel or info.path) / ".repoview.toml"
    if target.exists() and not force:
        _fail(ConfigError(f"{target} exists; pass --force to replace it"))
    _write(target, [INIT_TEXT.encode()])
    click.echo(f"repoview: wrote {target}", err=True)


@cli.command()
@click.argument("path", default=".")
@click.option(
    "--task",
    type=click.Choice(["architecture", "docs", "bugs", "diff"]),
    required=True,
    help="What to ask for.",
)
@click.option("--diff", help="The change to review: BASE..HEAD, or BASE (against the pack).")
@click.option("--rev", help="Review this commit instead of the work tree.")
@click.option("--ref", help="With a URL: the branch, tag or commit to review (default: HEAD).")
@click.option(
    "--model",
    help="A model from `repoview models`, or auto (smallest that fits); several, "
    "comma-separated, compare them on the same pack.",
)
@click.option("--base-url", help="OpenAI-compatible API base (or moonshot, moonshot-cn).")
@click.option("--budget", help="Pack at most this many tokens (default: the model's budget).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "sarif", "codequality"]),
    default="markdown",
    help="Report format (codequality: GitLab Code Quality JSON).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path),
    help="With --task docs: write the documentation files here.",
)
@click.option("--dry-run", is_flag=True, help="Estimate tokens and cost; send nothing.")
@click.option("--max-cost", type=float, help="Refuse to send when the estimate is above USD.")
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low", "info"]),
    help="Exit 1 when a finding is this severe or worse.",
)
@click.option("--exact-tokens", is_flag=True, help="Ask the provider (Moonshot) for the count.")
@click.option("--no-stream", is_flag=True, help="Wait for the whole answer instead.")
@click.option("--no-tools", is_flag=True, help="Do not let the model read left-out files.")
@click.option(
    "--strategy",
    type=click.Choice(["single", "map-reduce", "auto"]),
    default=None,
    help="single (default): one request, tools for what the pack left out; map-reduce: "
    "review slices of the repository in parts, then merge.",
)
@click.option("--concurrency", type=int, default=None, help="Parts reviewed at once.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask before an expensive review.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the report.")
def review(**kw: Any) -> None:
    """Review a repository with a long-context model."""
    from .options import review_options
    from .report import render_report
    from .reviewer import UNREAD, UNREAD_EXIT, run_review
    from .summary import ProgressLine

    progress = ProgressLine()
    try:
        path, rev = _target(kw["path"], kw["ref"], kw["rev"])
        flags = {
            "model": kw["model"],
            "review.base_url": kw["base_url"],
            "review.budget": kw["budget"],
            "review.fail_on": kw["fail_on"],
            "review.max_cost": kw["max_cost"],
            "review.tools": False if kw["no_tools"] else None,
            "review.strategy": kw["strategy"],
            "review.concurrency": kw["concurrency"],
        }
        s = _settings(
            path,
            flags,
            {"model": "--model", "review.base_url": "--base-url", "review.tools": "--no-tools"},
        )
        opts = review_options(
            s,
            "review",
            path,
            kw["task"],
            diff=kw["diff"],
            rev=rev,
            dry_run=kw["dry_run"],
            exact_tokens=kw["exact_tokens"],
            stream=not kw["no_stream"],
            output_dir=kw["output_dir"],
        )
        if not kw["yes"] and sys.stdin.isatty() and sys.stderr.isatty():
            opts.confirm = _confirm
        say = (lambda _line: None) if kw["quiet"] else _say
        if opts.model and "," in opts.model:
            from .compare import compare_models

            _emit(compare_models(opts, say, kw["fmt"]), kw["output"])
            return
        result = run_review(opts, say, progress.stream_progress)
    except RepoviewError as exc:
        progress.clear()
        _fail(exc)
    progress.clear()
    if result.plan is not None and opts.dry_run:
        import json

        plan = result.plan
        _emit(
            json.dumps(plan.to_dict(), indent=2) + "\n" if kw["fmt"] == "json" else plan.describe(),
            kw["output"],
        )
        if not kw["quiet"]:
            _say("review: dry run, nothing sent")
        sys.exit(0)
    text = render_report(result.report, kw["fmt"], _reader(path, kw["rev"]))
    if kw["output"]:
        _write(kw["output"], [text.encode()])
    else:
        click.echo(text, nl=False)
    if not kw["quiet"]:
        rep = result.report
        usage = rep.get("usage", {})
        cost = rep.get("cost_usd")
        found = (
            ""
            if opts.task in ("architecture", "docs") or rep.get("raw")
            else f"{len(rep['findings'])} findings, "
        )
        _say(
            f"review: {found}{usage.get('requests', 1)} request(s), "
            f"{usage.get('input_tokens', 0):,} tokens in ({usage.get('cached_tokens', 0):,} "
            f"cached), {usage.get('output_tokens', 0):,} out"
            + (" (counted by repoview)" if usage.get("estimated_requests") else "")
            + (f", ${cost:.4f}" if cost is not None else "")
            + f"; run {result.run_id} (repoview runs show {result.run_id})"
        )
        for w in rep.get("warnings", []):
            _say(f"review: warning: {w}")
    if result.exit_code == UNREAD_EXIT and result.report.get("raw"):
        _say(f"review: {UNREAD}")
    sys.exit(result.exit_code)


@cli.group(invoke_without_command=True)
@click.option("--repo", type=click.Path(path_type=Path), help="Only runs of this repository.")
@click.option("-n", "--limit", default=20, show_default=True, help="How many runs to list.")
@click.pass_context
def runs(ctx: click.Context, repo: Path | None, limit: int) -> None:
    """List past reviews from the run store."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import datetime

    from .store import RunStore
    from .tokens import default_home

    try:
        store = RunStore(default_home() / "runs.sqlite")
    except RepoviewError as exc:
        _fail(exc)
    rows = store.recent(str(repo.resolve()) if repo else None, limit)
    if not rows:
        click.echo("no runs yet: `repoview review --task bugs` makes one")
        return
    click.echo(
        f"{'id':>5}  {'when':<16}  {'task':<12} {'status':<8} {'model':<18}"
        f"{'tokens in':>11}{'cost':>10}  repository"
    )
    for r in rows:
        when = datetime.fromtimestamp(r.created).strftime("%Y-%m-%d %H:%M")
        cost = f"${r.cost_usd:.4f}" if r.cost_usd is not None else "-"
        click.echo(
            f"{r.id:>5}  {when:<16}  {r.task:<12} {r.status:<8} {r.model!s:<18}"
            f"{r.input_tokens:>11,}{cost:>10}  {r.repo}"
        )


@runs.command("show")
@click.argument("run_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["markdown", "json", "sarif"]), default="markdown"
)
def runs_show(run_id: int, fmt: str) -> None:
    """Print one stored review."""
    from .report import render_report
    from .store import RunStore
    from .tokens import default_home

    try:
        store = RunStore(default_home() / "runs.sqlite")
    except RepoviewError as exc:
        _fail(exc)
    run = store.get(run_id)
    if run is None:
        _fail(ConfigError(f"no run {run_id}; `repoview runs` lists them"))
    data = run.report_data()
    if not data:
        data = {
            "task": run.task,
            "model": run.model,
            "repository": run.repo,
            "rev": run.rev,
            "findings": [],
            "warnings": [f"run {run.status}: {run.error or 'no report'}"],
        }
    click.echo(render_report(data, fmt), nl=False)


@cli.group()
def hook() -> None:
    """Install, remove or run the pre-push review hook."""


@hook.command("install")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing hook (kept as a backup).")
def hook_install(path: Path, force: bool) -> None:
    """Install the pre-push hook where git looks for hooks (core.hooksPath too)."""
    from .hook import install

    try:
        click.echo(f"repoview: hook {install(path, force)}")
    except RepoviewError as exc:
        _fail(exc)
    try:  # said now, so that it is not first seen as a warning in the middle of a push
        _settings(path, {})
    except RepoviewError as exc:
        click.echo(
            f"repoview: warning: {exc}; pushes will not be reviewed until it is fixed", err=True
        )


@hook.command("uninstall")
@click.argument("path", default=".", type=click.Path(path_type=Path))
def hook_uninstall(path: Path) -> None:
    """Remove the hook and restore the one that was there before."""
    from .hook import uninstall

    try:
        click.echo(f"repoview: hook {uninstall(path)}")
    except RepoviewError as exc:
        _fail(exc)


@hook.command("run")
@click.argument("name", type=click.Choice(["pre-push"]))
@click.argument("remote", required=False)
@click.argument("url", required=False)
def hook_run(name: str, remote: str | None, url: str | None) -> None:
    """What the installed hook calls: refs on stdin, as git gives them."""
    from .hook import HookSettings, read_refs, run_pre_push

    environ = dict(os.environ)
    if environ.get("REPOVIEW_SKIP") == "1":
        sys.exit(0)
    remote = remote or environ.get("PRE_COMMIT_REMOTE_NAME") or "origin"
    try:
        lines = read_refs(environ)
        s = _settings(Path.cwd(), {})
        if not s["hook.enabled"]:
            _say(f"repoview: hook disabled ({s.source('hook.enabled')})")
            sys.exit(0)
        settings = HookSettings.from_settings(s)
        code = run_pre_push(Path.cwd(), remote, lines, settings, environ, _say, dict(s.models))
    except RepoviewError as exc:  # never lose a push to our own trouble
        _say(f"repoview: warning: {oneline(str(exc))}; push not reviewed")
        code = 0
    except Exception as exc:  # a bug of ours (RecursionError, a corrupt object...) as well
        if environ.get("REPOVIEW_DEBUG") == "1":
            raise
        what = (str(exc).splitlines() or [""])[0][:200]
        click.echo(
            f"repoview: warning: internal error ({type(exc).__name__}: {what}); push not "
            "reviewed (REPOVIEW_DEBUG=1 shows the traceback)",
            err=True,
        )
        code = 0
    sys.exit(code)


@cli.command()
@click.option(
    "--provider",
    type=click.Choice(["github", "gitlab"]),
    help="Default: detected from the CI environment.",
)
@click.option("--dry-run", is_flag=True, help="Review and check the forge token, but post nothing.")
@click.option("--sarif", type=click.Path(path_type=Path), help="Also write SARIF here.")
@click.option(
    "--codequality",
    type=click.Path(path_type=Path),
    help="Also write a GitLab Code Quality report here.",
)
@click.option(
    "--json", "report", type=click.Path(path_type=Path), help="Also write the JSON report."
)
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low", "info"]),
    help="Exit 1 when a finding is this severe (default: never).",
)
@click.option("--model", help="Model to review with.")
def ci(
    provider: str | None,
    dry_run: bool,
    sarif: Path | None,
    codequality: Path | None,
    report: Path | None,
    fail_on: str | None,
    model: str | None,
) -> None:
    """Review the pull/merge request this CI job runs for, and comment on it."""
    from .ci import CiOptions, detect, run_ci
    from .options import review_options
    from .reviewer import run_review
    from .settings import base_config

    environ = dict(os.environ)
    try:
        root = locate(Path.cwd())
        top = root.toplevel or root.path
        ctx = detect(environ, provider)
        # The change under review may edit the configuration: read it from the base branch.
        repo_cfg = base_config(top, ctx.base)
        s = resolve(top, {"ci.model": model, "ci.fail_on": fail_on}, environ, repo=repo_cfg)
        for w in s.warnings:
            _say(f"repoview: warning: {w}")

        def report_fn(spec: str) -> dict[str, Any]:
            opts = review_options(
                s, "ci", top, "diff", environ, diff=spec, rev=ctx.head, prompts_rev=ctx.base
            )
            return run_review(opts, _say).report

        opts = CiOptions(
            fail_on=s["ci.fail_on"],
            strict=s["ci.strict"],
            dry_run=dry_run,
            sarif=sarif,
            codequality=codequality,
            report=report,
        )
        code = run_ci(top, ctx, report_fn, opts, _say)
    except RepoviewError as exc:
        _fail(exc)
    sys.exit(code)


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

    from .webui import create_app
    from .webui.server import LOOPBACK, serve

    folders = list(paths) or [Path(".")]
    try:
        for p in folders:
            locate(p)
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


@cli.command("config")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config_cmd(path: Path, as_json: bool) -> None:
    """Show the effective settings, where each came from, and the paths repoview uses."""
    import json

    from .settings import config_dir, home_dir, user_config_path

    try:
        s = _settings(path, {}, say_warnings=False)
    except RepoviewError as exc:
        _fail(exc)
    home = home_dir()
    paths = {
        "home": str(home),
        "run_store": str(home / "runs.sqlite"),
        "cache": str(home / "cache"),
        "user_config": str(user_config_path()),
        "config_dir": str(config_dir()),
        "trust_list": str(home / "trusted.json"),
        "repo_config": s.repo_config or None,
    }
    if as_json:
        rows = [{"name": n, "value": _jsonable(v), "source": src} for n, v, src in s.items()]
        models = [
            {"name": k, "value": v, "source": s.model_sources.get(k, "")}
            for k, v in sorted(_flat_models(s).items())
        ]
        doc = {
            "settings": rows + models,
            "paths": paths,
            "trusted": s.trusted,
            "warnings": s.warnings,
        }
        click.echo(json.dumps(doc, indent=2))
        return
    width = max(len(n) for n, _v, _s in s.items())
    for name, value, src in s.items():
        click.echo(f"{name:<{width}}  {_show(value):<24} {src}")
    for name, value in sorted(_flat_models(s).items()):
        click.echo(f"{name:<{width}}  {_show(value):<24} {s.model_sources.get(name, '')}")
    click.echo("")
    for key, value in paths.items():
        click.echo(f"{key:<{width}}  {value or '-'}")
    if s.repo_config:
        click.echo(f"{'trusted':<{width}}  {'yes' if s.trusted else 'no'} (`repoview trust`)")
    for w in s.warnings:
        click.echo(f"warning: {w}")


def _flat_models(s: Settings) -> dict[str, Any]:
    return {f"models.{m}.{k}": v for m, t in s.models.items() for k, v in t.items()}


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


@cli.command("trust")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--revoke", is_flag=True, help="Stop trusting this repository's configuration.")
def trust_cmd(path: Path, revoke: bool) -> None:
    """Let this repository's config set endpoints, secret scanning and the hook.

    Trust covers the file as it is now; any change to it voids the trust. The list is kept
    under REPOVIEW_HOME, outside the repository."""
    from .settings import read_repo_config
    from .trust import trust, untrust

    try:
        info = locate(path)
        root = info.toplevel or info.path
        if revoke:
            found = untrust(root)
            click.echo(f"repoview: {'no longer trusted' if found else 'was not trusted'}: {root}")
            return
        cfg = read_repo_config(root)
        resolve(root, {}, os.environ)  # validate before trusting
        trust(root)
    except RepoviewError as exc:
        _fail(exc)
    click.echo(f"repoview: trusted {cfg.where} (until it changes)")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the registry as JSON.")
def models(as_json: bool) -> None:
    """List the models repoview knows: context window, prices, pack budget."""
    import json

    try:
        s = _settings(Path.cwd(), {})
        table = registry(s.models)
        from .calibrate import load_calibrations

        ratios = {name: c.ratio for name, c in load_calibrations().items()}
    except RepoviewError as exc:
        _fail(exc)
    from .reviewer import tool_room

    if as_json:
        rows = [
            {
                "name": m.name,
                "context": m.context,
                "budget": budget_for(m),
                "budget_with_tools": budget_for(m) - tool_room(m),
                "input_price": m.input_price,
                "cached_input_price": m.cached_input_price,
                "output_price": m.output_price,
                "base_url": m.base_url,
            }
            for m in table.values()
        ]
        for row in rows:
            row["calibrated_ratio"] = ratios.get(str(row["name"]))
        click.echo(json.dumps(rows, indent=2))
        return

    def price(p: float | None) -> str:
        return f"${p:.2f}" if p is not None else "n/a"

    click.echo(
        f"{'model':<20}{'context':>11}{'budget':>11}{'w/ tools':>11}{'input':>9}{'cached':>9}"
        f"{'output':>9}{'ratio':>8}"
    )
    for m in table.values():
        ratio = f"{ratios[m.name]:.3f}" if m.name in ratios else "-"
        click.echo(
            f"{m.name:<20}{m.context:>11,}{budget_for(m):>11,}{budget_for(m) - tool_room(m):>11,}"
            f"{price(m.input_price):>9}{price(m.cached_input_price):>9}{price(m.output_price):>9}"
            f"{ratio:>8}"
        )
    click.echo(
        "prices: USD per 1M tokens; budget: what a review packs (the window less the answer "
        "reserve and the tokenizer margin); w/ tools: the pack when not every file fits in "
        "full, which keeps room in the window for the files the model reads with tools (both less "
        "the task's own text, about 1k tokens); ratio: provider tokens per o200k token, measured "
        "by `repoview calibrate` (-: the fixed margin applies)"
    )


def _confirm(plan: Any) -> bool:
    """Ask on the terminal before an expensive review is sent."""
    click.echo(plan.describe(), err=True, nl=False)
    return click.confirm(f"Send this review (at most ${plan.cost:.2f})?", err=True)


def _emit(text: str, output: Path | None) -> None:
    if output:
        _write(output, [text.encode()])
    else:
        click.echo(text, nl=False)


def _reader(path: Path, rev: str | None) -> Reader:
    """Reads the reviewed files, so report fingerprints follow their text."""
    from .report import file_reader

    info = locate(path)
    return file_reader(info.toplevel or info.path, rev)


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--model", help="The model to calibrate (default: REPOVIEW_MODEL or kimi-k2.6).")
@click.option("--base-url", help="The provider's API base (default: the model's own).")
def calibrate(path: Path, model: str | None, base_url: str | None) -> None:
    """Measure the provider's token count of this repository against o200k_base; budgets
    for the model then use the measured ratio instead of a fixed margin."""
    from .calibrate import run_calibration

    try:
        cal, old, new, where = run_calibration(path, model, base_url, dict(os.environ))
    except RepoviewError as exc:
        _fail(exc)
    click.echo(
        f"{cal.model}: {cal.provider_tokens:,} provider tokens for {cal.o200k_tokens:,} "
        f"o200k tokens, ratio {cal.ratio:.4f}; budget {old:,} -> {new:,} "
        f"(saved in {where})"
    )


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
def mcp_command(max_cost: float | None, inline_tokens: int) -> None:
    """Serve packs, search and reviews to coding agents (Model Context Protocol, stdio)."""
    import importlib.util

    if importlib.util.find_spec("mcp") is None:
        _fail(ConfigError("repoview mcp needs the MCP SDK: pip install 'repoview-llm[mcp]'"))
    from .mcp_server import ServerSettings, serve

    try:
        # Where keys go is the person's choice (flag, environment, own config), never a
        # repository's: the server's endpoint comes from settings without a repository.
        s = resolve(None, {}, os.environ)
        settings = ServerSettings(
            max_cost=max_cost,
            inline_tokens=inline_tokens,
            base_url=s.get("review.base_url"),
            models=dict(s.models),
        )
    except RepoviewError as exc:
        _fail(exc)
    serve(settings)


def _write(path: Path, data: Iterable[bytes]) -> int:
    """Write `data` to `path` (standard output for "-"); the number of bytes written."""
    size = 0

    def counted() -> Iterator[bytes]:
        nonlocal size
        for piece in data:
            size += len(piece)
            yield piece

    if str(path) == "-":  # the Unix convention: `-o -` is standard output
        sys.stdout.flush()
        sys.stdout.buffer.writelines(counted())
        sys.stdout.buffer.flush()
        return size
    try:
        with path.open("wb") as fh:
            fh.writelines(counted())
    except OSError as exc:
        _fail(ConfigError(f"cannot write {path}: {exc.strerror}"))
    return size


def _leave_at_once() -> NoReturn:
    """End a finished pack without tearing the interpreter down: freeing a large pack's
    objects one by one takes 25 ms of a warm 0.5 s pack of the stdlib corpus. Exit handlers
    still run (the token worker is stopped); the output is written and flushed."""
    import atexit
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        # The reader may have gone away (`| head`): not an error, as in main().
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(0)


def main() -> None:
    """Entry point: run the CLI, turning errors into one line and an exit code."""
    debug = _env("REPOVIEW_DEBUG") == "1"
    try:
        cli(standalone_mode=True)
    except SystemExit as exc:
        if exc.code in (0, None) and sys.argv[1:2] == ["pack"]:
            _leave_at_once()
        raise
    except RepoviewError as exc:  # raised outside a command's own handler
        if debug:
            raise
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("repoview: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)  # the reader went away (`| head`): not an error
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"repoview: internal error: {type(exc).__name__}: {exc} "
            "(set REPOVIEW_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        sys.exit(70)
