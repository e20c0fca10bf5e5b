"""The summary `repoview pack` prints on stderr, and its progress line on a terminal."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TextIO

from .model import Pack
from .registry import Model, budget_for, reserve_for
from .textsafe import oneline

__all__ = ["ProgressLine", "format_summary"]

CONTEXT_SIZES = (
    ("128k", 128_000),
    ("256k", 256_000),
    ("512k", 512_000),
    ("1m", 1_000_000),
    ("2m", 2_000_000),
)


def _where(pack: Pack) -> str:
    head = f"commit {pack.rev[:12]}" if pack.rev else "work tree"
    if pack.base is None:
        return head
    # (a --diff pack is the base's pack, then the change: the head's files come last)
    return f"commit {pack.base[:12]}, then the change to the {head}"


def format_counted(pack: Pack) -> str:
    """The line `--token-count-tree` says after its tree: what it counted, no pack's sizes
    (no pack was written)."""
    counted = sum(f.tokens for f in pack.files)
    return (
        f"repoview: counted {pack.name} ({_where(pack)}): {len(pack.files):,} files, "
        f"{counted:,} tokens of text ({pack.encoding}), {len(pack.excluded):,} excluded; "
        "no pack written\n"
    )


def format_summary(pack: Pack, size: int, top: int = 5) -> str:
    """A few lines a person reads after packing: sizes, biggest files, what was left out."""
    shown = [f for f in pack.files if f.mode != "listed"]
    lines = [
        f"repoview: packed {pack.name} ({_where(pack)})",
        f"  files     {len(shown):,} with text, {len(pack.files) - len(shown):,} listed only, "
        f"{len(pack.excluded):,} excluded",
        f"  tokens    {pack.total_tokens:,} ({pack.encoding}, {pack.fmt}, {size / 1e6:.1f} MB)",
    ]
    biggest = sorted(shown, key=lambda f: (-f.tokens, f.path))[:top]
    if biggest:
        lines.append("  largest   " + _table([(f"{f.tokens:,}", oneline(f.path)) for f in biggest]))
    reasons = Counter(e.reason for e in pack.excluded)
    if reasons:
        lines.append("  excluded  " + ", ".join(f"{r} {n:,}" for r, n in sorted(reasons.items())))
    modes = Counter(f.mode for f in pack.files)
    if pack.budget or modes["compressed"] or modes["signatures"]:
        used = (
            f"{pack.budget:,} ({pack.total_tokens / pack.budget:.0%} used)"
            if pack.budget
            else "none"
        )
        lines.append(
            f"  budget    {used}: {modes['full']:,} full, {modes['compressed']:,} compressed, "
            f"{modes['signatures']:,} signatures, {modes['listed']:,} listed"
        )
    if pack.parts:
        lines.append(
            f"  parts     {len(pack.parts)}: "
            + ", ".join(f"{p.tokens:,}" for p in pack.parts)
            + " tokens"
        )
    if pack.base is not None:
        lines.append("  change    " + _change(pack))
    redacted = sum(f.redactions for f in pack.files)
    in_diff = sum(len(rules) for rules in pack.diff_redacted.values())
    if redacted or in_diff:
        touched = sum(1 for f in pack.files if f.redactions)
        said = (
            f"{redacted:,} redacted in {touched:,} file{'s' if touched != 1 else ''}"
            if redacted
            else "none in the files"
        )
        if in_diff:  # (the change's hunks are scanned on their own)
            files = sum(1 for rules in pack.diff_redacted.values() if rules)
            said += f", {in_diff:,} in the diff of {files:,}"
        lines.append(f"  secrets   {said}")
    lines.append("  fits      " + _fits(pack.total_tokens, pack.budget))
    lines.extend(f"  warning   {w}" for w in pack.warnings)
    return "\n".join(lines) + "\n"


def _change(pack: Pack) -> str:
    """What a --diff pack says of its change: how many files, how each changed, how shown."""
    if pack.empty_change:
        return "none: the two revisions hold the same files"
    how = Counter(pack.changed.values())
    words = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "T": "retyped"}
    kinds = ", ".join(
        f"{how[k]:,} {words.get(k, k)}" for k in (*words, *sorted(set(how) - set(words))) if how[k]
    )
    shown = [f for f in pack.delta if f.mode != "listed"]
    new = [f for f in shown if f.path in pack.changed]
    n = len(pack.changed)
    said = f"{n:,} file{'s' * (n != 1)} ({kinds}), "
    if not new:
        said += "no new text (each diff says its change)"
    else:
        whole = sum(1 for f in new if f.mode == "full")
        said += f"{len(new):,} with new text" + (
            f" ({whole:,} in full, {len(new) - whole:,} shorter)" if whole < len(new) else ""
        )
    if len(shown) > len(new):
        said += f", {len(shown) - len(new):,} unchanged neighbours in full"
    if pack.unshown:
        why = Counter(pack.unshown.values())
        said += (
            f"; {len(pack.unshown):,} diff{'s' if len(pack.unshown) != 1 else ''} as one line ("
            + "; ".join(f"{k:,} {r}" for r, k in sorted(why.items()))
            + ")"
        )
    return said


def _fits(tokens: int, budget: int | None = None) -> str:
    """Which windows take the pack whole, by the review's own test: the window less the
    answer's reserve and the tokenizer margin (a model's defaults), not the bare window.
    A budget the size of a window (`--budget 128k`) that this leaves out is told the budget
    that window takes."""
    windows = [(name, Model(name, size)) for name, size in CONTEXT_SIZES]
    fits = [name for name, m in windows if tokens <= budget_for(m)]
    largest = windows[-1][1]
    if not fits:
        return (
            f"no context window up to {windows[-1][0]}: try --model NAME, or "
            f"--budget {budget_for(largest):,} for a {windows[-1][0]} one"
        )
    said = (
        f"{', '.join(fits)} context windows, less {reserve_for(largest):,} tokens for the "
        f"answer and a {largest.margin:.0%} tokenizer margin, as a review counts"
    )
    window = next((name for name, m in windows if m.context == budget), None)
    if window is not None and window not in fits:
        m = dict(windows)[window]
        said += f" (for a {window} model: --budget {budget_for(m):,}, or --model NAME)"
    return said


def _table(rows: list[tuple[str, str]]) -> str:
    width = max(len(a) for a, _ in rows)
    return "\n            ".join(f"{a:>{width}}  {b}" for a, b in rows)


class ProgressLine:
    """A one-line progress bar on a terminal; silent elsewhere."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        self.show(
            f"{stage:>8} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            final=done >= total,
        )

    def stream_progress(self, chars: int, seconds: float) -> None:
        """Progress of an answer: the wait for it, then what has come (the review's progress
        callback; seconds count from when the request was sent)."""
        if chars:
            self.show(f"  receiving: {chars:,} characters, {seconds:.1f} s")
        else:
            self.show(f"  waiting for the model's answer: {seconds:.0f} s")

    def show(self, text: str, final: bool = False) -> None:
        """Replace the line with `text`, at most ten times a second."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(f"\r\033[K{text}")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False
