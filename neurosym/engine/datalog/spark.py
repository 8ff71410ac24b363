"""The Datalog fragment on Apache Spark: the relation store of :mod:`.sqlrun`
as Spark DataFrames, so the plan that runs on DuckDB (:mod:`.duck`) -- the same
strata, rounds and ``SELECT`` per rule and delta literal, in Spark's
:data:`~.sql.SPARK` dialect -- runs on a Spark session: local mode by default,
a cluster when the session given points at one.

Per relation the stable rows, the last round's delta and the round's
candidates are DataFrames; the temporary views ``p{i}_s``, ``p{i}_d`` and
``p{i}`` (their union) are what the rules' SQL reads.  A round's candidates
not held yet (``subtract``) become the next delta; stable rows and delta are
checkpointed each round (``localCheckpoint``) so the plans do not grow with
the rounds.  Recursive components always run in rounds (no recursive query).
Facts go in through the driver (``createDataFrame``), and results come back
through it (``collect``): a graph too big for the driver should be read by
Spark from Parquet instead, which this module does not do yet.

PySpark is optional (``pip install 'neurosym-engine[spark]'``, and a Java runtime);
without it :func:`session` raises :class:`~neurosym.lang.fact_tables.
MissingDependency` naming the command.
"""

from __future__ import annotations

import numpy as np

from ...lang.fact_tables import MissingDependency
from ...terms import SymbolTable
from .seminaive import Result
from .sql import SPARK, Names, engine_error, ncols
from .sqlrun import run_program
from .values import ValueTable

__all__ = ["evaluate_spark", "session", "SPARK_INSTALL"]

SPARK_INSTALL = "pip install 'neurosym-engine[spark]'"


def session(master: str = "local[1]"):
    """A Spark session (``getOrCreate``: an active one is reused) with ANSI
    arithmetic (an overflow is an error, not a wrapped number)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingDependency(f"backend 'spark' needs pyspark and a Java runtime: "
                                f"{SPARK_INSTALL}") from None
    return (SparkSession.builder.master(master).appName("neurosym")
            .config("spark.sql.ansi.enabled", "true").config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.showConsoleProgress", "false").getOrCreate())


class _Store:
    dialect = SPARK

    def __init__(self, spark, names: Names) -> None:
        self.spark, self.names = spark, names
        self.stable: dict = {}
        self.delta: dict = {}
        self.new: dict = {}

    def _schema(self, key) -> str:
        return ", ".join(f"c{j} BIGINT" for j in range(ncols(key[1])))

    def _empty(self, key):
        return self.spark.createDataFrame([], self._schema(key))

    def _views(self, key) -> None:
        n = self.names
        s, d = self.stable[key], self.delta[key]
        s.createOrReplaceTempView(n.part(key, "stable"))
        d.createOrReplaceTempView(n.part(key, "delta"))
        s.unionAll(d).createOrReplaceTempView(n.part(key, "full"))

    def create(self, key) -> None:
        self.stable[key] = self._empty(key)
        self.delta[key] = self._empty(key)
        self.new[key] = []
        self._views(key)

    def load(self, key, rows: np.ndarray) -> None:
        if not len(rows):
            return
        data = rows.tolist() if key[1] else [[0]] * len(rows)
        self.new[key].append(self.spark.createDataFrame(data, self._schema(key)))

    def add(self, key, select: str) -> None:
        self.new[key].append(_run(lambda: self.spark.sql(select)))

    def begin(self, keys) -> None:
        for k in keys:
            self.new[k].append(self.stable[k])
            self.stable[k] = self._empty(k)
            self._views(k)

    def settle(self, keys) -> int:
        grown = 0
        for k in keys:
            stable = self.stable[k].unionAll(self.delta[k])
            parts = self.new[k]
            cand = parts[0] if parts else self._empty(k)
            for p in parts[1:]:
                cand = cand.unionAll(p)
            delta = _run(lambda cand=cand, stable=stable: cand.distinct().subtract(stable)
                         .localCheckpoint())
            self.stable[k] = _run(lambda stable=stable: stable.localCheckpoint())
            self.delta[k] = delta
            self.new[k] = []
            self._views(k)
            grown += _run(delta.count)
        return grown

    def recursive(self, key, anchor, step) -> bool:
        return False

    def fetch(self, key) -> np.ndarray:
        rows = _run(lambda: self.stable[key].unionAll(self.delta[key]).collect())
        if key[1] == 0:
            return np.zeros((len(rows), 0), np.int64)
        return np.array([tuple(r) for r in rows], np.int64).reshape(-1, key[1])


def _run(thunk):
    """Run a Spark call; its arithmetic errors as the DuckDB backend's."""
    try:
        return thunk()
    except Exception as e:
        mapped = engine_error(e)
        if mapped is not None:
            raise mapped from None
        raise


def evaluate_spark(clauses, facts: dict | None = None, values: ValueTable | None = None,
                   spark=None) -> Result:
    """Evaluate a Datalog program on Spark (see the module docstring); every
    relation comes back, as :func:`.duck.evaluate_sql` gives it.  ``spark``: a
    ``SparkSession`` (default: :func:`session`, local mode)."""
    values = values or ValueTable(SymbolTable())
    return run_program(_Store(spark or session(), Names()), clauses, facts or {}, values,
                       cte=False)
