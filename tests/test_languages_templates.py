"""A template of code, filled in when the project is configured, is in that code's language."""

from __future__ import annotations

from repoview.analyze.languages import detect_language


def test_a_configure_template_of_code_is_in_the_code_s_language() -> None:
    # (`version.c.in`, `init.lua.in`: CMake's configure_file and autoconf fill in @VAR@)
    assert detect_language("client.lua.in") == "Lua"
    assert detect_language("version.c.in") == "C"
    assert detect_language("setup.py.in") == "Python"
    assert detect_language("Makefile.in") != "C" and detect_language("setup.cfg.in") != "Python"


def test_views_and_templates_are_in_what_they_are_written_in() -> None:
    # Rails' XML builders and RABL's and Jbuilder's views are Ruby; Laravel's Blade
    # templates are no PHP code; Liquid is named as the others are.
    assert detect_language("index.xml.builder") == "Ruby"
    assert detect_language("Makefile.builder") != "Ruby"
    assert detect_language("show.rabl") == "Ruby"
    assert detect_language("show.json.jbuilder") == "Ruby"
    assert detect_language("welcome.blade.php") == "Blade"
    assert detect_language("Controller.php") == "PHP"
    assert detect_language("page.liquid") == "Liquid"
