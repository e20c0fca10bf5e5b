"""Secret redaction: one true positive and one look-alike per rule; nothing leaks anywhere."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from repoview.packer import PackOptions, build_pack
from repoview.secrets import RULES, redact

from .conftest import git


def rand(n: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 7) -> str:
    """A random-looking value built at run time (no credential-shaped literal in the source)."""
    rng = random.Random(seed * 1000 + n)
    return "".join(rng.choice(alphabet) for _ in range(n))


B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"
KEY_BODY = "\n".join(rand(64, B64, i) for i in range(6))

# rule -> (a line holding a real-looking secret, the secret itself, a look-alike left alone)
CASES: dict[str, tuple[str, str, str]] = {
    "private-key": (
        f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----",
        KEY_BODY,
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
    ),
    "aws-access-key-id": (
        f"key_id = 'AKIA{rand(16, string.ascii_uppercase + string.digits)}'",
        "AKIA" + rand(16, string.ascii_uppercase + string.digits),
        "key_id = 'AKIAIOSFODNN7EXAMPLE'",
    ),
    "aws-secret-access-key": (
        f"aws_secret_access_key = {rand(40, B64)}",
        rand(40, B64),
        "aws_secret_access_key = os.environ['AWS_SECRET_ACCESS_KEY']",
    ),
    "github-token": (
        f'GITHUB = "ghp_{rand(36)}"',
        "ghp_" + rand(36),
        'ref = "ghp_" + name  # ghp_ prefix only',
    ),
    "gitlab-token": (f"token: glpat-{rand(20)}", "glpat-" + rand(20), "see glpat-docs"),
    "slack-token": (
        f"SLACK = 'xoxb-{rand(11, string.digits)}-{rand(12, string.digits)}-{rand(24)}'",
        f"xoxb-{rand(11, string.digits)}-{rand(12, string.digits)}-{rand(24)}",
        "# tokens look like xoxb-...",
    ),
    "slack-webhook": (
        f"url = 'https://hooks.slack.com/services/T{rand(8, string.ascii_uppercase)}/"
        f"B{rand(8, string.ascii_uppercase)}/{rand(24)}'",
        f"https://hooks.slack.com/services/T{rand(8, string.ascii_uppercase)}/"
        f"B{rand(8, string.ascii_uppercase)}/{rand(24)}",
        "url = 'https://hooks.slack.com/services/<team>/<channel>/<token>'",
    ),
    "stripe-key": (
        f"stripe.api_key = 'sk_live_{rand(24)}'",
        "sk_live_" + rand(24),
        "stripe.api_key = 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'",
    ),
    "google-api-key": (
        f"MAPS = 'AIza{rand(35, string.ascii_letters + string.digits + '-_')}'",
        "AIza" + rand(35, string.ascii_letters + string.digits + "-_"),
        "MAPS = 'AIza' + suffix",
    ),
    "openai-key": (
        f"OPENAI_API_KEY=sk-proj-{rand(48)}",
        "sk-proj-" + rand(48),
        "task-runner and disk-usage-report-for-everything-else",
    ),
    "npm-token": (
        f"//registry.npmjs.org/:_authToken=npm_{rand(36)}",
        "npm_" + rand(36),
        "npm_config_cache=/tmp/npm_cache_dir",
    ),
    "sendgrid-key": (
        f"SG.{rand(22)}.{rand(43)}",
        f"SG.{rand(22)}.{rand(43)}",
        "SG.example.value",
    ),
    "jwt": (
        f"auth = 'eyJ{rand(20)}.eyJ{rand(30)}.{rand(43)}'",
        f"eyJ{rand(20)}.eyJ{rand(30)}.{rand(43)}",
        "prefix = 'eyJ'",
    ),
    "url-password": (
        f"DATABASE = 'postgres://app:{rand(14)}@db.internal:5432/app'",
        rand(14),
        "DATABASE = 'postgres://app:${DB_PASSWORD}@db.internal:5432/app'",
    ),
    "secret-assignment": (
        f'db_password = "{rand(6)}-{rand(8, seed=3)}9!"',
        f"{rand(6)}-{rand(8, seed=3)}9!",
        'password = os.environ["PASSWORD"]; token_type = "bare-quoted-string"',
    ),
}


def test_cases_name_real_rules() -> None:
    assert set(CASES) <= {r.name for r in RULES}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_finds_secret_and_keeps_surroundings(rule: str) -> None:
    line, secret, _ = CASES[rule]
    text = f"before = 1\n{line}\nafter = 2\n"
    out, found = redact(text, "src/settings.py")
    assert secret not in out
    assert f"[REDACTED:{rule}]" in out
    assert out.startswith("before = 1\n") and out.endswith("\nafter = 2\n")
    assert [f.rule for f in found] == [rule]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_leaves_look_alikes_alone(rule: str) -> None:
    _, _, look_alike = CASES[rule]
    text = f"x = 1\n{look_alike}\n"
    assert redact(text, "src/settings.py") == (text, [])


@pytest.mark.parametrize(
    "benign",
    [
        "commit = 'e83c5163316f89bfbde7d9ab23ca2e25604af290'",
        "uuid = '123e4567-e89b-12d3-a456-426614174000'",
        "digest = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'",
        "password = '<your-password-here>'",
        "secret = '{{ vault_secret }}'",
        "API_KEY = 'your-api-key'",
        "token = get_token(user)",
        "password_field = 'password_confirmation'",
        'TOKEN_URL = "https://database.windows.net/"',
        'room = Room(token="Orange-2")',
        'conn.execute(stmt, identity_token="test_schema_2")',
        'engine = create_engine("postgresql://scott:tiger@localhost/test")',
        'password = "changeme"',
        'API_KEY = "dummy-key-for-the-examples"',
        'SECRET_PATH = "/etc/app/secret.key"',
        "PASSWORD_FILE: /run/secrets/db_password",
        "password: ${DB_PASSWORD}",
        'if not strcmp(pwd, "valid_password"):',
        'if (strcmp(token, "FORMAT=32-bit_rle_rgbe") == 0) valid = 1;',
        "const TOKEN_STRINGS = '[A-Za-z0-9._~+/-]+=*'",
    ],
)
def test_placeholders_hashes_and_references_stay(benign: str) -> None:
    text = benign + "\n"
    assert redact(text, "app/config.py") == (text, [])


def test_dummy_credentials_in_tests_are_left_alone() -> None:
    # A real host: a login to an example or loopback host is a fixture in any file.
    text = "url = 'http://user:wonderland7@db.internal/'\npassword = 'hunter22'\n"
    assert redact(text, "tests/test_login.py", strict=True)[1] == []
    assert redact(text, "app/login.py")[1] != []


SECRETS_REPO = {
    "app/settings.py": "DEBUG = True\n" + CASES["github-token"][0] + "\nPORT = 8000\n",
    "app/.env": f"PORT=3000\nDB_PASSWORD={rand(18)}\nAPI_TOKEN='{rand(30)}'\n",
    "deploy/id_rsa": CASES["private-key"][0] + "\n",
    "deploy/server.pem": CASES["private-key"][0] + "\n",
    "deploy/public.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    "docs/guide.md": "Use `ghp_<your token>` in the header.\n",
}
VALUES = ["ghp_" + rand(36), rand(18), rand(30), KEY_BODY.splitlines()[0]]


@pytest.mark.parametrize("fmt", ["xml", "markdown", "plain", "json"])
def test_no_secret_reaches_any_output(make_repo, fmt: str, tmp_path) -> None:
    repo = make_repo(SECRETS_REPO)
    pack = build_pack(PackOptions(path=repo, fmt=fmt))
    for value in VALUES:
        assert value not in pack.output
    by = {f.path: f for f in pack.files}
    assert by["app/settings.py"].redactions == 1 and "PORT = 8000" in by["app/settings.py"].text
    assert by["app/.env"].redactions == 2 and "PORT=3000" in by["app/.env"].text
    reasons = {e.path: e.reason for e in pack.excluded}
    assert reasons == {"deploy/id_rsa": "secret", "deploy/server.pem": "secret"}
    assert "deploy/public.pem" in by and by["docs/guide.md"].redactions == 0
    # Counted as read, before the scan: the redacted files' counts are of their new text.
    from repoview.tokens import load_encoding

    assert pack.total_tokens == len(load_encoding("o200k_base").encode_ordinary(pack.output))


def test_scan_results_are_cached_and_manifest_counts(make_repo, cli) -> None:
    repo = make_repo(SECRETS_REPO)
    for _ in range(2):  # the second run takes the scan from the cache: same result
        r = cli("pack", str(repo), "--manifest", str(repo.parent / "m.json"), "-q")
        assert r.code == 0 and all(v not in r.out for v in VALUES)
        files = {f["path"]: f for f in json.loads((repo.parent / "m.json").read_text())["files"]}
        assert files["app/settings.py"]["redactions"] == 1


def test_no_secret_scan_warns(make_repo, cli) -> None:
    repo = make_repo(SECRETS_REPO)
    r = cli("pack", str(repo), "--no-secret-scan")
    assert r.code == 0 and "ghp_" + rand(36) in r.out
    assert "secret scan is off" in r.err
    # Turned off by the setting, nothing names the flag.
    r = cli("pack", str(repo), env={"REPOVIEW_SECRET_SCAN": "0"})
    assert "($REPOVIEW_SECRET_SCAN)" in r.err and "--no-secret-scan" not in r.err
    summary = cli("pack", str(repo)).err
    assert "secrets   3 redacted in 2 files" in summary
    (repo / "app/settings.py").unlink()  # the one file left with a secret: "1 file"
    git(repo, "commit", "-qam", "drop the settings")
    assert "secrets   2 redacted in 1 file\n" in cli("pack", str(repo)).err


def test_explain_secrets_lists_kept_and_redacted_candidates(make_repo, cli) -> None:
    repo = make_repo(
        {
            "app/auth.py": f'TOKEN_URL = "https://login.internal/oauth2/token"\nAPI_TOKEN = "{rand(32)}"\n',
            "docs/setup.md": "Connect with `postgresql://scott:tiger@localhost/test`.\n",
        }
    )
    manifest = repo.parent / "m.json"
    r = cli("pack", str(repo), "--manifest", str(manifest), "--explain-secrets", "-q")
    assert r.code == 0 and rand(32) not in r.out
    files = {f["path"]: f for f in json.loads(manifest.read_text())["files"]}
    notes = files["app/auth.py"]["secret_candidates"]
    assert [(n["line"], n["action"]) for n in notes] == [(1, "kept"), (2, "redacted")]
    assert "does not say it holds a secret" in notes[0]["why"]
    assert files["docs/setup.md"]["secret_candidates"] == [
        {
            "line": 1,
            "rule": "url-password",
            "action": "kept",
            "why": "a well-known example password",
            "chars": 5,
        }
    ]
    assert all(rand(32) not in json.dumps(n) for n in notes)  # never the value itself
    plain = cli("pack", str(repo), "--manifest", str(manifest), "-q")
    assert plain.code == 0 and "secret_candidates" not in manifest.read_text()
    # With no manifest to hold them, the candidates go to stderr (never their values).
    said = cli("pack", str(repo), "--explain-secrets", "-q")
    assert said.code == 0 and rand(32) not in said.err and "tiger" not in said.err
    assert "repoview: 3 secret candidates in the pack" in said.err
    assert "  app/auth.py:2: redacted (" in said.err
    assert "  docs/setup.md:1: kept (url-password): a well-known example password" in said.err


def test_explain_secrets_covers_the_new_text_a_diff_pack_carries(make_repo, cli) -> None:
    repo = make_repo({"app/auth.py": "def login(user):\n    return user\n"})
    (repo / "app/auth.py").write_text(
        f'API_TOKEN = "{rand(32)}"\n\n\ndef login(user):\n    return user\n'
    )
    # A new file: the diff alone shows it, redacted there.
    (repo / "app/hooks.py").write_text(f'token = "ghp_{rand(36, seed=3)}"\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "tokens")
    manifest = repo.parent / "m.json"
    spec = ("--diff", "HEAD~1..HEAD", "--explain-secrets", "-q")
    r = cli("pack", str(repo), *spec, "--manifest", str(manifest))
    assert r.code == 0 and rand(32) not in r.out and rand(36, seed=3) not in r.out
    rows = {row["path"]: row for row in json.loads(manifest.read_text())["change"]}
    auth, hooks = rows["app/auth.py"], rows["app/hooks.py"]
    assert auth["mode"] == "full" and auth["redactions"] == 1 and auth["diff_redactions"] == 1
    assert [(n["line"], n["action"]) for n in auth["secret_candidates"]] == [(1, "redacted")]
    assert hooks["mode"] == "listed" and hooks["diff_redactions"] == 1
    said = cli("pack", str(repo), *spec)
    assert said.code == 0 and rand(32) not in said.err
    assert "repoview: 3 secret candidates in the pack" in said.err
    assert "  app/auth.py:1 at head: redacted (" in said.err
    assert "  app/hooks.py (its diff): redacted (" in said.err


_B64_FIXTURE = base64.b64encode(b"carol:carols-passphrase").decode()
_B64_WORDS = base64.b64encode(b"session-token-two").decode()


# Code and fixtures that look like `name = secret` or a URL login but hold none: every one
# of them was rewritten by earlier rules, and the model then misread the code around it.
@pytest.mark.parametrize(
    ("path", "line"),
    [
        # printf formats, in C (a PRI macro after the literal), Python and Go
        ("src/daemon.c", '\tstrbuf_addf(reply_token, "watcher:%s:%"PRIx64, name, seq);'),
        ("src/tty.c", 'prompt(password, "%s@%s:%hu/");'),
        ("app/cache.py", 'session_secret = "%(tenant)s-%(shard)d" % row'),
        ("pkg/auth.go", 'check(passwd, "%[1]v@%[2]v:%d")'),
        # shell and build variables at the start of the value
        ("scripts/run.sh", 'CLIENT_SECRET="$STATE_HOME/client-secret.txt"'),
        ("scripts/url.sh", "SERVICE_PASSWORD=$SCHEME://svc%40corp:pw%40corp@$TARGET"),
        ("build.xml", '<filter token="$release-tag$" value="${build.version}"/>'),
        # numbers, timestamps, dates
        ("src/store.c", " *   password_last_set=1698771042"),
        ("t/t7000-bundle.sh", "refreshToken = 98765432109876543210"),
        ("ops/audit.conf", "password_rotated = 2024-03-17"),
        # URL logins to example, loopback and test hosts, or too short to be a password
        ("scripts/mirror.sh", 'git clone "https://alice:wonder7land@example.org/r.git"'),
        ("src/check.c", 'parse("http://svc:Zq81mPx3kT@localhost:8080/")'),
        ("src/check.c", 'parse("redis://:Zq81mPx3kT@127.0.0.1:6379/0")'),
        ("lib/proxy.py", '"""Like http://%PROXYUSER:%PROXYPASS?x=y@proxy.test/ in the fixture."""'),
        ("src/urls.c", 'same_url("x://%4a%6f:%4b^%70@Some.Host", "x://Jo:K%5Ep@some.host/");'),
        # a usage line's optional part, in a netrc entry's form
        ("autoload/netrw.vim", '" Issue an ftp : "machine id password [path/]filename" {{{3'),
        ("docs/ftp.txt", "    machine HOST password host[:port]"),
        # a URL scheme taken for `name:`; a `user@host` taken for a password
        ("docs/setup.adoc", "credential.https://code.internal.useHttpPath=true::"),
        ("t/t5000-http.sh", "echo password=alpha@bravo"),
        # base64 of readable fixture text (`user:password`, a made-up token)
        ("t/t5001-http-auth.sh", f"credential={_B64_FIXTURE}"),
        ("t/t5001-http-auth.sh", f"credential={_B64_WORDS}"),
        # keyword arguments, dotted names, type annotations and aliases
        ("app/db.py", "    conn = connect(host=host, password=password, timeout=5)"),
        ("app/tls.py", "    key = load_key(data, password=self.tls_key_password)"),
        ("app/tls.py", "def load_chain(self, certfile, keyfile=None, password=None):"),
        ("app/filters.py", "pass_filter = filters2.pass_filter"),
        ("app/auth.py", "    credentials: OIDCCredentials"),
        ("app/auth.py", "    private_key: x448.X448PrivateKey"),
        ("app/auth.py", 'def check(api_auth: "HTTPAPIKeyAuth") -> bool:'),
        ("app/auth.py", "    :type credential: ~storage.auth.SASTokenProvider"),
        ("lib/compat.py", 'moved("SMTPPasswordMgr", "mailer2", "mail.client"),'),
        ("lib/ciphers.py", "_ECPrivateKey = ECPrivateKey"),
        ("app/worker.py", "    def stop(self, sig=signal.SIGTERM):"),
        ("app/odbc.py", '    "DSN=main;UID=app;PWD=(anything);"'),
        ("web/app.js", 'label("Saved Tokens: ",row.meta?.saved_tokens??"None")'),
        # placeholder words with a digit or punctuation, examples cut short, schemas
        ("app/demo.py", 'login(user="ada", password="password7")'),
        ("app/schema.py", '    "passphrase": "string?",'),
        ("docs/api.json", '      "SessionToken": "AQoDYXdzEJr9Xq...",'),
        # regular expressions, paths and JSON pointers
        ("app/scan.py", 'AUTH_TOKEN_RULE = "(?:Bearer|Token)[:=][A-Za-z0-9]+"'),
        ("app/data.py", 'cls.ca = load(join(pwd, "./fixtures/tls-ca-2.pem"))'),
        ("api/openapi.json", '"api_key": "#/components/schemas/ApiKeyAuthV2",'),
        # timestamps and tokens that page through results
        ("api/examples.json", '"PasswordLastUsed": "2019-05-02T08:13:55Z",'),
        ("api/examples.json", f'"NextPageToken": "{rand(40, B64)}==",'),
        # code that writes a key's markers around the key it encodes; a list of choices
        (
            "tls/Held.kt",
            '      append("-----BEGIN PRIVATE KEY-----\\n")\n'
            "      append(encodeBase64Lines(keyPair.private.encoded.toByteString()))\n"
            '      append("-----END PRIVATE KEY-----\\n")',
        ),
        ("UPGRADING.md", "- `auth`: array of `'username', 'password', 'Basic|Digest|NTLM|Any'`."),
        ("src/Console/DbCommand.php", "  'password' => '--password='.$connection['password'],"),
        ("test/channels_test.exs", '  csrf_token_query = "&_csrf_token=" <> encode(body)'),
        (
            "src/Auth/Hashing.php",
            "  'password' => '$2y$04$kR1ISPB1GSg2ds9fwA7/seuVDIfOAd69GaXaXhzwzfM2Z4OHYbqua',",
        ),
        ("tests/LoggingTest.kt", "      |user=test_user&\n      |password=confidential_password&"),
    ],
)
def test_ordinary_code_is_not_rewritten(path: str, line: str) -> None:
    text = line + "\n"
    assert redact(text, path) == (text, [])


