"""How fast the web report's first page of a large repository answers.

Usage: python bench/web_bench.py [PATH] [--runs 3]

PATH defaults to CPython's stdlib corpus (bench/corpus.py). Starts `repoview web PATH` on a
free loopback port with its own REPOVIEW_HOME, then times GET of the repository's overview:
once with empty caches, then, for each run, in a freshly started server with the caches on
disk (what a person sees after restarting it: "warm first page"), and again in the same
server (the pack kept in memory). The review plan (one dry run) is timed too.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import stdlib_corpus


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as resp:
        size = len(resp.read())
    return time.perf_counter() - start, size


class Server:
    """`repoview web PATH` in a subprocess, until the context ends."""

    def __init__(self, path: Path, home: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "REPOVIEW_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "repoview", "web", str(path), "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> Server:
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise SystemExit("repoview web did not start")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)

    def overview(self) -> str:
        with urllib.request.urlopen(self.base + "/", timeout=30) as resp:
            page = resp.read().decode()
        found = re.search(r'href="(/r/[0-9a-f]+/)"', page)
        if not found:
            raise SystemExit("no repository on the index page")
        return self.base + found.group(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    path = args.path or stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    home = Path(tempfile.mkdtemp(prefix="rv-web-"))
    try:
        with Server(path, home) as server:
            url = server.overview()
            cold, size = get(url)
            again = [get(url)[0] for _ in range(args.runs)]
            plan, _ = get(url + "plan.json?task=architecture")
        warm = []
        plans = []
        for _ in range(args.runs):
            with Server(path, home) as server:
                url = server.overview()
                warm.append(get(url)[0])
                plans.append(get(url + "plan.json?task=architecture")[0])
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"{path}: overview page {size / 1024:.0f} KiB")
    print(f"cold (empty caches): {cold:.2f} s")
    print(
        f"warm first page (restarted server, caches on disk): median "
        f"{statistics.median(warm):.2f} s (min {min(warm):.2f}, max {max(warm):.2f})"
    )
    print(f"same server again: median {statistics.median(again):.3f} s")
    print(
        f"review plan (dry run, default model): cold {plan:.2f} s, "
        f"warm median {statistics.median(plans):.2f} s"
    )


if __name__ == "__main__":
    main()
