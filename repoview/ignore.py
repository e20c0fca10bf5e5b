"""Ignore rules: git's semantics for plain directories, and repoview's own exclude layers."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import lazyre
from .model import ExcludeReason

if TYPE_CHECKING:
    import pathspec

__all__ = [
    "DefaultExcludes",
    "PatternFilter",
    "generated_marker",
    "is_terminal_output",
    "load_ignore_file",
    "walk_plain",
]

# Built-in default excludes, kept as data: matched by set look-ups, not by a regex per path,
# because they run on every file of every pack.
LOCKFILES = frozenset(
    {
        "package-lock.json",
        "deno.lock",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lockb",
        "bun.lock",
        "poetry.lock",
        "Pipfile.lock",
        "uv.lock",
        "pdm.lock",
        "Cargo.lock",
        "Gemfile.lock",
        "composer.lock",
        "go.sum",
        "mix.lock",
        "pubspec.lock",
        "Podfile.lock",
        "packages.lock.json",
        "flake.lock",
        "gradle.lockfile",
        "conda-lock.yml",
    }
)
# Folders that hold other projects' code, left out with reason "vendored". The weak names
# are also used for a project's own code deeper down (`src/deps/`), so only count at the top.
VENDORED_DIRS = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        "vendored",
        "vendors",
        "extern",  # a package's bundled copies (astropy/extern/, pkg_resources/extern/)
        "_vendor",  # Python packages that carry their dependencies (pip, setuptools)
        "_vendored",
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
        "Pods",
        "Carthage",
        "site-packages",
    }
)
VENDORED_TOP_DIRS = frozenset(
    {"deps", "dependencies", "external", "externals", "extern", "cextern"}
)
# Tool caches and environments, left out with reason "default".
DEPENDENCY_DIRS = frozenset(
    {
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".gradle",
        ".idea",
        ".vs",
        ".yarn",
        ".pnpm-store",
        ".next",
        ".nuxt",
        ".svelte-kit",
        ".terraform",
    }
)
# The folders of a JVM source set (`src/main/kotlin/`): below them a folder is a segment of a
# package's name (`...core.vendors`, the database vendors a library speaks to), never a copy
# of another project (the JVM takes those as jars).
_JVM_TREES = frozenset({"java", "kotlin", "scala", "groovy"})


def _package_tree(parts: list[str], i: int) -> bool:
    """Whether the folder `parts[i]` is part of a package's name in a JVM source set."""
    return any(parts[k] in _JVM_TREES and "src" in parts[:k] for k in range(1, i))


# What a virtual environment holds at its top: a package named `venv` holds modules.
_VENV_PARTS = frozenset({"bin", "lib", "lib64", "include", "share", "Scripts", "Lib", "pyvenv.cfg"})
GENERATED_SUFFIXES = (
    ".min.js",
    ".min.css",
    ".min.mjs",
    ".bundle.js",
    ".chunk.js",
    ".js.map",
    ".css.map",
    "_pb2.py",
    "_pb2_grpc.py",
    "_pb2.pyi",
    ".pb.go",
    ".pb.cc",
    ".pb.h",
    ".g.dart",
    ".freezed.dart",
    ".generated.cs",
    ".designer.cs",
)
COMPILED_SUFFIXES = (
    ".pyc",
    ".pyo",
    ".class",
    ".o",
    ".obj",
    ".a",
    ".so",
    ".dylib",
    ".dll",
    ".exe",
    ".lib",
    ".wasm",
)
BINARY_SUFFIXES = frozenset(
    {
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".ico",
        ".icns",
        ".webp",
        ".tif",
        ".tiff",
        ".psd",
        ".heic",
        ".avif",
        ".pdf",
        ".zip",
        ".tar",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".zst",
        ".7z",
        ".rar",
        ".jar",
        ".war",
        ".whl",
        ".egg",
        ".deb",
        ".rpm",
        ".dmg",
        ".iso",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp3",
        ".mp4",
        ".m4a",
        ".wav",
        ".ogg",
        ".flac",
        ".avi",
        ".mov",
        ".mkv",
        ".webm",
        ".sqlite",
        ".sqlite3",
        ".db",
        ".parquet",
        ".npy",
        ".npz",
        ".pickle",
        ".pth",
        ".onnx",
        ".h5",
        ".tflite",
        ".bin",
        ".xlsx",
        ".xls",
        ".docx",
        # Not `.doc`, `.pkl` nor `.pt`: each is also a text format (a plain-text news
        # fragment of the `doc` kind; a Pkl configuration file; a Zope page template, vim's
        # Portuguese tutor), so such a file is judged by its content when read, a Word file,
        # a pickle or a PyTorch archive then left out as binary.
        ".pptx",
        ".ppt",
        ".odt",
        ".ods",
        ".pages",
    }
)

Verdict = tuple[ExcludeReason, str]  # (manifest reason, detail in words)


