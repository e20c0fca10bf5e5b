"""Reviews: `plan_review` decides everything without sending (a dry run stops there),
`execute` sends and builds the `Report`; `review()` is the library entry point."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .analyze.languages import is_manifest, is_readme
from .errors import (
    BudgetError,
    ConfigError,
    CostLimitError,
    NothingToReview,
    ProviderError,
    RepoviewError,
)
from .findings import (
    SEVERITIES,
    mark_outside_change,
    misplaced_warnings,
    parse_answer,
    uncounted_line,
    weigh,
)
from .keys import key_for, without_credentials
from .llm import Client
from .mapreduce import (
    MAP_REPEATS,
    MIN_PART,
    SIGNATURES_SHARE,
    PartResult,
    merge_tree,
    part_messages,
    plan_slices,
    run_map_reduce,
    signatures_map,
)
from .model import Pack, PackedFile
from .outcome import FINDING_TASKS, Report, RequestEstimate, ReviewPlan, write_docs
from .packer import PackOptions, build_pack
from .prompts import TOOLS, build_messages, instructions, task_text
from .registry import (
    BASE_ALIASES,
    DEFAULT_MODEL,
    MOONSHOT,
    Model,
    budget_for,
    find_model,
    registry,
    reserve_for,
)
from .secrets import redacted_values
from .store import RunStore
from .tokens import TokenCache, TokenCounter, default_home
from .toolloop import Limits, Toolbox, run_with_tools
from .usage import Meter, body_tokens, money

__all__ = [
    "CUT_ANSWER",
    "TASKS",
    "ReviewOptions",
    "ReviewResult",
    "execute",
    "plan_review",
    "run_review",
    "task_text",
]

TASKS = ("architecture", "docs", "bugs", "diff")
# What each task wants most from a pack that cannot hold everything.
# A change is carried in full after the pack of its base (the delta), so the base itself is
# packed for breadth: the rest of the repository as context.
FOCUS = {"architecture": "breadth", "docs": "breadth", "bugs": "depth", "diff": "breadth"}
# The room kept in the window for tool answers when the pack is incomplete. Measured on a
# 930-file library with a 128k window: 10% keeps the first request at ~86% of the budget;
# 15% gives ~77%. Each tool round resends the conversation, so the room also bounds cost.
TOOL_ROOM_SHARE = 0.10
TOOL_CALL_OVERHEAD = 200  # tokens an assistant's tool-call message adds per round
MERGE_OVERHEAD = 512
# What a part's report takes, at least, in the merge: its summary cut to a line (`_fit`).
MERGE_PART_FLOOR = 128
# `--strategy auto`: map-reduce when one request would show less than this share of the
# source's text in full (a bug is seen in a body, not in an outline) and the parts are at
# most AUTO_MAX_PARTS. Measured for a bug review: a 1.1M-token Python library shows 4% of
# its source at 32k (13 parts), 31% at 128k (3 parts), 81% at 256k and all of it at 512k; a
# 2.8M-token Go project 1% at 32k (78 parts), 6% at 128k (14), 13% at 256k (6), 30% at
# 512k (3), 78% at 1M. Half sits in the gap between 31% and 78%; 16 parts in the gap
# between 14 and 78, where a fan-out of that size is asked for by name, not chosen.
AUTO_SHOWN = 0.5
AUTO_MAX_PARTS = 16
# A breadth task (architecture, docs) reviews how the code fits together, which the single
# pack shows of every file it gives text: one request when that is this share of the
# source files at least. Measured at a 256k window: h2o 90% of its 212 source files (16%
# of their text in full; auto had taken 16 parts and a merge, 17 requests, at most $4.36
# against $0.26 for one), ansible 87%, twisted 97%, SQLAlchemy 100%; sentry-javascript 53%.
AUTO_VISIBLE = 0.75


@dataclass
class ReviewOptions:
    """Everything a review needs; the CLI, the hook, CI and the web report fill it."""

    path: Path
    task: str
    diff: str | None = None
    rev: str | None = None
    model: str | None = None  # a registry name, or "auto"
    base_url: str | None = None
    budget: int | None = None
    fail_on: str | None = None
    dry_run: bool = False
    max_cost: float | None = None
    exact_tokens: bool = False
    stream: bool = True
    output_dir: Path | None = None
    home: Path | None = None
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    models: dict[str, Any] = field(default_factory=dict)  # [models] from the configuration
    tools: bool = True  # offer read_file/search when the pack leaves text out
    limits: Limits = field(default_factory=Limits)
    strategy: str = "single"  # single | map-reduce | auto (`AUTO_SHOWN`, `AUTO_MAX_PARTS`)
    concurrency: int = 2  # parts reviewed at once in map-reduce
    timeout: float = 900.0  # seconds to wait for the first byte of the answer
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    focus: str | None = None  # what the pack favours; None: the task's own (FOCUS)
    confirm_above: float = 1.00  # [review] confirm_above: ask before spending more (USD)
    confirm: Callable[[ReviewPlan], bool] | None = None  # asks a person; None: never asks
    store: bool = True  # record the run in the run store
    origin: str | None = None  # who asked ("hook"): its runs, failed ones too, are summed
    deadline: float | None = None  # time.monotonic() by which every request must be done
    # what to pack, as `repoview pack` takes it
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    secret_scan: bool = True
    max_file_bytes: int = 1_000_000
    # Every line of the files in full numbered (the settings' `line_numbers`): findings
    # cite exact lines, for about a quarter more tokens.
    line_numbers: bool = False
    prompts_rev: str | None = None  # read the repository's prompt files from this commit


@dataclass
class ReviewResult:
    """The report as JSON data (what surfaces render), the exit code it implies, and the
    typed plan and report behind it."""

    report: dict[str, Any]
    exit_code: int
    run_id: int | None
    estimate: str
    plan: ReviewPlan | None = None
    typed: Report | None = None


CUT_ANSWER = "finish_reason=length"  # in the warning of an answer cut at its token limit
UNREAD_EXIT = 3  # a finding task whose answer could not be read: exit as a provider failure


def unreviewed_parts(report: dict[str, Any]) -> list[int]:
    """The map-reduce parts of a report that failed (their files were not reviewed)."""
    return [int(p["part"]) for p in report.get("parts") or () if not p.get("ok", True)]


UNREAD = "the answer could not be read as findings: not reviewed"

Say = Callable[[str], None]
Progress = Callable[[int, float], None]


def _endpoint(opts: ReviewOptions, model: Model) -> str:
    """The URL requests go to, with any `user:password@` written into it."""
    base = opts.base_url or opts.env.get("REPOVIEW_BASE_URL") or model.base_url
    return BASE_ALIASES.get(base, base)


def _base_url(opts: ReviewOptions, model: Model) -> str:
    """The endpoint as shown and stored: no credentials."""
    return without_credentials(_endpoint(opts, model))


def _choose_model(opts: ReviewOptions, table: dict[str, Model]) -> tuple[Model, Pack | None]:
    name = opts.model or opts.env.get("REPOVIEW_MODEL") or DEFAULT_MODEL
    if name != "auto":
        return find_model(name, table), None
    full = build_pack(_pack_options(opts, None))
    _something_to_review(full, opts)
    base = opts.base_url or opts.env.get("REPOVIEW_BASE_URL") or MOONSHOT
    family = sorted(
        (m for m in table.values() if m.base_url == BASE_ALIASES.get(base, base)),
        key=lambda m: m.context,
    )
    if not family:
        family = sorted(table.values(), key=lambda m: m.context)
    for m in family:
        if full.total_tokens <= budget_for(m):
            return m, full
    return family[-1], None


def _pack_options(opts: ReviewOptions, budget: int | None, spare: int = 0) -> PackOptions:
    return PackOptions(
        path=opts.path,
        rev=opts.rev,
        budget=budget,
        diff=opts.diff,
        fmt="xml",
        home=opts.home,
        spare=spare,
        # A diff review needs the change whole: a quarter of the budget is kept for it.
        change_room=budget // 4 if budget and opts.diff else 0,
        include=opts.include,
        exclude=opts.exclude,
        default_excludes=opts.default_excludes,
        secret_scan=opts.secret_scan,
        max_file_bytes=opts.max_file_bytes,
        line_numbers=opts.line_numbers,
        focus=opts.focus or FOCUS.get(opts.task, "depth"),
    )


def tool_room(model: Model, limits: Limits | None = None) -> int:
    """Tokens of the window kept for tool answers when the pack is incomplete."""
    return min((limits or Limits()).total_tokens, int(model.context * TOOL_ROOM_SHARE))


def _validate(opts: ReviewOptions) -> str:
    if opts.task not in TASKS:
        raise ConfigError(f"unknown task {opts.task!r}; choose one of: {', '.join(TASKS)}")
    if opts.task == "diff" and not opts.diff:
        raise ConfigError("--task diff needs --diff BASE..HEAD (or --diff BASE)")
    if opts.fail_on and opts.fail_on not in SEVERITIES:
        raise ConfigError(f"unknown severity {opts.fail_on!r}; use one of {', '.join(SEVERITIES)}")
    if opts.strategy not in ("single", "map-reduce", "auto"):
        raise ConfigError(f"unknown strategy {opts.strategy!r}; use single, map-reduce or auto")
    return opts.strategy


def _body(model: Model, reserve: int, task: str, stream: bool, base_url: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": model.name,
        "max_tokens": reserve,
        "temperature": 0.3,
        "stream": stream,
    }
    if task in FINDING_TASKS:
        body["response_format"] = {"type": "json_object"}
    if stream and "moonshot" not in base_url:
        body["stream_options"] = {"include_usage": True}
    return body


def _something_to_review(pack: Pack, opts: ReviewOptions) -> None:
    """A pack without one file of text, or a change without one changed file, is not worth
    a paid request."""
    if pack.empty_change:
        raise NothingToReview(
            f"nothing to review: the change {opts.diff} is empty (it changes no file in "
            f"{Path(opts.path).resolve().name}/); name a base the branch has moved from, such "
            "as origin/main..HEAD"
        )
    if opts.diff or any(f.carrier for f in pack.files):
        return
    left = f"; {len(pack.excluded)} file(s) left out (see `repoview pack --manifest`)"
    raise NothingToReview(
        f"nothing to review in {Path(opts.path).resolve()}: no file with text to pack"
        + (left if pack.excluded else "")
    )


def plan_review(
    opts: ReviewOptions, model: Model | None = None, ready: Pack | None = None
) -> ReviewPlan:
    """Decide model, strategy, packs and requests, and estimate every request; send nothing.

    `model` and `ready` (a pack made for that model) let a comparison share one pack.
    """
    started = time.monotonic()
    plan = _plan_review(opts, model, ready)
    plan.planned_s = time.monotonic() - started  # (a report's duration counts the packing)
    return plan


def _plan_review(opts: ReviewOptions, model: Model | None, ready: Pack | None) -> ReviewPlan:
    chosen = _validate(opts)
    home = opts.home or default_home()
    if model is None:
        model, ready = _choose_model(opts, registry(opts.models))
    base_url = _base_url(opts, model)
    body = _body(model, reserve_for(model), opts.task, opts.stream, base_url)
    cache = TokenCache(home / "cache" / "tokens.sqlite")
    counter = TokenCounter("o200k_base", cache)
    if opts.diff:  # a new change is counted: build the tokenizer beside the packing
        counter.prefetch()
    try:
        if chosen == "map-reduce":
            return _plan_parts(opts, model, base_url, body, counter, home)
        single = _plan_single(opts, model, base_url, dict(body), counter, home, ready)
        if chosen == "auto":
            return _auto(single, opts, model, base_url, body, counter, home)
        return single
    finally:
        cache.close()


def _plan_single(
    opts: ReviewOptions,
    model: Model,
    base_url: str,
    body: dict[str, Any],
    counter: TokenCounter,
    home: Path,
    ready: Pack | None,
) -> ReviewPlan:
    budget = budget_for(model)  # what one request may carry
    reserve = reserve_for(model)
    room = tool_room(model, opts.limits) if opts.tools else 0
    rounds = opts.limits.rounds if opts.tools else 0
    # The request carries more than the pack: the system text, the task, the tools.
    # The pack gets the budget less that, so the whole request stays in the window.
    bare = build_messages(
        "", opts.task, Path(opts.path).resolve(), home, opts.diff, opts.prompts_rev
    )
    around = body_tokens(
        {**body, "tools": TOOLS if opts.tools else None, "messages": bare}, counter.count
    )
    # --budget caps the pack itself, within what the request leaves for it.
    pack_budget = min(opts.budget or budget, budget - around)
    # The tool answers take what the window holds beside the pack first: only what it lacks
    # is kept from the pack (a --budget of 20k on a 128k model kept 10k of it).
    beside = budget - around - pack_budget
    spare = max(room + rounds * TOOL_CALL_OVERHEAD - beside, 0) if room else 0
    pack = (
        ready
        if ready is not None and ready.total_tokens <= pack_budget
        else build_pack(_pack_options(opts, pack_budget, spare))
    )
    _something_to_review(pack, opts)
    tools = opts.tools and any(f.carrier and f.mode != "full" for f in pack.files)
    root = Path(pack.root)
    messages = build_messages(pack.output, opts.task, root, home, opts.diff, opts.prompts_rev)
    body["messages"] = messages
    # The pack's count is exact already: only the texts around it are counted, so a
    # warm review never loads the tokenizer for the pack itself (2 tokens of slack for
    # the seam between the pack and the task).
    known = {
        messages[1]["content"]: pack.total_tokens
        + counter.count(messages[1]["content"][len(pack.output) :])
        + 2
    }
    first = body_tokens(
        {**body, "tools": TOOLS if tools else None}, lambda t: known.get(t) or counter.count(t)
    )
    requests = [RequestEstimate("review", first, reserve)]
    for r in range(1, rounds + 1 if tools else 1):
        grown = first + room + r * TOOL_CALL_OVERHEAD  # all tool answers are bounded by room
        requests.append(RequestEstimate(f"after round {r}", grown, reserve, optional=True))
    plan = ReviewPlan(
        opts.task,
        model,
        base_url,
        "single",
        pack,
        budget,
        reserve,
        body,
        requests,
        tools,
        room if tools else 0,
        diff=opts.diff,
        known=known,
        text_tokens=around,
        asked=opts.budget if opts.budget is not None and beside > 0 else None,
    )
    if opts.budget is not None and opts.budget > budget - around:
        plan.notes.append(
            f"--budget {opts.budget:,} is more than a request to {model.name} has room for: "
            f"the pack gets at most {budget - around:,}"
        )
    return plan


def _primary(f: PackedFile) -> bool:
    """What a pack reads first, whatever the task: source, the README and the manifest
    (tests, docs, examples and data weigh less: `plan.weight`)."""
    return f.role == "source" or is_readme(f.path) or is_manifest(f.path)


def _shown(pack: Pack) -> float:
    """The share of the primary files' text (characters) that `pack` carries in full."""
    files = [f for f in pack.files if f.carrier]
    primary = [f for f in files if _primary(f)] or files
    whole = sum(len(f.full_text) for f in primary)
    return sum(len(f.full_text) for f in primary if f.mode == "full") / max(whole, 1)


