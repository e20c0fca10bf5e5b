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
