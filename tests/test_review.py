"""`repoview review` against a provider stand-in on 127.0.0.1 speaking the real protocol."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

from .conftest import Run
from .provider import Answer, Provider, findings_json, ok

KEY = "sk-test-0123456789abcdef0123456789abcdef"
APP = "import os\n\n\ndef load(path):\n    return open(path).read()\n\n\ndef main():\n    print(load(os.environ['FILE']))\n"


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(
        {
            "app.py": APP,
            "README.md": "# Demo\n",
            ".repoview.toml": "[review]\nretries = 2\nbackoff = 0.05\n",
        }
    )


def review(cli, repo: Path, provider: Provider, *args: str, key: str | None = KEY) -> Run:
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_MODEL": "kimi-k2.6"}
    if key:
        env["REPOVIEW_API_KEY"] = key
    return cli("review", str(repo), *args, env=env)


BUG = {
    "severity": "high",
    "category": "bug",
    "title": "File handle leaked",
    "path": "app.py",
    "line": 5,
    "body": "open() without close",
    "suggestion": "use with",
}


def test_streamed_review_with_keepalives_and_moonshot_usage(cli, repo, provider, tmp_path) -> None:
    provider.answers.append(ok(findings_json(BUG, summary="One leak.")))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert report["findings"][0]["title"] == "File handle leaked"
    assert report["summary"] == "One leak." and report["usage"]["reported_by_provider"]
    assert report["usage"]["cached_tokens"] > 0 and report["cost_usd"] > 0
    body = provider.chats[0]
    assert body["model"] == "kimi-k2.6" and body["stream"] is True
    assert body["max_tokens"] == 16384 and body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert user["content"].startswith("<repository") and "def load(path):" in user["content"]
    assert user["content"].rstrip().endswith("An empty list is a fine answer.")
    assert provider.headers[0]["Authorization"] == f"Bearer {KEY}"
    assert "review: bugs with kimi-k2.6" in r.err and "estimated cost" in r.err
    assert KEY not in r.out + r.err


def test_retry_after_is_honoured(cli, repo, provider) -> None:
    provider.answers += [
        Answer(
            status=429,
            headers={"Retry-After": "1"},
            error={"message": "rate limited", "type": "rate_limit_reached_error"},
        ),
        ok(findings_json()),
    ]
    start = time.monotonic()
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 0, r.err
    assert len(provider.chats) == 2 and time.monotonic() - start >= 1.0


def test_server_error_then_success(cli, repo, provider) -> None:
    provider.answers += [Answer(status=500, error={"message": "boom"}), ok(findings_json())]
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0 and json.loads(r.out)["attempts"] == 2


def test_dropped_stream_is_retried(cli, repo, provider) -> None:
    provider.answers += [ok(findings_json(BUG) * 3, drop_after=1), ok(findings_json(BUG))]
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    assert len(json.loads(r.out)["findings"]) == 1 and len(provider.chats) == 2


def test_a_json_answer_to_a_streamed_request_is_read_whole(cli, repo, provider) -> None:
    provider.answers.append(ok(findings_json(BUG), ignore_stream=True))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    assert provider.chats[0]["stream"] is True and len(provider.chats) == 1
    assert json.loads(r.out)["findings"][0]["title"] == "File handle leaked"


@pytest.mark.parametrize("kind", ["text/plain", "application/octet-stream", "text/html"])
def test_an_answer_under_another_type_is_read_by_what_it_holds(cli, repo, provider, kind) -> None:
    # A gateway that sends the JSON answer, or the events, under a type of its own: read
    # as events, a JSON answer looked like a dropped stream and was retried (and billed).
    provider.answers.append(ok(findings_json(BUG), ignore_stream=True, content_type=kind))
    provider.answers.append(ok(findings_json(BUG), content_type=kind))
    for _ in range(2):
        r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
        assert r.code == 0 and "retrying" not in r.err, r.err
        assert json.loads(r.out)["findings"][0]["title"] == "File handle leaked"
    assert len(provider.chats) == 2


def test_a_malformed_json_answer_is_one_error_not_five_requests(cli, repo, provider) -> None:
    provider.answers += [Answer(raw=b'{"choices": [ {"message": '), ok(findings_json())]
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 3 and len(provider.chats) == 1
    assert "malformed answer from the provider (HTTP 200, application/json" in r.err
    assert "dropped" not in r.err and "attempts" not in r.err


def test_quota_exhausted_is_not_retried(cli, repo, provider) -> None:
    provider.answers.append(
        Answer(
            status=429,
            error={"message": "Your account is suspended", "type": "exceeded_current_quota_error"},
        )
    )
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 3 and "out of quota" in r.err and len(provider.chats) == 1
    assert len(r.err.strip().splitlines()) == 2  # the estimate, then the one error line


def test_context_too_long(cli, repo, provider) -> None:
    provider.answers.append(
        Answer(
            status=400,
            error={
                "message": "Invalid request: Your request exceeded model token limit: 262144",
                "type": "invalid_request_error",
            },
        )
    )
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 3 and "smaller --budget" in r.err and len(provider.chats) == 1


def test_refused_key(cli, repo, provider) -> None:
    provider.answers.append(
        Answer(
            status=401,
            error={"message": "Invalid Authentication", "type": "invalid_authentication_error"},
        )
    )
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 3 and "refused the API key" in r.err and KEY not in r.err


def test_missing_key_is_a_configuration_error(cli, repo, provider) -> None:
    r = review(cli, repo, provider, "--task", "bugs", key=None)
    assert r.code == 2 and "REPOVIEW_API_KEY" in r.err and not provider.chats


def test_connection_refused(cli, repo) -> None:
    r = cli(
        "review",
        str(repo),
        "--task",
        "bugs",
        env={"REPOVIEW_BASE_URL": "http://127.0.0.1:9/v1", "REPOVIEW_API_KEY": KEY},
    )
    # Nothing listens on this machine: said at once, not after four retries with back-off.
    assert r.code == 3 and "nothing is listening at http://127.0.0.1:9/v1" in r.err
    assert "Traceback" not in r.err and "attempts" not in r.err


def test_malformed_answer_keeps_the_raw_text(cli, repo, provider) -> None:
    provider.answers.append(ok("I think the code is fine, but {not json"))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    report = json.loads(r.out)
    # not findings: the report is written, but nothing was reviewed (was exit 0, "0 findings")
    assert r.code == 3 and report["raw"].startswith("I think the code is fine")
    assert any("not the requested JSON" in w for w in report["warnings"])
    assert "the answer could not be read as findings: not reviewed" in r.err
    assert "0 findings" not in r.err


def test_unreadable_answer_fails_the_gate(cli, repo, provider) -> None:
    provider.answers.append(ok("Looks good to me."))
    r = review(cli, repo, provider, "--task", "bugs", "--fail-on", "low", "--format", "json")
    assert r.code == 3, r.err
    assert json.loads(r.out)["raw"] == "Looks good to me."
    lines = [x for x in r.err.splitlines() if "could not be read as findings" in x]
    assert lines == ["review: the answer could not be read as findings: not reviewed"]
    # the run list agrees: the run reviewed nothing (it said "ok")
    listed = cli("runs", "--repo", str(repo)).out.splitlines()
    assert len(listed) == 2 and listed[1].split()[4] == "not-reviewed", listed


def test_an_unreadable_answer_writes_no_sarif(cli, repo, provider, tmp_path: Path) -> None:
    # An empty SARIF uploaded to code scanning would close every open alert.
    for fmt in ("sarif", "codequality"):
        provider.answers.append(ok("Looks good to me."))
        out = tmp_path / f"report.{fmt}"
        r = review(cli, repo, provider, "--task", "bugs", "--format", fmt, "-o", str(out))
        assert r.code == 3 and not out.exists(), r.err
        assert "no SARIF written" in r.err if fmt == "sarif" else "no Code Quality" in r.err
        assert "repoview runs show" in r.err and not r.out


def test_repairs_fences_and_trailing_commas(cli, repo, provider) -> None:
    provider.answers.append(
        ok(
            'Here you go:\n```json\n{"summary": "s", "findings": [{"title": "t", '
            '"severity": "low", "path": "app.py", "line": 2,},],}\n```\n'
        )
    )
    report = json.loads(review(cli, repo, provider, "--task", "bugs", "--format", "json").out)
    assert report["findings"][0]["title"] == "t"
    assert any("repaired" in w for w in report["warnings"])


def test_findings_are_checked_against_the_pack(cli, repo, provider) -> None:
    provider.answers.append(
        ok(
            findings_json(
                {"title": "ghost", "severity": "critical", "path": "nope.py", "line": 3},
                {"title": "too far", "severity": "low", "path": "app.py", "line": 999},
                {"title": "absolute", "severity": "low", "path": f"{repo}/app.py", "line": 2},
                {"title": "below one", "severity": "low", "path": "app.py", "line": -5},
                {"title": "place in path", "severity": "low", "path": "app.py:3"},
                {"title": "from the root", "severity": "low", "path": "/app.py", "line": 4},
                {"title": "huge line", "severity": "low", "path": "app.py", "line": 1e400},
            )
        )
    )
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json", "--fail-on", "critical")
    report = json.loads(r.out)
    flags = {f["title"]: f.get("flags") for f in report["findings"]}
    assert flags == {
        "ghost": ["path not in the pack", "said at line 3"],  # (the claim kept as said)
        "too far": ["line 999 beyond the file's 9 lines"],
        "absolute": None,
        "below one": ["line '-5' is not a line number"],
        "place in path": None,
        "from the root": None,
        "huge line": ["line 'inf' is not a line number"],
    }
    placed = {f["title"]: (f["path"], f.get("line")) for f in report["findings"]}
    assert placed["absolute"] == ("app.py", 2)
    assert placed["place in path"] == ("app.py", 3) and placed["from the root"] == ("app.py", 4)
    # The only critical finding names a file that is not there: reported, not failing.
    assert r.code == 0, r.err
    assert "1 finding(s) at or above 'critical' name a path not in the pack" in r.err


def test_severity_words_are_mapped_and_unknown_ones_are_not_hidden(cli, repo, provider) -> None:
    said = {"blocker": "blocker", "major": "Major", "padded": " critical ", "odd": "weird"}
    answer = findings_json(
        *({"title": t, "severity": s, "category": "vulnerability"} for t, s in said.items())
    )
    provider.answers.append(ok(answer))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json", "--fail-on", "high")
    assert r.code == 1, r.err  # was 0: every one of them had become `info`
    report = json.loads(r.out)
    got = {f["title"]: (f["severity"], f["category"], f.get("flags")) for f in report["findings"]}
    assert got == {
        "blocker": ("critical", "security", None),
        "major": ("high", "security", None),
        "padded": ("critical", "security", None),
        "odd": ("medium", "security", ["severity 'weird' unknown: kept as medium"]),
    }
    assert [w for w in report["warnings"] if "severity" in w] == [
        "unknown severity 'weird': kept as medium, flagged"
    ]
    assert not any("not in the pack" in w for w in report["warnings"])


def test_top_level_usage_and_non_streaming(cli, repo, provider) -> None:
    provider.answers.append(
        ok(
            findings_json(),
            top_level_usage=True,
            usage={"prompt_tokens": 1000, "completion_tokens": 20, "total_tokens": 1020},
        )
    )
    report = json.loads(review(cli, repo, provider, "--task", "bugs", "--format", "json").out)
    assert report["usage"]["input_tokens"] == 1000
    provider.answers.append(ok(findings_json(BUG)))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json", "--no-stream")
    assert json.loads(r.out)["findings"] and provider.chats[-1]["stream"] is False


def test_fail_on_and_sarif(cli, repo, provider, tmp_path: Path) -> None:
    general = {"title": "No tests at all", "severity": "low", "category": "design"}
    provider.answers.append(ok(findings_json(BUG, general)))
    out = tmp_path / "r.sarif"
    r = review(
        cli,
        repo,
        provider,
        "--task",
        "bugs",
        "--format",
        "sarif",
        "-o",
        str(out),
        "--fail-on",
        "high",
    )
    assert r.code == 1
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"
    # Code scanning refuses a result with no location: the general remark is not there,
    # and the command says so.
    (result,) = sarif["runs"][0]["results"]
    assert "1 finding(s) name no file of the repository and are not in the SARIF" in r.err
    # The stored run, shown as SARIF later, says the same.
    run_id = re.search(r"repoview runs show (\d+)", r.err).group(1)  # type: ignore[union-attr]
    shown = cli("runs", "show", run_id, "--format", "sarif")
    assert "1 finding(s) name no file of the repository and are not in the SARIF" in shown.err
    assert result["level"] == "error" and result["ruleId"] == "repoview/bug"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "app.py" and loc["region"]["startLine"] == 5
    assert sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "repoview/bug"
    provider.answers.append(ok(findings_json(BUG)))
    assert review(cli, repo, provider, "--task", "bugs", "--fail-on", "critical").code == 0


def test_dry_run_and_max_cost_send_nothing(cli, repo, provider) -> None:
    r = review(cli, repo, provider, "--task", "bugs", "--dry-run")
    assert r.code == 0 and "estimated cost" in r.err and not provider.requests
    r = review(cli, repo, provider, "--task", "bugs", "--max-cost", "0.0000001")
    assert r.code == 2 and "--max-cost" in r.err and not provider.requests


def test_max_cost_says_the_refused_estimate_is_without_tool_rounds(
    cli, make_repo, provider
) -> None:
    # Files left out: the first estimate counts the model's rounds of reading them; the
    # refusal prices the review without them (a smaller number), and says so.
    body = "".join(f"def f{j}(x):\n    return x * {j}\n\n\n" for j in range(40))
    lib = make_repo({f"m{i}.py": body.replace("def f", f"def m{i}_") for i in range(30)})
    r = review(cli, lib, provider, "--task", "bugs", "--budget", "4000", "--max-cost", "0.001")
    first, refused = r.err.splitlines()[:2]
    assert r.code == 2 and "more request(s) if the model reads files" in first, r.err
    assert "error: estimated cost without its 3 tool rounds $" in refused, r.err
    assert not provider.requests


def test_exact_tokens_asks_the_provider(cli, repo, provider) -> None:
    r = review(cli, repo, provider, "--task", "bugs", "--dry-run", "--exact-tokens")
    assert "the provider counts 4,242 input tokens" in r.err
    assert provider.requests[0]["model"] == "kimi-k2.6" and "messages" in provider.requests[0]


def test_model_auto_picks_the_smallest_window_that_fits(cli, repo, provider) -> None:
    r = review(cli, repo, provider, "--task", "bugs", "--model", "auto", "--dry-run")
    assert "with moonshot-v1-8k" in r.err


def test_architecture_markdown_and_run_store(cli, repo, provider, tmp_path) -> None:
    provider.answers.append(
        ok("# Architecture\n\nA tiny app with one module.\n\n## Components\n\n- `app.py`\n")
    )
    r = review(cli, repo, provider, "--task", "architecture")
    assert r.code == 0 and "## Components" in r.out
    body = provider.chats[0]
    assert "response_format" not in body
    listing = cli("runs")
    assert "architecture" in listing.out and "ok" in listing.out
    run_id = listing.out.splitlines()[1].split()[0]
    shown = cli("runs", "show", run_id)
    assert "A tiny app with one module." in shown.out
    import os

    db = Path(os.environ["REPOVIEW_HOME"]) / "runs.sqlite"
    dump = "\n".join(sqlite3.connect(db).iterdump())
    assert KEY not in dump and "A tiny app" in dump


def test_docs_written_to_output_dir(cli, repo, provider, tmp_path) -> None:
    provider.answers.append(
        ok("=== FILE: docs/overview.md ===\n# Overview\nHello.\n=== FILE: ../escape.md ===\nnope\n")
    )
    out = tmp_path / "out"
    r = review(cli, repo, provider, "--task", "docs", "--output-dir", str(out))
    assert r.code == 0
    assert (out / "docs" / "overview.md").read_text().startswith("# Overview\nHello.\n")
    assert not (tmp_path / "escape.md").exists() and "outside the output folder" in r.err
    assert f"review: wrote {(out / 'docs' / 'overview.md').resolve()}" in r.err.splitlines()


def test_docs_never_write_what_the_model_should_not(cli, repo, provider) -> None:
    """The answer is the model's, and the repository's text can steer it: with the
    repository itself as the output folder, no git setting, code or settings file is
    written, no file repoview did not write is replaced; a later run replaces its own."""
    import subprocess

    config = (repo / ".git" / "config").read_text()
    app = (repo / "app.py").read_text()
    settings = repo / ".repoview.toml"
    before = settings.read_text() if settings.exists() else None
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "docs" / "guide.md").write_text("# The maintainers' guide\n")
    answer = (
        "=== FILE: docs/overview.md ===\n# Overview\n"
        '=== FILE: .git/config ===\n[core]\n\tfsmonitor = "touch pwned; false"\n'
        "=== FILE: app.py ===\nimport os\n"
        "=== FILE: .repoview.toml ===\n[hook]\nenabled = false\n"
        "=== FILE: .github/workflows/x.md ===\nno\n"
        "=== FILE: docs/guide.md ===\n# Replaced\n"
    )
    provider.answers.append(ok(answer))
    r = review(cli, repo, provider, "--task", "docs", "--output-dir", str(repo))
    assert r.code == 0, r.err
    assert (repo / ".git" / "config").read_text() == config
    assert (repo / "app.py").read_text() == app
    assert (settings.read_text() if settings.exists() else None) == before
    assert not (repo / ".github").exists()
    assert (repo / "docs" / "guide.md").read_text() == "# The maintainers' guide\n"
    assert "'.git/config': a hidden file or folder" in r.err and "not a Markdown file" in r.err
    assert "a file repoview did not write" in r.err
    subprocess.run(["git", "status"], cwd=repo, check=True, capture_output=True)
    assert not (repo / "pwned").exists()
    # A second run replaces the file the first one wrote.
    provider.answers.append(ok("=== FILE: docs/overview.md ===\n# Overview, again\n"))
    r = review(cli, repo, provider, "--task", "docs", "--output-dir", str(repo))
    assert r.code == 0 and "Overview, again" in (repo / "docs" / "overview.md").read_text()


def test_diff_task_sends_the_change(cli, repo, provider) -> None:
    from .conftest import git

    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "app.py").write_text(APP.replace("open(path).read()", "open(path).read().strip()"))
    git(repo, "commit", "-qam", "strip")
    provider.answers.append(ok(findings_json()))
    r = review(cli, repo, provider, "--task", "diff", "--diff", f"{base}..HEAD")
    assert r.code == 0, r.err
    user = provider.chats[0]["messages"][1]["content"]
    assert "+    return open(path).read().strip()" in user and f"{base}..HEAD" in user
    # any task given a change packs it after its base, and the plan says so
    r = review(cli, repo, provider, "--task", "bugs", "--diff", f"{base}..HEAD", "--dry-run")
    assert r.code == 0 and f"  change    {base}..HEAD: 1 file changed, after the pack" in r.out


def test_the_line_numbers_setting_numbers_a_reviews_files(cli, repo, provider) -> None:
    provider.answers.append(ok(findings_json()))
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 0, r.err
    user = provider.chats[0]["messages"][1]["content"]
    assert "def load(path):\n    return open(path).read()" in user
    system = provider.chats[0]["messages"][0]["content"]
    # What the prompt says of line numbers is what the pack has.
    assert "count from 1 at its first line" in system and "@@ -a,b +c,d @@" in system
    # `line_numbers = true` numbers every file in full, as `pack --line-numbers` does.
    (repo / ".repoview.toml").write_text("line_numbers = true\n[review]\nretries = 2\n")
    provider.answers.append(ok(findings_json()))
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 0, r.err
    user = provider.chats[1]["messages"][1]["content"]
    assert "4| def load(path):\n5|     return open(path).read()" in user


def test_a_change_s_findings_keep_their_lines_on_new_files_and_appended_lines(
    cli, repo, provider
) -> None:
    from .conftest import git

    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "app.py").write_text(APP + "\n\ndef unsafe(cmd):\n    return eval(cmd)\n")
    (repo / "new.py").write_text("X = 1\nY = eval(input())\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "grow")
    provider.answers.append(
        ok(
            findings_json(
                {"title": "eval of input", "severity": "high", "path": "new.py", "line": 2},
                {"title": "eval of cmd", "severity": "high", "path": "app.py", "line": 13},
                {"title": "past the end", "severity": "low", "path": "new.py", "line": 9},
            )
        )
    )
    r = review(cli, repo, provider, "--task", "diff", "--diff", f"{base}..HEAD", "--format", "json")
    assert r.code == 0, r.err
    found = {
        f["title"]: (f["path"], f["line"], f.get("flags")) for f in json.loads(r.out)["findings"]
    }
    # checked against the head: the added file and the appended line are where the model said
    assert found == {
        "eval of input": ("new.py", 2, None),
        "eval of cmd": ("app.py", 13, None),
        "past the end": ("new.py", None, ["line 9 beyond the file's 2 lines"]),
    }


def test_an_empty_change_is_not_reviewed(cli, repo, provider) -> None:
    r = review(cli, repo, provider, "--task", "diff", "--diff", "HEAD..HEAD", "--dry-run")
    assert r.code == 2 and not provider.requests
    assert "the change HEAD..HEAD is empty" in r.err and r.err.count("\n") == 1
    packed = cli("pack", str(repo), "--diff", "HEAD..HEAD", "-o", str(repo / "p.xml"))
    assert packed.code == 0 and "the change HEAD..HEAD is empty" in packed.err


def test_a_stream_that_goes_silent_is_retried(provider) -> None:
    from repoview.llm import Client

    provider.answers += [ok("a long answer " * 20, stall=3.0), ok("second try")]
    client = Client(provider.url, KEY, read_gap_timeout=1.0, retries=1, backoff=0.01)
    try:
        start = time.monotonic()
        result = client.chat(
            {"model": "kimi-k2.6", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
        )
    finally:
        client.close()
    assert result.text == "second try" and result.attempts == 2
    assert time.monotonic() - start < 3.0  # gave up on the silent stream before it resumed


def test_dry_run_prints_the_plan_not_a_report(cli, repo, provider) -> None:
    r = review(cli, repo, provider, "--task", "bugs", "--dry-run")
    assert r.code == 0 and not provider.requests
    assert r.out.startswith("review plan: bugs with kimi-k2.6") and "No findings" not in r.out
    assert re.search(r"review\s+[\d,]+ in, up to 16,384 out", r.out)
    plan = json.loads(
        review(cli, repo, provider, "--task", "bugs", "--dry-run", "--format", "json").out
    )
    assert plan["status"] == "dry-run" and len(plan["requests"]) == 1  # the pack is complete
    assert plan["estimated_cost_usd"] == round(plan["estimated_cost_usd"], 6) > 0
    # the printed cost can be checked by hand: it says the input is counted 10% over
    assert "input counted 10% over these o200k_base counts" in r.out
    (request,) = plan["requests"]
    grown = int(request["input_tokens"] * 1.1)
    by_hand = (grown * 0.95 + request["max_output_tokens"] * 4.0) / 1e6  # kimi-k2.6's prices
    assert abs(plan["estimated_cost_usd"] - by_hand) < 1e-4


def test_max_cost_with_an_unpriced_model_sends_nothing(cli, repo, provider) -> None:
    (repo / ".repoview.toml").write_text("[models.local]\ncontext = 32768\n")
    r = review(cli, repo, provider, "--task", "bugs", "--model", "local", "--max-cost", "0.01")
    assert r.code == 2 and not provider.requests
    assert "--max-cost needs a price and local has none" in r.err
    r = review(cli, repo, provider, "--task", "bugs", "--model", "local", "--dry-run")
    assert r.code == 0 and "cost      unknown" in r.out


def test_a_provider_without_usage_gets_repoviews_own_count(cli, repo, provider) -> None:
    enc = __import__("repoview.tokens", fromlist=["load_encoding"]).load_encoding("o200k_base")
    provider.answers += [ok(findings_json(BUG), no_usage=True)]
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    sent = sum(len(enc.encode_ordinary(m["content"])) for m in provider.chats[0]["messages"])
    usage = report["usage"]
    assert not usage["reported_by_provider"] and usage["estimated_requests"] == 1
    assert abs(usage["input_tokens"] - sent) <= sent * 0.10
    assert usage["output_tokens"] > 0 and report["cost_usd"] > 0
    assert report["estimated_cost_usd"] >= report["cost_usd"]
    assert any("no usage" in w for w in report["warnings"])


def test_prose_tasks_print_no_finding_count_and_no_repeated_opening(cli, repo, provider) -> None:
    opening = "A tiny app that reads one file named by the environment."
    provider.answers.append(ok(f"# Architecture\n\n{opening}\n\n## Components\n\n- `app.py`\n"))
    r = review(cli, repo, provider, "--task", "architecture")
    assert r.code == 0, r.err
    assert r.out.count(opening) == 1 and "findings" not in r.err.lower()
    assert "No findings" not in r.out


def test_an_expensive_review_asks_only_when_someone_can_answer(repo, provider) -> None:
    from repoview.errors import CostLimitError
    from repoview.reviewer import ReviewOptions, check_cost, plan_review

    opts = ReviewOptions(
        path=repo, task="bugs", env={"REPOVIEW_BASE_URL": provider.url}, confirm_above=0.0
    )
    asked: list[float] = []
    plan = plan_review(opts)
    check_cost(plan, opts)  # nobody to ask (no terminal): no question
    opts.confirm = lambda p: asked.append(p.cost or 0) is None and False
    with pytest.raises(CostLimitError, match="declined"):
        check_cost(plan, opts)
    assert asked == [plan.cost]
    opts.confirm_above = 1.0
    check_cost(plan, opts)  # below the threshold: not asked again
    assert len(asked) == 1 and not provider.requests


def test_library_review_returns_a_typed_report_and_stores_only_when_asked(
    repo, provider, tmp_path
) -> None:
    from repoview import review as library_review
    from repoview.findings import Finding

    provider.answers += [ok(findings_json(BUG)), ok(findings_json(BUG))]
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    home = tmp_path / "home"
    report = library_review(repo, task="bugs", model="kimi-k2.6", env=env, home=home)
    assert isinstance(report.findings[0], Finding) and report.findings[0].line == 5
    assert report.usage.input_tokens > 0 and report.run_id is None
    assert not (home / "runs.sqlite").exists()
    stored = library_review(repo, task="bugs", model="kimi-k2.6", env=env, home=home, store=True)
    assert stored.run_id is not None and (home / "runs.sqlite").exists()


def test_a_comparison_of_models_writes_no_sarif(cli, repo, provider, tmp_path: Path) -> None:
    out = tmp_path / "x.sarif"
    r = review(
        cli, repo, provider, "--task", "bugs", "--model", "kimi-k2.6,gpt-4o-mini",
        "--format", "sarif", "-o", str(out),
    )  # fmt: skip
    assert r.code == 2 and "compares models in a table: no SARIF" in r.err, r.err
    assert not out.exists() and not provider.chats


def test_compare_models_on_one_pack(cli, repo, provider) -> None:
    other = {**BUG, "title": "Unchecked environment variable", "line": 9}

    def responder(req):  # type: ignore[no-untyped-def]
        if req["model"] == "gpt-4o-mini":
            return ok(findings_json({**BUG, "line": 6, "title": "Leaked handle"}, other))
        return ok(findings_json(BUG))

    provider.responder = responder
    r = review(
        cli,
        repo,
        provider,
        "--task",
        "bugs",
        "--model",
        "kimi-k2.6,gpt-4o-mini",
        "--format",
        "json",
    )
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert [m["model"] for m in out["models"]] == ["kimi-k2.6", "gpt-4o-mini"]
    assert all(m["status"] == "ok" and m["input_tokens"] > 0 for m in out["models"])
    packs = {c["messages"][1]["content"] for c in provider.chats}
    assert len(provider.chats) == 2 and len(packs) == 1  # the same pack for both
    both = [p for p in out["findings"] if len(p["severity_by_model"]) == 2]
    assert len(both) == 1 and both[0]["path"] == "app.py"  # lines 5 and 6: one place
    assert len(out["findings"]) == 2
    md = review(cli, repo, provider, "--task", "bugs", "--model", "kimi-k2.6,gpt-4o-mini")
    assert "| kimi-k2.6 | ok |" in md.out and "## Findings by place" in md.out
    assert "Every model read the same pack (" in md.out and "in parts" not in md.out
    assert out["in_parts"] == []


@pytest.mark.parametrize(
    "usage",
    [
        {"prompt_tokens": 1000, "completion_tokens": 10, "cached_tokens": 800},
        {
            "prompt_tokens": 1000,
            "completion_tokens": 10,
            "prompt_tokens_details": {"cached_tokens": 800},
        },
        {"prompt_tokens": 1000, "completion_tokens": 10, "prompt_cache_hit_tokens": 800},
    ],
)
def test_cached_input_is_read_and_priced_as_cached(usage: dict) -> None:  # type: ignore[type-arg]
    from repoview.llm import Usage
    from repoview.registry import find_model, registry

    parsed = Usage.parse(usage)
    assert parsed is not None and parsed.cached_tokens == 800
    kimi = find_model("kimi-k2.6", registry())
    cost = kimi.cost(parsed.prompt_tokens, parsed.completion_tokens, parsed.cached_tokens)
    assert cost == pytest.approx((200 * 0.95 + 800 * 0.16 + 10 * 4.00) / 1e6)


def test_models_shows_the_budget_a_review_packs(cli) -> None:
    from repoview.registry import budget_for, find_model, registry

    rows = json.loads(cli("models", "--json").out)
    row = next(r for r in rows if r["name"] == "moonshot-v1-128k")
    model = find_model("moonshot-v1-128k", registry())
    assert row["budget"] == budget_for(model)
    assert row["budget_with_tools"] == budget_for(model) - int(model.context * 0.10)
    assert "w/ tools" in cli("models").out


def _on_a_terminal(args: list[str], env: dict[str, str], answer: bytes) -> tuple[int, str]:
    """Run the CLI with its stdin and stderr on a pseudo-terminal; answer its question."""
    import os
    import pty
    import select
    import subprocess
    import sys

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "repoview", *args],
        stdin=slave,
        stderr=slave,
        stdout=subprocess.PIPE,
        env={**os.environ, **env},
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
            if b"Send this review" in seen and answer:
                os.write(master, answer)
                answer = b""
    proc.wait(timeout=30)
    os.close(master)
    return proc.returncode, seen.decode("utf-8", "replace")


def test_a_terminal_is_asked_before_an_expensive_review(repo, provider) -> None:
    (repo / ".repoview.toml").write_text("[review]\nconfirm_above = 0.0\nretries = 1\n")
    env = {
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_MODEL": "kimi-k2.6",
        "REPOVIEW_API_KEY": KEY,
    }
    code, seen = _on_a_terminal(["review", str(repo), "--task", "bugs"], env, b"n\n")
    assert code == 2 and "Send this review" in seen and "declined" in seen
    assert not provider.chats
    provider.answers.append(ok(findings_json()))
    code, seen = _on_a_terminal(["review", str(repo), "--task", "bugs", "--yes"], env, b"")
    assert code == 0 and "Send this review" not in seen and len(provider.chats) == 1
    code, seen = _on_a_terminal(["review", str(repo), "--task", "bugs", "--dry-run"], env, b"")
    assert code == 0 and "Send this review" not in seen
    from .conftest import run_cli

    provider.answers.append(ok(findings_json()))
    piped = run_cli("review", str(repo), "--task", "bugs", env=env)  # no terminal: no question
    assert piped.code == 0 and "Send this review" not in piped.err and len(provider.chats) == 2


def test_a_garbled_stream_chunk_is_skipped_with_one_warning(cli, repo, provider) -> None:
    provider.answers.append(ok(findings_json(BUG, summary="One leak."), garbled_at=1))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert report["findings"][0]["title"] == "File handle leaked" and len(provider.chats) == 1
    warning = "skipped 1 streamed chunk(s) that were not JSON (first: '{not json at all')"
    assert warning in report["warnings"] and r.err.count("not JSON") == 1


def _stored_runs() -> list[sqlite3.Row]:
    import os

    db = sqlite3.connect(Path(os.environ["REPOVIEW_HOME"]) / "runs.sqlite")
    db.row_factory = sqlite3.Row
    return db.execute("SELECT * FROM runs ORDER BY id").fetchall()


def test_a_failed_run_keeps_the_cost_of_the_prompts_the_provider_took(cli, repo, provider) -> None:
    # A stream that drops every time: three attempts (retries = 2), each prompt taken.
    provider.answers += [ok(findings_json(BUG) * 3, drop_after=1) for _ in range(3)]
    dropped = review(cli, repo, provider, "--task", "bugs")
    assert dropped.code == 3 and "gave up after 3 attempts" in dropped.err
    # A provider that refuses every attempt with a 500 took no prompt.
    provider.answers += [Answer(status=500, error={"message": "boom"}) for _ in range(3)]
    refused = review(cli, repo, provider, "--task", "bugs")
    assert refused.code == 3 and len(provider.chats) == 6
    first, second = _stored_runs()
    estimate = json.loads(
        review(cli, repo, provider, "--task", "bugs", "--dry-run", "--format", "json").out
    )["requests"][0]["input_tokens"]
    assert first["status"] == "failed" and first["cost_usd"] > 0
    assert first["input_tokens"] == 3 * estimate  # each attempt sent the whole review
    stored = json.loads(first["report"])
    assert (
        stored["usage"]["estimated_requests"] == 3 and not stored["usage"]["reported_by_provider"]
    )
    assert any("counted as sent (an estimate)" in w for w in stored["warnings"])
    assert second["status"] == "failed" and second["input_tokens"] == 0
    assert second["cost_usd"] is None
    listing = cli("runs", env={}).out.splitlines()
    assert "$" in listing[2] and "$" not in listing[1]  # newest first


def test_a_failed_review_writes_its_report_where_o_asks(cli, repo, provider, tmp_path) -> None:
    out = tmp_path / "report.json"
    provider.answers += [Answer(status=500, error={"message": "boom"}) for _ in range(3)]
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json", "-o", str(out))
    assert r.code == 3 and "HTTP 500" in r.err
    report = json.loads(out.read_text())
    assert report["status"] == "failed" and "HTTP 500" in report["error"]
    assert report["findings"] == [] and f"its report: {out}" in r.err
    md = tmp_path / "report.md"
    provider.answers += [Answer(status=500, error={"message": "boom"}) for _ in range(3)]
    r = review(cli, repo, provider, "--task", "bugs", "-o", str(md))
    assert r.code == 3 and "Not reviewed: HTTP 500" in md.read_text()
    # No SARIF: an empty one reads as a clean analysis.
    sarif = tmp_path / "report.sarif"
    provider.answers += [Answer(status=500, error={"message": "boom"}) for _ in range(3)]
    r = review(cli, repo, provider, "--task", "bugs", "--format", "sarif", "-o", str(sarif))
    assert r.code == 3 and not sarif.exists()


def test_a_dropped_stream_before_the_answer_counts_in_the_runs_cost(cli, repo, provider) -> None:
    estimate = json.loads(
        review(cli, repo, provider, "--task", "bugs", "--dry-run", "--format", "json").out
    )["requests"][0]["input_tokens"]
    provider.answers += [ok(findings_json(BUG) * 3, drop_after=1), ok(findings_json(BUG))]
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0 and len(provider.chats) == 2, r.err
    usage = json.loads(r.out)["usage"]
    assert usage["attempts"] == 2
    dropped, answered = usage["per_request"]
    # The provider took the first prompt too: it is most likely billed, as a failed run's is.
    assert dropped["failed"] and dropped["input_tokens"] == estimate
    assert not answered["failed"] and answered["input_tokens"] > 0
    assert usage["input_tokens"] == dropped["input_tokens"] + answered["input_tokens"]
    # A part that fails every attempt counts each HTTP request among the attempts.
    provider.answers += [Answer(status=500, error={"message": "boom"}) for _ in range(3)]
    failed = review(cli, repo, provider, "--task", "bugs")
    assert failed.code == 3
    stored = json.loads(_stored_runs()[-1]["report"])
    assert stored["usage"]["attempts"] == 3


def test_a_terminal_shows_the_wait_for_the_first_byte(repo, provider) -> None:
    env = {
        "REPOVIEW_BASE_URL": provider.url,
        "REPOVIEW_MODEL": "kimi-k2.6",
        "REPOVIEW_API_KEY": KEY,
    }
    provider.answers.append(ok(findings_json(), delay=2.5))
    code, seen = _on_a_terminal(["review", str(repo), "--task", "bugs"], env, b"")
    assert code == 0, seen
    assert "waiting for the model's answer: 1 s" in seen
    assert "waiting for the model's answer: 2 s" in seen
    assert re.search(r"receiving: [1-9][\d,]* characters, 2\.\d s", seen)  # timed from the send
    provider.answers.append(ok(findings_json(), delay=1.5))
    code, seen = _on_a_terminal(["review", str(repo), "--task", "bugs", "-q"], env, b"")
    assert code == 0 and "waiting" not in seen and "receiving" not in seen
    provider.answers.append(ok(findings_json(), delay=1.5))
    from .conftest import run_cli

    piped = run_cli("review", str(repo), "--task", "bugs", env=env)  # not a terminal: no bar
    assert piped.code == 0 and "waiting" not in piped.err


def test_each_retry_is_said_and_the_summary_counts_the_attempts(cli, repo, provider) -> None:
    (repo / ".repoview.toml").write_text("[review]\nretries = 4\nbackoff = 0.05\n")
    provider.answers += [
        Answer(status=429, headers={"Retry-After": "1"}, error={"message": "rate limited"}),
        Answer(status=500, error={"message": "boom"}),
        ok(findings_json()),
    ]
    r = review(cli, repo, provider, "--task", "bugs")
    assert r.code == 0, r.err
    lines = r.err.splitlines()
    assert "review: HTTP 429, retrying in 1 s (attempt 2 of 5)" in lines
    assert any(
        re.fullmatch(r"review: HTTP 500, retrying in 0\.\d s \(attempt 3 of 5\)", x) for x in lines
    )
    assert "1 request(s) (3 attempts), " in r.err
    provider.answers += [Answer(status=500, error={"message": "boom"}), ok(findings_json())]
    quiet = review(cli, repo, provider, "--task", "bugs", "-q")
    assert quiet.code == 0 and quiet.err == ""


def test_credentials_in_the_base_url_are_sent_but_never_shown_or_stored(
    cli, repo, provider
) -> None:
    import base64
    import os

    secret = "ghp_URLSECRET0123456789"
    url = provider.url.replace("http://", f"http://gateway:{secret}@")
    # An answer that repeats a credential (a gateway that echoes the request) keeps none;
    # the user name is no secret, and masking it would mask a word of the answer.
    provider.answers.append(ok(findings_json(BUG, summary=f"One leak. {secret} {KEY} gateway")))
    env = {"REPOVIEW_BASE_URL": url, "REPOVIEW_MODEL": "kimi-k2.6", "REPOVIEW_API_KEY": KEY}
    r = cli("review", str(repo), "--task", "bugs", "--format", "json", env=env)
    assert r.code == 0, r.err
    # Sent as the URL asked (basic auth to the gateway), and said so.
    sent = provider.headers[-1]["Authorization"]
    assert base64.b64decode(sent.removeprefix("Basic ")).decode() == f"gateway:{secret}"
    assert "sent as basic auth, in place of the API key" in r.err
    shown = cli("config", str(repo), env=env)
    listed = cli("runs", "list", env=env)
    report = json.loads(r.out)
    assert report["base_url"] == provider.url
    assert report["summary"].endswith("*** *** gateway"), report["summary"]
    store = Path(os.environ["REPOVIEW_HOME"]) / "runs.sqlite"
    for text in (
        r.out,
        r.err,
        shown.out,
        shown.err,
        listed.out,
        store.read_bytes().decode("latin-1"),
    ):
        assert secret not in text and KEY not in text


def test_code_quality_says_which_findings_it_cannot_hold(cli, repo, provider) -> None:
    lost = {**BUG, "path": "gone/elsewhere.py", "title": "Somewhere else"}
    provider.answers.append(ok(findings_json(BUG, lost)))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "codequality")
    assert r.code == 0, r.err
    assert [i["location"]["path"] for i in json.loads(r.out)] == ["app.py"]
    assert "1 finding(s) name no file of the repository" in r.err


def test_retries_stop_before_they_pass_the_cost_limit(cli, repo, provider) -> None:
    plan = json.loads(
        review(cli, repo, provider, "--task", "bugs", "--dry-run", "--format", "json").out
    )
    from repoview.registry import registry
    from repoview.usage import estimated_cost

    most = plan["estimated_cost_usd"]
    prompt = estimated_cost(registry()["kimi-k2.6"], plan["estimated_input_tokens"], 0)
    assert prompt is not None and prompt > 0
    # A stream that drops every time: each attempt's prompt most likely billed. A limit
    # that holds the review and half a prompt more stops after the first, not after three.
    provider.answers += [ok(findings_json(BUG) * 3, drop_after=1) for _ in range(3)]
    limit = f"{most + prompt / 2:.8f}"
    r = review(cli, repo, provider, "--task", "bugs", "--max-cost", limit)
    assert r.code == 3 and len(provider.chats) == 1, r.err
    assert "not retried: another attempt could pass the cost limit" in r.err
    (run,) = _stored_runs()
    assert run["status"] == "failed" and run["cost_usd"] <= float(limit)
    # With room for every attempt, all of them are made.
    provider.answers += [ok(findings_json(BUG) * 3, drop_after=1) for _ in range(3)]
    r = review(cli, repo, provider, "--task", "bugs", "--max-cost", f"{most * 4:.6f}")
    assert r.code == 3 and len(provider.chats) == 4 and "gave up after 3 attempts" in r.err


def test_without_a_cost_limit_billed_retries_stop_at_the_reviews_estimate(
    cli, make_repo, provider
) -> None:
    # Each dropped stream loses its prompt; without --max-cost such losses may reach the
    # review's estimate once (the review costs at most twice its estimate), not once per retry.
    body = "".join(
        f"def step_{k}(value):\n    return value * {k} + {k % 7}\n\n\n" for k in range(300)
    )
    big = make_repo({"app.py": body, ".repoview.toml": "[review]\nretries = 4\nbackoff = 0.05\n"})
    args = ("--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "single", "--no-tools")
    plan = json.loads(review(cli, big, provider, *args, "--dry-run", "--format", "json").out)
    provider.answers += [ok(findings_json(BUG) * 3, drop_after=1) for _ in range(5)]
    r = review(cli, big, provider, *args)
    assert r.code == 3 and 2 <= len(provider.chats) < 5, r.err  # (retries = 4 would be 5)
    assert "not retried: the failed attempts most likely billed" in r.err
    assert "--max-cost USD lets retries go on within it" in r.err
    (run,) = _stored_runs()
    assert run["status"] == "failed" and run["cost_usd"] <= 2 * plan["estimated_cost_usd"]
    stored = json.loads(run["report"])
    assert stored["attempts"] == stored["usage"]["attempts"] == len(provider.chats)
    # Each attempt the provider took is an entry of its own, a prompt's size: as the bill has it.
    entries = stored["usage"]["per_request"]
    assert len(entries) == len(provider.chats) and all(e["failed"] for e in entries)
    assert {e["input_tokens"] for e in entries} == {plan["requests"][0]["input_tokens"]}
    assert "counted with the 10% tokenizer margin" in r.err


def test_the_markdown_report_keeps_the_models_html_and_images_inert(
    cli, repo, provider, tmp_path
) -> None:
    nasty = {
        **BUG,
        "title": "<img src=x onerror=alert(1)> leak",
        "body": "See ![x](http://tracker.example/x.png) and <script>alert(1)</script>, "
        "but `<b>` in code stays code. Thanks @everyone",
    }
    provider.answers.append(ok(findings_json(nasty)))
    out = tmp_path / "r.md"
    r = review(cli, repo, provider, "--task", "bugs", "-o", str(out))
    assert r.code == 0, r.err
    text = out.read_text()
    assert "<img" not in text and "<script>" not in text and "![" not in text
    assert "&lt;img src=x onerror=alert(1)> leak" in text
    assert "[x](http://tracker.example/x.png)" in text and "`<b>`" in text
    assert "Thanks @everyone" in text  # (a file on disk notifies nobody)
    # An answer that was not findings is shown raw, in a fence its own fences cannot close.
    provider.answers.append(ok("```\n<img src=x onerror=alert(2)>\n```\nno JSON here"))
    r = review(cli, repo, provider, "--task", "bugs", "-o", str(out))
    text = out.read_text()
    assert "````text\n```\n<img src=x onerror=alert(2)>\n```\nno JSON here\n````" in text


def test_the_output_file_names_the_format_unless_format_does(cli, repo, provider, tmp_path) -> None:
    # A report.json that holds Markdown breaks the script that reads it, and a .sarif one
    # the code-scanning upload.
    for name, check in (
        ("r.json", lambda t: json.loads(t)["findings"][0]["title"] == "File handle leaked"),
        ("r.sarif", lambda t: json.loads(t)["version"] == "2.1.0"),
        ("r.md", lambda t: t.startswith("# repoview bugs review")),
    ):
        provider.answers.append(ok(findings_json(BUG)))
        r = review(cli, repo, provider, "--task", "bugs", "-o", str(tmp_path / name))
        assert r.code == 0, r.err
        assert check((tmp_path / name).read_text()), name
    provider.answers.append(ok(findings_json(BUG)))
    said = tmp_path / "said.json"
    r = review(cli, repo, provider, "--task", "bugs", "--format", "markdown", "-o", str(said))
    assert r.code == 0 and said.read_text().startswith("# repoview bugs review"), r.err
    # A prose task cannot fill a SARIF file: refused before anything is sent.
    sent = len(provider.chats)
    r = review(cli, repo, provider, "--task", "architecture", "-o", str(tmp_path / "a.sarif"))
    assert r.code == 2 and "no findings for SARIF" in r.err and len(provider.chats) == sent


def test_docs_files_keep_a_fenced_marker_join_a_file_named_twice_and_load_nothing(
    tmp_path: Path,
) -> None:
    from repoview.outcome import write_docs

    answer = (
        "=== FILE: docs/overview.md ===\n# Overview\n\nFirst part.\n"
        '<img src="http://tracker.example/x.png"> ![logo](http://tracker.example/l.png)\n'
        "=== FILE: docs/api.md ===\n# API\n\nThe format:\n\n```text\n"
        "=== FILE: docs/fake.md ===\n```\n\nAfter the block.\n"
        "=== FILE: docs/overview.md ===\nSecond part.\n"
    )
    warnings: list[str] = []
    written = write_docs(answer, tmp_path, warnings)
    assert sorted(Path(p).name for p in written) == ["api.md", "overview.md"]
    api = (tmp_path / "docs/api.md").read_text()
    assert "=== FILE: docs/fake.md ===" in api and "After the block." in api
    overview = (tmp_path / "docs/overview.md").read_text()
    assert "First part." in overview and "Second part." in overview
    assert "<img" not in overview and "![logo]" not in overview and "[logo]" in overview
    assert warnings == ["'docs/overview.md' was named twice: its sections are joined"]


def test_a_secret_the_answer_quotes_is_redacted_everywhere_it_is_kept(
    cli, repo, provider, tmp_path
) -> None:
    import os

    token = "ghp_" + "Zq8Lx2Vb7Nw4Pt6Rm1Ks9Hj3Gf5Dc0Ya8Ue2"
    quoted = dict(BUG, title=f"Token {token} in the source", body=f"remove `{token}`")
    provider.answers.append(ok(findings_json(quoted, summary=f"Found {token}.")))
    sarif = tmp_path / "r.sarif"
    r = review(cli, repo, provider, "--task", "bugs", "--format", "sarif", "-o", str(sarif))
    assert r.code == 0, r.err
    provider.answers.append(ok(f"# Architecture\n\nThe deploy token is {token}.\n"))
    r2 = review(cli, repo, provider, "--task", "architecture", "--format", "json")
    assert r2.code == 0, r2.err
    kept = sarif.read_text() + r.out + r.err + r2.out + r2.err
    home = Path(os.environ["REPOVIEW_HOME"])
    kept += "".join(p.read_bytes().decode("latin-1") for p in home.rglob("*") if p.is_file())
    assert token not in kept
    assert "[REDACTED:github-token]" in sarif.read_text()
    assert "[REDACTED:" in json.loads(r2.out)["document"]
    assert "1 secret(s) the answer quoted were redacted" in json.loads(r2.out)["warnings"]


def test_a_reports_duration_counts_the_packing(repo, provider, tmp_path, monkeypatch) -> None:
    import repoview.reviewer as reviewer
    from repoview import review as library_review

    planned = reviewer._plan_review

    def slow(*args, **kw):  # type: ignore[no-untyped-def]
        time.sleep(0.6)  # (packing a large repository: seconds before the first request)
        return planned(*args, **kw)

    monkeypatch.setattr(reviewer, "_plan_review", slow)
    provider.answers.append(ok(findings_json(BUG)))
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    report = library_review(repo, task="bugs", model="kimi-k2.6", env=env, home=tmp_path / "h")
    assert report.duration_s >= 0.6


def test_a_password_the_pack_redacted_is_redacted_in_the_answer_too(
    cli, make_repo, provider
) -> None:
    import os

    password = "Pg7wQ2xK9mLr4Tz"
    repo = make_repo(
        {
            "app.py": APP,
            "config/application.yml": f"spring:\n  datasource:\n    password: {password}\n",
            # A test asserts the same value: kept there, as a test's literal is.
            "tests/test_config.py": f'def test_pw(cfg):\n    assert cfg.pw == "{password}"\n',
            ".repoview.toml": "[review]\nretries = 2\nbackoff = 0.05\n",
        }
    )
    quoted = dict(BUG, body=f"the database password {password} is in the repository")
    provider.answers.append(ok(findings_json(quoted, summary="One finding.")))
    r = review(cli, repo, provider, "--task", "bugs", "--format", "json")
    assert r.code == 0, r.err
    assert password not in r.out
    assert "[REDACTED:known-secret]" in json.loads(r.out)["findings"][0]["body"]
    home = Path(os.environ["REPOVIEW_HOME"])
    kept = "".join(p.read_bytes().decode("latin-1") for p in home.rglob("*") if p.is_file())
    assert password not in kept


def test_a_diff_reviews_answer_is_cleared_of_what_the_diff_redacted(
    cli, make_repo, provider
) -> None:
    from .conftest import git

    password = "Qw7!nVb2#LmZ9xPe"
    repo = make_repo({"app.py": APP, ".repoview.toml": "[review]\nretries = 2\nbackoff = 0.05\n"})
    (repo / "config.yml").write_text(f"db:\n  password: {password}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "config")
    quoted = dict(BUG, path="config.yml", line=2, body=f"the password {password} is committed")
    provider.answers.append(ok(findings_json(quoted, summary="One finding.")))
    r = review(cli, repo, provider, "--task", "diff", "--diff", "HEAD~1..HEAD", "--format", "json")
    assert r.code == 0, r.err
    assert password not in r.out and password not in json.dumps(provider.chats)
    assert "[REDACTED:known-secret]" in json.loads(r.out)["findings"][0]["body"]
