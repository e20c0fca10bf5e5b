"""The trust list: the repositories whose configuration the user accepted, each with the
digest of its file as it was then. Kept under REPOVIEW_HOME, outside every repository."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .errors import ConfigError
from .settings import RepoConfig, home_dir, read_repo_config

__all__ = ["trust", "trusted_digest", "untrust"]


def _trust_path(env: Mapping[str, str] | None) -> Path:
    return home_dir(env) / "trusted.json"


def _trust_table(env: Mapping[str, str] | None) -> dict[str, str]:
    path = _trust_path(env)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: unreadable trust list ({exc}); delete it") from None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def trusted_digest(root: Path, env: Mapping[str, str] | None = None) -> str | None:
    """The config digest the user trusted for this repository, if any."""
    return _trust_table(env).get(str(root.resolve()))


def trust(root: Path, env: Mapping[str, str] | None = None) -> RepoConfig:
    """Trust this repository's current configuration file (kept outside the repository);
    any later change to the file voids the trust."""
    cfg = read_repo_config(root)
    if not cfg.where:
        raise ConfigError(f"{root} has no .repoview.toml or [tool.repoview] to trust")
    table = _trust_table(env)
    table[str(root.resolve())] = cfg.digest
    _save_trust(table, env)
    return cfg


def untrust(root: Path, env: Mapping[str, str] | None = None) -> bool:
    """Forget the trust given to this repository; True when there was some."""
    table = _trust_table(env)
    found = table.pop(str(root.resolve()), None) is not None
    _save_trust(table, env)
    return found


def _save_trust(table: dict[str, str], env: Mapping[str, str] | None) -> None:
    path = _trust_path(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
