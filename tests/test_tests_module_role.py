"""A module named as tests that the package's own code imports is the package's code."""

from __future__ import annotations

import json
from pathlib import Path

TESTS_MODULE = (
    "def test_odd(value: int) -> bool:\n    return value % 2 == 1\n\n\n"
    "def test_even(value: int) -> bool:\n    return value % 2 == 0\n\n\n"
    "TESTS = {'odd': test_odd, 'even': test_even}\n"
)


def roles(cli, repo: Path, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    manifest = tmp_path / "m.json"
    r = cli("pack", str(repo), "-q", "-o", str(tmp_path / "p.xml"), "--manifest", str(manifest))
    assert r.code == 0, r.err
    return {f["path"]: f["role"] for f in json.loads(manifest.read_text())["files"]}


def test_an_imported_tests_module_is_source(make_repo, cli, tmp_path: Path) -> None:
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "tmpl"\n',
            "src/tmpl/__init__.py": "from .engine import render\n",
            "src/tmpl/engine.py": "from .tests import TESTS\n\n\ndef render(x):\n    return TESTS\n",
            "src/tmpl/tests.py": TESTS_MODULE,
            # An app's own test module, which nothing imports, and a suite's helper.
            "src/tmpl/app/tests.py": "from tmpl import render\n\n\ndef test_render():\n"
            "    assert render(1)\n",
            "tests/test_engine.py": "from tests.helpers_test import check\n\n\ndef test_x():\n"
            "    check()\n",
            "tests/helpers_test.py": "from tmpl.engine import render\n\n\ndef check():\n"
            "    assert render(1)\n",
            "tests/conftest.py": "import tmpl\n",
        }
    )
    got = roles(cli, repo, tmp_path)
    assert got["src/tmpl/tests.py"] == "source"
    assert got["src/tmpl/app/tests.py"] == "test"
    assert got["tests/helpers_test.py"] == "test" and got["tests/test_engine.py"] == "test"
    assert got["tests/conftest.py"] == "test"
