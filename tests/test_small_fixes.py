"""Small corrections: ambiguous extensions and names, TypeScript type parameters, the web report's
icon, map-reduce part labels, and parts of a split diff pack within their budget."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import run_cli

SELINUX_FC = (
    "/usr/sbin/webproxyd  --  gen_context(system_u:object_r:webproxyd_exec_t,s0)\n"
    "/var/lib/webproxyd(/.*)?  gen_context(system_u:object_r:webproxyd_var_lib_t,s0)\n"
)
FUNC_CONTRACT = (
    ";; a simple wallet\n"
    '#include "stdlib.fc";\n\n'
    "() recv_internal(slice in_msg) impure {\n  return ();\n}\n"
)
FUNC_STDLIB = 'forall X -> X null() asm "PUSHNULL";\ncell begin_cell() asm "NEWC";\n'


def packed(make_repo: Callable[..., Path], files: dict[str, str | bytes]) -> dict[str, Any]:
    """Each file's entry in the json pack of a repository of `files`, by path."""
    run = run_cli("pack", "--format", "json", "-q", str(make_repo(files)))
    assert run.code == 0, run.err
    return {f["path"]: f for f in json.loads(run.out)["files"]}


def test_an_fc_file_is_func_only_when_its_content_is(make_repo: Callable[..., Path]) -> None:
    files = packed(
        make_repo,
        {
            "policy/webproxyd.fc": SELINUX_FC,
            "contracts/wallet.fc": FUNC_CONTRACT,
            "contracts/stdlib.fc": FUNC_STDLIB,
        },
    )
    langs = {path: f["language"] for path, f in files.items()}
    assert langs == {
        "policy/webproxyd.fc": "Text",
        "contracts/wallet.fc": "FunC",
        "contracts/stdlib.fc": "FunC",
    }


def test_d_monte_and_zsh_files_are_told_by_their_content(make_repo: Callable[..., Path]) -> None:
    # `.d` is D's and DTrace's, `.mt` Monte's and Perl's MicroTemplate pages'; a zsh
    # completion has no extension and no #! line, only its `#compdef`.
    files = packed(
        make_repo,
        {
            "probes.d": "provider app {\n    probe request__start(uint64_t);\n};\n",
            "src/app.d": "module app;\nimport std.stdio;\n\nvoid main() {\n}\n",
            "doc/page.mt": "? my $ctx = $main::context;\n<p>How to configure it.</p>\n",
            "lib/util.mt": 'import "lib/iterators" =~ [=> zip]\nexports (f)\ndef f() { return 1 }\n',
            "completion/_tool": "#compdef tool\n\n_arguments '-h[help]' '-v[version]'\n",
        },
    )
    seen = {path: (f["language"], f["role"]) for path, f in files.items()}
    assert seen["probes.d"][0] == "Text"
    assert seen["src/app.d"] == ("D", "source")
    assert seen["doc/page.mt"] == ("Text", "docs")
    assert seen["lib/util.mt"] == ("Monte", "source")
    assert seen["completion/_tool"][0] == "Bash"


def test_a_rackup_file_is_ruby_and_a_benchmark_file_a_test(make_repo: Callable[..., Path]) -> None:
    files = packed(
        make_repo,
        {
            "config.ru": "require_relative 'app'\n\nrun App.new\n",
            "app.rb": "class App\n  def call(env)\n    [200, {}, ['ok']]\n  end\nend\n",
            "src/parse.ts": "export function parse(s: string) { return s }\n",
            "src/parse.bench.ts": "import { parse } from './parse'\nbench('parse', () => parse('x'))\n",
        },
    )
    assert files["config.ru"]["language"] == "Ruby"
    assert files["config.ru"]["imports"] == ["app.rb"]
    assert files["src/parse.bench.ts"]["role"] == "test"


