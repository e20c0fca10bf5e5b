"""Ranking files by how much a reviewer needs them, and ordering them for a stable prefix."""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import lazyre
from ..errors import GitError
from ..gitutil import Background, git
from ..model import PackedFile
from ..plan import COLD as _COLD
from ..secrets import RULES_ID, secret_names
from ..source import Source
from .languages import is_manifest, is_readme, test_by_name, tests_folder

__all__ = [
    "VOTERS",
    "History",
    "HistoryRead",
    "centrality",
    "library_tests",
    "load_history",
    "rank_files",
    "shallow_note",
    "source_importers",
    "stable_order",
    "start_history",
    "superseded",
]

# Documents that say how a project's code fits together, and licence texts.
_OVERVIEWS = frozenset({"architecture", "design", "overview", "hacking", "internals"})
_LICENCE_TEXT = lazyre.compile(r"(?:licen[cs]e|copying|unlicense|[al]?gpl)(?:[-_.]|$)")
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
VOTERS = frozenset({"source"})
_C_IMPLEMENTATION = ("c", "cc", "cpp", "cxx", "m", "mm", "cu")
_C_HEADERS = ("h", "hh", "hpp", "hxx", "cuh")
# How a module's own header is named when it is not simply `name.h`: `multiif.h`,
# `hash_int.h`, `queue-private.h`, and the header of its types, `proxy-t.h`.
_OWN_HEADER = frozenset(
    {"", "if", "int", "_int", "-int", "_internal", "-internal", "_priv", "-priv", "_private",
     "-private", "_impl", "-impl", "_p", "-t", "_t", "_types", "-types"}
)  # fmt: skip
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
# A program's entry point whatever its name: a C or C++ file defining `main` (its type on
# the line before in BSD style) outside any `#if` (a module's self-test, `#ifdef TEST`, is
# not the program), a Go file of `package main` with `func main()`.
_C_MAIN = lazyre.compile(r"^(?:int|static[ \t]+int)[ \t]*\n?[ \t]*main[ \t]*\(", re.M)
_C_IF = lazyre.compile(r"^[ \t]*#[ \t]*if", re.M)
_C_ENDIF = lazyre.compile(r"^[ \t]*#[ \t]*endif", re.M)
_GO_MAIN = lazyre.compile(r"^package[ \t]+main\b.*^func[ \t]+main[ \t]*\(", re.M | re.S)
_MAIN_LANGUAGES = {"C": _C_MAIN, "C++": _C_MAIN, "Go": _GO_MAIN}
_ENTRY_FANOUT = 32  # the repository files an entry point imports for its full extra weight
# How many programs' worth of main files (each weighing as its share of _ENTRY_FANOUT) a
# repository may hold before their extra weight is shared: with a port per platform, a
# reader starts at the code they all build on, not at one of twenty-five `main()`s.
_ENTRY_PROGRAMS = 4.0
# A header-only library's front door: a header no source file includes, that brings at least
# this many of the project's headers together, and that its tests or examples include.
_DOOR_FANOUT = 8
# Names load_history's code in its cache key (this file's bytes: no finer name is stable).
_HISTORY_ID = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest().encode()
HISTORY_SPAN = 365 * 86400  # history read for churn and heat: about a year...
HISTORY_STEP = 91 * 86400
HEAT_HALF_LIFE = 30 * 86400  # a change weighs twice as much as one this much older
# ...and at most this many commits, so busy histories stay fast. A cap reached starts the
# window at the first step after the oldest commit it reached (`_cut`).
HISTORY_DEPTH = 3000
# Beyond the year, how often a file changed over three: a file quiet this year but changed
# often before is likelier to be touched next than one that never changed (over the last
# 100-200 commits of 13 repositories, the prefix consecutive packs share rose by 3 points
# on average, 10 of them gaining). Each such change weighs this share of a change at the
# year's last step.
LONG_SPAN = 3 * HISTORY_SPAN
LONG_DEPTH = 10_000
LONG_WEIGHT = 0.03


def _windows(head_time: int) -> tuple[int, int]:
    """The starts of the year's window and of the three years', for a commit made at
    `head_time`: each a whole number of steps, the second the first less a whole number of
    steps, so that both move at once (apart, a file whose last change left the three years
    jumped to the front of the pack at a moment the year's window did not move: two breaks
    of the prefix a quarter instead of one)."""
    since = (head_time - HISTORY_SPAN) // HISTORY_STEP * HISTORY_STEP
    return since, since - (LONG_SPAN - HISTORY_SPAN) // HISTORY_STEP * HISTORY_STEP


@dataclass
class History:
    """Per path: how many of the recent commits touched it, and its heat (`output_order`)."""

    churn: dict[str, int] = field(default_factory=dict)
    heat: dict[str, float] = field(default_factory=dict)  # changes, the older the less
    # The heat of the changes before the history window's last step (a file first changed
    # since weighs as one change at that step): it moves four times a year, not with each
    # commit (`output_order`).
    settled: dict[str, float] = field(default_factory=dict)
    # A shallow clone whose boundary lies inside the window: the commits read (0: the
    # history was whole, or ended before the boundary) and the window's start.
    shallow_commits: int = 0
    since: int = 0


def load_history(source: Source, cache: Any = None) -> History:
    """Churn and last change of each path from the last commits (empty outside git).

    With `cache` (the pack's TokenCache), the result is kept under the commit it starts
    from: reading a year of commits' file lists costs tens of milliseconds on a real repository,
    every warm pack, though it only changes with a new commit.
    """
    return start_history(source, cache).result()


