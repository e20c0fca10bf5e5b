"""A signature line too long for its width is cut between parameters, never inside one."""

from __future__ import annotations

from repoview.compress import signatures


def test_a_long_c_or_go_signature_is_cut_after_a_whole_parameter() -> None:
    c = (
        "typedef void (*name_info_cb)(name_info_t* req, int status, const char* hostname,"
        " const char* service);\n"
    )
    params = ", ".join(f"expectedResponseHeader{i} string" for i in range(8))
    go = f"package x\n\nfunc AssertPostResponse({params}) error {{\n\treturn nil\n}}\n"
    # (and how many it leaves out: a C prototype's types alone do not say which call it is)
    for text, language, last in ((c, "C", "hostname, … 1 more)"), (go, "Go", "Header1, … 6 more)")):
        line = next(ln for ln in signatures(text, language).splitlines() if "(" in ln)
        assert len(line) <= 100
        assert line.endswith(last), line


def test_a_long_export_list_is_cut_after_a_whole_name() -> None:
    names = ", ".join(f"printSomethingNumber{i}" for i in range(8))
    line = next(ln for ln in signatures(f"export {{ {names} }};\n", "JavaScript").splitlines())
    assert len(line) <= 100 and line.endswith(f", … {8 - line.count(',')} more }}"), line
    shown = line.removeprefix("export { ").rpartition(", …")[0].split(", ")
    assert shown == [f"printSomethingNumber{i}" for i in range(len(shown))]  # whole names


def test_a_cut_never_falls_inside_a_types_arguments() -> None:
    from repoview.signature_format import cut_definition

    line = cut_definition(
        "public static <K, V> Map<String, Integer> collect(List<Map<String, Integer>> first,"
        " Map<String, List<Integer>> second, int third)"
    )
    assert line.endswith("first, … 2 more)"), line  # not `Map<String, …`


def test_a_cut_closes_the_list_it_is_in() -> None:
    # Go's type parameters come first: the cut is in the parameters, closed by `)`.
    go = (
        "package x\nfunc MapReduce[T any, U any](items []T, mapper func(T) U, reducer "
        "func(U, U) U, initial U, workers int, bufferSize int, logger Logger, metrics Metrics, "
        "tracer Tracer) U {\n}\n"
    )
    line = signatures(go, "Go").splitlines()[0]
    assert line.startswith("func MapReduce[T, U](items, ") and line.endswith(" more)"), line
