"""Find credentials in file text and redact them in place, keeping the code around them.

The rules are data (`secret_rules.RULES`). An RE2 set of all of them tells, in one pass of
its DFA over a file's UTF-8 bytes, which rules match at all (linear time whatever the
input); only those then run, each on its own small program, and Python checks what they
find (entropy, placeholders, the name a value is given). Without RE2 every rule runs on
Python's `re`: correct, several times slower, and without RE2's linear-time guarantee.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, NamedTuple

from . import lazyre
from .secret_rules import (
    ENV_LINE,
    RULES,
    YAML_KEY_PARENT,
    Hit,
    Rule,
    env_verdict,
    file_kinds,
    placeholder,
)

__all__ = [
    "KNOWN_MIN",
    "RULES",
    "RULES_ID",
    "Candidate",
    "Redaction",
    "Rule",
    "SeenSecrets",
    "apply",
    "current_seen",
    "explain",
    "explain_notes",
    "find",
    "is_key_file",
    "key_file_detail",
    "redact",
    "redact_names",
    "redacted_values",
    "secret_names",
    "seen_secrets",
    "without_known",
]

_KEY_FILE_NAMES = frozenset(
    {
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        "id_ecdsa_sk",
        "id_ed25519_sk",
        ".htpasswd",
        ".pgpass",
        "pgpass.conf",
        ".netrc",
        "_netrc",
        ".git-credentials",
    }
)
_KEY_FILE_SUFFIXES = (".p12", ".pfx", ".jks", ".keystore", ".ppk", ".gpg", ".kdbx")
# Terraform's state: every resource's attributes in clear, generated passwords and keys too.
_STATE_SUFFIXES = (".tfstate", ".tfstate.backup")
# Certificates and PEM files: left out when they hold a private key.
_ARMOURED = (".pem", ".crt", ".cer", ".der")
# Files named for keys (`.key`, `.asc`): left out unless their armour shows they hold none
# (a PGP signature, a public key); a bare hex or base64 key has no armour at all.
_KEY_NAMED = (".key", ".asc")
_PEM_OPENING = lazyre.compile(r"\s*(?:-----BEGIN |Bag Attributes)")
_PRIVATE_BLOCK = lazyre.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_PEM_HEAD = 4096  # characters: the private key's block comes within them
_PUBLIC_ARMOUR = lazyre.compile(
    r"-----BEGIN (?:PGP SIGNATURE|PGP SIGNED MESSAGE|PGP PUBLIC KEY BLOCK|PUBLIC KEY|CERTIFICATE"
    r"|SSH2 PUBLIC KEY)"
)


# One line of an htpasswd or htdigest file: a user and a hash (`admin:$apr1$...`,
# `deploy:{SHA}...`), or a user, a realm and a hash.
_HTPASSWD_LINE = lazyre.compile(r"[^\s:#][^\s:]*:[^\s:]+(?::[^\s:]+)?")


def _htpasswd(name: str, text: str | None) -> bool:
    """A password file of Apache's or nginx's basic auth: `.htpasswd`, `users.htpasswd`, or
    a file named `htpasswd` (or `htpasswd.txt`) whose lines are all `user:hash` (one whose
    text is not at hand, as in a diff, is taken for one)."""
    if name.endswith((".htpasswd", ".htdigest")):
        return True
    if name not in ("htpasswd", "htdigest", "htpasswd.txt", "htdigest.txt"):
        return False  # (`htpasswd.c` is the tool's source)
    if text is None:
        return True
    lines = [line.strip() for line in text[:65536].splitlines()]
    entries = [line for line in lines if line and not line.startswith("#")]
    return bool(entries) and all(_HTPASSWD_LINE.fullmatch(line) for line in entries)


def is_key_file(path: str, text: str | None) -> bool:
    """A file that is nothing but key material or passwords: leave it out of the pack whole."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    if name in _KEY_FILE_NAMES or lower.endswith(_KEY_FILE_SUFFIXES + _STATE_SUFFIXES):
        return True
    if "ht" in lower and _htpasswd(lower, text):  # (a cheap test first: every path asks)
        return True
    if lower.endswith(_KEY_NAMED):
        return text is None or "PRIVATE KEY" in text or not _PUBLIC_ARMOUR.search(text[:4096])
    if lower.endswith(_ARMOURED):
        return text is not None and "PRIVATE KEY" in text
    # Whatever its name (`deploy_key`, `ssh_host_ed25519_key`), a file that opens with a
    # private key's block is key material, and so is one that opens with what tools write
    # before it (OpenSSL's `EC PARAMETERS` block, a PKCS#12 export's `Bag Attributes`).
    if text is None or not _PEM_OPENING.match(text, 0, 200):
        return False
    return _PRIVATE_BLOCK.search(text, 0, _PEM_HEAD) is not None


# What a key file holds, for the exclusion's detail; the rest hold private keys.
_KEY_FILE_DETAILS = {
    ".htpasswd": "password hashes",
    ".pgpass": "stored passwords",
    "pgpass.conf": "stored passwords",
    ".netrc": "stored passwords",
    "_netrc": "stored passwords",
    ".git-credentials": "stored passwords",
    ".kdbx": "password database",
}


def key_file_detail(path: str) -> str:
    """What a file `is_key_file` leaves out holds, in words for the manifest."""
    name = path.rsplit("/", 1)[-1]
    if "htpasswd" in name.lower() or "htdigest" in name.lower():
        return "password hashes"
    if name.lower().endswith(_STATE_SUFFIXES):
        return "infrastructure state, its secrets in clear"
    ext = name[name.rfind(".") :].lower() if "." in name[1:] else ""
    return _KEY_FILE_DETAILS.get(name) or _KEY_FILE_DETAILS.get(ext) or "private key material"


