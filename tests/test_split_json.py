"""A json pack splits like the others, though its escapes make each file cost more than
its text's count."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from repoview.cli import cli
from repoview.tokens import load_encoding

from .conftest import MakeRepo


def _module(i: int) -> str:
    # Quotes, tabs and backslashes: each is an escape in json, and newlines are too.
    return "".join(
        f'def f{i}_{j}(a):\n\tpath = "C:\\\\data\\\\{j}\\\\\\"{i}\\""\n'
        f'\treturn {{\'k{j}\': "v\\t{i}", "a": a}}\n\n'
        for j in range(40)
    )


def test_a_json_pack_of_many_parts_splits_within_each_limit(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    repo = make_repo({f"pkg/m{i:02}.py": _module(i) for i in range(60)})
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(
        cli,
        [
            "pack",
            str(repo),
            "--format",
            "json",
            "--split-tokens",
            "6000",
            "-q",
            "-o",
            str(out / "pack.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    parts = sorted(out.glob("pack.part*.json"))
    assert len(parts) >= 6
    enc = load_encoding("o200k_base")
    seen: list[str] = []
    for part in parts:
        text = part.read_text()
        assert len(enc.encode(text, disallowed_special=())) <= 6000
        seen += [f["path"] for f in json.loads(text)["files"]]
    assert sorted(seen) == [f"pkg/m{i:02}.py" for i in range(60)]  # each file once
