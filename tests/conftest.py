"""Fixtures: real git repositories in tmp_path, an isolated git config and REPOVIEW_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .provider import Provider


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / "gitconfig"
    gitconfig.write_text('[init]\n\tdefaultBranch = main\n[protocol "file"]\n\tallow = always\n')
    monkeypatch.setenv("REPOVIEW_HOME", str(home / "repoview"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{var}_NAME", "Test User")
        monkeypatch.setenv(f"GIT_{var}_EMAIL", "test@example.com")
    for var in ("REPOVIEW_DEBUG", "REPOVIEW_MODEL", "REPOVIEW_API_KEY", "GIT_DIR"):
        monkeypatch.delenv(var, raising=False)


def git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    """Run git for a test and return stdout; fail loudly with git's stderr."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, input=input, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode()}")
    return proc.stdout.decode("utf-8", "surrogateescape")


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


MakeRepo = Callable[..., Path]


def handlers(name: str, n: int, kind: str | None = None) -> str:
    """A module of `n` small request handlers, `{name}_0` on (with a docstring naming
    `kind` when given): source that a small window reviews in several parts."""
    return "".join(
        f"def {name}_{k}(request, options=None):\n"
        + (
            f'    """Handle request kind {kind}.{k} and return what its handler answers."""\n'
            if kind is not None
            else ""
        )
        + f"    checked = validate(request, {k})\n"
        f"    return route(checked, {k}, options or {{}})\n\n\n"
        for k in range(n)
    )


def graph(make_repo: MakeRepo, files: dict[str, str | bytes]) -> dict[str, list[str]]:
    """Each file's imports in the pack of a repository holding `files`."""
    from repoview.packer import PackOptions, build_pack

    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    return {f.path: f.imports for f in pack.files}


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Create a git repository with `files`, committed unless commit=False."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes], commit: bool = True, name: str = "") -> Path:
        root = tmp_path / (name or f"repo{next(counter)}")
        root.mkdir()
        git(root, "init", "-q")
        write_tree(root, files)
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-qm", "initial")
        return root

    return make


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None
) -> Run:
    """Run the installed CLI in a real subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "repoview", *args],
        cwd=cwd,
        capture_output=True,
        env=full_env,
        input=input.encode() if input else None,
        check=False,
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def cli() -> Callable[..., Run]:
    return run_cli


@pytest.fixture
def provider() -> Iterator[Provider]:
    """The model provider's stand-in on 127.0.0.1 (tests/provider.py), for one test."""
    with Provider() as p:
        yield p
