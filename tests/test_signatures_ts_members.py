"""What a TypeScript interface is made of, and a Rust type alias written over lines."""

from repoview.compress import signatures


def test_an_interface_lists_its_fields_as_a_class_lists_its_methods() -> None:
    ts = (
        "/** A position in a document. */\n"
        "export interface Position {\n"
        "  /** Zero-based. */\n"
        "  line: uinteger;\n"
        "  readonly character?: uinteger; // in UTF-16 units\n"
        "  kind:\n"
        "    | 'a'\n"
        "    | 'b';\n"
        "  options: {\n"
        "    strict: boolean;\n"
        "  };\n"
        "  handlers: Map<string, Array<(event: WorkspaceFoldersChangeEvent) => void>>;\n"
        "  'quoted-name': string;\n"
        "  onDidChange(listener: Listener): Disposable;\n"
        "  [key: string]: unknown;\n"
        "}\n"
        "export class Store {\n"
        "  private items: string[] = [];\n"
        "  get(key: string): string {\n"
        "    return key;\n"
        "  }\n"
        "}\n"
    )
    assert signatures(ts, "TypeScript") == (
        "export interface Position\n"
        " line: uinteger\n"
        " character?: uinteger\n"
        " kind\n"
        " options\n"
        " handlers: Map<…>\n"
        " 'quoted-name': string\n"
        " onDidChange(listener): Disposable\n"
        "export class Store\n"
        " get(key): string\n"
    )


def test_a_rust_type_alias_over_lines_is_shown_whole() -> None:
    rust = (
        "type MoveFn =\n"
        "    fn(RopeSlice, Range, Direction, usize) -> Range;\n"
        "\n"
        "pub type Result<T> = std::result::Result<T, Error>;\n"
        "\n"
        "fn move_impl(cx: &mut Context, move_fn: MoveFn) {}\n"
    )
    assert signatures(rust, "Rust") == (
        "type MoveFn = fn(RopeSlice, Range, Direction, usize) -> Range\n"
        "pub type Result<T> = std::result::Result<T, Error>\n"
        "fn move_impl(cx, move_fn)\n"
    )


def test_a_rust_type_alias_whose_generics_run_over_lines_is_joined_whole() -> None:
    text = (
        "pub type Handlers =\n"
        "    HashMap<\n"
        "        String,\n"
        "        Box<dyn Fn(&str) -> Result<(), Error>>,\n"
        "    >;\n"
        "pub fn next() {}\n"
    )
    shown = signatures(text, "Rust")
    assert "type Handlers = HashMap< String, Box<dyn Fn(&str) -> Result<(), Error>>, >\n" in shown
    assert "fn next()" in shown


def test_an_object_type_alias_keeps_its_brace_and_lists_its_fields() -> None:
    ts = (
        "export type BlankEnv = {}\n"
        "export type Env = {\n"
        "  Bindings?: Bindings\n"
        "  Variables?: Variables\n"
        "  render(view: string): void\n"
        "}\n"
        "type Handler<E extends Env = any> = (c: Context<E>) => Response\n"
        "export function serve(env: Env): void {}\n"
    )
    shown = signatures(ts, "TypeScript")
    lines = shown.splitlines()
    assert "export type BlankEnv = {}" in lines
    at = lines.index("export type Env = {")
    assert [line.strip() for line in lines[at + 1 : at + 4]] == [
        "Bindings?: Bindings",
        "Variables?: Variables",
        "render(view): void",
    ]
    assert "type Handler<E extends Env = any> = (c: Context<E>) => Response" in lines
    assert "export function serve(env): void" in lines


def test_an_interface_fields_type_over_lines_is_named() -> None:
    text = (
        "export interface Root<T extends object> {\n"
        "  procedure: ProcedureBuilder<\n    T,\n    unknown\n  >;\n"
        "  opts: Partial<Options<T>, Record<string,\n    number>>;\n"
        "  name: string;\n}\n"
    )
    lines = signatures(text, "TypeScript").splitlines()
    assert lines[1:] == [" procedure: ProcedureBuilder<…>", " opts: Partial<…>", " name: string"]


