"""C definitions written with the return type, the name and the parameters each on a line of
their own (` double` then `strtod` then ` (const char *s, char **se)` then `{`, the style of
some numeric libraries): each is one signature line, as other C definitions are. A macro
called on its own line with its arguments below, and a K&R definition, add nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

CONVERT = """#include <stdlib.h>
#include "convert.h"

struct ctx { int n; };

 static int
scale
 (struct ctx *c, int k)
{
	return c->n * k;
	}

 double
my_strtod
 (struct ctx *c, const char *s, char **end)	/* the parameters' comment */
{
	*end = (char *)s;
	return scale(c, 1);
	}

 char *
my_dtoa
 (struct ctx *c, double d,
  int mode, int *decpt)
{
	(void)d; (void)mode; (void)decpt;
	return 0;
	}

 int
old_style
 (a, b) int a; char *b;
{
	return a;
	}

 static int
REGISTER
 (my_table, 3);

 void
last_one(struct ctx *c)
{
	c->n = 0;
}
"""
HEADER = "struct ctx;\ndouble my_strtod(struct ctx *, const char *, char **);\n"


def _signatures(make_repo: MakeRepo, path: str, files: dict[str, str | bytes]) -> list[str]:
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    shown = next(f for f in pack.files if f.path == path)
    return shown.signatures_text().splitlines()


def test_the_name_alone_on_its_line_is_one_signature_line(make_repo: MakeRepo) -> None:
    lines = _signatures(make_repo, "convert.c", {"convert.c": CONVERT, "convert.h": HEADER})
    assert "static int scale(struct ctx *, int)" in lines
    assert "double my_strtod(struct ctx *, const char *, char **)" in lines
    assert "char * my_dtoa(struct ctx *, double, int, int *)" in lines
    # (the body's braces at the margin below an indented type close it: what follows is read)
    assert "void last_one(struct ctx *)" in lines


def test_a_macro_call_or_k_and_r_declarations_are_no_definition(make_repo: MakeRepo) -> None:
    lines = _signatures(make_repo, "convert.c", {"convert.c": CONVERT, "convert.h": HEADER})
    assert not [line for line in lines if "REGISTER" in line or "my_table" in line]
    assert not [line for line in lines if "old_style" in line]
    assert not [line for line in lines if line.startswith(("(", " ("))]


def test_a_macro_s_string_argument_is_kept_whole() -> None:
    from repoview.compress import signatures

    src = (
        'TEST_CASE("lexer class")\n{\n    CHECK(1 == 1);\n}\n\n'
        'TEST_CASE("lexer scan")\n{\n    CHECK(2 == 2);\n}\n\n'
        "int f(int a, char c = 'x') { return a; }\n"
    )
    assert signatures(src, "C++") == (
        'TEST_CASE("lexer class")\nTEST_CASE("lexer scan")\nint f(int, char)\n'
    )
