"""`repoview pack`: a repository, a folder or a commit packed into one prompt."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ConfigError, RepoviewError
from ..gitutil import locate
from ..setting_values import parse_budget
from ..textsafe import oneline, terminal
from .base import _fail, _say, _settings, _target, _write, cli

if TYPE_CHECKING:
    from ..model import Pack

# What -o FILE's suffix asks for when no --format (or configured format) says.
_PACK_SUFFIXES = {
    ".xml": "xml",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".txt": "plain",
}


@cli.command()
@click.argument("path", default=".")
@click.option("--rev", help="Pack this commit from the object store instead of the work tree.")
@click.option("--ref", help="With a URL: the branch, tag or commit to pack (default: HEAD).")
@click.option("--budget", help="Token budget: a number, 200k, or 128k|256k|512k|1m|2m.")
@click.option("--model", help="Size the budget for this model (see `repoview models`).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xml", "markdown", "plain", "json"]),
    default=None,
    help="Output format (default: xml).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@click.option("--manifest", type=click.Path(path_type=Path), help="Write the JSON manifest here.")
@click.option("--include", multiple=True, help="Keep only paths matching this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Leave out paths matching this glob (repeatable).")
@click.option("--no-default-excludes", is_flag=True, help="Keep lockfiles, vendored files, etc.")
@click.option(
    "--diff",
    help="Review BASE..HEAD (or BASE against the work tree): the pack of BASE, then the "
    "change at its end (the touched files' new text and the diff).",
)
@click.option("--line-numbers", is_flag=True, help="Number every line of file text.")
@click.option(
    "--split-tokens", help="Write several parts of at most N tokens each (a number, or 32k)."
)
@click.option(
    "--focus",
    type=click.Choice(["breadth", "depth"]),
    help="With a budget: every file's outline first (breadth, default), or full "
    "text for the central files first (depth).",
)
@click.option("--no-secret-scan", is_flag=True, help="Do not look for secrets (not advised).")
@click.option(
    "--explain-secrets",
    is_flag=True,
    help="List each secret candidate, redacted or kept, and why: in the manifest, "
    "or on stderr without --manifest.",
)
@click.option("--encoding", help="Tokenizer: o200k_base (default) or cl100k_base.")
@click.option("--max-file-size", help="Leave out files larger than this (default 1mb).")
@click.option("--compress", is_flag=True, help="Every file as an outline (no budget needed).")
@click.option("--remove-comments", is_flag=True, help="Leave comments out of file text.")
@click.option("--include-logs", type=int, help="Add the last N commits at the end of the pack.")
@click.option(
    "--stdin", "from_stdin", is_flag=True, help="Pack only the paths read from stdin, one per line."
)
@click.option(
    "--token-count-tree",
    "count_tree",
    is_flag=False,
    flag_value=0,
    type=int,
    default=None,
    metavar="[MIN]",
    help="Print the tree with token counts (entries of at least MIN) instead.",
)
@click.option("--header-text", help="Text placed at the very start of the pack.")
@click.option(
    "--instruction-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file whose text ends the pack (e.g. what to do with it).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the pack.")
# (`--json` is how other tools ask for it: say where it is here rather than guess a flag)
@click.option("--json", "json_flag", is_flag=True, hidden=True)
def pack(**kw: Any) -> None:
    """Pack a repository (or a folder, or a commit) into one prompt."""
    from ..manifest import manifest_json
    from ..options import pack_options, pack_size
    from ..packer import build_pack
    from ..summary import ProgressLine, format_counted, format_summary

    try:
        if kw.pop("json_flag"):
            raise ConfigError(
                "pack has no --json: use --format json for a JSON pack, or --manifest FILE "
                "for the JSON manifest"
            )
        path, rev = _target(kw["path"], kw["ref"], kw["rev"])
        flags = {
            "budget": kw["budget"],
            "model": kw["model"],
            "format": kw["fmt"],
            "include": kw["include"] or None,
            "encoding": kw["encoding"],
            "max_file_size": kw["max_file_size"],
            "default_excludes": False if kw["no_default_excludes"] else None,
            "line_numbers": True if kw["line_numbers"] else None,
            "secret_scan": False if kw["no_secret_scan"] else None,
            "focus": kw["focus"],
            "compress": True if kw["compress"] else None,
            "remove_comments": True if kw["remove_comments"] else None,
            "include_logs": kw["include_logs"] or None,
            "header_text": kw["header_text"],
            "instruction_file": str(kw["instruction_file"]) if kw["instruction_file"] else None,
        }
        info = locate(path)  # once: each look costs a git process
        s = _settings(
            path,
            flags,
            {
                "format": "--format",
                "secret_scan": "--no-secret-scan",
                "default_excludes": "--no-default-excludes",
            },
            info=info,
        )
        if s.source("format") == "default" and kw["output"] is not None:
            # (a repository's or the user's configured format stands; so does --format)
            named = _PACK_SUFFIXES.get(kw["output"].suffix.lower())
            if named is not None:
                s.values["format"] = named
                s.sources["format"] = f"-o {kw['output'].name}"
        budget, model_name = pack_size(s, bool(kw["model"]), bool(kw["budget"]))
        if kw["split_tokens"] is not None:  # as --budget writes it: 32000, 32k, 1m
            kw["split_tokens"] = parse_budget(kw["split_tokens"], "--split-tokens")
        if kw["split_tokens"] and kw["count_tree"] is not None:
            raise ConfigError(
                "--token-count-tree writes the tree instead of a pack: drop --split-tokens"
            )
        if kw["split_tokens"] and (not kw["output"] or str(kw["output"]) == "-"):
            raise ConfigError("--split-tokens writes several files: give -o FILE as their stem")
        if not s["secret_scan"] and not kw["quiet"]:
            _say(
                f"repoview: warning: secret scanning is off ({s.source('secret_scan')}): "
                "secrets in these files are not redacted"
            )
        opts = pack_options(
            s,
            path,
            rev=rev,
            budget=budget,
            model=model_name,
            exclude=kw["exclude"],
            diff=kw["diff"],
            split_tokens=kw["split_tokens"],
            explain_secrets=kw["explain_secrets"],
        )
        from ..extras import everyday_options

        stdin_text = sys.stdin.read() if kw["from_stdin"] else None
        opts = everyday_options(opts, s, info, stdin_text)
        progress = ProgressLine(enabled=None if not kw["quiet"] else False)
        result = build_pack(opts, progress)
        progress.clear()
    except RepoviewError as exc:
        _fail(exc)
    # Encoded piece by piece as it is written: the whole pack is never held twice, as text
    # and as bytes (the peak comes earlier, while files are read, so it stays as it was).
    data: Iterable[bytes] = (c.encode("utf-8", "replace") for c in result.chunks)
    if kw["count_tree"] is not None:
        from ..extras import token_count_tree

        data = [token_count_tree(result.files, result.name, kw["count_tree"]).encode()]
    size = 0
    if result.parts:
        out: Path = kw["output"]
        for i, part in enumerate(result.parts, 1):
            part.name = str(out.with_name(f"{out.stem}.part{i}{out.suffix}"))
            size += _write(Path(part.name), (c.encode("utf-8", "replace") for c in part.chunks))
    else:
        size = _write(kw["output"] or Path("-"), data)
    if kw["manifest"]:
        _write(kw["manifest"], [manifest_json(result).encode()])
    elif kw["explain_secrets"]:
        _say_secret_candidates(result)
    if not kw["quiet"]:
        # (after a token-count tree, what it counted: a pack's summary would describe output
        # that does not exist)
        counted = kw["count_tree"] is not None
        said = format_counted(result) if counted else format_summary(result, size)
        click.echo(terminal(said), err=True, nl=False)


def _say_secret_candidates(result: Pack) -> None:
    """`--explain-secrets` with no manifest to hold them: each candidate on stderr."""
    # (a --diff pack's change part carries the new text of files too: named "at head")
    notes = [
        (f.path, where, n)
        for files, where in ((result.files, ""), (result.delta, " at head"))
        for f in files
        if f.mode != "listed" and f.secret_notes
        for n in f.secret_notes
    ]
    in_diff = [(path, rule) for path, rules in result.diff_redacted.items() for rule in rules]
    n = len(notes) + len(in_diff)
    _say(f"repoview: {n} secret candidate{'s' if n != 1 else ''} in the pack")
    for path, where, note in notes:
        _say(
            f"  {oneline(path)}:{note['line']}{where}: {note['action']} ({note['rule']}): "
            f"{note['why']}"
        )
    for path, rule in in_diff:
        _say(f"  {oneline(path)} (its diff): redacted ({rule})")
