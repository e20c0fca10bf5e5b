"""Pages about repositories: the list, an overview of what the model sees, a file, a plan."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from repoview.errors import ConfigError, RepoviewError
from repoview.model import Pack
from repoview.registry import budget_for
from repoview.reviewer import TASKS

from .. import lazyre
from .state import Plan, State
from .treemap import TIER_LABELS, tier_class, tier_label, treemap_svg

__all__ = ["bp", "in_form_words", "plan_for", "state"]

bp = Blueprint("views", __name__)

# One dry run per model fills the cost table. Measured under load on 2 cores: ~3 s warm for
# sqlalchemy (930 files), ~8 s for the stdlib (2,300): beyond a few hundred files the table
# waits for a click instead of occupying the machine on every visit.
AUTO_COSTS_FILES = 400


def state() -> State:
    value: State = current_app.extensions["repoview"]
    return value


def known(rid: str) -> State:
    st = state()
    if rid not in st.repos:
        abort(404)
    return st


def budget_arg(raw: str | None) -> int | None:
    from repoview.setting_values import parse_budget

    return parse_budget(raw.strip()) if raw and raw.strip() else None


def focus_arg(st: State, rid: str, raw: str | None) -> str:
    """A folder of the repository to review alone; never a path outside it."""
    focus = (raw or "").strip().strip("/")
    if not focus:
        return ""
    if ".." in focus.split("/") or focus.startswith(("/", "\\")):
        raise ConfigError(f"focus {focus!r} must be a folder of the repository")
    top = Path(st.repos[rid])
    if not (top / focus).resolve().is_relative_to(top.resolve()) or not (top / focus).is_dir():
        raise ConfigError(f"focus {focus!r} is not a folder of the repository")
    return focus


# The command line's options, as the review form names its fields.
_FORM_WORDS = (
    (lazyre.compile(r"--budget ([\d,]+)"), r"a budget of \1"),
    (lazyre.compile(r"--diff\b:?"), "base:"),
    (lazyre.compile(r"--(budget|model|focus)\b"), r"\1"),
)


def in_form_words(message: str) -> str:
    """An error said for the command line (`use --budget 561 or more`), said for the form."""
    for pattern, words in _FORM_WORDS:
        message = pattern.sub(words, message)
    return message


def plan_for(rid: str, args: Any) -> Plan:
    """The dry-run plan for a form's task, model, budget, focus and base branch."""
    st = known(rid)
    task = args.get("task") or "architecture"
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r}; choose one of: {', '.join(TASKS)}")
    base = (args.get("base") or "").strip()
    if task == "diff" and not base:
        raise ConfigError("a diff review needs a base branch")
    model = args.get("model") or st.default_model(rid)
    return st.plan(
        rid,
        task,
        model,
        budget_arg(args.get("budget")),
        focus_arg(st, rid, args.get("focus")),
        base,
    )


@bp.get("/")
def index() -> str:
    st = state()
    repos = sorted(st.repos.items(), key=lambda r: r[1])
    return render_template("index.html", repos=repos, error=request.args.get("error"), root=st.root)


@bp.post("/repos")
def add_repo() -> Response:
    raw = (request.form.get("path") or "").strip()
    if not raw:
        return redirect(url_for("views.index", error="give the path of a folder"))  # type: ignore[return-value]
    try:
        rid = state().add_from_form(Path(raw).expanduser())
    except RepoviewError as exc:
        return redirect(url_for("views.index", error=str(exc)))  # type: ignore[return-value]
    return redirect(url_for("views.repo", rid=rid))  # type: ignore[return-value]


def _tiers(files: list[Any]) -> list[tuple[str, str, str, int, int]]:
    """(mode, label, css class, files, tokens) per tier, in the order a reader expects."""
    count: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    for f in files:
        count[f.mode] += 1
        tokens[f.mode] += f.tokens
    order = [m for m in TIER_LABELS if m in count] + sorted(
        m for m in count if m not in TIER_LABELS
    )
    return [(m, tier_label(m), tier_class(m), count[m], tokens[m]) for m in order]


def model_and_budget(st: State, rid: str) -> tuple[str, int | None, str]:
    """The page's model and budget (from its query), and a note when the budget is more
    than the model's window holds (the window then sets the size)."""
    table = st.models(rid)
    model = request.args.get("model") or st.default_model(rid)
    budget = budget_arg(request.args.get("budget"))
    if model not in table:
        raise ConfigError(f"unknown model {model!r}; pick one from the list")
    most = budget_for(table[model])
    if budget is not None and budget > most:
        return model, most, f"a budget of {budget:,} is more than {model} can read: {most:,} here"
    return model, budget, ""


def file_query(model: str, budget_raw: str | None, default_model: str) -> str:
    """What a file's link adds to its path so its page tells the same model's tier."""
    args = {k: v for k, v in (("model", model), ("budget", budget_raw)) if v}
    if model == default_model and not budget_raw:
        return ""
    return "?" + urlencode(args)


# The files the page lists at one level: the rest are a folder's page away.
FILE_ROWS = 1000