def _is_env_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == ".env" or (
        name.startswith(".env.")
        and not name.endswith((".example", ".sample", ".template", ".dist", ".defaults"))
    )


class Redaction(NamedTuple):
    """One redacted span of the original text."""

    rule: str
    start: int
    end: int


class Candidate(NamedTuple):
    """Something a rule matched, and whether it was redacted: `why` is "" when it was."""

    rule: str
    start: int
    end: int
    why: str
    line: int = 0


# A rule, its own pattern, its secret groups, its name group and its host group (-1: none).
_Entry = tuple[Rule, Any, list[int], int, int]
_Compiled = tuple["_Sets | None", Any, list[_Entry]]
_COMPILED: list[_Compiled] = []
_GROUP = lazyre.compile(r"\(\?P<(\w+)>")
# A bound of twenty or more on a repetition from zero or one, as the rules found by context
# write them for `re` (a token's format rules keep theirs: they are its length)
_BOUNDED = lazyre.compile(r"\{([01]),(?:[2-9]\d|\d{3,})\}(\??)")


def _for_re2(rule: Rule) -> str:
    """`rule`'s pattern as RE2 runs it best: a rule found by context, unbounded."""
    if not rule.generic:
        return rule.pattern
    return _BOUNDED.sub(lambda m: ("*" if m[1] == "0" else "+") + m[2], rule.pattern)


_BEFORE = 160  # bytes of a name's line kept before it: a declaration, the call a name is passed to
_NAME_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def _compile() -> _Compiled:
    """An RE2 set of all rules (which rules match a file, in one DFA pass) and each rule apart.

    Everything runs on UTF-8 bytes. The set's pass gives no positions, so it never needs
    the large program's slow submatch engine; the few rules it names then run on their own
    small programs. One pattern joining every rule with groups costs milliseconds a match.
    """
    patterns = [rule.pattern for rule in RULES]
    try:
        import re2

        compile_: Any = re2.compile
        # RE2 is linear whatever the pattern: the bounds that keep Python's `re` from
        # backtracking (`{0,80}`) only multiply its DFA's states (a cold scan of the
        # stdlib took 2.6x as long with them).
        patterns = [_for_re2(rule) for rule in RULES]
        rule_set: _Sets | None = _Sets(re2, patterns)
    except ImportError:  # a platform without RE2 wheels: every rule runs, on Python's re
        compile_, rule_set = re.compile, None
    entries: list[_Entry] = []
    for rule, pattern in zip(RULES, patterns, strict=True):
        own = compile_(pattern.encode())
        index = {k.decode() if isinstance(k, bytes) else k: v for k, v in own.groupindex.items()}
        secret = [index[n] for n in ("secret", "secret2", "secret3") if n in index]
        entries.append((rule, own, secret, index.get("name", -1), index.get("host", -1)))
    return rule_set, compile_(ENV_LINE.encode()), entries


class _Sets:
    """RE2 sets of the rules: one of those looked for in every file, one per kind of file
    for the rules of one syntax (`Rule.files`); `match` says which rules match a file."""

    def __init__(self, re2: Any, patterns: list[str]) -> None:
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, rule in enumerate(RULES):
            groups.setdefault(rule.files, []).append(i)
        self.sets: list[tuple[frozenset[str], Any, list[int]]] = []
        for kinds, members in groups.items():
            # The set's DFA outgrows RE2's default 8 MiB and would fail; 256 MiB is a
            # ceiling (states are built lazily), not an allocation.
            options = re2.Options()
            options.max_mem = 256 << 20
            rule_set = re2.Set.SearchSet(options)
            for i in members:
                rule_set.Add(_GROUP.sub("(?:", patterns[i]).encode())
            rule_set.Compile()
            self.sets.append((frozenset(kinds), rule_set, members))

    def match(self, data: bytes, path: str) -> list[int]:
        kinds = file_kinds(path)
        chosen = []
        for wanted, rule_set, members in self.sets:
            if not wanted or wanted & kinds:
                chosen += [members[i] for i in rule_set.Match(data) or ()]
        return sorted(chosen)


def _applicable(path: str) -> list[int]:
    """Without RE2: the rules looked for in a file at `path`, all run one by one."""
    kinds = file_kinds(path)
    return [i for i, rule in enumerate(RULES) if not rule.files or kinds & set(rule.files)]


def _patterns() -> _Compiled:
    """The patterns, compiled on first use (a warm pack takes scans from its cache)."""
    if not _COMPILED:
        _COMPILED.append(_compile())
    return _COMPILED[0]


# Names the rules' behaviour in caches: any change to the rules or this module changes the id.
RULES_ID = hashlib.blake2b(
    b"".join(
        Path(__file__).with_name(name).read_bytes()
        for name in ("secrets.py", "secret_rules.py", "secret_values.py")
    ),
    digest_size=8,
).hexdigest()


def _decode(b: bytes) -> str:
    try:
        return b.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:  # a span cut inside a character: cannot happen with these rules
        return b.decode("utf-8", "replace")


Span = tuple[int, int]