# What those rules must still catch: the same shapes holding a value that looks real.
@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f'db_password = "{rand(4)}%d{rand(9, seed=11)}"', f"{rand(4)}%d{rand(9, seed=11)}"),
        (f'db_password = "$Kx9!{rand(10)}"', f"$Kx9!{rand(10)}"),
        (
            f"credential={base64.b64encode(f'deploy:{rand(14)}!7'.encode()).decode()}",
            base64.b64encode(f"deploy:{rand(14)}!7".encode()).decode(),
        ),
        (
            f"credential={base64.b64encode(rand(30).encode()).decode()}",
            base64.b64encode(rand(30).encode()).decode(),
        ),
        (f"dsn = 'mysql://app:{rand(16)}@db.prod.internal:3306/app'", rand(16)),
        (f"url = 'https://bot:{rand(16)}@examples.io/'", rand(16)),
        (f'db_password = "Qx{rand(6)}.Zv{rand(8)}"', f"Qx{rand(6)}.Zv{rand(8)}"),
        (f'secret_key = "/{rand(38, B64)}="', f"/{rand(38, B64)}="),
        (f'"PasswordLastSet": "{rand(20)}",', rand(20)),
        # an Ed25519 key in PEM is short (118 characters), and a key in a string literal
        (
            f"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI{rand(43, B64)}\n"
            "-----END PRIVATE KEY-----",
            f"MC4CAQAwBQYDK2VwBCIEI{rand(43, B64)}",
        ),
        (
            f'const key = "-----BEGIN PRIVATE KEY-----\\n{rand(64, B64)}\\n'
            '-----END PRIVATE KEY-----";',
            rand(64, B64),
        ),
        # a key written as short string literals joined with +
        (
            'k = "-----BEGIN PRIVATE KEY-----\\n" + '
            + " + ".join(f'"{rand(32, B64, i)}"' for i in range(4))
            + ' + "\\n-----END PRIVATE KEY-----"',
            rand(32, B64, 2),
        ),
        # a passphrase in a URL, and a password of two words joined by |
        ('DB = "postgres://admin:red%20fox%20jumps%20high@db.acme-prod.net:5432/app"', "red%20fox"),
        ('password = "Orchid|Kestrel"', "Orchid|Kestrel"),
    ],
)
def test_look_alike_shapes_with_real_values_are_redacted(line: str, secret: str) -> None:
    out, found = redact(line + "\n", "app/settings.py")
    assert found and secret not in out


