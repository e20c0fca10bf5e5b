"""The client against a real gateway: litellm's proxy on 127.0.0.1 with mocked models.

Besides tests/provider.py (our own stand-in), this checks that what repoview sends and
reads matches what a widely used OpenAI-compatible gateway does: streaming and not, an
unknown model, a wrong key. The proxy takes a while to import, so it starts once here.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from repoview import review
from repoview.errors import ProviderError
from repoview.llm import Client

pytest.importorskip("litellm", reason="litellm[proxy] is not installed (pip install -e '.[dev]')")

MASTER = "sk-gateway-test-0123456789"
ANSWER = {
    "summary": "The gateway read it.",
    "findings": [
        {"severity": "high", "category": "bug", "title": "Leak", "path": "app.py", "line": 2}
    ],
}
CONFIG = f"""model_list:
  - model_name: mock-model
    litellm_params:
      model: openai/mock-model
      api_key: not-used
      mock_response: '{json.dumps(ANSWER)}'
general_settings:
  master_key: {MASTER}
"""
MODELS = {
    "mock-model": {"context": 32768, "input_price": 1.0, "output_price": 2.0},
    "absent-model": {"context": 32768},
}


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("litellm")
    (folder / "config.yaml").write_text(CONFIG)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "litellm"
    # The bundled price map, not a download: tests touch no network.
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR"}
    log = (folder / "proxy.log").open("wb")
    proc = subprocess.Popen(
        [
            str(exe),
            "--config",
            str(folder / "config.yaml"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--num_workers",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=folder,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # its import alone takes ~60 s on a busy 2-core box
        while True:
            if proc.poll() is not None:
                pytest.fail("litellm proxy exited: " + (folder / "proxy.log").read_text()[-2000:])
            try:
                if httpx.get(f"{url}/health/liveliness", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("litellm proxy did not start within 240 s")
            time.sleep(0.5)
        yield f"{url}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def repo(make_repo) -> Path:  # type: ignore[no-untyped-def]
    return make_repo({"app.py": "def f(p):\n    return open(p).read()\n"})


def run(repo: Path, gateway: str, tmp_path: Path, **kw: object):  # type: ignore[no-untyped-def]
    env = {"REPOVIEW_BASE_URL": gateway, "REPOVIEW_API_KEY": str(kw.pop("key", MASTER))}
    return review(
        repo, task="bugs", env=env, home=tmp_path / "home", models=MODELS, retries=0, **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("stream", [False, True])
def test_review_through_the_gateway(repo: Path, gateway: str, tmp_path: Path, stream: bool) -> None:
    report = run(repo, gateway, tmp_path, model="mock-model", stream=stream)
    assert report.summary == "The gateway read it."
    assert [(f.path, f.line, f.severity) for f in report.findings] == [("app.py", 2, "high")]
    assert len(report.usage.requests) == 1 and report.usage.input_tokens > 0
    assert report.cost_usd is not None and report.estimated_cost_usd is not None
    assert report.estimated_cost_usd >= report.cost_usd


def test_a_stream_without_usage_is_counted_by_repoview(gateway: str) -> None:
    from repoview.tokens import TokenCounter
    from repoview.usage import Meter

    client = Client(gateway, MASTER, retries=0)
    meter = Meter(client, TokenCounter("o200k_base"))
    body = {
        "model": "mock-model",
        "stream": True,
        "messages": [{"role": "user", "content": "count these words " * 50}],
    }
    try:
        meter.chat(body)
    finally:
        client.close()
    (entry,) = meter.totals.requests
    if not entry.estimated:
        pytest.skip("this litellm version reports usage on every stream: nothing to count")
    assert abs(entry.input_tokens - 157) <= 16 and entry.output_tokens > 0


def test_an_unknown_model_is_one_clear_error(repo: Path, gateway: str, tmp_path: Path) -> None:
    with pytest.raises(ProviderError) as info:
        run(repo, gateway, tmp_path, model="absent-model")
    assert info.value.status == 400 and "absent-model" in str(info.value)
    assert "\n" not in str(info.value)


def test_a_wrong_key_is_refused_and_never_echoed(repo: Path, gateway: str, tmp_path: Path) -> None:
    wrong = "sk-wrong-key-abcdefghijklmnop"
    with pytest.raises(ProviderError) as info:
        run(repo, gateway, tmp_path, model="mock-model", key=wrong)
    # Without a key database, litellm answers a key it does not know with 400, not 401.
    assert info.value.status in (400, 401, 403)
    assert wrong not in str(info.value) and wrong not in info.value.body
