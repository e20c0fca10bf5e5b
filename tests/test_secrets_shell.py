"""Secrets in shell command lines (an env prefix, `export` with more after it, `env`,
`docker run -e`, `--password=` and `--token VALUE` flags) are redacted wherever such lines
sit: scripts, CI YAML, Makefiles, Dockerfiles, Markdown and strings in code. Only the value
goes; references, placeholders and media types stay."""

from __future__ import annotations

import random
import string

import pytest

from repoview.packer import PackOptions, build_pack
from repoview.secrets import redact


def rand(n: int, seed: int) -> str:
    """A random-looking value built at run time (no credential-shaped literal in the source)."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


# Each line holds `{v}` where a secret goes, and what must stay of it once redacted.
_COMMAND_LINES = [
    ("ci.sh", "export GITHUB_ACTIONS=true GITHUB_TOKEN={v} OTHER=1", "OTHER=1"),
    ("ci.sh", "GITHUB_API_URL=http://x GITHUB_TOKEN={v} repoview ci", "repoview ci"),
    ("ci.sh", "env API_KEY={v} ./run", "./run"),
    ("ci.sh", "docker run -e DB_PASSWORD={v} img", "img"),
    ("ci.sh", "mysql -u root --password={v} db", "db"),
    ("ci.sh", 'PGPASSWORD="{v}" psql -h x', "psql -h x"),
    ("ci.sh", "gh auth login --token {v} --hostname x", "--hostname x"),
    ("ci.sh", "SECRET_KEY={v} ./manage.py check && echo ok", "&& echo ok"),
    ("ci.sh", "TOKEN={v}; ./deploy", "./deploy"),
    (".github/workflows/wf.yml", "      - run: API_TOKEN={v} make deploy", "make deploy"),
    ("Makefile", "deploy:\n\tSECRET_KEY={v} ./deploy.sh", "./deploy.sh"),
    ("Dockerfile", "RUN NPM_TOKEN={v} npm ci", "npm ci"),
    ("README.md", "```sh\nAPI_TOKEN={v} ./run --verbose\n```", "./run --verbose"),
    ("deploy.py", 'os.system("PGPASSWORD={v} pg_dump app > dump.sql")', "pg_dump app"),
    ("compose.yml", 'environment:\n  - "DB_PASSWORD={v}"', "DB_PASSWORD="),
    ("Makefile", "dump:\n\t@PGPASSWORD={v} pg_dump db", "pg_dump db"),
    ("Makefile", "API_KEY := {v}", "API_KEY :="),
    ("Makefile", "API_KEY ?= {v}", "API_KEY ?="),
    ("ci.sh", "docker run --env=API_TOKEN={v} app", "app"),
    ("ci.sh", "kubectl create secret generic a --from-literal=password={v} --dry-run", "--dry-run"),
    ("backup.sh", "mysqldump -u root -p{v} --databases app", "--databases app"),
    ("backup.sh", "mysql -h db -P 3306 -p'{v}' app", "' app"),
    ("sign.sh", "keytool -genkey -keystore a.jks -storepass {v} -alias app", "-alias app"),
    ("sign.sh", "jarsigner -keystore a.jks -keypass {v} app.jar key", "app.jar key"),
    ("Dockerfile", "FROM alpine\nENV API_TOKEN {v}", "ENV API_TOKEN"),
    ("Dockerfile", 'ENV DB_PASSWORD "{v}"', "ENV DB_PASSWORD"),
    ("README.md", "curl 'https://api.service.io/v1/items?token={v}&limit=5'", "&limit=5'"),
    ("app.js", "fetch(`https://api.service.io/hook?access_token={v}`)", "`)"),
    ("app.py", 'URL = "https://api.service.io/v1?x=1&api_key={v}"', '"'),
    ("app.properties", "db.password={v},{v}", "db.password="),
]


@pytest.mark.parametrize(("path", "line", "rest"), _COMMAND_LINES)
def test_a_secret_in_a_command_line_is_redacted(path: str, line: str, rest: str) -> None:
    value = rand(22, seed=len(line))
    text = line.format(v=value) + "\n"
    out, spans = redact(text, path)
    assert value not in out
    assert len(spans) == 1
    assert rest in out  # the command and the name stay; only the value goes


@pytest.mark.parametrize(
    "line",
    [
        "TOKEN=$TOKEN ./run",
        "TOKEN=${TOKEN} ./run",
        'TOKEN="$(vault read -field=token x)" ./run',
        "API_KEY=$$API_KEY ./run",
        "API_TOKEN=<token> make deploy",
        "docker run -e DB_PASSWORD=changeme img",
        "DB_PASSWORD=xxxxxxxx ./run",
        "mysql --password=*** db",
        "curl --token ... https://x",
        "gh auth login --token TOKEN --hostname x",
        "app --password string   the password to log in with",
        "docker login --password-stdin ghcr.io",
        "tool --token-file /run/secrets/token --verbose",
        "f(password=password, user=user)",
        "connect(token=self.token) if ok else None",
        "PASSWORD_FILE=/run/secrets/db ./run",
        "curl 'imap://user;AUTH=EXTERNAL@mail.internal/INBOX;UID=2' --sasl-ir",
        '    "privateKey=server.pem:certKey=server.pem")',
        "keep the rest in place--pass `strict=False` to sort them",
        'echo "export SESSION_SECRET=99ae8af...snip...ec0f262ac" >> ~/.bashrc',
        "mysql -u root -p app",
        'mysql -u root -p"$MYSQL_PASSWORD" app',
        "keytool -list -keystore cacerts -storepass changeit",
        "keytool -list -storepass:env KEYSTORE_PASS",
        "ENV API_KEY ${API_KEY}",
        "ENV TOKEN_FILE /run/secrets/token",
        "curl 'https://api.service.io/items?token=${TOKEN}&page=2'",
        "url = f'{base}?token={token}'",
        "password=secret_value,",
        "password_hashers=argon2,bcrypt_sha256,pbkdf2",
    ],
)
def test_a_reference_or_placeholder_in_a_command_is_kept(line: str) -> None:
    text = line + "\n"
    assert redact(text, "scripts/run.sh") == (text, [])


@pytest.mark.parametrize(
    "line",
    [
        'MEDIA_TYPE_TOKEN_JWT = "application/token-introspection+jwt"',
        'media_type_application_auth_policy_xml = "application/auth-policy+xml"',
        'AUTH_CONTENT = "application/vnd.api+json; charset=utf-8"',
        "token_media: application/jwt",
    ],
)
def test_a_media_type_is_not_a_secret(line: str) -> None:
    text = line + "\n"
    assert redact(text, "src/mimes.py") == (text, [])


def test_a_media_type_shape_does_not_hide_a_secret() -> None:
    value = rand(24, seed=7)
    text = f'API_TOKEN = "application/{value}"\n'
    assert value not in redact(text, "src/config.py")[0]


def test_command_lines_are_redacted_in_the_pack(make_repo) -> None:
    values = [rand(22, seed=100 + i) for i in range(4)]
    repo = make_repo(
        {
            "deploy.sh": (
                f'PGPASSWORD="{values[0]}" psql -h db app\n'
                f"mysql -u root --password={values[1]} app\n"
            ),
            ".github/workflows/ci.yml": (
                f"jobs:\n  x:\n    steps:\n      - run: API_TOKEN={values[2]} make deploy\n"
            ),
            "Makefile": f"deploy:\n\tSECRET_KEY={values[3]} ./deploy.sh\n",
        }
    )
    out = build_pack(PackOptions(path=repo)).output
    assert [v for v in values if v in out] == []
    assert "psql -h db app" in out and "make deploy" in out and "./deploy.sh" in out
