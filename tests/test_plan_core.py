"""The planner's core choices: what ranks a file, and what each file shows at a budget."""

from __future__ import annotations

from repoview.analyze.rank import History, centrality, rank_files
from repoview.model import PackedFile
from repoview.plan import CORE_SCORE

from .conftest import git


def src(path: str, text: str = "x", imports: list[str] | None = None, **kw: str) -> PackedFile:
    language = kw.get("language", {"c": "C", "go": "Go", "h": "C"}.get(path.rsplit(".")[-1], ""))
    f = PackedFile(
        path=path, language=language, role=kw.get("role", "source"), size=len(text), text=text
    )
    f.full_text = text
    f.imports = imports or []
    return f


SERVER = "#include <stdio.h>\n\nint\nmain(int argc, char **argv)\n{\n\treturn 0;\n}\n"
SELF_TEST = (
    "int add(int a, int b) { return a + b; }\n#ifdef TEST\nint main(void) { return 0; }\n#endif\n"
)
GO_CMD = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'


def test_a_program_s_main_file_ranks_as_an_entry_point_whatever_its_name() -> None:
    files = [
        src("src/server.c", SERVER),
        src("src/util.c", SELF_TEST),  # a module's self-test behind #ifdef is no program
        src("src/leaf.c", "int leaf(void) { return 1; }\n"),
        src("cmd/tool/tool.go", GO_CMD),
        src("internal/lib/lib.go", "package lib\n\nfunc main() {}\n"),
        src("tests/t.c", SERVER, role="test"),
    ]
    scores = rank_files(files, History())
    assert scores["src/server.c"] > scores["src/leaf.c"] == scores["src/util.c"]
    assert scores["cmd/tool/tool.go"] > scores["internal/lib/lib.go"]
    assert scores["tests/t.c"] < scores["src/leaf.c"]


def test_the_main_file_that_brings_the_program_together_ranks_with_its_hubs() -> None:
    headers = [f"include/m{i}.h" for i in range(40)]
    files = [
        src("src/main.c", SERVER, imports=headers),  # includes forty of the project's headers
        src("dev/tool/tool.c", SERVER, imports=headers[:2]),  # a helper program beside it
        src("web/pages/index.ts", "export * from './a'", imports=headers, language="TypeScript"),
        *[src(h, imports=[]) for h in headers],
        *[src(f"src/m{i}.c", imports=[headers[i]]) for i in range(40)],
    ]
    scores = rank_files(files, History())
    assert scores["src/main.c"] >= CORE_SCORE  # a hub of the plan: it shows text first
    assert scores["dev/tool/tool.c"] < CORE_SCORE
    assert scores["src/main.c"] - scores["dev/tool/tool.c"] > 0.8
    # (a barrel's imports are its folder's files: its credit comes through them)
    assert scores["web/pages/index.ts"] < scores["dev/tool/tool.c"] + 0.1


def test_a_c_file_is_as_central_as_its_types_header() -> None:
    files = [
        src("include/proxy-t.h"),
        src("include/proxy.h", imports=["include/proxy-t.h"]),
        src("src/proxy.c", imports=["include/proxy.h", "include/proxy-t.h"]),
        src("src/other.c", imports=["include/other-t.h"]),
        *[src(f"src/m{i}.c", imports=["include/proxy-t.h"]) for i in range(20)],
    ]
    central = centrality(files)
    assert central["src/proxy.c"] == central["include/proxy-t.h"] > central["include/proxy.h"]


def c_server(n: int = 12) -> list:
    """A C server's hubs: headers everyone includes, and the files that define what they
    declare (ten times larger than their outlines), with small peripheral files around."""
    from repoview.plan import Item

    headers = [Item({"full": 900, "signatures": 300}, 1.0, core=7) for _ in range(n)]
    bodies = [
        Item({"full": 9000, "compressed": 900, "signatures": 300}, 1.0, core=6, bodies=True)
        for _ in range(n)
    ]
    leaves = [Item({"full": 800, "signatures": 60}, 0.05, heat=1.0 + i) for i in range(60)]
    return [*headers, *bodies, *leaves]


