"""The import graph a pack reports: each language resolved as its own tools would."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from repoview.analyze.barrels import Module, module_edges
from repoview.analyze.extract import extract, use_paths
from repoview.analyze.pyimports import python_imports
from repoview.analyze.rank import centrality, source_importers
from repoview.packer import PackOptions, build_pack

from .conftest import graph


def test_python_stdlib_names_never_link_to_same_named_package_files(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/pkg/__init__.py": "from .config import load\n",
            "src/pkg/config.py": "import json\nimport typing as t\nimport collections.abc\nfrom . import json as local_json\n",
            "src/pkg/json/__init__.py": "X = 1\n",
            "src/pkg/typing.py": "T = 1\n",
            "src/pkg/orm/collections.py": "C = 1\n",
            "src/pkg/orm/__init__.py": "from .collections import C\nfrom pkg.typing import T\n",
        },
    )
    # `import json` is the standard library's; only the relative import reaches pkg/json.
    assert g["src/pkg/config.py"] == ["src/pkg/json/__init__.py"]
    assert g["src/pkg/__init__.py"] == ["src/pkg/config.py"]
    assert g["src/pkg/orm/__init__.py"] == ["src/pkg/orm/collections.py", "src/pkg/typing.py"]


def test_folders_of_stubs_are_no_roots_for_the_codes_imports(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "app/__init__.py": "",
            "app/main.py": "import json\nfrom typing import Any\nimport attr\nfrom app import util\n",
            "app/util.py": "X = 1\n",
            "app/_speedups.pyi": "def fast() -> int: ...\n",
            "app/fast.py": "from app._speedups import fast\n",
            # a type checker's copy of the standard library, and a test suite's fixture stubs
            "stubs/stdlib/json/__init__.pyi": "def dumps(x: object) -> str: ...\n",
            "stubs/stdlib/typing.pyi": "Any = object\n",
            "tests/lib-stub/attr/__init__.pyi": "def s() -> None: ...\n",
        },
    )
    assert g["app/main.py"] == ["app/util.py"]
    assert g["app/fast.py"] == ["app/_speedups.pyi"]  # a stub beside the code still counts


def test_python_imports_in_strings_and_docstrings_are_not_imports(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "app/__init__.py": "",
            "app/util.py": "X = 1\n",
            "app/core.py": '"""Use it like this:\n\n    from app import util\n    import app.util\n"""\nCODE = "import app.util"\n# import app.util\n',
            "app/main.py": "def f():\n    from app.util import X\n    return X\n",
        },
    )
    assert g["app/core.py"] == []
    assert g["app/main.py"] == ["app/util.py"]  # an import inside a function still counts


def _ast_specs(source: str) -> list[list[str]]:
    """What Python's own parser says `source` imports, in the extractor's shape."""
    out: list[list[str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [
                ["import", a.name, a.asname] if a.asname else ["import", a.name] for a in node.names
            ]
        elif isinstance(node, ast.ImportFrom):
            names = ",".join(a.name for a in node.names)
            module = "." * node.level + (node.module or "")
            out.append(["from", module, names])
            renamed = ",".join(f"{a.name}={a.asname}" for a in node.names if a.asname)
            if renamed:
                out.append(["as", module, renamed])
    return sorted(out)


PYTHON_FORMS = {
    "parenthesised, multi-line, with comments": (
        "from pkg.mod import (  # why\n    a as b,\n    c,  # ) not the end\n)\n"
    ),
    "blank line inside the parentheses": "import os\nfrom pkg import (\n    a,\n\n    b,\n)\n",
    "backslash continuations": "import a.b, \\\n    c.d as e\nfrom x \\\n    import y\n",
    "after : and ;": "try: import fast\nexcept ImportError: fast = None\nimport a; import b as c\n",
    "relative levels": "from . import a\nfrom .. import b\nfrom ...pkg.sub import c\nfrom .x import *\n",
    "future and aliases": "from __future__ import annotations\nimport a.b.c as abc, d\n",
    "spaces around dots": "from . mod import a\nimport pkg . sub\n",
    "keyword lookalikes": (
        "yield_from = importlib = 1\ndef f():\n    yield from g()\n    raise E from None\n"
    ),
    "strings with quotes and escapes": (
        "s = 'it\\'s; import no1'\nt = r\"\\\" import no2\"\nu = '''\nimport no3\n'''\n"
        'v = f"{x!r} import no4"  # import no5\nimport yes\n'
    ),
    "docstring with code examples": (
        '"""Usage:\n\n    from pkg import thing\n    import pkg.x\n"""\n\n'
        "import real\n\n\ndef f():\n    '''import inner_doc'''\n    import inner\n"
    ),
}


@pytest.mark.parametrize("source", PYTHON_FORMS.values(), ids=PYTHON_FORMS.keys())
def test_python_extraction_matches_pythons_own_parser(source: str) -> None:
    assert sorted(python_imports(source)) == _ast_specs(source)


def test_python_extraction_reads_what_it_can_of_broken_files() -> None:
    # Open strings end where Python would have stopped reading them; no crash, no guess.
    assert python_imports("x = 'open\nimport a\ny = '''never closed\nimport b\n") == [
        ["import", "a"]
    ]
    # A list that never closes names no submodule for sure: the package itself counts.
    assert python_imports("from pkg import (a,\n  b\nimport c\n") == [
        ["from", "pkg", ""],
        ["import", "c"],
    ]
    assert python_imports("from import x\nimport\n") == []


def test_python_relative_levels_submodules_and_script_folders(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "lib/pkg/__init__.py": "",
            "lib/pkg/a/__init__.py": "from .. import b\nfrom ..c import thing, sub\n",
            "lib/pkg/b.py": "",
            "lib/pkg/c/__init__.py": "thing = 1\n",
            "lib/pkg/c/sub.py": "",
            "tools/run.py": "import helper\nimport pkg.c.sub\nimport os.path\n",
            "tools/helper.py": "",
        },
    )
    assert g["lib/pkg/a/__init__.py"] == [
        "lib/pkg/b.py",
        "lib/pkg/c/__init__.py",
        "lib/pkg/c/sub.py",
    ]
    # A script's own folder is on sys.path when it runs; lib/ is a source root.
    assert g["tools/run.py"] == ["lib/pkg/c/sub.py", "tools/helper.py"]


def test_a_namespace_passed_on_whole_reaches_only_what_its_barrel_hands_on(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "packages/a/package.json": '{"name": "@s/a", "exports": {".": "./src/index.ts"}}\n',
            "packages/a/src/index.ts": 'export * from "./x";\nexport * from "./y";\n',
            "packages/a/src/x.ts": "export const fromX = 1;\n",
            "packages/a/src/y.ts": "export const fromY = 2;\n",
            "packages/b/package.json": '{"name": "@s/b", "exports": {".": "./src/index.ts"}}\n',
            "packages/b/src/index.ts": "export { fromX } from '@s/a'\nexport const own = 1\n",
            "packages/c/src/main.ts": "import * as B from '@s/b'\nexport const w = B\n",
        },
    )
    # b hands on one name of a's: c reaches the file defining it, not all of a
    assert g["packages/c/src/main.ts"] == ["packages/a/src/x.ts", "packages/b/src/index.ts"]


def test_rust_use_trees_reach_each_module(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["core", "util"]\n',
            "core/Cargo.toml": '[package]\nname = "my-core"\n',
            "core/src/lib.rs": "pub mod sync;\nmacro_rules! m { () => {} }\ncfg_x! { pub mod rt; }\n",
            "core/src/rt.rs": "use super::sync::oneshot::Sender;\n",
            "core/src/sync/mod.rs": "pub mod oneshot;\npub mod watch;\n",
            "core/src/sync/oneshot.rs": "use crate::sync::{watch, self};\n",
            "core/src/sync/watch.rs": "",
            "util/Cargo.toml": '[package]\nname = "util"\n',
            "util/src/lib.rs": 'use my_core::sync::{oneshot, watch};\nuse std::io;\nconst S: &str = "use my_core::rt;";\n',
        },
    )
    assert g["util/src/lib.rs"] == ["core/src/sync/oneshot.rs", "core/src/sync/watch.rs"]
    assert g["core/src/lib.rs"] == ["core/src/rt.rs", "core/src/sync/mod.rs"]
    assert g["core/src/rt.rs"] == ["core/src/sync/oneshot.rs"]
    assert g["core/src/sync/oneshot.rs"] == ["core/src/sync/mod.rs", "core/src/sync/watch.rs"]


def test_rust_modules_declared_by_a_macro_or_at_a_path(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[package]\nname = "x"\n',
            "src/lib.rs": (
                "macro_rules! crate_root {\n    () => {\n        pub mod de;\n        mod $m;\n    };\n}\n"
                'crate_root!();\n#[path = "core/ser/mod.rs"]\nmod ser;\n'
            ),
            "src/de.rs": "",
            "src/core/ser/mod.rs": "",
            "src/ser.rs": "// not the module: the attribute says where it is\n",
        },
    )
    assert g["src/lib.rs"] == ["src/core/ser/mod.rs", "src/de.rs"]


def test_rust_items_are_followed_through_pub_use_to_the_defining_module(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["core", "app"]\n',
            "core/Cargo.toml": '[package]\nname = "my-core"\n',
            "core/src/lib.rs": (
                "mod transaction;\npub mod selection;\nmod util;\n"
                "pub use transaction::{Transaction, Change as Edit};\npub use util::*;\n"
                "pub use selection::Range;\npub struct Version;\n"
            ),
            "core/src/transaction.rs": "pub struct Transaction;\npub enum Change { A }\n",
            "core/src/selection.rs": "pub struct Range;\npub struct Selection;\n",
            "core/src/util.rs": "pub fn helper() {}\npub(crate) const LIMIT: u8 = 1;\n",
            "app/Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\nmy-core = { path = "../core" }\n',
            "app/src/lib.rs": "use my_core::{Transaction, Edit, helper, Version};\n",
            "app/src/sel.rs": "use my_core::selection::Selection;\nuse my_core::Range;\n",
            "app/src/unknown.rs": "use my_core::Missing;\n",
        },
    )
    # each item reaches the module that defines it, by name or through a glob
    assert g["app/src/lib.rs"] == [
        "core/src/lib.rs",
        "core/src/transaction.rs",
        "core/src/util.rs",
    ]
    assert g["app/src/sel.rs"] == ["core/src/selection.rs"]
    assert g["app/src/unknown.rs"] == ["core/src/lib.rs"]  # not found: the crate root


def test_a_rust_glob_import_reaches_the_modules_of_the_types_the_code_names(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[package]\nname = "app"\n',
            "src/lib.rs": (
                "pub(crate) use {\n  crate::{lexer::Lexer, token::Token, recipe::Recipe},\n"
                "  std::collections::BTreeMap,\n};\n"
                "mod lexer;\nmod token;\nmod recipe;\nmod parser;\n"
            ),
            "src/lexer.rs": "use super::*;\npub(crate) struct Lexer;\n",
            "src/token.rs": "use super::*;\npub(crate) struct Token;\n",
            "src/recipe.rs": "use super::*;\npub(crate) struct Recipe;\n",
            # (a type named only in a comment or a string is not used: `Recipe`)
            "src/parser.rs": (
                "use super::*;\n// builds a Recipe\npub(crate) struct Parser<'a> {\n"
                "  tokens: Vec<Token>,\n  lexer: Lexer,\n  map: BTreeMap<u8, u8>,\n  s: &'a str,\n}\n"
                'const NOTE: &str = "Recipe";\n'
            ),
        },
    )
    assert g["src/parser.rs"] == ["src/lexer.rs", "src/lib.rs", "src/token.rs"]


def test_rust_use_tree_expansion() -> None:
    assert use_paths("crate::a::{b, c::{self, D as E}, f::*}") == [
        "crate::a::b",
        "crate::a::c",
        "crate::a::c::D",
        "crate::a::f::*",  # (a glob: the names the code uses say what it takes)
    ]
    # a `pub use` keeps what it hands on: the glob and the new name
    assert use_paths("a::{B as C, d::*}", exported=True) == ["a::B=C", "a::d::*"]


def test_c_includes_relative_then_include_folders(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/server.c": '#include "server.h"\n#include "util/sds.h"\n#include <mylib/api.h>\n#include <stdio.h>\n/* #include "gone.h" */\n',
            "src/server.h": '#include "config.h"\n',
            "src/config.h": "",
            "src/util/sds.h": "",
            "include/mylib/api.h": "",
            "tests/config.h": "",
        },
    )
    assert g["src/server.c"] == ["include/mylib/api.h", "src/server.h", "src/util/sds.h"]
    assert g["src/server.h"] == ["src/config.h"]


def test_c_includes_relative_to_the_repository_root(make_repo) -> None:
    # leveldb and git style: every file names headers from the top of the repository.
    g = graph(
        make_repo,
        {
            "db/dbformat.h": '#include "util/coding.h"\n',
            "db/db_impl.cc": '#include "db/dbformat.h"\n#include "db/db_impl.h"\n',
            "db/db_impl.h": "",
            "table/table.cc": '#include "db/dbformat.h"\n#include "util/coding.h"\n',
            "util/coding.h": "",
            "git-compat-util.h": "",
            "builtin/add.c": '#include "git-compat-util.h"\n#include "builtin.h"\n',
            "builtin.h": '#include "git-compat-util.h"\n',
        },
    )
    assert g["db/db_impl.cc"] == ["db/db_impl.h", "db/dbformat.h"]
    assert g["table/table.cc"] == ["db/dbformat.h", "util/coding.h"]
    assert g["db/dbformat.h"] == ["util/coding.h"]
    assert g["builtin/add.c"] == ["builtin.h", "git-compat-util.h"]


def test_c_angle_includes_reach_include_folders_but_not_vendored_system_headers(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            # A library's public headers below a nested include/ folder.
            "libs/mylib/include/mylib/api.h": "#include <stdint.h>\n",
            "tools/cli/main.c": "#include <mylib/api.h>\n#include <stdio.h>\n#include <stdint.h>\n",
            # Vendored stand-ins for system headers, compiled on one platform only.
            "platform/compat/include/stdio.h": "",
            "platform/jemalloc/include/msvc_compat/C99/stdint.h": "",
            "src/server.c": "#include <stdio.h>\n#include <sys/types.h>\n#include <lua.h>\n",
            "platform/compat/include/sys/types.h": "",
            "modules/lua/src/lua.h": "",
            # A C library's own tree: its include/ folder is where <stdio.h> lives.
            "libc/include/stdio.h": "",
            "libc/src/stdio/printf.c": "#include <stdio.h>\n",
        },
    )
    assert g["tools/cli/main.c"] == ["libs/mylib/include/mylib/api.h"]
    assert g["libs/mylib/include/mylib/api.h"] == []
    assert g["src/server.c"] == ["modules/lua/src/lua.h"]
    assert g["libc/src/stdio/printf.c"] == ["libc/include/stdio.h"]


def test_c_includes_with_several_matches_take_the_nearest_or_none(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "plugins/a/x.c": '#include "common.h"\n',
            "plugins/common/common.h": "",
            "other/z/common.h": "",
            "app/main.c": '#include "config.h"\n',  # a generated header, not in the repository
            "tests/config.h": "",
            "contrib/y/config.h": "",
        },
    )
    assert g["plugins/a/x.c"] == ["plugins/common/common.h"]
    assert g["app/main.c"] == []


def test_c_angle_includes_of_the_projects_own_headers(make_repo) -> None:
    g = graph(
        make_repo,
        {
            # -Ilib in the build: `<net_mosq.h>` is the library's header, the only one
            "lib/net_mosq.h": "int net_init(void);\n",
            "src/broker.c": "#include <stdio.h>\n#include <net_mosq.h>\n#include <util.h>\n",
            "src/x/util.h": "",
            "tests/util.h": "",
        },
    )
    assert g["src/broker.c"] == ["lib/net_mosq.h"]  # two util.h: neither is sure


def test_c_angle_include_of_a_build_config_is_no_edge(make_repo) -> None:
    g = graph(make_repo, {"win32/config.h": "", "src/a.c": "#include <config.h>\n"})
    assert g["src/a.c"] == []


def test_c_implementation_files_are_as_central_as_their_headers(make_repo) -> None:
    files: dict[str, str | bytes] = {
        "lib/multiif.h": "",
        "lib/multi.c": '#include "multiif.h"\n#include "util.h"\n',
        "lib/util.h": "",
        "revision.h": "",
        "revision.c": '#include "revision.h"\n',
    }
    for i in range(6):  # code elsewhere names both headers from the repository root
        files[f"lib/proto/p{i}.c"] = '#include "multiif.h"\n'
        files[f"builtin/cmd{i}.c"] = '#include "revision.h"\n'
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    central = centrality(pack.files)
    assert central["lib/multi.c"] == central["lib/multiif.h"] > central["lib/util.h"]
    assert central["revision.c"] == central["revision.h"] > 0


def test_a_c_file_whose_header_the_others_reach_through_headers_is_central(make_repo) -> None:
    # vim's layout: every C file includes vim.h, vim.h includes proto.h, proto.h each
    # module's prototypes; eval.c includes only vim.h. And a library's public header in
    # include/ with its implementation in src/.
    files: dict[str, str | bytes] = {
        "src/vim.h": '#include "proto.h"\n#include "misc.h"\n',
        "src/proto.h": '#include "proto/eval.pro"\n#include "proto/misc.pro"\n',
        "src/proto/eval.pro": "int eval_expr(char *s);\n",
        "src/proto/misc.pro": "void misc(void);\n",
        "src/eval.c": '#include "vim.h"\nint eval_expr(char *s) { return 0; }\n',
        "src/tool.c": "int main(void) { return 0; }\n",
        "src/misc.h": "void misc(void);\n",
        "src/misc.c": '#include "vim.h"\nvoid misc(void) {}\n',
        "include/lib/parse.h": "int parse(void);\n",
        "src/parse.c": '#include "lib/parse.h"\nint parse(void) { return 0; }\n',
    }
    for i in range(130):  # (past 127: vim.h as central as a file can be)
        files[f"src/m{i}.c"] = '#include "vim.h"\n#include "lib/parse.h"\n'
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    central = centrality(pack.files)
    assert central["src/eval.c"] > central["src/tool.c"] == 0
    assert central["src/proto/eval.pro"] < central["src/eval.c"] < central["src/vim.h"]
    assert central["src/parse.c"] == central["include/lib/parse.h"] > 0
    # What it takes through other headers leaves it no hub (read before every other file:
    # nginx's modules, each reached through ngx_core.h, took the breadth of its 128k pack).
    from repoview.plan import CORE_SCORE

    assert 2 * central["src/eval.c"] + 1.0 + 0.3 < CORE_SCORE  # (source, the most churn)
    assert 2 * central["src/misc.c"] + 1.0 + 0.3 < CORE_SCORE < 2 * central["src/vim.h"] + 1.0


def test_a_python_package_used_through_its_facade_credits_the_modules_behind_it(
    make_repo,
) -> None:
    files: dict[str, str | bytes] = {
        "nx/__init__.py": (
            "from nx.classes import *\nfrom nx.convert import *\nfrom nx import classes as cl\n"
        ),
        "nx/classes/__init__.py": "from .graph import Graph\nfrom .digraph import DiGraph\n",
        "nx/classes/graph.py": "class Graph:\n    pass\n",
        "nx/classes/digraph.py": "class DiGraph:\n    pass\n",
        "nx/convert.py": "def to_graph(data):\n    return data\n\nLIMIT: int = 3\n",
        "nx/unused.py": "X = 1\n",
    }
    for i in range(4):  # the library's own code reaches the classes through the facade
        files[f"nx/algo/a{i}.py"] = (
            'import nx as x\n\n\ndef f(g):\n    """x.DiGraph is not used here"""\n'
            "    return x.Graph(x.to_graph(g))\n"
        )
    files["nx/algo/b.py"] = "from nx import DiGraph, LIMIT\n"
    files["nx/algo/c.py"] = "from nx import cl\n\n\ndef g():\n    return cl.DiGraph()\n"
    files["tests/test_graph.py"] = "import nx\n\nnx.DiGraph()\n"  # tests do not vote
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    by_path = {f.path: f for f in pack.files}
    # The edges stay what the code says (the header and the manifest name the package)...
    assert by_path["nx/algo/a0.py"].imports == ["nx/__init__.py"]
    # ...while the ranking counts the modules that define what it takes.
    counts = source_importers(pack.files)
    # (each is imported by its package's `__init__` besides)
    assert counts["nx/classes/graph.py"] == 1 + 4
    assert counts["nx/convert.py"] == 1 + 5  # `to_graph`, and `LIMIT` through `import *`
    # `DiGraph` by name, and `cl.DiGraph` through a subpackage the facade renames; not
    # from a docstring, nor from a test
    assert counts["nx/classes/digraph.py"] == 1 + 2
    assert counts["nx/unused.py"] == 0


def test_a_folder_packed_alone_resolves_its_imports_as_the_whole_repository_does(
    make_repo,
) -> None:
    repo = make_repo(
        {
            "include/proj/b.h": "struct b { int x; };\n",
            "include/proj/a.h": "#include <proj/b.h>\nint a(struct b *p);\n",
            "src/a.c": "#include <proj/a.h>\nint a(struct b *p) { return p->x; }\n",
            "src/pkg/__init__.py": "",
            "src/pkg/core.py": "X = 1\n",
            "src/pkg/api.py": "from pkg.core import X\n",
        }
    )
    for folder, importer, imported in (
        ("include/proj", "a.h", "b.h"),  # through the repository's include/
        ("src/pkg", "api.py", "core.py"),  # from the src/ root above the folder
    ):
        pack = build_pack(PackOptions(path=repo / folder, cache=False))
        g = {f.path: f.imports for f in pack.files}
        assert g[importer] == [imported], folder


def test_subpath_exports_of_npm_and_deno_packages(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "packages/a/package.json": json.dumps(
                {
                    "name": "@y/a",
                    "exports": {
                        ".": "./lib/index.ts",
                        "./feature": "./lib/feature-impl.ts",
                        "./*": "./src/*.ts",
                        "./utils/*": "./lib/util-*.ts",
                    },
                }
            ),
            "packages/a/lib/index.ts": "export const main = 1;\n",
            "packages/a/lib/feature-impl.ts": "export const feature = 1;\n",
            "packages/a/lib/util-strings.ts": "export const s = 1;\n",
            "packages/a/src/feature.ts": "export const wrong = 1;\n",
            "packages/b/src/index.ts": 'import { feature } from "@y/a/feature";\n'
            'import { s } from "@y/a/utils/strings";\nimport { main } from "@y/a";\n',
            # a Deno workspace: each member names itself in its deno.json
            "deno.json": '{"workspace": ["./fs", "./path"]}\n',
            "path/deno.json": '{"name": "@std/path", "exports": {".": "./mod.ts", '
            '"./join": "./join.ts"}}\n',
            "path/mod.ts": 'export * from "./join.ts";\n',
            "path/join.ts": "export function join(a: string, b: string) { return a + b; }\n",
            "fs/copy.ts": 'import { join } from "@std/path/join";\nexport const c = join;\n',
        },
    )
    assert g["packages/b/src/index.ts"] == [
        "packages/a/lib/feature-impl.ts",
        "packages/a/lib/index.ts",
        "packages/a/lib/util-strings.ts",
    ]
    assert g["fs/copy.ts"] == ["path/join.ts"]


def test_typescript_relative_index_js_suffix_paths_and_workspaces(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "tsconfig.json": '{\n  // comments are allowed\n  "compilerOptions": {"baseUrl": ".", "paths": {"@app/*": ["src/*"]},},\n}\n',
            "src/index.ts": 'import { a } from "./a.js";\nexport * from "./lib";\nimport x from "@app/util";\nconst s = "import y from \'./gone\'";\nimport React from "react";\n',
            "src/a.ts": "export const a = 1;\n",
            "src/lib/index.ts": "export {};\n",
            "src/util.ts": 'const b = require("./a");\nexport default 1;\n',
            "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
            "packages/core/package.json": '{"name": "@me/core", "exports": {".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"}}}\n',
            "packages/core/src/index.ts": "export const c = 1;\n",
            "packages/core/src/extra.ts": "export const e = 1;\n",
            "packages/web/main.ts": 'import { c } from "@me/core";\nimport { e } from "@me/core/extra";\n',
        },
    )
    assert g["src/index.ts"] == ["src/a.ts", "src/lib/index.ts", "src/util.ts"]
    assert g["src/util.ts"] == ["src/a.ts"]
    assert g["packages/web/main.ts"] == ["packages/core/src/extra.ts", "packages/core/src/index.ts"]


def test_typescript_imports_reach_through_barrels_to_the_defining_module(make_repo) -> None:
    core = "packages/core/src/"
    g = graph(
        make_repo,
        {
            "packages/core/package.json": '{"name": "@me/core", "exports": {".": "./src/index.ts"}}\n',
            core
            + "index.ts": 'export * from "./models";\nexport { QueryClient } from "./client.js";\nexport * as util from "./util";\n',
            # A barrel behind the barrel, re-exporting under a new name, in a cycle back.
            core
            + "models/index.ts": 'export * from "./query";\nexport { Mutation as M } from "./mutation";\nexport * from "../index";\n',
            core + "models/query.ts": "export class Query {}\nexport type QueryKey = string[];\n",
            core + "models/mutation.ts": "export class Mutation {}\n",
            core + "client.ts": 'import { Query } from "./models";\nexport class QueryClient {}\n',
            core + "util.ts": "export const noop = () => {};\n",
            core + "facade.ts": 'export { Query, M } from "./models";\n',
            "packages/react/src/useQuery.ts": 'import { QueryClient, Query, M, type QueryKey } from "@me/core";\n',
            "packages/react/src/ns.ts": 'import * as core from "@me/core";\ncore.util.noop();\nnew core.QueryClient();\n',
            "packages/react/src/all.ts": 'const core = require("@me/core");\n',
            "packages/react/src/missing.ts": 'import { Nope } from "@me/core";\n',
        },
    )
    assert g[core + "client.ts"] == [core + "models/query.ts"]
    assert g["packages/react/src/useQuery.ts"] == [
        core + "client.ts",
        core + "models/mutation.ts",
        core + "models/query.ts",
    ]
    assert g["packages/react/src/ns.ts"] == [core + "client.ts", core + "util.ts"]
    # Names not known: the barrel and everything behind it.
    assert g["packages/react/src/all.ts"] == [
        core + "client.ts",
        core + "index.ts",
        core + "models/index.ts",
        core + "models/mutation.ts",
        core + "models/query.ts",
        core + "util.ts",
    ]
    assert g["packages/react/src/missing.ts"] == [core + "index.ts"]
    # Names handed on by name reach the files defining them, as an import of them does.
    assert g[core + "facade.ts"] == [core + "models/mutation.ts", core + "models/query.ts"]
    # The barrels still import what they re-export.
    assert g[core + "index.ts"] == [core + "client.ts", core + "models/index.ts", core + "util.ts"]


def test_commonjs_requires_and_side_effect_imports_reach_only_what_they_take(make_repo) -> None:
    files = {f"lib/{n}.ts": f"export function {n}() {{ return 1 }}\n" for n in "abc"}
    g = graph(
        make_repo,
        {
            **files,
            "lib/index.ts": 'export * from "./a"\nexport * from "./b"\nexport * from "./c"\n',
            "cjs.ts": 'const lib = require("./lib")\n\nmodule.exports = { y: lib.a() }\n',
            "pattern.js": 'const { b, c: see } = require("./lib")\n',
            "member.js": 'const a = require("./lib").a\n',
            "ts_require.ts": 'import lib = require("./lib")\nexport const z = lib.c()\n',
            "side.ts": 'import "./lib"\n',
            "whole.js": 'const lib = require("./lib")\nmodule.exports = lib\n',
        },
    )
    assert g["cjs.ts"] == g["member.js"] == ["lib/a.ts"]
    assert g["pattern.js"] == ["lib/b.ts", "lib/c.ts"]
    assert g["ts_require.ts"] == ["lib/c.ts"]
    assert g["side.ts"] == ["lib/index.ts"]  # run for its effects: no name taken
    assert g["whole.js"] == ["lib/a.ts", "lib/b.ts", "lib/c.ts", "lib/index.ts"]


def test_typescript_extraction_names_what_is_imported_exported_and_re_exported() -> None:
    source = (
        'import D, { a, b as c, type T } from "./x";\n'
        'import * as ns from "./y";\n'
        'import * as whole from "./w";\n'
        'export * from "./s";\n'
        'export * as nn from "./n";\n'
        'export { q, r as s2, default as Def } from "./r";\n'
        "export { a as aa, whole, own };\n"
        "export const k = 1, { m, n: [o] } = obj;\n"
        "export declare function g(): void;\n"
        "export default class Z {}\n"
        "// ns is used only for members: ns.foo and ns.Bar\n"
        "ns.foo(ns.Bar);\n"
    )
    assert extract("TypeScript", source) == [
        ["module", "./x", "default,a,b,T"],
        ["module", "./y", "Bar,foo"],
        ["module", "./w", "*"],  # passed on whole: every name may be used
        ["reexport", "./s", "*"],
        ["reexport", "./n", "nn=*"],
        ["reexport", "./r", "q,s2=r,Def=default"],
        ["reexport", "./x", "aa=a"],  # an imported name exported again
        ["reexport", "./w", "whole=*"],
        ["exports", "", "k,m,o,g,default,own"],
    ]


def test_barrel_chains_and_cycles_of_any_length_end() -> None:
    n = 3000
    modules = {f"b{i}.ts": Module() for i in range(n)}
    for i in range(n):
        modules[f"b{i}.ts"].reexport(f"b{(i + 1) % n}.ts", "*")  # a ring of barrels
    modules["b2999.ts"].local.add("deep")
    modules["b1500.ts"].local.add("mid")
    modules["named.ts"] = Module(uses=[("b0.ts", ["mid", "nowhere"])])
    modules["whole.ts"] = Module(uses=[("b1.ts", ["*"])])
    edges = module_edges(modules)
    # Past the depth limit a name is not followed further: the edge stays at the barrel.
    assert edges["named.ts"] == {"b0.ts"}
    assert edges["whole.ts"] == set(f"b{i}.ts" for i in range(n))


def test_vue_and_svelte_components_import_from_their_script_blocks(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/App.vue": '<template><div>import x from "./nope"</div></template>\n<script setup lang="ts">\nimport Child from "./Child.svelte";\nimport { api } from "./api.mts";\n</script>\n',
            "src/Child.svelte": '<script>\n  import { api } from "./api.mjs";\n</script>\n<p>hi</p>\n',
            "src/api.mts": "export const api = 1;\n",
        },
    )
    assert g["src/App.vue"] == ["src/Child.svelte", "src/api.mts"]
    assert g["src/Child.svelte"] == ["src/api.mts"]


def test_go_imports_by_module_path(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "main.go": 'package main\n\nimport (\n\t"fmt"\n\tdb "example.com/app/internal/db"\n)\n',
            "internal/db/db.go": "package db\n",
            "internal/db/db_test.go": "package db\n",
        },
    )
    assert g["main.go"] == ["internal/db/db.go"]


def test_go_files_depend_on_the_files_declaring_what_they_use(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "main.go": (
                'package main\n\nimport (\n\tlbl "example.com/app/model/labels"\n'
                '\t"example.com/app/storage"\n)\n\n'
                "func main() {\n\tvar ls lbl.Labels\n\t_ = storage.Open(ls) // storage.Close\n"
                '\t_ = "lbl.Matcher"\n\trun(NewEngine())\n}\n'
            ),
            "engine.go": "package main\n\nfunc NewEngine() *Engine { return nil }\n\ntype Engine struct{}\n",
            "model/labels/labels.go": "package labels\n\ntype Labels []Label\n\ntype Label struct{}\n",
            "model/labels/matcher.go": "package labels\n\ntype Matcher struct{}\n",
            "storage/open.go": "package storage\n\nfunc Open(x any) error { return nil }\n",
            "storage/close.go": "package storage\n\nvar (\n\tClose = func() {}\n)\n",
        },
    )
    # Only the files declaring what is used (not a comment's or a string's), and the file of
    # its own package that declares a name it uses bare.
    assert g["main.go"] == ["engine.go", "model/labels/labels.go", "storage/open.go"]
    assert g["model/labels/matcher.go"] == []


def test_go_names_declared_only_in_a_generated_file_link_to_no_other_file(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "main.go": 'package main\n\nimport "example.com/app/api"\n\nvar _ = api.Request{}\n',
            "tool.go": 'package main\n\nimport "example.com/app/one"\n\nvar _ = one.Reply{}\n',
            "api/rpc.pb.go": "// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage api\n\n"
            "type Request struct{}\n",
            "api/util.go": 'package api\n\nfunc Describe() string { return "" }\n',
            "api/stringer.go": "package api\n\ntype Stringer struct{}\n",
            "one/reply.pb.go": "// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage one\n\n"
            "type Reply struct{}\n",
            "one/extra.go": "package one\n\nfunc (Reply) Size() int { return 0 }\n",
        },
    )
    # The generated file is left out of the pack: the package's other files are not what
    # main.go uses, and linking to them all would make each a false hub.
    assert "api/rpc.pb.go" not in g and g["main.go"] == []
    assert g["tool.go"] == ["one/extra.go"]  # a package's one file left still stands for it


def test_rust_crates_renamed_in_cargo_toml_are_linked_by_the_name_the_code_uses(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "Cargo.toml": '[workspace]\nmembers = ["my-tui", "app", "cli"]\n\n'
            '[workspace.dependencies]\nterm = { path = "my-tui", package = "my-tui" }\n',
            "my-tui/Cargo.toml": '[package]\nname = "my-tui"\nversion = "2.0.0"\n',
            "my-tui/src/lib.rs": "pub mod text;\n",
            "my-tui/src/text.rs": "pub struct Span;\n",
            "app/Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\n'
            'tui = { path = "../my-tui", package = "my-tui" }\n'
            # an old release from the registry, not the crate in the tree
            'tui_v1 = { version = "1", package = "my-tui" }\n',
            "app/src/lib.rs": "mod old;\nuse tui::text::Span;\n",
            "app/src/old.rs": "use tui_v1::text::Span;\n",
            "cli/Cargo.toml": '[package]\nname = "cli"\n\n[dependencies]\nterm = { workspace = true }\n',
            "cli/src/main.rs": "use term::text::Span;\nfn main() {}\n",
        },
    )
    assert g["app/src/lib.rs"] == ["app/src/old.rs", "my-tui/src/text.rs"]
    assert g["app/src/old.rs"] == []
    assert g["cli/src/main.rs"] == ["my-tui/src/text.rs"]


def test_imported_by_is_the_reverse_of_imports(make_repo) -> None:
    pack = build_pack(
        PackOptions(
            path=make_repo(
                {
                    "pkg/__init__.py": "",
                    "pkg/a.py": "from pkg import b\n",
                    "pkg/b.py": "",
                    "pkg/c.py": "import pkg.b\n",
                }
            ),
            cache=False,
        )
    )
    by_path = {f.path: f for f in pack.files}
    assert by_path["pkg/b.py"].imported_by == ["pkg/a.py", "pkg/c.py"]


def test_broken_and_unparseable_sources_give_no_crash(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "pkg/__init__.py": "",
            "pkg/ok.py": "",
            "pkg/broken.py": "def f(:\n    import pkg.ok\nprint 'py2'\n",
            "bad.rs": "use crate::{{{;\nmod ;\n",
            "bad.ts": 'import { from "./x\n',
            "bad.c": '#include "\n#include MACRO_HEADER\n',
        },
    )
    assert g["pkg/broken.py"] == ["pkg/ok.py"]  # what the parser could recover still counts
    assert g["bad.rs"] == [] and g["bad.ts"] == [] and g["bad.c"] == []


def test_hostile_nesting_gives_no_crash(make_repo) -> None:
    files: dict[str, str | bytes] = {
        "lib.rs": "use crate::" + "{a::" * 3000 + "b" + "}" * 3000 + ";\n",
        "deep.py": "x = " + "(" * 5000 + ")" * 5000 + "\nimport os\n",
        "min.js": "var a=1;" * 50000 + 'require("./lib");\n',
        "lib.js": "",
    }
    # One-line files this long are left out as minified by default; kept, they still parse.
    pack = build_pack(PackOptions(path=make_repo(files), cache=False, default_excludes=False))
    g = {f.path: f.imports for f in pack.files}
    assert g["lib.rs"] == [] and g["deep.py"] == [] and g["min.js"] == ["lib.js"]


def test_java_imports_by_package_path(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/main/java/com/acme/App.java": "package com.acme;\nimport com.acme.util.Strings;\nimport static com.acme.util.Maths.max;\nimport java.util.List;\nimport com.acme.model.*;\n",
            "src/main/java/com/acme/util/Strings.java": "package com.acme.util;\n",
            "src/main/java/com/acme/util/Maths.java": "package com.acme.util;\n",
            "src/main/java/com/acme/model/User.java": "package com.acme.model;\n",
        },
    )
    assert g["src/main/java/com/acme/App.java"] == [
        "src/main/java/com/acme/util/Maths.java",
        "src/main/java/com/acme/util/Strings.java",
    ]


def test_java_static_and_kotlin_on_demand_imports_of_a_class_reach_its_file(make_repo) -> None:
    # `import static a.b.C.*` takes all of C's static members, as `a.b.C.m` takes one; a
    # Kotlin `import a.b.C.*` all of an object's; a package's `a.b.*` stays no one file.
    g = graph(
        make_repo,
        {
            "src/main/java/org/acme/Api.java": "package org.acme;\npublic class Api {}\n",
            "src/main/java/org/acme/Outer.java": (
                "package org.acme;\npublic class Outer { public static class In {} }\n"
            ),
            "src/test/java/org/acme/t/StarTest.java": (
                "package org.acme.t;\nimport static org.acme.Api.*;\n"
                "import static org.acme.Outer.In.*;\nimport org.acme.*;\nclass StarTest {}\n"
            ),
            "src/main/kotlin/org/acme/Dsl.kt": "package org.acme\n\nobject Dsl { fun f() = 1 }\n",
            "src/test/kotlin/org/acme/t/DslTest.kt": (
                "package org.acme.t\n\nimport org.acme.Dsl.*\n\nclass DslTest\n"
            ),
        },
    )
    assert g["src/test/java/org/acme/t/StarTest.java"] == [
        "src/main/java/org/acme/Api.java",
        "src/main/java/org/acme/Outer.java",
    ]
    assert g["src/test/kotlin/org/acme/t/DslTest.kt"] == ["src/main/kotlin/org/acme/Dsl.kt"]


def test_php_uses_by_psr4_and_kotlin_imports_by_package(make_repo) -> None:
    composer = (
        '{"autoload": {"psr-4": {"Illuminate\\\\Support\\\\": '
        '["src/Illuminate/Macroable/", "src/Illuminate/Collections/", "src/Illuminate/Support/"],'
        ' "App\\\\": "app/"}}}\n'
    )
    g = graph(
        make_repo,
        {
            "composer.json": composer,
            "app/Http/Controller.php": (
                "<?php\nnamespace App\\Http;\n\nuse App\\Models\\User;\n"
                "use Illuminate\\Support\\{Str, Collection};\nuse InvalidArgumentException;\n"
                "use function Illuminate\\Support\\tap;\n"
            ),
            "app/Models/User.php": "<?php\nnamespace App\\Models;\nclass User {}\n",
            "src/Illuminate/Support/Str.php": "<?php\nclass Str {}\n",
            "src/Illuminate/Collections/Collection.php": "<?php\nclass Collection {}\n",
            "types/Support/Collection.php": "<?php\n// a type test\n",
            "tests/InvalidArgumentException.php": "<?php\n",
            "okhttp/src/main/kotlin/okhttp3/Call.kt": (
                "package okhttp3\n\nimport okhttp3.internal.http.RealChain\nimport java.io.IOException\n"
            ),
            "okhttp/src/main/kotlin/okhttp3/internal/http/RealChain.kt": "package okhttp3.internal.http\n",
        },
    )
    assert g["app/Http/Controller.php"] == [
        "app/Models/User.php",
        "src/Illuminate/Collections/Collection.php",
        "src/Illuminate/Support/Str.php",
    ]
    assert g["okhttp/src/main/kotlin/okhttp3/Call.kt"] == [
        "okhttp/src/main/kotlin/okhttp3/internal/http/RealChain.kt"
    ]


def test_ruby_requires_relative_and_from_lib(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "lib/rack/request.rb": (
                "require_relative 'constants'\nrequire 'rack/utils'\nrequire 'json'\n"
                'require "uri"\n'
            ),
            "lib/rack/constants.rb": "module Rack; end\n",
            "lib/rack/utils.rb": "module Rack; end\n",
            "test/json.rb": "# not the json library\n",
        },
    )
    assert g["lib/rack/request.rb"] == ["lib/rack/constants.rb", "lib/rack/utils.rb"]


def test_elixir_aliases_by_mix_convention(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "lib/phoenix/channel.ex": (
                "defmodule Phoenix.Channel do\n  alias Phoenix.{Socket, Socket.Message}\n"
                "  import Plug.Conn\n  use Phoenix.LiveView.Helpers\nend\n"
            ),
            "lib/phoenix/socket.ex": "defmodule Phoenix.Socket do\nend\n",
            "lib/phoenix/socket/message.ex": "defmodule Phoenix.Socket.Message do\nend\n",
            "lib/phoenix/live_view/helpers.ex": "defmodule Phoenix.LiveView.Helpers do\nend\n",
        },
    )
    assert g["lib/phoenix/channel.ex"] == [
        "lib/phoenix/live_view/helpers.ex",
        "lib/phoenix/socket.ex",
        "lib/phoenix/socket/message.ex",
    ]


def test_csharp_and_swift_files_depend_on_the_files_declaring_the_types_they_name(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "Src/Json/JsonReader.cs": (
                "namespace Json\n{\n    public abstract partial class JsonReader : IDisposable\n"
                "    {\n        private enum State { Start }\n"
                "        public JsonToken TokenType { get; }\n    }\n}\n"
            ),
            "Src/Json/JsonReader.Async.cs": (
                "namespace Json\n{\n    public abstract partial class JsonReader\n    {\n    }\n}\n"
            ),
            "Src/Json/JsonToken.cs": "namespace Json;\n\npublic enum JsonToken { None }\n",
            "Src/Json/JsonTextReader.cs": (
                "namespace Json\n{\n    // Not a JsonWriter: comments and strings name nothing.\n"
                '    internal class JsonTextReader : JsonReader\n    {\n        string s = "JsonWriter";\n'
                "        State state;\n    }\n}\n"
            ),
            "Src/Json/JsonWriter.cs": "namespace Json\n{\n    public class JsonWriter { }\n}\n",
            "Sources/Core/Session.swift": (
                "public import struct Foundation.Data\n\n"
                "public final class Session {\n    struct State {}\n"
                "    let request: Request\n    func f() -> Result<Int, Error> { fatalError() }\n}\n"
            ),
            "Sources/Core/Request.swift": (
                "import Foundation\n\npublic class Request {\n    enum Result {}\n}\n"
            ),
            "Sources/Features/Validation.swift": "extension Request {\n    func validate() {}\n}\n",
        },
    )
    # Both parts of a partial class; nested types (State, Result) are no declarations.
    assert g["Src/Json/JsonTextReader.cs"] == [
        "Src/Json/JsonReader.Async.cs",
        "Src/Json/JsonReader.cs",
    ]
    assert g["Src/Json/JsonReader.cs"] == ["Src/Json/JsonToken.cs"]  # not its other part
    assert g["Sources/Core/Session.swift"] == ["Sources/Core/Request.swift"]
    assert g["Sources/Features/Validation.swift"] == ["Sources/Core/Request.swift"]
    assert g["Sources/Core/Request.swift"] == []  # an import line declares nothing


def test_java_and_kotlin_files_use_their_own_packages_types_without_imports(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/main/java/com/acme/Gson.java": (
                "package com.acme;\n\nimport com.acme.stream.JsonReader;\n\n"
                "public final class Gson {\n  TypeAdapter adapter;\n  JsonReader reader;\n"
                '  String s = "JsonWriter";\n}\n'
            ),
            "src/main/java/com/acme/TypeAdapter.java": (
                "package com.acme;\n\npublic abstract class TypeAdapter {}\n"
            ),
            "src/main/java/com/acme/JsonWriter.java": "package com.acme;\n\nclass JsonWriter {}\n",
            "src/main/java/com/acme/stream/JsonReader.java": (
                "package com.acme.stream;\n\npublic class JsonReader {}\n"
            ),
            # Another package's TypeAdapter is not this package's.
            "src/main/java/com/other/TypeAdapter.java": "package com.other;\n\nclass TypeAdapter {}\n",
            "src/main/kotlin/okhttp3/Call.kt": "package okhttp3\n\ninterface Call {\n  fun request(): Request\n}\n",
            "src/main/kotlin/okhttp3/Request.kt": "package okhttp3\n\nclass Request\n",
            # One package over two folders: a test source set, a multiplatform one.
            "src/test/java/com/acme/GsonTest.java": (
                "package com.acme;\n\nclass GsonTest {\n  Gson gson;\n}\n"
            ),
            "src/jvmMain/kotlin/okhttp3/Client.kt": "package okhttp3\n\nclass Client(val r: Request)\n",
        },
    )
    assert g["src/main/java/com/acme/Gson.java"] == [
        "src/main/java/com/acme/TypeAdapter.java",
        "src/main/java/com/acme/stream/JsonReader.java",
    ]
    assert g["src/main/kotlin/okhttp3/Call.kt"] == ["src/main/kotlin/okhttp3/Request.kt"]
    assert g["src/test/java/com/acme/GsonTest.java"] == ["src/main/java/com/acme/Gson.java"]
    assert g["src/jvmMain/kotlin/okhttp3/Client.kt"] == ["src/main/kotlin/okhttp3/Request.kt"]


def test_ruby_files_depend_on_the_constants_they_name(make_repo) -> None:
    # Ruby loads these through one file (or an autoloader): the names tie them together.
    g = graph(
        make_repo,
        {
            "lib/tool.rb": "require_relative 'tool/cop/base'\nrequire_relative 'tool/cop/style/dir'\n",
            "lib/tool/cop/base.rb": "module Tool\n  module Cop\n    class Base\n    end\n  end\nend\n",
            "lib/tool/cop/mixin/range_help.rb": (
                "module Tool\n  module Cop\n    module RangeHelp\n      def r; end\n    end\n  end\nend\n"
            ),
            "lib/tool/cop/style/dir.rb": (
                "module Tool\n  module Cop\n    module Style\n      # Dir.glob is slow; see Base\n"
                "      class Dir < Base\n        include RangeHelp\n        MSG = 'Use Dir.glob'\n"
                "        def on_send(node)\n          File.join(Dir.pwd, <<~RUBY)\n"
                "            class Fixture < Base; end\n          RUBY\n        end\n      end\n"
                "    end\n  end\nend\n"
            ),
            "lib/tool/formatter/base.rb": "module Tool\n  module Formatter\n    class Base; end\n  end\nend\n",
            "lib/tool/formatter/json.rb": (
                "module Tool\n  module Formatter\n    class Json < Base\n      def dir = Dir.pwd\n"
                "    end\n  end\nend\n"
            ),
            "lib/tool/aliases.rb": "module Tool\n  Token = Other::Token\nend\n",
            "lib/tool/cli.rb": "module Tool\n  class CLI\n    def run = Tool::Cop::Style::Dir\n  end\nend\n",
            # A concern: one file's module around a nested one is still declared there.
            "app/models/concerns/trackable.rb": (
                "module Trackable\n  module ClassMethods\n    def tracked; end\n  end\nend\n"
            ),
            "app/models/user.rb": (
                "class User\n  include Trackable\n  FLAGS = 1<<BITS\n"
                "  SQL = foo(<<~'A', <<~B)\n    class Fake1 < Base\n  A\n    class Fake2 < Other\n  B\n"
                "  s = <<~A # a <<~TXT in a comment opens nothing\n    a\n  A\n"
                "  def name = Helper.name\n  TXT\nend\n"
            ),
            "app/helpers/helper.rb": "class Helper\nend\n",
        },
    )
    # `Base` is the nearest declared above the file; Ruby's `Dir` and `File` are Ruby's;
    # the fixture in a heredoc declares nothing; a file that adds to a namespace is no
    # declaration of it.
    assert g["lib/tool/cop/style/dir.rb"] == [
        "lib/tool/cop/base.rb",
        "lib/tool/cop/mixin/range_help.rb",
    ]
    assert g["lib/tool/formatter/json.rb"] == ["lib/tool/formatter/base.rb"]
    assert g["lib/tool/cli.rb"] == ["lib/tool/cop/style/dir.rb"]
    assert "lib/tool/aliases.rb" not in {t for ts in g.values() for t in ts}
    # Quoted and successive heredocs hold text; a shift opens none.
    assert g["app/models/user.rb"] == [
        "app/helpers/helper.rb",
        "app/models/concerns/trackable.rb",
    ]


def test_a_ruby_name_declared_twice_is_the_librarys_nearest(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "lib/app/drops/drop.rb": "module App\n  module Drops\n    class Drop\n    end\n  end\nend\n",
            "lib/app/utils.rb": (
                "module App\n  module Utils\n    def self.drop?(v) = v.is_a?(Drops::Drop)\n  end\nend\n"
            ),
            "benchmark/drop_bench.rb": "class Drop\nend\nDrop.new\n",
            "test/test_drop.rb": "class TestDrop\n  def test_new = Drop.new\nend\n",
        },
    )
    # a benchmark's own `class Drop` is not the library's, for the library or its tests
    assert g["lib/app/utils.rb"] == ["lib/app/drops/drop.rb"]
    assert g["test/test_drop.rb"] == ["lib/app/drops/drop.rb"]


def test_type_names_in_csharp_are_types_not_members_calls_or_attributes() -> None:
    from repoview.analyze.typerefs import type_specs

    code = (
        "namespace Tests\n{\n    [TestFixture]\n    public class ReaderTests : TestFixtureBase\n    {\n"
        "        [Test]\n        public void Reads()\n        {\n"
        '            var o = new Order { Name = "x" };\n            string s = o.ToString();\n'
        "            Formatting formatting = Formatting.Indented;\n            Assert(s);\n"
        "            var t = typeof(JsonReader);\n        }\n"
        "        public string Title { get; set; }\n    }\n}\n"
    )
    declares, names = type_specs(code, "C#")
    assert declares == ["declares", "ReaderTests"]
    assert set(names[1].split(",")) == {
        "TestFixtureAttribute",
        "TestAttribute",
        "TestFixtureBase",
        "Order",
        "Formatting",
        "JsonReader",
    }


def test_swift_files_of_extensions_declare_none_of_their_nested_types() -> None:
    from repoview.analyze.typerefs import type_specs

    declares, names = type_specs(
        "extension Request {\n    struct Validation {}\n    func validate() -> Validation {}\n}\n",
        "Swift",
    )
    assert declares == ["declares", ""] and names == ["names", "Request"]


def test_type_reading_takes_linear_time_on_hostile_text(tmp_path: Path) -> None:
    import subprocess
    import sys

    # Each would take minutes to hours if a pattern could match one text in many ways: an
    # escaped triple quote inside a multi-line string followed by many lines, one 1 MB line
    # of declarations, a long line of `delegate` words. A hang guard, not a speed measure.
    swift = (
        'let s = """\n    He wrote \\""" here\n    """\n' + "func f() {}\n" * 80 + "class A {}\n"
    )
    texts = {
        "swift": (swift, "Swift"),
        "line": ("public class Foo { Bar x = new Baz(); } " * 25000, "C#"),
        "delegates": ("delegate " * 20000, "C#"),
        "quotes": ('"' + "x" * 300000 + "\n" + '"""' * 1000, "Kotlin"),
        "ruby": ("=begin\n" * 20000 + "<<~RUBY\n" * 20000 + "class Zed\n", "Ruby"),
    }
    for name, (text, _) in texts.items():
        (tmp_path / name).write_text(text)
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from repoview.analyze.typerefs import type_specs\n"
        "for name, lang in zip(sys.argv[2::2], sys.argv[3::2]):\n"
        "    print(name, type_specs(Path(sys.argv[1], name).read_text(), lang)[0][1])\n"
    )
    args = [str(tmp_path)] + [x for name, (_, lang) in texts.items() for x in (name, lang)]
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split("\n")[:5] == [
        "swift A",
        "line Foo",
        "delegates ",
        "quotes ",
        "ruby ",  # an unclosed =begin holds the rest
    ], done


