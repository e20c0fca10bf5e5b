"""A `--diff` pack whose change alone is larger than the budget: every file gives way, then
the diff itself is shortened, and the pack still never exceeds its budget. Also: a folder
that is a submodule not checked out is an error, not an empty pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repoview.diffctx import scrub_diff, scrub_files
from repoview.errors import BudgetError
from repoview.packer import PackOptions, build_pack
from repoview.reviewer import ReviewOptions, plan_review
from repoview.tokens import load_encoding

from .conftest import git, write_tree


def count(text: str) -> int:
    return len(load_encoding("o200k_base").encode_ordinary(text))


def rewritten(tmp_path: Path, sizes: list[int]) -> Path:
    """A repository of modules of `sizes` functions each, then a commit rewriting every line."""
    repo = tmp_path / "rewrite"
    repo.mkdir()
    git(repo, "init", "-q")

    def modules(op: str) -> dict[str, str | bytes]:
        return {
            f"pkg/m{i:03}.py": "".join(
                f"def g_{k}(x):\n    return x {op} {k * 7}\n" for k in range(n)
            )
            for i, n in enumerate(sizes)
        }

    write_tree(repo, modules("*"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    write_tree(repo, modules("+"))
    git(repo, "commit", "-qam", "rewrite")
    return repo


def test_a_change_larger_than_the_budget_has_its_hunks_cut_to_fit(tmp_path: Path) -> None:
    repo = rewritten(tmp_path, [600, 600, 600, 600, 40])
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=20_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 20_000
    assert all(f.mode == "listed" for f in pack.files)
    # Every file's diff is still there, the long ones cut with how many lines went.
    assert all(f"+++ b/pkg/m{i:03}.py" in out for i in range(5))
    assert out.count("more lines of its diff not shown (to fit the budget)") == 4
    assert "+    return x + 273\n" in out  # the short file's diff is whole
    (said,) = [w for w in pack.warnings if "shortened" in w]
    assert "does not fit in 20,000 tokens" in said and "4 files' diffs cut" in said


def test_the_largest_diffs_become_one_line_when_cutting_hunks_is_not_enough(
    tmp_path: Path,
) -> None:
    repo = rewritten(tmp_path, [300] * 3 + [12] * 40)
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=6_000))
    out = pack.output
    assert pack.total_tokens == count(out) <= 6_000
    for i in range(3):  # the three long diffs go first, as one line of counts each
        assert f"# pkg/m{i:03}.py: +300 -300 lines, not shown (to fit the budget)" in out
    assert "+++ b/pkg/m042.py" in out  # the last short ones keep their first hunk lines
    assert "# ... pkg/m042.py: 17 more lines of its diff not shown" in out
    assert any("diffs shown as one line of counts, largest first" in w for w in pack.warnings)


def test_a_budget_that_cannot_hold_one_line_per_changed_file_is_an_error(
    tmp_path: Path, cli
) -> None:
    repo = rewritten(tmp_path, [4] * 400)
    with pytest.raises(BudgetError, match="does not fit in 6,000 tokens even with every file"):
        build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=6_000))
    r = cli("pack", str(repo), "--diff", "HEAD~1..HEAD", "--budget", "6000", "-o", "-")
    assert r.code == 2 and r.err.count("\n") == 1 and "larger budget" in r.err


def test_a_change_that_fits_is_shown_whole(tmp_path: Path) -> None:
    repo = rewritten(tmp_path, [30, 30])
    pack = build_pack(PackOptions(path=repo, diff="HEAD~1..HEAD", budget=20_000))
    of_base = build_pack(PackOptions(path=repo, rev="HEAD~1", budget=20_000)).output
    assert pack.output.startswith(of_base[: of_base.index("</repository>")])
    assert "not shown" not in pack.output and not pack.warnings


def test_a_diff_review_fits_its_budget(tmp_path: Path) -> None:
    repo = rewritten(tmp_path, [600, 600, 600, 600, 40])
    opts = ReviewOptions(
        path=repo, task="diff", diff="HEAD~1..HEAD", model="kimi-k2.6", budget=20_000, tools=False
    )
    plan = plan_review(opts)
    assert plan.pack.total_tokens <= 20_000
    assert "more lines of its diff not shown" in plan.pack.output


def test_cut_hunks_say_how_many_lines_went() -> None:
    text = "".join(
        f"diff --git a/{p} b/{p}\n--- a/{p}\n+++ b/{p}\n@@ -1,{n} +1,{n} @@\n"
        + "".join(f"-old {k}\n+new {k}\n" for k in range(n))
        for p, n in (("a.py", 30), ("b.py", 5))
    )
    shown = scrub_files(text, lambda path: None)
    assert shown.text() == scrub_diff(text, lambda path: None) == text
    cut = shown.text(cap=11)
    assert "# ... a.py: 50 more lines of its diff not shown (to fit the budget)\n" in cut
    assert cut.endswith("".join(f"-old {k}\n+new {k}\n" for k in range(5)))
    brief = shown.text(cap=11, brief=1)
    assert brief.startswith("# a.py: +30 -30 lines, not shown (to fit the budget)\n")
    assert shown.cuts(11, 1) == "1 file's diff shown as one line of counts, largest first"


def test_a_submodule_not_checked_out_is_an_error_that_names_the_fix(make_repo, cli) -> None:
    repo = make_repo({"app.py": "X = 1\n"})
    commit = git(repo, "rev-parse", "HEAD").strip()
    # A gitlink with an empty folder: what a clone without --recurse-submodules has.
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commit},ext/lib")
    git(repo, "commit", "-qm", "add a submodule")
    (repo / "ext" / "lib").mkdir(parents=True)
    for extra in ([], ["--rev", "HEAD"]):
        r = cli("pack", str(repo / "ext" / "lib"), *extra, "-o", "-")
        assert r.code == 2 and r.err.count("\n") == 1, r.err
        assert "is a submodule that is not checked out" in r.err
        assert "`git submodule update --init ext/lib`" in r.err and not r.out
    whole = build_pack(PackOptions(path=repo))  # the repository around it still packs
    assert {f.path: f.role for f in whole.files}["ext/lib"] == "submodule"


def test_a_diff_review_says_its_diff_was_cut(tmp_path: Path, cli) -> None:
    from .provider import Provider, findings_json, ok
    from .test_review import review

    repo = rewritten(tmp_path, [600, 600, 600, 600, 40])
    args = ["--task", "diff", "--diff", "HEAD~1..HEAD", "--budget", "20000", "--no-tools"]
    with Provider() as provider:
        provider.answers.append(ok(findings_json()))
        r = review(cli, repo, provider, *args, "--format", "json")
    assert r.code == 0, r.err
    warnings = json.loads(r.out)["warnings"]
    assert any("diffs cut to their first" in w for w in warnings), warnings
