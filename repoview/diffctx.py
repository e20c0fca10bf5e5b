"""`--diff BASE..HEAD`: the change under review, its files, and its unified diff."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import lazyre
from .errors import ConfigError, GitError
from .gitutil import RepoInfo, git, is_ancestor, resolve_commit
from .ignore import DefaultExcludes
from .secrets import Redaction, apply, current_seen, find, is_key_file, redact_names

__all__ = [
    "LONG_DATA_DIFF",
    "DiffContext",
    "ShownDiff",
    "diff_stats",
    "load_diff",
    "scrub_diff",
    "scrub_files",
    "split_spec",
]


@dataclass
class DiffContext:
    """What a diff changes, with paths relative to the packed folder."""

    base: str
    head: str | None  # None: the work tree
    spec: str
    changed: dict[str, str] = field(default_factory=dict)  # path -> A, M, R, T (not D)
    deleted: list[str] = field(default_factory=list)
    text: str = ""
    reversed: str = ""  # a warning: the base comes after the head
    untracked_cut: str = ""  # a warning: more new files than a diff against the work tree holds


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


def load_diff(
    info: RepoInfo, spec: str, packed_rev: str | None, by_name: bool = True
) -> DiffContext:
    """Resolve `spec` against the packed revision (or work tree) and read the change.

    With `by_name` (the default excludes on), the diff of a file binary by its type is not
    asked of git: the pack names such a file, and git would read its blobs to say they
    differ (a partial clone may lack them, or fetch megabytes for one line).
    """
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
    if head is not None and head != base and is_ancestor(info.path, head, base):
        n = git(["rev-list", "--count", f"{head}..{base}"], info.path).decode().strip()
        ctx.reversed = (
            f"--diff {spec}: the base comes {n} commit(s) after the head, so the change shown "
            f"undoes them; for what they did, give {b}..{a}"
        )
    revs = [base] if head is None else [base, head]
    try:  # (finding renames reads the blobs: one missing is said as the diff below says it)
        names = git(
            ["diff", "--no-ext-diff", "--name-status", "-z", "-M", "--relative", *revs], info.path
        )
    except GitError as exc:
        raise GitError(_unreadable(info, revs, str(exc))) from None
    fields = names.decode("utf-8", "surrogateescape").split("\0")
    sources: dict[str, str] = {}  # a renamed or copied file's old path, by its new one
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith(("R", "C")):
            ctx.changed[fields[i + 2]] = status[0]
            sources[fields[i + 2]] = fields[i + 1]
            i += 3
        else:
            if status == "D":
                ctx.deleted.append(fields[i + 1])
            else:
                ctx.changed[fields[i + 1]] = status[:1]
            i += 2
    named = sorted(p for p in (*ctx.changed, *ctx.deleted) if by_name and _binary_by_name(p))
    if len(named) > _SKIP_MAX:
        named = []  # past this many, one argument each would pass the command line's limit
    # (`literal`: a name is a name, whatever glob characters it holds; a renamed file's old
    # path too, or git would read its old copy to show it deleted)
    skip = [f":(exclude,literal){q}" for p in named for q in (p, sources.get(p)) if q is not None]
    try:
        text = git(
            ["diff", "--no-ext-diff", "--no-color", "-M", "--relative", *revs, "--", ".", *skip],
            info.path,
        )
    except GitError as exc:
        raise GitError(_unreadable(info, revs, str(exc))) from None
    ctx.text = text.decode("utf-8", "replace") + "".join(
        f"diff --git a/{sources.get(p, p)} b/{p}\nBinary files differ\n" for p in named
    )
    if head is None:  # against the work tree: its new files too, as the pack shows them
        ctx.text += _untracked(info, ctx, by_name)
    return ctx


_UNTRACKED_MAX = 500  # new files of the work tree shown in a diff against it, at most
_UNTRACKED_BYTES = 1 << 20  # a larger new file is named, not shown line by line


def _untracked(info: RepoInfo, ctx: DiffContext, by_name: bool) -> str:
    """The diff that adds each file git does not track and does not ignore (`git diff`
    leaves them out, while the pack of the work tree shows them): a new module written
    before `git add` is part of the change under review."""
    listed = git(["ls-files", "-z", "--others", "--exclude-standard"], info.path)
    paths = [p for p in listed.decode("utf-8", "surrogateescape").split("\0") if p]
    # (what the defaults leave out by name, a `venv/` git does not ignore, is no new file of
    # the change: it would take the places of the real ones)
    defaults = DefaultExcludes() if by_name else None
    paths = [p for p in sorted(paths) if defaults is None or defaults.verdict(p) is None]
    if len(paths) > _UNTRACKED_MAX:
        ctx.untracked_cut = (
            f"--diff {ctx.spec}: {len(paths):,} new files git does not track yet; the first "
            f"{_UNTRACKED_MAX} by path are in the change (add the others, or ignore them)"
        )
    out = []
    for path in paths[:_UNTRACKED_MAX]:
        if path.endswith("/"):
            continue  # a nested repository
        full = info.path / path
        try:
            if full.is_symlink() or not full.is_file():
                continue
            data = full.read_bytes() if full.stat().st_size <= _UNTRACKED_BYTES else None
        except OSError:
            continue
        ctx.changed[path] = "A"
        head = f"diff --git a/{path} b/{path}\nnew file mode 100644\n"
        if data is None or b"\0" in data[:8000]:  # (binary by its bytes, as git tells)
            out.append(f"{head}Binary files /dev/null and b/{path} differ\n")
            continue
        if not data:
            out.append(head)  # (an empty file: no hunk)
            continue
        lines = data.decode("utf-8", "replace").split("\n")  # (as git: not at \f or \r)
        if lines[-1] == "":
            lines.pop()
        body = "".join(f"+{line}\n" for line in lines)
        end = "" if data.endswith(b"\n") else "\\ No newline at end of file\n"
        out.append(f"{head}--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}{end}")
    return "".join(out)


_SKIP_MAX = 2000  # files binary by name whose diff is not asked of git (each an argument)


def _binary_by_name(path: str) -> bool:
    """A file the default excludes leave out as binary by its type alone."""
    found = DefaultExcludes().verdict(path)
    return found is not None and found[1] in ("binary file type", "compiled file")


def _unreadable(info: RepoInfo, revs: list[str], message: str) -> str:
    """git's "unable to read <oid>", with the file it is and what to do."""
    found = re.search(r"unable to read ([0-9a-f]{40,64})", message)
    if found is None:
        return message
    oid = found.group(1)
    where = ""
    for rev in revs:
        listing = git(["ls-tree", "-r", "-z", rev], info.path, check=False)
        for rec in listing.split(b"\0"):
            meta, _, raw = rec.partition(b"\t")
            if meta.endswith(oid.encode()):
                where = f" ({raw.decode('utf-8', 'surrogateescape')} in {rev[:12]})"
                break
        if where:
            break
    return (
        f"cannot diff: git has no copy of blob {oid[:12]}{where}; this clone is partial or "
        "damaged: fetch it again (`git fetch`) or check it with `git fsck`"
    )


