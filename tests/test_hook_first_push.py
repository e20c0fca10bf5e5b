"""The pre-push hook on the first push to an empty remote: every pushed commit is new, the
root commit's files included, with real `git push` to a local bare repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .conftest import git
from .provider import Provider, findings_json, ok
from .test_hook import KEY, commit, push

DIVIDES = "def ratio(x):\n    return x / 0\n"


def first_push_repo(make_repo, tmp_path: Path, provider: Provider):  # type: ignore[no-untyped-def]
    repo = make_repo({"app.py": DIVIDES})
    remote = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    env = {
        **os.environ,
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_API_KEY": KEY,
        "REPOVIEW_MODEL": "kimi-k2.6",
    }
    return repo, remote, env


def sent(provider: Provider) -> str:
    return json.dumps(provider.chats[-1]["messages"])


def test_a_one_commit_first_push_is_reviewed(make_repo, tmp_path, provider, cli) -> None:
    repo, remote, env = first_push_repo(make_repo, tmp_path, provider)
    assert cli("hook", "install", str(repo)).code == 0
    provider.answers.append(
        ok(findings_json({"severity": "critical", "title": "Divides by zero", "path": "app.py"}))
    )
    p = push(repo, env, "origin", "main")
    assert p.returncode != 0 and "push stopped" in p.stderr, p.stderr
    assert "nothing to review" not in p.stderr
    assert len(provider.chats) == 1 and "return x / 0" in sent(provider)
    # The same commits again: stopped by the verdict already given, no second request.
    again = push(repo, env, "origin", "main")
    assert again.returncode != 0 and len(provider.chats) == 1, again.stderr
    assert git(remote, "for-each-ref").strip() == ""


def test_a_longer_first_push_includes_the_root_commit(make_repo, tmp_path, provider, cli) -> None:
    repo, remote, env = first_push_repo(make_repo, tmp_path, provider)
    commit(repo, "b.py", "def g(x):\n    return x\n")
    assert cli("hook", "install", str(repo)).code == 0
    provider.answers.append(ok(findings_json()))
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0, p.stderr
    assert len(provider.chats) == 1
    change = sent(provider)
    assert "return x / 0" in change and "def g(x)" in change  # the root commit's file too
    assert git(remote, "rev-parse", "main").strip() == git(repo, "rev-parse", "HEAD").strip()
    # The next push reviews only what is new again.
    commit(repo, "c.py", "C = 3\n")
    provider.answers.append(ok(findings_json()))
    later = push(repo, env, "origin", "main")
    assert later.returncode == 0 and len(provider.chats) == 2, later.stderr
    assert "every commit" not in later.stderr and "C = 3" in sent(provider)


def test_a_push_of_more_new_commits_than_reviewed_says_so(
    make_repo, tmp_path, provider, cli
) -> None:
    import subprocess

    from repoview.hook import MAX_NEW_COMMITS

    repo, _remote, env = first_push_repo(make_repo, tmp_path, provider)
    # Many commits at once, through git's own importer (a commit process each is slow).
    n = MAX_NEW_COMMITS + 5
    stream = "".join(
        f"commit refs/heads/main\nmark :{i + 1}\ncommitter A <a@b.c> {1_700_000_000 + i} +0000\n"
        f"data 3\nc{i % 10}\n"
        + ("from refs/heads/main^0\n" if i == 0 else "")
        + f"M 644 inline n.txt\ndata {len(str(i)) + 1}\n{i}\n\n"
        for i in range(n)
    )
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=stream.encode(), check=True)
    git(repo, "reset", "-q", "--hard", "main")
    assert cli("hook", "install", str(repo)).code == 0
    provider.answers.append(ok(findings_json()))
    p = push(repo, env, "origin", "HEAD:main")
    assert p.returncode == 0, p.stderr
    assert f"the last {MAX_NEW_COMMITS} of its commits the remote does not have" in p.stderr
    assert "reviewing refs/heads/main " in p.stderr and "reviewing HEAD" not in p.stderr
    assert len(provider.chats) == 1


def test_a_new_branch_to_a_remote_never_fetched_reviews_only_its_own_commits(
    make_repo, tmp_path, provider, cli
) -> None:
    # A fork just added: it has main already, but no tracking ref says so.
    repo = make_repo({"app.py": DIVIDES})
    for i in range(4):
        commit(repo, f"m{i}.py", f"M{i} = {i}  # on main before\n")
    fork = tmp_path / "fork.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(fork))
    git(repo, "remote", "add", "fork", str(fork))
    git(repo, "checkout", "-q", "-b", "feat")
    commit(repo, "feat.py", "FEATURE = 1\n")
    env = {
        **os.environ,
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_API_KEY": KEY,
        "REPOVIEW_MODEL": "kimi-k2.6",
    }
    assert cli("hook", "install", str(repo)).code == 0
    provider.answers.append(ok(findings_json()))
    p = push(repo, env, "fork", "feat")
    assert p.returncode == 0, p.stderr
    assert "every commit before it" not in p.stderr
    assert len(provider.chats) == 1
    change = sent(provider)
    assert "FEATURE = 1" in change and "M0 = 0  # on main before" not in change.split("<change")[-1]


def test_a_remote_listing_commits_this_clone_lacks_still_has_the_push_reviewed(
    make_repo, tmp_path, provider, cli
) -> None:
    # The fork holds someone else's branch this clone never fetched: its tip is no object
    # here, and the push of a new branch must still be reviewed from what the fork has.
    repo = make_repo({"app.py": "A = 1\n"})
    fork = tmp_path / "fork.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(fork))
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(fork), str(other))
    git(other, "checkout", "-q", "-b", "theirs")
    commit(other, "t.py", "THEIRS = 1\n")
    git(other, "push", "-q", "origin", "theirs")
    git(repo, "remote", "add", "fork", str(fork))
    git(repo, "checkout", "-q", "-b", "feat")
    commit(repo, "feat.py", DIVIDES)
    env = {
        **os.environ,
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_API_KEY": KEY,
        "REPOVIEW_MODEL": "kimi-k2.6",
    }
    assert cli("hook", "install", str(repo)).code == 0
    provider.answers.append(
        ok(findings_json({"severity": "critical", "title": "Divides by zero", "path": "feat.py"}))
    )
    p = push(repo, env, "fork", "feat")
    assert p.returncode != 0 and "push stopped" in p.stderr, p.stderr
    assert len(provider.chats) == 1 and "return x / 0" in sent(provider)
    assert "A = 1" not in sent(provider).split("return x / 0")[0][-200:]


def test_asking_a_slow_remote_stops_git_and_its_ssh_at_the_time_limit(
    make_repo, tmp_path, monkeypatch
) -> None:
    import time

    import pytest

    from repoview.errors import GitError
    from repoview.gitutil import git as run_git

    repo = make_repo({"a.py": "A = 1\n"})
    pidfile = tmp_path / "ssh.pid"
    fake = tmp_path / "fake-ssh"
    fake.write_text(f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(fake))
    start = time.monotonic()
    with pytest.raises(GitError, match="took longer than 1 s"):
        run_git(["ls-remote", "--heads", "ssh://git@example.invalid/x.git"], repo, timeout=1)
    assert time.monotonic() - start < 10
    pid = int(pidfile.read_text())
    time.sleep(0.2)
    # The ssh git started is gone too (or a zombie no one has reaped yet: not running).
    stat = Path(f"/proc/{pid}/stat")
    assert not stat.exists() or stat.read_text().rpartition(")")[2].split()[0] == "Z"
