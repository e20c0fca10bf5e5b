"""A repository of many programs (a port per platform, each with its `main()`) has no one
front door: the extra weight of an entry point is shared among them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.rank import History, rank_files
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

HEADERS = [f"core/h{i:02}.h" for i in range(24)]


def program(n_includes: int) -> str:
    includes = "".join(f'#include "../../{h}"\n' for h in HEADERS[:n_includes])
    return f"{includes}\nint\nmain(int argc, char **argv)\n{{\n\treturn 0;\n}}\n"


def scores(make_repo: MakeRepo, files: dict[str, str | bytes]) -> dict[str, float]:
    files.update({h: f"int f{i}(void);\n" for i, h in enumerate(HEADERS)})
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    return rank_files(pack.files, History())


def test_one_program_keeps_its_entry_weight_beside_small_tools(make_repo: MakeRepo) -> None:
    alone = scores(make_repo, {"ports/a/main.c": program(24)})
    files: dict[str, str | bytes] = {"ports/a/main.c": program(24)}
    files.update({f"tools/t{i}/tool.c": program(2) for i in range(6)})  # (one level deeper)
    with_tools = scores(make_repo, files)
    assert with_tools["ports/a/main.c"] == alone["ports/a/main.c"] == 1.0 + 0.5 + 0.75


def test_many_programs_share_it(make_repo: MakeRepo) -> None:
    ports = scores(make_repo, {f"ports/p{i}/main.c": program(24) for i in range(8)})
    # Eight main files of 24 includes each: six programs' worth (a full one includes 32),
    # so each gets four sixths of its extra weight.
    assert ports["ports/p3/main.c"] == round(1.0 + (0.5 + 0.75) * 4 / 6, 2)
    assert ports["ports/p3/main.c"] < 2.25
