"""The one exception tree of repoview; the CLI maps each class to an exit code.

RepoviewError                 exit 2 unless noted; the message is one line for the user
├── ConfigError               a bad option, setting or configuration file
│   └── CostLimitError        the estimate is above --max-cost, or the price is unknown
├── InputError                a path, file or argument that cannot be used
│   └── NothingToReview       no file with text, or an empty change: no request is sent
├── GitError                  git refused: a bad revision, not a repository, a broken store
├── BudgetError               the budget cannot hold even the smallest pack
├── StoreError                the run store cannot be opened or written
└── ProviderError             exit 3: the model provider or the network failed
    └── ForgeError            exit 3: GitHub or GitLab refused or failed
"""

from __future__ import annotations

__all__ = [
    "BudgetError",
    "ConfigError",
    "CostLimitError",
    "DeadlineError",
    "ForgeError",
    "GitError",
    "InputError",
    "NothingToReview",
    "ProviderError",
    "RepoviewError",
    "StoreError",
]


class RepoviewError(Exception):
    """Base of every error repoview raises on purpose; its message is one line for the user."""

    exit_code = 2
    run_id: int | None = None  # a review that failed: the run stored with what it cost


class ConfigError(RepoviewError):
    """A bad option value, configuration file or missing setting."""


class CostLimitError(ConfigError):
    """A review not sent for its cost: above --max-cost, unpriced with --max-cost, or declined."""


class InputError(RepoviewError):
    """A path, file or argument the user gave cannot be used."""


class NothingToReview(InputError):
    """No file with text, or a change between two identical trees: not worth a request.
    The hook lets such a push go and CI reports it without failing."""


class GitError(RepoviewError):
    """Git refused or failed: a bad revision, not a repository, a broken object store."""


class BudgetError(RepoviewError):
    """The token budget cannot hold even the smallest possible pack."""


class StoreError(RepoviewError):
    """The run store (SQLite under REPOVIEW_HOME) cannot be opened, migrated or written."""


class ProviderError(RepoviewError):
    """The model provider or the network failed; carries the HTTP status and body if any."""

    exit_code = 3
    billed = 0  # attempts whose prompt the provider took before failing: most likely paid
    attempts = 0  # HTTP requests made for it, retries included
    billed_seconds = 0.0  # the billed attempts' own time, waits between retries left out

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class ForgeError(ProviderError):
    """GitHub or GitLab refused or failed (the HTTP status and body are kept)."""


class DeadlineError(ProviderError):
    """The overall deadline (the hook's `[hook] timeout`) passed before the answer was complete."""

    last = ""  # what the last attempt met (a wait the provider asked for past the deadline)
