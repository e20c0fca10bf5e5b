"""Where a `repoview pack` holds its memory: the pack's process stage by stage, and its worker.

Usage: python bench/memory_pack.py [--repo DIR] [--warm] [--budget N]

Without --repo, packs CPython's stdlib corpus (bench/corpus.py). The real CLI runs in a child
process (`repoview pack DIR -q -o FILE`, an empty REPOVIEW_HOME unless --warm) that notes
when each stage starts; this process reads the resident memory (VmRSS) of that child and of
its token worker from /proc every 5 ms. Prints, for each stage, what the pack's process and
the worker held at its end and the most they held during it, then each one's own peak
(VmHWM) and their sum: the figure bench/profile_pack.py reports.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# (label, module, class or "", function): the calls that open each stage, in pack order.
STAGES = [
    ("list, read, decode", "repoview.packer", "", "collect"),
    ("scan, count ahead", "repoview.packer", "", "_count_ahead"),
    ("import graph", "repoview.packer", "", "build_graph"),
    ("history, ranking", "repoview.packer", "", "load_history"),
    ("counting", "repoview.packer", "_Stage", "apply"),
    ("rendering", "repoview.packer", "_Stage", "render"),
    ("writing", "repoview.cli.pack", "", "_write"),
]


def child(repo: str, out: str, extra: list[str]) -> None:
    """One pack in this process; each stage's start goes to stderr as `@stage label time`."""
    import importlib

    def mark(label: str) -> None:
        sys.stderr.write(f"@stage {label} {time.monotonic()}\n")
        sys.stderr.flush()

    def marked(label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kw: Any) -> Any:
            mark(label)
            return fn(*args, **kw)

        return run

    mark("start-up, imports")
    for label, module, cls, name in STAGES:
        owner: Any = importlib.import_module(module)
        if cls:
            owner = getattr(owner, cls)
        setattr(owner, name, marked(label, getattr(owner, name)))
    from repoview.cli import cli

    cli.main(["pack", repo, "-q", "-o", out, *extra], standalone_mode=False)
    mark("exit")


def _status(pid: int) -> dict[str, float]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {
        k: int(v.split()[0]) / 1024
        for k, _, v in (line.partition(":") for line in text.splitlines())
        if k in ("VmRSS", "VmHWM")
    }


def _worker_of(pid: int) -> int | None:
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            try:
                if b"--serve" in Path(f"/proc/{kid}/cmdline").read_bytes():
                    return int(kid)
            except OSError:
                continue
    return None


def measure(repo: Path, home: Path, extra: list[str]) -> None:
    out = home / "out.pack"
    env = {**os.environ, "REPOVIEW_HOME": str(home)}
    me = str(Path(__file__).resolve())
    proc = subprocess.Popen(
        [sys.executable, me, "--child", str(repo), str(out), *extra],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    marks: list[tuple[float, str]] = []
    errors: list[str] = []

    def read_marks() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("@stage "):
                label, _, when = line[7:].rstrip("\n").rpartition(" ")
                marks.append((float(when), label))
            else:
                errors.append(line)

    reader = threading.Thread(target=read_marks)
    reader.start()
    samples: list[tuple[float, float, float]] = []  # time, main MiB, worker MiB
    worker: int | None = None
    peaks = {"main": 0.0, "worker": 0.0}
    while proc.poll() is None:
        now = time.monotonic()
        main = _status(proc.pid)
        if worker is None:
            worker = _worker_of(proc.pid)
        held = _status(worker) if worker is not None else {}
        peaks["main"] = max(peaks["main"], main.get("VmHWM", 0.0))
        peaks["worker"] = max(peaks["worker"], held.get("VmHWM", 0.0))
        samples.append((now, main.get("VmRSS", 0.0), held.get("VmRSS", 0.0)))
        time.sleep(0.005)
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"pack of {repo} failed: {''.join(errors)}")
    size = out.stat().st_size / 2**20
    print(f"\n{repo} {' '.join(extra)} (output {size:.1f} MiB; RSS in MiB, sampled every 5 ms)")
    print(f"{'stage':<20}{'from s':>8}{'main end':>10}{'main max':>10}{'wkr end':>9}{'wkr max':>9}")
    start = marks[0][0] if marks else 0.0
    bounds = [*marks, (float("inf"), "")]
    for (begin, label), (end, _) in itertools.pairwise(bounds):
        # A stage shorter than a sample's interval shows the last sample before it.
        before = [s for s in samples if s[0] < begin][-1:] or [(begin, 0.0, 0.0)]
        inside = [s for s in samples if begin <= s[0] < end] or before
        main_max, worker_max = max(s[1] for s in inside), max(s[2] for s in inside)
        print(
            f"{label:<20}{begin - start:>8.2f}{inside[-1][1]:>10.1f}{main_max:>10.1f}"
            f"{inside[-1][2]:>9.1f}{worker_max:>9.1f}"
        )
    total = peaks["main"] + peaks["worker"]
    print(
        f"peaks (VmHWM): main {peaks['main']:.0f} + worker {peaks['worker']:.0f} = {total:.0f} MiB;"
        f" most held at once {max((s[1] + s[2] for s in samples), default=0):.0f} MiB"
    )


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, help="a repository (default: the stdlib corpus)")
    ap.add_argument("--warm", action="store_true", help="a warm pack: measure a second run")
    ap.add_argument("--budget", default="", help="pack with this budget (e.g. 512k)")
    args = ap.parse_args()
    repo = args.repo
    if repo is None:
        sys.path.insert(0, str(HERE))
        from corpus import stdlib_corpus

        repo = stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    extra = ["--budget", args.budget] if args.budget else []
    home = Path(tempfile.mkdtemp(prefix="rv-memory-"))
    try:
        if args.warm:
            subprocess.run(
                [sys.executable, "-m", "repoview", "pack", str(repo), "-q", "-o", os.devnull],
                env={**os.environ, "REPOVIEW_HOME": str(home)},
                check=True,
            )
        measure(repo.resolve(), home, extra)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
