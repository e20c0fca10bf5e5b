"""Import resolution through a package's own maps: `package.json` subpath imports (`#name`)
and Cargo targets whose root file is named in Cargo.toml."""

from __future__ import annotations

import json

from .conftest import graph


def test_package_json_subpath_imports_resolve_from_the_nearest_package_json(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "pkg/package.json": json.dumps(
                {
                    "name": "pkg",
                    "type": "module",
                    "imports": {
                        "#types/*": "./types/*.d.ts",
                        "#types/internal/*": "./types/inner/*.d.ts",
                        "#util": "./src/util.ts",
                        "#flag": {"module-sync": "./misc/on.js", "default": "./misc/off.js"},
                        "#typed": {"default": "./dist/typed.js", "types": "./types/typed.d.ts"},
                        "#built": "./dist/built.js",
                        "#shared/*": "@me/shared/*",
                    },
                }
            ),
            "pkg/types/hmr.d.ts": "export interface Payload { type: string }\n",
            "pkg/types/inner/opts.d.ts": "export interface Opts { a: number }\n",
            "pkg/types/typed.d.ts": "export declare const t: number\n",
            "pkg/src/util.ts": "export const u = 1\n",
            "pkg/src/built.ts": "export const b = 1\n",
            "pkg/dist/typed.js": "export const t = 1\n",
            "pkg/misc/on.js": "export default true\n",
            "pkg/misc/off.js": "export default false\n",
            "pkg/src/index.ts": "import type { Payload } from '#types/hmr'\n"
            "import type { Opts } from '#types/internal/opts'\n"
            "import { u } from '#util'\nimport on from '#flag'\nimport { t } from '#typed'\n"
            "import { b } from '#built'\nimport { s } from '#shared/str'\n"
            "import { gone } from '#missing'\n"
            "export function send(p: Payload, o: Opts): number { return u + t + b + s }\n",
            "shared/package.json": '{"name": "@me/shared", "exports": {"./*": "./src/*.ts"}}\n',
            "shared/src/str.ts": "export const s = 1\n",
            # A package.json of its own, without "imports": `#util` means nothing here.
            "pkg/sub/package.json": '{"type": "module"}\n',
            "pkg/sub/a.ts": "import { u } from '#util'\nexport const a = u\n",
            # A package.json with no name still scopes its folder's imports.
            "app/package.json": '{"private": true, "imports": {"#lib/*": "./lib/*.js"}}\n',
            "app/lib/tool.ts": "export const tool = 1\n",
            "app/deep/main.ts": "import { tool } from '#lib/tool'\nexport const m = tool\n",
        },
    )
    assert g["pkg/src/index.ts"] == [
        "pkg/misc/on.js",
        "pkg/src/built.ts",
        "pkg/src/util.ts",
        "pkg/types/hmr.d.ts",
        "pkg/types/inner/opts.d.ts",
        "pkg/types/typed.d.ts",
        "shared/src/str.ts",
    ]
    assert g["pkg/sub/a.ts"] == []
    assert g["app/deep/main.ts"] == ["app/lib/tool.ts"]


def test_rust_crate_roots_named_by_bin_and_lib_paths(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[package]\nname = "demo"\n\n[[bin]]\nname = "demo"\n'
            'path = "crates/core/main.rs"\n',
            "crates/core/main.rs": "mod flags;\nmod haystack;\nmod search;\nfn main() {}\n",
            "crates/core/flags/mod.rs": "mod hiargs;\nmod lowargs;\n",
            "crates/core/flags/lowargs.rs": "pub(crate) struct LowArgs;\n",
            "crates/core/haystack.rs": "pub(crate) struct Haystack;\n",
            "crates/core/search.rs": "pub(crate) struct SearchWorker;\n",
            "crates/core/flags/hiargs.rs": "use crate::{\n    flags::lowargs::{LowArgs},\n"
            "    haystack::{Haystack},\n    search::{self, SearchWorker},\n};\n"
            "use super::lowargs;\n",
            # a library whose root is not lib.rs, and a binary beside it in the same folder
            "lib/Cargo.toml": '[package]\nname = "my-lib"\n\n[lib]\npath = "code/root.rs"\n\n'
            '[[bin]]\nname = "tool"\npath = "code/tool.rs"\n',
            "lib/code/root.rs": "pub mod parse;\n",
            "lib/code/parse.rs": "use crate::parse::inner::Token;\nmod inner;\n",
            "lib/code/parse/inner.rs": "use crate::parse;\npub struct Token;\n",
            "lib/code/tool.rs": "use my_lib::parse;\nfn main() {}\n",
            "lib/tests/it.rs": "mod common;\nuse my_lib::parse;\n",
            "lib/tests/common/mod.rs": "use crate::helper;\n",
            # targets in the folders Cargo scans for them are crates of their own
            "fuzz/Cargo.toml": '[package]\nname = "fuzz"\n\n[[bin]]\nname = "a"\n'
            'path = "fuzz_targets/a.rs"\n\n[[bin]]\nname = "b"\npath = "fuzz_targets/b.rs"\n',
            "fuzz/fuzz_targets/a.rs": "mod shared;\nuse crate::shared::X;\n",
            "fuzz/fuzz_targets/b.rs": "fn main() {}\n",
            "fuzz/fuzz_targets/shared.rs": "pub struct X;\n",
        },
    )
    assert g["crates/core/flags/hiargs.rs"] == [
        "crates/core/flags/lowargs.rs",
        "crates/core/haystack.rs",
        "crates/core/search.rs",
    ]
    assert g["crates/core/main.rs"] == [
        "crates/core/flags/mod.rs",
        "crates/core/haystack.rs",
        "crates/core/search.rs",
    ]
    assert g["crates/core/flags/mod.rs"] == [
        "crates/core/flags/hiargs.rs",
        "crates/core/flags/lowargs.rs",
    ]
    assert g["lib/code/root.rs"] == ["lib/code/parse.rs"]
    assert g["lib/code/parse.rs"] == ["lib/code/parse/inner.rs"]
    assert g["lib/code/parse/inner.rs"] == ["lib/code/parse.rs"]
    assert g["lib/code/tool.rs"] == ["lib/code/parse.rs"]
    assert g["lib/tests/it.rs"] == ["lib/code/parse.rs", "lib/tests/common/mod.rs"]
    assert g["fuzz/fuzz_targets/a.rs"] == ["fuzz/fuzz_targets/shared.rs"]
