"""A platform's port of the C library (the functions a system lacks, defined under their
POSIX names) is not what the code calls: it ranks by its own users, not by every caller of
`sleep` or `pipe`."""

from __future__ import annotations

from repoview.analyze.rank import centrality, source_importers
from repoview.packer import PackOptions, build_pack

PORT_H = "int port_error(int code);\n"
PORT_C = """#include "port.h"

int
port_error(int code)
{
\treturn -code;
}

int
link(const char *from, const char *to)
{
\treturn port_error(1);
}

unsigned int
sleep(unsigned int seconds)
{
\treturn seconds;
}

int
waitpid(int pid, int *status, int options)
{
\treturn pid;
}

int
pipe(int fds[2])
{
\treturn port_error(2);
}
"""


def caller(i: int) -> str:
    return (
        f'#include "app.h"\n\nint\nrun_{i}(int pid, int *fds)\n{{\n'
        f'\tsleep(1);\n\tpipe(fds);\n\tlink("a", "b");\n\treturn waitpid(pid, 0, 0);\n}}\n'
    )


def test_a_port_of_posix_functions_takes_no_callers(make_repo) -> None:
    files: dict[str, str | bytes] = {
        "app.h": "int run(int pid, int *fds);\n",
        "compat/port.h": PORT_H,
        "compat/port.c": PORT_C,
        # The port's own helper, used by the other Windows file: that use counts.
        "compat/spawn.c": '#include "port.h"\n\nint\nspawn(void)\n{\n\treturn port_error(3);\n}\n',
    }
    files.update({f"cmd-{i}.c": caller(i) for i in range(12)})
    pack = build_pack(PackOptions(path=make_repo(files), cache=False))
    by_path = {f.path: f for f in pack.files}
    assert by_path["cmd-3.c"].reaches == []  # `sleep`, `pipe`: the system's
    assert by_path["compat/spawn.c"].reaches == ["compat/port.c"]
    assert source_importers(pack.files)["compat/port.c"] == 1
    # As central as its header: not a hub of twelve callers.
    assert centrality(pack.files)["compat/port.c"] < 0.3
