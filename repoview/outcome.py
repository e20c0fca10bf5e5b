"""What a review plans and what it produces: `ReviewPlan` (before anything is sent) and
`Report` (after), as typed data with their JSON and text forms."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .findings import Finding
from .model import MODES, Pack
from .registry import Model
from .usage import UsageTotals, estimated_cost, money

__all__ = [
    "Report",
    "RequestEstimate",
    "ReviewPlan",
    "Strategy",
    "Task",
    "estimated_cost",
    "write_docs",
]

Task = Literal["architecture", "docs", "bugs", "diff"]
Strategy = Literal["single", "map-reduce"]
FINDING_TASKS: tuple[str, ...] = ("bugs", "diff")


@dataclass(frozen=True)
class RequestEstimate:
    """One request the review may send, at its largest."""

    label: str
    input_tokens: int
    output_tokens: int  # the answer reserve: what the request may at most produce
    optional: bool = False  # sent only if the model asks for files


@dataclass
class ReviewPlan:
    """Everything decided before a byte is sent: a dry run stops here."""

    task: str
    model: Model
    base_url: str
    strategy: Strategy
    pack: Pack  # what the single request carries (map-reduce: the whole repository, full)
    budget: int
    reserve: int
    body: dict[str, Any]  # the first request (single) or the template of every request
    requests: list[RequestEstimate]
    tools: bool = False
    tool_room: int = 0  # tokens kept free in the window for what tools return
    text_tokens: int = 0  # what the request carries besides the pack: system text, task, tools
    asked: int | None = None  # the --budget that set the pack's budget (below the window's)
    parts: list[Any] = field(default_factory=list)  # mapreduce.Slice, with map-reduce
    signatures_tokens: int = 0
    diff: str | None = None
    known: dict[str, int] = field(default_factory=dict, repr=False)  # texts counted already
    shared: str = field(default="", repr=False)  # map-reduce: the signatures map
    system: str = field(default="", repr=False)  # map-reduce: the system text
    instructions: str = field(default="", repr=False)  # map-reduce: the task's text
    notes: list[str] = field(default_factory=list)  # why the strategy, what the parts leave out
    # Map-reduce: the merge's input when every part's report is cut to its shortest (the
    # most the parts may answer is what the merge's estimate carries).
    merge_floor: int = 0
    merge_cap: int = 0  # the merge's input, lowered to keep --max-cost (0: the window's)
    planned_s: float = 0.0  # seconds the planning took: packing, counting

    @property
    def input_tokens(self) -> int:
        return sum(r.input_tokens for r in self.requests)

    @property
    def output_tokens(self) -> int:
        return sum(r.output_tokens for r in self.requests)

    def _priced(self, input_tokens: int, output_tokens: int) -> float | None:
        return estimated_cost(self.model, input_tokens, output_tokens)

    @property
    def cost(self) -> float | None:
        """The most the review can cost: every request, fresh input, the full reserve."""
        return self._priced(self.input_tokens, self.output_tokens)

    @property
    def base_cost(self) -> float | None:
        """The cost when no optional request is sent (the model asks for no file)."""
        sure = [r for r in self.requests if not r.optional]
        return self._priced(sum(r.input_tokens for r in sure), sum(r.output_tokens for r in sure))

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": "dry-run",
            "task": self.task,
            "model": self.model.name,
            "base_url": self.base_url,
            "strategy": self.strategy,
            "repository": self.pack.name,
            "rev": self.pack.rev,
            "budget": self.budget,
            "window": self.model.context,
            "tools": self.tools,
            "tool_room": self.tool_room,
            "requests": [
                {
                    "label": r.label,
                    "input_tokens": r.input_tokens,
                    "max_output_tokens": r.output_tokens,
                    "optional": r.optional,
                }
                for r in self.requests
            ],
            "estimated_input_tokens": self.input_tokens,
            "estimated_cost_usd": self.cost,
            "estimated_cost_without_optional_usd": self.base_cost,
            "pack": self.pack_facts(),
            "notes": self.notes,
            # (what the review's report will warn of too: a shallow clone, a change cut to fit)
            "warnings": list(self.pack.warnings),
        }

    def pack_facts(self) -> dict[str, Any]:
        """What the model was shown, file by file; with map-reduce, what the parts carry (the
        plan's pack holds every file in full, and the parts may leave tests and docs out)."""
        files = self.pack.files
        modes = [f.mode for f in files]
        if self.parts:
            in_parts = {p.path for s in self.parts for p in s.pieces}
            modes = [
                "full"
                if f.path in in_parts
                else "compressed"
                if f'<outline path="{html.escape(f.path, quote=True)}">' in self.shared
                else "signatures"
                if f'<signatures path="{html.escape(f.path, quote=True)}">' in self.shared
                else "listed"
                for f in files
            ]
        if self.parts:
            # What the parts carried, each within one request's room: the whole repository's
            # size beside one request's budget read as a pack five times over its budget.
            tokens = sum(s.tokens for s in self.parts)
            budget = self.budget * len(self.parts)  # (each part: one request's room)
        else:
            tokens, budget = self.pack.total_tokens, self.pack.budget or self.budget
        return {
            "tokens": tokens,
            "budget": budget,
            "files": {mode: modes.count(mode) for mode in MODES},
        }

    def _pack_budget(self) -> str:
        """Where the pack's budget came from, as the dry run's pack line says it."""
        if not self.pack.budget:
            return ""
        if self.asked is not None:  # --budget, below what the request has room for
            kept = self.asked - self.pack.budget
            less = f" less {kept:,} for tool answers the window lacks room for" if kept else ""
            beside = "the task's text and the tools' answers" if self.tools else "the task's text"
            return (
                f" of {self.pack.budget:,} (--budget {self.asked:,}{less}; the request's "
                f"budget {self.budget:,} holds {beside} beside it)"
            )
        text = (
            f"{self.text_tokens:,} for the task's text" if self.text_tokens else "the task's text"
        )
        room = self.budget - self.text_tokens - self.pack.budget
        answers = f" and {room:,} for tool answers and calls" if self.tools else ""
        return f" of {self.pack.budget:,} (the budget {self.budget:,} less {text}{answers})"

    def describe(self) -> str:
        """The plan as a person reads it (what a dry run prints)."""
        first = self.requests[0]
        sure = [r for r in self.requests if not r.optional]
        lines = [
            f"review plan: {self.task} with {self.model.name} at {self.base_url}",
            f"  strategy  {self.strategy}"
            + (f", tools (room kept: {self.tool_room:,} tokens)" if self.tools else ""),
            f"  window    {self.model.context:,} tokens; budget {self.budget:,} per request "
            f"(answer reserve {self.reserve:,} and tokenizer margin kept free)",
            f"  pack      {self.pack.total_tokens:,} tokens{self._pack_budget()}"
            + f"; the first request carries {first.input_tokens / max(self.budget, 1):.0%} "
            "of the budget",
        ]
        if self.signatures_tokens:
            from .mapreduce import map_kind

            kind = map_kind(self.shared) or "map"
            lines.append(
                f"  map       {self.signatures_tokens:,} tokens ({kind} of the whole "
                "repository) shared by every part"
            )
        lines.extend(f"  note      {note}" for note in self.notes)
        lines.extend(f"  warning   {w}" for w in self.pack.warnings)
        if self.pack.diff:
            shown = sum(f.tokens for f in self.pack.delta if f.mode != "listed")
            n = len(self.pack.changed)
            lines.append(
                f"  change    {self.pack.diff}: {n:,} file{'' if n == 1 else 's'} changed, after "
                f"the pack of its base (three quarters of the room; the last quarter is kept "
                f"for the change: its diff and {shown:,} tokens of files' new text)"
            )
        lines.append(
            f"  requests  {len(sure)} certain"
            + (
                f", up to {len(self.requests) - len(sure)} more if the model asks for files"
                if len(sure) < len(self.requests)
                else ""
            )
        )
        for r in self.requests:
            lines.append(
                f"    {r.label:<16}{r.input_tokens:>10,} in, up to "
                f"{r.output_tokens:,} out" + ("  (optional)" if r.optional else "")
            )
        if self.cost is None:
            lines.append(
                f"  cost      unknown: {self.model.name} has no price "
                "(add one under [models] to use --max-cost)"
            )
        elif self.base_cost != self.cost:
            # (an upper bound: each round is priced as if the provider's cache missed, though
            # a round resends the request before it, which a cache would bill a fraction of)
            lines.append(
                f"  cost      at most ${self.cost:.4f}, with no cached input "
                f"(${self.base_cost:.4f} if the model asks for no file)"
            )
        else:
            lines.append(f"  cost      at most ${self.cost:.4f}")
        if self.cost is not None and self.model.margin:
            lines.append(
                f"            (input counted {self.model.margin:.0%} over these o200k_base "
                f"counts: {self.model.name}'s own tokenizer may count more)"
            )
        return "\n".join(lines) + "\n"


@dataclass
class Report:
    """The result of a review: findings or a document, and what it took."""

    task: str
    repository: str
    root: Path
    rev: str | None
    model: str
    base_url: str
    strategy: Strategy
    summary: str = ""
    findings: list[Finding] = field(default_factory=list)
    document: str = ""  # the answer of a prose task (architecture, docs)
    usage: UsageTotals = field(default_factory=UsageTotals)
    cost_usd: float | None = None
    estimated_cost_usd: float | None = None
    duration_s: float = 0.0
    attempts: int = 1
    diff: str | None = None
    pack: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    tools_used: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    raw: str = ""  # the answer, when it could not be parsed
    written: list[str] = field(default_factory=list)  # docs files written
    run_id: int | None = None

    @property
    def prose(self) -> bool:
        return self.task not in FINDING_TASKS

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (`review --format json`), run metadata included."""
        out: dict[str, Any] = {
            "repository": self.repository,
            "root": str(self.root),
            "rev": self.rev,
            "task": self.task,
            "model": self.model,
            "base_url": self.base_url,
            "diff": self.diff,
            "strategy": self.strategy,
            "pack": self.pack,
            "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
            "usage": self.usage.to_dict(),
            "cost_usd": money(self.cost_usd),
            "estimated_cost_usd": money(self.estimated_cost_usd),
            "duration_s": round(self.duration_s, 3),
            "attempts": self.attempts,
            "warnings": list(self.warnings),
        }
        if self.prose:
            out["document"] = self.document
        for name in ("tools_used", "parts", "raw", "written"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.run_id is not None:
            out["run_id"] = self.run_id
        return out


def write_docs(text: str, out: Path, warnings: list[str]) -> list[str]:
    """Split `=== FILE: path ===` sections into files under `out`; refuse paths that escape.

    A marker inside a fenced code block is the block's text (a page that shows the format),
    and a file named twice gets its sections joined, in order. Each file's text is made
    inert as the Markdown report's is (`neutralise`): raw HTML shows as text and images as
    links, so a preview of the folder loads nothing the model named."""
    from .mdsafe import neutralise

    written: list[str] = []
    current: str | None = None
    buf: list[str] = []
    sections: dict[str, list[str]] = {}
    fence = ""  # the fence of the code block the line is in ("": none)

    def close() -> None:
        if current is not None:
            if current in sections:
                warnings.append(f"{current!r} was named twice: its sections are joined")
            sections.setdefault(current, []).append("\n".join(buf).strip())

    for line in text.splitlines():
        opened = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1]
        if not fence and line.startswith("=== FILE:") and line.rstrip().endswith("==="):
            close()
            current = line[len("=== FILE:") :].rstrip("= ").strip()
            buf = []
        elif current is not None:
            buf.append(line)
    close()
    if not sections:
        sections = {"docs/overview.md": [text.strip()]}
        warnings.append("the answer named no files; wrote it all to docs/overview.md")
    root = out.resolve()
    for rel, parts in sections.items():
        why = _unwritable(root, rel)
        if why is not None:
            warnings.append(f"skipped {rel!r}: {why}")
            continue
        content = neutralise("\n\n".join(parts), mentions=False).strip() + "\n"
        target = (root / rel).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{content}\n{DOCS_MARK}\n", encoding="utf-8")
        written.append(str(target))
    return written


# The last line of every documentation file written: a later run may replace such a file,
# never one it did not write (invisible where Markdown is rendered).
DOCS_MARK = "<!-- written by repoview review --task docs -->"
_DOC_SUFFIXES = (".md", ".markdown")


def _unwritable(root: Path, rel: str) -> str | None:
    """Why the model's file `rel` is not written under `root`, or None. The answer is the
    model's, and text in the repository can steer it: only Markdown files, in no hidden
    folder (`.git/config`, `.github/workflows/`), replacing none but those a run wrote."""
    target = (root / rel).resolve()
    if not str(target).startswith(str(root) + os.sep):
        return "outside the output folder"
    if any(part.startswith(".") for part in target.relative_to(root).parts):
        return "a hidden file or folder"
    if not target.name.lower().endswith(_DOC_SUFFIXES):
        return "not a Markdown file"
    if target.exists():
        try:
            mine = DOCS_MARK in target.read_text(encoding="utf-8", errors="replace")
        except OSError:
            mine = False
        if not mine:
            return "a file repoview did not write is there (write to an empty folder)"
    return None
