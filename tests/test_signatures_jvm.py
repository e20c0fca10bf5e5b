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
        " public static <T extends Comparable<? super T>> List<T> sorted(byName, order, ...names)\n"
        " void write(int b)\n"
        " void write(byte[] b)\n"
        " void write(b, offset, length)\n"
    )


def test_a_long_java_parameter_list_keeps_every_name() -> None:
    names = [f"parameterNumber{k}" for k in range(7)]
    params = ", ".join(f"Type{k} {name}" for k, name in enumerate(names))
    java = f"class A {{\n  private static void configure({params}) {{\n  }}\n}}\n"
    shown = signatures(java, "Java").splitlines()[1]
    assert shown == f" private static void configure({', '.join(names)})"


def test_java_parents_wrapped_below_a_type_and_no_member_from_a_body() -> None:
    # google-java-format puts `extends` and `implements` on lines of their own; in a body,
    # a line that opens with another language's keyword (`object`) declares nothing.
    java = (
        "public final class Construction<T>\n"
        "        extends ScopedMock<Control<T>>\n"
        "        implements Mocked<T> {\n"
        "    private final Function<Object, Object> hook;\n"
        "\n"
        "    Construction() {\n"
        "        hook =\n"
        "                (object) -> {\n"
        "                    throw new IllegalStateException(\n"
        '                            "Unexpected " + object,\n'
        "                            object instanceof Throwable ? (Throwable) object : null);\n"
        "                };\n"
        "    }\n"
        "\n"
        "    private static class Wrapped\n"
        "            extends Base\n"
        "            implements Runnable,\n"
        "                    Serializable {\n"
        "        public void run() {}\n"
        "    }\n"
        "\n"
        "    enum Mode\n"
        "            implements Named {\n"
        "        STRICT, LENIENT;\n"
        "    }\n"
        "\n"
        "    public Object make(Object o) { return hook.apply(o); }\n"
        "}\n"
    )
    assert signatures(java, "Java") == (
        "public final class Construction<T> extends ScopedMock<Control<T>> implements Mocked<T>\n"
        " Construction()\n"
        " private static class Wrapped extends Base implements Runnable, Serializable\n"
        "  public void run()\n"
        " enum Mode implements Named\n"
        "  STRICT, LENIENT\n"
        " public Object make(o)\n"
    )


def test_kotlin_class_shows_its_properties_and_all_its_parent_types() -> None:
    kotlin = (
        "/** A client. */\n"
        "open class Client internal constructor(\n"
        "  builder: Builder,\n"
        ") : Call.Factory,\n"
        "  WebSocket.Factory {\n"
        "  /** Where calls are queued. */\n"
        '  @get:JvmName("dispatcher")\n'
        "  val dispatcher: Dispatcher = builder.dispatcher\n"
        "\n"
        "  var retries: Int = 3\n"
        "  val interceptors: List<Interceptor> =\n"
        "    builder.interceptors.toList()\n"
        "  val pinner: Map<String, List<Pair<Pattern, ByteString>>> = mapOf()\n"
        "  val name by lazy { compute() }\n"
        "  private val secret = 1\n"
        "  internal val routes: RouteDatabase = RouteDatabase()\n"
        "\n"
        "  override fun newCall(request: Request): Call {\n"
        "    val local = 1\n"
        "    return RealCall(this, request)\n"
        "  }\n"
        "\n"
        "  companion object {\n"
        "    private const val LIMIT = 3\n"
        "  }\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "open class Client internal constructor(builder: Builder) : Call.Factory, WebSocket.Factory\n"
        " val dispatcher: Dispatcher\n"
        " var retries: Int\n"
        " val interceptors: List<Interceptor>\n"
        " val pinner: Map<…>\n"
        " val name\n"
        " override fun newCall(request): Call\n"
    )


