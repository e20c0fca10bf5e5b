"""The directory tree every pack carries, annotated with token counts.

Each file shows the size of its whole text (estimated from its length, rounded to two
significant figures), not what the pack carries for it: nothing in the tree moves with the
budget fitter's choices, and an edit that changes a file by a few tokens leaves the tree,
and so the start of the pack, byte-identical (prompt caches keep hitting). Large
repositories under small budgets get a coarser tree (see TREE_DETAILS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analyze.languages import is_manifest, is_readme
from ..model import PackedFile
from ..textsafe import oneline

__all__ = ["TREE_DETAILS", "Tree", "render_tree", "rounded"]

# From finest to coarsest: every file; only source files (and the root's README and build
# manifest), the others folded into one line per folder that says what they are (a folder
# with no source file below it is one line); as that, naming only the
# source files of 1k tokens and more, then 4k and more (a C project's five hundred modules
# in one folder: the large ones are what a reader opens); folders only; the folders that
# hold source (one line for each other folder: a large project's tests and translations have
# thousands); the top level only.
TREE_DETAILS = ("full", "collapsed", "large", "larger", "dirs", "code-dirs", "top")
_NAMED_FROM = {"collapsed": 0, "large": 1000, "larger": 4000}  # whole size of a source named


@dataclass
class _Dir:
    tokens: int = 0
    files_count: int = 0
    sources: int = 0  # source files in it and below
    dirs: dict[str, _Dir] = field(default_factory=dict)
    files: list[tuple[str, PackedFile]] = field(default_factory=list)


def rounded(n: int) -> str:
    """1234 -> "1.2k", 56789 -> "57k", 3456789 -> "3.5M": two significant figures."""
    if n < 100:
        return str(n)
    if n < 995:
        return str(round(n, -1))
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if n >= size * 0.9995 or unit == "k":
            value = n / size
            text = (
                f"{value:.1f}" if value < 10 else f"{round(value, -1 if value >= 100 else 0):.0f}"
            )
            return text.removesuffix(".0") + unit
    return str(n)


class Tree:
    """The folder structure of a list of files, built once, rendered as often as counts change."""

    def __init__(self, files: list[PackedFile]) -> None:
        self.root = _Dir()
        self._files = files
        # Each render's text, by name and detail, with the file sizes it showed: a pack
        # renders the tree at every fit, and only a redaction changes a size.
        self._rendered: dict[tuple[str, str], tuple[tuple[int, ...], str]] = {}
        for f in files:
            node = self.root
            source = f.role == "source"
            node.files_count += 1
            node.sources += source
            *dirs, base = f.path.split("/")
            for d in dirs:
                node = node.dirs.setdefault(d, _Dir())
                node.files_count += 1
                node.sources += source
            node.files.append((_clean(base), f))
        self._sort(self.root)

    def _sort(self, node: _Dir) -> None:
        node.dirs = {_clean(k): node.dirs[k] for k in sorted(node.dirs)}
        node.files.sort(key=lambda item: item[0])
        for child in node.dirs.values():
            self._sort(child)

    def _sum(self, node: _Dir) -> int:
        node.tokens = sum(whole_size(f) for _, f in node.files) + sum(
            self._sum(child) for child in node.dirs.values()
        )
        return node.tokens

    def render(self, name: str, detail: str = "full") -> str:
        """The tree with rounded tokens per folder and file, folders first."""
        sizes = tuple(whole_size(f) for f in self._files)
        done = self._rendered.get((name, detail))
        if done is not None and done[0] == sizes:
            return done[1]
        self._sum(self.root)
        root = self.root
        lines = [f"{_clean(name)}/ ({rounded(root.tokens)} tokens in {_files(root.files_count)})"]
        _walk(root, "", lines, detail, 0)
        text = "\n".join(lines) + "\n"
        self._rendered[(name, detail)] = (sizes, text)
        return text


def whole_size(f: PackedFile) -> int:
    """About how many tokens the file's whole text takes (from its length and language:
    fit-independent)."""
    if not f.carrier:
        return 0
    if f.whole_estimate < 0:  # (a tree renders often: each file's size is made once)
        per_token = _PER_TOKEN.get(f.language, _CHARS_PER_TOKEN)
        f.whole_estimate = int(len(f.full_text) / per_token * numbers(f))
    return f.whole_estimate


# Numbers take more tokens a character than code: a hexadecimal literal about six more
# than its length says (`0x1350f3f4` is 7 tokens, not 3), and other digits beyond 3% of the
# text 3 times their share. Measured over 3,294 source files of 13 projects and the stdlib
# (o200k_base): the estimate's mean error on files of 5% digits or more fell from 39% to 16%
# (a CRC table's file took 2.1x its estimate), on those with hex tables from 50% to 15%, on
# all from 9.4% to 7.8%. (SVG's and CSV's own rate counts their numbers already.)
_HEX_CHARS = 23  # six tokens of about 3.8 characters
_USUAL_DIGITS, _DIGITS_WEIGHT, _HEX_DIGITS = 0.03, 3.0, 8


def numbers(f: PackedFile) -> float:
    """How much more than its length says the full text of `f` takes, for its numbers."""
    size = len(f.full_text)
    if f.language in _NUMERIC or not size:
        return 1.0
    digits, hexes = f.numbers()
    other = (digits - _HEX_DIGITS * hexes) / size - _USUAL_DIGITS
    return (1.0 + _HEX_CHARS * hexes / size) * (1.0 + _DIGITS_WEIGHT * max(other, 0.0))


_CHARS_PER_TOKEN = 3.6  # o200k_base on source code, a language not measured below
# Characters a token by language (o200k_base): the median over the full-text files of the
# repositories it was measured on (5-32 each; Python 4.35 over 17, from 3.8 to 4.9, where
# 3.6 had said Django's modules were 1.3x their size). An SVG's coordinates and a CSV's
# numbers come to about 2.0 (380 SVG and 113 CSV files of 90 projects).
_PER_TOKEN = {
    "Python": 4.3,
    "Kotlin": 4.4,
    "Java": 4.4,
    "PHP": 4.3,
    "C#": 4.8,  # (Newtonsoft.Json 4.9, serilog 4.7: their four-space indentation)
    "Rust": 4.15,
    "reStructuredText": 4.1,
    "Ruby": 4.05,
    "TypeScript": 4.0,
    "JavaScript": 4.0,
    "Go": 3.9,
    "Elixir": 3.7,  # (phoenix 3.8, ecto 3.6)
    "Markdown": 3.9,
    "C": 3.8,
    "C++": 3.8,
    "YAML": 3.5,
    "TOML": 3.4,
    "JSON": 3.2,
    "Makefile": 3.0,
    "SVG": 2.0,
    "CSV": 2.0,
}
_NUMERIC = frozenset({"SVG", "CSV"})


# Nesting shown by indentation: o200k reads a run of spaces as one token, while each level of
# box-drawing ("│   ├── ") costs two or three; on a 900-file library the tree took half.
_INDENT = "  "


def render_tree(name: str, files: list[PackedFile], detail: str = "full") -> str:
    """A tree of `files` with rounded tokens per folder and file, folders first."""
    return Tree(files).render(name, detail)


def _walk(node: _Dir, indent: str, lines: list[str], detail: str, depth: int) -> None:
    items: list[tuple[str, _Dir | PackedFile | int]] = [*node.dirs.items()]
    files = node.files
    if detail == "full":
        items.extend(files)
    elif detail in _NAMED_FROM:
        least = _NAMED_FROM[detail]
        named = [(n, f) for n, f in files if _named(f, least)]
        items.extend(named)
        if len(files) > len(named):
            kept = {id(f) for _, f in named}
            folded = [f for _, f in files if id(f) not in kept]
            items.append((_fold_words(folded), len(folded)))
    for label, item in items:
        if isinstance(item, _Dir):
            lines.append(f"{indent}{label}/ ({rounded(item.tokens)}, {_files(item.files_count)})")
            # A folder with no source below it says all a reader needs on its own line.
            if detail in ("full", "dirs") or (detail != "top" and item.sources):
                _walk(item, indent + _INDENT, lines, detail, depth + 1)
        elif isinstance(item, int):
            lines.append(f"{indent}… {item} other file{'' if item == 1 else 's'} ({label})")
        elif not item.carrier:
            lines.append(f"{indent}{label} ({item.role})")
        else:
            lines.append(f"{indent}{label} ({rounded(whole_size(item))})")


def _named(f: PackedFile, least: int) -> bool:
    """Whether a tree that folds files names `f`: a source file of `least` tokens or more,
    or the project's README or build manifest at the root, what a reader opens first."""
    if f.role == "source":
        return whole_size(f) >= least
    return "/" not in f.path and (is_readme(f.path) or is_manifest(f.path))


# What a folded line says it holds, by role: the roles of the files it folds, in this order.
_FOLDED = {
    "source": "smaller sources",
    "test": "tests",
    "example": "examples",
    "docs": "docs",
    "config": "config",
    "build": "build files",
    "data": "data",
    "symlink": "links",
    "submodule": "submodules",
}


def _fold_words(files: list[PackedFile]) -> str:
    roles = {f.role for f in files}
    return ", ".join(word for role, word in _FOLDED.items() if role in roles) or "other"


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _clean(label: str) -> str:
    # A name with a newline would break the tree's one-line-per-entry shape, and an escape
    # sequence would reach whoever reads the pack in a terminal: both are shown escaped.
    return oneline(label.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
