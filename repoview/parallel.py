"""One pure function over many items, half of them in a forked copy of this process.

Parsing with tree-sitter holds the GIL for the whole parse, so threads cannot share that
work; a forked child can, and it sees the items without their being copied or pickled
(only the answers travel back, through a pipe). Where fork is missing or the work is
small, everything runs here; if the child fails, its half runs here too. A process with
other threads running is never forked (a lock one of them holds would stay held in the
child for ever): the pack's token counting thread, a web server's request threads.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["split_map"]

T = TypeVar("T")
MIN_ITEMS = 64  # below this a fork (tens of ms with a large heap) is not worth it


def split_map(fn: Callable[..., T], items: Sequence[tuple[Any, ...]]) -> list[T]:
    """`[fn(*args) for args in items]`, the odd-numbered items computed in a child."""
    if (
        len(items) < MIN_ITEMS
        or not hasattr(os, "fork")
        or (os.cpu_count() or 1) < 2
        or threading.active_count() > 1
    ):
        return [fn(*args) for args in items]
    theirs = items[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, hand the answers back, leave without cleanup
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps([fn(*args) for args in theirs], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe_out:
                pipe_out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    mine = [fn(*args) for args in items[0::2]]
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    answers: list[T] | None = None
    if status == 0:
        try:
            answers = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            answers = None
    if answers is None or len(answers) != len(theirs):
        answers = [fn(*args) for args in theirs]
    return [mine[i // 2] if i % 2 == 0 else answers[i // 2] for i in range(len(items))]
