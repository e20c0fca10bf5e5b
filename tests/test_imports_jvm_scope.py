"""Java and Kotlin names as the compiler scopes them: a class imported by name hides its
namesake in the file's own package; a Kotlin file uses its package's top-level functions
and properties without an import."""

from __future__ import annotations

from .conftest import graph


def test_a_single_type_import_hides_the_same_named_class_of_the_own_package(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "core/src/main/java/ok/internal/Dispatcher.java": "package ok.internal;\n"
            "public class Dispatcher { }\n",
            "core/src/main/java/ok/Client.java": "package ok;\n\nimport ok.internal.Dispatcher;\n"
            "import ext.lib.Source;\n\n"
            "public class Client {\n  Dispatcher d = new Dispatcher();\n  Source s;\n"
            "  Policy p;\n}\n",
            "core/src/main/java/ok/Policy.java": "package ok;\npublic class Policy { }\n",
            # Another module's classes of the same package and names.
            "legacy/src/main/java/ok/Dispatcher.java": "package ok;\npublic class Dispatcher { }\n",
            "legacy/src/main/java/ok/Source.java": "package ok;\npublic class Source { }\n",
            "kcore/src/main/kotlin/k/internal/Auth.kt": "package k.internal\nclass Auth\n",
            "kcore/src/main/kotlin/k/Api.kt": "package k\n\nimport k.internal.Auth\n"
            "import k.internal.Record\n\n"
            "class Api { val a = Auth(); val r: Record = Record(1) }\n",
            "klegacy/src/main/kotlin/k/Auth.kt": "package k\nclass Auth\n",
            # An imported factory function names no type: the package's class is still meant.
            "kcore/src/main/kotlin/k/internal/RecordFactory.kt": "package k.internal\n\n"
            "import k.Record\n\nfun Record(n: Int): Record = Record()\n",
            "kcore/src/main/kotlin/k/Record.kt": "package k\nclass Record\n",
        },
    )
    assert g["core/src/main/java/ok/Client.java"] == [
        "core/src/main/java/ok/Policy.java",
        "core/src/main/java/ok/internal/Dispatcher.java",
    ]
    assert g["kcore/src/main/kotlin/k/Api.kt"] == [
        "kcore/src/main/kotlin/k/Record.kt",
        "kcore/src/main/kotlin/k/internal/Auth.kt",
        "kcore/src/main/kotlin/k/internal/RecordFactory.kt",
    ]


def test_kotlin_links_the_package_top_level_functions_and_properties_a_file_uses(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "src/main/kotlin/d/Retry.kt": "package d\n\n"
            "fun shouldRetry(e: Exception): Boolean = e.message != null\n\n"
            "internal fun reorder(xs: List<Int>): List<Int> = xs.sorted()\n\n"
            "private fun hidden() = 1\n",
            "src/main/kotlin/d/Log.kt": "package d\n\nimport java.util.logging.Logger\n\n"
            "internal inline fun Logger.traceStep(msg: () -> String) = info(msg())\n\n"
            'val defaultLogger: Logger = Logger.getLogger("d")\n\n'
            "const val MAX_TASKS = 8\n",
            "src/main/kotlin/d/Plan.kt": "package d\n\nclass Plan {\n"
            "  fun go(e: Exception, xs: List<Int>) = shouldRetry(e) && reorder(xs).isNotEmpty()\n"
            '  fun log() = defaultLogger.traceStep { "planned $MAX_TASKS" }\n}\n',
            # A parameter, a local and a member of the same names are the file's own; a
            # private function is no other file's; a name in a string or a comment is not used.
            "src/main/kotlin/d/Own.kt": "package d\n\nclass Own(val defaultLogger: Any) {\n"
            "  fun reorder(xs: List<Int>) = xs\n"
            "  fun go(shouldRetry: Boolean): Int {\n    val traceStep = 1\n"
            "    // shouldRetry(e)\n    hidden()\n    return reorder(listOf(traceStep)).size\n"
            '  }\n  val s = "MAX_TASKS"\n}\n',
            # Another package's function of the same name is not this one.
            "src/main/kotlin/other/Use.kt": "package other\n\nfun use() = shouldRetry()\n",
            "src/main/kotlin/other/Retry.kt": "package other\n\nfun shouldRetry() = true\n",
        },
    )
    assert g["src/main/kotlin/d/Plan.kt"] == [
        "src/main/kotlin/d/Log.kt",
        "src/main/kotlin/d/Retry.kt",
    ]
    assert g["src/main/kotlin/d/Own.kt"] == []
    assert g["src/main/kotlin/other/Use.kt"] == ["src/main/kotlin/other/Retry.kt"]


