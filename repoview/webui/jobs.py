"""Reviews running in the background, and the bounded event streams that show them."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from repoview.errors import RepoviewError

__all__ = ["Cancelled", "Job", "Streams", "stream_job"]

KEEPALIVE_S = 15.0  # a dead client is noticed at the next write: this holds its slot at most


class Cancelled(RepoviewError):
    """The person cancelled the review from the page."""


@dataclass
class Job:
    """A review running in the background, with the events its page streams."""

    id: str
    repo: str
    task: str
    model: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    cancelled: bool = False
    run_id: int | None = None
    error: str | None = None
    cond: threading.Condition = field(default_factory=threading.Condition)

    def emit(self, kind: str, **data: Any) -> None:
        with self.cond:
            self.events.append({"event": kind, **data})
            self.cond.notify_all()

    def finish(self) -> None:
        with self.cond:
            self.done = True
            self.cond.notify_all()

    def cancel(self) -> None:
        """Stop waiting for it now; its thread stops at the next chunk of the answer."""
        with self.cond:
            if self.done:
                return
            self.cancelled = True
            self.error = "cancelled"
        self.emit("failed", message="cancelled: nothing more is read from the provider")
        self.finish()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled("the review was cancelled")


class Streams:
    """Each open event stream holds a server thread for its whole life: a cap in total and
    per client keeps threads free for pages."""

    def __init__(self, total: int, per_client: int) -> None:
        self.total = total
        self.per_client = per_client
        self._lock = threading.Lock()
        self._open: Counter[str] = Counter()

    def enter(self, client: str) -> bool:
        with self._lock:
            if sum(self._open.values()) >= self.total or self._open[client] >= self.per_client:
                return False
            self._open[client] += 1
            return True

    def leave(self, client: str) -> None:
        with self._lock:
            self._open[client] -= 1
            if self._open[client] <= 0:
                del self._open[client]


def stream_job(job: Job, start: int, seconds: float) -> Iterator[str]:
    """Server-sent events for a job from event `start`; ends after `seconds` (the browser
    reconnects with Last-Event-ID and resumes)."""
    sent = start
    deadline = time.monotonic() + seconds
    yield "retry: 1000\n\n"
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        with job.cond:
            if sent >= len(job.events) and not job.done:
                job.cond.wait(timeout=min(KEEPALIVE_S, left))
            batch = job.events[sent:]
            finished = job.done
        if not batch:
            yield ": keep-alive\n\n"
        for ev in batch:
            sent += 1
            yield f"id: {sent}\nevent: {ev['event']}\ndata: {json.dumps(ev)}\n\n"
        if finished and sent >= len(job.events):
            return
