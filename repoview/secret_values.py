"""Telling a secret's value from a look-alike: placeholders and examples, names that say a
value is a secret, and how random a value must look to be one. The rules in secret_rules.py
judge what they find with these."""

from __future__ import annotations

import base64
import binascii
import functools
import math
import re
from collections import Counter
from itertools import pairwise
from urllib.parse import unquote

from . import lazyre

__all__ = [
    "JUDGED",
    "PASSWORD_WORDS",
    "entropy",
    "has_word",
    "name_kind",
    "name_like",
    "optional_type",
    "placeholder",
    "random_enough",
    "value_verdict",
]


def entropy(value: str) -> float:
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


# Words that mark a value as an example; checked with `in` (linear), never with `.*word.*`.
_EXAMPLE_WORDS = (
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "your_",
    "your-",
    "yourpass",
    "yourtoken",
    "yoursecret",
    "yourkey",
    "redacted",
    "xxxx",
    "****",
    "....",
    "fake",
    "notreal",
    "not_a_real",
    "not-a-real",
    "secret_here",
    "secret-here",
    "insert",
    "replace",
    "todo",
    "fixme",
    "foobar",
    "lorem",
    "test_key",
    "test_token",
    "test_secret",
    "test_password",
    "testpass",
    "testtoken",
    "testsecret",
    "mysecret",
    "mypassword",
    "mytoken",
    "supersecret",
)
# Well-known weak passwords: a value that is one of them (give or take a few characters) is an
# example; a longer one that holds one (`Acme123456!Prod`) is a real password, a weak one.
_WEAK_WORDS = (
    "tiger",
    "hunter2",
    "letmein",
    "passw0rd",
    "p@ssw0rd",
    "s3cr3t",
    "qwerty",
    "qwertyuiop",
    "123456",
    "abcdef",
    "0000",
    "secret123",
    "password123",
    "correct-horse",
    "correcthorse",
)
_WEAK_REST = 5  # characters a value may hold besides the weak password and be it
_EXAMPLE_EXACT = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "token",
        "admin",
        "root",
        "guest",
        "test",
        "user",
        "username",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "undefined",
        "string",
        "required",
        "optional",
        "default",
        "empty",
        "unset",
        "hidden",
        "masked",
        "apikey",
        "api_key",
        "access_token",
        "auth_token",
        "private",
        "public",
        "value",
        "bar",
        "foo",
    }
)
# (`$$NAME` is a Makefile's escape for the shell's `$NAME`; `$System.env.X` a Groovy string's
# property path; `$Env:NUGET_API_KEY`, `$script:Token` PowerShell's variables with a scope.)
_TEMPLATE = lazyre.compile(
    r"^(?:<[^>]*>|\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|\{[^{}]*\}|%\([^)]*\)[sd]|%[sd]"
    r"|\$\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|%[A-Za-z_][A-Za-z0-9_]*%"
    r"|\$(?i:env|script|global|local|private|using|variable):[A-Za-z_][A-Za-z0-9_]*"
    r"|@[A-Za-z_][A-Za-z0-9_]*@)$"
)
# A printf conversion (C, Python, Go, Java; `%1$s`, `%(name)s`, Go's `%[1]v`) ended by
# something that is not a letter or digit: `"%s:%"PRIu64` is code, while a random value
# rarely closes a conversion that way (a generated password's `%` is followed by more).
_PRINTF = lazyre.compile(
    r"%(?:[1-9][0-9]*\$|\[[1-9][0-9]*\]|\([\w.-]+\))?[-+ #0']*(?:[0-9]+|\*)?(?:\.(?:[0-9]+|\*))?"
    r"(?:hh|h|ll|l|j|z|t|L|q)?[sdiuxXfcpvqT](?![A-Za-z0-9])"
)
# A value that starts with a shell or build variable (`$TRASH_DIRECTORY/bin/x`,
# `$PROTO://host`, `$next-version$`). A variable's name is one case, and what follows it is
# a path, URL or the template's closing `$`; crypt hashes (`$argon2id$...`, `$apr1$...`)
# continue with `$` and a field, so they are not taken for one.
_LEADING_VARIABLE = lazyre.compile(
    r"^\$(?:[A-Z][A-Z0-9_]{2,}|[a-z][a-z0-9_]{2,})(?:$|[/:.@\\-]|[\w.-]*\$$)|^\$\("
)
# Digits with the punctuation of dates, times and versions, and no letter; ISO 8601 times.
_NUMBERISH = lazyre.compile(
    r"^[0-9][0-9.,:/_+ -]*$"
    r"|^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
# Regular-expression syntax no credential holds: `(?:`, `(?P<`, `\d`, `[^`.
_REGEX = lazyre.compile(r"\(\?[:=!P<]|\\[dwsDWS][*+?{]|\[\^")
# A path: relative, absolute, home or a JSON pointer, of lowercase path characters only
# (a base64 value that starts with `/` has capitals).
_PATH = lazyre.compile(r"^(?:#|\.{1,2}|~)?/[a-z0-9_.@+-]+(?:/[a-z0-9_.@+-]+)*/?$")
# A dotted name in code: `self.tls_password`, `jinja2.pass_context`, `pq.PQchangePassword`.
_DOTTED = lazyre.compile(r"^~?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
_HEX = lazyre.compile(r"^[0-9a-fA-F]+$")
_UUID = lazyre.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
# One word of an identifier: lowercase run, Capitalised words, an ALLCAPS word, a short number.
_WORD = lazyre.compile(r"^(?:[a-z]*(?:[A-Z][a-z]+)*|[A-Z]+)[0-9]{0,4}$")
_SEPARATORS = lazyre.compile(r"[-_.:/@,~# ]+")
# A key's name: lowercase words joined by separators, after a mark that keeps it apart from
# the names it sits among (`!real_csrf_token`); no digit, so nothing generated.
_KEY_NAME = lazyre.compile(r"^[!?*&^+=]?[a-z]+(?:[-_.][a-z]+)+$")
# A type annotation of an optional (Swift, Kotlin): a capitalised, possibly qualified type
# name and `?` or `!` (`URLCredential?`, `Foundation.URLCredential!`).
_OPTIONAL_TYPE = lazyre.compile(r"^[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*[?!]$")
# One part of a type's name short of `_named`'s eight letters: a word (`String`), an acronym
# with a number (`P256`).
_TYPE_WORD = lazyre.compile(r"^(?:[A-Z][a-z]*[aeiouy][a-z]*|[A-Z]{1,5}[0-9]{0,4})$")
# Camel-case pieces of a name with acronyms and numbers in it (`X25519PrivateKey`).
_NAME_PIECE = lazyre.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_VOWEL = lazyre.compile(r"[aeiouy]")
_CONSONANTS = lazyre.compile(r"[bcdfghjklmnpqrstvwxz]{4}")
_CODE = lazyre.compile(r"[\w.]+\(|[\w.]+\[|^[\w-]*\.[a-z]{1,4}$")
# What code hands on: an attribute (`keys.Ed25519PrivateKey`), or a name passed to a call
# whose closing bracket the pattern took in (`f(password=pw).key`).
# (`a?.b`, `a!.b`, `a!!.b`: optional chaining and non-null assertions, in TypeScript, Swift,
# Kotlin)
_REFERENCE = lazyre.compile(
    r"^[A-Za-z_]\w*(?:(?:\?|!!?)?\.[A-Za-z_]\w*)+(?:!!?)?$"
    r"|^(?P<arg>[A-Za-z_]\w*)\)(?:\.[A-Za-z_]|[,;]|$)"
)


# Checks look at a value's first characters only, so that a 1 MB value costs what 1 KB does.
JUDGED = 1024


def has_word(value: str, lower: str, words: tuple[str, ...]) -> bool:
    """Does `value` (`lower` is its lowercase) hold one of `words` written as a word is:
    lower, upper or capitalised? A random token holds `fAkE` or `yOUr` by chance; a dummy
    says `fake` or `YOUR`."""
    for word in words:
        at = lower.find(word)
        while at >= 0:
            seen = value[at : at + len(word)]
            if seen.islower() or seen.isupper() or seen.istitle() or not seen.isalpha():
                return True
            at = lower.find(word, at + 1)
    return False


# Words that make a value a stand-in when it is made of words and a short number
# (`demo_refresh_token_12345`, `test-api-key-1`); beside a random part they are a prefix
# a real credential may carry (`test_Xk9fQ2mZpL8`), and the value is judged as any other.
_STAND_IN_WORDS = frozenset({"demo", "test", "mock"})


def _says_demo(value: str) -> bool:
    parts = [p for p in _SEPARATORS.split(value) if p]
    if len(parts) < 2 or not any(
        p.lower() in _STAND_IN_WORDS and (p.islower() or p.isupper() or p.istitle()) for p in parts
    ):
        return False
    return all(
        (p.isdigit() and len(p) <= 8)
        or (
            _WORD.match(p) is not None
            and _VOWEL.search(p.lower()) is not None
            and _CONSONANTS.search(p.lower()) is None
        )
        for p in parts
    )


def _random_beside(value: str) -> bool:
    """Whether a part of `value`, between separators, is random: eight characters or more,
    with capitals, small letters and digits, and no example word. A placeholder word with
    one (`changeme-Xk29fLq8`) is a real secret someone put a word in front of; AWS's
    `AKIAIOSFODNN7EXAMPLE` has no separator, `your_api_key_here` no random part."""
    parts = [p for p in _SEPARATORS.split(value) if p]
    return len(parts) > 1 and any(
        len(p) >= 8
        and any(c.isupper() for c in p)
        and any(c.islower() for c in p)
        and any(c.isdigit() for c in p)
        and not has_word(p, p.lower(), _EXAMPLE_WORDS)
        for p in parts
    )


def _weak_variant(rest: str) -> bool:
    """Whether a weak password with `rest` around it is still that example (`hunter2!`,
    `admin123456`): a few digits or marks, or a placeholder word. A word of its own
    (`Acme123456!`) makes it someone's real password, a weak one."""
    if len(rest) > _WEAK_REST:
        return False
    letters = "".join(c for c in rest if c.isalpha())
    return len(letters) < 4 or letters in _EXAMPLE_EXACT


def _in_runs(value: str) -> int:
    """How many characters stand in runs of four or more consecutive ones (`0123`, `abcd`):
    an alphabet is nearly all such runs; a password holding one (`Acme1234567890`) is not."""
    run, counted = 1, 0
    for a, b in pairwise(value):
        run = run + 1 if ord(b) - ord(a) == 1 else 1
        if run == 4:
            counted += 4
        elif run > 4:
            counted += 1
    return counted


# A word in brackets beside others, as a usage line writes what may be left out:
# `[path/]filename`, `host[:port]`.
_OPTIONAL_PART = lazyre.compile(r"\w\[[a-z./:-]{2,}\]|\[[a-z./:-]{2,}\]\w")
_USAGE_WORDS = lazyre.compile(r"[a-z_./:\[\]-]+")  # (lower-case words: no random password)


def placeholder(value: str) -> str:
    """Why `value` is a placeholder or a well-known example, or "" when it is neither."""
    value = value[:JUDGED]
    lower = value.lower()
    if _TEMPLATE.match(value):
        return "a template reference"
    # `password1`, `string?`, `password]`: a placeholder word with a digit or punctuation
    if lower.strip("[](){}<>.,;:?!*'\"").rstrip("0123456789") in _EXAMPLE_EXACT:
        return "a placeholder word"
    if has_word(value, lower, _EXAMPLE_WORDS) and not _random_beside(value):
        return "an obvious example"
    if _says_demo(value):
        return "words that say it is a demo or test value"
    for word in _WEAK_WORDS:
        if word in lower and _weak_variant(lower.replace(word, "", 1)):
            return "a well-known example password"
    # Counted over letters and digits: a fixture spells a token's alphabet and then its
    # punctuation (`abcdefg12345-._~+/=`, the characters a Bearer token may hold).
    alnum = "".join(c for c in value if c.isalnum()) if len(value) >= 8 else ""
    if len(alnum) >= 8 and _in_runs(alnum) * 5 >= len(alnum) * 4:
        return "runs of consecutive characters (an alphabet), not a secret"
    if "..." in value or "\u2026" in value:  # (`99ae8af...snip...ec0f262ac`, cut in the middle)
        return "an example cut short"
    if len(set(value)) <= 2:
        return "a placeholder (one or two characters repeated)"
    if ("{" in value or "}" in value) and _format_fields(value):
        return "a template or format string"
    if value[:1] in ("(", "[", "{") and value[-1:] in (")", "]", "}"):
        return "a template or format string"
    if "[" in value and _OPTIONAL_PART.search(value) and _USAGE_WORDS.fullmatch(value):
        return "a usage line's optional part (`[path/]filename`)"
    if "%" in value and _PRINTF.search(value):
        return "a format string"
    if value[:1] == "$" and _LEADING_VARIABLE.match(value):
        return "built from a variable"
    if _REGEX.search(value):
        return "a regular expression"
    if _PATH.match(value):
        return "a file path"
    return ""


# A format string's field: `{}`, `{0}`, `{user}`, `{user_id:>8}`, `{{`; its name (when it
# has one) a word or more, not letters drawn at random (`{mP2}` in a password).
_INTERPOLATION = lazyre.compile(r"[$#%@]\{")
_FIELD = lazyre.compile(r"\{\{|\}\}|\{(\d*|[A-Za-z_][\w.\[\]]*)(?:[:!][^{}]*)?\}")
_FIELD_WORD = lazyre.compile(r"[a-z]{3}|^\d*$|^[a-z_][a-z0-9_]*$|^[A-Z_][A-Z0-9_]*$")


def _format_fields(value: str) -> bool:
    """Whether every brace in `value` belongs to a format string's field (or a template's),
    and some field is named by a word or a number."""
    if _INTERPOLATION.search(value):
        return True  # (`#{pw}`, `${p1}`, `%{x}`: Ruby's, the shell's, a template's)
    fields = list(_FIELD.finditer(value))
    braces = sum(m.end() - m.start() for m in fields if m.group(0) in ("{{", "}}")) + 2 * sum(
        1 for m in fields if m.group(1) is not None
    )
    if braces != value.count("{") + value.count("}"):
        return False
    return any(m.group(1) is None or _FIELD_WORD.search(m.group(1)) for m in fields)


def _named(part: str) -> bool:
    """A mixed-case name of words, acronyms and numbers: `MCPCredentials`, `UserAPIKeyAuth`.

    Eight characters or more, starting with a capital (a class, type or constant); each
    lowercase run is a word (a vowel, no four consonants in a row), one of four letters or
    more; at most two acronyms, one number and one piece under three letters; words make
    half the letters, words and acronyms 85%; an `A` or `I` between words is a word. Random
    strings pass less often than `_WORD` lets them: one in 290 of 12 characters, one in
    6,700 of 20 (measured on 100,000 each).
    """
    if len(part) < 8 or not part[:1].isupper():
        return False
    pieces = _NAME_PIECE.findall(part)
    if "".join(pieces) != part:
        return False
    short = numbers = acronyms = letters = words = in_acronyms = longest = 0
    for i, piece in enumerate(pieces):
        if piece.isdigit():
            numbers += 1
            continue
        letters += len(piece)
        if piece in ("A", "I") and 0 < i < len(pieces) - 1:
            words += 1  # a phrase's article or pronoun (`ThisIsABearerToken`), not an acronym
            continue
        if piece.isupper():
            if len(piece) > 8:
                return False
            acronyms += 1
            short += len(piece) < 3
            in_acronyms += len(piece)
            continue
        low = piece.lower()
        if not _VOWEL.search(low) or _CONSONANTS.search(low):
            return False
        if len(piece) < 3:
            short += 1
        else:
            words += len(piece)
            longest = max(longest, len(piece))
    return (
        longest >= 4
        and acronyms <= 2
        and numbers <= 1
        and short <= 1
        and words * 2 >= letters
        and (words + in_acronyms) * 20 >= letters * 17
    )


def _reference(value: str) -> bool:
    """Code naming something: each part of `a.b.c` a name (not a JWT's segments)."""
    found = _REFERENCE.match(value)
    if found is None or value.startswith("eyJ"):
        return False
    if found.group("arg"):  # `answer).key`: the name passed, and the code after the call
        value = found.group("arg")
    return all(name_like(part) for part in re.split(r"[._?!]+", value) if part)


# A dotted path to a class or model: lowercase modules, then one name (`accounts.User`).
_MODULE_PATH = lazyre.compile(r"^(?:[a-z_][a-z0-9_]*\.)+[A-Za-z_][A-Za-z0-9_]*$")


def _class_name(part: str) -> bool:
    """A class's name of words that may hold numbers and short pieces (`CustomUserWithM2m`,
    `Jwt2Backend`): words of four letters or more make two thirds of its letters; random
    mixed-case text rarely holds a run of one capital and three lowercase letters."""
    pieces = _NAME_PIECE.findall(part)
    if "".join(pieces) != part or not part[:1].isupper():
        return False
    letters = words = longest = 0
    for piece in pieces:
        if piece.isdigit():
            continue
        letters += len(piece)
        low = piece.lower()
        word = len(piece) >= 4 and not piece.isupper()
        if word and _VOWEL.search(low) and not _CONSONANTS.search(low):
            words += len(piece)
            longest = max(longest, len(piece))
    return longest >= 4 and words * 3 >= letters * 2


def _module_path(value: str) -> bool:
    """A dotted path naming a class in code (`accounts.CustomUserWithM2m`,
    `myapp.auth.Jwt2Backend`): each module a name, the last part a name or a class's."""
    if not _MODULE_PATH.match(value):
        return False
    *modules, last = value.split(".")
    return all(name_like(p) for m in modules for p in m.split("_") if p) and (
        name_like(last) or _class_name(last)
    )


def name_like(part: str) -> bool:
    """A part of a name in code (`Ed25519PrivateKey`, `publicDSA`, `sha256`): words and
    acronyms, at most one number and one single letter; random text has more of both."""
    pieces = _NAME_PIECE.findall(part)
    if "".join(pieces) != part:
        return False
    numbers = sum(p.isdigit() for p in pieces)
    singles = sum(len(p) == 1 for p in pieces)
    words = all(
        p.isdigit() or p.isupper() or len(p) < 3 or _VOWEL.search(p.lower()) for p in pieces
    )
    return numbers <= 1 and singles <= 1 and words


def _identifier(value: str) -> bool:
    """Words joined by separators or camel case (`test_schema_2`, `Orange-2`, `myValue`,
    `UserAPIKeyAuth`, `~azure.core.TokenProvider`, `!real_csrf_token`)."""
    if _KEY_NAME.match(value):
        return True
    parts = [p for p in _SEPARATORS.split(value) if p]
    return bool(parts) and all(_WORD.match(p) or _named(p) for p in parts)


def optional_type(value: str) -> bool:
    """A type annotation of an optional (`URLCredential?`, `AuthToken!`), not a value.

    Only an unquoted value can be one. A digit is a password's (`Summer2024!`) unless the
    name is qualified (`P256.Signing.PrivateKey?`); a name of words without digits, `?` or
    `!` aside, is one the password check keeps as an identifier anyway.
    """
    if not _OPTIONAL_TYPE.match(value):
        return False
    name = value[:-1]
    if "." not in name and any(c.isdigit() for c in name):
        return False
    return all(_named(part) or _TYPE_WORD.match(part) for part in name.split("."))


def random_enough(value: str, min_len: int, min_entropy: float) -> str:
    """Why a value named as a token or key is not random enough, or ""."""
    value = value[:JUDGED]
    if len(value) < min_len:
        return f"shorter than {min_len} characters"
    if why := placeholder(value):
        return why
    if _identifier(value):
        return "an identifier, not a random value"
    if _CODE.search(value):
        return "code (a call, subscript, dotted name or file name)"
    if entropy(value) < min_entropy:
        return f"entropy under {min_entropy} bits per character"
    return ""


# Characters a generated key mixes in and code seldom strings together
_KEY_PUNCTUATION = frozenset("!#%^&*@~+=")
# What a regular expression holds (a password policy's pattern is no key)
_PATTERN_SIGNS = lazyre.compile(r"\(\?[=!:<]|\\[dwsbDWS]|\[\^?[^\]]+\][*+?{]")


def _generated_key(value: str) -> bool:
    """A long value drawn from letters, digits and punctuation, as Django's `SECRET_KEY` and
    WordPress's salts are: the shapes of code, templates or formats in it (`w(`, `{x`,
    `%d`) are chance: half of Django's keys hold one."""
    return (
        len(value) >= 20
        and len(_KEY_PUNCTUATION.intersection(value)) >= 3
        and not _PATTERN_SIGNS.search(value)
        and entropy(value) >= 4.0
    )


PASSWORD_WORDS = frozenset({"password", "passwd", "passphrase", "pwd", "pass", "pw", "passw"})
_SECRET_WORDS = frozenset(
    {
        "secret",
        "secrets",
        "token",
        "tokens",
        "credential",
        "credentials",
        "creds",
        "apikey",
        "accesskey",
        "secretkey",
        "privatekey",
        "accountkey",
        "authtoken",
        "accesstoken",
        "sharedaccesskey",
        "pat",
        "sas",
        "signature",
        "clientsecret",
        "sig",
        "auth",
    }
)
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "access",
        "secret",
        "private",
        "account",
        "admin",
        "master",
        "encryption",
        "signing",
        "license",
        "client",
        "app",
        "auth",
        "service",
        "shared",
        "write",
        "read",
        "search",
        "server",
        "subscription",
        "consumer",
        "integration",
        "deploy",
        "hmac",
        "jwt",
        # (a cloud service's, a cipher's, a session's: `AZURE_OPENAI_KEY`, `AES_KEY`)
        "openai",
        "storage",
        "cosmos",
        "aes",
        "session",
        "preshared",
        "functions",
        "function",
        "cookie",
        "csrf",
        "cipher",
        "decryption",
        "webhook",
    }
)
# A name ending in one of these names a place or a property of the secret, not the secret.
_NOT_SECRET_TAILS = frozenset(
    {
        "url",
        "uri",
        "path",
        "file",
        "files",
        "dir",
        "folder",
        "name",
        "names",
        "type",
        "types",
        "id",
        "ids",
        "len",
        "length",
        "size",
        "count",
        "field",
        "fields",
        "prefix",
        "suffix",
        "header",
        "headers",
        "env",
        "var",
        "format",
        "regex",
        "re",
        "pattern",
        "policy",
        "endpoint",
        "host",
        "port",
        "mode",
        "enabled",
        "required",
        "label",
        "hint",
        "timeout",
        "expiry",
        "expires",
        "expiration",
        "ttl",
        "version",
        "algorithm",
        "algo",
        "description",
        "param",
        "params",
        "class",
        "cls",
        "kind",
        "style",
        "location",
        "source",
        "store",
        "provider",
        "storage",
        "cache",
        "manager",
        "handler",
        "factory",
        "service",
        "scope",
        "scopes",
        "error",
        "errors",
        "message",
        "msg",
        "validator",
        "strength",
        "hash",
        "digest",
        "reset",
        "changed",
        "min",
        "max",
        "rotation",
        "lifetime",
        "index",
        "column",
        "table",
        "schema",
        "option",
        "options",
        "flag",
        "bits",
        "user",
        "username",
        "login",
        "helper",
        "command",
        "cmd",
        "program",
        "mgr",
        "used",
        "date",
        "time",
        "at",
        "updated",
        "created",
        # (what names a secret elsewhere, or words about one: an AWS ARN, a form's text)
        "arn",
        "placeholder",
        "question",
        "prompt",
        "title",
        "route",
    }
)
# Tokens that page through or deduplicate requests: handles, not credentials.
_HANDLE_TOKENS = frozenset(
    {
        "next",
        "page",
        "pagination",
        "continuation",
        "cursor",
        "resume",
        "request",
        "idempotency",
        "change",
        "sync",
        "creation",
    }
)
_JOINED_PASSWORDS = ("password", "passwd")
_CAMEL = lazyre.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+[0-9]*")


