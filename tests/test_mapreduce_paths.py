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
    assert flagged[ELSEWHERE["title"]] == ["path not in the pack", "said at line 12"]
    assert flagged[PAST_END["title"]][0].startswith("line 9000 beyond")
    assert flagged[BUG["title"]] == []
    warning = "2 finding(s) point at a path or line not in the pack"
    assert warning in report["warnings"], report["warnings"]
    assert f"review: warning: {warning}" in r.err


def test_a_part_over_several_top_folders_names_them() -> None:
    from repoview.mapreduce import Piece, _label

    def piece(path: str) -> Piece:
        return Piece(path, f'<file path="{path}">x</file>', 10)

    spread = _label([piece("axum/src/response/mod.rs"), piece("axum-extra/src/lib.rs")])
    assert spread.startswith("axum-extra/, axum/: 2 file(s), ")  # not `./`, which says nothing
    root = _label([piece("a.py"), piece("b.py")])
    assert root == "./: 2 file(s), a.py to b.py"
    one = _label([piece("src/a/x.py"), piece("src/b/y.py")])
    assert one == "src/: 2 file(s), a/x.py to b/y.py"


def test_a_long_label_keeps_whole_groups() -> None:
    from repoview.mapreduce import _within
    from repoview.tokens import TokenCounter

    counter = TokenCounter("o200k_base")
    groups = [f"runtime/keymap{i}/: 87 file(s), arabic.vim to korean-{i}.vim" for i in range(6)]
    label = _within("; ".join(groups), 60, counter)
    assert counter.count(label) <= 60
    kept = label.split("; ")
    assert kept[0] == groups[0] and kept[-1] == groups[-1]  # whole, not cut mid-name
    assert any(k.endswith("more group(s)") for k in kept)
    assert "…" not in label
    one = _within("src/: 400 file(s), " + "deep/" * 40 + "a.py to b.py", 20, counter)
    assert "…" in one and one.startswith("src/") and one.endswith("b.py")
