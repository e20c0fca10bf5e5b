"""The summary line that says which context windows a pack fits, by a review's own count."""

from __future__ import annotations

from repoview.registry import Model, budget_for
from repoview.summary import _fits


def test_a_window_sized_budget_that_leaves_no_room_for_the_answer_says_what_fits() -> None:
    # `--budget 128k` fills 128,000 tokens; a review on a 128k model keeps room for its
    # answer and a tokenizer margin: the line says so, and the budget that model takes.
    line = _fits(121_000, 128_000)
    assert line.startswith("256k, 512k, 1m, 2m context windows")
    assert f"(for a 128k model: --budget {budget_for(Model('128k', 128_000)):,}" in line
    # a budget that fits its window, or one of no window's size, gets no such note
    assert "for a" not in _fits(90_000, 128_000)
    assert "for a" not in _fits(121_000, 130_000)
