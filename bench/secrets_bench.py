"""Time the secret scan: adversarial files, and throughput on CPython's stdlib.

Usage: python bench/secrets_bench.py [--corpus DIR]

Adversarial: one 1 MB line in a `.env` file, a million short candidate lines, an unclosed
private key block. Each must scan in well under a second (linear time). Stdlib: every text
file of the corpus scanned in process, as a cold pack does. Also prints how much of the
generated credential corpus (tests/secretcorpus.py) survives redaction.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from corpus import stdlib_corpus  # noqa: E402

from repoview.secrets import apply, find  # noqa: E402
from tests.secretcorpus import FORMATS, corpus, survivors  # noqa: E402


def best_of(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    args = ap.parse_args()

    find("warm up = 1\n")  # compile the rules outside the timings
    cases = {
        "1 MB single-line .env": ("API_TOKEN=" + "aB3=" * 250_000, "deploy/.env"),
        "1 MB single line, no anchor": ("x" * 1_000_000, "data.txt"),
        "1,000,000 short lines": ("password: x\n" * 1_000_000, "config.yml"),
        "1,000,000 assignments": ("key=v1\n" * 1_000_000, "deploy/.env"),
        "unclosed key block (1 MB)": ("-----BEGIN RSA PRIVATE KEY-----" + "A" * 1_000_000, "k"),
    }
    for name, (text, path) in cases.items():
        print(f"{name:<32}{best_of(lambda t=text, p=path: find(t, p)):>8.3f} s")

    root = stdlib_corpus(args.corpus)
    paths = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    texts = []
    for rel in paths.stdout.splitlines():
        data = (root / rel).read_bytes()
        try:
            texts.append((rel, data.decode("utf-8"), data))
        except UnicodeDecodeError:
            continue
    size = sum(len(d) for _, _, d in texts)
    secs = best_of(lambda: [find(t, p, False, d) for p, t, d in texts], 3)
    print(
        f"stdlib: {len(texts)} files, {size / 1e6:.1f} MB in {secs:.2f} s "
        f"({size / 1e6 / secs:.0f} MB/s)"
    )

    files, tokens, forms = corpus()
    out = "\n".join(apply(text, find(text, path)) for path, text in files.items())
    leaked = sorted({label.split(" in ")[0] for label in survivors(out, tokens)})
    other = survivors(out, forms)
    print(
        f"corpus: {len(FORMATS)} formats x 5 contexts, {len(forms)} other forms; "
        f"leaking: {len(leaked)} formats {leaked}, {len(other)} forms {other}"
    )


if __name__ == "__main__":
    main()
