"""The grammar is data: grammars/nsl.lark, shipped as neurosym/grammars/nsl.lark."""

import logging
from pathlib import Path

from lark import Lark

from neurosym.lang import grammar


def test_grammar_is_read_from_the_checkout_or_the_package():
    src = Path(grammar.grammar_source())
    assert src.name == "nsl.lark" and src.is_file()
    assert grammar.grammar_text() == src.read_text(encoding="utf-8")


def test_checkout_grammar_is_the_shipped_one():
    repo = Path(__file__).resolve().parents[2]
    assert (repo / "grammars" / "nsl.lark").read_text(encoding="utf-8") == grammar.grammar_text()


def test_grammar_builds_an_lalr_parser_without_conflicts(caplog):
    # Lark resolves a shift/reduce conflict as a shift and says so in a debug log line
    caplog.set_level(logging.DEBUG, logger="lark")
    Lark(grammar.grammar_text(), parser="lalr", lexer="contextual",
         start=grammar.START_RULES, debug=True)
    assert not [r for r in caplog.records if "conflict" in r.getMessage()]
