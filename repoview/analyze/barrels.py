"""JavaScript/TypeScript barrels: an import reaches the module that defines what it takes.

A barrel (`index.ts` with `export * from "./query"`, `export { QueryClient } from
"./queryClient"`) stands between a package's users and its modules: counted as written,
every user imports the barrel and none imports `queryClient.ts`, so the barrel looks
central and the code behind it does not. As TypeScript's "go to definition" does, each
name an importer takes is followed through the barrel, and chains of barrels, to the module
that defines it; the importer's edge goes there. Names defined in the barrel itself, or
not found, keep the edge to the barrel. An import whose names are unknown (`import * as
ns` passed on whole, `require()`) reaches the barrel and every module it re-exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Barrels", "Module", "module_edges"]

ALL = "*"
# No real chain of barrels is this long; a hostile one must not recurse forever.
_MAX_DEPTH = 64


@dataclass
class Module:
    """One JS/TS file's resolved imports and exports."""

    uses: list[tuple[str, list[str]]] = field(default_factory=list)  # (file, names or ["*"])
    named: dict[str, tuple[str, str]] = field(default_factory=dict)  # exported -> (file, name)
    stars: list[str] = field(default_factory=list)  # files of `export * from`
    local: set[str] = field(default_factory=set)  # names defined and exported here

    def reexport(self, target: str, pairs: str) -> None:
        """Record `export ... from target` in the extractor's form ("*" or "a,b=c,ns=*")."""
        if pairs == ALL:
            self.stars.append(target)
            return
        for pair in pairs.split(","):
            exported, _, there = pair.partition("=")
            if exported:
                self.named.setdefault(exported, (target, there or exported))

    @property
    def is_barrel(self) -> bool:
        return bool(self.named or self.stars)


class Barrels:
    """Follows names through barrels (`defining`, `behind`), remembering what it found."""

    def __init__(self, modules: dict[str, Module]) -> None:
        self.modules = modules
        self._defined: dict[tuple[str, str], str | None] = {}
        self._behind: dict[str, set[str]] = {}

    def defining(self, path: str, name: str, depth: int = 0) -> str | None:
        """The file that defines `name` as `path` exports it, if it can be found."""
        key = (path, name)
        if key in self._defined:
            return self._defined[key]
        mod = self.modules.get(path)
        if mod is None or depth > _MAX_DEPTH:
            return None
        self._defined[key] = None  # a cycle of re-exports finds nothing this way round
        found: str | None = None
        if name in mod.named:
            target, there = mod.named[name]
            found = target if there == ALL else self.defining(target, there, depth + 1) or target
        elif name in mod.local:
            found = path
        elif name != "default":  # `export *` passes on every name but the default
            for target in mod.stars:
                found = self.defining(target, name, depth + 1)
                if found:
                    break
        self._defined[key] = found
        return found

    def behind(self, path: str) -> set[str]:
        """Every file `path` re-exports, through chains of barrels: all that an `export *`
        passes on, and for a name passed on by name, the file that defines it (not the
        rest of a barrel it takes one name from)."""
        known = self._behind.get(path)
        if known is not None:
            return known
        out: set[str] = set()
        todo = [path]
        while todo:
            here = todo.pop()
            mod = self.modules.get(here)
            if mod is None:
                continue
            # `export *` and `export * as ns` pass on all the target exports: read on
            # through it; `export { n } from` passes on one name: the file defining it.
            whole = [*mod.stars, *(t for t, there in mod.named.values() if there == ALL)]
            named = [
                self.defining(here, name) or target
                for name, (target, there) in mod.named.items()
                if there != ALL
            ]
            for target in whole:
                if target not in out and target != path:
                    out.add(target)
                    todo.append(target)
            out.update(t for t in named if t != path)
        self._behind[path] = out
        return out


def module_edges(modules: dict[str, Module]) -> dict[str, set[str]]:
    """Per file, the files it imports once barrels are seen through."""
    barrels = Barrels(modules)
    out: dict[str, set[str]] = {}
    for path, mod in modules.items():
        # A name handed on reaches the file that defines it, as an import of it does.
        edges = set(mod.stars) | {barrels.defining(path, n) or t for n, (t, _) in mod.named.items()}
        for target, names in mod.uses:
            used = modules.get(target)
            if used is None or not used.is_barrel:
                edges.add(target)
            elif ALL in names:
                edges.add(target)
                edges |= barrels.behind(target)
            else:
                edges |= {barrels.defining(target, n) or target for n in names}
        edges.discard(path)
        out[path] = edges
    return out
