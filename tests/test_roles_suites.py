"""Roles the tree decides (test suites beside `lib/`, Gherkin features), a test package's
licence, a source root's testing API, requirements under other names, the forge's settings,
and a Python module around a table."""

from __future__ import annotations

from pathlib import Path

from repoview.analyze.languages import detect_language, detect_role
from repoview.packer import PackOptions, build_pack

EX_TEST = 'defmodule AppTest do\n  use ExUnit.Case\n  test "x", do: assert(true)\nend\n'


def role(path: str, text: str | None = "x = 1\n") -> str:
    return detect_role(path, detect_language(path.rsplit("/", 1)[-1]), text)


def roles_of(repo: Path) -> dict[str, str]:
    return {f.path: f.role for f in build_pack(PackOptions(path=repo, cache=False)).files}


def test_an_umbrellas_tests_under_lib_are_tests_its_testing_api_stays_source(make_repo) -> None:
    repo = make_repo(
        {
            "lib/app/lib/app.ex": "defmodule App do\n  def hello(n), do: n\nend\n",
            "lib/app/mix.exs": "defmodule App.MixProject do\nend\n",
            "lib/app/test/app_test.exs": EX_TEST,
            "lib/app/test/test_helper.exs": "ExUnit.start()\n",
            "lib/app/test/fixtures/sample.ex": "defmodule Sample do\nend\n",
            "lib/tool/lib/tool.rb": "module Tool; end\n",
            "lib/tool/test/helper.rb": "require 'minitest'\n",
            # a library's own testing API, inside its code folder: source
            "lib/web/test/conn_test.ex": "defmodule Web.ConnTest do\n  def get(c), do: c\nend\n",
            "lib/web/test_helpers.rb": "module Web; module TestHelpers; end; end\n",
            "lib/web.ex": "defmodule Web do\nend\n",
            "test/top_test.exs": EX_TEST,
            "apps/api/test/api_test.exs": EX_TEST,
        }
    )
    roles = roles_of(repo)
    assert roles["lib/app/lib/app.ex"] == "source"
    for path in (
        "lib/app/test/app_test.exs",
        "lib/app/test/test_helper.exs",
        "lib/app/test/fixtures/sample.ex",
        "lib/tool/test/helper.rb",
        "test/top_test.exs",
        "apps/api/test/api_test.exs",
    ):
        assert roles[path] == "test", path
    assert roles["lib/web/test/conn_test.ex"] == "source"
    assert roles["lib/web/test_helpers.rb"] == "source"
    # mix runs only `*_test.exs` scripts as tests: one is a test wherever it sits
    assert role("lib/app/test/app_test.exs", EX_TEST) == "test"
    assert role("lib/web/test/conn_test.ex") == "source"


def test_a_go_or_python_package_named_for_testing_keeps_its_role(make_repo) -> None:
    repo = make_repo(
        {
            "internal/test/server.go": "package test\n\nfunc Start() {}\n",
            "internal/lib/util.go": "package lib\n\nfunc U() {}\n",
            "pkg/__init__.py": "",
            "pkg/testing/__init__.py": "def assert_equal(a, b): ...\n",
            "pkg/lib/__init__.py": "",
            "pkg/lib/core.py": "def f(): ...\n",
        }
    )
    roles = roles_of(repo)
    assert roles["internal/test/server.go"] == "test"  # as before: a test folder
    assert roles["pkg/testing/__init__.py"] == "source"
    assert roles["pkg/lib/core.py"] == "source"


def test_a_test_packages_licence_is_docs_a_fixtures_licence_a_test() -> None:
    assert role("src/Acme/Testing/LICENSE.md", "MIT License\n") == "docs"
    assert role("acme-test/LICENSE", "MIT License\n") == "docs"
    assert role("tests/LICENSE-MIT", "MIT License\n") == "docs"
    assert role("src/Acme/Testing/.gitattributes", "/tests export-ignore\n") == "config"
    # a licence a test reads, deeper in the tests, is the test's data
    assert role("tests/fixtures/dep-license-mit/LICENSE", "MIT License\n") == "test"
    assert role("tests/encoding/LICENSE-WHATWG", "BSD\n") == "test"
    assert role("tests/fixtures/.gitattributes", "*.txt eol=lf\n") == "test"


