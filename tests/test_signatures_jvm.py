"""Java and Kotlin signatures: parameters by name, a class's properties, its whole header."""

from repoview.compress import signatures


def test_java_parameters_are_shown_by_name_so_the_last_ones_are_not_cut_off() -> None:
    java = (
        "public abstract class Listener {\n"
        "  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy,\n"
        "      @Nullable Protocol protocol, final IOException ioe) {\n"
        "    log(call);\n"
        "  }\n"
        '  @SuppressWarnings("unchecked")\n'
        "  public static <T extends Comparable<? super T>> List<T> sorted(\n"
        "      Map<String, ? extends T> byName, int[] order, String... names) {\n"
        "    return null;\n"
        "  }\n"
        "  void write(int b) {}\n"
        "  void write(byte[] b) {}\n"
        "  void write(byte[] b, int offset, int length) {}\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "public abstract class Listener\n"
        " public void connectEnd(call, inetSocketAddress, proxy, protocol, ioe)\n"
        " public static List<T> sorted(byName, order, ...names)\n"
        " void write(b)\n"
        " void write(b, offset, length)\n"
    )


def test_a_long_java_parameter_list_keeps_every_name() -> None:
    names = [f"parameterNumber{k}" for k in range(7)]
    params = ", ".join(f"Type{k} {name}" for k, name in enumerate(names))
    java = f"class A {{\n  private static void configure({params}) {{\n  }}\n}}\n"
    shown = signatures(java, "Java").splitlines()[1]
    assert shown == f" private static void configure({', '.join(names)})"
