"""`repoview init`, `config`, `trust`, `models`, `calibrate` and `hook`: setting repoview up
and looking at what it is set to."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError, RepoviewError
from ..gitutil import locate
from ..keys import without_credentials
from ..registry import budget_for, registry
from ..settings import Settings, resolve
from ..textsafe import oneline
from .base import _fail, _say, _settings, _write, cli


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing .repoview.toml.")
def init(path: Path, force: bool) -> None:
    """Write a commented .repoview.toml at the root of this repository."""
    from ..extras import INIT_TEXT

    try:
        info = locate(path)
    except RepoviewError as exc:
        _fail(exc)
    target = (info.toplevel or info.path) / ".repoview.toml"
    if target.exists() and not force:
        _fail(ConfigError(f"{target} exists; pass --force to replace it"))
    _write(target, [INIT_TEXT.encode()])
    click.echo(f"repoview: wrote {target}", err=True)


@cli.group()
def hook() -> None:
    """Install, remove or run the pre-push review hook."""


@hook.command("install")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing hook (kept as a backup).")
def hook_install(path: Path, force: bool) -> None:
    """Install the pre-push hook where git looks for hooks (core.hooksPath too)."""
    from ..hook import install

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
    from ..hook import uninstall

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
    from ..hook import HookSettings, read_refs, run_pre_push

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
        url = url or environ.get("PRE_COMMIT_REMOTE_URL")
        code = run_pre_push(
            Path.cwd(), remote, lines, settings, environ, _say, dict(s.models), url=url
        )
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
    if code == 1 and environ.get("REPOVIEW_HOOK_STOP", "").isdigit():
        # (the installed hook asks for its own code: Python exits 1 on its own troubles)
        code = int(environ["REPOVIEW_HOOK_STOP"])
    sys.exit(code)


@cli.command("config")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config_cmd(path: Path, as_json: bool) -> None:
    """Show the effective settings, where each came from, and the paths repoview uses."""
    import json

    from ..settings import config_dir, home_dir, user_config_path

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
        rows = [
            {"name": n, "value": _jsonable(_masked(n, v)), "source": src} for n, v, src in s.items()
        ]
        models = [
            {"name": k, "value": _masked(k, v), "source": s.model_sources.get(k, "")}
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
        click.echo(f"{name:<{width}}  {_show(_masked(name, value)):<24} {src}")
    for name, value in sorted(_flat_models(s).items()):
        shown = _show(_masked(name, value))
        click.echo(f"{name:<{width}}  {shown:<24} {s.model_sources.get(name, '')}")
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


def _masked(name: str, value: Any) -> Any:
    """An endpoint without the `user:password@` written into it."""
    if name.endswith("base_url") and isinstance(value, str):
        return without_credentials(value)
    return value


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
    from ..settings import read_repo_config
    from ..trust import trust, untrust

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
        from ..calibrate import load_calibrations

        ratios = {name: c.ratio for name, c in load_calibrations().items()}
    except RepoviewError as exc:
        _fail(exc)
    from ..reviewer import tool_room

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
                "base_url": without_credentials(m.base_url),
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


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--model", help="The model to calibrate (default: REPOVIEW_MODEL or kimi-k2.6).")
@click.option("--base-url", help="The provider's API base (default: the model's own).")
def calibrate(path: Path, model: str | None, base_url: str | None) -> None:
    """Measure the provider's token count of this repository against o200k_base; budgets
    for the model then use the measured ratio instead of a fixed margin."""
    from ..calibrate import run_calibration
    from ..setting_values import parse_base_url

    try:
        if base_url is not None:
            base_url = parse_base_url(base_url, "--base-url")
        cal, old, new, where = run_calibration(path, model, base_url, dict(os.environ))
    except RepoviewError as exc:
        _fail(exc)
    click.echo(
        f"{cal.model}: {cal.provider_tokens:,} provider tokens for {cal.o200k_tokens:,} "
        f"o200k tokens, ratio {cal.ratio:.4f}; budget {old:,} -> {new:,} "
        f"(saved in {where})"
    )
