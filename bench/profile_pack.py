"""Where a cold and a warm `repoview pack` spend their time, stage by stage.

Usage: python bench/profile_pack.py [--repo DIR ...] [--runs 3] [--warm-only]

Without --repo, profiles CPython's stdlib corpus (bench/corpus.py). Each run is a fresh
process running the real CLI (`repoview pack DIR -q -o FILE`) with timers wrapped around the
functions of each stage; a timer counts only its own time, not that of timers nested in it.
"start-up" is the process's wall time less everything measured inside it (interpreter,
site-packages, exit). Cold: an empty REPOVIEW_HOME; warm: the same home again. Prints the
median of --runs runs per column and the peak memory. Timers add a little overhead of their
own (a few microseconds per call), so the stage total runs slightly above an untimed run.
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
    "encoding load",
    "counting",
    "cache lookups",
    "rendering",
    "writing",
    "other",
]


class Timers:
    """Exclusive wall time per stage: a nested timer's time is taken off its caller's."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._local = threading.local()

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        timers = self

        def timed(*args: Any, **kw: Any) -> Any:
            stack = timers._stack()
            stack.append(0.0)
            start = time.perf_counter()
            try:
                result = fn(*args, **kw)
                if isinstance(result, Iterator) and not isinstance(result, (list, dict)):
                    return timers._iter(stage, result)
                return result
            finally:
                elapsed = time.perf_counter() - start
                inner = stack.pop()
                timers.spent[stage] += elapsed - inner
                timers.calls[stage] += 1
                if stack:
                    stack[-1] += elapsed

        return timed

    def _iter(self, stage: str, it: Iterator[Any]) -> Iterator[Any]:
        # A generator's work happens in next(), after the call that made it returned.
        step = self.wrap(stage, lambda: next(it, _END))
        while (item := step()) is not _END:
            yield item

    def _stack(self) -> list[float]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        stack: list[float] = self._local.stack
        return stack


_END = object()


def patch(timers: Timers) -> None:
    """Wrap each stage's functions where the pack looks them up."""
    from repoview import cli, model, packer, render, source, tokens

    def on(obj: Any, name: str, stage: str) -> None:
        setattr(obj, name, timers.wrap(stage, getattr(obj, name)))

    on(cli, "_settings", "settings")
    for cls in (source.WorktreeSource, source.PlainSource, source.RevSource):
        on(cls, "entries", "listing")
    on(source.RevSource, "read", "reading")
    on(source, "_read_file", "reading")
    for mod in (source, packer):
        if hasattr(mod, "digest"):
            on(mod, "digest", "hashing")
    on(tokens, "text_key", "hashing")
    on(packer, "decode", "decoding")
    if hasattr(packer, "generated_marker"):
        on(packer, "generated_marker", "decoding")
    on(packer, "_redact", "secret scan")
    for name in (
        "build_graph",
        "load_history",
        "rank_files",
        "stable_order",
        "_order",
        "_wrap",
        "_neighbours",
        "_defaults",
    ):
        if hasattr(packer, name):
            on(packer, name, "analysis & ranking")
    if hasattr(packer._Stage, "_outlines_from_cache"):
        on(packer._Stage, "_outlines_from_cache", "outlines")
    on(tokens, "load_encoding", "encoding load")
    on(tokens.TokenCounter, "count_many", "counting")
    on(render.RenderContext, "count_bodies", "counting")
    on(tokens.TokenCache, "get_many", "cache lookups")
    on(tokens.TokenCache, "put_many", "cache lookups")
    on(tokens.TokenCache, "__init__", "cache lookups")
    on(packer, "render", "rendering")
    on(model.Pack, "encoded", "writing")
    on(cli, "_write", "writing")


def child(repo: Path, out: Path) -> None:
    """One pack in this process; prints the stage times as JSON on stdout's last line."""
    start = time.perf_counter()
    # What `repoview pack` imports, up front or once its command runs.
    import repoview.cli
    import repoview.manifest
    import repoview.options
    import repoview.packer
    import repoview.summary  # noqa: F401

    imported = time.perf_counter() - start
    timers = Timers()
    patch(timers)
    from repoview.cli import cli

    begun = time.perf_counter()
    try:
        cli.main(["pack", str(repo), "-q", "-o", str(out)], standalone_mode=False)
    finally:
        whole = time.perf_counter() - begun
    spent = dict(timers.spent)
    spent["imports"] = imported
    spent["other"] = whole - sum(v for k, v in timers.spent.items())
    print(json.dumps(spent))


def run_child(repo: Path, home: Path, out: Path) -> tuple[float, int, dict[str, float]]:
    env = {**os.environ, "REPOVIEW_HOME": str(home)}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(repo), str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"pack of {repo} failed: {err}")
    spent: dict[str, float] = json.loads(stdout.decode().strip().splitlines()[-1])
    spent["start-up"] = wall - sum(spent.values())  # before "cpu" joins them
    spent["cpu"] = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss // 1024, spent


def profile(repo: Path, runs: int, warm_only: bool = False) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rv-profile-"))
    try:
        cols: dict[str, list[tuple[float, int, dict[str, float]]]] = {"cold": [], "warm": []}
        for i in range(runs):
            home = tmp / ("home" if warm_only else f"home{i}")
            if not warm_only or i == 0:
                cols["cold"].append(run_child(repo, home, tmp / "out.xml"))
            cols["warm"].append(run_child(repo, home, tmp / "out.xml"))
        size = (tmp / "out.xml").stat().st_size
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = os.getloadavg()[0]
    print(f"\n{repo} (output {size / 2**20:.1f} MiB; load average {load:.1f}; median of {runs})")
    print(f"{'stage':<20}{'cold s':>9}{'warm s':>9}")
    for stage in STAGES:
        cold = statistics.median(r[2].get(stage, 0.0) for r in cols["cold"])
        warm = statistics.median(r[2].get(stage, 0.0) for r in cols["warm"])
        print(f"{stage:<20}{cold:>9.3f}{warm:>9.3f}")
    for kind in ("cold", "warm"):
        wall = statistics.median(r[0] for r in cols[kind])
        cpu = statistics.median(r[2]["cpu"] for r in cols[kind])
        peak = max(r[1] for r in cols[kind])
        print(f"{kind}: {wall:.2f} s wall, {cpu:.2f} s CPU (all threads), peak {peak} MiB")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, action="append", help="a repository (repeatable)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--warm-only", action="store_true", help="one cold run to fill the cache, then warm runs"
    )
    args = ap.parse_args()
    repos = args.repo
    if not repos:
        sys.path.insert(0, str(HERE))
        from corpus import stdlib_corpus

        repos = [stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")]
    for repo in repos:
        profile(repo.resolve(), args.runs, args.warm_only)


if __name__ == "__main__":
    main()
