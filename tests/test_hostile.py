"""Hostile repositories: huge and one-line files, shallow clones, case collisions, and
property tests over generated trees (the pack never crashes and keeps text exactly)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repoview.packer import PackOptions, build_pack

from .conftest import git, write_tree


def test_fifty_megabyte_file_is_not_read(make_repo, monkeypatch) -> None:
    repo = make_repo({"a.py": "x = 1\n"}, commit=False)
    with open(repo / "huge.log.txt", "wb") as fh:  # sparse: 50 MB on no disk
        fh.truncate(50 * 1024 * 1024)
    pack = build_pack(PackOptions(path=repo))
    assert [(e.path, e.reason) for e in pack.excluded] == [("huge.log.txt", "too-large")]


def test_minified_one_line_file(make_repo) -> None:
    line = "var a=function(b){return b*2};" * 30000  # ~900 KB on one line
    repo = make_repo({"app.js": line + "\n"}, commit=False)
    pack = build_pack(PackOptions(path=repo, fmt="json", default_excludes=False))
    assert json.loads(pack.output)["files"][0]["content"] == line + "\n"


def test_shallow_clone(make_repo, tmp_path: Path) -> None:
    repo = make_repo({"a.py": "x = 1\n"})
    (repo / "a.py").write_text("x = 2\n")
    git(repo, "commit", "-qam", "second")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    for rev in (None, "HEAD"):
        pack = build_pack(PackOptions(path=clone, rev=rev, fmt="json"))
        assert json.loads(pack.output)["files"][0]["content"] == "x = 2\n"


def test_case_colliding_paths_in_a_commit(make_repo, tmp_path: Path) -> None:
    repo = make_repo({"README": "upper\n"})
    blob = git(repo, "hash-object", "-w", "--stdin", input=b"lower\n").strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},readme")
    git(repo, "commit", "-qm", "collide")
    pack = build_pack(PackOptions(path=repo, rev="HEAD", fmt="json"))
    contents = {f["path"]: f["content"] for f in json.loads(pack.output)["files"]}
    assert contents == {"README": "upper\n", "readme": "lower\n"}


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
    min_size=1,
    max_size=12,
).filter(lambda n: n not in {".", "..", ".git"} and not n.startswith(".git"))
CONTENT = st.one_of(
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
)
TREES = st.dictionaries(
    st.lists(NAMES, min_size=1, max_size=3).map("/".join), CONTENT, min_size=1, max_size=8
)


def expected_text(data: bytes) -> str | None:
    from repoview.textdecode import decode

    return decode(data).text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=TREES)
def test_generated_trees_pack_and_read_back(tmp_path_factory, tree: dict[str, bytes]) -> None:
    root = tmp_path_factory.mktemp("tree")
    written: dict[str, bytes] = {}
    for rel, data in tree.items():
        target = root / rel
        if any(p.is_file() for p in target.parents if p != root) or target.is_dir():
            continue  # a name used as both file and folder: the first one wins
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(data)
        except OSError:
            continue
        written[rel] = data
    ignored = {p for p in written if os.path.basename(p) == ".gitignore"}
    pack = build_pack(PackOptions(path=root, fmt="json", default_excludes=False, secret_scan=False))
    contents = {f["path"]: f["content"] for f in json.loads(pack.output)["files"]}
    kept = {f.path for f in pack.files} | {e.path for e in pack.excluded}
    if not ignored:
        assert kept == set(written)
    for path, content in contents.items():
        assert content == expected_text(written[path])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=TREES)
def test_generated_trees_in_git_never_crash(tmp_path_factory, tree: dict[str, bytes]) -> None:
    root = tmp_path_factory.mktemp("gittree")
    git(root, "init", "-q")
    safe = {k: v for k, v in tree.items() if ".gitignore" not in k and ".gitmodules" not in k}
    try:
        write_tree(root, dict(safe))
    except OSError:
        return
    git(root, "add", "-A")
    git(root, "commit", "-qm", "gen", "--allow-empty")
    for rev in (None, "HEAD"):
        pack = build_pack(PackOptions(path=root, rev=rev, fmt="xml"))
        assert pack.total_tokens > 0
