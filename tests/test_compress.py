"""The cheaper tiers of a file: signatures (a repository map) and outlines."""

from __future__ import annotations

import ast

import pytest

from repoview.compress import compress, signatures
from repoview.tokens import TokenCounter


def count(text: str) -> int:
    return TokenCounter("o200k_base").count(text)


PYTHON = '''"""A module.

Example::

    def not_a_definition(x):
        return x
"""

import os


class Engine(Base, metaclass=Meta):
    """An engine.

    class AlsoNotADefinition:
    """

    def connect(
        self,
        url: Optional[str] = None,  # where to
        *args: Any,
        timeout: float = 30.0,
        options: Dict[str, Tuple[int, ...]] = {"long": (1, 2, 3), "default": (4, 5)},
        **kw: Any,
    ) -> Connection:
        def retry(attempt: int) -> None:
            return None

        return Connection(url)

    @property
    def name(self) -> str:
        return "engine"

    @name.setter
    def name(self, value: str) -> None:
        self._name = value


if TYPE_CHECKING:

    def typed(a: int) -> None: ...


@overload
def make(a: int) -> int: ...
@overload
def make(a: str) -> str: ...
def make(a):
    return a


async def run():
    pass
'''


def test_python_signatures_name_each_definition_and_its_parameters() -> None:
    assert signatures(PYTHON, "Python") == (
        "class Engine(Base, metaclass=Meta)\n"
        " def connect(url=None, *args, timeout=30.0, options=…, **kw)\n"
        "  def retry(attempt)\n"
        " @property def name()\n"
        "def typed(a)\n"
        "def make(a)\n"
        "async def run()\n"
    )


def test_signatures_cost_a_fraction_of_the_definition_lines_as_written() -> None:
    module = "".join(
        f"class Service{i}(Base):\n"
        f'    """Service {i}."""\n\n'
        + "".join(
            f"    def method_{j}(\n        self,\n        session: Optional[Session] = None,\n"
            f"        *,\n        limit: int = 10,\n    ) -> List[Dict[str, Any]]:\n"
            f"        return []\n\n"
            for j in range(10)
        )
        for i in range(10)
    )
    lines = signatures(module, "Python").splitlines()
    assert len(lines) == 110 and lines[1] == " def method_0(session=None, *, limit=10)"
    # The definitions as written: the module without its bodies and docstrings.
    as_written = "".join(
        line for line in module.splitlines(True) if "return []" not in line and '"""' not in line
    )
    assert count("\n".join(lines)) < count(as_written) / 2


def test_c_signatures_keep_types_and_show_each_definition_once() -> None:
    c = (
        "#ifndef API_H\n#define API_H\n"
        "#define MAX 10 /* the most */\n"
        "#define FLAGS (FLAG_ONE | FLAG_TWO | FLAG_THREE | FLAG_FOUR)\n"
        "#define SQUARE(x) ((x) * (x))\n"
        "struct later;\n"
        "/* int commented_out(int a);\n * struct gone {\n */\n"
        "typedef struct {\n    int x;\n} point;\n"
        "typedef enum state {\n    ON, OFF\n} state_t;\n"
        "struct node { int v; };\n"
        "static int helper(int a);\n"
        "int add(int a,\n        int b)\n{\n    return a + b;\n}\n"
        "static int helper(int a) {\n    return a;\n}\n"
        "static int counter;\n"
        "API void *(*Api_Alloc)(size_t bytes) API_ATTR;\n"
        "int parse(unsigned int, const char *, struct tag, size_t len);\n"
        "#endif\n"
    )
    assert signatures(c, "C") == (
        "#define SQUARE(x)\n"
        "typedef struct point\n"
        "typedef enum state state_t\n"
        "struct node\n"
        "static int helper(int)\n"
        "int add(int, int)\n"
        "API void *(*Api_Alloc)(size_t)\n"
        "int parse(unsigned int, const char *, struct tag, size_t)\n"
    )


def test_rust_go_and_typescript_signatures() -> None:
    rust = (
        "pub struct Cache<K, V> {\n    map: HashMap<K, V>,\n}\n\n"
        "impl<K: Hash, V> Cache<K, V> where K: Eq {\n"
        "    pub fn new(mut capacity: usize) -> Self {\n        todo!()\n    }\n\n"
        "    pub(crate) async fn get<'a>(&'a self, key: &K, f: impl Fn(u8) -> u8) -> Option<&'a V> {\n"
        "        None\n    }\n}\n"
    )
    assert signatures(rust, "Rust") == (
        "pub struct Cache<K, V>\nimpl<K: Hash, V> Cache<K, V>\n pub fn new(capacity) -> Self\n"
        " pub(crate) async fn get(&self, key, f)\n"  # (a long return type: the outline's)
    )
    go = (
        "package m\n\nfunc (r *Reader) Read(p []byte, a, b int, opts ...Option) (int, error) {\n"
        "\treturn 0, nil\n}\n"
    )
    assert signatures(go, "Go") == "func (r *Reader) Read(p, a, b, opts) (int, error)\n"
    ts = (
        "import {\n  type Issue,\n  type Ctx,\n} from './types';\n"
        "/**\n * function notADefinition(a) {}\n */\n"
        "export function parse<T>(data: unknown, params?: Partial<Params>): T {\n  return x;\n}\n"
        "export interface Options extends Base {\n  strict: boolean;\n  check(v: T): boolean;\n}\n"
        "export const uuid = (version?: number): RegExp => {\n"
        "  const local = (a: number) => a;\n  return re;\n};\n"
        "export const LIMIT = Math.max(1, 2);\n"
        "export class Schema<T> extends Base {\n"
        "  constructor(def: Def) {\n    super(def);\n    if (def) {\n      run(def);\n    }\n  }\n"
        "  get description(): string {\n    return this._d;\n  }\n"
        "  async parseAsync(data: unknown, params?: Params): Promise<T> {\n"
        "    return await this.run(data);\n  }\n}\n"
        "module.exports = parse;\n"
    )
    assert signatures(ts, "TypeScript") == (
        "export function parse<T>(data, params?): T\n"
        "export interface Options extends Base\n"
        " strict: boolean\n"
        " check(v): boolean\n"
        "export const uuid = (version?) =>\n"
        "export const LIMIT\n"  # (exported: what other modules import, as a function)
        "export class Schema<T> extends Base\n"
        " constructor(def)\n"
        " get description(): string\n"
        " async parseAsync(data, params?): Promise<T>\n"
    )


