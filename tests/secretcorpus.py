"""A corpus of fake but format-valid credentials, placed in the files people commit them in.

Every value is generated at run time from the documented shape of its format (prefix,
alphabet, length, checksum where there is one), so no credential-shaped literal sits in this
source. `token_files()` puts each provider format into five contexts (`.env`, unquoted YAML,
a Python settings module, Go constants, JSON); `form_files()` writes the everyday forms
(connection strings, config files, command lines). Each returns {path: text} and the list
of (label, value) pairs that must not survive a pack.
"""

from __future__ import annotations

import base64
import random
import string
import uuid
import zlib
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
UPPER_NUM = string.ascii_uppercase + string.digits
LOWER_NUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
BASE32 = string.ascii_uppercase + "234567"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


class Gen:
    """Random pieces of a format, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def s(self, n: int, alphabet: str = ALNUM) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def digits(self, n: int) -> str:
        return str(self.rng.randint(1, 9)) + self.s(n - 1, string.digits)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def github(self, prefix: str) -> str:
        # Classic GitHub tokens end in a CRC32 of the random part, in base62 (6 characters).
        body = self.s(30)
        crc = zlib.crc32(body.encode())
        tail = ""
        for _ in range(6):
            crc, r = divmod(crc, 62)
            tail = BASE62[r] + tail
        return f"{prefix}_{body}{tail}"

    def password(self) -> str:
        return self.s(6) + self.rng.choice("!#%*+-") + self.s(7) + self.digits(2)


# name (for the rule/format), a variable name people use for it, and how to make a value.
FORMATS: list[tuple[str, str, Callable[[Gen], str]]] = [
    (
        "aws-access-key-id",
        "AWS_ACCESS_KEY_ID",
        lambda g: "AKIA" + g.s(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    ),
    ("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", lambda g: g.s(40, B64)),
    ("github-pat", "GITHUB_TOKEN", lambda g: g.github("ghp")),
    ("github-oauth", "GH_OAUTH", lambda g: g.github("gho")),
    ("github-app", "GH_INSTALLATION", lambda g: g.github("ghs")),
    ("github-fine-grained", "GITHUB_PAT", lambda g: f"github_pat_{g.s(22)}_{g.s(59)}"),
    ("gitlab-pat", "GITLAB_TOKEN", lambda g: "glpat-" + g.s(20, URLSAFE)),
    ("gitlab-runner", "RUNNER_TOKEN", lambda g: "glrt-" + g.s(20, URLSAFE)),
    ("slack-bot", "SLACK_BOT_TOKEN", lambda g: f"xoxb-{g.digits(12)}-{g.digits(13)}-{g.s(24)}"),
    (
        "slack-user",
        "SLACK_USER",
        lambda g: f"xoxp-{g.digits(11)}-{g.digits(12)}-{g.digits(13)}-{g.s(32, HEX)}",
    ),
    (
        "slack-app",
        "SLACK_APP_TOKEN",
        lambda g: f"xapp-1-A{g.s(10, UPPER_NUM)}-{g.digits(13)}-{g.s(64, HEX)}",
    ),
    (
        "slack-webhook",
        "SLACK_WEBHOOK",
        lambda g: (
            f"https://hooks.slack.com/services/T{g.s(10, UPPER_NUM)}/B{g.s(10, UPPER_NUM)}/{g.s(24)}"
        ),
    ),
    ("stripe-secret", "STRIPE_SECRET_KEY", lambda g: "sk_live_" + g.s(99)),
    ("stripe-restricted", "STRIPE_RESTRICTED", lambda g: "rk_live_" + g.s(99)),
    ("openai-legacy", "OPENAI_API_KEY", lambda g: f"sk-{g.s(20)}T3BlbkFJ{g.s(20)}"),
    (
        "openai-project",
        "OPENAI_KEY",
        lambda g: f"sk-proj-{g.s(74, URLSAFE)}T3BlbkFJ{g.s(74, URLSAFE)}",
    ),
    ("anthropic", "ANTHROPIC_API_KEY", lambda g: f"sk-ant-api03-{g.s(93, URLSAFE)}AA"),
    ("google-api-key", "GOOGLE_MAPS", lambda g: "AIza" + g.s(35, URLSAFE)),
    ("google-oauth-secret", "GOOGLE_CLIENT_SECRET", lambda g: "GOCSPX-" + g.s(28, URLSAFE)),
    ("npm", "NPM_TOKEN", lambda g: "npm_" + g.s(36)),
    ("pypi", "PYPI_TOKEN", lambda g: "pypi-AgEIcHlwaS5vcmc" + g.s(70, URLSAFE)),
    ("huggingface", "HF_TOKEN", lambda g: "hf_" + g.s(34, string.ascii_letters)),
    ("huggingface-org", "HF_ORG", lambda g: "api_org_" + g.s(34, string.ascii_letters)),
    ("twilio-api-key", "TWILIO_API_KEY", lambda g: "SK" + g.s(32, HEX)),
    ("twilio-auth-token", "TWILIO_AUTH_TOKEN", lambda g: g.s(32, HEX)),
    ("discord-bot", "DISCORD_BOT", lambda g: f"M{g.s(25)}.{g.s(6, URLSAFE)}.{g.s(38, URLSAFE)}"),
    (
        "discord-webhook",
        "DISCORD_HOOK",
        lambda g: f"https://discord.com/api/webhooks/{g.digits(18)}/{g.s(68, URLSAFE)}",
    ),
    ("mailchimp", "MAILCHIMP_API_KEY", lambda g: f"{g.s(32, HEX)}-us{g.rng.randint(1, 21)}"),
    ("mailgun", "MAILGUN_KEY", lambda g: "key-" + g.s(32, HEX)),
    ("digitalocean", "DO_TOKEN", lambda g: "dop_v1_" + g.s(64, HEX)),
    ("shopify", "SHOPIFY_ACCESS", lambda g: "shpat_" + g.s(32, HEX)),
    ("shopify-shared", "SHOPIFY_SHARED", lambda g: "shpss_" + g.s(32, HEX)),
    ("square-access", "SQUARE_ACCESS", lambda g: "EAAA" + g.s(60, URLSAFE)),
    ("square-oauth", "SQUARE_OAUTH", lambda g: "sq0csp-" + g.s(43, URLSAFE)),
    ("databricks", "DATABRICKS_TOKEN", lambda g: "dapi" + g.s(32, HEX)),
    ("doppler", "DOPPLER_TOKEN", lambda g: "dp.pt." + g.s(43)),
    ("vault-service", "VAULT_TOKEN", lambda g: "hvs." + g.s(90, URLSAFE)),
    ("vault-batch", "VAULT_BATCH", lambda g: "hvb." + g.s(138, URLSAFE)),
    ("heroku", "HEROKU_API_KEY", lambda g: "HRKU-AA" + g.s(58, URLSAFE)),
    ("heroku-legacy", "HEROKU_API_KEY", lambda g: g.uuid()),
    ("snyk", "SNYK_TOKEN", lambda g: g.uuid()),
    ("age", "AGE_IDENTITY", lambda g: "AGE-SECRET-KEY-1" + g.s(58, BECH32)),
    ("sendgrid", "SENDGRID", lambda g: f"SG.{g.s(22, URLSAFE)}.{g.s(43, URLSAFE)}"),
    (
        "jwt",
        "SESSION_JWT",
        lambda g: "eyJhbGciOiJIUzI1NiJ9.eyJ" + g.s(40, URLSAFE) + "." + g.s(43, URLSAFE),
    ),
    ("atlassian", "JIRA_API", lambda g: "ATATT3" + g.s(180, URLSAFE)),
    ("azure-ad-secret", "AZURE_CLIENT_SECRET", lambda g: g.s(3) + "8Q~" + g.s(34, URLSAFE + ".~")),
    ("postman", "POSTMAN", lambda g: f"PMAK-{g.s(24, HEX)}-{g.s(34, HEX)}"),
    ("telegram", "TELEGRAM_BOT", lambda g: f"{g.digits(10)}:AA{g.s(33, URLSAFE)}"),
    ("sentry", "SENTRY_AUTH", lambda g: "sntryu_" + g.s(64, HEX)),
    ("grafana", "GRAFANA_SA", lambda g: f"glsa_{g.s(32)}_{g.s(8, HEX)}"),
    ("newrelic", "NEW_RELIC", lambda g: "NRAK-" + g.s(27, UPPER_NUM)),
    ("linear", "LINEAR", lambda g: "lin_api_" + g.s(40)),
    ("notion", "NOTION", lambda g: "ntn_" + g.digits(11) + g.s(35)),
    ("dynatrace", "DT_API", lambda g: f"dt0c01.{g.s(24, UPPER_NUM)}.{g.s(64, UPPER_NUM)}"),
    ("pulumi", "PULUMI_ACCESS", lambda g: "pul-" + g.s(40, HEX)),
    ("terraform", "TFC", lambda g: f"{g.s(14)}.atlasv1.{g.s(67, URLSAFE)}"),
    ("dockerhub", "DOCKERHUB", lambda g: "dckr_pat_" + g.s(27, URLSAFE)),
    ("rubygems", "GEM_HOST_API", lambda g: "rubygems_" + g.s(48, HEX)),
    ("nuget", "NUGET", lambda g: "oy2" + g.s(43, LOWER_NUM)),
    ("supabase", "SUPABASE", lambda g: "sbp_" + g.s(40, HEX)),
    ("planetscale", "PLANETSCALE", lambda g: "pscale_tkn_" + g.s(43, URLSAFE)),
    ("groq", "GROQ", lambda g: "gsk_" + g.s(52)),
    ("replicate", "REPLICATE", lambda g: "r8_" + g.s(37)),
    ("perplexity", "PPLX", lambda g: "pplx-" + g.s(48)),
    ("tailscale", "TS_AUTHKEY", lambda g: f"tskey-auth-k{g.s(10)}CNTRL-{g.s(33)}"),
    ("alibaba", "ALIBABA_ACCESS", lambda g: "LTAI" + g.s(20)),
    ("shippo", "SHIPPO", lambda g: "shippo_live_" + g.s(40, HEX)),
    ("easypost", "EASYPOST", lambda g: "EZAK" + g.s(54)),
    ("duffel", "DUFFEL", lambda g: "duffel_live_" + g.s(43, URLSAFE)),
    ("prefect", "PREFECT", lambda g: "pnu_" + g.s(36)),
    ("mapbox", "MAPBOX", lambda g: f"sk.eyJ1{g.s(60)}.{g.s(22, URLSAFE)}"),
    ("contentful", "CONTENTFUL", lambda g: "CFPAT-" + g.s(43, URLSAFE)),
    ("figma", "FIGMA", lambda g: "figd_" + g.s(40, URLSAFE)),
    ("brevo", "BREVO", lambda g: f"xkeysib-{g.s(64, HEX)}-{g.s(16)}"),
    ("flyio", "FLY", lambda g: "fo1_" + g.s(43, URLSAFE)),
    ("okta", "OKTA_API_TOKEN", lambda g: "00" + g.s(40, URLSAFE)),
    ("algolia", "ALGOLIA_ADMIN_KEY", lambda g: g.s(32, HEX)),
    ("cloudflare", "CLOUDFLARE_API_TOKEN", lambda g: g.s(40, URLSAFE)),
    ("datadog", "DD_API_KEY", lambda g: g.s(32, HEX)),
    ("azure-devops", "AZURE_DEVOPS_PAT", lambda g: g.s(52, "abcdefghijklmnopqrstuvwxyz234567")),
    ("airtable", "AIRTABLE_PAT", lambda g: f"pat{g.s(14)}.{g.s(64, HEX)}"),
    ("clojars", "CLOJARS_DEPLOY", lambda g: "CLOJARS_" + g.s(60, LOWER_NUM)),
    ("dropbox", "DROPBOX_ACCESS", lambda g: "sl." + g.s(138, URLSAFE)),
    ("flutterwave", "FLW_SECRET", lambda g: f"FLWSECK_TEST-{g.s(32, 'abcdefgh0123456789')}-X"),
    ("frameio", "FRAMEIO", lambda g: "fio-u-" + g.s(64, URLSAFE)),
    ("infracost", "INFRACOST_API_KEY", lambda g: "ico-" + g.s(32)),
    ("openshift", "OC_LOGIN", lambda g: "sha256~" + g.s(43, URLSAFE)),
    ("readme", "README_API", lambda g: "rdme_" + g.s(70, LOWER_NUM)),
    ("typeform", "TYPEFORM", lambda g: "tfp_" + g.s(44, URLSAFE)),
    ("yandex", "YC_API", lambda g: "AQVN" + g.s(36, URLSAFE)),
    ("onepassword", "OP_SERVICE_ACCOUNT", lambda g: "ops_eyJ" + g.s(300, ALNUM + "+/")),
    ("adobe", "ADOBE_CLIENT", lambda g: "p8e-" + g.s(32)),
    ("clickhouse", "CLICKHOUSE_CLOUD", lambda g: "4b1d" + g.s(38)),
    ("defined-networking", "DN_API", lambda g: f"dnkey-{g.s(26, LOWER_NUM)}-{g.s(52, LOWER_NUM)}"),
    ("facebook", "FB_PAGE", lambda g: "EAAM" + g.s(120)),
    ("grafana-api", "GRAFANA_API", lambda g: "eyJrIjoi" + g.s(80)),
    ("harness", "HARNESS", lambda g: f"pat.{g.s(22)}.{g.s(24)}.{g.s(20)}"),
    ("intra42", "INTRA42", lambda g: "s-s4t2ud-" + g.s(64, HEX)),
    ("maxmind", "MAXMIND_LICENSE", lambda g: f"{g.s(6)}_{g.s(29)}_mmk"),
    (
        "teams-webhook",
        "TEAMS_HOOK",
        lambda g: (
            f"https://acme.webhook.office.com/webhookb2/{g.uuid()}@{g.uuid()}/IncomingWebhook/{g.s(32, HEX)}/{g.uuid()}"
        ),
    ),
    ("octopus", "OCTOPUS", lambda g: "API-" + g.s(26, UPPER_NUM)),
    ("plaid", "PLAID_ACCESS", lambda g: "access-production-" + g.uuid()),
    ("scalingo", "SCALINGO", lambda g: "tk-us-" + g.s(48, URLSAFE)),
    ("settlemint", "SETTLEMINT", lambda g: "sm_pat_" + g.s(16)),
    ("sourcegraph", "SRC_ACCESS", lambda g: "sgp_" + g.s(16, HEX) + "_" + g.s(40, HEX)),
    ("yandex-iam", "YC_IAM", lambda g: f"t1.{g.s(20, URLSAFE)}.{g.s(86, URLSAFE)}"),
    ("kucoin", "KUCOIN_ACCESS_TOKEN", lambda g: g.s(24, HEX)),
    ("slack-config", "SLACK_CONFIG", lambda g: f"xoxe.xoxp-1-{g.s(164, UPPER_NUM)}"),
    ("github-fine-grained-any", "GH_FINE", lambda g: "github_pat_" + g.s(82, ALNUM + "_")),
    ("sendgrid-any", "SENDGRID_KEY", lambda g: "SG." + g.s(66, URLSAFE + "=.")),
    ("telegram-any", "TG_BOT", lambda g: f"{g.digits(9)}:A{g.s(34, URLSAFE)}"),
    (
        "slack-webhook-any",
        "SLACK_HOOK",
        lambda g: "https://hooks.slack.com/services/" + g.s(48, ALNUM + "+/"),
    ),
    ("newrelic-lower", "NR_USER", lambda g: "NRAK-" + g.s(27, LOWER_NUM)),
    ("cloudflare-origin-ca", "CF_ORIGIN_CA", lambda g: f"v1.0-{g.s(24, HEX)}-{g.s(146, HEX)}"),
    (
        "onepassword-secret-key",
        "OP_SECRET_KEY",
        lambda g: (
            f"A3-{g.s(6, UPPER_NUM)}-{g.s(11, UPPER_NUM)}-{g.s(5, UPPER_NUM)}-{g.s(5, UPPER_NUM)}-{g.s(5, UPPER_NUM)}"
        ),
    ),
    ("artifactory", "ARTIFACTORY", lambda g: "AKCp" + g.s(69)),
    (
        "authress",
        "AUTHRESS",
        lambda g: f"sc_{g.s(12)}.{g.s(5)}.acc_{g.s(20, LOWER_NUM)}.{g.s(60, ALNUM + '+/=')}",
    ),
    (
        "jwt-base64",
        "JWT_B64",
        lambda g: base64.b64encode(
            ("eyJhbGciOiJIUzI1NiJ9.eyJ" + g.s(40, URLSAFE) + "." + g.s(43, URLSAFE)).encode()
        ).decode(),
    ),
    ("vault-legacy", "VAULT_TOKEN", lambda g: "s." + g.s(24)),
    (
        "private-key",
        "",
        lambda g: (
            "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "\n".join(g.s(70, B64) for _ in range(5))
            + "\n-----END OPENSSH PRIVATE KEY-----"
        ),
    ),
]


def _snake(name: str) -> str:
    return name.lower()


def _camel(name: str) -> str:
    head, *rest = name.lower().split("_")
    return head + "".join(p.title() for p in rest)


def token_files(seed: int = 1) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each format in `.env`, unquoted YAML, Python, Go and JSON; and what must not survive."""
    env, yaml, py, go, js = [], [], ["import os", ""], ["package config", ""], []
    expect: list[tuple[str, str]] = []
    for i, (rule, var, make) in enumerate(FORMATS):
        if rule == "private-key":
            continue
        vals = [make(Gen(seed * 10_000 + i * 10 + k)) for k in range(5)]
        env.append(f"{var}={vals[0]}")
        yaml.append(f"  {_snake(var)}: {vals[1]}")
        py.append(f'{var} = "{vals[2]}"')
        go.append(f'const {_camel(var)} = "{vals[3]}"')
        js.append(f'    "{_camel(var)}": "{vals[4]}"')
        expect += [
            (f"{rule} in {ctx}", v)
            for ctx, v in zip(("env", "yaml", "py", "go", "json"), vals, strict=True)
        ]
    files = {
        "deploy/.env": "\n".join(["NODE_ENV=production", "PORT=8080", *env]) + "\n",
        "deploy/values.yaml": "service:\n  replicas: 2\ncredentials:\n" + "\n".join(yaml) + "\n",
        "app/settings.py": "\n".join([*py, "DEBUG = False"]) + "\n",
        "internal/config/keys.go": "\n".join(go) + "\n",
        "config/credentials.json": '{\n  "service": {\n' + ",\n".join(js) + "\n  }\n}\n",
    }
    key = FORMATS[-1][2](Gen(seed))
    files["app/keys.py"] = f'SIGNING_KEY = """{key}"""\n'
    expect.append(("private-key in py", key.splitlines()[2]))
    return files, expect


