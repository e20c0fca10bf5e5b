"""Folders that hold another project's code, found by their contents: their own licence (not
the repository's), a bundled single-file build, sources that all name one other copyright
holder and nothing of the project's, or, in a folder named for outside code (`external/`),
sources whose copyright is another holder's."""

from __future__ import annotations

import bisect
import fnmatch
import json
import posixpath
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from . import lazyre
from .ignore import VENDORED_DIRS, VENDORED_TOP_DIRS, generated_marker

__all__ = ["ancestors", "copied_marker", "find_vendored", "is_license", "own_top_folders"]

_LICENSE_NAMES = ("license", "licence", "copying", "copyright", "unlicense")
_BUILD_FILES = frozenset(
    {
        "Makefile",
        "makefile",
        "GNUmakefile",
        "Makefile.am",
        "Makefile.in",
        "CMakeLists.txt",
        "configure",
        "configure.ac",
        "configure.in",
        "meson.build",
        "SConstruct",
        "setup.py",
        "pyproject.toml",
        "package.json",
        "Cargo.toml",
        "go.mod",
        "build.gradle",
        "build.gradle.kts",
        "pom.xml",
        "BUILD",
        "BUILD.bazel",
        "build.zig",
        "premake5.lua",
        "Package.swift",
        "composer.json",
        "mix.exs",
        "rebar.config",
        "dune-project",
    }
)
_OWN_SOURCE = frozenset({"src", "lib", "source", "sources", "app", "pkg", "cmd", "internal"})
# Folders named for code from outside, below the top (src/external/): their C-family files
# are other projects' (stb, dr_libs: single-header libraries) unless their leading comment
# names the repository's own copyright holder.
_OUTSIDE_DIRS = frozenset({"external", "externals", "extern", "cextern", "libraries"})
_OUTSIDE_READ = 2000  # files of such folders read for their copyright, at most
_CODE_EXTS = frozenset(
    {"c", "h", "cc", "cpp", "hpp", "py", "pyi", "rb", "js", "ts", "go", "rs", "java", "kt"}
    | {"php", "pl", "sh", "vim", "lua", "swift", "cs", "scala", "ex", "exs", "hs", "ml"}
    | {"json", "yml", "yaml", "toml", "xml", "css", "scss", "svg", "png", "jpg", "gif"}
)
_STUBS = (".pyi", ".d.ts")  # type declarations: a folder of them is a bundled stub set
_EVIDENCE_READ = 64  # files of a folder with only a licence read for its notices and includes
_NOTICE_CHARS = 8000  # a file's first notice is looked for this far (a long description first)
_QUOTED_INCLUDE = lazyre.compile(r'#[ \t]*include[ \t]*"([^"\n]+)"')  # (see `_includes`)
# (a range may run to the present: "2012 - present, Victor Other" names Victor Other)
_HOLDER = lazyre.compile(
    r"copyright(?:\s*(?:\(c\)|©)|\s)\s*(?:[\d,\s\-–]+(?:present\b[,\s]*)?)?(?:by\s+)?"
    r"([^\n<(]{3,80})",
    re.I,
)
# A copyright notice: "Copyright (c) 2020 X" (or "Copyright(c)"), "Copyright 2020 X" or
# "Copyright X Inc." (not the licence's own words: "copyright notice", "COPYRIGHT HOLDERS BE
# LIABLE").
_NOTICE = lazyre.compile(
    r"(?i:copyright):?(?:\s*(?i:\(c\)|©)\s*[\d,\s\-–]*(?:(?i:present)\b[,\s]*)?"
    r"|\s+\d[\d,\s\-–]*(?:(?i:present)\b[,\s]*)?"
    r"|\s+(?=[A-Z])(?!(?i:holders?|owners?|notices?|law|licen|statement|and|protection|info)))"
    r"(?i:by\s+)?([^\n<(]{3,80})"
)

_OWN_DIRS = frozenset(
    {"doc", "docs", "documentation", "example", "examples", "sample", "samples", "demo", "demos"}
)
_HOLDER_NOISE = frozenset(
    {
        "and",
        "the",
        "all",
        "rights",
        "reserved",
        "contributors",
        "authors",
        "others",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "corp",
        "corporation",
        "its",
        "affiliates",
        "present",
        "see",
        "file",
        "for",
        "holders",
        "notice",
        "copyright",
        "software",
        "project",
        "owner",
        "license",
        "licensed",
        "this",
        "with",
        "from",
        # (words many holders share: "The X Team" is not "The Y Team")
        "team",
        "developers",
        "community",
        "group",
        # (a notice that names no one: tmux's "Copyright (c) Various Authors")
        "various",
        "individual",
        "respective",
    }
)

# A folder without a licence whose C sources all name the same holder, not the root's (a
# vendor's driver library, a standard's headers): read this many of them, spread over it.
# A module of a few files can be one contributor's, so a folder needs more.
_FOREIGN_SAMPLE, _FOREIGN_FILES, _FOREIGN_READ = 8, 6, 2000


class ReadTexts(Protocol):
    """Reads files of the repository as text."""

    def __call__(self, paths: list[str], head: int = 0) -> dict[str, str]:
        """The texts of those of `paths` that can be read; with `head`, only as much as
        the first `head` bytes hold."""
        ...


_BUNDLED_CODE = (".c", ".cc", ".cpp", ".cxx", ".cu", ".h", ".hh", ".hpp", ".cuh")
_BUNDLE_FILES = 12  # files in a folder that may be a bundled single-file build
_BUNDLE_READ = 3  # of its sources, how many are read for their copyright
_BUNDLE_SIZE = 100_000  # characters: an amalgamated build's files are this large


