"""The `repoview` command line: a thin layer of click over the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .config import env, load_file_config, parse_size
from .errors import ConfigError, RepoviewError
from .gitutil import locate
from .models import budget_for, find_model, registry

__all__ = ["main"]

BUDGET_NAMES = {"128k": 128_000, "256k": 256_000, "512k": 512_000, "1m": 1_000_000,
                "2m": 2_000_000}  # fmt: skip


def parse_budget(value: str | int | None) -> int | None:
    """`--budget 200000`, `200k`, `1m`, or a named context size."""
    if value is None:
        return None
    text = str(value).strip().lower().replace("_", "").replace(",", "")
    if text in BUDGET_NAMES:
        return BUDGET_NAMES[text]
    mult = 1
    if text.endswith("k"):
        mult, text = 1_000, text[:-1]
    elif text.endswith("m"):
        mult, text = 1_000_000, text[:-1]
    try:
        n = int(float(text) * mult)
    except ValueError:
        n = 0
    if n <= 0:
        raise ConfigError(
            f"invalid budget {value!r}: give a token count such as 200000, 200k, or one of "
            + ", ".join(BUDGET_NAMES)
        )
    return n


def _fail(exc: RepoviewError) -> NoReturn:
    if env("REPOVIEW_DEBUG") == "1":
        import traceback

        traceback.print_exception(exc)
    click.echo(f"repoview: error: {exc}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repoview")
def cli() -> None:
    """Review whole codebases with long-context language models."""


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--rev", help="Pack this commit from the object store instead of the work tree.")
@click.option("--budget", help="Token budget: a number, 200k, or 128k|256k|512k|1m|2m.")
@click.option("--model", help="Size the budget for this model (see `repoview models`).")
@click.option(
    "--format", "fmt", type=click.Choice(["xml", "markdown", "plain", "json"]), default=None,
    help="Output format (default: xml).",
)  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@click.option("--manifest", type=click.Path(path_type=Path), help="Write the JSON manifest here.")
@click.option("--include", multiple=True, help="Keep only paths matching this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Leave out paths matching this glob (repeatable).")
@click.option("--no-default-excludes", is_flag=True, help="Keep lockfiles, vendored files, etc.")
@click.option("--diff", help="Put the diff BASE..HEAD (or BASE) and the files it touches first.")
@click.option("--line-numbers", is_flag=True, help="Number every line of file text.")
@click.option("--split-tokens", type=int, help="Write several parts of at most N tokens each.")
@click.option("--focus", type=click.Choice(["breadth", "depth"]),
              help="With a budget: every file's outline first (breadth, default), or full "
                   "text for the central files first (depth).")  # fmt: skip
@click.option("--no-secret-scan", is_flag=True, help="Do not look for secrets (not advised).")
@click.option("--encoding", help="Tokenizer: o200k_base (default) or cl100k_base.")
@click.option("--max-file-size", help="Leave out files larger than this (default 1mb).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the pack.")
def pack(**kw: Any) -> None:
    """Pack a repository (or a folder, or a commit) into one prompt."""
    from .manifest import manifest_json
    from .pack import PackOptions, build_pack
    from .summary import ProgressLine, format_summary

    path: Path = kw["path"]
    try:
        info = locate(path)
        cfg = load_file_config(info.toplevel or info.path)
        budget = parse_budget(kw["budget"] or cfg.get("budget"))
        model_name = kw["model"] or cfg.get("model")
        if model_name:
            model = find_model(model_name, registry(cfg.section("models")))
            budget = budget or budget_for(model)
        if kw["split_tokens"] is not None and kw["split_tokens"] <= 0:
            raise ConfigError("--split-tokens must be a positive number of tokens")
        if kw["split_tokens"] and not kw["output"]:
            raise ConfigError("--split-tokens writes several files: give -o FILE as their stem")
        opts = PackOptions(
            path=path,
            rev=kw["rev"],
            budget=budget,
            model=model_name,
            fmt=kw["fmt"] or cfg.get("format", "xml"),
            include=tuple(kw["include"]) or tuple(cfg.get("include", ())),
            exclude=tuple(kw["exclude"]) + tuple(cfg.get("exclude", ())),
            default_excludes=not kw["no_default_excludes"] and cfg.get("default_excludes", True),
            line_numbers=kw["line_numbers"] or bool(cfg.get("line_numbers", False)),
            secret_scan=not kw["no_secret_scan"] and cfg.get("secret_scan", True),
            max_file_bytes=parse_size(
                kw["max_file_size"] or cfg.get("max_file_size", 1_000_000), "--max-file-size"
            ),
            encoding=kw["encoding"] or cfg.get("encoding", "o200k_base"),
            diff=kw["diff"],
            split_tokens=kw["split_tokens"],
            focus=kw["focus"] or cfg.get("focus", "breadth"),
        )
        progress = ProgressLine(enabled=None if not kw["quiet"] else False)
        result = build_pack(opts, progress)
        progress.clear()
    except RepoviewError as exc:
        _fail(exc)
    data = result.encoded()
    if result.parts:
        out: Path = kw["output"]
        for i, part in enumerate(result.parts, 1):
            part.name = str(out.with_name(f"{out.stem}.part{i}{out.suffix}"))
            _write(Path(part.name), [c.encode("utf-8", "replace") for c in part.chunks])
        data = []
    elif kw["output"]:
        _write(kw["output"], data)
    else:
        sys.stdout.buffer.writelines(data)
        sys.stdout.flush()
    if kw["manifest"]:
        _write(kw["manifest"], [manifest_json(result).encode()])
    if not kw["quiet"]:
        click.echo(format_summary(result, sum(map(len, data))), err=True, nl=False)


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--task",
    type=click.Choice(["architecture", "docs", "bugs", "diff"]),
    required=True,
    help="What to ask for.",
)
@click.option("--diff", help="The change to review: BASE..HEAD, or BASE (against the pack).")
@click.option("--rev", help="Review this commit instead of the work tree.")
@click.option("--model", help="A model from `repoview models`, or auto (smallest that fits).")
@click.option("--base-url", help="OpenAI-compatible API base (or moonshot, moonshot-cn).")
@click.option("--budget", help="Pack at most this many tokens (default: the model's budget).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "sarif"]),
    default="markdown",
    help="Report format.",
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
    type=click.Choice(["auto", "single", "map-reduce"]),
    default=None,
    help="map-reduce: review in parts, then merge (auto: when nothing else fits).",
)
@click.option("--concurrency", type=int, default=None, help="Parts reviewed at once.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the report.")
def review(**kw: Any) -> None:  # fmt: skip
    """Review a repository with a long-context model."""
    from .agent import Limits
    from .report import render_report
    from .review import ReviewOptions, run_review

    path: Path = kw["path"]
    from .summary import ProgressLine

    progress = ProgressLine()
    try:
        info = locate(path)
        cfg = load_file_config(info.toplevel or info.path)
        section = {**cfg, **cfg.section("review")}
        opts = ReviewOptions(
            path=path, task=kw["task"], diff=kw["diff"], rev=kw["rev"],
            model=kw["model"] or section.get("model"),
            base_url=kw["base_url"] or env("REPOVIEW_BASE_URL") or section.get("base_url"),
            budget=parse_budget(kw["budget"] or section.get("budget")),
            fail_on=kw["fail_on"] or section.get("fail_on"), dry_run=kw["dry_run"],
            max_cost=kw["max_cost"] if kw["max_cost"] is not None else section.get("max_cost"),
            exact_tokens=kw["exact_tokens"], stream=not kw["no_stream"],
            output_dir=kw["output_dir"], models=cfg.section("models"),
            timeout=float(section.get("timeout", 900)), retries=int(section.get("retries", 4)),
            backoff=float(section.get("backoff", 1.0)),
            tools=not kw["no_tools"] and bool(section.get("tools", True)),
            strategy=kw["strategy"] or section.get("strategy", "auto"),
            concurrency=kw["concurrency"] or int(section.get("concurrency", 2)),
            limits=Limits(
                calls=int(section.get("tool_calls", 20)),
                tokens_per_call=int(section.get("tool_tokens", 8000)),
                total_tokens=int(section.get("tool_total", 60000)),
            ),
        )  # fmt: skip
        if opts.model is None and env("REPOVIEW_MODEL"):
            opts.model = env("REPOVIEW_MODEL")
        say = (lambda _line: None) if kw["quiet"] else (lambda line: click.echo(line, err=True))
        result = run_review(opts, say, progress.stream_progress)
    except RepoviewError as exc:
        progress.clear()
        _fail(exc)
    progress.clear()
    text = render_report(result.report, kw["fmt"])
    if kw["output"]:
        _write(kw["output"], [text.encode()])
    else:
        click.echo(text, nl=False)
    if not kw["quiet"]:
        rep = result.report
        if rep.get("status") == "dry-run":
            click.echo("review: dry run, nothing sent", err=True)
        else:
            usage = rep.get("usage", {})
            cost = rep.get("cost_usd")
            click.echo(
                f"review: {len(rep['findings'])} findings, {usage.get('input_tokens', 0):,} "
                f"tokens in ({usage.get('cached_tokens', 0):,} cached), "
                f"{usage.get('output_tokens', 0):,} out"
                + (f", ${cost:.4f}" if cost is not None else "")
                + f"; run {result.run_id} (repoview runs show {result.run_id})",
                err=True,
            )
            for w in rep.get("warnings", []):
                click.echo(f"review: warning: {w}", err=True)
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
    click.echo(f"{'id':>5}  {'when':<16}  {'task':<12} {'status':<8} {'model':<18}"
               f"{'tokens in':>11}{'cost':>10}  repository")  # fmt: skip
    for r in rows:
        when = datetime.fromtimestamp(r.created).strftime("%Y-%m-%d %H:%M")
        cost = f"${r.cost_usd:.4f}" if r.cost_usd is not None else "-"
        click.echo(f"{r.id:>5}  {when:<16}  {r.task:<12} {r.status:<8} {r.model!s:<18}"
                   f"{r.input_tokens:>11,}{cost:>10}  {r.repo}")  # fmt: skip


@runs.command("show")
@click.argument("run_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["markdown", "json", "sarif"]), default="markdown"
)
def runs_show(run_id: int, fmt: str) -> None:  # fmt: skip
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
            "task": run.task, "model": run.model, "repository": run.repo, "rev": run.rev,
            "findings": [], "warnings": [f"run {run.status}: {run.error or 'no report'}"],
        }  # fmt: skip
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
        info = locate(Path.cwd())
        cfg = load_file_config(info.toplevel or info.path)
        settings = HookSettings.from_config(cfg.section("hook"))
        code = run_pre_push(Path.cwd(), remote, lines, settings, environ,
                            lambda line: click.echo(line, err=True))  # fmt: skip
    except RepoviewError as exc:  # never lose a push to our own trouble
        click.echo(f"repoview: warning: {exc}; push not reviewed", err=True)
        code = 0
    sys.exit(code)


@cli.command()
@click.option(
    "--provider",
    type=click.Choice(["github", "gitlab"]),
    help="Default: detected from the CI environment.",
)
@click.option("--dry-run", is_flag=True, help="Review, but post nothing to the forge.")
@click.option("--sarif", type=click.Path(path_type=Path), help="Also write SARIF here.")
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low", "info"]),
    help="Exit 1 when a finding is this severe (default: never).",
)
@click.option("--model", help="Model to review with.")
def ci(provider: str | None, dry_run: bool, sarif: Path | None, fail_on: str | None,
       model: str | None) -> None:  # fmt: skip
    """Review the pull/merge request this CI job runs for, and comment on it."""
    from .ci import detect, run_ci
    from .review import ReviewOptions, run_review

    environ = dict(os.environ)
    try:
        root = locate(Path.cwd())
        top = root.toplevel or root.path
        cfg = load_file_config(top)
        section = cfg.section("ci")
        ctx = detect(environ, provider)

        def report_fn(spec: str) -> dict[str, Any]:
            opts = ReviewOptions(
                path=top, task="diff", diff=spec, rev=ctx.head,
                model=model or section.get("model") or cfg.get("model"),
                base_url=env("REPOVIEW_BASE_URL") or cfg.get("base_url"),
                budget=parse_budget(section.get("budget")), env=environ,
                models=cfg.section("models"), retries=int(section.get("retries", 3)),
            )  # fmt: skip
            return run_review(opts, lambda line: click.echo(line, err=True)).report

        code = run_ci(top, ctx, report_fn, fail_on or section.get("fail_on"),
                      bool(section.get("strict", False)), dry_run, sarif,
                      lambda line: click.echo(line, err=True))  # fmt: skip
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
def web(paths: tuple[Path, ...], host: str, port: int, open_browser: bool) -> None:
    """Start the local web report for these repositories (default: this one)."""
    import socket
    import webbrowser

    from .webapp import load_web, serve

    folders = list(paths) or [Path(".")]
    try:
        for p in folders:
            locate(p)
    except RepoviewError as exc:
        _fail(exc)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"repoview: warning: listening on {host}: anyone who can reach this address can "
            "read these repositories and spend your API key",
            err=True,
        )
    if port == 0:
        with socket.socket() as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
    names = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"{host}:{port}"}
    app = load_web().create_app({"REPOS": [str(p) for p in folders], "ALLOWED_HOSTS": names,
                                 "PORT": port})  # fmt: skip
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    click.echo(f"repoview: web report at {url} (Ctrl-C stops it)", err=True)
    if open_browser:
        webbrowser.open(url)
    serve(app, host, port)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the registry as JSON.")
def models(as_json: bool) -> None:
    """List the models repoview knows: context window, prices, pack budget."""
    import json

    try:
        cfg = load_file_config(Path.cwd())
        table = registry(cfg.section("models"))
    except RepoviewError as exc:
        _fail(exc)
    if as_json:
        rows = [
            {"name": m.name, "context": m.context, "budget": budget_for(m),
             "input_price": m.input_price, "cached_input_price": m.cached_input_price,
             "output_price": m.output_price, "base_url": m.base_url}
            for m in table.values()
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return

    def price(p: float | None) -> str:
        return f"${p:.2f}" if p is not None else "n/a"

    click.echo(f"{'model':<20}{'context':>11}{'budget':>11}{'input':>9}{'cached':>9}{'output':>9}")
    for m in table.values():
        click.echo(
            f"{m.name:<20}{m.context:>11,}{budget_for(m):>11,}{price(m.input_price):>9}"
            f"{price(m.cached_input_price):>9}{price(m.output_price):>9}"
        )
    click.echo("prices: USD per 1M tokens; budget: the window less the answer reserve and "
               "the tokenizer margin")  # fmt: skip


def _write(path: Path, data: list[bytes]) -> None:
    try:
        with path.open("wb") as fh:
            fh.writelines(data)
    except OSError as exc:
        _fail(ConfigError(f"cannot write {path}: {exc.strerror}"))


def main() -> None:
    """Entry point: run the CLI, turning errors into one line and an exit code."""
    debug = env("REPOVIEW_DEBUG") == "1"
    try:
        cli(standalone_mode=True)
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
