"""`repoview ci` run again on a head it already reviewed, against the GitHub and GitLab
stand-ins and the provider stand-in; and what a summary says when the review failed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from repoview.ci.text import MARKER, Stamp, neutralise, parse_stamp, summary_comment
from repoview.keys import seal_key

from .conftest import git
from .forge import FakeGitHub, FakeGitLab
from .provider import Answer, findings_json, ok

KEY = "sk-ci-test-0123456789abcdef0123"
SEAL = seal_key({"REPOVIEW_API_KEY": KEY})  # what the job seals its stamps with
GH_TOKEN = "ghs_citoken0123456789abcdefABCDEF012345"
GL_TOKEN = "glpat-token-for-tests-0123"
SUMMARY = "<!-- repoview:summary -->"
BASE_APP = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(20))
HIGH = {
    "severity": "high",
    "category": "bug",
    "title": "Multiplies",
    "path": "app.py",
    "line": 6,
    "body": "was addition",
}
LOW = {"severity": "low", "category": "style", "title": "Naming", "path": "app.py", "line": 2}


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


def new_commit(repo: Path) -> str:
    with (repo / "app.py").open("a") as fh:
        fh.write("def g(x):\n    return x - 1\n")
    git(repo, "commit", "-qam", "add g")
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def github():
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
    gh.valid_lines = {("app.py", n) for n in range(1, 10)}
    yield gh
    gh.close()


@pytest.fixture
def gitlab(change):
    repo, base, head = change
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab(GL_TOKEN, "42", 3, refs, repo=repo)
    yield gl
    gl.close()


def gh_env(base: str, head: str, gh: FakeGitHub, url: str, tmp: Path) -> dict[str, str]:
    """What Actions sets for a pull_request event (a re-run reads the same payload)."""
    event = tmp / f"event-{head[:8]}.json"
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
        "REPOVIEW_BASE_URL": url,
        "REPOVIEW_API_KEY": KEY,
    }


def gl_env(base: str, head: str, gl: FakeGitLab, url: str) -> dict[str, str]:
    """What GitLab CI sets in a merge request pipeline."""
    return {
        "GITLAB_CI": "true",
        "CI_API_V4_URL": f"{gl.url}/api/v4",
        "CI_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_IID": "3",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_COMMIT_SHA": head,
        "GITLAB_TOKEN": GL_TOKEN,
        "REPOVIEW_BASE_URL": url,
        "REPOVIEW_API_KEY": KEY,
    }


def ours(bodies: list[dict]) -> list[str]:
    return [c["body"] for c in bodies if SUMMARY in c["body"]]


# -- a run on a new head edits the summary it found --------------------------------------------

GENERAL = {"severity": "info", "category": "design", "title": "Consider tests"}


def test_a_new_head_lists_the_summary_once_and_a_deleted_one_is_posted_again(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    provider.responder = lambda _req: ok(findings_json(GENERAL, summary="First."))
    assert cli("ci", cwd=repo, env=gh_env(base, head, github, provider.url, tmp_path)).code == 0
    github.requests.clear()
    provider.responder = lambda _req: ok(findings_json(GENERAL, summary="Second."))
    env = gh_env(base, new_commit(repo), github, provider.url, tmp_path)
    assert cli("ci", cwd=repo, env=env).code == 0
    listing = [q for q in github.requests if q[0] == "GET" and q[1].endswith("/issues/7/comments")]
    # Every page once: the comment the run found at its start is edited in place.
    assert len(listing) == -(-len(github.issue_comments) // github.page_size) > 1
    [mine] = [c for c in github.issue_comments if SUMMARY in c["body"]]
    assert "Second." in mine["body"]

    # Someone deletes the summary while the model answers: the run posts it again, once.
    def answer_after_deleting(_req: dict) -> Answer:
        github.issue_comments[:] = [c for c in github.issue_comments if c is not mine]
        return ok(findings_json(GENERAL, summary="Third."))

    provider.responder = answer_after_deleting
    r = cli("ci", cwd=repo, env=gh_env(base, new_commit(repo), github, provider.url, tmp_path))
    assert r.code == 0, r.err
    [again] = [c for c in github.issue_comments if SUMMARY in c["body"]]
    assert "Third." in again["body"] and again["id"] != mine["id"]


def test_gitlab_new_head_lists_the_notes_once(change, gitlab, provider, cli) -> None:
    repo, base, head = change
    provider.responder = lambda _req: ok(findings_json(GENERAL, summary="First."))
    assert cli("ci", cwd=repo, env=gl_env(base, head, gitlab, provider.url)).code == 0
    gitlab.requests.clear()
    provider.responder = lambda _req: ok(findings_json(GENERAL, summary="Second."))
    newer = new_commit(repo)
    gitlab.refs = {**gitlab.refs, "head_sha": newer}  # (the merge request moves on)
    r = cli("ci", cwd=repo, env=gl_env(base, newer, gitlab, provider.url))
    assert r.code == 0, r.err
    listing = [q for q in gitlab.requests if q[0] == "GET" and q[1].endswith("/notes")]
    assert len(listing) == -(-len(gitlab.notes) // gitlab.page_size) > 1
    assert ours(gitlab.notes) == [ours(gitlab.notes)[0]] and "Second." in ours(gitlab.notes)[0]


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_two_runs_at_once_leave_one_summary(
    change, github, gitlab, provider, tmp_path, cli, forge
) -> None:
    """Two jobs on one pull request at once each find no summary and each post one: the
    first one posted stays, with the later run's text, and the twin is deleted."""
    repo, base, head = change
    if forge == "github":
        env, comments = gh_env(base, head, github, provider.url, tmp_path), github.issue_comments
        me, author = github.me, "user"
    else:
        env, comments = gl_env(base, head, gitlab, provider.url), gitlab.notes
        me, author = gitlab.me, "author"

    def answer_while_another_run_posts(_req: dict) -> Answer:
        # (the other job, the same token's user, posts its summary while this one waits)
        comments.append({"id": 90, "body": f"{SUMMARY}\nthe other run", author: me})
        return ok(findings_json(GENERAL, summary="This run."))

    provider.responder = answer_while_another_run_posts
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    mine = [c for c in comments if SUMMARY in c["body"]]
    assert [c["id"] for c in mine] == [90] and "This run." in mine[0]["body"]
    assert "a concurrent run's twin" in r.err


