"""A stand-in for an OpenAI-compatible provider: a real HTTP server on 127.0.0.1.

It speaks the protocol as Moonshot does: server-sent events with keep-alive comments and
the usage inside the last chunk's choice, OpenAI-style error bodies, Retry-After, and the
token-count endpoint. Tests queue answers and read back the requests it received.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    """One scripted response."""

    status: int = 200
    content: str = ""  # the assistant's text (streamed in pieces when the request streams)
    headers: dict[str, str] = field(default_factory=dict)
    error: dict[str, Any] | None = None  # an OpenAI-style error body
    raw: bytes | None = None  # a body sent as is
    drop_after: int | None = None  # close the connection after this many chunks
    usage: dict[str, int] | None = None
    tool_calls: list[dict[str, Any]] | None = None
    delay: float = 0.0  # before the first byte
    top_level_usage: bool = False  # OpenAI style: usage in its own final chunk
    stall: float = 0.0  # seconds of silence after the first chunk (a hung stream)
    hang: bool = False  # read the request, then never answer (until the server stops)
    keepalive_every: float = 0.0  # > 0: send headers, then only keep-alive comments, forever

    no_usage: bool = False  # report no usage at all (some gateways and local servers)
    ignore_stream: bool = False  # answer a streamed request with one JSON body (some gateways)
    garbled_at: int | None = None  # send one event that is not JSON before this chunk
    content_type: str | None = None  # the answer's type, when not the usual one (a proxy's)


def ok(content: str, **kw: Any) -> Answer:
    return Answer(content=content, **kw)


def findings_json(*findings: dict[str, Any], summary: str = "Looks fine.") -> str:
    return json.dumps({"summary": summary, "findings": list(findings)})


class Provider:
    """Start with `with Provider() as p:`; `p.url` is the base URL (ending in /v1)."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.responder: Callable[[dict[str, Any]], Answer] | None = None
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.token_count = 4242
        # When set, the token-count endpoint answers with this function of the request body.
        self.count_tokens: Callable[[dict[str, Any]], int] | None = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(length) or b"{}")
                with provider._lock:
                    provider.requests.append(data)
                    provider.headers.append(dict(self.headers))
                if self.path.endswith("/tokenizers/estimate-token-count"):
                    count = (
                        provider.count_tokens(data)
                        if provider.count_tokens
                        else provider.token_count
                    )
                    self._json(
                        200,
                        {
                            "code": 0,
                            "data": {"total_tokens": count},
                            "scode": "0x0",
                            "status": True,
                        },
                    )
                    return
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found", "type": "not_found"}})
                    return
                answer = provider._next(data)
                time.sleep(answer.delay)
                if answer.hang:
                    provider._stopped.wait()
                    return
                if answer.keepalive_every > 0:
                    self._keepalive_forever(answer.keepalive_every)
                    return
                self.ctype = answer.content_type
                if answer.raw is not None:
                    self._send(answer.status, answer.raw, "application/json", answer.headers)
                elif answer.error is not None or answer.status >= 400:
                    self._json(
                        answer.status,
                        {"error": answer.error or {"message": "failed"}},
                        answer.headers,
                    )
                elif data.get("stream") and not answer.ignore_stream:
                    self._stream(data, answer)
                else:
                    message: dict[str, Any] = {"role": "assistant", "content": answer.content}
                    if answer.tool_calls:
                        message["tool_calls"] = answer.tool_calls
                    self._json(
                        200,
                        {
                            "id": "cmpl-1",
                            "object": "chat.completion",
                            "model": data.get("model"),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": message,
                                    "finish_reason": "tool_calls" if answer.tool_calls else "stop",
                                }
                            ],
                            **(
                                {}
                                if answer.no_usage
                                else {"usage": answer.usage or _usage(data, answer.content)}
                            ),
                        },
                    )

            def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
                ctype = getattr(self, "ctype", None) or "application/json"
                self._send(status, json.dumps(obj).encode(), ctype, headers or {})

            def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str]) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def _keepalive_forever(self, every: float) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                while not provider._stopped.wait(every):
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()

            def _stream(self, data: dict[str, Any], answer: Answer) -> None:
                self.send_response(200)
                self.send_header("Content-Type", answer.content_type or "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b": keep-alive\n\n")
                text = answer.content
                pieces = [text[i : i + 40] for i in range(0, len(text), 40)] or [""]
                base = {
                    "id": "cmpl-1",
                    "object": "chat.completion.chunk",
                    "model": data.get("model"),
                }
                for n, piece in enumerate(pieces):
                    if answer.drop_after is not None and n >= answer.drop_after:
                        self.wfile.flush()
                        self.connection.shutdown(2)
                        return
                    if n == answer.garbled_at:
                        self.wfile.write(b"data: {not json at all\n\n")
                    chunk = {
                        **base,
                        "choices": [
                            {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                        ],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    if n == 0 and answer.stall:
                        self.wfile.flush()
                        time.sleep(answer.stall)
                    if n % 3 == 0:
                        self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
                usage = answer.usage or _usage(data, text)
                if answer.tool_calls:
                    for i, call in enumerate(answer.tool_calls):
                        chunk = {
                            **base,
                            "choices": [
                                {
                                    "index": 0,
                                    "delta": {"tool_calls": [{"index": i, **call}]},
                                    "finish_reason": None,
                                }
                            ],
                        }
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                last_choice: dict[str, Any] = {
                    "index": 0,
                    "delta": {},
                    "finish_reason": "tool_calls" if answer.tool_calls else "stop",
                }
                if not answer.top_level_usage and not answer.no_usage:
                    last_choice["usage"] = usage  # where Moonshot puts it
                self.wfile.write(
                    f"data: {json.dumps({**base, 'choices': [last_choice]})}\n\n".encode()
                )
                if answer.top_level_usage and not answer.no_usage:
                    self.wfile.write(
                        f"data: {json.dumps({**base, 'choices': [], 'usage': usage})}\n\n".encode()
                    )
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that hang up mid-answer are part of the tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _next(self, data: dict[str, Any]) -> Answer:
        with self._lock:
            if self.answers:
                return self.answers.pop(0)
        if self.responder is not None:
            return self.responder(data)
        return ok(findings_json())

    def __enter__(self) -> Provider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def chats(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if "messages" in r and "stream" in r]


def _usage(data: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content") or "")) for m in data.get("messages", [])) // 4
    return {
        "prompt_tokens": prompt,
        "completion_tokens": max(1, len(text) // 4),
        "total_tokens": prompt + len(text) // 4,
        "cached_tokens": prompt // 2,
    }
