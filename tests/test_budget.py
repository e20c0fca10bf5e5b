"""Budgets: exact fit and fill, the order of degradation, diff context, prefix stability,
split parts, the model registry, and the errors a user can hit."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from repoview.compress import compress
from repoview.packer import PackOptions, build_pack
from repoview.tokens import load_encoding

from .conftest import git, write_tree


def count(text: str) -> int:
    return len(load_encoding("o200k_base").encode_ordinary(text))


def module(i: int, imports: list[int], rng: random.Random) -> str:
    lines = [f'"""Module {i}: does thing number {i}."""', ""]
    lines += [f"from pkg import mod{j}" for j in imports]
    for k in range(rng.randint(3, 12)):
        lines += [
            "",
            "",
            f"def func_{i}_{k}(value, scale={k}):",
            f'    """Scale value for case {k}."""',
        ]
        lines += [f"    value = value * scale + {n}  # step {n}" for n in range(rng.randint(5, 25))]
        lines.append("    return value")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~150 modules (~200k tokens); mod0 is imported by every other module."""
    rng = random.Random(42)
    root = tmp_path_factory.mktemp("big")
    files: dict[str, str | bytes] = {
        "README.md": "# Big\n\nA generated project.\n",
        "pkg/__init__.py": "",
    }
    for i in range(150):
        deps = [0] if i else []
        deps += sorted(rng.sample(range(1, 150), 3)) if i else []
        files[f"pkg/mod{i}.py"] = module(i, [d for d in deps if d != i], rng)
    for i in range(20):
        files[f"tests/test_mod{i}.py"] = f"from pkg import mod{i}\n\n\ndef test_{i}():\n" + (
            "    assert True\n" * 40
        )
    git(root, "init", "-q")
    write_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "initial")
    return root


@pytest.mark.parametrize("budget", [8_000, 30_000, 100_000])
def test_budget_is_never_exceeded_and_filled(big_repo: Path, budget: int) -> None:
    pack = build_pack(PackOptions(path=big_repo, budget=budget))
    assert pack.total_tokens == count(pack.output)
    assert 0.9 * budget <= pack.total_tokens <= budget
    modes = {f.mode for f in pack.files}
    assert modes & {"full", "compressed", "signatures"}
    if budget < 100_000:
        assert "listed" in modes


@pytest.mark.parametrize("focus", ["breadth", "depth"])
def test_a_repository_that_fits_is_shown_whole_whatever_the_focus(make_repo, focus: str) -> None:
    # Prose runs to more characters per token than code: the size estimated from characters
    # is over the budget, the exact count is not.
    rng = random.Random(3)
    words = ["the", "packer", "reads", "every", "tracked", "file", "and", "counts", "tokens"]
    words += ["before", "it", "decides"]
    files = {
        f"mod{i}.py": "".join(
            f"def handler_{i}_{k}(request):\n    return render(request, 'p{k}.html')\n\n"
            for k in range(30)
        )
        for i in range(12)
    }
    files["docs/UPGRADING.md"] = "# Upgrading\n\n" + "".join(
        f"## Step {j}\n\n" + " ".join(rng.choice(words) for _ in range(60)) + "\n\n"
        for j in range(60)
    )
    repo = make_repo(files)
    whole = build_pack(PackOptions(path=repo))
    pack = build_pack(PackOptions(path=repo, budget=whole.total_tokens, focus=focus))
    assert {f.mode for f in pack.files} == {"full"}
    assert pack.total_tokens == whole.total_tokens


def test_copies_of_one_text_are_listed_when_the_budget_is_short(make_repo) -> None:
    css = "".join(f".rule-{i} {{ color: #{i:06x}; margin: {i}px; }}\n" for i in range(200))
    code = "".join(f"def handler_{i}(x):\n    return x * {i}\n\n" for i in range(300))
    files = {f"templates/t{i}/style.css": css for i in range(4)}
    repo = make_repo({**files, "app.py": code, "README.md": "# app\n"})
    whole = build_pack(PackOptions(path=repo))
    assert {f.mode for f in whole.files} == {"full"}  # no budget: every copy in full
    pack = build_pack(PackOptions(path=repo, budget=int(whole.total_tokens * 0.8)))
    by = {f.path: f for f in pack.files}
    shown = [p for p in files if by[p].mode != "listed"]
    assert len(shown) <= 1
    for p in files:
        if by[p].mode == "listed":
            assert by[p].note.startswith("the same text as templates/t")
            # the pack says it too: a copy is not a file left out to fit the budget
            assert f"\n{p}: same text as templates/t" in pack.output
    assert "of them copies of another file" in pack.output
    # When the original is listed too, its copies do not point at text the pack lacks.
    tight = build_pack(PackOptions(path=repo, budget=int(whole.total_tokens * 0.35)))
    by = {f.path: f for f in tight.files}
    assert by["templates/t0/style.css"].mode == "listed"
    for p in list(files)[1:]:
        assert by[p].note == "the same text as templates/t0/style.css, which is listed too"


def test_every_file_is_accounted_for(big_repo: Path) -> None:
    pack = build_pack(PackOptions(path=big_repo, budget=30_000))
    tracked = set(git(big_repo, "ls-files").split("\n")) - {""}
    assert {f.path for f in pack.files} | {e.path for e in pack.excluded} == tracked


def test_degradation_order_keeps_the_central_module(big_repo: Path) -> None:
    small = build_pack(PackOptions(path=big_repo, budget=8_000))
    by = {f.path: f for f in small.files}
    assert by["pkg/mod0.py"].mode != "listed"  # imported by every module
    assert by["README.md"].mode == "full"
    assert len(by["pkg/mod0.py"].imported_by) == 149 + 1  # and one test
    listed = [f for f in small.files if f.mode == "listed"]
    assert all("to fit the budget" in f.note for f in listed)
    # A larger budget only upgrades: nothing shown at 8k is listed at 100k.
    large = {f.path: f.mode for f in build_pack(PackOptions(path=big_repo, budget=100_000)).files}
    rank = {"listed": 0, "signatures": 1, "compressed": 2, "full": 3}
    assert sum(rank[large[p]] for p in by) > sum(rank[f.mode] for f in small.files)
    assert all(large[p] != "listed" for p, f in by.items() if f.mode == "full")


