"""Cost follows the budget, not the repository: `pack --budget 2m` on 1x and 4x the stdlib.

Usage: python bench/budget_bench.py [--runs 3] [--budget 2m] [--distinct]

Both runs are cold (empty REPOVIEW_HOME). The target: the 4x corpus takes at most 1.6x the
time of the 1x corpus. Also checks that each output fits the budget and fills >= 90% of it.
The four copies are byte for byte the same, and a pack reads, decodes and parses each blob
once; --distinct makes every text file of each copy differ (trailing newlines), so nothing
is shared: the cost of a repository four times as large with nothing in common.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import stdlib_corpus
from pack_bench import timed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--budget", default="2m")
    ap.add_argument("--distinct", action="store_true", help="no blob shared between copies")
    args = ap.parse_args()
    base = Path(tempfile.gettempdir())
    corpora = {
        "1x": stdlib_corpus(base / "rv-bench-stdlib"),
        "4x": (
            stdlib_corpus(base / "rv-bench-stdlib-x4d", copies=4, distinct=True)
            if args.distinct
            else stdlib_corpus(base / "rv-bench-stdlib-x4", copies=4)
        ),
    }
    tmp = Path(tempfile.mkdtemp(prefix="rv-budget-"))
    medians = {}
    for label, corpus in corpora.items():
        runs = []
        for i in range(args.runs):
            home = tmp / f"{label}-{i}"
            cmd = [
                sys.executable,
                "-m",
                "repoview",
                "pack",
                str(corpus),
                "--budget",
                args.budget,
                "-q",
                "-o",
                str(tmp / "out"),
                "--manifest",
                str(tmp / "m.json"),
            ]
            runs.append(timed(cmd, {**os.environ, "REPOVIEW_HOME": str(home)}))
        m = json.loads((tmp / "m.json").read_text())
        files = subprocess.run(["git", "ls-files"], cwd=corpus, capture_output=True, text=True)
        fill = m["total_tokens"] / m["budget"]
        medians[label] = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(
            f"{label}: {len(files.stdout.splitlines())} files, median {medians[label]:.2f} s "
            f"(CPU {cpu:.2f} s), RSS of its processes at once (forked copies share pages) "
            f"{max(r[3] for r in runs)} MiB, {m['total_tokens']:,} tokens "
            f"= {fill:.1%} of {m['budget']:,}"
        )
    print(f"4x / 1x time: {medians['4x'] / medians['1x']:.2f}x (target <= 1.6x)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
