"""A project written in two languages: each one's most imported modules are as central as
the other's, however densely that language's files import each other."""

from __future__ import annotations

from repoview.analyze.rank import centrality
from repoview.packer import PackOptions, build_pack


def files(rust_users: int, python_users: int, python_filler: int = 200) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {
        "Cargo.toml": '[package]\nname = "core"\n',
        "src/lib.rs": "".join(f"mod m{i};\n" for i in range(rust_users)) + "pub mod hub;\n",
        "src/hub.rs": "pub fn shared() -> u32 {\n    1\n}\n",
        "pkg/__init__.py": "",
        "pkg/core.py": "def shared():\n    return 1\n",
    }
    for i in range(rust_users):
        out[f"src/m{i}.rs"] = (
            f"use crate::hub::shared;\n\npub fn f{i}() -> u32 {{\n    shared() + {i}\n}}\n"
            + "// a comment line, as long as the package's comment lines are\n" * 40
        )
    for i in range(python_users):
        out[f"pkg/mod{i}.py"] = (
            f"from pkg.core import shared\n\n\ndef g{i}(x):\n    return shared() + x * {i}\n"
            + "# a comment line of the package, as long as the crate's are\n" * python_filler
        )
    return out


def central(make_repo, spec: dict[str, str | bytes]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    pack = build_pack(PackOptions(path=make_repo(spec), cache=False))
    return centrality(pack.files)


def test_a_second_main_language_is_lifted_to_the_first_ones_level(make_repo) -> None:  # type: ignore[no-untyped-def]
    # 31 Rust files use the crate's hub (5 powers of two), 7 Python modules the package's (3).
    both = central(make_repo, files(31, 7))
    assert round(7 * both["src/hub.rs"]) == 5
    assert round(7 * both["pkg/core.py"]) == 5  # lifted by the two powers it fell short
    assert both["pkg/mod0.py"] == 0.0  # (what nothing imports stays so)
    # A language with under a quarter of the source (a crate's helper scripts) is not lifted.
    minor = central(make_repo, files(31, 7, python_filler=5))
    assert round(7 * minor["pkg/core.py"]) == 3


def test_a_command_in_bin_ranks_as_an_entry_point(make_repo) -> None:  # type: ignore[no-untyped-def]
    from repoview.analyze.rank import History, rank_files

    files: dict[str, str | bytes] = {
        "bin/tool": "#!/usr/bin/env php\n<?php\nrequire __DIR__.'/../src/App.php';\n(new App())->run();\n",
        "bin/helpers/setup": "#!/bin/sh\necho setting up\n",
        "tools/gen": "#!/usr/bin/env php\n<?php\necho 1;\n",
        "src/App.php": "<?php\nclass App { public function run() {} }\n",
    }
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    scores = rank_files(pack.files, History())
    assert scores["bin/tool"] > scores["tools/gen"]
    assert scores["bin/tool"] > scores["bin/helpers/setup"]


def test_a_folder_of_binstubs_is_no_entry_point(make_repo) -> None:  # type: ignore[no-untyped-def]
    from repoview.analyze.rank import History, rank_files

    files: dict[str, str | bytes] = {
        f"bin/{name}": f"#!/usr/bin/env ruby\nrequire_relative '../config/boot'\nload '{name}'\n"
        for name in ("rails", "rake", "setup", "dev", "jobs")
    }
    files["app/models/user.rb"] = "class User\n  def name\n    'x'\n  end\nend\n"
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    scores = rank_files(pack.files, History())
    assert scores["bin/rails"] <= scores["app/models/user.rb"]


def test_which_folders_name_an_older_release() -> None:
    from types import SimpleNamespace

    from repoview.analyze.rank import superseded

    paths = {
        "docs/manual/v1.3/manual.yml": "docs",
        "docs/manual/v1.8/manual.yml": "docs",
        "notebooks_v1/a.ipynb": "example",  # an edition beside the current one
        "notebooks/a.ipynb": "example",
        "site/index.md": "docs",  # the first beside a later edition
        "site-v2/index.md": "docs",
        "lessons/1/README.md": "docs",  # a bare number names no release
        "lessons/2/README.md": "docs",
        "models/mobilenetv2/card.md": "docs",  # nor a name ending in a number
        "models/mobilenetv3/card.md": "docs",
        "net/ipv4/notes.md": "docs",
        "net/ipv6/notes.md": "docs",
        "api/v1/handlers.py": "source",  # code of two versions both runs
        "api/v2/handlers.py": "source",
    }
    files = [SimpleNamespace(path=p, role=r) for p, r in paths.items()]
    assert superseded(files) == {  # type: ignore[arg-type]
        "docs/manual/v1.3/manual.yml",
        "notebooks_v1/a.ipynb",
        "site/index.md",
    }


def test_typescript_and_tsx_are_one_language_not_lifted_to_each_other(make_repo) -> None:  # type: ignore[no-untyped-def]
    # An app's TypeScript core (31 files use utils.ts) and its TSX components (a component
    # two others use): one graph, one habit; the component stays as central as it is.
    spec: dict[str, str | bytes] = {"src/utils.ts": "export const clamp = (x: number) => x;\n"}
    filler = "// a comment line, as long as the other files' comment lines are\n" * 40
    for i in range(31):
        spec[f"src/m{i}.ts"] = (
            f"import {{ clamp }} from './utils';\nexport const f{i} = clamp({i});\n"
        )
        spec[f"src/m{i}.ts"] += filler  # type: ignore[operator]
    spec["src/Button.tsx"] = "export const Button = () => <button />;\n" + filler
    for i in range(3):
        spec[f"src/View{i}.tsx"] = (
            f"import {{ Button }} from './Button';\nexport const View{i} = () => <Button />;\n"
            + filler * 20
        )
    got = central(make_repo, spec)
    assert round(7 * got["src/utils.ts"]) == 5
    assert round(7 * got["src/Button.tsx"]) == 2  # (three users: two powers of two)