def is_license(name: str) -> bool:
    """Whether a file's name says it is a licence (`LICENSE.md`, `COPYING`, `LICENSE-MIT`,
    or named for what it covers: `fmt.license.rst`, `zlib-LICENSE`)."""
    lower = name.lower()
    stem = lower.split(".", 1)[0]
    ext = lower.rpartition(".")[2] if "." in lower else ""
    # (`copyright.rb` is code: a linter's rule about copyright notices)
    if stem.startswith(_LICENSE_NAMES) and len(stem) <= 14 and ext not in _CODE_EXTS:
        return True
    return _LICENCE_AFTER.fullmatch(lower) is not None


# A licence named for what it covers, its name first: `fmt.license.rst`, `zlib-LICENSE`,
# `PLY_LICENSE.rst` (the name must end there: `license-check.sh` is a script).
_LICENCE_AFTER = lazyre.compile(r"([\w+-]+?)[._-](?:licen[cs]e|copying)(?:\.(?:txt|md|rst|adoc))?")


def find_vendored(
    paths: Iterable[str], read: ReadTexts, sizes: Mapping[str, int] | None = None
) -> dict[str, str]:
    """Folders (and single files) holding another project, by path.

    Another project's folder has its own licence and build files; or its own licence
    alone, when its C sources name another holder and do not build on the project's
    headers, or when it holds type stubs; or, without a licence, a few large sources that
    all name another holder (an amalgamated build), or C sources that all name one other
    holder and (but for one in eight) include nothing of the project's. A folder is the
    repository's own when it is a declared workspace member (Cargo, npm/pnpm/yarn/lerna,
    go.work), a top-level source folder (src/, lib/...), documentation or examples, or
    when its licence is the root's licence or names the same copyright holder.

    Single files are another project's in a folder named for outside code (`external/`),
    beside a licence named after them (`LICENSE.bipbuffer` for `bipbuffer.c`), or when they
    are a single-file library: a large C source (`sizes` says which) whose leading comment
    carries a licence and another holder's copyright, and that includes nothing of the
    repository's.
    """
    listed = sorted(set(paths))  # (an order of its own: the same result every run)
    every = _Paths(listed)
    licenses: dict[str, list[str]] = {}  # folder -> its licence files (COPYING, LICENSE.txt)
    builds: set[str] = set()
    code: dict[str, list[str]] = {}  # folder -> its own source files (C family), directly inside
    counts: dict[str, int] = {}
    outside: list[str] = []  # C-family files in folders named for outside code
    packages: set[str] = set()  # Python packages (their `__init__.py`)
    distributions: set[str] = set()  # folders with a Python distribution's own setup
    for path in listed:
        folder, _, name = path.rpartition("/")
        counts[folder] = counts.get(folder, 0) + 1
        if name == "__init__.py":
            packages.add(folder)
        elif name in _DISTRIBUTION_FILES:
            distributions.add(folder)
        if is_license(name):
            licenses.setdefault(folder, []).append(path)
        elif name in _BUILD_FILES or name.endswith((".gemspec", ".cabal", ".nimble")):
            builds.add(folder)
        elif name.endswith(_BUNDLED_CODE):
            code.setdefault(folder, []).append(path)
            if _OUTSIDE_DIRS & set(folder.lower().split("/")[1:]):
                outside.append(path)
    # A licence named after files beside it is theirs, not its folder's (nor the root's).
    named = _licences_named_for_files(licenses, listed)
    for folder in list(licenses):
        licenses[folder] = [p for p in licenses[folder] if p not in named]
        if not licenses[folder]:
            del licenses[folder]
    large = _large_sources(listed, sizes or {})
    # A folder with a licence of its own: with its build files, or without (projects trim
    # what they bundle: wcslib/COPYING and its C files, typeshed/LICENSE and its stubs).
    candidates = sorted(f for f in licenses if f)
    # A build folder without a licence whose few, large sources all carry another holder's
    # copyright (a test framework bundled as an amalgamated build: gtest/, catch2/).
    bundles = sorted(
        f for f in builds if f and f not in licenses and f in code and counts[f] <= _BUNDLE_FILES
    )
    # (a file in a folder judged by its licence is judged with it)
    licensed = set(candidates)
    outside = [p for p in outside if not any(a in licensed for a in ancestors(p))]
    outside = outside[:_OUTSIDE_READ]
    unlicensed = _foreign_samples(listed, licensed)
    if not (candidates or bundles or outside or unlicensed or named or large):
        return {}
    # A folder with a licence but no build files may be the project's own code under
    # another licence (a library a company gave it): its files must say whose they are.
    bare = {f for f in candidates if f not in builds}
    samples: dict[str, list[str]] = {f: [] for f in bare}
    stubs: dict[str, list[int]] = {f: [0, 0] for f in bare}  # [stub files, code files]
    if bare:
        for path in listed:
            ext = path.rpartition(".")[2].lower()
            if ext not in _CODE_EXTS:
                continue
            for folder in ancestors(path):
                if folder in bare:
                    stubs[folder][0 if path.endswith(_STUBS) else 1] += 1
                    # C's sources carry their notices (a trimmed library: wcslib/)
                    if len(samples[folder]) < _EVIDENCE_READ and path.endswith(_BUNDLED_CODE):
                        samples[folder].append(path)
    members = _workspace_members(read)
    root_licenses = licenses.get("", [])
    heads = [p for f in bundles for p in code[f][:_BUNDLE_READ]]
    texts = read(
        [p for f in candidates for p in licenses[f]]
        + root_licenses
        + heads
        + outside
        + [p for f in bare for p in samples[f]]
        + list(named)
    )
    # Every licence file counts: a folder's public-domain COPYING beside a LICENSE.txt
    # naming the root's holder is still the project's own.
    root_texts = [texts.get(p, "") for p in root_licenses]
    root_text = "\n".join(root_texts)
    root_norms = {_norm(t) for t in root_texts} or {_norm("")}
    # The holders its notices name, each file's own (a long GPL text first must not hide a
    # LICENSE's holder; a licence's own words, "shall be included in all copies", would
    # match any other licence's).
    root_holders = set().union(*(_notice_holders(t) for t in root_texts))
    # For code without a licence of its own, a licence that names no one (Apache's text
    # alone) stands for the holder the project's own sources name ("Copyright (C) 2015 The
    # Fluent Bit Authors"). (A licensed folder is judged by its licence: Google's
    # googletest is not Google's project for that.)
    root_notice = root_holders or (_sources_holder(listed, read, licensed) if root_text else set())
    found: dict[str, str] = {}
    for folder in sorted(candidates + bundles):
        if any(folder.startswith(f + "/") for f in found):
            continue
        if folder in _OWN_SOURCE or any(_member(folder, m) for m in members):
            continue
        if (
            folder in packages
            and folder.rpartition("/")[0] in packages
            and folder not in distributions
        ):
            # A package of the project's own package (`numpy/random/`, contributed under its
            # author's licence, with its own meson.build) is the project's: a package that
            # bundles another keeps it in a folder named for that (`_vendor/`), left out by
            # its name, or carries the other's own setup (`distro/setup.py`).
            continue
        if _OWN_DIRS & set(folder.lower().split("/")[-2:]):
            # A documentation build (its Makefile, a copyright page) is ours, and so are
            # examples with their own build files, often under a licence of their own
            # (public domain, so that users may copy them): the folder itself, or one
            # directly inside (a project deeper down, examples/app/libs/zxing/, is judged
            # like any other).
            continue
        if (
            folder in builds
            and _released(folder, folder in licenses, every)
            and not any(
                _notice_holders(texts.get(p, "")) & root_holders for p in licenses.get(folder, [])
            )
        ):
            # A licence that reads as the root's (Apache's text names no one; MIT's, its
            # notice taken out, is the same for every project) is no sign of the project's
            # own when the folder is another project's release: named for its version
            # (`lib/yyjson-0.12.0/`, `snappy-fef67ac/`) or carrying a release's own files
            # (NEWS, AUTHORS, ChangeLog, INSTALL, NOTICE); but not when its licence names
            # the root's holder (binutils' `gdb/` and `gas/`: the FSF's, with NEWS and
            # ChangeLog of their own).
            found[folder] = (
                f"another project in {folder}/ (a release of its own, with its build files)"
            )
            continue
        if folder in licenses:
            own = [texts.get(p, "") for p in licenses[folder]]
            if folder in bare:
                # Its files must name another holder (none the root's), or be type stubs.
                if any(_norm(t) in root_norms for t in own):
                    continue
                held = [_notice_holders(texts.get(p, ""), first=True) for p in samples[folder]]
                # (without a licence at the root, a licensed folder is as likely the project;
                # and code that includes the project's headers is part of it, whoever
                # gave it: a library trimmed into a project includes only its own)
                foreign = (
                    bool(root_text)
                    and any(held)
                    and not any(h & root_notice for h in held)
                    and not _built_on_project(samples[folder], texts, folder, every)
                )
                n_stubs, n_code = stubs[folder]
                if not foreign and not n_stubs > 4 * n_code:
                    continue
            elif any(
                _norm(t) in root_norms - {""} or _notice_holders(t) & root_holders for t in own
            ):
                continue
            what = "licence and build files" if folder in builds else "licence"
            found[folder] = f"another project in {folder}/ (its own {what})"
            continue
        heads = [texts.get(p, "") for p in code[folder][:_BUNDLE_READ]]
        if min(map(len, heads)) < _BUNDLE_SIZE:
            continue  # small files: a contributed helper or an example, not a bundled build
        lines = [_first_holder(text) for text in heads]
        holders = [_holder_words(f"Copyright {line}") for line in lines]
        if root_holders and all(h and not h & root_holders for h in holders):
            found[folder] = (
                f"another project in {folder}/ (its build files; its code is "
                f"copyright {lines[0].strip(' .,')})"
            )
    for path in outside:
        if any(a in found for a in ancestors(path)) or path not in texts:
            continue
        line = _NOTICE.search(texts[path][:_NOTICE_CHARS])
        if not root_notice or (line and _words(line.group(1)) & root_notice):
            continue
        if line is None:
            # No notice: a single-header library includes nothing of the project; glue
            # code beside it does (`#include "../core.h"`). (A `libraries/` folder may hold
            # the project's own libraries, unsigned: there only another holder's name tells.)
            top = next(a for a in ancestors(path) if a.rpartition("/")[2].lower() in _OUTSIDE_DIRS)
            if top.rpartition("/")[2].lower() == "libraries" or _reaches_out(
                path, texts, top, every
            ):
                continue
        who = f"copyright {line.group(1).strip(' .,')}" if line else "no notice of the project's"
        found[path] = f"another project's file in {path.rpartition('/')[0]}/ ({who})"
    if unlicensed and root_notice:
        found.update(_foreign(unlicensed, found, members, root_notice, every, read))
    if root_notice:
        # (read once the folders are judged: a large file in one is judged with it)
        large = [p for p in large if not any(a in found for a in ancestors(p))]
        found.update(_files_of_others(named, large, texts, found, root_notice, every, read))
    return found