def _segments(name: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        out += [s.lower() for s in _CAMEL.findall(part)]
    return out


# What tells apart copies of one secret after its word: a number (`PASSWORD2`, `SMTP_PASS_2`),
# a version (`API_KEY_V2`), the place or stage it is for (`API_KEY_PROD`), its access.
_VARIANTS = frozenset(
    {
        "v",
        "prod",
        "production",
        "dev",
        "development",
        "staging",
        "stage",
        "stg",
        "test",
        "testing",
        "qa",
        "uat",
        "live",
        "sandbox",
        "ro",
        "rw",
        "old",
        "new",
        "backup",
        "primary",
        "secondary",
        "alt",
        "local",
        "ci",
        "default",
        "current",
        "legacy",
    }
)


def _secret_segments(name: str) -> list[str]:
    """The parts of `name` that say what it holds, without the variant after them:
    `DB_PASSWORD2` and `API_KEY_PROD` name a password and an API key as `DB_PASSWORD` and
    `API_KEY` do. (A digest's name keeps its number: `TOKEN_SHA256`.)"""
    segs = _segments(name)
    if segs and _DIGEST_TAIL.match(segs[-1]):
        return segs
    while segs:
        last = segs[-1].rstrip("0123456789")
        if last in _VARIANTS or not last:
            if len(segs) == 1:
                break
            segs.pop()
        elif last != segs[-1]:
            segs[-1] = last
        else:
            break
    return segs


def holds_the_secret(name: str) -> bool:
    """Whether `name` ends with a secret's own word (`secret`, `api_key`, `db_password`), not
    with what it names about one (`AUTH_USER_MODEL`, `TOKEN_BACKEND`)."""
    segs = _secret_segments(name)
    return bool(segs) and (
        segs[-1] in PASSWORD_WORDS or segs[-1] in _SECRET_WORDS or segs[-1] == "key"
    )


# A digest's name (`TOKEN_SHA256`, `password_md5`, `key_checksum`): it holds a hash of the
# secret, which says nothing of it.
_DIGEST_TAIL = lazyre.compile(
    r"^(?:sha(?:1|2|3|224|256|384|512)?|md5|blake2[bs]?|checksum|crc(?:32)?)$"
)


@functools.lru_cache(maxsize=4096)
def name_kind(name: str) -> str:
    """'password', 'secret', or "" for a name that does not say it holds a secret."""
    segs = _secret_segments(name)
    if not segs or segs[-1] in _NOT_SECRET_TAILS or _DIGEST_TAIL.match(segs[-1]):
        return ""
    if segs[-1] in ("token", "tokens") and len(segs) > 1 and segs[-2] in _HANDLE_TOKENS:
        return ""
    if any(s in PASSWORD_WORDS for s in segs[-3:]):
        return "password"
    # Redis's password goes by `auth`: `REDISCLI_AUTH` (redis-cli's variable), `redis_auth`;
    # in redis.conf, by `requirepass` and a replica's `masterauth`.
    if segs[-1] == "auth" and len(segs) > 1 and segs[-2] in ("redis", "rediscli"):
        return "password"
    if segs[-1] in ("requirepass", "masterauth"):
        return "password"
    # A tool's variable run into one word: `PGPASSWORD`, `DBPASSWD`.
    if segs[-1].endswith(_JOINED_PASSWORDS):
        return "password"
    if any(s in _SECRET_WORDS for s in segs[-3:]):
        return "secret"
    if segs[-1] == "key" and len(segs) > 1 and segs[-2] in _KEY_QUALIFIERS:
        return "secret"
    if len(segs) > 1 and segs[-2] + segs[-1] in _SECRET_WORDS:
        return "secret"
    return ""


_BASE64 = lazyre.compile(r"^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")


def _base64_text(value: str) -> str | None:
    """The text `value` is base64 of, if it decodes to printable UTF-8; else None.

    Random bytes almost never decode to printable text, so a value that does is text a
    person wrote (`user:password`, `a-test-token`), and is judged as that text.
    """
    if len(value) < 8 or not _BASE64.match(value):
        return None
    try:
        text = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return text if text.isprintable() else None


def _without_closers(value: str) -> str:
    """`value` without the punctuation that closes the code around it (`password=pw,` or
    `f(password=pw)`); a bracket the value opened itself stays (`(anything)`)."""
    end = len(value)
    while end > 1 and value[end - 1] in ",;:)]}&":
        closer = value[end - 1]
        if closer in ")]}" and "([{"[")]}".index(closer)] in value[: end - 1]:
            break
        end -= 1
    return value[:end]


_PERCENT = lazyre.compile(r"%[0-9A-Fa-f]{2}")
_PARAMETER_NAME = lazyre.compile(r"^(?:--?|[&?;])[\w.-]+=$")
_PASSWORD_HASH = lazyre.compile(r"^\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|[156]|y)\$[^\s]{8,}$")
# `[A-Za-z0-9._~+/-]+`: what a token may be made of, not a token.
_CHARACTER_CLASS = lazyre.compile(r"\^?\[[^\]]{2,}\][+*?{]")
_SETTING = lazyre.compile(r"[A-Z_][A-Z0-9_.-]*=(?=[^=])")
# A name in one case, of words and numbers (`new_password1`, `bcrypt_sha256`, `SCRYPT`)
FIELD_NAME = lazyre.compile(r"^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)$")
_CHOICES = lazyre.compile(r"^[A-Za-z]{2,}(?:\|[A-Za-z]{2,}){2,}$")  # `Basic|Digest|NTLM|Any`
# A media type (`application/token-introspection+jwt`, `text/plain;charset=utf-8`): a
# registered top-level type, a lowercase subtype, a structured suffix and parameters.
_MEDIA_TYPE = lazyre.compile(
    r"^(?:application|audio|font|example|haptics|image|message|model|multipart|text|video)"
    r"/[a-z0-9][a-z0-9!#$&^_.-]*(?:\+[a-z0-9][a-z0-9._-]*)?(?:[ \t]*;[ \t]*[\w.-]+=[\w.\"-]+)*$"
)


_GLOB = lazyre.compile(r"[\w.*{},-]*(?:/[\w.*{},-]*)+")  # (a `**/` path: none is a secret)


def _written_without_spaces(value: str) -> bool:
    """Whether most of `value` is letters of a script written without spaces between words
    (Chinese, Japanese, Thai...): a localized message, not a password typed on a keyboard."""
    wide = sum(1 for c in value if c >= "\u0e00" and c.isalpha())
    return wide >= 2 and 2 * wide >= len(value)


def random_letters(value: str) -> bool:
    """Letters that spell no word nor name: mixed case whose lower-case runs are a letter or
    two (`xKqPzRtWmNvBsLdY`; a name's are words, `getElementById`, `HTTPSProxyURL`), or a
    long run with hardly a vowel (`mnvbsldyxkqpzrtw`)."""
    if len(value) < 10 or not value.isalpha():
        return False
    runs = [len(r) for r in _LOWER_RUN.findall(value)]
    if len(runs) >= 4 and sum(runs) / len(runs) < 2.2 and not value.islower():
        return True
    vowels = sum(c in "aeiouyAEIOUY" for c in value)
    return len(value) >= 12 and vowels < 0.12 * len(value)


_LOWER_RUN = lazyre.compile(r"[a-z]+")


def value_verdict(
    value: str, kind: str, strict: bool, decoded: bool = False, name: str = ""
) -> str:
    """Why `value`, given to a name of `kind` (`name`, when known), is not a secret, or ""."""
    value = _without_closers(value[:JUDGED])
    if _generated_key(value):
        lower = value.lower()
        if has_word(value, lower, _EXAMPLE_WORDS) or "..." in value:
            return "an obvious example"
        return ""
    if value[:1] in (",", ")", "]", "}", "+"):  # `"Tokens: ",data.key??"`: between strings
        return "code between two strings"
    if _written_without_spaces(value):
        return "text in a script written without spaces (a message, `密码太短，请重新输入`)"
    if "**" in value and _GLOB.fullmatch(value):
        return "a glob pattern (`some/**/needle.txt`)"
    if not decoded and _PERCENT.search(value):  # `password=secure%20password`: a form's
        why = value_verdict(unquote(value), kind, strict, decoded=True)  # encoding
        return why and f"percent-encoded text that is {why}"
    if "://" in value and "@" not in value:
        return "a URL without credentials"
    if value.startswith("//"):  # `credential.https://host...`: the name was a URL's scheme
        return "a URL, not a value"
    if _NUMBERISH.match(value):
        return "a number, date or version"
    if _reference(value):
        return "code (an attribute, or a name passed to a call)"
    # (a setting naming a class, `AUTH_USER_MODEL = "accounts.User2"`; not the secret itself:
    # `secret = "prod.Mango7Tiger9"` is a passphrase)
    if _module_path(value) and not holds_the_secret(name):
        return "code (a dotted path to a module's class)"
    if _CHOICES.match(value):
        return "a list of choices"
    if "," in value and all(FIELD_NAME.match(part) for part in value.split(",")):
        return "a list of names (`argon2,bcrypt_sha256,pbkdf2`)"
    if _MEDIA_TYPE.match(value):
        return "a media type (type/subtype), not a secret"
    if _PARAMETER_NAME.match(value):
        return "a parameter's name (`--password=`, `&token=`), not its value"
    if _CHARACTER_CLASS.match(value):
        return "a regular expression (a character class repeated)"
    if not decoded and (setting := _SETTING.match(value)):
        # `FORMAT=32-bit_rle_rgbe`: what follows the `=` is the value to judge
        why = value_verdict(value[setting.end() :], kind, strict, decoded=True)
        return why and f"a NAME=value string whose value is {why}"
    if _PASSWORD_HASH.match(value):
        return "a password hash (bcrypt, argon2, crypt), not a password"
    if not decoded and (text := _base64_text(value)) is not None:
        user, sep, password = text.partition(":")
        if sep and user and password:
            why = value_verdict(password, "password", strict, decoded=True)
            return why and f"base64 of user:password, where the password is {why}"
        if _identifier(text):
            return "base64 of a name, not of a secret"
    if kind == "password" and not strict:
        if len(value) < 6:
            return "shorter than 6 characters"
        if why := placeholder(value):
            return why
        if _CODE.search(value) or (value.isalpha() and not random_letters(value)):
            return "code or a single word"
        if _DOTTED.match(value) and _identifier(value):
            return "code (a dotted name)"
        if _identifier(value) and not any(c.isdigit() for c in value) and not random_letters(value):
            return "an identifier, not a password"
        return ""
    if not strict and len(value) >= 20 and (_HEX.match(value) or _UUID.match(value)):
        return ""  # a random hex or UUID given to a token's name is the token
    if _UUID.match(value):
        return "a UUID outside a token's context"
    if _HEX.match(value):
        return "a hexadecimal digest"
    return random_enough(value, 12 if kind == "secret" else 8, 3.0 if not strict else 3.5)
