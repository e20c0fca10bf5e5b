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


def test_text_of_a_string_over_lines_ends_no_scope() -> None:
    rust = (
        "impl Flag for After {\n"
        "    fn doc_long(&self) -> &'static str {\n"
        '        r"\n'
        "Shown at the margin, as help text often is.\n"
        "fn not_a_function() {}\n"
        '"\n'
        "    }\n"
        "    fn update(&self, v: Value) -> Result<()> {\n"
        "        Ok(())\n"
        "    }\n"
        "}\n"
    )
    assert (
        signatures(rust, "Rust")
        == "impl Flag for After\n fn doc_long(&self) -> &'static str\n fn update(&self, v) -> Result<()>\n"
    )
    ts = (
        "const sample = normalize`\n"
        "function Component() {}\n"
        "`\n"
        "function getCode(name: string) {\n"
        "  return `${name}\n"
        "function alsoNotCode() {}\n"
        "`\n"
        "}\n"
    )
    assert signatures(ts, "TypeScript") == "function getCode(name)\n"


def test_c_variables_with_a_value_are_not_definitions() -> None:
    c = (
        "struct Curl_multi *Curl_multi_handle(uint32_t size,\n"
        "                                     size_t hashsize) /* event hash */\n"
        "{\n"
        "  struct Curl_multi *multi = calloc(1, sizeof(struct Curl_multi));\n"
        "  const struct curltime *now = Curl_now(data);\n"
        "  struct timeval tv;\n"
        "  return multi;\n"
        "}\n"
        "static const struct handler http_handler = {\n"
        '  "http",\n'
        "};\n"
        "struct handler {\n"
        "  int port;\n"
        "};\n"
    )
    assert signatures(c, "C") == (
        "struct Curl_multi *Curl_multi_handle(uint32_t, size_t)\nstruct handler\n"
    )


def test_prose_signatures_are_titles_and_documented_objects() -> None:
    rst = (
        "Session API\n"
        "===========\n"
        "\n"
        ".. note:: Read this first.\n"
        ".. _session-label:\n"
        ".. autoclass:: Session\n"
        ".. py:function:: open(path)\n"
        ".. code-block:: python\n"
        "\n"
        "    x = 1\n"
        "    ---\n"
    )
    assert signatures(rst, "reStructuredText") == (
        "Session API\n.. autoclass:: Session\n.. py:function:: open(path)\n"
    )
    adoc = (
        "git-commit(1)\n"
        "=============\n"
        "\n"
        "EXAMPLES\n"
        "--------\n"
        "------------\n"
        "$ git commit\n"
        "------------\n"
        "[NOTE]\n"
        "====\n"
        "is there for.\n"
        "====\n"
        "== Options\n"
    )
    assert signatures(adoc, "AsciiDoc") == "git-commit(1)\nEXAMPLES\n== Options\n"


def test_c_typedefs_and_prototypes_over_lines_are_whole() -> None:
    c = (
        "typedef int\n"
        "(*closesocket_cb)(void *clientp, int item);\n"
        "typedef int (*debug_cb)\n"
        "       (void *handle,      /* the handle */\n"
        "        size_t size);      /* its size */\n"
        "static void mstate(struct easy *data, int state\n"
        "#ifdef DEBUGBUILD\n"
        "                   , int lineno\n"
        "#endif\n"
        ")\n"
        "{\n"
        "}\n"
    )
    assert signatures(c, "C") == (
        "typedef int (*closesocket_cb)(void *clientp, int item)\n"
        "typedef int (*debug_cb) (void *handle, size_t size)\n"
        "static void mstate(struct easy *, int, int)\n"
    )


def test_c_return_type_on_its_own_line_and_static_locals() -> None:
    c = (
        "/* Get command queue from client. */\n"
        "static struct cmdq_list *\n"
        "cmdq_get(struct client *c)\n"
        "{\n"
        "\tstatic struct cmdq_list *global_queue;\n"
        "\treturn (c->queue);\n"
        "}\n"
        "\n"
        "const char *\n"
        "cmdq_get_name(struct cmdq_item *item)\n"
        "{\n"
        "\treturn (item->name);\n"
        "}\n"
    )
    assert signatures(c, "C") == (
        "static struct cmdq_list * cmdq_get(struct client *)\n"
        "const char * cmdq_get_name(struct cmdq_item *)\n"
    )


def test_cpp_class_members_under_an_opening_brace_and_a_margin_directive() -> None:
    cpp = (
        "template <typename T>\n"
        "class basic_json // NOLINT(special-member-functions)\n"
        "    : public json_base\n"
        "{\n"
        "  public:\n"
        "    static basic_json parse(InputType&& i,\n"
        "                            const bool allow_exceptions = true)\n"
        "    {\n"
        "        return parse_impl(i);\n"
        "    }\n"
        "#if JSON_HAS_RANGES\n"
        "    bool contains(const key_type& key) const\n"
        "    {\n"
        "        return find(key) != end();\n"
        "    }\n"
        "#endif\n"
        "};\n"
        "template <typename T>\n"
        "struct has_gmtoff<T, void_t<decltype(T::tm_gmtoff)>> : std::true_type {};\n"
    )
    assert signatures(cpp, "C++") == (
        "class basic_json\n"
        " static basic_json parse(InputType&&, const bool)\n"
        " bool contains(const key_type&)\n"
        "struct has_gmtoff<T, void_t<decltype(T::tm_gmtoff)>> : std::true_type {}\n"
    )


def test_kotlin_and_swift_modifiers_extensions_and_protocols() -> None:
    kotlin = (
        "open class OkHttpClient internal constructor(builder: Builder) : Call.Factory {\n"
        '  @get:JvmName("dispatcher")\n'
        "  val dispatcher: Dispatcher = builder.dispatcher\n"
        "  override fun newCall(request: Request): Call = RealCall(this, request)\n"
        "  data class Route(val host: String)\n"
        "  suspend fun await(): Response = TODO()\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "open class OkHttpClient internal constructor(builder: Builder) : Call.Factory\n"
        " val dispatcher: Dispatcher\n"
        " override fun newCall(request): Call\n"
        " data class Route(val host: String)\n"
        " suspend fun await(): Response\n"
    )
    swift = (
        "open class Session: @unchecked Sendable {\n"
        "    @discardableResult\n"
        "    open func request(_ convertible: URLConvertible,\n"
        "                      method: HTTPMethod = .get) -> DataRequest {\n"
        "        perform(request)\n"
        "    }\n"
        "}\n"
        "public protocol RequestInterceptor {\n"
        "    func adapt(_ urlRequest: URLRequest)\n"
        "}\n"
        "extension URLRequest {\n"
        "    public var method: HTTPMethod? { nil }\n"
        "    fileprivate func validate() throws {}\n"
        "}\n"
    )
    assert signatures(swift, "Swift") == (
        "open class Session: @unchecked Sendable\n"
        " open func request(_ convertible, method=.get) -> DataRequest\n"
        "public protocol RequestInterceptor\n"
        " func adapt(_ urlRequest)\n"
        "extension URLRequest\n"
        " public var method: HTTPMethod?\n"
        " fileprivate func validate() throws\n"
    )


