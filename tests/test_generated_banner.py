"""A style sheet or script a build tool wrote carries its one-line banner (name, version,
licence): it is left out as generated; a hand-written file's `/*!` comment is not such a
banner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.packer import PackOptions, build_pack


def test_a_built_style_sheet_is_left_out_by_its_banner(make_repo: Callable[..., Path]) -> None:
    rules = ":root { --color: #fff; }\n.btn { padding: 1rem; }\n" * 20
    repo = make_repo(
        {
            "lib/app.ex": "defmodule App do\nend\n",
            # a hand-written note first, then what the tool wrote
            "priv/static/default.css": "/* Styles for the generated pages. */\n"
            "/*! tailwindcss v4.0.9 | MIT License | https://tailwindcss.com */\n" + rules,
            "priv/static/app.css": "/* The app's own look. */\n" + rules,
            # a Doxygen comment names no version and licence so
            "src/parse.h": "/*! \\brief Parse version 1.2 of the format; see LICENSE. */\n"
            "int parse(void);\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    excluded = {e.path: (e.reason, e.detail) for e in pack.excluded}
    assert excluded == {
        "priv/static/default.css": (
            "generated",
            "a build's banner: /*! tailwindcss v4.0.9 | MIT License",
        )
    }
