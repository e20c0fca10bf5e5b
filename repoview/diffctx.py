"""`--diff BASE..HEAD`: the change under review, its files, and its unified diff."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ConfigError
from .gitutil import RepoInfo, git, resolve_commit

__all__ = ["DiffContext", "load_diff", "split_spec"]


@dataclass
class DiffContext:
    """What a diff changes, with paths relative to the packed folder."""

    base: str
    head: str | None  # None: the work tree
    spec: str
    changed: dict[str, str] = field(default_factory=dict)  # path -> A, M, R, T (not D)
    deleted: list[str] = field(default_factory=list)
    text: str = ""


def _resolve(info: RepoInfo, rev: str) -> str:
    return resolve_commit(info.path, rev, "--diff: ")


def split_spec(spec: str) -> tuple[str, str | None, bool]:
    """`A..B` -> (A, B, False); `A...B` -> (A, B, True: from their merge base); `A` -> (A, None)."""
    if "..." in spec:
        a, b = spec.split("...", 1)
        return a or "HEAD", b or "HEAD", True
    if ".." in spec:
        a, b = spec.split("..", 1)
        return a or "HEAD", b or "HEAD", False
    return spec, None, False


def load_diff(info: RepoInfo, spec: str, packed_rev: str | None) -> DiffContext:
    """Resolve `spec` against the packed revision (or work tree) and read the change."""
    if not info.is_git:
        raise ConfigError("--diff needs a git repository")
    a, b, merge_base = split_spec(spec)
    base = _resolve(info, a)
    head = _resolve(info, b) if b is not None else packed_rev
    if b is not None and packed_rev is not None and head != packed_rev:
        raise ConfigError(f"--diff head {b!r} is not the packed revision; drop --rev or the head")
    if merge_base and head is not None:
        base = git(["merge-base", base, head], info.path).decode().strip()
    ctx = DiffContext(base=base, head=head, spec=spec)
    revs = [base] if head is None else [base, head]
    names = git(["diff", "--no-ext-diff", "--name-status", "-z", "-M", "--relative", *revs],
                info.path)  # fmt: skip
    fields = names.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith(("R", "C")):
            ctx.changed[fields[i + 2]] = status[0]
            i += 3
        else:
            if status == "D":
                ctx.deleted.append(fields[i + 1])
            else:
                ctx.changed[fields[i + 1]] = status[:1]
            i += 2
    ctx.text = git(["diff", "--no-ext-diff", "--no-color", "-M", "--relative", *revs],
                   info.path).decode("utf-8", "replace")  # fmt: skip
    return ctx