@dataclass(frozen=True)
class DefaultExcludes:
    """repoview's built-in excludes: lockfiles, other projects' code, generated and binary files.

    `vendored` holds folders found by their contents (`vendored.find_vendored`), on top of the
    folders known by name.
    """

    vendored: Mapping[str, str] = field(default_factory=dict)  # folder -> why
    built: frozenset[str] = frozenset()  # bundles with their source map beside them
    # Folders in a top-level `deps/` (or the like) whose files are the project's own
    # (`vendored.own_top_folders`): each holds them itself.
    own: frozenset[str] = frozenset()

    def verdict(self, path: str) -> Verdict | None:
        """(reason, detail) when the defaults leave `path` out, judged by its path alone."""
        if path in self.built:
            return "generated", "a bundle: its source map is beside it"
        parts = path.split("/")
        name = parts[-1]
        if len(parts) > 1 and parts[0] in VENDORED_TOP_DIRS and not self._own(parts):
            return "vendored", f"other projects' code in {parts[0]}/"
        for i, part in enumerate(parts[:-1]):
            if part in VENDORED_DIRS and not _package_tree(parts, i):
                return "vendored", f"other projects' code in {part}/"
            # (a package named `venv` is no environment: one at the top, or one laid out as
            # an environment, is)
            if part in DEPENDENCY_DIRS and (part != "venv" or not i or parts[i + 1] in _VENV_PARTS):
                return "default", f"tool folder {part}/"
            if self.vendored:
                why = self.vendored.get("/".join(parts[: i + 1]))
                if why:
                    return "vendored", why
        if self.vendored and path in self.vendored:
            return "vendored", self.vendored[path]
        if name in LOCKFILES:
            return "default", "lockfile"
        lower = name.lower()
        if lower.endswith(GENERATED_SUFFIXES):
            return "generated", "generated file type"
        if lower.endswith(COMPILED_SUFFIXES):
            return "default", "compiled file"
        dot = lower.rfind(".")
        if dot > 0 and lower[dot:] in BINARY_SUFFIXES:
            return "default", "binary file type"
        return None

    def _own(self, parts: list[str]) -> bool:
        return bool(self.own) and "/".join(parts[:-1]) in self.own

    def reason(self, path: str) -> str | None:
        """Why the defaults leave `path` out, in words, or None to keep it."""
        found = self.verdict(path)
        return found[1] if found else None


# What tools write at the top of the files they generate. The exact conventions (Go's
# "Code generated ... DO NOT EDIT.", "@generated") count anywhere in the leading comments;
# the looser phrases only in the first few lines.
_GENERATED_STRICT = lazyre.compile(r"Code generated .{0,200}DO NOT EDIT|@generated\b")
_LEADER = lazyre.compile(
    r"^(?:#!?|//+!?|/\*+!?|\*+|--+|;+|<!--|%+|dnl\b|rem\b|\"{3}|'{3}|\(\*|\{-)\s*", re.I
)
# (Words, not parts of a name: a setting `XunitAutoGeneratedEntryPoint=false` says nothing
# of the file.)
_GENERATED_LOOSE = lazyre.compile(
    r"generated by gnu autoconf|\bautomatically generated|\bauto[- ]?generated"
    r"|do not edit(?!.*\b(?:except|unless|without|below|above)\b)"
    r"|this file (?:is|was|has been) generated|generated (?:file|code)\b"
    r"|\b(?:parser|scanner|lexer|loader|bindings?|wrapper) generated (?:by|with|from)\b"
    r"|made by GNU Bison"
    r"|this file is an amalgamation\b",  # (its sources pasted together by a script)
    re.I,
)
# A comment that opens by naming the input and the tool that made the file from it (ANTLR's
# and Snowball's `// Generated from Expr.g4 by ANTLR 4.13`), or Cython's C output. Only as
# the comment's first words: "the table is generated from x.txt by gen.py" is of the table.
_GENERATED_OPENS = lazyre.compile(
    r"generated from \S+ (?:by|with|using) (?!(?:hand|copying|care|me|us|the|a|an)\b)\w"
    r"|generated by cython\b",
    re.I,
)
# A sentence about other files ("this module includes files automatically generated from
# ply"): the phrase after one of these verbs does not mark the file itself.
_OF_OTHERS = lazyre.compile(
    r"\b(?:includes?|uses|imports|reads|loads|needs|requires|runs?|calls|invokes|see)\b"
    # "can not be automatically generated", "only needed if they aren't auto-generated"
    # (not "don't": "DON'T EDIT - AUTO GENERATED" is a marker)
    r"|\b(?:not|cannot|never|(?:is|are|was|were|has|have|does|did|ca|could|should|wo)n['’]t)"
    r"\W+(?:\w+\W+){0,2}$",
    re.I,
)
_COMMENT_LEAD = (
    "#",
    "//",
    "/*",
    "*",
    "--",
    ";",
    "<!--",
    "%",
    "dnl",
    "rem ",
    "REM ",
    "'''",
    '"""',
    "(*",
    "{-",
)
_HEAD_LINES, _LOOSE_LINES, _HEAD_BYTES = 40, 6, 4096
_DO_NOT_EDIT = lazyre.compile(r"\bdo not edit\b", re.I)
# Block comments, by opener: their lines need no leader of their own (AsciiDoc's `////`).
# (Not a Python docstring: what it says of generated code is documentation.)
_BLOCKS = {"////": "////", "/*": "*/", "<!--": "-->", "(*": "*)"}
# C's preprocessor lines open with `#` but are code: the leading comments end there, past
# an include guard (a generator may write its marker inside the guard).
_DIRECTIVE = lazyre.compile(r"#(?:include|import|ifn?def|if|define|undef|pragma|endif|elif|else)\b")
_GUARD = lazyre.compile(r"#\s*(?:ifndef\s+\w+|define\s+\w+|pragma\s+once|if\s+!\s*defined\b.*)$")
# A licence or copyright notice: the count of lines for the looser phrases starts after it.
_LICENCE = lazyre.compile(
    r"copyright|licen[cs]e|SPDX-|permission is hereby granted|all rights reserved", re.I
)


