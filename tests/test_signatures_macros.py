"""C signatures of functions whose return type is wrapped in a macro (`API(int) f(...)`), and
struct members whose type and name are on two lines."""

import json
from collections.abc import Callable
from pathlib import Path

from repoview.compress import signatures
from tests.conftest import Run


def test_prototypes_with_a_macro_for_their_return_type_are_shown() -> None:
    c = (
        "#define LIB_EXTERN(type) extern type\n"
        "LIB_EXTERN(int) lib_open(lib_repo **out, const char *path);\n"
        "LIB_EXTERN(const lib_oid *)lib_id(const lib_obj *obj);\n"
        "LIB_EXTERN(int) lib_walk(\n"
        "\tlib_repo *repo,\n"
        "\tlib_cb callback);\n"
        "LIB_EXTERN(void) lib_free(lib_repo *repo);\n"
        "EXPORT_API(void*) lib_alloc(size_t n);\n"
        "SOME_API int lib_plain(int x);\n"
        "int lib_count(lib_repo *repo);\n"
    )
    assert signatures(c, "C") == (
        "#define LIB_EXTERN(type)\n"
        "LIB_EXTERN(int) lib_open(lib_repo **, const char *)\n"
        "LIB_EXTERN(const lib_oid *)lib_id(const lib_obj *)\n"
        "LIB_EXTERN(int) lib_walk(lib_repo *, lib_cb)\n"
        "LIB_EXTERN(void) lib_free(lib_repo *)\n"
        "EXPORT_API(void*) lib_alloc(size_t)\n"
        "SOME_API int lib_plain(int)\n"
        "int lib_count(lib_repo *)\n"
    )


def test_definitions_with_a_macro_for_their_return_type_are_shown_once() -> None:
    c = (
        "LIB_INLINE(int) lib_max(int a, int b)\n"
        "{\n"
        "\treturn a > b ? a : b;\n"
        "}\n"
        "\n"
        "static LIB_INLINE(size_t) lib_len(const char *s) { return strlen(s); }\n"
        "STACK_OF(X509) *load_certs(const char *file);\n"
        "static int LIB_PRINTF(2, 3) lib_say(const char *who, const char *fmt, ...);\n"
    )
    assert signatures(c, "C") == (
        "LIB_INLINE(int) lib_max(int, int)\n"
        "static LIB_INLINE(size_t) lib_len(const char *)\n"
        "STACK_OF(X509) *load_certs(const char *)\n"
        "static int LIB_PRINTF(2, 3) lib_say(const char *, const char *, ...)\n"
    )


def test_macros_in_a_row_and_macro_typed_variables_are_no_functions() -> None:
    c = (
        "LBL(100) LBL(101)\n"
        "static LIST_HEAD(joblist, job) all_jobs = LIST_HEAD_INITIALIZER(all_jobs);\n"
        "int after(void);\n"
    )
    shown = signatures(c, "C")
    assert "LBL" not in shown
    assert "all_jobs" not in shown
    assert shown.endswith("int after(void)\n")


def test_a_member_whose_name_is_on_the_line_below_its_type_is_no_definition() -> None:
    c = (
        "struct command {\n"
        "    sds fullname; /* its name */\n"
        "    struct histogram\n"
        "        *latency;        /* how long it takes */\n"
        "    struct other\n"
        "        plain;\n"
        "    int flags;\n"
        "};\n"
        "typedef struct stats_s\n"
        "    stats_t;\n"
        "struct later\n"
        "{\n"
        "    int x;\n"
        "};\n"
    )
    assert signatures(c, "C") == "struct command\ntypedef struct stats_s\nstruct later\n"


def test_a_packed_header_shows_its_macro_wrapped_api(
    make_repo: Callable[..., Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    header = ["#define LIB_EXTERN(type) extern type", "typedef struct lib_repo lib_repo;"]
    for i in range(40):
        header.append(f"/** Open thing {i}: a long comment that takes room, so the budget")
        header.append(" * bites. Lorem ipsum dolor sit amet. */")
        header.append(
            f"LIB_EXTERN(int) lib_open_{i}(lib_repo **out, const char *path, unsigned f);"
        )
        header.append(f"int plain_{i}(lib_repo *r);")
    files = {"include/api.h": "\n".join(header) + "\n"}
    for n in range(6):
        body = "".join(
            f"int plain_{i}(lib_repo *r) {{ int x = {i}; x += 1; x *= 2; return x - {n}; }}\n"
            for i in range(40)
        )
        files[f"src/impl{n}.c"] = '#include "../include/api.h"\n' + body
    repo = make_repo(files)
    manifest = tmp_path / "m.json"
    run = cli("pack", str(repo), "--budget", "3k", "-q", "--manifest", str(manifest), "-o", "-")
    assert run.code == 0, run.err
    modes = {f["path"]: f["mode"] for f in json.loads(manifest.read_text())["files"]}
    assert modes["include/api.h"] == "signatures"
    shown = [
        f"LIB_EXTERN(int) lib_open_{i}(lib_repo **, const char *, unsigned)" for i in range(40)
    ]
    assert all(line in run.out for line in shown)
