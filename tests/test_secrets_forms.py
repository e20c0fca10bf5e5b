"""Secrets written in forms the name-and-value rules did not read: each is redacted, and the
look-alikes beside them are kept."""

from __future__ import annotations

import base64
import hashlib
import re
import signal
import time

import pytest

from repoview.packer import PackOptions, build_pack
from repoview.secret_rules import RULES
from repoview.secrets import redact

from .conftest import git

KEY_PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9k2Lq8vN3pR7tWq4Zt8Lm2Xb9Kc\n"
    "-----END RSA PRIVATE KEY-----\n"
)
CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUF\n-----END CERTIFICATE-----\n"
KEY_B64 = base64.b64encode(KEY_PEM.encode()).decode()
CERT_B64 = base64.b64encode(CERT_PEM.encode()).decode()
# The opening of a 1024-bit RSA key's PKCS#8 DER, an Ed25519 key's whole, and a public key's
# (in base64, as code decodes them).
DER_RSA = (
    "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBANGst8cr1mDyTEm7fUaTGPasWOA3qLGcjkczTIV"
    "T9PVtUNt2cmomJfl9WO6upweWnAL8fiHO5Pj7RZw9sxXUo9rkDA9SIfaRHI3aLtlwmSTv5ilTdX0zmyXSHY1RQZ"
)
DER_ED25519 = "MC4CAQAwBQYDK2VwBCIEIF+bKHe8yAPcoBXemvaYTrJMs1eQJmriMO1pjcsg5XZZ"
DER_PUBLIC = (
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDLH9NXDJp1lse2tcseuSka2TtPXdUQRosd8vlRXHhIrrYMVkjCMg"
    "+CMNZWInSs9w1zOzgxSFWxyQiLj0jZ/YefBQspdUdg/v1SVU0yFr60Hu9AXZ8KHfm3gehd"
)

# (the key of a Sentry DSN is the URL's user)
SENTRY_KEY = "0123456789abcdef0123456789abcdef"
SENTRY_DSN = f"https://{SENTRY_KEY}@o123456.ingest.sentry.io/4504"

