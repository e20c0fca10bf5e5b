"""The JSON manifest of a pack (DESIGN.md): what is in it, how, and what was left out."""

from __future__ import annotations

import json
from typing import Any

from .model import Pack

__all__ = ["manifest", "manifest_json"]


def _path(p: str) -> str:
    if p.isascii():
        return p
    return p.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def manifest(pack: Pack) -> dict[str, Any]:
    """The manifest as plain data, in the documented key order."""
    files = []
    for f in pack.files:
        # (a file listed by its path alone carries no text: nothing of it was redacted, and
        # whether the plan scanned it is no fact about the pack)
        carried = f.mode != "listed"
        entry: dict[str, Any] = {
            "path": _path(f.path),
            "language": f.language,
            "role": f.role,
            "bytes": f.size,
            "lines": f.lines,
            "tokens": f.tokens,
            "mode": f.mode,
            "redactions": f.redactions if carried else 0,
            "imports": f.imports,
            "imported_by": f.imported_by,
        }
        if f.note:
            entry["note"] = f.note
        if f.secret_notes is not None and carried:
            entry["secret_candidates"] = f.secret_notes
        files.append(entry)
    excluded = []
    for e in pack.excluded:
        item = {"path": _path(e.path), "reason": e.reason}
        if e.detail:
            item["detail"] = e.detail
        excluded.append(item)
    out: dict[str, Any] = {
        "version": 1,
        "root": str(pack.root),
        "rev": pack.rev,
        "encoding": pack.encoding,
        "budget": pack.budget,
        "model": pack.model,
        "format": pack.fmt,
        "total_tokens": pack.total_tokens,
        "files": files,
        "excluded": excluded,
    }
    if pack.diff:
        out["diff"] = pack.diff
        out["change"] = _change(pack)
    if pack.parts:
        out["parts"] = [{"file": p.name, "tokens": p.tokens, "files": p.paths} for p in pack.parts]
    return out


def manifest_json(pack: Pack) -> str:
    return json.dumps(manifest(pack), indent=2, ensure_ascii=False) + "\n"


def _change(pack: Pack) -> list[dict[str, Any]]:
    """Every file the change touches (`status`: A, M, R, T or D) and each neighbour shown
    with it (`status`: neighbour), with the mode of the text the change part carries."""
    shown = {f.path: f for f in pack.delta}
    rows: list[dict[str, Any]] = []
    for path, status in sorted(pack.changed.items()):
        f = shown.get(path)
        row: dict[str, Any] = {"path": _path(path), "status": status}
        row.update(tokens=f.tokens if f else 0, mode=f.mode if f else "listed")
        if f is not None and f.mode != "listed":
            row["redactions"] = f.redactions
            if f.secret_notes is not None:
                row["secret_candidates"] = f.secret_notes
        if pack.diff_redacted.get(path):  # (what its diff's lines had redacted)
            row["diff_redactions"] = len(pack.diff_redacted[path])
        why = pack.unshown.get(path)
        if why is not None:  # (a lockfile's diff is one line of counts: it says so)
            row["note"] = (
                f"deleted; its diff is not shown ({why})"
                if status == "D"
                else (f"its diff is not shown ({why})")
            )
        elif f is None or f.mode == "listed":
            row["note"] = (
                "deleted"
                if status == "D"
                else "a new file: the diff shows its whole text"
                if status == "A"
                else "the diff shows the change"
            )
        rows.append(row)
    for f in pack.delta:
        if f.path not in pack.changed:
            rows.append(
                {"path": _path(f.path), "status": "neighbour", "tokens": f.tokens, "mode": f.mode}
            )
    return rows