_HUNK = lazyre.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(path: str) -> str:
    """A path as git prints it in a header: C-quoted when it holds unusual bytes."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    out = bytearray()
    body, i = path[1:-1], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and i + 4 <= len(body):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        out += c.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


def _lines(text: str) -> list[str]:
    """Lines split at "\\n" only: a form feed or a lone CR inside a line belongs to it."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _side_path(line: str) -> str | None:
    """`--- a/x` / `+++ b/x` -> x; /dev/null -> None."""
    name = line[4:].rstrip("\n")
    if name.endswith("\t"):
        name = name[:-1]
    name = _unquote(name)
    if name == "/dev/null":
        return None
    return name[2:] if name[:2] in ("a/", "b/") else name


@dataclass
class _FileDiff:
    """One file's part of a unified diff: its header lines, then its hunks."""

    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # hunk lines, each with its '+', '-', ' '
    path: str = ""
    added: int = 0
    removed: int = 0
    note: str = ""  # the one line shown instead, for a file the pack leaves out
    reason: str = ""  # why that line stands for its diff
    redacted: list[str] = field(default_factory=list)  # the rules of what its hunks redact

    @property
    def deleted(self) -> bool:
        return any(line.startswith("deleted file mode ") for line in self.header)

    def summary(self, reason: str) -> str:
        """The one line that stands for this file's diff: its counts, and why."""
        return f"# {self.path}: +{self.added} -{self.removed} lines, not shown ({reason})\n"