def test_specs_list_their_groups_and_cases() -> None:
    ruby = (
        "describe Rack::Lint do\n"
        '  it "passes valid requests" do\n'
        "    assert true\n"
        "  end\n"
        "  context 'with a body' do\n"
        "    it 'reads it once' do\n"
        "    end\n"
        "  end\n"
        "end\n"
    )
    assert signatures(ruby, "Ruby") == (
        "describe Rack::Lint\n"
        ' it "passes valid requests"\n'
        " context 'with a body'\n"
        "  it 'reads it once'\n"
    )
    ts = (
        'describe("parse", () => {\n  test("an empty string", () => {\n    expect(1);\n  });\n});\n'
    )
    assert signatures(ts, "TypeScript") == 'describe("parse")\n test("an empty string")\n'


def test_directives_and_heredocs_end_no_scope() -> None:
    cs = (
        "public static class Conv\n"
        "{\n"
        "    public static string One(int a)\n"
        "    {\n"
        "        return a.ToString();\n"
        "    }\n"
        "#if HAVE_BIG_INTEGER\n"
        "    public static string Two(BigInteger a)\n"
        "    {\n"
        "        return a.ToString();\n"
        "    }\n"
        "#endif\n"
        "}\n"
    )
    assert signatures(cs, "C#") == (
        "public static class Conv\n public static string One(int a)\n"
        " public static string Two(BigInteger a)\n"
    )
    ex = (
        "defmodule Phoenix.Token do\n"
        '  @moduledoc """\n'
        "  Example:\n"
        "defmodule MyApp.UserSocket do\n"
        '  "a lone quote\n'
        '  """\n'
        "  @callback verify(term) :: binary\n"
        "  def sign(context, salt, data, opts \\\\ []) do\n"
        "    :ok\n"
        "  end\n"
        "end\n"
    )
    assert signatures(ex, "Elixir") == (
        "defmodule Phoenix.Token\n"
        " @callback verify(term) :: binary\n"
        " def sign(context, salt, data, opts \\\\ [])\n"
    )


def test_java_annotations_between_modifiers_and_statements_in_bodies() -> None:
    java = (
        "final class RequestFactory {\n"
        "  private @Nullable ParameterHandler<?> parseParameter(\n"
        "      int p, Type type) {\n"
        "    if (p < 0) {\n"
        '      throw parameterError(method, p, "negative");\n'
        "    }\n"
        "    return parseParameterAnnotation(p, type);\n"
        "  }\n"
        "  void validate(int p) {}\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "final class RequestFactory\n"
        " private ParameterHandler<?> parseParameter(p, type)\n"
        " void validate(p)\n"
    )


def test_review_cases_for_cpp_and_c() -> None:
    assert signatures("void f(std::enable_if_t<N == 1, int> x, int y = 2);\n", "C++") == (
        "void f(std::enable_if_t<N == 1, int>, int)\n"
    )
    c = "int g(void)\n{\n    if (x)\n        a();\n    else\n        b(1);\n}\nFOO_BEGIN\nbar(1);\n"
    assert signatures(c, "C") == "int g(void)\n"  # in C, `()` would say nothing of them
    assert (
        signatures("class A {\npublic:\n  int f(int x);\n};\n", "C++") == "class A\n int f(int)\n"
    )
    assert signatures("context(Logger)\nfun log() {}\n", "Kotlin") == "fun log()\n"
    assert (
        signatures("bool operator()(const T& a) const;\n", "C++") == "bool operator()(const T&)\n"
    )
    assert signatures("bool operator==(const A& o);\n", "C++") == "bool operator==(const A&)\n"
    assert signatures("void f(int a = (1 > 0), int b);\n", "C++") == "void f(int, int)\n"


def test_rust_lifetimes_chars_and_raw_strings() -> None:
    rust = (
        'const USAGE: &\'static str = "\nUsage: foo\n";\n'
        "fn q() -> &'static str {\n"
        '    let r = Regex::new(r#"(?P<q>")"#);\n'
        '    r#"\nfn fake() {}\n"#\n'
        "}\n"
        "fn c() { let x = '\"'; }\n"
        "pub fn run(x: u8) {}\n"
    )
    assert signatures(rust, "Rust") == "fn q() -> &'static str\nfn c()\npub fn run(x)\n"


def test_typescript_fields_that_hold_functions_are_methods_and_calls_in_them_are_not() -> None:
    text = (
        "class App extends React.Component<Props, State> {\n"
        "  state = {\n"
        "    ready: isReady(this.props),\n"
        "  };\n"
        "  public getGridSize = () => {\n"
        "    return (\n"
        "      isGridModeEnabled(this) ? this.state.gridSize : null\n"
        "    );\n"
        "  };\n"
        "  private onPointerDown = async (event: PointerEvent, force = false) => {\n"
        "    trackEvent('pointer', event.type);\n"
        "  };\n"
        "  private size: number = compute(1);\n"
        "  render() {\n"
        "    return null;\n"
        "  }\n"
        "}\n"
    )
    assert signatures(text, "TSX").splitlines() == [
        "class App extends React.Component<Props, State>",
        " public getGridSize = () =>",
        " private onPointerDown = async (event, force=false) =>",
        " render()",
    ]


def test_python_parameters_that_hold_documentation_of_any_length() -> None:
    # Each parameter documented in place (`Annotated[..., Doc("""...""")]`), with examples
    # that hold `def` lines and brackets of their own, over far more than forty lines.
    doc = '            Doc(\n                """\n                Example:\n\n                def read_items(q: str):\n                    return [q, (1, ""]\n                """\n            ),\n'
    params = "".join(
        f"        p{i}: Annotated[\n            int,\n{doc}        ] = {i},\n" for i in range(8)
    )
    py = (
        "class App:\n"
        f"    def get(\n        self,\n{params}    ) -> Callable[\n        [int], int\n    ]:\n"
        '        """Get."""\n        return 1\n\n'
        "    def post(self, path: str) -> None:\n        pass\n"
    )
    assert signatures(py, "Python").splitlines() == [
        "class App",
        " def get(p0=0, p1=1, p2=2, p3=3, p4=4, p5=5, p6=6, p7=7)",
        " def post(path)",
    ]


