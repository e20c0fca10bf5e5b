"""A root build manifest is read first while it takes no more than its share of the room."""

from __future__ import annotations

from repoview.model import PackedFile
from repoview.plan import Fitter


def _file(path: str, text: str, language: str) -> PackedFile:
    role = "build" if language == "CMake" else "source"
    return PackedFile(path=path, language=language, role=role, size=len(text), text=text)


def test_a_manifest_over_its_share_of_the_room_is_weighed_as_a_build_file() -> None:
    # A root manifest is read first while it is small (a package's list of dependencies);
    # a CMakeLists.txt of lists of sources and options, larger than its share of the room
    # (a 32nd), is weighed as the other build files are, after the code.
    small = "cmake_minimum_required(VERSION 3.9)\nproject(kv C)\nadd_library(kv src/kv.c)\n"
    large = small + "".join(f"list(APPEND SOURCES src/part{i}.c)\n" for i in range(200))
    header = "".join(f"int kv_op{i}(struct kv *db, const char *key);\n" for i in range(80))
    for text, primary in ((small, True), (large, False)):
        files = [
            _file("CMakeLists.txt", text, "CMake"),
            _file("include/kv.h", header, "C"),
        ]
        fitter = Fitter(16_000, files, lambda changes: None, lambda: 0)
        items = fitter._items(dict.fromkeys(("full", "compressed", "signatures"), 1.0))
        assert items[0].primary is primary and items[0].manifest
        assert items[1].primary
