"""A tool's own tests are tests; a script named for the tests it runs is the build's; a
Procfile is configuration."""

from __future__ import annotations

import json
from pathlib import Path


def test_roles_under_tool_folders(make_repo, cli, tmp_path: Path) -> None:
    repo = make_repo(
        {
            "go.mod": "module example.com/x\n\ngo 1.21\n",
            "server/server.go": "package server\n\nfunc Run() {}\n",
            "tools/dump/main.go": "package main\n\nfunc main() {}\n",
            "tools/dump/scan_test.go": 'package main\n\nimport "testing"\n\n'
            "func TestScan(t *testing.T) {}\n",
            "scripts/test.sh": "#!/bin/sh\ngo test ./...\n",
            "scripts/sync-fixture-tests.js": "console.log('sync')\n",
            "build/exports.test.ts": "test('exports', () => {})\n",
            "Procfile": "web: ./server --port $PORT\nworker: ./worker\n",
        }
    )
    manifest = tmp_path / "m.json"
    r = cli("pack", str(repo), "-q", "-o", str(tmp_path / "p.xml"), "--manifest", str(manifest))
    assert r.code == 0, r.err
    roles = {f["path"]: f["role"] for f in json.loads(manifest.read_text())["files"]}
    assert roles["tools/dump/scan_test.go"] == "test"
    assert roles["build/exports.test.ts"] == "test"
    assert roles["tools/dump/main.go"] == "build"
    assert roles["scripts/test.sh"] == "build"
    assert roles["scripts/sync-fixture-tests.js"] == "build"
    assert roles["Procfile"] == "config"
