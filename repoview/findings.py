"""Findings: the JSON the model is asked for, parsed forgivingly and checked against the pack."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

from . import lazyre
from .model import PackedFile

__all__ = [
    "SEVERITIES",
    "Category",
    "Finding",
    "Parsed",
    "Severity",
    "at_or_above",
    "counts_for_failing",
    "misplaced_warnings",
    "parse_answer",
    "uncounted_line",
    "weigh",
    "weigh_reported",
]

Severity = Literal["critical", "high", "medium", "low", "info"]
Category = Literal["bug", "security", "performance", "design", "docs", "style"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
CATEGORIES: tuple[Category, ...] = get_args(Category)


def clean_path(path: str) -> str:
    """`./src/a.py` -> `src/a.py` (a leading dot of a name, as in `.github`, stays)."""
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    return path


@dataclass
class Finding:
    """One problem the model reports, at a place in the repository."""

    severity: Severity
    category: Category
    title: str
    path: str | None = None
    line: int | None = None
    end_line: int | None = None
    body: str = ""
    suggestion: str | None = None
    flags: list[str] = field(default_factory=list)  # what validation noticed

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.flags:
            data.pop("flags")
        return data


@dataclass
class Parsed:
    """What an answer gave: a summary, findings, and warnings about what had to be repaired."""

    summary: str = ""
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    raw: str = ""  # kept when the answer could not be parsed
    parsed: bool = True


# The words models use for a severity or a category besides the ones asked for. A finding
# of a severity still unknown is kept at _UNKNOWN_SEVERITY and flagged: as `info` it passed
# every --fail-on and the hook's block unseen.
_SEVERITY_WORDS: dict[str, Severity] = {
    **{s: s for s in SEVERITIES},
    **dict.fromkeys(("blocker", "fatal", "severe", "p0", "urgent"), "critical"),
    **dict.fromkeys(("major", "error", "serious", "p1", "important"), "high"),
    **dict.fromkeys(("warning", "warn", "moderate", "med", "p2", "normal"), "medium"),
    **dict.fromkeys(("minor", "trivial", "p3", "nit", "nitpick"), "low"),
    **dict.fromkeys(("note", "informational", "information", "hint", "suggestion"), "info"),
}
_CATEGORY_WORDS: dict[str, Category] = {
    **{c: c for c in CATEGORIES},
    **dict.fromkeys(("vulnerability", "vuln", "safety"), "security"),
    **dict.fromkeys(("perf", "efficiency"), "performance"),
    **dict.fromkeys(("documentation", "doc", "comment", "comments"), "docs"),
    **dict.fromkeys(("architecture", "maintainability", "complexity"), "design"),
    **dict.fromkeys(("readability", "formatting", "naming", "consistency"), "style"),
    **dict.fromkeys(("correctness", "logic", "error", "reliability"), "bug"),
}
_UNKNOWN_SEVERITY: Severity = "medium"


def _word(value: Any) -> str:
    """`" Critical "`, `"CRITICAL"` -> `"critical"`."""
    return " ".join(str(value or "").split()).lower()


def at_or_above(severity: str, threshold: str) -> bool:
    """True when `severity` is `threshold` or worse."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


_FENCE = lazyre.compile(r"```(?:json|JSON)?\s*\n(.*?)\n\s*```", re.S)
_TRAILING_COMMA = lazyre.compile(r",\s*([}\]])")


def _loads(text: str) -> tuple[Any, list[str]]:
    """JSON from an answer, repairing the common slips; raises ValueError if hopeless."""
    notes: list[str] = []
    candidates = [text.strip()]
    fence = _FENCE.search(text)
    if fence:
        candidates.insert(0, fence.group(1).strip())
        notes.append("answer wrapped in a code fence")
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        candidates.append(text[start : end + 1])
    for cand in candidates:
        for attempt in (cand, _TRAILING_COMMA.sub(r"\1", cand)):
            try:
                data = json.loads(attempt)
            except ValueError:
                continue
            if attempt is not cand:
                notes.append("trailing commas removed")
            if cand is candidates[-1] and cand != text.strip() and not fence:
                notes.append("text around the JSON ignored")
            return data, notes
    raise ValueError("no JSON object found")


def _int(value: Any) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):  # (`1e400` is infinity)
        return None
    return n if n > 0 else None


def parse_answer(text: str, files: list[PackedFile]) -> Parsed:
    """Parse the model's findings JSON and check each finding against the packed files."""
    try:
        data, notes = _loads(text)
    except ValueError:
        warning = "the answer is not the requested JSON; its raw text is kept in the report"
        return Parsed(raw=text, parsed=False, warnings=[warning])
    if not isinstance(data, dict):
        data = {"findings": data} if isinstance(data, list) else {}
    out = Parsed(summary=str(data.get("summary") or ""), warnings=[f"repaired: {n}" for n in notes])
    by_path = {f.path: f for f in files}
    raw_findings = data.get("findings") or []
    if not isinstance(raw_findings, list):
        raw_findings = []
        out.warnings.append("`findings` is not a list; ignored")
    unknown = set[str]()
    for item in raw_findings:
        if not isinstance(item, dict):
            continue
        f = _finding(item, by_path)
        if f is None:
            continue
        said = _word(item.get("severity")) or "info"
        if said not in _SEVERITY_WORDS:
            f.flags.append(f"severity {said[:40]!r} unknown: kept as {_UNKNOWN_SEVERITY}")
            unknown.add(said[:40])
        out.findings.append(f)
    dropped = len(raw_findings) - len(out.findings)
    if dropped:
        out.warnings.append(f"{dropped} finding(s) without a title dropped")
    out.warnings.extend(misplaced_warnings(out.findings))
    if unknown:
        words = ", ".join(repr(u) for u in sorted(unknown))
        out.warnings.append(f"unknown severity {words}: kept as {_UNKNOWN_SEVERITY}, flagged")
    out.findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.path or "", f.line or 0))
    return out


