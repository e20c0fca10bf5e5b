"""What a file is: its language (by pygments' file-name table) and its role in the project."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .. import lazyre
from ..ignore import is_terminal_output
from ..vendored import is_license

__all__ = [
    "ROLES",
    "configure_folders",
    "detect_language",
    "detect_role",
    "doc_sites",
    "is_code",
    "is_data",
    "is_manifest",
    "is_readme",
    "is_terminal_output",
    "python_packages",
    "refine_language",
    "test_suites",
    "tests_folder",
]

# Every role a file may have; "symlink" and "submodule" are given by discovery, not here.
ROLES = ("source", "test", "example", "docs", "config", "build", "data", "symlink", "submodule")

# Names pygments maps ambiguously (several lexers claim `*.h`) or not in the way people speak.
_PREFERRED = {
    ".ru": "Ruby",  # a Rack app's `config.ru` (no lexer claims it)
    ".adoc": "AsciiDoc",  # (no lexer names it: it was plain text, with no outline)
    ".asciidoc": "AsciiDoc",
    ".h": "C",
    ".c": "C",
    ".cc": "C++",
    ".cpp": "C++",
    ".cxx": "C++",
    ".hpp": "C++",
    ".hh": "C++",
    ".hxx": "C++",
    ".cu": "C++",  # CUDA: C++ with kernels (`__global__`, `<<<grid, block>>>`)
    ".cuh": "C++",
    ".py": "Python",
    ".pyi": "Python",
    ".pyw": "Python",
    ".js": "JavaScript",
    ".mjs": "JavaScript",
    ".cjs": "JavaScript",
    ".jsx": "JSX",
    ".ts": "TypeScript",
    ".mts": "TypeScript",
    ".cts": "TypeScript",
    ".tsx": "TSX",
    ".svelte": "Svelte",
    ".mm": "Objective-C",
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".mdx": "Markdown",  # Markdown with JSX components in it: a docs site's pages
    ".rst": "reStructuredText",
    ".txt": "Text",
    ".json": "JSON",
    ".jsonc": "JSON",  # JSON with comments (tsconfig, VS Code's settings)
    ".yaml": "YAML",
    ".yml": "YAML",
    ".toml": "TOML",
    ".rs": "Rust",
    ".go": "Go",
    ".java": "Java",
    ".kt": "Kotlin",
    ".rb": "Ruby",
    ".php": "PHP",
    ".cs": "C#",
    ".swift": "Swift",
    ".sh": "Bash",
    ".bash": "Bash",
    ".zsh": "Bash",
    ".nu": "Nushell",  # (a Nushell script; Pygments knows none)
    ".html": "HTML",
    ".htm": "HTML",
    ".css": "CSS",
    ".scss": "SCSS",
    ".sql": "SQL",
    ".xml": "XML",
    # MSBuild's project and import files, and the XML solution format
    ".csproj": "XML",
    ".vbproj": "XML",
    ".fsproj": "XML",
    ".props": "XML",
    ".targets": "XML",
    ".slnx": "XML",
    ".resx": "XML",
    ".config": "XML",  # (.NET's `App.config`, `Web.config`, `NuGet.Config`)
    ".ruleset": "XML",
    ".feature": "Gherkin",
    ".svg": "SVG",
    ".m": "Objective-C",
    ".ini": "INI",
    ".cfg": "INI",
    ".vue": "Vue",
    ".lua": "Lua",
    ".scala": "Scala",
    ".ex": "Elixir",
    ".exs": "Elixir",
    ".erl": "Erlang",
    ".hs": "Haskell",
    ".ml": "OCaml",
    ".r": "R",
    ".jl": "Julia",
    ".dart": "Dart",
    ".zig": "Zig",
    ".nim": "Nim",
    ".csv": "CSV",
    ".tsv": "TSV",
    ".proto": "Protocol Buffer",
    ".tf": "Terraform",
    ".ps1": "PowerShell",
    ".bat": "Batchfile",
    ".cmake": "CMake",
    ".mk": "Makefile",
    ".po": "Gettext Catalog",
    ".pot": "Gettext Catalog",
    ".rabl": "Ruby",  # (RABL's and Jbuilder's JSON views, as Rails' XML builders: Ruby)
    ".jbuilder": "Ruby",
    ".liquid": "Liquid",
    ".jq": "jq",  # (a jq program: a library of filters, the tool's own standard library)
}
_NAMES = {
    "Makefile": "Makefile",
    "GNUmakefile": "Makefile",
    "Dockerfile": "Docker",
    "CMakeLists.txt": "CMake",
    "Jenkinsfile": "Groovy",
    "Vagrantfile": "Ruby",
    "Gemfile": "Ruby",
    "Rakefile": "Ruby",
    ".gitignore": "Text",
    ".repoviewignore": "Text",
}

_PROGRAMMING = frozenset(
    {
        "Python",
        "JavaScript",
        "JSX",
        "TypeScript",
        "TSX",
        "Rust",
        "Go",
        "Java",
        "Kotlin",
        "C",
        "C++",
        "C#",
        "Ruby",
        "PHP",
        "Swift",
        "Bash",
        "Objective-C",
        "Vue",
        "Lua",
        "Scala",
        "Elixir",
        "Erlang",
        "Haskell",
        "OCaml",
        "R",
        "Julia",
        "Dart",
        "Zig",
        "Nim",
        "SQL",
        "PowerShell",
        "Nushell",
        "Batchfile",
        "Perl",
        "Groovy",
        "Clojure",
        "F#",
        "Fortran",
        "Pascal",
        "Assembly",
        "GAS",
        "Tcl",
        "Cython",
        "HTML",
        "CSS",
        "SCSS",
        "Svelte",
        "Yacc",
        "Lex",
        "jq",
        "VimL",
    }
)
_DOC_LANGS = frozenset(
    {"Markdown", "reStructuredText", "Text", "AsciiDoc", "TeX", "Groff", "Org Mode"}
)
# (a tree-sitter query file tells an editor how to highlight, indent or fold a language)
_CONFIG_LANGS = frozenset(
    {"YAML", "TOML", "INI", "Properties", "Nginx configuration file", "JSON5", "Tree-sitter Query"}
    | {"Procfile"}  # (a process list: what runs, not code)
)
# (pygments calls armoured PGP text, a signature or a public key, "ASCII armored")
_DATA_LANGS = frozenset({"CSV", "TSV", "XML", "SVG", "JSON", "Gettext Catalog", "ASCII armored"})
# Languages people name without hesitation; an extension shared by several lexers goes to
# the one of these among them, if there is exactly one, else to plain text.
_COMMON = _PROGRAMMING | _DOC_LANGS | _CONFIG_LANGS | _DATA_LANGS | {"Makefile", "CMake", "Diff"}
# How much of a file the content checks read: a rare language is believed only when
# pygments' own check for it agrees (`.prm`, `.cls` name many unrelated formats).
_SNIFF_CHARS = 4096
_HEADER_CHARS = 1 << 16  # a header shows its C++ long before 64 KiB
# Marks of C++ in a `.h` header, looked for with comments taken out. Not `using namespace`:
# C headers put it under `#ifdef __cplusplus` for C++ callers.
_CPP_HEADER = lazyre.compile(
    r"^[ \t]*(?:namespace(?:[ \t]+\w+)?[ \t]*\{|template[ \t]*<"
    r"|(?:public|private|protected)[ \t]*:|extern[ \t]+\"C\+\+\""
    r"|(?:class|struct)[ \t]+\w+[ \t]*(?:final[ \t]*)?:[ \t]*(?:public|private|protected)\b"
    r"|[^/*#\s][^\n]*\bstd::\w"
    r"|\w[\w \t*&<>,]*[ \t*&]\w+::~?\w+[ \t]*\()",
    re.M,
)
_C_COMMENT = lazyre.compile(r"/\*.*?\*/|//[^\n]*", re.S)
# What a C header says only to C++ callers, `#ifdef __cplusplus` ... `#endif` (up to the first
# `#endif` or `#else`: the C side of an `#else` stays).
_FOR_CPP = lazyre.compile(
    r"^[ \t]*#[ \t]*if(?:def[ \t]+__cplusplus|[ \t]+defined[ \t]*\(?[ \t]*__cplusplus\b)"
    r".*?^[ \t]*#[ \t]*(?:endif|else|elif)\b",
    re.M | re.S,
)
_OBJC_HEADER = lazyre.compile(r"^@(?:interface|protocol|implementation)\b", re.M)
_TEX = lazyre.compile(
    r"^[ \t]*\\(?:NeedsTeXFormat|ProvidesClass|ProvidesPackage|documentclass|usepackage"
    r"|newcommand|renewcommand|def\\)",
    re.M,
)
# A language whose files always carry its mark: on a shared extension, believe it only then.
# FunC's: `;;` and `{-` comments, `#include "stdlib.fc"`, `#pragma`, a function's `impure`
# or `method_id`, `() recv_internal(`, an `asm "..."` body.
_MARKED = {
    "PHP": lazyre.compile(r"<\?(?:php\b|=)"),
    # Monte: `import "lib/x" =~ [=> y]`, `exports (...)`, `def f(...)`, `object o`.
    "Monte": lazyre.compile(
        r'^(?:import[ \t]+"|exports[ \t]*\(|object[ \t]+\w|def[ \t]+\w+[ \t]*\()', re.M
    ),
    "FunC": lazyre.compile(
        r"^[ \t]*(?:;;|\{-|#(?:include|pragma)[ \t]|\(\)[ \t]+[\w$?!']+[ \t]*\(|forall[ \t])"
        r"|\)[ \t]*(?:impure|inline(?:_ref)?|method_id)\b|\)[ \t]+asm[ \t]*\(?[ \t]*\"",
        re.M,
    ),
}
# Extensions pygments gives one lexer that other formats use as well: SELinux's file
# contexts (`/usr/sbin/x -- gen_context(...)`) are `.fc`, as FunC's contracts are; DTrace
# scripts and make's dependency files are `.d`, as D's modules are; Perl's MicroTemplate
# pages are `.mt`, as Monte's modules are.
_SHARED_ELSEWHERE = frozenset({".fc", ".mt"})
# Not D, though `.d`: a DTrace script (`provider app {`, `#pragma D`, a probe description
# `syscall::open:entry`, `#!/usr/sbin/dtrace`) or a make dependency file (`x.o: x.c x.h \`).
# (D itself has no one mark near its top: a module may open with a long doc comment.)
_NOT_D = lazyre.compile(
    r"^(?:[ \t]*provider[ \t]+\w+[ \t]*\{|#pragma[ \t]+D\b|#!.*\bdtrace\b"
    r"|[\w$*-]*:[\w$*-]*:[\w$*-]*:[\w$*-]+[ \t]*(?:/|\{|$)|[\w./-]+\.o[ \t]*:)",
    re.M,
)
# A script at the root named for building, releasing or installing the project (`build.sh`,
# `compile-ios.sh`, `deploy_website.sh`, `release.ps1`): the build's.
_BUILD_SCRIPT = lazyre.compile(
    r"(?:build|compile|deploy|release|publish|package|bootstrap|install|setup|upload|bump)"
    r"(?:[-_.][\w-]+)*\.(?:sh|bash|zsh|ps1|bat|cmd)"
)
_BUILD_NAMES = frozenset(
    {
        "Makefile",
        "GNUmakefile",
        "CMakeLists.txt",
        "Dockerfile",
        "setup.py",
        "setup.cfg",
        "pyproject.toml",
        "package.json",
        "deno.json",
        "deno.jsonc",
        "jsr.json",
        "Cargo.toml",
        "go.mod",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "pom.xml",
        "meson.build",
        "BUILD",
        "BUILD.bazel",
        "BUCK",
        "TARGETS",
        "autogen.sh",
        "make.bat",
        "rust-toolchain",
        "WORKSPACE",
        "Jenkinsfile",
        "tox.ini",
        "noxfile.py",
        "build.rs",
        "Justfile",
        "justfile",
        "Taskfile.yml",
        "Earthfile",
        "Tiltfile",
        "action.yml",
        ".gitlab-ci.yml",
        "Gemfile",
        "Rakefile",
        "configure",
        "configure.ac",
        "Package.swift",
        "Podfile",
        "build.sbt",
        "mix.exs",
        "rebar.config",
        "composer.json",
        "cabal.project",  # (Haskell: the packages a build takes in, and their settings)
        "stack.yaml",
        # build tools' wrappers, committed beside the build: Bash and batch scripts
        "mvnw",
        "mvnw.cmd",
        "gradlew",
        "gradlew.bat",
    }
)
_DOC_NAMES = (
    "readme",
    "license",
    "licence",
    "changelog",
    "changes",
    "contributing",
    "authors",
    "copying",
    "notice",
    "history",
    "news",
    "security",
    "code_of_conduct",
    "citation",
)
_TEST_DIRS = frozenset(
    {
        "t",
        "test",
        "tests",
        "testing",
        "step_definitions",  # Cucumber's
        "__tests__",
        "spec",
        "specs",
        "testdata",
        "regress",
        "testdir",
        "testsuite",
        "testsuites",
        "testscripts",  # (Go's `testscript` scripts: end-to-end runs of a command)
        "unittests",
        "regression",
        "regressions",
        "e2e",
    }
)
# test_x.py, x_test.cc, x-tests.js, x_spec.rb: a test by its name in any language (Python's
# tests are never `_spec`: there `input_spec.py` holds a specification).
_TEST_STEM = lazyre.compile(r"^tests?(?:_|$)|[_-](?:tests?|spec)$")
_PY_TEST_STEM = lazyre.compile(r"^tests?(?:_|$)|[_-]tests?$")


def _stem_test(language: str, base: str, name: str) -> bool:
    """Whether a file's name (`base`, before its first dot; `name`, whole and lower-case)
    says it holds tests in `language`. Go's `go test` reads `x_test.go` files only:
    `resource_spec.go` defines a `Spec`, and `x_test.pb.go` is code generated for a
    package."""
    if language == "Go":
        return name.endswith("_test.go")
    return (_PY_TEST_STEM if language == "Python" else _TEST_STEM).search(base.lower()) is not None


def _camel_named_test(path: str, language: str, base: str) -> bool:
    """Whether a file's CamelCase name says it holds tests (`UserTest.java`). Not in Go (its
    tests are `_test.go` files), nor a PHP class in a `src/` folder's code, where PHPUnit's
    tests never are: Laravel's `CreatesMatchingTest` trait makes a command's test file."""
    if language == "Go" or (language == "PHP" and "src" in path.split("/")[:-1]):
        return False
    pattern = _CAMEL_TESTS if language in _NAMED_OTHERWISE else _CAMEL_TEST
    return pattern.search(base) is not None


# What a Python test module holds; a package's `test.py` with none of it is the library's
# own testing API (a test client, fixtures' builders), imported by its code.
_PY_TESTS = lazyre.compile(
    r"^[ \t]*(?:(?:async[ \t]+)?def[ \t]+test|class[ \t]+Test\w*[ \t]*(?:\([ \t]*(?:object)?\))?:"
    r"|class[ \t]+\w+\([^)]*TestCase\b|(?:import|from)[ \t]+(?:pytest|unittest|nose|hypothesis)\b)",
    re.M,
)
# integration_tests/, unit-tests/, test-data/, test_fixtures/: a folder of tests by its name.
# (`__tests_dts__/`, `__test_utils__/`: Jest's `__tests__` convention, with a qualifier;
# `__testfixtures__/`, jscodeshift's inputs and outputs; `__mocks__/`, Jest's stand-ins for
# modules; `__fixtures__/`, `__snapshots__/`: what the tests compare with)
_TEST_DIR = lazyre.compile(
    r"^tests?[_-]|[_-](?:tests?|specs)$|^__(?:test|fixtures|mocks|snapshots)\w*__$"
)
# testFixtures/, testUtils/: Gradle's source set of test helpers and its kin, in CamelCase.
_CAMEL_TEST_DIR = lazyre.compile(r"^tests?[A-Z]")
# A Gradle or Maven main source set, `src/main/java/`, `src/jvmMain/kotlin/`: the code it
# holds ships, whatever its packages are named (`.../metadata/specs/`, `.../testing/`).
_MAIN_SOURCE_SET = lazyre.compile(
    r"(?:^|/)src/(?:main|[a-z][a-zA-Z0-9]*Main)/"
    r"(?:java\d*|kotlin|scala|groovy|clojure|resources|res|assets)(?:/|$)"
)
# A JVM main source set's code folder: the folders below it are a package's name.
_JVM_MAIN_CODE = lazyre.compile(
    r"(?:^|/)src/(?:main|[a-z][a-zA-Z0-9]*Main)/(?:java\d*|kotlin|scala|groovy|clojure)/"
)
# http-testing-support/, test-helpers/: a module of test helpers, by a word of its name.
_TEST_MODULE = lazyre.compile(r"(?:^|[_-])test(?:s|ing)?(?:[_-]|$)")
# FooTest.java, FooTests.cs: the CamelCase form, where case tells `Test` from `latest`.
# In the languages whose tests are named otherwise (`x.test.ts`, `test_x.py`, `x_test.go`),
# only the plural (`setupTests.ts`): there `resizeTest.ts` holds a function named for what it
# tests (a hit test).
_CAMEL_TEST = lazyre.compile(r"[a-z0-9]Tests?$")
_CAMEL_TESTS = lazyre.compile(r"[a-z0-9]Tests$")
# What a test runner loads before the tests (Jest's and Vitest's `setupFiles`, `globalSetup`):
# `test-setup.ts`, `vitest.setup.ts`, `setupJest.cjs`, `jest.setup.after-env.js`.
_TEST_SETUP = lazyre.compile(
    r"(?:jest|vitest|mocha|tests?|specs?)[._-]?(?:global[._-]?)?setup(?:[._-][\w.-]*)?\.\w+"
    r"|setup[._-]?(?:jest|vitest|mocha|tests?|specs?)\.\w+"
)
_NAMED_OTHERWISE = frozenset(
    {"JavaScript", "JSX", "TypeScript", "TSX", "Vue", "Svelte", "Python", "Go", "Rust", "Ruby"}
)
# Languages in which no file is settings alone: a `config.c` or `config.go` is code (their
# script forms, `settings.gradle.kts`, `config.exs`, are settings).
_COMPILED = frozenset(
    {"C", "C++", "Objective-C", "Rust", "Go", "Java", "Kotlin", "C#", "Swift", "Scala", "Zig"}
    | {"Haskell", "OCaml", "F#", "Dart", "Nim", "Fortran", "Pascal"}
)
_SCRIPT_FORMS = (".kts", ".exs", ".csx", ".fsx")
# Editor and shell scripting languages whose tests are named as in any language (test_x.vim).
_SCRIPT_TESTS = frozenset({"VimL", "EmacsLisp", "Tcl", "Fish"})
# Images written as code (`/* XPM */` C arrays, Encapsulated PostScript): data, whatever the
# lexer says.
_IMAGE_AS_CODE = (".xpm", ".xbm", ".eps")
# A tool's settings written as code: vite.config.ts, eslint.config.mjs, jest.config.js, and
# the shared parts the others import (eslint.config.base.js, webpack.config.prod.js).
# (A qualifier names a variant or a shared part: `user.config.service.ts` is a service.)
# (`root.eslint.config.js`, `vite.terser.config.js`: one qualifier before the tool's name)
_CONFIG_SCRIPT = lazyre.compile(
    r"(?:[\w-]+\.)?[\w-]+\.config(?:\.(?:base|common|shared|default|defaults|dev|development|prod"
    r"|production|test|e2e|ci|local|node|browser|server|client|lib|build|release|staging))?"
    r"\.(?:[cm]?[jt]s|cjs|mjs)$"
)
# Linters', analysers' and test runners' settings under their tools' own names (some written
# as code: `rector.php`)
_DOTNET_SETTINGS = frozenset({"appsettings", "launchsettings"})
_TOOL_SETTINGS = frozenset(
    {
        *("psalm.xml", "phpunit.xml", "phpcs.xml", "phpmd.xml", "phpstan.neon", "rector.php"),
        *("ecs.php", "checkstyle.xml", "lint.xml", "detekt.xml", "pmd.xml", "ruleset.xml"),
        *("spotbugs-exclude.xml", "findbugs-exclude.xml", "suppressions.xml"),
    }
)
_DOTTED_TEST = lazyre.compile(r"\.(?:Unit)?Tests?$")  # Newtonsoft.Json.Tests, App.UnitTests
_MAKEFILES = frozenset({"makefile", "gnumakefile"})  # Makefile.inc, Makefile.am: build too
_CYTHON_EXTS = (".pyx", ".pxd", ".pxi")
_TEMPLATE_EXTS = frozenset({".eex", ".heex", ".leex", ".erb", ".j2", ".jinja", ".jinja2", ".tmpl"})
_BUILD_EXTS = (
    *(".csproj", ".vbproj", ".fsproj", ".sln", ".slnx", ".props", ".targets", ".gradle"),
    ".gradle.kts",
    ".versions.toml",  # (a Gradle version catalog: the dependencies the build takes in)
    *(".gemspec", ".rake", ".podspec", ".cabal", ".nimble", ".m4"),
)
_BUILD_LANGS = frozenset({"CMake", "Makefile", "RPMSpec"})  # `cmake/FindX.cmake`, `rules.mk`
_SWIFT_MANIFEST = lazyre.compile(r"Package@swift-[\d.x]+\.swift$")  # SwiftPM, per tools version
# Plain text with these endings (or none) is prose; other text no lexer settled is not.
_PROSE = (".txt", ".text", ".adoc", ".asciidoc", ".org", ".textile", ".rdoc")
# Translations: locale/<lang>/... holds one table per language, whatever the format.
_LOCALE_DIRS = frozenset({"locale", "locales", "i18n", "l10n", "translations"})
_DOC_DIRS = frozenset({"doc", "docs", "documentation", "man"})
_DOC_TOPS = _DOC_DIRS | {"guides"}
# Languages whose packages keep their code in `lib/` and their tests beside it (`test/`,
# `spec/`): under `lib/`, a module named for testing is the library's own testing API.
_LIB_LANGUAGES = frozenset({"Ruby", "Elixir"})
# Fuzz targets' folders, and a fuzzer's corpora wherever they sit (their inputs, made up to
# break a parser, are neither prose nor the project's data).
_FUZZ_DIRS = frozenset({"fuzz", "fuzzing", "fuzzers", "fuzz_targets", "corpora"})
# Benchmarks exercise the library as its tests do (asv's `benchmarks/`, Cargo's `benches/`):
# their code ranks with the tests, after the code it measures, and casts no vote for its
# centrality; their results, settings and notes keep the roles of those.
_BENCH_DIRS = frozenset(
    {"bench", "benches", "benchmark", "benchmarks", "benchmarking", "asv_bench", "benchsuite"}
)
# The folders a JVM source tree keeps its packages in: a `jmh` folder above one is JMH's
# benchmarks (Gradle's `src/jmh/java/`, a Maven module `jmh/`); below one it is a package.
_JVM_SOURCE_ROOTS = frozenset({"java", "kotlin", "scala", "groovy"})


def _jmh(parts: list[str]) -> bool:
    """Whether a file is in a JMH benchmarks' folder (`src/jmh/java/x/ParsePerf.java`)."""
    folders = [p.lower() for p in parts[:-1]]
    if "jmh" not in folders:
        return False
    roots = [i for i, p in enumerate(folders) if p in _JVM_SOURCE_ROOTS]
    return folders.index("jmh") < (roots[0] if roots else len(folders))


