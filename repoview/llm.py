"""An OpenAI-compatible chat client on httpx: streaming, retries, and errors that say what to do.

Works with Moonshot's Kimi API (the default), OpenAI, and local servers that speak the same
protocol (vLLM, Ollama, llama.cpp). Never logs, prints or stores the API key.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from .errors import DeadlineError, ProviderError
from .keys import url_credentials, without_credentials

__all__ = ["ChatResult", "Client", "Usage"]

_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})
_CONTEXT_HINTS = (
    "token length too long",
    "exceeded model token limit",
    "context length",
    "maximum context",
    "context_length_exceeded",
    "too many tokens",
)


@dataclass
class Usage:
    """Token usage as the provider reports it."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0

    @classmethod
    def parse(cls, data: Any) -> Usage | None:
        if not isinstance(data, dict):
            return None
        # Where each provider puts the tokens it served from its prompt cache: Moonshot at
        # the top, OpenAI (and litellm) in the details, DeepSeek as cache hits.
        cached = data.get("cached_tokens")
        details = data.get("prompt_tokens_details")
        if cached is None and isinstance(details, dict):
            cached = details.get("cached_tokens")
        if cached is None:
            cached = data.get("prompt_cache_hit_tokens")
        return cls(
            int(data.get("prompt_tokens") or 0),
            int(data.get("completion_tokens") or 0),
            int(cached or 0),
        )


@dataclass
class ChatResult:
    """What one chat request gave back."""

    text: str
    usage: Usage | None
    finish_reason: str | None
    model: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 1
    # Attempts before the answered one whose prompt the provider took (a stream that
    # dropped after a 200): most likely paid for, as the answered one is.
    billed: int = 0
    warnings: list[str] = field(default_factory=list)  # what was skipped to keep the answer
    # Each attempt's own time, waits between retries left out: a usage entry per attempt
    # must not count the backoff in both.
    seconds: float | None = None  # the answered attempt
    billed_seconds: float = 0.0  # the `billed` attempts together


# Characters of the answer received so far (0: still waiting for it), seconds since the
# request was sent. Called each second while waiting, from another thread.
Progress = Callable[[int, float], None]
Notice = Callable[[str], None]  # one line for the user: a retry, and why


