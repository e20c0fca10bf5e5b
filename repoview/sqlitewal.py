"""Opening a SQLite file in write-ahead-log mode when other processes may be opening it too."""

from __future__ import annotations

import sqlite3
import time

__all__ = ["is_locked", "use_wal"]


def use_wal(db: sqlite3.Connection, wait: float = 15.0) -> None:
    """Switch `db` to write-ahead logging. The switch needs the file to itself, and SQLite
    answers "database is locked" at once, without waiting, when another connection opening
    it at the same moment holds it: so it is tried again until `wait` seconds have passed."""
    deadline = time.monotonic() + wait
    delay = 0.01
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def is_locked(exc: sqlite3.DatabaseError) -> bool:
    """Whether `exc` says another connection holds the file (not that it is damaged)."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc)
    )
