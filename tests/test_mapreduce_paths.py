"""A review in parts warns about findings outside the pack, as a single answer's review does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .provider import Answer, Provider, findings_json, ok
from .test_map_reduce_unread_part import BUG, lib, part_of, review

__all__ = ["lib"]  # the fixture, used by name

ELSEWHERE = {**BUG, "title": "Nil map written", "path": "src/core/engine.go", "line": 12}
PAST_END = {**BUG, "title": "Off by one", "path": "lib/mod1.py", "line": 9000}


def test_findings_outside_the_pack_are_warned_about(lib: Path, provider: Provider, cli) -> None:  # type: ignore[no-untyped-def]
    def answer(body: dict[str, Any]) -> Answer:
        part = part_of(body)
        if part == 0:
            return ok(findings_json(summary="Merged."))
        # Every part names the same missing file: merged, it is one finding.
        found = [ELSEWHERE, BUG] + ([PAST_END] if part == 2 else [])
        return ok(findings_json(*found, summary=f"Part {part}."))

    provider.responder = answer
    r = review(cli, lib, provider)
    assert r.code == 0, r.err
    report = json.loads(r.out)
    assert len(report["parts"]) >= 3, report["parts"]
    flagged = {f["title"]: f.get("flags", []) for f in report["findings"]}
    assert flagged[ELSEWHERE["title"]] == ["path not in the pack"]
    assert flagged[PAST_END["title"]][0].startswith("line 9000 beyond")
    assert flagged[BUG["title"]] == []
    warning = "2 finding(s) point at a path or line not in the pack"
    assert warning in report["warnings"], report["warnings"]
    assert f"review: warning: {warning}" in r.err
