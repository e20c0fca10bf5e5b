"""Thin helpers over the git command line: run a command, locate a repository."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import GitError, InputError

__all__ = ["RepoInfo", "git", "locate", "resolve_commit"]

# Quote nothing and never page: we parse git's output and pass -z where names matter.
_BASE = ["git", "-c", "core.quotepath=off", "-c", "core.pager=cat"]
_REPO_ENV = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"})


def git(args: list[str], cwd: Path, *, check: bool = True, input: bytes | None = None) -> bytes:
    """Run git in `cwd` and return its stdout; raise GitError with git's own message."""
    # Hooks run with GIT_DIR and friends set; we always locate the repository from `cwd`.
    env = {k: v for k, v in os.environ.items() if k not in _REPO_ENV}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("LC_ALL", "C")
    try:
        proc = subprocess.run(
            [*_BASE, *args], cwd=cwd, input=input, capture_output=True, env=env, check=False
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH; install git and retry") from exc
    if check and proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        first = next((line for line in msg if line.startswith(("fatal:", "error:"))), None)
        raise GitError(
            (first or (msg[0] if msg else f"git {args[0]} failed")).removeprefix("fatal: ")
        )
    return proc.stdout


@dataclass(frozen=True)
class RepoInfo:
    """Where a path sits: its repository (if any), the prefix inside it, bare or not."""

    path: Path  # the absolute path the user named
    git_dir: Path | None  # None: a plain directory
    toplevel: Path | None  # None for bare repositories and plain directories
    prefix: str  # the path's location inside the work tree, "" or "sub/dir/"
    bare: bool

    @property
    def is_git(self) -> bool:
        return self.git_dir is not None


def locate(path: Path) -> RepoInfo:
    """Describe `path`: a work tree (or a folder inside one), a bare repository, or plain."""
    if not path.exists():
        raise InputError(f"path does not exist: {path}")
    if not path.is_dir():
        raise InputError(f"not a directory: {path} (name a folder to pack)")
    path = path.resolve()
    # One git process answers everything in a work tree (the usual case); outside one the
    # work-tree questions fail, and the answers before them still say what the path is.
    try:
        out = git(
            [
                "rev-parse",
                "--absolute-git-dir",
                "--is-bare-repository",
                "--is-inside-git-dir",
                "--show-toplevel",
                "--show-prefix",
            ],
            path,
            check=False,
        )
    except GitError:  # no git at all: every folder is a plain one
        out = b""
    lines = out.decode().split("\n")
    if len(lines) < 4 or not lines[0]:
        return RepoInfo(path, None, None, "", False)
    git_dir_s, bare_s, inside_gd = lines[:3]
    git_dir = Path(git_dir_s)
    if bare_s == "true":
        return RepoInfo(path, git_dir, None, "", True)
    if inside_gd == "true":
        raise InputError(f"{path} is inside a .git folder; name the work tree instead")
    if len(lines) < 6:
        raise GitError(f"git rev-parse gave no work tree for {path}")
    return RepoInfo(path, git_dir, Path(lines[3]), lines[4], False)


def resolve_commit(path: Path, rev: str, what: str = "") -> str:
    """The full id of the commit `rev` names; a one-line GitError when it names none."""
    try:
        out = git(["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"], path)
    except GitError:
        shallow = git(["rev-parse", "--is-shallow-repository"], path, check=False).strip()
        hint = (
            "; this clone is shallow: fetch more history (git fetch --deepen=50, or --unshallow)"
            if shallow == b"true"
            else " (git log --oneline shows some)"
        )
        raise GitError(
            f"{what}unknown revision {rev!r}: name a branch, tag or commit that exists here" + hint
        ) from None
    return out.decode().strip()
