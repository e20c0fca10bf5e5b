"""A workspace package whose package.json names its build (`lib/umd/main.js`,
`lib/esm/main.js`, `dist/cjs/index.js`) is imported through the source it is built from."""

from __future__ import annotations

import json

from .conftest import graph


def test_entries_in_a_build_variant_folder_lead_to_the_source(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "package.json": '{"private": true, "workspaces": ["types", "cjs", "api", "app"]}\n',
            # Built twice by its tsconfig (outDir ../lib/umd from rootDir .), to lib/umd and
            # lib/esm; the types entry has no extension.
            "types/package.json": json.dumps(
                {
                    "name": "my-types",
                    "main": "./lib/umd/main.js",
                    "typings": "./lib/umd/main",
                    "exports": {
                        ".": {"import": "./lib/esm/main.js", "default": "./lib/umd/main.js"}
                    },
                }
            ),
            "types/src/tsconfig.json": '{"compilerOptions": {"rootDir": ".",'
            ' "outDir": "../lib/umd"}}\n',
            "types/src/main.ts": "export interface Position { line: number }\n",
            # No tsconfig says where dist/cjs comes from: src/, the variant folder dropped.
            "cjs/package.json": '{"name": "my-cjs", "main": "./dist/cjs/index.js",'
            ' "types": "./dist/types/index.d.ts"}\n',
            "cjs/src/index.ts": "export const one = 1\n",
            # `lib/common/api.d.ts` is `src/common/api.ts`: a folder of the source, kept.
            "api/package.json": json.dumps(
                {
                    "name": "my-api",
                    "exports": {
                        ".": {"types": "./lib/common/api.d.ts", "default": "./lib/common/api.js"},
                        "./node": {"types": "./lib/node/main.d.ts"},
                    },
                }
            ),
            "api/src/common/api.ts": "export const api = 1\n",
            "api/src/api.ts": "export const decoy = 1\n",
            "api/src/node/main.ts": "export const node = 1\n",
            "app/package.json": '{"name": "app"}\n',
            "app/src/a.ts": "import { Position } from 'my-types'\nimport { one } from 'my-cjs'\n"
            "import { api } from 'my-api'\nimport { node } from 'my-api/node'\n"
            "export const p: Position = { line: one + api + node }\n",
        },
    )
    assert g["app/src/a.ts"] == [
        "api/src/common/api.ts",
        "api/src/node/main.ts",
        "cjs/src/index.ts",
        "types/src/main.ts",
    ]


def test_an_out_dir_from_a_tsconfig_maps_a_build_back_to_its_root_dir(make_repo) -> None:
    g = graph(
        make_repo,
        {
            # The build's folder is no usual name; the tsconfig says where it comes from.
            "pkg/package.json": '{"name": "pkg", "main": "./compiled/index.js"}\n',
            "pkg/tsconfig.json": '{"compilerOptions": {"rootDir": "./source",'
            ' "outDir": "./compiled"}}\n',
            "pkg/source/index.ts": "export const v = 1\n",
            "use.ts": "import { v } from 'pkg'\nexport const w = v\n",
            "package.json": '{"name": "root", "workspaces": ["pkg"]}\n',
        },
    )
    assert g["use.ts"] == ["pkg/source/index.ts"]


def test_an_entry_whose_style_condition_comes_first_leads_code_to_the_code(make_repo) -> None:
    # `style` is for a stylesheet's `@import "core"`; Node and TypeScript take `types`,
    # `import`, `require` and `default`, whatever the object's order.
    g = graph(
        make_repo,
        {
            "package.json": '{"private": true, "workspaces": ["packages/*"]}\n',
            "packages/core/package.json": json.dumps(
                {
                    "name": "core",
                    "exports": {
                        ".": {
                            "style": "./index.css",
                            "types": "./src/index.ts",
                            "import": "./src/index.ts",
                        },
                        "./plugin": {"style": "./plugin.css", "import": "./src/plugin.ts"},
                    },
                }
            ),
            "packages/core/index.css": '@import "./theme.css";\n',
            "packages/core/plugin.css": ".p { color: red }\n",
            "packages/core/src/index.ts": "export function compile(s: string) { return s }\n",
            "packages/core/src/plugin.ts": "export const plugin = 1\n",
            "packages/app/package.json": '{"name": "app"}\n',
            "packages/app/src/main.ts": "import { compile } from 'core'\n"
            "import { plugin } from 'core/plugin'\nexport const out = compile('x') + plugin\n",
        },
    )
    assert g["packages/app/src/main.ts"] == [
        "packages/core/src/index.ts",
        "packages/core/src/plugin.ts",
    ]