# A top-level folder of the documentation's own: docs_src, docs-site, doc-examples.
_DOC_TOP = lazyre.compile(r"(?i)docs?[_-](?:src|source|site|website|content|examples?|snippets)$")
# A file name only a test takes, whatever folder holds it.
_TEST_FILE_NAME = lazyre.compile(
    r"(?:^test_[^.]*\.py|_test\.(?:go|py|rb|exs|dart|cc|cpp)|\.(?:test|spec|bench)\.[jt]sx?)$"
)
_BUILD_DIRS = frozenset(
    {".github", ".gitlab", ".circleci", ".ci", "ci", "scripts", "tools", ".devcontainer"}
    | {"build-scripts", "build_scripts", "buildscripts", "build-aux"}
    # git hooks a tool installs (husky's, vite's) or a project keeps for its contributors
    | {".husky", ".githooks", ".git-hooks", ".hooks", ".vite-hooks", "githooks"}
    # Gradle's build of the build: its convention plugins and their Kotlin helpers
    | {"buildsrc", "build-logic"}
)
# Only at the top: "scripts to rule them all" (`script/bootstrap`, `script/cibuild`), and
# .NET's engineering folder (`eng/build.ps1`); deeper, `src/script/` is a module (a
# compiler's handling of `<script>` blocks).
_TOP_BUILD_DIRS = frozenset({"script", "eng"})
_EXAMPLE_DIRS = frozenset(
    {
        "example",
        "examples",
        "samples",
        "sample",
        "demo",
        "demos",
        "tutorial",
        "tutorials",
        "cookbook",
        "playground",
        "playgrounds",
    }
)
# `watchOS Example/`, `example-app/`: an example named with a qualifier (not `hub-demo/`, a
# page of an app that demonstrates a feature).
_NAMED_EXAMPLE = lazyre.compile(r"^examples?[ _-]\w|\w[ _-]examples?$")
# What a generator writes into its users' projects: a template of a file named for what
# it renders (`controller.ex.eex`, `model.rb.tt`, `main.go.tmpl`) in a templates folder. It
# shows what the project makes for its users, as an example does; a web app's own views
# (`index.html.heex`, `email.txt.j2`) are pages it serves and stay the app's.
_GENERATOR_DIRS = frozenset({"templates", "template", "skeleton", "skel", "blueprints"})
# ...held by a generator (Rails' `generators/*/templates/`, Phoenix's `priv/templates/` and
# its installer's): an Ansible role's `templates/` is what it deploys, and a code
# generator's own `template/` its product, not examples.
# (and a `project/` template beside it: what `scrapy startproject` writes, `project/module/
# settings.py.tmpl`)
_GENERATOR_HOMES = frozenset(
    {"generators", "generator", "priv", "installer", "scaffolds", "project", "startproject"}
)
_GENERATOR_EXTS = (*_TEMPLATE_EXTS, ".tt", ".tpl", ".template", ".hbs", ".ejs", ".mustache")


