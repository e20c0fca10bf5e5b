"""The pre-push hook with real `git push` to a local bare repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from repoview.errors import ConfigError
from repoview.hook import PROMPT_ROOM, HookSettings, pack_budget
from repoview.registry import find_model, registry
from repoview.tokens import TokenCounter

from .conftest import git
from .provider import Answer, Provider, findings_json, ok

KEY = "sk-hook-test-key-0123456789abcdef"


@pytest.fixture
def setup(make_repo, tmp_path: Path, provider: Provider):
    repo = make_repo({"app.py": "def add(a, b):\n    return a + b\n", "README.md": "# App\n"})
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    env = {
        **os.environ,
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_API_KEY": KEY,
        "REPOVIEW_MODEL": "kimi-k2.6",
    }
    return repo, remote, env


def push(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )


def commit(repo: Path, name: str, text: str) -> str:
    (repo / name).write_text(text)
    git(repo, "add", name)
    git(repo, "commit", "-qm", f"change {name}")
    return git(repo, "rev-parse", "HEAD").strip()


def remote_head(remote: Path, branch: str = "main") -> str:
    return git(remote, "rev-parse", branch).strip()


def test_install_and_a_reviewed_push(setup, provider, cli) -> None:
    repo, remote, env = setup
    r = cli("hook", "install", str(repo))
    assert r.code == 0 and "installed" in r.out
    head = commit(repo, "app.py", "def add(a, b):\n    return a - b  # oops\n")
    provider.answers.append(
        ok(findings_json({"severity": "medium", "title": "Subtracts", "path": "app.py", "line": 2}))
    )
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0, p.stderr
    assert remote_head(remote) == head
    user = provider.chats[0]["messages"][1]["content"]
    assert "+    return a - b  # oops" in user  # the pushed change is in the request
    assert "[medium] app.py:2 Subtracts" in p.stderr and "report:" in p.stderr
    assert "this push: $0.0" in p.stderr and "over 1 review" in p.stderr
    commit(repo, "app.py", "def add(a, b):\n    return a + b\n")
    again = push(repo, env, "origin", "main")
    assert again.returncode == 0 and "over 2 reviews" in again.stderr, again.stderr


def test_critical_finding_stops_the_push(setup, provider, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    before = remote_head(remote)
    commit(repo, "app.py", "import os\nos.system(input())\n")
    provider.answers.append(
        ok(
            findings_json(
                {"severity": "critical", "title": "Shell injection", "path": "app.py", "line": 2}
            )
        )
    )
    p = push(repo, env, "origin", "main")
    assert p.returncode != 0 and "push stopped" in p.stderr and "REPOVIEW_SKIP=1" in p.stderr
    assert remote_head(remote) == before
    # Pushing again, or under another name, does not wear the block down.
    again = push(repo, env, "origin", "main")
    assert again.returncode != 0 and "REPOVIEW_SKIP=1" in again.stderr
    other = push(repo, env, "origin", "main:elsewhere")
    assert other.returncode != 0 and len(provider.chats) == 1
    assert remote_head(remote) == before
    skipped = push(repo, {**env, "REPOVIEW_SKIP": "1"}, "origin", "main")
    assert skipped.returncode == 0 and len(provider.chats) == 1
    assert remote_head(remote) != before


def test_a_block_follows_fail_on_as_it_is_now(setup, provider, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    before = remote_head(remote)
    commit(repo, "app.py", "import os\nos.system(input())\n")
    found = {"severity": "high", "title": "Shell injection", "path": "app.py", "line": 2}
    provider.answers.append(ok(findings_json(found)))
    settings = repo / ".repoview.toml"
    settings.write_text("[hook]\nfail_on = 'high'\n")
    git(repo, "add", ".repoview.toml")
    git(repo, "commit", "-qm", "stricter hook")
    p = push(repo, env, "origin", "main")
    assert p.returncode != 0 and "push stopped" in p.stderr
    # The user raises the bar: the same range, reviewed once, now goes without a new review.
    settings.write_text("[hook]\nfail_on = 'critical'\n")
    again = push(repo, env, "origin", "main")
    assert again.returncode == 0, again.stderr
    assert "none of its findings is at or above fail_on = 'critical' now" in again.stderr
    assert len(provider.chats) == 1 and remote_head(remote) != before


def test_no_verify_and_skip_send_nothing(setup, provider, cli) -> None:
    repo, _remote, env = setup
    cli("hook", "install", str(repo))
    commit(repo, "a.txt", "a\n")
    assert push(repo, env, "--no-verify", "origin", "main").returncode == 0
    commit(repo, "b.txt", "b\n")
    assert push(repo, {**env, "REPOVIEW_SKIP": "1"}, "origin", "main").returncode == 0
    assert provider.chats == []


def test_provider_down_lets_the_push_through(setup, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    head = commit(repo, "app.py", "x = 1\n")
    p = push(repo, {**env, "REPOVIEW_BASE_URL": "http://127.0.0.1:9/v1"}, "origin", "main")
    assert p.returncode == 0 and "push not reviewed" in p.stderr
    assert remote_head(remote) == head


def test_strict_mode_stops_when_the_provider_is_down(setup, cli) -> None:
    repo, _remote, env = setup
    (repo / ".repoview.toml").write_text("[hook]\nstrict = true\n")
    cli("hook", "install", str(repo))
    commit(repo, "app.py", "x = 2\n")
    p = push(repo, {**env, "REPOVIEW_BASE_URL": "http://127.0.0.1:9/v1"}, "origin", "main")
    assert p.returncode != 0 and "strict" in p.stderr


def test_missing_key_fails_open(setup, provider, cli) -> None:
    repo, _remote, env = setup
    cli("hook", "install", str(repo))
    commit(repo, "app.py", "x = 3\n")
    env = {k: v for k, v in env.items() if k != "REPOVIEW_API_KEY"}
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0 and "REPOVIEW_API_KEY" in p.stderr and not provider.chats


def test_two_new_branches_deletion_tags_and_force_push(setup, provider, cli) -> None:
    repo, _remote, env = setup
    cli("hook", "install", str(repo))
    git(repo, "checkout", "-q", "-b", "one")
    commit(repo, "one.py", "ONE = 1\n")
    git(repo, "checkout", "-q", "-b", "two", "main")
    commit(repo, "two.py", "TWO = 2\n")
    assert push(repo, env, "origin", "one", "two").returncode == 0
    assert len(provider.chats) == 2
    sent = [c["messages"][1]["content"] for c in provider.chats]
    assert any("+ONE = 1" in s for s in sent) and any("+TWO = 2" in s for s in sent)
    # Deleting a branch reviews nothing.
    assert push(repo, env, "origin", "--delete", "one").returncode == 0
    assert len(provider.chats) == 2
    # A tag on a commit the remote has: nothing new.
    git(repo, "tag", "v1", "two")
    assert push(repo, env, "origin", "v1").returncode == 0
    assert len(provider.chats) == 2
    # A force push reviews what the remote does not have.
    git(repo, "commit", "-q", "--amend", "-m", "rewritten")
    (repo / "two.py").write_text("TWO = 22\n")
    git(repo, "commit", "-qam", "again")
    assert push(repo, env, "-f", "origin", "two").returncode == 0
    assert len(provider.chats) == 3 and "+TWO = 22" in provider.chats[-1]["messages"][1]["content"]


def test_same_range_is_not_reviewed_twice(setup, provider, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    before = remote_head(remote)
    commit(repo, "app.py", "import os\nos.system(input())\n")
    provider.answers.append(ok(findings_json({"severity": "low", "title": "meh"})))
    first = push(repo, env, "--dry-run", "origin", "main")  # the hook runs; the remote stays
    assert first.returncode == 0 and len(provider.chats) == 1
    assert remote_head(remote) == before
    second = push(repo, env, "origin", "main")
    assert second.returncode == 0 and "was reviewed in run" in second.stderr
    assert len(provider.chats) == 1 and remote_head(remote) != before


def test_core_hooks_path(setup, provider, tmp_path: Path, cli) -> None:
    repo, _remote, env = setup
    hooks = tmp_path / "shared-hooks"
    git(repo, "config", "core.hooksPath", str(hooks))
    assert cli("hook", "install", str(repo)).code == 0
    assert (hooks / "pre-push").exists() and not (repo / ".git" / "hooks" / "pre-push").exists()
    commit(repo, "c.py", "C = 3\n")
    assert push(repo, env, "origin", "main").returncode == 0 and len(provider.chats) == 1


def test_existing_hook_is_chained_and_restored(setup, provider, cli) -> None:
    repo, remote, env = setup
    hook = repo / ".git" / "hooks" / "pre-push"
    hook.write_text(
        "#!/bin/sh\ncat > /dev/null\necho previous-hook-ran >&2\n[ -f BLOCK ] && exit 1\nexit 0\n"
    )
    hook.chmod(0o755)
    original = hook.read_text()
    r = cli("hook", "install", str(repo))
    assert "still runs first" in r.out
    commit(repo, "d.py", "D = 4\n")
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0 and "previous-hook-ran" in p.stderr and len(provider.chats) == 1
    (repo / "BLOCK").write_text("")
    before = remote_head(remote)
    commit(repo, "e.py", "E = 5\n")
    assert push(repo, env, "origin", "main").returncode != 0
    assert remote_head(remote) == before and len(provider.chats) == 1
    assert "restored" in cli("hook", "uninstall", str(repo)).out
    assert hook.read_text() == original


def test_install_refuses_nothing_silently_and_force_backs_up(setup, cli) -> None:
    repo, _remote, _env = setup
    hooks = repo / ".git" / "hooks"
    (hooks / "pre-push").write_text("#!/bin/sh\nexit 0\n")
    (hooks / "pre-push.repoview-chained").write_text("#!/bin/sh\nexit 0\n")
    r = cli("hook", "install", str(repo))
    assert r.code == 2 and "--force" in r.err
    assert cli("hook", "install", str(repo), "--force").code == 0
    assert (hooks / "pre-push.repoview-backup").read_text() == "#!/bin/sh\nexit 0\n"


def test_hook_run_without_stdin_does_not_hang(setup, cli) -> None:
    repo, _remote, env = setup
    r = cli("hook", "run", "pre-push", "origin", "x", cwd=repo, env=env)
    assert r.code == 0


def test_pre_commit_variables(setup, provider, cli) -> None:
    repo, remote, env = setup
    base = remote_head(remote)
    head = commit(repo, "f.py", "F = 6\n")
    r = cli(
        "hook",
        "run",
        "pre-push",
        cwd=repo,
        env={
            **env,
            "PRE_COMMIT_FROM_REF": base,
            "PRE_COMMIT_TO_REF": head,
            "PRE_COMMIT_REMOTE_NAME": "origin",
        },
    )
    assert r.code == 0 and "+F = 6" in provider.chats[0]["messages"][1]["content"]


def test_pre_commit_hooks_yaml_is_shipped() -> None:
    text = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text()
    assert "stages: [pre-push]" in text and "entry: repoview hook run pre-push" in text


def test_a_block_ends_when_the_commits_change(setup, provider, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    commit(repo, "app.py", "import os\nos.system(input())\n")
    provider.answers.append(ok(findings_json({"severity": "critical", "title": "Injection"})))
    assert push(repo, env, "origin", "main").returncode != 0
    head = commit(repo, "app.py", "import shlex\n")  # the fix, pushed with the bad commit
    provider.answers.append(ok(findings_json()))
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0 and len(provider.chats) == 2 and remote_head(remote) == head


DOWN = "http://127.0.0.1:9/v1"  # nothing listens there: the provider is down


def stop_a_push(repo: Path, env: dict[str, str], provider: Provider, cli) -> None:  # type: ignore[no-untyped-def]
    """Install the hook and push a commit that a critical finding in app.py stops."""
    cli("hook", "install", str(repo))
    commit(repo, "app.py", "import os\nos.system(input())\n")
    found = {"severity": "critical", "title": "Shell injection", "path": "app.py", "line": 2}
    provider.answers.append(ok(findings_json(found)))
    assert push(repo, env, "origin", "main").returncode != 0


def test_a_commit_on_top_of_a_stopped_push_stays_stopped_while_the_provider_is_down(
    setup, provider, cli
) -> None:
    repo, remote, env = setup
    before = remote_head(remote)
    stop_a_push(repo, env, provider, cli)
    down = {**env, "REPOVIEW_BASE_URL": DOWN}
    # A commit that leaves app.py as it was: nothing could have cleared the finding.
    commit(repo, "notes.txt", "later\n")
    p = push(repo, down, "origin", "main")
    assert p.returncode != 0 and remote_head(remote) == before, p.stderr
    assert "stopped by run 1 for findings in app.py" in p.stderr
    assert "REPOVIEW_SKIP=1" in p.stderr and "pushing anyway" not in p.stderr
    # One that changes it may have: the push goes, warned, as any unreviewed push does.
    head = commit(repo, "app.py", "import shlex\n")
    p = push(repo, down, "origin", "main")
    assert p.returncode == 0 and "push not reviewed" in p.stderr, p.stderr
    assert remote_head(remote) == head and len(provider.chats) == 1


def test_a_block_reviewed_clean_since_does_not_stop_a_push_the_provider_cannot_review(
    setup, provider, cli
) -> None:
    repo, remote, env = setup
    stop_a_push(repo, env, provider, cli)
    # The commits with one more on top are reviewed clean, but the remote refuses the push.
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'maintenance: try later' >&2\nexit 1\n")
    hook.chmod(0o755)
    commit(repo, "guard.py", "ALLOWED = ()\n")
    provider.answers.append(ok(findings_json()))
    refused = push(repo, env, "origin", "main")
    assert refused.returncode != 0 and "maintenance" in refused.stderr
    hook.unlink()
    head = commit(repo, "notes.txt", "later\n")
    down = {**env, "REPOVIEW_BASE_URL": DOWN}
    p = push(repo, down, "origin", "main")
    assert p.returncode == 0 and "push not reviewed" in p.stderr, p.stderr
    assert remote_head(remote) == head and len(provider.chats) == 2


def test_a_clean_range_stacked_on_a_stopped_one_does_not_clear_it(setup, provider, cli) -> None:
    repo, remote, env = setup
    before = remote_head(remote)
    stop_a_push(repo, env, provider, cli)
    # A branch built on the stopped commit, pushed with main: reviewed from main's tip, clean.
    git(repo, "checkout", "-qb", "feature")
    commit(repo, "feature.py", "def feature():\n    return 1\n")
    provider.answers.append(ok(findings_json()))
    assert push(repo, env, "origin", "main", "feature").returncode != 0
    # Alone, with the provider down: its clean review never read the stopped commit.
    down = {**env, "REPOVIEW_BASE_URL": DOWN}
    p = push(repo, down, "origin", "feature")
    assert p.returncode != 0 and "stopped by run 1 for findings in app.py" in p.stderr, p.stderr
    assert remote_head(remote) == before


@pytest.mark.parametrize("annotated", [True, False])
def test_a_tag_is_reviewed_like_a_branch(setup, provider, cli, annotated: bool) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    commit(repo, "app.py", "import os\nos.system(input())\n")
    git(repo, "tag", *(["-a", "-m", "release"] if annotated else []), "v1.0")
    provider.answers.append(
        ok(
            findings_json(
                {"severity": "critical", "title": "Shell injection", "path": "app.py", "line": 2}
            )
        )
    )
    p = push(repo, env, "origin", "v1.0")
    assert p.returncode != 0 and "push stopped" in p.stderr
    assert "+os.system(input())" in provider.chats[0]["messages"][1]["content"]
    assert "v1.0" not in git(remote, "tag")


def test_an_unreadable_answer_is_not_reviewed_and_not_remembered(setup, provider, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    head = commit(repo, "app.py", "import os\nos.system(input())\n")
    provider.answers.append(ok("I had a look and it seems mostly fine to me."))
    first = push(repo, env, "--dry-run", "origin", "main")
    assert first.returncode == 0 and "not reviewed" in first.stderr
    assert "0 findings" not in first.stderr
    provider.answers.append(ok(findings_json({"severity": "critical", "title": "Injection"})))
    second = push(repo, env, "origin", "main")  # reviewed again, and this time it counts
    assert second.returncode != 0 and len(provider.chats) == 2 and remote_head(remote) != head


@pytest.mark.parametrize(
    "answer",
    [Answer(hang=True), Answer(keepalive_every=0.2)],
    ids=["never-answers", "keep-alives-forever"],
)
def test_a_stuck_provider_ends_at_the_deadline(setup, provider, cli, answer: Answer) -> None:
    repo, remote, env = setup
    (repo / ".repoview.toml").write_text("[hook]\ntimeout = 2\n")
    git(repo, "add", ".repoview.toml")
    cli("hook", "install", str(repo))
    head = commit(repo, "app.py", "x = 1\n")
    provider.answers.extend([answer] * 3)
    start = time.monotonic()
    p = push(repo, env, "origin", "main")
    assert time.monotonic() - start < 30  # 2 s of deadline, plus git and Python start-up
    assert p.returncode == 0 and remote_head(remote) == head
    warning = [line for line in p.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "[hook] timeout of 2 s" in warning[0]
    # The prompt was sent and the model kept it: the run counts it, as it is likely billed.
    run = cli("runs", env=env).out.splitlines()[1].split()
    assert run[4] == "failed" and int(run[6].replace(",", "")) > 0 and run[7].startswith("$")
    # ...and the push says so, and counts it among this month's pushes, after the warning.
    assert f"this push: {run[7]} for {run[6]} tokens in" in p.stderr
    assert "this month's pushes: " + run[7] + " over 1 review" in p.stderr
    assert p.stderr.index("warning") < p.stderr.index("this push: ")


def test_a_wait_the_provider_asks_for_past_the_deadline_is_said(setup, provider, cli) -> None:
    repo, remote, env = setup
    (repo / ".repoview.toml").write_text("[hook]\ntimeout = 10\n")
    git(repo, "add", ".repoview.toml")
    cli("hook", "install", str(repo))
    head = commit(repo, "app.py", "x = 1\n")
    limited = {"message": "rate limited", "type": "rate_limit_reached_error"}
    provider.answers.append(Answer(status=429, error=limited, headers={"Retry-After": "60"}))
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0 and remote_head(remote) == head
    (warning,) = [line for line in p.stderr.splitlines() if "warning" in line]
    assert "[hook] timeout of 10 s (last: " not in warning, warning
    assert "HTTP 429" in warning and "the wait before another attempt is 60 s" in warning


@pytest.mark.parametrize(
    "toml, key",
    [
        ('timeout = "abc"', "timeout"),
        ('budget = "lots"', "budget"),
        ('enabled = "false"', "enabled"),
        ("fail_on = 3", "fail_on"),
        ("strict = 1", "strict"),
    ],
)
def test_bad_hook_settings_are_named_and_the_push_goes(
    setup, provider, cli, toml: str, key: str
) -> None:
    repo, remote, env = setup
    (repo / ".repoview.toml").write_text(f"[hook]\n{toml}\n")
    installed = cli("hook", "install", str(repo))
    assert installed.code == 0 and f"[hook] {key}" in installed.err  # said at install too
    head = commit(repo, "app.py", "x = 4\n")
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0 and remote_head(remote) == head
    [line] = [x for x in p.stderr.splitlines() if x.startswith("repoview")]
    assert f"[hook] {key}" in line and "push not reviewed" in line and not provider.chats


def test_a_very_deep_tree_is_reviewed(setup, provider, cli) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    deep = repo.joinpath(*["d"] * 500)  # deeper than Python's recursion limit
    deep.mkdir(parents=True)
    (deep / "f.txt").write_text("x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "deep")
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0 and "internal error" not in p.stderr, p.stderr
    assert remote_head(remote) == git(repo, "rev-parse", "HEAD").strip()
    assert "d/" * 499 + "d/f.txt" in provider.chats[0]["messages"][1]["content"]


def test_internal_errors_fail_open(setup, provider, cli, tmp_path: Path) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    # A bug inside the review (here: packing raises), planted in the hook's interpreter.
    plant = tmp_path / "plant"
    plant.mkdir()
    (plant / "sitecustomize.py").write_text(
        "import repoview.packer\n"
        "def broken(*a, **k):\n"
        "    raise KeyError('planted')\n"
        "repoview.packer.build_pack = broken\n"
    )
    env = {**env, "PYTHONPATH": str(plant)}
    head = commit(repo, "app.py", "x = 6\n")
    p = push(repo, env, "origin", "main")
    warnings = [x for x in p.stderr.splitlines() if x.startswith("repoview: warning")]
    assert p.returncode == 0 and len(warnings) == 1, p.stderr
    assert "internal error (" in warnings[0] and "push not reviewed" in warnings[0]
    assert "Traceback" not in p.stderr and remote_head(remote) == head and not provider.chats


def test_an_interpreter_without_repoview_lets_the_push_through(
    setup, provider, cli, tmp_path: Path
) -> None:
    # The venv the hook was installed from, rebuilt without repoview: Python exits 1 ("No
    # module named repoview"), which the hook must not read as findings.
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    bare = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    shim = repo / ".git" / "hooks" / "pre-push"
    text = shim.read_text()
    (line,) = [x for x in text.splitlines() if x.startswith("python=")]
    shim.write_text(text.replace(line, f"python={bare / 'bin' / 'python'}"))
    env = {**env, "PATH": str(bare / "bin") + os.pathsep + "/usr/bin:/bin"}
    head = commit(repo, "app.py", "x = 7\n")
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0, p.stderr
    assert "No module named repoview" in p.stderr
    assert "repoview: warning: the review failed (exit 1); push not reviewed" in p.stderr
    assert remote_head(remote) == head and not provider.chats


def test_a_corrupt_object_is_left_out_of_the_review(setup, provider, cli) -> None:
    repo, _remote, env = setup
    cli("hook", "install", str(repo))
    oid = git(repo, "rev-parse", "HEAD:README.md").strip()  # on the remote already
    loose = repo / ".git" / "objects" / oid[:2] / oid[2:]
    loose.chmod(0o644)
    loose.write_bytes(b"garbage")
    commit(repo, "app.py", "x = 5\n")
    p = push(repo, env, "origin", "main")
    # The change is reviewed; the file git cannot read is left out (its text is lost).
    assert p.returncode == 0 and "Traceback" not in p.stderr and len(provider.chats) == 1
    sent = provider.chats[0]["messages"][1]["content"]
    assert "+x = 5" in sent and "1 file was left out" in sent and "# App" not in sent


def test_a_push_is_sized_to_the_change(setup, provider, cli) -> None:
    """By default the hook sends at most a quarter of the window, the change in full."""
    repo, _remote, env = setup
    for i in range(40):  # about 40k tokens: more than the window below holds
        body = "".join(
            f"def f{i}_{j}(x):\n    # step {j} of module {i}\n    return x * {j} + {i}\n\n"
            for j in range(60)
        )
        (repo / f"mod{i}.py").write_text(body)
    (repo / "user.py").write_text("from mod7 import f7_1\n\nprint(f7_1(2))\n")
    (repo / ".repoview.toml").write_text(
        '[hook]\nmodel = "tiny"\n\n[models.tiny]\ncontext = 40000\n'
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "modules")
    git(repo, "push", "-q", "origin", "main")
    cli("hook", "install", str(repo))
    changed = (repo / "mod7.py").read_text().replace("x * 1 + 7", "x * 1 + 8")
    commit(repo, "mod7.py", changed)
    env = {k: v for k, v in env.items() if k != "REPOVIEW_MODEL"}  # it would beat the file
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0, p.stderr
    counter = TokenCounter("o200k_base")
    sent = sum(counter.count(m["content"]) for m in provider.chats[0]["messages"])
    assert sent <= 40000 // 4
    user = provider.chats[0]["messages"][1]["content"]
    assert "print(f7_1(2))" in user  # the changed file's neighbour
    # The changed file in full: its new text, or (a small change to a file the base pack
    # shows in full) its old text and the diff's line.
    old = changed.replace("x * 1 + 8", "x * 1 + 7")
    assert changed in user or (old in user and "+    return x * 1 + 8" in user)


def test_hook_settings_check_types_and_name_the_closest_key(tmp_path: Path) -> None:
    from repoview.settings import resolve

    def hook_settings(toml: str, user: bool = False) -> HookSettings:
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        (home / "config.toml").write_text(toml if user else "")
        (tmp_path / ".repoview.toml").write_text("" if user else toml)
        return HookSettings.from_settings(resolve(tmp_path, {}, {"REPOVIEW_HOME": str(home)}))

    s = hook_settings("[hook]\ntimeout = 30\nbudget = '50k'\nenabled = false\n", user=True)
    assert (s.timeout, s.budget, s.enabled) == (30.0, 50_000, False)
    assert hook_settings("[hook]\nbudget = 'window'\n").budget == "window"
    for toml, needle in [
        ("[hook]\nfail-on = 'high'", "did you mean 'hook.fail_on'?"),
        ("[hook]\ntimeout = true", "timeout must be a number"),
        ("[hook]\ntimeout = -1", "timeout must be a number"),
        ("[hook]\nbudget = 'lots'", "invalid budget 'lots'"),
        ("[hook]\nbudget = 0", "invalid budget 0"),
    ]:
        with pytest.raises(ConfigError, match=re.escape(needle)):
            hook_settings(toml)
    for user in (True, False):  # a bad value is an error, whoever wrote it
        with pytest.raises(ConfigError, match="enabled must be true or false"):
            hook_settings("[hook]\nenabled = 'false'\n", user=user)
    # A repository file cannot switch the hook off, whatever it writes.
    assert hook_settings("[hook]\nenabled = false\n").enabled is True


def test_the_default_budget_is_a_quarter_of_the_window() -> None:
    kimi = find_model("kimi-k2.6", registry())
    default = pack_budget(HookSettings(), kimi)
    assert default is not None and default + PROMPT_ROOM == kimi.context // 4
    assert pack_budget(HookSettings(budget="window"), kimi) is None  # the model's budget
    assert pack_budget(HookSettings(budget=30_000), kimi) == 30_000


def test_a_finding_in_a_file_the_push_did_not_touch_is_shown_and_lets_the_push_go(
    setup, provider, cli
) -> None:
    # No edit of the pushed commits could clear it: counted, it would stop every push of
    # this branch until the file is changed by some other commit.
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    head = commit(repo, "app.py", "def add(a, b):\n    return a + b + 0\n")
    elsewhere = {"severity": "critical", "title": "Old typo", "path": "README.md", "line": 1}
    provider.answers.append(ok(findings_json(elsewhere)))
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0, p.stderr
    assert "  [critical] README.md:1 Old typo (a file the change did not touch)" in p.stderr
    assert remote_head(remote) == head
    # The same finding in the file the push changes stops it.
    commit(repo, "app.py", "def add(a, b):\n    return a + b + 1\n")
    inside = {"severity": "critical", "title": "Adds one", "path": "app.py", "line": 2}
    provider.answers.append(ok(findings_json(inside)))
    p = push(repo, env, "origin", "main")
    assert p.returncode != 0 and "push stopped" in p.stderr, p.stderr
    assert remote_head(remote) == head


def test_a_finding_the_pack_does_not_hold_is_shown_flagged_and_lets_the_push_go(
    setup, provider, cli
) -> None:
    repo, remote, env = setup
    cli("hook", "install", str(repo))
    head = commit(repo, "app.py", "import os\nos.system(input())\n")
    ghost = {"severity": "critical", "title": "Made up", "path": "src/ghost.c", "line": 3}
    provider.answers.append(ok(findings_json(ghost)))
    p = push(repo, env, "origin", "main")
    assert p.returncode == 0, p.stderr
    assert "  [critical] src/ghost.c Made up (path not in the pack; said at line " in p.stderr
    assert (
        "repoview: 1 finding(s) at or above 'critical' name a path not in the pack or a file the "
        "change leaves as it was: reported, "
        "not counted for [hook] fail_on"
    ) in p.stderr
    assert remote_head(remote) == head