# A file that says it is a copy of another's: "Content of this file below the imports is a
# copy of mongodb.d.ts", "This file was copied verbatim from CPython", "// Copied from
# https://..." (a note of one line names where: a URL), "# Vendored copy of
# distutils/version.py from CPython", "This is also an upstream vendored file". Not a
# licence's "a copy of the License", nor a note on a part ("Parts of this file were copied
# from", "the code below is copied from", "the module docstring was copied from"), nor a copy
# of the repository's own file ("copied from ../core/utils.ts"). Only a large file's first
# lines are read: a small one costs a pack little, and a note atop it is as likely about a
# snippet.
_COPY_MIN, _COPY_HEAD = 8000, 1200  # characters
_COPY_WORDS = ("copy of", "copied", "vendored")
# Between two words of a sentence: spaces, or a line break and the comment's leader.
_ON = r"(?:[ \t]*\n[ \t]*(?:\*(?!/)|//+|#+|--|;+)?[ \t]*|[ \t]+)"
_COMMENT_BREAK = lazyre.compile(r"\s*\n\s*(?:\*(?!/)|//+|#+|--|;+)?\s*")
_SENTENCE_END = lazyre.compile(r"\*/|\.\s|\.$|\"\"\"|\'\'\'|-->|\n\s*\n")
_LEADERS = ("/*", "*", "//", "#", "--", ";", '"""', "'''", "<!--")
_COPIED = lazyre.compile(
    r"\b(?:this|the)\s+(?:(?:file|module|header)\b[^.\n]{0,40}?|(?:code|source)\s+)"
    r"\b(?:is|was|are|were)\s+(?:an?\s+)?"
    r"(?:(?:verbatim|exact|direct|unmodified|modified|slightly\s+modified)\s+)?"
    r"(?:copy\s+of|copied\s+(?:verbatim\s+)?from)\s+(?!(?:the|this)\s+licen)([^\n]{3,80})"
    r"|^[ \t]*(?:/\*+|\*|//+|#+|--|;+)?[ \t]*(?:(?:copied|vendored)\s+(?:verbatim\s+)?from\s+"
    # ("Vendored copy of" a file or a URL: `distutils/version.py from CPython`, not "of the
    # schema lives in ...", "of six is used when ...")
    r"(?=[^\n]*?https?://)|vendored\s+(?:copy|version)\s+of\s+"
    r"(?=https?://|[\w.-]+(?:/[\w.-]+)*\.[A-Za-z]\w{0,4}\b))(\S[^\n]{2,200})"
    # (what the sentence goes on to say, as group 1's: "file that we're not going to modify";
    # in the present, and ending the noun: "was a vendored module until 2.0", "a vendored file
    # list generator" are the project's own)
    rf"|\bthis{_ON}(?:file{_ON}|module{_ON})?is{_ON}(?:also{_ON})?(?:an?{_ON})?"
    rf"(?=(?:upstream{_ON})?vendored{_ON}(?:copy|file|module|version)"
    rf"(?:[ \t]*(?:$|[.,;:(]|--?[ \t])|{_ON}(?:that|which|from|of|and)\b))(\S[^\n]{{2,80}})",
    re.I | re.M,
)
# Words before the subject, or between it and its verb, that make it a part of the file.
_PART_OF = lazyre.compile(
    r"\b(?:parts?|portions?|some|most|much|bits|pieces|sections?|snippets?|functions?|"
    r"methods?|class(?:es)?|docstrings?|comments?|tests?|helpers?)\b",
    re.I,
)
_OWN_PATH = lazyre.compile(r"[`'\"]?\.{1,2}/")  # a relative path: the repository's own file


