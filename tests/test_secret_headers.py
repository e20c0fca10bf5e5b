"""Credentials sent with a request: an Authorization or API-key header in a web server's
configuration or an HTTP client's call, a login passed to a call or a libcurl option, and
htpasswd files. Each is redacted (the value only); placeholders and variables stay."""

from __future__ import annotations

import base64
import random
import string

import pytest

from repoview.packer import PackOptions, build_pack
from repoview.secrets import redact

from .conftest import git


def rand(n: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 11) -> str:
    """A random-looking value built at run time (no credential-shaped literal in the source)."""
    rng = random.Random(seed * 1000 + n)
    return "".join(rng.choice(alphabet) for _ in range(n))


HEX = "0123456789abcdef"
TOKEN = rand(32, HEX)
PASSWORD = rand(16)
BASIC = base64.b64encode(f"admin:{PASSWORD}".encode()).decode()


@pytest.mark.parametrize(
    ("path", "line", "secret", "rule"),
    [
        (
            "conf/site.conf",
            f'location /a {{ proxy_set_header Authorization "Basic {BASIC}"; }}',
            BASIC,
            "authorization-header",
        ),
        (
            "conf/site.conf",
            f'    proxy_set_header Authorization "Bearer {TOKEN}";',
            TOKEN,
            "authorization-header",
        ),
        ("conf/site.conf", f'proxy_set_header X-Api-Key "{TOKEN}";', TOKEN, "secret-assignment"),
        ("conf/site.conf", f"grpc_set_header x-api-key {TOKEN};", TOKEN, "secret-assignment"),
        ("conf/php.conf", f"fastcgi_param DB_PASSWORD {PASSWORD};", PASSWORD, "secret-assignment"),
        (
            "conf/httpd.conf",
            f'RequestHeader set X-Api-Key "{TOKEN}"',
            TOKEN,
            "secret-assignment",
        ),
        (
            "src/Net.java",
            f'b.header("Authorization", "Bearer {TOKEN}");',
            TOKEN,
            "authorization-header",
        ),
        (
            "src/Net.java",
            f'conn.setRequestProperty("Authorization", "Basic {BASIC}");',
            BASIC,
            "authorization-header",
        ),
        (
            "client.go",
            f'req.Header.Set("Authorization", "Basic {BASIC}")',
            BASIC,
            "authorization-header",
        ),
        (
            "client.py",
            f'requests.get(url, headers={{"Authorization": "Bearer {TOKEN}"}})',
            TOKEN,
            "authorization-header",
        ),
        ("client.rb", f"req['Authorization'] = 'Bearer {TOKEN}'", TOKEN, "authorization-header"),
        (
            "client.php",
            f"$headers = ['Authorization' => 'Bearer {TOKEN}'];",
            TOKEN,
            "authorization-header",
        ),
        (
            "src/Net.java",
            f'return new PasswordAuthentication("admin", "{PASSWORD}".toCharArray());',
            PASSWORD,
            "password-argument",
        ),
        ("client.go", f'req.SetBasicAuth(user, "{PASSWORD}")', PASSWORD, "password-argument"),
        (
            "client.py",
            f'requests.get(url, auth=("admin", "{PASSWORD}"))',
            PASSWORD,
            "password-argument",
        ),
        (
            "src/net.c",
            f'curl_easy_setopt(c, CURLOPT_USERPWD, "admin:{PASSWORD}");',
            PASSWORD,
            "curl-credential",
        ),
        (
            "src/net.c",
            f'curl_easy_setopt(c, CURLOPT_PROXYUSERPWD, "admin:{PASSWORD}");',
            PASSWORD,
            "curl-credential",
        ),
        (
            "src/net.c",
            f'curl_easy_setopt(c, CURLOPT_PASSWORD, "{PASSWORD}");',
            PASSWORD,
            "curl-credential",
        ),
        (
            "src/net.c",
            f'curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, "{TOKEN}");',
            TOKEN,
            "curl-credential",
        ),
        (
            "upload.php",
            f"curl_setopt($ch, CURLOPT_USERPWD, 'admin:{PASSWORD}');",
            PASSWORD,
            "curl-credential",
        ),
        (
            "src/main/java/Db.java",
            f'return DriverManager.getConnection("jdbc:postgresql://db/app", "acme", "{PASSWORD}");',
            PASSWORD,
            "password-argument",
        ),
        (
            "src/main/java/Db.java",
            f'DriverManager.getConnection(url, user, "{PASSWORD}")',
            PASSWORD,
            "password-argument",
        ),
        (
            "lib/client.ex",
            f'auth = Base.encode64("deploy:{PASSWORD}")',
            PASSWORD,
            "password-argument",
        ),
        (
            "client.py",
            f'h = {{"Authorization": "Basic " + base64.b64encode(b"admin:{PASSWORD}").decode()}}',
            PASSWORD,
            "password-argument",
        ),
        (
            "client.js",
            f'const h = "Basic " + btoa("ops:{PASSWORD}");',
            PASSWORD,
            "password-argument",
        ),
        (
            "Client.cs",
            f'var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("svc:{PASSWORD}"));',
            PASSWORD,
            "password-argument",
        ),
        ("app/build.gradle", f'        storePassword "{PASSWORD}"', PASSWORD, "secret-assignment"),
        ("app/build.gradle", f"        keyPassword '{PASSWORD}'", PASSWORD, "secret-assignment"),
        ("app/build.gradle", f'    apiToken "{TOKEN}" // CI', TOKEN, "secret-assignment"),
        (
            "app/build.gradle",
            f'    buildConfigField "String", "API_KEY", "\\"{TOKEN}\\""',
            TOKEN,
            "secret-assignment",
        ),
    ],
)
def test_a_credential_sent_with_a_request_is_redacted(
    path: str, line: str, secret: str, rule: str
) -> None:
    out, found = redact(f"{line}\nnext line\n", path)
    assert secret not in out
    assert [f.rule for f in found] == [rule]
    assert out == f"{line.replace(secret, f'[REDACTED:{rule}]')}\nnext line\n"


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("a.js", 'fetch(u, {headers: {"Authorization": "Bearer <token>"}})'),
        ("a.js", "fetch(u, {headers: {Authorization: `Bearer ${TOKEN}`}})"),
        ("a.js", 'h.set("Authorization", "Bearer " + token)'),
        ("A.java", 'b.header("Authorization", "Basic " + base64(user + ":" + pw))'),
        ("a.py", 'headers = {"Authorization": "Bearer test-token"}'),
        ("a.py", 'headers = {"Authorization": "Bearer YOUR_API_KEY_HERE_PLEASE"}'),
        ("a.py", 'headers = {"Authorization": f"Bearer {token}"}'),
        # the characters a Bearer token may hold, spelt out as a fixture
        ("auth.test.ts", "req.headers.set('Authorization', 'Bearer abcdefg12345-._~+/=')"),
        ("client_test.go", 'req.Header.Set("Authorization", "Bearer ThisIsABearerToken")'),
        ("site.conf", 'proxy_set_header Authorization "Basic $http_authorization";'),
        ("site.conf", "proxy_set_header Authorization $http_authorization;"),
        ("site.conf", "proxy_set_header X-Api-Key $api_key;"),
        ("site.conf", 'proxy_set_header X-Api-Key "<your-api-key>";'),
        ("site.conf", "fastcgi_param PASSWORD_FILE /run/secrets/db;"),
        ("net.c", 'curl_easy_setopt(c, CURLOPT_USERPWD, "user:password");'),
        ("net.c", "curl_easy_setopt(c, CURLOPT_USERPWD, userpwd);"),
        ("net.c", 'curl_easy_setopt(c, CURLOPT_USERPWD, "name:");'),
        ("upload.php", 'curl_setopt($ch, CURLOPT_USERPWD, "$user:$pass");'),
        ("A.java", "new PasswordAuthentication(user, password.toCharArray())"),
        ("A.java", 'new PasswordAuthentication("user", "password".toCharArray())'),
        ("a.py", 'auth = HTTPBasicAuth("user", "pass")'),
        ("README.md", "Send `Authorization Basic dXNlcm5hbWU6cGFzc3dvcmQ=` with each request."),
        ("README.md", "The authorization token introspection_endpoint_url is read first."),
        ("A.java", "DriverManager.getConnection(url, user, password)"),
        ("a.js", 'btoa("user:password"); btoa(`${user}:${pass}`); btoa("data:text/plain")'),
        ("A.cs", 'Encoding.UTF8.GetBytes("urn:isbn:0451450523")'),
        ("A.java", 'DriverManager.getConnection(url, "sa", "")'),
        ("build.gradle", "        storePassword System.getenv('KEYSTORE_PASSWORD')"),
        ("build.gradle", '        storePassword "$System.env.KEYSTORE_PASSWORD"'),
        ("Push.ps1", "dotnet nuget push $_ --source $Env:NUGET_URL --api-key $Env:NUGET_API_KEY"),
        ("deploy.ps1", "az login -u $user --password $script:AzPassword"),
        ("build.gradle", "        keyPassword keystoreProperties['keyPassword']"),
        ("build.gradle", '        storePassword "password"'),
        ("build.gradle", '    buildConfigField "String", "API_KEY", "\\"${apiKey}\\""'),
        ("config/locales.rb", '  key "users.sign_in.password"'),
        ("README.md", 'Run `gradle signingReport` and set the token "here".'),
    ],
)
def test_placeholders_and_variables_in_those_forms_stay(path: str, line: str) -> None:
    text = line + "\n"
    assert redact(text, path) == (text, [])


