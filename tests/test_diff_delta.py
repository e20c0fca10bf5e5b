"""The change part of a `--diff` pack with a budget: a changed file whose new text, at the
tier it got, is what the base pack shows already is one line, not that text again; when the
new text is shortened or left out, or no neighbour fits, a warning says so, and the part's
own description says what it holds."""

from __future__ import annotations

import json
from pathlib import Path

from repoview.manifest import manifest
from repoview.packer import PackOptions, build_pack
from repoview.tokens import load_encoding

from .conftest import git, write_tree


def count(text: str) -> int:
    return len(load_encoding("o200k_base").encode_ordinary(text))


def module(name: str, n: int, edited: bool = False) -> str:
    """A module of `n` small functions; `edited` changes the body of one (not its signature)."""
    out = [f'"""The {name} module."""\n\n']
    for k in range(n):
        body = f"    y = x * {k * 7}\n    z = y - {k}\n    return z * 2\n"
        if edited and k == 3:
            body = f"    y = x * {k * 9}\n    z = y + {k}\n    return z * 3\n"
        out.append(f"def {name}_{k}(x, scale, offset):\n{body}\n\n")
    return "".join(out)


def body_edit(tmp_path: Path, core: int, others: int, count_: int, extra: str = "") -> Path:
    """A package of modules, then a commit that edits one function body in pkg/core.py.
    `extra`: the text of pkg/user.py, a module that imports pkg/core.py."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    files: dict[str, str | bytes] = {
        f"pkg/m{i:02}.py": module(f"m{i}", others) for i in range(count_)
    }
    files["pkg/core.py"] = module("core", core)
    files["pkg/app.py"] = "from pkg import core\n\n\ndef main():\n    return core.core_1(2, 3, 4)\n"
    if extra:
        files["pkg/user.py"] = extra
    write_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    write_tree(repo, {"pkg/core.py": module("core", core, edited=True)})
    git(repo, "commit", "-qam", "edit a body")
    return repo


# A Go module's lockfile: a change to it is one line of counts in a diff pack.
LOCK = "".join(f"example.com/mod{i} v1.{i}.0 h1:abc{i}=\n" for i in range(40))


def go_repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A repository of `files` and `go.sum` (LOCK), committed as "base"."""
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    write_tree(repo, {**files, "go.sum": LOCK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def change_part(out: str) -> str:
    return out[out.index("<change ") :]


def test_new_text_the_base_pack_shows_already_is_one_line(tmp_path: Path) -> None:
    repo = body_edit(tmp_path, core=150, others=40, count_=20)
    base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=16_000))
    (core,) = [f for f in base.files if f.path == "pkg/core.py"]
    assert core.mode == "compressed"  # the base pack shows its outline
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=16_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 16_000
    # The base pack, byte for byte, then the change.
    assert out.startswith(base.output.removesuffix("</repository>\n"))
    change = change_part(out)
    # Its outline at the head is the base pack's outline: not shown again, one line instead.
    assert '<file path="pkg/core.py"' not in change
    assert (
        '<unchanged path="pkg/core.py" change="new text">its outline is as the pack above '
        "shows it (the change is in what it leaves out); the diff below has the change"
        "</unchanged>" in change
    )
    assert "+    y = x * 27\n" in change  # the diff has the change
    assert "a line for each touched file whose text here would be" in change
    assert "the new text (at" not in change  # no file's new text is in it
    # Its new text was to be whole: the reader sees the hunks, not the function they are in.
    assert pack.warnings == [
        "the change HEAD~1..HEAD is cut to fit the budget: 1 changed file is shown only by the "
        "outline or signatures the base pack shows and the diff (pkg/core.py); use a larger "
        "--budget or `review --task diff`"
    ]


def test_the_unchanged_line_in_every_format_is_counted(tmp_path: Path) -> None:
    repo = body_edit(tmp_path, core=150, others=40, count_=20)
    # (JSON's headers say more: at 16k its base pack leaves pkg/core.py out.)
    for fmt, budget in (("markdown", 16_000), ("plain", 16_000), ("json", 24_000)):
        pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=budget, fmt=fmt))
        out = pack.output
        assert pack.total_tokens == count(out) <= budget
        assert "its outline is as the pack above shows it" in out
        if fmt == "json":
            (entry,) = json.loads(out)["change"]["files"]
            assert entry["path"] == "pkg/core.py" and "unchanged" in entry
            assert "content" not in entry


