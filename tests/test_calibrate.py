"""`repoview calibrate`: the provider's count, stored per model, sizes the next budgets."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repoview.registry import find_model, registry, reserve_for

from .conftest import Run
from .provider import Provider

KEY = "sk-calibrate-test-0123456789abcdefghij"


def _funcs(n: int) -> str:
    return "".join(f"def f{i}(x):\n    return x * {i} + {i}\n\n\n" for i in range(n))


def test_calibrate_stores_a_ratio_that_the_next_budget_uses(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"a.py": _funcs(50), "README.md": "# Demo\n\nSome words here.\n"})
    before = cli("pack", "--model", "kimi-k2.6", "--manifest", "before.json", "-q", cwd=repo)
    assert before.code == 0, before.err
    with Provider() as provider:
        # A tokenizer that splits this text more finely than o200k_base: one token per
        # three characters of the message.
        def count(body: dict[str, Any]) -> int:
            return sum(len(m["content"]) for m in body["messages"]) // 3

        provider.count_tokens = count
        env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
        run = cli("calibrate", "--model", "kimi-k2.6", cwd=repo, env=env)
        assert run.code == 0, run.err
        sent = provider.requests[-1]
        assert sent["model"] == "kimi-k2.6"
        assert KEY not in run.out + run.err
    stored = json.loads((Path(os.environ["REPOVIEW_HOME"]) / "calibration.json").read_text())
    cal = stored["kimi-k2.6"]
    assert cal["provider_tokens"] == count(sent)
    assert abs(cal["ratio"] - cal["provider_tokens"] / cal["o200k_tokens"]) < 1e-3
    assert f"ratio {cal['ratio']:.4f}" in run.out

    after = cli("pack", "--model", "kimi-k2.6", "--manifest", "after.json", "-q", cwd=repo)
    assert after.code == 0, after.err
    old_budget = json.loads((repo / "before.json").read_text())["budget"]
    new_budget = json.loads((repo / "after.json").read_text())["budget"]
    assert new_budget != old_budget
    # What the provider would count for a full budget fits the window less the answer reserve.
    model = find_model("kimi-k2.6", registry())
    room = model.context - reserve_for(model)
    assert 0.95 * room <= new_budget * cal["ratio"] <= room

    table = cli("models")
    line = next(x for x in table.out.splitlines() if x.startswith("kimi-k2.6 "))
    assert line.split()[-1] == f"{cal['ratio']:.3f}"
    other = next(x for x in table.out.splitlines() if x.startswith("gpt-4o "))
    assert other.split()[-1] == "-"


def test_calibrate_without_a_key_is_one_line(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"a.py": "A = 1\n"})
    env = {k: "" for k in ("MOONSHOT_API_KEY", "KIMI_API_KEY", "OPENAI_API_KEY")}
    run = cli("calibrate", cwd=repo, env=env)
    assert run.code == 2 and "REPOVIEW_API_KEY" in run.err and run.err.count("\n") == 1
