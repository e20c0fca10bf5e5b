"""Offline, exact token counts: bundled BPE ranks, a content-keyed cache, parallel counting.

Counting a long output exactly does not need one pass over all of it. tiktoken splits text
with a regular expression and merges bytes only inside each piece, so a text cut where no
piece can straddle the cut counts as the sum of its parts. `is_safe_cut` names such places
(a newline followed by a character that starts a new piece for both bundled encodings);
callers cut there and count the parts, which the cache remembers by content.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import queue
import sqlite3
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from . import lazyre
from .bpe import (
    ENCODINGS,
    SPREAD,
    build_encoding,
    count_texts,
    fast_length,
    home_dir,
    length_fn,
)
from .sqlitewal import is_locked, private_file, use_wal

__all__ = [
    "ENCODINGS",
    "TokenCache",
    "TokenCounter",
    "is_safe_cut",
    "load_encoding",
    "safe_cuts",
]

# A newline followed by anything but white space, "/" or "'": no piece of either pattern
# runs across it, so the newline ends one piece and the next starts here whatever came
# before. (`\s` in a str pattern is exactly str.isspace().)
SAFE_CUT = lazyre.compile(r"\n(?=[^\s/'])")


def is_safe_cut(text: str, i: int) -> bool:
    """True when cutting `text` at `i` cannot change its token count."""
    return 0 < i < len(text) and SAFE_CUT.match(text, i - 1) is not None


def safe_cuts(text: str) -> tuple[int, int]:
    """The first and last safe cut in `text`, or (-1, -1) when it has none."""
    m = SAFE_CUT.search(text)
    if m is None:
        return -1, -1
    first = m.end()
    window = 4096
    while True:
        start = max(first - 1, len(text) - window)
        last = -1
        for m in SAFE_CUT.finditer(text, start):
            last = m.end()
        if last != -1 or start == first - 1:
            return first, max(last, first)
        window *= 8


_LOAD_LOCK = threading.Lock()
_BUILT: dict[str, Any] = {}


def load_encoding(name: str) -> Any:
    """The tiktoken Encoding for `name`, built once per process (0.6-0.7 s each time it is
    built from the bundled rank file); later callers, in any thread, share it."""
    with _LOAD_LOCK:
        if name not in _BUILT:
            _BUILT[name] = build_encoding(name)
        return _BUILT[name]


class _Worker:
    """A second process that builds the encoding and counts what it is sent.

    Building the encoding holds the GIL for its whole 0.6-1 s (tiktoken's core does not let
    go while it compiles), so a thread cannot hide it; a process can, on the other core,
    while this one lists, reads, decodes and scans. Any failure falls back to counting here.
    """

    def __init__(self, encoding: str) -> None:
        package_parent = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-P", "-m", "repoview.bpe", "--serve", encoding],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            bufsize=_PIPE_BUFFER,
        )

    def count(self, texts: Sequence[str], spread: bool = True) -> list[int] | None:
        """The exact counts of `texts`, or None when the worker is gone. `spread` lets the
        worker count on every core, for when this process has nothing else to do."""
        with self._lock:
            counts: list[int] = []
            start = size = 0
            for i, t in enumerate(texts, 1):
                size += len(t)
                # Batches of a few MB keep both processes' copies of the text small.
                if size >= _WORKER_BATCH or i == len(texts):
                    if not self._send(texts[start:i], counts, spread):
                        return None
                    start, size = i, 0
            return counts

    def _send(self, batch: Sequence[str], counts: list[int], spread: bool) -> bool:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            return False
        # Through the pipe's own 1 MB buffer: a system call per MB, not two per text (the
        # thread that counts ahead sends while this process computes, and needs the GIL back
        # after each call), and the batch is never held whole as UTF-8 beside its text.
        write = proc.stdin.write
        try:
            write(struct.pack("<Q", len(batch) | (SPREAD if spread else 0)))
            for t in batch:
                data = t.encode("utf-8", "surrogatepass")
                write(struct.pack("<Q", len(data)))
                write(data)
            proc.stdin.flush()
            answer = proc.stdout.read(8 * len(batch))
            if len(answer) != 8 * len(batch):
                raise OSError("token worker ended early")
        except OSError:
            self._stop()
            return False
        counts.extend(struct.unpack(f"<{len(batch)}Q", answer))
        return True

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # the worker ends at end of input
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def close(self) -> None:
        with self._lock:
            self._stop()


_WORKERS: dict[str, _Worker] = {}
_WORKER_BATCH = 4 << 20
_PIPE_BUFFER = 1 << 20  # bytes gathered before each write to the worker


class _Ahead:
    """Texts the worker counts while this process goes on with other work.

    A thread of this process feeds the worker and waits for its answers (in pipe reads,
    without the GIL); the answers are kept by the text's length and hash, not its key, so
    whoever asks later for the same text finds its count. (Two different texts of equal
    length share a 64-bit hash about once in 10^19 pairs.)
    """

    def __init__(self, worker: _Worker) -> None:
        self.counts: dict[tuple[int, int], int] = {}
        self._worker = worker
        self._queue: queue.SimpleQueue[Iterable[str] | None] = queue.SimpleQueue()
        self._stopped = False
        self._spread = False
        self._thread = threading.Thread(target=self._run, name="repoview-count-ahead", daemon=True)
        self._thread.start()

    def put(self, texts: Iterable[str]) -> None:
        self._queue.put(texts)

    def finish(self, cancel: bool = False) -> dict[tuple[int, int], int]:
        """Every answer, once the worker has given them (or, with `cancel`, what it has)."""
        self._stopped = self._stopped or cancel
        # This process now waits: what is left may take every core.
        self._spread = True
        self._queue.put(None)
        self._thread.join()
        return self.counts

    def _run(self) -> None:
        ended = False
        while not ended and (texts := self._queue.get()) is not None:
            # One round trip per submission: the worker starts on the first texts while
            # this process prepares the next ones. Once this process waits, what is queued
            # goes in larger batches, which the worker's threads share out better.
            if self._stopped:
                continue  # cancelled, or the worker is gone: the texts are not even made
            batch = list(texts)
            size = sum(map(len, batch))
            while self._spread and size < _WORKER_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    ended = True
                    break
                start = len(batch)
                batch += more
                size += sum(map(len, batch[start:]))
            # While this process works too, one core counts: a second thread costs about
            # 40% more CPU per token (measured on 2 cores), which the work here would feel.
            counts = self._worker.count(batch, self._spread)
            if counts is None:
                self._stopped = True  # gone: what is left is counted where it is asked for
                continue
            self.counts.update(((len(t), hash(t)), n) for t, n in zip(batch, counts, strict=True))


@atexit.register
def _stop_workers() -> None:
    for worker in list(_WORKERS.values()):
        worker.close()
    _WORKERS.clear()


def default_home() -> Path:
    """REPOVIEW_HOME, else the platform's per-user data folder."""
    return Path(home_dir())


