"""JMH's benchmarks rank with the tests, as other benchmarks do (and any file that imports a
benchmark harness); a TypeScript `import()` of a folder's index is an edge to what is used
of it, not to all it re-exports."""

import pytest

from repoview.packer import PackOptions, build_pack

from .conftest import MakeRepo, graph
from .test_roles import role


def test_jmh_benchmarks_are_tests_and_a_package_named_jmh_is_source(make_repo: MakeRepo) -> None:
    bench = (
        "package a;\npublic class ParsePerf {\n  @Benchmark public int parse() { return 1; }\n}\n"
    )
    repo = make_repo(
        {
            "src/main/java/a/Parser.java": "package a;\npublic class Parser {}\n",
            "src/jmh/java/a/ParsePerf.java": bench,
            "src/jmh/java/a/PerfConsumer.java": "package a;\npublic class PerfConsumer {}\n",
            "jmh/src/main/java/a/ParseBenchmark.java": bench.replace("ParsePerf", "ParseBenchmark"),
            # (the harness's own code: a package named `jmh` below the source root)
            "core/src/main/java/org/x/jmh/Runner.java": "package org.x.jmh;\npublic class Runner {}\n",
        }
    )
    roles = {f.path: f.role for f in build_pack(PackOptions(path=repo, cache=False)).files}
    assert roles == {
        "src/main/java/a/Parser.java": "source",
        "src/jmh/java/a/ParsePerf.java": "test",
        "src/jmh/java/a/PerfConsumer.java": "test",
        "jmh/src/main/java/a/ParseBenchmark.java": "test",
        "core/src/main/java/org/x/jmh/Runner.java": "source",
    }


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        # (Caliper's benchmarks in a module named for what they measure)
        (
            "metrics/src/main/java/a/ParseSpeed.java",
            "package a;\n\nimport com.google.caliper.BeforeExperiment;\n\nclass ParseSpeed {}\n",
            "test",
        ),
        (
            "perf/parse.rs",
            "use criterion::{criterion_group, Criterion};\n\nfn parse() {}\n",
            "test",
        ),
        ("perf/run.ts", "import { Bench } from 'tinybench';\n\nexport const b = 1;\n", "test"),
        ("perf/speed.cc", "#include <benchmark/benchmark.h>\n\nstatic void BM(int) {}\n", "test"),
        # (a library that names a harness in a comment or a string is still source)
        (
            "src/timing.ts",
            "// like require('benchmark')\nexport const name = 'mitata';\n",
            "source",
        ),
        ("src/Runner.java", "package a;\n// see com.google.caliper\nclass Runner {}\n", "source"),
        # (a harness's own code imports its own packages: it is source)
        (
            "jmh-core/src/main/java/org/openjdk/jmh/runner/Runner.java",
            "package org.openjdk.jmh.runner;\n\nimport org.openjdk.jmh.infra.Blackhole;\n",
            "source",
        ),
        ("src/benchmark_runner.cc", '#include "benchmark/benchmark.h"\n\nint run();\n', "source"),
    ],
)
def test_a_file_that_imports_a_benchmark_harness_is_a_test_whatever_its_folder(
    path: str, text: str, expected: str
) -> None:
    assert role(path, text) == expected


def test_a_dynamic_import_of_an_index_reaches_what_it_uses_or_the_index_alone(
    make_repo: MakeRepo,
) -> None:
    files = {f"src/lib/{n}.ts": f"export class {n}Thing {{}}\n" for n in "abcdef"}
    files["src/lib/index.ts"] = "".join(f"export * from './{n}.js';\n" for n in "abcdef")
    files["src/then.ts"] = (
        "export async function load() {\n"
        "  return await import('./lib/index.js').then(m => m.aThing);\n}\n"
    )
    files["src/pattern.ts"] = (
        "export const load = () => import('./lib/index.js').then(({ bThing }) => bThing);\n"
    )
    files["src/awaited.ts"] = (
        "export async function load() {\n"
        "  const { cThing } = await import('./lib/index.js');\n"
        "  const lib = await import('./lib/index.js');\n"
        "  return [cThing, lib.dThing, (await import('./lib/index.js')).eThing];\n}\n"
    )
    # (handed on whole, or read by a name not known: the index itself, not all it holds)
    files["src/lazy.ts"] = "export const lazy = () => import('./lib/index.js');\n"
    files["src/bare.ts"] = (
        "export async function load() {\n"
        "  const lib = await import('./lib/index.js');\n  return lib;\n}\n"
    )
    files["src/ns.ts"] = "import * as lib from './lib/index.js';\nexport const x = lib.fThing;\n"
    edges = graph(make_repo, files)
    assert edges["src/then.ts"] == ["src/lib/a.ts"]
    assert edges["src/pattern.ts"] == ["src/lib/b.ts"]
    assert sorted(edges["src/awaited.ts"]) == ["src/lib/c.ts", "src/lib/d.ts", "src/lib/e.ts"]
    assert edges["src/lazy.ts"] == ["src/lib/index.ts"]
    assert edges["src/bare.ts"] == ["src/lib/index.ts"]
    assert edges["src/ns.ts"] == ["src/lib/f.ts"]
