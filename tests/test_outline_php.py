"""PHP outlines (read from indentation, as C#'s): every class, interface, trait and enum with
its members' heads, each docblock cut to its first paragraph, bodies elided; heredocs and
strings are text, and a template that leaves PHP for HTML keeps the line fallback."""

from __future__ import annotations

from repoview.compress import compress
from repoview.outline_indent import _php_classify

_BODY = "\n".join(f"        $v{i} = {i};" for i in range(15))

# PSR-12: a class's and a method's `{` on the line below the head
_PSR12 = f"""<?php

declare(strict_types=1);

namespace Acme;

use Acme\\Contracts\\Shape;
use function Acme\\Support\\helper;

/**
 * A shape with methods.
 *
 * More about it, not kept.
 */
final class D implements Shape
{{
    use Counted;

    public const LIMIT = 10;

    /**
     * @var array Defaults of the options
     */
    private static $defaults = [
        'a' => 1,
        'b' => 2,
        'c' => 3,
        'd' => 4,
        'e' => 5,
        'f' => 6,
        'g' => 7,
        'h' => 8,
        'i' => 9,
        'j' => 10,
        'k' => 11,
        'l' => 12,
    ];

    private ?string $name = null;

    /**
     * First method summary.
     */
    public function one(): int
    {{
{_BODY}
        return 1;
    }}

    /**
     * Second method summary.
     *
     * @param string $x The input
     */
    public function two(string $x): string
    {{
{_BODY}
        $f = static function (string $y) use ($x): string {{
            return $x . $y;
        }};
        return $f($x);
    }}

    /** Third, one line. */
    public function three(
        int $a,
        ?callable $b = null,
    ): void {{
{_BODY}
    }}
}}
"""


def test_each_method_keeps_its_head_and_docblock_summary_and_loses_its_body() -> None:
    outline = compress(_PSR12, "PHP")
    for kept in (
        "namespace Acme;",
        "use function Acme\\Support\\helper;",
        " * A shape with methods.",
        "final class D implements Shape",
        "    use Counted;",
        "    public const LIMIT = 10;",
        "    private ?string $name = null;",
        "     * First method summary.",
        "    public function one(): int",
        "     * Second method summary.",
        "    public function two(string $x): string",
        "    /** Third, one line. */",
        "        ?callable $b = null,",
        "    ): void {",
        "        /* ... 16 lines elided */",
    ):
        assert kept in outline.split("\n"), kept
    for gone in ("$v3 = 3;", "More about it", "@param string $x", "static function (string $y)"):
        assert gone not in outline, gone
    # the long array is cut to its head and its closing line, never left open
    assert "    private static $defaults = [\n        /* ... 12 lines elided */\n    ];" in outline
    code = "".join(_php_classify(outline.split("\n"))[1])  # type: ignore[index]
    assert code.count("{") == code.count("}") and code.count("[") == code.count("]")
    assert len(outline) < len(_PSR12) * 2 / 3


_KR = """<?php
namespace App;

enum Suit: string implements Named {
    case Hearts = 'H';
    case Spades = 'S';

    /** The colour. */
    public function color(): string {
        return match ($this) {
            Suit::Hearts => 'Red',
            Suit::Spades => 'Black',
        };
    }
}

interface Renderer {
    /**
     * Renders it.
     * @param string $x
     */
    public function render(string $x): string;
}

abstract class Base implements Renderer {
    #[Pure]
    public function render(string $x): string {
        $sql = <<<SQL
            SELECT *
            FROM t WHERE x = '{$x}' } } }
            SQL;
        $raw = <<<'EOT'
}
public function notAMethod() {
EOT;
        $s = "a string over lines {
}
public function inAString() {";
        return $sql . $raw . $s; # a comment {
    }

    abstract protected function make(): static;
}

function helper(int $a,
                int $b): int
{
    if ($a) {
        return 1;
    } elseif ($b) {
        return 2;
    }
    return 3;
}
"""


def test_braces_at_the_heads_end_heredocs_strings_enum_cases_and_functions() -> None:
    outline = compress(_KR, "PHP")
    assert outline == (
        "<?php\nnamespace App;\n\n"
        "enum Suit: string implements Named {\n"
        "    case Hearts = 'H';\n    case Spades = 'S';\n\n"
        "    /** The colour. */\n    public function color(): string {\n"
        "        /* ... 4 lines elided */\n    }\n}\n\n"
        "interface Renderer {\n    /**\n     * Renders it.\n     */\n"
        "    public function render(string $x): string;\n}\n\n"
        "abstract class Base implements Renderer {\n    #[Pure]\n"
        "    public function render(string $x): string {\n"
        "        /* ... 12 lines elided */\n    }\n\n"
        "    abstract protected function make(): static;\n}\n\n"
        "function helper(int $a,\n                int $b): int\n{\n"
        "    /* ... 6 lines elided */\n}\n"
    )


def test_a_template_that_leaves_php_for_html_keeps_the_line_fallback() -> None:
    text = (
        "<?php\n$title = 'x';\nfunction a() {\n    return 1;\n    return 2;\n}\n?>\n"
        "<html><body><?= $title ?></body></html>\n" + "<p>a</p>\n" * 40
    )
    assert _php_classify(text.split("\n")) is None
    outline = compress(text, "PHP")
    assert outline.startswith("<?php\n$title = 'x';\nfunction a() {\n    return 1;\n")
    # a file that only ends with `?>` is all PHP
    assert _php_classify(["<?php", "function a() {", "}", "?>", ""]) is not None


def test_a_heredoc_opened_at_the_margin_inside_a_method_stays_in_its_body() -> None:
    rows = "".join(f"            ['row{i}', {i}],\n" for i in range(12))
    text = (
        "<?php\nnamespace Acme\\Tests;\n\nclass TableTest\n{\n"
        "    public static function provider(): array\n    {\n        return [\n"
        "            [\n                'default',\n<<<'TABLE'\n+---+\n| a |\n+---+\n\nTABLE\n"
        "                ,\n            ],\n" + rows + "        ];\n    }\n\n"
        "    public function testRender(): void\n    {\n"
        + "".join(f"        $this->assertSame({i}, {i});\n" for i in range(5))
        + "    }\n}\n"
    )
    assert compress(text, "PHP") == (
        "<?php\nnamespace Acme\\Tests;\n\nclass TableTest\n{\n"
        "    public static function provider(): array\n    {\n"
        "        /* ... 24 lines elided */\n    }\n\n"
        "    public function testRender(): void\n    {\n"
        "        /* ... 5 lines elided */\n    }\n}\n"
    )


def test_windows_line_ends_and_a_byte_order_mark_give_the_same_outline() -> None:
    outline = compress(_KR, "PHP")
    assert compress(_KR.replace("\n", "\r\n"), "PHP") == outline.replace("\n", "\r\n")
    assert compress("\ufeff" + _KR, "PHP") == "\ufeff" + outline
