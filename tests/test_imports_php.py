"""PHP edges beyond `use` lines: classes of the file's own namespace named only as types
(parameters, return values, properties) or used as traits, `use function` (to the file that
defines the function) and files included by the file's own folder; never PHP's own types,
names in comments, nor names no file of the repository holds."""

from __future__ import annotations

from tests.conftest import graph

_COMPOSER = '{"autoload": {"psr-4": {"Acme\\\\": "src/"}}}'


def test_type_hints_traits_use_function_and_require_dir_give_edges(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "composer.json": _COMPOSER,
            "src/T.php": "<?php\nnamespace Acme;\ntrait T { public function t() {} }\n",
            "src/C.php": "<?php\nnamespace Acme;\nclass C\n{\n    use T;\n}\n",
            "src/R.php": "<?php\nnamespace Acme;\ninterface R {}\n",
            "src/Q.php": "<?php\nnamespace Acme;\nclass Q {}\n",
            "src/Sub/S.php": "<?php\nnamespace Acme\\Sub;\nclass S {}\n",
            "src/Doc.php": "<?php\nnamespace Acme;\nclass Doc {}\n",
            "src/P.php": (
                "<?php\nnamespace Acme;\n\nuse function Acme\\Support\\helper;\n\n"
                "final class P\n{\n    private ?Q $q = null;\n\n"
                "    /**\n     * @param Doc $d a class named only in a comment\n     */\n"
                "    public function __construct(C $c, int $n, ?string $s, self $me, "
                "Missing $m, \\Countable $k) {}\n\n"
                "    public static function m(array $a = []): R|static|null {}\n\n"
                "    public function sub(Sub\\S $s): mixed { return helper($s); }\n\n"
                "    public function text(): string\n    {\n        return <<<EOT\n"
                "            function f(Doc $d) {}\n            EOT;\n    }\n}\n"
            ),
            "src/Support/functions.php": (
                "<?php\nnamespace Acme\\Support;\n\nfunction helper($x)\n{\n    return $x;\n}\n"
            ),
            "src/functions_include.php": (
                "<?php\nif (!\\function_exists('Acme\\Support\\helper')) {\n"
                "    require __DIR__ . '/Support/functions.php';\n}\n"
            ),
            "src/Guarded.php": (
                "<?php\nnamespace Acme\\Guarded;\n\nif (!\\function_exists('Acme\\Guarded\\g')) {\n"
                "    function g() {}\n}\n"
            ),
            "src/UsesG.php": "<?php\nnamespace Acme;\nuse function Acme\\Guarded\\g;\ng();\n",
            "src/Other.php": (
                "<?php\nnamespace Acme;\nuse function Elsewhere\\tap;\n"
                "class Other { public function f(string $x): void {} }\n"
            ),
        },
    )
    assert g["src/C.php"] == ["src/T.php"]
    assert g["src/P.php"] == [
        "src/C.php",
        "src/Q.php",
        "src/R.php",
        "src/Sub/S.php",
        "src/Support/functions.php",
    ]
    assert g["src/functions_include.php"] == ["src/Support/functions.php"]
    assert g["src/Other.php"] == []
    assert g["src/UsesG.php"] == ["src/Guarded.php"]
