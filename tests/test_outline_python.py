"""Python outlines: what a long block statement, bracket or attribute docstring is cut to."""

from __future__ import annotations

import ast

from repoview.compress import compress


def _outline(text: str) -> str:
    outline = compress(text, "Python")
    ast.parse(outline)  # an outline of Python that parses is still Python
    return outline


def test_a_long_literal_under_a_condition_keeps_the_class_after_it() -> None:
    names = "".join(f'        "option_{i}",\n' for i in range(50))
    text = (
        "from typing import TYPE_CHECKING, Literal, TypedDict\n\n"
        "if TYPE_CHECKING:\n"
        "    Options = Literal[\n" + names + "    ]\n\n"
        "    class Settings(TypedDict):\n        option_1: bool\n        option_2: int\n"
    )
    outline = _outline(text)
    assert "class Settings(TypedDict):" in outline and "option_2: int" in outline
    assert outline.count('"option_') < 5


def test_a_loop_over_a_long_list_keeps_its_body_and_what_follows() -> None:
    ops = "".join(f"    operator.op{i},\n" for i in range(25))
    text = (
        "import operator\n\nfor op in [\n" + ops + "]:\n"
        "    setattr(Array, op.__name__, op)\n\n\nclass Array:\n    size = 0\n"
    )
    outline = _outline(text)
    assert "setattr(Array, op.__name__, op)" in outline and "class Array:" in outline
    assert outline.count("operator.op") < 5


def test_a_long_try_keeps_its_except_and_the_class_defined_there() -> None:
    text = (
        "try:\n    with warnings.catch_warnings():\n        if (\n            ready()\n"
        + "            or not check()\n" * 16
        + "        ):\n            raise TypeError('no')\n"
        + "        divide = np.divide\n" * 10
        + "except TypeError:\n    divide = None\n\n"
        "    class Status:\n        OK = 0\n        FAIL = 1\n"
    )
    outline = _outline(text)
    assert "except TypeError:" in outline and "class Status:" in outline and "FAIL = 1" in outline
    assert outline.count("divide = np.divide") < 3


def test_a_script_block_cut_to_its_first_lines_still_parses() -> None:
    text = (
        "import sys\n\nif __name__ == '__main__':\n    for arg in sys.argv:\n"
        + "        print(arg)\n" * 40
        + "    try:\n        main()\n    finally:\n        sys.exit(0)\n"
    )
    outline = _outline(text)
    assert "for arg in sys.argv:" in outline and outline.count("print(arg)") < 4


def test_a_long_annotated_constant_is_cut_in_each_of_its_brackets() -> None:
    text = (
        "lookup: dict[\n    str,\n    Tuple[\n"
        + "        int,\n" * 8
        + "    ],\n] = dict(\n"
        + "    a=(1, 2),\n" * 40
        + ")\n"
    )
    outline = _outline(text)
    assert outline.startswith("lookup: dict[") and outline.count("a=(1, 2)") < 3


def test_an_attribute_docstring_keeps_its_first_paragraph() -> None:
    text = (
        "class Collection:\n    optimize: Any\n"
        '    """Given a graph and keys, return a new optimized graph.\n\n'
        + "    Parameters\n    ----------\n    dsk : Graph\n        The merged graphs.\n" * 5
        + '    """\n\n    def method(self) -> int:\n        return 1\n'
    )
    outline = _outline(text)
    assert "return a new optimized graph." in outline and "Parameters" not in outline
    assert "optimize: Any" in outline and "def method(self) -> int:" in outline


def test_a_parameters_documentation_string_is_cut_to_its_first_line() -> None:
    doc = "\n".join(
        f"                Line {i} of what the path is, for the reader." for i in range(6)
    )
    src = (
        "def get(\n    self,\n    path: Annotated[\n        str,\n        Doc(\n"
        f'            """\n{doc}\n            """\n        ),\n    ],\n'
        '    name: str = "short",\n'
        '    summary: str = Field(description="' + "a long description " * 8 + '"),\n'
        ") -> None:\n    return route(path)\n"
    )
    outline = compress(src, "Python")
    assert '"""Line 0 of what the path is, for the reader.…"""' in outline
    assert "Line 1 of" not in outline
    assert 'name: str = "short"' in outline  # (a short string stays whole)
    assert (
        'Field(description="a long description a long description a long description a' in outline
    )
