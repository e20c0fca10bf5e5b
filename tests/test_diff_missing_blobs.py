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
