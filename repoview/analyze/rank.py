"""Ranking files by how much a reviewer needs them, and ordering them for a stable prefix."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..gitutil import git
from ..model import PackedFile
from ..source import Source

__all__ = [
    "History",
    "centrality",
    "load_history",
    "rank_files",
    "source_importers",
    "stable_order",
]

_ROLE_WEIGHT = {
    "source": 1.0,
    "build": 0.45,
    "config": 0.35,
    "docs": 0.3,
    "test": 0.25,
    "example": 0.25,
    "data": 0.05,
    "symlink": 0.0,
    "submodule": 0.0,
}
# Only these importers vote for centrality: tests, examples and docs import a package's
# front door hundreds of times, which says little about how the code itself hangs together.
_VOTERS = frozenset({"source"})
_C_IMPLEMENTATION = frozenset({"c", "cc", "cpp", "cxx", "m", "mm"})
_C_HEADERS = ("h", "hh", "hpp", "hxx")
_ENTRY_NAMES = frozenset(
    {
        "main.py",
        "__main__.py",
        "cli.py",
        "app.py",
        "manage.py",
        "main.go",
        "main.rs",
        "lib.rs",
        "index.js",
        "index.ts",
        "main.js",
        "main.ts",
        "server.js",
        "server.ts",
        "Main.java",
        "main.c",
        "main.cpp",
    }
)
# Names load_history's code in its cache key (this file's bytes: no finer name is stable).
_HISTORY_ID = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest().encode()
HISTORY_DEPTH = 500  # commits read for churn and recency: bounded, so big histories stay fast


@dataclass
class History:
    """Per path: how many of the recent commits touched it, and when it last changed."""

    churn: dict[str, int] = field(default_factory=dict)
    last_change: dict[str, int] = field(default_factory=dict)


def load_history(source: Source, cache: Any = None) -> History:
    """Churn and last change of each path from the last commits (empty outside git).

    With `cache` (the pack's TokenCache), the result is kept under the commit it starts
    from: reading 500 commits' file lists costs tens of milliseconds on a real repository,
    every warm pack, though it only changes with a new commit.
    """
    info = source.repo
    hist = History()
    if info is None or not info.is_git:
        return hist
    rev = source.rev or "HEAD"
    key = None
    if cache is not None:
        commit, common_dir = _head_commit(info.path, source.rev or "HEAD")
        if commit:
            rev = commit  # the log read is the one the key names, even if HEAD moves now
            key = b"history|%s|%d|%s|%s|%s" % (
                _HISTORY_ID,
                HISTORY_DEPTH,
                commit.encode(),
                info.prefix.encode("utf-8", "surrogateescape"),
                _shallow_id(common_dir),
            )
            known = cache.get_many([key], "facts").get(key)
            if known is not None:
                churn, last_change = json.loads(known)
                return History(churn, last_change)
    out = git(
        [
            "log",
            "-z",
            f"-n{HISTORY_DEPTH}",
            "--format=%x01%ct",
            "--name-only",
            "--no-renames",
            rev,
            "--",
        ],
        info.path,
        check=False,
    )
    prefix = info.prefix
    when = 0
    for rec in out.decode("utf-8", "surrogateescape").split("\0"):
        rec = rec.strip("\n")
        if rec.startswith("\x01"):
            head, _, rec = rec[1:].partition("\n")
            when = int(head) if head.isdigit() else 0
        if not rec:
            continue
        if prefix:
            if not rec.startswith(prefix):
                continue
            rec = rec[len(prefix) :]
        hist.churn[rec] = hist.churn.get(rec, 0) + 1
        hist.last_change.setdefault(rec, when)
    if key is not None:
        cache.put_many([(key, json.dumps([hist.churn, hist.last_change]))], "facts")
    return hist


def _shallow_id(common_dir: Path) -> bytes:
    """Names a shallow clone's boundary: deepening it lengthens the history of a commit."""
    try:
        data = (common_dir / "shallow").read_bytes()
    except OSError:
        data = b""
    return hashlib.blake2b(data, digest_size=8).hexdigest().encode()


def _head_commit(path: Path, rev: str) -> tuple[str | None, Path]:
    """The commit `rev` names (None: no commit yet) and the repository's common git folder."""
    out = git(
        ["rev-parse", "--git-common-dir", "--verify", "-q", rev + "^{commit}"], path, check=False
    )
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    common = path / lines[0] if lines else path
    return (lines[1] if len(lines) > 1 else None), common


def source_importers(files: list[PackedFile]) -> dict[str, int]:
    """Per path: how many source files of the repository import it."""
    counts = {f.path: 0 for f in files}
    for f in files:
        if f.role in _VOTERS:
            for t in f.imports:
                if t in counts:
                    counts[t] += 1
    return counts


def centrality(files: list[PackedFile]) -> dict[str, float]:
    """Per path, how central it is to the code: PageRank over source imports, 1.0 = most.

    Needs `imports` filled (`build_graph`). Files nothing imports get the floor value.
    """
    if not files:
        return {}
    pr = _pagerank(files)
    top = max(pr) or 1.0
    out = {f.path: r / top for f, r in zip(files, pr, strict=True)}
    # Nothing includes a .c file: it is as central as the header that declares it.
    for f in files:
        stem, dot, ext = f.path.rpartition(".")
        if dot and ext in _C_IMPLEMENTATION:
            header = max((out.get(f"{stem}.{h}", 0.0) for h in _C_HEADERS), default=0.0)
            out[f.path] = max(out[f.path], header)
    return out


def _pagerank(files: list[PackedFile], rounds: int = 20, damping: float = 0.85) -> list[float]:
    index = {f.path: i for i, f in enumerate(files)}
    n = len(files)
    out_edges = [
        [index[t] for t in f.imports if t in index] if f.role in _VOTERS else [] for f in files
    ]
    rank = [1.0 / n] * n
    for _ in range(rounds):
        nxt = [(1 - damping) / n] * n
        dangling = 0.0
        for i, targets in enumerate(out_edges):
            if targets:
                share = damping * rank[i] / len(targets)
                for t in targets:
                    nxt[t] += share
            else:
                dangling += rank[i]
        spread = damping * dangling / n
        rank = [r + spread for r in nxt]
    return rank


def rank_files(files: list[PackedFile], hist: History) -> dict[str, float]:
    """A score per path: centrality in the import graph, role, entry points, history."""
    if not files:
        return {}
    central = centrality(files)
    top_churn = math.log1p(max(hist.churn.values(), default=0)) or 1.0
    times = list(hist.last_change.values())
    oldest, newest = (min(times), max(times)) if times else (0, 0)
    scores = {}
    for f in files:
        name = f.path.rsplit("/", 1)[-1]
        score = 2.0 * central[f.path] + _ROLE_WEIGHT.get(f.role, 0.3)
        if name in _ENTRY_NAMES:
            score += 0.5
        if name.lower().startswith("readme") and "/" not in f.path:
            score += 2.5  # the project's own description comes first
        score += 0.3 * math.log1p(hist.churn.get(f.path, 0)) / top_churn
        if newest > oldest and f.path in hist.last_change:
            score += 0.2 * (hist.last_change[f.path] - oldest) / (newest - oldest)
        scores[f.path] = score
    return scores


def stable_order(files: list[PackedFile], hist: History) -> list[PackedFile]:
    """Least recently changed first: what changes next sits late, so prefixes stay cached."""
    return sorted(files, key=lambda f: (hist.last_change.get(f.path, 0), f.path))
