"""Rust paths written out in code, not only `use` lines, tie a file to the module they name:
`other_crate::Type` in a signature, `crate::a::f()` in a body, `super::b::g()`."""

from __future__ import annotations

from .conftest import graph


def test_paths_in_code_link_like_use_paths(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["lexer", "builder"]\n',
            "lexer/Cargo.toml": '[package]\nname = "lexer"\nversion = "0.1.0"\n',
            "lexer/src/lib.rs": "mod raw;\npub use raw::Tokens;\n",
            "lexer/src/raw.rs": "pub struct Tokens { items: Vec<String> }\n",
            "builder/Cargo.toml": '[package]\nname = "builder"\nversion = "0.1.0"\n'
            '[dependencies]\nlexer = { path = "../lexer" }\n',
            "builder/src/lib.rs": "pub mod parser;\npub mod util;\npub mod deep;\n",
            "builder/src/util.rs": "pub fn f() -> u8 { 1 }\npub fn g() -> u8 { 2 }\n",
            # A crate's type in a signature (followed through its `pub use` to where it is
            # defined), `crate::` in a body; std's paths, a macro, strings and comments not.
            "builder/src/parser.rs": "use std::fmt;\n\n"
            "/// Reads [`crate::deep::Hidden`].\n"
            "pub fn parse(raw: &mut lexer::Tokens) -> u8 {\n"
            '    let s = "crate::deep::x";\n    std::mem::drop(s);\n    crate::util::f()\n}\n',
            # `super::` from a module file; inside an inline module it is that module's.
            "builder/src/deep/mod.rs": "pub mod leaf;\npub struct Hidden;\n",
            "builder/src/deep/leaf.rs": "pub fn h() -> u8 { super::super::util::g() }\n\n"
            "#[cfg(test)]\nmod tests {\n    fn t() { super::h(); }\n}\n",
        },
    )
    assert g["builder/src/parser.rs"] == ["builder/src/util.rs", "lexer/src/raw.rs"]
    assert g["builder/src/deep/leaf.rs"] == ["builder/src/util.rs"]


def test_a_macro_path_and_an_unknown_crate_make_no_edge(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n',
            "src/lib.rs": "pub mod a;\npub mod b;\n",
            "src/a.rs": "pub fn f() -> u8 { 1 }\n",
            "src/b.rs": "pub fn g() -> u8 {\n    runtime::select! {}\n    crate::a::f() + serde::x()\n}\n",
        },
    )
    assert g["src/b.rs"] == ["src/a.rs"]
