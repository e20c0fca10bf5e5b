"""The local web report: explore a pack, run reviews, read reports (Flask app factory)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
