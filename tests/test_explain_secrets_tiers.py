"""`--explain-secrets` says why for every file whose text the pack carries, at every tier;
a file listed by its path alone carries nothing, and its manifest entry says so."""

from __future__ import annotations

import json

from .test_secrets import rand

_BODY = "".join(f"    step{i} = compute({i})\n" for i in range(30))


def test_outlined_files_explain_their_redactions(make_repo, cli) -> None:
    repo = make_repo(
        {"app/auth.py": f'API_TOKEN = "{rand(32)}"\n\n\ndef login(user):\n{_BODY}    return user\n'}
    )
    manifest = repo.parent / "m.json"
    r = cli("pack", str(repo), "--compress", "--manifest", str(manifest), "--explain-secrets")
    assert r.code == 0 and rand(32) not in r.out
    [entry] = [f for f in json.loads(manifest.read_text())["files"] if f["path"] == "app/auth.py"]
    assert entry["mode"] == "compressed" and entry["redactions"] == 1
    assert [(n["line"], n["action"]) for n in entry["secret_candidates"]] == [(1, "redacted")]


def test_a_listed_file_reports_no_redactions(make_repo, cli) -> None:
    files = {f"pkg/m{i:02}.py": f"def f{i}(x):\n{_BODY}    return x\n" for i in range(40)}
    files["pkg/zz_keys.py"] = f'API_TOKEN = "{rand(32)}"\n' + "".join(
        f"V{i} = {i}\n" for i in range(400)
    )
    repo = make_repo(files)
    manifest = repo.parent / "m.json"
    args = ("--budget", "3000", "--manifest", str(manifest), "--explain-secrets", "-q")
    assert cli("pack", str(repo), *args).code == 0
    rows = {f["path"]: f for f in json.loads(manifest.read_text())["files"]}
    listed = [f for f in rows.values() if f["mode"] == "listed"]
    assert listed and all(f["redactions"] == 0 and "secret_candidates" not in f for f in listed)
    shown = [f for f in rows.values() if f["mode"] != "listed"]
    assert shown and all("secret_candidates" in f for f in shown)
