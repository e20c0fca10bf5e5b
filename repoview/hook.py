"""The pre-push hook: install it where git looks, and review exactly what is pushed."""

from __future__ import annotations

import shlex
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import (
    ConfigError,
    DeadlineError,
    GitError,
    InputError,
    NothingToReview,
    RepoviewError,
)
from .findings import uncounted_line, weigh_reported
from .gitutil import git, is_ancestor, locate
from .registry import DEFAULT_MODEL, Model, find_model, registry
from .reviewer import ReviewOptions, run_review, unreviewed_parts

if TYPE_CHECKING:
    from .settings import Settings
    from .store import RunStore, VerdictName

__all__ = ["HookSettings", "PushRange", "install", "pushed_ranges", "run_pre_push", "uninstall"]

MARKER = "# repoview-hook: 1"
CHAINED = "pre-push.repoview-chained"
BACKUP = "pre-push.repoview-backup"
MAX_NEW_COMMITS = 200  # a new branch reviews at most this many commits not yet on the remote

Say = Callable[[str], None]


def _hooks_dir(path: Path) -> Path:
    info = locate(path)
    if not info.is_git:
        raise InputError(f"{info.path} is not in a git repository")
    # --git-path follows core.hooksPath (husky and friends) and worktrees.
    rel = git(["rev-parse", "--git-path", "hooks"], info.path).decode().strip()
    return (info.path / rel).resolve()


def _shim() -> str:
    try:
        text = resources.files("repoview").joinpath("hooks", "pre-push").read_text()
    except (FileNotFoundError, OSError):  # running from a source checkout
        text = (Path(__file__).resolve().parent.parent / "hooks" / "pre-push").read_text()
    return text.replace("@PYTHON@", shlex.quote(sys.executable))


def _ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(errors="replace")
    except OSError:
        return False


def install(path: Path, force: bool = False) -> str:
    """Write the pre-push shim; an existing hook is chained (or, with force, backed up)."""
    hooks = _hooks_dir(path)
    hooks.mkdir(parents=True, exist_ok=True)
    target = hooks / "pre-push"
    note = "installed"
    if target.exists() and not _ours(target):
        if force:
            target.replace(hooks / BACKUP)
            note = f"installed; the previous hook is kept as {BACKUP} (uninstall restores it)"
        elif (hooks / CHAINED).exists():
            raise ConfigError(f"{target} exists and {CHAINED} is taken; remove one or use --force")
        else:
            target.replace(hooks / CHAINED)
            note = f"installed; the existing hook still runs first (now {CHAINED})"
    elif target.exists():
        note = "updated"
    tmp = target.with_name("pre-push.repoview-tmp")
    tmp.write_text(_shim())
    tmp.chmod(tmp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | stat.S_IRUSR)
    tmp.replace(target)
    return f"{note}: {target}"


def uninstall(path: Path) -> str:
    """Remove the shim and put back what was there before."""
    hooks = _hooks_dir(path)
    target = hooks / "pre-push"
    if not target.exists() or not _ours(target):
        return f"no repoview hook in {hooks}"
    target.unlink()
    for saved in (CHAINED, BACKUP):
        if (hooks / saved).exists():
            (hooks / saved).replace(target)
            return f"removed; restored the previous pre-push hook in {hooks}"
    return f"removed from {hooks}"


@dataclass(frozen=True)
class PushRange:
    """One ref being pushed and the commits to review for it."""

    local_ref: str
    head: str
    base: str | None  # None: nothing new to review
    from_root: bool = False  # `base` is the empty commit: every commit up to `head` is new
    cut: bool = False  # more commits than MAX_NEW_COMMITS are new: the older are not reviewed


@dataclass
class HookSettings:
    """`[hook]` in .repoview.toml."""

    enabled: bool = True
    fail_on: str = "critical"
    model: str | None = None
    budget: int | Literal["window"] | None = None  # None: a quarter of the model's window
    timeout: float = 180.0  # seconds for the whole push: every request, retry and stream
    strict: bool = False
    base_url: str | None = None  # the user's endpoint (never a repository's)
    exclude: tuple[str, ...] = ()
    secret_scan: bool = True

    @classmethod
    def from_settings(cls, s: Settings) -> HookSettings:
        """The hook's part of the resolved settings."""
        return cls(
            enabled=s["hook.enabled"],
            fail_on=s["hook.fail_on"],
            model=s["hook.model"],
            budget=s["hook.budget"],
            timeout=s["hook.timeout"],
            strict=s["hook.strict"],
            base_url=s["review.base_url"],
            exclude=tuple(s["exclude"]),
            secret_scan=s["secret_scan"],
        )


