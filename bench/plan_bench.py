"""What the model sees per budget: symbol coverage, central modules in full, fill, prefix.

Usage: python bench/plan_bench.py REPO [--budgets 128k,512k] [--prefix 512k] [--diff 512k]
       [--pairs N | --edits N]

- coverage: the share of the definitions (def/class, fn/struct/... lines) of the source files
  whose name appears in the pack's text;
- central: of the 10 source files most imported by others, how many are in full (and of
  the 10 most imported by source files: a test helper is no central module of the code);
- fill: total tokens / budget;
- prefix: the bytes two packs share from their start, as a share of the shorter one; with
  --prefix, between the packs of each pair of consecutive commits (--pairs N, from HEAD
  back), next to where the first file the newer commit touched starts in the older pack
  (the most any file-by-file layout can share, since that file's text changes); with --diff,
  between `--diff HEAD~i..HEAD~(i-1)` and the pack of HEAD~i. --edits N makes the N commits
  itself in a scratch clone (a comment line inside a function of a random source file each,
  an hour apart): a repository with one commit, such as the stdlib corpus, can be measured.
Runs in-process with a token cache under a temporary REPOVIEW_HOME (one cold pack first).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from repoview.model import Pack, PackedFile
from repoview.packer import PackOptions, build_pack
from repoview.setting_values import parse_budget

# A struct, enum or union counts where it is defined (its name then `{`, `:` or the line's
# end), not where a variable of its type is declared (`struct client *c = ...;`).
_MODIFIERS = (
    r"(?:(?:pub(?:\([\w ]+\))?|export|async|static|public|private|protected|default|final|"
    r"abstract|sealed|internal|partial|readonly|open|data)\s+)*"
)
_DEF = re.compile(
    r"^[ \t]*" + _MODIFIERS + r"(?:(?:def|class|fn|func|function|trait|interface|record)\s+\**(\w+)"
    r"|(?:struct|enum|union)\s+(\w+)[ \t]*(?=[{:(<]|$))",
    re.M,
)
# Type aliases (TypeScript, Rust, Go): `type Handler<E> = ...`, `type Labels []Label`.
_TYPE_ALIAS = re.compile(r"^[ \t]*(?:export\s+|pub(?:\([\w ]+\))?\s+)?type\s+(\w+)", re.M)
_ALIASED = frozenset({"TypeScript", "TSX", "Rust", "Go"})
# Java and C# methods: a modifier, a type, a name and "(" (no keyword).
_TYPED_METHOD = re.compile(
    r"^[ \t]+(?:(?:public|private|protected|internal|static|final|abstract|override|virtual|"
    r"synchronized|async)\s+)+(?:<[^>]*>\s+)?[\w<>\[\],.? ]+?\s+(\w+)\s*\(",
    re.M,
)
_TYPED = frozenset({"Java", "C#"})


# C and C++ functions have no keyword: a definition starts at the margin with a name and
# "(" on a line that does not end its statement (BSD style puts the type on the line above).
_C_DEF = re.compile(
    r"^(?!(?:if|for|while|switch|return|else|do|case)\b)(?:[A-Za-z_]\w*[ \t*&]+)*"
    r"([A-Za-z_][\w:~]*)[ \t]*\((?![^\n]*;[ \t]*$)",
    re.M,
)
_C_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)  # (a licence's `Copyright (c)` is none)
_C_FAMILY = frozenset({"C", "C++", "Objective-C"})


def definitions(text: str, language: str = "") -> list[str]:
    names = [a or b for a, b in _DEF.findall(text)]
    if language in _C_FAMILY:
        names += _C_DEF.findall(_C_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text))
    elif language in _ALIASED:
        names += _TYPE_ALIAS.findall(text)
    elif language in _TYPED:
        names += _TYPED_METHOD.findall(text)
    return names


def coverage(pack: Pack) -> tuple[int, int]:
    seen = total = 0
    for f in pack.files:
        if not f.carrier or f.role != "source":
            continue
        names = definitions(f.full_text, f.language)
        total += len(names)
        if f.mode == "full":
            seen += len(names)
        elif f.mode != "listed":
            shown = set(definitions(f.text, f.language)) | set(re.findall(r"[\w:~]+", f.text))
            seen += sum(1 for n in names if n in shown)
    return seen, total


def central_full(pack: Pack, top: int = 10, code_only: bool = False) -> tuple[int, list[str]]:
    """Of the `top` source files most imported, how many are in full. `code_only`: counted
    by the source files that import them (a test helper a thousand tests import, or a
    decorator only the tests use, is no central module of the code)."""
    src = [f for f in pack.files if f.role == "source" and f.carrier]
    code = {f.path for f in src}

    def importers(f: PackedFile) -> int:
        return sum(p in code for p in f.imported_by) if code_only else len(f.imported_by)

    best = sorted(src, key=lambda f: (-importers(f), f.path))[:top]
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


def touched_at(repo: Path, i: int, older: str) -> float:
    """Where, in the older pack, the first file that commit HEAD~(i-1) changed starts (1.0:
    none of them has text there): no pack of a file-by-file layout can share more."""
    head = f"HEAD~{i - 1}" if i > 1 else "HEAD"
    names = subprocess.run(
        ["git", "diff", "--name-only", f"HEAD~{i}", head],
        cwd=repo,
        capture_output=True,
        text=True,
    ).stdout.split()
    starts = [older.find(f'<file path="{n}"') for n in names]
    starts = [s for s in starts if s >= 0]
    return min(starts) / len(older) if starts else 1.0


_EDITABLE = {".py": "#", ".c": "//", ".h": "//", ".rs": "//", ".go": "//", ".ts": "//", ".js": "//"}


def with_edits(repo: Path, n: int, seed: int = 1) -> Path:
    """A scratch clone of `repo` with `n` more commits, an hour apart, each a one-line
    comment added inside a function of a random source file (a day of small changes)."""
    work = Path(tempfile.mkdtemp(prefix="rv-edits-")) / repo.name
    subprocess.run(["git", "clone", "-q", str(repo), str(work)], check=True)
    listed = subprocess.run(["git", "ls-files"], cwd=work, capture_output=True, text=True)
    files = [p for p in listed.stdout.splitlines() if Path(p).suffix in _EDITABLE]
    rng = random.Random(seed)
    when = int(time.time())
    for k in range(n):
        while True:
            path = work / rng.choice(files)
            try:
                lines = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                continue
            returns = ("    return", "\treturn")
            inside = [i for i, line in enumerate(lines) if line.startswith(returns)]
            if inside:
                break
        i = rng.choice(inside)
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines.insert(i, f"{indent}{_EDITABLE[path.suffix]} edit {k}")
        path.write_text("\n".join(lines), encoding="utf-8")
        date = f"@{when + 3600 * (k + 1)} +0000"
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", "commit", "-qam", f"edit {k}"], cwd=work, env=env, check=True)
    return work


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--budgets", default="128k,512k")
    ap.add_argument("--prefix", help="budget for the consecutive-commit prefix check")
    ap.add_argument("--diff", help="budget for the diff-pack prefix check")
    ap.add_argument("--pairs", type=int, default=1, help="consecutive commits to compare")
    ap.add_argument(
        "--edits",
        type=int,
        help="compare N new one-line commits made in a scratch clone (for --prefix/--diff)",
    )
    ap.add_argument("--focus", default="breadth")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.edits:
        args.repo, args.pairs = with_edits(args.repo, args.edits), args.edits
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
        by_code, _ = central_full(pack, code_only=True)
        modes: dict[str, int] = {}
        for f in pack.files:
            modes[f.mode] = modes.get(f.mode, 0) + 1
        print(
            f"{args.repo.name} @ {label}: coverage {seen / max(total, 1):.1%} "
            f"({seen:,}/{total:,}), central full {full}/10 (by source importers "
            f"{by_code}/10), "
            f"fill {pack.total_tokens / budget:.1%}, {took:.1f} s, modes {modes}"
        )
        if args.verbose:
            print("   ", " ".join(names))
    if args.prefix:
        budget = parse_budget(args.prefix)

        def pack(rev: str) -> str:
            return build_pack(
                PackOptions(path=args.repo, rev=rev, budget=budget, home=home, focus=args.focus)
            ).output

        shares, at_bound = [], 0
        newer = pack("HEAD")
        for i in range(1, args.pairs + 1):
            older = pack(f"HEAD~{i}")
            share, bound = shared(older, newer), touched_at(args.repo, i, older)
            at_bound += share >= bound - 0.001
            shares.append(share)
            print(
                f"  HEAD~{i} -> HEAD~{i - 1}: share {share:.1%}, first touched file at {bound:.1%}"
            )
            newer = older
        print(
            f"{args.repo.name} @ {args.prefix}: consecutive commits share median "
            f"{statistics.median(shares):.1%} (min {min(shares):.1%}, max {max(shares):.1%}) "
            f"over {args.pairs} pairs; {at_bound}/{args.pairs} reach the first file the "
            "commit touched"
        )
    if args.diff:
        budget = parse_budget(args.diff)
        shares = []
        for i in range(1, args.pairs + 1):
            base, head = f"HEAD~{i}", f"HEAD~{i - 1}" if i > 1 else "HEAD"
            a = build_pack(
                PackOptions(path=args.repo, rev=base, budget=budget, home=home, focus=args.focus)
            ).output
            d = build_pack(
                PackOptions(
                    path=args.repo,
                    diff=f"{base}..{head}",
                    budget=budget,
                    home=home,
                    focus=args.focus,
                )
            ).output
            shares.append(shared(a, d))
            print(f"  --diff {base}..{head}: shares {shares[-1]:.1%} with the pack of {base}")
        print(
            f"{args.repo.name} @ {args.diff}: --diff packs share median "
            f"{statistics.median(shares):.1%} (min {min(shares):.1%}) with the base's pack "
            f"over {args.pairs} commits"
        )
    subprocess.run(["rm", "-rf", str(home)], check=False)
    if args.edits:
        subprocess.run(["rm", "-rf", str(args.repo.parent)], check=False)


if __name__ == "__main__":
    main()