def _split(text: str) -> tuple[list[str], list[_FileDiff]]:
    """The lines before the first file, and each file's diff (hunk lengths tell a body line
    `--- x` from the next file's header)."""
    lead: list[str] = []
    files: list[_FileDiff] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("diff --git ") or (line.startswith("--- ") and not files):
            files.append(_FileDiff(header=[line]))
            i += 1
            continue
        if not files:
            lead.append(line)
            i += 1
            continue
        f = files[-1]
        m = _HUNK.match(line)
        if m is None:
            if line.startswith(("--- ", "+++ ")):
                side = _side_path(line)
                if side is not None and (line.startswith("+++ ") or not f.path):
                    f.path = side
            elif line.startswith(("rename to ", "copy to ")) and not f.path:
                f.path = _unquote(line.split(" ", 2)[2].rstrip("\n"))
            (f.body if f.body else f.header).append(line)
            i += 1
            continue
        old = int(m.group(1)) if m.group(1) is not None else 1
        new = int(m.group(2)) if m.group(2) is not None else 1
        f.body.append(line)
        i += 1
        while i < len(lines) and (old > 0 or new > 0):
            body = lines[i]
            kind = body[:1]
            if kind == "-":
                old -= 1
                f.removed += 1
            elif kind == "+":
                new -= 1
                f.added += 1
            elif kind == "\\":
                pass  # "\ No newline at end of file"
            else:
                old -= 1
                new -= 1
            f.body.append(body)
            i += 1
        while i < len(lines) and lines[i].startswith("\\"):
            f.body.append(lines[i])
            i += 1
    for f in files:
        if not f.path:  # a mode change or binary file: the path is in `diff --git a/x b/x`
            parts = f.header[0].rstrip("\n").split(" b/", 1)
            f.path = _unquote(parts[1]) if len(parts) == 2 else ""
    return lead, files


_HUNK_HEAD = lazyre.compile(r"@@ [^@\n]* @@ ?")


def _merged_spans(spans: list[Redaction], more: list[Redaction]) -> list[Redaction]:
    """`spans` and those of `more` that overlap none of them, in order."""
    if not more:
        return spans
    out = list(spans)
    for r in more:
        if not any(r.start < s.end and s.start < r.end for s in spans):
            out.append(r)
    return sorted(out, key=lambda r: r.start)


def _hunk_text(body: list[str]) -> tuple[str, list[str]]:
    """The text of hunk lines as the file holds it, without their '+', '-', ' ' marks, so a
    rule sees what the file holds (a `.env` line, a key block spread over added lines), and
    the line of the file git names after a hunk's `@@` (the nearest line above it that
    starts with a letter: in a `.env` or INI file, often `PASSWORD=...`); and each line's
    part of it."""
    parts: list[str] = []
    for line in body:
        if line.startswith("@@"):
            named = _HUNK_HEAD.match(line)
            parts.append(line[named.end() :] if named else "")
        else:
            parts.append("" if line.startswith("\\") else line[1:])
    return "".join(parts), parts


def _scrub_body(
    body: list[str], text: str, spans: list[Redaction], parts: list[str]
) -> tuple[list[str], list[str]]:
    """Hunk lines with `spans` (offsets into `text`, their `_hunk_text`) redacted, and the
    rule of each secret redacted."""
    seen = current_seen()
    if seen is not None:
        # What the pack redacted elsewhere, in this diff (a test's literal of a config's
        # password), also where the value was found in a later file's hunks.
        spans = _merged_spans(spans, seen.spans(text))
    if not spans:
        return body, []
    starts: list[int] = []  # where each line's text starts in the scanned text
    offsets: list[int] = []  # ...and in the diff
    pos = at = 0
    for line, content in zip(body, parts, strict=True):
        starts.append(pos)
        offsets.append(at + (len(line) - len(content)))
        pos += len(content)
        at += len(line)

    def to_diff(p: int) -> int:
        # The last line that starts at or before p (binary search; lines are in order).
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= p:
                lo = mid
            else:
                hi = mid - 1
        return offsets[lo] + (p - starts[lo])

    moved = [Redaction(r.rule, to_diff(r.start), to_diff(r.end)) for r in spans]
    return _lines(apply("".join(body), moved, diff=True)), [r.rule for r in spans]


