"""The directory tree that opens every pack, annotated with token counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import PackedFile

__all__ = ["render_tree"]


@dataclass
class _Dir:
    tokens: int = 0
    dirs: dict[str, _Dir] = field(default_factory=dict)
    files: list[tuple[str, PackedFile]] = field(default_factory=list)


def render_tree(name: str, files: list[PackedFile]) -> str:
    """An ASCII-art tree of `files` with tokens per folder and per file, folders first."""
    root = _Dir()
    for f in files:
        node = root
        node.tokens += f.tokens
        *dirs, base = f.path.split("/")
        for d in dirs:
            node = node.dirs.setdefault(d, _Dir())
            node.tokens += f.tokens
        node.files.append((base, f))
    lines = [f"{_clean(name)}/ ({root.tokens:,} tokens)"]
    _walk(root, "", lines)
    return "\n".join(lines) + "\n"


def _walk(node: _Dir, indent: str, lines: list[str]) -> None:
    items: list[tuple[str, _Dir | PackedFile]] = [
        *sorted(node.dirs.items()),
        *sorted(node.files, key=lambda item: item[0]),
    ]
    for i, (label, item) in enumerate(items):
        last = i == len(items) - 1
        branch = "└── " if last else "├── "
        if isinstance(item, _Dir):
            lines.append(f"{indent}{branch}{_clean(label)}/ ({item.tokens:,})")
            _walk(item, indent + ("    " if last else "│   "), lines)
        else:
            extra = "" if item.mode == "full" else f", {item.mode}"
            lines.append(f"{indent}{branch}{_clean(label)} ({item.tokens:,}{extra})")


def _clean(label: str) -> str:
    # A name with a newline would break the tree's one-line-per-entry shape.
    return (
        label.encode("utf-8", "surrogateescape")
        .decode("utf-8", "replace")
        .translate({10: "\\n", 13: "\\r", 9: "\\t"})
    )
