"""The module that does the code's work, though only the front door imports it (a
serializer's engine, a program's main loop), is read before a peripheral module a few
others use: it brings the most of the code's modules together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.rank import History, rank_files
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

HELPERS = [f"h{i}" for i in range(8)]


def body(name: str, lines: int) -> str:
    """One long function: its signatures are one line, its text is all in its body."""
    steps = "".join(
        f"    total = total * 31 + {i} * len(str(value))  # step {i}\n" for i in range(lines)
    )
    return f"def {name}(value):\n    total = 0\n{steps}    return total\n"


def repository() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"pkg/{h}.py": f'"""Helper {h}."""\n\n\ndef {h}(x):\n    return x + 1\n' for h in HELPERS
    }
    uses = "".join(f"from pkg.{h} import {h}\n" for h in HELPERS)
    files["pkg/engine.py"] = f"{uses}\n\n{body('run', 120)}"
    files["pkg/__init__.py"] = "from pkg.engine import run\n\n__all__ = ['run']\n"
    # A peripheral module two small tools use, as long, using one helper.
    files["pkg/colors.py"] = f"from pkg.h0 import h0\n\n\n{body('paint', 120)}"
    for t in ("a", "b"):
        files[f"pkg/tool_{t}.py"] = (
            f"from pkg.colors import paint\n\n\ndef {t}():\n    return paint(1)\n"
        )
    return files


def test_engine_outranks_a_peripheral_module_with_more_importers(make_repo: MakeRepo) -> None:
    pack = build_pack(PackOptions(path=make_repo(repository()), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert len(by_path["pkg/engine.py"].imported_by) < len(by_path["pkg/colors.py"].imported_by)
    scores = rank_files(pack.files, History())
    assert scores["pkg/engine.py"] > scores["pkg/colors.py"]


def test_a_tight_budget_shows_the_engine_whole_not_the_peripheral_module(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(repository())
    whole = build_pack(PackOptions(path=root, cache=False))
    sizes = {f.path: f.tokens for f in whole.files}
    # Room for everything but one of the two long modules in full.
    budget = whole.total_tokens - sizes["pkg/colors.py"] // 2
    pack = build_pack(PackOptions(path=root, cache=False, budget=budget))
    modes = {f.path: f.mode for f in pack.files}
    assert modes["pkg/engine.py"] == "full"
    assert modes["pkg/colors.py"] != "full"


def test_a_barrel_that_imports_every_module_is_no_engine(make_repo: MakeRepo) -> None:
    files = repository()
    files["pkg/all.py"] = "".join(f"from pkg.{h} import {h}  # noqa\n" for h in HELPERS)
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    scores = rank_files(pack.files, History())
    assert scores["pkg/all.py"] < scores["pkg/engine.py"]
    assert scores["pkg/all.py"] <= scores["pkg/h1.py"]


def test_one_power_of_two_below_the_most_earns_half(make_repo: MakeRepo) -> None:
    files = repository()  # engine.py uses 8 helpers (2**3)
    uses = "".join(f"from pkg.{h} import {h}\n" for h in HELPERS[:4])  # 4: one power below
    files["pkg/half.py"] = f"{uses}\n\n{body('half', 60)}"
    files["pkg/few.py"] = f"from pkg.h0 import h0\n\n\n{body('few', 60)}"  # 1: none
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    plain = {f.path: f for f in pack.files}
    scores = rank_files(pack.files, History())
    base = {p: scores[p] for p in ("pkg/engine.py", "pkg/half.py", "pkg/few.py")}
    assert plain["pkg/half.py"].imported_by == plain["pkg/few.py"].imported_by == []
    # (the engine has one importer, the front door: 2/7 of a point of its own)
    assert round(base["pkg/engine.py"] - base["pkg/few.py"] - 2 / 7, 2) == 0.5
    assert round(base["pkg/half.py"] - base["pkg/few.py"], 2) == 0.25


def test_a_main_file_that_uses_more_neither_earns_it_nor_sets_the_bar(
    make_repo: MakeRepo,
) -> None:
    files = repository()
    alone = rank_files(build_pack(PackOptions(path=make_repo(files), cache=False)).files, History())
    # A command-line front end that wires in every module, twice as many as the engine uses.
    more = [f"m{i}" for i in range(8)]
    files.update({f"pkg/{m}.py": f"def {m}(x):\n    return x\n" for m in more})
    wires = "".join(f"from pkg.{m} import {m}\n" for m in [*HELPERS, *more])
    files["pkg/__main__.py"] = f"{wires}\n\n{body('main', 80)}"
    scores = rank_files(
        build_pack(PackOptions(path=make_repo(files), cache=False)).files, History()
    )
    assert scores["pkg/engine.py"] == alone["pkg/engine.py"]


def test_a_language_the_project_is_not_written_in_has_no_engine(make_repo: MakeRepo) -> None:
    files = repository()
    # A small script beside the Python package that uses four modules of its own.
    for i in range(4):
        files[f"web/lib{i}.js"] = f"export function helper{i}(x) {{\n  return x + {i};\n}}\n"
    uses = "".join(f"import {{ helper{i} }} from './lib{i}.js';\n" for i in range(4))
    steps = "".join(f"  total += helper{i % 4}({i});\n" for i in range(60))
    files["web/app.js"] = f"{uses}\nexport function run() {{\n  let total = 0;\n{steps}}}\n"
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    app = {f.path: f for f in pack.files}["web/app.js"]
    assert app.role == "source" and len(app.imports) == 4
    scores = rank_files(pack.files, History())
    lone = {**files, "web/app.js": files["web/app.js"].replace("import", "// import")}
    alone = rank_files(build_pack(PackOptions(path=make_repo(lone), cache=False)).files, History())
    assert scores["web/app.js"] == alone["web/app.js"]
    assert scores["pkg/engine.py"] > scores["pkg/colors.py"]


def test_c_files_earn_nothing_for_their_includes(make_repo: MakeRepo) -> None:
    headers = {f"src/h{i}.h": f"int h{i}(void);\n" for i in range(8)}
    includes = "".join(f'#include "h{i}.h"\n' for i in range(8))
    code = "".join(f"int f{i}(int x) {{ return x + {i}; }}\n" for i in range(200))
    files: dict[str, str | bytes] = {**headers, "src/many.c": includes + code}
    files["src/one.c"] = '#include "h0.h"\n' + code.replace("f", "g")
    scores = rank_files(
        build_pack(PackOptions(path=make_repo(files), cache=False)).files, History()
    )
    assert scores["src/many.c"] == scores["src/one.c"]


def cpp_files(extension: str) -> dict[str, str | bytes]:
    headers = {f"db/h{i}.h": f"class H{i} {{ public: int f(); }};\n" for i in range(8)}
    includes = "".join(f'#include "h{i}.h"\n' for i in range(8))
    code = "".join(f"int Engine::f{i}(int x) {{ return x + {i}; }}\n" for i in range(200))
    files: dict[str, str | bytes] = {**headers, f"db/db_impl.{extension}": includes + code}
    files[f"db/dump.{extension}"] = '#include "h0.h"\n' + code.replace("f", "g")
    return files


def test_a_cpp_file_that_uses_the_most_classes_is_an_engine(make_repo: MakeRepo) -> None:
    # LevelDB's `db_impl.cc`, 23 of its headers included, was an outline at 128k while a tool
    # and the C binding were whole: in C++ an include names a class the file uses.
    scores = rank_files(
        build_pack(PackOptions(path=make_repo(cpp_files("cc")), cache=False)).files, History()
    )
    assert scores["db/db_impl.cc"] > scores["db/dump.cc"]


def test_a_c_projects_few_cpp_files_earn_nothing_for_their_includes(make_repo: MakeRepo) -> None:
    files = cpp_files("cpp")
    code = "".join(f"int c{i}(int x) {{ return x + {i}; }}\n" for i in range(2000))
    files.update({f"src/c{i}.c": code.replace("c", f"c{i}_") for i in range(4)})
    scores = rank_files(
        build_pack(PackOptions(path=make_repo(files), cache=False)).files, History()
    )
    assert scores["db/db_impl.cpp"] == scores["db/dump.cpp"]


def api_repository() -> dict[str, str | bytes]:
    """A library whose entry point the code itself uses once, its tests twenty times."""
    files = repository()
    files["pkg/api.py"] = f"from pkg.h1 import h1\n\n\n{body('create', 60)}"
    files["pkg/tool_c.py"] = "from pkg.api import create\n\n\ndef c():\n    return create(1)\n"
    for i in range(20):
        files[f"tests/test_api_{i}.py"] = (
            f"from pkg.api import create\n\n\ndef test_{i}():\n    assert create({i})\n"
        )
    return files


def test_the_api_its_tests_use_most_outranks_a_module_the_code_uses_more(
    make_repo: MakeRepo,
) -> None:
    pack = build_pack(PackOptions(path=make_repo(api_repository()), cache=False))
    by_path = {f.path: f for f in pack.files}
    code = {"source"}
    api_users = [p for p in by_path["pkg/api.py"].imported_by if by_path[p].role in code]
    colors_users = [p for p in by_path["pkg/colors.py"].imported_by if by_path[p].role in code]
    assert len(api_users) < len(colors_users)
    scores = rank_files(pack.files, History())
    assert scores["pkg/api.py"] > scores["pkg/colors.py"]
    # (a credit, not a hub's place: the engine the front door imports stays above it)
    assert scores["pkg/api.py"] < scores["pkg/engine.py"] + 0.5


def test_a_barrel_every_test_imports_earns_nothing_for_it(make_repo: MakeRepo) -> None:
    files = api_repository()
    files["pkg/__init__.py"] = "".join(f"from pkg.{h} import {h}  # noqa\n" for h in HELPERS)
    alone = rank_files(build_pack(PackOptions(path=make_repo(files), cache=False)).files, History())
    for i in range(20):
        files[f"tests/test_h_{i}.py"] = f"import pkg\n\n\ndef test_{i}():\n    assert pkg.h1({i})\n"
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    front = {f.path: f for f in pack.files}["pkg/__init__.py"]
    assert sum(p.startswith("tests/") for p in front.imported_by) >= 20
    scores = rank_files(pack.files, History())
    assert scores["pkg/__init__.py"] == alone["pkg/__init__.py"]
