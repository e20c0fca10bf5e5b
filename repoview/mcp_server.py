"""`repoview mcp`: budgeted packs, file reads, search, estimates and reviews for coding agents,
served over the Model Context Protocol on stdio.

Only JSON-RPC may reach stdout here: every message for a person goes to stderr or into a
tool's answer.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError

from . import __version__
from .errors import ConfigError, RepoviewError
from .gitutil import locate
from .manifest import manifest
from .model import Pack
from .options import pack_options, review_options
from .packer import build_pack
from .registry import budget_for, find_model, registry, reserve_for
from .report import render_report
from .reviewer import TASKS, run_review
from .store import RunStore
from .tokens import TokenCounter, default_home
from .toolloop import Limits, Toolbox
from .usage import estimated_cost

__all__ = ["ServerSettings", "create_server", "serve", "served_roots"]

INSTRUCTIONS = """repoview packs a repository into one prompt within a token budget (files
ranked, the rest outlined or listed, secrets redacted). Call `pack` first (a budget or a
model); when the pack is large you get a handle and the files it shows (path, tier,
tokens; every file's tier, role and imports are the resource repoview://packs/{handle}/
manifest): read what you need with `read_file` and `search` on that handle. `estimate`
gives tokens and cost per model; `review` asks a long-context model (within the cost
limit this server was started with); `findings` returns the last review's findings for a
repository."""


@dataclass
class ServerSettings:
    """What `repoview mcp` was started with."""

    max_cost: float | None = None  # USD per review; None: the review tool is off
    inline_tokens: int = 25_000  # packs up to this size come back whole
    keep_packs: int = 8  # packs kept in memory for read_file/search
    home: Path | None = None
    base_url: str | None = None
    models: dict[str, Any] = field(default_factory=dict)
    # The folders an agent may have packed, read and reviewed: the repository the server
    # serves and the roots it was given. An agent calls the tools on its own, so a path
    # anywhere else (/etc, ~/.ssh) is refused rather than packed and read back.
    roots: tuple[Path, ...] = ()


class _Packs:
    """The last few packs by handle, so read_file/search answer from what was packed.

    A client may send `read_file` right behind the `pack` it reads (tools answer
    concurrently): asked for the last pack, or for one it does not know yet, `get` waits
    for the packs being made."""

    WAIT = 900.0  # seconds a read waits for packs being made

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._made = 0
        self._packs: OrderedDict[str, tuple[Pack, Toolbox]] = OrderedDict()
        self._changed = threading.Condition()
        self._making = 0

    @contextmanager
    def making(self) -> Iterator[None]:
        """Around the making of a pack: reads wait for it."""
        self.begin()
        try:
            yield
        finally:
            self.end()

    def begin(self) -> None:
        """A pack is asked for (from the moment its request is read, in the order requests
        come: the tool itself starts in a thread of its own, perhaps after a read sent
        behind it)."""
        with self._changed:
            self._making += 1

    def end(self) -> None:
        with self._changed:
            self._making -= 1
            self._changed.notify_all()

    def add(self, pack: Pack, counter: TokenCounter, per_call: int) -> str:
        self._made += 1
        handle = f"p{self._made}-{(pack.rev or 'worktree')[:8]}"
        box = Toolbox(
            pack.files,
            pack.excluded,
            counter,
            Limits(calls=1 << 30, tokens_per_call=per_call, total_tokens=1 << 60),
        )
        with self._changed:
            self._packs[handle] = (pack, box)
            while len(self._packs) > self.keep:
                self._packs.popitem(last=False)
        return handle

    def get(self, handle: str | None) -> tuple[str, Pack, Toolbox]:
        with self._changed:
            self._changed.wait_for(
                lambda: not self._making or (handle is not None and handle in self._packs),
                timeout=self.WAIT,
            )
        if not self._packs:
            raise ToolError("no pack yet: call `pack` first")
        if handle is None:
            handle = next(reversed(self._packs))
        if handle not in self._packs:
            raise ToolError(f"no pack {handle!r}; known: {', '.join(self._packs)}")
        pack, box = self._packs[handle]
        return handle, pack, box


def _where(
    path: str, ref: str | None, home: Path, roots: tuple[Path, ...]
) -> tuple[Path, str | None]:
    from .remote import fetch_remote, is_remote

    if is_remote(path):
        if path.startswith("file://"):  # a folder of this machine all the same
            url = urlsplit(path)
            # git reads the whole of what follows `file://` as a path, percent-escapes
            # decoded (`file://%2Fetc` is /etc), a `?` or `#` in it too: only a plain
            # `file:///path` (or `file://localhost/path`) is checked and taken.
            if url.netloc not in ("", "localhost"):
                raise ConfigError(
                    f"{path}: a file:// URL takes no host here; give the folder as file:///path"
                )
            if url.query or url.fragment or "?" in path or "#" in path:
                raise ConfigError(
                    f"{path}: `?` and `#` are not taken in a file:// URL; give the folder as "
                    "file:///path, or as a plain path"
                )
            # Checked and fetched would agree, but a slash hidden as %2F reads as one
            # folder name to a person and as two to git: take only slashes written out.
            if re.search(r"%2f", url.path, re.IGNORECASE):
                raise ConfigError(
                    f"{path}: a percent-escaped slash (%2F) is not taken in a file:// URL; "
                    "write its slashes out, as file:///path"
                )
            _repository(Path(unquote(url.path)), roots, home)
        checkout = fetch_remote(path, ref, home)
        return checkout.path, checkout.rev
    return _repository(Path(path), roots, home), ref  # a local one: `ref` is a revision of it


def _repository(path: str | Path, roots: tuple[Path, ...], home: Path) -> Path:
    """`_allowed`, and a git repository's: a root serves the repositories inside it, not
    every folder (its own notes, a configuration), nor repoview's home (remote caches'
    settings and hooks)."""
    real = _allowed(Path(path), roots)
    if real.is_relative_to(home.expanduser().resolve()):
        raise ConfigError(f"{path} is repoview's own data folder, not a repository it serves")
    if not locate(real).is_git:
        served = ", ".join(str(r) for r in roots)
        raise ConfigError(f"{path} is in no git repository: this server serves those in {served}")
    return real


def _allowed(path: Path, roots: tuple[Path, ...]) -> Path:
    """`path` when it lies inside one of `roots` (links followed first), else a clear error."""
    try:
        real = path.expanduser().resolve()
    except (OSError, RuntimeError):
        raise ConfigError(f"cannot read {path}") from None
    if any(real.is_relative_to(r) for r in roots):
        return real
    if not roots:
        raise ConfigError(
            f"{path} is not served: this server serves no folder (it was started outside a "
            "git repository); start it with `repoview mcp --root DIR`, or in the repository"
        )
    served = ", ".join(str(r) for r in roots)
    raise ConfigError(
        f"{path} is outside the folders this server serves ({served}); "
        "start it with `repoview mcp --root DIR` to serve another"
    )


def served_roots(start: Path, extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The git work tree `start` is in (if any), then each folder of `extra`, resolved."""
    roots: list[Path] = []
    try:
        info = locate(start)
    except RepoviewError:
        info = None
    if info is not None and info.is_git:
        roots.append((info.toplevel or info.path).resolve())
    roots.extend(p.expanduser().resolve() for p in extra)
    return tuple(dict.fromkeys(roots))


