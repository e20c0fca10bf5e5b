"""The `fits` line of `repoview pack`'s summary says a window takes the pack only when a
review would send it whole: the window less the answer's reserve and the tokenizer margin."""

from __future__ import annotations

import random
import re

from repoview.registry import Model, budget_for


def test_a_pack_just_under_a_window_does_not_fit_it(make_repo, cli, tmp_path) -> None:
    rng = random.Random(1)
    words = ["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "theta"]
    files = {
        f"notes{k}.txt": "".join(
            " ".join(f"{rng.choice(words)}{rng.randint(0, 999)}" for _ in range(3)) + "\n"
            for _ in range(5300)
        )
        for k in range(6)
    }
    repo = make_repo(files)
    r = cli("pack", str(repo), "-o", str(tmp_path / "pack.xml"))
    assert r.code == 0, r.err
    tokens = int(re.search(r"tokens\s+([\d,]+) ", r.err).group(1).replace(",", ""))  # type: ignore[union-attr]
    # Under the bare 256k window, over what a review of a 256k window packs whole.
    assert budget_for(Model("256k", 256_000)) < tokens <= 256_000, tokens
    fits = next(line for line in r.err.splitlines() if line.strip().startswith("fits"))
    assert "256k" not in fits and fits.split()[1] == "512k,", fits
    assert "16,384 tokens for the answer and a 10% tokenizer margin" in fits
