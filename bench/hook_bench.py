"""What the pre-push hook costs before the model call, on CPython's stdlib with a warm cache.

Usage: python bench/hook_bench.py [--runs 5]

Commits a one-line change to the corpus, then times `repoview review --task diff
--diff HEAD~1..HEAD --dry-run` (pack the pushed commit with its diff at the model's budget,
count, estimate: everything the hook does except the request) cold once, then warm.
`git status` in the same repository is timed as the machine's baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import GIT_ENV, stdlib_corpus
from pack_bench import timed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    src = stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    tmp = Path(tempfile.mkdtemp(prefix="rv-hook-"))
    repo = tmp / "repo"
    subprocess.run(["git", "clone", "-q", str(src), str(repo)], check=True, env=GIT_ENV)
    target = repo / "json" / "decoder.py"
    target.write_text(target.read_text() + "\n# a change under review\n")
    subprocess.run(["git", "commit", "-qam", "change"], cwd=repo, check=True, env=GIT_ENV)
    env = {**os.environ, "REPOVIEW_HOME": str(tmp / "home")}
    cmd = [sys.executable, "-m", "repoview", "review", str(repo), "--task", "diff", "--diff",
           "HEAD~1..HEAD", "--dry-run", "-q"]  # fmt: skip
    cold = timed(cmd, env)
    warm = [timed(cmd, env) for _ in range(args.runs)]
    base = [timed(["git", "status", "--porcelain"], env, cwd=repo) for _ in range(args.runs)]
    w = statistics.median(r[0] for r in warm)
    b = statistics.median(r[0] for r in base)
    print(f"cold (empty cache): {cold[0]:.2f} s, {cold[1]} MiB")
    print(f"warm: median {w:.2f} s, peak {max(r[1] for r in warm)} MiB")
    print(f"baseline git status: median {b:.3f} s; warm hook work = {w / b:.0f}x git status")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
