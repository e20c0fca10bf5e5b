"""Where a cold and a warm `repoview pack` spend their time, stage by stage.

Usage: python bench/profile_pack.py [--repo DIR ...] [--runs 3] [--warm-only] [--budget 2m]

Without --repo, profiles CPython's stdlib corpus (bench/corpus.py). Each run is a fresh
process running the real CLI (`repoview pack DIR -q -o FILE`) with timers wrapped around the
functions of each stage; a timer counts only its own time, not that of timers nested in it.
"start-up" is the process's wall time less everything measured inside it (interpreter,
site-packages, exit). Cold: an empty REPOVIEW_HOME; warm: the same home again. Prints the
median of --runs runs per column, the CPU time of the pack's process and of its token
worker, and the peak memory of each (their sum bounds what both held at any one moment).
Timers add a little overhead of their own (a few microseconds per call), so the stage
total runs slightly above an untimed run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STAGES = [
    "start-up",
    "imports",
    "settings",
    "listing",
    "reading",
    "decoding",
    "hashing",
    "secret scan",
    "analysis & ranking",
    "outlines",
    "signatures",
    "planning",
    "encoding load",
    "counting",
    "cache lookups",
    "rendering",
    "writing",
    "other",
]


class Timers:
    """Exclusive wall and CPU time per stage: a nested timer's time is taken off its caller's.

    CPU time is the calling thread's own: on a shared machine, wall time also holds the
    time other programs had the cores, CPU time does not.
    """

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._local = threading.local()

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        timers = self

        def timed(*args: Any, **kw: Any) -> Any:
            stack = timers._stack()
            stack.append([0.0, 0.0])
            start, start_cpu = time.perf_counter(), time.thread_time()
            try:
                result = fn(*args, **kw)
                if isinstance(result, Iterator) and not isinstance(result, (list, dict)):
                    return timers._iter(stage, result)
                return result
            finally:
                elapsed = time.perf_counter() - start
                used = time.thread_time() - start_cpu
                inner, inner_cpu = stack.pop()
                timers.spent[stage] += elapsed - inner
                timers.cpu[stage] += used - inner_cpu
                timers.calls[stage] += 1
                if stack:
                    stack[-1][0] += elapsed
                    stack[-1][1] += used

        return timed

    def _iter(self, stage: str, it: Iterator[Any]) -> Iterator[Any]:
        # A generator's work happens in next(), after the call that made it returned.
        step = self.wrap(stage, lambda: next(it, _END))
        while (item := step()) is not _END:
            yield item

    def _stack(self) -> list[list[float]]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        stack: list[list[float]] = self._local.stack
        return stack


_END = object()


def patch(timers: Timers) -> None:
    """Wrap each stage's functions where the pack looks them up."""
    from repoview import collect, compress, model, packer, plan, render, source, tokens
    from repoview.cli import pack as pack_command  # where `repoview pack` looks them up

    def on(obj: Any, name: str, stage: str) -> None:
        setattr(obj, name, timers.wrap(stage, getattr(obj, name)))

    on(pack_command, "_settings", "settings")
    for cls in (source.WorktreeSource, source.PlainSource, source.RevSource):
        on(cls, "entries", "listing")
    on(source.RevSource, "read", "reading")
    on(source, "_read_file", "reading")
    for mod in (source, collect):
        if hasattr(mod, "digest"):
            on(mod, "digest", "hashing")
    on(tokens, "text_key", "hashing")
    on(collect, "decode", "decoding")
    on(collect, "generated_marker", "decoding")
    # The scan is looked up in both modules that call it.
    for mod in (collect, packer):
        on(mod, "redact_files", "secret scan")
    # The history: what is read before the files (the commit, the cache), and the wait for
    # git's background read and its parsing when the ranking needs it.
    from repoview.analyze import rank

    on(rank.HistoryRead, "result", "analysis & ranking")
    for mod, name in (
        (packer, "build_graph"),
        (packer, "start_history"),
        (packer, "rank_files"),
        (packer, "stable_order"),
        (packer, "_neighbours"),
        (collect, "_wrap"),
        (collect, "_defaults"),
    ):
        on(mod, name, "analysis & ranking")
    if hasattr(packer._Stage, "_outlines_from_cache"):
        on(packer._Stage, "_outlines_from_cache", "outlines")
    on(compress, "compress", "outlines")
    on(compress, "signatures", "signatures")
    on(plan.Fitter, "run", "planning")
    on(tokens, "load_encoding", "encoding load")
    on(tokens.TokenCounter, "count_many", "counting")
    on(render.RenderContext, "count_bodies", "counting")
    on(tokens.TokenCache, "get_many", "cache lookups")
    on(tokens.TokenCache, "put_many", "cache lookups")
    on(tokens.TokenCache, "__init__", "cache lookups")
    on(packer, "render", "rendering")
    on(model.Pack, "encoded", "writing")
    on(pack_command, "_write", "writing")


