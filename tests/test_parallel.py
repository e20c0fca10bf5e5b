"""split_map: the same answers, in order, whether or not a child did half of the work."""

from __future__ import annotations

import os

from repoview.parallel import MIN_ITEMS, split_map


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_answers_come_back_in_order_and_half_were_computed_elsewhere() -> None:
    items = [(i,) for i in range(MIN_ITEMS * 3)]
    out = split_map(_square_and_pid, items)
    assert [sq for sq, _ in out] == [i * i for i in range(MIN_ITEMS * 3)]
    pids = {pid for _, pid in out}
    assert os.getpid() in pids and len(pids) == (2 if (os.cpu_count() or 1) > 1 else 1)


def test_a_failing_child_leaves_its_half_to_this_process() -> None:
    parent = os.getpid()

    def only_here(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return x + 1

    items = [(i,) for i in range(MIN_ITEMS * 2)]
    assert split_map(only_here, items) == [i + 1 for i in range(MIN_ITEMS * 2)]


def test_small_inputs_stay_in_this_process() -> None:
    out = split_map(_square_and_pid, [(2,), (3,)])
    assert out == [(4, os.getpid()), (9, os.getpid())]
