"""`repoview pack`: discover, filter, read, count, order and render a repository."""

from __future__ import annotations

import math
import posixpath
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .analyze.imports import build_graph
from .analyze.languages import detect_language, is_code
from .analyze.rank import (
    centrality,
    library_tests,
    output_order,
    rank_files,
    shallow_note,
    stable_order,
    start_history,
    translations,
)
from .collect import (
    Only,
    Progress,
    collect,
    flush_known,
    generated_sites,
    redact_files,
    site_asset,
)
from .compress import outlined
from .deltafit import fit_delta
from .errors import BudgetError, ConfigError, GitError
from .gitutil import git, locate
from .ignore import (
    PatternFilter,
)
from .model import Excluded, Pack, PackedFile
from .notebook import is_notebook
from .plan import PINNED_SHARE, SAVING, Fitter
from .render import FORMATS, RenderContext, body_of, render, split_safe
from .secrets import apply, current_seen, is_secret_manifest, seen_secrets
from .source import (
    Source,
    open_source,
)
from .tokens import ENCODINGS, TokenCache, TokenCounter, default_home

if TYPE_CHECKING:
    from .diffctx import DiffContext, ShownDiff
    from .split import Part

__all__ = ["PackOptions", "build_pack"]


@dataclass(frozen=True)
class PackOptions:
    """Everything `repoview pack` can be asked; the CLI fills it from flags, env and config."""

    path: Path = Path(".")
    rev: str | None = None
    budget: int | None = None
    model: str | None = None
    fmt: str = "xml"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    line_numbers: bool = False
    secret_scan: bool = True
    explain_secrets: bool = False  # record every candidate, kept or redacted, and why
    max_file_bytes: int = 1_000_000
    encoding: str = "o200k_base"
    diff: str | None = None
    split_tokens: int | None = None
    focus: str = "breadth"  # with a budget: "breadth" (every file first) or "depth"
    spare: int = 0  # with a budget: tokens left free when not every file fits in full
    # With --diff and a budget: tokens the base pack leaves to the change. 0 keeps the base
    # pack byte for byte the pack of the base at this budget; a review sets some, so that
    # the change is shown in full (the base pack is then still the same for every change
    # against that base, so the provider's cache keeps hitting).
    change_room: int = 0
    compress: bool = False  # every file as an outline, no budget
    remove_comments: bool = False
    only: frozenset[str] | None = None  # exactly these paths (`--stdin`)
    include_logs: int = 0  # the last N commits, in the closing part
    header_text: str = ""  # at the very start of the pack
    instruction_text: str = ""  # at the end, after the files
    prefer: tuple[str, ...] = ()  # with a budget: globs of files kept full first, like a diff's
    home: Path | None = None  # where the token cache lives; default: REPOVIEW_HOME
    cache: bool = True


def _validate(opts: PackOptions) -> None:
    if opts.fmt not in FORMATS:
        raise ConfigError(f"unknown format {opts.fmt!r}; choose one of: {', '.join(FORMATS)}")
    if opts.encoding not in ENCODINGS:
        raise ConfigError(
            f"unknown encoding {opts.encoding!r}; choose one of: {', '.join(ENCODINGS)}"
        )
    if opts.max_file_bytes <= 0:
        raise ConfigError("the file size cap must be a positive number of bytes")
    if opts.compress and opts.budget is not None:
        raise ConfigError("--compress outlines every file without a budget; drop --budget/--model")


def build_pack(opts: PackOptions, progress: Progress | None = None) -> Pack:
    """Pack the repository or folder at `opts.path` as `opts` asks. A value its scan
    redacts in one file is redacted wherever else it shows it, and kept, in memory only, as
    `Pack.secret_values` for a review's answer to be cleared of."""
    with seen_secrets() as seen:
        pack = _build_pack(opts, progress)
        pack.secret_values = sorted(seen.values | seen.lines)
    return pack


