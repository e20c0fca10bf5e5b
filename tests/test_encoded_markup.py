"""Markup that wraps a blob (a draw.io diagram's deflated base64, an SVG around an embedded
image) is the blob: left out as encoded data, not packed as text."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path


def blob(n: int) -> str:
    return base64.b64encode(random.Random(n).randbytes(n)).decode()


def test_markup_around_a_blob_is_left_out(make_repo, cli, tmp_path: Path) -> None:
    diagram = (
        '<mxfile host="app.diagrams.net" version="21.0.0"><diagram id="x" name="Page-1">'
        + blob(30_000)
        + "</diagram></mxfile>\n"
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80">'
        '<image href="data:image/png;base64,' + blob(20_000) + '" width="400"/></svg>\n'
    )
    # Data on one long line that is not a blob stays.
    config = "<config>" + "".join(f'<item key="k{i}" value="v{i}"/>' for i in range(600))
    repo = make_repo(
        {
            "docs/flow.drawio": diagram,
            "docs/logo.svg": svg,
            "conf/settings.xml": config + "</config>\n",
            "app.py": "def main():\n    return 1\n",
        }
    )
    manifest = tmp_path / "m.json"
    r = cli("pack", str(repo), "-q", "-o", str(tmp_path / "p.xml"), "--manifest", str(manifest))
    assert r.code == 0, r.err
    m = json.loads(manifest.read_text())
    out = {e["path"]: e for e in m["excluded"]}
    for path in ("docs/flow.drawio", "docs/logo.svg"):
        assert out[path]["reason"] == "generated", out
        assert out[path]["detail"].startswith("encoded data: 1 line of "), out[path]
    assert {f["path"] for f in m["files"]} == {"conf/settings.xml", "app.py"}
    assert m["total_tokens"] < 8_000
