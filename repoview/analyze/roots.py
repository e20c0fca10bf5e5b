"""Where a repository's own modules live, found the way its build tools would find them.

Python: the folders above each top-level package (src/ and lib/ layouts, packages at the
root) and, for a script, its own folder. TypeScript/JavaScript: tsconfig `baseUrl`/`paths`
and the `package.json` names of the repository's own packages. Go: each go.mod's module
path. Rust: each Cargo package's crate name and the folders of its targets' module trees.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import lazyre
from .languages import _EXAMPLE_DIRS, _NAMED_EXAMPLE, tests_folder

__all__ = ["CrateTree", "Roots", "TsConfig", "examples_folder", "find_roots", "loads_jsonc"]


@dataclass
class TsConfig:
    """The path mapping of one tsconfig.json / jsconfig.json, for files below its folder."""

    folder: str
    base_url: str | None = None  # repo-relative folder, or None
    paths: list[tuple[str, list[str]]] = field(default_factory=list)  # pattern -> targets


@dataclass
class CrateTree:
    """A folder holding the module tree of a Cargo package's library or binaries."""

    package: str  # the folder of its Cargo.toml
    roots: list[str] = field(default_factory=list)  # root files named by a target's `path`


@dataclass
class Roots:
    """Everything resolution needs to know about the repository's own module names."""

    python: list[str] = field(default_factory=list)  # folders, "" for the repo root
    python_packages: set[str] = field(default_factory=set)  # folders holding __init__.py
    # roots inside the tests (a fixture project) or the examples (`examples/django/`, an
    # app showing an integration) -> the tests or examples folder they serve
    python_test_roots: dict[str, str] = field(default_factory=dict)
    tsconfigs: dict[str, TsConfig] = field(default_factory=dict)  # by folder
    # a tsconfig's `outDir` -> its `rootDir` (or its own folder): where a build's files came from
    ts_out_dirs: dict[str, str] = field(default_factory=dict)
    # name -> (folder, entries, subpath exports: "./feature" -> its targets)
    js_packages: dict[str, tuple[str, list[str], dict[str, list[str]]]] = field(
        default_factory=dict
    )
    # folder of each package.json -> its "imports" (`#name` -> targets, in Node's order)
    js_imports: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    go_modules: dict[str, str] = field(default_factory=dict)  # module path -> folder
    crates: dict[str, str] = field(default_factory=dict)  # crate name -> its src folder
    crate_trees: dict[str, CrateTree] = field(default_factory=dict)  # by folder
    # folder of a Cargo.toml -> {the name its code uses: the crate it renames}
    crate_renames: dict[str, dict[str, str]] = field(default_factory=dict)
    include_dirs: list[str] = field(default_factory=list)  # C/C++ include folders
    psr4: dict[str, list[str]] = field(default_factory=dict)  # PHP namespace prefix -> folders


_JSONC_TOKENS = lazyre.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/|,(?=\s*[}\]])', re.S)


def loads_jsonc(text: str) -> Any:
    """JSON with comments and trailing commas (tsconfig.json), or None when unreadable."""
    cleaned = _JSONC_TOKENS.sub(lambda m: m.group(0) if m.group(0)[0] == '"' else "", text)
    try:
        return json.loads(cleaned)
    except ValueError:
        return None


def _dirname(path: str) -> str:
    return posixpath.dirname(path)


def _join(folder: str, rel: str) -> str:
    out = posixpath.normpath(posixpath.join(folder, rel))
    return "" if out == "." else out


