"""Swift and Elixir outlines and signatures: a declaration's whole head, a type's stored
properties and doc summaries, each initializer and overload, and doc heredocs read as docs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.compress import compress, signatures

from .conftest import Run

_SWIFT_BODY = "".join(f"        let step{i} = {i}\n" for i in range(5))
_SWIFT = f"""\
import Foundation

/// A client that sends requests.
open class Client {{
    /// The shared client.
    public static let `default` = Client()

    /// How requests are set up.
    public enum Setup {{
        /// Lazily.
        case lazy
        /// Eagerly.
        case eager
    }}

    /// The session used.
    public let session: URLSession
    /// The queue used.
    public let queue: DispatchQueue

    /// Creates a client.
    ///
    /// - Parameter session: the session.
    public init(session: URLSession,
                queue: DispatchQueue,
                setup: Setup = .lazy) {{
{_SWIFT_BODY}        self.session = session
        self.queue = queue
    }}

    /// Sends a request.
    open func send(_ url: URL,
                   method: String = "GET",
                   headers: [String: String]? = nil) -> Int {{
{_SWIFT_BODY}        return step1
    }}

    /// Sends data.
    open func send(_ data: Data, to url: URL) -> Int {{
{_SWIFT_BODY}        return data.count
    }}

    func wait<T>(for value: T)
        async throws -> T
        where T: Sendable {{
{_SWIFT_BODY}        return value
    }}
}}
"""


def test_a_swift_outline_keeps_whole_heads_properties_cases_and_doc_summaries() -> None:
    outline = compress(_SWIFT, "Swift")
    for kept in (
        "    public init(session: URLSession,\n"
        "                queue: DispatchQueue,\n"
        "                setup: Setup = .lazy) {\n",
        "    open func send(_ url: URL,\n"
        '                   method: String = "GET",\n'
        "                   headers: [String: String]? = nil) -> Int {\n",
        "    func wait<T>(for value: T)\n        async throws -> T\n        where T: Sendable {\n",
        "    public let session: URLSession\n",
        "    public let queue: DispatchQueue\n",
        "        case lazy\n",
        "        case eager\n",
        "    /// Creates a client.\n",
        "    /// Sends data.\n",
    ):
        assert kept in outline, kept
    assert "step3" not in outline and "self.queue = queue" not in outline
    assert "- Parameter session" not in outline  # (past the doc's first paragraph)
    assert outline.rstrip().endswith("}")  # the class's closing brace
    assert outline.count("{") == outline.count("}")


def test_swift_directives_inside_a_body_do_not_end_it() -> None:
    body = "".join(f"        let v{i} = {i}\n" for i in range(6))
    text = (
        "struct S {\n    func run() {\n"
        + body
        + "#if DEBUG\n        print(v1)\n#endif\n"
        + body
        + "    }\n\n    let name: String\n}\n"
    ) * 3
    outline = compress(text, "Swift")
    assert "v4" not in outline and "print(v1)" not in outline
    assert outline.count("    let name: String\n") == 3


def test_swift_signatures_list_initializers_and_each_overload() -> None:
    shown = signatures(_SWIFT, "Swift")
    assert " public init(session, queue, setup=.lazy)\n" in shown
    assert ' open func send(_ url, method="GET", headers=nil) -> Int\n' in shown
    assert " open func send(_ data, to url) -> Int\n" in shown
    # Overloads told apart by their types too, each shown with them: by their labels alone
    # they would read as one (`onHTTPResponse(on queue, perform handler)` twice).
    typed = (
        "class A {\n    func put(_ v: Int) {}\n    func put(_ v: @escaping (String) -> Void) {}\n"
        "    func take(_ v: Int = 1) {}\n    init?(raw: Int) {}\n}\n"
    )
    assert signatures(typed, "Swift") == (
        "class A\n func put(_ v: Int)\n func put(_ v: (String) -> Void)\n func take(_ v=1)\n"
        " init?(raw)\n"
    )


_MODULE_DOC = "\n".join(
    [
        "  A shopping cart.",
        "",
        *(f"  Paragraph line {i} of prose about carts." for i in range(20)),
        "",
        "  ## Examples",
        "",
        "      defmodule MyApp.Checkout do",
        "        use Shop.Cart",
        "        def run(cart), do: cart",
        "      end",
        "",
        "  struct:",
        "",
    ]
)
_FUNCTIONS = "".join(
    f"  def step{i}(cart, n) do\n    a = n + {i}\n    b = a * 2\n    c = b - 1\n"
    f"    Map.put(cart, :n, c)\n  end\n\n"
    for i in range(8)
)
_ELIXIR = f'''\
defmodule Shop.Cart do
  @moduledoc """
{_MODULE_DOC}
  """

  @doc """
  Adds an item to the cart.

  ## Examples

      iex> Shop.Cart.add(%{{}}, :apple)
      %{{apple: 1}}
  """
  def add(cart, item) do
    count = Map.get(cart, item, 0)
    total = count + 1
    Map.put(cart, item, total)
  end

{_FUNCTIONS}end
'''


def test_an_elixir_outline_keeps_each_docs_first_paragraph_and_no_example_code() -> None:
    outline = compress(_ELIXIR, "Elixir")
    assert '  @moduledoc """\n  A shopping cart.\n  """\n' in outline
    assert '  @doc """\n  Adds an item to the cart.\n  """\n  def add(cart, item) do\n' in outline
    for gone in ("MyApp.Checkout", "use Shop.Cart", "def run(cart)", "struct:", "iex>"):
        assert gone not in outline, gone
    assert "Paragraph line 3" not in outline
    assert "  def step7(cart, n) do\n" in outline and "Map.put(cart, :n, c)" not in outline
    assert outline.rstrip().endswith("end")


def test_an_elixir_macro_keeps_the_functions_it_injects() -> None:
    plain = "".join(f"    opt{i} = Keyword.get(opts, :k{i})\n" for i in range(6))
    text = (
        "defmodule Shop.Web do\n  defmacro __using__(opts) do\n"
        + plain
        + "    quote do\n      def config(key), do: unquote(opt1)[key]\n\n"
        "      def start(arg) do\n" + plain.replace("    ", "        ") + "        arg\n"
        "      end\n    end\n  end\n\n" + _FUNCTIONS + "end\n"
    )
    outline = compress(text, "Elixir")
    assert "      def config(key), do: unquote(opt1)[key]\n" in outline
    assert "      def start(arg) do\n" in outline
    assert "opt4 = " not in outline  # the macro's own code, and the function's body


def test_an_interpolation_inside_a_doc_holds_its_own_heredoc() -> None:
    text = (
        'defmodule M do\n  for verb <- [:get, :head] do\n    @doc """\n'
        "    Handles #{verb}.\n\n    #{if verb == :head do\n"
        '      """\n      Extra text.\n      def fake(x), do: x\n      """\n    end}\n'
        '    """\n    def unquote(verb)(path) do\n      path\n    end\n  end\n\n'
        + _FUNCTIONS
        + "end\n"
    )
    outline = compress(text, "Elixir")
    assert (
        '    @doc """\n    Handles #{verb}.\n    """\n    def unquote(verb)(path) do\n' in outline
    )
    assert "fake" not in outline and "Extra text" not in outline