def test_go_interface_methods_and_methods_of_two_receivers() -> None:
    go = (
        "package tsdb\n\n"
        "type Appender interface {\n"
        "\tAppend(ref SeriesRef, t int64, v float64) (SeriesRef, error)\n"
        "\t// Commit submits the samples.\n"
        "\tCommit() error\n"
        "\tstorage.GetRef\n"
        "}\n\n"
        "type Options struct {\n\tOnClose func(err error)\n\tRetention int64\n}\n\n"
        "func (h *Head) MinTime() int64 { return h.minTime }\n\n"
        "func (h *RangeHead) MinTime() int64 {\n\treturn h.mint\n}\n"
    )
    assert signatures(go, "Go").splitlines() == [
        "type Appender interface",
        " Append(ref, t, v) (SeriesRef, error)",
        " Commit() error",
        " storage.GetRef",
        "type Options struct",
        " OnClose func(err error)",  # (its fields, as an interface's methods)
        " Retention int64",
        "func (h *Head) MinTime() int64",
        "func (h *RangeHead) MinTime() int64",
    ]


def test_javascript_functions_given_to_properties() -> None:
    js = (
        "var res = Object.create(http.ServerResponse.prototype);\n"
        "res.status = function status(code) {\n  this.statusCode = code;\n  return this;\n};\n"
        "View.prototype.render = async function (options, callback) {\n"
        "  this.engine.onload = function () {};\n};\n"
        "exports.normalize = (type) => type;\n"
        "res.locals = {};\n"
        "window.App = (function ($) { return {}; })(jQuery);\n"
        "const cache = (() => new Map())();\n"
        "export const make = (options: {\n  ping?: number\n}): Required<Transport> => {\n};\n"
        "obj.list = (items || []).map(function (x) { return x; });\n"
    )
    assert signatures(js, "JavaScript").splitlines() == [
        "res.status = (code) =>",
        "View.prototype.render = async (options, callback) =>",
        "exports.normalize = (type) =>",
        "export const make = (options) =>",
    ]


def test_ruby_class_bodies_show_mixins_attributes_and_where_private_starts() -> None:
    rb = (
        "module Tool\n  class Base\n    extend Macros\n    include RangeHelp # helpers\n"
        "    attr_reader :config, :source\n\n    def self.cop_name\n      'x'\n    end\n\n"
        "    def cop_name\n      self.class.cop_name\n    end\n\n    def limit=(value)\n    end\n\n"
        "    def limit\n    end\n\n    private\n\n    def helper\n      include t if t.ok?\n    end\n"
        "    public\n    def shown; end\n    private\n    def hidden; end\n  end\nend\n"
    )
    assert signatures(rb, "Ruby").splitlines() == [
        "module Tool",
        " class Base",
        "  extend Macros",
        "  include RangeHelp",
        "  attr_reader :config, :source",
        "  def self.cop_name",
        "  def cop_name",
        "  def limit=(value)",
        "  def limit",
        "  private",
        "  def helper",
        "  public",
        "  def shown; end",
        "  private",
        "  def hidden; end",
    ]


def test_cpp_constructors_destructors_friend_operators_and_overloads() -> None:
    cpp = (
        "class JSON_API basic_json\n{\n  public:\n"
        "    explicit basic_json(const value_t v)\n        : m_data(v)\n    {\n        check();\n    }\n"
        "    basic_json(std::nullptr_t = nullptr) noexcept\n    {\n    }\n"
        "    ~basic_json() noexcept\n    {\n        destroy();\n    }\n"
        "    friend std::ostream& operator<<(std::ostream& o, const basic_json& j)\n    {\n"
        "        serializer s(adapter(o), o.fill());\n        return o;\n    }\n"
        "    size_type size() const noexcept\n    {\n        return 0;\n    }\n"
        "    size_type size(int x) const noexcept\n    {\n        return x;\n    }\n};\n"
    )
    assert signatures(cpp, "C++").splitlines() == [
        "class JSON_API basic_json",
        " explicit basic_json(const value_t)",
        " basic_json(std::nullptr_t)",
        " ~basic_json()",
        " friend std::ostream& operator<<(std::ostream&, const basic_json&)",
        " size_type size()",
        " size_type size(int)",
    ]


def test_c_definitions_with_attributes_annotations_or_an_indented_return_type() -> None:
    c = (
        "    varnumber_T\nnum_divide(varnumber_T n1, varnumber_T n2)\n{\n    return n1;\n}\n"
        "/*@null@*/ static PyObject*\nWcsprm_copy(\n    Wcsprm* self) {\n  return NULL;\n}\n"
        "__attribute__((noreturn)) void die1(const char *msg) {\n  exit(1);\n}\n"
        "__declspec(dllexport) int exported(int x) {\n  return x;\n}\n"
        "void __attribute__((noreturn)) die2(const char *msg) {\n  exit(1);\n}\n"
        "struct __attribute__ ((__packed__)) hdr8 {\n    char buf[1];\n};\n"
        "static int\nhelper(int a)\n{\n    int\n    x = 3;\n    return x;\n}\n"
    )
    assert signatures(c, "C") == (
        "varnumber_T num_divide(varnumber_T, varnumber_T)\n"
        "static PyObject* Wcsprm_copy(Wcsprm*)\n"
        "void die1(const char *)\n"
        "int exported(int)\n"
        "void die2(const char *)\n"
        "struct hdr8\n"
        "static int helper(int)\n"
    )


def test_generic_aliases_defaulted_type_parameters_and_modules() -> None:
    ts = (
        "export type A<T> = T[]\nexport type B<T> = T | null\n"
        "export const compose = <E extends Env = Env>(mw: M[]) => {\n  return mw\n}\n"
        "export function merge<\n  T extends object,\n>(\n  record: T,\n  other: T,\n): T {\n"
        "  return record;\n}\n"
    )
    assert signatures(ts, "TypeScript") == (
        "export type A<T> = T[]\nexport type B<T> = T | null\n"
        "export const compose = <E>(mw) =>\nexport function merge<T>(record, other): T\n"
    )
    rs = (
        "pub type Result<T> = std::result::Result<T, Error>;\n"
        "pub type Callback<T> = Box<dyn Fn(T)>;\npub mod channel;\n"
        "mod tests {\n    #[test]\n    fn works() {}\n}\npub fn api() {}\n"
    )
    assert signatures(rs, "Rust") == (
        "pub type Result<T> = std::result::Result<T, Error>\n"
        "pub type Callback<T> = Box<dyn Fn(T)>\npub mod channel\nmod tests\n fn works()\n"
        "pub fn api()\n"
    )


