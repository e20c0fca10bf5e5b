"""Roles by name and content, the non-code flag, and centrality from source imports."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from repoview.analyze.languages import (
    configure_folders,
    detect_language,
    detect_role,
    is_code,
    refine_language,
)
from repoview.analyze.rank import History, centrality, load_history, source_importers
from repoview.gitutil import locate
from repoview.model import PackedFile
from repoview.source import open_source
from repoview.tokens import TokenCache


def commit_at(repo: Path, paths: list[str], when: int) -> None:
    """Append a line to each of `paths` and commit them, dated `when` (seconds)."""
    for path in paths:
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        with (repo / path).open("a") as f:
            f.write(f"# {when}\n")
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{when} +0000"}
    env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"]
    subprocess.run(["git", "add", *paths], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "c"], cwd=repo, env=env, check=True)


def history_of(repo: Path, rev: str = "HEAD", cache: TokenCache | None = None) -> History:
    source = open_source(locate(repo), rev)
    try:
        return load_history(source, cache)
    finally:
        source.close()


def role(path: str, text: str | None = None) -> str:
    return detect_role(path, detect_language(path.rsplit("/", 1)[-1]), text)


@pytest.mark.parametrize(
    "path, text, expected",
    [
        ("app/config.py", "class Config:\n    debug = False\n\ndef load(path): ...\n", "source"),
        ("app/config.py", "DEBUG = False\nDATABASE = 'sqlite://'\n", "config"),
        (
            "src/runtime/config.rs",
            "pub(crate) struct Config {\n    pub workers: usize,\n}\n",
            "source",
        ),
        ("settings.ts", "export const port = 8080;\n", "config"),
        ("tests/test_app.py", "def test_x(): ...\n", "test"),
        ("pkg/widget.test.ts", "it('works', () => {})\n", "test"),
        ("examples/echo.rs", "fn main() {}\n", "example"),
        ("docs/conf.py", "project = 'x'\n", "docs"),
        ("tokio/src/doc/mod.rs", "pub mod os;\n", "source"),
        ("README.md", "# x\n", "docs"),
        ("tools/changelog.py", "def main(): ...\n", "build"),
        ("utils/changelog.tcl", "proc x {} {}\n", "source"),
        ("requirements-dev.txt", "pytest\n", "build"),
        (".vscode/launch.json", "{}\n", "config"),
        ("packages/docs/tsconfig.json", "{}\n", "config"),
        ("assets/logo.svg", "<svg/>\n", "data"),
        ("src/commands/get.json", "{}\n", "data"),
        ("t/t0001-init.sh", "test_expect_success 'x' 'true'\n", "test"),
        ("regress/copy-mode.sh", "tmux new -d\n", "test"),
        ("okhttp/src/jvmTest/kotlin/CallTest.kt", "class CallTest\n", "test"),
        ("Tests/SessionTests/Helpers.swift", "func stub() {}\n", "test"),
        ("playground/css/main.js", "import './a.css'\n", "example"),
        ("src/latest/release.py", "def x(): ...\n", "source"),
        ("support/cmake/FindFmt.cmake", "find_package(x)\n", "build"),
        ("Src/Newtonsoft.Json.Tests/JsonTest.cs", "class JsonTest {}\n", "test"),
        ("Src/Newtonsoft.Json/Newtonsoft.Json.csproj", "<Project/>\n", "build"),
        ("priv/templates/logo.svg.eex", "<svg/>\n", "data"),
        ("t/t4013/diff.log", "commit 1\n", "test"),
        ("db/db_test.cc", "TEST(DBTest, Empty) {}\n", "test"),
        ("pkg/server_tests.rs", "#[test]\nfn x() {}\n", "test"),
        ("src/main/java/FooTest.java", "class FooTest {}\n", "test"),
        ("Core/ParserTests.cs", "class ParserTests {}\n", "test"),
        ("src/latest.py", "def newest(): ...\n", "source"),
        ("crates/core/flags/doc/help.rs", "pub fn generate() {}\n", "source"),
        ("doc/hello.rs", "fn main() {}\n", "docs"),
        ("po/ca.po", 'msgid "x"\nmsgstr "y"\n', "data"),
        ("app/locale/de/LC_MESSAGES/app.js", "Documentation.addTranslations({})\n", "data"),
        ("app/locale/__init__.py", "def init(): ...\n", "source"),
        ("examples/react/basic/package.json", '{"name": "basic"}\n', "example"),
        ("packages/core/package.json", '{"name": "core"}\n', "build"),
        ("tests/CMakeLists.txt", "add_executable(t t.c)\n", "build"),
        ("t/Makefile", "all:\n", "build"),
        ("lib/Makefile.inc", "LIB_CFILES = a.c\n", "build"),
        ("docs/tutorial/tests.rst", "Tests\n=====\n", "docs"),
        ("lib/libcurl.def", "EXPORTS\n  curl_easy_init\n", "data"),
        ("app/locale/.tx/config", "[main]\n", "config"),
        ("NOTES.txt", "plain words\n", "docs"),
        # a compiled language's config.c is code, whatever it defines
        ("lib/core/config.c", "void h2o_config_init(h2o_globalconf_t *c)\n{\n}\n", "source"),
        ("settings.gradle.kts", 'include(":core")\n', "config"),
        ("Package.swift", 'let package = Package(name: "x")\n', "build"),
        ("rubocop.gemspec", "Gem::Specification.new do |s|\nend\n", "build"),
        ("tasks/cops.rake", "task :generate do\nend\n", "build"),
        ("examples/view/views/index.hbs", "<h1>{{title}}</h1>\n", "example"),
        ("examples/ejs/views/users.ejs", "<% users.forEach(function(u){ %>\n", "example"),
        ("examples/README.md", "# Examples\n", "docs"),
        ("docs_src/first_steps/tutorial001.py", "from fastapi import FastAPI\n", "docs"),
        ("doc_builder/cli.py", "def main(): ...\n", "source"),  # a tool, not the docs
        ("internal/fuzz/mutator.go", "package fuzz\n", "source"),  # a fuzzing engine
        ("internal/config.go", "package internal\n\nvar Default = 3\n", "source"),
        # a hit test, not a test: JavaScript names its tests x.test.ts or puts them in tests/
        ("element/src/resizeTest.ts", "export const resizeTest = () => 1;\n", "source"),
        ("setupTests.ts", "import '@testing-library/jest-dom';\n", "test"),
        ("fuzz/http1-corpus/0a1b2c", "GET / HTTP/1.1\n", "test"),
        ("fuzz/fuzz_targets/parse.rs", "fuzz_target!(|d: &[u8]| {});\n", "test"),
        ("fuzzers/corpora/packfile/004bd06c", "PACK\x02\x7f\xe9", "test"),
        ("fuzzers/config_file_fuzzer.c", "int LLVMFuzzerTestOneInput(void) {}\n", "test"),
        ("tests/corpora/midx/0a1b", "MIDX\x01", "test"),
        # Python's tests are never `_spec`: a specification class
        ("pkg/layers/input_spec.py", "class InputSpec:\n    pass\n", "source"),
        ("spec/models/user_spec.rb", "describe User do\nend\n", "test"),
        # folders of tests by their names
        ("test-data/unit/fixtures/list.pyi", "class list: ...\n", "test"),
        ("integration_tests/basic_flow.py", "def run(): ...\n", "test"),
        ("Lib/unittest/case.py", "class TestCase: ...\n", "source"),
        ("CITATION.cff", "cff-version: 1.2.0\n", "docs"),
        ("MANIFEST.in", "include LICENSE\n", "build"),
        ("src/testdir/test_search.vim", "func Test_search()\nendfunc\n", "test"),
        ("src/testsuite/parse.c", "int main(void) { return 0; }\n", "test"),
        ("pixmaps/alert.xpm", '/* XPM */\nstatic char *alert[] = {"1 1 1 1"};\n', "data"),
        ("vite.config.ts", "export default defineConfig({})\n", "config"),
        ("tsconfig.spec.json", "{}\n", "config"),
        ("fs/deno.json", '{"name": "@std/fs"}\n', "build"),
        ("pkg/integration_test/x.go", "package integration_test\n", "test"),
        # (`go test` runs `_test.go` files only: a `Spec` type's file is the library's)
        ("resources/resource_spec.go", "package resources\n\ntype Spec struct{}\n", "source"),
        ("resources/resource_test.go", "package resources\n", "test"),
        ("api/v1/user_test.pb.go", "package v1\n", "source"),  # (generated for the package)
        ("RELEASE-CHECKLIST-TEMPLATE.org", "* Release\n- [ ] bump the version\n", "docs"),
        ("cabal.project", "packages: . pandoc-cli\n", "build"),
        ("runtime/compiler/zig_test.vim", "compiler zig_test\n", "source"),
        # (PHPUnit's tests are never in `src/`: a trait that makes them is the library's)
        (
            "src/Foundation/Console/CreatesMatchingTest.php",
            "<?php\ntrait CreatesMatchingTest {}\n",
            "source",
        ),
        ("tests/Foundation/FoundationTest.php", "<?php\nclass FoundationTest {}\n", "test"),
        ("testscripts/commands/config.txt", "hugo config\nstdout 'baseURL'\n", "test"),
        ("src/testdir/test_alot.vim", "source test_x.vim\n", "test"),
        ("test.vim", "call assert_true(1)\n", "test"),
        ("lisp/magit-tests.el", "(ert-deftest magit-x ())\n", "test"),
        ("src/vite.config.ts", "export default defineConfig({})\n", "config"),
        ("unittest/testutil.cpp", "void check() {}\n", "test"),
        ("runtime/compiler/zig_test.vim", "CompilerSet makeprg=zig\n", "source"),
        ("src/app/app.config.ts", "export const appConfig = {providers: []};\n", "source"),
        # a package's own testing API (a test client) is code; a module of tests is a test
        (
            "src/web/test.py",
            "class Client:\n    pass\nclass TestResponse(Response):\n    pass\n",
            "source",
        ),
        ("src/web/test.py", "import pytest\n\ndef helper():\n    pass\n", "test"),
        ("src/web/test.py", "class TestClient:\n    def test_get(self):\n        pass\n", "test"),
        ("test_client.py", "X = 1\n", "test"),
        # the build's own scripts and macros
        ("build/VS_scripts/build.generic.cmd", "@echo off\n", "build"),
        ("build/meson/InstallSymlink.py", "import os\n", "build"),
        ("lib/BUCK", "cxx_library(name='x')\n", "build"),
        ("m4/ax_pthread.m4", "AC_DEFUN([AX_PTHREAD], [])\n", "build"),
        ("autogen.sh", "#!/bin/sh\nautoreconf -fi\n", "build"),
        ("docs/make.bat", "@ECHO OFF\nsphinx-build %*\n", "build"),
        ("rust-toolchain", "stable\n", "build"),
        ("renovate.json5", "{ extends: ['config:base'] }\n", "config"),
        (".devcontainer/on-create-command.sh", "#!/bin/sh\npip install -e .\n", "build"),
        ("src/build/__init__.py", "def build():\n    pass\n", "source"),
        ("features/step_definitions/site_steps.rb", "Given(/^I have a site$/) do\nend\n", "test"),
        # pip's constraints, and a manual's page about constraints
        ("constraints.txt", "urllib3<2\n# pinned\nidna==3.4\n", "build"),
        ("docs/ref/constraints.txt", "Constraints\n===========\n\nThe classes here.\n", "docs"),
        ("docs/topics/testing/_images/hierarchy.svg", "<svg></svg>\n", "docs"),  # a figure
        ("tests/fixtures/logo.svg", "<svg></svg>\n", "test"),
    ],
)
def test_roles_on_names_and_content(path: str, text: str, expected: str) -> None:
    assert role(path, text) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("build.pl", "Perl"),
        ("Curl.pm", "Perl"),
        ("t0202-gettext.t", "Perl"),
        ("proguard.pro", "Text"),
        ("libcurl.def", "Text"),
        ("Makefile.inc", "PHP"),  # by name only: the content decides below
        ("theme.css", "CSS"),
        ("flake.nix", "Nix"),  # a rare language on an extension only it claims stays
        ("start.s", "GAS"),
        ("transform.xslt", "XSLT"),  # named by its extension
        ("Main.as", "ActionScript 3"),  # one family: the first of it
        ("getting-started.mdx", "Markdown"),  # a docs site's page, with components in it
        ("tsconfig.base.jsonc", "JSON"),  # JSON with comments
    ],
)
def test_extensions_many_formats_share_do_not_claim_a_rare_language(
    name: str, expected: str
) -> None:
    assert detect_language(name) == expected


CPP_HEADER = """#ifndef DB_H_
#define DB_H_
#include <string>
namespace leveldb {
class InternalKey {
 public:
  InternalKey() {}
 private:
  std::string rep_;
};
}  // namespace leveldb
#endif
"""
C_HEADER = """#ifndef CURL_H
#define CURL_H
#ifdef  __cplusplus
extern "C" {
using namespace std;
#endif
/* works from C++ too:
   no std::string here */
typedef struct Curl_easy CURL;
CURL *curl_easy_init(void);
#ifdef  __cplusplus
}
#endif
#endif
"""


@pytest.mark.parametrize(
    "path, text, expected",
    [
        ("db/dbformat.h", CPP_HEADER, "C++"),
        ("util/arena.h", "template <typename T>\nT* New();\n", "C++"),
        ("db/version.h", "Status VersionSet::Recover(bool* save);\n", "C++"),
        ("include/curl/curl.h", C_HEADER, "C"),
        # C++ said only to C++ callers, under `#ifdef __cplusplus`, leaves a C header C
        (
            "include/uv.h",
            '#ifdef __cplusplus\nextern "C++" {\ntemplate <class T> T f(T x);\n}\n#endif\n'
            "int uv_run(void);\n",
            "C",
        ),
        ("src/view.h", "#import <Foundation/Foundation.h>\n@interface View\n@end\n", "Objective-C"),
        ("lib/Makefile.inc", "LIB_CFILES = a.c b.c\n", "Text"),
        ("inc/header.inc", "<?php echo 'x'; ?>\n", "PHP"),
        ("tests/certs/test-ca.prm", "[ req ]\ndistinguished_name = dn\n", "Text"),
        ("texinputs/sphinxhowto.cls", "%\n\\NeedsTeXFormat{LaTeX2e}[1995/12/01]\n", "TeX"),
        # an extensionless script by its interpreter line; a note without one stays text
        ("scripts/test", "#!/bin/sh -e\npytest\n", "Bash"),
        ("bin/manage", "#!/usr/bin/env python3\nimport sys\n", "Python"),
        ("NOTES", "#!important\n", "Text"),
    ],
)
def test_content_corrects_what_the_name_gets_wrong(path: str, text: str, expected: str) -> None:
    name = path.rsplit("/", 1)[-1]
    assert refine_language(detect_language(name), path, text) == expected


def test_a_cpp_header_is_outlined_with_its_classes() -> None:
    from repoview.compress import compress

    lang = refine_language(detect_language("dbformat.h"), "db/dbformat.h", CPP_HEADER)
    assert "InternalKey()" in compress(CPP_HEADER, lang)


def test_an_htpasswd_file_is_left_out_as_password_hashes() -> None:
    from repoview.secrets import is_key_file, key_file_detail

    assert is_key_file("site/.htpasswd", "admin:$apr1$x$y\n")
    assert key_file_detail("site/.htpasswd") == "password hashes"
    assert key_file_detail("keys/id_ed25519") == "private key material"


def test_svg_data_and_docs_are_not_code() -> None:
    assert [is_code(lang) for lang in ("SVG", "JSON", "CSV", "Markdown", "YAML", "HTML")] == [
        False
    ] * 6
    assert all(is_code(lang) for lang in ("Python", "C", "Rust", "TypeScript", "Go"))


def pf(path: str, role: str, imports: list[str]) -> PackedFile:
    f = PackedFile(path=path, language="Python", role=role, size=1, text="x")
    f.imports = imports
    return f


def test_centrality_counts_what_the_code_imports_not_what_tests_do() -> None:
    files = [
        pf("pkg/__init__.py", "source", []),
        pf("pkg/core.py", "source", ["pkg/util.py"]),
        pf("pkg/api.py", "source", ["pkg/core.py", "pkg/util.py"]),
        pf("pkg/util.py", "source", []),
        *[pf(f"tests/test_{i}.py", "test", ["pkg/__init__.py"]) for i in range(30)],
    ]
    central = centrality(files)
    assert central["pkg/util.py"] == max(central.values()) > 0
    assert central["pkg/core.py"] > central["pkg/__init__.py"]
    assert source_importers(files)["pkg/__init__.py"] == 0
    assert source_importers(files)["pkg/util.py"] == 2


def test_a_c_file_is_as_central_as_its_header() -> None:
    files = [
        pf("src/server.h", "source", []),
        pf("src/server.c", "source", ["src/server.h", "src/util.h"]),
        pf("src/util.h", "source", []),
        pf("src/util.c", "source", ["src/util.h"]),
        *[pf(f"src/m{i}.c", "source", ["src/server.h"]) for i in range(10)],
    ]
    central = centrality(files)
    assert central["src/server.c"] == central["src/server.h"] == max(central.values())
    assert central["src/util.c"] == central["src/util.h"] < central["src/server.h"]
    assert central["src/m0.c"] < central["src/util.c"]


def test_adding_tests_docs_or_a_leaf_module_moves_no_other_score() -> None:
    from repoview.analyze.rank import rank_files

    files = [
        pf("pkg/core.py", "source", ["pkg/util.py"]),
        pf("pkg/api.py", "source", ["pkg/core.py", "pkg/util.py"]),
        pf("pkg/util.py", "source", []),
        pf("docs/guide.md", "docs", []),
    ]
    hist = History(churn={"pkg/core.py": 3, "pkg/api.py": 1})
    before = rank_files(files, hist)
    grown = [*files, pf("tests/test_new.py", "test", ["pkg/api.py"]), pf("docs/new.md", "docs", [])]
    after = rank_files(grown, History(churn={**hist.churn, "tests/test_new.py": 1}))
    assert {p: after[p] for p in before} == before


def test_history_reads_a_window_that_does_not_move_with_each_commit(tmp_path) -> None:
    day = 86400
    now = 1_800_000_000
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit_at(tmp_path, ["ancient.py"], now - 1200 * day)  # over three years: outside all
    commit_at(tmp_path, ["old.py"], now - 500 * day)  # over a year before: counted, not heat
    commit_at(tmp_path, ["mid.py"], now - 200 * day)
    commit_at(tmp_path, ["new.py"], now - day)
    commit_at(tmp_path, ["new.py"], now)

    assert history_of(tmp_path).churn == {"mid.py": 1, "new.py": 2}
    # The commit before saw the same window: only what the last commit touched differs.
    assert history_of(tmp_path, "HEAD~1").churn == {"mid.py": 1, "new.py": 1}
    # The settled heat moves only at the window's steps: the last commit changed nothing of
    # it (`new.py`, first changed since the last step, counts as one change at that step).
    ours = history_of(tmp_path).settled
    assert ours == history_of(tmp_path, "HEAD~1").settled
    assert set(ours) == {"old.py", "mid.py", "new.py"}
    # A change over a year old still says the file is one that changes, less than one this
    # year; one over three years old says nothing.
    assert 0 < ours["old.py"] < ours["mid.py"] < ours["new.py"]


def test_a_file_changed_often_before_this_year_stands_after_one_that_never_changed(
    tmp_path,
) -> None:
    from repoview.analyze.rank import output_order

    day = 86400
    now = 1_800_000_000
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit_at(tmp_path, ["quiet.py", "busy.py"], now - 1500 * day)
    for k in range(12):  # busy two years ago, quiet since
        commit_at(tmp_path, ["busy.py"], now - (700 - k) * day)
    commit_at(tmp_path, ["other.py"], now)
    hist = history_of(tmp_path)
    files = []
    for path in ("busy.py", "quiet.py"):
        f = pf(path, "source", [])
        f.tokens, f.mode = 1000, "full"  # the same size: only their history tells them apart
        files.append(f)
    # The file likelier to change next stands later, so fewer bytes after it are lost.
    assert [f.path for f in output_order(files, hist)] == ["quiet.py", "busy.py"]


def test_output_order_puts_much_text_that_rarely_changes_first() -> None:
    from repoview.analyze.rank import output_order

    def shown(path: str, tokens: int, mode: str = "full") -> PackedFile:
        f = pf(path, "source", [])
        f.tokens, f.mode = tokens, mode
        return f

    files = [
        shown("small_cold.py", 100),
        shown("big_cold.py", 5000),
        shown("big_hot.py", 5000),
        shown("listed.py", 0, "listed"),
        shown("mid_warm.py", 2000),
    ]
    hist = History(heat={"big_hot.py": 64.0, "mid_warm.py": 2.0, "small_cold.py": 1.0})
    hist.heat["big_cold.py"] = 1.0
    order = [f.path for f in output_order(files, hist)]
    assert order == ["big_cold.py", "mid_warm.py", "small_cold.py", "big_hot.py", "listed.py"]
    # A commit touching one file moves that file back and no other.
    hist.heat["mid_warm.py"] += 2.0**6
    again = [f.path for f in output_order(files, hist)]
    assert again == ["big_cold.py", "small_cold.py", "big_hot.py", "mid_warm.py", "listed.py"]


def test_an_edit_inside_a_body_moves_no_signatures_of_the_code() -> None:
    from repoview.analyze.rank import output_order

    def shown(path: str, role: str, tokens: int, mode: str) -> PackedFile:
        f = pf(path, role, [])
        f.tokens, f.mode = tokens, mode
        return f

    files = [
        shown("pkg/engine.py", "source", 5000, "signatures"),
        shown("tests/test_engine.py", "test", 4000, "signatures"),
        shown("pkg/util.py", "source", 900, "full"),
    ]
    heat = {f.path: 1.0 for f in files}
    hist = History(heat=dict(heat), settled=dict(heat))
    before = [f.path for f in output_order(files, hist)]
    assert before == ["pkg/engine.py", "tests/test_engine.py", "pkg/util.py"]
    # Today's commits touched both: the module's signatures keep their place (its text did
    # not change with its bodies); the test's case names change as often, and it moves back.
    hist.heat["pkg/engine.py"] += 2.0**10
    hist.heat["tests/test_engine.py"] += 2.0**10
    after = [f.path for f in output_order(files, hist)]
    assert after == ["pkg/engine.py", "pkg/util.py", "tests/test_engine.py"]


def test_code_that_is_a_table_of_strings_is_data() -> None:
    table = "".join(f'    "{i:05d}": "AB{i % 997:03d}X",\n' for i in range(600))
    assert detect_role("profiling/dict_big.py", "Python", "config = {\n" + table + "}\n") == "data"
    words = "".join(f"    u'some_rather_long_text_value_{i}',\n" for i in range(600))
    assert detect_role("gen/words.py", "Python", "WORDS = set([\n" + words + "])\n") == "data"
    code = "".join(f'def f{i}(x):\n    return x["k{i}"] + {i}\n\n' for i in range(300))
    assert detect_role("pkg/mod.py", "Python", code) == "source"


def test_code_that_is_mostly_numbers_is_data() -> None:
    icon = 'export const Icon{i} = <svg><path d="M12.5 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>;\n'
    icons = "".join(icon.format(i=i) for i in range(120))
    table = (
        "static const uint32_t crc[256] = {\n"
        + "".join(
            f"    0x{i * 2654435761 % 2**32:08x}u, 0x{i * 40503 % 2**32:08x}u,\n"
            for i in range(400)
        )
        + "};\n"
    )
    code = "".join(f"def step_{i}(x, y):\n    return x * {i} + y - 1\n\n" for i in range(300))
    assert role("src/components/icons.tsx", icons) == "data"
    assert role("src/crc_table.c", table) == "data"
    assert role("src/steps.py", code) == "source"
    assert role("tests/test_icons.tsx", icons) == "test"  # a test stays a test


def test_an_architecture_document_ranks_near_the_readme_and_licence_texts_last() -> None:
    from repoview.analyze.rank import rank_files

    files = [
        pf("README.md", "docs", []),
        pf("ARCHITECTURE.md", "docs", []),
        pf("docs/usage.md", "docs", []),
        pf("LICENSE", "docs", []),
        pf("GPL-3.0.txt", "docs", []),
        pf("pkg/leaf.py", "source", []),
    ]
    s = rank_files(files, History())
    assert s["README.md"] > s["ARCHITECTURE.md"] > s["pkg/leaf.py"] > s["docs/usage.md"]
    assert s["LICENSE"] == s["GPL-3.0.txt"] == 0.0


def test_a_test_fixtures_build_files_are_tests() -> None:
    assert detect_role("tests/data/project/pyproject.toml", "TOML") == "test"
    assert detect_role("src/__tests__/fixtures/app/package.json", "JSON") == "test"
    assert detect_role("pyproject.toml", "TOML") == "build"
    assert detect_role("examples/app/package.json", "JSON") == "example"


def test_a_library_subpackage_named_tools_or_regression_is_its_code(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    lib = "def ols(y, x):\n    return y\n"
    repo = make_repo(
        {
            "stats/__init__.py": "",
            "stats/tools/__init__.py": "",
            "stats/tools/errors.py": "class ValueWarning(Warning): ...\n",
            "stats/tools/tests/__init__.py": "",
            "stats/tools/tests/test_errors.py": "def test_x(): ...\n",
            "stats/regression/__init__.py": "",
            "stats/regression/linear_model.py": "from stats.tools.errors import ValueWarning\n",
            "src/net/__init__.py": "",
            "src/net/scripts/__init__.py": "",
            "src/net/scripts/trial.py": lib,
            # A top-level folder of programs stays the build's, a package or not.
            "scripts/__init__.py": "",
            "scripts/release.py": lib,
            "tools/gen.py": lib,
            "regression/run.py": lib,
        }
    )
    roles = {f.path: f.role for f in build_pack(PackOptions(path=repo)).files}
    assert roles["stats/tools/errors.py"] == "source"
    assert roles["stats/regression/linear_model.py"] == "source"
    assert roles["src/net/scripts/trial.py"] == "source"
    assert roles["stats/tools/tests/test_errors.py"] == "test"
    assert roles["scripts/release.py"] == roles["tools/gen.py"] == "build"
    assert roles["regression/run.py"] == "test"


def test_a_librarys_testing_subpackage_is_its_code_as_a_testing_module_is(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    helpers = "def assert_equal(a, b):\n    assert a == b\n"
    repo = make_repo(
        {
            "arrays/__init__.py": "from arrays import testing\n",
            "arrays/testing/__init__.py": "from arrays.testing.assertions import assert_equal\n",
            "arrays/testing/assertions.py": helpers,
            "arrays/testing/tests/__init__.py": "",
            "arrays/testing/tests/test_assertions.py": "def test_x(): ...\n",
            "frames/__init__.py": "",
            "frames/testing.py": helpers,
            # a top-level folder of tests (a test runner's own) stays tests
            "testing/util.py": helpers,
        }
    )
    roles = {f.path: f.role for f in build_pack(PackOptions(path=repo)).files}
    assert roles["arrays/testing/assertions.py"] == roles["frames/testing.py"] == "source"
    assert roles["arrays/testing/__init__.py"] == "source"
    assert roles["arrays/testing/tests/test_assertions.py"] == "test"
    assert roles["testing/util.py"] == "test"


def test_gradle_source_sets_say_the_role_whatever_the_packages_are_named(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    repo = make_repo(
        {
            # the shipped API of a module, in a package named `specs`
            "meta/src/main/kotlin/com/x/specs/ClassData.kt": "class ClassData(val name: String)\n",
            "meta/src/jvmMain/kotlin/com/x/testing/FakeClock.kt": "class FakeClock\n",
            # test helpers shared by the tests, in Gradle's testFixtures source set
            "core/src/testFixtures/java/com/x/TestBase.java": "public class TestBase {}\n",
            "core/src/test/java/com/x/specs/Spec.java": "public class Spec {}\n",
            # a module of test helpers says so by its name; a test class by its own
            "test-support/src/main/java/com/x/Flaky.java": "public class Flaky {}\n",
            "http-testing-support/src/main/kotlin/x/testing/Rule.kt": "class Rule\n",
            "meta/src/main/kotlin/com/x/ClassDataTest.kt": "class ClassDataTest\n",
            # elsewhere a `specs/` folder holds tests
            "specs/parser.kt": "class ParserSpec\n",
        }
    )
    roles = {f.path: f.role for f in build_pack(PackOptions(path=repo)).files}
    assert roles["meta/src/main/kotlin/com/x/specs/ClassData.kt"] == "source"
    assert roles["meta/src/jvmMain/kotlin/com/x/testing/FakeClock.kt"] == "source"
    assert roles["core/src/testFixtures/java/com/x/TestBase.java"] == "test"
    assert roles["core/src/test/java/com/x/specs/Spec.java"] == "test"
    assert roles["test-support/src/main/java/com/x/Flaky.java"] == "test"
    assert roles["http-testing-support/src/main/kotlin/x/testing/Rule.kt"] == "test"
    assert roles["meta/src/main/kotlin/com/x/ClassDataTest.kt"] == "test"
    assert roles["specs/parser.kt"] == "test"


def test_a_module_with_functions_beside_a_large_table_is_source() -> None:
    zones = "".join(f'    "Area/City_{i:04d}",\n' for i in range(600))
    module = (
        "import typing as t\n\nfrom pkg.trie import new_trie\n\n\n"
        "def format_time(string: str, mapping: dict) -> str:\n    return string\n\n\n"
        "TIMEZONES = {\n" + zones + "}\n"
    )
    assert detect_role("pkg/time.py", "Python", module) == "source"
    # the same table without the code around it is data
    assert detect_role("pkg/zones.py", "Python", "TIMEZONES = {\n" + zones + "}\n") == "data"


def test_coloured_terminal_output_is_data_whatever_its_name(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    line = (
        "\x1b[38;2;249;38;114mfunc\x1b[0m\x1b[38;2;248;248;242m \x1b[0m"
        "\x1b[38;2;166;226;46mmain\x1b[0m\x1b[38;2;248;248;242m()\x1b[0m\n"
    )
    # Code that tests colours holds a few escapes among its lines: still code.
    colours = 'const RED = "\x1b[31m";\n' + "export function red(s: string) {\n  return s;\n}\n" * 3
    repo = make_repo(
        {
            "tests/highlighted/Go/main.go": line * 10,
            "src/main.go": "package main\n\nfunc main() {}\n",
            "src/colours.ts": colours * 3,
        }
    )
    by = {f.path: f for f in build_pack(PackOptions(path=repo)).files}
    golden = by["tests/highlighted/Go/main.go"]
    assert (golden.language, golden.role) == ("Text", "data")
    assert (by["src/colours.ts"].language, by["src/colours.ts"].role) == ("TypeScript", "source")


def test_a_long_terminal_recording_is_left_out_as_generated(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    line = (
        "\x1b[38;2;249;38;114mfunc\x1b[0m\x1b[38;2;248;248;242m \x1b[0m"
        "\x1b[38;2;166;226;46mmain\x1b[0m\x1b[38;2;248;248;242m()\x1b[0m\n"
    )
    repo = make_repo(
        {
            # a highlighter's expected output: 30 lines, 240 escape sequences
            "tests/highlighted/Go/main.go": line * 30,
            # a test's expected coloured message: a few of them, kept as data
            "tests/expected/error.txt": line * 2,
            "src/main.go": "package main\n\nfunc main() {}\n",
        }
    )
    pack = build_pack(PackOptions(path=repo))
    left = {e.path: e for e in pack.excluded}
    assert left["tests/highlighted/Go/main.go"].reason == "generated"
    assert (
        left["tests/highlighted/Go/main.go"].detail == "terminal output (240 ANSI escape sequences)"
    )
    assert {f.path: f.role for f in pack.files}["tests/expected/error.txt"] == "data"
    kept = build_pack(PackOptions(path=repo, default_excludes=False))
    assert {f.path: f.role for f in kept.files}["tests/highlighted/Go/main.go"] == "data"


def test_patches_are_data_and_build_tool_wrappers_build() -> None:
    patch = "--- a/Lisp.sublime-syntax\n+++ b/Lisp.sublime-syntax\n@@ -1 +1 @@\n-a\n+b\n"
    assert role("assets/patches/Lisp.sublime-syntax.patch", patch) == "data"
    assert role("assets/patches/Makefile.sublime-syntax.patch", patch) == "data"
    assert role("tests/data/cases/expression.diff", patch) == "test"
    assert role("mvnw", "#!/bin/sh\nexec java -jar wrapper.jar\n") == "build"
    assert role("gradlew.bat", "@echo off\n") == "build"
    assert role("Makefile.in", "all:\n") == "build"


def test_a_cython_template_is_cython_source() -> None:
    text = "{{py: TYPES = ['float64']}}\n{{for T in TYPES}}\ncdef int {{T}}_filter(int n):\n    return n\n{{endfor}}\n"
    for name in ("tsa/_kalman_filter.pyx.in", "tsa/_tools.pxd.in", "tsa/_blas.pxi.in"):
        language = detect_language(name.rsplit("/", 1)[-1])
        assert (language, detect_role(name, language, text)) == ("Cython", "source")
    assert detect_language("config.h.in") != "Cython"


def test_tree_sitter_queries_are_settings_and_scheme_programs_stay_source() -> None:
    queries = {
        "runtime/queries/rust/highlights.scm": "(function_item name: (identifier) @function)\n",
        "queries/c/locals.scm": '((identifier) @constant\n (#match? @constant "^[A-Z_]+$"))\n',
        "queries/cpp/injections.scm": "; inherits: c\n",
        "grammar/queries/folds.scm": "[(block) (array)] @fold\n_ @x\n",
    }
    for path, text in queries.items():
        language = refine_language(detect_language(path.rsplit("/", 1)[-1]), path, text)
        assert (language, detect_role(path, language, text)) == ("Tree-sitter Query", "config")
    program = "(define (sum xs)\n  `(+ ,@xs))\n(display (sum '(1 2)))  ; @todo\n"
    language = refine_language(detect_language("sum.scm"), "src/sum.scm", program)
    assert (language, detect_role("src/sum.scm", language, program)) == ("Scheme", "source")


def test_benchmarks_rank_with_the_tests_after_the_code_they_measure() -> None:
    bench = "def time_bfs():\n    nx.bfs_edges(G, 0)\n"
    assert role("benchmarks/benchmarks/benchmark_algorithms.py", bench) == "test"
    assert role("asv_bench/benchmarks/frame_methods.py", bench) == "test"
    assert role("benches/copy.rs", "fn main() {}\n") == "test"
    assert role("lib/core/benchmarks/bench_basic.py", bench) == "test"
    assert role("benches/Cargo.toml", "[package]\n") == "build"  # (builds them)
    assert role("benchmarks/results/run-1.json", "{}") == "data"  # not a test to read
    assert role("src/graph.py", "class Graph:\n    pass\n") == "source"


def test_a_configure_systems_scripts_build_even_without_a_shebang() -> None:
    make = (
        '\n# Copyright (C) Someone\n\necho "creating $MAKEFILE"\n\n'
        "if [ $PCH = YES ]; then\n    cat << END >> $MAKEFILE\nall:\nEND\nfi\n"
    )
    define = "cat << END >> $CONFIG_H\n#define $have $value\nEND\n"
    configured = configure_folders(["auto/configure", "auto/make", "auto/cc/gcc", "src/x.c"])
    scripts = {"auto/make": make, "auto/define": define, "auto/configure": "#!/bin/sh\n"}
    for path, text in scripts.items():
        language = refine_language(detect_language(path.rsplit("/", 1)[-1]), path, text)
        assert (language, detect_role(path, language, text, frozenset(), configured)) == (
            "Bash",
            "build",
        )
    # notes and settings without an extension stay text
    assert refine_language("Text", "NOTES", "Then we fix it.\nIf it fails, done.\n") == "Text"
    assert refine_language("Text", "os-release", "NAME=Linux\nID=x\n") == "Text"
    # a program's source folder with a configure shim in it keeps its code
    shim = configure_folders(["src/configure"])
    assert detect_role("src/main.c", "C", "int main;\n", frozenset(), shim) == "source"
    assert role("build-scripts/rename_api.py", "import sys\n") == "build"


def test_a_pack_reads_the_configure_folders_of_the_whole_tree(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    repo = make_repo(
        {
            "auto/configure": "#!/bin/sh\n. auto/make\n",
            "auto/make": "if [ -n $X ]; then\n    echo x\nfi\n",
            "src/core.c": "int main(void) { return 0; }\n",
        }
    )
    roles = {f.path: (f.language, f.role) for f in build_pack(PackOptions(path=repo)).files}
    assert roles["auto/make"] == roles["auto/configure"] == ("Bash", "build")
    assert roles["src/core.c"] == ("C", "source")


def test_extensionless_shell_fragments_and_directives_are_no_docs_and_prose_stays(
    make_repo,
) -> None:
    from repoview.packer import PackOptions, build_pack

    sources = (
        "\n# Copyright (C) Someone\n\n\n"
        'CORE_MODULES="core_module errlog_module"\n\nCORE_INCS="src/core"\n\n'
        'CORE_DEPS="src/core/server.h \\\n           src/core/config.h"\n'
    )
    repo = make_repo(
        {
            "auto/configure": "#!/bin/sh\n. auto/sources\n. auto/headers\n",
            "auto/sources": sources,
            "auto/headers": 'inc="unistd.h";      . auto/include\ninc="limits.h";  . auto/include\n',
            "auto/cc/acc": '# aCC\n\nCFLAGS="$CFLAGS -Ae"\nCC_TEST_FLAGS="-Ae"\n',
            "conf/fastcgi_params": (
                "\nfastcgi_param  QUERY_STRING       $query_string;\n"
                "fastcgi_param  REQUEST_METHOD     $request_method;\n"
            ),
            "conf/koi-utf": "# a map\n\ncharset_map  koi8-r  utf-8 {\n    80  E282AC ; # euro\n}\n",
            "tools/merge/gvim": '. "$TOOLS_DIR/vim"\n',
            "defaults": "NAME=server\nPORT=8080\n",
            "README": "Server\n======\n\nRun ./auto/configure; then make.\nSee the docs.\n",
            "LICENSE": "Copyright (C) Someone\n\nRedistribution is permitted;\nprovided that:\n",
            "CHANGES": "Changes with 1.2\n\n    *) Bugfix: a crash;\n       thanks to A.\n",
            "AUTHORS": "A <a@example.com>\nB <b@example.com>\n",
            "src/core.c": "int main(void) { return 0; }\n",
        }
    )
    roles = {f.path: (f.language, f.role) for f in build_pack(PackOptions(path=repo)).files}
    for path in ("auto/sources", "auto/headers", "auto/cc/acc"):
        assert roles[path] == ("Text", "build"), path
    for path in ("conf/fastcgi_params", "conf/koi-utf", "defaults"):
        assert roles[path] == ("Text", "config"), path
    assert roles["tools/merge/gvim"] == ("Text", "build")  # (a build folder's script)
    for path in ("README", "LICENSE", "CHANGES", "AUTHORS"):
        assert roles[path] == ("Text", "docs"), path


def test_a_new_commit_s_history_read_from_the_cache_is_the_history_read_afresh(
    tmp_path,
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    now = 1_800_000_000

    def history(cache: TokenCache | None) -> tuple:
        h = history_of(repo, cache=cache)
        return h.churn, h.heat, h.settled

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for k in range(20):
        paths = [f"pkg/m{k % 7}.py", "pkg/core.py"][: 1 + k % 2]
        commit_at(repo, paths, now - (900 - 40 * k) * 86400)
    cache = TokenCache(tmp_path / "cache.db")
    first = history(cache)
    assert first == history(None)
    commit_at(repo, ["pkg/m3.py", "docs/new.md"], now)  # one more: read alone, the rest kept
    assert history(cache) == history(None) != first


def test_a_history_read_that_git_cannot_finish_is_not_kept(tmp_path) -> None:
    import shutil

    repo = tmp_path / "repo"
    repo.mkdir()

    def run(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
        return out.stdout.decode().strip()

    run("init", "-q")
    for name in ("a.py", "b.py", "c.py"):
        (repo / name).write_text(f"# {name}\n")
        run("add", name)
        run("commit", "-qm", name)
    # The middle commit's tree goes missing (a partial clone offline, a damaged store).
    tree = run("rev-parse", "HEAD~1^{tree}")
    loose = repo / ".git" / "objects" / tree[:2] / tree[2:]
    shutil.move(loose, tmp_path / "tree")

    cache = TokenCache(tmp_path / "cache.db")
    history_of(repo, cache=cache)  # no crash; what it could not read is not kept...
    shutil.move(tmp_path / "tree", loose)
    # ...so once the store is whole again, the history is the one read afresh.
    whole = {"a.py": 1, "b.py": 1, "c.py": 1}
    assert history_of(repo, cache=cache).churn == history_of(repo).churn == whole


def test_git_in_the_background_names_the_failure_of_either_command(tmp_path) -> None:
    from repoview.errors import GitError
    from repoview.gitutil import Background

    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit_at(repo, ["a.py"], 1_800_000_000)
    piped = Background(["log", "--format=%H"], repo, then=["diff-tree", "--stdin", "--root", "-r"])
    assert b"a.py" in piped.output()
    # The first command fails: the second read nothing, and that is no answer.
    broken = Background(["log", "no-such-rev", "--"], repo, then=["diff-tree", "--stdin"])
    with pytest.raises(GitError, match="no-such-rev"):
        broken.output()


def test_a_pack_that_stops_early_leaves_no_history_read_running(tmp_path) -> None:
    from repoview.analyze.rank import start_history

    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for k in range(3):
        commit_at(repo, [f"m{k}.py"], 1_800_000_000 + k)
    source = open_source(locate(repo), None)
    read = start_history(source, TokenCache(tmp_path / "cache.db"))
    running = [read.listing, read.changes]
    assert all(running)  # a first pack: the commits and their changes, read by git meanwhile
    read.cancel()
    source.close()
    assert all(p.poll() is not None for run in running for p in run._procs)


def test_a_tests_folder_inside_the_code_that_the_code_imports_is_its_testing_api(
    make_repo,
) -> None:
    from repoview.packer import PackOptions, build_pack

    repo = make_repo(
        {
            "mylib/__init__.py": "",
            "mylib/core.py": "from mylib.test.client import Client\n\n\ndef run():\n"
            "    return Client()\n",
            "mylib/test/__init__.py": "from .client import Client\n",
            "mylib/test/client.py": "class Client:\n    def get(self, path):\n        return path\n",
            "mylib/test/helpers.py": "def only_for_the_tests():\n    return 1\n",
            "mylib/test/test_client.py": "from mylib.test.client import Client\n\n\n"
            "def test_get():\n    assert Client().get('/')\n",
            "tests/test_core.py": "from mylib.test import Client\nfrom tests.util import u\n",
            "tests/util.py": "u = 1\n",
            "tools/check.py": "from tests.util import u\n",
        }
    )
    roles = {f.path: f.role for f in build_pack(PackOptions(path=repo)).files}
    assert roles["mylib/test/client.py"] == "source"  # the library's code imports it
    assert roles["mylib/test/helpers.py"] == "test"  # only its tests would
    assert roles["mylib/test/test_client.py"] == "test"  # named as a test
    assert roles["tests/util.py"] == "test"  # a top-level suite stays tests


def test_a_history_read_after_several_new_commits_is_the_history_read_afresh(tmp_path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    now = 1_800_000_000
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    for k in range(6):
        commit_at(repo, [f"m{k % 3}.py"], now - (60 - k) * 86400)
    cache = TokenCache(tmp_path / "cache.db")
    history_of(repo, cache=cache)
    # Two commits since (a pull, a branch switched): the parent of the commit packed is not
    # one the cache knows, so every commit is read again, the known ones among them.
    commit_at(repo, ["new.py"], now - 2 * 86400)
    commit_at(repo, ["m0.py", "other.py"], now - 86400)
    for _ in range(2):  # read, then read back from the cache
        h = history_of(repo, cache=cache)
        afresh = history_of(repo)
        assert (h.churn, h.heat, h.settled) == (afresh.churn, afresh.heat, afresh.settled)
    assert h.churn == {"m0.py": 3, "m1.py": 2, "m2.py": 2, "new.py": 1, "other.py": 1}
