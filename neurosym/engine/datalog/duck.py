"""The Datalog fragment on DuckDB: the same strata and semi-naive rounds as
:mod:`.seminaive`, each rule (and each choice of its delta literal) one SQL
statement (:mod:`.sql`), the loop driven from Python.

``evaluate_sql(clauses, facts, values)`` takes what :func:`.seminaive.evaluate`
takes (facts as ``(n, arity)`` arrays of external codes) and returns the same
:class:`~.seminaive.Result`.  Relations live in DuckDB tables of ``BIGINT``
codes; per relation the stable rows (``p_s``), the last round's delta (``p_d``)
and their union (the view ``p``).  A round inserts every rule's candidates into
``p_n``; the rows not held yet become the next delta.  A component that is one
predicate with linear recursion and nothing but joins and tests runs as a
``WITH RECURSIVE`` query instead (DuckDB's own semi-naive fixpoint over a
``UNION``).

DuckDB is an optional dependency (``pip install 'neurosym[duckdb]'``); without
it :func:`connect` raises :class:`BackendMissing` naming the install command.
"""

from __future__ import annotations

import numpy as np

from ...errors import EvaluationError
from ...lang.fact_tables import DUCKDB_INSTALL, MissingDependency, need_duckdb
from ...terms import SymbolTable
from .ir import Agg, Is, Neg, Pos, compile_clauses
from .seminaive import Result, _intern_consts
from .sql import RANGE_ERROR, TYPE_ERROR, ZERO_ERROR, Names, SqlUnsupported, ncols, rule_sql
from .strata import build_graph, check_stratified, components
from .values import ValueTable

__all__ = ["evaluate_sql", "connect", "BackendMissing", "INSTALL"]

INSTALL = DUCKDB_INSTALL
BackendMissing = MissingDependency


def connect(database: str = ":memory:", threads: int | None = None):
    """A DuckDB connection (``BackendMissing`` when duckdb is not installed)."""
    duckdb = need_duckdb("backend 'duckdb'")
    con = duckdb.connect(database)
    if threads is not None:
        con.execute(f"SET threads TO {int(threads)}")
    return con


class _Db:
    """A connection with the program's relations as tables."""

    def __init__(self, con, names: Names) -> None:
        self.con, self.names = con, names

    def run(self, sql: str):
        try:
            return self.con.execute(sql)
        except Exception as e:          # duckdb's errors: map ours to Prolog's classes
            msg = str(e)
            if ZERO_ERROR in msg:
                raise EvaluationError.new("zero_divisor") from None
            if TYPE_ERROR in msg or RANGE_ERROR in msg or "Out of Range" in msg:
                raise SqlUnsupported(
                    "arithmetic on a value that is not an integer, or an integer result out of "
                    "range: the SQL backends compute integer arithmetic only; backend='numpy' "
                    "computes it") from None
            raise

    def create(self, key) -> None:
        cols = ", ".join(f"c{j} BIGINT" for j in range(ncols(key[1])))
        n = self.names
        for part in ("stable", "delta", "new"):
            self.run(f"CREATE TABLE {n.part(key, part)} ({cols})")
        self.run(f"CREATE VIEW {n.part(key, 'full')} AS SELECT * FROM {n.part(key, 'stable')} "
                 f"UNION ALL SELECT * FROM {n.part(key, 'delta')}")

    def load(self, key, rows: np.ndarray) -> None:
        rows = np.asarray(rows, np.int64).reshape(-1, key[1])
        if not len(rows):
            return
        arrays = {f"c{j}": np.ascontiguousarray(rows[:, j]) for j in range(key[1])} \
            if key[1] else {"c0": np.zeros(len(rows), np.int64)}
        self.con.register("_facts", arrays)
        try:
            self.run(f"INSERT INTO {self.names.part(key, 'new')} SELECT * FROM _facts")
        finally:
            self.con.unregister("_facts")

    def count(self, table: str) -> int:
        return int(self.run(f"SELECT count(*) FROM {table}").fetchone()[0])

    def fetch(self, key) -> np.ndarray:
        res = self.run(f"SELECT * FROM {self.names.part(key, 'full')}").fetchnumpy()
        if key[1] == 0:
            return np.zeros((len(res["c0"]), 0), np.int64)
        return np.stack([np.asarray(res[f"c{j}"], np.int64) for j in range(key[1])], axis=1) \
            .reshape(-1, key[1])


