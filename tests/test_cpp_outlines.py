"""C++ outlines and signatures of a library's public classes: an export macro in the class
head, and argument comments in a call."""

from __future__ import annotations

import pytest

from repoview.compress import compress, signatures

_MEMBERS = (
    "static Status Open(const Options& options, const std::string& name,",
    "DB** dbptr);",
    "virtual ~DB();",
    "virtual Status Put(const WriteOptions& options, const Slice& key,",
    "const Slice& value) = 0;",
    "virtual Status Get(const ReadOptions& options, const Slice& key,",
    "int version = 1;",
    "enum class Mode { kRead, kWrite };",
)


def _class(head: str) -> str:
    return (
        '#ifndef KV_DB_H_\n#define KV_DB_H_\n\n#include "kv/export.h"\n\nnamespace kv {\n\n'
        "// A DB is a persistent ordered map.\n"
        f"{head} {{\n"
        " public:\n"
        "  // Open the database with the specified name.\n"
        "  static Status Open(const Options& options, const std::string& name,\n"
        "                     DB** dbptr);\n\n"
        "  DB() = default;\n"
        "  virtual ~DB();\n\n"
        "  // Set the database entry for key to value.\n"
        "  virtual Status Put(const WriteOptions& options, const Slice& key,\n"
        "                     const Slice& value) = 0;\n\n"
        "  virtual Status Get(const ReadOptions& options, const Slice& key,\n"
        "                     std::string* value) = 0;\n\n"
        "  bool Empty() const {\n"
        "    int n = 0;\n"
        "    for (int i = 0; i < 10; i++) n += Count(i);\n"
        "    return n == 0;\n"
        "  }\n\n"
        "  int version = 1;\n"
        "  enum class Mode { kRead, kWrite };\n"
        "};\n\n"
        "}  // namespace kv\n\n#endif\n"
    )


@pytest.mark.parametrize(
    "head",
    [
        "class DB",
        "class KV_EXPORT DB",
        "struct KV_EXPORT DB",
        "class KV_API DB : public Base",
        "class KV_EXPORT KV_DEPRECATED DB final",
        "template <typename T>\nclass KV_EXPORT DB",
    ],
)
def test_a_class_with_an_export_macro_keeps_its_members(head: str) -> None:
    outline = compress(_class(head), "C++")
    assert f"{head.splitlines()[-1]} {{\n" in outline  # the macro is still shown
    for member in _MEMBERS:
        assert member in outline
    # only the method's body is elided
    assert "bool Empty() const {" in outline and "n += Count(i)" not in outline
    assert outline.count("/* ... */") == 1


def test_a_forward_declaration_with_an_export_macro_is_left_as_it_is() -> None:
    text = "namespace kv {\nclass KV_EXPORT DB;\nstruct KV_EXPORT Options;\n}\n"
    assert compress(text, "C++") == text


_ENV = """\
class Env7 : public Env {
 public:
  Status Rename(const std::string& from, const std::string& to) override {
    if (::Replace(to.c_str(), /*backup=*/nullptr,
                  /*exclude=*/nullptr, /*reserved=*/nullptr)) {
      return Status::OK();
    }
    return Status::OK();
  }
  Status Lock(const std::string& filename) override { return Error("lock " + filename); }
  bool FileExists(const std::string& filename) override { return true; }
};
int After(int x) { return x; }
"""


def test_argument_comments_in_a_call_do_not_end_the_class() -> None:
    assert signatures(_ENV, "C++") == (
        "class Env7 : public Env\n"
        " Status Rename(const std::string&, const std::string&)\n"
        " Status Lock(const std::string&)\n"
        " bool FileExists(const std::string&)\n"
        "int After(int)\n"
    )


def test_an_annotation_comment_before_a_definition_still_goes() -> None:
    c = "/*@null@*/ static PyObject*\nWcsprm_copy(\n    Wcsprm* self) {\n  return NULL;\n}\n"
    assert signatures(c, "C") == "static PyObject* Wcsprm_copy(Wcsprm*)\n"


def test_a_members_comment_keeps_its_first_sentence_as_a_docstring_would() -> None:
    text = _class("class KV_EXPORT DB").replace(
        "  // Set the database entry for key to value.\n",
        "  // Set the database entry for key to value.\n  //\n  // Note: it may block.\n",
    )
    outline = compress(text, "C++")
    assert "  // Set the database entry for key to value.\n  virtual Status Put(" in outline
    assert "it may block" not in outline
    assert "\n\n\n" not in outline
    assert (
        " public:\n  // Open the database with the specified name.\n  static Status Open("
        in outline
    )


_BODY = "".join(f"        int v{i} = {i};\n" for i in range(12))


def test_a_namespace_opened_by_a_macro_line_keeps_its_classes() -> None:
    """`LIB_NAMESPACE_BEGIN` alone above `namespace detail {`, in a header the grammar does
    not parse whole (an `#if` whose branches each close a body): the macro was read as a
    return type and the namespace as a function, and the outline cut it all."""
    src = (
        "#pragma once\n\nLIB_NAMESPACE_BEGIN\nnamespace detail\n{\n"
        "class lexer\n{\n  public:\n    int scan(int c)\n    {\n" + _BODY + "        return c;\n"
        "    }\n\n    int peek(int c) const\n    {\n" + _BODY + "        return c;\n    }\n};\n\n"
        "static bool fill(struct names *n)\n{\n" + _BODY + "    return true;\n}\n\n"
        "inline int mode(int c)\n{\n#if LIB_FAST\n    return c + 1;\n}\n#else\n    return c;\n}\n"
        "#endif\n}  // namespace detail\nLIB_NAMESPACE_END\n"
    )
    out = compress(src, "C++")
    assert "class lexer" in out and "int scan(int c)" in out and "int peek(int c)" in out, out
    assert "static bool fill(struct names *n)" in out  # a function taking a struct: cut
    assert "int v3 = 3;" not in out


def test_a_method_whose_if_branches_each_open_a_brace_ends_at_its_own_closer() -> None:
    """Both branches of an `#if` open a `{` that one `}` closes: the grammar reads on into
    the next method. Its end is its `}` at the indent of its `{` (a method's, in a class,
    as the margin is a function's): the next method keeps its head."""
    src = (
        "namespace detail\n{\n"
        "class lexer\n{\n  public:\n    int scan(int c)\n    {\n" + _BODY + "#if LIB_FAST\n"
        "        if (c > 0) {\n#else\n        if (c >= 0) {\n#endif\n            c += 1;\n"
        "        }\n        return c;\n    }\n\n    int peek(int c) const\n    {\n"
        + _BODY
        + "        return c;\n    }\n};\n}  // namespace detail\n"
    )
    out = compress(src, "C++")
    assert "int scan(int c)" in out and "int peek(int c) const" in out, out
    assert "int v3 = 3;" not in out
