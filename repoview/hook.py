"""The pre-push hook: install it where git looks, and review exactly what is pushed."""

from __future__ import annotations

import shlex
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, GitError, InputError, ProviderError, RepoviewError
from .findings import SEVERITIES
from .gitutil import git, locate

if TYPE_CHECKING:
    from .settings import Settings

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


@dataclass
class HookSettings:
    """`[hook]` in .repoview.toml."""

    enabled: bool = True
    fail_on: str = "critical"
    model: str | None = None
    budget: int | None = None
    timeout: float = 180.0
    strict: bool = False
    models: dict[str, Any] = field(default_factory=dict)  # [models] tables
    base_url: str | None = None
    exclude: tuple[str, ...] = ()
    secret_scan: bool = True

    @classmethod
    def from_settings(cls, s: Settings) -> HookSettings:
        """The hook's part of the resolved settings."""
        return cls(enabled=s["hook.enabled"], fail_on=s["hook.fail_on"], model=s["hook.model"],
                   budget=s["hook.budget"], timeout=s["hook.timeout"], strict=s["hook.strict"],
                   models=dict(s.models), base_url=s["review.base_url"],
                   exclude=tuple(s["exclude"]), secret_scan=s["secret_scan"])  # fmt: skip

    @classmethod
    def from_config(cls, table: dict[str, object]) -> HookSettings:
        known = set(cls.__dataclass_fields__)
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"[hook]: unknown key(s) {', '.join(sorted(unknown))}; "
                              f"use {', '.join(sorted(known))}")  # fmt: skip
        s = cls(**table)  # type: ignore[arg-type]
        if s.fail_on not in SEVERITIES:
            raise ConfigError(f"[hook] fail_on must be one of {', '.join(SEVERITIES)}")
        return s


def _zero(path: Path) -> str:
    fmt = git(["rev-parse", "--show-object-format"], path, check=False).decode().strip()
    return "0" * (64 if fmt == "sha256" else 40)


def _exists(path: Path, oid: str) -> bool:
    out = git(["cat-file", "-t", oid], path, check=False).decode().strip()
    return out == "commit"


def _is_ancestor(path: Path, a: str, b: str) -> bool:
    from subprocess import run

    return run(["git", "merge-base", "--is-ancestor", a, b], cwd=path,
               capture_output=True, check=False).returncode == 0  # fmt: skip


def _new_base(path: Path, head: str, remote: str) -> str | None:
    """The parent of the oldest commit of `head` that the remote does not have."""
    out = git(["rev-list", f"-n{MAX_NEW_COMMITS}", head, "--not", f"--remotes={remote}"], path,
              check=False).decode().split()  # fmt: skip
    if not out:
        return None
    parents = git(["rev-list", "--parents", "-n1", out[-1]], path).decode().split()
    return parents[1] if len(parents) > 1 else parents[0]


def pushed_ranges(path: Path, lines: list[str], remote: str) -> list[PushRange]:
    """What each `<local ref> <local oid> <remote ref> <remote oid>` line asks to review."""
    zero = _zero(path)
    out = []
    for line in lines:
        parts = line.split()
        if len(parts) != 4:
            continue
        local_ref, local_oid, _remote_ref, remote_oid = parts
        if set(local_oid) == {"0"} or local_oid == zero:
            continue  # a deletion: nothing to review
        if not _exists(path, local_oid):
            continue  # e.g. a tag object: peel to nothing we can diff
        if (
            remote_oid != zero
            and set(remote_oid) != {"0"}
            and _exists(path, remote_oid)
            and (_is_ancestor(path, remote_oid, local_oid))
        ):
            base: str | None = remote_oid if remote_oid != local_oid else None
        else:  # a new branch or a force push: what the remote does not have yet
            base = _new_base(path, local_oid, remote)
        out.append(PushRange(local_ref, local_oid, base))
    return out


def run_pre_push(path: Path, remote: str, lines: list[str], settings: HookSettings,
                 env: dict[str, str], say: Say) -> int:  # fmt: skip
    """Review each pushed range; 1 stops the push, 0 lets it through."""
    from .review import ReviewOptions, run_review
    from .store import RunStore
    from .tokens import default_home

    if not settings.enabled or env.get("REPOVIEW_SKIP") == "1":
        return 0
    info = locate(path)
    root = info.toplevel or info.path
    ranges = [r for r in pushed_ranges(root, lines, remote) if r.base is not None]
    if not ranges:
        return 0
    home = Path(env["REPOVIEW_HOME"]) if env.get("REPOVIEW_HOME") else default_home()
    blocked = 0
    for r in ranges:
        assert r.base is not None
        key = f"{root}|{r.base}..{r.head}|{settings.model or env.get('REPOVIEW_MODEL')}|diff"
        store = RunStore(home / "runs.sqlite")
        seen = store.seen(key)
        store.close()
        if seen is not None:
            say(f"repoview: {r.local_ref} {r.base[:8]}..{r.head[:8]} was reviewed in run {seen}")
            continue
        opts = ReviewOptions(
            path=root, task="diff", diff=f"{r.base}..{r.head}", rev=r.head,
            model=settings.model, budget=settings.budget, fail_on=settings.fail_on,
            timeout=settings.timeout, retries=1, backoff=1.0, env=env, home=home,
            models=settings.models, base_url=settings.base_url, exclude=settings.exclude,
            secret_scan=settings.secret_scan,
        )  # fmt: skip
        say(f"repoview: reviewing {r.local_ref} {r.base[:8]}..{r.head[:8]}")
        try:
            result = run_review(opts, lambda _line: None)
        except (ConfigError, ProviderError, GitError, RepoviewError) as exc:
            if settings.strict:
                say(f"repoview: {exc}; push stopped ([hook] strict = true)")
                return 1
            say(f"repoview: warning: {exc}; push not reviewed")
            continue
        report = result.report
        findings = report.get("findings", [])
        reports = home / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        from .report import to_markdown

        report_path = reports / f"run-{result.run_id}.md"
        report_path.write_text(to_markdown(report), encoding="utf-8")
        for f in findings:
            where = f"{f['path']}:{f['line']}" if f.get("path") and f.get("line") else (
                f.get("path") or "-")  # fmt: skip
            say(f"  [{f['severity']}] {where} {f['title']}")
        say(f"repoview: {len(findings)} findings; report: {report_path}")
        store = RunStore(home / "runs.sqlite")
        store.remember(key, result.run_id or 0)
        store.close()
        if result.exit_code == 1:
            blocked += 1
    if blocked:
        say(f"repoview: push stopped: findings at or above '{settings.fail_on}' "
            "(fix them, or push with REPOVIEW_SKIP=1 or --no-verify)")  # fmt: skip
        return 1
    return 0


def read_refs(env: dict[str, str]) -> list[str]:
    """The ref lines: pre-commit's variables, else stdin (never waiting on a terminal)."""
    if env.get("PRE_COMMIT_FROM_REF") and env.get("PRE_COMMIT_TO_REF"):
        ref = env.get("PRE_COMMIT_LOCAL_BRANCH") or "HEAD"
        return [f"{ref} {env['PRE_COMMIT_TO_REF']} {ref} {env['PRE_COMMIT_FROM_REF']}"]
    if sys.stdin is None or sys.stdin.isatty():
        return []
    return sys.stdin.read().splitlines()