def test_long_field_types_are_shortened_and_a_tuple_alias_is_read_whole() -> None:
    ts = (
        "export interface Route {\n"
        '  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS";\n'
        "  onRequest: (req: IncomingMessage, res: ServerResponse) => Promise<void>;\n"
        "}\n"
        "export type Pair = [\n  // the key\n  first: string,\n  second: number,\n];\n"
        "export type Wide = [\n"
        "  aVeryLongMemberName: SomeRatherLongType<WithArguments>,\n"
        "  anotherVeryLongMemberName: AnotherRatherLongType<WithArguments>,\n"
        "];\n"
        "export async function listen(port: number): Promise<{ port: number; close(): Promise<void> }> {}\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export interface Route",
        ' method: "GET" | "POST" | "PUT" | …',  # the first members say what it is
        " onRequest: (…) => Promise<void>",  # a function type by its result
        "export type Pair = [first: string, second: number]",  # not `= [`
        "export type Wide = […]",
        "export async function listen(port)",  # (a long return type: the outline's)
    ]


def test_decorators_make_routes_columns_and_components_readable() -> None:
    ts = (
        "@Controller('cats')\n"
        "export class CatsController {\n"
        "  constructor(private readonly cats: CatsService) {}\n\n"
        "  @Get(':id')\n"
        "  findOne(@Param('id') id: string): Promise<Cat> {\n    return this.cats.find(id);\n  }\n"
        "}\n\n"
        "@Entity()\n"
        "export class User {\n"
        "  @PrimaryGeneratedColumn()\n  id: number;\n\n"
        "  @ManyToOne(() => Team, (team) => team.users, { onDelete: 'CASCADE' })\n  team: Team;\n"
        "  private cache = new Map<string, number>();\n"
        "}\n\n"
        "@Component({\n  selector: 'app-hero',\n  templateUrl: './hero.html',\n})\n"
        "export class HeroComponent {\n"
        "  @Input() hero!: Hero;\n"
        "  @Output() deleted = new EventEmitter<Hero>();\n"
        "  count = 0;\n"
        "}\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "@Controller('cats') export class CatsController",
        " constructor(private readonly cats)",
        " @Get(':id') findOne(@Param('id') id): Promise<Cat>",
        "@Entity() export class User",
        " @PrimaryGeneratedColumn() id: number",
        " @ManyToOne(…) team: Team",  # (long arguments by the name alone)
        "@Component(…) export class HeroComponent",  # (arguments over lines)
        " @Input() hero: Hero",
        " @Output() deleted",
    ]


def test_a_closing_line_above_a_definition_is_no_decorators_end() -> None:
    ts = (
        "@Controller('x')\n"
        "export class A {\n"
        "  @Column() public title: string;\n"
        "  @ViewChild('el') private el: ElementRef;\n"
        "  run() {\n    if (x) {\n      y()\n    }\n  }\n"
        "  other() {}\n"
        "}\n"
        "function helper() {\n  return 1\n}\n"
        "const css = `\n@media print {\n  a { b: c }\n}\n`\n"
        "function b() {\n  x(\n  )\n}\n"
        "export type Entry = [\n  key: string, // its name\n  value: {\n    a: number;\n  },\n];\n"
        "export function url(): 'http://a' {\n  return 'http://a'\n}\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "@Controller('x') export class A",
        " @Column() title: string",
        " @ViewChild('el') el: ElementRef",
        " run()",
        " other()",
        "function helper()",
        "function b()",
        "export type Entry = […]",
        "export function url(): 'http://a'",
    ]


def test_long_or_chained_types_end_without_error() -> None:
    chained = "interface A {\n  f: " + "(a: string) => " * 1500 + "void;\n}\n"
    assert signatures(chained, "TypeScript").splitlines()[0] == "interface A"
    returned = "export function f(): " + "(a: string) => " * 1500 + "void {}\n"
    assert signatures(returned, "TypeScript").startswith("export function f()")
    rust = "pub fn f<T>(x: T) -> T where T: Clone + Send {\n}\n"
    assert signatures(rust, "Rust") == "pub fn f(x) -> T\n"