def _build_pack(opts: PackOptions, progress: Progress | None = None) -> Pack:
    _validate(opts)
    cache_path = (opts.home or default_home()) / "cache" / "tokens.sqlite" if opts.cache else None
    cold = cache_path is None or not cache_path.exists()
    if cold or opts.diff:  # counting will need the tokenizer: build it while git lists, we read
        TokenCounter(opts.encoding).prefetch()
    info = locate(opts.path)
    head: Source | None = None
    diff: DiffContext | None = None
    at_head: list[PackedFile] = []  # with --diff: the files the change touches, at its head
    cuts: list[str] = []  # with --diff: what of the change was cut to fit the budget
    unpinned: list[str] = []  # the focus globs' files that could not all be in full
    shown_diff: ShownDiff | None = None  # with --diff: the diff as the pack shows it
    if opts.diff:
        if not info.is_git:
            raise ConfigError("--diff needs a git repository")
        from .diffctx import load_diff, split_spec  # only a change needs them

        # `--diff A..B` is the pack of A, byte for byte, then the change: every review
        # against one base reuses the provider's cached prefix.
        base, rev, _ = split_spec(opts.diff)
        rev = opts.rev or rev
        if rev is not None and not opts.rev:
            from .gitutil import resolve_commit

            try:
                rev = resolve_commit(info.path, rev, "--diff: ")  # (named as the flag that gave it)
            except GitError as exc:
                try:  # (both ends unknown: say so of both, not one per run)
                    resolve_commit(info.path, base)
                except GitError:
                    raise GitError(
                        f"--diff: unknown revisions {base!r} and {rev!r}: name branches, tags or "
                        "commits that exist here (git log --oneline shows some)"
                    ) from None
                raise exc from None
        head = open_source(info, rev)
        try:
            diff = load_diff(info, opts.diff, head.rev, opts.default_excludes)
            source = open_source(info, diff.base)
        except BaseException:
            head.close()
            raise
    else:
        source = open_source(info, opts.rev, folder_required=True)
    cache = TokenCache(cache_path)
    counter = TokenCounter(opts.encoding, cache)
    history = None
    parts: list[Part] = []
    chunks: list[str] = []
    budget = opts.budget
    try:
        history = start_history(source, cache)  # git reads it while the files are read
        ahead = cold and opts.budget is None and not opts.compress
        early = None
        if ahead and not (opts.remove_comments or opts.line_numbers) and counter.can_count_ahead():
            # The worker counts each file's text as read, before the scan: the few the scan
            # then redacts are counted again, as new texts.
            def early(texts: list[str]) -> None:
                counter.count_ahead(p for t in texts for p in split_safe(t))

        files, excluded = collect(source, opts, progress, cache, early)
        if opts.secret_scan:
            _scrub_details(excluded)
        if ahead:
            _count_ahead(files, opts, counter, cache, progress, counted=early is not None)
        build_graph(files, cache, info.prefix)
        # Scanned already as tests are (dummy keys abound there): again, as code is.
        rescan = [f for f in library_tests(files) if f.scanned]
        if rescan and opts.secret_scan:
            redact_files(rescan, cache, opts.explain_secrets)
        code = {f.path for f in files if f.role == "source"}
        for f in files:
            f.used_by = [p for p in f.imported_by if p in code]
        hist = history.result()
        central = centrality(files, cap=math.inf)  # the hubs' order needs more than 127
        translated = translations(files)
        scores = rank_files(files, hist, central, translated)
        name = (info.toplevel or info.path).name if info.prefix == "" else info.path.name
        ordered = stable_order(files, hist)
        ctx = RenderContext(name, source.rev, ordered, len(excluded), opts.line_numbers)
        # (a fit counts any id the pack names as long as the repository's: 64 characters in
        # a SHA-256 one, and a work tree's pack as its commit's)
        ctx.id_length = max(len(source.rev or history.commit), ctx.id_length)
        ctx.oversized = _oversized_code(excluded)
        ctx.others = _others_code(excluded, opts.secret_scan)
        ctx.header_text = opts.header_text
        if opts.include_logs and opts.secret_scan:
            # A commit message may quote what any file holds, shown or not: each is scanned
            # before the log is (a budget otherwise scans only the files it shows).
            redact_files(
                [f for f in files if f.carrier and not f.scanned], cache, opts.explain_secrets
            )
            flush_known()
        ctx.closing = _closing(opts, source)
        stage = _Stage(opts, ctx, counter, cache, progress)
        carriers = sorted(
            (f for f in files if f.carrier), key=lambda f: (-scores.get(f.path, 0.0), f.path)
        )
        if opts.budget is None:
            if opts.compress:  # an outline no shorter than the file is the file: full
                stage.outlines(carriers)
                stage.apply([(f, _outline_or_full(f)) for f in carriers])
            else:
                stage.apply([(f, "full") for f in carriers])
        else:
            fixed: frozenset[str] = frozenset()
            if opts.prefer:  # named files first, in full, like a diff's
                preferred = PatternFilter(opts.prefer)
                fixed = frozenset(f.path for f in carriers if preferred.matches(f.path))
            split = opts.split_tokens
            sig_keys = _signature_keys(carriers)  # before the scan renames redacted texts
            known = _signatures_from_cache(sig_keys, cache)
            sizes = _signature_sizes(carriers, cache)  # (and each file's numbers, the tree's)
            # Every part repeats the tree: the one sized for a part (or the budget, if less).
            ctx.choose_tree(counter, min(opts.budget, split) if split else opts.budget)
            measure, written = stage.measure, stage.written
            if split:
                from .split import SplitCost

                # The budget is what is sent, each part with its header, tree and index: the
                # fit counts what the parts will add to the pack it sizes.
                cost = SplitCost(ctx, opts.fmt, split, counter)

                def split_measure() -> int:
                    return stage.measure() + cost.extra(ctx.shown, fitting=True)

                def split_written() -> int:
                    return stage.written() + cost.extra(ctx.shown)

                measure, written = split_measure, split_written

            notes = [(f, f.note) for f in carriers]  # the fit adds to them: a refit starts over
            room = opts.budget - (opts.change_room if opts.diff else 0)

            def fit(room: int) -> Fitter:
                for f, note in notes:
                    f.note = note
                ctx.files = ordered
                fitter = Fitter(
                    room,
                    carriers,
                    stage.apply,
                    measure,
                    opts.focus,
                    opts.spare,
                    outline=stage.outlines,
                    fixed=fixed,
                    scores=scores,
                    heat=hist.heat,
                    central=central,
                    signature_sizes=sizes,
                    copies=_copies(carriers),
                    translated=frozenset(translated),
                    written=written,
                )
                fitter.run()
                return fitter

            fitter = fit(room)
            if split and diff is None:
                from .split import split_pack

                # The parts are grouped in the output order, which the fit's estimate could
                # not know: when they come out over, fit again to what they missed by.
                for _ in range(_REFITS):
                    ctx.files = output_order(ordered, hist)
                    parts = split_pack(ctx, opts.fmt, split, counter, True, opts.budget)
                    over = sum(p.tokens for p in parts) - opts.budget
                    if over <= 0:
                        break
                    room -= over + opts.budget // 200
                    fitter = fit(room)
                else:
                    raise BudgetError(
                        f"could not fit the parts of {split:,} tokens in --budget "
                        f"{opts.budget:,}; use a larger --split-tokens"
                    )
            # The fitter sized every file's signatures: keep those made now for next time
            # (not a redacted file's: its key names the text before redaction).
            cache.put_many(
                (
                    (k, f.signatures_text())
                    for k, f in sig_keys
                    if k not in known and f.has_signatures() and not f.redactions
                ),
                "facts",
            )
            # (the budget asked for, not the room a refit took from it for the parts)
            budget = fitter.budget + opts.budget - room
            if fitter.unpinned:
                n, named = len(fitter.unpinned), len(fixed)
                more = f" and {n - 3} more" if n > 3 else ""
                unpinned.append(
                    f"focus: {named - n} of the {named} files named are in full; "
                    f"{', '.join(fitter.unpinned[:3])}{more} did not fit "
                    f"{int(PINNED_SHARE * 100)}% of the budget with them and were fitted "
                    "as the others are"
                )
        # What each file shows is known now: order by it (the prefix up to the first file the
        # next commit touches is what the provider's cache keeps).
        ordered = output_order(ordered, hist)
        ctx.files = ordered
        if diff is not None and head is not None:
            base_total = stage.measure() if budget is not None else 0
            at_head, shown_diff = _add_delta(
                ctx, stage, diff, head, carriers, opts, cache, excluded
            )
            stage.diff = shown_diff
            if budget is not None:
                review = opts.change_room > 0
                cuts = fit_delta(
                    ctx, stage, budget, shown_diff, review=review, base_total=base_total
                )
        if opts.split_tokens:
            from .split import split_pack

            if not parts:
                parts = split_pack(
                    ctx, opts.fmt, opts.split_tokens, counter, budget is not None, budget
                )
            if diff is not None and head is not None and budget is not None:
                # Every part repeats the change (each is reviewed against it), which the fit
                # of the change, made on the pack unsplit, could not count: fit it again to
                # what the parts missed by.
                room = budget
                for _ in range(_REFITS):
                    sent = sum(p.tokens for p in parts)
                    over = sent - budget
                    if over <= 0:
                        break
                    if len(parts) > 1:  # parts so small that the repeats take most: refuse
                        repeats = sent - stage.written()
                        _check_repeats(parts, repeats, opts.split_tokens, budget, change=True)
                    room -= over + budget // 200
                    if room <= 0:
                        break
                    cuts = fit_delta(
                        ctx,
                        stage,
                        room,
                        shown_diff,
                        review=opts.change_room > 0,
                        base_total=base_total,
                    )
                    parts = split_pack(ctx, opts.fmt, opts.split_tokens, counter, True, budget)
                if sum(p.tokens for p in parts) > budget:
                    raise BudgetError(
                        f"could not fit the parts of {opts.split_tokens:,} tokens and the change "
                        f"each repeats in --budget {budget:,}; use a larger --split-tokens"
                    )
            total = sum(p.tokens for p in parts)
            if budget is not None and len(parts) > 1:
                _check_repeats(parts, total - stage.written(), opts.split_tokens, budget)
        else:
            chunks, total = stage.render()
    finally:
        counter.cancel_ahead()
        if history is not None:
            history.cancel()
        source.close()
        if head is not None:
            head.close()
        cache.close()
    pack = Pack(
        root=info.path,
        name=name,
        rev=head.rev if head is not None else source.rev,
        encoding=opts.encoding,
        budget=budget,
        model=opts.model,
        fmt=opts.fmt,
        files=ordered,
        excluded=sorted(excluded, key=lambda e: e.path),
        chunks=chunks,
        total_tokens=total,
        cache_hits=counter.hits,
        cache_misses=counter.misses,
        diff=opts.diff,
        base=diff.base if diff is not None else None,
        parts=parts,
        delta=ctx.delta_files,
        at_head=at_head,
        empty_change=diff is not None and not diff.changed and not diff.deleted,
        changed=_changed(diff, opts.secret_scan),
        unshown=shown_diff.unshown() if shown_diff is not None else {},
        diff_redacted=shown_diff.redacted() if shown_diff is not None else {},
    )
    if pack.empty_change:
        pack.warnings.append(
            f"the change {opts.diff} is empty (it changes no file here): the pack is the "
            "base revision's alone"
        )
    pack.warnings += unpinned + cuts
    if diff is not None and diff.reversed:
        pack.warnings.append(diff.reversed)
    if diff is not None and diff.untracked_cut:
        pack.warnings.append(diff.untracked_cut)
    shallow = shallow_note(hist)
    if shallow:
        pack.warnings.append(shallow)
    if cache.warning:
        pack.warnings.append(cache.warning)
    if opts.include and not any(f.carrier for f in ordered):
        pack.warnings += _include_left_out(opts.include, excluded)
    elif not ordered and not excluded:
        where = "revision" if source.rev else "work tree"
        pack.warnings.append(f"nothing to pack: the {where} holds no file")
    if not opts.secret_scan:
        pack.warnings.append(
            # (what turned it off, the flag or the setting, the command's first line says)
            "secret scan is off: credentials in these files go with the pack"
        )
    return pack