def test_kotlin_companion_constants_are_listed_with_its_other_members() -> None:
    kotlin = (
        "class Client {\n"
        "  fun close() {}\n"
        "  companion object {\n"
        '    const val VERSION = "1.0"\n'
        "    const val LIMIT: Int = 3\n"
        "    private const val SECRET = 1\n"
        "    internal const val CACHE = 2\n"
        "    @JvmField val TLS_AES_128 = init(0x1301)\n"
        "    @JvmStatic fun create(): Client = Client()\n"
        "  }\n"
        "}\n"
        'const val TOP = "x"\n'
    )
    assert signatures(kotlin, "Kotlin").splitlines() == [
        "class Client",
        " fun close()",
        " companion object",
        "  const val VERSION",
        "  const val LIMIT: Int",
        "  @JvmStatic fun create(): Client",
    ]


def test_kotlin_parent_types_below_the_colon_and_a_long_constructor_by_name() -> None:
    kotlin = (
        "interface Call :\n"
        "  Cloneable {\n"
        "  val request: Request\n"
        "}\n"
        "data class Route(\n"
        "  @JvmField val address: Address,\n"
        "  val proxy: Proxy,\n"
        "  val socketAddress: InetSocketAddress, // where it connects\n"
        "  private val flags: Set<RouteFlag> = emptySet(),\n"
        ") : Comparable<Route> {\n"
        "  override fun compareTo(other: Route): Int = 0\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "interface Call : Cloneable\n"
        " val request: Request\n"
        "data class Route(val address, val proxy, val socketAddress, flags) : Comparable<Route>\n"
        " override fun compareTo(other): Int\n"
    )


def test_kotlin_bridges_hidden_from_callers_are_left_out_and_overloads_told_apart() -> None:
    kotlin = (
        "class Builder {\n"
        '  @JvmName("-deprecated_dispatcher")\n'
        "  @Deprecated(\n"
        '    message = "moved to val",\n'
        "    level = DeprecationLevel.ERROR,\n"
        "  )\n"
        "  fun dispatcher(): Dispatcher = dispatcher\n"
        "\n"
        '  @Deprecated("use the other", level = DeprecationLevel.WARNING)\n'
        "  fun proxy(): Proxy = proxy\n"
        "\n"
        "  fun callTimeout(timeout: Long, unit: TimeUnit) = apply { }\n"
        "  fun callTimeout(duration: kotlin.time.Duration) = apply { }\n"
        "  fun callTimeout(duration: java.time.Duration) = apply { }\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "class Builder\n fun proxy(): Proxy\n fun callTimeout(timeout, unit)\n"
        " fun callTimeout(duration: kotlin.time.Duration)\n"
        " fun callTimeout(duration: java.time.Duration)\n"
    )


def test_a_kotlin_constructor_with_property_docs_is_shown_by_its_names() -> None:
    params = "".join(
        f"  /** The {name}, as the server sent it: see the class above. */\n"
        f'  @get:JvmName("{name}") val {name}: {name.title()},\n'
        for name in ("scheme", "username", "password", "host", "port")
    )
    kotlin = f"class Url private constructor(\n{params}  private val url: String,\n) {{\n}}\n"
    assert signatures(kotlin, "Kotlin") == (
        "class Url private constructor(val scheme, val username, val password, val host, val port, url)\n"
    )
    many = "".join(f"  /**\n   * Part {k}.\n   */\n  val part{k}: Int,\n" for k in range(12))
    kotlin = f"class Parts(\n{many}) {{\n}}\n"
    # (more lines than a definition's are joined: the names read, then "…")
    assert signatures(kotlin, "Kotlin").startswith(
        "class Parts(val part0, val part1, val part2, val part3, val part4, val part5, val part6, "
    )
    assert "…)\n" in signatures(kotlin, "Kotlin")


def test_a_hidden_level_in_the_member_above_hides_nothing_below() -> None:
    text = (
        "class Logger {\n"
        "    fun warn(msg: String) =\n"
        "        log(msg, level = ERROR)\n"
        "    fun info(msg: String) = log(msg)\n"
        "    @Deprecated(\n"
        '        message = "moved",\n'
        "        level = DeprecationLevel.HIDDEN,\n"
        "    )\n"
        "    fun old(msg: String) = log(msg)\n"
        "}\n"
    )
    shown = signatures(text, "Kotlin")
    assert "fun info(msg)" in shown
    assert "fun old" not in shown


