"""GitLab inline discussions on unchanged lines and in renamed files: the position names
both sides of the line, as GitLab requires, checked by the GitLab stand-in against the
real diff."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from repoview.ci.diffmap import old_side

from .conftest import git
from .forge import LINE_CODE, FakeGitLab
from .provider import findings_json, ok
from .test_ci import GL_TOKEN, gl_env

NUMBERED = "".join(f"line {i}\n" for i in range(1, 41))
KEPT = "".join(f"keep {i}\n" for i in range(1, 41))


def finding(path: str, line: int, title: str) -> dict[str, Any]:
    return {"severity": "high", "category": "bug", "title": title, "path": path, "line": line}


def test_unchanged_line_and_renamed_file_get_both_sides(make_repo, provider, cli) -> None:
    repo = make_repo({"a.txt": NUMBERED, "old_name.txt": KEPT})
    base = git(repo, "rev-parse", "HEAD").strip()
    # Two lines put in after line 15: "line 16" is line 18 now, an unchanged line whose
    # number differs on the two sides.
    lines = NUMBERED.splitlines(keepends=True)
    (repo / "a.txt").write_text("".join([*lines[:15], "new 1\n", "new 2\n", *lines[15:]]))
    git(repo, "mv", "old_name.txt", "new_name.txt")
    (repo / "new_name.txt").write_text(KEPT.replace("keep 10\n", "keep 10 changed\n"))
    git(repo, "commit", "-qam", "change")
    head = git(repo, "rev-parse", "HEAD").strip()
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab(GL_TOKEN, "42", 3, refs, repo=repo)
    try:
        provider.responder = lambda _req: ok(
            findings_json(
                finding("a.txt", 18, "context line"),
                finding("a.txt", 16, "added line"),
                finding("new_name.txt", 10, "changed line of a renamed file"),
                finding("new_name.txt", 12, "context line of a renamed file"),
            )
        )
        r = cli("ci", cwd=repo, env=gl_env(gl, base, head, provider))
        assert r.code == 0, r.err
        assert "opened 4 inline discussion(s)" in r.err, r.err
        where = {
            (p["old_path"], p.get("old_line"), p["new_path"], p["new_line"])
            for d in gl.discussions
            for p in [d["notes"][0]["position"]]
        }
        assert where == {
            ("a.txt", 16, "a.txt", 18),
            ("a.txt", None, "a.txt", 16),
            ("old_name.txt", None, "new_name.txt", 10),
            ("old_name.txt", 12, "new_name.txt", 12),
        }
    finally:
        gl.close()


@pytest.mark.parametrize("refused", [False, True])
def test_a_range_is_noted_over_all_its_lines(make_repo, provider, cli, refused) -> None:
    repo = make_repo({"a.txt": NUMBERED})
    base = git(repo, "rev-parse", "HEAD").strip()
    lines = NUMBERED.splitlines(keepends=True)
    (repo / "a.txt").write_text("".join([*lines[:15], "new 1\n", "new 2\n", *lines[15:]]))
    git(repo, "commit", "-qam", "change")
    head = git(repo, "rev-parse", "HEAD").strip()
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab(GL_TOKEN, "42", 3, refs, repo=repo)
    gl.refuse_ranges = refused
    try:
        # Lines 16-17 added, 18 the old line 16.
        span = {**finding("a.txt", 16, "three lines"), "end_line": 18}
        provider.responder = lambda _req: ok(findings_json(span))
        r = cli("ci", cwd=repo, env=gl_env(gl, base, head, provider))
        assert r.code == 0, r.err
        [d] = gl.discussions
        pos = d["notes"][0]["position"]
        assert (pos["old_line"], pos["new_line"]) == (16, 18)
        sha = hashlib.sha1(b"a.txt").hexdigest()
        if refused:  # GitLab would not take the range: the note sits on its last line
            assert "line_range" not in pos
        else:
            assert pos["line_range"] == {
                "start": {
                    "line_code": f"{sha}_16_16",
                    "type": "new",
                    "new_line": 16,
                    "old_line": None,
                },
                "end": {"line_code": f"{sha}_16_18", "type": "old", "new_line": 18, "old_line": 16},
            }
    finally:
        gl.close()


def test_the_gitlab_stand_in_refuses_what_gitlab_refuses(make_repo, provider) -> None:
    """Without old_line on an unchanged line, with the wrong pair, or with the new path as
    old_path of a renamed file, GitLab finds no line and answers 400."""
    import httpx

    repo = make_repo({"a.txt": NUMBERED, "old_name.txt": KEPT})
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "a.txt").write_text(NUMBERED.replace("line 20\n", "line 20 changed\n"))
    git(repo, "mv", "old_name.txt", "new_name.txt")
    git(repo, "commit", "-qam", "change")
    head = git(repo, "rev-parse", "HEAD").strip()
    refs = {"base_sha": base, "start_sha": base, "head_sha": head}
    gl = FakeGitLab(GL_TOKEN, "42", 3, refs, repo=repo)
    url = f"{gl.url}/api/v4/projects/42/merge_requests/3/discussions"

    def post(**position: Any) -> int:
        body = {"body": "x", "position": {"position_type": "text", **refs, **position}}
        r = httpx.post(url, json=body, headers={"PRIVATE-TOKEN": GL_TOKEN})
        if r.status_code == 400:
            assert r.json() == {"message": LINE_CODE}
        return r.status_code

    try:
        both = {"old_path": "a.txt", "new_path": "a.txt"}
        assert post(**both, new_line=18) == 400  # unchanged: old_line missing
        assert post(**both, old_line=17, new_line=18) == 400  # not that pair
        assert post(**both, old_line=18, new_line=18) == 201
        assert post(**both, new_line=20) == 201  # added
        assert post(**both, old_line=20) == 201  # removed
        assert post(**both, old_line=30, new_line=30) == 400  # outside the hunks
        # A pure rename shows no lines at all: nothing there to note.
        assert post(old_path="new_name.txt", new_path="new_name.txt", new_line=1) == 400
    finally:
        gl.close()


def test_old_side_of_a_diff() -> None:
    diff = (
        "diff --git a/x.py b/y.py\n"
        "similarity index 90%\n"
        "rename from x.py\n"
        "rename to y.py\n"
        "--- a/x.py\n"
        "+++ b/y.py\n"
        "@@ -3,3 +3,4 @@ def f():\n"
        " keep 3\n"
        "-old 4\n"
        "+new 4\n"
        "++ added, looks like a header\n"
        " keep 5\n"
        "diff --git a/n.py b/n.py\n"
        "new file mode 100644\n"
        "--- /dev/null\n"
        "+++ b/n.py\n"
        "@@ -0,0 +1 @@\n"
        "+first\n"
    )
    assert old_side(diff) == {
        "y.py": ("x.py", {3: 3, 6: 5}, {4: 5, 5: 5}),
        "n.py": ("n.py", {}, {1: 0}),
    }
