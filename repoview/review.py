"""`repoview review`: pack, estimate, send, parse, report, store."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .agent import Limits, Toolbox, run_with_tools
from .errors import ConfigError, RepoviewError
from .findings import SEVERITIES, at_or_above, parse_answer
from .llm import Client, api_key_from_env
from .mapreduce import PartResult, map_reduce
from .model import Pack
from .models import MOONSHOT, MOONSHOT_CN, Model, budget_for, find_model, registry, reserve_for
from .pack import PackOptions, build_pack
from .plan import outline_estimate
from .report import finding_dicts
from .store import RunStore
from .tokens import TokenCache, TokenCounter, default_home

__all__ = ["TASKS", "ReviewOptions", "ReviewResult", "run_review"]

TASKS = ("architecture", "docs", "bugs", "diff")
FINDING_TASKS = ("bugs", "diff")
DEFAULT_MODEL = "kimi-k2.6"
BASE_ALIASES = {"moonshot": MOONSHOT, "moonshot-global": MOONSHOT, "moonshot-cn": MOONSHOT_CN}


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
    strategy: str = "auto"  # auto | single | map-reduce
    concurrency: int = 2  # parts reviewed at once in map-reduce
    timeout: float = 900.0  # seconds to wait for the first byte of the answer
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time


@dataclass
class ReviewResult:
    """The report, the exit code it implies, and where it was stored."""

    report: dict[str, Any]
    exit_code: int
    run_id: int | None
    estimate: str


Say = Callable[[str], None]
Progress = Callable[[int, float], None]


def task_text(name: str, root: Path, home: Path) -> str:
    """A task's instructions: `.repoview/tasks/NAME.md` in the repository, then in
    REPOVIEW_HOME/tasks, then the packaged one."""
    for folder in (root / ".repoview" / "tasks", home / "tasks"):
        candidate = folder / f"{name}.md"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return resources.files("repoview.tasks").joinpath(f"{name}.md").read_text(encoding="utf-8")


def _base_url(opts: ReviewOptions, model: Model) -> str:
    base = opts.base_url or opts.env.get("REPOVIEW_BASE_URL") or model.base_url
    return BASE_ALIASES.get(base, base)


def _choose_model(opts: ReviewOptions, table: dict[str, Model]) -> tuple[Model, Pack | None]:
    name = opts.model or opts.env.get("REPOVIEW_MODEL") or DEFAULT_MODEL
    if name != "auto":
        return find_model(name, table), None
    full = build_pack(_pack_options(opts, None))
    base = opts.base_url or opts.env.get("REPOVIEW_BASE_URL") or MOONSHOT
    family = sorted((m for m in table.values() if m.base_url == BASE_ALIASES.get(base, base)),
                    key=lambda m: m.context)  # fmt: skip
    if not family:
        family = sorted(table.values(), key=lambda m: m.context)
    for m in family:
        if full.total_tokens <= budget_for(m):
            return m, full
    return family[-1], None


def _pack_options(opts: ReviewOptions, budget: int | None, spare: int = 0) -> PackOptions:
    return PackOptions(path=opts.path, rev=opts.rev, budget=budget, diff=opts.diff, fmt="xml",
                       home=opts.home, spare=spare)  # fmt: skip


def build_messages(pack: Pack, task: str, opts: ReviewOptions, home: Path) -> list[dict[str, str]]:
    """System text (the same for every task), then the pack, then the task: the prefix that
    repeats across tasks and commits comes first, where providers cache it."""
    root = Path(pack.root)
    instructions = task_text(task, root, home)
    instructions = instructions.replace("{findings_format}", task_text("findings_format", root,
                                                                       home))  # fmt: skip
    instructions = instructions.replace("{diff}", opts.diff or "")
    return [
        {"role": "system", "content": task_text("system", root, home).strip()},
        {"role": "user", "content": pack.output + "\n\n" + instructions.strip()},
    ]


def run_review(opts: ReviewOptions, say: Say, progress: Progress | None = None) -> ReviewResult:
    """Review as `opts` asks; `say` gets the lines a person should read (stderr)."""
    if opts.task not in TASKS:
        raise ConfigError(f"unknown task {opts.task!r}; choose one of: {', '.join(TASKS)}")
    if opts.task == "diff" and not opts.diff:
        raise ConfigError("--task diff needs --diff BASE..HEAD (or --diff BASE)")
    if opts.fail_on and opts.fail_on not in SEVERITIES:
        raise ConfigError(f"unknown severity {opts.fail_on!r}; use one of {', '.join(SEVERITIES)}")
    home = opts.home or default_home()
    table = registry(opts.models)
    model, ready = _choose_model(opts, table)
    if opts.strategy not in ("auto", "single", "map-reduce"):
        raise ConfigError(f"unknown strategy {opts.strategy!r}; use auto, single or map-reduce")
    budget = min(opts.budget or budget_for(model), budget_for(model))
    # When the pack cannot carry every file in full, the model will ask for files and their
    # text joins the request: the fitter then leaves room for it in the window.
    spare = opts.limits.total_tokens if opts.tools and opts.strategy != "map-reduce" else 0
    pack = ready if ready is not None and ready.total_tokens <= budget else build_pack(
        _pack_options(opts, budget, spare))  # fmt: skip
    budget = pack.budget or budget
    tools_room = spare if any(f.carrier and f.mode != "full" for f in pack.files) else 0
    carriers = [f for f in pack.files if f.carrier]
    # Map-reduce when even outlines of everything would not fit (or when asked to). Not for
    # a change: its files and their neighbours fit, and the rest is context (the hook and
    # CI must not turn one review into dozens of requests).
    use_map = opts.strategy == "map-reduce" or (
        opts.strategy == "auto"
        and opts.task != "diff"
        and any(f.mode in ("listed", "signatures") for f in carriers)
        and outline_estimate(carriers) > budget
    )
    use_tools = opts.tools and not use_map and any(f.mode != "full" for f in carriers)
    messages = build_messages(pack, opts.task, opts, home)
    cache = TokenCache(home / "cache" / "tokens.sqlite")
    counter = TokenCounter(pack.encoding, cache)
    # The pack's count is exact already; only the short texts around it are counted (and
    # cached), so a warm review never loads the tokenizer. Message framing: ~4 per message.
    instructions = messages[1]["content"][len(pack.output) :]
    input_tokens = (pack.total_tokens + counter.count(messages[0]["content"])
                    + counter.count(instructions) + 4 * len(messages))  # fmt: skip
    cache.close()
    reserve = reserve_for(model)
    base_url = _base_url(opts, model)
    body: dict[str, Any] = {
        "model": model.name,
        "messages": messages,
        "max_tokens": reserve,
        "temperature": 0.3,
        "stream": opts.stream,
    }
    if opts.task in FINDING_TASKS:
        body["response_format"] = {"type": "json_object"}
    if opts.stream and "moonshot" not in base_url:
        body["stream_options"] = {"include_usage": True}
    cost = model.cost(input_tokens + (tools_room if use_tools else 0), reserve)
    estimate = (
        f"review: {opts.task} with {model.name} at {base_url}: {input_tokens:,} input tokens "
        f"({pack.encoding} estimate; pack {pack.total_tokens:,} of budget {budget:,}), "
        f"up to {reserve:,} output; "
        + (f"estimated cost at most ${cost:.4f}" if cost is not None else "price unknown")
    )
    parts_pack = None
    if use_map:
        system_tokens = input_tokens - pack.total_tokens
        parts_pack = build_pack(PackOptions(
            path=opts.path, rev=opts.rev, diff=opts.diff, fmt="xml", home=opts.home,
            split_tokens=max(budget_for(model) - system_tokens - 64, 1024)))  # fmt: skip
        n = len(parts_pack.parts)
        sizes = [p.tokens + system_tokens + 64 for p in parts_pack.parts]
        input_tokens = sum(sizes) + n * reserve // 2  # the merge reads the partial reports
        cost = model.cost(input_tokens, reserve * (n + 1))
        estimate = (
            f"review: {opts.task} with {model.name} at {base_url}: the repository does not fit "
            f"one request even as outlines; map-reduce over {n} parts "
            f"({', '.join(f'{t:,}' for t in sizes)} tokens), {n + 1} requests; "
            + (f"estimated cost at most ${cost:.4f}" if cost is not None else "price unknown")
        )  # fmt: skip
    say(estimate)
    if opts.exact_tokens or opts.dry_run:
        key = _key(opts)
        if opts.exact_tokens and key:
            client = _client(opts, base_url, key)
            try:
                exact = client.estimate_tokens(body)
            finally:
                client.close()
            say(f"review: the provider counts {exact:,} input tokens")
            input_tokens = exact
            cost = model.cost(exact, reserve)
    if opts.max_cost is not None and cost is not None and cost > opts.max_cost:
        raise ConfigError(
            f"estimated cost ${cost:.4f} is above --max-cost ${opts.max_cost:.4f}; raise it, "
            "use a cheaper --model, or a smaller budget"
        )
    report: dict[str, Any] = {
        "repository": pack.name, "root": str(pack.root), "rev": pack.rev, "task": opts.task,
        "model": model.name, "base_url": base_url, "diff": opts.diff,
        "pack": {"tokens": pack.total_tokens, "budget": budget,
                 "files": {mode: sum(1 for f in pack.files if f.mode == mode)
                           for mode in ("full", "compressed", "listed")}},
    }  # fmt: skip
    if opts.dry_run:
        report.update(status="dry-run", estimated_input_tokens=input_tokens,
                      estimated_cost_usd=cost, findings=[], summary="")  # fmt: skip
        return ReviewResult(report, 0, None, estimate)
    key = api_key_from_env(opts.env)
    store = RunStore(home / "runs.sqlite")
    run_id = store.start(str(pack.root), pack.rev, opts.task, model.name, base_url)
    started = time.monotonic()
    client = _client(opts, base_url, key)
    box: Toolbox | None = None
    parts: list[PartResult] = []
    try:
        if parts_pack is not None:
            system = messages[0]["content"]
            fmt = task_text("findings_format", Path(pack.root), home) if (
                opts.task in FINDING_TASKS) else "Answer in Markdown."  # fmt: skip
            result, parts = map_reduce(client, body, parts_pack, system, instructions.strip(),
                                       fmt, opts.concurrency, say,
                                       opts.task in FINDING_TASKS)  # fmt: skip
        elif use_tools:
            box = Toolbox(pack.files, pack.excluded, counter, opts.limits)
            result = run_with_tools(client, body, box, progress, say)
        else:
            result = client.chat(body, progress)
    except RepoviewError as exc:
        store.finish(run_id, status="failed", error=str(exc),
                     duration_s=time.monotonic() - started)  # fmt: skip
        store.close()
        raise
    finally:
        client.close()
    duration = time.monotonic() - started
    usage = result.usage
    report["model"] = result.model or model.name
    report["usage"] = {
        "input_tokens": usage.prompt_tokens if usage else input_tokens,
        "output_tokens": usage.completion_tokens
        if usage
        else TokenCounter(pack.encoding).count(result.text),
        "cached_tokens": usage.cached_tokens if usage else 0,
        "reported_by_provider": usage is not None,
    }
    report["cost_usd"] = model.cost(report["usage"]["input_tokens"],
                                    report["usage"]["output_tokens"],
                                    report["usage"]["cached_tokens"])  # fmt: skip
    report["duration_s"] = round(duration, 3)
    report["attempts"] = result.attempts
    warnings: list[str] = []
    if result.finish_reason == "length":
        warnings.append(f"the answer was cut at {reserve:,} tokens (finish_reason=length)")
    _fill(report, opts, result.text, pack, warnings)
    if box is not None:
        report["tools_used"] = box.used
    if parts_pack is not None:
        report["strategy"] = "map-reduce"
        report["parts"] = [{"part": r.index, "ok": not r.error, "error": r.error or None}
                           for r in parts]  # fmt: skip
        failed = [str(r.index) for r in parts if r.error]
        if failed:
            warnings.append(f"part(s) {', '.join(failed)} of {len(parts)} could not be reviewed")
    report["warnings"] = warnings + report.get("warnings", [])
    fail_on = opts.fail_on
    failing = [f for f in report["findings"] if fail_on and at_or_above(f["severity"], fail_on)]
    store.finish(
        run_id, status="ok", input_tokens=report["usage"]["input_tokens"],
        output_tokens=report["usage"]["output_tokens"],
        cached_tokens=report["usage"]["cached_tokens"], cost_usd=report["cost_usd"],
        duration_s=duration, findings=len(report["findings"]), report=json.dumps(report),
        model=report["model"],
    )  # fmt: skip
    store.close()
    report["run_id"] = run_id
    return ReviewResult(report, 1 if failing else 0, run_id, estimate)


def _fill(report: dict[str, Any], opts: ReviewOptions, text: str, pack: Pack,
          warnings: list[str]) -> None:  # fmt: skip
    if opts.task in FINDING_TASKS:
        parsed = parse_answer(text, pack.files)
        report["summary"] = parsed.summary
        report["findings"] = finding_dicts(parsed.findings)
        warnings.extend(parsed.warnings)
        if not parsed.parsed:
            report["raw"] = parsed.raw
        return
    report["findings"] = []
    report["document"] = text
    first = next((p.strip() for p in text.split("\n\n") if p.strip() and not
                  p.lstrip().startswith("#")), "")  # fmt: skip
    report["summary"] = first[:1000]
    if opts.task == "docs" and opts.output_dir is not None:
        report["written"] = write_docs(text, opts.output_dir, warnings)


def write_docs(text: str, out: Path, warnings: list[str]) -> list[str]:
    """Split `=== FILE: path ===` sections into files under `out`; refuse paths that escape."""
    written: list[str] = []
    current: str | None = None
    buf: list[str] = []
    sections: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("=== FILE:") and line.rstrip().endswith("==="):
            if current is not None:
                sections.append((current, "\n".join(buf).strip() + "\n"))
            current = line[len("=== FILE:") :].rstrip("= ").strip()
            buf = []
        elif current is not None:
            buf.append(line)
    if current is not None:
        sections.append((current, "\n".join(buf).strip() + "\n"))
    if not sections:
        sections = [("docs/overview.md", text.strip() + "\n")]
        warnings.append("the answer named no files; wrote it all to docs/overview.md")
    root = out.resolve()
    for rel, content in sections:
        target = (root / rel).resolve()
        if not str(target).startswith(str(root) + os.sep):
            warnings.append(f"skipped {rel!r}: outside the output folder")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        written.append(str(target))
    return written


def _key(opts: ReviewOptions) -> str | None:
    try:
        return api_key_from_env(opts.env)
    except ConfigError:
        return None


def _client(opts: ReviewOptions, base_url: str, key: str) -> Client:
    return Client(base_url, key, first_byte_timeout=opts.timeout, retries=opts.retries,
                  backoff=opts.backoff)  # fmt: skip
