"""A shallow clone cuts the history files are ranked and ordered by: the pack says so, and
how to fetch what the window needs; a clone whose window ends before its boundary, a full
clone and a plain folder say nothing."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from repoview.analyze import rank

from .conftest import git, write_tree
from .provider import Provider, findings_json, ok
from .test_roles import commit_at

DAY = 86400
NOW = int(time.time()) // DAY * DAY - DAY  # the commits' dates: git refuses future ones
_NOTE = "this clone is shallow"


def _project(root: Path, old: int = 0) -> Path:
    """Twelve modules, half of them edited ten times; `old` commits four years back first."""
    root.mkdir()
    git(root, "init", "-q")
    write_tree(
        root, {f"pkg/m{i}.py": f"def f{i}(x):\n    return x + {i}\n" * 40 for i in range(12)}
    )
    base = NOW - 4 * 365 * DAY if old else NOW - 200 * DAY
    commit_at(root, [f"pkg/m{i}.py" for i in range(12)], base)
    for k in range(1, old):
        commit_at(root, ["pkg/m0.py"], base + k * DAY)
    for n in range(10):
        commit_at(root, [f"pkg/m{i}.py" for i in range(6)], NOW - (150 - 10 * n) * DAY)
    return root


def _date(note: str) -> str:
    """The date the note names for `git fetch --shallow-since`."""
    found = re.search(r"--shallow-since=(\d{4}-\d\d-\d\d) ", note)
    assert found, note
    return found[1]


def _clone(src: Path, dest: Path, *depth: str) -> Path:
    git(src.parent, "clone", "-q", *depth, f"file://{src}", str(dest))
    return dest


def _pack(cli, repo: Path, *args: str):  # type: ignore[no-untyped-def]
    r = cli("pack", str(repo), "--budget", "3000", "-o", str(repo.parent / "p.xml"), *args)
    assert r.code == 0, r.err
    return r


def test_a_depth_one_clone_says_its_history_is_cut(cli, tmp_path: Path) -> None:
    src = _project(tmp_path / "src")
    full = _clone(src, tmp_path / "full")
    shallow = _clone(src, tmp_path / "shallow", "--depth", "1")
    assert _NOTE not in _pack(cli, full).err
    for _ in range(2):  # the second pack reads the history from the cache: said again
        err = _pack(cli, shallow).err
        notes = [line for line in err.splitlines() if _NOTE in line]
        assert len(notes) == 1, err
        assert "ranked and ordered from the 1 commit it has" in notes[0]
        assert "git fetch --unshallow" in notes[0] and "--shallow-since=" in notes[0]
    since = _date(notes[0])
    git(shallow, "fetch", "-q", f"--shallow-since={since}")
    assert _NOTE not in _pack(cli, shallow).err


def test_a_clone_deep_enough_for_the_window_says_nothing(cli, tmp_path: Path) -> None:
    # The boundary lies among the commits of four years ago: the window ends before it.
    src = _project(tmp_path / "src", old=5)
    shallow = _clone(src, tmp_path / "shallow", "--depth", "13")
    assert (shallow / ".git" / "shallow").exists()
    assert _NOTE not in _pack(cli, shallow).err
    # ...and a deeper cut of the same history reaches into it.
    cut = _clone(src, tmp_path / "cut", "--depth", "4")
    assert "from the 4 commits it has" in _pack(cli, cut).err


def test_a_folder_inside_a_shallow_clone_and_the_rev_packed(cli, tmp_path: Path) -> None:
    src = _project(tmp_path / "src")
    shallow = _clone(src, tmp_path / "shallow", "--depth", "3")
    assert "from the 3 commits it has" in _pack(cli, shallow / "pkg").err
    assert "from the 2 commits it has" in _pack(cli, shallow, "--rev", "HEAD~1").err


@pytest.mark.parametrize("quiet", [30, 200])
def test_deepened_as_it_says_the_clone_stays_shallow_and_says_nothing(
    cli, tmp_path: Path, quiet: int
) -> None:
    # Years-old commits, two ending `quiet` days before the window, then the window's own.
    src = tmp_path / "src"
    src.mkdir()
    git(src, "init", "-q")
    start = (NOW - rank.LONG_SPAN) // rank.HISTORY_STEP * rank.HISTORY_STEP
    for when in (
        start - 900 * DAY,
        start - 899 * DAY,
        start - (quiet + 1) * DAY,
        start - quiet * DAY,
    ):
        commit_at(src, ["pkg/m0.py", "pkg/m1.py"], when)
    for n in range(5):
        commit_at(src, ["pkg/m0.py"], NOW - (440 - 10 * n) * DAY)
    commit_at(src, ["pkg/m1.py"], NOW)
    full = _clone(src, tmp_path / "full" / "p")
    _pack(cli, full)
    in_full = (full.parent / "p.xml").read_bytes()
    shallow = _clone(src, tmp_path / "shallow" / "p", "--depth", "1")
    note = next(line for line in _pack(cli, shallow).err.splitlines() if _NOTE in line)
    git(shallow, "fetch", "-q", f"--shallow-since={_date(note)}")
    if quiet > rank.HISTORY_STEP // DAY:  # quiet longer than a quarter: the boundary is in
        assert _NOTE in _pack(cli, shallow).err  # the window still, read as adding all
        git(shallow, "fetch", "-q", "--deepen=1")
    assert (shallow / ".git" / "shallow").exists()
    assert _NOTE not in _pack(cli, shallow).err
    assert (shallow.parent / "p.xml").read_bytes() == in_full


def test_a_plain_folder_says_nothing(cli, tmp_path: Path) -> None:
    write_tree(tmp_path / "plain", {"a.py": "x = 1\n"})
    assert _NOTE not in _pack(cli, tmp_path / "plain").err


def test_the_api_pack_carries_it_cached_or_not(tmp_path: Path) -> None:
    from repoview.packer import PackOptions, build_pack

    src = _project(tmp_path / "src")
    shallow = _clone(src, tmp_path / "shallow", "--depth", "2")
    for cache in (False, True):
        pack = build_pack(PackOptions(path=shallow, cache=cache, home=tmp_path / "home"))
        assert [w for w in pack.warnings if _NOTE in w] == [
            rank.shallow_note(rank.History(shallow_commits=2, since=_since(shallow)))
        ]


def _since(repo: Path) -> int:
    head = int(git(repo, "log", "-1", "--format=%ct").strip())
    return (head - rank.LONG_SPAN) // rank.HISTORY_STEP * rank.HISTORY_STEP


def test_review_reports_it(cli, tmp_path: Path, provider: Provider) -> None:
    src = _project(tmp_path / "src")
    shallow = _clone(src, tmp_path / "shallow", "--depth", "1")
    provider.answers.append(ok(findings_json()))
    env = {
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_MODEL": "kimi-k2.6",
        "REPOVIEW_API_KEY": "sk-test-0123456789abcdef0123456789abcdef",
    }
    # The dry run says it before anything is spent, in text and in JSON.
    dry = cli("review", str(shallow), "--task", "bugs", "--dry-run", env=env)
    assert dry.code == 0 and f"  warning   {_NOTE}" in dry.out, dry.out
    dry = cli("review", str(shallow), "--task", "bugs", "--dry-run", "--format", "json", env=env)
    assert any(_NOTE in w for w in json.loads(dry.out)["warnings"]) and not provider.chats
    r = cli("review", str(shallow), "--task", "bugs", "--format", "json", env=env)
    assert r.code == 0, r.err
    assert any(_NOTE in w for w in json.loads(r.out)["warnings"])


def test_a_url_packed_from_its_shallow_cache_says_nothing(cli, tmp_path: Path) -> None:
    # repoview fetches a URL one commit deep by design: no fetch of the user's changes that.
    src = _project(tmp_path / "src")
    r = cli("pack", f"file://{src}", "--budget", "3000", "-o", str(tmp_path / "p.xml"))
    assert r.code == 0, r.err
    assert _NOTE not in r.err


def test_the_web_reports_plan_says_it(tmp_path: Path) -> None:
    from .test_web import get, make_app, rid_of

    src = _project(tmp_path / "src")
    shallow = _clone(src, tmp_path / "shallow", "--depth", "1")
    app = make_app(shallow, home=tmp_path / "home")
    client = app.test_client()
    plan = get(client, f"/r/{rid_of(app)}/plan.json?task=bugs").json
    assert any(_NOTE in n for n in plan["notes"]), plan["notes"]


def test_an_unknown_revision_in_a_shallow_clone_says_what_to_fetch(cli, tmp_path: Path) -> None:
    src = _project(tmp_path / "src")
    shallow = _clone(src, tmp_path / "shallow", "--depth", "1")
    older = cli("pack", str(shallow), "-o", str(tmp_path / "p.xml"), "--rev", "HEAD~5")
    assert older.code == 2 and "fetch more history (git fetch --deepen=50" in older.err
    typo = cli("pack", str(shallow), "-o", str(tmp_path / "p.xml"), "--rev", "nosuchrev")
    assert typo.code == 2 and "deepen" not in typo.err
    assert "git fetch origin nosuchrev" in typo.err