# Why the defaults left a file out: what `--no-default-excludes` keeps.
_DEFAULT_REASONS = ("default", "vendored", "generated")


def _include_left_out(include: tuple[str, ...], excluded: list[Excluded]) -> list[str]:
    """Why a pack with `--include` holds no text: the files it matches were left out by
    default (a module judged vendored, generated code), said with how to keep them."""
    matched = PatternFilter(include)
    hits = [e for e in excluded if e.reason in _DEFAULT_REASONS and matched.matches(e.path)]
    if not hits:
        return []
    counts: dict[str, int] = {}
    for e in hits:
        counts[e.reason] = counts.get(e.reason, 0) + 1
    said = ", ".join(f"{n:,} {reason}" for reason, n in sorted(counts.items()))
    return [
        f"--include keeps no file with text: {len(hits):,} of the files it matches are left "
        f"out by default ({said}); --no-default-excludes keeps them"
    ]


_REFITS = 4  # fits of a split pack: the first, then each to what the parts missed by


def _scrub_details(excluded: list[Excluded]) -> None:
    """What a left-out file's first lines said of it, quoted in its detail (a generated
    file's marker, a copy's note), redacted as its text would be: the pack's closing part,
    a diff's note and the manifest quote it."""
    from .secrets import scrub_quote

    done: dict[str, str] = {}
    for e in excluded:
        if e.detail and e.reason in ("generated", "vendored"):
            if e.detail not in done:
                done[e.detail] = scrub_quote(e.detail, e.path)
            e.detail = done[e.detail]


