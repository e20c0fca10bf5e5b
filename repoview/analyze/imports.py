"""The import graph: which files of the repository each file imports.

Extraction reads syntax trees (`extract.py`); resolution maps each name to a file the way
the language's own tools would, from the repository's source roots (`roots.py`); C and C++
includes by an inferred include path (`includes.py`), and a JS/TS import of a barrel to the
modules that define the names it takes (`barrels.py`). A name that is not a module under a
root is a dependency (the standard library, a third-party package), never an edge: `import
json` in a package that has its own `json/` folder still means the standard library's json
unless the import is relative.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .. import lazyre
from ..brackets import match_bracket
from ..model import PackedFile
from ..parallel import split_map
from .barrels import ALL, Module, module_edges
from .extract import GRAMMAR_LANGUAGES, extract
from .includes import Includes
from .pathindex import Index, join
from .rank import VOTERS
from .roots import find_roots, wants_text
from .typerefs import (
    MOST_DECLARING,
    PACKAGE_LANGUAGES,
    RUBY_CORE,
    TYPE_LANGUAGES,
    Declared,
    Projects,
    shared_folders,
)

__all__ = ["build_graph", "extract", "resolve_all"]

_JS_LANGS = frozenset({"JavaScript", "JSX", "TypeScript", "TSX", "Vue", "Svelte"})
_C_LANGS = frozenset({"C", "C++", "Objective-C"})
# What includes headers as C does: C, and a Yacc grammar's or lex scanner's C.
_C_INCLUDERS = _C_LANGS | {"Yacc", "Lex"}
_C_INCLUDES = frozenset({"quote", "angle"})
_C_BODIES = (".c", ".cc", ".cpp", ".cxx", ".m", ".mm")
_MOST_DEFINING = 3  # files defining one C name beyond which it ties a user to none
_JS_EXT = (".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte")
# TypeScript's ESM style names the compiled file (`./x.js`) for the source `./x.ts`.
_TS_FOR_JS = {  # (a declaration file too: `./types.js` is `types.d.ts` where no `types.js` is)
    ".js": (".ts", ".tsx", ".d.ts"),
    ".jsx": (".tsx",),
    ".mjs": (".mts", ".d.mts"),
    ".cjs": (".cts", ".d.cts"),
}
_EXTRACT_DIR = Path(__file__).parent
_PY_INIT = ("__init__.py", "__init__.pyi")
# What a Python module's top level defines: `def`, `class`, `NAME =` and `NAME: type =`.
_PY_TOP_NAME = lazyre.compile(
    r"^(?:(?:async[ \t]+)?def|class)[ \t]+([^\W\d]\w*)|^([^\W\d]\w*)[ \t]*(?::[^=\n]*)?=(?!=)",
    re.M,
)
# Names this extraction in caches: any change to its code changes the tag.
_CACHE_TAG = (
    b"|imports:"
    + hashlib.blake2b(
        b"".join(
            (_EXTRACT_DIR / m).read_bytes() for m in ("extract.py", "pyimports.py", "typerefs.py")
        ),
        digest_size=8,
    ).digest()
)
# Names the whole resolved graph: it changes with extraction, resolution or root discovery.
_GRAPH_TAG = hashlib.blake2b(
    b"".join(
        (_EXTRACT_DIR / n).read_bytes()
        for n in (
            "barrels.py",
            "extract.py",
            "imports.py",
            "includes.py",
            "languages.py",  # (which folders hold tests: roots there serve the tests)
            "pathindex.py",
            "roots.py",
            "typerefs.py",
        )
    ),
    digest_size=16,
).digest()


def _python(f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
    here = posixpath.dirname(f.path)
    # A script's own folder is first on sys.path when it runs; a package's is not.
    script = None if here in idx.roots.python_packages else here
    for spec in specs:
        if spec[0] == "import":
            parts = spec[1].split(".")
            yield from _absolute(parts, idx.py_search(parts[0], script, f.path), idx)
            continue
        if spec[0] in ("cimport", "cfrom"):
            yield from _cython_cimport(spec, here, script, f.path, idx)
            continue
        if spec[0] == "as":  # the names of the `from` spec before it, renamed
            continue
        module, names = spec[1], [n for n in spec[2].split(",") if n]
        level = len(module) - len(module.lstrip("."))
        parts = [p for p in module[level:].split(".") if p]
        if level:
            folder = _package_above(here, level)
            base = join(folder, "/".join(parts)) if parts else folder
            yield from _from_names(base, names, idx)
            continue
        for root in idx.py_search(parts[0], script, f.path) if parts else ():
            if idx.py_deepest(root, parts[:1]) is None and join(root, parts[0]) not in idx.dirs:
                continue
            base = join(root, "/".join(parts))
            hits = list(_from_names(base, names, idx))
            if hits:
                yield from hits
                break
            if not idx.inside_itself(root, parts[0]) and (
                (served := _module_serving(root, parts, idx)) is not None
            ):
                yield served
                break
            if idx.py_file(join(root, parts[0])) is not None:
                break  # a module or regular package here hides the later roots' namesakes


def _py_base(f: PackedFile, module: str, idx: Index) -> str | None:
    """The module path (no suffix) a `from module import ...` in `f` reads, as `_python`
    finds it, or None when it is not the repository's."""
    here = posixpath.dirname(f.path)
    level = len(module) - len(module.lstrip("."))
    parts = [p for p in module[level:].split(".") if p]
    if level:
        folder = _package_above(here, level)
        return join(folder, "/".join(parts)) if parts else folder
    script = None if here in idx.roots.python_packages else here
    for root in idx.py_search(parts[0], script, f.path) if parts else ():
        base = join(root, "/".join(parts))
        if idx.py_file(base) is not None:
            return base
    return None


def _python_barrels(
    files: list[PackedFile], specs: dict[str, list[list[str]]], idx: Index, voters: frozenset[str]
) -> dict[str, set[str]]:
    """Per Python file, the modules that define what it takes from a package's `__init__`
    (`from pkg import Graph`, `import pkg as p` then `p.Graph`), followed through the
    `__init__`'s own `from .graph import Graph` and `from .sub import *`, as "go to
    definition" would: for ranking, not as edges (the file imports the package, and its
    header and the manifest say so). A package used through its facade then gives the
    module behind it the importers it has in fact. Only files of a role in `voters` are
    read: the others' imports do not rank."""
    python = [f for f in files if f.language == "Python" and specs.get(f.path)]
    modules: dict[str, Module] = {}
    for f in python:
        if f.path.rpartition("/")[2] not in _PY_INIT:
            continue
        mod = Module()
        for module, names, renamed in _py_froms(specs[f.path]):
            base = _py_base(f, module, idx)
            own = idx.py_file(base) if base is not None else None
            for name in names:
                sub = idx.py_file(join(base, name)) if base is not None else None
                exported = renamed.get(name, name)
                if sub is not None:
                    mod.named.setdefault(exported, (sub, ALL))  # a submodule handed on whole
                elif own is not None and own != f.path:
                    if name == "*":
                        mod.stars.append(own)
                    else:
                        mod.named.setdefault(exported, (own, name))
        if mod.is_barrel:
            modules[f.path] = mod
    if not modules:
        return {}
    # A plain module an `import *` reads defines what its top level names.
    texts = {f.path: f.full_text for f in files if f.language == "Python"}
    for mod in list(modules.values()):
        for star in mod.stars:
            if star not in modules and star in texts:
                found = _PY_TOP_NAME.findall(texts[star])
                modules[star] = Module(local={a or b for a, b in found})
    exports: dict[str, dict[str, str]] = {}

    def credited(barrel: str, names: Iterable[str]) -> set[str]:
        """The modules other than `barrel` that define `names` as it hands them on."""
        names_there = _py_exports(barrel, modules, exports)
        found = {names_there.get(n) for n in names}
        return {d for d in found if d is not None and d != barrel}

    # A module a barrel can be: its package's folder name (most imports are of other things).
    folders = {posixpath.basename(posixpath.dirname(p)) for p, m in modules.items() if m.is_barrel}
    out: dict[str, set[str]] = {}
    for f in python:
        if f.role not in voters:
            continue
        reached: set[str] = set()
        text = texts[f.path]
        for module, names, renamed in _py_froms(specs[f.path]):
            if not _may_be(module, folders):
                continue
            base = _py_base(f, module, idx)
            own = idx.py_file(base) if base is not None else None
            for name in names:
                if name == "*":
                    continue
                taken = idx.py_file(join(base, name)) if base is not None else None
                if taken is None and own in modules and own != f.path:
                    taken = _py_exports(own, modules, exports).get(name)
                    if taken is not None and taken != own:
                        reached.add(taken)  # `from pkg import Graph`: graph.py
                # `from pkg import sub` (a package of its own), then `sub.Thing`
                if taken in modules and modules[taken].is_barrel and taken != f.path:
                    reached |= _used_through(text, renamed.get(name, name), taken, credited)
        for spec in specs[f.path]:
            if spec[0] == "import" and _may_be(spec[1], folders):
                target = _py_module(f, spec[1], idx)
                if target in modules and target != f.path:
                    bound = spec[2] if len(spec) > 2 else spec[1]
                    reached |= _used_through(text, bound, target, credited)
        if reached:
            out[f.path] = reached
    return out