def test_python_imports_of_cython_modules(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "pkg/__init__.py": "",
            "pkg/io/__init__.py": "from . import cparser\nfrom ._stats import mean\n",
            "pkg/io/cparser.pyx": "cdef class CParser:\n    pass\n",
            "pkg/io/_stats.pyx": "def mean(x):\n    return x\n",
        },
    )
    assert g["pkg/io/__init__.py"] == ["pkg/io/_stats.pyx", "pkg/io/cparser.pyx"]


def test_php_classes_of_the_files_own_namespace_need_no_use(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "composer.json": '{"autoload": {"psr-4": {"Acme\\\\App\\\\": ""}}}',
            "Style/StyleInterface.php": "<?php\nnamespace Acme\\App\\Style;\ninterface StyleInterface {}\n",
            "Style/OutputStyle.php": "<?php\nnamespace Acme\\App\\Style;\n"
            "abstract class OutputStyle implements StyleInterface, \\Countable {}\n",
            "Style/FancyStyle.php": "<?php\nnamespace Acme\\App\\Style;\n"
            "use Acme\\App\\Other\\Helper as H;\nclass FancyStyle extends OutputStyle {\n"
            "  public function f() { $e = new Exception(); H::go(); return Table::x(); }\n"
            "  public function g() { try {} catch (NotFound $e) {} }\n}\n",
            "Style/NotFound.php": "<?php\nnamespace Acme\\App\\Style;\nclass NotFound {}\n",
            "Other/Helper.php": "<?php\nnamespace Acme\\App\\Other;\nclass Helper {}\n",
        },
    )
    assert g["Style/FancyStyle.php"] == [
        "Other/Helper.php",
        "Style/NotFound.php",
        "Style/OutputStyle.php",
    ]
    assert g["Style/OutputStyle.php"] == ["Style/StyleInterface.php"]


