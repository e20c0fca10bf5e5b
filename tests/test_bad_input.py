"""Bad input gets a clean result or one clear line and exit 2; never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from repoview.packer import PackOptions, build_pack

from .conftest import git, write_tree


def one_line_error(r) -> str:  # type: ignore[no-untyped-def]
    assert r.code == 2, (r.code, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.err, r.err
    return lines[0]


def test_missing_path(cli, tmp_path: Path) -> None:
    assert "does not exist" in one_line_error(cli("pack", str(tmp_path / "nope")))


def test_bad_rev(make_repo, cli) -> None:
    repo = make_repo({"a.py": "x\n"})
    line = one_line_error(cli("pack", str(repo), "--rev", "no-such-branch"))
    assert "unknown revision 'no-such-branch'" in line
    # Either end of a --diff range is named by the flag that gave it, in pack and review.
    for spec in ("no-such-branch..HEAD", "HEAD..no-such-branch"):
        line = one_line_error(cli("pack", str(repo), "--diff", spec))
        assert line.startswith("repoview: error: --diff: unknown revision 'no-such-branch'")
        args = ("review", str(repo), "--task", "diff", "--diff", spec, "--dry-run")
        line = one_line_error(cli(*args))
        assert line.startswith("repoview: error: --diff: unknown revision 'no-such-branch'")
    # Both ends unknown: both named at once, not one per try.
    line = one_line_error(cli("pack", str(repo), "--diff", "nope..no-such-branch"))
    assert line.startswith("repoview: error: --diff: unknown revisions 'nope' and 'no-such-branch'")


def test_bad_rev_in_a_shallow_clone_says_so(make_repo, cli, tmp_path: Path) -> None:
    repo = make_repo({"a.py": "x\n"})
    for i in range(3):
        (repo / "a.py").write_text(f"x = {i}\n")
        git(repo, "commit", "-qam", f"c{i}")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    line = one_line_error(cli("pack", str(shallow), "--diff", "HEAD~2..HEAD"))
    assert "unknown revision 'HEAD~2'" in line and "shallow" in line and "--deepen" in line
    assert "shallow" not in one_line_error(cli("pack", str(repo), "--rev", "nope"))


def test_a_folder_the_revision_does_not_have_is_an_error_not_an_empty_pack(make_repo, cli) -> None:
    repo = make_repo({"a.py": "x = 1\n"})
    write_tree(repo, {"pkg/b.py": "def f():\n    return 2\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add pkg")
    line = one_line_error(cli("pack", str(repo / "pkg"), "--rev", "HEAD~1"))
    assert "pkg/ is not in HEAD~1" in line
    assert cli("pack", str(repo / "pkg"), "--rev", "HEAD").code == 0
    # a change that adds the folder has a base without it: its pack is the change alone
    added = cli("pack", str(repo / "pkg"), "--diff", "HEAD~1..HEAD")
    assert added.code == 0 and "def f():" in added.out


def test_a_range_given_backwards_is_packed_with_a_warning_naming_the_other_way(
    make_repo, cli
) -> None:
    repo = make_repo({"a.py": "x = 1\n"})
    write_tree(repo, {"b.py": "def added():\n    return 2\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add b")
    backwards = cli("pack", str(repo), "--diff", "HEAD..HEAD~1")
    assert backwards.code == 0
    assert "the base comes 1 commit(s) after the head" in backwards.err
    assert "give HEAD~1..HEAD" in backwards.err
    assert "after the head" not in cli("pack", str(repo), "--diff", "HEAD~1..HEAD").err


def test_rev_outside_a_repository(cli, tmp_path: Path) -> None:
    write_tree(tmp_path / "plain", {"a.py": "x\n"})
    assert "needs a git repository" in one_line_error(
        cli("pack", str(tmp_path / "plain"), "--rev", "HEAD")
    )


def test_bare_repository_without_rev(make_repo, cli, tmp_path: Path) -> None:
    repo = make_repo({"a.py": "x\n"})
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(tmp_path / "b.git"))
    assert "--rev" in one_line_error(cli("pack", str(tmp_path / "b.git")))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "yaml"], "Invalid value for '--format'"),
        (["--encoding", "p50k"], "--encoding must be one of"),
        (["--budget", "lots"], "invalid budget"),
        (["--max-file-size", "-3"], "--max-file-size: invalid size"),
        (["--json"], "pack has no --json: use --format json"),
    ],
)
def test_bad_option_values(make_repo, cli, args: list[str], needle: str) -> None:
    repo = make_repo({"a.py": "x\n"})
    r = cli("pack", str(repo), *args)
    assert r.code == 2 and needle in r.err and "Traceback" not in r.err


def test_empty_repository(make_repo, cli) -> None:
    repo = make_repo({"draft.py": "x = 1\n"}, commit=False)
    r = cli("pack", str(repo), "--format", "json", "-q")
    assert r.code == 0 and [f["path"] for f in r.json()["files"]] == ["draft.py"]
    said = one_line_error(cli("pack", str(repo), "--rev", "HEAD"))
    assert "unknown revision 'HEAD': the repository has no commits yet" in said
    (repo / "draft.py").unlink()  # nothing at all: said, not a silent empty pack
    r = cli("pack", str(repo), "-o", str(repo.parent / "p.xml"))
    assert r.code == 0 and "warning   nothing to pack: the work tree holds no file" in r.err


def test_blob_missing_from_the_object_store(make_repo, cli) -> None:
    """A partial or damaged clone: the commit names a blob git does not have."""
    repo = make_repo({"a.txt": "hello\n", "b.py": "x = 1\n", "dist/tool.tar.gz": "not gz\n"})
    (repo / "a.txt").write_text("hello again\n")
    git(repo, "commit", "-qam", "second")
    for name in ("a.txt", "dist/tool.tar.gz"):
        oid = git(repo, "rev-parse", f"HEAD~1:{name}").strip()
        (repo / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    manifest = repo.parent / "m.json"
    r = cli("pack", str(repo), "--rev", "HEAD~1", "-q", "-o", "-", "--manifest", str(manifest))
    assert r.code == 0, r.err
    left = {e["path"]: e for e in json.loads(manifest.read_text())["excluded"]}
    assert left["a.txt"]["reason"] == "unreadable" and "missing" in left["a.txt"]["detail"]
    # An archive is left out by its name, missing or not: never called unreadable.
    assert left["dist/tool.tar.gz"]["reason"] == "default"
    line = one_line_error(cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-q"))
    assert "a.txt" in line and "git fetch" in line


def test_review_of_nothing_sends_nothing(make_repo, cli, tmp_path: Path) -> None:
    # Only a binary file: the pack has no text, so no request is planned or paid for
    # (the provider's address is unreachable: a request would fail with exit 3, not 2).
    repo = make_repo({"logo.png": b"\x89PNG\r\n\x1a\n\0\0"})
    env = {"MOONSHOT_API_KEY": "k", "REPOVIEW_BASE_URL": "http://127.0.0.1:9/v1"}
    for extra in ([], ["--dry-run"], ["--strategy", "map-reduce"]):
        line = one_line_error(cli("review", str(repo), "--task", "bugs", *extra, env=env))
        assert "nothing to review" in line and "1 file(s) left out" in line


def test_odd_file_contents_and_names(make_repo, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "latin1.txt": "caf\xe9\n".encode("latin-1"),
        "utf16.txt": "\ufeffhello utf-16\n".encode("utf-16-le"),
        "nul.raw": b"abc\0def",
        "with space.py": "x = 1\n",
        'quote"s.py': "y = 2\n",
        "new\nline.py": "z = 3\n",
        "ünïcödé.py": "w = 4\n",
        "big.txt": "b" * 5000,
        "lfs.psd2": b"version https://git-lfs.github.com/spec/v1\noid sha256:"
        + b"0" * 64
        + b"\nsize 12345\n",
    }
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo, fmt="json", max_file_bytes=4000))
    data = json.loads(pack.output)
    contents = {f["path"]: f["content"] for f in data["files"]}
    by = {f.path: f for f in pack.files}
    assert contents["latin1.txt"] == "café\n" and "Windows-1252" in by["latin1.txt"].note
    assert contents["utf16.txt"] == "hello utf-16\n"
    for name in ("with space.py", 'quote"s.py', "new\nline.py", "ünïcödé.py"):
        assert name in contents
    reasons = {e.path: e.reason for e in pack.excluded}
    assert reasons == {"nul.raw": "binary", "big.txt": "too-large"}
    assert by["lfs.psd2"].mode == "listed" and "LFS" in by["lfs.psd2"].note


def test_symlinks_are_recorded_not_followed(make_repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside-secret.txt"
    outside.write_text("TOP SECRET CONTENT\n")
    repo = make_repo({"a.py": "x = 1\n"})
    os.symlink(outside, repo / "link_out")
    os.symlink("a.py", repo / "link_in")
    os.symlink("loop2", repo / "loop1")
    os.symlink("loop1", repo / "loop2")
    for rev in (None, "HEAD"):
        if rev:
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", "links")
        pack = build_pack(PackOptions(path=repo, rev=rev))
        assert "TOP SECRET" not in pack.output
        by = {f.path: f for f in pack.files}
        for link in ("link_out", "link_in", "loop1", "loop2"):
            assert by[link].mode == "listed" and by[link].role == "symlink"
        if rev is None:
            assert "outside" in by["link_out"].note


def test_fifo_is_not_read(make_repo) -> None:
    repo = make_repo({"a.py": "x\n", "data.txt": "tracked\n"})
    (repo / "data.txt").unlink()
    os.mkfifo(repo / "data.txt")  # a tracked file replaced by a FIFO: opening it would hang
    os.mkfifo(repo / "untracked_pipe")  # git lists no FIFOs, and neither do we
    pack = build_pack(PackOptions(path=repo))
    assert {e.path: e.reason for e in pack.excluded} == {"data.txt": "unreadable"}
    assert [f.path for f in pack.files] == ["a.py"]


def test_permission_denied(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({"a.py": "x\n", "locked.py": "y\n"})
    real_open = os.open

    def deny(path, flags, *a, **kw):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *a, **kw)

    monkeypatch.setattr(os, "open", deny)
    pack = build_pack(PackOptions(path=repo))
    assert [(e.path, e.reason, e.detail) for e in pack.excluded] == [
        ("locked.py", "unreadable", "Permission denied")
    ]


def test_submodule_is_listed_not_entered(make_repo, tmp_path: Path) -> None:
    lib = make_repo({"lib.py": "LIBRARY_CODE = 1\n"}, name="lib")
    repo = make_repo({"a.py": "x\n"}, name="main")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "vendor_lib")
    git(repo, "commit", "-qm", "sub")
    for rev in (None, "HEAD"):
        pack = build_pack(PackOptions(path=repo, rev=rev))
        by = {f.path: f for f in pack.files}
        assert by["vendor_lib"].mode == "listed" and by["vendor_lib"].role == "submodule"
        assert "LIBRARY_CODE" not in pack.output


def test_file_vanishing_during_the_pack(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:
    from repoview import source

    repo = make_repo({"a.py": "x\n", "gone.py": "y\n"})
    real = source.WorktreeSource.entries

    def entries_then_delete(self):  # type: ignore[no-untyped-def]
        out = real(self)
        (repo / "gone.py").unlink()
        return out

    monkeypatch.setattr(source.WorktreeSource, "entries", entries_then_delete)
    pack = build_pack(PackOptions(path=repo))
    assert [(e.path, e.reason) for e in pack.excluded] == [("gone.py", "unreadable")]


def test_debug_shows_traceback(cli, tmp_path: Path) -> None:
    r = cli("pack", str(tmp_path / "nope"), env={"REPOVIEW_DEBUG": "1"})
    assert r.code == 2 and "Traceback" in r.err and "does not exist" in r.err


def test_a_source_file_too_large_to_read_is_named_in_the_summary(make_repo) -> None:
    # The code shown uses what it defines: the model is told it exists, and why it is not
    # here (a data file over the cap is only counted).
    core = "package a;\npublic class Core<T> {\n" + "    int f() { return 1; }\n" * 300 + "}\n"
    repo = make_repo(
        {
            "src/a/Core.java": core,
            "src/a/User.java": "package a;\nclass User extends Core<String> {}\n",
            "data/big.csv": "a,b\n" * 2000,
        }
    )
    pack = build_pack(PackOptions(path=repo, budget=20_000, max_file_bytes=4000))
    summary = pack.output[pack.output.index("<summary>") :]
    assert "too large to read" in summary and "src/a/Core.java" in summary
    assert "big.csv" not in summary


def test_an_oversized_file_s_odd_name_keeps_the_pack_well_formed(make_repo) -> None:
    import xml.etree.ElementTree as ET

    repo = make_repo({"src/big&<x>.py": "x = 1\n" * 2000, "src/a.py": "y = 2\n"})
    pack = build_pack(PackOptions(path=repo, budget=20_000, max_file_bytes=4000))
    root = ET.fromstring(pack.output)
    assert "src/big&<x>.py" in (root.findtext("summary") or "")


def test_a_file_name_that_is_not_utf8_is_matched_by_include_and_exclude_patterns(
    make_repo, cli, tmp_path: Path
) -> None:
    root = make_repo({"a.py": "x = 1\n", "docs/d.md": "# d\n"}, commit=False)
    (root / os.fsdecode(b"bad\xffname.py")).write_text("y = 2\n")
    (root / ".repoviewignore").write_text("docs/\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "odd name")
    manifest = tmp_path / "m.json"
    r = cli("pack", str(root), "--include", "*.py", "--manifest", str(manifest), "-q")
    assert r.code == 0, r.err
    paths = [f["path"] for f in json.loads(manifest.read_text())["files"]]
    assert sorted(paths) == ["a.py", "bad\ufffdname.py"]
    r = cli("pack", str(root), "--exclude", "bad*", "--manifest", str(manifest), "-q")
    assert r.code == 0, r.err
    paths = [f["path"] for f in json.loads(manifest.read_text())["files"]]
    # (docs/ left out by the ignore file, the odd name by --exclude)
    assert sorted(paths) == [".repoviewignore", "a.py"]
