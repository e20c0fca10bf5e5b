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


@pytest.fixture
def provider():
    with Provider() as p:
        yield p


INLINE = {"severity": "high", "category": "bug", "title": "Multiplies", "path": "app.py",
          "line": 6, "body": "was addition"}  # fmt: skip
OUTSIDE = {"severity": "low", "category": "style", "title": "Far away", "path": "app.py",
           "line": 60, "body": "not in the diff"}  # fmt: skip
GENERAL = {"severity": "info", "category": "design", "title": "Consider tests"}


def gh_env(repo: Path, base: str, head: str, gh: FakeGitHub, provider: Provider,
           tmp: Path) -> dict[str, str]:  # fmt: skip
    event = tmp / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "number": 7, "pull_request": {
        "number": 7, "base": {"sha": base, "ref": "main"}, "head": {"sha": head, "ref": "f"}}}))  # fmt: skip
    return {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event), "GITHUB_API_URL": gh.url,
            "GITHUB_REPOSITORY": "octo/app", "GITHUB_TOKEN": GH_TOKEN,
            "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
            "REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}  # fmt: skip


@pytest.fixture
def github():
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
    gh.valid_lines = {("app.py", n) for n in range(3, 10)}
    yield gh
    gh.close()


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
    ours = [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]
    assert len(ours) == 1 and "Far away" in ours[0]["body"] and "Consider tests" in ours[0]["body"]
    assert "Multiplies" not in ours[0]["body"]  # it went inline
    assert len(github.reviews) == 1
    comment = github.reviews[0]["comments"][0]
    assert comment["path"] == "app.py" and comment["line"] == 6 and comment["side"] == "RIGHT"
    assert github.reviews[0]["commit_id"] == head
    summary = (tmp_path / "summary.md").read_text()
    assert "Multiplies" in summary and "Far away" in summary
    # The provider saw the change in full context.
    assert "+    return x * 5  # changed" in provider.chats[0]["messages"][1]["content"]
    # A re-run: the same comment is updated in place, the inline note is not posted again.
    provider.responder = lambda _req: ok(findings_json(INLINE, OUTSIDE, summary="Second run."))
    r = cli("ci", cwd=repo, env=env)
    assert r.code == 0, r.err
    ours = [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]
    assert len(ours) == 1 and "Second run." in ours[0]["body"]
    assert len(github.reviews) == 1 and len(github.review_comments) == 1
    patched = [q for q in github.requests if q[0] == "PATCH"]
    assert len(patched) == 1
    listing = [q for q in github.requests if q[0] == "GET" and q[1].endswith("/issues/7/comments")]
    assert len(listing) >= 4  # two pages, each run
    assert GH_TOKEN not in r.out + r.err and KEY not in r.out + r.err


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


def test_provider_outage_is_a_warning_in_the_comment(change, github, tmp_path, cli) -> None:
    repo, base, head = change

    class Down:
        url = "http://127.0.0.1:9/v1"

    (repo / ".repoview.toml").write_text("[ci]\nretries = 0\n")
    r = cli("ci", cwd=repo, env=gh_env(repo, base, head, github, Down(), tmp_path))  # type: ignore[arg-type]
    assert r.code == 0
    ours = [c for c in github.issue_comments if "<!-- repoview:summary -->" in c["body"]]
    assert "could not review this change" in ours[0]["body"]


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


def test_gitlab_note_updated_and_discussion_positions(change, provider, tmp_path, cli) -> None:
    repo, base, head = change
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab("glpat-token-for-tests-0123", "42", 3, refs)
    gl.valid_lines = {("app.py", n) for n in range(3, 10)}
    env = {"GITLAB_CI": "true", "CI_API_V4_URL": f"{gl.url}/api/v4", "CI_PROJECT_ID": "42",
           "CI_MERGE_REQUEST_IID": "3", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
           "CI_COMMIT_SHA": head, "GITLAB_TOKEN": "glpat-token-for-tests-0123",
           "REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}  # fmt: skip
    try:
        provider.responder = lambda _req: ok(findings_json(INLINE, OUTSIDE))
        for _run in range(2):
            r = cli("ci", cwd=repo, env=env)
            assert r.code == 0, r.err
        ours = [n for n in gl.notes if "<!-- repoview:summary -->" in n["body"]]
        assert len(ours) == 1 and "Far away" in ours[0]["body"]
        assert len(gl.discussions) == 1
        pos = gl.discussions[0]["notes"][0]["position"]
        assert pos == {"position_type": "text", "base_sha": base, "start_sha": base,
                       "head_sha": head, "old_path": "app.py", "new_path": "app.py",
                       "new_line": 6}  # fmt: skip
        assert [q[0] for q in gl.requests].count("PUT") == 1
        assert "glpat-token-for-tests-0123" not in r.out + r.err
    finally:
        gl.close()


def test_action_and_gitlab_template_are_shipped() -> None:
    root = Path(__file__).parent.parent
    action = (root / "action.yml").read_text()
    assert "using: composite" in action and "repoview ci" in action
    workflow = (root / "examples" / "github-workflow.yml").read_text()
    assert "pull-requests: write" in workflow and "cancel-in-progress: true" in workflow
    assert "repoview ci" in (root / "examples" / "gitlab-ci.yml").read_text()
