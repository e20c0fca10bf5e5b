"""Secrets that reached a user through the surfaces beyond the pack's file text: the web
report's file view, the commit log of `--include-logs`, file names."""

from __future__ import annotations

import json

from repoview.packer import PackOptions, build_pack
from repoview.secrets import redact

from .conftest import git
from .test_web import get, make_app, rid_of

# An OpenSSH private key's armour and the first line of its body (a test fixture's key).
KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
PRIVATE_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    f"{KEY_BODY}\nQyNTUxOQAAACBqZ3Vv7X1m0kzW2b4H0n8l5cQk1YbQ9dY2x3mJwq4uTAAAAJgK3v0\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)


def _module(n: int) -> str:
    return "".join(
        f'def f{i}(x):\n    """Step {i} of module {n}."""\n    return x * {i}\n\n'
        for i in range(40)
    )


def test_web_file_view_redacts_a_file_the_pack_only_lists(make_repo) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {f"src/m{n}.py": _module(n) for n in range(30)}
    # (a key inside code: a file that opens with one is left out whole, as a key file)
    files["tests/fixture_key.py"] = f'KEY = """{PRIVATE_KEY}"""\n'
    files["tests/settings.env"] = "DB_PASSWORD=Vq7H9mXqXSF6ImZf\n"
    # A small window: the pack cannot show every file, and lists the fixtures by name.
    files[".repoview.toml"] = '[review]\nmodel = "moonshot-v1-8k"\n'
    repo = make_repo(files)
    app = make_app(repo)
    client = app.test_client()
    rid = rid_of(app)
    overview = get(client, f"/r/{rid}/").text
    assert 'data-path="tests/fixture_key.py" data-mode="listed"' in overview
    key = get(client, f"/r/{rid}/file/tests/fixture_key.py")
    assert key.status_code == 200 and KEY_BODY not in key.text
    assert "[REDACTED:private-key]" in key.text and "1 secret(s) redacted" in key.text
    env = get(client, f"/r/{rid}/file/tests/settings.env")
    assert env.status_code == 200 and "Vq7H9mXqXSF6ImZf" not in env.text


def test_include_logs_redacts_a_key_in_a_commit_message(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"conf.py": "DEBUG = True\n"})
    (repo / "conf.py").write_text("DEBUG = False\n")
    stripe = "sk_live_" + "p0DA8SZGz5mVIWxalrgGaT0p"
    git(repo, "commit", "-qam", f"Staging uses {stripe}\n\nRotate it after the demo.")
    pack = build_pack(PackOptions(path=repo, include_logs=2))
    assert "Staging uses [REDACTED:stripe-key]" in pack.output
    assert stripe not in pack.output and "Rotate it after the demo." in pack.output
    # With the scan turned off, the log is copied as it is, like the files.
    raw = build_pack(PackOptions(path=repo, include_logs=2, secret_scan=False))
    assert stripe in raw.output


def test_a_files_password_quoted_in_a_commit_message_is_redacted_in_the_log(
    make_repo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    password = "Xk9mP2qL7vWzR4"
    big = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(400))
    repo = make_repo({"settings.py": f'DB_PASSWORD = "{password}"\n', "core.py": big})
    (repo / "notes.py").write_text("x = 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"connect with {password} for now")  # (no name says what it is)
    home = tmp_path / "home"
    # Cold and warm (the files' scans then come from the cache, as the fit shows them), and
    # under a budget that lists the file that holds it (a listed file is shown no text).
    for opts in (
        PackOptions(path=repo, home=home, include_logs=5),
        PackOptions(path=repo, home=home, include_logs=5),
        PackOptions(path=repo, home=home, include_logs=5, budget=1_200),
    ):
        pack = build_pack(opts)
        assert "connect with [REDACTED:known-secret] for now" in pack.output
        assert password not in pack.output
    assert {f.path: f.mode for f in pack.files}["core.py"] == "listed"


def test_a_password_under_a_pw_name_is_redacted() -> None:
    value = "Zr8qWm3KtY7vLp2N"
    env = f"DB_PW={value}\nLDAP_BIND_PW={value}\n"
    assert redact(env, ".env")[0] == (
        "DB_PW=[REDACTED:secret-assignment]\nLDAP_BIND_PW=[REDACTED:secret-assignment]\n"
    )
    for line in (f'db_pw = "{value}"\n', f'bindPw = "{value}"\n', f"ldap.bind_pw: {value}\n"):
        assert value not in redact(line, "app/settings.py")[0], line
    # `pw` only as a whole part of the name: `pwm`, a path to a file, a hash stay.
    kept = f'x_pwm = "{value}"\nDB_PW_FILE = "/run/secrets/db"\nPWM_LEVEL=12\n'
    assert redact(kept, "app/settings.py")[0] == kept


def test_a_weak_password_with_a_word_of_its_own_is_redacted() -> None:
    url = "DATABASE_URL=mysql://admin:Acme123456!@10.0.3.7/app\n"
    assert (
        redact(url, ".env")[0]
        == "DATABASE_URL=mysql://admin:[REDACTED:url-password]@10.0.3.7/app\n"
    )
    # One written twice with a few more is no longer the example (`hunter2` and 10 more).
    env = "password=hunter2hunter2XyZ\n"
    assert redact(env, ".env")[0] != env
    # Nor is an example word beside a random part: someone's secret with a word in front.
    for value in ("changeme-Xk29fLq8", "example_Xk29fLq8mZ"):
        env = f"DB_PASSWORD={value}\n"
        assert value not in redact(env, ".env")[0], value
    for value in ("your_api_key_here", "AKIAIOSFODNN7EXAMPLE", "changeme-please"):
        env = f"DB_PASSWORD={value}\n"
        assert redact(env, ".env")[0] == env, value
    # The well-known ones, give or take a digit or a mark or a placeholder word, stay.
    for value in ("hunter2!", "Passw0rd!", "admin123456", "qwertyuiop"):
        line = f"url = 'mysql://app:{value}@db.internal/app'\n"
        assert redact(line, "app/db.py")[0] == line, value


def test_a_page_with_no_site_of_its_own_cannot_post(make_repo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"a.py": "x = 1\n"})
    other = tmp_path / "other"
    other.mkdir()
    app = make_app(repo, root=tmp_path)
    client = app.test_client()
    data = {"path": str(other), "csrf_token": app.config["CSRF_TOKEN"]}
    # A sandboxed frame, a file:// or a data: page says `Origin: null`, token or not.
    r = client.post("/repos", data=data, headers={"Host": "127.0.0.1:8765", "Origin": "null"})
    assert r.status_code == 403 and "another site" in r.text
    # The report's own pages keep their origin on the way out to themselves.
    page = get(client, "/")
    assert page.headers["Referrer-Policy"] == "same-origin"
    same = {"Host": "127.0.0.1:8765", "Origin": "http://127.0.0.1:8765"}
    assert client.post("/repos", data=data, headers=same).status_code == 302


