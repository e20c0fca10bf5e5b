"""A C function whose name a macro wraps, `int WRAP(f)(int a) {` (to place or rename it per
build): it defines `f`, with those parameters, for its callers and its signature line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.extract import c_names
from repoview.analyze.rank import source_importers
from repoview.packer import PackOptions, build_pack
from repoview.signature_lines import signatures

MakeRepo = Callable[..., Path]

ENGINE = """#include "engine.h"

#ifndef PLACE_RUN
#define PLACE_RUN(f) f
#endif

result_t PLACE_RUN(engine_run)(state_t *state, volatile int flags) {
    return state->n + flags;
}

int PLACE_RUN(engine_stop)(state_t *state)
{
    return 0;
}
"""
HEADER = "typedef int result_t;\ntypedef struct { int n; } state_t;\n"
HEADER += "result_t engine_run(state_t *state, volatile int flags);\nint engine_stop(state_t *);\n"


def test_a_wrapped_name_is_the_function_defined() -> None:
    specs = dict(c_names(ENGINE))
    assert specs["defines"] == "engine_stop"
    assert specs["defines_under"] == "result_t=engine_run"
    assert "PLACE_RUN" not in specs["defines"]


def test_its_signature_keeps_its_parameters() -> None:
    lines = signatures(ENGINE, "C").splitlines()
    assert "result_t PLACE_RUN(engine_run)(state_t *, volatile int)" in lines
    assert "int PLACE_RUN(engine_stop)(state_t *)" in lines


def test_its_callers_count_for_it(make_repo: MakeRepo) -> None:
    files: dict[str, str | bytes] = {"core/engine.h": HEADER, "core/engine.c": ENGINE}
    for i in range(6):
        files[f"core/user{i}.c"] = (
            f'#include "engine.h"\n\nint\nuser{i}(state_t *s)\n{{\n'
            f"\treturn engine_run(s, {i});\n}}\n"
        )
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    assert source_importers(pack.files)["core/engine.c"] == 6
