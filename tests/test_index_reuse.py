"""Files are named by git blob ids: from the index when unchanged, else hashed as git would."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from repoview import source
from repoview.gitutil import locate
from repoview.packer import PackOptions, build_pack
from repoview.source import open_source
from repoview.textdecode import blob_digest, git_blob_id
from repoview.tokens import TokenCounter

from .conftest import git


def _later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the listing look a minute after the files were written, as on a real warm run."""
    now = time.time() + 60
    monkeypatch.setattr(source.time, "time", lambda: now)


def _read_all(root: Path) -> dict[str, source.ReadResult]:
    src = open_source(locate(root), None)
    entries = [e for e in src.entries() if e.kind == source.FILE]
    return {r.entry.path: r for r in src.read(entries)}


def test_clean_files_are_named_by_blob_and_edited_ones_by_content(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"a.py": "x = 1\n", "b.py": "y = 2\n", "sub/c.txt": "hello\n"})
    (root / "b.py").write_text("y = 3  # edited, not staged\n")
    (root / "new.txt").write_text("untracked\n")
    _later(monkeypatch)
    read = _read_all(root)
    blob_a = git(root, "rev-parse", "HEAD:a.py").strip()
    assert read["a.py"].digest == blob_digest(blob_a, 6)
    assert read["b.py"].data == b"y = 3  # edited, not staged\n"
    assert read["b.py"].digest == blob_digest(git_blob_id(read["b.py"].data or b""), 28)
    assert read["new.txt"].digest == blob_digest(git_blob_id(b"untracked\n"), 10)
    # The id is git's own: staging the edit would give the index this very name.
    assert git_blob_id(b"untracked\n") == git(root, "hash-object", "new.txt").strip()


def test_a_file_changed_just_now_is_hashed_even_if_git_calls_it_clean(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stat times are coarse: a write in the same second as git's look may escape it.
    root = make_repo({"a.py": "x = 1\n"})
    calls = []
    monkeypatch.setattr(source, "git_blob_id", lambda *a: calls.append(a) or "0" * 40)
    _read_all(root)
    assert calls == [(b"x = 1\n", "sha1")]


def test_a_subfolder_pack_sees_its_own_edits(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"pkg/a.py": "x = 1\n", "pkg/b.py": "y = 2\n", "top.py": "z = 0\n"})
    (root / "pkg" / "b.py").write_text("y = 22\n")
    _later(monkeypatch)
    read = _read_all(root / "pkg")
    assert set(read) == {"a.py", "b.py"}
    assert read["b.py"].digest == blob_digest(git_blob_id(b"y = 22\n"), 7)
    assert read["a.py"].digest == blob_digest(git(root, "rev-parse", "HEAD:pkg/a.py").strip(), 6)


def test_warm_pack_after_an_edit_carries_and_counts_the_new_text(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    body = "".join(f"def f{i}(x):\n    return x * {i}\n\n" for i in range(50))
    root = make_repo({"m.py": body, "n.py": "import m\n"})
    _later(monkeypatch)
    opts = PackOptions(path=root, home=tmp_path / "home")
    first = build_pack(opts)
    edited = body.replace("return x * 7\n", "return 1+2+3\n")  # same size
    (root / "m.py").write_text(edited)
    second = build_pack(opts)
    carried = {f.path: f for f in second.files}
    assert carried["m.py"].text == edited
    assert carried["m.py"].tokens != {f.path: f for f in first.files}["m.py"].tokens
    exact = TokenCounter("o200k_base").encode_len("".join(second.chunks))
    assert second.total_tokens == exact


def test_rev_pack_names_files_by_their_blobs(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"a.py": "x = 1\n"})
    src = open_source(locate(root), "HEAD")
    (result,) = list(src.read(src.entries()))
    src.close()
    assert result.digest == blob_digest(git(root, "rev-parse", "HEAD:a.py").strip(), 6)


def _rev_texts(root: Path, rev: str) -> dict[str, bytes | None]:
    src = open_source(locate(root), rev)
    try:
        return {r.entry.path: r.data for r in src.read(src.entries())}
    finally:
        src.close()


def test_rev_pack_reads_checked_out_files_from_the_work_tree(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"a.py": "x = 1\n", "b.py": "y = 2\n", "c.py": "z = 3\n"})
    (root / "b.py").write_text("y = 9\n")  # same size, not committed
    _later(monkeypatch)
    local: list[str] = []
    real = source._read_file
    monkeypatch.setattr(
        source, "_read_file", lambda root, e, *a: local.append(e.path) or real(root, e, *a)
    )
    texts = _rev_texts(root, "HEAD")
    assert texts == {"a.py": b"x = 1\n", "b.py": b"y = 2\n", "c.py": b"z = 3\n"}
    assert sorted(local) == ["a.py", "c.py"]  # b.py differs: it came from the commit