def copied_marker(text: str, scrub: Callable[[str], str] | None = None) -> str | None:
    """What a large file's first lines say it is a copy of (another project's file, left out
    as vendored); None for most files. `scrub` redacts what the note quotes (a URL may
    carry a token) before it is cut to length."""
    if len(text) < _COPY_MIN:
        return None
    head = text[:_COPY_HEAD]
    lower = head.lower()
    if not any(w in lower for w in _COPY_WORDS):
        return None
    m = _COPIED.search(head)
    if m is None:
        return None
    # In the file's leading comment, and "Copied from" as its first words: a note further
    # down is on a test or a function ("# Copied from the docstring.").
    before = [line.strip() for line in head[: m.start()].splitlines() if line.strip()]
    opened = head[: m.start()].count("/*") > head[: m.start()].count("*/")
    if not all(line.startswith(_LEADERS) or opened for line in before):
        return None
    if m.group(2) is not None and (len(before) > 2 or _OWN_PATH.match(m.group(2))):
        return None  # (far down the comment, or a copy of the repository's own file)
    if m.group(1) is not None or m.group(3) is not None:
        said_of = 1 if m.group(1) is not None else 3
        # (the sentence so far: "Parts of this file were", "the module docstring was")
        said = head[head.rfind(".", 0, m.start()) + 1 : m.start(said_of)]
        if _PART_OF.search(said) or _OWN_PATH.match(m.group(said_of)):
            return None
        # (what it is a copy of: to the sentence's end, over the comment's lines)
        first, *more = head[m.start(said_of) : m.start(said_of) + 300].split("\n")
        said_on = [first]
        for line in more:
            if not line.strip().startswith(_LEADERS):
                break  # (the comment ends; in a docstring, its first line is enough)
            said_on.append(line)
        rest = _COMMENT_BREAK.sub(" ", "\n".join(said_on))
    else:  # a note of one line
        rest = m.group(2)
    what = _SENTENCE_END.split(rest, maxsplit=1)[0].strip(" .,;:*/#-\"'`\r")
    if scrub is not None:
        what = scrub(what)
    if len(what) > 60:
        what = (what[:60].rpartition(" ")[0] or what[:60]) + " ..."
    return f"a copy of another project's file, its first lines say ({what})"