class Client:
    """Chat completions against one base URL with one key."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        connect_timeout: float = 15.0,
        first_byte_timeout: float = 900.0,
        read_gap_timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float | None = None,
        notice: Notice | None = None,
    ) -> None:
        # A `user:password@` in the URL is sent as basic auth, never shown with the URL.
        self.base_url = without_credentials(base_url).rstrip("/")
        credentials = url_credentials(base_url)
        self.notice = notice
        # A time.monotonic() instant after which no request may still run (retries, map-reduce
        # parts and tool rounds included): the hook's promise that a push ends in bounded time.
        self.deadline = deadline
        self.connect_timeout = connect_timeout
        self.first_byte_timeout = first_byte_timeout
        self.read_gap_timeout = read_gap_timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        # Waiting for the first byte of an answer to a 1M-token prompt can take minutes;
        # the read timeout covers that wait, and a watchdog bounds gaps once bytes flow.
        self._http = httpx.Client(
            timeout=httpx.Timeout(first_byte_timeout, connect=connect_timeout, pool=30.0),
            transport=transport,
            headers={"Authorization": f"Bearer {api_key}", "User-Agent": "repoview"},
            auth=httpx.BasicAuth(*credentials) if credentials else None,
        )
        # (the password, not the user name: "admin" or "user" would mask words of the answer)
        password = credentials[1] if credentials else ""
        self._secrets = [v for v in (api_key, password if len(password) >= 8 else "") if v]
        if credentials and notice is not None:
            notice(
                f"the user name and password in the URL of {self.base_url} are sent as basic "
                "auth, in place of the API key"
            )

    def close(self) -> None:
        self._http.close()

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def chat(
        self,
        body: dict[str, Any],
        progress: Progress | None = None,
        may_retry: Callable[[int], str] | None = None,
        label: str = "",
    ) -> ChatResult:
        """POST /chat/completions with retries; streams when `body["stream"]` is true.
        `label` names the request in the retry lines (`part 2/4`: several run at once).

        A failure carries `billed`: how many attempts the provider took the prompt for.
        `may_retry`, given how many were billed so far, says why another attempt must not be
        made after a billed one ("" lets it go: a cost limit it would pass, say).
        """
        attempt = 0
        taken = 0
        taken_seconds = 0.0
        try:
            while True:
                attempt += 1
                self._check_deadline("")
                tried = _Attempt()
                began = time.monotonic()
                try:
                    result = self._once(body, progress, tried)
                    result.text = self._scrub(result.text)  # (stored and shown: no key in it)
                    result.attempts, result.billed = attempt, taken
                    result.seconds = time.monotonic() - began
                    result.billed_seconds = taken_seconds
                    return result
                except _Retry as exc:
                    taken += tried.taken
                    taken_seconds += (time.monotonic() - began) if tried.taken else 0.0
                    self._check_deadline(exc.reason)
                    if attempt > self.retries:
                        raise ProviderError(
                            f"{exc.reason}; gave up after {attempt} attempts", exc.status, exc.body
                        ) from None
                    why = may_retry(taken) if tried.taken and may_retry is not None else ""
                    if why:
                        raise ProviderError(
                            f"{exc.reason}; not retried: {why}", exc.status, exc.body
                        ) from None
                    wait = self._wait(attempt, exc.retry_after)
                    if self.deadline is not None and time.monotonic() + wait >= self.deadline:
                        asked = f", and the wait before another attempt is {_seconds(wait)}"
                        raise self._deadline(exc.reason + asked) from None
                    if self.notice is not None:
                        self.notice(
                            (f"{label}: " if label else "")
                            + f"{exc.short}, retrying in {_seconds(wait)} "
                            f"(attempt {attempt + 1} of {self.retries + 1})"
                        )
                    self.sleep(wait)
                except ProviderError:
                    taken += tried.taken
                    taken_seconds += (time.monotonic() - began) if tried.taken else 0.0
                    raise
        except ProviderError as exc:
            exc.billed, exc.attempts, exc.billed_seconds = taken, attempt, taken_seconds
            raise

    def _remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def _late(self, reason: str) -> str:
        why = f" (last: {reason})" if reason else ""
        return f"no complete answer from {self.base_url} before the deadline{why}"

    def _deadline(self, reason: str) -> DeadlineError:
        exc = DeadlineError(self._late(reason))
        exc.last = reason
        return exc

    def _check_deadline(self, reason: str) -> None:
        left = self._remaining()
        if left is not None and left <= 0:
            raise self._deadline(reason)

    def _timeout(self) -> httpx.Timeout | None:
        """The request's time-outs, shortened so that none outlives the deadline."""
        left = self._remaining()
        if left is None:
            return None
        left = max(left, 0.01)
        return httpx.Timeout(
            min(self.first_byte_timeout, left),
            pool=min(30.0, left),
            connect=min(self.connect_timeout, left),
        )

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_wait)
        delay = self.backoff * 2.0 ** (attempt - 1) * (1 + random.random() / 2)
        return float(min(delay, self.max_wait))

    def _once(self, body: dict[str, Any], progress: Progress | None, tried: _Attempt) -> ChatResult:
        url = f"{self.base_url}/chat/completions"
        timeout = self._timeout()
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        ticker = _Ticker(progress)
        try:
            with self._http.stream("POST", url, json=body, **extra) as response:
                tried.taken = response.status_code < 400
                # Some gateways and local servers ignore "stream": true and send the whole
                # answer as JSON: read as events, it looked like a dropped stream, retried.
                # Events are read as they come when the server says it sends them (or says
                # nothing); any other type (`text/plain` from a proxy) is read whole, then
                # judged by what it holds: a JSON answer, or events.
                if body.get("stream") and response.status_code < 400 and not _json(response):
                    return self._read_stream(response, body, progress, ticker)
                # A body that trickles in must not outlive the deadline either.
                watchdog = _Watchdog(None, response, self.deadline)
                try:
                    response.read()
                except (httpx.StreamClosed, httpx.ReadError, httpx.RemoteProtocolError):
                    if watchdog.late:
                        raise self._deadline("the answer was still arriving") from None
                    raise
                finally:
                    watchdog.stop()
                if watchdog.late:  # the socket shut down by the watchdog can read as a clean end
                    raise self._deadline("the answer was still arriving")
                if response.status_code >= 400:
                    self._fail(response, body)
                return self._answer(response.text, response, body)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            if _refused_here(self.base_url, exc):
                # Nothing listens on this machine's port: waiting will not start the server.
                raise ProviderError(
                    f"nothing is listening at {self.base_url} (connection refused); start the "
                    "server, or check --base-url"
                ) from None
            raise _Retry(f"cannot reach {self.base_url} ({type(exc).__name__})") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Retry(
                f"the connection to {self.base_url} dropped ({type(exc).__name__})"
            ) from None
        except httpx.ReadTimeout:
            tried.taken = True  # the whole prompt was sent: the model was most likely at work
            raise _Retry(f"{self.base_url} stopped answering (read timeout)") from None
        except httpx.HTTPError as exc:
            raise ProviderError(self._scrub(f"request failed: {exc}")) from None
        finally:
            ticker.stop()

    def _fail(self, response: httpx.Response, body: dict[str, Any]) -> None:
        status = response.status_code
        text = self._scrub(response.text[:2000])
        message, kind = _error_fields(text)
        if kind == "exceeded_current_quota_error" or "quota" in (message or "").lower():
            raise ProviderError(
                f"the account is out of quota (HTTP {status}: {message}); top it up or use "
                "another key",
                status,
                text,
            )
        if status in (401, 403):
            raise ProviderError(
                f"the provider refused the API key (HTTP {status}: {message or 'unauthorized'}); "
                "check REPOVIEW_API_KEY and --base-url",
                status,
                text,
            )
        lowered = (message or text).lower()
        if status in (400, 413, 422) and any(h in lowered for h in _CONTEXT_HINTS):
            raise ProviderError(
                f"the prompt is too long for {body.get('model')} (HTTP {status}: {message}); "
                "use a smaller --budget or a model with a larger window (repoview models)",
                status,
                text,
            )
        if status in _RETRY_STATUS:
            raise _Retry(
                f"HTTP {status} from the provider: {message or 'no detail'}",
                status,
                text,
                _retry_after(response.headers.get("retry-after")),
            )
        raise ProviderError(
            f"HTTP {status} from the provider: {message or text[:200]}", status, text
        )

    def _answer(self, text: str, response: httpx.Response, body: dict[str, Any]) -> ChatResult:
        """The answer a whole JSON body `text` holds (`response`: its status and type)."""
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict) and "error" in data:  # an error sent with HTTP 200
            detail, _ = _error_fields(self._scrub(text[:2000]))
            raise ProviderError(f"the provider answered with an error: {detail}")
        try:
            choice = data["choices"][0]
            message = choice.get("message") or {}
        except (KeyError, IndexError, TypeError):
            # The whole body arrived (a cut connection is retried before this): asking
            # again would most likely pay for the same broken answer.
            kind = response.headers.get("content-type") or "no Content-Type"
            raise ProviderError(
                f"malformed answer from the provider (HTTP {response.status_code}, {kind}, "
                f"{len(text.encode()):,} bytes): {self._scrub(text[:200])!r}"
            ) from None
        return ChatResult(
            text=message.get("content") or "",
            usage=Usage.parse(data.get("usage")),
            finish_reason=choice.get("finish_reason"),
            model=str(data.get("model") or body.get("model")),
            tool_calls=list(message.get("tool_calls") or []),
        )

    def _read_stream(
        self,
        response: httpx.Response,
        body: dict[str, Any],
        progress: Progress | None,
        ticker: _Ticker,
    ) -> ChatResult:
        parts: list[str] = []
        usage: Usage | None = None
        finish: str | None = None
        model = str(body.get("model"))
        calls: dict[int, dict[str, Any]] = {}
        bad: list[str] = []  # events that were not JSON
        # Lines that are no event's: a whole JSON answer under a type of a gateway's own
        # (`text/plain`), read as it comes so that a stall is still seen.
        stray: list[str] = []
        usable = False
        received = 0
        watchdog = _Watchdog(self.read_gap_timeout, response, self.deadline)
        try:
            done = False
            for data in _sse_events(response.iter_lines(), watchdog, stray):
                ticker.stop()  # the answer has begun: its own progress follows
                if data == "[DONE]":
                    done = True
                    break
                try:
                    chunk = json.loads(data)
                except ValueError:
                    # One garbled event (a proxy's banner, a cut line) need not cost the
                    # answer around it: skipped, and said once.
                    bad.append(data)
                    continue
                if not isinstance(chunk, dict):
                    continue
                usable = True
                if "error" in chunk:
                    message, _ = _error_fields(json.dumps(chunk))
                    raise _Retry(f"the provider failed mid-answer: {message}")
                model = str(chunk.get("model") or model)
                usage = Usage.parse(chunk.get("usage")) or usage
                for choice in chunk.get("choices") or []:
                    delta = choice.get("delta") or {}
                    piece = delta.get("content") or ""
                    parts.append(piece)
                    received += len(piece)
                    for call in delta.get("tool_calls") or []:
                        _merge_tool_call(calls, call)
                        received += len((call.get("function") or {}).get("arguments") or "")
                    finish = choice.get("finish_reason") or finish
                    usage = Usage.parse(choice.get("usage")) or usage  # Moonshot puts it here
                if progress is not None:
                    progress(received, time.monotonic() - ticker.start)
        finally:
            watchdog.stop()
        if watchdog.late and not done:  # an answer read whole just in time still counts
            raise self._deadline("the answer was still streaming")
        if watchdog.fired:
            raise _Retry(f"no data for {self.read_gap_timeout:.0f} s while reading the answer")
        if not (done or usable or bad) and stray and "".join(stray).lstrip().startswith("{"):
            return self._answer("\n".join(stray), response, body)
        if not done and finish is None:
            # An event stream that stops without [DONE] or a finish reason was cut off.
            raise _Retry("the answer stream ended early (connection dropped)")
        first = self._scrub(bad[0][:200]) if bad else ""
        if bad and not usable:
            # Every event was garbled: asking again would most likely pay for the same.
            raise ProviderError(f"malformed answer stream: no chunk was JSON (first: {first!r})")
        result = ChatResult("".join(parts), usage, finish, model, [calls[i] for i in sorted(calls)])
        if bad:
            result.warnings.append(
                f"skipped {len(bad)} streamed chunk(s) that were not JSON (first: {first[:80]!r})"
            )
        return result

    def estimate_tokens(self, body: dict[str, Any]) -> int:
        """Moonshot's exact count for a chat body (POST /tokenizers/estimate-token-count)."""
        payload = {"model": body["model"], "messages": body["messages"]}
        try:
            response = self._http.post(
                f"{self.base_url}/tokenizers/estimate-token-count", json=payload
            )
        except httpx.HTTPError as exc:
            raise ProviderError(f"cannot reach {self.base_url} to count tokens ({exc})") from None
        if response.status_code >= 400:
            self._fail(response, body)
        try:
            return int(response.json()["data"]["total_tokens"])
        except (ValueError, KeyError, TypeError):
            raise ProviderError("malformed answer from the token-count endpoint") from None


