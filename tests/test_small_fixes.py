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
