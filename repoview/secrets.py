"""Find credentials in file text and redact them in place, keeping the code around them.

The rules are data (RULES below), one test each. All of them are joined into one pattern
that RE2 runs over a file in a single pass of its DFA (hundreds of MB/s, whatever the number
of rules); Python checks only what it finds (entropy, placeholders). Without RE2 the same
pattern runs on Python's `re`, correct but several times slower.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["RULES", "RULES_ID", "Redaction", "Rule", "apply", "find", "is_key_file", "redact"]


def _entropy(value: str) -> float:
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_PLACEHOLDER = re.compile(
    r"(?i)^(?:<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|\$[A-Z_][A-Z0-9_]*|"
    r".*(?:example|sample|dummy|placeholder|changeme|change_me|your[_-]?|redacted|xxxx|"
    r"\*\*\*\*|fake|notreal|not[_-]a[_-]real|test[_-]?(?:key|token|secret|password)|"
    r"secret[_-]?here|insert|replace|todo|fixme|foobar|lorem|abcdef|123456|qwerty|0000).*)$"
)
_HEX_OR_UUID = re.compile(r"(?i)^(?:[0-9a-f]{7,}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$")


def looks_real(value: str, min_len: int = 8, min_entropy: float = 3.0) -> bool:
    """A value that is not a placeholder, a hash, a word or a reference, and is random enough."""
    if len(value) < min_len or _PLACEHOLDER.match(value) or _HEX_OR_UUID.match(value):
        return False
    if re.fullmatch(r"[A-Za-z]+(?:[-_. ][A-Za-z]+)*", value):  # words, an identifier
        return False
    classes = sum(
        1 for test in (str.islower, str.isupper, str.isdigit) if any(test(c) for c in value)
    ) + (1 if any(not c.isalnum() for c in value) else 0)
    if classes < 3 and not (classes == 2 and len(value) >= 16):
        return False
    if re.fullmatch(r"[\w.]+\([^)]*\)?|[\w.]+\[[^\]]*\]?|[\w-]*\.[\w.-]*", value):
        return False  # a call, a subscript, a dotted name or a file name
    return _entropy(value) >= min_entropy


def _real_token(value: str) -> bool:
    """A vendor token whose body is not an obvious dummy (all one character, 'xxxx', ...)."""
    body = value.split("_", 1)[-1] if "_" in value[:12] else value
    return len(set(body)) > 6 and not _PLACEHOLDER.match(value)


@dataclass(frozen=True)
class Rule:
    """One kind of credential: its name (the marker), a pattern, and a check of what it finds.

    Patterns use the syntax RE2 and Python share: no back-references, no look-around, flags
    only as scoped groups `(?i:...)`. A group named `secret` marks what is redacted (else the
    whole match); `strict` says whether the check also applies in tests and docs only.
    """

    name: str
    pattern: str
    check: Callable[[str], bool] = _real_token
    generic: bool = False  # a heuristic rule: demand looks_real() in tests and docs


_ASSIGN_NAMES = (
    r"(?:password|passwd|passphrase|pwd|secret|secret_key|client_secret|api_?key|apikey|"
    r"access_?key|auth_?token|access_?token|refresh_?token|token|private_?key|credentials?)"
)

_Q = r"(?:\"(?P<secret>[^\"\s]{8,200})\"|'(?P<secret2>[^'\s]{8,200})'|`(?P<secret3>[^`\s]{8,200})`)"

RULES: tuple[Rule, ...] = (
    Rule("private-key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
         r"[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
         check=lambda v: len(v) > 120 and "..." not in v),
    Rule("aws-access-key-id", r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b",
         check=lambda v: "EXAMPLE" not in v and len(set(v[4:])) > 6),
    Rule("aws-secret-access-key",
         r"(?i:aws_?secret_?(?:access_?)?key)[\"']?\s*[:=]\s*[\"']?"
         r"(?P<secret>[A-Za-z0-9/+=]{40})", check=lambda v: looks_real(v, 40, 4.0)),
    Rule("github-token", r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_\w{82}\b"),
    Rule("gitlab-token", r"\bgl(?:pat|dt|rt|ptt|cbt)-[A-Za-z0-9_-]{20,}\b"),
    Rule("slack-token", r"\bxox[abposr]-(?:[A-Za-z0-9]+-){1,4}[A-Za-z0-9]{8,}\b"),
    Rule("slack-webhook",
         r"https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]+/[A-Z0-9]+/[A-Za-z0-9]{16,}"),
    Rule("stripe-key", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{20,}\b"),
    Rule("google-api-key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    Rule("openai-key", r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}\b",
         check=lambda v: _real_token(v) and looks_real(v[3:], 20, 3.5)),
    Rule("npm-token", r"\bnpm_[A-Za-z0-9]{36}\b"),
    Rule("sendgrid-key", r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b"),
    Rule("jwt", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"),
    Rule("url-password",
         r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@\"'<>]{1,64}:"
         r"(?P<secret>[^\s:/@\"'<>]{3,128})@[\w.-]+",
         check=lambda v: not _PLACEHOLDER.match(v) and v.lower() not in
         {"password", "pass", "pwd", "secret", "token", "passwd"} and not v.startswith("$"),
         generic=True),
    Rule("secret-assignment",
         rf"(?i:{_ASSIGN_NAMES})[\w.-]{{0,30}}[\"']?\s*(?::=|=>|[:=])\s*{_Q}",
         check=looks_real, generic=True),
)  # fmt: skip

_ENV_KEY = re.compile(
    r"(?im)^\s*(?:export\s+)?(?P<key>[A-Z0-9_.-]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_?KEY|"
    r"ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH|DSN|DATABASE_URL)[A-Z0-9_.-]*)\s*=\s*"
    r"(?P<q>[\"']?)(?P<secret>[^\"'\s#][^\"'\n#]*?)(?P=q)\s*(?:#.*)?$"
)

_KEY_FILE_NAMES = frozenset(
    {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", ".htpasswd",
     ".pgpass", ".netrc", "_netrc"}
)  # fmt: skip
_KEY_FILE_SUFFIXES = (".p12", ".pfx", ".jks", ".keystore", ".ppk", ".gpg", ".asc", ".kdbx")


def is_key_file(path: str, text: str | None) -> bool:
    """A file that is nothing but key material: leave it out of the pack whole."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    if name in _KEY_FILE_NAMES or lower.endswith(_KEY_FILE_SUFFIXES):
        return True
    if lower.endswith((".pem", ".key", ".crt", ".cer", ".der")) and text is not None:
        return "PRIVATE KEY" in text
    return False


