"""The run store: every review, kept in SQLite under REPOVIEW_HOME (never an API key)."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Run", "RunStore"]

_SCHEMA = """
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
);
CREATE INDEX IF NOT EXISTS runs_repo ON runs (repo, created);
CREATE TABLE IF NOT EXISTS reviewed (
    key TEXT PRIMARY KEY,          -- what a hook reviewed: repo, range, model, task
    run_id INTEGER,
    created REAL
);
"""


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

    def report_data(self) -> dict[str, Any]:
        try:
            data = json.loads(self.report or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


class RunStore:
    """Open (and create) the store at `path`; safe for concurrent writers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=15, isolation_level=None,
                                      check_same_thread=False)  # fmt: skip
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ConfigError(f"cannot open the run store {path}: {exc}") from None
        self.db.row_factory = sqlite3.Row

    def close(self) -> None:
        self.db.close()

    def start(self, repo: str, rev: str | None, task: str, model: str | None,
              base_url: str | None) -> int:  # fmt: skip
        cur = self.db.execute(
            "INSERT INTO runs (created, repo, rev, task, model, base_url, status) "
            "VALUES (?, ?, ?, ?, ?, ?, 'running')",
            (time.time(), repo, rev, task, model, base_url),
        )
        return int(cur.lastrowid or 0)

    def finish(self, run_id: int, **fields: Any) -> None:
        allowed = {"status", "input_tokens", "output_tokens", "cached_tokens", "cost_usd",
                   "duration_s", "error", "findings", "report", "model", "rev"}  # fmt: skip
        items = [(k, v) for k, v in fields.items() if k in allowed]
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
        return [Run(**dict(row)) for row in self.db.execute(sql, args)]

    def get(self, run_id: int) -> Run | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return Run(**dict(row)) if row else None

    def repos(self) -> list[str]:
        rows = self.db.execute("SELECT repo, max(created) AS c FROM runs GROUP BY repo "
                               "ORDER BY c DESC")  # fmt: skip
        return [row["repo"] for row in rows]

    def seen(self, key: str) -> int | None:
        row = self.db.execute("SELECT run_id FROM reviewed WHERE key = ?", (key,)).fetchone()
        return int(row["run_id"]) if row else None

    def remember(self, key: str, run_id: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO reviewed VALUES (?, ?, ?)",
                        (key, run_id, time.time()))  # fmt: skip
