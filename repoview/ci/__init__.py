"""`repoview ci`: review a pull or merge request and report back on it, like a polite bot."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, GitError, ProviderError
from ..findings import at_or_above
from ..gitutil import git
from ..report import to_markdown, to_sarif
from .diffmap import changed_lines, hunk_for

__all__ = ["CiContext", "detect", "run_ci"]

MARKER = "<!-- repoview:summary -->"
COMMENT_LIMIT = 65_536
Say = Callable[[str], None]


@dataclass
class CiContext:
    """What the CI environment says about the change under review."""

    provider: str  # github | gitlab
    base: str
    head: str
    number: int | None  # pull request number / merge request iid; None outside one
    api: str
    token: str | None
    project: str  # owner/repo on GitHub, the project id on GitLab
    step_summary: Path | None = None


def detect(env: dict[str, str], provider: str | None) -> CiContext:
    """Read the CI variables; ConfigError when they do not describe a change."""
    name = provider or ("github" if env.get("GITHUB_ACTIONS") == "true" else
                        "gitlab" if env.get("GITLAB_CI") == "true" else None)  # fmt: skip
    if name == "github":
        return _github_context(env)
    if name == "gitlab":
        return _gitlab_context(env)
    raise ConfigError("not running in GitHub Actions or GitLab CI; pass --provider github|gitlab")


def _github_context(env: dict[str, str]) -> CiContext:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        raise ConfigError("GITHUB_EVENT_PATH is not set; run inside GitHub Actions")
    try:
        event = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the event payload {path}: {exc}") from None
    pr = event.get("pull_request")
    summary = Path(env["GITHUB_STEP_SUMMARY"]) if env.get("GITHUB_STEP_SUMMARY") else None
    api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    token, project = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY", "")
    if pr:
        return CiContext("github", pr["base"]["sha"], pr["head"]["sha"], int(pr["number"]), api,
                         token, project, summary)  # fmt: skip
    if event.get("before") and event.get("after"):
        return CiContext("github", event["before"], event["after"], None, api, token, project,
                         summary)  # fmt: skip
    raise ConfigError(
        f"the {env.get('GITHUB_EVENT_NAME', 'unknown')} event names no change; run on "
        "pull_request or push"
    )


def _gitlab_context(env: dict[str, str]) -> CiContext:
    base = env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA")
    head = env.get("CI_COMMIT_SHA")
    if not base or not head:
        raise ConfigError("no merge request here: run the job in a merge request pipeline")
    iid = env.get("CI_MERGE_REQUEST_IID")
    return CiContext("gitlab", base, head, int(iid) if iid else None,
                     env.get("CI_API_V4_URL", "").rstrip("/"), env.get("GITLAB_TOKEN"),
                     env.get("CI_PROJECT_ID", ""))  # fmt: skip


def ensure_commits(root: Path, ctx: CiContext, say: Say) -> None:
    """Fetch base and head when a shallow checkout lacks them; say what to change if not."""
    missing = [c for c in (ctx.base, ctx.head)
               if git(["cat-file", "-t", c], root, check=False).strip() != b"commit"]  # fmt: skip
    if not missing:
        return
    say(f"repoview: fetching {', '.join(m[:12] for m in missing)} (shallow checkout)")
    git(["fetch", "--no-tags", "--quiet", "origin", *missing], root, check=False)
    still = [
        c for c in missing if git(["cat-file", "-t", c], root, check=False).strip() != b"commit"
    ]
    if still:
        raise GitError(
            f"the checkout lacks commit {still[0][:12]} and could not fetch it; check out with "
            "full history (actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)"
        )


def fingerprint(f: dict[str, Any]) -> str:
    """Names a finding across runs (lines shift; path, category and title rarely do)."""
    key = f"{f.get('path')}|{f.get('category')}|{f.get('title')}".encode()
    return hashlib.sha1(key).hexdigest()[:12]


@dataclass
class Placement:
    """Which findings go inline (with their position) and which into the summary."""

    inline: list[tuple[dict[str, Any], int, int | None]] = field(default_factory=list)
    summary_only: list[dict[str, Any]] = field(default_factory=list)


def place(findings: list[dict[str, Any]], diff: str) -> Placement:
    """Inline only where GitHub and GitLab accept a comment: lines inside the diff's hunks."""
    hunks = changed_lines(diff)
    out = Placement()
    for f in findings:
        path, line = f.get("path"), f.get("line")
        spans = hunks.get(path or "")
        if not spans or not line:
            out.summary_only.append(f)
            continue
        span = hunk_for(spans, int(line))
        if span is None:
            out.summary_only.append(f)
            continue
        end = f.get("end_line")
        start_line = int(line)
        if end and span[0] <= int(end) <= span[1] and int(end) > start_line:
            out.inline.append((f, int(end), start_line))  # a range: start_line .. line
        else:
            out.inline.append((f, start_line, None))
    return out