def test_kotlin_top_level_properties_are_listed_but_not_private_internal_or_const() -> None:
    kotlin = (
        "package okx\n"
        "\n"
        "const val MAX_SIZE = 10\n"
        "val defaultClient: Client = Client()\n"
        "val String.isBlankish: Boolean\n"
        "  get() = trim().isEmpty()\n"
        "internal val cache = mutableMapOf<String, Client>()\n"
        "private var counter = 0\n"
        "\n"
        "fun connect(url: String): Client {\n"
        "  val local = Client()\n"
        "  return local\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "val defaultClient: Client\nval String.isBlankish: Boolean\nfun connect(url): Client\n"
    )


def test_kotlin_type_parameters_show_and_a_class_line_stops_at_its_body() -> None:
    kotlin = (
        "class Query<T>(val set: FieldSet) {\n"
        "    fun <R> mapAll(transform: (T) -> R): List<R> = emptyList()\n"
        "    inner class Cursor(val pos: Int) { fun next(): Int = pos + 1 }\n"
        "    enum class Mode { LAZY, EAGER }\n"
        "    companion object {\n"
        "        fun create(): Query<Int> = TODO()\n"
        "        val default: Query<Int> = create()\n"
        "        @JvmField val TLS_AES_128_GCM = init(0x1301)\n"
        "    }\n"
        "}\n"
        "class Plain {\n"
        "    companion object {\n"
        "        private const val LIMIT = 1\n"
        "    }\n"
        "    fun run() {}\n"
        "}\n"
        "fun <C1 : ColumnSet, C2 : ColumnSet> C1.innerJoin(other: C2, on: C1.() -> Op): Join =\n"
        "    TODO()\n"
        "inline fun <reified TLongTypeParameter : Comparable<TLongTypeParameter>, out R : Any>"
        " Table.someLongFunctionName(a: Int, b: Int): R = TODO()\n"
    )
    assert signatures(kotlin, "Kotlin").splitlines() == [
        "class Query<T>(val set: FieldSet)",
        " fun <R> mapAll(transform): List<R>",
        " inner class Cursor(val pos: Int)",  # (its body on its line is not its header)
        " enum class Mode { LAZY, EAGER }",  # (an enum's: its constants)
        # (a companion's members are the class's own, not its instances')
        " companion object",
        "  fun create(): Query<Int>",
        "  val default: Query<Int>",  # (a constant is the outline's, as a `const val` is)
        "class Plain",  # (a companion that shows nothing is not shown)
        " fun run()",
        "fun <C1 : ColumnSet, C2 : ColumnSet> C1.innerJoin(other, on): Join",
        # (too long with their bounds: the type parameters' names)
        "inline fun <TLongTypeParameter, out R> Table.someLongFunctionName(a, b): R",
    ]


def test_scala_lines_stop_before_an_expression_body_and_a_self_type() -> None:
    scala = (
        "class Action(parser: Parser) extends Handler {\n"
        '  override def toString = s"Action(parser=$parser)"\n'
        "  def position: Integer = null\n"
        "  def handler: Int => Int = x => x + 1\n"
        "  def empty[A]: Seq[A] = Nil\n"
        "  def apply(x: Int): Int = x + 1\n"
        "}\n"
        "trait Results { self: Controller =>\n"
        "  def ok(x: Int): Result\n"
        "}\n"
        "trait Loader[A] { self =>\n"
        '  def load(config: Config, path: String = ""): A\n'
        "}\n"
        "type Routes = PartialFunction[RequestHeader, Handler]\n"
    )
    assert signatures(scala, "Scala").splitlines() == [
        "class Action(parser: Parser) extends Handler",
        " override def toString",
        " def position: Integer",
        " def handler: Int => Int",
        " def empty[A]: Seq[A]",
        " def apply(x)",
        "trait Results",
        " def ok(x)",
        "trait Loader[A]",
        ' def load(config, path="")',
        "type Routes = PartialFunction[RequestHeader, Handler]",
    ]


def test_kotlin_private_companions_and_getters_on_a_property_line_are_left_out() -> None:
    kotlin = (
        "package a\n\n"
        "val String.isBlankish: Boolean get() = trim().isEmpty()\n\n"
        "class A {\n"
        "  fun f(x: Int) = x\n"
        "  private companion object {\n"
        "    val log = 1\n"
        "    fun helper(a: Int) = a\n"
        "  }\n"
        "  fun g(y: Int) = y\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "val String.isBlankish: Boolean\nclass A\n fun f(x)\n fun g(y)\n"
    )


