"""The four output formats, as segments (glue, file bodies, and places where chunks may start)."""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING

from .. import lazyre
from ..model import PackedFile
from ..textsafe import oneline

if TYPE_CHECKING:
    from . import RenderContext

__all__ = ["BODY", "CUT", "GLUE", "REVISION", "Segment", "layout_text"]

# REVISION is glue that opens with the revision line: sections added to the closing part
# (a git log, the user's instruction) go just before it, after the tree and the summary.
GLUE, BODY, CUT, REVISION = 0, 1, 2, 3
Segment = tuple[int, str]

# XML 1.0 cannot carry most C0 control characters even in CDATA; show them as the
# matching Unicode control pictures (U+2400 + code) so the model still sees them.
_XML_ILLEGAL = lazyre.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# C1 controls and DEL: XML carries them, but a terminal that shows the pack may act on them
# (0x9b opens a control sequence on some). Shown escaped, as `\x9b`.
_C1 = lazyre.compile("[\x7f-\x9f]")


def _shown_body(ctx: RenderContext, f: PackedFile) -> str:
    """`f`'s body as a pack writes it: no control character left to act on a terminal that
    shows the pack (C0 ones as their pictures, C1 ones and DEL escaped; an ASCII text holds
    no C1 control, and that check costs nothing)."""
    body = ctx.body(f)
    body = body.replace("\x7f", "\\x7f") if body.isascii() else _C1.sub(_escaped, body)
    return _xml_text(body) if f.controls else body


def _escaped(m: re.Match[str]) -> str:
    return f"\\x{ord(m.group()):02x}"


def _xml_char(m: re.Match[str]) -> str:
    c = ord(m.group())
    return chr(0x2400 + c) if c < 0x20 else "\ufffd"


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub(_xml_char, text)


def _cdata(text: str) -> str:
    return "<![CDATA[" + _xml_text(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


_ATTR_SPECIAL = lazyre.compile(r"[&<>\"\n\r\t\x00-\x1f\ufffe\uffff]")


def _attr(value: object) -> str:
    text = str(value)
    if not _ATTR_SPECIAL.search(text):
        return f'"{text}"'
    text = _xml_text(text)
    for a, b in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("\n", "&#10;"),
        ("\r", "&#13;"),
        ("\t", "&#9;"),
    ):
        text = text.replace(a, b)
    return f'"{text}"'