def test_kotlin_classes_named_in_backticks_link_as_plain_names(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/main/kotlin/k/Reader.kt": "package k\n\n"
            "import k.`-Utf8Writer`.Companion.string\n\n"
            "abstract class Reader {\n  companion object {\n"
            "    fun of(s: String): Reader = `-Utf8Reader`(string(s))\n  }\n}\n",
            "src/main/kotlin/k/-Utf8Reader.kt": "package k\n\n"
            "internal class `-Utf8Reader`(val s: String) : Reader()\n",
            "src/main/kotlin/k/-Utf8Writer.kt": "package k\n\n"
            "internal class `-Utf8Writer` {\n  companion object { fun string(x: String) = x }\n}\n",
            # A quoted member, a test's name and a quoted keyword name no class; the letters
            # inside a quoted name are not a name of their own.
            "src/main/kotlin/k/Utf8Reader.kt": "package k\n\nclass Utf8Reader\n",
            "src/test/kotlin/k/ReaderTest.kt": "package k\n\nclass ReaderTest {\n"
            "  fun `Utf8Reader reads`() { x.`-Utf8Writer`(); `when`(1) }\n}\n",
        },
    )
    assert g["src/main/kotlin/k/Reader.kt"] == [
        "src/main/kotlin/k/-Utf8Reader.kt",
        "src/main/kotlin/k/-Utf8Writer.kt",
    ]
    assert g["src/main/kotlin/k/-Utf8Reader.kt"] == ["src/main/kotlin/k/Reader.kt"]
    assert g["src/test/kotlin/k/ReaderTest.kt"] == []


def test_java_and_kotlin_files_see_the_other_language_classes_of_their_package(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "src/main/java/e/Engine.kt": "package e\n\nclass Engine { fun go() = 1 }\n",
            "src/main/java/e/Helper.java": "package e;\n\npublic final class Helper {\n"
            "  public static int one() { return 1; }\n}\n",
            "src/test/java/e/EngineTest.java": "package e;\n\nclass EngineTest {\n"
            "  void t() { new Engine().go(); Helper.one(); }\n}\n",
            "src/test/java/e/EngineKtTest.kt": "package e\n\nclass EngineKtTest {\n"
            "  fun t() { Engine().go(); Helper.one() }\n}\n",
            # Another package's class of the same name is not the one meant.
            "src/main/java/other/Engine.java": "package other;\n\npublic class Engine { }\n",
            "src/main/java/other/Helper.kt": "package other\n\nobject Helper\n",
        },
    )
    assert g["src/test/java/e/EngineTest.java"] == [
        "src/main/java/e/Engine.kt",
        "src/main/java/e/Helper.java",
    ]
    assert g["src/test/java/e/EngineKtTest.kt"] == [
        "src/main/java/e/Engine.kt",
        "src/main/java/e/Helper.java",
    ]


def test_a_multiplatform_source_set_sees_only_its_own_platform_and_the_common_sets(
    make_repo,
) -> None:
    reg = "package ok.platform\n\n{}object Registry {{ fun find() = 1 }}\n"
    use = "package ok.platform\n\nclass {} {{ val r = Registry.find() }}\n"
    g = graph(
        make_repo,
        {
            "lib/src/commonMain/kotlin/ok/platform/Registry.kt": reg.format("expect "),
            "lib/src/jvmMain/kotlin/ok/platform/Registry.jvm.kt": reg.format("actual "),
            "lib/src/androidMain/kotlin/ok/platform/Registry.android.kt": reg.format("actual "),
            "lib/src/commonMain/kotlin/ok/platform/Common.kt": use.format("Common"),
            "lib/src/androidMain/kotlin/ok/platform/Android.kt": use.format("Android"),
            "lib/src/nativeMain/kotlin/ok/platform/Native.kt": use.format("Native"),
        },
    )
    common = "lib/src/commonMain/kotlin/ok/platform/Registry.kt"
    assert g["lib/src/commonMain/kotlin/ok/platform/Common.kt"] == [common]
    assert g["lib/src/androidMain/kotlin/ok/platform/Android.kt"] == [
        "lib/src/androidMain/kotlin/ok/platform/Registry.android.kt",
        common,
    ]
    # An intermediate set's children are not known: what it names stays.
    assert len(g["lib/src/nativeMain/kotlin/ok/platform/Native.kt"]) == 3
