"""repoview: pack whole repositories into one prompt and review them with long-context models."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
