"""What the model sees per budget: symbol coverage, central modules in full, fill, prefix.

Usage: python bench/plan_bench.py REPO [--budgets 128k,512k] [--prefix 512k] [--diff 512k]

- coverage: the share of the definitions (def/class, fn/struct/... lines) of the source files
  whose name appears in the pack's text;
- central: of the 10 source files most imported by others, how many are in full;
- fill: total tokens / budget;
- prefix: the bytes two packs share from their start, as a share of the shorter one; with
  --prefix, between the packs of HEAD~1 and HEAD; with --diff, between `--diff HEAD~1..HEAD`
  and the pack of HEAD~1.
Runs in-process with a token cache under a temporary REPOVIEW_HOME (one cold pack first).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from repoview.cli import parse_budget
from repoview.model import Pack
from repoview.packer import PackOptions, build_pack

_DEF = re.compile(
    r"^[ \t]*(?:(?:pub(?:\([\w ]+\))?|export|async|static|public|private|protected|default)\s+)*"
    r"(?:def|class|fn|func|function|struct|enum|trait|interface|union)\s+\**(\w+)",
    re.M,
)


def definitions(text: str) -> list[str]:
    return _DEF.findall(text)


def coverage(pack: Pack) -> tuple[int, int]:
    seen = total = 0
    for f in pack.files:
        if not f.carrier or f.role != "source":
            continue
        names = definitions(f.full_text)
        total += len(names)
        if f.mode == "full":
            seen += len(names)
        elif f.mode != "listed":
            shown = set(definitions(f.text)) | set(re.findall(r"\w+", f.text))
            seen += sum(1 for n in names if n in shown)
    return seen, total


def central_full(pack: Pack, top: int = 10) -> tuple[int, list[str]]:
    src = [f for f in pack.files if f.role == "source" and f.carrier]
    best = sorted(src, key=lambda f: (-len(f.imported_by), f.path))[:top]
    return sum(1 for f in best if f.mode == "full"), [f"{f.path}:{f.mode}" for f in best]


def shared(a: str, b: str) -> float:
    n = min(len(a), len(b))
    i = 0
    step = 1 << 16
    while i < n and a[i : i + step] == b[i : i + step]:
        i += step
    while i < n and a[i] == b[i]:
        i += 1
    return i / max(n, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--budgets", default="128k,512k")
    ap.add_argument("--prefix", help="budget for the consecutive-commit prefix check")
    ap.add_argument("--diff", help="budget for the diff-pack prefix check")
    ap.add_argument("--focus", default="breadth")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="rv-plan-"))
    os.environ["REPOVIEW_HOME"] = str(home)
    for label in filter(None, args.budgets.split(",")):
        budget = parse_budget(label)
        assert budget is not None
        start = time.perf_counter()
        pack = build_pack(PackOptions(path=args.repo, budget=budget, home=home, focus=args.focus))
        took = time.perf_counter() - start
        seen, total = coverage(pack)
        full, names = central_full(pack)
        modes: dict[str, int] = {}
        for f in pack.files:
            modes[f.mode] = modes.get(f.mode, 0) + 1
        print(
            f"{args.repo.name} @ {label}: coverage {seen / max(total, 1):.1%} "
            f"({seen:,}/{total:,}), central full {full}/10, "
            f"fill {pack.total_tokens / budget:.1%}, {took:.1f} s, modes {modes}"
        )
        if args.verbose:
            print("   ", " ".join(names))
    if args.prefix:
        budget = parse_budget(args.prefix)
        a = build_pack(
            PackOptions(path=args.repo, rev="HEAD~1", budget=budget, home=home, focus=args.focus)
        ).output
        b = build_pack(
            PackOptions(path=args.repo, rev="HEAD", budget=budget, home=home, focus=args.focus)
        ).output
        print(f"{args.repo.name} @ {args.prefix}: HEAD~1 vs HEAD share {shared(a, b):.1%}")
    if args.diff:
        budget = parse_budget(args.diff)
        a = build_pack(
            PackOptions(path=args.repo, rev="HEAD~1", budget=budget, home=home, focus=args.focus)
        ).output
        d = build_pack(
            PackOptions(
                path=args.repo, diff="HEAD~1..HEAD", budget=budget, home=home, focus=args.focus
            )
        ).output
        print(
            f"{args.repo.name} @ {args.diff}: --diff HEAD~1..HEAD vs pack of HEAD~1 "
            f"share {shared(a, d):.1%}"
        )
    subprocess.run(["rm", "-rf", str(home)], check=False)


if __name__ == "__main__":
    main()
