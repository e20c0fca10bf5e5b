"""Counting in a worker process gives the same exact counts; warm packs need no tokenizer."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from repoview import bpe, tokens
from repoview.tokens import TokenCounter, load_encoding

TEXTS = [
    "",
    "hello world",
    "def f(x):\n    return x * 2\n" * 400,  # large enough to be counted on threads
    "<|endoftext|> is ordinary text here",
    "lone surrogate \udc80 survives",
    "naïve café — 日本語のテキスト\r\n",
]


@pytest.fixture(params=["auto", "tiktoken"])
def worker_counter(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> TokenCounter:
    # This process may have built the encoding already (other tests): forget it here, so
    # counting has to go through the worker. Both counters the worker may use are tried:
    # rs-bpe where the `fast` extra is installed, and tiktoken.
    monkeypatch.setenv("REPOVIEW_BPE", request.param)
    monkeypatch.setattr(tokens, "_BUILT", {})
    monkeypatch.setattr(tokens, "_WORKERS", {})
    counter = TokenCounter("o200k_base")
    counter.prefetch()
    assert "o200k_base" in tokens._WORKERS
    yield counter
    tokens._stop_workers()


def exact(text: str) -> int:
    enc = load_encoding("o200k_base")
    try:
        return len(enc.encode_ordinary(text))
    except UnicodeEncodeError:
        return len(enc.encode_ordinary(text.encode("utf-8", "replace").decode()))


def test_worker_counts_match_counting_here(worker_counter: TokenCounter) -> None:
    got = worker_counter.count_many(TEXTS)
    assert "o200k_base" not in tokens._BUILT  # the worker counted, not this process
    assert got == [exact(t) for t in TEXTS]


def test_a_dead_worker_falls_back_to_counting_here(worker_counter: TokenCounter) -> None:
    proc = tokens._WORKERS["o200k_base"]._proc
    assert proc is not None
    proc.kill()
    proc.wait()
    assert worker_counter.count_many(TEXTS[:3]) == [exact(t) for t in TEXTS[:3]]


def test_cold_and_warm_packs_leave_the_tokenizer_out_of_the_process(
    make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    repo = make_repo({"a.py": "def f(x):\n    return x\n" * 50, "b.md": "# Notes\n\ntext\n"})
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from repoview.packer import PackOptions, build_pack\n"
        f"p = build_pack(PackOptions(path=Path({str(repo)!r}), home=Path({str(tmp_path)!r})))\n"
        "print(p.total_tokens, 'tiktoken' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    total = int(runs[0][0])
    assert runs == [[str(total), "False"], [str(total), "False"]]
    text = subprocess.run(
        [sys.executable, "-m", "repoview", "pack", str(repo), "-q"],
        capture_output=True,
        text=True,
        check=True,
        env={"REPOVIEW_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    ).stdout
    assert exact(text) == total


def test_ranks_copy_is_reused_and_a_damaged_one_is_remade(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("REPOVIEW_HOME", str(tmp_path))
    name, (filename, sha, _, _) = "cl100k_base", tokens.ENCODINGS["cl100k_base"]
    first = bpe.read_ranks(name, filename, sha)
    (copy,) = (tmp_path / "cache").glob("cl100k_base-*.ranks")
    opened = []
    real_bundled = bpe.bundled
    monkeypatch.setattr(bpe, "bundled", lambda name: opened.append(name) or real_bundled(name))
    assert bpe.read_ranks(name, filename, sha) == first
    assert opened == []  # the bundled file was not read again
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert bpe.read_ranks(name, filename, sha) == first
    assert opened == [filename]
    assert bpe.read_ranks(name, filename, sha) == first and len(opened) == 1


def test_texts_counted_ahead_are_not_counted_again(worker_counter: TokenCounter) -> None:
    assert worker_counter.count_ahead(iter(TEXTS[:3]))
    assert worker_counter.count_ahead(t for t in TEXTS[3:])
    assert worker_counter._ahead is not None
    worker_counter._ahead.finish()  # every answer is in
    proc = tokens._WORKERS["o200k_base"]._proc
    assert proc is not None
    proc.kill()
    proc.wait()
    got = worker_counter.count_many(TEXTS)
    assert "o200k_base" not in tokens._BUILT  # neither here nor in the (dead) worker again
    assert got == [exact(t) for t in TEXTS]


def test_a_worker_dying_while_counting_ahead_leaves_exact_counts(
    worker_counter: TokenCounter,
) -> None:
    proc = tokens._WORKERS["o200k_base"]._proc
    assert proc is not None
    proc.kill()
    proc.wait()
    worker_counter.count_ahead(iter(TEXTS))
    assert worker_counter.count_many(TEXTS) == [exact(t) for t in TEXTS]


def test_without_a_worker_nothing_is_counted_ahead() -> None:
    counter = TokenCounter("o200k_base")
    counter.enc  # noqa: B018  (built here: no worker is needed or started)
    assert not counter.can_count_ahead() and not counter.count_ahead(iter(TEXTS))


def test_a_cold_pack_counted_ahead_is_exact_with_line_numbers_and_redactions(
    make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    key = "ghp_" + "x7Qm2Lp9Rt4Vn8Kw3Zs6Yb1Hc5Jd0Fg2Ae7U"
    files = {f"pkg/m{i}.py": f"import pkg.m{i + 1}\n" + "x = 1\n" * (40 * i) for i in range(30)}
    files["pkg/conf.py"] = f'TOKEN = "{key}"\n'
    repo = make_repo(files)
    manifest = tmp_path / "m.json"
    args = ["pack", str(repo), "-q", "--line-numbers", "--manifest", str(manifest)]
    out = subprocess.run(
        [sys.executable, "-m", "repoview", *args],
        capture_output=True,
        text=True,
        check=True,
        env={"REPOVIEW_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    ).stdout
    facts = json.loads(manifest.read_text())
    assert facts["total_tokens"] == exact(out)
    assert key not in out and "1| import pkg.m1" in out
    by_path = {f["path"]: f for f in facts["files"]}
    assert by_path["pkg/conf.py"]["redactions"] == 1
    assert by_path["pkg/m3.py"]["imports"] == ["pkg/m4.py"]


def test_many_small_texts_counted_ahead_come_back_exact(worker_counter: TokenCounter) -> None:
    # Thousands of texts over two submissions, their answers far more than a pipe holds.
    many = [f"line {i}: {'x' * (i % 50)}\n" for i in range(3000)]
    assert worker_counter.count_ahead(iter(many[:2500]))
    assert worker_counter.count_ahead(iter(many[2500:]))
    got = worker_counter.count_many(many)
    assert "o200k_base" not in tokens._BUILT  # the worker counted them all
    assert got == [exact(t) for t in many]


def test_texts_sent_in_many_batches_keep_their_order(
    worker_counter: TokenCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "_WORKER_BATCH", 16)  # a batch or more per text
    texts = [t * (i + 1) for i, t in enumerate(TEXTS)] + ["", "x" * 15, "y"]
    got = worker_counter.count_many(texts)
    assert "o200k_base" not in tokens._BUILT  # the worker counted, not this process
    assert got == [exact(t) for t in texts]
