"""Map-reduce reviews (`--strategy map-reduce`): coherent slices in full, then one merge.

Each part is a slice of the repository that belongs together (a subtree; a file larger
than a part is cut at definition boundaries into line ranges), shown in full after a
signatures map of the whole repository, so every part is read with the architecture in
view. Every request is counted exactly against the window before anything is sent. N parts
cost N+1 requests; a part that still fails after the client's retries is named in the
report instead of failing the run. Findings are merged here (duplicates removed, path and
line kept as the parts reported them); the merge request only writes the summary. One
part is the whole review: its answer is the report, and no merge is sent.
"""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from .errors import BudgetError, ProviderError
from .findings import SEVERITIES, Finding, parse_answer
from .model import PackedFile
from .outcome import FINDING_TASKS, ReviewPlan
from .prompts import (
    FILE_TREE_NOTE,
    FOLDER_TREE_NOTE,
    PART_NOTE,
    SIGNATURE_LINES_NOTE,
    SIGNATURES_NOTE,
    SOURCE_TREE_NOTE,
    merge_prompt,
)
from .render.tree import render_tree
from .secrets import redact, redacted_values, without_known
from .tokens import TokenCounter
from .usage import Meter

__all__ = [
    "PartResult",
    "Piece",
    "Slice",
    "dedupe",
    "definition_ranges",
    "map_kind",
    "plan_slices",
    "run_map_reduce",
    "signatures_map",
]

SIGNATURES_SHARE = 0.35  # of a request, what the shared map may take before it is coarsened
# What the map's copies (one per part) may add to the files the parts carry, before a
# coarser map is taken (the tree of folders, a few tokens a folder, is kept whenever it
# fits): with two parts or more this keeps the map under about a tenth of each request. A
# share of the window alone let a 1M window send a 291k-token map three times (1.75x a
# 1.1M-token repository), where a 512k window sent a 4.7k-token tree four times: the
# larger window planned 1.7x the input of the smaller for the same review.
MAP_REPEATS = 0.10
MIN_PART = 512  # tokens of files a part must be able to carry
# Tokens each part's note keeps for the part's label, and of those what ` (2 of 3)` takes.
_LABEL_TOKENS, _NUMBERED = 40, 10


@dataclass
class Piece:
    """A file of a part, whole or as a range of its lines."""

    path: str
    text: str  # rendered, with its <file> wrapper
    tokens: int
    start: int = 1
    end: int = 0
    whole: bool = True


@dataclass
class Slice:
    """One part: a coherent set of pieces, rendered, with its exact token count."""

    index: int
    label: str
    pieces: list[Piece]
    text: str = ""
    tokens: int = 0


@dataclass
class PartResult:
    index: int
    text: str = ""
    error: str = ""
    findings: list[Finding] = field(default_factory=list)
    summary: str = ""
    # What reading the answer had to repair, and whether it was the findings JSON at all
    # (one part's answer is the report, and says so as a single request's does).
    warnings: list[str] = field(default_factory=list)
    parsed: bool = True
    cut: bool = False  # the answer reached the output reserve


_PART_IMPORTS = 10  # a part's file header names this many of its imports, then counts them


def _wrap(f: PackedFile, body: str, start: int = 1, end: int = 0) -> str:
    # As the single request's headers: its role and what it imports (the system text says
    # each file comes with them; a part without them read `Engine` with no sign of `Context`).
    attrs = (
        f'path="{html.escape(f.path, quote=True)}" language="{html.escape(f.language)}" '
        f'role="{html.escape(f.role)}"'
    )
    if f.imports:
        named = " ".join(f.imports[:_PART_IMPORTS])
        more = len(f.imports) - _PART_IMPORTS
        named += f" (+{more} more)" if more > 0 else ""
        attrs += f' imports="{html.escape(named, quote=True)}"'
    if end:
        attrs += f' lines="{start}-{end}" of="{f.lines}"'
    return f"<file {attrs}>\n{body.rstrip(chr(10))}\n</file>\n"