def test_scala_case_classes_implicit_and_scoped_definitions_hold_their_members() -> None:
    scala = (
        "final case class Binding[T](key: Key[T], scope: Option[String]) extends Target {\n"
        "  def eagerly(): Binding[T] = copy()\n"
        "}\n"
        "case object Empty extends Target\n"
        "sealed abstract class Node(val id: Int)\n"
        "object Formats {\n"
        "  implicit class RichInt(val i: Int) extends AnyVal {\n"
        "    def twice: Int = i * 2\n"
        "  }\n"
        "  implicit def conv(x: Int): String = x.toString\n"
        "  private[play] case class Inner(x: Int) {\n"
        "    def eagerly(): Inner = this\n"
        "  }\n"
        "}\n"
        "private[this] final class Bar(x: Int)\n"
        "val result = x match {\n"
        "  case Some(y) => y\n"
        "}\n"
    )
    assert signatures(scala, "Scala").splitlines() == [
        "final case class Binding[T](key: Key[T], scope: Option[String]) extends Target",
        " def eagerly()",
        "case object Empty extends Target",
        "sealed abstract class Node(val id: Int)",
        "object Formats",
        " implicit class RichInt(val i: Int) extends AnyVal",
        "  def twice: Int",
        " implicit def conv(x)",
        " private[play] case class Inner(x: Int)",
        "  def eagerly()",  # (its own: not the first class's, shown once)
        "private[this] final class Bar(x: Int)",
    ]


def test_scala_type_bounds_and_evidence_are_not_brackets_nor_defaults() -> None:
    scala = (
        "object Streams {\n"
        "  def recover[B >: A](pf: PartialFunction[Throwable, B]): Acc[B] = ???\n"
        "  def bind[T <: Actor: ClassTag](name: String, props: Props => Props = identity): Unit\n"
        "  def view[A <% Ordered[A]](a: A, b: A): Boolean = a < b\n"
        "  def flatten(implicit ev: A =:= Seq[B], other: A <:< B): Seq[B] = ???\n"
        "  class Holder[A <: Node](node: A) extends Base[A]\n"
        "}\n"
    )
    assert signatures(scala, "Scala").splitlines() == [
        "object Streams",
        " def recover(pf)",
        " def bind(name, props=identity)",
        " def view(a, b)",
        " def flatten(implicit ev, other)",
        " class Holder[A <: Node](node: A) extends Base[A]",  # (a class's line as written)
    ]


def test_a_type_after_an_annotation_with_arguments_on_its_line_holds_its_members() -> None:
    java = (
        '@SuppressWarnings("unchecked") public class Box {\n'
        "    public Box(int size) {\n        this.size = size;\n    }\n\n"
        "    public int size() {\n        return size;\n    }\n}\n"
        "@Retention(RUNTIME) @interface Named {\n    String value();\n}\n"
    )
    assert signatures(java, "Java") == (
        '@SuppressWarnings("unchecked") public class Box\n public Box(size)\n public int size()\n'
        "@Retention(RUNTIME) @interface Named\n String value()\n"
    )
    kotlin = (
        "@JsonClass(generateAdapter = true) data class Point(val x: Int, val y: Int) {\n"
        "    fun norm(): Int {\n        return x * x + y * y\n    }\n}\n"
    )
    assert signatures(kotlin, "Kotlin") == (
        "@JsonClass(generateAdapter = true) data class Point(val x: Int, val y: Int)\n fun norm(): Int\n"
    )


