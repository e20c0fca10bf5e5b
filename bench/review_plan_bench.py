"""What a review plans for a repository: requests, their share of the budget, the estimate.

Usage: python bench/review_plan_bench.py PATH [--model moonshot-v1-128k]
       [--task architecture] [--strategy single|map-reduce]

Runs the planner only (nothing is sent) and prints one line per request, then the share of
the model's budget the first request carries and the planning time. The CPython stdlib
corpus is used when PATH is `stdlib`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--model", default="moonshot-v1-128k")
    ap.add_argument("--task", default="architecture")
    ap.add_argument("--strategy", default="single")
    args = ap.parse_args()
    from repoview.reviewer import ReviewOptions, plan_review

    path = Path(args.path)
    if args.path == "stdlib":
        from corpus import stdlib_corpus

        path = stdlib_corpus(Path(tempfile.gettempdir()) / "rv-bench-stdlib")
    started = time.perf_counter()
    plan = plan_review(
        ReviewOptions(path=path, task=args.task, model=args.model, strategy=args.strategy, env={})
    )
    seconds = time.perf_counter() - started
    for r in plan.requests:
        print(f"{r.label:<16}{r.input_tokens:>10,} in{'  (optional)' if r.optional else ''}")
    first = plan.requests[0].input_tokens
    sure = sum(1 for r in plan.requests if not r.optional)
    print(
        f"certain requests {sure}, optional {len(plan.requests) - sure}; first request "
        f"{first:,} = {first / plan.budget:.1%} of the {plan.budget:,}-token budget; "
        f"estimate at most {plan.cost if plan.cost is not None else 'n/a'} USD; "
        f"planned in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
