"""A JavaScript library's hand-written type declarations import one another for their
types: they do not vote for centrality beside the runtime, which they describe. And a module
that is one factory function keeps the heads of the functions it declares in its outline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.rank import source_importers
from repoview.compress import compress, signatures
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]


def library(with_runtime: bool = True) -> dict[str, str]:
    files: dict[str, str] = {}
    # Eight declaration files, each importing the shared utility types.
    files["types/utils.d.ts"] = "export type Maybe<T> = T | undefined\n"
    for i in range(8):
        files[f"types/t{i}.d.ts"] = (
            f"import {{ Maybe }} from './utils'\nexport interface T{i} {{ v: Maybe<number> }}\n"
        )
    if with_runtime:
        # Nine runtime modules, each using the symbols module.
        files["lib/symbols.js"] = "module.exports = { kA: Symbol('a') }\n"
        for i in range(9):
            files[f"lib/m{i}.js"] = (
                f"const {{ kA }} = require('./symbols')\nmodule.exports = function m{i} () {{ return kA }}\n"
            )
    return files


def test_declarations_beside_javascript_do_not_vote(make_repo: MakeRepo) -> None:
    pack = build_pack(PackOptions(path=make_repo(library()), cache=False))
    counts = source_importers(pack.files)
    assert counts["lib/symbols.js"] == 9
    assert counts["types/utils.d.ts"] == 0  # (the eight declarations importing it do not count)


def test_a_package_of_declarations_alone_keeps_their_votes(make_repo: MakeRepo) -> None:
    pack = build_pack(PackOptions(path=make_repo(library(with_runtime=False)), cache=False))
    assert source_importers(pack.files)["types/utils.d.ts"] == 8


FACTORY = """'use strict'

const http = require('node:http')

function app (options) {
  const state = { routes: [] }
  const instance = {
    route: route,
    listen: listen
  }

  function route (path, handler) {
    state.routes.push({ path, handler })
    return instance
  }

  function listen (port) {
    const server = http.createServer()
    return server.listen(port)
  }

  return instance
}

function single (x) {
  const y = x + 1
  function inner () {
    return y
  }
  return inner()
}

module.exports = app
"""


def test_a_factory_functions_outline_names_the_functions_it_declares() -> None:
    outline = compress(FACTORY, "JavaScript")
    assert "  function route (path, handler) { /* ... */ }" in outline
    assert "  function listen (port) { /* ... */ }" in outline
    assert "state.routes.push" not in outline and "const instance" not in outline
    assert "  /* ... 6 lines elided */\n  function route" in outline
    # One function declared inside another is its body's detail: elided with it.
    assert "function single (x) { /* ... */ }" in outline and "inner" not in outline
    # The outline names what the signatures name, and more.
    for line in signatures(FACTORY, "JavaScript").splitlines():
        name = line.strip().split("(")[0]
        assert name in outline or name.endswith("inner"), line


def test_a_factory_outline_keeps_the_files_line_endings() -> None:
    outline = compress(FACTORY.replace("\n", "\r\n"), "JavaScript")
    assert outline.count("\n") == outline.count("\r\n") > 0
    assert "  function route (path, handler) { /* ... */ }\r\n" in outline


def test_a_factory_outline_keeps_the_comments_above_its_functions() -> None:
    js = (
        "function app (opts) {\n  const a = 1\n\n  /**\n   * Adds a route.\n   *\n"
        "   * Long detail here.\n   */\n  function route (path) {\n    return path\n  }\n"
        "  // close the server\n  function close () {\n    return 1\n  }\n}\n"
    )
    outline = compress(js, "JavaScript")
    assert "  /**\n   * Adds a route.\n   */\n  function route (path) { /* ... */ }" in outline
    assert "  // close the server\n  function close () { /* ... */ }" in outline
    assert "Long detail" not in outline and "const a" not in outline
