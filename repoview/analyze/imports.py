"""The import graph: which files of the repository each file imports.

Extraction is by regular expressions over the text (fast, never fails on broken code);
resolution maps what a file names to files of this repository and drops the rest
(the standard library, third-party packages).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import PackedFile

__all__ = ["build_graph", "extract"]

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
_ALL_LANGS = _PY_LANGS | _JS_LANGS | {"Go", "Rust", "Java", "C", "C++", "Objective-C"}
# Names this module's extraction in caches: any change to the code changes the tag.
_CACHE_TAG = b"|imports:" + hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).digest()


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
        while rel.startswith(("./", "../")):
            rel = rel.split("/", 1)[1]
        hits = self.by_suffix.get(rel)
        return hits[0] if hits else None


def _python_specs(text: str) -> list[list[str]]:
    """`import a.b` -> ["import", "a.b"]; `from .x import y, z` -> ["from", ".x", "y,z"]."""
    specs: list[list[str]] = []
    pos = text.find("import")
    while pos != -1:  # a literal search finds the few lines worth a regular expression
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        m = _PY.match(text, start, end)
        if m:
            base, names, plain = m.groups()
            if plain:
                specs.extend(["import", item.strip().split(" ")[0]] for item in plain.split(","))
            else:
                if "(" in names and ")" not in names:  # names in parentheses, over lines
                    close = text.find(")", end)
                    end = len(text) if close == -1 else close
                    names = names + text[m.end() : end]
                clean = [n.strip().split(" ")[0].strip("()\\") for n in re.split(r"[,\n]", names)]
                specs.append(["from", base, ",".join(n for n in clean if n and n != "*")])
        pos = text.find("import", end)
    return specs


def _python(f: PackedFile, specs: list[list[str]], idx: _Index) -> Iterable[str]:
    package = f.path.rsplit("/", 1)[0].replace("/", ".") if "/" in f.path else ""
    for spec in specs:
        if spec[0] == "import":
            if spec[1]:
                yield from _py_module(spec[1], idx)
            continue
        base, names = spec[1], spec[2]
        if base.startswith("."):
            dots = len(base) - len(base.lstrip("."))
            parts = package.split(".") if package else []
            parts = parts[: len(parts) - (dots - 1)] if dots > 1 else parts
            base = ".".join([*parts, base.lstrip(".")] if base.lstrip(".") else parts)
        found = False
        for name in names.split(","):
            if name:
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


def _js(f: PackedFile, specs: list[list[str]], idx: _Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    for (spec,) in specs:
        if not spec.startswith("."):
            continue
        base = posixpath.normpath(posixpath.join(here, spec))
        for cand in (base, *(base + e for e in _JS_EXT), *(f"{base}/index{e}" for e in _JS_EXT)):
            if cand in idx.paths:
                yield cand
                break


def _go_specs(text: str) -> list[list[str]]:
    specs = [[m.group(1)] for m in _GO_SINGLE.finditer(text)]
    for block in _GO_BLOCK.finditer(text):
        specs.extend([p] for p in _GO_PATH.findall(block.group(1)))
    return specs


def _go(f: PackedFile, specs: list[list[str]], idx: _Index, module: str) -> Iterable[str]:
    for (spec,) in specs:
        if module and (spec == module or spec.startswith(module + "/")):
            rel = spec[len(module) :].lstrip("/")
            yield from idx.go_dirs.get(rel, [])


def _rust_specs(text: str) -> list[list[str]]:
    return [["mod", m.group(1)] for m in _RUST_MOD.finditer(text)] + [
        ["use", m.group(1)] for m in _RUST_USE.finditer(text)
    ]


def _rust(f: PackedFile, specs: list[list[str]], idx: _Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    stem = posixpath.basename(f.path)[:-3]
    mod_dir = here if stem in ("lib", "main", "mod") else posixpath.join(here, stem)
    for kind, name in specs:
        if kind != "mod":
            continue
        for cand in (f"{mod_dir}/{name}.rs", f"{mod_dir}/{name}/mod.rs"):
            cand = cand.lstrip("/")
            if cand in idx.paths:
                yield cand
                break
    src = f.path.split("/src/")[0] + "/src" if "/src/" in f.path else "src"
    for kind, path in specs:
        if kind != "use":
            continue
        parts = path.split("::")
        if parts[0] != "crate":
            continue
        for i in range(len(parts), 1, -1):
            rel = "/".join(parts[1:i])
            hit = next((c for c in (f"{src}/{rel}.rs", f"{src}/{rel}/mod.rs") if c in idx.paths),
                       None)  # fmt: skip
            if hit:
                yield hit
                break


def _java(f: PackedFile, specs: list[list[str]], idx: _Index) -> Iterable[str]:
    for (name,) in specs:
        target = idx.suffix(name.replace(".", "/") + ".java")
        if target:
            yield target


def _c(f: PackedFile, specs: list[list[str]], idx: _Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    for (name,) in specs:
        local = posixpath.normpath(posixpath.join(here, name))
        target = local if local in idx.paths else idx.suffix(name)
        if target:
            yield target


def _go_module(files: list[PackedFile]) -> str:
    for f in files:
        if f.path == "go.mod":
            m = re.search(r"^module\s+(\S+)", f.full_text, re.M)
            if m:
                return m.group(1)
    return ""


_C_LANGS = ("C", "C++", "Objective-C")


def extract(language: str, text: str) -> list[list[str]] | None:
    """What a file names as imports, before resolution; None for languages not handled."""
    if language in _PY_LANGS:
        return _python_specs(text)
    if language in _JS_LANGS:
        return [[m.group(1)] for m in _JS.finditer(text)]
    if language == "Go":
        return _go_specs(text)
    if language == "Rust":
        return _rust_specs(text)
    if language == "Java":
        return [[m.group(1)] for m in _JAVA.finditer(text)]
    if language in _C_LANGS:
        return [[m.group(1)] for m in _C_INCLUDE.finditer(text)]
    return None


def _resolve(f: PackedFile, specs: list[list[str]], idx: _Index, module: str) -> Iterable[str]:
    lang = f.language
    if lang in _PY_LANGS:
        return _python(f, specs, idx)
    if lang in _JS_LANGS:
        return _js(f, specs, idx)
    if lang == "Go":
        return _go(f, specs, idx, module)
    if lang == "Rust":
        return _rust(f, specs, idx)
    if lang == "Java":
        return _java(f, specs, idx)
    return _c(f, specs, idx)


def build_graph(files: list[PackedFile], cache: Any = None) -> None:
    """Fill each file's `imports` and `imported_by` with repository paths, sorted.

    Extraction results are cached by content (`cache`: the pack's TokenCache), so an
    unchanged file is never scanned twice; resolution runs every time, since it depends on
    which other files exist.
    """
    idx = _Index([f.path for f in files])
    module = _go_module(files)
    wanted = [f for f in files if f.carrier and f.language in _ALL_LANGS]
    keys = [f.digest + _CACHE_TAG for f in wanted]
    known = cache.get_many(list(set(keys)), "facts") if cache is not None and keys else {}
    memo: dict[bytes, list[list[str]]] = {k: json.loads(v) for k, v in known.items()}
    fresh = []
    imported_by: dict[str, set[str]] = defaultdict(set)
    for f, key in zip(wanted, keys, strict=True):
        specs = memo.get(key)
        if specs is None:
            specs = extract(f.language, f.full_text) or []
            memo[key] = specs
            fresh.append((key, json.dumps(specs)))
        targets = sorted({t for t in _resolve(f, specs, idx, module) if t != f.path})
        f.imports = targets
        for t in targets:
            imported_by[t].add(f.path)
    if cache is not None and fresh:
        cache.put_many(fresh, "facts")
    for f in files:
        f.imported_by = sorted(imported_by.get(f.path, ()))
