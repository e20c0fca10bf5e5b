"""Which lines of which files a change touches, from its unified diff: the new side, and
where each of those lines was on the old side (GitLab addresses a line by both)."""

from __future__ import annotations

from .. import lazyre

__all__ = ["OldSide", "changed_lines", "old_side"]

_HUNK = lazyre.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_BOTH = lazyre.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
# Per new path: the path before the change, the old line of each unchanged line shown, and
# for each added line where the old side stood (the next old line's number: GitLab's
# line codes name an added line by it).
OldSide = dict[str, tuple[str, dict[int, int], dict[int, int]]]


def _path(header: str) -> str | None:
    """The path of a `--- ` or `+++ ` line; None for /dev/null (an added or deleted file)."""
    name = header[4:].rstrip("\n").split("\t")[0].strip()
    if name == "/dev/null":
        return None
    return name[2:] if name[:2] in ("a/", "b/") else name


def changed_lines(diff: str) -> dict[str, list[tuple[int, int, set[int]]]]:
    """Per new path: its hunks as (first line, last line, added lines) on the new side.

    Review comments may sit on any line of a hunk (added or context); `added` says which
    lines the change itself wrote.
    """
    out: dict[str, list[tuple[int, int, set[int]]]] = {}
    path: str | None = None
    line = 0
    start = end = 0
    added: set[int] = set()

    def close() -> None:
        if path is not None and end >= start > 0:
            out.setdefault(path, []).append((start, end, set(added)))

    for raw in diff.splitlines():
        if raw.startswith("diff --git "):
            close()
            path, start, end = None, 0, 0
            added = set()
        elif raw.startswith("+++ ") and not start:  # not an added line "++ ..."
            name = raw[4:].strip()
            path = None if name == "/dev/null" else name[2:] if name.startswith("b/") else name
        elif raw.startswith("@@"):
            close()
            m = _HUNK.match(raw)
            if m:
                line = int(m.group(1))
                count = int(m.group(2)) if m.group(2) is not None else 1
                start, end = line, line + max(count, 1) - 1
                added = set()
        elif path is not None and start:
            if raw.startswith("+"):
                added.add(line)
                line += 1
            elif raw.startswith(" ") or raw == "":
                line += 1
    close()
    return out


def hunk_for(hunks: list[tuple[int, int, set[int]]], line: int) -> tuple[int, int] | None:
    for first, last, _ in hunks:
        if first <= line <= last:
            return first, last
    return None


def old_side(diff: str) -> OldSide:
    """For each file the diff shows lines of: its path before the change (itself when it
    was added), for each unchanged line in a hunk its line number before the change, and
    for each line the change added the number the old side had reached there.

    A line of the new side missing from the first map was added by the change."""
    out: OldSide = {}
    old_path: str | None = None
    new_path: str | None = None
    pairs: dict[int, int] = {}
    added: dict[int, int] = {}
    old = new = 0
    for raw in diff.splitlines():
        if raw.startswith("diff --git "):
            old_path = new_path = None
            old = new = 0
        elif raw.startswith("--- ") and not new:
            old_path = _path(raw)
        elif raw.startswith("+++ ") and not new:
            new_path = _path(raw)
            if new_path is not None:
                pairs, added = {}, {}
                out[new_path] = (old_path or new_path, pairs, added)
        elif raw.startswith("@@"):
            m = _BOTH.match(raw)
            old, new = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        elif new_path is not None and new:
            if raw.startswith("+"):
                added[new] = old
                new += 1
            elif raw.startswith("-"):
                old += 1
            elif raw.startswith(" ") or raw == "":
                pairs[new] = old
                old += 1
                new += 1
    return out