def generated_marker(text: str, path: str = "") -> str | None:
    """The comment line near the top that says a file is generated (trimmed), or a note that
    it is minified code or encoded data; None for a file written by hand.

    With the file's `path`, a "do not edit" that names another file (`DO NOT EDIT
    parser.py!` atop the grammar it is made from) does not mark this one; without it, any
    does (a judgement of the content alone, which the path can only narrow). An ignore
    file's comments (`.gitignore`: "# Auto generated files") describe the files it lists,
    so with its path it is never judged generated: even one a tool wrote is small, and
    says what the project leaves out."""
    name = path.rsplit("/", 1)[-1]
    if _IGNORE_FILE.fullmatch(name.lower()):
        return None
    if path and "/" not in path and _ROOT_README.fullmatch(name):
        return None  # what a reader opens first, even when a tool writes it from a template
    marker = _hand_written_marker(text, name)
    if marker and name and _made_from_itself(text, name):
        return None  # (a template whose output copies its marker: "generated from X" atop X)
    return (
        marker
        or _docstring_marker(text)
        or _line_directive(text)
        or _minified(text, name)
        or _generated_page(text)
        or _javadoc_stylesheet(text)
        or _amalgamated(text)
        or _source_map(text)
        or _bundle(text)
        or _armored(text)
        or _own_output(text)
        or _terminal_output(text)
    )


# A terminal's escape sequence (SGR colours, cursor moves): `ESC[38;2;117;113;94m`.
_ESCAPE = lazyre.compile(r"\x1b\[[0-9;:?]*[ -/]*[@-~]")
# The share of characters in escape sequences above which a text is a terminal's output:
# a golden file of highlighted code runs from a third up, code that tests colours under a
# tenth, a test's expected coloured message around a fifth.
_ESCAPE_SHARE, _ESCAPE_MIN, _ESCAPE_CHARS = 0.2, 5, 20_000


def is_terminal_output(text: str) -> bool:
    """Whether `text` is a terminal's coloured output (a golden test file, a recording):
    a fifth or more of its characters escape sequences. It is data, whatever its name."""
    # (Such a text shows an escape in its first lines: most texts are passed over after a
    # search of 2,000 characters, not 20,000.)
    if text.find("\x1b[", 0, 2_000) < 0 or text.count("\x1b[", 0, _ESCAPE_CHARS) < _ESCAPE_MIN:
        return False
    head = text[:_ESCAPE_CHARS]
    return sum(len(m) for m in _ESCAPE.findall(head)) >= _ESCAPE_SHARE * len(head)


# A terminal's output saved at length (a highlighter's expected output, an emulator's
# recording, a coloured log): a test's short expected message stays, as data.
_RECORDING_ESCAPES = 100


def _terminal_output(text: str) -> str | None:
    if not is_terminal_output(text) or (escapes := text.count("\x1b[")) < _RECORDING_ESCAPES:
        return None
    return f"terminal output ({escapes:,} ANSI escape sequences)"


# What `repoview pack` writes, in every format, and its manifest: packed again, a pack
# would hold its last pack whole (twice the tokens), and a review would send it.
_OWN_PACK = lazyre.compile(
    r'(?:^|\n|\{|, )(?:<repository name="[^"\n]*"[^>\n]*>\n<pack_info>\n|#? ?Repository: [^\n]*\n\n'
    r'|"repository": "(?:[^"\\\n]|\\.)*", "layout": ")This is a packed copy of the repository '
)
_OWN_HEAD = 8192  # (a pack's `--header-text` comes first)
_OWN_MANIFEST = lazyre.compile(
    r'\{\s*"version": \d+,\s*"root": "[^"\n]*",\s*"rev": [^\n]*,\s*"encoding": '
)


