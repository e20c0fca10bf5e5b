"""Resolved settings -> the options of each stage, the same for every surface."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .packer import PackOptions
from .settings import Settings

if TYPE_CHECKING:
    from .reviewer import ReviewOptions

__all__ = ["Surface", "pack_options", "pack_size", "review_options"]

Surface = Literal["review", "hook", "ci"]


def pack_size(s: Settings, model_given: bool, budget_given: bool) -> tuple[int | None, str | None]:
    """The pack's budget and model: a budget wins, else the model's budget; a model named
    for this call (and no budget) sizes the pack even when a budget is configured."""
    from .registry import budget_for, find_model, registry

    budget, model = s.get("budget"), s.get("model")
    if model_given and not budget_given:
        budget = None
    if model:
        budget = budget or budget_for(find_model(model, registry(s.models)))
    return budget, model


def pack_options(
    s: Settings,
    path: Path,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    **given: Any,
) -> PackOptions:
    """PackOptions from settings. `include` given here replaces the configured globs and
    `exclude` adds to them, as the flags do; `given` holds per-call values that are not
    settings (rev, diff, split_tokens...)."""
    fields: dict[str, Any] = dict(
        path=path,
        budget=s.get("budget"),
        model=s.get("model"),
        fmt=s["format"],
        include=tuple(include) or tuple(s["include"]),
        exclude=tuple(exclude) + tuple(s["exclude"]),
        default_excludes=s["default_excludes"],
        line_numbers=s["line_numbers"],
        secret_scan=s["secret_scan"],
        max_file_bytes=s["max_file_size"],
        encoding=s["encoding"],
        focus=s["focus"],
    )
    return PackOptions(**{**fields, **given})


def review_options(
    s: Settings,
    surface: Surface,
    path: Path,
    task: str,
    env: Mapping[str, str] | None = None,
    **given: Any,
) -> ReviewOptions:
    """ReviewOptions for `surface` ("review", "hook" or "ci") from settings; `given` holds
    per-call values (diff, rev, dry_run...)."""
    # Deferred: packing alone never loads the HTTP client and the review machinery.
    from .reviewer import ReviewOptions
    from .toolloop import Limits

    section = surface
    review = "review"  # the hook and CI share the review's tuning unless they set their own
    opts = ReviewOptions(
        path=path,
        task=task,
        model=s.get(f"{section}.model"),
        base_url=s.get(f"{review}.base_url"),
        budget=s.get(f"{section}.budget"),
        fail_on=s.get(f"{section}.fail_on"),
        max_cost=s.get("review.max_cost"),
        timeout=float(s.get(f"{section}.timeout", s["review.timeout"])),
        retries=int(s.get(f"{section}.retries", s["review.retries"])),
        backoff=float(s["review.backoff"]),
        tools=bool(s["review.tools"]),
        strategy=s["review.strategy"],
        concurrency=int(s["review.concurrency"]),
        confirm_above=float(s["review.confirm_above"]),
        focus=s["review.focus"],
        limits=Limits(
            calls=s["review.tool_calls"],
            rounds=s["review.tool_rounds"],
            tokens_per_call=s["review.tool_tokens"],
            total_tokens=s["review.tool_total"],
        ),
        models=dict(s.models),
        env=dict(os.environ if env is None else env),
        exclude=tuple(s["exclude"]),
        include=tuple(s["include"]),
        default_excludes=bool(s["default_excludes"]),
        secret_scan=bool(s["secret_scan"]),
        max_file_bytes=int(s["max_file_size"]),
        line_numbers=bool(s["line_numbers"]),
    )
    return replace(opts, **given)