LEAKS = [
    (
        "kubeconfig.yaml",
        "users:\n- name: a\n  user:\n    client-key-data: " + KEY_B64 + "\n",
        ["LS0tLS1CRUdJTi"],
    ),
    (
        "settings.xml",
        "<server><id>n</id>\n<password>VP3J0lQ*OnCnV9</password>\n"
        "<apiKey>kT1wZNqcYLr8fHx7EDbJCT9R8</apiKey></server>\n",
        ["VP3J0lQ", "kT1wZNq"],
    ),
    (
        "application.yml",
        "app:\n  jwt:\n    secret: >-\n      5B3Ge6SgFXxOWDbquxi9qstQnbeljiPMFfR6QNxa\n"
        "      7Hq2Lm9Rt4Vx8Bn3Kp6Wz1Cy5Df0Gj2Sa4Ue7Io\n",
        ["5B3Ge6Sg", "7Hq2Lm9R"],
    ),
    (
        "settings.py",
        'STRIPE_KEY = ("sk_live_aB3dE5fG7hJ9"\n              "kL1mN3pQ5rS7tU")\n'
        'API_TOKEN = ("Qm7Lr2vXn9TkWz4"\n             "Hx7Lq2Vn9RtW4z")\n',
        ["aB3dE5", "kL1mN3", "Qm7Lr2", "Hx7Lq2"],
    ),
    ("config.toml", '[s]\ntoken = """\nJr1r8W9ELMyDweH26Pi5Kr46TVd6iT3f"""\n', ["Jr1r8W9"]),
    ("values.yaml", "db:\n  password: &dbpw E99xtzA#EbMtF5\n", ["E99xtz"]),
    (
        "call.sh",
        'curl -H "X-API-Key: CY5yT4Gl1Jq9dsHASJvHjNUYKwDzwhl2" https://api.acmecorp.io/v2\n'
        "wget --header='X-Auth-Token: Lm2Xb9Kc4Zt8Qp7Rv3Ws' https://api.acmecorp.io/\n"
        "redis-cli -h cache -a Fi0XOqU%jza4k0 ping\n"
        "redis-server --requirepass Pw8Kd2Lq7Zn4Xv\n",
        ["CY5yT4", "Lm2Xb9", "Fi0XOq", "Pw8Kd2"],
    ),
    (
        "compose.yml",
        'services:\n  cache:\n    command: ["redis-server", "--requirepass", "DmrngEX#lbhph2"]\n',
        ["DmrngEX"],
    ),
    (
        "appsettings.json",
        '{ "Jwt": { "Issuer": "https://acmecorp.io", "Key": "0PLNwI5sdFVTvqGO%gRmdgNi1q13mUZ8" },\n'
        '  "ApiKeys": ["kT1wZNqcYLr8fHx7EDbJCT9R8WzTzWMO", "Zq8vN3kLp2Xr7Tm4Wy9BxQ1sD5"],\n'
        '  "password": "p\\u00e4ssw\\u00f6rd-\\u03a9-7sawXNvw", "secret": "ab\\"cdQwYTgJuuVRiXG7" }\n',
        ["0PLNwI", "kT1wZN", "Zq8vN3", "7sawXN", "QwYTgJ"],
    ),
    (
        "group_vars/all.yml",
        "api_keys:\n  - name: billing\n    key: BoJYlxoczXkSENYBfleHdVK7mRLue6HK\n"
        "  - Hq2Lm9Rt4Vx8Bn3Kp6Wz1Cy5\nother: 1\n",
        ["BoJYlx", "Hq2Lm9"],
    ),
    (
        "main.tf",
        'variable "db_password" {\n  type    = string\n  default = "M35Scbm!Bd6RU8"\n}\n',
        ["M35Scbm"],
    ),
    (
        "docker/netrc",
        "machine gitlab.acmecorp.io login ci password jYwUbzQ%G51r67\n"
        "machine git.acmecorp.io\n  login ci\n  password Tx4Wq9Lm2Zr7Kv\n",
        ["jYwUbz", "Tx4Wq9"],
    ),
    (
        "putty.md",
        "```\nPuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 1\n"
        "AAAAC3NzaC1lZDI1NTE5AAAAIHn8\nPrivate-Lines: 2\nAAAAIQm4vN8Lr2Xp7Tk3Wz9Bq5Yd1Fh6Jc0\n"
        "Zt8Lm2Xb9Kc4Qp7Rv3Ws\nPrivate-MAC: 5142e88f\n```\n",
        ["AAAAIQm4", "Zt8Lm2Xb"],
    ),
    ("config.php", "<?php\n$config['db_pass'] = 'L8WFLPV_VBXt93';\n", ["L8WFLPV"]),
    (
        "deploy/.env.production",
        f"SENTRY_DSN=https://{SENTRY_KEY}@o123456.ingest.sentry.io/4504\n",
        [SENTRY_KEY],
    ),
    ("app/main.py", f'sentry_sdk.init(dsn="{SENTRY_DSN}", traces_sample_rate=0.2)\n', [SENTRY_KEY]),
    ("src/index.js", f'Sentry.init({{ dsn: "{SENTRY_DSN}" }});\n', [SENTRY_KEY]),
    ("config/sentry.yml", f"sentry:\n  dsn: {SENTRY_DSN}\n", [SENTRY_KEY]),
    (
        "config/legacy.yml",
        f"dsn: https://9c1f0e8a7b6d5c4e3f2a1b0c9d8e7f6a:{SENTRY_KEY}@sentry.acmecorp.io/7\n",
        ["9c1f0e8a", SENTRY_KEY],
    ),
    # redis-cli's password, after `-a` before or after the host, or in its variable (judged
    # as a password: ten characters are enough)
    (
        "scripts/cache.sh",
        "redis-cli -a Kd8wQ2zLx9 -h cache.internal ping\n"
        "REDISCLI_AUTH=Vn4Rt8Yp2W redis-cli -h cache.internal ping\n"
        "export REDISCLI_AUTH=Qm7Lr2vXn9\n",
        ["Kd8wQ2zLx9", "Vn4Rt8Yp2W", "Qm7Lr2vXn9"],
    ),
    ("compose.yml", "    environment:\n      REDISCLI_AUTH: Hx7Lq2Vn9R\n", ["Hx7Lq2Vn9R"]),
    # YAML's `key:` under a block named for a key, beside other keys or nested
    (
        "config/jwt.yml",
        "jwt:\n  secret: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n"
        "oauth:\n  issuer: https://id.acmecorp.io\n  key: 3q2+7wKx9Lm2Qp7Vb3Nw8Rt5Yz4Hj6aB==\n",
        ["9f8e7d6c", "3q2+7wKx"],
    ),
    (
        "config/app.yaml",
        "app:\n  auth:\n    enabled: true\n    jwt:\n      algorithm: HS256\n"
        "      signing_key: 'Qx7Lq2Vn9RtW4zHm8Kd3'\n  jwt:\n    key: \"W9xTq4Lm2Zr7Kv8Bn3Pc\"\n"
        "  auth:\n    key: Vn4Rt8Yp2WqK9xL3mZ7c  # rotated\n",
        ["Qx7Lq2Vn", "W9xTq4Lm", "Vn4Rt8Yp"],
    ),
    # TOML's and INI's `key` in a section named for a key (`[jwt]`, `[tool.app.oauth]`)
    (
        "config/app.toml",
        '[server]\nport = 8080\n\n[jwt]\nalgorithm = "HS256"\nkey = "W9xTq4Lm2Zr7Kv8Bn3Pc"\n'
        "[tool.app.oauth]\nkey = 'Vn4Rt8Yp2WqK9xL3mZ7c'  # rotated\n",
        ["W9xTq4Lm", "Vn4Rt8Yp"],
    ),
    ("settings.ini", "[signing]\nkey: Qx7Lq2Vn9RtW4zHm8Kd3 ; prod\n", ["Qx7Lq2Vn"]),
    # a JSON Web Key's private members, wherever its `kty` stands in the object
    (
        "keys/jwks.json",
        '{"keys": [{"kid": "prod-1", "kty": "RSA", "e": "AQAB", "n": "u1SU1LfVLPHCozMx",\n'
        '  "d": "ps1BpoDA1n5iUpKDaNegJBUGcOECbstvKUAp", "p": "FuuKlZN-_JeEf666oQV_7Hlnd4VCw132",\n'
        '  "q": "FckOsOJ9Pz3jufrC7RC5EYRZ0MTCrtTC", "qi": "2C_1gUR2V7pl_ifyLUOg7UKA6mf55iTf"},\n'
        '  {"kty": "oct", "k": "GawgguFyGrWKav7AX4VKUg-9s0xOTbXdHV2rYh0R7tk"}]}\n',
        ["ps1BpoDA", "FuuKlZN", "FckOsOJ9", "2C_1gUR2", "GawgguFy"],
    ),
    (
        "src/keys.ts",
        "export const signingKey = {\n  kty: 'EC', crv: 'P-256',\n"
        "  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',\n"
        "  d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI',\n};\n",
        ["jpsQnnGQ"],
    ),
    # a Sentry key where a browser sends it: a query, an auth header, the loader script
    (
        "src/report.ts",
        f'fetch("https://o1.ingest.sentry.io/api/7/envelope/?sentry_key={SENTRY_KEY}&sentry_version=7")\n',
        [SENTRY_KEY],
    ),
    (
        "src/auth.py",
        f'headers = {{"X-Sentry-Auth": "Sentry sentry_key={SENTRY_KEY}"}}\n',
        [SENTRY_KEY],
    ),
    (
        "public/index.html",
        f'<script src="https://js.sentry-cdn.com/{SENTRY_KEY}.min.js"></script>\n',
        [SENTRY_KEY],
    ),
    # a passphrase of several words in a block scalar, on one line or folded over two
    (
        "config/vault.yml",
        "db:\n  password: |\n    correct horse battery staple 9x!Q\n  user: app\n"
        "gpg:\n  passphrase: >-\n    maple Orbit 42 lantern\n    quiet#Ferry\n",
        ["correct horse", "battery staple", "9x!Q", "maple Orbit", "lantern", "quiet#Ferry"],
    ),
    # a type between the name and the value
    ("Sources/Keys.swift", 'let apiKey: String = "q8Zr2LmX7vKp4TnW9sBy3HcJ"\n', ["q8Zr2LmX"]),
    ("app/Keys.kt", 'private val clientSecret: String? = "Wk4Lp8Qz2Xr7Mn3Vb9Tc"\n', ["Wk4Lp8Qz"]),
    ("src/keys.ts", 'export const apiToken: string = "Hb7Nq3Lz8Xw2Rk5Vm9Tp";\n', ["Hb7Nq3Lz"]),
    ("app/settings.py", 'api_key: str = "Jd6Rw2Kq9Lz4Xn8Bv3Mt"\n', ["Jd6Rw2Kq"]),
    (
        "src/auth.rs",
        'fn a() {\n    let token: &str = "Vx9fK2mP7qR4tV8wY1zB";\n}\n'
        'pub const API_KEY: &\'static str = "Cx9fK2mP7qR4tV8wY1zB";\n',
        ["Vx9fK2mP", "Cx9fK2mP"],
    ),
    ("config.go", 'var apiKey string = "Ex9fK2mP7qR4tV8wY1zB"\n', ["Ex9fK2mP"]),
    (
        "Src/Keys.cs",
        'public static string ApiKey { get; } = "Pv5Zk9Lq2Xw7Rn3Bm8Tc";\n',
        ["Pv5Zk9Lq"],
    ),
    # JSON in a string, its quotes escaped; an answer that is itself JSON
    (
        "src/test/java/LoginTest.java",
        'String body = "{\\"username\\": \\"ops\\", \\"password\\": \\"Vq8Lm2Xz7Rk4Wn9B\\"}";\n',
        ["Vq8Lm2Xz"],
    ),
    ("answer.txt", 'db:\\n  password: \\"Tz5Kq9Lw3Xm8Rv2N\\"\n', ["Tz5Kq9Lw"]),
    # a property list's, a .NET resource's and settings file's value after its name
    (
        "App/Info.plist",
        "<dict>\n\t<key>ClientSecret</key>\n\t<string>Qm4Zr8Lk2Xv7Nw3Bt9Hc</string>\n</dict>\n",
        ["Qm4Zr8Lk"],
    ),
    (
        "Src/Strings.resx",
        '<data name="DbPassword" xml:space="preserve">\n    <value>Sup3rS3cretResx!9</value>\n'
        "  </data>\n",
        ["Sup3rS3cretResx"],
    ),
    (
        "Src/Properties/Settings.settings",
        '<Setting Name="ApiSecret" Type="System.String" Scope="Application">\n'
        '  <Value Profile="(Default)">Zt3Kq8Lw2Xm7Rv4Bn9Pc</Value>\n</Setting>\n',
        ["Zt3Kq8Lw"],
    ),
    (
        "Src/Client.cs",
        'c.Authorization = new AuthenticationHeaderValue("Bearer", "Lx9Vq2Kz7Wm4Rb8Nt3Hp");\n',
        ["Lx9Vq2Kz"],
    ),
    (
        "App.config",
        '<setting name="ApiSecret" serializeAs="String">\n  <value>Rw4Kz8Lq3Xm7Vb2Nt9Hc</value>\n',
        ["Rw4Kz8Lq"],
    ),
    (
        "src/client.js",
        'const auth = Buffer.from("ops:Wq7Lm3Xz9Rk2Vn8B").toString("base64");\n',
        ["Wq7Lm3Xz"],
    ),
    # a configuration file with no `=`: the value after the name and blanks
    (
        "conf/out.conf",
        "[OUTPUT]\n    Name         http\n    HTTP_Passwd  Xk9vQ2mLp7Rw4TzN\n"
        "    apikey       9f8e7d6c5b4a39281706f5e4d3c2b1a0\n"
        "    Shared_Key   Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eA==\n",
        ["Xk9vQ2mL", "9f8e7d6c", "Zm9vYmFy"],
    ),
    # C macros and CMake variables
    (
        "src/keys.c",
        '#define FLB_DEFAULT_API_KEY "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY"\n'
        '#  define PASSWORD "Qw8eRt6yUi4oP2as"\n',
        ["aB3dE5fG", "Qw8eRt6y"],
    ),
    (
        "CMakeLists.txt",
        'set(API_TOKEN "Tk7Lq2Mz9Kp4VwXc3Rt8")\nset(DB_PASSWORD Dp3Lq2Mz9Kp4VwXq)\n',
        ["Tk7Lq2Mz", "Dp3Lq2Mz"],
    ),
    # a YAML flow mapping's second member
    (
        "config.yaml",
        "storage: {key: id, secret: wJalrXUtnFEMIK7MDENGbPxRfiCYzQ9hT3vKq}\n",
        ["wJalrXUt"],
    ),
    # a password of random letters (no word, no name)
    ("db.yaml", "db:\n  password: xKqPzRtWmNvBsLdY\n", ["xKqPzRtW"]),
    ("src/db.ts", 'const dbPassword = "QwPzRtWmNvBsLdYx";\n', ["QwPzRtWm"]),
    # Go: a MySQL data source name, bytes, a URL's user and password
    (
        "main.go",
        'var jwtKey = []byte("Jk7Lq2Mz9Kp4VwXc3Rt8")\n'
        'db, _ := sql.Open("mysql", "app:MwbpnIrSLeZBoB7q@tcp(db.acme-corp.io:3306)/prod")\n'
        'u := url.UserPassword("svc", "Up4Lq2Mz9Kp4VwXc")\n',
        ["Jk7Lq2Mz", "MwbpnIrS", "Up4Lq2Mz"],
    ),
    # Rust: bytes, the calls that take a secret, an environment lookup's fallback
    (
        "src/auth.rs",
        'const HMAC_SECRET: &[u8] = b"Hm9Lq2Mz9Kp4VwXc3Rt8Yb5";\n'
        'let k = EncodingKey::from_secret(b"Ek9Lq2Mz9Kp4VwXc3Rt8Yb5");\n'
        'let r = c.get(u).basic_auth("svc", Some("Bx7Lq2Mz9Kp4Vw")).bearer_auth("Ba7Kq2Lm9Vx4Zp8Rw3Tc6Hn5");\n'
        'let s = env::var("SERVICE_API_KEY").unwrap_or_else(|_| "KJoKf8rx5sKI7hD5rgYc0saNQafA".into());\n'
        'let d = std::env::var("DB_PASSWORD").unwrap_or("Dp9Lq2Mz9Kp4VwXc");\n',
        ["Hm9Lq2Mz", "Ek9Lq2Mz", "Bx7Lq2Mz", "Ba7Kq2Lm", "KJoKf8rx", "Dp9Lq2Mz"],
    ),
    ("mail.py", 's.login("user@x.io", "Sm7tP9xQ2wLk4Rv")\n', ["Sm7tP9xQ"]),
    (
        "src/more.c",
        '#define API_TOKEN ((const char *)"Ct4Lq2Mz9Kp4VwXc3Rt8")\n#define DB_PASSWORD L"Wd4Lq2Mz9Kp4Vw"\n',
        ["Ct4Lq2Mz", "Wd4Lq2Mz"],
    ),
    (
        "cmake/keys.cmake",
        'set(SERVICE_API_KEY Sk4Lq2Mz9Kp4VwXc3Rt8 CACHE STRING "the key")\n',
        ["Sk4Lq2Mz"],
    ),
    ("raw.go", "var hmacSecret = []byte(`Rw4Lq2Mz9Kp4VwXc3Rt8`)\n", ["Rw4Lq2Mz"]),
    (
        "src/env.rs",
        'let k = env::var("API_TOKEN").unwrap_or(String::from("Ut4Lq2Mz9Kp4VwXc3Rt8"));\n',
        ["Ut4Lq2Mz"],
    ),
    ("sign.js", "const t = jwt.sign(payload, 'Js8Lq2Mz9Kp4VwXc3Rt8');\n", ["Js8Lq2Mz"]),
    (
        "auth.js",
        "const t = jwt.sign({ id: user.id, role: 'admin' }, 'Jw9Lq2Mz9Kp4VwXc3Rt8', { expiresIn });\n",
        ["Jw9Lq2Mz"],
    ),
    # A value written with its scheme under a secret's name.
    (
        ".cargo/config.toml",
        '[registries.corp]\ntoken = "Bearer eE9YtR28ERP9CtBLDO4lSjmy3i6xe5P7"\n',
        ["eE9YtR28"],
    ),
    ("app.yaml", "registry:\n  token: Bearer 14hU7otzjofuHvVDBDaHlHnCe99ClldZ\n", ["14hU7otz"]),
    ("a.ts", 'const API_TOKEN = "Bearer QdtWc36MK9ptXvhJQplKGdMSSqKRL2w3";\n', ["QdtWc36M"]),
    # An AWS secret key passed beside its key ID, as an SDK's positional arguments.
    (
        "creds.go",
        'var c = credentials.NewStaticCredentials("AKIAUJZDE8GXD6NCF10E", '
        '"El2hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM+R5", "")\n',
        ["AKIAUJZDE8", "El2hpChYgC"],
    ),
    (
        "Creds.java",
        'AWSCredentials c = new BasicAWSCredentials("AKIAUJZDE8GXD6NCF10E", '
        '"Xq3hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM/R5");\n',
        ["Xq3hpChYgC"],
    ),
    (
        "s3.py",
        'c = boto3.client("s3", "us-east-1", "AKIAUJZDE8GXD6NCF10E", '
        '"Pw7hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM+R5")\n',
        ["Pw7hpChYgC"],
    ),
    (
        "multi.go",
        'c := credentials.NewStaticCredentials(\n\t"AKIAUJZDE8GXD6NCF10E",\n'
        '\t"Rt5hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM+R5",\n\t"",\n)\n',
        ["Rt5hpChYgC"],
    ),
    (
        "client.py",
        'c = Client(\n    "A3TXUJZDE8GXD6NCF10E",  # the key id\n\n'
        '    "Qm2hpChYgCfrL1spNxnyVmihA+2O76UMFxFkM+R5",\n)\n',
        ["Qm2hpChYgC"],
    ),
    # Other vendors' secrets beside their IDs.
    (
        "sms.py",
        'c = Client("AC3f9d2b7e1c4a8f6d0b5e9c2a7f1d3b8e", "9f2c7e1a4b8d3f6c0e5a9d2b7f1c4e8a")\n'
        'oss = oss2.Auth("LTAI5tRw8Kx2Lm9Qp4Zv7Nb3", "Jd9sWq3xNm7cLv2kTr5yHp8gBz1aFe")\n',
        ["9f2c7e1a4b8d", "Jd9sWq3xNm7c"],
    ),
    # SQL's users and roles.
    (
        "db/init.sql",
        "CREATE USER 'app'@'%' IDENTIFIED BY 'Wq7tKx2vNp9LmR4z';\n"
        "CREATE ROLE reporter WITH LOGIN PASSWORD 'Rb4mXz8qLt2nVk6p';\n"
        "ALTER USER app WITH ENCRYPTED PASSWORD 'Jd9sWq3xNm7cLv2k';\n"
        "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('Px5tGh8mQz2rWn4y');\n",
        ["Wq7tKx2v", "Rb4mXz8q", "Jd9sWq3x", "Px5tGh8m"],
    ),
    # A name and its value as two fields: Kubernetes env, ECS, Postman, HAR.
    (
        "k8s/deploy.yaml",
        'env:\n  - name: DB_PASSWORD\n    value: "Wq7tKx2vNp9LmR4z"\n'
        "  - name: STRIPE_SECRET\n    value: hT3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe\n",
        ["Wq7tKx2v", "hT3kPq9Z"],
    ),
    (
        "task.json",
        '[{"name": "DB_PASSWORD", "value": "Wq7tKx2vNp9LmR4z"},\n'
        ' {"key": "X-API-Key", "value": "hT3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe", "type": "string"},\n'
        ' {"name": "Authorization", "value": "Bearer Zr8Lq2Wx7Kp4Nv9Tb3Mc6Yd1Hf5Gs0Ja"}]\n',
        ["Wq7tKx2v", "hT3kPq9Z", "Zr8Lq2Wx"],
    ),
    # Drivers given the password by position; PowerShell's plain text.
    (
        "db.php",
        "<?php\n$c = mysqli_connect('db', 'app', 'Wq7tKx2vNp9LmR4z', 'appdb');\n"
        "$pdo = new PDO('mysql:host=db;dbname=app', $user, 'Rb4mXz8qLt2nVk6p');\n",
        ["Wq7tKx2v", "Rb4mXz8q"],
    ),
    (
        "deploy.ps1",
        '$pw = ConvertTo-SecureString "Wq7tKx2vNp9LmR4z" -AsPlainText -Force\n',
        ["Wq7tKx2v"],
    ),
    # Tools that take a password on their command line.
    (
        "ops.sh",
        "openssl rsa -in k.pem -passin pass:Wq7tKx2vNp9LmR4z -out k.dec\n"
        "openssl enc -aes-256-cbc -k Rb4mXz8qLt2nVk6p -in a -out b\n"
        "zip -P Jd9sWq3xNm7cLv2k backup.zip db.sql\n"
        "7z a -pPx5tGh8mQz2rWn4y archive.7z dir\n"
        "ldapsearch -x -D cn=admin -w Tk3vLp9xQm2zWr7n -b dc=corp\n"
        "sqlcmd -S db -U sa -P Hn6wRz3kXq8tMv2c -Q 'select 1'\n"
        "mongosh -u admin -p Gc4pWx9mLz7qTk2v --authenticationDatabase admin\n"
        "htpasswd -b -c .htpasswd admin Fz2nQw8kLx5tRv9m\n"
        "smbclient //fs/share -U svc%Yt7mKq3xWz9pLn4c\n"
        'echo "Vm8kTq2xLz6wRn3p" | docker login -u ci --password-stdin registry.corp.net\n',
        [
            "Wq7tKx2v",
            "Rb4mXz8q",
            "Jd9sWq3x",
            "Px5tGh8m",
            "Tk3vLp9x",
            "Hn6wRz3k",
            "Gc4pWx9m",
            "Fz2nQw8k",
            "Yt7mKq3x",
            "Vm8kTq2x",
        ],
    ),
    # A template variable's default; `?:`; more authorization schemes.
    (
        "docker-compose.yml",
        "environment:\n  - DB_PASSWORD=${DB_PASSWORD:-Wq7tKx2vNp9LmR4z}\n",
        ["Wq7tKx2v"],
    ),
    ("App.java", '@Value("${db.password:Rb4mXz8qLt2nVk6p}") String pw;\n', ["Rb4mXz8q"]),
    ("a.php", "$pw = getenv('DB_PASSWORD') ?: 'Jd9sWq3xNm7cLv2k';\n", ["Jd9sWq3x"]),
    (
        "okta.sh",
        'curl -H "Authorization: SSWS 00Qh3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe" https://x\n'
        'h = {"Authorization": "key=AAAAhT3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe"}\n',
        ["00Qh3kPq9Z", "AAAAhT3kPq9Z"],
    ),
    # A URL's password holding `@` or `:` unescaped; Gradle's repository credentials.
    (
        "config.py",
        'DB = "postgresql://app:Xy7$k@9!zQwR4t@db.corp.net:5432/app"\n'
        'R = "redis://default:Ab3:xY9kLm2Qp@cache.corp.net:6379"\n',
        ["Xy7$k", "9!zQwR4t", "Ab3:xY9k", "xY9kLm2Qp"],
    ),
    (
        "build.gradle",
        "maven {\n  credentials {\n    username 'deploy'\n    password 'Wq7tKx2vNp9LmR4z'\n  }\n}\n",
        ["Wq7tKx2v"],
    ),
    # Query keys whose names say little: Firebase's `auth=`, OpenWeatherMap's `appid=`.
    (
        "weather.py",
        'f = "https://corp.firebaseio.com/u.json?auth=Kx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVc2"\n'
        'w = "https://api.openweathermap.org/data/2.5/weather?q=P&appid=9f2c7e1a4b8d3f6c0e5a9d2b7f1c4e8a"\n',
        ["Kx9Qw8Er7Ty6", "9f2c7e1a4b8d"],
    ),
    # A Kubernetes Secret in JSON, as `kubectl get secret -o json` writes it.
    (
        "k8s/db-secret.json",
        '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"},\n'
        ' "data": {"password": "V3E3dEt4MnZOcDlMbVI0eg==", "user": "YXBwdXNlcg=="},\n'
        ' "stringData": {"conn": "postgres://app:Wq7tKx2vNp9LmR4z@db/app"}}\n',
        ["V3E3dEt4", "YXBwdXNlcg", "Wq7tKx2v"],
    ),
    # Keys named for a service, a cipher or a session; redis.conf's passwords.
    (
        ".env",
        "AZURE_OPENAI_KEY=9f2c7e1a4b8d3f6c0e5a9d2b7f1c4e8a\nAES_KEY=3c9f1e7a5b2d8c4f6e0a9b3d7c1f5e8a\n"
        "SESSION_KEY=hT3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe\n",
        ["9f2c7e1a4b8d", "3c9f1e7a5b2d", "hT3kPq9Z"],
    ),
    (
        "redis.conf",
        "requirepass Gc4pWx9mLz7qTk2vR8\nmasterauth Hn6wRz3kXq8tMv2cQ1\n",
        ["Gc4pWx9m", "Hn6wRz3k"],
    ),
    # An Azure Function's key in its URL.
    (
        "ingest.py",
        'requests.post("https://corp-fn.azurewebsites.net/api/ingest?code='
        'j3xREwZ4OfmGbtqjNTFlCTS7K6CWYUecF47znoD2tNVKBmYUZNKq0w==", json=data)\n',
        ["j3xREwZ4OfmG"],
    ),
    # Braces in a password that make no format field; a passphrase of words in quotes.
    ("config.py", 'DB_PASSWORD = "Xk9{mP2}qL7v#Wz"\n', ["Xk9{mP2}"]),
    ("config.py", 'DB_PASSWORD = "Blue Tiger 47 Kite!"\n', ["Blue Tiger"]),
    # Keywords with no operator: Clojure, a quoted YAML key; Objective-C's and C#'s `@"..."`;
    # RSpec's `let`.
    (
        "src/app/config.clj",
        '(def db {:dbtype "postgresql" :user "app" :password "Wq7tKx2vNp9LmR4z"})\n',
        ["Wq7tKx2v"],
    ),
    ("c.yml", "'api-secret': hT3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe\n", ["hT3kPq9Z"]),
    ("Keys.m", 'NSString *const kAPISecret = @"hT3kPq9ZxV7mW2nB5cR8yL4dJ6fG1sAe";\n', ["hT3kPq9Z"]),
    ("Db.cs", 'var password = @"Wq7tKx2vNp9LmR4z";\n', ["Wq7tKx2v"]),
    ("spec/login_spec.rb", 'let(:password) { "Wq7tKx2vNp9LmR4z" }\n', ["Wq7tKx2v"]),
    # An account's key in a Hardhat network; a key split by `+` on one line.
    (
        "hardhat.config.js",
        'module.exports = { networks: { mainnet: { url: "https://rpc.example.org", accounts: '
        '["0x3c9f1e7a5b2d8c4f6e0a9b3d7c1f5e8a2b6d4c0f8e3a7b1d5c9f2e6a0b4d8c3f"] } } };\n',
        ["3c9f1e7a5b2d8c4f"],
    ),
    ("pay.js", 'const key = "sk_live_" + "51HxQz8kLm2Wp9vRt4XyBnCj";\n', ["51HxQz8k"]),
    # A private key's DER in base64, without its armour: RSA (PKCS#8), Ed25519, over lines.
    ("Crypto.java", f'byte[] der = Base64.getDecoder().decode("{DER_RSA}");\n', [DER_RSA[40:80]]),
    ("keys.py", f'ED = "{DER_ED25519}"\n', [DER_ED25519[24:]]),
    (
        "keys.js",
        f'const k = "{DER_RSA[:64]}" +\n  "{DER_RSA[64:128]}" +\n  "{DER_RSA[128:]}";\n',
        [DER_RSA[40:64], DER_RSA[64:128], DER_RSA[128:]],
    ),
    # Passwords passed by position: redis-py, sbt, Ruby's SMTP, pika.
    (
        "cache.py",
        'r = redis.StrictRedis("cache.corp", 6379, 0, "Rk7pQw2xLm9vZt4n")\n',
        ["Rk7pQw2x"],
    ),
    (
        "build.sbt",
        'credentials += Credentials("Sonatype Nexus", "nexus.corp", "deploy", "Sb7tKx2vNp9LmR4z")\n',
        ["Sb7tKx2v"],
    ),
    (
        "mailer.rb",
        "Net::SMTP.start('smtp.corp.net', 25, 'corp.net', 'app', 'Mq8vTz3kWx9pLn2r', :plain)\n",
        ["Mq8vTz3k"],
    ),
    ("mq.py", 'c = pika.PlainCredentials("app", "Pq8vTz3kWx9pLn2r")\n', ["Pq8vTz3k"]),
    # A random password to a loopback or example host, in code: a real one all the same.
    (
        "config.go",
        'dsn := "postgres://admin:Xk9mP2qL7vWz4Rt8@localhost:5432/db"\n'
        'redis := "redis://:Qw8rTz3kLm9vXp2n@redis.example.com:6379/0"\n',
        ["Xk9mP2qL", "Qw8rTz3k"],
    ),
    # SQL's passwords of several words or with a question mark: passwords all the same
    (
        "roles.sql",
        "CREATE USER app WITH PASSWORD 'correct horse battery staple 9';\n"
        "ALTER USER app IDENTIFIED BY 'Blue Tiger 47 Kite';\nALTER ROLE app PASSWORD 'Kx9mP2qL7vWz4Rt?';\n",
        ["horse battery", "Blue Tiger", "Kx9mP2qL"],
    ),
    # WordPress's salts, blanks and braces in them.
    (
        "wp-config.php",
        "define('AUTH_KEY',         'E6:-s>Gf]y$:l{R-x;}(=u+U~9^kOP]A|0!tK7 3gz/T_~!.+q6O>&*,TrzXrbLt');\n",
        ["E6:-s>Gf]y"],
    ),
]


