"""Token counting: cutting at safe places never changes a count; the rank files are verified."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repoview import bpe, tokens
from repoview.errors import ConfigError
from repoview.render import split_safe
from repoview.tokens import TokenCache, is_safe_cut, load_encoding


@cache
def enc(name: str) -> Any:
    return load_encoding(name)


# Text made of the characters that matter to the split patterns: newlines, spaces, slashes,
# quotes, punctuation, letters of several cases and scripts, digits, marks.
ALPHABET = st.sampled_from(list("\n\n\n \t\r/'\"#{}()<>-=_.:aAbZ9é É日本\u0301\u00a0\x0c1"))
TEXTS = st.text(ALPHABET, max_size=60)


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
def test_cutting_at_any_safe_place_keeps_the_count(name: str, text: str) -> None:
    e = enc(name)
    whole = len(e.encode_ordinary(text))
    for i in range(1, len(text)):
        if is_safe_cut(text, i):
            parts = len(e.encode_ordinary(text[:i])) + len(e.encode_ordinary(text[i:]))
            assert parts == whole, (text[:i], text[i:])


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_split_safe_is_lossless_and_additive(text: str) -> None:
    head, middle, tail = split_safe(text)
    assert head + middle + tail == text
    e = enc("o200k_base")
    total = sum(len(e.encode_ordinary(p)) for p in (head, middle, tail))
    assert total == len(e.encode_ordinary(text))


def test_rank_file_hash_is_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPOVIEW_HOME", str(tmp_path))  # no sound copy: the bundled file is read
    monkeypatch.setattr(bpe, "bundled", lambda _name: gzip.compress(b"aGVsbG8= 0\n"))
    monkeypatch.setattr(tokens, "_BUILT", {})  # built once per process: build it again here
    with pytest.raises(ConfigError, match="corrupt"):
        load_encoding("cl100k_base")


def test_unknown_encoding_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="o200k_base, cl100k_base"):
        load_encoding("p50k")


def test_counter_counts_special_token_text_as_ordinary_text() -> None:
    from repoview.tokens import TokenCounter

    text = "x <|endoftext|> y <|endofprompt|>\n" * 50_000
    counter = TokenCounter("o200k_base", None)
    assert counter.count(text) == len(enc("o200k_base").encode_ordinary(text))
    many = [f"<|endoftext|> {i}\n" * 2000 for i in range(40)]
    assert counter.count_many(many) == [len(enc("o200k_base").encode_ordinary(t)) for t in many]


def test_the_encoding_is_built_once_per_process() -> None:
    first = load_encoding("o200k_base")
    assert load_encoding("o200k_base") is first
    assert tokens.TokenCounter("o200k_base", None).count("hello world") == len(
        first.encode("hello world")
    )


@pytest.mark.parametrize(
    ("name", "ids"), [("o200k_base", [24912, 2375]), ("cl100k_base", [15339, 1917])]
)
def test_rank_files_read_give_the_published_token_ids(
    name: str, ids: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPOVIEW_HOME", str(tmp_path))  # no copy yet: read the bundled file
    filename, sha, pattern, specials = tokens.ENCODINGS[name]
    import tiktoken

    enc = tiktoken.Encoding(
        name=name,
        pat_str=pattern,
        mergeable_ranks=bpe.read_ranks(name, filename, sha),
        special_tokens=specials,
    )
    assert enc.encode_ordinary("hello world") == ids
    assert enc.decode(enc.encode_ordinary("naïve café — 日本語")) == "naïve café — 日本語"


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
def test_the_probe_counts_are_tiktokens(name: str) -> None:
    # rs-bpe is trusted only while it gives these counts: they must be tiktoken's.
    e = enc(name)
    probe = bpe._PROBE
    assert bpe._PROBE_COUNTS[name] == (
        len(e.encode_ordinary(probe)),
        len(e.encode_ordinary(probe * 3 + "ab")),
    )


FAST_TEXTS = st.lists(
    st.one_of(ALPHABET, st.sampled_from(["🙂", "<|endoftext|>", "'ll", "ǅ", "١٢", "\ud800"])),
    max_size=80,
).map("".join)


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
@settings(max_examples=300, deadline=None)
@given(text=FAST_TEXTS)
def test_fast_counts_are_tiktokens(name: str, text: str) -> None:
    fast = bpe.fast_length(name)
    if fast is None:
        pytest.skip("rs-bpe is not installed here (the `fast` extra)")
    assert fast(text) == len(enc(name).encode_ordinary(text))


def test_without_the_fast_counter_counts_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"def f{i}(x):\n    return x * {i}  # 日本 🙂\n" * (i + 1) for i in range(30)]
    fast = tokens.TokenCounter("o200k_base", None).count_many(texts)
    monkeypatch.setenv("REPOVIEW_BPE", "tiktoken")
    assert bpe.fast_length("o200k_base") is None
    assert tokens.TokenCounter("o200k_base", None).count_many(texts) == fast


def test_packs_creating_the_cache_at_once_each_keep_it(tmp_path) -> None:
    # Eight openers of a cache that does not exist yet (packs started together, a web
    # report's requests): one of them switching the new file to write-ahead logging holds
    # it, and "database is locked" is no damage: nobody deletes the cache the others use.
    from concurrent.futures import ThreadPoolExecutor

    for k in range(30):
        path = tmp_path / f"cache{k}.db"

        def open_one(i: int, path: Path = path) -> str:
            cache = TokenCache(path)
            cache.put_many([(f"k{i}".encode(), i)])
            return cache.warning

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(open_one, range(8))) == [""] * 8
        keys = [f"k{i}".encode() for i in range(8)]
        assert TokenCache(path).get_many(keys) == {key: i for i, key in enumerate(keys)}
