"""What a review really used: every request's tokens, from the provider or counted here.

Some gateways and local servers report no usage. A run must still record what it sent, so
for those requests repoview counts the messages itself (exactly, in the pack's encoding)
and marks the figure as estimated.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import ProviderError
from .llm import ChatResult, Client, Progress
from .registry import Model
from .tokens import TokenCounter

__all__ = ["Meter", "RequestUsage", "UsageTotals", "body_tokens", "estimated_cost", "money"]

MESSAGE_FRAMING = 4  # tokens a chat template adds around each message (OpenAI's figure)


def body_tokens(body: dict[str, Any], count: Callable[[str], int]) -> int:
    """The input tokens of a chat body in one encoding: messages, tool calls, tools."""
    total = 3  # the template's priming of the answer
    for m in body.get("messages") or []:
        total += MESSAGE_FRAMING + count(str(m.get("content") or ""))
        for call in m.get("tool_calls") or []:
            total += count(json.dumps(call.get("function") or {}))
    if body.get("tools"):
        total += count(json.dumps(body["tools"]))
    return total


def money(value: float | None) -> float | None:
    """USD as reports carry it: 6 decimals, no float noise."""
    return None if value is None else round(value, 6)


@dataclass
class RequestUsage:
    """One request's tokens."""

    label: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int = 0
    estimated: bool = False  # counted by repoview: the provider reported no usage
    seconds: float = 0.0
    failed: bool = False  # no answer came, but the provider took the prompt (likely billed)


