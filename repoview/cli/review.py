"""`repoview review`, `runs` and `ci`: reviews by a model, the stored runs, and the review
of a pull or merge request."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ConfigError, RepoviewError
from ..gitutil import locate
from ..settings import resolve
from .base import _fail, _say, _settings, _target, _write, cli

if TYPE_CHECKING:
    from ..report import Reader
    from ..store import Run


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
    "review slices of the repository in parts, then merge; auto: map-reduce when one "
    "request would show under half of the source in full and 16 parts or fewer do, else "
    "single (the plan says why).",
)
@click.option("--concurrency", type=int, default=None, help="Parts reviewed at once.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask before an expensive review.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the report.")
def review(**kw: Any) -> None:
    """Review a repository with a long-context model."""
    from ..options import review_options
    from ..report import render_report
    from ..reviewer import UNREAD, UNREAD_EXIT, run_review, unreviewed_parts
    from ..summary import ProgressLine

    progress = ProgressLine(enabled=False if kw["quiet"] else None)  # a terminal, unless -q
    kw["fmt"] = _format_for_output(kw["fmt"], kw["output"])
    if kw["fmt"] in _FORMAT_NAMES:
        _no_findings_format(kw["task"], kw["fmt"], "--format markdown|json")
        if kw["model"] and "," in kw["model"]:  # a comparison is a table, not one analysis
            _fail(
                ConfigError(
                    f"--model {kw['model']} compares models in a table: no "
                    f"{_FORMAT_NAMES[kw['fmt']]} file; use --format markdown|json, or one --model"
                )
            )
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

        def say(line: str) -> None:
            if not kw["quiet"]:
                progress.clear()  # a line of its own, not after the progress bar's text
                _say(line)

        if opts.model and "," in opts.model:
            from ..compare import compare_models

            _emit(compare_models(opts, say, kw["fmt"]), kw["output"])
            return
        result = run_review(opts, say, progress.stream_progress)
    except RepoviewError as exc:
        progress.clear()
        if exc.run_id is not None:
            _write_failed(exc.run_id, kw["fmt"], kw["output"], kw["quiet"])
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
    if kw["fmt"] in _FORMAT_NAMES and result.report.get("raw"):
        # The answer was not findings: an empty SARIF or Code Quality file would read as a
        # clean analysis and close every open alert once uploaded (as `ci` and `runs show`
        # refuse too). Nothing is written; the exit code says the run reviewed nothing.
        stored = f"; its answer: repoview runs show {result.run_id}" if result.run_id else ""
        _say(
            f"review: {UNREAD}; no {_FORMAT_NAMES[kw['fmt']]} written (an empty one reads as a "
            "clean analysis)" + stored
        )
        sys.exit(result.exit_code)
    # A part that failed: uploaded, a SARIF or Code Quality file of the others would close
    # the open alerts of every file that part held, as if reviewed and found clean.
    failed_parts = unreviewed_parts(result.report) if kw["fmt"] in _FORMAT_NAMES else []
    if not failed_parts:
        text = render_report(result.report, kw["fmt"], _reader(path, kw["rev"]))
        if kw["output"]:
            _write(kw["output"], [text.encode()])
        else:
            click.echo(text, nl=False)
    if not kw["quiet"]:
        rep = result.report
        usage = rep.get("usage", {})
        requests = usage.get("requests", 1)
        # Retries are HTTP requests too: the count says how many were made in all.
        tries = f" ({usage['attempts']} attempts)" if usage.get("attempts", 0) > requests else ""
        cost = rep.get("cost_usd")
        found = (
            ""
            if opts.task in ("architecture", "docs") or rep.get("raw")
            else f"{len(rep['findings'])} finding{'' if len(rep['findings']) == 1 else 's'}, "
        )
        _say(
            f"review: {found}{requests} request(s){tries}, "
            f"{usage.get('input_tokens', 0):,} tokens in ({usage.get('cached_tokens', 0):,} "
            f"cached), {usage.get('output_tokens', 0):,} out"
            + (" (counted by repoview)" if usage.get("estimated_requests") else "")
            + (f", ${cost:.4f}" if cost is not None else "")
            + f"; run {result.run_id} (repoview runs show {result.run_id})"
        )
        for w in rep.get("warnings", []):
            _say(f"review: warning: {w}")
        for written in rep.get("written") or []:
            _say(f"review: wrote {written}")
        if kw["fmt"] in ("codequality", "sarif") and not failed_parts:
            _say_pathless(rep, "Code Quality report" if kw["fmt"] == "codequality" else "SARIF")
    if result.exit_code == UNREAD_EXIT and result.report.get("raw"):
        _say(f"review: {UNREAD}")
    if failed_parts:  # (said even with -q: the file asked for is not there)
        _say(
            f"review: part(s) {', '.join(map(str, failed_parts))} failed; no "
            f"{_FORMAT_NAMES[kw['fmt']]} written (it would read as a clean analysis of the "
            f"files those parts held); its findings: repoview runs show {result.run_id}"
        )
    sys.exit(result.exit_code)


def _say_pathless(report: dict[str, Any], what: str) -> None:
    """Code Quality and code scanning need a file for every entry: say which findings the
    report leaves out."""
    from ..report import repo_path

    left = [f for f in report.get("findings") or [] if repo_path(f) is None]
    if left:
        _say(
            f"review: warning: {len(left)} finding(s) name no file of the repository and are "
            f"not in the {what} (the other formats have them)"
        )


def _no_findings_format(task: str, fmt: str, instead: str) -> None:
    """Refuse a findings-only format for a task that answers in prose."""
    from ..outcome import FINDING_TASKS

    if task in FINDING_TASKS:
        return
    # An empty file would read as a clean analysis: uploaded under the same tool, it closes
    # every open alert, as a failed run's would.
    _fail(
        ConfigError(
            f"{task} answers in Markdown: no findings for {_FORMAT_NAMES[fmt]}; use {instead}, "
            f"or --task {'|'.join(FINDING_TASKS)} for findings"
        )
    )


_FORMAT_NAMES = {"sarif": "SARIF", "codequality": "Code Quality"}  # the findings-only formats
_REPORT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".sarif": "sarif"}


def _format_for_output(fmt: str, output: Path | None) -> str:
    """The format `output`'s suffix names (`report.json`: json) when the command line gave
    no --format: a file named .json that holds Markdown breaks whatever reads it. Otherwise
    `fmt`."""
    ctx = click.get_current_context(silent=True)
    given = ctx is not None and ctx.get_parameter_source("fmt") not in (
        None,
        click.core.ParameterSource.DEFAULT,
    )
    if given or output is None:
        return fmt
    return _REPORT_SUFFIXES.get(output.suffix.lower(), fmt)


@cli.group(invoke_without_command=True)
@click.option("--repo", type=click.Path(path_type=Path), help="Only runs of this repository.")
@click.option("-n", "--limit", default=20, show_default=True, help="How many runs to list.")
@click.pass_context
def runs(ctx: click.Context, repo: Path | None, limit: int) -> None:
    """List past reviews from the run store."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import datetime

    from ..store import RunStore
    from ..tokens import default_home

    try:
        store = RunStore(default_home() / "runs.sqlite")
    except RepoviewError as exc:
        _fail(exc)
    rows = store.recent(str(repo.resolve()) if repo else None, limit)
    if not rows:
        click.echo("no runs yet: `repoview review --task bugs` makes one")
        return
    click.echo(
        f"{'id':>5}  {'when':<16}  {'task':<12} {'status':<12} {'model':<18}"
        f"{'tokens in':>11}{'cost':>10}  repository"
    )
    for r in rows:
        when = datetime.fromtimestamp(r.created).strftime("%Y-%m-%d %H:%M")
        cost = f"${r.cost_usd:.4f}" if r.cost_usd is not None else "-"
        click.echo(
            f"{r.id:>5}  {when:<16}  {r.task:<12} {r.status:<12} {r.model!s:<18}"
            f"{r.input_tokens:>11,}{cost:>10}  {r.repo}"
        )