def test_a_testing_namespace_under_a_source_root_is_the_librarys_code(make_repo) -> None:
    repo = make_repo(
        {
            "composer.json": '{"autoload": {"psr-4": {"Acme\\\\": "src/"}}}\n',
            "src/Testing/TestResponse.php": (
                "<?php\nnamespace Acme\\Testing;\n"
                "class TestResponse { public function assertOk() { return $this; } }\n"
            ),
            "src/Testing/ResponseTest.php": "<?php\nclass ResponseTest {}\n",
            "src/Testing/LICENSE.md": "MIT License\n",
            "src/Http/Kernel.php": (
                "<?php\nnamespace Acme\\Http;\nuse Acme\\Testing\\TestResponse;\n"
                "class Kernel { public function handle(): TestResponse { return new TestResponse; } }\n"
            ),
            "src/test/java/com/acme/Helper.java": "class Helper {}\n",
            "acme-testing-support/src/main/kotlin/acme/testing/Rule.kt": "class Rule\n",
            "tests/Unit/KernelTest.php": "<?php\nclass KernelTest {}\n",
        }
    )
    roles = roles_of(repo)
    assert roles["src/Testing/TestResponse.php"] == "source"
    assert roles["src/Testing/LICENSE.md"] == "docs"
    # (named like a test, but PHPUnit's tests are never in `src/`: the library's code, such
    # as a trait its commands use to make test files)
    assert roles["src/Testing/ResponseTest.php"] == "source"
    assert roles["src/test/java/com/acme/Helper.java"] == "test"  # a suite: `test/`
    assert roles["acme-testing-support/src/main/kotlin/acme/testing/Rule.kt"] == "test"
    assert roles["tests/Unit/KernelTest.php"] == "test"


def test_a_features_folder_of_gherkin_scenarios_is_a_test_suite(make_repo) -> None:
    repo = make_repo(
        {
            "features/build.feature": "Feature: Build\n  Scenario: x\n    Given a site\n",
            "features/support/env.rb": "module Helpers; def run_build; end; end\n",
            "features/step_definitions.rb": "Given(/^a site$/) do\nend\n",
            "lib/site.rb": "module Site; end\n",
            # an app's feature modules, with no scenario in sight, are its code
            "src/features/support/tickets.ts": "export const tickets = [];\n",
            # nor with one: a slice of the app that keeps its scenario beside its code
            "src/features/cart/cart.feature": "Feature: Cart\n  Scenario: x\n",
            "src/features/cart/store.ts": "export const cart = [];\n",
        }
    )
    roles = roles_of(repo)
    assert roles["features/build.feature"] == "test"
    assert roles["features/support/env.rb"] == "test"
    assert roles["features/step_definitions.rb"] == "test"
    assert roles["lib/site.rb"] == "source"
    assert roles["src/features/support/tickets.ts"] == "source"
    assert roles["src/features/cart/store.ts"] == "source"


def test_requirements_under_other_names_build_as_a_root_requirements_txt() -> None:
    pinned = "mkdocs==1.6.0 \\\n    --hash=sha256:abc123\n    # via -r doc-requirements.in\n"
    assert role("support/doc-requirements.txt", pinned) == "build"
    assert role("support/doc-requirements.in", "mkdocs\nmkdocstrings[python]>=0.20\n") == "build"
    assert role("requirements/dev.txt", "-r base.txt\npytest>=7; python_version>'3.8'\n") == "build"
    assert role("test-requirements.txt", "pytest\nhypothesis\n") == "build"
    assert role("requirements.txt", "numpy\n") == "build"
    # the project itself, an archive by its path, a local file: lines pip takes
    local = "-r base.txt\n.[test]\nwheels/tool-1.0-py3-none-any.whl\nfile:vendor/x\npytest\n"
    assert role("requirements/test.txt", local) == "build"
    # a short file is read to its last line
    assert role("requirements/docs.txt", "sphinx\nSee the README for how to build.\n") == "docs"
    # a note about what a system needs is prose
    note = "You need Python 3.10 or later.\nA C compiler is required too.\n"
    assert role("docs/system-requirements.txt", note) == "docs"
    assert role("requirements/README.txt", note) == "docs"


def test_the_forges_settings_are_config_its_workflows_build() -> None:
    assert role(".github/FUNDING.yml", "github: [someone]\n") == "config"
    assert role(".github/ISSUE_TEMPLATE/bug_report.yml", "name: Bug\n") == "config"
    assert role(".github/ISSUE_TEMPLATE/config.yml", "blank_issues_enabled: false\n") == "config"
    assert role(".github/workflows/ci.yml", "on: push\n") == "build"
    assert role(".github/dependabot.yml", "version: 2\n") == "build"
    assert role(".github/ISSUE_TEMPLATE/bug.md", "# Bug\n") == "docs"


def test_a_module_around_a_table_that_defines_a_function_is_source() -> None:
    rows = "".join(f'    "pkg{i}": "types-pkg{i}",\n' for i in range(400))
    module = (
        "from __future__ import annotations\n\n\n"
        "def stub_distribution_name(module: str) -> str | None:\n"
        "    return packages.get(module.split('.', 1)[0])\n\n\n"
        "packages: dict[str, str] = {\n" + rows + "}\n"
    )
    assert detect_role("pkg/stubinfo.py", "Python", module) == "source"
    # the table alone, or in a class that only holds values, is data
    assert detect_role("pkg/names.py", "Python", "packages = {\n" + rows + "}\n") == "data"
    holder = "class Names:\n    packages = {\n" + rows.replace("    ", "        ") + "    }\n"
    assert detect_role("pkg/names.py", "Python", holder) == "data"
