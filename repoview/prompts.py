"""Every text repoview sends to a model, besides the pack: the task files, the tool
descriptions, the map-reduce notes. One place, so a change of wording is one diff."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "FILE_TREE_NOTE",
    "FOLDER_TREE_NOTE",
    "PART_NOTE",
    "SIGNATURES_NOTE",
    "TOOLS",
    "TOOL_LIMIT_REACHED",
    "build_messages",
    "merge_prompt",
    "task_text",
]

Message = dict[str, Any]


def task_text(name: str, root: Path, home: Path, rev: str | None = None) -> str:
    """A task's instructions: `.repoview/tasks/NAME.md` in the repository (as committed at
    `rev` when given: CI reads the base branch's, never the change's), then in
    REPOVIEW_HOME/tasks, then the packaged one."""
    if rev:
        import subprocess

        proc = subprocess.run(
            ["git", "show", f"{rev}:.repoview/tasks/{name}.md"],
            cwd=root,
            capture_output=True,
            check=False,
        )
        if proc.returncode == 0:
            return proc.stdout.decode("utf-8", "replace")
    # Prompt files in the work tree count only when no commit was named.
    folders = [home / "tasks"] if rev else [root / ".repoview" / "tasks", home / "tasks"]
    for folder in folders:
        candidate = folder / f"{name}.md"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return resources.files("repoview.tasks").joinpath(f"{name}.md").read_text(encoding="utf-8")


def instructions(
    task: str, root: Path, home: Path, diff: str | None, rev: str | None = None
) -> str:
    """The task's text with its placeholders filled."""
    text = task_text(task, root, home, rev)
    text = text.replace("{findings_format}", task_text("findings_format", root, home, rev))
    return text.replace("{diff}", diff or "").strip()


def build_messages(
    pack_text: str, task: str, root: Path, home: Path, diff: str | None, rev: str | None = None
) -> list[Message]:
    """System text (the same for every task), then the pack, then the task: the prefix that
    repeats across tasks and commits comes first, where providers cache it. `rev`: read the
    repository's prompt files as committed there."""
    return [
        {"role": "system", "content": task_text("system", root, home, rev).strip()},
        {"role": "user", "content": pack_text + "\n\n" + instructions(task, root, home, diff, rev)},
    ]


TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "read_file",
            "description": "Read a file of the packed revision (all of it, or a line range). Use "
            "it for files the pack lists or outlines but does not show in full.",
            "parameters": {
                "type": "object",
                "properties": {
                    "path": {"type": "string", "description": "the path as the pack names it"},
                    "start_line": {"type": "integer", "minimum": 1},
                    "end_line": {"type": "integer", "minimum": 1},
                },
                "required": ["path"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "search",
            "description": "Search every file of the packed revision with a regular expression; "
            "returns matching lines as path:line: text.",
            "parameters": {
                "type": "object",
                "properties": {
                    "pattern": {
                        "type": "string",
                        "description": "a regular expression (RE2 syntax)",
                    }
                },
                "required": ["pattern"],
            },
        },
    },
]

TOOL_LIMIT_REACHED = "error: the tool limit is reached; answer with what you have"

SIGNATURES_NOTE = (
    "Signatures of the whole repository (every file's outline: declarations and docstrings, "
    "bodies elided), so that this part is read with the architecture in view:"
)
# The coarser maps, when the outlines would take too much of every part.
SIGNATURE_LINES_NOTE = (
    "Signatures of the whole repository (each file's definitions, one line each, methods "
    "under their class), so that this part is read with the architecture in view:"
)
FILE_TREE_NOTE = (
    "The whole repository's files (a tree, with each file's size in tokens), so that this "
    "part is read with the layout in view:"
)
SOURCE_TREE_NOTE = (
    "The whole repository's source files (a tree, with each file's size in tokens; the other "
    "files counted in their folders), so that this part is read with the layout in view:"
)
FOLDER_TREE_NOTE = (
    "The whole repository's folders (a tree, with each folder's size in tokens), so that "
    "this part is read with the layout in view:"
)

PART_NOTE = (
    "This is part {i} of {n} of the repository ({what}); the other parts are reviewed "
    "separately and merged afterwards. The files of this part are shown in full (a file "
    "too large for one part is shown as a range of lines, numbered as in the file). Report "
    "only on what this part shows."
)

_MERGE_FINDINGS = """# Task: merge partial reviews

The repository was too large for one request, so it was reviewed in {n} parts. Above are
the directory tree of the whole repository and the findings of every part, duplicates
already removed. {missing}

Answer with one JSON object and nothing else: {{"summary": "one paragraph"}}, a summary of
the whole review for the repository as a whole.
"""

_MERGE_PROSE = """# Task: merge partial reviews

The repository was too large for one request, so it was reviewed in {n} parts. Above are
the directory tree of the whole repository and the partial answers. Merge them into one
answer for the whole repository, as the original task asks: one document, no repetition,
every file path kept as the parts cite it. {missing}

The original task was:

{task}
"""


def merge_prompt(n: int, missing: list[int], finding_task: bool, task: str) -> str:
    """The merge request's instructions for `n` parts, some of which may have failed."""
    note = (
        f"Parts {', '.join(map(str, missing))} could not be reviewed; say so in the summary."
        if missing
        else ""
    )
    if finding_task:
        return _MERGE_FINDINGS.format(n=n, missing=note)
    return _MERGE_PROSE.format(n=n, missing=note, task=task)
