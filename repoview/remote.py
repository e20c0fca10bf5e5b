"""Repositories by URL: a shallow, partial clone kept in a cache and packed like `--rev`.

`https://`, `http://`, `ssh://`, `git://`, `file://` and scp-like `user@host:path` URLs are
remote, and so is `owner/repo` (GitHub) when no such local path exists. The first run makes
a bare repository under REPOVIEW_HOME/remotes; later runs fetch into it, so only what
changed travels. Credentials come from git's own helpers (never a prompt), and no message
repoview prints carries the userinfo of a URL.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import lazyre
from .errors import ConfigError, GitError
from .gitutil import has_refs

__all__ = [
    "Checkout",
    "RemoteError",
    "RemoteUnreachable",
    "fetch_remote",
    "is_remote",
    "resolve_target",
]

_SCHEMES = ("https://", "http://", "ssh://", "git://", "file://", "git+ssh://", "ssh+git://")
_SCP = lazyre.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)[^\s]+$")
_SHORTHAND = lazyre.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_HEX = lazyre.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


BLOB_LIMIT = "1m"  # repoview's default --max-file-size: larger files are rarely packed


class RemoteError(GitError):
    """A remote repository refused: missing ref, failed authentication, no such repository."""


class RemoteUnreachable(RemoteError):
    """The host is unknown or does not answer: a network error."""

    exit_code = 3


@dataclass(frozen=True)
class Checkout:
    """A fetched remote: the bare cache repository, the commit to pack, what was asked."""

    path: Path
    rev: str
    url: str  # without userinfo: safe to show
    ref: str | None
    fetched: bool  # False: the cache answered without asking the remote
    warning: str = ""


def is_remote(spec: str) -> bool:
    """True when `spec` names a remote repository rather than a local folder."""
    if spec.startswith(_SCHEMES) or _SCP.match(spec):
        return True
    # `repos/richh` beside a local `repos/` folder is a mistyped path, not GitHub's "repos".
    owner = spec.split("/", 1)[0]
    return bool(_SHORTHAND.match(spec)) and not Path(spec).exists() and not Path(owner).is_dir()


def expand(spec: str) -> str:
    """The URL git should fetch: `owner/repo` means GitHub over https."""
    if spec.startswith(_SCHEMES) or _SCP.match(spec):
        return spec
    return f"https://github.com/{spec.removesuffix('.git')}.git"


def safe_url(url: str) -> str:
    """`url` without user name or password, for messages and the cache's config."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def cache_dir(home: Path, url: str) -> Path:
    """One bare repository per remote: host/path for people, a hash to keep URLs apart."""
    shown = safe_url(url)
    if "://" in shown:
        parts = urlsplit(shown)
        host, path = parts.netloc or "local", parts.path
    else:  # scp-like user@host:path
        host, _, path = shown.partition("@")[2].partition(":")
    name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git") or "repo"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", host)
    tag = hashlib.sha256(shown.encode()).hexdigest()[:10]
    return home / "remotes" / f"{slug}-{tag}" / re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def resolve_target(
    spec: str, ref: str | None, rev: str | None, warn: Callable[[str], None]
) -> tuple[Path, str | None]:
    """What to pack for a PATH argument: a local folder as is (at `rev`); a URL or
    `owner/repo` fetched into the cache and packed at its commit, like --rev."""
    from .tokens import default_home

    if not is_remote(spec):
        if ref:
            raise ConfigError("--ref is for repositories given by URL; use --rev for a local one")
        return Path(spec), rev
    if rev:
        raise ConfigError("a URL is packed at --ref (a branch, tag or commit), not --rev")
    checkout = fetch_remote(spec, ref, default_home())
    if checkout.warning:
        warn(checkout.warning)
    return checkout.path, checkout.rev


def fetch_remote(spec: str, ref: str | None, home: Path) -> Checkout:
    """Bring `ref` (default: the remote's HEAD) of `spec` into the cache; return its commit."""
    try:
        return _fetch(spec, ref, home)
    except RemoteError as exc:
        if spec != expand(spec):
            # `owner/repo` may as well be a mistyped local folder: say both.
            raise type(exc)(f"{exc} (and there is no local folder {spec!r})") from None
        raise


def _fetch(spec: str, ref: str | None, home: Path) -> Checkout:
    url = expand(spec)
    shown = safe_url(url)
    repo = cache_dir(home, url)
    repo.parent.mkdir(parents=True, exist_ok=True)
    with _locked(repo.parent / ".lock"):
        made = not (repo / "HEAD").exists()
        try:
            if made:
                _git(["init", "-q", "--bare", str(repo)], repo.parent, shown)
                # The URL is given on each fetch's command line, never stored: a token in it
                # stays out of the cache; this entry only says where the cache came from.
                _git(["config", "repoview.url", shown], repo, shown)
            return _fetch_into(repo, url, shown, ref)
        except BaseException:
            # A first fetch that failed (no such repository, an empty one, a bad ref, ^C)
            # leaves no empty cache behind.
            if made and repo.is_dir() and not has_refs(repo):
                shutil.rmtree(repo, ignore_errors=True)
            raise


