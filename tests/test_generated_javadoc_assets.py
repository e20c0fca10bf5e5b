"""The style sheet javadoc writes beside its pages is generated, as the pages are; a project's
own style sheet that speaks of javadoc further down is not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from repoview.packer import PackOptions, build_pack

from .conftest import git

_RULES = "body {\n    background-color: #ffffff;\n    color: #353833;\n}\n"


def test_javadoc_style_sheets_are_generated(make_repo: Callable[..., Path]) -> None:
    repo = make_repo(
        {
            "src/main/java/a/A.java": "package a;\npublic class A {}\n",
            # JDK 8's opening, then JDK 9 and later's
            "site/api/stylesheet.css": "/* Javadoc style sheet */\n/*\nOverall document style\n*/\n"
            + _RULES,
            "site/api2/stylesheet.css": "/*\n * Javadoc style sheet\n */\n\n" + _RULES,
            "site/app.css": "/* The site's look; the javadoc style sheet is in api/. */\n" + _RULES,
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    excluded = {e.path: (e.reason, e.detail) for e in pack.excluded}
    assert excluded["site/api/stylesheet.css"] == ("generated", "Javadoc style sheet")
    assert excluded["site/api2/stylesheet.css"] == ("generated", "Javadoc style sheet")
    assert "site/app.css" in {f.path for f in pack.files}


def test_the_rest_of_a_generated_site_goes_with_its_pages(make_repo: Callable[..., Path]) -> None:
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Ref</title>\n'
        '<meta name="generator" content="jazzy 0.15">\n</head>\n<body>Ref</body>\n</html>\n'
    )
    repo = make_repo(
        {
            "Source/Session.swift": "public final class Session {}\n",
            "Documentation/Usage.md": "# Usage\n\nCreate a `Session`.\n",
            "docs/index.html": page,
            "docs/Classes/Session.html": page,
            "docs/search.json": '{"Classes/Session.html": {"name": "Session"}}\n',
            "docs/js/jazzy.js": "window.jazzy = {docset: false};\n",
            "docs/css/jazzy.css": "body { margin: 0; }\n",
            # a guide written beside the site is no part of it
            "docs/guide.md": "# Guide\n\nStart a `Session`.\n",
            # a generated page at the top names no site: the repository is not its output
            "index.html": page,
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    excluded = {e.path: (e.reason, e.detail) for e in pack.excluded}
    for asset in ("docs/search.json", "docs/js/jazzy.js", "docs/css/jazzy.css"):
        assert excluded[asset] == (
            "generated",
            'part of a generated site (docs/index.html: <meta name="generator" content="jazzy '
            '0.15">)',
        ), excluded.get(asset)
    assert excluded["docs/Classes/Session.html"][0] == "generated"
    assert {f.path for f in pack.files} == {
        "Source/Session.swift",
        "Documentation/Usage.md",
        "docs/guide.md",
    }
    # A change that rebuilds the site's script shows no new text of it, as the base does not.
    (repo / "docs" / "js" / "jazzy.js").write_text("window.jazzy = {docset: true};\n")
    git(repo, "commit", "-qam", "rebuild docs")
    change = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", cache=False, fmt="json"))
    data = json.loads(change.output)
    assert [f["path"] for f in data["change"]["files"]] == [], data["change"]["files"]
    assert "docset: true" not in change.output
