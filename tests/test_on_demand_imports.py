"""Java's and Kotlin's `import a.b.*`: the files of a.b declaring the names a file uses."""

from __future__ import annotations

import json
from pathlib import Path


def imports(cli, repo: Path, tmp_path: Path) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    manifest = tmp_path / "m.json"
    r = cli("pack", str(repo), "-q", "-o", str(tmp_path / "p.xml"), "--manifest", str(manifest))
    assert r.code == 0, r.err
    return {f["path"]: f["imports"] for f in json.loads(manifest.read_text())["files"]}


def test_java_package_imported_whole(make_repo, cli, tmp_path: Path) -> None:
    util = "src/main/java/com/acme/util"
    app = "src/main/java/com/acme/app"
    repo = make_repo(
        {
            f"{util}/Helper.java": "package com.acme.util;\n\npublic class Helper {}\n",
            f"{util}/Config.java": "package com.acme.util;\n\npublic class Config {\n"
            "  public static Config load() { return new Config(); }\n}\n",
            f"{util}/Unused.java": "package com.acme.util;\n\npublic class Unused {}\n",
            f"{util}/Clock.java": "package com.acme.util;\n\npublic class Clock {}\n",
            # The file's own package declares a Clock: the compiler takes that one.
            f"{app}/Clock.java": "package com.acme.app;\n\nclass Clock {}\n",
            f"{app}/Main.java": "package com.acme.app;\n\nimport com.acme.util.*;\n"
            "import java.util.*;\n\npublic class Main {\n  Helper h = new Helper();\n"
            "  Clock clock;\n  List<String> xs;\n  void go() { Config c = Config.load(); }\n}\n",
        }
    )
    got = imports(cli, repo, tmp_path)
    assert sorted(got[f"{app}/Main.java"]) == [
        f"{app}/Clock.java",
        f"{util}/Config.java",
        f"{util}/Helper.java",
    ]


def test_kotlin_package_imported_whole(make_repo, cli, tmp_path: Path) -> None:
    core = "core/src/main/kotlin/org/acme/core"
    repo = make_repo(
        {
            f"{core}/Table.kt": "package org.acme.core\n\nopen class Table(val name: String)\n",
            f"{core}/Transactions.kt": "package org.acme.core\n\n"
            "fun <T> transaction(block: () -> T): T = block()\n",
            f"{core}/Other.kt": "package org.acme.core\n\nclass Other\n",
            "jdbc/src/main/kotlin/org/acme/jdbc/Db.kt": "package org.acme.jdbc\n\n"
            "import org.acme.core.*\n\nclass Db(val t: Table) {\n"
            "    fun go() = transaction { t.name }\n}\n",
        }
    )
    got = imports(cli, repo, tmp_path)
    assert sorted(got["jdbc/src/main/kotlin/org/acme/jdbc/Db.kt"]) == [
        f"{core}/Table.kt",
        f"{core}/Transactions.kt",
    ]
