"""Jupyter notebooks as the code and prose they hold.

A notebook's file is JSON: each cell's source split into a list of quoted strings, beside
its outputs (base64 images, tables, tracebacks) and metadata. The model reads the cells
instead, in the percent format editors and jupytext share (`# %%` opens a code cell,
`# %% [markdown]` a prose cell, commented), which takes about half the tokens of the JSON
without outputs and a small share of it with them. Outputs are left out: they are what a
run printed, not what the project wrote, and they can hold what a run should not have
printed (tokens, paths, data).
"""

from __future__ import annotations

import json

from . import lazyre

__all__ = ["NOTEBOOK_CAP", "NOTEBOOK_ID", "is_notebook", "notebook_text"]

NOTEBOOK_ID = b"nb1"  # names this reading in caches of what a file's text holds
# A notebook is measured against the file size cap by its cells: its file may be this many
# times the cap (a few plots in its outputs take megabytes) and still be read.
NOTEBOOK_CAP = 16

# The comment a kernel's language writes, by the name notebooks give it.
_SLASHES = frozenset(
    {"c", "c++", "cpp", "c#", "csharp", "f#", "fsharp", "go", "java", "javascript", "kotlin",
     "rust", "scala", "swift", "typescript", "groovy", "dart"}
)  # fmt: skip
_PERCENT = frozenset({"matlab", "octave", "maxima"})
_LANGUAGES = {
    "python": "Python",
    "r": "R",
    "julia": "Julia",
    "scala": "Scala",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "c++": "C++",
    "cpp": "C++",
    "rust": "Rust",
    "go": "Go",
    "java": "Java",
    "kotlin": "Kotlin",
    "c#": "C#",
    "csharp": "C#",
    "bash": "Bash",
    "sh": "Bash",
    "sql": "SQL",
    "matlab": "MATLAB",
    "octave": "MATLAB",
    "ruby": "Ruby",
    "haskell": "Haskell",
}
# A line IPython runs itself, not the kernel's language: `%matplotlib inline`, `!pip install`,
# `%%time`, `?obj`. Commented, so that the cell reads (and parses) as its language; a cell
# of another language (`%%bash`, `%%sql`) is commented whole.
_MAGIC = lazyre.compile(r"^[ \t]*(?:%|!|\?)")


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


def notebook_text(text: str) -> tuple[str, str] | None:
    """The cells of a notebook's JSON in the percent format, and their language as the
    packer names languages; None when `text` is no notebook (the file is then packed as
    it is)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    cells = data.get("cells")
    if cells is None:  # nbformat 3: the cells inside worksheets
        sheets = data.get("worksheets")
        if isinstance(sheets, list):
            cells = [c for s in sheets if isinstance(s, dict) for c in s.get("cells", [])]
    if not isinstance(cells, list):
        return None
    name = _kernel_language(data.get("metadata"))
    comment = "//" if name in _SLASHES else "%" if name in _PERCENT else "#"
    python = name in ("", "python")
    parts = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", cell.get("input", ""))
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        source = source.rstrip("\n")
        kind = cell.get("cell_type")
        if kind == "code":
            if python and _foreign_cell(source):  # another language's cell: commented whole
                source = "\n".join(f"{comment} {line}".rstrip() for line in source.split("\n"))
            elif python:
                source = "\n".join(
                    f"{comment} {line}" if _MAGIC.match(line) else line
                    for line in source.split("\n")
                )
            parts.append(f"{comment} %%\n{source}" if source else f"{comment} %%")
        elif kind in ("markdown", "raw", "heading"):
            lines = [f"{comment} {line}".rstrip() for line in source.split("\n")] if source else []
            parts.append("\n".join([f"{comment} %% [{kind}]", *lines]))
    text_out = "\n\n".join(parts) + "\n" if parts else ""
    return text_out, _LANGUAGES.get(name, "Python" if python else "Text")


# Cell magics whose body is another language's (IPython's own and the common extensions'):
# any other (`%%time`, `%%capture`, `%%memit`) runs Python.
_FOREIGN_CELLS = frozenset(
    {"bash", "sh", "script", "html", "javascript", "js", "latex", "markdown", "svg", "sql",
     "r", "ruby", "perl", "powershell", "cmd", "sparksql", "cypher", "kql", "dot", "mermaid",
     "system", "sx", "julia", "octave", "matlab", "scala", "spark", "java", "c", "cpp"}
)  # fmt: skip
_CELL_MAGIC = lazyre.compile(r"\s*%%(\w+)[ \t]*(\S*)")


def _foreign_cell(source: str) -> bool:
    """Whether a Python notebook's cell is another language's, by its cell magic (`%%bash`,
    `%%sql`, `%%html`, `%%writefile notes.txt`): its lines are not Python."""
    m = _CELL_MAGIC.match(source)
    if m is None:
        return False
    magic, argument = m.group(1).lower(), m.group(2)
    if magic in ("writefile", "file"):
        return not argument.endswith(".py")
    return magic in _FOREIGN_CELLS


def _kernel_language(metadata: object) -> str:
    """The notebook's language, lower-case ("" when it does not say)."""
    if not isinstance(metadata, dict):
        return ""
    for field, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(field)
        name = value.get(key) if isinstance(value, dict) else None
        if isinstance(name, str):
            return name.strip().lower()
    return ""
