"""The Datalog fragment on DuckDB: the relation store of :mod:`.sqlrun` (the
same strata and semi-naive rounds as :mod:`.seminaive`, each rule and each
choice of its delta literal one SQL statement of :mod:`.sql`, the loop driven
from Python) as DuckDB tables.

``evaluate_sql(clauses, facts, values)`` takes what :func:`.seminaive.evaluate`
takes (facts as ``(n, arity)`` arrays of external codes) and returns the same
:class:`~.seminaive.Result`.  Relations live in DuckDB tables of ``BIGINT``
codes; per relation the stable rows (``p_s``), the last round's delta (``p_d``)
and their union (the view ``p``).  A round inserts every rule's candidates into
``p_n``; the rows not held yet become the next delta.  A component that is one
predicate with linear recursion and nothing but joins and tests runs as a
``WITH RECURSIVE`` query instead (DuckDB's own semi-naive fixpoint over a
``UNION``).

DuckDB is an optional dependency (``pip install 'neurosym-engine[duckdb]'``); without
it :func:`connect` raises :class:`BackendMissing` naming the install command.
"""

from __future__ import annotations

import numpy as np

from ...lang.fact_tables import DUCKDB_INSTALL, MissingDependency, need_duckdb
from ...terms import SymbolTable
from .seminaive import Result
from .sql import DUCKDB, Names, engine_error, ncols
from .sqlrun import run_program
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
    """A connection with the program's relations as tables (the relation
    store of :mod:`.sqlrun`)."""

    dialect = DUCKDB

    def __init__(self, con, names: Names) -> None:
        self.con, self.names = con, names

    def run(self, sql: str):
        try:
            return self.con.execute(sql)
        except Exception as e:          # duckdb's errors: ours as Prolog's classes
            mapped = engine_error(e)
            if mapped is not None:
                raise mapped from None
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

    def add(self, key, select: str) -> None:
        self.run(f"INSERT INTO {self.names.part(key, 'new')} {select}")

    def begin(self, keys) -> None:
        for k in keys:
            s, c = self.names.part(k, "stable"), self.names.part(k, "new")
            self.run(f"INSERT INTO {c} SELECT * FROM {s}")
            self.run(f"DELETE FROM {s}")

    def settle(self, keys) -> int:
        n = self.names
        grown = 0
        for k in keys:
            s, d, c = n.part(k, "stable"), n.part(k, "delta"), n.part(k, "new")
            self.run(f"INSERT INTO {s} SELECT * FROM {d}")
            self.run(f"DELETE FROM {d}")
            self.run(f"INSERT INTO {d} SELECT * FROM {c} EXCEPT SELECT * FROM {s}")
            self.run(f"DELETE FROM {c}")
            grown += int(self.run(f"SELECT count(*) FROM {d}").fetchone()[0])
        return grown

    def recursive(self, key, anchor: list[str], step: list[str]) -> bool:
        n = self.names
        cols = ", ".join(f"c{j}" for j in range(ncols(key[1])))
        first = " UNION ".join([f"SELECT * FROM {n.part(key, 'new')}"] + anchor)
        self.run(f"INSERT INTO {n.part(key, 'stable')} WITH RECURSIVE rec({cols}) AS "
                 f"(SELECT DISTINCT * FROM ({first}) UNION SELECT * FROM "
                 f"({' UNION '.join(step)})) SELECT * FROM rec")
        self.run(f"DELETE FROM {n.part(key, 'new')}")
        return True

    def fetch(self, key) -> np.ndarray:
        res = self.run(f"SELECT * FROM {self.names.part(key, 'full')}").fetchnumpy()
        if key[1] == 0:
            return np.zeros((len(res["c0"]), 0), np.int64)
        return np.stack([np.asarray(res[f"c{j}"], np.int64) for j in range(key[1])], axis=1) \
            .reshape(-1, key[1])


def evaluate_sql(clauses, facts: dict | None = None, values: ValueTable | None = None,
                 con=None, cte: bool = True) -> Result:
    """Evaluate a Datalog program on DuckDB (see the module docstring); every
    relation comes back, facts included, as :func:`.seminaive.evaluate` gives
    it.  ``con``: a DuckDB connection to use (a fresh in-memory one by default);
    ``cte=False`` runs every component with the Python-driven rounds."""
    values = values or ValueTable(SymbolTable())
    own = con is None
    con = connect() if own else con
    try:
        return run_program(_Db(con, Names()), clauses, facts or {}, values, cte)
    finally:
        if own:
            con.close()
