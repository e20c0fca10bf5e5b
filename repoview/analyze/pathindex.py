"""Look-ups from names to the repository's files, for resolving imports (`imports.py`)."""

from __future__ import annotations

import posixpath
from collections import defaultdict

from .includes import Includes
from .roots import Roots

__all__ = ["Index", "join"]

# What `import name` may open (Cython compiled), and `cimport name` (Cython's declarations).
_PY_MODULES = (".py", ".pyi", ".pyx", ".pxd")


class Index:
    """Look-ups from names to files, built once per pack."""

    def __init__(self, paths: list[str], roots: Roots) -> None:
        self.paths = set(paths)
        self.roots = roots
        self.dirs: set[str] = {""}
        for p in paths:
            d = posixpath.dirname(p)
            while d and d not in self.dirs:
                self.dirs.add(d)
                d = posixpath.dirname(d)
        self.py_dirs = {posixpath.dirname(p) for p in paths if p.endswith(_PY_MODULES)}
        # Each name's folders holding it as a module or a folder: a `import name...` looks
        # only at the search roots that have it (the stdlib x4 has 80 roots, 47k imports).
        self.holders: dict[str, set[str]] = defaultdict(set)
        for d in self.dirs:
            if d:
                self.holders[posixpath.basename(d)].add(posixpath.dirname(d))
        for p in paths:
            stem, ext = posixpath.splitext(p)
            if ext in _PY_MODULES:
                self.holders[posixpath.basename(stem)].add(posixpath.dirname(p))
        self._root_hits: dict[str, list[str]] = {}
        self._python_roots = set(roots.python)
        self.includes: Includes | None = None
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.go_dirs: dict[str, list[str]] = defaultdict(list)
        self.go_declares: dict[str, set[str]] = {}  # path -> the names it declares (Go)
        self.go_package: dict[str, str] = {}  # path -> its package clause's name (Go)
        # a PHP function's name with its namespace -> the files that define it
        self.php_functions: dict[str, list[str]] = defaultdict(list)
        # Protocol Buffers schemas by folder: the source of a Go package generated beside
        # them (its `*.pb.go` left out of packs)
        self.proto_dirs: dict[str, list[str]] = defaultdict(list)
        self._haskell: dict[str, list[str]] | None = None  # (`haskell_modules`)
        for p in sorted(paths):
            self.by_name[posixpath.basename(p)].append(p)
            if p.endswith(".go") and not p.endswith("_test.go"):
                self.go_dirs[posixpath.dirname(p)].append(p)
            elif p.endswith(".proto"):
                self.proto_dirs[posixpath.dirname(p)].append(p)

    # -- Haskell ----------------------------------------------------------------------

    def haskell_modules(self) -> dict[str, list[str]]:
        """Each Haskell module a file could be, by its path as a module names it (`A/B/C`
        for `src/A/B/C.hs`): the path's tail from a capitalised folder or name on, below
        folders named in lower case (a source folder: `src/`, `lib/`, a package's own)."""
        if self._haskell is None:
            self._haskell = defaultdict(list)
            for p in sorted(self.paths):
                stem, ext = posixpath.splitext(p)
                if ext not in (".hs", ".lhs", ".hsc") and not p.endswith(".hs-boot"):
                    continue
                parts = stem.removesuffix(".hs").split("/")  # (`X.hs-boot`'s stem is `X`)
                for k in range(len(parts)):
                    tail = parts[k:]
                    if all(part[:1].isupper() for part in tail) and all(
                        not part[:1].isupper() for part in parts[:k]
                    ):
                        self._haskell["/".join(tail)].append(p)
                        break
        return self._haskell

    # -- Python -----------------------------------------------------------------------

    def py_search(self, name: str, here: str | None, importer: str = "") -> list[str]:
        """The search roots, in order, that hold `name` (a script's own folder first) for
        the file `importer`. A root inside the tests (a fixture project with its own
        package) serves the files under it; the other tests look there last, and the
        project's code never: its `import build` is a dependency, not a fixture's build.py."""
        hits = self._root_hits.get(name)
        if hits is None:
            holders = self.holders.get(name, ())
            found = [r for r in self.roots.python if r in holders]
            # A folder of `name` itself goes last (see `inside_itself`).
            hits = self._root_hits[name] = sorted(found, key=lambda r: self.inside_itself(r, name))
        scoped = self.roots.python_test_roots
        if scoped and any(r in scoped for r in hits):
            inside = [r for r in hits if r not in scoped or importer.startswith(r + "/")]
            last = [r for r in hits if r not in inside and importer.startswith(scoped[r] + "/")]
            hits = inside + last
        if here is not None and here in self.holders.get(name, ()):
            if self.inside_itself(here, name):
                return [*hits, here]
            return [here, *hits]
        return hits

    def inside_itself(self, folder: str, name: str) -> bool:
        """Whether `folder` is the folder `name` itself under another root (`src/poetry`, a
        namespace package of `src/`, for `poetry`; a scripts folder `tool/` with its
        `tool.py`). Searched last for `name`, and there only a module the name reaches
        whole counts (`import tool` run as `python tool/main.py`): `poetry.console`, which
        `src/` has, or `poetry.core`, another distribution's, is no part of its
        `poetry.py`."""
        parent, _, base = folder.rpartition("/")
        return base == name and parent in self._python_roots

    def py_file(self, base: str) -> str | None:
        """The module file at `base` (no suffix): a module or a package's __init__."""
        for cand in (base + ".py", base + "/__init__.py", base + ".pyi", base + "/__init__.pyi"):
            if cand in self.paths:
                return cand
        cand = base + ".pyx"  # a Cython module: imported as any other once compiled
        return cand if cand in self.paths else None

    def pxd_file(self, base: str) -> str | None:
        """The declarations `cimport` reads for the module at `base` (no suffix)."""
        for cand in (base + ".pxd", base + "/__init__.pxd"):
            if cand in self.paths:
                return cand
        return None

    def py_deepest(self, folder: str, parts: list[str]) -> str | None:
        """The deepest module file along `parts` below `folder`, if the first part exists."""
        first = join(folder, parts[0])
        if self.py_file(first) is None and first not in self.py_dirs:
            return None
        found = None
        for i in range(1, len(parts) + 1):
            here = join(folder, "/".join(parts[:i]))
            hit = self.py_file(here)
            if hit is not None:
                found = hit
            elif here not in self.dirs:
                break
        return found


def join(folder: str, rel: str) -> str:
    return f"{folder}/{rel}" if folder else rel
