"""C outlines where the grammar gives up: a construct it cannot parse, a long macro."""

from __future__ import annotations

import re

from repoview.compress import compress


def _braces(text: str) -> tuple[int, int]:
    code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return code.count("{"), code.count("}")


def _enum(name: str, values: int) -> str:
    body = "".join(f"\t{name.upper()}_{i},\n" for i in range(values))
    return f"enum {name} {{\n{body}}};\n\n"


def test_a_packed_enum_inside_an_include_guard_keeps_the_headers_types() -> None:
    # `enum __attribute__((__packed__)) e {` makes the whole guard one unparsed stretch
    text = (
        "#ifndef PEER_TYPES_H\n#define PEER_TYPES_H\n\n"
        + _enum("peer_state", 6)
        + "enum __attribute__((__packed__)) peer_mode {\n\tPEER_AUTO = 0,\n\tPEER_H1,\n};\n\n"
        + _enum("peer_admin", 6)
        + "struct peer {\n\tenum peer_state cur_state;\n\tint (*check)(struct peer *s);\n};\n\n"
        + "int peer_count(void);\n\n#endif\n"
    )
    outline = compress(text, "C")
    for kept in ("enum peer_state {", "PEER_ADMIN_5,", "struct peer {", "int peer_count(void);"):
        assert kept in outline
    assert "elided" not in outline


def test_prototypes_after_attribute_macros_on_their_own_lines_are_kept() -> None:
    names = [f"list_op{i}" for i in range(8)]
    text = "".join(
        f"__attribute_cold__\n__attribute_nonnull__()\nitem *{n}(list *l, uint32_t k);\n\n"
        for n in names
    )
    outline = compress(text, "C")
    assert all(f"*{n}(list *l, uint32_t k);" in outline for n in names)


def test_a_function_body_in_an_unparsed_stretch_is_still_elided() -> None:
    body = "".join(f"\tx += {i};\n" for i in range(20))
    text = (
        "__attribute_cold__\n__attribute_nonnull__()\nint f(list *l);\n\n"
        f"int g(int x)\n{{\n{body}\treturn x;\n}}\n\n"
        "__attribute_cold__\nint h(list *l);\n"
    )
    outline = compress(text, "C")
    assert "int f(list *l);" in outline and "int h(list *l);" in outline
    assert "x += 7" not in outline and "int g(int x)" in outline


def test_a_long_list_of_macro_calls_the_grammar_cannot_parse_is_still_cut() -> None:
    rows = "".join(f"SYM(XHints*,XCall{i},(Display* a,int b))\n" for i in range(40))
    text = f"#ifndef SYMS\n#define SYMS(x)\n#endif\n\n__attribute_cold__\nint f(void);\n\n{rows}"
    outline = compress(text, "C")
    assert "XCall0," in outline and "XCall39" not in outline and "elided" in outline
    assert "int f(void);" in outline


def test_a_body_after_parameters_over_several_lines_is_elided_in_an_unparsed_stretch() -> None:
    params = ",\n".join(f"           int arg{i}" for i in range(8))
    body = "".join(f"  local{i} = arg{i % 8};\n" for i in range(20))
    text = (
        "#ifdef HAVE_X\n#include <x.h>\n\nenum __attribute__((__packed__)) mode {\n\tM_A,\n};\n\n"
        "__attribute_cold__\nint f(list *l);\n\n"
        f"int verify(struct peer *p,\n{params})\n{{\n  int local0;\n{body}  return 0;\n}}\n\n"
        "#endif\n"
    )
    outline = compress(text, "C")
    assert "int f(list *l);" in outline and "int arg7)" in outline
    assert "local3 =" not in outline and "{ /* ... */ }" in outline


SLIST_REMOVE = """#define SLIST_REMOVE(head, elm, type, field) do {\t\\
\tQMD_SAVELINK(oldnext, (elm)->field.sle_next);\t\\
\tif (SLIST_FIRST((head)) == (elm)) {\t\\
\t\tSLIST_REMOVE_HEAD((head), field);\t\\
\t}\t\\
\telse {\t\\
\t\tQUEUE_TYPEOF(type) *curelm = SLIST_FIRST(head);\t\\
\t\twhile (SLIST_NEXT(curelm, field) != (elm))\t\\
\t\t\tcurelm = SLIST_NEXT(curelm, field);\t\\
\t\tSLIST_REMOVE_AFTER(curelm, field);\t\\
\t}\t\\
\tTRASHIT(*oldnext);\t\\
} while (0)

int after(void);
"""


def test_a_long_macro_is_cut_with_its_braces_closed() -> None:
    outline = compress(SLIST_REMOVE, "C")
    assert "SLIST_REMOVE_AFTER" not in outline  # the body is cut
    assert _braces(outline) == (1, 1)
    assert "} while (0)\n" in outline and "int after(void);" in outline
    marker = next(line for line in outline.splitlines() if "elided" in line)
    assert marker.endswith("\\")  # the macro goes on to its closing line


def test_a_long_macro_whose_head_and_tail_do_not_close_keeps_its_name_and_parameters() -> None:
    body = "".join(f"\tstep({i}); \\\n" for i in range(15))
    text = f"#define RUN(a, b) for (;;) {{ if (a) {{ \\\n{body}\t}} \\\n\tdone(b)\n\nint after(void);\n"
    outline = compress(text, "C")
    assert outline.startswith("#define RUN(a, b) /* ... 18 lines elided */\n")
    assert "int after(void);" in outline


def test_a_long_list_macro_keeps_its_first_and_last_entries() -> None:
    body = "".join(f"\tX(item{i}) \\\n" for i in range(20))
    text = f"#define ITEMS \\\n{body}\tX(last)\n"
    outline = compress(text, "C")
    assert "X(item0)" in outline and "X(last)" in outline and "X(item10)" not in outline
    assert _braces(outline) == (0, 0)


def test_a_run_of_line_comments_keeps_its_first_sentence_whole() -> None:
    # Each `//` line is a comment of its own to the grammar; the run is one comment, and a
    # cut at its first line's end said "replace it with".
    text = (
        "// Like pop(), but assert the value is live and replace it with\n"
        "// null on the stack.  The caller owns nothing after.\n"
        "int popn(int x) {\n  int y = x + 1;\n  return y;\n}\n\n"
        "// Short and whole.\nvoid push(int v) {\n  (void)v;\n}\n"
    )
    outline = compress(text, "C")
    assert (
        "// Like pop(), but assert the value is live and replace it with null on the stack.\n"
        "int popn(int x) { /* ... */ }" in outline
    )
    assert "The caller owns" not in outline
    assert "// Short and whole.\nvoid push(int v) { /* ... */ }" in outline
