"""A library bundled in a subfolder of the project's own headers is left out; the project's
headers beside it are kept, and so are ignore files whatever their comments say."""

from __future__ import annotations

from pathlib import Path

import pytest

from repoview.ignore import generated_marker
from repoview.packer import PackOptions, build_pack
from repoview.vendored import is_license

MIT = "MIT License\n\nCopyright (c) 2016 Jane Owner\n\nPermission is hereby granted...\n"
OWN = "// Copyright(c) 2016-present, Jane Owner & contributors.\n#pragma once\n"
BUNDLED = ("core", "format", "chrono", "color", "ranges", "os", "printf", "args")


def bundled(name: str) -> str:
    return (
        f"// Formatting library for C++ - {name}\n//\n"
        "// Copyright (c) 2012 - present, Victor Other\n// All rights reserved.\n\n"
        f'#pragma once\n#include "core.h"\nnamespace fmt {{ int {name}_fn(int v); }}\n'
    )


def excluded(repo: Path) -> dict[str, tuple[str, str]]:
    pack = build_pack(PackOptions(path=repo, cache=False))
    return {e.path: (e.reason, e.detail) for e in pack.excluded}


def library(inside: str, *, licence: bool, own: int = 3, stub: bool = True) -> dict[str, str]:
    """A header library with another project's copy in `inside`/bundled/ (a stub that only
    includes another of its headers among them), the project's wrapper beside it, and `own`
    headers of the project's."""
    files = {
        "LICENSE": MIT,
        f"{inside}/fmt.h": OWN + "#include <mylib/fmt/bundled/format.h>\n",
        **{f"{inside}/bundled/{n}.h": bundled(n) for n in BUNDLED},
        **{
            f"include/mylib/own{i}.h": OWN + f"namespace mylib {{ int own{i}(); }}\n"
            for i in range(own)
        },
        "src/main.cpp": '#include "mylib/own0.h"\nint main() { return 0; }\n',
    }
    if stub:
        files[f"{inside}/bundled/locale.h"] = '#include "xchar.h"\n#warning deprecated\n'
    if licence:
        files[f"{inside}/bundled/fmt.license.rst"] = "Copyright (c) 2012 - present, Victor Other\n"
    return files


def test_a_licence_named_for_the_library_it_covers_is_a_licence() -> None:
    for name in ("fmt.license.rst", "fmt.license", "zlib-LICENSE", "PLY_LICENSE.rst"):
        assert is_license(name), name
    for name in ("license-check.sh", "check_license.py", "licensing.md", "sublicense.c"):
        assert not is_license(name), name


@pytest.mark.parametrize("licence", [True, False])
def test_a_bundled_copy_with_a_stub_that_names_no_holder_is_left_out(
    make_repo, licence: bool
) -> None:
    repo = make_repo(library("include/mylib/fmt", licence=licence))
    got = excluded(repo)
    copy = {p for p in got if "/bundled/" in p}
    assert copy == {
        *(f"include/mylib/fmt/bundled/{n}.h" for n in (*BUNDLED, "locale")),
        *(["include/mylib/fmt/bundled/fmt.license.rst"] if licence else []),
    }
    assert set(got) == copy  # the wrapper and the project's headers are kept
    assert {reason for reason, _ in got.values()} == {"vendored"}
    if not licence:  # (the range runs to the present: the holder is the name after it)
        assert {d for _, d in got.values()} == {
            "another project in include/mylib/fmt/bundled/ (its files are copyright Victor Other)"
        }


@pytest.mark.parametrize("own", [1, 3, 9])
def test_own_headers_beside_a_copy_that_sorts_first_are_kept(make_repo, own: int) -> None:
    # without a licence of its own, the copy's eight headers sort before the project's
    repo = make_repo(library("include/mylib/fmt", licence=False, own=own, stub=False))
    got = excluded(repo)
    assert set(got) == {f"include/mylib/fmt/bundled/{n}.h" for n in BUNDLED}


def test_an_own_header_the_sample_of_a_large_folder_misses_keeps_it(make_repo) -> None:
    files = {
        "LICENSE": MIT,
        **{f"include/lib/x/h{i:02}.h": bundled(f"h{i:02}") for i in range(30)},
        "include/lib/x/zz_own.h": OWN + "int own();\n",
    }
    assert excluded(make_repo(files)) == {}


def test_the_projects_files_without_notices_and_a_contributors_few_are_kept(make_repo) -> None:
    contributed = "/* Copyright (C) 2019 Joe Contributor */\n"
    files = {
        "LICENSE": MIT,
        # most of the folder says nothing of whose it is; a contributor's files name him
        **{f"lib/core/m{i}.c": f"int m{i}(void) {{ return {i}; }}\n" for i in range(5)},
        **{f"lib/core/c{i}.c": contributed + f"int c{i};\n" for i in range(3)},
        # five files of another holder and a stub: fewer than a folder needs
        **{f"lib/few/f{i}.c": "/* Copyright (C) 2019 Ann Other */\nint f;\n" for i in range(5)},
        "lib/few/stub.h": '#include "f0.h"\n',
    }
    assert excluded(make_repo(files)) == {}


def test_a_contributors_module_with_two_files_that_name_no_one_is_kept(make_repo) -> None:
    # six of eight name one contributor, two say nothing: too few to call it a copy
    files = {
        "LICENSE": MIT,
        **{f"test/fuzz/f{i}.cc": "// Copyright (c) 2019, Paul Fuzzer\nint f;\n" for i in range(6)},
        "test/fuzz/main.cc": "#include <cassert>\nint main() { return 0; }\n",
        "test/fuzz/float.cc": "#include <cstdint>\nint g;\n",
    }
    assert excluded(make_repo(files)) == {}


def test_a_vendors_generated_folder_is_left_out_but_not_the_port_beside_it(make_repo) -> None:
    vendor = "/*\n * Copyright 2026 Chip Vendor Corporation (a Group company) or\n */\nint c;\n"
    files = {
        "LICENSE": MIT,
        # a vendor's configurator output, with a few headers that name no one
        **{f"ports/x/boards/B/cfg/cycfg_{i:02}.c": vendor for i in range(24)},
        **{f"ports/x/boards/B/cfg/mem_{i}.h": "#define MEM 1\n" for i in range(6)},
        # the port's own board files: another contributor's notice, and none
        "ports/x/boards/B/mpconfigboard.h": "/* Copyright (c) 2025 Port Author AG */\n#define B 1\n",
        "ports/x/boards/prefix.c": "#include <stdio.h>\n",
    }
    got = excluded(make_repo(files))
    assert set(got) == {p for p in files if "/cfg/" in p}


@pytest.mark.parametrize(
    "name", [".gitignore", "sub/.dockerignore", ".npmignore", ".gitattributes", ".prettierignore"]
)
def test_an_ignore_file_is_kept_whatever_its_comments_say(make_repo, name: str) -> None:
    text = "# Auto generated files\nbuild/\n*.o\n"
    repo = make_repo({"main.c": "int main;\n", name: text})
    assert excluded(repo) == {}
    # (a tool's own words atop one it wrote keep it too; elsewhere they mark a file)
    made = "# Created by https://www.toptal.com/developers/gitignore\n# DO NOT EDIT\n*.o\n"
    assert generated_marker(made, ".gitignore") is None
    assert generated_marker(text, "files.txt") is not None
