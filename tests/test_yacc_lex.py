"""A Yacc grammar's and a lex scanner's C: the functions of their `%{ ... %}` prologue and
of what follows their second `%%` are their signatures, each on one line, and their
`#include "x.h"` lines are imports as a .c file's are. The rules between are not C."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.model import PackedFile
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

AST = "typedef struct node { int kind; } node;\nnode *mk(int kind);\n"
PARSER = """%{
#include <stdio.h>
#include "ast.h"
struct lexer_param;
void yyerror(node **answer, int *errors,
             struct lexer_param *lp, const char *s) {
  (void)answer; (void)lp; fprintf(stderr, "%s\\n", s); (*errors)++;
}
static node *gen_binop(node *a, node *b, int op) {
  (void)b; (void)op; return a;
}
%}
%token NUM
%left '+'
%%
exp: exp '+' exp { $$ = gen_binop($1, $3, '+'); }
   | NUM         { $$ = mk(1); }
   ;
%%
int parse_program(const char *text, node **answer) {
  (void)text; (void)answer; return 0;
}
"""
SCANNER = """%{
#include "ast.h"
static int depth;
%}
DIGIT [0-9]
%%
{DIGIT}+   { return 1; }
"("        { enter(1); }
%%
static int enter(int kind) {
  return depth += kind;
}
"""


def packed(make_repo: MakeRepo) -> dict[str, PackedFile]:
    files: dict[str, str | bytes] = {
        "src/ast.h": AST,
        "src/parser.y": PARSER,
        "src/lexer.l": SCANNER,
    }
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    return {f.path: f for f in pack.files}


def test_their_c_functions_are_their_signatures(make_repo: MakeRepo) -> None:
    by_path = packed(make_repo)
    assert by_path["src/parser.y"].signatures_text().splitlines() == [
        "void yyerror(node **, int *, struct lexer_param *, const char *)",
        "static node *gen_binop(node *, node *, int)",
        "int parse_program(const char *, node **)",
        "exp:",  # (the grammar's rules, by name)
    ]
    assert by_path["src/lexer.l"].signatures_text().splitlines() == ["static int enter(int)"]


def test_their_includes_are_imports(make_repo: MakeRepo) -> None:
    by_path = packed(make_repo)
    assert by_path["src/parser.y"].imports == ["src/ast.h"]
    assert by_path["src/lexer.l"].imports == ["src/ast.h"]
    assert by_path["src/ast.h"].imported_by == ["src/lexer.l", "src/parser.y"]


def test_bison_code_blocks_and_flex_top_blocks_are_c(make_repo: MakeRepo) -> None:
    parser = (
        '%code requires {\n#include "ast.h"\ntypedef struct env { int depth; } env;\n}\n'
        "%code {\nstatic int nest(env *e) {\n  return ++e->depth;\n}\n}\n"
        "%token NUM\n%%\nexp: NUM { $$ = 1; } ;\n%%\n"
    )
    scanner = '%top{\n#include "ast.h"\nint scan_all(const char *s);\n}\n%%\nx { return 1; }\n'
    files: dict[str, str | bytes] = {"src/ast.h": AST, "src/p.y": parser, "src/l.l": scanner}
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert by_path["src/p.y"].signatures_text().splitlines() == [
        "typedef struct env { int depth; } env",
        "static int nest(env *)",
        "exp:",
    ]
    assert by_path["src/l.l"].signatures_text().splitlines() == ["int scan_all(const char *)"]
    assert by_path["src/p.y"].imports == ["src/ast.h"] == by_path["src/l.l"].imports


def test_code_blocks_open_on_the_next_line_close_on_their_own_and_skip_comments(
    make_repo: MakeRepo,
) -> None:
    parser = (
        "%code requires\n{\n/* a brace { in a comment\n   over lines */\n"
        "int parse_all(const char *s);\n}\n"
        "%code { static int depth(int level); }\n"
        "%token NUM\n%%\nexp: NUM { $$ = 1; } ;\n%%\n"
    )
    files: dict[str, str | bytes] = {"src/p.y": parser}
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    (grammar,) = pack.files
    assert grammar.signatures_text().splitlines() == [
        "int parse_all(const char *)",
        "static int depth(int)",
        "exp:",
    ]
