"""`--strategy auto`, and what map-reduce's parts and map carry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import Run, handlers
from .provider import Answer, Provider, findings_json, ok

KEY = "sk-strategy-test-0123456789abcdefghij"

# Two windows of one family: the larger may plan no more input for the parts.
MODELS = "[models.w48]\ncontext = 49152\n\n[models.w64]\ncontext = 65536\n"


@pytest.fixture
def lib(make_repo) -> Path:
    """A library whose source has long docstrings (a large outline), with tests and docs
    that together outweigh it."""
    files: dict[str, str | bytes] = {
        "README.md": "# Lib\n\nA library.\n",
        "pyproject.toml": '[project]\nname = "lib"\n',
        ".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\n\n" + MODELS,
    }
    for m in range(16):
        files[f"lib/mod{m}.py"] = "".join(
            f"def handle_{m}_{k}(request, options=None):\n"
            f'    """Handle request kind {m}.{k}: validate the options, route the request to\n'
            f'    the handler registered for kind {k}, and return what it answers."""\n'
            f"    return route(request, {k}, options or {{}})\n\n\n"
            for k in range(12)
        )
        files[f"tests/test_mod{m}.py"] = "".join(
            f"def test_handle_{m}_{k}():\n"
            + "".join(f"    assert handle_{m}_{k}({i}) == {i}  # case {i}\n" for i in range(12))
            + "\n\n"
            for k in range(12)
        )
        files[f"docs/page{m}.md"] = f"# Page {m}\n\n" + "".join(
            f"Paragraph {i} of page {m} describes handle_{m}_{i} at length.\n\n" for i in range(60)
        )
    return make_repo(files)


def review(cli, repo: Path, *args: str, provider: Provider | None = None) -> Run:  # type: ignore[no-untyped-def]
    env = {"REPOVIEW_API_KEY": KEY}
    if provider is not None:
        env["REPOVIEW_BASE_URL"] = provider.url
    return cli("review", str(repo), *args, env=env)


