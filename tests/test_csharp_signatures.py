"""C# signatures: a type's properties, events, indexers and operators are its API as much as
its methods; a long parameter list keeps its types, which tell overloads apart."""

from __future__ import annotations

from repoview.signature_lines import signatures

OPTIONS = """\
namespace Resilience.Breaker;

public class BreakerOptions<TResult> : StrategyOptions
{
    public BreakerOptions() => Name = "Breaker";

    /// <summary>The ratio.</summary>
    public double FailureRatio { get; set; } = 0.1;

    public TimeSpan BreakDuration { get; private set; } = TimeSpan.FromSeconds(5);

    public Func<ClosedArguments<TResult>, ValueTask>? OnClosed { get; init; }

    public int Count => _items.Count;

    public string Label
    {
        get { return _label; }
        set
        {
            _label = value;
        }
    }

    public const int DefaultThroughput = 100;

    private readonly object _lock = new();

    private readonly List<int> _items = new();

    public event EventHandler<EventArgs>? Changed;

    public int this[int index] => _items[index];

    public static Builder<TResult> operator |(Builder<TResult> left, Builder<TResult> right) => left.Or(right);

    public static implicit operator Func<int, bool>(BreakerOptions<TResult> options) => x => true;

    public bool TryGetPipeline<TKey>(TKey key, [NotNullWhen(true)] out Pipeline<TResult>? pipeline, CancellationToken cancellationToken = default)
    {
        var found = Lookup(key);
        pipeline = null;
        return false;
    }

    public Task ExecuteAsync(Func<Context, CancellationToken, Task> action, IDictionary<string, object> contextData, CancellationToken token)
        => Task.CompletedTask;

    public Task ExecuteAsync(Func<Context, CancellationToken, Task> action, Context context, CancellationToken cancellationToken)
        => Task.CompletedTask;
}

public interface IPolicy
{
    string Key { get; }

    void Reset();
}
"""


def test_members_besides_methods_are_listed() -> None:
    shown = signatures(OPTIONS, "C#").rstrip("\n").split("\n")
    assert shown == [
        "namespace Resilience.Breaker",
        "public class BreakerOptions<TResult> : StrategyOptions",
        " public BreakerOptions()",
        " public double FailureRatio { get; set; }",
        " public TimeSpan BreakDuration { get; private set; }",
        " public Func<ClosedArguments<TResult>, ValueTask>? OnClosed { get; init; }",
        " public int Count { get; }",
        " public string Label { get; set; }",
        " public event EventHandler<EventArgs>? Changed",
        " public int this[int index] { get; }",
        " public static Builder<TResult> operator |(Builder<TResult> left, Builder<TResult> right)",
        " public static implicit operator Func<int, bool>(BreakerOptions<TResult> options)",
        # Too long whole: by its types (its `out` type was cut off with the names).
        " public bool TryGetPipeline<TKey>(TKey, out Pipeline<TResult>?, CancellationToken = …)",
        # Two overloads that read alike cut after their first parameter now differ.
        " public Task ExecuteAsync(Func<Context, CancellationToken, Task>, … 2 more)",
        " public Task ExecuteAsync(Func<Context, CancellationToken, Task>, Context, CancellationToken)",
        "public interface IPolicy",
        " string Key { get; }",
        " void Reset()",
    ]


def test_array_parameters_keep_their_brackets_when_shown_by_type() -> None:
    # An array's `[]` is its type's, not an attribute: `int[] indices` was `intindices`
    # and `params JsonConverter[] converters` was `params`.
    text = (
        "public static class JsonConvert\n"
        "{\n"
        "    public static string SerializeObject(object? value, Formatting formatting, params JsonConverter[] converters)\n"
        "    {\n"
        "        return null;\n"
        "    }\n"
        "\n"
        "    public static int Sum(int[] indices, int[,] grid, [NotNull] string[] names, int count = 0, bool flag = false)\n"
        "    {\n"
        "        return 0;\n"
        "    }\n"
        "}\n"
    )
    assert signatures(text, "C#").rstrip("\n").split("\n") == [
        "public static class JsonConvert",
        " public static string SerializeObject(object?, Formatting, params JsonConverter[])",
        " public static int Sum(int[], int[,], string[], int = …, bool = …)",
    ]


def test_members_after_attributes_on_their_line_and_delegates_are_listed() -> None:
    # An attribute on the member's own line hid the member (an attribute on the line above
    # did not); a delegate type, a file's or a class's, was never listed.
    text = (
        "namespace D\n"
        "{\n"
        " [Serializable] public class A\n"
        " {\n"
        "  [Fact] public void Adds() { }\n"
        '  [HttpGet("{id}")] public IActionResult Get(int id) { return Ok(); }\n'
        '  [Theory, InlineData(1)] [Trait("a", "b")] public async Task Runs(int n)\n'
        "  {\n"
        "   button.Click += delegate(object s, EventArgs e) { Go(); };\n"
        "   Func<int> f = delegate { return 1; };\n"
        "  }\n"
        '  [JsonProperty("x")] public int X { get; set; }\n'
        "  [SerializeField] private int y;\n"
        "  public int Plain(int id) => 0;\n"
        "  public delegate object Resolver(Type t);\n"
        " }\n"
        " public delegate void Cb(object o);\n"
        " internal delegate TResult Fn<in T, out TResult>(\n"
        "  T arg);\n"
        "}\n"
    )
    assert signatures(text, "C#").rstrip("\n").split("\n") == [
        "namespace D",
        " public class A",
        "  public void Adds()",
        "  public IActionResult Get(int id)",
        "  public async Task Runs(int n)",
        "  public int X { get; set; }",
        "  public int Plain(int id)",
        "  public delegate object Resolver(Type t)",
        " public delegate void Cb(object o)",
        " internal delegate TResult Fn<in T, out TResult>(T arg)",
    ]
