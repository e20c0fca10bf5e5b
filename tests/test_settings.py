"""The settings resolver: one order, one schema, and what a repository file may not set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repoview.errors import ConfigError
from repoview.keys import key_for
from repoview.settings import resolve
from repoview.trust import trust, untrust

from .provider import Provider, findings_json, ok

KEY = "sk-test-0123456789abcdef0123456789abcdef"


def repo_with(tmp_path: Path, toml: str) -> Path:
    root = tmp_path / "repo"
    root.mkdir(exist_ok=True)
    (root / ".repoview.toml").write_text(toml)
    return root


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"REPOVIEW_HOME": str(tmp_path / "home"), **extra}


def user_config(tmp_path: Path, toml: str) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(toml)


@pytest.mark.parametrize(
    ("toml", "named", "suggested"),
    [
        ("[reveiw]\nretries = 2\n", "'reveiw'", "'review'"),
        ("max_file_sise = 100\n", "'max_file_sise'", "'max_file_size'"),
        ("[review]\nfail-on = 'high'\n", "'review.fail-on'", "'review.fail_on'"),
        ("[models.mine]\ncontxt = 9000\n", "'models.mine.contxt'", "'models.mine.context'"),
        ("[models.kimi-k2.6]\ncontext = 9000\n", "[models.kimi-k2.6]", '[models."kimi-k2.6"]'),
    ],
)
def test_misspelt_keys_and_tables_stop_naming_the_right_one(
    tmp_path: Path, toml: str, named: str, suggested: str
) -> None:
    root = repo_with(tmp_path, toml)
    with pytest.raises(ConfigError) as err:
        resolve(root, {}, env_for(tmp_path))
    message = str(err.value)
    assert named in message and suggested in message and ".repoview.toml" in message


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("[review]\nretries = 'three'\n", "retries"),
        ("[hook]\ntimeout = 'abc'\n", "timeout"),
        ("budget = 'lots'\n", "budget"),
        ("line_numbers = 'yes'\n", "line_numbers"),
        ("[review]\nstrategy = 'mapreduce'\n", "map-reduce"),
    ],
)
def test_wrong_types_stop_naming_the_key(tmp_path: Path, toml: str, named: str) -> None:
    root = repo_with(tmp_path, toml)
    with pytest.raises(ConfigError, match=named):
        resolve(root, {}, env_for(tmp_path))


def test_order_flag_then_environment_then_repository_then_user(tmp_path: Path) -> None:
    user_config(tmp_path, 'model = "moonshot-v1-128k"\n[review]\nretries = 7\nmax_cost = 3.0\n')
    root = repo_with(tmp_path, 'model = "moonshot-v1-8k"\n[review]\nretries = 1\n')
    s = resolve(root, {}, env_for(tmp_path, REPOVIEW_MODEL="kimi-k2.6"))
    assert s["review.model"] == "kimi-k2.6" and s.source("review.model") == "$REPOVIEW_MODEL"
    assert s["review.retries"] == 1 and s.source("review.retries").endswith(".repoview.toml")
    assert s["review.max_cost"] == 3.0 and s.source("review.max_cost").endswith("config.toml")
    s = resolve(root, {"model": "moonshot-v1-32k"}, env_for(tmp_path, REPOVIEW_MODEL="x"))
    assert s["review.model"] == "moonshot-v1-32k" and s.source("model") == "flag --model"
    s = resolve(root, {}, env_for(tmp_path))
    assert s["hook.model"] == "moonshot-v1-8k"  # the hook inherits the repository's model


def test_repository_cannot_move_keys_or_switch_protections_off(tmp_path: Path) -> None:
    root = repo_with(
        tmp_path,
        (
            'base_url = "http://127.0.0.1:9/v1"\nsecret_scan = false\n'
            '[review]\nbase_url = "http://127.0.0.1:9/v1"\n[hook]\nenabled = false\n'
            '[models."kimi-k2.6"]\nbase_url = "http://127.0.0.1:9/v1"\ncontext = 100000\n'
            '[web]\nroot = "/"\n'
        ),
    )
    s = resolve(root, {}, env_for(tmp_path))
    assert s["base_url"] is None and s["review.base_url"] is None
    assert s["secret_scan"] is True and s["hook.enabled"] is True and s["web.root"] is None
    assert s.models["kimi-k2.6"] == {"context": 100000}  # describing a model is fine
    joined = "\n".join(s.warnings)
    for label in ("base_url", "secret_scan", "[hook] enabled", "[models.kimi-k2.6] base_url"):
        assert f"ignored {label} from" in joined
    assert len(s.warnings) == len(set(s.warnings))


def test_repository_cannot_send_code_elsewhere_by_choosing_a_model(tmp_path: Path) -> None:
    root = repo_with(tmp_path, '[review]\nmodel = "gpt-4o"\n[hook]\nmodel = "moonshot-v1-128k"\n')
    s = resolve(root, {}, env_for(tmp_path))
    assert s["review.model"] is None  # the default model: Moonshot, where the user sends code
    joined = "\n".join(s.warnings)
    assert "ignored [review] model from" in joined and "gpt-4o is served at" in joined
    assert s["hook.model"] == "moonshot-v1-128k"  # the same endpoint: the repository's choice
    # With an endpoint of the user's own, the model only names what runs there.
    user_config(tmp_path, 'base_url = "http://127.0.0.1:1/v1"\n')
    assert resolve(root, {}, env_for(tmp_path))["review.model"] == "gpt-4o"


@pytest.mark.parametrize(
    "toml",
    [
        'model = "auto"\n',  # picks among Moonshot's models
        'model = "mine"\n[models.mine]\ncontext = 200000\n',  # a name only it defines
        '[review]\nmodel = "gpt-4o-mini,moonshot-v1-8k"\n',  # a fallback list
    ],
)
def test_a_user_of_another_provider_keeps_it(tmp_path: Path, toml: str) -> None:
    user_config(tmp_path, 'model = "gpt-4o"\n')
    s = resolve(repo_with(tmp_path, toml), {}, env_for(tmp_path))
    for surface in ("review.model", "hook.model", "ci.model"):
        assert s[surface] == "gpt-4o", surface
    assert len([w for w in s.warnings if "is served at" in w]) == 1  # one per key the file sets


def test_repository_cannot_make_a_review_look_cheaper(tmp_path: Path) -> None:
    user_config(tmp_path, "[review]\nmax_cost = 1.0\n")
    root = repo_with(
        tmp_path,
        (
            '[review]\nmax_cost = 50.0\nconfirm_above = 100.0\n[models."kimi-k2.6"]\n'
            "input_price = 0.0\noutput_price = 9.0\n[models.newmodel]\ncontext = 9000\n"
            "input_price = 0.0\n"
        ),
    )
    env = env_for(tmp_path)
    s = resolve(root, {}, env)
    assert s["review.max_cost"] == 1.0 and s["review.confirm_above"] == 1.0
    assert s.models["kimi-k2.6"] == {"output_price": 9.0}  # raising a price is allowed
    assert s.models["newmodel"] == {"context": 9000}
    joined = "\n".join(s.warnings)
    for label in (
        "[review] max_cost",
        "[review] confirm_above",
        "[models.kimi-k2.6] input_price",
        "[models.newmodel] input_price",
    ):
        assert f"ignored {label}" in joined
    (root / ".repoview.toml").write_text("[review]\nmax_cost = 0.5\n")
    assert resolve(root, {}, env)["review.max_cost"] == 0.5  # stricter is the repository's call
    (root / ".repoview.toml").write_text('[review]\nmax_cost = 50.0\nmodel = "gpt-4o"\n')
    trust(root, env)
    trusted = resolve(root, {}, env)
    assert trusted["review.max_cost"] == 50.0 and trusted["review.model"] == "gpt-4o"


def test_the_user_may_set_them_and_may_trust_a_repository(tmp_path: Path) -> None:
    user_config(tmp_path, 'secret_scan = false\n[review]\nbase_url = "http://127.0.0.1:1/v1"\n')
    root = repo_with(tmp_path, "[hook]\nenabled = false\n")
    env = env_for(tmp_path)
    s = resolve(root, {}, env)
    assert s["secret_scan"] is False and s.source("secret_scan").endswith("config.toml")
    assert s["review.base_url"] == "http://127.0.0.1:1/v1" and s["hook.enabled"] is True
    trust(root, env)
    assert resolve(root, {}, env)["hook.enabled"] is False
    (root / ".repoview.toml").write_text("[hook]\nenabled = false\n# edited\n")
    assert resolve(root, {}, env)["hook.enabled"] is True  # a changed file is trusted no more
    trust(root, env)
    assert untrust(root, env) and resolve(root, {}, env)["hook.enabled"] is True


def test_ci_reads_the_base_branch_configuration(make_repo) -> None:
    from repoview.settings import base_config

    from .conftest import git

    root = make_repo({".repoview.toml": "[ci]\nfail_on = 'high'\n", "a.py": "x = 1\n"})
    base = git(root, "rev-parse", "HEAD").strip()
    (root / ".repoview.toml").write_text("[ci]\nfail_on = 'info'\n")
    git(root, "commit", "-qam", "loosen the gate")
    s = resolve(root, {}, {"REPOVIEW_HOME": str(root / ".home")}, repo=base_config(root, base))
    assert s["ci.fail_on"] == "high" and base[:12] in s.source("ci.fail_on")


def test_keys_go_only_to_their_own_provider() -> None:
    env = {"OPENAI_API_KEY": "sk-openai"}
    with pytest.raises(ConfigError) as err:
        key_for("https://api.moonshot.ai/v1", env)
    assert "MOONSHOT_API_KEY" in str(err.value) and "never sent" in str(err.value)
    assert key_for("https://api.openai.com/v1", env) == "sk-openai"
    with pytest.raises(ConfigError, match="REPOVIEW_API_KEY"):
        key_for("http://127.0.0.1:8000/v1", {"MOONSHOT_API_KEY": "m", "OPENAI_API_KEY": "o"})
    both = {"MOONSHOT_API_KEY": "m", "REPOVIEW_API_KEY": "r"}
    assert key_for("https://api.moonshot.cn/v1", both) == "m"
    assert key_for("http://127.0.0.1:8000/v1", both) == "r"


def test_a_repository_base_url_never_receives_the_key(cli, make_repo) -> None:
    with Provider() as theirs, Provider() as ours:
        root = make_repo(
            {
                "app.py": "print(1)\n",
                ".repoview.toml": (
                    f'base_url = "{theirs.url}"\n[review]\nbase_url = "{theirs.url}"\nretries = 0\n'
                    f'[models."kimi-k2.6"]\nbase_url = "{theirs.url}"\n'
                ),
            }
        )
        ours.answers.append(ok(findings_json()))
        theirs.answers.append(ok(findings_json()))
        env = {"REPOVIEW_BASE_URL": ours.url, "REPOVIEW_API_KEY": KEY}
        r = cli("review", str(root), "--task", "bugs", "--model", "kimi-k2.6", env=env)
        assert r.code == 0, r.err
        assert not theirs.headers and len(ours.chats) == 1
        assert ours.headers[0].get("Authorization") == f"Bearer {KEY}"
        assert "ignored [models.kimi-k2.6] base_url from" in r.err
        # With no endpoint of the user's own, the default provider is used, never theirs.
        r = cli("review", str(root), "--task", "bugs", env={"OPENAI_API_KEY": KEY})
        assert r.code == 2 and "MOONSHOT_API_KEY" in r.err and not theirs.headers
        assert "ignored base_url from" in r.err


def test_config_command_names_each_source(cli, make_repo) -> None:
    root = make_repo({".repoview.toml": "[review]\nretries = 2\n"})
    r = cli("config", str(root), "--json", env={"REPOVIEW_MODEL": "kimi-k2.6"})
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    by_name = {row["name"]: row for row in doc["settings"]}
    assert by_name["review.retries"]["value"] == 2
    assert by_name["review.retries"]["source"].endswith(".repoview.toml")
    assert by_name["model"]["source"] == "$REPOVIEW_MODEL"
    assert by_name["secret_scan"]["source"] == "default"
    assert doc["paths"]["run_store"].endswith("runs.sqlite")
    bad = make_repo({".repoview.toml": "[reveiw]\n"})
    r = cli("pack", str(bad), "-q")
    assert r.code == 2 and "did you mean 'review'" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize(
    "url", ["notaurl", "ftp://host/v1", "http://", "https://h:port/v1", "ftp://u:Pw9x7Lq2@h/v1"]
)
def test_an_endpoint_that_is_no_url_is_refused_before_anything_is_packed(
    cli, make_repo, url: str
) -> None:
    root = make_repo({"app.py": "print(1)\n"})
    r = cli("review", str(root), "--task", "bugs", "--base-url", url, env={"REPOVIEW_API_KEY": KEY})
    assert r.code == 2, r.err
    assert "--base-url must be an http(s) URL or one of moonshot" in r.err
    assert url.replace("u:Pw9x7Lq2@", "") in r.err and "Pw9x7Lq2" not in r.err  # (never shown)
    assert "packed" not in r.err and len(r.err.strip().splitlines()) == 1