def test_python_signatures_say_what_decorators_make_of_a_method() -> None:
    py = (
        "class Header:\n"
        "    @property\n    def cards(self):\n        return 1\n\n"
        "    @classmethod\n    def fromstring(cls, data, sep=''):\n        pass\n\n"
        "    @staticmethod\n    @functools.lru_cache\n    def _is_invertible(m):\n        pass\n\n"
        "    def __init__(self, units, activation=None, use_bias=True, kernel_initializer='glorot',"
        " bias_initializer='zeros', kernel_regularizer=None, lora_rank=None, **kwargs):\n"
        "        pass\n\n"
        "    @app.route('/x')\n    def view(self):\n        pass\n"
    )
    assert signatures(py, "Python") == (
        "class Header\n @property def cards()\n @classmethod def fromstring(data, sep='')\n"
        " @staticmethod def _is_invertible(m)\n"
        # too long with its defaults: every parameter's name still shows, and that it has one
        " def __init__(units, activation=…, use_bias=…, kernel_initializer=…, bias_initializer=…,"
        " kernel_regularizer=…, lora_rank=…, **kwargs)\n"
        ' @route("/x") def view()\n'  # (the endpoint it serves)
    )


def test_cpp_return_types_on_their_own_line_and_constructors_outside_the_class() -> None:
    cpp = (
        "namespace depfile {\n\nstd::string\nescape_filename(std::string_view filename)\n{\n"
        "  return std::string(filename);\n}\n\nstd::optional<std::string>\n"
        "rewrite_source_paths(const Context& ctx, std::string_view content)\n{\n"
        "  return std::nullopt;\n}\n\n}  // namespace depfile\n\n"
        "Client::Client(std::chrono::milliseconds data_timeout,\n"
        "               std::chrono::milliseconds request_timeout)\n  : m_t(data_timeout)\n{\n}\n\n"
        "static Client::Error\nmake_error(int e)\n{\n  return {};\n}\n"
    )
    assert signatures(cpp, "C++") == (
        "namespace depfile\nstd::string escape_filename(std::string_view)\n"
        "std::optional<std::string> rewrite_source_paths(const Context&, std::string_view)\n"
        "Client::Client(std::chrono::milliseconds, std::chrono::milliseconds)\n"
        "static Client::Error make_error(int)\n"
    )


def test_java_and_csharp_overloads_generic_returns_and_partial_classes() -> None:
    java = (
        "final class W {\n  W(Appendable out) {\n  }\n\n  W(Appendable out, String indent) {\n  }\n\n"
        "  public Map<String, ClassName> importedTypes() {\n    return null;\n  }\n\n"
        "  public static final Factory F =\n      newFactory(Boolean.class, BOOLEAN);\n\n"
        "  public W indent() {\n    return indent(1);\n  }\n\n"
        "  public W indent(int levels) {\n    return this;\n  }\n}\n"
    )
    assert signatures(java, "Java") == (
        "final class W\n W(out)\n W(out, indent)\n"
        " public Map<String, ClassName> importedTypes()\n public W indent()\n"
        " public W indent(levels)\n"
    )
    cs = (
        "namespace N\n{\n    public partial class JsonTextWriter : JsonWriter\n    {\n"
        "        public JsonTextWriter(TextWriter textWriter)\n        {\n        }\n    }\n}\n"
    )
    assert signatures(cs, "C#") == (
        "namespace N\n public partial class JsonTextWriter : JsonWriter\n"
        "  public JsonTextWriter(TextWriter textWriter)\n"
    )


def test_a_definition_cut_off_inside_its_type_parameters_is_no_crash() -> None:
    # (the file ends while a `<` and a `(` are open: a truncated fixture)
    assert signatures("export function f(a: Array<", "TypeScript") == "export function f(a)\n"
    assert signatures("pub fn f(a: Vec<", "Rust") == "pub fn f(a)\n"
    nested = "type A" + "<" * 50_000 + "\n"  # one pass over nested `<`, not one per level
    assert signatures(nested, "TypeScript").startswith("type A")


def test_a_module_level_functions_cls_is_a_parameter_like_any_other() -> None:
    py = (
        "def total_ordering(cls):\n    return cls\n\n"
        "class A:\n    @classmethod\n    def c(cls, y):\n        pass\n"
    )
    assert signatures(py, "Python") == "def total_ordering(cls)\nclass A\n @classmethod def c(y)\n"


def test_typed_signatures_with_deep_type_arguments_records_and_a_line_of_dots() -> None:
    cs = (
        "public class TodoItemsController\n{\n"
        "    public async Task<ActionResult<IEnumerable<TodoItemDTO>>> GetTodoItems() { return null; }\n"
        "}\npublic record struct Point\n{\n    public Point(int x) { }\n}\n"
    )
    assert signatures(cs, "C#") == (
        "public class TodoItemsController\n"
        " public async Task<ActionResult<IEnumerable<TodoItemDTO>>> GetTodoItems()\n"
        "public record struct Point\n public Point(int x)\n"
    )
    dots = "class D {\n  x = " + "a." * 20_000 + "a;\n}\n"  # read once, not split every way
    assert signatures(dots, "Java") == "class D\n"


def test_csharp_generic_methods_are_listed_and_object_locals_are_not() -> None:
    cs = (
        "public static class JsonConvert\n{\n"
        "    public static T DeserializeObject<T>(string value)\n    {\n"
        "        object result = Deserialize(value);\n        return (T)result;\n    }\n}\n"
    )
    assert signatures(cs, "C#") == (
        "public static class JsonConvert\n public static T DeserializeObject<T>(string value)\n"
    )


def test_typescript_overloads_are_each_shown() -> None:
    ts = (
        "export function assertThrows(fn: () => unknown, msg?: string): unknown;\n"
        "export function assertThrows(fn: () => unknown, ErrorClass: Ctor, msg?: string): E;\n"
        "export function assertThrows(fn: () => unknown, a?: unknown, msg?: string): unknown {\n"
        "  return 1;\n}\n"
    )
    assert signatures(ts, "TypeScript") == (
        "export function assertThrows(fn, msg?): unknown\n"
        "export function assertThrows(fn, ErrorClass, msg?): E\n"
        "export function assertThrows(fn, a?, msg?): unknown\n"
    )


def test_js_test_cases_with_modifiers_or_long_titles_are_listed() -> None:
    js = (
        "test('short name', async t => {});\n"
        "test('a test whose title is a little longer than eighty characters, as suites have',"
        " async t => {\n\tconst helper = async () => {\n\t\treturn 1;\n\t};\n});\n"
        "test.serial('serial case', async t => {});\n"
        "describe.each([1, 2])('table %i', n => {\n\tit.skip('skipped case', () => {});\n});\n"
    )
    assert signatures(js, "JavaScript") == (
        "test('short name')\n"
        "test('a test whose title is a little longer than eighty characters, as suites have')\n"
        "test.serial('serial case')\ndescribe.each([1, 2])('table %i')\n it.skip('skipped case')\n"
    )


