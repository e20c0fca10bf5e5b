"""The planner's core choices: what ranks a file, and what each file shows at a budget."""

from __future__ import annotations

from repoview.analyze.rank import History, centrality, rank_files
from repoview.model import PackedFile


def src(path: str, text: str = "x", imports: list[str] | None = None, **kw: str) -> PackedFile:
    language = kw.get("language", {"c": "C", "go": "Go", "h": "C"}.get(path.rsplit(".")[-1], ""))
    f = PackedFile(
        path=path, language=language, role=kw.get("role", "source"), size=len(text), text=text
    )
    f.full_text = text
    f.imports = imports or []
    return f


SERVER = "#include <stdio.h>\n\nint\nmain(int argc, char **argv)\n{\n\treturn 0;\n}\n"
SELF_TEST = (
    "int add(int a, int b) { return a + b; }\n#ifdef TEST\nint main(void) { return 0; }\n#endif\n"
)
GO_CMD = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'


def test_a_program_s_main_file_ranks_as_an_entry_point_whatever_its_name() -> None:
    files = [
        src("src/server.c", SERVER),
        src("src/util.c", SELF_TEST),  # a module's self-test behind #ifdef is no program
        src("src/leaf.c", "int leaf(void) { return 1; }\n"),
        src("cmd/tool/tool.go", GO_CMD),
        src("internal/lib/lib.go", "package lib\n\nfunc main() {}\n"),
        src("tests/t.c", SERVER, role="test"),
    ]
    scores = rank_files(files, History())
    assert scores["src/server.c"] > scores["src/leaf.c"] == scores["src/util.c"]
    assert scores["cmd/tool/tool.go"] > scores["internal/lib/lib.go"]
    assert scores["tests/t.c"] < scores["src/leaf.c"]


def test_a_c_file_is_as_central_as_its_types_header() -> None:
    files = [
        src("include/proxy-t.h"),
        src("include/proxy.h", imports=["include/proxy-t.h"]),
        src("src/proxy.c", imports=["include/proxy.h", "include/proxy-t.h"]),
        src("src/other.c", imports=["include/other-t.h"]),
        *[src(f"src/m{i}.c", imports=["include/proxy-t.h"]) for i in range(20)],
    ]
    central = centrality(files)
    assert central["src/proxy.c"] == central["include/proxy-t.h"] > central["include/proxy.h"]