def test_prose_signatures_are_its_headings_and_data_has_none() -> None:
    assert signatures("a,b\n1,2\n", "CSV") == ""
    rst = "=====\nTitle\n=====\n\nSection\n-------\nSome text.\n"
    assert signatures(rst, "reStructuredText") == "Title\nSection\n"
    assert signatures("# Top\n\ntext\n\n## Usage\n", "Markdown") == "# Top\n## Usage\n"


def test_outline_is_richer_than_signatures() -> None:
    outline = compress(PYTHON, "Python")
    assert "timeout: float = 30.0" in outline and "An engine." in outline
    assert "return Connection(url)" not in outline


HEADER = (
    "/* Copyright (c) the authors.\n * Licensed under the terms in COPYING.\n"
    + " * More licence words.\n" * 20
    + " */\n\n#ifndef SERVER_H\n#define SERVER_H\n\n"
    + "".join(
        f"/* Flags of kind {i}: what a client may do.\n * Longer explanation of the flags.\n */\n"
        f"#define FLAG_{i} (1<<{i}) /* the {i}th flag, set by the parser */\n"
        for i in range(20)
    )
    + "\n/* A client: one connection and its state.\n * It lives until it disconnects. */\n"
    "typedef struct client {\n"
    + "".join(
        f"    /* field group {i} */\n    long field_{i}; /* what field {i} counts, in bytes */\n"
        for i in range(30)
    )
    + "} client;\n\n"
    + "".join(
        f"// Handler {i}.\n// Called from the event loop.\nvoid handler_{i}(client *c);\n"
        for i in range(40)
    )
    + "static inline int twice(int a) {\n    int b = a * 2;\n    return b;\n}\n#endif\n"
)


def test_c_header_outline_keeps_declarations_and_saves_a_third() -> None:
    out = compress(HEADER, "C")
    for kept in (
        "#define FLAG_19 (1<<19)",
        "    long field_29;",
        "} client;",
        "void handler_39(client *c);",
        "static inline int twice(int a)",
        "/* A client: one connection and its state. */",
        "/* Flags of kind 0: what a client may do. */",
        "// Handler 0.",
        "#endif",
    ):
        assert kept in out
    for gone in ("More licence words", "Longer explanation", "what field", "Called from", "b = a"):
        assert gone not in out
    assert count(out) <= count(HEADER) * 2 / 3
    assert count(signatures(HEADER, "C")) < count(out) / 2


def test_rust_and_typescript_outlines_keep_the_first_paragraph_of_doc_comments() -> None:
    rust = (
        "/// A counting semaphore.\n///\n/// # Examples\n///\n/// ```\n"
        + "/// let s = Semaphore::new(3);\n" * 10
        + "/// ```\npub struct Semaphore {\n    permits: usize,\n}\n\nimpl Semaphore {\n"
        "    /// Acquires a permit.\n    ///\n    /// Waits until one is free.\n"
        "    pub fn acquire(&self) -> Permit {\n        let p = self.take();\n        p\n    }\n}\n"
    )
    rust += (
        "cfg_rt! {\n"
        + "".join(
            f"    /// Spawns task {i}.\n    pub fn spawn_{i}(f: F) -> Handle {{\n"
            "        let h = Handle::new(f);\n        h\n    }\n"
            for i in range(4)
        )
        + "}\n"
    )
    out = compress(rust, "Rust")
    assert "pub fn spawn_3(f: F) -> Handle" in out and "Handle::new(f)" not in out
    for kept in (
        "/// A counting semaphore.",
        "pub struct Semaphore {",
        "permits: usize,",
        "/// Acquires a permit.",
        "pub fn acquire(&self) -> Permit",
    ):
        assert kept in out
    for gone in ("Examples", "Semaphore::new(3)", "Waits until", "self.take()"):
        assert gone not in out
    ts = (
        "/**\n * Parses a value.\n *\n * @example\n"
        + " * parse(1);\n" * 10
        + " */\nexport function parse(v: unknown): number {\n  const n = Number(v);\n  return n;\n}\n"
    )
    out = compress(ts, "TypeScript")
    assert "Parses a value." in out and "export function parse(v: unknown): number" in out
    assert out.startswith("/**\n * Parses a value.\n */\n")
    assert "@example" not in out and "const n" not in out


