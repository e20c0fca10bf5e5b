"""Settings in one order: command-line flag > environment variable > project file > default."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["FileConfig", "env", "load_file_config", "parse_size"]


class FileConfig(dict[str, Any]):
    """The `.repoview.toml` table (or `[tool.repoview]`), with where it came from."""

    source: str = ""

    def section(self, name: str) -> dict[str, Any]:
        value = self.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.source}: [{name}] must be a table")
        return value


def load_file_config(root: Path) -> FileConfig:
    """Read `.repoview.toml` at `root`, else `[tool.repoview]` in its pyproject.toml."""
    cfg = FileConfig()
    own = root / ".repoview.toml"
    if own.is_file():
        cfg.update(_read_toml(own))
        cfg.source = str(own)
        return cfg
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = _read_toml(pyproject).get("tool", {}).get("repoview", {})
        except ConfigError:
            return cfg  # a broken pyproject is not ours to report
        if isinstance(table, dict):
            cfg.update(table)
            cfg.source = f"{pyproject} [tool.repoview]"
    return cfg


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix or remove the file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


def env(name: str) -> str | None:
    """An environment variable, with empty values treated as unset."""
    value = os.environ.get(name)
    return value if value else None


_UNITS = {"k": 1_000, "kb": 1_000, "kib": 1024, "m": 1_000_000, "mb": 1_000_000,
          "mib": 1024 * 1024, "b": 1, "": 1}  # fmt: skip


def parse_size(value: str | int, what: str) -> int:
    """Parse `1048576`, `1mb`, `512kib` into bytes; errors name the option."""
    if isinstance(value, int):
        return value
    text = str(value).strip().lower().replace("_", "")
    num = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(num) :]
    try:
        n = float(num)
    except ValueError:
        n = -1
    if unit not in _UNITS or n <= 0:
        raise ConfigError(f"invalid {what} {value!r}: use a number of bytes such as 1000000 or 1mb")
    return int(n * _UNITS[unit])
