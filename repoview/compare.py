"""`review --model a,b,c`: the same task on the same pack with several models, compared:
cost, latency, tokens, and which findings each reported (matched by location)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import CostLimitError, ProviderError
from .findings import Finding
from .outcome import Report, ReviewPlan
from .registry import budget_for, find_model, registry
from .reviewer import ReviewOptions, check_cost, execute, plan_review

__all__ = ["Comparison", "compare_models", "match_findings"]

NEAR = 3  # lines apart that still count as the same place


@dataclass
class Comparison:
    """One row per model, one row per place any model reported a finding."""

    task: str
    repository: str
    pack_tokens: int
    runs: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    in_parts: list[str] = field(default_factory=list)  # models that read it in parts

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "repository": self.repository,
            "pack_tokens": self.pack_tokens,
            "models": self.runs,
            "findings": self.places,
            "in_parts": self.in_parts,
        }

    def to_markdown(self) -> str:
        names = [r["model"] for r in self.runs]
        out = [
            f"# repoview {self.task} review: model comparison on {self.repository}",
            "",
            f"Every model read the same pack ({self.pack_tokens:,} tokens)"
            + (
                f"; {', '.join(self.in_parts)} in parts sized to the model's window, so the "
                "requests differ."
                if self.in_parts
                else "."
            ),
            "",
            "| model | status | requests | tokens in | tokens out | cost | seconds | findings |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in self.runs:
            cost = f"${r['cost_usd']:.4f}" if r["cost_usd"] is not None else "n/a"
            out.append(
                f"| {r['model']} | {r['status']} | {r['requests']} | {r['input_tokens']:,} "
                f"| {r['output_tokens']:,} | {cost} | {r['duration_s']:.1f} "
                f"| {r['findings']} |"
            )
        if self.places:
            out += [
                "",
                "## Findings by place",
                "",
                "| place | title | " + " | ".join(names) + " |",
                "|---|---|" + "---|" * len(names),
            ]
            for p in self.places:
                marks = " | ".join(p["severity_by_model"].get(n, "") for n in names)
                out.append(f"| `{p['place']}` | {p['title']} | {marks} |")
        for r in self.runs:
            if r.get("summary"):
                out += ["", f"## {r['model']}", "", r["summary"]]
        return "\n".join(out) + "\n"


def match_findings(reports: dict[str, list[Finding]]) -> list[dict[str, Any]]:
    """Group findings of several models by place: same path, lines within NEAR."""
    places: list[dict[str, Any]] = []
    for model, findings in reports.items():
        for f in findings:
            for p in places:
                if (
                    p["path"] == f.path
                    and model not in p["severity_by_model"]
                    and (
                        (p["line"] is None and f.line is None)
                        or (
                            p["line"] is not None
                            and f.line is not None
                            and abs(p["line"] - f.line) <= NEAR
                        )
                    )
                ):
                    p["severity_by_model"][model] = f.severity
                    break
            else:
                where = f"{f.path}:{f.line}" if f.path and f.line else (f.path or "-")
                places.append(
                    {
                        "place": where,
                        "path": f.path,
                        "line": f.line,
                        "title": f.title,
                        "severity_by_model": {model: f.severity},
                    }
                )
    places.sort(key=lambda p: (-len(p["severity_by_model"]), p["path"] or "", p["line"] or 0))
    return places


def compare_models(opts: ReviewOptions, say: Callable[[str], None], fmt: str) -> str:
    """Run the comparison `opts.model` names; the report as Markdown or JSON text."""
    table = registry(opts.models)
    names = [n.strip() for n in (opts.model or "").split(",") if n.strip()]
    models = [find_model(n, table) for n in dict.fromkeys(names)]
    smallest = min(models, key=budget_for)
    first = plan_review(replace(opts, model=smallest.name), smallest)
    plans = [
        first if m is smallest else plan_review(replace(opts, budget=first.budget), m, first.pack)
        for m in models
    ]  # in the order the user named them
    total = [p.cost for p in plans]
    say(
        f"review: comparing {', '.join(m.name for m in models)} on one pack of "
        f"{first.pack.total_tokens:,} tokens"
    )
    if opts.max_cost is not None and None in total:
        unpriced = [p.model.name for p in plans if p.cost is None]
        raise CostLimitError(f"--max-cost needs a price and {', '.join(unpriced)} has none")
    if opts.max_cost is not None and sum(c or 0 for c in total) > opts.max_cost:
        raise CostLimitError(
            f"the models together may cost ${sum(c or 0 for c in total):.4f}, "
            f"above --max-cost ${opts.max_cost:.4f}"
        )
    each = replace(opts, max_cost=None)
    for p in plans:
        check_cost(p, each)
    if opts.dry_run:
        if fmt == "json":
            return json.dumps([p.to_dict() for p in plans], indent=2) + "\n"
        return "".join(p.describe() for p in plans)
    out = Comparison(opts.task, first.pack.name, first.pack.total_tokens)
    out.in_parts = [p.model.name for p in plans if p.strategy == "map-reduce"]
    found: dict[str, list[Finding]] = {}
    for p in plans:
        try:
            # (each model's retries within its share: its plan and what the others leave)
            share = None
            if opts.max_cost is not None:
                spare = (opts.max_cost - sum(c or 0 for c in total)) / len(plans)
                share = (p.cost or 0) + spare
            rep: Report | None = execute(p, replace(opts, max_cost=share), say)
        except ProviderError as exc:
            say(f"review: {p.model.name} failed: {exc}")
            rep = None
        out.runs.append(_row(p, rep))
        if rep is not None:
            found[p.model.name] = rep.findings
    out.places = match_findings(found)
    return json.dumps(out.to_dict(), indent=2) + "\n" if fmt == "json" else out.to_markdown()


def _row(plan: ReviewPlan, rep: Report | None) -> dict[str, Any]:
    if rep is None:
        return {
            "model": plan.model.name,
            "status": "failed",
            "requests": 0,
            "input_tokens": 0,
            "output_tokens": 0,
            "cost_usd": None,
            "duration_s": 0.0,
            "findings": 0,
            "estimated_cost_usd": plan.cost,
        }
    return {
        "model": plan.model.name,
        "status": "ok",
        "requests": len(rep.usage.requests),
        "input_tokens": rep.usage.input_tokens,
        "output_tokens": rep.usage.output_tokens,
        "cost_usd": rep.cost_usd,
        "estimated_cost_usd": plan.cost,
        "duration_s": round(rep.duration_s, 3),
        "findings": len(rep.findings),
        "summary": rep.summary,
        "run_id": rep.run_id,
    }
