"""`repoview ci`: review a pull or merge request and report back on it, like a polite bot."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError, GitError, NothingToReview, ProviderError
from ..findings import (
    SEVERITIES,
    at_or_above,
    counts_for_failing,
    uncounted_line,
    weigh_reported,
)
from ..gitutil import git
from ..keys import without_credentials
from ..report import (
    Reader,
    anchor_text,
    file_reader,
    repo_path,
    to_codequality,
    to_markdown,
    to_sarif,
)
from .diffmap import OldSide, changed_lines, hunk_for, old_side
from .text import Identity, Stamp, anchor_digest

if TYPE_CHECKING:
    from ..reviewer import ReviewOptions

__all__ = ["FORCE", "CiContext", "CiOptions", "detect", "review_digest", "run_ci"]

Say = Callable[[str], None]
TASK = "diff"
# Set to 1 to review a head again that the summary comment says was reviewed already.
# A variable, not a flag: GitLab's "Run pipeline" form and CI/CD variables set it without
# editing the pipeline (on GitHub, deleting the summary comment is the no-edit way).
FORCE = "REPOVIEW_CI_FORCE"


@dataclass
class CiOptions:
    """How `repoview ci` reports: fail level, extra report files, whether to post."""

    fail_on: str | None = None
    strict: bool = False  # a provider failure fails the job instead of becoming a note
    dry_run: bool = False
    sarif: Path | None = None
    codequality: Path | None = None
    report: Path | None = None  # the JSON report
    model: str | None = None  # the model asked, named in the comment when the review fails
    settings: str = ""  # digest of the settings that shape the review's requests
    force: bool = False  # review even when the summary says this review was made already
    seal: bytes = field(default=b"", repr=False)  # `keys.seal_key`: b"" stamps nothing


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
    graphql: str | None = None  # GitHub's GraphQL endpoint, as Actions names it
    outputs: Path | None = None  # GITHUB_OUTPUT: the step outputs an action passes on
    # The request's head when the job checked out something else (GitLab's merged results
    # pipelines test a merge of it into the target); empty: `head`.
    tip: str = ""


def detect(env: dict[str, str], provider: str | None) -> CiContext:
    """Read the CI variables; ConfigError when they do not describe a change."""
    name = provider or (
        "github"
        if env.get("GITHUB_ACTIONS") == "true"
        else "gitlab"
        if env.get("GITLAB_CI") == "true"
        else None
    )
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
    graphql = env.get("GITHUB_GRAPHQL_URL") or None
    outputs = Path(env["GITHUB_OUTPUT"]) if env.get("GITHUB_OUTPUT") else None
    if pr:
        return CiContext(
            "github",
            pr["base"]["sha"],
            pr["head"]["sha"],
            int(pr["number"]),
            api,
            token,
            project,
            summary,
            graphql,
            outputs,
        )
    if event.get("before") and event.get("after"):
        return CiContext(
            "github",
            event["before"],
            event["after"],
            None,
            api,
            token,
            project,
            summary,
            graphql,
            outputs,
        )
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
    return CiContext(
        "gitlab",
        base,
        head,
        int(iid) if iid else None,
        env.get("CI_API_V4_URL", "").rstrip("/"),
        env.get("GITLAB_TOKEN"),
        env.get("CI_PROJECT_ID", ""),
        tip=env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", ""),
    )


def ensure_commits(root: Path, ctx: CiContext, say: Say) -> None:
    """Fetch base and head when a shallow checkout lacks them; say what to change if not."""
    missing = [
        c
        for c in (ctx.base, ctx.head)
        if git(["cat-file", "-t", c], root, check=False).strip() != b"commit"
    ]
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


def _from_fork_point(root: Path, ctx: CiContext, say: Say) -> CiContext:
    """A GitHub pull request's change from where its branch left the base: the event's base
    is the base branch's tip, and once that branch moves on, `base..head` shows its new
    commits undone, as if the pull request reverted them (GitLab's base is the merge base
    already; a push's `before` is what it replaced)."""
    if ctx.provider != "github" or ctx.number is None:
        return ctx
    found = git(["merge-base", ctx.base, ctx.head], root, check=False).decode().strip()
    if not found:
        say(
            f"repoview: warning: no common ancestor of {ctx.base[:12]} and {ctx.head[:12]} "
            "in this checkout: the change is taken against the base branch's tip, which "
            "shows what the base gained since as undone; check out with full history "
            "(actions/checkout: fetch-depth: 0)"
        )
        return ctx
    return replace(ctx, base=found)


def identity(f: dict[str, Any], read: Reader) -> Identity | None:
    """A finding's place (file, line, category), or None when it names no line of the repo."""
    path = repo_path(f)
    if path is None or not f.get("line"):
        return None
    anchor = anchor_text(f, read)
    return Identity(
        path,
        str(f.get("category", "bug")),
        int(f["line"]),
        anchor_digest(anchor) if not anchor.startswith("~") else "",
    )


@dataclass
class Placement:
    """Each finding's identity, and where a new inline comment may go (None: summary only)."""

    findings: list[dict[str, Any]]
    idents: list[Identity | None]
    # (line, start_line) on the new side, for findings inside a hunk of the diff
    spots: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    # Each file's path before the change and its unchanged lines' old numbers: GitLab
    # takes a note on an unchanged line, or in a renamed file, only addressed by both sides.
    old: OldSide = field(default_factory=dict)

    def before(self, path: str, line: int) -> tuple[str, int | None]:
        """`path` before the change, and `line`'s number there (None: the change added it)."""
        old_path, pairs, _ = self.old.get(path, (path, {}, {}))
        return old_path, pairs.get(line)

    def line_code(self, path: str, line: int) -> tuple[str, int | None]:
        """GitLab's code of new-side `line` of `path` (its new path's SHA-1, the old side's
        number there, the new one) and its old line (None: the change added it)."""
        _, pairs, added = self.old.get(path, (path, {}, {}))
        old = pairs.get(line)
        there = old if old is not None else added.get(line, 0)
        return f"{hashlib.sha1(path.encode()).hexdigest()}_{there}_{line}", old


def place(findings: list[dict[str, Any]], diff: str, read: Reader) -> Placement:
    """Inline only where GitHub and GitLab accept a comment: lines inside the diff's hunks."""
    hunks = changed_lines(diff)
    out = Placement(findings, [identity(f, read) for f in findings], old=old_side(diff))
    for i, f in enumerate(findings):
        ident = out.idents[i]
        spans = hunks.get(ident.path) if ident else None
        span = hunk_for(spans, ident.line) if spans and ident else None
        if ident is None or span is None:
            continue
        end = f.get("end_line")
        if end and span[0] <= int(end) <= span[1] and int(end) > ident.line:
            out.spots[i] = (int(end), ident.line)  # a range: start_line .. line
        else:
            out.spots[i] = (ident.line, None)
    return out


@dataclass
class Posted:
    """An inline comment repoview posted on an earlier run."""

    ident: Identity
    comment_id: int
    body: str
    url: str
    thread: str | None = None  # GitHub review thread node id / GitLab discussion id
    resolved: bool = False
    held: bool = False  # resolved by a person, not by repoview: not reopened
    # Where the forge shows it now: GitHub gives no line once the code under a comment
    # changed (outdated); a GitLab discussion keeps the commit and line it was opened on.
    outdated: bool = False
    head: str | None = None
    line: int | None = None

    def stale(self, head: str, line: int) -> bool:
        """Whether the comment no longer stands where a finding now is (`line` of `head`):
        updating it in place would leave the finding on code the change no longer has."""
        if self.outdated:
            return True
        return self.head is not None and self.head != head and self.line != line


def match(placement: Placement, posted: list[Posted]) -> dict[int, Posted]:
    """Pair this run's findings with earlier comments at the same place, one to one.

    A finding with the same line text wins over one merely nearby, then the nearest.
    """
    free = list(posted)
    out: dict[int, Posted] = {}
    for i, ident in enumerate(placement.idents):
        if ident is None:
            continue
        near = [p for p in free if ident.same_place(p.ident)]
        if not near:
            continue
        best = min(
            near,
            key=lambda p: (
                not (ident.anchor and p.ident.anchor == ident.anchor),
                abs(p.ident.line - ident.line),
            ),
        )
        out[i] = best
        free.remove(best)
    return out


class Forge(Protocol):
    """What `repoview ci` needs from GitHub or GitLab."""

    def preflight(self) -> None: ...

    def earlier(self, key: bytes) -> tuple[Stamp, str] | None: ...

    head_seen: str | None  # the request's head as the preflight read it
    attempts: int  # tries of one call that fails with a rate limit, a 5xx or no connection

    def current_head(self) -> str | None: ...

    def publish(
        self,
        report: dict[str, Any],
        placement: Placement,
        note: str,
        stamp: Stamp | None = None,
    ) -> None: ...

    def close(self) -> None: ...


def _forge(ctx: CiContext, say: Say) -> Forge:
    from .github import GitHub
    from .gitlab import GitLab

    return GitHub(ctx, say) if ctx.provider == "github" else GitLab(ctx, say)


def _write(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if str(path) == "-":
        print(text, end="", flush=True)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


def review_digest(opts: ReviewOptions) -> str:
    """A digest of what, besides the commits and the model, shapes a review's requests: the
    pack's budget, focus and file choice, the strategy and tools, the endpoint, and
    repoview's own version (its prompts). Time limits, retries and fail levels are left out:
    they change no prompt."""
    from .. import __version__

    shape = {
        "version": __version__,
        "task": opts.task,
        "base_url": without_credentials(opts.base_url or opts.env.get("REPOVIEW_BASE_URL") or ""),
        "budget": opts.budget,
        "focus": opts.focus,
        "strategy": opts.strategy,
        "tools": opts.tools,
        "limits": asdict(opts.limits),
        "include": list(opts.include),
        "exclude": list(opts.exclude),
        "default_excludes": opts.default_excludes,
        "secret_scan": opts.secret_scan,
        "max_file_bytes": opts.max_file_bytes,
        "models": opts.models,  # [models]: a window or reserve sizes the pack
    }
    text = json.dumps(shape, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _whole(report: dict[str, Any]) -> bool:
    """Whether every part of the review was answered, each answer to its end."""
    from ..reviewer import CUT_ANSWER

    if any(not p.get("ok", True) for p in report.get("parts") or []):
        return False
    return not any(CUT_ANSWER in w for w in report.get("warnings") or [])


def _files(opts: CiOptions) -> dict[str, Path | None]:
    return {"sarif": opts.sarif, "codequality": opts.codequality, "report": opts.report}


def _step_outputs(
    path: Path, severities: Sequence[str] | None, cost: Any, files: dict[str, Path | None]
) -> None:
    """What the GitHub Action passes on to later steps (findings, worst severity, cost, files).

    `severities` holds one per finding fail_on weighs (none at a path the pack does not
    hold). A change that was not reviewed (None: the provider failed, the answer was not
    findings) has no count and no severity: "0" and "none" would pass a gate on them.
    """
    reviewed = severities is not None
    worst = next((s for s in SEVERITIES if s in (severities or [])), "none")
    lines = [
        f"reviewed={'true' if reviewed else 'false'}",
        f"findings={len(severities) if severities is not None else ''}",
        f"highest-severity={worst if reviewed else ''}",
        f"cost-usd={cost if cost is not None else ''}",
    ]
    for name, file in files.items():
        lines.append(f"{name}={file if file is not None and str(file) != '-' else ''}")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


# Tries of a forge call once the review is paid for (1, 2, 4, 8, 16 s apart): a gateway's
# 502 for a few seconds must not lose it.
_PAID_ATTEMPTS = 6


def run_ci(
    root: Path,
    ctx: CiContext,
    report_fn: Callable[[str], dict[str, Any]],
    opts: CiOptions,
    say: Say,
) -> int:
    """Review the change and report on it; the exit code `repoview ci` returns."""
    from ..registry import DEFAULT_MODEL

    ensure_commits(root, ctx, say)
    ctx = _from_fork_point(root, ctx, say)
    # A dry run checks the token as a real run would (read-only requests), then posts nothing.
    forge = _forge(ctx, say) if ctx.number is not None else None
    stamp = Stamp(
        ctx.head, ctx.base, TASK, opts.model or DEFAULT_MODEL, opts.settings, key=opts.seal
    )
    try:
        if forge is not None:
            forge.preflight()  # a bad token fails here, before the model is paid for
            if _moved_on(forge.head_seen, ctx, say, "was started for: not reviewed"):
                return 0
            if opts.force:
                say(f"repoview: {FORCE} is set: reviewing even if this was reviewed before")
            elif opts.seal:
                # A re-run, or an edit that triggers the job again, asks the same question.
                earlier = forge.earlier(opts.seal)
                if earlier is not None and earlier[0] == stamp:
                    then, where = earlier
                    return _unchanged(ctx, opts, then, where, say)
        posting = None if opts.dry_run else forge
        if opts.dry_run:
            say(
                "repoview: --dry-run: the change is reviewed (the provider bills it) and nothing "
                "is posted; `repoview review --dry-run` estimates without sending"
            )
        return _review_and_report(root, ctx, report_fn, opts, say, posting, stamp)
    finally:
        if forge is not None:
            forge.close()


def _unchanged(ctx: CiContext, opts: CiOptions, earlier: Stamp, where: str, say: Say) -> int:
    """The job's answer when its summary comment says it reviewed this change already, with
    the same model and settings: no request, the comments as they are, the same exit."""
    say(
        f"repoview: {ctx.head[:12]} was reviewed already with the same model and settings "
        f"({where}): nothing sent, comments left as they are; set {FORCE}=1 or delete that "
        "comment to review it again"
    )
    severities = [s for s in SEVERITIES for _ in range(earlier.findings.get(s, 0))]
    if ctx.step_summary is not None:
        link = f"[the summary comment]({where})" if where.startswith("http") else where
        with ctx.step_summary.open("a", encoding="utf-8") as fh:
            fh.write(
                f"repoview: `{ctx.head[:12]}` was reviewed already with the same model and "
                f"settings: see {link}. Nothing was sent; set `{FORCE}=1` to review it again.\n"
            )
    if ctx.outputs is not None:  # no report files were written: none to pass on
        _step_outputs(ctx.outputs, severities, 0, dict.fromkeys(_files(opts)))
    failing = [s for s in severities if opts.fail_on and at_or_above(s, opts.fail_on)]
    if failing:
        say(f"repoview: {len(failing)} finding(s) at or above '{opts.fail_on}' in that review")
        return 1
    return 0


_REQUEST = {"github": "pull request", "gitlab": "merge request"}


def _moved_on(now: str | None, ctx: CiContext, say: Say, done: str) -> bool:
    """Whether the request's head (`now`) is no longer the one this job is for (a newer
    push), said in one line with what the job `done`."""
    mine = ctx.tip or ctx.head
    if now is None or now == mine:
        return False
    say(
        f"repoview: the {_REQUEST[ctx.provider]}'s head is now {now[:12]}, not {mine[:12]} "
        f"which this job {done} (the job for {now[:12]} reports on it)"
    )
    return True


def _review_and_report(
    root: Path,
    ctx: CiContext,
    report_fn: Callable[[str], dict[str, Any]],
    opts: CiOptions,
    say: Say,
    forge: Forge | None,
    stamp: Stamp,
) -> int:
    spec = f"{ctx.base}..{ctx.head}"
    note = ""
    failed = False  # the change was not reviewed: the outputs must not say "0 findings"
    try:
        report = report_fn(spec)
    except (ProviderError, ConfigError, NothingToReview) as exc:
        failed = not isinstance(exc, NothingToReview)
        if opts.strict and not isinstance(exc, NothingToReview):
            raise
        note = (
            str(exc)
            if isinstance(exc, NothingToReview)
            else f"repoview could not review this change: {exc}"
        )
        say(f"repoview: warning: {exc}")
        report = {
            "task": "diff",
            "findings": [],
            "summary": "",
            "warnings": [note],
            "model": opts.model,
            "repository": root.name,
            "rev": ctx.head,
        }
        if failed:  # the report says the change was not reviewed, not that it is clean
            report["error"] = str(exc)
    unread = bool(report.get("raw"))  # the answer was not findings: as a provider failure
    if unread:  # the comment says so (summary_comment); no note to repeat it
        say("repoview: warning: the model's answer could not be read as findings")
    findings = [f for f in report.get("findings") or [] if isinstance(f, dict)]
    read = file_reader(root, ctx.head)
    reviewed = not (failed or unread)
    files = _files(opts)
    if not reviewed:
        # An empty SARIF or Code Quality file reads as a clean analysis: code scanning and
        # the merge request widget would close every open finding. Write neither, as a
        # skipped run does, and leave their outputs empty so the upload step is skipped.
        files = {**files, "sarif": None, "codequality": None}
    pathless = sum(1 for f in findings if repo_path(f) is None)
    if pathless and (files["sarif"] is not None or files["codequality"] is not None):
        say(
            f"repoview: {pathless} finding(s) name no file of the repository: in the comment, "
            "not in the SARIF or Code Quality file (each entry there needs a file)"
        )
    if files["sarif"] is not None:
        _write(files["sarif"], to_sarif(report, read))
    if files["codequality"] is not None:
        _write(files["codequality"], to_codequality(report, read))
    if opts.report is not None:
        _write(opts.report, report)
    # What fail_on and the step outputs weigh (and a re-run of this head repeats): not a
    # finding at a path the pack does not hold, which the comment still shows.
    counted = [str(f.get("severity")) for f in findings if counts_for_failing(f.get("flags") or [])]
    if ctx.outputs is not None:
        _step_outputs(ctx.outputs, counted if reviewed else None, report.get("cost_usd"), files)
    diff = git(["diff", "--no-color", "--no-ext-diff", "-M", spec], root).decode("utf-8", "replace")
    placement = place(findings, diff, read)
    if ctx.step_summary is not None:
        with ctx.step_summary.open("a", encoding="utf-8") as fh:
            fh.write(to_markdown(report, mentions=True) + "\n")
    if ctx.number is None:
        say("repoview: not a pull/merge request: the report is in the job summary only")
    elif forge is None:
        say(
            f"repoview: dry run: would post 1 summary and up to {len(placement.spots)} inline notes"
        )
    else:
        # Only a review that took place whole is stamped: a failed one, one with parts that
        # failed or an answer cut short is worth running again.
        counts: dict[str, int] = {s: counted.count(s) for s in SEVERITIES}
        whole = reviewed and not note and stamp.key and _whole(report)
        done = replace(stamp, findings=counts) if whole else None
        # A job for an older head (a re-run, a queued job) that ends after the newer one's
        # would write its review over the newer one, on lines that have moved.
        # The review is paid for: a forge's passing 5xx is waited out longer now.
        forge.attempts = max(forge.attempts, _PAID_ATTEMPTS)
        try:
            if not _moved_on(forge.current_head(), ctx, say, "reviewed: nothing posted"):
                forge.publish(report, placement, note, done)
        except ProviderError:
            kept = [
                where
                for where, path in (
                    ("the job summary", ctx.step_summary),
                    (str(opts.report), opts.report),
                )
                if path is not None
            ]
            said = f"; the report is in {' and '.join(kept)}" if kept else ""
            say(f"repoview: the review was made but could not be posted{said}")
            raise
    if unread and (opts.fail_on or opts.strict):
        say("repoview: the answer could not be read as findings: not reviewed")
        return 3
    failing, uncounted = weigh_reported(findings, opts.fail_on)
    if uncounted:
        say("repoview: " + uncounted_line(uncounted, opts.fail_on, "fail_on"))
    if failing:
        say(f"repoview: {failing} finding(s) at or above '{opts.fail_on}'")
        return 1
    return 0
