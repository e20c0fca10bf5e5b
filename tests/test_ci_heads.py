"""What `repoview ci` reviews and posts when the branches move: a pull request's own change
from where it left its base, and nothing posted by a job whose head is no longer the
request's."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import git
from .forge import FakeGitHub, FakeGitLab
from .provider import findings_json, ok
from .test_ci_unchanged_head import (
    BASE_APP,
    GH_TOKEN,
    GL_TOKEN,
    gh_env,
    gl_env,
    new_commit,
)

FINDING = {
    "severity": "high",
    "category": "bug",
    "title": "Multiplies by five",
    "path": "app.py",
    "line": 6,
    "body": "The factor changed.",
}


def test_github_reviews_the_pull_requests_own_change_after_its_base_moved_on(
    make_repo, provider, tmp_path, cli
) -> None:
    # The event's base is the base branch's tip: once main gains a commit after the branch
    # left it, `base..head` shows that commit undone, as if the pull request reverted it.
    repo = make_repo({"app.py": BASE_APP, "README.md": "# CI\n"})
    fork = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-qb", "feature")
    (repo / "app.py").write_text(BASE_APP.replace("return x", "return x * 5", 1))
    git(repo, "commit", "-qam", "the pull request's change")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", fork)
    (repo / "NEWS.md").write_text("MAIN GAINED THIS AFTER THE BRANCH LEFT IT\n")
    git(repo, "add", "NEWS.md")
    git(repo, "commit", "-qm", "main moves on")
    tip = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", head)
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
    try:
        provider.responder = lambda _req: ok(findings_json())
        r = cli("ci", cwd=repo, env=gh_env(tip, head, gh, provider.url, tmp_path))
        assert r.code == 0, r.err
        sent = provider.chats[0]["messages"][-1]["content"]
        assert "return x * 5" in sent
        assert "MAIN GAINED" not in sent and "NEWS.md" not in sent
    finally:
        gh.close()


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_a_job_for_an_older_head_posts_nothing(change_app, provider, tmp_path, cli, forge) -> None:
    repo, base, head = change_app
    older, newer = head, new_commit(repo)
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server, env = forge_for(forge, repo, base, older, provider.url, tmp_path)
    try:
        # The head moves while the model answers (a push during a slow review): the review
        # is not posted over the newer head's, on lines that have moved.
        def moved(_req):  # type: ignore[no-untyped-def]
            _move(server, newer)
            return ok(findings_json(FINDING))

        provider.responder = moved
        r = cli("ci", cwd=repo, env=env)
        assert r.code == 0, r.err
        assert len(provider.chats) == 1
        writes = [q for q in server.requests if q[0] in ("POST", "PUT", "PATCH")]
        assert writes == [], writes
        assert f"head is now {newer[:12]}" in r.err and "nothing posted" in r.err
        # A job started for that older head once the request has moved on (a re-run) is
        # not paid for at all.
        r = cli("ci", cwd=repo, env=env)
        assert r.code == 0, r.err
        assert len(provider.chats) == 1 and "not reviewed" in r.err
        assert [q for q in server.requests if q[0] in ("POST", "PUT", "PATCH")] == []
    finally:
        server.close()


def forge_for(
    forge: str, repo: Path, base: str, head: str, url: str, tmp: Path
) -> tuple[FakeGitHub | FakeGitLab, dict[str, str]]:
    """A GitHub or GitLab stand-in for a request whose head is `head`, and the job's variables
    (lines 1-11 of app.py in the diff)."""
    if forge == "github":
        gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
        gh.valid_lines = {("app.py", n) for n in range(1, 12)}
        return gh, gh_env(base, head, gh, url, tmp)
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab(GL_TOKEN, "42", 3, refs, repo=repo)
    return gl, gl_env(base, head, gl, url)


def _move(server: FakeGitHub | FakeGitLab, head: str) -> None:
    if isinstance(server, FakeGitHub):
        server.head = head
    else:
        server.refs = {**server.refs, "head_sha": head}


@pytest.fixture
def change_app(make_repo) -> tuple[Path, str, str]:
    repo = make_repo({"app.py": BASE_APP, "README.md": "# CI\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    lines = BASE_APP.split("\n")
    lines[5] = "    return x * 5  # changed"
    (repo / "app.py").write_text("\n".join(lines))
    git(repo, "commit", "-qam", "change f1")
    return repo, base, git(repo, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_an_answer_that_is_no_json_is_one_line_and_a_summary_that_landed_is_not_doubled(
    change_app, provider, tmp_path, cli, forge
) -> None:
    repo, base, head = change_app
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server, env = forge_for(forge, repo, base, head, provider.url, tmp_path)
    comments = r"/issues/7/comments$" if forge == "github" else r"/notes$"
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    try:
        # A proxy's page where the comments' listing should be: one line, exit 3.
        server.fail("GET", comments, 200, raw=page, times=10)
        r = cli("ci", cwd=repo, env=env)
        assert r.code == 3, r.err
        said = [line for line in r.err.splitlines() if "no JSON" in line]
        assert said and "text/html" in said[0], r.err
        assert "Traceback" not in r.err and "internal error" not in r.err
        server.faults.clear()
        # The summary's post lands but its answer is cut short: looked for, not posted twice.
        server.fail("POST", comments, 200, raw=b'{"id": 9', land=True)
        r = cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "1"})
        assert r.code == 0, r.err
        bodies = server.issue_comments if isinstance(server, FakeGitHub) else server.notes
        assert sum("<!-- repoview:summary -->" in c["body"] for c in bodies) == 1
    finally:
        server.close()


def test_a_spent_rate_limit_is_waited_out_until_it_resets(
    change_app, provider, tmp_path, cli
) -> None:
    import time

    repo, base, head = change_app
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server = FakeGitHub(GH_TOKEN, "octo/app", 7)
    try:
        # GitHub's primary rate limit: a 403 with no Retry-After, the reset as epoch seconds.
        # (the reset three seconds after the request, however long the review before it took)
        spent = {
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": lambda: str(int(time.time()) + 3),
        }
        server.fail("GET", r"/issues/7/comments$", 403, headers=spent, times=1)
        r = cli("ci", cwd=repo, env=gh_env(base, head, server, provider.url, tmp_path))
        assert r.code == 0, r.err
        [waited] = [line for line in r.err.splitlines() if "HTTP 403" in line]
        seconds = int(waited.rsplit("in ", 1)[1].split()[0])
        assert 2 <= seconds <= 4, waited  # (to the reset, not the 1 s of a first retry)
        # A limit spent for longer than a job waits: said in one line, with when it resets.
        later = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 3600)}
        server.fail("GET", r"/issues/7/comments$", 403, headers=later, times=1)
        r = cli(
            "ci",
            cwd=repo,
            env={**gh_env(base, head, server, provider.url, tmp_path), "REPOVIEW_CI_FORCE": "1"},
        )
        assert r.code == 3, r.err
        assert "rate limit is spent; it resets in 60 min" in r.err, r.err
    finally:
        server.close()


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_a_persons_edit_and_resolution_are_left_as_they_are(
    change_app, provider, tmp_path, cli, forge
) -> None:
    repo, base, head = change_app
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server, env = forge_for(forge, repo, base, head, provider.url, tmp_path)
    try:
        assert cli("ci", cwd=repo, env=env).code == 0
        # A maintainer adds a note to the comment (its marker kept) and resolves its thread.
        if isinstance(server, FakeGitHub):
            [comment] = server.review_comments
            [thread] = server.threads
            thread["isResolved"], thread["resolvedBy"] = True, {"login": "maintainer"}
        else:
            [discussion] = server.discussions
            comment = discussion["notes"][0]
            comment["resolved"], comment["resolved_by"] = True, {"id": 5}
        comment["body"] = comment["body"].replace(
            "The factor changed.", "The factor changed. (maintainer: on purpose, see #12)"
        )
        edited_body = comment["body"]
        # The next run words the finding a little differently: the comment keeps the
        # maintainer's words, and its thread stays resolved.
        reworded = {**FINDING, "body": "The factor is five now."}
        provider.responder = lambda _req: ok(findings_json(reworded))
        r = cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "1"})
        assert r.code == 0, r.err
        assert comment["body"] == edited_body
        assert "1 left as a person edited them" in r.err, r.err
        if isinstance(server, FakeGitHub):
            assert thread["isResolved"] and len(server.review_comments) == 1
        else:
            assert comment["resolved"] and len(server.discussions) == 1
    finally:
        server.close()


def test_a_token_that_may_not_write_names_the_role_it_needs(
    change_app, provider, tmp_path, cli
) -> None:
    repo, base, head = change_app
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server, env = forge_for("gitlab", repo, base, head, provider.url, tmp_path)
    try:
        server.fail("POST", r"/(notes|discussions)$", 403, times=10)
        r = cli("ci", cwd=repo, env=env)
        assert r.code == 3, r.err
        [said] = [line for line in r.err.splitlines() if "HTTP 403" in line and "error" in line]
        assert "may read the merge request but not write" in said and "Reporter" in said
    finally:
        server.close()


# Where each forge's inline comments are posted to.
_POSTING = {"github": "/pulls/7/reviews", "gitlab": "/discussions"}


def _only_inline_comment(server: FakeGitHub | FakeGitLab) -> dict:  # type: ignore[type-arg]
    """The one inline comment on the request (a test fails if there are more)."""
    if isinstance(server, FakeGitHub):
        [kept] = server.review_comments
        return kept
    [discussion] = server.discussions
    return discussion["notes"][0]


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_two_runs_on_one_head_leave_each_inline_comment_once(
    change_app, provider, tmp_path, cli, forge
) -> None:
    repo, base, head = change_app
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server, env = forge_for(forge, repo, base, head, provider.url, tmp_path)
    posting = _POSTING[forge]
    route = server.route
    twin = {"made": False}

    def concurrent(method, path, query, body):  # type: ignore[no-untyped-def]
        # Another run on the same head posts the same finding a moment before this one.
        if method == "POST" and path.endswith(posting) and not twin["made"]:
            twin["made"] = True
            route(method, path, query, body)
        return route(method, path, query, body)

    server.route = concurrent  # type: ignore[method-assign]
    try:
        r = cli("ci", cwd=repo, env=env)
        assert r.code == 0, r.err
        assert twin["made"] and "deleted 1 inline comment(s) a concurrent run posted" in r.err
        kept = _only_inline_comment(server)
        assert "Multiplies by five" in kept["body"]
        # The first made is the one kept: the other run, deciding the same, keeps it too.
        [deleted] = [int(q[1].rsplit("/", 1)[1]) for q in server.requests if q[0] == "DELETE"]
        assert kept["id"] < deleted
    finally:
        server.close()


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_a_post_that_landed_twice_after_the_run_is_left_once_by_the_next(
    change_app, provider, tmp_path, cli, forge
) -> None:
    repo, base, head = change_app
    provider.responder = lambda _req: ok(findings_json(FINDING))
    server, env = forge_for(forge, repo, base, head, provider.url, tmp_path)
    posting = _POSTING[forge]
    route = server.route
    late: list[tuple[str, str, dict[str, list[str]], object]] = []

    def recorded(method, path, query, body):  # type: ignore[no-untyped-def]
        if method == "POST" and path.endswith(posting) and not late:
            late.append((method, path, query, body))
        return route(method, path, query, body)

    server.route = recorded  # type: ignore[method-assign]
    try:
        r = cli("ci", cwd=repo, env=env)
        assert r.code == 0, r.err
        # A gateway's retry of that post lands once the run has listed for the last time.
        route(*late[0])
        r = cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "1"})
        assert r.code == 0, r.err
        assert "deleted 1 inline comment(s) posted twice" in r.err
        assert "1 kept" in r.err and "0 resolved" in r.err
        kept = _only_inline_comment(server)
        assert "Multiplies by five" in kept["body"]
    finally:
        server.close()