_VIEWS = frozenset({"html", "htm", "xhtml", "xml", "svg", "txt", "text", "md", "eml", "email"})


# Homes whose templates folder holds only what the generator writes out: there a file that
# is no template (a stylesheet, a script) is copied as it is.
_GENERATOR_ONLY = frozenset({"generators", "installer"})


def _generator_template(lower: str, dirs: set[str]) -> bool:
    if not (dirs & _GENERATOR_DIRS and dirs & _GENERATOR_HOMES):
        return False
    stem, dot, ext = lower.rpartition(".")
    if not dot or f".{ext}" not in _GENERATOR_EXTS:
        return bool(dirs & _GENERATOR_ONLY)  # (`installer/templates/phx_static/app.css`)
    inner = stem.lstrip(".").rpartition(".")
    # (`gitignore.eex`, `Dockerfile.eex`: a template of a file with no extension)
    return not inner[1] or inner[2] not in _VIEWS


# `template-react-ts/`, `template-minimal/`: a starter project a scaffolding tool copies
# out for its users (what it shows is how to use the project, like an example's).
# Django's `project_template/` and `app_template/`: what `startproject` copies out; a site
# generator's `site_template/`, `theme_template/`: what its `new` command copies.
# (Not any `x_template/`: `email_template/` holds a web app's own views.)
_SCAFFOLD = lazyre.compile(
    r"template-[a-z0-9]"
    r"|(?:project|app|site|theme|blank|starter|plugin|package|module|repo)[_-]template$"
)
# requirements*.txt: what the build installs; MANIFEST.in: what a Python package ships.
_BUILD_TEXT = ("requirements", "constraints", "manifest")
# pip's requirements under other names: `doc-requirements.txt`, `requirements/dev.txt`.
_REQUIREMENTS_NAME = lazyre.compile(r"(?:^|[-_.])requirements(?:[-_.]|$)")
# A line of a requirements file: a project with its version or markers, an option
# (`-r base.txt`, `--hash=...`), a URL or a path; blank lines and comments aside.
_REQUIREMENT = lazyre.compile(
    r"[ \t]*(?:#|$|-{1,2}[a-z]|(?:(?:git|hg|svn|bzr)\+|https?://|file:|\.{0,2}/)"
    r"|\.(?:\[[^\]\n]*\])?[ \t]*$"  # the project itself, `.[test]`
    r"|[\w./-]+\.(?:whl|tar\.gz|zip)[ \t]*(?:[;#]|$)"  # an archive by its path
    r"|[A-Za-z0-9][\w.-]*(?:\[[^\]\n]*\])?[ \t]*(?:[<>=!~;@\\]|$))"
)
# Markup and styling are text a planner should carry whole or list, never outline.
_NOT_CODE = frozenset({"HTML", "CSS", "SCSS"})
# A definition at the start of a line: a file named config.py that holds one is source.
# A PHP file that returns its settings as an array (`return [` at the top level).
_PHP_SETTINGS = lazyre.compile(r"^return[ \t]*(?:\[|array[ \t]*\()", re.M)
_DEFINITION = lazyre.compile(
    r"^[ \t]*(?:(?:export|pub(?:\([^)]*\))?|public|private|static|async|default)[ \t]+)*"
    r"(?:def|class|function|fn|func|interface|struct|enum|impl|trait)\b",
    re.M,
)