# -- a failed review says why once ----------------------------------------------------------


def test_a_provider_failure_is_said_once_in_the_summary(change, github, tmp_path, cli) -> None:
    repo, base, head = change
    (repo / ".repoview.toml").write_text("[ci]\nretries = 0\n")
    env = gh_env(base, head, github, "http://127.0.0.1:9/v1", tmp_path)
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    [body] = ours(github.issue_comments)
    assert body.count("nothing is listening at http://127.0.0.1:9/v1") == 1, body
    assert body.count("could not review this change") == 1
    # The job summary, made from the report itself, still says it.
    assert "nothing is listening" in (tmp_path / "summary.md").read_text()


def test_an_empty_change_is_said_once_in_the_summary(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, _head = change
    git(repo, "revert", "--no-edit", "HEAD")
    undone = git(repo, "rev-parse", "HEAD").strip()
    r = cli("ci", cwd=repo, env=gh_env(base, undone, github, provider.url, tmp_path))
    assert r.code == 0, r.err
    [body] = ours(github.issue_comments)
    assert body.count("is empty") == 1, body


# -- an unchanged head is not paid for twice ------------------------------------------------


def test_github_second_run_on_the_same_head_sends_nothing(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(base, head, github, provider.url, tmp_path)
    provider.responder = lambda _req: ok(findings_json(HIGH, LOW, summary="First look."))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert len(provider.chats) == 1
    [first] = ours(github.issue_comments)
    writes = [q for q in github.requests if q[0] in ("POST", "PATCH", "PUT")]
    sent = len(provider.requests)
    # A re-run of the job (or a label edit that triggers it) on the same head.
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert len(provider.requests) == sent  # the model is not asked again
    assert [q for q in github.requests if q[0] in ("POST", "PATCH", "PUT")] == writes
    assert ours(github.issue_comments) == [first] and len(github.review_comments) == 1
    [said] = [line for line in r.err.splitlines() if "reviewed already" in line]
    url = next(c["html_url"] for c in github.issue_comments if SUMMARY in c["body"])
    assert head[:12] in said and url in said and "REPOVIEW_CI_FORCE=1" in said
    assert url in (tmp_path / "summary.md").read_text()
    # The switch reviews the same head again.
    r = cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "1"})
    assert r.code == 0, r.err
    assert len(provider.chats) == 2
    # A new commit is a new review.
    newer = new_commit(repo)
    r = cli("ci", cwd=repo, env=gh_env(base, newer, github, provider.url, tmp_path))
    assert r.code == 0, r.err
    assert len(provider.chats) == 3
    assert parse_stamp(ours(github.issue_comments)[0], SEAL).head == newer  # type: ignore[union-attr]


