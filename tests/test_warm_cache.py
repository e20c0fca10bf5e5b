"""A warm pack reuses the import graph and the history it found before, and only while the
repository is unchanged: an edit, an added or removed file, or a new commit shows at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from repoview.analyze import imports, rank
from repoview.model import Pack
from repoview.packer import PackOptions, build_pack
from repoview.tokens import TokenCounter

from .conftest import git

MakeRepo = Callable[..., Path]


def _pack(root: Path, home: Path) -> Pack:
    return build_pack(PackOptions(path=root, home=home))


def _imports(pack: Pack) -> dict[str, list[str]]:
    return {f.path: f.imports for f in pack.files}


@pytest.fixture
def resolutions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the pack resolved the import graph afresh."""
    calls: list[int] = []
    real = imports.resolve_all
    monkeypatch.setattr(imports, "resolve_all", lambda *a: calls.append(1) or real(*a))
    return calls


def test_unchanged_repository_reuses_the_graph(
    make_repo: MakeRepo, tmp_path: Path, resolutions: list[int]
) -> None:
    root = make_repo({"pkg/__init__.py": "", "pkg/a.py": "from . import b\n", "pkg/b.py": ""})
    first = _pack(root, tmp_path / "home")
    second = _pack(root, tmp_path / "home")
    assert len(resolutions) == 1
    assert _imports(second) == _imports(first)
    assert _imports(second)["pkg/a.py"] == ["pkg/b.py"]
    assert {f.path: f.imported_by for f in second.files}["pkg/b.py"] == ["pkg/a.py"]
    assert second.output == first.output


def test_an_edited_import_shows_on_the_next_warm_pack(make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo({"a.py": "import b\n", "b.py": "", "c.py": ""})
    assert _imports(_pack(root, tmp_path / "home"))["a.py"] == ["b.py"]
    (root / "a.py").write_text("import c\n")  # same size, not committed
    assert _imports(_pack(root, tmp_path / "home"))["a.py"] == ["c.py"]


def test_an_added_or_removed_module_changes_what_an_import_reaches(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    # `from pkg import util` names the module pkg/util.py when it exists, else pkg itself.
    root = make_repo({"pkg/__init__.py": "", "main.py": "from pkg import util\n"})
    home = tmp_path / "home"
    assert _imports(_pack(root, home))["main.py"] == ["pkg/__init__.py"]
    (root / "pkg" / "util.py").write_text("X = 1\n")  # untracked: the pack still sees it
    assert _imports(_pack(root, home))["main.py"] == ["pkg/util.py"]
    (root / "pkg" / "util.py").unlink()
    assert _imports(_pack(root, home))["main.py"] == ["pkg/__init__.py"]


def test_a_new_commit_moves_the_changed_file_to_the_end(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"a.py": "x = 1\n", "b.py": "y = 2\n"})
    home = tmp_path / "home"
    logs: list[list[str]] = []
    real = rank.git
    monkeypatch.setattr(rank, "git", lambda args, *a, **k: logs.append(args) or real(args, *a, **k))
    first = _pack(root, home)
    assert [f.path for f in first.files] == ["a.py", "b.py"]  # same commit: by path
    assert [f.path for f in _pack(root, home).files] == ["a.py", "b.py"]
    assert [args[0] for args in logs].count("log") == 1  # the second pack reused the history
    (root / "a.py").write_text("x = 2\n")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2031-01-01T00:00:00")
    git(root, "commit", "-qam", "edit a")
    assert [f.path for f in _pack(root, home).files] == ["b.py", "a.py"]


def test_a_subfolder_pack_keeps_its_own_history(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"sub/a.py": "x = 1\n", "sub/b.py": "y = 2\n", "top.py": "z = 0\n"})
    (root / "sub" / "a.py").write_text("x = 2\n")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2031-01-01T00:00:00")
    git(root, "commit", "-qam", "edit a")
    home = tmp_path / "home"
    assert [f.path for f in _pack(root, home).files] == ["sub/b.py", "top.py", "sub/a.py"]
    # The same commit, seen from the folder: its paths are the folder's own.
    assert [f.path for f in _pack(root / "sub", home).files] == ["b.py", "a.py"]


@pytest.mark.parametrize("fmt", ["xml", "markdown"])
def test_warm_output_equals_cold_and_counts_exactly(
    make_repo: MakeRepo, tmp_path: Path, fmt: str
) -> None:
    body = "".join(f"def f{i}(x):\n    return x[[{i}]]>0\n\n" for i in range(40))
    root = make_repo({"a.py": body, "b.txt": "bell \x07\n", "c.md": "```\ncode\n```\n"})
    opts = PackOptions(path=root, home=tmp_path / "home", fmt=fmt)
    cold = build_pack(opts)
    warm = build_pack(opts)
    assert warm.output == cold.output
    assert "]]]]><![CDATA[>" in warm.output or fmt != "xml"
    exact = TokenCounter("o200k_base").encode_len(warm.output)
    assert warm.total_tokens == cold.total_tokens == exact
    # A new file changes the glue around the others: the warm total is still exact.
    (root / "d.py").write_text("import a\n")
    grown = build_pack(opts)
    assert grown.total_tokens == TokenCounter("o200k_base").encode_len(grown.output)