def test_cython_imports_and_cimports_link_to_modules_and_their_declarations(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "pkg/__init__.py": "",
            "pkg/utils.py": "def warn(msg):\n    print(msg)\n",
            "pkg/numerics.pxd": "ctypedef double real\ncdef real fmax(real a, real b) nogil\n",
            "pkg/geometry.pxd": "from pkg.numerics cimport real\n",
            "pkg/_fast.pyx": (
                "cimport numpy as cnp\nfrom libc.math cimport sqrt\n"
                'cdef extern from "point.h" nogil:\n    pass\n'
                "from pkg.numerics cimport fmax\nfrom pkg.utils import warn\n"
                "from . cimport geometry\n\ndef f(a, b):\n    return fmax(a, b)\n"
            ),
            "pkg/api.py": "from pkg._fast import f\n",
        },
    )
    assert g["pkg/_fast.pyx"] == ["pkg/geometry.pxd", "pkg/numerics.pxd", "pkg/utils.py"]
    assert g["pkg/geometry.pxd"] == ["pkg/numerics.pxd"]
    assert g["pkg/api.py"] == ["pkg/_fast.pyx"]


def test_a_fixture_project_inside_the_tests_serves_its_own_files_only(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/app/__init__.py": "",
            "src/app/chef.py": "from build import ProjectBuilder\n",  # a dependency
            "tests/__init__.py": "",
            "tests/helpers.py": "FIXTURE_PATH = 1\n",
            "tests/test_chef.py": "from tests.helpers import FIXTURE_PATH\n",
            "tests/fixtures/proj/build.py": "def build(setup_kwargs):\n    pass\n",
            "tests/fixtures/proj/proj/__init__.py": "from build import build\n",
            "tests/fixtures/with-include/tests/__init__.py": "",
            # a test tool's own library inside the tests, that the tests import
            "test/lib/tool/__init__.py": "",
            "test/units/test_tool.py": "import tool\n",
        },
    )
    assert g["src/app/chef.py"] == []
    assert g["tests/test_chef.py"] == ["tests/helpers.py"]
    assert g["tests/fixtures/proj/proj/__init__.py"] == ["tests/fixtures/proj/build.py"]
    assert g["test/units/test_tool.py"] == ["test/lib/tool/__init__.py"]


