"""The import graph of Rust, Go, Java and Kotlin: names followed to where they are declared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]
CARGO = '[package]\nname = "x"\nversion = "0.1.0"\n'


def graph(make_repo: MakeRepo, files: dict[str, str]) -> dict[str, list[str]]:
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    return {f.path: f.imports for f in pack.files}


def test_rust_super_inside_an_inline_test_module_is_the_file_itself(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": CARGO,
            "src/main.rs": "mod a;\nmod b;\nfn main() { a::f(); }\n",
            "src/a.rs": (
                "pub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n"
                "    use super::super::b::g;\n    mod util;\n\n    #[test]\n    fn t() { f(); g(); }\n}\n"
            ),
            "src/a/tests/util.rs": "pub fn h() {}\n",
            "src/b.rs": "pub fn g() {}\n",
        },
    )
    # `super` in `a::tests` is `a`; `super::super` is the crate root, whose `b` is b.rs;
    # the inline module's own `mod util;` is a/tests/util.rs.
    assert g["src/a.rs"] == ["src/a/tests/util.rs", "src/b.rs"]
    assert g["src/main.rs"] == ["src/a.rs", "src/b.rs"]
