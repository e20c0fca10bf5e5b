"""What the web report holds while it runs: the repositories it may show, their packs per
model and budget, the estimates, and the reviews in flight."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repoview.errors import ConfigError, RepoviewError
from repoview.gitutil import git, locate
from repoview.model import Pack
from repoview.options import pack_options
from repoview.options import review_options as _review_options
from repoview.packer import PackOptions, build_pack
from repoview.registry import DEFAULT_MODEL, Model, budget_for, find_model, registry
from repoview.reviewer import ReviewOptions, run_review
from repoview.settings import Settings, resolve
from repoview.store import RunStore
from repoview.toolloop import RedactedTexts

from .jobs import Job, Streams

__all__ = ["Plan", "State", "repo_id"]

PACKS_KEPT = 4  # packs of large repositories are tens of MB: keep the few last asked for


def repo_id(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:10]


@dataclass(frozen=True)
class Plan:
    """What a review would send, as `repoview review --dry-run` estimates it."""

    model: str
    task: str
    budget: int
    input_tokens: int
    cost_usd: float | None
    requests: int
    files: dict[str, int]
    estimate: str
    # Of `requests`, those sent only if the model asks for files (tool rounds), and the
    # cost when it asks for none.
    optional_requests: int = 0
    cost_without_optional_usd: float | None = None
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {**vars(self), "notes": list(self.notes)}


class State:
    """Repositories come from the command line, or from inside the configured root folder;
    nothing else is ever shown, even when the run store or a saved list names it."""

    def __init__(
        self,
        paths: list[Path],
        home: Path,
        env: dict[str, str],
        root: Path | None,
        max_streams: int,
        streams_per_client: int,
    ) -> None:
        self.home = home
        self.env = env
        self.root = root.resolve() if root else None
        self.lock = threading.Lock()
        self.build_lock = threading.Lock()  # one pack at a time: the machine has few cores
        self.repos: dict[str, str] = {}
        self.given: set[str] = set()
        self.packs: OrderedDict[tuple[Any, ...], Pack] = OrderedDict()
        self.plans: dict[tuple[Any, ...], Plan] = {}
        self._texts: dict[int, tuple[Pack, RedactedTexts]] = {}
        self.jobs: dict[str, Job] = {}
        self.active: Job | None = None
        self.streams = Streams(max_streams, streams_per_client)
        self._saved = home / "web-repos.json"
        for p in paths:
            top = self._toplevel(p)
            self.given.add(top)
            self._register(top)
        for saved in self._load_saved():
            self._add_known(saved)
        try:
            store = RunStore(home / "runs.sqlite")
            known = store.repos()
            store.close()
        except RepoviewError:
            known = []
        for path in known:
            self._add_known(path)

    # -- which repositories may be shown

    def permitted(self, top: str) -> bool:
        """A folder given on the command line, or one inside the configured root."""
        if top in self.given:
            return True
        if self.root is None:
            return False
        try:
            return Path(top).resolve().is_relative_to(self.root)
        except OSError:
            return False

    def _toplevel(self, path: Path) -> str:
        info = locate(path)
        if not os.access(info.path, os.R_OK | os.X_OK):
            raise RepoviewError(f"cannot read {info.path}")
        return str(info.toplevel or info.path)

    def _register(self, top: str) -> str:
        rid = repo_id(top)
        with self.lock:
            self.repos[rid] = top
        return rid

    def _add_known(self, path: str) -> None:
        try:
            top = self._toplevel(Path(path))
        except RepoviewError:
            return
        if self.permitted(top):
            self._register(top)

    def _load_saved(self) -> list[str]:
        try:
            data = json.loads(self._saved.read_text())
        except (OSError, ValueError):
            return []
        return [p for p in data if isinstance(p, str)] if isinstance(data, list) else []

    def add_from_form(self, path: Path) -> str:
        """A folder typed into the page: only inside the root, and only then remembered."""
        if self.root is None:
            raise ConfigError(
                "adding repositories from the page is off: start `repoview web PATH`, or set "
                "a root folder (`repoview web --root DIR`) to allow folders inside it"
            )
        top = self._toplevel(path)
        if not self.permitted(top):
            raise ConfigError(f"{top} is outside {self.root}, the folder this report may show")
        rid = self._register(top)
        saved = self._load_saved()
        if top not in saved:
            self._saved.parent.mkdir(parents=True, exist_ok=True)
            self._saved.write_text(json.dumps([*saved, top]))
        return rid

    # -- packs and plans

    def settings(self, rid: str) -> Settings:
        """The repository's settings, resolved as the CLI resolves them."""
        return resolve(Path(self.repos[rid]), {}, self.env)

    def models(self, rid: str) -> dict[str, Model]:
        """The registry with the `[models]` of the configuration, as the CLI reads them."""
        return registry(self.settings(rid).models)

    def default_model(self, rid: str) -> str:
        return str(self.settings(rid).get("review.model") or DEFAULT_MODEL)

    def pack(self, rid: str, model: str | None = None, budget: int | None = None) -> Pack:
        """The pack `repoview pack --model M [--budget N]` makes of the work tree, rebuilt
        when files change (the token and outline caches make that cheap)."""
        root = Path(self.repos[rid])
        name = model or self.default_model(rid)
        chosen = find_model(name, self.models(rid))
        size = budget or budget_for(chosen)
        key = (rid, _stamp(root), name, size)
        # A pack in memory is served at once, even while a plan is being built.
        with self.lock:
            cached = self.packs.get(key)
            if cached is not None:
                self.packs.move_to_end(key)
                return cached
        with self.build_lock:
            with self.lock:
                cached = self.packs.get(key)
            if cached is not None:
                return cached
            built = build_pack(_pack_options(self.settings(rid), root, name, size, self.home))
        with self.lock:
            self.packs[key] = built
            while len(self.packs) > PACKS_KEPT:
                self.packs.popitem(last=False)
        return built

    def texts(self, pack: Pack) -> RedactedTexts:
        """The file pages' texts of `pack`, redacted as the pack is (kept while the pack is)."""
        with self.lock:
            live = {id(p) for p in self.packs.values()}
            for gone in [k for k in self._texts if k not in live]:
                del self._texts[gone]
            entry = self._texts.get(id(pack))
            if entry is None or entry[0] is not pack:
                entry = (pack, RedactedTexts(pack.files))
                self._texts[id(pack)] = entry
        return entry[1]

    def plan(
        self, rid: str, task: str, model: str, budget: int | None, focus: str = "", base: str = ""
    ) -> Plan:
        """The CLI's dry run for these settings (the review module estimates; nothing here
        prices tokens)."""
        root = Path(self.repos[rid])
        key = (rid, _stamp(root), task, model, budget, focus, base)
        cached = self.plans.get(key)
        if cached is not None:
            return cached
        opts = review_options(self, rid, task, model, budget, focus, base)
        opts.dry_run = True
        with self.build_lock:
            cached = self.plans.get(key)
            if cached is not None:
                return cached
            result = run_review(opts, lambda _line: None)
        rep = result.report
        plan = Plan(
            model=str(rep["model"]),
            task=task,
            budget=int(rep["pack"]["budget"] or 0),
            input_tokens=int(rep["estimated_input_tokens"]),
            cost_usd=rep.get("estimated_cost_usd"),
            requests=len(rep.get("requests") or [1]),
            files=dict(rep["pack"]["files"]),
            estimate=result.estimate,
            optional_requests=sum(1 for r in rep.get("requests") or [] if r.get("optional")),
            cost_without_optional_usd=rep.get("estimated_cost_without_optional_usd"),
            # (and what the review's report would warn of: a shallow clone, say)
            notes=tuple(str(n) for n in [*(rep.get("notes") or []), *(rep.get("warnings") or [])]),
        )
        if len(self.plans) >= 256:  # stamps change with every edit: forget the oldest
            self.plans.pop(next(iter(self.plans)))
        self.plans[key] = plan
        return plan

    def cached_share(self, rid: str, model: str) -> float | None:
        """The share of input tokens the provider served from its cache in the last review
        of this repository with this model: what to expect of the next one."""
        store = RunStore(self.home / "runs.sqlite")
        runs = store.recent(self.repos[rid], 50)
        store.close()
        for run in runs:
            if run.model == model and run.status == "ok" and run.input_tokens:
                return run.cached_tokens / run.input_tokens
        return None


def review_options(
    state: State, rid: str, task: str, model: str, budget: int | None, focus: str, base: str
) -> ReviewOptions:
    """Options as `repoview review` builds them: the same resolver, the same settings
    (`[review]` max_cost, exclude, tools...), a model and budget chosen on the page."""
    root = Path(state.repos[rid])
    return _review_options(
        state.settings(rid),
        "review",
        root / focus if focus else root,
        task,
        state.env,
        diff=(f"{base}..HEAD" if base else None),
        model=model,
        budget=budget,
        home=state.home,
        retries=2,
    )


def _pack_options(s: Settings, root: Path, model: str, budget: int, home: Path) -> PackOptions:
    """The options `repoview pack --model M` takes from the settings."""
    return pack_options(s, root, budget=budget, model=model, fmt="xml", home=home)


def _stamp(root: Path) -> str:
    """Cheap change detector: git's view of HEAD and the dirty files."""
    head = git(["rev-parse", "-q", "--verify", "HEAD"], root, check=False)
    status = git(["status", "--porcelain", "-z"], root, check=False)
    return hashlib.sha1(head + b"\0" + status).hexdigest()
