"""The cost limit's retry guard counts the billed failures of every request under way: the
parts of a map-reduce retry on their own threads, and one part's losses are the others' too."""

from __future__ import annotations

import threading

from repoview.errors import ProviderError
from repoview.llm import Client
from repoview.registry import registry
from repoview.tokens import TokenCounter
from repoview.usage import Meter, estimated_cost

from .provider import findings_json, ok


def test_a_part_retrying_counts_against_the_limit_of_the_others(provider) -> None:
    a_waits, go = threading.Event(), threading.Event()

    def sleep(_seconds: float) -> None:  # (the first part, between its attempts)
        a_waits.set()
        assert go.wait(30)

    client = Client(provider.url, "sk-test", retries=2, sleep=sleep)
    counter = TokenCounter("o200k_base")
    model = registry()["kimi-k2.6"]
    body = {
        "model": "kimi-k2.6",
        "stream": True,
        "messages": [{"role": "user", "content": "review these words " * 400}],
    }
    one = estimated_cost(model, Meter(client, counter).sent(body), 0)
    assert one is not None and one > 0
    # Room for one lost prompt beside the plan's cost, not for two.
    meter = Meter(client, counter, limit=(model, 0.01 + one * 1.5, 0.01))
    provider.answers += [
        ok(findings_json() * 3, drop_after=1),  # the first part's first attempt
        ok(findings_json() * 3, drop_after=1),  # the second part's
        ok(findings_json()),  # the first part's retry
    ]
    answered: list[str] = []
    first = threading.Thread(target=lambda: answered.append(meter.chat(body).text))
    first.start()
    try:
        assert a_waits.wait(30)
        try:
            meter.chat(body)
        except ProviderError as exc:
            said = str(exc)
        else:
            raise AssertionError("the second part must not retry")
    finally:
        go.set()
        first.join(30)
    assert "not retried: another attempt could pass the cost limit" in said
    assert answered and len(provider.chats) == 3
    failed = [r for r in meter.totals.requests if r.failed]
    assert len(failed) == 2  # both lost prompts are counted, once each
    client.close()
