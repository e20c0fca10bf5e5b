"""The tiers a plan shows keep their promise: a cheaper tier saves a third of the text, and
the root build manifest is read before the thousandth module's signatures."""

from __future__ import annotations

import json
from pathlib import Path

from repoview.model import PackedFile

from .conftest import MakeRepo


def _manifest(pack_dir: Path) -> dict[str, dict[str, object]]:
    return {f["path"]: f for f in json.loads((pack_dir / "m.json").read_text())["files"]}


_DECLARATIONS = (
    "mod digest;\nmod md5;\nmod sha256;\n\npub use self::md5::HashMd5;\n"
    "pub use self::sha256::HashSha256;\n"
)


def test_a_rust_module_of_declarations_is_not_offered_signatures() -> None:
    # `mod a;` and `pub use` lines listed again without their semicolons are the file: as
    # "signatures" it cost what its text does (30 such modules of a workspace), and they
    # flipped between the two tiers from one commit to the next near the top of the pack.
    from repoview.plan import TIERS, _costs, signatures_estimate

    f = PackedFile(path="src/hash/mod.rs", language="Rust", role="source", size=0, text="")
    f.full_text = _DECLARATIONS
    sigs = signatures_estimate(_DECLARATIONS, "Rust")
    assert "signatures" not in _costs(f, dict.fromkeys(TIERS[1:], 1.0), False, sigs)


def test_signatures_that_turn_out_to_save_too_little_give_way_to_the_full_text() -> None:
    # The plan sizes signatures from an estimate; made, they may be the whole file again.
    from repoview.packer import _made_tier

    f = PackedFile(path="src/hash/mod.rs", language="Rust", role="source", size=0, text="")
    f.full_text = _DECLARATIONS
    assert _made_tier(f, "signatures") == "full"
    g = PackedFile(path="src/m.rs", language="Rust", role="source", size=0, text="")
    g.full_text = "".join(
        f"pub fn run_{j}(x: u32) -> u32 {{\n    let y = x + {j};\n    y * 2\n}}\n\n"
        for j in range(20)
    )
    assert _made_tier(g, "signatures") == "signatures"


def test_the_root_build_manifest_is_read_before_the_signatures_of_every_module(
    make_repo: MakeRepo, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from repoview.cli import cli

    lines = ["[package]", 'name = "app"', 'version = "0.1.0"', "", "[dependencies]"]
    lines += [f'dep_{i} = {{ version = "1.{i}.0", features = ["alpha"] }}' for i in range(150)]
    files: dict[str, str | bytes] = {"Cargo.toml": "\n".join(lines) + "\n"}
    files["src/lib.rs"] = "".join(f"pub mod m{i};\n" for i in range(400))
    for i in range(400):
        files[f"src/m{i}.rs"] = f"use crate::m{(i * 7) % 400}::run_{(i * 7) % 400}_0;\n" + "".join(
            f"/// Step {j}.\npub fn run_{i}_{j}(x: u32, name: &str) -> u32 {{\n"
            f"    let y = x + {j};\n    if y > {i} {{ y * 2 }} else {{ y - 1 }}\n}}\n\n"
            for j in range(25)
        )
    repo = make_repo(files)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(
        cli,
        [
            "pack",
            str(repo),
            "--budget",
            "128k",
            "-q",
            "-o",
            str(out / "p.xml"),
            "--manifest",
            str(out / "m.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    manifest = _manifest(out)
    modes = [f["mode"] for p, f in manifest.items() if p.startswith("src/m")]
    assert modes.count("signatures") > 250  # the modules get signatures, not their text
    assert manifest["Cargo.toml"]["mode"] == "full"
