"""The plain data a pack is made of, shared by every stage after discovery."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["EXCLUDE_REASONS", "MODES", "Excluded", "Pack", "PackedFile"]

MODES = ("full", "compressed", "listed")
EXCLUDE_REASONS = (
    "default", "repoviewignore", "pattern", "binary", "too-large", "secret", "unreadable",
)  # fmt: skip


@dataclass
class PackedFile:
    """One file of the pack: what it is, and the text the pack carries for it."""

    path: str
    language: str
    role: str
    bytes: int
    text: str  # the file's text as kept (newlines normalised, secrets redacted)
    mode: str = "full"
    tokens: int = 0  # tokens of the text the pack carries for this file
    redactions: int = 0
    note: str = ""
    imports: list[str] = field(default_factory=list)
    imported_by: list[str] = field(default_factory=list)

    @property
    def lines(self) -> int:
        text = self.text
        return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


@dataclass
class Excluded:
    """A file git would keep that the pack left out, and why."""

    path: str
    reason: str
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
    output: str = ""
    total_tokens: int = 0
    warnings: list[str] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