@pytest.mark.parametrize(("path", "text", "secrets"), LEAKS, ids=[p for p, _, _ in LEAKS])
def test_each_form_is_redacted(path: str, text: str, secrets: list[str]) -> None:
    out, _ = redact(text, path)
    for secret in secrets:
        assert secret not in out, (secret, out)


KEPT = [
    # a digest's name holds no secret
    (
        "digests.py",
        'TOKEN_SHA256 = "7c8e44af4cd3643e92538c69aeb01631ba0c840557f984f5e56e9cd437a9aa01"\n',
    ),
    # a certificate's base64 is public
    (
        "kubeconfig.yaml",
        "    client-certificate-data: " + CERT_B64 + "\n",
    ),
    # lists of options, hashers and references under secret-like names
    (
        "settings.py",
        'PASSWORD_HASHERS = [\n    "django.contrib.auth.hashers.PBKDF2PasswordHasher",\n]\n',
    ),
    ("parsers.ex", 'plug Plug.Parsers, parsers: [:urlencoded], pass: ["text/*", "text/plain"]\n'),
    ("fixtures.yml", "secret:\n  - urn:k8s:secret:name:key1\n  - urn:k8s:secret:name:key2\n"),
    # values of a map, one per line, are no joined string
    (
        "yarn.lock",
        '  dependencies:\n    "@azure/core-auth": "npm:^1.10.0"\n    "@azure/core-rest-pipeline": "npm:^1.2"\n',
    ),
    # a Perl string with escaped quotes; a test's netrc for an example host
    ("hook.pl", '\t$last_update_token = "\\"$last_update_token\\"";\n'),
    ("test_netrc.py", 'f.write("machine example.com login user password Hx7Lq2Vn9RtW4z\\n")\n'),
    ("curl_test", "machine %HOSTIP password 5up3r53cr37\n"),
    ("call.sh", 'curl -H "X-API-Key: $API_KEY" https://api.acmecorp.io/v2\n'),
    (
        "settings.xml",
        "<password>${env.MAVEN_PASSWORD}</password>\n<passwordHash>abc123def456</passwordHash>\n",
    ),
    # Sentry's documented example DSNs
    ("docs/sentry.md", 'sentry_sdk.init(dsn="https://examplePublicKey@o0.ingest.sentry.io/0")\n'),
    ("src/index.js", 'Sentry.init({ dsn: "https://public@sentry.example.com/1" });\n'),
    ("scripts/cache.sh", "REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -a changeme -h cache ping\n"),
    # a `key:` of a block named for no key, or that is a path, a reference or a header's name
    (
        "config/app.yaml",
        "auth:\n  key: /etc/jwt/key.pem\noauth:\n  key: ${OAUTH_KEY}\njwt:\n  key: X-Api-Key\n"
        "cache:\n  key: Zq8vN3kLp2Xr7Tm4Wy9BqX7\nauth2:\n  providers:\n    github:\n"
        "      key: Hq2Lm9Rt4Vx8Bn3Kp6Wz1Cy5\n",
    ),
    ("config/docs.yaml", "auth:\n  help: |\n    key: Zq8vN3kLp2Xr7Tm4Wy9BqX7\n"),
    # a `key` of a section named for no key, after such a section, or that is a path
    (
        "config/app.toml",
        '[jwt]\nkey = "/etc/jwt/key.pem"\n[cache]\nkey = "Zq8vN3kLp2Xr7Tm4Wy9BqX7"\n'
        '[auth.providers]\nkey = "Hq2Lm9Rt4Vx8Bn3Kp6Wz1Cy5"\n',
    ),
    ("src/report.ts", 'const url = "https://sentry.io/api/42/store/?sentry_key=123";\n'),
    # a public JSON Web Key; a `d` outside a key's object (an SVG path); a key's placeholder
    (
        "keys/public.json",
        '{"keys": [{"kty": "RSA", "kid": "a", "e": "AQAB", "n": "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0t"}]}\n',
    ),
    ("icons.json", '{"icon": {"d": "M10 10L20 20Z", "fill": "none"}, "kty": "RSA"}\n'),
    ("docs/jwk.md", '```json\n{"kty": "RSA", "d": "your-private-exponent-here"}\n```\n'),
    # words under a password's name that are a message, a command or a template
    (
        "config/locales/en.yml",
        "en:\n  password: |\n    Enter the password for your account\n"
        "  passphrase: >-\n    Passphrase used to unlock\n    your signing key.\n",
    ),
    ("config/locales/es.yml", "es:\n  password: |\n    Contraseña nueva segura\n"),
    (
        "deploy/values.yml",
        "db:\n  password: |\n    $(vault read -field=password secret/db)\n"
        "  token: >-\n    --from-env DB_TOKEN\n",
    ),
    # typed declarations of a name, a hint, a key's name; a plist's public key's name
    (
        "src/keys.ts",
        'const password: string = "";\nlet tokenKey: string = "com.app.token";\n'
        'const passwordHint: string = "Enter your password";\n',
    ),
    ("app/forms.py", 'password_field: str = "password"\ntoken_type: str = "Bearer"\n'),
    # another parameter's default after a secret's typed one; DSLs' words; CMake's tests
    ("client.py", 'def connect(token: str, region="eu-west-1-Zq8vN3kLp"):\n    pass\n'),
    ("sign.ts", 'function f(token: string, encoding = "base64url_nopad") {}\n'),
    ("auth.go", 'var tokenType string = "Bearer"\nconst passwordField string = "password"\n'),
    ("benches/bench.rs", 'const LONG_PAT: &\'static str = "some/**/needle.txt";\n'),
    ("t/parse.t", 'pass "parsed_correctly_1";\n'),
    ("spec/api_spec.rb", '  token "Zq8vN3kLp2Xr7Tm4"\n'),
    (
        "CMakeLists.txt",
        'set_tests_properties(t PROPERTIES PASS_REGULAR_EXPRESSION "<Line>[0-9]+</Line>")\n',
    ),
    # a GraphQL id and a digest encoded, a message in a script without spaces
    ("src/ids.ts", 'const id = btoa("User:6f1c2a4e-9b7d-4c2e-8f3a-1d2e3f4a5b6c");\n'),
    ("cas.py", 'h = b64encode(b"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15")\n'),
    (
        "Src/Strings.zh.resx",
        '<data name="PasswordTooShort" xml:space="preserve">\n  <value>密码太短，请重新输入</value>\n',
    ),
    ("src/Api.java", 'String body = "{\\"password\\": \\"\\", \\"token\\": \\"${TOKEN}\\"}";\n'),
    ("App/Info.plist", "<key>NSFaceIDUsageDescription</key>\n<string>Unlock</string>\n"),
    ("App/Info.plist", "<key>TokenName</key>\n<string>$(PRODUCT_NAME)</string>\n"),
    # names and words after a secret's name and blanks, letters that spell names
    (
        "docs/errors.md",
        "    token expired\n    Password required\n    key_file /etc/ssl/private/server.pem\n",
    ),
    ("src/dom.ts", 'const passwordField = "getElementById";\nconst pw = "HTTPSProxyURL";\n'),
    ("CMakeLists.txt", "set(KEY_FILES ${SRC}/keys.c)\nset(TOKEN_LIMIT 4096)\n"),
    ("src/k.c", '#define KEY_PREFIX "key_"\n#define TOKEN_SEPARATOR "::"\n'),
    ("login.py", 'client.login("admin", "password")\n'),
    # fields whose name holds no secret, and values that are no password
    (
        "k8s/app.yaml",
        "env:\n  - name: LOG_LEVEL\n    value: debug\n"
        "  - name: DB_PASSWORD_FILE\n    value: /run/secrets/db\n",
    ),
    ("ops/login.sh", 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin r.io\n'),
    ("db/demo.sql", "CREATE USER 'demo'@'%' IDENTIFIED BY 'password';\n"),
    ("django/auth.py", "SESSION_KEY = '_auth_user_id'\n"),
    ("compose.yml", "ports:\n  - ${PORT:-8080}:8080\nimage: ${IMAGE:-app:latest}\n"),
    ("k.yaml", "authorization: keycloakTokenNameForTheRealm\n"),
    (
        "k8s/cm.json",
        '{"kind": "ConfigMap", "data": {"LOG_LEVEL": "debug", "REGION": "eu-west-1"}}\n',
    ),
    ("links.py", 'u = "https://x.example.com/?auth=true&key=value&appid=com.example.app.name"\n'),
    # an ARN names a secret, a form's placeholder is text, a key made of X's is a template
    (
        "src/settings.py",
        'DB_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"\n',
    ),
    ("locales/de.json", '{"passwordPlaceholder": "IhrPasswort123", "secretQuestion": "Farbe?"}\n'),
    (
        "docs/usercert.c",
        'static const char key[] = "-----BEGIN PRIVATE KEY-----\\n"\n'
        + '"'
        + "X" * 64
        + '\\n"\n'
        + '"'
        + "X" * 64
        + '\\n"\n'
        + '"-----END PRIVATE KEY-----\\n";\n',
    ),
    (
        "config.py",
        'U = "http://host:8080/path@foo"\nM = "https://api.example.com:443/v1?to=a@b.com"\n',
    ),
    ("build.gradle", "credentials {\n  password project.findProperty('nexusPassword')\n}\n"),
    # AWS's documented example pair
    (
        "docs/aws.md",
        'NewStaticCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")\n',
    ),
    # a struct's fields and their types, after blanks
    (
        "client.go",
        "type Client struct {\n\tToken      *oauth2.Token\n\tPrivateKey *ecdsa.PrivateKey\n}\n",
    ),
    ("k8s/types.txt", "    SecretRef    corev1.Secret\n    AuthKey   *x509.CertPool\n"),
    # An OAuth redirect's short-lived code; format strings; labels and paths in quotes.
    ("tests/test_oauth.py", 'r = client.get("/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz")\n'),
    ("auth.py", 'HEADER = "{user}:{password}"\nTOKEN = "Bearer {token}"\nKEY = "{0}-{1}"\n'),
    (
        "urls.py",
        'token_url = "POST /oauth/token"\nPASSWORD_HELP = "Must be 8 characters or more"\n'
        'password_label = "New Password Again"\n',
    ),
    # A public key's DER; a test network's well-known first account is a key all the same,
    # but a dummy `0x00...01` is none.
    ("keys.py", f'PUBLIC = "{DER_PUBLIC}"\n'),
    ("hardhat.config.js", 'accounts: ["0x' + "0" * 63 + '1"],\n'),
    ("cache.py", 'r = redis.StrictRedis("localhost", 6379, 0, decode_responses=True)\n'),
    # types written as strings, JMESPath; interpolations; a quoted JSON object (its `auth` is
    # judged by its own rule); messages and labels about a secret
    (
        "client.py",
        'def f(password: "str | bytes | None"): ...\napi_key: "SecretStr | None" = None\n'
        'PAGING = {"NextToken": "NextMarker || Contents[-1].Key"}\n',
    ),
    (
        "templates.rb",
        'PASSWORD = "#{pw1}#{pw2}#{pw3}"\nTOKEN = "${p1}${p2}${p3}"\nKEY = "{DB}{PW}{X1}{Y2}"\n',
    ),
    ("ci.yml", 'DOCKER_AUTH_CONFIG: \'{"auths": {"r.io": {"email": "a@b.c"}}}\'\n'),
    (
        "locales/en.json",
        '{"passwordIncorrect": "Incorrect password!!", "invalidToken": "Invalid token supplied!",'
        ' "pass-through": "Pass-Through Endpoints"}\n',
    ),
    # a console prompt that asks for a key; documentation's logins to the loopback
    ("Cmd.php", "$key = password('What is the decryption key?');\n"),
    ("README.md", "postgres://user:secret@localhost/db and redis://:password123@localhost\n"),
]


@pytest.mark.parametrize(("path", "text"), KEPT, ids=[p for p, _ in KEPT])
def test_look_alikes_are_kept(path: str, text: str) -> None:
    out, spans = redact(text, path)
    assert out == text, spans


ADVERSARIAL = [
    "password:\n" + "  - a\n" * 20_000,
    '"password": [' * 10_000,
    "machine h" + " login x" * 10_000,
    "Private-Lines: 1\n" + "AAAA\n" * 40_000 + "-",
    '"Jwt": {' * 10_000,
    'variable "token" {' * 10_000,
    "secret: >-\n  " + "abcd\n  " * 20_000 + "x y",
    'token = ("abcd"\n' + '"abcd"\n' * 20_000 + "x",
    '"token": "' + "\\u0041" * 20_000,
    "<a:password>" * 10_000,
    "redis-cli " * 10_000 + "-a",
    "LS0tLS1CRUdJTi" + "A" * 400_000,
    ("https://" + "a" * 32 + "@h" + "/a1" * 20_000 + "\n") * 3,
    "auth:\n" + "  x: 1\n  # c\n\n" * 20_000,
    ("a_" * 20_000 + "jwt:\n") * 3,
    "jwt:\n" * 20_000,
    "password: |\n  " + "a " * 50_000 + "\n",
    ("password: >-\n  a b\n  " + "c " * 20 + "\n") * 5_000,
    "secret: |\n" + "  a b c\n" * 20_000 + "  x: y",
    "[a." * 20_000 + "jwt]x\n",
    "sentry_key" * 20_000 + "=" + "a" * 31,
    '{"kty": "RSA", ' * 20_000 + '"d": "' + "a" * 40,
    '"kty": "RSA"}' * 20_000,
    "token: " + "a " * 20_000,
    "token { get;" * 20_000,
    "<key>token</key>" * 20_000,
    '<data name="password"' * 20_000,
    'password: \\"' * 20_000,
    'btoa("' + "a" * 100 + ":" + "b " * 20_000,
    "auth " + 'btoa("' * 20_000,
    "x: " + "<a, " * 20_000,
    "var token " + "a" * 40 + " " + "var token " * 20_000,
    "storePassword " * 20_000,
    "getConnection(" + '"a", ' * 20_000,
    'buildConfigField "String", "API_KEY", "\\"' * 20_000,
    "accounts: [" * 20_000,
    "MIICdgIBADANBgkqhkiG9w0BAQEFAAS" + "A" * 50 + '"\n "' * 20_000,
    '(def db {:password "' * 20_000,
    "let(:password) { " * 20_000,
    "Credentials(" + '"a", ' * 20_000,
    'password = "a ' + "b " * 20_000,
    "?code=" + "a" * 300_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_new_forms_are_linear_without_re2(text: str) -> None:
    # Without RE2 every rule runs on Python's `re`: none may backtrack over the new forms.
    def fail(*_: object) -> None:
        raise TimeoutError("a rule backtracks")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(30)
    try:
        start = time.monotonic()
        for rule in RULES:
            for _ in re.finditer(rule.pattern, text + "\n"):
                pass
        assert time.monotonic() - start < 30
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_yaml_block_is_read_once_however_deep_its_parents_nest() -> None:
    # Each `auth:` opens a block inside the last; blank lines follow them all. Read again
    # from each parent, the 300,000 blank lines would be read 1,500 times.
    nested = "".join(" " * i + "auth:\n" for i in range(1_500))
    text = nested + "\n" * 300_000 + " " * 1_500 + "key: Vn4Rt8Yp2WqK9xL3mZ7c\n"
    start = time.monotonic()
    out, _ = redact(text, "config/auth.yml")
    assert time.monotonic() - start < 10
    assert "Vn4Rt8Yp2WqK9xL3mZ7c" not in out


def test_a_sentry_dsn_keeps_its_host() -> None:
    out, spans = redact(f"SENTRY_DSN={SENTRY_DSN}\n", "deploy/env.sh")
    assert out == "SENTRY_DSN=https://[REDACTED:sentry-dsn]@o123456.ingest.sentry.io/4504\n"
    assert [s.rule for s in spans] == ["sentry-dsn"]


def test_a_yaml_secret_list_ends_at_its_sibling_key() -> None:
    key = "Zq8vN3kLp2Xr7Tm4Wy9BqX7"
    digest = "oqVuAfXRKap7fdgcCY5uykM6R9GqQ8Kuxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"
    text = (
        f"service:\n  api_keys:\n    - {key}\n    - name: primary\n"
        f"  integrity:\n    - {digest}\n  build_ids:\n    - Xk9Lm2Qp7Vb3Nw8Rt5Yz4Hj6\n"
    )
    out = redact(text, "deploy/config.yaml")[0]
    assert key not in out and digest in out and "Xk9Lm2Qp7Vb3Nw8Rt5Yz4Hj6" in out


# Each of these forms in the file people commit it in, and the value that must not survive
PACKED = {
    "deploy/.env.production": (f"SENTRY_DSN={SENTRY_DSN}\n", SENTRY_KEY),
    "app/main.py": (f'sentry_sdk.init(dsn="{SENTRY_DSN}")\n', SENTRY_KEY),
    "config/jwt.yml": (
        "jwt:\n  issuer: acmecorp\n  key: 3q2+7wKx9Lm2Qp7Vb3Nw8Rt5Yz4Hj6aB==\n",
        "3q2+7wKx9Lm2",
    ),
    "config/vault.yml": (
        "db:\n  password: |\n    correct horse battery staple 9x!Q\n",
        "battery staple",
    ),
    "config/gpg.yml": (
        "gpg:\n  passphrase: >-\n    maple Orbit 42\n    lantern#Ferry\n",
        "Orbit 42",
    ),
    "scripts/cache.sh": (
        "redis-cli -a Kd8wQ2zLx9 -h cache.internal ping\nexport REDISCLI_AUTH=Vn4Rt8Yp2W\n",
        "Kd8wQ2zLx9",
    ),
    # A hex token after `Bearer` in a test or an extensionless config (files read as tests
    # and docs, where a hex string is judged a digest): a token, no digest.
    "ci/gitconfig": (
        "[http]\n\textraheader = AUTHORIZATION: bearer 3f9a1c0e7b2d4a6f8e1c3b5d7a9f0e2c4b6d\n",
        "3f9a1c0e7b2d4a6f8e1c3b5d7a9f0e2c4b6d",
    ),
    "tests/test_client.py": (
        'H = {"Authorization": "Bearer 8a1f3e5c7b9d0a2f4e6c8b1d3a5f3f9a1c0e7b2d"}\n',
        "8a1f3e5c7b9d0a2f4e6c8b1d3a5f3f9a1c0e7b2d",
    ),
}


@pytest.mark.parametrize("fmt", ["xml", "markdown", "plain", "json"])
def test_these_forms_are_redacted_in_every_pack_format(make_repo, fmt: str) -> None:
    repo = make_repo({path: text for path, (text, _) in PACKED.items()})
    out = build_pack(PackOptions(path=repo, fmt=fmt, cache=False)).output
    assert [path for path, (_, value) in PACKED.items() if value in out] == []
    assert "Vn4Rt8Yp2W" not in out
    assert "@o123456.ingest.sentry.io/4504" in out  # a DSN's host stays


def test_these_forms_are_redacted_in_a_diff(make_repo) -> None:
    repo = make_repo({path: "# placeholder\n" for path in PACKED})
    for path, (text, _) in PACKED.items():
        (repo / path).write_text(text)
    git(repo, "commit", "-qam", "configure")
    out = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", cache=False)).output
    diff = out[out.index("<diff") :]
    assert "+jwt:" in diff and "+  issuer: acmecorp" in diff
    assert [path for path, (_, value) in PACKED.items() if value in diff] == []


def test_a_redacted_key_block_keeps_the_lines_after_it_where_they_are(make_repo) -> None:
    key = (
        "-----BEGIN PRIVATE KEY-----\n"
        + "".join(f"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg{i:02d}xKz\n" for i in range(4))
        + "-----END PRIVATE KEY-----\n"
    )
    text = 'enum T {\n    static let k = """\n' + key + '"""\n    static let x = 1\n}\n'
    out, spans = redact(text, "T.swift")
    assert [s.rule for s in spans] == ["private-key"] and "MIGHAgEA" not in out
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[8:] == text.splitlines()[8:]  # `"""`, `static let x`, `}`
    crlf, _ = redact(text.replace("\n", "\r\n"), "T.swift")
    assert crlf.count("\r\n") == text.count("\n") and "\n" not in crlf.replace("\r\n", "")
    repo = make_repo({"T.swift": "enum T {}\n"})
    (repo / "T.swift").write_text(text)
    git(repo, "commit", "-qam", "key")
    pack = build_pack(PackOptions(path=repo, line_numbers=True, cache=False))
    assert "\n10|     static let x = 1\n11| }\n" in pack.output
    diff = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", cache=False)).output
    hunk = diff[diff.index("@@ -1 +1,11 @@") :].split("\n")[1:13]  # one line gone, 11 come
    assert hunk[0] == "-enum T {}" and all(line[:1] == "+" for line in hunk[1:]), hunk
    assert hunk[-2:] == ["+    static let x = 1", "+}"] and "MIGHAgEA" not in diff


def test_a_redaction_over_a_diff_keeps_hunk_headers_and_bare_blank_lines() -> None:
    from repoview.secrets import Redaction, apply

    diff = (
        "+-----BEGIN PRIVATE KEY-----\n+MIIEow1\n@@ -24,7 +24,7 @@ class A:\n+MIIEow2\n\n"
        "\\ No newline at end of file\n+-----END PRIVATE KEY-----\n+after = 1\n"
    )
    start = diff.index("-----BEGIN")
    end = diff.index("-----END PRIVATE KEY-----") + len("-----END PRIVATE KEY-----")
    out = apply(diff, [Redaction("private-key", start, end)], diff=True)
    assert out.splitlines() == [
        "+[REDACTED:private-key]",
        "+",
        "@@ -24,7 +24,7 @@ class A:",  # the hunk's line numbers stay the model's to read
        "+",
        "",  # (a blank context line git left without its space: no line added)
        "\\ No newline at end of file",
        "+",
        "+after = 1",
    ]
    # A span that starts at the LF of a CRLF holds no `\r`: none is added.
    text = "x = 1\r\n-----BEGIN\r\nKEY\r\n-----END\r\ny = 2\r\n"
    at = text.index("\n")
    got = apply(text, [Redaction("private-key", at, text.index("-----END") + 8)])
    assert got.count("\n") == text.count("\n") and "\r\r" not in got
    assert got.endswith("\r\ny = 2\r\n")


def test_a_value_redacted_in_one_file_is_redacted_wherever_the_pack_shows_it(make_repo) -> None:
    password = "Qw7!nVb2#LmZ9xPe"
    files: dict[str, str | bytes] = {
        "config/application.yml": f"spring:\n  datasource:\n    password: {password}\n",
        # a test asserts it: a test's literal, kept there on its own
        "tests/test_config.py": f'def test_pw(cfg):\n    assert cfg.pw == "{password}"\n',
        "app.py": "def main():\n    return 1\n",
    }
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo, cache=False))
    assert password not in pack.output
    assert "[REDACTED:known-secret]" in pack.output
    assert pack.secret_values == [password]
    # And in a change: the test that asserts it comes in a later commit.
    (repo / "tests/test_more.py").write_text(f'PW = "{password}"\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "more")
    diff = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", cache=False))
    assert password not in diff.output and '+PW = "[REDACTED:known-secret]"' in diff.output


def test_a_value_found_in_a_later_files_hunks_is_redacted_in_the_hunks_before(make_repo) -> None:
    repo = make_repo({"README.md": "hi\n"})
    # (documentation's login to an example host: kept by the rules, but for what they find
    # later in the diff)
    (repo / "docs").mkdir()
    (repo / "docs/setup.md").write_text(
        "DATABASE_URL=postgres://app:5Vsqxezy3Lex7BWr2drg@db.example.net:5432/app\n"
    )
    (repo / "src").mkdir()
    (repo / "src/db.ts").write_text(
        'export const mongo = "mongodb+srv://svc:5Vsqxezy3Lex7BWr2drg@cluster0.abcd1.mongodb.net/x"\n'
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "add")
    out = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", cache=False)).output
    assert "5Vsqxezy3Lex7BWr2drg" not in out
    assert "+DATABASE_URL=postgres://app:[REDACTED:known-secret]@db.example.net" in out


def test_a_value_found_later_is_redacted_in_the_files_scanned_before(tmp_path) -> None:
    from repoview.collect import flush_known, redact_files
    from repoview.model import PackedFile
    from repoview.secrets import seen_secrets
    from repoview.tokens import TokenCache

    password = "Qw7!nVb2#LmZ9xPe"
    test = PackedFile(
        path="tests/test_config.py",
        language="Python",
        role="test",
        size=60,
        text=f'def test_pw(cfg):\n    assert cfg.pw == "{password}"\n',
    )
    config = PackedFile(
        path="config/app.yml",
        language="YAML",
        role="config",
        size=40,
        text=f"password: {password}\n",
    )
    test.set_mode("full")
    with seen_secrets() as seen:
        cache = TokenCache(tmp_path / "t.sqlite")
        redact_files([test], cache)  # scanned first: nothing found in it on its own
        assert password in test.full_text
        redact_files([config], cache)
        flush_known()  # (as each stage of a pack's making does)
        cache.close()
    assert password not in test.full_text and password not in test.text
    assert "[REDACTED:known-secret]" in test.text and test.redactions == 1
    assert seen.values == {password}


def test_a_known_value_is_redacted_where_it_stands_alone(make_repo) -> None:
    repo = make_repo(
        {
            "config.yml": "db:\n  password: hello123\n",
            "app.py": 'A = "hello1234 and Othello123x"\nB = "hello123"\nC = "(hello123)"\n',
        }
    )
    out = build_pack(PackOptions(path=repo, cache=False)).output
    assert 'A = "hello1234 and Othello123x"' in out
    assert 'B = "[REDACTED:known-secret]"' in out and 'C = "([REDACTED:known-secret])"' in out


def test_many_secrets_are_remembered_up_to_a_bound(make_repo) -> None:
    import random

    rng = random.Random(7)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    files: dict[str, str | bytes] = {}
    for i in range(300):
        key = "".join(rng.choice(alphabet) for _ in range(40))
        files[f"svc/s{i}.py"] = f'AWS_SECRET_ACCESS_KEY = "{key}"\n'
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    assert len(pack.secret_values) == 256  # (a fixture corpus past that: not each one sought)
    assert all(f.redactions == 1 for f in pack.files if f.path.startswith("svc/"))


def test_a_kubernetes_secrets_change_is_one_line_in_a_diff(make_repo) -> None:
    # The hunk need not show `kind: Secret` nor the `data:` its values are under.
    base = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n  labels:\n    a: b\ndata:\n"
    base += "".join(f"  key{i}: dmFsdWU{i}\n" for i in range(8))
    repo = make_repo(
        {
            "k8s/secret.yaml": base,
            "k8s/quoted.yaml": base.replace("kind: Secret", 'kind: "Secret"  # the db'),
        }
    )
    for name in ("secret.yaml", "quoted.yaml"):
        with (repo / "k8s" / name).open("a") as fh:
            fh.write("  conn: NUJ6aGZpd3B1N1d2anprcCVJMXc=\n")
    git(repo, "commit", "-qam", "add a connection string")
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD"))
    assert "NUJ6aGZpd3B1N1d2anprcCVJMXc" not in pack.output
    diff = pack.output[pack.output.index("<diff") :]
    assert diff.count("secret: a Kubernetes Secret's values") == 2, diff


# A key's base64 lines, twelve: a hunk of two changed lines in the middle shows neither
# its BEGIN nor its END line.
KEY_LINES = [
    base64.b64encode(hashlib.sha512(b"line %d" % i).digest()[:48]).decode() for i in range(12)
]


def _key(lines: list[str]) -> str:
    body = "".join(f"    {line}\n" for line in lines)
    return f"tls:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n{body}    -----END RSA PRIVATE KEY-----\n"


@pytest.mark.parametrize(
    ("path", "before", "after", "secret"),
    [
        # the name two lines above the value, outside the hunk's context
        (
            "settings.py",
            "X = 1\nDB_PASSWORD = (\n    'placeholder'\n)\n" + "Y = 2\n" * 8,
            "X = 1\nDB_PASSWORD = (\n    'kFPnEBMtDTVD^K3b'\n)\n" + "Y = 2\n" * 8,
            "kFPnEBMtDTVD^K3b",
        ),
        # a TOML section's header far above the key a commit adds
        (
            "config.toml",
            "[jwt]\n" + "".join(f"opt{i} = {i}\n" for i in range(8)),
            "[jwt]\n"
            + "".join(f"opt{i} = {i}\n" for i in range(8))
            + 'key = "n7itXkluKx0VYoyX6TZsNwq36XGb0oZ5EgsqW4ZZ"\n',
            "n7itXkluKx0VYoyX6TZsNwq36XGb0oZ5EgsqW4ZZ",
        ),
        # a JSON Web Key's `kty` six lines above its private member
        (
            "jwks.json",
            '{\n  "kty": "EC",\n  "crv": "P-256",\n  "use": "sig",\n  "kid": "k1",\n'
            '  "alg": "ES256",\n  "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",\n'
            '  "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"\n}\n',
            '{\n  "kty": "EC",\n  "crv": "P-256",\n  "use": "sig",\n  "kid": "k1",\n'
            '  "alg": "ES256",\n  "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",\n'
            '  "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",\n'
            '  "d": "OyjkTA1m-vEpBHLGv31y8WB_XYJ2YLU1cKcX3C2nNpk"\n}\n',
            "OyjkTA1m-vEpBHLGv31y8WB_XYJ2YLU1cKcX3C2nNpk",
        ),
        # two lines edited inside a key's block: the hunk shows neither BEGIN nor END
        (
            "values.yaml",
            _key(KEY_LINES) + "\n" * 8 + "replicas: 1\n",
            _key([*KEY_LINES[:5], KEY_LINES[5][::-1], *KEY_LINES[6:]]) + "\n" * 8 + "replicas: 1\n",
            KEY_LINES[5][::-1],
        ),
    ],
    ids=["name-above", "toml-section", "jwk", "key-lines"],
)
def test_a_hunk_is_redacted_by_what_its_file_says_outside_it(
    make_repo, path: str, before: str, after: str, secret: str
) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({path: before, "README.md": "hi\n"})
    (repo / path).write_text(after)
    git(repo, "commit", "-qam", "change")
    out = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", cache=False)).output
    assert f"+++ b/{path}" in out and "[REDACTED:known-secret]" in out
    assert secret not in out
    if path == "values.yaml":  # (the base's lines the change removes, too)
        assert KEY_LINES[5] not in out


def test_include_logs_redacts_a_value_a_message_gave_away_in_the_others(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"a.txt": "1\n"})
    (repo / "a.txt").write_text("2\n")
    git(repo, "commit", "-qam", "init with DB_PASSWORD=Qz8#kLm2Wp9vRt4X")
    (repo / "a.txt").write_text("3\n")
    git(repo, "commit", "-qam", "rotate: the db pass was Qz8#kLm2Wp9vRt4X")
    out = build_pack(PackOptions(path=repo, include_logs=5, cache=False)).output
    assert "Qz8#kLm2Wp9vRt4X" not in out
    assert "rotate: the db pass was [REDACTED:known-secret]" in out


