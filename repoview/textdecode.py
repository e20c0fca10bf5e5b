"""Bytes to text: BOMs, binary detection by content, invalid UTF-8, newline normalisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import lazyre

__all__ = ["DECODE_ID", "Decoded", "blob_digest", "decode", "digest", "fact_of", "git_blob_id"]

# Names this module's behaviour in caches keyed by file bytes: any change changes the id.
DECODE_ID = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).digest()

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_LFS = b"version https://git-lfs.github.com/spec/v1"
_SNIFF = 8000  # git's own window for its binary heuristic
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
# The encoding a file names in a comment on one of its first two lines (PEP 263; Emacs's
# `-*- coding: koi8-r -*-` in any language's comment)...
_CODING = lazyre.compile(
    rb"(?:[^\n]*\n)?[ \t\f]*(?:#|//|/\*|--|;|%|\"|\(\*|<!--|\.\.|dnl\b)"
    rb"[^\n]*?coding[:=][ \t]*([-\w.]+)"
)
# ...or in a statement of its own near its top: Vim's `scriptencoding`, a gettext catalog's
# header, an XML declaration, an HTML page's `<meta charset>`.
_DECLARED = lazyre.compile(
    rb"^[ \t]*scripte(?:ncoding)?[ \t]+([-\w.]+)"
    rb'|^"Content-Type: text/plain; charset=([-\w.]+)'
    rb"|^<\?xml[^>\n]*encoding=[\"']([-\w.]+)"
    rb"|<meta[^>\n]*charset=[\"']?([-\w.]+)",
    re.M | re.I,
)
_DECLARED_HEAD = 4096
# Names Python's codecs do not know, for what they do
_CODEC_ALIASES = {b"gb936": b"gbk", b"euc-cn": b"gb2312", b"x-sjis": b"shift_jis"}
# Labels browsers read as Windows-1252 (WHATWG): a page or catalog that says Latin-1 and holds
# curly quotes means Windows-1252, which reads every Latin-1 letter the same.
_AS_WINDOWS_1252 = frozenset(
    {b"iso-8859-1", b"iso8859-1", b"latin-1", b"latin1", b"l1", b"ascii", b"us-ascii"}
)
# An Emacs coding name's line-end suffix (`koi8-r-unix`): the encoding is the name before it.
_EOL_SUFFIX = lazyre.compile(rb"-(?:unix|dos|mac)$", re.I)
# Printable ASCII, and backslash escapes that an escape codec would read apart.
_PRINTABLE = bytes(b for b in range(32, 127) if b != 0x5C) + b"\t\n\\n\\u0041"
_NOT_LETTERS = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_CONTROL_CHARS = lazyre.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def digest(data: bytes) -> bytes:
    """Names file content in caches (salted: a change to decoding changes every name).

    hashlib releases the GIL on large inputs, so readers on threads can call this.
    """
    return hashlib.blake2b(data, digest_size=16, salt=DECODE_ID).digest()


def blob_digest(oid: str, size: int) -> bytes:
    """Names file content by the id git gave its blob, without reading it twice.

    Salted like `digest` and kept apart from its names (`person`), so the two never collide.
    The size guards against a work-tree file that a checkout filter made differ from its blob.
    """
    h = hashlib.blake2b(digest_size=16, salt=DECODE_ID, person=b"git-blob")
    h.update(b"%s:%d" % (oid.encode("ascii"), size))
    return h.digest()


def git_blob_id(data: bytes, object_hash: str = "sha1") -> str:
    """The id git gives a blob of these bytes (`git hash-object`), in hex."""
    h = hashlib.new(object_hash, b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest()


@dataclass
class Decoded:
    """The text of a file, or None when it is binary; `note` says what decoding had to do."""

    text: str | None
    note: str = ""
    lfs: bool = False
    controls: bool = False  # holds characters XML 1.0 cannot carry (C0 controls, U+FFFE/F)
    lines: int = -1  # lines of `text`, when known without counting
    generated: bool | None = None  # whether a generated-file marker opens it, when known


def decode(data: bytes, fact: str | None = None) -> Decoded:
    """Decode file bytes the way a reader would expect, never failing.

    `fact` is what `fact_of` said about these very bytes before (from the cache): they are
    plain UTF-8 with nothing to change, so only the decoding itself is left to do.
    """
    if fact is not None:
        try:
            has_controls, lines, generated = fact.split(",")
            return Decoded(
                data.decode("utf-8"),
                controls=has_controls == "1",
                lines=int(lines),
                generated=generated == "1",
            )
        except ValueError:  # not a fact about these bytes after all: decode them afresh
            return decode(data)
    if data.startswith(_LFS) and len(data) < 1024:
        return Decoded(None, "Git LFS pointer (content not in the repository)", lfs=True)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec.removesuffix("-sig"))
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(codec.removesuffix("-sig"), "replace")
                note = f"{codec} with invalid sequences replaced"
            else:
                note = "" if codec == "utf-8-sig" else f"decoded as {codec}"
            controls = _CONTROL_CHARS.search(text) is not None
            return Decoded(_newlines(text), note, controls=controls)
    head = data[:_SNIFF]
    if b"\0" in head:
        return Decoded(None, "binary content")
    if data.isascii():
        # Most source is ASCII: one C pass says so, and then no UTF-8 checks, no U+FFFE/F
        # searches (3 of decoding's 10 ms per 3 MB on the stdlib corpus).
        text = data.decode("ascii")
        controls = bool(data.translate(None, _NOT_CONTROL))
        return Decoded(_newlines(text) if b"\r" in data else text, "", controls=controls)
    try:
        text = data.decode("utf-8")
        note = ""
    except UnicodeDecodeError:
        text = data.decode("utf-8", "replace")
        legacy = _legacy_text(data, text)
        if legacy is not None:
            return legacy
        bad = text.count("\ufffd")
        if bad * 10 > len(text) and len(text) > 32:
            return Decoded(None, "binary content (not UTF-8, nor in an encoding it names)")
        note = f"invalid UTF-8: {bad} character(s) replaced with U+FFFD"
    # One pass in C over the bytes: cheaper than a regular expression over the text.
    controls = (
        bool(data.translate(None, _NOT_CONTROL))
        or b"\xef\xbf\xbe" in data
        or (b"\xef\xbf\xbf" in data)
    )
    return Decoded(_newlines(text), note, controls=controls)


def _legacy_text(data: bytes, replaced: str) -> Decoded | None:
    """The text of a file in a single-byte legacy encoding (Latin-1, Windows-1252), or None.

    It is one when no non-ASCII byte starts a valid UTF-8 sequence, it holds no control
    bytes and most of it is ASCII: a reader then sees `café` where U+FFFD would show `caf?`.
    A file mixing valid UTF-8 with a stray byte stays UTF-8 (as Windows-1252 every valid
    character would be garbled).
    """
    found = _CODING.match(data) or _DECLARED.search(data, 0, _DECLARED_HEAD)
    word = next((g for g in found.groups() if g), b"") if found is not None else b""
    word = _EOL_SUFFIX.sub(b"", word).lower()
    word = b"cp1252" if word in _AS_WINDOWS_1252 else _CODEC_ALIASES.get(word, word)
    name = word.decode("ascii")
    if name and _ascii_compatible(name):  # a file's own word for its encoding
        try:
            text = _newlines(data.decode(name))
        except UnicodeError:
            pass  # the file is not in it either: judge the bytes
        else:
            controls = _CONTROL_CHARS.search(text) is not None
            return Decoded(text, f"not UTF-8: decoded as {name}", controls=controls)
    non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore"))
    if (
        non_ascii != replaced.count("\ufffd")
        # Letters mostly ASCII, as in a Western language (under a third of them accented):
        # Greek or Cyrillic would read as Windows-1252 gibberish, so it stays as it was.
        or non_ascii * 3 > non_ascii + len(data.translate(None, _NOT_LETTERS))
        or data.translate(None, _NOT_CONTROL)
    ):
        return None
    try:
        text, codec = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined
        text, codec = data.decode("latin-1"), "Latin-1"
    return Decoded(_newlines(text), f"not UTF-8: decoded as {codec}")


def _ascii_compatible(name: str) -> bool:
    """Whether the codec `name` reads printable ASCII as ASCII (not UTF-16, not an escape
    codec rewriting backslashes, not one Python lacks): a cookie naming one is not trusted."""
    try:
        return _PRINTABLE.decode(name) == _PRINTABLE.decode("ascii")
    except (LookupError, UnicodeError, TypeError, ValueError):
        return False


def fact_of(data: bytes, decoded: Decoded, generated: bool) -> str | None:
    """What `decode` can take instead of checking `data` again (its controls, its lines, and
    `generated`, whether a generated-file marker opens it); None unless the text is the
    bytes as plain UTF-8 (no BOM, no carriage return, nothing replaced).

    Saves a warm pack a pass over every file for control characters and one for lines.
    """
    text = decoded.text
    if text is None or decoded.note or data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
        return None
    lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    return f"{int(decoded.controls)},{lines},{int(generated)}"


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
