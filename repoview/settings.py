"""Settings resolved once, in one order, against one schema, for every surface.

Order, highest first: command-line flag > environment variable > the repository's
`.repoview.toml` (or `[tool.repoview]` in pyproject.toml) > the user's own config file >
built-in default. A repository's files are untrusted input: they may choose what to pack and
how to review it, but never where keys or code are sent, whether secrets are scanned, or
whether the hook runs. Those keys (`user_only` below) are taken from a repository file only
after `repoview trust`, and are otherwise ignored with a one-line warning.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import ConfigError
from .setting_values import (
    Parse,
    parse_base_url,
    parse_bool,
    parse_budget,
    parse_choice,
    parse_globs,
    parse_number,
    parse_size,
    parse_str,
    parse_text,
)

__all__ = [
    "SCHEMA",
    "Layer",
    "Settings",
    "config_dir",
    "home_dir",
    "read_repo_config",
    "resolve",
    "user_config_path",
]

Layer = Literal["flag", "env", "repo", "user", "default"]

SEVERITIES = ("critical", "high", "medium", "low", "info")


# -- the schema ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One setting: how to read it, its default, its variable, and whether a repo may set it."""

    parse: Parse
    default: Any = None
    env: str | None = None
    user_only: bool = False  # moves keys or code, or turns a protection off
    fallback: str | None = None  # a top-level key this one inherits, layer by layer
    doc: str = ""


def _hook_budget(value: Any, where: str) -> int | str:
    return "window" if value == "window" else parse_budget(value, where)


_FAIL = parse_choice(*SEVERITIES)
_MODEL = Key(parse_str, None, fallback="model", doc="model for this surface")
_BUDGET = Key(parse_budget, None, fallback="budget", doc="pack budget for this surface")