def test_javascript_outline_keeps_the_jsdoc_types_of_a_documented_function() -> None:
    doc = (
        "/**\n * Add two numbers.\n *\n * More about adding, cut from the outline.\n *\n"
        " * @template T\n * @param {number} a first\n"
        " * @param {Record<string, T>} [b] - what to add to it, a description too long to keep\n"
        " * @param c untyped, so no type to keep\n * @private\n"
        " * @example\n * add(1, 2);\n * @returns {{\n *   sum: number,\n * }} the sum\n */\n"
    )
    body = "export function add(a, b, c) {\n  const sum = a + b;\n  return { sum };\n}\n"
    out = compress(doc + body, "JavaScript")
    assert out == (
        "/**\n * Add two numbers.\n * @template T\n * @param {number} a first\n"
        " * @param {Record<string, T>} [b]\n * @private\n"
        " * @returns {{\n *   sum: number,\n * }} the sum\n */\n"
        "export function add(a, b, c) { /* ... */ }\n"
    )
    crlf = (doc + body).replace("\n", "\r\n")  # a shortened tag keeps its line's ending
    assert compress(crlf, "JavaScript") == out.replace("\n", "\r\n")
    # A block that is all tags is kept whole, however long; TypeScript has its types in
    # its signatures and keeps the first paragraph only.
    tags = "/**\n" + "".join(f" * @param {{string}} p{i}\n" for i in range(9)) + " */\n"
    assert compress(tags + body, "JavaScript").startswith(tags)
    ts = compress(
        doc + body.replace("(a, b, c)", "(a: number, b: number, c: number)"), "TypeScript"
    )
    assert ts.startswith("/**\n * Add two numbers.\n */\nexport function add(a: number")


def test_tiers_of_broken_or_odd_sources_are_still_text() -> None:
    odd = [
        ("Rust", "cfg_rt! {\n" + "    fn broken( {\n" * 30),
        ("Rust", "macro_rules! m {\n" + "    () => {{ fn x() {} }};\n" * 20 + "}\n"),
        ("TypeScript", "export class A {\n" + "  m(a: {b: (c) => void}\n" * 50),
        ("C", "/* never closed\n" + "int f(int a);\n" * 30),
        ("C++", "template <typename T>\nclass A : public B<T> {\n  int f(int a) const;\n};\n"),
        ("Python", 'def f(a=""""""):\n    """\n' + "def g():\n" * 40),
        ("Go", "func (" * 200),
    ]
    for language, text in odd:
        assert isinstance(compress(text, language), str)
        assert isinstance(signatures(text, language), str)
    # a comment that never closes hides what follows, rather than listing it
    assert "int f" not in signatures(odd[3][1], "C")


def test_java_and_kotlin_signatures_list_methods_under_their_class() -> None:
    java = (
        "package a;\n\npublic class Cache<T> extends Base {\n"
        "    private final Map<String, T> items = new HashMap<>();\n\n"
        "    public Cache(int size) {\n        super(size);\n        init();\n    }\n\n"
        "    @Override\n"
        "    public static <K> List<K> keys(Map<K, T> map, final int limit) throws IOException {\n"
        "        return new ArrayList<>(map.keySet());\n    }\n}\n"
    )
    assert signatures(java, "Java") == (
        "public class Cache<T> extends Base\n public Cache(size)\n"
        " public static <K> List<K> keys(map, limit)\n"
    )
    kotlin = "class Cache(val size: Int) {\n    fun get(key: String, default: Int = 0): Int {\n"
    kotlin += "        return default\n    }\n}\n"
    assert signatures(kotlin, "Kotlin") == (
        "class Cache(val size: Int)\n fun get(key, default=0): Int\n"
    )


def test_quotes_inside_one_line_strings_open_nothing() -> None:
    py = (
        "def is_doc(line):\n    return line[:3] == '\"\"\"' or line[:3] == \"'''\"\n\n\n"
        "def after(a):\n    pass\n"
    )
    assert signatures(py, "Python") == "def is_doc(line)\ndef after(a)\n"
    js = 'const glob = "src/**/*.ts";\nfunction build(files) {\n  return files;\n}\n'
    assert signatures(js, "JavaScript") == "function build(files)\n"


def test_typescript_interface_with_type_parameters_over_several_lines() -> None:
    ts = (
        "export interface Schema<\n  out Output = unknown,\n  out Input = unknown,\n"
        "> extends Base<Output> {\n  parse(data: unknown, params?: Params): Output;\n"
        "  optional(): Schema<Output | undefined>;\n}\n"
    )
    assert signatures(ts, "TypeScript") == (
        "export interface Schema<out Output = unknown, out Input = unknown> extends Base<Output>\n"
        " parse(data, params?): Output\n optional()\n"
    )


def test_python_outline_keeps_the_first_paragraph_of_a_comment_run() -> None:
    src = "# pkg/core.py\n# Copyright the authors\n#\n" + "# Licence words.\n" * 12
    src += "\ndef f(a):\n    # why this loop\n" + "    a += 1\n" * 20 + "    return a\n"
    out = compress(src, "Python")
    assert out.startswith("# pkg/core.py\n# Copyright the authors\n\ndef f(a):")
    assert "Licence" not in out and "a += 1" not in out


def test_prose_outline_keeps_titles_and_marks_gaps_as_prose() -> None:
    rst = "Guide\n=====\n\n" + "Words about it.\n" * 30
    rst += "Install\n-------\n\n.. code-block:: sh\n\n   pip install it\n" + "More words.\n" * 30
    out = compress(rst, "reStructuredText")
    assert "Guide\n=====" in out and "Install\n-------" in out
    assert "code-block" not in out and "/*" not in out and "lines elided]" in out
    md = "# Guide\n" + "Words.\n" * 40 + "## Install\n" + "Steps.\n" * 40
    out = compress(md, "Markdown")
    assert "## Install" in out and "/*" not in out and "Steps." not in out


