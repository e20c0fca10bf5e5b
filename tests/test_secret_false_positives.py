"""Code the secret scan must leave alone: a declared optional type, a key's name in a constant;
and the real values of the same shapes, which it must still redact."""

from __future__ import annotations

import random
import string

import pytest

from repoview.packer import PackOptions, build_pack
from repoview.secrets import redact


def rand(n: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 3) -> str:
    """A random-looking value built at run time (no credential-shaped literal in the source)."""
    rng = random.Random(seed * 1000 + n)
    return "".join(rng.choice(alphabet) for _ in range(n))


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("Sources/Core/Request.swift", "        var credential: URLCredential?"),
        ("Sources/Auth/State.swift", "    var password: SecureString?"),
        ("Sources/Auth/State.swift", "    var token: AccessToken?"),
        ("Sources/Auth/State.swift", "    let secretToken: TokenStorage!"),
        ("Sources/Auth/State.swift", "    private var authToken: AuthTokenStorage?"),
        ("Sources/Auth/State.swift", "    @Published private(set) var userPassword: SecureString?"),
        ("Sources/Auth/Keys.swift", "    var privateKey: P256.Signing.PrivateKey?"),
        ("app/src/main/kotlin/Session.kt", "    override val credentials: OAuthCredentials?"),
        ("app/src/main/kotlin/Session.kt", "    lateinit var credential: URLCredential!"),
    ],
)
def test_a_declared_optional_type_is_not_a_value(path: str, line: str) -> None:
    text = line + "\n"
    assert redact(text, path) == (text, [])


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("discovery/oci.go", "\t\tpassphrasePtr = &passphrase"),
        ("discovery/oci.go", "\ttoken = *secretToken"),
        ("src/auth.rs", "    let secret_key = &mut keyMaterial"),
    ],
)
def test_a_pointer_to_a_variable_is_not_a_value(path: str, line: str) -> None:
    text = line + "\n"
    assert redact(text, path) == (text, [])


@pytest.mark.parametrize(
    "line",
    [
        "const password = args.changeSet?.payload.password",
        "const secret = args?.secret",
        "let token = user?.session!.token",
        "val apiKey = options!!.apiKeyValue",
    ],
)
def test_optional_chaining_without_a_semicolon_is_code(line: str) -> None:
    # (with a `;` after it the line was already read as code)
    text = line + "\n"
    assert redact(text, "src/hooks.ts") == (text, [])


def test_a_constant_naming_a_key_is_not_a_secret() -> None:
    text = "      GLOBAL_TOKEN_IDENTIFIER = '!real_csrf_token'\n"
    assert redact(text, "lib/rack/protection/authenticity_token.rb") == (text, [])


@pytest.mark.parametrize(
    ("path", "line", "secret"),
    [
        # a value after `name:` that only looks like a type: YAML declares nothing
        ("config/database.yml", "  password: Welcome!", "Welcome!"),
        ("config/database.yml", "  credential: URLCredential?", "URLCredential?"),
        # a declaration whose "type" has a digit is a password written after it
        ("Sources/Config.swift", "    var password: Summer2024!", "Summer2024!"),
        ("Sources/Config.swift", f'    let token = "ghp_{rand(36)}"', f"ghp_{rand(36)}"),
        ("Sources/Config.swift", f'    let apiToken = "{rand(24)}?"', f"{rand(24)}?"),
        (
            "config/app.rb",
            f"API_KEY = '{rand(32, '0123456789abcdef')}'",
            rand(32, "0123456789abcdef"),
        ),
        ("config/app.rb", "password = 'Acme123456!'", "Acme123456!"),
        # a mark before a value that is no variable's name
        ("config/app.ini", f"token = &{rand(28)}", f"&{rand(28)}"),
        # outside code that takes addresses, `&` or `*` is part of the password
        ("src/main/resources/app.properties", "db.password=&Dragon_Slayer", "&Dragon_Slayer"),
        ("config/settings.ini", "SECRET_KEY = *Correct_Horse_Battery", "*Correct_Horse_Battery"),
        ("config/app.rb", f"SESSION_SECRET = '!{rand(20)}'", f"!{rand(20)}"),
        ("config/app.rb", "DB_PASSWORD = '!staging_db_2024'", "!staging_db_2024"),
    ],
)
def test_real_values_of_those_shapes_are_redacted(path: str, line: str, secret: str) -> None:
    out, found = redact(line + "\n", path)
    assert found and secret not in out


def test_the_pack_keeps_declared_types_and_redacts_configured_passwords(make_repo) -> None:
    repo = make_repo(
        {
            "Sources/Request.swift": (
                "final class Request {\n"
                "    var credential: URLCredential?\n"
                "    private var authToken: AuthTokenStorage?\n"
                "}\n"
            ),
            "config/database.yml": "production:\n  password: Welcome!\n",
        }
    )
    out = build_pack(PackOptions(path=repo)).output
    assert "var credential: URLCredential?" in out
    assert "private var authToken: AuthTokenStorage?" in out
    assert "Welcome!" not in out


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("app/forms.py", 'field_order = ["old_password", "new_password1", "new_password2"]'),
        ("app/forms.py", 'fields = ("password", "confirm_password1")'),
        ("app/forms.py", 'columns = ["username", "password", "email2address", "first_name"]'),
        ("app/audit.py", 'SENSITIVE = ["api_key", "user_token2"]'),
        ("src/fields.js", "const hidden = ['password', 'passcode42'];"),
    ],
)
def test_strings_side_by_side_in_a_list_are_not_a_name_and_its_value(path: str, line: str) -> None:
    text = line + "\n"
    assert redact(text, path) == (text, [])


