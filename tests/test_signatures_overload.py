"""Python signatures: a function with `@overload` stubs shows its implementation's parameters,
and only a method's first parameter is taken for its receiver."""

from repoview.compress import signatures

_OVERLOADED = (
    "from typing import overload, Any\n"
    "import typing\n"
    "import typing as t\n"
    "\n"
    "\n"
    "@overload\n"
    "def convert(a: int, *, strict: bool = False) -> int: ...\n"
    "@typing.overload\n"
    "def convert(a: Any, *, strict: bool = False) -> object: ...\n"
    "\n"
    "def convert(a, locals=None, strict=False, rational=False, evaluate=None):\n"
    '    """Convert a value."""\n'
    "    return a\n"
    "\n"
    "\n"
    "class Matrix:\n"
    "    @t.overload\n"
    "    def __getitem__(self, key: int) -> int: ...\n"
    "    @t.overload\n"
    "    def __getitem__(self, key: slice) -> list: ...\n"
    "    def __getitem__(self, key):\n"
    "        return key\n"
    "\n"
    "    @overload\n"
    "    @staticmethod\n"
    "    def make(rows: int) -> 'Matrix': ...\n"
    "    @overload\n"
    "    @staticmethod\n"
    "    def make(rows: int, cols: int) -> 'Matrix': ...\n"
    "    @staticmethod\n"
    "    def make(rows, cols=None):\n"
    "        return Matrix()\n"
    "\n"
    "    @property\n"
    "    def size(self):\n"
    "        return 1\n"
    "\n"
    "    @size.setter\n"
    "    def size(self, value):\n"
    "        pass\n"
)


def test_the_implementation_after_overload_stubs_is_shown() -> None:
    assert signatures(_OVERLOADED, "Python") == (
        "def convert(a, locals=None, strict=False, rational=False, evaluate=None)\n"
        "class Matrix\n"
        " def __getitem__(key)\n"
        " @staticmethod def make(rows, cols=None)\n"
        " @property def size()\n"
    )


def test_overload_stubs_without_an_implementation_show_the_first() -> None:
    stubs = (
        "from typing import overload\n"
        "@overload\n"
        "def parse(data: str) -> int: ...\n"
        "@overload\n"
        "def parse(data: bytes, encoding: str) -> int: ...\n"
        "def other(x): ...\n"
    )
    assert signatures(stubs, "Python") == "def parse(data)\ndef other(x)\n"


def test_only_a_methods_first_parameter_is_its_receiver() -> None:
    py = (
        "class Registry:\n"
        "    def register(self, cls):\n"
        "        setattr(self, cls.__name__, cls)\n"
        "\n"
        "    def add(self, cls, name):\n"
        "        setattr(self, name, cls)\n"
        "\n"
        "    def typed(self, cls: type, /, name: str = 'x'):\n"
        "        pass\n"
        "\n"
        "    @staticmethod\n"
        "    def check(cls, other):\n"
        "        return cls is other\n"
        "\n"
        "    @classmethod\n"
        "    def make(cls, name):\n"
        "        return cls()\n"
        "\n"
        "    def __new__(cls, *args):\n"
        "        return super().__new__(cls)\n"
        "\n"
        "    def keyed(self, /, key):\n"
        "        pass\n"
    )
    assert signatures(py, "Python") == (
        "class Registry\n"
        " def register(cls)\n"
        " def add(cls, name)\n"
        " def typed(cls, /, name='x')\n"
        " @staticmethod def check(cls, other)\n"
        " @classmethod def make(name)\n"
        " def __new__(*args)\n"
        " def keyed(key)\n"
    )


def test_a_function_nested_in_a_method_keeps_its_self() -> None:
    # A wrapper is called with the instance: `self` is one of its parameters, not a receiver.
    py = (
        "class Meta(type):\n"
        "    def __init__(cls, name, bases, ns):\n"
        "        def wrapper(self, *args):\n"
        "            return self\n"
        "        cls.wrapper = wrapper\n"
    )
    assert signatures(py, "Python") == (
        "class Meta(type)\n def __init__(name, bases, ns)\n  def wrapper(self, *args)\n"
    )