def start_history(source: Source, cache: Any = None) -> HistoryRead:
    """`load_history`, begun: git lists the commits (and, on a repository's first pack, the
    paths each one changed) in the background; `result()` waits for it and reads it. A
    first pack of three busy years waits on git for half a second (curl's 8,668 commits)
    that the pack spends reading and parsing files."""
    info = source.repo
    read = HistoryRead(cache, info.prefix if info is not None else "")
    if info is None or not info.is_git:
        read.hist = History()
        return read
    rev = source.rev or "HEAD"
    commit, common_dir = _head_commit(info.path, rev)
    read.commit = commit or ""
    read.boundary = _shallow_commits(common_dir)
    # The remote cache is fetched shallow by design (README: remote repositories): no
    # fetch of the user's would change it.
    read.managed = bool(read.boundary) and info.bare and _remote_cache(info.path)
    if cache is not None and commit:
        rev = commit  # the log read is the one the key names, even if HEAD moves now
        read.key = b"history|%s|%d|%s|%s|%s" % (
            _HISTORY_ID,
            LONG_DEPTH,
            commit.encode(),
            info.prefix.encode("utf-8", "surrogateescape"),
            _shallow_id(common_dir),
        )
        known = cache.get_many([read.key], "facts").get(read.key)
        if known is not None:
            churn, heat, settled, cut, since = json.loads(known)
            read.hist = History(churn, heat, settled, cut, since)
            return read
    head = git(["log", "-1", "--format=%ct %P", rev, "--"], info.path, check=False)
    when, *parents = head.decode("ascii", "replace").split() or [""]
    if not when.isdigit():
        read.hist = History()  # no commits yet
        return read
    read.head_time = int(when)
    since_long = _windows(read.head_time)[1]
    log = ["log", f"--since=@{since_long}", f"-n{LONG_DEPTH}"]
    read.path = info.path
    try:
        read.listing = Background([*log, "--format=%H %ct", rev, "--"], info.path)
        # A new commit on a history read before needs one diff, made when the read ends; with
        # none of its parents' changes kept, each commit's paths are read now, in the
        # background.
        seen = [_CHANGED + p.encode() for p in parents]
        if not seen or cache is None or not cache.get_many(seen, "facts"):
            changes = [*log, "--format=%H", rev, "--"]
            read.changes = Background(changes, info.path, then=_DIFF_TREE)
    except BaseException:  # (interrupted: no git left running)
        read.cancel()
        raise
    return read


_DIFF_TREE = ["diff-tree", "--stdin", "-r", "--name-only", "--no-renames", "-z", "--root"]
# Names a commit's changed paths in the cache: with how they are read and which names are
# held back as credentials.
# (and the version of how the answer is read: rows read otherwise are never reused)
_CHANGES_READ = 2
_CHANGES_ID = hashlib.blake2b(
    (repr(_DIFF_TREE) + RULES_ID + str(_CHANGES_READ)).encode(), digest_size=8
)
_CHANGED = b"changed|%s|" % _CHANGES_ID.hexdigest().encode()


