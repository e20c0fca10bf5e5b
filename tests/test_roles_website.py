"""A project's static `website/` (its pages, styles and scripts) documents the project, as
`docs/` does; a `website/` that is a program (a Flask package, a Go server, a package.json
app), or all the code a repository holds, stays source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.languages import doc_sites
from repoview.packer import PackOptions, build_pack

_PAGE = "<!DOCTYPE html>\n<html><head><title>Lib</title></head><body><h1>Lib</h1></body></html>\n"


def test_a_project_website_is_docs(make_repo: Callable[..., Path]) -> None:
    repo = make_repo(
        {
            "lib/src/main/java/a/A.java": "package a;\npublic class A { int f() { return 1; } }\n",
            "website/index.html": _PAGE,
            "website/static/app.css": "body { color: red; }\n",
            "website/static/app.js": "function show(type) { return type; }\n",
            "website/.nojekyll": "",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    roles = {f.path: f.role for f in pack.files}
    assert roles["website/index.html"] == "docs"
    assert roles["website/static/app.css"] == "docs"
    assert roles["website/static/app.js"] == "docs"
    assert roles["lib/src/main/java/a/A.java"] == "source"


def test_a_website_that_is_a_program_is_not_a_site() -> None:
    code = ["setup.py", "lib/core.py"]
    pages = ["website/index.html", "website/static/app.css", "website/static/app.js"]
    assert doc_sites(code + pages) == {"website"}
    assert doc_sites(code + pages + ["website/__init__.py"]) == frozenset()
    assert doc_sites(code + pages + ["website/main.go"]) == frozenset()
    assert doc_sites(code + pages + ["website/package.json"]) == frozenset()
    assert doc_sites([*code, "website/src/App.tsx", "website/index.html"]) == frozenset()
    # The website is all the code there is (a deploy script aside): the repository's product.
    assert doc_sites([*pages, "deploy.sh", "README.md"]) == frozenset()
    # Only at the top: `apps/website/` is one of a monorepo's applications.
    assert doc_sites([*code, "apps/website/index.html"]) == frozenset()
