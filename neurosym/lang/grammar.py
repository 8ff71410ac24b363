"""Loading the NSL grammar and building the Lark parser.

The grammar is data: ``grammars/nsl.lark`` at the repository root, shipped
in the wheel as ``neurosym/grammars/nsl.lark`` (pyproject's force-include).
An installed package reads it with :mod:`importlib.resources`; a source
checkout falls back to the repository's ``grammars/`` folder.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from lark import Lark

__all__ = ["grammar_text", "grammar_source", "build_parser", "START_RULES"]

GRAMMAR_NAME = "nsl.lark"
START_RULES = ["start", "term_only"]


def grammar_source() -> str:
    """Where the grammar is read from (for messages and tests)."""
    try:
        res = resources.files("neurosym") / "grammars" / GRAMMAR_NAME
        if res.is_file():
            return str(res)
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    return str(Path(__file__).resolve().parents[2] / "grammars" / GRAMMAR_NAME)


@lru_cache(maxsize=1)
def grammar_text() -> str:
    """The text of ``nsl.lark``: the installed copy if there is one, else the checkout's."""
    try:
        res = resources.files("neurosym") / "grammars" / GRAMMAR_NAME
        if res.is_file():
            return res.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    path = Path(__file__).resolve().parents[2] / "grammars" / GRAMMAR_NAME
    return path.read_text(encoding="utf-8")


def build_parser(transformer) -> Lark:
    """A Lark LALR parser with the contextual lexer that calls ``transformer``'s
    rule methods while it parses (no parse tree is built).  Positions are not
    propagated: the transformer computes spans per clause from its tokens.
    The tables come from the cache when they were kept (``tables.py``)."""
    from .tables import load_tables, save_tables, tables_path
    path = tables_path(grammar_text(), START_RULES)
    callbacks = {"transformer": transformer, "lexer_callbacks": {"NAME": _name_or_var}}
    parser = load_tables(path, **callbacks)
    if parser is None:
        parser = _build(transformer)
        save_tables(parser, path)
    return parser


def _build(transformer) -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        transformer=transformer,
        start=START_RULES,
        propagate_positions=False,
        maybe_placeholders=False,
        lexer_callbacks={"NAME": _name_or_var},
    )


def _name_or_var(token):
    """A name that starts with a non-ASCII capital (``Été``) is a variable,
    as in SWI-Prolog; the ASCII cases are told apart by the regexes."""
    if token[0].isupper():
        token.type = "VAR"
    return token
