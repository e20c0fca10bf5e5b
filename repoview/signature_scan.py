"""Where a line of code leaves a string or a block comment open, and a definition's lines
joined into one up to where its brackets close. Shared by the signature scanners."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import lazyre

__all__ = [
    "JOIN_LINES",
    "PY_COMMENT",
    "SPACES",
    "c_code",
    "join_definition",
    "join_tail",
    "lines_after",
    "python_signature",
    "run_on",
    "still_open",
]

JOIN_LINES = 40  # a signature's parameters may run over this many lines
# Comments at the end of a line (not inside a string, as far as one line can tell).
PY_COMMENT = lazyre.compile(r"\s+#[^'\"]*$")
_COMMENT = lazyre.compile(r"\s+//[^'\"]*$|/\*[^'\"]*?\*/")
SPACES = lazyre.compile(r"\s+")
# C's comments, and the strings and character literals that may hold their markers: read from
# the left, a quote inside a comment (`/* 'x' rules */`, `// don't`) opens nothing.
_C_COMMENT = lazyre.compile(r"\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\]){1,8}'|/\*(?:.*?\*/|.*$)|//.*$")


def c_code(line: str) -> str:
    """A C line without its comments, one left open at the end of it too (it goes on below)."""
    return _c_code(line)[0] if "/" in line else line


def _c_code(line: str) -> tuple[str, bool]:
    """`c_code`, and whether a block comment is left open at the end of the line."""
    parts = []
    k = 0
    left_open = False
    for m in _C_COMMENT.finditer(line):
        token = m.group()
        if token[0] in "'\"":
            continue  # a literal: kept, with what looks like a comment inside it
        parts.append(line[k : m.start()])
        parts.append(" ")
        k = m.end()
        left_open = token.startswith("/*") and not (len(token) >= 4 and token.endswith("*/"))
    parts.append(line[k:])
    return "".join(parts), left_open


def _c_lines(lines: Iterable[str], left_open: bool) -> Iterator[str]:
    """C lines without their comments, a block comment followed from line to line
    (`bool *used, /* set when` then `the flag is read */`)."""
    for line in lines:
        if left_open:
            end = line.find("*/")
            if end < 0:
                yield ""
                continue
            line = " " + line[end + 2 :]
        code, left_open = _c_code(line) if "/" in line else (line, False)
        yield code


def lines_after(text: str, start: int) -> Iterator[str]:
    """The lines after the one starting at `text[start]`, up to JOIN_LINES of them."""
    end = text.find("\n", start)
    for _ in range(JOIN_LINES):
        if end < 0:
            return
        k = end + 1
        end = text.find("\n", k)
        yield text[k:] if end < 0 else text[k:end]


def still_open(line: str, quote: str | None, python: bool, long: str = "") -> str | None:
    """The string (Python) or block comment (braces) still open at the end of `line`; `long`,
    the quote of the language's strings that may run over lines (`"` in Rust, a backtick in
    JavaScript or Go; both of Dart's triple quotes, one after the other), when one is open at
    its end.

    Quotes on one line are followed too: a triple quote inside a one-line Python string, or
    `"src/**/*.ts"` in JavaScript, opens nothing. Called only for lines that hold an opener
    or the closer of what is open."""
    opener, line_comment = ("", "#") if python else ("/*", "//")
    marks = _PY_MARKS if python else _MARKS
    k = 0
    n = len(line)
    short = ""  # the quote of a one-line string we are in
    while k < n:
        if quote is not None:
            end = line.find(quote, k)
            if end < 0:
                return quote
            if len(quote) == 1 and _escaped(line, end):
                k = end + 1  # `\`` inside a template string (after a `${` over lines) ends nothing
                continue
            k, quote = end + len(quote), None
            continue
        # Characters that start or end nothing are stepped over by a search.
        m = (_SHORT_MARKS[short] if short else marks).search(line, k)
        if m is None:
            return short if short and short == long else None
        k = m.start()
        c = m.group()
        if short:
            if c == "\\":
                k += 2
                continue
            short = ""
        elif line.startswith(line_comment, k):
            return None
        elif c in "'\"`":
            if (python or c * 3 in long) and line.startswith(c * 3, k):
                quote, k = c * 3, k + 3
                continue
            if long == '"' and c == "'":  # Rust: a char literal, else a lifetime (`&'static`)
                lit = _RUST_CHAR.match(line, k)
                k = lit.end() if lit else k + 1
                continue
            raw = _RUST_RAW.search(line, 0, k + 1) if long == '"' and c == '"' else None
            if raw is not None and raw.end() == k + 1:  # r#"..."#: no escapes, "# closes it
                close = '"' + raw.group(1)
                end = line.find(close, k + 1)
                if end < 0:
                    return close
                k = end + len(close)
                continue
            short = c
        elif not python and line.startswith(opener, k):
            quote, k = "*/", k + 2
            continue
        elif c == "/" and long == "`" and (after := _regex_end(line, k)) is not None:
            k = after  # a JavaScript regular expression: its quotes open nothing
            continue
        k += 1
    return short if short and short == long else quote


# What a regular expression's `/` follows in JavaScript (a `/` after a value divides it)
_REGEX_AFTER = frozenset("=(,:[!&|?{};+-*%>~^")  # (not `<`: JSX closes a tag with `</`)
_REGEX_LONGEST = 1000  # (an unclosed `/` is looked past no further: long lines stay linear)
_REGEX_WORD = lazyre.compile(r"\b(?:return|typeof|case|in|of|new|delete|void|throw|yield|await)$")


def _regex_end(line: str, k: int) -> int | None:
    """Where a JavaScript regular expression opened by the `/` at `k` ends (after its closing
    `/`), or None: not one (a division), or not closed on the line."""
    # (what stands just before it, read over a few characters: a long line has many `/`)
    before = line[max(0, k - 12) : k].rstrip(" \t")
    if before:
        if before[-1] not in _REGEX_AFTER and not _REGEX_WORD.search(before):
            return None
        if before.endswith(("++", "--")):  # `n-- / 2`: a value, then a division
            return None
    elif k > 12 and line[:k].strip():
        return None
    in_class = False
    j = k + 1
    while j < min(len(line), k + _REGEX_LONGEST):
        ch = line[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            return j + 1 if j > k + 1 else None
        j += 1
    return None


_PY_MARKS = lazyre.compile(r"[#'\"`]")
_RUST_CHAR = lazyre.compile(r"'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'")
_RUST_RAW = lazyre.compile(r"\bb?r(#*)\"")
_MARKS = lazyre.compile(r"[/'\"`]")
_SHORT_MARKS = {q: lazyre.compile(rf"[\\{q}]") for q in "'\"`"}


def join_definition(lines: list[str], start: int, python: bool, c: bool = False) -> tuple[str, int]:
    """The definition starting at `lines[start]`, on one line, and the index after it; `c`
    when it is C's (or C++'s): its comments are then read as C reads them."""
    left_open = False
    if c:
        sig, left_open = _c_code(lines[start]) if "/" in lines[start] else (lines[start], False)
        sig = sig.strip()
    else:
        sig = _first_line(lines[start], python)
    if (
        not sig.endswith("<")
        and sig.count("(") <= sig.count(")")
        and (c or not _opens_type_list(sig))
    ):  # the common case: one line
        return (SPACES.sub(" ", sig) if "  " in sig or "\t" in sig else sig), start + 1
    following: Iterable[str] = lines[start + 1 : start + 1 + JOIN_LINES]
    if c:
        following = _c_lines(following, left_open)
    sig, used = run_on(sig, following, python)
    return sig, start + 1 + used


def join_tail(sig: str, lines: list[str], after: int, ends: tuple[str, ...]) -> tuple[str, int]:
    """`sig`, whose brackets are closed but which ends with one of `ends` (a Kotlin class's
    `) : Call.Factory,`, with its other parent types below; a Rust `type F =`, its type
    below), joined with the lines that finish it; and the index after the last one taken."""
    parts = [sig]
    depth = 0
    k = after
    while k < len(lines) and k - after < JOIN_LINES and (depth > 0 or parts[-1].endswith(ends)):
        part = _first_line(lines[k], False)
        k += 1
        if not part:
            continue
        parts.append(part)
        depth += _opened(part)
    return SPACES.sub(" ", " ".join(parts)), k


def _opened(part: str) -> int:
    """How many brackets `part` leaves open (round, square and angle: a type's generics may
    run over lines; `->` and `=>` are arrows, not closers)."""
    part = part.replace("->", "").replace("=>", "")
    return sum(part.count(o) - part.count(c) for o, c in ("()", "[]", "<>"))


def _first_line(line: str, python: bool) -> str:
    """A definition's line without its comment."""
    if ("#" if python else "/") in line:
        line = (PY_COMMENT if python else _COMMENT).sub("", line)
    return line.strip()


