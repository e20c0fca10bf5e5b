"""`--rev` or a `--diff` end naming a tree or a blob: it exists, it is no commit, and the
one line says so (not "unknown revision")."""

from __future__ import annotations

from .conftest import git
from .test_bad_input import one_line_error

_FIX = "name a commit (to pack a folder, pass the folder as PATH)"


def test_rev_naming_a_tree_or_a_blob(make_repo, cli) -> None:
    repo = make_repo({"src/a.py": "x = 1\n"})
    blob = git(repo, "rev-parse", "HEAD:src/a.py").strip()
    for rev, kind in (("HEAD:src", "tree"), ("HEAD^{tree}", "tree"), (blob, "blob")):
        line = one_line_error(cli("pack", str(repo), "--rev", rev, "-o", "-"))
        assert line == f"repoview: error: {rev!r} is a {kind}, not a commit: {_FIX}", line


def test_a_tag_of_a_tree_is_the_tree(make_repo, cli) -> None:
    repo = make_repo({"src/a.py": "x = 1\n"})
    git(repo, "tag", "-a", "-m", "the tree", "snap", "HEAD^{tree}")
    line = one_line_error(cli("pack", str(repo), "--rev", "snap", "-o", "-"))
    assert "'snap' is a tree, not a commit" in line


def test_diff_end_naming_a_tree(make_repo, cli) -> None:
    repo = make_repo({"src/a.py": "x = 1\n"})
    (repo / "src" / "a.py").write_text("x = 2\n")
    git(repo, "commit", "-qam", "second")
    line = one_line_error(cli("pack", str(repo), "--diff", "HEAD~1:src..HEAD", "-o", "-"))
    assert line == f"repoview: error: --diff: 'HEAD~1:src' is a tree, not a commit: {_FIX}"
    line = one_line_error(cli("pack", str(repo), "--diff", "HEAD~1..HEAD:src/a.py", "-o", "-"))
    assert "'HEAD:src/a.py' is a blob, not a commit" in line


def test_a_missing_revision_is_still_unknown(make_repo, cli) -> None:
    repo = make_repo({"a.py": "x = 1\n"})
    for rev in ("no-such-branch", "HEAD:no/such/path"):
        line = one_line_error(cli("pack", str(repo), "--rev", rev, "-o", "-"))
        assert f"unknown revision {rev!r}" in line, line
