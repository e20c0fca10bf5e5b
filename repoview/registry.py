"""The model registry: context windows, prices, and how to size a pack's budget for a model."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Any

from .errors import ConfigError

__all__ = [
    "BASE_ALIASES",
    "DEFAULT_MODEL",
    "MODELS",
    "Model",
    "budget_for",
    "find_model",
    "registry",
]

MOONSHOT = "https://api.moonshot.ai/v1"
MOONSHOT_CN = "https://api.moonshot.cn/v1"
OPENAI = "https://api.openai.com/v1"
BASE_ALIASES = {"moonshot": MOONSHOT, "moonshot-global": MOONSHOT, "moonshot-cn": MOONSHOT_CN}
DEFAULT_MODEL = "kimi-k2.6"


@dataclass(frozen=True)
class Model:
    """One model: its window, prices in USD per 1M tokens, and the pack-sizing settings."""

    name: str
    context: int
    input_price: float | None = None
    output_price: float | None = None
    cached_input_price: float | None = None
    base_url: str = MOONSHOT
    # o200k_base only estimates another vendor's tokenizer: keep this share of the window
    # free so the real count still fits. 0 for models that use o200k_base itself.
    margin: float = 0.10
    reserve: int | None = None  # tokens kept for the answer; None: the default

    def cost(self, input_tokens: int, output_tokens: int, cached_tokens: int = 0) -> float | None:
        """USD for one request, or None when the registry has no price."""
        if self.input_price is None or self.output_price is None:
            return None
        cached_price = (
            self.cached_input_price if self.cached_input_price is not None else (self.input_price)
        )
        fresh = max(0, input_tokens - cached_tokens)
        return (
            fresh * self.input_price
            + cached_tokens * cached_price
            + output_tokens * self.output_price
        ) / 1e6


MODELS: tuple[Model, ...] = (
    Model("moonshot-v1-8k", 8_192, 0.60, 1.20),
    Model("moonshot-v1-32k", 32_768, 1.20, 2.40),
    Model("moonshot-v1-128k", 131_072, 2.40, 4.80),
    Model("moonshot-v1-256k", 262_144, 3.00, 6.00),
    Model("moonshot-v1-512k", 524_288, 3.60, 7.20),
    Model("moonshot-v1-1m", 1_048_576, 4.80, 9.60),
    Model("moonshot-v1-2m", 2_097_152, 6.00, 12.00),
    Model("kimi-k2.6", 262_144, 0.95, 4.00, cached_input_price=0.16),
    Model("kimi-k3", 1_048_576),
    Model("gpt-4o", 128_000, 2.50, 10.00, 1.25, base_url=OPENAI, margin=0.0),
    Model("gpt-4o-mini", 128_000, 0.15, 0.60, 0.075, base_url=OPENAI, margin=0.0),
    Model("gpt-4.1", 1_047_576, 2.00, 8.00, 0.50, base_url=OPENAI, margin=0.0),
    Model("gpt-4.1-mini", 1_047_576, 0.40, 1.60, 0.10, base_url=OPENAI, margin=0.0),
)

DEFAULT_RESERVE = 16_384  # answer tokens kept free, at most a quarter of the window


def registry(extra: dict[str, Any] | None = None) -> dict[str, Model]:
    """The built-in models plus `[models.NAME]` tables from the configuration."""
    models = {m.name: m for m in MODELS}
    for name, table in (extra or {}).items():
        if not isinstance(table, dict):
            raise ConfigError(f"[models.{name}] must be a table")
        fields = {
            "context",
            "input_price",
            "output_price",
            "cached_input_price",
            "base_url",
            "margin",
            "reserve",
        }
        unknown = set(table) - fields
        if unknown:
            raise ConfigError(
                f"[models.{name}]: unknown key(s) {', '.join(sorted(unknown))}; "
                f"use {', '.join(sorted(fields))}"
            )
        base = models.get(name)
        if base is None:
            if "context" not in table:
                raise ConfigError(f"[models.{name}] needs `context` (the window in tokens)")
            base = Model(name, int(table["context"]))
        models[name] = replace(base, **table)
    # A ratio measured by `repoview calibrate` replaces the fixed margin, unless the
    # configuration sets a margin itself.
    from .calibrate import calibrated_margins

    for name, margin in calibrated_margins().items():
        if name in models and "margin" not in (extra or {}).get(name, {}):
            models[name] = replace(models[name], margin=margin)
    return models


def find_model(name: str, models: dict[str, Model]) -> Model:
    """The model called `name`; an error lists close names when there is none."""
    if name in models:
        return models[name]
    close = difflib.get_close_matches(name, list(models), n=4, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}?" if close else "see `repoview models`"
    raise ConfigError(f"unknown model {name!r}: {hint}")


def reserve_for(model: Model) -> int:
    if model.reserve is not None:
        return model.reserve
    return min(DEFAULT_RESERVE, model.context // 4)


def budget_for(model: Model) -> int:
    """The pack budget for `model`: its window, less the answer reserve and the margin."""
    return int((model.context - reserve_for(model)) * (1 - model.margin))