def _display_path(path: str) -> str:
    # A name is shown on one line: control characters (a newline, an escape sequence) in a
    # file name are shown escaped, never live in a header (the manifest keeps the raw name).
    if path.isascii() and path.isprintable():
        return path
    return oneline(path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def layout_text(ctx: RenderContext, how_files: str, json_fields: bool = False) -> str:
    """The paragraph that tells the model how the pack is laid out.

    It states no counts that move with the budget fitter (how many files are shown, in which
    mode): those go to the closing summary, so the opening stays byte-identical across
    commits and budgets. `json_fields`: the json format's, which names neighbours in fields
    (`imports`, `imports_more`; `imported_by`, `imported_by_count` after the tree)."""
    if json_fields:
        neighbours = (
            "A file's imports names the files it imports (up to 10 for a file in full, 5 for "
            "an outline and 2 for signatures; imports_more counts the rest)."
        )
    else:
        neighbours = (
            "A header's imports names the files it imports (signatures name none); a path "
            "that starts with ./ or ../ is relative to the file's own folder."
        )
    lines = [
        f"This is a packed copy of the repository {ctx.name}, made for a review of the whole "
        "code base in one prompt.",
        "After this overview come the files, those that show the most and change the least "
        f"first, {how_files}",
        "A file's mode says what it carries: full text when no mode is given; 'compressed', "
        "an outline (signatures, types, constants and the first paragraph of each docstring, "
        "with bodies elided); 'signatures', one line per definition with its parameters (by "
        "name; C and C++ by type; a Go function with its results), a method one space deeper "
        "than its class. The header of an "
        "outline or signatures gives no line count, and that of signatures no token count: the "
        "directory tree gives each file's size. Ask for a body if you need it. " + neighbours,
        "The directory tree follows the files: each folder and file shows the size of its "
        "whole text in tokens (about), nesting by indentation; a file in it without text was "
        "left out to fit the budget, unless the list of copies after the tree names the file "
        "whose text it has."
        + (
            " After the tree, imported_by names, for each file shown, the source files that "
            "import it; past the same limits, imported_by_count gives only how many."
            if json_fields
            else " Between the two, a list names the source files that import each file "
            "shown, folder by folder, with paths seen from the folder as in the headers (past "
            "10 for a file in full, 5 for an outline and 2 for signatures, only how many: "
            "'20+ files')."
        )
        + " (These come last so that adding a file or an import leaves the start of the pack, "
        "and so the provider's prompt cache, as it was.)",
    ]
    if ctx.line_numbers:
        lines.append(
            "Each line of a file in full starts with its line number and '| ' (an outline's "
            "or signatures' lines are not the file's lines, and have none)."
        )
    if ctx.part:
        lines.append(
            f"This is part {ctx.part[0]} of {ctx.part[1]} of the pack; the index after this "
            "overview says which files each part holds."
        )
    lines.append("A summary of what the pack holds, and the revision packed, close it.")
    return "\n".join(lines) + "\n"


_OTHERS = 12  # vendored folders and generated files the closing part names


def closing_text(ctx: RenderContext) -> str:
    """The counts that move with the fit: how many files in each mode."""
    shown = ctx.shown
    modes = {m: sum(1 for f in shown if f.mode == m) for m in ("full", "compressed", "signatures")}
    listed = len(ctx.files) - len(shown)
    files = "file" if len(shown) == 1 else "files"
    outlines = "outline" if modes["compressed"] == 1 else "outlines"
    text = (
        f"{len(shown)} {files} with text: {modes['full']} in full, {modes['compressed']} "
        f"{outlines}, {modes['signatures']} signatures; {listed} without text (the tree names "
        "or counts them"
    )
    same = len(copies(ctx))
    text += f"; {same} of them copies of another file).\n" if same else ").\n"
    if ctx.excluded_count:
        n = ctx.excluded_count
        text += (
            f"{n} {'file was' if n == 1 else 'files were'} left out (binaries, lockfiles, "
            "vendored or generated files, secrets, oversized files, or by ignore rules).\n"
        )
    if ctx.others:
        text += (
            "Among them, other projects' code and generated files (the code here may use what "
            f"they define): {'; '.join(ctx.others[:_OTHERS])}"
            + (f"; and {len(ctx.others) - _OTHERS:,} more" if len(ctx.others) > _OTHERS else "")
            + ".\n"
        )
    if ctx.oversized:
        n = len(ctx.oversized)
        text += (
            f"{'A source file' if n == 1 else f'{n} source files'} too large to read "
            f"(over the size cap, so not shown; the code here may use what "
            f"{'it defines' if n == 1 else 'they define'}): {_names(ctx.oversized)}\n"
        )
    return text


def _names(paths: list[str], limit: int = 20, here: str = "") -> str:
    """Up to `limit` paths, each as seen from `here` (a folder) when that is shorter: `./rest`
    in it or below it, `../rest` beside it. In a deep monorepo or a Java tree, full paths
    (`core/src/main/java/org/project/...`) made 40% of a 128k pack's tokens."""
    shown = " ".join(_display_path(_seen_from(here, p)) for p in paths[:limit])
    return shown + (f" ({_about(len(paths) - limit)} more)" if len(paths) > limit else "")


def _seen_from(here: str, path: str) -> str:
    """`path` relative to the folder `here` (`./x`, `../../y/z`) if that is shorter."""
    if not here:
        return path
    folder = here + "/"
    if path.startswith(folder):
        return "./" + path[len(folder) :]
    # By hand, on the strings: posixpath.relpath made each path absolute first, and a warm
    # pack of the stdlib rendered 50 ms slower.
    n = 0
    for a, b in zip(folder, path, strict=False):
        if a != b:
            break
        n += 1
    common = folder.rfind("/", 0, n) + 1  # the folders both paths share
    if not common:
        return path
    rel = "../" * folder.count("/", common) + path[common:]
    return rel if len(rel) < len(path) else path


def _about(n: int) -> str:
    """`n` as the pack says it: exactly under ten, else in steps (`10+`, `20+`, `50+`,
    `100+`...), so that a hub's line stays as it was when one more file imports it."""
    if n < 10:
        return f"+{n}"
    step = 10 ** (len(str(n)) - 1)
    k = 5 if n >= 5 * step else 2 if n >= 2 * step else 1
    return f"{k * step}+"


def _meta(f: object, every: bool = False) -> list[tuple[str, object]]:
    """A file's header fields; `every` keeps those a reader can do without (for programs)."""
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    pairs: list[tuple[str, object]] = [
        ("path", _display_path(f.path)),
        ("language", f.language),
        ("role", f.role),
    ]
    # An outline's or signatures' header names no line count: an edit inside a body changes
    # that and nothing the reader sees, and would end the prefix a provider caches there.
    if f.mode == "full" or every:
        pairs.append(("lines", f.lines))
    # What a signatures file's lines cost says nothing its `lines` does not: on the stdlib
    # at 128k, 400 such headers spent 1.6k tokens on it.
    if f.mode != "signatures" or every:
        pairs.append(("tokens", f.tokens))
    if f.mode != "full":
        pairs.append(("mode", f.mode))
    if f.imports and f.mode != "signatures" and not every:  # (json's: `_json_file`)
        here = f.path.rpartition("/")[0]
        pairs.append(("imports", _names(f.imports, _limit(f), here)))
    # Who imports a file is no fact of the file: a commit that adds an import to the last
    # file of the pack would change the header of the first (a tenth of the pack shared).
    # It follows the files (`importer_lines`, `_json_importers`).
    return pairs


def _limit(f: PackedFile) -> int:
    """How many neighbours a file's mode lets it name each way."""
    # The shorter tiers name fewer: on a large library, 20 names per header cost more than
    # the signatures they head, and at 5 the headers of a 128k pack's signatures took 15% of
    # it; in a Java tree, headers were 40% of a 128k pack. Signatures name only two of their
    # importers (how central the file is), not what they import.
    return {"full": 10, "compressed": 5}.get(f.mode, 2)


def importer_lines(ctx: RenderContext) -> list[str]:
    """For each file shown, the source files that import it, folder by folder (sorted as
    paths): the folder's path on a line, then a line for each of its files,
    `  name: importer importer`, each importer seen from that folder. A block per folder.

    (In the order of the files, each line naming its file's whole path, the list took a
    third more tokens: 5.2k against 3.8k on a large library at 128k.)"""
    folders: dict[str, list[str]] = {}
    for f in ctx.shown:
        if not f.used_by:
            continue
        # Past the names a file has room for, only how many: which ten of sixty importers
        # it named changed whenever a new one's path sorted among them. Each importer's own
        # header names what it imports.
        n = len(f.used_by)
        here, _, name = f.path.rpartition("/")
        names = _names(f.used_by, n, here) if n <= _limit(f) else _files(n)
        indent = "  " if here else ""  # the root's files stand first, under no folder
        folders.setdefault(here, []).append(f"{indent}{_display_path(name)}: {names}\n")
    return [
        (f"{_display_path(here)}/\n" if here else "") + "".join(sorted(folders[here]))
        for here in sorted(folders)
    ]


# How the plan notes a file it lists because a better-ranked file has its text (plan.py).
_SAME_TEXT = "the same text as "


def copies(ctx: RenderContext) -> list[tuple[str, str]]:
    """Each file without text that has the text of another the pack shows, with that other's
    path: without a word, the copy reads as a file left out to fit the budget. (A copy of a
    file the pack lists too is left out to fit, as that file is: naming it would point the
    reader at text that is not there.)"""
    shown = {f.path for f in ctx.files if f.mode != "listed"}
    found = []
    for f in ctx.files:
        if f.mode == "listed" and _SAME_TEXT in f.note:
            said = next((p for p in f.note.split("; ") if p.startswith(_SAME_TEXT)), "")
            if said and said.removeprefix(_SAME_TEXT) in shown:
                found.append((f.path, said.removeprefix(_SAME_TEXT)))
    return found


def copy_lines(ctx: RenderContext) -> list[str]:
    """One line for each copy: `copy: same text as original`."""
    return [f"{_display_path(a)}: same text as {_display_path(b)}\n" for a, b in copies(ctx)]


def _files(n: int) -> str:
    """How many files import one, as the list says it: exactly under ten, else in steps."""
    return f"{n} files" if n < 10 else f"{_about(n)} files"


def _listing(opening: str, lines: list[str], closing: str) -> list[Segment]:
    """A list after the files, each of its lines (or blocks) a place where a chunk may start:
    a fit that changes one file's mode counts that part again, not the whole list."""
    segs: list[Segment] = [(GLUE, opening)]
    segs.extend((CUT, line) for line in lines)
    segs.append((GLUE, closing))
    return segs


def render_xml(ctx: RenderContext) -> list[Segment]:
    segs: list[Segment] = [
        (GLUE, f"<repository name={_attr(ctx.name)}>\n"),
        (
            GLUE,
            "<pack_info>\n"
            + _xml_text(
                layout_text(
                    ctx,
                    "each as <file path=... language=... role=... lines=... tokens=...> "
                    "with its text in CDATA.",
                )
            )
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            + "</pack_info>\n",
        ),
        (GLUE, f"<parts>{_cdata(ctx.index_text)}</parts>\n" if ctx.index_text else ""),
        (GLUE, "<files>\n"),
    ]
    for f in ctx.shown:
        segs.extend(_xml_file(ctx, f, _meta(f)))
    segs.append((CUT, "</files>\n"))
    segs.append((GLUE, "<directory_tree>" + _cdata(ctx.tree) + "</directory_tree>\n"))
    for tag, lines in (("imported_by", importer_lines(ctx)), ("copies", copy_lines(ctx))):
        if lines:
            lines = [_xml_text(line).replace("]]>", "]]]]><![CDATA[>") for line in lines]
            segs.extend(_listing(f"<{tag}><![CDATA[\n", lines, f"]]></{tag}>\n"))
    segs.append(
        (GLUE, f"<summary>{_xml_text(html.escape(closing_text(ctx), quote=False))}</summary>\n")
    )
    segs.append((REVISION, f"<revision>{ctx.rev or 'work tree'}</revision>\n"))
    if ctx.diff_spec:
        segs.append(
            (
                GLUE,
                f"<change range={_attr(ctx.diff_spec)} head={_attr(ctx.delta_head)}>"
                f"\n<about>{_xml_text(_change_text(ctx))}</about>\n",
            )
        )
        for f in ctx.delta_entries:
            if f.mode == "listed":
                attrs = f"path={_attr(_display_path(f.path))} change={_attr(_status(ctx, f))}"
                segs.append(
                    (GLUE, f"<unchanged {attrs}>{_xml_text(_unchanged(ctx, f))}</unchanged>\n")
                )
            else:
                segs.extend(_xml_file(ctx, f, [*_meta(f), ("change", _status(ctx, f))]))
        if ctx.change_log:
            segs.append((GLUE, f"<commits>{_cdata(ctx.change_log)}</commits>\n"))
        segs.append((GLUE, "<diff><![CDATA["))
        segs.append((BODY, _xml_text(ctx.diff_text).replace("]]>", "]]]]><![CDATA[>")))
        segs.append((GLUE, "]]></diff>\n</change>\n"))
    segs.append((GLUE, "</repository>\n"))
    return segs


def _xml_file(ctx: RenderContext, f: object, meta: list[tuple[str, object]]) -> list[Segment]:
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    attrs = " ".join(f"{k}={_attr(v)}" for k, v in meta)
    body = _shown_body(ctx, f)
    # Control pictures never make "]]>", so the original body answers for the shown one.
    if ctx.holds_cdata_end(ctx.body(f)):
        body = body.replace("]]>", "]]]]><![CDATA[>")
    return [(CUT, f"<file {attrs}><![CDATA["), (BODY, body), (GLUE, "]]></file>\n")]


def _status(ctx: RenderContext, f: object) -> str:
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    return "new text" if f.path in ctx.delta_changed else "neighbour"


def _change_text(ctx: RenderContext) -> str:
    """What the change part holds, as it turned out (a budget may have left out the
    neighbours, or shortened or dropped the new text)."""
    shown = [f for f in ctx.delta_shown if f.path in ctx.delta_changed]
    parts = []
    if shown:
        some = "" if len(shown) == len(ctx.delta_changed) else "some of "
        parts.append(f"the new text (at {ctx.delta_head}) of {some}the files it touches")
        if any(f.mode != "full" for f in shown):
            parts[-1] += " (a file's mode says when it is an outline or signatures only)"
    if any(f.mode == "listed" for f in ctx.delta_entries):
        parts.append(
            "a line for each touched file whose text here would be what the pack above "
            "already shows for it"
        )
    near = [f for f in ctx.delta_shown if f.path not in ctx.delta_changed]
    if near:
        them = "them" if parts else "the files it touches"
        if all(f.mode == "full" for f in near):
            parts.append(f"the full text of files that import {them} or that they import")
        else:
            parts.append(
                f"the text of files that import {them} or that they import (in full, or an "
                "outline where the full text did not fit)"
            )
    if ctx.change_log:
        parts.append("the messages of its commits (newest first)")
    parts.append("its unified diff" if len(parts) == 0 else "then its unified diff")
    return (
        f"The change under review ({ctx.diff_spec}), after the pack of its base revision: "
        + ", ".join(parts)
        + ".\n"
    )


_TIER_TEXT = {
    "compressed": "its outline is as the pack above shows it (the change is in what it "
    "leaves out);",
    "signatures": "its signatures are as the pack above shows them (the change is in what "
    "they leave out);",
}


def _unchanged(ctx: RenderContext, f: object) -> str:
    """The line that stands for a touched file whose shown text the base pack has as it is."""
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    tier = ctx.delta_unchanged.get(f.path, "full")
    if tier == "full":
        return "its text is as the pack above shows it; the diff below has the change"
    base = next((b for b in ctx.files if b.path == f.path), None)
    now = f.signatures_text() if tier == "signatures" else f.compressed_text()
    if base is not None and base.text != now:
        # (a method added: its line in the new signatures is the diff's added line)
        return (
            f"its {_TIER_NAME[tier]} as the pack above shows {_TIER_IT[tier]} but for the "
            "lines the diff below changes"
        )
    return _TIER_TEXT[tier] + " the diff below has the change"


_TIER_NAME = {"compressed": "outline is", "signatures": "signatures are"}
_TIER_IT = {"compressed": "it", "signatures": "them"}


_FENCE_LANG = {
    "C++": "cpp",
    "C#": "csharp",
    "F#": "fsharp",
    "Objective-C": "objc",
    "Text": "text",
    "Bash": "bash",
    "JSX": "jsx",
    "TSX": "tsx",
}


def _fence_for(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def render_markdown(ctx: RenderContext) -> list[Segment]:
    tree = ctx.tree
    tf = _fence_for(tree)
    segs: list[Segment] = [
        (GLUE, f"# Repository: {ctx.name}\n\n"),
        (
            GLUE,
            layout_text(
                ctx,
                "each under a heading with its path, then a line with its "
                "language, role, lines and tokens, then its text in a fenced "
                "block.",
            )
            + "\n",
        ),
        (GLUE, f"## Parts\n\n{tf}text\n{ctx.index_text}{tf}\n\n" if ctx.index_text else ""),
        (GLUE, "## Files\n"),
    ]
    for f in ctx.shown:
        segs.extend(_md_file(ctx, f, _meta(f)))
    rev = ctx.rev or "work tree"
    segs.append((GLUE, f"\n## Directory tree\n\n{tf}text\n{tree}{tf}\n"))
    for title, lines in (("Imported by", importer_lines(ctx)), ("Copies", copy_lines(ctx))):
        if lines:
            fence = _fence_for("".join(lines))
            segs.extend(_listing(f"\n## {title}\n\n{fence}text\n", lines, fence + "\n"))
    segs.append((GLUE, f"\n## Summary\n\n{closing_text(ctx)}"))
    segs.append((REVISION, f"\n## Revision\n\n{rev}\n"))
    if ctx.diff_spec:
        segs.append((GLUE, f"\n## Change under review: {ctx.diff_spec}\n\n{_change_text(ctx)}"))
        for f in ctx.delta_entries:
            if f.mode == "listed":
                path = _md_path(f.path)
                said = f"change: {_status(ctx, f)} · {_unchanged(ctx, f)}"
                segs.append((GLUE, f"\n### {path}\n\n{said}\n"))
            else:
                segs.extend(_md_file(ctx, f, [*_meta(f), ("change", _status(ctx, f))]))
        if ctx.change_log:
            fence = _fence_for(ctx.change_log)
            log = ctx.change_log.rstrip("\n")
            segs.append((GLUE, f"\n### Commits\n\n{fence}text\n{log}\n{fence}\n"))
        fence = _fence_for(ctx.diff_text)
        segs.append((GLUE, f"\n### Diff\n\n{fence}diff\n"))
        segs.append((BODY, ctx.diff_text))
        segs.append((GLUE, ("" if ctx.diff_text.endswith("\n") else "\n") + fence + "\n"))
    return segs


def _md_path(path: str) -> str:
    """`path` as a code span, so a viewer shows `__init__.py` as it is, not in bold."""
    shown = _display_path(path)
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", shown)), default=0) + 1)
    pad = " " if "`" in shown else ""
    return f"{ticks}{pad}{shown}{pad}{ticks}"


def _md_file(ctx: RenderContext, f: object, meta: list[tuple[str, object]]) -> list[Segment]:
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    body = _shown_body(ctx, f)
    fence = _fence_for(body)
    lang = _FENCE_LANG.get(f.language, re.sub(r"[^a-z0-9+-]", "", f.language.lower()))
    line = " · ".join(f"{k}: {v}" for k, v in meta[1:])
    path = _md_path(f.path)
    return [
        (CUT, f"\n### {path}\n\n{line}\n\n{fence}{lang}\n"),
        (BODY, body),
        (GLUE, ("" if body.endswith("\n") or not body else "\n") + fence + "\n"),
    ]


_RULE = "=" * 64
_RULE_LINE = lazyre.compile(r"^={64,}[ \t]*$", re.M)


def _plain_rule(ctx: RenderContext, files: list[PackedFile]) -> str:
    """The line that frames each file's header: longer than any line of '=' one of `files`
    holds in its whole text (so no file can fake the header of another, whatever tier it
    is shown at, and the opening that says the rule's length stays at every budget). Each
    text is read once per pack, not at each render of the fit."""
    seen = ctx.rule_lines
    longest = 0
    for f in files:
        text = f.full_text
        found = seen.get(id(text))
        if found is None or found[0] is not text:
            lines = _RULE_LINE.findall(text) if _RULE in text else []
            found = seen[id(text)] = (text, max((len(m.rstrip()) for m in lines), default=0))
        longest = max(longest, found[1])
    return _RULE if not longest else "=" * (longest + 1)


def render_plain(ctx: RenderContext) -> list[Segment]:
    rule = _plain_rule(ctx, ctx.files)
    block = "a block of '=' lines" + ("" if rule == _RULE else f" ({len(rule)} to a line)")
    segs: list[Segment] = [
        (GLUE, f"Repository: {ctx.name}\n"),
        (
            GLUE,
            "\n"
            + layout_text(
                ctx,
                f"each after {block} naming its path, language, role, lines and tokens.",
            ),
        ),
        (GLUE, "\nParts:\n" + ctx.index_text if ctx.index_text else ""),
    ]
    for f in ctx.shown:
        segs.extend(_plain_file(ctx, f, _meta(f), rule))
    segs.append((GLUE, "\nDirectory tree:\n" + ctx.tree))
    for title, lines in (("Imported by", importer_lines(ctx)), ("Copies", copy_lines(ctx))):
        if lines:
            segs.extend(_listing(f"\n{title}:\n", lines, ""))
    segs.append((GLUE, f"\nSummary: {closing_text(ctx)}"))
    segs.append((REVISION, f"Revision: {ctx.rev or 'work tree'}\n"))
    if ctx.diff_spec:
        rule = max(rule, _plain_rule(ctx, ctx.delta_entries), key=len)
        segs.append(
            (GLUE, f"\n{rule}\nChange under review: {ctx.diff_spec}\n{rule}\n{_change_text(ctx)}")
        )
        for f in ctx.delta_entries:
            if f.mode == "listed":
                path = _display_path(f.path)
                said = f"Change: {_status(ctx, f)} | {_unchanged(ctx, f)}"
                segs.append((GLUE, f"\n{rule}\nFile: {path}\n{said}\n{rule}\n"))
            else:
                segs.extend(_plain_file(ctx, f, [*_meta(f), ("change", _status(ctx, f))], rule))
        if ctx.change_log:
            log = ctx.change_log.rstrip("\n")
            segs.append((GLUE, f"\n{rule}\nCommits\n{rule}\n{log}\n"))
        segs.append((GLUE, f"\n{rule}\nDiff\n{rule}\n"))
        segs.append((BODY, ctx.diff_text))
    return segs


def _plain_file(
    ctx: RenderContext, f: object, pairs: list[tuple[str, object]], rule: str = _RULE
) -> list[Segment]:
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    path = str(pairs[0][1]).replace("\n", "\\n")
    meta = " | ".join(f"{k.capitalize()}: {v}" for k, v in pairs[1:])
    body = _shown_body(ctx, f)
    segs: list[Segment] = [
        (GLUE, "\n"),
        (CUT, f"{rule}\nFile: {path}\n{meta}\n{rule}\n"),
        (BODY, body),
    ]
    if body and not body.endswith("\n"):
        segs.append((GLUE, "\n"))
    return segs


def render_json(ctx: RenderContext) -> list[Segment]:
    head = {
        "repository": ctx.name,
        "layout": layout_text(
            ctx,
            "as objects in the `files` array (one per line), each with its text in `content`.",
            json_fields=True,
        ),
    }
    if ctx.index_text:
        head["parts"] = ctx.index_text
    text = json.dumps(head, ensure_ascii=False)
    segs: list[Segment] = [(GLUE, text[:-1] + ', "files": [\n')]
    shown = ctx.shown
    for i, f in enumerate(shown):
        line = json.dumps(_json_file(ctx, f), ensure_ascii=False)
        segs.append((CUT, line + (",\n" if i < len(shown) - 1 else "\n")))
    closing: dict[str, object] = {"tree": ctx.tree}
    named, counted = _json_importers(ctx)
    if named:
        closing["imported_by"] = named
    if counted:
        closing["imported_by_count"] = counted
    same = copies(ctx)
    if same:  # each copy's path, and the path of the file whose text it has
        closing["copies"] = {_json_path(a): _json_path(b) for a, b in same}
    closing["summary"] = closing_text(ctx)
    tail = json.dumps(closing, ensure_ascii=False)
    segs.append((GLUE, "], " + tail[1:-1] + ", "))
    rev = '"rev": ' + json.dumps(ctx.rev, ensure_ascii=False)
    if not ctx.diff_spec:
        segs.append((REVISION, rev + "}\n"))
        return segs
    change = {"range": ctx.diff_spec, "head": ctx.delta_head, "about": _change_text(ctx)}
    if ctx.change_log:
        change["commits"] = ctx.change_log
    head_text = json.dumps(change, ensure_ascii=False)
    segs.append((REVISION, rev + ', "change": ' + head_text[:-1] + ', "files": [\n'))
    entries = ctx.delta_entries
    for i, f in enumerate(entries):
        entry: dict[str, object]
        if f.mode == "listed":
            entry = {
                "path": _json_path(f.path),
                "change": _status(ctx, f),
                "unchanged": _unchanged(ctx, f),
            }
        else:
            entry = {**_json_file(ctx, f), "change": _status(ctx, f)}
        line = json.dumps(entry, ensure_ascii=False)
        segs.append((CUT, line + (",\n" if i < len(entries) - 1 else "\n")))
    diff = json.dumps(ctx.diff_text, ensure_ascii=False)
    segs.append((GLUE, '], "diff": ' + diff + "}}\n"))
    return segs


def _json_path(path: str) -> str:
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _json_file(ctx: RenderContext, f: object) -> dict[str, object]:
    from ..model import PackedFile

    assert isinstance(f, PackedFile)
    entry: dict[str, object] = dict(_meta(f, every=True))
    entry["path"] = _json_path(f.path)
    if f.imports:
        # Whole paths, as many as a header names: whole lists cost a pack more than the
        # text they displaced (a Go monorepo at 128k showed 14 files in full against 39 in
        # xml). The manifest keeps every edge.
        n = _limit(f)
        entry["imports"] = f.imports[:n]
        if len(f.imports) > n:
            entry["imports_more"] = len(f.imports) - n
    entry["content"] = ctx.body(f)
    return entry


def _json_importers(ctx: RenderContext) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Each shown file's importers, by path in output order (`importer_lines`, for
    programs): the list when the file's mode has room to name them all, else (in the
    second map) how many."""
    named: dict[str, list[str]] = {}
    counted: dict[str, int] = {}
    for f in ctx.shown:
        n = len(f.used_by)
        if n > _limit(f):
            counted[_json_path(f.path)] = n
        elif n:
            named[_json_path(f.path)] = list(f.used_by)
    return named, counted
