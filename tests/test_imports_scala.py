"""The import graph of Scala: imports by name, by wildcard and with selectors, and the
types of a file's own package and the packages around it, wherever their files are and
whatever they are named; Java and Scala files import each other."""

from __future__ import annotations

from .conftest import graph

MAIN = "core/src/main/scala"


def test_scala_imports_by_name_selectors_and_wildcards_reach_the_declaring_files(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            f"{MAIN}/acme/util/Strings.scala": "package acme.util\n\n"
            "object Strings { def slug(s: String): String = s.toLowerCase }\n",
            # Several top-level types in a file named after none of them.
            f"{MAIN}/acme/http/package.scala": "package acme.http\n\n"
            'trait HeaderNames { val Host = "Host" }\nobject HeaderNames extends HeaderNames\n'
            "final case class MediaType(main: String)\n",
            f"{MAIN}/acme/http/Status.scala": "package acme.http\n\nobject Status { val Ok = 200 }\n",
            f"{MAIN}/acme/mvc/Results.scala": "package acme.mvc\n\nobject Results\n"
            "sealed trait Result\n",
            f"{MAIN}/acme/mvc/Action.scala": "package acme.mvc\n\ntrait Action[A]\n",
            f"{MAIN}/acme/mvc/Unused.scala": "package acme.mvc\n\nclass Unused\n",
            f"{MAIN}/acme/json/Json.scala": "package acme.json\n\nobject Json\n",
            # A class of the file's own package named as an import renames another: unused.
            f"{MAIN}/acme/app/MT.scala": "package acme.app\n\nclass MT\n",
            f"{MAIN}/acme/app/App.scala": "package acme.app\n\n"
            "import scala.concurrent.Future\n"
            "import acme.util.Strings\n"
            "import acme.http.{ MediaType => MT, HeaderNames, Status => _ }\n"
            "import acme.mvc._, acme.json.Json.{\n  parse,\n  stringify\n}\n\n"
            "// Unused and Status are named only here, in a comment\n"
            "class App extends Action[Int] {\n"
            '  def run(): Result = { Strings.slug("X"); MT("a"); HeaderNames.Host; ???}\n'
            '  val note = "Unused"\n}\n',
        },
    )
    assert g[f"{MAIN}/acme/app/App.scala"] == [
        f"{MAIN}/acme/http/package.scala",
        f"{MAIN}/acme/json/Json.scala",
        f"{MAIN}/acme/mvc/Action.scala",
        f"{MAIN}/acme/mvc/Results.scala",
        f"{MAIN}/acme/util/Strings.scala",
    ]


def test_scala_sees_its_own_package_and_those_its_chained_clauses_open(make_repo) -> None:
    g = graph(
        make_repo,
        {
            f"{MAIN}/acme/Mode.scala": "package acme\n\nsealed trait Mode\n",
            f"{MAIN}/acme/inject/Binding.scala": "package acme.inject\n\n"
            "final class Binding[T](mode: Mode)\nclass Injector\n",
            f"{MAIN}/acme/inject/guice/Builder.scala": "package acme\npackage inject\n"
            "package guice\n\nclass Builder(i: Injector, m: Mode, h: Helper)\n",
            f"{MAIN}/acme/inject/guice/Helper.scala": "package acme.inject.guice\n\nclass Helper\n",
            # Written as one clause, the file sees its own package only.
            f"{MAIN}/acme/inject/guice/Plain.scala": "package acme.inject.guice\n\n"
            "class Plain(i: Injector, h: Helper)\n",
            # The same package in another module, and a namesake in another package.
            "test/src/test/scala/acme/inject/guice/BuilderSpec.scala": "package acme.inject.guice\n\n"
            "class BuilderSpec { val b: Builder = null }\n",
            f"{MAIN}/other/Helper.scala": "package other\n\nclass Helper\n",
        },
    )
    assert g[f"{MAIN}/acme/inject/guice/Builder.scala"] == [
        f"{MAIN}/acme/Mode.scala",
        f"{MAIN}/acme/inject/Binding.scala",
        f"{MAIN}/acme/inject/guice/Helper.scala",
    ]
    assert g[f"{MAIN}/acme/inject/guice/Plain.scala"] == [f"{MAIN}/acme/inject/guice/Helper.scala"]
    assert g["test/src/test/scala/acme/inject/guice/BuilderSpec.scala"] == [
        f"{MAIN}/acme/inject/guice/Builder.scala"
    ]


def test_scala_and_java_files_import_each_other(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "src/main/java/acme/libs/F.java": "package acme.libs;\n\npublic class F { }\n",
            "src/main/java/acme/mvc/Http.java": "package acme.mvc;\n\n"
            "import acme.api.Configuration;\n\n"
            "public class Http { Configuration c; Results r; }\n",
            "src/main/scala/acme/api/Configuration.scala": "package acme.api\n\n"
            "import acme.libs.F\n\ncase class Configuration(f: F)\n",
            "src/main/scala/acme/mvc/results.scala": "package acme.mvc\n\n"
            "object Results { def ok(h: Http) = h }\n",
        },
    )
    assert g["src/main/java/acme/mvc/Http.java"] == [
        "src/main/scala/acme/api/Configuration.scala",
        "src/main/scala/acme/mvc/results.scala",
    ]
    assert g["src/main/scala/acme/api/Configuration.scala"] == ["src/main/java/acme/libs/F.java"]
    assert g["src/main/scala/acme/mvc/results.scala"] == ["src/main/java/acme/mvc/Http.java"]


def test_scala_reading_takes_linear_time_on_hostile_text(tmp_path) -> None:
    import subprocess
    import sys

    # Braces opened at every line and never closed, and a hundred thousand package
    # clauses: each took seconds to minutes when read to the end or joined at each step.
    # A hang guard, not a speed measure.
    texts = {
        "unclosed": "package a\n" + "import a.{\n" * 20000 + "class Zed\n",
        "packages": "package a\n" * 100000 + "class Zed\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from repoview.analyze.typerefs import type_specs\n"
        "for name in sys.argv[2:]:\n"
        "    specs = dict((s[0], s[1]) for s in type_specs(Path(sys.argv[1], name).read_text(), 'Scala'))\n"
        "    print(name, specs['declares'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), *texts],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split("\n")[:2] == ["unclosed Zed", "packages Zed"]