# A diff line longer than this (in characters) is minified code or data, not a change a
# reader follows: it is cut to its first characters and its length.
LONG_DIFF_LINE, _LONG_SHOWN = 2000, 200
LONG_DATA_DIFF = 200  # lines changed in a data file (results tables, fixtures) shown in full


def _shortened(line: str) -> str:
    """A diff line longer than LONG_DIFF_LINE: its start, and how long it was."""
    if len(line) <= LONG_DIFF_LINE:
        return line
    text = line.rstrip("\n")
    return f"{text[:_LONG_SHOWN]}… [{len(text) - 1:,} characters]\n"


def diff_stats(text: str) -> dict[str, int]:
    """Per path: how many lines the unified diff `text` adds and removes."""
    return {f.path: f.added + f.removed for f in _split(text)[1]}


def scrub_diff(
    text: str,
    left_out: Callable[[str], str | None],
    scan: bool = True,
    strict: Callable[[str], bool] = lambda path: False,
    data: Callable[[str], bool] = lambda path: False,
) -> str:
    """The unified diff as a pack may carry it (see scrub_files)."""
    return scrub_files(text, left_out, scan, strict, data).text()


def scrub_files(
    text: str,
    left_out: Callable[[str], str | None],
    scan: bool = True,
    strict: Callable[[str], bool] = lambda path: False,
    data: Callable[[str], bool] = lambda path: False,
) -> ShownDiff:
    """The unified diff as a pack may carry it, file by file.

    Each file's hunks are scanned for secrets with that file's path and rules (`strict`
    says which paths are tests or docs). A file the pack leaves out (`left_out(path)` gives
    the reason, or None to keep it), a key or password file, and a data file (`data`) with
    more than LONG_DATA_DIFF lines changed shrink to one line naming it and how many lines
    changed; a line longer than LONG_DIFF_LINE is cut short.
    """
    lead, files = _split(text)
    found: list[tuple[_FileDiff, str, list[Redaction], list[str]]] = []
    for f in files:
        named = redact_names(f.path) if scan else f.path
        if named != f.path or (scan and redact_names("".join(f.header)) != "".join(f.header)):
            # A token in the file's name (or the name it had): said once, redacted.
            f.reason = "secret: a credential in its name"
            f.note = f"# {named}: +{f.added} -{f.removed} lines, not shown ({f.reason})\n"
            continue
        reason = left_out(f.path)
        if reason is None and scan and is_key_file(f.path, None):
            reason = "secret: key or password file"
        if reason is None and f.added + f.removed > LONG_DATA_DIFF and data(f.path):
            reason = f"data: over {LONG_DATA_DIFF} lines changed"
        if reason is None and any(len(line) > LONG_DIFF_LINE for line in f.body):
            f.body = [_shortened(line) for line in f.body]  # the other lines stay whole
        if reason is not None:
            f.note, f.reason = f.summary(reason), reason
        elif scan:
            text, parts = _hunk_text(f.body)
            found.append((f, text, find(text, f.path, strict(f.path)), parts))
    # Each file's hunks with its own secrets, then every value found in any of them (or
    # in the pack's files) wherever the diff shows it, in the hunks before too.
    seen = current_seen()
    if seen is not None:
        seen.add([text[r.start : r.end] for _, text, spans, _ in found for r in spans])
    for f, text, spans, parts in found:
        f.body, f.redacted = _scrub_body(f.body, text, spans, parts)
    return ShownDiff(lead, files)