def test_type_parameters_begun_on_the_definitions_line_are_read_to_their_end() -> None:
    from repoview.compress import signatures

    ts = (
        "export class Pair<A,\n"
        "  B,> extends Base<A> {\n"
        "  first(): A {\n    return this.a;\n  }\n"
        "}\n"
        "export interface Options<T extends string,\n"
        "  U = number> {\n"
        "  value: T;\n"
        "}\n"
        "export type Either<L,\n  R,> = L | R;\n"
        "export function zip<A,\n  B,>(a: A[],\n  b: B[]): [A, B][] {\n  return [];\n}\n"
        # a comparison before a comma opens no list: what follows is read as before
        "export let ok = n < max,\n  more = 2\n"
        "export class Last {}\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export class Pair<A, B,> extends Base<A>",
        " first(): A",
        "export interface Options<T extends string, U = number>",
        " value: T",
        "export type Either<L, R,> = L | R",
        "export function zip<A, B>(a, b): [A, B][]",
        "export let ok",
        "export class Last",
    ]


def test_no_page_of_the_web_report_asks_for_an_icon_that_is_missing(
    make_repo: Callable[..., Path], tmp_path: Path
) -> None:
    import re
    import threading
    import urllib.error
    import urllib.request

    from werkzeug.serving import make_server

    from repoview.webui import create_app

    repo = make_repo({"src/app.py": "def main():\n    return 1\n", "README.md": "# x\n"})
    app = create_app({"REPOS": [str(repo)], "HOME": str(tmp_path / "h")})
    rid = next(iter(app.extensions["repoview"].repos))
    # (a server that stops when asked: closing waitress's socket under its loop left the
    # loop's thread failing on a closed descriptor)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    def fetch(path: str) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as r:
                return r.status, r.read().decode(), r.headers.get("Content-Security-Policy", "")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(), err.headers.get("Content-Security-Policy", "")

    try:
        # (the last is Flask's own 404 page, with no head of the report's)
        pages = ["/", f"/r/{rid}/", f"/r/{rid}/file/src/app.py", "/r/nosuchrepo/"]
        for page in pages:
            _, html, csp = fetch(page)
            link = re.search(r'<link rel="icon" href="([^"]*)"', html)
            # The report's own pages name their icon: the browser need not ask for one.
            assert link or page == "/r/nosuchrepo/", page
            # (with no icon in its head, a browser asks the site for /favicon.ico)
            icon = link.group(1) if link else "/favicon.ico"
            if icon.startswith("data:"):
                img_src = re.search(r"img-src ([^;]*)", csp)
                assert img_src and "data:" in img_src.group(1).split(), (page, csp)
            else:
                assert fetch(icon)[0] < 400, (page, icon)
        # What has no head (a plan's JSON) has the browser ask for /favicon.ico too.
        assert fetch("/favicon.ico")[0] < 400
    finally:
        server.shutdown()


def test_map_reduce_parts_of_one_folder_have_distinct_labels(
    make_repo: Callable[..., Path],
) -> None:
    import re

    from repoview.tokens import load_encoding

    from .provider import Provider, findings_json, ok

    body = "".join(f"    value = value + {i}  # step {i}\n" for i in range(30))
    files: dict[str, str | bytes] = {
        f"mod{m}.py": "".join(
            f"def func_{m}_{k}(value):\n{body}    return value\n\n\n" for k in range(4)
        )
        for m in range(12)
    }
    files[".repoview.toml"] = "[review]\nretries = 1\nbackoff = 0.05\n"
    repo = make_repo(files)
    with Provider() as provider:
        provider.responder = lambda req: ok(findings_json())
        env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": "sk-small-0123456789abcdef"}
        run = run_cli(
            "review",
            str(repo),
            "--task",
            "bugs",
            "--format",
            "json",
            "--model",
            "moonshot-v1-8k",
            "--strategy",
            "map-reduce",
            env=env,
        )
        assert run.code == 0, run.err
        sent = [c["messages"][1]["content"] for c in provider.chats[:-1]]
        enc = load_encoding("o200k_base")
        for req in provider.chats:  # the longer labels still leave each request in the window
            used = sum(len(enc.encode_ordinary(m["content"])) for m in req["messages"])
            assert used + req["max_tokens"] <= 8192
    labels = re.findall(r"review: part \d+/\d+ done \((.*)\)", run.err)
    assert len(labels) >= 2 and len(set(labels)) == len(labels), labels
    # Each part's label names its files: the first and the last it holds.
    for label in labels:
        i = int(re.search(r"mod(\d+)\.py", label).group(1))  # type: ignore[union-attr]
        assert any(f'<file path="mod{i}.py"' in s and label in s for s in sent), label
