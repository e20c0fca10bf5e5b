"""The module that does the code's work, though only the front door imports it (a
serializer's engine, a program's main loop), is read before a peripheral module a few
others use: it brings the most of the code's modules together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.rank import History, rank_files
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

HELPERS = [f"h{i}" for i in range(8)]


def body(name: str, lines: int) -> str:
    """One long function: its signatures are one line, its text is all in its body."""
    steps = "".join(
        f"    total = total * 31 + {i} * len(str(value))  # step {i}\n" for i in range(lines)
    )
    return f"def {name}(value):\n    total = 0\n{steps}    return total\n"


def repository() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"pkg/{h}.py": f'"""Helper {h}."""\n\n\ndef {h}(x):\n    return x + 1\n' for h in HELPERS
    }
    uses = "".join(f"from pkg.{h} import {h}\n" for h in HELPERS)
    files["pkg/engine.py"] = f"{uses}\n\n{body('run', 120)}"
    files["pkg/__init__.py"] = "from pkg.engine import run\n\n__all__ = ['run']\n"
    # A peripheral module two small tools use, as long, using one helper.
    files["pkg/colors.py"] = f"from pkg.h0 import h0\n\n\n{body('paint', 120)}"
    for t in ("a", "b"):
        files[f"pkg/tool_{t}.py"] = (
            f"from pkg.colors import paint\n\n\ndef {t}():\n    return paint(1)\n"
        )
    return files


def test_engine_outranks_a_peripheral_module_with_more_importers(make_repo: MakeRepo) -> None:
    pack = build_pack(PackOptions(path=make_repo(repository()), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert len(by_path["pkg/engine.py"].imported_by) < len(by_path["pkg/colors.py"].imported_by)
    scores = rank_files(pack.files, History())
    assert scores["pkg/engine.py"] > scores["pkg/colors.py"]


def test_a_tight_budget_shows_the_engine_whole_not_the_peripheral_module(
    make_repo: MakeRepo,
) -> None:
    root = make_repo(repository())
    whole = build_pack(PackOptions(path=root, cache=False))
    sizes = {f.path: f.tokens for f in whole.files}
    # Room for everything but one of the two long modules in full.
    budget = whole.total_tokens - sizes["pkg/colors.py"] // 2
    pack = build_pack(PackOptions(path=root, cache=False, budget=budget))
    modes = {f.path: f.mode for f in pack.files}
    assert modes["pkg/engine.py"] == "full"
    assert modes["pkg/colors.py"] != "full"


def test_a_barrel_that_imports_every_module_is_no_engine(make_repo: MakeRepo) -> None:
    files = repository()
    files["pkg/all.py"] = "".join(f"from pkg.{h} import {h}  # noqa\n" for h in HELPERS)
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    scores = rank_files(pack.files, History())
    assert scores["pkg/all.py"] < scores["pkg/engine.py"]
    assert scores["pkg/all.py"] <= scores["pkg/h1.py"]