def _settle(db: _Db, keys) -> int:
    """End of a round: delta joins the stable rows, the candidates not held
    become the new delta.  Returns the number of new rows."""
    n = db.names
    grown = 0
    for k in keys:
        s, d, c = n.part(k, "stable"), n.part(k, "delta"), n.part(k, "new")
        db.run(f"INSERT INTO {s} SELECT * FROM {d}")
        db.run(f"DELETE FROM {d}")
        db.run(f"INSERT INTO {d} SELECT * FROM {c} EXCEPT SELECT * FROM {s}")
        db.run(f"DELETE FROM {c}")
        grown += db.count(d)
    return grown


def _cte_fits(comp, rules) -> bool:
    """One predicate, each rule with at most one recursive literal, no
    negation, aggregate or arithmetic (DuckDB's ``WITH RECURSIVE`` restrictions)."""
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


def _run_cte(db: _Db, key, rules, values) -> None:
    n = db.names
    base = [r for r in rules if not any(type(lit) is Pos and lit.key == key for lit in r.body)]
    rec = [r for r in rules if r not in base]
    # the recursive literal reads the CTE itself (named as the 'delta' part)
    n.override[(key, "delta")] = "rec"
    try:
        anchor = [f"SELECT * FROM {n.part(key, 'new')}"] + [rule_sql(r, n, values) for r in base]
        step = []
        for r in rec:
            i = next(i for i, lit in enumerate(r.body) if type(lit) is Pos and lit.key == key)
            step.append(rule_sql(r, n, values, {i: "delta"}))
    finally:
        del n.override[(key, "delta")]
    cols = ", ".join(f"c{j}" for j in range(ncols(key[1])))
    anchor, step = " UNION ".join(anchor), " UNION ".join(step)
    db.run(f"INSERT INTO {n.part(key, 'stable')} WITH RECURSIVE rec({cols}) AS "
           f"(SELECT DISTINCT * FROM ({anchor}) UNION SELECT * FROM ({step})) SELECT * FROM rec")
    db.run(f"DELETE FROM {n.part(key, 'new')}")


def _run_component(db: _Db, comp, rules, values, cte: bool) -> None:
    n = db.names
    comp_set = set(comp)
    mine = [r for r in rules if r.key in comp_set]
    if cte and _cte_fits(comp, mine):
        _run_cte(db, comp[0], mine, values)
        return
    rec = [(r, [i for i, lit in enumerate(r.body) if type(lit) is Pos and lit.key in comp_set])
           for r in mine]
    for r, pos in rec:
        if not pos:
            db.run(f"INSERT INTO {n.part(r.key, 'new')} {rule_sql(r, n, values)}")
    # round one: facts and the non-recursive rules' rows are all delta
    for k in comp:
        s, c = n.part(k, "stable"), n.part(k, "new")
        db.run(f"INSERT INTO {c} SELECT * FROM {s}")
        db.run(f"DELETE FROM {s}")
    grown = _settle(db, comp)
    rec = [(r, pos) for r, pos in rec if pos]
    while rec and grown:
        for r, pos in rec:
            for i in pos:
                parts = {j: "stable" for j in pos if j < i}
                parts[i] = "delta"
                db.run(f"INSERT INTO {n.part(r.key, 'new')} {rule_sql(r, n, values, parts)}")
        grown = _settle(db, comp)
    _settle(db, comp)      # the last delta joins the stable rows


def evaluate_sql(clauses, facts: dict | None = None, values: ValueTable | None = None,
                 con=None, cte: bool = True) -> Result:
    """Evaluate a Datalog program on DuckDB (see the module docstring); every
    relation comes back, facts included, as :func:`.seminaive.evaluate` gives
    it.  ``con``: a DuckDB connection to use (a fresh in-memory one by default);
    ``cte=False`` runs every component with the Python-driven rounds."""
    values = values or ValueTable(SymbolTable())
    facts = facts or {}
    prog = compile_clauses(clauses)
    _intern_consts(prog, values.symbols)
    fact_keys = set(facts) | set(prog.facts)
    graph = build_graph(prog.rules, extra_nodes=sorted(fact_keys, key=str))
    comps = components(graph)
    check_stratified(graph, comps)
    own = con is None
    con = connect() if own else con
    db = _Db(con, Names())
    try:
        for k in graph.nodes:
            db.create(k)
        for k in fact_keys:
            if k in facts:
                db.load(k, facts[k])
            if prog.facts.get(k):
                db.load(k, np.array([[values.encode(v) for v in row] for row in prog.facts[k]],
                                    np.int64).reshape(-1, k[1]))
        for comp in comps:
            _run_component(db, comp, prog.rules, values, cte)
        out = {k: db.fetch(k) for k in graph.nodes if not k[0].name.startswith("$")}
    finally:
        if own:
            con.close()
    return Result(out, values)