def own_top_folders(paths: Iterable[str], read: ReadTexts) -> frozenset[str]:
    """The folders in a top-level folder named for outside code (`deps/`) that are the
    repository's own, each holding files of its own: declared workspace members and what
    they hold; and, when the top folder is part of the root's Go module (Go files, and no
    go.mod or licence of its own: they build as `<module>/deps`, which the project's files
    import), the folders holding Go files and those below them, but for a folder with C
    sources and no Go file (a C library bundled beside the Go package)."""
    tops: dict[str, list[str]] = {}
    for path in paths:
        top, _, rest = path.partition("/")
        if rest and top in VENDORED_TOP_DIRS:
            tops.setdefault(top, []).append(path)
    if not tops:
        return frozenset()
    members = _workspace_members(read)
    go_module = "go.mod" in read(["go.mod"])
    own: set[str] = set()
    for inside in tops.values():
        folders = {p.rpartition("/")[0] for p in inside}
        own.update(
            f for f in folders if any(_member(a, m) for a in (f, *ancestors(f)) for m in members)
        )
        names = [p.rpartition("/")[2] for p in inside]
        if not go_module or "go.mod" in names or any(is_license(n) for n in names):
            continue
        go = {p.rpartition("/")[0] for p in inside if p.endswith(".go")}
        c_below = {a for p in inside if p.endswith(_BUNDLED_CODE) for a in ancestors(p)}
        own.update(
            f
            for f in folders
            if f in go or (f not in c_below and any(a in go for a in ancestors(f)))
        )
    return frozenset(own)


def _licences_named_for_files(
    licenses: dict[str, list[str]], listed: list[str]
) -> dict[str, list[str]]:
    """Licence files named after a file stem of their folder (`LICENSE.bipbuffer`,
    `COPYING-xxhash.txt`, `bipbuffer.license`), with the files of that stem (`bipbuffer.c`,
    `bipbuffer.h`)."""
    wanted: dict[str, tuple[str, str]] = {}  # licence -> (its folder, the stem it names)
    for folder, files in licenses.items():
        for path in files:
            name = path.rpartition("/")[2].lower()
            m = _NAMED_LICENCE.fullmatch(name) or _LICENCE_AFTER.fullmatch(name)
            if m and m.group(1) not in _TEXT_KINDS:
                wanted[path] = (folder, m.group(1))
    if not wanted:
        return {}  # (most repositories: no need to go through every path)
    stems: dict[tuple[str, str], list[str]] = {key: [] for key in wanted.values()}
    for path in listed:
        folder, _, name = path.rpartition("/")
        if name.endswith(_BUNDLED_CODE):
            key = (folder, name.rpartition(".")[0].lower())
            if key in stems:
                stems[key].append(path)
    return {path: stems[key] for path, key in wanted.items() if stems[key]}


# `LICENSE.stem`, `LICENSE-stem`, `COPYING.stem`, `LICENSE_stem.txt`
_NAMED_LICENCE = lazyre.compile(r"(?:licen[cs]e|copying)[._-]([\w-]+?)(?:\.txt|\.md)?")
# What `LICENSE.md` and its kin are named for: their format, not a file (nor `md.c`).
_TEXT_KINDS = frozenset({"txt", "md", "rst", "adoc", "html", "rtf"})


def _large_sources(listed: list[str], sizes: Mapping[str, int]) -> list[str]:
    """The C sources large enough to be a single-file library (xxhash.h, a parser
    generator's one-file build), outside folders named for outside code."""
    return [
        p
        for p in listed
        if p.endswith(_BUNDLED_CODE)
        and sizes.get(p, 0) >= _BUNDLE_SIZE
        # (the defaults leave out what folders named for outside code hold)
        and not (_OUTSIDE_DIRS | VENDORED_DIRS) & set(p.lower().split("/")[:-1])
        and p.partition("/")[0] not in VENDORED_TOP_DIRS
    ][:_LARGE_READ]


_LARGE_READ = 100  # large C sources read for their notices, at most
# Licence text in a file's leading comment (a copy carries its licence with it), looked for
# in its lower case (a pattern that ignores case cost 1 ms a file).
_LICENCE_WORDS = (
    "redistribution and use",
    "permission is hereby granted",
    "permission to use, copy",
    "licensed under",
    "general public license",
    "spdx-license-identifier",
    "disclaim",
)
# A dedication to the public domain instead of a holder (a parser generator's one file).
_DISCLAIMED = lazyre.compile(r"disclaims? (?:all )?copyright")


def _files_of_others(
    named: dict[str, list[str]],
    large: list[str],
    texts: dict[str, str],
    found: dict[str, str],
    root_notice: set[str],
    every: _Paths,
    read: ReadTexts,
) -> dict[str, str]:
    """Single files that are another project's: those beside a licence named after them
    that names another holder than the root's, and single-file libraries (only their
    leading comments are read, and whole only those that carry another's licence)."""
    out: dict[str, str] = {}
    if not root_notice:
        return out  # (without the root's holder, nothing tells the project's from a copy)
    for licence, files in named.items():
        holders = _notice_holders(texts.get(licence, ""), first=True)
        if holders and not holders & root_notice:
            for path in files:
                if not any(a in found for a in ancestors(path)):
                    out[path] = f"another project's file ({licence.rpartition('/')[2]} beside it)"
    large = [p for p in large if p not in out and not any(a in found for a in ancestors(p))]
    # (as many bytes as characters: in a comment that is not ASCII a little less is read)
    heads = read(large, head=_NOTICE_CHARS)
    others = {p: who for p in large if (who := _others_notice(heads.get(p, ""), root_notice))}
    whole = read(list(others))
    for path, who in others.items():
        text = whole.get(path, "")
        included = _repository_includes(path, text, every)
        # Headers that carry the same holder's notice are the library's own (an amalgamated
        # jsoncpp.cpp and its json/json.h): they go with it. Any other is the project's,
        # and a large file that builds on it is the project's own.
        if len(included) > _INCLUDES_READ:
            continue  # (a file built on many of the repository's headers is its own)
        holder = _notice_holders(heads.get(path, ""), first=True)
        notices = read(included, head=_NOTICE_CHARS) if included else {}
        if any(not _notice_holders(notices.get(p, ""), first=True) & holder for p in included):
            continue  # (the project's own large file builds on its headers)
        if generated_marker(text):
            continue  # (left out as generated: a table made from another project's)
        out[path] = f"a single-file library ({who})"
        for header in included:
            out.setdefault(header, f"a header of {path.rpartition('/')[2]} ({who})")
    return out