def find_roots(texts: dict[str, str], paths: list[str]) -> Roots:
    """Roots from the repository's file list and the text of its manifests (`texts`)."""
    roots = Roots()
    _python_roots(paths, roots)
    for path in sorted(texts):
        name = posixpath.basename(path)
        if name in ("tsconfig.json", "jsconfig.json"):
            _tsconfig(path, texts, roots)
        if name.startswith("tsconfig") and name.endswith(".json"):
            _ts_out_dir(path, texts, roots)
        elif name in _JS_MANIFESTS:
            _package_json(path, texts[path], roots)
        elif name == "go.mod":
            m = re.search(r"^module\s+(\S+)", texts[path], re.M)
            if m:
                roots.go_modules[m.group(1).strip('"')] = _dirname(path)
        elif name == "Cargo.toml":
            _cargo(path, texts[path], roots)
        elif name == "composer.json":
            _composer(path, texts[path], roots)
    roots.include_dirs = _include_dirs(paths)
    return roots


def _composer(path: str, text: str, roots: Roots) -> None:
    """PSR-4 autoload maps (`"App\\\\": "app/"`, a prefix may name several folders)."""
    try:
        data = json.loads(text)
    except ValueError:
        return
    here = _dirname(path)
    for section in ("autoload", "autoload-dev"):
        table = data.get(section, {}) if isinstance(data, dict) else {}
        psr4 = table.get("psr-4", {}) if isinstance(table, dict) else {}
        if not isinstance(psr4, dict):
            continue
        for prefix, folders in psr4.items():
            for folder in [folders] if isinstance(folders, str) else folders or []:
                if isinstance(folder, str):
                    joined = posixpath.normpath(posixpath.join(here, folder)) if folder else here
                    roots.psr4.setdefault(prefix, []).append("" if joined == "." else joined)


def _include_dirs(paths: list[str]) -> list[str]:
    """Folders named include, inc or src, at any depth (`include/` may hold only folders:
    `include/curl/curl.h`)."""
    folders: set[str] = set()
    for p in paths:
        d = _dirname(p)
        while d and d not in folders:
            folders.add(d)
            d = _dirname(d)
    return sorted(d for d in folders if posixpath.basename(d) in ("include", "inc", "src"))


def _python_roots(paths: list[str], roots: Roots) -> None:
    packages = {
        _dirname(p) for p in paths if posixpath.basename(p) in ("__init__.py", "__init__.pyi")
    }
    roots.python_packages = packages
    found = {""}  # the repository root is on sys.path for its tools, tests and scripts
    # A folder of stubs alone (typeshed's stdlib/, a test suite's fixture stubs) is what a
    # type checker reads, not where the code's imports are found: `import typing` there
    # would link every module to a stub.
    code_packages = {_dirname(p) for p in paths if posixpath.basename(p) == "__init__.py"}
    for pkg in code_packages:
        top = pkg
        while top and _dirname(top) in packages:
            top = _dirname(top)
        found.add(_dirname(top))
    for conventional in ("src", "lib"):  # src/ and lib/ layouts, namespace packages included
        if any(p.startswith(conventional + "/") and p.endswith(".py") for p in paths):
            found.add(conventional)
    # Deeper roots first: `src/` shadows nothing at the top, but a package's own folder
    # must win over a same-named folder found higher up.
    roots.python = sorted(found, key=lambda r: (-r.count("/") - (r != ""), r))
    for root in found:
        if (scope := tests_folder(root) or examples_folder(root)) is not None:
            roots.python_test_roots[root] = scope


def examples_folder(folder: str) -> str | None:
    """The outermost folder of examples that `folder` is or lies in (`examples/django` ->
    `examples`), or None. The packages an example defines there are no modules of the
    library's: its `from pydantic import BaseModel` is a dependency, never an example named
    after the integration it shows."""
    parts = folder.split("/") if folder else []
    for i, d in enumerate(parts):
        if d.lower() in _EXAMPLE_DIRS or _NAMED_EXAMPLE.search(d.lower()):
            return "/".join(parts[: i + 1])
    return None