@lru_cache(maxsize=1)
def _pygments_tables() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    from pygments.lexers._mapping import LEXERS

    claims: dict[str, list[str]] = {}
    by_name: dict[str, str] = {}
    globs: list[tuple[str, str]] = []
    for _mod, name, _aliases, patterns, _mimes in LEXERS.values():
        for pat in patterns:
            if pat.startswith("*.") and not any(c in pat[2:] for c in "*?["):
                langs = claims.setdefault(pat[1:].lower(), [])
                if name not in langs:
                    langs.append(name)
            elif not any(c in pat for c in "*?["):
                by_name.setdefault(pat, name)
            else:
                globs.append((pat, name))
    by_ext = {ext: _settle(ext[1:], langs) for ext, langs in claims.items()}
    return by_ext, by_name, globs


def _settle(ext: str, langs: list[str]) -> str:
    """One language for an extension several lexers claim (`.pl`: cplint, Perl6, Perl,
    Prolog): the one named by the extension, else the one common language among them, else
    the first of one family (ActionScript 3, ActionScript), else plain text, not a guess."""
    if len(langs) == 1:
        return langs[0]
    for lang in langs:
        if lang.lower() == ext and len(ext) > 2:  # not `.s` for the S language
            return lang
    common = [lang for lang in langs if lang in _COMMON]
    if len(common) == 1:
        return common[0]
    if len({_family(lang) for lang in langs}) == 1:
        return langs[0]
    return "Text"


def _family(language: str) -> str:
    return re.split(r"[^a-z]", language.lower(), maxsplit=1)[0]


@lru_cache(maxsize=64)
def _content_check(language: str) -> Callable[[str], float] | None:
    """Pygments' own content test for `language`, if its lexer defines one."""
    from pygments.lexer import Lexer
    from pygments.lexers import find_lexer_class

    cls = find_lexer_class(language)
    if cls is None:
        return None
    own = any("analyse_text" in k.__dict__ for k in cls.__mro__ if k not in (Lexer, object))
    return cls.analyse_text if own else None


@lru_cache(maxsize=4096)
def detect_language(name: str) -> str:
    """The language of a file from its base name, as pygments names it; "Text" if unknown.
    A template named for what it renders (`app.css.eex`, `show.html.erb`) is in that
    language."""
    if name in _NAMES:
        return _NAMES[name]
    if name.endswith(".blade.php"):
        return "Blade"  # (Laravel's templates: HTML with directives, not PHP code)
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot >= 0 else ""
    if ext == ".builder" and "." in name[:dot]:
        return "Ruby"  # (`index.xml.builder`; `Makefile.builder` is no Ruby)
    if ext in _TEMPLATE_EXTS and (inner := detect_language(name[:dot])) != "Text":
        return inner
    if ext == ".in" and name[:dot].lower().endswith(_CYTHON_EXTS):
        return "Cython"  # a Tempita template of Cython code: the code, once per type
    if ext == ".in" and "." in name[:dot] and is_code(inner := detect_language(name[:dot])):
        return inner  # a configure-time template of code (`version.c.in`, `init.lua.in`)
    if ext in _PREFERRED:
        return _PREFERRED[ext]
    by_ext, by_name, globs = _pygments_tables()
    if name in by_name:
        return by_name[name]
    if ext and ext in by_ext:
        return by_ext[ext]
    for pat, lang in globs:
        if fnmatch.fnmatchcase(name, pat):
            return lang
    return "Text"


def _shared(name: str) -> bool:
    """Whether several lexers claim this file's extension (and no entry of ours settles it)."""
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot >= 0 else ""
    return bool(ext) and ext not in _PREFERRED and ext in _shared_extensions()


@lru_cache(maxsize=1)
def _shared_extensions() -> frozenset[str]:
    from pygments.lexers._mapping import LEXERS

    seen: dict[str, set[str]] = {}
    for _mod, lang, _aliases, patterns, _mimes in LEXERS.values():
        for pat in patterns:
            if pat.startswith("*."):
                seen.setdefault(pat[1:].lower(), set()).add(lang)
    return _SHARED_ELSEWHERE | {ext for ext, langs in seen.items() if len(langs) > 1}


def refine_language(language: str, name: str, text: str) -> str:
    """Correct what a file name alone gets wrong about its language, from its content.

    A `.h` header with namespaces, templates or access specifiers is C++ (or Objective-C
    with `@interface`); a rare language that pygments' own content test rejects is plain
    text (`.prm`, `.cls`); text that reads as LaTeX is TeX; a `.scm` file of tree-sitter
    query patterns is a query, not Scheme.
    """
    head = text[:_SNIFF_CHARS]
    if is_terminal_output(text):
        return "Text"  # a golden test's coloured output of `main.go` is no Go
    # `name` may be a whole path: a dot in a folder's name (`init.d/`, `.github/`) is no
    # extension of the file's.
    base = name.rsplit("/", 1)[-1]
    grammar = _GRAMMARS.get(base[base.rfind(".") :].lower()) if "." in base else None
    if grammar is not None and _SECTIONS.search(text):
        return grammar  # the parser's source: what Bison or flex makes of it is generated
    if language == "Scheme" and _QUERY_MARK.search(text):
        return "Tree-sitter Query"  # S-expression patterns, not a Lisp program
    if language == "C" and name.lower().endswith(".h"):
        if _OBJC_HEADER.search(text):
            return "Objective-C"
        code = _FOR_CPP.sub("", _C_COMMENT.sub("", text[:_HEADER_CHARS]))
        return "C++" if _CPP_HEADER.search(code) else "C"
    if language == "D" and _NOT_D.search(head):
        return "Text"
    marked = _MARKED.get(language)
    if marked is not None and _shared(base) and not marked.search(head):
        language = "Text"
    elif language not in _COMMON and language != "Text":
        check = _content_check(language)
        if check is not None and check(head) <= 0:
            language = "Text"
    if language == "Text" and _TEX.search(head):
        return "TeX"
    if language == "Text" and "." not in base:
        if m := _SHEBANG.match(head):
            return _INTERPRETERS.get(m.group(1), language)  # `scripts/test`: #!/bin/sh
        if _is_sourced_shell(text) or _ZSH_AUTOLOAD.match(head):
            # a script other scripts source (`. auto/options`), or a zsh completion or
            # function file (`#compdef fd`, `#autoload`): no #! line
            return "Bash"
    return language


# Yacc or Bison grammars and lex or flex scanners, told from LLVM's `.ll` and from other
# `.y`/`.l` files by the `%%` line that ends their declarations.
_GRAMMARS = {
    **dict.fromkeys((".y", ".yy", ".ypp", ".yxx"), "Yacc"),
    **dict.fromkeys((".l", ".ll", ".lex", ".lpp", ".lxx"), "Lex"),
}
_SECTIONS = lazyre.compile(r"^%%[ \t]*$", re.M)

# What only a tree-sitter query says (its files share Scheme's `.scm`): a capture after a
# pattern, `(identifier) @variable` or `_ @x` (Scheme's `,@` follows a comma), a predicate,
# `(#match? @x "^[A-Z]")`, or a `; inherits: c` line.
_QUERY_MARK = lazyre.compile(
    r"[)\]\"_][ \t]*@[A-Za-z_][\w.-]*|\(#[a-z][\w-]*[?!]|^;+[ \t]*inherits[ \t]*:", re.M
)