def _matches(pattern: Any, data: bytes) -> Iterator[list[Span]]:
    """Each match's group spans ((-1, -1) for a group that did not take part).

    With RE2 this calls the compiled program directly: the wrapper's match objects cost
    several microseconds each, which a file of a million candidate lines would feel.
    """
    low = getattr(pattern, "_regexp", None)
    if low is None or not hasattr(low, "Match"):
        groups = pattern.groups
        for m in pattern.finditer(data):
            yield [m.span(i) for i in range(groups + 1)]
        return
    import re2

    unanchored, pos, end = re2._Anchor.UNANCHORED, 0, len(data)
    while pos <= end:
        spans = low.Match(unanchored, data, pos, end)
        if spans[0][0] < 0:
            return
        yield spans
        pos = spans[0][1] if spans[0][1] > spans[0][0] else spans[0][1] + 1


def _verdict(
    data: bytes,
    entry: _Entry,
    spans: list[Span],
    strict: bool,
    memo: dict[Any, str],
    pointers: bool = False,
) -> tuple[int, str]:
    """The group redacted, and why it is not a secret ("" when it is)."""
    rule, _, secret_groups, name_group, host_group = entry
    g = next((sg for sg in secret_groups if spans[sg][0] >= 0), 0)
    raw = data[spans[g][0] : spans[g][1]]
    name = host = before = b""
    if name_group >= 0 and spans[name_group][0] >= 0:
        # The pattern starts a name at its secret word; the rest of the name lies before it.
        first = start = spans[name_group][0]
        while start > 0 and first - start < 64 and data[start - 1] in _NAME_CHARS:
            start -= 1
        name = data[start : spans[name_group][1]]
        # What declares the name (`var`, `let`) stands just before it on its line.
        line = data.rfind(b"\n", max(0, start - _BEFORE), start) + 1
        before = data[max(line, start - _BEFORE) : start]
    if host_group >= 0 and spans[host_group][0] >= 0:
        host = data[spans[host_group][0] : spans[host_group][1]]
    after = data[spans[g][1] + 1 : spans[g][1] + 9]  # (past the value's closing quote)
    # (by check, not by rule name: rules of one name judge their values apart)
    key = (rule.check, name, raw, host, before, after)
    if key not in memo:  # files repeat lines; a verdict depends on these alone
        hit = Hit(
            _decode(raw),
            _decode(name),
            strict,
            _decode(host),
            _decode(before),
            pointers,
            after=_decode(after),
        )
        memo[key] = rule.check(hit)
    return g, memo[key]


def _to_chars(data: bytes, text: str, found: list[Candidate]) -> list[Candidate]:
    """Byte offsets into `data` as offsets into `text` (one pass, however many candidates)."""
    if len(data) == len(text):
        return found
    offsets = sorted({o for c in found for o in (c.start, c.end)})
    chars: dict[int, int] = {}
    last = count = 0
    for o in offsets:
        count += len(_decode(data[last:o]))
        chars[o] = count
        last = o
    return [Candidate(c.rule, chars[c.start], chars[c.end], c.why) for c in found]


def _scan(
    text: str, path: str, strict: bool, raw: bytes | None = None, kept: bool = True
) -> list[Candidate]:
    """Candidates of every rule that matches; with `kept` False, only those to redact."""
    data = raw if raw is not None else text.encode("utf-8", "surrogatepass")
    rule_set, env, _ = _patterns()
    chosen = None if rule_set is None else rule_set.match(data, path)
    env_file = _is_env_file(path)
    if chosen == [] and not (env_file and env.search(data)):
        found: list[Candidate] = []
    elif (repeats := _repeats(data)) is None:
        found = _scan_bytes(data, path, strict, kept, set(), chosen=chosen)
    else:
        # Most lines repeat: scan each distinct line once and copy what it holds to every
        # copy, so that a file of a million identical lines costs what one line does. Key
        # blocks span lines and are looked for in the whole file.
        unique, starts, copies = repeats
        found = _scan_bytes(data, path, strict, kept, {"private-key"}, only=True)
        for c in _scan_bytes(unique, path, strict, kept, {"private-key"}):
            line = bisect.bisect_right(starts, c.start) - 1
            offset, length = c.start - starts[line], c.end - c.start
            found += [
                c._replace(start=at + offset, end=at + offset + length) for at in copies[line]
            ]
    if b"Secret" in data:
        if _K8S_KIND.search(data):
            found += _kubernetes_secret(data)
        if _K8S_JSON_KIND.search(data):
            found += _kubernetes_secret_json(data)
    if found and path.rpartition("/")[2] in _MANIFEST_MAPS:
        found = _dependency_specs(data, path, found)
    return _to_chars(data, text, found)


