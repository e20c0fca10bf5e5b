"""Loading and serving the web report (its code lives in `web/`, packaged as repoview.web)."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["load_web", "serve"]


def load_web() -> ModuleType:
    """`repoview.web`: from the wheel, or from the source tree's web/ folder."""
    try:
        return importlib.import_module("repoview.web")
    except ModuleNotFoundError:
        pass
    src = Path(__file__).resolve().parent.parent / "web"
    spec = importlib.util.spec_from_file_location(
        "repoview.web", src / "__init__.py", submodule_search_locations=[str(src)]
    )
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError("repoview.web is missing from this installation")
    module = importlib.util.module_from_spec(spec)
    sys.modules["repoview.web"] = module
    spec.loader.exec_module(module)
    return module


def serve(app: Any, host: str, port: int) -> None:
    """Serve with waitress (a production WSGI server), not Flask's development server."""
    import waitress

    waitress.serve(
        app, host=host, port=port, threads=8, ident="repoview", clear_untrusted_proxy_headers=True
    )
