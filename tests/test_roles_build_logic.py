"""Gradle's build of the build, shared tool settings, and a documentation website's code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from repoview.analyze.languages import detect_language, detect_role, doc_sites
from repoview.packer import PackOptions, build_pack


def role(path: str, text: str = "", sites: frozenset[str] = frozenset()) -> str:
    return detect_role(path, detect_language(path.rsplit("/", 1)[-1]), text, sites=sites)


@pytest.mark.parametrize(
    "path",
    [
        "build-logic/src/main/kotlin/acme.jvm-conventions.gradle.kts",
        "build-logic/src/main/kotlin/Versions.kt",
        "buildSrc/src/main/kotlin/Deps.kt",
        "buildSrc/src/main/groovy/acme.java-conventions.gradle",
        "gradle/plugins/acme.publish.gradle.kts",
        "core/build.gradle.kts",
    ],
)
def test_gradle_build_logic_is_build(path: str) -> None:
    assert role(path, "fun x() = 1\n") == "build"


@pytest.mark.parametrize(
    "path", ["eslint.config.base.js", "packages/a/vite.config.shared.ts", "eslint.config.mjs"]
)
def test_shared_tool_settings_are_config(path: str) -> None:
    assert role(path, "export default { rules: {} };\n") == "config"


def test_look_alikes_keep_their_roles() -> None:
    assert role("src/main/kotlin/acme/Logic.kt", "class Logic\n") == "source"
    assert role("src/app/router.config.ts", "export const x = 1;\n") == "config"
    assert role("src/app/config.test.ts", "test('x', () => {});\n") == "test"
    assert role("settings.gradle.kts", 'include(":core")\n') == "config"
    service = "@Injectable()\nexport class UserConfigService {}\n"
    assert role("src/app/user.config.service.ts", service) == "source"


def test_doc_sites_are_top_level_folders_with_a_site_generator() -> None:
    tree = [
        "www/docusaurus.config.ts",
        "www/src/components/Features.tsx",
        "site/.vitepress/config.mts",
        "packages/templates/classic/docusaurus.config.js",
        "docusaurus.config.js",
        "web/theme.config.tsx",
    ]
    assert doc_sites(tree) == {"www", "site"}


def test_a_documentation_website_is_docs(make_repo: Callable[..., Path]) -> None:
    repo = make_repo(
        {
            "www/package.json": '{"name": "www", "dependencies": {"@docusaurus/core": "3"}}\n',
            "www/docusaurus.config.ts": "export default { title: 'Lib' };\n",
            "www/sidebars.ts": "export default { docs: ['intro'] };\n",
            "www/tailwind.config.ts": "export default { content: [] };\n",
            "www/src/components/Features.tsx": "export function Features() { return null; }\n",
            "www/docs/intro.md": "# Intro\n",
            "packages/lib/src/index.ts": "export const lib = 1;\n",
            "app/src/index.ts": "export const app = 1;\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    roles = {f.path: f.role for f in pack.files}
    assert roles["www/src/components/Features.tsx"] == "docs"
    assert roles["www/sidebars.ts"] == "docs"
    assert roles["www/docs/intro.md"] == "docs"
    assert roles["www/package.json"] == "build"
    assert roles["www/tailwind.config.ts"] == roles["www/docusaurus.config.ts"] == "config"
    assert roles["packages/lib/src/index.ts"] == "source"
    assert roles["app/src/index.ts"] == "source"


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("build.sh", "build"),
        ("compile-ios.sh", "build"),
        ("deploy_website.sh", "build"),
        ("release.ps1", "build"),
        # a tool's own script, a script not named for the build, one the code ships
        ("nvm.sh", "source"),
        ("builder.sh", "source"),
        ("lib/ansible/executor/powershell/bootstrap_wrapper.ps1", "source"),
    ],
)
def test_a_root_script_named_for_the_build_is_build(path: str, role: str) -> None:
    assert detect_role(path, detect_language(path), "#!/bin/sh\nset -e\nmake all\n") == role
