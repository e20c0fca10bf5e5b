"""Vim script: its definitions (functions, Vim9 `def`s, classes, user commands), one line
each, and an outline that keeps everything but the bodies of functions.

A plugin's top level (its options, mappings, autocommands, commands) is what it does to
the editor, so the outline keeps it; a function's body is where the work is done. A
syntax or filetype file made only of top-level statements has nothing to elide and no
definition to list: the planner shows it whole or names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["vim_definitions", "vim_outline"]

# `function! s:Name(`, `fu Name(`, `func name#auto#Fn(`, `def g:Name(`, `export def Name(`
# (each abbreviation of `function` from `fu` on; `:` before the command is allowed).
_FUNCTION = re.compile(
    r"^[ \t]*:?(?:export[ \t]+)?(?:static[ \t]+)?"
    r"(?:fu(?:n(?:c(?:t(?:i(?:o(?:n)?)?)?)?)?)?|def)!?[ \t]+([\w:#.{}<>]+)[ \t]*\("
)
_FUNCTION_END = re.compile(r"^[ \t]*:?(?:endf(?:u(?:n(?:c(?:t(?:i(?:o(?:n)?)?)?)?)?)?)?|enddef)\b")
_CLASS = re.compile(r"^[ \t]*(?:export[ \t]+)?(?:abstract[ \t]+)?(?:class|interface|enum)[ \t]+\w+")
_CLASS_END = re.compile(r"^[ \t]*end(?:class|interface|enum)\b")
# `command! -nargs=* -complete=file Name ...`: its attributes and its name
_COMMAND = re.compile(r"^[ \t]*:?com(?:m(?:a(?:n(?:d)?)?)?)?!?((?:[ \t]+-\S+)*)[ \t]+([A-Z]\w*)")
_COMMENT = re.compile(r'^[ \t]*(?:"|#(?!\{))')  # (`#` starts a Vim9 script's comments)


def vim_definitions(text: str) -> list[str]:
    """One line per function, class and user command, a class's members under it."""
    out: list[str] = []
    depth = 0  # functions open: a command or function in a body is no definition
    classes = 0
    for line in text.split("\n"):
        if _COMMENT.match(line):
            continue
        if _FUNCTION_END.match(line):
            depth = max(depth - 1, 0)
            continue
        if _CLASS_END.match(line):
            classes = max(classes - 1, 0)
            continue
        if depth:
            if _FUNCTION.match(line):
                depth += 1  # (a nested function, or a closure: `def` in a `def`)
            continue
        if _FUNCTION.match(line):
            out.append(" " * classes + line.strip())
            depth = 1
        elif _CLASS.match(line):
            out.append(" " * classes + line.strip())
            classes += 1
        elif (m := _COMMAND.match(line)) is not None:
            out.append(" " * classes + f"command{m.group(1)} {m.group(2)}")
    return out


def vim_outline(lines: list[str], elided: Callable[[int], str]) -> list[str]:
    """`lines` with each function's body (the lines between its first and its end) given
    as one line, `elided(how many)`; empty when no body is elided."""
    out: list[str] = []
    i = 0
    cut = False
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if _COMMENT.match(line) or not _FUNCTION.match(line):
            continue
        depth, k = 1, i
        while k < len(lines) and depth:
            if _FUNCTION_END.match(lines[k]):
                depth -= 1
            elif _FUNCTION.match(lines[k]) and not _COMMENT.match(lines[k]):
                depth += 1
            k += 1
        if depth:  # never closed: the rest is kept as it is
            continue
        body = k - 1 - i  # the lines between the definition's and its end's
        if body > 1:
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())] or "  "
            out.append(indent + elided(body))
            cut = True
            i = k - 1  # (its end line is kept)
    return out if cut else []