# An extensionless script's interpreter, from its first line: `#!/bin/sh`, `#!/usr/bin/env
# python3 -u`.
_SHEBANG = lazyre.compile(r"#![ \t]*(?:\S*/)?(?:env[ \t]+(?:-\S+[ \t]+)*)?([a-z]+)")
_INTERPRETERS = {
    "sh": "Bash",
    "bash": "Bash",
    "zsh": "Bash",
    "dash": "Bash",
    "ksh": "Bash",
    "python": "Python",
    "node": "JavaScript",
    "ruby": "Ruby",
    "perl": "Perl",
    "php": "PHP",
    "lua": "Lua",
    "tclsh": "Tcl",
}


# Lines only a shell script is made of: its blocks' words, echo, a here-document, an
# assignment, a sourced file.
_SHELL_LINE = lazyre.compile(
    r"^[ \t]*(?:if[ \t].*(?:;[ \t]*then|\]|\))[ \t]*$|then$|fi$|else$|elif[ \t]"
    r"|case[ \t].*[ \t]in$|esac$|done$|do$|for[ \t]+\w+[ \t]+in[ \t]|while[ \t]|echo[ \t]"
    r"|cat[ \t]+<<|export[ \t]+\w+=|[A-Za-z_]\w*=|\.[ \t]+\S|exit[ \t]+\d)",
    re.M,
)
_SHELL_END = lazyre.compile(r"^[ \t]*(?:fi|esac|done)[ \t]*;?[ \t]*$", re.M)
_HEREDOC = lazyre.compile(
    r"^[ \t]*cat[ \t]+<<-?[ \t]*['\"]?(\w+)['\"]?[^\n]*\n(?:.*\n)*?\1[ \t]*$", re.M
)
_SHELL_SHARE = 0.3
# A function's definition that opens its body on the line (`merge_cmd () {`, `function f {`),
# and the lone `}` that closes it: a script of functions for others to source is made of
# little else. (A call on a line of its own, `someMethod()`, opens nothing.)
# (`name() {` at the line's start only: a JavaScript method or a C function indented in a
# class or a document is no shell function.)
_SHELL_FUNCTION = lazyre.compile(
    r"^(?:[ \t]*function[ \t]+[A-Za-z_][\w.:-]*(?:[ \t]*\(\))?|[A-Za-z_][\w.:-]*[ \t]*\(\))"
    r"[ \t]*\{[ \t]*$",
    re.M,
)
_CLOSING_BRACE = lazyre.compile(r"^[ \t]*\}[ \t]*$", re.M)


_ZSH_AUTOLOAD = lazyre.compile(r"#(?:compdef|autoload)\b")