@bp.get("/r/<rid>/")
def repo(rid: str) -> str:
    st = known(rid)
    table = st.models(rid)
    model, budget, over = model_and_budget(st, rid)
    pack = st.pack(rid, model, budget)
    prefix = request.args.get("dir", "")
    if prefix and not any(f.path.startswith(prefix) for f in pack.files):
        abort(404)
    shown = [f for f in pack.files if f.path.startswith(prefix)]
    rows = shown[:FILE_ROWS]  # (a folder lists the rest: the page of vim's 8,000 was 4 MB)
    excluded: dict[str, list[str]] = defaultdict(list)
    for e in pack.excluded:
        excluded[e.reason].append(e.path)
    crumbs: list[tuple[str, str]] = []
    acc = ""
    for part in [p for p in prefix.split("/") if p]:
        acc += part + "/"
        crumbs.append((part, acc))
    lang_tokens: Counter[str] = Counter()
    for f in pack.files:
        lang_tokens[f.language] += f.tokens
    from repoview.store import RunStore

    store = RunStore(st.home / "runs.sqlite")
    runs = store.recent(st.repos[rid], 20)
    store.close()
    budget_raw = request.args.get("budget") or None
    here = url_for("views.repo", rid=rid, model=model, budget=budget_raw)
    file_base = url_for("views.repo", rid=rid) + "file/"  # url_for per file: 0.5 s on 2k files
    query = file_query(model, budget_raw, st.default_model(rid))
    return render_template(
        "repo.html",
        rid=rid,
        pack=pack,
        prefix=prefix,
        crumbs=crumbs,
        runs=runs,
        treemap=treemap_svg(pack.files, prefix, here + "&dir=", file_base, query),
        file_base=file_base,
        file_query=query,
        over_window=over,
        base_hint=base_hint(st.repos[rid]),
        auto_costs=len(pack.files) <= AUTO_COSTS_FILES,
        models=sorted(table.values(), key=lambda m: (m.context, m.name)),
        model=model,
        budget=budget_raw or "",
        window_budget=budget_for(table[model]),
        tiers=_tiers(pack.files),
        shown=shown,
        rows=rows,
        tier_class=tier_class,
        tier_label=tier_label,
        tasks=TASKS,
        languages=sorted(lang_tokens.items(), key=lambda t: -t[1])[:12],
        excluded=sorted(excluded.items()),
        busy=st.active,
        root=st.repos[rid],
        redacted=[(f.path, f.redactions) for f in pack.files if f.redactions],
    )


def base_hint(root: str) -> str:
    """The branch a diff review would most likely compare with: the remote's default
    branch, else a local main, master or trunk; "" when there is none."""
    from repoview.gitutil import git

    top = Path(root)
    head = git(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"], top, check=False)
    if head.strip():
        return head.decode("utf-8", "replace").strip()
    for name in ("main", "master", "trunk"):
        if git(["rev-parse", "-q", "--verify", f"refs/heads/{name}"], top, check=False).strip():
            return name
    return ""


@bp.get("/r/<rid>/plan.json")
def plan_json(rid: str) -> Response | tuple[Response, int]:
    """The review form's plan (the CLI's dry-run numbers), asked for as settings change."""
    try:
        plan = plan_for(rid, request.args)
    except RepoviewError as exc:
        return jsonify({"error": in_form_words(str(exc))}), 400
    return jsonify({**plan.as_json(), "cached_share": state().cached_share(rid, plan.model)})


@bp.get("/r/<rid>/file/<path:rel>")
def file_view(rid: str, rel: str) -> str:
    from repoview.render.tree import whole_size

    st = known(rid)
    model, budget, _over = model_and_budget(st, rid)
    pack = st.pack(rid, model, budget)
    # Only files of the pack: a path is looked up, never joined onto the disk.
    f = next((x for x in pack.files if x.path == rel), None)
    if f is None:
        abort(404)
    text, redactions = st.texts(pack).text(f) if f.carrier else ("", 0)
    query = file_query(model, request.args.get("budget") or None, st.default_model(rid))
    return render_template(
        "file.html",
        rid=rid,
        f=f,
        code=_highlight(f, text),
        plain=len(text) > HIGHLIGHT_CHARS,
        redactions=redactions,
        pack=pack,
        model=model,
        budget=budget,
        whole=whole_size(f),
        file_base=url_for("views.repo", rid=rid) + "file/",
        file_query=query,
        repo_url=url_for("views.repo", rid=rid) + query,
        tier_class=tier_class,
        tier_label=tier_label,
    )


# Past this many characters a file's page is not coloured: colouring a 100,000-line file
# took 4.9 s and made a 10 MB page; plain, its lines and their anchors stay.
HIGHLIGHT_CHARS = 500_000


def _highlight(f: Any, text: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer_for_filename

    try:
        if len(text) > HIGHLIGHT_CHARS:
            lexer = TextLexer()
        else:
            lexer = guess_lexer_for_filename(f.path.rsplit("/", 1)[-1], text[:4096])
    except Exception:  # pygments raises its own ClassNotFound
        try:
            lexer = get_lexer_by_name(f.language.lower())
        except Exception:
            lexer = TextLexer()
    formatter = HtmlFormatter(linenos="table", lineanchors="L", anchorlinenos=True, wrapcode=True)
    return str(highlight(text, lexer, formatter))


@bp.get("/pygments.css")
def pygments_css() -> Response:
    from pygments.formatters import HtmlFormatter

    css = HtmlFormatter(style="default").get_style_defs(".highlight")
    return Response(css, mimetype="text/css")


@bp.get("/favicon.ico")
def favicon() -> Response:
    # The pages name an empty icon; what has no head of ours (a plan's JSON, a raw file)
    # still has the browser ask for this one: no icon, rather than a 404 in its console.
    return Response(status=204)


def pack_paths(pack: Pack) -> set[str]:
    return {f.path for f in pack.files}
