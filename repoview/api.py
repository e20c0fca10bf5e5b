"""The library: what the command line does, as functions over typed results."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from .gitutil import locate
from .model import Pack
from .models import budget_for, find_model, registry
from .options import pack_options
from .packer import build_pack
from .settings import Settings, resolve

__all__ = ["pack", "settings"]

Format = Literal["xml", "markdown", "plain", "json"]


def settings(path: str | os.PathLike[str] = ".", env: Mapping[str, str] | None = None,
             **given: object) -> Settings:  # fmt: skip
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
    s = settings(path, budget=budget, model=model, format=fmt, include=tuple(include) or None,
                 line_numbers=line_numbers, default_excludes=default_excludes,
                 secret_scan=secret_scan)  # fmt: skip
    size, name = s.get("budget"), s.get("model")
    if model is not None and budget is None:
        size = None  # a model named here sizes the pack
    if name:
        size = size or budget_for(find_model(name, registry(s.models)))
    opts = pack_options(s, Path(path), rev=rev, budget=size, model=name, diff=diff,
                        exclude=tuple(exclude) + tuple(s["exclude"]))  # fmt: skip
    return build_pack(opts)