def _oversized_code(excluded: list[Excluded]) -> list[str]:
    """The program files left out for their size (a library's main type can be one)."""
    return sorted(
        e.path
        for e in excluded
        if e.reason == "too-large" and is_code(detect_language(posixpath.basename(e.path)))
    )


def _others_code(excluded: list[Excluded], scan: bool) -> list[str]:
    """Where the other projects' code and the generated files left out are: vendored folders
    first (`deps/lua/ (vendored, 58 files)`: what the code includes or imports), then the
    generated files with what made them, four or more made alike under one folder as that
    folder (an API client's 145 generated files are one line, not 145). The code shown may
    use them; the pack says they exist and why they are not here."""
    from .secrets import redact_names

    folders: dict[str, int] = {}
    single: list[str] = []
    made: dict[str, list[str]] = {}  # what made them -> the generated files
    for e in excluded:
        if e.reason == "vendored" and " in " not in e.detail.partition(" (")[0]:
            single.append(e.path)  # a file of its own (a single-file library, a copy)
        elif e.reason == "vendored":
            folder = e.path.rpartition("/")[0]
            named = e.detail.partition(" (")[0].rpartition(" in ")[2].rstrip("/")
            parts = folder.split("/")
            if named and (folder + "/").startswith(named + "/"):
                folder = named  # (the folder the rule judged: once, however deep its files)
            elif named and named in parts:  # (the folder named, as deep as it stands)
                folder = "/".join(parts[: parts.index(named) + 1])
            folders[folder] = folders.get(folder, 0) + 1
        elif e.reason == "generated":
            why = e.detail if e.detail.startswith("generated") else f"generated: {e.detail}"
            made.setdefault(why if e.detail else "generated", []).append(e.path)
    out = sorted(
        [
            f"{folder}/ (vendored, {n:,} file{'s' if n != 1 else ''})"
            for folder, n in folders.items()
        ]
        + [f"{path} (vendored)" for path in single]
    )
    generated: list[str] = []
    for why, paths in made.items():
        generated += _made_alike(sorted(paths), why)
    out += sorted(generated)
    return [redact_names(line) for line in out] if scan else out


_ALIKE = 4  # generated files made alike under one folder that it names as one line
_NAMED_FEW = 8  # ...each named in that line, when there are no more than these