def test_a_package_among_the_examples_serves_the_examples_only(make_repo) -> None:
    # Examples named after the integration they show: the library's `import django` is a
    # dependency, not the example.
    g = graph(
        make_repo,
        {
            "pyproject.toml": '[project]\nname = "mylib"\ndependencies = ["pydantic", "django"]\n',
            "mylib/__init__.py": "",
            "mylib/models.py": "from pydantic import BaseModel\nimport django\n",
            "examples/pydantic/__init__.py": "from mylib.models import BaseModel\n",
            "examples/pydantic/app.py": "from pydantic import helpers\n",
            "examples/pydantic/helpers.py": "X = 1\n",
            "examples/django/__init__.py": "import mylib\n",
            "examples/webapp/proj/__init__.py": "",
            "examples/webapp/proj/celery.py": "X = 1\n",
            "examples/webapp/manage.py": "from proj.celery import X\nimport pydantic\n",
            "examples/django-demo/site/__init__.py": "",
            "mylib/web.py": "import site\n",
        },
    )
    assert g["mylib/models.py"] == []
    assert g["mylib/web.py"] == []
    assert g["examples/pydantic/__init__.py"] == ["mylib/models.py"]
    assert g["examples/pydantic/app.py"] == ["examples/pydantic/helpers.py"]
    assert g["examples/django/__init__.py"] == ["mylib/__init__.py"]
    # An example's own package beside it, and one of its sibling examples'.
    assert set(g["examples/webapp/manage.py"]) == {
        "examples/webapp/proj/celery.py",
        "examples/pydantic/__init__.py",
    }