@dataclass
class HistoryRead:
    """A history read under way (`start_history`)."""

    cache: Any
    prefix: str
    hist: History | None = None  # known already (from the cache, or nothing to read)
    key: bytes | None = None  # where the result is kept
    boundary: frozenset[str] = frozenset()  # a shallow clone's boundary commits
    managed: bool = False  # shallow by repoview's own choice (a URL's cache)
    commit: str = ""  # the id of the commit the history starts from ("": none yet)
    head_time: int = 0
    path: Path | None = None
    listing: Background | None = None  # each commit's id and time
    changes: Background | None = None  # each commit's id and the paths it changed

    def cancel(self) -> None:
        """Stop git if the pack ends before it needed the history."""
        for run in (self.listing, self.changes):
            if run is not None:
                run.cancel()
        self.listing = self.changes = None

    def result(self) -> History:
        if self.hist is not None:
            return self.hist
        assert self.listing is not None and self.path is not None
        self.hist = hist = History()
        log, whole, at_boundary = self._window_log()
        key = self.key if whole else None  # git could not read every commit: keep nothing
        # The window starts a year before the commit packed, rounded down to a 13-week
        # step: it moves four times a year, not with every commit (a file whose last change
        # left the window would jump to the front of the pack, ending the prefix consecutive
        # packs share).
        since, since_long = _windows(self.head_time)
        settle = since + HISTORY_SPAN // HISTORY_STEP * HISTORY_STEP  # the window's last step
        # A busy history fills a cap before the window's start: each new commit would push
        # the oldest out, and the heat of what it touched would move with every commit.
        # Cut at the first step after the oldest commit read, the window starts where it
        # did until the cap's cut crosses a step.
        long_from = _cut([w for w, _ in log], LONG_DEPTH)
        # A boundary commit read inside the window: a full clone would read on past it (and
        # the boundary commit itself seems to add every file). A window that ends before
        # the boundary reads what a full clone does.
        if not self.managed and any(w >= long_from for w in at_boundary):
            hist.shallow_commits = sum(1 for w, _ in log if w >= long_from)
            hist.since = since_long
        year = [w for w, _ in log if w >= since][:HISTORY_DEPTH]
        year_from = max(since, long_from, _cut(year, HISTORY_DEPTH))
        prefix = self.prefix
        recent: set[str] = set()  # changed since the window's last step
        changes: dict[str, int] = {}  # over the three years
        settled_changes: dict[str, int] = {}  # ...before the year's last step
        for when, paths in log:
            if when < long_from:
                continue
            for path in paths:
                if prefix:
                    if not path.startswith(prefix):
                        continue
                    path = path[len(prefix) :]
                changes[path] = changes.get(path, 0) + 1
                if when < settle:
                    settled_changes[path] = settled_changes.get(path, 0) + 1
                if when < year_from:
                    continue  # the year's heat and churn
                hist.churn[path] = hist.churn.get(path, 0) + 1
                # Weighed by time from the window's start, not by count: a commit's weight
                # never changes as others come (however a merge interleaves older commits
                # into the log).
                weight = 2 ** ((when - since) / HEAT_HALF_LIFE)
                hist.heat[path] = hist.heat.get(path, 0.0) + weight
                if when < settle:
                    hist.settled[path] = hist.settled.get(path, 0.0) + weight
                else:
                    recent.add(path)
        at_step = 2 ** ((settle - since) / HEAT_HALF_LIFE)
        for path in recent - hist.settled.keys():  # new since: as hot as a change at the step
            hist.settled[path] = at_step
        for heat, counts in ((hist.heat, changes), (hist.settled, settled_changes)):
            for path, n in counts.items():
                heat[path] = heat.get(path, 0.0) + LONG_WEIGHT * at_step * n
        if key is not None:
            row = [hist.churn, hist.heat, hist.settled, hist.shallow_commits, hist.since]
            self.cache.put_many([(key, json.dumps(row))], "facts")
        return hist

    def _window_log(self) -> tuple[list[tuple[int, list[str]]], bool, list[int]]:
        """The commits of the last three years (newest first, at most `LONG_DEPTH`): each
        one's time and the paths it changed (none for a merge, as `git log` shows them);
        whether git could read them all; and the times of the shallow boundary's commits
        among them.

        What a commit changed never changes, so with a cache each commit's paths are kept
        under its id: a new commit costs one diff, not three years of them. Not a shallow
        clone's `boundary` commits: without their parents they seem to add every file, and
        deepening the clone changes that. A path with a token in its name is left out of
        packs, and neither the cache nor the history keeps one (with the secret scan off,
        such a file ranks as one without history).
        """
        assert self.listing is not None and self.path is not None
        cache, boundary = self.cache, self.boundary
        out = self.listing.output(check=False)
        self.listing = None
        commits = []
        for line in out.decode("ascii", "replace").splitlines():
            sha, _, when = line.partition(" ")
            if when.isdigit():
                commits.append((sha, int(when)))
        keys = [_CHANGED + sha.encode() for sha, _ in commits]
        known = cache.get_many(keys, "facts") if cache is not None and keys else {}
        for sha in boundary:
            known.pop(_CHANGED + sha.encode(), None)
        missing = [sha for (sha, _), key in zip(commits, keys, strict=True) if key not in known]
        found: dict[str, list[str]] = {}
        whole = True
        running, self.changes = self.changes, None
        if missing or running is not None:
            try:
                if running is not None:
                    raw = running.output()
                else:
                    raw = git(_DIFF_TREE, self.path, input="\n".join(missing).encode() + b"\n")
            except GitError:  # an object missing (a partial clone offline): nothing is kept
                raw, cache, whole = b"", None, False
            # Each commit's id, then the paths it changed: every commit listed starts its own
            # (the background read diffs those the cache holds too), the missing are kept.
            listed = {sha for sha, _ in commits}
            current: list[str] | None = None
            for token in raw.decode("utf-8", "surrogateescape").split("\0"):
                if token in listed:
                    current = found.setdefault(token, [])
                elif token and current is not None:
                    current.append(token)
            hidden = set(secret_names([p for paths in found.values() for p in paths]))
            if hidden:
                found = {sha: [p for p in paths if p not in hidden] for sha, paths in found.items()}
            if cache is not None:
                rows = [
                    (_CHANGED + sha.encode(), json.dumps(found.get(sha, [])))
                    for sha in missing
                    if sha not in boundary
                ]
                cache.put_many(rows, "facts")
        log = [
            (when, json.loads(known[key]) if key in known else found.get(sha, []))
            for (sha, when), key in zip(commits, keys, strict=True)
        ]
        return log, whole, [when for sha, when in commits if sha in boundary]


