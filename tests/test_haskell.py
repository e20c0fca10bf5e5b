"""Haskell's tiers: signatures list its declarations and type signatures (no line of a body),
outlines keep them with each equation's first line, in Haskell's own comments."""

from __future__ import annotations

from repoview.compress import compress, signatures

_BODY = "".join(f"    step{i} <- readStep {i}\n" for i in range(8))
_MODULE = (
    "{-\n    Copyright 2012 Someone\n\n    Licensed under the GPL, see COPYING.\n-}\n"
    "{-# LANGUAGE TemplateHaskell #-}\nmodule Lib.Parser (parse) where\n\nimport Data.List\n\n"
    "data Token = Word String | Op Char\n  deriving (Show, Eq)\n\n"
    "class Pretty a where\n    pretty :: a -> String\n\n"
    "-- | Parse a script.\nparse :: String -> Either String [Token]\n"
    f"parse input = do\n{_BODY}    return []\n\n"
    f"readWord = do\n    function <- find isWord\n{_BODY}    return function\n"
)


def test_haskell_signatures_list_declarations_not_bodies() -> None:
    assert signatures(_MODULE, "Haskell") == (
        "data Token\nclass Pretty a\n pretty :: a -> String\n"
        "parse :: String -> Either String [Token]\nreadWord\n"
    )


def test_haskell_outline_keeps_declarations_and_first_lines_in_haskell_comments() -> None:
    outline = compress(_MODULE + _BODY * 3, "Haskell")
    for kept in (
        "module Lib.Parser (parse) where",
        "import Data.List",
        "{-# LANGUAGE TemplateHaskell #-}",
        "data Token = Word String | Op Char",
        "parse :: String -> Either String [Token]",
        "parse input = do",
        "readWord = do",
    ):
        assert kept in outline, kept
    assert "step0 <-" not in outline and "/*" not in outline
    assert outline.startswith("-- Copyright 2012 Someone [licence header")