def test_the_benchmarks_oracle_prefers_a_regular_package_to_a_namespace_folder(make_repo) -> None:
    # A docs listing holds a folder named like the package, without __init__.py: Python
    # imports the real package, so repoview's edges to it are right.
    repo = make_repo(
        {
            "src/net/__init__.py": "",
            "src/net/python/__init__.py": "",
            "src/net/python/log.py": "def msg(x):\n    pass\n",
            "src/net/a.py": "from net.python import log\nimport net.python.log\n",
            "docs/listings/finger/finger/__init__.py": "",
            "docs/listings/finger/net/plugins/finger_plugin.py": "from net.python import log\n",
        }
    )
    bench = Path(__file__).resolve().parents[1] / "bench" / "imports_bench.py"
    out = subprocess.run(
        [sys.executable, str(bench), str(repo)], capture_output=True, text=True, check=True
    ).stdout
    assert "oracle 2 edges, graph 2; precision 1.000, recall 1.000" in out


def test_a_ruby_regular_expression_names_no_constant(make_repo) -> None:
    # A test matching a page's text by pattern names no class; division is still code.
    g = graph(
        make_repo,
        {
            "lib/app/hard_job.rb": "module App\n  class HardJob\n  end\nend\n",
            "lib/app/total.rb": "module App\n  class Total\n  end\nend\n",
            "test/web_test.rb": (
                "class WebTest\n  def test_page\n    assert_match(/HardJob/, body)\n"
                "    assert body =~ %r{App::HardJob}\n    x = (App::Total / 2)\n  end\nend\n"
            ),
        },
    )
    assert g["test/web_test.rb"] == ["lib/app/total.rb"]


