"""TypeScript outlines of type declarations the grammar misreads."""

from __future__ import annotations

from repoview.compress import compress, signatures

# Overloads as call signatures: each starts a line with `<T>(`, after a member whose type
# ends in a name, which the grammar reads as that name's type arguments.
_OVERLOADS = """\
export interface IProduce {
\t/** Curried producer */
\t<Curried>(
\t\trecipe: InferRecipe<Curried>
\t): Curried

\t<State>(
\t\trecipe: (state: Draft<State>) => ValidRecipeReturnType<State>
\t): (state: State) => State
\t<State, Args extends any[]>(
\t\trecipe: (draft: D) => ValidRecipeReturnType<D>,
\t\tlistener?: PatchListener
\t): Base
}
export interface IProduceWithPatches {
\t// Types copied from IProduce, wrapped with PatchesTuple

\t<Base, D = Draft<Base>>(
\t\tbase: Base
\t): PatchesTuple<Base>
}
export type Producer<T> = (draft: Draft<T>) => T | void
"""


def test_call_signatures_after_a_named_type_keep_the_interfaces_whole() -> None:
    outline = compress(_OVERLOADS, "TypeScript")
    assert outline == _OVERLOADS  # only types: nothing to elide
    assert outline.count("{") == outline.count("}")


def test_a_function_body_after_the_overloads_is_still_elided() -> None:
    body = "".join(f"  const step{i} = run({i})\n" for i in range(6))
    text = _OVERLOADS + "export function produce(base: any) {\n" + body + "  return base\n}\n"
    outline = compress(text, "TypeScript")
    assert "export interface IProduceWithPatches {" in outline
    assert "export function produce(base: any) { /* ... */ }" in outline
    assert "step3" not in outline


def test_markup_lines_in_tsx_are_read_as_markup() -> None:
    body = "".join(f"      item {i}\n      <b>bold {i}</b>\n" for i in range(8))
    text = "export function List() {\n  return (\n    <div>\n" + body + "    </div>\n  )\n}\n"
    assert compress(text, "TSX") == "export function List() { /* ... */ }\n"


def test_a_type_parameters_comment_is_no_part_of_its_signature() -> None:
    text = (
        "export class Context<\n"
        "  // eslint-disable-next-line @typescript-eslint/no-explicit-any\n"
        "  E extends Env = any,\n  P extends string = any, // the path\n  I extends Input = {}\n"
        "> {\n  get env(): E['Bindings'] {\n    return this.e\n  }\n}\n"
    )
    lines = signatures(text, "TypeScript").splitlines()
    assert (
        lines[0]
        == "export class Context<E extends Env = any, P extends string = any, I extends Input = {}>"
    )
    assert " get env()" in lines  # (a long return type: left to the outline)


def test_a_type_alias_over_lines_shows_where_its_type_starts() -> None:
    text = (
        "export type Handler<E extends Env = any> =\n"
        "  (c: Context<E>, next: Next) => Response | Promise<Response>\n\n"
        "type Pair<A, B> = [A, B]\n"
    )
    lines = signatures(text, "TypeScript").splitlines()
    # (cut as every long line is, after a parameter)
    assert lines[0].startswith("export type Handler<E extends Env = any> = (c: Context<E>,")
    assert lines[1] == "type Pair<A, B> = [A, B]"
