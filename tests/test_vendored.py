"""Other projects' code and generated files are left out by default, with their reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repoview.ignore import generated_marker
from repoview.packer import PackOptions, build_pack

from .conftest import run_cli

MIT = "MIT License\n\nCopyright (c) {year} {holder}\n\nPermission is hereby granted, free of charge...\n"
BSD = "Copyright (c) {year}, {holder}\nAll rights reserved.\n\nRedistribution and use in source and binary forms...\n"


def reasons(repo: Path) -> dict[str, str]:
    return {e.path: e.reason for e in build_pack(PackOptions(path=repo, cache=False)).excluded}


def test_c_server_keeps_its_sources_and_leaves_deps_out(make_repo) -> None:
    repo = make_repo(
        {
            "LICENSE.txt": MIT.format(year=2024, holder="Server Ltd."),
            "Makefile": "all:\n\t$(MAKE) -C src\n",
            "src/Makefile": "server: server.o\n",
            "src/LICENSE": BSD.format(year=2009, holder="Jane Roe"),
            "src/server.c": '#include "server.h"\nint main(void) { return 0; }\n',
            "src/server.h": "",
            "deps/hiredis/hiredis.c": "int x;\n",
            "deps/hiredis/COPYING": BSD.format(year=2010, holder="A. Author"),
            "deps/Makefile": "all:\n",
            # Found by content: its own licence and build files, another holder, not a member.
            "contrib/zlib/CMakeLists.txt": "project(zlib)\n",
            "contrib/zlib/LICENSE": "zlib License\n(C) 1995 Jean-loup Gailly and Mark Adler\n",
            "contrib/zlib/deflate.c": "int deflate;\n",
            # Ours: examples with their build file, dedicated to the public domain.
            "examples/CMakeLists.txt": "add_executable(demo demo.c)\n",
            "examples/COPYING": "CC0 1.0 Universal\n\nThe examples are in the public domain.\n",
            "examples/demo.c": '#include "server.h"\nint main(void) { return 0; }\n',
            # ...but a project deeper inside an example is another project.
            "examples/app/libs/zxing/build.gradle": "apply plugin: 'java'\n",
            "examples/app/libs/zxing/LICENSE": BSD.format(year=2008, holder="ZXing authors"),
            "examples/app/libs/zxing/Reader.java": "class Reader {}\n",
            # Ours: the same holder as the root licence.
            "plugins/geo/Makefile": "all:\n",
            "plugins/geo/LICENSE": MIT.format(year=2020, holder="Server Ltd"),
            "plugins/geo/geo.c": "int geo;\n",
        }
    )
    got = reasons(repo)
    assert got["deps/hiredis/hiredis.c"] == "vendored" and got["deps/Makefile"] == "vendored"
    assert got["contrib/zlib/deflate.c"] == "vendored"
    assert got["examples/app/libs/zxing/Reader.java"] == "vendored"
    for own in ("src/server.c", "src/Makefile", "plugins/geo/geo.c", "Makefile", "examples/demo.c"):
        assert own not in got
    everything = build_pack(PackOptions(path=repo, default_excludes=False, cache=False))
    assert {"deps/hiredis/hiredis.c", "contrib/zlib/deflate.c"} <= {
        f.path for f in everything.files
    }


def test_a_python_package_carrying_its_dependencies_in_vendor_folders(make_repo) -> None:
    repo = make_repo(
        {
            "src/tool/__init__.py": "from tool._vendor import requests\n",
            "src/tool/_vendor/requests/__init__.py": "def get(url): ...\n",
            "src/tool/_vendor/vendor.txt": "requests==2.32.3\n",
            "lib/_vendored/six.py": "PY3 = True\n",
        }
    )
    got = reasons(repo)
    assert got["src/tool/_vendor/requests/__init__.py"] == "vendored"
    assert got["lib/_vendored/six.py"] == "vendored"
    assert "src/tool/__init__.py" not in got


def test_a_jvm_package_named_like_a_vendor_folder_is_the_projects(make_repo) -> None:
    # (the database vendors a library speaks to: `org.acme.core.vendors`)
    repo = make_repo(
        {
            "core/src/main/kotlin/org/acme/vendors/PostgreSQL.kt": "package org.acme.vendors\n",
            "core/src/main/java/org/acme/vendor/Dialect.java": "package org.acme.vendor;\n",
            "web/static/vendors/chart.js": "var chart = 1;\n",
        }
    )
    assert reasons(repo) == {"web/static/vendors/chart.js": "vendored"}


def test_an_amalgamated_test_framework_without_a_licence_is_vendored(make_repo) -> None:
    big = "".join(f"int check_{i}(int x) {{ return x + {i}; }}\n" for i in range(4000))
    repo = make_repo(
        {
            "LICENSE": MIT.format(year=2012, holder="Victor Example"),
            "include/fmtx/core.h": "// Copyright (c) 2012 - present, Victor Example\nint f();\n",
            "test/gtest/CMakeLists.txt": "add_library(gtest gtest-all.cc)\n",
            "test/gtest/gtest-all.cc": "// Copyright 2008, Google Inc.\n" + big,
            "test/gtest/gtest/gtest.h": "// Copyright 2005, Google Inc.\n" + big,
            # a small helper someone contributed, under its author's name: the project's own
            "contrib/helper/Makefile": "all: helper\n",
            "contrib/helper/helper.c": "/* Copyright (C) 2013 John Contributor */\nint h;\n",
        }
    )
    assert reasons(repo) == {
        "test/gtest/CMakeLists.txt": "vendored",
        "test/gtest/gtest-all.cc": "vendored",
        "test/gtest/gtest/gtest.h": "vendored",
    }


def test_a_bundle_with_its_source_map_beside_it_is_generated(make_repo) -> None:
    repo = make_repo(
        {
            "assets/js/app.js": "export function connect() {}\n",
            "priv/static/app.js": "var app = (() => {\n  function connect() {}\n})();\n",
            "priv/static/app.js.map": '{"version": 3}\n',
        }
    )
    assert reasons(repo) == {
        "priv/static/app.js": "generated",
        "priv/static/app.js.map": "generated",
    }


def test_workspace_members_with_their_own_licences_are_the_repositorys(make_repo) -> None:
    repo = make_repo(
        {
            "LICENSE": MIT.format(year=2021, holder="Alice Example"),
            "Cargo.toml": '[workspace]\nmembers = ["core", "macros"]\n',
            "core/Cargo.toml": '[package]\nname = "core"\n',
            "core/LICENSE": BSD.format(year=2019, holder="Someone Else"),
            "core/src/lib.rs": "pub fn f() {}\n",
            "macros/Cargo.toml": '[package]\nname = "macros"\n',
            "macros/LICENSE-APACHE": "Apache License 2.0\n",
            "macros/src/lib.rs": "",
            "pnpm-workspace.yaml": "packages:\n  - 'web/*'\n",
            "web/ui/package.json": '{"name": "ui"}\n',
            "web/ui/LICENSE": BSD.format(year=2022, holder="Other Corp"),
            "web/ui/index.ts": "export {};\n",
            "docs/Makefile": "html:\n",
            "docs/copyright.rst": "Copyright (c) 2020 Someone Else\n",
            "docs/index.rst": "Docs\n",
        }
    )
    assert reasons(repo) == {}


@pytest.mark.parametrize(
    "manifest, text",
    [
        (
            "pom.xml",
            "<project>\n  <modules>\n    <module>core</module>\n    <module>ext/web</module>\n  </modules>\n</project>\n",
        ),
        ("settings.gradle", "rootProject.name = 'app'\ninclude 'core', ':ext:web'  // both\n"),
        (
            "settings.gradle.kts",
            'include(":core")\ninclude(":web")\nproject(":web").projectDir = file("ext/web")\n',
        ),
        ("pyproject.toml", '[tool.uv.workspace]\nmembers = ["core", "ext/*"]\n'),
        # over lines, a comment among them; a module named by its pom; a folder by `File`
        (
            "settings.gradle.kts",
            'include(\n    ":core",\n    // ":old",\n    ":web",\n)\n'
            'project(":web").projectDir = File(rootDir, "ext/web")\n',
        ),
        ("settings.gradle", "include ':core',\n        ':ext:web'\n"),
        ("pom.xml", "<modules><module>core/pom.xml</module><module>ext/web</module></modules>\n"),
    ],
)
def test_modules_a_root_build_declares_are_the_repositorys(
    make_repo, manifest: str, text: str
) -> None:  # type: ignore[no-untyped-def]
    # A library's own module with a licence naming its company, beside a root licence that
    # names no holder: the module is the project's, as the root build says.
    repo = make_repo(
        {
            "LICENSE": "Apache License\nVersion 2.0, January 2004\n",
            manifest: text,
            "core/LICENSE": "Copyright 2008 Google Inc.\nApache License 2.0\n",
            "core/pom.xml": "<project><artifactId>core</artifactId></project>\n",
            "core/build.gradle": "plugins { id 'java' }\n",
            "core/pyproject.toml": '[project]\nname = "core"\n',
            "core/src/main/java/Core.java": "public class Core {}\n",
            "ext/web/LICENSE": "Copyright 2015 Square, Inc.\nApache License 2.0\n",
            "ext/web/pom.xml": "<project><artifactId>web</artifactId></project>\n",
            "ext/web/Web.java": "public class Web {}\n",
        }
    )
    assert reasons(repo) == {}


@pytest.mark.parametrize(
    "name, text",
    [
        (
            "configure",
            "#! /bin/sh\n# Guess values for system-dependent variables and create Makefiles.\n# Generated by GNU Autoconf 2.69 for jemalloc.\n",
        ),
        (
            "src/commands.def",
            "\n/* Automatically generated by generate-command-code.py, do not edit. */\n\nCOMMAND(x)\n",
        ),
        (
            "api/types.go",
            "// Copyright 2024 Example\n// Licensed under MIT.\n\n// Code generated by protoc-gen-go. DO NOT EDIT.\n// versions: 1\n\npackage api\n",
        ),
        ("web/schema.js", "/**\n * @generated SignedSource<<abc>>\n */\nexport const s = 1;\n"),
        ("models.py", "# This file was generated by datamodel-codegen\nclass A: ...\n"),
        ("static/stemmer.js", "var S=function(){" + "r=this.f(a,b);" * 300 + "};\n"),
        # AsciiDoc's block comment, whose lines have no leader
        (
            "docs/pages/cops_style.adoc",
            "////\nDo NOT edit this file by hand directly, as it is automatically generated.\n"
            "////\n\n= Style\n",
        ),
        # one header made of many, each pasted in where its include stood
        (
            "single_include/lib.hpp",
            "#pragma once\n"
            + "".join(
                f"// #include <lib/detail/part{i}.hpp>\n"
                + f"inline int part{i}() {{ return {i}; }}\n" * 300
                for i in range(12)
            ),
        ),
        # a comment that reads like a directive is still a comment
        (
            "gen/schema.py",
            "# if this file changes, rerun make\n# This file is automatically generated.\nX = 1\n",
        ),
        # the generator's marker below the project's licence notice
        (
            "include/tokens.h",
            "/*\n * Copyright (c) 2014 Example Co.\n *\n"
            + " * Permission is hereby granted, free of charge, to any person...\n" * 16
            + " */\n\n/* DO NOT EDIT! generated by tokens.pl */\n#define TOKEN_A 0\n",
        ),
        # inside the include guard
        (
            "src/table.h",
            "#ifndef TABLE_H\n#define TABLE_H\n\n/*\n * This file was generated by the "
            "following command:\n *   sh table.sh 200\n */\n#define T0 1\n#endif\n",
        ),
        # minified code that is mostly a table of strings in another script
        ("search/stemmer.js", "var S=function(){var r=[" + '["आँ",-1,-1],' * 300 + "]};\n"),
        # a search index kept as one base64 string: encoded data, not code
        ("doc/search/index.js", '// Index\nvar index = "' + "QUJDRGVmZ2hpams0Mzc5" * 400 + '";\n'),
        # parsers, scanners and loaders by their generators' own words
        ("src/parser.c", "/* A Bison parser, made by GNU Bison 3.8.2.  */\nint yyparse(void);\n"),
        (
            "src/lexer.c",
            '#line 2 "src/lexer.c"\n\n#define YY_INT_ALIGNED short int\n\n'
            "/* A lexical scanner generated by flex */\nint yylex(void);\n",
        ),
        ("src/glad.h", "/*\n * Loader generated by glad 2.0.0 on Sun Sep 18 2022\n */\nint x;\n"),
        # a marker after a shebang, a modeline, a licence line, or another sentence
        ("gen/tables.py", "#!/usr/bin/env python\n# automatically generated by gen.py\nX = 1\n"),
        ("gen/a.lua", "-- vim: ft=lua\n-- generated code, do not edit by hand\nx = 1\n"),
        ("gen/b.h", "// Copyright 2024 Acme Inc\n// autogenerated file, do not edit\nint x;\n"),
        (
            "gen/c.py",
            "# To update it, run `make gen`. This file is automatically generated.\nX = 1\n",
        ),
        ("gen/d.c", "// This file must not be edited: auto-generated by gen.py\nint x;\n"),
        ("gen/e.py", "# Auto generated by tools/make_tables.py\n\nTABLE = [(0, 31, 0)]\n"),
        ("gen/f.h", "// DON'T EDIT - AUTO GENERATED\nint x;\n"),
        ("gen/g.h", "// Autogenerated C header\nint x;\n"),
        # a parser generator's and a stemmer compiler's opening line: the input, then the tool
        ("gen/ExprLexer.py", "# Generated from Expr.g4 by ANTLR 4.13.1\nfrom antlr4 import *\n"),
        ("js/french-stemmer.js", "// Generated from french.sbl by Snowball 3.0.1\nvar s = 1;\n"),
        # a bundler's output, by the loader it opens with
        (
            "assets/live.js",
            "(function e(t,n,r){function s(o,u){if(!n[o]){if(!t[o]){var a=typeof require"
            '=="function"&&require;}}}})({1:[function(require,module,exports){\n',
        ),
        (
            "assets/reload.js",  # (browserify 14 on)
            '(function(){function r(e,n,t){function o(i,f){if(!n[i]){if(!e[i]){var c="function"'
            "==typeof require&&require;}}}}return r})()({1:[function(require,module,exports){\n",
        ),
        ("dist/app.js", "/******/ (() => { // webpackBootstrap\n/******/ \tvar m = {};\n"),
        (
            "docs/Classes.html",
            "<!DOCTYPE html>\n<html>\n<body>\n<p>Session</p>\n"
            '<p>Generated by <a class="link" href="https://example.org/jazzy">jazzy</a>.</p>\n'
            "</body>\n</html>\n",
        ),
        # a documentation site whose generator names itself only in its pages' scripts
        (
            "docs/api/core/index.html",
            '<!doctype html>\n<html lang="en">\n<head>\n<script>var pathToRoot = "../";</script>\n'
            '<script>const storage = localStorage.getItem("dokka-dark-mode")</script>\n'
            "</head>\n<body><p>Core</p></body>\n</html>\n",
        ),
    ],
)
def test_generated_files_are_left_out(make_repo, name: str, text: str) -> None:
    repo = make_repo({"main.c": "int main;\n", name: text})
    assert reasons(repo) == {name: "generated"}


@pytest.mark.parametrize(
    "text",
    [
        "# PULLFROG ACTION - DO NOT EDIT EXCEPT WHERE INDICATED\nname: ci\n",
        'GENERATED = "@generated"\n# Code generated by hand. DO NOT EDIT.\n',
        "import os\n\n\n\n\n\n\n\n# auto-generated names below\n",
        '"""Tools that write files marked @generated and check them."""\nimport re\n',
        "var short=function(){return 1};\n",  # one line, but short
        # a template that renders such a footer is the project's own code
        "<!DOCTYPE html>\n<p>{{ title }}</p>\n<p>Generated by {{ tool }}</p>\n",
        "<html><body><p>How this page was generated by hand.</p></body></html>\n",
        # API prose in a page: what the statement returns, not who wrote the page
        "<!doctype html>\n<html><body><p>\n<span>Returns the ResultSet</span>"
        "<p>generated by the statement execution.</p></body></html>\n",
        '{"data": [' + "1, " * 2000 + "1]}\n",  # JSON on one line is data, not minified code
        "int y;\n" * 100 + "x = f(a, b);  " * 250 + "\n",  # one long line among short ones
        # an ERB page whose footer names the tool that renders it
        "<!DOCTYPE html>\n<html><body><% offenses.each do |o| %><p><%= o %></p><% end %>\n"
        "<footer>Generated by <a href='https://rubocop.org'>RuboCop</a></footer></body></html>\n",
        '"""\nHelpers for ids.\nThis module reads auto-generated ids.\n"""\nimport re\n',
        # a header whose comment says another header is generated, after its include guard
        "#ifndef COMMON_H_\n#define COMMON_H_\n\n/* need Python.h */\n#include <Python.h>\n"
        '/* config.h is auto-generated */\n#include "config.h"\n',
        # a licence notice, then a module that talks about generated code
        "# Copyright 2020 Example\n# Licensed under MIT\n\nimport re\n# auto-generated ids\n",
        # prose written a paragraph a line, and a CSV of long rows
        ("A paragraph of prose that runs on without a break, as some write. " * 5 + "\n") * 13,
        "\n".join(",".join(f"value{i}_{j}" for j in range(40)) for i in range(10)) + "\n",
        # a sentence about a constant that runs over two comment lines
        "// `RESERVED_CHARS` is\n// autogenerated from the spec's categories\n"
        "export function escape(s: string) {\n  return s;\n}\n",
        # sentences that mention a licence, or name an example, on their way
        "# Functions to parse the license headers that are\n"
        "# automatically generated by the release tool.\nX = 1\n",
        "# Reads the settings (e.g. the auto-generated defaults.ini) and merges them.\nX = 1\n",
        # what cannot be generated, and a script that runs a generated one
        "# examples list\n# so it can not be automatically generated from the sources\nx\n",
        '#! /bin/sh\n# run the automatically generated configure script\nauto/configure "$@"\n',
        # made from another file by a person
        "# Generated from openapi.yaml by hand, keep in sync\nX = 1\n",
        "// Generated from spec.md with care, then edited\nint x;\n",
        # a sentence that says a table in the file is generated, not the file
        "# The keyword table below is generated from grammar.txt by make_keywords.py.\nX = 1\n",
        # a parser whose comment says the tables beside it are generated
        "# This module includes files automatically generated from ply (these end in\n"
        "# _lextab.py and _parsetab.py).\n\nclass Parser:\n    pass\n",
        # a sentence about other entries, and CMake's template for a generated header
        "// qstrs specific to this port, only needed if they aren't auto-generated\n"
        "Q(lib)\nQ(path)\n",
        "/* config.h\n *\n * This file was generated by cmake.\n *\n * DO NOT EDIT THIS FILE.\n */\n"
        '#cmakedefine HAVE_FOO 1\n#define VERSION "@VERSION@"\n',
        # a hand-written header whose brief says the functions it declares are generated
        "/**\n * \\file dbg.h\n *\n * \\brief Automatically generated helper functions for "
        "debugging\n */\n#ifndef DBG_H\n#define DBG_H\nconst char *states_str(int in);\n#endif\n",
        # a documentation page in a comment, about how the documentation was made
        "/**\n * @mainpage API Documentation\n *\n * This documentation describes the API.\n"
        " * It was automatically generated from specially formatted comment blocks in\n"
        " * the source code using Doxygen.\n */\n",
    ],
)
def test_files_that_only_mention_generation_are_kept(text: str) -> None:
    assert generated_marker(text) is None


def test_a_do_not_edit_naming_another_file_marks_that_file_only(make_repo) -> None:
    # The grammar and the parser made from it open with the same note.
    note = (
        "# Copyright (c) Example\n\n# DO NOT EDIT exprparser.py!\n#\n"
        "# It is generated from exprparser.g using a parser generator. Make needed changes "
        "there.\n\n"
    )
    repo = make_repo(
        {
            "main.c": "int main;\n",
            "expr/exprparser.g": note + "parser Expr:\n    token NUM: '[0-9]+'\n",
            "expr/exprparser.py": note + "class ExprScanner:\n    pass\n",
            # a note that names the file it stands in
            "gen/tables.c": "/* Do not edit tables.c: made by mktables.py */\nint t[2];\n",
            # a version after the words is no file's name
            "gen/api.c": "/* DO NOT EDIT v1.2.3 -- automatically generated */\nint a;\n",
        }
    )
    assert reasons(repo) == {
        "expr/exprparser.py": "generated",
        "gen/tables.c": "generated",
        "gen/api.c": "generated",
    }
    # By content alone (no path), the note marks either file.
    assert generated_marker(note + "x\n") == "# DO NOT EDIT exprparser.py!"


def test_text_named_like_tool_output_is_judged_by_content(make_repo) -> None:
    repo = make_repo(
        {
            "main.c": "int main;\n",
            "data/table.dat": "# wavelength flux\n1.0 2.0\n",  # an ASCII table
            "src/iterparse.map": "VERS_1.0 {\n  global: init;\n  local: *;\n};\n",
            "pkg/venv/__init__.py": "def create(): ...\n",  # Python's own `venv` module
            "static/app.map": '{"version": 3, "sources": ["a.ts"], "mappings": "AAAA"}\n',
            "blob.dat": "\x00\x01\x02binary\x00",
            # an index template: a "mappings" object, not a source map's string
            "config/index.json": '{"version": 1, "mappings": {"properties": {}}}\n',
            # an environment at the top: an editable install in it is another project
            "venv/src/requests/api.py": "def get(url): ...\n",
        }
    )
    assert reasons(repo) == {
        "static/app.map": "generated",
        "blob.dat": "binary",
        "venv/src/requests/api.py": "default",
    }


def test_manifest_names_vendored_and_generated_and_the_flag_keeps_them(make_repo) -> None:
    repo = make_repo(
        {
            "app.py": "print(1)\n",
            "vendor/lib/x.py": "y = 2\n",
            "gen.py": "# Code generated by tool. DO NOT EDIT.\nZ = 3\n",
        }
    )
    run = run_cli(
        "pack", str(repo), "-q", "-o", str(repo / "out.xml"), "--manifest", str(repo / "m.json")
    )
    assert run.code == 0, run.err
    manifest = json.loads((repo / "m.json").read_text())
    assert {e["path"]: e["reason"] for e in manifest["excluded"]} == {
        "vendor/lib/x.py": "vendored",
        "gen.py": "generated",
    }
    run = run_cli(
        "pack",
        str(repo),
        "-q",
        "--no-default-excludes",
        "-o",
        str(repo / "all.xml"),
        "--manifest",
        str(repo / "m.json"),
    )
    assert run.code == 0, run.err
    kept = {f["path"] for f in json.loads((repo / "m.json").read_text())["files"]}
    assert {"vendor/lib/x.py", "gen.py", "app.py"} <= kept


def test_trimmed_copies_with_only_their_licence_are_other_projects(make_repo) -> None:
    notice = "/* LibDiff by Ann Other\n * Copyright (C) 2003 Ann Other\n */\n"
    repo = make_repo(
        {
            "LICENSE": MIT.format(year=2020, holder="Main Author"),
            "src/main.c": '#include "xdiff/xdiff.h"\nint main(void) { return 0; }\n',
            # a C library bundled without its build files
            "src/xdiff/COPYING": "GNU LESSER GENERAL PUBLIC LICENSE\n",
            "src/xdiff/xdiff.h": notice + "int xdl_diff(void);\n",
            "src/xdiff/xdiff.c": notice + "int xdl_diff(void) { return 0; }\n",
            # a set of type stubs under its own licence
            "pkg/typeshed/LICENSE": "The stubs project is licensed under the Apache license.\n",
            **{f"pkg/typeshed/stdlib/m{i}.pyi": f"def f{i}() -> int: ...\n" for i in range(6)},
            # the project's own subpackage, given by others under their licence: its
            # Python modules say nothing of whose they are, and it stays
            "pkg/__init__.py": "",
            "pkg/ma/LICENSE": BSD.format(year=2006, holder="University of Somewhere"),
            "pkg/ma/core.py": "class MaskedArray:\n    pass\n",
            # a linter's rule named for what it checks is no licence
            "lib/cops/copyright.rb": "class Copyright\nend\n",
            "lib/cops/base.rb": "class Base\nend\n",
        }
    )
    assert reasons(repo) == {
        "src/xdiff/COPYING": "vendored",
        "src/xdiff/xdiff.h": "vendored",
        "src/xdiff/xdiff.c": "vendored",
        "pkg/typeshed/LICENSE": "vendored",
        **{f"pkg/typeshed/stdlib/m{i}.pyi": "vendored" for i in range(6)},
    }


def test_single_header_libraries_in_a_nested_external_folder_are_left_out(make_repo) -> None:
    repo = make_repo(
        {
            "LICENSE": MIT.format(year=2013, holder="Main Author"),
            "src/core.c": '#include "external/stb_image.h"\nint main(void) { return 0; }\n',
            # public-domain single-header libraries name no holder at their top
            "src/external/stb_image.h": "/* stb_image - v2.30 - public domain image loader */\n"
            "int stbi_load(const char *f);\n",
            "src/external/dr_wav.h": "/*\nWAV audio loader. Choice of public domain or MIT-0.\n"
            "David Reid\n*/\nint drwav_init(void);\n",
            # the project's own helper beside them names its holder
            "src/external/own_rand.h": "/* Copyright (c) 2023 Main Author */\nint own_rand(void);\n",
            # a package's `external` module of its own (Python, not a bundled C library)
            "pkg/external/gmpy.py": "def gcd(a, b):\n    return a\n",
        }
    )
    assert reasons(repo) == {
        "src/external/stb_image.h": "vendored",
        "src/external/dr_wav.h": "vendored",
    }


def test_a_libraries_folder_below_the_top_holds_other_projects_code(make_repo) -> None:
    # (a game engine's src/libraries/: files by other holders, or by their authors with no
    # holder's line; the project's own file there names its holder)
    repo = make_repo(
        {
            "LICENSE": MIT.format(year=2013, holder="Main Author"),
            "src/modules/graphics/draw.cpp": '#include "libraries/physfs/physfs.h"\nint d();\n',
            "src/libraries/physfs/physfs.h": "/* This file written by Ryan C. Gordon. */\nint p();\n",
            "src/libraries/physfs/physfs.c": '#include "physfs.h"\nint p() { return 0; }\n',
            "src/libraries/lz4/lz4.c": "/* Copyright (c) 2011 Yann Collet */\nint z();\n",
            "src/libraries/glue.cpp": "/* Copyright (c) 2023 Main Author */\nint g();\n",
        }
    )
    # (a library with no holder's line may be the project's own: only the named one goes)
    assert reasons(repo) == {"src/libraries/lz4/lz4.c": "vendored"}


def test_lockfiles_of_each_ecosystem_are_left_out(make_repo) -> None:
    locks = ["package-lock.json", "yarn.lock", "deno.lock", "Cargo.lock", "poetry.lock"]
    repo = make_repo({"main.ts": "export const x = 1;\n", **{n: "{}\n" for n in locks}})
    pack = build_pack(PackOptions(path=repo, cache=False))
    assert {e.path: (e.reason, e.detail) for e in pack.excluded} == {
        n: ("default", "lockfile") for n in locks
    }


def test_without_a_licence_at_the_root_a_licensed_folder_is_the_project(make_repo) -> None:
    notice = "/* Copyright (C) 2001 Python Software Foundation */\n"
    repo = make_repo(
        {
            "copy0/LICENSE.txt": "A. HISTORY OF THE SOFTWARE\n",
            "copy0/mod.py": "def f(): ...\n",
            "copy0/_testcapi.c": notice + "int f(void) { return 0; }\n",
        }
    )
    assert reasons(repo) == {}


def test_code_that_includes_the_projects_headers_is_the_projects(make_repo) -> None:
    google = "/* Copyright 2020 Google LLC */\n"
    repo = make_repo(
        {
            "COPYING": "GNU GENERAL PUBLIC LICENSE\nCopyright (C) 1989 Free Software Foundation\n",
            "git-compat-util.h": "int compat(void);\n",
            "main.c": '#include "reftable/basics.h"\nint main(void) { return 0; }\n',
            # a library given to the project under its own licence, built on its headers
            "reftable/LICENSE": "BSD license\n",
            "reftable/basics.h": google + '#include "system.h"\nint basics(void);\n',
            "reftable/system.h": google + '#include "git-compat-util.h"\n',
            # a package that ships the licence of a library it bundles
            "foo/__init__.py": "",
            "foo/_core.py": "def core(): ...\n",
            "foo/licenses/LICENSE_zlib.txt": "Copyright (C) 1995 Jean-loup Gailly\n",
            # glue beside single-header libraries, with no notice of its own
            "src/external/glue.h": '#include "../core.h"\nint glue(void);\n',
            "src/core.h": "int core(void);\n",
        }
    )
    assert reasons(repo) == {}


def test_a_library_given_its_configuration_header_is_still_another_project(make_repo) -> None:
    notice = "/* Copyright (c) 1998 Thai Open Source Software Center */\n"
    repo = make_repo(
        {
            "LICENSE": MIT.format(year=2020, holder="Main Author"),
            "pkg/xml/expat_config.h": "#define XML_NS 1\n",
            "pkg/xml/iterparse.c": '#include "expat.h"\nint parse(void) { return 0; }\n',
            "src/expat/COPYING": "Copyright (c) 1998 Thai Open Source Software Center\n",
            "src/expat/expat.h": notice + '#include "expat_config.h"\nint XML_Parse(void);\n',
            "src/expat/xmlparse.c": notice
            + '#include "expat.h"\nint XML_Parse(void) { return 0; }\n',
        }
    )
    assert reasons(repo) == {
        "src/expat/COPYING": "vendored",
        "src/expat/expat.h": "vendored",
        "src/expat/xmlparse.c": "vendored",
    }


def test_a_folder_with_several_licences_one_naming_the_roots_holder_is_the_projects(
    make_repo,
) -> None:
    repo = make_repo(
        {
            "LICENSE.txt": "Copyright (C) 1997-2026 Jane Roe <jane@example.org>\n\nAs-is.\n",
            "include/lib/lib.h": "int lib_init(void);\n",
            "src/lib.c": '#include "lib/lib.h"\nint lib_init(void) { return 0; }\n',
            # The tests' public-domain note sorts first; their LICENSE.txt names the root's holder.
            "test/COPYING": "The test programs in this directory are placed in the public domain.\n",
            "test/LICENSE.txt": "/*\n  Copyright (C) 1997-2026 Jane Roe <jane@example.org>\n*/\n",
            "test/CMakeLists.txt": "add_executable(testlib testlib.c)\n",
            "test/testlib.c": "#include <lib/lib.h>\nint main(void) { return lib_init(); }\n",
            # Another project's folder with two licences, neither the root's holder.
            "deps/z/COPYING": "Placed in the public domain.\n",
            "deps/z/LICENSE": "Copyright (c) 2001 Mark Adler\n",
            "deps/z/Makefile": "all:\n",
            "deps/z/z.c": "int z;\n",
        }
    )
    assert reasons(repo) == {
        p: "vendored" for p in ("deps/z/COPYING", "deps/z/LICENSE", "deps/z/Makefile", "deps/z/z.c")
    }


def test_a_vendors_sources_without_a_licence_file_are_another_project(make_repo) -> None:
    def c_file(holder: str, include: str = "") -> str:
        return f"/*\n * Copyright (C) 2014 {holder} - All rights reserved.\n */\n{include}int f;\n"

    vendor = "Chip Maker Incorporated"
    repo = make_repo(
        {
            # a long licence text first must not hide the holder the project's LICENSE names
            "COPYING": "GNU GENERAL PUBLIC LICENSE\nCopyright (C) 1989 Free Software Foundation\n"
            + "Terms and conditions.\n" * 300,
            "LICENSE": MIT.format(year=2020, holder="Main Author"),
            "py/runtime.h": c_file("Main Author"),
            # a vendor's driver library: every file names the vendor, none includes ours
            **{
                f"ports/board/hal/{n}.c": c_file(vendor, '#include "inc/hw.h"\n') for n in "abcdefg"
            },
            "ports/board/hal/inc/hw.h": c_file(vendor),
            # a contributor's module: one other name in every file, built on our headers
            **{
                f"ports/board/mods/m{i}.c": c_file("Jane Contributor", '#include "py/runtime.h"\n')
                for i in range(8)
            },
            # a few files of another contributor's that include nothing of ours
            **{f"ports/other/device/s{i}.c": c_file("Joe Porter") for i in range(4)},
            # the project's own files, its holder named in the LICENSE after the GPL text
            **{f"extmod/x/e{i}.c": c_file("Main Author") for i in range(8)},
        }
    )
    left_out = reasons(repo)
    assert {p for p in left_out if "/hal/" in p} == {
        *(f"ports/board/hal/{n}.c" for n in "abcdefg"),
        "ports/board/hal/inc/hw.h",
    }
    assert set(left_out) == {p for p in left_out if "/hal/" in p}


def test_single_files_of_other_projects_beside_the_projects_own_are_left_out(make_repo) -> None:
    bsd = "/*\n * Copyright (c) 2012 Hash Author\n * Redistribution and use in source and binary forms...\n */\n"
    hash_lib = (
        bsd + "#include <stddef.h>\n" + "static int xxh_round(int a) { return a * 31; }\n" * 2500
    )
    own_big = (
        "/* Copyright (c) 2003 Server Ltd.\n * Redistribution and use in source and binary forms...\n */\n"
        + "static int step(int a) { return a + 1; }\n" * 2500
    )
    repo = make_repo(
        {
            "LICENSE": BSD.format(year=2003, holder="Server Ltd."),
            "server.c": '#include "server.h"\n#include "xxhash.h"\n#include "ring.h"\nint main;\n',
            "server.h": "int serve(void);\n",
            # a hash library in one large header, by another author, including nothing of ours
            "xxhash.h": hash_lib,
            # a ring buffer with its author's licence beside it, named after it
            "ring.c": '/* Copyright (c) 2011, Ring Author */\n#include "ring.h"\nint ring_new;\n',
            "ring.h": "int ring_new(void);\n",
            "LICENSE.ring": BSD.format(year=2011, holder="Ring Author"),
            # a parser generator in one file, dedicated to the public domain
            "src/lemon.c": "/*\n** The author of this program disclaims copyright.\n*/\n"
            "#include <stdio.h>\n" + "static int lemon_step(int a) { return a; }\n" * 2500,
            # the project's own large files: its holder, or built on its headers
            "engine.c": own_big,
            "tables.c": bsd + '#include "server.h"\n' + "int t(int a) { return a; }\n" * 4000,
        }
    )
    assert reasons(repo) == {
        "xxhash.h": "vendored",
        "ring.c": "vendored",
        "ring.h": "vendored",
        "src/lemon.c": "vendored",
    }


def test_large_c_files_are_read_only_as_far_as_their_leading_comment(make_repo) -> None:
    from repoview.vendored import find_vendored

    notice = "/* Copyright (c) 2012 Hash Author\n * Redistribution and use in source... */\n"
    texts = {
        "LICENSE": BSD.format(year=2003, holder="Server Ltd."),
        "server.c": '#include "server.h"\nint main;\n',
        "server.h": "int serve(void);\n",
        "xxhash.h": notice + "#include <stddef.h>\n" + "static int r(int a) { return a; }\n" * 4000,
        # the project's own large files: their leading comments are enough to tell
        "engine.c": "/* Copyright (c) 2003 Server Ltd. */\n"
        + "int f(int a) { return a; }\n" * 5000,
        "tables.c": "/* step tables */\n" + "int t(int a) { return a; }\n" * 5000,
    }
    bytes_read: dict[str, int] = {}

    def read(paths: list[str], head: int = 0) -> dict[str, str]:
        got = {p: texts[p][:head] if head else texts[p] for p in paths if p in texts}
        for p, text in got.items():
            bytes_read[p] = bytes_read.get(p, 0) + len(text)
        return got

    sizes = {p: len(t) for p, t in texts.items()}
    assert find_vendored(texts, read, sizes) == {
        "xxhash.h": "a single-file library (copyright Hash Author)"
    }
    assert bytes_read["engine.c"] <= 8000 and bytes_read["tables.c"] <= 8000
    # and a pack of a commit, read from the object store, judges them alike
    repo = make_repo(texts)
    assert reasons(repo) == {"xxhash.h": "vendored"}
    excluded = build_pack(PackOptions(path=repo, rev="HEAD", cache=False)).excluded
    assert {e.path: e.reason for e in excluded} == {"xxhash.h": "vendored"}


def test_a_licence_named_for_its_format_is_not_taken_for_a_files_own(make_repo) -> None:
    # a markdown library's md.c beside its LICENSE.md: the licence is still the root's
    repo = make_repo(
        {
            "LICENSE.md": MIT.format(year=2016, holder="Markdown Author"),
            "md.c": '/* Copyright (c) 2016 Markdown Author */\n#include "md.h"\nint md;\n',
            "md.h": "int md_parse(void);\n",
            "contrib/zlib/LICENSE": BSD.format(year=1995, holder="Jean-loup Gailly"),
            "contrib/zlib/deflate.c": "/* Copyright (C) 1995 Jean-loup Gailly */\nint deflate;\n",
            "contrib/zlib/inflate.c": "/* Copyright (C) 1995 Jean-loup Gailly */\nint inflate;\n",
        }
    )
    got = reasons(repo)
    assert got.get("contrib/zlib/deflate.c") == "vendored"
    assert "md.c" not in got


def test_a_top_level_deps_folder_of_the_projects_own_module_or_workspace_is_kept(
    make_repo,
) -> None:
    """`deps/` at the top is another project's, unless it builds as part of the repository:
    a package of the root's Go module, or a member its workspace declares."""
    go = make_repo(
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "deps/deps.go": "package deps\n\ntype Deps struct{ Name string }\n",
            "site/site.go": 'package site\n\nimport "example.com/app/deps"\n\nvar D deps.Deps\n',
            # a module of its own inside: the folder is not wholly the root module's
            "deps/yaml/go.mod": "module gopkg.in/yaml.v3\n",
            "deps/yaml/yaml.go": "package yaml\n",
        }
    )
    got = reasons(go)
    assert got["deps/deps.go"] == "vendored" and got["deps/yaml/yaml.go"] == "vendored"
    own = make_repo(
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "deps/deps.go": "package deps\n\ntype Deps struct{ Name string }\n",
            "deps/testdata/site.json": "{}\n",
            "site/site.go": 'package site\n\nimport "example.com/app/deps"\n\nvar D deps.Deps\n',
            # a C library bundled beside the package, without a licence: not the module's
            "deps/clib/Makefile": "all:\n",
            "deps/clib/src/clib.c": "int clib;\n",
        }
    )
    pack = build_pack(PackOptions(path=own, cache=False))
    assert {e.path: e.reason for e in pack.excluded} == {
        "deps/clib/Makefile": "vendored",
        "deps/clib/src/clib.c": "vendored",
    }
    site = next(f for f in pack.files if f.path == "site/site.go")
    assert site.imports == ["deps/deps.go"]
    cargo = make_repo(
        {
            "Cargo.toml": '[workspace]\nmembers = ["app", "deps/shim"]\n',
            "app/src/main.rs": "fn main() {}\n",
            "deps/shim/Cargo.toml": '[package]\nname = "shim"\n',
            "deps/shim/src/lib.rs": "pub fn shim() {}\n",
            "deps/zlib/zlib.c": "int z;\n",
        }
    )
    got = reasons(cargo)
    assert "deps/shim/src/lib.rs" not in got and "deps/shim/Cargo.toml" not in got
    assert got["deps/zlib/zlib.c"] == "vendored"
    # Without a go.mod at the root, a deps/ of Go files is still another project's.
    assert reasons(make_repo({"deps/x/x.go": "package x\n", "main.c": "int main;\n"})) == {
        "deps/x/x.go": "vendored"
    }


