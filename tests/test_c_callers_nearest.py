"""Which file a C function's caller is tied to: not one whose function shares a name with
a macro the caller defines, nor the C library's, and of two programs' copies its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.extract import c_names
from repoview.analyze.rank import source_importers
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]


def test_a_name_the_file_defines_as_a_macro_is_its_own() -> None:
    text = '#define trace(...) (void)0\n\nint\nf(int a)\n{\n\ttrace("x");\n\treturn gather(a);\n}\n'
    used = dict(c_names(text))["names"].split(",")
    assert "gather" in used and "trace" not in used


def test_the_c_library_and_own_macros_tie_no_caller(make_repo: MakeRepo) -> None:
    files: dict[str, str | bytes] = {
        # A port's own copy of the C library's string functions, and its debug print.
        "port/libc.c": "int\nstrlen(const char *s)\n{\n\treturn 0;\n}\n\n"
        "int\nstrcmp(const char *a, const char *b)\n{\n\treturn 0;\n}\n",
        "port/debug.c": "int\ntrace(const char *fmt, ...)\n{\n\treturn 0;\n}\n",
    }
    for i in range(6):
        files[f"core/m{i}.c"] = (
            "#define trace(...) (void)0\n\n"
            f"int\nm{i}(const char *s)\n{{\n\ttrace(s);\n\treturn strlen(s) + strcmp(s, s);\n}}\n"
        )
    counts = source_importers(build_pack(PackOptions(path=make_repo(files), cache=False)).files)
    assert counts["port/libc.c"] == 0 and counts["port/debug.c"] == 0


def test_a_caller_is_tied_to_its_own_programs_copy(make_repo: MakeRepo) -> None:
    tick = "unsigned\nclock_ticks(void)\n{\n\treturn 1;\n}\n"
    files: dict[str, str | bytes] = {"ports/a/tick.c": tick, "ports/b/loader/main.c": tick}
    for port in ("a", "b/loader"):
        for i in range(4):
            files[f"ports/{port}/u{i}.c"] = (
                f"int\nu{i}(void)\n{{\n\treturn clock_ticks() + {i};\n}}\n"
            )
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert by_path["ports/a/u1.c"].reaches == ["ports/a/tick.c"]
    assert by_path["ports/b/loader/u1.c"].reaches == ["ports/b/loader/main.c"]
    counts = source_importers(pack.files)
    assert counts["ports/a/tick.c"] == counts["ports/b/loader/main.c"] == 4


def test_what_a_define_macro_defines_at_the_margin_is_the_files() -> None:
    text = (
        "DEFINE_TYPE(\n    type_list,\n    LIST_FLAGS\n);\n"
        "static DEFINE_FUN(list_len_obj, list_len);\n"
        "REGISTER_MODULE(QSTR_list, list_module);\n"
    )
    defines = dict(c_names(text))["defines"].split(",")
    assert defines == ["type_list"]  # not the static one, nor a macro's use of a name
    # A first argument naming a type by C's conventions is the type, not the thing defined.
    typed = "DEFINE_PER_CPU(u64, ticks);\nDEFINE_LIST(size_t, sizes);\nDEFINE_LOCK(big);\n"
    assert dict(c_names(typed))["defines"].split(",") == ["big"]


def test_a_programs_main_file_is_linked_with_its_own_folder_only(make_repo: MakeRepo) -> None:
    loader = (
        "int\nboard_ticks(void)\n{\n\treturn 1;\n}\n\n"
        "int\nmain(void)\n{\n\treturn board_ticks();\n}\n"
    )
    files: dict[str, str | bytes] = {"fw/loader/boot.c": loader}
    for i in range(4):  # the firmware's files, above the loader's folder
        files[f"fw/f{i}.c"] = f"int\nf{i}(void)\n{{\n\treturn board_ticks();\n}}\n"
    files["fw/loader/flash.c"] = "int\nflash(void)\n{\n\treturn board_ticks();\n}\n"
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert by_path["fw/f1.c"].reaches == []
    assert by_path["fw/loader/flash.c"].reaches == ["fw/loader/boot.c"]
    assert dict(c_names(loader))["program"] == "main"