# The maps of a package manifest whose keys are package names and whose values say which
# version to install: `"next-auth": "^4.24.5-beta.1"` names a package that ends in `auth`.
_MANIFEST_MAPS = {
    "package.json": frozenset(
        {
            "dependencies",
            "devDependencies",
            "peerDependencies",
            "optionalDependencies",
            "overrides",
            "resolutions",
            "catalog",
        }
    ),
    "composer.json": frozenset({"require", "require-dev", "conflict", "replace", "provide"}),
}
_RANGE_PART = (
    r"(?:(?:[<>]=?|=|\^|~)[ \t]*)?v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2}"
    r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?(?:@[a-z]+)?"  # Composer's `@dev` flag
)
# (`*` is a part already: a second way to read it made `* * * ...` take exponential time)
_RANGE = rf"(?:{_RANGE_PART}|-)(?:(?:[ \t]+|[ \t]*(?:\|\|?|,)[ \t]*)(?:{_RANGE_PART}|-))*"
_PACKAGE = r"(?:@[\w.-]+/)?[\w.-]+(?:/[\w.-]+)?"
# A semver range, an npm alias (`npm:next-auth@^4`), a workspace or catalog reference, a
# local path, or a git or tarball URL that logs in as no one (a URL's password or token is
# a secret wherever it stands, and other rules judge it).
_SPEC = lazyre.compile(
    rf"(?:{_RANGE}|npm:{_PACKAGE}@(?:{_RANGE}|[\w.-]+)|workspace:(?:{_RANGE}|[\^~*])"
    r"|catalog:[\w.-]*|(?:file|link|portal|patch):[^\s@:]+(?:@[^\s]*)?"
    r"|(?:git\+)?(?:https?|ssh|git)://(?:git@)?[\w.-]+(?::\d+)?/[^\s@:]*(?:#[^\s]*)?"
    r"|git\+ssh://git@[\w.-]+[:/][^\s@]*(?:#[^\s]*)?"
    r"|(?:github|gitlab|bitbucket):[\w.-]+/[\w.-]+(?:#[^\s]*)?"
    r"|dev-[\w./-]+(?:#[0-9a-f]+)?|[A-Za-z0-9][A-Za-z0-9-]{0,38}/[\w.-]+#[\w./-]{1,100})"
)
_PACKAGE_NAME = lazyre.compile(_PACKAGE)


def _dependency_specs(data: bytes, path: str, found: list[Candidate]) -> list[Candidate]:
    """`found` with the version specs of a manifest's dependency maps kept, not redacted."""
    import json

    try:
        manifest = json.loads(data)
    except ValueError:
        return found
    if not isinstance(manifest, dict):
        return found
    maps = _MANIFEST_MAPS[path.rpartition("/")[2]]
    specs: set[tuple[str, str]] = set()

    def walk(deps: object) -> None:
        # `overrides` nests: a package's own dependencies' versions, under its name.
        if isinstance(deps, dict):
            for name, spec in deps.items():
                if isinstance(spec, str):
                    if _PACKAGE_NAME.fullmatch(name) and _SPEC.fullmatch(spec.strip()):
                        specs.add((name, spec))
                else:
                    walk(spec)

    for key, value in manifest.items():
        if key in maps:
            walk(value)
        elif key == "pnpm" and isinstance(value, dict):
            walk(value.get("overrides"))
    if not specs:
        return found
    out = []
    for c in found:
        if not c.why and c.rule == "secret-assignment":
            line = data.rfind(b"\n", 0, c.start) + 1
            m = _SPEC_KEY.search(data[max(line, c.start - _SPEC_KEY_BYTES) : c.start])
            value = _decode(data[c.start : c.end])
            if m is not None and (json.loads(m.group(1)), value) in specs:
                c = c._replace(why="a dependency's version in a package manifest")
        out.append(c)
    return out


_SPEC_KEY = lazyre.compile(rb'("(?:[^"\\]|\\.)*")\s*:\s*"$')
_SPEC_KEY_BYTES = 512  # a package's name and its colon stand just before its version


_REPEATS_MIN_LINES = 20_000


def _repeats(data: bytes) -> tuple[bytes, list[int], list[list[int]]] | None:
    """For a long file whose lines are mostly copies: its distinct lines joined, where each
    starts in that text, and where each one's copies start in the file; else None."""
    if data.count(b"\n", 0, _REPEATS_MIN_LINES * 200) < _REPEATS_MIN_LINES:
        return None
    lines = data.split(b"\n")
    index: dict[bytes, int] = {}
    for line in lines:
        if line not in index:
            index[line] = len(index)
            if len(index) * 4 > len(lines):
                return None
    copies: list[list[int]] = [[] for _ in index]
    pos = 0
    for line in lines:
        copies[index[line]].append(pos)
        pos += len(line) + 1
    starts, at = [], 0
    for line in index:
        starts.append(at)
        at += len(line) + 1
    return b"\n".join(index), starts, copies


# Files whose code takes a variable's address or reads through a pointer (`&passphrase`,
# `*token`): there such a value is a variable's name. (In a .properties or .ini file, or a
# compose file's environment, `password=&Dragon_Slayer` is the password itself.)
_POINTER_LANGUAGES = frozenset(
    {"go", "c", "h", "cc", "cpp", "cxx", "hh", "hpp", "hxx", "cu", "cuh", "rs", "zig", "m", "mm"}
    | {"swift"}
)


def _scan_bytes(
    data: bytes,
    path: str,
    strict: bool,
    kept: bool,
    rules: set[str],
    only: bool = False,
    chosen: list[int] | None = None,
) -> list[Candidate]:
    """Candidates in `data`; `rules` names rules to skip, or with `only` the rules to run;
    `chosen`, the rules the set pass found in `data`, when the caller has it."""
    rule_set, env, entries = _patterns()
    found: list[Candidate] = []
    memo: dict[Any, str] = {}
    if chosen is None:
        chosen = _applicable(path) if rule_set is None else rule_set.match(data, path)
    pointers = path.rpartition(".")[2].lower() in _POINTER_LANGUAGES
    for i in chosen:
        entry = entries[i]
        if (entry[0].name in rules) != only:
            continue
        read = 0  # where the last YAML block a rule read ends
        for spans in _matches(entry[1], data):
            if entry[0].items:
                if entry[0].items == "list":
                    picked = _list_items(data, *spans[entry[2][0]])
                elif entry[0].items == "section":
                    picked = _section_keys(data, spans[0][1])
                elif entry[0].items == "jwk":
                    picked = _jwk_members(data, *spans[0])
                elif spans[0][0] < read:
                    continue  # a parent nested in the block just read: its keys were judged
                else:
                    picked, read = _block_keys(data, *spans[0])
                g = entry[2][0] if entry[2] else 0
                for item in picked:
                    _, why = _verdict(
                        data, entry, [*spans[:g], item, *spans[g + 1 :]], strict, memo
                    )
                    if kept or not why:
                        found.append(Candidate(entry[0].name, item[0], item[1], why))
                continue
            g, why = _verdict(data, entry, spans, strict, memo, pointers)
            if kept or not why:
                found.append(Candidate(entry[0].name, spans[g][0], spans[g][1], why))
    if _is_env_file(path) and not only:
        for spans in _matches(env, data):
            (n0, n1), (start, v1) = spans[1], spans[2]
            value = data[start:v1].rstrip()
            if value[:1] in (b"'", b'"') and value.find(value[:1], 1) > 0:
                value = value[1 : value.find(value[:1], 1)]
                start += 1
            elif b" #" in value:
                value = value[: value.index(b" #")].rstrip()
            if value:
                key = ("env-value", data[n0:n1], value)
                if key not in memo:
                    memo[key] = env_verdict(_decode(data[n0:n1]), _decode(value))
                if kept or not memo[key]:
                    found.append(Candidate("env-value", start, start + len(value), memo[key]))
    return found