def test_the_pack_says_where_the_code_it_left_out_is(make_repo) -> None:
    # The code shown includes what a vendored folder and a generated file define: the
    # closing part names them (a folder once, with its count), so the model knows they
    # exist and why they are not shown.
    repo = make_repo(
        {
            "LICENSE.txt": MIT.format(year=2024, holder="Server Ltd."),
            "src/server.c": '#include "lua.h"\n#include "commands.def"\nint main(void) { return 0; }\n',
            "src/commands.def": "/* Automatically generated by utils/gen.py, do not edit. */\nX(get)\n",
            "deps/lua/src/lua.h": "int lua_call(void);\n",
            "deps/lua/src/lapi.c": "int lua_call(void) { return 0; }\n",
            "deps/lua/COPYRIGHT": MIT.format(year=1994, holder="Lua.org, PUC-Rio"),
            "deps/Makefile": "all:\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    summary = pack.output[pack.output.index("<summary>") :]
    assert "other projects' code and generated files" in summary
    assert "deps/ (vendored, 4 files)" in summary
    assert "src/commands.def (generated" in summary
    assert "lapi.c" not in summary  # (a folder is named once, not file by file)


def test_generated_files_made_alike_under_one_folder_are_named_once(make_repo) -> None:
    # An API client's 30 generated files named one by one took the twelve names the
    # closing part gives, and the vendored folder the code imports was never named.
    made = "// This file is auto-generated by @hey-api/openapi-ts\nexport type X = 1;\n"
    files = {f"api/test/routers/r{i}/types.gen.ts": made for i in range(10)}
    files |= {f"api/test/routers/r{i}/sdk.gen.ts": made for i in range(10)}
    files |= {f"api/test/routers/r{i}/index.ts": made for i in range(10)}
    setup = "// Auto-generated by @tanstack/intent setup\nexport {};\n"
    files |= {f"packages/{p}/bin/intent.js": setup for p in ("client", "server", "next", "react")}
    files |= {
        "src/vendor/unpromise/index.ts": "export class Unpromise {}\n",
        "src/vendor/unpromise/LICENSE": MIT.format(year=2023, holder="Someone Else"),
        "src/app.ts": "import { Unpromise } from './vendor/unpromise';\n",
        "LICENSE": MIT.format(year=2024, holder="App Ltd."),
    }
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    summary = pack.output[pack.output.index("<summary>") :]
    named = summary[summary.index("(the code here may use what they define): ") :]
    assert named.split(": ", 1)[1].startswith("src/vendor/ (vendored, 2 files)")
    assert "api/test/routers/ (30 files, generated: // This file is auto-generated" in summary
    assert "types.gen.ts" not in summary
    # Each alone in a folder of its own: four names, not `packages/`.
    assert summary.count("/bin/intent.js (generated") == 4 and "packages/ (" not in summary


def test_an_amalgamated_library_goes_with_its_own_headers(make_repo) -> None:
    mit = "/*\n Copyright (c) 2007-2010 by Json Author and The JsonLib Authors\n Permission is hereby granted, free of charge...\n*/\n"
    repo = make_repo(
        {
            "LICENSE": BSD.format(year=2018, holder="The Parser Authors"),
            "src/parser.cpp": '#include "parser.h"\nint parse;\n',
            "src/parser.h": "int parse(void);\n",
            # another project's amalgamation and the header it ships, both under its notice
            "bench/jsonlib/jsonlib.cpp": mit
            + '#include "json/json.h"\n'
            + "static int jl_step(int a) { return a * 3; }\n" * 2500,
            "bench/jsonlib/json/json.h": mit + "int jl_parse(const char *);\n",
            # the project's own large file under another's notice, built on its header
            "src/tables.cpp": mit + '#include "parser.h"\n' + "int t(int a) { return a; }\n" * 4000,
            # a top-level dependencies/ folder is outside code, as deps/ is
            "dependencies/CMakeLists.txt": "add_subdirectory(zlib)\n",
            "dependencies/zlib/zlib.h": "int deflate(void);\n",
        }
    )
    assert reasons(repo) == {
        "bench/jsonlib/jsonlib.cpp": "vendored",
        "bench/jsonlib/json/json.h": "vendored",
        "dependencies/CMakeLists.txt": "vendored",
        "dependencies/zlib/zlib.h": "vendored",
    }


def test_a_pack_or_manifest_repoview_wrote_is_not_packed_again(cli, make_repo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"app.py": "def main():\n    return 1\n", "README.md": "# App\n"})
    for fmt in ("xml", "markdown", "plain", "json"):
        # (a header the team gives its packs comes first)
        head = ["--header-text", "Team notes:\nread the README first"] if fmt != "xml" else []
        r = cli("pack", str(repo), "--format", fmt, "-o", str(repo / f"pack.{fmt}"), "-q", *head)
        assert r.code == 0, r.err
    r = cli("pack", str(repo), "-o", str(repo / "pack.xml"), "--manifest", str(repo / "m.json"))
    assert r.code == 0, r.err
    r = cli(
        "pack", str(repo), "-o", str(tmp_path / "again.xml"), "--manifest", str(tmp_path / "m.json")
    )
    assert r.code == 0, r.err
    manifest = json.loads((tmp_path / "m.json").read_text())
    assert sorted(f["path"] for f in manifest["files"]) == ["README.md", "app.py"]
    left = {e["path"]: e.get("detail") for e in manifest["excluded"]}
    assert left == {
        "pack.xml": "a pack repoview wrote",
        "pack.markdown": "a pack repoview wrote",
        "pack.plain": "a pack repoview wrote",
        "pack.json": "a pack repoview wrote",
        "m.json": "a manifest repoview wrote",
    }
    assert (
        "This is a packed copy" not in (tmp_path / "again.xml").read_text().split("</pack_info>")[1]
    )


def test_a_template_and_the_readme_made_from_it_stay_and_an_amalgamation_goes(make_repo) -> None:
    note = (
        "<!-- Do not edit this file.  It is generated automatically from\n"
        "README.template and MANUAL.txt via the command: make README.md -->\n\n"
    )
    amalgam = (
        "//  Catch v3.7.1\n//  Generated: 2024-09-17 10:36:40\n//  ---------\n"
        "//  This file is an amalgamation of multiple different files.\n"
        "//  You probably shouldn't edit it directly.\n\n" + "namespace Catch { int f(); }\n" * 40
    )
    repo = make_repo(
        {
            "README.md": note + "# Pandoc\n\nA universal converter.\n",
            "README.template": note + "# Pandoc\n\n$manual$\n",
            "docs/USAGE.md": note + "# Usage\n",
            # a template's generator tag holds a variable: the template is no page it made
            "data/templates/default.html5": (
                '<!DOCTYPE html>\n<html>\n<head>\n<meta name="generator" '
                'content="pandoc $pandoc-version$" />\n<title>$pagetitle$</title>\n</head>\n'
                "<body>\n$body$\n</body>\n</html>\n"
            ),
            "site/index.html": (
                '<!DOCTYPE html>\n<html>\n<head>\n<meta name="generator" content="pandoc 3.1" />'
                "\n</head>\n<body><p>Made.</p></body>\n</html>\n"
            ),
            "extras/catch_amalgamated.hpp": amalgam,
            "src/catch2/catch_session.hpp": "namespace Catch { int f(); }\n",
        }
    )
    assert reasons(repo) == {
        "docs/USAGE.md": "generated",  # (made from the template, below the root)
        "site/index.html": "generated",
        "extras/catch_amalgamated.hpp": "generated",
    }


def test_a_few_generated_files_under_one_folder_are_each_named(make_repo) -> None:
    made = "/* This file is generated by scripts/process-messages/index.js. Do not edit! */\n"
    files: dict[str, str | bytes] = {
        f"src/{part}/{kind}.js": made + "export function e() {}\n"
        for part in ("compiler", "internal/client", "internal/server")
        for kind in ("errors", "warnings")
    }
    files["src/index.js"] = "import * as e from './compiler/errors.js';\n"
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    summary = pack.output[pack.output.index("<summary>") :]
    # (the code calls `e.*` and `w.*` everywhere: the model is told which files those are)
    assert "src/ (6 files, generated: " in summary
    assert (
        "): compiler/errors.js, compiler/warnings.js, internal/client/errors.js, "
        "internal/client/warnings.js, internal/server/errors.js, internal/server/warnings.js"
    ) in summary


def test_a_pages_front_matter_note_that_it_is_generated_marks_it() -> None:
    page = "---\ntitle: History\nnote: This file is autogenerated. Edit /History.markdown instead.\n---\n"
    assert generated_marker(page + "## 4.4.1\n", "docs/_docs/history.md") == (
        "note: This file is autogenerated. Edit /History.markdown instead."
    )
    windows = "\ufeff" + (page + "## 4.4.1\n").replace("\n", "\r\n")
    assert generated_marker(windows, "docs/_docs/history.md") == (
        "note: This file is autogenerated. Edit /History.markdown instead."
    )
    # a page about generated files, and a note that is no marker, are the site's own
    about = "---\ntitle: Generated files\ndescription: How auto-generated files are kept\n---\n"
    assert generated_marker(about + "Text\n", "docs/generated.md") is None
    kept = "---\nnote: Edit this page on GitHub\n---\nDo not edit... the code, not this.\n"
    assert generated_marker(kept, "docs/edit.md") is None


# Apache's licence names no holder, and speaks of copyright owners, notices and works.
APACHE = (
    "                                 Apache License\n"
    "                           Version 2.0, January 2004\n\n"
    '   "Licensor" shall mean the copyright owner or entity authorized by\n'
    "   the copyright owner that is granting the License.\n\n"
    '   "Contribution" shall mean any work of authorship, including\n'
    "   the original version of the Work, that is intentionally submitted to the\n"
    "   Licensor for inclusion in the Work by the copyright owner.\n"
    "   copyright notice that is included in or attached to the work\n"
)
MIT_FULL = (
    "MIT License\n\nCopyright (c) {year} {holder}\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy...\n\n"
    "The above copyright notice and this permission notice shall be included in all\n"
    "copies or substantial portions of the Software.\n"
)


def test_libraries_bundled_into_an_apache_project_are_another_projects(make_repo) -> None:
    repo = make_repo(
        {
            "LICENSE": APACHE,
            "CMakeLists.txt": "add_subdirectory(lib)\n",
            "src/engine.c": '#include "engine.h"\nint run(void) { return 0; }\n',
            "src/engine.h": "int run(void);\n",
            # Another holder under MIT: the licences' own words are no holder they share.
            "lib/json/LICENSE": MIT_FULL.format(year=2020, holder="YaoYuan"),
            "lib/json/CMakeLists.txt": "project(json)\n",
            "lib/json/json.c": "int json;\n",
            # Apache's text again, but a release: named for its version...
            "lib/wamr-2.4.1/LICENSE": APACHE,
            "lib/wamr-2.4.1/CMakeLists.txt": "project(wamr)\n",
            "lib/wamr-2.4.1/wasm.c": "int wasm;\n",
            # ...or carrying a release's own files.
            "lib/avro/LICENSE": APACHE,
            "lib/avro/CMakeLists.txt": "project(avro)\n",
            "lib/avro/NEWS": "1.8.0: first release\n",
            "lib/avro/AUTHORS": "The Avro developers\n",
            "lib/avro/avro.c": "int avro;\n",
            # A public-domain amalgamation with its build file, named for its release.
            "lib/sqlite-amalgamation-3510100/CMakeLists.txt": "add_library(sqlite3 sqlite3.c)\n",
            "lib/sqlite-amalgamation-3510100/sqlite3.h": "int sqlite3_open(const char *);\n",
            # ...or a repository of its own: its CI, which runs only at a repository's top.
            "lib/metrics/LICENSE": APACHE,
            "lib/metrics/CMakeLists.txt": "project(metrics)\n",
            "lib/metrics/.github/workflows/build.yaml": "on: push\n",
            "lib/metrics/src/metrics.c": "int metrics;\n",
            # The project's own library, with the root's licence and its build file.
            "lib/core/LICENSE": APACHE,
            "lib/core/CMakeLists.txt": "add_library(core core.c)\n",
            "lib/core/core.c": '#include "../../src/engine.h"\nint core;\n',
        }
    )
    got = reasons(repo)
    for other in (
        "lib/json/json.c",
        "lib/wamr-2.4.1/wasm.c",
        "lib/avro/avro.c",
        "lib/sqlite-amalgamation-3510100/sqlite3.h",
        "lib/metrics/src/metrics.c",
    ):
        assert got.get(other) == "vendored", other
    for own in ("src/engine.c", "lib/core/core.c", "lib/core/CMakeLists.txt"):
        assert own not in got, own


def test_an_apache_project_is_known_by_the_holder_its_own_sources_name(make_repo) -> None:
    # The licence names no one; the project's sources do. A library copied in without its
    # licence, whose sources all name another holder, is another project's.
    own = "/*\n * Copyright (C) Igor Petrov\n * Copyright (C) The Acme Engine Authors\n */\n"
    # (the project's own binding names its second holder only)
    ours = "/*\n * Copyright (C) The Acme Engine Authors\n */\n"
    other = "/*\n * Geo routines\n * Copyright (C) 2008-2009 Jane Roe\n */\n"
    files = {"LICENSE": APACHE, "CMakeLists.txt": "add_subdirectory(src)\n"}
    for i in range(4):
        files[f"src/engine{i}.c"] = own + f"int engine{i};\n"
    for i in range(6):
        files[f"plugins/geo/libgeo/geo{i}.c"] = other + f"int geo{i};\n"
    files["plugins/geo/geo_plugin.c"] = own + '#include "libgeo/geo0.c"\nint plugin;\n'
    for i in range(6):
        files[f"src/java/jni{i}.c"] = ours + f"int jni{i};\n"
    got = reasons(make_repo(files))
    assert all(got.get(f"plugins/geo/libgeo/geo{i}.c") == "vendored" for i in range(6)), got
    assert "plugins/geo/geo_plugin.c" not in got and "src/engine0.c" not in got
    assert not any(p.startswith("src/java/") for p in got), got


GPL = (
    "                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n\n"
    " Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>\n"
    " Everyone is permitted to copy and distribute verbatim copies\n"
)


def test_a_gnu_tree_keeps_its_programs_with_their_own_news_and_changelog(make_repo) -> None:
    # binutils-gdb: each program a release of its own (COPYING, NEWS, ChangeLog, build
    # files), all under the root's licence and holder.
    files = {"COPYING": GPL, "Makefile.in": "all:\n", "configure": "#!/bin/sh\n"}
    for prog in ("gdb", "gas"):
        files.update(
            {
                f"{prog}/COPYING": GPL,
                f"{prog}/NEWS": "* Changes since the last release\n",
                f"{prog}/ChangeLog": "2024-01-01  A. Hacker\n",
                f"{prog}/Makefile.in": "all:\n",
                f"{prog}/{prog}.c": "int main(void) { return 0; }\n",
            }
        )
    # ...while a library named for its release is still another project's.
    files["zlib-1.3.1/LICENSE"] = "(C) 1995-2024 Jean-loup Gailly and Mark Adler\n"
    files["zlib-1.3.1/Makefile.in"] = "all:\n"
    files["zlib-1.3.1/deflate.c"] = "int deflate;\n"
    got = reasons(make_repo(files))
    assert "gdb/gdb.c" not in got and "gas/gas.c" not in got, got
    assert got.get("zlib-1.3.1/deflate.c") == "vendored"


ISC = (
    "/*\n * Copyright (c) 2011 Jane Roe <jane@example.org>\n *\n"
    " * Permission to use, copy, modify, and distribute this software for any\n"
    " * purpose with or without fee is hereby granted.\n */\n"
)


def test_a_root_notice_that_names_no_one_leaves_the_projects_large_files_its_own(
    make_repo,
) -> None:
    # tmux: "Copyright (c) Various Authors" at the root; its large header and sources name
    # their author, as every file of the project does.
    files = {
        "COPYING": "THIS IS FOR INFORMATION ONLY.\n\nCopyright (c) Various Authors\n",
        "Makefile.am": "bin_PROGRAMS = app\n",
        "app.h": ISC + '#include "compat.h"\n' + "int shared_state;\n" * 9000,
        "compat.h": ISC + "#define COMPAT 1\n",
    }
    for i in range(6):
        files[f"cmd-{i}.c"] = ISC + f'#include "app.h"\nint cmd_{i}(void) {{ return {i}; }}\n'
    assert reasons(make_repo(files)) == {}


def test_a_package_inside_the_projects_package_is_its_own_under_any_licence(make_repo) -> None:
    # numpy/random: a subpackage with its author's licence and its own meson.build.
    files = {
        "LICENSE.txt": "Copyright (c) 2005-2025, NumPy Developers.\nAll rights reserved.\n",
        "pyproject.toml": "[project]\nname = 'num'\n",
        "num/__init__.py": "from . import random\n",
        "num/core.py": "def add(a, b):\n    return a + b\n",
        "num/random/__init__.py": "from ._gen import default_rng\n",
        "num/random/_gen.py": "def default_rng(seed=None):\n    return seed\n",
        "num/random/meson.build": "py.install_sources(['_gen.py'])\n",
        "num/random/LICENSE.md": MIT.format(year=2019, holder="Kevin Roe"),
        # ...while a package bundled with its own setup goes (ansible's `distro/`), and so
        # does a library bundled at the root with its licence and build files
        "num/utils/__init__.py": "",
        "num/utils/distro/__init__.py": "from .distro import name\n",
        "num/utils/distro/distro.py": "def name():\n    return 'linux'\n",
        "num/utils/distro/setup.py": "from setuptools import setup\nsetup(name='distro')\n",
        "num/utils/distro/LICENSE": MIT.format(year=2015, holder="Nir Cohen"),
        "libfoo/LICENSE": MIT.format(year=2019, holder="Foo Authors Ltd"),
        "libfoo/meson.build": "project('foo', 'c')\n",
        "libfoo/foo.c": "int foo(void) { return 1; }\n",
    }
    got = reasons(make_repo(files))
    assert not any(p.startswith("num/") and "/distro/" not in p for p in got), got
    assert got.get("num/utils/distro/distro.py") == "vendored", got
    assert got.get("libfoo/foo.c") == "vendored", got


def test_a_system_header_is_not_the_projects_header_of_the_same_name() -> None:
    from repoview.vendored import find_vendored

    # haproxy: `#include <limits.h>` in a bundled xxhash.h is the C library's, not
    # `include/proj/limits.h`; `<proj/api.h>` and a quoted name still reach the project.
    notice = "/* Copyright (c) 2012 Hash Author\n * Redistribution and use in source... */\n"
    body = "static int r(int a) { return a; }\n" * 4000
    texts = {
        "LICENSE": BSD.format(year=2003, holder="Server Ltd."),
        "src/server.c": "#include <proj/limits.h>\nint main;\n",
        "include/proj/limits.h": "/* Copyright (c) 2003 Server Ltd. */\n#define MAXN 8\n",
        "include/import/xxhash.h": notice + "#include <limits.h>\n#include <stddef.h>\n" + body,
        "include/import/glue.h": notice + "#include <proj/limits.h>\n" + body,
    }

    def read(paths: list[str], head: int = 0) -> dict[str, str]:
        return {p: texts[p][:head] if head else texts[p] for p in paths if p in texts}

    found = find_vendored(texts, read, {p: len(t) for p, t in texts.items()})
    assert found == {"include/import/xxhash.h": "a single-file library (copyright Hash Author)"}


def test_a_file_that_says_it_is_a_copy_of_another_projects_is_left_out(make_repo) -> None:
    # A client library's type declarations copied whole into a driver took a tenth of a
    # 128k pack; the note atop them said whose they were.
    body = "".join(
        f"export interface Option{i} {{ name: string; value{i}: number }}\n" for i in range(200)
    )
    gpl = (
        "/*\n * You should have received a copy of the GNU General Public License\n"
        " * along with this program.  If not, see <https://www.gnu.org/licenses/>.\n */\n"
    )
    repo = make_repo(
        {
            "src/driver/typings.ts": (
                "/**\n * Content of this file below the imports is a copy of client.d.ts from\n"
                " * the version of the client package in package.json.\n */\n" + body
            ),
            "src/util/sort.go": "// Copied from https://example.org/go/src/sort/sort.go\n" + body,
            "src/driver/driver.ts": "import type { Option1 } from './typings'\n" + body,
            "src/licensed.c": gpl + body,  # a licence's "a copy of" is no copy
            # a note on a test, below the code: not the file's
            "tests/test_pack.py": "import pack\n\n\ndef test_pack():\n    # Copied from the docstring.\n"
            + "    assert pack.pack(1) == 1\n" * 300,
            "src/small.ts": "// Copied from https://example.org/snippet\nexport const x = 1\n",
            # a part of it, a copy of the repository's own file, a note with no source
            "src/parts.py": "# Parts of this file were copied from CPython.\n" + body,
            "src/mirror.ts": "// This file is copied from ../driver/driver.ts\n" + body,
            "src/reply.ts": "// copied from the server's response\n" + body,
            # what a vendored copy says of itself, over comment lines too
            "src/compat/version.py": "# Vendored copy of distutils/version.py from CPython\n"
            + body,
            "src/six.py": "# This code is strewn with checks.  This is also an\n# upstream "
            "vendored file that we're not going to modify on our own\n#\n" + body,
            # the project's own code, which speaks of vendoring
            "src/boot.py": "# make vendored top-level modules accessible early\n" + body,
            "src/compat.h": "/* This header is designed to be vendored in full by others. */\n"
            + body,
            "src/own.py": "# This is not a vendored file: it is ours.\n" + body,
            "src/compat/six_shim.py": "# Vendored version of six is used when the system one "
            "is missing.\n" + body,
            "src/schema.py": "# vendored copy of the schema lives in third_party/; keep in sync\n"
            + body,
            "src/mirror.py": "# Vendored copy of ../core/utils.py\n" + body,
            "src/was.py": "# This was a vendored module until 2.0; it is maintained here.\n" + body,
            "src/lister.py": "# This is a vendored file list generator.\n" + body,
            # a note with a token in its URL, and Windows line endings
            "src/fetched.go": "// Copied from https://bot:ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVc@"
            "git.example.org/x.go\r\n" + body.replace("\n", "\r\n"),
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    left = {e.path: e for e in pack.excluded}
    assert {p for p, e in left.items() if e.reason == "vendored"} == {
        "src/driver/typings.ts",
        "src/util/sort.go",
        "src/fetched.go",
        "src/compat/version.py",
        "src/six.py",
    }
    assert left["src/six.py"].detail == (
        "a copy of another project's file, its first lines say (upstream vendored file that "
        "we're not going to modify on ...)"
    )
    fetched = left["src/fetched.go"].detail
    assert "ghp_" not in fetched and "[REDACTED:github-token]" in fetched and "\r" not in fetched
    assert left["src/driver/typings.ts"].detail == (
        "a copy of another project's file, its first lines say (client.d.ts from the version "
        "of the client package in ...)"
    )
    summary = pack.output[pack.output.index("<summary>") :]
    assert "src/driver/typings.ts (vendored)" in summary and "src/driver/ (" not in summary
    kept = build_pack(PackOptions(path=repo, cache=False, default_excludes=False))
    assert "src/driver/typings.ts" in {f.path for f in kept.files}


def test_an_include_that_matches_only_files_left_out_by_default_says_so(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "src/main.c": '#include "lua.h"\nint main(void) { return 0; }\n',
            "deps/lua/lua.h": "/* Copyright Lua.org */\nint lua_call(void);\n",
            "deps/lua/Makefile": "all:\n",
            "deps/lua/LICENSE": "Copyright (C) 1994 Lua.org, PUC-Rio.\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False, include=("deps/**",)))
    assert not any(f.carrier for f in pack.files)
    assert pack.warnings == [
        "--include keeps no file with text: 3 of the files it matches are left out by "
        "default (3 vendored); --no-default-excludes keeps them"
    ]
    r = cli("pack", str(repo), "--include", "deps/**", "-o", str(repo.parent / "p.xml"))
    assert r.code == 0 and "warning   --include keeps no file with text: 3 of the" in r.err
    # An include that keeps some text says nothing of what the defaults left out beside it.
    assert build_pack(PackOptions(path=repo, cache=False, include=("**/*.[ch]",))).warnings == []


def test_a_source_file_of_one_line_past_100k_characters_is_generated(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            # spaced as prose is, but code: 20,000 methods on one line, a table as one statement
            "lib/oneline.rb": "def a1; 1; end; " * 20_000,
            "pkg/table.py": "DATA = [" + ", ".join(f"{i * 1.5}" for i in range(20_000)) + "]\n",
            # prose a paragraph a line, and a source file whose long line comes after others
            "notes.txt": "word " * 30_000,
            "lib/long.rb": "x = 1\n" + "def a1; 1; end; " * 20_000,
            "main.rb": "puts 1\n",
        }
    )
    assert reasons(repo) == {"lib/oneline.rb": "generated", "pkg/table.py": "generated"}


def test_a_licensed_folder_is_named_once_however_deep_its_files(make_repo) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {
        "LICENSE": MIT.format(year=2024, holder="Server Ltd."),
        "src/main.c": "int main(void) { return 0; }\n",
        "lib/ext/LICENSE": BSD.format(year=2010, holder="Other Corp"),
        "lib/ext/Makefile": "all:\n",
    }
    for folder in ("a", "a/b", "c"):
        for i in range(3):
            files[f"lib/ext/{folder}/f{i}.c"] = f"/* Copyright Other Corp */\nint f{i}(void);\n"
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    summary = pack.output[pack.output.index("<summary>") :]
    assert "lib/ext/ (vendored, 11 files)." in summary and "lib/ext/a/" not in summary


def test_a_pyproject_whose_tool_table_is_no_table_is_read(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(
        {
            "pyproject.toml": '[tool]\nuv = "x"\n',
            "ext/LICENSE": "Copyright 2008 Other Corp\n",
            "ext/Makefile": "all:\n",
            "ext/x.c": "/* Copyright 2008 Other Corp */\nint x;\n",
        }
    )
    assert reasons(repo) == {
        "ext/LICENSE": "vendored",
        "ext/Makefile": "vendored",
        "ext/x.c": "vendored",
    }
