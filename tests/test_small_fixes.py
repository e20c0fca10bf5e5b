"""Small corrections: ambiguous extensions, TypeScript type parameters, the web report's
icon, map-reduce part labels, and parts of a split diff pack within their budget."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import run_cli

SELINUX_FC = (
    "/usr/sbin/haproxy  --  gen_context(system_u:object_r:haproxy_exec_t,s0)\n"
    "/var/lib/haproxy(/.*)?  gen_context(system_u:object_r:haproxy_var_lib_t,s0)\n"
)
FUNC_CONTRACT = (
    ";; a simple wallet\n"
    '#include "stdlib.fc";\n\n'
    "() recv_internal(slice in_msg) impure {\n  return ();\n}\n"
)
FUNC_STDLIB = 'forall X -> X null() asm "PUSHNULL";\ncell begin_cell() asm "NEWC";\n'


def test_an_fc_file_is_func_only_when_its_content_is(make_repo: Callable[..., Path]) -> None:
    repo = make_repo(
        {
            "policy/haproxy.fc": SELINUX_FC,
            "contracts/wallet.fc": FUNC_CONTRACT,
            "contracts/stdlib.fc": FUNC_STDLIB,
        }
    )
    run = run_cli("pack", "--format", "json", "-q", str(repo))
    assert run.code == 0, run.err
    langs = {f["path"]: f["language"] for f in json.loads(run.out)["files"]}
    assert langs == {
        "policy/haproxy.fc": "Text",
        "contracts/wallet.fc": "FunC",
        "contracts/stdlib.fc": "FunC",
    }


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
        " first()",
        "export interface Options<T extends string, U = number>",
        "export type Either<L, R,> = L | R",
        "export function zip(a, b)",
        "export class Last",
    ]
