"""The library API: what a program gets from `import repoview`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import repoview


def test_pack_from_python_honours_the_budget_and_the_repository_config(make_repo) -> None:
    body = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(400))
    root = make_repo(
        {
            "src/app.py": body,
            "src/util.py": "X = 1\n",
            "notes/todo.md": "- a\n",
            ".repoview.toml": 'exclude = ["notes/**"]\n',
        }
    )
    p = repoview.pack(root, budget=2_000)
    assert isinstance(p, repoview.Pack) and 0 < p.total_tokens <= 2_000
    paths = {f.path for f in p.files}
    assert "src/util.py" in paths and "notes/todo.md" not in paths
    assert {e.path: e.reason for e in p.excluded}["notes/todo.md"] == "pattern"
    full = repoview.pack(root)
    assert full.total_tokens > p.total_tokens and "return x + 399" in full.output


def test_errors_are_one_tree(make_repo) -> None:
    root = make_repo({"a.py": "x = 1\n"})
    try:
        repoview.pack(root, budget="lots")
    except repoview.ConfigError as exc:
        assert isinstance(exc, repoview.RepoviewError) and "budget" in str(exc)
    else:
        raise AssertionError("a bad budget must raise ConfigError")
    assert issubclass(repoview.ForgeError, repoview.ProviderError)
    assert issubclass(repoview.CostLimitError, repoview.ConfigError)


def test_the_package_is_typed_and_imports_lazily() -> None:
    assert (Path(repoview.__file__).parent / "py.typed").is_file()
    code = "import sys, repoview; print('repoview.packer' in sys.modules, repoview.__version__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "False"


def test_review_from_python_uses_the_same_settings(make_repo, tmp_path) -> None:
    from .provider import Provider, findings_json, ok

    root = make_repo(
        {
            "app.py": "def f(p):\n    return open(p).read()\n",
            ".repoview.toml": "[review]\nmax_cost = 0.0000001\n",
        }
    )
    with Provider() as provider:
        provider.answers.append(ok(findings_json()))
        env = {
            "REPOVIEW_BASE_URL": provider.url,
            "REPOVIEW_API_KEY": "sk-test",
            "REPOVIEW_HOME": str(tmp_path / "home"),
        }
        try:  # the repository's cost limit holds for the library too
            repoview.review(root, task="bugs", model="kimi-k2.6", env=env)
        except repoview.CostLimitError as exc:
            assert "max-cost" in str(exc)
        else:
            raise AssertionError("the cost limit must stop the review")
        report = repoview.review(root, task="bugs", model="kimi-k2.6", env=env, max_cost=1.0)
        assert isinstance(report, repoview.Report) and report.findings == []
        assert len(provider.chats) == 1 and report.run_id is None
