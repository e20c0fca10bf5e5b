"""The web report: routes and security rules with Flask's test client, and a real headless
Chromium driving a review end to end against the provider stand-in."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from repoview.webui import create_app

from .provider import Provider, findings_json, ok

KEY = "sk-web-secret-0123456789abcdefghij"
FILES = {
    "src/app.py": "from src import util\n\n\ndef main():\n    return util.helper()\n",
    "src/util.py": "def helper():\n    return 42\n",
    "src/config.py": 'API_TOKEN = "ghp_' + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5" + '"\n',
    "README.md": "# Web demo\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\0\0\0",
}


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(FILES)


def make_app(
    repo: Path,
    provider: Provider | None = None,
    home: Path | None = None,  # type: ignore[no-untyped-def]
    **config,
):
    env = {**os.environ, "REPOVIEW_API_KEY": KEY}
    if provider is not None:
        env["REPOVIEW_BASE_URL"] = provider.url
    return create_app(
        {
            "REPOS": [str(repo)],
            "ALLOWED_HOSTS": {"127.0.0.1:8765"},
            "ENV_VARS": env,
            "HOME": home,
            "TESTING": True,
            **{k.upper(): v for k, v in config.items()},
        }
    )


def get(client, url: str):  # type: ignore[no-untyped-def]
    return client.get(url, headers={"Host": "127.0.0.1:8765"})


def rid_of(app) -> str:  # type: ignore[no-untyped-def]
    return next(iter(app.extensions["repoview"].repos))


def test_overview_shows_the_pack(repo: Path) -> None:
    app = make_app(repo)
    client = app.test_client()
    home = get(client, "/")
    assert home.status_code == 200 and repo.name in home.text
    page = get(client, f"/r/{rid_of(app)}/")
    assert page.status_code == 200
    text = page.text
    assert '<svg class="treemap"' in text and "src/ · " in text
    assert 'data-model="kimi-k2.6"' in text and "What kimi-k2.6 sees" in text
    assert re.search(
        r'data-reason="default"><summary>default: 1</summary>\s*<ul class="plain"><li>logo.png</li>',
        text,
    )
    assert "src/config.py: 1" in text  # one secret redacted there
    assert "Python" in text and "src/app.py" in text
    inner = get(client, f"/r/{rid_of(app)}/?dir=src/")
    assert inner.status_code == 200 and "util.py" in inner.text


def test_file_view_with_highlighting_anchors_and_imports(repo: Path) -> None:
    app = make_app(repo)
    client = app.test_client()
    page = get(client, f"/r/{rid_of(app)}/file/src/app.py")
    assert page.status_code == 200
    assert 'id="L-4"' in page.text and "highlight" in page.text
    assert f'href="/r/{rid_of(app)}/file/src/util.py"' in page.text  # imports
    secret = get(client, f"/r/{rid_of(app)}/file/src/config.py")
    assert "[REDACTED:github-token]" in secret.text and "aB3dE5gH7jK9" not in secret.text


def test_a_listed_files_page_redacts_a_value_another_line_gives_away(make_repo) -> None:
    # A budget that lists the fixture leaves it unscanned by the pack; its page redacted
    # the line that assigns the password and showed the test's assertion of it in clear.
    password = "Zx9qLp2vRt7mWkB4"
    step = "".join(f"    value = value + {i}\n" for i in range(30))
    files = {
        f"pkg/mod{m}.py": "".join(
            f"def f{m}_{k}(value):\n{step}    return value\n\n\n" for k in range(4)
        )
        for m in range(40)
    }
    files["tests/fixtures/accounts.py"] = (
        f'ADMIN = {{"user": "admin", "password": "{password}"}}\n\n\ndef test_admin():\n'
        f'    assert ADMIN["password"] == "{password}"\n'
        + "".join(f"\n\ndef test_{i}(value):\n{step}" for i in range(10))
    )
    app = make_app(make_repo(files))
    rid = rid_of(app)
    page = get(app.test_client(), f"/r/{rid}/file/tests/fixtures/accounts.py?budget=2k")
    assert page.status_code == 200 and "listed" in page.text.lower()
    assert password not in page.text and page.text.count("REDACTED") >= 2


@pytest.mark.parametrize(
    "path",
    [
        "../../../../etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e/%2e%2e/etc/passwd",
        "/etc/passwd",
        "src/../../outside.txt",
        "src%2f..%2f..%2foutside.txt",
        "..\\..\\outside.txt",
        "%252e%252e%252foutside.txt",
        "src/app.py%00.txt",
        "logo.png",
    ],
)
def test_no_file_outside_the_pack_is_served(repo: Path, path: str) -> None:
    (repo.parent / "outside.txt").write_text("OUTSIDE SECRET\n")
    app = make_app(repo)
    r = app.test_client().get(
        f"/r/{rid_of(app)}/file/{path}", follow_redirects=True, headers={"Host": "127.0.0.1:8765"}
    )
    assert r.status_code == 404 and "OUTSIDE SECRET" not in r.text and "root:" not in r.text


def test_foreign_host_header_is_refused(repo: Path) -> None:
    app = make_app(repo)
    r = app.test_client().get("/", headers={"Host": "evil.example:8765"})
    assert r.status_code == 403 and "DNS rebinding" in r.text


def test_another_sites_page_cannot_post_even_with_the_token(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    app = make_app(repo, root=tmp_path)
    client = app.test_client()
    data = {"path": str(other), "csrf_token": app.config["CSRF_TOKEN"]}
    for foreign in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        r = client.post("/repos", data=data, headers={"Host": "127.0.0.1:8765", **foreign})
        assert r.status_code == 403 and "another site" in r.text
    same = {"Host": "127.0.0.1:8765", "Origin": "http://127.0.0.1:8765"}
    assert client.post("/repos", data=data, headers=same).status_code == 302


def test_state_changes_need_the_csrf_token(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    app = make_app(repo, root=tmp_path)
    client = app.test_client()
    headers = {"Host": "127.0.0.1:8765"}
    assert client.post("/repos", data={"path": str(other)}, headers=headers).status_code == 403
    bad = client.post("/repos", data={"path": str(other), "csrf_token": "nope"}, headers=headers)
    assert bad.status_code == 403
    token = app.config["CSRF_TOKEN"]
    assert f'value="{token}"' in get(client, "/").text
    good = client.post("/repos", data={"path": str(other), "csrf_token": token}, headers=headers)
    assert good.status_code == 302 and "/r/" in good.headers["Location"]
    missing = client.post(
        "/repos", data={"path": str(tmp_path / "nope"), "csrf_token": token}, headers=headers
    )
    assert "does+not+exist" in missing.headers["Location"]


def test_security_headers_and_no_key_anywhere(repo: Path) -> None:
    app = make_app(repo)
    client = app.test_client()
    for url in (
        "/",
        f"/r/{rid_of(app)}/",
        f"/r/{rid_of(app)}/file/src/app.py",
        "/static/app.js",
        "/static/pygments.css",
    ):
        r = get(client, url)
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and r.headers["X-Content-Type-Options"] == "nosniff"
        assert KEY not in r.text
        if url.endswith((".js", ".css")):
            continue
        assert "<script>" not in r.text and " onclick=" not in r.text


def wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_reviews_run_once_at_a_time_and_survive_a_restart(
    repo: Path, provider: Provider, tmp_path: Path
) -> None:
    provider.answers.append(
        ok(
            findings_json({"severity": "low", "title": "Tiny", "path": "src/util.py", "line": 2}),
            delay=1.5,
        )
    )
    home = tmp_path / "home"
    app = make_app(repo, provider, home)
    client = app.test_client()
    token = app.config["CSRF_TOKEN"]
    headers = {"Host": "127.0.0.1:8765"}
    url = f"/r/{rid_of(app)}/reviews"
    first = client.post(url, data={"task": "bugs", "csrf_token": token}, headers=headers)
    assert first.status_code == 303
    second = client.post(url, data={"task": "architecture", "csrf_token": token}, headers=headers)
    assert second.status_code == 409 and "already running" in second.text
    state = app.extensions["repoview"]
    job = state.jobs[first.headers["Location"].rsplit("/", 1)[1]]
    # Read without JavaScript, the page says where the review is and reloads until done.
    wait_for(lambda: len(provider.chats) > 0)
    running = get(client, first.headers["Location"]).text
    assert 'http-equiv="refresh"' in running and "Starting…" not in running
    assert "packing " in running and "Cancel this review" in running
    wait_for(lambda: job.done)
    run_id = job.run_id
    assert state.active is None
    done = get(client, first.headers["Location"]).text
    assert 'http-equiv="refresh"' not in done and "Cancel this review" not in done
    assert f'href="/runs/{run_id}">open the report</a>' in done
    events = get(client, first.headers["Location"] + "/events").text
    assert "event: done" in events and f'"run_id": {run_id}' in events
    restarted = make_app(repo, provider, home).test_client()
    report = get(restarted, f"/runs/{run_id}")
    assert report.status_code == 200 and "Tiny" in report.text
    assert "/file/src/util.py#L-2" in report.text
    assert f"#{run_id}" in get(restarted, f"/r/{rid_of(app)}/").text


def many_files(n: int = 24) -> dict[str, str | bytes]:
    """A package big enough (~18k tokens) that small windows must outline or list files."""
    files: dict[str, str | bytes] = {"README.md": "# Many\n", "logo.png": b"\x89PNG\r\n\x1a\n\0"}
    for i in range(n):
        body = "".join(
            f"def step_{i}_{j}(value, scale={j}):\n"
            f'    """Scale value {j} times for stage {i}, then clamp it to the range."""\n'
            f"    total = value * scale + {i * j}\n"
            f"    return max(min(total, {1000 + j}), -{j + 1})\n\n\n"
            for j in range(12)
        )
        files[f"pkg/mod_{i:02}.py"] = f"import pkg.mod_{(i + 1) % n:02}\n\n\n" + body
    return files


def page_modes(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(treemap, list view): path -> tier, as the page shows them."""
    rects = dict(
        re.findall(
            r'<rect class="file [^"]*" tabindex="0" data-path="([^"]+)" data-mode="([^"]+)"', text
        )
    )
    rows = dict(re.findall(r'<tr data-path="([^"]+)" data-mode="([^"]+)">', text))
    return rects, rows


