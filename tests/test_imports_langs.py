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


def test_rust_items_a_parent_module_imports_privately_lead_its_children_on(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": CARGO,
            "src/main.rs": "mod context;\nmod module;\nmod modules;\nfn main() {}\n",
            "src/context.rs": "pub struct Context;\n",
            "src/module.rs": "pub struct Module;\n",
            "src/modules/mod.rs": (
                "mod git;\nuse crate::context::Context;\nuse crate::module::Module;\n\n"
                "pub fn handle(_c: &Context) -> Option<Module> { None }\n"
                "pub fn helper() {}\n"
            ),
            "src/modules/git.rs": (
                "use super::{Context, Module};\n\n"
                "pub fn module(_c: &Context) -> Option<Module> { None }\n"
            ),
            "src/modules/hg.rs": "use super::{helper, Context};\n",
        },
    )
    # A child module can name its parent's imports; they are defined where those lead, and
    # the parent, which only imports them, is no hub of its children.
    assert g["src/modules/git.rs"] == ["src/context.rs", "src/module.rs"]
    # A name the parent defines itself still leads to the parent.
    assert g["src/modules/hg.rs"] == ["src/context.rs", "src/modules/mod.rs"]
