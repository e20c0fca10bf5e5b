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
        "data Token = Word | Op\nclass Pretty a\n pretty :: a -> String\n"
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


_WRITER = """module Text.Pandoc.Writers.HTML (writeRevealJs) where

-- | The class of pandoc's monads.
class (Functor m, Applicative m, Monad m, MonadError PandocError m)
      => PandocMonad m where
  -- | Look up an environment variable.
  lookupEnv :: T.Text
            -> m (Maybe T.Text)  -- ^ its value
  getsCommonState :: (CommonState -> a) -> m a
  getsCommonState f = f <$> getCommonState

data Options = Options
  { optA, optB :: Int  -- ^ two numbers
  , optName :: Text
  } deriving Show

data Expr a where
  Lit :: Int -> Expr Int
  Add :: Expr Int -> Expr Int -> Expr Int

-- | Convert to reveal.js.
writeRevealJs :: PandocMonad m
              => WriterOptions  -- ^ options
              -> Pandoc
              -> m Text
writeRevealJs opts doc = do
""" + "".join(f"  step{k} opts doc\n" for k in range(30))


def test_haskell_signatures_name_classes_fields_and_whole_types() -> None:
    assert signatures(_WRITER, "Haskell") == (
        "class (Functor m, Applicative m, Monad m, MonadError PandocError m) => PandocMonad m\n"
        " lookupEnv :: T.Text -> m (Maybe T.Text)\n"
        " getsCommonState :: (CommonState -> a) -> m a\n"
        "data Options = Options {optA, optB, optName}\n"
        "data Expr a where Lit, Add\n"
        "writeRevealJs :: PandocMonad m => WriterOptions -> Pandoc -> m Text\n"
    )


def test_haskell_outline_keeps_whole_types_and_records_and_elides_bodies() -> None:
    outline = compress(_WRITER, "Haskell")
    for kept in (
        "      => PandocMonad m where",
        "            -> m (Maybe T.Text)  -- ^ its value",
        "  , optName :: Text",
        "  Add :: Expr Int -> Expr Int -> Expr Int",
        "              -> m Text\nwriteRevealJs opts doc = do\n-- ... 30 lines elided",
    ):
        assert kept in outline, kept
    assert "getsCommonState f = f <$> getCommonState" not in outline
    assert "step29" not in outline


def test_a_data_types_primed_constructors_are_each_named() -> None:
    from repoview.compress import signatures

    text = "module Op where\n\ndata Op = Plus' | Minus' (Maybe Int) | Neg\n"
    assert "data Op = Plus' | Minus' | Neg" in signatures(text, "Haskell").splitlines()
