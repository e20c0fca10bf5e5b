"""Python signatures: the lines between definitions still decide what is shown and where."""

from repoview.compress import signatures


def test_parameters_over_many_lines_are_all_shown() -> None:
    params = "".join(f"        p{i}=1,\n" for i in range(10))
    py = f"class A:\n    def configure(self,\n{params}    ):\n        pass\n    def b(self):\n"
    shown = ", ".join(f"p{i}=1" for i in range(10))
    assert signatures(py, "Python") == f"class A\n def configure({shown})\n def b()\n"


def test_definitions_inside_a_string_are_not_shown() -> None:
    py = (
        "def f():\n"
        '    """Usage:\n'
        "\n"
        "def not_a_function():\n"
        "    pass\n"
        '"""\n'
        "    return 1\n"
        'TEXT = """one""" + """two\n'
        "class NotAClass:\n"
        '"""\n'
        "def g(a):\n"
        "    pass\n"
        "x = '''\n"
        "def never_closed():\n"
    )
    assert signatures(py, "Python") == "def f()\ndef g(a)\n"


def test_a_docstring_at_the_margin_does_not_end_the_class() -> None:
    py = (
        "class A:\n"
        "    def f(self):\n"
        '        """Doc.\n'
        "More at the margin.\n"
        '        """\n'
        "# a comment at the margin\n"
        "\n"
        "    def g(self, x):\n"
        "        pass\n"
    )
    assert signatures(py, "Python") == "class A\n def f()\n def g(x)\n"


def test_code_less_indented_than_a_definition_ends_it() -> None:
    top = "class A:\n    def f(self):\n        pass\nif WINDOWS:\n    def g():\n        pass\n"
    assert signatures(top, "Python") == "class A\n def f()\ndef g()\n"
    nested = (
        "class A:\n"
        "    def f(self):\n"
        "        def inner():\n"
        "            pass\n"
        "    if WINDOWS:\n"
        "        def g(self):\n"
        "            pass\n"
    )
    assert signatures(nested, "Python") == "class A\n def f()\n  def inner()\n def g()\n"


def test_first_line_and_tab_indents() -> None:
    py = "class A:\n\tdef f(self, x):\n\t\tpass\n\tasync def g(self):\n\t\tpass\n"
    assert signatures(py, "Python") == "class A\n def f(x)\n async def g()\n"


def test_an_escaped_backslash_ends_a_one_line_string() -> None:
    py = 'def f():\n    x = \'\\\\\' + """\ndef hidden():\n"""\ndef g(a):\n    pass\n'
    assert signatures(py, "Python") == "def f()\ndef g(a)\n"
    c = 'const char *s = "a\\\\"; /* a note\nint hidden(int a);\n*/\nint g(int a) {\n}\n'
    assert signatures(c, "C") == "int g(int)\n"
