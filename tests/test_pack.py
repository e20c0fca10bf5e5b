"""`repoview pack`: formats read back by parsers, exact counts, --rev, determinism, cache."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from repoview.packer import PackOptions, build_pack
from repoview.tokens import load_encoding

from .conftest import git

TRICKY = {
    "src/app.py": "import os\n\n\ndef main():\n    return os.getcwd()\n",
    "src/xml_breaker.txt": "a </file> b ]]> c <![CDATA[ d\n",
    "src/fences.md": "text\n````\ncode\n````\nmore ``` here\n",
    "src/no_newline.js": "export const x = 1;",
    "src/crlf.txt": "one\r\ntwo\r\n",
    "src/ctrl.txt": "form\x0cfeed\n",
    "docs/guide.md": "# Guide\n\nHello.\n",
    "README.md": "# Demo\n",
    "empty.txt": "",
    'special <&> "quoted".txt': "odd name\n",
}


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(TRICKY)


def encoding_count(text: str, name: str = "o200k_base") -> int:
    return len(load_encoding(name).encode_ordinary(text))


@pytest.mark.parametrize("fmt", ["xml", "markdown", "plain", "json"])
def test_total_tokens_is_exact_for_every_format(repo: Path, fmt: str, cli) -> None:
    r = cli("pack", str(repo), "--format", fmt, "--manifest", str(repo.parent / "m.json"), "-q")
    assert r.code == 0, r.err
    manifest = json.loads((repo.parent / "m.json").read_text())
    assert manifest["total_tokens"] == encoding_count(r.out)
    assert manifest["version"] == 1 and manifest["root"] == str(repo.resolve())
    assert manifest["encoding"] == "o200k_base" and manifest["rev"] is None
    paths = [f["path"] for f in manifest["files"]]
    assert set(paths) == set(TRICKY)
    for f in manifest["files"]:
        assert set(f) >= {
            "path",
            "language",
            "role",
            "bytes",
            "lines",
            "tokens",
            "mode",
            "redactions",
        }
        assert f["mode"] == "full"
    by = {f["path"]: f for f in manifest["files"]}
    assert by["src/app.py"]["language"] == "Python" and by["src/app.py"]["role"] == "source"
    assert by["docs/guide.md"]["role"] == "docs" and by["src/app.py"]["lines"] == 5
    assert by["src/app.py"]["tokens"] == encoding_count(TRICKY["src/app.py"])


def expected_text(path: str) -> str:
    return TRICKY[path].replace("\r\n", "\n")


def test_xml_reads_back_exactly(repo: Path) -> None:
    out = build_pack(PackOptions(path=repo, fmt="xml")).output
    root = ET.fromstring(out)
    files = {f.get("path"): f for f in root.iter("file")}
    assert set(files) == set(TRICKY)
    for path, el in files.items():
        text = el.text or ""
        if path == "src/ctrl.txt":
            assert text == "form\u240cfeed\n"  # XML 1.0 cannot carry U+000C
        else:
            assert text == expected_text(path), path
    assert files["src/app.py"].get("language") == "Python"
    assert "app.py" in (root.find("directory_tree").text or "")


def test_json_reads_back_exactly(repo: Path) -> None:
    data = json.loads(build_pack(PackOptions(path=repo, fmt="json")).output)
    got = {f["path"]: f["content"] for f in data["files"]}
    assert got == {p: expected_text(p) for p in TRICKY}
    assert "app.py" in data["tree"]


def test_markdown_fences_outgrow_backticks_inside(repo: Path) -> None:
    from markdown_it import MarkdownIt

    out = build_pack(PackOptions(path=repo, fmt="markdown")).output
    tokens = MarkdownIt().parse(out)
    got: dict[str, str] = {}
    heading = ""
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h3":
            # what a viewer shows: the path, as code
            heading = "".join(c.content for c in tokens[i + 1].children or [])
        elif tok.type == "fence" and heading:
            got[heading] = tok.content
            heading = ""
    assert got["src/fences.md"] == expected_text("src/fences.md")
    assert got["src/app.py"] == expected_text("src/app.py")
    assert got["src/no_newline.js"] == expected_text("src/no_newline.js") + "\n"
    assert len(got) == len(TRICKY)


def test_plain_format_has_headers_and_texts(repo: Path) -> None:
    out = build_pack(PackOptions(path=repo, fmt="plain")).output
    assert "File: src/app.py\nLanguage: Python | Role: source | Lines: 5 | Tokens:" in out
    assert expected_text("src/app.py") in out


def test_output_is_deterministic(repo: Path, cli) -> None:
    first = cli("pack", str(repo), "-q").out
    second = cli("pack", str(repo), "-q").out
    assert first == second and first


def test_line_numbers(repo: Path) -> None:
    out = build_pack(PackOptions(path=repo, fmt="json", line_numbers=True)).output
    files = {f["path"]: f["content"] for f in json.loads(out)["files"]}
    assert files["src/app.py"].splitlines()[3] == "4| def main():"


def test_line_numbers_are_only_on_full_text(make_repo) -> None:
    body = "".join(f"def handler_{k}(request):\n    return request + {k}\n\n\n" for k in range(80))
    repo = make_repo({"svc/a.py": body, "svc/b.py": body.replace("handler", "worker")})
    whole = build_pack(PackOptions(path=repo, fmt="json", line_numbers=True))
    cut = build_pack(
        PackOptions(path=repo, fmt="json", line_numbers=True, budget=whole.total_tokens * 2 // 3)
    )
    modes = {f.path: f.mode for f in cut.files}
    assert "signatures" in modes.values(), modes
    files = {f["path"]: f["content"] for f in json.loads(cut.output)["files"]}
    for path, mode in modes.items():
        first = files[path].splitlines()[0]
        if mode == "full":
            assert first.replace(" ", "").startswith("1|def"), first
        else:  # `def worker_5(request)` is line 21 of the file, not the 6th of signatures
            assert not first[:1].isdigit(), first


def test_rev_packs_the_commit_not_the_work_tree(repo: Path, cli) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    (repo / "src" / "app.py").write_text("changed in the work tree\n")
    (repo / "untracked.py").write_text("x = 1\n")
    r = cli("pack", str(repo), "--rev", "HEAD", "--format", "json", "-q")
    data = json.loads(r.out)
    contents = {f["path"]: f["content"] for f in data["files"]}
    assert contents["src/app.py"] == TRICKY["src/app.py"]
    assert "untracked.py" not in contents and data["rev"] == first


def test_rev_in_bare_repository_and_detached_head(repo: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    pack = build_pack(PackOptions(path=bare, rev="main", fmt="json"))
    assert {f.path for f in pack.files} == set(TRICKY)
    git(repo, "checkout", "-q", "--detach", "HEAD")
    assert build_pack(PackOptions(path=repo, rev="HEAD")).rev is not None
    assert {f.path for f in build_pack(PackOptions(path=repo)).files} == set(TRICKY)


def test_rev_spawns_no_process_per_file(make_repo, monkeypatch) -> None:
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    class Counting(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, args, *a, **kw):  # type: ignore[no-untyped-def]
            calls.append(list(args))
            super().__init__(args, *a, **kw)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    spawned = []
    for n in (3, 60):
        repo = make_repo({f"pkg/m{i}.py": f"x = {i}\n" for i in range(n)})
        calls.clear()
        pack = build_pack(PackOptions(path=repo, rev="HEAD"))
        assert len(pack.files) == n
        # The tokenizer's worker is started once per process, not per pack: not counted.
        spawned.append(sum(1 for c in calls if "repoview.bpe" not in c))
    assert spawned[0] == spawned[1] < 12, calls
    # At most one object-store reader; none when the work tree holds every file unchanged.
    assert sum(1 for c in calls if "--batch" in c) <= 1


def test_subdirectory_pack(repo: Path) -> None:
    pack = build_pack(PackOptions(path=repo / "src", fmt="json"))
    assert {f.path for f in pack.files} == {p[4:] for p in TRICKY if p.startswith("src/")}
    assert pack.name == "src"


def test_default_excludes_and_reasons(make_repo) -> None:
    repo = make_repo(
        {
            "main.py": "print(1)\n",
            "package-lock.json": "{}\n",
            "node_modules/x/index.js": "1\n",
            "dist/app.min.js": "a;\n",
            "logo.png": b"\x89PNG\r\n\x1a\n\0\0",
            "blob.dat2": b"\0\1\2",
            "big.txt": "x" * 2000,
            ".repoviewignore": "ignored_by_us.py\n",
            "ignored_by_us.py": "x\n",
            "skip_me.py": "x\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, exclude=("skip_*.py",), max_file_bytes=1000))
    reasons = {e.path: e.reason for e in pack.excluded}
    assert reasons == {
        "package-lock.json": "default",
        "node_modules/x/index.js": "vendored",
        "dist/app.min.js": "generated",
        "logo.png": "default",
        "blob.dat2": "binary",
        "big.txt": "too-large",
        "ignored_by_us.py": "repoviewignore",
        "skip_me.py": "pattern",
    }
    kept = {f.path for f in pack.files}
    assert kept == {"main.py", ".repoviewignore"}
    everything = build_pack(PackOptions(path=repo, default_excludes=False, max_file_bytes=10**6))
    assert "package-lock.json" in {f.path for f in everything.files}
    only = build_pack(PackOptions(path=repo, include=("*.py",)))
    assert {f.path for f in only.files} == {"main.py", "skip_me.py"}


def test_second_run_counts_nothing_again(repo: Path) -> None:
    first = build_pack(PackOptions(path=repo))
    assert first.cache_misses > 0
    second = build_pack(PackOptions(path=repo))
    assert second.cache_misses == 0 and second.total_tokens == first.total_tokens


def test_corrupt_cache_is_rebuilt(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "h"
    build_pack(PackOptions(path=repo, home=home))
    db = home / "cache" / "tokens.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    pack = build_pack(PackOptions(path=repo, home=home))
    assert pack.total_tokens == encoding_count(pack.output)
    assert any("rebuilt" in w for w in pack.warnings)
    assert build_pack(PackOptions(path=repo, home=home)).cache_misses == 0


def test_concurrent_runs_share_the_cache(repo: Path, tmp_path: Path) -> None:
    import os
    import sys

    env = {**os.environ, "REPOVIEW_HOME": str(tmp_path / "shared")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "repoview", "pack", str(repo), "-q"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    assert len({o[0] for o in outs}) == 1


def test_cl100k_encoding(repo: Path) -> None:
    pack = build_pack(PackOptions(path=repo, encoding="cl100k_base"))
    assert pack.total_tokens == encoding_count(pack.output, "cl100k_base")


def test_the_output_file_names_the_format_unless_one_is_set(repo: Path, cli, tmp_path) -> None:
    out = tmp_path / "pack.json"
    assert cli("pack", str(repo), "-o", str(out), "-q").code == 0
    assert "src/app.py" in {f["path"] for f in json.loads(out.read_text())["files"]}
    md = tmp_path / "pack.md"
    assert cli("pack", str(repo), "-o", str(md), "-q").code == 0
    assert md.read_text().startswith("# Repository:")
    # --format, or a configured format, says otherwise.
    assert cli("pack", str(repo), "--format", "xml", "-o", str(md), "-q").code == 0
    assert md.read_text().startswith("<repository")
    (repo / ".repoview.toml").write_text('format = "plain"\n')
    r = cli("pack", str(repo), "-o", str(out), "-q")
    assert r.code == 0 and not out.read_text().startswith("{"), r.err


@pytest.mark.parametrize("rev", [None, "HEAD"])
def test_a_file_over_the_size_cap_that_says_it_is_generated_is_left_out_as_such(
    make_repo, rev: str | None
) -> None:
    body = "int f(int a) { return a; }\n" * 200
    repo = make_repo(
        {
            "src/lib.cpp": "int lib;\n",
            # an amalgamation of the project's own sources, too large to read
            "single/lib_all.cpp": "/* auto-generated on 2025-01-01. Do not edit! */\n" + body,
            "src/huge_table.cpp": "// the step tables\n" + body,
        }
    )
    pack = build_pack(PackOptions(path=repo, rev=rev, max_file_bytes=2000))
    left = {e.path: (e.reason, e.detail) for e in pack.excluded}
    assert left["single/lib_all.cpp"][0] == "generated"
    assert "Do not edit" in left["single/lib_all.cpp"][1]
    assert left["src/huge_table.cpp"][0] == "too-large"
    # The closing part names the generated file as generated, not as a source too large.
    lines = pack.output[pack.output.rindex("</files>") :].splitlines()
    too_large = next(line for line in lines if line.startswith("A source file too large"))
    assert too_large.endswith(": src/huge_table.cpp")
    assert any("single/lib_all.cpp (generated: /* auto-generated" in line for line in lines)


def test_a_plain_header_is_cpp_in_a_repository_of_cpp_sources(make_repo) -> None:
    header = '#include "lib/parse.h"\nint lib_version(void);\n'
    cpp = make_repo(
        {
            "include/lib.h": header,
            "include/lib/parse.h": "int parse(void);\n",
            "src/lib.cpp": "int x;\n",
        }
    )
    languages = {f.path: f.language for f in build_pack(PackOptions(path=cpp)).files}
    assert languages == {"include/lib.h": "C++", "include/lib/parse.h": "C++", "src/lib.cpp": "C++"}
    # Beside a C source (a C library with C++ tests), a plain header stays C.
    mixed = make_repo({"lib.h": header, "lib.c": "int x;\n", "test/t.cpp": "int t;\n"})
    languages = {f.path: f.language for f in build_pack(PackOptions(path=mixed)).files}
    assert languages["lib.h"] == "C" and languages["test/t.cpp"] == "C++"


def test_a_plain_headers_language_is_the_same_in_a_changes_new_text(make_repo) -> None:
    repo = make_repo({"include/lib.h": "int lib_version(void);\n", "src/lib.cpp": "int x;\n"})
    (repo / "include" / "lib.h").write_text("int lib_version(void);\nint lib_major(void);\n")
    git(repo, "commit", "-qam", "major")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", fmt="json"))
    data = json.loads(pack.output)
    languages = {f["path"]: f["language"] for f in data["files"]}
    assert languages["include/lib.h"] == "C++"
    changed = [f for f in data["change"]["files"] if f["path"] == "include/lib.h"]
    assert changed and all(f["language"] == "C++" for f in changed), data["change"]["files"]
