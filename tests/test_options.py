"""The packer's everyday options: compress, remove-comments, include-logs, stdin, token-count
tree, header/instruction text, focus, and `repoview init`."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from repoview.errors import ConfigError
from repoview.extras import strip_comments
from repoview.model import Pack
from repoview.packer import PackOptions, build_pack
from repoview.tokens import TokenCounter

from .conftest import Run, git

PY = '''#!/usr/bin/env python3
# a module comment that should go
"""The module docstring stays."""

import os  # trailing comment


def add(a, b):
    # explain the sum
    total = a + b
    return total  # done
'''

C = """#include <stdio.h>
/* block
   comment */
int main(void) {
    // line comment
    return 0; /* inline */
}
"""


def _exact(pack: Pack) -> None:
    assert TokenCounter(pack.encoding).count(pack.output) == pack.total_tokens


def _funcs(n: int) -> str:
    return "".join(
        f"def f{i}(x):\n    y = x * {i}\n    z = y + {i}\n    return z\n\n\n" for i in range(n)
    )


def test_strip_comments_keeps_code_docstrings_and_directives() -> None:
    out = strip_comments(PY, "mod.py")
    assert "comment" not in out and "explain" not in out and "done" not in out
    assert out.startswith("#!/usr/bin/env python3\n")
    assert '"""The module docstring stays."""' in out
    assert "import os\n" in out and "    total = a + b\n    return total\n" in out
    c = strip_comments(C, "main.c")
    assert "#include <stdio.h>" in c and "return 0;" in c
    assert "comment" not in c and "inline" not in c
    assert "\n\n" not in c  # lines that held only a comment are gone
    assert strip_comments("# just text\n", "notes.unknownext") == "# just text\n"


def test_remove_comments_in_a_pack_with_an_exact_count(make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"mod.py": PY, "main.c": C})
    plain = build_pack(PackOptions(path=repo))
    stripped = build_pack(PackOptions(path=repo, remove_comments=True))
    assert "explain the sum" in plain.output and "explain the sum" not in stripped.output
    assert "The module docstring stays." in stripped.output
    assert stripped.total_tokens < plain.total_tokens
    _exact(stripped)


def test_compress_outlines_every_file_without_a_budget(make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"a.py": _funcs(30), "b.py": _funcs(5)})
    full = build_pack(PackOptions(path=repo))
    outlined = build_pack(PackOptions(path=repo, compress=True))
    assert {f.mode for f in outlined.files} == {"compressed"}
    assert "def f29(x):" in outlined.output and "z = y + 29" not in outlined.output
    # The files' text at least halves; the opening, tree and summary are the same in both.
    assert sum(f.tokens for f in outlined.files) < sum(f.tokens for f in full.files) / 2
    assert outlined.total_tokens < full.total_tokens
    _exact(outlined)
    with pytest.raises(ConfigError, match="--compress"):
        build_pack(PackOptions(path=repo, compress=True, budget=100_000))


@pytest.mark.parametrize("fmt", ["xml", "markdown", "plain", "json"])
def test_include_logs_keeps_the_prefix_byte_stable(
    make_repo: Callable[..., Path], fmt: str
) -> None:
    repo = make_repo({"a.py": "A = 1\n", "b.py": "B = 2\n"})
    (repo / "b.py").write_text("B = 3\n")
    git(repo, "commit", "-qam", "Raise B\n\nBecause three is better.")
    without = build_pack(PackOptions(path=repo, fmt=fmt)).output
    with_logs = build_pack(PackOptions(path=repo, fmt=fmt, include_logs=2))
    _exact(with_logs)
    text = with_logs.output
    assert "Raise B" in text and "Because three is better." in text and "initial" in text
    assert "b.py" in text.split("Raise B", 1)[1]
    # Everything up to the end of the files (and diff) is what the pack was without logs.
    # The tree and the summary follow the files; the log goes after them, before the revision.
    cut = {
        "xml": "<revision>",
        "markdown": "\n## Revision",
        "plain": "\nRevision:",
        "json": ', "rev"',
    }[fmt]
    stable = without.rsplit(cut, 1)[0]
    if fmt == "json":
        stable += ", "
        assert json.loads(text)["git_log"].count("commit ") == 2
    assert text.startswith(stable)
    assert text.index("Raise B") > len(stable) - 10


@pytest.mark.parametrize("fmt", ["xml", "markdown", "plain", "json"])
def test_a_diff_pack_with_logs_shows_the_changes_commits(
    make_repo: Callable[..., Path], fmt: str
) -> None:
    repo = make_repo({"a.py": "A = 1\n", "b.py": "B = 2\n"})
    git(repo, "commit", "-q", "--allow-empty", "-m", "Base of the change")
    for n, message in enumerate(
        ("Raise B", "Fix the login (DB_PASSWORD=UqGWlG-6g3Ot1OG!)", "Raise B again"), start=3
    ):
        (repo / "b.py").write_text(f"B = {n}\n")
        git(repo, "commit", "-qam", message)
    base = build_pack(PackOptions(path=repo, fmt=fmt, rev="HEAD~3", include_logs=2)).output
    pack = build_pack(PackOptions(path=repo, fmt=fmt, diff="HEAD~3..HEAD", include_logs=2))
    _exact(pack)
    text = pack.output
    # The base pack as it is, its own log in it; then the change, with its newest commits.
    assert text.startswith(
        base.rsplit("}", 1)[0] if fmt == "json" else base.rsplit("</repository>", 1)[0]
    )
    change = text[len(base) - 40 :]
    assert "Base of the change" in base and "Raise B again" not in base
    assert "Raise B again" in change and "Fix the login (DB_PASSWORD=[REDACTED:" in change
    assert "UqGWlG" not in text
    assert "1 earlier commit of the change not shown" in change
    # A value a message of the change gives away is redacted in its hunks too.
    (repo / "tests").mkdir()
    (repo / "tests/test_login.py").write_text('assert login("admin", "Xk29fLq8zTqW")\n')
    git(repo, "add", "tests")
    git(repo, "commit", "-qm", "The password is Xk29fLq8zTqW for the staging admin.")
    told = build_pack(PackOptions(path=repo, fmt=fmt, diff="HEAD~1..HEAD", include_logs=2))
    assert "Xk29fLq8zTqW" not in told.output and "[REDACTED:prose-password]" in told.output
    assert change.index("Raise B again") < change.index("Fix the login")
    if fmt == "json":
        assert "Raise B again" in json.loads(text)["change"]["commits"]
    # Without --include-logs the change has no commits.
    plain = build_pack(PackOptions(path=repo, fmt=fmt, diff="HEAD~3..HEAD")).output
    assert "Raise B again" not in plain


def test_header_and_instruction_open_and_close_the_pack(make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"a.py": "A = 1\n"})
    for fmt in ("xml", "markdown", "plain", "json"):
        p = build_pack(
            PackOptions(
                path=repo,
                fmt=fmt,
                header_text="Team X: internal code",
                instruction_text="Find the bug in a.py.",
            )
        )
        _exact(p)
        out = p.output
        assert out.index("Team X: internal code") < out.index("A = 1") < out.index("Find the bug")
        if fmt == "json":
            data = json.loads(out)
            assert data["header"] == "Team X: internal code"
            assert data["instruction"] == "Find the bug in a.py."


def test_focus_keeps_named_files_full_under_a_tight_budget(make_repo: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = {f"pkg/m{i}.py": _funcs(25) for i in range(6)}
    repo = make_repo(files)
    plain = build_pack(PackOptions(path=repo, budget=2500))
    modes = {f.path: f.mode for f in plain.files}
    target = next(p for p, m in sorted(modes.items()) if m != "full")
    focused = build_pack(PackOptions(path=repo, budget=2500, prefer=(target,)))
    assert {f.path: f.mode for f in focused.files}[target] == "full"
    assert focused.total_tokens <= 2500


def test_focus_on_more_than_the_budget_holds_stays_within_it(
    make_repo: Callable[..., Path],
) -> None:
    files: dict[str, str | bytes] = {f"pkg/m{i}.py": _funcs(25) for i in range(6)}
    repo = make_repo(files)
    whole = build_pack(PackOptions(path=repo, budget=100_000))
    assert all(f.mode == "full" for f in whole.files)
    budget = whole.total_tokens // 2
    focused = build_pack(PackOptions(path=repo, budget=budget, prefer=("pkg/**",)))
    assert focused.total_tokens <= budget
    modes = [f.mode for f in focused.files]
    assert 1 <= modes.count("full") < 6, modes
    said = [w for w in focused.warnings if w.startswith("focus: ")]
    assert len(said) == 1 and f"focus: {modes.count('full')} of the 6 files named" in said[0]
    # The rest of the named files still show what the room left allows, not their paths only.
    assert any(m in ("signatures", "compressed") for m in modes), modes


def test_stdin_packs_only_the_listed_paths(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"a.py": "A = 1\n", "sub/b.py": "B = 1\n", "sub/c.py": "C = 1\n"})
    (repo / "sub" / "b.py").write_text("B = 2\n")
    changed = git(repo, "diff", "--name-only")
    run = cli("pack", "--stdin", "--manifest", "m.json", "-q", cwd=repo, input=changed)
    assert run.code == 0, run.err
    manifest = json.loads((repo / "m.json").read_text())
    assert [f["path"] for f in manifest["files"]] == ["sub/b.py"]
    assert {e["path"]: e["reason"] for e in manifest["excluded"]}["a.py"] == "pattern"
    # Paths relative to the current folder, as `fd` prints them, name the same files.
    sub = cli("pack", str(repo), "--stdin", "-q", cwd=repo / "sub", input="c.py\n")
    assert "C = 1" in sub.out and "B = 2" not in sub.out


def test_token_count_tree_sums_files_and_hides_small_ones(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"big/one.py": _funcs(40), "big/two.py": _funcs(20), "tiny.py": "T = 1\n"})
    run = cli("pack", "--token-count-tree", "--manifest", "m.json", "-q", cwd=repo)
    assert run.code == 0, run.err
    files = {f["path"]: f["tokens"] for f in json.loads((repo / "m.json").read_text())["files"]}
    lines = run.out.splitlines()
    assert "<repository" not in run.out
    assert f"  big/ ({files['big/one.py'] + files['big/two.py']:,})" in lines
    assert f"    one.py ({files['big/one.py']:,})" in lines
    assert any(line.strip().startswith("tiny.py") for line in lines)
    cut = cli("pack", "--token-count-tree", "100", "-q", cwd=repo)
    assert "tiny.py" not in cut.out and "one.py" in cut.out
    # what it says on stderr is of the counts, not of a pack it did not write
    (repo / "m.json").unlink()  # (not a file of the repository's)
    said = cli("pack", "--token-count-tree", cwd=repo)
    total = sum(files.values())
    assert said.err.splitlines() == [
        f"repoview: counted {repo.name} (work tree): 3 files, {total:,} tokens of text "
        "(o200k_base), 0 excluded; no pack written"
    ]
    assert lines[0] == f"{repo.name}/ ({total:,} tokens)"
    both = cli("pack", "--token-count-tree", "--split-tokens", "8k", "-o", "p.xml", cwd=repo)
    assert both.code == 2 and "drop --split-tokens" in both.err
    assert not list(repo.glob("p.*"))


def test_init_writes_a_commented_config_that_loads(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"a.py": "A = 1\n"})
    first = cli("init", cwd=repo)
    assert first.code == 0, first.err
    text = (repo / ".repoview.toml").read_text()
    assert "# budget =" in text and "[review]" in text
    # Every commented key, uncommented, is one repoview accepts.
    live = "\n".join(
        line.lstrip("# ").split("  #")[0]
        if " = " in line and line.startswith("# ") and not line.startswith("# Every")
        else line
        for line in text.splitlines()
    )
    tomllib.loads(live)
    (repo / ".repoview.toml").write_text(live)
    packed = cli("pack", "-q", cwd=repo)
    assert packed.code == 0, packed.err
    again = cli("init", cwd=repo)
    assert again.code == 2 and "--force" in again.err


def test_compress_from_the_command_line(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    # A file its outline cannot shorten (data, a bare list of names) is said to be full.
    repo = make_repo({"a.py": _funcs(30), "names.txt": "alpha\nbeta\n", "c.json": "[1, 2]\n"})
    run = cli("pack", "--compress", "--format", "json", cwd=repo)
    assert run.code == 0, run.err
    modes = {f["path"]: f.get("mode", "full") for f in run.json()["files"]}
    assert modes == {"a.py": "compressed", "names.txt": "full", "c.json": "full"}, modes
    text = next(f["content"] for f in run.json()["files"] if f["path"] == "a.py")
    assert "def f29(x):" in text and "z = y + 29" not in text
    assert "2 full, 1 compressed, 0 signatures" in run.err
    both = cli("pack", "--compress", "--budget", "10k", cwd=repo)
    assert both.code == 2 and "--compress" in both.err


def test_instruction_file_from_flag_or_config_stays_inside_the_repo(
    make_repo: Callable[..., Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    repo = make_repo({"a.py": "A = 1\n", "ask.md": "Explain a.py briefly.\n"})
    run = cli("pack", "--instruction-file", "ask.md", "--header-text", "Internal", "-q", cwd=repo)
    assert run.code == 0, run.err
    assert run.out.startswith("<header><![CDATA[Internal]]></header>\n<repository")
    assert run.out.rstrip().endswith("</repository>")
    assert run.out.index("A = 1") < run.out.index("Explain a.py briefly.")
    (tmp_path / "outside.txt").write_text("PRIVATE NOTES\n")
    (repo / ".repoview.toml").write_text('instruction_file = "../outside.txt"\n')
    refused = cli("pack", "-q", cwd=repo)
    assert refused.code == 2 and "inside the repository" in refused.err
    assert "PRIVATE NOTES" not in refused.out
    (repo / ".repoview.toml").write_text('instruction_file = "ask.md"\n')
    assert "Explain a.py briefly." in cli("pack", "-q", cwd=repo).out


def test_remove_comments_keeps_no_secret_in_the_cache(cli, tmp_path: Path, make_repo) -> None:  # type: ignore[no-untyped-def]
    import os

    token = "ghp_" + "Zq8Lx2Vb7Nw4Pt6Rm1Ks9Hj3Gf5Dc0Ya8Ue2"
    src = f'# the old token was {token[:10]}\nTOKEN = "{token}"  # kept for the deploy\n'
    repo = make_repo({"deploy.py": src, "app.py": PY})
    home = Path(os.environ["REPOVIEW_HOME"])
    outs = []
    for n in (1, 2):  # cold, then from the cache
        out = tmp_path / f"p{n}.xml"
        r = cli("pack", str(repo), "--remove-comments", "-o", str(out), "-q")
        assert r.code == 0, r.err
        outs.append(out.read_text())
    assert outs[0] == outs[1]
    assert "kept for the deploy" not in outs[0] and token not in outs[0]
    assert "[REDACTED" in outs[0]
    # Nothing under the home holds the token: the stripped text is not kept, only where the
    # comments were; and what is kept is this user's alone.
    kept = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "tokens.sqlite" for p in kept)
    for p in kept:
        assert token.encode() not in p.read_bytes(), p
    cache = next(p for p in kept if p.name == "tokens.sqlite")
    assert cache.stat().st_mode & 0o077 == 0
    assert cache.parent.stat().st_mode & 0o077 == 0


def test_text_an_older_version_kept_for_remove_comments_is_deleted(tmp_path: Path) -> None:
    import sqlite3

    from repoview.tokens import TokenCache

    path = tmp_path / "cache" / "tokens.sqlite"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE facts (k BLOB PRIMARY KEY, v TEXT)")
    db.execute("CREATE TABLE counts (k BLOB PRIMARY KEY, n INTEGER)")
    secret = "TOKEN = 'ghp_Zq8Lx2Vb7Nw4Pt6Rm1Ks9Hj3Gf5Dc0Ya8Ue2'"
    ini = "[github]\ntoken = 'ghp_Zq8Lx2Vb7Nw4Pt6Rm1Ks9Hj3Gf5Dc0Ya8Ue2'"  # (opens with `[`)
    rows = [(b"abc|nocomments:python:x", secret), (b"def|nocomments:ini:y", ini)]
    db.executemany("INSERT INTO facts VALUES (?, ?)", [*rows, (b"other", "kept")])
    db.commit()
    db.close()
    cache = TokenCache(path)
    known = cache.get_many([b"abc|nocomments:python:x", b"def|nocomments:ini:y", b"other"], "facts")
    cache.close()
    assert known == {b"other": "kept"}
    assert b"ghp_Zq8Lx2Vb7Nw4Pt6Rm1Ks9Hj3Gf5Dc0Ya8Ue2" not in path.read_bytes()


def test_strip_comments_keeps_documentation_comments() -> None:
    js = (
        '/** @import { Source } from "./types" */\n// a note\n'
        "/**\n * Add.\n * @param {number} a\n */\nexport function add(a) { /* why */ return a; /**/ }\n"
    )
    assert strip_comments(js, "a.js", "JavaScript") == (
        '/** @import { Source } from "./types" */\n'
        "/**\n * Add.\n * @param {number} a\n */\nexport function add(a) {  return a;  }\n"
    )
    rust = "//! The crate.\n/// The item.\n// a note\n//// a rule\nfn f() {}\n"
    assert strip_comments(rust, "a.rs", "Rust") == "//! The crate.\n/// The item.\nfn f() {}\n"


def test_a_cache_this_user_cannot_write_is_read_as_it_is(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from repoview.tokens import TokenCache

    path = tmp_path / "tokens.sqlite"
    made = TokenCache(path)
    made.put_many([(b"k", 7)])
    made.close()
    # An older version's cache, opened where it cannot be written: the one-off clean-up
    # cannot run, and the cache still answers (it is not taken for a damaged one).
    db = sqlite3.connect(path)
    db.execute("DELETE FROM facts")
    db.commit()
    db.close()
    real = sqlite3.connect

    def read_only(target, *args, **kw):  # type: ignore[no-untyped-def]
        return real(f"file:{target}?mode=ro", *args, uri=True, **kw)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    cache = TokenCache(path)
    assert cache.get_many([b"k"]) == {b"k": 7} and not cache.warning
    cache.close()
    assert path.exists()


def test_documentation_comments_a_lexer_gives_in_pieces_are_kept_whole() -> None:
    swift = (
        "/**\n * Adds.\n */\n// plain\nfunc add(a: Int) -> Int { return a } // why\n"
        "/// Triple\n/* block\n   more */\nlet x = 1\n"
    )
    assert strip_comments(swift, "a.swift", "Swift") == (
        "/**\n * Adds.\n */\nfunc add(a: Int) -> Int { return a }\n/// Triple\nlet x = 1\n"
    )


def test_a_change_whose_commit_messages_do_not_fit_names_include_logs(
    make_repo: Callable[..., Path],
) -> None:
    from repoview.errors import BudgetError

    repo = make_repo({"a.py": "A = 1\n"})
    for i in range(12):
        (repo / f"m{i}.py").write_text(f"M = {i}\n")
        git(repo, "add", f"m{i}.py")
        words = " ".join(f"detail{i}x{k}" for k in range(600))
        git(repo, "commit", "-qm", f"Change {i}\n\n{words}")
    build_pack(PackOptions(path=repo, diff="HEAD~12..HEAD", budget=8_000))  # fits
    with pytest.raises(BudgetError, match=r"fewer --include-logs \(the change's commit messages"):
        build_pack(PackOptions(path=repo, diff="HEAD~12..HEAD", budget=8_000, include_logs=12))