def _py_exports(
    path: str, modules: dict[str, Module], memo: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Every name module `path` hands on, and the file that defines it: what its top level
    defines, what each `import *` brings, and what it imports by name (which wins, as the
    explicit import usually comes after the stars). Worked out once per module: a facade
    such as a graph library's `__init__` passes on thousands of names through dozens of stars."""
    known = memo.get(path)
    if known is not None:
        return known
    memo[path] = {}  # a cycle of re-exports finds nothing this way round
    mod = modules.get(path)
    if mod is None:
        return memo[path]
    out = dict.fromkeys(mod.local, path)
    for star in mod.stars:
        for name, there in _py_exports(star, modules, memo).items():
            out.setdefault(name, there)
    for name, (target, there) in mod.named.items():
        out[name] = (
            target if there == ALL else _py_exports(target, modules, memo).get(there, target)
        )
    memo[path] = out
    return out


def _py_froms(specs: list[list[str]]) -> Iterable[tuple[str, list[str], dict[str, str]]]:
    """Each `from` spec as (module, names, {name: alias}), the "as" spec after it read in."""
    for i, spec in enumerate(specs):
        if spec[0] == "from":
            names = [n for n in spec[2].split(",") if n]
            after = specs[i + 1] if i + 1 < len(specs) else None
            renamed = (
                dict(pair.partition("=")[::2] for pair in after[2].split(","))
                if after is not None and after[0] == "as"
                else {}
            )
            yield spec[1], names, renamed


def _may_be(module: str, folders: set[str]) -> bool:
    """Whether `module` can name a package's `__init__` (its last part one of `folders`),
    or a relative import's package."""
    last = module.rpartition(".")[2]
    return not last or last in folders


def _used_through(
    text: str, bound: str, barrel: str, credited: Callable[[str, Iterable[str]], set[str]]
) -> set[str]:
    """The modules behind `barrel` whose names `text` reads as `bound.Name`."""
    if bound + "." not in text:
        return set()
    # The module's name first, so the engine leaps from one occurrence to the next.
    found = set(re.findall(re.escape(bound) + r"\.([^\W\d]\w*)", text))
    out: set[str] = set()
    for name in found:
        behind = credited(barrel, (name,))
        if behind and not behind <= out and _read_in_code(text, f"{bound}.{name}"):
            out |= behind
    return out


def _py_module(f: PackedFile, dotted: str, idx: Index) -> str | None:
    """The module file `import dotted` in `f` binds, if it is the repository's."""
    here = posixpath.dirname(f.path)
    script = None if here in idx.roots.python_packages else here
    parts = dotted.split(".")
    for root in idx.py_search(parts[0], script, f.path):
        hit = idx.py_file(join(root, "/".join(parts)))
        if hit is not None:
            return hit
    return None


def _read_in_code(text: str, needle: str) -> bool:
    """Whether `text` holds `needle` (`nx.Graph`) as a name of its own, and not in a comment
    or a docstring's example (`>>> nx.path_graph(4)`), nor quoted: read from the text as it
    is (blanking every string first took longer than the rest of the graph)."""
    at = text.find(needle)
    while at != -1:
        end = at + len(needle)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_.`'\"" or after.isalnum() or after == "_"):
            line = text[text.rfind("\n", 0, at) + 1 : at]
            if "#" not in line and not line.lstrip().startswith((">>>", "...")):
                return True
        at = text.find(needle, end)
    return False


def _package_above(here: str, level: int) -> str:
    """The folder a relative import of `level` dots starts from, in the file's folder `here`."""
    for _ in range(level - 1):
        here = posixpath.dirname(here)
    return here


def _cython_cimport(
    spec: list[str], here: str, script: str | None, path: str, idx: Index
) -> Iterable[str]:
    """The .pxd files a Cython `cimport a.b` or `from a.b cimport x, y` reads: each name
    that is a module's declarations, else the module's own."""
    module = spec[1]
    names = [n for n in spec[2].split(",") if n] if spec[0] == "cfrom" else []
    level = len(module) - len(module.lstrip("."))
    parts = [p for p in module[level:].split(".") if p]
    if level:
        folder = _package_above(here, level)
        bases = [join(folder, "/".join(parts)) if parts else folder]
    elif parts:
        bases = [join(root, "/".join(parts)) for root in idx.py_search(parts[0], script, path)]
    else:
        return
    for base in bases:
        subs = [s for n in names if (s := idx.pxd_file(join(base, n))) is not None]
        own = idx.pxd_file(base) if len(subs) < len(names) or not names else None
        if subs or own:
            yield from subs
            if own:
                yield own
            return


def _from_names(base: str, names: list[str], idx: Index) -> Iterable[str]:
    """`from base import a, b`: each name that is a submodule, else base's own file."""
    package_needed = not names
    for name in names:
        sub = idx.py_file(join(base, name) if base else name)
        if sub is not None:
            yield sub
        else:
            package_needed = True
    if package_needed and base:
        own = idx.py_file(base)
        if own is not None:
            yield own


def _absolute(parts: list[str], search: list[str], idx: Index) -> Iterable[str]:
    """`import a.b.c`: a/b/c's own file, or no edge when it is not in the pack (left out,
    e.g. vendored, or not in the repository): a module that resolves adds no edge to
    a/__init__.py or a/b/__init__.py either, so one that does not must not add one."""
    for root in search:
        hit = idx.py_file(join(root, "/".join(parts)))
        if hit is None and not idx.inside_itself(root, parts[0]):
            hit = _module_serving(root, parts, idx)
        if hit is not None:
            yield hit
            return
        if idx.py_file(join(root, parts[0])) is not None:
            return  # a module or regular package here hides the later roots' namesakes


def _module_serving(root: str, parts: list[str], idx: Index) -> str | None:
    """The module file (not a package's `__init__`) a dotted name runs on past its end:
    `import six.moves.urllib` with a `six.py` is served by it (a module has no submodules on
    disk; it makes them when it runs). A package's `__init__` serves nothing so: its
    submodules are files, and one that is not in the pack is left out or missing."""
    deepest = idx.py_deepest(root, parts)
    if deepest is None or deepest.rpartition("/")[2].startswith("__init__."):
        return None
    return deepest


# -- JavaScript / TypeScript ------------------------------------------------------------


def _js_file(base: str, idx: Index) -> str | None:
    """A module file for `base` with Node's and TypeScript's extension and index rules."""
    return _js_module(base, idx) or _js_index(base, idx)


def _js_module(base: str, idx: Index) -> str | None:
    """The file `base` names, as it is or by an extension TypeScript or Node adds."""
    if base in idx.paths and not base.endswith("/"):
        return base
    stem, ext = posixpath.splitext(base)
    for alt in _TS_FOR_JS.get(ext, ()):
        if stem + alt in idx.paths:
            return stem + alt
    if ext == ".ts" and base.endswith(".d.ts") and base[:-5] + ".ts" in idx.paths:
        return base[:-5] + ".ts"
    for e in _JS_EXT:
        if base + e in idx.paths:
            return base + e
    return None


def _js_index(folder: str, idx: Index) -> str | None:
    for e in _JS_EXT:
        if join(folder, f"index{e}") in idx.paths:
            return join(folder, f"index{e}")
    return None


def _js_relative(spec: str, here: str, idx: Index) -> str | None:
    """A `./` or `../` import, as Node resolves it: a file, then a folder (its package.json's
    entry, then its index file). `..`, `.` and a trailing slash name only a folder (a
    package's tests `require('..')` its root)."""
    base = posixpath.normpath(posixpath.join(here, spec))
    if base == ".":
        base = ""  # the repository's root
    folder_only = spec.endswith("/") or posixpath.basename(spec) in (".", "..")
    if not folder_only:
        hit = _js_module(base, idx)
        if hit:
            return hit
    if join(base, "package.json") in idx.paths:
        for folder, entries, subpaths in idx.roots.js_packages.values():
            if folder == base:
                hit = _package_entry(folder, entries, "", idx, subpaths)
                if hit:
                    return hit
                break
    return _js_index(base, idx)


def _tsconfig_for(path: str, idx: Index) -> Any:
    folder = posixpath.dirname(path)
    while True:
        conf = idx.roots.tsconfigs.get(folder)
        if conf is not None or not folder:
            return conf
        folder = posixpath.dirname(folder)


def _js_bare(spec: str, f: PackedFile, idx: Index) -> str | None:
    conf = _tsconfig_for(f.path, idx)
    if conf is not None:
        for pattern, targets in conf.paths:
            star = pattern.find("*")
            if star == -1:
                matched = spec == pattern
                rest = ""
            else:
                head, tail = pattern[:star], pattern[star + 1 :]
                matched = (
                    spec.startswith(head)
                    and spec.endswith(tail)
                    and len(spec) >= len(head) + len(tail)
                )
                rest = spec[len(head) : len(spec) - len(tail)] if matched else ""
            if matched:
                for target in targets:
                    hit = _js_file(posixpath.normpath(target.replace("*", rest)), idx)
                    if hit:
                        return hit
        if conf.base_url is not None:
            hit = _js_file(join(conf.base_url, spec), idx)
            if hit:
                return hit
    if spec.startswith("#"):
        return _package_import(spec, f.path, idx)
    return _own_package(spec, idx)


def _own_package(spec: str, idx: Index) -> str | None:
    """The repository's own packages (a monorepo's workspaces), by their package.json name."""
    name = spec
    while name:
        pkg = idx.roots.js_packages.get(name)
        if pkg is not None:
            folder, entries, subpaths = pkg
            sub = spec[len(name) :].lstrip("/")
            return _package_entry(folder, entries, sub, idx, subpaths)
        if "/" not in name:
            break
        name = name.rsplit("/", 1)[0]
    return None


def _package_import(spec: str, path: str, idx: Index) -> str | None:
    """A `#name` import, by the "imports" of the package.json nearest above the file."""
    folder = posixpath.dirname(path)
    while (imports := idx.roots.js_imports.get(folder)) is None:
        if not folder:
            return None
        folder = posixpath.dirname(folder)
    for target in _subpath_targets(imports, spec):
        if target.startswith("./"):
            hit = _entry_file(folder, target, idx)
        elif not target.startswith(("#", "/", ".")):
            hit = _own_package(target, idx)  # a package's module (`"#dep": "pkg/sub"`)
        else:
            hit = None
        if hit:
            return hit
    return None


def _subpath_targets(subpaths: dict[str, list[str]], sub: str, skip: int = 0) -> Iterable[str]:
    """The targets a package's map gives `sub` (its keys after their first `skip`
    characters), `*` filled in: the exact key's, then each pattern's, the one whose fixed
    start is the longest first (as Node picks it)."""
    keys = sorted(subpaths, key=lambda k: ("*" in k, -len(k.partition("*")[0])))
    for key in keys:
        head, star, tail = key[skip:].partition("*")
        if star and sub.startswith(head) and sub.endswith(tail):
            if len(sub) < len(head) + len(tail):
                continue
            rest = sub[len(head) : len(sub) - len(tail)]
        elif not star and sub == head:
            rest = ""
        else:
            continue
        for target in subpaths[key]:
            yield target.replace("*", rest)


def _package_entry(
    folder: str, entries: list[str], sub: str, idx: Index, subpaths: dict[str, list[str]]
) -> str | None:
    if sub:
        # The package's own word for `pkg/sub` ("exports" keys start with "./").
        for target in _subpath_targets(subpaths, sub, skip=2):
            hit = _entry_file(folder, target, idx)
            if hit:
                return hit
        for base in (join(folder, sub), join(folder, "src/" + sub)):
            hit = _js_file(base, idx)
            if hit:
                return hit
        return None
    for entry in entries:
        hit = _entry_file(folder, entry, idx)
        if hit:
            return hit
    for base in (join(folder, "src/index"), join(folder, "index")):
        hit = _js_file(base, idx)
        if hit:
            return hit
    return None


def _entry_file(folder: str, entry: str, idx: Index) -> str | None:
    """The file a package's entry names, or its source when it names a build (`dist/`)."""
    target = posixpath.normpath(join(folder, entry))
    for cand in (target, target.replace("/dist/", "/src/").replace("/lib/", "/src/")):
        hit = _js_file(cand, idx)
        if hit:
            return hit
    for cand in _built_from(folder, target, idx):
        hit = _js_file(cand, idx)
        if hit:
            return hit
    return None


# A package's build folders, and the folders in them that hold one variant of the build
# each (`lib/umd/`, `lib/esm/`, `dist/cjs/`, `lib/common/` beside `lib/node/`).
_BUILD_DIRS = frozenset({"dist", "lib", "build", "out", "es", "esm", "cjs", "umd"})
_BUILD_VARIANTS = frozenset(
    {
        "umd", "esm", "cjs", "amd", "es", "es5", "es6", "es2015", "es2017", "es2020", "mjs",
        "module", "modules", "commonjs", "types", "typings", "dts", "common", "node", "browser",
    }
)  # fmt: skip


def _built_from(folder: str, target: str, idx: Index) -> Iterable[str]:
    """Where the source of a package's built entry `target` may be: by a tsconfig's `outDir`
    and `rootDir` (the deepest `outDir` holding it first), then `src/` for the build folder
    with its variant folder dropped (`lib/umd/main.js`: `src/main.ts`)."""
    out_dirs = idx.roots.ts_out_dirs
    d = posixpath.dirname(target)
    while d and (not folder or d == folder or d.startswith(folder + "/")):
        if d in out_dirs:
            yield join(out_dirs[d], target[len(d) + 1 :])
        d = posixpath.dirname(d)
    rel = target[len(folder) + 1 :] if folder else target
    if folder and not target.startswith(folder + "/"):
        return
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] in _BUILD_DIRS and parts[1] in _BUILD_VARIANTS:
        yield join(folder, "src/" + "/".join(parts[2:]))
    if len(parts) > 1 and parts[0] in _BUILD_DIRS:
        yield join(folder, "src/" + "/".join(parts[1:]))  # (a package at the root too)