def test_compress_outlines_code_and_prose_only(make_repo) -> None:
    from repoview.packer import PackOptions, build_pack

    body = "".join(f"int f{i}(int x)\n{{\n    return x + {i};\n}}\n" for i in range(40))
    man = ".TH TMUX 1\n" + "".join(f".It Ic command{i}\nDoes thing {i}.\n" for i in range(300))
    grammar = "%token NUMBER\n%%\n" + "".join(
        f"rule{i}: NUMBER {{ $$ = {i}; }};\n" for i in range(200)
    )
    repo = make_repo({"src/lib.c": body, "tmux.1": man, "cmd-parse.y": grammar})
    modes = {f.path: f.mode for f in build_pack(PackOptions(path=repo, compress=True)).files}
    assert modes == {"src/lib.c": "compressed", "tmux.1": "full", "cmd-parse.y": "full"}


def test_an_outline_keeps_one_line_of_the_licence_header() -> None:
    licence = (
        "/*\n * Copyright (C) 2014 Square, Inc.\n *\n"
        + "".join(f" * Licensed under the Apache License, clause {i}.\n" for i in range(12))
        + " */\n"
    )
    body = "".join(f"fun handler{i}(x: Int): Int {{\n  return x + {i}\n}}\n" for i in range(40))
    out = compress(licence + "package okhttp3\n\n" + body, "Kotlin")
    assert out.startswith("/* Copyright (C) 2014 Square, Inc. [licence header, 16 lines] */\n")
    assert "clause 3" not in out and "fun handler39(x: Int): Int {" in out
    # a leading comment that is not a licence stays as it was
    doc = "// Parses headers.\n// One per line.\n// Case-insensitive.\n"
    assert compress(doc + body, "Kotlin").startswith(doc)


def test_python_outline_keeps_imports_chosen_at_the_top_level() -> None:
    branches = "".join(
        f'elif backend == "{b}":\n    from pkg.{b}.trainer import {b.title()}Trainer as Trainer\n'
        for b in ("jax", "torch", "numpy", "openvino")
    )
    table = "TABLE = [\n" + "    1,\n" * 20 + "]\n"
    text = (
        'if backend == "tensorflow":\n    from pkg.tf.trainer import (\n'
        "        TFTrainer as Trainer,\n    )\n" + branches + "else:\n"
        '    raise RuntimeError("no backend")\n\n'
        "try:\n    import fast\nexcept ImportError:\n    fast = None\n    "
        + table.replace("\n", "\n    ")
        + "\n\nclass Model(Trainer):\n    def fit(self, x):\n"
        + "        x = x + 1\n" * 30
    )
    outline = compress(text, "Python")
    assert "OpenvinoTrainer as Trainer" in outline and 'raise RuntimeError("no backend")' in outline
    assert "import fast" in outline and "fast = None" in outline
    assert "x = x + 1" not in outline and outline.count("1,") < 5  # bodies and tables still go


def test_c_outline_elides_bodies_the_grammar_could_not_parse() -> None:
    # `#ifdef` splits an `if` head in two: the grammar finds no function there, and without
    # a fallback the whole body stayed in the outline.
    body = "\tx = 4;\n" * 12
    text = (
        "int first(int a)\n{\n" + "\ta += 1;\n" * 6 + "\treturn a;\n}\n"
        "static void loop(int x)\n{\n#ifdef WITH_TLS\n\tif(x > 1 || x < -1){\n#else\n"
        "\tif(x > 1){\n#endif\n\t\tx = 2;\n\t}\n" + body + "}\n"
        "int last(int a)\n{\n" + "\ta -= 1;\n" * 6 + "\treturn a;\n}\n"
        "static const int table[] = {\n\t1, 2, 3,\n};\n"
    )
    outline = compress(text, "C")
    assert "static void loop(int x)" in outline and "x = 4;" not in outline
    assert "int last(int a)" in outline and "1, 2, 3," in outline


def test_php_outline_keeps_class_constants_and_properties() -> None:
    text = (
        "<?php\nnamespace App;\n" + "// notes\n" * 20 + "class Table\n{\n"
        "    public const SEPARATOR_TOP = 0;\n    private ?string $headerTitle = null;\n"
        "    protected static $styles;\n    public function render(): void\n    {\n"
        + "        $x = 1;\n" * 20
        + "    }\n}\n"
    )
    outline = compress(text, "PHP")
    assert "SEPARATOR_TOP = 0" in outline and "$headerTitle" in outline and "$styles" in outline
    assert "public function render(): void" in outline and "$x = 1" not in outline


def test_c_outline_comment_that_only_names_its_subject_keeps_the_next_line() -> None:
    text = "".join(
        f"/*\n * Function: pub{i}\n *\n * Publish a message on a given topic.\n *\n"
        f" * Parameters:\n *   x - the thing\n */\nint pub{i}(int x);\n\n"
        for i in range(3)
    )
    outline = compress(text, "C")
    assert "/* Function: pub1 - Publish a message on a given topic. */" in outline
    assert "Parameters" not in outline


def test_python_outline_cuts_a_scripts_main_block() -> None:
    text = "import os\n\nif __name__ == '__main__':\n" + "    print(1)\n" * 100
    outline = compress(text, "Python")
    assert outline.count("print(1)") < 5 and "lines elided" in outline


