"""Map-reduce reviews: when even outlines do not fit, review the pack in parts, then merge.

N parts cost N+1 requests: one per part (concurrently, bounded), one to merge. A part that
still fails after the client's retries is named in the final report instead of failing the
whole run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .errors import ProviderError
from .findings import parse_answer
from .llm import ChatResult, Client, Usage
from .model import Pack
from .report import finding_dicts

__all__ = ["PartResult", "map_reduce", "part_messages"]

PART_NOTE = (
    "\n\nThis is part {i} of {n} of the repository; the other parts are reviewed separately "
    "and merged afterwards. Report only on what this part shows."
)
REDUCE = """# Task: merge partial reviews

The repository was too large for one request, so it was reviewed in {n} parts. Below are
the directory tree of the whole repository and the partial reports (JSON). Merge them into
one report for the whole repository: one summary, and the findings with duplicates removed
(the same problem reported by several parts counts once). {missing}

{format}
"""


@dataclass
class PartResult:
    index: int
    text: str = ""
    usage: Usage | None = None
    error: str = ""


def part_messages(
    system: str, part_text: str, instructions: str, i: int, n: int
) -> list[dict[str, str]]:
    return [{"role": "system", "content": system},
            {"role": "user", "content": part_text + PART_NOTE.format(i=i, n=n) + "\n\n"
             + instructions}]  # fmt: skip


def map_reduce(
    client: Client, body: dict[str, Any], pack: Pack, system: str, instructions: str,
    reduce_format: str, concurrency: int, say: Callable[[str], None], finding_task: bool,
) -> tuple[ChatResult, list[PartResult]]:  # fmt: skip
    """Review each part of `pack` (split already), then merge; the merged answer and parts."""
    parts = pack.parts
    n = len(parts)

    def one(i: int) -> PartResult:
        messages = part_messages(system, "".join(parts[i].chunks), instructions, i + 1, n)
        try:
            res = client.chat({**body, "messages": messages, "stream": False})
        except ProviderError as exc:
            say(f"review: part {i + 1}/{n} failed: {exc}")
            return PartResult(i + 1, error=str(exc))
        say(f"review: part {i + 1}/{n} done")
        return PartResult(i + 1, res.text, res.usage)

    with ThreadPoolExecutor(max(1, concurrency)) as pool:
        results = list(pool.map(one, range(n)))
    partials = []
    for r in results:
        if r.error:
            continue
        if finding_task:
            parsed = parse_answer(r.text, pack.files)
            partials.append({"part": r.index, "summary": parsed.summary,
                             "findings": finding_dicts(parsed.findings)})  # fmt: skip
        else:
            partials.append({"part": r.index, "report": r.text})
    missing = [r.index for r in results if r.error]
    note = (f"Parts {', '.join(map(str, missing))} could not be reviewed; say so in the "
            "summary." if missing else "")  # fmt: skip
    tree = pack.parts[0].chunks and _tree_of(pack)
    user = (f"Directory tree of the repository:\n\n{tree}\n\nPartial reports:\n\n"
            + json.dumps(partials, indent=1, ensure_ascii=False) + "\n\n"
            + REDUCE.format(n=n, missing=note, format=reduce_format))  # fmt: skip
    merged = client.chat({**body, "messages": [{"role": "system", "content": system},
                                               {"role": "user", "content": user}]})  # fmt: skip
    totals = Usage()
    for u in [r.usage for r in results] + [merged.usage]:
        if u is not None:
            totals.prompt_tokens += u.prompt_tokens
            totals.completion_tokens += u.completion_tokens
            totals.cached_tokens += u.cached_tokens
    merged.usage = totals
    return merged, results


def _tree_of(pack: Pack) -> str:
    from .render.tree import render_tree

    return render_tree(pack.name, pack.files, "dirs")
