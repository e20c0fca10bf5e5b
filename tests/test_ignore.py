"""File selection must equal git's own answer, in work trees, subfolders and plain folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from repoview.gitutil import locate
from repoview.source import PlainSource, WorktreeSource

from .conftest import git, write_tree

FILES = {
    "a.py": "x",
    "b.log": "x",
    "keep.log": "x",
    "root_only.txt": "x",
    "notes.md": "x",
    "build/out.o.txt": "x",
    "x/build": "x",
    "x/y/build/gen.txt": "x",
    "logs/a.log": "x",
    "logs/important.log": "x",
    "sub/anchored.txt": "x",
    "sub/root_only.txt": "x",
    "sub/deep/m.c": "x",
    "sub/deep/n.h": "x",
    "sub/special.tmp": "x",
    "sub/other.tmp": "x",
    "sub/notes.md": "x",
    "#hash.txt": "x",
    "!bang.txt": "x",
    "space ": "x",
    "a/b": "x",
    "a/x/b": "x",
    "a/x/y/b": "x",
    "doc/one.txt": "x",
    "doc/more/two.txt": "x",
    "c.py": "x",
    "q.md": "x",
    "Upper.PY": "x",
    "dir with space/f i l e.txt": "x",
    "unicodé/ñ.txt": "x",
}

RULESETS = {
    "negation": {".gitignore": "*.log\n!keep.log\n"},
    "anchoring": {".gitignore": "/root_only.txt\nsub/anchored.txt\n"},
    "dir-only": {".gitignore": "build/\n"},
    "excluded-dir-no-reinclude": {".gitignore": "logs/\n!logs/important.log\n"},
    "dir-contents-reinclude": {".gitignore": "logs/*\n!logs/important.log\n"},
    "nested": {".gitignore": "*.tmp\n", "sub/.gitignore": "!special.tmp\n*.md\n"},
    "deeper-wins": {".gitignore": "*.md\n", "sub/.gitignore": "!*.md\n"},
    "escapes": {".gitignore": "\\#hash.txt\n\\!bang.txt\nspace\\ \n"},
    "globstar": {".gitignore": "**/deep/*.c\na/**/b\n"},
    "single-level": {".gitignore": "doc/*.txt\n"},
    "classes": {".gitignore": "[ab].py\n?.md\n"},
    "trailing-space-and-comments": {".gitignore": "# a comment\nc.py   \n\n"},
    "whitelist": {".gitignore": "*\n!*/\n!*.py\n!.gitignore\n"},
    "case": {".gitignore": "*.py\n"},
    "spaces-unicode": {".gitignore": "dir with space/\nunicodé/\n"},
    "slash-middle": {".gitignore": "deep/m.c\nsub/deep/n.h\n"},
}


def git_answer(root: Path) -> set[str]:
    out = git(
        root,
        "-c",
        "core.quotepath=off",
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    )
    return {p for p in out.split("\0") if p}


def source_paths(src: WorktreeSource | PlainSource) -> set[str]:
    return {e.path for e in src.entries()}


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_worktree_and_plain_folder_match_git(name: str, make_repo, tmp_path: Path) -> None:
    files = {**FILES, **RULESETS[name]}
    repo = make_repo(files, commit=False, name=name)
    expected = git_answer(repo)
    assert source_paths(WorktreeSource(locate(repo))) == expected

    plain = tmp_path / f"plain-{name}"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert source_paths(PlainSource(plain)) == expected


@pytest.mark.parametrize("name", ["nested", "deeper-wins", "anchoring", "globstar"])
def test_subdirectory_uses_the_whole_repos_rules(name: str, make_repo) -> None:
    repo = make_repo({**FILES, **RULESETS[name]}, commit=False, name=name)
    expected = git_answer(repo / "sub")
    got = source_paths(WorktreeSource(locate(repo / "sub")))
    assert got == expected
    assert got, "the subfolder has files git keeps"


def test_tracked_files_stay_even_when_ignored(make_repo) -> None:
    repo = make_repo({"app.log": "tracked\n", "main.py": "print()\n"})
    (repo / ".gitignore").write_text("*.log\n")
    (repo / "new.log").write_text("untracked\n")
    paths = source_paths(WorktreeSource(locate(repo)))
    assert "app.log" in paths and "new.log" not in paths


def test_info_exclude_and_core_excludes_file(make_repo, tmp_path: Path) -> None:
    repo = make_repo({"a.py": "x", "secret.cfg": "x", "local.tmp": "x"}, commit=False)
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("*.tmp\n")
    global_ignore = tmp_path / "global-ignore"
    global_ignore.write_text("*.cfg\n")
    git(repo, "config", "core.excludesFile", str(global_ignore))
    paths = source_paths(WorktreeSource(locate(repo)))
    assert paths == git_answer(repo) == {"a.py"}


def test_plain_folder_reports_nested_repository_once(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", {"a.py": "x", "inner/x.py": "y"})
    git(tmp_path / "p" / "inner", "init", "-q")
    entries = PlainSource(tmp_path / "p").entries()
    assert {(e.path, e.kind) for e in entries} == {("a.py", "file"), ("inner", "submodule")}


def test_a_doc_file_is_judged_by_its_content(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    # A Word file opens with the OLE header, NUL bytes and all.
    word = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff" * 40
    repo = make_repo(
        {
            "CHANGES/3559.doc": "Clarified ``WebSocketResponse`` closure in the quick start.\n",
            # a note that opens and ends as a protocol-0 pickle would
            "CHANGES/3560.doc": "Fixed the example of ``ClientSession.close()``.",
            "docs/manual.doc": word,
            "main.py": "print(1)\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    texts = {f.path: f.text for f in pack.files}
    assert "WebSocketResponse" in (texts["CHANGES/3559.doc"] or "")
    assert "CHANGES/3560.doc" in texts
    assert {e.path: e.reason for e in pack.excluded} == {"docs/manual.doc": "binary"}
