"""The DuckDB backend (``engine/datalog/duck.py``) gives the numpy evaluator's
answers: on every predicate in the fragment of every ``kb/`` file, on the
hypothesis generator's random stratified programs, and on arithmetic and
aggregates; errors are clear ones."""

import io
import sys

import duckdb  # noqa: F401  (the dev extra installs it)
import pytest
from datalog_helpers import S, facts, rule
from hypothesis import given, settings
from test_agreement import IN_FRAGMENT, load
from test_datalog_property import EDGES, FIXED, NODES, programs, to_clauses

from neurosym import KnowledgeBase
from neurosym.engine.datalog import NotInFragment, StratificationError, evaluate, iter_tuples
from neurosym.engine.datalog.duck import evaluate_sql  # noqa: E402
from neurosym.engine.datalog.sql import SqlUnsupported
from neurosym.engine.datalog.values import ValueTable  # noqa: E402
from neurosym.errors import EvaluationError
from neurosym.lang.fact_tables import MissingDependency
from neurosym.terms import Atom, SymbolTable, Var


def as_sets(res) -> dict:
    return {k: {tuple(v.name if type(v) is Atom else v for v in r) for r in iter_tuples(a, res.values)}
            for k, a in res.items()}


def both(clauses) -> tuple[dict, dict, dict]:
    """numpy, DuckDB with recursive CTEs, DuckDB with Python-driven rounds."""
    return (as_sets(evaluate(clauses, {}, SymbolTable())),
            as_sets(evaluate_sql(clauses, {}, ValueTable(SymbolTable()))),
            as_sets(evaluate_sql(clauses, {}, ValueTable(SymbolTable()), cte=False)))


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_programs_agree(name):
    rules, pred, arity, _ = FIXED[name]
    a, b, c = both(rules + facts("edge", EDGES) + facts("node", NODES))
    assert a[(Atom(pred), arity)]
    assert a == b == c


@settings(max_examples=60, deadline=None)
@given(programs())
def test_random_stratified_programs_agree(prog):
    a, b, c = both(to_clauses(*prog))
    assert a == b == c


X, Y, Z, N, M = (Var(n) for n in "XYZNM")


def test_arithmetic_and_aggregates_agree():
    nums = facts("v", [(Atom("a"), k) for k in (-7, -3, 0, 2, 5)] + [(Atom("b"), k) for k in (4, 9)])
    prog = nums + [
        rule(S("ops", X, Y, Z), S("v", Atom("a"), X), S("v", Atom("b"), Y),
             S("is", Z, S("+", S("*", X, Y), S("-", S("//", X, Y), S("mod", X, Y))))),
        rule(S("rm", X, Z), S("v", Atom("a"), X), S("is", Z, S("rem", X, 2))),
        rule(S("mx", X, Z), S("v", Atom("a"), X), S("is", Z, S("max", S("abs", X), S("min", X, 3)))),
        rule(S("pos", X), S("v", Atom("a"), X), S(">", X, 0)),
        rule(S("stat", Y, N, M), S("v", Y, Var("_")),
             S("aggregate_all", S("sum", X), S("v", Y, X), N),
             S("aggregate_all", S("max", S("*", X, 2)), S("v", Y, X), M)),
        rule(S("cnt", N), S("aggregate_all", Atom("count"), S("v", Var("_"), Var("_")), N)),
        rule(S("none", N), S("aggregate_all", S("sum", X), S("v", Atom("c"), X), N)),
        rule(S("nomin", N), S("aggregate_all", S("min", X), S("v", Atom("c"), X), N)),
        rule(S("lt", X, Y), S("v", Atom("a"), X), S("v", Atom("b"), Y), S("=<", S("+", X, 5), Y)),
        rule(S("eq", X), S("v", Atom("a"), X), S("=", Y, 2), S("==", X, Y)),
    ]
    a, b, c = both(prog)
    assert a == b == c
    assert a[(Atom("stat"), 3)] == {("a", -3, 10), ("b", 13, 18)}
    assert a[(Atom("none"), 1)] == {(0,)} and not a.get((Atom("nomin"), 1))


def test_floats_and_zero_division_are_clear_errors():
    prog = facts("v", [(1,), (2,)])
    with pytest.raises(SqlUnsupported, match="numpy"):
        evaluate_sql(prog + [rule(S("h", Y), S("v", X), S("is", Y, S("/", X, 2)))])
    with pytest.raises(SqlUnsupported, match="numpy"):
        evaluate_sql(prog + [rule(S("h", Y), S("v", X), S("is", Y, S("sqrt", X)))])
    with pytest.raises(EvaluationError):
        evaluate_sql(prog + [rule(S("h", Y), S("v", X), S("is", Y, S("//", X, 0)))])
    with pytest.raises(StratificationError):
        evaluate_sql([rule(S("p", X), S("v", X), S("\\+", S("p", X)))] + prog)


@pytest.mark.parametrize("path, pred", IN_FRAGMENT)
def test_kb_files_agree(path, pred):
    kb = load(path)
    want = kb.materialize([pred])[pred].to_python()
    try:
        got = kb.materialize([pred], backend="duckdb")[pred].to_python()
    except SqlUnsupported as e:      # float arithmetic: said so, never a wrong answer
        assert "backend='numpy'" in str(e)
        pytest.skip(str(e))
    assert sorted(map(repr, got)) == sorted(map(repr, want))


def test_materialize_store_and_unknown_backend():
    kb = KnowledgeBase.from_string("p(X, Y) :- e(X, Y).\np(X, Z) :- e(X, Y), p(Y, Z).\n"
                                   "e(a, b). e(b, c).", output=io.StringIO())
    res = kb.materialize(store=True, backend="duckdb")
    assert res.added == 3
    assert kb.materialize(store=True, backend="duckdb").added == 0     # all stored now
    with pytest.raises(NotInFragment, match="unknown backend"):
        kb.materialize(backend="nope")


def test_missing_duckdb_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    kb = KnowledgeBase.from_string("p(X) :- e(X).\ne(a).", output=io.StringIO())
    with pytest.raises(MissingDependency, match=r"pip install 'neurosym-engine\[duckdb\]'"):
        kb.materialize(backend="duckdb")
