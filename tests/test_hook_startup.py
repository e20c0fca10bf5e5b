"""The hook runs repoview, never modules that the pushed repository happens to hold."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .conftest import git
from .provider import Provider, findings_json, ok

# A repository of Python code may well hold files named like standard modules; run from its
# root, `python -m` would import those instead of the standard library's.
SHADOW = "open({marker!r}, 'a').write('{name} imported from the repository\\n')\n"


def test_the_hook_does_not_import_the_repository_s_own_modules(
    make_repo, tmp_path: Path, cli
) -> None:
    marker = tmp_path / "shadowed.txt"
    files: dict[str, str | bytes] = {"app.py": "x = 1\n"}
    for name in ("json", "base64", "sqlite3", "tempfile"):
        files[f"{name}.py"] = SHADOW.format(marker=str(marker), name=name)
    repo = make_repo(files)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    assert cli("hook", "install", str(repo)).code == 0
    (repo / "app.py").write_text("x = 2\n")
    git(repo, "commit", "-qam", "change")
    with Provider() as provider:
        provider.answers.append(ok(findings_json()))
        env = {
            **os.environ,
            "REPOVIEW_BASE_URL": provider.url,
            "REPOVIEW_MODEL": "kimi-k2.6",
            "REPOVIEW_API_KEY": "sk-hook-test-key-0123456789abcdef",
        }
        p = subprocess.run(
            ["git", "push", "origin", "main"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert p.returncode == 0, p.stderr
    assert len(provider.chats) == 1 and "0 findings" in p.stderr, p.stderr
    assert not marker.exists(), marker.read_text()