def test_auto_does_not_plan_parts_that_could_never_be_few_enough(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    # 1.5 MB of source for an 8k window: some thirty parts at the least, which the size of
    # the text says without packing all of it for the parts.
    huge = make_repo(
        {
            f"pkg/mod{m}.py": "".join(
                f"def handle_{m}_{k}(request):\n    return route(request, {k}, 'kind {m}')\n\n\n"
                for k in range(200)
            )
            for m in range(110)
        }
    )
    args = ("--model", "moonshot-v1-8k", "--dry-run", "--strategy", "auto", "--format", "json")
    plan = review(cli, huge, "--task", "bugs", *args).json()
    assert isinstance(plan, dict) and plan["strategy"] == "single"
    assert re.search(
        r"auto chose single: .* would take at least \d+ parts \(auto takes at most 16", str(plan)
    ), plan


def test_auto_reviews_in_parts_when_one_request_would_show_little(
    lib: Path, cli, make_repo
) -> None:  # type: ignore[no-untyped-def]
    # 8k: one request shows outlines only, while the source fits a few parts.
    small = review(
        cli, lib, "--task", "bugs", "--model", "moonshot-v1-8k", "--dry-run", "--strategy", "auto"
    )
    assert small.code == 0, small.err
    assert "strategy  map-reduce" in small.out
    assert re.search(
        r"note +auto chose map-reduce: one request shows \d+% of the source", small.out
    )
    # Every file in parts would take far more requests than auto sends.
    many = review(
        cli,
        lib,
        "--task",
        "architecture",
        "--model",
        "moonshot-v1-8k",
        "--dry-run",
        "--strategy",
        "auto",
        "--format",
        "json",
    )
    plan = many.json()
    assert isinstance(plan, dict) and plan["strategy"] == "single"
    # An architecture review reads how the files fit together: one request that shows most
    # of them (signatures at least) is taken, with its text not all in full.
    assert re.search(
        r"auto chose single: one request shows \d+% of the source files, at least their "
        r"signatures \(\d+% of their text in full\)",
        str(plan),
    ), plan
    # Most files bare paths, and parts for all of them would be too many: single, said why.
    wide = make_repo(
        {
            ".repoview.toml": "[review]\nretries = 1\n",
            **{
                f"pkg/mod{m}.py": "".join(
                    f"def handle_{m}_{k}(request):\n    return route(request, {k})\n\n\n"
                    for k in range(40)
                )
                for m in range(120)
            },
        }
    )
    args = ("--model", "moonshot-v1-8k", "--dry-run", "--strategy", "auto", "--format", "json")
    crowded = review(cli, wide, "--task", "architecture", *args).json()
    assert isinstance(crowded, dict) and crowded["strategy"] == "single"
    assert re.search(
        r"auto chose single: .* would take \d+ parts \(auto takes at most", str(crowded)
    )
    # A window that holds the source: one request.
    whole = review(
        cli, lib, "--task", "bugs", "--model", "moonshot-v1-32k", "--dry-run", "--strategy", "auto"
    )
    assert "strategy  single" in whole.out
    assert "auto chose single: one request shows 100% of the source's text in full" in whole.out
    # A --budget sizes the one request: what it leaves out is the user's choice, not a
    # reason for parts at the whole window.
    sized = review(
        cli,
        lib,
        "--task",
        "bugs",
        "--model",
        "moonshot-v1-32k",
        "--dry-run",
        "--strategy",
        "auto",
        "--budget",
        "4000",
    )
    assert "strategy  single" in sized.out, sized.out
    assert "auto chose single: --budget 4,000 sets the request's size" in sized.out
    # No strategy given: single, as before, with nothing to explain.
    default = review(cli, lib, "--task", "bugs", "--model", "moonshot-v1-8k", "--dry-run")
    assert "strategy  single" in default.out and "auto chose" not in default.out


def parts_input(run: Run) -> int:
    plan = run.json()
    assert isinstance(plan, dict), run.err
    return sum(r["input_tokens"] for r in plan["requests"] if r["label"].startswith("part "))


def test_a_larger_window_plans_no_more_input_for_the_parts(lib: Path, cli) -> None:
    # With the larger window the outlines (14k tokens) fit a share of each request; sent
    # with each of 3 parts they cost more than the parts saved.
    runs = {
        m: review(
            cli,
            lib,
            "--task",
            "architecture",
            "--model",
            m,
            "--dry-run",
            "--strategy",
            "map-reduce",
            "--format",
            "json",
        )
        for m in ("w48", "w64")
    }
    smaller, larger = parts_input(runs["w48"]), parts_input(runs["w64"])
    assert larger <= smaller, (smaller, larger)


def part_paths(chats: list[dict]) -> set[str]:  # type: ignore[type-arg]
    return {
        p
        for c in chats
        if "This is part " in c["messages"][1]["content"]
        for p in re.findall(r'<file path="([^"]+)"', c["messages"][1]["content"])
    }


def parts_responder(req):  # type: ignore[no-untyped-def]
    user = req["messages"][1]["content"]
    if "This is part " in user:
        return ok(findings_json())
    return ok(json.dumps({"summary": "merged"}))


def test_bug_parts_carry_the_source_and_say_what_they_leave_out(
    lib: Path, provider: Provider, cli
) -> None:
    plan = review(
        cli,
        lib,
        "--task",
        "bugs",
        "--model",
        "moonshot-v1-8k",
        "--dry-run",
        "--strategy",
        "map-reduce",
    )
    assert re.search(
        r"note +left out of the parts \(depth focus reads the source\): 16 test files "
        r"\([\d,]+ tokens\), 16 docs files",
        plan.out,
    ), plan.out
    provider.responder = parts_responder
    r = review(
        cli,
        lib,
        "--task",
        "bugs",
        "--model",
        "moonshot-v1-8k",
        "--strategy",
        "auto",
        "--format",
        "json",
        provider=provider,
    )
    assert r.code == 0, r.err
    report = r.json()
    assert isinstance(report, dict) and report["strategy"] == "map-reduce"
    sent = part_paths(provider.chats)
    assert {f"lib/mod{m}.py" for m in range(16)} <= sent
    assert not {p for p in sent if p.startswith(("tests/", "docs/"))}
    # The report says what the parts carried (the 32 tests and docs stayed out), not the
    # whole repository in full.
    files = report["pack"]["files"]
    assert files["full"] == len(sent) and sum(files.values()) >= len(sent) + 32
    assert any(w.startswith("left out of the parts") for w in report["warnings"])
    # A breadth task reads every file in its parts.
    provider.chats.clear()
    r = review(
        cli,
        lib,
        "--task",
        "architecture",
        "--model",
        "moonshot-v1-32k",
        "--strategy",
        "map-reduce",
        "--format",
        "json",
        provider=provider,
    )
    assert r.code == 0, r.err
    sent = part_paths(provider.chats)
    assert "tests/test_mod0.py" in sent and "docs/page0.md" in sent


def test_exact_tokens_counts_each_part_of_a_map_reduce(lib: Path, provider: Provider, cli) -> None:
    # One count per part, each part's own messages; the merge keeps its estimate.
    provider.count_tokens = lambda body: 1000 + len(body["messages"][1]["content"]) // 100
    r = review(
        cli,
        lib,
        "--task",
        "bugs",
        "--model",
        "moonshot-v1-8k",
        "--strategy",
        "map-reduce",
        "--dry-run",
        "--exact-tokens",
        "--format",
        "json",
        provider=provider,
    )
    assert r.code == 0, r.err
    counted = [b for b in provider.requests if "messages" in b]
    parts = [q for q in r.json()["requests"] if q["label"].startswith("part ")]
    assert len(counted) == len(parts) > 1 and not provider.chats
    assert f"over {len(parts)} parts" in r.err
    for body, part in zip(counted, parts, strict=True):
        assert part["input_tokens"] >= 1000 + len(body["messages"][1]["content"]) // 100


def test_a_review_whose_part_failed_is_stored_partial_and_makes_no_sarif(
    lib: Path, provider: Provider, cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Uploaded, a SARIF file of the parts that answered would close the open alerts of the
    # files the failed part held, as if they had been reviewed and found clean.
    bug = {"severity": "high", "title": "Routes kind 0 twice", "path": "lib/mod0.py", "line": 4}
    down = Answer(status=500, error={"message": "boom", "type": "server_error"})
    provider.answers.extend([ok(findings_json(bug)), down, down])
    provider.responder = lambda _req: ok(findings_json())
    args = ("--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    out = tmp_path / "r.sarif"
    r = review(cli, lib, *args, "--concurrency", "1", "-o", str(out), provider=provider)
    assert r.code == 3, r.err
    assert not out.exists() and "part(s) 2 failed; no SARIF written" in r.err
    # The warning names the files the failed part held; its retry lines name the part.
    assert re.search(
        r"part\(s\) 2 of \d+ could not be reviewed, and their files were not: "
        r"part 2: lib/",
        r.err,
    ), r.err
    assert "part 2/" in r.err and "retrying in" in r.err
    run_id = re.search(r"run (\d+) \(repoview runs show", r.err)
    assert run_id is not None, r.err
    listed = cli("runs", env={})
    assert re.search(rf"^\s*{run_id[1]}\b.*partial", listed.out, re.M), listed.out
    shown = cli("runs", "show", run_id[1], "--format", "sarif", env={})
    assert shown.code == 2 and f"run {run_id[1]} did not review part(s) 2" in shown.err
    data = cli("runs", "show", run_id[1], "--format", "json", env={}).json()
    assert isinstance(data, dict) and data["status"] == "partial"
    assert data["findings"][0]["title"] == "Routes kind 0 twice"
    # The review's own JSON report says so too, as a script reading `-o` needs it.
    provider.answers.extend([ok(findings_json(bug)), down, down])
    report = tmp_path / "r.json"
    r = review(cli, lib, *args, "--concurrency", "1", "-o", str(report), provider=provider)
    assert r.code == 3 and json.loads(report.read_text())["status"] == "partial", r.err


def test_folders_share_parts_so_that_fewer_requests_are_paid(make_repo, cli, provider) -> None:  # type: ignore[no-untyped-def]
    # Four folders of about 0.7, 0.6, 0.4 and 0.3 of a part: joined only with the folder
    # before them they make three parts; two hold them (0.7 + 0.3 and 0.6 + 0.4).
    repo = make_repo(
        {f"{d}/mod.py": handlers(d, n) for d, n in (("a", 90), ("b", 77), ("c", 52), ("d", 39))}
    )
    args = ("--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    r = review(cli, repo, *args, "--dry-run", "--format", "json")
    assert r.code == 0, r.err
    parts = [q for q in r.json()["requests"] if q["label"].startswith("part ")]
    assert len(parts) == 2, parts
    assert "map-reduce over 2 parts" in r.err
    # A part of folders that are not neighbours names each, not the span between them.
    provider.responder = lambda _req: ok(findings_json())
    r = review(cli, repo, *args, "--format", "json", provider=provider)
    assert r.code == 0 and r.json()["status"] == "ok", r.err
    run_id = re.search(r"run (\d+) \(repoview runs show", r.err)
    assert run_id is not None, r.err
    stored = cli("runs", "show", run_id[1], "--format", "json", env={}).json()
    assert stored["status"] == "ok"  # as the review's own report says it
    slices = [p["slice"] for p in r.json()["parts"]]
    assert "a/: 1 file(s), mod.py; d/: 1 file(s), mod.py" in slices, slices
    told = [c["messages"][-1]["content"] for c in provider.chats]
    assert any("a/: 1 file(s), mod.py; d/: 1 file(s), mod.py" in t for t in told)


def test_parts_are_of_even_size_and_hold_neighbours(make_repo, cli, provider) -> None:  # type: ignore[no-untyped-def]
    # Seven modules of about 0.3 of a part each: packed each part as full as it goes, three
    # parts of 3, 3 and 1 modules (the last paid for a third of what the others carry);
    # even, 2, 2 and 3, in path order.
    repo = make_repo({f"pkg/mod{m}.py": handlers(f"m{m}", 40) for m in range(7)})
    args = ("--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    r = review(cli, repo, *args, "--dry-run", "--format", "json")
    assert r.code == 0, r.err
    parts = [q["input_tokens"] for q in r.json()["requests"] if q["label"].startswith("part ")]
    assert len(parts) == 3, parts
    assert min(parts) >= 0.6 * max(parts), parts
    provider.responder = lambda _req: ok(findings_json())
    r = review(cli, repo, *args, "--format", "json", provider=provider)
    assert r.code == 0, r.err
    slices = [p["slice"] for p in r.json()["parts"]]
    assert slices == [
        "pkg/: 2 file(s), mod0.py to mod1.py",
        "pkg/: 2 file(s), mod2.py to mod3.py",
        "pkg/: 3 file(s), mod4.py to mod6.py",
    ], slices


def test_the_map_coarsens_step_by_step_and_the_plan_names_it(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    from repoview.mapreduce import map_kind, signatures_map
    from repoview.packer import PackOptions, build_pack
    from repoview.tokens import TokenCounter

    files: dict[str, str | bytes] = {"README.md": "# Tool\n"}
    for m in range(30):  # a flat C project: every source in one folder
        files[f"src/part{m}.c"] = "".join(
            f"/* Step {k} of part {m}: what it reads, and what it answers. */\n"
            f"int part{m}_step{k}(int value, const char *name)\n{{\n"
            f"    return value * {k} + name[0];\n}}\n\n"
            for k in range(8)
        )
    for v in range(12):  # with many small folders beside it
        files[f"docs/v1.{v}/notes.md"] = f"# Notes {v}\n\nWhat changed.\n"
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo))
    counter = TokenCounter("o200k_base")
    kinds = []
    limit = 10**6
    while True:
        shared = signatures_map(pack.name, pack.files, limit, counter)
        if not shared:
            break
        kinds.append(map_kind(shared))
        if kinds[-1] == "source-file tree":  # a flat project's sources are each named
            assert all(f"part{m}.c (" in shared for m in range(30))
            assert "docs/" in shared and "notes.md" not in shared
        limit = counter.count(shared) - 1
    assert kinds == ["outlines", "signatures", "file tree", "source-file tree", "folder tree"]
    # The plan says which map the parts share.
    (repo / ".repoview.toml").write_text("[models.w8]\ncontext = 8192\n")
    r = cli(
        "review", str(repo), "--task", "bugs", "--model", "w8", "--strategy", "map-reduce",
        "--dry-run", env={"REPOVIEW_API_KEY": KEY},
    )  # fmt: skip
    assert r.code == 0, r.err
    assert re.search(
        r"map +[\d,]+ tokens \((?:outlines|signatures|[a-z-]+ tree) of the", r.out + r.err
    )


def test_a_parts_files_carry_their_role_and_imports(make_repo, cli, provider: Provider) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {
        ".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\n\n[models.w8]\ncontext = 8192\n",
        "pkg/__init__.py": "",
        "pkg/core.py": "".join(f"def step_{k}(x):\n    return x + {k}\n\n\n" for k in range(60)),
    }
    for m in range(4):
        files[f"pkg/use{m}.py"] = "from pkg.core import step_1\n\n\n" + "".join(
            f"def use_{m}_{k}(x):\n    return step_1(x) * {k}\n\n\n" for k in range(60)
        )
    repo = make_repo(files)
    provider.responder = lambda body: ok(findings_json())
    r = review(
        cli, repo, "--task", "bugs", "--model", "w8", "--strategy", "map-reduce", provider=provider
    )
    assert r.code == 0, r.err
    sent = "".join(c["messages"][1]["content"] for c in provider.chats)
    assert '<file path="pkg/use0.py" language="Python" role="source" imports="pkg/core.py"' in sent


def test_a_map_reduce_reports_pack_is_what_its_parts_carried(
    lib: Path, provider: Provider, cli
) -> None:  # type: ignore[no-untyped-def]
    provider.responder = lambda body: ok(findings_json())
    args = ("--task", "bugs", "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    r = review(cli, lib, *args, "--format", "json", provider=provider)
    assert r.code == 0, r.err
    report = json.loads(r.out)
    parts = int(report["usage"]["requests"]) - 1  # (and one merge)
    facts = report["pack"]
    # Within the parts' room, not the whole repository's size beside one request's budget.
    assert parts >= 2 and 0 < facts["tokens"] <= facts["budget"]
    assert facts["budget"] % parts == 0 and facts["budget"] // parts < 8192
