"""SARIF and Code Quality hold findings: a task that answers in prose gets neither, since an
empty file uploaded to code scanning would close every open alert, as a failed run's would."""

from __future__ import annotations

import pytest

from .provider import Provider, ok

KEY = "sk-test-0123456789abcdef0123456789abcdef"
APP = "def load(path):\n    return open(path).read()\n"


@pytest.mark.parametrize("task", ["architecture", "docs"])
def test_a_prose_task_writes_no_sarif(task, make_repo, provider: Provider, tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"app.py": APP})
    env = {
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_MODEL": "kimi-k2.6",
        "REPOVIEW_API_KEY": KEY,
    }
    for fmt in ("sarif", "codequality"):
        out = tmp_path / f"{task}.{fmt}"
        r = cli("review", str(repo), "--task", task, "--format", fmt, "-o", str(out), env=env)
        assert r.code == 2 and not out.exists(), r.err
        assert len(r.err.strip().splitlines()) == 1
        assert f"{task} answers in Markdown" in r.err and "--format markdown|json" in r.err
    assert provider.requests == []  # refused before anything was paid for

    provider.answers.append(ok("# Overview\n\nOne module that loads files.\n"))
    assert cli("review", str(repo), "--task", task, env=env).code == 0
    run_id = cli("runs").out.splitlines()[1].split()[0]
    stored = cli("runs", "show", run_id, "--format", "sarif")
    assert stored.code == 2 and stored.out == "", stored.out
    assert f"{task} answers in Markdown" in stored.err
    assert "One module" in cli("runs", "show", run_id).out


def test_a_findings_task_still_writes_sarif(make_repo, provider: Provider, tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    from .provider import findings_json

    repo = make_repo({"app.py": APP})
    env = {
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_MODEL": "kimi-k2.6",
        "REPOVIEW_API_KEY": KEY,
    }
    provider.answers.append(ok(findings_json()))
    out = tmp_path / "bugs.sarif"
    r = cli("review", str(repo), "--task", "bugs", "--format", "sarif", "-o", str(out), env=env)
    assert r.code == 0 and '"version": "2.1.0"' in out.read_text(), r.err


def test_a_diff_reviews_finding_in_an_untouched_file_is_a_note(
    make_repo, provider: Provider, tmp_path, cli
) -> None:  # type: ignore[no-untyped-def]
    import json

    from .conftest import git
    from .provider import findings_json

    repo = make_repo(
        {"app.py": "def run(x):\n    return x\n", "old.py": "def legacy():\n    pass\n"}
    )
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "app.py").write_text("def run(x):\n    return eval(x)\n")
    git(repo, "commit", "-qam", "eval")
    provider.answers.append(
        ok(
            findings_json(
                {"severity": "medium", "title": "eval", "path": "app.py", "line": 2},
                {"severity": "critical", "title": "Old", "path": "old.py", "line": 1},
            )
        )
    )
    out = tmp_path / "r.sarif"
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": "sk-sarif-0123456789abcdef"}
    args = ("review", str(repo), "--task", "diff", "--diff", f"{base}..HEAD", "-o", str(out))
    r = cli(*args, "--model", "kimi-k2.6", env=env)
    assert r.code == 0, r.err
    run = json.loads(out.read_text())["runs"][0]
    by_path = {
        x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: x for x in run["results"]
    }
    assert by_path["app.py"]["level"] == "warning"
    # Shown, but no alert of the change's: a note, saying why.
    assert by_path["old.py"]["level"] == "note"
    assert "a file the change did not touch" in by_path["old.py"]["properties"]["flags"]
    # Each under a rule of its own: GitHub takes an alert's security severity from the rule.
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert by_path["old.py"]["ruleId"] == "repoview/bug/outside-change"
    assert rules["repoview/bug"]["properties"]["security-severity"] == "5.5"
    assert rules["repoview/bug/outside-change"]["properties"]["security-severity"] == "1.0"
    assert rules["repoview/bug/outside-change"]["defaultConfiguration"]["level"] == "note"