def _tsconfig_chain(path: str, texts: dict[str, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The compiler options of a tsconfig and of those it `extends`, nearest first, each with
    the folder its relative paths start from (the nearest file's settings win)."""
    seen: set[str] = set()
    current: str | None = path
    while current and current not in seen and current in texts:
        seen.add(current)
        data = loads_jsonc(texts[current])
        if not isinstance(data, dict):
            break
        here = _dirname(current)
        opts = data.get("compilerOptions")
        yield here, opts if isinstance(opts, dict) else {}
        parent = data.get("extends")
        current = (
            _join(here, parent) if isinstance(parent, str) and parent.startswith(".") else None
        )
        if current and not current.endswith(".json"):
            current += ".json"


def _tsconfig(path: str, texts: dict[str, str], roots: Roots) -> None:
    folder = _dirname(path)
    conf = TsConfig(folder)
    for here, opts in _tsconfig_chain(path, texts):
        base = opts.get("baseUrl")
        if conf.base_url is None and isinstance(base, str):
            conf.base_url = _join(here, base)
        paths = opts.get("paths")
        if not conf.paths and isinstance(paths, dict):
            anchor = _join(here, base) if isinstance(base, str) else here
            conf.paths = [
                (pat, [_join(anchor, t) for t in targets if isinstance(t, str)])
                for pat, targets in paths.items()
                if isinstance(targets, list)
            ]
    if conf.base_url is not None or conf.paths:
        roots.tsconfigs[folder] = conf


def _ts_out_dir(path: str, texts: dict[str, str], roots: Roots) -> None:
    """Where this tsconfig compiles to (`outDir`) and from (`rootDir`, else its own folder),
    each relative to the file of the chain that says it: a package's entry names the build
    (`lib/umd/main.js`), and its source is what the repository holds."""
    out_dir: str | None = None
    root_dir: str | None = None
    for here, opts in _tsconfig_chain(path, texts):
        if out_dir is None and isinstance(opts.get("outDir"), str):
            out_dir = _join(here, opts["outDir"])
        if root_dir is None and isinstance(opts.get("rootDir"), str):
            root_dir = _join(here, opts["rootDir"])
    source = root_dir if root_dir is not None else _dirname(path)
    if out_dir and not out_dir.startswith("..") and out_dir != source:
        roots.ts_out_dirs.setdefault(out_dir, source)


# How deep conditions may nest before the rest is ignored (Node's own packages nest three or
# four deep; a file nested hundreds deep would exhaust the stack).
_NESTING = 32


def _leaves(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > _NESTING:
        return []
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v, depth + 1)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v, depth + 1)]
    return []


# The conditions Node matches (the first of them in an object's order wins), `types` put
# first as TypeScript reads it: the declarations are what a `.d.ts` import names.
_NODE_CONDITIONS = frozenset({"types", "import", "require", "node", "module-sync", "default"})


def _conditional(value: Any, depth: int = 0) -> list[str]:
    """The targets of a conditional entry, the one Node and TypeScript would take first
    and the others after it (a build's target may be absent from the repository)."""
    if isinstance(value, str):
        return [value]
    if depth > _NESTING:
        return []
    if isinstance(value, list):
        return [t for v in value for t in _conditional(v, depth + 1)]
    if not isinstance(value, dict):
        return []
    keys = sorted(value, key=lambda k: (k != "types", k not in _NODE_CONDITIONS))
    return [t for k in keys for t in _conditional(value[k], depth + 1)]


def _package_json(path: str, text: str, roots: Roots) -> None:
    data = loads_jsonc(text)
    if not isinstance(data, dict):
        return
    if posixpath.basename(path) == "package.json":
        # Every package.json scopes `#name` imports below it, named or not, with or
        # without an "imports" field (Node looks no further up than the nearest one).
        imports = data.get("imports")
        roots.js_imports[_dirname(path)] = (
            {k: _conditional(v) for k, v in imports.items() if k.startswith("#")}
            if isinstance(imports, dict)
            else {}
        )
    if not isinstance(data.get("name"), str):
        return
    entries: list[str] = []
    subpaths: dict[str, list[str]] = {}
    exports = data.get("exports")
    # (each entry's conditions as Node takes them: a `style` listed first is for CSS
    # `@import`, not what `import ... from 'pkg'` in code reaches)
    if isinstance(exports, dict) and any(k.startswith(".") for k in exports):
        entries.extend(_conditional(exports.get(".")))
        # `"./feature": "./lib/feature-impl.ts"`, `"./*": "./src/*.ts"`: what `pkg/feature` is
        subpaths = {k: _conditional(v) for k, v in exports.items() if k.startswith("./")}
    else:
        entries.extend(_conditional(exports))
    for key in ("source", "module", "main", "types", "typings"):
        entries.extend(_leaves(data.get(key)))
    roots.js_packages.setdefault(data["name"], (_dirname(path), entries, subpaths))


def _cargo(path: str, text: str, roots: Roots) -> None:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeError):
        return
    folder = _dirname(path)
    renames = _cargo_renames(data)
    if renames:
        roots.crate_renames[folder] = renames
    package = data.get("package")
    if not isinstance(package, dict) or not isinstance(package.get("name"), str):
        return
    lib = data.get("lib")
    lib_path = lib.get("path") if isinstance(lib, dict) else None
    src = _dirname(_join(folder, lib_path)) if isinstance(lib_path, str) else _join(folder, "src")
    name = lib.get("name") if isinstance(lib, dict) and isinstance(lib.get("name"), str) else None
    roots.crates.setdefault((name or package["name"]).replace("-", "_"), src)
    roots.crate_trees.setdefault(_join(folder, "src"), CrateTree(folder))
    # A target's `path` puts its module tree in that file's folder (`crates/core/main.rs`:
    # `mod flags;` is `crates/core/flags.rs`), the library's first, as `crate::` means it.
    bins = data.get("bin")
    targets = [lib] + (bins if isinstance(bins, list) else [])
    scanned = {_join(folder, d) for d in ("src/bin", "tests", "examples", "benches")}
    for target in targets:
        rel = target.get("path") if isinstance(target, dict) else None
        if not isinstance(rel, str) or not rel.endswith(".rs"):
            continue
        root = _join(folder, rel)
        here = _dirname(root)
        if here in scanned:
            continue  # (each file there is a crate root of its own already)
        tree = roots.crate_trees.setdefault(here, CrateTree(folder))
        if tree.package == folder and root not in tree.roots:
            tree.roots.append(root)


