"""Time `repoview pack` cold and warm on CPython's stdlib, against repomix in the same run.

Also times a cold pack without the secret scan, to show what the scan costs.

Usage: python bench/pack_bench.py [--runs 5] [--corpus DIR | --repo DIR] [--no-repomix]

--repo times an existing repository (read, never written) instead of the stdlib corpus.

Cold: an empty REPOVIEW_HOME (no token cache). Warm: the cache from a previous run.
repomix 1.18.1 is installed with npm into a temporary folder when npm is available; its cold
runs set REPOMIX_TOKEN_CACHE=0. Prints medians, peak memory and ratios; machines are noisy,
so compare ratios taken in one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import stdlib_corpus


def timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in MiB of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{cmd[0]} failed: {err}")
    return elapsed, usage.ru_maxrss // 1024


def install_repomix(where: Path) -> Path | None:
    if not shutil.which("npm"):
        return None
    proc = subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "repomix@1.18.1"],
        cwd=where,
        capture_output=True,
    )
    exe = where / "node_modules" / ".bin" / "repomix"
    return exe if proc.returncode == 0 and exe.exists() else None


def median(runs: list[tuple[float, int]]) -> tuple[float, int]:
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    ap.add_argument("--repo", type=Path, help="an existing repository instead of the corpus")
    ap.add_argument("--no-repomix", action="store_true")
    args = ap.parse_args()

    corpus = args.repo.resolve() if args.repo else stdlib_corpus(args.corpus)
    files = subprocess.run(["git", "ls-files"], cwd=corpus, capture_output=True, text=True)
    print(f"corpus: {corpus} ({len(files.stdout.splitlines())} files)")
    tmp = Path(tempfile.mkdtemp(prefix="rv-bench-"))
    out = tmp / "out.xml"
    repoview = [sys.executable, "-m", "repoview", "pack", str(corpus), "-q", "-o", str(out)]
    results: dict[str, tuple[float, int]] = {}

    cold = []
    for i in range(args.runs):
        env = {**os.environ, "REPOVIEW_HOME": str(tmp / f"cold{i}")}
        cold.append(timed(repoview, env))
    results["repoview cold"] = median(cold)
    no_scan = []
    for i in range(args.runs):
        env = {**os.environ, "REPOVIEW_HOME": str(tmp / f"noscan{i}")}
        no_scan.append(timed([*repoview, "--no-secret-scan"], env))
    results["cold, no scan"] = median(no_scan)
    warm_env = {**os.environ, "REPOVIEW_HOME": str(tmp / "cold0")}
    results["repoview warm"] = median([timed(repoview, warm_env) for _ in range(args.runs)])

    rmx = None if args.no_repomix else install_repomix(tmp)
    if rmx:
        cmd = [str(rmx), str(corpus), "-o", str(tmp / "rmx.xml"), "--quiet"]
        env = {**os.environ, "REPOMIX_TOKEN_CACHE": "0"}
        results["repomix cold"] = median([timed(cmd, env) for _ in range(args.runs)])
        timed(cmd, dict(os.environ))  # fill its cache
        results["repomix warm"] = median([timed(cmd, dict(os.environ)) for _ in range(args.runs)])
    else:
        print("repomix: not available (npm missing or offline); printing repoview only")

    print(f"load average {os.getloadavg()[0]:.1f} at the end (2 cores shared: compare ratios)")
    print(f"\n{'run':<16}{'median s':>10}{'peak MiB':>10}")
    for name, (secs, mib) in results.items():
        print(f"{name:<16}{secs:>10.2f}{mib:>10}")
    scan = results["repoview cold"][0] / results["cold, no scan"][0] - 1
    print(f"secret scan adds {scan:+.0%} to a cold pack")
    if rmx:
        for kind in ("cold", "warm"):
            rv, rm = results[f"repoview {kind}"], results[f"repomix {kind}"]
            print(f"ratio {kind}: time {rv[0] / rm[0]:.2f}x, peak memory {rv[1] / rm[1]:.2f}x")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
