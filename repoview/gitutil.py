"""Thin helpers over the git command line: run a command, locate a repository."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import lazyre
from .errors import GitError, InputError

__all__ = ["Background", "RepoInfo", "git", "is_ancestor", "locate", "resolve_commit"]

# Quote nothing and never page: we parse git's output and pass -z where names matter.
_BASE = ["git", "-c", "core.quotepath=off", "-c", "core.pager=cat"]
_REPO_ENV = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"})


def git(
    args: list[str],
    cwd: Path,
    *,
    check: bool = True,
    input: bytes | None = None,
    timeout: float | None = None,
) -> bytes:
    """Run git in `cwd` and return its stdout; raise GitError with git's own message (or
    saying it took longer than `timeout` seconds: then git and what it started, an ssh
    connection say, are stopped)."""
    if timeout is not None:
        return _bounded(args, cwd, timeout, check)
    try:
        proc = subprocess.run(
            [*_BASE, *args], cwd=cwd, input=input, capture_output=True, env=_env(), check=False
        )
    except FileNotFoundError as exc:
        raise GitError(_MISSING) from exc
    if check and proc.returncode != 0:
        raise GitError(_message(proc.stderr, args))
    return proc.stdout


def _bounded(args: list[str], cwd: Path, timeout: float, check: bool) -> bytes:
    """`git ARGS` in a session of its own, stopped whole after `timeout` seconds; an ssh it
    starts may not ask for anything (no terminal prompt, no host key to accept)."""
    env = _env()
    if not (env.get("GIT_SSH_COMMAND") or env.get("GIT_SSH")):
        configured = subprocess.run(
            [*_BASE, "config", "--get", "core.sshCommand"], cwd=cwd, capture_output=True, env=env
        )
        if not configured.stdout.strip():
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=10"
    try:
        proc = subprocess.Popen(
            [*_BASE, *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise GitError(_MISSING) from exc
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise GitError(f"git {args[0]} took longer than {timeout:.0f} s") from None
    if check and proc.returncode != 0:
        raise GitError(_message(err, args))
    return out


def has_refs(path: Path) -> bool:
    """Whether the repository at `path` has any branch, tag or other ref (when git cannot
    say: as if it had)."""
    proc = subprocess.run(
        [*_BASE, "for-each-ref", "--count=1", "--format=x"],
        cwd=path,
        capture_output=True,
        env=_env(),
        check=False,
    )
    return proc.returncode != 0 or bool(proc.stdout.strip())


def is_ancestor(path: Path, older: str, newer: str) -> bool:
    """Whether commit `older` is `newer` or one of its ancestors."""
    try:
        proc = subprocess.run(
            [*_BASE, "merge-base", "--is-ancestor", older, newer],
            cwd=path,
            capture_output=True,
            env=_env(),
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError(_MISSING) from exc
    return proc.returncode == 0


class Background:
    """git commands running while the caller works: `git A | git B` (or `git A` alone), the
    output going to a temporary file, read once with `output()`. Nothing waits on a pipe
    for the caller, and no thread is needed (a thread would keep the pack from forking)."""

    def __init__(self, args: list[str], cwd: Path, then: list[str] | None = None) -> None:
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by output() or cancel()
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        self._args = args
        self._procs: list[subprocess.Popen[bytes]] = []
        try:
            first = subprocess.Popen(
                [*_BASE, *args],
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if then else self._out,
                stderr=self._err,
                env=_env(),
            )
            self._procs.append(first)
            if then:
                assert first.stdout is not None
                try:
                    self._procs.append(
                        subprocess.Popen(
                            [*_BASE, *then],
                            cwd=cwd,
                            stdin=first.stdout,
                            stdout=self._out,
                            stderr=self._err,
                            env=_env(),
                        )
                    )
                finally:
                    first.stdout.close()  # the second command holds it now
        except FileNotFoundError as exc:
            self.cancel()
            raise GitError(_MISSING) from exc
        except BaseException:
            self.cancel()
            raise

    def output(self, check: bool = True) -> bytes:
        """What the last command wrote, once all have exited; GitError if one failed."""
        try:
            codes = [proc.wait() for proc in self._procs]
        except BaseException:  # interrupted while git runs: stop it, leave nothing behind
            self.cancel()
            raise
        try:
            self._out.seek(0)
            out = self._out.read()
            self._err.seek(0)
            err = self._err.read()
        finally:
            self._close()
        if check and any(codes):
            raise GitError(_message(err, self._args))
        return out

    def cancel(self) -> None:
        """Stop what still runs (the caller no longer needs it)."""
        for proc in self._procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        self._close()

    def _close(self) -> None:
        self._out.close()
        self._err.close()


_MISSING = "git is not installed or not on PATH; install git and retry"


def _env() -> dict[str, str]:
    # Hooks run with GIT_DIR and friends set; we always locate the repository from `cwd`.
    env = {k: v for k, v in os.environ.items() if k not in _REPO_ENV}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("LC_ALL", "C")
    return env


def _message(stderr: bytes, args: list[str]) -> str:
    """git's own error line, as the one line a user sees."""
    msg = stderr.decode("utf-8", "replace").strip().splitlines()
    first = next((line for line in msg if line.startswith(("fatal:", "error:"))), None)
    return (first or (msg[0] if msg else f"git {args[0]} failed")).removeprefix("fatal: ")


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
        kind = _object_type(path, rev)
        if kind in ("tree", "blob"):
            raise GitError(
                f"{what}{rev!r} is a {kind}, not a commit: name a commit (to pack a folder, "
                "pass the folder as PATH)"
            ) from None
        if not has_refs(path):  # (a repository made, nothing committed or fetched yet)
            raise GitError(
                f"{what}unknown revision {rev!r}: the repository has no commits yet"
            ) from None
        shallow = git(["rev-parse", "--is-shallow-repository"], path, check=False).strip()
        hint = " (git log --oneline shows some)"
        if shallow == b"true" and _HISTORY.search(rev):  # (`HEAD~30`, an older commit's id)
            hint = (
                "; this clone is shallow: fetch more history (git fetch --deepen=50, or "
                "--unshallow)"
            )
        elif shallow == b"true":  # (a branch a `--depth` clone left out, or a typo)
            hint = (
                f" (this shallow clone may lack it: git fetch origin {rev}; git log --oneline "
                "shows what it has)"
            )
        raise GitError(
            f"{what}unknown revision {rev!r}: name a branch, tag or commit that exists here" + hint
        ) from None
    return out.decode().strip()


_HISTORY = lazyre.compile(r"[~^]|^[0-9a-f]{7,64}$")  # a revision reached through history


def _object_type(path: Path, rev: str) -> str:
    """What `rev` names when it names no commit: "tree", "blob" (a tag peeled to what it
    tags), "" for nothing this repository holds."""
    oid = git(["rev-parse", "--verify", "--quiet", "--end-of-options", rev], path, check=False)
    oid = oid.strip()
    if not oid:
        return ""
    kind = git(["cat-file", "-t", oid.decode("ascii", "replace") + "^{}"], path, check=False)
    return kind.decode("ascii", "replace").strip()