def test_a_compressed_pack_outlines_swift_and_elixir(
    make_repo: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    repo = make_repo({"Sources/Client.swift": _SWIFT, "lib/cart.ex": _ELIXIR})
    run = cli("pack", "--compress", "--format", "json", cwd=repo)
    assert run.code == 0, run.err
    texts = {f["path"]: f["content"] for f in run.json()["files"]}
    assert "                setup: Setup = .lazy) {\n" in texts["Sources/Client.swift"]
    assert "MyApp.Checkout" not in texts["lib/cart.ex"]
    assert "  Adds an item to the cart.\n" in texts["lib/cart.ex"]


def test_an_elixir_callback_named_init_keeps_its_line() -> None:
    text = "defmodule M do\n  @callback init(state) :: {:ok, state}\nend\n"
    assert signatures(text, "Elixir") == "defmodule M\n @callback init(state) :: {:ok, state}\n"


def test_a_line_comment_holding_a_block_comments_opening_hides_nothing() -> None:
    # `/// Any media type (*/*)` is a line comment: the declarations after it stay.
    body = "".join(f"        let v{i} = {i}\n" for i in range(20))
    swift = (
        "public struct Kind {\n"
        f"    public func work(x: Int) -> Int {{\n{body}        return x\n    }}\n}}\n\n"
        "public extension Kind {\n    /// Any media type (*/*).\n"
        '    static let any = Kind(name: "*/*")\n    static let json = Kind(name: "json")\n}\n'
    )
    outline = compress(swift, "Swift")
    assert "static let json" in outline and outline.rstrip().endswith("}")
    kotlin = (
        "class Kind(val name: String) {\n"
        f"    fun work(x: Int): Int {{\n{body.replace('let', 'val')}        return x\n    }}\n"
        "    // any media type (*/*)\n"
        f"    fun more(x: Int): Int {{\n{body.replace('let', 'val')}        return x\n    }}\n}}\n"
    )
    outline = compress(kotlin, "Kotlin")
    assert "fun more(x: Int): Int {" in outline and "val v0" not in outline


def test_swift_signatures_keep_operators_backtick_names_and_package_access() -> None:
    body = "        let a = 1\n        return a\n    }\n"
    swift = (
        "public struct V: Equatable {\n"
        f"    public static func == (lhs: V, rhs: V) -> Bool {{\n{body}"
        f"    public static func `default`() -> V {{\n{body}}}\n\n"
        "package struct Responder {\n"
        f"    package init(routes: [String]) {{\n{body}"
        f"    private func lookup(_ path: String) -> Int {{\n{body}}}\n"
        "func register() {\n    let f = { (x: Int) in x }\n    print(f)\n}\n"
    )
    assert signatures(swift, "Swift") == (
        "public struct V: Equatable\n public static func ==(lhs, rhs) -> Bool\n"
        " public static func `default`() -> V\npackage struct Responder\n package init(routes)\n"
        " private func lookup(_ path) -> Int\nfunc register()\n"
    )
    ruby = "class Money\n  def ==(other)\n    amount == other.amount\n  end\n\n  def [](key)\n    @h[key]\n  end\nend\n"
    assert signatures(ruby, "Ruby") == "class Money\n def ==(other)\n def [](key)\n"
    # (an assignment to a variable named `func` defines no operator)
    js = (
        'test("throws", () => {\n  const func = () => build("a");\n  expect(func).toThrow();\n});\n'
    )
    assert signatures(js, "JavaScript") == 'test("throws")\n'


def test_swift_signatures_show_results_effects_properties_and_requirements() -> None:
    # A function's effects and result (`async throws -> T`), a type's properties, a
    # protocol's requirements and an enum's cases: a Swift type's API beyond its functions.
    swift = (
        "public struct Box<T> {\n"
        "    @Published public var value: T\n"
        "    public private(set) var count: Int = 0\n"
        "    public static let shared = Box()\n"
        "    var cache: [String: Int] = [:]\n"  # (internal, in a file that marks its API)
        "    private var secret = 1\n"
        "    public var isEmpty: Bool {\n        count == 0\n    }\n"
        "    public func load(from url: URL) async throws -> T {\n        fatalError()\n    }\n"
        "    func parse() throws(ParseError) -> some Collection { [] }\n"
        "    subscript(key: String) -> Int? { nil }\n"
        "}\n"
        "public protocol Store: AnyObject {\n"
        "    associatedtype Element: Equatable\n"
        "    var id: Int { get }\n"
        "    var name: String { get set }\n"
        "    func fetch() async -> [Element]\n"
        "}\n"
        "public enum Method: String {\n"
        "    case get, post\n"
        '    case custom = "X"\n'
        "    public var label: String { rawValue }\n"
        "    func switched() -> Int {\n        switch self {\n        case .get: return 1\n"
        "        default: return 2\n        }\n    }\n"
        "}\n"
    )
    assert signatures(swift, "Swift").rstrip("\n").split("\n") == [
        "public struct Box<T>",
        " public var value: T",
        " public private(set) var count: Int",
        " public static let shared",
        " public var isEmpty: Bool",
        " public func load(from url) async throws -> T",
        " func parse() throws(ParseError) -> some Collection",
        " subscript(key) -> Int?",
        "public protocol Store: AnyObject",
        " associatedtype Element: Equatable",
        " var id: Int { get }",
        " var name: String { get set }",
        " func fetch() async -> [Element]",
        "public enum Method: String",
        " case get, post, custom",
        " public var label: String",
        " func switched() -> Int",
    ]
    # In a file that marks nothing public (an app's), its types' properties are its API.
    app = "struct Row {\n    let title: String\n    var done = false\n}\n"
    assert signatures(app, "Swift") == "struct Row\n let title: String\n var done\n"


def test_an_elixir_guard_below_its_head_stays_with_it() -> None:
    # A guard on the line below the parameters is the head's: the outline kept the head
    # without it or its `do`, and the signatures lost it where a guard on the head's line
    # is shown (a `defp`'s line as written; a `def`'s by its parameters' names, as always).
    body = "".join(f"    x{i} = Map.get(payload, :k{i})\n" for i in range(20))
    elixir = (
        "defmodule Phoenix.PubSub do\n"
        "  def broadcast(server, topic, event, payload)\n"
        "      when is_binary(topic) and is_binary(event) do\n"
        f"{body}    :ok\n  end\n\n"
        "  defp local(server, topic)\n"
        "       when is_atom(server) and\n"
        "              is_binary(topic) do\n"
        f"{body}    :ok\n  end\n"
        "end\n"
    )
    outline = compress(elixir, "Elixir")
    assert (
        "  def broadcast(server, topic, event, payload)\n"
        "      when is_binary(topic) and is_binary(event) do\n"
        "    # ... 21 lines elided\n  end\n"
    ) in outline
    assert "              is_binary(topic) do\n    # ... 21 lines elided\n  end\n" in outline
    assert signatures(elixir, "Elixir") == (
        "defmodule Phoenix.PubSub\n"
        " def broadcast(server, topic, event, payload)\n"
        " defp local(server, topic) when is_atom(server) and is_binary(topic)\n"
    )


def test_an_elixir_function_a_macro_names_keeps_its_name_and_parameters() -> None:
    # `def unquote(:"#{helper}_path")(conn, opts)` read `def unquote()`, and every other
    # function named by `unquote` was left out as its repeat.
    elixir = (
        "defmodule Helpers do\n"
        "  defmacro __before_compile__(_env) do\n"
        "    quote do\n"
        '      def unquote(:"#{helper}_path")(conn, opts) do\n'
        "        path(conn, opts)\n"
        "      end\n"
        '      def unquote(:"#{helper}_url")(\n'
        "            conn,\n"
        "            opts\n"
        "          ) do\n"
        "        url(conn, opts)\n"
        "      end\n"
        "      def unquote(name)(), do: :ok\n"
        "    end\n"
        "  end\n"
        "end\n"
    )
    assert signatures(elixir, "Elixir") == (
        "defmodule Helpers\n"
        " defmacro __before_compile__(_env)\n"
        '  def unquote(:"#{helper}_path")(conn, opts)\n'
        '  def unquote(:"#{helper}_url")(conn, opts)\n'
        "  def unquote(name)()\n"
    )


def test_a_swift_functions_where_clause_is_shown_while_short() -> None:
    text = (
        "extension Sequence {\n"
        "    func uniqued<T>(by transform: (Element) throws -> T) rethrows -> [Element]"
        " where T: Hashable {\n        []\n    }\n}\n"
    )
    lines = signatures(text, "Swift").splitlines()
    assert lines[1] == " func uniqued(by transform) rethrows -> [Element] where T: Hashable"


def test_a_swift_result_on_the_line_below_its_parameters_is_the_functions() -> None:
    text = (
        "struct V {\n"
        "    func reducingHelpVisibility(to visibility: ArgumentVisibility)\n"
        "        -> Self\n    {\n        self\n    }\n"
        "    func uniqued<T: Hashable>(by transform: (Element) throws -> T)\n"
        "        rethrows -> [Element]\n    {\n        []\n    }\n}\n"
    )
    assert signatures(text, "Swift").splitlines()[1:] == [
        " func reducingHelpVisibility(to visibility) -> Self",
        " func uniqued(by transform) rethrows -> [Element]",
    ]


def test_elixir_signatures_keep_each_name_mark_and_arity() -> None:
    # `broadcast!` is another function than `broadcast`, `config/2` than `config/1`; a
    # callback is not the function that implements it; clauses of one function are one.
    ex = (
        "defmodule Phoenix.Endpoint do\n"
        "  @callback broadcast(topic, event, msg) :: :ok | {:error, term}\n"
        "  @callback broadcast!(topic, event, msg) :: :ok\n"
        "  def broadcast(a, b, c), do: 1\n"
        "  def broadcast!(a, b, c), do: 1\n"
        "  def server?(conn, opts), do: true\n"
        "  defp config(opts), do: opts\n"
        "  def config(key, default), do: key\n"
        "  def current_url(conn), do: conn\n"
        "  def current_url(conn, params), do: conn\n"
        "  def current_url(%{} = conn, params), do: conn\n"
        "end\n"
    )
    assert signatures(ex, "Elixir") == (
        "defmodule Phoenix.Endpoint\n"
        " @callback broadcast(topic, event, msg) :: :ok | {:error, term}\n"
        " @callback broadcast!(topic, event, msg) :: :ok\n"
        " def broadcast(a, b, c)\n"
        " def broadcast!(a, b, c)\n"
        " def server?(conn, opts)\n"
        " defp config(opts)\n"
        " def config(key, default)\n"
        " def current_url(conn)\n"
        " def current_url(conn, params)\n"
    )
