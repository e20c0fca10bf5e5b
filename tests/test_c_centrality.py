"""A C file nothing includes is central by what the others use of it: the functions and
variables it defines that they call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from repoview.analyze.extract import c_names
from repoview.analyze.rank import centrality, source_importers
from repoview.packer import PackOptions, build_pack

MakeRepo = Callable[..., Path]

HEADER = """#ifndef APP_H
#define APP_H
struct server { int fd; int nclients; };
extern int server_debug;
int server_loop(struct server *);
size_t strlcpy(char *, const char *, size_t);
#endif
"""
SERVER = """#include "app.h"

int server_debug;
static int server_spare;

static int
server_step(struct server *s)
{
\treturn s->fd + server_spare;
}

int
server_loop(struct server *s)
{
\treturn server_step(s);
}
"""
# A copy of the C library's function, built where the system lacks it.
SHIM = """#include "../app.h"

size_t
strlcpy(char *dst, const char *src, size_t siz)
{
\treturn siz;
}
"""


def user(i: int) -> str:
    return (
        f'#include "app.h"\n\n/* server_loop is not called from a comment */\n'
        f"int\ncmd_{i}(struct server *s, char *b)\n{{\n"
        f'\tstrlcpy(b, "server_debug", 4);\n\treturn server_loop(s) + s->nclients;\n}}\n'
    )


def test_definitions_and_uses_are_read_from_the_code() -> None:
    defines, names = c_names(SERVER + user(1))
    assert defines == ["defines", "cmd_1,server_debug,server_loop"]  # not the static ones
    used = names[1].split(",")
    assert "server_step" not in used and "server_loop" not in used  # its own
    assert "strlcpy" in used and "nclients" not in used  # a member is no use of a name
    defines, names = c_names(user(2))
    assert "server_loop" in names[1].split(",") and "server_debug" not in names[1].split(",")


def test_a_c_file_the_others_call_into_is_central(make_repo) -> None:
    files: dict[str, str | bytes] = {"app.h": HEADER, "server.c": SERVER, "compat/strlcpy.c": SHIM}
    files.update({f"cmd-{i}.c": user(i) for i in range(12)})
    # Each platform's copy of one function ties its callers to none of them.
    for os_name in ("linux", "darwin", "freebsd", "openbsd"):
        files[f"osdep-{os_name}.c"] = (
            '#include "app.h"\n\nint\nosdep_name(void)\n{\n\treturn 1;\n}\n'
        )
    files["names.c"] = '#include "app.h"\n\nint\nnames(void)\n{\n\treturn osdep_name();\n}\n'
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    central = centrality(pack.files)
    by_path = {f.path: f for f in pack.files}
    # Twelve files call server_loop (through app.h): as central as a header twelve include.
    assert source_importers(pack.files)["server.c"] == 12
    assert central["server.c"] > 0.5
    assert by_path["cmd-3.c"].reaches == ["server.c"]
    assert by_path["server.c"].imported_by == []  # an edge for ranking, not an include
    assert central["compat/strlcpy.c"] == 0.0
    assert all(central[f"osdep-{n}.c"] == 0.0 for n in ("linux", "darwin"))


def test_tests_do_not_make_a_c_file_central(make_repo) -> None:
    files: dict[str, str | bytes] = {"src/app.h": HEADER, "src/server.c": SERVER}
    files.update({f"tests/t{i}.c": user(i).replace('"app.h"', '"../src/app.h"') for i in range(8)})
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    assert centrality(pack.files)["src/server.c"] == 0.0


def test_depth_reads_a_hub_whole_before_smaller_files_fewer_use() -> None:
    from repoview.plan import Item, plan_tiers

    # A file some sixty others use, and smaller ones a few use (their weight as high: the
    # weight stops at 1.0 for a module a dozen files use).
    hub = Item({"full": 8000, "signatures": 400}, 1.0, core=6)
    peers = [Item({"full": 2000, "signatures": 100}, 1.0, heat=1.0 + i) for i in range(10)]
    room = 9000  # the signatures of all, then the hub's full text or four of the others'
    depth = plan_tiers([hub, *peers], room, "depth").tiers
    assert depth[0] == "full"
    # Breadth still favours what shows most per token.
    assert plan_tiers([hub, *peers], room, "breadth").tiers[0] == "signatures"


COMPILER_H = """#ifndef COMPILER_H
#define COMPILER_H
#if defined(__GNUC__)
#  define MEM_LOCAL static __inline __attribute__((unused))
#else
#  define MEM_LOCAL static  /* may warn of unused functions */
#endif
#define TABLE_SIZE 64  /* static allocation */
#ifdef AMALGAMATED
#  define LIB_API static
#elif defined(_WIN32)
#  define LIB_API __declspec(dllexport)
#else
#  define LIB_API
#endif
#endif
"""


def test_macros_that_stand_for_static_are_read_from_their_definitions() -> None:
    from repoview.analyze.extract import c_static_macros

    # Every branch says `static`; a comment saying it does not count; one branch of three
    # (a single-file build's) leaves the macro open.
    assert c_static_macros(COMPILER_H) == [["static", "MEM_LOCAL"]]
    assert c_static_macros("#define local static\n#define f(x) static x\n") == [["static", "local"]]
    assert c_static_macros("int x;\n") == []
    # Static in one branch of two: an amalgamation's private functions, called across
    # files when the library is built apart, stay open.
    two = "#ifdef SINGLE_FILE\n# define PRIV static\n#else\n# define PRIV\n#endif\n"
    assert c_static_macros(two) == []
    specs = c_names("MEM_LOCAL unsigned\nread32(const void *p)\n{\n\treturn 0;\n}\n")
    assert ["defines_under", "MEM_LOCAL=read32"] in specs


def test_a_private_copy_under_a_static_macro_takes_no_callers(make_repo) -> None:
    api = "int codec_decode(const char *src, int n);\nint codec_encode(int n);\n"
    files: dict[str, str | bytes] = {
        "lib/compiler.h": COMPILER_H,
        "lib/api.h": api,
        "lib/api.c": '#include "api.h"\n\nint\ncodec_decode(const char *src, int n)\n{\n'
        "\treturn n;\n}\n",
        "lib/encode.c": '#include "api.h"\n#include "compiler.h"\n\nLIB_API int\n'
        "codec_encode(int n)\n{\n\treturn n;\n}\n",
        # Old formats' decoders, each with its own private copy of the API's name: one
        # under a macro of the repository's header, one under a macro of its own.
        "legacy/v1.c": '#include "../lib/compiler.h"\n\nMEM_LOCAL int\n'
        "codec_decode(const char *src, int n)\n{\n\treturn -n;\n}\n",
        "legacy/v2.c": "#define LOCAL static\n\nLOCAL int\n"
        "codec_decode(const char *src, int n)\n{\n\treturn -n;\n}\n",
    }
    for i in range(8):
        files[f"app/use{i}.c"] = (
            f'#include "../lib/api.h"\n\nint\nuse{i}(const char *s)\n{{\n'
            f"\treturn codec_decode(s, {i}) + codec_encode({i});\n}}\n"
        )
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    central = centrality(pack.files)
    by_path = {f.path: f for f in pack.files}
    assert by_path["app/use3.c"].reaches == ["lib/api.c", "lib/encode.c"]
    assert central["legacy/v1.c"] == central["legacy/v2.c"] == 0.0
    assert central["lib/api.c"] > 0.3 and central["lib/encode.c"] > 0.3  # (LIB_API: open)
