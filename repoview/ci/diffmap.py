"""Which lines of which files a change touches, from its unified diff (new side)."""

from __future__ import annotations

import re

__all__ = ["changed_lines"]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


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
        elif raw.startswith("+++ "):
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
