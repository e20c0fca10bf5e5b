"""The bundled encodings and exact counting with them: all a token worker process needs.

`tokens.py` (caches, the worker's other side, counting ahead) builds on this module. Here
imports stay few and light, because the worker process imports nothing else: hashlib
alone (OpenSSL) and importlib.resources would add 5 MB to its 90 MB peak.
"""

from __future__ import annotations

import binascii
import contextlib
import functools
import importlib
import marshal
import os
import struct
import sys
import threading
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import ConfigError

__all__ = [
    "ENCODINGS",
    "SPREAD",
    "build_encoding",
    "bundled",
    "count_texts",
    "fast_length",
    "home_dir",
    "length_fn",
    "read_ranks",
    "serve",
]

_LETTER_PIECE = r"[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]"
_LOWER_PIECE = r"[\p{Ll}\p{Lm}\p{Lo}\p{M}]"
_SUFFIX = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
_O200K_PAT = "|".join(
    [
        rf"[^\r\n\p{{L}}\p{{N}}]?{_LETTER_PIECE}*{_LOWER_PIECE}+{_SUFFIX}",
        rf"[^\r\n\p{{L}}\p{{N}}]?{_LETTER_PIECE}+{_LOWER_PIECE}*{_SUFFIX}",
        r"\p{N}{1,3}",
        r" ?[^\s\p{L}\p{N}]+[\r\n/]*",
        r"\s*[\r\n]+",
        r"\s+(?!\S)",
        r"\s+",
    ]
)
_CL100K_PAT = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)