def _own_output(text: str) -> str | None:
    """A pack or a manifest repoview wrote (of this repository or another)."""
    if "This is a packed copy" in text[:_OWN_HEAD] and _OWN_PACK.search(text, 0, _OWN_HEAD):
        return "a pack repoview wrote"
    if _OWN_MANIFEST.match(text, 0, 2000):
        return "a manifest repoview wrote"
    return None


_ROOT_README = lazyre.compile(r"readme(?:\.(?:md|markdown|rst|txt|adoc|asciidoc|org))?", re.I)


def _made_from_itself(text: str, name: str) -> bool:
    """Whether the top of `text` says it is generated from the file `name` itself."""
    head = text[:_HEAD_BYTES]
    return re.search(rf"\bfrom\s+(?:[\w./-]*/)?{re.escape(name)}(?![\w.-])", head, re.I) is not None


# `.gitignore`, `.dockerignore`, `Dockerfile.dockerignore`, `.gitattributes`
_IGNORE_FILE = lazyre.compile(r"[\w.-]*\.[a-z]*ignore|\.gitattributes")


# A module docstring that opens by saying the module is generated (`"""\nDo NOT manually edit
# this file.\nInstead, run ...`): only its opening words count, as elsewhere a docstring's
# prose is documentation.
# Blank and comment lines, then a docstring's opening quotes and its first line of words.
_DOCSTRING_FIRST = lazyre.compile(
    r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*[rRuU]?(?:\"{3}|'{3})\s*([^\n]*)"
)
_DOCSTRING_MARKER = lazyre.compile(
    r"(?:do not (?:\w+ )?edit(?: this (?:file|module))?\b(?!.*\b(?:except|unless|without)\b)"
    r"|this (?:file|module) (?:is|was|has been) (?:auto(?:matically)?[- ]?)?generated\b"
    r"|(?:auto[- ]?|automatically )generated (?:by|from|with|using)\b)",
    re.I,
)


def generated_head(head: str, path: str) -> str | None:
    """`generated_marker` from a file's first bytes alone (a file too large to read): the
    comment or docstring near its top that says it is generated."""
    name = path.rsplit("/", 1)[-1]
    if _IGNORE_FILE.fullmatch(name.lower()):
        return None
    return _hand_written_marker(head, name) or _docstring_marker(head)


def _docstring_marker(text: str) -> str | None:
    """The opening line of a module docstring (after comments, a shebang, an encoding line)
    when it says the module is generated."""
    found = _DOCSTRING_FIRST.match(text, 0, _HEAD_BYTES)
    if found is None:
        return None
    first = found.group(1).strip()
    return first[:120] if _DOCSTRING_MARKER.match(first) else None


# A template for CMake's configure_file (`config.h.cmake`) is written by hand: what its
# comment says of generation is said of the header made from it.
_CMAKE_TEMPLATE = lazyre.compile(r"^[ \t]*#[ \t]*cmakedefine(?:01)?[ \t]", re.M)


def _hand_written_marker(text: str, name: str) -> str | None:
    """The marker comment, unless the file is a CMake template (looked for only then: a
    pattern over every line of every file cost a cold pack of a large library 0.1 s)."""
    marker = _marker_comment(text, name)
    if marker and "cmakedefine" in text and _CMAKE_TEMPLATE.search(text):
        return None
    return marker


# A bundler's loader, the first thing in the file it writes: browserify's prelude
# (`(function e(t,n,r){function s(o,u){...`) and webpack's bootstrap comment.
_BUNDLE = lazyre.compile(
    r"^(?:/\*+/\s*)?(?:\(function\s*\w*\(\w,\w,\w\)\{function\s+\w\(\w,\w\)\{if\(!\w\[\w\]\)"
    # (browserify 14 on: `(function(){function r(e,n,t){function o(i,f){if(!n[i]){`)
    r"|\(function\(\)\{function\s+\w\(\w,\w,\w\)\{function\s+\w\(\w,\w\)\{if\(!\w\[\w\]\)"
    r"|[^\n]{0,80}//\s*webpackBootstrap\b)"
)


def _bundle(text: str) -> str | None:
    """A bundle of modules by its bundler's loader (a browserify or webpack build), or by
    the comment naming each module it took in (esbuild: `// src/util.js`)."""
    head = text.lstrip()
    if _BUNDLE.match(head):
        return "a bundle (the bundler's loader opens it)"
    if (head.startswith("// ") or "__defProp" in head[:3000]) and len(
        set(_MODULE_MARK.findall(text, 0, _MODULE_CHARS))
    ) >= _MODULE_MARKS:
        return "a bundle (it names the modules it took in)"
    return None


# esbuild's mark before each module it took in: the module's path as a comment of its own.
_MODULE_MARK = lazyre.compile(
    r"^[ \t]*// ((?:\.\./)*[\w@.-]+/[\w@./-]+\.[cm]?[jt]sx?)[ \t]*$", re.M
)
_MODULE_MARKS, _MODULE_CHARS = 3, 1 << 20


_LINE_DIRECTIVE = lazyre.compile(r"\s*#\s*line\s+\d+\s+\"")


def _line_directive(text: str) -> str | None:
    """C written by a generator (flex, Bison, re2c) opens with a `#line N "file"` directive:
    it points the compiler back at the generator's input. (A header flex writes puts its
    include guard first: the directive counts among the first lines of directives.)"""
    for line in text[:_DIRECTIVE_HEAD].splitlines()[:_DIRECTIVE_LINES]:
        if _LINE_DIRECTIVE.match(line):
            return line.strip()[:120]
        if line.strip() and not line.lstrip().startswith("#"):
            return None
    return None


_DIRECTIVE_HEAD, _DIRECTIVE_LINES = 2000, 12


def _armored(text: str) -> str | None:
    """A detached PGP or SSH signature, or an exported public key: what a tool wrote for
    machines to check, no text for a reader. (A signed message keeps its text.)"""
    head = text[:100].lstrip()
    for begin, what in _ARMOR:
        if head.startswith(begin):
            return what
    return None


_ARMOR = (
    ("-----BEGIN PGP SIGNATURE-----", "a PGP signature"),
    ("-----BEGIN SSH SIGNATURE-----", "an SSH signature"),
    ("-----BEGIN PGP PUBLIC KEY BLOCK-----", "a PGP public key"),
)


def _source_map(text: str) -> str | None:
    """A source map by its content (`app.map`; a linker's version script shares the ending),
    or a file whose last line points at its source map: a bundler's or a compiler's output
    (a bundle of type declarations says so at its end, nowhere in its first lines)."""
    head = text[:300].lstrip()
    if head.startswith("{") and _MAP_V3.search(head) and _MAP_MAPPINGS.search(text[:100_000]):
        return "a source map"
    # (A test's fixture of a few lines carries the trailer too, written to be read.)
    found = _MAP_TRAILER.search(text[-300:].rstrip()) if len(text) >= _BUILT_CHARS else None
    if found is not None:
        return f"built output with a source map ({found.group(1)[:80]})"
    return None


# Version 3 of the source map format, whose mappings are one string (an index template's
# "mappings" is an object).
_MAP_V3 = lazyre.compile(r'"version"\s*:\s*3\b')
_MAP_MAPPINGS = lazyre.compile(r'"mappings"\s*:\s*"')
_BUILT_CHARS = 4000  # fixtures with the trailer: 70-470 characters; outputs: 19k and more
# The last line of a bundle, a compiled module or a stylesheet built with its source map.
_MAP_TRAILER = lazyre.compile(r"(?:^|\n)(?://|/\*)[#@] sourceMappingURL=(\S+?)(?:\s*\*/)?\Z")


# An amalgamation (one header or source made of a library's files, for those who want one
# file): a tool pasted each file in where its `#include` stood, left as a comment, or under a
# "Begin file" banner. Only large texts are looked at.
_AMALGAM_CHARS, _AMALGAM_FILES = 100_000, 10
_PASTED = ("\n// #include ", "\n/* #include ", "Begin file ")


def _amalgamated(text: str) -> str | None:
    if len(text) < _AMALGAM_CHARS:
        return None
    n = sum(text.count(mark) for mark in _PASTED)
    return f"an amalgamation of {n} files" if n >= _AMALGAM_FILES else None


# A documentation site's pages (jazzy, Doxygen, javadoc, TypeDoc, Hugo...): an HTML page, not a
# template, that names its generator in its head or its footer.
_HTML_START = lazyre.compile(r"\s*(?:<!doctype html|<html)", re.I)
_GENERATOR = lazyre.compile(
    r"<meta\s+name=[\"']generator[\"'][^>]*>|<!--\s*generated by[^>]{0,80}"
    # (a tool's name, not prose: "the ResultSet generated by the statement")
    r"|(?:^|>)[ \t]*generated (?:by|using)\s*(?:<a[^>]*>\s*)?(?!(?:the|a|an|this|that)\b)[\w.-]+"
    # generators that name themselves only in the scripts their pages load (Dokka, Sphinx)
    r"|[\"'](?:dokka-dark-mode|[\w./]*_static/documentation_options\.js)[\"']",
    re.I | re.M,
)
_PAGE_ENDS = 8192


# A template's variable as pandoc and other `$`-templates write it: `$title$`, `$if(toc)$`.
_DOLLAR_VARIABLE = lazyre.compile(r"\$(?:if\(|for\()?[a-z][\w.-]*\)?\$")


def _generated_page(text: str) -> str | None:
    if not _HTML_START.match(text[:200]) or any(t in text for t in ("{%", "{{", "<%", "<?")):
        return None
    if _DOLLAR_VARIABLE.search(text[:_PAGE_ENDS]):
        return None  # a template's (`content="pandoc $pandoc-version$"`): not a page it made
    m = _GENERATOR.search(text[:_PAGE_ENDS]) or _GENERATOR.search(text, len(text) - _PAGE_ENDS)
    if m is None:
        return None
    if m.group(0)[0] in "\"'":  # (a script the generator's pages load)
        return f"a generated documentation page ({m.group(0)[1:-1].rsplit('/', 1)[-1]} in its head)"
    return re.sub(r"<[^>]*>|^>", "", m.group(0)).strip()[:120] or m.group(0)[:120]


# The style sheet javadoc writes beside its pages opens by naming itself (`/* Javadoc style
# sheet */`, or in a block comment of its own from JDK 9 on).
_JAVADOC_CSS = lazyre.compile(r"\s*/\*[\s*]*Javadoc style sheet\b")


def _javadoc_stylesheet(text: str) -> str | None:
    return "Javadoc style sheet" if _JAVADOC_CSS.match(text[:200]) else None


# Minified code: long, and its lines far longer than anyone writes them. JSON, XML and SVG
# written on one line are data, not code, and stay.
_MINIFIED_CHARS, _MINIFIED_LINE, _MINIFIED_SAMPLE = 2000, 300, 20_000


_ENCODED = lazyre.compile(r"[A-Za-z0-9+/=_\-\n\"']+")


def _encoded(sample: str) -> bool:
    """Nearly all of `sample` in base64's or hex's alphabet (not prose in a script without
    spaces: Chinese, Thai)."""
    return sum(len(run) for run in _ENCODED.findall(sample)) >= 0.95 * len(sample)


_BASE64_RUN = lazyre.compile(r"[A-Za-z0-9+/]{1000,}={0,2}")


_ONE_LINE_CODE = 100_000
# Source files by extension: a line of prose in one is a comment, never 100,000 characters.
_CODE_SUFFIXES = frozenset(
    {"py", "rb", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "java", "kt", "kts", "scala"}
    | {"php", "cs", "c", "h", "cc", "cpp", "hpp", "rs", "swift", "lua", "pl", "pm", "ex"}
    | {"exs", "erl", "clj", "dart", "r", "jl", "sh"}
)


def _minified(text: str, name: str = "") -> str | None:
    n = len(text)
    # (without a name, content alone: the verdict the name may then narrow)
    code = not name or ("." in name and name.rpartition(".")[2].lower() in _CODE_SUFFIXES)
    if n < _MINIFIED_CHARS:
        return None
    # Most files show their short lines in their first characters: the whole text is counted
    # only for the few that do not.
    sample = text[:_MINIFIED_SAMPLE]
    newlines = sample.count("\n")
    if newlines * _MINIFIED_LINE > len(sample):
        return None
    newlines += text.count("\n", _MINIFIED_SAMPLE)
    if newlines * _MINIFIED_LINE > n:
        return None
    lines = newlines + (not text.endswith("\n"))
    per_line = f"{lines:,} line{'s' * (lines != 1)} of {n // lines:,} characters on average"
    opener = sample.lstrip()[:1]
    if opener in ("{", "[", "<", ""):
        # Data on long lines is data, but markup that wraps a blob (a draw.io diagram's
        # deflated base64, an SVG around an embedded PNG) is the blob.
        if opener == "<" and sum(map(len, _BASE64_RUN.findall(text))) * 2 > n:
            return f"encoded data: {per_line}"
        # A drawing a tool wrote on long lines (an svg-term screencast: 127 KB of CSS
        # keyframes on one line) is no markup a reader reads.
        # (by its name; without one, any markup holding a drawing, which a name narrows)
        drawing = name.lower().endswith(".svg") if name else "<svg" in sample[:1000]
        if opener == "<" and drawing:
            return f"generated: a drawing, {per_line}"
        return None
    # Code squeezed onto long lines has few spaces and many `;{}[]()`; prose written a paragraph
    # a line, or a CSV, has the spaces or not the punctuation. A text with neither spaces nor
    # separators at all is an encoded blob (base64, hex) kept in a source file.
    spaces = sample.count(" ")
    if spaces > len(sample) // 10:
        # Spaced as prose is, unless code no one writes so: one line of a source file
        # running past the sample and 100,000 characters (20,000 methods on one line, a
        # table of numbers written as one statement).
        if code and n >= _ONE_LINE_CODE and "\n" not in sample and n // lines >= _MINIFIED_SAMPLE:
            return f"generated: {per_line}"
        return None
    if sum(map(sample.count, ";{}[]()")) >= len(sample) // 100:
        return f"minified: {per_line}"
    if spaces + sum(map(sample.count, ",;{}()\t")) < len(sample) // 100 and _encoded(sample):
        return f"encoded data: {per_line}"
    return None


# A page's front matter (Jekyll, Hugo): a note among its settings may say the page is made
# from another file (`note: This file is autogenerated. Edit /History.markdown instead.`).
_FRONT_NOTE = lazyre.compile(
    r"^_?(?:note|notice|warning|comments?|generated|autogenerated)[ \t]*:([^\r\n]*)", re.I | re.M
)


def _front_matter_marker(text: str, name: str) -> str | None:
    text = text.removeprefix("\ufeff")
    if not text.startswith(("---\n", "---\r\n")):
        return None
    end = text.find("\n---", 3, _HEAD_BYTES)
    for found in _FRONT_NOTE.finditer(text, 4, max(end, 0)):
        if _loose_marker(found.group(1)) and not _names_another(found.group(1), name):
            return found.group().strip()[:120]
    return None


def _marker_comment(text: str, name: str) -> str | None:
    if (front := _front_matter_marker(text, name)) is not None:
        return front
    seen = 0
    licence = False  # inside a licence notice
    guard = True  # an include guard may open the file
    block = ""  # the closer of the block comment the line is in
    said = ""  # the text of the comment line before
    page = False  # inside a Doxygen page: prose of the documentation site
    for raw in text[:_HEAD_BYTES].splitlines()[:_HEAD_LINES]:
        line = raw.strip()
        if not line:
            said = ""  # a sentence ends with its paragraph
            if licence:  # a generator may write its marker below the project's notice
                seen, licence = 0, False
            continue
        if guard and _GUARD.match(line):
            continue
        seen += 1
        if not block and not line.startswith(_COMMENT_LEAD):
            guard = False  # a guard comes before the code (a licence may come before it)
        inside = bool(block) and not line.startswith(_COMMENT_LEAD)  # a leaderless line
        if block:
            if block in line:
                block, page = "", False
        elif opener := next((o for o in _BLOCKS if line.startswith(o)), None):
            if opener == "////":
                # AsciiDoc's comment block: `////` alone, and closed by another further on
                # (elsewhere a line of slashes is a banner of `//` comments).
                if line == "////" and "\n////\n" in text[: _HEAD_BYTES + 1]:
                    block = "////"
            elif _BLOCKS[opener] not in line[len(opener) :]:
                block = _BLOCKS[opener]
        elif not line.startswith(_COMMENT_LEAD) or _DIRECTIVE.match(line):
            if line.startswith(("package ", "module ")):
                continue  # Go and friends may put the marker right after the clause
            break  # past the leading comments: tools put the marker before the code
        # ("It was automatically generated from comment blocks" in one is said of the site)
        page = page or bool(block and _DOC_PAGE.match(_LEADER.sub("", line)))
        # The conventions open the comment; a sentence that mentions them does not count.
        if page:
            pass
        elif inside:  # prose in a block comment: only a plain warning counts
            if (
                seen <= _LOOSE_LINES
                and _DO_NOT_EDIT.search(line)
                and "generated" in line.lower()
                and not _names_another(line, name)
            ):
                return line[:120]
        elif _GENERATED_STRICT.match(opening := _LEADER.sub("", line)) or (
            seen <= _LOOSE_LINES
            and (_GENERATED_OPENS.match(opening) or _loose_marker(line))
            and not _goes_on(said, line)
            and not _names_another(line, name)
        ):
            return line[:120]
        # (a sentence may carry on to the next comment line; a shebang, a modeline or a
        # licence line is none)
        said = "" if line.startswith("#!") or _NOT_PROSE.search(_LEADER.sub("", line)) else line
        licence = licence or bool(_LICENCE.search(line))
        if licence and line.endswith(("*/", "-->", "-}", "*)")):
            seen, licence = 0, False
    return None


# A Doxygen page (`@mainpage`, `\page`) is a page of the documentation site written in a
# comment: what its prose says of generation it says of the site, not of the file.
_DOC_PAGE = lazyre.compile(r"[@\\](?:mainpage|page)\b")


# Lines that are no sentence: a notice, a modeline, an encoding line (a comment that only
# mentions a licence is prose like any other).
_NOT_PROSE = lazyre.compile(
    r"^[\W_]*(?:copyright\b|\(c\)|spdx-|licensed under|vim?:|ex:)|-\*-|coding[:=]", re.I
)


def _goes_on(before: str, line: str) -> bool:
    """`line` carries on the sentence of the comment line before (`RESERVED is` /
    `autogenerated from the spec`): what it says is of the subject there, not of the file."""
    said = _LEADER.sub("", before).strip()
    if not said or before.endswith("*/") or line.startswith("/*"):
        return False  # a block comment on one line says one thing
    return said[-1] not in ".!?:;)" and _LEADER.sub("", line)[:1].islower()


# "Do not edit parser.py": the file not to edit, named.
# (An extension opens with a letter: `DO NOT EDIT v1.2.3` names a version, not a file.)
_EDIT_NAMED = lazyre.compile(
    r"\bdo not edit[ \t]+[`'\"]?(?:[\w.-]*/)*([\w-][\w.-]*\.[A-Za-z]\w*)", re.I
)


def _names_another(line: str, name: str) -> bool:
    """Whether `line` says not to edit a file other than `name`: said of the output atop
    the source it is generated from."""
    found = _EDIT_NAMED.search(line) if name else None
    return found is not None and found.group(1).lower() != name.lower()


def _loose_marker(line: str) -> bool:
    found = _GENERATED_LOOSE.search(line)
    if found is None:
        return False
    # (only the clause the phrase stands in: "run `make gen`. This file is generated")
    clause = _CLAUSE_END.split(line[: found.start()])[-1]
    if _OF_OTHERS.search(clause):
        return False
    return not (found.group().lower().startswith("auto") and _OF_THINGS.match(line, found.end()))


# "Automatically generated helper functions": the phrase as an adjective says the things it
# names are generated (a hand-written header declares functions a script writes elsewhere).
# It marks the file when it names a file ("auto-generated C header") or goes on to say by
# what, from what or how ("automatically generated by gen.py", "... - do not edit").
_OF_THINGS = lazyre.compile(
    r"\s+(?!(?:\w+\s+)?(?:files?|code|headers?|sources?|modules?|scripts?|pages?|"
    r"documentation|docs?|content)\b)"
    r"(?!(?:by|from|with|using|via|on|in|at|for|and|or|as|during|when|to|do|don|please"
    r"|automatically|\w*generated)\b)[a-z]",
    re.I,
)


_CLAUSE_END = lazyre.compile(r"[.;!?]\s+(?=[A-Z(])|[:)]\s")  # ("e.g. the" goes on)


class PatternFilter:
    """gitignore-syntax patterns matched against paths relative to one base folder."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = [line for line in lines if line.strip() and not line.startswith("#")]
        # Most filters are empty (no --include, no .repoviewignore): those need no matcher,
        # and a pack that has none never imports pathspec (8 ms of a warm pack's start).
        self._spec = _spec(self.lines) if self.lines else None

    def __bool__(self) -> bool:
        return bool(self.lines)

    def matches(self, path: str) -> bool:
        """True when the last pattern that matches `path` (or a parent folder) is positive."""
        return self._spec is not None and bool(self._spec.match_file(_matchable(path)))


def _matchable(path: str) -> str:
    """`path` as the patterns' matcher can take it: a name's bytes that are not UTF-8 (held
    as lone surrogates) each stand as one U+FFFD, which a wildcard matches as git's does
    the byte (`?` one byte each)."""
    try:
        path.encode()
    except UnicodeEncodeError:
        return _LONE.sub("\ufffd", path)
    return path


_LONE = lazyre.compile("[\udc80-\udcff]")


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def load_ignore_file(path: Path) -> list[str]:
    """The lines of an ignore file, or none when it does not exist or cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    return data.decode("utf-8", "replace").splitlines()


class _Rules:
    """The .gitignore files that apply in one folder, innermost last (it wins)."""

    def __init__(self, stack: list[tuple[str, pathspec.GitIgnoreSpec]]) -> None:
        self.stack = stack

    def ignored(self, rel: str, is_dir: bool) -> bool:
        for base, spec in reversed(self.stack):
            sub = rel[len(base) :]
            result = spec.check_file(_matchable(sub + "/" if is_dir else sub))
            if result.include is not None:
                return bool(result.include)
        return False


def walk_plain(root: Path, global_rules: list[str]) -> Iterator[tuple[str, os.stat_result]]:
    """Yield (relative posix path, lstat) for each entry git would keep in a plain folder.

    Follows git's rules: .gitignore files in every folder apply to paths below it, a later
    and deeper pattern wins, negation re-includes, and nothing below an ignored folder can be
    re-included. Symbolic links are reported, never followed. Folders holding a `.git` are
    reported as one entry (like git reports a nested repository).
    """
    base_stack: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    if global_rules:
        base_stack.append(("", _spec(global_rules)))
    yield from _walk(root, "", base_stack)


def _walk(
    folder: Path, rel: str, stack: list[tuple[str, pathspec.GitIgnoreSpec]]
) -> Iterator[tuple[str, os.stat_result]]:
    lines = load_ignore_file(folder / ".gitignore")
    if lines:
        stack = [*stack, (rel, _spec(lines))]
    rules = _Rules(stack)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name == ".git":
            continue
        child = rel + entry.name
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        is_dir = stat.S_ISDIR(st.st_mode)
        if not (is_dir or stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            continue  # git lists no FIFOs, sockets or devices either
        if rules.ignored(child, is_dir):
            continue
        if is_dir:
            if os.path.lexists(os.path.join(entry.path, ".git")):
                yield child + "/", st
            else:
                yield from _walk(Path(entry.path), child + "/", stack)
        else:
            yield child, st


def parent_dirs(path: str) -> list[str]:
    """The folders above a relative posix path, outermost first."""
    return [str(p) for p in reversed(PurePosixPath(path).parents) if str(p) != "."]
