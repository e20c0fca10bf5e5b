"""`pack --diff A..B` keeps the pack of A as its prefix when the change needs more room than
the base leaves: the change gives way before the base, whose tree and import lists (after
the files) would go with any base file cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import git


def shared(a: str, b: str) -> float:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n / len(a)


@pytest.mark.parametrize("budget", ["16000", "24000"])
def test_the_change_gives_way_before_the_base(make_repo, cli, tmp_path: Path, budget: str) -> None:
    files: dict[str, str | bytes] = {"app/__init__.py": ""}
    for i in range(150):
        imports = "".join(f"from app.m{j} import f{j}\n" for j in range(max(0, i - 3), i))
        files[f"app/m{i}.py"] = (
            imports
            + "".join(f"\n\ndef f{i}_{k}(x):\n    return x * {k} + {i}\n" for k in range(12))
            + f"\n\ndef f{i}(x):\n    return x\n"
        )
    repo = make_repo(files)
    changed = repo / "app/m5.py"
    changed.write_text(
        changed.read_text()
        + "".join(f"\n\ndef extra_{k}(x):\n    return x - {k}\n" for k in range(6))
    )
    git(repo, "commit", "-qam", "more helpers")
    base, delta = tmp_path / "base.xml", tmp_path / "delta.xml"
    r = cli("pack", str(repo), "--rev", "HEAD~1", "--budget", budget, "-q", "-o", str(base))
    assert r.code == 0, r.err
    r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "--budget", budget, "-o", str(delta))
    assert r.code == 0, r.err
    a, b = base.read_text(), delta.read_text()
    # (the base's closing tag is where the change begins)
    assert shared(a, b) >= 0.99, shared(a, b)
    assert "+def extra_5(x):" in b  # the diff itself is whole
    assert "the change HEAD~1..HEAD is cut to fit the budget" in r.err
    assert "the pack of the base gave way" not in r.err


def test_a_base_that_gives_way_past_its_few_files_says_so(make_repo, cli, tmp_path: Path) -> None:
    # A change whose diff alone needs more than the base's slack: the base gives way as a
    # last resort, and the cache a push before this one made is no longer all reused.
    files: dict[str, str | bytes] = {"app/__init__.py": ""}
    for i in range(150):
        files[f"app/m{i}.py"] = "".join(
            f"\n\ndef f{i}_{k}(x):\n    return x * {k} + {i}\n" for k in range(12)
        )
    repo = make_repo(files)
    for i in range(0, 150, 3):
        path = repo / f"app/m{i}.py"
        path.write_text(path.read_text().replace("return x *", "return x **"))
    git(repo, "commit", "-qam", "powers")
    base, delta = tmp_path / "base.xml", tmp_path / "delta.xml"
    r = cli("pack", str(repo), "--rev", "HEAD~1", "--budget", "16000", "-q", "-o", str(base))
    assert r.code == 0, r.err
    r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "--budget", "16000", "-o", str(delta))
    assert r.code == 0, r.err
    assert shared(base.read_text(), delta.read_text()) < 0.95
    assert "the base pack is cut to fit the change" in r.err, r.err
