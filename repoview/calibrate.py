"""Provider-exact budgets: measure how a provider's tokenizer counts against o200k_base.

o200k_base only estimates another vendor's tokenizer, so budgets keep a fixed margin free.
`repoview calibrate` packs a repository, asks the provider's token-estimate endpoint
(Moonshot's `/tokenizers/estimate-token-count`) for the same text, and stores the ratio per
model under REPOVIEW_HOME; the model registry then sizes budgets by that ratio instead.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError, ProviderError
from .tokens import default_home

__all__ = [
    "CUSHION",
    "Calibration",
    "calibrated_margins",
    "load_calibrations",
    "measure",
    "run_calibration",
]

# A ratio is measured on one repository; other text (another language, more prose) counts a
# little differently. The cushion keeps that share of the window free as well.
CUSHION = 0.02


@dataclass(frozen=True)
class Calibration:
    """One measurement: the provider's count of a pack against its o200k_base count."""

    model: str
    ratio: float
    o200k_tokens: int
    provider_tokens: int
    base_url: str
    repository: str
    measured_at: float

    def margin(self) -> float:
        """The registry margin that turns the window into an o200k budget for this model."""
        return 1 - (1 - CUSHION) / self.ratio


def _file(home: Path | None) -> Path:
    return (home or default_home()) / "calibration.json"


def load_calibrations(home: Path | None = None) -> dict[str, Calibration]:
    """What `repoview calibrate` stored, by model name; nothing when it never ran."""
    path = _file(home)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"{path}: unreadable calibration ({exc}); delete it and rerun `repoview calibrate`"
        ) from None
    out = {}
    for name, row in (data if isinstance(data, dict) else {}).items():
        try:
            out[name] = Calibration(model=name, **row)
        except TypeError:
            continue  # written by another version: ignored rather than fatal
    return out


def calibrated_margins(home: Path | None = None) -> dict[str, float]:
    """Per model, the margin its calibration implies."""
    return {name: c.margin() for name, c in load_calibrations(home).items() if c.ratio > 0}


def save(cal: Calibration, home: Path | None = None) -> Path:
    path = _file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    row = {k: v for k, v in cal.__dict__.items() if k != "model"}
    data[cal.model] = row
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)  # a reader never sees half a file
    return path


def measure(
    text: str, o200k_tokens: int, model: str, client: Any, base_url: str, repository: str
) -> Calibration:
    """Ask the provider to count `text` (one user message) and compare with o200k_base."""
    if o200k_tokens <= 0:
        raise ConfigError("the pack is empty: calibrate on a repository with files in it")
    body = {"model": model, "messages": [{"role": "user", "content": text}]}
    provider = client.estimate_tokens(body)
    if provider <= 0:
        raise ProviderError(f"{base_url} counted {provider} tokens; cannot calibrate with that")
    return Calibration(
        model=model,
        ratio=round(provider / o200k_tokens, 4),
        o200k_tokens=o200k_tokens,
        provider_tokens=provider,
        base_url=base_url,
        repository=repository,
        measured_at=round(time.time(), 1),
    )


def run_calibration(
    path: Path, model: str | None, base_url: str | None, environ: dict[str, str]
) -> tuple[Calibration, int, int, Path]:
    """Pack `path` for `model`, measure, store; the calibration, the budget before and
    after, and where it was saved."""
    from .gitutil import locate
    from .keys import key_for
    from .llm import Client
    from .options import pack_options
    from .packer import build_pack
    from .registry import BASE_ALIASES, DEFAULT_MODEL, budget_for, find_model, registry, reserve_for
    from .settings import resolve

    info = locate(path)
    s = resolve(info.toplevel or info.path, {"model": model, "base_url": base_url}, environ)
    m = find_model(s.get("model") or DEFAULT_MODEL, registry(s.models))
    base = s.get("base_url") or m.base_url
    base = BASE_ALIASES.get(base, base)
    key = key_for(base, environ)
    result = build_pack(pack_options(s, path, budget=m.context - reserve_for(m), model=None))
    client = Client(base, key, retries=2)
    try:
        cal = measure(
            result.output, result.total_tokens, m.name, client, client.base_url, str(result.root)
        )
    finally:
        client.close()
    where = save(cal)
    return cal, budget_for(m), budget_for(registry(s.models)[m.name]), where
