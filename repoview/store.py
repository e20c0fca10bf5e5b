"""The run store: every review, kept in SQLite under REPOVIEW_HOME (never an API key).

The schema changes only through the named, ordered functions in MIGRATIONS; `PRAGMA
user_version` records how many have run, so a store written by an older repoview opens,
keeps its runs, and gains the new tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, get_args

from .errors import ConfigError, StoreError
from .sqlitewal import private_file, use_wal

__all__ = [
    "MARKS",
    "MIGRATIONS",
    "Mark",
    "Run",
    "RunStore",
    "Verdict",
    "finding_fingerprint",
]


def m001_runs(db: sqlite3.Connection) -> None:
    # The schema of the first release; IF NOT EXISTS because those stores have user_version 0.
    db.execute("""
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created REAL NOT NULL,
            repo TEXT NOT NULL,
            rev TEXT,
            task TEXT NOT NULL,
            model TEXT,
            base_url TEXT,
            status TEXT NOT NULL,          -- running | ok | failed | dry-run
            input_tokens INTEGER DEFAULT 0,
            output_tokens INTEGER DEFAULT 0,
            cached_tokens INTEGER DEFAULT 0,
            cost_usd REAL,
            duration_s REAL,
            error TEXT,
            findings INTEGER DEFAULT 0,
            report TEXT                    -- the JSON report
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS runs_repo ON runs (repo, created)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS reviewed (key TEXT PRIMARY KEY, run_id INTEGER, created REAL)"
    )


def m002_hook_verdicts(db: sqlite3.Connection) -> None:
    # `reviewed` could not tell a blocked range from a clean one, so a second push of a
    # blocked range went through; its rows are dropped and those ranges reviewed once more.
    db.execute("DROP TABLE IF EXISTS reviewed")
    db.execute("""
        CREATE TABLE verdicts (
            key TEXT PRIMARY KEY,          -- repository and commit range, as the hook names it
            repo TEXT NOT NULL,
            base TEXT NOT NULL,
            head TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('clean', 'blocked')),
            run_id INTEGER,
            created REAL NOT NULL
        )""")
    # Which surface started a run, so the hook can total what pushes cost.
    db.execute("ALTER TABLE runs ADD COLUMN origin TEXT")


