"""Acceptance for secret redaction: a corpus of format-valid credentials in the places people
commit them, packed whole and as a diff; files a pack leaves out never show in its diff."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from repoview.diffctx import scrub_diff
from repoview.packer import PackOptions, build_pack
from repoview.secrets import RULES, explain, find, redact

from .conftest import git
from .secretcorpus import FORMATS, Gen, corpus, survivors


def _leaks(output: str) -> tuple[list[str], list[str]]:
    _, tokens, forms = corpus()
    rules = sorted({label.split(" in ")[0] for label in survivors(output, tokens)})
    return rules, survivors(output, forms)


def test_corpus_is_redacted_in_the_pack(make_repo) -> None:
    files, _, forms = corpus()
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo))
    assert {f.path for f in pack.files} == set(files)  # every file carried, redacted
    rules, other = _leaks(pack.output)
    assert len(rules) <= 1, f"{len(rules)} of {len(FORMATS)} formats leak: {rules}"
    assert len(other) <= 1, f"{len(other)} of {len(forms)} forms leak: {other}"
    assert "PORT=8080" in pack.output and "DEBUG = False" in pack.output  # the rest stays


def test_corpus_added_by_a_diff_is_redacted_in_the_diff(make_repo) -> None:
    files, _, _ = corpus()
    repo = make_repo({"README.md": "# service\n"})
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add configuration")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD"))
    diff = pack.output[pack.output.index("<diff") :]
    assert "+service:" in diff and "+NODE_ENV=production" in diff  # the hunks are there
    rules, other = _leaks(diff)
    assert len(rules) <= 1, f"formats leaking in the diff: {rules}"
    assert len(other) <= 1, f"forms leaking in the diff: {other}"


def test_every_rule_finds_something_in_the_corpus() -> None:
    files, _, _ = corpus()
    seen = {r.rule for path, text in files.items() for r in find(text, path)}
    assert {r.name for r in RULES} - seen == set()


def test_files_left_out_of_the_pack_are_one_line_in_its_diff(make_repo) -> None:
    g = Gen(5)
    netrc_pw, ignored_pw, env_pw = g.password(), g.password(), g.password()
    repo = make_repo({"README.md": "# app\n", ".repoviewignore": "private/\n"})
    changes = {
        ".netrc": f"machine git.internal login deploy password {netrc_pw}\n",
        "private/notes.txt": f"the staging password is {ignored_pw}\n",
        "package-lock.json": '{\n  "lockfileVersion": 3\n}\n',
        "app/.env": f"PORT=1\nSESSION_SECRET={env_pw}\n",
        "tests/test_login.py": "def test_login():\n    login('scott', 'tiger')\n",
    }
    for path, text in changes.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "change")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD"))
    diff = pack.output[pack.output.index("<diff") :]
    for value in (netrc_pw, ignored_pw, env_pw):
        assert value not in pack.output
    assert "# .netrc: +1 -0 lines, not shown (secret" in diff
    assert "# private/notes.txt: +1 -0 lines, not shown (repoviewignore" in diff
    assert "# package-lock.json: +3 -0 lines, not shown (default: lockfile)" in diff
    assert "lockfileVersion" not in diff
    assert "+PORT=1" in diff and "+SESSION_SECRET=[REDACTED:" in diff
    assert "login('scott', 'tiger')" in diff  # an obvious example in a test stays


DIFF = """\
diff --git a/db.sql b/db.sql
index 1111111..2222222 100644
--- a/db.sql
+++ b/db.sql
@@ -1,3 +1,3 @@
 create table t (x int);
--- password: {old}
+-- password: {new}
 select 1;