_LIST_STRING = lazyre.compile(rb"\"([^\"\\\n]{1,1024})\"|'([^'\\\n]{1,1024})'")
# A YAML item's mapping key: only a generic slot's value (`- key: ...`, `value: ...`) is
# the list's secret; `name:` or `expires:` beside it says something about it.
_LIST_KEY = lazyre.compile(rb"([\w.-]+)[ \t]*:(?:[ \t]+|$)")
_LIST_SLOTS = (b"key", b"value")


def _list_items(data: bytes, start: int, end: int) -> list[Span]:
    """The items of a list a rule found between `start` and `end`: the strings of a JSON or
    code array (one of plain strings: objects in it name their own fields), or the scalars
    of YAML's `- ` lines and their mappings' `key:` / `value:`."""
    body = data[start:end]
    if data[end : end + 1] == b"]":
        if b"{" in body:
            return []
        return [
            (start + m.start(i), start + m.end(i))
            for m in _LIST_STRING.finditer(body)
            for i in (1, 2)
            if m.start(i) >= 0
        ]
    items: list[Span] = []
    at = start
    margin = -1  # the items' indentation, from the first: a line left of it ends the list
    for line in body.split(b"\n"):
        begin, at = at, at + len(line) + 1
        rest = line.lstrip(b" \t")
        dash = rest[:2] in (b"- ", b"-\t")
        indent = len(line) - len(rest)
        if rest and margin < 0 and dash:
            margin = indent
        elif rest and margin >= 0 and (indent < margin or (indent == margin and not dash)):
            break  # a sibling key (`integrity:` after `api_keys:`): another list's items
        if dash:
            rest = rest[2:].lstrip(b" \t")
        if (key := _LIST_KEY.match(rest)) is not None:
            if key.group(1).lower() not in _LIST_SLOTS:
                continue
            rest = rest[key.end() :]
        elif not dash:
            continue
        if b" #" in rest:
            rest = rest[: rest.index(b" #")]
        rest = rest.rstrip()
        if rest[:1] in (b'"', b"'") and len(rest) > 1 and rest.endswith(rest[:1]):
            rest = rest[1:-1]
        if not rest or rest[:1] in b"|>&*{[#":
            continue
        offset = begin + line.rindex(rest)
        items.append((offset, offset + len(rest)))
    return items


_BLOCK_KEY = lazyre.compile(rb"[\"']?([\w.-]+)[\"']?[ \t]*:(?:[ \t]+|$)")


def _block_keys(data: bytes, start: int, end: int) -> tuple[list[Span], int]:
    """The values of `key:` in the YAML block whose parent's line (`jwt:`) runs from `start`
    to `end`, each given to a parent named for a key (`jwt:`, `auth:`, `oauth:`), nested or
    beside other keys; and where the block ends (its first line no deeper than the parent's,
    blank lines and comments aside). The indentation says whose child each key is."""
    head = data[start:end]
    stack = [(len(head) - len(head.lstrip(b" \t")), head.strip(b" \t\"':\r"))]
    scalar = -1  # the indentation of a `|` or `>` value's key: its deeper lines are text
    items: list[Span] = []
    at = data.find(b"\n", end)
    while at >= 0:
        begin = at + 1
        at = data.find(b"\n", begin)
        line = data[begin : at if at >= 0 else len(data)]
        rest = line.lstrip(b" \t").rstrip(b"\r")
        indent = len(line) - len(line.lstrip(b" \t"))
        if not rest or rest[:1] == b"#" or (scalar >= 0 and indent > scalar):
            continue
        if indent <= stack[0][0]:
            return items, begin
        scalar = -1
        if (key := _BLOCK_KEY.match(rest)) is None:
            continue
        while stack[-1][0] >= indent:
            stack.pop()
        value = rest[key.end() :]
        if b" #" in value:
            value = value[: value.index(b" #")]
        value = value.rstrip()
        if not value:  # a mapping opens: its keys are its children
            stack.append((indent, key.group(1)))
            continue
        if value[:1] in b"|>":
            scalar = indent
            continue
        parent = _decode(stack[-1][1])
        if key.group(1).lower() != b"key" or not YAML_KEY_PARENT.fullmatch(parent):
            continue
        if value[:1] in (b'"', b"'") and len(value) > 1 and value.endswith(value[:1]):
            value = value[1:-1]
        if not value or value[:1] in b"&*{[":
            continue
        offset = begin + line.index(value, indent + key.end())
        items.append((offset, offset + len(value)))
    return items, len(data)


