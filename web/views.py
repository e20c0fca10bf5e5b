"""The pages: repositories, a repository's overview and files, reviews and their reports."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, abort, redirect, render_template, request, url_for
from markdown_it import MarkdownIt

from repoview.errors import RepoviewError
from repoview.models import budget_for, registry
from repoview.render.tree import rounded
from repoview.store import RunStore

if TYPE_CHECKING:
    from .app import Job, State

__all__ = ["register"]

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _dir_children(files: list[Any], prefix: str) -> list[tuple[str, int, bool, int]]:
    """(name, tokens, is_dir, files) for the entries of folder `prefix` ("" for the root)."""
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    kinds: dict[str, bool] = {}
    for f in files:
        if not f.path.startswith(prefix):
            continue
        rest = f.path[len(prefix) :]
        head, sep, _ = rest.partition("/")
        weight = f.tokens if f.mode != "listed" else max(1, f.size // 4)
        sizes[head] += weight
        counts[head] += 1
        kinds[head] = bool(sep)
    return sorted(((n, sizes[n], kinds[n], counts[n]) for n in sizes), key=lambda t: -t[1])


def _worst(row: list[float], short: float) -> float:
    """The worst aspect ratio of a row laid along a side of length `short`."""
    s = sum(row)
    return max(max(short * short * v / (s * s), (s * s) / (short * short * v)) for v in row)


def _squarify(
    values: list[float], x: float, y: float, w: float, h: float
) -> list[tuple[float, float, float, float]]:
    """Rectangles for `values` (sorted, descending) filling x, y, w, h (squarified treemap)."""
    rects: list[tuple[float, float, float, float]] = []
    total = sum(values) or 1.0
    scaled = [v * w * h / total for v in values]
    i = 0
    while i < len(scaled):
        short = min(w, h)
        row = [scaled[i]]
        j = i + 1

        while j < len(scaled) and _worst([*row, scaled[j]], short) <= _worst(row, short):
            row.append(scaled[j])
            j += 1
        s = sum(row)
        if w >= h:  # lay the row out as a column on the left
            cw = s / h if h else 0
            cy = y
            for v in row:
                rh = v / cw if cw else 0
                rects.append((x, cy, cw, rh))
                cy += rh
            x, w = x + cw, w - cw
        else:  # a row along the top
            rh = s / w if w else 0
            cx = x
            for v in row:
                rw = v / rh if rh else 0
                rects.append((cx, y, rw, rh))
                cx += rw
            y, h = y + rh, h - rh
        i = j
    return rects


def treemap_svg(rid: str, files: list[Any], prefix: str) -> str:
    """An SVG treemap of folder `prefix`: folders link deeper, files to their view."""
    kids = _dir_children(files, prefix)[:120]
    width, height = 960.0, 420.0
    rects = _squarify([max(k[1], 1) for k in kids], 0, 0, width, height)
    parts = [f'<svg class="treemap" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
             f'aria-label="token map of {escape(prefix or "the repository")}">']  # fmt: skip
    for (name, tokens, is_dir, count), (x, y, w, h) in zip(kids, rects, strict=True):
        target = (url_for("repo", rid=rid, dir=prefix + name + "/") if is_dir
                  else url_for("file_view", rid=rid, rel=prefix + name))  # fmt: skip
        label = f"{name}{'/' if is_dir else ''} · {rounded(tokens)}"
        title = f"{prefix}{name}{'/' if is_dir else ''}: {tokens:,} tokens" + (
            f" in {count} files" if is_dir else "")  # fmt: skip
        cls = "dir" if is_dir else "file"
        parts.append(f'<a href="{escape(target)}"><title>{escape(title)}</title>'
                     f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{max(w - 1, 0):.1f}" '
                     f'height="{max(h - 1, 0):.1f}"/>')  # fmt: skip
        if w > 60 and h > 18:
            parts.append(
                f'<text x="{x + 4:.1f}" y="{y + 14:.1f}">{escape(label[: int(w / 7)])}</text>'
            )
        parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def register(app: Flask, state: State) -> None:
    from .app import Job, repo_id, stream_job

    def store() -> RunStore:
        return RunStore(state.home / "runs.sqlite")

    @app.get("/")
    def index() -> str:
        repos = sorted(state.repos.items(), key=lambda r: r[1])
        return render_template("index.html", repos=repos, error=request.args.get("error"))

    @app.post("/repos")
    def add_repo() -> Response:
        raw = (request.form.get("path") or "").strip()
        if not raw:
            return redirect(url_for("index", error="give the path of a folder"))  # type: ignore[return-value]
        try:
            rid = state.add(Path(raw).expanduser())
        except RepoviewError as exc:
            return redirect(url_for("index", error=str(exc)))  # type: ignore[return-value]
        return redirect(url_for("repo", rid=rid))  # type: ignore[return-value]

    @app.get("/r/<rid>/")
    def repo(rid: str) -> str:
        pack = state.pack(rid)
        prefix = request.args.get("dir", "")
        if prefix and not any(f.path.startswith(prefix) for f in pack.files):
            abort(404)
        models = []
        for m in registry().values():
            fits = pack.total_tokens <= budget_for(m)
            cost = m.cost(pack.total_tokens, min(16_384, m.context // 4))
            models.append((m, fits, cost))
        models.sort(key=lambda t: (not t[1], t[0].context))
        languages = Counter(f.language for f in pack.files if f.mode != "listed")
        lang_tokens: Counter[str] = Counter()
        for f in pack.files:
            lang_tokens[f.language] += f.tokens
        reasons = Counter(e.reason for e in pack.excluded)
        redacted = [(f.path, f.redactions) for f in pack.files if f.redactions]
        s = store()
        runs = s.recent(state.repos[rid], 20)
        s.close()
        crumbs = []
        acc = ""
        for part in [p for p in prefix.split("/") if p]:
            acc += part + "/"
            crumbs.append((part, acc))
        return render_template(
            "repo.html", rid=rid, pack=pack, prefix=prefix, crumbs=crumbs, runs=runs,
            treemap=treemap_svg(rid, pack.files, prefix), models=models,
            largest=sorted(pack.files, key=lambda f: -f.tokens)[:15],
            languages=sorted(lang_tokens.items(), key=lambda t: -t[1])[:12], counts=languages,
            reasons=sorted(reasons.items()), redacted=redacted, busy=state.active,
            root=state.repos[rid],
        )  # fmt: skip

    @app.get("/r/<rid>/file/<path:rel>")
    def file_view(rid: str, rel: str) -> str:
        pack = state.pack(rid)
        # Only files of the pack: a path is looked up, never joined onto the disk.
        f = next((x for x in pack.files if x.path == rel), None)
        if f is None:
            abort(404)
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer_for_filename

        text = f.full_text if f.carrier else ""
        try:
            lexer = guess_lexer_for_filename(f.path.rsplit("/", 1)[-1], text[:4096])
        except Exception:  # pygments raises its own ClassNotFound
            try:
                lexer = get_lexer_by_name(f.language.lower())
            except Exception:
                lexer = TextLexer()
        html = highlight(text, lexer, HtmlFormatter(linenos="table", lineanchors="L",
                                                    anchorlinenos=True, wrapcode=True))  # fmt: skip
        return render_template("file.html", rid=rid, f=f, code=html, pack=pack)

    @app.get("/static/pygments.css")
    def pygments_css() -> Response:
        from pygments.formatters import HtmlFormatter

        css = HtmlFormatter(style="default").get_style_defs(".highlight")
        return Response(css, mimetype="text/css")

    @app.post("/r/<rid>/reviews")
    def start_review(rid: str) -> Response | tuple[str, int]:
        if rid not in state.repos:
            abort(404)
        task = request.form.get("task", "")
        base = (request.form.get("base") or "").strip()
        if task not in ("architecture", "docs", "bugs", "diff"):
            return render_template("error.html", message=f"unknown task {task!r}"), 400
        if task == "diff" and not base:
            return render_template("error.html", message="a diff review needs a base branch"), 400
        with state.lock:
            if state.active is not None and not state.active.done:
                running = state.active
                return render_template("error.html", message=(
                    f"a {running.task} review is already running; wait for it to finish "
                    f"(see {url_for('job_page', jid=running.id)})")), 409  # fmt: skip
            job = Job(uuid.uuid4().hex[:12], state.repos[rid], task)
            state.jobs[job.id] = job
            state.active = job
        threading.Thread(target=_run_job, args=(state, job, base), daemon=True).start()
        return redirect(url_for("job_page", jid=job.id), code=303)  # type: ignore[return-value]

    @app.get("/jobs/<jid>")
    def job_page(jid: str) -> str:
        job = state.jobs.get(jid)
        if job is None:
            abort(404)
        return render_template("job.html", job=job, rid=repo_id(job.repo))

    @app.get("/jobs/<jid>/events")
    def job_events(jid: str) -> Response:
        job = state.jobs.get(jid)
        if job is None:
            abort(404)
        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return Response(stream_job(job), mimetype="text/event-stream", headers=headers)

    @app.get("/runs/<int:run_id>")
    def run_page(run_id: int) -> str:
        s = store()
        run = s.get(run_id)
        s.close()
        if run is None:
            abort(404)
        data = run.report_data()
        rid = repo_id(run.repo)
        if rid not in state.repos and Path(run.repo).is_dir():
            state.add(Path(run.repo), save=False)
        document = _MD.render(str(data.get("document") or "")) if data.get("document") else ""
        summary = _MD.render(str(data.get("summary") or "")) if data.get("summary") else ""
        return render_template("run.html", run=run, data=data, document=document,
                               summary=summary, rid=rid,
                               findings=data.get("findings") or [])  # fmt: skip


def _run_job(state: State, job: Job, base: str) -> None:
    from repoview.review import ReviewOptions, run_review

    job.emit("status", message=f"packing {job.repo}")
    diff = f"{base}..HEAD" if base else None
    opts = ReviewOptions(path=Path(job.repo), task=job.task, diff=diff, env=state.env,
                         home=state.home, retries=2)  # fmt: skip
    last = [0.0]

    def progress(chars: int, seconds: float) -> None:
        if seconds - last[0] >= 0.2:
            last[0] = seconds
            job.emit("progress", chars=chars, seconds=round(seconds, 1))

    try:
        result = run_review(opts, lambda line: job.emit("status", message=line), progress)
        job.run_id = result.run_id
        job.emit("done", run_id=result.run_id, url=f"/runs/{result.run_id}")
    except RepoviewError as exc:
        job.error = str(exc)
        job.emit("failed", message=str(exc))
    except Exception as exc:  # the page must hear about any failure
        job.error = f"internal error: {exc}"
        job.emit("failed", message=job.error)
    finally:
        with job.cond:
            job.done = True
            job.cond.notify_all()
