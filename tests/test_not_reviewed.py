"""A review that did not take place never reads as a clean one: CI files and outputs, the
stored run in every format; and the report's facts about what did take place (warnings,
each attempt's time) stay apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import git
from .forge import FakeGitHub
from .provider import Answer, Provider, findings_json, ok
from .test_ci import GH_TOKEN, gh_env

KEY = "sk-test-0123456789abcdef0123456789abcdef"
APP = "def load(path):\n    return open(path).read()\n"
REFUSED = Answer(
    status=401, error={"message": "Invalid Authentication", "type": "invalid_authentication_error"}
)


@pytest.fixture
def github():
    gh = FakeGitHub(GH_TOKEN, "octo/app", 7)
    gh.valid_lines = {("app.py", n) for n in range(1, 10)}
    yield gh
    gh.close()


def _review(cli, repo: Path, provider: Provider, *args: str):  # type: ignore[no-untyped-def]
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_MODEL": "kimi-k2.6"}
    return cli("review", str(repo), "--task", "bugs", *args, env={**env, "REPOVIEW_API_KEY": KEY})


def test_a_failed_ci_review_writes_no_sarif_and_says_not_reviewed(
    make_repo, github, provider, tmp_path, cli
) -> None:
    repo = make_repo({"app.py": APP})
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "app.py").write_text(
        APP + "\n\ndef save(path, text):\n    open(path, 'w').write(text)\n"
    )
    git(repo, "commit", "-qam", "add save")
    head = git(repo, "rev-parse", "HEAD").strip()
    provider.answers.append(REFUSED)
    outputs, sarif, quality, report = (
        tmp_path / n for n in ("out", "r.sarif", "cq.json", "r.json")
    )
    env = gh_env(repo, base, head, github, provider, tmp_path) | {"GITHUB_OUTPUT": str(outputs)}
    files = ("--sarif", str(sarif), "--codequality", str(quality), "--json", str(report))
    r = cli("ci", *files, cwd=repo, env=env)
    assert r.code == 0, r.err  # not strict: a note, not a failed job
    got = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    # An empty SARIF upload would be read as a clean analysis and close open alerts.
    assert got["reviewed"] == "false" and got["sarif"] == "" and got["codequality"] == ""
    assert not sarif.exists() and not quality.exists()
    assert got["report"] == str(report)
    data = json.loads(report.read_text())
    assert data["findings"] == [] and "Invalid Authentication" in data["error"]
    summary = (tmp_path / "summary.md").read_text()
    assert "Not reviewed: " in summary and "No findings." not in summary

    provider.answers.append(ok(findings_json()))  # the same job once the key works
    assert cli("ci", *files, cwd=repo, env=env).code == 0
    got = dict(line.split("=", 1) for line in outputs.read_text().splitlines()[-7:])
    assert got["reviewed"] == "true" and got["sarif"] == str(sarif)
    assert json.loads(sarif.read_text())["runs"][0]["results"] == []


@pytest.fixture
def failed_run(make_repo, provider, cli) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """A repository and the id of its stored review, which the provider refused."""
    repo = make_repo({"app.py": APP})
    provider.answers.append(REFUSED)
    assert _review(cli, repo, provider).code == 3
    return repo, cli("runs").out.splitlines()[1].split()[0]


def test_a_stored_failed_run_has_no_sarif(failed_run, provider, cli) -> None:
    repo, run_id = failed_run
    sarif = cli("runs", "show", run_id, "--format", "sarif")
    assert sarif.code == 2 and sarif.out == ""
    assert len(sarif.err.strip().splitlines()) == 1
    assert f"run {run_id} reviewed nothing" in sarif.err and "Invalid Authentication" in sarif.err

    provider.answers.append(ok(findings_json()))
    assert _review(cli, repo, provider).code == 0
    clean = cli("runs").out.splitlines()[1].split()[0]
    shown = cli("runs", "show", clean, "--format", "sarif")
    assert shown.code == 0 and json.loads(shown.out)["runs"][0]["results"] == []


def test_a_stored_failed_run_is_shown_as_not_reviewed(failed_run, provider, cli) -> None:
    repo, run_id = failed_run
    shown = cli("runs", "show", run_id)
    assert shown.code == 0, shown.err
    assert "No findings." not in shown.out
    not_reviewed = [line for line in shown.out.splitlines() if line.startswith("Not reviewed: ")]
    assert len(not_reviewed) == 1 and "Invalid Authentication" in not_reviewed[0]

    data = json.loads(cli("runs", "show", run_id, "--format", "json").out)
    assert data["status"] == "failed" and "Invalid Authentication" in data["error"]
    assert data["findings"] == [] and data["task"] == "bugs"  # the keys it had, as they were

    provider.answers.append(ok(findings_json()))
    assert _review(cli, repo, provider).code == 0
    clean = cli("runs").out.splitlines()[1].split()[0]
    assert "No findings." in cli("runs", "show", clean).out
    assert "error" not in json.loads(cli("runs", "show", clean, "--format", "json").out)


def _dropped_then_answered(make_repo, provider, cli) -> tuple[dict, list[str]]:  # type: ignore[no-untyped-def]
    """A stream that drops after the provider took the prompt, a retry wait, then an answer
    with no usage: two usage entries and two warnings. The JSON report and the stored run's
    Markdown lines."""
    repo = make_repo({"app.py": APP, ".repoview.toml": "[review]\nretries = 2\nbackoff = 0.5\n"})
    provider.answers += [ok(findings_json() * 3, drop_after=1), ok(findings_json(), no_usage=True)]
    r = _review(cli, repo, provider, "--format", "json")
    assert r.code == 0, r.err
    run_id = cli("runs").out.splitlines()[1].split()[0]
    return json.loads(r.out), cli("runs", "show", run_id).out.splitlines()


def test_consecutive_warnings_are_separate_paragraphs(make_repo, provider, cli) -> None:
    _report, lines = _dropped_then_answered(make_repo, provider, cli)
    warned = [i for i, line in enumerate(lines) if line.startswith("> **Warning:**")]
    assert len(warned) == 2
    # Quote lines with no blank line between them render as one paragraph.
    assert all(lines[i + 1] == "" for i in warned)


def test_each_attempt_has_its_own_time(make_repo, provider, cli) -> None:
    report, _lines = _dropped_then_answered(make_repo, provider, cli)
    dropped, answered = report["usage"]["per_request"]
    assert dropped["failed"] and not answered["failed"]
    # Each entry is its own attempt's time: together no more than the whole run, which
    # holds the retry wait once (counted in both, they added up to more than the run).
    assert dropped["seconds"] + answered["seconds"] <= report["duration_s"]
