"""What each tier costs and shows on a repository's source files, and definitions seen per budget.

Usage: python bench/tiers_bench.py REPO [--budgets 128k,512k]

- tiers: total tokens of the source files in full, as outlines and as signatures, and the time
  each cheaper tier takes to make (the signature scan runs on every file of a pack);
- glue: in a pack of the first budget, the tokens before the first file, of the directory tree,
  and of the file headers per file shown;
- definitions seen: the share of definitions found by a parser (Python's `ast`; tree-sitter for
  C functions, prototypes, structs and typedefs, and for Rust and TypeScript items, classes,
  methods and types) whose name appears in the text the pack carries for their file. Unlike
  plan_bench's line pattern, it does not count code examples in docstrings or local variables
  as definitions.
Runs in-process with a temporary REPOVIEW_HOME.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from repoview.compress import compress, signatures
from repoview.grammars import load_language
from repoview.model import Pack, PackedFile
from repoview.packer import PackOptions, build_pack
from repoview.setting_values import parse_budget
from repoview.tokens import load_encoding

_ENC = load_encoding("o200k_base")


def count(text: str) -> int:
    return len(_ENC.encode(text, disallowed_special=()))


def python_definitions(text: str) -> list[str]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [n.name for n in ast.walk(tree) if isinstance(n, kinds)]


def c_definitions(text: str) -> list[str]:
    lang = load_language("tree_sitter_c", "language")
    if lang is None:
        return []
    import tree_sitter

    root = tree_sitter.Parser(lang).parse(text.encode("utf-8", "surrogatepass")).root_node
    out: list[str] = []
    nodes = list(root.children)
    while nodes:
        node = nodes.pop()
        if node.type.startswith(("preproc_if", "preproc_else", "preproc_elif")):
            nodes.extend(node.children)
        elif node.type in ("function_definition", "declaration"):
            decl = node.child_by_field_name("declarator")
            while decl is not None and decl.type != "function_declarator":
                decl = decl.child_by_field_name("declarator")
            name = decl.child_by_field_name("declarator") if decl is not None else None
            if name is not None and name.type == "identifier" and name.text:
                out.append(name.text.decode())
        elif node.type in ("struct_specifier", "enum_specifier", "union_specifier"):
            name = node.child_by_field_name("name")
            if node.child_by_field_name("body") is not None and name is not None and name.text:
                out.append(name.text.decode())
        elif node.type == "type_definition":
            decl = node.child_by_field_name("declarator")
            if decl is not None and decl.type == "type_identifier" and decl.text:
                out.append(decl.text.decode())
    return out


# Named definitions by tree-sitter node type, for languages whose grammar names them plainly.
_NAMED = {
    "Rust": (
        "tree_sitter_rust",
        "language",
        {
            "function_item",
            "function_signature_item",
            "struct_item",
            "enum_item",
            "trait_item",
            "union_item",
            "type_item",
            "macro_definition",
        },
    ),
    "TypeScript": (
        "tree_sitter_typescript",
        "language_typescript",
        {
            "function_declaration",
            "generator_function_declaration",
            "class_declaration",
            "abstract_class_declaration",
            "method_definition",
            "abstract_method_signature",
            "method_signature",
            "interface_declaration",
            "type_alias_declaration",
            "enum_declaration",
        },
    ),
}


def named_definitions(language: str, text: str) -> list[str]:
    module, function, types = _NAMED[language]
    lang = load_language(module, function)
    if lang is None:
        return []
    import tree_sitter

    root = tree_sitter.Parser(lang).parse(text.encode("utf-8", "surrogatepass")).root_node
    out: list[str] = []
    nodes = [root]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.children)
        if node.type in types:
            name = node.child_by_field_name("name")
            if name is not None and name.text:
                out.append(name.text.decode())
    return out


ORACLES = {
    "Python": python_definitions,
    "C": c_definitions,
    "Rust": lambda text: named_definitions("Rust", text),
    "TypeScript": lambda text: named_definitions("TypeScript", text),
}


def seen(pack: Pack) -> tuple[int, int]:
    shown = total = 0
    for f in pack.files:
        oracle = ORACLES.get(f.language)
        if oracle is None or not f.carrier or f.role != "source":
            continue
        names = oracle(f.full_text)
        total += len(names)
        if f.mode == "full":
            shown += len(names)
        elif f.mode != "listed":
            words = set(re.findall(r"\w+", f.text))
            shown += sum(1 for n in names if n in words)
    return shown, total


def tiers(files: list[PackedFile]) -> None:
    src = [f for f in files if f.carrier and f.role == "source"]
    start = time.perf_counter()
    sigs = [signatures(f.full_text, f.language) for f in src]
    sig_s = time.perf_counter() - start
    start = time.perf_counter()
    outlines = [compress(f.full_text, f.language) for f in src]
    outline_s = time.perf_counter() - start
    full = sum(count(f.full_text) for f in src)
    outline = sum(count(o) for o in outlines)
    sig = sum(count(s) for s in sigs)
    print(
        f"  {len(src)} source files: full {full:,} tokens, outlines {outline:,} "
        f"({outline / max(full, 1):.0%}, {outline_s:.1f} s), signatures {sig:,} "
        f"({sig / max(full, 1):.0%}, {sig_s:.1f} s)"
    )


def glue(pack: Pack) -> None:
    out = pack.output
    first = out.find("<file ")
    tree_start, tree_end = out.find("<directory_tree>"), out.find("</directory_tree>")
    headers = re.findall(r"<file [^>]*>", out)
    per_file = sum(count(h) + 4 for h in headers) / max(len(headers), 1)
    print(
        f"  glue: {count(out[:first])} tokens before the first file, tree "
        f"{count(out[tree_start:tree_end])}, {per_file:.0f} per file header ({len(headers)} files)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--budgets", default="128k,512k")
    args = ap.parse_args()
    os.environ["REPOVIEW_HOME"] = tempfile.mkdtemp(prefix="rv-tiers-")
    print(args.repo.name)
    for i, label in enumerate(filter(None, args.budgets.split(","))):
        budget = parse_budget(label)
        pack = build_pack(PackOptions(path=args.repo, budget=budget))
        if i == 0:
            tiers(pack.files)
            glue(pack)
        shown, total = seen(pack)
        print(f"  @ {label}: definitions seen {shown / max(total, 1):.1%} ({shown:,}/{total:,})")


if __name__ == "__main__":
    main()