def _is_sourced_shell(text: str) -> bool:
    """Whether a text without a #! line is a shell script: it closes a block (`fi`,
    `esac`, `done`, a function's `}`) or a here-document, and nearly a third of its lines
    or more are the shell's own, function definitions and their braces among them (a note
    or a `KEY=value` settings file has no blocks; hand-written prose has few such lines)."""
    head = text[: _SNIFF_CHARS * 4]
    functions = len(_SHELL_FUNCTION.findall(head))
    braces = min(len(_CLOSING_BRACE.findall(head)), functions)
    if not braces and not _SHELL_END.search(head) and not _HEREDOC.search(head):
        return False
    lines = [ln for ln in head.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    shell = len(_SHELL_LINE.findall(head)) + functions + braces
    return shell >= _SHELL_SHARE * len(lines)


def is_code(language: str) -> bool:
    """Whether a file in `language` is program text worth an outline (not data, docs, SVG)."""
    return language in _PROGRAMMING and language not in _NOT_CODE


_README = lazyre.compile(
    r"readme(?:\.(?:md|markdown|rst|txt|adoc|asciidoc|org|rdoc|textile))?", re.I
)


def is_readme(path: str) -> bool:
    """The project's own README at the root: `README.md`, `README`; not a translation of it
    (`README.ja.md`, `README_zh.md`), which ranks as any other document."""
    return _README.fullmatch(path) is not None


# The files that say what a project is built from and with: its name, dependencies, entry
# points, tools. Read at the root only (a workspace member's is one of many).
_MANIFESTS = frozenset(
    {
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "Cargo.toml",
        "package.json",
        "deno.json",
        "go.mod",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "settings.gradle.kts",
        "gradle/libs.versions.toml",  # (Gradle's catalog of the dependencies, by convention)
        "build.sbt",
        "composer.json",
        "Gemfile",
        "mix.exs",
        "Package.swift",
        "pubspec.yaml",
        "CMakeLists.txt",
        "meson.build",
        "configure.ac",
        "Makefile",
        "build.zig",
        "Project.toml",
    }
)


def is_manifest(path: str) -> bool:
    """The project's own build manifest at the root (`pyproject.toml`, `Cargo.toml`,
    `package.json`, `go.mod`, a `Makefile`, a `*.gemspec`...): after the README, what a
    reader opens first, for what the code depends on and how it is built."""
    return path in _MANIFESTS or ("/" not in path and path.endswith((".gemspec", ".cabal")))


def is_data(language: str) -> bool:
    """Whether `language` is a data format (tables, JSON, XML), whatever the file's role."""
    return language in _DATA_LANGS


def _library_module(language: str, text: str | None) -> bool:
    return language == "Python" and text is not None and _PY_TESTS.search(text) is None


# A Go file's package clause, and the build constraint that keeps a file out of its package.
_GO_PACKAGE = lazyre.compile(r"^package[ \t]+(\w+)", re.M)
_GO_IGNORED = lazyre.compile(r"^//(?:go:build|[ \t]*\+build)[ \t]+ignore\b", re.M)


def _go_library(language: str, text: str | None) -> bool:
    """Whether a Go file belongs to a package other code imports, wherever its folder sits:
    Go names a package by its folder, so a `doc/` of `package doc` is the module's library
    (generators of reference pages); a snippet is `package main` or kept out of builds."""
    if language != "Go" or text is None:
        return False
    found = _GO_PACKAGE.search(text)
    return (
        found is not None
        and found.group(1) != "main"
        and not found.group(1).endswith("_test")
        and _GO_IGNORED.search(text, 0, found.start()) is None
    )


# Folder names that say what a folder is for, but inside a Python package name a subject:
# `<pkg>/tools/` and `<pkg>/scripts/` are modules the package imports, `<pkg>/regression/`
# holds its regression models, and `<pkg>/testing/` is the library's testing API (the
# assertions its users call as `pkg.testing.assert_equal`), as a lone `<pkg>/testing.py` is.
# Its own tests, in `testing/tests/` or named `test_*.py`, stay tests.
_SUBJECT_DIRS = _BUILD_DIRS | {"regress", "regression", "regressions", "testing"}


def _is_requirements(lower: str, folders: list[str], text: str | None) -> bool:
    """Whether a file named `lower` in `folders` is pip's requirements under another name
    (`doc-requirements.txt`, `requirements/dev.txt`): its lines say so (a note named
    `system-requirements.txt` is prose)."""
    if not lower.endswith((".txt", ".in")) or text is None:
        return False
    stem = lower.rsplit(".", 1)[0]
    if not (_REQUIREMENTS_NAME.search(stem) or (folders and folders[-1].lower() == "requirements")):
        return False
    return _lists_requirements(text)


def _lists_requirements(text: str) -> bool:
    """Whether `text` reads as pip's requirements: a project per line, options, comments."""
    # (past the window, its last line may be cut: not judged)
    lines = (
        text.splitlines() if len(text) <= _SNIFF_CHARS else text[:_SNIFF_CHARS].splitlines()[:-1]
    )
    return any(ln.strip() and not ln.lstrip().startswith("#") for ln in lines) and all(
        _REQUIREMENT.match(ln) for ln in lines
    )


def _in_lib(folders: list[str]) -> bool:
    """Whether `lib/` holds the file, with no test folder above it (`test/lib/` is tests)."""
    for d in folders:
        if d == "lib":
            return True
        if _in_tests([d]):
            return False
    return False


def _role_folders(folders: list[str], packages: frozenset[str]) -> list[str]:
    """The folders whose names say the file's role: all but a subpackage named for a
    subject (a package inside another package; a top-level `scripts/` package of programs
    is still the build's), a `testing/` namespace inside a source root, and the package
    path of a JVM main source set (`src/main/java/com/example/app/`: Android Studio's and
    Spring Initializr's default package names an application, not an example)."""
    if not packages and "src" not in folders:
        return folders
    joined = "/".join(folders) + "/"
    if (jvm := _JVM_MAIN_CODE.search(joined)) is not None:
        folders = folders[: joined.count("/", 0, jvm.end())]
    return [
        d
        for i, d in enumerate(folders)
        if not (
            d.lower() in _SUBJECT_DIRS
            and "/".join(folders[: i + 1]) in packages
            and "/".join(folders[:i]) in packages
        )
        # Under `src/`, `testing/` is the library's testing API, which its users and its
        # own code import (`src/Illuminate/Testing/TestResponse.php`, Go's `src/testing/`),
        # as a Python package's `testing/` is; a suite of tests there is `src/test/`, and
        # test-named files inside (`FooTest.php`) stay tests.
        and not (d.lower() == "testing" and "src" in folders[:i])
    ]


def test_by_name(path: str, language: str) -> bool:
    """Whether a file's own name says it holds tests (`test_x.py`, `x_test.go`, `XTest.java`,
    `x.spec.ts`, `conftest.py`), whatever folder it is in."""
    lower = path.rpartition("/")[2].lower()
    base = path.rpartition("/")[2].split(".", 1)[0]
    code = language in _PROGRAMMING and language not in _SCRIPT_TESTS  # (`detect_role`'s)
    return bool(
        (code and _stem_test(language, base, lower))
        or (code and _camel_named_test(path, language, base))
        or (code and _TEST_SETUP.fullmatch(lower))
        or ".test." in lower
        or ".spec." in lower
        or (code and ".bench." in lower)
        or lower == "conftest.py"
    )


def tests_folder(folder: str) -> str | None:
    """The outermost folder of tests that `folder` is or lies in (`tests/fixtures/app` ->
    `tests`), or None."""
    parts = folder.split("/") if folder else []
    for i in range(len(parts)):
        if _in_tests(parts[i : i + 1]):
            return "/".join(parts[: i + 1])
    return None


def _in_tests(folders: list[str]) -> bool:
    """Whether one of `folders` holds tests: `t/`, `tests/`, `jvmTest/`, `Json.Tests/`,
    `testFixtures/`."""
    return any(
        d.lower() in _TEST_DIRS
        or _TEST_DIR.search(d.lower())
        # Kotlin's, Xcode's and .NET's test projects: jvmTest/, AppTests/, Json.Tests/
        or _CAMEL_TEST.search(d)
        or _CAMEL_TEST_DIR.search(d)
        or _DOTTED_TEST.search(d)
        for d in folders
    )


def _holds_tests(folder: str, folders: list[str]) -> bool:
    """Whether `folders`, those of `folder`, say its files are tests. In a main source set
    (`lib/src/main/kotlin/com/x/specs/`) only the modules above `src/` can, where a module
    of test helpers says what it is (`test-support/`, `http-testing-support/`)."""
    found = _MAIN_SOURCE_SET.search(folder + "/")
    if found is None:
        return _in_tests(folders)
    modules = folder[: found.start()].split("/")
    return _in_tests(modules) or any(_TEST_MODULE.search(m.lower()) for m in modules)


def python_packages(paths: Iterable[str]) -> frozenset[str]:
    """The folders among `paths` that are Python packages: those holding an `__init__.py`."""
    return frozenset(
        p.rpartition("/")[0] for p in paths if p.endswith(("/__init__.py", "/__init__.pyi"))
    )


# Folders that hold an application's or a library's own code.
_CODE_ROOTS = frozenset({"src", "lib", "app", "source", "sources", "pkg"})
# The names of a folder of tests that sits beside the `lib/` folder of the code it tests.
_SUITE_DIRS = frozenset({"test", "tests", "spec", "specs"})


def test_suites(paths: Iterable[str]) -> frozenset[str]:
    """The folders among `paths` that the tree shows hold tests, wherever they sit: a test
    folder beside a `lib/` folder (`lib/<app>/test/` in an umbrella whose apps keep their
    code in `lib/<app>/lib/`: not the library's testing API, which sits inside `lib/`), and
    a `features/` folder of Gherkin scenarios (`features/*.feature`, with their steps and
    support code: Cucumber's, behave's, Behat's)."""
    libs: set[str] = set()
    beside: set[tuple[str, str]] = set()
    suites: set[str] = set()
    for p in paths:
        parts = p.split("/")
        for i, d in enumerate(parts[:-1]):
            if d == "lib":
                libs.add("/".join(parts[:i]))
            elif d in _SUITE_DIRS:
                beside.add(("/".join(parts[:i]), "/".join(parts[: i + 1])))
        if p.endswith(".feature") and "features" in parts[:-1]:
            at = len(parts) - 2 - parts[-2::-1].index("features")
            # (not an app's `src/features/<slice>/`: the code of its features, a scenario
            # among them or not)
            if not _CODE_ROOTS.intersection(parts[:at]):
                suites.add("/".join(parts[: at + 1]))
    # (in a main source set, `.../test/` is a package of the code that ships)
    suites.update(
        folder
        for parent, folder in beside
        if parent in libs and not _MAIN_SOURCE_SET.search(parent + "/")
    )
    return frozenset(suites)


def configure_folders(paths: Iterable[str]) -> frozenset[str]:
    """The folders below the top that hold a `configure` script: the shell scripts beside
    it are its parts (an `auto/` folder of scripts that source each other, some without
    a `#!` line)."""
    return frozenset(p.rpartition("/")[0] for p in paths if p.endswith("/configure"))


# What a documentation site generator reads its site's settings from: Docusaurus, VitePress.
_DOC_SITE_CONFIG = lazyre.compile(r"(?:docusaurus\.config|\.vitepress/config)\.(?:[cm]?[jt]s)")


# A project's static website (`website/index.html` with its styles and scripts); the
# languages its pages are written in, and those of a repository's scripts around its code
# (a site's own repository may hold its deploy script, it holds no program beside it).
_SITE_DIR = "website"
_PAGE_LANGS = frozenset({"HTML", "CSS", "SCSS", "JavaScript"})
_SCRIPT_LANGS = frozenset({"Bash", "Batchfile", "PowerShell", "SQL"})


def doc_sites(paths: Iterable[str]) -> frozenset[str]:
    """The top-level folders among `paths` that are a documentation website (`www/` with
    its `docusaurus.config.ts`): the site's pages and components document the project.
    So is a top-level `website/` of pages, styles and plain scripts beside the project's
    code; one with a program of its own (`website/__init__.py`, `main.go`, a package.json
    app) is the product, as is a website that is all the code a repository holds."""
    sites = set()
    site_pages = True
    has_site = code_elsewhere = False
    for p in paths:
        top, _, rest = p.partition("/")
        if rest and _DOC_SITE_CONFIG.fullmatch(rest):
            sites.add(top)
        if top == _SITE_DIR and rest:
            has_site = True
            lang = detect_language(p.rpartition("/")[2])
            program = lang in _PROGRAMMING and lang not in _PAGE_LANGS
            site_pages = site_pages and not program and not rest.endswith("package.json")
        elif not code_elsewhere:
            lang = detect_language(p.rpartition("/")[2])
            code_elsewhere = is_code(lang) and lang not in _SCRIPT_LANGS
    if has_site and site_pages and code_elsewhere:
        sites.add(_SITE_DIR)
    return frozenset(sites)


def detect_role(
    path: str,
    language: str,
    text: str | None = None,
    packages: frozenset[str] = frozenset(),
    configured: frozenset[str] = frozenset(),
    sites: frozenset[str] = frozenset(),
    suites: frozenset[str] = frozenset(),
) -> str:
    """The file's role: source, test, example, docs, config, build or data.

    The name decides first: build files (an example's own are examples), then tests (a
    test folder such as `t/`, or a test name in any language: `test_x`, `x_test`,
    `XTest`; fuzz targets and benchmarks' code with them), translations, docs. `text`,
    when given, corrects what names get wrong: a `config.py` or `settings.ts` that
    defines functions or classes is source. `packages` (from `python_packages`) names the
    folders that are Python packages: a module folder inside one (`<pkg>/tools/`,
    `<pkg>/regression/`) is the library's code. `sites` (from `doc_sites`) names the
    top-level folders that are a documentation website: their code is docs. `suites` (from
    `test_suites`) names the folders the tree shows are tests, wherever they sit.
    """
    if language == "Text" and text is not None and is_terminal_output(text):
        return "data"  # (`refine_language` made it Text, whatever its name says)
    if language == "Gherkin":
        return "test"  # a scenario is an acceptance test wherever it stands
    parts = path.split("/")
    name = parts[-1]
    lower = name.lower()
    # A text without an extension that reads as statements: a shell fragment is a script as
    # one with its `#!` line is; settings (`KEY="..."`, `fastcgi_param  A  $a;`) are no docs.
    made_of = ""
    if language == "Text" and text is not None and "." not in lower.lstrip("."):
        made_of = _statements(text)
        language = "Bash" if made_of == "shell" else language
    folders = _role_folders(parts[:-1], packages)
    dirs = {p.lower() for p in folders}
    code = language in _PROGRAMMING
    # (in the documentation's own code, `docs_src/schema_extra_example/`, a folder's name
    # is the page it serves: the top folder says what the code is)
    named = {parts[0].lower()} if len(parts) > 1 and _DOC_TOP.match(parts[0]) else dirs
    in_example = (
        bool(dirs & _EXAMPLE_DIRS)
        or any(map(_SCAFFOLD.match, dirs))
        or any(map(_NAMED_EXAMPLE.search, named))
        or _generator_template(lower, dirs)
        # a component's Storybook stories (`button.stories.tsx`): how it is used, shown
        or (code and ".stories." in lower)
    )
    # An example's own package.json or Makefile shows how to use the project: an example;
    # a fixture project's inside the tests (`tests/data/app/pyproject.toml`): a test. (The
    # tests' own, `tests/CMakeLists.txt`, and a test crate's `Cargo.toml` build them.)
    # (Gradle's `settings.gradle.kts` is the settings the script form says it is)
    build = language in _BUILD_LANGS or (
        lower.endswith(_BUILD_EXTS) and lower != "settings.gradle.kts"
    )
    # (`Makefile.in` builds; `Makefile.sublime-syntax.patch` is a change to another file)
    makefile = lower.split(".", 1)[0] in _MAKEFILES and language != "Diff"
    build = build or bool(_SWIFT_MANIFEST.match(name))
    # (a root script named for the build; one inside the code, `lib/.../bootstrap_wrapper.ps1`
    # that a tool ships, is its source)
    script = len(parts) == 1 and _BUILD_SCRIPT.fullmatch(lower) is not None
    if name in _BUILD_NAMES or makefile or build or script:
        return "example" if in_example else "test" if _in_tests(parts[:-2]) else "build"
    # The forge's settings, not the build's: its sponsor button, its issue forms.
    forge = lower == "funding.yml" or "issue_template" in dirs
    if parts[0] == ".github" and forge and language in _CONFIG_LANGS:
        return "config"
    # (a top-level `build/` or `Build/` holds the build's scripts; a package named `build`
    # is code; `build/<target>/examples/` shows how to use what that build makes: examples)
    if (
        (dirs & _BUILD_DIRS or (len(parts) > 1 and parts[0].lower() in _TOP_BUILD_DIRS | {"build"}))
        and (code or language in _CONFIG_LANGS)
        and not in_example
        # (a tool's own tests, `tools/dump/scan_test.go`, are tests; a script named for
        # the tests it runs or makes, `scripts/test.sh`, `sync-flow-tests.cjs`, is the build's)
        and not (code and _TEST_FILE_NAME.search(lower))
    ):
        return "build"
    if lower.startswith(_BUILD_TEXT) and lower.endswith((".txt", ".in")):
        # (not a page of a manual about constraints that happens to be written in `.txt`)
        pip = lower.startswith(("requirements", "constraints")) and lower.endswith(".txt")
        if not (pip and text is not None and text.strip() and not _lists_requirements(text)):
            return "build"
    if _is_requirements(lower, folders, text):
        return "build"  # what the build installs, as a root `requirements.txt` is
    base = name.split(".", 1)[0]
    in_suite = any("/".join(parts[:i]) in suites for i in range(1, len(parts)))
    # (mix runs `*_test.exs` scripts as tests; a compiled `.ex` under `lib/` is the library's)
    script_test = language == "Elixir" and lower.endswith("_test.exs")
    if (
        language in _LIB_LANGUAGES
        and not (in_suite or script_test)
        and _in_lib(parts[:-1])
        and not _generator_template(lower, dirs)  # (`templates/phx_single/lib/app.ex.eex`)
    ):
        return "source"  # `lib/x/test_helpers.rb`, `lib/x/test/conn_test.ex`: the library's
    # A test package's own licence and git settings, at its top (`Testing/LICENSE.md`,
    # `tokio-test/LICENSE`), are the package's, as at the root; deeper, a fixture's.
    if len(parts) > 1 and _in_tests(parts[-2:-1]) and not _in_tests(parts[:-2]):
        if is_license(lower):
            return "docs"
        if lower == ".gitattributes":
            return "config"
    prose_doc = language in _DOC_LANGS and (language != "Text" or lower.endswith(_PROSE))
    # (`guides/testing/controllers.md`: a guide about testing; its figures are the guide's)
    in_docs = len(parts) > 1 and parts[0].lower() in _DOC_TOPS and not in_example
    if in_docs and (prose_doc or language == "SVG"):
        return "docs"
    if lower.endswith(".dist") and "." in lower[:-5]:
        return "config"  # `phpunit.xml.dist`, `phpstan.neon.dist`: settings to copy
    # Fuzz targets and their corpora; not a fuzzing engine's own code (`internal/fuzz/`).
    fuzz = bool(dirs & _FUZZ_DIRS) and not dirs & {"src", "internal", "lib", "pkg"}
    if (
        fuzz
        or in_suite
        or _holds_tests("/".join(parts[:-1]), folders)
        # (Python's own `unittest` package is the library, not its tests)
        or ("unittest" in dirs and language != "Python")
        or (
            code
            and language not in _SCRIPT_TESTS  # (below)
            and _stem_test(language, base, lower)
            and not (base == "test" and _library_module(language, text))
        )
        # (Vim's compiler plugins are named for the tool they run: `compiler/zig_test.vim`)
        or (
            language in _SCRIPT_TESTS and _TEST_STEM.search(base.lower()) and "compiler" not in dirs
        )
        or (code and _camel_named_test("/".join(parts), language, base))
        or (code and _TEST_SETUP.fullmatch(lower))
        or ".test." in lower
        or (".spec." in lower and language not in _CONFIG_LANGS | {"JSON"})
        or (code and ".bench." in lower)  # `parse.bench.ts`: a benchmark, as `benches/` holds
        or lower == "conftest.py"
    ):
        return "test"
    stem = lower.split(".", 1)[0]
    if language == "Bash" and any("/".join(parts[:i]) in configured for i in range(1, len(parts))):
        return "build"
    if in_example and (
        code
        or language not in _DOC_LANGS | _DATA_LANGS
        or (language == "Text" and "." in lower and not lower.endswith(_PROSE))
    ):
        # (an image or a table written out as numbers for the example to include is data)
        table = (code or language == "Text") and text is not None and _is_table(text)
        if table and not _module_around_table(language, text or ""):
            return "data"
        return "example"  # its code, settings and templates (`.hbs`, `.ejs`): not its guides
    if language == "Diff":
        return "data"  # a patch the build or a sync applies: a change, not the project's code
    hidden = lower.startswith(".") or any(d.startswith(".") for d in dirs)
    if hidden and language in _CONFIG_LANGS | {"Text", "JSON"}:
        return "config"
    at_locale = [i for i, d in enumerate(parts[:-1]) if d.lower() in _LOCALE_DIRS]
    if language == "Gettext Catalog" or (at_locale and at_locale[0] < len(parts) - 2):
        return "data"
    if language == "JSON" and (len(parts) == 1 or stem.endswith(("rc", "config", "tsconfig"))):
        return "config"
    # .NET's settings (`appsettings.Development.json`, `launchSettings.json`, `App.config`,
    # `NuGet.Config`, a code analysis `.ruleset`) and Mix's `config/*.exs`
    if (
        (language == "JSON" and stem in _DOTNET_SETTINGS)
        or lower.endswith((".config", ".ruleset"))
        or (language == "Elixir" and lower.endswith(".exs") and parts[-2:-1] == ["config"])
    ):
        return "config"
    if made_of == "settings":
        # (a configure system's or a build folder's are the build's, as its scripts are)
        configures = any("/".join(parts[:i]) in configured for i in range(1, len(parts)))
        return "build" if configures or dirs & _BUILD_DIRS else "config"
    prose = language != "Text" or "." not in lower.lstrip(".") or lower.endswith(_PROSE)
    if prose and language == "Text" and stem not in _DOC_NAMES and _not_prose(text):
        return "data"  # lists and tables in a `.txt`: cipher suites, a profile, a Unicode table
    if (language in _DOC_LANGS and prose) or (stem in _DOC_NAMES and not code):
        return "docs"
    # (a site's tool settings, `tailwind.config.ts`, stay settings)
    site = parts[0] in sites and not _CONFIG_SCRIPT.match(lower)
    if len(parts) > 1 and (site or _DOC_TOP.match(parts[0])):
        return "docs"  # `docs_src/`, `docs-site/`: the documentation's own code and snippets
    if dirs & _DOC_DIRS:
        # Code under a source folder's `doc/` module is source; the docs site's is docs.
        # A nested folder named `doc` that holds program code is a module (help text, man
        # page generators); a top-level one, or `docs/`, is the documentation itself.
        doc_at = min(i for i, d in enumerate(parts[:-1]) if d.lower() in _DOC_DIRS)
        module = doc_at > 0 and parts[doc_at] == "doc" and is_code(language)
        if not (code and ("src" in parts[:doc_at] or module)) and not _go_library(language, text):
            return "docs"
    # (a tool's settings; Angular's app.config.ts is the app's providers: code)
    tool = (_CONFIG_SCRIPT.match(lower) or lower in _TOOL_SETTINGS) and not lower.startswith(
        "app.config."
    )
    if language in _CONFIG_LANGS or lower.startswith(".") or tool:
        return "config"
    if (
        language == "PHP"
        and dirs & {"config", "configs"}
        and text is not None
        and _PHP_SETTINGS.search(text)
        and not _DEFINITION.search(text)
    ):
        return "config"  # (Laravel's `config/app.php`: settings as an array it returns)
    if stem in {"config", "settings", "conf", "configuration"} and (
        not code
        or lower.endswith(_SCRIPT_FORMS)
        or (language not in _COMPILED and (text is None or not _DEFINITION.search(text)))
    ):
        return "config"
    if language in _DATA_LANGS or lower.endswith(_IMAGE_AS_CODE):
        return "data"
    if code and text is not None and _is_table(text) and not _module_around_table(language, text):
        return "data"  # tables of constants, vector paths, font data written as code
    if code or language != "Text":
        bench = dirs & _BENCH_DIRS or _jmh(parts) or _runs_benchmarks(language, text)
        return "test" if bench else "source"  # (a benchmark's data stays data)
    return "data"


# A benchmark harness a file imports near its top, whatever its folder is named (Caliper
# benchmarks under `metrics/`): JMH, Caliper, BenchmarkDotNet, Criterion, Google
# Benchmark, and JavaScript's benchmark.js, tinybench and mitata.
_HARNESS = lazyre.compile(
    r"^[ \t]*(?:import[ \t]+(?:static[ \t]+)?(?:org\.openjdk\.jmh|com\.google\.caliper)\."
    r"|using[ \t]+BenchmarkDotNet\b"
    r"|use[ \t]+criterion\b|extern[ \t]+crate[ \t]+criterion\b"
    r"|#[ \t]*include[ \t]*<benchmark/benchmark\.h>"
    r"|(?:import\b[^\n]*?\bfrom[ \t]*|(?:(?:const|let|var)[ \t]+[\w{}, \t]+=[ \t]*)?require\()"
    r"['\"](?:benchmark|tinybench|mitata)['\"])",
    re.M,
)


_HARNESS_LANGUAGES = frozenset(
    {"Java", "Kotlin", "Scala", "C#", "Rust", "C", "C++", "JavaScript", "TypeScript", "TSX", "JSX"}
)
_HARNESS_WORDS = ("jmh", "caliper", "enchmark", "criterion", "tinybench", "mitata")


# The harnesses' own code, which imports their packages everywhere (Google Benchmark's
# own files include "benchmark/benchmark.h" in quotes, so only the <> form counts above).
_HARNESS_ITSELF = lazyre.compile(
    r"^[ \t]*(?:package[ \t]+(?:org\.openjdk\.jmh|com\.google\.caliper)\b"
    r"|namespace[ \t]+BenchmarkDotNet\b)",
    re.M,
)


def _runs_benchmarks(language: str, text: str | None) -> bool:
    """Whether a code file is a benchmark by what it imports (`_HARNESS`), and is not the
    harness's own code."""
    if text is None or language not in _HARNESS_LANGUAGES:
        return False
    head = text[: _SNIFF_CHARS * 4]
    if not any(w in head for w in _HARNESS_WORDS) or _HARNESS.search(head) is None:
        return False
    return _HARNESS_ITSELF.search(head) is None


# A statement of settings, not a sentence: an assignment (`CORE_DEPS="src/core/nginx.h \`),
# or a directive that ends with `;` or opens or closes a block (`fastcgi_param  QUERY_STRING
# $query_string;`, `types {`).
_SETTING = lazyre.compile(r"(?:export[ \t]+)?[A-Za-z_]\w*=|.*[;{}]$")
_ASSIGNMENT = lazyre.compile(r"(?:export[ \t]+)?[A-Za-z_]\w*=")
# What only a shell says: a file sourced (`. auto/include`, after an assignment too).
_SOURCES = lazyre.compile(r"(?:^|;)[ \t]*\.[ \t]+\S")
_HEREDOC_OPENS = lazyre.compile(r"<<-?[ \t]*['\"]?(\w+)")
_SETTINGS_SHARE = 0.9


def _statements(text: str) -> str:
    """What a text without an extension (no name to say) is made of, when nearly all its
    lines are statements (less comments, a value's lines after a `\\` and a
    here-document's): "shell" when some are the shell's own (a file sourced, a block, a
    here-document: a fragment other scripts source, no `#!` line), "settings" when they are
    assignments or a server's directives; "" for sentences, as a README's, a licence's or a
    change log's, which do not read so."""
    statements = misses = 0
    shell = False
    until = ""  # the word that ends the here-document the line is in
    continued = False  # the line goes on with the statement above
    for line in text[: _SNIFF_CHARS * 4].splitlines():
        stripped = line.strip()
        if until:
            until = "" if stripped == until else until
            continue
        if continued:
            continued = stripped.endswith("\\")
            continue
        if not stripped or stripped.startswith("#"):
            continue
        continued = stripped.endswith("\\")
        statements += 1
        code = stripped.partition(" #")[0].rstrip()  # (`80  E282AC ; # euro`)
        said = _SHELL_LINE.match(line) is not None and not _ASSIGNMENT.match(code)
        said = said or _SOURCES.search(code) is not None
        if opens := _HEREDOC_OPENS.search(code):
            until, said = opens.group(1), True
        shell = shell or said
        if not (said or _SETTING.match(code)):
            misses += 1
            if misses > (1 - _SETTINGS_SHARE) * max(statements, 10):
                return ""  # (prose shows itself in its first lines)
    if not statements or misses > (1 - _SETTINGS_SHARE) * statements:
        return ""
    return "shell" if shell else "settings"


_TABLE_CHARS, _TABLE_DIGITS, _TABLE_WINDOWS, _TABLE_WINDOW = 8000, 0.3, 8, 1000


# A line holding only literals: strings, numbers, and the brackets and commas between them.
_LITERALS = lazyre.compile(
    r"(?:\b[rRbBuU]{1,2})?(?:\"[^\"\n]*\"|'[^'\n]*')|\b0[xX][0-9a-fA-F]+\b|[-+]?\b\d[\d_.eE]*\b"
)
_BETWEEN = lazyre.compile(r"[\s\[\]{}(),:;=]*")
_LITERAL_LINES = 0.8
_LITERAL_START = lazyre.compile(r"\s*(?:[\"'0-9\[\]{}()+-]|[rRbBuU]{1,2}[\"'])")


# A line of prose: three words in a row, in lowercase (a table's comments name characters
# in capitals, a list of identifiers has no spaces), in any alphabet
_WORDS = lazyre.compile(r"[^\W\d_]{2,}[,;:]? [^\W\d_]{2,}[,;:]? [^\W\d_]{2,}")
_PROSE_SAMPLE = 200  # lines looked at
_PROSE_MIN_LINES = 12  # a shorter text is read as what its name says


def _not_prose(text: str | None) -> bool:
    """Whether a plain text is a list or a table rather than prose: its first lines (at
    least _PROSE_MIN_LINES that are not blank) hold under one phrase for ten lines (a
    paragraph on one line holds many)."""
    if text is None:
        return False
    lines = [
        ln
        for ln in text[: _PROSE_SAMPLE * 200].split("\n", _PROSE_SAMPLE)[:_PROSE_SAMPLE]
        if ln.strip()
    ]
    if len(lines) < _PROSE_MIN_LINES:
        return False
    phrases = sum(m.group().islower() for ln in lines for m in _WORDS.finditer(ln))
    return phrases * 10 < len(lines)


def _is_table(text: str) -> bool:
    """A long text that is a table written as code, judged on eight windows spread over it:
    nearly a third or more of its characters digits (hand-written code runs under a tenth,
    code around a large table about a quarter), or nearly all its lines literals
    (`"00501": "AB890X",`)."""
    n = len(text)
    if n < _TABLE_CHARS:
        return False
    step = (n - _TABLE_WINDOW) // (_TABLE_WINDOWS - 1)
    windows = [text[i * step : i * step + _TABLE_WINDOW] for i in range(_TABLE_WINDOWS)]
    # Copies of a file (vendored twice, a fixture per test) are judged once: the windows
    # decide, and the text's length and their hash name them.
    joined = "\0".join(windows)
    key = (n, hash(joined))
    known = _TABLES.get(key)
    if known is None:
        digits = sum(map(joined.count, "0123456789"))
        known = digits >= _TABLE_DIGITS * (len(joined) - len(windows) + 1) or _mostly_literals(
            windows
        )
        if len(_TABLES) >= _TABLES_KEPT:
            _TABLES.clear()
        _TABLES[key] = known
    return known


_TABLES: dict[tuple[int, int], bool] = {}
_TABLES_KEPT = 1 << 16


# A Python module that defines functions beside its table is the package's code, what
# other modules import: the parser imports `format_time` from a module that is mostly a set
# of time zone names, the build a lookup function from a module that is mostly a table of
# package names. (A class that only holds values is still data; in JSX, a component that
# wraps a drawing is the drawing.)
_PY_DEF = lazyre.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]", re.M)