def _commit(path: Path, oid: str) -> str | None:
    """The commit `oid` names, peeling annotated tags; None for anything else."""
    out = git(["rev-parse", "--verify", "-q", f"{oid}^{{commit}}"], path, check=False)
    text = out.decode().strip()
    return text or None


# Who "made" the empty commit that stands before a root commit: fixed, so that it is the
# same object every time (and in every repository of one hash), and a verdict on a range
# from it is found again on the next push.
_NOTHING = {
    **{f"GIT_{who}_NAME": "repoview" for who in ("AUTHOR", "COMMITTER")},
    **{f"GIT_{who}_EMAIL": "repoview@localhost" for who in ("AUTHOR", "COMMITTER")},
    **{f"GIT_{who}_DATE": "1970-01-01T00:00:00Z" for who in ("AUTHOR", "COMMITTER")},
}


def _before_root(path: Path) -> str:
    """A commit of the empty tree: the base of a range that starts at a root commit, which
    has no parent to diff against (a review compares two commits)."""
    import os
    from subprocess import run

    tree = git(["mktree"], path, input=b"").decode().strip()
    env = {**os.environ, **_NOTHING}
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # the hook's, not ours
        env.pop(var, None)
    made = run(
        ["git", "commit-tree", "--no-gpg-sign", tree, "-m", "nothing yet"],
        cwd=path,
        env=env,
        capture_output=True,
        input=b"",
        check=False,
    )
    if made.returncode != 0:
        why = made.stderr.decode(errors="replace").strip().splitlines() or ["git failed"]
        raise GitError(f"cannot review from the first commit: {why[-1]}")
    return made.stdout.decode().strip()


_ASK_REMOTE_S = 20.0  # seconds `git ls-remote` may take before the hook goes on without it


class _RemoteHas:
    """What the remote has, to leave out of a new branch's review: its tracking refs, and
    for a remote this repository has never fetched from (a fork just added, a URL), which
    none describes, the tips the remote itself lists (asked once, when first needed)."""

    def __init__(self, path: Path, remote: str, url: str | None = None) -> None:
        self.path, self.remote = path, remote
        self.url = url or remote  # (where the push goes: git gives the hook its URL)
        self._tips: list[str] | None = None

    def tips(self) -> list[str]:
        if self._tips is None:
            self._tips = []
            tracked = git(
                ["for-each-ref", "--count=1", "--format=x", f"refs/remotes/{self.remote}/"],
                self.path,
                check=False,
            )
            if not tracked.strip():
                try:
                    out = git(
                        ["ls-remote", "--heads", "--tags", self.url],
                        self.path,
                        timeout=_ASK_REMOTE_S,
                    )
                except GitError:
                    pass  # (offline, refused: the push itself will say so)
                else:
                    self._tips = [line.split()[0] for line in out.decode().splitlines() if line]
        return self._tips

    def rev_list(self, args: list[str]) -> list[str]:
        """`git rev-list ARGS`, leaving out what the remote has."""
        stdin = "".join(f"^{tip}\n" for tip in self.tips()).encode()
        listed = ["rev-list", *args, "--not", f"--remotes={self.remote}"]
        try:
            # (`--ignore-missing` before `--stdin`: git reads stdin where it meets it, and a
            # tip the remote lists that this clone lacks was a fatal "bad object")
            out = git([*listed, "--ignore-missing", "--stdin"], self.path, input=stdin)
        except GitError:  # (never a push unreviewed for it: what the tracking refs say)
            out = git(listed, self.path, check=False)
        return out.decode().split()


def _new_base(path: Path, head: str, has: _RemoteHas) -> tuple[str | None, bool, bool]:
    """The parent of the oldest commit of `head` that the remote does not have (of the
    last MAX_NEW_COMMITS: whether there were more is the third value); when that is a root
    commit (a first push), the empty tree's commit, so the root's files count."""
    out = has.rev_list([f"-n{MAX_NEW_COMMITS + 1}", head])
    if not out:
        return None, False, False
    cut = len(out) > MAX_NEW_COMMITS
    out = out[:MAX_NEW_COMMITS]
    parents = git(["rev-list", "--parents", "-n1", out[-1]], path).decode().split()
    return (parents[1], False, cut) if len(parents) > 1 else (_before_root(path), True, cut)


