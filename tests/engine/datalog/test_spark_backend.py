"""The Spark backend (``engine/datalog/spark.py``) runs the plan the DuckDB
backend runs and gives the numpy evaluator's answers: one small program with
recursion, negation, an aggregate and arithmetic, in local mode."""

import io
import shutil
import sys

import pytest
from datalog_helpers import S, facts, rule
from test_datalog_property import EDGES, FIXED, NODES

from neurosym import KnowledgeBase
from neurosym.engine.datalog import evaluate, iter_tuples
from neurosym.lang.fact_tables import MissingDependency
from neurosym.terms import Atom, SymbolTable, Var


def as_sets(res) -> dict:
    return {k: {tuple(v.name if type(v) is Atom else v for v in r) for r in iter_tuples(a, res.values)}
            for k, a in res.items()}


@pytest.mark.slow
def test_spark_local_mode_agrees_with_numpy():
    import pyspark  # noqa: F401  (the dev extra installs it)
    if shutil.which("java") is None:
        pytest.skip("pyspark needs a Java runtime")
    from neurosym.engine.datalog.spark import evaluate_spark
    X, Y, N, M = Var("X"), Var("Y"), Var("N"), Var("M")
    prog = (FIXED["negation"][0] + FIXED["dist"][0] + facts("edge", EDGES) + facts("node", NODES)
            + [rule(S("nreach", X, N), S("node", X),
                    S("aggregate_all", Atom("count"), S("path", X, Var("_")), N)),
               rule(S("far", X, Y), S("d", X, N), S("d", Y, M),
                    S(">", S("-", N, M), 1))])
    want = as_sets(evaluate(prog, {}, SymbolTable()))
    got = as_sets(evaluate_spark(prog))
    assert want[(Atom("nreach"), 2)] and want[(Atom("far"), 2)] and want[(Atom("nr"), 2)]
    assert got == want
    kb = KnowledgeBase.from_string("p(X, Y) :- e(X, Y).\np(X, Z) :- e(X, Y), p(Y, Z).\n"
                                   "e(a, b). e(b, c).", output=io.StringIO())
    assert sorted(kb.materialize(backend="spark")["p/2"].to_python()) == \
        [("a", "b"), ("a", "c"), ("b", "c")]


def test_missing_pyspark_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    kb = KnowledgeBase.from_string("p(X) :- e(X).\ne(a).", output=io.StringIO())
    with pytest.raises(MissingDependency, match=r"pip install 'neurosym-engine\[spark\]'"):
        kb.materialize(backend="spark")
