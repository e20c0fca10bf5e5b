"""The library: what the command line does, as functions over typed results."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .gitutil import locate
from .model import Pack
from .options import pack_options, pack_size
from .packer import build_pack
from .settings import Settings, resolve

if TYPE_CHECKING:
    from .outcome import Report

Say = Callable[[str], None]

__all__ = ["pack", "review", "settings"]

Format = Literal["xml", "markdown", "plain", "json"]


def settings(
    path: str | os.PathLike[str] = ".", env: Mapping[str, str] | None = None, **given: object
) -> Settings:
    """The settings repoview would use for the repository at `path`, with `given` values
    (setting names such as `budget` or `review.max_cost`) in the place of flags."""
    info = locate(Path(path))
    return resolve(info.toplevel or info.path, dict(given), os.environ if env is None else env)


def pack(
    path: str | os.PathLike[str] = ".",
    *,
    budget: int | str | None = None,
    model: str | None = None,
    rev: str | None = None,
    fmt: Format | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    diff: str | None = None,
    line_numbers: bool | None = None,
    default_excludes: bool | None = None,
    secret_scan: bool | None = None,
) -> Pack:
    """Pack the repository (or folder) at `path` as `repoview pack` does, honouring its
    `.repoview.toml` and the user's config; returns the rendered pack and its manifest data.

    >>> p = pack(".", budget=50_000)
    >>> p.total_tokens <= 50_000
    True
    """
    s = settings(
        path,
        budget=budget,
        model=model,
        format=fmt,
        include=tuple(include) or None,
        line_numbers=line_numbers,
        default_excludes=default_excludes,
        secret_scan=secret_scan,
    )
    size, name = pack_size(s, model is not None, budget is not None)
    opts = pack_options(
        s,
        Path(path),
        rev=rev,
        budget=size,
        model=name,
        diff=diff,
        exclude=exclude,
    )
    return build_pack(opts)


def review(
    path: str | os.PathLike[str] = ".",
    *,
    task: str = "bugs",
    model: str | None = None,
    base_url: str | None = None,
    budget: int | str | None = None,
    diff: str | None = None,
    rev: str | None = None,
    strategy: str | None = None,
    max_cost: float | None = None,
    tools: bool | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
    store: bool = False,
    stream: bool = False,
    models: Mapping[str, Any] | None = None,
    retries: int | None = None,
    say: Say | None = None,
) -> Report:
    """Review the repository at `path` as `repoview review` does (same settings, same plan,
    same guards) and return the typed report. Writes to the run store only when `store` is
    true; `models` adds registry entries as `[models.NAME]` tables do; `say` receives the
    progress lines the CLI prints."""
    from .options import review_options
    from .reviewer import execute, guarded, plan_review

    environ = dict(os.environ if env is None else env)
    given: dict[str, object] = {
        "model": model,
        "review.base_url": base_url,
        "review.budget": budget,
        "review.strategy": strategy,
        "review.max_cost": max_cost,
        "review.tools": tools,
        "review.retries": retries,
    }
    s = settings(path, environ, **given)
    if models:
        s.models = {**s.models, **{k: dict(v) for k, v in models.items()}}
    opts = review_options(
        s,
        "review",
        Path(path),
        task,
        environ,
        diff=diff,
        rev=rev,
        home=home,
        store=store,
        stream=stream,
    )
    plan = guarded(plan_review(opts), opts)
    return execute(plan, opts, say or (lambda _line: None))
