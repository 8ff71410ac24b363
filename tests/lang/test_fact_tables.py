"""Parquet and CSV fact tables (``neurosym.lang.fact_tables``): both layouts,
file order, and errors with file, line and column."""

from __future__ import annotations

import duckdb
import pytest

from neurosym import KnowledgeBase
from neurosym.errors import ParseError
from neurosym.lang.fact_tables import read_table


def parquet(path, sql: str):
    duckdb.sql(f"COPY ({sql}) TO '{path}' (FORMAT parquet)")
    return path


def test_triples_parquet_and_csv_load_in_file_order(tmp_path):
    rows = "SELECT * FROM (VALUES ('b', 'likes', 'a'), ('a', 'knows', 'b'), " \
           "('c d', 'likes', 'b')) t(head, relation, tail)"
    p = parquet(tmp_path / "t.parquet", rows)
    c = tmp_path / "t.csv"
    c.write_text("b,likes,a\na,knows,b\n\"c d\",likes,b\n")      # no header line
    for f in (p, c):
        block, clauses = read_table(f)
        assert clauses == [] and block.preds == [("likes", 2), ("knows", 2)]
        kb = KnowledgeBase()
        kb.consult(f)
        assert [a.to_python() for a in kb.query("likes(X, Y)")] == \
            [{"X": "b", "Y": "a"}, {"X": "c d", "Y": "b"}]
        assert kb.count("knows(a, b)") == 1


def test_csv_header_line_is_skipped_only_when_its_words_are_no_names(tmp_path):
    c = tmp_path / "h.csv"
    c.write_text("head,relation,tail\nann,knows,bob\n")
    kb = KnowledgeBase()
    kb.consult(c)
    assert [a.to_python() for a in kb.query("knows(X, Y)")] == [{"X": "ann", "Y": "bob"}]
    assert kb.count("current_predicate(relation/2)") == 0
    c.write_text("head,relation,tail\ntail,relation,head\n")       # the words are data here
    kb = KnowledgeBase()
    kb.consult(c)
    assert [a.to_python() for a in kb.query("relation(X, Y)")] == \
        [{"X": "head", "Y": "tail"}, {"X": "tail", "Y": "head"}]


def test_facts_layout_parses_arguments(tmp_path):
    p = parquet(tmp_path / "f.parquet", "SELECT * FROM (VALUES ('p', 2, 'a', '''B c'''), "
                "('q', 1, '3', NULL), ('p', 2, 'a', '\"s\"'), ('r', 0, NULL, NULL)) "
                "t(predicate, arity, arg1, arg2)")
    kb = KnowledgeBase()
    kb.consult(p)
    assert {str(a.to_python()) for a in kb.query("p(X, Y)")} == \
        {str({"X": "a", "Y": "B c"}), str({"X": "a", "Y": "s"})}
    assert kb.count("q(3)") == 1 and kb.count("r") == 1


@pytest.mark.parametrize("sql, line, col, msg", [
    ("SELECT 'a' AS head, NULL AS relation, 'b' AS tail", 1, 2, "empty field relation"),
    ("SELECT 'a' AS x, 'b' AS y", 1, 1, "expected head, relation, tail"),
    ("SELECT 'p' AS predicate, 2 AS arity, 'a' AS arg1, NULL AS arg2", 1, 3, "arity"),
])
def test_bad_tables_are_errors_with_a_place(tmp_path, sql, line, col, msg):
    p = parquet(tmp_path / "bad.parquet", sql)
    with pytest.raises(ParseError, match=msg) as e:
        KnowledgeBase().consult(p)
    assert (e.value.file, e.value.line, e.value.column) == (str(p), line, col)
