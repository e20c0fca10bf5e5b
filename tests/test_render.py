"""What a pack spends before and around the files: the tree and each file's header."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from repoview.manifest import manifest as build_manifest
from repoview.model import PackedFile
from repoview.packer import PackOptions, build_pack
from repoview.render.tree import render_tree


def _file(path: str, role: str = "source", size: int = 1000) -> PackedFile:
    """A file of about `size` tokens (as the tree estimates Python)."""
    chars = int(size * 4.3)
    return PackedFile(path=path, language="Python", role=role, size=chars, text="x" * chars)


FILES = [
    _file("src/pkg/core/engine.py"),
    _file("src/pkg/core/session.py", size=10_000),
    _file("src/pkg/util.py"),
    _file("src/pkg/README.md", role="docs"),
    _file("docs/guide/intro.md", role="docs"),
    _file("docs/guide/advanced.md", role="docs"),
    _file("docs/api/index.md", role="docs"),
    _file("tests/test_engine.py", role="test"),
]


def _section(xml: str, tag: str) -> str:
    """The text of a section after the files (empty when the pack has none)."""
    found = re.search(rf"<{tag}><!\[CDATA\[(.*?)\]\]></{tag}>", xml, re.S)
    return found.group(1) if found else ""


def test_tree_nests_by_indentation_and_names_every_file() -> None:
    tree = render_tree("proj", FILES, "full")
    assert tree.splitlines()[:4] == [
        "proj/ (17k tokens in 8 files)",
        "docs/ (3k, 3 files)",
        "  api/ (1k, 1 file)",
        "    index.md (1k)",
    ]
    assert "      session.py (10k)" in tree.splitlines()
    assert not re.search("[│├└]", tree)


def test_a_tree_rendered_again_shows_a_size_that_changed_since() -> None:
    from repoview.render.tree import Tree

    files = [_file("src/a.py", size=4_000), _file("src/b.py", size=8_000)]
    tree = Tree(files)
    first = tree.render("proj", "full")
    assert tree.render("proj", "full") == first  # (kept: nothing changed)
    files[1].full_text = "x" * 40_000  # a redaction, say: the text the pack carries changed
    files[1].reset_outline()
    again = tree.render("proj", "full")
    assert again != first and "b.py (" in again
    assert render_tree("proj", files, "full") == again


def test_collapsed_tree_folds_folders_without_source_into_one_line() -> None:
    tree = render_tree("proj", FILES, "collapsed").splitlines()
    assert "docs/ (3k, 3 files)" in tree and "tests/ (1k, 1 file)" in tree
    assert not any("guide" in line or "intro.md" in line for line in tree)
    # source files are still named, under their folders, the rest counted
    assert "      engine.py (1k)" in tree and "    util.py (1k)" in tree
    assert "    … 1 other file (docs)" in tree  # what it folds, no more


def test_a_folded_tree_says_what_it_folds_and_names_the_root_manifest() -> None:
    files = [
        *FILES,
        _file("Cargo.toml", role="build", size=5000),  # a workspace's: members, dependencies
        _file("README.md", role="docs"),
        _file("LICENSE", role="docs"),
        _file(".github/ci.yml", role="config"),
        _file("src/pkg/build.rs", role="build"),
        _file("src/pkg/settings.toml", role="config"),
    ]
    for detail in ("collapsed", "large", "larger"):
        tree = render_tree("proj", files, detail).splitlines()
        # what a reader opens first is named wherever the tree folds
        assert "Cargo.toml (5k)" in tree and "README.md (1k)" in tree
        assert "… 1 other file (docs)" in tree  # the licence
        # a build file is not said to be a test, a document or data
        assert not any("build.rs" in line for line in tree)
        folded = [line for line in tree if line.startswith("    … ")]
        assert folded and "config" in folded[0] and "build files" in folded[0]
        assert "tests" not in folded[0]


def test_an_import_added_late_leaves_the_files_before_it_as_they_were(
    make_repo: Callable[..., Path],
) -> None:
    from .conftest import git

    files: dict[str, str | bytes] = {"pkg/__init__.py": ""}
    files["pkg/core.py"] = "".join(
        f'def helper_{i}(x):\n    """Help {i}."""\n    return x + {i}\n\n' for i in range(50)
    )
    for n in "abcdefgh":
        head = "from . import core\n" if n == "a" else ""
        files[f"pkg/{n}.py"] = head + "".join(
            f"def {n}_{i}(x):\n    return x * {i}\n\n" for i in range(40)
        )
    repo = make_repo(files)
    first = build_pack(PackOptions(path=repo, rev="HEAD", budget=8000))
    # The file the commit touches stands last; the file it now imports stands first.
    h = repo / "pkg" / "h.py"
    h.write_text("from . import core\n" + h.read_text())
    git(repo, "commit", "-qam", "h uses core")
    second = build_pack(PackOptions(path=repo, rev="HEAD", budget=8000))
    a, b = first.output, second.output
    order = re.findall(r'<file path="([^"]*)"', b)
    assert order[0] == "pkg/core.py" and order.index("pkg/h.py") >= len(order) - 2
    n = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
    # The packs are the same up to the touched file (its header names what it imports).
    assert n > a.index('<file path="pkg/h.py"') == b.index('<file path="pkg/h.py"')
    # Who imports a file is said after the files, under its folder, seen from there.
    assert _section(a, "imported_by") == "\npkg/\n  core.py: ./a.py\n"
    assert _section(b, "imported_by") == "\npkg/\n  core.py: ./a.py ./h.py\n"
    assert b.index("</directory_tree>") < b.index("<imported_by>") < b.index("<summary>")
    for fmt, title in (("markdown", "## Imported by"), ("plain", "Imported by:")):
        out = build_pack(PackOptions(path=repo, rev="HEAD", budget=8000, fmt=fmt)).output
        assert "imported_by" not in out.replace("imported by", "")
        assert out.index(title) > out.rindex("pkg/h.py")
        assert "pkg/\n  core.py: ./a.py ./h.py\n" in out


def test_headers_of_signature_files_name_few_neighbours(make_repo: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = {"pkg/__init__.py": ""}
    for i in range(8):
        others = ", ".join(f"m{k}" for k in range(8) if k != i)
        body = "".join(f"def f{i}_{j}(a, b):\n" + "    a = a + b\n" * 40 for j in range(30))
        files[f"pkg/m{i}.py"] = f"from pkg import {others}\n\n\n" + body
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo, budget=6_000))
    assert all(len(f.imports) == 7 for f in pack.files if f.path != "pkg/__init__.py")
    headers = re.findall(r"<file [^>]*>", pack.output)
    sig = [h for h in headers if 'mode="signatures"' in h]
    assert sig, "the budget should leave room for signatures only"
    importers = _section(pack.output, "imported_by")
    assert importers.startswith("\npkg/\n")  # the folder once, then its files
    for header in sig:  # the manifest keeps all seven; the list after the files counts them
        path = re.search(r'path="pkg/([^"]*)"', header)
        assert path is not None and f"\n  {path.group(1)}: 7 files\n" in importers
        assert "imports=" not in header  # what signatures import tells little
        assert "imported_by" not in header  # no fact of the file itself
        assert "tokens=" not in header and 'lines="' not in header  # the tree has sizes
    # the json format names as many neighbours as a header, with how many more; the
    # importers follow the files there too, and the manifest keeps every edge
    pack = build_pack(PackOptions(path=repo, budget=6_000, fmt="json"))
    doc = json.loads(pack.output)
    sig_entries = [e for e in doc["files"] if e.get("mode") == "signatures"]
    assert sig_entries and all("tokens" in e and len(e["imports"]) == 2 for e in sig_entries)
    assert all(e["imports_more"] == 5 and "imported_by" not in e for e in sig_entries)
    assert all(doc["imported_by_count"][e["path"]] == 7 for e in sig_entries)
    assert not any(e["path"] in doc.get("imported_by", {}) for e in sig_entries)
    assert list(doc).index("imported_by_count") > list(doc).index("files")
    manifest = {f["path"]: f for f in build_manifest(pack)["files"]}
    assert all(len(manifest[e["path"]]["imported_by"]) == 7 for e in sig_entries)


def test_headers_name_neighbours_from_the_files_own_folder(make_repo: Callable[..., Path]) -> None:
    deep = "core/src/main/java/org/acme"
    repo = make_repo(
        {
            f"{deep}/api/Widget.java": "package org.acme.api;\npublic class Widget {}\n",
            f"{deep}/impl/WidgetImpl.java": (
                "package org.acme.impl;\nimport org.acme.api.Widget;\n"
                "public class WidgetImpl extends Widget {}\n"
            ),
            f"{deep}/impl/util/Helper.java": (
                "package org.acme.impl.util;\nimport org.acme.impl.WidgetImpl;\n"
                "public class Helper { WidgetImpl w; }\n"
            ),
        }
    )
    pack = build_pack(PackOptions(path=repo))
    headers = {
        m.group(1): m.group(0) for m in re.finditer(r'<file path="([^"]*)"[^>]*>', pack.output)
    }
    impl = headers[f"{deep}/impl/WidgetImpl.java"]
    assert 'imports="../api/Widget.java"' in impl  # beside it, not the whole path
    assert "imported_by" not in impl
    importers = _section(pack.output, "imported_by")
    assert f"\n{deep}/impl/\n  WidgetImpl.java: ./util/Helper.java\n" in importers
    assert "../" in pack.output.split("<files>")[0]  # the opening says how to read them
    # the manifest keeps whole paths
    by_path = {f.path: f for f in pack.files}
    assert by_path[f"{deep}/impl/WidgetImpl.java"].imports == [f"{deep}/api/Widget.java"]


def test_tree_names_every_file_only_when_it_is_cheap() -> None:
    from repoview.render import RenderContext
    from repoview.tokens import TokenCounter

    files = [_file(f"src/mod{i}.py") for i in range(20)]
    files += [_file(f"tests/unit/test_case_{i}.py", role="test") for i in range(200)]
    counter = TokenCounter("o200k_base")
    ctx = RenderContext(name="proj", rev=None, files=files, excluded_count=0)
    full = counter.count(render_tree("proj", files, "full"))
    ctx.choose_tree(counter, full * 20)  # within a sixteenth, not a thirty-second
    assert ctx.tree_detail == "collapsed"
    assert "  mod19.py (1k)" in ctx.tree and "test_case_0" not in ctx.tree
    ctx.choose_tree(counter, full * 40)
    assert ctx.tree_detail == "full" and "test_case_199.py" in ctx.tree


def test_a_tree_too_large_for_every_folder_still_names_the_folders_of_the_code() -> None:
    from repoview.render import RenderContext
    from repoview.tokens import TokenCounter

    files = [_file(f"lib/pkg{i}/sub{i}/mod{k}.py") for i in range(20) for k in range(30)]
    # a test suite and translations with thousands of folders, none of them code
    files += [_file(f"tests/case_{i}/data/x.txt", role="test") for i in range(1500)]
    files += [_file(f"lib/locale/l{i}/LC_MESSAGES/x.po", role="data") for i in range(300)]
    counter = TokenCounter("o200k_base")
    ctx = RenderContext(name="proj", rev=None, files=files, excluded_count=0)
    code = counter.count(render_tree("proj", files, "code-dirs"))
    # Naming the 600 modules, or every folder, takes more than a sixteenth of this budget.
    ctx.choose_tree(counter, code * 16)
    assert ctx.tree_detail == "code-dirs"
    assert "    sub19/ (" in ctx.tree  # each folder holding code, to its depth
    assert "tests/ (" in ctx.tree and "case_0" not in ctx.tree  # the others: one line each
    assert "  locale/ (" in ctx.tree and "LC_MESSAGES" not in ctx.tree


def test_a_tree_too_large_to_name_every_module_names_the_large_ones() -> None:
    from repoview.render import RenderContext
    from repoview.tokens import TokenCounter

    # Six hundred modules in one folder, most of them small, and a test suite of many
    # fixture folders: naming every module is over a sixteenth of the budget, but the
    # large ones (what a reader opens) are named before the tree falls back to folders.
    files = [_file(f"mod{i:03}.py", size=300) for i in range(540)]
    files += [_file(f"core{i:02}.py", size=6000) for i in range(60)]
    files += [_file(f"t/t{i:04}/fixture/x.txt", role="test") for i in range(300)]
    counter = TokenCounter("o200k_base")
    ctx = RenderContext(name="proj", rev=None, files=files, excluded_count=0)
    budget = 16 * (counter.count(render_tree("proj", files, "collapsed")) - 1)
    ctx.choose_tree(counter, budget)
    assert ctx.tree_detail in ("large", "larger")
    assert "core59.py (6k)" in ctx.tree and "mod000.py" not in ctx.tree
    assert "… 540 other files (smaller sources)" in ctx.tree
    assert "t0000" not in ctx.tree  # a folder with no source: one line


def test_every_format_says_which_files_without_text_are_copies(
    make_repo: Callable[..., Path],
) -> None:
    body = "".join(
        f"pub fn run_{j}(x: u32) -> u32 {{\n    let y = x + {j};\n    y * 2\n}}\n\n"
        for j in range(60)
    )
    repo = make_repo({f"crates/c{i}/src/lib.rs": body for i in range(4)})
    for fmt in ("xml", "markdown", "plain", "json"):
        pack = build_pack(PackOptions(path=repo, budget=4000, fmt=fmt))
        listed = [f.path for f in pack.files if f.mode == "listed"]
        assert len(listed) == 3, fmt
        shown = next(f.path for f in pack.files if f.mode != "listed")
        if fmt == "json":
            assert json.loads(pack.output)["copies"] == dict.fromkeys(listed, shown)
            continue
        for path in listed:  # one line each, after the tree
            assert pack.output.count(f"{path}: same text as {shown}\n") == 1, fmt
        assert "3 of them copies of another file" in pack.output


def test_copies_of_a_file_without_text_are_not_named(make_repo: Callable[..., Path]) -> None:
    # Three copies of one licence, none of them shown: no line may point at the text of one.
    licence = "Apache License\nVersion 2.0, January 2004\n" + "".join(
        f"Clause {i}. Terms and conditions that apply to the use of this work, line {i}.\n"
        for i in range(120)
    )
    files: dict[str, str | bytes] = {p: licence for p in ("a/LICENSE", "b/LICENSE", "c/LICENSE")}
    for i in range(30):
        files[f"src/m{i}.py"] = "".join(
            f"def f{i}_{j}(x):\n    '''Compute step {j}.'''\n    return x * {j} + {i}\n\n"
            for j in range(40)
        )
    repo = make_repo(files)
    for fmt in ("xml", "json"):
        pack = build_pack(PackOptions(path=repo, budget=12_000, fmt=fmt))
        modes = {f.path: f.mode for f in pack.files if f.path.endswith("LICENSE")}
        assert set(modes.values()) == {"listed"}, modes
        if fmt == "json":
            assert not json.loads(pack.output).get("copies"), fmt
        else:
            assert "same text as" not in pack.output and "copies of another file" not in pack.output


def test_the_closing_summary_counts_one_file_in_the_singular(
    make_repo: Callable[..., Path],
) -> None:
    repo = make_repo({"a.py": "A = 1\n"})
    out = build_pack(PackOptions(path=repo, cache=False)).output
    assert "<summary>1 file with text: 1 in full, 0 outlines, 0 signatures; 0 without" in out
