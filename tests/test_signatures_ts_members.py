"""What a TypeScript interface is made of."""

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
        " handlers\n"
        " 'quoted-name': string\n"
        " onDidChange(listener)\n"
        "export class Store\n"
        " get(key)\n"
    )
