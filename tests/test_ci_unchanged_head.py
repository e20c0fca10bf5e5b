"""`repoview ci` run again on a head it already reviewed, against the GitHub and GitLab
stand-ins and the provider stand-in; and what a summary says when the review failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import git
from .forge import FakeGitHub, FakeGitLab
from .provider import Provider

KEY = "sk-ci-test-0123456789abcdef0123"
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
def provider():
    with Provider() as p:
        yield p


@pytest.fixture
def github():
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
    gh.valid_lines = {("app.py", n) for n in range(1, 10)}
    yield gh
    gh.close()


@pytest.fixture
def gitlab(change):
    _repo, base, head = change
    gl = FakeGitLab(GL_TOKEN, "42", 3, {"base_sha": base, "start_sha": base, "head_sha": head})
    gl.valid_lines = {("app.py", n) for n in range(1, 10)}
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