def test_rust_where_clause_on_its_own_lines_keeps_the_methods_inside() -> None:
    rs = (
        "impl<T> Serialize for Option<T>\nwhere\n    T: Serialize,\n{\n"
        "    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error>\n"
        "    where\n        S: Serializer,\n    {\n        serializer.serialize_none()\n    }\n}\n\n"
        "impl<T> Serialize for PhantomData<T>\nwhere\n    T: ?Sized,\n{\n"
        "    fn serialize<S>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n        x\n    }\n}\n"
        "pub trait Visit\nwhere\n    Self: Sized,\n{\n    fn visit(self);\n}\n"
    )
    assert signatures(rs, "Rust") == (
        "impl<T> Serialize for Option<T>\n fn serialize(&self, serializer)\n"
        "impl<T> Serialize for PhantomData<T>\n fn serialize(&self, serializer)\n"
        "pub trait Visit\n fn visit(self)\n"
    )


def test_python_defaults_holding_brackets_or_shifts_keep_every_parameter() -> None:
    py = (
        'def a(x=">", y=1):\n    pass\n'
        'def b(x=")", y="]", z="<"):\n    pass\n'
        "def c(chunk_size=2 << 13, timeout=10):\n    pass\n"
        "def d(x=1 >> 2, y=1):\n    pass\n"
        'def e(pat=re.compile(r"[^[]"), flags=0):\n    pass\n'
    )
    assert signatures(py, "Python") == (
        'def a(x=">", y=1)\ndef b(x=")", y="]", z="<")\n'
        "def c(chunk_size=2 << 13, timeout=10)\ndef d(x=1 >> 2, y=1)\ndef e(pat=…, flags=0)\n"
    )


def test_kotlin_overloads_generics_and_extensions_are_shown_without_their_body() -> None:
    kt = (
        "class Moshi {\n"
        "  fun adapter(type: Type): JsonAdapter<Any> = TODO()\n"
        "  fun adapter(type: Class<*>): JsonAdapter<Any> = TODO()\n"
        "  public fun <T> adapter(type: Type, annotations: Set<Annotation>): JsonAdapter<T?> =\n"
        "    adapter(type, annotations)\n"
        "}\n"
        'fun String.toSnakeCase(): String = replace(Regex("([A-Z])"), "_$1").lowercase()\n'
        "public inline fun <reified T> Moshi.adapter(): JsonAdapter<T> = adapter(typeOf<T>())\n"
    )
    assert signatures(kt, "Kotlin") == (
        "class Moshi\n fun adapter(type: Type): JsonAdapter<Any>\n"
        " fun adapter(type: Class<*>): JsonAdapter<Any>\n"
        " public fun <T> adapter(type, annotations): JsonAdapter<T?>\n"
        "fun String.toSnakeCase(): String\n"
        "public inline fun <reified T> Moshi.adapter(): JsonAdapter<T>\n"
    )


def test_kotlin_constructor_below_its_class_keeps_the_members_inside() -> None:
    kt = (
        "class Outer {\n  class Options\n  private constructor(\n    val s: String,\n  ) {\n"
        "    fun strings(): String { return s }\n  }\n"
        "  fun of(source: String): Outer { return Outer() }\n}\n"
    )
    assert signatures(kt, "Kotlin") == (
        # (the constructor read with its class's line: how one is made)
        "class Outer\n class Options private constructor(val s: String)\n"
        "  fun strings(): String\n fun of(source): Outer\n"
    )


def test_typescript_declare_module_and_global_hold_their_members() -> None:
    ts = (
        "declare module 'svelte' {\n\texport function mount(component: any): any;\n"
        "\texport interface Fork {\n\t\tcommit(): Promise<void>;\n\t}\n}\n\n"
        "declare module 'svelte/store' {\n\texport function mount(value?: T): T;\n}\n\n"
        "declare global {\n\tinterface Window { __svelte: any }\n}\n"
    )
    assert signatures(ts, "TypeScript") == (
        "declare module 'svelte'\n export function mount(component): any\n export interface Fork\n"
        "  commit()\ndeclare module 'svelte/store'\n export function mount(value?): T\n"
        "declare global\n interface Window { __svelte: any }\n"
    )


def test_ruby_heredocs_and_begin_end_comments_define_nothing() -> None:
    rb = (
        "module Jekyll\n  class Site\n    TEMPLATE = <<~RUBY\n      def fake_method(a)\n"
        "      end\n    RUBY\n=begin\n    def commented_out(x)\n    end\n=end\n\n"
        '    X = "<<EOF"\n    def render\n    end\n  end\n  def top_helper; end\nend\n'
    )
    assert signatures(rb, "Ruby") == (
        "module Jekyll\n class Site\n  def render\n def top_helper; end\n"
    )


def test_java_enum_constants_annotation_types_and_bounded_generics_are_listed() -> None:
    java = (
        "enum State {\n    Data {\n        @Override void read(Tokeniser t) { t.advance(); }\n    },\n"
        "    TagOpen {\n        @Override void read(Tokeniser t) { t.emit(); }\n    };\n\n"
        "    abstract void read(Tokeniser t);\n}\n"
        'enum Unit {\n  SECONDS(1, "s"), MINUTES(60, "m"),\n  HOURS(3600, "h");\n\n'
        "  Unit(int n, String s) {}\n}\n"
        'public @interface ToJson {\n  String name() default "";\n}\n'
        "public final class Holder {\n"
        "  static final Comparator<String> CMP = new Comparator<String>() {\n"
        "    @Override public int compare(String a, String b) { return a.compareTo(b); }\n  };\n"
        "  public static <T extends Comparable<? super T>> T max(List<? extends T> xs) {\n"
        "    return null;\n  }\n}\n"
    )
    assert signatures(java, "Java") == (
        "enum State\n Data, TagOpen\n abstract void read(t)\n"
        "enum Unit\n SECONDS, MINUTES, HOURS\n Unit(n, s)\n"
        "public @interface ToJson\n String name()\n"
        "public final class Holder\n"
        " public static <T extends Comparable<? super T>> T max(xs)\n"
    )