def test_kotlin_secondary_constructors_are_listed_under_their_class() -> None:
    kotlin = (
        "open class Client internal constructor(val name: String) {\n"
        '  constructor() : this("default")\n'
        "\n"
        "  fun close() {}\n"
        '  internal constructor(port: Int, host: String = "x") : this(host + port)\n'
        "  constructor(port: Long) : this(port.toInt()) {\n"
        "    check(port > 0)\n"
        "  }\n"
        '  constructor(port: Int) : this(port, "y")\n'
        "}\n"
        "class Interceptor\n"
        "  @JvmOverloads\n"
        "  constructor(\n"
        "    private val logger: Logger = Logger.DEFAULT,\n"
        "  ) : Base {\n"
        "    fun log() {}\n"
        "  }\n"
    )
    assert signatures(kotlin, "Kotlin").splitlines() == [
        "open class Client internal constructor(val name: String)",
        " constructor()",  # (how every caller makes one)
        " fun close()",
        ' internal constructor(port, host="x")',
        # (two of the same names: their types tell them apart)
        " constructor(port: Long)",
        " constructor(port: Int)",
        # (its primary constructor, below its name, is read with it: no member)
        "class Interceptor @JvmOverloads constructor(private val logger: Logger = Logger.DEFAULT) : Base",
        " fun log()",
    ]


def test_a_kotlin_constructor_cut_off_keeps_its_properties_and_its_body_its_members() -> None:
    params = "".join(f"  val longPropertyName{k}: Type{k},\n" for k in range(8))
    kotlin = (
        "class Address(\n"
        "  uriHost: String,\n"
        f"{params}"
        '  @get:JvmName("proxy") val proxy: Proxy? = null,\n'
        "  internal val cache: Cache,\n"
        "  private val secret: String,\n"
        ") {\n"
        "  fun url(): String = uriHost\n"
        "}\n"
    )
    assert signatures(kotlin, "Kotlin").splitlines() == [
        "class Address(uriHost, val longPropertyName0, val longPropertyName1, … 9 more)",
        # (the public ones past the cut, typed, as a body's are)
        " val longPropertyName2: Type2",
        " val longPropertyName3: Type3",
        " val longPropertyName4: Type4",
        " val longPropertyName5: Type5",
        " val longPropertyName6: Type6",
        " val longPropertyName7: Type7",
        " val proxy: Proxy?",
        " fun url(): String",
    ]
    # More lines than a definition's are joined (each property with its KDoc): the members
    # are still the class's, not the file's.
    documented = "".join(f"  /**\n   * Doc {k}.\n   */\n  val p{k}: Int,\n" for k in range(12))
    kotlin = f"class Response(\n{documented}) : Closeable {{\n  fun close() {{}}\n}}\n"
    shown = signatures(kotlin, "Kotlin").splitlines()
    assert shown[0].startswith("class Response(val p0, val p1") and shown[0].endswith("…)")
    assert shown[-2:] == [" val p11: Int", " fun close()"]
    assert len(shown) == 14 - shown[0].count("val ")


def test_java_types_written_on_one_line_show_their_head_not_their_body() -> None:
    java = (
        "public final class J implements Runnable {\n"
        "  public record Point(int x, int y) { public Point { if (x < 0) throw new E(); } }\n"
        "  enum Color { RED, GREEN; Color next() { return RED; } }\n"
        "  enum Unit { SECONDS(1), MINUTES(60) }\n"
        "  interface Cb { void done(String s); default int id() { return 0; } }\n"
        '  @Target({ElementType.TYPE}) @interface Ann { String value() default ""; }\n'
        "  public void run() {}\n"
        "}\n"
    )
    assert signatures(java, "Java").splitlines() == [
        "public final class J implements Runnable",
        " public record Point(int x, int y)",
        " enum Color { RED, GREEN }",  # (an enum's constants, as over lines)
        " enum Unit { SECONDS, MINUTES }",
        " interface Cb",
        " @Target({ElementType.TYPE}) @interface Ann",
        " public void run()",
    ]


def test_a_kotlin_primary_constructor_below_its_class_or_after_an_annotation_is_its_own() -> None:
    kotlin = (
        "class MultipartReader @Throws(IOException::class) constructor(\n"
        "  private val source: BufferedSource,\n"
        '  @get:JvmName("boundary") val boundary: String,\n'
        ") : Closeable {\n"
        "  fun close() {}\n"
        "}\n"
        "class HttpLoggingInterceptor\n"
        "  @JvmOverloads\n"
        "  constructor(\n"
        "    private val logger: Logger = Logger.DEFAULT,\n"
        "  ) : Interceptor {\n"
        "    var level: Level = Level.NONE\n"
        "    fun redact(name: String) {}\n"
        "  }\n"
    )
    assert signatures(kotlin, "Kotlin").splitlines() == [
        # (the annotation's parentheses are not the constructor's)
        "class MultipartReader @Throws(IOException::class) constructor(source, val boundary) : Closeable",
        " fun close()",
        "class HttpLoggingInterceptor @JvmOverloads constructor(logger) : Interceptor",
        " var level: Level",  # (its body's properties, deeper than the constructor's line)
        " fun redact(name)",
    ]