def _others_notice(text: str, root_notice: set[str]) -> str | None:
    """Whose the file is, when its leading comment carries licence text and another
    holder's copyright than the root's (or disclaims copyright); else None."""
    head = text[:_NOTICE_CHARS]
    lower = head.lower()
    if not any(w in lower for w in _LICENCE_WORDS):
        return None  # (most large files: no need for the notice's pattern)
    line = _NOTICE.search(head)
    held = _words(line.group(1)) if line else set()
    if held & root_notice:
        return None
    if not held and not _DISCLAIMED.search(lower):
        return None
    return f"copyright {line.group(1).strip(' .,')}" if line else "its author disclaims copyright"


# `#include "x.h"` or `<x.h>`, found by its `#` and then checked to begin its line: a pattern
# anchored at every line's start took 12 ms over a few large headers, this one 1 ms.
_ANY_INCLUDE = lazyre.compile(r'#[ \t]*include[ \t]*(?:"([^"\n]+)"|<([^>\n]+)>)')
_BLANK = lazyre.compile(r"[ \t]*")


def _includes(text: str, pattern: re.Pattern[str] = _QUOTED_INCLUDE) -> Iterator[re.Match[str]]:
    """The `#include` lines of the C file (at the start of a line), in order."""
    for m in pattern.finditer(text):
        if _BLANK.fullmatch(text, text.rfind("\n", 0, m.start()) + 1, m.start()):
            yield m


def _repository_includes(path: str, text: str, every: _Paths) -> list[str]:
    """The files of the repository other than itself that the C file includes, by a quoted
    or bracketed name (a library in one file includes only the system's headers, or its
    own few); at most `_INCLUDES_READ`, and one more when there are more."""
    here = path.rpartition("/")[0]
    found: list[str] = []
    for m in _includes(text, _ANY_INCLUDE):
        name = m.group(1) or m.group(2)
        near = posixpath.normpath(posixpath.join(here, name))
        if near == path:
            continue
        system = m.group(2) is not None and "/" not in name  # `<limits.h>`
        if near in every.all:
            hit: str | None = near
        else:
            # (a system header's bare name is the project's only beside the file, at the
            # root or in an include or source folder: haproxy's `include/haproxy/limits.h`
            # is no `<limits.h>`)
            tail = "/" + name.lstrip("./")
            hit = next(
                (
                    p
                    for p in every.by_name.get(name.rpartition("/")[2], ())
                    if p != path
                    and (p == name or p.endswith(tail))
                    and (
                        not system
                        or p == name
                        or p.rpartition("/")[0].rpartition("/")[2].lower() in _INCLUDE_DIRS
                    )
                ),
                None,
            )
        if hit is not None and hit not in found:
            found.append(hit)
            if len(found) > _INCLUDES_READ:
                break
    return found


_INCLUDES_READ = 4  # a single-file library's own headers, at most
_INCLUDE_DIRS = frozenset({"include", "inc", "src"})
_DISTRIBUTION_FILES = frozenset({"setup.py", "setup.cfg", "pyproject.toml"})


_OWN_SAMPLE = 12  # of the project's own sources, how many are read for their holder


def _sources_holder(listed: list[str], read: ReadTexts, licensed: set[str]) -> set[str]:
    """The words of the holder that most of the project's own sources name (at the top, or
    in a top-level source folder such as src/ or include/), when one is named by at least
    half of those that name any; empty otherwise."""
    own = [
        p
        for p in listed
        if p.endswith(_BUNDLED_CODE)
        and p.count("/") <= 1
        and (p.count("/") == 0 or p.split("/", 1)[0] in _OWN_SOURCE | {"include"})
        and p.rpartition("/")[0] not in licensed
    ]
    heads = read(_spread(own, _OWN_SAMPLE), head=_NOTICE_CHARS)
    # (every notice of each: "Copyright (C) Igor Sysoev" then "Copyright (C) NGINX, Inc.",
    # and a file that names only the second is the project's too)
    named = [h for t in heads.values() if (h := _notice_holders(t))]
    if len(named) < 3:
        return set()
    counts = Counter(w for held in named for w in held)
    return {w for w, n in counts.items() if 2 * n >= len(named)}


def _foreign_samples(listed: list[str], licensed: set[str]) -> dict[str, list[str]]:
    """Per folder below the top with enough C sources (and no licence of its own or above
    it), its C sources (all of its tree), while their samples stay within what is read."""
    tree: dict[str, list[str]] = {}
    for path in listed:
        if not path.endswith(_BUNDLED_CODE):
            continue
        above = ancestors(path)
        if any(a in licensed for a in above):
            continue
        for folder in above[:-1]:  # (not a top-level folder: the project's own, as a rule)
            tree.setdefault(folder, []).append(path)
    out: dict[str, list[str]] = {}
    total = 0
    for folder in sorted(tree, key=lambda f: (f.count("/"), f)):
        files = tree[folder]
        if len(files) < _FOREIGN_FILES or total >= _FOREIGN_READ:
            continue
        out[folder] = files
        total += len(_spread(files, _FOREIGN_SAMPLE))
    return out