def _js(f: PackedFile, specs: list[list[str]], idx: Index) -> Module:
    """The file's imports and re-exports, resolved, with the names each takes."""
    here = posixpath.dirname(f.path)
    mod = Module()
    for spec in specs:
        kind, name = spec[0], spec[1]
        names = spec[2] if len(spec) > 2 else ALL
        if kind == "exports":
            mod.local.update(names.split(","))
            continue
        if name.startswith("."):
            hit = _js_relative(name, here, idx)
        elif name.startswith("/") or ":" in name:
            hit = None  # absolute file names and node:/http: schemes are not the repo's
        else:
            hit = _js_bare(name, f, idx)
        if not hit:
            continue
        if kind == "reexport":
            mod.reexport(hit, names)
        else:
            mod.uses.append((hit, names.split(",")))
    return mod


# -- Go, Java ---------------------------------------------------------------------------


def _go(f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
    """The files of each imported package of this repository that declare a name the file
    takes from it (`labels.Labels`: the files of `model/labels` declaring `Labels`, not its
    thirty others); every file of the package when the file names nothing of it (a blank or
    dot import). Names declared only in files the pack leaves out (a generated `*.pb.go`)
    link to none of the others: they would all become false hubs; but to the Protocol
    Buffers schemas in that folder, the source they were generated from."""
    modules = sorted(idx.roots.go_modules.items(), key=lambda kv: -len(kv[0]))
    # `lbl "example.com/x/labels"`: by import path, the name the file uses it by
    local = {a.partition("=")[2]: a.partition("=")[0] for kind, a in specs if kind == "alias"}
    taken: dict[str, set[str]] = defaultdict(set)
    for kind, names in specs:
        if kind == "names" and names:
            for name in names.split(","):
                pkg, _, member = name.partition(".")
                taken[pkg].add(member)
    own = taken.get("", set())  # names of this file's own package used bare
    # (less the packages it imports: `json.Marshal` is no use of a `var json` in a file
    # built instead of this one)
    own = own - {local.get(m) or _go_package(m) for kind, m in specs if kind == "module"}
    if own:
        # (A folder's `package x_test` file, or a `package main` tool beside a library,
        # is another package: it names the folder's declarations through an import.)
        package = idx.go_package.get(f.path, "")
        for p in idx.go_dirs.get(posixpath.dirname(f.path), []):
            if (
                p != f.path
                and idx.go_package.get(p, package) == package
                and own & idx.go_declares.get(p, set())
            ):
                yield p
    for kind, spec in specs:
        if kind != "module":
            continue
        for module, folder in modules:
            if spec == module or spec.startswith(module + "/"):
                rel = spec[len(module) :].lstrip("/")
                where = join(folder, rel) if rel else folder
                files = idx.go_dirs.get(where, [])
                used = taken.get(local.get(spec) or _go_package(spec), set())
                hits = [p for p in files if used & idx.go_declares.get(p, set())]
                yield from hits if used else files
                if used and not hits and len(files) == 1:
                    yield from files  # (the package's one file left declares the rest)
                protos = idx.proto_dirs.get(where)
                if protos and used:
                    declared = set().union(*(idx.go_declares.get(p, set()) for p in files))
                    if used - declared:  # (what a generated file left out declares)
                        yield from protos
                break


def _go_package(path: str) -> str:
    """The name a Go import path is used by: its last part (`yaml.v3` -> `yaml`, a major
    version folder `/v2` is skipped)."""
    parts = path.split("/")
    last = parts[-1]
    if re.fullmatch(r"v\d+", last) and len(parts) > 1:
        last = parts[-2]
    last = re.sub(r"^go-|[.-]go$", "", last)  # go-yaml, sqlite-go: yaml, sqlite
    return re.split(r"[.-]", last, maxsplit=1)[0]


def _java(f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
    yield from _by_package(specs, idx, ".", (".java", ".kt", ".scala"), on_demand=True)


_CAMEL = lazyre.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# A Swift file's imports: `import Core`, `@testable import Core`, `@_spi(WebSocket) import
# Core`, `public import struct Foundation.Data` (the module is the first name).
_SWIFT_IMPORT = lazyre.compile(
    r"^[ \t]*(?:@\w+(?:\([^)\n]*\))?[ \t]+)*"
    r"(?:(?:public|package|internal|fileprivate|private)[ \t]+)?import"
    r"[ \t]+(?:(?:struct|class|enum|protocol|typealias|func|var|let)[ \t]+)?(\w+)",
    re.M,
)


# A SwiftPM target in a manifest: `.target(name: "Core", ...)`, `.testTarget(`, and the
# `path:` it may give (read up to the next target's declaration).
_SWIFT_TARGET = lazyre.compile(
    r"\.(target|executableTarget|testTarget|macro|plugin)\s*\(\s*name\s*:\s*\"([^\"\n]+)\""
)
_SWIFT_PATH = lazyre.compile(r"\bpath\s*:\s*\"([^\"\n]*)\"")
_SWIFT_USES = lazyre.compile(r"\bdependencies\s*:\s*\[")


class _SwiftModules:
    """A Swift package's modules, from its `Package.swift` targets (each in its `path:`, else
    `Sources/<name>/` or `Tests/<name>/`): a file's code sees its own module's types and
    those of the modules it imports. A file in no target's folder (an Xcode project's, a
    repository with no manifest) sees all and is seen by all."""

    def __init__(self, files: list[PackedFile]) -> None:
        self.folders: dict[str, str] = {}  # a target's folder -> its name
        for f in files:
            if f.path.rpartition("/")[2] == "Package.swift":
                self._targets(f.path.rpartition("/")[0], f.full_text or "")
        self.imports: dict[str, set[str]] = {}
        if self.folders:
            for f in files:
                if f.language == "Swift":
                    self.imports[f.path] = set(_SWIFT_IMPORT.findall(f.full_text or ""))
        self._of: dict[str, str | None] = {}

    def _targets(self, here: str, text: str) -> None:
        # (not `.target(name: "Core")` inside a target's `dependencies: [...]`: a use of one)
        uses = [(m.end() - 1, match_bracket(text, m.end() - 1)) for m in _SWIFT_USES.finditer(text)]
        found = [
            m
            for m in _SWIFT_TARGET.finditer(text)
            if not any(a < m.start() < b for a, b in uses if b > 0)
        ]
        for k, m in enumerate(found):
            end = found[k + 1].start() if k + 1 < len(found) else len(text)
            path = _SWIFT_PATH.search(text, m.end(), end)
            if path is not None:
                folders = [path.group(1).strip("/")]
            else:
                tops = (
                    ("Tests", "test")
                    if m.group(1) == "testTarget"
                    else ("Sources", "Source", "src", "srcs")
                )
                folders = [f"{top}/{m.group(2)}" for top in tops]
            for folder in folders:
                self.folders.setdefault(join(here, folder) if folder else here, m.group(2))

    def module(self, path: str) -> str | None:
        folder = path.rpartition("/")[0]
        if folder not in self._of:
            d = folder
            while d not in self.folders and d:
                d = d.rpartition("/")[0]
            self._of[folder] = self.folders.get(d)
        return self._of[folder]

    def sees(self, path: str, other: str) -> bool:
        mine, theirs = self.module(path), self.module(other)
        if mine is None or theirs is None or mine == theirs:
            return True
        return theirs in self.imports.get(path, ())


class _ElixirModules:
    """The files defining each Elixir module, by its whole name (`defmodule`, nested ones
    too): a file may define several (`exceptions.ex`), under a name that does not split
    the module's (`Phoenix.Transports.WebSocket` in `websocket.ex`, a Mix task in
    `phx.gen.context.ex`). A module defined nowhere is looked for by Mix's convention."""

    def __init__(self, files: list[PackedFile], specs: dict[str, list[list[str]]]) -> None:
        self.where: dict[str, list[str]] = defaultdict(list)
        self.tests = {f.path for f in files if f.language == "Elixir" and f.role == "test"}
        for f in files:
            if f.language != "Elixir":
                continue
            for kind, names, *_ in specs.get(f.path, ()):
                if kind == "defines" and names:
                    for name in names.split(","):
                        self.where[name].append(f.path)

    def targets(self, f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
        test = f.path in self.tests
        unknown = []
        for kind, name, *_ in specs:
            if kind != "module":
                continue
            where = self.where.get(name)
            if not where:
                unknown.append([kind, name])
                continue
            if f.path in where:
                continue
            # Library code never depends on a test's module (a test's helper, its mocks).
            found = [p for p in where if test or p not in self.tests]
            if len(found) > 1:  # the one by Mix's convention, else the nearest ones
                conventional = set(_elixir([["module", name]], idx))
                near = max(shared_folders(p, f.path) for p in found)
                found = [p for p in found if p in conventional] or [
                    p for p in found if shared_folders(p, f.path) == near
                ]
            if len(found) <= MOST_DECLARING:
                yield from found
        yield from _elixir(unknown, idx)


def _elixir(specs: list[list[str]], idx: Index) -> Iterable[str]:
    """A module by Mix's convention: `Phoenix.Socket.Transport` in
    `lib/phoenix/socket/transport.ex` (any folder's lib/)."""
    for kind, name, *_ in specs:
        if kind != "module":
            continue
        rel = "/".join(_CAMEL.sub("_", part).lower() for part in name.split(".")) + ".ex"
        base = posixpath.basename(rel)
        hits = [
            p for p in idx.by_name.get(base, []) if p == f"lib/{rel}" or p.endswith(f"/lib/{rel}")
        ]
        if hits:
            yield min(hits, key=len)


def _ruby(f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
    """`require_relative "x"` from the file's folder; `require "rack/request"` from a `lib/`
    folder that holds it (the load path gems set up), never a same-named file elsewhere; in
    a test suite, from its own folder too (RSpec puts `spec/` on the load path, Rake's test
    task `test/`: `require "spec_helper"`)."""
    here = posixpath.dirname(f.path)
    for kind, name, *_ in specs:
        if kind not in ("relative", "load"):
            continue
        rel = name if name.endswith(".rb") else name + ".rb"
        if kind == "relative":
            path = posixpath.normpath(posixpath.join(here, rel))
            if path in idx.paths:
                yield path
            continue
        base = posixpath.basename(rel)
        hits = [
            p for p in idx.by_name.get(base, []) if p == f"lib/{rel}" or p.endswith(f"/lib/{rel}")
        ]
        if hits:
            yield min(hits, key=len)
            continue
        suite = here
        while suite and posixpath.basename(suite) not in _RUBY_SUITES:
            suite = posixpath.dirname(suite)
        if suite and join(suite, rel) in idx.paths:
            yield join(suite, rel)


_RUBY_SUITES = frozenset({"spec", "test", "tests"})  # a test suite's folder, on its load path


# -- Haskell ------------------------------------------------------------------------------


def _haskell(f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
    """A Haskell import of `A.B.C` is the file `A/B/C.hs` under a source folder (cabal's
    `hs-source-dirs`, stack's `source-dirs`: `src/`, `lib/`, the package's own folder, none
    of whose names starts with a capital, as a module's parts do). Among several, the one
    sharing the most of the importer's folders (its own package's) is taken; a module of
    another package (`Data.Map`) is no file here, and no edge."""
    modules = idx.haskell_modules()
    for kind, name, *_ in specs:
        if kind != "module":
            continue
        found = modules.get(name.replace(".", "/"))
        if not found:
            continue
        yield max(found, key=lambda p: (shared_folders(p, f.path), -len(p)))


# Folders Lua code is commonly run with on its search path (`package.path`): a library's
# `lib/`, a Neovim plugin's `lua/`, a project's `src/`; the repository root is one too.
_LUA_ROOT_NAMES = frozenset({"lib", "lua", "src"})


class _LuaModules:
    """Where a Lua `require "a.b"` leads: `a/b.lua` or `a/b/init.lua` under a Lua root (the
    repository's root, a `lib/`, `lua/` or `src/` folder, a folder a `package.path`
    assignment adds), never a same-named file elsewhere. The requiring file's own roots come
    first: its folder (a script is run from where it lies), the folder above its ancestor
    named as the module's first part (a module of the same package), the roots above it
    (nearest first); then the others, shallowest first."""

    def __init__(self, files: list[PackedFile], specs: dict[str, list[list[str]]], idx: Index):
        self.paths = idx.paths
        roots = {""} | {d for d in idx.dirs if posixpath.basename(d) in _LUA_ROOT_NAMES}
        for f in files:
            if f.language != "Lua":
                continue
            for kind, template, *_ in specs.get(f.path, ()):
                folder = _lua_template_folder(template) if kind == "path" else None
                if folder is None:
                    continue
                # (relative to where Lua runs: the repository's root or the file's folder)
                for base in (posixpath.dirname(f.path), ""):
                    d = posixpath.normpath(join(base, folder)) if folder or base else ""
                    d = "" if d == "." else d
                    if d in idx.dirs:
                        roots.add(d)
        self.roots = roots
        # The roots that hold something by each first name (`gears` of `gears.object`)
        self.holders: dict[str, set[str]] = defaultdict(set)
        for p in idx.paths:
            if not p.endswith(".lua"):
                continue
            parts = p[:-4].split("/")
            for k in range(len(parts)):
                root = "/".join(parts[:k])
                if root in roots:
                    self.holders[parts[k]].add(root)

    def targets(self, f: PackedFile, specs: list[list[str]]) -> Iterable[str]:
        here = posixpath.dirname(f.path)
        for kind, name, *_ in specs:
            if kind != "require":
                continue
            parts = name.replace("/", ".").split(".")
            if not all(parts):
                continue
            hit = self._find(here, parts)
            if hit is not None:
                yield hit

    def _module(self, root: str, rel: str) -> str | None:
        for cand in (join(root, rel + ".lua"), join(root, rel + "/init.lua")):
            if cand in self.paths:
                return cand
        return None

    def _find(self, here: str, parts: list[str]) -> str | None:
        rel = "/".join(parts)
        own = [here]
        d = here
        while d:
            if posixpath.basename(d) == parts[0]:
                own.append(posixpath.dirname(d))
            d = posixpath.dirname(d)
        for root in own:
            hit = self._module(root, rel)
            if hit is not None:
                return hit
        held = self.holders.get(parts[0], set())
        above = sorted(
            (r for r in held if r == "" or here == r or here.startswith(r + "/")),
            key=len,
            reverse=True,
        )
        others = sorted(held.difference(above), key=lambda r: (r.count("/"), r))
        for root in [*above, *others]:
            hit = self._module(root, rel)
            if hit is not None:
                return hit
        return None


def _lua_template_folder(template: str) -> str | None:
    """The folder a `package.path` template searches (`./lib/?.lua` -> `lib`), relative to
    where Lua runs; None for one that is absolute or starts after a variable (`/?.lua`)."""
    head = template.strip().partition("?")[0]
    if head.startswith(("/", "~")) or (head and not head.endswith("/")) or "\\" in head:
        return None
    head = head.rstrip("/")
    return "" if head in ("", ".") else head.removeprefix("./")


class _RubyConstants:
    """Which files declare each Ruby constant, by its whole name (`Sinatra::Request`), and
    the files a file's constants lead to, looked up as Ruby does: through the namespaces
    around the name, innermost first, then the top level (`Request` inside `module Rack`
    is `Rack::Request` or `::Request`, never another namespace's `Request`)."""

    def __init__(
        self, files: list[PackedFile], specs: dict[str, list[list[str]]], idx: Index
    ) -> None:
        self.where: dict[str, list[str]] = defaultdict(list)
        self.by_last: dict[str, list[str]] = defaultdict(list)  # `Request` -> files
        opened: Counter[str] = Counter()
        self.methods: dict[str, set[str]] = defaultdict(set)  # `A::B` -> its methods' files
        self.tests = {f.path for f in files if f.language == "Ruby" and f.role == "test"}
        for f in files:
            if f.language != "Ruby":
                continue
            for kind, names, *_ in specs.get(f.path, ()):
                if kind == "rbdecl" and names:
                    for name in names.split(","):
                        self.where[name].append(f.path)
                        self.by_last[name.rpartition("::")[2]].append(f.path)
                elif kind == "rbopens" and names:
                    opened.update(names.split(","))
                elif kind == "rbdefs" and names:
                    for name in names.split(","):
                        self.methods[name].add(f.path)
        # A module files open around their classes (`module Sinatra`) belongs to all of
        # them: naming it ties a file to none, only to the files that define its methods
        # (`Utils.deep_merge` is in utils.rb, not in utils/ansi.rb's `module Utils`).
        self.namespaces = {n for n, c in opened.items() if c > 1}
        # A gem's root: the nearest folder above with a gemspec or a lib/ of its own.
        self.gem_dirs = {posixpath.dirname(p) for p in idx.paths if p.endswith(".gemspec")}
        self.gem_dirs.update(d for d in idx.dirs if join(d, "lib") in idx.dirs)
        # The gems whose code opens each top-level namespace itself (`module Rack`): only
        # those define its constants for other gems; another gem's `class Rack::Builder`
        # patches a class it does not own.
        self.owners: dict[str, set[str]] = defaultdict(set)
        for name, where in self.where.items():
            if "::" not in name:
                self.owners[name].update(self._gem(p) for p in where if p not in self.tests)

    def _gem(self, path: str) -> str:
        d = posixpath.dirname(path)
        while d and d not in self.gem_dirs:
            d = posixpath.dirname(d)
        return d

    def targets(self, f: PackedFile, specs: list[list[str]]) -> Iterable[str]:
        gem = self._gem(f.path)
        test = f.path in self.tests
        top = f.path.split("/", 1)[0]
        for kind, scope, *rest in specs:
            if kind != "rbref" or not rest or not rest[0]:
                continue
            scopes = [*scope.split("|"), ""] if scope else [""]
            for ref in rest[0].split(","):
                yield from self._lookup(f.path, ref, scopes, gem, test, top)

    def _usable(self, path: str, files: Iterable[str], test: bool) -> list[str]:
        # Library code never depends on a test's constants (a test reopens the library's
        # modules around its own mocks).
        return [p for p in files if p != path and (test or p not in self.tests)]

    def _lookup(
        self, path: str, ref: str, scopes: list[str], gem: str, test: bool, top: str
    ) -> Iterable[str]:
        found: list[str] | None = None
        whole = ref
        if ref.startswith("::"):
            ref, scopes = ref[2:], [""]
        for outer in scopes:
            whole = f"{outer}::{ref}" if outer else ref
            if not outer and ref.partition("::")[0] in RUBY_CORE:
                # Ruby's own or a test framework's (`Minitest::Test`): a file that
                # reopens it patches it; it is not what naming it means.
                break
            if whole in self.where:
                where = self.where[whole]
                if whole in self.namespaces:
                    where = [p for p in where if p in self.methods.get(whole, ())]
                    if not where:
                        return
                found = self._usable(path, where, test)
                if found or path in where:
                    break
        if found and not any(_on_load_path(p) or p.split("/", 1)[0] == top for p in found):
            # A script's own class (a benchmark's `Drop`) is not what the library's
            # users name: the library's, if it declares one, is meant.
            found = self._by_last(path, ref, gem, test) or found
        elif found is None and scopes != [""]:
            # Not declared where Ruby looks (reached through an ancestor or a mixin):
            # the one declaration of that name in the file's own gem. (Not for `::X` nor
            # outside every namespace: there Ruby looks at the top level only, and a
            # framework's `Rails` is not the gem's `Foo::Rails`.)
            # `class A::B` (the compact form) puts only A::B in scope, not A: its `X` is
            # no A::X (unless A is an ancestor, which is rare).
            skipped = set(_outers(scopes[0])) - set(scopes)
            found = self._by_last(path, ref, gem, test, skipped)
        if not found:
            return
        same = [p for p in found if self._gem(p) == gem]
        # (another gem's tests are never on this one's load path)
        owners = self.owners.get(whole.partition("::")[0], set())
        found = same or [p for p in found if p not in self.tests and self._gem(p) in owners]
        if len(found) > MOST_DECLARING:
            # Reopened in many files: the one its loaders name after it (`A::BC` in a/b_c.rb).
            rel = "/".join(_CAMEL.sub("_", n).lower() for n in whole.split("::")) + ".rb"
            found = [p for p in found if p == rel or p.endswith("/" + rel)]
            if len(found) > MOST_DECLARING:
                return
        yield from found

    def _by_last(
        self, path: str, ref: str, gem: str, test: bool, skipped: Iterable[str] = ()
    ) -> list[str]:
        last = ref.rpartition("::")[2]
        if last in RUBY_CORE or last != ref:  # (`Rack::Test::Error` is Rack's)
            return []
        hidden = {p for n in skipped for p in self.where.get(f"{n}::{last}", ())}
        found = [p for p in self._usable(path, self.by_last.get(last, ()), test)]
        found = [p for p in found if p not in hidden]
        found = [p for p in found if self._gem(p) == gem]
        found = [p for p in found if _on_load_path(p)] or found
        return sorted(set(found)) if len(set(found)) == 1 else []


def _outers(name: str) -> Iterable[str]:
    """The namespaces a whole name sits in: `A::B::C` -> `A::B`, `A`."""
    while "::" in name:
        name = name.rpartition("::")[0]
        yield name


def _on_load_path(path: str) -> bool:
    return path.startswith("lib/") or "/lib/" in path


def _php(specs: list[list[str]], idx: Index) -> Iterable[str]:
    """PHP classes by the PSR-4 maps of the repository's composer.json files (the longest
    namespace prefix that names a file wins); without one, by the path's end. A name with
    no namespace is one of PHP's own classes."""
    prefixes = sorted(idx.roots.psr4, key=len, reverse=True)
    rest: list[list[str]] = []
    for kind, name, *_ in specs:
        if kind != "module" or "\\" not in name:
            continue
        hit = ""
        for prefix in prefixes:
            if name.startswith(prefix) or f"{name}\\" == prefix:
                tail = name[len(prefix) :].replace("\\", "/")
                for folder in idx.roots.psr4[prefix]:
                    candidate = posixpath.join(folder, tail) + ".php" if folder else tail + ".php"
                    if candidate in idx.paths:
                        hit = candidate
                        break
            if hit:
                break
        if hit:
            yield hit
        elif not any(name.startswith(p) for p in prefixes):
            rest.append([kind, name])
    yield from _by_package(rest, idx, "\\", ".php", prefix=1)


# typerefs', not imports
_TYPE_SPECS = frozenset({"declares", "names", "package", "opens", "enclosing", "renamed"})
# Languages whose files see each other's types: a Scala or Kotlin file a Java class of its
# package, a Java file a Kotlin or Scala one (one compilation holds both).
_SEEN_WITH = {
    "Java": frozenset({"Java", "Kotlin", "Scala"}),
    "Kotlin": frozenset({"Java", "Kotlin"}),
    "Scala": frozenset({"Java", "Scala"}),
}


def _by_package(
    specs: list[list[str]],
    idx: Index,
    sep: str,
    ext: str | tuple[str, ...],
    prefix: int = 0,
    on_demand: bool = False,
) -> Iterable[str]:
    """A class named with its package or namespace (`a.b.C`, `A\\B\\C`) is the file of its
    name in a folder whose path ends with the package's; `prefix`: how many leading names
    of it may be left out (PSR-4 maps `App\\` to `app/`, so `App\\Models\\User` is in
    `app/Models/User.php`). Several extensions: Java and Kotlin classes import each other.
    `on_demand`: `a.b.C.*` is all of class C (Java's `import static`, Kotlin's object's
    members), as Scala's relative `C._` is not: its names only, `Declared.scoped_targets`."""
    exts = (ext,) if isinstance(ext, str) else ext
    for kind, name in specs:
        if kind in _TYPE_SPECS:
            continue
        parts = name.split(sep)
        star = parts[-1] == "*"
        if star and not on_demand:
            continue  # a whole package: no one file stands for it
        # `import a.b.C` or `import static a.b.C.member`: the class file is what counts;
        # a member of a nested class or companion (`a.b.C.Companion.of`) is in C's file.
        cuts = [len(parts), len(parts) - 1]
        if sep == ".":
            # (a Kotlin class in backticks may open with any character: `-Utf8Reader`)
            outer = next(
                (i for i, p in enumerate(parts) if p[:1].isupper() or not p.isidentifier()),
                len(parts),
            )
            cuts += [outer + 1] if outer + 1 < len(parts) - 1 else []
        if star:
            # `import static a.b.C.*` (Java), `import a.b.C.*` (Kotlin: an object's members,
            # a class's nested types): all of C, so C's file, as for one member of it; a
            # whole package (`a.b.*`, no name a class's) has no one file that stands for it.
            if sep != "." or outer >= len(parts) - 1:
                continue
            cuts = cuts[1:]
        for cut in cuts:
            hit = _in_package(parts[: cut - 1], parts[cut - 1], idx, exts, prefix)
            if hit:
                yield hit
                break


def _in_package(
    package: list[str], cls: str, idx: Index, exts: tuple[str, ...], prefix: int
) -> str | None:
    """The file of class `cls` whose folders end with most of `package`, if enough."""
    names = [cls + e for e in exts]
    if cls.endswith("Kt") and ".kt" in exts:  # a Kotlin file's functions, as Java sees them
        names.append(cls[:-2] + ".kt")
    best, depth = "", 0
    for path in (p for n in names for p in idx.by_name.get(n, [])):
        folders = path.split("/")[:-1]
        shared = 0
        for a, b in zip(reversed(folders), reversed(package), strict=False):
            if a != b:
                break
            shared += 1
        if shared > depth or (shared == depth == len(package) and not best):
            best, depth = path, shared
    if best and depth >= max(len(package) - prefix, min(len(package), 1)):
        return best
    return None


# -- Rust -------------------------------------------------------------------------------


def _rust_position(path: str, idx: Index) -> tuple[str, list[str], bool]:
    """(folder of the crate's module tree, this file's module path, is a crate root)."""
    parts = path.split("/")
    name = parts[-1]
    trees = idx.roots.crate_trees
    for src in sorted(trees, key=lambda s: -len(s)):
        prefix = src + "/" if src else ""
        if not path.startswith(prefix):
            continue
        # The folders Cargo finds targets in hold crate roots of their own, not modules.
        package = trees[src].package
        if any(
            path.startswith(join(package, d) + "/")
            for d in ("src/bin", "tests", "examples", "benches")
        ):
            continue
        rel = path[len(prefix) :].split("/")
        if rel in (["lib.rs"], ["main.rs"]) or path in trees[src].roots:
            return src, [], True
        mods = rel[:-1] + ([] if rel[-1] == "mod.rs" else [rel[-1][:-3]])
        return src, mods, False
    # Test, bench, example and bin targets: each file is a crate root of its own, and a
    # `common/mod.rs` beside them is a module of one of those roots.
    folder = "/".join(parts[:-1])
    if name == "mod.rs":
        return posixpath.dirname(folder), [posixpath.basename(folder)], False
    return folder, [], True


def _rust_module(src: str, mods: list[str], idx: Index) -> str | None:
    if not mods:
        tree = idx.roots.crate_trees.get(src)
        named = tree.roots if tree is not None else []
        for root in (join(src, "lib.rs"), *named, join(src, "main.rs")):
            if root in idx.paths:
                return root
        return None
    base = join(src, "/".join(mods))
    for cand in (base + ".rs", base + "/mod.rs"):
        if cand in idx.paths:
            return cand
    return None


def _rust_longest(src: str, mods: list[str], idx: Index) -> tuple[str | None, list[str]]:
    """The deepest module file of the path `mods`, and the names after it (an item of it)."""
    for i in range(len(mods), -1, -1):
        hit = _rust_module(src, mods[:i], idx)
        if hit:
            return hit, mods[i:]
    return None, []


def _crate_named(path: str, name: str, idx: Index) -> str:
    """The crate `name` stands for in this file: the one its crate's Cargo.toml (or the
    workspace's) renames to it (`tui = { package = "my-tui" }`), else `name` itself."""
    renames = idx.roots.crate_renames
    folder = path
    while folder:
        folder = posixpath.dirname(folder)
        if name in renames.get(folder, {}):
            return renames[folder][name]
    return name


def _rust(
    f: PackedFile, specs: list[list[str]], idx: Index
) -> tuple[set[str], Module, dict[str, tuple[str, str]], list[tuple[str, list[str]]]]:
    """The module files a Rust file's `mod` items and whole-module `use`s name, and, for the
    rest, the file as a barrel (`barrels.py`): the items it takes from each module, what it
    hands on by `pub use` and what it defines. An item is then followed, as rust-analyzer's
    "go to definition" does, through a crate root's `pub use x::Item` to `x.rs`. Then the
    items it imports privately (name -> (file, name there)): its child modules see them.
    Last, the paths that go on past a module's name in the file they reach (`crate::de::
    value::X` where the crate root has `pub use core::de`), as (file, names after it): only
    once every file's `pub use`s are known can they be followed (`_through_reexports`)."""
    src, mods, is_root = _rust_position(f.path, idx)
    stem = posixpath.basename(f.path)[:-3]
    here = posixpath.dirname(f.path)
    child_dir = here if is_root or stem == "mod" else join(here, stem)
    edges: set[str] = set()
    mod = Module()
    private: dict[str, tuple[str, str]] = {}
    deeper: list[tuple[str, list[str]]] = []
    names = next((value.split(",") for kind, value in specs if kind == "names"), [])
    for kind, value in specs:
        if kind == "mod":
            for cand in (join(child_dir, value + ".rs"), join(child_dir, value + "/mod.rs")):
                if cand in idx.paths:
                    edges.add(cand)
                    break
            continue
        if kind == "path":  # `#[path = "x/y.rs"]`: from the declaring file's folder
            cand = posixpath.normpath(join(here, value))
            if cand in idx.paths:
                edges.add(cand)
            continue
        if kind == "defines":
            mod.local.update(value.split(","))
            continue
        if kind == "names":
            continue
        if kind == "code":  # a path written out in code: from `crate`, `super`, a crate...
            hit, rest = _rust_use(f.path, src, mods, value.split("::"), idx)
            if hit is not None and len(rest) > 1:
                deeper.append((hit, rest))
            elif hit is not None and rest:
                mod.uses.append((hit, [rest[0]]))
            elif hit is not None:
                edges.add(hit)
            continue
        path, _, alias = value.partition("=")
        glob = path.endswith("::*")
        parts = [p.removeprefix("r#") for p in path.removesuffix("::*").split("::") if p]
        hit, rest = _rust_use(f.path, src, mods, parts, idx)
        if hit is None:
            continue
        if rest:  # an item of the module (or of an enum in it: its first name leads there)
            if kind == "pub" and not glob:
                mod.named.setdefault(alias or parts[-1], (hit, rest[0]))
            elif len(rest) > 1:
                deeper.append((hit, rest))
            else:
                mod.uses.append((hit, [rest[0]]))
                if kind == "use" and not glob and len(rest) == 1:
                    private.setdefault(parts[-1], (hit, rest[0]))
        elif kind == "pub" and glob:
            mod.stars.append(hit)
        elif kind == "pub":
            mod.named.setdefault(alias or parts[-1], (hit, ALL))  # a module handed on whole
        elif glob and names:
            # `use super::*`: each type the code names, followed to where it is defined as
            # any item imported by name is (a name the module does not have stays with it)
            mod.uses.append((hit, names))
        else:
            edges.add(hit)
    return edges, mod, private, deeper


def _through_reexports(
    crates: dict[str, Module],
    deeper: dict[str, list[tuple[str, list[str]]]],
    out: dict[str, list[str]],
    idx: Index,
) -> None:
    """Follow each path that goes on past a module's name (`crate::de::value::X` reaching
    the crate root with `de` left) through the `pub use core::de` that hands that module
    on, into it (`core/src/de/value.rs`, `X`), as the compiler does; then hand what it
    reaches to the barrels (an item) or the graph (a whole module)."""
    for path, wanted in deeper.items():
        for hit, rest in wanted:
            for _ in range(_MAX_REEXPORTS):  # (a cycle of re-exports ends)
                held = crates.get(hit)
                if len(rest) < 2 or held is None:
                    break
                target, there = held.named.get(rest[0], ("", ""))
                if there != ALL:
                    target = _glob_module(hit, rest[0], crates, idx)
                    if not target:
                        break
                src, mods, _ = _rust_position(target, idx)
                inner, after = _rust_longest(src, mods + rest[1:], idx)
                if inner is None:
                    break
                hit, rest = inner, after
            if rest:
                crates[path].uses.append((hit, [rest[0]]))
            elif hit != path:
                out[path] = sorted({*out[path], hit})


_MAX_REEXPORTS = 8  # modules handed on, one through another, followed at most


def _glob_module(path: str, name: str, crates: dict[str, Module], idx: Index) -> str:
    """The child module `name` that the file `path` hands on through its `pub use x::*`
    (`pub use errors::*` at a crate's root, with `errors/shell_error/`), one glob into
    another at most, or ""."""
    todo, seen = [(path, 0)], {path}
    while todo:
        here, depth = todo.pop(0)
        held = crates.get(here)
        for star in held.stars if held is not None else ():
            src, mods, _ = _rust_position(star, idx)
            child = _rust_module(src, [*mods, name], idx)
            if child is not None:
                return child
            if depth < _MAX_GLOBS and star not in seen:
                seen.add(star)
                todo.append((star, depth + 1))
    return ""


_MAX_GLOBS = 1  # a glob re-export read through another (deeper ones are rare)


def _through_private_uses(
    crates: dict[str, Module], private: dict[str, dict[str, tuple[str, str]]]
) -> None:
    """Send each item a Rust file takes from a module that only imports it privately (`use
    super::{Context, Module}` under a `mod.rs` with `use crate::context::Context;`) on to
    where that import leads, as rust-analyzer resolves it: a module's imports are visible
    to its children. Only a child can name them, so compiling code needs no check of who."""
    for mod in crates.values():
        for i, (target, names) in enumerate(mod.uses):
            if len(names) != 1 or target not in private:
                continue
            name, seen = names[0], {target}
            while name in private.get(target, {}):
                held = crates.get(target)
                if held is not None and (name in held.named or name in held.local):
                    break  # (a name the module defines or hands on itself: barrels' job)
                target, name = private[target][name]
                if target in seen:
                    break
                seen.add(target)
            mod.uses[i] = (target, [name])


def _rust_use(
    path: str, src: str, mods: list[str], parts: list[str], idx: Index
) -> tuple[str | None, list[str]]:
    """The module file a `use` path reaches from this file, and the names after it."""
    if not parts:
        return None, []
    if parts[0] == "crate":
        return _rust_longest(src, parts[1:], idx)
    if parts[0] in ("self", "super"):
        level = list(mods)
        while parts and parts[0] in ("self", "super"):
            if parts.pop(0) == "super" and level:
                level.pop()
        return _rust_longest(src, level + parts, idx)
    if _rust_module(src, [*mods, parts[0]], idx):  # a child module named bare
        return _rust_longest(src, mods + parts, idx)
    if (crate := _crate_named(path, parts[0], idx)) in idx.roots.crates:
        return _rust_longest(idx.roots.crates[crate], parts[1:], idx)  # a workspace crate
    return None, []


# -- the graph --------------------------------------------------------------------------


def _resolve(f: PackedFile, specs: list[list[str]], idx: Index) -> Iterable[str]:
    lang = f.language
    if lang in ("Python", "Cython"):
        return _python(f, specs, idx)
    if lang == "Go":
        return _go(f, specs, idx)
    if lang == "Java":
        return _java(f, specs, idx)
    if lang == "Kotlin":
        return _by_package(specs, idx, ".", (".kt", ".java"), on_demand=True)
    if lang == "Scala":  # (and by the names its files declare: `Declared.scoped_targets`)
        return _by_package(specs, idx, ".", (".scala", ".java"))
    if lang == "PHP":
        # A class of the file's own namespace lies beside it (PSR-4: a folder per namespace).
        here = posixpath.dirname(f.path)
        local = [join(here, f"{n}.php") for kind, n in specs if kind == "local"]
        own = [p for p in local if p in idx.paths and p != f.path]
        # A file included by its own folder (`require __DIR__ . '/functions.php'`), and
        # the file that defines a function the file takes by `use function`
        required = [posixpath.normpath(join(here, n)) for kind, n in specs if kind == "require"]
        functions = [p for kind, n in specs if kind == "function" for p in idx.php_functions[n]]
        return [
            *_php(specs, idx),  # (`_php` takes only names with a namespace)
            *own,
            *(p for p in required if p in idx.paths),
            *functions,
        ]
    if lang == "Ruby":
        return _ruby(f, specs, idx)
    if lang == "Haskell":
        return _haskell(f, specs, idx)
    if lang in _C_INCLUDERS and idx.includes is not None:
        here = posixpath.dirname(f.path)
        found = (idx.includes.resolve(here, k, name) for k, name in specs if k in _C_INCLUDES)
        return filter(None, found)
    return ()


def resolve_all(
    files: list[PackedFile], specs: dict[str, list[list[str]]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each path's imported repository paths, sorted, from already extracted specs; and the
    modules a Python file reaches through a package's re-exports besides (`_python_barrels`)."""
    paths = [f.path for f in files]
    texts = {f.path: f.full_text for f in files if f.carrier and wants_text(f.path)}
    idx = Index(paths, find_roots(texts, paths))
    for f in files:  # what each Go file declares at package level, and its package (`_go`)
        if f.language == "Go":
            for kind, value in specs.get(f.path, ()):
                if kind == "declares" and value:
                    idx.go_declares[f.path] = set(value.split(","))
                elif kind == "package" and value:
                    idx.go_package[f.path] = value
        elif f.language == "PHP":  # the functions each PHP file defines (`use function`)
            for kind, value, *_ in specs.get(f.path, ()):
                if kind == "functions":
                    for name in value.split(","):
                        idx.php_functions[name].append(f.path)
    c_files = [f for f in files if f.language in _C_INCLUDERS]
    if c_files:
        quoted = [s[1] for f in c_files for s in specs.get(f.path, ()) if s[0] == "quote"]
        idx.includes = Includes(idx.paths, idx.by_name, idx.roots.include_dirs, quoted)
    out: dict[str, list[str]] = {}
    modules: dict[str, Module] = {}
    crates: dict[str, Module] = {}  # Rust files, as barrels of their `pub use`s
    private: dict[str, dict[str, tuple[str, str]]] = {}  # and their private `use`s
    deeper: dict[str, list[tuple[str, list[str]]]] = {}  # and their paths past a module
    declared = {
        lang: Declared(
            (f.path, specs.get(f.path, []))
            for f in files
            if f.language in _SEEN_WITH.get(lang, (lang,))
        )
        for lang in TYPE_LANGUAGES | PACKAGE_LANGUAGES
    }
    ruby: _RubyConstants | None = None
    lua: _LuaModules | None = None
    elixir: _ElixirModules | None = None
    projects = Projects({f.path: f.full_text for f in files if Projects.wants(f.path)})
    swift = _SwiftModules(files)
    for f in files:
        found = specs.get(f.path)
        if not found:
            continue
        if f.language in TYPE_LANGUAGES:
            sees = (
                projects.sees
                if f.language == "C#" and projects.folders
                else swift.sees
                if f.language == "Swift" and swift.imports
                else None
            )
            out[f.path] = sorted(set(declared[f.language].targets(f.path, found, sees=sees)))
        elif f.language in _JS_LANGS:
            modules[f.path] = _js(f, found, idx)
        elif f.language == "Rust":
            edges, crates[f.path], private[f.path], deeper[f.path] = _rust(f, found, idx)
            out[f.path] = sorted(edges - {f.path})
        else:
            targets = set(_resolve(f, found, idx))
            if f.language == "Scala":
                targets.update(declared["Scala"].scoped_targets(f.path, found))
            elif f.language in PACKAGE_LANGUAGES:
                targets.update(declared[f.language].targets(f.path, found, same_package=True))
                targets.update(declared[f.language].on_demand_targets(f.path, found))
                if f.language == "Kotlin":
                    targets.update(declared["Kotlin"].imported_members(found))
                    targets.update(declared["Kotlin"].package_members(f.path, found))
            elif f.language == "Ruby":
                ruby = ruby or _RubyConstants(files, specs, idx)
                targets.update(ruby.targets(f, found))
            elif f.language == "Elixir":
                elixir = elixir or _ElixirModules(files, specs)
                targets.update(elixir.targets(f, found, idx))
            elif f.language == "Lua":
                lua = lua or _LuaModules(files, specs, idx)
                targets.update(lua.targets(f, found))
            out[f.path] = sorted(t for t in targets if t != f.path)
    _drop_unseen_source_sets(out)
    # An import of a barrel reaches the modules behind it, so it waits for every file's.
    for path, edges in module_edges(modules).items():
        out[path] = sorted(edges)
    _through_reexports(crates, deeper, out, idx)
    _through_private_uses(crates, private)
    for path, edges in module_edges(crates).items():
        out[path] = sorted(edges.union(out[path]))
    reached = _python_barrels(files, specs, idx, VOTERS)
    reached.update(_c_callees(files, specs))
    reach = {
        path: sorted(extra)
        for path, edges in reached.items()
        if (extra := edges - set(out.get(path, ())) - {path})
    }
    return out, reach


# A Kotlin Multiplatform source set (`src/androidMain/`, `src/jvmTest/`), and the leaf
# platforms whose sets see only themselves and the common sets above them: the Android code
# of a module cannot use its JVM code, nor its common code either.
_SOURCE_SET = lazyre.compile(r"(?:^|/)src/([a-z]+)[A-Z0-9]\w*/")
_LEAF_PLATFORMS = frozenset(
    {"jvm", "android", "js", "wasm", "ios", "macos", "tvos", "watchos", "linux", "mingw"}
)


def _drop_unseen_source_sets(out: dict[str, list[str]]) -> None:
    """Drop edges a multiplatform module's source sets cannot have: from one leaf platform's
    set to another's, and from a common set to a leaf platform's (an `actual` declaration
    named like its `expect`: the importer sees the one its own sets hold)."""
    for path, edges in out.items():
        here = _SOURCE_SET.search(path)
        if here is None:
            continue
        module, platform = path[: here.start()], here.group(1)
        if platform not in _LEAF_PLATFORMS and platform != "common":
            continue  # an intermediate set (`nativeMain`, `appleMain`): its children unknown
        if any(_unseen(e, module, platform) for e in edges):
            out[path] = [e for e in edges if not _unseen(e, module, platform)]


def _unseen(edge: str, module: str, platform: str) -> bool:
    """Whether `edge` is in a leaf platform's source set of `module` other than `platform`."""
    there = _SOURCE_SET.search(edge)
    return (
        there is not None
        and edge[: there.start()] == module
        and there.group(1) in _LEAF_PLATFORMS
        and there.group(1) != platform
    )


def _c_callees(files: list[PackedFile], specs: dict[str, list[list[str]]]) -> dict[str, set[str]]:
    """Per C or C++ source file, the others whose functions and variables it uses (what
    `extract` read of them with `names`): as a header many include, a .c file many call
    into is central, though nothing includes it. For ranking, not as edges: the file
    includes the header that declares them, and its header and the manifest say so. A name
    more than a few files define (each platform's `osdep_init`, a program's `main`) ties
    the user to none of them."""
    defined: dict[str, list[str]] = defaultdict(list)
    uses: dict[str, set[str]] = {}
    programs: set[str] = set()
    # A definition under a macro some file of the repository defines as `static` is no more
    # the others' than one that says `static` itself.
    static = {
        m
        for f in files
        if f.language in _C_LANGS
        for kind, value in specs.get(f.path, ())
        if kind == "static"
        for m in value.split(",")
    }
    for f in files:
        if not _c_body(f):
            continue
        for kind, value in specs.get(f.path, ()):
            if kind == "defines_under":
                words, _, value = value.partition("=")
                if static.intersection(words.split()):
                    continue
                kind = "defines"
            if kind == "defines" and value:
                for name in value.split(","):
                    defined[name].append(f.path)
            elif kind == "names" and value:
                uses[f.path] = set(value.split(","))
            elif kind == "program":
                programs.add(f.path)
        if f.path.rpartition("/")[2].startswith("main."):  # (its `main` may have another name)
            programs.add(f.path)
    out: dict[str, set[str]] = {}
    for path, names in uses.items():
        found = {
            d
            for n in names & defined.keys()
            if len(defined[n]) <= _MOST_DEFINING
            for d in _nearest(path, defined[n])
            # A program's main file is linked with the files of its folder: another
            # program beside or above it (a firmware and its boot loader) has its own.
            if d not in programs or _in_folder_of(path, d)
        }
        found.discard(path)
        if found:
            out[path] = found
    return out


def _nearest(path: str, definers: list[str]) -> list[str]:
    """Of the files defining a name `path` uses, those nearest it (sharing the most folders
    with it): two programs of one repository (a firmware and its boot loader, two
    platforms' ports) each define it, and each user is linked with its own."""
    if len(definers) == 1:
        return definers
    near = [shared_folders(path, d) for d in definers]
    most = max(near)
    return [d for d, n in zip(definers, near, strict=True) if n == most]


def _in_folder_of(path: str, other: str) -> bool:
    """Whether `path` is in `other`'s folder or below it."""
    folder = other.rpartition("/")[0]
    return not folder or path.startswith(folder + "/")


def _c_body(f: PackedFile) -> bool:
    """Whether `f` is a C or C++ implementation file of the code, whose definitions and
    uses tie it to the others (`_c_callees`)."""
    return f.language in _C_LANGS and f.role in VOTERS and f.path.endswith(_C_BODIES)


def build_graph(files: list[PackedFile], cache: Any = None, prefix: str = "") -> None:
    """Fill each file's `imports` and `imported_by` with repository paths, sorted.

    Extraction results are cached by content (`cache`: the pack's TokenCache), so an
    unchanged file is never parsed twice. Resolution depends on which other files exist,
    so the resolved graph is cached under a key naming every file's path, content and
    language: an unchanged repository skips extraction and resolution alike (a sixth of
    a warm pack's time on the stdlib corpus).

    `prefix` is the packed folder's place in its repository ("include/proj/"): its files
    resolve among themselves as they do in the whole repository (`#include <proj/x.h>`
    through the repository's `include/`, `from pkg.sub import x` from `src/`).
    """
    if prefix:
        for f in files:
            f.path = prefix + f.path
        try:
            graph, reach = _graph(files, cache)
        finally:
            for f in files:
                f.path = f.path[len(prefix) :]
        cut = len(prefix)
        graph = {k[cut:]: [t[cut:] for t in v] for k, v in graph.items()}
        reach = {k[cut:]: [t[cut:] for t in v] for k, v in reach.items()}
    else:
        graph, reach = _graph(files, cache)
    _link(files, graph, reach)


def _graph(
    files: list[PackedFile], cache: Any
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The resolved graph, from the cache when the same files were resolved before."""
    key = _graph_key(files) if cache is not None else None
    if key is not None:
        known = cache.get_many([key], "facts").get(key)
        if known is not None:
            graph, reach = json.loads(known)
            return graph, reach
    graph, reach = _resolve_graph(files, cache)
    if key is not None:
        cache.put_many([(key, json.dumps([graph, reach], separators=(",", ":")))], "facts")
    return graph, reach


def _graph_key(files: list[PackedFile]) -> bytes | None:
    """Names everything resolution reads: each file's path, content, language, role (what
    votes in `_python_barrels`) and whether it has text (None when some file's content has
    no name, e.g. text changed in memory)."""
    h = hashlib.blake2b(_GRAPH_TAG, digest_size=16)
    for f in files:
        if f.carrier and not f.digest:
            return None
        path = f.path.encode("utf-8", "surrogateescape")
        lang = f.language.encode("utf-8", "surrogateescape")
        role = f.role.encode()
        h.update(b"%d:%d:%d:%d:%d:" % (len(path), len(f.digest), len(lang), len(role), f.carrier))
        h.update(path + f.digest + lang + role)
    return b"graph|" + h.digest()


def _link(
    files: list[PackedFile], graph: dict[str, list[str]], reach: dict[str, list[str]]
) -> None:
    imported_by: dict[str, set[str]] = defaultdict(set)
    for f in files:
        f.imports = graph.get(f.path, [])
        f.reaches = reach.get(f.path, [])
        for t in f.imports:
            imported_by[t].add(f.path)
    for f in files:
        f.imported_by = sorted(imported_by.get(f.path, ()))


def _resolve_graph(
    files: list[PackedFile], cache: Any
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Extract (from the cache where it can) and resolve every file's imports."""
    wanted = [f for f in files if f.carrier and f.language in GRAMMAR_LANGUAGES]
    # A C implementation file of the code is read for its definitions and uses too.
    names = [_c_body(f) for f in wanted]
    keys = [
        f.digest + _CACHE_TAG + f.language.encode() + (b"|names" if n else b"")
        for f, n in zip(wanted, names, strict=True)
    ]
    known = cache.get_many(list(set(keys)), "facts") if cache is not None and keys else {}
    memo: dict[bytes, list[list[str]]] = {k: json.loads(v) for k, v in known.items()}
    fresh = []
    specs: dict[str, list[list[str]]] = {}
    todo = []
    for f, key, n in zip(wanted, keys, names, strict=True):
        if not f.digest:
            todo.append((f, key, n))
        elif key not in memo:
            memo[key] = []  # copies of one text are parsed once
            todo.append((f, key, n))
    # Parsing holds the GIL: on a cold cache, half the files are parsed in a forked child.
    parsed = split_map(extract, [(f.language, f.full_text, n) for f, _, n in todo])
    for (f, key, _n), found in zip(todo, parsed, strict=True):
        found = found or []
        if f.digest:
            memo[key] = found
            fresh.append((key, json.dumps(found)))
        specs[f.path] = found
    for f, key in zip(wanted, keys, strict=True):
        if f.path not in specs:
            specs[f.path] = memo[key]
    if cache is not None and fresh:
        cache.put_many(fresh, "facts")
    return resolve_all(files, specs)
