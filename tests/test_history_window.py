"""The history window of a busy repository: a cap on the commits read moves it in steps."""

from __future__ import annotations

import subprocess

import pytest

from repoview.analyze import rank
from repoview.tokens import TokenCache

from .test_roles import commit_at, history_of

DAY = 86400
STEP = rank.HISTORY_STEP
NOW = 1_800_000_000  # 85 days into one of the window's steps: the commits below stay in it
BURST = 4


def _busy_repo(repo) -> None:
    """Three years of commits, `BURST` on consecutive days in each of the window's steps
    (so a cap of a multiple of `BURST` cuts between steps): each touches a file of its own
    and a shared one."""
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    k = 0
    for step in range(NOW // STEP - 11, NOW // STEP + 1):
        for day in range(BURST):
            commit_at(repo, [f"pkg/m{k}.py", "pkg/core.py"], step * STEP + (40 + day) * DAY)
            k += 1


@pytest.mark.parametrize("long_depth, year_depth", [(12, 3000), (10_000, 8), (12, 8)])
def test_a_new_commit_past_a_cap_moves_the_heat_of_no_file_it_did_not_touch(
    tmp_path, monkeypatch, long_depth: int, year_depth: int
) -> None:
    # More commits than the caps allow: each new one pushes the oldest read out of them.
    monkeypatch.setattr(rank, "LONG_DEPTH", long_depth)
    monkeypatch.setattr(rank, "HISTORY_DEPTH", year_depth)
    repo = tmp_path / "repo"
    _busy_repo(repo)
    before = history_of(repo)
    assert before.heat  # the caps leave a window to read
    for k, touched in enumerate(("docs/notes.md", "pkg/m47.py", "pkg/m36.py")):
        commit_at(repo, [touched], NOW + k * DAY)
        after = history_of(repo)
        for table in ("heat", "settled", "churn"):
            old, new = getattr(before, table), getattr(after, table)
            assert {p: v for p, v in old.items() if p != touched} == {
                p: v for p, v in new.items() if p != touched
            }, table
        before = after


def test_a_capped_history_read_from_the_cache_is_the_history_read_afresh(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(rank, "LONG_DEPTH", 12)
    monkeypatch.setattr(rank, "HISTORY_DEPTH", 8)
    repo = tmp_path / "repo"
    _busy_repo(repo)
    cache = TokenCache(tmp_path / "cache.db")

    def history(cache: TokenCache | None) -> tuple[object, ...]:
        h = history_of(repo, cache=cache)
        return h.churn, h.heat, h.settled

    first = history(cache)
    assert first == history(None)
    commit_at(repo, ["pkg/m3.py"], NOW)  # read alone, the rest from the cache
    assert history(cache) == history(None) != first


@pytest.mark.parametrize("long_depth, year_depth", [(40, 3000), (10_000, 20)])
def test_a_cap_reached_within_one_step_still_leaves_a_window(
    tmp_path, monkeypatch, long_depth: int, year_depth: int
) -> None:
    # More commits in the current step than a cap allows (a very busy month): a window
    # starting at the next step would hold none of them, and the repository would rank as
    # if it had no history.
    monkeypatch.setattr(rank, "LONG_DEPTH", long_depth)
    monkeypatch.setattr(rank, "HISTORY_DEPTH", year_depth)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for k in range(60):  # two a day over the last month
        commit_at(repo, [f"pkg/m{k % 6}.py"], NOW - 30 * DAY + k * DAY // 2)
    hist = history_of(repo)
    assert hist.heat and hist.churn
    assert sum(hist.churn.values()) >= min(long_depth, year_depth) // 2


def test_the_three_years_window_moves_only_when_the_years_does(tmp_path) -> None:
    # Two commits a day apart, either side of the moment the three years' window would move
    # on its own steps but the year's does not: a file whose one change is three years old
    # would have lost its heat between them (and jumped to the front of the pack).
    year, long = rank.HISTORY_SPAN, rank.LONG_SPAN
    edge = (NOW // STEP) * STEP + long % STEP  # where `(t - long) // STEP` steps
    assert (edge - DAY // 2 - year) // STEP == (edge + DAY // 2 - year) // STEP
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit_at(repo, ["old.py"], (edge - long) // STEP * STEP - STEP + 10 * DAY)
    commit_at(repo, ["recent.py"], edge - 30 * DAY)
    commit_at(repo, ["a.py"], edge - DAY // 2)
    before = history_of(repo)
    commit_at(repo, ["b.py"], edge + DAY // 2)
    after = history_of(repo)
    assert "recent.py" in before.heat
    for table in ("heat", "settled", "churn"):
        old, new = getattr(before, table), getattr(after, table)
        assert {p: v for p, v in new.items() if p != "b.py"} == old, table