@dataclass
class ShownDiff:
    """A pack's unified diff (scrubbed), file by file, so that a pack over its budget can
    shorten it: each file's hunks cut to their first lines, the largest files' diffs to one
    line of counts each."""

    lead: list[str]
    files: list[_FileDiff]
    briefed: int = 0  # the `brief` of the text last made
    cap: int | None = None  # ...and its `cap`
    # Deleted files given as one line (`restate`), and why: the pack above shows their
    # whole text, or (`drop_deleted`) the pack needs the room.
    restated: dict[str, str] = field(default_factory=dict)
    drop_deleted: bool = False

    def text(self, cap: int | None = None, brief: int = 0) -> str:
        """The diff with each file's hunk lines cut to the first `cap` (None: all) and the
        `brief` largest files' diffs as one line of counts each."""
        self.briefed, self.cap = brief, cap
        short = self._largest(brief)
        out = list(self.lead)
        for i, f in enumerate(self.files):
            if f.note:
                out.append(f.note)
            elif f.path in self.restated:
                why = self.restated[f.path]
                out.append(f"# {f.path}: deleted, -{f.removed} lines, not shown ({why})\n")
            elif i in short:
                out.append(f.summary(_TO_FIT))
            elif cap is None or len(f.body) <= cap:
                out += f.header
                out += f.body
            else:
                out += f.header
                out += f.body[:cap]
                if not out[-1].endswith("\n"):
                    out[-1] += "\n"
                left = len(f.body) - cap
                out.append(
                    f"# ... {f.path}: {left:,} more lines of its diff not shown ({_TO_FIT})\n"
                )
        return "".join(out)

    def restate(self, whole: Callable[[str], bool]) -> bool:
        """Give each deleted file whose text the pack above shows whole (`whole(path)`) as
        one line (its diff would restate it line by line), and with `drop_deleted` every
        deleted file; whether that changed anything."""
        restated = {
            f.path: _SHOWN_ABOVE if whole(f.path) else _TO_FIT
            for f in self.files
            if f.deleted and not f.note and (self.drop_deleted or whole(f.path))
        }
        changed, self.restated = restated != self.restated, restated
        return changed

    def deleted_dropped(self) -> list[str]:
        """The deleted files whose diff is one line to fit the budget."""
        return [p for p, why in self.restated.items() if why == _TO_FIT]

    def deleted_shown(self) -> bool:
        """Whether a deleted file's diff is shown line by line."""
        return any(f.deleted and self._whole(f) for f in self.files)

    def redacted(self) -> dict[str, list[str]]:
        """Per file whose hunks the text last made shows: the rules of the secrets redacted."""
        short = self._largest(self.briefed)
        return {
            f.path: f.redacted
            for i, f in enumerate(self.files)
            if f.redacted and not f.note and f.path not in self.restated and i not in short
        }

    def unshown(self) -> dict[str, str]:
        """The files whose diff the text last made gives as one line, and why."""
        short = self._largest(self.briefed)
        return {
            f.path: f.reason if f.note else self.restated.get(f.path, _TO_FIT)
            for i, f in enumerate(self.files)
            if f.note or f.path in self.restated or i in short
        }

    def longest(self) -> int:
        """The most hunk lines one shown file's diff has."""
        return max((len(f.body) for f in self.files if self._whole(f)), default=0)

    def shown(self) -> int:
        """How many files' diffs are shown (not one line each already)."""
        return sum(self._whole(f) for f in self.files)

    def _whole(self, f: _FileDiff) -> bool:
        return not f.note and f.path not in self.restated

    def cuts(self, cap: int | None, brief: int) -> str:
        """What text(cap, brief) leaves out, in words for the user."""
        short = self._largest(brief)
        cut = [
            f
            for i, f in enumerate(self.files)
            if self._whole(f) and i not in short and cap is not None and len(f.body) > cap
        ]
        said = []
        if cut:
            left = sum(len(f.body) - cap for f in cut if cap is not None)
            said.append(
                f"{_diffs(len(cut))} cut to their first {cap:,} lines, {left:,} lines left out"
            )
        if short:
            said.append(f"{_diffs(len(short))} shown as one line of counts, largest first")
        return "; ".join(said)

    def _largest(self, n: int) -> set[int]:
        """The positions of the `n` shown files with the longest diffs."""
        sizes = [
            (-sum(len(line) for line in f.body), i)
            for i, f in enumerate(self.files)
            if self._whole(f)
        ]
        return {i for _, i in sorted(sizes)[:n]}


def _diffs(n: int) -> str:
    return "1 file's diff" if n == 1 else f"{n:,} files' diffs"


_TO_FIT = "to fit the budget"
_SHOWN_ABOVE = "the pack above shows its whole text"
