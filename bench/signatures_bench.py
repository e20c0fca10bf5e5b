"""How fast the signatures tier is made: `signatures()` over every file of a repository.

Usage: python bench/signatures_bench.py [--repo DIR] [--runs 5]

Without --repo, runs on CPython's stdlib corpus (bench/corpus.py). Reads and decodes every
tracked file once, as a pack does, then times `signatures()` on all of them, per language
(the five with the most bytes, and the total). Prints the fastest of --runs runs in CPU
time: on a shared machine, wall time also counts other processes' turns on the cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repoview.analyze.languages import detect_language
from repoview.compress import signatures
from repoview.textdecode import decode


def read_files(repo: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The text of every tracked file that decodes, and their bytes, by language."""
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True
    ).stdout
    texts: dict[str, list[str]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for name in out.decode("utf-8", "surrogateescape").split("\0"):
        path = repo / name
        if not name or path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        text = decode(data).text
        if text is not None:
            language = detect_language(name.rsplit("/", 1)[-1])
            texts[language].append(text)
            sizes[language] += len(data)
    return texts, sizes


def best_time(texts: list[str], language: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for text in texts:
            signatures(text, language)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, help="a git repository (default: the stdlib corpus)")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    repo = args.repo
    if repo is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from corpus import stdlib_corpus

        repo = stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    by_language, sizes = read_files(repo.resolve())
    rows = []
    for lang in sorted(by_language, key=lambda k: -sizes[k]):
        rows.append(
            (
                lang,
                len(by_language[lang]),
                sizes[lang],
                best_time(by_language[lang], lang, args.runs),
            )
        )
    print(f"{repo}: signatures() over {sum(r[1] for r in rows):,} files, best of {args.runs} runs")
    print(f"  {'language':<16}{'files':>8}{'MB':>8}{'seconds':>10}{'files/s':>12}{'MB/s':>10}")
    total = ("total", sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows))
    for lang, files, size, seconds in [*rows[:5], total]:
        rate = files / seconds if seconds else float("inf")
        mbs = size / 1e6 / seconds if seconds else float("inf")
        mb = size / 1e6
        print(f"  {lang:<16}{files:>8,}{mb:>8.1f}{seconds:>10.3f}{rate:>12,.0f}{mbs:>10.1f}")


if __name__ == "__main__":
    main()