def test_shortened_new_text_is_a_warning_and_the_part_says_what_it_holds(
    tmp_path: Path,
) -> None:
    # A module too large for the base pack to show at this budget: the change part carries
    # its new text, at the tier the room allows.
    repo = body_edit(tmp_path, core=260, others=60, count_=30)
    base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=16_000))
    assert {f.path: f.mode for f in base.files}["pkg/core.py"] == "listed"
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=16_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 16_000
    (row,) = [r for r in manifest(pack)["change"] if r["path"] == "pkg/core.py"]
    assert row["mode"] in ("compressed", "signatures")
    # (the change's own room at 16k is too small: the base is cut too, and says so)
    said, base_cut = pack.warnings
    assert base_cut.startswith("the base pack is cut to fit the change: ")
    assert said == (
        "the change HEAD~1..HEAD is cut to fit the budget: 1 changed file's new text is only "
        "an outline or signatures (pkg/core.py); use a larger --budget or `review --task diff`"
    )
    about = change_part(out).split("</about>")[0]
    assert "a file's mode says when it is an outline or signatures only" in about
    assert "import them or that they import" not in about  # no neighbour is there


def test_no_neighbour_that_fits_is_a_warning(tmp_path: Path) -> None:
    user = "from pkg import core\n\n\n" + module("user", 150)
    repo = body_edit(tmp_path, core=4, others=40, count_=20, extra=user)
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=16_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 16_000
    change = change_part(out)
    assert '<file path="pkg/user.py"' not in change
    assert "import them or that they import" not in change.split("</about>")[0]
    assert pack.warnings == [
        "the change HEAD~1..HEAD is cut to fit the budget: pkg/user.py, which imports the "
        "changed files or which they import, and which the base pack does not show in full, "
        "does not fit (the base pack shows its outline); use a larger --budget or "
        "`review --task diff`"
    ]
    # With a quarter of the budget for the change (as a review has), the neighbour is there,
    # the part says so, and nothing warns.
    roomy = build_pack(
        PackOptions(path=repo, diff="HEAD~1..HEAD", budget=24_000, change_room=6_000)
    )
    change = change_part(roomy.output)
    assert '<file path="pkg/user.py"' in change and 'change="neighbour"' in change
    about = change.split("</about>")[0]
    assert "the full text of files that import the files it touches or that they import" in about
    assert not roomy.warnings


def test_room_an_unchanged_file_frees_gives_the_others_their_full_text(tmp_path: Path) -> None:
    repo = body_edit(tmp_path, core=150, others=40, count_=20)
    write_tree(repo, {"pkg/fresh.py": module("fresh", 10)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add a module")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~2..HEAD", budget=16_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 16_000
    change = change_part(out)
    # pkg/core.py's outline is the base pack's, so it is one line; the new module's whole
    # text is its diff, shown there once.
    assert '<unchanged path="pkg/core.py"' in change
    assert '<file path="pkg/fresh.py"' not in change
    assert "+def fresh_9(x, scale, offset):\n+    y = x * 63\n" in change
    assert out.count("def fresh_9(") == 1
    said = [w for w in pack.warnings if not w.startswith("the base pack is cut to fit the change")]
    assert said == [
        "the change HEAD~2..HEAD is cut to fit the budget: 1 changed file is shown only by the "
        "outline or signatures the base pack shows and the diff (pkg/core.py); use a larger "
        "--budget or `review --task diff`"
    ]


def test_new_text_that_differs_from_the_base_by_lines_the_diff_shows_is_one_line(
    tmp_path: Path,
) -> None:
    repo = body_edit(tmp_path, core=150, others=40, count_=20)
    # The next commit adds a function: the outline at the head has one more entry, and the
    # diff adds that very line.
    text = (repo / "pkg/core.py").read_text()
    added = "def core_extra(x, scale):\n    return x * scale\n\n\n"
    (repo / "pkg/core.py").write_text(text + added)
    git(repo, "commit", "-qam", "add a function")
    base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=16_000))
    (core,) = [f for f in base.files if f.path == "pkg/core.py"]
    assert core.mode == "compressed"
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=16_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 16_000
    change = change_part(out)
    assert '<file path="pkg/core.py"' not in change
    assert (
        '<unchanged path="pkg/core.py" change="new text">its outline is as the pack above '
        "shows it but for the lines the diff below changes</unchanged>" in change
    )
    assert "+def core_extra(x, scale):\n" in change
    # A change that renames the functions it outlines is no few lines: its new text stays.
    renamed = (repo / "pkg/core.py").read_text().replace("def core_", "def kernel_")
    (repo / "pkg/core.py").write_text(renamed)
    git(repo, "commit", "-qam", "rename")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=16_000))
    assert '<unchanged path="pkg/core.py"' not in change_part(pack.output)