def _made_alike(paths: list[str], why: str, depth: int = 0) -> list[str]:
    """`paths` (sorted, all made by `why`, below the first `depth` folders they share) as
    lines: the folder they all lie under, when there are `_ALIKE` or more, it is not the
    root, and they are not each alone in a folder below it; else split by their next
    folder."""
    if len(paths) < _ALIKE:
        return [f"{p} ({why})" for p in paths]
    first, last = paths[0].split("/")[:-1], paths[-1].split("/")[:-1]
    common = 0
    while common < min(len(first), len(last)) and first[common] == last[common]:
        common += 1
    groups: dict[str, list[str]] = {}
    for p in paths:
        parts = p.split("/")
        key = parts[common] if len(parts) > common + 1 else ""
        groups.setdefault(key, []).append(p)
    # (one folder, when its files are not each alone in a folder of their own: five packages'
    # `bin/setup.js` are five names)
    if common > depth and 2 * len(groups) <= len(paths):
        folder = "/".join(first[:common])
        line = f"{folder}/ ({len(paths):,} files, {why})"
        if len(paths) <= _NAMED_FEW:  # (a few are named: the code calls into them by name)
            line += ": " + ", ".join(p[len(folder) + 1 :] for p in paths)
        return [line]
    if len(groups) == 1:  # (files at this level itself: nothing to split on)
        return [f"{p} ({why})" for p in paths]
    return [line for g in groups.values() for line in _made_alike(g, why, common + 1)]