diff --git a/.env.production b/.env.production
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/.env.production
@@ -0,0 +1,2 @@
+HOST=db
+DB_PASS={env}
"""


def test_scrub_diff_reads_hunks_by_their_lengths() -> None:
    old, new, env = Gen(1).password(), Gen(2).password(), Gen(3).s(12)
    text = DIFF.format(old=old, new=new, env=env)
    out = scrub_diff(text, lambda path: None)
    assert old not in out and new not in out and env not in out
    # `--- password` is a removed line, not the next file's header: the .env file follows.
    assert "+HOST=db" in out and "+DB_PASS=[REDACTED:" in out
    assert out.count("\n") == text.count("\n")
    left = scrub_diff(text, lambda path: "pattern" if path == "db.sql" else None)
    assert "# db.sql: +1 -1 lines, not shown (pattern)" in left and "select 1" not in left
    assert scrub_diff(text, lambda path: None, scan=False) == text


def test_explain_says_what_was_kept_and_why() -> None:
    text = (
        'TOKEN_URL = "https://login.example.net/oauth2/token"\n'
        'engine = create_engine("postgresql://scott:tiger@localhost/test")\n'
        f'API_TOKEN = "{Gen(9).s(32)}"\n'
    )
    found = {(c.line, c.rule): c.why for c in explain(text, "app/settings.py")}
    assert found[(3, "secret-assignment")] == ""
    assert "URL" in found[(1, "secret-assignment")] or "name" in found[(1, "secret-assignment")]
    assert found[(2, "url-password")] == "a well-known example password"
    assert redact(text, "app/settings.py")[0].count("[REDACTED:") == 1


@contextmanager
def _cap(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a quadratic rule would take minutes here, not seconds."""

    def fail(*_: object) -> None:
        raise TimeoutError(f"scan took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_adversarial_files_scan_in_linear_time() -> None:
    one_line = "API_TOKEN=" + "aB3=" * 250_000  # one 1 MB line in a .env file
    many_lines = "password: x\n" * 1_000_000  # a million short candidate lines
    key = "-----BEGIN RSA PRIVATE KEY-----" + "A" * 1_000_000  # a key block that never ends
    with _cap(30):
        assert len(find(one_line, "deploy/.env")) == 1
        find(many_lines, "config.yml")
        assert find(key, "key.txt") == []


def test_a_file_of_repeated_lines_is_redacted_in_every_copy() -> None:
    g = Gen(11)
    token, key_body = "ghp_" + g.s(36), "\n".join(g.s(64) for _ in range(4))
    key = f"-----BEGIN RSA PRIVATE KEY-----\n{key_body}\n-----END RSA PRIVATE KEY-----\n"
    text = (f"export GITHUB_TOKEN={token}\nlog line\n" * 20_000) + key + "x = 1\n" + key
    with _cap(60):
        out, _ = redact(text, "scripts/env.sh")
    assert token not in out and key_body.splitlines()[0] not in out
    assert out.count("[REDACTED:github-token]") == 20_000
    assert out.count("[REDACTED:private-key]") == 2 and out.count("log line\n") == 20_000


def test_a_changed_line_longer_than_anyone_reads_is_cut_short_in_the_diff(make_repo) -> None:
    # A one-line data file (a packed table) that no rule leaves out: its hunks would be one
    # enormous line each, so each is cut to its start and length; the rest stays whole.
    values = [str(i * 7919 % 10007) for i in range(900)]
    table = "TABLE = [" + ", ".join(values) + "]\n"
    repo = make_repo({"app.py": "def main():\n    return 1\n", "table.py": table})
    (repo / "table.py").write_text(table.replace("[", "[0, ", 1))
    (repo / "app.py").write_text("def main():\n    return 2\n")
    git(repo, "commit", "-qam", "change")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD"))
    diff = pack.output[pack.output.index("<diff") :]
    assert "+TABLE = [0, 0, 7919, " in diff and f"… [{len(table) + 2:,} characters]" in diff
    assert f", {values[-1]}]" not in diff and "+    return 2" in diff


@pytest.mark.parametrize(
    "text",
    [
        "pass" * 25_000,
        "key." * 25_000,
        "token_" * 17_000 + "=",
        "ENV " + "auth" * 25_000,
        "key=abcd," * 10_000,
    ],
)
def test_every_rule_is_linear_without_re2(text: str) -> None:
    # Where RE2 has no wheel the rules run on Python's `re`, which backtracks: a 100 kB word
    # made of a secret's name words (a base64 blob, a minified file) must not take minutes.
    with _cap(30):
        for rule in RULES:
            for _ in re.finditer(rule.pattern, text + "\n"):
                pass