def test_a_namespace_package_holding_a_module_of_its_name_is_no_root_for_it(make_repo) -> None:
    # poetry's layout: src/poetry/ has no __init__.py (a namespace package shared with
    # another distribution), and holds poetry.py beside its subpackages.
    g = graph(
        make_repo,
        {
            "src/pkg/pkg.py": "def run(): pass\n",
            "src/pkg/a.py": (
                "from pkg.sub.b import x\nfrom pkg.c import y\nfrom pkg.core.ext import z\n"
            ),
            "src/pkg/sub/__init__.py": "",
            "src/pkg/sub/b.py": "x = 1\n",
            "src/pkg/sub/d.py": "import pkg.c\nfrom pkg.pkg import run\n",
            "src/pkg/c.py": "y = 2\n",
        },
    )
    assert g["src/pkg/a.py"] == ["src/pkg/c.py", "src/pkg/sub/b.py"]  # pkg.core: another's
    assert g["src/pkg/sub/d.py"] == ["src/pkg/c.py", "src/pkg/pkg.py"]


def test_a_swift_file_sees_its_own_module_and_those_it_imports(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Package.swift": (
                "// swift-tools-version:5.9\nimport PackageDescription\n\nlet package = Package(\n"
                '  name: "App",\n  targets: [\n    .target(name: "Core"),\n'
                '    .target(name: "Other"),\n    .executableTarget(name: "App", dependencies: ["Core"]),\n'
                '    .testTarget(name: "CoreTests", dependencies: ["Core"]),\n'
                '    .executableTarget(name: "gen", path: "Tools/gen"),\n  ]\n)\n'
            ),
            "Tools/gen/main.swift": "let s = Settings()\n",
            "Sources/Core/Settings.swift": "public struct Settings { public var level = 1 }\n",
            "Sources/Core/Store.swift": "struct Store { let settings: Settings }\n",
            "Sources/Other/Settings.swift": 'public struct Settings { var name = "" }\n',
            "Sources/App/main.swift": "import Core\n\nlet s = Settings()\n",
            "Tests/CoreTests/SettingsTests.swift": (
                "import XCTest\n@_spi(Internal) @testable import Core\n\nfinal class T: XCTestCase {\n"
                "    func testLevel() { XCTAssertEqual(Settings().level, 1) }\n}\n"
            ),
        },
    )
    assert g["Sources/App/main.swift"] == ["Sources/Core/Settings.swift"]
    assert g["Sources/Core/Store.swift"] == ["Sources/Core/Settings.swift"]
    assert g["Tests/CoreTests/SettingsTests.swift"] == ["Sources/Core/Settings.swift"]
    assert g["Tools/gen/main.swift"] == []  # its own module imports neither