def pushed_ranges(
    path: Path, lines: list[str], remote: str, url: str | None = None
) -> list[PushRange]:
    """What each `<local ref> <local oid> <remote ref> <remote oid>` line asks to review.

    Tags are reviewed like branches: an annotated tag is peeled to its commit.
    """
    out: list[PushRange] = []
    seen: set[tuple[str, str | None]] = set()
    has = _RemoteHas(path, remote, url)
    for line in lines:
        parts = line.split()
        if len(parts) != 4:
            continue
        local_ref, local_oid, remote_ref, remote_oid = parts
        if set(local_oid) == {"0"}:
            continue  # a deletion: nothing to review
        head = _commit(path, local_oid)
        if head is None:
            continue  # a tag of a tree or blob: no commits to review
        old = None if set(remote_oid) == {"0"} else _commit(path, remote_oid)
        from_root = cut = False
        if old is not None and is_ancestor(path, old, head):
            base: str | None = old if old != head else None
        else:  # a new branch or tag, or a force push: what the remote does not have yet
            base, from_root, cut = _new_base(path, head, has)
        if (head, base) not in seen:  # one range pushed under two names is reviewed once
            seen.add((head, base))
            # (`git push origin HEAD:main`: the branch it goes to names it better)
            name = remote_ref if local_ref == "HEAD" else local_ref
            out.append(PushRange(name, head, base, from_root, cut))
    return _on_each_other(path, out, has)


def _on_each_other(path: Path, ranges: list[PushRange], has: _RemoteHas) -> list[PushRange]:
    """Ranges of one push that build on each other (`git push origin main feature`, the
    feature branched off main's new commits): each starts where the nearest other ref it
    contains ends, so no commit is reviewed (and paid for) twice."""
    heads = {r.head for r in ranges if r.base is not None}
    if len(heads) < 2:
        return ranges
    out = []
    for r in ranges:
        if r.base is None:
            out.append(r)
            continue
        listed = ["--topo-order", f"-n{MAX_NEW_COMMITS}", r.head]
        if r.from_root:
            new = has.rev_list(listed)
        else:
            new = git(["rev-list", *listed, f"^{r.base}"], path, check=False).decode().split()
        # (newest first: the first other head met is the nearest one below r's)
        nearest = next((c for c in new[1:] if c in heads and c != r.head), None)
        out.append(r if nearest is None else replace(r, base=nearest, from_root=False, cut=False))
    return out


# Room for the system text and the task's instructions around the pack, which the pack's
# budget does not count: together about 500 tokens today, so this leaves a wide margin.
PROMPT_ROOM = 2_048


