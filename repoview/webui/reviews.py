"""Pages about reviews: start one, follow it (or cancel it), read a report, mark findings,
compare two runs."""

from __future__ import annotations

import re
import threading
import uuid
from html import escape
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from flask import url_for as url
from markdown_it import MarkdownIt

from repoview.errors import RepoviewError
from repoview.reviewer import TASKS
from repoview.store import Run, RunStore

from .jobs import Job, stream_job
from .marks import MARKS, MarkStore, compare
from .state import State, repo_id, review_options
from .views import budget_arg, focus_arg, in_form_words, known, state

__all__ = ["bp"]

bp = Blueprint("reviews", __name__)

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@bp.post("/r/<rid>/reviews")
def start_review(rid: str) -> Response | tuple[str, int]:
    st = known(rid)
    form = request.form
    task = form.get("task", "")
    base = (form.get("base") or "").strip()
    if task not in TASKS:
        return render_template("error.html", message=f"unknown task {task!r}"), 400
    model = form.get("model") or st.default_model(rid)
    opts = review_options(
        st,
        rid,
        task,
        model,
        budget_arg(form.get("budget")),
        focus_arg(st, rid, form.get("focus")),
        base,
    )
    if task == "diff" and not base:
        return render_template("error.html", message="a diff review needs a base branch"), 400
    with st.lock:
        running = st.active
        if running is not None and not running.done:
            return render_template(
                "error.html",
                message=(
                    f"a {running.task} review is already running; wait for it or cancel it "
                    f"(see {url('reviews.job_page', jid=running.id)})"
                ),
            ), 409
        job = Job(uuid.uuid4().hex[:12], st.repos[rid], task, model)
        st.jobs[job.id] = job
        st.active = job
    threading.Thread(target=_run_job, args=(st, job, opts), daemon=True).start()
    return redirect(url("reviews.job_page", jid=job.id), code=303)  # type: ignore[return-value]


def _job(jid: str) -> Job:
    job = state().jobs.get(jid)
    if job is None:
        abort(404)
    return job


@bp.get("/jobs/<jid>")
def job_page(jid: str) -> str:
    job = _job(jid)
    return render_template("job.html", job=job, rid=repo_id(job.repo), seen=_seen(job))


def _seen(job: Job) -> dict[str, Any]:
    """What the job's events said so far, for a page read without JavaScript: its status
    lines, the last of them, and the report's address or the failure once there is one."""
    with job.cond:
        events = list(job.events)
    log = [e["message"] for e in events if e["event"] == "status"]
    done = next((e["url"] for e in events if e["event"] == "done"), None)
    failed = next((e["message"] for e in events if e["event"] == "failed"), None)
    return {"log": log, "status": log[-1] if log else "", "done": done, "failed": failed}


@bp.post("/jobs/<jid>/cancel")
def job_cancel(jid: str) -> Response:
    st = state()
    job = _job(jid)
    job.cancel()
    with st.lock:
        if st.active is job:
            st.active = None
    return redirect(url("views.repo", rid=repo_id(job.repo)), code=303)  # type: ignore[return-value]


@bp.get("/jobs/<jid>/events")
def job_events(jid: str) -> Response:
    st = state()
    job = _job(jid)
    client = request.remote_addr or "?"
    if not st.streams.enter(client):
        return Response(
            "too many open event streams; close other review pages\n",
            429,
            mimetype="text/plain",
            headers={"Retry-After": "5"},
        )
    last = request.headers.get("Last-Event-ID", "")
    start = int(last) if last.isdigit() else 0
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    seconds = float(current_app.config["STREAM_SECONDS"])
    resp = Response(stream_job(job, start, seconds), mimetype="text/event-stream", headers=headers)
    resp.call_on_close(lambda: st.streams.leave(client))
    return resp


def _run_job(st: State, job: Job, opts: Any) -> None:
    from repoview.reviewer import run_review

    job.emit("status", message=f"packing {job.repo}")
    last = [0.0]

    def progress(chars: int, seconds: float) -> None:
        job.check()  # a cancelled review stops reading at the next piece of the answer
        if seconds - last[0] >= 0.2:
            last[0] = seconds
            job.emit("progress", chars=chars, seconds=round(seconds, 1))

    def say(line: str) -> None:
        job.check()
        job.emit("status", message=line)

    try:
        result = run_review(opts, say, progress)
        job.run_id = result.run_id
        if not job.cancelled:
            job.emit("done", run_id=result.run_id, url=url_for_run(result.run_id))
    except RepoviewError as exc:
        if not job.cancelled:
            job.error = in_form_words(str(exc))
            job.emit("failed", message=job.error)
    except Exception as exc:  # the page must hear about any failure
        if not job.cancelled:
            job.error = f"internal error: {exc}"
            job.emit("failed", message=job.error)
    finally:
        job.finish()
        with st.lock:
            if st.active is job:
                st.active = None


