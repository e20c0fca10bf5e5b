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
        "export type First<S = unknown, D extends Dispatch = ThunkDispatch<S>, > =",
        "export type Second<S = unknown, D extends Dispatch = ThunkDispatch<S>, > = First<S, D>",
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
        "export function memoize(fn, options?)",
        "export interface Options<T, >",
    ]
