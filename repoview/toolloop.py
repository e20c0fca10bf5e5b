"""Tools for the model: read a file or search the packed revision when the pack had to
leave text out, run as a bounded loop of tool calls."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .findings import clean_path
from .llm import ChatResult
from .model import Excluded, PackedFile
from .prompts import TOOL_LIMIT_REACHED, TOOLS
from .secrets import Redaction, SeenSecrets, apply, find, is_key_file
from .tokens import TokenCounter
from .usage import Meter

__all__ = ["TOOLS", "Limits", "RedactedTexts", "Toolbox", "run_with_tools"]


@dataclass
class Limits:
    """Bounds of the tool loop (all configurable under [review])."""

    calls: int = 20  # tool calls per review
    rounds: int = 3  # requests that may call tools; one more follows without them
    tokens_per_call: int = 8_000  # what one call may return
    total_tokens: int = 60_000  # what all calls together may return
    search_results: int = 50


class RedactedTexts:
    """The files' texts as the tools and the web report show them, redacted as the pack is:
    a file the budget left unscanned is scanned, and every value any file's scan redacts
    is redacted wherever another file shows it (a test asserting a fixture's password), so
    all unscanned files are scanned before the first text is given. Thread-safe."""

    def __init__(self, files: list[PackedFile]) -> None:
        self._files = [f for f in files if f.carrier]
        self._lock = threading.Lock()
        self._seen: SeenSecrets | None = None
        self._found: dict[str, list[Redaction]] = {}
        self._texts: dict[str, tuple[str, int]] = {}

    def _known(self) -> SeenSecrets:
        if self._seen is None:
            seen = SeenSecrets()
            for f in self._files:
                if f.scanned:
                    seen.add(f.redacted_values)
                else:
                    text = f.full_text
                    spans = find(text, f.path, f.role in ("test", "docs"))
                    self._found[f.path] = spans
                    seen.add([text[r.start : r.end] for r in spans])
            self._seen = seen
        return self._seen

    def text(self, f: PackedFile) -> tuple[str, int]:
        """`f`'s text, redacted, and how many values went (its own scan's and those it shows
        of other files')."""
        with self._lock:
            if f.path not in self._texts:
                seen = self._known()
                text, count = f.full_text, f.redactions
                if not f.scanned:
                    spans = self._found.pop(f.path, None)
                    if spans is None:  # (not among the files: scanned on its own)
                        spans = find(text, f.path, f.role in ("test", "docs"))
                    text, count = apply(text, spans), len(spans)
                known = seen.spans(text)
                self._texts[f.path] = (apply(text, known), count + len(known))
            return self._texts[f.path]


@dataclass
class Toolbox:
    """Executes tool calls against the files of one pack, redacted as the pack is."""

    files: list[PackedFile]
    excluded: list[Excluded]
    counter: TokenCounter
    limits: Limits
    used: list[str] = field(default_factory=list)
    spent: int = 0

    def __post_init__(self) -> None:
        self._by_path = {f.path: f for f in self.files if f.carrier}
        self._excluded = {e.path: e for e in self.excluded}
        self._texts = RedactedTexts(self.files)

    def text(self, f: PackedFile) -> str:
        return self._texts.text(f)[0]

    def call(self, name: str, raw_args: str) -> str:
        try:
            args = json.loads(raw_args or "{}")
        except ValueError:
            return "error: the arguments are not valid JSON"
        if not isinstance(args, dict):
            return "error: the arguments must be a JSON object"
        if name == "read_file":
            out = self._read(args)
        elif name == "search":
            out = self._search(args)
        else:
            return f"error: no tool named {name!r}; use read_file or search"
        return self._bounded(out)

    def _bounded(self, text: str) -> str:
        room = min(self.limits.tokens_per_call, self.limits.total_tokens - self.spent)
        n = self.counter.count(text)
        if n > room:
            keep = int(len(text) * max(room, 0) / n * 0.9)
            text = (
                text[:keep] + f"\n[truncated: the answer had {n:,} tokens, the limit is {room:,}]"
            )
            n = self.counter.count(text)
        self.spent += n
        return text

    def _read(self, args: dict[str, Any]) -> str:
        path = clean_path(str(args.get("path") or ""))
        f = self._by_path.get(path)
        if f is None:
            gone = self._excluded.get(path)
            if gone is not None:
                return f"error: {path} is not in the pack (excluded: {gone.reason})"
            return f"error: no file {path!r} in the packed revision"
        if is_key_file(f.path, f.full_text):
            return f"error: {path} holds key material and is not shared"
        lines = self.text(f).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        start = args.get("start_line") or 1
        end = args.get("end_line") or len(lines)
        if not isinstance(start, int) or not isinstance(end, int):
            return "error: start_line and end_line must be integers"
        if start < 1 or end < start or start > max(len(lines), 1):
            return f"error: bad range {start}-{end}; {path} has {len(lines)} lines"
        end = min(end, len(lines))
        self.used.append(f"read_file {path}:{start}-{end}")
        body = "\n".join(f"{i}| {lines[i - 1]}" for i in range(start, end + 1))
        return f"{path} lines {start}-{end} of {len(lines)}:\n{body}"

    def _search(self, args: dict[str, Any]) -> str:
        pattern = str(args.get("pattern") or "")
        if not pattern:
            return "error: give a pattern"
        note = ""
        try:
            re.compile(pattern)
        except re.error as exc:  # not a regular expression: search for the text as written
            note = f"note: not a regular expression ({exc}); searched for the literal text\n"
            pattern_rx = re.escape(pattern)
        else:
            pattern_rx = pattern
        rx: Any
        try:
            import re2
        except ImportError:
            rx = re.compile(pattern_rx)
        else:
            options = re2.Options()
            options.log_errors = False  # RE2 would print its complaints to the terminal
            try:
                rx = re2.compile(pattern_rx, options)
            except Exception as exc:  # RE2's own error type: valid in Python, not in RE2
                return (
                    f"error: bad pattern (lookarounds and backreferences are not supported): {exc}"
                )
        self.used.append(f"search {pattern}")
        hits: list[str] = []
        for path in sorted(self._by_path):
            for no, line in enumerate(self.text(self._by_path[path]).split("\n"), 1):
                if rx.search(line):
                    hits.append(f"{path}:{no}: {line[:300]}")
                    if len(hits) >= self.limits.search_results:
                        return note + "\n".join(hits) + "\n[more matches not shown]"
        return note + ("\n".join(hits) if hits else "no matches")


Progress = Callable[[int, float], None]


def run_with_tools(
    meter: Meter,
    body: dict[str, Any],
    box: Toolbox,
    progress: Progress | None,
    say: Callable[[str], None],
) -> ChatResult:
    """Chat, executing tool calls until the model answers or a limit is reached.

    At most `limits.rounds` requests may call tools, and one more answers without them:
    each request sends the whole conversation again, so the rounds bound the cost.
    """
    messages = list(body["messages"])
    request = {**body, "messages": messages, "tools": TOOLS, "tool_choice": "auto"}
    calls = 0
    attempts = 0
    warnings: list[str] = []
    rounds = 0
    while True:
        final = "tools" not in request
        # (the first request is the review; each later one answers a round of tool calls)
        # (named as the plan names them)
        label = "answer" if final and rounds else f"after round {rounds}" if rounds else "review"
        result = meter.chat(request, progress, label)
        attempts += result.attempts
        warnings += result.warnings
        if not result.tool_calls or final:
            break
        rounds += 1
        messages.append(
            {"role": "assistant", "content": result.text or "", "tool_calls": result.tool_calls}
        )
        stop = rounds >= box.limits.rounds
        for call in result.tool_calls:
            fn = call.get("function") or {}
            if calls >= box.limits.calls or box.spent >= box.limits.total_tokens:
                out = TOOL_LIMIT_REACHED
                stop = True
            else:
                calls += 1
                out = box.call(str(fn.get("name")), str(fn.get("arguments") or ""))
                say(f"review: the model called {fn.get('name')} ({calls}/{box.limits.calls})")
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": call.get("id") or "",
                    "name": fn.get("name") or "",
                    "content": out,
                }
            )
        if stop:  # one last request without tools: the model must answer now
            request = {k: v for k, v in request.items() if k not in ("tools", "tool_choice")}
            request["messages"] = messages
    result.attempts = attempts
    result.warnings = warnings
    return result
