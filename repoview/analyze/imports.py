"""The import graph: which files of the repository each file imports.

Extraction is by regular expressions over the text (fast, never fails on broken code);
resolution maps what a file names to files of this repository and drops the rest
(the standard library, third-party packages).
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

from ..model import PackedFile

__all__ = ["build_graph"]

_PY = re.compile(
    r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+([^\n#;]+)|import[ \t]+([^\n#;]+))", re.M
)
_JS = re.compile(
    r"""(?:\bimport\s+(?:[^'"`;]*?\bfrom\s+)?|\bexport\s+[^'"`;]*?\bfrom\s+|"""
    r"""\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"\n]+)['"]"""
)
_GO_BLOCK = re.compile(r"^import\s*\(([^)]*)\)", re.M)
_GO_SINGLE = re.compile(r'^import\s+(?:[\w.]+\s+)?"([^"]+)"', re.M)
_GO_PATH = re.compile(r'"([^"]+)"')
_RUST_MOD = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;", re.M)
_RUST_USE = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+((?:crate|self|super)(?:::\w+)+)", re.M)
_JAVA = re.compile(r"^\s*import\s+(?:static\s+)?([\w.]+)(?:\.\*)?\s*;", re.M)
_C_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

_JS_EXT = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte")
_PY_LANGS = {"Python"}
_JS_LANGS = {"JavaScript", "JSX", "TypeScript", "TSX", "Vue"}


class _Index:
    """Look-ups from names to files, built once per pack."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = set(paths)
        self.py: dict[str, str] = {}
        self.by_suffix: dict[str, list[str]] = defaultdict(list)
        self.go_dirs: dict[str, list[str]] = defaultdict(list)
        for p in sorted(paths, key=lambda p: (p.count("/"), p)):
            if p.endswith((".py", ".pyi")):
                mod = p.rsplit(".", 1)[0].replace("/", ".")
                if mod.endswith(".__init__"):
                    mod = mod[: -len(".__init__")]
                parts = mod.split(".")
                # Every suffix: `src/pkg/mod.py` answers to pkg.mod as well (source roots).
                for i in range(len(parts)):
                    self.py.setdefault(".".join(parts[i:]), p)
            parts = p.split("/")
            for i in range(len(parts)):
                self.by_suffix["/".join(parts[i:])].append(p)
            if p.endswith(".go") and not p.endswith("_test.go"):
                self.go_dirs[posixpath.dirname(p)].append(p)

    def suffix(self, rel: str) -> str | None:
        hits = self.by_suffix.get(rel.lstrip("./"))
        return hits[0] if hits else None


def _python(f: PackedFile, idx: _Index) -> Iterable[str]:
    package = f.path.rsplit("/", 1)[0].replace("/", ".") if "/" in f.path else ""
    if f.path.endswith("__init__.py"):
        package = f.path[: -len("/__init__.py")].replace("/", ".") if "/" in f.path else ""
    for m in _PY.finditer(f.text):
        base, names, plain = m.groups()
        if plain:
            for item in plain.split(","):
                name = item.strip().split(" ")[0]
                if name:
                    yield from _py_module(name, idx)
            continue
        if base.startswith("."):
            dots = len(base) - len(base.lstrip("."))
            parts = package.split(".") if package else []
            parts = parts[: len(parts) - (dots - 1)] if dots > 1 else parts
            base = ".".join([*parts, base.lstrip(".")] if base.lstrip(".") else parts)
        found = False
        for item in names.strip("() \\").split(","):
            name = item.strip().split(" ")[0].strip("()")
            if name and name != "*":
                target = idx.py.get(f"{base}.{name}" if base else name)
                if target:
                    found = True
                    yield target
        if not found and base:
            yield from _py_module(base, idx)


def _py_module(name: str, idx: _Index) -> Iterable[str]:
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        target = idx.py.get(".".join(parts[:i]))
        if target:
            yield target
            return


def _js(f: PackedFile, idx: _Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    for m in _JS.finditer(f.text):
        spec = m.group(1)
        if not spec.startswith("."):
            continue
        base = posixpath.normpath(posixpath.join(here, spec))
        for cand in (base, *(base + e for e in _JS_EXT), *(f"{base}/index{e}" for e in _JS_EXT)):
            if cand in idx.paths:
                yield cand
                break


def _go(f: PackedFile, idx: _Index, module: str) -> Iterable[str]:
    specs = [m.group(1) for m in _GO_SINGLE.finditer(f.text)]
    for block in _GO_BLOCK.finditer(f.text):
        specs.extend(_GO_PATH.findall(block.group(1)))
    for spec in specs:
        if module and (spec == module or spec.startswith(module + "/")):
            rel = spec[len(module) :].lstrip("/")
            yield from idx.go_dirs.get(rel, [])


def _rust(f: PackedFile, idx: _Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    stem = posixpath.basename(f.path)[:-3]
    mod_dir = here if stem in ("lib", "main", "mod") else posixpath.join(here, stem)
    for m in _RUST_MOD.finditer(f.text):
        for cand in (f"{mod_dir}/{m.group(1)}.rs", f"{mod_dir}/{m.group(1)}/mod.rs"):
            cand = cand.lstrip("/")
            if cand in idx.paths:
                yield cand
                break
    src = f.path.split("/src/")[0] + "/src" if "/src/" in f.path else "src"
    for m in _RUST_USE.finditer(f.text):
        parts = m.group(1).split("::")
        if parts[0] != "crate":
            continue
        for i in range(len(parts), 1, -1):
            rel = "/".join(parts[1:i])
            hit = next((c for c in (f"{src}/{rel}.rs", f"{src}/{rel}/mod.rs") if c in idx.paths),
                       None)  # fmt: skip
            if hit:
                yield hit
                break


def _java(f: PackedFile, idx: _Index) -> Iterable[str]:
    for m in _JAVA.finditer(f.text):
        target = idx.suffix(m.group(1).replace(".", "/") + ".java")
        if target:
            yield target


def _c(f: PackedFile, idx: _Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    for m in _C_INCLUDE.finditer(f.text):
        local = posixpath.normpath(posixpath.join(here, m.group(1)))
        target = local if local in idx.paths else idx.suffix(m.group(1))
        if target:
            yield target


def _go_module(files: list[PackedFile]) -> str:
    for f in files:
        if f.path == "go.mod":
            m = re.search(r"^module\s+(\S+)", f.text, re.M)
            if m:
                return m.group(1)
    return ""


def build_graph(files: list[PackedFile]) -> None:
    """Fill each file's `imports` and `imported_by` with repository paths, sorted."""
    idx = _Index([f.path for f in files])
    module = _go_module(files)
    imported_by: dict[str, set[str]] = defaultdict(set)
    for f in files:
        if f.mode == "listed" and not f.text:
            continue
        lang = f.language
        if lang in _PY_LANGS:
            found = _python(f, idx)
        elif lang in _JS_LANGS:
            found = _js(f, idx)
        elif lang == "Go":
            found = _go(f, idx, module)
        elif lang == "Rust":
            found = _rust(f, idx)
        elif lang == "Java":
            found = _java(f, idx)
        elif lang in ("C", "C++", "Objective-C"):
            found = _c(f, idx)
        else:
            continue
        targets = sorted({t for t in found if t != f.path})
        f.imports = targets
        for t in targets:
            imported_by[t].add(f.path)
    for f in files:
        f.imported_by = sorted(imported_by.get(f.path, ()))
