"""Roles that follow a language's or a tool's convention rather than a folder's plain name:
a Go package in `doc/`, Jest's and jscodeshift's test folders, a test runner's setup files,
a qualified tool config, and what an example under `build/` holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from repoview.analyze.languages import detect_language, detect_role, refine_language
from repoview.packer import PackOptions, build_pack


def role(path: str, text: str = "export const x = 1\n") -> str:
    name = path.rsplit("/", 1)[-1]
    return detect_role(path, refine_language(detect_language(name), path, text), text)


def roles_of(repo: Path) -> dict[str, str]:
    return {f.path: f.role for f in build_pack(PackOptions(path=repo, cache=False)).files}


GO_DOC = (
    'package doc\n\nimport "example.com/cli"\n\nfunc Gen(c *cli.Command) string { return "" }\n'
)


def test_a_go_package_in_a_doc_folder_is_source_its_snippets_stay_docs(make_repo) -> None:
    repo = make_repo(
        {
            "go.mod": "module example.com/cli\n\ngo 1.21\n",
            "command.go": "package cli\n\ntype Command struct{ Name string }\n",
            "doc/md_docs.go": GO_DOC,
            "doc/md_docs_test.go": 'package doc\n\nimport "testing"\n\nfunc TestGen(t *testing.T) {}\n',
            "doc/README.md": "# Generating docs\n",
            "docs/snippets/hello.go": 'package main\n\nfunc main() { println("hi") }\n',
            "docs/gen.go": "//go:build ignore\n\npackage docs\n\nfunc main() {}\n",
        }
    )
    roles = roles_of(repo)
    assert roles["doc/md_docs.go"] == "source"
    assert roles["doc/md_docs_test.go"] == "test"
    assert roles["doc/README.md"] == "docs"
    # a program the docs show, and a file kept out of every build, are the docs'
    assert roles["docs/snippets/hello.go"] == "docs"
    assert roles["docs/gen.go"] == "docs"
    # other languages' code under a top-level docs folder stays docs (snippets of a manual)
    assert role("docs/manual/Forms.java", "package guide.forms;\n\nclass Forms {}\n") == "docs"


@pytest.mark.parametrize(
    "path",
    [
        "src/transforms/__testfixtures__/rename.input.tsx",
        "src/__mocks__/useQueryClient.ts",
        "src/pages/__testdata__/targets.ts",
        "src/__fixtures__/app.ts",
        "playground/deps/__test__/serve.ts",
    ],
)
def test_jest_and_jscodeshift_test_folders_are_tests(path: str) -> None:
    assert role(path) == "test"


@pytest.mark.parametrize(
    "path",
    [
        "test-setup.ts",
        "packages/react/test-setup.ts",
        "vitest.setup.ts",
        "jest.setup.js",
        "setupJest.cjs",
        "vitestGlobalSetup.ts",
        "jest.setup.after-env.js",
    ],
)
def test_a_test_runners_setup_files_are_tests(path: str) -> None:
    assert role(path, "import { afterEach } from 'vitest'\nafterEach(() => {})\n") == "test"


def test_setup_look_alikes_keep_their_roles() -> None:
    assert role("src/setupProxy.js") == "source"  # a dev server's proxy
    assert role("src/setup.ts") == "source"
    assert role("src/backup-setup.ts") == "source"


@pytest.mark.parametrize(
    "path",
    [
        "packages/devtools/root.eslint.config.js",
        "packages/plugin/root.tsdown.config.js",
        "rolldown.dts.config.ts",
        "vitest.compile.config.ts",
    ],
)
def test_a_tool_config_with_a_qualifier_before_its_name_is_config(path: str) -> None:
    assert role(path, "export default [{ rules: {} }]\n") == "config"


def test_config_look_alikes_keep_their_roles() -> None:
    assert role("src/user.config.service.ts") == "source"
    assert role("src/app/app.config.ts") == "source"


def test_examples_under_a_build_folder_are_examples() -> None:
    main = '#include "lib.h"\n\nint main(void) { return 0; }\n'
    assert role("build/single_file_libs/examples/simple.c", main) == "example"
    assert role("build/single_file_libs/build.sh", "#!/bin/sh\ncc x.c\n") == "build"
    assert role("examples/app/scripts/codegen.ts") == "example"  # the example's own script
    assert role("scripts/codegen.ts") == "build"


def test_an_examples_image_written_as_numbers_is_data() -> None:
    image = "".join(
        ", ".join(f"0x{(i * 7 + j) % 256:02x}" for j in range(12)) + ",\n" for i in range(900)
    )
    assert role("build/single_file_libs/examples/testcard.inl", image) == "data"
    assert role("examples/image.h", "static const unsigned char img[] = {\n" + image + "};\n") == (
        "data"
    )
    # an example's program around its table stays an example
    program = (
        "static const unsigned char img[] = {\n" + image + "};\n\nint main(void)\n{\n"
        "    return img[0];\n}\n"
    )
    assert role("examples/show.c", program) == "example"


def test_a_php_file_that_returns_its_settings_in_config_is_config() -> None:
    settings = "<?php\n\nuse X\\Y;\n\nreturn [\n    'name' => env('APP_NAME', 'App'),\n];\n"
    assert detect_role("config/app.php", "PHP", settings) == "config"
    assert detect_role("config/cache.php", "PHP", "<?php\nreturn array(\n  'a' => 1,\n);\n") == (
        "config"
    )
    # a class in a config folder, and settings returned outside one, are code
    assert detect_role("config/Loader.php", "PHP", "<?php\nclass Loader {}\nreturn [];\n") == (
        "source"
    )
    assert detect_role("src/routes.php", "PHP", settings) == "source"


@pytest.mark.parametrize(
    "path",
    [
        "Src/App/appsettings.Development.json",
        "Src/App/Properties/launchSettings.json",
        "Src/App/App.config",
        "NuGet.Config",
        "Src/Newtonsoft.Json.ruleset",
        "config/prod.secret.exs",
        "apps/web/config/runtime.exs",
    ],
)
def test_dotnet_settings_and_mix_config_are_config(path: str) -> None:
    language = detect_language(path.rsplit("/", 1)[-1])
    assert detect_role(path, language, "") == "config"