@pytest.mark.parametrize(
    ("path", "line", "secret"),
    [
        ("wp-config.php", f"define('DB_PASSWORD', '{rand(14)}');", rand(14)),
        ("app/settings.py", f'os.environ.setdefault("SECRET_KEY", "{rand(30)}")', rand(30)),
        ("src/Config.java", f'props.put( "db.password", "{rand(16)}" );', rand(16)),
        ("app/settings.py", f'CREDS = {{"password": "{rand(16)}", "user": "svc"}}', rand(16)),
    ],
)
def test_a_name_and_a_value_passed_to_a_call_are_still_redacted(
    path: str, line: str, secret: str
) -> None:
    out, found = redact(line + "\n", path)
    assert found and secret not in out


@pytest.mark.parametrize(
    "line",
    [
        'AUTH_USER_MODEL = "accounts.CustomUserWithM2m"',
        'TOKEN_BACKEND = "myapp.auth.Jwt2Backend"',
        '@override_settings(AUTH_USER_MODEL="auth_tests.CustomUserWithM2MThrough")',
        "jwt_auth_backend: myapp.backends.Hs256Auth2Token",
    ],
)
def test_a_dotted_path_to_a_class_is_code_whatever_digits_it_holds(line: str) -> None:
    text = line + "\n"
    assert redact(text, "app/settings.py") == (text, [])


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f'AUTH_TOKEN = "app.{rand(1, string.ascii_uppercase)}{rand(31)}"', rand(31)),
        (f'SECRET_KEY = "prod.{rand(24)}.{rand(12)}"', rand(24)),
        (
            f'API_TOKEN = "eyJ{rand(20)}.eyJ{rand(30)}.{rand(43)}"',
            rand(30),
        ),
    ],
)
def test_a_dotted_token_is_still_redacted(line: str, secret: str) -> None:
    out, found = redact(line + "\n", "app/settings.py")
    assert found and secret not in out


@pytest.mark.parametrize(
    "line",
    [
        'pairs = [("password", "{v}")]\n',
        'std::map<std::string, std::string> m = {{{{"password", "{v}"}}}};\n',
    ],
)
def test_a_name_and_a_random_value_side_by_side_in_a_list_are_still_redacted(line: str) -> None:
    value = rand(20, string.ascii_letters + string.digits + "!#$%@")
    text = line.format(v=value)
    redacted, found = redact(text, "src/app.py")
    assert value not in redacted and found


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("config/app.rb", "set :session_secret, '{v}'"),
        ("config/runtime.exs", 'Application.put_env(:app, :secret_key_base, "{v}")'),
        ("app/cache.py", 'redis.hset("cfg", "api_key", "{h}")'),
        ("scripts/call.py", 'cmd = ["curl", "-H", "X-Api-Key", "{h}"]'),
        ("app/settings.py", 'PAIRS = [("DD_API_KEY", "{h}")]'),
        ("deploy.py", 'subprocess.run(["mysql", "--password", "{v}", "-h", "db"])'),
        ("deploy.py", 'args = ["--token", "{h}", "--verbose"]'),
        ("app/settings.py", "PAIR = ('password', '{v}',)"),
        ("config.php", 'define("DB_PASSWORD", "Secret_Sauce{h}");'),
    ],
)
def test_a_secret_given_as_an_argument_a_symbol_pair_or_a_lists_last_string_is_redacted(
    path: str, line: str
) -> None:
    value = rand(24, string.ascii_letters + string.digits + "!#%@")
    hexed = rand(40, "0123456789abcdef")
    text = line.format(v=value, h=hexed) + "\n"
    redacted, found = redact(text, path)
    assert found and value not in redacted and hexed not in redacted


def test_a_dotted_value_given_to_the_secret_itself_is_judged_as_a_secret() -> None:
    # A setting naming a class is code; the same shape as the secret's own value is a
    # passphrase.
    assert redact('AUTH_USER_MODEL = "accounts.CustomUserWithM2m"\n', "app/settings.py")[1] == []
    for line in ("secret = 'prod.Mango7Tiger9'\n", "api_key = 'live.Zebra9Falcon4Mountain'\n"):
        redacted, found = redact(line, "app/settings.py")
        assert found and "Tiger9" not in redacted and "Falcon4" not in redacted


def test_a_call_with_a_long_first_argument_is_still_a_call() -> None:
    namespace = "a-rather-long-namespace-for-the-deployment-settings-of-production"
    line = f'store.put_secret("{namespace}", "password", "Welcome2024!", ttl=60)\n'
    redacted, found = redact(line, "app/deploy.py")
    assert found and "Welcome2024!" not in redacted


def test_a_value_that_says_it_is_a_demo_is_kept_and_a_prefixed_real_one_is_not() -> None:
    for line in (
        '    refresh_token="demo_refresh_token_12345",',
        "MOCK_API_KEY=Mock-Api-Key-2",
    ):
        text = line + "\n"
        assert redact(text, "examples/refresh.py") == (text, [])
    # The same words before a random part: a real credential's prefix.
    for secret in (
        f"demo_{rand(20)}",
        f"test_refresh_{rand(16)}",
        f"demo_key_{rand(11, string.digits)}",
    ):
        out, found = redact(f'refresh_token="{secret}"\n', "examples/refresh.py")
        assert found and secret not in out, secret
