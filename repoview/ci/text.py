"""What repoview posts on a forge: model text made inert, finding comments with their
identity, and the one summary comment."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .. import lazyre
from ..findings import SEVERITIES
from ..mdsafe import neutralise
from ..report import line_span, to_markdown

__all__ = [
    "MARKER",
    "Identity",
    "Stamp",
    "finding_comment",
    "neutralise",
    "parse_identity",
    "parse_stamp",
    "summary_comment",
]

MARKER = "<!-- repoview:summary -->"
RESOLVED = "<!-- repoview:resolved -->"
REOPENED = "<!-- repoview:reopened -->"
_FINDING = lazyre.compile(r"<!-- repoview:finding (\{.*?\}) -->")
# What a summary was a review of: only on the line right after MARKER, where repoview puts it.
_STAMP = lazyre.compile(
    rf"\A{re.escape(MARKER)}\r?\n<!-- repoview:reviewed (\{{[^\r\n]*?\}}) -->\r?\n"
)
_SHA = lazyre.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
BODY_LIMIT = 4000  # per finding: a flood of text in one comment helps no reviewer


@dataclass(frozen=True)
class Identity:
    """Where a finding is, as repoview recognises it again on the next run."""

    path: str
    category: str
    line: int
    anchor: str  # digest of the line's text: survives lines moving above it

    def same_place(self, other: Identity, window: int = 3) -> bool:
        if (self.path, self.category) != (other.path, other.category):
            return False
        return bool(self.anchor and self.anchor == other.anchor) or (
            abs(self.line - other.line) <= window
        )


@dataclass(frozen=True)
class Stamp:
    """What a summary comment was the review of, so that a run on the same change with the
    same model and settings can leave it be instead of paying for it again."""

    head: str
    base: str
    task: str
    model: str
    settings: str  # digest of the settings that shape the requests (`review_digest`)
    # Findings of that review by severity: the job fails on a re-run as it did then.
    findings: dict[str, int] = field(default_factory=dict, compare=False)
    # What seals the marker (`keys.seal_key`): without it, no one can write a marker the job
    # believes; anyone may read the comment, and a forge lets others edit it.
    key: bytes = field(default=b"", compare=False, repr=False)

    def line(self, rest: str) -> str:
        """The marker line, sealed with a digest of itself and of the comment's `rest`."""
        data = self._data()
        data["check"] = _check(data, rest, self.key)
        # `--` cannot appear inside an HTML comment; \u002d reads back as the same JSON string.
        text = json.dumps(data, ensure_ascii=True, sort_keys=True).replace("-", "\\u002d")
        return f"<!-- repoview:reviewed {text} -->"

    def _data(self) -> dict[str, Any]:
        return {
            "v": 1,
            "head": self.head,
            "base": self.base,
            "task": self.task,
            "model": self.model,
            "settings": self.settings,
            "findings": {s: n for s, n in self.findings.items() if n},
        }


def _check(data: dict[str, Any], rest: str, key: bytes) -> str:
    # Line ends and the trailing blank line are left to the forge: neither is an edit.
    rest = rest.replace("\r\n", "\n").strip()
    sealed = json.dumps(data, ensure_ascii=True, sort_keys=True) + "\n" + rest
    return hmac.new(key, sealed.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:32]


def parse_stamp(body: str, key: bytes) -> Stamp | None:
    """The stamp of a summary comment as repoview wrote it with `key`; None for anything
    else: no stamp, a stamp out of place or malformed, a comment edited since, or a stamp
    sealed with another key or by someone without one (its seal does not hold)."""
    m = _STAMP.match(body or "")
    if m is None or not key:
        return None
    try:
        data = json.loads(m.group(1))
        check = data.pop("check")
        found = data["findings"]
        stamp = Stamp(
            data["head"],
            data["base"],
            data["task"],
            data["model"],
            data["settings"],
            {s: found[s] for s in found},
            key,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    fields = (stamp.task, stamp.model, stamp.settings, check)
    if (
        data.get("v") != 1
        or not all(isinstance(v, str) and v for v in fields)
        or not all(isinstance(c, str) and _SHA.fullmatch(c) for c in (stamp.head, stamp.base))
        or not set(found) <= set(SEVERITIES)
        or not all(type(n) is int and n > 0 for n in found.values())
        or data != stamp._data()
        or not isinstance(check, str)
        or not hmac.compare_digest(check, _check(data, body[m.end() :], key))
    ):
        return None
    return stamp


def anchor_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16] if text else ""


