"""Beyond one window: the model reads what the budget left out, and map-reduce reviews."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from repoview.tokens import load_encoding

from .provider import Answer, Provider, findings_json, ok

KEY = "sk-tools-test-0123456789abcdefghij"


def body_lines(n: int, tag: str) -> str:
    return "".join(f"    value = value + {i}  # {tag} step {i}\n" for i in range(n))


@pytest.fixture
def big(make_repo) -> Path:
    files: dict[str, str | bytes] = {
        "README.md": "# Big\n",
        ".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\ntool_calls = 3\ntool_total = 3000\n",
    }
    for m in range(12):
        files[f"pkg/mod{m}.py"] = "".join(
            f'def func_{m}_{k}(value):\n    """Doc {m}.{k}."""\n{body_lines(30, f"m{m}k{k}")}'
            "    return value\n\n\n"
            for k in range(4)
        )
    return make_repo(files)


def review(cli, repo: Path, provider: Provider, *args: str):  # type: ignore[no-untyped-def]
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    return cli("review", str(repo), "--task", "bugs", "--format", "json", *args, env=env)


def tool_call(name: str, args: dict[str, object], cid: str = "call_1") -> dict[str, object]:
    return {
        "id": cid,
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(args)},
    }


def outlined(request: dict) -> str:  # type: ignore[type-arg]
    """A file the pack shows as an outline, from the request's pack."""
    user = request["messages"][1]["content"]
    m = re.search(r'<file path="([^"]+\.py)"[^>]* mode="compressed"', user)
    assert m, "the pack should have an outline at this budget"
    return m.group(1)


