"""Decoding file bytes: plain ASCII takes a short path that must agree with the general one."""

from __future__ import annotations

import pytest

from repoview.textdecode import decode, fact_of


@pytest.mark.parametrize(
    ("data", "text", "controls"),
    [
        (b"x = 1\r\ny = 2\r\n", "x = 1\ny = 2\n", False),
        (b"old mac\rline\n", "old mac\nline\n", False),
        (b"bell \x07 here\n", "bell \x07 here\n", True),
        (b"tab\tand form feed\x0c\n", "tab\tand form feed\x0c\n", True),
        (b"caf\xc3\xa9\r\n", "caf\u00e9\n", False),  # the same rules once past ASCII
        (b"caf\xc3\xa9 \x1b[0m\n", "caf\u00e9 \x1b[0m\n", True),
        (b"not a char \xef\xbf\xbe\n", "not a char \ufffe\n", True),
    ],
)
def test_text_newlines_and_controls(data: bytes, text: str, controls: bool) -> None:
    got = decode(data)
    assert (got.text, got.controls, got.note) == (text, controls, "")


def test_nul_bytes_mean_binary_even_when_ascii() -> None:
    got = decode(b"GIF89a\x00\x01\x02")
    assert got.text is None and got.note == "binary content"


def test_invalid_utf8_is_replaced_and_said() -> None:
    # Valid UTF-8 around a stray byte: the file is UTF-8, the byte is what is wrong.
    got = decode("caf\u00e9 \xff def\n".encode().replace(b"\xc3\xbf", b"\xff"))
    assert got.text == "caf\u00e9 \ufffd def\n"
    assert got.note == "invalid UTF-8: 1 character(s) replaced with U+FFFD"


@pytest.mark.parametrize(
    ("data", "text", "codec"),
    [
        ("Straße über Größe\n".encode("latin-1"), "Straße über Größe\n", "Windows-1252"),
        (b"\x93quoted\x94 \x80 5\r\n", "\u201cquoted\u201d \u20ac 5\n", "Windows-1252"),
        # 0x81: undefined in Windows-1252
        (b"caf\xe9 cr\xe8me \x81\n", "café crème \x81\n", "Latin-1"),
    ],
)
def test_a_legacy_single_byte_file_reads_as_written(data: bytes, text: str, codec: str) -> None:
    got = decode(data)
    assert got.text == text and got.note == f"not UTF-8: decoded as {codec}"
    assert fact_of(data, got, generated=False) is None  # the cache does not take it as UTF-8


def test_a_source_file_is_read_in_the_encoding_its_first_lines_name() -> None:
    data = "#!python\r\n# -*- coding: windows-1251 -*-\r\nX = 'Х'\r\n".encode("cp1251")
    got = decode(data)
    assert got.text == "#!python\n# -*- coding: windows-1251 -*-\nX = 'Х'\n"
    assert got.note == "not UTF-8: decoded as windows-1251"
    # A name Python has no codec for: the bytes are judged as if it were not there.
    assert decode(b"# coding: no-such\nx = '\xe9'\n").text == "# coding: no-such\nx = 'é'\n"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ('scriptencoding koi8-r\n" Меню\nmenu Файл.Открыть :e\n', "koi8-r"),  # Vim
        ("// -*- coding: koi8-r -*-\nvar s = 'Привет мир';\n", "koi8-r"),
        (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=cp1251\\n"\n\nmsgstr "Файл"\n',
            "cp1251",
        ),
        (
            'msgid ""\n"Content-Type: text/plain; charset=shift_jis\\n"\nmsgstr "ファイルを開く"\n',
            "shift_jis",
        ),
        ('msgid ""\n"Content-Type: text/plain; charset=gb936\\n"\nmsgstr "打开文件"\n', "gbk"),
        ('<?xml version="1.0" encoding="euc-jp"?>\n<a>日本語のテキスト</a>\n', "euc-jp"),
        ('<html><head><meta charset="koi8-r"></head><body>Привет мир</body></html>\n', "koi8-r"),
    ],
)
def test_a_file_is_read_in_the_encoding_it_names_in_its_own_syntax(text: str, codec: str) -> None:
    got = decode(text.encode(codec))
    assert got.text == text
    assert got.note.startswith("not UTF-8: decoded as ")


def test_a_latin_1_label_reads_as_windows_1252_and_an_emacs_suffix_is_dropped() -> None:
    # (browsers read a Latin-1 label as Windows-1252: its curly quotes are no controls)
    page = '<html><meta charset="iso-8859-1"><p>\u201cQuoted\u201d, it\u2019s caf\u00e9</p>\n'
    got = decode(page.encode("cp1252"))
    assert got.text == page and not got.controls
    emacs = "// -*- coding: koi8-r-unix -*-\nvar s = 'Привет мир';\n"
    assert decode(emacs.encode("koi8-r")).text == emacs


def test_text_in_a_multibyte_encoding_it_does_not_name_is_binary() -> None:
    got = decode(("日本語のテキスト" * 40).encode("shift_jis"))
    assert (
        got.text is None and got.note == "binary content (not UTF-8, nor in an encoding it names)"
    )


@pytest.mark.parametrize(
    "cookie",
    [b"undefined", b"utf-16", b"unicode_escape", b"raw_unicode_escape", b"rot13", b"no-such"],
)
def test_a_cookie_naming_no_ascii_text_codec_is_not_trusted(cookie: bytes) -> None:
    got = decode(b"# coding: " + cookie + b'\nx = "\\n \\u0041 caf\xe9"\n')
    assert got.text == "# coding: " + cookie.decode() + '\nx = "\\n \\u0041 café"\n'


def test_control_characters_of_a_file_read_by_its_cookie_are_known() -> None:
    # XML cannot carry a form feed: the renderer escapes what `controls` says is there.
    assert decode(b"# coding: latin-1\n\x0c caf\xe9\n").controls


def test_cyrillic_in_a_legacy_encoding_is_not_read_as_windows_1252() -> None:
    got = decode("Привет мир, это тест\n".encode("cp1251"))
    assert got.text is not None and "\ufffd" in got.text and "invalid UTF-8" in got.note


@pytest.mark.parametrize("data", [b"\x1b[1m\xe9\n", bytes(range(0x80, 0x100)) * 4])
def test_control_bytes_or_mostly_high_bytes_are_not_legacy_text(data: bytes) -> None:
    got = decode(data)
    assert got.text is None or "\ufffd" in got.text


@pytest.mark.parametrize("data", [b"x = 1\n", b"caf\xc3\xa9\nno newline at end", b"a\x07\n", b""])
def test_a_remembered_fact_decodes_the_same(data: bytes) -> None:
    fresh = decode(data)
    fact = fact_of(data, fresh, generated=False)
    assert fact is not None
    again = decode(data, fact)
    assert (again.text, again.controls, again.note) == (fresh.text, fresh.controls, "")
    text = fresh.text or ""
    assert again.lines == text.count("\n") + (1 if text and not text.endswith("\n") else 0)


@pytest.mark.parametrize("data", [b"a\r\nb\r\n", b"\xef\xbb\xbfbom\n", b"bad \xff\n", b"\x00bin"])
def test_no_fact_for_bytes_that_decoding_changes(data: bytes) -> None:
    assert fact_of(data, decode(data), generated=False) is None


@pytest.mark.parametrize("fact", ["0,1,0", "not a fact", "1,x,0"])
def test_a_fact_that_does_not_fit_is_not_trusted(fact: str) -> None:
    data = b"caf\xe9 latin-1\n" if fact == "0,1,0" else b"plain\r\n"
    assert decode(data, fact) == decode(data)
