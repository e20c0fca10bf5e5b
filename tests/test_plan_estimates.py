"""The planner's size estimates: close to the exact count for each kind of text, and a plan
that fills the budget when an estimate was off."""

from __future__ import annotations

from repoview.model import PackedFile
from repoview.plan import Fitter


def _file(path: str, language: str, text: str, role: str = "source") -> PackedFile:
    f = PackedFile(path=path, language=language, role=role, size=len(text), text=text)
    f.full_text = text
    return f


def _tests(n: int) -> str:
    return "".join(
        f"def test_case_{i}(client):\n    reply = client.get('/items/{i}')\n"
        f"    assert reply.status == 200\n    assert reply.json()['id'] == {i}\n\n"
        for i in range(n)
    )


def test_a_plan_that_went_over_ends_with_the_fullest_pack_that_fitted() -> None:
    # The code counts fewer tokens than estimated, so the plan grows its room; grown, it
    # takes a long guide too and goes over. Undoing its last decisions (the guide and the
    # test suite in full) then frees far more than the plan it grew from had left: the
    # pack must not end emptier than that plan, with the test suite cut to an outline.
    files = [_file(f"src/m{i:02}.py", "Python", "word " * 700) for i in range(20)]
    files.append(_file("doc/guide.txt", "Text", "word " * 12_000, role="docs"))
    files.append(_file("tests/test_all.py", "Python", _tests(200), role="test"))

    def apply(changes: list) -> None:
        for f, tier in changes:
            f.mode = tier
            shown = {"full": f.full_text, "listed": ""}.get(
                tier, f.full_text[: len(f.full_text) // 6]
            )
            fewer = 0.9 if f.path.startswith("src/") else 1.0
            f.tokens = int(fewer * len(shown) / 3.6)

    def measure() -> int:
        return 300 + sum(f.tokens + 45 for f in files if f.mode != "listed")

    budget = 32_000
    total = Fitter(budget, files, apply, measure, scores={f.path: 1.5 for f in files}).run()
    modes = {f.path: f.mode for f in files}
    assert modes["tests/test_all.py"] == "full"
    assert modes["doc/guide.txt"] == "listed"  # 15k tokens: it does not fit beside the rest
    assert 0.8 * budget <= total <= budget
