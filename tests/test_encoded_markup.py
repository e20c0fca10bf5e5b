"""Markup that wraps a blob (a draw.io diagram's deflated base64, an SVG around an embedded
image) is the blob: left out as encoded data, not packed as text."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path


def blob(n: int) -> str:
    return base64.b64encode(random.Random(n).randbytes(n)).decode()


def packed_manifest(cli, repo: Path, tmp_path: Path) -> dict:  # type: ignore[no-untyped-def]
    """The manifest of `repoview pack` of `repo`, run as a user runs it."""
    manifest = tmp_path / "m.json"
    r = cli("pack", str(repo), "-q", "-o", str(tmp_path / "p.xml"), "--manifest", str(manifest))
    assert r.code == 0, r.err
    return json.loads(manifest.read_text())  # type: ignore[no-any-return]


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
    m = packed_manifest(cli, repo, tmp_path)
    out = {e["path"]: e for e in m["excluded"]}
    for path in ("docs/flow.drawio", "docs/logo.svg"):
        assert out[path]["reason"] == "generated", out
        assert out[path]["detail"].startswith("encoded data: 1 line of "), out[path]
    assert {f["path"] for f in m["files"]} == {"conf/settings.xml", "app.py"}
    assert m["total_tokens"] < 8_000


def test_a_drawing_written_on_long_lines_is_left_out(make_repo, cli, tmp_path: Path) -> None:
    # svg-term's screencast: CSS keyframes on one line of 127 KB, a third of a small pack.
    frames = "".join(f"{i / 10:.1f}%{{transform:translateX(-{i * 80}px)}}" for i in range(900))
    screencast = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><style>'
        f"@keyframes a{{{frames}}}.a{{animation:a 60s steps(1) infinite}}</style></svg>\n"
    )
    # A drawing written a line an element, as people write one, stays.
    icon = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">\n'
        + "".join(f'  <rect x="{i}" y="{i}" width="2" height="2"/>\n' for i in range(120))
        + "</svg>\n"
    )
    # A component whose template holds an inline icon, on long lines: code, not a drawing.
    component = (
        '<template><div class="icon"><svg viewBox="0 0 24 24"><path d="'
        + "M0 0L1 1 " * 80
        + '"/></svg><span>{{ label }}</span></div></template>\n'
    ) * 4 + "<script>\nexport default { props: ['label'] }\n</script>\n"
    repo = make_repo(
        {
            "doc/screencast.svg": screencast,
            "doc/icon.svg": icon,
            "src/components/Icon.vue": component,
            "app.py": "def main():\n    return 1\n",
        }
    )
    m = packed_manifest(cli, repo, tmp_path)
    out = {e["path"]: e for e in m["excluded"]}
    assert out["doc/screencast.svg"]["reason"] == "generated"
    assert out["doc/screencast.svg"]["detail"].startswith("generated: a drawing, 1 line of ")
    assert {"doc/icon.svg", "src/components/Icon.vue"} <= {f["path"] for f in m["files"]}