# A JSON Web Key's private members (RFC 7517/7518: RSA's, EC's and OKP's `d`, a symmetric
# key's `k`), quoted as JSON writes them or bare as a JavaScript object may.
_JWK_PRIVATE = lazyre.compile(
    rb"(?:[\"']|\b)(?:d|p|q|dp|dq|qi|k)(?:[\"']|\b)[ \t]*:[ \t]*[\"']([A-Za-z0-9_-]+)[\"']"
)
_JWK_REACH = 16_384  # how far from its `kty` a key's object may open or close


def _jwk_members(data: bytes, start: int, end: int) -> list[Span]:
    """The values of the private members of the JSON Web Key whose `kty` member runs from
    `start` to `end`: in its object, from the `{` before to the `}` after (a key's object
    holds none of its own)."""
    opening = data.rfind(b"{", max(0, start - _JWK_REACH), start)
    closing = data.find(b"}", end, end + _JWK_REACH)
    if opening < 0 or closing < 0 or data.find(b"}", opening, start) >= 0:
        return []
    return [(m.start(1), m.end(1)) for m in _JWK_PRIVATE.finditer(data, opening, closing)]


_SECTION_KEY = lazyre.compile(rb"[ \t]*[\"']?key[\"']?[ \t]*[=:][ \t]*", re.IGNORECASE)


def _section_keys(data: bytes, end: int) -> list[Span]:
    """The values of `key = ...` (INI's `key: ...` too) in the TOML or INI section whose
    header (`[jwt]`) ends at `end`, up to the next header."""
    items: list[Span] = []
    at = data.find(b"\n", end)
    while at >= 0:
        begin = at + 1
        at = data.find(b"\n", begin)
        line = data[begin : at if at >= 0 else len(data)].rstrip(b"\r")
        if line.lstrip(b" \t")[:1] == b"[":
            break
        if (key := _SECTION_KEY.match(line)) is None:
            continue
        value = line[key.end() :]
        if value[:1] in (b'"', b"'"):
            close = value.find(value[:1], 1)
            if close < 0:
                continue
            start, value = key.end() + 1, value[1:close]
        else:
            start = key.end()
            for mark in (b" #", b" ;"):
                value = value.partition(mark)[0]
            value = value.rstrip()
        if value and value[:1] not in b"{[":
            items.append((begin + start, begin + start + len(value)))
    return items


_K8S_BLOCK = lazyre.compile(rb"^([ \t]*)(?:data|stringData):[ \t]*$")
# A document's `kind: Secret` line, quoted or with a comment after it too.
_K8S_KIND = lazyre.compile(rb"(?m)^kind:[ \t]*[\"']?Secret[\"']?[ \t]*(?:#[^\n]*)?\r?$")


_K8S_ITEM = lazyre.compile(rb"([ \t]+)[\w.-]+:[ \t]*")


# The same manifest in JSON (`kubectl get secret -o json`): every string of its `data` and
# `stringData` objects.
_K8S_JSON_KIND = lazyre.compile(rb'"kind"\s*:\s*"Secret"')
_K8S_JSON_BLOCK = lazyre.compile(rb'"(?:data|stringData)"\s*:\s*\{')
_K8S_JSON_ITEM = lazyre.compile(rb'\s*"(?:[^"\\\n]|\\.)*"\s*:\s*"((?:[^"\\\n]|\\.)*)"\s*,?')


def is_secret_manifest(text: str) -> bool:
    """Whether `text` holds a Kubernetes Secret (YAML or JSON): its diff hunks cannot tell
    which lines are its values, whose block header they may not show."""
    if "Secret" not in text:
        return False
    data = text.encode("utf-8", "replace")
    return _K8S_KIND.search(data) is not None or _K8S_JSON_KIND.search(data) is not None


def _kubernetes_secret_json(data: bytes) -> list[Candidate]:
    found: list[Candidate] = []
    for block in _K8S_JSON_BLOCK.finditer(data):
        pos = block.end()
        while (item := _K8S_JSON_ITEM.match(data, pos)) is not None:
            start, end = item.span(1)
            if end > start:
                found.append(
                    Candidate(
                        "kubernetes-secret", start, end, placeholder(_decode(data[start:end]))
                    )
                )
            pos = item.end()
    return found


def _kubernetes_secret(data: bytes) -> list[Candidate]:
    """Every value under `data:` / `stringData:` in a Kubernetes Secret manifest (YAML),
    whatever its key is called (`tls.key`, `config.json`): a Secret holds nothing else."""
    found: list[Candidate] = []
    block: int | None = None  # the indentation of the open `data:` key
    pos = 0
    lines = data.split(b"\n")
    secret_doc = []  # per line: does its YAML document declare `kind: Secret`?
    doc: list[int] = []
    for i, line in enumerate([*lines, b"---"]):
        if line.startswith(b"---"):
            is_secret = any(_K8S_KIND.match(lines[j].rstrip()) for j in doc)
            secret_doc += [is_secret] * len(doc) + ([False] if i < len(lines) else [])
            doc = []
        else:
            doc.append(i)
    for i, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        if not secret_doc[i]:
            block = None
            continue
        if len(line) > 4096:  # a Secret's values are short; a long line is not one
            block = None
            continue
        if (m := _K8S_BLOCK.match(line)) is not None:
            block = len(m.group(1))
            continue
        item = _K8S_ITEM.match(line) if block is not None else None
        if item is None or len(item.group(1)) <= (block or 0):
            block = None if line.strip() else block
            continue
        raw = line[item.end() :].rstrip()
        at = item.end()
        if raw[:1] in (b'"', b"'") and raw.endswith(raw[:1]) and len(raw) > 1:
            raw, at = raw[1:-1], at + 1
        if raw and not raw.startswith((b"#", b"|", b">")):
            value = _decode(raw)
            found.append(
                Candidate(
                    "kubernetes-secret", start + at, start + at + len(raw), placeholder(value)
                )
            )
    return found


