"""`--budget B --split-tokens N`: the parts together, what is sent and paid for, fit B."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from repoview.tokens import load_encoding

from .conftest import git


def count(text: str) -> int:
    return len(load_encoding("o200k_base").encode_ordinary(text))


@pytest.fixture
def c_repo(make_repo) -> Path:
    """Sixty C files of twelve functions each: about 33k tokens in full."""
    files: dict[str, str | bytes] = {"src/common.h": "int helper(int);\n"}
    for i in range(1, 61):
        files[f"src/m{i}.c"] = '#include "common.h"\n' + "".join(
            f"int f{i}_{j}(int a, int b) {{ int s = 0; for (int k = 0; k < a; k++) "
            f"s += k * b + {j}; return s; }}\n"
            for j in range(1, 13)
        )
    return make_repo(files)


def split(cli, repo: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    out.mkdir(exist_ok=True)
    return cli(
        "pack", str(repo), *args, "-o", str(out / "p.xml"), "--manifest", str(out / "m.json")
    )


@pytest.mark.parametrize("limit", [2500, 4000, 8000])
def test_the_parts_together_fit_the_budget(c_repo: Path, tmp_path: Path, cli, limit: int) -> None:
    out = tmp_path / f"o{limit}"
    r = split(cli, c_repo, out, "--budget", "16000", "--split-tokens", str(limit))
    assert r.code == 0, r.err
    parts = json.loads((out / "m.json").read_text())["parts"]
    sizes = [count(Path(p["file"]).read_text()) for p in parts]
    assert len(parts) >= 2 and all(n <= limit for n in sizes)
    assert [p["tokens"] for p in parts] == sizes
    # Every part repeats the header, the tree and the index: the budget holds them too,
    # and the files still fill it.
    assert 0.85 * 16_000 <= sum(sizes) <= 16_000
    used = re.search(r"budget +16,000 \((\d+)% used\)", r.err)
    assert used and 85 <= int(used.group(1)) <= 100, r.err
    assert re.search(rf"tokens +{sum(sizes):,} ", r.err), r.err


def test_the_same_parts_every_time(c_repo: Path, tmp_path: Path, cli) -> None:
    texts = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        r = split(cli, c_repo, out, "--budget", "16000", "--split-tokens", "4000", "-q")
        assert r.code == 0, r.err
        texts.append(sorted((p.name, p.read_text()) for p in out.glob("p.part*.xml")))
    assert texts[0] == texts[1]


def test_parts_that_repeat_most_of_the_budget_are_refused(
    c_repo: Path, tmp_path: Path, cli
) -> None:
    # A long header goes to every part: with parts of 4,000 tokens, most of what the
    # budget pays for would be copies of it.
    header = "Read this first. " * 500
    out = tmp_path / "small"
    args = ("--budget", "16000", "--header-text", header, "-q")
    r = split(cli, c_repo, out, *args, "--split-tokens", "4000")
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    m = re.search(
        r"over half of the 16,000-token budget; use --split-tokens ([\d,]+) or more", r.err
    )
    assert m and not list(out.glob("p.part*")), r.err
    out = tmp_path / "larger"
    r = split(cli, c_repo, out, *args, "--split-tokens", m.group(1).replace(",", ""))
    assert r.code == 0, r.err
    parts = json.loads((out / "m.json").read_text())["parts"]
    assert sum(p["tokens"] for p in parts) <= 16_000


def test_parts_over_the_budget_are_fitted_again(c_repo: Path, monkeypatch) -> None:
    # The fit's estimate of what the parts add can miss (they are grouped in the output
    # order, which the fit does not know): a miss of all of it still ends within the budget.
    from repoview import split
    from repoview.packer import PackOptions, build_pack

    monkeypatch.setattr(split.SplitCost, "extra", lambda self, shown, fitting=False: 0)
    pack = build_pack(PackOptions(path=c_repo, budget=16_000, split_tokens=4000, cache=False))
    assert len(pack.parts) >= 2 and all(p.tokens <= 4000 for p in pack.parts)
    assert 0.8 * 16_000 <= pack.total_tokens == sum(p.tokens for p in pack.parts) <= 16_000
    assert pack.budget == 16_000
    listed = [f for f in pack.files if f.mode != "full"]
    assert listed and all(f.note.count("to fit the budget") == 1 for f in listed)


@pytest.mark.parametrize("limit", [20000, 26000])
def test_a_diff_pack_in_parts_fits_the_budget(
    c_repo: Path, tmp_path: Path, cli, limit: int
) -> None:
    # Each part repeats the change (its new text and the diff) beside header, tree and index.
    for i in range(1, 3):
        path = c_repo / f"src/m{i}.c"
        path.write_text(path.read_text().replace("return s;", "return s + 1;"))
    git(c_repo, "commit", "-qam", "off by one")
    out = tmp_path / f"d{limit}"
    args = ("--budget", "40000", "--diff", "HEAD~1..HEAD", "--split-tokens", str(limit))
    r = split(cli, c_repo, out, *args)
    assert r.code == 0, r.err
    parts = json.loads((out / "m.json").read_text())["parts"]
    texts = [Path(p["file"]).read_text() for p in parts]
    assert len(parts) >= 2 and all(count(t) <= limit for t in texts)
    assert all("+    return s + 1;" in t or "return s + 1;" in t for t in texts)  # the change
    assert 0.8 * 40_000 <= sum(count(t) for t in texts) <= 40_000, (
        r.err,
        [count(t) for t in texts],
    )


def _modules_repo(make_repo) -> Path:
    files: dict[str, str | bytes] = {"pkg/__init__.py": "", "README.md": "# lib\n"}
    for i in range(80):
        imports = "".join(f"from pkg import m{(i * 7 + k) % 80}\n" for k in (1, 2, 3))
        files[f"pkg/m{i}.py"] = imports + "".join(
            f"\n\ndef func_{i}_{k}(alpha, beta):\n    total = alpha + beta\n"
            f"    for x in range({k}):\n        total += x * {i}\n    return total\n"
            for k in range(3 + i % 20)
        )
    return make_repo(files)


@pytest.mark.parametrize(("args", "first"), [(("--budget", "30000"), "1000"), ((), "300")])
def test_the_size_an_error_names_works(
    make_repo, tmp_path: Path, cli, args: tuple[str, ...], first: str
) -> None:
    # A larger part carries a larger tree, and under a budget the pack shows more files:
    # a size named from this split alone failed again when asked for.
    repo = _modules_repo(make_repo)
    r = split(cli, repo, tmp_path / "first", *args, "--split-tokens", first, "-q")
    m = re.search(r"use --split-tokens ([\d,]+) or more", r.err)
    assert r.code == 2 and m, r.err
    out = tmp_path / "named"
    r = split(cli, repo, out, *args, "--split-tokens", m.group(1).replace(",", ""), "-q")
    assert r.code == 0, r.err
    assert len(list(out.glob("p.part*.xml"))) > 1


def test_a_budget_the_repository_fits_in_names_no_larger_size(
    make_repo, tmp_path: Path, cli
) -> None:
    # Everything is shown in full under either budget: the budget's size is no reason to
    # name a larger part.
    repo = _modules_repo(make_repo)
    named = []
    for args in ((), ("--budget", "500000")):
        r = split(cli, repo, tmp_path / "x", *args, "--split-tokens", "300", "-q")
        m = re.search(r"use --split-tokens ([\d,]+) or more", r.err)
        assert r.code == 2 and m, r.err
        named.append(int(m.group(1).replace(",", "")))
    assert named[1] <= named[0]