def test_a_key_block_is_known_by_its_end_line() -> None:
    # An encrypted key may open with a label of its own; its END line says what it is.
    key = (
        "-----BEGIN ENCRYPTED RSA KEY-----\nProc-Type: 4,ENCRYPTED\n"
        f"DEK-Info: DES-EDE3-CBC,4E4B4D3D2B1A0F0E\n\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----"
    )
    out, found = redact(f'KEY = b"""{key}"""\n', "app/keys.py")
    assert [r.rule for r in found] == ["private-key"]
    assert KEY_BODY not in out and "Proc-Type" not in out
    # A public key's block before a private key stays: the redaction starts at the private one.
    public = f"-----BEGIN PUBLIC KEY-----\n{rand(64, B64, 9)}\n-----END PUBLIC KEY-----"
    text = f"{public}\nnext:\n-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n"
    out, found = redact(text, "app/keys.txt")
    assert len(found) == 1 and public in out and KEY_BODY not in out


def test_authorization_headers_are_judged_by_what_they_carry() -> None:
    basic = base64.b64encode(b"someone:not-a-real-password").decode()
    hex_token = rand(48, "0123456789abcdef")
    fixture = f"GET /api HTTP/1.1\nAuthorization: Bearer {hex_token}\n"
    # Basic credentials of a placeholder pair are left alone
    assert redact(f'curl -H "Authorization: Basic {basic}" "$URL"\n', "run.sh")[1] == []
    # a hex token after `Bearer` (in a test's data too: no digest follows `Bearer`), and
    # Basic credentials of a real-looking pair, are not
    assert hex_token not in redact(fixture, "tests/data/test812", strict=True)[0]
    assert hex_token not in redact(fixture, "scripts/call.sh")[0]
    real = base64.b64encode(f"deploy:{rand(16)}".encode()).decode()
    assert real not in redact(f"Authorization: Basic {real}\n", "run.sh")[0]
    # a form's percent-encoded words are words; an encoded random password is not
    form = 'check(b"username=user&password=secure%20password")\n'
    assert redact(form, "src/raw_form.rs")[1] == []
    url = 'DB = "postgres://admin:Xk9%23mQ2vL7pR4z@db:5432/app"\n'
    assert "Xk9%23mQ2vL7pR4z" not in redact(url, "src/settings.py")[0]
    # a test's Unicode pair is read as the text it is, as an ASCII one is
    word = base64.b64encode("русский:Буквы".encode()).decode()
    assert redact(f'h = {{"Authorization": "Basic {word}"}}\n', "tests/t.py", strict=True)[1] == []