@runs.command("show")
@click.argument("run_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["markdown", "json", "sarif"]), default="markdown"
)
def runs_show(run_id: int, fmt: str) -> None:
    """Print one stored review."""
    from ..report import render_report
    from ..store import RunStore
    from ..tokens import default_home

    try:
        store = RunStore(default_home() / "runs.sqlite")
    except RepoviewError as exc:
        _fail(exc)
    run = store.get(run_id)
    if run is None:
        _fail(ConfigError(f"no run {run_id}; `repoview runs` lists them"))
    data, error = _stored_report(run)
    if fmt == "sarif":
        _no_findings_format(run.task, fmt, "--format markdown|json")
    if fmt == "sarif" and run.status == "partial":
        # (as `review` writes none: the failed parts' files would read as reviewed and clean)
        from ..reviewer import unreviewed_parts

        failed = ", ".join(map(str, unreviewed_parts(data)))
        _fail(
            ConfigError(
                f"run {run_id} did not review part(s) {failed}: no SARIF, which would read as a "
                "clean analysis of their files; --format json or markdown has its findings"
            )
        )
    if fmt == "sarif" and run.status != "ok":
        # Refused rather than marked: GitHub code scanning reads a SARIF run's results, not
        # `invocations[].executionSuccessful`, so an empty run uploaded from a review that
        # never took place would close every open alert. No file, nothing closed.
        why = error or "the model's answer could not be read as findings"
        _fail(
            ConfigError(
                f"run {run_id} reviewed nothing ({why}): no SARIF, which would read as a clean "
                "analysis; run the review again"
            )
        )
    if fmt == "sarif":
        _say_pathless(data, "SARIF")
    click.echo(render_report(data, fmt), nl=False)


