"""Reading a repository for a pack: which files the filters keep, their text decoded and
facts cached by content, the secret scan, and files wrapped for packing."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import ignore
from .analyze.languages import (
    configure_folders,
    detect_language,
    detect_role,
    doc_sites,
    python_packages,
    refine_language,
    test_suites,
)
from .gitutil import git
from .ignore import (
    DefaultExcludes,
    PatternFilter,
    generated_head,
    generated_marker,
    load_ignore_file,
)
from .model import Excluded, ExcludeReason, PackedFile
from .notebook import NOTEBOOK_CAP, NOTEBOOK_ID, is_notebook, notebook_text
from .secrets import (
    RULES_ID,
    Redaction,
    apply,
    current_seen,
    explain_notes,
    find,
    is_key_file,
    key_file_detail,
    scrub_quote,
    secret_names,
)
from .source import (
    FILE,
    SPECIAL,
    SUBMODULE,
    SYMLINK,
    Entry,
    ReadResult,
    RevSource,
    Source,
)
from .textdecode import DECODE_ID, Decoded, blob_digest, decode, digest, fact_of
from .tokens import TokenCache
from .vendored import ancestors, copied_marker, find_vendored, own_top_folders

if TYPE_CHECKING:
    from .packer import PackOptions


__all__ = ["Only", "Progress", "collect", "flush_known", "redact_files"]

Progress = Callable[[str, int, int], None]


class Only(Source):
    """A source narrowed to some paths: the files a change touches, read from its head."""

    def __init__(self, inner: Source, paths: set[str]) -> None:
        self.inner, self.paths = inner, paths
        self.repo, self.root, self.rev = inner.repo, inner.root, inner.rev

    def entries(self) -> list[Entry]:
        return [e for e in self.inner.entries() if e.path in self.paths]

    def read(self, entries: list[Entry]) -> Iterator[ReadResult]:
        return self.inner.read(entries)

    def as_listed(self, entry: Entry) -> bool:
        return self.inner.as_listed(entry)

    def close(self) -> None:
        pass


def _repoviewignore(source: Source) -> PatternFilter:
    """The root .repoviewignore: from the commit when packing a revision, else from disk."""
    if isinstance(source, Only):
        source = source.inner
    info = source.repo
    if isinstance(source, RevSource) and info is not None:
        blob = git(["cat-file", "-p", f"{source.rev}:.repoviewignore"], info.path, check=False)
        return PatternFilter(blob.decode("utf-8", "replace").splitlines())
    base = info.toplevel if info is not None and info.toplevel else source.root
    return PatternFilter(load_ignore_file(base / ".repoviewignore"))


NAMED_SECRET = "a credential in its name"


def _secret_names(paths: list[str], cache: TokenCache) -> dict[str, str]:
    """`secrets.secret_names`, remembered for this list of paths: a warm pack scans no file
    and would otherwise compile the rules (half a second) for the names alone. The cache
    holds where such a path is in the list and its redacted name, never the path itself."""
    joined = "\0".join(paths).encode("utf-8", "surrogateescape")
    key = b"names|%s|%s" % (
        RULES_ID.encode(),
        hashlib.blake2b(joined, digest_size=16).hexdigest().encode(),
    )
    known = cache.get_many([key], "facts").get(key)
    if known is not None:
        return {paths[i]: named for i, named in json.loads(known)}
    found = secret_names(paths)
    at = {path: i for i, path in enumerate(paths)}
    cache.put_many([(key, json.dumps([[at[p], named] for p, named in found.items()]))], "facts")
    return found


def collect(
    source: Source,
    opts: PackOptions,
    progress: Progress | None,
    cache: TokenCache,
    early: Callable[[list[str]], None] | None = None,
) -> tuple[list[PackedFile], list[Excluded]]:
    """Read and decode what the filters keep; `early` is given each group's texts as soon as
    they are decoded (the token worker starts on them while the rest is read)."""
    entries = source.entries()
    prefix = source.repo.prefix if source.repo else ""
    defaults = None
    if opts.default_excludes:
        # A change's files are judged within their whole tree: a `deps/` folder is the
        # project's own Go package when `go.mod` says so, a folder with its own licence is
        # vendored, whatever files the change touches.
        whole = source.inner if isinstance(source, Only) else source
        defaults = _defaults(whole, whole.entries() if whole is not source else entries)
    own = _repoviewignore(source)
    include = PatternFilter(opts.include)
    exclude = PatternFilter(opts.exclude)
    files: list[PackedFile] = []
    excluded: list[Excluded] = []
    to_read: list[Entry] = []
    oversized: list[Entry] = []
    exts: set[str] = set()  # of the files the defaults keep: the tree's languages
    # A token in a file's name would reach every pack, prompt and cache that names the
    # file: the file is left out, and the list of left-out files names it redacted.
    named = _secret_names([e.path for e in entries], cache) if opts.secret_scan else {}
    for e in entries:
        if e.path in named:
            excluded.append(Excluded(named[e.path], "secret", NAMED_SECRET))
            continue
        # (by name first: a missing blob of an archive is left out as the archive it is)
        if defaults is not None and (verdict := defaults.verdict(e.path)):
            excluded.append(Excluded(e.path, *verdict))
            continue
        exts.add(_extension(e.path))
        if e.kind == SPECIAL:
            excluded.append(Excluded(e.path, "unreadable", e.note))
            continue
        if own and own.matches(prefix + e.path):
            excluded.append(Excluded(e.path, "repoviewignore", ".repoviewignore"))
            continue
        if include and not include.matches(e.path):
            excluded.append(Excluded(e.path, "pattern", "not matched by --include"))
            continue
        if exclude and exclude.matches(e.path):
            excluded.append(Excluded(e.path, "pattern", "matched by --exclude"))
            continue
        if opts.only is not None and e.path not in opts.only:
            excluded.append(Excluded(e.path, "pattern", "not in the list from --stdin"))
            continue
        if e.kind in (SUBMODULE, SYMLINK):
            files.append(_listed(e))
            continue
        if e.size > _cap(e.path, opts.max_file_bytes):
            oversized.append(e)
            continue
        to_read.append(e)
    excluded += _too_large(source, oversized, opts.max_file_bytes, defaults is not None)
    # Files git names by one blob id (copies of one file) are read and decoded once; each
    # copy takes what its first gave, unless that file turned out to have changed.
    first: dict[str, Entry] = {}
    copies = [e for e in to_read if e.oid is not None and first.setdefault(e.oid, e) is not e]
    reader = _Reader(opts, cache, defaults is not None, files, excluded)
    if copies:
        later = {id(e) for e in copies}
        to_read = [e for e in to_read if id(e) not in later]
        reader.shared = {e.oid for e in copies if e.oid is not None}
    reader.read(source, to_read, progress, early)
    if copies:
        reader.read(source, reader.copied(copies, source), None, early)
        # The order of reading, as if every copy had been read in its turn.
        order = {e.path: i for i, e in enumerate(entries)}
        reader.texts.sort(key=lambda t: order[t[0].path])
        files.sort(key=lambda f: order[f.path])
    texts = reader.texts
    reader.facts.save()
    sites = generated_sites(excluded) if defaults is not None else {}
    if sites:
        texts = _off_sites(texts, sites, excluded)
    if opts.remove_comments:
        from .extras import strip_texts

        texts = strip_texts(texts, cache)
    # Which folders are Python packages, a configure system's or a test suite's is a fact
    # of the whole tree, not of the files kept.
    tree = [e.path for e in (source.inner.entries() if isinstance(source, Only) else entries)]
    folders = (
        python_packages(tree),
        configure_folders(tree),
        doc_sites(tree),
        test_suites(tree),
    )
    if isinstance(source, Only):  # (the whole tree's, as the folders: not a change's alone)
        exts = {_extension(p) for p in tree if defaults is None or defaults.verdict(p) is None}
    cpp = bool(exts & _CPP_SOURCES) and "c" not in exts
    files.extend(_wrap(texts, opts, excluded, folders, cpp, cache))
    return files, excluded


@dataclass(frozen=True)
class _Read:
    """What reading one file came to: why it is left out (`reason`), that it is only listed,
    or its decoded text; `digest` names what was read."""

    reason: ExcludeReason | None = None
    note: str = ""
    decoded: Decoded | None = None
    size: int = 0
    digest: bytes = b""


class _Reader:
    """Reads files and sorts them into left out, listed, or text (with its content id)."""

    def __init__(
        self,
        opts: PackOptions,
        cache: TokenCache,
        defaults: bool,
        files: list[PackedFile],
        excluded: list[Excluded],
    ) -> None:
        self.opts, self.defaults = opts, defaults
        self.facts = _FactsOfBlobs(cache)
        self.files, self.excluded = files, excluded
        self.texts: list[tuple[Entry, int, Decoded, bytes]] = []
        self.shared: set[str] = set()  # blob ids that copies share
        self.by_blob: dict[str, _Read] = {}  # what each shared blob id's first file came to

    def read(
        self,
        source: Source,
        entries: list[Entry],
        progress: Progress | None,
        early: Callable[[list[str]], None] | None,
    ) -> None:
        # Decoded a few MB at a time, the bytes dropped as soon as their text is made:
        # holding every file's bytes beside its text until all were read cost a cold pack
        # of the stdlib 37 MB of peak memory.
        sent = len(self.texts)
        for group in _read_groups(source.read(entries), len(entries), progress):
            self.facts.look_up(group)
            for result in group:
                e = result.entry
                outcome = self._outcome(result)
                self._take(e, outcome)
                if e.oid is not None and e.oid in self.shared:
                    self.by_blob.setdefault(e.oid, outcome)
            if early is not None:
                early([d.text or "" for _, _, d, _ in self.texts[sent:]])
                sent = len(self.texts)
            group.clear()

    def copied(self, copies: list[Entry], source: Source) -> list[Entry]:
        """Take for each copy what its blob's first file came to; returns those to read
        themselves (the first was not read as that very blob, or the copy may have changed
        since git looked)."""
        again = []
        for e in copies:
            outcome = self.by_blob.get(e.oid or "")
            if (
                outcome is not None
                and outcome.digest == blob_digest(e.oid or "", e.size)
                and source.as_listed(e)
            ):
                self._take(e, outcome)
            else:
                again.append(e)
        return again

    def _scrub(self, result: ReadResult) -> Callable[[str], str] | None:
        """What redacts a line quoted from the file (its note), when secrets are scanned."""
        if not self.opts.secret_scan:
            return None
        return lambda said: scrub_quote(said, result.entry.path)

    def _outcome(self, result: ReadResult) -> _Read:
        data = result.data
        if data is None:
            return _Read("unreadable", result.error)
        if len(data) > _cap(result.entry.path, self.opts.max_file_bytes):  # grew since listed
            return _Read("too-large", f"{len(data):,} bytes", digest=result.digest)
        decoded = self.facts.decode(result)
        if decoded.lfs:
            return _Read(None, decoded.note, digest=result.digest)
        if decoded.text is None:
            return _Read("binary", decoded.note, digest=result.digest)
        if _text_pickle(result.entry.path, decoded.text):
            return _Read("binary", "a pickle (protocol 0)", digest=result.digest)
        if (
            self.defaults
            and decoded.generated is not False
            and (mark := generated_marker(decoded.text, result.entry.path))
        ):
            return _Read("generated", mark, digest=result.digest)
        if self.defaults and (copied := copied_marker(decoded.text, self._scrub(result))):
            return _Read("vendored", copied, digest=result.digest)
        return _Read(None, "", decoded, len(data), result.digest or digest(data))

    def _take(self, e: Entry, read: _Read) -> None:
        if read.reason is not None:
            self.excluded.append(Excluded(e.path, read.reason, read.note))
        elif read.decoded is None:  # a Git LFS pointer
            e.note = read.note
            self.files.append(_listed(e))
        else:
            self.texts.append((e, read.size, read.decoded, read.digest))


_PICKLE_OPENERS = frozenset("(cVSIFLN")


def _text_pickle(path: str, text: str) -> bool:
    """A pickle of protocol 0 is ASCII, yet no text a reader could use: it opens with an
    opcode (a mark, a class, a string, a number, None) and its last is STOP (`.`, with no
    newline after it), which ends no Pkl file."""
    if text[:1] not in _PICKLE_OPENERS or not text.endswith("."):
        return False
    # Only a `.pkl` or `.pt` (PyTorch's) may be a pickle: a `.doc` note may as well open
    # with `(` and end a sentence.
    return path.lower().endswith((".pkl", ".pt"))


_READ_GROUP = 4 << 20  # bytes read before they are decoded and dropped


def _read_groups(
    results: Iterator[ReadResult], total: int, progress: Progress | None
) -> Iterator[list[ReadResult]]:
    """`results` in lists of up to a few MB (and at most one SQLite look-up's worth of keys)."""
    group: list[ReadResult] = []
    size = 0
    for done, result in enumerate(results, 1):
        if progress is not None and (done % 64 == 0 or done == total):
            progress("read", done, total)
        group.append(result)
        size += len(result.data or b"")
        if size >= _READ_GROUP or len(group) >= 900:
            yield group
            group, size = [], 0
    if group:
        yield group


class _FactsOfBlobs:
    """What decoding found in each file before, by content (`textdecode.fact_of`), fetched in
    one look-up per group of files read; facts about files decoded afresh are kept for next time."""

    # Names the code the facts come from: decoding, and the generated-file markers.
    TAG = (
        b"|blob:"
        + DECODE_ID
        + hashlib.blake2b(Path(ignore.__file__).read_bytes(), digest_size=8).digest()
    )

    def __init__(self, cache: TokenCache) -> None:
        self.cache = cache
        self.known: dict[bytes, str] = {}
        self.fresh: list[tuple[bytes, str]] = []

    def look_up(self, read: list[ReadResult]) -> None:
        """Fetch what is known about these files (before they are decoded)."""
        keys = [r.digest + self.TAG for r in read if r.digest and r.data is not None]
        self.known = self.cache.get_many(keys, "facts") if keys else {}

    def decode(self, result: ReadResult) -> Decoded:
        data = result.data or b""
        key = result.digest + self.TAG if result.digest else None
        fact = self.known.get(key) if key is not None else None
        decoded = decode(data, fact)
        if fact is None and key is not None and decoded.text is not None:
            decoded.generated = generated = generated_marker(decoded.text) is not None
            new = fact_of(data, decoded, generated)
            if new is not None:
                decoded.lines = int(new.split(",")[1])  # counted: not again when wrapped
                self.fresh.append((key, new))
        return decoded

    def save(self) -> None:
        self.cache.put_many(self.fresh, "facts")


def _defaults(source: Source, entries: list[Entry]) -> DefaultExcludes:
    """The default excludes, with the folders that hold other projects found by content."""
    files = {e.path: e for e in entries if e.kind == FILE}

    def read(paths: list[str], head: int = 0) -> dict[str, str]:
        wanted = [files[p] for p in paths if p in files and files[p].size < 1 << 20]
        if head:
            return _heads(source, wanted, head)
        return {
            r.entry.path: r.data.decode("utf-8", "replace")
            for r in source.read(wanted)
            if r.data is not None
        }

    # A script or style sheet whose `.map` is committed beside it was built from sources.
    built = frozenset(p for p in files if p.endswith(_BUNDLED) and f"{p}.map" in files)
    sizes = {p: e.size for p, e in files.items()}
    return DefaultExcludes(find_vendored(files, read, sizes), built, own_top_folders(files, read))


_BUNDLED = (".js", ".mjs", ".cjs", ".css")
_OPEN_HEAD = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def generated_sites(excluded: list[Excluded]) -> dict[str, str]:
    """Folders below the top whose `index.html` is generated (a documentation site that
    jazzy, javadoc or coverage.py wrote), with what marked it: the rest of such a folder
    (its search index, scripts, style sheets, docsets) is the same tool's output."""
    return {
        folder: e.detail
        for e in excluded
        if e.reason == "generated" and e.path.endswith("/index.html")
        for folder in [e.path.rpartition("/")[0]]
        if folder.partition("/")[0].lower() not in _SOURCE_TOPS
    }


_SOURCE_TOPS = frozenset({"src", "lib", "source", "sources"})
# What a generated site holds besides its pages: scripts, style sheets, search indexes and
# docset data (a guide written beside it, `docs/guide.md` or `conf.py`, is no part of it).
_SITE_ASSETS = frozenset({"js", "mjs", "css", "json", "xml", "plist", "svg", "map", "txt", "mf"})
# (and javadoc's lists of the packages and modules it documented, named without a suffix)
_SITE_FILES = frozenset({"package-list", "element-list"})
_Text = tuple[Entry, int, Decoded, bytes]  # a file read: its entry, size, text and id


def site_asset(path: str, sites: dict[str, str]) -> Excluded | None:
    """`path` left out as part of a generated site in `sites`, if it is one's asset."""
    name = path.rpartition("/")[2]
    if "." not in name and name not in _SITE_FILES:
        return None
    if "." in name and name.rpartition(".")[2].lower() not in _SITE_ASSETS:
        return None
    site = next((f for f in ancestors(path) if f in sites), None)
    if site is None:
        return None
    why = f"part of a generated site ({site}/index.html: {sites[site]})"
    return Excluded(path, "generated", why)


def _off_sites(texts: list[_Text], sites: dict[str, str], excluded: list[Excluded]) -> list[_Text]:
    """`texts` without the files of generated sites, which go to `excluded`."""
    kept = []
    for t in texts:
        left = site_asset(t[0].path, sites)
        if left is None:
            kept.append(t)
        else:
            excluded.append(left)
    return kept


def _cap(path: str, cap: int) -> int:
    """The most bytes a file at `path` may take to be read (`--max-file-size`): a notebook's
    cells are held to the cap once read, not its outputs."""
    return cap * NOTEBOOK_CAP if is_notebook(path) else cap


def _too_large(source: Source, entries: list[Entry], cap: int, judge: bool) -> list[Excluded]:
    """The files over the size cap, left out as `too-large`, or as `generated` when their
    first lines say so (an amalgamation of the project's own sources is no file the code
    may use: the closing part names the too-large source files as such)."""
    heads = _heads(source, entries[:_OVERSIZED_READ], _OVERSIZED_HEAD) if judge else {}
    out = []
    for e in entries:
        mark = generated_head(heads[e.path], e.path) if e.path in heads else None
        if mark:
            out.append(Excluded(e.path, "generated", mark))
        else:
            limit = f"{_cap(e.path, cap):,} (a notebook)" if is_notebook(e.path) else f"{cap:,}"
            out.append(Excluded(e.path, "too-large", f"{e.size:,} bytes > cap {limit}"))
    return out


_OVERSIZED_READ = 50  # files over the cap whose first lines are read, at most
_OVERSIZED_HEAD = 4096  # bytes: where a generated file's marker comment stands


def _heads(source: Source, entries: list[Entry], size: int) -> dict[str, str]:
    """The first `size` bytes of each file as text: what a look at a large file's leading
    comment needs (reading 60 large C files whole for it cost a cold pack 0.1 s). A file
    on disk is read that far only; a commit's blobs come whole from the object store."""
    inner = source.inner if isinstance(source, Only) else source
    if isinstance(inner, RevSource):
        return {
            r.entry.path: r.data[:size].decode("utf-8", "replace")
            for r in source.read(entries)
            if r.data is not None
        }
    out = {}
    for e in entries:
        try:
            fd = os.open(f"{inner.root}{os.sep}{e.path}", _OPEN_HEAD)
        except OSError:
            continue
        try:
            out[e.path] = os.read(fd, size).decode("utf-8", "replace")
        except OSError:
            continue
        finally:
            os.close(fd)
    return out


def _pygments_version() -> str:
    import pygments  # (its package alone: half a millisecond)

    return str(getattr(pygments, "__version__", ""))


# Names how a file's language and role are judged in the cache (`_Kinds`): the module that
# judges them, the one it asks, and how the text they read is decoded.
_KINDS_ID = hashlib.blake2b(
    Path(detect_role.__code__.co_filename).read_bytes()
    + Path(ancestors.__code__.co_filename).read_bytes()
    + DECODE_ID
    + _pygments_version().encode(),  # (its table of file names gives the language)
    digest_size=8,
).digest()


class _Kinds:
    """Each file's language and role, kept in the cache by its path, its content and the
    tree's folders they depend on: judging them reads names and often text (a table
    written as code, a `config.py` holding classes), a tenth of a warm pack."""

    def __init__(
        self,
        cache: TokenCache | None,
        folders: tuple[frozenset[str], ...],
        keys: list[tuple[str, bytes]],
    ) -> None:
        self.cache = cache
        tree = hashlib.blake2b(_KINDS_ID, digest_size=16)
        for names in folders:
            tree.update("\0".join(sorted(names)).encode("utf-8", "surrogateescape") + b"\1")
        self.tag = b"kinds|" + tree.digest()
        self.known: dict[bytes, str] = {}
        if cache is not None and keys:
            self.known = cache.get_many([self.key(p, c) for p, c in keys], "facts")
        self.fresh: list[tuple[bytes, str]] = []

    def key(self, path: str, content_id: bytes) -> bytes:
        return b"%s|%s|%s" % (self.tag, path.encode("utf-8", "surrogateescape"), content_id)

    def judge(
        self, path: str, content_id: bytes, text: str, folders: tuple[frozenset[str], ...]
    ) -> tuple[str, str]:
        key = self.key(path, content_id)
        known = self.known.get(key)
        if known is not None:
            language, _, role = known.partition("\0")
            return language, role
        language = refine_language(detect_language(path.rsplit("/", 1)[-1]), path, text)
        role = detect_role(path, language, text, *folders)
        self.fresh.append((key, f"{language}\0{role}"))
        return language, role

    def save(self) -> None:
        if self.cache is not None:
            self.cache.put_many(self.fresh, "facts")


def _wrap(
    texts: list[tuple[Entry, int, Decoded, bytes]],
    opts: PackOptions,
    excluded: list[Excluded],
    folders: tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]],
    cpp: bool = False,
    cache: TokenCache | None = None,
) -> list[PackedFile]:
    """Make PackedFiles (not yet redacted); leave out files that are only key material.
    `folders`: the tree's Python packages, configure folders, documentation sites and test
    suites, which roles depend on; `cpp`: the tree's sources are C++ and none C. With
    `cache`, languages and roles judged before are taken from it."""
    files = []
    # (text with its comments taken out is not what the content id names)
    kinds = _Kinds(
        None if opts.remove_comments else cache,
        folders,
        [(e.path, content_id) for e, _, _, content_id in texts],
    )
    for e, size, decoded, content_id in texts:
        text = decoded.text or ""
        if opts.secret_scan and is_key_file(e.path, text):
            excluded.append(Excluded(e.path, "secret", key_file_detail(e.path)))
            continue
        lines = -1 if opts.remove_comments else decoded.lines
        cells = notebook_text(text) if is_notebook(e.path) else None
        # A notebook read past the cap is held to it by its cells (what the model would
        # read); a file named `.ipynb` that is no notebook, by its size.
        held = len(cells[0]) if cells is not None else size
        if held > opts.max_file_bytes:
            what = f"its cells' {held:,} characters" if cells is not None else f"{size:,} bytes"
            excluded.append(Excluded(e.path, "too-large", f"{what} > cap {opts.max_file_bytes:,}"))
            continue
        if cells is not None:  # its cells, not its JSON (`notebook`)
            (text, language), lines = cells, -1
            content_id += b"|" + NOTEBOOK_ID
            role = detect_role(e.path, language, text, *folders)
            role = "example" if role == "source" else role  # (run, not imported)
        else:
            language, role = kinds.judge(e.path, content_id, text, folders)
        f = PackedFile(
            path=e.path,
            language=language,
            role=role,
            size=size,
            text=text,
            note=decoded.note,
            controls=decoded.controls,
            mode="listed",
            # Known from the cache for unchanged files, unless comments were taken out.
            lines=lines,
        )
        f.digest = f.full_id = content_id
        files.append(f)
    kinds.save()
    # A header that reads as C (a list of includes, plain declarations) in a repository of
    # C++ sources and no C source (`cpp`) is C++'s, as its neighbours are.
    if cpp:
        for f in files:
            if f.language == "C" and f.path.lower().endswith(".h"):
                f.language = "C++"
    return files


