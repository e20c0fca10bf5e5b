"""The web report: routes and security rules with Flask's test client, and a real headless
Chromium driving a review end to end against the provider stand-in."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from repoview.webapp import load_web

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


@pytest.fixture
def provider():
    with Provider() as p:
        yield p


def make_app(repo: Path, provider: Provider | None = None, home: Path | None = None):  # type: ignore[no-untyped-def]
    env = {**os.environ, "REPOVIEW_API_KEY": KEY}
    if provider is not None:
        env["REPOVIEW_BASE_URL"] = provider.url
    app = load_web().create_app({"REPOS": [str(repo)], "ALLOWED_HOSTS": {"127.0.0.1:8765"},
                                 "ENV_VARS": env, "HOME": home, "TESTING": True})  # fmt: skip
    return app


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
    assert "Which models it fits" in text and "kimi-k2.6" in text
    assert "default: 1" in text  # logo.png, excluded by the defaults
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


@pytest.mark.parametrize("path", [
    "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
    "/etc/passwd", "src/../../outside.txt", "src%2f..%2f..%2foutside.txt", "..\\..\\outside.txt",
    "%252e%252e%252foutside.txt", "src/app.py%00.txt", "logo.png",
])  # fmt: skip
def test_no_file_outside_the_pack_is_served(repo: Path, path: str) -> None:
    (repo.parent / "outside.txt").write_text("OUTSIDE SECRET\n")
    app = make_app(repo)
    r = app.test_client().get(f"/r/{rid_of(app)}/file/{path}", follow_redirects=True,
                              headers={"Host": "127.0.0.1:8765"})  # fmt: skip
    assert r.status_code == 404 and "OUTSIDE SECRET" not in r.text and "root:" not in r.text


def test_foreign_host_header_is_refused(repo: Path) -> None:
    app = make_app(repo)
    r = app.test_client().get("/", headers={"Host": "evil.example:8765"})
    assert r.status_code == 403 and "DNS rebinding" in r.text


def test_state_changes_need_the_csrf_token(repo: Path, tmp_path: Path) -> None:
    app = make_app(repo)
    client = app.test_client()
    other = tmp_path / "other"
    other.mkdir()
    headers = {"Host": "127.0.0.1:8765"}
    assert client.post("/repos", data={"path": str(other)}, headers=headers).status_code == 403
    bad = client.post("/repos", data={"path": str(other), "csrf_token": "nope"}, headers=headers)
    assert bad.status_code == 403
    token = app.config["CSRF_TOKEN"]
    assert f'value="{token}"' in get(client, "/").text
    good = client.post("/repos", data={"path": str(other), "csrf_token": token}, headers=headers)
    assert good.status_code == 302 and "/r/" in good.headers["Location"]
    missing = client.post("/repos", data={"path": str(tmp_path / "nope"), "csrf_token": token},
                          headers=headers)  # fmt: skip
    assert "does+not+exist" in missing.headers["Location"]


def test_security_headers_and_no_key_anywhere(repo: Path) -> None:
    app = make_app(repo)
    client = app.test_client()
    for url in ("/", f"/r/{rid_of(app)}/", f"/r/{rid_of(app)}/file/src/app.py",
                "/static/app.js", "/static/pygments.css"):  # fmt: skip
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


def test_reviews_run_once_at_a_time_and_survive_a_restart(repo: Path, provider: Provider,
                                                          tmp_path: Path) -> None:  # fmt: skip
    provider.answers.append(ok(findings_json({"severity": "low", "title": "Tiny", "path":
                                              "src/util.py", "line": 2}), delay=1.5))  # fmt: skip
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
    wait_for(lambda: state.active.done)
    run_id = state.active.run_id
    events = get(client, first.headers["Location"] + "/events").text
    assert "event: done" in events and f'"run_id": {run_id}' in events
    restarted = make_app(repo, provider, home).test_client()
    report = get(restarted, f"/runs/{run_id}")
    assert report.status_code == 200 and "Tiny" in report.text
    assert "/file/src/util.py#L-2" in report.text
    assert f"#{run_id}" in get(restarted, f"/r/{rid_of(app)}/").text


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


@pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed (.ci/run installs it)")  # fmt: skip
def test_end_to_end_in_headless_chromium(repo: Path, provider: Provider, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from repoview.webapp import serve

    answer = ("# Architecture\n\nThe app calls **util.helper**.\n\n## Components\n\n"
              "- `src/app.py`: entry point\n- `src/util.py`: helpers\n") * 3  # fmt: skip
    provider.answers.append(ok(answer, delay=2.5))  # long enough to watch the progress
    port = free_port()
    env = {**os.environ, "REPOVIEW_API_KEY": KEY, "REPOVIEW_BASE_URL": provider.url}
    app = load_web().create_app({"REPOS": [str(repo)], "ENV_VARS": env, "HOME": tmp_path / "h",
                                 "ALLOWED_HOSTS": {f"127.0.0.1:{port}"}})  # fmt: skip
    threading.Thread(target=serve, args=(app, "127.0.0.1", port), daemon=True).start()
    wait_for(lambda: port_open(port))
    artifacts = Path(__file__).parent.parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking",
                                          "--disable-component-update", "--disable-sync",
                                          "--no-first-run"])  # fmt: skip
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"http://127.0.0.1:{port}/")
        page.click(f"text={repo.name}")
        page.wait_for_selector("svg.treemap")
        assert page.locator("#total-tokens").inner_text().replace(",", "").isdigit()
        page.screenshot(path=str(artifacts / "web-overview.png"), full_page=True)
        page.check("input[value=architecture]")
        page.click("#start-review")
        page.wait_for_selector("#job")
        page.wait_for_selector("#log li")
        seen_status = page.locator("#log li").first.inner_text()
        page.wait_for_url(re.compile(r".*/runs/\d+"), timeout=30_000)
        assert page.locator("article.report h2", has_text="Components").count() >= 1
        assert page.locator("article.report strong", has_text="util.helper").count() >= 1
        page.screenshot(path=str(artifacts / "web-report.png"), full_page=True)
        browser.close()
    assert seen_status.startswith("packing") and not [e for e in errors if "Content Security" in e]
    assert (artifacts / "web-report.png").stat().st_size > 10_000
