"""Go files of one package tie together through the lower-case names they share."""

from __future__ import annotations

from repoview.packer import PackOptions, build_pack

from .conftest import MakeRepo, graph

GO_MOD = "module example.com/app\n\ngo 1.22\n"


def test_a_file_used_through_its_lower_case_names_is_imported(make_repo: MakeRepo) -> None:
    g = graph(
        make_repo,
        {
            "go.mod": GO_MOD,
            "srv/server.go": (
                "package srv\n\nfunc Serve() error {\n\tc := newConn(defaultTimeout)\n"
                "\tvar p *pool\n\t_ = p\n\treturn c.run(maxRetries)\n}\n"
            ),
            "srv/conn.go": "package srv\n\ntype conn struct{}\n\nfunc newConn(t int) *conn {"
            " return &conn{} }\n",
            "srv/timeouts.go": "package srv\n\nconst defaultTimeout = 30\n",
            "srv/limits.go": "package srv\n\nvar (\n\tmaxRetries = 3\n\tminRetries = 1\n)\n",
            "srv/pool.go": "package srv\n\ntype (\n\tpool struct{}\n)\n",
        },
    )
    assert g["srv/server.go"] == ["srv/conn.go", "srv/limits.go", "srv/pool.go", "srv/timeouts.go"]
    assert g["srv/conn.go"] == []


def test_methods_comments_strings_locals_and_other_packages_do_not_tie(
    make_repo: MakeRepo,
) -> None:
    g = graph(
        make_repo,
        {
            "go.mod": GO_MOD,
            "srv/server.go": (
                'package srv\n\nimport "encoding/json"\n\n'
                '// helper() is not called here, nor "dial"\n'
                "type Server struct {\n\tname   string\n\tlimit  *int\n}\n\n"
                'func (s *Server) Run(conn int) ([]byte, error) {\n\tmsg := "dial()"\n'
                "\tfor _, counter := range []int{conn} {\n\t\t_ = counter\n\t}\n"
                "\tc := Server{name: msg}\n\t_ = c\n\treturn json.Marshal(s)\n}\n"
            ),
            # A method is no package-level name: calling `helper()` bare does not reach it.
            "srv/methods.go": "package srv\n\nfunc (s *Server) helper() {}\n\nfunc (s *Server) dial() {}\n",
            "srv/names.go": "package srv\n\nvar name = 1\n\nvar limit = 2\n\ntype conn struct{}\n\n"
            "var counter int\n",
            "srv/json_build.go": "package srv\n\nvar json = struct{}{}\n",
            # The folder's package clause names no declaration: `package srv` is not `srv`.
            "srv/srv.go": "package srv\n\ntype srv struct{}\n",
        },
    )
    assert g["srv/server.go"] == []


def test_test_files_of_the_package_use_its_lower_case_names(make_repo: MakeRepo) -> None:
    pack = build_pack(
        PackOptions(
            path=make_repo(
                {
                    "go.mod": GO_MOD,
                    "srv/parse.go": "package srv\n\nfunc parseHost(s string) string { return s }\n",
                    "srv/parse_test.go": 'package srv\n\nimport "testing"\n\n'
                    'func TestParse(t *testing.T) { _ = parseHost("x") }\n',
                    # A tool beside the library, built on its own, is another package.
                    "tool/main.go": "//go:build ignore\n\npackage main\n\n"
                    "func main() { parseHost() }\n",
                    "tool/other.go": "package other\n\nfunc parseHost() {}\n",
                }
            ),
            cache=False,
        )
    )
    files = {f.path: f for f in pack.files}
    assert files["srv/parse.go"].imported_by == ["srv/parse_test.go"]
    assert files["srv/parse_test.go"].role == "test"
    assert files["tool/main.go"].imports == []


def test_a_table_on_one_long_line_is_read_in_one_pass(make_repo: MakeRepo) -> None:
    # 100 kB of `0x00, 0x01, ...` on one line: names assigned with `a, b :=` are looked for
    # back from each `:=`, not forward from every word (that took minutes on this file).
    table = ", ".join(f"0x{i % 256:02x}" for i in range(20_000))
    pack = build_pack(
        PackOptions(
            path=make_repo(
                {
                    "go.mod": GO_MOD,
                    "srv/table.go": f"package srv\n\nvar crcTable = []byte{{{table}}}\n",
                    "srv/sum.go": "package srv\n\nfunc sum(b []byte) (n, i int) {\n"
                    "\tn, i := 0, 0\n\tfor _, c := range crcTable {\n\t\tn += int(c)\n\t}\n"
                    "\treturn n, i\n}\n",
                }
            ),
            cache=False,
        )
    )
    files = {f.path: f for f in pack.files}
    assert files["srv/sum.go"].imports == ["srv/table.go"]