@pytest.mark.parametrize(
    "token",
    [
        f"{rand(10, string.digits)}:AA{rand(32, URLSAFE)}-",
        f"sha256~{rand(42, URLSAFE)}-",
        f"y1_{rand(54, URLSAFE)}-",
        "ops_eyJ" + rand(120, B64) + "Your" + rand(160, B64),
        f"ghp_{rand(10)}fAkE{rand(22)}",
        f"AIza{rand(12)}yOuR{rand(19)}",
    ],
)
def test_tokens_ending_in_a_dash_or_holding_a_word_by_chance_are_redacted(token: str) -> None:
    for line in (f'BOT = "{token}"\n', f"bot: {token}\n", f"BOT={token}\n"):
        out, found = redact(line, "deploy/settings.py")
        assert found and token not in out


def test_random_values_are_not_taken_for_names() -> None:
    # The rules that keep `credentials: OIDCCredentials` must not keep a random token that
    # happens to look a little like a name: none of 3,000 may survive, quoted or bare.
    rng = random.Random(2026)
    alphabet = string.ascii_letters + string.digits
    values = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(16, 32))) for _ in range(3000)
    ]
    for make in ('api_token = "{}"\n', "credentials: {}\n"):
        kept = [v for v in values if v in redact(make.format(v), "app/settings.py")[0]]
        assert kept == []


