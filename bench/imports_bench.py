"""Import-edge precision and recall of repoview's graph against an oracle built on Python itself.

The oracle parses each tracked .py file with `ast` and resolves every import with
`importlib.machinery.PathFinder` (Python's own finder, which reads the file system and
runs nothing) from the repository's source roots: the folder above each top-level package
(a folder holding __init__.py whose parent holds none), src/ and lib/ when they hold
Python, the repository root, and for a script outside any package its own folder, first.
Relative imports resolve from the importing file's package. A root that is a folder's own
under another root (`src/poetry`, a namespace package of `src/`; a scripts folder `tool/`
with its `tool.py`) is searched last for that name, and only for a module the name reaches
whole: `import tool` is `tool/tool.py`, `poetry.console` the other root's.

An edge is (importer, imported file), both tracked .py files. For `import a.b.c` the edge
goes to a.b.c's file; for `from m import x, y` to each x that is a submodule, and to m's own
file when some name is not. A module that is not found is no edge (not one to the package
above it: a module that is found adds none to its packages either), unless a module file
(not a package) stands on its path: `six.moves` is made by `six.py`. Files Python cannot
parse are left out of both sides (counted in the output).

    python bench/imports_bench.py REPO [REPO...]      # e.g. a clone of a Python library
    python bench/imports_bench.py --stdlib DEST       # CPython's stdlib, built by corpus.py
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import time
import warnings
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import stdlib_corpus
from repoview.analyze.imports import build_graph
from repoview.analyze.languages import detect_language, detect_role, tests_folder
from repoview.analyze.roots import examples_folder
from repoview.model import PackedFile
from repoview.textdecode import decode, digest

Edge = tuple[str, str]


def tracked(repo: Path) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True)
    return sorted(p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p)


def source_roots(py: list[str]) -> list[str]:
    packages = {str(Path(p).parent) for p in py if Path(p).name == "__init__.py"}
    roots = {"."}
    for pkg in packages:
        top = Path(pkg)
        while str(top.parent) in packages and str(top) != ".":
            top = top.parent
        roots.add(str(top.parent))
    for layout in ("src", "lib"):
        if any(p.startswith(layout + "/") for p in py):
            roots.add(layout)
    return sorted(roots, key=lambda r: (-r.count("/") - (r != "."), r))  # deeper first


def _serving(deepest: str | None) -> str | None:
    """A module file (not a package's __init__) a dotted name runs on past: `six.moves` is
    made by `six.py` when it runs (it is in sys.modules, not on disk)."""
    if deepest is None or Path(deepest).name.startswith("__init__."):
        return None
    return deepest


class Oracle:
    """Python's own finder over the repository's tracked files."""

    def __init__(self, repo: Path, py: list[str]) -> None:
        self.repo, self.py = repo, set(py)
        self.packages = {str(Path(p).parent) for p in py if Path(p).name == "__init__.py"}
        self.roots = source_roots(py)
        self._root_paths = {str(repo / r) for r in self.roots}
        # A root inside the tests is a fixture project's: on sys.path when it runs (for its
        # own files), or when a test puts it there (after the others); never for the code.
        # One among the examples is an example app's, on sys.path for the examples alone.
        self.fixtures = {
            r: t
            for r in self.roots
            if (t := tests_folder(r if r != "." else "") or examples_folder(r))
        }

    def _rel(self, spec: ModuleSpec | None) -> str | None:
        if spec is None or not spec.origin or not spec.has_location:
            return None
        try:
            rel = str(Path(spec.origin).relative_to(self.repo))
        except ValueError:
            return None
        return rel if rel in self.py else None

    def _walk(self, parts: list[str], path: list[str]) -> tuple[str | None, ModuleSpec | None]:
        """The deepest module file along `parts`, and the spec of the whole name if found."""
        deepest: str | None = None
        spec: ModuleSpec | None = None
        locations: list[str] | None = path
        for i in range(len(parts)):
            if locations is None:
                return deepest, None
            # The last name alone: a dotted one would make importlib look up its parent
            # package in sys.modules (namespace packages), and nothing here is imported.
            spec = PathFinder.find_spec(parts[i], list(locations))
            if spec is None:
                return deepest, None
            deepest = self._rel(spec) or deepest
            subs = spec.submodule_search_locations
            locations = list(subs) if subs is not None else None
        return deepest, spec

    def _search(self, path: str) -> list[str]:
        """The roots on sys.path for the file `path` (see `fixtures`)."""
        inside = [r for r in self.roots if r not in self.fixtures or path.startswith(r + "/")]
        tests = [
            r for r, t in self.fixtures.items() if r not in inside and path.startswith(t + "/")
        ]
        return [str(self.repo / r) for r in (*inside, *tests)]

    def edges(self, path: str, tree: ast.AST) -> set[str]:
        here = Path(path).parent
        roots = self._search(path)
        search = roots if str(here) in self.packages else [str(self.repo / here), *roots]
        out: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    deepest, spec = self._first(alias.name.split("."), search)
                    hit = self._rel(spec) if spec is not None else _serving(deepest)
                    if hit:
                        out.add(hit)
            elif isinstance(node, ast.ImportFrom):
                out |= self._from(node, here, search)
        out.discard(path)
        return out

    def _first(self, parts: list[str], search: list[str]) -> tuple[str | None, ModuleSpec | None]:
        # sys.path order: the first root holding the top name as a module or a regular
        # package wins; folders without __init__.py (namespace portions) count only when
        # there is none, and then together, as Python joins them into one package.
        portions = []
        own = [r for r in search if self._inside_itself(r, parts[0])]
        for root in [r for r in search if r not in own]:
            spec = PathFinder.find_spec(parts[0], [root])
            if spec is None:
                continue
            if spec.origin is None or not spec.has_location:
                portions.append(root)
                continue
            return self._walk(parts, [root])
        if portions and len(parts) > 1:
            deepest, spec = self._walk(parts, portions)
            if spec is not None or not own:
                return deepest, spec
        for root in own:  # `import tool` run as `python tool/main.py`: tool/tool.py
            deepest, spec = self._walk(parts, [root])
            if spec is not None:
                return deepest, spec
        return self._walk(parts, portions) if portions else (None, None)

    def _inside_itself(self, root: str, name: str) -> bool:
        """A root that is the folder `name` itself under another root (`src/poetry`, a
        namespace package of `src/`; a scripts folder `tool/` with its `tool.py`): searched
        last for `name`, and only for a module the name reaches whole (`import tool`); a
        deeper name (`poetry.console`) is the other root's, as the code's own imports show
        (were the folder on sys.path first, its `poetry.py` would hide the package)."""
        folder = Path(root)
        return folder.name == name and str(folder.parent) in self._root_paths

    def _from(self, node: ast.ImportFrom, here: Path, search: list[str]) -> set[str]:
        parts = node.module.split(".") if node.module else []
        names = [a.name for a in node.names if a.name != "*"]
        if node.level:
            base = here
            for _ in range(node.level - 1):
                base = base.parent
            folder = self.repo / base
            if parts:
                _, spec = self._walk(parts, [str(folder)])
                if spec is None:
                    return set()
            else:
                spec = ModuleSpec("pkg", None, origin=str(folder / "__init__.py"))
                spec.submodule_search_locations = [str(folder)]
                spec.has_location = (folder / "__init__.py").is_file()
        else:
            deepest, spec = self._first(parts, search)
            if spec is None:
                served = _serving(deepest)
                return {served} if served else set()
        out: set[str] = set()
        own_needed = not names
        for name in names:
            sub = None
            if spec.submodule_search_locations:
                sub = self._rel(PathFinder.find_spec(name, list(spec.submodule_search_locations)))
            if sub:
                out.add(sub)
            else:
                own_needed = True
        if own_needed and (own := self._rel(spec)):
            out.add(own)
        return out


def measure(repo: Path, show: int = 0) -> dict[str, float]:
    paths = tracked(repo)
    py = [p for p in paths if p.endswith(".py") and (repo / p).is_file()]
    oracle = Oracle(repo, py)
    files: list[PackedFile] = []
    truth: set[Edge] = set()
    skipped = 0
    parsed: set[str] = set()
    for p in paths:
        full = repo / p
        if full.is_symlink() or not full.is_file():
            continue
        data = full.read_bytes()
        if p.endswith(".py"):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tree = ast.parse(data)
            except (SyntaxError, ValueError):
                skipped += 1  # still a file the graph may point to, never an importer
            else:
                parsed.add(p)
                truth |= {(p, t) for t in oracle.edges(p, tree)}
        text = decode(data).text
        if text is None:
            continue
        lang = detect_language(p.rsplit("/", 1)[-1])
        f = PackedFile(p, lang, detect_role(p, lang, text), len(data), text)
        f.digest = digest(data)  # what names a file's content in the pack's caches
        files.append(f)
    start = time.perf_counter()
    build_graph(files)
    seconds = time.perf_counter() - start
    got = {
        (f.path, t)
        for f in files
        if f.path.endswith(".py")
        for t in f.imports
        if t.endswith(".py") and f.path in parsed
    }
    hit = len(got & truth)
    for label, edges in (("extra", sorted(got - truth)), ("missed", sorted(truth - got))):
        for a, b in edges[:show]:
            print(f"  {label}: {a} -> {b}")
    return {
        "py_files": len(py),
        "unparsable": skipped,
        "oracle_edges": len(truth),
        "graph_edges": len(got),
        "precision": hit / len(got) if got else 1.0,
        "recall": hit / len(truth) if truth else 1.0,
        "graph_seconds": seconds,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("repos", nargs="*", type=Path)
    ap.add_argument("--stdlib", type=Path, help="build (or reuse) the stdlib corpus here")
    ap.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    args = ap.parse_args()
    repos = list(args.repos) + ([stdlib_corpus(args.stdlib)] if args.stdlib else [])
    for repo in repos:
        r = measure(repo.resolve(), args.show)
        print(
            f"{repo.name}: {r['py_files']:.0f} .py files ({r['unparsable']:.0f} unparsable), "
            f"oracle {r['oracle_edges']:.0f} edges, graph {r['graph_edges']:.0f}; "
            f"precision {r['precision']:.3f}, recall {r['recall']:.3f}; "
            f"graph built in {r['graph_seconds']:.2f} s"
        )


if __name__ == "__main__":
    main()
