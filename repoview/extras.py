"""The packer's everyday extras: comment removal, recent history, text at the start or end of
a pack, the token-count tree, and a starting `.repoview.toml`."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import lazyre
from .errors import ConfigError, InputError
from .gitutil import RepoInfo, git
from .model import PackedFile
from .packer import PackOptions
from .render.formats import GLUE, REVISION, Segment, _cdata
from .settings import Settings

__all__ = [
    "INIT_TEXT",
    "STRIP_ID",
    "add_extras",
    "everyday_options",
    "git_log_text",
    "stdin_paths",
    "strip_comments",
    "strip_texts",
    "token_count_tree",
]

# Names the comment stripper in cache keys: a new pygments or a change here re-strips.
STRIP_ID = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).digest()

# Comments that carry meaning for the code are kept: #!/usr/bin/env, #include, #pragma.
_KEEP = ("Comment.Hashbang", "Comment.Preproc", "Comment.PreprocFile")


@functools.lru_cache(maxsize=256)
def _lexer(filename: str) -> Any:
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        return get_lexer_for_filename(filename, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def strip_comments(text: str, path: str, language: str = "") -> str:
    """`text` without its comments (docstrings stay: they are documentation); lines left
    empty by a removed comment go too. Unknown languages come back unchanged."""
    return without_spans(text, comment_spans(text, path, language))


def comment_spans(text: str, path: str, language: str = "") -> list[tuple[int, int]]:
    """Where `text`'s comments are, as byte offsets into its UTF-8 form."""
    data = text.encode("utf-8", "surrogatepass")
    spans = _tree_comments(data, language)
    if spans is None:
        spans = _lexed_comments(text, path)
    return [(start, end) for start, end in spans if not _DOC_COMMENT.match(data, start)]


# A documentation comment is documentation, as a docstring is: JSDoc, Javadoc, KDoc and
# Doxygen's `/** ... */` (a JavaScript project's types live in them), Rust's and C#'s `///`
# and `//!`. (`/**/` is an empty comment.)
_DOC_COMMENT = lazyre.compile(rb"/\*\*(?!/)|//[/!](?!/)")


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the comments at `spans` (`comment_spans`)."""
    if not spans:
        return text
    data = text.encode("utf-8", "surrogatepass")
    out: list[bytes] = []
    touched: set[int] = set()  # lines (of the output) that lost a comment
    line = pos = 0
    for start, end in spans:
        if data.startswith(b"#!", start) and start == 0:
            continue  # the interpreter line is not a comment to the system
        out.append(data[pos:start])
        line += data.count(b"\n", pos, start)
        touched.add(line)
        gone = data.count(b"\n", start, end)
        out.append(b"\n" * gone)  # keep block comments' line ends; empty lines go below
        touched.update(range(line, line + gone + 1))
        line += gone
        pos = end
    out.append(data[pos:])
    lines = b"".join(out).split(b"\n")
    kept = []
    for i, ln in enumerate(lines):
        if i in touched:
            ln = ln.rstrip()
            if not ln and i < len(lines) - 1:
                continue
        kept.append(ln)
    return b"\n".join(kept).decode("utf-8", "surrogatepass")


_COMMENT_NODES = ("comment", "line_comment", "block_comment")


@functools.cache
def _comment_query(language: str) -> tuple[Any, Any] | None:
    from .compress import _parser

    tools = _parser(language)
    if tools is None:
        return None
    import tree_sitter

    parser = tools[0]
    lang = parser.language
    patterns = []
    for node in _COMMENT_NODES:
        try:  # grammars name their comment nodes differently
            tree_sitter.Query(lang, f"({node}) @c")
        except Exception:
            continue
        patterns.append(f"({node}) @c")
    if not patterns:
        return None
    return parser, tree_sitter.Query(lang, " ".join(patterns))


def _tree_comments(data: bytes, language: str) -> list[tuple[int, int]] | None:
    """Byte spans of comments by tree-sitter (fast, exact), or None without a grammar."""
    tools = _comment_query(language) if language else None
    if tools is None:
        return None
    import tree_sitter

    parser, query = tools
    try:
        root = parser.parse(data).root_node
    except (ValueError, RecursionError):
        return None
    nodes = tree_sitter.QueryCursor(query).captures(root).get("c", [])
    spans = sorted((n.start_byte, n.end_byte) for n in nodes)
    merged: list[tuple[int, int]] = []
    for a, b in spans:  # nested captures (a doc comment inside a comment) count once
        if merged and a < merged[-1][1]:
            continue
        merged.append((a, b))
    return merged


def _lexed_comments(text: str, path: str) -> list[tuple[int, int]]:
    """Byte spans of comments by pygments' lexer (every other language; slower)."""
    lexer = _lexer(path.rsplit("/", 1)[-1])
    if lexer is None:
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    for kind, value in lexer.get_tokens(text):
        size = len(value.encode("utf-8", "surrogatepass"))
        name = str(kind).removeprefix("Token.")
        if name.startswith("Comment") and not name.startswith(_KEEP):
            end = pos + size - (1 if value.endswith("\n") else 0)
            if spans and spans[-1][1] == pos:
                # One comment a lexer gives in pieces (`/*`, `*`, its text; `//`, `/ text`):
                # one span, judged whole (a line comment's span ends before its newline, so
                # the next line's is a comment of its own).
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((pos, end))
        pos += size
    return spans


