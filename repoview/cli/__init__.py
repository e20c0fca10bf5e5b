"""The `repoview` command line: a thin layer of click over the library."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from ..errors import RepoviewError
from . import admin, pack, review, serve  # noqa: F401  (each registers its commands on `cli`)
from .base import _env, _fail, cli

__all__ = ["cli", "main"]


def _leave_at_once() -> NoReturn:
    """End a finished pack without tearing the interpreter down: freeing a large pack's
    objects one by one takes 25 ms of a warm 0.5 s pack of the stdlib corpus. Exit handlers
    still run (the token worker is stopped); the output is written and flushed."""
    import atexit
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        # The reader may have gone away (`| head`): not an error, as in main().
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(0)


def main() -> None:
    """Entry point: run the CLI, turning errors into one line and an exit code."""
    debug = _env("REPOVIEW_DEBUG") == "1"
    try:
        cli(standalone_mode=True)
    except SystemExit as exc:
        if exc.code in (0, None) and sys.argv[1:2] == ["pack"]:
            _leave_at_once()
        raise
    except RepoviewError as exc:  # raised outside a command's own handler
        if debug:
            raise
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("repoview: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        os._exit(0)  # the reader went away (`| head`): not an error
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"repoview: internal error: {type(exc).__name__}: {exc} "
            "(set REPOVIEW_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        sys.exit(70)
