"""Sources of files: a git work tree, a git revision (object store only), or a plain folder."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import GitError, InputError
from .gitutil import RepoInfo, git, resolve_commit
from .ignore import walk_plain
from .textdecode import blob_digest, git_blob_id

__all__ = ["Entry", "ReadResult", "Source", "open_source"]

FILE, SYMLINK, SUBMODULE, SPECIAL = "file", "symlink", "submodule", "special"


@dataclass
class Entry:
    """One path git would keep, relative to the packed folder (posix separators)."""

    path: str
    kind: str  # file | symlink | submodule | special
    size: int
    oid: str | None = None  # blob or commit id when known (--rev, the index)
    note: str = ""


@dataclass
class ReadResult:
    """What reading an entry gave: its bytes, or why there are none."""

    entry: Entry
    data: bytes | None
    error: str = ""
    digest: bytes = b""


class Source:
    """Lists entries and reads their bytes; subclasses know where the bytes live."""

    root: Path
    rev: str | None = None
    repo: RepoInfo | None = None

    def entries(self) -> list[Entry]:
        raise NotImplementedError

    def read(self, entries: list[Entry]) -> Iterator[ReadResult]:
        raise NotImplementedError

    def close(self) -> None:
        """Release processes or handles; reading is over."""

    def as_listed(self, entry: Entry) -> bool:
        """Whether `entry` surely still holds the blob its listing named (`entry.oid`), so it
        need not be read to know its content: a commit's blobs never change."""
        return entry.oid is not None


class WorktreeSource(Source):
    """The files of a work tree as `git ls-files --cached --others --exclude-standard` lists."""

    def __init__(self, info: RepoInfo) -> None:
        self.root = info.path
        self.repo = info
        self.listed_at = 0.0  # when git compared the work tree with its index
        self.object_hash = "sha1"  # the repository's object format

    def entries(self) -> list[Entry]:
        # The three listings run side by side: each is a git process mostly waiting on disk.
        staged_out, others_out, dirty_out = _git_parallel(
            [
                ["ls-files", "-z", "--stage"],
                ["ls-files", "-z", "--others", "--exclude-standard"],
                # Paths whose work-tree file may differ from the index (git compares stat
                # data): every other tracked file still holds the blob the index names.
                ["diff-files", "-z", "--name-only", "--relative"],
            ],
            self.root,
        )
        self.listed_at = time.time()
        dirty = {_decode_path(raw) for raw in dirty_out.split(b"\0") if raw}
        seen: dict[str, Entry] = {}
        for rec in staged_out.split(b"\0"):
            if not rec:
                continue
            meta, _, raw = rec.partition(b"\t")
            mode, oid, stage = meta.decode().split(" ")
            if len(oid) == 64:
                self.object_hash = "sha256"
            path = _decode_path(raw)
            if path in seen:  # unmerged paths appear once per stage
                continue
            if mode == "160000" and path == "./" and self.repo is not None:
                raise _not_checked_out(self.repo)  # the folder packed is the gitlink itself
            if mode == "160000":
                seen[path] = Entry(path, SUBMODULE, 0, oid, f"submodule at {oid[:12]}")
            elif mode == "120000":
                seen[path] = Entry(path, SYMLINK, 0, None)
            else:
                clean = stage == "0" and path not in dirty
                seen[path] = Entry(path, FILE, 0, oid if clean else None)
        for raw in others_out.split(b"\0"):
            if not raw:
                continue
            path = _decode_path(raw)
            if path.endswith("/"):
                path = path.rstrip("/")
                seen[path] = Entry(path, SUBMODULE, 0, None, "nested git repository")
            elif path not in seen:
                seen[path] = Entry(path, FILE, 0)
        out = []
        dirs: dict[str, str | None] = {}
        for entry in seen.values():
            if entry.kind != SUBMODULE:
                link = _linked_parent(self.root, entry.path, dirs)
                if link is not None:
                    entry.kind = SPECIAL
                    entry.note = f"under {link}, a symbolic link to a folder (not followed)"
                else:
                    _stat_entry(self.root, entry)
            out.append(entry)
        return out

    def read(self, entries: list[Entry]) -> Iterator[ReadResult]:
        return _read_files(self.root, entries, self.listed_at, self.object_hash)

    def as_listed(self, entry: Entry) -> bool:
        # As `_read_file` judges a file it read: unchanged since git compared it with the
        # index, by its size and stat times (a second's margin: they are coarse).
        if entry.oid is None:
            return False
        try:
            st = os.lstat(f"{self.root}{os.sep}{entry.path}")
        except OSError:
            return False
        return (
            stat.S_ISREG(st.st_mode)
            and st.st_size == entry.size
            and max(st.st_mtime, st.st_ctime) < self.listed_at - 1.0
        )


