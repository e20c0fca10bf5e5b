"""C# and Dart outlines (read from indentation, as Kotlin's): each member's head stays with its
doc summary and its body goes, a property's accessors too; Dart's signatures list methods and
top-level functions."""

from __future__ import annotations

from repoview.compress import compress, signatures

_BODY = "".join(f"            var step{i} = Compute({i});\n" for i in range(6))
_CS = f"""\
using System;

namespace Acme.Json
{{
    /// <summary>
    /// Reads JSON text.
    /// </summary>
    /// <param name="reader">The text to read.</param>
    /// <remarks>Not thread safe.</remarks>
    public partial class JsonTextReader : JsonReader, IDisposable
    {{
        private const char Replacement = '\\uFFFD';
#if DEBUG
        internal int BufferLength {{ get; set; }} = 64;
#endif
        private readonly TextReader _reader;

        public JsonTextReader(TextReader reader)
            : base(reader)
        {{
{_BODY}            _reader = reader;
        }}

        public IArrayPool<char>? ArrayPool
        {{
            get => _pool;
            set
            {{
{_BODY.replace("            ", "                ")}                _pool = value;
            }}
        }}

        /// <summary>Reads the next token.</summary>
        public override bool Read()
        {{
{_BODY}            return true;
        }}

        private static T Parse<T>(string text, int start) where T : struct
        {{
{_BODY}            return default;
        }}
    }}
}}
"""


def test_csharp_outline_keeps_every_member_head_and_elides_the_bodies() -> None:
    outline = compress(_CS, "C#")
    for kept in (
        "public partial class JsonTextReader : JsonReader, IDisposable",
        "private const char Replacement",
        "internal int BufferLength { get; set; } = 64;",
        "public JsonTextReader(TextReader reader)",
        ": base(reader)",
        "public IArrayPool<char>? ArrayPool",
        "get => _pool;",
        "public override bool Read()",
        "private static T Parse<T>(string text, int start) where T : struct",
        "/// Reads JSON text.",
    ):
        assert kept in outline, kept
    # Bodies go (each `{` stays on its line, with the head); `#if` ends no class.
    assert "Compute(" not in outline and "return true" not in outline
    assert outline.count("lines elided */") == 4
    assert "#endif" in outline and outline.rstrip().endswith("    }\n}")
    # The doc comment's summary, not its parameters and remarks
    assert "<param" not in outline and "Not thread safe" not in outline
    assert len(outline) < len(_CS) * 2 // 3


_DART_BODY = "".join(f"    final step{i} = compute({i});\n" for i in range(6))
_DART = f"""\
import 'dart:async';

/// Sends requests.
///
/// Longer words about the client.
abstract mixin class BaseClient implements Client {{
  final void Function(void Function()) _onError;
  final Map<String, String> _headers = {{}};

  BaseClient(this._onError);

  /// Sends a HEAD request.
  Future<Response> head(Uri url, {{Map<String, String>? headers}}) =>
      _send('HEAD', url, headers);

  Future<Response> get(Uri url, {{Map<String, String>? headers}}) async {{
{_DART_BODY}    return response;
  }}

  int get pending => _headers.length;

  set timeout(Duration value) {{
{_DART_BODY}  }}

  static Future<BaseClient> connect(String host) async {{
{_DART_BODY}    return client;
  }}
}}

Future<String> read(Uri url, {{Map<String, String>? headers}}) =>
    _withClient((client) => client.read(url, headers: headers));

Future<T> _withClient<T>(Future<T> Function(Client) fn) async {{
{_DART_BODY}  return result;
}}
"""


def test_dart_outline_keeps_members_and_elides_bodies() -> None:
    outline = compress(_DART, "Dart")
    for kept in (
        "abstract mixin class BaseClient implements Client {",
        "final Map<String, String> _headers = {};",
        "BaseClient(this._onError);",
        "Future<Response> head(Uri url, {Map<String, String>? headers}) =>",
        "Future<Response> get(Uri url, {Map<String, String>? headers}) async {",
        "int get pending => _headers.length;",
        "set timeout(Duration value) {",
        "static Future<BaseClient> connect(String host) async {",
        "Future<T> _withClient<T>(Future<T> Function(Client) fn) async {",
        "/// Sends requests.",
    ):
        assert kept in outline, kept
    assert "compute(" not in outline and "Longer words" not in outline


def test_dart_signatures_list_methods_and_top_level_functions() -> None:
    assert signatures(_DART, "Dart") == (
        "abstract mixin class BaseClient implements Client\n"
        " BaseClient(this._onError)\n"
        " Future<Response> head(Uri url, {Map<String, String>? headers})\n"
        " Future<Response> get(Uri url, {Map<String, String>? headers})\n"
        " set timeout(Duration value)\n"
        " static Future<BaseClient> connect(String host)\n"
        "Future<String> read(Uri url, {Map<String, String>? headers})\n"
        "Future<T> _withClient<T>(Future<T> Function(Client) fn)\n"
    )


def test_a_dart_multi_line_string_holds_no_definitions() -> None:
    body = "".join(f"    x{i} = x{i} + {i};\n" for i in range(3))
    dart = (
        "class A {\n  String s = '''\n}\nvoid fake() {}\n''';\n"
        f"  int real(int x) {{\n{body}    return x;\n  }}\n}}\n"
    )
    assert signatures(dart, "Dart") == "class A\n int real(int x)\n"


def test_a_dart_double_quoted_multi_line_string_holds_no_definitions() -> None:
    dart = (
        'class A {\n  String banner() {\n    return """\nclass NotReal {\n  void fake() {}\n}\n""";\n'
        "  }\n\n  void greet(int times) {\n    print('hi');\n  }\n}\n"
        "String usage() => '''\nvoid alsoFake() {}\n''';\nint after(String s) => s.length;\n"
    )
    assert signatures(dart, "Dart") == (
        "class A\n String banner()\n void greet(int times)\nString usage()\nint after(String s)\n"
    )
