"""Ignore rules: git's semantics for plain directories, and repoview's own exclude layers."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pathspec

__all__ = [
    "DefaultExcludes",
    "PatternFilter",
    "load_ignore_file",
    "walk_plain",
]

# Built-in default excludes, kept as data: matched by set look-ups, not by a regex per path,
# because they run on every file of every pack.
LOCKFILES = frozenset(
    {
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
        "bun.lock", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "Cargo.lock",
        "Gemfile.lock", "composer.lock", "go.sum", "mix.lock", "pubspec.lock", "Podfile.lock",
        "packages.lock.json", "flake.lock", "gradle.lockfile", "conda-lock.yml",
    }
)  # fmt: skip
DEPENDENCY_DIRS = frozenset(
    {
        "node_modules", "bower_components", "jspm_packages", "vendor", "third_party",
        "thirdparty", "3rdparty", ".venv", "venv", "__pycache__", ".tox", ".nox", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".gradle", ".idea", ".vs", "Pods", "Carthage",
        ".yarn", ".pnpm-store", "site-packages", ".next", ".nuxt", ".svelte-kit", ".terraform",
    }
)  # fmt: skip
GENERATED_SUFFIXES = (
    ".min.js", ".min.css", ".min.mjs", ".bundle.js", ".chunk.js", ".js.map", ".css.map",
    ".map", "_pb2.py", "_pb2_grpc.py", "_pb2.pyi", ".pb.go", ".pb.cc", ".pb.h", ".g.dart",
    ".freezed.dart", ".generated.cs", ".designer.cs", ".pyc", ".pyo", ".class", ".o", ".obj",
    ".a", ".so", ".dylib", ".dll", ".exe", ".lib", ".wasm",
)  # fmt: skip
BINARY_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".icns", ".webp", ".tif", ".tiff",
        ".psd", ".heic", ".avif", ".pdf", ".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst",
        ".7z", ".rar", ".jar", ".war", ".whl", ".egg", ".deb", ".rpm", ".dmg", ".iso", ".woff",
        ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".flac",
        ".avi", ".mov", ".mkv", ".webm", ".sqlite", ".sqlite3", ".db", ".parquet", ".npy",
        ".npz", ".pkl", ".pickle", ".pt", ".pth", ".onnx", ".h5", ".tflite", ".bin", ".dat",
        ".xlsx", ".xls", ".docx", ".doc", ".pptx", ".ppt", ".odt", ".ods", ".key", ".pages",
    }
)  # fmt: skip


@dataclass(frozen=True)
class DefaultExcludes:
    """repoview's built-in excludes: lockfiles, dependency folders, generated and binary files."""

    def reason(self, path: str) -> str | None:
        """Why the defaults leave `path` out, in words, or None to keep it."""
        parts = path.split("/")
        name = parts[-1]
        for part in parts[:-1]:
            if part in DEPENDENCY_DIRS:
                return f"dependency folder {part}/"
        if name in LOCKFILES:
            return "lockfile"
        lower = name.lower()
        if lower.endswith(GENERATED_SUFFIXES):
            return "generated or compiled file"
        dot = lower.rfind(".")
        if dot > 0 and lower[dot:] in BINARY_SUFFIXES:
            return "binary file type"
        return None


class PatternFilter:
    """gitignore-syntax patterns matched against paths relative to one base folder."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = [line for line in lines if line.strip() and not line.startswith("#")]
        self._spec = pathspec.GitIgnoreSpec.from_lines(self.lines)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def matches(self, path: str) -> bool:
        """True when the last pattern that matches `path` (or a parent folder) is positive."""
        return bool(self._spec.match_file(path))


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
            result = spec.check_file(sub + "/" if is_dir else sub)
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
        base_stack.append(("", pathspec.GitIgnoreSpec.from_lines(global_rules)))
    yield from _walk(root, "", base_stack)


def _walk(
    folder: Path, rel: str, stack: list[tuple[str, pathspec.GitIgnoreSpec]]
) -> Iterator[tuple[str, os.stat_result]]:
    lines = load_ignore_file(folder / ".gitignore")
    if lines:
        stack = [*stack, (rel, pathspec.GitIgnoreSpec.from_lines(lines))]
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
