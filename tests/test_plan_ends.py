"""The fit always ends: signatures that save too little become the full text, and the last
trimming must not ask for them again (it cycled full -> outline -> full for ever)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path


def modules(n: int, seed: int) -> dict[str, str | bytes]:
    """Python modules, half of them one-line functions with long parameter lists (their
    signatures are nearly their whole text, far above the plan's estimate)."""
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"pkg/__init__.py": ""}
    for i in range(n):
        out = [f"from pkg import m{(i * 7 + j) % n}" for j in range(i % 3)]
        for k in range(rng.randint(2, 40)):
            if i % 2:
                count = rng.randint(4, 12)
                params = ", ".join(f"parameter_number_{p}_{k}: int = {p}" for p in range(count))
                out.append(f"def f{k}({params}): return {k}")
            else:
                out.append(
                    f"def g{k}(a, b):\n    x = a + b\n    for y in range({k}):\n"
                    f"        x += y * {i}\n    return x\n"
                )
        files[f"pkg/m{i}.py"] = "\n\n".join(out) + "\n"
    return files


def test_a_fit_with_signatures_as_long_as_the_text_ends(make_repo, tmp_path: Path) -> None:
    repo = make_repo(modules(50, 2))
    manifest = tmp_path / "m.json"
    args = ["pack", str(repo), "--budget", "25000", "-q", "-o", str(tmp_path / "p.xml")]
    # (a guard: the fit that cycled never returned)
    proc = subprocess.run(
        [sys.executable, "-m", "repoview", *args, "--manifest", str(manifest)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    m = json.loads(manifest.read_text())
    assert 0.9 * 25_000 <= m["total_tokens"] <= 25_000
    modes = {f["mode"] for f in m["files"]}
    assert "full" in modes and "listed" in modes