def test_a_hex_token_after_bearer_is_redacted_in_a_test_too() -> None:
    # (elsewhere in a test a hex string is a digest; after `Bearer` it is the token)
    line = f'b.header("Authorization", "Bearer {TOKEN}");\n'
    out, found = redact(line, "src/test/java/NetTest.java", strict=True)
    assert TOKEN not in out and found
    digest = f'assertEquals("{TOKEN}", sha256(body));\n'
    assert redact(digest, "src/test/java/NetTest.java", strict=True)[1] == []


def test_htpasswd_files_are_left_out_of_the_pack_and_its_diff(make_repo) -> None:
    apr1 = f"admin:$apr1${rand(8, seed=1)}${rand(22, seed=2)}"
    sha = f"deploy:{{SHA}}{base64.b64encode(rand(20, seed=3).encode()).decode()}"
    repo = make_repo(
        {
            "README.md": "# site\n",
            "conf/htpasswd": f"{apr1}\n{sha}\n",
            "conf/users.htpasswd": f"{apr1}\n",
            "bin/htpasswd": '#!/bin/sh\nexec docker run --rm httpd htpasswd "$@"\n',
            "support/htpasswd.c": "int main(void) { return 0; }\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    reasons = {e.path: (e.reason, e.detail) for e in pack.excluded}
    assert reasons["conf/htpasswd"] == ("secret", "password hashes")
    assert reasons["conf/users.htpasswd"] == ("secret", "password hashes")
    assert {"bin/htpasswd", "support/htpasswd.c"} <= {f.path for f in pack.files}
    assert apr1 not in pack.output and sha not in pack.output

    (repo / "conf/htpasswd").write_text(f"{apr1}\n{sha}\nops:{{SHA}}{rand(27, seed=4)}=\n")
    git(repo, "commit", "-qam", "add a user")
    diff = build_pack(PackOptions(path=repo, cache=False, diff="HEAD~1..HEAD")).output
    assert "conf/htpasswd" in diff and rand(27, seed=4) not in diff


def test_a_dummy_hex_after_bearer_stays_in_a_test() -> None:
    for dummy in ("deadbeef" * 5, "f" * 32, "0123456789abcdef" * 2):
        line = f'h = {{"Authorization": "Bearer {dummy}"}}\n'
        assert redact(line, "tests/test_api.py", strict=True)[1] == [], dummy