@dataclass
class _Attempt:
    """One try of a request: `taken` once the provider accepted the prompt (answered 2xx,
    or kept it past the read timeout): such a try is most likely billed even if it fails."""

    taken: bool = False


class _Retry(Exception):
    def __init__(
        self,
        reason: str,
        status: int | None = None,
        body: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason, self.status, self.body, self.retry_after = reason, status, body, retry_after

    @property
    def short(self) -> str:
        """The reason in a few words, for the line that says a retry is coming."""
        return f"HTTP {self.status}" if self.status else self.reason


class _Ticker:
    """Reports the wait for an answer once a second, from its own thread: the first byte
    of the answer to a long prompt can take minutes, and a silent terminal looks hung."""

    def __init__(self, progress: Progress | None) -> None:
        self.start = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if progress is not None:
            self._thread = threading.Thread(target=self._run, args=(progress,), daemon=True)
            self._thread.start()

    def _run(self, progress: Progress) -> None:
        while not self._stop.wait(1.0):
            try:
                progress(0, time.monotonic() - self.start)
            except Exception:  # the caller's own stop (a cancelled web review): no more ticks
                return

    def stop(self) -> None:
        """No tick after this returns: the caller may write its own progress at once."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


class _Watchdog:
    """Closes a response when no line arrives for `gap` seconds once lines flow, or when the
    deadline passes: httpx's read timeout is per read, so a server that sends a keep-alive
    now and then would hold the request forever without it."""

    def __init__(
        self, gap: float | None, response: httpx.Response, deadline: float | None = None
    ) -> None:
        self.gap = gap
        self.deadline = deadline
        self.response = response
        self.fired = False
        self.late = False  # fired because the deadline passed
        self._last = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._beating = False
        if deadline is not None:
            self._thread.start()

    def beat(self) -> None:
        self._last = time.monotonic()
        if self.deadline is not None and self._last >= self.deadline:
            self.late = self.fired = True  # checked in the loop too: exact without the thread
            raise httpx.StreamClosed()
        if not self._beating:
            self._beating = True
            if self.deadline is None and self.gap is not None:
                self._thread.start()

    def _run(self) -> None:
        step = min(1.0, self.gap / 4) if self.gap else 1.0
        if self.deadline is not None:
            step = min(step, 0.25)
        while not self._stop.wait(step):
            now = time.monotonic()
            if self.deadline is not None and now >= self.deadline:
                self.late = True
            elif not (self._beating and self.gap is not None and now - self._last > self.gap):
                continue
            self.fired = True
            self._interrupt()
            return

    def _interrupt(self) -> None:
        # Closing the response does not wake a read blocked in another thread; shutting
        # the socket down does.
        stream = self.response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.response.close()

    def stop(self) -> None:
        self._stop.set()


def _sse_events(
    lines: Iterator[str], watchdog: _Watchdog, stray: list[str] | None = None
) -> Iterator[str]:
    """The data of each server-sent event; comments and keep-alive lines are skipped, and
    lines no event's (`stray`, up to `_STRAY_CHARS`) kept there."""
    data: list[str] = []
    kept = 0
    try:
        for line in lines:
            watchdog.beat()
            if line == "":
                if data:
                    yield "\n".join(data)
                    data = []
                continue
            if line.startswith(":"):
                continue  # a comment: providers send these as keep-alives
            name, _, value = line.partition(":")
            if name == "data":
                data.append(value[1:] if value.startswith(" ") else value)
            elif stray is not None and name not in _SSE_FIELDS and kept < _STRAY_CHARS:
                stray.append(line)
                kept += len(line)
    except (httpx.StreamClosed, httpx.ReadError, httpx.RemoteProtocolError):
        if not watchdog.fired:
            raise httpx.ReadError("stream closed") from None
        return
    if data:
        yield "\n".join(data)


_SSE_FIELDS = frozenset({"event", "id", "retry"})
_STRAY_CHARS = 16 << 20  # a whole answer's text that is not events, kept at most


def _kind(response: httpx.Response) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0].strip().lower()


