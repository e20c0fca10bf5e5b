"""A push of several refs that bring different commits: one review each, said up front, and
the push's cost summed once (each review's own line names its ref)."""

from __future__ import annotations

import re

from .conftest import git
from .provider import findings_json, ok
from .test_hook import commit, push, setup

__all__ = ["setup"]  # the fixture, used by name


def test_refs_with_different_commits_are_announced_and_summed(setup, provider, cli) -> None:  # type: ignore[no-untyped-def]
    repo, _remote, env = setup
    assert cli("hook", "install", str(repo)).code == 0
    git(repo, "checkout", "-q", "-b", "feat")
    commit(repo, "feat.py", "FEAT = 1\n")
    git(repo, "checkout", "-q", "main")
    commit(repo, "README.md", "# App\n\nMore.\n")
    provider.answers.extend([ok(findings_json()), ok(findings_json())])

    p = push(repo, env, "origin", "main", "feat")
    assert p.returncode == 0, p.stderr
    assert len(provider.chats) == 2
    lines = [line for line in p.stderr.splitlines() if line.startswith("repoview:")]
    announced = next(i for i, line in enumerate(lines) if "2 reviews, one request each" in line)
    first = next(i for i, line in enumerate(lines) if line.startswith("repoview: reviewing"))
    assert announced < first, lines
    assert "refs/heads/main" in lines[announced] and "refs/heads/feat" in lines[announced]
    each = [line for line in lines if re.match(r"repoview: refs/heads/(main|feat): \$", line)]
    assert len(each) == 2, lines
    totals = [line for line in lines if "this push:" in line]
    assert len(totals) == 1 and totals == lines[-1:], lines
    assert " over 2 requests; this month's pushes: " in totals[0]
    assert totals[0].endswith("over 2 reviews"), totals[0]
    spent = [float(m) for m in re.findall(r": \$(\d+\.\d+) for ", "\n".join(each))]
    total = float(re.findall(r"this push: \$(\d+\.\d+)", totals[0])[0])
    assert abs(total - sum(spent)) < 0.0002

    # One ref again: its cost is the push's, on the one line it always had.
    commit(repo, "app.py", "def add(a, b):\n    return b + a\n")
    provider.answers.append(ok(findings_json()))
    one = push(repo, env, "origin", "main")
    assert one.returncode == 0, one.stderr
    assert "one request each" not in one.stderr
    assert re.search(r"this push: \$\d+\.\d+ for [\d,]+ tokens in", one.stderr), one.stderr


def test_a_branch_built_on_another_pushed_with_it_is_reviewed_from_its_tip(
    setup, provider, cli
) -> None:  # type: ignore[no-untyped-def]
    repo, _remote, env = setup
    assert cli("hook", "install", str(repo)).code == 0
    commit(repo, "core.py", "def core():\n    return 1\n")
    main = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, "feature.py", "def feature():\n    return 2\n")
    git(repo, "checkout", "-q", "main")
    provider.answers.extend([ok(findings_json()), ok(findings_json())])

    p = push(repo, env, "origin", "main", "feature")
    assert p.returncode == 0, p.stderr
    assert len(provider.chats) == 2, p.stderr
    diffs = ["\n".join(m["content"] for m in chat["messages"]) for chat in provider.chats]
    # main's commit is reviewed once, in main's review; feature's review starts at main's tip
    assert sum("+def core():" in d for d in diffs) == 1, p.stderr
    assert sum("+def feature():" in d for d in diffs) == 1
    assert f"reviewing refs/heads/feature {main[:8]}.." in p.stderr, p.stderr
