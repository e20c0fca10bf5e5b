"""The import graph of Rust, Go, Java, Kotlin and Ruby: names followed to where they are
declared."""

from __future__ import annotations

from .conftest import graph

CARGO = '[package]\nname = "x"\nversion = "0.1.0"\n'


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


def test_kotlin_imports_of_functions_constants_and_companions_and_java_to_kotlin(
    make_repo,
) -> None:
    k, u, j = "lib/src/main/kotlin/com/x", "app/src/main/kotlin/com/y", "app/src/main/java/com/z"
    g = graph(
        make_repo,
        {
            f"{k}/TypeNames.kt": (
                "package com.x\n\npublic fun String.asName(): String = this\n"
                'const val STRING: String = "s"\nprivate fun hidden() = 1\n'
            ),
            f"{k}/Ptn.kt": "package com.x\n\nclass Ptn {\n  companion object {\n    fun of(): Ptn = Ptn()\n  }\n}\n",
            f"{k}/Spec.kt": "package com.x\n\nclass Spec(val name: String)\n",
            f"{k}/Data.kt": "package com.x\n\ndata class ClassData(val n: Int)\n",
            f"{k}/Other.kt": "package com.w\n\nfun asName() = 1\n",
            f"{u}/Use.kt": (
                "package com.y\n\nimport com.x.asName\nimport com.x.STRING\n"
                "import com.x.Ptn.Companion.of\nimport com.x.ClassData\n\n"
                "fun use() = STRING.asName() + of() + ClassData(1)\n"
            ),
            f"{j}/J.java": 'package com.z;\n\nimport com.x.Spec;\n\nclass J { Spec s = new Spec("a"); }\n',
        },
    )
    # A function or constant is in whichever file of its package declares it; a companion's
    # member is in its class's file; Java and Kotlin classes import each other.
    assert g[f"{u}/Use.kt"] == [f"{k}/Data.kt", f"{k}/Ptn.kt", f"{k}/TypeNames.kt"]
    assert g[f"{j}/J.java"] == [f"{k}/Spec.kt"]


def test_ruby_autoload_with_a_path_is_loaded_as_require_loads_it(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "lib/foo.rb": 'module Foo\n  autoload :Bar, "foo/bar"\n  autoload(:Baz, "foo/baz")\n'
            '  autoload :Gone, "foo/gone"\nend\nrequire "foo/qux"\n',
            "lib/foo/bar.rb": "module Foo; class Bar; end; end\n",
            "lib/foo/baz.rb": "module Foo; class Baz; end; end\n",
            "lib/foo/qux.rb": "module Foo; class Qux; end; end\n",
            # A same-named file off the load path is not what the autoload loads.
            "bench/foo/gone.rb": "x = 1\n",
        },
    )
    assert g["lib/foo.rb"] == ["lib/foo/bar.rb", "lib/foo/baz.rb", "lib/foo/qux.rb"]


def test_an_include_inside_an_initializer_is_an_edge(make_repo) -> None:
    # A table the preprocessor fills (`names[] = {` then `#include "ops.h"`): the grammar sees
    # tokens there, not a directive. An include in a comment is still none.
    g = graph(
        make_repo,
        {
            "src/ops.h": "OP(add)\nOP(sub)\n",
            "src/usage.h": "int usage(void);\n",
            "src/vm.c": '#include <stdio.h>\n/* to use it:\n#include "usage.h"\n*/\n'
            "#define OP(x) #x,\nstatic const char *names[] = {\n"
            '#include "ops.h"\n};\nint main(void) { return names[0][0]; }\n',
        },
    )
    assert g["src/vm.c"] == ["src/ops.h"]


def test_haskell_imports_reach_the_modules_under_source_folders(make_repo) -> None:  # type: ignore[no-untyped-def]
    from .conftest import graph

    edges = graph(
        make_repo,
        {
            "pandoc.cabal": "library\n  hs-source-dirs: src\n",
            "src/Text/Pandoc/Shared.hs": "module Text.Pandoc.Shared (trim) where\n\ntrim = id\n",
            "src/Text/Pandoc/Options.hs": "module Text.Pandoc.Options where\n",
            "src/Text/Pandoc/Writers/HTML.hs": (
                "{-# LANGUAGE OverloadedStrings #-}\nmodule Text.Pandoc.Writers.HTML where\n\n"
                "import qualified Data.Map as M\nimport Text.Pandoc.Shared (trim)\n"
                "import Text.Pandoc.Options qualified as O\n"
                "-- import Text.Pandoc.Nothing\n"
            ),
            "lua/src/Text/Pandoc/Lua.hs": "module Text.Pandoc.Lua where\nimport Text.Pandoc.Shared\n",
            "test/Tests/Shared.hs": "module Tests.Shared where\nimport Text.Pandoc.Shared\n",
        },
    )
    assert edges["src/Text/Pandoc/Writers/HTML.hs"] == [
        "src/Text/Pandoc/Options.hs",
        "src/Text/Pandoc/Shared.hs",
    ]
    assert edges["lua/src/Text/Pandoc/Lua.hs"] == ["src/Text/Pandoc/Shared.hs"]
    assert edges["test/Tests/Shared.hs"] == ["src/Text/Pandoc/Shared.hs"]
