"""`repoview pack`: discover, filter, read, count, order and render a repository."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .gitutil import git, locate
from .ignore import DefaultExcludes, PatternFilter, load_ignore_file
from .languages import detect_language, detect_role
from .model import Excluded, Pack, PackedFile
from .render import FORMATS, RenderContext, render
from .secrets import RULES_ID, Redaction, apply, find, is_key_file
from .source import SPECIAL, SUBMODULE, SYMLINK, Entry, RevSource, Source, open_source
from .textdecode import Decoded, decode
from .tokens import ENCODINGS, TokenCache, TokenCounter, default_home

__all__ = ["PackOptions", "build_pack"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class PackOptions:
    """Everything `repoview pack` can be asked; the CLI fills it from flags, env and config."""

    path: Path = Path(".")
    rev: str | None = None
    budget: int | None = None
    model: str | None = None
    fmt: str = "xml"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    line_numbers: bool = False
    secret_scan: bool = True
    max_file_bytes: int = 1_000_000
    encoding: str = "o200k_base"
    diff: str | None = None
    split_tokens: int | None = None
    home: Path | None = None  # where the token cache lives; default: REPOVIEW_HOME
    cache: bool = True
    extra: dict[str, object] = field(default_factory=dict)


def _validate(opts: PackOptions) -> None:
    if opts.fmt not in FORMATS:
        raise ConfigError(f"unknown format {opts.fmt!r}; choose one of: {', '.join(FORMATS)}")
    if opts.encoding not in ENCODINGS:
        raise ConfigError(
            f"unknown encoding {opts.encoding!r}; choose one of: {', '.join(ENCODINGS)}"
        )
    if opts.max_file_bytes <= 0:
        raise ConfigError("the file size cap must be a positive number of bytes")


def build_pack(opts: PackOptions, progress: Progress | None = None) -> Pack:
    """Pack the repository or folder at `opts.path` as `opts` asks."""
    _validate(opts)
    info = locate(opts.path)
    source = open_source(info, opts.rev)
    cache = TokenCache(
        (opts.home or default_home()) / "cache" / "tokens.sqlite" if opts.cache else None
    )
    counter = TokenCounter(opts.encoding, cache)
    try:
        files, excluded = _collect(source, opts, progress, cache)
        files.sort(key=lambda f: f.path)
        name = (info.toplevel or info.path).name if info.prefix == "" else info.path.name
        ctx = RenderContext(name, source.rev, files, len(excluded), opts.line_numbers)
        ctx.count_bodies(counter)
        chunks, total = render(opts.fmt, ctx, counter)
    finally:
        source.close()
        cache.close()
    pack = Pack(
        root=info.path,
        name=name,
        rev=source.rev,
        encoding=opts.encoding,
        budget=opts.budget,
        model=opts.model,
        fmt=opts.fmt,
        files=files,
        excluded=sorted(excluded, key=lambda e: e.path),
        chunks=chunks,
        total_tokens=total,
        cache_hits=counter.hits,
        cache_misses=counter.misses,
    )
    if cache.warning:
        pack.warnings.append(cache.warning)
    if not opts.secret_scan:
        pack.warnings.append(
            "secret scan is off (--no-secret-scan): credentials in these files go with the pack"
        )
    return pack


def _repoviewignore(source: Source) -> PatternFilter:
    """The root .repoviewignore: from the commit when packing a revision, else from disk."""
    info = source.repo
    if isinstance(source, RevSource) and info is not None:
        blob = git(["cat-file", "-p", f"{source.rev}:.repoviewignore"], info.path, check=False)
        return PatternFilter(blob.decode("utf-8", "replace").splitlines())
    base = info.toplevel if info is not None and info.toplevel else source.root
    return PatternFilter(load_ignore_file(base / ".repoviewignore"))


def _collect(
    source: Source, opts: PackOptions, progress: Progress | None, cache: TokenCache
) -> tuple[list[PackedFile], list[Excluded]]:
    entries = source.entries()
    prefix = source.repo.prefix if source.repo else ""
    defaults = DefaultExcludes() if opts.default_excludes else None
    own = _repoviewignore(source)
    include = PatternFilter(opts.include)
    exclude = PatternFilter(opts.exclude)
    files: list[PackedFile] = []
    excluded: list[Excluded] = []
    to_read: list[Entry] = []
    for e in entries:
        if e.kind == SPECIAL:
            excluded.append(Excluded(e.path, "unreadable", e.note))
            continue
        if defaults is not None and (why := defaults.reason(e.path)):
            excluded.append(Excluded(e.path, "default", why))
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
        if e.kind in (SUBMODULE, SYMLINK):
            files.append(_listed(e))
            continue
        if e.size > opts.max_file_bytes:
            excluded.append(
                Excluded(e.path, "too-large", f"{e.size:,} bytes > cap {opts.max_file_bytes:,}")
            )
            continue
        to_read.append(e)
    total = len(to_read)
    texts: list[tuple[Entry, bytes, Decoded]] = []
    for done, result in enumerate(source.read(to_read), 1):
        if progress is not None and (done % 64 == 0 or done == total):
            progress("read", done, total)
        e = result.entry
        if result.data is None:
            excluded.append(Excluded(e.path, "unreadable", result.error))
        elif len(result.data) > opts.max_file_bytes:  # grew since it was listed
            excluded.append(Excluded(e.path, "too-large", f"{len(result.data):,} bytes"))
        else:
            decoded = decode(result.data)
            if decoded.lfs:
                e.note = decoded.note
                files.append(_listed(e))
            elif decoded.text is None:
                excluded.append(Excluded(e.path, "binary", decoded.note))
            else:
                texts.append((e, result.data, decoded))
    files.extend(_scan_and_wrap(texts, opts, cache, excluded))
    return files, excluded


def _scan_and_wrap(
    texts: list[tuple[Entry, bytes, Decoded]],
    opts: PackOptions,
    cache: TokenCache,
    excluded: list[Excluded],
) -> list[PackedFile]:
    """Make PackedFiles, redacting secrets; scan results are cached by content digest."""
    files = []
    for e, data, decoded in texts:
        language = detect_language(e.path.rsplit("/", 1)[-1])
        f = PackedFile(
            path=e.path,
            language=language,
            role=detect_role(e.path, language),
            size=len(data),
            text=decoded.text or "",
            note=decoded.note,
            controls=decoded.controls,
        )
        f.text_id = hashlib.blake2b(data, digest_size=16).digest()
        files.append(f)
    if not opts.secret_scan:
        return files
    kept = []
    keys = [_scan_key(f) for f in files]
    known = cache.get_many(keys, "facts")
    fresh = []
    for f, key, (_, data, decoded) in zip(files, keys, texts, strict=True):
        if is_key_file(f.path, f.text):
            excluded.append(Excluded(f.path, "secret", "private key material"))
            continue
        if key in known:
            spans = [Redaction(r, a, b) for r, a, b in json.loads(known[key])]
        else:
            plain = None if decoded.note else data
            spans = find(f.text, f.path, f.role in ("test", "docs"), plain)
            fresh.append((key, json.dumps([[r.rule, r.start, r.end] for r in spans])))
        if spans:
            f.text = apply(f.text, spans)
            f.redactions = len(spans)
        f.text_id = key  # names the text as redacted
        kept.append(f)
    cache.put_many(fresh, "facts")
    return kept


def _scan_key(f: PackedFile) -> bytes:
    strict = b"strict" if f.role in ("test", "docs") else b"lax"
    return (
        f.text_id
        + f"|secrets:{RULES_ID}|".encode()
        + strict
        + f.path.encode("utf-8", "surrogateescape")
    )


def _listed(e: Entry) -> PackedFile:
    role = {SUBMODULE: "submodule", SYMLINK: "symlink"}.get(e.kind, "data")
    return PackedFile(
        path=e.path, language="Text", role=role, size=e.size, text="", mode="listed",
        note=e.note or e.kind,
    )  # fmt: skip