def test_a_small_change_to_a_ci_file_the_base_lists_brings_its_new_text(tmp_path: Path) -> None:
    # A hunk of a CI workflow says nothing of the job it is in; a guide's hunk is prose
    # that says what it says, and a setting's names its key. (Neither is shown whole by the base pack at this budget.)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    jobs = "".join(
        f"  job{j}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test{j}\n"
        for j in range(60)
    )
    guide = "".join(f"Step {j} of the guide: run the tool on part {j}.\n\n" for j in range(150))
    files: dict[str, str | bytes] = {f"pkg/m{i:02}.py": module(f"m{i}", 40) for i in range(20)}
    files[".github/workflows/ci.yml"] = "name: ci\non: [push]\njobs:\n" + jobs
    files["docs/guide.md"] = "# Guide\n\n" + guide
    settings = "".join(f"service{j}:\n  port: {8000 + j}\n  replicas: 2\n" for j in range(60))
    files["deploy/settings.yml"] = settings
    write_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    write_tree(
        repo,
        {
            ".github/workflows/ci.yml": files[".github/workflows/ci.yml"].replace(  # type: ignore[union-attr]
                "make test7\n", "make test7 --verbose\n"
            ),
            "docs/guide.md": files["docs/guide.md"].replace("part 7.", "part seven."),  # type: ignore[union-attr]
            "deploy/settings.yml": settings.replace("port: 8007", "port: 9007"),
        },
    )
    git(repo, "commit", "-qam", "edit")
    # (as `review --task diff` packs it: a quarter of the room kept for the change)
    opts = PackOptions(path=repo, diff="HEAD~1..HEAD", budget=16_000, change_room=4_000)
    pack = build_pack(opts)
    base = {f.path: f.mode for f in pack.files}
    assert not pack.warnings
    assert base[".github/workflows/ci.yml"] == "listed" and base["docs/guide.md"] != "full"
    assert base["deploy/settings.yml"] != "full"
    assert {f.path: f.role for f in pack.files}["deploy/settings.yml"] == "config"
    change = {row["path"]: row for row in manifest(pack)["change"]}
    assert change[".github/workflows/ci.yml"]["mode"] == "full"
    assert "job59:" in change_part(pack.output)
    for said in ("docs/guide.md", "deploy/settings.yml"):  # a guide's, a setting's: prose
        assert change[said]["mode"] == "listed"
        assert change[said]["note"] == "the diff shows the change"


def test_the_manifest_says_when_a_file_s_diff_is_not_shown(tmp_path: Path) -> None:
    repo = go_repo(tmp_path, {"main.go": "package main\n\nfunc main() {}\n"})
    write_tree(
        repo,
        {
            "go.sum": LOCK.replace("v1.7.0", "v1.8.0"),
            "main.go": "package main\n\nfunc main() { }\n",
        },
    )
    git(repo, "commit", "-qam", "bump")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD"))
    assert "# go.sum: +1 -1 lines, not shown (default: lockfile)" in change_part(pack.output)
    change = {row["path"]: row for row in manifest(pack)["change"]}
    assert change["go.sum"]["note"] == "its diff is not shown (default: lockfile)"
    assert "note" not in change["main.go"] or "not shown" not in change["main.go"]["note"]