def test_a_file_named_with_a_token_is_left_out_and_never_named(make_repo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token = "ghp_" + "VuTTjvN5wnxXxdJB2VUPzYic5M8cgwuzva23"
    repo = make_repo({"app.py": "x = 1\n"})
    (repo / "deploy").mkdir()
    (repo / "deploy" / f"backup-{token}.json").write_text('{"a": 1}\n')
    (repo / "app.py").write_text("x = 2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Add a backup")
    home = tmp_path / "home"
    pack = build_pack(PackOptions(path=repo, home=home))
    assert token not in pack.output and "app.py" in {f.path for f in pack.files}
    excluded = [(e.path, e.reason, e.detail) for e in pack.excluded]
    named = "deploy/backup-[REDACTED:github-token].json"
    assert excluded == [(named, "secret", "a credential in its name")]
    pack = build_pack(PackOptions(path=repo, home=home, diff="HEAD~1", include_logs=2))
    assert token not in pack.output
    assert "# deploy/backup-[REDACTED:github-token].json: +1 -0 lines, not shown" in pack.output
    assert token not in json.dumps(pack.changed)
    # Nothing repoview keeps on disk names it either.
    assert all(token.encode() not in p.read_bytes() for p in home.rglob("*") if p.is_file())
    # With the scan off, the file is packed as it is.
    assert token in build_pack(PackOptions(path=repo, home=home, secret_scan=False)).output


def test_a_hunk_headers_line_of_the_file_is_scanned(make_repo) -> None:  # type: ignore[no-untyped-def]
    # Git names the nearest line above a hunk that starts with a letter after its `@@`: in a
    # settings file, the password line above the change.
    key, password = "Zq8vN3kLp2Xr7Tm4Wy9B", "Qm7#Lr2vXn9TkW"
    repo = make_repo(
        {
            "deploy/app.env": f"API_KEY={key}\nA=1\nB=2\nC=3\n",
            "config.ini": f"[db]\npassword = {password}\nA=1\nB=2\nC=3\n",
        }
    )
    (repo / "deploy/app.env").write_text(f"API_KEY={key}\nA=1\nB=2\nC=3\nE=5\n")
    (repo / "config.ini").write_text(f"[db]\npassword = {password}\nA=1\nB=2\nC=3\nE=5\n")
    git(repo, "commit", "-qam", "more settings")
    out = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD")).output
    heads = [line for line in out.splitlines() if line.startswith("@@")]
    assert len(heads) == 2 and all("[REDACTED:" in h for h in heads), heads
    assert key not in out and password not in out


def test_a_generated_key_holding_shapes_of_code_is_redacted() -> None:
    # Django's keys and WordPress's salts mix in `(`, `%` and braces: `w(`, `%d` or `{x`
    # in them is chance, not a call, a format or a template.
    for path, line, value in (
        (
            "proj/settings.py",
            'SECRET_KEY = "{v}"',
            "django-insecure-o9s2@7fv_38to*zhl1d(qe2)@&p5d6",
        ),
        (
            "proj/settings.py",
            "SECRET_KEY = '{v}'",
            "l!t+dmzf97rt9s*yrsux1py_1@odvz1szr&6&m!f@-nxq6k%%p",
        ),
        (
            "wp-config.php",
            "define('AUTH_KEY', '{v}');",
            "D3RcE.+NKd@q2^$hQ$x?sE@Hs,>7e+L&6D?OQs#29.HIp|*q4([JZh{^VU=",
        ),
    ):
        text = line.format(v=value) + "\n"
        assert value not in redact(text, path)[0], line
    # a password policy's pattern is kept
    text = 'PASSWORD_PATTERN = "^(?=.*[A-Z])(?=.*[!@#$%^&*]).{8,}$"\n'
    assert redact(text, "app/settings.py") == (text, [])


def test_an_httpie_login_is_redacted() -> None:
    value = "Qz5vN8kLp3Wr"
    for line in (
        f"http -a admin:{value} POST https://api.acme-corp.io/deploy\n",
        f"https --session=ci -a 'deploy:{value}' example.org/hook\n",
        f"  http --auth admin:{value} :8080/status\n",
    ):
        out = redact(line, "scripts/notify.sh")[0]
        assert value not in out and "[REDACTED:" in out, line
    # The documentation's example and a login read from the environment stay.
    kept = "http -a username:password pie.dev/basic-auth\nhttp -a $USER:$PASS example.org\n"
    assert redact(kept, "docs/README.md")[0] == kept
    assert redact(kept, "scripts/notify.sh")[0] == kept