def _resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Redacted spans win over kept ones; of overlapping redactions the first, longest stays."""
    # Rules run apart, so a vendor's token and `name = token` both find the same value: the
    # vendor's name is the one shown.
    generic = {r.name for r in RULES if r.generic} | {"env-value"}
    spans = sorted(
        (c for c in candidates if not c.why), key=lambda c: (c.start, -c.end, c.rule in generic)
    )
    kept: list[Candidate] = []
    for c in spans:
        if not kept or c.start >= kept[-1].end:
            kept.append(c)
    return kept


def find(
    text: str, path: str = "", strict: bool = False, raw: bytes | None = None
) -> list[Redaction]:
    """The secrets in `text`, in order, without overlaps.

    `strict` (for tests and docs, where dummy credentials abound) asks heuristic rules'
    findings to look random enough to be real. `raw` is `text` encoded as UTF-8 (with
    surrogatepass), when the caller has it already.
    """
    found = _resolve(_scan(text, path, strict, raw, kept=False))
    return [Redaction(c.rule, c.start, c.end) for c in found]


def explain(text: str, path: str = "", strict: bool = False) -> list[Candidate]:
    """Every candidate the rules matched, redacted (`why` "") or kept (with the reason)."""
    candidates = _scan(text, path, strict)
    chosen = {(c.start, c.end) for c in _resolve(candidates)}
    out = []
    for c in sorted(candidates, key=lambda c: (c.start, c.end)):
        if c.why or (c.start, c.end) in chosen:
            line = text.count("\n", 0, c.start) + 1
            out.append(Candidate(c.rule, c.start, c.end, c.why, line))
            chosen.discard((c.start, c.end))
    return out


def explain_notes(text: str, path: str = "", strict: bool = False) -> list[dict[str, Any]]:
    """`explain` as the manifest lists it: line, rule, action, reason; never the value."""
    return [
        {
            "line": c.line,
            "rule": c.rule,
            "action": "kept" if c.why else "redacted",
            "why": c.why or "matches the rule and its checks",
            "chars": c.end - c.start,
        }
        for c in explain(text, path, strict)
    ]


def apply(text: str, spans: list[Redaction], diff: bool = False) -> str:
    """`text` with each span replaced by `[REDACTED:rule]`, and the line breaks it held: a
    private key's block becomes a line that says so and blank lines, so every line after it
    keeps its number (a finding on line 40 is on line 40 of the file). In a `diff`, each
    line the span reached keeps its `+`, `-` or ` ` too."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for r in spans:
        out.append(text[pos : r.start])
        out.append(f"[REDACTED:{r.rule}]")
        lines = text[r.start : r.end].split("\n")
        for k, line in enumerate(lines[1:], 1):
            # (a `\r` before the break only when the span holds it)
            out.append("\r\n" if lines[k - 1].endswith("\r") else "\n")
            if diff and k < len(lines) - 1 and line.startswith(("@@", "\\")):
                out.append(line)  # a hunk's header, git's "\ No newline": kept whole
            elif diff and line[:1] in ("+", "-", " "):
                out.append(line[0])  # the line's mark (none on a blank line git left bare)
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str, path: str = "", strict: bool = False) -> tuple[str, list[Redaction]]:
    """Replace each secret in `text` with `[REDACTED:rule]`; return the text and what went."""
    spans = find(text, path, strict)
    return apply(text, spans), spans


# What a credential in a line needs: a run of token characters (letters and digits), a
# URL's login, or a secret's name given a value. Most lines a note quotes have none ("Code
# generated by protoc-gen-go. DO NOT EDIT."), and a warm pack then builds no rule at all.
_MAY_HOLD = lazyre.compile(
    r"(?<![\w+-])(?=[\w+-]*\d)(?=[\w+-]*[A-Za-z])[\w+-]{20,}"
    r"|://[^\s/]*@|(?i:pass|secret|token|key)\w*\s*[:=]"
)


def scrub_quote(line: str, path: str) -> str:
    """A short line quoted from the file at `path` (a generated marker, a copy's note), its
    credentials redacted; scanned only when it could hold one."""
    return redact(line, path)[0] if _MAY_HOLD.search(line) else line


def redact_names(text: str) -> str:
    """`text` (paths, or lines naming them) with each provider's credential redacted.

    A name is not a file's text: only a vendor's token, whose format no ordinary name has
    (`ghp_` and 36 characters), says a path holds one. The generic rules (a secret's name
    and a value) would read `password=` in a folder's name as a leak. Over 153,557 paths of
    124 repositories, nothing but a planted token is found.
    """
    generic = {r.name for r in RULES if r.generic}
    found = [c for c in _scan(text, "", False, kept=False) if c.rule not in generic]
    return apply(text, [Redaction(c.rule, c.start, c.end) for c in _resolve(found)])


