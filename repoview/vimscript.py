"""Vim script: its definitions (functions, Vim9 `def`s, classes, user commands), one line
each, and an outline that keeps everything but the bodies of functions.

A plugin's top level (its options, mappings, autocommands, commands) is what it does to
the editor, so the outline keeps it; a function's body is where the work is done. A
syntax or filetype file made only of top-level statements has nothing to elide and no
definition to list: the planner shows it whole or names it.
"""

from __future__ import annotations

from collections.abc import Callable

from . import lazyre

__all__ = ["vim_definitions", "vim_outline"]

# `function! s:Name(`, `fu Name(`, `func name#auto#Fn(`, `def g:Name(`, `export def Name(`
# (each abbreviation of `function` from `fu` on; `:` before the command is allowed).
_FUNCTION = lazyre.compile(
    r"^[ \t]*:?(?:export[ \t]+)?(?:static[ \t]+)?"
    r"(?:fu(?:n(?:c(?:t(?:i(?:o(?:n)?)?)?)?)?)?|def)!?[ \t]+([\w:#.{}<>]+)[ \t]*\("
)
_FUNCTION_END = lazyre.compile(
    r"^[ \t]*:?(?:endf(?:u(?:n(?:c(?:t(?:i(?:o(?:n)?)?)?)?)?)?)?|enddef)\b"
)
_CLASS = lazyre.compile(
    r"^[ \t]*(?:export[ \t]+)?(?:abstract[ \t]+)?(?:class|interface|enum)[ \t]+\w+"
)
_CLASS_END = lazyre.compile(r"^[ \t]*end(?:class|interface|enum)\b")
# `command! -nargs=* -complete=file Name ...`: its attributes and its name
_COMMAND = lazyre.compile(
    r"^[ \t]*:?com(?:m(?:a(?:n(?:d)?)?)?)?!?((?:[ \t]+-\S+)*)[ \t]+([A-Z]\w*)"
)
_COMMENT = lazyre.compile(r'^[ \t]*(?:"|#(?!\{))')  # (`#` starts a Vim9 script's comments)
# Another language's code (`python3 << EOF`, `lua << END`: up to the marker, `.` by default)
# or a list of lines (`let text =<< trim END`): no Vim script inside.
_HEREDOC = lazyre.compile(
    r"^[ \t]*:?(?:(?:py(?:thon)?3?|pyx|lua|perl|pe|ruby|rub|tcl|mz(?:scheme)?)\b[^\n]*?"
    r"|[^\n]*=)<<[ \t]*(?:(?:trim|eval)[ \t]+)*([A-Z.]\w*)?[ \t]*$"
)
_INTERFACE = lazyre.compile(r"^[ \t]*(?:export[ \t]+)?interface[ \t]")


def _code_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    """The Vim script lines of a file: each one's first and last index and its text (a
    line's `\\` continuation lines joined to it), comments and heredocs' texts left out."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if _COMMENT.match(line):
            continue
        if out and line.lstrip().startswith("\\") and out[-1][1] == i - 2:
            first, _, text = out[-1]
            out[-1] = (first, i - 1, text.rstrip() + " " + line.lstrip()[1:].lstrip())
            continue
        out.append((i - 1, i - 1, line))
        heredoc = _HEREDOC.match(line) if "<<" in line else None
        if heredoc is not None:
            marker = heredoc.group(1) or "."
            while i < len(lines) and lines[i].strip() != marker:
                i += 1
            i += 1  # (the marker's own line)
    return out


def vim_definitions(text: str) -> list[str]:
    """One line per function, class and user command, a class's members under it."""
    out: list[str] = []
    depth = 0  # functions open: a command or function in a body is no definition
    classes = 0
    interfaces: list[bool] = []  # the classes open, innermost last: whether an interface
    for _, _, line in _code_lines(text.split("\n")):
        if _FUNCTION_END.match(line):
            depth = max(depth - 1, 0)
            continue
        if _CLASS_END.match(line):
            classes = max(classes - 1, 0)
            interfaces = interfaces[:-1]
            continue
        if depth:
            if _FUNCTION.match(line):
                depth += 1  # (a nested function, or a closure: `def` in a `def`)
            continue
        if _FUNCTION.match(line):
            out.append(" " * classes + line.strip())
            depth = 0 if interfaces and interfaces[-1] else 1  # (an interface's have no body)
        elif _CLASS.match(line):
            out.append(" " * classes + line.strip())
            classes += 1
            interfaces.append(_INTERFACE.match(line) is not None)
        elif (m := _COMMAND.match(line)) is not None:
            out.append(" " * classes + f"command{m.group(1)} {m.group(2)}")
    return out


def vim_outline(lines: list[str], elided: Callable[[int], str]) -> list[str]:
    """`lines` with each function's body (the lines between its definition and its end)
    given as one line, `elided(how many)`; empty when no body is elided."""
    bodies: dict[int, int] = {}  # an outermost function's last line -> its end's line
    opened: list[int] = []  # the functions open: each one's definition's last line
    interfaces: list[bool] = []
    for _, last, line in _code_lines(lines):
        if _FUNCTION_END.match(line):
            if opened:
                start = opened.pop()
                if not opened:
                    bodies[start] = last
        elif _CLASS_END.match(line):
            interfaces = interfaces[:-1]
        elif _FUNCTION.match(line):
            if opened or not (interfaces and interfaces[-1]):  # (an interface's: no body)
                opened.append(last)
        elif _CLASS.match(line):
            interfaces.append(_INTERFACE.match(line) is not None)
    out: list[str] = []
    i = 0
    cut = False
    while i < len(lines):
        out.append(lines[i])
        end = bodies.get(i)
        i += 1
        if end is not None and end - i > 1:
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())] or "  "
            out.append(indent + elided(end - i))
            cut = True
            i = end  # (its end line is kept)
    return out if cut else []
