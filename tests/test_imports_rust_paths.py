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


def test_a_path_through_a_module_handed_on_by_pub_use_reaches_the_module_inside(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["core", "facade", "user"]\n',
            "core/Cargo.toml": '[package]\nname = "mycore"\nversion = "0.1.0"\n',
            "core/src/lib.rs": "pub mod de;\n",
            "core/src/de/mod.rs": "pub mod value;\nmod ignored;\npub use self::ignored::Ignored;\n"
            "pub trait Deserializer {}\n",
            "core/src/de/value.rs": "pub struct Bytes;\npub fn make() -> Bytes { Bytes }\n",
            "core/src/de/ignored.rs": "pub struct Ignored;\n",
            "facade/Cargo.toml": '[package]\nname = "facade"\nversion = "0.1.0"\n'
            '[dependencies]\nmycore = { path = "../core" }\n',
            "facade/src/lib.rs": "pub use mycore::de;\nmod private;\n",
            "facade/src/private/mod.rs": "mod de;\n",
            # A `use` path and a path in code, into the module handed on, into one handed
            # on there in turn, and to an item the handed-on module defines itself.
            "facade/src/private/de.rs": "use crate::de::value::Bytes;\n"
            "use crate::de::Ignored;\n\n"
            "pub fn f() -> Bytes { crate::de::value::make() }\n",
            "user/Cargo.toml": '[package]\nname = "user"\nversion = "0.1.0"\n'
            '[dependencies]\nfacade = { path = "../facade" }\n',
            "user/src/lib.rs": "use facade::de::value;\nuse facade::de::Deserializer;\n",
        },
    )
    assert g["facade/src/private/de.rs"] == ["core/src/de/ignored.rs", "core/src/de/value.rs"]
    assert g["user/src/lib.rs"] == ["core/src/de/mod.rs", "core/src/de/value.rs"]


def test_a_pub_use_group_and_a_path_through_a_glob_reach_the_defining_modules(
    make_repo,
) -> None:
    # A prelude handing names on (`pub use pa::{Span, ShellError}`) reaches where they are
    # defined, as `use` does; a path through a `pub use errors::*` at the crate's root
    # reaches the module inside (`pa::shell_error::io`).
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["crates/pa", "crates/pb"]\n',
            "crates/pa/Cargo.toml": '[package]\nname = "pa"\nversion = "0.1.0"\n',
            "crates/pb/Cargo.toml": '[package]\nname = "pb"\nversion = "0.1.0"\n'
            '[dependencies]\npa = { path = "../pa" }\n',
            "crates/pa/src/lib.rs": "mod span;\nmod errors;\npub use span::*;\npub use errors::*;\n",
            "crates/pa/src/span.rs": "pub struct Span { pub start: usize }\n",
            "crates/pa/src/errors/mod.rs": "pub mod shell_error;\npub use shell_error::ShellError;\n",
            "crates/pa/src/errors/shell_error/mod.rs": "pub mod io;\npub enum ShellError { A }\n",
            "crates/pa/src/errors/shell_error/io.rs": "pub struct IoError;\n",
            "crates/pb/src/lib.rs": "pub mod one;\npub mod two;\npub mod three;\n",
            "crates/pb/src/one.rs": "use pa::{Span, ShellError};\n",
            "crates/pb/src/two.rs": "pub use pa::{Span, ShellError};\n",
            "crates/pb/src/three.rs": "use pa::shell_error::io::IoError;\n",
        },
    )
    defining = ["crates/pa/src/errors/shell_error/mod.rs", "crates/pa/src/span.rs"]
    assert g["crates/pb/src/one.rs"] == g["crates/pb/src/two.rs"] == defining
    assert g["crates/pb/src/three.rs"] == ["crates/pa/src/errors/shell_error/io.rs"]


def test_an_extern_crate_is_an_edge_to_that_crate(make_repo) -> None:
    # A facade crate hands on its parts (`pub extern crate grep_cli as cli;`), and a crate of
    # the 2015 edition names its dependencies so; std, core and alloc are no edge.
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["cli", "facade"]\n',
            "cli/Cargo.toml": '[package]\nname = "grep-cli"\nversion = "0.1.0"\n',
            "cli/src/lib.rs": "pub fn is_tty() -> bool { true }\n",
            "facade/Cargo.toml": '[package]\nname = "grep"\nversion = "0.1.0"\n'
            '[dependencies]\ngrep-cli = { path = "../cli" }\n',
            "facade/src/lib.rs": "//! The crates, as one.\n\nextern crate alloc;\n"
            '#[cfg(feature = "cli")]\npub extern crate grep_cli as cli;\n'
            "extern crate serde;\n",
        },
    )
    assert g["facade/src/lib.rs"] == ["cli/src/lib.rs"]


def test_an_item_through_a_facade_crates_renamed_extern_crate_reaches_its_module(
    make_repo,
) -> None:
    # An umbrella crate hands its parts on as `pub extern crate grep_printer as printer;`:
    # `grep::printer::Standard` is the printer crate's `Standard`, where it is defined.
    files: dict[str, str | bytes] = {
        "Cargo.toml": (
            '[workspace]\nmembers = ["crates/grep", "crates/printer"]\n\n[package]\nname = "rg"\n'
            '[[bin]]\nname = "rg"\npath = "crates/core/main.rs"\n'
            '[dependencies]\ngrep = { path = "crates/grep" }\n'
        ),
        "crates/grep/Cargo.toml": '[package]\nname = "grep"\n',
        "crates/grep/src/lib.rs": "pub extern crate grep_printer as printer;\n",
        "crates/printer/Cargo.toml": '[package]\nname = "grep-printer"\n',
        "crates/printer/src/lib.rs": "pub use crate::standard::{Standard, Summary};\nmod standard;\n",
        "crates/printer/src/standard.rs": "pub struct Standard;\npub struct Summary;\n",
        "crates/core/main.rs": "use grep::printer::Standard;\n\nfn main() {\n    let _s: Standard;\n}\n",
    }
    edges = graph(make_repo, files)
    assert edges["crates/core/main.rs"] == ["crates/printer/src/standard.rs"]
    assert edges["crates/grep/src/lib.rs"] == ["crates/printer/src/lib.rs"]