def secret_names(paths: list[str]) -> dict[str, str]:
    """The paths that hold a provider's credential, each with it redacted (one scan; a NUL,
    which no path holds, parts them)."""
    joined = "\0".join(paths)
    redacted = redact_names(joined)
    if redacted == joined:
        return {}
    return {
        path: named
        for path, named in zip(paths, redacted.split("\0"), strict=True)
        if named != path
    }


# -- values seen redacted -----------------------------------------------------------------

KNOWN_MIN = 6  # characters: a shorter value redacted once is looked for nowhere else
_KNOWN_MAX = 500


_KNOWN_MOST = 256  # values remembered at most: past that, a fixture corpus, not a project's
# Lines of keys' blocks remembered at most (a diff that edits lines inside a block shows
# neither its BEGIN nor its END line): apart from the values, which they must not crowd out.
_KNOWN_LINES = 1024
_KNOWN_RE2_MEMORY = 128 << 20  # bytes RE2 may take for the known values' automaton
_KEY_LINE = lazyre.compile(r"[A-Za-z0-9+/=_-]{16,}")


def _standalone(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` stands alone: no word character runs on into it from
    either side (`hello123` is no part of `hello1234` or `Othello123x`)."""
    before = start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")
    after = end < len(text) and (text[end].isalnum() or text[end] == "_")
    starts_word = text[start].isalnum() or text[start] == "_"
    ends_word = text[end - 1].isalnum() or text[end - 1] == "_"
    return not (before and starts_word) and not (after and ends_word)


class SeenSecrets:
    """The values one pack's scan redacted, in memory only: each is redacted wherever else
    the pack shows it (a test that asserts `application.yml`'s password, a README that
    quotes a key), and in a review's answer."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self.lines: set[str] = set()  # the key material of values over lines, line by line
        self._pattern: Any = None
        self._fallback: Any = None
        self._alternation = ""
        self.scanned: list[Any] = []  # the files scanned so far (`PackedFile`s)
        self.stale = False  # values came that the files scanned before were not searched for

    def add(self, values: Iterator[str] | list[str]) -> bool:
        """Remember `values` (up to `_KNOWN_MOST`), and of a value over lines (a key's
        block) each line's key material (up to `_KNOWN_LINES`, so that a few keys do not
        crowd out the passwords); whether any was new."""
        new: set[str] = set()
        lines: set[str] = set()
        for v in values:
            if "\n" in v:
                lines.update(m.group(0) for m in _KEY_LINE.finditer(v))
            elif KNOWN_MIN <= len(v) <= _KNOWN_MAX:
                new.add(v)
        new -= self.values
        lines -= self.lines
        took = False
        if new and len(self.values) < _KNOWN_MOST:
            self.values |= set(sorted(new)[: _KNOWN_MOST - len(self.values)])
            took = True
        if lines and len(self.lines) < _KNOWN_LINES:
            self.lines |= set(sorted(lines)[: _KNOWN_LINES - len(self.lines)])
            took = True
        if took:
            self._pattern = self._fallback = None
            self.stale = bool(self.scanned)
        return took

    def spans(self, text: str) -> list[Redaction]:
        """Where `text` holds one of the values, standing alone (longest first where two
        start together)."""
        if not (self.values or self.lines):
            return []
        if self._pattern is None:  # (made once per set of values, not once per file)
            every = sorted(self.values | self.lines, key=len, reverse=True)
            self._alternation = "|".join(map(re.escape, every))
            try:  # (RE2: one pass whatever the number of values)
                import re2

                options = re2.Options()
                # (a thousand key lines make a large automaton: room for it, and should
                # it still not fit, RE2's slower engine without a word on stderr)
                options.max_mem = _KNOWN_RE2_MEMORY
                options.log_errors = False
                self._pattern = re2.compile(self._alternation, options)
            except ImportError:
                self._pattern = re.compile(self._alternation)
        try:
            found = list(self._pattern.finditer(text))
        except UnicodeEncodeError:  # (RE2 takes UTF-8: a lone surrogate is none)
            self._fallback = self._fallback or re.compile(self._alternation)
            found = list(self._fallback.finditer(text))
        return [
            Redaction("known-secret", m.start(), m.end())
            for m in found
            if _standalone(text, m.start(), m.end())
        ]


_SEEN: ContextVar[SeenSecrets | None] = ContextVar("repoview_seen_secrets", default=None)


@contextmanager
def seen_secrets() -> Iterator[SeenSecrets]:
    """Within it (one pack's making), what `redact_files` and a diff's scrub redact is
    remembered and redacted wherever else the pack shows it."""
    token = _SEEN.set(SeenSecrets())
    try:
        seen = _SEEN.get()
        assert seen is not None
        yield seen
    finally:
        _SEEN.reset(token)


def current_seen() -> SeenSecrets | None:
    return _SEEN.get()


def redacted_values(pack: Any) -> list[str]:
    """The values a pack's scan redacted (in its files and its diff), longest first."""
    values = {v for f in (*pack.files, *pack.delta, *pack.at_head) for v in f.redacted_values}
    values.update(pack.secret_values)
    return sorted((v for v in values if len(v) >= KNOWN_MIN), key=len, reverse=True)


def without_known(text: str, known: Iterable[str]) -> tuple[str, set[str]]:
    """`text` with each of the `known` values (longest first) redacted where it stands
    alone; the ones it held."""
    found = set()
    for value in known:
        if value not in text:
            continue
        spans = [
            Redaction("known-secret", m.start(), m.end())
            for m in re.finditer(re.escape(value), text)
            if _standalone(text, m.start(), m.end())
        ]
        if spans:
            found.add(value)
            text = apply(text, spans)
    return text, found