_CPP_SOURCES = frozenset({"cpp", "cc", "cxx", "c++"})


def _extension(path: str) -> str:
    """`src/a.CPP` -> "cpp"; "" for a name with none (a `c` script is no C source)."""
    name = path.rpartition("/")[2]
    return name.rpartition(".")[2].lower() if "." in name else ""


def redact_files(files: list[PackedFile], cache: TokenCache, explain_too: bool = False) -> None:
    """Find and redact secrets in these files' full text; results are cached by content."""
    keys = [_scan_key(f) for f in files]
    known = cache.get_many(keys, "facts")
    fresh = []
    for f, key in zip(files, keys, strict=True):
        if explain_too:
            f.secret_notes = explain_notes(f.full_text, f.path, f.role in ("test", "docs"))
        if key in known:
            spans = [Redaction(r, a, b) for r, a, b in json.loads(known[key])]
        else:
            # Plain UTF-8 re-encodes to the file's bytes (newlines aside), which RE2 scans
            # without converting; files decoded otherwise are scanned as text.
            raw = None if f.note else f.full_text.encode("utf-8", "surrogatepass")
            spans = find(f.full_text, f.path, f.role in ("test", "docs"), raw)
            found = json.dumps([[r.rule, r.start, r.end] for r in spans]) if spans else "[]"
            fresh.append((key, found))
        if spans:
            # (a key's block whole: what is known of it elsewhere is its lines, `SeenSecrets`)
            f.redacted_values.extend(f.full_text[r.start : r.end] for r in spans)
            f.full_text = apply(f.full_text, spans)
            f.redactions += len(spans)  # (a file scanned again as code keeps the first count)
            f.reset_outline()
        f.full_id = key  # names the text as redacted
        f.scanned = True
    cache.put_many(fresh, "facts")
    seen = current_seen()
    if seen is not None:
        # A value redacted in one file, wherever else the pack shows it (a test that asserts
        # the password its config holds): in these files now, in those scanned before them
        # when the caller flushes (`flush_known`). (Not cached: it depends on the others.)
        seen.add([v for f in files for v in f.redacted_values])
        for f in files if seen.values else ():
            _redact_known(f, seen.spans(f.full_text))
        seen.scanned.extend(files)


