"""The settings' value parsers: each takes the raw value and where it came from (a flag,
`$VARIABLE` or file), and raises one line naming that place."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .keys import without_credentials

__all__ = [
    "BUDGET_NAMES",
    "Parse",
    "parse_base_url",
    "parse_bool",
    "parse_budget",
    "parse_choice",
    "parse_globs",
    "parse_number",
    "parse_size",
    "parse_str",
    "parse_text",
]

Parse = Callable[[Any, str], Any]

BUDGET_NAMES = {"128k": 128_000, "256k": 256_000, "512k": 512_000, "1m": 1_000_000, "2m": 2_000_000}


def parse_bool(value: Any, where: str) -> bool:
    # TOML has real booleans; a string "false" is a typo that would otherwise read as true.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and where.startswith("$"):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
    raise ConfigError(f"{where} must be true or false (a boolean, not {value!r})")


def parse_str(value: Any, where: str) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ConfigError(f"{where} must be a non-empty string, not {value!r}")


def parse_base_url(value: Any, where: str) -> str:
    """An endpoint: an http(s) URL with a host, or a provider's short name (`moonshot`)."""
    from .registry import BASE_ALIASES

    url = parse_str(value, where)
    if url in BASE_ALIASES:
        return url
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # (a port that is no number)
        ok = False
    if not ok:
        names = ", ".join(sorted(BASE_ALIASES))
        shown = without_credentials(url)  # (a password in it is never printed)
        raise ConfigError(f"{where} must be an http(s) URL or one of {names}, not {shown!r}")
    return url


def parse_text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    raise ConfigError(f"{where} must be a string, not {value!r}")


def parse_number(kind: type, low: float, high: float | None = None) -> Parse:
    def parse(value: Any, where: str) -> Any:
        if isinstance(value, str) and where.startswith("$"):
            with contextlib.suppress(ValueError):
                value = kind(value.strip())
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if kind is int:
            ok = ok and float(value).is_integer()
        if not ok or value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f">= {low}"
            name = "an integer" if kind is int else "a number"
            raise ConfigError(f"{where} must be {name} {bound}, not {value!r}")
        return kind(value)

    return parse


def parse_choice(*values: str) -> Parse:
    def parse(value: Any, where: str) -> str:
        if isinstance(value, str) and value in values:
            return value
        close = difflib.get_close_matches(str(value), values, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{where} must be one of {', '.join(values)}, not {value!r}{hint}")

    return parse


def parse_globs(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str) and where.startswith("$"):
        value = [v for v in value.split(",") if v.strip()]
    if isinstance(value, list | tuple) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise ConfigError(f'{where} must be a list of glob strings, such as ["docs/**"]')


def parse_budget(value: Any, where: str = "--budget") -> int:
    """`200000`, `200k`, `1m`, or a named context size; errors name where it came from."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    text = str(value).strip().lower().replace("_", "").replace(",", "")
    if text in BUDGET_NAMES:
        return BUDGET_NAMES[text]
    mult = 1
    if text.endswith("k"):
        mult, text = 1_000, text[:-1]
    elif text.endswith("m"):
        mult, text = 1_000_000, text[:-1]
    try:
        n = int(float(text) * mult)
    except ValueError:
        n = 0
    if n <= 0 or isinstance(value, bool):
        raise ConfigError(
            f"{where}: invalid {'budget' if 'budget' in where else 'token count'} {value!r}: "
            "give a token count such as 200000, 200k, "
            "or one of " + ", ".join(BUDGET_NAMES)
        )
    return n


_UNITS = {
    "k": 1_000,
    "kb": 1_000,
    "kib": 1024,
    "m": 1_000_000,
    "mb": 1_000_000,
    "mib": 1024 * 1024,
    "b": 1,
    "": 1,
}


def parse_size(value: Any, where: str = "--max-file-size") -> int:
    """`1048576`, `1mb`, `512kib` in bytes; errors name where it came from."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    text = str(value).strip().lower().replace("_", "")
    num = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(num) :]
    try:
        n = float(num)
    except ValueError:
        n = -1
    if unit not in _UNITS or n <= 0 or isinstance(value, bool):
        raise ConfigError(
            f"{where}: invalid size {value!r}: use a number of bytes such as 1000000 or 1mb"
        )
    return int(n * _UNITS[unit])
