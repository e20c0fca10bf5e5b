"""Serving the web report with a production WSGI server (its templates and static files are
the top-level web/ folder, shipped inside the package)."""

from __future__ import annotations

from typing import Any

__all__ = ["LOOPBACK", "serve"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
THREADS = 8  # event streams are capped below this (see the app's MAX_STREAMS) so pages answer


def serve(app: Any, host: str, port: int) -> None:
    """Serve with waitress (a production WSGI server), not Flask's development server."""
    import waitress

    waitress.serve(
        app,
        host=host,
        port=port,
        threads=THREADS,
        ident="repoview",
        clear_untrusted_proxy_headers=True,
    )
