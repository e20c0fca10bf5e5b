"""What the pre-push hook costs before the model call, on CPython's stdlib with a warm cache.

Usage: python bench/hook_bench.py [--runs 5]

Commits a one-line change to the corpus, then times `repoview review --task diff
--diff HEAD~1..HEAD --dry-run` (pack the pushed commit with its diff at the model's budget,
count, estimate: everything the hook does except the request) cold once, then warm.
`git status` in the same repository is timed as the machine's baseline.

With --push, the hook runs for real instead: installed, then `git push` of the one-line
change to a bare remote, the model played by the tests' stand-in provider on 127.0.0.1.
It prints the tokens the push sent (o200k_base) beside a quarter of kimi-k2.6's window, the
hook's default budget, and the push's wall time (cold: an empty cache). Then --runs more
one-line commits are pushed one by one, warm, and their median wall time is printed.
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

KIMI_K26_WINDOW = 262_144


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--push", action="store_true", help="push through the installed hook")
    ap.add_argument("--budget", help='with --push: [hook] budget, e.g. "window"')
    args = ap.parse_args()
    if args.push:
        push_bench(args.budget, args.runs)
        return
    src = stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    tmp = Path(tempfile.mkdtemp(prefix="rv-hook-"))
    repo = tmp / "repo"
    subprocess.run(["git", "clone", "-q", str(src), str(repo)], check=True, env=GIT_ENV)
    target = repo / "json" / "decoder.py"
    target.write_text(target.read_text() + "\n# a change under review\n")
    subprocess.run(["git", "commit", "-qam", "change"], cwd=repo, check=True, env=GIT_ENV)
    env = {**os.environ, "REPOVIEW_HOME": str(tmp / "home")}
    cmd = [
        sys.executable,
        "-m",
        "repoview",
        "review",
        str(repo),
        "--task",
        "diff",
        "--diff",
        "HEAD~1..HEAD",
        "--dry-run",
        "-q",
    ]
    cold = timed(cmd, env)
    warm = [timed(cmd, env) for _ in range(args.runs)]
    base = [timed(["git", "status", "--porcelain"], env, cwd=repo) for _ in range(args.runs)]
    w = statistics.median(r[0] for r in warm)
    b = statistics.median(r[0] for r in base)
    # timed() gives (wall s, CPU s, peak MiB summed over processes, most MiB at once)
    print(f"cold (empty cache): {cold[0]:.2f} s, CPU {cold[1]:.2f} s, {cold[3]} MiB at once")
    print(
        f"warm: median {w:.2f} s, CPU {statistics.median(r[1] for r in warm):.2f} s, "
        f"peak {max(r[3] for r in warm)} MiB at once"
    )
    print(f"baseline git status: median {b:.3f} s; warm hook work = {w / b:.0f}x git status")
    shutil.rmtree(tmp, ignore_errors=True)


def push_bench(budget: str | None, runs: int) -> None:
    import time

    sys.path.insert(0, str(Path(__file__).parent.parent))
    from repoview.tokens import TokenCounter
    from tests.provider import Provider

    src = stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    tmp = Path(tempfile.mkdtemp(prefix="rv-hook-push-"))
    remote, repo = tmp / "remote.git", tmp / "repo"
    subprocess.run(["git", "clone", "-q", "--bare", str(src), str(remote)], check=True, env=GIT_ENV)
    subprocess.run(["git", "clone", "-q", str(remote), str(repo)], check=True, env=GIT_ENV)
    target = repo / "json" / "decoder.py"
    target.write_text(target.read_text().replace("import re\n", "import re  # one line\n", 1))
    subprocess.run(["git", "commit", "-qam", "change"], cwd=repo, check=True, env=GIT_ENV)
    if budget is not None:  # untracked: the pushed commit stays the one-line change
        (repo / ".repoview.toml").write_text(f"[hook]\nbudget = {budget!r}\n".replace("'", '"'))
    env = {
        **GIT_ENV,
        "REPOVIEW_HOME": str(tmp / "home"),
        "REPOVIEW_API_KEY": "sk-bench",
        "REPOVIEW_MODEL": "kimi-k2.6",
    }
    subprocess.run(
        [sys.executable, "-m", "repoview", "hook", "install", str(repo)],
        env=env,
        check=True,
        capture_output=True,
    )
    with Provider() as provider:
        env["REPOVIEW_BASE_URL"] = provider.url
        start = time.monotonic()
        proc = subprocess.run(
            ["git", "push", "-q", "origin", "HEAD"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.monotonic() - start
    counter = TokenCounter("o200k_base")
    sent = [sum(counter.count(m["content"]) for m in c["messages"]) for c in provider.chats]
    quarter = KIMI_K26_WINDOW // 4
    print(f"push exit {proc.returncode} in {wall:.2f} s; {len(sent)} request(s)")
    for n in sent:
        print(
            f"sent {n:,} tokens = {n / KIMI_K26_WINDOW:.1%} of kimi-k2.6's window "
            f"(quarter: {quarter:,}; {'within' if n <= quarter else 'OVER'})"
        )
    print("\n".join(line for line in proc.stderr.splitlines() if "this push" in line))
    if proc.returncode == 0 and runs:
        with Provider() as provider:
            env["REPOVIEW_BASE_URL"] = provider.url
            walls = []
            for i in range(runs):
                target.write_text(target.read_text() + f"# warm change {i}\n")
                subprocess.run(
                    ["git", "commit", "-qam", f"warm {i}"], cwd=repo, check=True, env=GIT_ENV
                )
                start = time.monotonic()
                subprocess.run(
                    ["git", "push", "-q", "origin", "HEAD"],
                    cwd=repo,
                    env=env,
                    check=True,
                    capture_output=True,
                )
                walls.append(time.monotonic() - start)
        print(
            f"warm pushes: median {statistics.median(walls):.2f} s over {runs} "
            f"(min {min(walls):.2f}, max {max(walls):.2f}); load average "
            f"{os.getloadavg()[0]:.1f}"
        )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