def _cut(times: list[int], cap: int) -> int:
    """Where a window whose read reached its `cap` of commits (at `times`) starts: the first
    of the window's steps after the oldest commit read (strictly: commits of that very
    second may lie past the cut), so it moves only when the cut crosses a step; a finer step
    (a week, a day) when that would keep under half the cap (a history of more than 30
    commits a day), and the oldest commit read itself when even a day would. 0: no cap."""
    if len(times) < cap:
        return 0
    oldest = min(times)
    for step in _CUT_STEPS:
        start = (oldest // step + 1) * step
        if 2 * sum(1 for w in times if w >= start) >= cap:
            return start
    return oldest


_CUT_STEPS = (HISTORY_STEP, 7 * 86400, 86400)


def _shallow_commits(common_dir: Path) -> frozenset[str]:
    """A shallow clone's boundary: the commits whose parents it does not have."""
    try:
        return frozenset((common_dir / "shallow").read_text("ascii").split())
    except (OSError, UnicodeDecodeError):
        return frozenset()


def _shallow_id(common_dir: Path) -> bytes:
    """Names a shallow clone's boundary: deepening it lengthens the history of a commit."""
    try:
        data = (common_dir / "shallow").read_bytes()
    except OSError:
        data = b""
    return hashlib.blake2b(data, digest_size=8).hexdigest().encode()


def _remote_cache(path: Path) -> bool:
    """Whether the bare repository at `path` is repoview's cache of a URL (`remote.py`)."""
    return bool(git(["config", "--get", "repoview.url"], path, check=False).strip())


def shallow_note(hist: History) -> str | None:
    """The warning a pack gives when a shallow clone cut the history it ranks files by."""
    n = hist.shallow_commits
    if not n:
        return None
    since = time.strftime("%Y-%m-%d", time.gmtime(hist.since))
    # Deepened to the window's very start, the commit before it would be the boundary, read
    # as adding every file: one step earlier leaves a quarter's room. A project quiet for
    # longer than that keeps a boundary inside the window: one commit deeper ends it.
    deepen = time.strftime("%Y-%m-%d", time.gmtime(hist.since - HISTORY_STEP))
    return (
        f"this clone is shallow: files are ranked and ordered from the {n:,} "
        f"commit{'s' if n != 1 else ''} it has, not from the history since {since} as in a "
        f"full clone; for a full clone's pack: git fetch --unshallow, or "
        f"--shallow-since={deepen} (and --deepen=1 if this warning stays)"
    )


def _head_commit(path: Path, rev: str) -> tuple[str | None, Path]:
    """The commit `rev` names (None: no commit yet) and the repository's common git folder."""
    out = git(
        ["rev-parse", "--git-common-dir", "--verify", "-q", rev + "^{commit}"], path, check=False
    )
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    common = path / lines[0] if lines else path
    return (lines[1] if len(lines) > 1 else None), common


def library_tests(files: list[PackedFile]) -> list[PackedFile]:
    """The Python modules a tests folder inside the code holds (`<pkg>/test/client.py`) that
    the code itself imports: the library's testing API (a test client, the test cases its
    users subclass), not its tests. They become source (and so may what they import in that
    folder); returned. A top-level suite (`tests/`) stays tests, and so do files named as
    tests in a tests folder; outside one, a module named as tests that the code imports is
    the code's (a template engine's `tests.py`: the tests its templates apply, `is odd`).
    (Python only: its imports name modules; a C# `using` names a namespace, and a type's
    name alone ties a test project's `Product` to the code's.)"""
    by_path = {f.path: f for f in files}
    adopted: list[PackedFile] = []
    grew = True
    while grew:
        grew = False
        for f in files:
            if f.role != "test" or f.language != "Python":
                continue
            folder = tests_folder(f.path.rpartition("/")[0])
            if test_by_name(f.path, f.language):
                if folder is not None or f.path.rpartition("/")[2] == "conftest.py":
                    continue
            elif folder is None or "/" not in folder:
                continue
            if any(p in by_path and by_path[p].role == "source" for p in f.imported_by):
                f.role = "source"
                adopted.append(f)
                grew = True
    return adopted


def source_importers(files: list[PackedFile]) -> dict[str, int]:
    """Per path: how many source files of the repository import it, or take what it defines
    through a package's re-exports (`PackedFile.reaches`).

    Where JavaScript or TypeScript code runs beside declaration files (`.d.ts` written for
    a JavaScript library), the declarations do not vote: they import one another for their
    types, and fastify's `types/utils.d.ts` counted 14 importers, 12 of them declarations,
    which ranked its types above the runtime that 20 modules use. (A repository of
    declarations alone, a package of types, keeps their votes.)"""
    counts = {f.path: 0 for f in files}
    declarations = _declarations_aside(files)
    for f in files:
        if f.role in VOTERS and f.path not in declarations:
            for t in (*f.imports, *f.reaches):
                if t in counts:
                    counts[t] += 1
    return counts


_DECLARATION_FILES = (".d.ts", ".d.mts", ".d.cts")


def _declarations_aside(files: list[PackedFile]) -> frozenset[str]:
    """The source declaration files, where as many runtime JavaScript or TypeScript source
    files stand beside them; else none."""
    declared = [f.path for f in files if f.role in VOTERS and f.path.endswith(_DECLARATION_FILES)]
    if not declared:
        return frozenset()
    runtime = sum(
        1
        for f in files
        if f.role in VOTERS
        and _FAMILY.get(f.language, f.language) == "JavaScript"
        and not f.path.endswith(_DECLARATION_FILES)
    )
    return frozenset(declared) if runtime >= len(declared) else frozenset()


def centrality(files: list[PackedFile], cap: float = 1.0) -> dict[str, float]:
    """Per path, how central it is to the code, from 0.0 (no source file imports it) to 1.0
    (127 or more do; up to `cap`, for more), on a log scale of how many source files import
    it: each power of two of importers is a seventh.

    Needs `imports` filled (`build_graph`). A count moves only when an import of this very
    file comes or goes (a rank over the whole graph would move a little everywhere with any
    edit, and every score near a threshold with it), and tests, docs and examples do not
    vote: the plan, and so the pack, stays the same from one commit to the next.
    """
    counts = source_importers(files)
    out = {f.path: min(math.log2(1 + counts[f.path]) / 7, cap) for f in files}
    _level_languages(files, out, cap)
    through = dict(out)
    named = _through_headers(files, through)
    # Nothing includes a .c file: it is as central as the header that declares it, the one
    # beside it with its name or one it includes named for it (curl's multi.c: multiif.h).
    # What reaches that header only through other headers, or the one header of its name
    # in another folder (`include/lib/multi.h`, `proto/multi.pro`), lends it up to
    # `_LENT`: weight enough to be read, never a hub's place before every other file.
    for f in files:
        stem, dot, ext = f.path.rpartition(".")
        if dot and ext in _C_IMPLEMENTATION:
            headers = [f"{stem}.{h}" for h in _C_HEADERS]
            own = stem.rsplit("/", 1)[-1]
            for t in f.imports:
                name, _, h = t.rsplit("/", 1)[-1].rpartition(".")
                if h in _C_HEADERS and name.startswith(own) and name[len(own) :] in _OWN_HEADER:
                    headers.append(t)
            elsewhere = named.get(own, ())
            lent = [through[elsewhere[0]]] if len(elsewhere) == 1 else []
            header = max((out.get(h, 0.0) for h in headers), default=0.0)
            lent += [through.get(h, 0.0) for h in headers]
            out[f.path] = max(out[f.path], header, min(max(lent, default=0.0), _LENT))
    return out


# What a C file takes at most from a header the others reach only through other headers:
# a score below a hub's (`plan.CORE_SCORE`), a weight of a module much used.
_LENT = 0.55


_INCLUDE_STEP = 2 / 7  # of centrality, per header passed through: a quarter of the users


def _through_headers(files: list[PackedFile], out: dict[str, float]) -> dict[str, list[str]]:
    """A header that a header includes is used, in part, by the files that include that
    one: vim's 179 C files include `vim.h`, which includes `proto.h`, which includes each
    module's prototypes (`proto/eval.pro`), and no C file includes one of those itself.
    Each header passed through counts as a quarter of the users (`_INCLUDE_STEP`), and a
    header's own count stands if higher. Returns the files C headers include, by name
    without its extension (a module's header may stand in another folder)."""
    by_path = {f.path: f for f in files}
    named: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for f in files:
        if f.path.rpartition(".")[2] not in _C_IMPLEMENTATION + _C_HEADERS:
            continue
        for t in f.imports:
            ext = t.rpartition(".")[2]
            if t not in seen and t in by_path and ext not in _C_IMPLEMENTATION:
                seen.add(t)
                named[t.rsplit("/", 1)[-1].rpartition(".")[0]].append(t)
    heap = [(-v, p) for p, v in out.items() if v > _INCLUDE_STEP and p in seen]
    heapq.heapify(heap)
    while heap:
        value, path = heapq.heappop(heap)
        value = -value
        if value < out[path]:
            continue  # raised since
        for t in by_path[path].imports:
            if t in seen and out[t] < value - _INCLUDE_STEP:
                out[t] = value - _INCLUDE_STEP
                if out[t] > _INCLUDE_STEP:
                    heapq.heappush(heap, (-out[t], t))
    return named


_MAIN_LANGUAGE_SHARE = 0.25  # of the source's bytes: a language the project is written in
# Languages whose files import each other as one graph, with one habit of importing: a
# project's TypeScript and TSX are one language here (excalidraw's TSX components were
# lifted to its TypeScript core's level, and its 128k pack lost a quarter of its breadth).
_FAMILY = {
    **dict.fromkeys(("TypeScript", "TSX", "JavaScript", "JSX", "Vue", "Svelte"), "JavaScript"),
    **dict.fromkeys(("C", "C++", "Objective-C", "Objective-C++", "CUDA"), "C"),
    "Cython": "Python",
}


def _main_languages(files: list[PackedFile]) -> set[str]:
    """The language families the project's source is written in: a quarter of its bytes or
    more each."""
    size: dict[str, int] = defaultdict(int)
    for f in files:
        if f.role == "source":
            size[_FAMILY.get(f.language, f.language)] += f.size
    total = sum(size.values())
    return {lang for lang, n in size.items() if total and n >= _MAIN_LANGUAGE_SHARE * total}


def _level_languages(files: list[PackedFile], out: dict[str, float], cap: float) -> None:
    """In a project written in several languages, each one's most imported modules as
    central as the others': how densely files import each other is the language's habit (a
    Rust crate's `use crate::...` reaches 86 of its 128 files; a Python package's most
    imported module, 34 of 111), so a library's Python core was never central beside its
    Rust extension. Each language with a quarter of the source or more is lifted by the
    powers of two its top module's importers fall short of the top one's (whole steps: a
    lift moves only when a top crosses a power of two)."""
    top: dict[str, int] = defaultdict(int)
    for f in files:
        if f.role == "source":
            family = _FAMILY.get(f.language, f.language)
            top[family] = max(top[family], int(7 * out[f.path] + 1e-9))
    main = _main_languages(files)
    if len(main) < 2:
        return
    highest = max(top[lang] for lang in main)
    lift = {lang: (highest - top[lang]) / 7 for lang in main if top[lang] < highest}
    if not lift:
        return
    for f in files:
        family = _FAMILY.get(f.language, f.language)
        if family in lift and out[f.path] > 0:
            out[f.path] = min(out[f.path] + lift[family], cap)


def rank_files(
    files: list[PackedFile],
    hist: History,
    central: dict[str, float] | None = None,
    translated: set[str] | None = None,
) -> dict[str, float]:
    """A score per path: centrality in the import graph, role, entry points, churn.

    Every part moves only when the file itself (or what imports it) changes: churn counts
    in powers of two, and how recently a file changed is left to the output order. A score
    that moved with every commit would move the plan, and so the pack's cached prefix.
    """
    if not files:
        return {}
    if central is None:
        central = centrality(files)
    if translated is None:
        translated = translations(files)
    old = superseded(files)
    scores = {}
    share = _entry_share(files)
    doors = _front_doors(files, central)
    # A program's command or two in `bin/`; a folder of binstubs (a Rails app's eleven) is
    # tooling, not where a reader starts.
    launchers = [f.path for f in files if _launcher(f)]
    if len(launchers) > _LAUNCHERS:
        launchers = []
    entries = {
        f.path
        for f in files
        if f.path.rsplit("/", 1)[-1] in _ENTRY_NAMES
        or _defines_main(f)
        or f.path in doors
        or f.path in launchers
    }
    engines = _engines(files, entries)
    for path, credit in _public_api(files, entries).items():
        engines[path] = max(engines.get(path, 0.0), credit)
    for f in files:
        name = f.path.rsplit("/", 1)[-1]
        score = 2.0 * min(central[f.path], 1.0) + _ROLE_WEIGHT.get(f.role, 0.3)
        if f.path in entries:
            score += 0.5 * share
            # A program's main file that brings the code together (it includes sixty of the
            # project's headers, declares every module of its crate) is where a reader
            # starts, though nothing imports it; a small tool beside it (a `dev/` helper
            # with three includes) is not. (An `index.ts` hands its folder's files on: the
            # barrels' credit covers it.)
            if not name.startswith("index."):
                score += share * min(len(f.imports) / _ENTRY_FANOUT, 1.0)
        else:
            score += engines.get(f.path, 0.0)
        stem = name.lower().split(".", 1)[0]
        if is_readme(f.path):
            score += 2.5  # the project's own description comes first
        elif is_manifest(f.path) and f.role in ("build", "config"):
            score += 1.5  # the manifest: what the code depends on, how it is built and run
        elif stem in _OVERVIEWS and f.role == "docs" and f.path.count("/") <= 1:
            score += 1.0  # ARCHITECTURE.md, docs/design.md: how the code fits together
        elif _LICENCE_TEXT.match(stem) and f.role == "docs":
            score = 0.0  # the licence's standard text: the same in a thousand repositories
        if f.path in translated or f.path in old:  # the original, or the newest, says it
            scores[f.path] = 0.0
            continue
        churn = hist.churn.get(f.path, 0)
        score += 0.05 * min(churn.bit_length(), 6)  # 1, 2-3, 4-7 ... 32+ changes
        scores[f.path] = round(score, 2)
    return scores


# Languages a documentation site is translated into (ISO 639-1), each perhaps with a region
# or script (`pt-BR`, `zh-hant`, `zh_CN`): a folder of one of these names that mirrors the
# English pages, beside an `en/` folder or the pages themselves.
_MIRRORED = 3  # pages a translation mirrors at least
# A language's code, as documentation sites name their translations' folders (ISO 639's
# two letters, and the three-letter ones in use: `ckb-IR`, `fil`), with a region or script
# (`pt-BR`, `zh-Hant`). Not any short name: `doc/`, `cli/` and `dev/` are no languages.
_LANGUAGE = lazyre.compile(
    r"(?:af|am|ar|az|be|bg|bn|bs|ca|cs|cy|da|de|el|eo|es|et|eu|fa|fi|fr|ga|gl|gu|he|hi|hr"
    r"|hu|hy|id|is|it|ja|ka|kk|km|kn|ko|ku|ky|lo|lt|lv|mk|ml|mn|mr|ms|my|nb|ne|nl|nn|no|pa"
    r"|pl|ps|pt|ro|ru|si|sk|sl|sq|sr|sv|sw|ta|te|tg|th|tk|tl|tr|ug|uk|ur|uz|vi|zh"
    r"|ckb|fil|yue|ast|haw)(?:[-_][A-Za-z]{2,4})?",
    re.I,
)


def translations(files: list[PackedFile]) -> set[str]:
    """The documents that translate another of the repository's (`docs/ja/intro.md` beside
    `docs/en/intro.md` or `docs/intro.md`): the original tells a reader the same, and twelve
    translations of a site had taken a third of a pack, more than the English pages."""
    docs = {f.path for f in files if f.role == "docs"}
    mirrored: dict[str, list[str]] = defaultdict(list)  # language folder -> its translations
    held: dict[str, list[str]] = defaultdict(list)  # language folder -> its documents
    for path in docs:
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            if _LANGUAGE.fullmatch(part) and part.lower()[:3] not in ("en", "en-", "en_"):
                folder = "/".join(parts[: i + 1])
                held[folder].append(path)
                english = "/".join([*parts[:i], "en", *parts[i + 1 :]])
                original = "/".join([*parts[:i], *parts[i + 1 :]])
                if english in docs or original in docs:
                    mirrored[folder].append(path)
                break
    # A folder beside `en/` that mirrors its pages is a translation whatever its name says
    # (fastapi's `docs/em/`, its pages "translated" into emoji, had ranked as originals).
    english_pages = {(path[:at], path[at + 3 :]) for path in docs if (at := _en_at(path)) >= 0}
    if english_pages:
        others: set[str] = set()  # such folders
        for path in docs:
            parts = path.split("/")
            for i, part in enumerate(parts[:-1]):
                if _LANGUAGE.fullmatch(part) or part.lower()[:3] in ("en", "en-", "en_"):
                    break  # (a language's folder, above: judged there)
                prefix = "/".join(parts[:i]) + "/" if i else ""
                if (prefix, "/".join(parts[i + 1 :])) in english_pages:
                    mirrored[prefix + part].append(path)
                    others.add(prefix + part)
                    break
        for folder in others:
            held[folder] = [p for p in docs if p.startswith(folder + "/")]
    # A folder that only happens to share a name (`no_std/README.md` beside `README.md`,
    # an `it/` of IT notes) mirrors one page, not most of its own. A translation's own
    # pages (its banner, its translators' notes) go with it: no English page to follow,
    # and nothing an English reader needs first.
    found = {
        path
        for folder, paths in mirrored.items()
        if len(paths) >= _MIRRORED and 2 * len(paths) >= len(held[folder])
        for path in held[folder]
    }
    # A document translated beside its original, the language in its name: `README.ja.md`,
    # `README_zh-CN.md`, `README.中文.md` beside `README.md`.
    # (the project's own documents, or any named `GUIDE.ja.md`: `auth-id.md` beside `auth.md`
    # is no Indonesian page)
    for path in docs:
        folder, _, name = path.rpartition("/")
        m = _TRANSLATED_NAME.fullmatch(name)
        if m is None or (m["sep"] != "." and m["stem"].lower() not in _TRANSLATED_DOCS):
            continue
        lang = m["lang"]
        coded = _LANGUAGE_TAG.fullmatch(lang) and _LANGUAGE.fullmatch(lang)
        if not coded and lang.lower() not in _NATIVE:
            continue
        original = f"{folder}/{m['stem']}.{m['ext']}" if folder else f"{m['stem']}.{m['ext']}"
        if original in docs and not lang.lower().startswith("en"):
            found.add(path)
    return found


def _en_at(path: str) -> int:
    """Where an `en/` folder starts in `path` (the index of its `e`), or -1."""
    if path.startswith("en/"):
        return 0
    at = path.find("/en/")
    return at + 1 if at >= 0 else -1


# A document's name with a language after its stem: `README.ja.md`, `README_zh-CN.md`.
_TRANSLATED_NAME = lazyre.compile(
    r"(?P<stem>.+?)(?P<sep>[._-])(?P<lang>[^._-]+(?:[-_][A-Za-z]+)?)\.(?P<ext>\w+)"
)
# A language's code as a file name gives it: lower case, with an upper-case region or a
# script (`pt-BR`, `zh_CN`, `zh-Hant`).
_LANGUAGE_TAG = lazyre.compile(r"[a-z]{2,3}(?:[-_](?:[A-Z]{2}|[A-Z][a-z]{3}))?")
# The project's own documents, translated beside the original under any separator.
_TRANSLATED_DOCS = frozenset(
    {"readme", "contributing", "code_of_conduct", "security", "changelog", "install", "faq"}
)
# Languages by their own names, as translated documents are named (`README.中文.md`).
_NATIVE = frozenset(
    {
        "中文",
        "简体中文",
        "繁體中文",
        "繁体中文",
        "日本語",
        "한국어",
        "русский",
        "español",
        "português",
        "deutsch",
        "français",
        "italiano",
        "polski",
        "türkçe",
        "tiếng việt",
        "українська",
        "العربية",
        "فارسی",
        "nederlands",
        "svenska",
        "čeština",
        "ελληνικά",
        "עברית",
        "हिन्दी",
        "ไทย",
    }
)


# A folder named for a release: `v1.6`, `1.x`, `2.0.1`, `v2`; or for an edition beside
# the folder it copies, `notebooks_v1/` beside `notebooks/` (after a `_` or `-`:
# `mobilenetv2/` and `ipv4/` name no edition; a bare number, `lessons/2/`, no release).
_RELEASE = lazyre.compile(r"(?P<base>.*?)[_-]?v?(?P<number>\d+(?:\.\d+)+|\d+\.x)", re.I)
_EDITION = lazyre.compile(r"(?:(?P<base>.+?)[_-])?v(?P<number>\d+)", re.I)
_CURRENT = (1 << 30,)  # the release of a folder whose `_v1` copy stands beside it
_SUPERSEDED_ROLES = frozenset({"docs", "data", "example"})


def superseded(files: list[PackedFile]) -> set[str]:
    """The documents a newer release's copy replaces (`manual/v1.3/manual.yml` beside
    `manual/v1.8/manual.yml`, `notebooks_v1/x.ipynb` beside `notebooks/x.ipynb`): kept for
    readers of old releases, they describe what the code no longer does, and four old
    manuals had filled a third of a pack while the current one was listed. Documents,
    data and examples only: `api/v1/` and `api/v2/` code both run."""
    kept = [f.path for f in files if f.role in _SUPERSEDED_ROLES]
    found: list[tuple[str, tuple[int, ...], str]] = []  # (group, release, path)
    # (parent folder, base) of edition-named folders -> their lowest edition
    lowest: dict[tuple[str, str], tuple[int, ...]] = {}
    for path in kept:
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            m = _RELEASE.fullmatch(part) or _EDITION.fullmatch(part)
            if m is None:
                continue
            release = tuple(int(n) for n in m.group("number").removesuffix(".x").split("."))
            parent, base = "/".join(parts[:i]), m.group("base") or ""
            if base:
                lowest[(parent, base)] = min(lowest.get((parent, base), release), release)
            found.append(("/".join([parent, base + "*", *parts[i + 1 :]]), release, path))
            break
    # The folder the others are named after: the current edition beside its `_v1` copy,
    # the first beside later ones (`docs/` beside `docs-v2/`).
    for path in kept:
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            key = ("/".join(parts[:i]), part)
            if key in lowest:
                release = _CURRENT if lowest[key] <= (1,) else (1,)
                found.append(("/".join([key[0], part + "*", *parts[i + 1 :]]), release, path))
                break
    copies: dict[str, list[tuple[tuple[int, ...], str]]] = defaultdict(list)
    for group, release, path in found:
        copies[group].append((release, path))
    return {
        path
        for group in copies.values()
        if len({release for release, _ in group}) > 1
        for release, path in group
        if release < max(group)[0]
    }


def _front_doors(files: list[PackedFile], central: dict[str, float]) -> set[str]:
    """The headers a library's users include, as a program's main file is where a reader
    starts: nothing of the code includes them (only source importers count for centrality,
    and a header-only library's tests and examples are all that include its front door),
    but they bring many of its headers together, and its tests or examples include them."""
    roles = {f.path: f.role for f in files}
    return {
        f.path
        for f in files
        if f.role == "source"
        and f.path.rpartition(".")[2] in _C_HEADERS
        and central.get(f.path, 0.0) == 0.0
        # (its headers: one that includes the sources, to build them as one, is no door)
        and sum(t.rpartition(".")[2] in _C_HEADERS for t in f.imports) >= _DOOR_FANOUT
        and any(roles.get(p) in ("test", "example") for p in f.imported_by)
    }


# What a module that brings the code together earns (`_engines`), at its language's highest
# power of two of modules used (half of it one power below): as much as 1.75 more powers of
# two of importers would (each is 2/7 of a point), about 3.4 times as many.
_ENGINE_CREDIT = 0.5
_ENGINE_MIN = 2  # powers of two of modules used, at least: 3 of them
# A file that only hands its modules' names on (a barrel, a package's `__init__`) is no
# engine: it holds little beyond one line per module it imports.
_ENGINE_CHARS = 200


def _engines(files: list[PackedFile], entries: set[str]) -> dict[str, float]:
    """The modules that do the code's work: those that use the most of its other modules
    (a serializer's engine that only the serializer's front door imports, a program's main
    loop, a formatter's line splitter), where importers count only the modules they use.
    Measured per language (a C# file's names reach sixty files where a Python module
    imports ten) in whole powers of two, so the credit moves only when the file's own
    imports cross one or the language's highest does. Only the languages the project is
    written in (`_main_languages`): a shell script beside a Go program is no engine of
    it. Not C's: a file there includes the project's common headers (or, under one big
    header, calls into the files it needs) whatever it does, and its program's `main()`
    counts its includes already. C++'s, where it is a quarter of the source on its own:
    its includes name the classes a file uses (LevelDB's `db_impl.cc`, 23 of them). Nor
    `entries`, the program's main files, which weigh their imports their own way: they do
    not set the bar either (a `cli.py` that wires every module together would leave the
    engine below it)."""
    source = {f.path for f in files if f.role == "source"}
    level: dict[str, tuple[str, int]] = {}
    top: dict[str, int] = defaultdict(int)
    for f in files:
        if f.role != "source":
            continue
        family = _FAMILY.get(f.language, f.language)
        if f.language == "C++":
            family = "C++"  # (its includes name the classes it uses: a C file's, everything)
        used = sum(t in source and t != f.path for t in f.imports)
        if used and f.size >= _ENGINE_CHARS * used and family != "C" and f.path not in entries:
            level[f.path] = (family, int(math.log2(1 + used)))
            top[family] = max(top[family], level[f.path][1])
    main = _main_languages(files)
    if "C" in main:
        # (C++ written as C++, a quarter of the source or more: a C project's few .cpp
        # files, a platform's backend, are no engine of it)
        cpp = sum(f.size for f in files if f.role == "source" and f.language == "C++")
        whole = sum(f.size for f in files if f.role == "source")
        if whole and cpp >= _MAIN_LANGUAGE_SHARE * whole:
            main = main | {"C++"}
    out = {}
    for path, (family, n) in level.items():
        below = top[family] - n
        if family in main and n >= _ENGINE_MIN and below <= 1:
            out[path] = _ENGINE_CREDIT / (1 + below)
    return out


# A module this many tests and examples import, at least, may be the library's public API.
_PUBLIC_USERS = 16


def _public_api(files: list[PackedFile], entries: set[str]) -> dict[str, float]:
    """The library's public API: the source modules its tests and examples import most (at
    least `_PUBLIC_USERS`, within a power of two of the most any module has; half the
    credit one power below), where the code itself may use them little (a framework's
    router and controller, which applications use; tRPC's `initTRPC`, 174 tests and
    examples, 2 source files). They earn what the modules that do the work do
    (`_ENGINE_CREDIT`, half a point): tests still do not vote for centrality, and only a
    module that 5 to 11 source files use besides (as it changed more or less often)
    reaches a hub's score with it (`plan.CORE_SCORE`). A barrel
    (little beyond its imports) and a program's main file earn nothing."""
    roles = {f.path: f.role for f in files}
    level: dict[str, int] = {}
    for f in files:
        if f.role != "source" or f.path in entries:
            continue
        users = sum(roles.get(p) in ("test", "example") for p in f.imported_by)
        if users >= _PUBLIC_USERS and f.size >= _ENGINE_CHARS * max(len(f.imports), 1):
            level[f.path] = int(math.log2(1 + users))
    top = max(level.values(), default=0)
    return {p: _ENGINE_CREDIT / (1 + top - n) for p, n in level.items() if top - n <= 1}


def _entry_share(files: list[PackedFile]) -> float:
    """The share of an entry point's extra weight each one gets: all of it, unless the
    repository's main files bring together more than `_ENTRY_PROGRAMS` programs' worth of
    its code (a small tool beside the program counts for its few imports only)."""
    programs = sum(  # (programs only: a workspace's libraries, `lib.rs`, are not)
        min(len(f.imports) / _ENTRY_FANOUT, 1.0)
        for f in files
        if f.role == "source" and _defines_main(f)
    )
    return min(1.0, _ENTRY_PROGRAMS / programs) if programs else 1.0


# The folders a project keeps its commands in at the top (`bin/composer`, a gem's `exe/`),
# and how many may stand there for them to be the program's entry points.
_COMMAND_DIRS = frozenset({"bin", "exe"})
_LAUNCHERS = 3


def _launcher(f: PackedFile) -> bool:
    """Whether `f` is a program's command at the top of the repository: a source script in
    `bin/` that starts with `#!` (`bin/composer`: how the program starts, as `main()` is)."""
    top, _, rest = f.path.partition("/")
    return (
        top in _COMMAND_DIRS
        and "/" not in rest
        and f.role == "source"
        and f.full_text.startswith("#!")
    )


def _defines_main(f: PackedFile) -> bool:
    """Whether `f` is a program's source file holding its `main` (by content, not name)."""
    pattern = _MAIN_LANGUAGES.get(f.language)
    if pattern is None or f.role != "source" or "main" not in f.full_text:
        return False
    found = pattern.search(f.full_text)
    if found is None or pattern is not _C_MAIN:
        return found is not None
    before = f.full_text[: found.start()]
    return len(_C_IF.findall(before)) <= len(_C_ENDIF.findall(before))


def stable_order(files: list[PackedFile], hist: History) -> list[PackedFile]:
    """The order the planner works with, before it knows what each file will show: by the
    file's size over its heat, as `output_order` puts the shown text."""
    return sorted(files, key=lambda f: (-f.size / (hist.heat.get(f.path, 0.0) + _COLD), f.path))


def output_order(files: list[PackedFile], hist: History) -> list[PackedFile]:
    """Files that show much text and rarely change first; small, often changed ones last.

    The next commit changes the pack from the first file it touches on, so the bytes before
    that file are what the provider's cache keeps. Ordering by tokens shown over heat (the
    file's changes, each weighing twice as much as one 30 days older) puts the most bytes
    before the likeliest change: two neighbours are best in this order when the first
    holds more bytes per chance of being touched. An untouched file's heat and text do not
    change when a commit comes (until the history window moves, four times a year), so
    their order holds; only what the commit touched moves back. Listed files show no text
    and come last.

    Source shown as an outline or signatures is ordered by its settled heat (`History`):
    an edit inside a body leaves its text as it was, so it keeps its place, and the pack
    its bytes (its header names no line count). Tests are not: their signatures are the
    names of their cases, which a commit adds to as often as it touches them.
    """

    def key(f: PackedFile) -> tuple[float, str]:
        if f.mode == "listed":
            return (0.0, f.path)
        heat = hist.settled if f.mode != "full" and f.role == "source" else hist.heat
        return (-f.tokens / (heat.get(f.path, 0.0) + _COLD), f.path)

    return sorted(files, key=key)