def six_modules_and(tmp_path: Path, path: str, text: str) -> Path:
    """A repository of six small modules and one more at `path`, committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    files: dict[str, str | bytes] = {f"pkg/m{i:02}.py": module(f"m{i}", 12) for i in range(6)}
    write_tree(repo, {**files, path: text})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def test_a_new_or_deleted_file_is_not_shown_twice(tmp_path: Path) -> None:
    # A new file's diff is its whole text, and a deleted file's is the text the base pack
    # shows whole: each is shown once.
    repo = six_modules_and(tmp_path, "pkg/old.py", module("old", 12))
    git(repo, "rm", "-q", "pkg/old.py")
    fresh = "".join(f"def fresh_{k}(a):\n    return a ** {k}\n\n\n" for k in range(12))
    write_tree(repo, {"pkg/fresh.py": fresh})  # (not a rename of old.py)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "replace old by fresh")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=12_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 12_000
    assert {f.path: f.mode for f in pack.files}["pkg/old.py"] == "full"
    change = change_part(out)
    assert out.count("def fresh_5(") == 1 and "+def fresh_5(" in change
    assert out.count("def old_5(") == 1 and "def old_5(" not in change
    assert "# pkg/old.py: deleted, -" in change
    assert "(the pack above shows its whole text)" in change
    rows = {r["path"]: r for r in manifest(pack)["change"]}
    assert rows["pkg/fresh.py"]["note"] == "a new file: the diff shows its whole text"
    assert rows["pkg/old.py"]["note"] == (
        "deleted; its diff is not shown (the pack above shows its whole text)"
    )
    assert not pack.warnings


def test_a_deleted_files_lines_give_way_before_the_base_pack(tmp_path: Path) -> None:
    # The 1,600 lines of a deleted module the base pack outlines would take the room of the
    # whole base pack: they are one line of counts, with a warning, and the base stays.
    repo = six_modules_and(tmp_path, "pkg/big.py", module("big", 400))
    git(repo, "rm", "-q", "pkg/big.py")
    git(repo, "commit", "-qm", "drop big")
    of_base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=12_000)).output
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=12_000))
    assert pack.total_tokens == count(pack.output) <= 12_000
    assert pack.output.startswith(of_base.rsplit("</repository>", 1)[0])
    change = change_part(pack.output)
    assert "# pkg/big.py: deleted, -" in change and "(to fit the budget)" in change
    assert "-def big_" not in change
    assert pack.warnings == [
        "the change HEAD~1..HEAD is cut to fit the budget: 1 deleted file's diff shown as one "
        "line of counts (pkg/big.py)"
    ]


def test_a_diff_against_the_work_tree_holds_its_new_files(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"app.py": "import helper\n\nprint(helper.run())\n", ".gitignore": "*.log\n"})
    (repo / "helper.py").write_text("def run():\n    return 42\n")  # written, not yet added
    (repo / "debug.log").write_text("ignored by git\n")
    (repo / "app.py").write_text("import helper\n\nprint(helper.run() + 1)\n")
    pack = build_pack(PackOptions(path=repo, diff="HEAD"))
    change = {c["path"]: c["status"] for c in manifest(pack)["change"]}
    assert change.get("helper.py") == "A" and change.get("app.py") == "M", change
    assert "debug.log" not in change
    assert "+def run():" in pack.output and "+    return 42" in pack.output
    assert "ignored by git" not in pack.output
    # A tool folder git does not ignore takes no new file's place; a form feed ends no line.
    for i in range(600):
        (repo / "venv" / "lib").mkdir(parents=True, exist_ok=True)
        (repo / "venv" / "lib" / f"m{i}.py").write_text("x = 1\n")
    (repo / "zz_real.py").write_text("a = 1\n\x0c\nb = 2\n")
    pack = build_pack(PackOptions(path=repo, diff="HEAD"))
    change = {c["path"]: c["status"] for c in manifest(pack)["change"]}
    assert change.get("zz_real.py") == "A" and not any(p.startswith("venv/") for p in change)
    assert "@@ -0,0 +1,3 @@" in pack.output
    # Against a commit, nothing of the work tree counts.
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "helper")
    against = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=None))
    assert {c["path"] for c in manifest(against)["change"]} >= {"helper.py", "app.py"}


def test_more_new_files_than_a_diff_holds_are_said(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from repoview import diffctx

    monkeypatch.setattr(diffctx, "_UNTRACKED_MAX", 2)
    repo = make_repo({"app.py": "x = 1\n"})
    for name in ("a.py", "b.py", "c.py"):
        (repo / name).write_text(f"{name[0]} = 1\n")
    pack = build_pack(PackOptions(path=repo, diff="HEAD"))
    change = {c["path"] for c in manifest(pack)["change"]}
    assert change == {"a.py", "b.py"}
    assert any("3 new files git does not track yet; the first 2" in w for w in pack.warnings)


def test_the_summary_names_the_base_and_the_change(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    main = "package main\n\n" + "".join(f"func f{i}() int {{ return {i} }}\n" for i in range(40))
    repo = go_repo(tmp_path, {"main.go": main, "util.go": "package main\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    write_tree(
        repo,
        {
            "go.sum": LOCK.replace("v1.7.0", "v1.8.0"),
            "main.go": main.replace("return 3 }", "return 33 }"),
            "new.go": "package main\n\nfunc added() {}\n",
        },
    )
    (repo / "util.go").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    head = git(repo, "rev-parse", "HEAD").strip()
    r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-o", str(tmp_path / "p.xml"))
    assert r.code == 0, r.err
    # The pack is the base's, then the change: the first line says both, not the head alone.
    assert f"(commit {base[:12]}, then the change to the commit {head[:12]})" in r.err
    (line,) = [x for x in r.err.splitlines() if x.startswith("  change ")]
    assert line.split(None, 1)[1] == (
        "4 files (1 added, 2 modified, 1 deleted), no new text (each diff says its change); "
        "2 diffs as one line "
        "(1 default: lockfile; 1 the pack above shows its whole text)"
    )


def hot_core_and_a_large_new_file(tmp_path: Path) -> Path:
    """Modules, a core module edited often (so it stands last in the pack), then a change
    that edits the core's body and adds a large new module."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    files: dict[str, str | bytes] = {f"pkg/m{i:02}.py": module(f"m{i}", 40) for i in range(12)}
    write_tree(repo, {**files, "pkg/core.py": module("core", 30)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    for k in range(4):
        text = module("core", 30).replace("return z * 2", f"return z * {k + 3}", 1)
        write_tree(repo, {"pkg/core.py": text})
        git(repo, "commit", "-qam", f"core {k}")
    write_tree(
        repo, {"pkg/core.py": module("core", 30, edited=True), "pkg/big.py": module("big", 150)}
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    return repo


def test_a_changed_file_keeps_its_base_text_when_the_base_gives_way(tmp_path: Path) -> None:
    repo = hot_core_and_a_large_new_file(tmp_path)
    base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=12_000))
    assert [f.mode for f in base.files if f.path == "pkg/core.py"] == ["full"]
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=12_000))
    assert pack.total_tokens <= 12_000
    # Its new text is left out (the base's text and the diff say it), so the base's text
    # stays while other files give way: the model reads the whole file the change is about.
    (core,) = [f for f in pack.files if f.path == "pkg/core.py"]
    assert core.mode == "full"
    assert any("the base pack is cut to fit the change" in w for w in pack.warnings)
    # Tighter, it goes too, and the warning names it.
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=6_000))
    (core,) = [f for f in pack.files if f.path == "pkg/core.py"]
    assert core.mode == "listed"
    assert any("shown by its diff alone (pkg/core.py)" in w for w in pack.warnings)


