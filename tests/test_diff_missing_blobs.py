"""`pack --diff` reads no blob of a file the pack only names (binary by its type)."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, git


def drop_blob(repo: Path, rev: str) -> None:
    """Delete a loose object, as a blob-filtered partial clone lacks it."""
    oid = git(repo, "rev-parse", rev).strip()
    os.remove(repo / ".git" / "objects" / oid[:2] / oid[2:])


def test_deleted_binary_without_its_blob(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    blob = random.Random(5).randbytes(20_000)
    repo = make_repo({"A.java": "class A {}\n", "tools/tool-bin.tar.gz": blob, "logo.png": blob})
    git(repo, "rm", "-q", "tools/tool-bin.tar.gz")
    (repo / "A.java").write_text("class A { int x; }\n")
    (repo / "logo.png").write_bytes(blob[::-1])
    git(repo, "commit", "-qam", "two")
    drop_blob(repo, "HEAD~1:tools/tool-bin.tar.gz")
    drop_blob(repo, "HEAD:logo.png")
    run = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-q", "-o", "-", "--format", "plain")
    assert run.code == 0, run.err
    assert "+class A { int x; }" in run.out
    assert "# tools/tool-bin.tar.gz: +0 -0 lines, not shown (" in run.out
    assert "# logo.png: +0 -0 lines, not shown (" in run.out


def test_a_missing_blob_of_a_shown_file_still_says_what_to_do(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"a.py": "x = 1\n", "b.py": "y = 1\n"})
    (repo / "b.py").write_text("y = 2\n")
    git(repo, "commit", "-qam", "two")
    drop_blob(repo, "HEAD~1:b.py")
    run = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-q", "-o", "-")
    assert run.code == 2
    assert "git has no copy of blob" in run.err and "b.py" in run.err


def test_a_renamed_binary_without_its_old_blob(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    blob = random.Random(6).randbytes(20_000)
    repo = make_repo({"A.java": "class A {}\n", "img/old.png": blob})
    git(repo, "mv", "img/old.png", "img/new.png")
    (repo / "A.java").write_text("class A { int y; }\n")
    git(repo, "commit", "-qam", "move")
    os.remove(repo / "img" / "new.png")  # the pack reads the tree, not the work tree
    git(repo, "checkout", "-q", "HEAD", "--", "img/new.png")
    drop_blob(repo, "HEAD~1:img/old.png")
    run = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-q", "-o", "-", "--format", "plain")
    assert run.code == 0, run.err
    assert "+class A { int y; }" in run.out


def test_many_binaries_are_diffed_by_git_itself(
    make_repo: Callable[..., Path], monkeypatch
) -> None:
    import repoview.diffctx
    from repoview.packer import PackOptions, build_pack

    # Past the cap, each file is not an argument of its own (tens of thousands would pass
    # the command line's limit): git says itself that they differ.
    monkeypatch.setattr(repoview.diffctx, "_SKIP_MAX", 2)
    repo = make_repo({"A.java": "class A {}\n"})
    for k in range(5):
        (repo / f"i{k}.png").write_bytes(random.Random(k).randbytes(2000))
    (repo / "A.java").write_text("class A { int z; }\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "images")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", fmt="plain", cache=False))
    assert "+class A { int z; }" in pack.output
    assert all(f"# i{k}.png: " in pack.output for k in range(5))


def test_a_missing_blob_that_rename_detection_reads_says_what_to_do(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # A file deleted and another added: git reads both to see whether one was renamed.
    repo = make_repo(
        {"A.java": "class A {}\n", "data.json": "".join(f"{i}\n" for i in range(2000))}
    )
    git(repo, "rm", "-q", "data.json")
    (repo / "new.json").write_text('{"a": 1}\n')
    git(repo, "add", "new.json")
    git(repo, "commit", "-qm", "two")
    drop_blob(repo, "HEAD~1:data.json")
    run = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-q", "-o", "-")
    assert run.code == 2
    assert "git has no copy of blob" in run.err and "data.json" in run.err, run.err
