"""Tabling: variant tables with completion, left recursion terminates."""

from __future__ import annotations

import pytest

from neurosym import KnowledgeBase
from neurosym.config import Limits
from neurosym.errors import ResourceError


def results(program: str, query: str, var: str) -> list:
    kb = KnowledgeBase.from_string(program, warn=lambda _t: None)
    return [a.to_python()[var] for a in kb.query(query, limits=Limits(time=60))]


LEFT = """
:- table path/2.
path(X, Y) :- path(X, Z), edge(Z, Y).
path(X, Y) :- edge(X, Y).
"""
CYCLE = "edge(a, b). edge(b, c). edge(c, a). edge(c, d)."


def test_left_recursion_terminates_with_all_answers():
    got = results(LEFT + CYCLE, "path(a, Y)", "Y")
    assert sorted(got) == ["a", "b", "c", "d"]
    assert len(got) == 4          # each answer once


def test_open_call_all_pairs():
    kb = KnowledgeBase.from_string(LEFT + CYCLE)
    pairs = {(a["X"], a["Y"]) for a in (x.to_python() for x in kb.query("path(X, Y)"))}
    nodes = "abc"
    expected = {(x, y) for x in nodes for y in "abcd"}
    assert pairs == expected
    assert kb.count("path(X, Y)") == len(expected)


def test_right_recursion_and_chain():
    prog = ":- table reach/2.\nreach(X, Y) :- e(X, Y).\nreach(X, Y) :- e(X, Z), reach(Z, Y).\n"
    prog += "".join(f"e({i}, {i + 1}).\n" for i in range(50)) + "e(50, 0).\n"
    got = results(prog, "reach(0, Y)", "Y")
    assert sorted(got) == list(range(51))


def test_mutual_recursion():
    prog = """
:- table even/1, odd/1.
even(0).
even(N) :- odd(M), M < 10, N is M + 1.
odd(N) :- even(M), M < 10, N is M + 1.
"""
    assert sorted(results(prog, "even(X)", "X")) == [0, 2, 4, 6, 8, 10]
    assert sorted(results(prog, "odd(X)", "X")) == [1, 3, 5, 7, 9]


def test_mutual_recursion_sets():
    prog = """
:- table a/1, b/1.
a(X) :- b(X).
a(1).
b(X) :- a(X).
b(2).
"""
    assert sorted(results(prog, "a(X)", "X")) == [1, 2]
    assert sorted(results(prog, "b(X)", "X")) == [1, 2]


def test_same_generation_nonlinear():
    prog = """
:- table sg/2.
sg(X, X) :- node(X).
sg(X, Y) :- par(X, XP), sg(XP, YP), par(Y, YP).
node(a). node(b). node(c). node(d).
par(b, a). par(c, a). par(d, b).
"""
    kb = KnowledgeBase.from_string(prog)
    got = {(a["X"], a["Y"]) for a in (x.to_python() for x in kb.query("sg(X, Y)"))}
    assert ("b", "c") in got and ("c", "b") in got and ("d", "d") in got
    assert ("d", "c") not in got


def test_tabled_answers_agree_with_untabled_where_both_terminate():
    untabled = "p(X, Y) :- e(X, Y).\np(X, Y) :- e(X, Z), p(Z, Y).\n"
    facts = "e(1, 2). e(2, 3). e(3, 4). e(1, 3)."
    plain = sorted(results(untabled + facts, "p(1, Y)", "Y"))
    tabled = sorted(results(":- table p/2.\n" + untabled + facts, "p(1, Y)", "Y"))
    assert sorted(set(plain)) == tabled


def test_tables_follow_store_changes():
    kb = KnowledgeBase.from_string(":- dynamic edge/2.\n" + LEFT + "edge(a, b).")
    assert [a.to_python()["Y"] for a in kb.query("path(a, Y)")] == ["b"]
    kb.add("edge(b, c).")
    assert sorted(a.to_python()["Y"] for a in kb.query("path(a, Y)")) == ["b", "c"]


def test_tabled_predicate_with_nonground_answers():
    prog = ":- table p/1.\np(f(_)).\np(g(X, X))."
    kb = KnowledgeBase.from_string(prog, warn=lambda _t: None)
    assert kb.count("p(X)") == 2
    assert kb.ask("p(g(1, Y)), Y == 1")


def test_limits_apply_inside_tabled_evaluation():
    prog = ":- table n/1.\nn(0).\nn(N) :- n(M), N is M + 1."
    kb = KnowledgeBase.from_string(prog)
    with pytest.raises(ResourceError):
        kb.ask("n(X), X > 10 ** 9", limits=Limits(inferences=20_000))
    # the table of the failed evaluation is not left half-built
    assert not any(not t.complete for t in kb.machine.tables.tables.values())


def test_error_in_tabled_evaluation_propagates():
    prog = ":- table p/1.\np(X) :- X is foo + 1."
    kb = KnowledgeBase.from_string(prog)
    with pytest.raises(Exception) as ei:
        kb.ask("p(X)")
    assert "evaluable" in str(ei.value)
