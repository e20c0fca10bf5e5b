"""How well a finding's place survives real history, and how often places collide.

For the last N commits of a repository, every line that a commit leaves unchanged (but may
move) stands in for a finding on it. Reported per anchor width (0 = the line alone,
1 = the line and one non-blank neighbour each side, repoview's choice):

- kept: the fingerprint (SARIF partialFingerprints / Code Quality) is the same after the
  commit, i.e. a re-run on the new head names the finding the same;
- matched: `repoview ci` pairs the old inline comment with the re-reported finding
  (same anchor, or within 3 lines);
- unique: lines of a file whose anchor no other line of that file shares (a collision
  would merge two findings of the same category).

    python bench/ci_identity_bench.py /work/scratch/repos/sqlalchemy --commits 40
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from repoview.ci.text import Identity, anchor_digest
from repoview.report import anchor_text

SOURCE = (".py", ".c", ".h", ".rs", ".ts", ".js", ".go", ".java")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, check=True, text=True, errors="replace"
    ).stdout


def changed_pairs(repo: Path, commits: int) -> list[tuple[str, str, str]]:
    out = []
    for sha in git(repo, "rev-list", "--no-merges", f"-{commits}", "HEAD").split():
        for path in git(
            repo, "diff-tree", "--no-commit-id", "--name-only", "-r", "--diff-filter=M", sha
        ).split():
            if path.endswith(SOURCE):
                out.append((f"{sha}^", sha, path))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("repo", type=Path)
    ap.add_argument("--commits", type=int, default=40)
    ap.add_argument("--max-files", type=int, default=150)
    args = ap.parse_args()
    pairs = changed_pairs(args.repo, args.commits)[: args.max_files]
    stats: dict[int, Counter[str]] = {0: Counter(), 1: Counter()}
    for old_rev, new_rev, path in pairs:
        old = git(args.repo, "show", f"{old_rev}:{path}").splitlines()
        new = git(args.repo, "show", f"{new_rev}:{path}").splitlines()

        def read_old(_p: str, old: list[str] = old) -> list[str]:
            return old

        def read_new(_p: str, new: list[str] = new) -> list[str]:
            return new

        moves = difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
        for width, c in stats.items():
            for block in moves:
                for k in range(block.size):
                    a, b = block.a + k + 1, block.b + k + 1
                    if not old[a - 1].strip():
                        continue
                    fa = {"path": path, "line": a, "category": "bug"}
                    fb = {"path": path, "line": b, "category": "bug"}
                    ta = anchor_text(fa, read_old, width)
                    tb = anchor_text(fb, read_new, width)
                    c["lines"] += 1
                    c["kept"] += ta == tb
                    ia = Identity(path, "bug", a, anchor_digest(ta))
                    ib = Identity(path, "bug", b, anchor_digest(tb))
                    c["matched"] += ia.same_place(ib)
                    c["shifted"] += a != b
            texts = Counter(
                anchor_text({"path": path, "line": i, "category": "bug"}, read_new, width)
                for i in range(1, len(new) + 1)
                if new[i - 1].strip()
            )
            c["file_lines"] += sum(texts.values())
            c["unique"] += sum(n for n in texts.values() if n == 1)
    print(f"{args.repo.name}: {len(pairs)} modified files in the last {args.commits} commits")
    for width, c in stats.items():
        n = max(c["lines"], 1)
        print(
            f"  anchor width {width}: {c['lines']} surviving lines "
            f"({c['shifted'] / n:.0%} moved); fingerprint kept {c['kept'] / n:.1%}, "
            f"comment matched {c['matched'] / n:.1%}, "
            f"unique in file {c['unique'] / max(c['file_lines'], 1):.1%}"
        )


if __name__ == "__main__":
    main()