def test_c_pointer_typedefs_macro_defined_tests_and_deprecated_prototypes_are_listed() -> None:
    c = (
        "typedef NTSTATUS (NTAPI *sRtlGetVersion)\n                 (PRTL_OSVERSIONINFOW info);\n"
        "typedef NTSTATUS (NTAPI *sNtClose)(HANDLE Handle);\n"
        "#define DEPRECATED(m) __attribute__((deprecated(m)))\n"
        'DEPRECATED("use new_fn") int old_fn(int x);\n'
        "TEST_IMPL(loop_alive) {\n  return 0;\n}\n"
        "BENCHMARK_IMPL(loop_count)\n{\n  return 0;\n}\n"
        "DEFINE_GUID(x, 1, 2);\n"
    )
    assert signatures(c, "C") == (
        "typedef NTSTATUS (NTAPI *sRtlGetVersion) (PRTL_OSVERSIONINFOW info)\n"
        "typedef NTSTATUS (NTAPI *sNtClose)(HANDLE Handle)\n"
        "#define DEPRECATED(m)\nint old_fn(int)\n"
        "TEST_IMPL(loop_alive)\nBENCHMARK_IMPL(loop_count)\n"
    )


def test_cpp_template_parameters_belong_to_the_declaration_after_them() -> None:
    cpp = (
        "template <typename Iter>\nclass Range {\n public:\n"
        "  constexpr Range() : b_() {}\n"
        "  template <\n      class OtherIter,\n      typename std::enable_if<\n"
        "          (!std::is_same<Iter, OtherIter>::value && N > 0),\n          int>::type = 0>\n"
        "  constexpr Range(const Range<OtherIter>& other, int n)\n      : b_(other.begin()) {}\n"
        "  template <class T,\n            class U> void assign(T t, U u) {}\n"
        "  Iter begin() const {\n    return b_;\n  }\n};\n"
        "template <class E> class unexpected {\n public:\n  void swap(unexpected& o);\n};\n"
        "int after_class(int x);\n"
    )
    assert signatures(cpp, "C++").splitlines() == [
        "class Range",
        " constexpr Range()",
        " constexpr Range(const Range<OtherIter>&, int)",
        " void assign(T, U)",
        " Iter begin()",
        "class unexpected",
        " void swap(unexpected&)",
        "int after_class(int)",
    ]


def test_cpp_return_type_over_lines_ends_where_its_brackets_close() -> None:
    cpp = (
        "class is_formattable {\n"
        "  static auto check(std::index_sequence<Is...>) -> std::conjunction<\n"
        "      is_formattable<Is, Char>...>;\n};\n\n"
        "auto write_name(OutputIt out, const std::type_info& ti) -> OutputIt {\n"
        "  return out;\n}\n"
    )
    shown = signatures(cpp, "C++").splitlines()
    assert shown[0] == "class is_formattable"
    assert shown[1].startswith(" static auto check(")
    assert shown[2:] == ["auto write_name(OutputIt, const std::type_info&)"]


def test_an_entry_point_lists_what_it_hands_on() -> None:
    ts = (
        "export * from '@vue/runtime-dom'\nexport { a, b as c } from './x'\n"
        "export type { T } from './t'\nexport {\n  one,\n  two\n}\n"
        "import { q } from 'q'\nexport function f(x: number) {}\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export * from '@vue/runtime-dom'",
        "export { a, b as c } from './x'",
        "export type { T } from './t'",
        "export { one, two }",
        "export function f(x)",
    ]
    rust = "pub use crate::a::{B, C};\npub(crate) use self::y::Z;\nuse std::io;\npub fn f() {}\n"
    assert signatures(rust, "Rust").splitlines() == [
        "pub use crate::a::{B, C};",
        "pub(crate) use self::y::Z;",
        "pub fn f()",
    ]
    # a Python package's __init__ that defines nothing: its imports are its API
    init = '"""The routing package."""\nfrom .map import Map as Map\nfrom .rules import (\n    Rule,\n    Submount,\n)\n'
    assert signatures(init, "Python").splitlines() == [
        "from .map import Map as Map",
        "from .rules import Rule, Submount",
    ]
    # a module that defines things keeps to its definitions
    assert signatures("from .a import b\n\ndef f(x):\n    return b(x)\n", "Python") == "def f(x)\n"


def test_a_python_class_with_its_body_on_its_line_shows_its_header_only() -> None:
    text = "class C(A): x: int = 3\nclass D: pass\nclass E(F[int], metaclass=M): ...\n"
    assert signatures(text, "Python") == "class C(A)\nclass D\nclass E(F[int], metaclass=M)\n"


def test_a_python_template_names_its_classes_with_placeholders() -> None:
    text = "class ${Name}Item(Item):\n    def parse(self, response):\n        pass\n"
    assert signatures(text, "Python") == "class ${Name}Item(Item)\n def parse(response)\n"


def test_a_typescript_type_over_several_lines_says_it_goes_on() -> None:
    text = "export type Props = Base &\n  Extra &\n  More\n\nfunction f(a: number) {}\n"
    assert signatures(text, "TypeScript") == "export type Props = Base & …\nfunction f(a)\n"


def test_methods_named_like_statement_keywords_are_listed() -> None:
    java = (
        "public class B {\n    public B with(int f) {\n        return this;\n    }\n\n"
        "    public static void yield() {\n    }\n\n"
        "    public B without(int f) {\n        return this;\n    }\n}\n"
    )
    assert signatures(java, "Java") == (
        "public class B\n public B with(f)\n public static void yield()\n public B without(f)\n"
    )
    ts = (
        "export class Manager {\n"
        "    async delete<Entity>(target: Entity, criteria: any): Promise<void> {\n"
        "        with (scope) { }\n        delete (cache[target])\n    }\n\n"
        "    protected filterByTarget<\n        T extends object,\n"
        "    >(array: T[], target: string): T[] {\n        return array\n    }\n}\n"
        "interface Store {\n    delete(id: string): void;\n}\n"
    )
    assert signatures(ts, "TypeScript") == (
        "export class Manager\n async delete<Entity>(target, criteria)\n"
        " protected filterByTarget<T>(array, target): T[]\ninterface Store\n delete(id): void\n"
    )


def test_a_body_line_at_the_margin_or_a_template_over_lines_ends_no_class() -> None:
    java = (
        "public class A {\n    public String first(int x) {\n        return String.format(\n"
        '"column-zero literal %s",\nx);\n    }\n\n    public int second() {\n'
        "        return 0;\n    }\n}\n"
    )
    assert (
        signatures(java, "Java")
        == "public class A\n public String first(x)\n public int second()\n"
    )
    ts = (
        "export class A {\n    f(): void {\n        const q = `${a(\n        )}\\``\n    }\n\n"
        "    after(x: number) {\n        return\n    }\n}\n"
    )
    assert signatures(ts, "TypeScript") == "export class A\n f(): void\n after(x)\n"


