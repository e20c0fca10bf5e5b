"""repoview: pack whole repositories into one prompt and review them with long-context models.

>>> import repoview
>>> p = repoview.pack(".", budget=50_000)
>>> print(p.total_tokens, len(p.files))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from .api import pack, review, settings
    from .errors import (
        BudgetError,
        ConfigError,
        CostLimitError,
        ForgeError,
        GitError,
        InputError,
        ProviderError,
        RepoviewError,
        StoreError,
    )
    from .model import Excluded, Pack, PackedFile
    from .outcome import Report, ReviewPlan
    from .settings import Settings

# Loaded on first use, so that `repoview --version` and the hook start without importing
# the packer, the HTTP client and the tokenizer.
_LAZY = {
    "pack": "api",
    "review": "api",
    "settings": "api",
    "Report": "outcome",
    "ReviewPlan": "outcome",
    "Excluded": "model",
    "Pack": "model",
    "PackedFile": "model",
    "Settings": "settings",
    "BudgetError": "errors",
    "ConfigError": "errors",
    "CostLimitError": "errors",
    "ForgeError": "errors",
    "GitError": "errors",
    "InputError": "errors",
    "ProviderError": "errors",
    "RepoviewError": "errors",
    "StoreError": "errors",
}

__all__ = [
    "BudgetError",
    "ConfigError",
    "CostLimitError",
    "Excluded",
    "ForgeError",
    "GitError",
    "InputError",
    "Pack",
    "PackedFile",
    "ProviderError",
    "Report",
    "RepoviewError",
    "ReviewPlan",
    "Settings",
    "StoreError",
    "__version__",
    "pack",
    "review",
    "settings",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'repoview' has no attribute {name!r}")