def _suggestion(text: str, limit: int) -> str:
    """A suggestion after its label; one of several lines (a code block) starts below it,
    where a fence can open."""
    shown = neutralise(_cut(text.strip("\n"), limit))
    return "**Suggestion:**" + ("\n\n" if "\n" in shown else " ") + shown


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finding_comment(f: dict[str, Any], ident: Identity) -> str:
    """An inline comment: the finding in words, then its identity for the next run."""
    body = (
        f"**[{f['severity']}] {neutralise(f['title'])}** ({f.get('category', 'bug')})\n\n"
        + neutralise(_cut(str(f.get("body") or ""), BODY_LIMIT))
    )
    if f.get("suggestion"):
        body += "\n\n" + _suggestion(str(f["suggestion"]), BODY_LIMIT)
    data = json.dumps(
        {
            "path": ident.path,
            "category": ident.category,
            "line": ident.line,
            "anchor": ident.anchor,
            "text": _text_digest(body),  # (what it said: an edit by a person is kept)
        },
        ensure_ascii=True,
    )
    # `--` cannot appear inside an HTML comment; \u002d reads back as the same JSON string.
    return body + "\n\n<!-- repoview:finding " + data.replace("-", "\\u002d") + " -->"


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode()).hexdigest()[:16]


def edited(body: str) -> bool:
    """Whether a person changed the words of repoview's inline comment since it was posted
    (its marker keeps a digest of them; a comment without one says nothing)."""
    found = next(reversed(list(_FINDING.finditer(body or ""))), None)
    if found is None:
        return False
    try:
        said = json.loads(found.group(1)).get("text")
    except (ValueError, AttributeError):
        return False
    return bool(said) and _text_digest(body[: found.start()]) != said


def parse_identity(body: str) -> Identity | None:
    """The identity a repoview comment carries, or None for any other comment."""
    found = _FINDING.findall(body or "")
    if not found:
        return None
    try:
        data = json.loads(found[-1])
        return Identity(
            str(data["path"]),
            str(data["category"]),
            int(data["line"]),
            str(data.get("anchor") or ""),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _where(f: dict[str, Any]) -> str:
    if not f.get("path"):
        return ""
    return f" — `{str(f['path']).replace('`', '')}{line_span(f)}`"


def summary_comment(
    report: dict[str, Any],
    links: dict[int, str],
    resolved: int,
    note: str,
    limit: int,
    stamp: Stamp | None = None,
) -> str:
    """The one summary comment: every finding, linked to its inline comment where it has one.

    `links` maps a finding's index in the report to the URL of its inline comment; `stamp`
    (a review that took place) says what it was a review of, on the line after MARKER.
    """
    findings = [f for f in report.get("findings") or [] if isinstance(f, dict)]
    head = to_markdown(
        {
            **report,
            "findings": [],
            "summary": "",
            "document": None,
            "raw": None,
            "warnings": [],
            "task": "review",
        }
    )
    facts = next((line for line in head.splitlines() if line.startswith("_")), "")
    out = [MARKER, "## repoview review", ""]
    if note:
        out += [f"> {neutralise(note)}", ""]
    if facts:
        out += [facts, ""]
    for warning in report.get("warnings") or []:
        if str(warning) == note:  # a failed run's report carries its note as a warning too
            continue
        out += [f"> **Warning:** {neutralise(str(warning))}", ""]
    if report.get("summary"):
        out += [neutralise(str(report["summary"])), ""]
    if findings:
        out += [f"### Findings ({len(findings)})", ""]
        for i, f in enumerate(findings):
            title = f"**[{f.get('severity')}] {neutralise(str(f.get('title')))}**"
            line = f"- {title} ({f.get('category', 'bug')}){_where(f)}"
            flags = [str(x) for x in f.get("flags") or []]
            if flags:  # (a path not in the pack, a line past the file's end: said here)
                line += " — _" + neutralise("; ".join(flags)) + "_"
            if i in links:
                out.append(f"{line} — [inline comment]({links[i]})")
                continue
            out.append(line)
            if f.get("body"):
                body = neutralise(_cut(str(f["body"]), BODY_LIMIT))
                out.append("  " + body.replace("\n", "\n  "))
            if f.get("suggestion"):
                out.append("  " + _suggestion(str(f["suggestion"]), 1000).replace("\n", "\n  "))
        out.append("")
    elif not report.get("raw") and not note:
        out += ["No findings.", ""]
    if report.get("raw"):
        out += ["The model's answer could not be parsed: this change was not reviewed.", ""]
    if resolved:
        out += [
            f"{resolved} finding(s) from an earlier run are no longer reported; "
            "their inline threads are marked resolved.",
            "",
        ]
    text = "\n".join(out[1:])
    room = limit - len(MARKER) - 1 - (len(stamp.line("")) + 1 if stamp else 0)
    if len(text) > room:
        cut = "\n\n… truncated: the full report is in the job summary and the run store."
        text = text[: room - len(cut)] + cut
    return "\n".join([MARKER, *([stamp.line(text)] if stamp else []), text])
