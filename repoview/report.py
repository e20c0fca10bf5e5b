"""Reports: the same findings as Markdown, JSON (with run metadata) or SARIF 2.1.0."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import RepoviewError
from .findings import OUTSIDE_CHANGE, SEVERITIES, Finding, at_or_above
from .gitutil import git
from .mdsafe import neutralise
from .textsafe import oneline

__all__ = [
    "anchor_text",
    "file_reader",
    "fingerprint",
    "line_span",
    "render_report",
    "repo_path",
    "to_codequality",
    "to_markdown",
    "to_sarif",
]

HOMEPAGE = "https://github.com/repoview/repoview"
Reader = Callable[[str], list[str] | None]

_SARIF_LEVEL = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "info": "note",
}
# GitHub maps security-severity to critical (>= 9), high (>= 7), medium (>= 4), low.
_SECURITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
_CODEQUALITY = {
    "critical": "blocker",
    "high": "critical",
    "medium": "major",
    "low": "minor",
    "info": "info",
}


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report.get("findings") or [] if isinstance(f, dict)]


def to_markdown(report: dict[str, Any], mentions: bool = False) -> str:
    """A readable report: summary, findings by severity, the document, run facts.

    What the model, the provider or the repository wrote is made inert (`neutralise`): no
    raw HTML, no image that loads when a preview opens the file, and with `mentions` (a
    forge shows it) no mention either."""

    def inert(text: object) -> str:
        return neutralise(str(text), mentions)

    task = report.get("task", "review")
    out = [f"# repoview {task} review: {oneline(inert(report.get('repository', '')))}".rstrip(), ""]
    facts = [f"model {_code(str(report['model']))}"] if report.get("model") else []
    if report.get("rev"):
        facts.append(f"rev `{str(report['rev'])[:12]}`")
    usage = report.get("usage") or {}
    if usage:
        facts.append(
            f"{usage.get('input_tokens', 0):,} tokens in, {usage.get('output_tokens', 0):,} out"
        )
    if report.get("cost_usd") is not None:
        facts.append(f"${report['cost_usd']:.4f}")
    if report.get("duration_s") is not None:
        facts.append(f"{report['duration_s']:.1f} s")
    out += ["_" + ", ".join(facts) + "_", ""]
    error = str(report.get("error") or "")
    for warning in report.get("warnings") or []:
        if error and error in str(warning):  # said once, below, as why nothing was reviewed
            continue
        # A blank line after each: consecutive quote lines would merge into one paragraph.
        out += [f"> **Warning:** {inert(warning)}", ""]
    if error:  # a run that failed found nothing because it finished nothing: never "0"
        out += [f"Not reviewed: {oneline(inert(error))}", ""]
    if report.get("summary") and not report.get("document"):  # a document opens with it
        out += ["## Summary", "", inert(report["summary"]), ""]
    findings = _findings(report)
    if findings:
        out += [f"## Findings ({len(findings)})", ""]
        for sev in SEVERITIES:
            group = [f for f in findings if f.get("severity") == sev]
            for f in group:
                where = ""
                if f.get("path"):
                    where = f" — {_code(oneline(str(f['path'])) + line_span(f))}"
                out.append(f"### [{sev}] {oneline(inert(f.get('title')))}{where}")
                out.append("")
                out.append(
                    f"*{inert(f.get('category', 'bug'))}*"
                    + (f" · {', '.join(f['flags'])}" if f.get("flags") else "")
                )
                out.append("")
                if f.get("body"):
                    out += [inert(f["body"]), ""]
                if f.get("suggestion"):
                    fix = inert(str(f["suggestion"]).strip("\n"))
                    # (code of several lines starts below its label, where a fence can open)
                    out += ["**Suggestion:**" + ("\n\n" if "\n" in fix else " ") + fix, ""]
    elif report.get("task") in ("bugs", "diff") and not report.get("raw") and not error:
        out += ["No findings.", ""]
    if report.get("document"):
        out += [inert(report["document"]).strip(), ""]
    if report.get("raw"):
        raw = str(report["raw"])
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", raw)), default=0))
        out += ["## Raw answer (could not be parsed)", "", f"{fence}text", raw, fence, ""]
    if report.get("tools_used"):
        out += ["## Files the model asked for", ""]
        out += [f"- {_code(str(t))}" for t in report["tools_used"]] + [""]
    return "\n".join(out)


def _code(text: str) -> str:
    """`text` as a code span, whatever backticks it holds (a path the model wrote)."""
    run = max((len(r) for r in re.findall(r"`+", text)), default=0)
    tick = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{tick}{pad}{text}{pad}{tick}"


def line_span(f: dict[str, Any]) -> str:
    """`:841`, or `:841-844` for a finding over several lines; "" with no line."""
    line, end = f.get("line"), f.get("end_line")
    if not line:
        return ""
    try:
        more = end is not None and int(end) > int(line)
    except (TypeError, ValueError):
        more = False
    return f":{line}-{end}" if more else f":{line}"


def repo_path(f: dict[str, Any]) -> str | None:
    """The finding's path when it names a file of the repository, else None.

    The parser flags paths it did not pack; absolute and `..` paths never name one.
    """
    path = f.get("path")
    if not path or "path not in the pack" in (f.get("flags") or []):
        return None
    text = str(path)
    if text.startswith("/") or ".." in PurePosixPath(text).parts or ":" in text.split("/")[0]:
        return None
    return text


def anchor_text(f: dict[str, Any], read: Reader | None, context: int = 1) -> str:
    """The line neighbourhood a finding points at, as text that survives lines moving.

    The finding's line (or the next non-blank one) and `context` non-blank lines either
    side, whitespace collapsed: one line alone repeats too often (`return None`, `}`) to
    tell findings apart. With no source to read, the line number in blocks of 10 stands in.
    """
    path, line = repo_path(f), f.get("line")
    if path is None or not line:
        return ""
    lines = read(path) if read is not None else None
    if not lines:
        return f"~{int(line) // 10}"
    at = next(
        (i for i in range(int(line) - 1, min(int(line) + 2, len(lines))) if lines[i].strip()), None
    )
    if at is None:
        return f"~{int(line) // 10}"
    near = [lines[at]]
    for step in (-1, 1):
        i, found = at + step, 0
        while 0 <= i < len(lines) and found < context:
            if lines[i].strip():
                near.insert(0 if step < 0 else len(near), lines[i])
                found += 1
            i += step
    return "\n".join(" ".join(t.split()) for t in near)


def fingerprint(f: dict[str, Any], read: Reader | None = None) -> str:
    """A finding's identity across runs: its file, its line's text and its category.

    Wording, severity and small shifts of line numbers do not change it, so the forges
    (and repoview's own comments) see a re-run's finding as the same one. A finding with no
    line (a whole file, a path not in the repository) has no place to stand for it: its
    path as written and its title do, so that two such findings are never told apart by
    their order in the report alone.
    """
    anchor = anchor_text(f, read)
    if not anchor:
        title = " ".join(str(f.get("title") or "").lower().split())
        anchor = f"{'' if repo_path(f) else f.get('path') or ''}\0{title}"
    key = f"{repo_path(f) or ''}\0{f.get('category', 'bug')}\0{anchor}"
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]


def fingerprints(findings: list[dict[str, Any]], read: Reader | None) -> list[str]:
    """Each finding's fingerprint, made unique within one report.

    Identical code in one file (measured: 7-26% of lines share their 3-line neighbourhood)
    would give two findings one fingerprint, and GitLab would show only one of them.
    """
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        fp = fingerprint(f, read)
        seen[fp] = seen.get(fp, 0) + 1
        out.append(fp if seen[fp] == 1 else f"{fp[:28]}{seen[fp]:04d}")
    return out


def file_reader(root: Path, rev: str | None) -> Reader:
    """Lines of a repository file, from commit `rev` or the work tree; None when unreadable."""
    cache: dict[str, list[str] | None] = {}

    def read(path: str) -> list[str] | None:
        if path not in cache:
            try:
                data = git(["show", f"{rev}:{path}"], root) if rev else (root / path).read_bytes()
                cache[path] = data.decode("utf-8", "replace").splitlines()
            except (OSError, RepoviewError):
                cache[path] = None
        return cache[path]

    return read


def to_sarif(report: dict[str, Any], read: Reader | None = None) -> dict[str, Any]:
    """SARIF 2.1.0 as GitHub code scanning takes it: one rule per category.

    GitHub reads `security-severity` from the rule, so each rule carries the highest
    severity among its results; `partialFingerprints` keep alerts across re-runs. Code
    scanning refuses a whole upload that holds a result with no location ("expected at
    least one location"): a finding about no file of the repository stays in the comment
    and the other formats.
    """
    findings = _findings(report)
    # A finding in a file the change did not touch has a rule of its own (GitHub takes an
    # alert's security severity from its rule): a note, at the lowest severity.
    categories = sorted({_rule(f) for f in findings})
    worst: dict[str, str] = {}
    for f in findings:
        if _aside(f):
            continue
        c, sev = _rule(f), str(f.get("severity", "info"))
        if sev in SEVERITIES and (c not in worst or at_or_above(sev, worst[c])):
            worst[c] = sev
    rules = []
    for c in categories:
        category = c.removesuffix(_ASIDE_RULE)
        outside = " (outside the change)" if category != c else ""
        rules.append(
            {
                "id": f"repoview/{c}",
                "name": category.capitalize() + outside,
                "shortDescription": {"text": f"repoview: {category} finding"},
                "defaultConfiguration": {"level": _SARIF_LEVEL.get(worst.get(c, "info"), "note")},
                "properties": {
                    "tags": [category],
                    "security-severity": _SECURITY[worst.get(c, "info")],
                },
            }
        )
    results = []
    for f, fp in zip(findings, fingerprints(findings, read), strict=True):
        sev = str(f.get("severity", "info"))
        text = str(f.get("title"))
        if f.get("body"):
            text += "\n\n" + str(f["body"])
        if f.get("suggestion"):
            text += "\n\nSuggestion: " + str(f["suggestion"])
        path = repo_path(f)
        if path is None:
            continue
        result: dict[str, Any] = {
            "ruleId": f"repoview/{_rule(f)}",
            "ruleIndex": categories.index(_rule(f)),
            "level": "note" if _aside(f) else _SARIF_LEVEL.get(sev, "note"),
            "message": {"text": text},
            "partialFingerprints": {"repoviewFinding/v1": fp},
            "properties": {"severity": sev},
        }
        if f.get("flags"):  # (`a file the change did not touch`: a note, not an alert's level)
            result["properties"]["flags"] = list(f["flags"])
        location: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}}
        if f.get("line"):
            region = {"startLine": int(f["line"])}
            if f.get("end_line") and int(f["end_line"]) >= int(f["line"]):
                region["endLine"] = int(f["end_line"])
            location["region"] = region
        result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "repoview",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {
                        "description": {"text": "The root of the repository under review."}
                    }
                },
                "results": results,
            }
        ],
    }


def to_codequality(report: dict[str, Any], read: Reader | None = None) -> list[dict[str, Any]]:
    """GitLab Code Quality JSON: what merge request widgets and diffs show.

    GitLab requires a path for every entry; a finding about no file of the repository
    stays in the comment and the other formats.
    """
    out = []
    findings = _findings(report)
    for f, fp in zip(findings, fingerprints(findings, read), strict=True):
        path = repo_path(f)
        if path is None:
            continue
        text = str(f.get("title"))
        if f.get("body"):
            text += ": " + " ".join(str(f["body"]).split())
        out.append(
            {
                "description": text[:1000],
                "check_name": f"repoview/{f.get('category', 'bug')}",
                "fingerprint": fp,
                "severity": "info"
                if _aside(f)
                else _CODEQUALITY.get(str(f.get("severity")), "info"),
                "location": {"path": path, "lines": {"begin": int(f.get("line") or 1)}},
            }
        )
    return out


_ASIDE_RULE = "/outside-change"


def _rule(f: dict[str, Any]) -> str:
    """The SARIF rule of a finding: its category's, or that category's outside the change."""
    return str(f.get("category", "bug")) + (_ASIDE_RULE if _aside(f) else "")


def _aside(f: dict[str, Any]) -> bool:
    """A diff review's finding in a file the change did not touch: shown, but no alert of
    the change's (it counts for no fail level either)."""
    return OUTSIDE_CHANGE in (f.get("flags") or [])


def render_report(report: dict[str, Any], fmt: str, read: Reader | None = None) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(to_sarif(report, read), indent=2, ensure_ascii=False) + "\n"
    if fmt == "codequality":
        return json.dumps(to_codequality(report, read), indent=2, ensure_ascii=False) + "\n"
    return to_markdown(report)


def finding_dicts(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]
