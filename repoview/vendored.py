"""Folders that hold another project's code, found by their contents: their own licence and
build files (not the repository's), or a bundled single-file build."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from collections.abc import Callable, Iterable

__all__ = ["find_vendored"]

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
_HOLDER = re.compile(r"copyright\s+(?:\(c\)|©)?\s*(?:[\d,\s\-–]+)?(?:by\s+)?([^\n<(]{3,80})", re.I)

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
    }
)

ReadTexts = Callable[[list[str]], dict[str, str]]
_BUNDLED_CODE = (".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp")
_BUNDLE_FILES = 12  # files in a folder that may be a bundled single-file build
_BUNDLE_READ = 3  # of its sources, how many are read for their copyright
_BUNDLE_SIZE = 100_000  # characters: an amalgamated build's files are this large


def _is_license(name: str) -> bool:
    stem = name.lower().split(".", 1)[0]
    return stem.startswith(_LICENSE_NAMES) and len(stem) <= 14


def find_vendored(paths: Iterable[str], read: ReadTexts) -> dict[str, str]:
    """Folders holding another project: their own licence and build files, not ours.

    A folder is the repository's own when it is a declared workspace member (Cargo,
    npm/pnpm/yarn/lerna, go.work), a top-level source folder (src/, lib/...), or when its
    licence is the root's licence or names the same copyright holder.
    """
    licenses: dict[str, str] = {}
    builds: set[str] = set()
    code: dict[str, list[str]] = {}  # folder -> its own source files (C family), directly inside
    counts: dict[str, int] = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        counts[folder] = counts.get(folder, 0) + 1
        if _is_license(name):
            licenses.setdefault(folder, path)
        elif name in _BUILD_FILES or name.endswith((".gemspec", ".cabal", ".nimble")):
            builds.add(folder)
        elif name.endswith(_BUNDLED_CODE):
            code.setdefault(folder, []).append(path)
    candidates = sorted(f for f in licenses if f and f in builds)
    # A build folder without a licence whose few, large sources all carry another holder's
    # copyright (a test framework bundled as an amalgamated build: gtest/, catch2/).
    bundles = sorted(
        f for f in builds if f and f not in licenses and f in code and counts[f] <= _BUNDLE_FILES
    )
    if not candidates and not bundles:
        return {}
    members = _workspace_members(read)
    root_license = licenses.get("", "")
    heads = [p for f in bundles for p in code[f][:_BUNDLE_READ]]
    texts = read(
        [licenses[f] for f in candidates] + ([root_license] if root_license else []) + heads
    )
    root_text = texts.get(root_license, "")
    root_norm, root_holders = _norm(root_text), _holder_words(root_text)
    found: dict[str, str] = {}
    for folder in sorted(candidates + bundles):
        if any(folder.startswith(f + "/") for f in found):
            continue
        if folder in _OWN_SOURCE or any(_member(folder, m) for m in members):
            continue
        if _OWN_DIRS & set(folder.lower().split("/")[-2:]):
            # A documentation build (its Makefile, a copyright page) is ours, and so are
            # examples with their own build files, often under a licence of their own
            # (public domain, so that users may copy them): the folder itself, or one
            # directly inside (a project deeper down, examples/app/libs/zxing/, is judged
            # like any other).
            continue
        if folder in licenses:
            text = texts.get(licenses[folder], "")
            if root_norm and (_norm(text) == root_norm or _holder_words(text) & root_holders):
                continue
            found[folder] = f"another project in {folder}/ (its own licence and build files)"
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
    return found


def _norm(text: str) -> str:
    return " ".join(re.sub(r"copyright[^\n]*", "", text, flags=re.I).split()).lower()


def _first_holder(text: str) -> str:
    """The holder named by the first copyright line of a file's leading comment."""
    m = _HOLDER.search(text[:2000])
    return m.group(1) if m else ""


def _holder_words(text: str) -> set[str]:
    """Distinctive words of the copyright holders a licence names."""
    out: set[str] = set()
    for m in _HOLDER.finditer(text[:4000]):
        words = re.findall(r"[a-z][a-z0-9]{2,}", m.group(1).lower())
        out.update(w for w in words if w not in _HOLDER_NOISE)
    return out


def _member(folder: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./").rstrip("/")
    return fnmatch.fnmatchcase(folder, pattern) or fnmatch.fnmatchcase(folder, pattern + "/*")


def _workspace_members(read: ReadTexts) -> list[str]:
    """Folder patterns the root manifests declare as the repository's own packages."""
    texts = read(["Cargo.toml", "package.json", "pnpm-workspace.yaml", "lerna.json", "go.work"])
    out: list[str] = []
    try:
        ws = tomllib.loads(texts.get("Cargo.toml", "")).get("workspace", {})
    except tomllib.TOMLDecodeError:
        ws = {}
    if isinstance(ws, dict) and isinstance(ws.get("members"), list):
        out.extend(m for m in ws["members"] if isinstance(m, str))
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