def test_rev_pack_of_an_older_commit_carries_that_commit(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"a.py": "x = 1\n", "b.py": "y = 2\n"})
    (root / "a.py").write_text("x = 100\n")
    git(root, "commit", "-qam", "second")
    (root / "b.py").write_text("y = 3\n")  # an edit after git looked: same size
    _later(monkeypatch)
    assert _rev_texts(root, "HEAD~1") == {"a.py": b"x = 1\n", "b.py": b"y = 2\n"}


def test_rev_pack_notices_a_file_changed_after_git_looked(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_repo({"a.py": "x = 1\n"})
    real = source.RevSource._checked_out

    def then_edit(self: source.RevSource, wanted: list[source.Entry]) -> dict[str, float]:
        found = real(self, wanted)
        (root / "a.py").write_text("x = 7\n")  # between git's look and the read
        return found

    monkeypatch.setattr(source.RevSource, "_checked_out", then_edit)
    assert _rev_texts(root, "HEAD") == {"a.py": b"x = 1\n"}


def test_a_warm_budgeted_pack_reuses_signatures_and_packs_the_same(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from repoview import compress

    files: dict[str, str | bytes] = {
        f"pkg/m{i}.py": "".join(f"def f{j}(x):\n    return x * {j}\n\n" for j in range(40))
        for i in range(12)
    }
    root = make_repo(files)
    opts = PackOptions(path=root, home=tmp_path / "home", budget=3000)
    first = build_pack(opts)
    made: list[str] = []
    real = compress.signatures
    monkeypatch.setattr(
        compress, "signatures", lambda text, lang: made.append(lang) or real(text, lang)
    )
    second = build_pack(opts)
    assert made == []  # every file's signatures came from the cache
    assert second.chunks == first.chunks and second.total_tokens == first.total_tokens


def test_copies_of_one_blob_are_read_once_and_each_is_packed(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "def f():\n    return 1\n"
    root = make_repo({"one/a.py": text, "two/a.py": text, "three/a.py": text, "b.py": "y = 2\n"})
    _later(monkeypatch)
    real = source._read_file
    opened: list[str] = []
    monkeypatch.setattr(
        source,
        "_read_file",
        lambda root, e, *a, **k: opened.append(e.path) or real(root, e, *a, **k),
    )
    pack = build_pack(PackOptions(path=root))
    assert sorted(opened) == ["b.py", "one/a.py"]
    shown = {f.path: (f.mode, f.text) for f in pack.files}
    assert all(shown[p] == ("full", text) for p in ("one/a.py", "two/a.py", "three/a.py"))


@pytest.mark.parametrize("edited", ["a.py", "b.py"])  # the copy read first, or the other
def test_a_copy_changed_while_packing_is_read_itself(
    make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, edited: str
) -> None:
    root = make_repo({"a.py": "x = 1\n", "b.py": "x = 1\n"})
    real = source.WorktreeSource.entries

    def entries_then_edit(self):  # type: ignore[no-untyped-def]
        out = real(self)
        (root / edited).write_text("x = 2  # edited after git looked\n")
        return out

    monkeypatch.setattr(source.WorktreeSource, "entries", entries_then_edit)
    pack = build_pack(PackOptions(path=root))
    assert {f.path: f.text for f in pack.files} == {
        "a.py": "x = 1\n",
        "b.py": "x = 1\n",
        edited: "x = 2  # edited after git looked\n",
    }


def test_a_warm_pack_judges_roles_again_when_the_tree_around_a_file_changes(
    make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    # `pkg/tools/` is the build's scripts until it is a package inside a package; the file
    # itself does not change, so only the folders its role depends on tell the cache apart.
    tool = "def main():\n    pass\n"
    root = make_repo({"pkg/__init__.py": "", "pkg/tools/x.py": tool})
    opts = PackOptions(path=root, home=tmp_path / "home")

    def role() -> str:
        return {f.path: f.role for f in build_pack(opts).files}["pkg/tools/x.py"]

    assert role() == "build"
    assert role() == "build"  # (from the cache)
    (root / "pkg/tools/__init__.py").write_text("")
    assert role() == "source"
    (root / "pkg/tools/__init__.py").unlink()
    assert role() == "build"