def _numbered(lines: list[str], start: int) -> str:
    return "".join(f"{start + i}| {line}" for i, line in enumerate(lines))


def _is_boundary(line: str) -> bool:
    """A line where a top-level definition may start: at column 0, not closing a block."""
    if not line.strip() or line[0] in " \t":
        return False
    return not line.lstrip().startswith(
        ("}", ")", "]", "#endif", "#else", "else", "elif", "except", "finally", "end")
    )


def definition_ranges(
    text: str, capacity: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """1-based (start, end) line ranges of `text`, each numbered within `capacity` tokens,
    cut at top-level definitions; a definition larger than that is cut between lines."""
    lines = text.splitlines(keepends=True)
    # Lines are counted one by one (a newline ends a pre-token, so the sum is the count of
    # the whole to within a few tokens; callers keep a margin and re-count the result).
    sizes = [count(_numbered([line], i + 1)) for i, line in enumerate(lines)]
    starts = [0] + [i for i in range(1, len(lines)) if _is_boundary(lines[i])]
    blocks = [(a, b) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True) if b > a]
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    used = 0
    for a, b in blocks:
        size = sum(sizes[a:b])
        if size > capacity:  # one definition too large: cut it between lines
            if cur:
                out.append(cur)
                cur, used = None, 0
            i = a
            while i < b:
                j, room = i, capacity
                while j < b and (sizes[j] <= room or j == i):
                    room -= sizes[j]
                    j += 1
                out.append((i, j))
                i = j
            continue
        if cur and used + size <= capacity:
            cur, used = (cur[0], b), used + size
        else:
            if cur:
                out.append(cur)
            cur, used = (a, b), size
    if cur:
        out.append(cur)
    return [(a + 1, b) for a, b in out]