def _stored_report(run: Run) -> tuple[dict[str, Any], str]:
    """A stored run's report, and why it reviewed nothing ("" when it did)."""
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
    error = run.error or ("it has not finished: no report yet" if run.status == "running" else "")
    if run.status in ("failed", "running"):  # "running": stopped before it stored a report
        # Keys added, none changed: a reader of the JSON tells "failed" from "0 findings".
        data = {**data, "status": run.status, "error": error}
    elif run.status in ("partial", "not-reviewed", "ok"):
        data = {**data, "status": run.status}  # (what is missing: `parts`, `raw`)
    return data, error


def _write_failed(run_id: int, fmt: str, output: Path | None, quiet: bool) -> None:
    """A review that failed after it was stored: its report (Markdown or JSON, "Not
    reviewed" with the error) where `-o` asked, as `runs show` prints it. No SARIF or Code
    Quality file: an empty one reads as a clean analysis. (Best effort: the review's own
    error is what the user must see.)"""
    if output is None or fmt not in ("markdown", "json"):
        return
    import sqlite3

    from ..report import render_report
    from ..store import RunStore
    from ..tokens import default_home

    try:
        store = RunStore(default_home() / "runs.sqlite")
        try:
            run = store.get(run_id)
        finally:
            store.close()
        if run is None:
            return
        text = render_report(_stored_report(run)[0], fmt).encode()
        if str(output) == "-":
            _write(output, [text])
        else:  # (a file that cannot be written: the review's error still is the one said)
            output.write_bytes(text)
    except (RepoviewError, sqlite3.Error, OSError):
        return
    if not quiet:
        _say(f"review: run {run_id} reviewed nothing; its report: {output}")


@cli.command()
@click.option(
    "--provider",
    type=click.Choice(["github", "gitlab"]),
    help="Default: detected from the CI environment.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Review (the provider bills it) and check the forge token, but post nothing.",
)
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
    from dataclasses import replace

    from ..ci import FORCE, CiOptions, detect, review_digest, run_ci
    from ..keys import seal_key
    from ..options import review_options
    from ..reviewer import run_review
    from ..setting_values import parse_bool
    from ..settings import base_config

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

        asked = review_options(s, "ci", top, "diff", environ, rev=ctx.head, prompts_rev=ctx.base)

        def report_fn(spec: str) -> dict[str, Any]:
            return run_review(replace(asked, diff=spec), _say).report

        opts = CiOptions(
            fail_on=s["ci.fail_on"],
            strict=s["ci.strict"],
            dry_run=dry_run,
            sarif=sarif,
            codequality=codequality,
            report=report,
            model=s.get("ci.model"),
            settings=review_digest(asked),
            force=bool(environ.get(FORCE)) and parse_bool(environ[FORCE], f"${FORCE}"),
            seal=seal_key(environ),
        )
        code = run_ci(top, ctx, report_fn, opts, _say)
    except RepoviewError as exc:
        _fail(exc)
    sys.exit(code)


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
    from ..report import file_reader

    info = locate(path)
    return file_reader(info.toplevel or info.path, rev)
