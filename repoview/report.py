"""Reports: the same findings as Markdown, JSON (with run metadata) or SARIF 2.1.0."""

from __future__ import annotations

import json
from typing import Any

from . import __version__
from .findings import SEVERITIES, Finding

__all__ = ["render_report", "to_markdown", "to_sarif"]

_SARIF_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
                "info": "note"}  # fmt: skip
_SECURITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report.get("findings") or [] if isinstance(f, dict)]


def to_markdown(report: dict[str, Any]) -> str:
    """A readable report: summary, findings by severity, the document, run facts."""
    task = report.get("task", "review")
    out = [f"# repoview {task} review: {report.get('repository', '')}".rstrip(), ""]
    facts = [f"model `{report.get('model')}`"]
    if report.get("rev"):
        facts.append(f"rev `{str(report['rev'])[:12]}`")
    usage = report.get("usage") or {}
    if usage:
        facts.append(f"{usage.get('input_tokens', 0):,} tokens in, "
                     f"{usage.get('output_tokens', 0):,} out")  # fmt: skip
    if report.get("cost_usd") is not None:
        facts.append(f"${report['cost_usd']:.4f}")
    if report.get("duration_s") is not None:
        facts.append(f"{report['duration_s']:.1f} s")
    out += ["_" + ", ".join(facts) + "_", ""]
    for warning in report.get("warnings") or []:
        out.append(f"> **Warning:** {warning}")
    if report.get("warnings"):
        out.append("")
    if report.get("summary") and not report.get("document"):  # a document opens with it
        out += ["## Summary", "", str(report["summary"]), ""]
    findings = _findings(report)
    if findings:
        out += [f"## Findings ({len(findings)})", ""]
        for sev in SEVERITIES:
            group = [f for f in findings if f.get("severity") == sev]
            for f in group:
                where = ""
                if f.get("path"):
                    where = f" — `{f['path']}" + (f":{f['line']}" if f.get("line") else "") + "`"
                out.append(f"### [{sev}] {f.get('title')}{where}")
                out.append("")
                out.append(f"*{f.get('category', 'bug')}*" + (
                    f" · {', '.join(f['flags'])}" if f.get("flags") else ""))  # fmt: skip
                out.append("")
                if f.get("body"):
                    out += [str(f["body"]), ""]
                if f.get("suggestion"):
                    out += [f"**Suggestion:** {f['suggestion']}", ""]
    elif report.get("task") in ("bugs", "diff") and not report.get("raw"):
        out += ["No findings.", ""]
    if report.get("document"):
        out += [str(report["document"]).strip(), ""]
    if report.get("raw"):
        out += ["## Raw answer (could not be parsed)", "", "```text", str(report["raw"]), "```", ""]
    if report.get("tools_used"):
        out += ["## Files the model asked for", ""]
        out += [f"- `{t}`" for t in report["tools_used"]] + [""]
    return "\n".join(out)


def to_sarif(report: dict[str, Any]) -> dict[str, Any]:
    """SARIF 2.1.0 as GitHub code scanning takes it: one rule per category."""
    findings = _findings(report)
    categories = sorted({str(f.get("category", "bug")) for f in findings})
    rules = [
        {"id": f"repoview/{c}", "name": c.capitalize(),
         "shortDescription": {"text": f"repoview: {c} finding"},
         "properties": {"tags": [c]}}
        for c in categories
    ]  # fmt: skip
    results = []
    for f in findings:
        sev = str(f.get("severity", "info"))
        text = str(f.get("title"))
        if f.get("body"):
            text += "\n\n" + str(f["body"])
        if f.get("suggestion"):
            text += "\n\nSuggestion: " + str(f["suggestion"])
        result: dict[str, Any] = {
            "ruleId": f"repoview/{f.get('category', 'bug')}",
            "ruleIndex": categories.index(str(f.get("category", "bug"))),
            "level": _SARIF_LEVEL.get(sev, "note"),
            "message": {"text": text},
            "properties": {"severity": sev, "security-severity": _SECURITY.get(sev, "1.0")},
        }
        if f.get("path"):
            region = {}
            if f.get("line"):
                region = {"startLine": int(f["line"])}
                if f.get("end_line"):
                    region["endLine"] = int(f["end_line"])
            location: dict[str, Any] = {"artifactLocation": {"uri": str(f["path"]),
                                                             "uriBaseId": "%SRCROOT%"}}  # fmt: skip
            if region:
                location["region"] = region
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "repoview", "version": __version__,
                                "informationUri": "https://github.com/repoview/repoview",
                                "rules": rules}},
            "results": results,
        }],
    }  # fmt: skip


def render_report(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return json.dumps(to_sarif(report), indent=2, ensure_ascii=False) + "\n"
    return to_markdown(report)


def finding_dicts(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]
