"""Model text made inert in Markdown: what a forge's comment, a job summary or a local
report's preview would otherwise render or act on (raw HTML, images that load by
themselves, mentions, repoview's own markers)."""

from __future__ import annotations

import re

from . import lazyre

__all__ = ["neutralise"]

_TOKENS = lazyre.compile(r"repoview:(summary|finding|resolved|reopened|reviewed)")
# A fenced block (closed by a fence at least as long, or by the end), or a code span that
# does not cross a blank line, as forges parse them.
_CODE = lazyre.compile(
    r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)"
    r"|(`+)(?:(?!\2)(?!\n[ \t]*\n).)+?\2",
    re.MULTILINE | re.DOTALL,
)
_COMMENT = lazyre.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# `@name`, `@org/team`, GitLab's `@all`: a zero-width joiner after `@` keeps the text
# readable while no forge sees a mention in it (and notifies nobody).
_MENTION = lazyre.compile(r"(?<![\w@/`.+-])@(?=[\w-])")


def _inert(text: str, mentions: bool) -> str:
    text = _COMMENT.sub("", text)
    text = text.replace("<", "&lt;")  # raw HTML (<img>, <details>, tracking pixels) stays text
    text = text.replace("![", "[")  # an image becomes a link: nothing loads by itself
    # A backtick left here pairs with none in this text, but could with one in the next
    # finding of the same comment and turn text made inert here back into raw text.
    text = text.replace("`", "\\`")
    return _MENTION.sub("@\u200d", text) if mentions else text


def neutralise(text: str, mentions: bool = True) -> str:
    """Model text made safe to post: no mentions (unless `mentions` is false: a file on
    disk notifies nobody), images, HTML or repoview markers.

    Code spans and fenced blocks are left as they are: forges render nothing inside them.
    """
    text = _TOKENS.sub("repoview\u200b:\\1", str(text))
    out, pos = [], 0
    for m in _CODE.finditer(text):
        out += [_inert(text[pos : m.start()], mentions), m.group(0)]
        fence = m.group(1)
        closing = rf"^ {{0,3}}{re.escape(fence or '')}[`~]*[ \t]*\Z"
        if fence and not re.search(closing, m.group(0), re.MULTILINE):
            out.append(f"\n{fence}")  # closed here, so it cannot swallow what follows
        pos = m.end()
    out.append(_inert(text[pos:], mentions))
    return "".join(out)