def flush_known() -> None:
    """Redact in the files scanned so far the values found since they were scanned: once
    per stage of a pack's making (after the reading, a diff's scan, each fit), not once
    per batch of files, which was quadratic in a repository of many secrets."""
    seen = current_seen()
    if seen is None or not seen.stale:
        return
    seen.stale = False
    for f in seen.scanned:
        _redact_known(f, seen.spans(f.full_text))


def _redact_known(f: PackedFile, spans: list[Redaction]) -> None:
    """Redact in `f` the values the pack redacted elsewhere (`spans`), and give the mode it
    carries its new text."""
    if not spans:
        return
    old = f.full_text
    f.redacted_values.extend(old[r.start : r.end] for r in spans)
    f.full_text = apply(old, spans)
    f.redactions += len(spans)
    f.reset_outline()
    f.full_id = hashlib.blake2b(
        f.full_id + b"|known|" + f.full_text.encode("utf-8", "surrogatepass"), digest_size=16
    ).digest()
    if f.text is old:
        f.text, f.text_id = f.full_text, f.full_id
    elif f.mode in ("compressed", "signatures"):
        f.set_mode(f.mode)


def _scan_key(f: PackedFile) -> bytes:
    strict = b"strict" if f.role in ("test", "docs") else b"lax"
    return (
        f.full_id
        + f"|secrets:{RULES_ID}|".encode()
        + strict
        + f.path.encode("utf-8", "surrogateescape")
    )


def _listed(e: Entry) -> PackedFile:
    role = {SUBMODULE: "submodule", SYMLINK: "symlink"}.get(e.kind, "data")
    return PackedFile(
        path=e.path,
        language="Text",
        role=role,
        size=e.size,
        text="",
        mode="listed",
        note=e.note or e.kind,
        carrier=False,
    )