def text_key(encoding: str, text: str) -> bytes:
    """The cache key of a text's count under one encoding."""
    h = hashlib.blake2b(encoding.encode(), digest_size=16)
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.digest()


_STRIPPED_TEXTS_GONE = b"\0stripped texts gone"


def _forget_stripped_texts(db: sqlite3.Connection) -> None:
    """Delete, once, what older versions kept for `--remove-comments`: each file's text
    without its comments, before its secrets were redacted (now only where the comments
    are is kept, and the text is made afresh)."""
    if db.execute("SELECT 1 FROM facts WHERE k = ?", (_STRIPPED_TEXTS_GONE,)).fetchone():
        return
    # Every such row is an older version's until the marker is written (this version writes
    # its own only after opening the cache, so after the marker): all of them go.
    try:
        db.execute("PRAGMA secure_delete=ON")  # (the deleted rows' bytes overwritten too)
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM facts WHERE instr(k, CAST('|nocomments:' AS BLOB)) > 0")
            db.execute("INSERT OR REPLACE INTO facts VALUES (?, '')", (_STRIPPED_TEXTS_GONE,))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA secure_delete=OFF")
    except sqlite3.OperationalError:
        # A cache this user cannot write (read-only, held by another pack): read as it is;
        # the next run that can write does this.
        return