def _spread(files: list[str], most: int) -> list[str]:
    """All of `files` when they are few (up to twice `most`), else `most` of them spread
    evenly over the list (in path order: over the whole tree, not its first subfolder)."""
    n = len(files)
    if n <= 2 * most:
        return files
    return [files[i * n // most] for i in range(most)]


def _foreign(
    trees: dict[str, list[str]],
    found: dict[str, str],
    members: list[str],
    root_notice: set[str],
    every: _Paths,
    read: ReadTexts,
) -> dict[str, str]:
    """The outermost folders whose C sources carry a notice naming one holder that the
    root's licence does not, and that build on nothing of the project's: a project's own
    files, a contributor's among them, include its headers. A few may carry no notice (a
    stub that includes another header says nothing of whose it is), but then more must
    name the holder. A sample is judged, then every file of the folder as far as its
    notice: one naming the root's holder or another keeps the folder (the project's own
    headers beside a copy; a port's files beside a vendor's), and what is deeper down is
    judged on its own."""
    samples = {folder: _spread(files, _FOREIGN_SAMPLE) for folder, files in trees.items()}
    texts = read(sorted({p for files in samples.values() for p in files}))
    out: dict[str, str] = {}
    for folder, files in samples.items():
        if any(a in found or a in out for a in [folder, *ancestors(folder)]):
            continue
        if any(_member(folder, m) for m in members) or _OWN_DIRS & set(folder.lower().split("/")):
            continue
        held = [_notice_holders(texts.get(p, ""), first=True) for p in files]
        whole = len(files) == len(trees[folder])
        shared = _one_other_holder(held, root_notice, whole)
        if not shared:
            continue
        reaching = sum(_reaches_out(p, texts, folder, every) for p in files)
        if reaching * 8 > len(files):
            continue
        if not whole:
            sampled = set(files)
            rest = [p for p in _spread(trees[folder], _FOREIGN_READ // 2) if p not in sampled]
            heads = read(rest, head=_NOTICE_CHARS)
            every_held = held + [_notice_holders(t, first=True) for t in heads.values()]
            if not _one_other_holder(every_held, root_notice, True):
                continue
        line = next(m for p in files if (m := _NOTICE.search(texts.get(p, "")[:_NOTICE_CHARS])))
        who = re.split(r"\*/|\s{2,}|[.,]?\s+all rights", line.group(1), flags=re.I)[0]
        who = who.strip(" .,") or " ".join(sorted(shared))
        out[folder] = f"another project in {folder}/ (its files are copyright {who})"
    return out


def _one_other_holder(held: list[set[str]], root_notice: set[str], every: bool) -> set[str]:
    """The words of the one holder, not the root's, that the files' notices (`held`, each
    file's words) all name; empty when there is none, or too few name it. At most one in
    four may say nothing (the project's own files often carry no notice, a contributor's
    few carry theirs); of `every` file of a folder, as many must name it as a folder needs,
    and more when some say nothing (of a sample, as many as a folder needs)."""
    noticed = [h for h in held if h]
    need = _FOREIGN_FILES if not every or len(noticed) == len(held) else _FOREIGN_SAMPLE
    if len(noticed) < need or (len(held) - len(noticed)) * 4 > len(held):
        return set()
    shared = set.intersection(*noticed)
    return set() if any(h & root_notice for h in noticed) else shared


def ancestors(path: str) -> list[str]:
    """`a/b/c.h` -> ["a/b", "a"]."""
    out = []
    while "/" in path:
        path = path.rpartition("/")[0]
        out.append(path)
    return out


class _Paths:
    """The repository's paths, and by their last part (what an include names)."""

    def __init__(self, listed: list[str]) -> None:
        self.sorted = listed  # (sorted: a folder's paths stand together)
        self.all = set(listed)
        self.by_name: dict[str, list[str]] = {}
        for p in listed:
            self.by_name.setdefault(p.rpartition("/")[2], []).append(p)

    def under(self, folder: str) -> list[str]:
        """The paths inside `folder`."""
        start = bisect.bisect_left(self.sorted, folder + "/")
        end = bisect.bisect_left(self.sorted, folder + "0")  # ("0" sorts right after "/")
        return self.sorted[start:end]


def _built_on_project(files: list[str], texts: dict[str, str], folder: str, every: _Paths) -> bool:
    """Whether most of `files` (C sources of `folder`) include the project's own headers,
    themselves or through a header of the folder that does (a library a project adapted
    includes its headers everywhere; a copy includes at most a configuration header it is
    given, or a sibling library's)."""
    inside: dict[str, list[str]] = {}
    reaching = set()
    for path in files:
        here = path.rpartition("/")[0]
        inside[path] = [
            posixpath.normpath(posixpath.join(here, n))
            for n in (m.group(1) for m in _includes(texts.get(path, "")))
        ]
        if _reaches_out(path, texts, folder, every):
            reaching.add(path)
    grown = True
    while grown:  # through the folder's own headers
        grown = False
        for path, included in inside.items():
            if path not in reaching and any(p in reaching for p in included):
                reaching.add(path)
                grown = True
    return len(reaching) * 2 > len(files)


def _reaches_out(path: str, texts: dict[str, str], folder: str, every: _Paths) -> bool:
    """Whether the C file at `path` includes, by a quoted name, a file of the repository
    outside `folder` (not a configuration header: a library is given its `expat_config.h`)."""
    here = path.rpartition("/")[0]
    for name in (m.group(1) for m in _includes(texts.get(path, ""))):
        if "conf" in name.rpartition("/")[2].lower():
            continue
        near = posixpath.normpath(posixpath.join(here, name))
        if near in every.all:
            if not near.startswith(folder + "/"):
                return True
            continue
        bare = name.lstrip("./")
        tail = "/" + bare
        held = [
            p
            for p in every.by_name.get(name.rpartition("/")[2], ())
            if p == bare or p.endswith(tail)
        ]
        if held and not any(p.startswith(folder + "/") for p in held):
            return True
    return False


# A folder named for a release: `-1.2.3`, `-2.4.1`, a date or a build number (`-3510100`), a
# commit (`-e23f558`, with a digit among its letters).
_RELEASE_NAME = lazyre.compile(
    r"[A-Za-z][\w.+-]*?-(?:v?\d+(?:\.\d+){1,3}|\d{6,}|(?=[a-f]*\d)[0-9a-f]{7,12})"
)
# The files a released project carries at its top (GNU's and Apache's), more than one of them.
_RELEASE_FILES = ("NEWS", "AUTHORS", "ChangeLog", "INSTALL", "NOTICE", "THANKS")
# A repository's own files that act only at its top: its submodules, its CI's settings.
# (not `.gitlab-ci.yml`: GitLab's `include: local:` takes one from anywhere in the repository)
_REPOSITORY_FILES = (".gitmodules", ".travis.yml", "appveyor.yml", ".cirrus.yml")


def _released(folder: str, licensed: bool, every: _Paths) -> bool:
    """Whether `folder`, which holds build files, holds another project's release or
    repository: named for a release, or with a licence and a release's own files, or with a
    licence and a repository's own CI or submodules (which do nothing below the top of a
    repository: a forge runs only the root's `.github/workflows/`, git reads only the root's
    `.gitmodules`)."""
    if _RELEASE_NAME.fullmatch(folder.rpartition("/")[2]):
        return True
    if not licensed:
        return False
    if sum(f"{folder}/{name}" in every.all for name in _RELEASE_FILES) >= 2:
        return True
    return any(f"{folder}/{name}" in every.all for name in _REPOSITORY_FILES) or any(
        p.startswith(f"{folder}/.github/workflows/") for p in every.under(folder)
    )


def _norm(text: str) -> str:
    return " ".join(re.sub(r"copyright[^\n]*", "", text, flags=re.I).split()).lower()


def _notice_holders(text: str, first: bool = False) -> set[str]:
    """Distinctive words of the holders that copyright notices name (only the first notice
    of a file's leading comment with `first`)."""
    if first:
        m = _NOTICE.search(text[:_NOTICE_CHARS])
        return _words(m.group(1)) if m else set()
    return {w for m in _NOTICE.finditer(text[:4000]) for w in _words(m.group(1))}


def _words(holder: str) -> set[str]:
    """A copyright holder's distinctive words: `Google Inc.` -> {"google"}."""
    return {w for w in re.findall(r"[a-z][a-z0-9]{2,}", holder.lower()) if w not in _HOLDER_NOISE}


def _first_holder(text: str) -> str:
    """The holder named by the first copyright line of a file's leading comment."""
    m = _HOLDER.search(text[:2000])
    return m.group(1) if m else ""


def _holder_words(text: str) -> set[str]:
    """Distinctive words of the copyright holders a licence names."""
    return {w for m in _HOLDER.finditer(text[:4000]) for w in _words(m.group(1))}


def _member(folder: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./").rstrip("/")
    return fnmatch.fnmatchcase(folder, pattern) or fnmatch.fnmatchcase(folder, pattern + "/*")


# Maven's `<module>` and Gradle's `include` (`'app'`, `":lib:core"`, `("a", "b")`, over
# lines too) and a project given its folder (`project(':x').projectDir = file('path/x')`).
_MAVEN_MODULE = re.compile(r"<module>\s*([^<\s]+)\s*</module>")
_GRADLE_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_GRADLE_INCLUDE = re.compile(
    r"\binclude(?:Flat)?\b[ \t]*\(?((?:\s*[\"'][^\"'\n]+[\"'][ \t]*,?)+)", re.S
)
_GRADLE_NAME = re.compile(r"[\"']:?([\w.:-]+)[\"']")
_GRADLE_DIR = re.compile(
    r"projectDir\s*=\s*(?:(?:new\s+)?(?:java\.io\.)?File\([^,)\n]{0,80},\s*|file\()\s*[\"']([^\"']+)[\"']"
)
_MANIFESTS = [
    "Cargo.toml",
    "package.json",
    "pnpm-workspace.yaml",
    "lerna.json",
    "go.work",
    "pom.xml",
    "settings.gradle",
    "settings.gradle.kts",
    "pyproject.toml",
]


def _toml_table(text: str, *keys: str) -> dict[str, Any]:
    """The table at `keys` in a TOML text, {} where it is missing, not a table, or the text
    does not parse."""
    try:
        table: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}
    for key in keys:
        table = table.get(key) if isinstance(table, dict) else None
    return table if isinstance(table, dict) else {}


def _workspace_members(read: ReadTexts) -> list[str]:
    """Folder patterns the root manifests declare as the repository's own packages (or
    modules, projects, members)."""
    texts = read(_MANIFESTS)
    out: list[str] = []
    for ws in (
        _toml_table(texts.get("Cargo.toml", ""), "workspace"),
        _toml_table(texts.get("pyproject.toml", ""), "tool", "uv", "workspace"),
    ):
        if isinstance(ws.get("members"), list):
            out.extend(m for m in ws["members"] if isinstance(m, str))
    pom = re.sub(r"<!--.*?-->", "", texts.get("pom.xml", ""), flags=re.S)
    for module in _MAVEN_MODULE.findall(pom):  # (a folder, or its `pom.xml`)
        out.append(posixpath.dirname(module) if module.endswith(".xml") else module.rstrip("/"))
    for name in ("settings.gradle", "settings.gradle.kts"):
        gradle = _GRADLE_COMMENT.sub("", texts.get(name, ""))
        for names in _GRADLE_INCLUDE.findall(gradle):
            out.extend(m.replace(":", "/") for m in _GRADLE_NAME.findall(names))
        out.extend(_GRADLE_DIR.findall(gradle))
    for name in ("package.json", "lerna.json"):
        try:
            data = json.loads(texts.get(name) or "null")
        except ValueError:
            data = None
        if isinstance(data, dict):
            listed = data.get("workspaces", data.get("packages"))
            if isinstance(listed, dict):
                listed = listed.get("packages")
            if isinstance(listed, list):
                out.extend(m for m in listed if isinstance(m, str))
    pnpm = texts.get("pnpm-workspace.yaml", "")
    out.extend(m.strip("'\"") for m in re.findall(r"^\s*-\s*(\S+)\s*$", pnpm, re.M))
    out.extend(re.findall(r"^\s*(\./[^\s)]+)", texts.get("go.work", ""), re.M))
    return out
