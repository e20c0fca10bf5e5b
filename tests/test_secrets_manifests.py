"""A package manifest's dependency versions are not secrets, whatever the package is called."""

from __future__ import annotations

import json
import random
import string
import subprocess
from pathlib import Path

from repoview.packer import PackOptions, build_pack
from repoview.secrets import explain, find, redact


def rand(n: int, seed: int = 3) -> str:
    """A random-looking value built at run time (no credential-shaped literal in the source)."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


DEPENDENCIES = {
    "next-auth": "npm:next-auth@^4.24.11",
    "better-auth": "^1.2.3-alpha.20250101",
    "legacy-auth": "^4.24.5-beta.1 || ~5.0.0-rc.3",
    "local-auth": "workspace:^",
    "forked-auth": "git+https://github.com/acme/forked-auth.git#v1.2.3-fix",
    "file-auth": "file:../packages/file-auth",
}


def manifest(extra: dict[str, str] | None = None) -> str:
    return json.dumps(
        {
            "name": "app",
            "dependencies": DEPENDENCIES | (extra or {}),
            "devDependencies": {"@acme/test-auth": "^0.0.0-canary.20250101"},
            "pnpm": {"overrides": {"old-auth": ">=2.1.0-next.4 <3"}},
            "overrides": {"parent": {"nested-auth": "1.0.0-beta.12345"}},
        },
        indent=2,
    )


def test_dependency_versions_are_kept_in_a_manifest() -> None:
    text = manifest()
    assert find(text, "package.json") == []
    kept = {text[c.start : c.end]: c.why for c in explain(text, "web/package.json")}
    assert kept["^1.2.3-alpha.20250101"] == "a dependency's version in a package manifest"


def test_composer_requirements_are_kept() -> None:
    text = json.dumps({"require": {"acme/oauth": "^12.0.0-beta.1|^13.0@dev"}}, indent=2)
    assert find(text, "composer.json") == []


def test_secrets_in_a_manifest_are_still_redacted() -> None:
    token = rand(32)
    # A git URL with a password, a non-version value in a dependency map, and a secret
    # outside the dependency maps are all still secrets.
    text = manifest({"private-auth": f"git+https://deploy:{token}@git.acme-corp.io/a/b.git"})
    data = json.loads(manifest())
    data["dependencies"]["weird-auth"] = token
    data["config"] = {"client_secret": token}
    shown, found = redact(text, "package.json")
    assert token not in shown and len(found) == 1
    other = json.dumps(data, indent=2)
    assert [other[r.start : r.end] for r in find(other, "package.json")] == [token, token]


def test_version_like_values_elsewhere_are_judged_as_before() -> None:
    # Only a manifest's dependency maps hold package names; a config file's `auth` key
    # with the same value is judged as it always was.
    text = manifest()
    assert find(text, "config.json") != []


def test_pack_shows_the_dependency_versions(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(manifest() + "\n")
    (tmp_path / "index.js").write_text("module.exports = 1;\n")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=a", "-c", "user.email=a@b"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    pack = build_pack(PackOptions(path=tmp_path, cache=False)).output
    assert "REDACTED" not in pack
    assert '"next-auth": "npm:next-auth@^4.24.11"' in pack