@pytest.mark.parametrize(
    ("model", "budget"), [("moonshot-v1-8k", ""), ("kimi-k2.6", ""), ("moonshot-v1-32k", "9000")]
)
def test_tiers_on_the_page_match_the_cli_manifest(
    make_repo, cli, tmp_path: Path, model: str, budget: str
) -> None:
    repo = make_repo(many_files())
    manifest = tmp_path / "m.json"
    args = ["pack", str(repo), "--model", model, "--manifest", str(manifest), "-q"]
    run = cli(*args, *(["--budget", budget] if budget else []))
    assert run.code == 0, run.err
    expected = {f["path"]: f["mode"] for f in json.loads(manifest.read_text())["files"]}
    app = make_app(repo)
    page = get(app.test_client(), f"/r/{rid_of(app)}/?model={model}&budget={budget}")
    assert page.status_code == 200
    rects, rows = page_modes(page.text)
    assert rects == expected and rows == expected
    # A file's page, opened from the list, tells the tier of the model chosen above.
    labels = {"full": "full text", "compressed": "outline", "signatures": "signatures"}
    labels["listed"] = "listed (path only)"
    for path, mode in sorted(expected.items())[:6]:
        link = re.search(rf'<a href="([^"]+)">{re.escape(path)}</a>', page.text)
        assert link, path
        facts = re.search(
            r'<p class="muted" id="file-facts">(.*?)</p>',
            get(app.test_client(), html.unescape(link.group(1))).text,
            re.S,
        )
        assert facts, path
        said = re.sub(r"<[^>]+>", "", facts.group(1))
        assert f"{labels[mode]}" in said and f"in the pack for {model}" in said, (path, said)
    if model == "moonshot-v1-8k":  # the window is too small: the page shows the cut
        assert set(expected.values()) - {"full"}
    if model == "kimi-k2.6":
        assert set(expected.values()) == {"full"}
    assert f'<option value="{model}" selected>' in page.text