class _Server(MCPServer):
    """The SDK's server, refusing arguments a tool does not take: dropped silently, a
    misspelt `pack` read the last pack, and a misspelt `budget` packed with none."""

    packs: _Packs | None = None  # reads wait for the packs asked for before them

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        tool = self._tool_manager.get_tool(name)
        if tool is not None:
            known = tool.parameters.get("properties", {})
            unknown = sorted(set(arguments) - set(known))
            if unknown:
                raise ToolError(
                    f"{name} takes no argument {', '.join(map(repr, unknown))}; its arguments: "
                    + ", ".join(known)
                )
        return await super().call_tool(name, arguments, context)

    async def run_stdio_async(self) -> None:
        """The SDK's stdio loop, answering a line that is not a JSON-RPC message (the SDK
        drops it, and the client waits for ever for an answer to a request it mangled)."""
        from mcp.server.stdio import stdio_server

        try:
            async with stdio_server() as (read_stream, write_stream):
                answered = _Answered(write_stream, self.packs)
                await self._lowlevel_server.run(
                    _Answering(read_stream, answered),
                    answered,
                    self._lowlevel_server.create_initialization_options(),
                )
        except* (BrokenPipeError, anyio.BrokenResourceError):
            pass  # the client closed its end of stdout: nobody is left to answer


