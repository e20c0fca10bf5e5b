"""A provider's token right after an underscore (`foo_AKIA...`, a file `notes_ghp_....txt`)
is found as one that starts a word is: `_` is a word character, and a rule that needed a
word boundary before the token's prefix let it through."""

from __future__ import annotations

import string

from .test_secrets import rand

UPPER = string.ascii_uppercase + string.digits


def test_tokens_after_an_underscore_are_redacted_in_text_and_names(make_repo, cli) -> None:
    aws = "AKIA" + rand(16, UPPER)
    github = "ghp_" + rand(36)
    npm = "npm_" + rand(36, seed=3)
    stripe = "sk_live_" + rand(24, seed=5)
    repo = make_repo(
        {
            "c.txt": f"v1=foo_{aws}\nv2=foo_{github}\nv3=PROD_{npm}\nv4=pre_{stripe}\n",
            f"notes_{github}.txt": "a note\n",
        }
    )
    r = cli("pack", str(repo), "--format", "plain")
    assert r.code == 0, r.err
    for token in (aws, github, npm, stripe):
        assert token not in r.out + r.err, token
    assert "v1=foo_[REDACTED:aws-access-key-id]" in r.out  # the prefix stays readable
    # Identifiers that only hold the letters of a prefix are not tokens.
    names = "my_AKIA_ROLE = 1\nuse_ghp_cache = True\n"
    clean = make_repo({"app.py": names})
    assert cli("pack", str(clean), "--format", "plain").out.count("REDACTED") == 0
