"""A file whose last line points at its source map is a build's output, whatever its first
lines say; a test's few-line fixture with that line is kept."""

from __future__ import annotations

from repoview.packer import PackOptions, build_pack

from .conftest import MakeRepo


def test_a_bundle_of_declarations_ending_with_its_source_map_is_left_out(
    make_repo: MakeRepo,
) -> None:
    bundle = "".join(
        f"declare module 'lib/m{i}' {{\n\texport function f{i}(a: number): string;\n}}\n\n"
        for i in range(150)
    )
    repo = make_repo(
        {
            "types/index.d.ts": bundle + "\n//# sourceMappingURL=index.d.ts.map\n",
            "src/index.ts": "export function f(a: number): string {\n  return String(a);\n}\n",
            "tests/fixtures/small.js": "x();\n//# sourceMappingURL=small.js.map\n",
        }
    )
    pack = build_pack(PackOptions(path=repo, cache=False))
    excluded = {e.path: e for e in pack.excluded}
    assert excluded["types/index.d.ts"].reason == "generated"
    shown = {f.path for f in pack.files}
    assert {"src/index.ts", "tests/fixtures/small.js"} <= shown
