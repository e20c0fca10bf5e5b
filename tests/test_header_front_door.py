"""A header-only library's front door: a header no source file includes, that brings many
of its headers together and that its tests and examples include, ranks as a program's
main file does, not below the headers it includes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.rank import History, rank_files
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

PARTS = [f"include/lib/detail/part{i:02}.hpp" for i in range(12)]


def library(door_includes: list[str]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        p: f"#pragma once\nstruct part{i} {{}};\n" for i, p in enumerate(PARTS)
    }
    files["include/lib/lib.hpp"] = "#pragma once\n" + "".join(
        f"#include <{p.removeprefix('include/')}>\n" for p in door_includes
    )
    for i in range(5):
        files[f"tests/t{i}.cpp"] = "#include <lib/lib.hpp>\n\nint main() { return 0; }\n"
    files["examples/hello.cpp"] = "#include <lib/lib.hpp>\n\nint main() { return 0; }\n"
    files["CMakeLists.txt"] = "include_directories(include)\n"
    return files


def ranked(make_repo: MakeRepo, files: dict[str, str | bytes]) -> dict[str, float]:
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    return rank_files(pack.files, History())


def test_the_front_door_ranks_as_an_entry_point(make_repo: MakeRepo) -> None:
    scores = ranked(make_repo, library(PARTS))
    door = scores["include/lib/lib.hpp"]
    assert door == round(1.0 + 0.5 + 12 / 32, 2)
    assert door > max(scores[p] for p in PARTS)


def test_a_header_of_few_includes_is_no_door(make_repo: MakeRepo) -> None:
    scores = ranked(make_repo, library(PARTS[:3]))
    assert scores["include/lib/lib.hpp"] == 1.0