def strip_texts(texts: list[Any], cache: Any) -> list[Any]:
    """`(entry, size, decoded, id)` rows with comments stripped from the decoded text; where
    the comments are is cached by content (never the text: it is not redacted yet), and the
    id names the stripped text."""
    from dataclasses import replace

    from .analyze.languages import detect_language

    languages = [detect_language(row[0].path.rsplit("/")[-1]) for row in texts]
    keys = [
        row[3] + f"|nocomments:{lang}:".encode() + STRIP_ID
        for row, lang in zip(texts, languages, strict=True)
    ]
    known = cache.get_many(keys, "facts")
    fresh = []
    out = []
    for row, key, language in zip(texts, keys, languages, strict=True):
        entry, data, decoded, _ = row
        spans = known.get(key)
        if spans is None:
            found = comment_spans(decoded.text or "", entry.path, language)
            fresh.append((key, json.dumps(found, separators=(",", ":"))))
        else:
            found = [(start, end) for start, end in json.loads(spans)]
        text = without_spans(decoded.text or "", found)
        out.append((entry, data, replace(decoded, text=text), key))
    cache.put_many(fresh, "facts")
    return out


def everyday_options(
    opts: PackOptions, s: Settings, info: RepoInfo, stdin_text: str | None
) -> PackOptions:
    """`opts` with the everyday settings (compress, comments, logs, stdin, header,
    instruction), resolved like every other setting."""
    from dataclasses import replace

    instruction: Path | None = None
    if s.get("instruction_file"):
        instruction = Path(s["instruction_file"]).expanduser()
        if s.source("instruction_file") == s.repo_config:
            # The repository's file may name its own text, never a file elsewhere on this disk.
            top = (info.toplevel or info.path).resolve()
            instruction = (top / instruction).resolve()
            if not instruction.is_relative_to(top):
                raise ConfigError(
                    f"{s.repo_config}: instruction_file must be inside the repository"
                )
    try:
        text = instruction.read_text(encoding="utf-8") if instruction else ""
    except OSError as exc:
        raise ConfigError(f"cannot read --instruction-file {instruction}: {exc.strerror}") from None
    only = None
    if stdin_text is not None:
        only = stdin_paths(stdin_text.splitlines(), info.path, Path.cwd())
    return replace(
        opts,
        compress=bool(s["compress"]),
        remove_comments=bool(s["remove_comments"]),
        include_logs=int(s["include_logs"]),
        header_text=str(s.get("header_text", "")),
        instruction_text=text,
        only=only,
    )


def stdin_paths(lines: list[str], root: Path, cwd: Path) -> frozenset[str]:
    """Paths as `git diff --name-only` (repository-relative) or `fd` (relative to the current
    folder) print them, made relative to the packed folder `root`."""
    out = set()
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        full = Path(line) if Path(line).is_absolute() else cwd / line
        rel = os.path.relpath(os.path.abspath(full), root)
        if rel.startswith(".." + os.sep) or rel == "..":
            rel = line  # not under the packed folder from here: take it as the folder's own
        out.add(Path(rel).as_posix().removeprefix("./"))
    if not out:
        raise InputError("--stdin read no paths: pipe one path per line")
    return frozenset(out)


def git_log_text(repo: Path, rev: str | None, count: int) -> str:
    """The last `count` commits up to `rev` (or HEAD): subject, author date, files changed."""
    if count <= 0:
        raise InputError("--include-logs needs a positive number of commits")
    out = git(
        [
            "log",
            f"-{count}",
            "--no-color",
            "--date=iso-strict",
            "--name-status",
            "--format=%x1e%H%x1f%ad%x1f%an%x1f%B%x1d",
            rev or "HEAD",
            "--",
        ],
        repo,
    )
    blocks = []
    for record in out.decode("utf-8", "replace").split("\x1e")[1:]:
        fields = record.split("\x1f", 3)
        if len(fields) < 4:
            continue
        sha, date, author, rest = fields
        message, _, files = rest.partition("\x1d")
        changed = [ln for ln in files.splitlines() if ln.strip()]
        blocks.append(
            f"commit {sha[:12]}  {date}  {author}\n    "
            + message.strip().replace("\n", "\n    ")
            + "\n"
            + "".join(f"    {c}\n" for c in changed)
        )
    return "\n".join(blocks)