def run_on(sig: str, following: Iterable[str], python: bool) -> tuple[str, int]:
    """`sig`, a first line that leaves brackets open, joined with the lines `following` it (at
    most JOIN_LINES) up to the one that closes them; and how many of those it took."""
    parts = [sig]
    # Type parameters over several lines, closed by a line `> ...` (or one that ends them,
    # `B,> {`, when the first is on the definition's line: `class Pair<A,`).
    if sig.endswith("<") or _opens_type_list(sig):
        following = list(following)
        depth = _angles(sig)
        taken = 0
        for line in following:
            taken += 1
            part = _first_line(line, python)  # (a parameter's comment: `RorO, // Response`)
            if not part:
                continue
            parts.append(part)
            depth += _angles(parts[-1])
            closes = parts[-1].startswith(">") and not parts[-1].endswith(",")
            if closes or depth <= 0:
                # (a return type's `<` closes on a line of its own: `Is...>;`; a `>,` closes a
                # parameter's default, `= Map<` over lines, and the list goes on)
                break
        joined = SPACES.sub(" ", " ".join(parts)).replace("< ", "<")
        if " >" in joined:  # `Map<` then `T` then `>` read `Map<T>`
            joined = _CLOSE_ON_LINE.sub(">", joined)
        if joined.count("(") > joined.count(")") and not joined.endswith("<"):
            # `>(`: the parameters follow, over lines
            joined, used = _join_parens(joined, following[taken:], python)
            taken += used
        return joined, taken
    return _join_parens(sig, following, python)


