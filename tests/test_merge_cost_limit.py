"""--max-cost and a map-reduce review: the merge's estimate counts every part answering its
whole reserve; a limit below that but above what the merge needs at least cuts the merge's
input to fit instead of refusing the review."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import handlers
from .provider import Answer, Provider, findings_json, ok

KEY = "sk-merge-limit-test-0123456789abcdefghij"
ARGS = ["--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "map-reduce"]


@pytest.fixture
def lib(make_repo) -> Path:
    files: dict[str, str | bytes] = {"README.md": "# Lib\n"}
    for m in range(8):
        files[f"lib/mod{m}.py"] = handlers(f"handle_{m}", 30, kind=str(m))
    return make_repo(files)


def env(provider: Provider) -> dict[str, str]:
    return {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}


def plan(cli, repo: Path, provider: Provider, *more: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    r = cli("review", str(repo), *ARGS, "--dry-run", "--format", "json", *more, env=env(provider))
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_a_limit_under_the_merges_upper_bound_cuts_the_merge_not_the_review(
    lib: Path, provider: Provider, cli
) -> None:
    whole = plan(cli, lib, provider)
    merge = whole["requests"][-1]
    assert merge["label"] == "merge" and len(whole["requests"]) >= 3
    parts = whole["requests"][:-1]
    # A limit that pays for every part in full and for a merge of about a third of its
    # upper bound (input at $0.60 a million).
    limit = round(whole["estimated_cost_usd"] - merge["input_tokens"] * 0.6 * 0.60 / 1e6, 4)
    assert limit < whole["estimated_cost_usd"]

    capped = plan(cli, lib, provider, "--max-cost", str(limit))
    assert capped["estimated_cost_usd"] <= limit
    room = capped["requests"][-1]["input_tokens"]
    assert room < merge["input_tokens"]
    assert any("to stay within --max-cost" in n for n in capped["notes"]), capped["notes"]

    # Every part answers at length (within its reserve, as a provider keeps it): the merge
    # gets the parts' reports cut to its room.
    words = "the handler routes a request of this kind to the wrong place when options is empty "

    def answer(body: dict[str, Any]) -> Answer:
        found = re.search(r"part (\d+) of \d+", body["messages"][-1]["content"])
        if found is None:
            return ok(findings_json(summary="Merged."))
        many = [
            {
                "severity": "low",
                "category": "style",
                "title": f"Part {found.group(1)} finding {k}",
                "path": f"lib/mod{k % 8}.py",
                "line": 1 + k,
                "body": words * 8,
            }
            for k in range(8)
        ]
        return ok(findings_json(*many, summary=words * 20))

    provider.responder = answer
    r = cli(
        "review", str(lib), *ARGS, "--max-cost", str(limit), "--format", "json", env=env(provider)
    )
    assert r.code in (0, 1), r.err  # (findings at low: the default --fail-on passes them)
    assert "within --max-cost: the merge reads at most" in r.err, r.err
    report = json.loads(r.out)
    assert len(provider.chats) == len(parts) + 1
    merged = provider.chats[-1]["messages"][-1]["content"]
    assert "partial reports cut to fit the window" in merged
    assert report["cost_usd"] <= limit
    # The findings are merged here, not by the model: none is lost to the cut (the parts
    # report the same eight places, each once in the report).
    assert len(report["findings"]) == 8, report["findings"]


def test_a_limit_under_the_merges_floor_still_refuses(lib: Path, provider: Provider, cli) -> None:
    whole = plan(cli, lib, provider)
    parts = whole["requests"][:-1]
    per_in, per_out = 0.60 / 1e6, 1.20 / 1e6
    parts_cost = sum(r["input_tokens"] * per_in + r["max_output_tokens"] * per_out for r in parts)
    r = cli(
        "review",
        str(lib),
        *ARGS,
        "--max-cost",
        f"{parts_cost:.4f}",
        "--format",
        "json",
        env=env(provider),
    )
    assert r.code != 0 and "is above --max-cost" in r.err, r.err
    assert provider.chats == []