def test_c_brace_fallback_keeps_a_class_declared_with_an_attribute() -> None:
    text = (
        "static void loop(int x)\n{\n#ifdef WITH_TLS\n\tif(x > 1 || x < -1){\n#else\n"
        "\tif(x > 1){\n#endif\n\t\tx = 2;\n\t}\n" + "\tx = 4;\n" * 12 + "}\n"
        "int f(int a)\n{\n" + "\ta += 1;\n" * 6 + "\treturn a;\n}\n"
        "struct __attribute__((packed)) header\n{\n\tint width;\n\tint height;\n};\n"
    )
    outline = compress(text, "C")
    assert "int width;" in outline and "x = 4;" not in outline


def test_line_outlines_keep_a_class_constant_not_a_bodys_const() -> None:
    body = "".join(f"    const width{i} = compute({i});\n" for i in range(40))
    text = "// widget\n" * 22 + "class Box {\n  build() {\n" + body + "  }\n}\n"
    outline = compress(text, "Dart")
    assert "const width5" not in outline


def test_go_outline_keeps_a_const_block_whole() -> None:
    consts = "".join(f'\t// Key {i}.\n\tKey{i} CtxKey = "k{i}"\n\n' for i in range(8))
    text = "package demo\n\nconst (\n" + consts + ')\n\nfunc Use() string { return "" }\n'
    outline = compress(text, "Go")
    assert "Key7 CtxKey" in outline and ")\n\nfunc Use()" in outline


def test_c_outline_marker_after_a_long_macro_ends_it() -> None:
    rows = "".join(f'  XX(E{i}, "error {i}") \\\n' for i in range(30))
    text = f"#define ERRNO_MAP(XX) \\\n{rows}\n#define HANDLE_MAP(XX) \\\n  XX(A, a)\n\nint f(int x);\n"
    outline = compress(text, "C")
    assert "lines elided */\n#define HANDLE_MAP(XX)" in outline and "int f(int x);" in outline


def test_c_outline_keeps_the_functions_after_a_brace_split_by_ifdef() -> None:
    # The `#ifdef` branches open two `{` that one `}` closes: the grammar takes the functions
    # after as part of the body, and the outline lost them.
    text = (
        "void io_poll(int n, int f) {\n  if (n) {\n    if (f) {\n#ifdef __APPLE__\n"
        "      if (f == 1) {\n#else\n      if (f == 2) {\n#endif\n        n--;\n      }\n"
        "    }\n  }\n}\n\n"
        "void after_one(int fd) {\n  close(fd);\n}\n\nint after_two(void) {\n  return 0;\n}\n"
    )
    outline = compress(text, "C")
    assert "void io_poll(int n, int f) { /* ... */ }" in outline
    assert "void after_one(int fd) { /* ... */ }" in outline and "int after_two(void)" in outline
    assert "n--" not in outline and "close(fd)" not in outline


def test_c_outline_keeps_declarations_after_a_struct_with_macro_members() -> None:
    text = (
        "struct uv_process_s {\n  UV_HANDLE_FIELDS\n  uv_exit_cb exit_cb;\n  int pid;\n"
        "  UV_PROCESS_PRIVATE_FIELDS\n};\n\n"
        + "".join(
            f"UV_EXTERN int uv_call_{i}(uv_loop_t* loop,\n    int flags);\n" for i in range(12)
        )
        + "\nunion uv_any_req {\n  UV_REQ_TYPE_MAP(XX)\n};\n"
    )
    for language in ("C", "C++"):
        outline = compress(text, language)
        assert "UV_EXTERN int uv_call_11(uv_loop_t* loop," in outline and "int pid;" in outline
        assert "union uv_any_req {" in outline and "elided" not in outline


def test_python_outline_never_leaves_a_long_string_open() -> None:
    rows = "".join(f"    (?P<g{i}>x{i})?\n" for i in range(25))
    body = "".join(f"    a += {i}\n" for i in range(30))
    text = (
        f'import re\n\n_part_re = re.compile(\n    r"""\n{rows}    """,\n    re.VERBOSE,\n)\n\n\n'
        f'def f(a):\n    """Doc."""\n{body}    return a\n'
    )
    outline = compress(text, "Python")
    assert '    (?P<g0>x0)?\n    # ... 24 lines elided\n    """,\n    re.VERBOSE,\n)' in outline
    assert '\ndef f(a):\n    """Doc."""\n    ...' in outline and "a += 1" not in outline


def test_cython_outline_keeps_cdef_classes_and_functions_with_hash_comments() -> None:
    unit = (
        "cdef class Vec{0}:\n    cdef public double x, y\n\n"
        "    def __init__(self, double x, double y):\n" + "        self.x = x\n" * 4 + "\n"
        "    cpdef double norm(self):\n        cdef double s = self.x * self.x\n"
        "        return sqrt(s)\n\n"
        "cdef inline int add{0}(int a, int b) nogil:\n    cdef int c = a + b\n    return c\n\n"
    )
    outline = compress("".join(unit.format(i) for i in range(4)), "Cython")
    for kept in ("cdef class Vec3:", "cpdef double norm(self):", "cdef inline int add3(int a"):
        assert kept in outline
    assert "cdef int c = a + b" not in outline.split("cdef class Vec1:")[1]
    # bodies elided to `...` as Python's are; no C comment markers in a `#` language
    assert "/*" not in outline and "\n        ...\n" in outline


