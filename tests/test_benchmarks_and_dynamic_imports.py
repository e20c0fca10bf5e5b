"""JMH's benchmarks rank with the tests, as other benchmarks do; a TypeScript `import()` of a
folder's index is an edge to what is used of it, not to all it re-exports."""

from repoview.packer import PackOptions, build_pack

from .conftest import MakeRepo


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