def test_outline_keeps_signatures_and_elides_bodies() -> None:
    src = (
        'import os\n\n\nclass A:\n    """Doc A."""\n\n    def m(self, x):\n'
        + ("        y = x + 1\n" * 30)
        + "        return y\n\n\ndef f(a, b):\n    return os.path.join(a, b)\n"
    )
    out = compress(src, "Python")
    assert "class A:" in out and '"""Doc A."""' in out and "def m(self, x):" in out
    assert "y = x + 1" not in out and "def f(a, b):" in out and "..." in out


@pytest.mark.parametrize(
    ("language", "source", "kept", "gone"),
    [
        (
            "JavaScript",
            "export function add(a, b) {\n  const c = a + b;\n  return c;\n}\n",
            "export function add(a, b)",
            "const c",
        ),
        (
            "TypeScript",
            "interface P { x: number }\nfunction f(p: P): number {\n  const y = 1;\n"
            "  return p.x + y;\n}\n",
            "interface P",
            "const y",
        ),
        (
            "Go",
            "package m\n\nfunc Add(a int, b int) int {\n\tc := a + b\n\treturn c\n}\n",
            "func Add(a int, b int) int",
            "c := a + b",
        ),
        (
            "Rust",
            "pub struct S;\nfn add(a: i32) -> i32 {\n    let c = a + 1;\n    c\n}\n",
            "fn add(a: i32) -> i32",
            "let c",
        ),
        (
            "Java",
            "class A {\n  int add(int a) {\n    int c = a + 1;\n    return c;\n  }\n}\n",
            "int add(int a)",
            "int c",
        ),
        ("C", "int add(int a) {\n  int c = a + 1;\n  return c;\n}\n", "int add(int a)", "int c"),
        ("C++", "int add(int a) {\n  int c = a + 1;\n  return c;\n}\n", "int add(int a)", "int c"),
    ],
)
def test_outline_for_each_grammar(language: str, source: str, kept: str, gone: str) -> None:
    out = compress(source, language)
    assert kept in out and gone not in out


def test_outline_fallback_for_languages_without_grammar() -> None:
    text = "".join(f"line {i}\n" for i in range(200))
    out = compress(text, "Text")
    assert out.startswith("line 0\n") and "lines elided" in out and len(out) < len(text) / 4


GRAPH_FIXTURES: dict[str, str | bytes] = {
    "py/app/__init__.py": "",
    "py/app/main.py": "from .util import helper\nimport app.models\nfrom app import (\n    config,\n)\n",
    "py/app/util.py": "import os\n",
    "py/app/models.py": "",
    "py/app/config.py": "",
    "js/src/index.ts": "import { a } from './a';\nconst b = require('../lib/b.js');\n"
    "export * from './c';\nimport x from 'react';\n",
    "js/src/a.ts": "",
    "js/src/c/index.ts": "",
    "js/lib/b.js": "",
    "go.mod": "module example.com/proj\n\ngo 1.22\n",
    "cmd/main.go": 'package main\n\nimport (\n\t"fmt"\n\t"example.com/proj/internal/store"\n)\n',
    "internal/store/store.go": "package store\n",
    "internal/store/store_test.go": "package store\n",
    "rs/src/lib.rs": "mod parser;\npub mod net;\nuse crate::parser::Token;\n",
    "rs/src/parser.rs": "",
    "rs/src/net/mod.rs": "",
    "java/src/com/ex/App.java": "package com.ex;\nimport com.ex.util.Strings;\nimport java.util.List;\n",
    "java/src/com/ex/util/Strings.java": "package com.ex.util;\n",
    "c/src/main.c": '#include <stdio.h>\n#include "util.h"\n#include "../include/api.h"\n',
    "c/src/util.h": "",
    "c/include/api.h": "",
}