@dataclass
class UsageTotals:
    """The sum over every request of a run."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    requests: list[RequestUsage] = field(default_factory=list)
    attempts: int = 0  # HTTP requests of the answered ones, retries included

    @property
    def estimated(self) -> bool:
        return any(r.estimated for r in self.requests)

    def cost(self, model: Model) -> float | None:
        return money(model.cost(self.input_tokens, self.output_tokens, self.cached_tokens))

    def to_dict(self) -> dict[str, Any]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cached_tokens": self.cached_tokens,
            "requests": len(self.requests),
            "attempts": self.attempts,
            "reported_by_provider": bool(self.requests) and not self.estimated,
            "estimated_requests": sum(1 for r in self.requests if r.estimated),
            "per_request": [asdict(r) for r in self.requests],
        }


def estimated_cost(model: Model, input_tokens: int, output_tokens: int) -> float | None:
    """The most `input_tokens` (o200k_base counts) and `output_tokens` cost on `model`: the
    one estimate the plan, the cost limit, the web page and the MCP server all give."""
    # Another vendor's tokenizer may count up to the model's margin more, and the estimate
    # must not fall below what the provider bills.
    grown = int(input_tokens * (1 + model.margin))
    return money(model.cost(grown, output_tokens))


class Meter:
    """Sends requests through `client` and keeps each one's usage (thread-safe)."""

    def __init__(
        self,
        client: Client,
        counter: TokenCounter,
        known: dict[str, int] | None = None,
        limit: tuple[Model, float, float] | None = None,
        implied: bool = False,
    ) -> None:
        self.client = client
        self.counter = counter
        self.known = dict(known or {})  # texts counted already (the pack), by content
        self.totals = UsageTotals()
        # The cost limit (max_cost), the model it prices and what the plan may cost at most
        # (every request it may still send, checked against the limit before the first):
        # a retry after an attempt the provider most likely billed is made only while the
        # money lost to such attempts and the plan's cost stay within the limit.
        self.limit = limit
        # No --max-cost was given: the limit is the plan's cost twice over (failed attempts
        # that were most likely billed may cost as much as the review again, not 4x more).
        self.implied = implied
        self._lock = threading.Lock()
        # Input tokens of billed failed attempts of calls still retrying, by call: the parts
        # of a map-reduce retry on their own threads, and each one's losses count for all.
        self._retrying: dict[int, int] = {}
        self._calls = itertools.count()

    def _may_retry(self, body: dict[str, Any], billed: int, call: int) -> str:
        """Why another attempt at `body` must not be made ("" when it may), `billed` of
        its attempts so far most likely paid for (and those of the other calls under way)."""
        if self.limit is None:
            return ""
        model, most, planned = self.limit
        sent = self.sent(body)
        with self._lock:
            self._retrying[call] = sent * billed
            lost = sum(r.input_tokens for r in self.totals.requests if r.failed)
            lost += sum(self._retrying.values())
        wasted = estimated_cost(model, lost, 0)
        if wasted is None or wasted + planned <= most:
            return ""
        if self.implied:
            return (
                f"the failed attempts most likely billed (up to ${wasted:.4f}, counted with "
                f"the {model.margin:.0%} tokenizer margin the estimate has) and another would "
                f"cost more than the review's estimate (${planned:.4f}) again; --max-cost USD "
                "lets retries go on within it"
            )
        return (
            f"another attempt could pass the cost limit of ${most:.4f} (max_cost): "
            f"up to ${wasted:.4f} may be billed for failed attempts (counted as the limit "
            f"counts, with the {model.margin:.0%} tokenizer margin), and the review may cost "
            f"${planned:.4f} more"
        )

    def chat(
        self, body: dict[str, Any], progress: Progress | None = None, label: str = "review"
    ) -> ChatResult:
        started = time.monotonic()
        call = next(self._calls)
        try:
            result = self.client.chat(
                body,
                progress,
                lambda billed: self._may_retry(body, billed, call),
                label="" if label == "review" else label,
            )
        except ProviderError as exc:
            with self._lock:
                self._retrying.pop(call, None)  # (counted with the failed requests now)
                self.totals.attempts += exc.attempts
                if exc.billed:
                    self._taken(body, exc.billed, label, round(exc.billed_seconds, 3))
            raise
        except BaseException:
            with self._lock:
                self._retrying.pop(call, None)
            raise
        elapsed = time.monotonic() - started
        # Each entry its own attempts' time: the whole call would count the retry waits,
        # and the dropped attempts' time, in the answered entry too.
        seconds = round(result.seconds if result.seconds is not None else elapsed, 3)
        with self._lock:  # counted under the lock: parts of a map-reduce finish on threads
            self._retrying.pop(call, None)
            if result.billed:  # tries that dropped before the one that answered
                self._taken(body, result.billed, label, round(result.billed_seconds, 3))
            u = result.usage
            if u is not None and u.prompt_tokens > 0:
                entry = RequestUsage(
                    label, u.prompt_tokens, u.completion_tokens, u.cached_tokens, False, seconds
                )
            else:
                entry = RequestUsage(
                    label, self.sent(body), self.received(result), 0, True, seconds
                )
            self._add(entry)
            self.totals.attempts += result.attempts
        return result

    def _taken(self, body: dict[str, Any], tries: int, label: str, seconds: float) -> None:
        """Count `tries` attempts whose prompt the provider took (a stream that dropped, a
        time-out while the model worked) but answered no usage for: most likely paid."""
        sent = self.sent(body)
        for _ in range(tries):  # one entry an attempt: each is one prompt on the bill
            self._add(RequestUsage(label, sent, 0, 0, True, round(seconds / tries, 3), failed=True))

    def _add(self, entry: RequestUsage) -> None:
        t = self.totals
        t.requests.append(entry)
        t.input_tokens += entry.input_tokens
        t.output_tokens += entry.output_tokens
        t.cached_tokens += entry.cached_tokens

    def _count(self, text: str) -> int:
        if text not in self.known:
            self.known[text] = self.counter.count(text)
        return self.known[text]

    def sent(self, body: dict[str, Any]) -> int:
        """The input tokens of `body`, counted here."""
        return body_tokens(body, self._count)

    def received(self, result: ChatResult) -> int:
        calls = "".join(json.dumps(c.get("function") or {}) for c in result.tool_calls)
        return self.counter.count(result.text + calls)
