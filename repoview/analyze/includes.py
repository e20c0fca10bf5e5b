"""C and C++ `#include` resolution: the file a compiler would most likely open.

A build's `-I` flags are not in the repository, so the search path is inferred from its
layout, in the order a compiler with the usual flags would search:

1. `"quoted"` names: the includer's own folder.
2. The includer's folder and each folder above it, nearest first: the folder itself
   (`#include "db/dbformat.h"` from `table/table.cc` means the repository root) and its
   `include/`, `inc/` and `src/` folders.
3. Folders named include, inc or src anywhere, and folders that quoted names with a folder
   part must start from to match a file (`-Ilib` for `"vtls/openssl.h"`), nearest first.
4. `"quoted"` names only: the file whose path ends with the name, when one is the nearest.

`<angle>` names go through steps 2 and 3 (`<curl/curl.h>`, `<lua.h>` from `-Ideps/lua/src`),
except the C, C++ and POSIX library's own names (`<stdio.h>`, `<sys/types.h>`): those only
reach an `include/` or `inc/` folder beside the includer or above it (a C library's own
tree), so a vendored stand-in elsewhere (`deps/x/include/msvc_compat/stdint.h`, compiled
only on one platform) is never taken for the system's.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable

__all__ = ["Includes"]

_SUBS = ("include", "inc", "src")
_ANGLE_SUBS = ("include", "inc")
# The C and POSIX headers, and the folders of system headers: `<name>` is the system's.
_SYSTEM_NAMES = """
assert complex ctype errno fenv float inttypes iso646 limits locale math setjmp signal stdalign
stdarg stdatomic stdbool stddef stdint stdio stdlib stdnoreturn string tgmath threads time uchar
wchar wctype aio cpio dirent dlfcn fcntl fmtmsg fnmatch ftw glob grp iconv langinfo libgen
monetary mqueue ndbm netdb nl_types poll pthread pwd regex sched search semaphore spawn strings
stropts syslog tar termios trace ulimit unistd utime utmpx wordexp alloca malloc memory endian
err getopt libintl paths sysexits ucontext io process direct windows winsock2 ws2tcpip
"""
_SYSTEM = frozenset(_SYSTEM_NAMES.split())
_SYSTEM_FOLDERS = ("sys/", "net/", "netinet/", "arpa/", "linux/", "asm/", "bits/", "mach/")
# A folder that two different quoted names must start from is on the include path; one
# name alone is as likely a coincidence of layout.
_MIN_VOTES = 2


def _folders_up(here: str) -> list[str]:
    """`here` and each folder above it, nearest first, the repository root last."""
    out = [here]
    while here:
        here = posixpath.dirname(here)
        out.append(here)
    return out


def _shared(a: str, b: str) -> int:
    """How many leading folders two folders have in common."""
    n = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y or not x:
            break
        n += 1
    return n


def _join(folder: str, name: str) -> str:
    return posixpath.normpath(f"{folder}/{name}") if folder else posixpath.normpath(name)


def _is_system(name: str) -> bool:
    stem, dot, ext = name.partition(".")
    if not dot:
        return True  # <vector>, <cstdio>: C++'s own headers have no suffix
    return (ext == "h" and stem in _SYSTEM) or name.startswith(_SYSTEM_FOLDERS)


# Headers a build writes or each platform brings its own of: `<config.h>` is not the one copy
# the repository happens to hold (win32/config.h).
_BUILT_HEADERS = frozenset({"config.h", "acconfig.h", "config_auto.h", "stdafx.h", "pch.h"})


class Includes:
    """Resolves the include names of every C/C++ file of one repository."""

    def __init__(
        self,
        paths: set[str],
        by_name: dict[str, list[str]],
        include_dirs: Iterable[str],
        quoted: Iterable[str],
    ) -> None:
        self.paths = paths
        self.by_name = by_name
        self.dirs = set(include_dirs) | self._inferred(quoted)

    def _ending(self, name: str) -> list[str]:
        """Files whose path is `name` or ends with `/name`."""
        tail = "/" + name
        return [
            p
            for p in self.by_name.get(posixpath.basename(name), [])
            if p == name or p.endswith(tail)
        ]

    def _inferred(self, quoted: Iterable[str]) -> set[str]:
        votes: dict[str, set[str]] = defaultdict(set)
        for name in set(quoted):
            if "/" not in name or name.startswith("../"):
                continue
            for p in self._ending(name):
                votes[p[: len(p) - len(name)].rstrip("/")].add(name)
        return {d for d, names in votes.items() if d and len(names) >= _MIN_VOTES}

    def resolve(self, here: str, kind: str, raw: str) -> str | None:
        """The repository file `#include <raw>` or `"raw"` in folder `here` opens, if any."""
        name = posixpath.normpath(raw.strip()) if raw.strip() else ""
        if not name or name.startswith("/") or name == ".":
            return None
        quote = kind == "quote"
        if quote:  # the includer's folder comes first, as every compiler does it
            local = _join(here, name)
            if local in self.paths:
                return local
        if name.startswith("../"):
            return None  # relative to the includer only
        if not quote and _is_system(name):
            for folder in _folders_up(here):
                for sub in _ANGLE_SUBS:
                    cand = _join(_join(folder, sub), name)
                    if cand in self.paths:
                        return cand
            return None
        for level, folder in enumerate(_folders_up(here)):
            if level:  # the includer's own folder was step 1 (and is not searched for <>)
                cand = _join(folder, name)
                if cand in self.paths:
                    return cand
            for sub in _SUBS:
                cand = _join(_join(folder, sub), name)
                if cand in self.paths:
                    return cand
        # Looked up from the files with this name, not by trying every folder: a monorepo
        # may have thousands of include folders.
        held = [p[: len(p) - len(name) - 1] for p in self._ending(name)]
        held = [d for d in held if d in self.dirs]
        if held:
            folder = min(held, key=lambda d: (-_shared(d, here), d.count("/"), d))
            return _join(folder, name)
        # A build flag we cannot see (-Ideps/x, -Ilib): the matching file nearest the includer,
        # when no other match is as near (for `<name>`, the only file of that name).
        hits = sorted(self._ending(name), key=lambda p: -_shared(posixpath.dirname(p), here))
        if not quote:  # (a build's own config.h names no header of the repository's)
            return hits[0] if len(hits) == 1 and name not in _BUILT_HEADERS else None
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            best, runner = (_shared(posixpath.dirname(p), here) for p in hits[:2])
            if best > runner:
                return hits[0]
        return None
