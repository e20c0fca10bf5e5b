"""A suffix two formats share (`.pkl`: Pkl source or a Python pickle) is judged by content."""

from __future__ import annotations

import io
import pickle
import zipfile
from collections.abc import Callable
from pathlib import Path

from repoview.packer import PackOptions, build_pack


def test_pkl_source_is_kept_and_pickles_are_left_out(make_repo: Callable[..., Path]) -> None:
    repo = make_repo(
        {
            "config/app.pkl": 'amends "package://pkg.example.org/base"\nname = "demo"\nport = 8080\n',
            "data/model.pkl": pickle.dumps({"weights": list(range(50))}, protocol=4),
            "data/old.pkl": pickle.dumps({"weights": [1, 2, 3]}, protocol=0),
            "data/name.pkl": pickle.dumps("a plain string", protocol=0),
            "data/rate.pkl": pickle.dumps(0.5, protocol=0),
            "main.py": "print(1)\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    by = {f.path: f for f in pack.files}
    assert "port = 8080" in (by["config/app.pkl"].text or "")
    reasons = {e.path: (e.reason, e.detail) for e in pack.excluded}
    assert reasons["data/model.pkl"][0] == "binary"
    assert reasons["data/old.pkl"] == ("binary", "a pickle (protocol 0)")
    assert reasons["data/name.pkl"] == reasons["data/rate.pkl"] == reasons["data/old.pkl"]
    assert "config/app.pkl" not in reasons


def test_a_pt_text_is_kept_and_a_pytorch_archive_left_out(make_repo: Callable[..., Path]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # what torch.save writes
        z.writestr("archive/data.pkl", pickle.dumps({"w": [0.5] * 20}, protocol=2))
        z.writestr("archive/data/0", bytes(range(256)))
    repo = make_repo(
        {
            "tutor/tutor1.pt": "Bem-vindo ao tutorial do Vim, versão 1.7.\n",
            "templates/page.pt": '<html xmlns:tal="http://xml.zope.org/namespaces/tal">\n',
            "models/net.pt": buf.getvalue(),
            "models/old.pt": pickle.dumps({"weights": [1, 2, 3]}, protocol=0),
            "main.py": "print(1)\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    by = {f.path: f for f in pack.files}
    assert "versão" in (by["tutor/tutor1.pt"].text or "")
    assert "zope" in (by["templates/page.pt"].text or "")
    reasons = {e.path: e.reason for e in pack.excluded}
    assert reasons["models/net.pt"] == reasons["models/old.pt"] == "binary"