def _cargo_renames(data: dict[str, Any]) -> dict[str, str]:
    """Crates of this repository a crate's code names otherwise (`tui = { path = "../my-tui",
    package = "my-tui" }`): in its own dependency tables, its targets', and a workspace's
    (which members inherit). A renamed registry crate (`utils-v1 = { version = "1",
    package = "utils" }`, an old release of a crate here) is not the one in the tree."""
    tables = [data.get(k) for k in ("dependencies", "dev-dependencies", "build-dependencies")]
    workspace = data.get("workspace")
    if isinstance(workspace, dict):
        tables.append(workspace.get("dependencies"))
    targets = data.get("target")
    if isinstance(targets, dict):
        for target in targets.values():
            if isinstance(target, dict):
                tables += [target.get(k) for k in ("dependencies", "dev-dependencies")]
    out = {}
    for table in tables:
        if not isinstance(table, dict):
            continue
        for alias, spec in table.items():
            if isinstance(spec, dict) and isinstance(spec.get("package"), str) and "path" in spec:
                out[alias.replace("-", "_")] = spec["package"].replace("-", "_")
    return out


# A JavaScript package's name and exports: npm's, and Deno's and JSR's (a Deno workspace).
_JS_MANIFESTS = frozenset({"package.json", "deno.json", "deno.jsonc", "jsr.json"})
MANIFEST_NAMES = frozenset(
    {"tsconfig.json", "jsconfig.json", "go.mod", "Cargo.toml", "composer.json"} | _JS_MANIFESTS
)


def wants_text(path: str) -> bool:
    """Whether root discovery reads this file (a manifest or a tsconfig it may extend)."""
    name = posixpath.basename(path)
    return name in MANIFEST_NAMES or (name.startswith("tsconfig") and name.endswith(".json"))