def test_c_headers_keep_macro_named_pointers_indented_prototypes_and_allman_typedefs() -> None:
    text = (
        "typedef void (APIENTRYP PFNCLEARPROC) (unsigned int mask);\n"
        "typedef void (APIENTRYP PFNFLUSHPROC) (void);\n"
        "#if defined(WINDOWS)\n"
        "  static FILE *my_fopen(const char *name, const char *mode)\n  {\n"
        "    return fopen(name, mode);\n  }\n"
        "\tvoid *pvGet( int xIndex );\n"
        "#endif /* a comment that goes on \\\n   to the next line */\n"
        "#define MULTI(a,        \\\n              b)        \\\n"
        "    { static int skipped(int x); }\n"
        "typedef enum\n{\n  IDLE = 0,\n}\nStateTypeDef;\n"
        "int after(int x);\n"
    )
    assert signatures(text, "C") == (
        "typedef void (APIENTRYP PFNCLEARPROC) (unsigned int mask)\n"
        "typedef void (APIENTRYP PFNFLUSHPROC) (void)\n"
        "static FILE *my_fopen(const char *, const char *)\n"
        "void *pvGet(int)\n"
        "#define MULTI(a, b)\n"
        "typedef enum StateTypeDef\n"
        "int after(int)\n"
    )


def test_cython_shows_cdef_classes_functions_and_c_types_as_python_does() -> None:
    pyx = (
        "cdef double INF = 1e300\n"
        "ctypedef np.float64_t DTYPE_t\n"
        "cdef struct Node:\n"
        "    int key\n"
        "cdef extern from 'heap.h' nogil:\n"
        "    ctypedef struct heap_t:\n"
        "        int size\n"
        "    int heap_init(heap_t *h, const char *name)\n"
        "\n"
        "cdef inline int index_min(int a, int b) noexcept nogil:\n"
        "    cdef int i = 0\n"
        "    cdef double x = sqrt(a)\n"
        "    return index_min(a, b)\n"
        "\n"
        "cdef class BinaryHeap(Base):\n"
        '    """A heap.\n'
        "\n"
        "cdef class NotAClass:\n"
        '    """\n'
        "    cdef readonly int count\n"
        "    def __init__(self, int initial_capacity=128):\n"
        "        pass\n"
        "    cpdef double pop(self, double[:, ::1] values not None) except -1:\n"
        "        pass\n"
        "    cdef (int, int) _pair(self, int (*cmp)(int, int)) nogil\n"
    )
    assert signatures(pyx, "Cython") == (
        "ctypedef np.float64_t DTYPE_t\n"
        "cdef struct Node\n"
        "cdef extern from 'heap.h' nogil\n"
        " ctypedef struct heap_t\n"
        " heap_init(h, name)\n"
        "cdef index_min(a, b)\n"
        "cdef class BinaryHeap(Base)\n"
        " def __init__(initial_capacity=128)\n"
        " cpdef pop(values)\n"
        " cdef _pair(cmp)\n"
    )


def test_each_type_of_a_go_type_group_gets_its_own_line() -> None:
    names = [f"ResponseNumber{k}" for k in range(1, 13)]
    group = "".join(f"\t{name} pb.{name}\n" for name in names)
    go = (
        f"package p\n\ntype (\n{group}"
        "\t// Handler handles.\n"
        "\tHandler struct {\n\t\tn int\n\t}\n"
        "\tputFunc func(kv KV, key []byte) int64\n"
        "\tdeleteFunc func(kv KV, key []byte) (n, rev int64)\n"
        ")\n\nfunc F() {}\n"
    )
    shown = "".join(f"type {name} pb.{name}\n" for name in names)
    assert signatures(go, "Go") == (
        f"{shown}type Handler struct\n"
        "type putFunc func(kv KV, key []byte) int64\n"
        "type deleteFunc func(kv KV, key []byte) (n, rev int64)\n"
        "func F()\n"
    )


def test_long_names_stay_whole_and_defaults_go_all_or_none() -> None:
    common = (
        "test_solver_does_not_trigger_conflict_for_python_constraint_if_requirement_is_compatible"
    )
    py = (
        f"def {common}(a):\n    pass\n"
        f"def {common}_multiple(a):\n    pass\n"
        "class Deferred:\n"
        "    def addCallbacks(\n"
        "        self,\n"
        "        callback: Callable[..., Deferred[_NextResultT]],\n"
        "        errback: Callable[..., Deferred[_NextResultT]] | None = None,\n"
        "        callbackArgs: Tuple[Any, ...] = (),\n"
        "        callbackKeywords: Mapping[str, Any] = _NONE_KWARGS,\n"
        "        errbackArgs: Tuple[object, ...] = (),\n"
        "    ) -> None:\n"
        "        pass\n"
        "    def run(self, /, f, *args, **kwargs):\n"
        "        pass\n"
        "class DeferredList(  # type: ignore[misc]\n"
        "    Deferred[Any],\n"
        "):\n"
        "    pass\n"
    )
    assert signatures(py, "Python") == (
        f"def {common}(a)\n"
        f"def {common}_multiple(a)\n"
        "class Deferred\n"
        " def addCallbacks(callback, errback=…, callbackArgs=…, callbackKeywords=…, errbackArgs=…)\n"
        " def run(f, *args, **kwargs)\n"
        "class DeferredList(Deferred[Any])\n"
    )


def test_a_long_python_line_keeps_its_parameters_optional() -> None:
    # Over 100 characters with `=…`, within the 160 its names alone may take: dropping the
    # `=` would show every parameter as one a call must pass.
    counts = ", ".join(f"{n}: int = 0" for n in ("added", "removed", "renamed", "copied"))
    more = ", ".join(f"{n}=0" for n in ("ignored", "untracked", "conflicts", "submodules"))
    # Over 160 even so: cut after the last parameter that fits whole, never inside `b=…`.
    many = ", ".join(f"option_number_{i}=None" for i in range(12))
    py = (
        "class Status:\n"
        f"    def expect_counts(self, {counts}, {more}) -> None:\n        pass\n"
        f"def configure(target, /, *, {many}):\n    pass\n"
    )
    shown_many = ", ".join(f"option_number_{i}=…" for i in range(6))
    assert signatures(py, "Python") == (
        "class Status\n"
        " def expect_counts(added=…, removed=…, renamed=…, copied=…, ignored=…, untracked=…,"
        " conflicts=…, submodules=…)\n"
        f"def configure(target, /, *, {shown_many}, …\n"
    )