def _json(response: httpx.Response) -> bool:
    kind = _kind(response)
    return kind == "application/json" or kind.endswith("+json")


def _merge_tool_call(calls: dict[int, dict[str, Any]], delta: dict[str, Any]) -> None:
    index = int(delta.get("index") or 0)
    call = calls.setdefault(
        index, {"id": "", "type": "function", "function": {"name": "", "arguments": ""}}
    )
    if delta.get("id"):
        call["id"] = delta["id"]
    fn = delta.get("function") or {}
    if fn.get("name"):
        call["function"]["name"] += fn["name"]
    if fn.get("arguments"):
        call["function"]["arguments"] += fn["arguments"]


def _error_fields(text: str) -> tuple[str, str]:
    """(message, type) from an OpenAI-style error body, or the raw text."""
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip()[:300], ""
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        return str(err.get("message") or ""), str(err.get("type") or err.get("code") or "")
    if isinstance(err, str):
        return err, ""
    if isinstance(data, dict) and "message" in data:
        return str(data["message"]), str(data.get("type") or "")
    return text.strip()[:300], ""


def _seconds(wait: float) -> str:
    return f"{wait:.0f} s" if wait >= 1 else f"{wait:.1f} s"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _refused_here(base_url: str, exc: Exception) -> bool:
    """A refused connection to this machine (a local model server that is not running)."""
    host = (urlsplit(base_url).hostname or "").lower()
    local = host in ("localhost", "::1") or host.startswith("127.")
    return local and isinstance(exc, httpx.ConnectError) and "refused" in str(exc).lower()