def _is_env_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == ".env" or (name.startswith(".env.") and not name.endswith(
        (".example", ".sample", ".template", ".dist", ".defaults")))  # fmt: skip


@dataclass(frozen=True)
class Redaction:
    """One redacted span of the original text."""

    rule: str
    start: int
    end: int


def _compile() -> tuple[Any, Any, list[tuple[Rule, int, list[int]]]]:
    """Join RULES into one pattern; return it and, per rule, its group and secret groups."""
    parts = []
    for i, rule in enumerate(RULES):
        pat = rule.pattern
        for name in ("secret3", "secret2", "secret"):
            pat = pat.replace(f"(?P<{name}>", f"(?P<s{i}_{name}>")
        parts.append(f"(?P<r{i}>{pat})")
    joined = "|".join(parts)
    try:
        import re2

        # The joined DFA outgrows RE2's default 8 MiB and would fall back to a slower
        # engine; 128 MiB is a ceiling (states are built lazily), not an allocation.
        options = re2.Options()
        options.max_mem = 128 << 20
        regex: Any = re2.compile(joined, options)
        prefilter: Any = re2.compile(joined.encode(), options)
    except ImportError:  # a platform without RE2 wheels: correct, just slower
        # ASCII classes, as RE2 has them, so the bytes prefilter never misses a match.
        regex = re.compile(joined, re.ASCII)
        prefilter = re.compile(joined.encode())
    index = regex.groupindex
    table = []
    for i, rule in enumerate(RULES):
        secret_groups = [index[f"s{i}_{n}"] for n in ("secret", "secret2", "secret3")
                         if f"s{i}_{n}" in index]  # fmt: skip
        table.append((rule, index[f"r{i}"], secret_groups))
    return regex, prefilter, table


_COMPILED: list[tuple[Any, Any, list[tuple[Rule, int, list[int]]]]] = []


def _patterns() -> tuple[Any, Any, list[tuple[Rule, int, list[int]]]]:
    """The joined pattern, compiled on first use (a warm pack takes scans from its cache)."""
    if not _COMPILED:
        _COMPILED.append(_compile())
    return _COMPILED[0]


# Names the rules' behaviour in caches: any change to this module changes the id.
RULES_ID = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def _match(m: Any) -> tuple[Rule, int] | None:
    """The rule a match belongs to, and the group that holds its secret."""
    for rule, group, secret_groups in _patterns()[2]:
        if m.start(group) >= 0:
            return rule, next((sg for sg in secret_groups if m.start(sg) >= 0), group)
    return None


def _spans(text: str, path: str, strict: bool) -> list[Redaction]:
    found: list[Redaction] = []
    regex = _patterns()[0]
    for m in regex.finditer(text):
        hit = _match(m)
        if hit is None:
            continue
        rule, g = hit
        value = m.group(g)
        if rule.generic:
            # `api_key = "sk_live_..."`: name the vendor's rule when the value is one of its.
            inner = regex.search(value)
            specific = _match(inner) if inner is not None else None
            if specific is not None and not specific[0].generic:
                rule = specific[0]
        if value and rule.check(value) and (not (strict and rule.generic) or looks_real(value)):
            found.append(Redaction(rule.name, m.start(g), m.end(g)))
    if _is_env_file(path):
        for m in _ENV_KEY.finditer(text):
            value = m.group("secret").strip()
            if value and not _PLACEHOLDER.match(value):
                found.append(Redaction("env-value", m.start("secret"), m.end("secret")))
    return found


def find(
    text: str, path: str = "", strict: bool = False, raw: bytes | None = None
) -> list[Redaction]:
    """The secrets in `text`, in order, without overlaps.

    `strict` (for tests and docs, where dummy credentials abound) also asks heuristic rules'
    findings to look random enough to be real. `raw`, the file's bytes when `text` is their
    plain UTF-8 decoding, lets one bytes pass rule out most files without touching the text.
    """
    if raw is not None and not _is_env_file(path) and _patterns()[1].search(raw) is None:
        return []
    spans = sorted(_spans(text, path, strict), key=lambda r: (r.start, -r.end))
    kept: list[Redaction] = []
    for r in spans:
        if not kept or r.start >= kept[-1].end:  # else inside one already kept
            kept.append(r)
    return kept


def apply(text: str, spans: list[Redaction]) -> str:
    """`text` with each span replaced by `[REDACTED:rule]`."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for r in spans:
        out.append(text[pos : r.start])
        out.append(f"[REDACTED:{r.rule}]")
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str, path: str = "", strict: bool = False) -> tuple[str, list[Redaction]]:
    """Replace each secret in `text` with `[REDACTED:rule]`; return the text and what went."""
    spans = find(text, path, strict)
    return apply(text, spans), spans