def _placed(path: str, by_path: dict[str, PackedFile]) -> tuple[str, int | None]:
    """A path as the model wrote it, as the pack names it, and a line written into it:
    `src\\a.py`, `src/a.py:12`, and an absolute path into the checkout (`/home/me/proj/
    src/a.py`, `C:\\proj\\src\\a.py`: the longest such path) are the pack's `src/a.py`. A
    relative path stays as it was (`tests/app.py` is not `app.py`), as does one the pack
    does not hold in any of these forms."""
    said_at = re.fullmatch(r"(.+?):(\d+)(?:-\d+)?", path)
    for written, line in ((path, None), *([(said_at[1], _int(said_at[2]))] if said_at else [])):
        unified = written.replace("\\", "/")
        absolute = unified.startswith("/") or re.match(r"[A-Za-z]:/", unified)
        parts = unified.strip("/").split("/")
        for tail in ("/".join(parts[i:]) for i in range(len(parts) if absolute else 1)):
            if tail in by_path:
                return tail, line
    return path, None


def counts_for_failing(flags: list[str]) -> bool:
    """Whether a finding counts toward `fail_on`: not one at a path the pack does not hold
    (most likely made up: a push or a build is not stopped by it; it is still reported),
    nor, in a review of a change, one in a file the change leaves as it was (no edit of
    the pushed commits could clear it: the push would stay stopped for ever)."""
    return NOT_IN_PACK not in flags and OUTSIDE_CHANGE not in flags


def mark_outside_change(findings: list[Finding], changed: Collection[str]) -> None:
    """Flag the findings of a change's review that name a file of the pack the change did
    not touch (`counts_for_failing`)."""
    for f in findings:
        if f.path is not None and f.path not in changed and NOT_IN_PACK not in f.flags:
            f.flags.append(OUTSIDE_CHANGE)


def weigh(findings: Iterable[tuple[str, list[str]]], fail_on: str | None) -> tuple[int, int]:
    """Of findings (severity, flags) at or above `fail_on`: how many fail the run, and how
    many it does not count (`counts_for_failing`)."""
    failing = uncounted = 0
    for severity, flags in findings:
        if fail_on and severity in SEVERITIES and at_or_above(severity, fail_on):
            if counts_for_failing(flags):
                failing += 1
            else:
                uncounted += 1
    return failing, uncounted


def weigh_reported(findings: Iterable[dict[str, Any]], fail_on: str | None) -> tuple[int, int]:
    """`weigh` for a report's findings (as its JSON holds them)."""
    return weigh(((str(f.get("severity")), f.get("flags") or []) for f in findings), fail_on)


def uncounted_line(n: int, fail_on: str | None, name: str) -> str:
    """The line that says `n` findings at or above `fail_on` (the option `name`) did not
    count."""
    return (
        f"{n} finding(s) at or above '{fail_on}' name a path not in the pack or a file "
        f"the change leaves as it was: reported, not counted for {name}"
    )


NOT_IN_PACK = "path not in the pack"
OUTSIDE_CHANGE = "a file the change did not touch"
BEYOND = " beyond the file's "  # in "line N beyond the file's M lines"


def misplaced_warnings(findings: list[Finding]) -> list[str]:
    """The warning for findings flagged as pointing outside the pack, if any: one answer's
    or the findings merged from several."""
    n = sum(any(x == NOT_IN_PACK or BEYOND in x for x in f.flags) for f in findings)
    return [f"{n} finding(s) point at a path or line not in the pack"] if n else []


def _finding(item: dict[str, Any], by_path: dict[str, PackedFile]) -> Finding | None:
    title = str(item.get("title") or "").strip()
    if not title:
        return None
    f = Finding(
        severity=_SEVERITY_WORDS.get(_word(item.get("severity")) or "info", _UNKNOWN_SEVERITY),
        category=_CATEGORY_WORDS.get(_word(item.get("category")), "bug"),
        title=title[:200],
        path=(clean_path(str(item["path"])) or None) if item.get("path") else None,
        line=_int(item.get("line")),
        end_line=_int(item.get("end_line")),
        body=str(item.get("body") or ""),
        suggestion=str(item["suggestion"]) if item.get("suggestion") else None,
    )
    said_line = item.get("line")
    if f.line is None and said_line not in (None, "", 0, "0"):
        f.flags.append(f"line {str(said_line)[:20]!r} is not a line number")
    if f.path is not None and f.path not in by_path:
        f.path, written_line = _placed(f.path, by_path)
        f.line = f.line if f.line is not None else written_line
    if f.path is not None:
        target = by_path.get(f.path)
        if target is None:
            f.flags.append(NOT_IN_PACK)
            if f.line is not None:  # (no location to place: the claim is kept as said)
                f.flags.append(f"said at line {f.line}")
            f.line = f.end_line = None
        elif f.line is not None and f.line > max(target.lines, 1):
            f.flags.append(f"line {f.line}{BEYOND}{target.lines} lines")
            f.line = f.end_line = None
    if f.line is None or (f.end_line is not None and f.end_line < f.line):
        f.end_line = None
    return f
