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
