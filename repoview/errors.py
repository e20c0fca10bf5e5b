"""The one exception tree of repoview; the CLI maps each class to an exit code."""

from __future__ import annotations

__all__ = [
    "BudgetError",
    "ConfigError",
    "CostError",
    "GitError",
    "InputError",
    "ProviderError",
    "RepoviewError",
]


class RepoviewError(Exception):
    """Base of every error repoview raises on purpose; its message is one line for the user."""

    exit_code = 2


class ConfigError(RepoviewError):
    """A bad option value, configuration file or missing setting."""


class CostError(ConfigError):
    """A review not sent for its cost: above --max-cost, unpriced with --max-cost, or declined."""


class InputError(RepoviewError):
    """A path, file or argument the user gave cannot be used."""


class GitError(RepoviewError):
    """Git refused or failed: a bad revision, not a repository, a broken object store."""


class BudgetError(RepoviewError):
    """The token budget cannot hold even the smallest possible pack."""


class ProviderError(RepoviewError):
    """The model provider or the network failed; carries the HTTP status and body if any."""

    exit_code = 3

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body
