"""Time `repoview pack` cold and warm on CPython's stdlib, against repomix in the same run.

Also times a cold pack without the secret scan, to show what the scan costs.

Usage: python bench/pack_bench.py [--runs 5] [--corpus DIR | --repo DIR] [--no-repomix]

--repo times an existing repository (read, never written) instead of the stdlib corpus.

Cold: an empty REPOVIEW_HOME (no token cache). Warm: the cache from a previous run.
repomix 1.18.1 is installed with npm into a temporary folder when npm is available; its cold
runs set REPOMIX_TOKEN_CACHE=0. repoview's and repomix's runs alternate, so both meet the
same load on a shared machine. Prints medians of wall time, of CPU time (every process of
the run, threads included: the figure a busy machine does not blur) and peak memory, and
their ratios. Peak memory is the sum of each process's own peak (repoview's pack and its
token worker; git's short-lived helpers left out), sampled from /proc every 10 ms: an upper
bound on what the run held at any one moment; "at once" is the most the run's processes
held together in one sample.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import stdlib_corpus

Run = tuple[float, float, int, int]  # wall s, CPU s, peak MiB (summed), most MiB at once


class Sampler:
    """Every 10 ms, the memory of a process and its descendants (git's helpers left out)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[int, int] = {}  # pid -> high-water mark (VmHWM), KiB
        self.samples: list[dict[int, int]] = []  # per sample: pid -> resident (VmRSS), KiB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def stop(self) -> tuple[int, int]:
        """The sum of each process's own peak, and the most held at once, in KiB."""
        self._stop.set()
        self._thread.join()
        # A child caught between fork and exec (about to become git) still shows its
        # parent's pages; it never lives through three samples.
        counts: dict[int, int] = {}
        for sample in self.samples:
            for pid in sample:
                counts[pid] = counts.get(pid, 0) + 1
        real = {pid for pid, n in counts.items() if n >= 3 and pid in self.peaks}
        summed = sum(self.peaks[pid] for pid in real)
        at_once = max((sum(v for p, v in s.items() if p in real) for s in self.samples), default=0)
        return summed, at_once

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            parents: dict[int, int] = {}
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        stat = Path(entry.path, "stat").read_text()
                    except OSError:
                        continue
                    parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            tree, grew = {self.root}, True
            while grew:
                more = {p for p, pp in parents.items() if pp in tree} - tree
                tree |= more
                grew = bool(more)
            sample: dict[int, int] = {}
            for pid in tree:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if fields.get("Name", "").strip() == "git":
                    self.peaks.pop(pid, None)
                    continue
                if "VmHWM" not in fields:
                    continue  # ended (a zombie until its parent waits): its peak is known
                hwm = int(fields["VmHWM"].split()[0])
                self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
                sample[pid] = int(fields["VmRSS"].split()[0])
            self.samples.append(sample)


def timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    """Wall time, CPU time (with every waited-for descendant) and memory (see Sampler)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = Sampler(proc.pid)
    err = proc.stderr.read() if proc.stderr else b""  # ends when the run does
    summed, at_once = sampler.stop()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed: {err.decode()}")
    peak, once = max(summed, usage.ru_maxrss), max(at_once, usage.ru_maxrss)
    return elapsed, usage.ru_utime + usage.ru_stime, peak // 1024, once // 1024


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


def median(runs: list[Run]) -> Run:
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
        max(r[3] for r in runs),
    )


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
    rmx = None if args.no_repomix else install_repomix(tmp)
    if rmx is None:
        print("repomix: not available (npm missing or offline); printing repoview only")
    rmx_cmd = [str(rmx), str(corpus), "-o", str(tmp / "rmx.xml"), "--quiet"]
    runs: dict[str, list[Run]] = {}

    def add(name: str, run: Run) -> None:
        runs.setdefault(name, []).append(run)

    for i in range(args.runs):
        add("repoview cold", timed(repoview, {**os.environ, "REPOVIEW_HOME": str(tmp / f"c{i}")}))
        if rmx:
            add("repomix cold", timed(rmx_cmd, {**os.environ, "REPOMIX_TOKEN_CACHE": "0"}))
        env = {**os.environ, "REPOVIEW_HOME": str(tmp / f"n{i}")}
        add("cold, no scan", timed([*repoview, "--no-secret-scan"], env))
    if rmx:
        timed(rmx_cmd, dict(os.environ))  # fill its cache
    for _ in range(args.runs):
        add("repoview warm", timed(repoview, {**os.environ, "REPOVIEW_HOME": str(tmp / "c0")}))
        if rmx:
            add("repomix warm", timed(rmx_cmd, dict(os.environ)))
    results = {name: median(r) for name, r in runs.items()}

    print(f"load average {os.getloadavg()[0]:.1f} at the end (2 cores shared: compare ratios)")
    print(f"\n{'run':<16}{'median s':>10}{'CPU s':>8}{'peak MiB':>10}{'at once':>9}")
    for name in ("repoview cold", "cold, no scan", "repoview warm", "repomix cold", "repomix warm"):
        if name in results:
            secs, cpu, mib, once = results[name]
            print(f"{name:<16}{secs:>10.2f}{cpu:>8.2f}{mib:>10}{once:>9}")
    scan = results["repoview cold"][0] / results["cold, no scan"][0] - 1
    print(f"secret scan adds {scan:+.0%} to a cold pack")
    if rmx:
        for kind in ("cold", "warm"):
            rv, rm = results[f"repoview {kind}"], results[f"repomix {kind}"]
            print(
                f"ratio {kind}: time {rv[0] / rm[0]:.2f}x, CPU {rv[1] / rm[1]:.2f}x, "
                f"peak memory {rv[2] / rm[2]:.2f}x"
            )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
