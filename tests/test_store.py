"""The run store: migrations keep old stores working; verdicts, marks and monthly totals."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from repoview.errors import ConfigError, StoreError
from repoview.store import MIGRATIONS, RunStore, finding_fingerprint

# The schema as the first release wrote it, with no user_version.
FIRST_RELEASE = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created REAL NOT NULL, repo TEXT NOT NULL, rev TEXT,
    task TEXT NOT NULL, model TEXT, base_url TEXT, status TEXT NOT NULL,
    input_tokens INTEGER DEFAULT 0, output_tokens INTEGER DEFAULT 0,
    cached_tokens INTEGER DEFAULT 0, cost_usd REAL, duration_s REAL, error TEXT,
    findings INTEGER DEFAULT 0, report TEXT
);
CREATE INDEX IF NOT EXISTS runs_repo ON runs (repo, created);
CREATE TABLE IF NOT EXISTS reviewed (key TEXT PRIMARY KEY, run_id INTEGER, created REAL);
INSERT INTO runs (created, repo, rev, task, model, base_url, status, input_tokens, cost_usd,
                  findings, report)
VALUES (1700000000, '/src/app', 'abc', 'bugs', 'kimi-k2.6', 'http://x/v1', 'ok', 1200, 0.01,
        1, '{"summary": "old run", "findings": [{"title": "t"}]}');
INSERT INTO reviewed VALUES ('/src/app|a..b|kimi-k2.6|diff', 1, 1700000000);
"""


def test_a_store_from_the_first_release_keeps_its_runs(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    old = sqlite3.connect(path)
    old.executescript(FIRST_RELEASE)
    old.close()
    store = RunStore(path)
    [run] = store.recent()
    assert (run.repo, run.task, run.cost_usd, run.origin) == ("/src/app", "bugs", 0.01, None)
    assert run.report_data()["summary"] == "old run"
    # The new tables work, and new runs land beside the old one.
    store.record_verdict("k", "/src/app", "a", "b", "blocked", 1)
    new = store.start("/src/app", "def", "diff", "kimi-k2.6", None)
    store.finish(new, status="ok", origin="hook")
    assert [r.id for r in store.recent()] == [new, run.id]
    version = store.db.execute("PRAGMA user_version").fetchone()[0]
    store.close()
    assert version == len(MIGRATIONS)
    again = RunStore(path)  # opening a current store changes nothing
    assert again.verdict("k") is not None and len(again.recent()) == 2
    again.close()


def test_a_store_from_a_newer_version_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite"
    RunStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer repoview"):
        RunStore(path)


def test_a_blocked_verdict_is_kept_per_range(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs.sqlite")
    assert store.verdict("repo|a..b") is None
    store.record_verdict("repo|a..b", "repo", "a", "b", "blocked", 7)
    got = store.verdict("repo|a..b")
    assert got is not None and (got.verdict, got.run_id) == ("blocked", 7)
    assert store.verdict("repo|a..c") is None
    with pytest.raises(sqlite3.IntegrityError):
        store.record_verdict("x", "repo", "a", "b", "maybe", None)  # type: ignore[arg-type]


def test_marks_follow_the_place_of_a_finding(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs.sqlite")
    lines = ["import os", "", "def run(cmd):", "    os.system(cmd)", "    return 0"]
    fp = finding_fingerprint("app.py", 4, "security", lines)
    store.set_mark("/r", fp, "dismissed", run_id=3, path="app.py", line=4, title="Shell")
    # Later the code moved down two lines and was re-indented: the same place.
    moved = [
        "# header",
        "# more",
        "import os",
        "",
        "def run(cmd):",
        "  os.system(cmd)",
        "  return 0",
    ]
    assert finding_fingerprint("app.py", 6, "security", moved) == fp
    assert store.marks("/r")[fp].mark == "dismissed"
    assert store.marks("/other") == {}
    # Another category, another file or another place is another finding.
    assert finding_fingerprint("app.py", 4, "bug", lines) != fp
    assert finding_fingerprint("lib.py", 4, "security", lines) != fp
    assert finding_fingerprint("app.py", 1, "security", lines) != fp
    store.set_mark("/r", fp, "fixed")
    assert store.marks("/r")[fp].mark == "fixed"
    store.clear_mark("/r", fp)
    assert store.marks("/r") == {}
    with pytest.raises(ConfigError, match="accepted, dismissed, fixed"):
        store.set_mark("/r", fp, "ignored")  # type: ignore[arg-type]


def test_month_cost_counts_this_months_pushes(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "runs.sqlite")
    for cost, origin in ((0.25, "hook"), (0.5, "hook"), (2.0, None)):
        run = store.start("/r", None, "diff", "kimi-k2.6", None)
        store.finish(run, status="ok", cost_usd=cost, origin=origin)
    old = store.start("/r", None, "diff", "kimi-k2.6", None)
    store.finish(old, status="ok", cost_usd=9.0, origin="hook")
    store.db.execute("UPDATE runs SET created = ? WHERE id = ?", (time.time() - 40 * 86400, old))
    assert store.month_cost("hook") == (0.75, 2)
    assert store.month_cost() == (2.75, 3)


def test_stores_opened_at_once_migrate_once(tmp_path: Path) -> None:
    """Two pushes (or a push and the web report) may open an old store at the same moment."""
    from concurrent.futures import ThreadPoolExecutor

    # Eight at once, on sixty old stores: the switch to write-ahead logging is refused at
    # once ("database is locked") while another opener holds the file, a few times in a
    # hundred; each must wait its turn, not fail.
    for k in range(60):
        path = tmp_path / f"runs{k}.sqlite"
        old = sqlite3.connect(path)
        old.executescript(FIRST_RELEASE)
        old.close()

        def open_one(_: int, path: Path = path) -> int:
            store = RunStore(path)
            n = len(store.recent())
            store.close()
            return n

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(open_one, range(8))) == [1] * 8