class PlainSource(Source):
    """A folder outside git, filtered with git's .gitignore semantics."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def entries(self) -> list[Entry]:
        out = []
        for rel, st in walk_plain(self.root, []):
            if rel.endswith("/"):
                rel = rel.rstrip("/")
                out.append(Entry(rel, SUBMODULE, 0, None, "nested git repository"))
                continue
            entry = Entry(rel, FILE, st.st_size)
            _classify(entry, st)
            if entry.kind == SYMLINK:
                entry.note = _link_note(self.root, rel)
            out.append(entry)
        return out

    def read(self, entries: list[Entry]) -> Iterator[ReadResult]:
        return _read_files(self.root, entries)


class RevSource(Source):
    """The tree of one commit, read from the object store through one `cat-file --batch`."""

    def __init__(self, info: RepoInfo, rev: str, folder_required: bool = False) -> None:
        self.root = info.path
        self.repo = info
        self.rev = resolve_commit(info.path, rev)
        # (a change's base or head may lack the folder: the folder is what it adds or deletes)
        self._required = rev if folder_required else ""
        self._git_dir = info.git_dir
        self._index: tuple[dict[str, str], set[str], float] | None = None

    def entries(self) -> list[Entry]:
        assert self.repo is not None
        prefix = self.repo.prefix
        out = git(["ls-tree", "-r", "-z", "-l", "--full-tree", self.rev or ""], self.root)
        entries = []
        inside = False  # whether the commit has anything under the packed folder
        for rec in out.split(b"\0"):
            if not rec:
                continue
            meta, _, raw = rec.partition(b"\t")
            mode, _type, oid, size = meta.decode().split()
            path = _decode_path(raw)
            if mode == "160000" and prefix and path + "/" == prefix:
                raise _not_checked_out(self.repo)
            if prefix:
                if not path.startswith(prefix):
                    continue
                inside = True
                path = path[len(prefix) :]
            if mode == "160000":
                entries.append(Entry(path, SUBMODULE, 0, oid, f"submodule at {oid[:12]}"))
            elif not size.isdigit():  # git prints BAD for a blob it does not have
                note = "its blob is missing from the object store (a partial or damaged clone)"
                entries.append(Entry(path, SPECIAL, 0, None, note))
            elif mode == "120000":
                entries.append(Entry(path, SYMLINK, int(size), oid))
            else:
                entries.append(Entry(path, FILE, int(size), oid))
        if prefix and not inside and self._required:  # (git keeps no empty folder)
            raise InputError(
                f"{prefix.rstrip('/')}/ is not in {self._required}: "
                "pack a revision that has it, or the repository's root"
            )
        return entries

    def read(self, entries: list[Entry]) -> Iterator[ReadResult]:
        wanted = [e for e in entries if e.oid]
        if not wanted:
            return
        # The commit pushed or reviewed is usually the one checked out: where the work
        # tree holds a file's very blob, reading it there is far cheaper than having git
        # inflate it (0.3 s of a hook's 1.5 s on the stdlib corpus).
        local = self._checked_out(wanted)
        stream = self._from_store([e for e in wanted if e.path not in local])
        try:
            for e in wanted:
                if e.path not in local:
                    yield next(stream)
                    continue
                size = e.size
                got = _read_file(self.root, e, True, local[e.path], object_hash(e.oid))
                if got.data is not None and got.digest == blob_digest(e.oid or "", size):
                    yield got
                    continue
                e.size = size  # changed since git looked: the object store has the commit's
                data = git(["cat-file", "blob", e.oid or ""], self.root, check=False)
                yield ReadResult(e, data, digest=blob_digest(e.oid or "", len(data)))
        finally:
            stream.close()

    def _checked_out(self, wanted: list[Entry]) -> dict[str, float]:
        """Paths whose work-tree file git vouches holds the commit's blob, each with the
        time git looked."""
        if self._index is None:
            self._index = self._look()
        index, dirty, listed_at = self._index
        clean = (e for e in wanted if e.path not in dirty and e.kind == FILE)
        return {e.path: listed_at for e in clean if index.get(e.path) == e.oid}

    def _look(self) -> tuple[dict[str, str], set[str], float]:
        """The index's blob per path, the paths whose files differ, and when git looked
        (once per source: a pack reads in several rounds)."""
        info = self.repo
        if info is None or info.bare or info.toplevel is None:
            return {}, set(), 0.0
        try:
            staged, dirty_out = _git_parallel(
                [
                    ["ls-files", "-z", "--stage"],
                    ["diff-files", "-z", "--name-only", "--relative"],
                ],
                self.root,
            )
        except GitError:
            return {}, set(), 0.0
        listed_at = time.time()
        index: dict[str, str] = {}
        for rec in staged.split(b"\0"):
            meta, _, raw = rec.partition(b"\t")
            fields = meta.decode().split(" ")
            if len(fields) == 3 and fields[2] == "0" and fields[0] in ("100644", "100755"):
                index[_decode_path(raw)] = fields[1]
        dirty = {_decode_path(raw) for raw in dirty_out.split(b"\0") if raw}
        return index, dirty, listed_at

    def _from_store(self, wanted: list[Entry]) -> Generator[ReadResult, None, None]:
        if not wanted:
            return
        proc = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=self.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        )
        assert proc.stdin is not None and proc.stdout is not None
        stdin, stdout = proc.stdin, proc.stdout

        def feed() -> None:
            # A separate writer keeps both pipes moving: git answers while we still ask.
            try:
                for e in wanted:
                    stdin.write(e.oid.encode() + b"\n")  # type: ignore[union-attr]
                stdin.close()
            except OSError:
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            for e in wanted:
                header = stdout.readline()
                parts = header.split()
                if len(parts) != 3:
                    yield ReadResult(e, None, "missing from the object store")
                    continue
                data = stdout.read(int(parts[2]))
                stdout.read(1)
                yield ReadResult(e, data, digest=blob_digest(parts[0].decode(), len(data)))
        finally:
            proc.kill()
            proc.wait()
            writer.join(timeout=1)


def open_source(info: RepoInfo, rev: str | None, folder_required: bool = False) -> Source:
    """The right source for a located path and an optional revision (`folder_required`: a
    revision without the packed folder is an error, not an empty pack)."""
    if rev is not None:
        if not info.is_git:
            raise InputError(f"--rev needs a git repository, and {info.path} is not in one")
        return RevSource(info, rev, folder_required)
    if info.bare:
        raise InputError(f"{info.path} is a bare repository: pass --rev (e.g. --rev HEAD)")
    if info.is_git:
        return WorktreeSource(info)
    return PlainSource(info.path)


def _not_checked_out(info: RepoInfo) -> InputError:
    """The folder packed is a submodule of the repository around it, not checked out: an
    empty folder in the work tree, whose files no commit of this repository holds."""
    top = info.toplevel or info.path
    return InputError(
        f"{info.path} is a submodule that is not checked out: run "
        f"`git submodule update --init {info.prefix.rstrip('/')}` in {top} first"
    )


def _decode_path(raw: bytes) -> str:
    # Git stores names as bytes; undecodable ones survive as surrogate escapes.
    return raw.decode("utf-8", "surrogateescape")


def _linked_parent(root: Path, rel: str, seen: dict[str, str | None]) -> str | None:
    """The first folder on `rel`'s path that is a symbolic link, if any. Git lists a tracked
    `conf/passwd` even when `conf` has become a link to /etc; reading through it would pack
    a file from outside the repository. Folders are checked once each (`seen`)."""
    parent, _, _ = rel.rpartition("/")
    if not parent:
        return None
    if parent in seen:
        return seen[parent]
    found = _linked_parent(root, parent, seen)
    if found is None:
        try:
            st = os.lstat(os.path.join(root, parent))
            if not stat.S_ISDIR(st.st_mode):
                found = parent
        except OSError:
            found = None  # missing: the file's own stat reports it
    seen[parent] = found
    return found


def _stat_entry(root: Path, entry: Entry) -> None:
    try:
        st = os.lstat(os.path.join(root, entry.path))
    except FileNotFoundError:
        entry.kind, entry.note = SPECIAL, "listed by git but missing from the work tree"
        return
    except OSError as exc:
        entry.kind, entry.note = SPECIAL, f"cannot stat: {exc.strerror}"
        return
    entry.size = st.st_size
    _classify(entry, st)
    if entry.kind == SYMLINK:
        entry.note = _link_note(root, entry.path)


def _classify(entry: Entry, st: os.stat_result) -> None:
    if stat.S_ISLNK(st.st_mode):
        entry.kind = SYMLINK
    elif not stat.S_ISREG(st.st_mode):
        entry.kind = SPECIAL
        entry.note = "not a regular file (FIFO, socket or device)"


def _link_note(root: Path, rel: str) -> str:
    try:
        target = os.readlink(root / rel)
    except OSError:
        return "symbolic link"
    resolved = os.path.realpath(root / rel)
    inside = resolved == str(root) or resolved.startswith(str(root) + os.sep)
    where = "inside" if inside and os.path.exists(resolved) else "outside or dangling"
    return f"symbolic link to {target} ({where}; not followed)"


def _read_files(
    root: Path, entries: list[Entry], listed_at: float = 0.0, object_hash: str = "sha1"
) -> Iterator[ReadResult]:
    # Sequential on purpose: a thread pool here measured slower (GIL hand-offs per file).
    for e in entries:
        yield _read_file(root, e, hashed=True, listed_at=listed_at, object_hash=object_hash)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_file(
    root: Path,
    entry: Entry,
    hashed: bool = False,
    listed_at: float = 0.0,
    object_hash: str = "sha1",
) -> ReadResult:
    try:
        fd = os.open(f"{root}{os.sep}{entry.path}", _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ReadResult(entry, None, "became a symbolic link while packing")
        if exc.errno == errno.ENOENT:
            return ReadResult(entry, None, "vanished while packing")
        return ReadResult(entry, None, exc.strerror or "cannot open")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return ReadResult(entry, None, "not a regular file")
        # Plain reads on the descriptor: no buffered file object per file (measurably
        # cheaper across thousands of files); loop until EOF in case the file grew.
        chunks = [os.read(fd, st.st_size + 1)]
        while chunks[-1] and len(chunks[-1]) > st.st_size - sum(map(len, chunks[:-1])):
            more = os.read(fd, 1 << 20)
            if not more:
                break
            chunks.append(more)
        data = b"".join(chunks) if len(chunks) > 1 else chunks[0]
    except OSError as exc:
        return ReadResult(entry, None, exc.strerror or "cannot read")
    finally:
        os.close(fd)
    entry.size = len(data)
    if not hashed:
        return ReadResult(entry, data)
    # Content is named by its git blob id everywhere (work tree, index, commits), so a
    # file keeps its cached results when it is staged or committed. A file git found
    # unchanged takes the id its index holds, with no hashing (a third of a warm pack's
    # reading time on the stdlib corpus); one changed after git looked (or within the
    # second before: stat times are coarse), or not in the index, is hashed as git would.
    if entry.oid and max(st.st_mtime, st.st_ctime) < listed_at - 1.0:
        oid = entry.oid
    else:
        oid = git_blob_id(data, object_hash)
    return ReadResult(entry, data, digest=blob_digest(oid, len(data)))


def object_hash(oid: str | None) -> str:
    """The hash a repository's object ids come from, by their length."""
    return "sha256" if oid is not None and len(oid) == 64 else "sha1"


def _git_parallel(commands: list[list[str]], cwd: Path) -> list[bytes]:
    """The stdout of each git command, the commands run at the same time."""
    results: list[bytes] = [b""] * len(commands)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = git(commands[i], cwd)
        except BaseException as exc:  # re-raised on the calling thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(1, len(commands))]
    for t in threads:
        t.start()
    run(0)
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results
