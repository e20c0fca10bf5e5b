"""Java: a generic method's type parameters in its signature, a method whose modifiers start
with a comment, and an initializer block's body in the outline."""

from repoview.compress import compress, signatures


def test_a_generic_java_method_keeps_the_type_parameters_its_return_type_names() -> None:
    java = (
        "public final class Util {\n"
        "    public static <T, R> List<R> map(List<T> in, Function<? super T, ? extends R> f) {\n"
        "        return null;\n    }\n"
        "    public static <K extends Comparable<? super K>, V extends Collection<? extends K>>"
        " SortedMap<K, V> index(Map<K, V> byKey, Comparator<? super K> order) {\n"
        "        return null;\n    }\n"
        "    @SafeVarargs public final <E> void addAll(E... items) {}\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "public final class Util\n"
        " public static <T, R> List<R> map(in, f)\n"
        # (too long with their bounds: their names, which the return type uses)
        " public static <K, V> SortedMap<K, V> index(byKey, order)\n"
        " public final <E> void addAll(...items)\n"
    )


def test_a_generic_csharp_method_is_shown_as_written() -> None:
    cs = (
        "public static class Util\n{\n"
        "    public static List<R> Map<T, R>(List<T> input, Func<T, R> f)\n"
        "    {\n        return null;\n    }\n}\n"
    )
    assert signatures(cs, "C#") == (
        "public static class Util\n public static List<R> Map<T, R>(List<T> input, Func<T, R> f)\n"
    )


def test_a_java_initializer_block_is_elided_as_a_method_body_is() -> None:
    puts = "".join(f'        TABLE.put("key{i}", {i});\n' for i in range(30))
    java = (
        "public final class Registry {\n"
        "    static final Map<String, Integer> TABLE = new HashMap<>();\n"
        f"    static {{\n{puts}    }}\n"
        f"    {{\n{puts}    }}\n"
        "    static int compute(int x) {\n        return x + 1;\n    }\n"
        "}\n"
    )
    assert compress(java, "Java") == (
        "public final class Registry {\n"
        "    static final Map<String, Integer> TABLE = new HashMap<>();\n"
        "    static { /* ... */ }\n"
        "    { /* ... */ }\n"
        "    static int compute(int x) { /* ... */ }\n"
        "}\n"
    )


def test_a_java_method_whose_modifiers_start_with_a_comment_is_listed() -> None:
    java = (
        "public final class Cache {\n"
        "    /* public */ boolean isConnected() {\n        return true;\n    }\n"
        "    /* test. */static void unlock() {\n        locked = false;\n    }\n"
        "    /* a comment alone */\n"
        "    /** Doc. */ public int size(int a,\n            int b) {\n        return 0;\n    }\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "public final class Cache\n"
        " boolean isConnected()\n"
        " static void unlock()\n"
        " public int size(a, b)\n"
    )
