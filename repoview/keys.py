"""API keys by provider: a key goes only to the host it was meant for."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import ConfigError

__all__ = ["key_for", "key_vars", "seal_key", "url_credentials", "without_credentials"]

# Each provider's own variables, read for its own hosts only. REPOVIEW_API_KEY is the key for
# whatever endpoint the user chose (flag, environment, own config): repository files cannot
# choose an endpoint, so that choice is always the user's.
_PROVIDERS: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (frozenset({"api.moonshot.ai", "api.moonshot.cn"}), ("MOONSHOT_API_KEY", "KIMI_API_KEY")),
    (frozenset({"api.openai.com"}), ("OPENAI_API_KEY",)),
)
_ALL = ("REPOVIEW_API_KEY", "MOONSHOT_API_KEY", "KIMI_API_KEY", "OPENAI_API_KEY")


def key_vars(base_url: str) -> tuple[str, ...]:
    """The variables whose key may be sent to `base_url`, most specific first."""
    host = (urlsplit(base_url).hostname or "").lower()
    for hosts, names in _PROVIDERS:
        if host in hosts:
            return (*names, "REPOVIEW_API_KEY")
    return ("REPOVIEW_API_KEY",)


def seal_key(env: Mapping[str, str]) -> bytes:
    """A key for sealing what the CI job writes of its own reviews, derived from the provider
    keys it holds (b"" with none): only a job that can pay for a review can say one was made.
    The keys themselves go nowhere; a digest of them seals with HMAC."""
    values = [env[n].strip() for n in sorted(_ALL) if env.get(n, "").strip()]
    if not values:
        return b""
    return hashlib.sha256(b"repoview seal\0" + "\0".join(values).encode()).digest()


def key_for(base_url: str, env: Mapping[str, str]) -> str:
    """The key for `base_url`; a missing one is an error naming the variable to set, raised
    before any connection is made."""
    allowed = key_vars(base_url)
    for name in allowed:
        value = env.get(name, "").strip()
        if value:
            return value
    host = urlsplit(base_url).hostname or base_url
    others = [n for n in _ALL if n not in allowed and env.get(n, "").strip()]
    note = ""
    if others:
        note = f" ({', '.join(others)} is set, but is never sent to {host})"
    alt = f" (or {', '.join(allowed[1:])})" if len(allowed) > 1 else ""
    raise ConfigError(f"no API key for {host}: set {allowed[0]}{alt}{note}")


def without_credentials(url: str) -> str:
    """`url` with any `user:password@` taken out: what is shown and stored of an endpoint
    (messages, reports, the run store, `repoview config`)."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rpartition("@")[2]
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def url_credentials(url: str) -> tuple[str, str] | None:
    """The user name and password written into `url`, if any (sent as HTTP basic auth)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if "@" not in parts.netloc:
        return None
    user, _, password = parts.netloc.rpartition("@")[0].partition(":")
    return unquote(user), unquote(password)
