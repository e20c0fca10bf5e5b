"""Import resolution through a package's own maps: Cargo targets whose root file is named
in Cargo.toml."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]


def graph(make_repo: MakeRepo, files: dict[str, str | bytes]) -> dict[str, list[str]]:
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    return {f.path: f.imports for f in pack.files}


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
