"""Overloads in Java and Kotlin: each is a line, told apart by its parameters' types where
their names alone would show them as one."""

from collections.abc import Callable

from repoview.compress import signatures

from .conftest import MakeRepo, Run


def test_java_overloads_with_the_same_names_are_each_shown_with_their_types() -> None:
    java = (
        "public class Arr {\n"
        "    /** Doc. */\n"
        "    public static boolean[] add(final boolean[] array, final boolean element) {\n"
        "        return null;\n"
        "    }\n"
        "    public static boolean[] add(final boolean[] array, final int index,\n"
        "            final boolean element) {\n"
        "        return null;\n"
        "    }\n"
        "    public static String join(final int[] array, final char sep) { return null; }\n"
        "    public static String join(@Nullable final long array[], final char sep) {}\n"
        "    public static String join(final Map<String, ?> map, final char sep) { return null; }\n"
        "    public static String join(final Object... elements) { return null; }\n"
        "    public static String join(final String... elements) { return null; }\n"
        "    public static void fill(int[] a) {}\n"
        "    public static void fill(int[] a) {}\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "public class Arr\n"
        " public static boolean[] add(array, element)\n"
        " public static boolean[] add(array, index, element)\n"
        " public static String join(int[] array, char sep)\n"
        " public static String join(long[] array, char sep)\n"
        " public static String join(map, sep)\n"
        " public static String join(Object... elements)\n"
        " public static String join(String... elements)\n"
        " public static void fill(a)\n"  # (a repeated definition is still one line)
    )


def test_overloads_are_told_apart_within_their_own_class_and_when_long() -> None:
    java = (
        "class Outer {\n"
        "  void put(int v) {}\n"
        "  static class Inner {\n"
        "    void put(long v) {}\n"
        "    void put(String v) {}\n"
        "  }\n"
        "  void put(byte[] v) {}\n"
        "}\n"
    )
    long = "Map<String, List<? extends Comparable<? super T>>>"
    java += (
        "class Cache {\n"
        f"  void getAll(Iterable<? extends {long}> keys, Function<{long}, {long}> load) {{}}\n"
        f"  void getAll(Iterable<? extends {long}> keys, BiFunction<{long}, {long}> load) {{}}\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "class Outer\n"
        " void put(int v)\n"
        " static class Inner\n"
        "  void put(long v)\n"
        "  void put(String v)\n"
        " void put(byte[] v)\n"
        "class Cache\n"  # (too long whole: cut, the two would read as one)
        " void getAll(Iterable keys, Function load)\n"
        " void getAll(Iterable keys, BiFunction load)\n"
    )


def test_kotlin_overloads_show_their_types_and_defaults_stay_marked() -> None:
    kotlin = (
        "class Client {\n"
        "  fun send(body: String, retries: Int = 3) = Unit\n"
        "  fun send(body: ByteArray, retries: Int = 3) = Unit\n"
        "  fun close() = Unit\n"
        "  infix fun orderBy(order: Pair<String, Int>) = this\n"
        "  fun orderBy(vararg order: Pair<String, Int>) = this\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "class Client\n"
        " fun send(body: String, retries: Int = …)\n"
        " fun send(body: ByteArray, retries: Int = …)\n"
        " fun close()\n"
        " infix fun orderBy(order)\n"
        " fun orderBy(vararg order)\n"
    )


def test_a_packed_java_file_keeps_every_overload(
    make_repo: MakeRepo, cli: Callable[..., Run]
) -> None:
    body = "\n".join(f"        int v{i} = {i} * 3 + array.length;" for i in range(40))
    types = ("boolean", "byte", "int", "long")
    methods = "".join(
        f"    public static {t}[] add(final {t}[] array, final {t} element) {{\n"
        f"{body}\n        return null;\n    }}\n\n"
        f"    public static String join(final {t}[] array, final char sep) {{\n"
        f"{body}\n        return null;\n    }}\n\n"
        for t in types
    )
    repo = make_repo(
        {
            "src/main/java/org/ex/Arr.java": f"package org.ex;\n\npublic class Arr {{\n{methods}}}\n",
            "src/main/java/org/ex/Use.java": (
                "package org.ex;\npublic class Use { int x = Arr.add(new int[0], 1).length; }\n"
            ),
        }
    )
    r = cli("pack", str(repo), "--budget", "740")
    assert r.code == 0, r.err
    assert 'mode="signatures"' in r.out
    for t in types:
        assert f"public static {t}[] add(array, element)\n" in r.out
        assert f"public static String join({t}[] array, char sep)\n" in r.out
