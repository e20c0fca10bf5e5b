"""Go and TypeScript signatures: what a type is made of, and declarations written over lines."""

from repoview.compress import signatures


def test_type_parameters_over_lines_with_a_default_over_lines_keep_the_next_types() -> None:
    ts = (
        "export type First<\n"
        "  S = unknown,\n"
        "  D extends Dispatch = ThunkDispatch<\n"
        "    S\n"
        "  >,\n"
        "> = {\n"
        "  (options: { type: string }): S\n"
        "}\n"
        "\n"
        "export type Second<\n"
        "  S = unknown,\n"
        "  D extends Dispatch = ThunkDispatch<\n"
        "    S\n"
        "  >,\n"
        "> = First<S, D>\n"
        "\n"
        "export type Third = number\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export type First<S = unknown, D extends Dispatch = ThunkDispatch<S>> = {",
        "export type Second<S = unknown, D extends Dispatch = ThunkDispatch<S>> = First<S, D>",
        "export type Third = number",
    ]


def test_a_function_with_type_parameters_over_lines_is_shown_by_its_parameters() -> None:
    ts = (
        "export function memoize<\n"
        "  Fn extends (...args: never[]) => unknown,\n"
        "  Cache extends Map<\n"
        "    string,\n"
        "    ReturnType<Fn>\n"
        "  >,\n"
        ">(fn: Fn, options?: Options): Fn {\n"
        "  const memoized = (...args: Parameters<Fn>) => fn(...args)\n"
        "  return memoized\n"
        "}\n"
        "export interface Options<\n"
        "  T,\n"
        "> {}\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export function memoize<Fn, Cache>(fn, options?): Fn",  # (its type parameters by name)
        "export interface Options<T>",
    ]


def test_an_interface_shows_the_interfaces_it_embeds() -> None:
    go = (
        "package fs\n"
        "\n"
        'import "io"\n'
        "\n"
        "type File interface {\n"
        "\tio.Closer\n"
        "\tio.Reader\n"
        "\n"
        "\t// Name is the file's name.\n"
        "\tName() string\n"
        "}\n"
        "\n"
        "type Number interface {\n"
        "\t~int | ~int64 |\n"
        "\t\t~float64\n"
        "}\n"
    )
    assert signatures(go, "Go").splitlines() == [
        "type File interface",
        " io.Closer",
        " io.Reader",
        " Name() string",
        "type Number interface",
        " ~int | ~int64 | …",
    ]


def test_a_struct_shows_the_types_it_embeds_not_its_unexported_fields() -> None:
    go = (
        "package cache\n"
        "\n"
        "type Store struct {\n"
        '\t*Base `json:"base"`\n'
        "\tsync.Mutex // guards items\n"
        "\tList[int]\n"
        "\titems map[string]int\n"
        "\tinner struct {\n"
        "\t\tio.Reader\n"
        "\t}\n"
        "}\n"
        "\n"
        "func (s *Store) Get(key string) int {\n"
        "\treturn s.items[key] *\n"
        "\t\t2\n"
        "}\n"
    )
    assert signatures(go, "Go").splitlines() == [
        "type Store struct",
        " *Base",
        " sync.Mutex",
        " List[int]",
        "func (s *Store) Get(key) int",  # (its results: what a caller must check)
    ]


def test_a_trailing_comma_of_a_list_over_lines_is_not_shown() -> None:
    ts = (
        "export interface QueriesOptions<\n"
        "  T extends Array<any>,\n"
        "  TCombined = Results<T>,\n"
        "> {\n"
        "  queries: T\n"
        "}\n"
        "export type Setup = (\n"
        "  onFocus: (focused?: boolean) => void,\n"
        "  options: Options,\n"
        ") => () => void\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export interface QueriesOptions<T extends Array<any>, TCombined = Results<T>>",
        " queries: T",
        "export type Setup = (onFocus: (focused?: boolean) => void, options: Options) => () => void",
    ]


def test_go_structs_list_their_exported_fields_and_generic_functions_their_type_params() -> None:
    go = (
        "package demo\n"
        "\n"
        "type Store[K comparable, V any] struct {\n"
        '\tName  string            `json:"name" binding:"required"`\n'
        "\titems map[K]V           // the items\n"
        "\tTags  []string          // tags\n"
        "\tfn    func(a, b int) (int, error)\n"
        "\tnamespace string\n"
        "\t*Base\n"
        "\tX, y, Z int\n"
        "\tOnDone func(cmd *Command, args []string) error\n"
        "\tOnEvent func(event *Event, client *Client, retries int) error\n"
        "\tOptions struct {\n"
        "\t\tDepth int\n"
        "\t}\n"
        "}\n"
        "\n"
        "func (s *Store[K, V]) Get(key K) (V, bool) { return s.items[key] }\n"
        "\n"
        "func Sum[T Number](xs ...T) (total T) {\n"
        "\treturn\n"
        "}\n"
        "\n"
        "func MapKeysOfAVeryLongName[M ~map[K]V, K comparable, V any, R Reducer[K, V, Options]](mapping M, reducer R) []K {\n"
        "\treturn nil\n"
        "}\n"
    )
    assert signatures(go, "Go").splitlines() == [
        "type Store[K comparable, V any] struct",
        " Name string",  # (no tag, no comment; unexported fields left out)
        " Tags []string",
        " *Base",
        " X, Z int",
        " OnDone func(cmd *Command, args []string) error",
        " OnEvent",  # (a type too long: the name alone)
        " Options struct",
        "func (s *Store[K, V]) Get(key) (V, bool)",
        "func Sum[T Number](xs) (total T)",
        # (too long with their constraints: their names)
        "func MapKeysOfAVeryLongName[M, K, V, R](mapping, reducer) []K",
    ]


def test_go_results_keep_their_braced_types_and_stop_at_the_body() -> None:
    go = (
        "package x\n\n"
        "func A() interface{} {\n\treturn nil\n}\n\n"
        "func B() map[string]struct{} { return nil }\n\n"
        "func I() struct{ A int } {\n\treturn struct{ A int }{}\n}\n\n"
        "func E(x interface{}) (y interface{}, err error) {\n\treturn nil, nil\n}\n\n"
        "func F() error {\n\treturn nil\n}\n"
    )
    assert signatures(go, "Go").splitlines() == [
        "func A() interface{}",
        "func B() map[string]struct{}",
        "func I() struct{ A int }",
        "func E(x) (y interface{}, err error)",
        "func F() error",
    ]


def test_a_functions_type_parameters_and_a_union_over_lines() -> None:
    ts = (
        "export function dedupeLink<TRouter extends AnyRouter = AnyRouter>(): Link<TRouter> {\n"
        "  return () => {};\n}\n"
        "export type Status =\n  | 'idle'\n  | 'connecting'\n  | 'error';\n"
    )
    assert signatures(ts, "TypeScript").splitlines() == [
        "export function dedupeLink<TRouter>()",  # its generics: the API's, by name
        "export type Status = 'idle' | 'connecting' | 'error'",  # not `= | 'idle'`
    ]