def _check_repeats(
    parts: list[Part], repeats: int, limit: int, budget: int, change: bool = False
) -> None:
    """Refuse parts so small that what each repeats (header, tree, index; a `--diff`
    pack's change) takes most of the budget: the files would get less than half of what
    is paid for."""
    if repeats * 2 <= budget:
        return
    per_part = repeats // max(len(parts) - 1, 1)
    larger = max(-(-per_part * 4 // 1000) * 1000, limit + 1000)
    raise BudgetError(
        f"--split-tokens {limit:,} makes {len(parts):,} parts that repeat {repeats:,} tokens "
        f"of header, tree{', index and the change' if change else ' and index'}, over half "
        f"of the {budget:,}-token budget; use "
        f"--split-tokens {larger:,} or more"
    )


_AHEAD_CHUNK = 1 << 20  # characters scanned between two hand-overs to the token worker


def _count_ahead(
    files: list[PackedFile],
    opts: PackOptions,
    counter: TokenCounter,
    cache: TokenCache,
    progress: Progress | None,
    counted: bool = False,
) -> None:
    """Scan every file now and have the token worker count each as it is scanned, while
    this process builds the graph and ranks: a pack without a budget shows every file in
    full, and a cold cache knows none of their counts (the counting is what a cold pack
    waits for). count_bodies later finds the counts waiting. `counted`: the worker has the
    texts as read already; only those the scan changes go to it."""
    if not counter.can_count_ahead():
        return
    shown = [f for f in files if f.carrier]
    start = size = 0
    for i, f in enumerate(shown, 1):
        size += len(f.full_text)
        if size < _AHEAD_CHUNK and i < len(shown):
            continue
        chunk, start, size = shown[start:i], i, 0
        if opts.secret_scan:
            redact_files(chunk, cache, opts.explain_secrets)
        for g in chunk:
            # What the full mode will carry (a value found in a later chunk aside).
            g.text = g.full_text
        changed = [g for g in chunk if g.redactions] if counted else chunk
        counter.count_ahead(p for g in changed for p in split_safe(body_of(g, opts.line_numbers)))
        if progress is not None and opts.secret_scan:
            progress("scan", i, len(shown))
    flush_known()  # (a value found in a later chunk, in the chunks before it: counted anew)


def _changed(diff: DiffContext | None, scan: bool) -> dict[str, str]:
    """The diff's files and how each changed (A, M, D, R...), as the manifest lists them;
    a name holding a token redacted."""
    from .secrets import secret_names

    if diff is None:
        return {}
    changed = {**dict.fromkeys(diff.deleted, "D"), **diff.changed}
    named = secret_names(list(changed)) if scan else {}
    return {named.get(path, path): status for path, status in changed.items()}


def _closing(opts: PackOptions, source: Source) -> tuple[tuple[str, str], ...]:
    """Sections after the files: they change with every commit, so they come last, where
    they leave the cached prefix of the pack alone."""
    from .extras import git_log_text

    closing = []
    if opts.include_logs:
        if source.repo is None:
            raise ConfigError("--include-logs needs a git repository")
        log = git_log_text(source.repo.path, source.rev, opts.include_logs)
        closing.append(("git_log", _scanned_log(log, opts)))
    if opts.instruction_text:
        closing.append(("instruction", opts.instruction_text))
    return tuple(closing)


def _scanned_log(log: str, opts: PackOptions) -> str:
    """A commit log with its secrets redacted.

    A key pasted into a commit message is as real as one in a file, and the log is not test
    data: scanned as a file's text is, by the lax rules; a value one message gives away, in
    the others too (a later one, listed first, quoting it), and in the files."""
    from .secrets import redact

    if not opts.secret_scan:
        return log
    red, spans = redact(log)
    seen = current_seen()
    if seen is not None:
        seen.add([log[r.start : r.end] for r in spans])
        red = apply(red, seen.spans(red))
    return red


def _change_log(opts: PackOptions, head: Source, diff: DiffContext) -> str:
    """With --include-logs, the commits of the change under review (the last N of them,
    newest first), redacted: what its authors said of it. The base pack's own log stays
    where the base pack has it."""
    from .extras import git_log_text

    if not opts.include_logs or head.repo is None:
        return ""
    span = f"{diff.base}..{diff.head or 'HEAD'}"
    log = git_log_text(head.repo.path, span, opts.include_logs)
    if not log:
        return ""
    total = int(git(["rev-list", "--count", span, "--"], head.repo.path).decode().strip() or 0)
    if total > opts.include_logs:
        earlier = total - opts.include_logs
        log += (
            f"\n({earlier:,} earlier commit{'s' if earlier != 1 else ''} of the change not shown)\n"
        )
    return _scanned_log(log, opts)


def _known_in_closing(ctx: RenderContext) -> None:
    """The values redacted since the closing part was made (files scanned as the fit shows
    them, a diff's hunks), redacted in its commit log too: a password a file holds, quoted
    in a commit message, went out in the log of every pack whose files came from the cache."""
    seen = current_seen()
    if seen is None:
        return
    if ctx.change_log:
        ctx.change_log = apply(ctx.change_log, seen.spans(ctx.change_log))
    if not ctx.closing:
        return
    ctx.closing = tuple(
        (name, apply(text, seen.spans(text)) if name == "git_log" else text)
        for name, text in ctx.closing
    )


def _add_delta(
    ctx: RenderContext,
    stage: _Stage,
    diff: DiffContext,
    head: Source,
    carriers: list[PackedFile],
    opts: PackOptions,
    cache: TokenCache,
    excluded: list[Excluded],
) -> tuple[list[PackedFile], ShownDiff]:
    """The change after the pack of the base: the new text of the files it touches (as
    the pack would keep them), the full text of their neighbours the base pack did not show
    in full, and the diff. Returns the files the change touches, at its head, and the diff
    file by file (a pack over its budget shortens it)."""
    from .analyze.languages import is_data
    from .diffctx import LONG_DATA_DIFF, diff_stats, scrub_files

    changed = set(diff.changed)
    only = Only(head, changed)
    new_files, left_out = collect(only, opts, None, cache)
    new_files = [f for f in new_files if f.carrier]
    # A generated site's asset the change touches is left out as the base leaves it (its
    # `index.html`, which says the site is generated, is seldom among the changed files).
    sites = generated_sites(excluded) if opts.default_excludes else {}
    if sites:
        assets = {f.path: left for f in new_files if (left := site_asset(f.path, sites))}
        new_files = [f for f in new_files if f.path not in assets]
        left_out += assets.values()
    near = _neighbours(carriers, changed)
    extra = [replace(f) for f in carriers if f.path in near and f.mode != "full"]
    ctx.delta_files = sorted(new_files, key=lambda f: f.path) + extra
    ctx.delta_changed = {f.path for f in new_files}
    # A few lines changed in a document, a setting or a data file, or in a file the base
    # pack shows whole: the diff says it all, and the new text would restate thousands of
    # tokens. (A build or CI file the base does not show is not: its hunks alone do not say
    # which job or target they are in.) A long change to a data file (a results table) is
    # counted in the diff, and its new text left out too.
    ctx.delta_head = head.rev or "work tree"
    ctx.diff_spec = diff.spec
    # Each file's hunks are scanned with its own rules; files the pack leaves out (in the
    # base or at the head) appear as one line, never with their text.
    why = {
        e.path: f"{e.reason}: {e.detail}" if e.detail else e.reason for e in (*excluded, *left_out)
    }
    if opts.secret_scan:
        # A Kubernetes Secret's hunks need not show its `kind` or the `data:` its values are
        # under: its change is said in one line, as a key file's is.
        for f in (*carriers, *new_files):
            if f.path not in why and is_secret_manifest(f.full_text):
                why[f.path] = "secret: a Kubernetes Secret's values"
    roles = {f.path: f.role for f in (*carriers, *new_files)}
    # (a notebook's diff is of its JSON, outputs and all: its cells' new text says it better)
    data = {
        f.path
        for f in (*carriers, *new_files)
        if f.role == "data" or is_data(f.language) or is_notebook(f.path)
    }
    if opts.secret_scan:
        # A hunk shows a few lines of a file: a value whose name or section stands outside
        # them (`PASSWORD = (` above it, a `[jwt]` header, a JWK's `kty`, a key's BEGIN line)
        # is found in the file's whole text, at the head and in the base (a copy: the base
        # pack is settled), and then wherever the diff shows it.
        redact_files([f for f in new_files if not f.scanned], cache, opts.explain_secrets)
        base = [replace(f, redacted_values=[]) for f in carriers if f.path in changed]
        redact_files([f for f in base if not f.scanned], cache)
    # (the change's commit messages first: a value one of them gives away is redacted in
    # the hunks too, as a value the hunks give away is in the messages below)
    ctx.change_log = _change_log(opts, head, diff)
    shown = scrub_files(
        diff.text,
        why.get,
        opts.secret_scan,
        lambda p: roles.get(p) in ("test", "docs"),
        data.__contains__,
    )
    flush_known()  # (a value the diff's hunks redact, in the files scanned before)
    _known_in_closing(ctx)
    ctx.diff_text = shown.text()
    in_full = {f.path for f in carriers if f.mode == "full"}
    lines = diff_stats(diff.text)
    in_diff = {d.path for d in shown.files if not d.note}
    said = {
        f.path
        for f in new_files
        if (
            lines.get(f.path, 0) * _RESTATE < f.full_text.count("\n")
            and (f.path in in_full or f.role not in ("source", "test", "build"))
        )
        or (is_data(f.language) and lines.get(f.path, 0) > LONG_DATA_DIFF)
        # A new file's diff is its whole text, line by line: shown once, there.
        or (diff.changed.get(f.path) == "A" and f.path in in_diff)
    }
    stage.apply([(f, "listed" if f.path in said else "full") for f in ctx.delta_files])
    return new_files, shown


_RESTATE = 4  # a change to under a quarter of a file's lines is shown by its diff alone


def _copies(carriers: list[PackedFile]) -> dict[str, str]:
    """Each file (of some size) whose content a better-ranked one has too: path -> that one."""
    first: dict[bytes, str] = {}
    out: dict[str, str] = {}
    for f in carriers:  # best first
        if f.digest and len(f.full_text) >= _COPY_MIN:
            out_of = first.setdefault(f.digest, f.path)
            if out_of != f.path:
                out[f.path] = out_of
    return out


_COPY_MIN = 512  # characters: a smaller file costs less than saying where its copy is


def _signature_keys(files: list[PackedFile]) -> list[tuple[bytes, PackedFile]]:
    from .compress import OUTLINE_ID

    return [(f.tier_key("signatures", OUTLINE_ID), f) for f in files if f.full_id]


def _signatures_from_cache(keyed: list[tuple[bytes, PackedFile]], cache: TokenCache) -> set[bytes]:
    """Signatures made before, set on their files (the fitter sizes every file's, and making
    them is half a warm hook's time on the stdlib corpus); the keys found."""
    wanted = [(k, f) for k, f in keyed if not f.has_signatures()]
    known = cache.get_many([k for k, _ in wanted], "facts")
    for k, f in wanted:
        if k in known:
            f.set_signatures(known[k])
    return set(known)


def _made_tier(f: PackedFile, mode: str) -> str:
    """The tier `f` shows for the `mode` planned, now that its text is made: a tier that
    turns out empty (a text with no definition, no heading) shows nothing, and signatures
    that save too little against the full text (a module of `mod` and `use` lines, written
    again without their semicolons) give way to it (the plan sized them from an estimate)."""
    if mode == "signatures":
        sigs = f.signatures_text()
        if not sigs.strip():
            return "listed"
        return "full" if len(sigs) > SAVING * len(f.full_text) else mode
    if mode == "compressed" and not f.compressed_text().strip():
        return "listed"
    return mode


def _outline_or_full(f: PackedFile) -> str:
    if not outlined(f.language):
        return "full"  # data and text that is not code are never outlined
    return "compressed" if len(f.compressed_text()) < len(f.full_text) else "full"


def _make_texts(outlines: list[PackedFile], signatures: list[PackedFile]) -> None:
    """Make the outlines and signatures these files lack, in one batch shared with a forked
    copy of this process (a parse each: the files a large repository shows as signatures
    took a sixth of a budgeted pack's time)."""
    from .parallel import split_map

    work = [(f, True) for f in outlines if not f.has_outline()]
    work += [(f, False) for f in signatures if not f.has_signatures()]
    made = split_map(_made_text, [(f.full_text, f.language, outline) for f, outline in work])
    for (f, outline), text in zip(work, made, strict=True):
        (f.set_outline if outline else f.set_signatures)(text)


def _made_text(text: str, language: str, outline: bool) -> str:
    from .compress import compress, signatures

    return compress(text, language) if outline else signatures(text, language)


def _sizes(text: str, language: str) -> str:
    """A file's estimated signature size, its digits and its hexadecimal literals."""
    from .model import count_numbers
    from .plan import signatures_estimate

    digits, hexes = count_numbers(text)
    return f"{signatures_estimate(text, language)} {digits} {hexes}"


def _signature_sizes(files: list[PackedFile], cache: TokenCache) -> dict[str, int]:
    """Every file's estimated signature size, by path: from the cache, else counted in one
    batch shared with a forked copy of this process (reading 40M tokens of text for it took
    a third of a second of a budgeted pack); each file's numbers (`PackedFile.numbers`) are
    given it on the way."""
    from .parallel import split_map
    from .plan import SIGNATURES_ESTIMATE_ID

    # The unredacted text's id: the estimate is made before any scan, cold or warm. A text
    # with no id (changed in memory) is keyed by its path and not cached.
    keys: list[bytes | str] = [
        f.digest + b"|sizes+numbers:" + SIGNATURES_ESTIMATE_ID + f.language.encode()
        if f.digest
        else f.path
        for f in files
    ]
    known = cache.get_many([k for k in keys if isinstance(k, bytes)], "facts")
    todo: dict[bytes | str, PackedFile] = {}  # copies of one text are estimated once
    for f, k in zip(files, keys, strict=True):
        if k not in known:
            todo.setdefault(k, f)
    made = split_map(_sizes, [(f.full_text, f.language) for f in todo.values()])
    fresh = dict(zip(todo, made, strict=True))
    cache.put_many(((k, v) for k, v in fresh.items() if isinstance(k, bytes)), "facts")
    by_key: dict[bytes | str, list[int]] = {
        k: [int(n) for n in str(v).split()] for k, v in known.items()
    }
    by_key.update((k, [int(n) for n in v.split()]) for k, v in fresh.items())
    sizes = {}
    for f, k in zip(files, keys, strict=True):
        estimate, digits, hexes = by_key[k]
        if not f.redactions:  # (counts of the text as read: a redaction changes them)
            f.set_numbers((digits, hexes))
        sizes[f.path] = estimate
    return sizes


def _neighbours(files: list[PackedFile], changed: set[str] | frozenset[str]) -> set[str]:
    """Paths that import a changed file or that a changed file imports (not changed ones)."""
    return {n for f in files if f.path in changed for n in (*f.imports, *f.imported_by)} - set(
        changed
    )


class _Stage:
    """Gives files their text for a mode (redacting first), counts it, renders the pack."""

    def __init__(
        self,
        opts: PackOptions,
        ctx: RenderContext,
        counter: TokenCounter,
        cache: TokenCache,
        progress: Progress | None,
    ) -> None:
        self.opts, self.ctx, self.counter, self.cache = opts, ctx, counter, cache
        self.progress = progress
        self.diff: ShownDiff | None = None  # with --diff, once the change is added

    def apply(self, changes: list[tuple[PackedFile, str]]) -> None:
        shown = [f for f, mode in changes if mode != "listed"]
        if self.progress is not None and shown:
            self.progress("tokens", 0, len(shown))  # counting is one batch: say it started
        if self.opts.secret_scan:
            redact_files([f for f in shown if not f.scanned], self.cache, self.opts.explain_secrets)
            flush_known()
            _known_in_closing(self.ctx)
        fresh = self._outlines_from_cache([f for f, mode in changes if mode == "compressed"])
        _make_texts([f for _, f in fresh], [f for f, mode in changes if mode == "signatures"])
        changes = [(f, _made_tier(f, mode)) for f, mode in changes]
        shown = [f for f, mode in changes if mode != "listed"]
        for f, mode in changes:
            f.set_mode(mode)
        self.cache.put_many(((k, f.compressed_text()) for k, f in fresh), "facts")
        self.ctx.forget([f for f, mode in changes if mode == "listed"])
        self.ctx.count_bodies(self.counter, shown)
        if self.progress is not None and shown:
            self.progress("tokens", len(shown), len(shown))

    def outlines(self, files: list[PackedFile]) -> None:
        """Make the outlines of `files` (redacted first), from the cache where it has them."""
        if self.opts.secret_scan:
            todo = [f for f in files if not f.scanned]
            redact_files(todo, self.cache, self.opts.explain_secrets)
            flush_known()
            _known_in_closing(self.ctx)
        fresh = self._outlines_from_cache(files)
        _make_texts([f for _, f in fresh], [])
        self.cache.put_many(((k, f.compressed_text()) for k, f in fresh), "facts")

    def _outlines_from_cache(self, files: list[PackedFile]) -> list[tuple[bytes, PackedFile]]:
        """Outlines made before (tree-sitter is not free); the rest, with their keys."""
        from .compress import OUTLINE_ID

        wanted = [
            (f.tier_key("outline", OUTLINE_ID), f)
            for f in files
            if f.full_id and not f.has_outline()
        ]
        known = self.cache.get_many([k for k, _ in wanted], "facts")
        for k, f in wanted:
            if k in known:
                f.set_outline(known[k])
        return [(k, f) for k, f in wanted if k not in known]

    def render(self) -> tuple[list[str], int]:
        self._restate()
        return render(self.opts.fmt, self.ctx, self.counter)

    def _restate(self) -> None:
        if self.diff is not None:
            # A deleted file the base pack shows whole is one line of the diff, and its
            # lines come back when the base gives it way.
            whole = {f.path for f in self.ctx.files if f.mode == "full"}
            if self.diff.restate(whole.__contains__):
                self.ctx.diff_text = self.diff.text(self.diff.cap, self.diff.briefed)

    def measure(self) -> int:
        """The count a fit decides by (`render`'s `fitting`): at least the pack's own."""
        self._restate()
        return render(self.opts.fmt, self.ctx, self.counter, fitting=True)[1]

    def written(self) -> int:
        """The exact count of the pack as written."""
        return self.render()[1]