_CANCELLED = "notifications/cancelled"


def _message(item: Any) -> Any:
    """The JSON-RPC message a stream item carries (wrapped in a `JSONRPCMessage` or not)."""
    message = getattr(item, "message", None)
    return getattr(message, "root", message)


def _reader_gone(stream: Any) -> bool:
    """Whether the reading end of `stream` (a pipe) is closed: the client left altogether,
    and requests still running would answer nobody (a review would be paid for nothing)."""
    import select

    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(ev & (select.POLLERR | select.POLLHUP) for _, ev in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # (no poll, or not a file: keep answering)
        return False


class _Answered:
    """The stdio write stream, keeping count of the requests still to answer: when the
    client closes stdin after its last request (`... | repoview mcp`), the server answers
    them before it stops, as the SDK alone did not (it stopped with them running)."""

    def __init__(self, inner: Any, packs: _Packs | None = None) -> None:
        self._inner = inner
        self.pending: set[str | int] = set()
        self._done = anyio.Event()
        self._packs = packs
        self._packing: set[str | int] = set()  # `pack` calls read and not yet answered

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def asked(self, ident: str | int, packing: bool = False) -> None:
        self.pending.add(ident)
        if packing and self._packs is not None and ident not in self._packing:
            self._packing.add(ident)
            self._packs.begin()

    def settled(self, ident: Any) -> None:
        """A request answered, or cancelled by the client (MCP: no answer then)."""
        self.pending.discard(ident)
        if ident in self._packing and self._packs is not None:
            self._packing.discard(ident)
            self._packs.end()
        if not self.pending:
            self._done.set()

    async def send(self, item: Any) -> None:
        await self._inner.send(item)
        root = _message(item)
        if type(root).__name__ in ("JSONRPCResponse", "JSONRPCError"):
            self.settled(getattr(root, "id", None))

    async def drained(self) -> None:
        """Return once every request read is answered."""
        while self.pending:
            self._done = anyio.Event()
            await self._done.wait()

    async def __aenter__(self) -> _Answered:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._inner.__aexit__(*exc)


class _Answering:
    """A stdio read stream that answers what the transport could not read with JSON-RPC's
    error (JSON-RPC 2.0: -32700 for text that is not JSON, with no id; -32600 for JSON that
    is not a request, with its id when it has one), skips blank lines, and passes the rest
    on as it comes: no stream or task of its own, so requests still pending when the client
    closes stdin are answered as before."""

    def __init__(self, inner: Any, write: Any) -> None:
        self._inner = inner
        self._write = write

    def __getattr__(self, name: str) -> Any:  # (`last_context`, ...)
        return getattr(self._inner, name)

    async def receive(self) -> Any:
        while True:
            item = await self._inner.receive()
            if not isinstance(item, Exception):
                root = _message(item)
                if isinstance(self._write, _Answered):
                    kind = type(root).__name__
                    if kind == "JSONRPCRequest":
                        called = (root.params or {}).get("name")
                        self._write.asked(root.id, root.method == "tools/call" and called == "pack")
                    elif kind == "JSONRPCNotification" and root.method == _CANCELLED:
                        self._write.settled((root.params or {}).get("requestId"))
                return item
            await self._answer(item)

    async def _answer(self, exc: Exception) -> None:
        from mcp.shared.message import SessionMessage
        from mcp.types import ErrorData, JSONRPCError

        errors: list[dict[str, Any]] = getattr(exc, "errors", lambda: [])()
        asked: str | int | None = None
        if any(e.get("type") == "json_invalid" for e in errors):
            if all(isinstance(e.get("input"), str) and not e["input"].strip() for e in errors):
                return  # a blank line between messages: nothing was asked
            code, text = -32700, "Parse error"
        else:
            # JSON that is no request: answered with its id when it has a usable one (the
            # client waits on that id)
            code, text = -32600, "Invalid Request"
            for e in errors:
                given = e.get("input")
                ident = given.get("id") if isinstance(given, dict) else None
                if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                    asked = ident
                    break
        error = JSONRPCError(jsonrpc="2.0", id=asked, error=ErrorData(code=code, message=text))
        await self._write.send(SessionMessage(error))

    async def aclose(self) -> None:
        await self._inner.aclose()

    def __aiter__(self) -> _Answering:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            if isinstance(self._write, _Answered) and not _reader_gone(sys.stdout):
                await self._write.drained()  # (stdin closed: answer what was asked first)
            raise StopAsyncIteration from None

    async def __aenter__(self) -> _Answering:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._inner.__aexit__(*exc)


def create_server(settings: ServerSettings) -> MCPServer:
    """The MCP server with repoview's tools and resources."""
    from .setting_values import parse_budget
    from .settings import resolve

    def settings_for(root: Path) -> Any:
        # Each repository's own settings, resolved as the CLI resolves them (a repository
        # cannot move the endpoint or switch the secret scan off here either).
        info = locate(root)
        return resolve(info.toplevel or info.path, {"base_url": settings.base_url})

    home = settings.home or default_home()
    packs = _Packs(settings.keep_packs)
    # (warnings only on stderr: at INFO the SDK logged every tool error, which the client
    # gets as its answer, and every request to the provider)
    srv = _Server("repoview", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    srv.packs = packs
    # Every tool answers text: a structured copy of it would send each answer twice.
    tool = srv.tool(structured_output=False)

    @tool
    def pack(
        path: str = ".",
        budget: int | str | None = None,
        model: str | None = None,
        focus: list[str] | None = None,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        ref: str | None = None,
    ) -> str:
        """Pack a repository (a local path, a git URL or GitHub owner/repo) into one prompt.

        budget: tokens (200000, 200k, 1m); model: size the budget for this model; focus:
        globs of files to carry in full first; include/exclude: globs; ref: branch, tag or
        commit. Small packs come back whole; larger ones as a handle plus the files shown
        (path, tier, tokens), to read with read_file and search; the manifest is the
        resource repoview://packs/{handle}/manifest.
        """
        try:
            with packs.making():
                return _pack(path, budget, model, focus, include, exclude, ref)
        except RepoviewError as exc:
            raise ToolError(_for_pack(str(exc))) from None

    def _pack(
        path: str,
        budget: int | str | None,
        model: str | None,
        focus: list[str] | None,
        include: list[str] | None,
        exclude: list[str] | None,
        ref: str | None,
    ) -> str:
        try:
            root, rev = _where(path, ref, home, settings.roots)
            s = settings_for(root)
            tokens = parse_budget(budget, "budget") if budget not in (None, "") else None
            if model:
                m = find_model(model, registry({**s.models, **settings.models}))
                tokens = tokens or budget_for(m)
            result = build_pack(
                pack_options(
                    s,
                    root,
                    rev=rev,
                    budget=tokens,
                    model=model,
                    fmt="xml",
                    include=include or (),
                    exclude=exclude or (),
                    prefer=tuple(focus or ()),
                    home=settings.home,
                )
            )
        except RepoviewError as exc:
            raise ToolError(_for_pack(str(exc))) from None
        counter = TokenCounter(result.encoding)
        handle = packs.add(result, counter, settings.inline_tokens)
        head = (
            f"pack {handle}: {result.total_tokens:,} tokens"
            + (f" (budget {result.budget:,})" if result.budget else "")
            + f", {len(result.files)} files"
        )
        warnings = "".join(f"\nwarning: {w}" for w in result.warnings)
        if result.total_tokens <= settings.inline_tokens:
            return f"{head}{warnings}\n\n{result.output}"
        said = (
            f"{head}: larger than {settings.inline_tokens:,} tokens, so not shown here. "
            f"Read files with read_file/search (pack={handle!r}); the whole text is the "
            f"resource repoview://packs/{handle}/text, and every file's tier, role and "
            f"imports the resource repoview://packs/{handle}/manifest.{warnings}"
        )
        room = settings.inline_tokens - counter.count(said)
        return said + "\n" + _file_list(result, room, counter)

    @tool
    def read_file(
        path: str,
        start_line: int | None = None,
        end_line: int | None = None,
        pack: str | None = None,
    ) -> str:
        """Read a file of a pack (default: the last one), whole or a line range, with
        secrets redacted as in the pack."""
        _, _, box = packs.get(pack)
        args = {"path": path, "start_line": start_line, "end_line": end_line}
        return _answer(box.call("read_file", json.dumps(args)))

    @tool
    def search(pattern: str, pack: str | None = None) -> str:
        """Search every file of a pack (default: the last one) with a regular expression;
        matching lines come back as path:line: text."""
        _, _, box = packs.get(pack)
        return _answer(box.call("search", json.dumps({"pattern": pattern})))

    @tool
    def estimate(
        path: str = ".",
        ref: str | None = None,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
    ) -> str:
        """Tokens of the whole repository and, per model, whether it fits and the most one
        request would cost (USD)."""
        try:
            root, rev = _where(path, ref, home, settings.roots)
            s = settings_for(root)
            full = build_pack(
                pack_options(
                    s,
                    root,
                    rev=rev,
                    budget=None,
                    model=None,
                    fmt="xml",
                    include=include or (),
                    exclude=exclude or (),
                    home=settings.home,
                )
            )
            table = registry({**s.models, **settings.models})
        except RepoviewError as exc:
            raise ToolError(str(exc)) from None
        rows = []
        for m in table.values():
            budget = budget_for(m)
            tokens = min(full.total_tokens, budget)
            # The CLI plan's own estimate (tokenizer margin included): the same request
            # is never priced lower here than `review --dry-run` and `--max-cost` price it.
            cost = estimated_cost(m, tokens, reserve_for(m))
            rows.append(
                {
                    "model": m.name,
                    "budget": budget,
                    "fits_in_full": full.total_tokens <= budget,
                    "cost_usd": round(cost, 4) if cost is not None else None,
                }
            )
        return json.dumps(
            {"tokens": full.total_tokens, "files": len(full.files), "models": rows}, indent=1
        )

    @tool
    def review(
        path: str = ".",
        task: str = "bugs",
        model: str | None = None,
        ref: str | None = None,
        diff: str | None = None,
    ) -> str:
        """Review a repository with a long-context model (task: architecture, docs, bugs or
        diff). Refused when the estimate is above the server's cost limit."""
        if settings.max_cost is None:
            raise ToolError("reviews are off: start the server with `repoview mcp --max-cost USD`")
        if task not in TASKS:
            raise ToolError(f"unknown task {task!r}; choose one of: {', '.join(TASKS)}")
        lines: list[str] = []
        try:
            root, rev = _where(path, ref, home, settings.roots)
            s = settings_for(root)
            opts = review_options(
                s,
                "review",
                root,
                task,
                rev=rev,
                diff=diff,
                model=model or s.get("review.model"),
                max_cost=settings.max_cost,
                home=settings.home,
                models={**s.models, **settings.models},
            )
            dry = run_review(replace(opts, dry_run=True), lines.append).report
            if dry.get("estimated_cost_usd") is None:
                raise ConfigError(
                    f"no price for {dry.get('model')}: the cost limit cannot be "
                    "kept; add prices under [models] or choose another model"
                )
            result = run_review(opts, lines.append)
        except RepoviewError as exc:
            raise ToolError(_for_the_tool(str(exc))) from None
        return render_report(result.report, "markdown") + f"\n\n(run {result.run_id})\n"

    @tool
    def findings(path: str = ".") -> str:
        """The findings of the last review of a repository, as JSON."""
        try:
            root = _root(path, home, settings.roots)
        except RepoviewError as exc:
            raise ToolError(str(exc)) from None
        store = RunStore(home / "runs.sqlite")
        try:
            runs = [r for r in store.recent(str(root), 50) if r.report]
        finally:
            store.close()
        if not runs:
            raise ToolError(f"no review of {root} yet: call `review` first")
        data = runs[0].report_data()
        return json.dumps(
            {
                "run": runs[0].id,
                "task": runs[0].task,
                "model": runs[0].model,
                "rev": runs[0].rev,
                "summary": data.get("summary", ""),
                "findings": data.get("findings", []),
            },
            indent=1,
        )

    @srv.resource("repoview://packs/{handle}/manifest", mime_type="application/json")
    def pack_manifest(handle: str) -> str:
        """The manifest of a pack made in this session."""
        try:
            _, result, _ = packs.get(handle)
        except ToolError as exc:
            raise ResourceNotFoundError(str(exc)) from None
        return json.dumps(manifest(result), indent=1)

    @srv.resource("repoview://packs/{handle}/text", mime_type="text/plain")
    def pack_text(handle: str) -> str:
        """The whole text of a pack made in this session."""
        try:
            _, result, _ = packs.get(handle)
        except ToolError as exc:
            raise ResourceNotFoundError(str(exc)) from None
        return result.output

    def _served(repo: str) -> bool:
        """Whether a stored run reviewed a repository this server serves (or fetched)."""
        where = Path(repo)
        return any(where.is_relative_to(r) for r in (*settings.roots, home.resolve()))

    @srv.resource("repoview://runs", mime_type="application/json")
    def runs() -> str:
        """Past reviews from the run store, newest first."""
        store = RunStore(home / "runs.sqlite")
        try:
            rows = [r for r in store.recent(None, 200) if _served(r.repo)][:50]
        finally:
            store.close()
        return json.dumps(
            [
                {
                    "id": r.id,
                    "created": r.created,
                    "repository": r.repo,
                    "rev": r.rev,
                    "task": r.task,
                    "model": r.model,
                    "status": r.status,
                    "findings": r.findings,
                    "cost_usd": r.cost_usd,
                }
                for r in rows
            ],
            indent=1,
        )

    @srv.resource("repoview://runs/{run_id}", mime_type="application/json")
    def run(run_id: str) -> str:
        """One stored review: its report as JSON."""
        store = RunStore(home / "runs.sqlite")
        try:
            row = store.get(int(run_id)) if run_id.isdigit() else None
        finally:
            store.close()
        if row is None or not _served(row.repo):
            raise ResourceNotFoundError(f"no run {run_id}; repoview://runs lists them")
        return json.dumps(row.report_data(), indent=1)

    return srv


def _root(path: str, home: Path, roots: tuple[Path, ...]) -> Path:
    """The root the run store records for `path` (a URL's cache, or the located folder)."""
    from .remote import cache_dir, expand, is_remote

    if is_remote(path):
        return cache_dir(home, expand(path)).resolve()
    return locate(_repository(path, roots, home)).path


def serve(settings: ServerSettings) -> None:
    """Run the server on stdin/stdout until the client closes it."""
    create_server(settings).run("stdio")


def _file_list(pack: Pack, room: int, counter: TokenCounter) -> str:
    """The files a pack shows text of, one `path tier tokens` line each in the pack's
    order, as many as about `room` tokens hold (a manifest inline was 285k tokens for a
    128k pack of a large repository: more than the agent's whole context)."""
    shown = [f for f in pack.files if f.mode != "listed"]
    lines = [f"files with text ({len(shown)}; path, tier, tokens):"]
    used = counter.count(lines[0])
    for i, f in enumerate(shown):
        line = f"{f.path} {f.mode} {f.tokens}"
        used += counter.count(line) + 1
        if used > room - 40:  # (the lines that end the list)
            lines.append(f"... and {len(shown) - i} more (the manifest lists them)")
            break
        lines.append(line)
    listed = len(pack.files) - len(shown)
    if listed:
        lines.append(f"{listed} more files listed by path only (the manifest lists them)")
    return "\n".join(lines)


def _answer(text: str) -> str:
    """A tool box's answer; its "error: ..." (said to a model in a review) is an MCP tool
    error here, so that a client tells a failure from a file's text."""
    if text.startswith("error: "):
        raise ToolError(text.removeprefix("error: "))
    return text


def _for_the_tool(message: str) -> str:
    """A review's error, said with what a client of this tool can change: its `model`
    argument and the configuration's budget (the tool takes no budget)."""
    return message.replace("a cheaper --model", "a cheaper model (the tool's `model`)").replace(
        "a smaller --budget", "a smaller budget (`[review] budget` in the configuration)"
    )


# The CLI's flags in an error, as the `pack` tool's arguments (`use --budget 774 or more`).
_PACK_ARGUMENTS = {"--budget": "`budget`", "--model": "`model`", "--rev": "`ref`"}


def _for_pack(message: str) -> str:
    for flag, argument in _PACK_ARGUMENTS.items():
        message = message.replace(flag, argument)
    return message