def url_for_run(run_id: int | None) -> str:
    return f"/runs/{run_id}"


def _open_run(run_id: int) -> tuple[Run, str, State]:
    st = state()
    store = RunStore(st.home / "runs.sqlite")
    run = store.get(run_id)
    store.close()
    if run is None:
        abort(404)
    rid = repo_id(run.repo)
    if rid not in st.repos:  # a run of a repository this report may not show
        abort(404)
    return run, rid, st


def _previous(st: State, run: Run) -> Run | None:
    store = RunStore(st.home / "runs.sqlite")
    earlier = [
        r
        for r in store.recent(run.repo, 200)
        if r.id < run.id and r.task == run.task and r.status == "ok"
    ]
    store.close()
    return earlier[0] if earlier else None


def _paths(st: State, rid: str) -> set[str]:
    return {f.path for f in st.pack(rid).files}


def _link_paths(html: str, rid: str, paths: set[str]) -> str:
    """`path/of/file.py` in a report links to the file view when it is a file of the pack."""

    def link(m: re.Match[str]) -> str:
        inner = m.group(1)
        raw = inner.replace("&amp;", "&")
        path, _, line = raw.partition(":")
        if path not in paths:
            return m.group(0)
        anchor = f"#L-{line}" if line.isdigit() else ""
        href = escape(url("views.file_view", rid=rid, rel=path) + anchor)
        return f'<a href="{href}"><code>{inner}</code></a>'

    return re.sub(r"<code>([^<]{1,300})</code>", link, html)


@bp.get("/runs/<int:run_id>")
def run_page(run_id: int) -> str:
    run, rid, st = _open_run(run_id)
    data = run.report_data()
    paths = _paths(st, rid)
    document = _MD.render(str(data.get("document") or "")) if data.get("document") else ""
    summary = _MD.render(str(data.get("summary") or "")) if data.get("summary") else ""
    findings: list[dict[str, Any]] = [f for f in data.get("findings") or [] if isinstance(f, dict)]
    before = _previous(st, run)
    labelled, gone = compare(
        findings, (before.report_data().get("findings") or []) if before else []
    )
    marks = MarkStore(st.home / "runs.sqlite")
    rows = []
    for i, (f, label) in enumerate(labelled):
        mark = marks.lookup(run.repo, f)
        rows.append(
            {
                "i": i,
                "f": f,
                "status": label if before else "",
                "mark": mark.state if mark else "open",
                "in_repo": bool(f.get("path")) and f.get("path") in paths,
            }
        )
    marks.close()
    return render_template(
        "run.html",
        run=run,
        data=data,
        rid=rid,
        rows=rows,
        gone=gone,
        before=before,
        document=_link_paths(document, rid, paths),
        summary=_link_paths(summary, rid, paths),
        marks=MARKS,
    )


@bp.post("/runs/<int:run_id>/findings/<int:index>")
def mark_finding(run_id: int, index: int) -> Response:
    run, _rid, st = _open_run(run_id)
    findings = run.report_data().get("findings") or []
    if not 0 <= index < len(findings):
        abort(404)
    marks = MarkStore(st.home / "runs.sqlite")
    marks.mark(run.repo, findings[index], request.form.get("state", ""), run_id)  # type: ignore[arg-type]
    marks.close()
    return redirect(url("reviews.run_page", run_id=run_id) + f"#finding-{index}", code=303)  # type: ignore[return-value]


@bp.get("/compare")
def compare_runs() -> str:
    try:
        a_id, b_id = int(request.args.get("a", "")), int(request.args.get("b", ""))
    except ValueError:
        abort(400)
    a, rid, _st = _open_run(a_id)
    b, _rid_b, _ = _open_run(b_id)
    fa = [f for f in a.report_data().get("findings") or [] if isinstance(f, dict)]
    fb = [f for f in b.report_data().get("findings") or [] if isinstance(f, dict)]
    labelled, only_a = compare(fb, fa)
    both = [f for f, label in labelled if label == "still open"]
    only_b = [f for f, label in labelled if label == "new"]
    return render_template(
        "compare.html",
        a=a,
        b=b,
        rid=rid,
        both=both,
        only_a=only_a,
        only_b=only_b,
        name=Path(a.repo).name,
    )