def test_kotlin_outline_keeps_properties_and_elides_function_bodies() -> None:
    steps = "".join(f"    x = x + {i}\n" for i in range(30))
    kdoc = "  /**\n   * Reads the next token.\n   *\n" + "   * Details.\n" * 8 + "   */\n"
    text = (
        "package x\n\nimport okio.BufferedSource\n\n"
        "internal class Reader(private val source: BufferedSource) : JsonReader {\n"
        "  private var peeked = PEEKED_NONE\n\n"
        f"{kdoc}  fun doPeek(): Int {{\n    var x = 0\n{steps}    return x\n  }}\n\n"
        "  fun name(): String =\n    source.readUtf8Line()\n      ?: throw EOFException()\n\n"
        "  companion object {\n    private const val PEEKED_NONE = 0\n    const val MAX_DEPTH = 256\n  }\n}\n"
    )
    out = compress(text, "Kotlin")
    for kept in (
        "import okio.BufferedSource",
        "private var peeked = PEEKED_NONE",
        "fun name(): String =",
        "private const val PEEKED_NONE = 0",
        "const val MAX_DEPTH = 256",
        "   * Reads the next token.",
    ):
        assert kept in out
    assert "  fun doPeek(): Int {\n    /* ... 32 lines elided */\n  }\n" in out
    assert "x = x + 3" not in out and "Details." not in out and "?: throw" not in out
    assert out.count("{") == out.count("}")


def test_kotlin_outline_reads_a_class_body_after_a_primary_constructor_line() -> None:
    members = "".join(
        f"    fun handle{i}(x: Int): Int {{\n      val y = x * {i}\n      return y\n    }}\n"
        for i in range(12)
    )
    text = (
        "class Reader\n  @JvmOverloads\n  constructor(\n    source: Source,\n    private val size: Int = 4,\n  ) {\n"
        f"    private val list = mutableListOf<Header>()\n{members}  }}\n"
    )
    out = compress(text, "Kotlin")
    assert "private val list = mutableListOf<Header>()" in out
    assert "fun handle11(x: Int): Int {" in out and "val y = x * 11" not in out


def test_ruby_outline_keeps_declarations_and_elides_method_bodies() -> None:
    body = "".join(f"        item{i} = process(item)\n" for i in range(25))
    text = (
        "module Jekyll\n  class Site\n    attr_reader :source, :dest\n    include Convertible\n"
        "    PRIORITY = 10\n    TEMPLATE = <<~RUBY\n      def fake_method(a)\n      end\n    RUBY\n\n"
        "    class << self\n      def instance(config)\n        new(config)\n      end\n    end\n\n"
        f"    def render\n      items.each do |item|\n{body}      end\n    rescue StandardError\n"
        "      retry\n    end\n\n    def full? = true\n  end\nend\n"
    )
    out = compress(text, "Ruby")
    for kept in (
        "attr_reader :source, :dest",
        "include Convertible",
        "PRIORITY = 10",
        "      def instance(config)",
        "    def full? = true",
        "      def fake_method(a)",
    ):
        assert kept in out
    assert "    def render\n      # ... 29 lines elided\n    end\n" in out
    assert "item3 = process" not in out and "retry" not in out
    # module, class, class << self and two defs are each closed (and the heredoc keeps its end)
    assert [line.strip() for line in out.split("\n")].count("end") == 5 + 1


def test_ruby_outline_cuts_a_long_block_without_methods_to_its_first_line() -> None:
    examples = "".join(
        f"  it 'registers offense {i}' do\n    expect_offense(source)\n  end\n\n" for i in range(20)
    )
    text = f"# frozen_string_literal: true\n\nRSpec.describe RuboCop::Cop::Style::GuardClause do\n{examples}end\n"
    out = compress(text, "Ruby")
    assert out == (
        "# frozen_string_literal: true\n\nRSpec.describe RuboCop::Cop::Style::GuardClause do\n"
        "  # ... 80 lines elided\nend\n"
    )


def test_an_exported_type_is_kept_whole_as_the_unexported_one_is() -> None:
    flags = "".join(f"  F{i} = {1 << i},\n" for i in range(14))
    fields = "".join(f"  f{i}: number\n" for i in range(14))
    table = "".join(f"  {i},\n" for i in range(30))
    src = (
        f"export enum PatchFlags {{\n{flags}}}\n\nexport interface Node {{\n{fields}}}\n\n"
        f"export const TABLE = [\n{table}]\n"
    )
    out = compress(src, "TypeScript")
    assert "  F13 = 8192," in out and "  f13: number" in out
    assert "  29," not in out  # a long literal is still cut to its head


def test_a_long_import_list_is_kept_whole() -> None:
    names = "".join(f"    NAME_{i},\n" for i in range(40))
    body = "".join(f"    x += {i}\n" for i in range(30))
    out = compress(
        f"from pkg.nodes import (\n{names})\n\n\ndef f(x):\n{body}    return x\n", "Python"
    )
    assert "    NAME_39,\n)" in out and "x += 5" not in out
    ts = "import {\n" + "".join(f"  name{i},\n" for i in range(40)) + "} from './x'\n"
    assert "name39" in compress(ts, "TypeScript")


def test_a_component_outlines_its_script_and_keeps_its_parts() -> None:
    body = "".join(f"  a.value += {i}\n" for i in range(20))
    rows = "".join(f"    <p>{i}</p>\n" for i in range(20))
    src = (
        '<script setup lang="ts">\nimport { ref } from "vue"\nconst a = ref(1)\n'
        f"function toggle(isDark: boolean) {{\n{body}}}\n</script>\n\n"
        f'<template>\n  <div class="x">\n{rows}  </div>\n</template>\n\n'
        "<style scoped>\n.x { color: red; }\n</style>\n"
    )
    out = compress(src, "Vue")
    assert "function toggle(isDark: boolean) {" in out and "a.value += 5" not in out
    assert "</script>" in out and "<template>" in out and "</template>" in out
    assert "<!-- ... 20 lines elided -->" in out and ".x { color: red; }" in out


