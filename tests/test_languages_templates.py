"""A template of code, filled in when the project is configured, is in that code's language."""

from __future__ import annotations

from repoview.analyze.languages import detect_language


def test_a_configure_template_of_code_is_in_the_code_s_language() -> None:
    # (`version.c.in`, `init.lua.in`: CMake's configure_file and autoconf fill in @VAR@)
    assert detect_language("client.lua.in") == "Lua"
    assert detect_language("version.c.in") == "C"
    assert detect_language("setup.py.in") == "Python"
    assert detect_language("Makefile.in") != "C" and detect_language("setup.cfg.in") != "Python"
