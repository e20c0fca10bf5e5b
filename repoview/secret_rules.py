"""The credential formats repoview redacts, and the checks that tell a secret from a look-alike.

Provider rules are written from each provider's documented token format (prefix, alphabet,
length); assignment rules find a value by the name it is given (`password: ...`,
`API_TOKEN=...`, `define('DB_PASSWORD', ...)`) in any of the syntaxes people commit.
Patterns use the syntax RE2 and Python share (no back-references, no look-around, flags
only as scoped groups), and counted repetition only for short bounds (RE2 expands counts
into states; it is linear either way).
A check returns "" for a secret, else why the value is not one (for `--explain-secrets`).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import unquote

from . import lazyre
from .secret_values import (
    FIELD_NAME,
    JUDGED,
    PASSWORD_WORDS,
    has_word,
    holds_the_secret,
    name_kind,
    name_like,
    optional_type,
    placeholder,
    random_enough,
    value_verdict,
)

__all__ = ["ENV_LINE", "RULES", "YAML_KEY_PARENT", "Hit", "Rule", "env_verdict", "placeholder"]


@dataclass(frozen=True)
class Hit:
    """What a rule matched: the value, the name it is assigned to (if any), where it sits."""

    value: str
    name: str = ""
    strict: bool = False  # a test or docs file, where dummy credentials abound
    host: str = ""  # for a URL's password: the host it logs in to
    before: str = ""  # the line before the name, up to a few dozen characters
    pointers: bool = False  # in code where `&name` and `*name` are a variable's address, value
    after: str = ""  # a few characters after the value (and its closing quote)


Check = Callable[[Hit], str]


@dataclass(frozen=True)
class Rule:
    """One kind of credential: its marker name, a pattern, and a check of what it finds.

    A group named `secret` (or `secret2`, `secret3`) marks what is redacted, else the whole
    match; a group named `name` holds the name the value is assigned to, `host` a URL's host.
    """

    name: str
    pattern: str
    check: Check
    generic: bool = False  # found by context, not by its own format: a vendor rule may rename it
    # The kinds of file it is looked for in (`file_kinds`), when not in every file: rules of
    # one language's syntax in the one pass over every file made it a third slower.
    files: tuple[str, ...] = ()
    items: str = ""  # the `secret` group (or the match) is a list ("list"), a YAML block
    # ("block") or a TOML or INI section ("section"), whose items (the block's or section's
    # `key` values under a key's parent) are judged one by one; or a JSON Web Key's `kty`
    # ("jwk"), whose object's private members are


def assignment(hit: Hit) -> str:
    """A value assigned to a name that says it is a secret, and that looks like one."""
    kind = name_kind(hit.name)
    if not kind:
        return f"the name {hit.name!r} does not say it holds a secret"
    return value_verdict(hit.value, kind, hit.strict, name=hit.name)


# `var`, `let`, `val` (Swift, Kotlin) with the modifiers and attributes that may precede them.
_DECLARATION = lazyre.compile(r"(?:^|[\s(])(?:var|let|val)[ \t]+$")


def _bare_assignment(hit: Hit) -> str:
    """An unquoted value given to a secret's name: `var credential: URLCredential?` in Swift
    or Kotlin declares the type of a property, it gives it no value.

    The declaration's keyword is asked for: in a YAML file `password: Welcome!` is a value.
    """
    if _DECLARATION.search(hit.before) and optional_type(hit.value):
        return "a type annotation (an optional type), not a value"
    if (
        hit.pointers
        and (pointer := _POINTER.match(hit.value))
        and all(name_like(part) for part in re.split(r"[._]+", pointer.group(1)) if part)
    ):
        return "code (a pointer to a variable, or what one points at)"
    return assignment(hit)


# (a value that is itself a name, FIELD_NAME, of a field that holds a secret: `new_password1`,
# `CONFIRM_PASSWORD`)
_SECRET_PART = lazyre.compile(
    r"(?i)(?:^|_)(?:pass(?:word|wd|phrase|code)?|pwd|secret|token|key|credentials?|auth)\d*"
    r"(?:_|$)"
)
_CLOSERS = (")", "]", "}")


def _argument_pair(hit: Hit) -> str:
    """A quoted name, a comma and a quoted value: a call's arguments (`define('DB_PASSWORD',
    '...')`, `cfg.set("db", "password", "...")`), a command's flag and its value (`"--password",
    "..."`), a pair (`("password", "...")`, C++'s `{"password", "..."}`), or strings side by
    side in a list (`["old_password", "new_password1", "new_password2"]`), where what follows
    a secret's name is another name. In a call, after a flag, or as the last of its list, the
    value is judged as any assigned value is; between other strings, only if it looks random
    (as in a test file), and never when it is itself a secret field's name."""
    if hit.name.startswith("-") and hit.name.lower().endswith(_JOINED_FLAGS):
        return value_verdict(hit.value, "password", hit.strict, name=hit.name)
    if _in_call(hit.before) or hit.name.startswith("-"):
        return assignment(hit)
    if FIELD_NAME.match(hit.value) and _SECRET_PART.search(hit.value):
        return "a field's name beside another, not its value"
    rest = hit.after.lstrip()
    if rest.startswith(","):  # (a trailing comma, a list going on on the next line)
        rest = rest[1:].lstrip()
    if not rest or rest.startswith((*_CLOSERS, "#", "//")):
        return assignment(hit)
    return assignment(replace(hit, strict=True))


def _in_call(before: str) -> bool:
    """Whether the innermost bracket open in `before` is a call's `(` (a name just before it)."""
    depth = 0
    for k in range(len(before) - 1, -1, -1):
        c = before[k]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                return c == "(" and k > 0 and (before[k - 1].isalnum() or before[k - 1] == "_")
            depth -= 1
    return False


# `&passphrase`, `*cfg.Token`, `&mut key` (Go, C, Rust): a variable's name behind the mark,
# not a value.
_POINTER = lazyre.compile(r"[&*]{1,2}(?:mut[ \t]+)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$")


# What a shell word starts after: a blank, a subshell's `(`, or the quote of a string in code
# that holds the command. (Not `;` or `&`: in a URL they part its parameters, `;AUTH=...`.)
_WORD_START = frozenset(" \t(\"'`")
# A setting after the value, in a string of several (`privateKey=a.pem:certKey=b.pem`).
_NEXT_SETTING = lazyre.compile(r":[A-Za-z_]\w*=")


# Also where a shell word starts: after a Makefile recipe's `@` (a command not echoed,
# `@PGPASSWORD=... pg_dump`), or after a flag whose value is an assignment
# (`--env=API_TOKEN=...`, `--from-literal=key=...`).
_WORD_AFTER = lazyre.compile(r"(?:^|[ \t])(?:@|--?[A-Za-z][\w-]*=)$")


def _shell_word(hit: Hit) -> bool:
    before = hit.before
    return not before or before[-1] in _WORD_START or bool(_WORD_AFTER.search(before[-80:]))


def _command_assignment(hit: Hit) -> str:
    """`NAME=value` with more of a command after it: an environment prefix (`TOKEN=... cmd`),
    one of several on an `export` line, `env` or `docker run -e`, a `--password=` flag, or a
    `"NAME=value"` string. The name must start a shell word: inside one (`?token=`, `a.b=`)
    the text is a URL or code, which other rules judge."""
    if not _shell_word(hit):
        return "not a shell word (inside a URL or code)"
    if setting := _NEXT_SETTING.search(hit.value):
        return _bare_assignment(replace(hit, value=hit.value[: setting.start()]))
    return _bare_assignment(hit)


# Flags that run a password's word into another: Java's `keytool -storepass ... -keypass ...`,
# `--dbpassword`.
# (and Redis's `--requirepass`, whose word ends in `pass`)
_JOINED_FLAGS = ("password", "passwd", "storepass", "keypass", "requirepass")


def _flag_value(hit: Hit) -> str:
    """`--token VALUE`: a command's flag and its value after a blank. The flag must name the
    secret itself (`--password`, `--api-key`), not a file or mode for one
    (`--password-stdin`, `--token-file`)."""
    if not hit.name.startswith("-") or not _shell_word(hit):
        return "not a flag (inside a word, a URL or code)"
    if hit.name.lower().endswith(_JOINED_FLAGS):
        return value_verdict(hit.value, "password", hit.strict, name=hit.name)
    if not holds_the_secret(hit.name):
        return f"the flag {hit.name!r} does not take the secret itself"
    return assignment(hit)


def _token(hit: Hit) -> str:
    """A provider token whose body is not an obvious dummy ('xxxx', one character repeated)."""
    value = hit.value[:JUDGED]
    body = value.split("_", 1)[-1] if "_" in value[:12] else value
    if len(set(body)) <= 6:
        return "too few distinct characters for a real token"
    # A dummy says so early (`sk_live_your_key_here`); deep in a 300-character token, `your`
    # or `fake` is chance (about one token in 3,000).
    lower = value[:64].lower()
    for word in (
        "example",
        "sample",
        "dummy",
        "placeholder",
        "your",
        "fake",
        "xxxxxx",
        "redacted",
        "00000000",
        "1234567",
        "abcdefgh",
        "changeme",
    ):
        if has_word(value, lower, (word,)):
            return "an obvious example"
    return ""


def _aws_key_id(hit: Hit) -> str:
    return "AWS's documented example" if "EXAMPLE" in hit.value else _token(hit)


def _random(min_len: int, min_entropy: float) -> Check:
    return lambda hit: random_enough(hit.value, min_len, min_entropy)


# Hosts that documentation and tests log in to (RFC 2606 and 6761 names, the loopback).
_EXAMPLE_HOSTS = frozenset(
    {"localhost", "example.com", "example.org", "example.net", "host", "hostname", "0.0.0.0"}
)
_EXAMPLE_HOST_SUFFIXES = (
    ".example.com",
    ".example.org",
    ".example.net",
    ".example",
    ".test",
    ".invalid",
    ".localhost",
)


def example_host(host: str) -> bool:
    """A host no real credential is sent to: example domains, the loopback, test names."""
    host = host.lower().rstrip(".")
    return (
        host in _EXAMPLE_HOSTS or host.endswith(_EXAMPLE_HOST_SUFFIXES) or host.startswith("127.")
    )


# A password typed as one (no template's `%NAME`, `$VAR`, `{x}`, no query after it).
_PLAIN_PASSWORD = lazyre.compile(r"[A-Za-z0-9!@#^&*_+=.~-]{12,128}")


def _url_password(hit: Hit) -> str:
    """The password of a URL: not a template, a placeholder or a documentation example."""
    value = unquote(hit.value)
    if why := placeholder(value):
        return why
    if example_host(hit.host) and (
        hit.strict or not _PLAIN_PASSWORD.fullmatch(value) or random_enough(value, 12, 3.5)
    ):
        # (documentation's `postgres://user:secret@localhost`; a random password in code
        # is a real one, a developer's database's or a copy of production's)
        return "a login to an example or loopback host"
    if len(value) < 4:
        return "shorter than 4 characters"
    if value.lower() in PASSWORD_WORDS:
        return "a placeholder word"
    if hit.strict:
        return random_enough(value, 8, 3.5)
    return ""


def _sentry_dsn(hit: Hit) -> str:
    """A Sentry DSN's key, unless the DSN is for an example host or the key one of few
    characters (`00000000...`). In tests and docs, an alphabet (`0123456789abcdef...`) is an
    example too."""
    if hit.host and example_host(hit.host.rpartition(":")[0] or hit.host):
        return "a DSN for an example or loopback host"
    key = hit.value.partition(":")[0]
    if len(set(key)) <= 6:
        return "too few distinct characters for a real key"
    if hit.strict:
        return placeholder(key)
    return ""


def _jwk_member(hit: Hit) -> str:
    """A JSON Web Key's private member (RSA's `d`, `p`, `q`, `dp`, `dq`, `qi`; EC's and
    OKP's `d`; a symmetric key's `k`): key material in base64url, unless a placeholder."""
    if len(hit.value) < 16:
        return "too short for key material"
    return placeholder(hit.value)


def _docker_auth(hit: Hit) -> str:
    """Docker's `auth` is base64 of `user:password`."""
    try:
        decoded = base64.b64decode(hit.value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "not base64 of user:password"
    _, sep, password = decoded.partition(":")
    if not sep or not password:
        return "not base64 of user:password"
    return value_verdict(password, "password", hit.strict)


def _spaced_setting(hit: Hit) -> str:
    """A value after a setting's name and blanks (no `=`): in prose and code such a line is
    words (`token expired`, `Password required`), so only a random-looking one counts; in
    C, Go or Rust it declares a field and its type (`Token  *oauth2.Token`)."""
    if hit.pointers:
        return "a declaration (a name and its type), not a setting"
    if _TYPE_LIKE.fullmatch(hit.value):
        return "a type, not a value"
    if why := assignment(hit):
        return why
    return random_enough(hit.value, 8, 3.0 if not hit.strict else 3.5)


# A type named after a field (`*ecdsa.PrivateKey`, `[]byte`, `corev1.Secret`, `&str`).
_TYPE_LIKE = lazyre.compile(r"[*&\[\]]+\S*|(?:[A-Za-z_]\w*\.)+[A-Z]\w*")


def _command_password(hit: Hit) -> str:
    return value_verdict(hit.value, "password", hit.strict)


def _sql_password(hit: Hit) -> str:
    """A password in SQL, unless a question or a sentence: `$key = password('What is the
    decryption key?')` asks for one (a console prompt)."""
    words = hit.value.split()
    if len(words) > 1 and (
        hit.value.rstrip().endswith(("?", ":"))
        or any(w.lower().strip("?:.,!") in _PROSE_WORDS for w in words)
    ):
        return "a prompt or a message, not a password"
    return _command_password(hit)


def _discord(hit: Hit) -> str:
    return _token(hit) if 23 <= hit.value.find(".") <= 26 else "not a Discord token's shape"


def _mailchimp(hit: Hit) -> str:
    return _token(hit) if hit.value.find("-us") == 32 else "not a Mailchimp key's shape"


def _jwt(hit: Hit) -> str:
    """A JWT, unless its claims are the sample every JWT document shows (jwt.io's)."""
    payload = hit.value.split(".")[1][:JUDGED]
    try:
        claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return _token(hit)
    if '"sub":"1234567890"' in claims.replace(" ", "") or "John Doe" in claims:
        return "the sample token of JWT documentation"
    return _token(hit)


def _jwt_base64(hit: Hit) -> str:
    """A JWT, base64-encoded once more (as Kubernetes secrets and CI variables hold them)."""
    try:
        inner = base64.b64decode(hit.value[: JUDGED * 4] + "==", validate=False).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return "not a base64-encoded JWT"
    if not inner.startswith("eyJ") or inner.count(".") < 2:
        return "not a base64-encoded JWT"
    return _jwt(Hit(inner.strip(), hit.name, hit.strict))


# What may stand between a key's markers besides its base64: line breaks, escaped or not,
# and the quotes, `+` and commas of a key written as string literals joined in code.
_KEY_GLUE = lazyre.compile(r"\\[nr]|[\s\"'+,;`]")
_KEY_BODY = lazyre.compile(r"-----BEGIN [^-]*-----(.*?)(?:-----END|\Z)", re.S)


def _private_key(hit: Hit) -> str:
    # Judged by what stands between the markers, not by length: an Ed25519 key in PEM is
    # 118 characters whole.
    if "..." in hit.value:
        return "a truncated example key"
    m = _KEY_BODY.search(hit.value)
    body = _KEY_GLUE.sub("", m.group(1)) if m else ""
    material = sum(c.isalnum() or c in "+/=" for c in body)
    if material < 40 or material < 0.95 * len(body):
        # A placeholder (`<your key>`), or code that writes the markers around a key it
        # encodes (`append(encode(key))`).
        return "no key material between the markers"
    if len(set(body.replace("=", ""))) <= 4:
        return "a placeholder key (one character repeated: `XXXX...`)"
    return ""


def env_verdict(name: str, value: str) -> str:
    """In a `.env` file: any value given to a secret's name, unless a placeholder or a URL."""
    if not name_kind(name):
        return f"the name {name!r} does not say it holds a secret"
    if "://" in value and "@" not in value:
        return "a URL without credentials"
    return placeholder(value)


def _private_key_base64(hit: Hit) -> str:
    """Base64 of a PEM block (kubeconfig's `client-key-data`, a CI variable): a private key
    whatever the name it is given."""
    try:
        text = base64.b64decode(hit.value[:16384] + "==", validate=False).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return "not base64 of a PEM block"
    if "PRIVATE KEY" not in text.partition("\n")[0]:
        return "base64 of a PEM block that holds no private key"
    # (A placeholder is seldom base64-encoded: a short body is a key all the same.)
    m = _KEY_BODY.search(text)
    body = _KEY_GLUE.sub("", m.group(1)) if m else ""
    material = sum(c.isalnum() or c in "+/=" for c in body)
    if "..." in text or material < 16 or material < 0.95 * len(body):
        return "no key material between the markers"
    return ""


_HEX_KEY = lazyre.compile(r"(?:0x)?[0-9a-fA-F]{64}")


def _hex_key(hit: Hit) -> str:
    """An account's private key: 32 bytes in hex, random (not `0x000...01`, a test's)."""
    if not _HEX_KEY.fullmatch(hit.value):
        return "not a 32-byte key in hex"
    return random_enough(hit.value.removeprefix("0x"), 64, 3.0)


def _der_key(hit: Hit) -> str:
    """A private key's DER in base64: its opening bytes say what it is; the rest must be
    key material, not a placeholder run (`AAAA...`)."""
    body = re.sub(r"\\n|[^A-Za-z0-9+/]", "", hit.value)[32:]
    if len(body) < 32 or len(set(body)) <= 8:
        return "no key material after the key's opening bytes"
    return ""


def _putty_key(hit: Hit) -> str:
    """The private lines of a PuTTY key (`Private-Lines: N` and base64), outside a `.ppk`."""
    body = "".join(hit.value.split())
    if "..." in hit.value or len(body) < 16:
        return "no key material after `Private-Lines:`"
    return ""


def _joined(hit: Hit) -> str:
    """A value written over several lines (a YAML block scalar's lines, string literals
    joined in code): judged as the one value they make."""
    value = re.sub(r"[\s\"'+]+", "", hit.value)
    if not name_kind(hit.name):  # (`STRIPE_KEY = ("sk_live_..."`: a provider's token, cut)
        for rule in RULES:
            if not rule.generic and rule.check is _token:
                found = re.search(rule.pattern, value)
                if found is not None and not _token(Hit(found.group(0))):
                    return ""
    return assignment(replace(hit, value=value))


# Words that make a block scalar's line a sentence (a description, a message), not a
# passphrase: articles, prepositions, pronouns and the verbs a help text uses, in English
# and in a few languages a locale file holds.
_PROSE = (
    "a an the to of for in on at by with from into is are be was were this that these those "
    "your you our we it its and or if not no must should will can may use used when which as "
    "than then please enter set see here there de la le les el los del der die das und du des "
    "pour per di il lo da"
)
_PROSE_WORDS = frozenset(_PROSE.split())


def _passphrase(hit: Hit) -> str:
    """Words in a YAML block scalar under a secret's name (`password: |` and `  correct horse
    battery staple 9x!Q`): a passphrase, unless they read as a sentence, a command or a
    template. Words without a digit or mark are a label unless four or more, and an example
    in a test or docs file."""
    if not name_kind(hit.name):
        return f"the name {hit.name!r} does not say it holds a secret"
    words = hit.value.split()
    value = " ".join(words)
    if why := placeholder(value):
        return why
    if any(w.lower().strip(".,;:!?") in _PROSE_WORDS for w in words):
        return "prose (a description or message), not a passphrase"
    if any(w[:1] in ("-", "$", "%", "@") for w in words):
        return "a command or a template (a flag, a variable)"
    if len(value) < 16:
        return "shorter than 16 characters"
    if all(w.isalpha() for w in words) and (hit.strict or len(words) < 4):
        # (a label, `Contraseña nueva`; four words or more are a diceware passphrase)
        return "words without a digit or mark (a label or an example)"
    return ""


# (a word of code: a type's union `str | None`, a subscript `Token[Span]`, `&&`, `||`)
_NOT_A_WORD = lazyre.compile(r"[/=%<>#|&\[\]]|\w\.\w|[:,.;]$|^[(]|^[-+*]+$")
_SCHEMES = frozenset({"basic", "bearer", "token", "digest", "negotiate", "apikey"})


def _spaced_words(hit: Hit) -> str:
    """A quoted passphrase of a few words (`"Blue Tiger 47 Kite!"`): judged as a YAML block's
    words are, and only with a digit or a mark in it; a word that is a path, a URL, a name
    with dots, a label's colon or a template's mark says it is text, not a passphrase."""
    words = hit.value.split()
    if words[0].lower() in _SCHEMES:
        return "an authorization scheme and its value (judged as a header's)"
    if any(_NOT_A_WORD.search(word) for word in words):
        return "text (a sentence, a path, a name, a label or a template), not a passphrase"
    if any(not c.isascii() and c.isalpha() for c in hit.value):
        return "text in a language's own script (a message), not a passphrase"
    if all(c.isalpha() or c in " -'!" for c in hit.value):
        # (`Pass-Through Endpoints`, `Incorrect password!!`: a label or a message)
        return "words without a digit (a label or a message)"
    if any(name_kind(word.strip("!?.'")) for word in words):
        return "words that name the secret (a message about it), not the secret"
    return _passphrase(hit)


def _json_escaped(hit: Hit) -> str:
    """A JSON string with `\\u` or `\\"` escapes: judged as the text they stand for."""
    try:
        value = json.loads(f'"{hit.value}"')
    except ValueError:
        return "not a JSON string"
    return assignment(replace(hit, value=value))


def _keyed(hit: Hit) -> str:
    """A `Key` or `Secret` in an object named for signing or encryption (`"Jwt": {"Key":
    ...}`), the place ASP.NET's templates and many configurations give the signing key."""
    return value_verdict(hit.value, "secret", hit.strict, name=hit.name)


def _list_item(hit: Hit) -> str:
    """An item of a list given to a secret's name (`"ApiKeys": ["...", "..."]`): the plural
    of the name says what each item is. The name must end with the secret's word (not
    `PASSWORD_HASHERS`), and each item look random as a key does (a list of passwords is
    rare; one of options, `pass: ["text/*"]`, is not)."""
    name = hit.name[:-1] if hit.name[-1:] in ("s", "S") else hit.name
    if not (name_kind(name) and holds_the_secret(name)):
        return f"the name {hit.name!r} does not say its items are secrets"
    if hit.value.startswith("urn:"):
        return "a reference (a URN), not a value"
    return value_verdict(hit.value, "secret", hit.strict, name=name)


def _netrc_password(hit: Hit) -> str:
    """A netrc entry's password, unless it logs in to an example host or a test's template
    (`machine %HOSTIP`)."""
    if example_host(hit.host):
        return "a login to an example or loopback host"
    if hit.host[:1] in ("%", "$", "{", "<"):
        return "a template host"
    return value_verdict(hit.value, "password", hit.strict)


# "password is", "password for the staging db was", "passphrase will be", then the value.
_PROSE_PASSWORD = (
    r"\b(?i:password|passphrase|passwd)(?:[ \t]+(?i:for|of|to|on)(?:[ \t]+[\w.@/-]{1,40}){1,3})?"
    r"[ \t]+(?i:is|was|will[ \t]+be|reads)[ \t]*:?[ \t]+"
)


# The value told: no markup or quote around it, nor the sentence's punctuation after it
# (`**Xk29fLq8**`, `“Xk29fLq8”`, `is Xk29fLq8.`): what is redacted, and remembered, is the
# value alone, as other files show it.
_PROSE_VALUE = (
    r"(?P<secret>[^\s\"'`,;()\[\]{}<>|*_~“”‘’][^\s\"'`,;()\[\]{}<>|*“”‘’]{4,}"
    r"[^\s\"'`,;()\[\]{}<>|*.!?:_~“”‘’])"
)
# A compound word (`OAuth2-compatible`, `argon2id-hashed`, `k8s-managed`): its last part a
# word in lower case.
_COMPOUND = lazyre.compile(r"^[^\s]*-[a-z]{3,}$")


def _prose_password(hit: Hit) -> str:
    """A value after "the password is": a secret when random (not a word of the sentence
    going on, a compound adjective, a placeholder or an example)."""
    value = hit.value
    if _COMPOUND.match(value):
        return "a word of the sentence (a compound adjective)"
    return value_verdict(value, "password", hit.strict) or random_enough(value, 8, 3.0)


def _scheme_verdict(hit: Hit) -> str:
    """Why a value after an authorization scheme (`Bearer ...`) is no secret, or "". A random
    value there is the token, in a test or a doc too: a hex string or UUID is no digest
    after `Bearer` (`deadbeef` repeated is a dummy still, and judged as a test's are)."""
    random = not random_enough(hit.value, 20, 3.0)
    return value_verdict(hit.value, "secret", hit.strict and not random)


# Assignment: a name with a secret word in it, an operator, and a value.
# `pat` and `pw` count only after a separator or capitalised (`GH_PAT`, `DB_PW`, `bindPw`),
# and `pw` only as a whole part: inside words they begin `path`, `pwm`, `pwr`.
# The word of a secret's name, then the rest of the name.
_NAME_WORD = (
    r"(?:(?i:pass|pwd|secret|token|key|auth|credential|cred|dsn)"
    r"|[_.-](?i:pat)|Pat|(?:[_.-](?i:pw)|Pw)(?:\b|[_.\-0-9]))"
)
# (bounded: no name runs on longer, and without RE2 an unbounded one is quadratic on a long
# word: 1.9 s for 20 kB of `passpass...`)
_NAME = rf"(?P<name>{_NAME_WORD}[\w.-]{{0,80}})"
_QUOTED = (
    r"(?:\"(?P<secret>[^\"\s\\]{4,})\"|'(?P<secret2>[^'\s\\]{4,})'"
    r"|`(?P<secret3>[^`\s\\]{4,})`)"
)
_BARE = r"(?P<secret>[^\s\"'`,;()\[\]{}<>|]{4,})"
# A whole line's unquoted value, commas inside it too (`db.password=Hj7k,Lm2n`); not one
# ending in a comma (`password=secret_value,`: an argument in code).
# (its commas bounded: unbounded, a line of `key=abcd,` repeated made Python's `re` try each
# name against the whole line, 14 s for 80 kB)
_BARE_LINE = r"(?P<secret>[^\s\"'`,;()\[\]{}<>|]{4,}(?:,[^\s\"'`,;()\[\]{}<>|]{1,64}){0,16})"
# A value in a command line: a shell word, ended by a blank, a separator or a closing quote.
# (An `=` only as base64's padding at its end: a value that could hold `=` anywhere made
# `pass=pass=...` backtrack over the rest of the line from every name, quadratic on
# Python's `re` where RE2 is missing: 0.5 s for 10 kB.)
_SHELL_VALUE = r"(?P<secret>[^\s\"'`,;()\[\]{}<>|&\\=]{4,}={0,2})"
# What may follow a value in a command: more words, `;`, `&&`, `|`, or the end of a string
# (or an escaped line break in one: `"APP_KEY=...\n"`).
_SHELL_END = r"(?:[ \t]+|[ \t]*(?:;|&&|\|)|[\"'`]|\\[nr])"
# Between an assignment's operator and its quoted value: blanks, or the end of the line
# (after an opening parenthesis: Python's `PASSWORD = (` with the value on the next line,
# a keyword argument or a JavaScript `const secret =` written so).
_NEXT = r"[ \t]*(?:\(?[ \t]*\r?\n[ \t]*)?"
# CMake's `set(DB_PASSWORD `, up to its value.
_CMAKE_SET = r"\b(?i:set)[ \t]*\([ \t]*[\w]{0,60}?" + _NAME + r"[ \t]+"
_B64URL = r"[A-Za-z0-9_-]"
# A web server's directive that sets a header or variable to the value after its name.
_SERVER_SETTING = (
    r"\b(?:(?:proxy|grpc)_set_header|add_header|(?:fastcgi|uwsgi|scgi)_param"
    r"|(?:Request)?Header[ \t]+(?:set|add|append|merge)|SetEnv)[ \t]+"
)
# An object whose `Key` or `Secret` is a signing or encryption key (`Jwt`, `JwtSettings`).
_KEY_PARENT = (
    r"(?:(?i:jwt)(?:[_-]?(?i:settings|options|config|bearer|auth))?|(?i:signing|encryption|hmac))"
)
# A YAML block whose `key:` is a signing or client key: `jwt:`, `auth:`, `oauth:`,
# `jwt_settings:` (as a whole key: `basic_auth:` or `cache:` holds no such key).
_YAML_KEY_PARENT = (
    r"(?i:jwt|oauth2?|auth|signing|encryption|hmac)(?:[_-]?(?i:settings|options|config|bearer))?"
)
YAML_KEY_PARENT = lazyre.compile(_YAML_KEY_PARENT)
# The end of a token whose alphabet has `-`: `\b` fails after a final `-` (one token in 64).
_END = r"(?:[^\w-]|(?m:$))"


def _token_at(pattern: str) -> str:
    """A provider's token (`pattern`, its alternatives without a leading word boundary)
    where a word starts or right after an underscore: `foo_AKIA...` and `notes_ghp_....txt`
    hold one too (RE2 has no look-behind: the underscore is matched, outside the group that
    is redacted)."""
    return rf"(?:\b|_)(?P<secret>{pattern})"


_C_FAMILY = frozenset(
    {"c", "h", "cc", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "cu", "cuh", "m", "mm"}
)
_LISP = frozenset({"clj", "cljs", "cljc", "edn", "el", "lisp", "scm", "rkt", "fnl"})
_JS = frozenset({"js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"})
# Settings files (a DSN or a YAML flow mapping is written in them, rarely in code).
_SETTINGS = frozenset({"yaml", "yml", "toml", "json", "properties", "env", "ini", "conf", "cfg"})
# Configuration that sets a value after a name and blanks, with no `=`.
_SPACED_CONFIG = frozenset({"conf", "cfg", "cnf", "ini", "config", "txt", "in"})


def file_kinds(path: str) -> frozenset[str]:
    """The kinds of file `path` is, for rules of one syntax (`Rule.files`)."""
    name = path.rpartition("/")[2].lower()
    ext = name.rpartition(".")[2] if "." in name.lstrip(".") else ""
    kinds = set()
    if ext in _C_FAMILY:
        kinds.add("c")
    if ext == "cmake" or name == "cmakelists.txt":
        kinds.add("cmake")
    if ext in ("rs", "go"):
        kinds.add(ext)
    if ext in _JS:
        kinds.add("js")
    if ext in _SPACED_CONFIG or not ext:
        kinds.add("config")
    if ext in _SETTINGS or name.startswith(".env"):
        kinds.add("settings")
    if ext == "gradle":
        kinds.add("gradle")
    if ext in _LISP:
        kinds.add("lisp")
    if ext in ("rb", "rake") or name in ("gemfile", "rakefile"):
        kinds.add("rb")
    return frozenset(kinds)


def _beside(ident: str, secret: str) -> str:
    """A quoted secret that follows its quoted ID as the next argument (or the next field),
    on its line or a few lines down, a comment after the ID too."""
    return (
        rf"[\"'`]{ident}[\"'`][ \t]*(?:\)[ \t]*)?[,:;]"
        r"(?:[ \t]*(?:#|//)[^\n]*)?(?:[ \t]*\r?\n){0,3}[ \t]*(?:[\w.]+[ \t]*[:=][ \t]*)?"
        rf"[\"'`](?P<secret>{secret})[\"'`]"
    )


def _pair(hit: Hit) -> str:
    """A value given as the field beside its name's (`name: X`, `value: ...`): judged as an
    assignment to that name; an `Authorization` header's value by its scheme's token."""
    if hit.name.lower() in ("authorization", "proxy-authorization"):
        scheme, _, token = hit.value.partition(" ")
        if token and scheme.lower() in ("bearer", "basic", "token", "digest", "apikey", "ssws"):
            return _scheme_verdict(replace(hit, value=token.strip()))
    return assignment(hit)


RULES: tuple[Rule, ...] = (
    Rule(
        "private-key",
        # The END line says what the block is: an encrypted key may open with a label of
        # its own (`BEGIN ENCRYPTED RSA KEY`). Between the markers, no run of five
        # hyphens, so a public key's block never reaches the next private key's END.
        r"-----BEGIN (?:[A-Z0-9]+ )*KEY(?: BLOCK)?-----"
        r"(?:[^-]|-[^-]|--[^-]|---[^-]|----[^-])*?"
        r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        # A private key's block cut short (no END line before the next block or the text's
        # end): its header lines and the base64 lines that follow its BEGIN line.
        r"|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        r"(?:\r?\n[ \t]*[A-Za-z0-9+/=]{16,}|\r?\n[A-Za-z-]+: [^\n]*|\r?\n[ \t]*)+",
        _private_key,
    ),
    # Base64 of a PEM private key (kubeconfig's `client-key-data`): `LS0tLS1CRUdJTi` is
    # `-----BEGIN`.
    Rule("private-key", r"\bLS0tLS1CRUdJTi[A-Za-z0-9+/]{20,}={0,2}", _private_key_base64),
    # A PuTTY key's private lines, wherever its text is pasted (a `.ppk` file is left out).
    Rule(
        "private-key",
        r"Private-Lines:[ \t]*\d{1,3}[ \t]*\r?\n[ \t]*(?P<secret>[A-Za-z0-9+/=]{4,}[ \t]*\r?(?m:$)"
        r"(?:\n[ \t]*[A-Za-z0-9+/=]{4,}[ \t]*\r?(?m:$))*)",
        _putty_key,
    ),
    Rule("age-secret-key", r"\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b", _token),
    Rule(
        "aws-access-key-id",
        _token_at(r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}\b"),
        _aws_key_id,
    ),
    Rule(
        "aws-secret-access-key",
        r"(?i:aws_?secret_?(?:access_?)?key)[\"']?\s*(?::=|=>|[:=])\s*[\"']?"
        r"(?P<secret>[A-Za-z0-9/+=]{40})",
        _random(40, 4.0),
    ),
    # The secret half passed beside its key ID, with no name of its own: an SDK's positional
    # arguments (`NewStaticCredentials("AKIA...", "...", "")`, `new BasicAWSCredentials(...)`,
    # `boto3.client("s3", region, "AKIA...", "...")`), over lines too.
    Rule(
        "aws-secret-access-key",
        _beside(r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[0-9A-Z]{16}", r"[A-Za-z0-9/+]{40}"),
        lambda hit: "AWS's documented example" if "EXAMPLE" in hit.value else _random(40, 4.0)(hit),
    ),
    # Other vendors' secrets beside their IDs, as SDKs take them: Twilio's `Client("AC...",
    # "<auth token>")`, Alibaba's `oss2.Auth("LTAI...", "...")`, Tencent's
    # `Credential("AKID...", "...")`.
    Rule("twilio-key", _beside(r"AC[0-9a-f]{32}", r"[0-9a-f]{32}"), _random(32, 3.0)),
    Rule("alibaba-key", _beside(r"LTAI[A-Za-z0-9]{12,20}", r"[A-Za-z0-9]{30}"), _random(30, 3.5)),
    Rule("tencent-key", _beside(r"AKID[A-Za-z0-9]{32}", r"[A-Za-z0-9]{32}"), _random(32, 3.5)),
    Rule(
        "github-token",
        _token_at(r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|github_pat_\w{82}\b"),
        _token,
    ),
    Rule(
        "gitlab-token",
        _token_at(
            r"gl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|soat|ffct|agent)-[\w.-]{20,80}|GR1348941[\w-]{20}"
        ),
        _token,
    ),
    Rule(
        "slack-token",
        _token_at(
            r"xox[abposre]-(?:[A-Za-z0-9]{1,40}-){1,4}[A-Za-z0-9]{8,}\b"
            r"|xapp-\d-[A-Z0-9]{6,20}-\d{6,20}-[A-Za-z0-9]{20,}\b"
        ),
        _token,
    ),
    Rule(
        "slack-webhook",
        r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,}",
        _token,
    ),
    Rule(
        "stripe-key",
        _token_at(r"[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,}\b|whsec_[A-Za-z0-9]{32,64}\b"),
        _token,
    ),
    Rule("google-api-key", _token_at(r"AIza[\w-]{35}"), _token),
    Rule("google-oauth", r"\bGOCSPX-[\w-]{28}|\bya29\.[\w-]{30,}", _token),
    Rule("anthropic-key", _token_at(r"sk-ant-(?:api|admin|sid)\d\d-[\w-]{80,120}"), _token),
    Rule(
        "openai-key",
        _token_at(r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}\b"),
        lambda h: _token(h) or random_enough(h.value[3:], 20, 3.5),
    ),
    Rule("npm-token", _token_at(r"npm_[A-Za-z0-9]{36}\b"), _token),
    Rule("pypi-token", r"\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[\w-]{50,}", _token),
    Rule("huggingface-token", _token_at(r"(?:hf_|api_org_)[A-Za-z]{34}\b"), _token),
    Rule("twilio-key", r"\bSK[0-9a-fA-F]{32}\b", _token),
    Rule("discord-token", r"\b(?P<secret>[MNO][\w-]+\.[\w-]{6}\.[\w-]{27,38})" + _END, _discord),
    Rule(
        "discord-webhook",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/"
        r"\d{5,20}/[\w-]{60,80}",
        _token,
    ),
    Rule("mailchimp-key", r"\b[0-9a-f]+-us\d\d?\b", _mailchimp),
    Rule("mailgun-key", r"\bkey-[0-9a-f]{32}\b", _token),
    Rule("digitalocean-token", _token_at(r"do[opr]_v1_[a-f0-9]{64}\b"), _token),
    Rule("shopify-token", _token_at(r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"), _token),
    Rule("square-token", r"\bEAAA[\w-]{22,60}|\bsq0(?:atp|csp)-[\w-]{22,60}", _token),
    Rule("databricks-token", r"\bdapi[a-f0-9]{32}(?:-\d)?\b", _token),
    Rule("doppler-token", r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b", _token),
    Rule("vault-token", r"\bhv[sb]\.[\w-]{24,}", _token),
    Rule("heroku-key", r"\bHRKU-[\w-]{40,80}", _token),
    Rule("sendgrid-key", _token_at(r"SG\.[\w=.-]{66}"), _token),
    Rule("jwt", r"\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}", _jwt),
    Rule("mapbox-token", r"\bsk\.eyJ[\w-]{50,200}\.[\w-]{20,40}", _token),
    Rule("atlassian-token", r"\bAT[AC]TT3[\w=-]{150,}", _token),
    Rule("azure-ad-secret", r"[\w~.]{3}\dQ~[\w~.-]{31,34}", _token),
    Rule("postman-key", r"\bPMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}\b", _token),
    Rule("telegram-bot-token", r"\b(?P<secret>\d+:A[\w-]{34})" + _END, _token),
    Rule("sentry-token", r"\bsntry[us]_[\w=+/-]{40,}", _token),
    # A Sentry DSN: the key (32 hex; an old DSN's `key:secret`) is the URL's user, the
    # project's number ends its path. Only the key goes: the host says what it was for.
    Rule(
        "sentry-dsn",
        r"\bhttps?://(?P<secret>[0-9a-f]{32}(?::[0-9a-f]{32})?)@(?P<host>[\w.-]+(?::\d{1,5})?)"
        r"(?:/[\w.-]+){0,4}/\d+\b",
        _sentry_dsn,
    ),
    # A JSON Web Key (a JWKS file, a test's fixture, a JavaScript object): its type names
    # it, wherever it stands in the object; its private members are picked in Python.
    Rule(
        "jwk-private-key",
        r"(?:[\"']kty[\"']|\bkty)[ \t]*:[ \t]*[\"'](?:RSA|EC|OKP|oct)[\"']",
        _jwk_member,
        items="jwk",
    ),
    # The same key where a browser sends it: a DSN's query (`?sentry_key=`), the header
    # `X-Sentry-Auth: Sentry sentry_key=...`, the loader script's URL.
    Rule(
        "sentry-dsn",
        r"\bsentry_key[ \t]*=[ \t]*(?P<secret>[0-9a-f]{32})\b"
        r"|\bjs\.sentry-cdn\.com/(?P<secret2>[0-9a-f]{32})\.min\.js",
        _sentry_dsn,
    ),
    Rule(
        "grafana-token", r"\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b|\bglc_[A-Za-z0-9+/]{32,}", _token
    ),
    Rule("newrelic-key", r"\bNR(?:AK|AA|II|JS)-[A-Za-z0-9-]{19,32}\b", _token),
    Rule("linear-key", _token_at(r"lin_(?:api|oauth)_[A-Za-z0-9]{40}\b"), _token),
    Rule("notion-token", r"\bntn_\d{11}[A-Za-z0-9]{35}\b|\bsecret_[A-Za-z0-9]{43}\b", _token),
    Rule("dynatrace-token", r"\bdt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}\b", _token),
    Rule("pulumi-token", r"\bpul-[a-f0-9]{40}\b", _token),
    Rule("terraform-token", r"\b[A-Za-z0-9]+\.atlasv1\.[\w=-]{60,70}", _token),
    Rule("dockerhub-token", r"\bdckr_pat_[\w-]{27}", _token),
    Rule("rubygems-key", r"\brubygems_[a-f0-9]{48}\b", _token),
    Rule("nuget-key", r"\boy2[a-z0-9]{43}\b", _token),
    Rule("clojars-token", r"\bCLOJARS_[A-Za-z0-9]{60}\b", _token),
    Rule("supabase-token", r"\bsbp_[a-f0-9]{40}\b", _token),
    Rule("planetscale-token", r"\bpscale_(?:tkn|pw|oauth)_[\w.=-]{32,64}", _token),
    Rule("groq-key", r"\bgsk_[A-Za-z0-9]{52}\b", _token),
    Rule("replicate-token", r"\br8_[A-Za-z0-9]{37}\b", _token),
    Rule("perplexity-key", r"\bpplx-[A-Za-z0-9]{48}\b", _token),
    Rule(
        "tailscale-key",
        r"\btskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,64}",
        _token,
    ),
    Rule("alibaba-key", r"\bLTAI[A-Za-z0-9]{12,20}\b", _token),
    Rule("shippo-token", r"\bshippo_(?:live|test)_[a-fA-F0-9]{40}\b", _token),
    Rule("easypost-key", r"\bEZ[AT]K[A-Za-z0-9]{54}\b", _token),
    Rule("duffel-token", r"\bduffel_(?:live|test)_[\w=-]{43}", _token),
    Rule("prefect-key", r"\bpnu_[A-Za-z0-9]{36}\b", _token),
    Rule("contentful-token", r"\bCFPAT-[\w-]{43}", _token),
    Rule("figma-token", r"\bfigd_[\w-]{40,60}", _token),
    Rule("brevo-key", r"\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b", _token),
    Rule("flyio-token", r"\bfo1_[\w-]{43}|\bfm(?:1[ar]|2)_[\w+/=,-]{100,}", _token),
    Rule("airtable-token", r"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b", _token),
    Rule("dropbox-token", r"\bsl\.[\w=-]{130,160}", _token),
    Rule("frameio-token", r"\bfio-u-[\w=-]{64}", _token),
    Rule("openshift-token", r"\b(?P<secret>sha256~[\w-]{43})" + _END, _token),
    Rule("readme-key", r"\brdme_[a-z0-9]{70}\b", _token),
    Rule("typeform-token", r"\btfp_[\w.=-]{40,60}", _token),
    Rule(
        "yandex-key",
        r"\b(?:(?P<secret>AQVN[\w-]{35,38})|(?P<secret2>y[0-3]_[\w-]{55}))" + _END,
        _token,
    ),
    Rule("infracost-key", r"\bico-[A-Za-z0-9]{32}\b", _token),
    Rule(
        "flutterwave-key",
        r"\bFLW(?:SEC|PUB)K(?:_TEST)?-(?:[a-hA-H0-9]{32}-X|[a-hA-H0-9]{12}\b)",
        _token,
    ),
    Rule("onepassword-token", r"\bops_eyJ[\w+/]{250,}={0,3}", _token),
    Rule("adobe-secret", r"\bp8e-[A-Za-z0-9]{32}\b", _token),
    Rule("clickhouse-key", r"\b4b1d[A-Za-z0-9]{38}\b", _token),
    Rule("defined-networking-key", r"\bdnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}", _token),
    Rule("facebook-token", r"\bEAA[B-Z][A-Za-z0-9]{100,}", _token),
    Rule("grafana-api-key", r"\beyJrIjoi[A-Za-z0-9]{70,}={0,3}", _token),
    Rule("harness-token", r"\b(?:pat|sat)\.[\w-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}\b", _token),
    Rule("intra42-secret", r"\bs-s4t2(?:ud|af)-[a-f0-9]{64}\b", _token),
    Rule("maxmind-key", r"\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b", _token),
    Rule(
        "teams-webhook",
        r"https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/[a-z0-9-]+@[a-z0-9-]+"
        r"/IncomingWebhook/[a-z0-9]{32}/[a-z0-9-]{36}",
        _token,
    ),
    Rule("octopus-deploy-key", r"\bAPI-[A-Z0-9]{26}\b", _token),
    Rule(
        "plaid-token",
        r"\baccess-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-"
        r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        _token,
    ),
    Rule("scalingo-token", r"\btk-us-[\w-]{48}", _token),
    Rule("settlemint-token", r"\bsm_(?:pat|aat|sat)_[A-Za-z0-9]{16}\b", _token),
    Rule("sourcegraph-token", r"\bsgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}\b", _token),
    Rule("yandex-iam-token", r"\bt1\.[\w-]+={0,2}\.[\w-]{86}={0,2}", _token),
    Rule(
        "sidekiq-secret",
        r"BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM[\"']?[ \t]*[:=][ \t]*[\"']?(?P<secret>"
        r"[a-f0-9]{8}:[a-f0-9]{8})",
        _token,
    ),
    Rule("gitlab-session", r"_gitlab_session=(?P<secret>[0-9a-z]{32})", _token),
    Rule("cloudflare-origin-ca-key", r"\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b", _token),
    Rule(
        "onepassword-secret-key",
        r"\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b",
        _token,
    ),
    Rule("artifactory-token", r"\bAKCp[A-Za-z0-9]{69}\b|\bcmVmd[A-Za-z0-9]{59}\b", _token),
    Rule(
        "authress-key",
        r"\b(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc"
        r"[_-][a-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120}",
        _token,
    ),
    Rule("jwt-base64", r"\bZXlK[A-Za-z0-9+/]{60,}={0,2}", _jwt_base64),
    # Go's MySQL data source name: `user:password@tcp(host:3306)/db` (no scheme).
    Rule(
        "url-password",
        r"(?:^|[\s\"'`=])[\w.-]{1,64}:(?P<secret>[^\s:/@\"'`<>()]{1,128})@(?:tcp6?|udp|unix)\(",
        _command_password,
        generic=True,
        files=("go", "settings", "config"),
    ),
    # A token or signing key handed to the call that uses it: reqwest's `.bearer_auth("...")`,
    # jsonwebtoken's `EncodingKey::from_secret(b"...")`, Node's `jwt.sign(payload, "...")`.
    Rule(
        "secret-assignment",
        r"(?:\b(?:bearer_auth|from_secret|from_base64_secret)[ \t]*\([ \t]*&?b?"
        r"|\bjwt\.(?:sign|verify)[ \t]*\((?:[^,(){}\n]{1,80}|\{[^{}()\n]{0,200}\}),[ \t]*)"
        + _QUOTED,
        lambda h: value_verdict(h.value, "secret", h.strict),
        generic=True,
        files=("rs", "js"),
    ),
    Rule(
        "url-password",
        # (a scheme is short; unbounded, a long dotted word backtracks on Python's `re`)
        # (a password may hold `:` and `@` unescaped: the user's part ends at the last `@`)
        r"\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\s:/@\"'<>]*:"
        r"(?P<secret>[^\s/\"'<>]{1,128})@(?P<host>[\w.-]+)",
        _url_password,
        generic=True,
    ),
    Rule(
        "connection-string-password",
        r"(?i:(?:^|[?&;\"'\s])(?:password|pwd|pass|accountkey|sharedaccesskey|"
        r"sharedaccesssignature|sig)\s*=)(?P<secret>[^&;\s\"'<>]{3,})",
        lambda h: value_verdict(h.value, "password", h.strict),
        generic=True,
    ),
    Rule(
        "docker-auth",
        r"\"(?:auth|identitytoken)\"\s*:\s*\"(?P<secret>[A-Za-z0-9+/=_-]{8,})\"",
        _docker_auth,
        generic=True,
    ),
    Rule(
        "command-password",
        r"\bdocker\s+login\b[^\n]*?\s(?:-p|--password)(?:\s+|=)[\"']?(?P<secret>[^\s\"'-][^\s\"']{0,200})"
        r"|\bcurl\b[^\n]*?\s(?:-u|--user)\s*[\"']?[^\s:\"']{1,64}:(?P<secret2>[^\s\"']{1,200})"
        r"|\bsshpass\s+-p\s*[\"']?(?P<secret3>[^\s\"']{1,200})",
        _command_password,
        generic=True,
    ),
    # HTTPie's login: `http -a user:password POST ...`, `https --auth=user:password ...`.
    Rule(
        "command-password",
        r"(?:^|[\s;|&(`$\"'])https?[ \t]+(?:[^\n]{0,300}?[ \t])?(?:-a|--auth)(?:[ \t]+|=)?"
        r"[\"']?[^\s:\"']{1,64}:(?P<secret>[^\s\"']{1,200})",
        _command_password,
        generic=True,
    ),
    Rule(
        "authorization-header",
        # `Authorization: Bearer ...` in a request; `"Authorization" => "..."`,
        # `headers['Authorization'] = '...'` in code; `header("Authorization", "...")` in a
        # call; nginx's `proxy_set_header Authorization "..."`, whose value follows a space.
        r"(?i:authorization)[\"']?\]?(?:\s*(?::=|=>|[:=,])\s*|[ \t]+)[\"']?"
        # (and the schemes of Okta `SSWS`, `ApiKey`, Splunk, Discord's `Bot`, FCM's `key=`)
        r"(?:(?i:bearer|basic|token|ssws|apikey|api-key|splunk|bot|key)\s+|(?i:key)=)"
        r"(?P<secret>[\w.~+/=-]{16,})",
        # Judged as a token's value: Basic credentials are base64 of `user:password`.
        _scheme_verdict,
        generic=True,
    ),
    # A value written with its scheme under a secret's name: Cargo's registry `token =
    # "Bearer ..."`, YAML's `token: Bearer ...`, `const API_TOKEN = "Bearer ..."`.
    Rule(
        "authorization-header",
        _NAME + r"[\"']?\]?[ \t]*(?::=|=>|[:=])[ \t]*[\"'`]?"
        r"(?i:bearer|basic|token)[ \t]+(?P<secret>[\w.~+/=-]{16,})",
        _scheme_verdict,
        generic=True,
    ),
    # .NET's `new AuthenticationHeaderValue("Bearer", "...")`.
    Rule(
        "authorization-header",
        r"\bAuthenticationHeaderValue[ \t]*\([ \t]*[\"'](?i:bearer|basic|token)[\"'][ \t]*,[ \t]*"
        + _QUOTED,
        _scheme_verdict,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        r"(?i:(?:key|name)\s*=\s*[\"'])(?P<name>[^\"'\s]*(?i:pass|pwd|secret|token|key|auth|credential)"
        r"[^\"'\s]*)[\"']\s+(?i:value)\s*=\s*" + _QUOTED,
        assignment,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        # (`]`: a subscript, PHP's `$config['db_pass'] = '...'`; `@"..."`: an Objective-C
        # string, a C# verbatim one)
        _NAME + r"[\"']?\]?[ \t]*(?::=|=>|[:=])" + _NEXT + "@?" + _QUOTED,
        assignment,
        generic=True,
    ),
    # A declaration with its type between the name and the value: Swift's, Kotlin's and
    # TypeScript's `let apiKey: String = "..."`, Python's `api_key: str = "..."`, C#'s
    # property initialiser `ApiKey { get; } = "..."`.
    Rule(
        "secret-assignment",
        # (a comma only inside a type's `<...>`: `token: str, region="..."` is two parameters;
        # Rust's references and lifetimes: `const API_TOKEN: &'static str = "..."`)
        _NAME + r"[ \t]*(?::[ \t]*(?:[\w.?\[\]|&' ]|<[\w.?\[\]|&', ]{0,40}>){1,60}?"
        r"|\{[ \t]*get;[^{}\n]{0,40}\})[ \t]*="
        r"[ \t]*" + _QUOTED,
        assignment,
        generic=True,
    ),
    # Go's `var apiKey string = "..."`, `const token string = "..."`: the type after the name.
    Rule(
        "secret-assignment",
        r"\b(?:var|const)[ \t]+[\w]{0,40}?"
        + _NAME
        + r"[ \t]+\*?[\w.\[\]]{1,40}[ \t]*=[ \t]*"
        + _QUOTED,
        assignment,
        generic=True,
    ),
    # A property list's `<key>ClientSecret</key>` / `<string>...</string>` (Info.plist); a .NET
    # resource's or settings file's `<data name="Password">` / `<Setting Name="ApiSecret">`
    # and its `<value>...</value>`.
    Rule(
        "secret-assignment",
        r"<key>[\w.-]{0,60}?" + _NAME + r"</key>[ \t\r\n]*<string>"
        r"(?P<secret>[^<>\s]{4,200})</string>",
        assignment,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        r"<(?i:data|setting)[ \t]+(?i:name)=[\"'][\w.-]{0,60}?" + _NAME + r"[\"'][^<>]{0,200}>"
        r"[ \t\r\n]*<(?i:value)(?:[ \t][^<>]{0,100})?>(?P<secret>[^<>\s]{4,200})</(?i:value)>",
        assignment,
        generic=True,
    ),
    # A value in an escaped string inside a string: JSON written in a Java or C# string
    # (`"{\"api_key\": \"...\"}"`), an answer that is itself JSON (`password: \"...\"`).
    Rule(
        "secret-assignment",
        _NAME + r"(?:\\[\"'])?[ \t]*(?::=|=>|[:=])[ \t]*\\[\"'](?P<secret>[^\"'\s\\]{4,})\\[\"']",
        assignment,
        generic=True,
    ),
    # The fallback of an environment lookup whose key names a secret: Ruby's
    # `ENV.fetch("SECRET_KEY_BASE") { "..." }` and `ENV["X"] || "..."`, JavaScript's
    # `process.env.JWT_SECRET || '...'` (or `??`), Python's `os.getenv("X") or "..."`.
    Rule(
        "secret-assignment",
        r"(?:\bENV(?:\.fetch)?[\[(][ \t]*[\"']|\b(?:os\.)?(?:getenv|environ\.get)\([ \t]*[\"']"
        r"|\bprocess\.env(?:\.|\[[ \t]*[\"']))[\w.-]*?" + _NAME + r"[\"']?[ \t]*[\])]?"
        r"[ \t]*(?:\|\||\?\?|\?:|\bor\b|\{)[ \t]*" + _QUOTED,
        assignment,
        generic=True,
    ),
    # The default of a variable in a template: the shell's and Compose's
    # `${DB_PASSWORD:-...}`, Spring's `${db.password:...}`.
    Rule(
        "secret-assignment",
        r"\$\{(?P<name>[A-Za-z_][\w.-]{0,80})(?::-|:=|:|-)(?P<secret>[^}\s\"'$]{4,200})\}",
        assignment,
        generic=True,
    ),
    # Rust's `env::var("API_KEY").unwrap_or("...".into())` (or `unwrap_or_else(|_| "...")`).
    Rule(
        "secret-assignment",
        r"\benv::var\([ \t]*\"[\w.-]*?" + _NAME + r"\"[ \t]*\)[ \t]*\.unwrap_or(?:_else)?\("
        r"[ \t]*(?:\|_\|[ \t]*)?(?:String::from\([ \t]*)?" + _QUOTED,
        assignment,
        generic=True,
        files=("rs",),
    ),
    # A YAML block scalar (`password: >-`, `token: |`) whose lines, one word each, are the
    # value. (A line of its own ends the value; `:` ends it too, so the next key is no part.)
    Rule(
        "secret-assignment",
        _NAME + r"[\"']?[ \t]*:[ \t]*[|>][+-]?[1-9]?[ \t]*\r?\n[ \t]+"
        r"(?P<secret>[^\s\"'`,;()\[\]{}<>|]{4,}(?:[ \t]*\r?\n[ \t]+[^\s\"'`,;()\[\]{}<>|:]{4,}"
        r"[ \t]*\r?(?m:$))*)[ \t]*\r?(?m:$)",
        _joined,
        generic=True,
    ),
    # A YAML block scalar (`password: |`, `passphrase: >-`) whose line holds several words,
    # a passphrase (`correct horse battery staple 9x!Q`), perhaps folded over a few lines. (At
    # most a dozen words a line: a longer line is prose; no `:` after the first line, so the
    # next key is no part.)
    Rule(
        "secret-assignment",
        _NAME + r"[\"']?[ \t]*:[ \t]*[|>][+-]?[1-9]?[ \t]*\r?\n[ \t]+"
        r"(?P<secret>[^\s\"'`()\[\]{}<>|]+(?:[ \t]+[^\s\"'`()\[\]{}<>|]+){1,11}"
        r"(?:[ \t]*\r?\n[ \t]+[^\s\"'`()\[\]{}<>|:]+(?:[ \t]+[^\s\"'`()\[\]{}<>|:]+){0,11}){0,3})"
        r"[ \t]*\r?(?m:$)",
        _passphrase,
        generic=True,
    ),
    # String literals joined over lines: Python's `KEY = ("sk_live_..."` / `"...")`,
    # JavaScript's `"..." +` / `"..."`. The strings between the first and last go too.
    Rule(
        "secret-assignment",
        # (a parenthesis or a `+` says the strings are one: between a map's values, a line
        # break is no join)
        _NAME + r"[\"']?[ \t]*(?::=|=>|[:=])[ \t]*(?:\([ \t]*(?:\r?\n[ \t]*)?[\"']"
        r"(?P<secret>[^\"'\s\\]{1,200}(?:[\"'][ \t]*\r?\n[ \t]*[\"'][^\"'\s\\]{1,200})+)"
        r"|[\"'](?P<secret2>[^\"'\s\\]{1,200}(?:[\"'][ \t]*\+[ \t]*(?:\r?\n[ \t]*)?[\"']"
        r"[^\"'\s\\]{1,200})+))[\"']",
        _joined,
        generic=True,
    ),
    # TOML's and Python's triple-quoted string with the value on a line of its own.
    Rule(
        "secret-assignment",
        _NAME + r"[ \t]*=[ \t]*(?:\"\"\"|''')[ \t]*\r?\n?[ \t]*(?P<secret>[^\"'\s\\]{4,})"
        r"[ \t]*\r?\n?[ \t]*(?:\"\"\"|''')",
        assignment,
        generic=True,
    ),
    # A YAML anchor before the value: `password: &dbpw ...` (shared by `*dbpw` elsewhere).
    Rule(
        "secret-assignment",
        _NAME + r"[\"']?[ \t]*:[ \t]+&[\w.-]{1,64}[ \t]+" + _QUOTED,
        assignment,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        _NAME + r"[\"']?[ \t]*:[ \t]+&[\w.-]{1,64}[ \t]+" + _BARE_LINE + r"[ \t]*(?m:$)",
        _bare_assignment,
        generic=True,
    ),
    # A JSON string with escapes (`"p\u00e4ss..."`, `"ab\"cd..."`), judged decoded.
    Rule(
        "secret-assignment",
        _NAME + r"\"[ \t]*:[ \t]*\"(?P<secret>[^\"\s\\]*"
        r"(?:\\(?:u[0-9a-fA-F]{4}|[\"/])[^\"\s\\]*)+)\"",
        _json_escaped,
        generic=True,
    ),
    # An XML element: `<password>...</password>`, `<apiKey>...</apiKey>`.
    Rule(
        "secret-assignment",
        r"<(?:[\w.-]{1,40}:)?[\w.-]{0,60}?" + _NAME + r"(?:[ \t][^<>]{0,200})?>[ \t]*"
        r"(?P<secret>[^<>\s]{4,200})[ \t]*</",
        assignment,
        generic=True,
    ),
    # A list given to a secret's name: `"ApiKeys": ["...", "..."]`, and YAML's items under
    # `api_keys:` (a scalar, or the `key:` / `value:` of a mapping).
    Rule(
        "secret-assignment",
        _NAME + r"[\"']?[ \t]*(?::|=>?)[ \t]*\[(?P<secret>[^\[\]]*)\]",
        _list_item,
        generic=True,
        items="list",
    ),
    Rule(
        "secret-assignment",
        _NAME + r"[\"']?[ \t]*:[ \t]*\r?\n(?P<secret>[ \t]*-[ \t][^\n]*\n"
        r"(?:[ \t][^\n]*\n|-[ \t][^\n]*\n)*)",
        _list_item,
        generic=True,
        items="list",
    ),
    # The `Key` or `Secret` of an object named for signing or encryption (ASP.NET's
    # `"Jwt": {"Key": "..."}`). (YAML's `jwt:` / `  key: ...` is the next rule's.)
    Rule(
        "secret-assignment",
        r"[\"']" + _KEY_PARENT + r"[\"'][ \t]*:[ \t]*\{[^{}]*?[\"'](?P<name>(?i:key|secret))[\"']"
        r"[ \t]*:[ \t]*" + _QUOTED,
        _keyed,
        generic=True,
    ),
    # YAML's `jwt:` / `  key: ...` (and `auth:`, `oauth:`, nested or among siblings): the
    # parent's line, alone on it. The block's `key:` values are picked in Python, which knows
    # by the indentation where the block ends and whose child each `key:` is. (The block is
    # no part of the pattern: its lines made RE2's set build a third more DFA states.)
    Rule(
        "secret-assignment",
        r"(?m:^)[ \t]*[\"']?" + _YAML_KEY_PARENT + r"[\"']?[ \t]*:[ \t]*(?:#[^\n]*)?\r?(?m:$)",
        _keyed,
        generic=True,
        items="block",
    ),
    # TOML's or INI's `[jwt]` (`[auth]`, `[tool.app.oauth]`: the last name) / `key = ...`:
    # the section's header, alone on its line; its `key` values are picked in Python.
    Rule(
        "secret-assignment",
        r"(?m:^)[ \t]*\[[ \t]*(?:[\w-]+\.)*"
        + _YAML_KEY_PARENT
        + r"[ \t]*\][ \t]*(?:[#;][^\n]*)?\r?(?m:$)",
        _keyed,
        generic=True,
        items="section",
    ),
    # Terraform's variable whose label names a secret: `variable "db_password" { default =`.
    Rule(
        "secret-assignment",
        r"\bvariable[ \t]+\"[\w-]{0,60}?" + rf"(?P<name>{_NAME_WORD}[\w-]{{0,60}})"
        r"\"[ \t]*\{[^{}]*?\bdefault[ \t]*=[ \t]*" + _QUOTED,
        assignment,
        generic=True,
    ),
    # A header a command sends: `curl -H "X-API-Key: ..."`, `wget --header="X-Auth-Token: ..."`.
    Rule(
        "secret-assignment",
        r"(?:^|[ \t\"'])(?:-H|--header)(?:[ \t]+|=)[\"']?[\w-]{0,40}?"
        + rf"(?P<name>{_NAME_WORD}[\w-]{{0,40}})"
        + r"[ \t]*:[ \t]*(?P<secret>[^\s\"'`]{4,200})",
        assignment,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        r"[\"'`][\w.-]*?" + _NAME + r"[\"'`][ \t]*,[ \t]*" + _QUOTED,
        _argument_pair,
        generic=True,
    ),
    # The same with the value a string inside a string: Gradle's `buildConfigField "String",
    # "API_KEY", "\"...\""` writes Java source, quotes and all.
    Rule(
        "secret-assignment",
        r"[\"'`][\w.-]*?" + _NAME + r"[\"'`][ \t]*,[ \t]*\"\\\"(?P<secret>[^\"\s\\]{4,})\\\"\"",
        assignment,
        generic=True,
    ),
    # A setting given as a command's argument, its name alone at the start of the line:
    # Gradle's (Groovy's) `storePassword "..."` and `keyPassword '...'` in a signing
    # configuration. (A name of two words, the second the secret's: a DSL's `token "..."`,
    # Perl's `pass "..."` and CMake's `PASS_REGULAR_EXPRESSION "..."` are other things.)
    Rule(
        "secret-assignment",
        r"(?m:^)[ \t]*(?P<name>[a-z][a-zA-Z0-9]{0,40}"
        r"(?:Password|Passwd|Passphrase|Secret|Token|ApiKey|PrivateKey))[ \t]+"
        + _QUOTED
        + r"[ \t]*;?[ \t]*(?:(?://|#)[^\n]*)?\r?(?m:$)",
        assignment,
        generic=True,
    ),
    # Gradle's repository credentials, a word alone before the value: `credentials {
    # username '...'; password '...' }`.
    Rule(
        "secret-assignment",
        r"(?m:^)[ \t]*(?P<name>password|passphrase|token|secret|apiKey|accessKey|secretKey)"
        r"[ \t]+" + _QUOTED + r"[ \t]*;?[ \t]*(?:(?://|#)[^\n]*)?\r?(?m:$)",
        assignment,
        generic=True,
        files=("gradle",),
    ),
    # A C or C++ macro (`#define API_TOKEN "..."`) and CMake's `set(DB_PASSWORD "...")`.
    Rule(
        "secret-assignment",
        # (a cast or parentheses before it, a wide or UTF-8 string: `(const char *)"..."`,
        # `L"..."`, `u8"..."`)
        r"(?m:^)[ \t]*#[ \t]*define[ \t]+[\w]{0,60}?" + _NAME + r"[ \t]+\(?[ \t]*"
        r"(?:\([^()\n]{0,40}\)[ \t]*)?(?:L|u8|u|U)?" + _QUOTED,
        assignment,
        generic=True,
        files=("c",),
    ),
    Rule("secret-assignment", _CMAKE_SET + _QUOTED, assignment, generic=True, files=("cmake",)),
    Rule(
        "secret-assignment",
        _CMAKE_SET + _BARE + r"[ \t]*(?:\)|[ \t]CACHE\b)",
        assignment,
        generic=True,
        files=("cmake",),
    ),
    # A setting whose value follows its name after blanks, alone on its line, as in
    # configuration files that use no `=` (Fluent Bit's `HTTP_Passwd  ...`, `Shared_Key ...`):
    # only a value that looks random counts (`Password  required` is a sentence).
    Rule(
        "secret-assignment",
        r"(?m:^)[ \t]*[\w.-]{0,60}?" + _NAME + r"[ \t]+" + _BARE + r"[ \t]*\r?(?m:$)",
        _spaced_setting,
        generic=True,
        files=("config",),
    ),
    # A YAML flow mapping's member: `storage_options: {key: ..., secret: ...}`.
    Rule(
        "secret-assignment",
        # (what follows the value is not asked for: a comma taken would hide the next member)
        r"[{,][ \t]*" + _NAME + r"[ \t]*:[ \t]+" + _BARE,
        assignment,
        generic=True,
        files=("settings",),
    ),
    # Bytes given to a secret's name: Rust's `const HMAC_SECRET: &[u8] = b"..."`, Go's
    # `var jwtKey = []byte("...")`.
    Rule(
        "secret-assignment",
        _NAME + r"[ \t]*(?::[ \t]*&?(?:'static[ \t]+)?\[u8(?:;[ \t]*\d+)?\][ \t]*)?(?::=|=)"
        r"[ \t]*&?(?:b\"(?P<secret>[^\"\s\\]{4,})\""
        r"|\[\]byte\([ \t]*(?:\"(?P<secret2>[^\"\s\\]{4,})\"|`(?P<secret3>[^`\s\\]{4,})`))",
        assignment,
        generic=True,
        files=("rs", "go"),
    ),
    # A header or variable a web server's configuration sets, its value after a space:
    # nginx's `proxy_set_header X-Api-Key "...";`, `fastcgi_param DB_PASSWORD ...;`,
    # Apache's `RequestHeader set X-Api-Key "..."`, `SetEnv DB_PASSWORD ...`.
    Rule(
        "secret-assignment",
        _SERVER_SETTING + r"[\w.-]*?" + _NAME + r"[ \t]+" + _QUOTED,
        assignment,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        _SERVER_SETTING + r"[\w.-]*?" + _NAME + r"[ \t]+" + _BARE + r"[ \t]*(?:;|(?m:$))",
        assignment,
        generic=True,
    ),
    # The calls that take a user and a password: Java's `new PasswordAuthentication("admin",
    # "...".toCharArray())`, Go's `req.SetBasicAuth(user, "...")`, Python's
    # `HTTPBasicAuth("admin", "...")` and `auth=("admin", "...")`, .NET's `NetworkCredential`.
    # JDBC's `DriverManager.getConnection(url, "user", "...")`: a password third.
    # SQL's users and roles: `CREATE USER 'app'@'%' IDENTIFIED BY '...'`, `CREATE ROLE r WITH
    # LOGIN PASSWORD '...'`, `ALTER USER app WITH ENCRYPTED PASSWORD '...'`, MySQL's `SET
    # PASSWORD ... = PASSWORD('...')`.
    Rule(
        "sql-password",
        r"(?i:\bIDENTIFIED[ \t]+(?:WITH[ \t]+\w+[ \t]+)?BY[ \t]+)'(?P<secret>[^'\n]{4,200})'"
        r"|(?i:\b(?:CREATE|ALTER)[ \t]+(?:USER|ROLE|LOGIN)\b)[^;\n]{0,200}?(?i:\bPASSWORD)"
        r"[ \t]+'(?P<secret2>[^'\n]{4,200})'",
        _command_password,
        generic=True,
    ),
    Rule(
        "sql-password",
        r"(?i:=[ \t]*PASSWORD[ \t]*\([ \t]*)'(?P<secret>[^'\n]{4,200})'",
        _sql_password,
        generic=True,
    ),
    # A name and its value as two fields: a Kubernetes container's `env:` (`- name:
    # DB_PASSWORD` then `value: ...`), an ECS task's `{"name": ..., "value": ...}`, a Postman
    # collection's `{"key": "password", "value": ...}`, a HAR file's headers.
    Rule(
        "secret-assignment",
        r"(?m:^[ \t]*-[ \t]+name:[ \t]*)[\"']?(?P<name>[A-Za-z_][\w.-]{0,100})[\"']?[ \t]*\r?\n"
        r"[ \t]+value:[ \t]*(?:\"(?P<secret>[^\"\n]{4,500})\"|'(?P<secret2>[^'\n]{4,500})'"
        r"|(?P<secret3>[^\s\"'#|>][^\n#]{3,500}?))[ \t]*(?:#[^\n]*)?\r?(?m:$)",
        _pair,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        r"\"(?:name|key)\"[ \t]*:[ \t]*\"(?P<name>[A-Za-z_][\w.-]{0,100})\"[ \t]*,[ \t\r\n]*"
        r"\"value\"[ \t]*:[ \t]*\"(?P<secret>[^\"\\\n]{4,500})\"",
        _pair,
        generic=True,
    ),
    # Passwords given by position to a driver: the third argument of `mysqli_connect(host,
    # user, ...)`, `new PDO(dsn, user, ...)`, `new Sequelize(db, user, ...)`, `ftplib.FTP(host,
    # user, ...)`; PowerShell's `ConvertTo-SecureString "..." -AsPlainText`.
    Rule(
        "password-argument",
        r"\b(?:mysqli_connect|mysql_connect|mysqli|PDO|Sequelize|FTP|FTP_TLS)[ \t]*\([ \t]*"
        r"(?:\"[^\"\n]*\"|'[^'\n]*'|[\w.$>-]+)[ \t]*,[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[\w.$>-]+)"
        r"[ \t]*,[ \t]*" + _QUOTED,
        _command_password,
        generic=True,
    ),
    # The fourth argument: redis-py's `StrictRedis(host, port, db, ...)`, sbt's
    # `Credentials(realm, host, user, ...)`; the fifth of Ruby's `Net::SMTP.start(address,
    # port, helo, user, ...)`.
    Rule(
        "password-argument",
        r"(?:\b(?:StrictRedis|Redis|Credentials)[ \t]*\((?:[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[\w.]+)"
        r"[ \t]*,){3}|\bSMTP\.start[ \t]*\((?:[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[\w.:]+)[ \t]*,){4})"
        r"[ \t]*" + _QUOTED,
        _command_password,
        generic=True,
    ),
    Rule(
        "password-argument",
        r"\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?" + _QUOTED + r"[ \t]+-AsPlainText",
        _command_password,
        generic=True,
    ),
    # Command-line tools that take a password on their line: `openssl ... -passin pass:...`,
    # `openssl enc -k ...`, `zip -P ...`, `7z -p...`, `ldapsearch -w ...`, `sqlcmd -P ...`,
    # `mongosh -p ...`, `htpasswd -b FILE USER ...`, `smbclient -U user%...`, and `echo ... |
    # docker login --password-stdin`.
    Rule(
        "command-password",
        r"\bopenssl\b[^\n]{0,200}?[ \t]-pass(?:in|out)[ \t]+[\"']?pass:(?P<secret>[^\s\"']{1,200})"
        r"|\bopenssl[ \t]+enc\b[^\n]{0,200}?[ \t]-k[ \t]+[\"']?"
        r"(?P<secret2>[^\s\"'-][^\s\"']{0,200})"
        r"|\bzip\b[^\n]{0,200}?[ \t](?:-P|--password)[ \t]+[\"']?"
        r"(?P<secret3>[^\s\"'-][^\s\"']{0,200})",
        _command_password,
        generic=True,
    ),
    Rule(
        "command-password",
        r"\b7za?[ \t]+[^\n]{0,200}?[ \t]-p(?P<secret>[^\s\"'-][^\s\"']{0,200})"
        r"|\bldap(?:search|modify|add|delete|passwd|whoami)\b[^\n]{0,200}?[ \t]-w[ \t]+[\"']?"
        r"(?P<secret2>[^\s\"'-][^\s\"']{0,200})"
        r"|\b(?:sqlcmd|bcp)\b[^\n]{0,200}?[ \t]-P[ \t]*[\"']?(?P<secret3>[^\s\"'-][^\s\"']{0,200})",
        _command_password,
        generic=True,
    ),
    Rule(
        "command-password",
        r"\bmongo(?:sh|dump|restore|export|import|stat|top)?\b[^\n]{0,200}?[ \t](?:-p|--password)"
        r"(?:[ \t]+|=)[\"']?(?P<secret>[^\s\"'-][^\s\"']{0,200})"
        r"|\bhtpasswd[ \t]+(?:-[a-zA-Z]+[ \t]+)*?-[a-zA-Z]*b[a-zA-Z]*[ \t]+(?:-[a-zA-Z]+[ \t]+)*"
        r"[^\s-]\S*[ \t]+\S+[ \t]+[\"']?(?P<secret2>[^\s\"']{1,200})"
        r"|\bsmbclient\b[^\n]{0,200}?[ \t](?:-U|--user)[ \t]+[\"']?[^\s%\"']{1,64}%"
        r"(?P<secret3>[^\s\"']{1,200})",
        _command_password,
        generic=True,
    ),
    Rule(
        "command-password",
        r"\becho[ \t]+(?:-n[ \t]+)?[\"']?(?P<secret>[^\s\"'|$]{4,200})[\"']?[ \t]*\|[ \t]*"
        r"(?:sudo[ \t]+)?(?:docker|podman|helm|oras|skopeo|nerdctl)\b[^\n|]{0,120}?"
        r"--password-stdin",
        _command_password,
        generic=True,
    ),
    Rule(
        "password-argument",
        r"\bgetConnection[ \t]*\([ \t]*(?:\"[^\"\n]*\"|[\w.]+)[ \t]*,[ \t]*"
        r"(?:\"[^\"\n]*\"|[\w.]+)[ \t]*,[ \t]*" + _QUOTED,
        _command_password,
        generic=True,
    ),
    Rule(
        "password-argument",
        r"(?:\b(?:PasswordAuthentication|UsernamePasswordCredentials|NetworkCredential"
        r"|HTTPBasicAuth|HTTPDigestAuth|BasicAuth|SetBasicAuth|setBasicAuth|basicAuth"
        r"|withBasicAuth|basic_auth|UserPassword|PlainCredentials)[ \t]*"
        r"|\.login[ \t]*|\bauth[ \t]*=[ \t]*)"
        r"\([ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[\w.]+)[ \t]*,[ \t]*(?:Some\([ \t]*)?" + _QUOTED,
        _command_password,
        generic=True,
    ),
    # Basic credentials encoded in code, said so on the line: Elixir's `auth =
    # Base.encode64("user:...")`, `"Basic " + btoa("user:...")`, Python's `b64encode`, PHP's
    # `base64_encode`, Node's `Buffer.from("user:...")`, .NET's `GetBytes("user:...")`.
    # (Not any "word:value" encoded: a GraphQL id, `btoa("User:<uuid>")`, or a digest.)
    Rule(
        "password-argument",
        r"(?i:basic|auth)[^\n]{0,80}?\b(?:encode64|b64encode|btoa|base64_encode|encodeToString"
        r"|strict_encode64|GetBytes|Buffer\.from)[ \t]*\([ \t]*b?[\"'][^\"':\s]{1,64}:"
        r"(?P<secret>[^\"':\s]{1,200})[\"']",
        _command_password,
        generic=True,
    ),
    # libcurl's options that carry a login (C, PHP, pycurl): `CURLOPT_USERPWD, "user:..."`,
    # `CURLOPT_PASSWORD, "..."`, `CURLOPT_XOAUTH2_BEARER, "..."`.
    Rule(
        "curl-credential",
        r"\b(?:CURLOPT_|pycurl\.)(?:(?:PROXY)?USERPWD[ \t]*,[ \t]*L?[\"'][^\"':\s]*:"
        r"|(?:PROXY_?)?(?:PASSWORD|KEYPASSWD|TLSAUTH_PASSWORD|XOAUTH2_BEARER)[ \t]*,[ \t]*L?"
        r"[\"'])(?P<secret>[^\"'\s]{1,200})[\"']",
        _command_password,
        generic=True,
    ),
    # Ruby's and Elixir's symbols: `set :session_secret, "..."`, `put_env(:app, :secret_key_base,
    # "...")`.
    Rule(
        "secret-assignment",
        r":\w*?" + _NAME + r"[ \t]*,[ \t]*" + _QUOTED,
        assignment,
        generic=True,
    ),
    Rule(
        "secret-assignment",
        # (and make's `:=`, `::=` and `?=`: `API_KEY := ...` in a Makefile)
        # (a quote after the name: YAML's `'api-secret': ...`)
        _NAME + r"[\"']?[ \t]*(?:::?=|\?=|[:=])[ \t]*" + _BARE_LINE + r"[ \t]*(?m:$)",
        _bare_assignment,
        generic=True,
    ),
    # Dockerfile's older form, the value after a blank: `ENV API_TOKEN ...`.
    Rule(
        "secret-assignment",
        # (bounded: a name is no longer, and on Python's `re` an unbounded one is quadratic)
        rf"(?m:^)[ \t]*ENV[ \t]+[\w.-]{{0,60}}?(?P<name>{_NAME_WORD}[\w.-]{{0,60}})"
        r"[ \t]+[\"']?" + _BARE + r"[\"']?[ \t]*(?m:$)",
        _bare_assignment,
        generic=True,
    ),
    # A credential in a URL's query: `?token=...`, `&api_key=...`, `?access_token=...`.
    Rule(
        "secret-assignment",
        r"[?&](?P<name>(?i:(?:access|auth|id|refresh|session|private|api)[_-]?token|token"
        r"|api[_-]?key|(?:client[_-])?secret))=(?P<secret>[^&\s\"'`<>#{}]{8,200})",
        assignment,
        generic=True,
    ),
    # A query key whose name says little but whose value is a random key: Firebase's
    # `?auth=...`, OpenWeatherMap's `&appid=...`, `?key=...`.
    Rule(
        "secret-assignment",
        r"[?&](?i:appid|auth|key)=(?P<secret>[A-Za-z0-9_-]{20,200})(?:[&#\s\"'`<>]|(?m:$))",
        _random(20, 3.5),
        generic=True,
    ),
    # Azure Functions' key in a function's URL (`/api/name?code=...==`): longer than an OAuth
    # authorization code's (a redirect's `?code=` in a test or a doc), base64 with padding.
    Rule(
        "secret-assignment",
        r"[?&]code=(?P<secret>[A-Za-z0-9_/+-]{40,200}(?:={1,2}|(?:%3[dD]){1,2})?)"
        r"(?:[&#\s\"'`<>]|(?m:$))",
        _random(40, 4.0),
        generic=True,
    ),
    # A password written against its flag, as MySQL's clients take it: `mysql -uroot -pS3cret`
    # (`-p` alone, or before a blank, asks for it).
    Rule(
        "command-password",
        r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlpump|mariadb"
        r"|mariadb-dump|mariadb-admin)\b[^\n]{0,200}?[ \t]-p[\"']?"
        r"(?P<secret>[^\s\"'-][^\s\"']{0,200})",
        _command_password,
        generic=True,
    ),
    # Redis's client takes its password after `-a` (or `--pass`).
    Rule(
        "command-password",
        r"\bredis-cli\b[^\n]{0,200}?[ \t](?:-a|--pass)[ \t]+[\"']?"
        r"(?P<secret>[^\s\"'-][^\s\"']{0,200})",
        _command_password,
        generic=True,
    ),
    # A password told in prose, a commit message's or a document's: `the password is
    # "Xk29fLq8"`, `the staging password is Xk29fLq8.` Only a random value counts: prose goes
    # on with words (`the password is required`, `is case-sensitive`, `is sha256-hashed`).
    Rule(
        "prose-password",
        _PROSE_PASSWORD + _QUOTED,
        _prose_password,
        generic=True,
    ),
    Rule(
        "prose-password",
        _PROSE_PASSWORD + r"[*_~“‘]*" + _PROSE_VALUE,
        _prose_password,
        generic=True,
    ),
    # A netrc's entry in any file (`.netrc` itself is left out): `machine HOST login USER
    # password ...`, on one line or several.
    Rule(
        "command-password",
        r"\b(?:machine[ \t]+(?P<host>[^\s]{1,253})|default)(?:[ \t\r\n]+(?:login|account)[ \t\r\n]+"
        r"[^\s]{1,256})*[ \t\r\n]+password[ \t\r\n]+(?P<secret>[^\s\"'`\\]{1,256})",
        _netrc_password,
        generic=True,
    ),
    # A shell assignment with more of the command after it (`PGPASSWORD=... psql`, `export
    # A=1 TOKEN=... B=2`, `docker run -e DB_PASSWORD=... img`, `--password=... db`): no blank
    # around the `=`, as the shell wants. The end of the match leaves the next word whole.
    Rule(
        "secret-assignment",
        _NAME + r"=" + _SHELL_VALUE + _SHELL_END,
        _command_assignment,
        generic=True,
    ),
    # An assignment in brackets in prose, a commit message's or a comment's: `Fix the login
    # (DB_PASSWORD=...)`, `[API_TOKEN=...]`. The bracket stands apart (a blank or the line's
    # start before it): `check(password=newPassword1)` is a call passing a variable.
    Rule(
        "secret-assignment",
        r"(?:(?m:^)|[ \t])[(\[][\w.-]{0,60}?" + _NAME + r"=" + _SHELL_VALUE + r"[)\]]",
        _bare_assignment,
        generic=True,
    ),
    # A keyword and its value with no operator between: Clojure's and EDN's `{:password
    # "..."}`, Emacs Lisp's property lists.
    Rule(
        "secret-assignment",
        r"(?:^|[\s{(\[,]):[\w-]{0,40}?" + _NAME + r"[ \t]+" + _QUOTED,
        assignment,
        generic=True,
        files=("lisp",),
    ),
    # RSpec's `let(:password) { "..." }` (and `let!`, `subject`, a `do` block).
    Rule(
        "secret-assignment",
        r"\b(?:let!?|subject)[ \t]*\([ \t]*:\w{0,40}?" + _NAME + r"[ \t]*\)[ \t]*(?:\{|do\b)"
        r"[ \t]*(?:\r?\n[ \t]*)?" + _QUOTED,
        assignment,
        generic=True,
        files=("rb",),
    ),
    # An account's private key in a Hardhat or Truffle network: `accounts: ["0x..."]`.
    Rule(
        "private-key",
        r"\baccounts[ \t]*:[ \t]*\[(?P<secret>[^\[\]]*)\]",
        _hex_key,
        generic=True,
        files=("js",),
        items="list",
    ),
    # A key's DER in base64 without its armour (`decode("MIIEvQIBADAN...")`): PKCS#8's and
    # PKCS#1's RSA keys, PKCS#8's and SEC 1's EC keys, an Ed25519 key; over lines too.
    Rule(
        "private-key",
        r"\b(?:MII[A-Za-z0-9+/]{3}(?:IBADANBgkqhkiG9w0BAQEFAAS|IBAAKC)"
        r"|MI[A-Za-z0-9+/]{2}AgEAM[A-Za-z0-9+/]{3}ByqGSM49AgEG|MHcCAQEEI|MIGkAgEBBD"
        r"|MC4CAQAwBQYDK2VwBCIEI)"
        r"[A-Za-z0-9+/]{16,}={0,2}(?:(?:\\n|[\"'][ \t]*\+?)?[ \t]*\r?\n[ \t]*[\"']?"
        r"[A-Za-z0-9+/]{16,}={0,2})*",
        _der_key,
        generic=True,
    ),
    # A quoted value of words given to a secret's name: `PASSWORD = "Blue Tiger 47 Kite!"`.
    Rule(
        "secret-assignment",
        _NAME
        + r"[\"']?\]?[ \t]*(?::=|=>|[:=])[ \t]*@?(?:\"(?P<secret>[^\"\s\\]+(?: [^\"\s\\]+){1,5})\""
        r"|'(?P<secret2>[^'\s\\]+(?: [^'\s\\]+){1,5})')",
        _spaced_words,
        generic=True,
    ),
    # WordPress's keys and salts in `wp-config.php`: 64 printable characters, blanks too.
    Rule(
        "secret-assignment",
        r"\bdefine\([ \t]*['\"](?P<name>(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT))['\"]"
        r"[ \t]*,[ \t]*(?:'(?P<secret>[^'\n]{32,100})'|\"(?P<secret2>[^\"\n]{32,100})\")",
        lambda hit: placeholder(hit.value) or random_enough(hit.value.replace(" ", ""), 32, 4.0),
        generic=True,
    ),
    # A flag and its value after a blank: `gh auth login --token ...`, `--password "..."`.
    Rule(
        "secret-assignment",
        # (quoted with `"` or `'` only: a backtick after a flag in prose is a code span)
        # (bounded on both sides of the secret's word: on Python's `re`, where RE2 is missing,
        # a line of 20,000 dashes took 40 s unbounded; a flag is no longer than this)
        rf"--?[\w.-]{{0,40}}?(?P<name>{_NAME_WORD}[\w.-]{{0,40}})"
        r"[ \t]+(?:\"(?P<secret>[^\"\s\\]{4,})\"|'(?P<secret2>[^'\s\\]{4,})'|"
        r"(?P<secret3>[^-\s\"'`,;()\[\]{}<>|&][^\s\"'`,;()\[\]{}<>|&]{3,})"
        r"(?:[ \t]|[;|&)]|(?m:$)))",
        _flag_value,
        generic=True,
    ),
)

# One `NAME=value` line of a .env file with a secret's word in its name (quotes and comments
# are taken off in Python).
ENV_LINE = (
    r"(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z0-9_.-]*"
    r"(?i:pass|pwd|secret|token|key|auth|cred|dsn|pat|pw)[A-Za-z0-9_.-]*)"
    r"[ \t]*=[ \t]*([^\s#][^\n]*)"
)
