"""The token treemap: folders of the current level, each filled with its files, coloured by
the tier the pack gave them (full, outline, signatures, listed, ...)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from repoview.model import PackedFile
from repoview.render.tree import rounded

__all__ = ["TIER_LABELS", "tier_class", "tier_label", "treemap_svg"]

# Modes the pack writes today; any other mode string is shown as it is, in a neutral colour.
TIER_LABELS = {
    "full": "full text",
    "compressed": "outline",
    "signatures": "signatures",
    "listed": "listed (path only)",
}
MAX_RECTS = 2500  # beyond this the SVG outweighs the rest of the page; a folder's map has more

Rect = tuple[float, float, float, float]


def tier_class(mode: str) -> str:
    return f"tier-{mode}" if mode in TIER_LABELS else "tier-other"


def tier_label(mode: str) -> str:
    return TIER_LABELS.get(mode, mode)


def weight(f: PackedFile) -> int:
    """Area: about the file's size in tokens, whatever its tier, so that a listed or outlined
    file shows how much of the repository the model does not read."""
    return max(f.tokens, f.size // 4, 1)


def _worst(row: list[float], short: float) -> float:
    """The worst aspect ratio of a row laid along a side of length `short`."""
    s = sum(row)
    return max(max(short * short * v / (s * s), (s * s) / (short * short * v)) for v in row)


def squarify(values: Sequence[float], x: float, y: float, w: float, h: float) -> list[Rect]:
    """Rectangles for `values` (sorted, descending) filling x, y, w, h (squarified treemap)."""
    rects: list[Rect] = []
    total = sum(values) or 1.0
    scaled = [max(v, 1e-9) * w * h / total for v in values]
    i = 0
    while i < len(scaled):
        short = min(w, h) or 1e-9
        row = [scaled[i]]
        j = i + 1
        while j < len(scaled) and _worst([*row, scaled[j]], short) <= _worst(row, short):
            row.append(scaled[j])
            j += 1
        s = sum(row)
        if w >= h:  # the row becomes a column on the left
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


def _groups(files: list[PackedFile], prefix: str) -> list[tuple[str, bool, list[PackedFile]]]:
    """(name, is_folder, files under it) for the entries of folder `prefix`, largest first."""
    groups: dict[str, list[PackedFile]] = defaultdict(list)
    folder: dict[str, bool] = {}
    for f in files:
        if not f.path.startswith(prefix):
            continue
        head, sep, _ = f.path[len(prefix) :].partition("/")
        groups[head].append(f)
        folder[head] = bool(sep)
    rows = [
        (n, folder[n], sorted(fs, key=lambda f: (-weight(f), f.path))) for n, fs in groups.items()
    ]
    return sorted(rows, key=lambda r: (-sum(weight(f) for f in r[2]), r[0]))


def _cut(text: str, width: float) -> str:
    """`text` within `width` pixels (about 7 a character), cut with an ellipsis."""
    most = int(width / 7)
    return text if len(text) <= most else text[: max(most - 1, 0)] + "\u2026"


def treemap_svg(
    files: list[PackedFile], prefix: str, dir_url: str, file_url: str, file_query: str = ""
) -> str:
    """SVG of folder `prefix`. File rectangles carry `data-path` and `data-mode` (the page's
    script opens a file on click or Enter; each takes the keyboard's focus); folder names link
    one level deeper. `dir_url` and `file_url` are URLs ending where the folder or file path
    goes; `file_query` follows a file's path (the page's model and budget)."""
    width, height = 960.0, 440.0
    groups = _groups(files, prefix)
    outer = squarify([sum(weight(f) for f in g[2]) for g in groups], 0, 0, width, height)
    label = escape(prefix or "the repository")
    parts = [
        f'<svg class="treemap" viewBox="0 0 {width:.0f} {height:.0f}" role="group" '
        f'data-file-base="{escape(file_url)}" data-file-query="{escape(file_query)}" '
        f'aria-label="token map of {label}, coloured by tier">'
    ]
    budget = MAX_RECTS
    for (name, is_dir, members), (x, y, w, h) in zip(groups, outer, strict=True):
        shown = members[: max(budget, 1)]
        budget -= len(shown)
        pad = 2.0 if is_dir and w > 12 and h > 24 else 0.0
        top = 16.0 if is_dir and w > 40 and h > 40 else pad
        inner = squarify(
            [weight(f) for f in shown], x + pad, y + top, max(w - 2 * pad, 0), max(h - top - pad, 0)
        )
        if is_dir:
            tokens = sum(f.tokens for f in members)
            parts.append(
                f'<rect class="dir" x="{x:.1f}" y="{y:.1f}" width="{max(w - 1, 0):.1f}" '
                f'height="{max(h - 1, 0):.1f}"/>'
            )
        for f, (fx, fy, fw, fh) in zip(shown, inner, strict=True):
            parts.append(
                f'<rect class="file {tier_class(f.mode)}" tabindex="0" '
                f'data-path="{escape(f.path)}" '
                f'data-mode="{escape(f.mode)}" data-tokens="{f.tokens}" x="{fx:.1f}" '
                f'y="{fy:.1f}" width="{max(fw - 0.5, 0):.1f}" height="{max(fh - 0.5, 0):.1f}">'
                f"<title>{escape(f.path)}: {escape(tier_label(f.mode))}, {f.tokens:,} tokens"
                "</title></rect>"
            )
        if is_dir and w > 40 and h > 16:
            text = escape(_cut(f"{name}/ · {rounded(tokens)} sent", w))
            href = escape(dir_url + quote(prefix + name + "/"))
            parts.append(
                f'<a href="{href}"><text x="{x + 4:.1f}" y="{y + 12:.1f}">{text}</text></a>'
            )
        elif not is_dir and w > 60 and h > 18:
            parts.append(
                f'<text class="fname" x="{x + 4:.1f}" y="{y + 14:.1f}">'
                f"{escape(_cut(name, w))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
