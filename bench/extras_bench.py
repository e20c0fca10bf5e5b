"""Remote packs and the everyday options, timed on the stdlib corpus (or any repository).

Usage: python bench/extras_bench.py [--repo PATH]

1. Serves the repository with `git daemon` on 127.0.0.1 and packs it by URL three times:
   cold (empty REPOVIEW_HOME), warm (cache and token counts kept), and with the clone cache
   removed but token counts kept (the cost of the fetch itself). Checks identical bytes.
2. Packs it locally plain, with --remove-comments and with --compress, cold then warm, and
   prints the tokens of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import stdlib_corpus
from pack_bench import timed


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tokens(manifest: Path) -> int:
    return int(json.loads(manifest.read_text())["total_tokens"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, help="default: the stdlib corpus")
    args = ap.parse_args()
    repo = args.repo or stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    tmp = Path(tempfile.mkdtemp(prefix="rv-extras-"))
    served = tmp / "served" / "repo.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(served)], check=True)
    subprocess.run(["git", "config", "uploadpack.allowFilter", "true"], cwd=served, check=True)
    port = _port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--listen=127.0.0.1",
            f"--port={port}",
            f"--base-path={served.parent}",
            str(served.parent),
        ]
    )
    time.sleep(0.5)
    try:
        home = tmp / "home"
        env = {**os.environ, "REPOVIEW_HOME": str(home)}
        url = f"git://127.0.0.1:{port}/repo.git"
        outs = []
        for label in ("cold", "warm", "fetch only"):
            if label == "fetch only":
                shutil.rmtree(home / "remotes")
            out = tmp / f"remote-{len(outs)}.xml"
            secs, rss = timed(
                [sys.executable, "-m", "repoview", "pack", url, "-q", "-o", str(out)], env
            )
            outs.append(out.read_bytes())
            print(f"remote {label:<11} {secs:6.2f} s  {rss:5d} MiB")
        print("remote bytes identical:", len(set(outs)) == 1)
        size = sum(p.stat().st_size for p in (home / "remotes").rglob("*") if p.is_file())
        print(f"clone cache: {size / 1e6:.1f} MB")
    finally:
        daemon.terminate()
        daemon.wait()
    for flags in ([], ["--remove-comments"], ["--compress"]):
        home = tmp / ("home-" + "-".join(flags))
        env = {**os.environ, "REPOVIEW_HOME": str(home)}
        manifest = tmp / "m.json"
        cmd = [
            sys.executable,
            "-m",
            "repoview",
            "pack",
            str(repo),
            *flags,
            "-q",
            "-o",
            os.devnull,
            "--manifest",
            str(manifest),
        ]
        cold, _ = timed(cmd, env)
        warm, _ = timed(cmd, env)
        name = " ".join(flags) or "plain"
        print(f"{name:<18} {_tokens(manifest):>11,} tokens  cold {cold:6.2f} s  warm {warm:5.2f} s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