def _fetch_into(repo: Path, url: str, shown: str, ref: str | None) -> Checkout:
    """Fetch `ref` (or HEAD) of `url` into the cache `repo`; its commit."""
    keep = "refs/repoview/" + (re.sub(r"[^A-Za-z0-9._/-]+", "_", ref) if ref else "HEAD")
    if ref and _HEX.match(ref) and _has_commit(repo, ref):
        return Checkout(repo, ref, shown, ref, fetched=False)  # a commit never changes
    try:
        # One commit, its trees, and its files up to the default size cap in one pack;
        # larger files come in one batch after (below). Stdlib corpus, local git
        # daemon, loaded 2-core machine: 10 s for this fetch + 12 s for the batch of
        # the five larger files (the server walks history to allow them), against 21 s
        # for a plain shallow clone and 38 s for blob:none + one batch of every file.
        _git(
            [
                "-c",
                f"remote.origin.url={url}",
                "fetch",
                "-q",
                "--no-tags",
                "--depth=1",
                f"--filter=blob:limit={BLOB_LIMIT}",
                "origin",
                f"+{ref or 'HEAD'}:{keep}",
            ],
            repo,
            shown,
            ref,
        )
    except RemoteUnreachable as exc:
        old = _resolve(repo, keep)
        if old is None:
            raise
        note = f"{exc}; packing the cached copy from the last fetch"
        return Checkout(repo, old, shown, ref, fetched=False, warning=note)
    rev = _resolve(repo, keep)
    if rev is None:
        raise RemoteError(f"{shown}: the fetch gave no commit for {ref or 'HEAD'!r}")
    _fetch_blobs(repo, rev, url, shown)
    return Checkout(repo, rev, shown, ref, fetched=True)


def _fetch_blobs(repo: Path, rev: str, url: str, shown: str) -> None:
    """Fetch the commit's missing (large) files in one request: listing the tree with sizes
    would otherwise fetch them one request each."""
    out = _git(["rev-list", "--objects", "--missing=print", rev], repo, shown)
    missing = [line[1:].strip() for line in out.decode().splitlines() if line.startswith("?")]
    if not missing:
        return
    _git(
        [
            "-c",
            f"remote.origin.url={url}",
            "-c",
            "fetch.negotiationAlgorithm=noop",
            "fetch",
            "-q",
            "--no-tags",
            "--no-write-fetch-head",
            "--recurse-submodules=no",
            "--filter=blob:none",
            "--stdin",
            "origin",
        ],
        repo,
        shown,
        stdin="\n".join(missing).encode() + b"\n",
    )


def _has_commit(repo: Path, oid: str) -> bool:
    proc = subprocess.run(
        ["git", "cat-file", "-e", f"{oid}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return proc.returncode == 0


def _resolve(repo: Path, name: str) -> str | None:
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", name + "^{commit}"],
        cwd=repo,
        capture_output=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip() or None


# Variables that point git at another repository; proxies, certificates and ssh stay.
_REPO_VARS = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_PREFIX",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR",
        "GIT_NAMESPACE",
    }
)


def _env(ssh: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARS}
    # Never wait for a password on the terminal: helpers answer, or the fetch fails.
    env["GIT_TERMINAL_PROMPT"] = "0"
    if ssh and not (env.get("GIT_SSH_COMMAND") or env.get("GIT_SSH") or _ssh_configured()):
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"  # ssh asks on the tty otherwise
    env["LC_ALL"] = "C"
    return env


def _ssh_configured() -> bool:
    proc = subprocess.run(
        ["git", "config", "--get", "core.sshCommand"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return bool(proc.stdout.strip())


def _git(
    args: list[str], cwd: Path, shown: str, ref: str | None = None, stdin: bytes | None = None
) -> bytes:
    try:
        # Never the inherited stdin: under `repoview mcp` it is the protocol's pipe.
        proc = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            env=_env(ssh="://" not in shown or shown.startswith("ssh")),
            input=stdin or b"",
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH; install git and retry") from None
    if proc.returncode != 0:
        raise _classify(proc.stderr.decode("utf-8", "replace"), shown, ref)
    return proc.stdout


def _classify(stderr: str, shown: str, ref: str | None) -> RemoteError:
    """One line naming the cause and the fix, from git's own words (never the URL's secrets)."""
    text = stderr.lower()
    if any(
        s in text
        for s in (
            "could not resolve host",
            "name or service not known",
            "unable to look up",
            "temporary failure in name resolution",
            "nodename nor servname",
        )
    ):
        return RemoteUnreachable(f"{shown}: unknown host; check the URL and your network")
    if any(
        s in text
        for s in (
            "connection refused",
            "timed out",
            "network is unreachable",
            "no route to host",
            "failed to connect",
        )
    ):
        return RemoteUnreachable(
            f"{shown}: the server does not answer; check the URL, port and network"
        )
    if any(
        s in text
        for s in (
            "couldn't find remote ref",
            "not our ref",
            "no such ref",
            "unadvertised object",
            "invalid refspec",
        )
    ):
        hint = (
            "give the full 40-character commit id"
            if ref and re.fullmatch(r"[0-9a-f]{4,39}", ref)
            else "`git ls-remote URL` lists what it has"
        )
        return RemoteError(f"{shown}: no branch, tag or commit {ref or 'HEAD'!r}; {hint}")
    if any(
        s in text
        for s in (
            "authentication failed",
            "could not read username",
            "could not read password",
            "terminal prompts disabled",
            "permission denied",
            "403",
            "401",
            "invalid credentials",
        )
    ):
        return RemoteError(
            f"{shown}: authentication failed; store a credential with git "
            "(git credential helper or ssh key) and retry"
        )
    if any(
        s in text
        for s in ("not found", "does not appear to be a git repository", "does not exist", "404")
    ):
        return RemoteError(f"{shown}: no repository there (or no access to it); check the URL")
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    last = next(
        (ln for ln in lines if ln.startswith(("fatal:", "error:"))),
        lines[-1] if lines else "git failed",
    )
    return RemoteError(f"{shown}: {_scrub(last.removeprefix('fatal: '))}")


def _scrub(text: str) -> str:
    return re.sub(r"(://)[^/@\s]+@", r"\1", text)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Two runs on the same cache take turns instead of fetching into each other."""
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
