"""The plain data a pack is made of, shared by every stage after discovery."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from . import lazyre

__all__ = ["EXCLUDE_REASONS", "MODES", "ExcludeReason", "Excluded", "Mode", "Pack", "PackedFile"]

# How much of a file the pack shows: its text, an outline, one line per definition, its path.
Mode = Literal["full", "compressed", "signatures", "listed"]
MODES: tuple[Mode, ...] = get_args(Mode)
# Why the pack left a file out: the manifest's `excluded[].reason` (DESIGN.md).
ExcludeReason = Literal[
    "default",
    "vendored",
    "generated",
    "repoviewignore",
    "pattern",
    "binary",
    "too-large",
    "secret",
    "unreadable",
]
EXCLUDE_REASONS: tuple[ExcludeReason, ...] = get_args(ExcludeReason)


@dataclass
class PackedFile:
    """One file of the pack: what it is, and the text the pack carries for it."""

    path: str
    language: str
    role: str
    size: int  # bytes in the file
    text: str  # the file's text as kept (newlines normalised, secrets redacted)
    mode: str = "full"
    tokens: int = 0  # tokens of the text the pack carries for this file
    redactions: int = 0
    note: str = ""
    controls: bool = False  # the text holds characters XML 1.0 cannot carry
    text_id: bytes = b""  # names `text` exactly (digest of the file plus what changed it)
    imports: list[str] = field(default_factory=list)
    imported_by: list[str] = field(default_factory=list)
    # Modules whose definitions it takes through a package's re-exports (Python's `from pkg
    # import Graph`, where `pkg/__init__.py` has `from .graph import Graph`): ranking only.
    reaches: list[str] = field(default_factory=list)
    # What the header names: importers that are code, not tests or docs (a new test must not
    # change the header of the module it tests, early in the pack).
    used_by: list[str] = field(default_factory=list)
    lines: int = -1  # lines of the file itself; computed from `text` when not given
    full_text: str = ""  # the whole (redacted) text; `text` is what the current mode carries
    full_id: bytes = b""  # names `full_text` as `text_id` names `text`
    digest: bytes = b""  # the file's bytes, hashed: names its content before any change
    scanned: bool = False  # secrets already looked for (and redacted) in full_text
    carrier: bool = True  # has text to carry (symlinks, submodules, LFS pointers do not)
    secret_notes: list[dict[str, Any]] | None = None  # with --explain-secrets: candidates
    # The values its scan redacted, held in memory only (never written): an answer that
    # quotes one (seen unredacted in another file, a test asserting it) is redacted too.
    redacted_values: list[str] = field(default_factory=list, repr=False)
    _compressed: str | None = field(default=None, repr=False)
    _signatures: str | None = field(default=None, repr=False)
    _numbers: tuple[int, int] | None = field(default=None, repr=False)
    whole_estimate: int = field(default=-1, repr=False)  # `render.tree.whole_size`, once made

    def __post_init__(self) -> None:
        if self.lines < 0:
            text = self.text
            self.lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        if not self.full_text:
            self.full_text = self.text

    def compressed_text(self) -> str:
        """The outline of the full text (computed once)."""
        if self._compressed is None:
            from .compress import compress

            self._compressed = compress(self.full_text, self.language)
        return self._compressed

    def signatures_text(self) -> str:
        """One line per definition of the full text (computed once)."""
        if self._signatures is None:
            from .compress import signatures

            self._signatures = signatures(self.full_text, self.language)
        return self._signatures

    def numbers(self) -> tuple[int, int]:
        """The digits and the hexadecimal literals (`0x...`) in the full text (counted once)."""
        if self._numbers is None:
            self._numbers = count_numbers(self.full_text)
        return self._numbers

    def set_numbers(self, counted: tuple[int, int]) -> None:
        """`numbers()` of the current full text, counted earlier (from the cache)."""
        self._numbers = counted
        self.whole_estimate = -1

    def has_outline(self) -> bool:
        return self._compressed is not None

    def has_signatures(self) -> bool:
        return self._signatures is not None

    def set_signatures(self, text: str) -> None:
        """Signatures of the current full text, made earlier (from the cache)."""
        self._signatures = text

    def set_outline(self, text: str) -> None:
        """An outline of the current full text, made earlier (from the cache)."""
        self._compressed = text

    def reset_outline(self) -> None:
        """Forget the outline: the full text changed (it was redacted)."""
        self._compressed = None
        self._signatures = None
        self._numbers = None
        self.whole_estimate = -1

    def tier_key(self, tier: str, code_id: bytes) -> bytes:
        """Names this file's text at a tier (made by the code `code_id` names), or b"" when
        the file's own text has no name; the language is part of it (one text can be read
        as two languages)."""
        if not self.full_id:
            return b""
        return self.full_id + f"|{tier}:{self.language}:".encode() + code_id

    def set_mode(self, mode: str) -> None:
        """Carry the full text, its outline, its signatures, or nothing."""
        self.mode = mode
        if mode == "full":
            self.text, self.text_id = self.full_text, self.full_id
        elif mode == "compressed":
            self.text = self.compressed_text()
            from .compress import OUTLINE_ID

            self.text_id = self.tier_key("outline", OUTLINE_ID)
        elif mode == "signatures":
            self.text = self.signatures_text()
            from .compress import OUTLINE_ID

            self.text_id = self.tier_key("signatures", OUTLINE_ID)
        else:
            self.text, self.text_id, self.tokens = "", b"", 0


def count_numbers(text: str) -> tuple[int, int]:
    """The digits and the hexadecimal literals (`0x...`) in `text`."""
    data = text.encode("utf-8", "surrogatepass")
    # (The literals are found in the text, ASCII as in its bytes: a pattern's search is
    # three times faster than counting `0x` and `0X` in the bytes, and finds the same.)
    return len(data) - len(data.translate(None, b"0123456789")), len(_HEX_OPENER.findall(text))


_HEX_OPENER = lazyre.compile("0[xX]")


@dataclass
class Excluded:
    """A file git would keep that the pack left out, and why."""

    path: str
    reason: ExcludeReason
    detail: str = ""


@dataclass
class Pack:
    """A rendered pack with everything the manifest and the summary report."""

    root: Path
    name: str
    rev: str | None
    encoding: str
    budget: int | None
    model: str | None
    fmt: str
    files: list[PackedFile]
    excluded: list[Excluded]
    chunks: list[str] = field(default_factory=list)  # the output, in pieces
    total_tokens: int = 0
    warnings: list[str] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
    diff: str | None = None
    base: str | None = None  # with --diff: the commit the change starts from
    parts: list[Any] = field(default_factory=list)  # split.Part, with --split-tokens
    delta: list[PackedFile] = field(default_factory=list)  # with --diff: the change's files
    # With --diff: every file the change touches, at its head, whether or not the pack
    # shows its new text (a budget may leave only its diff).
    at_head: list[PackedFile] = field(default_factory=list)
    empty_change: bool = False  # with --diff: the two revisions hold the same files
    changed: dict[str, str] = field(default_factory=dict)  # with --diff: path -> A, M, R, T, D
    # With --diff: the files whose diff is one line of counts (path -> why: a lockfile, a
    # file the pack leaves out, cut to fit)
    unshown: dict[str, str] = field(default_factory=dict)
    # With --diff: the rules of the secrets each shown file's diff redacts, by path
    diff_redacted: dict[str, list[str]] = field(default_factory=dict)
    # The values the scan redacted (in memory only, never written): a review's answer
    # that quotes one is redacted too.
    secret_values: list[str] = field(default_factory=list, repr=False)

    def head_files(self) -> list[PackedFile]:
        """The files as the change leaves them: the base's, each the change touches replaced
        by its new text (a file the change adds, or a line it appends, is on this list).
        Without --diff, the pack's files. A file the change deletes stays: a finding may
        well say what its removal breaks."""
        if not self.at_head:
            return self.files
        by_path = {f.path: f for f in self.files}
        by_path.update((f.path, f) for f in self.at_head)
        return list(by_path.values())

    @property
    def output(self) -> str:
        """The whole rendered pack as one string."""
        return "".join(self.chunks)

    def encoded(self) -> list[bytes]:
        """The output as UTF-8, piece by piece: no single huge string is ever built."""
        return [c.encode("utf-8", "replace") for c in self.chunks]