# The space joining leaves before a `>` that opened a line (not `a >= b` or `>>`, nor the
# arrow `=>`), and the list's trailing comma before it: `<A, B, >` reads `<A, B>`.
_CLOSE_ON_LINE = lazyre.compile(r"(?<=[^,\s]),? >(?![=>])")


def _opens_type_list(sig: str) -> bool:
    """Whether `sig` ends inside a `<` list it opened after a name, after a comma (`class
    Pair<A,`), its parentheses closed: not a comparison, `x = a < b,`."""
    if not sig.endswith(",") or "<" not in sig or sig.count("(") > sig.count(")"):
        return False
    depth = 0
    for i in range(len(sig) - 1, 0, -1):
        if sig[i] == ">" and sig[i - 1] not in "-=":
            depth += 1
        elif sig[i] == "<":
            if depth == 0:
                return sig[i - 1].isalnum() or sig[i - 1] in "_$"
            depth -= 1
    return False


def _angles(part: str) -> int:
    """How many more `<` than `>` `part` holds, arrows (`->`, `=>`) aside."""
    if "->" in part or "=>" in part:
        part = part.replace("->", "").replace("=>", "")
    return part.count("<") - part.count(">")


def _join_parens(sig: str, following: Iterable[str], python: bool) -> tuple[str, int]:
    """`run_on` for parentheses: lines joined until those `sig` opens close."""
    parts = [sig]
    depth = sig.count("(") - sig.count(")")
    used = 0
    for line in following:
        used += 1
        part = _first_line(line, python)
        if not python and part.startswith("#") and not part.startswith("#["):
            # `#ifdef DEBUGBUILD` between parameters: not part of the signature (a PHP or
            # Rust attribute, `#[\SensitiveParameter] $password,`, holds a parameter)
            continue
        if part.startswith(")"):  # (and the list's trailing comma: `(a, b, )` reads `(a, b)`)
            parts[-1] = parts[-1].removesuffix(",") + part
        else:
            parts.append(part)
        depth += part.count("(") - part.count(")")
        if depth <= 0:
            break
    return SPACES.sub(" ", " ".join(parts)).replace(" ,", ","), used


# What can open or close something in a Python signature: strings, comments, brackets, and
# the colon that ends it.
_PY_SIG_MARK = lazyre.compile(r"\"\"\"|'''|[\"'#()\[\]{}:\n]")


_PY_SIG_LINES = 2000


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd run of backslashes."""
    k = at
    while k > 0 and text[k - 1] == "\\":
        k -= 1
    return (at - k) % 2 == 1


def python_signature(text: str, start: int) -> tuple[str, int] | None:
    """The definition whose line starts at `text[start]`, on one line, and where the line
    after its closing `:` starts; None when it does not close.

    Followed character by character as Python reads it: the brackets of parameter lists and
    annotations of any length, strings (a triple-quoted one, such as a parameter's
    documentation, shows as `""`), comments. `run_on` counts brackets line by line, which
    is enough for most definitions but not for one whose parameters hold text."""
    parts: list[str] = []
    depth = 0
    k = start
    n = len(text)
    lines = 0  # a signature this long is broken text, not code: the line-by-line join decides
    while lines < _PY_SIG_LINES:
        m = _PY_SIG_MARK.search(text, k)
        if m is None:
            return None
        mark = m.group()
        parts.append(text[k : m.start()])
        k = m.end()
        if mark in ('"""', "'''"):
            end = text.find(mark, k)
            while end > 0 and _escaped(text, end):
                end = text.find(mark, end + 1)
            if end < 0:
                return None
            parts.append('""')
            k = end + 3
        elif mark in "\"'":
            j = k
            while True:
                end = text.find(mark, j)
                line_end = text.find("\n", j)
                if end < 0 or (0 <= line_end < end):
                    return None  # a string that does not close on its line
                if _escaped(text, end):
                    j = end + 1
                    continue
                break
            parts.append(text[m.start() : end + 1])
            k = end + 1
        elif mark == "#":
            line_end = text.find("\n", k)
            k = n if line_end < 0 else line_end
        elif mark in "([{":
            depth += 1
            parts.append(mark)
        elif mark in ")]}":
            depth -= 1
            parts.append(mark)
        elif mark == ":" and depth <= 0:
            parts.append(":")
            line_end = text.find("\n", k)
            return SPACES.sub(" ", "".join(parts)).strip(), (n if line_end < 0 else line_end) + 1
        elif mark == "\n":
            if depth <= 0:
                return None  # a line ended outside brackets with no colon: not a definition
            lines += 1
            parts.append(" ")
        else:
            parts.append(mark)
    return None