def _module_around_table(language: str, text: str) -> bool:
    if language in ("C", "C++"):
        return bool(_C_FUNCTION.search(text))  # a CRC's tables and the function using them
    return language == "Python" and bool(_PY_DEF.search(text))


# A C or C++ function's definition at the margin: a head at the start of a line, its
# parameters (over lines too), and the brace that opens its body.
_C_FUNCTION = lazyre.compile(
    r"^[A-Za-z_][\w:<>*& \t]*\([^;{}()]*(?:\([^;{}()]*\)[^;{}()]*)*\)"
    r"[ \t]*(?:const[ \t]*)?(?:noexcept[ \t]*)?\n?\{",
    re.M,
)


def _mostly_literals(windows: list[str]) -> bool:
    lines = [line for w in windows for line in w.splitlines()[1:-1] if line.strip()]
    if not lines:
        return False
    # Each pass stops at the first line past what the share allows: most files are told
    # apart by their first lines of code (a line of code starts with a name).
    allowed = len(lines) - _LITERAL_LINES * len(lines)
    misses = 0
    for line in lines:
        if not _LITERAL_START.match(line):
            misses += 1
            if misses > allowed:
                return False
    misses = 0
    for line in lines:
        if not _BETWEEN.fullmatch(_LITERALS.sub("", line)):
            misses += 1
            if misses > allowed:
                return False
    return True