class TokenCache:
    """Counts by content key in SQLite; safe for concurrent runs, rebuilt if corrupt."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warning = ""
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        for attempt in (1, 2):
            try:
                private_file(path)
                db = sqlite3.connect(path, timeout=10, isolation_level=None)
                use_wal(db, wait=10)
                # A cache may lose its last writes on a power cut, never its consistency
                # (WAL): no fsync per write, which cost a cold pack of the stdlib 0.4 s.
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS counts (k BLOB PRIMARY KEY, n INTEGER)")
                db.execute("CREATE TABLE IF NOT EXISTS facts (k BLOB PRIMARY KEY, v TEXT)")
                db.execute("SELECT count(*) FROM counts WHERE k = x'00'").fetchone()
                _forget_stripped_texts(db)
                return db
            except sqlite3.DatabaseError as exc:
                if attempt == 2 or is_locked(exc):  # (held by another pack: not damaged)
                    self.warning = f"token cache disabled ({exc})"
                    return None
                self.warning = "token cache was corrupt and has been rebuilt"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            except OSError as exc:
                self.warning = f"token cache disabled ({exc.strerror}: {path})"
                return None
        return None

    def get_many(self, keys: Sequence[bytes], table: str = "counts") -> dict[bytes, Any]:
        """The stored values of those `keys` that are known, from `counts` or `facts`."""
        found: dict[bytes, Any] = {}
        if self._db is None or not keys:
            return found
        column = "n" if table == "counts" else "v"
        try:
            for i in range(0, len(keys), 900):
                batch = keys[i : i + 900]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT k, {column} FROM {table} WHERE k IN ({marks})", batch
                )
                found.update(rows.fetchall())
        except sqlite3.DatabaseError as exc:
            self.warning = f"cache unreadable ({exc}); working afresh"
            return {}
        return found

    def put_many(self, items: Iterable[tuple[bytes, Any]], table: str = "counts") -> None:
        rows = list(items)
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            self.warning = f"cache not updated ({exc})"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class TokenCounter:
    """Counts texts exactly, asking the cache first and spreading misses over the cores."""

    def __init__(self, encoding: str, cache: TokenCache | None = None) -> None:
        if encoding not in ENCODINGS:
            load_encoding(encoding)  # raises the one-line error
        self.encoding = encoding
        self.cache = cache
        self.hits = 0
        self.misses = 0
        self._enc: Any = None
        self._lock = threading.Lock()
        self._ahead: _Ahead | None = None
        self._early: dict[tuple[int, int], int] = {}

    @property
    def enc(self) -> Any:
        with self._lock:
            if self._enc is None:
                self._enc = load_encoding(self.encoding)
            return self._enc

    def prefetch(self) -> None:
        """Start building the encoding in a worker process, beside whatever runs next; for
        callers that know counting will be needed (a cold cache, a new change to review)."""
        # Only an interpreter can be the worker (an embedding program's executable is not).
        if not Path(sys.executable or "-").name.lower().startswith("python"):
            return
        with _LOAD_LOCK:
            if self.encoding not in _BUILT and self.encoding not in _WORKERS:
                with contextlib.suppress(OSError):  # if it cannot start: counted here
                    _WORKERS[self.encoding] = _Worker(self.encoding)

    def can_count_ahead(self) -> bool:
        """True when a worker process is there to count beside this one (count_ahead)."""
        return self._worker() is not None

    def count_ahead(self, texts: Iterable[str]) -> bool:
        """Have the worker count `texts` (taken lazily, on another thread) while this
        process does other work; count_many then finds their counts waiting. Call it as
        texts become ready: the worker starts on the first while the next are prepared.
        False, with nothing done, when there is no worker."""
        worker = self._worker()
        if worker is None:
            return False
        if self._ahead is None:
            self._ahead = _Ahead(worker)
        self._ahead.put(texts)
        return True

    def cancel_ahead(self) -> None:
        """Stop counting ahead (the pack failed or is done): nothing more goes to the worker."""
        if self._ahead is not None:
            self._ahead.finish(cancel=True)
            self._ahead = None
        self._early = {}

    def finish_ahead(self) -> None:
        """Wait until the worker has counted every text given to count_ahead (it then
        counts on every core); count_many finds their counts."""
        if self._ahead is not None:
            self._early = self._ahead.finish()
            self._ahead = None

    def _worker(self) -> _Worker | None:
        return None if self.encoding in _BUILT else _WORKERS.get(self.encoding)

    def count(self, text: str) -> int:
        return self.count_many([text])[0]

    def encode_len(self, text: str) -> int:
        """The exact count of one text, bypassing the cache."""
        return self._length()(text)

    def _length(self) -> Callable[[str], int]:
        return fast_length(self.encoding) or length_fn(self.enc)

    def count_many(self, texts: Sequence[str], keys: Sequence[bytes] | None = None) -> list[int]:
        """Exact counts of `texts`, in order.

        `keys`, when given, name each text's content (derived from a file's digest), so
        the texts need no hashing; they must change whenever the text does.
        """
        if keys is None:
            keys = [text_key(self.encoding, t) for t in texts]
        else:
            keys = [self._derived(k) for k in keys]
        known = self.cache.get_many(list(set(keys))) if self.cache else {}
        missing: dict[bytes, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in known and k not in missing:
                missing[k] = t
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self._count_uncached(list(missing.items()))
            known.update(fresh)
            if self.cache:
                self.cache.put_many(fresh.items())
        return [known[k] for k in keys]

    def _derived(self, key: bytes) -> bytes:
        return hashlib.blake2b(key, digest_size=16, person=self.encoding[:16].encode()).digest()

    def _take_early(
        self, items: list[tuple[bytes, str]], out: dict[bytes, int]
    ) -> list[tuple[bytes, str]]:
        """Put the counts of `items` counted ahead in `out` (waiting for the worker to give
        them); return the others."""
        self.finish_ahead()
        if not self._early:
            return items
        rest = []
        for k, t in items:
            n = self._early.get((len(t), hash(t)))
            if n is None:
                rest.append((k, t))
            else:
                out[k] = n
        return rest

    def _count_uncached(self, items: list[tuple[bytes, str]]) -> dict[bytes, int]:
        out: dict[bytes, int] = {}
        items = self._take_early(items, out)
        if not items:
            return out
        worker = self._worker()
        if worker is not None:
            counts = worker.count([t for _, t in items])
            if counts is not None:
                out.update((k, n) for (k, _), n in zip(items, counts, strict=True))
                return out
        fast = fast_length(self.encoding)
        out.update(count_texts(fast or length_fn(self.enc), items, spread=fast is None))
        return out