def child(repo: Path, out: Path, budget: str) -> None:
    """One pack in this process; prints the stage times as JSON on stdout's last line."""
    start, start_cpu = time.perf_counter(), time.process_time()
    # What `repoview pack` imports, up front or once its command runs.
    import repoview.cli
    import repoview.manifest
    import repoview.options
    import repoview.packer
    import repoview.summary  # noqa: F401

    imported, imported_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    timers = Timers()
    patch(timers)
    from repoview import tokens
    from repoview.cli import cli

    begun, begun_cpu = time.perf_counter(), time.thread_time()
    try:
        extra = ["--budget", budget] if budget else []
        cli.main(["pack", str(repo), "-q", "-o", str(out), *extra], standalone_mode=False)
    finally:
        whole, whole_cpu = time.perf_counter() - begun, time.thread_time() - begun_cpu
    worker = _worker_usage(tokens)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # git's, before the worker's joins
    tokens._stop_workers()
    spent = dict(timers.spent)
    spent["imports"] = imported
    spent["other"] = whole - sum(v for k, v in timers.spent.items())
    cpu = dict(timers.cpu)
    cpu["imports"] = imported_cpu
    cpu["other"] = whole_cpu - sum(v for k, v in timers.cpu.items())
    me = resource.getrusage(resource.RUSAGE_SELF)
    usage = {
        "main_cpu": me.ru_utime + me.ru_stime,
        "main_peak": me.ru_maxrss / 1024,
        **worker,
        # git and any forked helper: the largest of them for the peak.
        "others_cpu": kids.ru_utime + kids.ru_stime,
        "others_peak": kids.ru_maxrss / 1024,
    }
    print(json.dumps({"wall": spent, "cpu": cpu, "usage": usage}))


def _worker_usage(tokens: Any) -> dict[str, float]:
    """CPU seconds and peak MiB of the token worker, read from /proc before it ends."""
    worker = tokens._WORKERS.get("o200k_base")
    proc = getattr(worker, "_proc", None)
    if proc is None:
        return {"worker_cpu": 0.0, "worker_peak": 0.0}
    stat = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    status = Path(f"/proc/{proc.pid}/status").read_text()
    hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    return {"worker_cpu": (int(stat[11]) + int(stat[12])) / ticks, "worker_peak": int(hwm) / 1024}


Run = tuple[float, dict[str, float], dict[str, float], dict[str, float]]


def run_child(repo: Path, home: Path, out: Path, budget: str) -> Run:
    env = {**os.environ, "REPOVIEW_HOME": str(home)}
    me = str(Path(__file__).resolve())
    cmd = [sys.executable, me, "--child", str(repo), str(out), budget]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"pack of {repo} failed: {proc.stderr.decode()}")
    got = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    spent: dict[str, float] = got["wall"]
    spent["start-up"] = wall - sum(spent.values())
    cpu: dict[str, float] = got["cpu"]
    usage: dict[str, float] = got["usage"]
    cpu["start-up"] = usage["main_cpu"] - sum(cpu.values())  # interpreter, site, exit, threads
    return wall, spent, cpu, usage


def profile(repo: Path, runs: int, warm_only: bool = False, budget: str = "") -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rv-profile-"))
    try:
        cols: dict[str, list[Run]] = {"cold": [], "warm": []}
        for i in range(runs):
            home = tmp / ("home" if warm_only else f"home{i}")
            if not warm_only or i == 0:
                cols["cold"].append(run_child(repo, home, tmp / "out.xml", budget))
            cols["warm"].append(run_child(repo, home, tmp / "out.xml", budget))
        size = (tmp / "out.xml").stat().st_size
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = os.getloadavg()[0]
    fitted = f", --budget {budget}" if budget else ""
    print(f"\n{repo}{fitted} (output {size / 2**20:.1f} MiB; load average {load:.1f}; ", end="")
    print(f"median of {runs})")
    print("main process only; cpu: that stage's own CPU time on the main thread")
    print(f"{'stage':<20}{'cold s':>9}{'cold cpu':>9}{'warm s':>9}{'warm cpu':>9}")
    for stage in STAGES:
        row = [
            statistics.median(r[col].get(stage, 0.0) for r in cols[kind])
            for kind in ("cold", "warm")
            for col in (1, 2)
        ]
        print(f"{stage:<20}" + "".join(f"{v:>9.3f}" for v in row))
    for kind in ("cold", "warm"):
        wall = statistics.median(r[0] for r in cols[kind])
        main_cpu = statistics.median(r[3]["main_cpu"] for r in cols[kind])
        worker_cpu = statistics.median(r[3]["worker_cpu"] for r in cols[kind])
        others_cpu = statistics.median(r[3]["others_cpu"] for r in cols[kind])
        main_peak = max(r[3]["main_peak"] for r in cols[kind])
        worker_peak = max(r[3]["worker_peak"] for r in cols[kind])
        others_peak = max(r[3]["others_peak"] for r in cols[kind])
        print(
            f"{kind}: {wall:.2f} s wall; CPU {main_cpu + worker_cpu:.2f} s "
            f"(main {main_cpu:.2f}, token worker {worker_cpu:.2f}; git {others_cpu:.2f} more); "
            f"peak memory {main_peak + worker_peak:.0f} MiB (main {main_peak:.0f} + worker "
            f"{worker_peak:.0f}; largest git {others_peak:.0f})"
        )


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, action="append", help="a repository (repeatable)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--warm-only", action="store_true", help="one cold run to fill the cache, then warm runs"
    )
    ap.add_argument("--budget", default="", help="pack with this budget (e.g. 2m)")
    args = ap.parse_args()
    repos = args.repo
    if not repos:
        sys.path.insert(0, str(HERE))
        from corpus import stdlib_corpus

        repos = [stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")]
    for repo in repos:
        profile(repo.resolve(), args.runs, args.warm_only, args.budget)


if __name__ == "__main__":
    main()