def test_a_comment_inside_a_multi_line_macro_does_not_end_it() -> None:
    text = (
        "#define FIELDS \\\n  /* public */ \\\n  void* data; \\\n  /* private */ \\\n  int n; \\\n\n"
        "struct req {\n  FIELDS\n};\n\nint use(struct req* r) {\n  return r->n;\n}\n"
    )
    out = compress(text, "C")
    assert "struct req {\n  FIELDS\n};" in out and "/* public */" in out
    assert "int use(struct req* r) { /* ... */ }" in out


def test_blocks_of_declarations_without_bodies_keep_their_members() -> None:
    methods = "".join(f"    m{i}(a: number): string;\n" for i in range(14))
    types = "".join(f"    export type T{i} = number\n" for i in range(14))
    table = "".join(f"        {i},\n" for i in range(30))
    ts = (
        f"export declare class Api {{\n{methods}}}\n\nexport abstract class Base {{\n"
        f"    abstract run(): void;\n{methods}}}\n\nexport namespace NS {{\n{types}"
        f"    export const TABLE = [\n{table}    ]\n}}\n"
    )
    out = compress(ts, "TypeScript")
    assert out.count("m13(a: number): string;") == 2 and "export type T13 = number" in out
    assert "        29," not in out  # a long literal in the namespace is still cut
    assert out.count("{") == out.count("}")
    elements = "".join(
        f"    public Class<?> using{i}() default Object.class;\n\n" for i in range(9)
    )
    java = f"public @interface Serialize {{\n{elements}}}\n"
    assert compress(java, "Java") == java
    structs = "".join(
        f"    pub struct S{i} {{\n        pub a: usize,\n    }}\n\n" for i in range(6)
    )
    rust = (
        f'pub mod requests {{\n    use super::*;\n{structs}}}\n\nextern "C" {{\n'
        + "".join(f"    fn f{i}(a: i32) -> i32;\n" for i in range(14))
        + "}\n"
    )
    assert compress(rust, "Rust") == rust


def test_a_long_literal_cut_to_its_head_still_closes_its_brackets() -> None:
    values = "".join(f"    {i},\n" for i in range(14))
    c = f"mod_t my_module = {{\n{values}}};\n\nstatic int handler(int x)\n{{\n    return x;\n}}\n"
    out = compress(c, "C")
    assert "    1,\n    /* ... 12 lines elided */\n};\n\nstatic int handler(int x)" in out
    rows = "".join(f'        "k{i}": {i},\n' for i in range(20))
    py = f'COLUMNS = {{\n    "first": {{\n{rows}    }},\n}}\n\n\ndef f():\n    return 1\n'
    out = compress(py, "Python")
    # (each bracket closed on a line of its own, indented as the line that opened it)
    assert '        "k0": 0,\n        # ... 20 lines elided\n    }\n}\n' in out
    ast.parse(out)  # the outline is still Python


def test_a_cut_subscript_holding_only_comments_still_parses() -> None:
    # Cut after its comments, `tuple[` would close empty (`x[]` does not parse).
    rows = "".join(f"        # field {i}.\n        object,\n" for i in range(8))
    py = (
        "import types\n\n"
        f"Entry = (\n    tuple[\n{rows}    ]\n    | tuple[None, object]\n)\n\n\n"
        "def f():\n    return 1\n"
    )
    out = compress(py, "Python")
    ast.parse(out)
    assert (
        "Entry = (\n    tuple[\n        # field 0.\n        # ... 17 lines elided\n"
        "        ...\n    ]\n)\n"
    ) in out


def test_python_outline_keeps_all_whole() -> None:
    names = "".join(f'    "graph_{i}",\n' for i in range(30))
    text = f'"""Generators."""\n\n__all__ = [\n{names}]\n\n\ndef graph_0():\n    return 1\n'
    out = compress(text, "Python")
    assert '    "graph_29",\n]\n' in out and "elided" not in out


def test_go_and_rust_outlines_keep_a_long_import_list_whole() -> None:
    imports = "".join(f'\t"example.com/m/p{i}"\n' for i in range(16))
    go = f"package p\n\nimport (\n{imports})\n\nfunc F() {{}}\n"
    assert compress(go, "Go") == go
    names = "".join(f"    name_{i},\n" for i in range(16))
    rust = f"use crate::{{\n{names}}};\n\npub fn f() {{}}\n"
    assert compress(rust, "Rust") == rust


def test_c_outline_cuts_a_doc_comment_at_the_end_of_its_first_sentence() -> None:
    text = (
        "/**\n * When debugging mode is enabled, informs the library that an event should no\n"
        " * longer be considered as assigned (e.g. after a free). When debugging mode is not\n"
        " * enabled, does nothing.\n *\n * @param ev the event\n */\n"
        "void event_debug_unassign(struct event *);\n"
    )
    out = compress(text, "C")
    assert out.startswith(
        "/* When debugging mode is enabled, informs the library that an event should no longer"
        " be considered as assigned (e.g. after a free). */\nvoid event_debug_unassign("
    )


