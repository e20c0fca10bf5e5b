"""The local web report: what the model sees of a repository, what a review would cost,
reviews and their findings (a Flask app factory with two blueprints)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