def test_a_scripts_folder_with_a_module_of_its_name_still_imports_it(make_repo) -> None:
    # `python tool/main.py` puts tool/ first on sys.path: `import tool` is tool/tool.py.
    g = graph(
        make_repo,
        {
            "tool/tool.py": "def run(): pass\n",
            "tool/main.py": "import tool\nfrom tool import run\n",
            "src/app/__init__.py": "",
            "src/app/core.py": "x = 1\n",
            "scripts/scripts.py": "def run(): pass\n",
            "scripts/deploy.py": "import scripts\nfrom app import core\n",
        },
    )
    assert g["tool/main.py"] == ["tool/tool.py"]
    assert g["scripts/deploy.py"] == ["scripts/scripts.py", "src/app/core.py"]


def test_a_swift_target_named_in_dependencies_is_no_target_of_its_own(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "Package.swift": (
                'let package = Package(name: "P", targets: [\n'
                '    .target(name: "Core"),\n'
                '    .target(name: "App", dependencies: [.target(name: "Core")],'
                ' path: "Sources/AppMain"),\n'
                '    .target(name: "Other", dependencies: ["App"]),\n])\n'
            ),
            "Sources/Core/Model.swift": "public struct Model {}\n",
            "Sources/AppMain/Runner.swift": "import Core\npublic struct Runner { let m: Model }\n",
            "Sources/Other/Use.swift": "import App\nlet r = Runner(m: .init())\n",
        },
    )
    assert g["Sources/Other/Use.swift"] == ["Sources/AppMain/Runner.swift"]
