"""A pack read, decoded and counted a few files at a time is the same pack, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from repoview import collect, render
from repoview.packer import PackOptions, build_pack
from repoview.tokens import load_encoding


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": f"def f{i}(x):\n    return x + {i}\n\n\n" * (10 + 7 * i) for i in range(24)
    }
    files["pkg/__init__.py"] = "from pkg import m1, m2\n"
    files["README.md"] = "# Café\n\nNon-ASCII text — 日本語 — and an emoji 🙂.\n"
    files["table.txt"] = b"\x00\x01\x02binary\x00" * 50
    files["notes.txt"] = "a line ]]> with a CDATA end\r\nand carriage returns\r\n"
    return files


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_small_groups_give_the_same_pack(
    make_repo: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    repo = make_repo(_files())
    whole = build_pack(PackOptions(path=repo, fmt=fmt, home=tmp_path / "whole"))
    # One file per group: every file read, decoded and counted in a group of its own.
    monkeypatch.setattr(collect, "_READ_GROUP", 1)
    monkeypatch.setattr(render, "_COUNT_GROUP", 1)
    for run in ("cold", "warm"):
        grouped = build_pack(PackOptions(path=repo, fmt=fmt, home=tmp_path / "grouped"))
        assert grouped.output == whole.output, run
        assert [(f.path, f.size, f.lines, f.tokens) for f in grouped.files] == [
            (f.path, f.size, f.lines, f.tokens) for f in whole.files
        ]
        assert [(e.path, e.reason) for e in grouped.excluded] == [("table.txt", "binary")]
        enc = load_encoding("o200k_base")
        assert grouped.total_tokens == len(enc.encode_ordinary(grouped.output))
    assert grouped.cache_hits > 0 and grouped.cache_misses == 0  # the warm run counted nothing


def test_a_json_pack_is_held_in_pieces_not_one_string(
    make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    import json

    repo = make_repo(_files())
    pack = build_pack(PackOptions(path=repo, fmt="json", home=tmp_path))
    shown = [f for f in pack.files if f.mode != "listed"]
    assert len(shown) > 20
    # Every file is one line of the json: the output keeps those lines as its pieces.
    assert len(pack.chunks) >= len(shown)
    assert max(map(len, pack.chunks)) < len(pack.output) // 10
    assert [f["path"] for f in json.loads(pack.output)["files"]] == [f.path for f in shown]