SCHEMA: dict[str, dict[str, Key]] = {
    "": {
        "model": Key(parse_str, None, "REPOVIEW_MODEL", doc="default model (`repoview models`)"),
        "base_url": Key(
            parse_base_url,
            None,
            "REPOVIEW_BASE_URL",
            user_only=True,
            doc="OpenAI-compatible endpoint (moonshot, moonshot-cn, or a URL)",
        ),
        "budget": Key(parse_budget, None, doc="pack budget in tokens (200k, 1m, ...)"),
        "format": Key(parse_choice("xml", "markdown", "plain", "json"), "xml", doc="pack format"),
        "focus": Key(parse_choice("breadth", "depth"), "breadth", doc="what a short budget keeps"),
        "include": Key(parse_globs, (), doc="keep only paths matching these globs"),
        "exclude": Key(parse_globs, (), doc="leave out paths matching these globs"),
        "default_excludes": Key(parse_bool, True, doc="leave out lockfiles, vendored, generated"),
        "line_numbers": Key(parse_bool, False, doc="number every line of file text"),
        "secret_scan": Key(
            parse_bool,
            True,
            "REPOVIEW_SECRET_SCAN",
            user_only=True,
            doc="find and redact secrets before anything leaves",
        ),
        "max_file_size": Key(parse_size, 1_000_000, doc="leave out larger files"),
        "encoding": Key(parse_choice("o200k_base", "cl100k_base"), "o200k_base", doc="tokenizer"),
        "compress": Key(parse_bool, False, doc="every file as an outline, no budget needed"),
        "remove_comments": Key(parse_bool, False, doc="drop comments from file text"),
        "include_logs": Key(parse_number(int, 0, 10_000), 0, doc="the last N commits, at the end"),
        "header_text": Key(parse_text, "", doc="text placed at the start of the pack"),
        "instruction_file": Key(parse_str, None, doc="a file whose text ends the pack"),
    },
    "review": {
        "model": _MODEL,
        "base_url": Key(parse_base_url, None, user_only=True, fallback="base_url", doc="endpoint"),
        "budget": _BUDGET,
        "fail_on": Key(_FAIL, None, doc="exit 1 at this severity or worse"),
        "max_cost": Key(parse_number(float, 0), None, doc="refuse reviews estimated above USD"),
        "confirm_above": Key(parse_number(float, 0), 1.0, doc="ask on a terminal above USD"),
        "timeout": Key(parse_number(float, 1), 900.0, doc="seconds to wait for the answer"),
        "retries": Key(parse_number(int, 0, 20), 4, doc="retries on 429/5xx/network errors"),
        "backoff": Key(parse_number(float, 0), 1.0, doc="seconds before the first retry"),
        "tools": Key(parse_bool, True, doc="let the model read left-out files"),
        "strategy": Key(
            parse_choice("single", "map-reduce", "auto"),
            "single",
            doc="single: one request (tools for the rest); map-reduce: parts + merge; auto: "
            "map-reduce when one request shows under half the source and 16 parts cover it",
        ),
        "focus": Key(
            parse_choice("breadth", "depth", "diff"),
            None,
            doc="what the pack favours (default: the task's own)",
        ),
        "concurrency": Key(parse_number(int, 1, 32), 2, doc="map-reduce parts at once"),
        "tool_calls": Key(parse_number(int, 0), 20, doc="tool calls per review"),
        "tool_rounds": Key(parse_number(int, 0, 20), 3, doc="requests that may call tools"),
        "tool_tokens": Key(parse_number(int, 100), 8000, doc="tokens per tool answer"),
        "tool_total": Key(parse_number(int, 0), 60000, doc="tokens of all tool answers"),
    },
    "hook": {
        "enabled": Key(parse_bool, True, user_only=True, doc="review on git push"),
        "model": _MODEL,
        "budget": Key(
            _hook_budget,
            None,
            doc='pack budget (default: a quarter of the window; "window": all of it)',
        ),
        "fail_on": Key(_FAIL, "critical", doc="block the push at this severity or worse"),
        "timeout": Key(parse_number(float, 1), 180.0, doc="seconds for the whole review of a push"),
        "strict": Key(parse_bool, False, doc="block the push when the review cannot run"),
    },
    "ci": {
        "model": _MODEL,
        "budget": _BUDGET,
        "fail_on": Key(_FAIL, None, doc="fail the job at this severity or worse"),
        "strict": Key(parse_bool, False, doc="fail the job when the review cannot run"),
        "retries": Key(parse_number(int, 0, 20), 3, doc="retries on 429/5xx/network errors"),
    },
    "web": {
        "root": Key(
            parse_str,
            None,
            "REPOVIEW_WEB_ROOT",
            user_only=True,
            doc="folder under which the page may add repos",
        ),
    },
    "mcp": {
        "root": Key(
            parse_str,
            None,
            "REPOVIEW_MCP_ROOT",
            user_only=True,
            doc="folder whose repos the MCP server may pack, besides the one it starts in",
        ),
    },
}

# `[models.NAME]`: extra or changed models. `base_url` moves keys, so it is user-only.
MODEL_KEYS: dict[str, Key] = {
    "context": Key(parse_number(int, 1024)),
    "input_price": Key(parse_number(float, 0)),
    "output_price": Key(parse_number(float, 0)),
    "cached_input_price": Key(parse_number(float, 0)),
    "base_url": Key(parse_base_url, user_only=True),
    "margin": Key(parse_number(float, 0, 0.9)),
    "reserve": Key(parse_number(int, 0)),
}


def _all_names() -> list[str]:
    names = [f"{t}.{k}" if t else k for t, keys in SCHEMA.items() for k in keys]
    return names + [t for t in SCHEMA if t] + ["models", "tool"]


# -- where files live ------------------------------------------------------------------------


def home_dir(env: Mapping[str, str] | None = None) -> Path:
    """REPOVIEW_HOME, else the platform's per-user data folder (run store, caches, trust)."""
    env = os.environ if env is None else env
    if env.get("REPOVIEW_HOME"):
        return Path(env["REPOVIEW_HOME"]).expanduser()
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA", str(Path.home()))) / "repoview"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "repoview"
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "repoview"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user's config folder: REPOVIEW_HOME when set, else the platform's config folder."""
    env = os.environ if env is None else env
    if env.get("REPOVIEW_HOME"):
        return Path(env["REPOVIEW_HOME"]).expanduser()
    if sys.platform == "win32":
        return Path(env.get("APPDATA", str(Path.home()))) / "repoview"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "repoview"
    return Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "repoview"


def user_config_path(env: Mapping[str, str] | None = None) -> Path:
    """The user's own config file."""
    return config_dir(env) / "config.toml"