def test_cpp_unnamed_packs_stay_variadic_and_their_brackets_balanced() -> None:
    cpp = (
        "template <typename Char, typename... Args>\n"
        "constexpr auto index_of(const Char* name, type_list<Args...>) -> int { return 0; }\n"
        "template <typename T, typename... Tail>\n"
        "constexpr auto first(const T& value, const Tail&...) -> const T& { return value; }\n"
        "void take(type_list<Args>, const Tail&... rest);\n"
    )
    assert signatures(cpp, "C++").splitlines() == [
        "constexpr auto index_of(const Char*, type_list<Args...>)",
        "constexpr auto first(const T&, const Tail&...)",
        "void take(type_list<Args>, const Tail&...)",
    ]


def test_cpp_one_line_templates_with_parameter_packs_are_functions() -> None:
    cpp = (
        "namespace n {\n"
        "template <typename... T> void print(format_string<T...> fmt, T&&... args);\n"
        "class Writer {\n"
        " public:\n"
        "  template <typename... T> Writer(T&&... parts);\n"
        "  template <typename... T> void write(T&&... args) const;\n"
        "};\n"
        "}\n"
        "template <typename... T> auto make(T... a) -> tuple<T...> { return {a...}; }\n"
    )
    assert signatures(cpp, "C++").splitlines() == [
        "namespace n",
        "template <typename... T> void print(format_string<T...>, T&&...)",
        "class Writer",
        " template <typename... T> Writer(T&&...)",
        " template <typename... T> void write(T&&...)",
        "template <typename... T> auto make(T...)",
    ]


def test_a_javascript_regular_expression_opens_no_template_string() -> None:
    # Its backticks are the pattern's: the methods after it are still listed; a division
    # is no regular expression.
    ts = (
        "export class Helper {\n"
        "  private static readonly QUOTED = /then\\s+`([^`]+)`\\s+end/i;\n"
        "  alpha(name: string, total: number): number {\n    const half = total / 2 / 3;\n"
        "    const rest = total-- / 2 + `a/b\n    c`;\n"
        "    return half;\n  }\n"
        "  beta(count: number): number {\n    return count;\n  }\n}\n"
    )
    assert (
        signatures(ts, "TypeScript")
        == "export class Helper\n alpha(name, total): number\n beta(count): number\n"
    )


def test_a_python_module_of_constants_lists_their_names() -> None:
    # A settings module: two hundred defaults and one function; its signatures name them.
    settings = "".join(f"SETTING_{i} = {i}\n" for i in range(10)) + (
        "\n\ndef __getattr__(name):\n    raise AttributeError(name)\n"
    )
    assert signatures(settings, "Python") == "def __getattr__(name)\n" + "".join(
        f"SETTING_{i} = …\n" for i in range(10)
    )
    # a module with functions of its own keeps to them; a few constants say little
    module = "A = 1\nB = 2\n\ndef f(x):\n    return x\n"
    assert signatures(module, "Python") == "def f(x)\n"


def test_a_jsx_closing_tag_is_no_regular_expression() -> None:
    # `</p>` on a line that opens a template string: the template is open after it
    jsx = (
        "export function Badge({ n }) {\n  return <p>{n}</p> + `a/b\n  c ${n}`;\n}\n"
        "export function after(a) {\n  return a;\n}\n"
    )
    assert (
        signatures(jsx, "JavaScript") == "export function Badge({ n })\nexport function after(a)\n"
    )


def test_a_rust_impl_header_wrapped_before_for_keeps_the_type() -> None:
    rs = (
        "impl<'s, F: FnMut() -> Visitor<'s>> VisitorBuilder<'s>\n"
        "    for FnBuilder<F>\n"
        "{\n"
        "    fn build(&mut self) -> Box<dyn Visitor + 's> {\n"
        "        (self.builder)()\n"
        "    }\n"
        "}\n"
        "\n"
        "unsafe impl<'a, P: Send> Sync\n"
        "    for &'a mut P\n"
        "{\n"
        "}\n"
        "impl Marker for Unit {}\n"
        "for i in 0..3 {}\n"  # (a loop after a closed impl is no part of it)
    )
    assert signatures(rs, "Rust") == (
        "impl<'s, F: FnMut() -> Visitor<'s>> VisitorBuilder<'s> for FnBuilder<F>\n"
        " fn build(&mut self)\n"
        "unsafe impl<'a, P: Send> Sync for &'a mut P\n"
        "impl Marker for Unit\n"
    )


def test_a_ruby_attribute_list_over_lines_keeps_every_name() -> None:
    names = [f":field_{k}" for k in range(30)]
    rb = (
        "class Site\n"
        "  attr_reader :source\n"
        f"  attr_accessor {', '.join(names[:10])},\n"
        f"                {', '.join(names[10:20])},\n"
        f"                {', '.join(names[20:])}\n"
        "\n"
        "  def initialize(config)\n"
        "    @config = config\n"
        "  end\n"
        "end\n"
    )
    shown = signatures(rb, "Ruby").rstrip("\n").split("\n")
    accessors = [line for line in shown if line.startswith(" attr_accessor ")]
    assert len(accessors) > 1 and all(len(line) <= 101 for line in accessors)
    listed = [n.strip() for line in accessors for n in line[15:].split(",")]
    assert listed == names
    assert shown[1] == " attr_reader :source" and shown[-1] == " def initialize(config)"


def test_a_route_decorator_is_shown_with_its_path() -> None:
    py = (
        '@app.get("/items/{item_id}")\nasync def read_item(item_id: int):\n    return item_id\n\n'
        '@router.post("/users", response_model=User)\ndef create_user(user):\n    return user\n\n'
        '@cache.get("key")\ndef cached():\n    pass\n\n'  # (no path: no route)
        "@app.get(\n    '/multi',\n)\ndef spread():\n    pass\n"
    )
    assert signatures(py, "Python") == (
        '@get("/items/{item_id}") async def read_item(item_id)\n'
        '@post("/users") def create_user(user)\n'
        "def cached()\n"
        '@get("/multi") def spread()\n'  # (its path on the line below)
    )


def test_a_rust_test_module_is_one_line_of_signatures() -> None:
    from repoview.compress import signatures

    text = (
        "pub struct Router { inner: u32 }\n"
        "impl Router {\n    pub fn new() -> Self { Router { inner: 0 } }\n}\n"
        "#[cfg(test)]\n// the tests\nmod tests {\n    use super::*;\n"
        '    const S: &str = "}{";\n'
        "    #[test]\n    fn routes() { let c = '}'; /* } */ assert!(true); }\n"
        "    fn helper<'a>(x: &'a str) -> u32 { 1 }\n}\n"
        "pub fn after() {}\n"
    )
    assert signatures(text, "Rust").splitlines() == [
        "pub struct Router { inner: u32 }",
        "impl Router",
        " pub fn new() -> Self",
        "mod tests { routes, helper }",
        "pub fn after()",
    ]
