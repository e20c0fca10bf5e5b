"""Findings as work items: marks (accepted, dismissed, fixed) kept beside the run store, and
matching findings across runs by place (path, nearby line, category)."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from repoview.errors import ConfigError

__all__ = ["MARKS", "Mark", "MarkStore", "compare", "same_place"]

MarkState = Literal["open", "accepted", "dismissed", "fixed"]
MARKS: tuple[MarkState, ...] = ("open", "accepted", "dismissed", "fixed")
NEAR = 5  # lines: a finding reported again moves with edits above it, rarely further

_SCHEMA = """
CREATE TABLE IF NOT EXISTS web_finding_marks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    repo TEXT NOT NULL,
    path TEXT NOT NULL,           -- '' when the finding names no file
    line INTEGER,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    state TEXT NOT NULL,
    run_id INTEGER,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS web_finding_marks_place ON web_finding_marks (repo, path, category);
"""


@dataclass(frozen=True)
class Mark:
    """The latest word on a finding at one place."""

    state: MarkState
    line: int | None
    run_id: int | None


def _line(f: dict[str, Any]) -> int | None:
    value = f.get("line")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def same_place(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two findings are one when path and category agree and their lines are near."""
    if (a.get("path") or "") != (b.get("path") or "") or a.get("category") != b.get("category"):
        return False
    la, lb = _line(a), _line(b)
    if la is None or lb is None:
        return la is lb or a.get("title") == b.get("title")
    return abs(la - lb) <= NEAR


class MarkStore:
    """Marks in the run store's SQLite file (their own table, created on first use)."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(
                path, timeout=15, isolation_level=None, check_same_thread=False
            )
            self.db.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ConfigError(f"cannot open the run store {path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def mark(self, repo: str, finding: dict[str, Any], state: MarkState, run_id: int) -> None:
        if state not in MARKS:
            raise ConfigError(f"unknown mark {state!r}; use one of {', '.join(MARKS)}")
        self.db.execute(
            "INSERT INTO web_finding_marks (repo, path, line, category, title, state, run_id, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                repo,
                finding.get("path") or "",
                _line(finding),
                str(finding.get("category") or ""),
                str(finding.get("title") or ""),
                state,
                run_id,
                time.time(),
            ),
        )

    def lookup(self, repo: str, finding: dict[str, Any]) -> Mark | None:
        """The newest mark made at this finding's place, in any run."""
        rows = self.db.execute(
            "SELECT line, category, title, state, run_id, path FROM web_finding_marks "
            "WHERE repo = ? AND path = ? AND category = ? ORDER BY id DESC",
            (repo, finding.get("path") or "", str(finding.get("category") or "")),
        ).fetchall()
        for line, category, title, state, run_id, path in rows:
            marked = {"path": path, "line": line, "category": category, "title": title}
            if same_place(marked, {**finding, "path": finding.get("path") or ""}):
                return Mark(state, line, run_id)
        return None


def compare(
    current: list[dict[str, Any]], previous: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], str]], list[dict[str, Any]]]:
    """Each current finding as new or still open against an earlier run, and the earlier
    findings that are gone."""
    left = list(previous)
    labelled: list[tuple[dict[str, Any], str]] = []
    for f in current:
        match = next((p for p in left if same_place(f, p)), None)
        if match is not None:
            left.remove(match)
        labelled.append((f, "still open" if match is not None else "new"))
    return labelled, left