# -- reading files ---------------------------------------------------------------------------


def _load_toml(data: bytes, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{where}: invalid TOML ({exc}); fix or remove the file") from None


@dataclass(frozen=True)
class RepoConfig:
    """A repository's configuration table, where it came from, and its bytes' digest."""

    table: dict[str, Any]
    where: str = ""
    digest: str = ""


def read_repo_config(root: Path | None, text: bytes | None = None, name: str = "") -> RepoConfig:
    """`.repoview.toml` at `root`, else `[tool.repoview]` in its pyproject.toml. With `text`,
    that file's bytes as found elsewhere (CI reads the base branch's copy, not the head's)."""
    if text is not None:
        return RepoConfig(_load_toml(text, name), name, hashlib.sha256(text).hexdigest())
    if root is None:
        return RepoConfig({})
    own = root / ".repoview.toml"
    if own.is_file():
        data = _read_bytes(own)
        return RepoConfig(_load_toml(data, str(own)), str(own), hashlib.sha256(data).hexdigest())
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _read_bytes(pyproject)
        try:
            table = tomllib.loads(data.decode("utf-8")).get("tool", {}).get("repoview")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return RepoConfig({})  # a broken pyproject is not ours to report
        if isinstance(table, dict):
            where = f"{pyproject} [tool.repoview]"
            digest = hashlib.sha256(json.dumps(table, sort_keys=True).encode()).hexdigest()
            return RepoConfig(table, where, digest)
    return RepoConfig({})


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None


# -- resolution ------------------------------------------------------------------------------


@dataclass
class Settings:
    """Effective settings: each value with the layer and place it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # name -> "flag --x", "$VAR", path
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    model_sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    repo_config: str = ""  # the repository file read, if any
    user_config: str = ""  # the user file read, if any
    trusted: bool = False

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")

    def items(self) -> Iterator[tuple[str, Any, str]]:
        for name in sorted(self.values, key=lambda n: (n.count("."), n)):
            yield name, self.values[name], self.source(name)


def _check_tables(table: dict[str, Any], where: str) -> None:
    """Unknown tables and keys, and wrong shapes: exit 2 naming the closest valid name."""
    names = _all_names()
    for key, value in table.items():
        if key in SCHEMA and key:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            for sub in value:
                if sub not in SCHEMA[key]:
                    _unknown(f"{key}.{sub}", where, [f"{key}.{k}" for k in SCHEMA[key]])
        elif key == "models":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [models] must hold one table per model")
            for mname, mtable in value.items():
                if not isinstance(mtable, dict):
                    raise ConfigError(f"{where}: [models.{mname}] must be a table")
                for sub, inner in mtable.items():
                    if isinstance(inner, dict):  # `[models.kimi-k2.6]`: the dot split the name
                        raise ConfigError(
                            f"{where}: [models.{mname}.{sub}] is read as model {mname!r}; quote "
                            f'a name with a dot: [models."{mname}.{sub}"]'
                        )
                for sub in mtable:
                    if sub not in MODEL_KEYS:
                        _unknown(
                            f"models.{mname}.{sub}",
                            where,
                            [f"models.{mname}.{k}" for k in MODEL_KEYS],
                        )
        elif key not in SCHEMA[""]:
            _unknown(key, where, names)


def _unknown(name: str, where: str, valid: list[str]) -> None:
    plain = name.replace("-", "_")
    close = difflib.get_close_matches(plain, valid, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid: {', '.join(sorted(valid))}"
    raise ConfigError(f"{where}: unknown setting {name!r}{hint}")


def _lookup(table: dict[str, Any], name: str) -> tuple[bool, Any]:
    section, _, key = name.rpartition(".")
    scope = table.get(section, {}) if section else table
    if isinstance(scope, dict) and key in scope:
        return True, scope[key]
    return False, None


def _key(name: str) -> Key:
    section, _, key = name.rpartition(".")
    return SCHEMA[section][key]


def resolve(
    root: Path | None,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    repo: RepoConfig | None = None,
    flag_names: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting for a repository at `root` (None: no repository).

    `flags` maps setting names (`"review.max_cost"`) to values given on the command line,
    None meaning not given; `flag_names` names each flag for `repoview config`'s sources.
    `repo` replaces the repository file (CI passes the base branch's copy).
    """
    env = os.environ if env is None else env
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    repo = repo if repo is not None else read_repo_config(root)
    user_path = user_config_path(env)
    user = RepoConfig({})
    if user_path.is_file():
        data = _read_bytes(user_path)
        user = RepoConfig(_load_toml(data, str(user_path)), str(user_path))
    _check_tables(user.table, user.where)
    if repo.where:
        _check_tables(repo.table, repo.where)
    from .trust import trusted_digest  # here, not at the top: trust.py imports this module

    trusted = bool(root and repo.where and trusted_digest(root, env) == repo.digest)
    out = Settings(repo_config=repo.where, user_config=user.where, trusted=trusted)
    for section, keys in SCHEMA.items():
        for key, spec in keys.items():
            name = f"{section}.{key}" if section else key
            value, where = _resolve_one(
                name, spec, flags, env, repo, user, trusted, out, flag_names or {}
            )
            out.values[name] = value
            if where != "default":
                out.sources[name] = where
    _resolve_models(out, repo, user, trusted)
    if repo.where and not trusted:
        _guard_repo_choices(out, repo, user, env, flags, flag_names or {})
    out.warnings = list(dict.fromkeys(out.warnings))
    return out


_MODEL_CHOICES = ("model", "review.model", "hook.model", "ci.model")
_YOURS = "put it in your own config, or run `repoview trust` to accept it"
# Cost guards: a repository file may make them stricter, never looser.
_LIMITS = ("review.max_cost", "review.confirm_above")


def _guard_repo_choices(
    out: Settings,
    repo: RepoConfig,
    user: RepoConfig,
    env: Mapping[str, str],
    flags: Mapping[str, Any],
    flag_names: Mapping[str, str],
) -> None:
    """What an untrusted repository file chose that would move code or money: a model served
    elsewhere than the user's own settings send code (`gpt-4o` instead of Moonshot's), and
    a cost limit looser than the user's. Each is set back to the user's value, with a warning
    for the key the file sets (not again for each surface that inherits it)."""
    from .registry import BASE_ALIASES, DEFAULT_MODEL, MODELS, MOONSHOT

    def without_repo(name: str) -> tuple[Any, str]:
        return _resolve_one(
            name, _key(name), flags, env, RepoConfig({}), user, False, Settings(), flag_names
        )

    def undo(name: str, why: str) -> None:
        value, where = without_repo(name)
        out.values[name] = value
        if where == "default":
            out.sources.pop(name, None)
        else:
            out.sources[name] = where
        if _lookup(repo.table, name)[0]:
            out.warnings.append(f"ignored {_label(name)} from {repo.where}: {why}; {_YOURS}")

    built_in = {m.name: m.base_url for m in MODELS}

    def served(model: str) -> str:
        """Where a model name sends code when no base_url is set: the user's [models] table
        (a repository's base_url there is ignored), else the built-in one; "auto" picks
        among Moonshot's models, and a name neither knows goes to Moonshot too."""
        url = out.models.get(model, {}).get("base_url") or built_in.get(model, MOONSHOT)
        return BASE_ALIASES.get(url, url)

    for name in _MODEL_CHOICES:
        if out.sources.get(name) != repo.where:
            continue
        if out.values.get("review.base_url") or out.values.get("base_url"):
            continue  # the user chose the endpoint: any model name goes there
        mine, _ = without_repo(name)
        home = served(str(mine or DEFAULT_MODEL))
        chosen = [m.strip() for m in str(out.values[name]).split(",") if m.strip()]
        elsewhere = [m for m in chosen if served(m) != home]
        if elsewhere:
            undo(name, f"{elsewhere[0]} is served at {served(elsewhere[0])}, not {home}")
    for name in _LIMITS:
        if out.sources.get(name) != repo.where:
            continue
        mine, _ = without_repo(name)
        if mine is not None and out.values[name] > mine:
            undo(name, f"it raises your limit of {mine}")


def _resolve_one(
    name: str,
    spec: Key,
    flags: Mapping[str, Any],
    env: Mapping[str, str],
    repo: RepoConfig,
    user: RepoConfig,
    trusted: bool,
    out: Settings,
    flag_names: Mapping[str, str],
) -> tuple[Any, str]:
    chain = [name] + ([spec.fallback] if spec.fallback else [])
    for candidate in chain:  # a flag for the surface's own key, then the general one
        if candidate in flags:
            flag = flag_names.get(candidate, "--" + candidate.rpartition(".")[2].replace("_", "-"))
            return _key(candidate).parse(flags[candidate], flag), f"flag {flag}"
    for candidate in chain:
        var = _key(candidate).env
        if var and env.get(var):
            return _key(candidate).parse(env[var], f"${var}"), f"${var}"
    for layer in (repo, user):
        for candidate in chain:
            found, raw = _lookup(layer.table, candidate)
            if not found:
                continue
            where = f"{layer.where}: {_label(candidate)}"
            value = _key(candidate).parse(raw, where)  # a bad value is an error wherever it is
            if layer is repo and _key(candidate).user_only and not trusted:
                out.warnings.append(
                    f"ignored {_label(candidate)} from {repo.where}: a repository file cannot "
                    f"set it; {_YOURS}"
                )
                continue
            return value, layer.where
    return spec.default, "default"


def _label(name: str) -> str:
    section, _, key = name.rpartition(".")
    return f"[{section}] {key}" if section else key


_PRICES = ("input_price", "output_price", "cached_input_price")


def _built_in_prices() -> dict[tuple[str, str], float]:
    from .registry import MODELS

    return {
        (m.name, k): getattr(m, k) for m in MODELS for k in _PRICES if getattr(m, k) is not None
    }


_BUILT_IN_PRICES = _built_in_prices()


def _resolve_models(out: Settings, repo: RepoConfig, user: RepoConfig, trusted: bool) -> None:
    # The user's tables first, then the repository's on top, key by key: a repository may
    # describe a model (its window, prices), but not move its endpoint.
    for layer in (user, repo):
        tables = layer.table.get("models", {})
        for mname, mtable in tables.items():
            merged = out.models.setdefault(str(mname), {})
            for key, raw in mtable.items():
                spec = MODEL_KEYS[key]
                label = f"[models.{mname}] {key}"
                value = spec.parse(raw, f"{layer.where}: {label}")
                if layer is repo and spec.user_only and not trusted:
                    out.warnings.append(
                        f"ignored {label} from {repo.where}: a repository file cannot set it; "
                        + _YOURS
                    )
                    continue
                if layer is repo and key in _PRICES and not trusted:
                    # A repository may describe a model's price, never make a review look
                    # cheaper than the user's settings or the built-in table say it is.
                    known = merged.get(key, _BUILT_IN_PRICES.get((str(mname), key)))
                    if known is None or value < known:
                        out.warnings.append(
                            f"ignored {label} from {repo.where}: a repository file cannot "
                            f"lower a price or set one (it guards --max-cost); {_YOURS}"
                        )
                        continue
                merged[key] = value
                out.model_sources[f"models.{mname}.{key}"] = layer.where


def base_config(root: Path, rev: str) -> RepoConfig:
    """The repository configuration as committed at `rev` (CI: the base branch), so that a
    change under review cannot rewrite the rules it is reviewed by."""
    import subprocess

    for name in (".repoview.toml", "pyproject.toml"):
        proc = subprocess.run(
            ["git", "show", f"{rev}:{name}"], cwd=root, capture_output=True, check=False
        )
        if proc.returncode != 0:
            continue
        where = f"{name} at {rev[:12]}"
        if name == ".repoview.toml":
            return read_repo_config(None, proc.stdout, where)
        try:
            table = tomllib.loads(proc.stdout.decode("utf-8")).get("tool", {}).get("repoview")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return RepoConfig({})
        if isinstance(table, dict):
            digest = hashlib.sha256(json.dumps(table, sort_keys=True).encode()).hexdigest()
            return RepoConfig(table, f"{where} [tool.repoview]", digest)
    return RepoConfig({})
