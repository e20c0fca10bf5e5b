"""Packing repositories by URL, against git servers started on 127.0.0.1."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from repoview.remote import _classify, cache_dir, expand, is_remote, safe_url

from .conftest import Run, git
from .gitserve import GitDaemon, SmartHTTP, serve_copy

FILES = {
    "app.py": "def main():\n    return 42\n",
    "README.md": "# demo\n",
    "lib/util.py": "X = 1\n",
}


@pytest.fixture
def served(make_repo: Callable[..., Path], tmp_path: Path) -> tuple[Path, Path]:
    src = make_repo(FILES, name="src")
    git(src, "tag", "v1")
    root = tmp_path / "served"
    return src, serve_copy(src, root)


def _home() -> Path:
    return Path(os.environ["REPOVIEW_HOME"])


def test_git_daemon_pack_twice_gives_the_same_bytes_from_the_cache(
    served: tuple[Path, Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    src, bare = served
    with GitDaemon(bare.parent) as d:
        url = f"{d.url}/demo.git"
        first = cli("pack", url, "-q")
        assert first.code == 0, first.err
        assert "def main():" in first.out and "lib/util.py" in first.out
        assert '<repository name="demo">' in first.out
        cached = cache_dir(_home(), url)
        assert (cached / "HEAD").is_file()
        second = cli("pack", url, "-q")
        assert second.code == 0, second.err
        assert second.out == first.out
        # A new commit upstream arrives with the next run, fetched into the same cache.
        (src / "new.py").write_text("NEW = 2\n")
        git(src, "add", "-A")
        git(src, "commit", "-qm", "more")
        git(src, "push", "-q", str(bare), "main")
        third = cli("pack", url, "-q")
        assert "NEW = 2" in third.out
    # With the server gone, the cached copy still packs, with a warning saying so.
    offline = cli("pack", url, "-q")
    assert offline.code == 0, offline.err
    assert offline.out == third.out
    assert "cached copy" in offline.err and "does not answer" in offline.err


def test_smart_http_pack_twice_is_byte_identical(
    served: tuple[Path, Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    src, bare = served
    big = b"".join(b"%07d row of data\n" % i for i in range(80_000))  # 1.4 MB
    (src / "data.csv").write_bytes(big)
    git(src, "add", "-A")
    git(src, "commit", "-qm", "data")
    git(src, "push", "-q", str(bare), "main")
    with SmartHTTP(bare.parent) as server:
        url = f"{server.url}/demo.git"
        first = cli("pack", url, "-q", "--manifest", str(tmp_path / "m.json"))
        assert first.code == 0, first.err
        assert "def main():" in first.out
        # The file over the size cap is not fetched with the rest, yet listed with its size.
        excluded = json.loads((tmp_path / "m.json").read_text())["excluded"]
        assert {"path": "data.csv", "reason": "too-large"}.items() <= excluded[0].items()
        assert f"{len(big):,} bytes" in excluded[0]["detail"]
        second = cli("pack", url, "-q")
        assert second.code == 0 and second.out == first.out


def test_ref_picks_a_tag_and_a_missing_ref_is_one_line(
    served: tuple[Path, Path], cli: Callable[..., Run]
) -> None:
    src, bare = served
    (src / "later.py").write_text("LATER = 1\n")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "later")
    git(src, "push", "-q", str(bare), "main")
    with GitDaemon(bare.parent) as d:
        url = f"{d.url}/demo.git"
        at_tag = cli("pack", url, "--ref", "v1", "-q")
        assert at_tag.code == 0, at_tag.err
        assert "app.py" in at_tag.out and "LATER" not in at_tag.out
        sha = git(src, "rev-parse", "HEAD").strip()
        at_sha = cli("pack", url, "--ref", sha, "-q")
        assert at_sha.code == 0, at_sha.err and "LATER = 1" in at_sha.out
        missing = cli("pack", url, "--ref", "no-such-branch")
        assert missing.code == 2
        assert missing.err.count("\n") == 1 and "no-such-branch" in missing.err
        assert "Traceback" not in missing.err


def test_auth_failure_is_one_line_and_helpers_supply_credentials(
    served: tuple[Path, Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    _src, bare = served
    with SmartHTTP(bare.parent, auth=("alice", "s3cret-token")) as server:
        url = f"{server.url}/demo.git"
        denied = cli("pack", url)
        assert denied.code == 2
        assert "authentication failed" in denied.err and denied.err.count("\n") == 1
        store = tmp_path / "creds"
        store.write_text(f"http://alice:s3cret-token@{server.url.removeprefix('http://')}\n")
        gitconfig = Path(os.environ["GIT_CONFIG_GLOBAL"])
        gitconfig.write_text(
            gitconfig.read_text() + f"[credential]\n\thelper = store --file {store}\n"
        )
        ok = cli("pack", url)
        assert ok.code == 0, ok.err
        assert "def main():" in ok.out
        assert "s3cret-token" not in ok.out + ok.err
        # The token given in the URL is used but neither printed nor kept in the cache.
        store.write_text("")
        inline = cli(
            "pack",
            f"http://alice:s3cret-token@{server.url.removeprefix('http://')}/demo.git",
            "--ref",
            "v1",
        )
        assert inline.code == 0, inline.err
        assert "s3cret-token" not in inline.err
        configs = list((_home() / "remotes").rglob("config"))
        assert configs and all("s3cret-token" not in c.read_text() for c in configs)


def test_unreachable_server_exits_3(cli: Callable[..., Run]) -> None:
    run = cli("pack", "git://127.0.0.1:9/nothing.git")
    assert run.code == 3
    assert "does not answer" in run.err and run.err.count("\n") == 1


def test_shorthand_only_when_no_such_local_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert is_remote("pallets/flask")
    assert expand("pallets/flask") == "https://github.com/pallets/flask.git"
    (tmp_path / "pallets" / "flask").mkdir(parents=True)
    assert not is_remote("pallets/flask")
    assert not is_remote("src") and not is_remote("./a/b") and not is_remote("a/b/c")
    assert is_remote("git@github.com:pallets/flask.git")
    assert is_remote("ssh://git@example.com/x/y.git")
    # beside a local `repos/` folder, `repos/flsk` is a mistyped path, not a GitHub name
    (tmp_path / "repos" / "flask").mkdir(parents=True)
    assert not is_remote("repos/flsk")


def test_a_mistyped_folder_is_said_to_be_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Run]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repos" / "rich").mkdir(parents=True)
    run = cli("pack", "repos/richh")
    assert run.code == 2 and run.err == "repoview: error: path does not exist: repos/richh\n"


def test_error_messages_name_the_cause_without_credentials() -> None:
    shown = safe_url("https://bob:tok@git.example.com/x/y.git")
    assert shown == "https://git.example.com/x/y.git"
    host = _classify(
        "fatal: unable to access 'https://git.example.com/x/y.git/': Could not "
        "resolve host: git.example.com\n",
        shown,
        None,
    )
    assert "unknown host" in str(host) and host.exit_code == 3
    ref = _classify("fatal: couldn't find remote ref refs/heads/nope\n", shown, "nope")
    assert "'nope'" in str(ref) and ref.exit_code == 2
    other = _classify("fatal: something odd at https://bob:tok@git.example.com/\n", shown, None)
    assert "tok" not in str(other)


def test_review_by_url_sends_the_fetched_commit(
    served: tuple[Path, Path], cli: Callable[..., Run]
) -> None:
    from .provider import Provider, findings_json, ok

    src, bare = served
    finding = {
        "severity": "low",
        "category": "style",
        "title": "Magic number",
        "path": "app.py",
        "line": 2,
        "body": "42 unexplained",
    }
    with GitDaemon(bare.parent) as d, Provider() as provider:
        provider.answers.append(ok(findings_json(finding)))
        env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": "sk-remote-0123456789abcdef"}
        run = cli("review", f"{d.url}/demo.git", "--task", "bugs", "--format", "json", env=env)
        assert run.code == 0, run.err
        report = json.loads(run.out)
        assert report["rev"] == git(src, "rev-parse", "HEAD").strip()
        assert report["findings"][0]["title"] == "Magic number"
        sent = json.dumps(provider.requests[-1])
        assert "def main():" in sent and "return 42" in sent


def test_a_first_fetch_that_fails_leaves_no_cache(
    served: tuple[Path, Path], tmp_path: Path, cli: Callable[..., Run]
) -> None:
    _src, bare = served
    empty = tmp_path / "served" / "empty.git"
    git(tmp_path, "init", "-q", "--bare", str(empty))
    with GitDaemon(bare.parent) as d:
        for name in ("nonexist.git", "empty.git"):
            r = cli("pack", f"{d.url}/{name}")
            assert r.code != 0 and r.err.count("\n") == 1, r.err
            assert not cache_dir(_home(), f"{d.url}/{name}").exists(), name
        # A cache that fetched once stays, whatever the next fetch of another ref says.
        assert cli("pack", f"{d.url}/demo.git", "-q").code == 0
        assert cli("pack", f"{d.url}/demo.git", "--ref", "no-such-branch").code == 2
        assert cache_dir(_home(), f"{d.url}/demo.git").exists()
