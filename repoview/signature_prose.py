"""The signatures of prose: Markdown headings, reStructuredText and AsciiDoc titles, and the
objects reStructuredText documents."""

from __future__ import annotations

from . import lazyre

__all__ = ["PROSE", "headings"]

PROSE = frozenset({"Markdown", "reStructuredText", "AsciiDoc"})  # headings are its signatures
# Markdown headings, AsciiDoc titles and the reStructuredText directives that document an
# object (`.. function:: open(path)`, `.. autoclass:: Session`); notes, images, code blocks
# and link targets name nothing.
_HEADING = lazyre.compile(
    r"^(?:#{1,6}\s|={1,6}\s+\S|={3,}\s*$|-{3,}\s*$|\.\. (?:\w+:)?(?:auto)?(?:function|class|"
    r"method|module|attribute|data|exception|decorator|macro|type|member|var|struct|enum|"
    r"property|program|option|envvar|confval)::)"
)
_UNDERLINE = lazyre.compile(r"^([=\-~^*#])\1{2,}\s*$")


def headings(text: str, language: str) -> list[str]:
    """Titles and documented objects. In reStructuredText and AsciiDoc an underline is one
    only when about as long as its title, and AsciiDoc's delimited blocks (a `----` listing
    or a `====` example, up to the same line again) hold no titles."""
    measured = language != "Markdown"
    out: list[str] = []
    lines = text.split("\n")
    block = ""  # the delimiter of the AsciiDoc block we are in
    for i, line in enumerate(lines):
        if block:
            if line.rstrip() == block:
                block = ""
            continue
        if _UNDERLINE.match(line):
            # The title is the line above its underline (an overline above it comes first
            # and names nothing).
            title = lines[i - 1].rstrip() if i else ""
            opens = not title.strip() or title == "+" or title[0] in "[." or _UNDERLINE.match(title)
            if language == "AsciiDoc" and opens:
                block = line.rstrip()  # after a blank line, a title, `+`, `[NOTE]` or `.Title`
            elif (
                title.strip()
                and not _UNDERLINE.match(title)
                and (not measured or len(line.rstrip()) >= len(title) - 2)
            ):
                out.append(title)
        elif _HEADING.match(line):
            out.append(line.rstrip())
    return out
