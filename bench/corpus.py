"""Build the benchmark corpus: CPython's standard library copied into a fresh git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

SKIP = shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc")
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def stdlib_corpus(dest: Path, copies: int = 1, distinct: bool = False) -> Path:
    """`copies` copies of the stdlib side by side in one committed repository (reused if built).

    With `distinct`, copy i's text files end in i more newlines, so no two copies share a
    blob (a repository this large with nothing in common: no result computed once per
    content serves two files)."""
    marker = dest / ".bench-complete"
    if marker.exists():
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for i in range(copies):
        target = dest if copies == 1 else dest / f"copy{i}"
        shutil.copytree(stdlib, target, ignore=SKIP, symlinks=True, dirs_exist_ok=True)
        if distinct and i:
            _make_distinct(target, i)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "corpus"]):
        subprocess.run(["git", *args], cwd=dest, env=GIT_ENV, check=True)
    marker.touch()
    (dest / ".git" / "info" / "exclude").write_text(".bench-complete\n")
    return dest


def _make_distinct(root: Path, i: int) -> None:
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if b"\0" not in data[:8000]:
                path.write_bytes(data + b"\n" * i)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit("usage: python bench/corpus.py DEST [COPIES]")
    print(stdlib_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1))
