"""tree-sitter grammars, loaded once per process from their wheels."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

__all__ = ["load_language"]


@cache
def load_language(module: str, function: str) -> Any | None:
    """The tree-sitter Language that `module.function()` builds (a grammar wheel such as
    `tree_sitter_python.language`), or None when the wheel is missing or was built for
    another tree-sitter: callers then fall back to their plain-text path. Outlines, import
    extraction and comment removal share each Language instead of building it again."""
    try:
        import tree_sitter

        return tree_sitter.Language(getattr(importlib.import_module(module), function)())
    except Exception:
        return None