def pack_budget(settings: HookSettings, model: Model | None) -> int | None:
    """The pack's budget: `[hook] budget`, else a quarter of the model's window (a push
    should cost what it changes); None means the model's whole window."""
    if settings.budget == "window":
        return None
    if isinstance(settings.budget, int):
        return settings.budget
    if model is None:  # "auto" picks its model from the pack: let it
        return None
    return max(model.context // 4 - PROMPT_ROOM, 1_024)


@dataclass
class Push:
    """What one pre-push run shares across its ranges."""

    root: Path
    settings: HookSettings
    env: dict[str, str]
    home: Path
    models: dict[str, Any]
    deadline: float  # time.monotonic() at which the whole push must be done
    ranges: int = 1  # ranges that need a request: above one, each ref's cost is its own line
    costs: list[float | None] = field(default_factory=list)  # each request's, None: unpriced


def review_options(push: Push, r: PushRange) -> ReviewOptions:
    """The review of one pushed range: the diff, the changed files and their neighbours in
    full, the rest of the repository as context, under the hook's budget.

    The one place the hook asks for a pack: when the planner offers a diff focus and a
    signatures tier, they are adopted here.
    """
    name = push.settings.model or push.env.get("REPOVIEW_MODEL") or DEFAULT_MODEL
    model = None if name == "auto" else find_model(name, registry(push.models))
    return ReviewOptions(
        path=push.root,
        task="diff",
        diff=f"{r.base}..{r.head}",
        rev=r.head,
        model=push.settings.model,
        budget=pack_budget(push.settings, model),
        fail_on=push.settings.fail_on,
        env=push.env,
        home=push.home,
        models=push.models,
        # One request per range, so its cost is known before it is sent: no tool rounds.
        tools=False,
        strategy="single",
        timeout=push.settings.timeout,
        retries=1,
        backoff=1.0,
        deadline=push.deadline,
        base_url=push.settings.base_url,
        exclude=push.settings.exclude,
        secret_scan=push.settings.secret_scan,
        origin="hook",
    )


def run_pre_push(
    path: Path,
    remote: str,
    lines: list[str],
    settings: HookSettings,
    env: dict[str, str],
    say: Say,
    models: dict[str, Any] | None = None,
    url: str | None = None,
) -> int:
    """Review each pushed range; 1 stops the push, 0 lets it through (`url`: where the
    push goes, as git gives it to the hook)."""
    from .store import RunStore
    from .tokens import default_home

    if not settings.enabled or env.get("REPOVIEW_SKIP") == "1":
        return 0
    deadline = time.monotonic() + settings.timeout
    info = locate(path)
    root = info.toplevel or info.path
    ranges = [r for r in pushed_ranges(root, lines, remote, url) if r.base is not None]
    if not ranges:
        return 0
    home = Path(env["REPOVIEW_HOME"]) if env.get("REPOVIEW_HOME") else default_home()
    push = Push(root, settings, env, home, models or {}, deadline)
    store = RunStore(home / "runs.sqlite")
    try:
        # A review packs one revision, so refs that bring different commits (`git push
        # --all`) cost a request each: said before the first is sent, and summed after.
        pending = [r.local_ref for r in ranges if store.verdict(_key(push, r)) is None]
        push.ranges = len(pending)
        if push.ranges > 1:
            names = ", ".join(pending)
            say(
                f"repoview: {push.ranges} pushed refs bring different commits ({names}): "
                f"{push.ranges} reviews, one request each"
            )
        blocked = [run for r in ranges if (run := _one_range(push, r, store, say)) is not None]
        if push.ranges > 1 and push.costs:
            _say_total(push, store, say)
    finally:
        store.close()
    runs = [str(b) for b in blocked if b != STRICT]
    if runs:
        say(
            f"repoview: push stopped: findings at or above '{settings.fail_on}' (run "
            f"{', '.join(runs)}); it stays stopped until these commits change: fix them, or "
            "push anyway with REPOVIEW_SKIP=1 git push"
        )
    return 1 if blocked else 0


STRICT = "strict"  # a range stopped because it could not be reviewed and [hook] strict is set


def _one_range(push: Push, r: PushRange, store: RunStore, say: Say) -> int | str | None:
    """Review one range; what stops it (a run id, or STRICT), or None when it may go."""
    assert r.base is not None
    name = f"{r.local_ref} {r.base[:8]}..{r.head[:8]}"
    if r.from_root:
        name = f"{r.local_ref} {r.head[:8]} and every commit before it"
    if r.cut:
        name += (
            f" (the last {MAX_NEW_COMMITS} of its commits the remote does not have: the "
            "older ones are not reviewed)"
        )
    key = _key(push, r)
    known = store.verdict(key)
    if known is not None:
        run = store.get(known.run_id) if known.run_id is not None else None
        # The run's findings weighed as the settings say now (`fail_on` raised, or a finding
        # the weighing no longer counts, lets the range go); the verdict alone when the run
        # is gone from the store.
        if run is not None:
            blocked = _failing(run.report_data().get("findings", []), push.settings.fail_on)
        else:
            blocked = known.verdict == "blocked"
        if blocked:
            say(f"repoview: {name} was stopped by run {known.run_id}; its commits have not changed")
            store.record_verdict(key, str(push.root), r.base, r.head, "blocked", known.run_id)
            return known.run_id or "?"
        if known.verdict == "blocked":
            say(
                f"repoview: {name} was stopped by run {known.run_id}; none of its findings is "
                f"at or above fail_on = '{push.settings.fail_on}' now"
            )
            store.record_verdict(key, str(push.root), r.base, r.head, "clean", known.run_id)
            return None
        say(f"repoview: {name} was reviewed in run {known.run_id}")
        return None
    if time.monotonic() >= push.deadline:
        why = f"the [hook] timeout of {push.settings.timeout:g} s has passed"
        return _unreviewed(push, r, store, name, why, f"{name} not reviewed: {why}", say)
    say(f"repoview: reviewing {name}")
    try:
        result = run_review(review_options(push, r), lambda _line: None)
    except DeadlineError as exc:
        # (what the provider last did: a wait it asked for past the timeout is no slowness)
        why = f"no answer within the [hook] timeout of {push.settings.timeout:g} s" + (
            f" ({exc.last})" if exc.last else ""
        )
        if push.settings.strict:
            say(f"repoview: {name}: {why}; push stopped ([hook] strict = true)")
            _say_failed_cost(push, store, r, exc.run_id, say)
            return STRICT
        warning = f"{name} not reviewed: {why}; pushing anyway"
        stopped = _unreviewed(push, r, store, name, why, warning, say)
        _say_failed_cost(push, store, r, exc.run_id, say)
        return stopped
    except NothingToReview as exc:
        say(f"repoview: {name}: {exc}")
        return None
    except RepoviewError as exc:
        _say_failed_cost(push, store, r, exc.run_id, say)
        if push.settings.strict:
            say(f"repoview: {exc}; push stopped ([hook] strict = true)")
            return STRICT
        return _unreviewed(push, r, store, name, str(exc), f"{exc}; push not reviewed", say)
    report = result.report
    if result.run_id is not None:
        store.finish(result.run_id, origin="hook")
    report_path = _write_report(push.home, result.run_id, report)
    if "raw" in report:  # the answer was not findings JSON: nothing is known about the change
        why = f"the model's answer could not be read as findings (report: {report_path})"
        warning = f"{name} not reviewed: {why}; pushing anyway"
        stopped = _unreviewed(push, r, store, name, why, warning, say)
        _say_cost(push, store, r, report, say)
        return stopped
    findings = report.get("findings", [])
    failed = unreviewed_parts(report)
    for f in findings:
        where = (
            f"{f['path']}:{f['line']}"
            if f.get("path") and f.get("line")
            else (f.get("path") or "-")
        )
        flags = f" ({'; '.join(f['flags'])})" if f.get("flags") else ""
        say(f"  [{f['severity']}] {where} {f['title']}{flags}")
    noun = "finding" if len(findings) == 1 else "findings"
    say(f"repoview: {len(findings)} {noun}; report: {report_path}")
    uncounted = weigh_reported(findings, push.settings.fail_on)[1]
    if uncounted:
        say("repoview: " + uncounted_line(uncounted, push.settings.fail_on, "[hook] fail_on"))
    _say_cost(push, store, r, report, say)
    if failed and result.exit_code != 1:  # not a pass: the next push reviews it again
        say(
            f"repoview: warning: {name} not fully reviewed: part(s) "
            f"{', '.join(map(str, failed))} failed; pushing anyway"
        )
        return None
    verdict: VerdictName = "blocked" if result.exit_code == 1 else "clean"
    store.record_verdict(key, str(push.root), r.base, r.head, verdict, result.run_id)
    return (result.run_id or "?") if verdict == "blocked" else None


@dataclass
class _Standing:
    """A stopped range the pushed one holds, and the findings that stopped it that still
    stand: in files no commit since has changed."""

    base: str
    head: str
    run_id: int | None
    paths: list[str]


def _standing_block(push: Push, r: PushRange, store: RunStore) -> _Standing | None:
    """When a range cannot be reviewed, a range stopped before that it holds (a commit added
    on top of a stopped push) whose stopping findings name files the commits since leave
    as they were: nothing could have cleared them, so the push stays stopped (without it,
    any provider failure let a stopped push through with one more commit)."""
    assert r.base is not None
    # Ranges reviewed clean since, among the commits pushed now: a block whose commits they
    # hold (not one below their base: a range stacked on it reviewed only its own) was
    # reviewed again with what came after it, and passed.
    cleared = [
        (base, head)
        for base, head, _ in store.ranges(str(push.root), "clean")
        if is_ancestor(push.root, head, r.head)
    ]
    for base, head, run_id in store.ranges(str(push.root), "blocked"):
        if head == r.head or run_id is None:
            continue  # (the same range is weighed before any request)
        if not is_ancestor(push.root, head, r.head) or is_ancestor(push.root, head, r.base):
            continue  # not among the commits pushed now
        if any(
            is_ancestor(push.root, head, c) and not is_ancestor(push.root, head, b)
            for b, c in cleared
        ):
            continue
        run = store.get(run_id)
        if run is None:
            continue
        failing = [
            f
            for f in run.report_data().get("findings", [])
            if f.get("path") and _failing([f], push.settings.fail_on)
        ]
        if not failing:
            continue
        since = git(["diff", "--name-only", "-z", "--no-renames", head, r.head], push.root)
        changed = set(since.decode("utf-8", "surrogateescape").split("\0"))
        paths = sorted({f["path"] for f in failing} - changed)
        if paths:
            return _Standing(base, head, run_id, paths)
    return None


def _unreviewed(
    push: Push, r: PushRange, store: RunStore, name: str, why: str, warning: str, say: Say
) -> int | str | None:
    """What stops a range that could not be reviewed (`why`): the run that stopped the
    commits it holds, when its findings stand (`_standing_block`); else nothing, after the
    `warning` that the push goes unreviewed."""
    standing = _standing_block(push, r, store)
    if standing is None:
        say(f"repoview: warning: {warning}")
        return None
    shown = ", ".join(standing.paths[:3]) + (
        f" and {len(standing.paths) - 3} more" if len(standing.paths) > 3 else ""
    )
    say(
        f"repoview: {name} not reviewed ({why}); it holds {standing.base[:8]}.."
        f"{standing.head[:8]}, stopped by run {standing.run_id} for findings in {shown}, "
        "which the commits since leave as they were"
    )
    return standing.run_id or "?"


def _key(push: Push, r: PushRange) -> str:
    """The run store's name for a range's verdict."""
    return f"{push.root}|{r.base}..{r.head}"


def _failing(findings: list[dict[str, Any]], fail_on: str) -> bool:
    return weigh_reported(findings, fail_on)[0] > 0


def _write_report(home: Path, run_id: int | None, report: dict[str, Any]) -> Path:
    from .report import to_markdown

    reports = home / "reports"
    reports.mkdir(parents=True, exist_ok=True, mode=0o700)  # (findings quote the code)
    report_path = reports / f"run-{run_id}.md"
    report_path.write_text(to_markdown(report), encoding="utf-8")
    return report_path


def _say_cost(push: Push, store: RunStore, r: PushRange, report: dict[str, Any], say: Say) -> None:
    usage = report.get("usage") or {}
    tokens = (
        f"{usage.get('input_tokens', 0):,} tokens in ({usage.get('cached_tokens', 0):,} "
        f"cached), {usage.get('output_tokens', 0):,} out"
    )
    cost = report.get("cost_usd")
    priced = float(cost) if isinstance(cost, int | float) else None
    push.costs.append(priced)
    spent = f"${priced:.4f}" if priced is not None else "price unknown"
    if push.ranges > 1:  # the push's total follows the last of them
        say(f"repoview: {r.local_ref}: {spent} for {tokens}")
        return
    say(f"repoview: this push: {spent} for {tokens}; {_month(store)}")


def _say_failed_cost(
    push: Push, store: RunStore, r: PushRange, run_id: int | None, say: Say
) -> None:
    """What a review that failed after sending cost (a prompt the provider took is likely
    billed): said, and counted in the push's total, as an answered one's is."""
    run = store.get(run_id) if run_id is not None else None
    if run is None or not (run.input_tokens or run.cost_usd):
        return  # nothing was sent
    report = {
        "usage": {
            "input_tokens": run.input_tokens or 0,
            "cached_tokens": run.cached_tokens or 0,
            "output_tokens": run.output_tokens or 0,
        },
        "cost_usd": run.cost_usd,
    }
    _say_cost(push, store, r, report, say)


def _say_total(push: Push, store: RunStore, say: Say) -> None:
    known = [c for c in push.costs if c is not None]
    unpriced = len(push.costs) - len(known)
    spent = f"${sum(known):.4f}" + (f" (+{unpriced} unpriced)" if unpriced else "")
    n = len(push.costs)
    say(f"repoview: this push: {spent} over {n} request{'s' if n != 1 else ''}; {_month(store)}")


def _month(store: RunStore) -> str:
    total, count = store.month_cost("hook")
    return f"this month's pushes: ${total:.4f} over {count} review{'s' if count != 1 else ''}"


def read_refs(env: dict[str, str]) -> list[str]:
    """The ref lines: pre-commit's variables, else stdin (never waiting on a terminal)."""
    if env.get("PRE_COMMIT_FROM_REF") and env.get("PRE_COMMIT_TO_REF"):
        ref = env.get("PRE_COMMIT_LOCAL_BRANCH") or "HEAD"
        return [f"{ref} {env['PRE_COMMIT_TO_REF']} {ref} {env['PRE_COMMIT_FROM_REF']}"]
    if sys.stdin is None or sys.stdin.isatty():
        return []
    return sys.stdin.read().splitlines()