_CYTHON_HEAP = '''# cython: boundscheck=False
"""A binary heap."""
cimport numpy as cnp
from libc.math cimport sqrt

cdef double INF = 1e300


cdef class BinaryHeap:
    """A binary heap of (value, reference) pairs.

    Longer description, cut from the outline.
    """
    cdef readonly int count

    cpdef double pop(self):
        """Remove and return the smallest value.

        from the heap, before examining the neighbours.
        """
        cdef double[:] values = self.values
{body}        return values[0]


@cython.boundscheck(False)
def make_heap(n, fully_connected=True,
              sampling=None):
    """Build a heap."""
{body}    return BinaryHeap(n)

LIMIT = 10
'''


def test_cython_outline_keeps_docstrings_decorators_and_whole_heads_and_elides_bodies() -> None:
    body = "".join(f"        n = n + {i}\n" for i in range(30))
    text = _CYTHON_HEAP.format(body=body)
    outline = compress(text, "Cython")
    assert (
        '    cpdef double pop(self):\n        """Remove and return the smallest value.\n' in outline
    )
    assert '    """A binary heap of (value, reference) pairs.\n    """\n' in outline
    assert "before examining" not in outline and "Longer description" not in outline
    assert "cdef double[:] values" not in outline and "n = n + 3" not in outline
    assert (
        "@cython.boundscheck(False)\ndef make_heap(n, fully_connected=True,\n"
        '              sampling=None):\n    """Build a heap."""\n    ...\n'
    ) in outline
    assert "cdef readonly int count" in outline and "LIMIT = 10" in outline
    assert "cimport numpy as cnp" in outline and "cdef double INF = 1e300" in outline


def test_cython_outline_keeps_c_declarations_and_closes_what_it_cuts() -> None:
    fields = "".join(f"        int field{i}\n" for i in range(20))
    table = "".join(f"    {i}, {i + 1},\n" for i in range(30))
    verbatim = "".join(f"    static int helper{i}(void) {{ return {i}; }}\n" for i in range(20))
    text = (
        'cdef extern from "lib.h" nogil:\n'
        f"    ctypedef struct state_t:\n{fields}\n"
        "    int run(state_t *s,\n            int flags)\n\n"
        'cdef extern from *:\n    """\n' + verbatim + '    """\n\n'
        "ctypedef fused real:\n    float\n    double\n\n"
        "cdef enum Mode:\n    FAST\n    SLOW\n\n"
        "DEF SIZE = 8\n\n"
        f"TABLE = [\n{table}]\n\n"
        "cdef int step(real x) except -1:\n" + "    x += 1\n" * 20 + "    return 0\n"
    )
    outline = compress(text, "Cython")
    assert fields in outline and "    int run(state_t *s,\n            int flags)\n" in outline
    assert "ctypedef fused real:\n    float\n    double\n" in outline
    assert "cdef enum Mode:\n    FAST\n    SLOW\n" in outline and "DEF SIZE = 8" in outline
    assert "cdef int step(real x) except -1:\n    ...\n" in outline and "x += 1" not in outline
    # a long literal and a long verbatim string are cut, their brackets and quotes closed
    assert "    1, 2,\n    # ... 28 lines elided\n]\n" in outline
    assert "helper19" not in outline and '    # ... 18 lines elided\n    """\n' in outline


def test_a_cut_statement_of_two_long_strings_closes_the_second_one_too() -> None:
    head = "".join(f"# header line {i}\n" for i in range(5))
    body = "".join(f"record {i}: key{i} value{i}\n" for i in range(20))
    py = (
        "import zlib\n\n"
        f'DATA = b"""\\\n{head}""" + zlib.compress(b"""\\\n{body}""")\n\n\n'
        "def f():\n    return 1\n"
    )
    out = compress(py, "Python")
    ast.parse(out)  # cut inside the second string, the rest would read as text
    assert '""" + zlib.compress(b"""\\\n# ... 20 lines elided\n""")\n' in out


@pytest.mark.parametrize("glue", [" + ", ", ", ") + g("])
def test_a_long_chain_of_strings_is_cut_once_and_still_parses(glue: str) -> None:
    # (SQL built from many `""" + """` pieces, a call's arguments, a chain of calls)
    chain = glue.join(['"""\n    select x\n    end\n    """'] * 1200)
    py = f"X = 1\n\nSQL = g(\n    {chain}\n)\n\n\ndef f(a):\n    return a\n"
    out = compress(py, "Python")
    ast.parse(out)
    assert "def f(a)" in out
    assert len(out) < len(py) / 10


@pytest.mark.parametrize(
    ("language", "head", "line", "tail"),
    [
        (
            "C#",
            "namespace A\n{\n    class B\n    {\n        int F(int x)\n        {\n",
            "            var s{i} = C({i});\n",
            "        }\n    }\n}\n",
        ),
        ("Kotlin", "class A {\n  fun f(x: Int): Int {\n", "    val y{i} = {i}\n", "  }\n}\n"),
        ("Ruby", "class A\n  def f(x)\n", "    y{i} = {i}\n", "  end\nend\n"),
        ("Bash", "f() {\n", "  y{i}={i}\n", "}\nf"),
        ("Haskell", "module A where\n\nf :: Int -> Int\nf x =\n", "  let y{i} = {i} in\n", "  x\n"),
    ],
)
def test_an_outline_of_a_windows_file_keeps_its_line_ends(language, head, line, tail) -> None:
    text = head + "".join(line.format(i=i) for i in range(40)) + tail
    out = compress(text, language)
    assert "elided" in out and len(out) < len(text) / 2
    assert compress(text.replace("\n", "\r\n"), language) == out.replace("\n", "\r\n")
