"""Map-reduce whose one part holds every file: that part's answer is the report; no merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .provider import Provider, findings_json, ok

KEY = "sk-one-part-test-0123456789abcdefghij"
APP = "import os\n\n\ndef load(path):\n    return open(path).read()\n\n\ndef main():\n    print(load(os.environ['FILE']))\n"
BUG = {
    "severity": "high",
    "category": "bug",
    "title": "File handle leaked",
    "path": "app.py",
    "line": 5,
    "body": "open() without close",
    "suggestion": "use with",
}


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(
        {
            "app.py": APP,
            "README.md": "# Demo\n",
            ".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\n",
        }
    )


def review(cli, repo: Path, provider: Provider, *args: str):  # type: ignore[no-untyped-def]
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    return cli(
        "review",
        str(repo),
        "--model",
        "moonshot-v1-128k",
        "--strategy",
        "map-reduce",
        *args,
        env=env,
    )


def test_the_plan_of_one_part_sends_no_merge(repo: Path, provider: Provider, cli) -> None:
    r = review(cli, repo, provider, "--task", "bugs", "--dry-run")
    assert r.code == 0, r.err
    assert "map-reduce over 1 part (" in r.err and ", 1 request (no merge);" in r.err, r.err
    assert "1 parts" not in r.err
    assert "no merge request" in r.out and "merge " not in r.out.split("requests", 1)[1], r.out
    plan = review(cli, repo, provider, "--task", "bugs", "--dry-run", "--format", "json").json()
    assert isinstance(plan, dict)
    assert [q["label"] for q in plan["requests"]] == ["part 1/1"]
    assert not provider.chats


def test_one_part_answer_is_the_report(repo: Path, provider: Provider, cli, tmp_path: Path) -> None:
    provider.answers.append(ok(findings_json(BUG, summary="One leak.")))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    assert len(provider.chats) == 1  # the part alone: no merge
    user = provider.chats[0]["messages"][1]["content"]
    # Told it is the whole review, not a share of one that others complete.
    assert "part 1 of 1" not in user and "merged afterwards" not in user
    assert "the review of the repository as a whole" in user and 'path="app.py"' in user
    report = json.loads(r.out)
    assert report["strategy"] == "map-reduce" and report["summary"] == "One leak."
    assert [(f["path"], f["line"], f["title"]) for f in report["findings"]] == [
        ("app.py", 5, "File handle leaked")
    ]
    assert report["usage"]["requests"] == 1 and report["parts"][0]["ok"] is True
    provider.answers.append(ok(findings_json(BUG, summary="One leak.")))
    out = tmp_path / "r.sarif"
    r = review(cli, repo, provider, "--task", "bugs", "--format", "sarif", "-o", str(out))
    assert r.code == 0, r.err
    result = json.loads(out.read_text())["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    listed = cli("runs", "--repo", str(repo)).out.splitlines()
    assert len(listed) == 3 and all(line.split()[4] == "ok" for line in listed[1:]), listed


def test_one_part_answer_that_is_not_findings_is_not_a_review(
    repo: Path, provider: Provider, cli
) -> None:
    provider.answers.append(ok("Looks good to me."))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    # as a single request's: the raw text kept, exit 3, the run not reviewed
    assert r.code == 3, r.err
    report = json.loads(r.out)
    assert report["raw"] == "Looks good to me."
    assert any("not the requested JSON" in w for w in report["warnings"])
    assert len(provider.chats) == 1
    listed = cli("runs", "--repo", str(repo)).out.splitlines()
    assert listed[1].split()[4] == "not-reviewed", listed


def test_one_part_prose_is_the_document(repo: Path, provider: Provider, cli) -> None:
    provider.answers.append(ok("# Architecture\n\nA tiny app with one module.\n"))
    r = review(cli, repo, provider, "--task", "architecture")
    assert r.code == 0, r.err
    assert len(provider.chats) == 1 and "A tiny app with one module." in r.out