PLAN_MODELS = ["moonshot-v1-8k", "moonshot-v1-32k", "kimi-k2.6"]


def test_the_form_plan_equals_the_cli_dry_run(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(many_files())
    app = make_app(repo)
    client = app.test_client()
    for model, task in zip(PLAN_MODELS, ("architecture", "bugs", "docs"), strict=True):
        run = cli(
            "review",
            str(repo),
            "--task",
            task,
            "--model",
            model,
            "--dry-run",
            "--format",
            "json",
            "-q",
            env={"REPOVIEW_API_KEY": KEY},
        )
        assert run.code == 0, run.err
        want = run.json()
        got = get(client, f"/r/{rid_of(app)}/plan.json?task={task}&model={model}").json
        assert got["input_tokens"] == want["estimated_input_tokens"], (model, task)
        assert got["cost_usd"] == want["estimated_cost_usd"]
        assert got["requests"] == len(want["requests"])
    # A focus folder is what `repoview review PATH/FOLDER` reviews.
    run = cli(
        "review",
        str(repo / "pkg"),
        "--task",
        "bugs",
        "--dry-run",
        "--format",
        "json",
        "-q",
        env={"REPOVIEW_API_KEY": KEY},
    )
    got = get(client, f"/r/{rid_of(app)}/plan.json?task=bugs&focus=pkg").json
    assert got["input_tokens"] == run.json()["estimated_input_tokens"]
    # The 8k window cannot take the package: more than one request, and a higher cost than
    # pricing every token once would suggest.
    small = get(client, f"/r/{rid_of(app)}/plan.json?task=architecture&model=moonshot-v1-8k").json
    assert small["requests"] > 1
    bad = get(client, f"/r/{rid_of(app)}/plan.json?model=nope")
    assert bad.status_code == 400 and "unknown model" in bad.json["error"]
    outside = get(client, f"/r/{rid_of(app)}/plan.json?focus=../..")
    assert outside.status_code == 400 and "folder of the repository" in outside.json["error"]
    # Said as the form names its fields, not as the command line's options.
    nobase = get(client, f"/r/{rid_of(app)}/plan.json?task=diff&base=nope").json["error"]
    assert nobase.startswith("base: ") and "--diff" not in nobase, nobase
    tiny = get(client, f"/r/{rid_of(app)}/plan.json?budget=100").json["error"]
    assert "use a budget of " in tiny and "--budget" not in tiny, tiny


def test_treemap_fills_its_area_and_draws_each_file_once() -> None:
    from repoview.model import PackedFile
    from repoview.webui.treemap import squarify, treemap_svg

    rects = squarify([50, 30, 10, 5, 5], 0, 0, 200, 100)
    assert sum(w * h for _, _, w, h in rects) == pytest.approx(200 * 100)
    for (_, _, w, h), v in zip(rects, [50, 30, 10, 5, 5], strict=True):
        assert w * h == pytest.approx(v / 100 * 200 * 100)
    files = [
        PackedFile(path=p, language="Python", role="source", size=400, text="x", mode=m, tokens=t)
        for p, m, t in [
            ("a/b.py", "full", 90),
            ("a/c/d.py", "signatures", 5),
            ("e.py", "listed", 3),
            ("f & g.py", "weird", 7),
        ]
    ]
    svg = treemap_svg(files, "", "/r/x/?dir=", "/r/x/file/")
    assert re.findall(r'data-path="([^"]+)" data-mode="([^"]+)"', svg) == [
        ("a/b.py", "full"),
        ("a/c/d.py", "signatures"),
        ("e.py", "listed"),
        ("f &amp; g.py", "weird"),
    ]
    assert 'class="file tier-other"' in svg and 'href="/r/x/?dir=a/"' in svg


def test_findings_match_by_place() -> None:
    from repoview.webui.marks import compare, same_place

    a = {"path": "x.py", "line": 10, "category": "bug", "title": "A"}
    assert same_place(a, {**a, "line": 14, "title": "other words"})
    assert not same_place(a, {**a, "line": 16})
    assert not same_place(a, {**a, "category": "security"})
    assert not same_place(a, {**a, "path": "y.py"})
    assert same_place({**a, "line": None}, {**a, "line": None, "title": "A"})
    labelled, gone = compare([{**a, "line": 12}, {**a, "line": 40}], [a, {**a, "path": "z.py"}])
    assert [label for _, label in labelled] == ["still open", "new"] and gone == [
        {**a, "path": "z.py"}
    ]


def all_routes(app, rid: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, url) for every route of the app, with plausible arguments."""
    values = {
        "rid": rid,
        "rel": "src/app.py",
        "jid": "x",
        "run_id": 1,
        "index": 0,
        "filename": "app.js",
    }
    out = []
    for rule in app.url_map.iter_rules():
        url = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"OPTIONS", "HEAD"}):
            out.append((method, url))
    return out


def test_beyond_loopback_every_route_needs_the_token(repo: Path) -> None:
    app = make_app(repo, token="t0ken-abc")
    client = app.test_client()
    routes = all_routes(app, rid_of(app))
    assert len(routes) >= 12
    for method, url in routes:
        for host in ("127.0.0.1:8765", "203.0.113.7:8765"):
            r = client.open(
                url,
                method=method,
                headers={"Host": host},
                data={"csrf_token": app.config["CSRF_TOKEN"]},
            )
            assert r.status_code == 403, (method, url)
            assert "access token" in r.text
        wrong = client.open(url + "?token=t0ken-abd", method=method)
        assert wrong.status_code == 403
    first = client.get("/?token=t0ken-abc", headers={"Host": "203.0.113.7:8765"})
    assert first.status_code == 200 and "httponly" in first.headers["Set-Cookie"].lower()
    assert "samesite=strict" in first.headers["Set-Cookie"].lower()
    # The cookie then carries it, so links on the page work without the token in them.
    assert client.get(f"/r/{rid_of(app)}/", headers={"Host": "203.0.113.7:8765"}).status_code == 200
    bearer = app.test_client().get("/static/app.js", headers={"Authorization": "Bearer t0ken-abc"})
    assert bearer.status_code == 200


def test_web_on_all_interfaces_prints_a_token_and_refuses_requests_without_it(repo: Path) -> None:
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "repoview",
            "web",
            str(repo),
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: port_open(port), 30)
        assert proc.stderr is not None
        lines = [proc.stderr.readline().decode() for _ in range(2)]
        token = re.search(r"\?token=(\S+)", "".join(lines))
        assert token, lines
        for path in ("/", "/static/app.js", "/r/x/", "/pygments.css"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
            assert err.value.code == 403
        page = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/?token={token.group(1)}", timeout=10
        )
        assert page.status == 200 and repo.name in page.read().decode()
    finally:
        proc.terminate()
        proc.wait(10)


def test_repositories_come_from_the_command_line_or_the_root(
    repo: Path, make_repo, tmp_path: Path
) -> None:
    home = tmp_path / "h"
    inside = make_repo({"a.py": "x = 1\n"}, name="inside")
    outside_root = tmp_path / "elsewhere"
    outside_root.mkdir()
    headers = {"Host": "127.0.0.1:8765"}
    app = make_app(repo, home=home)
    token = app.config["CSRF_TOKEN"]
    refused = app.test_client().post(
        "/repos", data={"path": "/etc", "csrf_token": token}, headers=headers
    )
    assert refused.status_code == 302 and "repoview+web+PATH" in refused.headers["Location"]
    assert not (home / "web-repos.json").exists()
    assert 'name="path"' not in get(app.test_client(), "/").text  # no form without a root

    rooted = make_app(repo, home=home, root=inside)
    token = rooted.config["CSRF_TOKEN"]
    client = rooted.test_client()
    for bad in ("/etc", str(outside_root), str(inside / ".." / "elsewhere")):
        r = client.post("/repos", data={"path": bad, "csrf_token": token}, headers=headers)
        assert r.status_code == 302 and "/r/" not in r.headers["Location"], bad
    good = client.post("/repos", data={"path": str(inside), "csrf_token": token}, headers=headers)
    assert good.status_code == 302 and "/r/" in good.headers["Location"]
    assert json.loads((home / "web-repos.json").read_text()) == [str(inside)]
    # Restarted without the root, the saved folder is not shown.
    again = make_app(repo, home=home)
    assert list(again.extensions["repoview"].repos.values()) == [str(repo)]


def test_runs_of_other_repositories_are_not_shown(
    repo: Path, make_repo, provider: Provider, cli, tmp_path: Path
) -> None:
    home = tmp_path / "h"
    other = make_repo({"secret_plan.py": "PLAN = 1\n"}, name="private")
    run = cli(
        "review",
        str(other),
        "--task",
        "bugs",
        "--format",
        "json",
        "-q",
        env={
            "REPOVIEW_API_KEY": KEY,
            "REPOVIEW_BASE_URL": provider.url,
            "REPOVIEW_HOME": str(home),
        },
    )
    assert run.code == 0, run.err
    app = make_app(repo, home=home)
    client = app.test_client()
    assert "private" not in get(client, "/").text
    assert get(client, f"/runs/{run.json()['run_id']}").status_code == 404


def test_event_streams_are_bounded_and_the_page_still_answers(repo: Path, tmp_path: Path) -> None:
    from repoview.webui.jobs import Job
    from repoview.webui.server import serve

    port = free_port()
    app = make_app(repo, home=tmp_path / "h", allowed_hosts={f"127.0.0.1:{port}"}, stream_seconds=3)
    state = app.extensions["repoview"]
    state.jobs["stuck"] = Job("stuck", str(repo), "bugs")  # never ends
    threading.Thread(target=serve, args=(app, "127.0.0.1", port), daemon=True).start()
    wait_for(lambda: port_open(port))
    socks = []
    for _ in range(8):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(f"GET /jobs/stuck/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        socks.append(s)
    statuses = [s.recv(200).split(b" ", 2)[1] for s in socks]
    assert statuses.count(b"200") == 2 and statuses.count(b"429") == 6  # two per client
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        assert s.recv(100).startswith(b"HTTP/1.1 200")
    assert time.monotonic() - started < 5
    # A stream ends by itself (the browser reconnects), which frees its place.
    open_streams = [s for s, st in zip(socks, statuses, strict=True) if st == b"200"]
    for s in open_streams:
        s.settimeout(10)
        data = b""
        while chunk := s.recv(4096):
            data += chunk
        assert b"retry:" in data
    wait_for(lambda: state.streams.enter("10.0.0.1"), 5)
    for s in socks:
        s.close()


def test_a_stuck_review_can_be_cancelled(repo: Path, provider: Provider, tmp_path: Path) -> None:
    provider.answers.append(ok(findings_json() + " " * 200, stall=30))  # first piece, then silence
    app = make_app(repo, provider, tmp_path / "h")
    client = app.test_client()
    token = app.config["CSRF_TOKEN"]
    headers = {"Host": "127.0.0.1:8765"}
    url = f"/r/{rid_of(app)}/reviews"
    first = client.post(url, data={"task": "bugs", "csrf_token": token}, headers=headers)
    state = app.extensions["repoview"]
    job = state.active
    wait_for(lambda: any(e["event"] == "progress" for e in job.events) or len(provider.chats) > 0)
    assert "Cancel this review" in get(client, first.headers["Location"]).text
    cancelled = client.post(
        first.headers["Location"] + "/cancel", data={"csrf_token": token}, headers=headers
    )
    assert cancelled.status_code == 303 and job.done and job.cancelled
    events = get(client, first.headers["Location"] + "/events").text
    assert "cancelled" in events
    page = get(client, first.headers["Location"]).text
    assert "The review failed: cancelled" in page and 'http-equiv="refresh"' not in page
    provider.answers.append(ok(findings_json()))
    second = client.post(url, data={"task": "bugs", "csrf_token": token}, headers=headers)
    assert second.status_code == 303  # the slot is free again
    wait_for(lambda: state.active is None or state.active.done)


def review_once(client, app, provider: Provider, *findings: dict) -> int:  # type: ignore[no-untyped-def]
    provider.answers.append(ok(findings_json(*findings)))
    state = app.extensions["repoview"]
    r = client.post(
        f"/r/{rid_of(app)}/reviews",
        headers={"Host": "127.0.0.1:8765"},
        data={"task": "bugs", "csrf_token": app.config["CSRF_TOKEN"]},
    )
    assert r.status_code == 303, r.text
    job = state.jobs[r.headers["Location"].rsplit("/", 1)[1]]
    wait_for(lambda: job.done)
    assert job.run_id, job.error
    return int(job.run_id)


def finding(title: str, path: str, line: int, category: str = "bug") -> dict:
    return {
        "severity": "medium",
        "category": category,
        "title": title,
        "path": path,
        "line": line,
        "body": f"{title} body",
    }


def shown_findings(page: str) -> dict[str, tuple[str, str, str]]:
    """title -> (index, mark, new/still open) as the run page shows each finding."""
    found = re.findall(
        r'<li id="finding-(\d+)" class="[^"]*" data-mark="(\w+)" '
        r'data-status="([\w ]*)">.*?<strong>([^<]+)</strong>',
        page,
        re.S,
    )
    return {title: (i, mark, status) for i, mark, status, title in found}


def test_findings_are_work_items_across_runs(
    repo: Path, provider: Provider, tmp_path: Path
) -> None:
    app = make_app(repo, provider, tmp_path / "h")
    client = app.test_client()
    headers = {"Host": "127.0.0.1:8765"}
    first = review_once(
        client,
        app,
        provider,
        finding("Off by one", "src/app.py", 2),
        finding("Injection", "src/app.py", 4, "security"),
        finding("Ghost", "src/missing.py", 9),
    )
    page = get(client, f"/runs/{first}").text
    assert 'href="/r/' in page and "/file/src/app.py#L-2" in page
    assert "src/missing.py (not in the repository)" in page and "/file/src/missing.py" not in page
    index = shown_findings(page)["Off by one"][0]
    r = client.post(
        f"/runs/{first}/findings/{index}",
        headers=headers,
        data={"state": "dismissed", "csrf_token": app.config["CSRF_TOKEN"]},
    )
    assert r.status_code == 303
    bad = client.post(
        f"/runs/{first}/findings/0",
        headers=headers,
        data={"state": "gone-fishing", "csrf_token": app.config["CSRF_TOKEN"]},
    )
    assert bad.status_code == 400
    # The model reports the same problem again two lines lower, plus a new one.
    second = review_once(
        client,
        app,
        provider,
        finding("Off-by-one in helper", "src/app.py", 4),
        finding("Slow loop", "src/app.py", 5, "performance"),
    )
    text = get(client, f"/runs/{second}").text
    shown = shown_findings(text)
    assert shown["Off-by-one in helper"][1:] == ("dismissed", "still open")
    assert shown["Slow loop"][1:] == ("open", "new")
    assert "1 new, 1 still open, 2 gone" in text and "Injection" in text  # gone
    side = get(client, f"/compare?a={first}&b={second}").text
    assert re.search(r'id="only-a">.*Injection.*Ghost', side, re.S)
    assert re.search(r'id="both">.*Off-by-one in helper', side, re.S)
    assert re.search(r'id="only-b">.*Slow loop', side, re.S)
    assert "kimi-k2.6" in side
    # The plan expects the cache share the provider reported in the last review.
    plan = get(client, f"/r/{rid_of(app)}/plan.json?task=bugs&model=kimi-k2.6").json
    last = app.extensions["repoview"]
    from repoview.store import RunStore

    store = RunStore(last.home / "runs.sqlite")
    run = store.get(second)
    store.close()
    assert run is not None and run.cached_tokens > 0
    assert plan["cached_share"] == pytest.approx(run.cached_tokens / run.input_tokens)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)
def test_end_to_end_in_headless_chromium(repo: Path, provider: Provider, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from repoview.webui.server import serve

    answer = (
        "# Architecture\n\nThe app calls **util.helper**.\n\n## Components\n\n"
        "- `src/app.py`: entry point\n- `src/util.py`: helpers\n"
    ) * 3
    provider.answers.append(ok(answer, delay=2.5))  # long enough to watch the progress
    provider.answers.append(ok(findings_json(finding("Unchecked result", "src/app.py", 4))))
    port = free_port()
    env = {**os.environ, "REPOVIEW_API_KEY": KEY, "REPOVIEW_BASE_URL": provider.url}
    app = create_app(
        {
            "REPOS": [str(repo)],
            "ENV_VARS": env,
            "HOME": tmp_path / "h",
            "ALLOWED_HOSTS": {f"127.0.0.1:{port}"},
        }
    )
    threading.Thread(target=serve, args=(app, "127.0.0.1", port), daemon=True).start()
    wait_for(lambda: port_open(port))
    client = app.test_client()
    rid = rid_of(app)
    expected = get_json(client, f"/r/{rid}/plan.json?task=architecture&model=moonshot-v1-32k", port)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        missing: list[str] = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(f"http://127.0.0.1:{port}/")
        # Keyboard only: tab to the repository's link and open it.
        for _ in range(6):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == repo.name:
                break
        page.keyboard.press("Enter")
        page.wait_for_selector("svg.treemap")
        assert page.locator("#total-tokens").inner_text().replace(",", "").isdigit()
        # Every file of the pack is drawn in its tier's colour (once the style sheet is
        # in: on a loaded machine the treemap may be drawn first).
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('svg.treemap rect.file')).fill"
            " !== 'rgb(0, 0, 0)'"
        )
        fills = page.eval_on_selector_all(
            "svg.treemap rect.file", "rs => rs.map(r => [r.dataset.mode, getComputedStyle(r).fill])"
        )
        assert len(fills) == 4 and {m for m, _ in fills} == {"full"}
        assert {f for _, f in fills} == {"rgb(127, 201, 127)"}
        # The cost of one review per model, filled from the CLI's estimate.
        row = page.locator('#model-costs tr[data-model="moonshot-v1-32k"] .cost')
        page.wait_for_function("el => el.textContent.startsWith('$')", arg=row.element_handle())
        assert row.inner_text() == f"${expected['cost_usd']:.4f}"
        # The plan follows the form's settings before anything is sent.
        page.focus("#review-model")
        page.select_option("#review-model", "moonshot-v1-32k")
        page.wait_for_function(
            "() => (document.querySelector('#plan dd') || {}).textContent === 'moonshot-v1-32k'"
        )
        shown = page.locator('#plan dd[data-field="input-tokens"]').inner_text()
        assert shown.replace(",", "") == str(expected["input_tokens"])
        assert (
            page.locator('#plan dd[data-field="cost-at-most"]').inner_text()
            == f"${expected['cost_usd']:.4f}"
        )
        assert not provider.chats  # nothing was sent to plan
        page.screenshot(path=str(shots / "overview.png"), full_page=True)
        page.check("input[value=architecture]")
        page.focus("#start-review")
        page.keyboard.press("Enter")
        page.wait_for_selector("#job")
        page.wait_for_selector("#log li")
        seen_status = page.locator("#log li").first.inner_text()
        assert page.locator("#cancel").is_visible()
        page.wait_for_url(re.compile(r".*/runs/\d+"), timeout=30_000)
        assert page.locator("article.report h2", has_text="Components").count() >= 1
        assert page.locator("article.report strong", has_text="util.helper").count() >= 1
        # Paths in the report open the file.
        page.locator("article.report a", has_text="src/util.py").first.click()
        page.wait_for_selector("h1.path")
        assert page.locator("h1.path").inner_text() == "src/util.py"
        page.go_back()
        page.screenshot(path=str(shots / "report.png"), full_page=True)
        # A bug review, then its finding dismissed from the keyboard.
        page.goto(f"http://127.0.0.1:{port}/r/{rid}/")
        page.check("input[value=bugs]")
        page.click("#start-review")
        page.wait_for_url(re.compile(r".*/runs/\d+"), timeout=30_000)
        item = page.locator("#finding-0")
        assert item.locator("a", has_text="src/app.py:4").count() == 1
        page.focus("#mark-0")
        page.select_option("#mark-0", "dismissed")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector('#finding-0[data-mark="dismissed"]')
        page.screenshot(path=str(shots / "findings.png"), full_page=True)
        # A phone's width: nothing makes the page scroll sideways.
        page.set_viewport_size({"width": 390, "height": 800})
        for url in (f"/r/{rid}/", f"/r/{rid}/file/src/app.py", "/"):
            page.goto(f"http://127.0.0.1:{port}{url}")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, (url, wide)
        page.set_viewport_size({"width": 1280, "height": 900})
        # The treemap from the keyboard: a file takes the focus, says its tier, and Enter
        # opens its page for the model chosen on the overview.
        page.goto(f"http://127.0.0.1:{port}/r/{rid}/?model=moonshot-v1-32k")
        page.focus('svg.treemap rect.file[data-path="src/util.py"]')
        assert page.locator("#hovered").inner_text().startswith("src/util.py: full text, ")
        page.keyboard.press("Enter")
        page.wait_for_selector("h1.path")
        assert page.locator("h1.path").inner_text() == "src/util.py"
        assert "in the pack for moonshot-v1-32k" in page.locator("#file-facts").inner_text()
        browser.close()
    assert seen_status.startswith("packing") and not [e for e in errors if "Content Security" in e]
    assert [u for u in missing if not u.endswith("/favicon.ico")] == []
    assert all(
        (shots / n).stat().st_size > 10_000 for n in ("overview.png", "report.png", "findings.png")
    )


def get_json(client, url: str, port: int) -> dict:  # type: ignore[no-untyped-def]
    r = client.get(url, headers={"Host": f"127.0.0.1:{port}"})
    assert r.status_code == 200, r.text
    return dict(r.json)


def test_a_review_from_the_page_honours_the_settings(
    make_repo, provider: Provider, tmp_path: Path
) -> None:
    """`[review] max_cost` and `exclude` apply to reviews started from the page, as they do
    to `repoview review`."""
    files = {
        **FILES,
        "secret_notes/plan.md": "# PLAN-MARKER\n",
        ".repoview.toml": 'exclude = ["secret_notes/**"]\n',
    }
    repo = make_repo(files)
    provider.answers.append(ok(findings_json()))
    app = make_app(repo, provider, tmp_path / "home")
    client = app.test_client()
    token = app.config["CSRF_TOKEN"]
    headers = {"Host": "127.0.0.1:8765"}
    url = f"/r/{rid_of(app)}/reviews"
    first = client.post(
        url, data={"task": "bugs", "model": "kimi-k2.6", "csrf_token": token}, headers=headers
    )
    assert first.status_code == 303
    state = app.extensions["repoview"]
    job = state.jobs[first.headers["Location"].rsplit("/", 1)[1]]
    wait_for(lambda: job.done)
    sent = provider.chats[0]["messages"][1]["content"]
    assert "src/util.py" in sent and "PLAN-MARKER" not in sent
    # A cost limit far below any estimate: nothing is sent, and the page says why.
    (repo / ".repoview.toml").write_text("[review]\nmax_cost = 0.000001\n")
    second = client.post(
        url, data={"task": "bugs", "model": "kimi-k2.6", "csrf_token": token}, headers=headers
    )
    if second.status_code == 303:
        job = state.jobs[second.headers["Location"].rsplit("/", 1)[1]]
        wait_for(lambda: job.done)
        events = get(client, second.headers["Location"] + "/events").text
        assert "max-cost" in events or "max_cost" in events, events[-500:]
    else:
        assert "max-cost" in second.text or "max_cost" in second.text
    assert len(provider.chats) == 1


@pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)
def test_a_file_page_keeps_each_line_number_level_with_its_line(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from repoview.webui.server import serve

    long_lines = "".join(
        f"VALUE_{i} = {'+'.join(str(k) for k in range(120))}  # line {i}\n" for i in range(40)
    )
    repo = make_repo({"src/table.py": long_lines, "README.md": "# T\n"})
    port = free_port()
    app = create_app(
        {
            "REPOS": [str(repo)],
            "ENV_VARS": {**os.environ, "REPOVIEW_API_KEY": KEY},
            "HOME": tmp_path / "h",
            "ALLOWED_HOSTS": {f"127.0.0.1:{port}"},
        }
    )
    threading.Thread(target=serve, args=(app, "127.0.0.1", port), daemon=True).start()
    wait_for(lambda: port_open(port))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 900, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/r/{rid_of(app)}/file/src/table.py#L-30")
        # Lines longer than the page scroll inside the code box; no line wraps, so the
        # number N stands beside line N (a wrapped line had pushed them hundreds of pixels
        # apart), and the linked line is marked.
        for n in (1, 30, 40):
            number = page.locator(f'.linenos a[href="#L-{n}"]').bounding_box()
            line = page.locator(f"#L-{n}").bounding_box()
            assert number is not None and line is not None
            assert abs(number["y"] - line["y"]) < 4, (n, number, line)
        marked = page.evaluate("getComputedStyle(document.getElementById('L-30')).backgroundColor")
        assert marked not in ("rgba(0, 0, 0, 0)", "transparent"), marked
        browser.close()


def test_a_budget_past_the_window_is_said_and_a_missing_page_is_explained(
    make_repo, cli, tmp_path: Path
) -> None:
    repo = make_repo(many_files())
    app = make_app(repo)
    client = app.test_client()
    rid = rid_of(app)
    # More than moonshot-v1-8k can read: the map is the window's, and the page says so.
    over = get(client, f"/r/{rid}/?model=moonshot-v1-8k&budget=3m")
    window = get(client, f"/r/{rid}/?model=moonshot-v1-8k")
    assert page_modes(over.text) == page_modes(window.text)
    assert "a budget of 3,000,000 is more than moonshot-v1-8k can read" in over.text
    assert "more than" not in window.text.split('id="over-window"')[0][-20:]
    # The plan says it too, and tells the requests it is sure of from those it may add.
    plan = get(client, f"/r/{rid}/plan.json?task=architecture&model=moonshot-v1-8k&budget=3m").json
    assert any("is more than a request to moonshot-v1-8k has room for" in n for n in plan["notes"])
    run = cli(
        "review",
        str(repo),
        "--task",
        "architecture",
        "--model",
        "moonshot-v1-8k",
        "--budget",
        "3m",
        "--dry-run",
        "--format",
        "json",
        "-q",
        env={"REPOVIEW_API_KEY": KEY},
    ).json()
    optional = [r for r in run["requests"] if r["optional"]]
    assert plan["optional_requests"] == len(optional) > 0
    assert plan["cost_without_optional_usd"] == run["estimated_cost_without_optional_usd"]
    # A page that is not there: the report's own page, with the way back.
    for url in (f"/r/{rid}/file/nope.py", "/r/0000000000/", "/nothing"):
        r = get(client, url)
        assert r.status_code == 404 and "No such page" in r.text and 'href="/"' in r.text, url
    gone = get(client, "/r/0000000000/plan.json")  # what the form's script asks for
    assert gone.status_code == 404 and "No such page" in gone.json["error"]


def test_a_large_file_page_keeps_its_line_anchors_without_colours(make_repo) -> None:
    from repoview.webui.views import HIGHLIGHT_CHARS

    lines = HIGHLIGHT_CHARS // 12 + 100
    repo = make_repo({"big.py": "".join(f"x{i:06} = {i}\n" for i in range(lines))})
    app = make_app(repo)
    page = get(app.test_client(), f"/r/{rid_of(app)}/file/big.py")
    assert page.status_code == 200 and "shown without colours" in page.text
    assert f'id="L-{lines}"' in page.text and f"x{lines - 1:06} = {lines - 1}" in page.text
    assert '<span class="n">' not in page.text  # no token spans: a plain page


def test_web_refuses_a_bare_repository_at_once(tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    # Its page answered 400 "pass --rev", an option `web` does not have.
    bare = tmp_path / "app.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    r = cli("web", str(bare), "--port", "0")
    assert r.code == 2 and "is a bare repository: the web report shows a work tree" in r.err


def test_web_in_a_folder_outside_git_says_it_shows_every_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Run by mistake in a home folder, it served every file below it without a word.
    import sys

    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello\n")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "repoview", "web", "--port", str(port)],
        cwd=folder,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline().decode()
        assert first == (
            f"repoview: warning: . is not in a git repository: the report shows every file "
            f"under {folder.resolve()}, by the default exclusions only\n"
        )
        assert "web report at http://127.0.0.1:" in proc.stderr.readline().decode()
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_large_repositorys_page_lists_a_part_and_a_folder_the_rest(
    make_repo, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import repoview.webui.treemap as treemap
    import repoview.webui.views as views

    # (as a repository of thousands of files does at the real limits)
    monkeypatch.setattr(views, "FILE_ROWS", 10)
    monkeypatch.setattr(treemap, "MAX_RECTS", 12)
    app = make_app(make_repo(many_files()))
    client = app.test_client()
    text = get(client, f"/r/{rid_of(app)}/").text
    rects, rows = page_modes(text)
    assert len(rows) == 10 and len(rects) <= 13  # (each folder shows one file at least)
    assert "All 25 files" in text  # (every file counted, the README among them)
    assert "The first 10 are listed: open a folder in the map to list the 15 more." in text
    inner = get(client, f"/r/{rid_of(app)}/?dir=pkg/").text
    assert len(page_modes(inner)[1]) == 10 and "list the 14 more" in inner