def test_import_graph_for_each_language(make_repo) -> None:
    repo = make_repo(GRAPH_FIXTURES)
    pack = build_pack(PackOptions(path=repo))
    imports = {f.path: f.imports for f in pack.files}
    assert imports["py/app/main.py"] == ["py/app/config.py", "py/app/models.py", "py/app/util.py"]
    assert imports["js/src/index.ts"] == ["js/lib/b.js", "js/src/a.ts", "js/src/c/index.ts"]
    assert imports["cmd/main.go"] == ["internal/store/store.go"]
    assert imports["rs/src/lib.rs"] == ["rs/src/net/mod.rs", "rs/src/parser.rs"]
    assert imports["java/src/com/ex/App.java"] == ["java/src/com/ex/util/Strings.java"]
    assert imports["c/src/main.c"] == ["c/include/api.h", "c/src/util.h"]
    by = {f.path: f for f in pack.files}
    assert by["py/app/util.py"].imported_by == ["py/app/main.py"]
    manifest = json.loads(
        __import__("repoview.manifest", fromlist=["manifest_json"]).manifest_json(pack)
    )
    entry = next(f for f in manifest["files"] if f["path"] == "c/src/main.c")
    assert entry["imports"] == ["c/include/api.h", "c/src/util.h"]
    xml = pack.output
    # after the files, under its folder, seen from there
    assert re.search(r"\npy/app/\n(  .*\n)*  util\.py: \./main\.py\n", xml)


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def test_prefix_stays_when_a_module_changes_again(
    big_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "hist"
    git(tmp_path, "clone", "-q", str(big_repo), str(repo))
    # A module under active work: edited in the last commit, and now edited again. Commit
    # dates a day apart, as real work is: ranking reads recency from history, and two
    # commits within one second (or across one) must not make the test depend on the clock.
    target = repo / "pkg" / "mod77.py"
    target.write_text(target.read_text() + "\n\ndef first_edit():\n    return 1\n")
    for var in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(var, "2030-01-01T12:00:00+00:00")
    git(repo, "commit", "-qam", "work on mod77")
    before = build_pack(PackOptions(path=repo, rev="HEAD", budget=400_000)).output
    target.write_text(target.read_text() + "\n\ndef second_edit():\n    return 2\n")
    for var in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(var, "2030-01-02T12:00:00+00:00")
    git(repo, "commit", "-qam", "more work on mod77")
    after = build_pack(PackOptions(path=repo, rev="HEAD", budget=400_000)).output
    assert before != after
    assert common_prefix(before, after) >= 0.9 * len(after)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_diff_pack_is_the_base_pack_then_the_change(big_repo: Path, tmp_path, fmt: str) -> None:
    repo = tmp_path / "diff"
    git(tmp_path, "clone", "-q", str(big_repo), str(repo))
    base = git(repo, "rev-parse", "HEAD").strip()
    p = repo / "pkg" / "mod5.py"
    p.write_text(p.read_text().replace('"""Module 5', '"""Module five'))
    git(repo, "commit", "-qam", "rename")
    head = git(repo, "rev-parse", "HEAD").strip()
    of_base = build_pack(PackOptions(path=repo, rev=base, budget=60_000, fmt=fmt)).output
    pack = build_pack(PackOptions(path=repo, diff=f"{base}..HEAD", budget=60_000, fmt=fmt))
    out = pack.output
    # The base pack is kept byte for byte up to where its last (most recently changed)
    # files give way to the change, when the room the fitter leaves is not enough.
    assert common_prefix(of_base, out) >= 0.9 * len(of_base)
    change = out[common_prefix(of_base, out) :]
    # The diff, and the file's new text; or, where the room left holds no new text, a line
    # saying the outline above is its text but for the lines the diff changes.
    if pack.delta[0].mode == "listed":
        assert "as the pack above shows it but for the lines the diff" in change
    assert change.count("Module five") >= (1 if pack.delta[0].mode == "listed" else 2)
    assert pack.total_tokens == count(out) <= 60_000
    assert pack.rev == head and pack.delta[0].path == "pkg/mod5.py"
    by = {f.path: f for f in pack.files}
    near = {*by["pkg/mod5.py"].imports, *by["pkg/mod5.py"].imported_by}
    assert {f.path for f in pack.delta[1:]} <= near  # neighbours, as far as they fit
    if fmt == "json":
        data = json.loads(out)
        assert data["rev"] == base and data["change"]["head"] == head
        assert data["change"]["files"][0]["change"] == "new text"


def test_a_change_larger_than_the_room_left_shortens_the_change_before_the_base_pack(
    big_repo: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "big-change"
    git(tmp_path, "clone", "-q", str(big_repo), str(repo))
    base = git(repo, "rev-parse", "HEAD").strip()
    for i in range(100, 103):
        p = repo / "pkg" / f"mod{i}.py"
        p.write_text(p.read_text() + "\n\ndef added():\n    return 1\n")
    git(repo, "commit", "-qam", "many")
    of_base = build_pack(PackOptions(path=repo, rev=base, budget=30_000)).output
    pack = build_pack(PackOptions(path=repo, diff=f"{base}..HEAD", budget=30_000))
    assert pack.total_tokens == count(pack.output) <= 30_000
    # The manifest names every changed file, shown or not, and why a base file is listed.
    from repoview.manifest import manifest

    rows = {r["path"]: r for r in manifest(pack)["change"]}
    assert {p for p, r in rows.items() if r["status"] == "M"} == {
        f"pkg/mod{i}.py" for i in range(100, 103)
    }
    assert all(r["mode"] in ("full", "compressed", "signatures", "listed") for r in rows.values())
    for f in pack.files:
        if f.mode == "listed" and f.note and "change" in f.note:
            assert f.note == "listed to make room for the change"
    # The change's files are there, shortened (the base pack shows their old text in full:
    # the diff alone may say what changed), with the diff holding the change; the base
    # pack gives way only at its very end (its last files), once they are at their shortest.
    changed = {f.path: f.mode for f in pack.delta}
    assert set(changed) == {f"pkg/mod{i}.py" for i in range(100, 103)}
    assert set(changed.values()) != {"full"}  # more than the base may give: shortened
    for path, mode in changed.items():
        if mode == "listed":
            assert rows[path]["note"] == "the diff shows the change", rows[path]
    kept = pack.output[: pack.output.index("</files>")]
    assert of_base.startswith(kept) and len(kept) >= 0.9 * of_base.index("</files>")
    assert pack.output.count("def added():") >= 3


def test_changed_docs_give_way_before_changed_code(big_repo: Path, tmp_path: Path) -> None:
    repo = tmp_path / "docs-change"
    git(tmp_path, "clone", "-q", str(big_repo), str(repo))
    guide = repo / "docs" / "guide.txt"
    guide.parent.mkdir()
    guide.write_text("".join(f"Step {i}: turn the dial to {i}.\n\n" for i in range(2000)))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "guide")
    base = git(repo, "rev-parse", "HEAD").strip()
    guide.write_text(guide.read_text().replace("dial to 5.", "knob to 5."))
    for i in (100, 101):
        p = repo / "pkg" / f"mod{i}.py"
        p.write_text(p.read_text() + "\n\ndef added():\n    return 1\n")
    git(repo, "commit", "-qam", "code and docs")
    opts = PackOptions(path=repo, diff=f"{base}..HEAD", budget=30_000, change_room=7_500)
    pack = build_pack(opts)
    assert pack.total_tokens == count(pack.output) <= 30_000
    modes = {f.path: f.mode for f in pack.delta}
    # The guide's new text goes (its diff stays); the code's new text stays whole.
    assert modes.get("docs/guide.txt", "listed") == "listed", modes
    assert modes["pkg/mod100.py"] == modes["pkg/mod101.py"] == "full", modes
    assert "+Step 5: turn the knob to 5." in pack.output  # in the diff
    assert "Step 1999" not in pack.output  # and nowhere else


def test_a_small_edit_is_shown_by_its_diff_and_a_long_data_change_is_counted(
    make_repo,
) -> None:
    guide = "".join(f"Step {i}: turn the dial to {i}.\n\n" for i in range(400))
    code = "".join(f"def step_{i}(dial):\n    return dial + {i}\n\n\n" for i in range(100))
    table = "".join(f"case{i},{i * 7}\n" for i in range(400))
    repo = make_repo({"docs/guide.md": guide, "app/core.py": code, "bench/results.csv": table})
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "docs/guide.md").write_text(guide.replace("dial to 5.", "knob to 5."))
    (repo / "app/core.py").write_text(code.replace("dial + 7\n", "dial + 8\n"))
    (repo / "app/new.py").write_text("def fresh():\n    return 1\n")
    (repo / "bench/results.csv").write_text(table.replace(",", ";"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edits")
    pack = build_pack(PackOptions(path=repo, diff=f"{base}..HEAD", budget=200_000))
    modes = {f.path: f.mode for f in pack.delta}
    # The base pack shows the code whole, and the guide is prose: each diff says it all.
    assert modes.get("docs/guide.md", "listed") == modes.get("app/core.py", "listed") == "listed"
    # A new file's diff is its whole text: shown there, once.
    assert modes.get("app/new.py", "listed") == "listed"
    assert pack.output.count("def fresh():") == 1 and "+def fresh():\n+    return 1" in pack.output
    assert "+Step 5: turn the knob to 5." in pack.output and "+    return dial + 8" in pack.output
    # 800 changed lines of a table: counted, not shown
    assert "# bench/results.csv: +400 -400 lines, not shown (data: over 200 lines changed)" in (
        pack.output
    )
    assert "case399;" not in pack.output


def test_split_parts_stay_within_the_limit(big_repo: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "parts" / "pack.xml"
    out.parent.mkdir()
    r = cli(
        "pack",
        str(big_repo),
        "--split-tokens",
        "40000",
        "-o",
        str(out),
        "--manifest",
        str(tmp_path / "m.json"),
        "-q",
    )
    assert r.code == 0, r.err
    parts = json.loads((tmp_path / "m.json").read_text())["parts"]
    assert len(parts) >= 4
    seen: list[str] = []
    for part in parts:
        text = Path(part["file"]).read_text()
        assert count(text) == part["tokens"] <= 40_000
        assert "<parts>" in text and "part 1:" in text
        seen += part["files"]
    assert len(seen) == len(set(seen))
    assert {s.split(" [piece")[0] for s in seen} >= {"pkg/mod0.py", "README.md"}


def test_parts_too_small_for_their_index_are_refused_quickly(
    big_repo: Path, tmp_path: Path, cli
) -> None:
    out = tmp_path / "small" / "pack.xml"
    out.parent.mkdir()
    started = time.monotonic()
    r = cli("pack", str(big_repo), "--split-tokens", "1000", "-o", str(out), "-q")
    assert time.monotonic() - started < 30
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    m = re.search(r"use --split-tokens ([\d,]+) or more", r.err)
    assert m and not list(out.parent.iterdir()), r.err
    smallest = m.group(1).replace(",", "")
    r = cli("pack", str(big_repo), "--split-tokens", smallest, "-o", str(out), "-q")
    assert r.code == 0, r.err


def test_a_file_larger_than_a_part_is_cut_into_pieces(make_repo, tmp_path: Path, cli) -> None:
    repo = make_repo({"big.py": "".join(f"value_{i} = {i} * {i}\n" for i in range(6000))})
    out = tmp_path / "o" / "p.md"
    out.parent.mkdir()
    r = cli(
        "pack",
        str(repo),
        "--split-tokens",
        "20000",
        "--format",
        "markdown",
        "-o",
        str(out),
        "--manifest",
        str(tmp_path / "m.json"),
        "-q",
    )
    assert r.code == 0, r.err
    parts = json.loads((tmp_path / "m.json").read_text())["parts"]
    assert len(parts) >= 3 and all(p["tokens"] <= 20_000 for p in parts)
    pieces = int(parts[0]["files"][0].rsplit(" ", 1)[-1].rstrip("]"))
    assert parts[0]["files"] == [f"big.py [piece 1 of {pieces}]"] and pieces >= len(parts)
    joined = "".join(Path(p["file"]).read_text() for p in parts)
    assert all(f"value_{i} = {i} * {i}\n" in joined for i in (0, 2999, 5999))


def test_model_sets_the_budget(big_repo: Path, cli) -> None:
    r = cli(
        "pack",
        str(big_repo),
        "--model",
        "moonshot-v1-32k",
        "--manifest",
        str(big_repo.parent / "mm.json"),
        "-q",
    )
    m = json.loads((big_repo.parent / "mm.json").read_text())
    assert r.code == 0 and m["model"] == "moonshot-v1-32k"
    assert m["budget"] < 32_768 and m["total_tokens"] <= m["budget"]


def test_models_command_lists_kimi_models(cli) -> None:
    r = cli("models", "--json")
    rows = {row["name"]: row for row in json.loads(r.out)}
    assert rows["moonshot-v1-128k"]["input_price"] == 2.40
    assert (
        rows["kimi-k2.6"]["context"] == 262_144 and rows["kimi-k2.6"]["cached_input_price"] == 0.16
    )
    assert rows["moonshot-v1-2m"]["budget"] < 2_097_152


def test_user_models_from_config(make_repo, cli) -> None:
    repo = make_repo(
        {
            ".repoview.toml": "[models.local-llama]\ncontext = 65536\nmargin = 0.2\n",
            "a.py": "x = 1\n",
        }
    )
    r = cli("models", "--json", cwd=repo)
    assert any(row["name"] == "local-llama" for row in json.loads(r.out))
    assert cli("pack", str(repo), "--model", "local-llama", "-q").code == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--budget", "50"], "use --budget"),
        (["--model", "moonshot-v1-12k"], "did you mean"),
        (["--diff", "nope..HEAD"], "--diff: unknown revision 'nope'"),
        (["--split-tokens", "1000"], "-o FILE"),
    ],
)
def test_budget_errors(big_repo: Path, cli, args: list[str], needle: str) -> None:
    r = cli("pack", str(big_repo), *args)
    assert r.code == 2 and needle in r.err and len(r.err.strip().splitlines()) == 1, r.err


# The planner itself: pure functions over estimated costs.


def test_plan_gives_every_primary_file_its_cheapest_tier_before_any_upgrade() -> None:
    from repoview.plan import Item, plan_tiers

    items = [
        Item({"full": 5000, "compressed": 1500, "signatures": 200}, 1.0 / (1 + i))
        for i in range(10)
    ]
    plan = plan_tiers(items, 3500)
    assert plan.tiers.count("listed") == 0 and plan.used <= 3500
    assert plan.tiers[0] == "compressed"  # the rest of the room buys the best-ranked upgrade


def test_plan_never_lists_a_central_file_for_a_large_peripheral_one() -> None:
    from repoview.plan import Item, plan_tiers

    central = Item({"full": 4000, "signatures": 300}, 1.0)
    peripheral = Item({"full": 9000}, 0.01)  # no definitions to list: full or nothing
    plan = plan_tiers([central, peripheral], 9500)
    assert plan.tiers == ["full", "listed"]


def test_plan_leaves_tests_and_docs_after_source() -> None:
    from repoview.plan import Item, plan_tiers

    src = [Item({"full": 1000, "signatures": 100}, 0.5) for _ in range(5)]
    test = Item({"full": 300}, 0.9, primary=False)
    plan = plan_tiers([test, *src], 520)
    assert plan.tiers == ["listed"] + ["signatures"] * 5


def test_room_left_after_the_upgrades_goes_to_source_before_hot_tests() -> None:
    from repoview.plan import Item, plan_tiers

    module = Item({"signatures": 60, "full": 700}, 0.4)
    hub = Item({"signatures": 50, "full": 900}, 1.0)  # the best upgrade, too large to fit
    # Tests changed in every commit: they stand at the end of the output.
    tests = [Item({"full": 120}, 0.01, primary=False, heat=5.0) for _ in range(8)]
    plan = plan_tiers([module, hub, *tests], 900)
    assert plan.tiers[:2] == ["full", "signatures"] and plan.used <= 900


def test_depth_focus_buys_full_text_where_breadth_buys_outlines() -> None:
    from repoview.plan import Item, plan_tiers

    items = [
        Item({"full": 3000, "compressed": 900, "signatures": 100}, 1.0 / (1 + i)) for i in range(4)
    ]
    breadth = plan_tiers(items, 3300, "breadth").tiers
    depth = plan_tiers(items, 3300, "depth").tiers
    assert breadth.count("compressed") > depth.count("compressed")
    assert depth[0] == "full"


def test_size_classes_absorb_small_edits() -> None:
    from repoview.plan import size_class

    assert size_class(1000) == size_class(1010)
    assert 1000 <= size_class(1000) < 1100
    assert size_class(2000) > size_class(1000)


def test_a_tier_that_saves_less_than_a_third_is_not_used(make_repo) -> None:
    repo = make_repo(
        {
            # (written a line an element: on one line a drawing is left out as generated)
            "logo.svg": "<svg>\n" + "<path d='M0 0 L10 10'/>\n" * 400 + "</svg>\n",
            "pkg/core.py": "".join(
                f"def g{i}(x):\n" + "    x = x * 2 + 1\n" * 30 + "    return x\n" for i in range(40)
            ),
        }
    )
    pack = build_pack(PackOptions(path=repo, budget=3000))
    by = {f.path: f for f in pack.files}
    assert by["logo.svg"].mode in ("full", "listed")  # data is never outlined
    assert by["pkg/core.py"].mode in ("signatures", "compressed")
    for f in pack.files:
        if f.mode in ("compressed", "signatures"):
            assert len(f.text) <= len(f.full_text) * 2 / 3


def test_outline_keeps_only_the_first_paragraph_of_docstrings() -> None:
    src = (
        '"""Module summary.\n\nA long essay about the module.\n"""\n\n\nclass A:\n'
        '    """Class summary.\n\n    More words that go on.\n    """\n\n    def m(self):\n'
        '        """Method summary.\n\n        Details.\n        """\n' + "        x = 1\n" * 5
    )
    out = compress(src, "Python")
    for kept in ("Module summary.", "Class summary.", "Method summary.", "def m(self):"):
        assert kept in out
    for gone in ("long essay", "More words", "Details", "x = 1"):
        assert gone not in out
    compile(out, "outline", "exec")  # still Python


@pytest.mark.parametrize(
    "text",
    [
        "var a=" + ",".join(f"f{i}=function(x){{return x*{i}}}" for i in range(3000)) + ";\n",
        "def broken(:\n    return [\n" + "    1,\n" * 500,
        "\x00\x01 not really text " * 10,
        "",
    ],
)
def test_tiers_never_crash_on_bad_input(text: str) -> None:
    from repoview.compress import signatures

    for language in ("JavaScript", "Python", "C", "Text"):
        assert isinstance(compress(text, language), str)
        assert isinstance(signatures(text, language), str)


def test_repository_without_source_files_still_fills_the_budget(make_repo) -> None:
    repo = make_repo(
        {f"docs/page{i}.md": f"# Page {i}\n\n" + "Some prose here.\n" * 200 for i in range(30)}
    )
    pack = build_pack(PackOptions(path=repo, budget=8000))
    assert 0.9 * 8000 <= pack.total_tokens == count(pack.output) <= 8000


def test_no_file_is_shown_with_an_empty_tier(make_repo) -> None:
    # Prose that looks like it defines things ("class ...", "type ...") but has no heading:
    # its signatures are empty, so it is listed rather than shown with nothing in it.
    prose = "".join(f"class {i} meets on Tuesdays.\n" for i in range(4))
    prose += "".join(f"The room holds {i} chairs and a board.\n" for i in range(400))
    files = {f"notes/n{i}.rst": prose for i in range(30)}
    files.update({f"pkg/m{i}.py": f"def f{i}(a, b):\n" + "    a += b\n" * 300 for i in range(8)})
    pack = build_pack(PackOptions(path=make_repo(files), budget=20_000))
    assert pack.total_tokens == count(pack.output) <= 20_000
    for f in pack.files:
        assert f.mode == "listed" or f.text.strip(), (f.path, f.mode)
    assert not [f for f in pack.files if f.path.startswith("notes/") and f.mode == "signatures"]


def test_focus_depth_shows_the_central_module_in_full(big_repo: Path) -> None:
    depth = build_pack(PackOptions(path=big_repo, budget=30_000, focus="depth"))
    breadth = build_pack(PackOptions(path=big_repo, budget=30_000))
    assert "pkg/mod0.py" in {f.path for f in depth.files if f.mode == "full"}
    full = [sum(f.mode == "full" for f in p.files) for p in (breadth, depth)]
    assert full[1] >= full[0]


def test_focus_depth_reads_a_module_many_files_use_before_cheaper_ones_used_once() -> None:
    from repoview.plan import Item, plan_tiers

    def module(full: int, weight: float, users: int) -> Item:
        costs = {"full": full, "compressed": full // 3, "signatures": full // 12}
        return Item(costs, weight, users=users)

    # A module 31 files use costs twice a leaf used once and ranks a little lower (no recent
    # change): by value per token alone the two leaves would take the room.
    items = [module(3_000, 0.5, 1), module(3_000, 0.5, 1), module(6_000, 0.4, 5)]
    depth = plan_tiers(items, 8_000, "depth").tiers
    assert depth[2] == "full" and depth[:2] != ["full", "full"]
    breadth = plan_tiers(items, 8_000, "breadth").tiers  # breadth: value per token, as before
    assert breadth[:2] == ["full", "full"] and breadth[2] != "full"


def test_what_a_file_would_cost_in_full_is_said_alike_at_every_budget(big_repo: Path) -> None:
    import re

    notes = []
    for budget in (20_000, 40_000):
        pack = build_pack(PackOptions(path=big_repo, budget=budget))
        notes.append(
            {
                f.path: re.search(r"full text about ([\d.]+k?) tokens", f.note).group(1)
                for f in pack.files
                if f.mode == "listed" and "full text about" in f.note
            }
        )
    both = notes[0].keys() & notes[1].keys()
    assert len(both) >= 20 and all(notes[0][p] == notes[1][p] for p in both)


def test_opening_does_not_move_with_the_budget(big_repo: Path) -> None:
    small = build_pack(PackOptions(path=big_repo, budget=20_000)).output
    large = build_pack(PackOptions(path=big_repo, budget=40_000)).output
    start = small.index("<files>")
    assert small[:start] == large[:start]
    assert "<directory_tree>" in small[start:] and "files with text" in small[start:]


def test_a_new_test_leaves_the_headers_of_what_it_tests_alone(
    big_repo: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "newtest"
    git(tmp_path, "clone", "-q", str(big_repo), str(repo))
    before = build_pack(PackOptions(path=repo, budget=400_000)).output
    (repo / "tests" / "test_extra.py").write_text(
        "from pkg import mod0, mod1\n\n\ndef test_x():\n    pass\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a test")
    pack = build_pack(PackOptions(path=repo, budget=400_000))
    by = {f.path: f for f in pack.files}
    assert "tests/test_extra.py" in by["pkg/mod0.py"].imported_by  # the manifest has it

    def section(out: str) -> str:
        start = out.index('<file path="pkg/mod0.py"')
        return out[start : out.index("</file>", start)]

    assert section(pack.output) == section(before)


def test_an_edit_late_in_the_output_moves_no_early_decision() -> None:
    from repoview.plan import TIERS, Item, plan_tiers

    def items(late_cost: int) -> list[Item]:
        out = []
        for i in range(200):
            full = 800 + (i * 37) % 1500
            costs = {"full": full, "compressed": full // 3, "signatures": full // 10}
            weight = 1.0 / (1 + i / 4) ** 1.5
            out.append(Item(costs, weight, heat=float((i * 7) % 200)))
        # One file at the end of the output, edited: it costs more now.
        costs = {"full": late_cost, "compressed": late_cost // 3, "signatures": late_cost // 10}
        out.append(Item(costs, 0.05, heat=1000.0))
        return out

    plans = [plan_tiers(items(cost), 120_000) for cost in (2_000, 2_300, 2_600, 3_200)]
    for plan in plans:
        assert plan.used <= 120_000
        assert sum(c == "listed" for c in plan.tiers) < 100  # the room does buy upgrades
    # The room the depth pass leaves is filled from the end of the output backwards: the
    # edit moves only decisions near the end.
    keys = sorted(max(it.costs.values()) / (it.heat + 0.01) for it in items(2_000))
    early = [  # the first three quarters of the output (the largest keys come first)
        i
        for i, it in enumerate(items(2_000))
        if max(it.costs.values()) / (it.heat + 0.01) > keys[50]
    ]
    first = [plans[0].tiers[i] for i in early]
    assert {TIERS.index(t) for t in first} != {0}
    for plan in plans[1:]:
        assert [plan.tiers[i] for i in early] == first


def test_the_codes_hubs_are_in_full_before_peripheral_upgrades() -> None:
    from repoview.plan import Item, plan_tiers

    def small() -> list[Item]:  # more value per token each, and together more than the room
        return [Item({"full": 1000, "signatures": 100}, 0.5, heat=1.0 + i) for i in range(80)]

    hub = Item({"full": 9000, "compressed": 2500, "signatures": 400}, 1.0, core=True)
    assert plan_tiers([hub, *small()], 80_000).tiers[0] == "full"
    # The same file, not a hub: value per token leaves it short.
    plain = Item(hub.costs, 1.0)
    assert plan_tiers([plain, *small()], 80_000).tiers[0] != "full"
    # A hub larger than an eighth of the room competes like any other file.
    big = Item({"full": 40_000, "compressed": 9000, "signatures": 900}, 1.0, core=True)
    assert plan_tiers([big, *small()], 80_000).tiers[0] != "full"


def test_the_most_imported_hubs_are_in_full_first_when_the_hubs_outgrow_the_room() -> None:
    from repoview.plan import Item, plan_tiers

    # A library with many hubs: the one 300 files import is larger than the ten that 40
    # import each, and all eleven in full need more than the room holds.
    central = Item({"full": 9000, "compressed": 2500, "signatures": 400}, 1.0, core=9)
    others = [Item({"full": 7200, "signatures": 150}, 1.0, core=6) for _ in range(10)]
    tiers = plan_tiers([*others, central], 80_000).tiers
    assert tiers[-1] == "full"
    assert "full" in tiers[:-1] and tiers[:-1].count("full") < 10


def test_typed_languages_get_a_signatures_estimate() -> None:
    from repoview.plan import signatures_estimate

    cs = (
        "public abstract partial class JsonReader : IDisposable\n{\n"
        + "".join(
            f"    public virtual string Read{i}(int depth)\n    {{\n        return null;\n    }}\n"
            for i in range(20)
        )
        + "}\n"
    )
    assert signatures_estimate(cs, "C#") >= 21 * 32  # the class and its twenty methods


def test_c_headers_of_macros_typedefs_and_members_are_sized_as_their_signatures() -> None:
    from repoview.plan import signatures_estimate
    from repoview.signature_lines import signatures

    config = "#ifndef CONFIG_H\n#define CONFIG_H\n" + "".join(
        f"#ifndef OPT_{i}\n#define OPT_{i} (0)\n#endif\ntypedef intptr_t word{i}_t;\n"
        f"#define CALL_{i}(f, x) ((f)(x))\n"
        for i in range(20)
    )
    fnptrs = "".join(
        f"typedef int (API_PTR *PFN_call{i})(Instance instance, const Info* info, int* out);\n"
        for i in range(30)
    )
    members = (
        "class Config\n{\npublic:\n"
        + "".join(f"  const std::string& option_{i}() const;\n" for i in range(30))
        + "};\n"
    )
    for text, language in ((config, "C"), (fnptrs, "C"), (members, "C++")):
        actual = len(signatures(text, language))
        # (The plan scales every estimate by one ratio: a file sized far off moves them all.)
        assert actual / 2 <= signatures_estimate(text, language) <= actual * 2


def test_an_outline_shorter_than_the_signatures_is_not_offered() -> None:
    from repoview.model import PackedFile
    from repoview.plan import TIERS, _costs

    UNCORRECTED = dict.fromkeys(TIERS[1:], 1.0)
    text = "".join(
        f"int f{i}(int a, int b)\n{{\n    return a * {i} + b;\n}}\n\n" for i in range(200)
    )
    f = PackedFile("lib.hpp", "C++", "source", len(text), text, full_text=text)
    f.set_outline("MACRO_BEGIN\n/* ... */\n")  # the grammar took a macro for a function
    assert "compressed" not in _costs(f, UNCORRECTED, True, sigs=200 * 20)
    f.set_outline("".join(f"int f{i}(int a, int b);\n" for i in range(200)))
    assert "compressed" in _costs(f, UNCORRECTED, True, sigs=200 * 20)


def test_a_small_hub_is_read_whole_even_when_signatures_fill_the_room() -> None:
    from repoview.plan import Item, plan_tiers

    # An exceptions module a hundred files import, then a thousand modules whose
    # signatures alone take all the room.
    hub = Item({"full": 600, "signatures": 150}, 1.0, core=8)
    rest = [Item({"full": 4000, "signatures": 300}, 1.0) for _ in range(1000)]
    tiers = plan_tiers([hub, *rest], 128_000).tiers
    assert tiers[0] == "full"
    assert "listed" in tiers  # the room did run out
    # A large hub is not read whole in that pass: it would take a hundred files' room.
    big = Item({"full": 30_000, "signatures": 900}, 1.0, core=8)
    assert plan_tiers([big, *rest], 128_000).tiers[0] == "signatures"


def test_translations_of_the_readme_rank_as_documents(make_repo) -> None:
    prose = "".join(
        f"Paragraph {i} of the project's description, in another language.\n" for i in range(120)
    )
    hub = "".join(f"def helper_{i}(x, y):\n    return x * {i} + y\n\n" for i in range(60))
    files = {
        f"README.{lang}.md": f"# Project ({lang})\n\n{prose}"
        for lang in ["ja", "de", "fr", "es", "it", "pt", "ru"]
    }
    files.update({f"pkg/mod{i}.py": f"from pkg.core import helper_{i}\n" for i in range(12)})
    repo = make_repo({**files, "README.md": "# Project\n\nWhat it does.\n", "pkg/core.py": hub})
    pack = build_pack(PackOptions(path=repo, budget=4_000))
    by = {f.path: f for f in pack.files}
    assert by["README.md"].mode == "full"
    assert by["pkg/core.py"].mode == "full"  # the hub, ahead of seven translations
    assert all(by[p].mode != "full" for p in files if p.startswith("README."))
    assert 0.9 * 4_000 <= pack.total_tokens <= 4_000


def test_the_newest_releases_copy_of_a_document_comes_before_the_older_ones(make_repo) -> None:
    def manual(version: str) -> str:
        return f"# Manual for {version}\n\n" + "".join(
            f"- `filter_{i}`: what it does in {version}, with an example.\n" for i in range(90)
        )

    versions = ["v1.3", "v1.4", "v1.5", "v1.6", "v1.7"]
    files: dict[str, str | bytes] = {f"docs/manual/{v}/manual.md": manual(v) for v in versions}
    files["README.md"] = "# Tool\n\nA filter.\n"
    files["src/main.c"] = "int main(void) { return 0; }\n"
    files.update({f"lessons/{n}/README.md": manual(f"lesson {n}") for n in (1, 2)})
    files["guides_v1/intro.md"] = manual("the first edition")
    files["guides/intro.md"] = "# Intro\n\nThe current edition.\n"
    files["api/v1/handlers.py"] = "def get():\n    return 1\n"
    files["api/v2/handlers.py"] = "def get():\n    return 2\n"
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo, budget=4_000))
    by = {f.path: f for f in pack.files}
    assert by["docs/manual/v1.7/manual.md"].mode == "full"
    assert all(by[f"docs/manual/{v}/manual.md"].mode != "full" for v in versions[:-1])
    # A bare number names no release: both lessons rank alike. An edition-named folder
    # beside the current one is the older edition.
    assert by["lessons/1/README.md"].mode == by["lessons/2/README.md"].mode
    assert by["guides/intro.md"].mode == "full" and by["guides_v1/intro.md"].mode != "full"
    # Code of two API versions both runs: neither gives way.
    assert by["api/v1/handlers.py"].mode == by["api/v2/handlers.py"].mode == "full"


def test_a_header_everything_includes_is_never_a_bare_path(make_repo) -> None:
    # Its signatures (150 prototypes) are more than an eighth of the room, and sixty small
    # files that include it would each take their cheapest tier first.
    header = "".join(
        f"int api_function_number_{i}(struct context *ctx, const char *name, size_t len);\n"
        for i in range(150)
    )
    files = {"include/api.h": header}
    for k in range(60):
        files[f"src/mod{k}.c"] = '#include "api.h"\n\n' + "".join(
            f"static int helper_{k}_{j}(int a, int b)\n{{\n    return a + b * {j};\n}}\n\n"
            for j in range(12)
        )
    pack = build_pack(PackOptions(path=make_repo(files), budget=12_000))
    by = {f.path: f for f in pack.files}
    # Its signatures are its prototypes again: shown, they are its full text.
    assert by["include/api.h"].mode in ("signatures", "full")
    assert "int api_function_number_149(" in pack.output
    assert 0.9 * 12_000 <= pack.total_tokens <= 12_000


def test_a_new_importer_leaves_the_hubs_header_as_it_was(
    big_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "importer"
    git(tmp_path, "clone", "-q", str(big_repo), str(repo))

    def hub_header() -> str:
        out = build_pack(PackOptions(path=repo, rev="HEAD", budget=400_000)).output
        return next(line for line in out.splitlines() if line.startswith("  mod0.py: "))

    before = hub_header()
    assert before == "  mod0.py: 100+ files"  # 149 importers, counted in steps
    # (its path sorts first: a header naming the first importers would change)
    (repo / "pkg" / "aa_new_user.py").write_text("from pkg import mod0\n\n\ndef use():\n    pass\n")
    for var in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(var, "2030-01-01T12:00:00+00:00")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one more user of mod0")
    # The list counts its importers in steps: one more leaves it as it was.
    assert hub_header() == before


def test_a_long_line_of_pointer_marks_does_not_stall_the_estimate() -> None:
    from repoview.plan import signatures_estimate

    # (A pattern that backtracks takes minutes on this line, hours on a longer one.)
    assert signatures_estimate("// x\n  a" + " *&" * 400 + "\n", "C++") == 0


def test_split_tokens_takes_a_size_as_budget_does(make_repo, tmp_path: Path, cli) -> None:
    repo = make_repo({f"m{i}.py": f"def f{i}(x):\n    return x * {i}\n" * 200 for i in range(6)})
    sizes = {}
    for given in ("6000", "6k", "6,000"):
        out = tmp_path / given / "p.xml"
        out.parent.mkdir()
        r = cli("pack", str(repo), "--split-tokens", given, "-o", str(out), "-q")
        assert r.code == 0, r.err
        sizes[given] = sorted(p.stat().st_size for p in out.parent.iterdir())
    assert len(sizes["6000"]) >= 2 and sizes["6k"] == sizes["6000"] == sizes["6,000"], sizes
    r = cli("pack", str(repo), "--split-tokens", "0", "-o", str(tmp_path / "z.xml"))
    assert r.code == 2 and r.err.strip() == (
        "repoview: error: --split-tokens: invalid token count '0': give a token count such "
        "as 200000, 200k, or one of 128k, 256k, 512k, 1m, 2m"
    ), r.err


def test_the_work_tree_and_its_commit_get_one_plan(big_repo: Path, tmp_path: Path) -> None:
    """A clean work tree and `--rev HEAD` are the same files: the revision the pack names
    ("work tree", or a 40-hex id of 20 to 45 tokens) must not tip a file into another tier."""
    home = tmp_path / "home"
    differ = []
    for budget in range(20_000, 20_000 + 12 * 613, 613):
        packs = [
            build_pack(PackOptions(path=big_repo, budget=budget, home=home, rev=rev))
            for rev in (None, "HEAD")
        ]
        modes = [[(f.path, f.mode) for f in p.files] for p in packs]
        if modes[0] != modes[1]:
            differ.append(budget)
        assert all(p.total_tokens <= budget for p in packs)
        assert packs[1].total_tokens == count(packs[1].output)
    assert differ == []


def test_a_sha256_repository_gets_one_plan_too(tmp_path: Path) -> None:
    # Its ids are 64 characters: a fit counts the work tree's pack as its commit's.
    root = tmp_path / "r256"
    root.mkdir()
    git(root, "init", "-q", "--object-format=sha256")
    write_tree(
        root,
        {
            f"pkg/m{i}.py": "".join(f"def f{i}_{k}(x):\n    return x * {k}\n\n\n" for k in range(9))
            for i in range(60)
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "initial")
    home = tmp_path / "home"
    for fmt in ("xml", "json"):
        for budget in range(3_000, 9_000, 677):
            packs = [
                build_pack(PackOptions(path=root, budget=budget, home=home, rev=rev, fmt=fmt))
                for rev in (None, "HEAD")
            ]
            assert [(f.path, f.mode) for f in packs[0].files] == [
                (f.path, f.mode) for f in packs[1].files
            ], (fmt, budget)
            assert len(packs[1].rev or "") == 64
            assert all(count(p.output) == p.total_tokens <= budget for p in packs)


def test_a_diff_pack_at_its_smallest_budgets_is_counted_as_written(make_repo, cli) -> None:
    """Near the least a change needs, the pack fits or the error names a count over the
    budget: never a refusal by the fit's own margin for the revision ids."""
    repo = make_repo({f"m{i}.py": f"def f{i}(x):\n    return x * {i}\n" for i in range(60)})
    for n in (1, 2):
        with (repo / f"m{n}.py").open("a") as fh:
            fh.write("\n\ndef more():\n    return 0\n")
        git(repo, "commit", "-qam", f"change {n}")
    said = []
    first = least = 0  # the smallest budget that holds the pack, and the pack's size there
    for budget in range(480, 660, 6):
        r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "--budget", str(budget), "-o", "-")
        if r.code == 0:
            said.append("fits")
            assert count(r.out) <= budget
            first, least = first or budget, least or count(r.out)
        else:
            counted = re.search(r"(?:below the |as one line \()([\d,]+) tokens", r.err)
            assert counted and int(counted[1].replace(",", "")) > budget, r.err
            said.append("over")
    assert "fits" in said and "over" in said  # (the range crosses the least it needs)
    assert said == sorted(said, key=lambda x: x == "fits")  # refused below, packed above
    # The first budget that holds it is within a step of what it takes as written.
    assert first - least < 6, (first, least)
