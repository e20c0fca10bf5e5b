"""Map-reduce in several parts where a part's answer is not the findings JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import handlers
from .provider import Answer, Provider, findings_json, ok

KEY = "sk-unread-part-test-0123456789abcdefghij"
BUG = {
    "severity": "high",
    "category": "bug",
    "title": "Kind routed to the wrong handler",
    "path": "lib/mod0.py",
    "line": 4,
    "body": "route() gets the wrong kind",
    "suggestion": "pass k",
}


@pytest.fixture
def lib(make_repo) -> Path:
    """Source that an 8k window reviews in several parts."""
    files: dict[str, str | bytes] = {
        "README.md": "# Lib\n",
        ".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\n",
    }
    for m in range(8):
        files[f"lib/mod{m}.py"] = handlers(f"handle_{m}", 30, kind=str(m))
    return make_repo(files)


def part_of(body: dict[str, Any]) -> int:
    """The part a request reviews (0: the merge)."""
    user = body["messages"][-1]["content"]
    found = re.search(r"part (\d+) of \d+", user)
    return int(found.group(1)) if found else 0


def review(cli, repo: Path, provider: Provider):  # type: ignore[no-untyped-def]
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    args = ["--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "map-reduce"]
    return cli("review", str(repo), *args, "--format", "json", env=env)


def test_a_part_answered_in_prose_is_named(lib: Path, provider: Provider, cli) -> None:
    def answer(body: dict[str, Any]) -> Answer:
        part = part_of(body)
        if part == 2:
            return ok("I had a look and everything seems fine.")
        if part == 0:
            return ok(findings_json(BUG, summary="Merged."))
        found = [BUG] if part == 1 else []
        return ok(findings_json(*found, summary=f"Part {part}."))

    provider.responder = answer
    r = review(cli, lib, provider)
    assert r.code == 0, r.err
    report = json.loads(r.out)
    parts = len(report["parts"])
    assert parts >= 3, report["parts"]
    warned = [w for w in report["warnings"] if "not the requested findings JSON" in w]
    assert warned == [
        f"the answer(s) of part(s) 2 of {parts} were not the requested findings JSON: "
        "no findings from them"
    ], report["warnings"]
    assert [f["title"] for f in report["findings"]] == [BUG["title"]]
    assert "raw" not in report or not report["raw"]
    assert sum(1 for b in provider.chats if part_of(b) == 0) == 1  # merged
    # Each part and the merge stream, as one review does (a long part's answer takes minutes)
    assert all(b["stream"] is True for b in provider.chats), [b["stream"] for b in provider.chats]


def test_no_part_answered_with_findings_is_not_a_review(lib: Path, provider: Provider, cli) -> None:
    provider.responder = lambda body: ok(f"Part {part_of(body)} looks fine to me.")
    r = review(cli, lib, provider)
    assert r.code == 3, r.err
    report = json.loads(r.out)
    parts = len(report["parts"])
    assert parts >= 3 and not report["findings"]
    # No merge of answers that reviewed nothing: one request per part, each answer kept.
    assert len(provider.chats) == parts and all(part_of(b) for b in provider.chats)
    for i in range(1, parts + 1):
        assert f"(part {i} of {parts})\nPart {i} looks fine to me." in report["raw"]
    listed = cli("runs", "--repo", str(lib)).out.splitlines()
    assert listed[1].split()[4] == "not-reviewed", listed


def test_a_secret_a_part_quotes_is_not_sent_on_to_the_merge(
    lib: Path, provider: Provider, cli
) -> None:
    token = "ghp_" + "Zq8vN3kLp2Xr7Tm4Wy9BqX7cD1eF5gH6jK0m"  # a GitHub token's form
    quoting = {**BUG, "body": f"the handler logs {token} on every call"}

    def answer(body: dict[str, Any]) -> Answer:
        part = part_of(body)
        if part == 0:
            return ok(findings_json(BUG, summary="Merged."))
        found = [quoting] if part == 1 else []
        return ok(findings_json(*found, summary=f"Part {part} saw {token}."))

    provider.responder = answer
    r = review(cli, lib, provider)
    assert r.code == 0, r.err
    merge = [b for b in provider.chats if part_of(b) == 0]
    assert len(merge) == 1
    sent = merge[0]["messages"][-1]["content"]
    assert token not in sent and "[REDACTED:" in sent and "Part 1 saw" in sent
    assert token not in r.out
