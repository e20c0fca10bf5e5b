"""Python imports of modules the pack does not hold: left out (vendored) or not in the
repository. They are no edge, and above all no edge to the package's `__init__.py`."""

from __future__ import annotations

from repoview.packer import PackOptions, build_pack

from .conftest import MakeRepo, graph

VENDORED = {
    "src/pkg/__init__.py": '__version__ = "1"\n',
    "src/pkg/_vendor/__init__.py": "",
    "src/pkg/_vendor/lib/__init__.py": "",
    "src/pkg/_vendor/lib/core.py": "def f():\n    return 1\n",
    "src/pkg/sub/__init__.py": "def helper():\n    return 2\n",
    "src/pkg/sub/mod.py": "X = 1\n",
}


def test_imports_of_a_vendored_or_missing_module_are_no_edge_to_its_packages(
    make_repo: MakeRepo,
) -> None:
    g = graph(
        make_repo,
        {
            **VENDORED,
            "src/pkg/a.py": "from pkg._vendor.lib.core import f\nfrom pkg._vendor.lib import core\n",
            "src/pkg/b.py": "import pkg._vendor.lib.core\nimport pkg._vendor\n",
            "src/pkg/c.py": "from pkg.nothere import x\nimport pkg.sub.nothere\n",
            "src/pkg/d.py": "from pkg.sub.nothere.deeper import x\nfrom ._vendor.lib.core import f\n",
        },
    )
    assert not any("_vendor" in p for p in g)  # the vendored tree is left out of the pack
    for importer in ("a", "b", "c", "d"):
        assert g[f"src/pkg/{importer}.py"] == [], importer


def test_imports_of_the_packages_own_names_and_modules_still_are_edges(
    make_repo: MakeRepo,
) -> None:
    g = graph(
        make_repo,
        {
            **VENDORED,
            "src/pkg/a.py": "from pkg import __version__\nfrom pkg._vendor.lib import core\n",
            "src/pkg/b.py": "from pkg.sub import helper\n",
            "src/pkg/c.py": "from pkg.sub import mod\nimport pkg.sub.mod\n",
            "src/pkg/d.py": "import pkg.sub\n",
        },
    )
    assert g["src/pkg/a.py"] == ["src/pkg/__init__.py"]
    assert g["src/pkg/b.py"] == ["src/pkg/sub/__init__.py"]
    assert g["src/pkg/c.py"] == ["src/pkg/sub/mod.py"]
    assert g["src/pkg/d.py"] == ["src/pkg/sub/__init__.py"]


def test_a_package_is_imported_by_the_files_that_use_it_not_its_vendored_tree(
    make_repo: MakeRepo,
) -> None:
    files = {**VENDORED, "src/pkg/a.py": "from pkg import __version__\n"}
    files |= {f"src/pkg/v{i}.py": "from pkg._vendor.lib.core import f\n" for i in range(5)}
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert by_path["src/pkg/__init__.py"].imported_by == ["src/pkg/a.py"]


def test_a_module_serves_the_dotted_names_it_makes_when_it_runs(make_repo: MakeRepo) -> None:
    # A module file has no submodules on disk: `six.moves` is made by `six.py` itself. (A
    # package's `__init__.py` serves no missing submodule: the test above.)
    g = graph(
        make_repo,
        {
            "six.py": "import sys\nmoves = sys.modules[__name__ + '.moves'] = None\n",
            "app.py": "import six.moves.urllib\n",
            "web.py": "from six.moves.urllib.parse import urlparse\n",
        },
    )
    assert g["app.py"] == ["six.py"] and g["web.py"] == ["six.py"]