def test_a_change_s_files_are_judged_within_their_whole_tree(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    deps = 'package deps\n\ntype Deps struct {\n\tName string\n}\n\nfunc New() *Deps { return &Deps{Name: "a"} }\n'
    lib = "int f(void) { return 1; }\n"
    write_tree(
        repo,
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "deps/deps.go": deps,
            "cmd/main.go": 'package main\n\nimport "example.com/app/deps"\n\nfunc main() { _ = deps.New() }\n',
            "third/zlib/LICENSE": "zlib licence\n",
            "third/zlib/Makefile": "all:\n\tcc -c z.c\n",
            "third/zlib/z.c": lib,
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    write_tree(
        repo,
        {"deps/deps.go": deps.replace('"a"', '"b"'), "third/zlib/z.c": lib.replace("1", "2")},
    )
    git(repo, "commit", "-qam", "change")
    base = build_pack(PackOptions(path=repo, rev="HEAD~1"))
    assert "deps/deps.go" in {f.path for f in base.files}  # the module's own package
    assert "third/zlib/z.c" in {e.path for e in base.excluded}  # vendored
    change = change_part(build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD")).output)
    # The project's own package changed: its hunks are shown, as the base pack shows it.
    assert '-func New() *Deps { return &Deps{Name: "a"} }' in change
    assert "vendored" not in change.split("third/zlib")[0]
    # The vendored file's change is one line, and its new text is not in the pack either.
    assert "# third/zlib/z.c: +1 -1 lines, not shown (vendored" in change
    assert "return 2;" not in change


def test_a_neighbour_too_long_in_full_is_an_outline_where_the_base_shows_less(
    tmp_path: Path,
) -> None:
    # The base pack lists pkg/user.py by its path; its full text does not fit the change's
    # room, its outline does: the model sees the outline rather than nothing more.
    user = "from pkg import core\n\n\n" + module("user", 300)
    repo = body_edit(tmp_path, core=4, others=40, count_=20, extra=user)
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=24_000, change_room=6_000))
    assert pack.total_tokens == count(pack.output) <= 24_000
    assert {f.path: f.mode for f in pack.files}["pkg/user.py"] == "listed"
    assert [(f.path, f.mode) for f in pack.delta] == [("pkg/user.py", "compressed")]
    about = change_part(pack.output).split("</about>")[0]
    assert (
        "the text of files that import the files it touches or that they import (in full, "
        "or an outline where the full text did not fit)" in about
    )
    assert not pack.warnings


def test_one_diff_as_one_line_is_said_in_the_singular(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    repo = go_repo(tmp_path, {"main.go": "package main\n\nfunc main() {}\n"})
    write_tree(repo, {"go.sum": LOCK.replace("v1.7.0", "v1.8.0")})
    git(repo, "commit", "-qam", "bump")
    r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-o", str(tmp_path / "p.xml"))
    assert r.code == 0, r.err
    (line,) = [x for x in r.err.splitlines() if x.startswith("  change ")]
    assert line.endswith("; 1 diff as one line (1 default: lockfile)"), line


def test_base_source_that_makes_way_keeps_its_signatures(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    files: dict[str, str | bytes] = {f"pkg/m{i:02}.py": module(f"m{i}", 30) for i in range(6)}
    files["pkg/core.py"] = module("core", 30)
    write_tree(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    for i in range(3):  # (the most recently changed stand last in the pack)
        write_tree(repo, {f"pkg/m{i:02}.py": module(f"m{i}", 30) + "\n# touched\n"})
        git(repo, "commit", "-qam", f"touch {i}")
    write_tree(repo, {"pkg/core.py": module("core", 30, edited=True) + module("extra", 60)})
    git(repo, "commit", "-qam", "a large change")
    budget = build_pack(PackOptions(path=repo, rev="HEAD~1")).total_tokens + 1_500
    base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=budget))
    assert all(f.mode == "full" for f in base.files if f.path.endswith(".py"))
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=budget))
    assert pack.total_tokens == count(pack.output) <= budget
    made_way = {f.path: f.mode for f in pack.files if f.note and "make room" in f.note}
    # The code beside the change keeps a line per definition, not a bare path.
    assert made_way and set(made_way.values()) == {"signatures"}, made_way
    for path in made_way:
        assert f'<file path="{path}" language="Python" role="source" mode="signatures">' in (
            pack.output
        )
    assert any(w.startswith("the base pack is cut to fit the change: ") for w in pack.warnings)
