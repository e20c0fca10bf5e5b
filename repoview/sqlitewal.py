"""Opening a SQLite file in write-ahead-log mode when other processes may be opening it too."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

__all__ = ["is_locked", "private_file", "use_wal"]


def private_file(path: Path) -> None:
    """Make `path` (and its folder, when made here) readable by this user only: a cache or a
    store holds text of the repositories read. SQLite gives its -wal and -shm files the
    database file's permissions."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if os.stat(path).st_mode & 0o077:  # (made by an older version, or with another umask)
            os.chmod(path, 0o600)
    except OSError:
        pass  # (sqlite3 says why it cannot open the file, if it cannot)


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