def m003_finding_marks(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE marks (
            repo TEXT NOT NULL,
            fingerprint TEXT NOT NULL,     -- finding_fingerprint(): place, not wording
            mark TEXT NOT NULL CHECK (mark IN ('accepted', 'dismissed', 'fixed')),
            run_id INTEGER,
            path TEXT,
            line INTEGER,
            title TEXT,
            updated REAL NOT NULL,
            PRIMARY KEY (repo, fingerprint)
        )""")


# A migration's place in this tuple is the schema version it brings a store to: append only.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    m001_runs,
    m002_hook_verdicts,
    m003_finding_marks,
)

MarkName = Literal["accepted", "dismissed", "fixed"]
MARKS: tuple[MarkName, ...] = get_args(MarkName)
VerdictName = Literal["clean", "blocked"]


@dataclass
class Run:
    """One row of the run store."""

    id: int
    created: float
    repo: str
    rev: str | None
    task: str
    model: str | None
    base_url: str | None
    status: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_usd: float | None
    duration_s: float | None
    error: str | None
    findings: int
    report: str | None
    origin: str | None = None  # "hook" for pushes; None for runs stored before it was kept

    def report_data(self) -> dict[str, Any]:
        try:
            data = json.loads(self.report or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


_RUN_FIELDS = frozenset(f.name for f in fields(Run))


def _run(row: sqlite3.Row) -> Run:
    # Columns this version does not know (a newer store) are left out instead of failing.
    return Run(**{k: v for k, v in dict(row).items() if k in _RUN_FIELDS})


@dataclass(frozen=True)
class Verdict:
    """What the hook concluded about one commit range."""

    verdict: VerdictName
    run_id: int | None
    created: float


@dataclass(frozen=True)
class Mark:
    """A person's decision about a finding, kept across runs by the finding's place."""

    fingerprint: str
    mark: MarkName
    run_id: int | None
    path: str | None
    line: int | None
    title: str | None
    updated: float


def finding_fingerprint(
    path: str | None, line: int | None, category: str | None, text: Sequence[str] | None = None
) -> str:
    """Names a finding by its place: the path, the lines around it, and its category.

    `text` is the file's lines. Two lines either side (stripped, blank lines skipped) stand
    for the place, so the fingerprint survives code moving up or down and the model wording
    its title differently; without the text, the line number stands in.
    """
    where = "file"
    if line is not None and line > 0:
        where = f"L{line}"
        if text:
            lo, hi = max(0, line - 3), min(len(text), line + 2)
            near = [" ".join(t.split()) for t in text[lo:hi]]
            where = "\n".join(t for t in near if t) or where
    key = f"{path or ''}\0{category or ''}\0{where}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()[:16]


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version == len(MIGRATIONS):
        return
    # IMMEDIATE: two processes opening an old store at once migrate it once, in turn.
    db.execute("BEGIN IMMEDIATE")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the run store {path} was written by a newer repoview "
                f"(schema {version}); upgrade repoview"
            )
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class RunStore:
    """Open (and create or migrate) the store at `path`; safe for concurrent writers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            private_file(path)
            self.db = sqlite3.connect(
                path, timeout=15, isolation_level=None, check_same_thread=False
            )
            use_wal(self.db)
            _migrate(self.db, path)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"cannot open the run store {path}: {exc}") from None
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def start(
        self,
        repo: str,
        rev: str | None,
        task: str,
        model: str | None,
        base_url: str | None,
        origin: str | None = None,
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (created, repo, rev, task, model, base_url, status, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
            (time.time(), repo, rev, task, model, base_url, origin),
        )
        return int(cur.lastrowid or 0)

    def finish(self, run_id: int, **values: Any) -> None:
        allowed = {
            "status",
            "input_tokens",
            "output_tokens",
            "cached_tokens",
            "cost_usd",
            "duration_s",
            "error",
            "findings",
            "report",
            "model",
            "rev",
            "origin",
        }
        items = [(k, v) for k, v in values.items() if k in allowed]
        if not items:
            return
        sets = ", ".join(f"{k} = ?" for k, _ in items)
        self.db.execute(f"UPDATE runs SET {sets} WHERE id = ?", [v for _, v in items] + [run_id])

    def recent(self, repo: str | None = None, limit: int = 50) -> list[Run]:
        sql = "SELECT * FROM runs"
        args: list[Any] = []
        if repo:
            sql += " WHERE repo = ?"
            args.append(repo)
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [_run(row) for row in self.db.execute(sql, args)]

    def get(self, run_id: int) -> Run | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def repos(self) -> list[str]:
        rows = self.db.execute(
            "SELECT repo, max(created) AS c FROM runs GROUP BY repo ORDER BY c DESC"
        )
        return [row["repo"] for row in rows]

    def month_cost(self, origin: str | None = None, now: float | None = None) -> tuple[float, int]:
        """(USD, runs) spent since the start of this calendar month (local time)."""
        today = dt.datetime.fromtimestamp(time.time() if now is None else now)
        start = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
        sql = "SELECT coalesce(sum(cost_usd), 0), count(*) FROM runs WHERE created >= ?"
        args: list[Any] = [start]
        if origin is not None:
            sql += " AND origin = ?"
            args.append(origin)
        total, count = self.db.execute(sql, args).fetchone()
        return float(total), int(count)

    # Hook verdicts: what a commit range was found to be, so a retry cannot pass a block.

    def verdict(self, key: str) -> Verdict | None:
        row = self.db.execute(
            "SELECT verdict, run_id, created FROM verdicts WHERE key = ?", (key,)
        ).fetchone()
        return Verdict(row["verdict"], row["run_id"], row["created"]) if row else None

    def ranges(
        self, repo: str, verdict: VerdictName, limit: int = 20
    ) -> list[tuple[str, str, int | None]]:
        """The newest ranges of `repo` with this verdict: (base, head, run id), newest first."""
        rows = self.db.execute(
            "SELECT base, head, run_id FROM verdicts WHERE repo = ? AND verdict = ? "
            "ORDER BY created DESC LIMIT ?",
            (repo, verdict, limit),
        ).fetchall()
        return [(r["base"], r["head"], r["run_id"]) for r in rows]

    def record_verdict(
        self, key: str, repo: str, base: str, head: str, verdict: VerdictName, run_id: int | None
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, repo, base, head, verdict, run_id, time.time()),
        )

    # Finding marks: accepted, dismissed or fixed, by place (finding_fingerprint).

    def set_mark(
        self,
        repo: str,
        fingerprint: str,
        mark: MarkName,
        *,
        run_id: int | None = None,
        path: str | None = None,
        line: int | None = None,
        title: str | None = None,
    ) -> None:
        if mark not in MARKS:
            raise ConfigError(f"unknown mark {mark!r}; use one of {', '.join(MARKS)}")
        row = (repo, fingerprint, mark, run_id, path, line, title, time.time())
        self.db.execute("INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

    def clear_mark(self, repo: str, fingerprint: str) -> None:
        self.db.execute("DELETE FROM marks WHERE repo = ? AND fingerprint = ?", (repo, fingerprint))

    def marks(self, repo: str) -> dict[str, Mark]:
        """Every mark kept for `repo`, by fingerprint."""
        rows = self.db.execute(
            "SELECT fingerprint, mark, run_id, path, line, title, updated "
            "FROM marks WHERE repo = ?",
            (repo,),
        )
        return {r["fingerprint"]: Mark(**dict(r)) for r in rows}