def test_a_c_server_s_core_files_are_outlined_before_a_few_are_read_whole() -> None:
    from repoview.plan import plan_tiers

    items = c_server()
    tiers = plan_tiers(items, 60_000).tiers
    assert tiers[:12] == ["full"] * 12  # the headers the others use, whole
    # Every core file shows its outline at least: none is left bare signatures while a few
    # others are read whole.
    assert all(t in ("compressed", "full") for t in tiers[12:24])


def test_a_hub_just_over_an_eighth_of_the_room_is_read_whole() -> None:
    from repoview.plan import Item, plan_tiers, size_class

    room = 480_000
    # Estimated over an eighth of the room only by its rounding up to a size class.
    assert size_class(room // 8) > room // 8
    hub = Item(
        {"full": size_class(room // 8), "compressed": 20_000, "signatures": 3000},
        1.0,
        core=6,
    )
    peers = [Item({"full": 5000, "signatures": 300}, 0.2, heat=1.0 + i) for i in range(200)]
    assert plan_tiers([hub, *peers], room).tiers[0] == "full"


def test_depth_keeps_the_outline_of_a_central_file_too_large_to_read_whole() -> None:
    from repoview.plan import Item, plan_tiers

    big = Item({"full": 200_000, "compressed": 12_000, "signatures": 2000}, 1.0, core=6)
    small = [Item({"full": 3000, "signatures": 200}, 0.3, heat=1.0 + i) for i in range(200)]
    for focus in ("breadth", "depth"):
        assert plan_tiers([big, *small], 480_000, focus).tiers[0] == "compressed"


def test_a_hub_too_large_to_read_whole_keeps_an_outline_up_to_the_hubs_share() -> None:
    # A library's core types (hundreds of importers each) at 512k: the one small enough is
    # read whole; those too large keep outlines that fit the eighth the hubs take, before the
    # full text of hundreds of leaf files (a 34k outline had lost to them).
    from repoview.plan import Item, plan_tiers

    hubs = [
        Item({"full": 232_000, "compressed": 87_000, "signatures": 6000}, 1.0, core=9),
        Item({"full": 75_000, "compressed": 31_800, "signatures": 2400}, 1.0, core=9),
        Item({"full": 82_000, "compressed": 34_400, "signatures": 2500}, 1.0, core=8),
        Item({"full": 42_000, "compressed": 17_000, "signatures": 1500}, 1.0, core=8),
    ]
    leaves = [
        Item({"full": 1000, "compressed": 500, "signatures": 60}, 0.5, heat=1.0 + i)
        for i in range(500)
    ]
    tiers = plan_tiers([*hubs, *leaves], 490_000).tiers[:4]
    assert tiers == ["signatures", "compressed", "compressed", "full"]


def test_a_degraded_file_s_note_says_what_its_full_text_would_cost(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    def code(m: int) -> str:
        return "".join(
            f"def handler_{m}_{i}(request):\n    return {i} * request\n\n" for i in range(400)
        )

    repo = make_repo({f"pkg/mod{m}.py": code(m) for m in range(8)} | {"README.md": "# app\n"})
    pack = build_pack(PackOptions(path=repo, budget=12_000))
    notes = [f.note for f in pack.files if f.mode != "full"]
    assert notes and all("to fit the budget" in n and "full text about" in n for n in notes)


def test_room_the_estimates_left_is_used() -> None:
    from repoview.plan import Fitter

    # Text that counts a little fewer tokens than the estimate says, and a last pass that
    # stops short of the room: the exact count shows room left, which is used.
    files = [
        PackedFile(path=f"doc{i:02}.txt", language="Text", role="source", size=1, text="")
        for i in range(60)
    ]
    for i, f in enumerate(files):
        f.full_text = "word " * (300 + 37 * i)

    def apply(changes: list) -> None:
        for f, tier in changes:
            f.mode = tier
            f.tokens = int(len(f.full_text) / 3.8) if tier == "full" else 0

    def measure() -> int:
        return 500 + sum(f.tokens + 45 for f in files if f.mode != "listed")

    budget = 40_000
    total = Fitter(budget, files, apply, measure, scores={f.path: 1.5 for f in files}).run()
    assert 0.94 * budget <= total <= budget


def test_a_hub_every_module_imports_gets_its_text_before_their_signatures_take_the_room() -> None:
    from repoview.plan import Item, plan_tiers

    hub = Item({"full": 2000, "compressed": 900, "signatures": 400}, 1.0, core=5)
    leaves = [Item({"full": 3000, "signatures": 300}, 1.0) for _ in range(150)]
    for focus in ("breadth", "depth"):
        tiers = plan_tiers([*leaves[:20], hub, *leaves[20:]], 32_000, focus).tiers
        assert tiers[20] == "full"
        assert "signatures" in tiers  # the leaves still get what is left


def test_depth_reads_a_central_file_whole_that_breadth_only_outlines() -> None:
    from repoview.plan import Item, plan_tiers

    # A sixth of the room: over what a hub may take for breadth, within what depth allows.
    hub = Item({"full": 20_000, "compressed": 4000, "signatures": 800}, 1.0, core=5)
    leaves = [Item({"full": 3000, "signatures": 300}, 0.5) for _ in range(400)]
    breadth = plan_tiers([hub, *leaves], 120_000, "breadth").tiers
    depth = plan_tiers([hub, *leaves], 120_000, "depth").tiers
    assert breadth[0] == "compressed"
    assert depth[0] == "full"
    assert depth.count("listed") > breadth.count("listed")  # fewer leaves, in depth


def test_more_room_for_the_last_pass_only_adds_to_what_each_file_shows() -> None:
    from repoview.plan import TIERS, Item, plan_tiers

    items = [
        Item({"full": 1000 + 37 * i, "compressed": 400, "signatures": 100}, 0.2 + i / 100, heat=i)
        for i in range(80)
    ]
    base = plan_tiers(items, 30_000)
    more = plan_tiers(items, 30_000, more=6000)
    assert more.used > base.used
    assert all(
        TIERS.index(b) >= TIERS.index(a) for a, b in zip(base.tiers, more.tiers, strict=True)
    )


def test_the_root_manifest_is_read_before_a_hundred_one_line_fixtures(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    def module(m: int) -> str:
        return f'"""Module {m}."""\nfrom pkg import util\n' + "".join(
            f'def func_{m}_{j}(a, b):\n    """Add things."""\n    return util.add(a, b) * {j}\n\n'
            for j in range(1, 26)
        )

    deps = "".join(f'  "dependency-number-{k}>=1.{k}",\n' for k in range(1, 41))
    files = {f"pkg/mod{m}.py": module(m) for m in range(1, 31)}
    files |= {f"tests/fixtures/small-file-{i}.txt": f"I am small file {i}\n" for i in range(100)}
    files |= {
        "pkg/__init__.py": "",
        "pkg/util.py": "def add(a, b):\n    return a + b\n",
        "pyproject.toml": f'[project]\nname = "pkg"\nversion = "1.0"\ndependencies = [\n{deps}]\n'
        "[tool.ruff]\nline-length = 100\n",
        "tests/test_a.py": "from pkg import mod1\n\ndef test_a():\n    assert mod1.func_1_1(1, 2)\n",
    }
    repo = make_repo(files)
    for budget in (26_000, 27_000, 28_000):
        pack = build_pack(PackOptions(path=repo, budget=budget))
        mode = {f.path: f.mode for f in pack.files}
        assert mode["pyproject.toml"] == "full", budget
        assert all(mode[f"pkg/mod{m}.py"] == "full" for m in range(1, 31)), budget


def test_only_the_root_s_manifest_is_the_project_s() -> None:
    from repoview.analyze.languages import is_manifest

    assert all(map(is_manifest, ["pyproject.toml", "Cargo.toml", "Makefile", "app.gemspec"]))
    assert not any(map(is_manifest, ["crates/x/Cargo.toml", "docs/pyproject.toml", "a/b.gemspec"]))


def test_the_readme_is_read_when_the_signatures_of_every_module_would_fill_the_room() -> None:
    from repoview.plan import Item, plan_tiers

    # A thousand modules whose signatures alone would take the room: by value per token
    # each of them beats a 3.5k-token README, which has no cheaper tier to offer.
    readme = Item({"full": 3500}, 1.0, readme=True)
    modules = [Item({"full": 3000, "signatures": 300}, 0.7) for _ in range(1000)]
    for focus in ("breadth", "depth"):
        tiers = plan_tiers([readme, *modules], 128_000, focus).tiers
        assert tiers[0] == "full"
        assert tiers.count("signatures") > 250  # the modules still get what is left


def test_a_translated_docs_site_waits_for_its_original(make_repo) -> None:
    from repoview.analyze.rank import translations
    from repoview.packer import PackOptions, build_pack

    def page(lang: str, i: int) -> str:
        words = " ".join(f"{lang}-word{k}" for k in range(300))
        return f"# Page {i}\n\n{words}\n"

    files = {"app/main.py": "def main():\n    return 1\n"}
    for i in range(12):
        files[f"docs/en/docs/page{i}.md"] = page("en", i)
        for lang in ("ja", "pt-BR", "zh-hant", "ckb-IR"):  # (ISO 639's three letters too)
            files[f"docs/{lang}/docs/page{i}.md"] = page(lang, i)
    files["docs/js/notes.md"] = page("js", 0)  # `js` is no language; nothing mirrors it
    files["docs/ja/llm-prompt.md"] = page("ja", 99)  # a translation's own page goes with it
    # A folder that shares a language's name and one page's name is no translation.
    files["docs/en/docs/no_std/page1.md"] = page("no", 1)
    repo = make_repo(files)
    for n in range(4):  # translators at work: the translations changed since, often
        for i in range(12):
            for lang in ("ja", "pt-BR", "zh-hant", "ckb-IR"):
                with (repo / f"docs/{lang}/docs/page{i}.md").open("a") as out:
                    out.write(f"update {n}\n")
        git(repo, "commit", "-qam", f"translations {n}")
    pack = build_pack(PackOptions(path=repo, budget=30_000))
    translated = translations(pack.files)
    assert len(translated) == 49 and "docs/js/notes.md" not in translated
    assert "docs/ja/llm-prompt.md" in translated
    assert "docs/en/docs/no_std/page1.md" not in translated
    mode = {f.path: f.mode for f in pack.files}
    english = [mode[f"docs/en/docs/page{i}.md"] for i in range(12)]
    # The room holds the English pages and a third of the translations: the English first.
    assert english == ["full"] * 12
    assert 0 < sum(mode[p] == "full" for p in translated) < 24


def test_a_central_file_offered_only_as_an_outline_is_not_left_a_path() -> None:
    # Its signatures saved too little against its outline (a C file of long functions), so
    # its cheapest tier is the outline. The share the hubs take first went to the others;
    # breadth must still give it its outline before the room goes to a thousand leaves'
    # signatures, as it would have given it signatures.
    from repoview.plan import Item, plan_tiers

    hubs = [Item({"full": 3000, "signatures": 400}, 1.0, core=6) for _ in range(5)]
    outline_only = Item({"full": 40_000, "compressed": 4000}, 1.0, core=5)
    leaves = [Item({"full": 2000, "signatures": 300}, 0.6) for _ in range(1000)]
    for room in (100_000, 200_000, 300_000):
        tiers = plan_tiers([*hubs, outline_only, *leaves], room).tiers
        assert tiers[5] != "listed", room


def test_room_added_after_the_count_never_shows_a_file_less() -> None:
    # The exact count came in under the estimate: the last pass gets more room. What it adds
    # must not take a tier from a file the first plan showed (a flip before the change's
    # file would end the prefix the packs of consecutive commits share).
    from repoview.plan import TIERS, Item, Plan, _merged

    items = [Item({"full": 1000, "signatures": 100}, 1.0) for _ in range(4)]
    plan = Plan(["full", "signatures", "signatures", "listed"], [], 1200)
    grown = Plan(
        ["signatures", "full", "full", "signatures"],
        [
            (0, "full", "signatures"),
            (1, "signatures", "full"),
            (2, "signatures", "full"),
            (3, "listed", "signatures"),
        ],
        2300,
    )
    merged = _merged(plan, grown, items, 2300)  # room for one more file in full
    assert all(
        TIERS.index(m) >= TIERS.index(p) for m, p in zip(merged.tiers, plan.tiers, strict=True)
    )
    assert merged.tiers == ["full", "full", "signatures", "signatures"]  # in grown's order
    assert merged.used == 2200


def test_translations_under_doc_and_folders_that_only_share_page_names(make_repo) -> None:
    from repoview.analyze.rank import translations
    from repoview.packer import PackOptions, build_pack

    files = {"app/main.py": "def main():\n    return 1\n"}
    for name in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md"):
        files[name] = f"# {name}\n\nThe project.\n"
        files[f"cli/{name}"] = f"# {name}\n\nThe command line.\n"  # a package: no language
    for i in range(4):
        files[f"doc/page{i}.md"] = f"# Page {i}\n"
        files[f"doc/ja/page{i}.md"] = f"# ページ {i}\n"
    translated = translations(build_pack(PackOptions(path=make_repo(files), cache=False)).files)
    assert translated == {f"doc/ja/page{i}.md" for i in range(4)}


def test_a_folder_beside_en_that_mirrors_its_pages_is_a_translation(make_repo) -> None:
    # fastapi's `docs/em/`, its pages put into emoji: no language's code, but the English
    # pages' tree, page for page.
    from repoview.analyze.rank import translations
    from repoview.packer import PackOptions, build_pack

    files = {"app/main.py": "def main():\n    return 1\n"}
    for i in range(6):
        files[f"docs/en/docs/page{i}.md"] = f"# Page {i}\n"
    for i in range(5):
        files[f"docs/em/docs/page{i}.md"] = f"# 📄 {i}\n"
    files["docs/em/docs/own.md"] = "# 🙂\n"  # its own page goes with it
    # A folder beside `en/` that shares one page's name is no translation.
    files["docs/blog/docs/page0.md"] = "# Release notes\n"
    for k in range(4):
        files[f"docs/blog/docs/post{k}.md"] = f"# Post {k}\n"
    translated = translations(build_pack(PackOptions(path=make_repo(files), cache=False)).files)
    assert translated == {f"docs/em/docs/page{i}.md" for i in range(5)} | {"docs/em/docs/own.md"}


def test_a_document_translated_beside_its_original_names_its_language(make_repo) -> None:
    from repoview.analyze.rank import translations
    from repoview.packer import PackOptions, build_pack

    files = {"app/main.py": "def main():\n    return 1\n"}
    for name in ("README.md", "README.中文.md", "README_zh-CN.md", "README-dev.md"):
        files[name] = f"# {name}\n\nThe project.\n"
    files["docs/GUIDE.md"] = "# Guide\n"
    files["docs/GUIDE.ja.md"] = "# ガイド\n"
    files["docs/NOTES.ru.md"] = "# Заметки\n"  # (no original beside it: its own document)
    # (a word after a separator that a language's code could begin: no translations)
    for name in ("auth.md", "auth-id.md", "cli.md", "cli-is-easy.md", "NOTES.old.md"):
        files[f"docs/{name}"] = "# Notes\n"
    translated = translations(build_pack(PackOptions(path=make_repo(files), cache=False)).files)
    assert translated == {"README.中文.md", "README_zh-CN.md", "docs/GUIDE.ja.md"}


def test_a_gradle_build_s_catalog_and_settings_are_read_first(make_repo) -> None:  # type: ignore[no-untyped-def]
    from repoview.packer import PackOptions, build_pack

    def source(m: int) -> str:
        return (
            f"package app;\n\npublic class Mod{m} {{\n"
            + "".join(
                f"  public int method{j}(int a, int b) {{\n    return a * {j} + b;\n  }}\n\n"
                for j in range(1, 30)
            )
            + "}\n"
        )

    libs = "".join(f'lib{k} = "com.example:library-number-{k}:1.{k}.0"\n' for k in range(1, 60))
    files = {f"m{m}/src/main/java/app/Mod{m}.java": source(m) for m in range(1, 25)}
    files |= {f"m{m}/gradle.properties": f"POM_ARTIFACT_ID=m{m}\n" for m in range(1, 25)}
    files |= {
        "gradle/libs.versions.toml": f'[versions]\nkotlin = "2.0.0"\n\n[libraries]\n{libs}',
        "settings.gradle": "".join(f"include ':m{m}'\n" for m in range(1, 25)),
        "build.gradle": "plugins {\n  id 'java'\n}\n",
    }
    repo = make_repo(files)
    whole = build_pack(PackOptions(path=repo)).total_tokens
    pack = build_pack(PackOptions(path=repo, budget=whole // 2))
    mode = {f.path: f.mode for f in pack.files}
    assert mode["gradle/libs.versions.toml"] == "full"
    assert mode["settings.gradle"] == "full"
