"""PHP signatures: closures in bodies are no definitions, a class's traits show, and a long
line gives up attributes, defaults and types before any parameter's name."""

from repoview.compress import signatures

MODEL = """<?php
namespace App;

abstract class Model implements Arrayable, ArrayAccess, CanBeEscapedWhenCastToString, HasBroadcastChannel, Jsonable
{
    use Concerns\\HasAttributes,
        Concerns\\HasEvents,
        Concerns\\HasGlobalScopes,
        Concerns\\HasRelationships,
        Concerns\\HasTimestamps,
        Concerns\\HidesAttributes,
        ForwardsCalls;
    use Macroable {
        __call as macroCall;
    }

    public function incrementQuietly($column, $amount = 1, array $extra = [])
    {
        return static::withoutEvents(
            fn () => $this->incrementOrDecrement($column, $amount, $extra, 'increment')
        );
    }

    public function validateCredentials(Authenticatable $user, #[\\SensitiveParameter] array $credentials, bool $force = false) { return true; }

    public function each(callable $callback): static
    {
        $this->items->map(
            function ($item, $key) use ($callback) {
                return $callback($item, $key);
            }
        );
        return $this;
    }

    public function __construct(
        protected CacheManager $cache,
        protected Dispatcher $events,
        protected array $stores,
    ) {}
}

function helper($value) { return fn ($other) => $value + $other; }
"""


def test_closures_in_bodies_are_not_definitions_and_a_class_shows_its_traits() -> None:
    shown = signatures(MODEL, "PHP").splitlines()
    assert not any(line.lstrip().startswith(("fn ", "function (")) for line in shown)
    assert shown[:5] == [
        "namespace App",
        "abstract class Model implements Arrayable, ArrayAccess, CanBeEscapedWhenCastToString, …",
        # (too long with their namespaces: without them, over as many lines as they take)
        " use HasAttributes, HasEvents, HasGlobalScopes, HasRelationships, HasTimestamps, HidesAttributes",
        " use ForwardsCalls",
        " use Macroable",
    ]
    assert shown[-1] == "function helper($value)"  # (its body on its line is not shown)
    long = "class NotificationChannelManagerTestQueuedWithDeduplicators extends Notification implements "
    shown = signatures(f"<?php\n{long}ShouldQueueAfterCommit\n{{\n}}\n", "PHP")
    assert shown == f"{long}…\n"


def test_a_long_php_line_drops_attributes_and_defaults_then_types_before_names() -> None:
    shown = signatures(MODEL, "PHP").splitlines()
    assert (
        " public function validateCredentials(Authenticatable $user, array $credentials,"
        " bool $force=…)" in shown
    )
    assert " public function incrementQuietly($column, $amount = 1, array $extra = [])" in shown
    assert " public function each(callable $callback): static" in shown
    # (over lines, with a comma after the last one: read as one line, its comma gone; too
    # long with types, its promoted parameters keep their visibility: they are properties)
    assert (
        " public function __construct(protected $cache, protected $events, protected $stores)"
        in shown
    )
    long = ", ".join(f"?LongTypeName{k} $parameterNumber{k} = null" for k in range(4))
    php = f"<?php\nclass A {{\n    public function configure({long}): void {{}}\n}}\n"
    names = ", ".join(f"$parameterNumber{k}=…" for k in range(4))
    assert signatures(php, "PHP").splitlines()[1] == f" public function configure({names}): void"


def test_a_heredoc_at_the_margin_ends_no_class() -> None:
    php = (
        "<?php\nclass ShowCommand extends BaseCommand\n{\n"
        "    protected function configure(): void\n    {\n"
        "        $this->setHelp(<<<EOT\nThe show command lists packages.\n"
        "function fake() is text here\nEOT\n            );\n    }\n\n"
        "    protected function execute(InputInterface $input): int\n    {\n"
        "        $sql = <<<'SQL'\n    SELECT 1;\n    SQL;\n        return 0;\n    }\n}\n"
    )
    assert signatures(php, "PHP") == (
        "class ShowCommand extends BaseCommand\n"
        " protected function configure(): void\n"
        " protected function execute(InputInterface $input): int\n"
    )


def test_a_heredoc_word_in_a_comment_or_never_closed_hides_nothing() -> None:
    php = (
        "<?php\nclass A\n{\n    // see <<<EOT in the docs\n    public function one(): void {}\n"
        "    public function two(): string { return '<<<SQL'; }\n"
        "    public function three(): string\n    {\n        $x = <<<NEVER\n"
        "    }\n    public function four(): void {}\n}\n"
    )
    assert signatures(php, "PHP") == (
        "class A\n public function one(): void\n public function two(): string\n"
        " public function three(): string\n public function four(): void\n"
    )


def test_a_parameter_with_its_attribute_on_its_line_is_kept() -> None:
    php = (
        "<?php\nclass Attempting\n{\n    public function __construct(\n"
        "        public $guard,\n        #[\\SensitiveParameter] public $credentials,\n"
        "        public $remember,\n    ) {\n    }\n}\n"
    )
    assert signatures(php, "PHP") == (
        "class Attempting\n"
        " public function __construct(public $guard, public $credentials, public $remember)\n"
    )


def test_a_rust_parameter_behind_an_attribute_is_kept() -> None:
    rust = (
        "pub fn spawn(\n    name: &str,\n    #[cfg(unix)] fd: RawFd,\n    opts: Opts,\n"
        ") -> Handle {\n    todo!()\n}\n"
    )
    assert signatures(rust, "Rust") == "pub fn spawn(name, #[cfg(unix)] fd, opts) -> Handle\n"
    c = "int run(int a,\n#ifdef DEBUG\n        int trace,\n#endif\n        int b)\n{\n}\n"
    assert signatures(c, "C") == "int run(int, int, int)\n"  # (the directives are no parameter)
