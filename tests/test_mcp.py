"""`repoview mcp`, driven over stdio by the MCP SDK's own client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import pytest

from repoview.tokens import TokenCounter

from .provider import Provider, findings_json

mcp = pytest.importorskip("mcp")
from mcp import Client  # noqa: E402
from mcp.client.stdio import StdioServerParameters  # noqa: E402

KEY = "sk-mcp-test-0123456789abcdefghij"
GH_TOKEN = "ghp_" + "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8V"


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "README.md": "# Demo\n",
        "settings.py": f'GITHUB_TOKEN = "{GH_TOKEN}"\nDEBUG = False\n',
    }
    for m in range(8):
        files[f"pkg/mod{m}.py"] = "".join(
            f"def func_{m}_{k}(value):\n    total = value * {k}\n    return total + {m}\n\n\n"
            for k in range(40)
        )
    return files


def _text(result: Any) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)


def _session(
    cwd: Path,
    *args: str,
    env: dict[str, str] | None = None,
    body: Callable[[Client], Awaitable[None]],
) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "repoview", "mcp", *args],
        cwd=cwd,
        env={k: v for k, v in {**os.environ, **(env or {})}.items()},
    )

    async def main() -> None:
        async with Client(params) as client:
            await body(client)

    anyio.run(main)


def test_pack_within_budget_then_read_and_search_the_handle(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(_files())

    async def body(client: Client) -> None:
        names = {t.name for t in (await client.list_tools()).tools}
        assert {"pack", "read_file", "search", "estimate", "review", "findings"} <= names

        small = await client.call_tool("pack", {"path": str(repo), "budget": "3000"})
        assert not small.is_error, _text(small)
        text = _text(small)
        _head, _, packed = text.partition("\n\n")
        assert "<repository" in packed and "pkg/mod0.py" in packed
        assert TokenCounter("o200k_base").count(packed) <= 3000
        assert GH_TOKEN not in packed
        assert small.structured_content is None  # (the text once, not again as a copy)
        numeric = await client.call_tool("pack", {"path": str(repo), "budget": 3000})
        assert not numeric.is_error, _text(numeric)
        assert _text(numeric).partition("\n\n")[2] == packed

        large = await client.call_tool("pack", {"path": str(repo)})
        answer = _text(large)
        assert "not shown here" in answer and "def func_" not in answer
        handle = answer.split()[1].rstrip(":")
        assert "pkg/mod7.py full " in answer and "settings.py full " in answer
        res = await client.read_resource(f"repoview://packs/{handle}/manifest")
        manifest = json.loads(res.contents[0].text)
        assert {f["path"] for f in manifest["files"]} >= {"settings.py", "pkg/mod7.py"}

        read = _text(await client.call_tool("read_file", {"path": "settings.py", "pack": handle}))
        assert "DEBUG = False" in read and GH_TOKEN not in read and "REDACTED" in read
        # A failure is an error to the client, not a file's text.
        for bad in ({"path": "../../etc/passwd"}, {"path": "settings.py", "start_line": 900}):
            missed = await client.call_tool("read_file", {**bad, "pack": handle})
            assert missed.is_error and not _text(missed).startswith("error:"), bad
        found = _text(await client.call_tool("search", {"pattern": r"def func_3_1\d\b"}))
        assert "pkg/mod3.py:" in found and found.count("\n") == 9

        est = json.loads(_text(await client.call_tool("estimate", {"path": str(repo)})))
        assert est["tokens"] == manifest["total_tokens"]
        assert any(r["model"] == "kimi-k2.6" and r["fits_in_full"] for r in est["models"])

        res = await client.read_resource(f"repoview://packs/{handle}/manifest")
        assert json.loads(res.contents[0].text)["total_tokens"] == manifest["total_tokens"]

        refused = await client.call_tool("review", {"path": str(repo)})
        assert refused.is_error and "--max-cost" in _text(refused)

        # A misspelt argument is an error, not dropped: the last pack, or a pack with no
        # budget, would come back as if asked for.
        wrong = await client.call_tool("search", {"pattern": "def", "handle": "nope"})
        assert wrong.is_error and "search takes no argument 'handle'" in _text(wrong)
        assert "pattern, pack" in _text(wrong)
        small = await client.call_tool("pack", {"path": str(repo), "budget": 100})
        assert small.is_error and "use `budget` " in _text(small), _text(small)
        assert "--budget" not in _text(small)
        unbudgeted = await client.call_tool("pack", {"path": str(repo), "budgte": "3000"})
        assert unbudgeted.is_error and "'budgte'" in _text(unbudgeted)

        # Focus globs naming more than the budget holds: the pack stays within it, and says so.
        focused = await client.call_tool(
            "pack", {"path": str(repo), "budget": "3000", "focus": ["pkg/**"]}
        )
        assert not focused.is_error, _text(focused)
        said, _, packed = _text(focused).partition("\n\n")
        assert TokenCounter("o200k_base").count(packed) <= 3000
        assert "\nwarning: focus: " in said and "of the 8 files named are in full" in said

    _session(repo, "--inline-tokens", "5000", body=body)


def test_only_the_served_repository_and_roots_are_packed_or_read(make_repo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(_files())
    system = tmp_path / "etc"  # a folder of the machine, as /etc is
    system.mkdir()
    (system / "shadow").write_text("root:$6$saltsalt$hashedpasswordvalue:20228:0:99999:7:::\n")
    others = tmp_path / "others"
    others.mkdir()
    other = make_repo({"lib.py": "def other():\n    return 1\n"}, name="others/lib")

    async def confined(client: Client) -> None:
        for path in (str(system), f"file://{other}", f"{repo}/../etc", str(other)):
            refused = await client.call_tool("pack", {"path": path})
            assert refused.is_error and "outside the folders this server serves" in _text(
                refused
            ), path
            assert "--root" in _text(refused)
        # git decodes percent-escapes and keeps `?` in a file:// path: neither slips past
        escaped = "file://" + quote(str(other), safe="")
        for path in (escaped, f"file://{repo}/x?/../../{other.relative_to(repo.parent)}"):
            refused = await client.call_tool("pack", {"path": path})
            assert refused.is_error and "file:///path" in _text(refused), path
        assert (await client.call_tool("estimate", {"path": str(system)})).is_error
        assert (await client.call_tool("findings", {"path": str(system)})).is_error
        read = await client.call_tool("read_file", {"path": "shadow"})
        assert read.is_error and "hashedpassword" not in _text(read)
        # the repository it serves, by default
        ok = await client.call_tool("pack", {"path": "."})
        assert not ok.is_error and "pkg/mod0.py" in _text(ok)

    _session(repo, "--inline-tokens", "100000", body=confined)

    # A root serves the repositories inside it: not its other folders, nor repoview's home
    # (remote caches' settings and hooks) when it lies there.
    notes = others / "notes"
    notes.mkdir()
    (notes / "env.sh").write_text("export API_TOKEN=abc\n")
    home = others / "home"

    async def with_root(client: Client) -> None:
        ok = await client.call_tool("pack", {"path": str(other)})
        assert not ok.is_error and "def other()" in _text(ok)
        assert (await client.call_tool("pack", {"path": str(system)})).is_error
        for path, said in ((notes, "is in no git repository"), (others, "no git repository")):
            refused = await client.call_tool("pack", {"path": str(path)})
            assert refused.is_error and said in _text(refused), _text(refused)
        home.mkdir(exist_ok=True)
        refused = await client.call_tool("pack", {"path": str(home)})
        assert refused.is_error and "repoview's own data folder" in _text(refused)

    _session(repo, "--root", str(others), env={"REPOVIEW_HOME": str(home)}, body=with_root)

    async def nowhere(client: Client) -> None:  # started outside any repository
        refused = await client.call_tool("pack", {"path": str(system)})
        assert refused.is_error and "--root" in _text(refused)

    _session(system, body=nowhere)


def test_review_within_the_cost_limit_and_findings_of_the_last_run(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(_files())
    finding = {
        "severity": "high",
        "category": "bug",
        "title": "Off by one",
        "path": "pkg/mod1.py",
        "line": 2,
        "body": "total is wrong",
    }
    with Provider() as provider:
        provider.answers.append(provider_answer(findings_json(finding)))
        env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": KEY}

        async def cheap(client: Client) -> None:
            refused = await client.call_tool("review", {"path": str(repo)})
            assert refused.is_error and "above --max-cost" in _text(refused)
            # what a client of the tool can change: no flag the tool does not take
            assert "--budget" not in _text(refused) and "`[review] budget`" in _text(refused)
            assert not any("chat" in json.dumps(r) for r in provider.requests)

        _session(repo, "--max-cost", "0.000001", env=env, body=cheap)

        async def allowed(client: Client) -> None:
            done = await client.call_tool("review", {"path": str(repo), "task": "bugs"})
            assert not done.is_error, _text(done)
            assert "Off by one" in _text(done)
            last = json.loads(_text(await client.call_tool("findings", {"path": str(repo)})))
            assert last["findings"][0]["title"] == "Off by one"
            runs = json.loads((await client.read_resource("repoview://runs")).contents[0].text)
            assert runs[0]["id"] == last["run"] and runs[0]["findings"] == 1

        _session(repo, "--max-cost", "5", env=env, body=allowed)
        assert len(provider.requests) == 1
        assert KEY not in json.dumps(provider.requests)
        # streamed, as the CLI's review: a long answer keeps the connection busy
        assert provider.requests[0]["stream"] is True

    other = make_repo({"lib.py": "def other():\n    return 1\n"}, name="other")

    async def elsewhere(client: Client) -> None:  # a server for another repository
        runs = json.loads((await client.read_resource("repoview://runs")).contents[0].text)
        assert runs == []  # the review of `repo` is not this server's to show
        with pytest.raises(Exception, match="no run"):
            await client.read_resource("repoview://runs/1")

    _session(other, body=elsewhere)


def provider_answer(content: str):  # type: ignore[no-untyped-def]
    from .provider import ok

    return ok(content)


def test_estimate_counts_the_tokenizer_margin_as_the_review_plan_does(make_repo) -> None:  # type: ignore[no-untyped-def]
    from repoview.registry import MODELS, reserve_for

    repo = make_repo(_files())
    kimi = next(m for m in MODELS if m.name == "kimi-k2.6")
    assert kimi.input_price is not None and kimi.output_price is not None

    async def body(client: Client) -> None:
        est = json.loads(_text(await client.call_tool("estimate", {"path": str(repo)})))
        row = next(r for r in est["models"] if r["model"] == "kimi-k2.6")
        assert row["fits_in_full"]
        # As `review --dry-run` and `--max-cost` price it: input counted 10% over the
        # o200k_base count (another tokenizer may count more), plus the full answer reserve.
        grown = int(est["tokens"] * 1.1)
        expected = (grown * kimi.input_price + reserve_for(kimi) * kimi.output_price) / 1e6
        assert row["cost_usd"] == round(expected, 4)

    _session(repo, body=body)


def test_a_large_packs_answer_stays_within_the_inline_size(make_repo) -> None:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {
        f"pkg/sub{m // 50}/mod{m}.py": f"def f{m}(x):\n    return x + {m}\n" for m in range(400)
    }
    repo = make_repo(files)

    async def body(client: Client) -> None:
        answer = _text(await client.call_tool("pack", {"path": str(repo)}))
        assert "not shown here" in answer and "repoview://packs/" in answer
        # Not the manifest (every file with its imports): a list, cut to the answer's size.
        assert TokenCounter("o200k_base").count(answer) <= 2000
        assert "files with text (400; path, tier, tokens):" in answer
        assert "more (the manifest lists them)" in answer

    _session(repo, "--inline-tokens", "2000", body=body)


def test_a_line_that_is_not_a_request_is_answered_with_json_rpcs_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import threading

    repo = make_repo({"README.md": "# Demo\n"})
    init = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "raw", "version": "1"},
        },
    }
    read_bad = {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "resources/read",
        "params": {"uri": "repoview://packs/p9/manifest"},
    }
    lines = [
        init,
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        "",  # (a blank line asks nothing: no answer)
        "this is not json",
        '{"question": 42}',
        {"jsonrpc": "2.0", "id": 7, "method": 5},  # a request with a usable id, mangled
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        read_bad,
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "repoview", "mcp"],
        cwd=repo,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        for line in lines:
            server.stdin.write((line if isinstance(line, str) else json.dumps(line)) + "\n")
        server.stdin.flush()
        answers: list[dict[str, Any]] = []
        reader = threading.Thread(
            target=lambda: answers.extend(json.loads(server.stdout.readline()) for _ in range(6)),  # type: ignore[union-attr]
            daemon=True,
        )
        reader.start()
        reader.join(timeout=60)  # stdin stays open: nothing is answered for closing it
        assert len(answers) == 6, answers
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    errors = [a["error"]["code"] for a in answers if a.get("id") is None]
    assert errors == [-32700, -32600]  # in the order the lines came, none left unanswered
    by_id = {a["id"]: a for a in answers if a.get("id") is not None}
    assert by_id[7]["error"]["code"] == -32600  # the client waiting on 7 hears of it
    assert "tools" in by_id[2]["result"]
    # A pack this session never made is a parameter that names nothing, not a server fault.
    assert by_id[3]["error"]["code"] == -32602 and "no pack yet" in by_id[3]["error"]["message"]


_OPENING = [
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "pipe", "version": "1"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
]


def _call(ident: int, tool: str, **arguments: str) -> dict[str, Any]:
    params = {"name": tool, "arguments": arguments}
    return {"jsonrpc": "2.0", "id": ident, "method": "tools/call", "params": params}


def _lines(*messages: dict[str, Any]) -> str:
    return "".join(json.dumps(m) + "\n" for m in (*_OPENING, *messages))


def _piped(repo: Path, *messages: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """`... | repoview mcp`: the opening, `messages`, then stdin closed at once."""
    return subprocess.run(
        [sys.executable, "-m", "repoview", "mcp"],
        cwd=repo,
        input=_lines(*messages),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_requests_still_running_when_stdin_closes_are_answered(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": "# Demo\n", "app.py": "def main():\n    return 1\n"})
    done = _piped(repo, _call(2, "pack", path=str(repo)))
    assert done.returncode == 0, done.stderr
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert sorted(answers) == [1, 2]
    assert "def main():" in answers[2]["result"]["content"][0]["text"]


def test_a_cancelled_request_or_a_client_gone_ends_the_server(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": "# Demo\n", "app.py": "def main():\n    return 1\n"})
    call = _call(2, "pack", path=str(repo))
    # A request the client cancels gets no answer (MCP): the server does not wait for one.
    cancel = {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 2}}
    done = _piped(repo, call, cancel)
    assert done.returncode == 0, done.stderr
    # A client that closes both ends: the server stops quietly, no internal error.
    server = subprocess.Popen(
        [sys.executable, "-m", "repoview", "mcp"],
        cwd=repo,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(_lines(call))
    server.stdin.flush()
    assert json.loads(server.stdout.readline())["id"] == 1
    server.stdout.close()
    server.stdin.close()
    assert server.wait(timeout=60) == 0
    assert server.stderr is not None and "internal error" not in server.stderr.read()


def test_a_tool_error_is_the_answer_not_a_log_line(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"README.md": "# Demo\n"})
    done = _piped(repo, _call(2, "read_file", pack="nope", path="x"))
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert "no pack" in json.dumps(answers[2])  # the client hears of it...
    assert done.stderr == ""  # ...and the terminal running the server is not written to


def test_a_read_sent_right_behind_its_pack_waits_for_it(make_repo) -> None:  # type: ignore[no-untyped-def]
    # A client that pipelines: `pack`, then at once `read_file` and `search` of the last pack.
    files = {"README.md": "# Demo\n", "app.py": "def main():\n    return 1\n"}
    for i in range(300):  # (a pack that takes a moment, so the reads arrive while it runs)
        files[f"lib/m{i}.py"] = f"def f{i}(x):\n    return x + {i}\n"
    repo = make_repo(files)
    done = _piped(
        repo,
        _call(2, "pack", path=str(repo)),
        _call(3, "read_file", path="app.py"),
        _call(4, "search", pattern="return x \\+ 299"),
    )
    assert done.returncode == 0, done.stderr
    answers = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert sorted(answers) == [1, 2, 3, 4]
    assert "def main():" in answers[3]["result"]["content"][0]["text"], answers[3]
    assert "lib/m299.py" in answers[4]["result"]["content"][0]["text"], answers[4]


def test_a_read_waits_for_a_pack_read_before_it_though_its_tool_has_not_started(  # type: ignore[no-untyped-def]
    make_repo,
) -> None:
    import threading

    from repoview.mcp_server import _Answered, _Packs
    from repoview.packer import PackOptions, build_pack
    from repoview.tokens import TokenCounter

    packs = _Packs(4)
    answered = _Answered(None, packs)
    # The `pack` request is read; its tool, in a thread of its own, has not started yet when
    # the `read_file` behind it asks for the last pack.
    answered.asked(2, packing=True)
    got: dict[str, str] = {}

    def read() -> None:
        try:
            got["handle"] = packs.get(None)[0]
        except Exception as exc:  # (what the client would be answered)
            got["error"] = str(exc)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(0.5)
    assert reader.is_alive() and not got  # it waits, rather than "no pack yet"
    pack = build_pack(PackOptions(path=make_repo({"app.py": "def main():\n    return 1\n"})))
    handle = packs.add(pack, TokenCounter(pack.encoding), 4096)
    answered.settled(2)  # the pack's answer goes out
    reader.join(10)
    assert got == {"handle": handle}
    # With no pack asked for, a read is told at once.
    with pytest.raises(Exception, match="no pack yet"):
        _Packs(4).get(None)