def finding_comment(f: dict[str, Any]) -> str:
    body = f"**[{f['severity']}] {f['title']}** ({f.get('category', 'bug')})\n\n{f.get('body', '')}"
    if f.get("suggestion"):
        body += f"\n\n**Suggestion:** {f['suggestion']}"
    return body + f"\n\n<!-- repoview:finding:{fingerprint(f)} -->"


def summary_comment(report: dict[str, Any], extra: list[dict[str, Any]], note: str = "") -> str:
    """The one summary comment: the report, without what went inline, within the limit."""
    shown = dict(report)
    shown["findings"] = extra
    text = f"{MARKER}\n## repoview review\n\n"
    if note:
        text += f"> {note}\n\n"
    inline = len(report.get("findings", [])) - len(extra)
    if inline:
        text += f"{inline} finding(s) are inline comments on the changed lines.\n\n"
    text += to_markdown(shown).split("\n", 2)[2] if "\n" in to_markdown(shown) else ""
    if len(text) > COMMENT_LIMIT:
        cut = "\n\n… truncated: the full report is in the job summary and the run store."
        text = text[: COMMENT_LIMIT - len(cut) - 10] + cut
    return text


def run_ci(root: Path, ctx: CiContext, report_fn: Callable[[str], dict[str, Any]],
           fail_on: str | None, strict: bool, dry_run: bool, sarif: Path | None,
           say: Say) -> int:  # fmt: skip
    """Review the change and report on it; the exit code `repoview ci` returns."""
    from .github import GitHub
    from .gitlab import GitLab

    ensure_commits(root, ctx, say)
    spec = f"{ctx.base}..{ctx.head}"
    note = ""
    try:
        report = report_fn(spec)
    except (ProviderError, ConfigError) as exc:
        if strict:
            raise
        note = f"repoview could not review this change: {exc}"
        say(f"repoview: warning: {exc}")
        report = {"task": "diff", "findings": [], "summary": "", "warnings": [note],
                  "model": None, "repository": root.name, "rev": ctx.head}  # fmt: skip
    findings = report.get("findings", [])
    if sarif is not None:
        sarif.write_text(json.dumps(to_sarif(report), indent=2) + "\n")
    diff = git(["diff", "--no-color", "--no-ext-diff", "-M", spec], root).decode("utf-8", "replace")
    placement = place(findings, diff)
    markdown = to_markdown(report)
    if ctx.step_summary is not None:
        with ctx.step_summary.open("a", encoding="utf-8") as fh:
            fh.write(markdown + "\n")
    if ctx.number is None:
        say("repoview: not a pull/merge request: the report is in the job summary only")
    elif dry_run:
        say(f"repoview: dry run: would post 1 summary and {len(placement.inline)} inline notes")
    else:
        forge = GitHub(ctx, say) if ctx.provider == "github" else GitLab(ctx, say)
        try:
            forge.publish(report, placement, note)
        finally:
            forge.close()
    failing = [f for f in findings if fail_on and at_or_above(f["severity"], fail_on)]
    if failing:
        say(f"repoview: {len(failing)} finding(s) at or above '{fail_on}'")
        return 1
    return 0