# name -> (rank file in repoview/data, its SHA-256 as tiktoken pins it, split pattern, specials)
ENCODINGS: dict[str, tuple[str, str, str, dict[str, int]]] = {
    "o200k_base": (
        "o200k_base.tiktoken.gz",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        _O200K_PAT,
        {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
    ),
    "cl100k_base": (
        "cl100k_base.tiktoken.gz",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        _CL100K_PAT,
        {
            "<|endoftext|>": 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            "<|endofprompt|>": 100276,
        },
    ),
}

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _hash(name: str) -> Callable[..., Any]:
    """A hash constructor from the interpreter's own modules where it has them (hashlib
    would load OpenSSL, 3.6 MB of the worker's memory)."""
    own = {"blake2b": ("_blake2",), "sha256": ("_sha2", "_sha256")}[name]  # 3.12 on, 3.11
    for module in own:
        try:
            found: Callable[..., Any] = getattr(importlib.import_module(module), name)
            return found
        except (ImportError, AttributeError):
            continue
    import hashlib

    return getattr(hashlib, name)  # type: ignore[no-any-return]


def home_dir() -> str:
    """REPOVIEW_HOME, else the platform's per-user data folder."""
    env = os.environ.get("REPOVIEW_HOME")
    if env:
        return os.path.expanduser(env)
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        return os.path.join(os.environ.get("LOCALAPPDATA", home), "repoview")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Application Support", "repoview")
    data = os.environ.get("XDG_DATA_HOME", os.path.join(home, ".local", "share"))
    return os.path.join(data, "repoview")


def bundled(filename: str) -> bytes:
    """A file of repoview/data, as stored."""
    with open(os.path.join(_DATA, filename), "rb") as fh:
        return fh.read()


def build_encoding(name: str) -> Any:
    """The tiktoken Encoding for `name`, built from the bundled rank file (0.6-0.7 s)."""
    try:
        filename, sha, pattern, specials = ENCODINGS[name]
    except KeyError:
        known = ", ".join(ENCODINGS)
        raise ConfigError(f"unknown encoding {name!r}; choose one of: {known}") from None
    import tiktoken  # deferred: a warm pack never needs it

    ranks = read_ranks(name, filename, sha)
    return tiktoken.Encoding(
        name=name, pat_str=pattern, mergeable_ranks=ranks, special_tokens=specials
    )


def read_ranks(name: str, filename: str, sha: str) -> dict[bytes, int]:
    """The encoding's ranks: from this machine's copy in marshal form when there is a sound
    one (a quarter of the build's time instead of half), else from the bundled rank file."""
    tag = f"{sys.version_info[0]}{sys.version_info[1]}"
    copy = os.path.join(home_dir(), "cache", f"{name}-{sha[:16]}-py{tag}.ranks")
    blake2b = _hash("blake2b")
    try:
        with open(copy, "rb") as fh:
            data = memoryview(fh.read())  # views, not copies, of its 3 MB body
        if blake2b(data[32:], digest_size=32).digest() == data[:32]:
            ranks = marshal.loads(data[32:])
            if isinstance(ranks, dict) and ranks:
                return ranks
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing or unsound: made again below
    raw = zlib.decompress(bundled(filename), 16 + zlib.MAX_WBITS)  # gzip
    if _hash("sha256")(raw).hexdigest() != sha:
        raise ConfigError(
            f"the bundled {name} rank file is corrupt (SHA-256 mismatch); reinstall repoview"
        )
    # Each line is "<base64 token> <rank>". The pinned files list ranks 0, 1, 2... in order,
    # which lets one C-level split and zip build the map (a third faster than line by line).
    # (The pieces stay until the map is whole: freed sooner, their memory would be shared
    # with the map's and not go back to the system, 14 MB more through the worker's peak.)
    fields = raw.split()
    tokens = fields[0::2]
    if list(map(int, fields[1::2])) == list(range(len(tokens))):
        ranks = dict(zip(map(binascii.a2b_base64, tokens), range(len(tokens)), strict=True))
    else:
        ranks = {binascii.a2b_base64(t): int(r) for t, r in zip(tokens, fields[1::2], strict=True)}
    body = marshal.dumps(ranks)
    tmp = f"{copy}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(blake2b(body, digest_size=32).digest())
            fh.write(body)
        os.replace(tmp, copy)  # whole or not at all, for concurrent runs
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return ranks


def length_fn(enc: Any) -> Callable[[str], int]:
    """A function giving the exact count of a text in `enc`, as fast as tiktoken allows."""
    core = getattr(enc, "_core_bpe", None)
    to_buffer = getattr(core, "encode_to_tiktoken_buffer", None)
    if to_buffer is None:
        return lambda text: len(enc.encode_ordinary(text))
    no_specials: set[str] = set()

    # A packed uint32 buffer instead of a list of ints: no Python object per token, so
    # threads spend their time in tiktoken's core, outside the GIL. With no special
    # token allowed, the core treats special-token text as ordinary text, exactly like
    # encode_ordinary (a test pins this).
    def length(text: str) -> int:
        try:
            return int(memoryview(to_buffer(text, no_specials)).nbytes // 4)
        except UnicodeEncodeError:
            return len(enc.encode_ordinary(text))

    return length


# A text that exercises each part of the split patterns (contractions, CJK, emoji, digit
# runs, tabs, CR LF, a special token's text) and its count in each encoding, as tiktoken
# gives it (a test checks these against tiktoken).
_PROBE = "def f(x):\n    return x  # 日本語 🙂 <|endoftext|>\n\tcafé's  1234567 \r\n\n"
_PROBE_COUNTS = {"o200k_base": (29, 88), "cl100k_base": (31, 94)}


def fast_length(name: str) -> Callable[[str], int] | None:
    """rs-bpe's exact count for `name` (the `fast` extra: tiktoken's counts at about 1.7x its
    speed, ready in 0.05 s instead of 0.3-0.7 s), or None when it is not installed, is turned
    off (REPOVIEW_BPE=tiktoken), or does not give tiktoken's counts for the probe. It holds
    the GIL while it counts: threads do not make it faster."""
    return None if os.environ.get("REPOVIEW_BPE") == "tiktoken" else _load_fast(name)


@functools.cache
def _load_fast(name: str) -> Callable[[str], int] | None:
    try:
        from rs_bpe import openai as fast

        count: Callable[[str], int] = getattr(fast, name)().count
        if (count(_PROBE), count(_PROBE * 3 + "ab")) != _PROBE_COUNTS.get(name):
            return None
    except Exception:  # not installed, or not the API this was written for: tiktoken counts
        return None

    def length(text: str) -> int:
        try:
            return count(text)
        except (UnicodeEncodeError, ValueError):
            # A lone surrogate (an undecodable file name, say): counted as tiktoken does,
            # as U+FFFD.
            return count(text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"))

    return length


K = TypeVar("K")


def count_texts(
    length: Callable[[str], int], items: list[tuple[K, str]], spread: bool = True
) -> dict[K, int]:
    """The count of each text of `items` by its key; with `spread`, on every core."""
    out: dict[K, int] = {}
    workers = min(os.cpu_count() or 1, 8) if spread else 1
    # Small texts first, on this thread: besides being too small to be worth a thread,
    # they warm tiktoken's regex engine, which makes the threads that follow about
    # 40% faster on a cold start (measured by bench/pack_bench.py).
    out.update((k, length(t)) for k, t in items if len(t) < 4096)
    large = [(k, t) for k, t in items if len(t) >= 4096]
    if workers == 1 or sum(len(t) for _, t in large) < 200_000:
        out.update((k, length(t)) for k, t in large)
        return out
    # Balanced bins, one fresh thread each: tiktoken's core releases the GIL while it
    # encodes. Keeping this thread out of it measured 30% faster on a cold start.
    bins: list[list[tuple[K, str]]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for item in sorted(large, key=lambda it: -len(it[1])):
        i = loads.index(min(loads))
        bins[i].append(item)
        loads[i] += len(item[1])

    def work(group: list[tuple[K, str]]) -> None:
        counted = [(k, length(t)) for k, t in group]
        out.update(counted)

    threads = [threading.Thread(target=work, args=(b,)) for b in bins]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


SPREAD = 1 << 63  # in a batch's header: count it on every core


def serve(name: str) -> None:
    """The worker's side: counts for each batch of texts on stdin, until end of input."""
    # Built before the first batch arrives. Counting needs only the compiled core: the
    # ranks' Python copy (about 25 MiB of the worker's 90) can go while the pack goes on.
    length = fast_length(name)
    threads = length is None  # rs-bpe holds the GIL: threads would only add overhead
    if length is None:
        enc = build_encoding(name)
        ranks = getattr(enc, "_mergeable_ranks", None)
        if isinstance(ranks, dict):
            ranks.clear()
        length = length_fn(enc)
    read, write = sys.stdin.buffer.read, sys.stdout.buffer
    while len(head := read(8)) == 8:
        (n,) = struct.unpack("<Q", head)
        spread, n = bool(n & SPREAD), n & ~SPREAD
        items = []
        for i in range(n):
            (size,) = struct.unpack("<Q", read(8))
            items.append((i, read(size).decode("utf-8", "surrogatepass")))
        counts = count_texts(length, items, spread and threads)
        write.write(struct.pack(f"<{n}Q", *(counts[i] for i in range(n))))
        write.flush()


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    serve(sys.argv[2])