@pytest.mark.parametrize(
    "line",
    [
        'db_password = "a=Xk29vLq!8mZpR4wT"',
        'api_token = "token=9f8e7d6c5b4a39281706f5e4d3c2b1a0"',
        'secret = "KEY=c2VjcmV0LXZhbHVlMTIzNDU2Nzg5MA=="',
    ],
)
def test_a_secret_written_as_name_equals_value_is_still_a_secret(line: str) -> None:
    out, found = redact(line + "\n", "app/config.py")
    assert found and "[REDACTED:" in out


def test_key_files_are_judged_by_their_armour(make_repo) -> None:
    repo = make_repo(
        {
            "main.c": "int main(void) { return 0; }\n",
            "sig/v1.0.tar.gz.asc": "-----BEGIN PGP SIGNATURE-----\n\niQIzBAABCAAd\n"
            "-----END PGP SIGNATURE-----\n",
            "sig/release.key": "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n"
            "-----END PGP PUBLIC KEY BLOCK-----\n",
            "test/ssl/server.key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n"
            "-----END RSA PRIVATE KEY-----\n",
            "keys/backup.asc": "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBF\n"
            "-----END PGP PRIVATE KEY BLOCK-----\n",
            # a key with no armour at all: hex, or base64 of an encrypted secret key
            "config/master.key": "d3b07384d113edec49eaa6238ad5ff00c86e3bb2d7b4f1a8\n",
            "updater/update.key": base64.b64encode(b"untrusted comment: rsign secret key").decode(),
            # named for no kind of file: its first line says what it holds
            "deploy_key": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
            "-----END OPENSSH PRIVATE KEY-----\n",
            # what OpenSSL writes before an EC key
            "certs/client": "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
            "-----END EC PARAMETERS-----\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n"
            "-----END EC PRIVATE KEY-----\n",
            # Terraform's state: every attribute in clear, a generated password's too
            "infra/terraform.tfstate": '{"version": 4, "resources": [{"type": "random_password",'
            ' "instances": [{"attributes": {"result": "hT3kPq9ZxV7mW2nB5cR8yL4d"}}]}]}\n',
            "infra/terraform.tfstate.backup": '{"version": 4, "resources": []}\n',
            # a block inside code: redacted where it stands, the file kept
            "src/keys.py": 'KEY = """-----BEGIN OPENSSH PRIVATE KEY-----\n'
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            "QyNTUxOQAAACBqW7Hk2vTnX9cLr4pQzE1sYfU8mJd3aKoV6gRtNbHy0wAAAJg5xQd2OcUH\n"
            '-----END OPENSSH PRIVATE KEY-----\n"""\n',
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    assert {e.path: e.reason for e in pack.excluded} == {
        "deploy_key": "secret",
        "certs/client": "secret",
        "test/ssl/server.key": "secret",
        "keys/backup.asc": "secret",
        "config/master.key": "secret",
        "updater/update.key": "secret",
        "infra/terraform.tfstate": "secret",
        "infra/terraform.tfstate.backup": "secret",
        # a signature and a public key are no secrets, and no reading either
        "sig/v1.0.tar.gz.asc": "generated",
        "sig/release.key": "generated",
    }
    assert "PRIVATE" not in pack.output and "hT3kPq9Z" not in pack.output
    kept = build_pack(PackOptions(path=repo, cache=False, default_excludes=False))
    assert "PGP SIGNATURE" in kept.output and "PRIVATE" not in kept.output


def test_code_that_names_a_key_or_passes_a_password_is_not_redacted() -> None:
    code = (
        "PrivateKey = ed25519.Ed25519PrivateKey\n"
        "self.credentials.blob = keydata.publicDSA_openssh\n"
        "key = Key.fromFile(path, password=answer).keyObject\n"
    )
    assert redact(code, "pkg/keys.py")[0] == code
    leaked = 'api_key = "Xk9fQ2mZpL7wR4tYvB3n"\n'
    assert "Xk9fQ2mZpL7wR4tYvB3n" not in redact(leaked, "pkg/keys.py")[0]


def test_a_real_password_holding_a_common_one_is_redacted() -> None:
    env = (
        "DB_PASSWORD=Acme123456!Prod\nDATABASE_URL=mysql://admin:s3cr3tPa55w0rdZq81@10.0.3.7/app\n"
    )
    out = redact(env, ".env")[0]
    assert "Acme123456" not in out and "Pa55w0rd" not in out
    example = 'engine = create_engine("postgresql://scott:tiger@localhost/test")\n'
    assert redact(example, "app/db.py")[0] == example  # the well-known example itself stays


def test_an_alphabet_given_to_a_secrets_name_is_not_a_secret() -> None:
    code = 'static const char key_chars[] = "0123456789abcdefABCDEF";\n'
    assert redact(code, "src/auth.c")[0] == code


def test_a_password_with_a_bracket_or_a_run_of_digits_is_still_redacted() -> None:
    for value in ("Tr0ub4dor)3&xQ9", "Acme1234567890", "MyPass123456789"):
        assert value not in redact(f'DB_PASSWORD = "{value}"\n', "config.py")[0]


def test_a_private_key_cut_short_before_a_whole_one_is_redacted_too() -> None:
    # (a key pasted without its END line, then a whole one: the first block's body must not
    # stay because its END never came)
    cut = rand(64, B64, 11)
    text = (
        f"-----BEGIN RSA PRIVATE KEY-----\n{cut}\n{cut[::-1]}\n\n"
        f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n"
    )
    out, found = redact(text, "app/keys.txt")
    assert cut not in out and cut[::-1] not in out and KEY_BODY not in out
    assert [r.rule for r in found] == ["private-key", "private-key"]
    # A line that names the markers with no key after them is not a key.
    out, found = redact('HEADER = "-----BEGIN PRIVATE KEY-----"\n', "app/pem.py")
    assert not found


def test_the_summary_counts_what_the_diff_redacts(make_repo, cli) -> None:
    repo = make_repo({"app.py": "x = 1\n"})
    (repo / "config.yml").write_text("db:\n  password: Qw7nVb2LmZ9xPe4R\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "config")
    r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "-o", str(repo.parent / "d.xml"))
    assert r.code == 0, r.err
    line = next(x for x in r.err.splitlines() if x.strip().startswith("secrets"))
    assert ", 1 in the diff of 1" in line, line


def test_a_line_a_reason_quotes_is_scanned_only_when_it_could_hold_a_credential(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import repoview.secrets as secrets

    scanned: list[str] = []
    real = secrets.redact

    def counting(text: str, path: str) -> tuple[str, list[secrets.Redaction]]:
        scanned.append(text)
        return real(text, path)

    monkeypatch.setattr(secrets, "redact", counting)
    # (markers as generated files carry them: a pack that only quotes them builds no rule)
    for marker in (
        "// Code generated by protoc-gen-go. DO NOT EDIT.",
        "# Auto-generated by Tools/scripts/generate_re_casefix.py.",
        "/*[clinic end generated code: output=da39a3ee5e6b4b0d input=3c81ac2402d06a8b]*/",
    ):
        assert secrets.scrub_quote(marker, "gen.py") == marker
    assert scanned == []
    token = "https://bot:ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVc@git.example.org/x.go"
    assert "ghp_" not in secrets.scrub_quote(token, "gen.py")
    for line in ("https://user:pw@example.org/x", "generated with TOKEN=abc"):
        secrets.scrub_quote(line, "gen.py")
    assert len(scanned) == 3
