"""Running a Datalog program on a SQL engine: the strata and semi-naive rounds
of :mod:`.seminaive`, each rule (and each choice of its delta literal) one SQL
``SELECT`` (:mod:`.sql`), the loop driven from Python.  The engines plug in as
a *relation store* (:mod:`.duck` for DuckDB, :mod:`.spark` for Spark):

* ``names``, ``dialect`` -- the :class:`~.sql.Names` and :class:`~.sql.Dialect`;
* ``create(key)`` -- an empty relation (stable rows, delta, candidates);
* ``load(key, rows)`` -- add ``(n, arity)`` codes to the candidates;
* ``add(key, select)`` -- add a ``SELECT``'s rows to the candidates;
* ``begin(keys)`` -- round one: the stable rows (loaded facts) become candidates;
* ``settle(keys)`` -- end of a round: the delta joins the stable rows, the
  candidates not held yet become the next delta; returns how many;
* ``recursive(key, anchor, step)`` -- run a one-predicate component as one
  recursive query if the engine can (``anchor``, ``step``: ``SELECT`` lists,
  the step's recursive literal reading the name ``rec``), else ``False``;
* ``fetch(key)`` -- the relation's rows as an ``(n, arity)`` int64 array.
"""

from __future__ import annotations

import numpy as np

from .ir import Agg, Is, Neg, Pos, compile_clauses
from .seminaive import Result, _intern_consts
from .sql import rule_sql
from .strata import build_graph, check_stratified, components
from .values import ValueTable

__all__ = ["run_program"]


def run_program(db, clauses, facts: dict, values: ValueTable, cte: bool = True) -> Result:
    """Evaluate ``clauses`` (with ``facts``: key -> external codes) in ``db``;
    every relation comes back, facts included, as :func:`.seminaive.evaluate`
    gives it.  ``cte=False``: every component runs in Python-driven rounds."""
    prog = compile_clauses(clauses)
    _intern_consts(prog, values.symbols)
    fact_keys = set(facts) | set(prog.facts)
    graph = build_graph(prog.rules, extra_nodes=sorted(fact_keys, key=str))
    comps = components(graph)
    check_stratified(graph, comps)
    for k in graph.nodes:
        db.create(k)
    for k in fact_keys:
        if k in facts:
            db.load(k, np.asarray(facts[k], np.int64).reshape(-1, k[1]))
        if prog.facts.get(k):
            db.load(k, np.array([[values.encode(v) for v in row] for row in prog.facts[k]],
                                np.int64).reshape(-1, k[1]))
    for comp in comps:
        _run_component(db, comp, prog.rules, values, cte)
    return Result({k: db.fetch(k) for k in graph.nodes if not k[0].name.startswith("$")}, values)


def _linear(comp, rules) -> bool:
    """One predicate, each rule with at most one recursive literal, and only
    joins and tests (what a ``WITH RECURSIVE ... UNION`` query is given)."""
    if len(comp) != 1:
        return False
    key = comp[0]
    rec = 0
    for r in rules:
        n = sum(1 for lit in r.body if type(lit) is Pos and lit.key == key)
        if n > 1 or any(type(lit) in (Neg, Agg, Is) for lit in r.body):
            return False
        rec += n
    return rec >= 1


def _recursive(db, key, rules, values) -> bool:
    n = db.names
    base = [r for r in rules if not any(type(lit) is Pos and lit.key == key for lit in r.body)]
    n.override[(key, "delta")] = "rec"      # the recursive literal reads the query itself
    try:
        anchor = [rule_sql(r, n, values, dialect=db.dialect) for r in base]
        step = []
        for r in rules:
            if r not in base:
                i = next(i for i, lit in enumerate(r.body) if type(lit) is Pos and lit.key == key)
                step.append(rule_sql(r, n, values, {i: "delta"}, db.dialect))
    finally:
        del n.override[(key, "delta")]
    return db.recursive(key, anchor, step)


def _run_component(db, comp, rules, values, cte: bool) -> None:
    n = db.names
    comp_set = set(comp)
    mine = [r for r in rules if r.key in comp_set]
    if cte and _linear(comp, mine) and _recursive(db, comp[0], mine, values):
        return
    rec = [(r, [i for i, lit in enumerate(r.body) if type(lit) is Pos and lit.key in comp_set])
           for r in mine]
    for r, pos in rec:
        if not pos:
            db.add(r.key, rule_sql(r, n, values, dialect=db.dialect))
    db.begin(comp)            # round one: facts and the non-recursive rows are all delta
    grown = db.settle(comp)
    rec = [(r, pos) for r, pos in rec if pos]
    while rec and grown:
        for r, pos in rec:
            for i in pos:
                parts = {j: "stable" for j in pos if j < i}
                parts[i] = "delta"
                db.add(r.key, rule_sql(r, n, values, parts, db.dialect))
        grown = db.settle(comp)
    db.settle(comp)           # the last delta joins the stable rows