def _pieces(f: PackedFile, capacity: int, counter: TokenCounter) -> list[Piece]:
    whole = _wrap(f, f.full_text)
    n = counter.count(whole)
    if n <= capacity:
        return [Piece(f.path, whole, n)]
    wrapper = counter.count(_wrap(f, "", 1, f.lines)) + 8
    lines = f.full_text.splitlines(keepends=True)
    out = []
    for a, b in definition_ranges(
        f.full_text, int((capacity - wrapper) * 0.95), counter.encode_len
    ):
        body = _numbered(lines[a - 1 : b], a)
        tokens = counter.count(body)
        # One line longer than a part (minified code) is cut between characters.
        cuts = -(-tokens // max(capacity - wrapper - 16, 1))
        step = -(-len(body) // cuts)
        for k in range(cuts):
            text = _wrap(f, body[k * step : (k + 1) * step], a, b)
            out.append(Piece(f.path, text, counter.count(text), a, b, whole=False))
    return out


def _group(items: list[Piece], capacity: int, depth: int = 0) -> list[list[Piece]]:
    """Subtrees that fit `capacity`; a larger directory is split by its children, and
    neighbouring small children share a part."""
    if sum(p.tokens for p in items) <= capacity or len(items) <= 1:
        return [items]
    children: dict[str, list[Piece]] = {}
    for i, p in enumerate(items):
        parts = p.path.split("/")
        key = "/".join(parts[: depth + 1]) if len(parts) > depth + 1 else f"{p.path}\0{i}"
        children.setdefault(key, []).append(p)
    if len(children) == 1:  # one directory holds everything at this depth: go deeper
        return _group(items, capacity, depth + 1)
    groups: list[list[Piece]] = []
    for child in children.values():
        for g in _group(child, capacity, depth + 1):
            if groups and sum(p.tokens for p in groups[-1] + g) <= capacity:
                groups[-1].extend(g)
            else:
                groups.append(list(g))
    return groups


def _fewer(groups: list[list[Piece]], capacity: int) -> list[list[list[Piece]]]:
    """`groups` in fewer parts when they can be: neighbours share a part only while they fit
    together, which left a 128k review of a Go project in parts of 96k, 33k, 94k and 59k
    tokens, four paid requests where three hold it. Each group stays whole (a subtree);
    the largest are placed first, each in the first part with room (a 1% margin for the
    tokens the seams between files add), and the parts keep the order of their first files.
    Each part is the list of its groups."""
    sizes = [sum(p.tokens for p in g) for g in groups]
    room = capacity * 99 // 100
    bins: list[list[int]] = []
    used: list[int] = []
    for i in sorted(range(len(groups)), key=lambda i: (-sizes[i], i)):
        at = next((b for b, u in enumerate(used) if u + sizes[i] <= room), None)
        if at is None:
            bins.append([i])
            used.append(sizes[i])
        else:
            bins[at].append(i)
            used[at] += sizes[i]
    if len(bins) >= len(groups):
        return [[g] for g in groups]  # no part saved: neighbours together read best
    order = sorted((sorted(b) for b in bins), key=lambda b: b[0])
    return [[groups[i] for i in b] for b in order]


def _even(items: list[Piece], n: int, room: int) -> list[list[Piece]] | None:
    """`items` in `n` runs of neighbours (in path order) of about even size, each within
    `room`; None when `n` such runs cannot hold them. Parts packed each as full as it goes
    left the last with little (a C library's review: six parts of 207-216k tokens of files
    and one of 19k, paid as a request like the others); even runs cost the same requests,
    none near the window's end. A run ends, where it can, between folders (`_seam`)."""
    order = sorted(items, key=lambda p: p.path.split("/"))  # (stable: a file's ranges in order)
    sizes = [p.tokens for p in order]
    ends = list(accumulate(sizes, initial=0))
    total = ends[-1]

    def needed(limit: int) -> list[int] | None:
        """Per start, the fewest runs within `limit` that hold the rest (None: an item alone
        is larger)."""
        need = [0] * (len(order) + 1)
        j = len(order)
        for i in range(len(order) - 1, -1, -1):
            while ends[j] - ends[i] > limit:
                j -= 1
            if j == i:
                return None
            need[i] = 1 + need[j]
        return need

    low, high = max(sizes, default=0), room
    if low > high or (need := needed(high)) is None or need[0] > n:
        return None
    while low < high:  # the smallest largest run that `n` runs allow
        mid = (low + high) // 2
        fits = needed(mid)
        low, high = (low, mid) if fits is not None and fits[0] <= n else (mid + 1, high)
    # A tenth more than that lets a run end between folders rather than inside one.
    limit = min(room, max(low, -(-total // n)) * 11 // 10)
    need = needed(limit) or need
    runs: list[list[Piece]] = []
    i = 0
    while i < len(order):
        left = n - len(runs)
        target = (total - ends[i]) / left
        best, best_cost = len(order), float("inf")
        e = i + 1
        while e <= len(order) and ends[e] - ends[i] <= limit:
            if need[e] <= left - 1:
                cost = abs(ends[e] - ends[i] - target) + _seam(order, e) * target
                if cost < best_cost:
                    best, best_cost = e, cost
            e += 1
        runs.append(order[i:best])
        i = best
    return runs


def _seam(order: list[Piece], e: int) -> float:
    """What ending a run before `order[e]` costs, as a share of a run: nothing between top
    folders, a little between folders of one (`src/a/` and `src/b/`, or `src/` and its
    `src/a/`), more inside a folder, most inside a file."""
    if e >= len(order):
        return 0.0
    before, after = order[e - 1].path, order[e].path
    if before == after:
        return 0.3
    here, there = before.rpartition("/")[0], after.rpartition("/")[0]
    if here == there:
        return 0.1
    return 0.0 if here.partition("/")[0] != there.partition("/")[0] else 0.05


def _label(pieces: list[Piece]) -> str:
    paths = [p.path for p in pieces]
    prefix = paths[0].rsplit("/", 1)[0] + "/" if "/" in paths[0] else ""
    while prefix and not all(x.startswith(prefix) for x in paths):
        prefix = prefix[:-1].rsplit("/", 1)[0] + "/" if "/" in prefix[:-1] else ""
    if len(set(paths)) == 1 and not pieces[0].whole:  # ranges of one file
        return f"{pieces[0].path} lines {pieces[0].start}-{pieces[-1].end}"
    # Parts of one folder would read alike by its name (all the root's read `./`): the
    # first and the last file of each tell them apart.
    first, last = paths[0][len(prefix) :], paths[-1][len(prefix) :]
    span = first if first == last else f"{first} to {last}"
    if not prefix:  # files of several top folders: named, as `./` would say nothing
        tops = sorted({p.split("/", 1)[0] + "/" if "/" in p else "./" for p in paths})
        prefix = ", ".join(tops[:3]) + (f" and {len(tops) - 3} more" if len(tops) > 3 else "")
    return f"{prefix}: {len(set(paths))} file(s), {span}"


def _within(label: str, room: int, counter: TokenCounter) -> str:
    """`label` in at most `room` tokens: the groups of a part of several named whole, as many
    as fit from the first and the last, the others counted; then cut in its middle, where
    its ends still show (`korean-…file(s)` named nothing)."""
    groups = label.split("; ")
    if len(groups) > 2 and counter.count(label) > room:

        def kept(head: int) -> str:
            left = len(groups) - head - 1
            return "; ".join([*groups[:head], f"{left} more group(s)", groups[-1]])

        low, high = 1, len(groups) - 2  # the most groups from the first that fit (a search)
        while low < high:
            mid = (low + high + 1) // 2
            if counter.count(kept(mid)) <= room:
                low = mid
            else:
                high = mid - 1
        label = kept(low)
        if counter.count(label) <= room:
            return label
    keep = len(label)
    while keep > 2 and counter.count(label) > room:
        keep = keep * 4 // 5
        label = f"{label[: keep // 2]}…{label[len(label) - keep // 2 :]}"
    return label


def _distinct(slices: list[Slice]) -> None:
    """Number the parts whose labels are still alike (`a.py lines 1-90 (2 of 3)`)."""
    alike: dict[str, list[Slice]] = {}
    for s in slices:
        alike.setdefault(s.label, []).append(s)
    for label, same in alike.items():
        if len(same) > 1:
            for k, s in enumerate(same, 1):
                s.label = f"{label} ({k} of {len(same)})"


def signatures_map(
    name: str,
    files: list[PackedFile],
    limit: int,
    counter: TokenCounter,
    worth: Callable[[int], bool] = lambda tokens: True,
) -> str:
    """Every file's outline; coarser (the tree of files, then of folders) when too large.

    Each map must fit `limit`; the richer ones must also be `worth` their tokens (the
    caller counts what their copies add), while the tree of folders, a few tokens per
    folder, is kept whenever it fits."""
    outlines = "".join(
        f'<outline path="{html.escape(f.path, quote=True)}">\n'
        f"{f.compressed_text().rstrip()}\n</outline>\n"
        for f in files
    )

    def lines() -> str:  # one line per definition: a repository map, a fifth of the outlines
        return "".join(
            f'<signatures path="{html.escape(f.path, quote=True)}">\n{sig}\n</signatures>\n'
            for f in files
            if f.carrier and (sig := f.signatures_text().rstrip())
        )

    texts: list[tuple[str, Callable[[], str]]] = [
        (SIGNATURES_NOTE, lambda: outlines),
        (SIGNATURE_LINES_NOTE, lines),
        (FILE_TREE_NOTE, lambda: render_tree(name, files, "full")),
        # (a flat C project's 41 sources were one line of the folder tree: each part learnt
        # nothing of the others' names)
        (SOURCE_TREE_NOTE, lambda: render_tree(name, files, "collapsed")),
        (FOLDER_TREE_NOTE, lambda: render_tree(name, files, "dirs")),
    ]
    for k, (note, text) in enumerate(texts):
        candidate = f"{note}\n\n{text()}"
        tokens = counter.count(candidate)
        if tokens <= limit and (k == len(texts) - 1 or worth(tokens)):
            return candidate
    return ""


_MAP_KINDS = {
    SIGNATURES_NOTE: "outlines",
    SIGNATURE_LINES_NOTE: "signatures",
    FILE_TREE_NOTE: "file tree",
    SOURCE_TREE_NOTE: "source-file tree",
    FOLDER_TREE_NOTE: "folder tree",
}


def map_kind(shared: str) -> str:
    """What the map the parts share is: "outlines", "signatures", "file tree",
    "source-file tree" or "folder tree" ("" for none)."""
    return next((kind for note, kind in _MAP_KINDS.items() if note in shared), "")


def plan_slices(
    files: list[PackedFile], shared: str, limit: int, fixed: int, counter: TokenCounter
) -> list[Slice]:
    """Parts whose whole request (`fixed` tokens of system text, task and map, plus the
    part) stays within `limit` tokens, checked with exact counts."""
    note = counter.count(PART_NOTE.format(i=999, n=999, what="")) + _LABEL_TOKENS + 16
    capacity = limit - fixed - note
    if capacity < MIN_PART:
        raise BudgetError(
            f"the window leaves {capacity:,} tokens for files after the task and the map; "
            "use a model with a larger window"
        )
    items = [p for f in files if f.carrier for p in _pieces(f, capacity, counter)]
    parts = _fewer(_group(items, capacity), capacity)
    if len(parts) > 1:
        runs = _even(items, len(parts), capacity * 99 // 100)
        parts = [[run] for run in runs] if runs else parts
    groups = [[p for g in part for p in g] for part in parts]
    # A part of groups that are not neighbours says what each holds: `a/` to `d/` would
    # name the folders between, which another part holds.
    labels = {
        id(g): "; ".join(map(_label, part))
        for g, part in zip(groups, parts, strict=True)
        if len(part) > 1
    }
    slices: list[Slice] = []
    while groups:
        g = groups.pop(0)
        text = "".join(p.text for p in g)
        tokens = counter.count(text)
        if tokens > capacity and len(g) > 1:  # BPE at the seams: move the last piece on
            groups.insert(0, [g[-1]])
            groups.insert(0, g[:-1])
            continue
        label = _within(labels.get(id(g)) or _label(g), _LABEL_TOKENS - _NUMBERED, counter)
        slices.append(Slice(len(slices) + 1, label, g, text, tokens))
    _distinct(slices)
    return slices


# One part holds every file the review reads: no other part, no merge (PART_NOTE would
# tell the model of both, and to report only on its share).
_WHOLE_NOTE = (
    "This request shows the files under review ({what}) in full (a file too large for one "
    "request is shown as a range of lines, numbered as in the file). Your answer is the "
    "review of the repository as a whole."
)


def part_messages(
    system: str, shared: str, part: Slice, n: int, instructions: str
) -> list[dict[str, str]]:
    """The messages of one part's request."""
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": part_user(shared, part, n, instructions)},
    ]


def part_user(shared: str, part: Slice, n: int, instructions: str) -> str:
    if n == 1:
        note = _WHOLE_NOTE.format(what=part.label)
    else:
        note = PART_NOTE.format(i=part.index, n=n, what=part.label)
    return f"{shared}\n\n<files>\n{part.text}</files>\n\n{note}\n\n{instructions}"


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: the same path, lines within 3 of each other and a similar
    title (or the same line) count once; the most severe report is kept."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: SEVERITIES.index(f.severity)):
        if not any(_same(f, k) for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: (SEVERITIES.index(f.severity), f.path or "", f.line or 0))
    return kept


def _same(a: Finding, b: Finding) -> bool:
    similar = difflib.SequenceMatcher(None, a.title.lower(), b.title.lower()).ratio() >= 0.6
    if a.path != b.path:
        return False
    if a.line is None or b.line is None:
        return similar and a.line == b.line
    return abs(a.line - b.line) <= 3 and (similar or a.line == b.line)


def merge_tree(name: str, files: list[PackedFile]) -> str:
    """The folders of the repository, as the merge request shows them."""
    return render_tree(name, files, "dirs")


def run_map_reduce(
    meter: Meter, plan: ReviewPlan, concurrency: int, say: Callable[[str], None]
) -> tuple[str, list[Finding], list[PartResult]]:
    """Review every slice of `plan`, then merge: (summary or document, findings, parts)."""
    slices: list[Slice] = plan.parts
    body, system, shared, instructions = plan.body, plan.system, plan.shared, plan.instructions
    files, limit = plan.pack.head_files(), plan.budget
    finding_task = plan.task in FINDING_TASKS
    n = len(slices)

    def one(s: Slice) -> PartResult:
        messages = part_messages(system, shared, s, n, instructions)
        try:
            res = meter.chat({**body, "messages": messages}, label=f"part {s.index}/{n}")
        except ProviderError as exc:
            say(f"review: part {s.index}/{n} failed: {exc}")
            return PartResult(s.index, error=str(exc))
        say(f"review: part {s.index}/{n} done ({s.label})")
        out = PartResult(s.index, res.text, cut=res.finish_reason == "length")
        if finding_task:
            parsed = parse_answer(res.text, files)
            out.findings, out.summary = parsed.findings, parsed.summary
            out.warnings, out.parsed = parsed.warnings, parsed.parsed
        return out

    with ThreadPoolExecutor(max(1, concurrency)) as pool:
        results = list(pool.map(one, slices))
    missing = [r.index for r in results if r.error]
    ok = [r for r in results if not r.error]
    findings = dedupe([f for r in ok for f in r.findings])
    if not ok:
        raise ProviderError(f"every part of the map-reduce failed: {results[0].error}")
    if n == 1:  # the part's answer is the report: a merge of one would only restate it
        return ok[0].summary if finding_task else ok[0].text, findings, results
    if finding_task and not any(r.parsed for r in ok):
        # No part answered with findings: a merge would report a review that did not happen
        # (and be paid for). The caller keeps the answers and marks the run not reviewed.
        return "", [], results
    tree = merge_tree(plan.pack.name, [f for f in files if f.carrier])
    if finding_task:
        partials: list[Any] = [{"part": r.index, "summary": r.summary} for r in ok]
        partials.append({"findings": [f.to_dict() for f in findings]})
    else:
        partials = [{"part": r.index, "answer": r.text} for r in ok]
    # A part's answer may quote a secret (one the scan of the pack could not know): it is
    # not sent on in the merge, as it is not kept in the report.
    partials = _redacted(partials, redacted_values(plan.pack))
    task = merge_prompt(n, missing, finding_task, instructions)
    fixed = meter.counter.count(system + tree + task) + 64
    # What the merge may read: the window, or less where --max-cost lowered it.
    most = min(limit, plan.merge_cap) if plan.merge_cap else limit
    reports = _fit(partials, most - fixed, meter.counter)
    user = f"Directory tree:\n\n{tree}\n\nPartial reports:\n\n{reports}\n\n{task}"
    merged = meter.chat(
        {
            **body,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        },
        label="merge",
    )
    if not finding_task:
        return merged.text, [], results
    parsed = parse_answer(merged.text, files)
    summary = parsed.summary or " ".join(r.summary for r in ok if r.summary)
    return summary, findings, results


def _redacted(value: Any, known: list[str]) -> Any:
    """`value` (the parts' answers: strings in lists and dicts) with each string's secrets
    redacted, and the values the pack redacted (`known`)."""
    if isinstance(value, str):
        return without_known(redact(value)[0], known)[0]
    if isinstance(value, list):
        return [_redacted(v, known) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v, known) for k, v in value.items()}
    return value


def _fit(partials: list[Any], room: int, counter: TokenCounter) -> str:
    """The partial reports as JSON within `room` tokens, each cut to a share if needed."""
    text = json.dumps(partials, indent=1, ensure_ascii=False)
    n = counter.count(text)
    if n <= room:
        return text
    share = max(int(len(text) * room / n * 0.9) // max(len(partials), 1), 200)
    cut = [json.dumps(p, ensure_ascii=False)[:share] for p in partials]
    return "\n".join(cut) + "\n(partial reports cut to fit the window)"