def test_kotlin_extension_properties_keep_their_receiver_and_fields_their_jvmfield() -> None:
    kt = (
        "public val Array<Annotation>.jsonAnnotations: Set<Annotation>\n  get() = emptySet()\n\n"
        "public val Class<*>.isPlatformType: Boolean\n  get() = true\n\n"
        "abstract class JsonReader {\n  @JvmField protected var stackSize: Int = 0\n}\n"
    )
    assert signatures(kt, "Kotlin") == (
        "val Array<Annotation>.jsonAnnotations: Set<Annotation>\n"
        "val Class<*>.isPlatformType: Boolean\n"
        "abstract class JsonReader\n"
        " @JvmField protected var stackSize: Int\n"
    )


def test_a_scala_types_parents_on_the_lines_below_are_kept() -> None:
    from repoview.compress import signatures

    scala = (
        "package cats\n\ntrait Monad[F[_]]\n    extends FlatMap[F]\n    with Applicative[F] {\n"
        "  def unit: F[Unit] = pure(())\n}\n\n"
        "final case class Kleisli[F[_], -A, B](run: A => F[B])\n    extends KleisliFunctions {\n}\n"
        "object Monad {\n  val x = 1\n}\n"
    )
    assert signatures(scala, "Scala") == (
        "trait Monad[F[_]] extends FlatMap[F] with Applicative[F]\n"
        " def unit: F[Unit]\n"
        "final case class Kleisli[F[_], -A, B](run: A => F[B]) extends KleisliFunctions\n"
        "object Monad\n"
    )


def test_kotlin_return_types_object_constants_and_enum_constants_are_shown() -> None:
    # A function's return type, as a Java method's (`fun peek()` said nothing of what it
    # gives); an object's `const val`s, as a companion's; an enum's constants, as Java's.
    kotlin = (
        "abstract class JsonReader {\n"
        "  public abstract fun nextString(): String\n"
        "  fun peek(): Token = token\n"
        "  fun skip() { }\n"
        "  fun <T> where(x: T): List<T> where T : Comparable<T> = listOf(x)\n"
        "  fun nested(): Map<String, Map<String, List<Map<String, Int>>>> = TODO()\n"
        "  fun multi(\n    a: Int,\n    b: String,\n  ): Map<String, Int> {\n    return mapOf()\n  }\n"
        "  enum class Token(val json: String) {\n"
        '    BEGIN_ARRAY("["),\n'
        '    @Json(name = "end") END_ARRAY("]"), NAME("n"),\n'
        "    @Deprecated\n"
        '    OLD("o");\n'
        "\n"
        "    init { check(true) }\n"
        "    fun isStart(): Boolean = this == BEGIN_ARRAY\n"
        "  }\n"
        "}\n"
        "internal object JsonScope {\n"
        "  const val EMPTY_ARRAY = 1\n"
        "  private const val SECRET = 2\n"
        '  fun path(stack: IntArray): String = ""\n'
        "}\n"
    )
    assert signatures(kotlin, "Kotlin").rstrip("\n").split("\n") == [
        "abstract class JsonReader",
        " public abstract fun nextString(): String",
        " fun peek(): Token",
        " fun skip()",
        " fun <T> where(x): List<T>",
        " fun nested(): Map",  # (too long with its arguments)
        " fun multi(a, b): Map<String, Int>",
        " enum class Token(val json: String)",
        "  BEGIN_ARRAY, END_ARRAY, NAME, OLD",
        "  fun isStart(): Boolean",
        "internal object JsonScope",
        " const val EMPTY_ARRAY",
        " fun path(stack): String",
    ]