def _visible(pack: Pack) -> float:
    """The share of the primary files `pack` gives any text (full, outline or signatures)."""
    files = [f for f in pack.files if f.carrier]
    primary = [f for f in files if _primary(f)] or files
    return sum(1 for f in primary if f.mode != "listed") / max(len(primary), 1)


_CHARS_PER_TOKEN = 10  # more than any source text averages (code: about 4)


def _auto(
    single: ReviewPlan,
    opts: ReviewOptions,
    model: Model,
    base_url: str,
    body: dict[str, Any],
    counter: TokenCounter,
    home: Path,
) -> ReviewPlan:
    """`--strategy auto`: the single plan, or map-reduce when one request would show only
    a small part of the source and the parts stay few; the plan says which and why."""
    shown = _shown(single.pack)
    said = f"one request shows {shown:.0%} of the source's text in full"
    if opts.diff:
        single.notes.append("auto chose single: a change is carried whole in one request")
        return single
    if opts.budget is not None and opts.budget < budget_for(model):
        # The user sized the one request (or a comparison of models sized them all alike):
        # what it leaves out says nothing of what the window would show.
        single.notes.append(f"auto chose single: --budget {opts.budget:,} sets the request's size")
        return single
    if shown >= AUTO_SHOWN:
        single.notes.append(f"auto chose single: {said} (map-reduce under {AUTO_SHOWN:.0%})")
        return single
    visible = _visible(single.pack)
    if (opts.focus or FOCUS.get(opts.task)) == "breadth" and visible >= AUTO_VISIBLE:
        single.notes.append(
            f"auto chose single: one request shows {visible:.0%} of the source files, at least "
            f"their signatures ({shown:.0%} of their text in full), and {opts.task} reviews "
            f"how they fit together (map-reduce under {AUTO_VISIBLE:.0%})"
        )
        return single
    # Parts are planned from the whole repository's pack, which takes long where it is large:
    # when even a part filled to the window's edge with text of ten characters a token
    # would leave more parts than auto takes, that settles it.
    focus = opts.focus or FOCUS.get(opts.task, "depth")
    reviewed, _ = _part_files([f for f in single.pack.files if f.carrier], focus)
    least = -(-sum(len(f.full_text) for f in reviewed) // (_CHARS_PER_TOKEN * budget_for(model)))
    if least > AUTO_MAX_PARTS:
        single.notes.append(
            f"auto chose single: {said}, but map-reduce would take at least {least} parts (auto "
            f"takes at most {AUTO_MAX_PARTS}; --strategy map-reduce sends them, or use a larger "
            "window)"
        )
        return single
    try:
        parts = _plan_parts(opts, model, base_url, body, counter, home)
    except BudgetError:
        single.notes.append(f"auto chose single: {said}, and the window is too small for parts")
        return single
    n = len(parts.parts)
    if n > AUTO_MAX_PARTS:
        single.notes.append(
            f"auto chose single: {said}, but map-reduce would take {n} parts (auto takes at "
            f"most {AUTO_MAX_PARTS}; --strategy map-reduce sends them, or use a larger window)"
        )
        return single
    parts.notes.insert(
        0,
        f"auto chose map-reduce: {said}; {n} part{'' if n == 1 else 's'} show all of it "
        f"(single from {AUTO_SHOWN:.0%}, map-reduce up to {AUTO_MAX_PARTS} parts)",
    )
    return parts


def _part_files(
    carriers: list[PackedFile], focus: str
) -> tuple[list[PackedFile], list[PackedFile]]:
    """The files the parts carry, and those they leave out. Depth (bugs) reads the source:
    tests, docs, examples and data, which its single pack reads last, stay in the map only;
    breadth reads every file."""
    kept = [f for f in carriers if _primary(f)]
    if focus != "depth" or not kept:
        return carriers, []
    return kept, [f for f in carriers if not _primary(f)]


def _left_note(left: list[PackedFile], focus: str) -> str:
    by_role: dict[str, list[int]] = {}
    for f in left:
        n, t = by_role.get(f.role, [0, 0])
        by_role[f.role] = [n + 1, t + f.tokens]
    said = ", ".join(
        f"{n:,} {role} file{'' if n == 1 else 's'} ({t:,} tokens)"
        for role, (n, t) in sorted(by_role.items(), key=lambda kv: -kv[1][1])
    )
    return (
        f"left out of the parts ({focus} focus reads the source): {said}; the map still "
        "covers them, as outlines, files or folders as its room allows "
        '(focus = "breadth" in [review] puts them in parts)'
    )


def _plan_parts(
    opts: ReviewOptions,
    model: Model,
    base_url: str,
    body: dict[str, Any],
    counter: TokenCounter,
    home: Path,
) -> ReviewPlan:
    full = build_pack(_pack_options(opts, None))
    _something_to_review(full, opts)
    limit = budget_for(model)  # every request's input: the window less reserve and margin
    root = Path(full.root)
    system = task_text("system", root, home, opts.prompts_rev).strip()
    task = instructions(opts.task, root, home, opts.diff, opts.prompts_rev)
    carriers = [f for f in full.files if f.carrier]
    # A change under review goes to every part, as the single request carries it.
    found = re.search(r"<change range=.*?</change>\n", full.output, re.S)
    change = found.group(0) if found else ""
    focus = opts.focus or FOCUS.get(opts.task, "depth")
    reviewed, left = _part_files(carriers, focus)
    content = sum(f.tokens for f in reviewed)
    change_tokens = counter.count(change) if change else 0
    # Every part carries the map: a richer map means more parts, and one more copy each.
    around = counter.count(system) + counter.count(task) + change_tokens + 32 + 100

    def worth(tokens: int) -> bool:
        per_part = limit - around - tokens
        if per_part < MIN_PART:
            return False
        return -(-content // per_part) * tokens <= MAP_REPEATS * content

    room = int(limit * SIGNATURES_SHARE) - change_tokens
    shared = change + signatures_map(full.name, carriers, max(room, 0), counter, worth)
    fixed = counter.count(system) + counter.count(shared) + counter.count(task) + 32
    slices = plan_slices(reviewed, shared, limit, fixed, counter)
    n = len(slices)
    requests = []
    for s in slices:
        messages = part_messages(system, shared, s, n, task)
        requests.append(
            RequestEstimate(
                f"part {s.index}/{n}",
                body_tokens({"messages": messages}, counter.count),
                body["max_tokens"],
            )
        )
    merge_floor = 0  # (no merge: one part is the whole review)
    if n > 1:  # one part is the whole review: its answer is the report
        tree = counter.count(merge_tree(full.name, carriers))
        merge_fixed = fixed - counter.count(shared) + tree + MERGE_OVERHEAD
        merge_in = min(limit, merge_fixed + n * body["max_tokens"])
        requests.append(RequestEstimate("merge", merge_in, body["max_tokens"]))
        merge_floor = min(merge_in, merge_fixed + n * MERGE_PART_FLOOR)
    plan = ReviewPlan(
        opts.task,
        model,
        base_url,
        "map-reduce",
        full,
        limit,
        body["max_tokens"],
        dict(body),  # streamed as a single review is: a part of 100k tokens takes minutes
        requests,
        parts=slices,
        signatures_tokens=counter.count(shared),
        diff=opts.diff,
        shared=shared,
        system=system,
        instructions=task,
        merge_floor=merge_floor,
    )
    if n == 1:
        plan.notes.append("one part holds every file: its answer is the report (no merge request)")
    if left:
        plan.notes.append(_left_note(left, focus))
    return plan


def check_cost(plan: ReviewPlan, opts: ReviewOptions) -> None:
    """The guards: --max-cost (which may also drop optional tool rounds), then a question
    above `confirm_above` when someone can answer it."""
    if opts.max_cost is not None:
        if plan.cost is None:
            raise CostLimitError(
                f"--max-cost needs a price and {plan.model.name} has none; set input_price "
                f"and output_price under [models.{plan.model.name}], or drop --max-cost"
            )
        dropped = 0
        while plan.cost > opts.max_cost and plan.requests[-1].optional:
            plan.requests.pop()  # fewer tool rounds keep the review within the limit
            dropped += 1
        if plan.cost > opts.max_cost and plan.merge_floor:
            _cap_merge(plan, opts.max_cost)
        if plan.cost > opts.max_cost:
            # (the estimate printed before counted the tool rounds this one goes without)
            rounds = "tool round" if dropped == 1 else "tool rounds"
            without = f" without its {dropped} {rounds}" if dropped else ""
            raise CostLimitError(
                f"estimated cost{without} ${plan.cost:.4f} is above --max-cost "
                f"${opts.max_cost:.4f}; raise it, use a cheaper --model, or a smaller --budget"
            )
    asks = opts.confirm is not None and plan.cost is not None and plan.cost > opts.confirm_above
    if asks and opts.confirm is not None and not opts.confirm(plan):
        raise CostLimitError("not sent: the estimated cost was declined (--yes skips the question)")


def _cap_merge(plan: ReviewPlan, most: float) -> None:
    """The merge's input cut to what keeps the plan within `most` (USD), if its floor does:
    the estimate counts every part answering its whole reserve, which parts seldom do, and
    the merge cuts the parts' reports to fit (`mapreduce._fit`) rather than pass the limit."""
    at = next(i for i, r in enumerate(plan.requests) if r.label == "merge")
    merge = plan.requests[at]

    def fits(tokens: int) -> bool:
        plan.requests[at] = replace(merge, input_tokens=tokens)
        return (plan.cost or 0.0) <= most

    low, high = plan.merge_floor, merge.input_tokens
    if not fits(low):
        plan.requests[at] = merge  # not even the floor fits: the caller refuses
        return
    while low < high:  # the largest input within the limit (cost grows with it)
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(mid) else (low, mid - 1)
    plan.requests[at] = replace(merge, input_tokens=low)
    plan.merge_cap = low
    plan.notes.append(
        f"the merge reads at most {low:,} tokens of the parts' reports and the tree (at most "
        f"{merge.input_tokens:,} if every part answered its whole reserve), to stay within "
        "--max-cost"
    )


def guarded(plan: ReviewPlan, opts: ReviewOptions, say: Say | None = None) -> ReviewPlan:
    """`check_cost`, and when --max-cost took every tool round, the plan without tools: the
    room the pack kept for the model's reads goes back to the pack, if that still costs no
    more than the limit. `say` hears the plan that will run when it changed."""
    rounds = sum(1 for r in plan.requests if r.optional)
    check_cost(plan, opts)
    left = sum(1 for r in plan.requests if r.optional)
    if left == rounds:
        if say is not None and plan.merge_cap:  # (`check_cost` cut the merge's input)
            say(f"review: within --max-cost: {plan.notes[-1]}")
        return plan
    if plan.tools and not left and plan.strategy == "single":
        bare = plan_review(replace(opts, tools=False, strategy="single"), plan.model)
        if bare.cost is not None and opts.max_cost is not None and bare.cost <= opts.max_cost:
            plan = bare
    if say is not None:
        say("review: within --max-cost: " + one_line(plan).removeprefix("review: "))
    return plan


def one_line(plan: ReviewPlan) -> str:
    """The estimate as one stderr line."""
    cost = f"estimated cost at most ${plan.cost:.4f}" if plan.cost is not None else "price unknown"
    first = plan.requests[0]
    if plan.strategy == "map-reduce":
        n = len(plan.parts)
        sizes = ", ".join(f"{r.input_tokens:,}" for r in plan.requests[:n])
        sent = len(plan.requests)
        return (
            f"review: {plan.task} with {plan.model.name} at {plan.base_url}: map-reduce over "
            f"{n} part{'' if n == 1 else 's'} ({sizes} tokens), {sent} "
            f"request{'' if sent == 1 else 's'}{'' if n > 1 else ' (no merge)'}; {cost}"
        )
    more = len(plan.requests) - 1
    return (
        f"review: {plan.task} with {plan.model.name} at {plan.base_url}: "
        f"{first.input_tokens:,} input tokens (pack {plan.pack.total_tokens:,}; "
        f"{plan.budget:,} per request), up to {plan.reserve:,} output"
        + (f"; up to {more} more request(s) if the model reads files" if more else "")
        + f"; {cost}"
    )


def execute(
    plan: ReviewPlan, opts: ReviewOptions, say: Say, progress: Progress | None = None
) -> Report:
    """Send what `plan` says and build the report; records the run when `opts.store`."""
    key = key_for(plan.base_url, opts.env)
    home = opts.home or default_home()
    pack = plan.pack
    report = Report(
        opts.task,
        pack.name,
        Path(pack.root),
        pack.rev,
        plan.model.name,
        plan.base_url,
        plan.strategy,
        diff=opts.diff,
        pack=plan.pack_facts(),
        estimated_cost_usd=plan.cost,
    )
    report.warnings.extend(pack.warnings)  # what the model was not shown (a diff cut to fit)
    # (and what map-reduce's parts leave out: tests and docs, for a bug review)
    report.warnings.extend(n for n in plan.notes if n.startswith("left out of the parts"))
    store = RunStore(home / "runs.sqlite") if opts.store else None
    run_id = (
        store.start(
            str(pack.root), pack.rev, opts.task, plan.model.name, plan.base_url, opts.origin
        )
        if store
        else None
    )
    started = time.monotonic()
    client = _client(opts, _endpoint(opts, plan.model), key, lambda line: say(f"review: {line}"))
    # No SQLite cache here: parts are counted on worker threads, and the texts that are
    # worth caching (the pack) are counted already (`plan.known`).
    # Without --max-cost, attempts most likely billed are retried while what they lost
    # stays within the plan's cost: a provider that drops every answer costs the review
    # twice at most, not once per retry.
    most = opts.max_cost if opts.max_cost is not None else 2 * (plan.cost or 0.0)
    limit = (plan.model, most, plan.cost or 0.0) if plan.cost is not None else None
    meter = Meter(
        client, TokenCounter("o200k_base"), plan.known, limit, implied=opts.max_cost is None
    )
    try:
        _send(plan, opts, meter, report, say, progress)
        _scrub_answer(report, redacted_values(pack))
        if opts.task == "docs" and opts.output_dir is not None:  # (written as scrubbed)
            report.written = write_docs(report.document, opts.output_dir, report.warnings)
        if opts.task == "diff":
            mark_outside_change(report.findings, plan.pack.changed)
    except RepoviewError as exc:
        exc.run_id = run_id  # (its cost, likely billed, is the caller's to count)
        if isinstance(exc, ProviderError) and exc.attempts:
            report.attempts = exc.attempts  # the request that failed, as an answer's are
        if store is not None and run_id is not None:
            report.warnings.append(f"run failed: {exc}")
            _spent(report, meter, plan, started)
            store.finish(
                run_id,
                status="failed",
                error=str(exc),
                input_tokens=report.usage.input_tokens,
                output_tokens=report.usage.output_tokens,
                cached_tokens=report.usage.cached_tokens,
                cost_usd=money(report.cost_usd),
                duration_s=report.duration_s,
                report=json.dumps(report.to_dict()),
            )
            store.close()
        raise
    finally:
        client.close()
    _spent(report, meter, plan, started)
    if store is not None and run_id is not None:
        report.run_id = run_id
        # An answer that is not findings reviewed nothing, and a part that failed left its
        # files unread: the run list says so, as the CLI does, and no SARIF is made of it.
        unread = not report.prose and bool(report.raw)
        data = report.to_dict()
        partial = bool(unreviewed_parts(data))
        store.finish(
            run_id,
            status="not-reviewed" if unread else "partial" if partial else "ok",
            input_tokens=report.usage.input_tokens,
            output_tokens=report.usage.output_tokens,
            cached_tokens=report.usage.cached_tokens,
            cost_usd=money(report.cost_usd),
            duration_s=report.duration_s,
            findings=len(report.findings),
            report=json.dumps(data),
            model=report.model,
        )
        store.close()
    return report


def _spent(report: Report, meter: Meter, plan: ReviewPlan, started: float) -> None:
    """What the run used, into the report: a failed run too, since a prompt the provider
    took is most likely billed."""
    report.duration_s = plan.planned_s + time.monotonic() - started
    report.usage = meter.totals
    requests = meter.totals.requests
    report.cost_usd = meter.totals.cost(plan.model) if requests else None
    unreported = sum(r.estimated and not r.failed for r in requests)
    if unreported:
        report.warnings.append(
            f"the provider reported no usage for {unreported} request(s): their tokens are "
            "repoview's own count"
        )
    if any(r.failed for r in requests):
        report.warnings.append(
            "the input tokens of attempts that failed after the provider took the prompt are "
            "counted as sent (an estimate): they are most likely billed"
        )


def _send(
    plan: ReviewPlan,
    opts: ReviewOptions,
    meter: Meter,
    report: Report,
    say: Say,
    progress: Progress | None,
) -> None:
    pack = plan.pack
    finding_task = opts.task in FINDING_TASKS
    if plan.strategy == "map-reduce":
        text, findings, parts = run_map_reduce(meter, plan, opts.concurrency, say)
        report.parts = [
            {
                "part": r.index,
                "ok": not r.error,
                "error": r.error or None,
                "slice": plan.parts[r.index - 1].label,
            }
            for r in parts
        ]
        failed = [r.index for r in parts if r.error]
        if failed:
            # (which files: the retry lines name no part, and several run at once)
            held = "; ".join(f"part {i}: {plan.parts[i - 1].label}" for i in failed)
            report.warnings.append(
                f"part(s) {', '.join(map(str, failed))} of {len(parts)} could not be reviewed, "
                f"and their files were not: {held}"
            )
        if len(parts) > 1:
            _parts_read(report, parts, plan.reserve, finding_task)
            # Counted on the merged findings, as a single answer's are: a finding two parts
            # both gave is one finding.
            report.warnings.extend(misplaced_warnings(findings))
        if len(parts) == 1:  # its answer is the report: what it lacks is said as a single's
            one = parts[0]
            if one.cut:
                report.warnings.append(
                    f"the answer was cut at {plan.reserve:,} tokens ({CUT_ANSWER})"
                )
            if finding_task:
                report.warnings.extend(one.warnings)
                if not one.parsed:
                    report.raw = one.text if one.text.strip() else "(the answer was empty)"
        if finding_task:
            report.summary, report.findings = text, findings
        else:
            _prose(report, text)
        return
    # Every tool round is a request of the plan; none left (--max-cost took them): no tools.
    rounds = sum(1 for r in plan.requests if r.optional)
    if plan.tools and rounds:
        limits = replace(
            opts.limits,
            rounds=rounds,
            total_tokens=plan.tool_room,
            tokens_per_call=min(opts.limits.tokens_per_call, plan.tool_room),
        )
        # A change's files at its head: the model reads the file the change adds, and the
        # lines it appends, as its findings will cite them.
        box = Toolbox(pack.head_files(), pack.excluded, meter.counter, limits)
        result = run_with_tools(meter, plan.body, box, progress, say)
        report.tools_used = box.used
    else:
        result = meter.chat(plan.body, progress)
    report.model = result.model or report.model
    report.attempts = result.attempts
    report.warnings.extend(result.warnings)
    if result.finish_reason == "length":
        report.warnings.append(f"the answer was cut at {plan.reserve:,} tokens ({CUT_ANSWER})")
    if finding_task:
        parsed = parse_answer(result.text, pack.head_files())  # a change's findings: its lines
        report.summary, report.findings = parsed.summary, parsed.findings
        report.warnings.extend(parsed.warnings)
        if not parsed.parsed:  # kept, and never empty: its presence marks a change not reviewed
            report.raw = parsed.raw if parsed.raw.strip() else "(the answer was empty)"
    else:
        _prose(report, result.text)


def _parts_read(report: Report, parts: list[PartResult], reserve: int, findings: bool) -> None:
    """What the answers of a review in parts lacked, said per part: an answer that was not
    findings gave none (all of them: nothing was reviewed, the answers are kept as a single
    request's would be), and an answer cut at the reserve may have lost some."""
    answered = [r for r in parts if not r.error]
    n = len(parts)
    cut = [str(r.index) for r in answered if r.cut]
    if cut:
        report.warnings.append(
            f"the answer(s) of part(s) {', '.join(cut)} of {n} were cut at {reserve:,} tokens "
            f"({CUT_ANSWER})"
        )
    if not findings:
        return
    unread = [r for r in answered if not r.parsed]
    if not unread:
        return
    report.warnings.append(
        f"the answer(s) of part(s) {', '.join(str(r.index) for r in unread)} of {n} were not "
        "the requested findings JSON: no findings from them"
    )
    if len(unread) == len(answered):
        report.raw = "\n\n".join(
            f"(part {r.index} of {n})\n{r.text.strip() or '(the answer was empty)'}" for r in unread
        )


def _scrub_answer(report: Report, known: Sequence[str] = ()) -> None:
    """The answer's secrets redacted before it is kept, written or posted anywhere: a model
    may quote a key the scan of the pack missed (a format it does not know), or one the
    pack redacted in a file that another file (a test asserting it) shows as it is
    (`known`), and a CI comment is read by everyone who can read the pull request. Said as
    a warning."""
    from .secrets import redact, without_known

    found: set[str] = set()  # (one secret in the summary and in the document is one)

    def clean(text: str) -> str:
        if not text:
            return text
        out, spans = redact(text)
        found.update(text[r.start : r.end] for r in spans)
        out, quoted = without_known(out, known)
        found.update(quoted)
        return out

    report.summary, report.document, report.raw = (
        clean(report.summary),
        clean(report.document),
        clean(report.raw),
    )
    for f in report.findings:
        f.title, f.body = clean(f.title), clean(f.body)
        if f.suggestion:
            f.suggestion = clean(f.suggestion)
    if found:
        report.warnings.append(f"{len(found)} secret(s) the answer quoted were redacted")


def _prose(report: Report, text: str) -> None:
    report.document = text
    first = next(
        (p.strip() for p in text.split("\n\n") if p.strip() and not p.lstrip().startswith("#")), ""
    )
    report.summary = first[:1000]


def run_review(opts: ReviewOptions, say: Say, progress: Progress | None = None) -> ReviewResult:
    """Plan, guard, send, report: what the CLI, the hook, CI and the web report call."""
    plan = plan_review(opts)
    estimate = one_line(plan)
    say(estimate)
    if opts.exact_tokens:
        _exact(plan, opts, say)
    plan = guarded(plan, replace(opts, confirm=None) if opts.dry_run else opts, say)  # no question
    if opts.dry_run:
        return ReviewResult(plan.to_dict(), 0, None, estimate, plan)
    report = execute(plan, opts, say, progress)
    failing, uncounted = weigh(((f.severity, f.flags) for f in report.findings), opts.fail_on)
    if uncounted:
        say("review: " + uncounted_line(uncounted, opts.fail_on, "--fail-on"))
    code = 1 if failing else 0
    data = report.to_dict()
    # As the run store and `runs show` say it: a script reading `-o report.json` tells a
    # review that read part of the repository, or none of it, from one that read it all.
    if not report.prose and report.raw:
        code = UNREAD_EXIT  # the answer could not be read as findings: nothing was reviewed
        data["status"] = "not-reviewed"
    elif unreviewed_parts(data):
        code = UNREAD_EXIT if code == 0 else code  # a part's files were not reviewed: no pass
        data["status"] = "partial"
    else:
        data["status"] = "ok"
    return ReviewResult(data, code, report.run_id, estimate, plan, report)


def _exact(plan: ReviewPlan, opts: ReviewOptions, say: Say) -> None:
    key = _key(opts, plan.base_url)
    if not key:
        return
    # A single request's body is the plan's; each part of a map-reduce has its own messages
    # (the merge's depend on the parts' answers: it keeps its estimate).
    if plan.parts:
        n = len(plan.parts)
        bodies = [
            {
                **plan.body,
                "messages": part_messages(plan.system, plan.shared, s, n, plan.instructions),
            }
            for s in plan.parts
        ]
    else:
        bodies = [plan.body]
    client = _client(opts, _endpoint(opts, plan.model), key)
    try:
        counts = [client.estimate_tokens(body) for body in bodies]
    finally:
        client.close()
    what = f"{sum(counts):,} input tokens" + (f" over {len(counts)} parts" if plan.parts else "")
    say(f"review: the provider counts {what}")
    for i, exact in enumerate(counts):
        plan.requests[i] = replace(
            plan.requests[i], input_tokens=max(exact, plan.requests[i].input_tokens)
        )


def _key(opts: ReviewOptions, base_url: str) -> str | None:
    try:
        return key_for(base_url, opts.env)
    except ConfigError:
        return None


def _client(opts: ReviewOptions, base_url: str, key: str, notice: Say | None = None) -> Client:
    return Client(
        base_url,
        key,
        first_byte_timeout=opts.timeout,
        retries=opts.retries,
        backoff=opts.backoff,
        deadline=opts.deadline,
        notice=notice,
    )
