"""A relative import of a folder (`require('..')`, `import x from './'`) resolves as Node
does: the folder's package.json entry, else its index file; a trailing slash, `.` and `..`
name the folder only, never a file beside it."""

from __future__ import annotations

from .conftest import graph


def test_a_package_root_required_from_its_tests(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "package.json": '{"name": "req", "main": "index.js"}\n',
            "index.js": "module.exports = require('./lib/app')\n",
            "lib/app.js": "module.exports = function app() { return 1 }\n",
            "lib/index.js": "module.exports = 2\n",
            "test/app.test.js": "var a = require('../')\nvar b = require('..')\n"
            "var c = require('../lib')\n",
            "test/deep/more.test.js": "var a = require('../..')\nvar b = require('../../')\n",
            "index.test.js": "var a = require('.')\nvar b = require('./')\n",
            "src/index.ts": "export const x = 1\n",
            "src/a/b.ts": "import { x } from '..'\nexport const y = x\n",
        },
    )
    assert g["test/app.test.js"] == ["index.js", "lib/index.js"]
    assert g["test/deep/more.test.js"] == ["index.js"]
    assert g["index.test.js"] == ["index.js"]
    assert g["src/a/b.ts"] == ["src/index.ts"]


def test_a_folder_with_a_package_json_leads_to_its_main(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "dep/package.json": '{"name": "dep", "main": "lib/main.js"}\n',
            "dep/lib/main.js": "module.exports = 1\n",
            "dep/index.js": "module.exports = 'not the entry'\n",
            "dep/entry.js": "module.exports = require('./')\n",
            "use.js": "module.exports = require('./dep')\n",
        },
    )
    assert g["dep/entry.js"] == ["dep/lib/main.js"]
    assert g["use.js"] == ["dep/lib/main.js"]


def test_a_trailing_slash_names_the_folder_not_the_file_beside_it(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "util.js": "module.exports = 'file'\n",
            "util/index.js": "module.exports = 'folder'\n",
            "a.js": "require('./util')\n",
            "b.js": "require('./util/')\n",
        },
    )
    assert g["a.js"] == ["util.js"]
    assert g["b.js"] == ["util/index.js"]


def test_types_a_jsdoc_comment_imports_are_edges(make_repo) -> None:  # type: ignore[no-untyped-def]
    edges = graph(
        make_repo,
        {
            "src/types.d.ts": "export interface Source { v: number }\n",
            "src/thing.js": "/** @typedef {{ x: number }} Thing */\nexport const b = 1;\n",
            "src/shapes.ts": "export type Shape = { sides: number };\n",
            "src/a.js": (
                "/** @import { Source, Effect as E } from './types.js' */\n"
                "/** @import * as shapes from './shapes.js' */\n\n"
                "/**\n * @param {Source} s\n * @returns {import('./thing.js').Thing}\n */\n"
                "export function get(s) { return s.v; }\n"
                "// @import { Nope } from './nope.js' (a line comment: no JSDoc)\n"
                "const text = '/** @import { X } from \"./string.js\" */';\n"
            ),
            "src/nope.js": "export const Nope = 1;\n",
            "src/string.js": "export const X = 1;\n",
        },
    )
    assert edges["src/a.js"] == ["src/shapes.ts", "src/thing.js", "src/types.d.ts"]


def test_a_glob_string_with_two_stars_hides_no_jsdoc_import(make_repo) -> None:  # type: ignore[no-untyped-def]
    globs = "".join(f'const p{i} = "packages/p{i}/**";\n' for i in range(200))
    edges = graph(
        make_repo,
        {
            "src/types.d.ts": "export interface Source { v: number }\n",
            "src/a.js": globs
            + "/** @import { Source } from './types.js' */\nexport const a = 1;\n",
        },
    )
    assert edges["src/a.js"] == ["src/types.d.ts"]