def test_model_reads_a_compressed_file(big: Path, provider: Provider, cli) -> None:
    state: dict[str, str] = {}

    def responder(req):  # type: ignore[no-untyped-def]
        if len(provider.chats) == 1:
            state["path"] = outlined(req)
            return ok(
                "",
                tool_calls=[
                    tool_call("read_file", {"path": state["path"], "start_line": 1, "end_line": 12})
                ],
            )
        return ok(
            findings_json({"severity": "low", "title": "seen", "path": state["path"], "line": 3})
        )

    provider.responder = responder
    r = review(cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000")
    assert r.code == 0, r.err
    first, second = provider.chats
    assert first["tools"][0]["function"]["name"] == "read_file" and first["tool_choice"] == "auto"
    tool_msgs = [m for m in second["messages"] if m["role"] == "tool"]
    assert tool_msgs and "step 0" in tool_msgs[0]["content"]  # the body the outline elided
    assert second["messages"][-2]["tool_calls"][0]["id"] == "call_1"
    report = json.loads(r.out)
    assert report["tools_used"] == [f"read_file {state['path']}:1-12"]
    assert report["findings"][0]["title"] == "seen"


def test_paths_outside_the_repository_get_a_tool_error(big: Path, provider: Provider, cli) -> None:
    (big.parent / "secret.txt").write_text("OUTSIDE\n")
    calls = [
        tool_call("read_file", {"path": "../secret.txt"}, "a"),
        tool_call("read_file", {"path": "pkg/mod1.py", "start_line": 900}, "b"),
        tool_call("search", {"pattern": "def func_3_1("}, "c"),
    ]
    provider.answers += [
        ok("", tool_calls=calls),
        ok("", tool_calls=[tool_call("read_file", {"path": "/etc/passwd"}, "d")]),
        ok(findings_json()),
    ]
    r = review(cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000")
    assert r.code == 0, r.err
    results = [m["content"] for m in provider.chats[2]["messages"] if m["role"] == "tool"]
    assert results[0].startswith("error: no file") and results[1].startswith("error: bad range")
    # not a regular expression: searched for as written, and RE2 says nothing on stderr
    assert results[2].startswith("note: not a regular expression")
    assert results[2].endswith("\npkg/mod3.py:36: def func_3_1(value):")
    assert "re2.cc" not in r.err and "Error parsing" not in r.err
    assert results[3].startswith(("error: no file", "error: the tool limit"))
    assert all("OUTSIDE" not in t and "root:" not in t for t in results)


def test_call_limit_stops_a_model_that_never_stops(big: Path, provider: Provider, cli) -> None:
    def responder(req):  # type: ignore[no-untyped-def]
        if "tools" in req:
            n = len(provider.chats)
            return ok(
                "",
                tool_calls=[
                    tool_call("search", {"pattern": "return value"}, f"c{n}a"),
                    tool_call("search", {"pattern": "value"}, f"c{n}b"),
                ],
            )
        return ok(findings_json(summary="Gave up asking."))

    provider.responder = responder
    r = review(cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000")
    assert r.code == 0, r.err
    # 3 calls allowed: two in the first round, one in the second (its other one refused),
    # then one request without tools for the answer.
    assert len(provider.chats) == 3
    assert "tools" not in provider.chats[-1]
    report = json.loads(r.out)
    assert report["summary"] == "Gave up asking."
    refused = [m["content"] for m in provider.chats[-1]["messages"] if m["role"] == "tool"][-1]
    assert "tool limit" in refused
    assert report["usage"]["requests"] == 3
    assert report["estimated_cost_usd"] >= report["cost_usd"] > 0


def test_tool_rounds_are_bounded_and_estimated(big: Path, provider: Provider, cli) -> None:
    """Each tool round resends the conversation: the estimate counts every round."""

    def responder(req):  # type: ignore[no-untyped-def]
        if "tools" in req:
            return ok(
                "",
                tool_calls=[
                    tool_call(
                        "read_file",
                        {"path": "pkg/mod1.py", "end_line": 3},
                        f"c{len(provider.chats)}",
                    )
                ],
            )
        return ok(findings_json())

    provider.responder = responder
    cfg = big / ".repoview.toml"
    cfg.write_text(cfg.read_text().replace("tool_calls = 3", "tool_calls = 10"))
    plan = review(
        cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000", "--dry-run"
    )
    assert plan.code == 0 and not provider.chats
    requests = plan.json()["requests"]  # type: ignore[index]
    assert [q["optional"] for q in requests] == [False, True, True, True]
    planned = [q["input_tokens"] for q in requests]
    r = review(cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000")
    assert r.code == 0, r.err
    assert len(provider.chats) == 4 and "tools" not in provider.chats[-1]  # 3 rounds, 1 answer
    report = json.loads(r.out)
    sent = [q["input_tokens"] for q in report["usage"]["per_request"]]
    labels = [q["label"] for q in report["usage"]["per_request"]]
    assert labels == ["review", "after round 1", "after round 2", "answer"]
    assert [q["label"] for q in requests][:3] == labels[:3]  # as the plan named them
    assert len(planned) == 4 and all(s <= p for s, p in zip(sent, planned, strict=True))
    assert report["estimated_cost_usd"] >= report["cost_usd"]


def test_no_tools_flag(big: Path, provider: Provider, cli) -> None:
    provider.answers.append(ok(findings_json()))
    r = review(cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000", "--no-tools")
    assert r.code == 0 and "tools" not in provider.chats[0]


def map_responder(req):  # type: ignore[no-untyped-def]
    """Parts report a finding at the first file they show; the merge writes a summary."""
    user = req["messages"][1]["content"]
    m = re.search(r"This is part (\d+) of (\d+)", user)
    if m:
        first = re.search(r'<file path="([^"]+\.(?:py|js))"([^>]*)>', user)
        assert first
        start = re.search(r'lines="(\d+)-', first.group(2))
        line = int(start.group(1) if start else 1) + 1
        return ok(
            findings_json(
                {
                    "severity": "medium",
                    "title": f"issue in part {m.group(1)}",
                    "path": first.group(1),
                    "line": line,
                }
            )
        )
    reports = json.loads(user.split("Partial reports:\n\n", 1)[1].split("\n\n# Task")[0])
    return ok(json.dumps({"summary": f"merged {len(reports) - 1} parts"}))


def within_window(chats: list[dict], window: int) -> None:  # type: ignore[type-arg]
    enc = load_encoding("o200k_base")
    for req in chats:
        sent = sum(len(enc.encode_ordinary(m["content"])) for m in req["messages"])
        assert sent + req["max_tokens"] <= window, sent


def test_map_reduce_only_when_asked(big: Path, provider: Provider, cli) -> None:
    provider.responder = map_responder
    single = review(cli, big, provider, "--model", "moonshot-v1-8k", "--dry-run")
    assert single.code == 0 and single.json()["strategy"] == "single" and not provider.chats  # type: ignore[index]
    plan = review(
        cli, big, provider, "--model", "moonshot-v1-8k", "--strategy", "map-reduce", "--dry-run"
    )
    assert "map-reduce over" in plan.err and not provider.chats
    r = review(cli, big, provider, "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    assert r.code == 0, r.err
    parts = int(re.search(r"map-reduce over (\d+) parts", r.err).group(1))
    assert parts >= 3 and len(provider.chats) == parts + 1  # N parts, one merge
    within_window(provider.chats, 8192)
    first = provider.chats[0]["messages"][1]["content"]
    # Every file, in the map's tree: their outlines, sent with each part, would add a third
    # to the files the parts carry; the map says it is a tree, not outlines.
    assert "The whole repository's files (a tree" in first
    assert "Signatures of the whole repository" not in first
    assert all(f"mod{m}.py (" in first for m in range(12))
    report = json.loads(r.out)
    assert report["strategy"] == "map-reduce" and report["summary"] == f"merged {parts} parts"
    assert len({f["title"] for f in report["findings"]}) == parts
    assert report["estimated_cost_usd"] >= report["cost_usd"] > 0
    assert report["usage"]["requests"] == parts + 1


def test_map_reduce_cuts_a_large_file_at_definitions(make_repo, provider: Provider, cli) -> None:
    body = "".join(
        f'def handler_{k}(event):\n    """Handle kind {k}."""\n'
        + body_lines(12, f"h{k}")
        + "    return value\n\n\n"
        for k in range(60)
    )
    repo = make_repo(
        {
            "svc/big.py": body,
            "svc/small.py": "def ok():\n    return 1\n",
            ".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\n",
        }
    )
    from repoview.packer import PackOptions, build_pack

    assert build_pack(PackOptions(path=repo)).total_tokens > 10_000
    provider.responder = map_responder
    r = review(cli, repo, provider, "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    assert r.code == 0, r.err
    within_window(provider.chats, 8192)
    parts = [c["messages"][1]["content"] for c in provider.chats[:-1]]
    assert len(parts) >= 2
    lines = body.splitlines()
    for user in parts:
        for m in re.finditer(r'<file path="svc/big.py"[^>]* lines="(\d+)-(\d+)"', user):
            start = int(m.group(1))
            assert lines[start - 1].startswith("def handler_")  # cut at a definition
            assert f"{start}| {lines[start - 1]}" in user  # numbered as in the file
    report = json.loads(r.out)
    found = {(f["path"], f["line"]) for f in report["findings"]}
    assert len(found) >= 2 and all(p == "svc/big.py" or p == "svc/small.py" for p, _ in found)
    assert all(lines[line - 2].startswith("def handler_") for p, line in found if p == "svc/big.py")
    assert report["estimated_cost_usd"] >= report["cost_usd"] > 0


def test_a_failed_part_is_named_not_fatal(big: Path, provider: Provider, cli) -> None:
    def responder(req):  # type: ignore[no-untyped-def]
        user = req["messages"][1]["content"]
        if "This is part 2 of" in user:
            return Answer(status=500, error={"message": "part two is cursed"})
        return ok(findings_json())

    provider.responder = responder
    r = review(cli, big, provider, "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    # The report is written; the exit says what part 2 held was not reviewed (no pass).
    assert r.code == 3, r.err
    report = json.loads(r.out)
    assert any("part(s) 2 of" in w for w in report["warnings"])
    assert [p["ok"] for p in report["parts"]][1] is False


def test_a_pack_that_fits_keeps_the_whole_budget(big: Path, provider: Provider, cli) -> None:
    from repoview.packer import PackOptions, build_pack

    size = build_pack(PackOptions(path=big)).total_tokens
    provider.answers.append(ok(findings_json()))
    # It fits the budget but not the budget less the room kept for tool answers: no room
    # is kept, since a complete pack needs no tools.
    r = review(cli, big, provider, "--model", "moonshot-v1-128k", "--budget", str(size + 500))
    assert r.code == 0, r.err
    request = provider.chats[0]
    assert "tools" not in request and 'mode="' not in request["messages"][1]["content"]


def test_a_change_is_reviewed_in_one_request_even_in_a_large_repository(
    big: Path, provider: Provider, cli
) -> None:
    from .conftest import git

    base = git(big, "rev-parse", "HEAD").strip()
    (big / "pkg" / "mod3.py").write_text("def changed():\n    return 1\n")
    git(big, "commit", "-qam", "change")
    provider.answers.append(ok(findings_json()))
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    r = cli(
        "review",
        str(big),
        "--task",
        "diff",
        "--diff",
        f"{base}..HEAD",
        "--model",
        "moonshot-v1-8k",
        "--format",
        "json",
        env=env,
    )
    assert r.code == 0, r.err
    assert len(provider.chats) == 1 and "map-reduce" not in r.err
    assert "+    return 1" in provider.chats[0]["messages"][1]["content"]


def test_sixty_one_files_on_a_32k_model_take_one_request_with_tools(
    make_repo, provider: Provider, cli
) -> None:
    files: dict[str, str | bytes] = {".repoview.toml": "[review]\nretries = 1\nbackoff = 0.05\n"}
    for m in range(60):
        files[f"app/part{m:02}.py"] = "".join(
            f'def step_{m}_{k}(value):\n    """Step {m}.{k}."""\n{body_lines(12, f"p{m}k{k}")}'
            "    return value\n\n\n"
            for k in range(3)
        )
    repo = make_repo(files)
    state: dict[str, str] = {}

    def responder(req):  # type: ignore[no-untyped-def]
        if "tools" in req and not state:
            state["path"] = outlined(req)
            return ok("", tool_calls=[tool_call("read_file", {"path": state["path"]})])
        return ok(
            findings_json({"severity": "low", "title": "seen", "path": state["path"], "line": 4})
        )

    provider.responder = responder
    plan = review(cli, repo, provider, "--model", "moonshot-v1-32k", "--dry-run")
    requests = plan.json()["requests"]  # type: ignore[index]
    assert [q["optional"] for q in requests][:1] == [False] and all(
        q["optional"] for q in requests[1:]
    )
    r = review(cli, repo, provider, "--model", "moonshot-v1-32k")
    assert r.code == 0, r.err
    first, second = provider.chats  # one review request, one after the file was read
    assert "tools" in first
    answer = next(m["content"] for m in second["messages"] if m["role"] == "tool")
    assert "step 11" in answer  # a body line the outline elided
    within_window(provider.chats, 32768)
    report = json.loads(r.out)
    assert report["findings"][0]["path"] == state["path"]
    assert report["estimated_cost_usd"] >= report["cost_usd"]


def test_definition_ranges_cut_at_top_level_definitions() -> None:
    from repoview.mapreduce import definition_ranges

    text = "".join(f"def f{k}():\n" + "    x = 1\n" * 8 + "\n" for k in range(10))
    lines = text.splitlines()
    ranges = definition_ranges(text, 60, lambda s: len(s.split()))
    assert ranges[0][0] == 1 and ranges[-1][1] == len(lines)
    assert all(b + 1 == a for (_, b), (a, _) in itertools.pairwise(ranges))
    assert all(lines[a - 1].startswith("def f") for a, _ in ranges)
    assert all(
        sum(len(f"{i}| {lines[i - 1]}".split()) for i in range(a, b + 1)) <= 60 for a, b in ranges
    )
    # A single definition larger than the capacity is cut between lines, not refused.
    huge = "def big():\n" + "    y = 2\n" * 100
    cut = definition_ranges(huge, 40, lambda s: len(s.split()))
    assert len(cut) > 1 and cut[-1][1] == 101


def test_dedupe_keeps_one_finding_per_place() -> None:
    from repoview.findings import Finding
    from repoview.mapreduce import dedupe

    a = Finding("medium", "bug", "File handle leaked in load", "app.py", 5)
    b = Finding("high", "bug", "File handle leaked in load()", "app.py", 6)
    c = Finding("low", "bug", "Unrelated problem elsewhere", "app.py", 40)
    d = Finding("medium", "bug", "File handle leaked in load", "lib.py", 5)
    kept = dedupe([a, b, c, d])
    # a and b are one problem (the more severe report stays); d is the same title elsewhere.
    assert [(f.path, f.line, f.severity) for f in kept] == [
        ("app.py", 6, "high"),
        ("lib.py", 5, "medium"),
        ("app.py", 40, "low"),
    ]


def test_map_reduce_of_a_change_sends_the_change_to_every_part(
    big: Path, provider: Provider, cli
) -> None:
    from .conftest import git

    base = git(big, "rev-parse", "HEAD").strip()
    (big / "pkg" / "mod3.py").write_text("def changed():\n    return 12345\n")
    git(big, "commit", "-qam", "change")
    provider.responder = map_responder
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    r = cli(
        "review",
        str(big),
        "--task",
        "diff",
        "--diff",
        f"{base}..HEAD",
        "--model",
        "moonshot-v1-8k",
        "--strategy",
        "map-reduce",
        "--format",
        "json",
        env=env,
    )
    assert r.code == 0, r.err
    parts = [c["messages"][1]["content"] for c in provider.chats[:-1]]
    assert len(parts) >= 2 and all("+    return 12345" in p for p in parts)
    within_window(provider.chats, 8192)


def test_map_reduce_with_a_provider_that_reports_no_usage(
    big: Path, provider: Provider, cli
) -> None:
    def responder(req):  # type: ignore[no-untyped-def]
        answer = map_responder(req)
        answer.no_usage = True
        return answer

    provider.responder = responder
    r = review(cli, big, provider, "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    assert r.code == 0, r.err
    usage = json.loads(r.out)["usage"]
    enc = load_encoding("o200k_base")
    sent = sum(
        len(enc.encode_ordinary(m["content"])) for c in provider.chats for m in c["messages"]
    )
    assert usage["estimated_requests"] == len(provider.chats) >= 3
    assert abs(usage["input_tokens"] - sent) <= sent * 0.10


def test_max_cost_takes_tool_rounds_before_refusing(big: Path, provider: Provider, cli) -> None:
    plan = review(
        cli, big, provider, "--model", "moonshot-v1-32k", "--budget", "12000", "--dry-run"
    ).json()
    one = plan["estimated_cost_without_optional_usd"]  # type: ignore[index]
    assert plan["estimated_cost_usd"] > one  # type: ignore[index]

    def responder(req):  # type: ignore[no-untyped-def]
        if "tools" in req:
            return ok("", tool_calls=[tool_call("search", {"pattern": "value"})])
        return ok(findings_json())

    provider.responder = responder
    r = review(
        cli,
        big,
        provider,
        "--model",
        "moonshot-v1-32k",
        "--budget",
        "12000",
        "--max-cost",
        str(one * 1.01),
    )
    assert r.code == 0, r.err
    assert len(provider.chats) == 1 and "tools" not in provider.chats[0]  # within the limit
    assert json.loads(r.out)["cost_usd"] <= one * 1.01
    # The plan the user is shown is the one that runs: no reads promised.
    assert "review: within --max-cost: " in r.err
    assert "more request(s)" not in r.err.split("within --max-cost: ")[1]


def test_max_cost_without_tool_rounds_gives_their_room_to_the_pack(
    big: Path, provider: Provider, cli
) -> None:
    plan = review(cli, big, provider, "--model", "moonshot-v1-32k", "--dry-run").json()
    one = plan["estimated_cost_without_optional_usd"]  # type: ignore[index]
    first = plan["requests"][0]["input_tokens"]  # type: ignore[index]
    assert plan["estimated_cost_usd"] > 2 * one  # type: ignore[index]
    provider.responder = lambda req: ok(findings_json())
    r = review(cli, big, provider, "--model", "moonshot-v1-32k", "--max-cost", str(2 * one))
    assert r.code == 0, r.err
    assert len(provider.chats) == 1 and "tools" not in provider.chats[0]
    # the room kept for the model's reads went to the pack: more of the repository is shown
    enc = load_encoding("o200k_base")
    sent = sum(len(enc.encode_ordinary(m["content"])) for m in provider.chats[0]["messages"])
    assert sent > first * 1.1


def test_map_reduce_cuts_a_minified_line_rather_than_refusing(
    make_repo, provider: Provider, cli
) -> None:
    minified = "var a=[" + ",".join(f'"item{i}-{i * 7919 % 10007}"' for i in range(2500)) + "];\n"
    repo = make_repo(
        {
            "web/bundle.js": minified,
            "web/main.js": "export const x = 1;\n",
            # minified code is left out by default, and out of a bug review's parts (it is
            # data): this review asks for it
            ".repoview.toml": "default_excludes = false\n[review]\nretries = 1\nbackoff = 0.05\n"
            'focus = "breadth"\n',
        }
    )
    provider.responder = map_responder
    r = review(cli, repo, provider, "--model", "moonshot-v1-8k", "--strategy", "map-reduce")
    assert r.code == 0, r.err
    assert len(provider.chats) >= 3  # the line in two parts or more, and the merge
    within_window(provider.chats, 8192)


def test_the_dry_run_accounts_for_every_token_kept_from_the_pack(
    big: Path, provider: Provider, cli
) -> None:
    r = review(cli, big, provider, "--model", "moonshot-v1-8k", "--dry-run", "--format", "markdown")
    assert r.code == 0, r.err
    line = next(x for x in r.out.splitlines() if x.lstrip().startswith("pack "))
    found = re.search(
        r"([\d,]+) tokens of ([\d,]+) \(the budget ([\d,]+) less ([\d,]+) for the task's text"
        r" and ([\d,]+) for tool answers and calls\)",
        line,
    )
    assert found, line
    shown, room, budget, text, tools = (int(g.replace(",", "")) for g in found.groups())
    assert room == budget - text - tools and shown <= room
    first = int(re.search(r"review\s+([\d,]+) in", r.out).group(1).replace(",", ""))
    # What the request adds to the pack is the text it names (and the seam between them).
    assert 0 <= first - shown - text <= 2


def test_a_budget_below_the_window_is_the_packs_to_fill(big: Path, provider: Provider, cli) -> None:
    # The window holds the tools' answers beside a small pack: none of --budget goes to them
    # (a --budget of 20k on a 128k model packed 10k, the rest kept for answers the window
    # had room for anyway).
    args = ("--model", "moonshot-v1-128k", "--budget", "6000", "--dry-run", "--format", "markdown")
    r = review(cli, big, provider, *args)
    assert r.code == 0, r.err
    assert "tools (room kept:" in r.out  # (the pack is incomplete: the model may read files)
    line = next(x for x in r.out.splitlines() if x.lstrip().startswith("pack "))
    found = re.search(r"([\d,]+) tokens of ([\d,]+) \(--budget 6,000; ", line)
    assert found, line
    shown, room = (int(g.replace(",", "")) for g in found.groups())
    assert room == 6000 and 0.9 * room <= shown <= room, line


def test_a_diff_review_reads_the_files_of_the_change_at_its_head(
    big: Path, provider: Provider, cli
) -> None:
    from .conftest import git

    base = git(big, "rev-parse", "HEAD").strip()
    (big / "pkg" / "added.py").write_text("def added():\n    return 'ADDED BY THE CHANGE'\n")
    with (big / "pkg" / "mod3.py").open("a") as f:
        f.write("\n\ndef appended():\n    return 'APPENDED BY THE CHANGE'\n")
    git(big, "add", "-A")
    git(big, "commit", "-qm", "change")
    calls = [
        tool_call("read_file", {"path": "pkg/added.py"}, "a"),
        tool_call("search", {"pattern": "BY THE CHANGE"}, "b"),
    ]
    provider.answers += [ok("", tool_calls=calls), ok(findings_json())]
    env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}
    r = cli(
        "review",
        str(big),
        "--task",
        "diff",
        "--diff",
        f"{base}..HEAD",
        "--model",
        "moonshot-v1-32k",
        "--budget",
        "12000",
        "--format",
        "json",
        env=env,
    )
    assert r.code == 0, r.err
    assert "tools" in provider.chats[0]
    read, found = [m["content"] for m in provider.chats[1]["messages"] if m["role"] == "tool"]
    assert "2| " in read and "ADDED BY THE CHANGE" in read
    assert "pkg/added.py:2:" in found and "APPENDED BY THE CHANGE" in found


def test_the_tools_redact_a_listed_files_secrets_wherever_they_stand(make_repo) -> None:
    # A fixture's password, asserted again by the test below it: the pack redacts both (the
    # second as a value it knows); a budget that lists the file left both to the tools,
    # which sent the second in clear (to the provider in a review, to an agent over MCP).
    from repoview.packer import PackOptions, build_pack
    from repoview.tokens import TokenCounter
    from repoview.toolloop import Limits, Toolbox

    password = "Zx9qLp2vRt7mWkB4"
    files: dict[str, str | bytes] = {
        f"pkg/mod{m}.py": "".join(
            f"def func_{m}_{k}(value):\n{body_lines(30, f'm{m}k{k}')}    return value\n\n\n"
            for k in range(4)
        )
        for m in range(40)
    }
    files["tests/fixtures/accounts.py"] = (
        f'ADMIN = {{"user": "admin", "password": "{password}"}}\n\n\n'
        "def test_admin():\n"
        f'    assert ADMIN["password"] == "{password}"\n'
        + "".join(f"\n\ndef test_case_{i}():\n{body_lines(20, f't{i}')}" for i in range(10))
    )
    # a note elsewhere quoting it, in a file the budget lists too
    files["docs/notes.txt"] = f"the admin account: {password}\n" + "words " * 2000
    repo = make_repo(files)
    pack = build_pack(PackOptions(path=repo, budget=2_000, cache=False))
    modes = {f.path: f.mode for f in pack.files}
    assert modes["tests/fixtures/accounts.py"] == "listed" and password not in pack.output
    box = Toolbox(pack.files, pack.excluded, TokenCounter(pack.encoding), Limits())
    read = box.call("read_file", json.dumps({"path": "tests/fixtures/accounts.py"}))
    assert password not in read and read.count("[REDACTED:") == 2, read
    found = box.call("search", json.dumps({"pattern": "admin"}))
    assert "docs/notes.txt:1" in found and password not in found, found