def add_extras(
    fmt: str, segments: list[Segment], header: str, closing: tuple[tuple[str, str], ...]
) -> list[Segment]:
    """The pack's segments with `header` first, the `closing` sections (a git log) just
    before the revision line, after the tree and the summary, and the instruction last, after
    a change under review too: everything before them stays byte for byte what it was."""
    if not header and not closing:
        return segments
    segs = list(segments)
    before = [(t, x) for t, x in closing if t != "instruction"]
    last = [(t, x) for t, x in closing if t == "instruction"]
    if before:
        at = next(i for i, (kind, _) in enumerate(segs) if kind == REVISION)
        if fmt == "json":  # members of the closing object, before `"rev": ...`
            segs.insert(at, (GLUE, "".join(f"{_member(t, x)}, " for t, x in before)))
        else:
            segs[at:at] = [_section(fmt, t, x) for t, x in before]
    if last:
        if fmt == "json":  # members of the outermost object, before its `}`
            kind, text = segs[-1]
            segs[-1] = (kind, text.removesuffix("}\n"))
            segs.append((GLUE, "".join(f", {_member(t, x)}" for t, x in last) + "}\n"))
        elif fmt == "xml":  # inside the repository element
            segs[-1:-1] = [_section(fmt, t, x) for t, x in last]
        else:
            segs.extend(_section(fmt, t, x) for t, x in last)
    if header:
        if fmt == "json":
            kind, first = segs[0]
            segs[0] = (
                kind,
                '{"header": '
                + json.dumps(header, ensure_ascii=False)
                + ", "
                + first.removeprefix("{"),
            )
        else:
            segs.insert(0, (GLUE, _header(fmt, header)))
    return segs


def _member(title: str, text: str) -> str:
    return f"{json.dumps(title)}: {json.dumps(text, ensure_ascii=False)}"


def _section(fmt: str, title: str, text: str) -> Segment:
    if fmt == "xml":
        return (GLUE, f"<{title}>{_cdata(text)}</{title}>\n")
    if fmt == "markdown":
        return (GLUE, f"\n## {title.replace('_', ' ').capitalize()}\n\n{text.rstrip()}\n")
    return (GLUE, f"\n{title.replace('_', ' ').capitalize()}:\n{text.rstrip()}\n")


def _header(fmt: str, text: str) -> str:
    if fmt == "xml":
        return f"<header>{_cdata(text)}</header>\n"
    return text.rstrip("\n") + "\n\n"


def token_count_tree(files: list[PackedFile], name: str, minimum: int = 0) -> str:
    """Folders and files with their exact token counts, largest first; entries under
    `minimum` tokens are left out (their tokens still count in their folder)."""
    root = _Node()
    for f in files:
        node = root
        *dirs, base = f.path.split("/")
        node.tokens += f.tokens
        for d in dirs:
            node = node.dirs.setdefault(d, _Node())
            node.tokens += f.tokens
        node.files[base] = f.tokens
    lines = [f"{name}/ ({root.tokens:,} tokens)"]
    _walk(root, "  ", minimum, lines)
    return "\n".join(lines) + "\n"


@dataclass
class _Node:
    tokens: int = 0
    dirs: dict[str, _Node] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)


def _walk(node: _Node, indent: str, minimum: int, lines: list[str]) -> None:
    items: list[tuple[int, str, _Node | None]] = [
        (n.tokens, d + "/", n) for d, n in node.dirs.items()
    ] + [(t, f, None) for f, t in node.files.items()]
    for tokens, label, child in sorted(items, key=lambda x: (-x[0], x[1])):
        if tokens < minimum:
            continue
        lines.append(f"{indent}{label} ({tokens:,})")
        if child is not None:
            _walk(child, indent + "  ", minimum, lines)


INIT_TEXT = """\
# repoview settings for this repository (https://github.com/repoview/repoview).
# Every key is optional: uncomment what you want to change. Flags and environment
# variables override this file; keys, endpoints and secret scanning are not set here.

# Token budget for `repoview pack`: a number, 200k, or 128k|256k|512k|1m|2m.
# budget = "256k"

# Size the budget for a model instead (see `repoview models`).
# model = "kimi-k2.6"

# Output format: xml, markdown, plain or json.
# format = "xml"

# Keep only these paths / leave these out (gitignore syntax).
# include = ["src/**", "docs/**"]
# exclude = ["**/fixtures/**", "*.min.js"]

# Lockfiles, vendored and generated files are left out by default.
# default_excludes = true

# Leave out files larger than this.
# max_file_size = "1mb"

# Number every line of file text.
# line_numbers = false

[review]
# model = "kimi-k2.6"
# fail_on = "high"          # exit 1 on findings this severe or worse
# max_cost = 1.0            # USD: refuse to send when the estimate is above it
# tools = true              # let the model read files the pack had to leave out
# strategy = "auto"         # single | map-reduce | auto: parts when one request shows little

[hook]
# fail_on = "critical"      # the pre-push hook blocks only on findings this severe
# timeout = 180
"""