def test_keys_lines_do_not_crowd_out_a_password_known_elsewhere(make_repo, capfd) -> None:  # type: ignore[no-untyped-def]
    # Six keys of fifty lines: their lines are remembered apart from the values, so the
    # password the settings hold is still redacted in the test that asserts it.
    files: dict[str, str | bytes] = {
        "src/settings.py": 'DB_PASSWORD = "zX9mP2qL7vWz4Rt8"\n',
        "tests/test_settings.py": 'def test_password():\n    assert get() == "zX9mP2qL7vWz4Rt8"\n',
    }
    for k in range(6):
        body = "".join(
            base64.b64encode(hashlib.sha512(b"key %d line %d" % (k, i)).digest()[:48]).decode()
            + "\n"
            for i in range(50)
        )
        files[f"src/keys{k}.py"] = (
            f'KEY = """-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\n"""\n'
        )
    out = build_pack(PackOptions(path=make_repo(files), cache=False)).output
    assert "zX9mP2qL7vWz4Rt8" not in out
    assert 'assert get() == "[REDACTED:known-secret]"' in out
    assert "DFA out of memory" not in capfd.readouterr().err  # (RE2 says nothing on stderr)


VARIANT = "Rk7pQ2xLm9Vt4sWz"


@pytest.mark.parametrize(
    ("path", "line"),
    [
        # a secret's name with a number, a version or a stage after its word
        (".env", f"API_KEY_PROD={VARIANT}"),
        (".env", f"API_KEY_V2={VARIANT}"),
        (".env", f"APIKEY2={VARIANT}"),
        (".env", f"PASSWORD2={VARIANT}"),
        (".env", f"TOKEN2={VARIANT}"),
        (".env", f"ADMIN_PASSWORD1={VARIANT}"),
        ("config.yml", f'secret2: "{VARIANT}"'),
        ("docker-compose.yml", f"    environment:\n      - POSTGRES_PASSWORD2={VARIANT}"),
        ("conf.json", f'{{"commit_pw2": "{VARIANT}"}}'),
        ("app.js", f'const apiKeyStaging = "{VARIANT}";'),
        # an assignment in brackets, in prose or a comment
        ("notes.md", f"Run it (PGPASSWORD={VARIANT}) psql"),
        ("notes.md", f"set [API_TOKEN={VARIANT}] first"),
        ("notes.md", f"Run it first.\n[API_TOKEN={VARIANT}]"),  # (a line's start, not the text's)
        ("main.go", f"// run with (DB_PASSWORD={VARIANT}) set"),
        # a password told in prose
        ("CHANGES.md", f'Use the shared account; the password is "{VARIANT}" until Friday'),
        ("ops.txt", f"the password for the staging db is {VARIANT}."),
    ],
)
def test_variant_names_notes_and_prose_are_redacted(path: str, line: str) -> None:
    out, found = redact(line + "\n", path)
    assert VARIANT not in out and found


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (".env", "TOKEN_URL2=https://auth.example.org/token"),
        (".env", f"API_VERSION_V2={VARIANT}"),
        ("a.py", "x = f(DB_PASSWORD=os.environ['DB_PASSWORD'])"),
        ("doc.md", "The password is required."),
        ("doc.md", "The password is `changeme`."),
        ("doc.md", "The password is case-sensitive and sha256-hashed before it is stored."),
        ("doc.md", "the password is hashed with bcrypt"),
        # a call passing a variable, its name with a number
        ("app.py", "x = f(password=newPassword1)"),
        ("App.kt", "check(token=redisPwd2)"),
        # a compound word going on with the sentence
        ("README.md", "The password is OAuth2-compatible."),
        ("README.md", "The password is k8s-managed and argon2id-hashed."),
    ],
)
def test_look_alikes_of_variants_and_prose_stay(path: str, line: str) -> None:
    text = line + "\n"
    assert redact(text, path) == (text, [])


def test_a_password_told_in_prose_is_remembered_without_its_markup(make_repo) -> None:
    # The full stop, the bold or the quotes went with the value into what was remembered,
    # and the bare value another file holds was not redacted there.
    value = "Xk29fLq8zT"
    for told in (f"is {value}.", f"is **{value}**.", f"is “{value}”"):
        repo = make_repo(
            {
                "deploy.py": f"# The staging password {told}\nHOST = 'staging'\n",
                "seed.py": f'connect("s", "{value}")\n',
            }
        )
        out = build_pack(PackOptions(path=repo, cache=False)).output
        assert value not in out, told
