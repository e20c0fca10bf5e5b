"""One overall deadline per client: connect, first byte, trickling streams and retries."""

from __future__ import annotations

import time
from typing import Any

import pytest

from repoview.errors import DeadlineError
from repoview.llm import Client

from .provider import Answer, Provider, findings_json, ok

BODY: dict[str, Any] = {"model": "kimi-k2.6", "messages": [{"role": "user", "content": "hi"}]}


def _chat(provider: Provider, seconds: float, stream: bool, **kw: Any) -> float:
    """Seconds until the client gave up; DeadlineError is the only acceptable way out."""
    client = Client(provider.url, "sk-test", deadline=time.monotonic() + seconds, **kw)
    start = time.monotonic()
    try:
        with pytest.raises(DeadlineError, match="before the deadline"):
            client.chat({**BODY, "stream": stream})
    finally:
        client.close()
    return time.monotonic() - start


@pytest.mark.parametrize("stream", [True, False])
def test_a_provider_that_never_answers_is_dropped_at_the_deadline(stream: bool) -> None:
    with Provider() as p:
        p.answers.extend([Answer(hang=True)] * 5)
        # Without the deadline, the first-byte time-out alone would wait 900 s per attempt.
        assert _chat(p, 1.0, stream, retries=4) < 5


@pytest.mark.parametrize("stream", [True, False])
def test_keep_alives_forever_do_not_hold_the_client(stream: bool) -> None:
    with Provider() as p:
        p.answers.extend([Answer(keepalive_every=0.1)] * 5)
        assert _chat(p, 1.0, stream, retries=4) < 5


def test_a_retry_that_would_outlive_the_deadline_is_not_waited_for() -> None:
    slept: list[float] = []
    with Provider() as p:
        p.answers.append(Answer(status=503, headers={"Retry-After": "60"}))
        _chat(p, 5.0, True, sleep=slept.append)
    assert slept == [] and len(p.chats) == 1


def test_an_answer_within_the_deadline_is_read_whole() -> None:
    with Provider() as p:
        p.answers.append(ok(findings_json({"severity": "low", "title": "x"})))
        client = Client(p.url, "sk-test", deadline=time.monotonic() + 30)
        result = client.chat({**BODY, "stream": True})
        client.close()
    assert '"title": "x"' in result.text


@pytest.mark.parametrize("kind", ["text/event-stream", "text/plain"])
def test_a_stalled_stream_of_any_type_is_retried_at_the_read_gap(kind: str) -> None:
    # A stream under a type of a gateway's own is still read as it comes: a stall in it is
    # seen after the read gap, not after the whole read's time-out.
    with Provider() as p:
        p.answers.append(ok(findings_json() * 20, stall=6, content_type=kind))
        p.answers.append(ok(findings_json(), content_type=kind))
        client = Client(p.url, "sk-test", read_gap_timeout=1, retries=1, sleep=lambda _s: None)
        start = time.monotonic()
        try:
            answer = client.chat({**BODY, "stream": True})
        finally:
            client.close()
        assert time.monotonic() - start < 5 and len(p.chats) == 2
        assert answer.text == findings_json()
