"""What the commands share: the group they hang on, settings, errors, output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from .. import __version__
from ..errors import ConfigError, RepoviewError
from ..gitutil import RepoInfo, locate
from ..settings import Settings, resolve
from ..textsafe import oneline, terminal

__all__ = ["cli"]


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _say(line: str) -> None:
    """A progress or result line on stderr, with control characters shown escaped."""
    click.echo(terminal(line), err=True)


def _settings(
    path: Path,
    flags: dict[str, Any],
    names: dict[str, str] | None = None,
    say_warnings: bool = True,
    info: RepoInfo | None = None,
) -> Settings:
    """Resolve settings for the repository holding `path` (located already as `info`, when
    given); warnings go to stderr."""
    info = info or locate(path)
    s = resolve(info.toplevel or info.path, flags, os.environ, flag_names=names)
    if say_warnings:
        for w in s.warnings:
            _say(f"repoview: warning: {w}")
    return s


def _fail(exc: RepoviewError) -> NoReturn:
    if _env("REPOVIEW_DEBUG") == "1":
        import traceback

        traceback.print_exception(exc)
    click.echo(f"repoview: error: {oneline(str(exc))}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repoview")
def cli() -> None:
    """Review whole codebases with long-context language models."""


def _target(spec: str, ref: str | None, rev: str | None) -> tuple[Path, str | None]:
    from ..remote import resolve_target

    return resolve_target(spec, ref, rev, lambda w: click.echo(f"repoview: warning: {w}", err=True))


def _write(path: Path, data: Iterable[bytes]) -> int:
    """Write `data` to `path` (standard output for "-"); the number of bytes written."""
    size = 0

    def counted() -> Iterator[bytes]:
        nonlocal size
        for piece in data:
            size += len(piece)
            yield piece

    if str(path) == "-":  # the Unix convention: `-o -` is standard output
        sys.stdout.flush()
        sys.stdout.buffer.writelines(counted())
        sys.stdout.buffer.flush()
        return size
    try:
        with path.open("wb") as fh:
            fh.writelines(counted())
    except OSError as exc:
        _fail(ConfigError(f"cannot write {path}: {exc.strerror}"))
    return size