def test_gitlab_second_run_on_the_same_head_sends_nothing(change, gitlab, provider, cli) -> None:
    repo, base, head = change
    env = gl_env(base, head, gitlab, provider.url)
    provider.responder = lambda _req: ok(findings_json(HIGH))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 1 and len(gitlab.discussions) == 1
    [first] = ours(gitlab.notes)
    writes = [q for q in gitlab.requests if q[0] in ("POST", "PUT")]
    sent = len(provider.requests)
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert len(provider.requests) == sent
    assert [q for q in gitlab.requests if q[0] in ("POST", "PUT")] == writes
    assert ours(gitlab.notes) == [first]
    note = next(n["id"] for n in gitlab.notes if SUMMARY in n["body"])
    assert f"{gitlab.web_url}#note_{note}" in r.err and "REPOVIEW_CI_FORCE=1" in r.err
    r = cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "true"})
    assert r.code == 0, r.err
    assert len(provider.chats) == 2
    newer = new_commit(repo)
    gitlab.refs = {**gitlab.refs, "head_sha": newer}  # (the merge request moves on)
    assert cli("ci", cwd=repo, env=gl_env(base, newer, gitlab, provider.url)).code == 0
    assert len(provider.chats) == 3
    assert cli("ci", cwd=repo, env=gl_env(base, newer, gitlab, provider.url)).code == 0
    assert len(provider.chats) == 3


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_fail_on_fails_the_second_run_as_it_did_the_first(
    forge, change, github, gitlab, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    outputs = tmp_path / "outputs"
    env = (
        gh_env(base, head, github, provider.url, tmp_path)
        if forge == "github"
        else gl_env(base, head, gitlab, provider.url)
    ) | {"GITHUB_OUTPUT": str(outputs)}
    provider.responder = lambda _req: ok(findings_json(HIGH, LOW, HIGH | {"line": 7}))
    sarif = str(tmp_path / "out.sarif")
    r = cli("ci", "--fail-on", "high", "--sarif", sarif, cwd=repo, env=env)
    assert r.code == 1, r.err
    sent = len(provider.requests)
    outputs.unlink(missing_ok=True)
    r = cli("ci", "--fail-on", "high", "--sarif", sarif, cwd=repo, env=env)
    assert r.code == 1, r.err
    assert "2 finding(s) at or above 'high'" in r.err
    assert len(provider.requests) == sent
    if forge == "github":  # the Action's step outputs
        got = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
        assert (got["reviewed"], got["findings"], got["highest-severity"]) == ("true", "3", "high")
        assert got["sarif"] == ""  # not written this time: an upload step has nothing to take
    # The threshold is the one asked now, over the findings of that review.
    assert cli("ci", "--fail-on", "critical", cwd=repo, env=env).code == 0
    assert cli("ci", cwd=repo, env=env).code == 0
    assert cli("ci", "--fail-on", "low", cwd=repo, env=env).code == 1
    assert len(provider.requests) == sent


def test_a_review_with_other_settings_or_model_is_made(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(base, head, github, provider.url, tmp_path)
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 1
    config = Path(env["GITHUB_STEP_SUMMARY"]).parent / "home"
    config.mkdir()
    env["REPOVIEW_HOME"] = str(config)
    # Retries and time limits change no prompt: still the same review.
    (config / "config.toml").write_text("[ci]\nretries = 1\n")
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 1
    (config / "config.toml").write_text('[ci]\nretries = 1\nbudget = "100k"\n')
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 2
    assert cli("ci", "--model", "moonshot-v1-128k", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 3
    assert cli("ci", "--model", "moonshot-v1-128k", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 3


def test_a_failed_review_is_tried_again(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    env = gh_env(base, head, github, provider.url, tmp_path)
    provider.responder = lambda _req: ok("Sorry, I cannot help with that.")
    cli("ci", cwd=repo, env=env)
    assert len(provider.chats) == 1
    provider.responder = lambda _req: ok(findings_json(HIGH))
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 2
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 2


# -- only the bot's own, untouched summary counts -------------------------------------------


def test_a_stamp_in_another_users_comment_is_not_trusted(
    change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(base, head, github, provider.url, tmp_path)
    assert cli("ci", cwd=repo, env=env).code == 0
    # Someone copies the summary word for word, and the bot's own is deleted.
    mine = next(c for c in github.issue_comments if SUMMARY in c["body"])
    github.issue_comments.remove(mine)
    github.issue_comments.append({"id": 5, "body": mine["body"], "user": {"login": "mallory"}})
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 2


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: b.replace("No findings.", "Nothing to see."),  # the text under it
        lambda b: b.replace('"v": 1', '"v": 2'),  # a stamp of another version
        lambda b: b.replace('{"base"', '{"base"::'),  # not JSON
        lambda b: b.replace("\n<!-- repoview:reviewed", "\n\n<!-- repoview:reviewed"),  # moved
    ],
)
def test_an_edited_or_malformed_stamp_means_review_again(
    edit, change, github, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = gh_env(base, head, github, provider.url, tmp_path)
    assert cli("ci", cwd=repo, env=env).code == 0
    mine = next(c for c in github.issue_comments if SUMMARY in c["body"])
    edited = edit(mine["body"])
    assert edited != mine["body"]
    mine["body"] = edited
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    assert len(provider.chats) == 2
    assert parse_stamp(mine["body"], SEAL) is not None  # written anew by that review


def test_a_bad_force_value_names_the_variable(change, github, provider, tmp_path, cli) -> None:
    repo, base, head = change
    env = gh_env(base, head, github, provider.url, tmp_path)
    r = cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "please"})
    assert r.code == 2 and "$REPOVIEW_CI_FORCE must be true or false" in r.err
    assert not provider.requests
    assert cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": ""}).code == 0
    assert cli("ci", cwd=repo, env={**env, "REPOVIEW_CI_FORCE": "0"}).code == 0
    assert len(provider.chats) == 1


# -- the stamp itself -----------------------------------------------------------------------

STAMP = Stamp("a" * 40, "b" * 40, "diff", "kimi-k2.6", "0123456789abcdef", {"high": 2}, SEAL)
REPORT = {"task": "diff", "findings": [HIGH, HIGH], "summary": "x" * 5000, "model": "kimi-k2.6"}


def test_a_stamp_reads_back_from_a_cut_summary() -> None:
    body = summary_comment(REPORT, {}, 0, "", 2000, STAMP)
    assert len(body) <= 2000 and "truncated" in body
    assert body.startswith(MARKER + "\n<!-- repoview:reviewed ")
    got = parse_stamp(body, SEAL)
    assert got == STAMP and got is not None and got.findings == {"high": 2}
    assert parse_stamp(summary_comment(REPORT, {}, 0, "", 2000), SEAL) is None
    assert parse_stamp(body, seal_key({"REPOVIEW_API_KEY": "sk-another"})) is None
    assert parse_stamp(body, b"") is None  # a job with no key trusts no stamp
    assert "--" not in body.split("\n")[1][4:-3]  # a valid HTML comment


def test_model_text_cannot_carry_a_stamp() -> None:
    line = STAMP.line("")
    assert "repoview:reviewed" not in neutralise(f"`{line}`")
    assert "repoview:reviewed" not in neutralise(line)


def test_a_stamp_survives_a_forge_that_rewrites_line_ends() -> None:
    body = summary_comment(REPORT, {}, 0, "", 65_536, STAMP)
    assert parse_stamp(body.replace("\n", "\r\n").rstrip(), SEAL) == STAMP
    assert parse_stamp(body.replace("xxxx", "xxx", 1), SEAL) is None


def reseal(body: str, key: bytes, **changes: object) -> str:
    """The summary with its stamp changed and sealed again with `key`, as someone who can
    edit the comment (or post as the same bot user from another workflow) could."""
    stamp = parse_stamp(body, SEAL)
    assert stamp is not None
    first, _line, rest = body.split("\n", 2)
    return "\n".join([first, replace(stamp, key=key, **changes).line(rest), rest])


@pytest.mark.parametrize("forge", ["github", "gitlab"])
def test_a_stamp_sealed_without_the_job_s_key_is_not_believed(
    forge, change, github, gitlab, provider, tmp_path, cli
) -> None:
    repo, base, head = change
    env = (
        gh_env(base, head, github, provider.url, tmp_path)
        if forge == "github"
        else gl_env(base, head, gitlab, provider.url)
    )
    provider.responder = lambda _req: ok(findings_json(HIGH))
    assert cli("ci", "--fail-on", "high", cwd=repo, env=env).code == 1
    comments = github.issue_comments if forge == "github" else gitlab.notes
    mine = next(c for c in comments if SUMMARY in c["body"])
    # The stamp's findings cleared and sealed again by someone without the provider key:
    # the job reviews again and fails as the review says, not as the edited stamp says.
    for key in (b"", seal_key({"REPOVIEW_API_KEY": "sk-guessed"})):
        mine["body"] = reseal(mine["body"], key, findings={})
        assert cli("ci", "--fail-on", "high", cwd=repo, env=env).code == 1
    assert len(provider.chats) == 3
    # With the key, the same edit would pass: the seal is what is trusted, not its text.
    mine["body"] = reseal(mine["body"], SEAL, findings={})
    assert cli("ci", "--fail-on", "high", cwd=repo, env=env).code == 0
    assert len(provider.chats) == 3


def test_a_review_with_parts_that_failed_is_tried_again(
    make_repo, github, provider, tmp_path, cli
) -> None:
    config = '[review]\nstrategy = "map-reduce"\nretries = 0\n[ci]\nmodel = "moonshot-v1-8k"\n'
    repo = make_repo({"README.md": "# x\n", ".repoview.toml": config})
    for m in range(12):  # more than an 8k window holds: the review is made in parts
        (repo / f"mod{m}.py").write_text(
            "".join(
                f"def func_{m}_{k}(value):\n"
                + "".join(f"    value = value + {i}  # m{m}k{k} step {i}\n" for i in range(30))
                + "    return value\n\n\n"
                for k in range(4)
            )
        )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "big")
    base = git(repo, "rev-parse", "HEAD").strip()
    for m in (1, 5):
        p = repo / f"mod{m}.py"
        p.write_text(p.read_text().replace("step 3\n", "step 3 changed\n"))
    git(repo, "commit", "-qam", "small")
    head = git(repo, "rev-parse", "HEAD").strip()

    def second_part_fails(req: dict) -> Answer:
        if "This is part 2 of" in req["messages"][1]["content"]:
            return Answer(status=500, error={"message": "overloaded"})
        return ok(findings_json())

    provider.responder = second_part_fails
    env = gh_env(base, head, github, provider.url, tmp_path)
    assert cli("ci", cwd=repo, env=env).code == 0
    first = len(provider.chats)
    assert first > 2
    [body] = ours(github.issue_comments)
    assert "could not be reviewed" in body and parse_stamp(body, SEAL) is None
    provider.responder = lambda _req: ok(findings_json())
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) > first  # the parts are asked again
    done = len(provider.chats)
    assert cli("ci", cwd=repo, env=env).code == 0
    assert len(provider.chats) == done  # and now, whole, it is not