def form_files(seed: int = 2) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The everyday forms: config files, connection strings, command lines."""
    g = Gen(seed)
    p = [g.password() for _ in range(30)]
    docker_auth = base64.b64encode(f"deploy:{p[9]}".encode()).decode()
    azure_key = base64.b64encode(g.s(64).encode()).decode()
    sidekiq, session = f"{g.s(8, HEX)}:{g.s(8, HEX)}", g.s(32, LOWER_NUM)
    k8s = base64.b64encode(g.s(30).encode()).decode()
    basic_header = base64.b64encode(f"deploy:{p[24]}".encode()).decode()
    api_key = g.s(32, HEX)
    block_pw = g.password()
    env_pw = [g.password() for _ in range(3)]
    cmd = [g.password() for _ in range(8)]  # (drawn last: the values above stay as they were)
    sentry_key = g.s(32, HEX)
    jwk_x, jwk_d = g.s(43, URLSAFE), g.s(43, URLSAFE)
    sql_pw, env_value, tencent = g.password(), g.password(), g.s(32, ALNUM)
    forms: list[tuple[str, str, str, str]] = [
        (
            "yaml unquoted",
            "config/database.yml",
            f"production:\n  adapter: postgresql\n  username: app\n  password: {p[0]}\n",
            p[0],
        ),
        (
            ".pypirc",
            ".pypirc",
            f"[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = deploy\npassword = {p[1]}\n",
            p[1],
        ),
        (
            ".properties",
            "src/main/resources/application.properties",
            f"spring.datasource.url=jdbc:postgresql://db/app\nspring.datasource.password={p[2]}\n",
            p[2],
        ),
        (
            "xml attribute",
            "conf/server.xml",
            f'<Resource name="jdbc/app" username="app" password="{p[3]}" maxTotal="20"/>\n',
            p[3],
        ),
        (
            "xml key/value",
            "web.config",
            f'<appSettings>\n  <add key="ApiSecret" value="{p[4]}" />\n</appSettings>\n',
            p[4],
        ),
        (
            "jdbc url",
            "conf/jdbc.conf",
            f"url = jdbc:mysql://db.internal:3306/app?user=app&password={p[5]}&useSSL=true\n",
            p[5],
        ),
        (
            "jdbc sqlserver",
            "conf/sqlserver.conf",
            f"jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={p[6]};encrypt=true\n",
            p[6],
        ),
        (
            "ado.net",
            "appsettings.json",
            f'{{"ConnectionStrings": {{"Default": "Server=tcp:db.internal,1433;Database=app;User ID=app;Password={p[7]};Encrypt=True;"}}}}\n',
            p[7],
        ),
        (
            "azure storage",
            "conf/storage.txt",
            f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={azure_key};EndpointSuffix=core.windows.net\n",
            azure_key,
        ),
        (
            "docker auths",
            ".docker/config.json",
            f'{{\n  "auths": {{\n    "registry.internal:5000": {{\n      "auth": "{docker_auth}"\n    }}\n  }}\n}}\n',
            docker_auth,
        ),
        (
            "docker login -p",
            "scripts/release.sh",
            f"#!/bin/sh\ndocker login -u deploy -p {p[10]} registry.internal\n",
            p[10],
        ),
        (
            "curl -u",
            "scripts/upload.sh",
            f"curl -sf -u deploy:{p[11]} -T dist.tar.gz https://files.internal/upload\n",
            p[11],
        ),
        (
            "redis no user",
            "conf/cache.ini",
            f"[cache]\nurl = redis://:{p[12]}@cache.internal:6379/0\n",
            p[12],
        ),
        (
            "url with user",
            "conf/db.ini",
            f"[db]\ndsn = postgresql://app:{p[13]}@db.internal:5432/app\n",
            p[13],
        ),
        ("ini", "conf/mail.ini", f"[smtp]\nhost = mail.internal\npassword = {p[14]}\n", p[14]),
        (
            "toml",
            "conf/service.toml",
            f'[upstream]\nhost = "api.internal"\npassword = "{p[15]}"\n',
            p[15],
        ),
        (".env", "services/api/.env", f"DB_HOST=db\nDB_PASS={p[16]}\n", p[16]),
        ("export", "scripts/env.sh", f"export MYSQL_PWD={p[17]}\n", p[17]),
        (
            "php define",
            "wp-config.php",
            f"<?php\ndefine('DB_USER', 'wp');\ndefine('DB_PASSWORD', '{p[18]}');\n",
            p[18],
        ),
        (
            "java constant",
            "src/main/java/Db.java",
            f'class Db {{\n  private static final String PASSWORD = "{p[19]}";\n}}\n',
            p[19],
        ),
        (
            "bearer header",
            "scripts/call.sh",
            f'curl -H "Authorization: Bearer {g.s(40, URLSAFE)}" https://api.internal/v1\n',
            "",
        ),
        (
            ".git-credentials",
            "ops/git-credentials.txt",
            f"https://deploy:{p[21]}@git.internal\n",
            p[21],
        ),
        ("npmrc", ".npmrc", f"//npm.internal/:_authToken={g.uuid()}\n", ""),
        ("sshpass", "scripts/deploy.sh", f"sshpass -p {p[23]} ssh deploy@host\n", p[23]),
        (
            "kubernetes secret",
            "k8s/secret.yaml",
            f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  tls.key: {k8s}\n",
            k8s,
        ),
        (
            "sidekiq bundler",
            "ci/bundle.env",
            f"BUNDLE_ENTERPRISE__CONTRIBSYS__COM={sidekiq}\n",
            sidekiq,
        ),
        (
            "nginx authorization",
            "conf/nginx/site.conf",
            f'location / {{\n  proxy_set_header Authorization "Basic {basic_header}";\n}}\n',
            basic_header,
        ),
        (
            "nginx api key",
            "conf/nginx/api.conf",
            f'location /v1 {{\n  proxy_set_header X-Api-Key "{api_key}";\n}}\n',
            api_key,
        ),
        (
            "java client header",
            "src/main/java/Client.java",
            "class Client {\n  void call(HttpRequest.Builder b) {\n"
            f'    b.header("Authorization", "Bearer {g.s(40, URLSAFE)}");\n  }}\n}}\n',
            "",
        ),
        (
            "java password authentication",
            "src/main/java/ProxyAuth.java",
            "class ProxyAuth extends Authenticator {\n  protected PasswordAuthentication"
            f' getPasswordAuthentication() {{\n    return new PasswordAuthentication("deploy",'
            f' "{p[25]}".toCharArray());\n  }}\n}}\n',
            p[25],
        ),
        (
            "libcurl userpwd",
            "src/upload.c",
            f'void login(CURL *c) {{\n  curl_easy_setopt(c, CURLOPT_USERPWD, "deploy:{p[26]}");\n}}\n',
            p[26],
        ),
        (
            "python value on the next line",
            "settings/production.py",
            f'DEBUG = False\nDB_PASSWORD = (\n    "{p[27]}"\n)\n',
            p[27],
        ),
        (
            "keyword argument on the next line",
            "app/client.py",
            f'client = Client(\n    base_url=URL,\n    api_key=\n        "{p[28]}",\n)\n',
            p[28],
        ),
        (
            "javascript value on the next line",
            "src/config.js",
            f"const sessionSecret =\n  '{p[29]}';\nexport default sessionSecret;\n",
            p[29],
        ),
        (
            "yaml block scalar",
            "deploy/database-values.yaml",
            f"database:\n  user: app\n  password: >-\n    {block_pw}\n",
            block_pw,
        ),
        (
            "ruby environment fallback",
            "config/initializers/secret.rb",
            f'Rails.application.config.secret_key_base = ENV.fetch("SECRET_KEY_BASE") {{ "{env_pw[0]}" }}\n',
            env_pw[0],
        ),
        (
            "javascript environment fallback",
            "src/session.ts",
            f"export const sessionSecret = process.env.SESSION_SECRET ?? '{env_pw[1]}';\n",
            env_pw[1],
        ),
        (
            "python environment fallback",
            "app/tokens.py",
            f'import os\n\nAPI_TOKEN = os.getenv("SERVICE_API_TOKEN") or "{env_pw[2]}"\n',
            env_pw[2],
        ),
        (
            "gitlab session cookie",
            "scripts/fetch.sh",
            f'wget --header "Cookie: _gitlab_session={session}" https://git.internal/api\n',
            session,
        ),
        ("env prefix", "ci/restore.sh", f'PGPASSWORD="{cmd[0]}" psql -h db app\n', cmd[0]),
        (
            "export list",
            "ci/env.sh",
            f"export CI=true DEPLOY_TOKEN={cmd[1]} RETRIES=3\n",
            cmd[1],
        ),
        (
            "docker run -e",
            "scripts/run-db.sh",
            f"docker run -d -e POSTGRES_PASSWORD={cmd[2]} postgres:16\n",
            cmd[2],
        ),
        (
            "password flag",
            "scripts/backup.sh",
            f"mysqldump -u root --password={cmd[3]} app > app.sql\n",
            cmd[3],
        ),
        ("token flag", "scripts/login.sh", f"cli login --api-key {cmd[4]} --region eu\n", cmd[4]),
        (
            "ci run line",
            ".github/workflows/deploy.yml",
            f"jobs:\n  deploy:\n    steps:\n      - run: API_TOKEN={cmd[5]} make deploy\n",
            cmd[5],
        ),
        ("makefile recipe", "deploy/Makefile", f"ship:\n\tSECRET_KEY={cmd[6]} ./ship.sh\n", cmd[6]),
        (
            "dockerfile run",
            "docker/Dockerfile",
            f"FROM node:20\nRUN NPM_TOKEN={cmd[7]} npm ci\n",
            cmd[7],
        ),
        (
            "sentry dsn",
            "app/observability.py",
            f'sentry_sdk.init(dsn="https://{sentry_key}@o{g.digits(6)}.ingest.sentry.io/{g.digits(7)}")\n',
            sentry_key,
        ),
        (
            "json web key",
            "keys/signing.jwks.json",
            f'{{"keys": [{{"kid": "k1", "kty": "EC", "crv": "P-256", "x": "{jwk_x}", '
            f'"d": "{jwk_d}"}}]}}\n',
            jwk_d,
        ),
        (
            "sql user",
            "db/init.sql",
            f"CREATE USER 'app'@'%' IDENTIFIED BY '{sql_pw}';\n",
            sql_pw,
        ),
        (
            "kubernetes env",
            "k8s/deploy.yaml",
            f"env:\n  - name: DB_PASSWORD\n    value: {env_value}\n",
            env_value,
        ),
        (
            "tencent beside its id",
            "cloud/cos.py",
            f'cred = credential.Credential("AKID{g.s(32, ALNUM)}", "{tencent}")\n',
            tencent,
        ),
    ]
    # (drawn after the forms above, so their values stay as they were)
    prose_pw, variant_key, noted_pw = g.password(), g.s(24, ALNUM), g.password()
    forms += [
        (
            "password in prose",
            "docs/ops.md",
            f'Until Friday the staging password is "{prose_pw}".\n',
            prose_pw,
        ),
        ("a key's variant name", ".env.production", f"API_KEY_PROD={variant_key}\n", variant_key),
        (
            "an assignment in a note",
            "CHANGES.md",
            f"- Fix the staging login (DB_PASSWORD={noted_pw})\n",
            noted_pw,
        ),
    ]
    files: dict[str, str] = {}
    expect: list[tuple[str, str]] = []
    for label, path, text, value in forms:
        if not value:  # the value is the last token-like piece of the line
            value = (
                text.split("Bearer ")[-1].split('"')[0]
                if "Bearer" in text
                else text.split("=")[-1].strip()
            )
        files[path] = text
        expect.append((label, value))
    return files, expect


def corpus(seed: int = 1) -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str]]]:
    """All files; the token values; the form values."""
    tfiles, tokens = token_files(seed)
    ffiles, forms = form_files(seed + 1)
    return {**tfiles, **ffiles}, tokens, forms


def survivors(output: str, expect: list[tuple[str, str]]) -> list[str]:
    """Labels whose value is still in `output`."""
    return [label for label, value in expect if value in output]
